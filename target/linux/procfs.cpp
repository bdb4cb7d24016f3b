#include "target/linux/procfs.hpp"

#include <charconv>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

#include <dirent.h>
#include <fmt/format.h>

#include "target/linux/sys_error.hpp"

namespace target::linux {
namespace {

Result<std::string> read_whole(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return errno_error(errno, fmt::format("open {}", path));
    std::string data;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n > 0) {
            data.append(buf, static_cast<std::size_t>(n));
        } else if (n == 0) {
            return data;
        } else if (errno != EINTR) {
            return errno_error(errno, fmt::format("read {}", path));
        }
    }
}

std::string task_path(int pid, int tid, std::string_view file) {
    return fmt::format("/proc/{}/task/{}/{}", pid, tid, file);
}

// The numeric entries of a /proc directory.
Result<std::vector<int>> numeric_entries(const std::string& path) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(path.c_str()), ::closedir);
    if (!dir) return errno_error(errno, fmt::format("open {}", path));
    std::vector<int> ids;
    while (const dirent* entry = ::readdir(dir.get())) {
        std::string_view name = entry->d_name;
        int id = 0;
        auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
        if (ec == std::errc() && end == name.data() + name.size() && id > 0) ids.push_back(id);
    }
    return ids;
}

} // namespace

Result<std::vector<int>> task_ids(int pid) {
    return numeric_entries(fmt::format("/proc/{}/task", pid));
}

Result<std::vector<int>> process_ids() {
    return numeric_entries("/proc");
}

std::string thread_name(int pid, int tid) {
    auto comm = read_whole(task_path(pid, tid, "comm"));
    if (!comm) return {};
    std::string name = std::move(*comm);
    if (!name.empty() && name.back() == '\n') name.pop_back();
    return name;
}

int parse_stat_processor(std::string_view stat) {
    auto close = stat.rfind(')');
    if (close == std::string_view::npos) return -1;
    std::string_view rest = stat.substr(close + 1);
    constexpr int processor_field = 39;
    int field = 2; // the comm field ends at ')'
    std::size_t pos = 0;
    while (pos < rest.size()) {
        while (pos < rest.size() && rest[pos] == ' ')
            ++pos;
        std::size_t end = rest.find(' ', pos);
        if (end == std::string_view::npos) end = rest.size();
        if (pos == end) break;
        if (++field == processor_field) {
            int cpu = -1;
            auto [p, ec] = std::from_chars(rest.data() + pos, rest.data() + end, cpu);
            return ec == std::errc() && p == rest.data() + end ? cpu : -1;
        }
        pos = end;
    }
    return -1;
}

int thread_core(int pid, int tid) {
    auto stat = read_whole(task_path(pid, tid, "stat"));
    return stat ? parse_stat_processor(*stat) : -1;
}

std::string parse_stat_comm(std::string_view stat) {
    auto open = stat.find('(');
    auto close = stat.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
    return std::string(stat.substr(open + 1, close - open - 1));
}

NameAndCore thread_name_and_core(int pid, int tid) {
    auto stat = read_whole(task_path(pid, tid, "stat"));
    if (!stat) return {};
    return {parse_stat_comm(*stat), parse_stat_processor(*stat)};
}

bool status_has_pending(std::string_view status, int sig) {
    for (std::string_view key : {"SigPnd:", "ShdPnd:"}) {
        auto at = status.find(key);
        if (at == std::string_view::npos) continue;
        auto rest = status.substr(at + key.size());
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
            rest.remove_prefix(1);
        std::uint64_t mask = 0;
        auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), mask, 16);
        if (ec == std::errc() && sig >= 1 && sig <= 64 && (mask >> (sig - 1)) & 1) return true;
    }
    return false;
}

bool sigkill_pending(int pid, int tid) {
    auto status = read_whole(task_path(pid, tid, "status"));
    return status && status_has_pending(*status, SIGKILL);
}

Result<std::string> read_proc_file(int pid, std::string_view name) {
    return read_whole(fmt::format("/proc/{}/{}", pid, name));
}

Result<std::string> exe_path(int pid) {
    std::string link = fmt::format("/proc/{}/exe", pid);
    std::string target(PATH_MAX, '\0');
    ssize_t n = ::readlink(link.c_str(), target.data(), target.size());
    if (n < 0) return errno_error(errno, fmt::format("readlink {}", link));
    target.resize(static_cast<std::size_t>(n));
    return target;
}

} // namespace target::linux
