// libFuzzer target for the agent-expression machine (target/agent/). The input is bytecode,
// run against a fake program: 256 bytes of memory at 0x1000 and 16 registers, both filled
// from the input's first bytes. Checks, for arbitrary bytes:
//  - evaluation ends (bounded steps), with a value only when it reached `end`;
//  - an error always says why;
//  - the same input evaluates the same way twice (no state leaks between runs);
//  - memory is only read inside what the environment offers, and printf output stays bounded.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "fuzz_support.hpp"
#include "target/agent/interpreter.hpp"

namespace {

using fuzz::check;

constexpr std::uint64_t base = 0x1000;

struct FuzzEnv final : target::agent::Environment {
    std::array<std::uint8_t, 256> memory{};
    std::array<std::uint64_t, 16> registers{};
    std::string printed;

    bool read_memory(std::uint64_t addr, std::span<std::uint8_t> out) override {
        if (addr < base || addr - base > memory.size() || out.size() > memory.size() - (addr - base))
            return false;
        std::memcpy(out.data(), memory.data() + (addr - base), out.size());
        return true;
    }
    std::optional<std::uint64_t> read_register(int regnum) override {
        if (regnum < 0 || regnum >= static_cast<int>(registers.size())) return std::nullopt;
        return registers[regnum];
    }
    void print(std::string_view text) override { printed += text; }
};

FuzzEnv make_env(std::span<const std::uint8_t> seed) {
    FuzzEnv env;
    for (std::size_t i = 0; i < seed.size() && i < env.memory.size(); ++i) env.memory[i] = seed[i];
    for (std::size_t r = 0; r < env.registers.size(); ++r)
        env.registers[r] = base + (r < seed.size() ? seed[r] : r * 8);
    return env;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> input(data, size);
    const target::agent::Limits limits{.max_stack = 64, .max_steps = 5000, .max_output = 1024};
    FuzzEnv first = make_env(input);
    auto a = target::agent::evaluate(input, first, limits);
    check(a.ok == a.error.empty());
    // Each printf adds at most max_output bytes, and takes at least one step.
    check(first.printed.size() <= limits.max_steps * limits.max_output);
    FuzzEnv second = make_env(input);
    auto b = target::agent::evaluate(input, second, limits);
    check(a.ok == b.ok && a.value == b.value && a.error == b.error && first.printed == second.printed);
    return 0;
}
