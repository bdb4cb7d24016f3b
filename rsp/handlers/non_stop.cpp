// Non-stop mode and thread events: QNonStop, vStopped, QThreadEvents (GDB manual, "Remote
// Non-Stop" and "Notification Packets").
#include "rsp/dispatcher.hpp"
#include "rsp/stop_reply.hpp"

namespace rsp {
namespace {

// Packet: QNonStop:1 / QNonStop:0   Reply: OK or E.
// Leaving non-stop stops every thread; queued notifications are dropped with the mode (gdb
// probes the state again with '?').
Reply handle_non_stop(Context& ctx, std::string_view args) {
    if (args != "0" && args != "1") return ctx.error_reply(EINVAL, "QNonStop: expected 0 or 1");
    bool on = args == "1";
    if (auto done = ctx.target.set_non_stop(on); !done) return ctx.error_reply(done.error());
    ctx.non_stop = on;
    ctx.stops.clear();
    return "OK";
}

// Packet: vStopped   Reply: the next queued stop reply, or OK when none is left.
// The event acknowledged is the one the client saw last (notification or previous reply).
Reply handle_stopped(Context& ctx, std::string_view) {
    if (auto next = ctx.stops.acknowledge()) return format_stop_reply(ctx, *next);
    // The last process's exit does not end the session here: gdb closes a `target remote`
    // connection itself once it has seen the exit, and keeps an extended-remote one.
    return "OK";
}

// Packet: QThreadEvents:1 / QThreadEvents:0   Reply: OK.
// On: new threads report a "create" stop and wait; exits are reported as "w" replies.
Reply handle_thread_events(Context& ctx, std::string_view args) {
    if (args != "0" && args != "1") return ctx.error_reply(EINVAL, "QThreadEvents: expected 0 or 1");
    ctx.target.set_thread_events(args == "1");
    return "OK";
}

} // namespace

HandlerFamily non_stop_handlers() {
    return {{
                {"QNonStop:", handle_non_stop},
                {"vStopped", handle_stopped, true},
                {"QThreadEvents:", handle_thread_events},
            },
            {"QNonStop+", "QThreadEvents+", "no-resumed+"}};
}

} // namespace rsp
