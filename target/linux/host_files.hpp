#pragma once
// target::HostIo on Linux: the client's open files (numbered by us), the mount namespace
// chosen with setfs (files opened through /proc/PID/root with RESOLVE_IN_ROOT, so that its
// symlinks stay inside it), and the confinement of hostio_policy.hpp unless --hostio=full.
#include <functional>
#include <map>

#include "target/host_io.hpp"
#include "target/linux/hostio_policy.hpp"
#include "target/linux/linux_target.hpp"
#include "target/linux/sys_error.hpp"

namespace target::linux {

class HostFiles final : public HostIo {
  public:
    // inferiors: the processes whose files a confined client may read.
    HostFiles(HostIoPolicy policy, std::function<std::vector<int>()> inferiors);

    Result<int> open(std::string_view path, OpenFlags flags, unsigned mode) override;
    Result<void> close(int fd) override;
    Result<std::size_t> pread(int fd, std::span<std::uint8_t> out, std::uint64_t offset) override;
    Result<std::size_t> pwrite(int fd, std::span<const std::uint8_t> data,
                               std::uint64_t offset) override;
    Result<FileStat> fstat(int fd) override;
    Result<FileStat> stat(std::string_view path) override;
    Result<void> unlink(std::string_view path) override;
    Result<std::string> readlink(std::string_view path) override;
    Result<std::array<std::uint8_t, 16>> md5(std::string_view path) override;
    Result<void> set_filesystem(int pid) override;
    void reset() override;

  private:
    // path opened with O_PATH in the current filesystem; symlinks followed unless no_follow.
    Result<UniqueFd> locate(std::string_view path, bool no_follow);
    // A confined client may read what locate found: a regular file the policy allows.
    Result<void> check_readable(int path_fd, std::string_view path);
    ReadPolicy read_policy() const;
    Result<UniqueFd> open_for_reading(std::string_view path);
    // The directory holding path's last component, and that component (unlink, readlink).
    Result<std::pair<UniqueFd, std::string>> parent_of(std::string_view path);
    Error refuse(std::string_view what, std::string_view path, std::string_view why) const;
    UniqueFd* find(int fd);

    HostIoPolicy policy_;
    std::function<std::vector<int>()> inferiors_;
    std::map<int, UniqueFd> files_;
    UniqueFd root_; // setfs: that process's root, when it is not ours
};

} // namespace target::linux
