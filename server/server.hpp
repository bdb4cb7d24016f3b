#pragma once
// The rspd process: starts or attaches to the inferior, listens, serves clients one at a
// time, and on the way out never leaves an inferior stuck (launched ones are killed,
// attached ones detached and left running).
#include <memory>

#include "common/asio.hpp"

#include "server/client_connection.hpp"
#include "server/listener.hpp"
#include "server/options.hpp"
#include "target/linux/linux_target.hpp"

namespace server {

class Server {
  public:
    Server(boost::asio::io_context& io, Options options);
    // Runs until there is nothing left to serve; returns rspd's exit status (the
    // inferior's exit status, 128 + signal when it was killed by one).
    int run();

  private:
    void start_inferior();
    rsp::LaunchConfig launch_defaults() const;
    void open_transport();
    void accept_next();
    void on_client(std::unique_ptr<Channel> channel);
    void on_client_gone();
    void on_target_event(const target::StopEvent& event);
    void release_inferiors();
    void finish_when_idle();
    void watch_signals();

    boost::asio::io_context& io_;
    Options options_;
    CommAddress address_;
    target::linux::LinuxTarget target_;
    std::unique_ptr<Listener> listener_;
    std::shared_ptr<ClientConnection> client_;
    std::optional<target::StopEvent> initial_stop_;
    boost::asio::signal_set signals_;
    int exit_status_ = 0;
    bool stopping_ = false;
    bool startup_failed_ = false;
};

} // namespace server
