#pragma once
// Small encoders and decoders shared by the packet handlers. All strict: malformed input
// gives nullopt, never an exception or a silently truncated value.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rsp {

// Unsigned hex number, upper or lower case, nothing else (no sign, no "0x"); leading zeros
// are allowed, a value over 64 bits is overflow. "" / non-hex / overflow -> nullopt.
std::optional<std::uint64_t> parse_hex(std::string_view text);
// Signed form for thread ids: "-1" -> -1 (the only negative accepted), otherwise as
// parse_hex but must fit in int.
std::optional<std::int64_t> parse_hex_signed(std::string_view text);

// bytes -> lower-case hex, appended to out.
void append_hex(std::string& out, std::span<const std::uint8_t> bytes);
std::string to_hex(std::span<const std::uint8_t> bytes);
std::string to_hex(std::string_view text); // text as hex bytes (qRcmd output, names)
// Even number of hex digits -> bytes; otherwise nullopt.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex);
std::optional<std::string> from_hex_text(std::string_view hex);
// Number as hex without leading zeros ("0" for zero).
std::string hex_number(std::uint64_t value);

// Binary data in packets (X, vFile:pwrite): '}' followed by byte^0x20. A trailing lone '}'
// -> nullopt.
std::optional<std::vector<std::uint8_t>> unescape_binary(std::string_view data);
// How many leading bytes of data still fit in max_wire bytes once escaped ($ # } * as '}'
// byte^0x20), as Framer::encode escapes every reply (a reply that must fit one packet: x).
// Handlers put raw bytes in their replies (qXfer, x, vFile:pread): the framer escapes them.
std::size_t escaped_fit(std::span<const std::uint8_t> bytes, std::size_t max_wire);

// Splits "a,b,c" on a separator (no trimming). "" -> one empty field.
std::vector<std::string_view> split(std::string_view text, char sep);

// "ADDR,LENGTH" (m, M, X, qXfer offsets, ...). Both hex.
struct AddrLength {
    std::uint64_t addr;
    std::uint64_t length;
};
std::optional<AddrLength> parse_addr_length(std::string_view text);

} // namespace rsp
