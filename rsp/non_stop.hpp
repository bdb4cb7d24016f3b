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

// The entries of plan the protocol lets take effect: resumes of threads the client knows
// stopped, stops of threads it believes running ("the server must ignore c... for threads
// that are already running, and t for threads already stopped"). A thread whose stop is
// queued or sent but not acknowledged still runs for the client, and its stop is on its way:
// neither a resume nor a stop applies to it.
std::vector<target::ThreadResume> actions_that_apply(const Context& ctx,
                                                     std::vector<target::ThreadResume> plan);

} // namespace rsp
