// qCRC: a checksum of target memory, so that `compare-sections` need not read whole sections
// over the link (gdbserver answers it; without it gdb reads the memory itself).
#include <array>

#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/crc32.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

constexpr std::size_t chunk_size = 64 * 1024;

// Packet: qCRC:ADDR,LENGTH   Reply: C + the CRC (8 hex digits), or E01 when any byte of the
// range is unreadable (gdb then says "target memory fault"; the code is the protocol's).
Reply handle_crc(Context& ctx, std::string_view args) {
    auto fields = split(args, ',');
    if (fields.size() != 2) return ctx.error_reply(EINVAL, "qCRC: malformed");
    auto addr = parse_hex(fields[0]);
    auto length = parse_hex(fields[1]);
    if (!addr || !length || *length > ~std::uint64_t{0} - *addr)
        return ctx.error_reply(EINVAL, "qCRC: malformed");
    auto thread = ctx.general();
    auto pid = thread ? std::optional<int>(thread->pid) : ctx.current_pid();
    if (!pid) return ctx.error_reply(ESRCH, "qCRC: no process");
    std::uint32_t crc = crc32_seed;
    std::array<std::uint8_t, chunk_size> buffer;
    for (std::uint64_t done = 0; done < *length;) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_size, *length - done));
        auto n = ctx.target.read_memory(*pid, *addr + done, std::span(buffer).first(want));
        if (!n || *n == 0) return "E01";
        crc = crc32_update(crc, std::span(buffer).first(*n));
        done += *n;
    }
    return fmt::format("C{:08x}", crc);
}

} // namespace

HandlerFamily memory_checksum_handlers() {
    return {{{"qCRC:", handle_crc}}, {}};
}

} // namespace rsp
