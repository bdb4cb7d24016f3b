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

BOOST_AUTO_TEST_SUITE_END()
