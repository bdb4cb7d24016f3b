#pragma once
// The target triple LLDB names an architecture and OS by ("x86_64-pc-linux-gnu"), derived from
// the target description's <architecture> and <osabi>, the one source of both.
#include <string>

#include "arch/description.hpp"

namespace rsp {

std::string target_triple(const arch::Description& desc);
// Bytes in a pointer: the size of the program counter.
std::size_t pointer_size(const arch::Description& desc);

} // namespace rsp
