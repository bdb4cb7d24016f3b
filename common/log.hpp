#pragma once
// The one logger: lines to stderr, prefixed with their area, switched on by --debug
// (debug) and --remote-debug (packets). Header-only so every layer can use it, rsp/ included.
#include <cerrno>
#include <string>
#include <string_view>
#include <unistd.h>

#include <fmt/core.h>

namespace common {

struct LogSettings {
    bool debug = false;   // --debug: server decisions, errors behind E replies
    bool packets = false; // --remote-debug: every packet in and out
};

inline LogSettings& log_settings() {
    static LogSettings settings;
    return settings;
}

// One write(2) per line, so lines from rspd and its inferior (same stderr) do not interleave
// within a line. Never throws: SIGCHLD interrupts a write blocked on a full pipe (Asio's
// handlers are installed without SA_RESTART), and a stdio write that threw EINTR once
// aborted rspd in the middle of a session. Other errors are dropped: logging must not fail
// the session.
inline void write_stderr(std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(2, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

template <class... Args>
void log_debug(std::string_view area, fmt::format_string<Args...> format, Args&&... args) {
    if (!log_settings().debug) return;
    write_stderr(fmt::format("rspd[{}]: {}\n", area, fmt::format(format, std::forward<Args>(args)...)));
}

// Always printed: messages the user and scripts rely on ("Listening on port N", ...).
template <class... Args> void log_info(fmt::format_string<Args...> format, Args&&... args) {
    std::string line = fmt::format(format, std::forward<Args>(args)...);
    line += '\n';
    write_stderr(line);
}

} // namespace common
