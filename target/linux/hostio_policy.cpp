#include "target/linux/hostio_policy.hpp"

#include <charconv>

namespace target::linux {
namespace {

std::string_view next_field(std::string_view& line) {
    std::size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) return line = {}, std::string_view{};
    line.remove_prefix(start);
    std::size_t end = line.find(' ');
    std::string_view field = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    return field;
}

bool parse_hex_field(std::string_view text, std::uint64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
    return ec == std::errc{} && end == text.data() + text.size();
}

// glibc's makedev for Linux: the encoding st_dev uses.
std::uint64_t encode_dev(std::uint64_t major, std::uint64_t minor) {
    return ((major & 0x00000fffULL) << 8) | ((major & 0xfffff000ULL) << 32) |
           (minor & 0x000000ffULL) | ((minor & 0xffffff00ULL) << 12);
}

} // namespace

// Each line: "start-end perms offset major:minor inode   path" (proc(5)).
std::vector<MappedFile> parse_maps(std::string_view maps) {
    std::vector<MappedFile> out;
    while (!maps.empty()) {
        std::size_t eol = maps.find('\n');
        std::string_view line = maps.substr(0, eol);
        maps.remove_prefix(eol == std::string_view::npos ? maps.size() : eol + 1);
        next_field(line); // range
        next_field(line); // perms
        next_field(line); // offset
        std::string_view dev = next_field(line);
        std::string_view inode = next_field(line);
        std::size_t path_start = line.find_first_not_of(' ');
        if (path_start == std::string_view::npos) continue; // anonymous
        std::string_view path = line.substr(path_start);
        if (!path.starts_with('/')) continue; // [heap], [stack], [vdso]...
        std::size_t colon = dev.find(':');
        std::uint64_t major = 0, minor = 0, ino = 0;
        if (colon == std::string_view::npos || !parse_hex_field(dev.substr(0, colon), major) ||
            !parse_hex_field(dev.substr(colon + 1), minor))
            continue;
        auto [end, ec] = std::from_chars(inode.data(), inode.data() + inode.size(), ino);
        if (ec != std::errc{} || ino == 0) continue;
        out.push_back({{encode_dev(major, minor), ino}, std::string(path)});
    }
    return out;
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
