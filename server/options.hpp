#pragma once
// The command line, gdbserver style:
//   rspd [OPTIONS] COMM PROG [ARGS...]
//   rspd [OPTIONS] --attach COMM PID
//   rspd [OPTIONS] --multi COMM
// Options may stand before or after COMM (gdbserver allows `rspd --once :2345 --attach 42`);
// everything after PROG belongs to the program.
#include <optional>
#include <string>
#include <vector>

namespace server {

struct Options {
    std::string comm;               // HOST:PORT, :PORT, - (stdio), or a Unix socket path
    std::vector<std::string> argv;  // program and its arguments (launch)
    std::optional<int> attach_pid;  // --attach
    bool multi = false;             // --multi: extended-remote, serve without a program
    bool once = false;              // --once: stop listening after the first client
    bool debug = false;             // --debug
    bool remote_debug = false;      // --remote-debug
    bool disable_randomization = true;
    bool startup_with_shell = true;   // --[no-]startup-with-shell: run PROG through $SHELL
    std::vector<std::string> wrapper; // --wrapper PROG ARGS --
    bool hostio_full = false;         // --hostio=full: vFile unconfined (writes, unlink, ...)
    std::vector<std::string> hostio_roots; // --hostio-root DIR: vFile may read under DIR
    bool show_help = false;
    bool show_version = false;
};

struct ParseResult {
    std::optional<Options> options;
    std::string error; // when options is empty
};

ParseResult parse_options(const std::vector<std::string>& args);
std::string usage_text();

} // namespace server
