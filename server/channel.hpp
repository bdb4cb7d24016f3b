#pragma once
// A byte stream to one client, whatever carries it (TCP, Unix socket, stdin/stdout).
// Hides the Asio stream type from the connection logic.
#include <functional>
#include <memory>
#include <string>

#include "common/asio.hpp"

namespace server {

class Channel {
  public:
    using ReadHandler = std::function<void(const boost::system::error_code&, std::size_t)>;
    using WriteHandler = std::function<void(const boost::system::error_code&, std::size_t)>;
    virtual ~Channel() = default;
    virtual void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) = 0;
    virtual void async_write(boost::asio::const_buffer buffer, WriteHandler handler) = 0;
    virtual void close() = 0;
    virtual std::string describe() const = 0; // for the "Remote debugging from ..." line
};

// A connected socket of any kind (tcp::socket, local::stream_protocol::socket).
template <class Socket> class SocketChannel final : public Channel {
  public:
    SocketChannel(Socket socket, std::string description)
        : socket_(std::move(socket)), description_(std::move(description)) {}
    void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override {
        socket_.async_read_some(buffer, std::move(handler));
    }
    void async_write(boost::asio::const_buffer buffer, WriteHandler handler) override {
        boost::asio::async_write(socket_, buffer, std::move(handler));
    }
    void close() override {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }
    std::string describe() const override { return description_; }

  private:
    Socket socket_;
    std::string description_;
};

// stdin for reading, stdout for writing (gdb: target remote | rspd - PROG).
class StdioChannel final : public Channel {
  public:
    explicit StdioChannel(boost::asio::io_context& io);
    void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
    void async_write(boost::asio::const_buffer buffer, WriteHandler handler) override;
    void close() override;
    std::string describe() const override { return "stdio"; }

  private:
    boost::asio::posix::stream_descriptor in_;
    boost::asio::posix::stream_descriptor out_;
};

} // namespace server
