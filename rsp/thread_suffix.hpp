#pragma once
// LLDB's QThreadSuffixSupported: g, G, p, P, QSaveRegisterState and QRestoreRegisterState may
// end with ";thread:TID;", naming their thread in the packet itself instead of through Hg
// (one round trip less per thread, and no stale Hg selection).
#include <optional>
#include <string_view>

#include "rsp/thread_id.hpp"

namespace rsp {

struct ThreadSuffix {
    std::string_view rest;          // the arguments before the suffix
    std::optional<ThreadId> thread; // none: the packet had no suffix
};

// "ARGS;thread:TID;" (the final ';' optional) -> {ARGS, TID}; "ARGS" -> {ARGS, none}.
// nullopt when a suffix is there but its thread id is malformed.
std::optional<ThreadSuffix> split_thread_suffix(std::string_view args);

} // namespace rsp
