// Extended-remote: the client starts, attaches to and restarts programs itself
// (`target extended-remote`, gdbserver --multi). Launches and attaches finish later, on the
// target's schedule: the handler defers its reply (Awaiting::reply) and the completion sends it.
#include <csignal>

#include "common/log.hpp"
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/extended_remote.hpp"
#include "rsp/stop_reply.hpp"
#include "target/process_launcher.hpp"

namespace rsp {

std::optional<std::vector<std::string>> parse_vrun(std::string_view args) {
    if (!args.starts_with(';')) return std::nullopt;
    std::vector<std::string> argv;
    for (auto field : split(args.substr(1), ';')) {
        auto text = from_hex_text(field);
        if (!text) return std::nullopt;
        argv.push_back(std::move(*text));
    }
    return argv;
}

target::StopEvent first_stop(const Context& ctx, int pid, bool attached) {
    target::StopEvent ev;
    ev.thread = {pid, pid};
    ev.signal = attached && ctx.features.lldb_stop_keys() ? 0 : SIGTRAP;
    return ev;
}

namespace {

// Starts argv; with `reply`, the stop reply (or the error) answers the client's packet.
void start_program(Context& ctx, target::ProcessLauncher& launcher, std::vector<std::string> argv,
                   bool reply) {
    ctx.launch.last_argv = argv;
    ctx.awaiting = Awaiting::reply;
    auto done = [life = ctx.lifetime(), program = argv.front(), reply](target::Result<int> pid) {
        auto alive = life.lock();
        if (!alive) return;
        Context& ctx = **alive;
        if (!pid) {
            common::log_info("{}", pid.error().message);
            return ctx.finish_deferred(reply ? ctx.error_reply(pid.error()) : Reply{});
        }
        common::log_info("Process {} created; pid = {}", program, *pid);
        ctx.last_stop = first_stop(ctx, *pid, false);
        ctx.general_thread = ThreadId{*pid, *pid}; // as after any stop reply (report_stop)
        ctx.finish_deferred(reply ? format_stop_reply(ctx, *ctx.last_stop) : Reply{});
    };
    launcher.launch(ctx.launch.request(std::move(argv)), std::move(done));
}

// Packet: !   Reply: OK. Extended mode: the session outlives the processes it debugs.
Reply handle_extended(Context& ctx, std::string_view) {
    ctx.extended = true;
    return "OK";
}

// Packet: vRun;HEX(PROG)[;HEX(ARG)]...   Reply: later, the stop reply at the new program's
// first instruction, or E (missing or not executable program). An empty PROG means the
// program run last (GDB manual, "vRun").
Reply handle_vrun(Context& ctx, std::string_view args) {
    auto* launcher = ctx.target.launcher();
    if (!launcher) return std::string{};
    auto argv = parse_vrun(args);
    if (!argv) return ctx.error_reply(EINVAL, "vRun: malformed");
    if (argv->front().empty()) {
        if (ctx.launch.last_argv.empty()) return ctx.error_reply(ENOENT, "vRun: no program to run");
        argv->front() = ctx.launch.last_argv.front();
    }
    start_program(ctx, *launcher, std::move(*argv), true);
    return std::nullopt;
}

// Packet: vAttach;PID   Reply: later, a stop reply for PID once all its threads are stopped,
// or E.
Reply handle_vattach(Context& ctx, std::string_view args) {
    auto* launcher = ctx.target.launcher();
    if (!launcher) return std::string{};
    auto pid = args.starts_with(';') ? parse_hex(args.substr(1)) : std::nullopt;
    if (!pid || *pid == 0 || *pid > 0x7fffffff) return ctx.error_reply(EINVAL, "vAttach: bad pid");
    ctx.awaiting = Awaiting::reply;
    int id = static_cast<int>(*pid);
    launcher->attach(id, [life = ctx.lifetime(), id](target::Result<void> done) {
        auto alive = life.lock();
        if (!alive) return;
        Context& ctx = **alive;
        if (!done) {
            common::log_info("{}", done.error().message);
            return ctx.finish_deferred(ctx.error_reply(done.error()));
        }
        common::log_info("Attached; pid = {}", id);
        ctx.last_stop = first_stop(ctx, id, true);
        ctx.general_thread = ThreadId{id, id}; // as after any stop reply (report_stop)
        ctx.finish_deferred(format_stop_reply(ctx, *ctx.last_stop));
    });
    return std::nullopt;
}

// Packet: R XX (XX ignored)   Reply: none. Extended mode only: kills what runs and starts
// the last program again; gdb uses it only without vRun, then asks '?' (held until the
// launch is done). Refused with E otherwise, not silently: the client waits for nothing.
Reply handle_restart(Context& ctx, std::string_view args) {
    auto* launcher = ctx.target.launcher();
    if (!launcher) return std::string{};
    if (args.size() != 2 || !parse_hex(args)) return ctx.error_reply(EINVAL, "R: malformed");
    if (!ctx.extended) return ctx.error_reply(EPERM, "R: only in extended-remote mode");
    if (ctx.launch.last_argv.empty()) return ctx.error_reply(ENOENT, "R: no program to restart");
    for (int pid : ctx.target.processes()) (void)ctx.target.kill(pid);
    start_program(ctx, *launcher, ctx.launch.last_argv, false);
    return std::nullopt;
}

} // namespace

HandlerFamily extended_handlers() {
    return {{
                {"!", handle_extended, true},
                {"vRun", handle_vrun},
                {"vAttach", handle_vattach},
                {"R", handle_restart},
            },
            {}};
}

} // namespace rsp
