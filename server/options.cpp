#include "server/options.hpp"

#include <charconv>
#include <variant>

namespace server {
namespace {

std::optional<int> parse_pid(const std::string& text) {
    int pid = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
    if (ec != std::errc{} || end != text.data() + text.size() || pid <= 0) return std::nullopt;
    return pid;
}

// Applies one "--flag"; false if it is not one of ours.
bool apply_flag(Options& o, const std::string& arg) {
    if (arg == "--once") o.once = true;
    else if (arg == "--multi") o.multi = true;
    else if (arg == "--debug") o.debug = true;
    else if (arg == "--remote-debug") o.remote_debug = true;
    else if (arg == "--disable-randomization") o.disable_randomization = true;
    else if (arg == "--no-disable-randomization") o.disable_randomization = false;
    else if (arg == "--startup-with-shell") o.startup_with_shell = true;
    else if (arg == "--no-startup-with-shell") o.startup_with_shell = false;
    else if (arg == "--hostio=full") o.hostio_full = true;
    else if (arg == "--hostio=confined") o.hostio_full = false;
    else if (arg == "--help" || arg == "-h") o.show_help = true;
    else if (arg == "--version" || arg == "-V") o.show_version = true;
    else return false;
    return true;
}

// Options that take arguments: --wrapper PROG ARGS... --, --hostio-root DIR (or =DIR).
// Returns how many of args[i...] it used (0: not one of these), or an error.
std::variant<std::size_t, std::string> apply_valued(Options& o, const std::vector<std::string>& args,
                                                    std::size_t i) {
    const auto& arg = args[i];
    if (arg == "--wrapper") {
        std::size_t end = i + 1;
        while (end < args.size() && args[end] != "--") ++end;
        if (end == args.size()) return std::string("--wrapper needs its command ended by --");
        if (end == i + 1) return std::string("--wrapper needs a command before --");
        o.wrapper.assign(args.begin() + static_cast<std::ptrdiff_t>(i + 1),
                         args.begin() + static_cast<std::ptrdiff_t>(end));
        return end - i + 1;
    }
    if (arg.starts_with("--hostio-root=")) {
        o.hostio_roots.push_back(arg.substr(14));
        return std::size_t{1};
    }
    if (arg == "--hostio-root") {
        if (i + 1 >= args.size()) return std::string("--hostio-root needs a directory");
        o.hostio_roots.push_back(args[i + 1]);
        return std::size_t{2};
    }
    return std::size_t{0};
}

} // namespace

ParseResult parse_options(const std::vector<std::string>& args) {
    Options o;
    bool attach = false;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        bool program_started = !attach && positional.size() >= 2; // COMM and PROG seen
        if (program_started) {
            positional.push_back(arg);
            continue;
        }
        auto valued = apply_valued(o, args, i);
        if (auto* error = std::get_if<std::string>(&valued)) return {std::nullopt, *error};
        if (std::size_t used = std::get<std::size_t>(valued)) {
            i += used - 1;
            continue;
        }
        if (arg == "--attach") attach = true;
        else if (arg.starts_with("--") && arg.size() > 2) {
            if (!apply_flag(o, arg)) return {std::nullopt, "unknown option " + arg};
        } else positional.push_back(arg);
    }
    if (o.show_help || o.show_version) return {o, {}};
    if (positional.empty()) return {std::nullopt, "missing COMM"};
    o.comm = positional.front();
    positional.erase(positional.begin());
    if (attach) {
        if (positional.size() != 1) return {std::nullopt, "--attach takes COMM and one PID"};
        o.attach_pid = parse_pid(positional.front());
        if (!o.attach_pid) return {std::nullopt, "bad PID '" + positional.front() + "'"};
    } else if (positional.empty() && !o.multi) {
        return {std::nullopt, "missing PROG (or --attach PID, or --multi)"};
    } else {
        o.argv = std::move(positional);
    }
    return {o, {}};
}

std::string usage_text() {
    return "Usage: rspd [OPTIONS] COMM PROG [ARGS...]\n"
           "       rspd [OPTIONS] --attach COMM PID\n"
           "       rspd [OPTIONS] --multi COMM\n"
           "\n"
           "COMM may be\n"
           "  :PORT          TCP on 127.0.0.1 (loopback only)\n"
           "  HOST:PORT      TCP on HOST (0.0.0.0:PORT for every interface)\n"
           "  -              stdin/stdout (gdb: target remote | rspd - PROG)\n"
           "  PATH           a Unix socket, mode 0600, same-user clients only\n"
           "\n"
           "Options:\n"
           "  --attach                 attach to a running process\n"
           "  --multi                  extended-remote: keep serving with no program\n"
           "  --once                   exit after the first client disconnects\n"
           "  --debug                  log server decisions to stderr\n"
           "  --remote-debug           log every packet to stderr\n"
           "  --[no-]disable-randomization  address space randomization off (default) or on\n"
           "  --[no-]startup-with-shell     start PROG through $SHELL, which expands its\n"
           "                           arguments (default), or exec it directly\n"
           "  --wrapper WRAPPER ARGS --  start PROG through WRAPPER (env, taskset, ...)\n"
           "  --hostio-root DIR        vFile may also read files under DIR (repeatable)\n"
           "  --hostio=full            vFile unconfined: any file, writes, unlink; by\n"
           "                           default only reads of the files the programs map\n"
           "  --help, --version\n";
}

} // namespace server
