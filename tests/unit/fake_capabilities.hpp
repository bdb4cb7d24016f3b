#pragma once
// In-memory versions of the target's optional capabilities, for transcript tests: a launcher
// whose launches complete when the test says, an event switchboard that records what it was
// told, and a host filesystem of a few files.
#include <cerrno>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "target/host_io.hpp"
#include "target/process_events.hpp"
#include "target/process_launcher.hpp"

namespace test {

class FakeLauncher final : public target::ProcessLauncher {
  public:
    void launch(target::LaunchRequest request, std::function<void(target::Result<int>)> done) override {
        requests.push_back(std::move(request));
        pending_launch = std::move(done);
    }
    void attach(int pid, std::function<void(target::Result<void>)> done) override {
        attached.push_back(pid);
        pending_attach = std::move(done);
    }
    target::Result<std::vector<target::HostProcess>> host_processes() const override {
        return std::vector<target::HostProcess>{{1, "root", "/sbin/init splash", {0}},
                                                {0x20, "me", "rspd <&>", {1, 3}}};
    }

    std::vector<target::LaunchRequest> requests;
    std::vector<int> attached;
    std::function<void(target::Result<int>)> pending_launch;
    std::function<void(target::Result<void>)> pending_attach;
};

class FakeEvents final : public target::ProcessEvents {
  public:
    void report_forks(bool fork, bool vfork) override {
        forks = fork;
        vforks = vfork;
    }
    target::Result<void> catch_syscalls(int pid, std::optional<std::vector<int>> numbers) override {
        syscalls[pid] = std::move(numbers);
        return {};
    }
    bool forks = false, vforks = false;
    std::map<int, std::optional<std::vector<int>>> syscalls;
};

// Files by path; "/secret" is refused as a confined target refuses what it does not allow.
class FakeHostIo final : public target::HostIo {
  public:
    target::Result<int> open(std::string_view path, target::OpenFlags flags, unsigned mode) override {
        last_flags = flags;
        last_mode = mode;
        if (path == "/secret") return target::make_error(EACCES, "refused");
        auto it = files.find(std::string(path));
        if (it == files.end()) {
            if (!flags.create) return target::make_error(ENOENT, "no such file");
            it = files.emplace(std::string(path), "").first;
        }
        open_files[next_fd] = it->first;
        return next_fd++;
    }
    target::Result<void> close(int fd) override {
        if (!open_files.erase(fd)) return target::make_error(EBADF, "bad fd");
        return {};
    }
    target::Result<std::size_t> pread(int fd, std::span<std::uint8_t> out, std::uint64_t offset) override {
        auto* data = content(fd);
        if (!data) return target::make_error(EBADF, "bad fd");
        if (offset >= data->size()) return std::size_t{0};
        std::size_t n = std::min<std::size_t>(out.size(), data->size() - offset);
        std::copy_n(data->begin() + static_cast<std::ptrdiff_t>(offset), n, out.begin());
        return n;
    }
    target::Result<std::size_t> pwrite(int fd, std::span<const std::uint8_t> in, std::uint64_t offset) override {
        auto* data = content(fd);
        if (!data) return target::make_error(EBADF, "bad fd");
        // A real file system has a size limit too; this one is small, as the fuzzer writes.
        if (offset > (1u << 20) || in.size() > (1u << 20) - offset) return target::make_error(EFBIG, "too big");
        if (data->size() < offset + in.size()) data->resize(offset + in.size());
        std::copy(in.begin(), in.end(), data->begin() + static_cast<std::ptrdiff_t>(offset));
        return in.size();
    }
    target::Result<target::FileStat> fstat(int fd) override {
        auto* data = content(fd);
        if (!data) return target::make_error(EBADF, "bad fd");
        return stat_of(*data);
    }
    target::Result<target::FileStat> stat(std::string_view path) override {
        auto it = files.find(std::string(path));
        if (it == files.end()) return target::make_error(ENOENT, "no such file");
        return stat_of(it->second);
    }
    target::Result<void> unlink(std::string_view path) override {
        if (!files.erase(std::string(path))) return target::make_error(ENOENT, "no such file");
        return {};
    }
    target::Result<std::string> readlink(std::string_view) override {
        return target::make_error(ENAMETOOLONG, "too long");
    }
    target::Result<std::array<std::uint8_t, 16>> md5(std::string_view path) override {
        if (!files.contains(std::string(path))) return target::make_error(ENOENT, "no such file");
        std::array<std::uint8_t, 16> digest{};
        for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<std::uint8_t>(i * 17);
        return digest;
    }
    target::Result<void> set_filesystem(int pid) override {
        fs_pid = pid;
        return {};
    }
    void reset() override {
        open_files.clear();
        ++resets;
    }

    std::map<std::string, std::string> files{{"/bin/prog", std::string("\x7f" "ELF}#$*", 8)}};
    std::map<int, std::string> open_files;
    int next_fd = 3;
    int fs_pid = 0;
    int resets = 0;
    target::OpenFlags last_flags;
    unsigned last_mode = 0;

  private:
    std::string* content(int fd) {
        auto it = open_files.find(fd);
        return it == open_files.end() ? nullptr : &files[it->second];
    }
    static target::FileStat stat_of(const std::string& data) {
        target::FileStat st;
        st.mode = 0100755;
        st.size = data.size();
        st.mtime = 0x12345678;
        st.ino = 0x1'0000'0001; // wider than the protocol's 32 bits: clamped
        return st;
    }
};

} // namespace test
