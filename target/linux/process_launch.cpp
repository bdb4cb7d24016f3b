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

// What the child reports on the error pipe when it cannot get to its program.
struct ChildFailure {
    enum Step : int { exec, chdir, stdin_file, stdout_file, stderr_file } step = exec;
    int err = 0;
};

// Everything the child needs, prepared before fork: after it only async-signal-safe calls.
struct ChildPlan {
    std::vector<char*> argv;
    std::vector<char*> envp; // empty: rspd's own environment
    const char* exec_path = nullptr; // nullptr: argv[0] searched in PATH
    const char* working_dir = nullptr;
    const char* stdio_paths[3] = {nullptr, nullptr, nullptr};
    const LaunchOptions* options = nullptr;
};

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

const char* or_null(const std::string& s) {
    return s.empty() ? nullptr : s.c_str();
}

[[noreturn]] void fail_child(int error_fd, ChildFailure::Step step) {
    ChildFailure failure{step, errno};
    while (::write(error_fd, &failure, sizeof failure) < 0 && errno == EINTR) {
    }
    ::_exit(127);
}

// In the forked child: rspd has a single thread, so everything here is safe after fork.
// COMM "-": stdin and stdout carry the protocol, so the program gets /dev/null and stderr.
void free_stdio() {
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(2, 1);
}

// LLDB's QSetSTDIN/OUT/ERR: the program's streams go to files (or terminals) it names.
void redirect_stdio(const ChildPlan& plan, int error_fd) {
    static constexpr int modes[3] = {O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_CREAT | O_TRUNC};
    for (int fd = 0; fd < 3; ++fd) {
        if (!plan.stdio_paths[fd]) continue;
        int file = ::open(plan.stdio_paths[fd], modes[fd] | O_NOCTTY, 0666);
        if (file < 0 || ::dup2(file, fd) < 0)
            fail_child(error_fd, static_cast<ChildFailure::Step>(ChildFailure::stdin_file + fd));
        if (file > 2) ::close(file);
    }
}

[[noreturn]] void exec_child(const ChildPlan& plan, int go_fd, int error_fd) {
    const LaunchOptions& options = *plan.options;
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL); // the server ignores SIGPIPE for its sockets; the program must not
    if (options.keep_stdio_free) free_stdio();
    redirect_stdio(plan, error_fd);
    if (plan.working_dir && ::chdir(plan.working_dir) == -1) fail_child(error_fd, ChildFailure::chdir);
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
    char* const* argv = plan.argv.data();
    if (plan.exec_path && !plan.envp.empty()) ::execve(plan.exec_path, argv, plan.envp.data());
    else if (plan.exec_path) ::execv(plan.exec_path, argv);
    else if (!plan.envp.empty()) ::execvpe(argv[0], argv, plan.envp.data());
    else ::execvp(argv[0], argv);
    fail_child(error_fd, ChildFailure::exec);
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
    std::vector<std::string> env = options.environment.value_or(std::vector<std::string>{});
    ChildPlan plan;
    plan.argv = c_strings(argv);
    if (options.environment) plan.envp = c_strings(env);
    plan.exec_path = or_null(options.exec_path);
    plan.working_dir = or_null(options.working_dir);
    plan.stdio_paths[0] = or_null(options.stdin_path);
    plan.stdio_paths[1] = or_null(options.stdout_path);
    plan.stdio_paths[2] = or_null(options.stderr_path);
    plan.options = &options;

    pid_t pid = ::fork();
    if (pid < 0) return fail(errno_error(errno, "fork"));
    if (pid == 0) exec_child(plan, go->read.get(), errors->write.get());
    go->read.reset();
    errors->write.reset();

    if (auto seized = pt::seize(pid, pt::launch_options()); !seized) {
        ::kill(pid, SIGKILL); // the reaper collects it as a stranger
        return fail(seized.error());
    }
    Process& p = add_process(pid, false, Process::Stage::launching);
    add_thread(p, pid); // running: its exec stop comes next
    p.launch_done = std::move(done);
    p.exec_errors = std::move(errors->read);
    p.program = options.program.empty() ? argv[0] : options.program;
    p.working_dir = options.working_dir;
    p.execs_left = std::max(1, options.execs);
    log_debug("launched {} as {} ({} exec{})", p.program, pid, p.execs_left,
              p.execs_left > 1 ? "s" : "");
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

// The child died before its program ran: what it could not do, if it said, else how it
// ended (a shell or wrapper that could not exec the program exits with a status).
Error Tracer::launch_error(Process& p, int status) {
    ChildFailure failure;
    if (p.exec_errors && ::read(p.exec_errors.get(), &failure, sizeof failure) == sizeof failure) {
        const char* why = std::strerror(failure.err);
        switch (failure.step) {
        case ChildFailure::exec:
            return make_error(failure.err, fmt::format("Cannot exec {}: {}", p.program, why));
        case ChildFailure::chdir:
            return make_error(failure.err, fmt::format("Cannot change to directory {}: {}",
                                                       p.working_dir, why));
        default:
            return make_error(failure.err, fmt::format("Cannot redirect standard stream {} of {}: {}",
                                                       failure.step - ChildFailure::stdin_file,
                                                       p.program, why));
        }
    }
    return make_error(
        ECHILD, fmt::format("{} exited before it could run (status {:#x})", p.program, status));
}

} // namespace target::linux
