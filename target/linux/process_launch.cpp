// Launching a program under ptrace. The child waits on a pipe until the parent has seized it
// (so its very first instruction is traced, and no waitpid is needed here), then execs; an
// exec failure comes back as errno on a CLOEXEC pipe. Launch completes from the reaper, at
// the PTRACE_EVENT_EXEC stop: the program is then at its first instruction.
#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/personality.h>
#include <unistd.h>

#include <fmt/format.h>

#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

struct Pipe {
    UniqueFd read, write;
};

Result<Pipe> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) == -1) return errno_error(errno, "pipe2");
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// In the forked child: rspd has a single thread, so everything here is safe after fork.
// COMM "-": stdin and stdout carry the protocol, so the program gets /dev/null and stderr.
void free_stdio() {
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(2, 1);
}

[[noreturn]] void exec_child(char* const* argv, int go_fd, int error_fd,
                             const LaunchOptions& options) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL); // the server ignores SIGPIPE for its sockets; the program must not
    if (options.keep_stdio_free) free_stdio();
    if (options.disable_aslr) {
        int current = ::personality(0xffffffff);
        if (current != -1) ::personality(static_cast<unsigned long>(current) | ADDR_NO_RANDOMIZE);
    }
    char go = 0;
    ssize_t n;
    while ((n = ::read(go_fd, &go, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1) ::_exit(127); // the parent gave up on us: do not run untraced
    ::close(go_fd);
    // rspd's own descriptors (sockets, other inferiors' memory) must not leak into the program.
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    ::execvp(argv[0], argv);
    int err = errno;
    while (::write(error_fd, &err, sizeof err) < 0 && errno == EINTR) {
    }
    ::_exit(127);
}

} // namespace

void Tracer::launch(std::vector<std::string> argv, LaunchOptions options,
                    std::function<void(Result<int>)> done) {
    auto fail = [&](Error e) { post([done = std::move(done), e = std::move(e)] { done(e); }); };
    if (argv.empty()) return fail(make_error(EINVAL, "no program to run"));
    auto go = make_pipe();
    if (!go) return fail(go.error());
    auto errors = make_pipe();
    if (!errors) return fail(errors.error());
    std::vector<char*> args;
    for (std::string& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0) return fail(errno_error(errno, "fork"));
    if (pid == 0)
        exec_child(args.data(), go->read.get(), errors->write.get(), options);
    go->read.reset();
    errors->write.reset();

    if (auto seized = pt::seize(pid, pt::launch_options()); !seized) {
        ::kill(pid, SIGKILL); // the reaper collects it as a stranger
        return fail(seized.error());
    }
    Process& p = add_process(pid, false, Process::Stage::launching);
    add_thread(p, pid).running = true;
    p.launch_done = std::move(done);
    p.exec_errors = std::move(errors->read);
    p.program = argv[0];
    p.execs_left = std::max(1, options.execs);
    log_debug("launched {} as {}", p.program, pid);
    char byte = 'x';
    while (::write(go->write.get(), &byte, 1) < 0 && errno == EINTR) {
    }
}

void Tracer::finish_launch(Process& p, Result<int> result) {
    auto done = std::move(p.launch_done);
    if (result) {
        p.stage = Process::Stage::ready;
        p.exec_errors.reset();
    } else {
        drop_process(p.pid);
    }
    post([done = std::move(done), result = std::move(result)] { done(result); });
}

// The child died before its program ran: execvp's errno if it sent one.
Error Tracer::launch_error(Process& p, int status) {
    int err = 0;
    if (p.exec_errors && ::read(p.exec_errors.get(), &err, sizeof err) == sizeof err && err)
        return make_error(err, fmt::format("Cannot exec {}: {}", p.program, std::strerror(err)));
    return make_error(
        ECHILD, fmt::format("{} exited before it could run (status {:#x})", p.program, status));
}

} // namespace target::linux
