// Transcripts of the extended-remote, launch environment, monitor, process event and vFile
// packets against the fake target and its fake capabilities.
#include <boost/test/unit_test.hpp>

#include "common/log.hpp"
#include "fake_capabilities.hpp"
#include "rsp/codec.hpp"
#include "transcript.hpp"

namespace {

using test::Extended;
using test::Transcript;

std::string hex(std::string_view text) {
    return rsp::to_hex(text);
}

} // namespace

BOOST_AUTO_TEST_SUITE(extended_remote)

BOOST_AUTO_TEST_CASE(vrun_takes_the_environment_and_replies_when_launched) {
    Extended t;
    t.reply("qSupported:multiprocess+;swbreak+");
    BOOST_TEST(t.reply("!") == "OK");
    BOOST_TEST(t.reply("QEnvironmentHexEncoded:" + hex("FOO=bar baz")) == "OK");
    BOOST_TEST(t.reply("QEnvironmentHexEncoded:" + hex("EMPTY=")) == "OK");
    BOOST_TEST(t.reply("QEnvironmentUnset:" + hex("HOME")) == "OK");
    BOOST_TEST(t.reply("QSetWorkingDir:" + hex("/tmp")) == "OK");
    BOOST_TEST(t.reply("QStartupWithShell:0") == "OK");
    BOOST_TEST(t.reply("QDisableRandomization:0") == "OK");
    BOOST_TEST(t.exchange("vRun;" + hex("/bin/prog") + ";" + hex("a b") + ";").empty());
    BOOST_REQUIRE_EQUAL(t.launcher.requests.size(), 1u);
    const auto& r = t.launcher.requests[0];
    BOOST_TEST((r.argv == std::vector<std::string>{"/bin/prog", "a b", ""}));
    BOOST_TEST(*r.environment.at("FOO") == "bar baz");
    BOOST_TEST(*r.environment.at("EMPTY") == "");
    BOOST_TEST(!r.environment.at("HOME").has_value());
    BOOST_TEST(r.working_dir == "/tmp");
    BOOST_TEST(!r.startup_with_shell);
    BOOST_TEST(!r.disable_aslr);
    // Packets sent meanwhile wait for the launch.
    BOOST_TEST(t.exchange("qC").empty());
    t.wire.clear();
    t.launcher.pending_launch(0x10);
    auto replies = t.replies();
    BOOST_REQUIRE_EQUAL(replies.size(), 2u);
    BOOST_TEST(replies[0].starts_with("T05"));
    BOOST_TEST(replies[0].ends_with("thread:p10.10;"));
    BOOST_TEST(replies[1] == "QCp10.10");
}

// Found by fuzz_session: packets held behind a launch and behind a resume that came with
// them waited until some later deferred reply; they are answered once the stop is reported.
BOOST_AUTO_TEST_CASE(packets_held_behind_a_launch_and_a_resume_are_answered_at_the_stop) {
    Extended t;
    BOOST_TEST(t.exchange("vRun;" + hex("/bin/prog")).empty());
    BOOST_TEST(t.exchange("vCont;c").empty()); // held, then resumes
    BOOST_TEST(t.exchange("qC").empty());      // held behind both
    t.wire.clear();
    t.launcher.pending_launch(0x10);
    BOOST_REQUIRE_EQUAL(t.replies().size(), 1u); // vRun's stop reply; vCont;c runs
    t.wire.clear();
    t.session.on_stop({.thread = {0x10, 0x10}, .signal = 5});
    auto replies = t.replies();
    BOOST_REQUIRE_EQUAL(replies.size(), 2u);
    BOOST_TEST(replies[0].starts_with("T05"));
    BOOST_TEST(replies[1] == "QC10");
}

BOOST_AUTO_TEST_CASE(vrun_failures_are_errors_and_the_session_goes_on) {
    Extended t;
    t.exchange("vRun;" + hex("/nope"));
    t.wire.clear();
    t.launcher.pending_launch(target::make_error(ENOENT, "Cannot exec /nope: No such file or directory"));
    BOOST_TEST(t.replies().at(0) == "E02");
    // An empty program name means the last one, with the new arguments.
    t.exchange("vRun;;" + hex("x"));
    BOOST_TEST((t.launcher.requests.back().argv == std::vector<std::string>{"/nope", "x"}));
    t.launcher.pending_launch(0x10);
    BOOST_TEST(t.reply("vRun;zz") == "E16");
    BOOST_TEST(t.reply("vRun") == "E16");
    BOOST_TEST(t.reply("QEnvironmentHexEncoded:" + hex("NOEQUALS")) == "E16");
    BOOST_TEST(t.reply("QEnvironmentHexEncoded:7") == "E16");
    BOOST_TEST(t.reply("QStartupWithShell:2") == "E16");
    BOOST_TEST(t.reply("QEnvironmentReset") == "OK");
}

BOOST_AUTO_TEST_CASE(vrun_without_a_launcher_is_unsupported) {
    Transcript t;
    BOOST_TEST(t.reply("vRun;" + hex("/bin/prog")) == "");
    BOOST_TEST(t.reply("vAttach;10") == "");
}

BOOST_AUTO_TEST_CASE(vattach_replies_with_a_stop_of_that_process) {
    Extended t;
    BOOST_TEST(t.reply("vAttach;zz") == "E16");
    BOOST_TEST(t.exchange("vAttach;10").empty());
    BOOST_TEST(t.launcher.attached.at(0) == 0x10);
    t.wire.clear();
    t.launcher.pending_attach({});
    BOOST_TEST(t.replies().at(0).ends_with("thread:10;"));
    t.exchange("vAttach;999");
    t.wire.clear();
    t.launcher.pending_attach(target::make_error(EPERM, "Cannot attach to process 2457"));
    BOOST_TEST(t.replies().at(0) == "E01");
}

BOOST_AUTO_TEST_CASE(restart_kills_and_relaunches_and_holds_the_status_query) {
    Extended t;
    BOOST_TEST(t.reply("R00") == "E01"); // EPERM: not in extended mode
    t.reply("!");
    BOOST_TEST(t.reply("R00") == "E02"); // ENOENT: no program run yet
    BOOST_TEST(t.reply("Rzz") == "E16");
    t.session.context().launch.last_argv = {"/bin/prog", "1"};
    BOOST_TEST(t.exchange("R00").empty());
    BOOST_TEST(t.exchange("?").empty()); // held until the new process is there
    BOOST_TEST((t.launcher.requests.at(0).argv == std::vector<std::string>{"/bin/prog", "1"}));
    t.wire.clear();
    t.launcher.pending_launch(0x10);
    BOOST_TEST(t.replies().at(0).starts_with("T05"));
}

BOOST_AUTO_TEST_CASE(monitor_help_exit_and_debug) {
    Extended t;
    auto help = t.exchange("qRcmd," + hex("help"));
    BOOST_REQUIRE_EQUAL(help.size(), 2u);
    BOOST_TEST(help[0].starts_with("O"));
    BOOST_TEST(rsp::from_hex_text(help[0].substr(1))->find("set debug on|off") != std::string::npos);
    BOOST_TEST(help[1] == "OK");
    bool was = common::log_settings().debug;
    t.exchange("qRcmd," + hex("set debug on"));
    BOOST_TEST(common::log_settings().debug);
    t.exchange("qRcmd," + hex("set debug off"));
    BOOST_TEST(!common::log_settings().debug);
    common::log_settings().debug = was;
    auto unknown = t.exchange("qRcmd," + hex("frobnicate"));
    BOOST_TEST(rsp::from_hex_text(unknown.at(0).substr(1))->starts_with("Unknown monitor command"));
    BOOST_TEST(unknown.back() == "OK");
    BOOST_TEST(t.reply("qRcmd,zz") == "E16");
    BOOST_TEST(!t.session.exit_requested());
    BOOST_TEST(t.reply("qRcmd," + hex("exit")) == "OK");
    BOOST_TEST(t.session.exit_requested());
    BOOST_TEST(t.session.finished());
}

BOOST_AUTO_TEST_CASE(osdata_lists_types_and_processes) {
    Extended t;
    BOOST_TEST(t.binary_reply("qXfer:osdata:read::0,1000").find(
                   "<column name=\"Type\">processes</column>") != std::string::npos);
    auto xml = t.binary_reply("qXfer:osdata:read:processes:0,1000");
    BOOST_TEST(xml.starts_with("l<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
                               "<osdata type=\"processes\">\n<item><column name=\"pid\">1</column>"));
    BOOST_TEST(xml.find("<column name=\"command\">rspd &lt;&amp;&gt;</column>"
                        "<column name=\"cores\">1,3</column></item>") != std::string::npos);
    BOOST_TEST(t.reply("qXfer:osdata:read:nope:0,1000") == "E02");
}

BOOST_AUTO_TEST_CASE(fork_events_follow_the_client_offer) {
    Extended t;
    auto reply = t.reply("qSupported:multiprocess+;swbreak+;fork-events+;vfork-events+;exec-events+");
    BOOST_TEST(reply.find(";fork-events+;vfork-events+;exec-events+;QCatchSyscalls+") != std::string::npos);
    BOOST_TEST(t.events.forks);
    BOOST_TEST(t.events.vforks);
    BOOST_TEST(!t.session.context().features.client_is_lldb);
    Extended lldb; // LLDB 14+ offers fork-events+ but never gdb's swbreak+ or vContSupported+
    lldb.reply("qSupported:xmlRegisters=i386,arm,mips,arc;multiprocess+;fork-events+");
    BOOST_TEST(lldb.events.forks);
    BOOST_TEST(!lldb.events.vforks);
    BOOST_TEST(lldb.session.context().features.client_is_lldb);
}

BOOST_AUTO_TEST_CASE(stop_replies_carry_process_events_the_client_asked_for) {
    using target::StopReason;
    Extended t;
    auto stop_with = [&](StopReason reason) {
        t.exchange("vCont;c");
        t.wire.clear();
        target::StopEvent ev{.thread = {0x10, 0x10}, .signal = SIGTRAP, .reason = reason,
                             .child = {0x30, 0x30}, .exec_path = "/bin/new", .syscall = 1};
        t.session.on_stop(ev);
        return t.replies().at(0);
    };
    t.reply("qSupported:multiprocess+;swbreak+");
    BOOST_TEST(stop_with(StopReason::fork).find("fork") == std::string::npos);
    BOOST_TEST(stop_with(StopReason::exec).find("exec") == std::string::npos);
    t.reply("qSupported:multiprocess+;swbreak+;fork-events+;vfork-events+;exec-events+");
    BOOST_TEST(stop_with(StopReason::fork).ends_with("thread:p10.10;fork:p30.30;"));
    BOOST_TEST(stop_with(StopReason::vfork).ends_with("vfork:p30.30;"));
    BOOST_TEST(stop_with(StopReason::vfork_done).ends_with("vforkdone:;"));
    BOOST_TEST(stop_with(StopReason::exec).ends_with("exec:" + hex("/bin/new") + ";"));
    BOOST_TEST(stop_with(StopReason::syscall_entry).ends_with("syscall_entry:1;"));
    BOOST_TEST(stop_with(StopReason::syscall_return).ends_with("syscall_return:1;"));
}

// gdb takes the thread of every stop reply as the server's general thread (remote.c
// record_currthread): a later g or Z without Hg must go to it.
BOOST_AUTO_TEST_CASE(a_stop_makes_its_thread_the_general_one) {
    Extended t;
    BOOST_TEST(t.reply("Hg11") == "OK");
    t.exchange("vCont;c");
    target::StopEvent ev;
    ev.thread = {0x10, 0x10};
    ev.signal = SIGTRAP;
    t.session.on_stop(ev);
    BOOST_TEST(t.reply("qC") == "QC10");
}

BOOST_AUTO_TEST_CASE(catch_syscalls_for_the_current_process) {
    Extended t;
    BOOST_TEST(t.reply("QCatchSyscalls:1;1;27") == "OK");
    BOOST_TEST((*t.events.syscalls.at(0x10) == std::vector<int>{1, 0x27}));
    BOOST_TEST(t.reply("QCatchSyscalls:1") == "OK");
    BOOST_TEST(t.events.syscalls.at(0x10)->empty());
    BOOST_TEST(t.reply("QCatchSyscalls:0") == "OK");
    BOOST_TEST(!t.events.syscalls.at(0x10).has_value());
    BOOST_TEST(t.reply("QCatchSyscalls:2") == "E16");
    BOOST_TEST(t.reply("QCatchSyscalls:1;zz") == "E16");
    BOOST_TEST(t.reply("QCatchSyscalls:1,1") == "E16");
}

BOOST_AUTO_TEST_CASE(vfile_reads_a_file_in_binary) {
    Extended t;
    BOOST_TEST(t.reply("vFile:setfs:10") == "F0");
    BOOST_TEST(t.files.fs_pid == 0x10);
    BOOST_TEST(t.reply("vFile:open:" + hex("/bin/prog") + ",0,0") == "F3");
    // $ # } * escaped on the wire (as the client unescapes them), counted once.
    BOOST_TEST(t.binary_reply("vFile:pread:3,100,0") == std::string("F8;\x7f" "ELF}#$*", 11));
    BOOST_TEST(t.binary_reply("vFile:pread:3,2,6") == "F2;$*");
    BOOST_TEST(t.binary_reply("vFile:pread:3,10,100") == "F0;");
    auto st = t.binary_reply("vFile:fstat:3");
    BOOST_REQUIRE_EQUAL(st.size(), 4u + 64u);
    BOOST_TEST(st.substr(0, 4) == "F40;");
    BOOST_TEST(st.substr(4 + 4, 4) == std::string("\xff\xff\xff\xff", 4)); // st_ino clamped
    BOOST_TEST(st.substr(4 + 8, 4) == std::string("\0\0\x81\xed", 4));     // S_IFREG | 0755
    BOOST_TEST(st.substr(4 + 28, 8) == std::string("\0\0\0\0\0\0\0\x08", 8)); // st_size
    BOOST_TEST(st.substr(4 + 56, 4) == std::string("\x12\x34\x56\x78", 4));   // st_mtime
    BOOST_TEST(t.reply("vFile:close:3") == "F0");
    BOOST_TEST(t.reply("vFile:close:3") == "F-1,9");     // EBADF
    BOOST_TEST(t.reply("vFile:pread:3,1,0") == "F-1,9");
}

BOOST_AUTO_TEST_CASE(vfile_errors_use_the_protocol_numbers) {
    Extended t;
    BOOST_TEST(t.reply("vFile:open:" + hex("/secret") + ",0,0") == "F-1,d"); // EACCES
    BOOST_TEST(t.reply("vFile:open:" + hex("/nope") + ",0,0") == "F-1,2");   // ENOENT
    BOOST_TEST(t.reply("vFile:readlink:" + hex("/x")) == "F-1,5b");          // ENAMETOOLONG: 91
    BOOST_TEST(t.reply("vFile:open:zz,0,0") == "F-1,16");
    BOOST_TEST(t.reply("vFile:open:" + hex("/bin/prog") + ",3,0") == "F-1,16"); // WRONLY|RDWR
    BOOST_TEST(t.reply("vFile:open:" + hex("/bin/prog") + ",40000000,0") == "F-1,16"); // LLDB's bit
    BOOST_TEST(t.reply("vFile:pread:3") == "F-1,16");
    BOOST_TEST(t.reply("vFile:frobnicate:1") == "");
    BOOST_TEST(t.reply("vFile:") == "");
}

BOOST_AUTO_TEST_CASE(vfile_writes_and_unlinks) {
    Extended t;
    BOOST_TEST(t.reply("vFile:open:" + hex("/new") + ",601,1a4") == "F3"); // WRONLY|CREAT|TRUNC
    BOOST_TEST((t.files.last_flags.access == target::OpenFlags::Access::write));
    BOOST_TEST(t.files.last_flags.create);
    BOOST_TEST(t.files.last_flags.truncate);
    BOOST_TEST(t.files.last_mode == 0644u);
    BOOST_TEST(t.reply("vFile:pwrite:3,1,a}]b") == "F3"); // escaped '}'
    BOOST_TEST(t.files.files.at("/new") == std::string("\0a}b", 4));
    BOOST_TEST(t.reply("vFile:pwrite:3,0,}") == "F-1,16");
    BOOST_TEST(t.reply("vFile:unlink:" + hex("/new")) == "F0");
    BOOST_TEST(t.reply("vFile:unlink:" + hex("/new")) == "F-1,2");
}

BOOST_AUTO_TEST_CASE(vfile_lldb_dialect) {
    Extended t;
    t.reply("qSupported:xmlRegisters=i386;multiprocess+");
    // LLDB's eOpenOptionCloseOnExec (1 << 30) on top of gdb's flags.
    BOOST_TEST(t.reply("vFile:open:" + hex("/bin/prog") + ",40000000,0") == "F3");
    BOOST_TEST(t.files.last_flags.close_on_exec);
    BOOST_TEST(t.reply("vFile:size:" + hex("/bin/prog")) == "F8");
    BOOST_TEST(t.reply("vFile:mode:" + hex("/bin/prog")) == "F1ed");
    BOOST_TEST(t.reply("vFile:exists:" + hex("/bin/prog")) == "F,1");
    BOOST_TEST(t.reply("vFile:exists:" + hex("/nope")) == "F,0");
    BOOST_TEST(t.reply("vFile:size:" + hex("/nope")) == "F-1,2");
    BOOST_TEST(t.reply("vFile:MD5:" + hex("/bin/prog")) == "F,00112233445566778899aabbccddeeff");
    BOOST_TEST(t.reply("vFile:MD5:" + hex("/nope")) == "F,x");
}

BOOST_AUTO_TEST_CASE(client_state_in_the_target_is_undone_when_the_session_ends) {
    test::FakeHostIo files;
    test::FakeEvents events;
    {
        Extended t;
        t.target.host_io_ = &files;
        t.target.events_ = &events;
        t.reply("vFile:open:" + hex("/bin/prog") + ",0,0");
        t.reply("qSupported:multiprocess+;swbreak+;fork-events+;vfork-events+");
        t.reply("QCatchSyscalls:1");
        BOOST_TEST(files.open_files.size() == 1u);
        BOOST_TEST(events.forks);
    }
    BOOST_TEST(files.resets == 1);
    BOOST_TEST(files.open_files.empty());
    BOOST_TEST(!events.forks);
    BOOST_TEST(!events.vforks);
    BOOST_TEST(!events.syscalls.at(0x10).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
