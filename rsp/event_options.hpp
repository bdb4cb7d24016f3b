#pragma once
// Tells the target which process events this client asked to hear about (qSupported's
// fork-events+ / vfork-events+): a client that did not would never detach the children.
#include <optional>
#include <string_view>
#include <vector>

#include "rsp/context.hpp"

namespace rsp {

void apply_event_options(Context& ctx);

// QCatchSyscalls' arguments: "0" -> stop catching (inner nullopt); "1" -> every syscall
// (empty list); "1;SYSNO;..." -> those. Outer nullopt: malformed.
std::optional<std::optional<std::vector<int>>> parse_catch_syscalls(std::string_view args);

} // namespace rsp
