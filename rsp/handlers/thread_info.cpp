// LLDB's per-stop thread queries: jThreadsInfo (every thread's stop reason and the registers
// to unwind it from, in one JSON reply) and qThreadStopInfo (one thread's stop, as a stop
// reply).
#include "rsp/dispatcher.hpp"
#include "rsp/lldb_stop_info.hpp"
#include "rsp/stop_reply.hpp"

namespace rsp {
namespace {

// Packet: jThreadsInfo   Reply: [{"tid":N,"name":"...","reason":"...","signal":N,
// "registers":{"16":"HEX","7":"HEX","6":"HEX"}},...] (the framer binary-escapes its braces).
Reply handle_threads_info(Context& ctx, std::string_view) {
    auto pid = ctx.current_pid();
    if (!pid) return ctx.error_reply(ESRCH, "jThreadsInfo: no process");
    return threads_json(ctx, ctx.target.threads(*pid));
}

// Packet: qThreadStopInfoTID (hex)   Reply: a stop reply for that thread: the last stop if it
// is the thread that stopped, otherwise T00 (stopped because the others did).
Reply handle_thread_stop_info(Context& ctx, std::string_view args) {
    auto id = parse_thread_id(args);
    if (!id || id->tid <= 0) return ctx.error_reply(EINVAL, "qThreadStopInfo: bad thread id");
    auto thread = ctx.resolve_thread(*id);
    if (!thread) return ctx.error_reply(ESRCH, "qThreadStopInfo: no such thread");
    return format_stop_reply(ctx, stop_event_of(ctx, *thread));
}

} // namespace

HandlerFamily thread_info_handlers() {
    return {{
                {"jThreadsInfo", handle_threads_info, true},
                {"qThreadStopInfo", handle_thread_stop_info},
            },
            {}};
}

} // namespace rsp
