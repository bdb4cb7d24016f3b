#pragma once
// Which files a confined vFile client may read (rspd's default; --hostio=full lifts it):
//   - files an inferior maps (/proc/PID/maps) or executes (/proc/PID/exe), matched by device
//     and inode (or by their path, for filesystems whose maps show other numbers),
//   - separate debug files under /usr/lib/debug,
//   - an inferior's own /proc/PID entries (gdb reads /proc/PID/task/TID/maps),
//   - anything under a --hostio-root directory.
// The decision is taken on the file actually opened (its identity and canonical path), so
// symlinks and ".." cannot lead elsewhere. Pure: the caller gathers the facts from /proc.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace target::linux {

struct FileIdentity {
    std::uint64_t dev = 0; // st_dev as the kernel encodes it (makedev(major, minor))
    std::uint64_t ino = 0;
    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

struct MappedFile {
    FileIdentity id;
    std::string path;
};

// The file-backed mappings of a /proc/PID/maps text; anonymous and [special] ones skipped.
std::vector<MappedFile> parse_maps(std::string_view maps);

// Whether path is a link gdb's `info proc` reads with vFile:readlink (/proc/PID/exe, cwd or
// root) of one of pids: what those processes run and where, which their debugger may know.
bool is_inferior_proc_link(std::string_view path, const std::vector<int>& pids);

// path is dir itself or inside it ("/a/b" is under "/a", "/ab" is not).
bool path_is_under(std::string_view path, std::string_view dir);

class ReadPolicy {
  public:
    void allow_file(MappedFile file) { files_.push_back(std::move(file)); }
    void allow_tree(std::string dir) { trees_.push_back(std::move(dir)); }

    // Whether the regular file with this identity and canonical path may be read.
    bool allows(FileIdentity id, std::string_view path) const;

  private:
    std::vector<MappedFile> files_;
    std::vector<std::string> trees_;
};

} // namespace target::linux
