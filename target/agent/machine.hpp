#pragma once
// The state of one evaluation, shared by the bytecode table (interpreter.cpp) and printf
// (printf.cpp). Every accessor checks its bounds and records the first error.
#include <string>
#include <vector>

#include "target/agent/interpreter.hpp"

namespace target::agent {

struct Machine {
    std::span<const std::uint8_t> code;
    Environment& env;
    const Limits& limits;
    std::size_t pc = 0;
    std::vector<std::uint64_t> stack;
    std::string error;
    bool finished = false;

    bool fail(std::string why);
    bool need(std::size_t values); // at least this many on the stack
    bool push(std::uint64_t value);
    std::uint64_t pop(); // only after need()
    std::uint64_t& top() { return stack.back(); }
    // A big-endian operand of `bytes` bytes at pc, which moves past it.
    bool operand(std::size_t bytes, std::uint64_t& out);
};

// printf (0x34): numargs, then a 2-byte length and the NUL-terminated format, in the code.
bool run_printf(Machine& m, std::uint64_t numargs);

} // namespace target::agent
