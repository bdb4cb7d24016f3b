#include "target/linux/hostio_policy.hpp"

#include <algorithm>
#include <charconv>

#include "target/linux/proc_maps.hpp"

namespace target::linux {
namespace {

// glibc's makedev for Linux: the encoding st_dev uses.
std::uint64_t encode_dev(std::uint64_t major, std::uint64_t minor) {
    return ((major & 0x00000fffULL) << 8) | ((major & 0xfffff000ULL) << 32) |
           (minor & 0x000000ffULL) | ((minor & 0xffffff00ULL) << 12);
}

} // namespace

// File-backed mappings only: anonymous and [special] ones (no '/' path) are nobody's file.
std::vector<MappedFile> parse_maps(std::string_view maps) {
    std::vector<MappedFile> out;
    while (!maps.empty()) {
        std::size_t eol = maps.find('\n');
        std::string_view line = maps.substr(0, eol);
        maps.remove_prefix(eol == std::string_view::npos ? maps.size() : eol + 1);
        auto entry = parse_maps_line(line);
        if (!entry || entry->inode == 0 || !entry->region.name.starts_with('/')) continue;
        out.push_back({{encode_dev(entry->dev_major, entry->dev_minor), entry->inode},
                       std::move(entry->region.name)});
    }
    return out;
}

bool is_inferior_proc_link(std::string_view path, const std::vector<int>& pids) {
    constexpr std::string_view prefix = "/proc/";
    if (!path.starts_with(prefix)) return false;
    path.remove_prefix(prefix.size());
    int pid = 0;
    auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), pid);
    if (ec != std::errc{} || end == path.data()) return false;
    std::string_view link = path.substr(static_cast<std::size_t>(end - path.data()));
    bool known_link = link == "/exe" || link == "/cwd" || link == "/root";
    return known_link && std::find(pids.begin(), pids.end(), pid) != pids.end();
}

bool path_is_under(std::string_view path, std::string_view dir) {
    while (dir.size() > 1 && dir.ends_with('/')) dir.remove_suffix(1);
    if (dir == "/") return path.starts_with('/');
    if (!path.starts_with(dir)) return false;
    return path.size() == dir.size() || path[dir.size()] == '/';
}

bool ReadPolicy::allows(FileIdentity id, std::string_view path) const {
    for (const auto& f : files_)
        if (f.id == id || f.path == path) return true;
    for (const auto& dir : trees_)
        if (path_is_under(path, dir)) return true;
    return false;
}

} // namespace target::linux
