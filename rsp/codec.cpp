// Hex, binary-escape and field helpers for packet handlers. Strict: any malformed input is
// nullopt, so a handler never acts on a half-parsed value.
#include "rsp/codec.hpp"

#include <climits>

namespace rsp {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_hex_byte(std::string& out, std::uint8_t byte) {
    out += hex_digits[byte >> 4];
    out += hex_digits[byte & 0xf];
}

bool needs_binary_escape(std::uint8_t byte) {
    return byte == '$' || byte == '#' || byte == '}' || byte == '*';
}

} // namespace

std::optional<std::uint64_t> parse_hex(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        int digit = hex_value(c);
        if (digit < 0) return std::nullopt;
        if (value >> 60 != 0) return std::nullopt; // a 17th significant digit
        value = value << 4 | static_cast<std::uint64_t>(digit);
    }
    return value;
}

std::optional<std::int64_t> parse_hex_signed(std::string_view text) {
    // Only -1 ("all") is negative on the wire; thread ids are otherwise plain hex.
    if (text == "-1") return -1;
    auto value = parse_hex(text);
    if (!value || *value > static_cast<std::uint64_t>(INT_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(*value);
}

void append_hex(std::string& out, std::span<const std::uint8_t> bytes) {
    // Sized once and written through a pointer: this encodes every memory reply.
    std::size_t start = out.size();
    out.resize(start + bytes.size() * 2);
    char* dst = out.data() + start;
    for (std::uint8_t byte : bytes) {
        *dst++ = hex_digits[byte >> 4];
        *dst++ = hex_digits[byte & 0xf];
    }
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    std::string out;
    append_hex(out, bytes);
    return out;
}

std::string to_hex(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (char c : text)
        append_hex_byte(out, static_cast<std::uint8_t>(c));
    return out;
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int high = hex_value(hex[i]);
        int low = hex_value(hex[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        bytes.push_back(static_cast<std::uint8_t>(high << 4 | low));
    }
    return bytes;
}

std::optional<std::string> from_hex_text(std::string_view hex) {
    auto bytes = from_hex(hex);
    if (!bytes) return std::nullopt;
    return std::string(bytes->begin(), bytes->end());
}

std::string hex_number(std::uint64_t value) {
    if (value == 0) return "0";
    std::string out;
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned digit = static_cast<unsigned>(value >> shift) & 0xf;
        if (digit == 0 && out.empty()) continue;
        out += hex_digits[digit];
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> unescape_binary(std::string_view data) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        auto byte = static_cast<std::uint8_t>(data[i]);
        if (byte == '}') {
            if (++i == data.size()) return std::nullopt;
            byte = static_cast<std::uint8_t>(data[i]) ^ 0x20;
        }
        bytes.push_back(byte);
    }
    return bytes;
}

std::size_t escaped_fit(std::span<const std::uint8_t> bytes, std::size_t max_wire) {
    std::size_t wire = 0, taken = 0;
    for (std::uint8_t byte : bytes) {
        wire += needs_binary_escape(byte) ? 2 : 1;
        if (wire > max_wire) break;
        ++taken;
    }
    return taken;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = text.find(sep, start);
        if (end == std::string_view::npos) {
            fields.push_back(text.substr(start));
            return fields;
        }
        fields.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

std::optional<AddrLength> parse_addr_length(std::string_view text) {
    std::size_t comma = text.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto addr = parse_hex(text.substr(0, comma));
    auto length = parse_hex(text.substr(comma + 1)); // a second comma fails as non-hex
    if (!addr || !length) return std::nullopt;
    return AddrLength{*addr, *length};
}

} // namespace rsp
