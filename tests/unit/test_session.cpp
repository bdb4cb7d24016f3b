// Transcript tests: packets in, replies out, against the in-memory fake target.
#include "transcript.hpp"

#include <csignal>

using test::Transcript;

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(acks_each_packet_until_no_ack_mode) {
    Transcript t;
    t.exchange("qC");
    BOOST_TEST(t.wire.starts_with("+$"));
    BOOST_TEST(t.reply("QStartNoAckMode") == "OK");
    t.exchange("qC");
    BOOST_TEST(t.wire.starts_with("$"));
}

BOOST_AUTO_TEST_CASE(bad_checksum_is_nacked_and_nack_resends) {
    Transcript t;
    t.wire.clear();
    t.session.on_bytes("$qC#00");
    BOOST_TEST(t.wire == "-");
    t.reply("qC");
    std::string first = t.wire.substr(1);
    t.wire.clear();
    t.session.on_bytes("-");
    BOOST_TEST(t.wire == first);
}

BOOST_AUTO_TEST_CASE(qsupported_reports_features_and_reads_client_ones) {
    Transcript t;
    auto reply = t.reply("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+");
    BOOST_TEST(reply.starts_with("PacketSize=20000;"));
    BOOST_TEST(reply.find("qXfer:features:read+") != std::string::npos);
    BOOST_TEST(t.session.context().features.multiprocess);
    BOOST_TEST(t.reply("qC") == "QCp10.10");
}

BOOST_AUTO_TEST_CASE(unknown_packets_get_the_empty_reply) {
    Transcript t;
    BOOST_TEST(t.reply("qNoSuchThing") == "");
    BOOST_TEST(t.reply("vMustReplyEmpty") == "");
    BOOST_TEST(t.reply("qC") == "QC10"); // and the session carries on
}

BOOST_AUTO_TEST_CASE(stop_reply_expedites_pc_sp_fp_and_names_the_thread) {
    Transcript t;
    t.reply("qSupported:multiprocess+;swbreak+");
    BOOST_TEST(t.reply("?") == "T0502:3412000000000000;01:0000000000000000;"
                               "00:0000000000000000;thread:p10.10;");
}

BOOST_AUTO_TEST_CASE(threads_listed_at_once) {
    Transcript t;
    BOOST_TEST(t.reply("qfThreadInfo") == "m10,11");
    BOOST_TEST(t.reply("qsThreadInfo") == "l");
    BOOST_TEST(t.reply("T11") == "OK");
    BOOST_TEST(t.reply("T99").starts_with("E"));
}

BOOST_AUTO_TEST_CASE(memory_read_write_and_errors) {
    Transcript t;
    BOOST_TEST(t.reply("m1000,4") == "00010203");
    BOOST_TEST(t.reply("M1000,2:aabb") == "OK");
    BOOST_TEST(t.reply("m1000,2") == "aabb");
    BOOST_TEST(t.reply("X1002,2:}]}\x03") == "OK"); // escaped '}' and '#'... as binary
    BOOST_TEST(t.reply("m1002,2") == "7d23");
    BOOST_TEST(t.reply("X1000,0:") == "OK");     // gdb's probe for X
    BOOST_TEST(t.reply("m1ffe,10") == "0000");  // partial read at the end of the mapping
    BOOST_TEST(t.reply("m0,4") == "E0e");        // EFAULT
    BOOST_TEST(t.reply("mzz,4") == "E16");       // EINVAL
    BOOST_TEST(t.reply("M1000,3:aabb") == "E16"); // length does not match the data
}

BOOST_AUTO_TEST_CASE(registers_g_p_P_and_thread_selection) {
    Transcript t;
    BOOST_TEST(t.reply("p2") == "3412000000000000");
    BOOST_TEST(t.reply("P0=0100000000000000") == "OK");
    BOOST_TEST(t.reply("g").starts_with("0100000000000000"));
    BOOST_TEST(t.reply("Hg11") == "OK");
    BOOST_TEST(t.reply("p2") == "0000000000000000");
    BOOST_TEST(t.reply("p99") == "E16");
    BOOST_TEST(t.reply("P0=01") == "E16");
    BOOST_TEST(t.reply("Hg99").starts_with("E"));
    BOOST_TEST(t.reply("G00") == "E16");
}

BOOST_AUTO_TEST_CASE(breakpoints_software_ok_hardware_unsupported) {
    Transcript t;
    BOOST_TEST(t.reply("Z0,1234,1") == "OK");
    BOOST_TEST(t.target.breakpoints.count(0x1234) == 1);
    BOOST_TEST(t.reply("z0,1234,1") == "OK");
    BOOST_TEST(t.reply("Z1,1234,1") == "");
    BOOST_TEST(t.reply("Z0,1234") == "E16");
}

BOOST_AUTO_TEST_CASE(qsupported_offers_hardware_breakpoints_and_target_conditions) {
    Transcript t;
    auto reply = t.reply("qSupported:swbreak+;hwbreak+");
    for (const char* feature : {"hwbreak+", "ConditionalBreakpoints+", "BreakpointCommands+"})
        BOOST_TEST(reply.find(feature) != std::string::npos, feature);
}

BOOST_AUTO_TEST_CASE(breakpoint_conditions_and_commands_reach_the_target) {
    Transcript t;
    // As gdb 13 sends `break f if i == 4999` and a dprintf with agent style.
    BOOST_TEST(t.reply("Z0,1234,1;X13,26000622100222ec1608021916202313871327") == "OK");
    auto& cond = t.target.breakpoint_actions.at(0x1234);
    BOOST_REQUIRE_EQUAL(cond.conditions.size(), 1u);
    BOOST_TEST(cond.conditions[0].size() == 0x13u);
    BOOST_TEST(cond.conditions[0].front() == 0x26);
    BOOST_TEST(cond.conditions[0].back() == 0x27);
    BOOST_TEST(cond.commands.empty());
    BOOST_TEST(t.reply("Z0,1300,1;cmds:1,X3,220127") == "OK");
    auto& cmds = t.target.breakpoint_actions.at(0x1300);
    BOOST_TEST(cmds.persist);
    BOOST_TEST((cmds.commands.at(0) == std::vector<std::uint8_t>{0x22, 0x01, 0x27}));
    // Several conditions, with or without ';' between them, and commands after them.
    BOOST_TEST(t.reply("Z0,1400,1;X2,2227X2,2327;X1,27;cmds:0,X1,27X1,28") == "OK");
    auto& many = t.target.breakpoint_actions.at(0x1400);
    BOOST_TEST(many.conditions.size() == 3u);
    BOOST_TEST(many.commands.size() == 2u);
    BOOST_TEST(!many.persist);
    // A plain Z0 again makes it plain.
    BOOST_TEST(t.reply("Z0,1234,1") == "OK");
    BOOST_TEST(t.target.breakpoint_actions.at(0x1234).empty());
}

BOOST_AUTO_TEST_CASE(malformed_breakpoint_conditions_are_errors) {
    Transcript t;
    for (const char* bad : {"Z0,1234,1;X", "Z0,1234,1;X2,22", "Z0,1234,1;X1,zz", "Z0,1234,1;X0,",
                            "Z0,1234,1;Y1,27", "Z0,1234,1;cmds:1", "Z0,1234,1;cmds:1,", "Z0,1234,1;",
                            "Z0,1234,1;Xffffffffffffffff,27", "Z0,1234,1X1,27"})
        BOOST_TEST(t.reply(bad) == "E16", bad);
    BOOST_TEST(t.target.breakpoints.empty());
}

BOOST_AUTO_TEST_CASE(range_step_reaches_the_target) {
    Transcript t;
    BOOST_TEST(t.exchange("vCont;r1000,1010:10;c").empty());
    BOOST_REQUIRE_EQUAL(t.target.last_resume.size(), 2u);
    const auto& main = t.target.last_resume[0];
    BOOST_TEST((main.kind == target::ResumeKind::step));
    BOOST_TEST(main.range_start == 0x1000u);
    BOOST_TEST(main.range_end == 0x1010u);
    BOOST_TEST((t.target.last_resume[1].kind == target::ResumeKind::cont));
}

BOOST_AUTO_TEST_CASE(watchpoint_stop_replies_name_the_address) {
    Transcript t;
    t.reply("qSupported:swbreak+;hwbreak+");
    t.exchange("vCont;c");
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x10}, .signal = SIGTRAP, .reason = target::StopReason::watch,
                       .address = 0x555555558030});
    BOOST_TEST(t.replies().at(0).ends_with("watch:555555558030;"));
    t.exchange("vCont;c");
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x10}, .signal = SIGTRAP, .reason = target::StopReason::awatch,
                       .address = 0x2000});
    BOOST_TEST(t.replies().at(0).ends_with("awatch:2000;"));
    t.exchange("vCont;c");
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x10}, .signal = SIGTRAP, .reason = target::StopReason::hw_breakpoint});
    BOOST_TEST(t.replies().at(0).ends_with("hwbreak:;"));
}

BOOST_AUTO_TEST_CASE(vcont_expands_leftmost_action_per_thread) {
    Transcript t;
    BOOST_TEST(t.reply("vCont?") == "vCont;c;C;s;S;t;r");
    BOOST_TEST(t.exchange("vCont;s:11;c").empty());
    BOOST_REQUIRE_EQUAL(t.target.last_resume.size(), 2u);
    BOOST_TEST((t.target.last_resume[0].kind == target::ResumeKind::cont));
    BOOST_TEST((t.target.last_resume[1].kind == target::ResumeKind::step));
    // Running: packets other than an interrupt are refused; the stop reply follows.
    t.session.on_bytes("\x03");
    BOOST_TEST(t.target.interrupts == 1);
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x11}, .signal = SIGINT, .core = 3});
    BOOST_TEST(t.replies().at(0).ends_with("thread:11;core:3;"));
    BOOST_TEST(t.replies().at(0).starts_with("T02"));
}

BOOST_AUTO_TEST_CASE(vcont_signal_is_translated_to_host_numbering) {
    Transcript t;
    t.exchange("vCont;C1e:10"); // GDB_SIGNAL_USR1 = 30
    BOOST_REQUIRE_EQUAL(t.target.last_resume.size(), 1u);
    BOOST_TEST(t.target.last_resume[0].signal == SIGUSR1);
    BOOST_TEST(t.reply("vCont;x") == "E10"); // EBUSY: all-stop, the target is running
}

BOOST_AUTO_TEST_CASE(malformed_vcont_is_an_error) {
    Transcript t;
    BOOST_TEST(t.reply("vCont;q") == "E16");
    BOOST_TEST(t.reply("vCont") == "E16");
    BOOST_TEST(t.reply("vCont;C:10") == "E16");
}

BOOST_AUTO_TEST_CASE(exit_reported_with_process_when_multiprocess) {
    Transcript t;
    t.reply("qSupported:multiprocess+");
    t.exchange("vCont;c");
    t.wire.clear();
    BOOST_REQUIRE(t.target.kill(0x10).ok());
    t.session.on_stop({.kind = target::StopKind::exited, .thread = {0x10, 0x10}, .exit_status = 7});
    BOOST_TEST(t.replies().at(0) == "W07;process:10");
    BOOST_TEST(t.session.finished());
}

BOOST_AUTO_TEST_CASE(vkill_replies_ok_once_the_process_is_gone) {
    Transcript t;
    BOOST_TEST(t.exchange("vKill;10").empty());
    t.wire.clear();
    t.session.on_stop({.kind = target::StopKind::terminated, .thread = {0x10, 0x10}, .signal = SIGKILL});
    BOOST_TEST(t.replies().at(0) == "OK");
}

BOOST_AUTO_TEST_CASE(detach_replies_ok_and_ends_the_session) {
    Transcript t;
    BOOST_TEST(t.reply("D;10") == "OK");
    BOOST_TEST(t.target.detached);
    BOOST_TEST(t.session.finished());
}

BOOST_AUTO_TEST_CASE(qxfer_serves_documents_in_chunks) {
    Transcript t;
    auto first = t.reply("qXfer:exec-file:read::0,4");
    BOOST_TEST(first == "m/bin");
    BOOST_TEST(t.reply("qXfer:exec-file:read::4,100") == "l/fake");
    BOOST_TEST(t.reply("qXfer:exec-file:read::9,100") == "l");
    BOOST_TEST(t.reply("qXfer:features:read:target.xml:0,5") == "m<?xml");
    BOOST_TEST(t.reply("qXfer:features:read:nope.xml:0,5").starts_with("E"));
    BOOST_TEST(t.reply("qXfer:threads:read::0,1000").find("<thread id=\"10\" core=\"1\" name=\"fake\"/>") != std::string::npos);
    BOOST_TEST(t.reply("qXfer:threads:read:0,10") == "E16");
}

// Binary objects (auxv, siginfo) hold $ # } * bytes whenever an address does: the framer
// escapes them, once. Escaped twice, gdb misread auxv and failed to relocate a PIE it
// attached to (an attach test failed whenever ASLR put such a byte in an address).
BOOST_AUTO_TEST_CASE(qxfer_binary_is_escaped_once) {
    Transcript t;
    t.target.auxv_bytes = std::string("\x21\0\x24\x23\x7d\x2a\x5d\x0a\x04\x03", 10);
    BOOST_TEST(t.binary_reply("qXfer:auxv:read::0,1000") == "l" + t.target.auxv_bytes);
}

BOOST_AUTO_TEST_CASE(pass_signals_translated) {
    Transcript t;
    BOOST_TEST(t.reply("QPassSignals:e;1e;") == "OK"); // SIGALRM, SIGUSR1; gdb's trailing ';' 
    BOOST_TEST((t.target.pass_signals == std::vector<int>{SIGALRM, SIGUSR1}));
    BOOST_TEST(t.reply("QPassSignals:zz") == "E16");
}

BOOST_AUTO_TEST_CASE(error_strings_when_enabled) {
    Transcript gdb;
    gdb.reply("qSupported:error-message+");
    BOOST_TEST(gdb.reply("m0,4") == "E.unmapped");
    // LLDB's form keeps the two hex digits it recognises errors by: EXX;HEX-TEXT.
    Transcript lldb;
    BOOST_TEST(lldb.reply("QEnableErrorStrings") == "OK");
    BOOST_TEST(lldb.reply("m0,4") == "E0e;756e6d6170706564");
}

BOOST_AUTO_TEST_SUITE_END()
