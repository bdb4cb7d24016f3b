// LinuxTarget's LLDB capabilities against real inferiors: the memory map, process info,
// module files (ELF build ids) and inferior calls (_M/_m), plus their pure parsers.
#include <algorithm>
#include <cstring>
#include <elf.h>

#include <fmt/format.h>

#include "linux_fixture.hpp"
#include "target/linux/elf_build_id.hpp"
#include "target/linux/proc_maps.hpp"

using namespace linux_test;

BOOST_AUTO_TEST_SUITE(linux_capabilities)

BOOST_AUTO_TEST_CASE(maps_lines_parse_with_paths_holding_spaces) {
    using target::linux::parse_maps_line;
    auto line = parse_maps_line("55d4a1a00000-55d4a1a21000 r-xp 00001000 08:01 1234    /opt/my app/bin (deleted)");
    BOOST_REQUIRE(line.has_value());
    BOOST_CHECK_EQUAL(line->dev_major, 8u);
    BOOST_CHECK_EQUAL(line->dev_minor, 1u);
    BOOST_CHECK_EQUAL(line->inode, 1234u);
    auto r = &line->region;
    BOOST_CHECK_EQUAL(r->start, 0x55d4a1a00000u);
    BOOST_CHECK_EQUAL(r->end, 0x55d4a1a21000u);
    BOOST_CHECK(r->readable && !r->writable && r->executable);
    BOOST_CHECK_EQUAL(r->file_offset, 0x1000u);
    BOOST_CHECK_EQUAL(r->name, "/opt/my app/bin (deleted)");
    auto anon_line = parse_maps_line("7f0000000000-7f0000001000 ---p 00000000 00:00 0 ");
    BOOST_REQUIRE(anon_line.has_value());
    auto anon = &anon_line->region;
    BOOST_CHECK(!anon->readable && !anon->writable && !anon->executable && anon->name.empty());
    BOOST_CHECK(!parse_maps_line("zz-10 r-xp 0 0 0").has_value());
    BOOST_CHECK(!parse_maps_line("2000-1000 r-xp 0 00:00 0").has_value());
    BOOST_CHECK(!target::linux::parse_memory_map("1000-2000 rw-p 0 00:00 0\ngarbage\n").ok());
}

BOOST_AUTO_TEST_CASE(status_gives_parent_and_ids) {
    auto info = target::linux::parse_status(42, "Name:\tx\nPPid:\t7\nUid:\t1000\t1001\t1000\t1000\n"
                                                "Gid:\t100\t101\t100\t100\n");
    BOOST_REQUIRE(info.ok());
    BOOST_CHECK_EQUAL(info->pid, 42);
    BOOST_CHECK_EQUAL(info->parent_pid, 7);
    BOOST_CHECK_EQUAL(info->real_uid, 1000u);
    BOOST_CHECK_EQUAL(info->effective_uid, 1001u);
    BOOST_CHECK_EQUAL(info->real_gid, 100u);
    BOOST_CHECK_EQUAL(info->effective_gid, 101u);
    BOOST_CHECK(!target::linux::parse_status(1, "PPid:\t\n").ok());
}

BOOST_AUTO_TEST_CASE(build_id_from_a_note_segment) {
    // A 64-bit ELF header, one PT_NOTE program header, and two notes: another one first.
    std::vector<std::uint8_t> file(0x200, 0);
    Elf64_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_phoff = sizeof eh;
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 1;
    std::memcpy(file.data(), &eh, sizeof eh);
    Elf64_Phdr ph{};
    ph.p_type = PT_NOTE;
    ph.p_offset = 0x100;
    ph.p_filesz = 16 + 4 + 16 + 4;
    std::memcpy(file.data() + sizeof eh, &ph, sizeof ph);
    std::uint32_t other[] = {4, 4, 1}; // "GNU\0", ABI tag
    std::memcpy(file.data() + 0x100, other, sizeof other);
    std::memcpy(file.data() + 0x10c, "GNU\0\1\2\3\4", 8);
    std::uint32_t build[] = {4, 4, NT_GNU_BUILD_ID};
    std::memcpy(file.data() + 0x114, build, sizeof build);
    std::memcpy(file.data() + 0x120, "GNU\0\xde\xad\xbe\xef", 8);
    auto reader = [&](std::uint64_t offset, std::span<std::uint8_t> out) -> target::Result<std::size_t> {
        if (offset >= file.size()) return std::size_t{0};
        std::size_t n = std::min<std::size_t>(out.size(), file.size() - offset);
        std::memcpy(out.data(), file.data() + offset, n);
        return n;
    };
    auto id = target::linux::elf_build_id(reader);
    BOOST_REQUIRE_MESSAGE(id.ok(), why(id));
    BOOST_CHECK((*id == std::vector<std::uint8_t>{0xde, 0xad, 0xbe, 0xef}));
    file[1] = 'X';
    BOOST_CHECK(!target::linux::elf_build_id(reader).ok());
}

BOOST_AUTO_TEST_CASE(module_file_matches_readelf) {
    std::string prog = program("exit_code", exit_code_src);
    auto module = target::linux::read_module_file(prog);
    BOOST_REQUIRE_MESSAGE(module.ok(), why(module));
    std::string listing = prog + ".notes";
    std::string cmd = "readelf -n " + prog + " > " + listing;
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    std::ifstream in(listing);
    std::string line, expected;
    while (std::getline(in, line))
        if (auto at = line.find("Build ID: "); at != std::string::npos) expected = line.substr(at + 10);
    std::string got;
    for (auto b : module->build_id) got += fmt::format("{:02x}", b);
    BOOST_CHECK_EQUAL(got, expected);
    BOOST_CHECK_GT(module->size, 0u);
    BOOST_CHECK(!target::linux::read_module_file("/nonexistent").ok());
}

BOOST_AUTO_TEST_CASE(memory_map_and_process_info_of_a_launched_program) {
    Session s;
    std::string prog = program("breakpoint", breakpoint_src);
    int pid = s.launch({prog});
    auto map = s.target.memory_map(pid);
    BOOST_REQUIRE_MESSAGE(map.ok(), why(map));
    bool exe = false, stack = false;
    for (const auto& r : *map) {
        exe |= r.name == prog && r.executable;
        stack |= r.name == "[stack]" && r.writable;
    }
    BOOST_CHECK(exe && stack);
    auto info = s.target.process_info(pid);
    BOOST_REQUIRE(info.ok());
    BOOST_CHECK_EQUAL(info->pid, pid);
    BOOST_CHECK_EQUAL(info->parent_pid, ::getpid());
    BOOST_CHECK_EQUAL(info->real_uid, ::getuid());
    BOOST_CHECK_GT(s.target.host_info().page_size, 0u);
    BOOST_CHECK(!s.target.memory_map(999999999).ok());
}

// Runs allocate() to its end on the loop.
target::Result<std::uint64_t> allocate(Session& s, Ptid thread, target::Permissions p) {
    std::optional<target::Result<std::uint64_t>> addr;
    s.target.allocate(thread, 100, p, [&](auto r) { addr = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return addr.has_value(); }));
    return *addr;
}

BOOST_AUTO_TEST_CASE(inferior_call_allocates_writable_executable_memory_and_frees_it) {
    Session s;
    auto [pid, fn, stop] = s.launch_to("breakpoint", breakpoint_src, "target_fn");
    Ptid main_thread{pid, pid};
    auto before = s.target.read_registers(main_thread);
    BOOST_REQUIRE(before.ok());
    std::vector<std::uint8_t> code_before(2);
    BOOST_REQUIRE(s.target.read_memory(pid, fn, code_before).ok());

    auto addr = allocate(s, main_thread, {true, true, true});
    BOOST_REQUIRE_MESSAGE(addr.ok(), why(addr));
    BOOST_CHECK_EQUAL(*addr % 4096, 0u);
    auto map = s.target.memory_map(pid);
    BOOST_REQUIRE(map.ok());
    // The kernel may merge it with a neighbour of the same kind: look for the one holding it.
    auto region = std::find_if(map->begin(), map->end(),
                               [&](auto& r) { return r.start <= *addr && *addr < r.end; });
    BOOST_REQUIRE_MESSAGE(region != map->end(), fmt::format("{:#x} is not mapped", *addr));
    BOOST_CHECK(region->readable && region->writable && region->executable);

    // Everything put back: registers (orig_rax included) and the code at the PC (as the
    // client sees it: its breakpoint hidden).
    auto after = s.target.read_registers(main_thread);
    BOOST_REQUIRE(after.ok());
    BOOST_CHECK(*after == *before);
    std::vector<std::uint8_t> code_after(2);
    BOOST_REQUIRE(s.target.read_memory(pid, fn, code_after).ok());
    BOOST_CHECK(code_after == code_before);
    BOOST_CHECK(s.events.empty()); // the call's single step is nobody's business

    std::vector<std::uint8_t> data{1, 2, 3, 4};
    BOOST_REQUIRE(s.target.write_memory(pid, *addr, data).ok());
    std::optional<target::Result<void>> freed;
    s.target.deallocate(main_thread, *addr, [&](auto r) { freed = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return freed.has_value(); }));
    BOOST_CHECK_MESSAGE(freed->ok(), why(*freed));
    std::vector<std::uint8_t> gone(4);
    BOOST_CHECK(!s.target.read_memory(pid, *addr, gone).ok());
    freed.reset();
    s.target.deallocate(main_thread, *addr, [&](auto r) { freed = std::move(r); });
    BOOST_REQUIRE(freed.has_value() && !freed->ok()); // not ours any more

    // The breakpoint still works and the program never noticed.
    s.finish(pid, fn);
}

// At the launch stop the thread sits inside execve: the kernel writes execve's result (0)
// into rax when it leaves, so the call first lets it leave, then runs.
BOOST_AUTO_TEST_CASE(inferior_call_at_the_exec_stop) {
    Session s;
    int pid = s.launch({program("breakpoint", breakpoint_src)});
    Ptid main_thread{pid, pid};
    std::uint64_t pc = s.pc(main_thread);
    auto addr = allocate(s, main_thread, {true, false, false});
    BOOST_REQUIRE_MESSAGE(addr.ok(), why(addr));
    std::vector<std::uint8_t> byte(1);
    BOOST_CHECK(s.target.read_memory(pid, *addr, byte).ok());
    BOOST_CHECK_EQUAL(s.pc(main_thread), pc);
    BOOST_CHECK(s.events.empty());
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(inferior_call_needs_a_stopped_thread) {
    Session s;
    int pid = s.launch({program("spin", spin_src)});
    s.resume_all(pid);
    s.run_for(10ms);
    std::optional<target::Result<std::uint64_t>> addr;
    s.target.allocate({pid, pid}, 100, {true, true, false}, [&](auto r) { addr = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return addr.has_value(); }));
    BOOST_CHECK(!addr->ok());
    s.interrupt();
}

BOOST_AUTO_TEST_SUITE_END()
