#pragma once
// One connected client: reads bytes into the protocol session, writes its replies in order,
// and tells the server when the client is gone (EOF, error, or the session ended).
#include <array>
#include <deque>
#include <functional>
#include <memory>

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
    void queue(std::string bytes);
    void write_next();
    void finish_if_done();

    std::unique_ptr<Channel> channel_;
    rsp::Session session_;
    std::function<void()> on_gone_;
    std::array<char, 65536> read_buffer_{};
    std::deque<std::string> outgoing_;
    bool writing_ = false;
    bool closed_ = false;
};

} // namespace server
