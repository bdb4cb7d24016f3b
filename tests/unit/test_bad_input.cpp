// Regression tests for what the fuzzers (tests/fuzz) and the bad-input e2e test
// (tests/e2e/test_bad_input.py) found: each failed here before its fix. The comment on each
// says who found it and what went wrong.
#include <chrono>

#include "rsp/codec.hpp"
#include "transcript.hpp"

using test::Extended;
using test::Transcript;

BOOST_AUTO_TEST_SUITE(bad_input)

// fuzz_session: "vCont;t:p10.10" resumed no thread, yet the session waited for a stop that
// could never come, refusing every later packet with "target is running".
BOOST_AUTO_TEST_CASE(vcont_that_resumes_nothing_is_an_error) {
    Transcript t;
    BOOST_TEST(t.reply("vCont;t:p10.10") == "E03"); // ESRCH: no thread to resume
    BOOST_TEST(t.reply("vCont;t") == "E03");
    BOOST_TEST(t.reply("vCont;t:p10.10;t:p10.11") == "E03");
    BOOST_TEST(t.target.last_resume.empty());
    BOOST_TEST(t.reply("qC") == "QC10");
    // A stop action next to a real one is fine: the other thread runs.
    BOOST_TEST(t.exchange("vCont;t:p10.10;c").empty());
    BOOST_TEST(t.target.last_resume.size() == 2u);
}

// test_bad_input.py: "vCont;c;c" ran the program. The manual: "Specifying multiple default
// actions is an error".
BOOST_AUTO_TEST_CASE(vcont_with_two_default_actions_is_an_error) {
    Transcript t;
    BOOST_TEST(t.reply("vCont;c;c") == "E16");
    BOOST_TEST(t.reply("vCont;c;s:11;s") == "E16");
    BOOST_TEST(t.target.last_resume.empty());
}

// test_bad_input.py: prefix matching let junk after the name through as if absent.
BOOST_AUTO_TEST_CASE(qsupported_and_qattached_refuse_trailing_junk) {
    Transcript t;
    BOOST_TEST(t.reply("qSupportedjunk") == "E16");
    BOOST_TEST(t.reply("qSupported;multiprocess+") == "E16");
    BOOST_TEST(t.reply("qSupported").starts_with("PacketSize="));
    BOOST_TEST(t.reply("qAttachedjunk") == "E16");
    BOOST_TEST(t.reply("qAttached") == "0");
    BOOST_TEST(t.reply("qAttached:10") == "0");
}

// test_bad_input.py: qAttached of a process we do not control answered "0" (launched).
BOOST_AUTO_TEST_CASE(qattached_of_an_unknown_process_is_an_error) {
    Transcript t;
    BOOST_TEST(t.reply("qAttached:7ffffff0") == "E03");
    BOOST_REQUIRE(t.target.kill(0x10).ok()); // no process left
    BOOST_TEST(t.reply("qAttached:10") == "E03");
}

// test_bad_input.py: qSymbol answered OK to anything. gdb sends "qSymbol::" (ready to look
// symbols up) or "qSymbol:VALUE:NAME" / "qSymbol::NAME" (an answer), all hex.
BOOST_AUTO_TEST_CASE(qsymbol_accepts_only_value_colon_name) {
    Transcript t;
    // Offered look-ups: rspd asks for libc's TLS layout descriptor (qGetTLSAddr).
    BOOST_TEST(t.reply("qSymbol::") == "qSymbol:" + rsp::to_hex(std::string_view("_thread_db_link_map_l_tls_modid")));
    BOOST_TEST(t.reply("qSymbol::6d61696e") == "OK");
    BOOST_TEST(t.reply("qSymbol:401000:6d61696e") == "OK");
    for (auto bad : {"qSymbol:", "qSymbol:zz", "qSymbol:zz:", "qSymbol::zz", "qSymbol:1:2:3",
                     "qSymbol:10000000000000000:6d61696e", "qSymbol:1:"})
        BOOST_TEST(t.reply(bad) == "E16", bad);
}

// test_bad_input.py: auxv, threads and siginfo take no annex, yet served one with any.
BOOST_AUTO_TEST_CASE(qxfer_objects_without_annex_refuse_one) {
    Transcript t;
    for (auto object : {"auxv", "threads", "siginfo"}) {
        BOOST_TEST(t.reply(fmt::format("qXfer:{}:read:junk:0,10", object)) == "E16", object);
        BOOST_TEST(!t.reply(fmt::format("qXfer:{}:read::0,10", object)).starts_with("E"), object);
    }
}

// qXfer:siginfo:write:ANNEX:OFFSET:DATA: no annex, a hex offset, escaped binary data; a
// target without writable siginfo says ENOSYS.
BOOST_AUTO_TEST_CASE(qxfer_siginfo_write_is_parsed_before_the_target_sees_it) {
    Transcript t;
    for (auto bad : {"qXfer:siginfo:write:", "qXfer:siginfo:write::0", "qXfer:siginfo:write:junk:0:a",
                     "qXfer:siginfo:write::zz:a", "qXfer:siginfo:write::10000000000000000:a",
                     "qXfer:siginfo:write::0:}"})
        BOOST_TEST(t.reply(bad) == "E16", bad);
    BOOST_TEST(t.reply("qXfer:siginfo:write::0:abcd") == "E26"); // the fake's siginfo is read-only
}

// Review, then fuzz_session's heap bound: the qXfer cache kept one document per distinct
// annex text until the next stop, so "exec-file:010", "exec-file:0010", ... grew it without
// limit. Now one document per object, regenerated when the annex changes.
BOOST_AUTO_TEST_CASE(qxfer_cache_holds_one_document_per_object) {
    Transcript t;
    for (int zeros = 0; zeros < 50; ++zeros)
        BOOST_TEST(t.reply(fmt::format("qXfer:exec-file:read:{}10:0,4", std::string(zeros, '0'))) == "m/bin");
    BOOST_TEST(t.session.context().xfer_cache.size() == 1u);
    // A later chunk of another annex is served from that annex's document.
    BOOST_TEST(t.reply("qXfer:features:read:target.xml:0,5") == "m<?xml");
    BOOST_TEST(t.reply("qXfer:exec-file:read::5,4") == "lfake");
    BOOST_TEST(t.session.context().xfer_cache.size() == 2u);
}

// fuzz_session's profile: run-length encoding rescanned the rest of a run at every chunk,
// quadratic in the run's length. A full-size reply of one repeated byte (m of zeroed
// memory, gdb's `dump memory` of .bss) took 0.4 s to encode. 4 MiB took minutes.
BOOST_AUTO_TEST_CASE(run_length_encoding_is_linear) {
    std::string payload(4 << 20, '0');
    auto start = std::chrono::steady_clock::now();
    std::string encoded = rsp::Framer::encode(payload, true);
    auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(std::chrono::duration<double>(took).count() < 2.0); // linear: milliseconds
    rsp::Framer decoder(payload.size());
    std::vector<rsp::FramerEvent> events;
    decoder.feed(encoded, events);
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_TEST((events[0].payload == payload));
}

// Review: while a launch or attach finished, packets were held without limit, so a client
// that kept sending grew rspd's memory for as long as the attach took.
BOOST_AUTO_TEST_CASE(packets_held_during_a_launch_are_bounded) {
    Extended t;
    BOOST_TEST(t.exchange("vRun;" + rsp::to_hex("/bin/prog")).empty());
    int refused = 0;
    for (int i = 0; i < 100; ++i) {
        auto replies = t.exchange("qC");
        if (replies.empty()) continue; // held
        BOOST_TEST(replies.at(0) == "E10"); // EBUSY
        ++refused;
    }
    BOOST_TEST(refused >= 90);
    t.wire.clear();
    t.launcher.pending_launch(0x10);
    BOOST_TEST(t.replies().size() == 1u + (100 - refused)); // the stop reply, then the held
}

// Review: QEnvironmentHexEncoded (and Unset) with ever new names grew the launch
// environment without limit. It is now bounded by what execve could take anyway.
BOOST_AUTO_TEST_CASE(launch_environment_is_bounded) {
    Extended t;
    std::string value(60000, 'v');
    std::string last;
    for (int i = 0; i < 100 && last != "E07"; ++i) // E2BIG
        last = t.reply("QEnvironmentHexEncoded:" + rsp::to_hex(fmt::format("N{}={}", i, value)));
    BOOST_TEST(last == "E07");
    BOOST_TEST(t.reply("QEnvironmentUnset:" + rsp::to_hex(std::string(60000, 'u'))) == "E07");
    BOOST_TEST(t.reply("QEnvironmentHexEncoded:" + rsp::to_hex("N0=small")) == "OK"); // replaces
    BOOST_TEST(t.reply("QEnvironmentReset") == "OK");
    BOOST_TEST(t.reply("QEnvironmentHexEncoded:" + rsp::to_hex("N1=" + value)) == "OK");
}

BOOST_AUTO_TEST_SUITE_END()
