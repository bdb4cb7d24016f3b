// Non-stop transcripts (GDB manual, "Remote Non-Stop", "Notification Packets"): resumes reply
// OK at once, stops go out as %Stop notifications drained by vStopped, '?' reports every
// stopped thread, unacknowledged stops keep their thread out of resumes.
#include <boost/test/unit_test.hpp>

#include "rsp/stop_queue.hpp"
#include "transcript.hpp"

using test::Transcript;
using target::StopEvent;
using target::StopKind;
using target::StopReason;

namespace {

StopEvent trap(int tid) {
    return {.thread = {0x10, tid}, .signal = SIGTRAP, .reason = StopReason::sw_breakpoint};
}

// A transcript in non-stop mode with multiprocess ids and swbreak.
struct NonStop : Transcript {
    NonStop() {
        reply("qSupported:multiprocess+;swbreak+;no-resumed+");
        BOOST_TEST(reply("QNonStop:1") == "OK");
        BOOST_TEST(target.non_stop);
    }
    // vCont;c: every thread the client knows stopped runs.
    void resumed_all() { BOOST_TEST(reply("vCont;c") == "OK"); }
    // The target reports ev (its thread stopped on its own).
    void stopped(const StopEvent& ev) {
        wire.clear();
        target.stop(ev.thread.tid);
        session.on_stop(ev);
    }
};

const std::string stop_11 = "T0502:0000000000000000;01:0000000000000000;00:0000000000000000;"
                            "thread:p10.11;swbreak:;";

} // namespace

BOOST_AUTO_TEST_SUITE(session_non_stop)

BOOST_AUTO_TEST_CASE(qsupported_offers_non_stop_and_thread_events) {
    Transcript t;
    auto reply = t.reply("qSupported:no-resumed+");
    BOOST_TEST(reply.find(";QNonStop+") != std::string::npos);
    BOOST_TEST(reply.find(";QThreadEvents+") != std::string::npos);
    BOOST_TEST(reply.find(";no-resumed+") != std::string::npos);
    BOOST_TEST(t.session.context().features.no_resumed);
    BOOST_TEST(t.reply("QNonStop:2") == "E16");
    BOOST_TEST(t.reply("QThreadEvents:1") == "OK");
    BOOST_TEST(t.target.thread_events);
}

BOOST_AUTO_TEST_CASE(vcont_replies_ok_and_stops_are_notified_one_sequence_at_a_time) {
    NonStop t;
    t.resumed_all();
    BOOST_TEST(t.target.last_resume.size() == 2u);
    BOOST_TEST(t.reply("qC") == "QCp10.10"); // packets are served while threads run

    t.stopped(trap(0x11));
    BOOST_TEST(t.replies().empty());
    BOOST_REQUIRE_EQUAL(t.notifications().size(), 1u);
    BOOST_TEST(t.notifications()[0] == "Stop:" + stop_11);
    // A second stop while the first is not acknowledged waits for vStopped.
    t.stopped(trap(0x10));
    BOOST_TEST(t.wire.empty());
    auto next = t.reply("vStopped");
    BOOST_TEST(next.starts_with("T0502:3412000000000000;"));
    BOOST_TEST(next.find("thread:p10.10;") != std::string::npos);
    BOOST_TEST(t.reply("vStopped") == "OK");
    BOOST_TEST(t.reply("vStopped") == "OK"); // nothing left: still OK
    // The sequence is over: the next stop is a new notification.
    t.resumed_all();
    t.stopped(trap(0x11));
    BOOST_TEST(t.notifications().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_thread_with_an_unacknowledged_stop_is_not_resumed) {
    NonStop t;
    t.resumed_all();
    t.stopped(trap(0x11));
    t.target.last_resume.clear();
    // For gdb, 0x11 still runs until it acknowledges the stop: its continue is ignored.
    BOOST_TEST(t.reply("vCont;c:p10.11") == "OK");
    BOOST_TEST(t.reply("vCont;t:p10.11") == "OK"); // and so is a stop request
    BOOST_TEST(t.reply("vCont;c") == "OK");        // 0x10 runs already: nothing to do
    BOOST_TEST(t.target.last_resume.empty());
    BOOST_TEST(t.reply("vStopped") == "OK");
    BOOST_TEST(t.reply("vCont;c") == "OK");
    BOOST_REQUIRE_EQUAL(t.target.last_resume.size(), 1u);
    BOOST_TEST(t.target.last_resume[0].thread.tid == 0x11);
    BOOST_TEST(t.target.resumed_running == 0);
}

BOOST_AUTO_TEST_CASE(vcont_t_names_exactly_the_threads_to_stop) {
    NonStop t;
    t.target.last_resume.clear();
    BOOST_TEST(t.reply("vCont;t:p10.11") == "OK"); // stopped already: ignored
    BOOST_TEST(t.target.last_resume.empty());
    t.resumed_all();
    BOOST_TEST(t.reply("vCont;t:p10.11") == "OK");
    BOOST_REQUIRE_EQUAL(t.target.last_resume.size(), 1u);
    BOOST_TEST((t.target.last_resume[0].kind == target::ResumeKind::stop));
    BOOST_TEST(t.target.last_resume[0].thread.tid == 0x11);
    // Its stop, reported with signal 0 as gdb expects.
    t.stopped({.thread = {0x10, 0x11}});
    BOOST_TEST(t.notifications().at(0).starts_with("Stop:T00"));
}

BOOST_AUTO_TEST_CASE(question_mark_reports_every_stopped_thread) {
    NonStop t;
    // At connection both threads are stopped: the launch stop for 0x10, signal 0 for 0x11.
    auto first = t.reply("?");
    BOOST_TEST(first.starts_with("T05"));
    BOOST_TEST(first.find("thread:p10.10;") != std::string::npos);
    auto second = t.reply("vStopped");
    BOOST_TEST(second.starts_with("T00"));
    BOOST_TEST(second.find("thread:p10.11;") != std::string::npos);
    BOOST_TEST(t.reply("vStopped") == "OK");
    // A thread's last reported stop is what '?' tells again; running threads are left out.
    t.resumed_all();
    t.stopped(trap(0x11));
    BOOST_TEST(t.reply("?") == stop_11); // the pending sequence is abandoned, a new one starts
    BOOST_TEST(t.reply("vStopped") == "OK");
    t.resumed_all();
    BOOST_TEST(t.reply("?") == "OK");
}

BOOST_AUTO_TEST_CASE(exits_and_thread_events_are_notified) {
    NonStop t;
    t.resumed_all();
    t.stopped({.kind = StopKind::thread_exited, .thread = {0x10, 0x11}, .exit_status = 0});
    BOOST_TEST(t.notifications().at(0) == "Stop:w00;p10.11");
    BOOST_TEST(t.reply("vStopped") == "OK");
    t.stopped({.kind = StopKind::no_resumed, .thread = {0x10, 0}});
    BOOST_TEST(t.notifications().at(0) == "Stop:N");
    BOOST_TEST(t.reply("vStopped") == "OK");
    t.stopped({.thread = {0x10, 0x11}, .signal = SIGTRAP, .reason = StopReason::thread_created});
    BOOST_TEST(t.notifications().at(0).ends_with("thread:p10.11;create:;"));
    BOOST_TEST(t.reply("vStopped") == "OK");
    BOOST_REQUIRE(t.target.kill(0x10).ok());
    t.stopped({.kind = StopKind::exited, .thread = {0x10, 0x10}, .exit_status = 3});
    BOOST_TEST(t.notifications().at(0) == "Stop:W03;process:10");
    BOOST_TEST(t.reply("vStopped") == "OK");
    BOOST_TEST(!t.session.finished()); // gdb closes the connection itself
}

BOOST_AUTO_TEST_CASE(no_resumed_is_N_only_for_clients_that_know_it) {
    Transcript plain;
    plain.exchange("vCont;c");
    plain.wire.clear();
    plain.session.on_stop({.kind = StopKind::no_resumed, .thread = {0x10, 0}});
    // A client without no-resumed+ (LLDB) would wait for ever: a stop without a signal in a
    // thread that is left ends its wait (found by fuzz_session).
    auto reply = plain.replies().at(0);
    BOOST_TEST(reply.starts_with("T00"));
    BOOST_TEST(reply.ends_with(";thread:10;"));
    Transcript t;
    t.reply("qSupported:no-resumed+");
    t.exchange("vCont;c:11");
    t.wire.clear();
    t.session.on_stop({.kind = StopKind::no_resumed, .thread = {0x10, 0}});
    BOOST_TEST(t.replies().at(0) == "N");
    BOOST_TEST(t.reply("?").starts_with("T05")); // N is no stop: '?' still tells the last one
}

BOOST_AUTO_TEST_CASE(ctrl_c_interrupts_and_leaving_non_stop_drops_the_queue) {
    NonStop t;
    t.resumed_all();
    BOOST_TEST(t.reply("vCtrlC") == "OK");
    BOOST_TEST(t.target.interrupts == 1);
    t.session.on_bytes("\x03");
    BOOST_TEST(t.target.interrupts == 2);
    t.stopped(trap(0x11));
    BOOST_TEST(t.reply("QNonStop:0") == "OK");
    BOOST_TEST(!t.target.non_stop);
    BOOST_TEST(t.reply("vStopped") == "OK");
}

BOOST_AUTO_TEST_CASE(stop_queue_replaces_a_queued_stop_of_the_same_thread) {
    rsp::StopQueue q;
    BOOST_TEST(q.push(trap(0x10)));       // starts a sequence: notify
    BOOST_TEST(!q.push(trap(0x11)));
    BOOST_TEST(!q.push({.thread = {0x10, 0x11}, .signal = SIGINT})); // replaces the queued one
    BOOST_TEST(q.size() == 2u);
    BOOST_TEST(q.holds({0x10, 0x11}));
    auto next = q.acknowledge();
    BOOST_REQUIRE(next);
    BOOST_TEST(next->signal == SIGINT);
    BOOST_TEST(!q.acknowledge());
    BOOST_TEST(!q.holds({0x10, 0x11}));
    BOOST_TEST(q.push(trap(0x11)));
    q.drop_process(0x10); // the front was sent: it stays until acknowledged
    BOOST_TEST(q.size() == 1u);
    BOOST_TEST(!q.acknowledge());
    BOOST_TEST(!q.restart({}));
}

BOOST_AUTO_TEST_SUITE_END()
