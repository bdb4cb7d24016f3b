#pragma once
// The shared-library list of a Linux inferior, read from the dynamic linker's own records
// (DT_DEBUG → struct r_debug → the link_map chain), formatted as the GDB manual's
// "Library List Format for SVR4 Targets" for qXfer:libraries-svr4:read.
// Only 64-bit little-endian (x86-64) inferiors for now.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "target/result.hpp"

namespace target::linux {

// Reads inferior memory: as many bytes as are readable from addr on (may be fewer than
// out.size()); an error when none are.
using MemoryReader =
    std::function<target::Result<std::size_t>(std::uint64_t addr, std::span<std::uint8_t> out)>;

// The <library-list-svr4> XML for the qXfer:libraries-svr4:read reply, from the inferior's
// dynamic linker list.
// auxv: raw contents of /proc/PID/auxv. annex: the qXfer annex ("" or
// "start=...;prev=...;lmid=..."), parsed per the GDB manual.
// Before ld.so has set DT_DEBUG (or for a static program) the list is empty. A list that is
// unreadable, cyclic, inconsistent (l_prev) or absurdly long is an error, never a hang.
target::Result<std::string> read_svr4_library_list(int pid, const MemoryReader& read_memory,
                                                   const std::string& auxv,
                                                   std::string_view annex = {});

} // namespace target::linux
