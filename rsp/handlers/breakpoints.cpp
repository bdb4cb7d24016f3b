// Breakpoints and watchpoints: Ztype,addr,kind[;cond...] inserts, ztype,addr,kind removes.
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

struct BreakpointRequest {
    target::BreakpointType type;
    std::uint64_t addr;
    int kind;
};

// "TYPE,ADDR,KIND" with optional ";..." conditions after KIND (ignored until the agent
// expression evaluator exists; gdb then evaluates conditions itself).
std::optional<BreakpointRequest> parse_request(std::string_view args) {
    args = args.substr(0, args.find(';'));
    auto fields = split(args, ',');
    if (fields.size() != 3) return std::nullopt;
    auto type = parse_hex(fields[0]);
    auto addr = parse_hex(fields[1]);
    auto kind = parse_hex(fields[2]);
    if (!type || !addr || !kind || *type > 4 || *kind > 0xffff) return std::nullopt;
    return BreakpointRequest{static_cast<target::BreakpointType>(*type), *addr,
                             static_cast<int>(*kind)};
}

Reply apply(Context& ctx, std::string_view args, bool insert) {
    auto request = parse_request(args);
    if (!request) return ctx.error_reply(EINVAL, "Z/z: malformed");
    auto pid = ctx.current_pid();
    if (!pid) return ctx.error_reply(ESRCH, "Z/z: no process");
    auto& t = ctx.target;
    auto done = insert ? t.insert_breakpoint(*pid, request->type, request->addr, request->kind)
                       : t.remove_breakpoint(*pid, request->type, request->addr, request->kind);
    if (!done && done.error().code == ENOSYS) return std::string{}; // unsupported type
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

// Packet: Ztype,addr,kind   Reply: OK, E, or empty (this type is not supported).
Reply handle_insert(Context& ctx, std::string_view args) { return apply(ctx, args, true); }
// Packet: ztype,addr,kind   Reply: OK, E, or empty.
Reply handle_remove(Context& ctx, std::string_view args) { return apply(ctx, args, false); }

} // namespace

HandlerFamily breakpoint_handlers() {
    return {{
        {"Z", handle_insert},
        {"z", handle_remove},
    }, {}};
}

} // namespace rsp
