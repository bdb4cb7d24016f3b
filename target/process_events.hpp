#pragma once
// Optional capability: which process events stop the program and reach the client (forks,
// vforks, syscalls). A target offers it through Target::process_events(); nullptr means it
// has only the defaults (fork children detached at once, no syscall stops).
#include <optional>
#include <vector>

#include "target/result.hpp"

namespace target {

class ProcessEvents {
  public:
    virtual ~ProcessEvents() = default;
    // On: a fork (vfork) stops the parent with reason fork (vfork) and keeps the child stopped
    // under control as a process of its own, until the client detaches, kills or resumes it;
    // a vfork parent also reports vfork_done. Off: the child is detached at once, with our
    // breakpoints removed from its memory first.
    virtual void report_forks(bool fork, bool vfork) = 0;
    // Stops pid (and the children it forks from now on) at the entry and return of the
    // listed syscalls, every syscall when the list is empty; nullopt stops catching.
    virtual Result<void> catch_syscalls(int pid, std::optional<std::vector<int>> numbers) = 0;
};

} // namespace target
