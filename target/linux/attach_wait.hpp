#pragma once
// Waiting for a program to start, to attach to it (LLDB's vAttachWait and vAttachOrWait):
// /proc is scanned on a timer of the event loop, which never blocks meanwhile.
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "common/asio.hpp"

namespace target::linux {

// Does the process run the program called name? The base name of its executable, or its
// comm (which the kernel cuts to 15 bytes) when the executable cannot be read.
bool runs_program(int pid, std::string_view name);

class AttachWaiter {
  public:
    // found(pid) once, for the first matching process not running yet when the wait began
    // (with include_running, one already running qualifies too).
    AttachWaiter(boost::asio::io_context& io, std::string name, bool include_running,
                 std::function<void(int pid)> found);

  private:
    void scan();
    void schedule();

    static constexpr std::chrono::milliseconds interval{10};
    boost::asio::steady_timer timer_;
    std::string name_;
    std::set<int> existing_; // processes running when the wait began: not new ones
    std::function<void(int)> found_;
};

} // namespace target::linux
