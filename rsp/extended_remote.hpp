#pragma once
// Parsers of the extended-remote packets (rsp/handlers/extended.cpp), unit-tested, and the
// first stop of a process a client starts or attaches to (also LLDB's A and vAttachWait).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rsp/context.hpp"

namespace rsp {

// vRun's arguments ";HEX(PROG)[;HEX(ARG)]..." -> {PROG, ARG...}; PROG may be empty.
std::optional<std::vector<std::string>> parse_vrun(std::string_view args);

// What '?' reports for a process that just came under control: SIGTRAP for a launch (as
// after its exec), and for an attach too, except to LLDB: it passes a SIGSTOP it is told
// about on to the program (which then runs on), and its batch mode takes a SIGTRAP at that
// point for a crash; no signal at all is what it takes quietly.
target::StopEvent first_stop(const Context& ctx, int pid, bool attached);

} // namespace rsp
