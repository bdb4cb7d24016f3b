// Transcript tests of LLDB's run control against the fake target: the stop replies (with
// their thread lists and reasons in words), thread stop information, kill, launch with
// qLaunchSuccess, and attach-wait. Queries are in test_lldb_session.cpp.
#include <boost/test/unit_test.hpp>

#include "lldb_fixture.hpp"

using namespace test::lldb;

BOOST_AUTO_TEST_SUITE(lldb_run_control)

BOOST_AUTO_TEST_CASE(stop_reply_lists_threads_pcs_and_reason_for_lldb) {
    Transcript t;
    negotiate(t);
    // Every thread's PC, SP and FP too: LLDB starts unwinding any thread without asking.
    std::string jstopinfo = hex(R"([{"tid":16,"name":"fake","reason":"signal","signal":5,)"
                                R"("registers":{"2":"3412000000000000","1":"0000000000000000",)"
                                R"("0":"0000000000000000"}},)"
                                R"({"tid":17,"name":"fake","registers":{"2":"0000000000000000",)"
                                R"("1":"0000000000000000","0":"0000000000000000"}}])");
    BOOST_TEST(t.reply("?") == "T0500:0000000000000000;01:0000000000000000;02:3412000000000000;"
                               "thread:p10.10;name:fake;threads:10,11;thread-pcs:1234,0;"
                               "jstopinfo:" + jstopinfo + ";reason:signal;");
}

BOOST_AUTO_TEST_CASE(breakpoint_and_step_stops_say_why_in_words) {
    Transcript t;
    negotiate(t);
    t.exchange("vCont;c");
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x11}, .signal = SIGTRAP,
                       .reason = target::StopReason::sw_breakpoint});
    auto reply = t.replies().at(0);
    BOOST_TEST(reply.ends_with(";reason:breakpoint;"));
    BOOST_TEST(reply.find("swbreak") == std::string::npos); // LLDB did not offer swbreak+
    t.exchange("vCont;s:11");
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x11}, .signal = SIGTRAP,
                       .reason = target::StopReason::single_step});
    BOOST_TEST(t.replies().at(0).ends_with(";reason:trace;"));
}

BOOST_AUTO_TEST_CASE(watchpoint_stop_is_reason_and_description_for_lldb_watch_for_gdb) {
    target::StopEvent hit{.thread = {0x10, 0x10}, .signal = SIGTRAP,
                          .reason = target::StopReason::watch, .address = 0x1008};
    Transcript lldb;
    negotiate(lldb);
    lldb.exchange("vCont;c");
    lldb.wire.clear();
    lldb.session.on_stop(hit);
    auto reply = lldb.replies().at(0);
    BOOST_TEST(reply.ends_with(";reason:watchpoint;description:" + hex("4104") + ";"));
    BOOST_TEST(reply.find("watch:") == std::string::npos);
    test::Transcript gdb;
    gdb.reply("qSupported:swbreak+;hwbreak+");
    gdb.exchange("vCont;c");
    gdb.wire.clear();
    gdb.session.on_stop(hit);
    BOOST_TEST(gdb.replies().at(0) == "T0502:3412000000000000;01:0000000000000000;"
                                      "00:0000000000000000;thread:10;watch:1008;");
}

// gdb's k has no reply; LLDB waits for the exit and takes silence for a failure.
BOOST_AUTO_TEST_CASE(kill_is_answered_with_the_exit_for_lldb_only) {
    target::StopEvent killed{.kind = target::StopKind::terminated, .thread = {0x10, 0x10},
                             .signal = SIGKILL};
    Transcript lldb;
    negotiate(lldb);
    BOOST_TEST(lldb.exchange("k").empty());
    lldb.session.on_stop(killed);
    BOOST_TEST(lldb.replies() == std::vector<std::string>{"X09;process:10"});
    BOOST_TEST(lldb.session.finished());
    test::Transcript gdb;
    gdb.reply("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+");
    BOOST_TEST(gdb.exchange("k").empty());
    gdb.session.on_stop(killed);
    BOOST_TEST(gdb.replies().empty());
    BOOST_TEST(gdb.session.finished());
}

BOOST_AUTO_TEST_CASE(gdb_keeps_its_stop_reply) {
    test::Transcript gdb;
    gdb.reply("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    gdb.exchange("vCont;c");
    gdb.wire.clear();
    gdb.session.on_stop({.thread = {0x10, 0x10}, .signal = SIGTRAP,
                         .reason = target::StopReason::sw_breakpoint});
    BOOST_TEST(gdb.replies().at(0) == "T0502:3412000000000000;01:0000000000000000;"
                                      "00:0000000000000000;thread:p10.10;swbreak:;");
}

BOOST_AUTO_TEST_CASE(jthreadsinfo_has_every_thread_with_registers) {
    Transcript t;
    negotiate(t);
    auto json = unescaped(t.reply("jThreadsInfo"));
    BOOST_TEST(json == R"([{"tid":16,"name":"fake","reason":"signal","signal":5,"registers":)"
                       R"({"2":"3412000000000000","1":"0000000000000000","0":"0000000000000000"}},)"
                       R"({"tid":17,"name":"fake","registers":)"
                       R"({"2":"0000000000000000","1":"0000000000000000","0":"0000000000000000"}}])");
    // '}' goes out escaped (}] on the wire), the way LLDB reads JSON replies.
    BOOST_TEST(t.reply("jThreadsInfo").find("}]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(qthreadstopinfo_of_each_thread) {
    Transcript t;
    negotiate(t);
    BOOST_TEST(t.reply("qThreadStopInfo10").ends_with(";reason:signal;"));
    auto other = t.reply("qThreadStopInfo11");
    BOOST_TEST(other.starts_with("T00"));
    BOOST_TEST(other.find("thread:p10.11;name:fake;") != std::string::npos);
    BOOST_TEST(other.find("reason:") == std::string::npos);
    BOOST_TEST(t.reply("qThreadStopInfo99").starts_with("E03"));
}

BOOST_AUTO_TEST_CASE(launch_with_streams_and_aslr_then_qlaunchsuccess) {
    Transcript t;
    // A stub with no process, as LLDB's own debugserver starts.
    BOOST_REQUIRE(t.target.kill(0x10).ok());
    BOOST_TEST(t.reply("QSetSTDIN:" + hex("/dev/pts/3")) == "OK");
    BOOST_TEST(t.reply("QSetSTDOUT:" + hex("/dev/pts/3")) == "OK");
    BOOST_TEST(t.reply("QSetSTDERR:" + hex("/tmp/err")) == "OK");
    BOOST_TEST(t.reply("QSetDisableASLR:0") == "OK");
    BOOST_TEST(t.reply("QSetDisableASLR:x") == "E16");
    std::string prog = hex("/bin/prog"), arg = hex("a b");
    BOOST_TEST(t.exchange(fmt::format("A{},0,{},{},1,{}", prog.size(), prog, arg.size(), arg)).empty());
    BOOST_REQUIRE_EQUAL(t.launcher.requests.size(), 1u);
    const auto& launched = t.launcher.requests.back();
    BOOST_TEST((launched.argv == std::vector<std::string>{"/bin/prog", "a b"}));
    BOOST_TEST(launched.stdin_path == "/dev/pts/3");
    BOOST_TEST(launched.stdout_path == "/dev/pts/3");
    BOOST_TEST(launched.stderr_path == "/tmp/err");
    BOOST_TEST(!launched.disable_aslr);
    t.wire.clear();
    t.launcher.pending_launch(target::make_error(ENOENT, "Cannot exec /bin/prog: No such file"));
    BOOST_TEST(t.replies() == std::vector<std::string>{"E02"});
    BOOST_TEST(t.reply("qLaunchSuccess") == "ECannot exec /bin/prog: No such file");
    t.exchange(fmt::format("A{},0,{}", prog.size(), prog));
    t.wire.clear();
    t.launcher.pending_launch(0x10);
    BOOST_TEST(t.replies() == std::vector<std::string>{"OK"});
    BOOST_TEST(t.reply("qLaunchSuccess") == "OK");
    BOOST_TEST(t.reply("?").starts_with("T05"));
}

BOOST_AUTO_TEST_CASE(malformed_launch_arguments) {
    Transcript t;
    BOOST_TEST(t.reply("A4,0,2f") == "E16");        // shorter than its length
    BOOST_TEST(t.reply("A2,1,2f") == "E16");        // no argument 0
    BOOST_TEST(t.reply("A2,0,2f,2,0,2f") == "E16"); // argument 0 twice
    BOOST_TEST(t.reply("Ax,0,2f") == "E16");
    BOOST_TEST(t.reply("A2,0,2f") == "E10");        // fine, but a process is running
    t.target.launcher_ = nullptr;
    t.target.attach_waiting_ = nullptr;
    BOOST_TEST(t.reply("A2,0,2f") == "");           // a target that cannot launch
    BOOST_TEST(t.reply("qVAttachOrWaitSupported") == "");
}

BOOST_AUTO_TEST_CASE(attach_wait_replies_with_the_stop_and_ctrl_c_calls_it_off) {
    Transcript t;
    negotiate(t);
    BOOST_TEST(t.reply("qVAttachOrWaitSupported") == "OK");
    BOOST_TEST(t.exchange("vAttachWait;" + hex("prog")).empty());
    BOOST_TEST((t.lldb.waited_for == std::pair<std::string, bool>{"prog", false}));
    t.wire.clear();
    t.lldb.wait_done(0x10);
    BOOST_TEST(t.replies().at(0).starts_with("T00")); // stopped for no reason of its own
    BOOST_TEST(t.replies().at(0).find("thread:p10.10;") != std::string::npos);

    BOOST_TEST(t.exchange("vAttachOrWait;" + hex("prog")).empty());
    BOOST_TEST(t.lldb.waited_for.second);
    t.wire.clear();
    t.session.on_bytes("\x03"); // Ctrl-C: stop waiting
    BOOST_TEST(t.replies() == std::vector<std::string>{"E7d"}); // ECANCELED
    // vAttach (extended-remote's) stops LLDB's attach quietly too.
    t.exchange("vAttach;10");
    t.wire.clear();
    t.launcher.pending_attach({});
    BOOST_TEST(t.replies().at(0).starts_with("T00"));
    BOOST_TEST(t.reply("vAttachWait;zz") == "E16");
}

BOOST_AUTO_TEST_SUITE_END()
