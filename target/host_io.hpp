#pragma once
// Optional capability: file access on the machine rspd runs on, for the client's vFile
// packets (gdb's `sysroot target:` reads the program and its libraries this way). A target
// offers it through Target::host_io(); nullptr means the client has no file access.
// Descriptors are the target's own small numbers, not the host's.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "target/result.hpp"

namespace target {

// How to open a file; the protocol layer translates the client's numbers into this.
struct OpenFlags {
    enum class Access { read, write, read_write } access = Access::read;
    bool create = false, truncate = false, append = false, exclusive = false;
    bool nonblocking = false, no_follow = false, close_on_exec = false; // LLDB's extras
    bool writes() const { return access != Access::read || create || truncate || append; }
};

// What fstat tells; the protocol layer narrows it to the client's struct. mode holds the
// POSIX st_mode bits: file type (0170000) and permissions.
struct FileStat {
    std::uint64_t dev = 0, ino = 0, mode = 0, nlink = 0, uid = 0, gid = 0, rdev = 0;
    std::uint64_t size = 0, blksize = 0, blocks = 0;
    std::int64_t atime = 0, mtime = 0, ctime = 0;
};

class HostIo {
  public:
    virtual ~HostIo() = default;
    // mode: permissions for a created file. Errors carry host errno values; EACCES for what
    // the policy refuses.
    virtual Result<int> open(std::string_view path, OpenFlags flags, unsigned mode) = 0;
    virtual Result<void> close(int fd) = 0;
    virtual Result<std::size_t> pread(int fd, std::span<std::uint8_t> out, std::uint64_t offset) = 0;
    virtual Result<std::size_t> pwrite(int fd, std::span<const std::uint8_t> data,
                                       std::uint64_t offset) = 0;
    virtual Result<FileStat> fstat(int fd) = 0;
    // A path's metadata, under the same policy as opening it for reading.
    virtual Result<FileStat> stat(std::string_view path) = 0;
    virtual Result<void> unlink(std::string_view path) = 0;
    virtual Result<std::string> readlink(std::string_view path) = 0;
    // The MD5 digest of a file's contents (LLDB's vFile:MD5), read under the open policy.
    virtual Result<std::array<std::uint8_t, 16>> md5(std::string_view path) = 0;
    // Later paths name files in the mount namespace of pid; 0: rspd's own.
    virtual Result<void> set_filesystem(int pid) = 0;
    // The client is gone: close what it left open, back to rspd's own filesystem.
    virtual void reset() = 0;
};

} // namespace target
