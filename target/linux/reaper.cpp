#include "target/linux/reaper.hpp"

#include <cerrno>
#include <csignal>
#include <exception>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <system_error>
#include <unordered_set>
#include <unistd.h>

#include "target/linux/log.hpp"

namespace target::linux {
namespace {

sigset_t sigchld_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    return set;
}

// Blocked, SIGCHLD is only ever read from the signalfd. Launched programs unblock it again
// before exec (process_launch.cpp).
int open_signalfd(sigset_t& previous) {
    sigset_t set = sigchld_set();
    ::sigprocmask(SIG_BLOCK, &set, &previous);
    int fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
    return fd;
}

} // namespace

Reaper::Reaper(boost::asio::io_context& io, Handler handler, Expected expected)
    : signals_(io, open_signalfd(previous_mask_)), handler_(std::move(handler)),
      expected_(std::move(expected)) {
    arm();
}

Reaper::~Reaper() {
    boost::system::error_code ignored;
    signals_.close(ignored);
    if (!sigismember(&previous_mask_, SIGCHLD)) {
        sigset_t set = sigchld_set();
        ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    }
}

void Reaper::arm() {
    // The handler may run after this object is gone (a cancelled wait completes later): it
    // checks the liveness token before touching anything.
    signals_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                        [this, alive = std::weak_ptr<bool>(alive_)](const boost::system::error_code& ec) {
                            if (ec || alive.expired()) return;
                            consume_signals();
                            drain();
                            if (!alive.expired()) arm();
                        });
}

// Empties the signalfd: what matters is that something changed, not how often.
void Reaper::consume_signals() {
    signalfd_siginfo info[16];
    while (::read(signals_.native_handle(), info, sizeof info) > 0) {
    }
}

void Reaper::drain() {
    for (;;) {
        // Expected statuses first; once a status of them was collected and more will come,
        // each with its own SIGCHLD, the rest of the sweep can wait for a later drain.
        if (reap_expected()) return;
        int status = 0;
        pid_t tid = ::waitpid(-1, &status, WNOHANG | __WALL);
        if (tid == 0) return;
        if (tid < 0) {
            if (errno == EINTR) continue;
            return; // ECHILD: no children at all
        }
        if (!reap(tid, status)) return; // the handler destroyed us
    }
}

// Asks each expected thread for its status. The sweep may then wait if a status was found
// and every thread still expected was asked in this drain and had none: each will raise its
// own SIGCHLD when its status comes, so a later wake-up follows. A thread that became
// expected during the pass (a new clone) is asked too: its status may be here already, its
// SIGCHLD read with this wake-up. Statuses stay in the kernel until collected: waiting loses
// nothing.
bool Reaper::reap_expected() {
    if (!expected_) return false;
    std::vector<int> tids;
    expected_(tids);
    if (tids.empty()) return false;
    std::unordered_set<int> asked;
    bool progress = false;
    for (;;) {
        for (int tid : tids) {
            asked.insert(tid);
            int status = 0;
            pid_t got;
            do {
                got = ::waitpid(tid, &status, WNOHANG | __WALL);
            } while (got < 0 && errno == EINTR);
            if (got <= 0) continue;
            progress = true;
            if (!reap(got, status)) return true; // the handler destroyed us
        }
        std::vector<int> now;
        expected_(now);
        tids.clear();
        for (int tid : now)
            if (!asked.contains(tid)) tids.push_back(tid);
        if (tids.empty()) return progress && !now.empty();
    }
}

bool Reaper::reap(int tid, int status) {
    std::weak_ptr<bool> alive = alive_;
    try {
        handler_(tid, status);
    } catch (const std::exception& e) {
        log_debug("wait status {:#x} of {}: {}", status, tid, e.what());
    }
    return !alive.expired();
}

} // namespace target::linux
