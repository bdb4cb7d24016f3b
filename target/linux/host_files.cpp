#include "target/linux/host_files.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/log.hpp"
#include "target/linux/md5.hpp"
#include "target/linux/procfs.hpp"

namespace target::linux {
namespace {

constexpr std::size_t max_open_files = 256;

Result<std::string> link_target(const std::string& link, int dirfd = AT_FDCWD) {
    std::string target(PATH_MAX, '\0');
    ssize_t n = ::readlinkat(dirfd, link.c_str(), target.data(), target.size());
    if (n < 0) return errno_error(errno, fmt::format("readlink {}", link));
    target.resize(static_cast<std::size_t>(n));
    return target;
}

std::string fd_path(int fd) {
    return fmt::format("/proc/self/fd/{}", fd);
}

FileStat to_file_stat(const struct stat& st) {
    FileStat out;
    out.dev = st.st_dev;
    out.ino = st.st_ino;
    out.mode = st.st_mode;
    out.nlink = st.st_nlink;
    out.uid = st.st_uid;
    out.gid = st.st_gid;
    out.rdev = st.st_rdev;
    out.size = static_cast<std::uint64_t>(st.st_size);
    out.blksize = static_cast<std::uint64_t>(st.st_blksize);
    out.blocks = static_cast<std::uint64_t>(st.st_blocks);
    out.atime = st.st_atime;
    out.mtime = st.st_mtime;
    out.ctime = st.st_ctime;
    return out;
}

int open_flags(const OpenFlags& flags) {
    int out = O_CLOEXEC | O_NOCTTY;
    switch (flags.access) {
    case OpenFlags::Access::read: out |= O_RDONLY; break;
    case OpenFlags::Access::write: out |= O_WRONLY; break;
    case OpenFlags::Access::read_write: out |= O_RDWR; break;
    }
    if (flags.create) out |= O_CREAT;
    if (flags.truncate) out |= O_TRUNC;
    if (flags.append) out |= O_APPEND;
    if (flags.exclusive) out |= O_EXCL;
    if (flags.no_follow) out |= O_NOFOLLOW;
    return out;
}

// open, or openat2 inside root (symlinks and ".." resolved as that process sees them).
int open_in(int root, std::string_view path, int flags, unsigned mode) {
    std::string p(path);
    if (root < 0) return ::open(p.c_str(), flags, mode);
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.mode = flags & O_CREAT ? mode : 0; // openat2 refuses a mode without O_CREAT
    how.resolve = RESOLVE_IN_ROOT;
    return static_cast<int>(::syscall(SYS_openat2, root, p.c_str(), &how, sizeof how));
}

Error no_descriptor(int fd) {
    return make_error(EBADF, fmt::format("no vFile descriptor {}", fd));
}

// pread / pwrite: call(host fd, offset) on the client's descriptor, retried when interrupted.
template <class Call>
Result<std::size_t> at_offset(UniqueFd* file, int fd, std::uint64_t offset, const char* what,
                              Call call) {
    if (!file) return no_descriptor(fd);
    if (offset > static_cast<std::uint64_t>(LLONG_MAX)) return make_error(EINVAL, "offset too large");
    ssize_t n;
    while ((n = call(file->get(), static_cast<off_t>(offset))) < 0 && errno == EINTR) {
    }
    if (n < 0) return errno_error(errno, what);
    return static_cast<std::size_t>(n);
}

bool same_file(const char* a, const char* b) {
    struct stat sa {}, sb {};
    return ::stat(a, &sa) == 0 && ::stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

// pid sees the filesystem as we do: same mount namespace, same root.
bool shares_our_filesystem(int pid) {
    auto theirs = link_target(fmt::format("/proc/{}/ns/mnt", pid));
    auto ours = link_target("/proc/self/ns/mnt");
    return theirs && ours && *theirs == *ours &&
           same_file(fmt::format("/proc/{}/root", pid).c_str(), "/");
}

} // namespace

HostFiles::HostFiles(HostIoPolicy policy, std::function<std::vector<int>()> inferiors)
    : policy_(std::move(policy)), inferiors_(std::move(inferiors)) {
    // Compared with the canonical paths of opened files: canonical too.
    for (auto& root : policy_.roots) {
        char resolved[PATH_MAX];
        if (::realpath(root.c_str(), resolved)) root = resolved;
        else common::log_info("rspd: --hostio-root {}: {}", root, std::strerror(errno));
    }
}

Error HostFiles::refuse(std::string_view what, std::string_view path, std::string_view why) const {
    common::log_info("rspd: vFile: refused {} {}: {} (rspd --hostio=full or --hostio-root DIR allow more)",
                     what, path, why);
    return make_error(EACCES, fmt::format("{} {}: {}", what, path, why));
}

UniqueFd* HostFiles::find(int fd) {
    auto it = files_.find(fd);
    return it != files_.end() ? &it->second : nullptr;
}

Result<UniqueFd> HostFiles::locate(std::string_view path, bool no_follow) {
    if (path.empty()) return make_error(ENOENT, "empty path");
    int flags = O_PATH | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0);
    UniqueFd fd(open_in(root_ ? root_.get() : -1, path, flags, 0));
    if (!fd) return errno_error(errno, fmt::format("open {}", path));
    return fd;
}

ReadPolicy HostFiles::read_policy() const {
    ReadPolicy policy;
    for (int pid : inferiors_()) {
        if (auto maps = read_proc_file(pid, "maps"))
            for (auto& file : parse_maps(*maps)) policy.allow_file(std::move(file));
        struct stat exe {};
        auto exe_link = fmt::format("/proc/{}/exe", pid);
        auto exe_name = exe_path(pid);
        if (::stat(exe_link.c_str(), &exe) == 0)
            policy.allow_file({{exe.st_dev, exe.st_ino}, exe_name ? *exe_name : std::string()});
        policy.allow_tree(fmt::format("/proc/{}", pid));
    }
    policy.allow_tree("/usr/lib/debug");
    for (const auto& root : policy_.roots) policy.allow_tree(root);
    return policy;
}

Result<void> HostFiles::check_readable(int path_fd, std::string_view path) {
    if (policy_.full) return {};
    struct stat st {};
    if (::fstat(path_fd, &st) == -1) return errno_error(errno, fmt::format("stat {}", path));
    if (!S_ISREG(st.st_mode)) return refuse("reading", path, "not a regular file");
    auto real = link_target(fd_path(path_fd));
    if (!real) return real.error();
    if (!read_policy().allows({st.st_dev, st.st_ino}, *real))
        return refuse("reading", path,
                      "not a file the debugged programs map or execute, nor a debug file");
    return {};
}

Result<UniqueFd> HostFiles::open_for_reading(std::string_view path) {
    auto located = locate(path, false);
    if (!located) return located.error();
    if (auto ok = check_readable(located->get(), path); !ok) return ok.error();
    // Reopened through the descriptor just checked: the file read is the file allowed.
    UniqueFd fd(::open(fd_path(located->get()).c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd) return errno_error(errno, fmt::format("open {}", path));
    return fd;
}

Result<int> HostFiles::open(std::string_view path, OpenFlags flags, unsigned mode) {
    if (files_.size() >= max_open_files) return make_error(EMFILE, "too many vFile descriptors open");
    UniqueFd fd;
    if (!policy_.full) {
        if (flags.writes()) return refuse("writing", path, "vFile is read-only by default");
        auto opened = open_for_reading(path);
        if (!opened) return opened.error();
        fd = std::move(*opened);
    } else {
        // O_NONBLOCK: opening a FIFO must not block the event loop.
        fd.reset(open_in(root_ ? root_.get() : -1, path, open_flags(flags) | O_NONBLOCK, mode));
        if (!fd) return errno_error(errno, fmt::format("open {}", path));
    }
    if (!flags.nonblocking) ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    int number = 3;
    while (files_.contains(number)) ++number;
    files_.emplace(number, std::move(fd));
    common::log_debug("hostio", "open {} -> {}", path, number);
    return number;
}

Result<void> HostFiles::close(int fd) {
    if (!files_.erase(fd)) return no_descriptor(fd);
    return {};
}

Result<std::size_t> HostFiles::pread(int fd, std::span<std::uint8_t> out, std::uint64_t offset) {
    return at_offset(find(fd), fd, offset, "pread", [&](int host_fd, off_t at) {
        return ::pread(host_fd, out.data(), out.size(), at);
    });
}

Result<std::size_t> HostFiles::pwrite(int fd, std::span<const std::uint8_t> data,
                                      std::uint64_t offset) {
    return at_offset(find(fd), fd, offset, "pwrite", [&](int host_fd, off_t at) {
        return ::pwrite(host_fd, data.data(), data.size(), at);
    });
}

Result<FileStat> HostFiles::fstat(int fd) {
    UniqueFd* file = find(fd);
    if (!file) return no_descriptor(fd);
    struct stat st {};
    if (::fstat(file->get(), &st) == -1) return errno_error(errno, "fstat");
    return to_file_stat(st);
}

Result<FileStat> HostFiles::stat(std::string_view path) {
    auto located = locate(path, false);
    if (!located) return located.error();
    if (auto ok = check_readable(located->get(), path); !ok) return ok.error();
    struct stat st {};
    if (::fstat(located->get(), &st) == -1) return errno_error(errno, fmt::format("stat {}", path));
    return to_file_stat(st);
}

Result<std::pair<UniqueFd, std::string>> HostFiles::parent_of(std::string_view path) {
    auto slash = path.rfind('/');
    std::string dir = slash == std::string_view::npos ? "." : slash == 0 ? "/" : std::string(path.substr(0, slash));
    std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (name.empty() || name == "." || name == "..") return make_error(EINVAL, fmt::format("bad path {}", path));
    auto located = locate(dir, false);
    if (!located) return located.error();
    return std::pair{std::move(*located), std::move(name)};
}

Result<void> HostFiles::unlink(std::string_view path) {
    if (!policy_.full) return refuse("unlink of", path, "vFile is read-only by default");
    auto parent = parent_of(path);
    if (!parent) return parent.error();
    if (::unlinkat(parent->first.get(), parent->second.c_str(), 0) == -1)
        return errno_error(errno, fmt::format("unlink {}", path));
    return {};
}

Result<std::string> HostFiles::readlink(std::string_view path) {
    // gdb's `info proc` reads these links (cwd, exe) as it does with gdbserver.
    if (!policy_.full && !is_inferior_proc_link(path, inferiors_()))
        return refuse("readlink of", path, "only file reads are allowed by default");
    auto parent = parent_of(path);
    if (!parent) return parent.error();
    return link_target(parent->second, parent->first.get());
}

Result<std::array<std::uint8_t, 16>> HostFiles::md5(std::string_view path) {
    auto fd = open_for_reading(path);
    if (!fd) return fd.error();
    ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) & ~O_NONBLOCK);
    Md5 hash;
    std::uint8_t buf[65536];
    for (;;) {
        ssize_t n = ::read(fd->get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno_error(errno, fmt::format("read {}", path));
        if (n == 0) break;
        hash.update({buf, static_cast<std::size_t>(n)});
    }
    return hash.finish();
}

Result<void> HostFiles::set_filesystem(int pid) {
    if (pid == 0) {
        root_.reset();
        return {};
    }
    auto ours = inferiors_();
    if (!policy_.full && std::find(ours.begin(), ours.end(), pid) == ours.end())
        return refuse("setfs to", std::to_string(pid), "not a process rspd debugs");
    UniqueFd root(::open(fmt::format("/proc/{}/root", pid).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) return errno_error(errno, fmt::format("open /proc/{}/root", pid));
    if (shares_our_filesystem(pid)) root.reset(); // plain paths are exact, and faster
    root_ = std::move(root);
    return {};
}

void HostFiles::reset() {
    files_.clear();
    root_.reset();
}

} // namespace target::linux
