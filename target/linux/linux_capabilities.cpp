// LinuxTarget's optional capabilities (target/capabilities.hpp): what LLDB asks about the
// machine, the address space and module files, and memory it allocates in the inferior.
#include <climits>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "arch/x86_64/debug_registers.hpp"
#include "target/linux/attach_wait.hpp"
#include "target/linux/elf_build_id.hpp"
#include "target/linux/linux_target.hpp"
#include "target/linux/proc_maps.hpp"
#include "target/linux/sys_error.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

std::uint64_t page_size() {
    long size = ::sysconf(_SC_PAGESIZE);
    return size > 0 ? static_cast<std::uint64_t>(size) : 4096;
}

int protection(Permissions p) {
    return (p.read ? PROT_READ : 0) | (p.write ? PROT_WRITE : 0) | (p.execute ? PROT_EXEC : 0);
}

// A system call's return value: -4095..-1 are errno values.
Result<std::uint64_t> syscall_result(Result<std::uint64_t> raw, std::string_view what) {
    if (!raw) return raw;
    auto value = static_cast<std::int64_t>(*raw);
    if (value < 0 && value >= -4095) return errno_error(static_cast<int>(-value), what);
    return raw;
}

} // namespace

HostInfo LinuxTarget::host_info() {
    HostInfo info;
    info.page_size = page_size();
    info.watchpoint_slots = arch::x86_64::debug_slots; // what Z2-Z4 share (debug_registers.cpp)
    utsname names{};
    if (::uname(&names) == 0) {
        info.hostname = names.nodename;
        info.os_version = names.release;
        info.os_kernel = names.version;
    }
    return info;
}

Result<ProcessInfo> LinuxTarget::process_info(int pid) {
    if (!tracer_->find_process(pid)) return make_error(ESRCH, fmt::format("no process {}", pid));
    return read_process_info(pid);
}

Result<std::string> LinuxTarget::working_dir(int pid) {
    std::string dir(PATH_MAX, '\0');
    if (pid == 0) {
        if (!::getcwd(dir.data(), dir.size())) return errno_error(errno, "getcwd");
        dir.resize(std::char_traits<char>::length(dir.c_str()));
        return dir;
    }
    std::string link = fmt::format("/proc/{}/cwd", pid);
    ssize_t n = ::readlink(link.c_str(), dir.data(), dir.size());
    if (n < 0) return errno_error(errno, fmt::format("readlink {}", link));
    dir.resize(static_cast<std::size_t>(n));
    return dir;
}

Result<std::vector<MemoryRegion>> LinuxTarget::memory_map(int pid) {
    if (!tracer_->find_process(pid)) return make_error(ESRCH, fmt::format("no process {}", pid));
    return read_memory_map(pid);
}

// mmap(NULL, size rounded up to pages, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0).
void LinuxTarget::allocate(Ptid thread, std::uint64_t size, Permissions permissions,
                           std::function<void(Result<std::uint64_t>)> done) {
    std::uint64_t page = page_size();
    std::uint64_t length = (size + page - 1) / page * page;
    std::array<std::uint64_t, 6> args{0, length, static_cast<std::uint64_t>(protection(permissions)),
                                      MAP_PRIVATE | MAP_ANONYMOUS, ~std::uint64_t{0}, 0};
    tracer_->call_syscall(thread, arch::native().syscall_abi().mmap, args,
                          [this, pid = thread.pid, length, done = std::move(done)](auto raw) {
                              auto addr = syscall_result(std::move(raw), "mmap in the inferior");
                              if (addr) {
                                  if (Process* p = tracer_->find_process(pid))
                                      p->allocations[*addr] = length;
                              }
                              done(addr);
                          });
}

void LinuxTarget::deallocate(Ptid thread, std::uint64_t addr, std::function<void(Result<void>)> done) {
    Process* p = tracer_->find_process(thread.pid);
    std::uint64_t length = 0;
    if (p)
        if (auto it = p->allocations.find(addr); it != p->allocations.end()) length = it->second;
    if (length == 0) return done(make_error(EINVAL, fmt::format("{:#x} was not allocated by _M", addr)));
    std::array<std::uint64_t, 6> args{addr, length, 0, 0, 0, 0};
    tracer_->call_syscall(thread, arch::native().syscall_abi().munmap, args,
                          [this, pid = thread.pid, addr, done = std::move(done)](auto raw) {
                              auto r = syscall_result(std::move(raw), "munmap in the inferior");
                              if (!r) return done(r.error());
                              if (Process* p = tracer_->find_process(pid)) p->allocations.erase(addr);
                              done({});
                          });
}

Result<ModuleFile> LinuxTarget::module_file(std::string_view path) {
    return read_module_file(path);
}

void LinuxTarget::attach_wait(std::string name, bool include_running,
                              std::function<void(Result<int>)> done) {
    if (attach_waiter_) return done(make_error(EBUSY, "already waiting for a process"));
    attach_wait_done_ = std::move(done);
    attach_waiter_ = std::make_unique<AttachWaiter>(io_, std::move(name), include_running, [this](int pid) {
        // Not from inside the waiter's own call: it goes once this returns.
        boost::asio::post(io_, [this] { attach_waiter_.reset(); });
        attach(pid, [this, pid](Result<void> attached) {
            auto done = std::exchange(attach_wait_done_, nullptr);
            if (done) done(attached ? Result<int>(pid) : Result<int>(attached.error()));
        });
    });
}

void LinuxTarget::cancel_attach_wait() {
    if (!attach_waiter_) return;
    attach_waiter_.reset();
    if (auto done = std::exchange(attach_wait_done_, nullptr))
        boost::asio::post(io_, [done] { done(make_error(ECANCELED, "stopped waiting for the process")); });
}

} // namespace target::linux
