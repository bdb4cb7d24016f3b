#pragma once
// The one place rspd waits for its tracees. Nothing else may call waitpid.
//
// SIGCHLD is blocked and read from a signalfd watched by the event loop: however many
// SIGCHLDs came since the last look, one wake-up reads them all and drains once. (A signal
// handler, as asio::signal_set installs, is called for nearly every one of them, and each
// call drained again: with 1000 threads stopping, hundreds of drains that found nothing.)
// The drain hands every (tid, status) to the handler.
//
// Cost: waitpid(-1) walks every tracee in the kernel, so with n threads each status costs
// O(n) and stopping all n costs O(n^2) (39 us a call with 1000 threads here). When the owner
// knows which threads are about to stop (it interrupted them), it names them (expected) and
// the drain asks each of them alone, O(1) each; the full sweep runs only when none of them
// had a status or none is left to come, so no one else's status waits for long, and none
// is lost: statuses stay in the kernel until collected.
#include <csignal>
#include <functional>
#include <memory>
#include <vector>

#include "common/asio.hpp"

namespace target::linux {

class Reaper {
  public:
    using Handler = std::function<void(int tid, int status)>;
    // Fills the tids a status is expected from soon (may leave it empty).
    using Expected = std::function<void(std::vector<int>& tids)>;
    Reaper(boost::asio::io_context& io, Handler handler, Expected expected = {});
    ~Reaper();
    Reaper(const Reaper&) = delete;
    Reaper& operator=(const Reaper&) = delete;

    // Hands over every status already waiting. Runs on each wake-up; safe to call any time.
    void drain();

  private:
    void arm();
    void consume_signals();
    // Waits for the expected tids one by one; true when the sweep can wait for later.
    bool reap_expected();
    bool reap(int tid, int status); // false: the handler destroyed us

    boost::asio::posix::stream_descriptor signals_;
    sigset_t previous_mask_;
    Handler handler_;
    Expected expected_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace target::linux
