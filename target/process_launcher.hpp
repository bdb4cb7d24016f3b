#pragma once
// Optional capability: start and attach processes on the client's request (extended-remote
// vRun and vAttach, LLDB's A packet) and list the host's processes (qXfer:osdata). A target
// offers it through Target::launcher(); nullptr means it cannot.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "target/result.hpp"

namespace target {

// Everything a launch needs, as the client and the command line configured it.
struct LaunchRequest {
    std::vector<std::string> argv; // the program (PATH searched when it has no '/') and its arguments
    // Changes to rspd's own environment: NAME -> value sets it, NAME -> nullopt unsets it.
    std::map<std::string, std::optional<std::string>> environment;
    std::string working_dir;          // empty: rspd's own
    bool startup_with_shell = false;  // $SHELL -c "exec PROG ARGS": arguments expanded by it
    std::vector<std::string> wrapper; // --wrapper: a command that execs the program
    bool disable_aslr = true;
    // Where the program's standard streams go (LLDB's QSetSTDIN/...); empty: inherited.
    std::string stdin_path, stdout_path, stderr_path;
};

// One process of the host, for `info os processes`.
struct HostProcess {
    int pid = 0;
    std::string user;
    std::string command;  // its command line, arguments separated by spaces
    std::vector<int> cores; // processors its threads last ran on
};

class ProcessLauncher {
  public:
    virtual ~ProcessLauncher() = default;
    // done(pid) once the program is stopped at its first instruction (after the shell and
    // the wrapper have exec'd it), or an error the client can show
    // ("Cannot exec /x: No such file or directory").
    virtual void launch(LaunchRequest request, std::function<void(Result<int>)> done) = 0;
    // done() once every thread of pid is stopped under control.
    virtual void attach(int pid, std::function<void(Result<void>)> done) = 0;
    virtual Result<std::vector<HostProcess>> host_processes() const = 0;
};

} // namespace target
