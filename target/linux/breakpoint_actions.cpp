// A breakpoint hit meets its conditions and commands (Z0/Z1 ";X", ";cmds:"): the agent
// expressions run here, against the stopped thread's registers and the process's memory
// (our breakpoint bytes hidden), so a false condition costs no round trip to the client.
#include <cstdio>

#include "arch/arch.hpp"
#include "target/agent/interpreter.hpp"
#include "target/linux/log.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

class ThreadEnvironment final : public agent::Environment {
  public:
    ThreadEnvironment(Process& p, Thread& t, const BreakpointTable& breakpoints,
                      const std::function<void(std::string_view)>& out)
        : p_(p), t_(t), breakpoints_(breakpoints), out_(out) {}

    bool read_memory(std::uint64_t addr, std::span<std::uint8_t> out) override {
        auto n = p_.memory.read(addr, out);
        if (!n || *n < out.size()) return false;
        breakpoints_.shadow(addr, out);
        return true;
    }
    std::optional<std::uint64_t> read_register(int regnum) override {
        if (regnum < 0 || regnum >= static_cast<int>(arch::native().description().registers().size()))
            return std::nullopt;
        auto bytes = read_one_register(arch::native(), t_.tid, t_.regs, regnum);
        if (!bytes) return std::nullopt;
        std::uint64_t v = 0; // little-endian; wider registers give their low 8 bytes
        for (std::size_t i = std::min<std::size_t>(bytes->size(), 8); i-- > 0;)
            v = (v << 8) | (*bytes)[i];
        return v;
    }
    void print(std::string_view text) override {
        if (out_) return out_(text);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    }

  private:
    Process& p_;
    Thread& t_;
    const BreakpointTable& breakpoints_;
    const std::function<void(std::string_view)>& out_;
};

} // namespace

// true: report the hit. A condition that cannot be evaluated counts as true (the user
// sees the stop rather than losing it), as does having no condition at all. A hit with
// commands runs them instead of being reported, like gdbserver's dprintf.
bool Tracer::hit_wants_report(Process& p, Thread& t, std::uint64_t addr) {
    auto& all = breakpoint_actions(p);
    auto it = all.find(addr);
    if (it == all.end()) return true;
    const BreakpointActions& actions = it->second;
    ThreadEnvironment env(p, t, breakpoints(p), agent_output_);
    bool hit = actions.conditions.empty();
    for (const auto& condition : actions.conditions) {
        auto outcome = agent::evaluate(condition, env);
        if (!outcome.ok) log_debug("condition at {:#x}: {}; stopping", addr, outcome.error);
        if (!outcome.ok || outcome.value != 0) {
            hit = true;
            break;
        }
    }
    if (!hit) return false;
    if (actions.commands.empty()) return true;
    for (const auto& command : actions.commands)
        if (auto outcome = agent::evaluate(command, env); !outcome.ok)
            log_debug("command at {:#x}: {}", addr, outcome.error);
    return false;
}

} // namespace target::linux
