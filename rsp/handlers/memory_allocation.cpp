// LLDB's _M and _m: memory allocated in the inferior, where its expression evaluator writes
// the code it compiles and the data that code uses. The target runs mmap/munmap in the
// stopped thread, so the reply comes later.
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "target/capabilities.hpp"

namespace rsp {
namespace {

std::optional<target::Permissions> parse_permissions(std::string_view text) {
    target::Permissions p;
    for (char c : text) {
        if (c == 'r') p.read = true;
        else if (c == 'w') p.write = true;
        else if (c == 'x') p.execute = true;
        else return std::nullopt;
    }
    return p;
}

// Packet: _MSIZE,PERMISSIONS (PERMISSIONS: some of "rwx")   Reply: the address (hex), or E.
Reply handle_allocate(Context& ctx, std::string_view args) {
    auto* allocation = ctx.target.memory_allocation();
    if (!allocation) return std::string{};
    auto fields = split(args, ',');
    auto size = fields.size() == 2 ? parse_hex(fields[0]) : std::nullopt;
    auto permissions = fields.size() == 2 ? parse_permissions(fields[1]) : std::nullopt;
    if (!size || *size == 0 || !permissions) return ctx.error_reply(EINVAL, "_M: malformed");
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "_M: no thread");
    ctx.awaiting = Awaiting::reply;
    allocation->allocate(*thread, *size, *permissions,
                         ctx.later([](Context& ctx, target::Result<std::uint64_t> addr) {
                             ctx.finish_deferred(addr ? hex_number(*addr) : ctx.error_reply(addr.error()));
                         }));
    return std::nullopt;
}

// Packet: _mADDR   Reply: OK, or E (not an address _M gave).
Reply handle_deallocate(Context& ctx, std::string_view args) {
    auto* allocation = ctx.target.memory_allocation();
    if (!allocation) return std::string{};
    auto addr = parse_hex(args);
    if (!addr) return ctx.error_reply(EINVAL, "_m: malformed");
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "_m: no thread");
    ctx.awaiting = Awaiting::reply;
    allocation->deallocate(*thread, *addr, ctx.later([](Context& ctx, target::Result<void> done) {
        ctx.finish_deferred(done ? "OK" : ctx.error_reply(done.error()));
    }));
    return std::nullopt;
}

} // namespace

HandlerFamily memory_allocation_handlers() {
    return {{
                {"_M", handle_allocate},
                {"_m", handle_deallocate},
            },
            {}};
}

} // namespace rsp
