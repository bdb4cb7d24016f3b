#pragma once
// LLDB's additions to stop replies (lldbgdbremote.md, "Stop reply packet extensions"): the
// thread's name, why it stopped in words (reason:breakpoint rather than a bare SIGTRAP), every
// thread and its PC at once, and the same facts as JSON for jThreadsInfo and jstopinfo, so
// that LLDB needs no packet per thread at each stop.
#include <string>
#include <string_view>
#include <vector>

#include "rsp/context.hpp"

namespace rsp {

// "breakpoint", "trace", "signal", "watchpoint", "exec", or "" when there is nothing to say.
std::string_view lldb_reason(const target::StopEvent& event);

// name:, threads:, thread-pcs:, jstopinfo:, reason: and description: for a T reply.
void append_lldb_stop_keys(std::string& out, const Context& ctx, const target::StopEvent& event);

// The registers a stop reply to LLDB carries: the general-purpose ones, PC, SP and FP.
std::vector<const arch::Register*> lldb_expedited_registers(const arch::Description& desc);

// One JSON object per thread (jThreadsInfo, jstopinfo): tid, name, PC, SP and FP, and for
// the thread that stopped its reason and signal.
std::string threads_json(const Context& ctx, const std::vector<target::ThreadInfo>& threads);

// The stop event of thread: the last stop's when it is that thread, else "stopped, signal 0".
target::StopEvent stop_event_of(const Context& ctx, target::Ptid thread);

} // namespace rsp
