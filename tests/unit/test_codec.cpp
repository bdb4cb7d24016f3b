// rsp codec helpers: hex numbers, hex bytes, binary escapes, fields.
#include <boost/test/unit_test.hpp>

#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "rsp/codec.hpp"

using namespace std::string_literals;
using Bytes = std::vector<std::uint8_t>;

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(parse_hex_accepts) {
    BOOST_TEST(*rsp::parse_hex("0") == 0u);
    BOOST_TEST(*rsp::parse_hex("ff") == 255u);
    BOOST_TEST(*rsp::parse_hex("FF") == 255u);
    BOOST_TEST(*rsp::parse_hex("aBcDeF") == 0xabcdefu);
    BOOST_TEST(*rsp::parse_hex("7fffffffffff") == 0x7fffffffffffu);
    BOOST_TEST(*rsp::parse_hex("ffffffffffffffff") == UINT64_MAX);
    BOOST_TEST(*rsp::parse_hex("00000000000000001") == 1u); // leading zeros are not overflow
    BOOST_TEST(*rsp::parse_hex("0000000000000000000000ffffffffffffffff") == UINT64_MAX);
}

BOOST_AUTO_TEST_CASE(parse_hex_rejects) {
    for (const char* text : {"", "g", "12g", " 1", "1 ", "0x10", "+1", "-1", "1,2",
                             "10000000000000000", "fffffffffffffffff", "1.0"})
        BOOST_TEST(!rsp::parse_hex(text).has_value(), "text '" << text << "'");
    BOOST_TEST(!rsp::parse_hex("1\0"s).has_value());
}

BOOST_AUTO_TEST_CASE(parse_hex_signed_values) {
    BOOST_TEST(*rsp::parse_hex_signed("-1") == -1);
    BOOST_TEST(*rsp::parse_hex_signed("0") == 0);
    BOOST_TEST(*rsp::parse_hex_signed("1a2B") == 0x1a2b);
    BOOST_TEST(*rsp::parse_hex_signed("7fffffff") == INT_MAX);
    for (const char* text : {"", "-", "-2", "--1", "-01", "+1", "80000000", "ffffffff", "-1 ", "x"})
        BOOST_TEST(!rsp::parse_hex_signed(text).has_value(), "text '" << text << "'");
}

BOOST_AUTO_TEST_CASE(hex_bytes) {
    Bytes bytes{0x00, 0x7f, 0x80, 0xab, 0xff};
    BOOST_TEST(rsp::to_hex(bytes) == "007f80abff");
    std::string out = "m:";
    rsp::append_hex(out, bytes);
    BOOST_TEST(out == "m:007f80abff");
    BOOST_TEST(rsp::to_hex(Bytes{}) == "");
    BOOST_TEST(rsp::to_hex(std::string_view("hi\n")) == "68690a");
    BOOST_TEST(rsp::to_hex(std::string_view("\xff\x00"s)) == "ff00");
}

BOOST_AUTO_TEST_CASE(from_hex_values) {
    BOOST_TEST(*rsp::from_hex("007F80abFF") == (Bytes{0x00, 0x7f, 0x80, 0xab, 0xff}));
    BOOST_TEST(rsp::from_hex("")->empty());
    BOOST_TEST(!rsp::from_hex("0").has_value());
    BOOST_TEST(!rsp::from_hex("0g").has_value());
    BOOST_TEST(!rsp::from_hex("g0").has_value());
    BOOST_TEST(!rsp::from_hex("-1").has_value());
    BOOST_TEST(*rsp::from_hex_text("68690a") == "hi\n");
    BOOST_TEST(*rsp::from_hex_text("6100ff") == "a\0\xff"s);
    BOOST_TEST(!rsp::from_hex_text("686").has_value());
}

BOOST_AUTO_TEST_CASE(hex_text_round_trip) {
    std::string all;
    for (int c = 0; c < 256; ++c)
        all += static_cast<char>(c);
    BOOST_TEST(*rsp::from_hex_text(rsp::to_hex(std::string_view(all))) == all);
}

BOOST_AUTO_TEST_CASE(hex_number_values) {
    BOOST_TEST(rsp::hex_number(0) == "0");
    BOOST_TEST(rsp::hex_number(1) == "1");
    BOOST_TEST(rsp::hex_number(0x10) == "10");
    BOOST_TEST(rsp::hex_number(0xdeadbeef) == "deadbeef");
    BOOST_TEST(rsp::hex_number(0x1000000000000000) == "1000000000000000");
    BOOST_TEST(rsp::hex_number(UINT64_MAX) == "ffffffffffffffff");
    for (std::uint64_t value : {0ull, 9ull, 0xabcull, 0x8000000000000000ull})
        BOOST_TEST(*rsp::parse_hex(rsp::hex_number(value)) == value);
}

BOOST_AUTO_TEST_CASE(unescape_binary_values) {
    BOOST_TEST(*rsp::unescape_binary("abc") == (Bytes{'a', 'b', 'c'}));
    BOOST_TEST(*rsp::unescape_binary("}]}\x03}\x04}\x0a") == (Bytes{'}', '#', '$', '*'}));
    BOOST_TEST(*rsp::unescape_binary("}}") == (Bytes{']'}));
    BOOST_TEST(rsp::unescape_binary("")->empty());
    BOOST_TEST(!rsp::unescape_binary("}").has_value());
    BOOST_TEST(!rsp::unescape_binary("ab}").has_value());
}

BOOST_AUTO_TEST_CASE(escaped_fit_counts_escapes) {
    Bytes data{'a', '}', 'b', '#', 'c'};
    BOOST_TEST(rsp::escaped_fit(data, 100) == 5u);
    BOOST_TEST(rsp::escaped_fit(data, 3) == 2u); // "a}]" is 3 bytes on the wire
    BOOST_TEST(rsp::escaped_fit(data, 2) == 1u); // the escaped '}' does not fit
    BOOST_TEST(rsp::escaped_fit(data, 0) == 0u);
}

BOOST_AUTO_TEST_CASE(split_fields) {
    using Fields = std::vector<std::string_view>;
    BOOST_TEST(rsp::split("", ',') == Fields{""});
    BOOST_TEST(rsp::split("a", ',') == Fields{"a"});
    BOOST_TEST(rsp::split("a,b,c", ',') == (Fields{"a", "b", "c"}));
    BOOST_TEST(rsp::split("a,,b", ',') == (Fields{"a", "", "b"}));
    BOOST_TEST(rsp::split(",", ',') == (Fields{"", ""}));
    BOOST_TEST(rsp::split(" a ;b", ';') == (Fields{" a ", "b"}));
}

BOOST_AUTO_TEST_CASE(addr_length) {
    auto parsed = rsp::parse_addr_length("7fff0000,4");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->addr == 0x7fff0000u);
    BOOST_TEST(parsed->length == 4u);
    parsed = rsp::parse_addr_length("FFFFFFFFFFFFFFFF,0");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->addr == UINT64_MAX);
    BOOST_TEST(parsed->length == 0u);
    for (const char* text :
         {"", ",", "1000", ",4", "1000,", "1,2,3", "1000;4", "x,4", "1, 4", "10000000000000000,1"})
        BOOST_TEST(!rsp::parse_addr_length(text).has_value(), "text '" << text << "'");
}

BOOST_AUTO_TEST_SUITE_END()
