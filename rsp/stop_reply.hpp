#pragma once
// Stop replies (GDB manual, "Stop Reply Packets"):
//   T AA n:r;... thread:ID; core:N; reason   a thread stopped with signal AA (reason "create:"
//                                            for a new thread, with QThreadEvents)
//   W AA[;process:PID]                      process exited with status AA
//   X AA[;process:PID]                      process terminated by signal AA
//   w AA;ID                                  thread ID exited with status AA (QThreadEvents)
//   N                                        no resumed thread left
// Registers expedited in T replies (PC, SP, FP) save gdb a `g` per stop.
#include <string>

#include "rsp/context.hpp"

namespace rsp {

std::string format_stop_reply(const Context& ctx, const target::StopEvent& event);

} // namespace rsp
