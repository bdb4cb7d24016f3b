#pragma once
// How the next program starts: what the client set with QEnvironmentHexEncoded /
// QEnvironmentUnset / QEnvironmentReset, QSetWorkingDir, QStartupWithShell and
// QDisableRandomization (LLDB: QSetSTDIN/OUT/ERR, QSetDisableASLR), on top of rspd's command
// line (--startup-with-shell, --disable-randomization, --wrapper). vRun, R and LLDB's A turn
// it into a target::LaunchRequest.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "target/process_launcher.hpp"

namespace rsp {

struct LaunchConfig {
    // NAME -> value: set for the program; NAME -> nullopt: removed from rspd's environment.
    std::map<std::string, std::optional<std::string>> environment;
    std::string working_dir; // empty: rspd's own
    bool startup_with_shell = true;    // gdb's and gdbserver's default
    bool disable_randomization = true; // likewise
    std::vector<std::string> wrapper;  // --wrapper PROG ARGS --
    std::string stdin_path, stdout_path, stderr_path; // empty: rspd's own streams
    std::vector<std::string> last_argv; // the last program run and its arguments (R, vRun;)

    target::LaunchRequest request(std::vector<std::string> argv) const {
        target::LaunchRequest r;
        r.argv = std::move(argv);
        r.environment = environment;
        r.working_dir = working_dir;
        r.startup_with_shell = startup_with_shell;
        r.wrapper = wrapper;
        r.disable_aslr = disable_randomization;
        r.stdin_path = stdin_path;
        r.stdout_path = stdout_path;
        r.stderr_path = stderr_path;
        return r;
    }
};

} // namespace rsp
