// Packet framing: see framer.hpp for the grammar. GDB manual, "Remote Protocol > Overview".
#include "rsp/framer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace rsp {
namespace {

constexpr char interrupt_byte = 0x03;
// A run-length count is sent as (extra repeats + 29): ' ' (32) means three more copies.
constexpr int rle_bias = 29;
constexpr int max_count_char = '~';    // counts must stay printable 7-bit ASCII
constexpr std::size_t min_rle_run = 4; // "X*n" is 3 bytes: only worth it from 4 copies on
constexpr std::size_t max_rle_run = 1 + (max_count_char - rle_bias);

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool needs_escape(char c) {
    return c == '$' || c == '#' || c == '}' || c == '*';
}

void append_checksum(std::string& out, unsigned char sum) {
    static constexpr char digits[] = "0123456789abcdef";
    out += '#';
    out += digits[sum >> 4];
    out += digits[sum & 0xf];
}

// Length of the run of equal bytes at pos, counted no further than one token can carry: a
// longer run is cut into tokens anyway, and scanning it whole at every token was quadratic.
std::size_t run_length(std::string_view text, std::size_t pos) {
    std::size_t end = pos + 1;
    while (end < text.size() && end - pos < max_rle_run && text[end] == text[pos])
        ++end;
    return end - pos;
}

// How many copies of a run to put in one "X*n" token. Counts 7 and 8 would make n '#' or
// '$', which end or restart a packet: the manual says to send six and the rest plainly.
std::size_t rle_chunk(std::size_t run) {
    std::size_t chunk = std::min(run, max_rle_run);
    if (chunk == 7 || chunk == 8) chunk = 6;
    return chunk;
}

// True when a run of at least min_rle_run copies starts at pos (checked without a call per
// byte: memory replies are hundreds of KiB and this is their hot loop).
bool run_starts(std::string_view text, std::size_t pos) {
    if (pos + min_rle_run > text.size()) return false;
    char c = text[pos];
    return text[pos + 1] == c && text[pos + 2] == c && text[pos + 3] == c;
}

// Eight bytes from p, unaligned.
std::uint64_t load8(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// True when some byte of v is zero (the classic bit trick: no loop, no branch per byte).
bool has_zero_byte(std::uint64_t v) {
    return ((v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL) != 0;
}

bool has_byte(std::uint64_t v, unsigned char c) {
    return has_zero_byte(v ^ (0x0101010101010101ULL * c));
}

// Length of the stretch from pos on that holds no byte to escape and where no run of
// min_rle_run equal bytes starts, found eight positions at a time (a run of four starts at
// lane i when lane i of v equals lanes i of the next three loads); a lower bound is fine.
std::size_t plain_stretch(std::string_view text, std::size_t pos, bool rle) {
    static_assert(min_rle_run == 4);
    std::size_t start = pos;
    const char* p = text.data();
    while (pos + 8 + min_rle_run <= text.size()) {
        std::uint64_t v = load8(p + pos);
        if (has_byte(v, '$') || has_byte(v, '#') || has_byte(v, '}') || has_byte(v, '*')) break;
        if (rle && has_zero_byte((v ^ load8(p + pos + 1)) | (v ^ load8(p + pos + 2)) |
                                 (v ^ load8(p + pos + 3))))
            break;
        pos += 8;
    }
    return pos - start;
}

// Escaped and (optionally) run-length compressed body, without framing. Plain stretches are
// appended whole; only escapes and runs are handled byte by byte.
// `start` ('$' or '%') is written first so that framing needs no second copy.
std::string encode_body(char start, std::string_view payload, bool rle) {
    std::string body(1, start);
    body.reserve(payload.size() + payload.size() / 16 + 8);
    std::size_t plain_start = 0;
    auto flush_plain = [&](std::size_t end) {
        body.append(payload.data() + plain_start, end - plain_start);
    };
    std::size_t pos = 0;
    while (pos < payload.size()) {
        pos += plain_stretch(payload, pos, rle);
        if (pos >= payload.size()) break;
        char c = payload[pos];
        if (needs_escape(c)) {
            // Escaped bytes are never compressed: "}X*n" would leave it to the reader to
            // guess whether '*' repeats the raw X or the decoded byte.
            flush_plain(pos);
            body += '}';
            body += static_cast<char>(c ^ 0x20);
            plain_start = ++pos;
            continue;
        }
        if (rle && run_starts(payload, pos)) {
            std::size_t chunk = rle_chunk(run_length(payload, pos));
            if (chunk >= min_rle_run) {
                flush_plain(pos);
                body += c;
                body += '*';
                body += static_cast<char>(chunk - 1 + rle_bias);
                plain_start = pos += chunk;
                continue;
            }
        }
        ++pos;
    }
    flush_plain(pos);
    return body;
}

// Appends "#cs" to "$body" / "%body": the checksum covers what follows the start byte.
std::string frame(std::string framed) {
    unsigned char sum = 0;
    for (std::size_t i = 1; i < framed.size(); ++i)
        sum += static_cast<unsigned char>(framed[i]);
    append_checksum(framed, sum);
    return framed;
}

} // namespace

void Framer::feed(std::string_view bytes, std::vector<FramerEvent>& out) {
    for (char c : bytes) {
        switch (state_) {
        case State::idle:
            on_idle(c, out);
            break;
        case State::body:
            on_body(c);
            break;
        case State::repeat_count:
            on_repeat_count(c);
            break;
        case State::checksum1:
        case State::checksum2:
            on_checksum(c, out);
            break;
        }
    }
}

void Framer::on_idle(char c, std::vector<FramerEvent>& out) {
    switch (c) {
    case '$':
        start_packet();
        break;
    case '+':
        out.push_back({FramerEvent::Kind::ack, {}});
        break;
    case '-':
        out.push_back({FramerEvent::Kind::nack, {}});
        break;
    case interrupt_byte:
        out.push_back({FramerEvent::Kind::interrupt, {}});
        break;
    default:
        break; // line noise between packets
    }
}

void Framer::start_packet() {
    state_ = State::body;
    body_.clear();
    sum_ = 0;
    checksum_ = 0;
    overflowed_ = false;
    have_last_ = false;
}

void Framer::on_body(char c) {
    if (c == '$') { // gdb gave up on the partial packet and started again
        start_packet();
        return;
    }
    if (c == '#') {
        state_ = State::checksum1;
        return;
    }
    sum_ += static_cast<unsigned char>(c);
    if (c == '*' && have_last_) {
        state_ = State::repeat_count;
        return;
    }
    append(c, 1);
}

void Framer::on_repeat_count(char c) {
    if (c == '$') {
        start_packet();
        return;
    }
    if (c == '#') { // a '*' with no count: keep it as a plain byte
        append('*', 1);
        state_ = State::checksum1;
        return;
    }
    sum_ += static_cast<unsigned char>(c);
    state_ = State::body;
    int code = static_cast<unsigned char>(c);
    if (code < rle_bias || code > max_count_char) { // not a count: keep both bytes as they came
        append('*', 1);
        append(c, 1);
        return;
    }
    // Repeats the previous raw byte, escapes included, as gdb's own reader does.
    append(last_, static_cast<std::size_t>(code - rle_bias));
}

// Appends count copies of c, or marks the packet overflowed if the limit would be passed;
// an overflowed packet is only checksummed, never stored.
void Framer::append(char c, std::size_t count) {
    last_ = c;
    have_last_ = true;
    if (overflowed_) return;
    if (count > max_packet_ - body_.size()) {
        overflowed_ = true;
        body_.clear();
        return;
    }
    body_.append(count, c);
}

void Framer::on_checksum(char c, std::vector<FramerEvent>& out) {
    if (c == '$') {
        start_packet();
        return;
    }
    int digit = hex_value(c);
    if (digit < 0) {
        state_ = State::idle;
        body_.clear();
        out.push_back({FramerEvent::Kind::bad_checksum, {}});
        return;
    }
    checksum_ = checksum_ * 16 + digit;
    if (state_ == State::checksum1) {
        state_ = State::checksum2;
        return;
    }
    finish_packet(out);
}

void Framer::finish_packet(std::vector<FramerEvent>& out) {
    state_ = State::idle;
    if (overflowed_) {
        out.push_back({FramerEvent::Kind::overflow, {}});
    } else if (checksum_ != sum_) {
        out.push_back({FramerEvent::Kind::bad_checksum, {}});
    } else {
        out.push_back({FramerEvent::Kind::packet, std::move(body_)});
    }
    body_.clear();
}

std::string Framer::encode(std::string_view payload, bool rle) {
    return frame(encode_body('$', payload, rle));
}

std::string Framer::encode_notification(std::string_view payload) {
    return frame(encode_body('%', payload, false));
}

} // namespace rsp
