#include "target/linux/launch_command.hpp"

#include <algorithm>

namespace target::linux {

std::string shell_literal(std::string_view arg) {
    std::string out = "'";
    for (char c : arg) {
        if (c == '\'') out += "'\\''"; // close, an escaped quote, reopen
        else out += c;
    }
    return out + "'";
}

std::string shell_word(std::string_view arg) {
    if (arg.empty()) return "''";
    std::string out;
    for (char c : arg) {
        switch (c) {
        case '\n': out += "'\n'"; break; // backslash-newline would be a line continuation
        case ' ':
        case '\t':
        case '\'':
        case '"':
        case '\\':
            out += '\\';
            out += c;
            break;
        default: out += c;
        }
    }
    return out;
}

LaunchCommand launch_command(const LaunchRequest& request, std::string_view shell) {
    LaunchCommand command;
    int wrapper_execs = request.wrapper.empty() ? 0 : 1;
    if (!request.startup_with_shell) {
        command.argv = request.wrapper;
        command.argv.insert(command.argv.end(), request.argv.begin(), request.argv.end());
        command.execs = 1 + wrapper_execs;
        return command;
    }
    std::string line = "exec";
    for (const auto& word : request.wrapper) line += ' ' + shell_literal(word);
    for (std::size_t i = 0; i < request.argv.size(); ++i)
        line += ' ' + (i == 0 ? shell_literal(request.argv[i]) : shell_word(request.argv[i]));
    command.argv = {std::string(shell), "-c", line};
    command.execs = 2 + wrapper_execs; // the shell, then its exec of the wrapper or program
    return command;
}

namespace {

std::string_view name_of(std::string_view entry) {
    return entry.substr(0, entry.find('='));
}

} // namespace

std::vector<std::string> apply_environment(
    const std::vector<std::string>& base,
    const std::map<std::string, std::optional<std::string>>& changes) {
    std::vector<std::string> env;
    for (const auto& entry : base)
        if (!changes.contains(std::string(name_of(entry)))) env.push_back(entry);
    for (const auto& [name, value] : changes)
        if (value) env.push_back(name + '=' + *value);
    return env;
}

std::optional<std::string_view> environment_value(const std::vector<std::string>& env,
                                                  std::string_view name) {
    for (const auto& entry : env) {
        std::string_view e = entry;
        if (e.size() > name.size() && e.starts_with(name) && e[name.size()] == '=')
            return e.substr(name.size() + 1);
    }
    return std::nullopt;
}

} // namespace target::linux
