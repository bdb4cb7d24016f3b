// Thread ids on the wire: GDB manual, "Packets > thread-id syntax".
#include "rsp/thread_id.hpp"

#include "rsp/codec.hpp"

namespace rsp {
namespace {

// One id: hex that fits in int, or -1 ("all").
std::optional<int> parse_id(std::string_view text) {
    auto value = parse_hex_signed(text);
    if (!value) return std::nullopt;
    return static_cast<int>(*value);
}

std::string format_id(int id) {
    if (id < 0) return "-" + hex_number(static_cast<std::uint64_t>(-static_cast<std::int64_t>(id)));
    return hex_number(static_cast<std::uint64_t>(id));
}

// "pPID" or "pPID.TID", text already stripped of the 'p'.
std::optional<ThreadId> parse_multiprocess(std::string_view text) {
    std::size_t dot = text.find('.');
    auto pid = parse_id(text.substr(0, dot));
    if (!pid) return std::nullopt;
    if (dot == std::string_view::npos) return ThreadId{*pid, -1}; // pPID means all its threads
    auto tid = parse_id(text.substr(dot + 1));
    if (!tid) return std::nullopt;
    // "All processes" with one particular thread names nothing: reject it.
    if (*pid == -1 && *tid != -1) return std::nullopt;
    return ThreadId{*pid, *tid};
}

} // namespace

std::optional<ThreadId> parse_thread_id(std::string_view text) {
    if (!text.empty() && text.front() == 'p') return parse_multiprocess(text.substr(1));
    auto tid = parse_id(text);
    if (!tid) return std::nullopt;
    return ThreadId{0, *tid};
}

std::string format_thread_id(target::Ptid id, bool multiprocess) {
    if (!multiprocess) return format_id(id.tid);
    return "p" + format_id(id.pid) + "." + format_id(id.tid);
}

} // namespace rsp
