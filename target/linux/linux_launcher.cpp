// LinuxTarget as a ProcessLauncher: a LaunchRequest becomes the command the child execs (the
// shell, the wrapper, the program), its environment and working directory. The program is
// looked up before anything is forked, so a wrong path fails with a message the client
// shows instead of a shell's exit status.
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "target/linux/launch_command.hpp"
#include "target/linux/linux_target.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/sys_error.hpp"
#include "target/linux/tracer.hpp"

extern char** environ;

namespace target::linux {
namespace {

std::vector<std::string> own_environment() {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
    return env;
}

Error cannot_exec(int err, std::string_view program) {
    return make_error(err, fmt::format("Cannot exec {}: {}", program, std::strerror(err)));
}

// Whether path is a file execve could run; the errno execve would give otherwise.
int executable(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == -1) return errno;
    if (!S_ISREG(st.st_mode)) return EACCES;
    return ::access(path.c_str(), X_OK) == 0 ? 0 : errno;
}

// The file execve runs for program: itself when it has a '/' (relative to dir when set),
// else the first executable in path_var, as execvp searches.
Result<std::string> find_program(const std::string& program, std::string_view path_var,
                                 const std::string& dir) {
    if (program.empty()) return make_error(ENOENT, "no program to run");
    if (program.find('/') != std::string::npos) {
        std::string path = program.front() != '/' && !dir.empty() ? dir + '/' + program : program;
        if (int err = executable(path)) return cannot_exec(err, program);
        return path;
    }
    int first_error = ENOENT;
    std::size_t start = 0;
    while (start <= path_var.size()) {
        std::size_t end = path_var.find(':', start);
        if (end == std::string_view::npos) end = path_var.size();
        std::string dir_part(path_var.substr(start, end - start));
        std::string candidate = (dir_part.empty() ? "." : dir_part) + '/' + program;
        int err = executable(candidate);
        if (err == 0) return candidate;
        if (err == EACCES) first_error = EACCES;
        start = end + 1;
    }
    return cannot_exec(first_error, program);
}

std::string login_shell(const std::vector<std::string>& env) {
    auto shell = environment_value(env, "SHELL");
    return shell && !shell->empty() ? std::string(*shell) : std::string("/bin/sh");
}

} // namespace

void LinuxTarget::launch(LaunchRequest request, std::function<void(Result<int>)> done) {
    auto fail = [&](Error e) { tracer_->post([done = std::move(done), e] { done(e); }); };
    if (request.argv.empty()) return fail(make_error(EINVAL, "no program to run"));
    std::vector<std::string> env = apply_environment(own_environment(), request.environment);
    std::string path_var(environment_value(env, "PATH").value_or("/usr/bin:/bin"));
    auto program = find_program(request.argv[0], path_var, request.working_dir);
    if (!program) return fail(program.error());

    std::string shell = login_shell(env);
    LaunchCommand command = launch_command(request, shell);
    LaunchOptions options;
    options.disable_aslr = request.disable_aslr;
    options.execs = command.execs;
    options.keep_stdio_free = stdio_reserved_;
    options.environment = std::move(env);
    options.working_dir = request.working_dir;
    options.stdin_path = request.stdin_path;
    options.stdout_path = request.stdout_path;
    options.stderr_path = request.stderr_path;
    options.program = request.argv[0];
    if (request.startup_with_shell) {
        options.exec_path = shell;
    } else if (!request.wrapper.empty()) {
        auto wrapper = find_program(request.wrapper[0], path_var, request.working_dir);
        if (!wrapper) return fail(wrapper.error());
        options.exec_path = *wrapper;
    } else {
        options.exec_path = *program;
    }
    tracer_->launch(std::move(command.argv), std::move(options), std::move(done));
}

Result<std::vector<HostProcess>> LinuxTarget::host_processes() const {
    return list_host_processes();
}

} // namespace target::linux
