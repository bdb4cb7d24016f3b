#pragma once
// vCont and the legacy c/C/s/S packets, parsed into actions and then expanded into one
// ThreadResume per thread: each thread takes the leftmost action that names it.
#include <optional>
#include <string_view>
#include <vector>

#include "rsp/context.hpp"

namespace rsp {

struct ResumeAction {
    target::ResumeKind kind = target::ResumeKind::cont;
    int gdb_signal = 0;
    std::uint64_t range_start = 0, range_end = 0;
    std::optional<ThreadId> thread; // none: every thread
};

// Parses ";action[:thread-id];action..." (the text after "vCont").
std::optional<std::vector<ResumeAction>> parse_vcont(std::string_view args);

// One entry per thread of every process that some action names; threads no action names
// are left out (they stay stopped).
std::vector<target::ThreadResume> expand_actions(const Context& ctx,
                                                 const std::vector<ResumeAction>& actions);

} // namespace rsp
