// Regression tests for what the fuzzers (tests/fuzz) and the bad-input e2e test
// (tests/e2e/test_bad_input.py) found: each failed here before its fix. The comment on each
// says who found it and what went wrong.
#include "transcript.hpp"

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
    (void)t.target.kill(0x10);
    BOOST_TEST(t.reply("qAttached:10") == "E03");
}

// test_bad_input.py: qSymbol answered OK to anything. gdb sends "qSymbol::" (ready to look
// symbols up) or "qSymbol:VALUE:NAME" / "qSymbol::NAME" (an answer), all hex.
BOOST_AUTO_TEST_CASE(qsymbol_accepts_only_value_colon_name) {
    Transcript t;
    BOOST_TEST(t.reply("qSymbol::") == "OK");
    BOOST_TEST(t.reply("qSymbol::6d61696e") == "OK");
    BOOST_TEST(t.reply("qSymbol:401000:6d61696e") == "OK");
    for (auto bad : {"qSymbol:", "qSymbol:zz", "qSymbol:zz:", "qSymbol::zz", "qSymbol:1:2:3",
                     "qSymbol:10000000000000000:6d61696e", "qSymbol:1:"})
        BOOST_TEST(t.reply(bad) == "E16", bad);
}

BOOST_AUTO_TEST_SUITE_END()
