#pragma once
// Non-stop mode at the protocol level (GDB manual, "Remote Non-Stop"): what '?' and resumes
// mean when every thread runs and stops on its own.
#include <string>
#include <vector>

#include "rsp/context.hpp"

namespace rsp {

// '?' in non-stop: abandons any vStopped sequence and starts a new one that reports every
// stopped thread; returns the first stop reply, or "OK" when nothing is stopped.
std::string report_stopped_threads(Context& ctx);

// A thread whose stop is queued or sent but not acknowledged still runs for the client: a
// resume must not move it (the protocol says to ignore resumes of running threads), and a
// stop request is already answered by the queued stop. Returns plan without such threads.
std::vector<target::ThreadResume> without_unacknowledged(const Context& ctx,
                                                         std::vector<target::ThreadResume> plan);

} // namespace rsp
