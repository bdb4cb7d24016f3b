#pragma once
// Debug logging for the Linux target: one line per decision worth knowing when a session goes
// wrong (wait statuses, stops kept pending, signals passed). Silent unless the server's
// --debug switched common::log_settings().debug on.
#include <utility>

#include "common/log.hpp"

namespace target::linux {

template <class... Args> void log_debug(fmt::format_string<Args...> format, Args&&... args) {
    common::log_debug("linux", format, std::forward<Args>(args)...);
}

} // namespace target::linux
