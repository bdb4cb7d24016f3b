#pragma once
// Transcript tests: packets in, replies out, against the in-memory fake target. Shared by
// the session tests and the regression tests of what fuzzing and bad input found.
#include <boost/test/unit_test.hpp>

#include <csignal>

#include <fmt/core.h>

#include "fake_target.hpp"
#include "rsp/framer.hpp"
#include "rsp/session.hpp"

namespace test {

// "$packet#cs" exactly as gdb frames it: binary fields arrive already escaped.
inline std::string frame(std::string_view packet) {
    unsigned sum = 0;
    for (unsigned char c : packet) sum += c;
    return fmt::format("${}#{:02x}", packet, sum & 0xff);
}

struct Transcript {
    FakeTarget target;
    std::string wire; // everything the session wrote
    rsp::Session session{target, [this](std::string bytes) { wire += bytes; },
                         target::StopEvent{.thread = {0x10, 0x10}, .signal = SIGTRAP}};

    // Sends one packet; returns the payloads of the packets the session wrote back.
    std::vector<std::string> exchange(std::string_view packet) {
        wire.clear();
        session.on_bytes(frame(packet));
        return replies();
    }
    std::vector<std::string> replies() {
        rsp::Framer decoder;
        std::vector<rsp::FramerEvent> events;
        decoder.feed(wire, events);
        std::vector<std::string> out;
        for (auto& e : events)
            if (e.kind == rsp::FramerEvent::Kind::packet) out.push_back(e.payload);
        return out;
    }
    std::string reply(std::string_view packet) {
        auto all = exchange(packet);
        BOOST_REQUIRE_EQUAL(all.size(), 1u);
        return all.front();
    }
};

} // namespace test
