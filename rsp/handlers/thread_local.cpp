// Thread-local variables: qGetTLSAddr, and the qSymbol look-up it needs. gdb cannot find a
// thread's TLS block on its own; gdbserver asks libthread_db, which reads glibc's private
// layout through symbols gdb looks up. rspd walks the layout itself (rsp/tls_address.hpp) and
// asks gdb for the one symbol it needs, _thread_db_link_map_l_tls_modid, every time gdb
// offers look-ups (qSymbol::, sent again whenever new objfiles are loaded, after exec too).
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/thread_id.hpp"
#include "rsp/tls_address.hpp"

namespace rsp {
namespace {

constexpr std::string_view modid_symbol = "_thread_db_link_map_l_tls_modid";

std::uint64_t little_endian(std::span<const std::uint8_t> bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = bytes.size(); i-- > 0;) value = value << 8 | bytes[i];
    return value;
}

// Packet: qSymbol::  (gdb offers look-ups) or qSymbol:[VALUE]:NAME (an answer), all hex.
// Reply: qSymbol:HEX(NAME) to ask for NAME, or OK: nothing (more) to look up.
Reply handle_symbol(Context& ctx, std::string_view args) {
    auto fields = split(args, ':');
    bool well_formed = fields.size() == 2 && (fields[0].empty() || parse_hex(fields[0])) &&
                       (fields[1].empty() ? fields[0].empty() : from_hex(fields[1]).has_value());
    if (!well_formed) return ctx.error_reply(EINVAL, "qSymbol: malformed");
    auto pid = ctx.current_pid();
    if (!pid || ctx.features.client_is_lldb) return "OK";
    if (fields[1].empty()) return "qSymbol:" + to_hex(modid_symbol);
    if (from_hex_text(fields[1]) != modid_symbol) return "OK";
    // An empty value: gdb does not know the symbol (yet: libc not loaded, or no debug info).
    if (fields[0].empty()) ctx.tls_modid_descriptor.erase(*pid);
    else ctx.tls_modid_descriptor[*pid] = *parse_hex(fields[0]);
    return "OK";
}

// Packet: qGetTLSAddr:THREAD-ID,OFFSET,LM (LM: the module's link_map)
// Reply: the address of the variable at OFFSET in THREAD-ID's block of that module, hex; or E.
Reply handle_tls_address(Context& ctx, std::string_view args) {
    auto fields = split(args, ',');
    if (fields.size() != 3) return ctx.error_reply(EINVAL, "qGetTLSAddr: malformed");
    auto id = parse_thread_id(fields[0]);
    auto offset = parse_hex(fields[1]);
    auto link_map = parse_hex(fields[2]);
    if (!id || !offset || !link_map) return ctx.error_reply(EINVAL, "qGetTLSAddr: malformed");
    auto thread = ctx.resolve_thread(*id);
    if (!thread) return ctx.error_reply(ESRCH, "qGetTLSAddr: no such thread");
    auto descriptor = ctx.tls_modid_descriptor.find(thread->pid);
    if (descriptor == ctx.tls_modid_descriptor.end())
        return ctx.error_reply(ENOENT, "qGetTLSAddr: gdb found no _thread_db_link_map_l_tls_modid");
    const auto* fs_base = ctx.target.description(thread->pid).by_name("fs_base");
    if (!fs_base) return ctx.error_reply(ENOSYS, "qGetTLSAddr: no thread pointer register");
    auto thread_pointer = ctx.target.read_register(*thread, fs_base->regnum);
    if (!thread_pointer) return ctx.error_reply(thread_pointer.error());
    ReadWord read_word = [&](std::uint64_t addr) -> target::Result<std::uint64_t> {
        std::uint8_t bytes[8];
        auto n = ctx.target.read_memory(thread->pid, addr, bytes);
        if (!n) return n.error();
        if (*n != sizeof bytes) return target::make_error(EFAULT, "qGetTLSAddr: short read");
        return little_endian(bytes);
    };
    auto address = tls_address({little_endian(*thread_pointer), descriptor->second, *link_map, *offset},
                               read_word);
    if (!address) return ctx.error_reply(address.error());
    return fmt::format("{:x}", *address);
}

} // namespace

HandlerFamily thread_local_handlers() {
    return {{
                {"qSymbol:", handle_symbol},
                {"qGetTLSAddr:", handle_tls_address},
            },
            {}};
}

} // namespace rsp
