#pragma once
// Where clients come from: a TCP port (loopback unless told otherwise), a Unix socket
// (mode 0600, same user only), or stdin/stdout.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/asio.hpp"

#include "server/channel.hpp"
#include "target/result.hpp"

namespace server {

struct CommAddress {
    enum class Kind { tcp, unix_socket, stdio } kind = Kind::tcp;
    std::string host; // tcp: empty means 127.0.0.1
    std::string port; // tcp
    std::string path; // unix socket
};

// ":1234", "host:1234", "tcp:host:1234", "[::1]:1234", "-", or a socket path.
target::Result<CommAddress> parse_comm(const std::string& comm);

class Listener {
  public:
    using AcceptHandler = std::function<void(std::unique_ptr<Channel>)>;
    virtual ~Listener() = default;
    // Calls handler once with the next client (nullptr if accepting failed).
    virtual void async_accept(AcceptHandler handler) = 0;
    virtual void close() = 0;
};

// Binds and listens; prints "Listening on port N" (scripts wait for it). Errors carry the
// line to print, e.g. "Can't bind address: Address already in use.".
target::Result<std::unique_ptr<Listener>> open_listener(boost::asio::io_context& io,
                                                         const CommAddress& address);

} // namespace server
