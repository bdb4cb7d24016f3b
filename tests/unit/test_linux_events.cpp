// LinuxTarget as ProcessLauncher, ProcessEvents and HostIo, against real inferiors:
// launch requests (environment, directory, shell, wrapper, missing programs), fork and vfork
// children kept under control, syscall stops, and the confinement of vFile.
#include <cstring>
#include <filesystem>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "linux_fixture.hpp"
#include "target/linux/md5.hpp"

namespace {

using namespace linux_test;

const char* const environment_src = R"(
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
    char cwd[4096];
    const char *foo = getenv("RSPD_T_FOO");
    if (!foo || strcmp(foo, "bar baz")) return 10;
    if (getenv("RSPD_T_GONE")) return 11;
    if (!getcwd(cwd, sizeof cwd) || strcmp(cwd, argv[1])) return 12;
    if (argc != 4 || strcmp(argv[2], "a b") || strcmp(argv[3], "word")) return 13;
    return 0;
}
)";

const char* const getppid_src = R"(
#include <sys/syscall.h>
#include <unistd.h>
int main(void) { syscall(SYS_getppid); syscall(SYS_getppid); return 6; }
)";

const char* const waiting_src = R"(
#include <unistd.h>
int main(void) { for (;;) pause(); }
)";

target::Result<int> launch_request(Session& s, target::LaunchRequest request) {
    std::optional<target::Result<int>> result;
    s.target.launch(std::move(request), [&](target::Result<int> r) { result = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
    return *result;
}

std::string temp_dir(const std::string& name) {
    std::string dir = work_dir() + "/" + name;
    std::filesystem::create_directories(dir);
    return dir;
}

std::uint8_t raw_byte(int pid, std::uint64_t addr) {
    std::ifstream mem("/proc/" + std::to_string(pid) + "/mem", std::ios::binary);
    mem.seekg(static_cast<std::streamoff>(addr));
    return static_cast<std::uint8_t>(mem.get());
}

// A child in a mount namespace of its own, with a tmpfs on dir holding inside.txt; it waits
// to be killed. 0 when namespaces are not available here (no privilege).
int spawn_in_mount_namespace(const std::string& dir) {
    int ready[2];
    BOOST_REQUIRE(::pipe(ready) == 0);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::close(ready[0]);
        char ok = 0;
        if (::unshare(CLONE_NEWNS) == 0 &&
            ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
            ::mount("tmpfs", dir.c_str(), "tmpfs", 0, nullptr) == 0) {
            std::ofstream(dir + "/inside.txt") << "namespace";
            ok = 1;
        }
        (void)!::write(ready[1], &ok, 1);
        for (;;) ::pause();
    }
    ::close(ready[1]);
    char ok = 0;
    (void)!::read(ready[0], &ok, 1);
    ::close(ready[0]);
    if (ok) return pid;
    reap(pid);
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(linux_launcher)

BOOST_AUTO_TEST_CASE(request_with_environment_directory_and_shell) {
    Session s;
    ::setenv("RSPD_T_GONE", "1", 1);
    std::string dir = temp_dir("cwd");
    target::LaunchRequest r;
    r.argv = {program("environment", environment_src), dir, "a b", "$RSPD_T_WORD"};
    r.environment = {{"RSPD_T_FOO", "bar baz"}, {"RSPD_T_GONE", std::nullopt}, {"RSPD_T_WORD", "word"}};
    r.working_dir = dir;
    r.startup_with_shell = true;
    auto pid = launch_request(s, r);
    BOOST_REQUIRE_MESSAGE(pid.ok(), why(pid));
    BOOST_TEST(*target::linux::exe_path(*pid) == r.argv[0]); // the shell has exec'd it
    s.resume_all(*pid);
    s.expect_exit(0);
    ::unsetenv("RSPD_T_GONE");
}

BOOST_AUTO_TEST_CASE(wrapper_without_shell) {
    Session s;
    std::string dir = temp_dir("cwd");
    target::LaunchRequest r;
    r.argv = {program("environment", environment_src), dir, "a b", "word"};
    r.wrapper = {"env", "RSPD_T_FOO=bar baz"};
    r.working_dir = dir;
    auto pid = launch_request(s, r);
    BOOST_REQUIRE_MESSAGE(pid.ok(), why(pid));
    BOOST_TEST(*target::linux::exe_path(*pid) == r.argv[0]); // past env's exec
    s.resume_all(*pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(missing_or_not_executable_programs_fail_before_forking) {
    Session s;
    for (bool shell : {false, true}) {
        target::LaunchRequest r;
        r.argv = {"/nonexistent/program"};
        r.startup_with_shell = shell;
        auto pid = launch_request(s, r);
        BOOST_REQUIRE(!pid.ok());
        BOOST_TEST(pid.error().code == ENOENT);
        BOOST_TEST(pid.error().message == "Cannot exec /nonexistent/program: No such file or directory");
    }
    std::string plain = work_dir() + "/not-executable";
    std::ofstream(plain) << "data";
    target::LaunchRequest r;
    r.argv = {plain};
    auto pid = launch_request(s, r);
    BOOST_REQUIRE(!pid.ok());
    BOOST_TEST(pid.error().code == EACCES);
    r.argv = {"no-such-program-in-path"};
    BOOST_TEST(launch_request(s, r).error().code == ENOENT);
    BOOST_TEST(s.target.processes().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(linux_process_events)

// With fork events the child is a process of the client's: stopped, its copy of memory
// holding our breakpoint (hidden from reads), until the client removes it and detaches.
BOOST_AUTO_TEST_CASE(fork_child_kept_until_detached) {
    Session s;
    std::string prog = program("fork", fork_src);
    std::uint64_t f = symbol(prog, "f");
    s.target.set_pass_signals({SIGCHLD});
    s.target.report_forks(true, false);
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, f, 1).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::fork);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    int child = ev.child.pid;
    BOOST_CHECK(ev.child == (Ptid{child, child}));
    BOOST_CHECK(s.target.processes() == (std::vector<int>{pid, child}));
    BOOST_CHECK_EQUAL(task_state(child, child), 't');
    std::uint8_t byte = 0;
    BOOST_REQUIRE(s.target.read_memory(child, f, {&byte, 1}).ok());
    BOOST_CHECK_NE(byte, 0xcc);               // shadowed: the original instruction
    BOOST_CHECK_EQUAL(raw_byte(child, f), 0xcc); // though the child's copy holds int3
    BOOST_REQUIRE(s.target.remove_breakpoint(child, BreakpointType::software, f, 1).ok());
    BOOST_CHECK_NE(raw_byte(child, f), 0xcc);
    BOOST_REQUIRE(s.target.detach(child).ok());
    s.resume_one({pid, pid}, ResumeKind::cont);
    ev = s.next_event(); // the parent's own call, after its child exited 3
    BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    s.finish(pid, f);
}

// A vfork child shares its parent's memory and breakpoints: removed through the parent
// before the child goes, put back after the parent's vfork_done, as gdb does.
BOOST_AUTO_TEST_CASE(vfork_child_shares_breakpoints_and_vforkdone_is_reported) {
    Session s;
    std::string prog = program("vfork", vfork_src);
    std::uint64_t f = symbol(prog, "f");
    s.target.set_pass_signals({SIGCHLD});
    s.target.report_forks(false, true);
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, f, 1).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::vfork);
    int child = ev.child.pid;
    std::uint8_t byte = 0;
    BOOST_REQUIRE(s.target.read_memory(child, f, {&byte, 1}).ok());
    BOOST_CHECK_NE(byte, 0xcc);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, f, 1).ok());
    BOOST_CHECK_NE(raw_byte(child, f), 0xcc); // one memory
    BOOST_REQUIRE(s.target.detach(child).ok());
    s.resume_one({pid, pid}, ResumeKind::cont);
    ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::vfork_done);
    s.run_to(pid, f);
    s.finish(pid, f);
}

BOOST_AUTO_TEST_CASE(syscall_entry_and_return_of_the_caught_number) {
    Session s;
    int pid = s.launch({program("getppid", getppid_src)});
    BOOST_REQUIRE(s.target.catch_syscalls(pid, std::vector<int>{110}).ok()); // getppid
    for (auto reason : {StopReason::syscall_entry, StopReason::syscall_return,
                        StopReason::syscall_entry}) {
        s.resume_all(pid);
        StopEvent ev = s.next_event();
        BOOST_REQUIRE(ev.reason == reason);
        BOOST_CHECK_EQUAL(ev.syscall, 110);
    }
    BOOST_REQUIRE(s.target.catch_syscalls(pid, std::nullopt).ok());
    s.resume_all(pid);
    s.expect_exit(6);
    BOOST_CHECK(!s.target.catch_syscalls(pid, std::nullopt).ok()); // gone
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(linux_host_files)

BOOST_AUTO_TEST_CASE(confined_reads_only_what_the_program_maps) {
    Session s;
    std::string prog = program("waiting", waiting_src);
    int pid = s.launch({prog});
    target::HostIo& io = *s.target.host_io();
    auto fd = io.open(prog, {}, 0);
    BOOST_REQUIRE_MESSAGE(fd.ok(), why(fd));
    std::uint8_t head[4];
    BOOST_TEST(*io.pread(*fd, head, 0) == 4u);
    BOOST_TEST(std::memcmp(head, "\x7f" "ELF", 4) == 0);
    BOOST_TEST(io.fstat(*fd)->size == std::filesystem::file_size(prog));
    BOOST_TEST(io.close(*fd).ok());
    BOOST_TEST(io.close(*fd).error().code == EBADF);

    std::ifstream in(prog, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    target::linux::Md5 md5;
    md5.update(bytes);
    BOOST_TEST(*io.md5(prog) == md5.finish());

    BOOST_TEST(io.open("/etc/passwd", {}, 0).error().code == EACCES);
    BOOST_TEST(io.stat("/etc/passwd").error().code == EACCES);
    BOOST_TEST(io.open("/nonexistent/file", {}, 0).error().code == ENOENT);
    target::OpenFlags write;
    write.access = target::OpenFlags::Access::write;
    BOOST_TEST(io.open(prog, write, 0).error().code == EACCES);
    BOOST_TEST(io.unlink(prog).error().code == EACCES);
    BOOST_TEST(io.readlink("/proc/self/exe").error().code == EACCES);
    // Its own /proc entries, and the libraries it maps (the dynamic loader at least).
    BOOST_TEST(io.open("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/maps", {}, 0).ok());
    BOOST_TEST(io.open("/proc/" + std::to_string(pid) + "/root/etc/passwd", {}, 0).error().code == EACCES);
    BOOST_TEST(io.set_filesystem(pid).ok());
    BOOST_TEST(io.open(prog, {}, 0).ok());
    BOOST_TEST(io.set_filesystem(1).error().code == EACCES); // not ours
    BOOST_TEST(io.set_filesystem(0).ok());
    io.reset();
    s.kill_process(pid);
    BOOST_TEST(io.open(prog, {}, 0).error().code == EACCES); // nobody maps it any more
}

BOOST_AUTO_TEST_CASE(roots_are_read_only_and_symlinks_cannot_leave_them) {
    Session s;
    std::string root = temp_dir("hostio-root");
    std::ofstream(root + "/data") << "x";
    std::filesystem::remove(root + "/escape");
    std::filesystem::create_symlink("/etc/passwd", root + "/escape");
    s.target.set_host_io_policy({false, {root + "/"}});
    target::HostIo& io = *s.target.host_io();
    BOOST_TEST(io.open(root + "/data", {}, 0).ok());
    BOOST_TEST(io.open(root + "/../hostio-root/data", {}, 0).ok());
    BOOST_TEST(io.open(root + "/escape", {}, 0).error().code == EACCES);
    BOOST_TEST(io.stat(root + "/data")->size == 1u);
}

// setfs: paths then name files as that process sees them, its own mounts included.
BOOST_AUTO_TEST_CASE(setfs_reads_in_the_mount_namespace_of_the_process) {
    std::string dir = temp_dir("ns-mount");
    int pid = spawn_in_mount_namespace(dir);
    if (!pid) {
        BOOST_TEST_MESSAGE("no mount namespaces here: setfs across namespaces not tested");
        return;
    }
    {
        Session s;
        s.target.set_host_io_policy({true, {}});
        target::HostIo& io = *s.target.host_io();
        BOOST_TEST(io.open(dir + "/inside.txt", {}, 0).error().code == ENOENT); // not in ours
        BOOST_REQUIRE(io.set_filesystem(pid).ok());
        auto fd = io.open(dir + "/inside.txt", {}, 0);
        BOOST_REQUIRE_MESSAGE(fd.ok(), why(fd));
        std::uint8_t text[16];
        auto n = io.pread(*fd, text, 0);
        BOOST_TEST(std::string(reinterpret_cast<char*>(text), *n) == "namespace");
        BOOST_REQUIRE(io.set_filesystem(0).ok());
        BOOST_TEST(io.open(dir + "/inside.txt", {}, 0).error().code == ENOENT);
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(full_access_writes_and_unlinks) {
    Session s;
    std::string dir = temp_dir("hostio-full");
    s.target.set_host_io_policy({true, {}});
    target::HostIo& io = *s.target.host_io();
    target::OpenFlags create;
    create.access = target::OpenFlags::Access::write;
    create.create = true;
    create.truncate = true;
    auto fd = io.open(dir + "/new", create, 0640);
    BOOST_REQUIRE_MESSAGE(fd.ok(), why(fd));
    const std::uint8_t data[] = {'h', 'i'};
    BOOST_TEST(*io.pwrite(*fd, data, 0) == 2u);
    BOOST_TEST((io.fstat(*fd)->mode & 0777) == 0640u);
    BOOST_TEST(io.close(*fd).ok());
    BOOST_TEST(std::filesystem::file_size(dir + "/new") == 2u);
    std::filesystem::remove(dir + "/link");
    std::filesystem::create_symlink("new", dir + "/link");
    BOOST_TEST(*io.readlink(dir + "/link") == "new");
    BOOST_TEST(io.unlink(dir + "/new").ok());
    BOOST_TEST(!std::filesystem::exists(dir + "/new"));
    BOOST_TEST(io.open("/etc/passwd", {}, 0).ok());
}

BOOST_AUTO_TEST_SUITE_END()
