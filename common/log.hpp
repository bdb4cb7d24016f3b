#pragma once
// The one logger: lines to stderr, prefixed with their area, switched on by --debug
// (debug) and --remote-debug (packets). Header-only so every layer can use it, rsp/ included.
#include <cstdio>
#include <string_view>

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

template <class... Args>
void log_debug(std::string_view area, fmt::format_string<Args...> format, Args&&... args) {
    if (!log_settings().debug) return;
    fmt::print(stderr, "rspd[{}]: {}\n", area, fmt::format(format, std::forward<Args>(args)...));
}

// Always printed: messages the user and scripts rely on ("Listening on port N", ...).
template <class... Args> void log_info(fmt::format_string<Args...> format, Args&&... args) {
    fmt::print(stderr, "{}\n", fmt::format(format, std::forward<Args>(args)...));
    std::fflush(stderr);
}

} // namespace common
