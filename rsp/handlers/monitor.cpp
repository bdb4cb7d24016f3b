// qRcmd: gdb's `monitor CMD`. Output goes to the client's console as O packets before the
// final OK.
#include <fmt/core.h>

#include "common/log.hpp"
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

void print(Context& ctx, std::string_view text) {
    if (ctx.send_now) ctx.send_now("O" + to_hex(text));
}

std::optional<bool> on_off(std::string_view word) {
    if (word == "on" || word == "1") return true;
    if (word == "off" || word == "0") return false;
    return std::nullopt;
}

const char* const help_text =
    "The following monitor commands are supported:\n"
    "  set debug on|off         log what rspd does to its stderr\n"
    "  set remote-debug on|off  log every packet to rspd's stderr\n"
    "  exit                     end rspd once this session is over\n"
    "  help                     this text\n";

// "set debug on" / "set remote-debug off": true if handled.
bool set_logging(Context& ctx, std::string_view command) {
    auto words = split(command, ' ');
    if (words.size() != 3 || words[0] != "set") return false;
    auto value = on_off(words[2]);
    if (!value) return false;
    if (words[1] == "debug") common::log_settings().debug = *value;
    else if (words[1] == "remote-debug") common::log_settings().packets = *value;
    else return false;
    print(ctx, fmt::format("{} output {}.\n", words[1] == "debug" ? "Debug" : "Packet",
                           *value ? "enabled" : "disabled"));
    return true;
}

// Packet: qRcmd,HEX(COMMAND)   Reply: O<hex text>... then OK.
Reply handle_rcmd(Context& ctx, std::string_view args) {
    auto command = from_hex_text(args);
    if (!command) return ctx.error_reply(EINVAL, "qRcmd: malformed hex");
    common::log_debug("rsp", "monitor {}", *command);
    if (*command == "help") {
        print(ctx, help_text);
    } else if (*command == "exit") {
        // The reply goes out first; the session then ends and rspd with it.
        ctx.exit_requested = true;
        ctx.close_requested = true;
    } else if (!set_logging(ctx, *command)) {
        print(ctx, fmt::format("Unknown monitor command '{}'.\n", *command));
        print(ctx, help_text);
    }
    return "OK";
}

} // namespace

HandlerFamily monitor_handlers() {
    return {{{"qRcmd,", handle_rcmd}}, {}};
}

} // namespace rsp
