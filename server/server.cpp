#include "server/server.hpp"

#include <csignal>
#include <cstdio>
#include <utility>

#include <fmt/core.h>

#include "common/log.hpp"

namespace server {

Server::Server(boost::asio::io_context& io, Options options)
    : io_(io), options_(std::move(options)), target_(io), signals_(io) {}

int Server::run() {
    auto parsed = parse_comm(options_.comm);
    if (!parsed) {
        common::log_info("rspd: {}", parsed.error().message);
        return 1;
    }
    address_ = *parsed;
    target_.set_stdio_reserved(address_.kind == CommAddress::Kind::stdio);
    target_.set_host_io_policy({options_.hostio_full, options_.hostio_roots});
    target_.set_event_handler([this](const target::StopEvent& e) { on_target_event(e); });
    // dprintf (agent style) prints on rspd's stdout, as gdbserver's does; with COMM "-"
    // stdout carries the packets, so stderr instead.
    if (address_.kind == CommAddress::Kind::stdio) {
        target_.set_agent_output([](std::string_view text) {
            std::fwrite(text.data(), 1, text.size(), stderr);
        });
    }
    watch_signals();
    start_inferior();
    io_.run();
    return exit_status_;
}

void Server::start_inferior() {
    if (options_.attach_pid) {
        int pid = *options_.attach_pid;
        target_.attach(pid, [this, pid](target::Result<void> done) {
            if (!done) {
                common::log_info("{}", done.error().message);
                exit_status_ = 1;
                return io_.stop();
            }
            common::log_info("Attached; pid = {}", pid);
            initial_stop_ = target::StopEvent{.thread = {pid, pid}, .signal = SIGTRAP};
            open_transport();
        });
        return;
    }
    if (options_.argv.empty()) return open_transport(); // --multi with no program
    target_.launch(launch_defaults().request(options_.argv), [this](target::Result<int> pid) {
        if (!pid) {
            common::log_info("{}", pid.error().message);
            exit_status_ = 1;
            return io_.stop();
        }
        common::log_info("Process {} created; pid = {}", options_.argv.front(), *pid);
        initial_stop_ = target::StopEvent{.thread = {*pid, *pid}, .signal = SIGTRAP};
        open_transport();
    });
}

// How programs start, for the command line's and every client's: the options' settings,
// which a client may then change (QStartupWithShell, QEnvironment*, ...).
rsp::LaunchConfig Server::launch_defaults() const {
    rsp::LaunchConfig launch;
    launch.startup_with_shell = options_.startup_with_shell;
    launch.disable_randomization = options_.disable_randomization;
    launch.wrapper = options_.wrapper;
    launch.last_argv = options_.argv;
    return launch;
}

void Server::open_transport() {
    if (address_.kind == CommAddress::Kind::stdio) {
        return on_client(std::make_unique<StdioChannel>(io_));
    }
    auto listener = open_listener(io_, address_);
    if (!listener) {
        common::log_info("{}", listener.error().message);
        exit_status_ = 1;
        startup_failed_ = true; // the inferior we kill now must not decide the exit status
        release_inferiors();
        return finish_when_idle();
    }
    listener_ = std::move(*listener);
    accept_next();
}

void Server::accept_next() {
    listener_->async_accept([this](std::unique_ptr<Channel> channel) {
        if (!channel) return finish_when_idle();
        on_client(std::move(channel));
    });
}

void Server::on_client(std::unique_ptr<Channel> channel) {
    common::log_info("Remote debugging from {}", channel->describe());
    if (options_.once && listener_) listener_->close();
    // The launch or attach stop is the first client's: on its disconnect the inferior is
    // released, so a later client (--multi) finds no process, and '?' must say so.
    client_ = std::make_shared<ClientConnection>(
        std::move(channel), target_, std::exchange(initial_stop_, std::nullopt),
        // Posted: the connection may be in the middle of one of its own calls.
        [this] { boost::asio::post(io_, [this] { on_client_gone(); }); });
    client_->session().context().launch = launch_defaults();
    client_->start();
}

void Server::on_client_gone() {
    if (client_ && client_->session().exit_requested()) {
        common::log_info("rspd: exiting on the client's request (monitor exit)");
        stopping_ = true;
    }
    client_.reset();
    common::log_debug("server", "client disconnected");
    release_inferiors();
    finish_when_idle();
}

// gdbserver's rule: what we launched dies with the session, what we attached to lives on.
void Server::release_inferiors() {
    for (int pid : target_.processes()) {
        if (target_.was_attached(pid)) {
            auto done = target_.detach(pid);
            if (done) common::log_info("Detached from process {}", pid);
            else common::log_info("Detaching process {} failed: {}", pid, done.error().message);
        } else {
            (void)target_.kill(pid); // its exit event arrives through the reaper
        }
    }
}

// Stops the loop once no client and no process are left (the exit events of killed
// processes must be reaped first, or they would linger as zombies).
void Server::finish_when_idle() {
    if (client_ || !target_.processes().empty()) return;
    if (options_.multi && !options_.once && listener_ && !stopping_) return accept_next();
    if (listener_) listener_->close();
    io_.stop();
}

void Server::on_target_event(const target::StopEvent& event) {
    using target::StopKind;
    if (event.kind == StopKind::exited) {
        common::log_info("\nChild exited with status {}", event.exit_status);
        if (!startup_failed_) exit_status_ = event.exit_status;
    } else if (event.kind == StopKind::terminated) {
        common::log_info("\nChild terminated with signal = {}", event.signal);
        if (!startup_failed_) exit_status_ = 128 + event.signal;
    }
    bool gone = event.kind == StopKind::exited || event.kind == StopKind::terminated;
    if (gone && initial_stop_ && initial_stop_->thread.pid == event.thread.pid)
        initial_stop_.reset(); // killed before any client came
    if (client_) client_->on_stop(event);
    if (gone && !client_) finish_when_idle();
}

// SIGTERM/SIGHUP (and SIGINT outside stdio mode) end rspd cleanly; a handler rather than
// SIG_IGN so that the launched program does not inherit ignored signals through exec.
void Server::watch_signals() {
    for (int sig : {SIGTERM, SIGHUP, SIGINT, SIGPIPE}) signals_.add(sig);
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        bool ignore = sig == SIGPIPE || (sig == SIGINT && address_.kind == CommAddress::Kind::stdio);
        if (!ignore) {
            common::log_info("rspd: signal {}, releasing the inferior", sig);
            stopping_ = true;
            if (client_) client_->close();
            release_inferiors();
            finish_when_idle();
        }
        watch_signals();
    });
}

} // namespace server
