// Run control: resume (vCont, c, C, s, S), the last stop (?), kill and detach.
#include <algorithm>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/non_stop.hpp"
#include "rsp/resume_request.hpp"
#include "rsp/stop_reply.hpp"

namespace rsp {
namespace {

// Non-stop: OK at once; each thread's stop comes later as a notification.
Reply resume_non_stop(Context& ctx, const std::vector<ResumeAction>& actions) {
    auto plan = actions_that_apply(ctx, expand_actions(ctx, actions));
    if (plan.empty()) return "OK"; // every thread named is as asked already
    auto done = ctx.target.resume(plan);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

Reply resume(Context& ctx, const std::vector<ResumeAction>& actions) {
    if (ctx.non_stop) return resume_non_stop(ctx, actions);
    auto plan = expand_actions(ctx, actions);
    // All-stop: a resume that moves no thread (only vCont;t actions, or none that names a
    // live thread) would leave the client waiting for a stop that cannot come.
    bool moves = std::any_of(plan.begin(), plan.end(),
                             [](const auto& r) { return r.kind != target::ResumeKind::stop; });
    if (!moves) return ctx.error_reply(ESRCH, "resume: no thread to resume");
    auto done = ctx.target.resume(plan);
    if (!done) return ctx.error_reply(done.error());
    ctx.awaiting = Awaiting::stop;
    return std::nullopt; // the stop reply comes when something stops
}

// Packet: vCont?   Reply: the actions we support.
// r: range stepping (the target steps on while the PC stays inside the range).
Reply handle_vcont_query(Context&, std::string_view) { return "vCont;c;C;s;S;t;r"; }

// Packet: vCont;action[:thread-id]...   Reply: a stop reply, later.
Reply handle_vcont(Context& ctx, std::string_view args) {
    auto actions = parse_vcont(args);
    if (!actions) return ctx.error_reply(EINVAL, "vCont: malformed");
    return resume(ctx, *actions);
}

// Legacy c/C/s/S: the Hc thread (or the current one) steps or continues; on continue every
// other thread runs too, on step the others stay stopped.
Reply legacy_resume(Context& ctx, std::string_view args, target::ResumeKind kind, bool has_signal) {
    ResumeAction action;
    action.kind = kind;
    if (has_signal) {
        auto fields = split(args, ';');
        auto sig = parse_hex(fields[0]);
        if (!sig || *sig > 0xff || fields.size() > 2) return ctx.error_reply(EINVAL, "C/S: malformed");
        action.gdb_signal = static_cast<int>(*sig);
        args = fields.size() == 2 ? fields[1] : std::string_view{};
    }
    if (!args.empty()) return ctx.error_reply(EINVAL, "resume at an address is not supported");
    auto thread = ctx.resolve_thread(ctx.continue_thread);
    if (!thread) return ctx.error_reply(ESRCH, "resume: no thread");
    action.thread = ThreadId{thread->pid, thread->tid};
    std::vector<ResumeAction> actions{action};
    if (kind == target::ResumeKind::cont) actions.push_back(ResumeAction{}); // every other thread
    return resume(ctx, actions);
}

Reply handle_c(Context& ctx, std::string_view args) { return legacy_resume(ctx, args, target::ResumeKind::cont, false); }
Reply handle_C(Context& ctx, std::string_view args) { return legacy_resume(ctx, args, target::ResumeKind::cont, true); }
Reply handle_s(Context& ctx, std::string_view args) { return legacy_resume(ctx, args, target::ResumeKind::step, false); }
Reply handle_S(Context& ctx, std::string_view args) { return legacy_resume(ctx, args, target::ResumeKind::step, true); }

// Packet: ?   Reply: the last stop, as a stop reply.
// Non-stop: the first of the stops of every stopped thread, the others through vStopped.
Reply handle_last_stop(Context& ctx, std::string_view) {
    if (ctx.non_stop) return report_stopped_threads(ctx);
    if (ctx.last_stop) return format_stop_reply(ctx, *ctx.last_stop);
    return "W00"; // nothing under control
}

// Packet: k   Reply: none to gdb, the exit stop reply to LLDB; the session ends when the
// process is gone.
Reply handle_kill(Context& ctx, std::string_view) {
    auto pids = ctx.target.processes();
    for (int pid : pids) (void)ctx.target.kill(pid);
    if (pids.empty()) {
        ctx.close_requested = true;
        return std::nullopt;
    }
    ctx.awaiting = Awaiting::kill_quiet;
    return std::nullopt;
}

// Packet: vKill;pid   Reply: OK once the process is gone.
Reply handle_vkill(Context& ctx, std::string_view args) {
    auto pid = parse_hex(args.substr(args.starts_with(';') ? 1 : 0));
    if (!pid || *pid > 0x7fffffff) return ctx.error_reply(EINVAL, "vKill: bad pid");
    auto done = ctx.target.kill(static_cast<int>(*pid));
    if (!done) return ctx.error_reply(done.error());
    ctx.awaiting = Awaiting::kill_ack;
    return std::nullopt;
}

// Packet: D or D;pid   Reply: OK; the process keeps running without us.
Reply handle_detach(Context& ctx, std::string_view args) {
    std::optional<int> pid = ctx.current_pid();
    if (args.starts_with(';')) {
        auto parsed = parse_hex(args.substr(1));
        if (!parsed || *parsed > 0x7fffffff) return ctx.error_reply(EINVAL, "D: bad pid");
        pid = static_cast<int>(*parsed);
    } else if (!args.empty()) {
        return ctx.error_reply(EINVAL, "D: malformed");
    }
    if (!pid) return ctx.error_reply(ESRCH, "D: no process");
    auto done = ctx.target.detach(*pid);
    if (!done) return ctx.error_reply(done.error());
    ctx.stops.drop_process(*pid); // no stop of a thread we let go may be reported
    if (ctx.target.processes().empty() && !ctx.extended) ctx.close_requested = true;
    return "OK";
}

// Packet: vCtrlC   Reply: OK; the stop itself is reported as usual.
// Non-stop: one running thread stops with SIGINT, the others run on.
Reply handle_ctrl_c(Context& ctx, std::string_view) {
    if (ctx.awaiting == Awaiting::stop || ctx.non_stop) ctx.target.interrupt();
    return "OK";
}

} // namespace

HandlerFamily run_control_handlers() {
    return {{
        {"vCont?", handle_vcont_query, true},
        {"vCont", handle_vcont},
        {"c", handle_c},
        {"C", handle_C},
        {"s", handle_s},
        {"S", handle_S},
        {"?", handle_last_stop, true},
        {"k", handle_kill, true},
        {"vKill", handle_vkill},
        {"D", handle_detach},
        {"vCtrlC", handle_ctrl_c, true},
    }, {"vContSupported+", "swbreak+"}};
}

} // namespace rsp
