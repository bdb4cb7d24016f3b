#include <unistd.h>

#include "server/channel.hpp"

namespace server {

// Duplicates keep fds 0 and 1 open for the process when the channel closes them.
StdioChannel::StdioChannel(boost::asio::io_context& io) : in_(io, ::dup(0)), out_(io, ::dup(1)) {}

void StdioChannel::async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) {
    in_.async_read_some(buffer, std::move(handler));
}

void StdioChannel::async_write(boost::asio::const_buffer buffer, WriteHandler handler) {
    boost::asio::async_write(out_, buffer, std::move(handler));
}

void StdioChannel::close() {
    boost::system::error_code ignored;
    in_.close(ignored);
    out_.close(ignored);
}

} // namespace server
