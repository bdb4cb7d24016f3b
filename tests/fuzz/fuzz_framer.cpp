// libFuzzer target for rsp::Framer. Checks, for arbitrary bytes:
//  - feeding them whole or split at arbitrary points gives the same events;
//  - no packet payload is ever longer than the framer's limit;
//  - every decoded payload, and the input itself, survives encode() -> feed() -> unescape,
//    with and without run-length compression.
// A broken invariant calls __builtin_trap() so libFuzzer records the input.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "rsp/codec.hpp"
#include "rsp/framer.hpp"

namespace {

using fuzz::check;

bool same_events(const std::vector<rsp::FramerEvent>& a, const std::vector<rsp::FramerEvent>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].kind != b[i].kind || a[i].payload != b[i].payload) return false;
    return true;
}

std::vector<rsp::FramerEvent> feed_whole(std::string_view stream, std::size_t max_packet) {
    rsp::Framer framer(max_packet);
    std::vector<rsp::FramerEvent> events;
    framer.feed(stream, events);
    return events;
}

std::vector<rsp::FramerEvent> feed_split(std::string_view stream, std::size_t max_packet,
                                         std::uint32_t seed) {
    rsp::Framer framer(max_packet);
    std::vector<rsp::FramerEvent> events;
    std::minstd_rand random(seed);
    while (!stream.empty()) {
        std::size_t cut = random() % (stream.size() + 1);
        framer.feed(stream.substr(0, cut), events);
        stream.remove_prefix(cut);
    }
    return events;
}

void check_round_trip(std::string_view payload, bool rle) {
    std::string encoded = rsp::Framer::encode(payload, rle);
    auto events = feed_whole(encoded, payload.size() * 2); // room for every byte escaped
    check(events.size() == 1 && events[0].kind == rsp::FramerEvent::Kind::packet);
    auto bytes = rsp::unescape_binary(events[0].payload);
    check(bytes &&
          std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()) == payload);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    // The first bytes choose the packet limit (small, to reach overflow) and the split points.
    std::size_t max_packet = data[0] * 4u;
    std::uint32_t seed = data[1] | data[2] << 8;
    std::string_view stream(reinterpret_cast<const char*>(data + 3), size - 3);

    auto whole = feed_whole(stream, max_packet);
    check(same_events(whole, feed_split(stream, max_packet, seed)));
    for (const auto& event : whole) {
        check(event.payload.size() <= max_packet);
        if (event.kind != rsp::FramerEvent::Kind::packet) continue;
        auto bytes = rsp::unescape_binary(event.payload);
        if (!bytes) continue; // a trailing lone '}': not binary data, nothing to re-encode
        std::string_view payload(reinterpret_cast<const char*>(bytes->data()), bytes->size());
        check_round_trip(payload, true);
        check_round_trip(payload, false);
    }
    check_round_trip(stream, true);
    check_round_trip(stream, false);
    return 0;
}
