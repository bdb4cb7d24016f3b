#include "rsp/host_io_codec.hpp"

#include <algorithm>
#include <cerrno>
#include <limits>

namespace rsp {
namespace {

// "Open Flags"
constexpr std::uint64_t gdb_wronly = 0x1, gdb_rdwr = 0x2, gdb_append = 0x8, gdb_creat = 0x200,
                        gdb_trunc = 0x400, gdb_excl = 0x800;
constexpr std::uint64_t gdb_flags = gdb_wronly | gdb_rdwr | gdb_append | gdb_creat | gdb_trunc | gdb_excl;
// LLDB's File.h: eOpenOptionNonBlocking, DontFollowSymlinks, CloseOnExec.
constexpr std::uint64_t lldb_nonblock = 1u << 28, lldb_nofollow = 1u << 29, lldb_cloexec = 1u << 30;

// "mode_t Values"
constexpr std::uint32_t file_type_mask = 0170000, regular = 0100000, directory = 0040000;

template <class T> void put_be(std::uint8_t*& out, T value) {
    for (int shift = (sizeof(T) - 1) * 8; shift >= 0; shift -= 8)
        *out++ = static_cast<std::uint8_t>(value >> shift);
}

// Fields the protocol keeps in 32 bits: clamped, not wrapped, when the host's are wider.
std::uint32_t narrow(std::uint64_t value) {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(value, std::numeric_limits<std::uint32_t>::max()));
}
std::uint32_t narrow_time(std::int64_t value) {
    return value < 0 ? 0 : narrow(static_cast<std::uint64_t>(value));
}

} // namespace

std::optional<target::OpenFlags> parse_open_flags(std::uint64_t flags, bool lldb) {
    std::uint64_t known = gdb_flags | (lldb ? lldb_nonblock | lldb_nofollow | lldb_cloexec : 0);
    if (flags & ~known) return std::nullopt;
    if ((flags & gdb_wronly) && (flags & gdb_rdwr)) return std::nullopt;
    target::OpenFlags out;
    using Access = target::OpenFlags::Access;
    out.access = flags & gdb_rdwr ? Access::read_write : flags & gdb_wronly ? Access::write : Access::read;
    out.append = flags & gdb_append;
    out.create = flags & gdb_creat;
    out.truncate = flags & gdb_trunc;
    out.exclusive = flags & gdb_excl;
    out.nonblocking = flags & lldb_nonblock;
    out.no_follow = flags & lldb_nofollow;
    out.close_on_exec = flags & lldb_cloexec;
    return out;
}

int protocol_errno(int host_errno) {
    switch (host_errno) {
    case EPERM: return 1;
    case ENOENT: return 2;
    case EINTR: return 4;
    case EBADF: return 9;
    case EACCES: return 13;
    case EFAULT: return 14;
    case EBUSY: return 16;
    case EEXIST: return 17;
    case ENODEV: return 19;
    case ENOTDIR: return 20;
    case EISDIR: return 21;
    case EINVAL: return 22;
    case ENFILE: return 23;
    case EMFILE: return 24;
    case EFBIG: return 27;
    case ENOSPC: return 28;
    case ESPIPE: return 29;
    case EROFS: return 30;
    case ENAMETOOLONG: return 91;
    default: return 9999;
    }
}

std::uint32_t protocol_mode(std::uint64_t host_mode) {
    std::uint32_t type = static_cast<std::uint32_t>(host_mode) & file_type_mask;
    std::uint32_t out = static_cast<std::uint32_t>(host_mode) & 0777;
    if (type == regular || type == directory) out |= type;
    return out;
}

std::array<std::uint8_t, 64> pack_stat(const target::FileStat& st) {
    std::array<std::uint8_t, 64> bytes{};
    std::uint8_t* out = bytes.data();
    put_be(out, narrow(st.dev));
    put_be(out, narrow(st.ino));
    put_be(out, protocol_mode(st.mode));
    put_be(out, narrow(st.nlink));
    put_be(out, narrow(st.uid));
    put_be(out, narrow(st.gid));
    put_be(out, narrow(st.rdev));
    put_be(out, st.size);
    put_be(out, st.blksize);
    put_be(out, st.blocks);
    put_be(out, narrow_time(st.atime));
    put_be(out, narrow_time(st.mtime));
    put_be(out, narrow_time(st.ctime));
    return bytes;
}

} // namespace rsp
