#pragma once
// Optional features of a target that LLDB asks about beyond gdb's protocol, each a small
// interface ("capabilities, not a god interface"): Target::host_queries() and friends return
// nullptr when the target lacks one, and the handlers then answer with the empty reply
// ("not supported").
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "target/result.hpp"
#include "target/types.hpp"

namespace target {

// --- the machine and its processes (qHostInfo, qProcessInfo, qGetWorkingDir) -------------
struct HostInfo {
    std::string hostname;
    std::string os_version; // kernel release: "6.1.0-18-amd64"
    std::string os_kernel;  // kernel version string: "#1 SMP PREEMPT_DYNAMIC ..."
    std::uint64_t page_size = 4096;
    int watchpoint_slots = 0; // hardware watchpoints at a time (x86: DR0-DR3); 0: none
};

struct ProcessInfo {
    int pid = 0;
    int parent_pid = 0;
    unsigned real_uid = 0, real_gid = 0, effective_uid = 0, effective_gid = 0;
};

class HostQueries {
  public:
    virtual ~HostQueries() = default;
    virtual HostInfo host_info() = 0;
    virtual Result<ProcessInfo> process_info(int pid) = 0;
    // The working directory of pid, or the server's own when pid is 0.
    virtual Result<std::string> working_dir(int pid) = 0;
};

// --- the address space (qMemoryRegionInfo, qFileLoadAddress) ----------------------------
struct MemoryRegion {
    std::uint64_t start = 0;
    std::uint64_t end = 0; // one past the last byte
    bool readable = false, writable = false, executable = false;
    std::uint64_t file_offset = 0;
    std::string name; // the mapped file's path, "[stack]", "[heap]", or empty (anonymous)
};

class MemoryMaps {
  public:
    virtual ~MemoryMaps() = default;
    // Every mapping of pid, sorted by address.
    virtual Result<std::vector<MemoryRegion>> memory_map(int pid) = 0;
};

// --- memory the client allocates in the inferior (LLDB's _M/_m, for JIT expressions) ----
struct Permissions {
    bool read = false, write = false, execute = false;
};

// Both run code in the stopped thread (an mmap/munmap system call) and finish later, on the
// event loop, through done.
class MemoryAllocation {
  public:
    virtual ~MemoryAllocation() = default;
    virtual void allocate(Ptid thread, std::uint64_t size, Permissions permissions,
                          std::function<void(Result<std::uint64_t>)> done) = 0;
    virtual void deallocate(Ptid thread, std::uint64_t addr,
                            std::function<void(Result<void>)> done) = 0;
};

// --- executable files on the target's machine (qModuleInfo, jModulesInfo) ---------------
struct ModuleFile {
    std::string path;
    std::vector<std::uint8_t> build_id; // ELF NT_GNU_BUILD_ID note; empty when it has none
    std::uint64_t size = 0;
};

class ModuleFiles {
  public:
    virtual ~ModuleFiles() = default;
    virtual Result<ModuleFile> module_file(std::string_view path) = 0;
};

// --- waiting for a program to start, to attach to it (LLDB's vAttachWait, vAttachOrWait) --
class AttachWaiting {
  public:
    virtual ~AttachWaiting() = default;
    // Attach to the first process whose program is called `name` (the executable's base
    // name) that starts from now on or, with include_running, one already running; done(pid)
    // once all its threads are stopped.
    virtual void attach_wait(std::string name, bool include_running,
                             std::function<void(Result<int>)> done) = 0;
    virtual void cancel_attach_wait() = 0;
};

} // namespace target
