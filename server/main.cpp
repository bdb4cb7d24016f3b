// rspd: a GDB remote-protocol stub for Linux. See README.md.
#include <malloc.h>

#include <fmt/core.h>

#include "common/log.hpp"
#include "server/options.hpp"
#include "server/server.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = server::parse_options(args);
    if (!parsed.options) {
        fmt::print(stderr, "rspd: {}\n{}", parsed.error, server::usage_text());
        return 2;
    }
    const auto& options = *parsed.options;
    if (options.show_help) {
        fmt::print("{}", server::usage_text());
        return 0;
    }
    if (options.show_version) {
        fmt::print("rspd {}\n", RSPD_VERSION);
        return 0;
    }
    // Memory replies are built in buffers of a few hundred KiB, one per packet; from the heap
    // they cost nothing, from fresh mmaps a page fault per 4 KiB.
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    common::log_settings().debug = options.debug;
    common::log_settings().packets = options.remote_debug;
    boost::asio::io_context io;
    server::Server server(io, options);
    return server.run();
}
