#pragma once
// One connected client: reads bytes into the protocol session, writes its replies in order,
// and tells the server when the client is gone (EOF, error, or the session ended).
// Back-pressure: while more than max_backlog bytes of replies wait to be written, the client
// is not read from, so a client that stops reading cannot make rspd queue replies without
// bound; its requests wait in the kernel's buffers, then in its own.
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <string_view>

#include "rsp/session.hpp"
#include "server/channel.hpp"

namespace server {

class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
  public:
    ClientConnection(std::unique_ptr<Channel> channel, target::Target& target,
                     std::optional<target::StopEvent> initial_stop, std::function<void()> on_gone);
    void start();
    void on_stop(const target::StopEvent& event);
    void close();
    rsp::Session& session() { return session_; }

  private:
    void read_more();
    void feed();
    void queue(std::string bytes);
    void write_next();
    void finish_if_done();

    std::unique_ptr<Channel> channel_;
    rsp::Session session_;
    std::function<void()> on_gone_;
    std::array<char, 65536> read_buffer_{};
    std::string_view unread_; // read, not yet fed to the session (a view into read_buffer_)
    std::deque<std::string> outgoing_;
    std::size_t backlog_ = 0; // bytes in outgoing_
    bool writing_ = false;
    bool closed_ = false;
};

} // namespace server
