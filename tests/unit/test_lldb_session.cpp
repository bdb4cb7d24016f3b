// Transcript tests of LLDB's packets against the fake target, with fake capabilities (host
// queries, memory map, memory allocation, module files) where a packet needs them.
#include <boost/test/unit_test.hpp>

#include <functional>

#include "fake_capabilities.hpp"
#include "rsp/codec.hpp"
#include "target/capabilities.hpp"
#include "transcript.hpp"

namespace {

// LLDB's capabilities in memory, plugged into the FakeTarget.
class FakeLldb final : public target::HostQueries,
                       public target::MemoryMaps,
                       public target::MemoryAllocation,
                       public target::ModuleFiles,
                       public target::AttachWaiting {
  public:
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

// A transcript whose target has LLDB's capabilities and a launcher.
struct Transcript : test::Transcript {
    FakeLldb lldb;
    test::FakeLauncher launcher;
    Transcript() {
        target.host_queries_ = &lldb;
        target.memory_maps_ = &lldb;
        target.memory_allocation_ = &lldb;
        target.module_files_ = &lldb;
        target.attach_waiting_ = &lldb;
        target.launcher_ = &launcher;
    }
};

// LLDB's connection start: no-ack first, then the two LLDB negotiations.
void negotiate(Transcript& t) {
    BOOST_REQUIRE(t.reply("QStartNoAckMode") == "OK");
    t.reply("qSupported:xmlRegisters=i386,arm,mips,arc;multiprocess+;fork-events+;vfork-events+");
    BOOST_REQUIRE(t.reply("QThreadSuffixSupported") == "OK");
    BOOST_REQUIRE(t.reply("QListThreadsInStopReply") == "OK");
}

std::string unescaped(std::string_view payload) {
    auto bytes = rsp::unescape_binary(payload);
    BOOST_REQUIRE(bytes.has_value());
    return std::string(bytes->begin(), bytes->end());
}

std::string hex(std::string_view text) {
    return rsp::to_hex(text);
}

// The fake's description names an architecture but no OS.
const std::string fake_triple = "x86_64-pc-unknown";

} // namespace

BOOST_AUTO_TEST_SUITE(lldb_session)

BOOST_AUTO_TEST_CASE(no_ack_mode_comes_before_qsupported) {
    Transcript t;
    t.exchange("QStartNoAckMode");
    BOOST_TEST(t.wire == "+$OK#9a"); // the ack for this packet, then none any more
    t.exchange("qSupported:xmlRegisters=i386,arm,mips,arc;multiprocess+");
    BOOST_TEST(t.wire.starts_with("$PacketSize=")); // no '+' ahead of it
    BOOST_TEST(t.replies().at(0).find("QThreadSuffixSupported+;QListThreadsInStopReply+") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(thread_suffix_names_the_register_thread) {
    Transcript t;
    negotiate(t);
    BOOST_TEST(t.reply("p2;thread:10;") == "3412000000000000");
    BOOST_TEST(t.reply("p2;thread:11;") == "0000000000000000");
    BOOST_TEST(t.reply("P2=efbe000000000000;thread:11;") == "OK");
    BOOST_TEST(t.reply("p2;thread:11;") == "efbe000000000000");
    BOOST_TEST(t.reply("p2") == "3412000000000000"); // no suffix: the Hg thread, untouched
    BOOST_TEST(t.reply("g;thread:11;") == "00000000000000000000000000000000efbe000000000000");
    BOOST_TEST(t.reply("G000000000000000000000000000000000100000000000000;thread:11;") == "OK");
    BOOST_TEST(t.reply("p2;thread:11") == "0100000000000000"); // final ';' optional
    BOOST_TEST(t.reply("p2;thread:99;") == "E03"); // ESRCH
    BOOST_TEST(t.reply("p2;thread:zz;") == "E16");
    BOOST_TEST(t.reply("gx;thread:10;") == "E16");
    BOOST_TEST(t.reply("QEnableErrorStrings") == "OK");
    BOOST_TEST(t.reply("p2;thread:99;") == "E03;" + hex("no such thread"));
}

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

BOOST_AUTO_TEST_CASE(register_info_from_the_description) {
    Transcript t;
    BOOST_TEST(t.reply("qRegisterInfo0") == "name:rbp;bitsize:64;offset:0;encoding:uint;format:hex;"
                                            "set:Other Registers;generic:fp;");
    BOOST_TEST(t.reply("qRegisterInfo2") == "name:rip;bitsize:64;offset:16;encoding:uint;format:hex;"
                                            "set:Other Registers;generic:pc;");
    BOOST_TEST(t.reply("qRegisterInfo3") == "E45"); // past the last: LLDB stops asking
    BOOST_TEST(t.reply("qRegisterInfozz") == "E16");
}

BOOST_AUTO_TEST_CASE(binary_read_lldb_dialect) {
    Transcript t;
    negotiate(t);
    BOOST_TEST(t.reply("x0,0") == "OK"); // LLDB's probe
    BOOST_TEST(t.reply("x1000,4") == std::string("\x00\x01\x02\x03", 4));
    // Bytes the wire reserves arrive escaped once: }X^0x20.
    BOOST_TEST(t.reply("M1000,4:7d232a24") == "OK");
    auto raw = t.reply("x1000,5");
    BOOST_TEST(raw == std::string("}]}\x03}\x0a}\x04\x04", 9));
    BOOST_TEST(unescaped(raw) == std::string("}#*$\x04", 5));
    BOOST_TEST(t.reply("x1ffe,10") == std::string("\x00\x00", 2)); // to the end of the mapping
    BOOST_TEST(t.reply("x0,4") == "E0e");
}

BOOST_AUTO_TEST_CASE(binary_read_gdb_dialect_after_binary_upload) {
    test::Transcript t;
    BOOST_TEST(t.reply("qSupported:binary-upload+;multiprocess+").find("binary-upload+") !=
               std::string::npos);
    BOOST_TEST(t.reply("x1000,0") == "b");
    BOOST_TEST(t.reply("x1002,3") == std::string("b\x02\x03\x04", 4));
    BOOST_TEST(t.reply("x0,4") == "E0e");
}

BOOST_AUTO_TEST_CASE(qxfer_binary_data_is_escaped_once) {
    test::Transcript t; // the fake auxv starts with 06 and zeros; the framer escapes, once
    BOOST_TEST(t.reply("qXfer:auxv:read::0,8") == std::string("l\x06\0\0\0\0\0\0\0", 9));
}

BOOST_AUTO_TEST_CASE(host_and_process_info) {
    Transcript t;
    std::string triple = hex(fake_triple);
    BOOST_TEST(t.reply("qHostInfo") ==
               "triple:" + triple + ";endian:little;ptrsize:8;watchpoint_exceptions_received:after;"
               "vm-page-size:4096;hostname:" + hex("box") + ";os_version:6.1.0;os_build:" +
               hex("6.1.0-18-amd64") + ";os_kernel:" + hex("#1 SMP") + ";");
    BOOST_TEST(t.reply("qProcessInfo") ==
               "pid:10;parent-pid:1;real-uid:3e8;real-gid:64;effective-uid:3e9;effective-gid:65;"
               "triple:" + triple + ";endian:little;ptrsize:8;ostype:linux;");
    BOOST_TEST(t.reply("qGetWorkingDir") == hex("/home/fake"));
    BOOST_TEST(t.reply("qGDBServerVersion").starts_with("name:rspd;version:"));
    BOOST_TEST(t.reply("qWatchpointSupportInfo:") == "num:4;");
}

BOOST_AUTO_TEST_CASE(without_capabilities_the_basics_remain) {
    test::Transcript t; // the plain fake has no host queries, memory map or allocation
    BOOST_TEST(t.reply("qHostInfo") == "triple:" + hex(fake_triple) +
                                           ";endian:little;ptrsize:8;"
                                           "watchpoint_exceptions_received:after;");
    BOOST_TEST(t.reply("qProcessInfo") == "pid:10;triple:" + hex(fake_triple) +
                                              ";endian:little;ptrsize:8;ostype:linux;");
    BOOST_TEST(t.reply("qMemoryRegionInfo:1000") == "");
    BOOST_TEST(t.reply("_M1000,rwx") == "");
    BOOST_TEST(t.reply("qWatchpointSupportInfo:") == ""); // cannot say how many
    BOOST_TEST(t.reply("qModuleInfo:" + hex("/bin/fake") + ";" + hex(fake_triple)) == "");
}

BOOST_AUTO_TEST_CASE(memory_region_info_from_the_map) {
    Transcript t;
    BOOST_TEST(t.reply("qMemoryRegionInfo:1800") ==
               "start:1000;size:1000;permissions:rx;name:" + hex("/bin/fake") + ";");
    BOOST_TEST(t.reply("qMemoryRegionInfo:7fff1234") ==
               "start:7fff0000;size:10000;permissions:rw;name:" + hex("[stack]") + ";");
    BOOST_TEST(t.reply("qMemoryRegionInfo:8000") == "start:8000;size:1000;"); // ---p: no access
    BOOST_TEST(t.reply("qMemoryRegionInfo:3000") == "start:3000;size:5000;"); // hole up to 0x8000
    BOOST_TEST(t.reply("qMemoryRegionInfo:2") == "start:2;size:ffe;");
    BOOST_TEST(t.reply("qMemoryRegionInfo:80000000") == "start:80000000;size:ffffffff80000000;");
    BOOST_TEST(t.reply("qMemoryRegionInfo:zz").starts_with("E16"));
    BOOST_TEST(t.reply("qFileLoadAddress:" + hex("/bin/fake")) == "1000");
    BOOST_TEST(t.reply("qFileLoadAddress:" + hex("/bin/other")) == "E01");
}

BOOST_AUTO_TEST_CASE(allocate_and_free_memory) {
    Transcript t;
    BOOST_TEST(t.reply("_M1000,rx") == "8000");
    BOOST_REQUIRE_EQUAL(t.lldb.allocations.size(), 1u);
    auto a = t.lldb.allocations[0];
    BOOST_TEST(a.size == 0x1000u);
    BOOST_TEST((a.permissions.read && !a.permissions.write && a.permissions.execute));
    BOOST_TEST((a.thread == target::Ptid{0x10, 0x10}));
    BOOST_TEST(t.reply("_m8000") == "OK");
    BOOST_TEST(t.reply("_m9000") == "E16");
    BOOST_TEST(t.reply("_M1000,q") == "E16");
    BOOST_TEST(t.reply("_M0,rw") == "E16");
}

BOOST_AUTO_TEST_CASE(allocation_reply_comes_when_the_target_finishes) {
    Transcript t;
    t.lldb.hold = true;
    BOOST_TEST(t.exchange("_M100,rw").empty()); // the target is still at it
    BOOST_TEST(t.exchange("qC").empty());       // held until then
    t.wire.clear();
    t.lldb.held(0x5000);
    BOOST_TEST((t.replies() == std::vector<std::string>{"5000", "QC10"}));
}

BOOST_AUTO_TEST_CASE(late_completion_after_the_session_is_gone_is_harmless) {
    std::function<void(std::uint64_t)> held;
    {
        Transcript t;
        t.lldb.hold = true;
        t.exchange("_M100,rw");
        held = t.lldb.held;
    }
    held(0x5000); // the session's guard has expired: nothing happens
}

BOOST_AUTO_TEST_CASE(register_state_saved_and_restored_once) {
    Transcript t;
    negotiate(t);
    BOOST_TEST(t.reply("QSaveRegisterState;thread:11;") == "1");
    BOOST_TEST(t.reply("P2=5555000000000000;thread:11;") == "OK");
    BOOST_TEST(t.reply("QRestoreRegisterState:1;thread:11;") == "OK");
    BOOST_TEST(t.reply("p2;thread:11;") == "0000000000000000");
    BOOST_TEST(t.reply("QRestoreRegisterState:1;thread:11;").starts_with("E02")); // used up
    BOOST_TEST(t.reply("QSaveRegisterState") == "2"); // without a suffix: the Hg thread
    BOOST_TEST(t.reply("QRestoreRegisterState:2") == "OK");
    BOOST_TEST(t.reply("QRestoreRegisterState:x").starts_with("E16"));
}

BOOST_AUTO_TEST_CASE(module_info_from_the_file) {
    Transcript t;
    std::string triple = hex(fake_triple);
    BOOST_TEST(t.reply("qModuleInfo:" + hex("/bin/fake") + ";" + triple) ==
               "uuid:" + hex("DEADBEEF") + ";triple:" + triple +
               ";file_offset:0;file_size:1234;file_path:" + hex("/bin/fake") + ";");
    BOOST_TEST(t.reply("qModuleInfo:" + hex("/nope") + ";" + triple).starts_with("E02"));
    // LLDB escapes JSON's '}' as "}]", as in every packet carrying binary data.
    BOOST_TEST(unescaped(t.reply(R"(jModulesInfo:[{"file":"/bin/fake","triple":"x"}],)"
                                 R"({"file":"/nope","triple":"x"}]])")) ==
               R"([{"uuid":"DEADBEEF","triple":"x86_64-pc-unknown","file_path":"/bin/fake",)"
               R"("file_offset":0,"file_size":4660}])");
    BOOST_TEST(t.reply("jModulesInfo:[{\"file\":3").starts_with("E16"));
    BOOST_TEST(t.reply("jModulesInfo:{\"file\":\"/bin/fake\"}]").starts_with("E16")); // not an array
}

BOOST_AUTO_TEST_CASE(svr4_list_without_main_lm_for_lldb) {
    Transcript lldb;
    lldb.target.libraries_xml = "<library-list-svr4 version=\"1.0\" main-lm=\"0x4000\"/>";
    negotiate(lldb);
    BOOST_TEST(lldb.reply("qXfer:libraries-svr4:read::0,1000") ==
               "l<library-list-svr4 version=\"1.0\"/>");
    Transcript gdb;
    gdb.target.libraries_xml = lldb.target.libraries_xml;
    gdb.reply("qSupported:multiprocess+");
    BOOST_TEST(gdb.reply("qXfer:libraries-svr4:read::0,1000") ==
               "l<library-list-svr4 version=\"1.0\" main-lm=\"0x4000\"/>");
}

BOOST_AUTO_TEST_CASE(launch_with_streams_and_aslr_then_qlaunchsuccess) {
    Transcript t;
    (void)t.target.kill(0x10); // a stub with no process, as LLDB's own debugserver starts
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
