// The inferior's address space as LLDB asks about it: qMemoryRegionInfo (what is mapped at an
// address, with which permissions, from which file) and qFileLoadAddress (where a file is
// mapped). Both from the target's memory map (/proc/PID/maps on Linux).
#include <algorithm>

#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "target/capabilities.hpp"

namespace rsp {
namespace {

using Regions = std::vector<target::MemoryRegion>;

target::Result<Regions> memory_map(Context& ctx) {
    auto* maps = ctx.target.memory_maps();
    auto pid = ctx.current_pid();
    if (!maps) return target::make_error(ENOSYS, "no memory map");
    if (!pid) return target::make_error(ESRCH, "no process");
    return maps->memory_map(*pid);
}

std::string permissions(const target::MemoryRegion& r) {
    std::string out;
    if (r.readable) out += 'r';
    if (r.writable) out += 'w';
    if (r.executable) out += 'x';
    return out;
}

std::string describe_region(const target::MemoryRegion& r) {
    std::string out = fmt::format("start:{:x};size:{:x};", r.start, r.end - r.start);
    // No permissions key at all means "not accessible" to LLDB (guard pages, ---p).
    if (auto perms = permissions(r); !perms.empty()) out += fmt::format("permissions:{};", perms);
    if (!r.name.empty()) out += fmt::format("name:{};", to_hex(r.name));
    return out;
}

// An unmapped address: the hole from it up to the next mapping (or the end of the address
// space), with no permissions, which is what LLDB expects for a jump through a bad pointer.
std::string describe_hole(std::uint64_t addr, const Regions& regions) {
    auto next = std::find_if(regions.begin(), regions.end(),
                             [&](const auto& r) { return r.start > addr; });
    std::uint64_t size = next != regions.end() ? next->start - addr : 0 - addr;
    if (size == 0) size = ~std::uint64_t{0}; // address 0 of an empty map: everything
    return fmt::format("start:{:x};size:{:x};", addr, size);
}

// Packet: qMemoryRegionInfo:ADDR   Reply: start:HEX;size:HEX;[permissions:rwx;][name:HEX;]
Reply handle_region_info(Context& ctx, std::string_view args) {
    if (!ctx.target.memory_maps()) return std::string{};
    auto addr = parse_hex(args.starts_with(':') ? args.substr(1) : args);
    if (!addr) return ctx.error_reply(EINVAL, "qMemoryRegionInfo: bad address");
    auto regions = memory_map(ctx);
    if (!regions) return ctx.error_reply(regions.error());
    for (const auto& r : *regions)
        if (*addr >= r.start && *addr < r.end) return describe_region(r);
    return describe_hole(*addr, *regions);
}

// Packet: qFileLoadAddress:HEX-PATH   Reply: the lowest address the file is mapped at (hex),
// E01 when it is not mapped.
Reply handle_file_load_address(Context& ctx, std::string_view args) {
    if (!ctx.target.memory_maps()) return std::string{};
    auto path = from_hex_text(args);
    if (!path || path->empty()) return ctx.error_reply(EINVAL, "qFileLoadAddress: bad path");
    auto regions = memory_map(ctx);
    if (!regions) return ctx.error_reply(regions.error());
    for (const auto& r : *regions) // sorted: the first match is the lowest
        if (r.name == *path) return hex_number(r.start);
    return "E01";
}

} // namespace

HandlerFamily memory_region_handlers() {
    return {{
                {"qMemoryRegionInfo", handle_region_info},
                {"qFileLoadAddress:", handle_file_load_address},
            },
            {}};
}

} // namespace rsp
