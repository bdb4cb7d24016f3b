#include "rsp/non_stop.hpp"

#include "rsp/stop_reply.hpp"

namespace rsp {

std::string report_stopped_threads(Context& ctx) {
    std::vector<target::StopEvent> events;
    for (int pid : ctx.target.processes())
        for (target::Ptid id : ctx.target.thread_ids(pid)) {
            if (!ctx.target.thread_stopped(id)) continue;
            // Its last reported stop; a thread stopped without one (attached, say) with signal 0.
            auto known = ctx.thread_stops.find({id.pid, id.tid});
            if (known != ctx.thread_stops.end()) {
                events.push_back(known->second);
            } else {
                target::StopEvent stopped;
                stopped.thread = id;
                events.push_back(std::move(stopped));
            }
        }
    auto first = ctx.stops.restart(std::move(events));
    return first ? format_stop_reply(ctx, *first) : "OK";
}

std::vector<target::ThreadResume> actions_that_apply(const Context& ctx,
                                                     std::vector<target::ThreadResume> plan) {
    std::erase_if(plan, [&](const target::ThreadResume& r) {
        if (ctx.stops.holds(r.thread)) return true;
        bool stopped = ctx.target.thread_stopped(r.thread);
        return r.kind == target::ResumeKind::stop ? stopped : !stopped;
    });
    return plan;
}

} // namespace rsp
