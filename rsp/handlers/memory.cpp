// Memory access: m (hex read), x (binary read), M (hex write), X (binary write).
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

// The most a read may return: the hex reply must fit in one packet.
constexpr std::size_t max_read = (max_packet_size - 16) / 2;

std::optional<int> memory_pid(const Context& ctx) {
    auto thread = ctx.general();
    if (thread) return thread->pid;
    return ctx.current_pid();
}

// Packet: mADDR,LENGTH   Reply: hex bytes (possibly fewer than asked), or E if none readable.
Reply handle_read(Context& ctx, std::string_view args) {
    auto request = parse_addr_length(args);
    if (!request) return ctx.error_reply(EINVAL, "m: malformed");
    auto pid = memory_pid(ctx);
    if (!pid) return ctx.error_reply(ESRCH, "m: no process");
    std::vector<std::uint8_t> buffer(std::min<std::uint64_t>(request->length, max_read));
    if (buffer.empty()) return std::string{};
    auto got = ctx.target.read_memory(*pid, request->addr, buffer);
    if (!got) return ctx.error_reply(got.error());
    buffer.resize(*got);
    return to_hex(buffer);
}

// Packet: xADDR,LENGTH   Reply: the bytes binary-escaped, possibly fewer than asked, or E.
// Two dialects share the name: LLDB's (no prefix; "x0,0" is its probe, answered OK) and gdb
// 16's ('b' before the data), which gdb uses only after we both agreed on binary-upload+.
Reply handle_read_binary(Context& ctx, std::string_view args) {
    auto request = parse_addr_length(args);
    if (!request) return ctx.error_reply(EINVAL, "x: malformed");
    bool gdb = ctx.features.binary_upload;
    if (request->length == 0) return gdb ? "b" : "OK";
    auto pid = memory_pid(ctx);
    if (!pid) return ctx.error_reply(ESRCH, "x: no process");
    std::vector<std::uint8_t> buffer(std::min<std::uint64_t>(request->length, max_packet_size));
    auto got = ctx.target.read_memory(*pid, request->addr, buffer);
    if (!got) return ctx.error_reply(got.error());
    // Escaping for the wire may grow the data: send what still fits one packet (a shorter
    // reply is fine, the client asks for the rest).
    auto fits = escaped_fit(std::span(buffer).first(*got), max_packet_size - 16);
    std::string reply = gdb ? "b" : "";
    reply.append(reinterpret_cast<const char*>(buffer.data()), fits);
    return reply;
}

Reply write(Context& ctx, std::uint64_t addr, std::span<const std::uint8_t> data) {
    auto pid = memory_pid(ctx);
    if (!pid) return ctx.error_reply(ESRCH, "write memory: no process");
    if (data.empty()) return "OK";
    auto done = ctx.target.write_memory(*pid, addr, data);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

// Splits "ADDR,LENGTH:DATA" into the header and the data.
std::optional<std::pair<AddrLength, std::string_view>> parse_write(std::string_view args) {
    auto colon = args.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto header = parse_addr_length(args.substr(0, colon));
    if (!header) return std::nullopt;
    return std::pair{*header, args.substr(colon + 1)};
}

// Packet: MADDR,LENGTH:HEX   Reply: OK or E.
Reply handle_write_hex(Context& ctx, std::string_view args) {
    auto parsed = parse_write(args);
    if (!parsed) return ctx.error_reply(EINVAL, "M: malformed");
    auto data = from_hex(parsed->second);
    if (!data || data->size() != parsed->first.length)
        return ctx.error_reply(EINVAL, "M: length does not match the data");
    return write(ctx, parsed->first.addr, *data);
}

// Packet: XADDR,LENGTH:BINARY   Reply: OK or E. X with length 0 is gdb's probe for X.
Reply handle_write_binary(Context& ctx, std::string_view args) {
    auto parsed = parse_write(args);
    if (!parsed) return ctx.error_reply(EINVAL, "X: malformed");
    auto data = unescape_binary(parsed->second);
    if (!data || data->size() != parsed->first.length)
        return ctx.error_reply(EINVAL, "X: length does not match the data");
    return write(ctx, parsed->first.addr, *data);
}

} // namespace

HandlerFamily memory_handlers() {
    return {{
        {"m", handle_read},
        {"x", handle_read_binary},
        {"M", handle_write_hex},
        {"X", handle_write_binary},
    }, {"binary-upload+"}};
}

} // namespace rsp
