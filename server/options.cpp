#include "server/options.hpp"

#include <charconv>

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
    else if (arg == "--help" || arg == "-h") o.show_help = true;
    else if (arg == "--version" || arg == "-V") o.show_version = true;
    else return false;
    return true;
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
           "  --help, --version\n";
}

} // namespace server
