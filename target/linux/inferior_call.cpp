// System calls rspd makes inside the inferior (LLDB's _M/_m: mmap and munmap): in a stopped
// thread, save its general registers and the code at its PC, write the system-call
// instruction there, load the call's registers, single-step it, read the result, and put
// registers and code back. The step's stop comes through the reaper like any other; while the
// call is in flight the thread's stops belong to it (on_call_stop), never to the client.
#include <csignal>
#include <sys/ptrace.h>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

const arch::RegsetInfo& general_regset(const arch::Arch& arch) {
    for (const auto& info : arch.regsets())
        if (info.id == arch::Regset::general) return info;
    return arch.regsets().front();
}

Result<void> set_named(const arch::Arch& arch, int tid, RegCache& cache, const char* name,
                       std::uint64_t value) {
    const auto* reg = arch.description().by_name(name);
    if (!reg) return make_error(EINVAL, fmt::format("no register {}", name));
    std::vector<std::uint8_t> bytes(reg->size(), 0);
    for (std::size_t i = 0; i < bytes.size() && i < 8; ++i)
        bytes[i] = static_cast<std::uint8_t>(value >> (8 * i)); // little-endian
    return write_one_register(arch, tid, cache, reg->regnum, bytes);
}

Result<std::uint64_t> get_named(const arch::Arch& arch, int tid, RegCache& cache, const char* name) {
    const auto* reg = arch.description().by_name(name);
    if (!reg) return make_error(EINVAL, fmt::format("no register {}", name));
    auto bytes = read_one_register(arch, tid, cache, reg->regnum);
    if (!bytes) return bytes.error();
    std::uint64_t value = 0;
    for (std::size_t i = std::min<std::size_t>(bytes->size(), 8); i-- > 0;)
        value = value << 8 | (*bytes)[i];
    return value;
}

// Loads number and arguments; the PC stays where the instruction was written.
Result<void> load_call(const arch::Arch& arch, int tid, RegCache& cache, long number,
                       const std::array<std::uint64_t, 6>& args) {
    const auto& abi = arch.syscall_abi();
    if (auto r = set_named(arch, tid, cache, abi.number, static_cast<std::uint64_t>(number)); !r)
        return r;
    for (std::size_t i = 0; i < args.size(); ++i)
        if (auto r = set_named(arch, tid, cache, abi.arguments[i], args[i]); !r) return r;
    return set_named(arch, tid, cache, abi.restart, ~std::uint64_t{0});
}

// Stopped inside a system call: on resume the kernel finishes it and writes its result.
bool inside_syscall(const Thread& t) {
    switch (t.stop_event) {
    case PTRACE_EVENT_EXEC:
    case PTRACE_EVENT_CLONE:
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_VFORK_DONE: return true;
    default: return false;
    }
}

} // namespace

void Tracer::call_syscall(Ptid id, long number, std::array<std::uint64_t, 6> args,
                          std::function<void(Result<std::uint64_t>)> done) {
    auto fail = [&](Error e) { post([done = std::move(done), e = std::move(e)] { done(e); }); };
    Process* p = find_process(id.pid);
    Thread* t = find_thread(id);
    if (!p || !t || t->exited) return fail(make_error(ESRCH, "no such thread"));
    if (p->stage != Process::Stage::ready || phase_ != Phase::idle || t->running || t->call)
        return fail(make_error(EBUSY, "the thread is not stopped"));
    const arch::Arch& arch = arch::native();
    if (auto r = t->regs.ensure(t->tid, general_regset(arch)); !r) return fail(r.error());
    auto pc = read_pc(arch, t->tid, t->regs);
    if (!pc) return fail(pc.error());
    InferiorCall call;
    call.number = number;
    call.args = args;
    call.pc = *pc;
    call.saved_regs = t->regs.buffers()[static_cast<std::size_t>(arch::Regset::general)];
    call.saved_code.resize(std::max(arch.syscall_abi().instruction.size(),
                                    arch.breakpoint_instruction().size()));
    auto got = p->memory.read(*pc, call.saved_code); // raw: an int3 there is put back as such
    if (!got || *got != call.saved_code.size())
        return fail(make_error(EFAULT, "cannot read the code at the PC"));
    call.done = std::move(done);
    call.leaving_syscall = inside_syscall(*t);
    t->call = std::move(call);
    if (!t->call->leaving_syscall) return start_call(*p, *t);
    // Let the kernel finish its call and stop on a breakpoint at the PC, before any of the
    // program's own instructions runs.
    if (auto w = p->memory.write(*pc, arch.breakpoint_instruction()); !w)
        return finish_call(*p, *t, w.error(), true);
    if (auto r = pt::resume(t->tid, false, 0); !r) return finish_call(*p, *t, r.error(), true);
    p->set_running(*t, true);
}

void Tracer::start_call(Process& p, Thread& t) {
    const arch::Arch& arch = arch::native();
    const InferiorCall& call = *t.call;
    if (auto w = p.memory.write(call.pc, arch.syscall_abi().instruction); !w)
        return finish_call(p, t, w.error(), true);
    if (auto r = write_pc(arch, t.tid, t.regs, call.pc); !r) return finish_call(p, t, r.error(), true);
    if (auto r = load_call(arch, t.tid, t.regs, call.number, call.args); !r)
        return finish_call(p, t, r.error(), true);
    if (auto r = pt::resume(t.tid, true, 0); !r) return finish_call(p, t, r.error(), true);
    p.set_running(t, true);
    log_debug("inferior call {} in {}", call.number, t.tid);
}

// A stop of a thread running a call. The SIGTRAP of the breakpoint that ends "leaving the
// system call" starts the call proper; the step's SIGTRAP ends it. A signal that came first
// is kept for the client (reported at its next resume) and the thread goes on; an exit
// abandons the call.
void Tracer::on_call_stop(Process& p, Thread& t, int sig, int event) {
    if (event == PTRACE_EVENT_EXIT) {
        finish_call(p, t, make_error(ESRCH, "the thread exited during the call"), false);
        return on_exit_stop(p, t);
    }
    InferiorCall& call = *t.call;
    const arch::Arch& arch = arch::native();
    if (event == 0 && sig == SIGTRAP && call.leaving_syscall) {
        // Now in user mode with the finished call's result in place: that is the state to
        // put back, with the PC rewound over the breakpoint.
        call.leaving_syscall = false;
        if (auto r = write_pc(arch, t.tid, t.regs, call.pc); !r)
            return finish_call(p, t, r.error(), true);
        call.saved_regs = t.regs.buffers()[static_cast<std::size_t>(arch::Regset::general)];
        return start_call(p, t);
    }
    if (event == 0 && sig == SIGTRAP)
        return finish_call(p, t, get_named(arch, t.tid, t.regs, arch.syscall_abi().result), true);
    if (event == 0 && sig != (SIGTRAP | 0x80)) {
        log_debug("signal {} to {} during an inferior call kept for later", sig, t.tid);
        if (!t.pending) {
            StopEvent ev;
            ev.thread = {p.pid, t.tid};
            ev.signal = sig;
            t.pending = std::move(ev);
        } else if (!t.deferred_signal) {
            t.deferred_signal = sig;
        }
    }
    if (auto r = pt::resume(t.tid, !call.leaving_syscall, 0); !r) return finish_call(p, t, r.error(), true);
    p.set_running(t, true);
}

void Tracer::finish_call(Process& p, Thread& t, Result<std::uint64_t> result, bool restore) {
    p.set_running(t, false);
    InferiorCall call = std::move(*t.call);
    t.call.reset();
    if (restore) {
        const arch::Arch& arch = arch::native();
        if (auto w = p.memory.write(call.pc, call.saved_code); !w) log_debug("{}", w.error().message);
        t.regs.clear();
        t.regs.buffers()[static_cast<std::size_t>(arch::Regset::general)] = call.saved_regs;
        if (auto r = t.regs.store(t.tid, general_regset(arch)); !r) {
            log_debug("{}", r.error().message);
            t.regs.clear();
        }
    }
    post([done = std::move(call.done), result = std::move(result)] { done(result); });
}

} // namespace target::linux
