// LLDB starting a program through the stub (lldbgdbremote.md): where its streams go
// (QSetSTDIN/QSetSTDOUT/QSetSTDERR), address randomization (QSetDisableASLR), the launch
// itself (A, then qLaunchSuccess), and waiting for a program to start in order to attach to
// it (vAttachWait, vAttachOrWait, qVAttachOrWaitSupported). Each launch or attach finishes
// later, when the target has the process stopped.
#include <charconv>

#include "common/log.hpp"
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/extended_remote.hpp"
#include "rsp/stop_reply.hpp"
#include "target/capabilities.hpp"
#include "target/process_launcher.hpp"

namespace rsp {
namespace {

// QSetSTDIN/OUT/ERR:HEX-PATH   Reply: OK; the next launch opens that stream on the path.
Reply set_stream(Context& ctx, std::string_view args, std::string LaunchConfig::*path) {
    auto text = from_hex_text(args);
    if (!text || text->empty()) return ctx.error_reply(EINVAL, "QSetSTD*: bad path");
    ctx.launch.*path = *text;
    return "OK";
}

Reply handle_stdin(Context& ctx, std::string_view a) { return set_stream(ctx, a, &LaunchConfig::stdin_path); }
Reply handle_stdout(Context& ctx, std::string_view a) { return set_stream(ctx, a, &LaunchConfig::stdout_path); }
Reply handle_stderr(Context& ctx, std::string_view a) { return set_stream(ctx, a, &LaunchConfig::stderr_path); }

// Packet: QSetDisableASLR:0|1   Reply: OK (LLDB's QDisableRandomization).
Reply handle_disable_aslr(Context& ctx, std::string_view args) {
    if (args != "0" && args != "1") return ctx.error_reply(EINVAL, "QSetDisableASLR: 0 or 1");
    ctx.launch.disable_randomization = args == "1";
    return "OK";
}

std::optional<std::size_t> decimal(std::string_view text) {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// "ARGLEN,ARGNUM,HEX-ARG,..." (ARGLEN: hex digits of the argument, decimal, as is ARGNUM)
// -> argv, every index from 0 present once.
std::optional<std::vector<std::string>> parse_arguments(std::string_view args) {
    std::vector<std::optional<std::string>> argv;
    while (!args.empty()) {
        auto comma1 = args.find(',');
        auto comma2 = comma1 == std::string_view::npos ? comma1 : args.find(',', comma1 + 1);
        if (comma2 == std::string_view::npos) return std::nullopt;
        auto length = decimal(args.substr(0, comma1));
        auto index = decimal(args.substr(comma1 + 1, comma2 - comma1 - 1));
        args.remove_prefix(comma2 + 1);
        if (!length || !index || *length > args.size() || *index > 4096) return std::nullopt;
        auto text = from_hex_text(args.substr(0, *length));
        args.remove_prefix(*length);
        if (!text) return std::nullopt;
        if (args.starts_with(',')) args.remove_prefix(1);
        if (argv.size() <= *index) argv.resize(*index + 1);
        if (argv[*index]) return std::nullopt;
        argv[*index] = std::move(*text);
    }
    std::vector<std::string> out;
    for (auto& arg : argv) {
        if (!arg) return std::nullopt;
        out.push_back(std::move(*arg));
    }
    if (out.empty() || out[0].empty()) return std::nullopt;
    return out;
}

// Packet: AARGLEN,ARGNUM,HEX-ARG,...   Reply: OK once the program is stopped at its first
// instruction, or E (qLaunchSuccess then says why).
Reply handle_launch(Context& ctx, std::string_view args) {
    auto* launcher = ctx.target.launcher();
    if (!launcher) return std::string{};
    auto argv = parse_arguments(args);
    if (!argv) return ctx.error_reply(EINVAL, "A: malformed arguments");
    if (!ctx.target.processes().empty()) return ctx.error_reply(EBUSY, "A: a process is already running");
    ctx.launch.last_argv = *argv;
    ctx.awaiting = Awaiting::reply;
    launcher->launch(ctx.launch.request(std::move(*argv)), ctx.later([](Context& ctx, target::Result<int> pid) {
        if (!pid) {
            ctx.launch_error = pid.error().message;
            return ctx.finish_deferred(ctx.error_reply(pid.error()));
        }
        ctx.launch_error.reset();
        ctx.last_stop = first_stop(ctx, *pid, false);
        ctx.general_thread = ThreadId{*pid, *pid};
        ctx.finish_deferred("OK");
    }));
    return std::nullopt;
}

// Packet: qLaunchSuccess   Reply: OK, or E followed by why the last A failed (plain text).
Reply handle_launch_success(Context& ctx, std::string_view) {
    if (ctx.launch_error) return "E" + *ctx.launch_error;
    return "OK";
}

// Packet: qVAttachOrWaitSupported   Reply: OK when vAttachOrWait works here.
Reply handle_attach_or_wait_supported(Context& ctx, std::string_view) {
    return ctx.target.attach_waiting() ? "OK" : "";
}

// Packet: vAttachWait;HEX-NAME (a new process) / vAttachOrWait;HEX-NAME (a running one or a
// new one)   Reply: a stop reply once attached; E if the wait is interrupted (Ctrl-C).
Reply attach_wait(Context& ctx, std::string_view args, bool include_running) {
    auto* waiting = ctx.target.attach_waiting();
    if (!waiting) return std::string{};
    auto name = args.starts_with(';') ? from_hex_text(args.substr(1)) : std::nullopt;
    if (!name || name->empty()) return ctx.error_reply(EINVAL, "vAttachWait: bad process name");
    ctx.awaiting = Awaiting::reply;
    ctx.cancel_reply = [waiting] { waiting->cancel_attach_wait(); };
    std::string program = *name;
    waiting->attach_wait(std::move(*name), include_running, ctx.later([](Context& ctx, target::Result<int> pid) {
        ctx.cancel_reply = nullptr;
        if (!pid) return ctx.finish_deferred(ctx.error_reply(pid.error()));
        ctx.last_stop = first_stop(ctx, *pid, true);
        ctx.general_thread = ThreadId{*pid, *pid};
        ctx.finish_deferred(format_stop_reply(ctx, *ctx.last_stop));
    }));
    // From here on a program that starts is a new one (the e2e test waits for this line).
    if (ctx.awaiting == Awaiting::reply) common::log_info("Waiting for a process named {}", program);
    return std::nullopt;
}

Reply handle_attach_wait(Context& ctx, std::string_view a) { return attach_wait(ctx, a, false); }
Reply handle_attach_or_wait(Context& ctx, std::string_view a) { return attach_wait(ctx, a, true); }

} // namespace

HandlerFamily lldb_launch_handlers() {
    return {{
                {"QSetSTDIN:", handle_stdin},
                {"QSetSTDOUT:", handle_stdout},
                {"QSetSTDERR:", handle_stderr},
                {"QSetDisableASLR:", handle_disable_aslr},
                {"A", handle_launch},
                {"qLaunchSuccess", handle_launch_success, true},
                {"qVAttachOrWaitSupported", handle_attach_or_wait_supported, true},
                {"vAttachWait", handle_attach_wait},
                {"vAttachOrWait", handle_attach_or_wait},
            },
            {}};
}

} // namespace rsp
