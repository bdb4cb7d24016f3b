#include "server/client_connection.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace server {
namespace {

// Several of the largest replies: enough to keep the socket busy, small next to rspd itself.
constexpr std::size_t max_backlog = std::size_t{1} << 20;

// The first packet's worth of bytes: up to just past the next "#cs" (a '#' inside a packet
// is always escaped, so the first one ends it), or everything when no packet ends here.
std::size_t one_packet(std::string_view bytes) {
    auto hash = bytes.find('#');
    return hash == std::string_view::npos ? bytes.size() : std::min(bytes.size(), hash + 3);
}

} // namespace

ClientConnection::ClientConnection(std::unique_ptr<Channel> channel, target::Target& target,
                                   std::optional<target::StopEvent> initial_stop,
                                   std::function<void()> on_gone)
    : channel_(std::move(channel)),
      session_(target, [this](std::string bytes) { queue(std::move(bytes)); },
               std::move(initial_stop)),
      on_gone_(std::move(on_gone)) {}

void ClientConnection::start() { read_more(); }

void ClientConnection::read_more() {
    auto self = shared_from_this();
    channel_->async_read_some(boost::asio::buffer(read_buffer_),
                              [self](const boost::system::error_code& ec, std::size_t n) {
                                  if (self->closed_) return;
                                  if (ec) {
                                      common::log_debug("server", "client gone: {}", ec.message());
                                      return self->close();
                                  }
                                  self->unread_ = {self->read_buffer_.data(), n};
                                  self->feed();
                              });
}

// Feeds the session one packet at a time, so that a burst of small requests for big replies
// (m of 128 KiB) cannot overshoot max_backlog by more than one reply. Past it, the rest
// waits for write_next to drain the backlog; once all is fed, the next read starts.
void ClientConnection::feed() {
    while (!unread_.empty() && backlog_ < max_backlog && !closed_) {
        std::size_t n = one_packet(unread_);
        session_.on_bytes(unread_.substr(0, n));
        unread_.remove_prefix(n);
        finish_if_done();
    }
    if (!closed_ && unread_.empty()) read_more();
}

void ClientConnection::on_stop(const target::StopEvent& event) {
    if (closed_) return;
    session_.on_stop(event);
    finish_if_done();
}

void ClientConnection::queue(std::string bytes) {
    if (closed_) return;
    backlog_ += bytes.size();
    outgoing_.push_back(std::move(bytes));
    if (!writing_) write_next();
}

void ClientConnection::write_next() {
    if (outgoing_.empty() || closed_) {
        writing_ = false;
        finish_if_done();
        return;
    }
    writing_ = true;
    auto self = shared_from_this();
    channel_->async_write(boost::asio::buffer(outgoing_.front()),
                          [self](const boost::system::error_code& ec, std::size_t) {
                              if (self->closed_) return;
                              if (ec) return self->close();
                              self->backlog_ -= self->outgoing_.front().size();
                              self->outgoing_.pop_front();
                              self->write_next();
                              bool paused = !self->unread_.empty();
                              if (paused && self->backlog_ < max_backlog) self->feed();
                          });
}

// A session that asked to end closes once its last reply is on the wire.
void ClientConnection::finish_if_done() {
    if (session_.finished() && !writing_ && outgoing_.empty()) close();
}

void ClientConnection::close() {
    if (closed_) return;
    closed_ = true;
    channel_->close();
    if (on_gone_) on_gone_();
}

} // namespace server
