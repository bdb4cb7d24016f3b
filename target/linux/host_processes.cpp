// The host's process list for qXfer:osdata (`info os processes`): every /proc/PID we can
// read, with its owner, command line and the processors its threads last ran on.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <dirent.h>
#include <pwd.h>
#include <set>
#include <sys/stat.h>

#include <fmt/format.h>

#include "target/linux/procfs.hpp"

namespace target::linux {
namespace {

std::optional<int> as_pid(std::string_view name) {
    int pid = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec != std::errc{} || end != name.data() + name.size() || pid <= 0) return std::nullopt;
    return pid;
}

std::vector<int> numeric_entries(const std::string& dir) {
    std::vector<int> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = ::readdir(d))
        if (auto pid = as_pid(e->d_name)) out.push_back(*pid);
    ::closedir(d);
    return out;
}

std::string user_name(uid_t uid) {
    passwd pw{};
    passwd* found = nullptr;
    char buf[1024];
    if (::getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found) return pw.pw_name;
    return std::to_string(uid);
}

// cmdline with its NULs as spaces; a kernel thread has none: [comm], as ps shows it.
std::string command_line(int pid) {
    auto cmdline = read_proc_file(pid, "cmdline");
    std::string text = cmdline ? *cmdline : std::string();
    while (!text.empty() && text.back() == '\0') text.pop_back();
    for (char& c : text)
        if (c == '\0') c = ' ';
    if (!text.empty()) return text;
    return fmt::format("[{}]", thread_name(pid, pid));
}

} // namespace

Result<std::vector<HostProcess>> list_host_processes() {
    std::vector<HostProcess> out;
    for (int pid : numeric_entries("/proc")) {
        struct stat st {};
        if (::stat(fmt::format("/proc/{}", pid).c_str(), &st) == -1) continue; // gone meanwhile
        HostProcess p;
        p.pid = pid;
        p.user = user_name(st.st_uid);
        p.command = command_line(pid);
        std::set<int> cores;
        for (int tid : numeric_entries(fmt::format("/proc/{}/task", pid)))
            if (int core = thread_core(pid, tid); core >= 0) cores.insert(core);
        p.cores.assign(cores.begin(), cores.end());
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
    return out;
}

} // namespace target::linux
