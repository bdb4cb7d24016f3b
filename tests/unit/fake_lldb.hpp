#pragma once
// LLDB's capabilities (host queries, memory map, memory allocation, module files, attach-wait)
// in memory, for the FakeTarget: the LLDB transcript tests (lldb_fixture.hpp) and the fuzz
// targets use them. No Boost.Test here: the fuzz build has none.
#include <cerrno>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "target/capabilities.hpp"
#include "tests/unit/fake_target.hpp"

namespace test {

// LLDB's capabilities in memory, plugged into the FakeTarget.
class FakeLldb final : public target::HostQueries,
                       public target::MemoryMaps,
                       public target::MemoryAllocation,
                       public target::ModuleFiles,
                       public target::AttachWaiting {
  public:
    void plug_into(FakeTarget& target) {
        target.host_queries_ = this;
        target.memory_maps_ = this;
        target.memory_allocation_ = this;
        target.module_files_ = this;
        target.attach_waiting_ = this;
    }

    target::HostInfo host_info() override {
        return {"box", "6.1.0-18-amd64", "#1 SMP", 4096, 4};
    }
    target::Result<target::ProcessInfo> process_info(int pid) override {
        return target::ProcessInfo{pid, 1, 1000, 100, 1001, 101};
    }
    target::Result<std::string> working_dir(int pid) override {
        return std::string(pid ? "/home/fake" : "/srv");
    }
    target::Result<std::vector<target::MemoryRegion>> memory_map(int) override {
        return std::vector<target::MemoryRegion>{
            {0x1000, 0x2000, true, false, true, 0, "/bin/fake"},
            {0x2000, 0x3000, true, true, false, 0x1000, "/bin/fake"},
            {0x8000, 0x9000, false, false, false, 0, ""},
            {0x7fff0000, 0x80000000, true, true, false, 0, "[stack]"},
        };
    }
    // Completes at once unless `hold` is set: then the test completes it later.
    void allocate(target::Ptid thread, std::uint64_t size, target::Permissions p,
                  std::function<void(target::Result<std::uint64_t>)> done) override {
        allocations.push_back({thread, size, p});
        if (hold) {
            held = [done](std::uint64_t addr) { done(addr); };
            return;
        }
        done(0x7000 + 0x1000 * allocations.size());
    }
    void deallocate(target::Ptid, std::uint64_t addr,
                    std::function<void(target::Result<void>)> done) override {
        if (addr != 0x8000) return done(target::make_error(EINVAL, "not allocated"));
        done({});
    }
    target::Result<target::ModuleFile> module_file(std::string_view path) override {
        if (path != "/bin/fake") return target::make_error(ENOENT, "no such file");
        return target::ModuleFile{"/bin/fake", {0xde, 0xad, 0xbe, 0xef}, 0x1234};
    }
    // Waits complete when the test says so.
    void attach_wait(std::string name, bool include_running,
                     std::function<void(target::Result<int>)> done) override {
        waited_for = {name, include_running};
        wait_done = std::move(done);
    }
    void cancel_attach_wait() override {
        if (wait_done) std::exchange(wait_done, nullptr)(target::make_error(ECANCELED, "cancelled"));
    }

    struct Allocation {
        target::Ptid thread;
        std::uint64_t size;
        target::Permissions permissions;
    };
    std::vector<Allocation> allocations;
    bool hold = false;
    std::function<void(std::uint64_t)> held;
    std::pair<std::string, bool> waited_for;
    std::function<void(target::Result<int>)> wait_done;
};

} // namespace test
