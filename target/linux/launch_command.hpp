#pragma once
// From a LaunchRequest to what the forked child execs: the shell and wrapper around the
// program, the number of execs before the program itself runs, and its environment. Pure
// string work, unit-tested; process_launch.cpp does the forking.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "target/process_launcher.hpp"

namespace target::linux {

struct LaunchCommand {
    std::vector<std::string> argv; // argv[0]: the shell, the wrapper, or the program
    int execs = 1;                  // execve calls up to the program's first instruction
};

// startup_with_shell: `shell -c "exec [WRAPPER...] PROG ARGS"`, as gdb's own `run` does.
// Without it: WRAPPER... PROG ARGS, passed as they are.
LaunchCommand launch_command(const LaunchRequest& request, std::string_view shell);

// One argument on the shell's command line. gdb 13 hands vRun its `run` arguments already
// split into words, quotes removed; to expand them as gdb's native `run` would, the shell
// must see them as typed: every word stays one word (blanks, quotes and backslashes are
// escaped) while $VAR, globs, ~ and redirections keep their meaning.
std::string shell_word(std::string_view arg);
// Fully quoted: the shell passes it on unchanged (the program's path, the wrapper's words).
std::string shell_literal(std::string_view arg);

// base ("NAME=value" entries, e.g. rspd's environ) with the request's changes applied.
std::vector<std::string> apply_environment(
    const std::vector<std::string>& base,
    const std::map<std::string, std::optional<std::string>>& changes);
// The value of NAME in an environment list, if set.
std::optional<std::string_view> environment_value(const std::vector<std::string>& env,
                                                  std::string_view name);

} // namespace target::linux
