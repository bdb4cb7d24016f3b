#pragma once
// One client connection at the protocol level: bytes in, bytes out, stops from the target.
// Owns the framer (acks, retransmission, no-ack mode), the handler context and the order of
// replies; knows nothing of sockets, so transcripts can drive it in unit tests.
#include <deque>
#include <functional>
#include <string>
#include <string_view>

#include "rsp/context.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/framer.hpp"

namespace rsp {

class Session {
  public:
    using Writer = std::function<void(std::string bytes)>;

    // initial_stop: what '?' reports first (the launch or attach stop).
    // Stops come in through on_stop; in non-stop mode they go out as %Stop notifications.
    Session(target::Target& target, Writer writer, std::optional<target::StopEvent> initial_stop);
    // Undoes what the client set up in the target (open files, fork and syscall events).
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void on_bytes(std::string_view bytes);
    void on_stop(const target::StopEvent& event);

    // The client asked to end (k, D of the last process, or the last process exited).
    bool finished() const { return ctx_.close_requested; }
    // The client said `monitor exit`: rspd should end with this session.
    bool exit_requested() const { return ctx_.exit_requested; }
    Context& context() { return ctx_; }

  private:
    void handle_event(FramerEvent& event);
    void handle_packet(std::string_view packet);
    void send_packet(std::string_view payload);
    void report_exit(const target::StopEvent& event);
    void run_held_packets();
    void on_nothing_resumed(const target::StopEvent& event);
    void notify(const target::StopEvent& event);
    void send_notification(std::string_view payload);

    Context ctx_;
    Writer write_;
    Framer framer_{max_packet_size};
    std::string last_sent_; // resent on '-' until the client acknowledges
    std::vector<FramerEvent> events_;
    std::deque<std::string> held_; // packets that came while a reply was deferred
};

} // namespace rsp
