// Process events a client can ask for: fork and vfork children kept under control (from
// qSupported), and syscall stops (QCatchSyscalls).
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/event_options.hpp"
#include "target/process_events.hpp"

namespace rsp {

void apply_event_options(Context& ctx) {
    if (auto* events = ctx.target.process_events())
        events->report_forks(ctx.features.fork_events, ctx.features.vfork_events);
}

std::optional<std::optional<std::vector<int>>> parse_catch_syscalls(std::string_view args) {
    if (args == "0") return std::optional<std::vector<int>>{};
    if (!args.starts_with('1')) return std::nullopt;
    args.remove_prefix(1);
    std::vector<int> numbers;
    if (!args.empty()) {
        if (!args.starts_with(';')) return std::nullopt;
        for (auto field : split(args.substr(1), ';')) {
            auto number = parse_hex(field);
            if (!number || *number > 0x7fffffff) return std::nullopt;
            numbers.push_back(static_cast<int>(*number));
        }
    }
    return std::optional<std::vector<int>>{std::move(numbers)};
}

namespace {

// Packet: QCatchSyscalls:1[;SYSNO]...  (no number: every syscall) | QCatchSyscalls:0
// Reply: OK, or E. Applies to the current process, as gdb sends it before resuming it.
Reply handle_catch_syscalls(Context& ctx, std::string_view args) {
    auto* events = ctx.target.process_events();
    if (!events) return std::string{};
    auto request = parse_catch_syscalls(args);
    if (!request) return ctx.error_reply(EINVAL, "QCatchSyscalls: malformed");
    auto pid = ctx.current_pid();
    if (!pid) return ctx.error_reply(ESRCH, "QCatchSyscalls: no process");
    auto done = events->catch_syscalls(*pid, std::move(*request));
    return done ? std::string("OK") : ctx.error_reply(done.error());
}

} // namespace

HandlerFamily process_event_handlers() {
    return {{
                {"QCatchSyscalls:", handle_catch_syscalls},
            },
            {"fork-events+", "vfork-events+", "exec-events+", "QCatchSyscalls+"}};
}

} // namespace rsp
