// LinuxTarget against real inferiors (linux_fixture.hpp, linux_programs.hpp). Launching and
// attaching: /proc/<pid>/stat parsing, launches, attach, detach and the destructor.
#include <string>

#include "linux_fixture.hpp"
#include "linux_programs.hpp"

using namespace linux_test;

BOOST_AUTO_TEST_SUITE(linux_target)

BOOST_AUTO_TEST_CASE(parse_stat_processor_counts_from_last_paren) {
    using target::linux::parse_stat_processor;
    std::string fields;
    for (int f = 3; f <= 52; ++f)
        fields += " " + std::to_string(f == 39 ? 3 : f);
    BOOST_CHECK_EQUAL(parse_stat_processor("1234 (a) b) c)" + fields), 3);
    BOOST_CHECK_EQUAL(parse_stat_processor("1234 (plain)" + fields), 3);
    BOOST_CHECK_EQUAL(parse_stat_processor("garbage"), -1);
    BOOST_CHECK_EQUAL(parse_stat_processor("1 (x) R 1 2"), -1);
}

BOOST_AUTO_TEST_CASE(parse_stat_comm_and_pending_signals) {
    using target::linux::parse_stat_comm;
    using target::linux::status_has_pending;
    BOOST_CHECK_EQUAL(parse_stat_comm("1234 (a) b) c) S 1"), "a) b) c");
    BOOST_CHECK_EQUAL(parse_stat_comm("1234 (worker-3) R 1"), "worker-3");
    BOOST_CHECK_EQUAL(parse_stat_comm("garbage"), "");
    std::string status = "Name:\tx\nSigQ:\t0/1\nSigPnd:\t0000000000000100\nShdPnd:\t0000000000000000\n";
    BOOST_CHECK(status_has_pending(status, SIGKILL)); // bit 8: signal 9
    BOOST_CHECK(!status_has_pending(status, SIGTERM));
    BOOST_CHECK(status_has_pending("SigPnd:\t0\nShdPnd:\t0000000000004000\n", SIGTERM));
    BOOST_CHECK(!status_has_pending("nothing", SIGKILL));
}

BOOST_AUTO_TEST_CASE(launch_runs_to_exit) {
    Session s;
    int pid = s.launch({"/bin/true"});
    BOOST_CHECK_GT(pid, 0);
    BOOST_CHECK(s.target.processes() == std::vector<int>{pid});
    BOOST_CHECK(!s.target.was_attached(pid));
    BOOST_CHECK(s.events.empty()); // stopped at the first instruction, nothing reported
    s.resume_all(pid);
    s.expect_exit(0);
    BOOST_CHECK(s.target.processes().empty());
}

BOOST_AUTO_TEST_CASE(launch_reports_exit_code_and_searches_path) {
    Session s;
    int pid = s.launch({program("exit_code", exit_code_src)});
    s.resume_all(pid);
    s.expect_exit(7);
    pid = s.launch({"true"}); // no '/': found through PATH
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(launch_of_missing_program_fails) {
    Session s;
    std::optional<target::Result<int>> result;
    s.target.launch({"/nonexistent/prog"}, [&](target::Result<int> r) { result = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
    BOOST_REQUIRE(!result->ok());
    BOOST_CHECK_EQUAL(result->error().code, ENOENT);
    BOOST_CHECK_EQUAL(result->error().message,
                      "Cannot exec /nonexistent/prog: No such file or directory");
    BOOST_CHECK(s.target.processes().empty());
}

BOOST_AUTO_TEST_CASE(launch_stops_at_first_instruction_without_aslr) {
    Session s;
    int pid = s.launch({program("exit_code", exit_code_src)});
    Ptid leader{pid, pid};
    // At the first instruction the PC is the dynamic loader's entry, not the program's main.
    BOOST_CHECK_NE(s.pc(leader), symbol(program("exit_code", exit_code_src), "main"));
    BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid").find(std::to_string(::getpid())) !=
                          std::string::npos,
                      true);
    auto personality = target::linux::read_proc_file(pid, "personality");
    BOOST_REQUIRE(personality.ok());
    BOOST_CHECK_EQUAL(std::stoul(*personality, nullptr, 16) & 0x0040000, 0x0040000u);
    auto exe = s.target.exec_file(pid);
    BOOST_REQUIRE(exe.ok());
    BOOST_CHECK_EQUAL(*exe, program("exit_code", exit_code_src));
    auto auxv = s.target.auxv(pid);
    BOOST_REQUIRE(auxv.ok());
    BOOST_CHECK_GT(auxv->size(), 16u);
    BOOST_CHECK_EQUAL(s.kill_process(pid).signal, SIGKILL);
}

BOOST_AUTO_TEST_CASE(attach_to_a_sleeping_child_and_detach) {
    int pid = spawn_sleeper();
    {
        Session s;
        std::optional<target::Result<void>> result;
        s.target.attach(pid, [&](target::Result<void> r) { result = std::move(r); });
        BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
        BOOST_REQUIRE_MESSAGE(result->ok(), why(*result));
        BOOST_CHECK(s.target.was_attached(pid));
        BOOST_CHECK(s.target.processes() == std::vector<int>{pid});
        BOOST_CHECK_EQUAL(s.target.threads(pid).size(), 1u);
        BOOST_CHECK_EQUAL(task_state(pid, pid), 't');
        BOOST_CHECK(s.events.empty());
        auto again = std::optional<target::Result<void>>();
        s.target.attach(pid, [&](target::Result<void> r) { again = std::move(r); });
        BOOST_REQUIRE(s.run_until([&] { return again.has_value(); }));
        BOOST_CHECK(!again->ok());

        // Run it a little, interrupt, then detach: it must go on sleeping, untraced.
        s.resume_all(pid);
        s.run_for(50ms);
        s.interrupt();
        BOOST_REQUIRE(s.target.detach(pid).ok());
        BOOST_CHECK(s.target.processes().empty());
        BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid"), "\t0");
        s.run_for(20ms);
        BOOST_CHECK_NE(task_state(pid, pid), 't');
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(attach_to_every_thread) {
    std::string prog = program("sleepers", sleepers_src);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execl(prog.c_str(), prog.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int i = 0; i < 400; ++i) {
        auto tasks = target::linux::task_ids(pid);
        if (tasks.ok() && tasks->size() == 4) break;
        std::this_thread::sleep_for(5ms);
    }
    {
        Session s;
        std::optional<target::Result<void>> result;
        s.target.attach(pid, [&](target::Result<void> r) { result = std::move(r); });
        BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
        BOOST_REQUIRE_MESSAGE(result->ok(), why(*result));
        auto threads = s.target.threads(pid);
        BOOST_CHECK_EQUAL(threads.size(), 4u);
        for (const auto& t : threads)
            BOOST_CHECK_EQUAL(task_state(pid, t.id.tid), 't');
        for (const auto& t : threads)
            BOOST_CHECK(s.target.read_registers(t.id).ok());
        s.resume_all(pid);
        s.run_for(30ms);
        s.interrupt();
        BOOST_REQUIRE(s.target.detach(pid).ok());
        BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid"), "\t0");
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(attach_to_missing_process_fails) {
    Session s;
    std::optional<target::Result<void>> result;
    s.target.attach(999999999, [&](target::Result<void> r) { result = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
    BOOST_CHECK(!result->ok());
}

BOOST_AUTO_TEST_CASE(detach_leaves_a_launched_program_running) {
    int pid = 0;
    {
        Session s;
        pid = s.launch({program("spin", spin_src)});
        s.resume_all(pid);
        s.run_for(20ms);
        s.interrupt();
        BOOST_REQUIRE(s.target.detach(pid).ok());
        s.run_for(50ms);
        BOOST_CHECK(s.events.empty());
        BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid"), "\t0");
        BOOST_CHECK_EQUAL(task_state(pid, pid), 'R');
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(destructor_kills_launched_programs) {
    int pid = 0;
    {
        Session s;
        pid = s.launch({program("spin", spin_src)});
        s.resume_all(pid);
        s.run_for(20ms);
    }
    int status = 0;
    BOOST_REQUIRE_EQUAL(::waitpid(pid, &status, __WALL), pid);
    BOOST_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

BOOST_AUTO_TEST_SUITE_END()
