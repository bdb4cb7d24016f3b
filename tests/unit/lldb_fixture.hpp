#pragma once
// The fixture of the LLDB transcript tests: a FakeTarget with LLDB's capabilities in memory
// (host queries, memory map, memory allocation, module files, attach-wait) and a launcher,
// and LLDB's connection start.
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_capabilities.hpp"
#include "fake_lldb.hpp"
#include "rsp/codec.hpp"
#include "transcript.hpp"

namespace test::lldb {

// A transcript whose target has LLDB's capabilities and a launcher.
struct Transcript : test::Transcript {
    FakeLldb lldb;
    test::FakeLauncher launcher;
    Transcript() {
        lldb.plug_into(target);
        target.launcher_ = &launcher;
    }
};

// LLDB's connection start: no-ack first, then the two LLDB negotiations.
inline void negotiate(Transcript& t) {
    BOOST_REQUIRE(t.reply("QStartNoAckMode") == "OK");
    t.reply("qSupported:xmlRegisters=i386,arm,mips,arc;multiprocess+;fork-events+;vfork-events+");
    BOOST_REQUIRE(t.reply("QThreadSuffixSupported") == "OK");
    BOOST_REQUIRE(t.reply("QListThreadsInStopReply") == "OK");
}

inline std::string unescaped(std::string_view payload) {
    auto bytes = rsp::unescape_binary(payload);
    BOOST_REQUIRE(bytes.has_value());
    return std::string(bytes->begin(), bytes->end());
}

inline std::string hex(std::string_view text) {
    return rsp::to_hex(text);
}

// The fake's description names an architecture but no OS.
inline const std::string fake_triple = "x86_64-pc-unknown";

} // namespace test::lldb
