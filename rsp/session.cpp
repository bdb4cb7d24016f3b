#include "rsp/session.hpp"

#include "common/log.hpp"
#include "rsp/stop_reply.hpp"
#include "target/host_io.hpp"
#include "target/process_events.hpp"

namespace rsp {
namespace {

// Packets kept while a reply is deferred (gdb sends one, '?' after R).
constexpr std::size_t max_held_packets = 8;

bool is_exit(const target::StopEvent& event) {
    return event.kind == target::StopKind::exited || event.kind == target::StopKind::terminated;
}

} // namespace

Session::Session(target::Target& target, Writer writer,
                 std::optional<target::StopEvent> initial_stop)
    : ctx_(target), write_(std::move(writer)) {
    if (initial_stop)
        ctx_.thread_stops.insert_or_assign({initial_stop->thread.pid, initial_stop->thread.tid},
                                           *initial_stop);
    ctx_.last_stop = std::move(initial_stop);
    ctx_.send_now = [this](std::string_view payload) { send_packet(payload); };
    ctx_.on_deferred_done = [this] { run_held_packets(); };
}

// What the client asked for ends with it: its files close, and until the next client says
// otherwise, fork children are not kept (nobody would detach them) nor syscalls caught.
Session::~Session() {
    if (auto* files = ctx_.target.host_io()) files->reset();
    if (auto* events = ctx_.target.process_events()) {
        events->report_forks(false, false);
        for (int pid : ctx_.target.processes()) (void)events->catch_syscalls(pid, std::nullopt);
    }
}

void Session::on_bytes(std::string_view bytes) {
    events_.clear();
    framer_.feed(bytes, events_);
    for (auto& event : events_) handle_event(event);
}

void Session::handle_event(FramerEvent& event) {
    using Kind = FramerEvent::Kind;
    switch (event.kind) {
    case Kind::packet:
        if (!ctx_.no_ack) write_("+");
        handle_packet(event.payload);
        break;
    case Kind::bad_checksum:
        common::log_debug("rsp", "bad checksum, asking for a resend");
        if (!ctx_.no_ack) write_("-");
        break;
    case Kind::nack:
        if (!ctx_.no_ack && !last_sent_.empty()) write_(last_sent_);
        break;
    case Kind::ack: last_sent_.clear(); break;
    case Kind::interrupt:
        // Ctrl-C only means something while the inferior runs (the stop reply follows) or
        // while a reply that can be called off is pending (vAttachWait).
        common::log_debug("rsp", "interrupt (0x03), awaiting {}", static_cast<int>(ctx_.awaiting));
        if (ctx_.awaiting == Awaiting::stop || ctx_.non_stop) ctx_.target.interrupt();
        if (ctx_.awaiting == Awaiting::reply && ctx_.cancel_reply) std::exchange(ctx_.cancel_reply, nullptr)();
        break;
    case Kind::overflow:
        if (!ctx_.no_ack) write_("+");
        send_packet(ctx_.error_reply(E2BIG, "packet longer than PacketSize"));
        break;
    }
}

void Session::handle_packet(std::string_view packet) {
    if (common::log_settings().packets)
        common::log_info("rspd: <- {}", packet.substr(0, 512));
    if (ctx_.awaiting == Awaiting::reply) {
        // A launch, attach or debug register update is finishing; what the client sends
        // meanwhile (gdb's '?' after R) is answered once it has. A client that keeps sending is told it is busy: held
        // packets are memory, and an attach may take long.
        if (held_.size() >= max_held_packets)
            return send_packet(ctx_.error_reply(EBUSY, "a launch or attach is finishing"));
        held_.emplace_back(packet);
        return;
    }
    if (ctx_.awaiting != Awaiting::nothing && packet != "vCtrlC") {
        // All-stop: while the inferior runs the client may only interrupt.
        send_packet(ctx_.error_reply(EBUSY, "target is running"));
        return;
    }
    auto reply = dispatcher().dispatch(ctx_, packet);
    if (reply) send_packet(*reply);
}

void Session::run_held_packets() {
    while (!held_.empty() && ctx_.awaiting == Awaiting::nothing) {
        std::string packet = std::move(held_.front());
        held_.pop_front();
        handle_packet(packet);
    }
}

void Session::send_packet(std::string_view payload) {
    if (common::log_settings().packets) common::log_info("rspd: -> {}", payload.substr(0, 512));
    std::string bytes = Framer::encode(payload, true);
    if (!ctx_.no_ack) last_sent_ = bytes;
    write_(std::move(bytes));
}

void Session::on_stop(const target::StopEvent& event) {
    ctx_.xfer_cache.clear();
    // "N" only to a client that said it understands it (gdb's no-resumed+). Another (LLDB)
    // would wait for ever: it gets a stop without a signal in a thread that is left.
    if (event.kind == target::StopKind::no_resumed && !ctx_.features.no_resumed)
        return on_nothing_resumed(event);
    if (ctx_.non_stop) return notify(event);
    if (is_exit(event)) {
        report_exit(event);
        return run_held_packets();
    }
    if (event.kind == target::StopKind::stopped) ctx_.last_stop = event;
    if (ctx_.awaiting != Awaiting::stop) return; // kept for '?'
    ctx_.awaiting = Awaiting::nothing;
    ctx_.report_stop(event);
    // Packets held behind a deferred reply that were behind a resume too (a client that
    // pipelined vAttach, c, ...): answered now that the session is free, in order.
    run_held_packets();
}

void Session::on_nothing_resumed(const target::StopEvent& event) {
    auto left = ctx_.target.thread_ids(event.thread.pid);
    if (left.empty()) return; // the process's exit follows
    common::log_info("no thread left running; reporting a stop of thread {}", left.front().tid);
    on_stop({.kind = target::StopKind::stopped, .thread = left.front(), .signal = 0});
}

// Non-stop: the event joins the queue; the first of a sequence goes out as a notification,
// the others as replies to vStopped.
void Session::notify(const target::StopEvent& event) {
    if (event.kind == target::StopKind::stopped)
        ctx_.thread_stops.insert_or_assign({event.thread.pid, event.thread.tid}, event);
    if (is_exit(event)) {
        ctx_.stops.drop_process(event.thread.pid);
        std::erase_if(ctx_.thread_stops,
                      [pid = event.thread.pid](const auto& kv) { return kv.first.first == pid; });
        // A kill the client waits for is answered by its own reply, not by a notification.
        if (ctx_.awaiting == Awaiting::kill_ack || ctx_.awaiting == Awaiting::kill_quiet)
            return report_exit(event);
    }
    if (ctx_.stops.push(event)) send_notification(format_stop_reply(ctx_, event));
}

void Session::send_notification(std::string_view payload) {
    if (common::log_settings().packets) common::log_info("rspd: -> %{}", payload.substr(0, 512));
    // Notifications are never acknowledged, so never resent on '-'.
    write_(Framer::encode_notification(std::string("Stop:") + std::string(payload)));
}

void Session::report_exit(const target::StopEvent& event) {
    Awaiting was = ctx_.awaiting;
    // A deferred reply (vRun of another program) is still owed: the exit does not answer it.
    if (was != Awaiting::reply) ctx_.awaiting = Awaiting::nothing;
    if (was == Awaiting::kill_ack) send_packet("OK");
    else if (was == Awaiting::stop) send_packet(format_stop_reply(ctx_, event));
    // gdb's k has no reply, but LLDB waits for one: the exit (X09), else it reports
    // "failed to send k packet" and an exit status of SIGABRT.
    else if (was == Awaiting::kill_quiet && ctx_.features.client_is_lldb)
        send_packet(format_stop_reply(ctx_, event));
    // Not waiting: '?' tells, unless another process has stopped since (several inferiors).
    else if (!ctx_.last_stop || ctx_.last_stop->thread.pid == event.thread.pid)
        ctx_.last_stop = event;
    bool last = ctx_.target.processes().empty();
    if (was == Awaiting::kill_quiet || (last && !ctx_.extended && was == Awaiting::stop))
        ctx_.close_requested = true;
    if (last) ctx_.last_stop = event;
}

} // namespace rsp
