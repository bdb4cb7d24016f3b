#pragma once
// Transcript tests: packets in, replies out, a Session over the in-memory FakeTarget.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "fake_capabilities.hpp"
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
    test::FakeTarget target;
    std::string wire; // everything the session wrote
    rsp::Session session{target, [this](std::string bytes) { wire += bytes; },
                         target::StopEvent{.thread = {0x10, 0x10}, .signal = SIGTRAP}};

    // Sends one packet; returns the payloads of the packets the session wrote back.
    std::vector<std::string> exchange(std::string_view packet) {
        wire.clear();
        session.on_bytes(frame(packet));
        return replies();
    }
    // What the session wrote since the last exchange, as payloads: RLE expanded and, as a
    // client does for binary replies, unescaped when `binary`.
    std::vector<std::string> replies(bool binary = false) {
        rsp::Framer decoder;
        std::vector<rsp::FramerEvent> events;
        decoder.feed(wire, events);
        std::vector<std::string> out;
        for (auto& e : events) {
            if (e.kind != rsp::FramerEvent::Kind::packet) continue;
            if (!binary) {
                out.push_back(e.payload);
                continue;
            }
            std::string plain;
            for (std::size_t i = 0; i < e.payload.size(); ++i)
                plain += e.payload[i] == '}' && i + 1 < e.payload.size()
                             ? static_cast<char>(e.payload[++i] ^ 0x20)
                             : e.payload[i];
            out.push_back(plain);
        }
        return out;
    }
    std::string reply(std::string_view packet) {
        auto all = exchange(packet);
        BOOST_REQUIRE_EQUAL(all.size(), 1u);
        return all.front();
    }
    // One reply carrying binary data (qXfer, vFile:pread), unescaped.
    std::string binary_reply(std::string_view packet) {
        exchange(packet);
        auto all = replies(true);
        BOOST_REQUIRE_EQUAL(all.size(), 1u);
        return all.front();
    }
    // Notifications (%...#cs) the session wrote since the last exchange, payloads only.
    std::vector<std::string> notifications() const {
        std::vector<std::string> out;
        for (std::size_t at = wire.find('%'); at != std::string::npos; at = wire.find('%', at + 1)) {
            auto end = wire.find('#', at);
            if (end != std::string::npos) out.push_back(wire.substr(at + 1, end - at - 1));
        }
        return out;
    }
};

// Constructed before the session and destroyed after it: the session's end resets files.
struct Capabilities {
    FakeLauncher launcher;
    FakeEvents events;
    FakeHostIo files;
};

// A transcript whose target can launch, attach, report process events and serve files.
struct Extended : Capabilities, Transcript {
    Extended() {
        target.launcher_ = &launcher;
        target.events_ = &events;
        target.host_io_ = &files;
    }
};

} // namespace test
