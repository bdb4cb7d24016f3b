#include "server/listener.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include "common/log.hpp"

namespace server {
namespace asio = boost::asio;
using asio::ip::tcp;
using local_socket = asio::local::stream_protocol;

target::Result<CommAddress> parse_comm(const std::string& comm) {
    CommAddress address;
    if (comm == "-" || comm == "stdio") {
        address.kind = CommAddress::Kind::stdio;
        return address;
    }
    std::string text = comm.starts_with("tcp:") ? comm.substr(4) : comm;
    auto colon = text.rfind(':');
    if (colon == std::string::npos) {
        address.kind = CommAddress::Kind::unix_socket;
        address.path = comm;
        return address;
    }
    address.host = text.substr(0, colon);
    address.port = text.substr(colon + 1);
    if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    if (address.port.empty() || address.port.find_first_not_of("0123456789") != std::string::npos)
        return target::make_error(EINVAL, fmt::format("bad port in '{}'", comm));
    return address;
}

namespace {

class TcpListener final : public Listener {
  public:
    explicit TcpListener(asio::io_context& io) : acceptor_(io) {}
    tcp::acceptor acceptor_;

    void async_accept(AcceptHandler handler) override {
        acceptor_.async_accept([handler](const boost::system::error_code& ec, tcp::socket socket) {
            if (ec) return handler(nullptr);
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored); // one packet, one round trip
            auto peer = socket.remote_endpoint(ignored);
            auto text = fmt::format("host {}, port {}", peer.address().to_string(), peer.port());
            handler(std::make_unique<SocketChannel<tcp::socket>>(std::move(socket), text));
        });
    }
    void close() override {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    }
};

class UnixListener final : public Listener {
  public:
    UnixListener(asio::io_context& io, std::string path) : acceptor_(io), path_(std::move(path)) {}
    ~UnixListener() override { close(); }
    local_socket::acceptor acceptor_;

    void async_accept(AcceptHandler handler) override {
        acceptor_.async_accept([this, handler](const boost::system::error_code& ec,
                                               local_socket::socket socket) {
            if (ec) return handler(nullptr);
            if (!same_user(socket)) return async_accept(handler); // refused; keep listening
            handler(std::make_unique<SocketChannel<local_socket::socket>>(std::move(socket),
                                                                          "Unix socket " + path_));
        });
    }
    void close() override {
        if (!acceptor_.is_open()) return;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        ::unlink(path_.c_str());
    }

  private:
    // The socket file is 0600, but a check of the peer's credentials does not depend on
    // the directory's permissions.
    static bool same_user(local_socket::socket& socket) {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
            cred.uid != ::geteuid()) {
            common::log_info("Refused a client of uid {} on the Unix socket", cred.uid);
            return false;
        }
        return true;
    }
    std::string path_;
};

target::Error bind_error(const boost::system::error_code& ec) {
    if (ec == asio::error::address_in_use)
        return target::make_error(EADDRINUSE, "Can't bind address: Address already in use.");
    return target::make_error(ec.value(), fmt::format("Can't bind address: {}.", ec.message()));
}

target::Result<std::unique_ptr<Listener>> open_tcp(asio::io_context& io, const CommAddress& a) {
    boost::system::error_code ec;
    std::string host = a.host.empty() ? "127.0.0.1" : a.host;
    tcp::resolver resolver(io);
    auto results = resolver.resolve(host, a.port, tcp::resolver::passive, ec);
    if (ec || results.empty())
        return target::make_error(EINVAL, fmt::format("Can't resolve host '{}': {}", host, ec.message()));
    auto endpoint = results.begin()->endpoint();
    auto listener = std::make_unique<TcpListener>(io);
    auto& acceptor = listener->acceptor_;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(1, ec);
    if (ec) return bind_error(ec);
    if (!endpoint.address().is_loopback())
        common::log_info("Warning: listening on {}, reachable from the network; the remote "
                         "protocol has no authentication.", endpoint.address().to_string());
    common::log_info("Listening on port {}", acceptor.local_endpoint(ec).port());
    return std::unique_ptr<Listener>(std::move(listener));
}

target::Result<std::unique_ptr<Listener>> open_unix(asio::io_context& io, const CommAddress& a) {
    struct stat st {};
    if (::lstat(a.path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(a.path.c_str());
    auto listener = std::make_unique<UnixListener>(io, a.path);
    boost::system::error_code ec;
    // The socket file is born 0600 (0777 masked): no window in which others may connect.
    mode_t old_mask = ::umask(0177);
    listener->acceptor_.open(local_socket(), ec);
    if (!ec) listener->acceptor_.bind(local_socket::endpoint(a.path), ec);
    ::umask(old_mask);
    if (!ec) listener->acceptor_.listen(1, ec);
    if (ec) return bind_error(ec);
    common::log_info("Listening on Unix socket {}", a.path);
    return std::unique_ptr<Listener>(std::move(listener));
}

} // namespace

target::Result<std::unique_ptr<Listener>> open_listener(asio::io_context& io,
                                                         const CommAddress& address) {
    if (address.kind == CommAddress::Kind::unix_socket) return open_unix(io, address);
    return open_tcp(io, address);
}

} // namespace server
