#pragma once
// The GDB agent-expression bytecode machine (GDB manual, "Agent Expressions"): what rspd
// runs for breakpoint conditions (Z0/Z1 ";X len,bytes") and commands (";cmds:", dprintf).
// Pure: the debugged program is reached only through Environment, so the machine can be
// unit-tested and fuzzed without a process. Malformed bytecode (stack underflow or overflow,
// a jump outside the code, division by zero, an unknown opcode, a loop that never ends)
// ends the evaluation with an error, never with a crash.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace target::agent {

// What an expression may look at in the stopped thread.
class Environment {
  public:
    virtual ~Environment() = default;
    // Fills out from target memory; false if any byte is unreadable.
    virtual bool read_memory(std::uint64_t addr, std::span<std::uint8_t> out) = 0;
    // Register regnum in gdb's numbering (the target description's), zero-extended;
    // nullopt for a register that does not exist.
    virtual std::optional<std::uint64_t> read_register(int regnum) = 0;
    // Output of the printf bytecode (dprintf with `set dprintf-style agent`).
    virtual void print(std::string_view text) = 0;
};

struct Limits {
    std::size_t max_stack = 1024;     // values on the stack at once
    std::size_t max_steps = 100'000;  // bytecodes executed: bounds loops made with goto
    std::size_t max_output = 64 * 1024; // bytes one printf may produce
};

struct Outcome {
    bool ok = false;
    std::uint64_t value = 0; // the top of the stack at `end`
    std::string error;       // why it failed, for the log
};

Outcome evaluate(std::span<const std::uint8_t> code, Environment& env, const Limits& limits = {});

} // namespace target::agent
