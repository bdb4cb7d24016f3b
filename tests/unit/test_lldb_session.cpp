// Transcript tests of LLDB's queries against the fake target: the connection's set-up,
// registers with the thread suffix, binary memory reads, host, process, memory-region and
// module information, memory allocation and saved register state. Run control, stop replies
// and launching are in test_lldb_run_control.cpp.
#include <boost/test/unit_test.hpp>

#include "lldb_fixture.hpp"

using namespace test::lldb;

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

BOOST_AUTO_TEST_SUITE_END()
