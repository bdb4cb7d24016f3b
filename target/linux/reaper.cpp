#include "target/linux/reaper.hpp"

#include <cerrno>
#include <csignal>
#include <exception>
#include <sys/wait.h>

#include "target/linux/log.hpp"

namespace target::linux {

Reaper::Reaper(boost::asio::io_context& io, Handler handler)
    : signals_(io, SIGCHLD), handler_(std::move(handler)) {
    arm();
}

Reaper::~Reaper() {
    boost::system::error_code ignored;
    signals_.cancel(ignored);
}

void Reaper::arm() {
    // The handler may run after this object is gone (a cancelled wait completes later): it
    // checks the liveness token before touching anything.
    signals_.async_wait(
        [this, alive = std::weak_ptr<bool>(alive_)](const boost::system::error_code& ec, int) {
            if (ec || alive.expired()) return;
            drain();
            if (!alive.expired()) arm();
        });
}

void Reaper::drain() {
    std::weak_ptr<bool> alive = alive_;
    for (;;) {
        int status = 0;
        pid_t tid = ::waitpid(-1, &status, WNOHANG | __WALL);
        if (tid == 0) return;
        if (tid < 0) {
            if (errno == EINTR) continue;
            return; // ECHILD: no children at all
        }
        try {
            handler_(tid, status);
        } catch (const std::exception& e) {
            log_debug("wait status {:#x} of {}: {}", status, tid, e.what());
        }
        if (alive.expired()) return; // the handler destroyed us
    }
}

} // namespace target::linux
