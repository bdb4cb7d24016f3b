// libFuzzer target for the whole protocol session (rsp::Session) against the in-memory fake
// target. An input is a script, one step per line, so packets that are valid in one state and
// not in another (stopped, running, after the process exited, ack and no-ack mode) meet each
// other in any order:
//   $PAYLOAD   a packet, framed with its correct checksum (payload bytes sent as they are:
//              '*' run-lengths expand, '}' escapes stay, a '$' or '#' inside cuts it)
//   ~BYTES     raw bytes for the framer: acks, nacks, 0x03, broken packets
//   !sT,S      the target stops: thread index T (hex, modulo the thread count), signal S;
//              only while something runs, as the target reports stops only then (all-stop:
//              every thread stops; non-stop: only thread T, and only if it runs)
//   !xN / !kS  the process exits with status N / is killed by signal S (any time)
//   !n / !eT   a thread is created / thread index T exits
//   !p         the target delivers what it queued itself (an interrupt's stop, a kill's exit)
//   !lN        a launch or attach the client asked for (vRun, vAttach, vAttachWait, R) finishes: with the
//              fake's process (N even) or an error (N odd)
//   #...       comment
// Seeds come from real gdb sessions (tests/fuzz/make_corpus.py). Checked after every step;
// a broken rule calls __builtin_trap() so libFuzzer keeps the input:
//  - every write is an ack, a nack (never in no-ack mode) or one well-framed packet no longer
//    than PacketSize;
//  - a packet gets exactly one reply (console output, O packets, aside), except a resume,
//    k, vKill, vRun, vAttach or R (none now: the reply, or nothing, comes later); while the
//    target runs every packet gets one (an error, or vCtrlC's OK); while a launch finishes,
//    at most one (held for later, or refused);
//  - a stop is answered once if the client waits for it (then packets held behind a launch
//    and that resume get their replies too) and kept silently otherwise;
//  - a client left waiting (for a stop, a kill, a launch) has something coming: a thread
//    runs, the target has an event queued or a launch is under way; else it would hang;
//  - the target is never asked to resume a running thread;
//  - the heap never grows past a fixed bound, whatever the input's length, and what the
//    session keeps between packets is bounded by the protocol, not by the client (the
//    qXfer cache holds one document per object).
#include <charconv>
#include <csignal>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/log.hpp"
#include "fuzz_support.hpp"
#include "rsp/framer.hpp"
#include "rsp/session.hpp"
#include "tests/unit/fake_capabilities.hpp"
#include "tests/unit/fake_lldb.hpp"
#include "tests/unit/fake_target.hpp"

namespace {

using fuzz::check;

using rsp::Awaiting;

constexpr std::int64_t max_heap_growth = 4 << 20; // a few packets' worth, never per input byte
constexpr std::size_t max_xfer_objects = 16;       // qXfer objects rspd could ever serve

// Lenient hex number of a script line: what is not hex ends it; none at all -> fallback.
unsigned number(std::string_view text, unsigned fallback) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    return ec == std::errc{} ? value : fallback;
}

std::string frame(std::string_view payload) {
    unsigned char sum = 0;
    for (char c : payload) sum += static_cast<unsigned char>(c);
    static constexpr char digits[] = "0123456789abcdef";
    return "$" + std::string(payload) + '#' + digits[sum >> 4] + digits[sum & 0xf];
}

class Harness {
  public:
    Harness()
        : session_(target_, [this](std::string bytes) { on_write(std::move(bytes)); },
                   target::StopEvent{.thread = {test::FakeTarget::pid, test::FakeTarget::pid},
                                     .signal = SIGTRAP}) {
        target_.launcher_ = &launcher_;
        target_.events_ = &events_;
        target_.host_io_ = &files_;
        lldb_.plug_into(target_);
        session_.context().launch.last_argv = {"/bin/prog"}; // as the command line sets it
    }

    // Runs one script line; false once the session has ended (the server would close).
    bool step(std::string_view line) {
        replies_ = 0;
        Awaiting before = ctx().awaiting;
        switch (line.empty() ? '#' : line.front()) {
        case '$':
            packet(line.substr(1), before);
            check_not_stuck();
            break;
        case '~':
            session_.on_bytes(line.substr(1));
            check_not_stuck();
            break;
        case '!': target_event(line.substr(1), before); break;
        default: break; // comments, blank lines, anything else
        }
        check(target_.resumed_running == 0);
        check(fuzz::HeapWatch::peak_growth() <= max_heap_growth);
        check(ctx().xfer_cache.size() <= max_xfer_objects);
        return !session_.finished();
    }

  private:
    const rsp::Context& ctx() { return session_.context(); }
    // QNonStop:1: packets are answered while threads run and stops go out as %Stop
    // notifications, so the all-stop counting rules in packet() and stop() skip.
    bool non_stop() { return ctx().non_stop; }

    void on_write(std::string bytes) {
        if (bytes == "+" || bytes == "-") return check(!ctx().no_ack);
        // A notification is framed as a packet after its '%': one well-framed "Stop:...".
        bool notification = bytes.starts_with('%');
        if (notification) bytes.front() = '$';
        rsp::Framer decoder(rsp::max_packet_size);
        std::vector<rsp::FramerEvent> events;
        decoder.feed(bytes, events);
        check(events.size() == 1 && events[0].kind == rsp::FramerEvent::Kind::packet);
        const std::string& payload = events[0].payload;
        check(payload.size() <= rsp::max_packet_size);
        if (notification) return check(payload.starts_with("Stop:"));
        bool console = payload.starts_with('O') && payload != "OK"; // qRcmd's output
        if (!console) ++replies_;
    }

    void check_not_stuck() {
        if (session_.finished()) return;
        if (ctx().awaiting == Awaiting::reply)
            return check(launcher_.pending_launch || launcher_.pending_attach || lldb_.wait_done);
        if (ctx().awaiting != Awaiting::nothing) check(target_.running() || !target_.pending.empty());
    }

    void packet(std::string_view payload, Awaiting before) {
        session_.on_bytes(frame(payload));
        // A '$' or '#' inside cuts the packet in two or breaks its checksum: no count to check.
        if (payload.find_first_of("$#") != std::string_view::npos || non_stop()) return;
        if (before == Awaiting::reply) return check(replies_ <= 1);     // held, or refused
        if (before != Awaiting::nothing) return check(replies_ == 1); // refused, or vCtrlC
        bool deferred = ctx().awaiting != Awaiting::nothing || session_.finished();
        check(replies_ == 1 || (deferred && replies_ == 0));
    }

    void target_event(std::string_view args, Awaiting before) {
        if (args.empty()) return;
        auto& threads = target_.thread_list();
        unsigned arg = number(args.substr(1), 0);
        switch (args.front()) {
        case 's': {
            if (!target_.running() || threads.empty()) return;
            auto thread = threads[arg % threads.size()];
            if (non_stop() && !target_.running(thread.tid)) return; // only a running one stops
            stop({.thread = thread,
                  .signal = static_cast<int>(number(args.substr(args.find(',') + 1), SIGTRAP) % 65)},
                 before);
            return;
        }
        case 'x':
        case 'k':
            if (!target_.alive()) return;
            target_.exit_process();
            if (args.front() == 'x')
                stop({.kind = target::StopKind::exited, .thread = threads.front(), .exit_status = int(arg & 0xff)}, before);
            else
                stop({.kind = target::StopKind::terminated, .thread = threads.front(), .signal = int(arg % 65)}, before);
            return;
        case 'n':
            if (target_.alive() && threads.size() < 64) target_.add_thread();
            return;
        case 'e':
            if (threads.size() > 1) target_.remove_thread(threads[arg % threads.size()].tid);
            return;
        case 'l':
            return finish_launch(arg % 2 == 0);
        case 'p':
            while (!target_.pending.empty() && !session_.finished()) {
                auto event = target_.pending.front();
                target_.pending.pop_front();
                stop(event, ctx().awaiting);
            }
            return;
        }
    }

    // The launcher completes what it was asked; the deferred reply and the packets held
    // meanwhile then go out, in any number.
    void finish_launch(bool ok) {
        if (auto done = std::exchange(launcher_.pending_launch, nullptr)) {
            if (ok) target_.start_process();
            done(ok ? target::Result<int>(test::FakeTarget::pid) : target::make_error(ENOENT, "no such program"));
        } else if (auto attached = std::exchange(launcher_.pending_attach, nullptr)) {
            if (ok) target_.start_process();
            attached(ok ? target::Result<void>() : target::make_error(EPERM, "not permitted"));
        } else if (auto waited = std::exchange(lldb_.wait_done, nullptr)) {
            if (ok) target_.start_process();
            waited(ok ? target::Result<int>(test::FakeTarget::pid) : target::make_error(ENOENT, "no such process"));
        }
    }

    // Delivers an event as the real target would: a stop stops every thread in all-stop,
    // only its own in non-stop.
    void stop(const target::StopEvent& event, Awaiting before) {
        bool is_exit = event.kind == target::StopKind::exited || event.kind == target::StopKind::terminated;
        if (!is_exit && non_stop()) target_.stop(event.thread.tid);
        else if (!is_exit) target_.stop_all();
        replies_ = 0;
        session_.on_stop(event);
        if (non_stop()) return;
        // LLDB's k waits for the exit (X09); gdb's gets no reply.
        bool lldb_kill = before == Awaiting::kill_quiet && ctx().features.client_is_lldb;
        bool answered = before == Awaiting::stop || (is_exit && (before == Awaiting::kill_ack || lldb_kill));
        // Once answered, packets held behind a deferred reply and a resume get theirs too.
        check(answered ? replies_ >= 1 : replies_ == 0);
    }

    test::FakeLauncher launcher_; // capabilities outlive the session, whose end resets them
    test::FakeEvents events_;
    test::FakeHostIo files_;
    test::FakeLldb lldb_; // LLDB's capabilities: qHostInfo, qMemoryRegionInfo, _M, vAttachWait...
    test::FakeTarget target_;
    rsp::Session session_;
    int replies_ = 0; // packets written during the current step
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::HeapWatch::install();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view script(reinterpret_cast<const char*>(data), size);
    common::log_settings() = {}; // `monitor set debug on` in one input must not slow the rest
    fuzz::HeapWatch::start();
    Harness harness;
    while (!script.empty()) {
        auto end = script.find('\n');
        if (!harness.step(script.substr(0, end))) break;
        script.remove_prefix(end == std::string_view::npos ? script.size() : end + 1);
    }
    return 0;
}
