// rsp thread-id syntax: pPID.TID, pPID, TID, -1, 0.
#include <boost/test/unit_test.hpp>

#include <climits>
#include <ostream>

#include "rsp/thread_id.hpp"

namespace rsp {
std::ostream& operator<<(std::ostream& out, const ThreadId& id) {
    return out << "{pid " << id.pid << ", tid " << id.tid << "}";
}
} // namespace rsp

using rsp::ThreadId;

namespace {
ThreadId parsed(std::string_view text) {
    auto id = rsp::parse_thread_id(text);
    BOOST_REQUIRE_MESSAGE(id.has_value(), "'" << text << "' should parse");
    return *id;
}
} // namespace

BOOST_AUTO_TEST_SUITE(thread_id)

BOOST_AUTO_TEST_CASE(plain_form) {
    BOOST_TEST(parsed("1a") == (ThreadId{0, 0x1a}));
    BOOST_TEST(parsed("-1") == (ThreadId{0, -1}));
    BOOST_TEST(parsed("0") == (ThreadId{0, 0}));
    BOOST_TEST(parsed("7fffffff") == (ThreadId{0, INT_MAX}));
    BOOST_TEST(parsed("ABC") == (ThreadId{0, 0xabc}));
}

BOOST_AUTO_TEST_CASE(multiprocess_form) {
    BOOST_TEST(parsed("p1a.1b") == (ThreadId{0x1a, 0x1b}));
    BOOST_TEST(parsed("p1a") == (ThreadId{0x1a, -1}));
    BOOST_TEST(parsed("p1a.-1") == (ThreadId{0x1a, -1}));
    BOOST_TEST(parsed("p-1") == (ThreadId{-1, -1}));
    BOOST_TEST(parsed("p-1.-1") == (ThreadId{-1, -1}));
    BOOST_TEST(parsed("p0.0") == (ThreadId{0, 0}));
    BOOST_TEST(parsed("p10.0") == (ThreadId{0x10, 0}));
}

BOOST_AUTO_TEST_CASE(rejects_garbage) {
    for (const char* text : {"",
                             "p",
                             "p.",
                             "p1.",
                             "p.1",
                             "p1.2.3",
                             "pp1",
                             "-2",
                             "-",
                             "g",
                             "1 ",
                             " 1",
                             "80000000",
                             "p80000000.1",
                             "p1.80000000",
                             "p-1.5",
                             "p-2",
                             "P1.2",
                             "+1",
                             "p1,2",
                             "0x1",
                             "ffffffffffffffffff"})
        BOOST_TEST(!rsp::parse_thread_id(text).has_value(), "text '" << text << "'");
}

BOOST_AUTO_TEST_CASE(format) {
    BOOST_TEST(rsp::format_thread_id({0x1a, 0x1b}, true) == "p1a.1b");
    BOOST_TEST(rsp::format_thread_id({0x1a, 0x1b}, false) == "1b");
    BOOST_TEST(rsp::format_thread_id({-1, -1}, true) == "p-1.-1");
    BOOST_TEST(rsp::format_thread_id({5, -1}, false) == "-1");
    BOOST_TEST(rsp::format_thread_id({0, 0}, true) == "p0.0");
    BOOST_TEST(rsp::format_thread_id({INT_MAX, 1}, true) == "p7fffffff.1");
}

BOOST_AUTO_TEST_CASE(format_parse_round_trip) {
    for (int pid : {1, 0x1234, INT_MAX}) {
        for (int tid : {-1, 0, 1, 0xbeef}) {
            ThreadId id = parsed(rsp::format_thread_id({pid, tid}, true));
            BOOST_TEST(id == (ThreadId{pid, tid}));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
