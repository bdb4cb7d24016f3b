// rsp::Framer: decoding what gdb sends, encoding what we answer.
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "rsp/framer.hpp"

namespace rsp {
std::ostream& operator<<(std::ostream& out, FramerEvent::Kind kind) {
    return out << "kind " << static_cast<int>(kind);
}
} // namespace rsp

using rsp::Framer;
using rsp::FramerEvent;
using Kind = rsp::FramerEvent::Kind;
using namespace std::string_literals;

namespace {

std::vector<FramerEvent> feed(Framer& framer, std::string_view bytes) {
    std::vector<FramerEvent> out;
    framer.feed(bytes, out);
    return out;
}

std::vector<FramerEvent> feed(std::string_view bytes, std::size_t max_packet = 0x20000) {
    Framer framer(max_packet);
    return feed(framer, bytes);
}

// Frames a raw body exactly as given (no escaping), with a correct checksum.
std::string raw_packet(std::string_view body) {
    unsigned sum = 0;
    for (char c : body)
        sum += static_cast<unsigned char>(c);
    static constexpr char digits[] = "0123456789abcdef";
    return "$"s + std::string(body) + "#" + digits[(sum >> 4) & 0xf] + digits[sum & 0xf];
}

std::string describe(const std::vector<FramerEvent>& events) {
    std::string text;
    for (const auto& event : events)
        text += std::to_string(static_cast<int>(event.kind)) + ":" + event.payload + "|";
    return text;
}

// Decodes one encoded packet back to its payload (after RLE) and unescapes it.
std::string round_trip(std::string_view payload, bool rle) {
    auto events = feed(Framer::encode(payload, rle));
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_REQUIRE(events[0].kind == Kind::packet);
    std::string decoded;
    const std::string& body = events[0].payload;
    for (std::size_t i = 0; i < body.size(); ++i)
        decoded +=
            body[i] == '}' && i + 1 < body.size() ? static_cast<char>(body[++i] ^ 0x20) : body[i];
    return decoded;
}

// A stream exercising every state: noise, acks, escapes, RLE, a bad checksum, interrupts.
const std::string mixed_stream = "xx\r\n+$g#67-$m0,4#FD\x03$X0,1:}\x03#9f$bad#00$0*\"00#dc"
                                 "$abc$OK#9a$#00+"s;

} // namespace

BOOST_AUTO_TEST_SUITE(framer)

BOOST_AUTO_TEST_CASE(simple_packet) {
    auto events = feed("$g#67");
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_TEST(events[0].kind == Kind::packet);
    BOOST_TEST(events[0].payload == "g");
}

BOOST_AUTO_TEST_CASE(checksum_accepts_both_cases) {
    BOOST_TEST(describe(feed("$m0,4#fd")) == "0:m0,4|");
    BOOST_TEST(describe(feed("$m0,4#FD")) == "0:m0,4|");
    BOOST_TEST(describe(feed("$m0,4#Fd")) == "0:m0,4|");
}

BOOST_AUTO_TEST_CASE(empty_packet) {
    BOOST_TEST(describe(feed("$#00")) == "0:|");
}

BOOST_AUTO_TEST_CASE(bad_checksum_then_recovery) {
    auto events = feed("$g#68$g#67");
    BOOST_REQUIRE_EQUAL(events.size(), 2u);
    BOOST_TEST(events[0].kind == Kind::bad_checksum);
    BOOST_TEST(events[1].kind == Kind::packet);
    BOOST_TEST(events[1].payload == "g");
}

BOOST_AUTO_TEST_CASE(non_hex_checksum_is_bad) {
    BOOST_TEST(describe(feed("$g#6z")) == "1:|");
    BOOST_TEST(describe(feed("$g#z7$g#67")) == "1:|0:g|");
}

BOOST_AUTO_TEST_CASE(acks_and_interrupt) {
    auto events = feed("+-\x03+");
    BOOST_REQUIRE_EQUAL(events.size(), 4u);
    BOOST_TEST(events[0].kind == Kind::ack);
    BOOST_TEST(events[1].kind == Kind::nack);
    BOOST_TEST(events[2].kind == Kind::interrupt);
    BOOST_TEST(events[3].kind == Kind::ack);
}

BOOST_AUTO_TEST_CASE(garbage_before_packet_is_skipped) {
    BOOST_TEST(describe(feed("hello\r\n\x00\xff#12$g#67"s)) == "0:g|");
}

BOOST_AUTO_TEST_CASE(interrupt_and_acks_inside_packet_are_payload) {
    std::string body = "a\x03+-b";
    auto events = feed(raw_packet(body));
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_TEST(events[0].payload == body);
}

BOOST_AUTO_TEST_CASE(dollar_restarts_packet) {
    BOOST_TEST(describe(feed("$qSupp$g#67")) == "0:g|");
    BOOST_TEST(describe(feed("$g#6$g#67")) == "0:g|");
    BOOST_TEST(describe(feed("$g#$g#67")) == "0:g|");
    BOOST_TEST(describe(feed("$a*$g#67")) == "0:g|");
}

BOOST_AUTO_TEST_CASE(escapes_are_kept) {
    auto events = feed("$X0,1:}\x03#9f");
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_TEST(events[0].payload == "X0,1:}\x03");
}

BOOST_AUTO_TEST_CASE(run_length_decoding) {
    BOOST_TEST(describe(feed("$0* #7a")) == "0:0000|");
    // The manual's example: six zeros via '"' then two plain ones.
    BOOST_TEST(describe(feed("$0*\"00#dc")) == "0:00000000|");
    BOOST_TEST(feed(raw_packet("a*~"))[0].payload == std::string(98, 'a'));
    BOOST_TEST(feed(raw_packet("xa*!b"))[0].payload == "xaaaaab");
    BOOST_TEST(feed(raw_packet("a* * "))[0].payload == std::string(7, 'a'));
}

BOOST_AUTO_TEST_CASE(run_length_edge_cases) {
    BOOST_TEST(feed(raw_packet("*a"))[0].payload == "*a");         // nothing to repeat
    BOOST_TEST(feed(raw_packet("a*"))[0].payload == "a*");         // no count before '#'
    BOOST_TEST(feed(raw_packet("a*\x7f"))[0].payload == "a*\x7f"); // not printable: literal
    BOOST_TEST(feed(raw_packet("a*\x10"))[0].payload == "a*\x10");
    BOOST_TEST(feed(raw_packet("a*\x1d"))[0].payload == "a"); // count 29: zero more
    BOOST_TEST(feed(raw_packet("a*\x80"))[0].payload == "a*\x80");
    // The repeat applies to the raw byte before '*', escapes included (gdb does the same).
    BOOST_TEST(feed(raw_packet("}]* "))[0].payload == "}]]]]");
}

BOOST_AUTO_TEST_CASE(overflow_bound) {
    BOOST_TEST(describe(feed(raw_packet("12345678"), 8)) == "0:12345678|");
    BOOST_TEST(describe(feed(raw_packet("123456789"), 8)) == "5:|");
    BOOST_TEST(describe(feed(raw_packet("1234567*!"), 8)) == "5:|");
    BOOST_TEST(describe(feed("$123456789#00$g#67", 8)) == "5:|0:g|"); // even with a bad checksum
    BOOST_TEST(describe(feed("$#00", 0)) == "0:|");
    BOOST_TEST(describe(feed("$g#67", 0)) == "5:|");
}

BOOST_AUTO_TEST_CASE(overflow_rle_bomb) {
    std::string body;
    for (int i = 0; i < 100000; ++i)
        body += "a*~";
    Framer framer(64);
    auto events = feed(framer, raw_packet(body) + "$g#67");
    BOOST_TEST(describe(events) == "5:|0:g|");
}

BOOST_AUTO_TEST_CASE(every_split_point) {
    auto whole = describe(feed(mixed_stream));
    BOOST_TEST(whole == "2:|0:g|3:|0:m0,4|4:|0:X0,1:}\x03|1:|0:00000000|0:OK|0:|2:|");
    for (std::size_t cut = 0; cut <= mixed_stream.size(); ++cut) {
        Framer framer;
        std::vector<FramerEvent> events;
        framer.feed(std::string_view(mixed_stream).substr(0, cut), events);
        framer.feed(std::string_view(mixed_stream).substr(cut), events);
        BOOST_TEST(describe(events) == whole, "cut at " << cut);
    }
}

BOOST_AUTO_TEST_CASE(every_pair_of_split_points) {
    auto whole = describe(feed(mixed_stream));
    std::string_view stream = mixed_stream;
    for (std::size_t a = 0; a <= stream.size(); ++a) {
        for (std::size_t b = a; b <= stream.size(); ++b) {
            Framer framer;
            std::vector<FramerEvent> events;
            framer.feed(stream.substr(0, a), events);
            framer.feed(stream.substr(a, b - a), events);
            framer.feed(stream.substr(b), events);
            if (describe(events) != whole) BOOST_FAIL("cut at " << a << "," << b);
        }
    }
}

BOOST_AUTO_TEST_CASE(byte_at_a_time) {
    Framer framer;
    std::vector<FramerEvent> events;
    for (char c : mixed_stream)
        framer.feed(std::string_view(&c, 1), events);
    BOOST_TEST(describe(events) == describe(feed(mixed_stream)));
}

BOOST_AUTO_TEST_CASE(encode_plain) {
    BOOST_TEST(Framer::encode("g") == "$g#67");
    BOOST_TEST(Framer::encode("OK") == "$OK#9a");
    BOOST_TEST(Framer::encode("") == "$#00");
    BOOST_TEST(Framer::encode("0000", false) == "$0000#c0");
}

BOOST_AUTO_TEST_CASE(encode_escapes) {
    BOOST_TEST(Framer::encode("$#}*") == raw_packet("}\x04}\x03}]}\x0a"));
    BOOST_TEST(Framer::encode("a$b") == raw_packet("a}\x04"
                                                   "b"));
}

BOOST_AUTO_TEST_CASE(encode_rle) {
    BOOST_TEST(Framer::encode("000", true) == raw_packet("000"));
    BOOST_TEST(Framer::encode("0000", true) == raw_packet("0* "));
    BOOST_TEST(Framer::encode("000000", true) == raw_packet("0*\""));
    // 7 and 8 copies would need '#' and '$' as counts.
    BOOST_TEST(Framer::encode("0000000", true) == raw_packet("0*\"0"));
    BOOST_TEST(Framer::encode("00000000", true) == raw_packet("0*\"00"));
    BOOST_TEST(Framer::encode("000000000", true) == raw_packet("0*%"));
    BOOST_TEST(Framer::encode(std::string(98, 'f'), true) == raw_packet("f*~"));
    BOOST_TEST(Framer::encode(std::string(99, 'f'), true) == raw_packet("f*~f"));
}

BOOST_AUTO_TEST_CASE(encode_rle_skips_escaped_runs) {
    BOOST_TEST(Framer::encode("}}}}", true) == raw_packet("}]}]}]}]"));
    BOOST_TEST(Framer::encode("****", true) == raw_packet("}\x0a}\x0a}\x0a}\x0a"));
    BOOST_TEST(Framer::encode("}]]]]", true) == raw_packet("}]]* "));
}

BOOST_AUTO_TEST_CASE(encode_rle_never_emits_framing_bytes) {
    for (std::size_t length = 1; length < 400; ++length) {
        std::string packet = Framer::encode(std::string(length, 'x'), true);
        std::string body = packet.substr(1, packet.size() - 4);
        BOOST_TEST(body.find_first_of("$#") == std::string::npos, "length " << length);
        BOOST_TEST(round_trip(std::string(length, 'x'), true) == std::string(length, 'x'));
    }
}

BOOST_AUTO_TEST_CASE(round_trip_random_payloads) {
    std::mt19937 random(1234);
    const std::string alphabet = "0a$#}*\x03+-\x00\xff"s;
    for (int i = 0; i < 2000; ++i) {
        std::string payload;
        std::size_t length = random() % 300;
        while (payload.size() < length) {
            char c = alphabet[random() % alphabet.size()];
            payload.append(1 + random() % 20, c);
        }
        BOOST_TEST(round_trip(payload, true) == payload);
        BOOST_TEST(round_trip(payload, false) == payload);
    }
}

BOOST_AUTO_TEST_CASE(every_byte_value_round_trips) {
    std::string payload;
    for (int c = 0; c < 256; ++c)
        payload.append(5, static_cast<char>(c));
    BOOST_TEST(round_trip(payload, true) == payload);
    BOOST_TEST(round_trip(payload, false) == payload);
}

BOOST_AUTO_TEST_CASE(notification) {
    BOOST_TEST(Framer::encode_notification("OK") == "%OK#9a");
    std::string encoded = Framer::encode_notification("Stop:T05#");
    BOOST_TEST(encoded.front() == '%');
    BOOST_TEST(encoded.substr(1, encoded.size() - 4) == "Stop:T05}\x03");
    BOOST_TEST(Framer::encode_notification("0000") == "%0000#c0"); // never compressed
}

BOOST_AUTO_TEST_SUITE_END()
