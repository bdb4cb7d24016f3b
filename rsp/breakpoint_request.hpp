#pragma once
// Z and z packets parsed (GDB manual, "Packets", Z0-Z4):
//   Ztype,addr,kind[;cond_list...][;cmds:persist,cmd_list...]
// where each condition or command is "Xlen,bytes": len bytes of agent-expression bytecode
// in hex. gdb 13 sends ";X13,2600...27" and ";cmds:1,X20,2500...27"; several conditions (or
// commands) follow one another, with or without a ';' between them.
#include <optional>
#include <string_view>

#include "target/types.hpp"

namespace rsp {

struct BreakpointRequest {
    target::BreakpointType type;
    std::uint64_t addr;
    int kind;
    target::BreakpointActions actions;
};

std::optional<BreakpointRequest> parse_breakpoint_request(std::string_view args);

} // namespace rsp
