// target::Target over the Tracer: lookups and argument checks, then memory, registers and
// breakpoints of stopped threads; run control is the Tracer's.
#include "target/linux/linux_target.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/attach_wait.hpp"
#include "target/linux/host_files.hpp"
#include "target/linux/debug_registers.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/svr4.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

Error no_process(int pid) {
    return make_error(ESRCH, fmt::format("no process {}", pid));
}

// Registers and siginfo exist only for a thread in a ptrace-stop.
Result<Thread*> stopped_thread(Tracer& tracer, Ptid id) {
    Thread* t = tracer.find_thread(id);
    if (!t) return make_error(ESRCH, fmt::format("no thread {}.{}", id.pid, id.tid));
    if (t->running)
        return make_error(EBUSY, fmt::format("thread {}.{} is running", id.pid, id.tid));
    return t;
}

struct SlotRequest {
    arch::x86_64::DrKind kind;
    std::uint64_t len;
};

// Z1 (kind: the breakpoint's length, 1 on x86) and Z2/Z4 (kind: bytes watched). x86 has no
// read-only debug register kind: Z3 is refused as unsupported, and gdb then sets an access
// watchpoint and tells reads from writes itself.
Result<SlotRequest> debug_register_request(BreakpointType type, int kind) {
    using arch::x86_64::DrKind;
    switch (type) {
    case BreakpointType::hardware: return SlotRequest{DrKind::execute, 1};
    case BreakpointType::write_watch: return SlotRequest{DrKind::write, static_cast<std::uint64_t>(kind)};
    case BreakpointType::access_watch: return SlotRequest{DrKind::access, static_cast<std::uint64_t>(kind)};
    case BreakpointType::read_watch:
        return make_error(ENOSYS, "x86 debug registers cannot watch reads only");
    case BreakpointType::software: break;
    }
    return make_error(EINVAL, "not a debug register request");
}

} // namespace

LinuxTarget::LinuxTarget(boost::asio::io_context& io)
    : io_(io), tracer_(std::make_unique<Tracer>(io)) {}

LinuxTarget::~LinuxTarget() = default;

void LinuxTarget::launch(std::vector<std::string> argv, std::function<void(Result<int>)> done,
                         LaunchOptions options) {
    tracer_->launch(std::move(argv), options, std::move(done));
}

void LinuxTarget::attach(int pid, std::function<void(Result<void>)> done) {
    tracer_->attach(pid, std::move(done));
}

void LinuxTarget::set_event_handler(EventHandler handler) {
    tracer_->set_event_handler(std::move(handler));
}

std::vector<int> LinuxTarget::processes() const {
    std::vector<int> pids;
    for (int pid : tracer_->pids())
        if (tracer_->find_process(pid)->stage == Process::Stage::ready) pids.push_back(pid);
    return pids;
}

bool LinuxTarget::was_attached(int pid) const {
    const Process* p = tracer_->find_process(pid);
    return p && p->attached;
}

std::vector<Ptid> LinuxTarget::thread_ids(int pid) const {
    const Process* p = tracer_->find_process(pid);
    if (!p) return {};
    std::vector<const Thread*> sorted;
    sorted.reserve(p->threads.size());
    for (const auto& [tid, t] : p->threads)
        if (!t.exited) sorted.push_back(&t);
    // The leader first, then in the order we met them (gdb numbers threads that way).
    std::sort(sorted.begin(), sorted.end(), [pid](const Thread* a, const Thread* b) {
        if ((a->tid == pid) != (b->tid == pid)) return a->tid == pid;
        return a->seq < b->seq;
    });
    std::vector<Ptid> ids;
    for (const Thread* t : sorted) ids.push_back({pid, t->tid});
    return ids;
}

std::vector<ThreadInfo> LinuxTarget::threads(int pid) const {
    std::vector<ThreadInfo> infos;
    for (Ptid id : thread_ids(pid)) {
        // A stopped thread's name and core are kept until it runs again (LLDB asks for them
        // in every stop reply and jThreadsInfo); a running one's may change at any time.
        const Thread* t = tracer_->find_thread(id);
        if (t && !t->running && t->name && t->core) {
            infos.push_back({id, *t->name, *t->core});
            continue;
        }
        auto [name, core] = thread_name_and_core(pid, id.tid); // one read of .../stat
        if (t && !t->running) {
            t->name = name;
            t->core = core;
        }
        infos.push_back({id, std::move(name), core});
    }
    return infos;
}

bool LinuxTarget::thread_alive(Ptid thread) const {
    const Process* p = tracer_->find_process(thread.pid);
    if (!p || p->stage != Process::Stage::ready) return false;
    auto it = p->threads.find(thread.tid);
    return it != p->threads.end() && !it->second.exited;
}

bool LinuxTarget::thread_stopped(Ptid thread) const {
    const Thread* t = tracer_->find_thread(thread);
    return t && thread_alive(thread) && tracer_->client_stopped(*t);
}

const arch::Description& LinuxTarget::description(int) const {
    return arch::native().description();
}

Result<std::vector<std::uint8_t>> LinuxTarget::read_registers(Ptid thread) {
    auto t = stopped_thread(*tracer_, thread);
    if (!t) return t.error();
    auto image = read_all_registers(arch::native(), thread.tid, (*t)->regs);
    (*t)->regs.keep_general_only();
    return image;
}

Result<void> LinuxTarget::write_registers(Ptid thread, std::span<const std::uint8_t> g) {
    auto t = stopped_thread(*tracer_, thread);
    if (!t) return t.error();
    (*t)->reported_breakpoint = 0; // the client moves it on itself (a jump, displaced stepping)
    return write_all_registers(arch::native(), thread.tid, (*t)->regs, g);
}

Result<std::vector<std::uint8_t>> LinuxTarget::read_register(Ptid thread, int regnum) {
    auto t = stopped_thread(*tracer_, thread);
    if (!t) return t.error();
    return read_one_register(arch::native(), thread.tid, (*t)->regs, regnum);
}

Result<void> LinuxTarget::write_register(Ptid thread, int regnum,
                                         std::span<const std::uint8_t> value) {
    auto t = stopped_thread(*tracer_, thread);
    if (!t) return t.error();
    (*t)->reported_breakpoint = 0;
    return write_one_register(arch::native(), thread.tid, (*t)->regs, regnum, value);
}

Result<std::size_t> LinuxTarget::read_memory(int pid, std::uint64_t addr,
                                             std::span<std::uint8_t> out) {
    Process* p = tracer_->find_process(pid);
    if (!p) return no_process(pid);
    auto n = p->memory.read(addr, out);
    if (n) tracer_->breakpoints(*p).shadow(addr, out.first(*n));
    return n;
}

Result<void> LinuxTarget::write_memory(int pid, std::uint64_t addr,
                                       std::span<const std::uint8_t> data) {
    Process* p = tracer_->find_process(pid);
    if (!p) return no_process(pid);
    return tracer_->breakpoints(*p).write(p->memory, addr, data);
}

Result<void> LinuxTarget::insert_breakpoint(int pid, BreakpointType type, std::uint64_t addr,
                                            int kind) {
    Process* p = tracer_->find_process(pid);
    if (!p) return no_process(pid);
    if (type == BreakpointType::software)
        return tracer_->breakpoints(*p).insert(p->memory, addr, arch::native().breakpoint_instruction());
    auto slot = debug_register_request(type, kind);
    if (!slot) return slot.error();
    if (auto r = p->debug_regs.insert(slot->kind, addr, slot->len); !r) return r;
    if (auto r = sync_debug_registers(*p); !r) {
        (void)p->debug_regs.remove(slot->kind, addr, slot->len);
        (void)sync_debug_registers(*p);
        return r;
    }
    return {};
}

Result<void> LinuxTarget::remove_breakpoint(int pid, BreakpointType type, std::uint64_t addr,
                                            int kind) {
    Process* p = tracer_->find_process(pid);
    if (!p) return no_process(pid);
    Result<void> removed;
    if (type == BreakpointType::software) {
        removed = tracer_->breakpoints(*p).remove(p->memory, addr);
        if (removed) tracer_->breakpoint_actions(*p).erase(addr);
        return removed;
    }
    auto slot = debug_register_request(type, kind);
    if (!slot) return slot.error();
    if (auto r = p->debug_regs.remove(slot->kind, addr, slot->len); !r) return r;
    if (type == BreakpointType::hardware) tracer_->breakpoint_actions(*p).erase(addr);
    return sync_debug_registers(*p);
}

void LinuxTarget::settle_breakpoints(int pid, std::function<void(Result<void>)> done) {
    tracer_->settle_debug_registers(pid, std::move(done));
}

Result<void> LinuxTarget::set_breakpoint_actions(int pid, std::uint64_t addr,
                                                 BreakpointActions actions) {
    Process* p = tracer_->find_process(pid);
    if (!p) return no_process(pid);
    auto& all = tracer_->breakpoint_actions(*p);
    if (actions.empty()) {
        all.erase(addr);
    } else {
        all[addr] = std::move(actions);
    }
    return {};
}

void LinuxTarget::set_agent_output(std::function<void(std::string_view)> output) {
    tracer_->set_agent_output(std::move(output));
}

Result<void> LinuxTarget::resume(std::span<const ThreadResume> actions) {
    return tracer_->resume(actions);
}

void LinuxTarget::interrupt() {
    tracer_->interrupt();
}

Result<void> LinuxTarget::set_non_stop(bool on) {
    return tracer_->set_non_stop(on);
}

void LinuxTarget::set_thread_events(bool on) {
    tracer_->set_thread_events(on);
}

void LinuxTarget::set_pass_signals(std::vector<int> host_signals) {
    tracer_->set_pass_signals(std::move(host_signals));
}

Result<void> LinuxTarget::kill(int pid) {
    return tracer_->kill(pid);
}

Result<void> LinuxTarget::detach(int pid) {
    return tracer_->detach(pid);
}

Result<std::string> LinuxTarget::auxv(int pid) {
    if (!tracer_->find_process(pid)) return no_process(pid);
    return read_proc_file(pid, "auxv");
}

Result<std::string> LinuxTarget::exec_file(int pid) {
    return exe_path(pid);
}

Result<std::string> LinuxTarget::siginfo(Ptid thread) {
    auto t = stopped_thread(*tracer_, thread);
    if (!t) return t.error();
    auto si = pt::siginfo(thread.tid);
    if (!si) return si.error();
    std::string bytes(sizeof(siginfo_t), '\0');
    std::memcpy(bytes.data(), &*si, sizeof(siginfo_t));
    return bytes;
}

Result<std::size_t> LinuxTarget::write_siginfo(Ptid thread, std::uint64_t offset,
                                               std::span<const std::uint8_t> data) {
    auto t = stopped_thread(*tracer_, thread);
    if (!t) return t.error();
    if (offset > sizeof(siginfo_t)) return make_error(EINVAL, "offset past the end of siginfo");
    auto si = pt::siginfo(thread.tid);
    if (!si) return si.error();
    std::size_t n = std::min<std::size_t>(data.size(), sizeof(siginfo_t) - offset);
    std::memcpy(reinterpret_cast<std::uint8_t*>(&*si) + offset, data.data(), n);
    if (auto set = pt::set_siginfo(thread.tid, *si); !set) return set.error();
    return n;
}

void LinuxTarget::report_forks(bool fork, bool vfork) {
    tracer_->report_forks(fork, vfork);
}

Result<void> LinuxTarget::catch_syscalls(int pid, std::optional<std::vector<int>> numbers) {
    return tracer_->catch_syscalls(pid, std::move(numbers));
}

void LinuxTarget::set_host_io_policy(HostIoPolicy policy) {
    host_io_ = std::make_unique<HostFiles>(std::move(policy), [this] { return processes(); });
}

HostIo* LinuxTarget::host_io() {
    if (!host_io_) set_host_io_policy({});
    return host_io_.get();
}

Result<std::string> LinuxTarget::libraries_svr4(int pid) {
    auto aux = auxv(pid);
    if (!aux) return aux.error();
    auto reader = [this, pid](std::uint64_t addr, std::span<std::uint8_t> out) {
        return read_memory(pid, addr, out);
    };
    return read_svr4_library_list(pid, reader, *aux);
}

} // namespace target::linux
