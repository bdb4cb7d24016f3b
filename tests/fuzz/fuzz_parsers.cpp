// libFuzzer target for the pure packet-field parsers (rsp/codec, thread ids, vCont). The
// first byte picks the parser, the rest is its text. Beyond "no crash, no UB", each parser
// is checked against what it claims: a parsed value prints back as the text it came from
// (modulo case and leading zeros), escaping round-trips, and a rejected text really is
// malformed. Handler-level parsing (Z/z, H, p/P, qXfer) is fuzz_packet's job.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "rsp/codec.hpp"
#include "rsp/resume_request.hpp"
#include "rsp/thread_id.hpp"

namespace {

using fuzz::check;

bool all_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Lower case without leading zeros, as hex_number prints: "00aB" -> "ab", "000" -> "0".
std::string canonical_hex(std::string_view text) {
    auto first = text.find_first_not_of('0');
    return lower(first == std::string_view::npos ? "0" : text.substr(first));
}

void hex_number(std::string_view text) {
    auto value = rsp::parse_hex(text);
    bool well_formed = !text.empty() && all_hex(text) && canonical_hex(text).size() <= 16;
    check(value.has_value() == well_formed);
    if (value) check(rsp::hex_number(*value) == canonical_hex(text));
}

void signed_hex_number(std::string_view text) {
    auto value = rsp::parse_hex_signed(text);
    if (!value) return;
    check(*value == -1 ? text == "-1" : *value >= 0 && *value <= INT_MAX);
    if (*value >= 0) check(rsp::hex_number(static_cast<std::uint64_t>(*value)) == canonical_hex(text));
}

void hex_bytes(std::string_view text) {
    auto bytes = rsp::from_hex(text);
    check(bytes.has_value() == (text.size() % 2 == 0 && all_hex(text)));
    if (bytes) check(rsp::to_hex(*bytes) == lower(text));
}

// Binary data as a client sends it (X, vFile:pwrite): $ # } * as '}' byte^0x20. (rspd's own
// replies are escaped by Framer::encode.)
std::string escaped_binary(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (std::uint8_t byte : bytes) {
        if (byte == '$' || byte == '#' || byte == '}' || byte == '*') {
            out += '}';
            byte ^= 0x20;
        }
        out += static_cast<char>(byte);
    }
    return out;
}

void binary(std::string_view text) {
    // Any bytes escape and unescape to themselves...
    std::span<const std::uint8_t> raw(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    std::string escaped = escaped_binary(raw);
    auto back = rsp::unescape_binary(escaped);
    check(back && std::equal(back->begin(), back->end(), raw.begin(), raw.end()));
    // ...and unescaping the text as received fails only on a trailing lone '}'.
    auto bytes = rsp::unescape_binary(text);
    if (!bytes) check(!text.empty() && text.back() == '}');
}

void fields(std::string_view text) {
    auto parts = rsp::split(text, ',');
    check(parts.size() == static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1);
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? "," : "") + std::string(parts[i]);
    check(joined == text);
}

void addr_length(std::string_view text) {
    auto parsed = rsp::parse_addr_length(text);
    auto parts = rsp::split(text, ',');
    bool well_formed = parts.size() == 2 && rsp::parse_hex(parts[0]) && rsp::parse_hex(parts[1]);
    check(parsed.has_value() == well_formed);
    if (parsed) check(parsed->addr == *rsp::parse_hex(parts[0]) && parsed->length == *rsp::parse_hex(parts[1]));
}

void thread_id(std::string_view text) {
    auto id = rsp::parse_thread_id(text);
    if (!id) return;
    check(id->pid >= -1 && id->tid >= -1);
    bool multiprocess = text.starts_with('p');
    if (!multiprocess) check(id->pid == 0);
    if (id->pid == -1) check(id->tid == -1); // "all processes, one thread" names nothing
    if (id->tid <= 0 || (multiprocess && id->pid <= 0)) return;
    auto again = rsp::parse_thread_id(rsp::format_thread_id({id->pid, id->tid}, multiprocess));
    check(again && *again == *id);
}

void vcont(std::string_view text) {
    auto actions = rsp::parse_vcont(text);
    if (!actions) return;
    check(!actions->empty() && text.starts_with(';'));
    for (const auto& a : *actions) {
        check(a.gdb_signal >= 0 && a.gdb_signal <= 0xff);
        check(a.range_start <= a.range_end);
    }
}

using Parser = void (*)(std::string_view);
constexpr Parser parsers[] = {hex_number, signed_hex_number, hex_bytes, binary, fields, addr_length, thread_id, vcont};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    parsers[data[0] % std::size(parsers)](text);
    return 0;
}
