#include "target/linux/debug_registers.hpp"

#include <csignal>
#include <cstddef>
#include <sys/user.h>

#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"

namespace target::linux {
namespace {

using arch::x86_64::DrKind;

std::size_t dr_offset(int n) {
    return offsetof(struct user, u_debugreg) + static_cast<std::size_t>(n) * sizeof(unsigned long);
}

StopReason reason_of(DrKind kind) {
    switch (kind) {
    case DrKind::execute: return StopReason::hw_breakpoint;
    case DrKind::write: return StopReason::watch;
    case DrKind::access: return StopReason::awatch;
    }
    return StopReason::none;
}

} // namespace

Result<void> sync_debug_registers(const Process& p, Thread& t) {
    const auto& regs = p.debug_regs;
    if (t.debug_generation == regs.generation()) return {};
    // DR7 off first: the kernel checks each address against the length DR7 gives its slot,
    // and a slot that changes length and address at once would fail either way round.
    if (auto r = pt::poke_user(t.tid, dr_offset(7), 0); !r) return r;
    for (int i = 0; i < arch::x86_64::debug_slots; ++i) {
        if (regs.slot(i).users == 0) continue;
        if (auto r = pt::poke_user(t.tid, dr_offset(i), regs.slot(i).addr); !r) return r;
    }
    if (regs.dr7() != 0)
        if (auto r = pt::poke_user(t.tid, dr_offset(7), regs.dr7()); !r) return r;
    t.debug_generation = regs.generation();
    return {};
}

Result<void> sync_debug_registers(Process& p) {
    Result<void> first;
    for (auto& [tid, t] : p.threads) {
        if (t.running || t.exited) continue;
        if (auto r = sync_debug_registers(p, t); !r && first.ok()) first = r;
    }
    return first;
}

std::optional<StopEvent> debug_register_event(const Process& p, const Thread& t) {
    auto dr6 = pt::peek_user(t.tid, dr_offset(6));
    if (!dr6) {
        log_debug("{}", dr6.error().message);
        return std::nullopt;
    }
    auto fired = arch::x86_64::decode_dr6(*dr6);
    // Older kernels keep B0-B3 from one exception to the next: clear them for the next stop.
    // (BS alone, set by every single-step, is not worth a syscall per step.)
    if (fired.hit_slots != 0) (void)pt::poke_user(t.tid, dr_offset(6), 0);
    for (int i = 0; i < arch::x86_64::debug_slots; ++i) {
        const auto& slot = p.debug_regs.slot(i);
        if (!(fired.hit_slots & (1u << i)) || slot.users == 0) continue;
        StopEvent ev;
        ev.signal = SIGTRAP;
        ev.reason = reason_of(slot.kind);
        ev.address = slot.addr;
        return ev;
    }
    return std::nullopt;
}

} // namespace target::linux
