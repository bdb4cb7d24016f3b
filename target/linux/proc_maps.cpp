#include "target/linux/proc_maps.hpp"

#include <charconv>

#include <fmt/format.h>

#include "target/linux/procfs.hpp"

namespace target::linux {
namespace {

// The next space-separated field of text (consumed), or "" at the end.
std::string_view next_field(std::string_view& text) {
    auto start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) {
        text = {};
        return {};
    }
    auto end = text.find(' ', start);
    auto field = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    return field;
}

template <class T> std::optional<T> number(std::string_view text, int base) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// "Uid:\t1000\t1000\t1000\t1000" -> the first two numbers.
std::optional<std::pair<unsigned, unsigned>> two_ids(std::string_view text) {
    std::string spaced(text);
    for (char& c : spaced)
        if (c == '\t') c = ' ';
    std::string_view rest = spaced;
    auto real = number<unsigned>(next_field(rest), 10);
    auto effective = number<unsigned>(next_field(rest), 10);
    if (!real || !effective) return std::nullopt;
    return std::pair{*real, *effective};
}

} // namespace

std::optional<MapsLine> parse_maps_line(std::string_view line) {
    std::string_view rest = line;
    auto range = next_field(rest);
    auto perms = next_field(rest);
    auto offset = next_field(rest);
    auto device = next_field(rest);
    auto inode = next_field(rest);
    auto dash = range.find('-');
    auto colon = device.find(':');
    if (dash == std::string_view::npos || perms.size() < 3 || colon == std::string_view::npos)
        return std::nullopt;
    auto start = number<std::uint64_t>(range.substr(0, dash), 16);
    auto end = number<std::uint64_t>(range.substr(dash + 1), 16);
    auto file_offset = number<std::uint64_t>(offset, 16);
    auto major = number<std::uint64_t>(device.substr(0, colon), 16);
    auto minor = number<std::uint64_t>(device.substr(colon + 1), 16);
    auto ino = number<std::uint64_t>(inode, 10);
    if (!start || !end || !file_offset || !major || !minor || !ino || *end < *start)
        return std::nullopt;
    MapsLine out;
    MemoryRegion& r = out.region;
    r.start = *start;
    r.end = *end;
    r.readable = perms[0] == 'r';
    r.writable = perms[1] == 'w';
    r.executable = perms[2] == 'x';
    r.file_offset = *file_offset;
    auto path_start = rest.find_first_not_of(' ');
    if (path_start != std::string_view::npos) r.name = std::string(rest.substr(path_start));
    out.dev_major = *major;
    out.dev_minor = *minor;
    out.inode = *ino;
    return out;
}

Result<std::vector<MemoryRegion>> parse_memory_map(std::string_view text) {
    std::vector<MemoryRegion> regions;
    while (!text.empty()) {
        auto newline = text.find('\n');
        auto line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        if (line.empty()) continue;
        auto parsed = parse_maps_line(line);
        if (!parsed) return make_error(EINVAL, fmt::format("malformed maps line: {}", line));
        regions.push_back(std::move(parsed->region));
    }
    return regions;
}

Result<std::vector<MemoryRegion>> read_memory_map(int pid) {
    auto text = read_proc_file(pid, "maps");
    if (!text) return text.error();
    return parse_memory_map(*text);
}

Result<ProcessInfo> parse_status(int pid, std::string_view text) {
    ProcessInfo info;
    info.pid = pid;
    bool have_uid = false, have_gid = false;
    while (!text.empty()) {
        auto newline = text.find('\n');
        auto line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        auto key = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        if (key == "PPid") {
            auto start = value.find_first_not_of(" \t");
            auto ppid = start == std::string_view::npos ? std::nullopt
                                                        : number<int>(value.substr(start), 10);
            if (ppid) info.parent_pid = *ppid;
        } else if (key == "Uid" || key == "Gid") {
            auto ids = two_ids(value);
            if (!ids) continue;
            auto& [real, effective] = *ids;
            if (key == "Uid") {
                info.real_uid = real, info.effective_uid = effective, have_uid = true;
            } else {
                info.real_gid = real, info.effective_gid = effective, have_gid = true;
            }
        }
    }
    if (!have_uid || !have_gid) return make_error(EINVAL, "status without Uid/Gid lines");
    return info;
}

Result<ProcessInfo> read_process_info(int pid) {
    auto text = read_proc_file(pid, "status");
    if (!text) return text.error();
    return parse_status(pid, *text);
}

} // namespace target::linux
