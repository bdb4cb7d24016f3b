#pragma once
// The one place rspd waits for its tracees. SIGCHLD arrives through an asio::signal_set;
// since signals coalesce, each delivery drains waitpid(-1, WNOHANG | __WALL) until nothing
// is left, handing every (tid, status) to the handler. Nothing else may call waitpid.
#include <functional>
#include <memory>

#include "common/asio.hpp"

namespace target::linux {

class Reaper {
  public:
    using Handler = std::function<void(int tid, int status)>;
    Reaper(boost::asio::io_context& io, Handler handler);
    ~Reaper();
    Reaper(const Reaper&) = delete;
    Reaper& operator=(const Reaper&) = delete;

    // Hands over every status already waiting. Runs on each SIGCHLD; safe to call any time.
    void drain();

  private:
    void arm();

    boost::asio::signal_set signals_;
    Handler handler_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace target::linux
