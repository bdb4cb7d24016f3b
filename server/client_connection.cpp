#include "server/client_connection.hpp"

#include "common/log.hpp"

namespace server {

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
                                  self->session_.on_bytes({self->read_buffer_.data(), n});
                                  self->finish_if_done();
                                  if (!self->closed_) self->read_more();
                              });
}

void ClientConnection::on_stop(const target::StopEvent& event) {
    if (closed_) return;
    session_.on_stop(event);
    finish_if_done();
}

void ClientConnection::queue(std::string bytes) {
    if (closed_) return;
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
                              self->outgoing_.pop_front();
                              self->write_next();
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
