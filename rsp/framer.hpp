#pragma once
// Packet framing, both directions. A byte-at-a-time state machine with no I/O: feed it what
// the transport read, get back what arrived; encode() builds what to write.
//   $payload#cs   a packet (payload has run-length `*` sequences expanded and `}` escapes
//                 left in place: only binary-carrying packets (X, vFile:pwrite, ...) unescape,
//                 with rsp::unescape_binary)
//   +  -          acknowledgements
//   0x03          interrupt request (only outside a packet)
// Bytes before `$` that are none of these are skipped.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rsp {

struct FramerEvent {
    enum class Kind {
        packet,       // payload holds the decoded packet
        bad_checksum, // a packet whose checksum did not match: answer '-' (in ack mode)
        ack,          // '+'
        nack,         // '-': resend the last packet
        interrupt,    // 0x03
        overflow,     // a packet longer than the limit: dropped, answer with an error
    };
    Kind kind;
    std::string payload;
};

class Framer {
  public:
    // max_packet: the largest decoded payload accepted (the advertised PacketSize); longer
    // packets are consumed up to their '#cs' and reported as overflow, never buffered whole.
    explicit Framer(std::size_t max_packet = 0x20000) : max_packet_(max_packet) {}

    // Appends the events found in bytes to out. Packets may be split at any byte.
    void feed(std::string_view bytes, std::vector<FramerEvent>& out);

    // "$payload#cs" with $, #, } and * escaped as }X^0x20. With rle, runs of 4 or more equal
    // bytes are compressed as X*n (never producing the forbidden counts for '#' and '$').
    static std::string encode(std::string_view payload, bool rle = false);
    // "%payload#cs": an asynchronous notification (non-stop).
    static std::string encode_notification(std::string_view payload);

  private:
    enum class State { idle, body, repeat_count, checksum1, checksum2 };
    void on_idle(char c, std::vector<FramerEvent>& out);
    void on_body(char c);
    void on_repeat_count(char c);
    void on_checksum(char c, std::vector<FramerEvent>& out);
    void start_packet();
    void append(char c, std::size_t count);
    void finish_packet(std::vector<FramerEvent>& out);

    std::size_t max_packet_;
    State state_ = State::idle;
    std::string body_;      // payload as received (escapes kept), RLE expanded
    unsigned char sum_ = 0; // running checksum of the raw bytes between $ and #
    int checksum_ = 0;      // the hex digits received so far
    bool overflowed_ = false;
    bool have_last_ = false; // a payload byte exists that '*' may repeat
    char last_ = 0;          // previous payload byte, for run-length expansion
};

} // namespace rsp
