// libFuzzer target for the Z/z packet parser with conditions and commands
// (rsp/breakpoint_request.cpp). Checks, for arbitrary packet text after "Z":
//  - parsing never crashes and never reads past the text;
//  - every parsed expression is non-empty and no longer than the packet could carry;
//  - a request re-encoded the way gdb writes it parses back to the same request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fuzz_support.hpp"
#include "rsp/breakpoint_request.hpp"
#include "rsp/codec.hpp"

namespace {

using fuzz::check;

std::string encode(const rsp::BreakpointRequest& r) {
    std::string out = fmt::format("{:x},{:x},{:x}", static_cast<int>(r.type), r.addr, r.kind);
    auto list = [&out](const auto& exprs) {
        for (const auto& e : exprs) out += fmt::format("X{:x},{}", e.size(), rsp::to_hex(e));
    };
    if (!r.actions.conditions.empty()) {
        out += ';';
        list(r.actions.conditions);
    }
    if (!r.actions.commands.empty()) {
        out += fmt::format(";cmds:{:x},", r.actions.persist ? 1 : 0);
        list(r.actions.commands);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto request = rsp::parse_breakpoint_request(text);
    if (!request) return 0;
    for (const auto* list : {&request->actions.conditions, &request->actions.commands})
        for (const auto& e : *list) check(!e.empty() && e.size() * 2 <= size);
    auto again = rsp::parse_breakpoint_request(encode(*request));
    check(again.has_value());
    check(again->type == request->type && again->addr == request->addr && again->kind == request->kind);
    check(again->actions.conditions == request->actions.conditions);
    check(again->actions.commands == request->actions.commands);
    // persist only means something with commands.
    check(request->actions.commands.empty() || again->actions.persist == request->actions.persist);
    return 0;
}
