#include "target/linux/attach_wait.hpp"

#include <unistd.h>

#include "target/linux/procfs.hpp"

namespace target::linux {
namespace {

std::string_view base_name(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace

bool runs_program(int pid, std::string_view name) {
    if (auto exe = exe_path(pid)) return base_name(*exe) == name;
    std::string comm = thread_name(pid, pid);
    return !comm.empty() && comm == name.substr(0, 15);
}

AttachWaiter::AttachWaiter(boost::asio::io_context& io, std::string name, bool include_running,
                           std::function<void(int pid)> found)
    : timer_(io), name_(std::move(name)), found_(std::move(found)) {
    if (!include_running)
        if (auto pids = process_ids()) existing_.insert(pids->begin(), pids->end());
    scan();
}

void AttachWaiter::scan() {
    auto pids = process_ids();
    if (pids) {
        for (int pid : *pids) {
            if (pid == ::getpid() || existing_.contains(pid)) continue;
            // Checked again at every scan: a new process often starts as a shell or a
            // launcher and execs the program a moment later.
            if (runs_program(pid, name_)) return found_(pid);
        }
    }
    schedule();
}

void AttachWaiter::schedule() {
    timer_.expires_after(interval);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) scan();
    });
}

} // namespace target::linux
