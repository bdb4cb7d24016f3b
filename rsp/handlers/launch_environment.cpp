// The environment of programs vRun starts: variables, working directory, shell, address
// space randomization. Each packet only changes ctx.launch; nothing runs until vRun.
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

// The environment a client may build: what execve takes at most with the usual 8 MiB stack
// limit (a quarter of it). Beyond, new variables are refused rather than kept without end.
constexpr std::size_t max_environment_bytes = 2 << 20;

// Sets (value) or marks for removal (nullopt) one variable, within the bound.
Reply set_variable(Context& ctx, std::string name, std::optional<std::string> value,
                   std::string_view packet) {
    std::size_t total = 0;
    for (const auto& [n, v] : ctx.launch.environment)
        if (n != name) total += n.size() + (v ? v->size() : 0);
    if (total + name.size() + (value ? value->size() : 0) > max_environment_bytes)
        return ctx.error_reply(E2BIG, std::string(packet) + ": environment too large");
    ctx.launch.environment[std::move(name)] = std::move(value);
    return "OK";
}

// QStartupWithShell and QDisableRandomization: "0" or "1" into one switch of ctx.launch.
Reply set_switch(Context& ctx, std::string_view args, bool LaunchConfig::*field,
                 std::string_view packet) {
    if (args != "0" && args != "1")
        return ctx.error_reply(EINVAL, std::string(packet) + ": expected 0 or 1");
    ctx.launch.*field = args == "1";
    return "OK";
}

// Packet: QEnvironmentHexEncoded:HEX(NAME=VALUE)   Reply: OK. The program gets NAME=VALUE.
Reply handle_environment_set(Context& ctx, std::string_view args) {
    auto text = from_hex_text(args);
    if (!text) return ctx.error_reply(EINVAL, "QEnvironmentHexEncoded: malformed hex");
    auto equals = text->find('=');
    if (equals == 0 || equals == std::string::npos)
        return ctx.error_reply(EINVAL, "QEnvironmentHexEncoded: no NAME=VALUE");
    return set_variable(ctx, text->substr(0, equals), text->substr(equals + 1), "QEnvironmentHexEncoded");
}

// Packet: QEnvironmentUnset:HEX(NAME)   Reply: OK. The program does not get NAME.
Reply handle_environment_unset(Context& ctx, std::string_view args) {
    auto name = from_hex_text(args);
    if (!name || name->empty()) return ctx.error_reply(EINVAL, "QEnvironmentUnset: malformed");
    return set_variable(ctx, std::move(*name), std::nullopt, "QEnvironmentUnset");
}

// Packet: QEnvironmentReset   Reply: OK. Back to rspd's own environment, unchanged.
Reply handle_environment_reset(Context& ctx, std::string_view) {
    ctx.launch.environment.clear();
    return "OK";
}

// Packet: QSetWorkingDir:HEX(DIR)   Reply: OK. An empty DIR means rspd's own directory.
Reply handle_working_dir(Context& ctx, std::string_view args) {
    auto dir = from_hex_text(args);
    if (!dir) return ctx.error_reply(EINVAL, "QSetWorkingDir: malformed hex");
    ctx.launch.working_dir = *dir;
    return "OK";
}

// Packet: QStartupWithShell:0|1   Reply: OK.
Reply handle_startup_with_shell(Context& ctx, std::string_view args) {
    return set_switch(ctx, args, &LaunchConfig::startup_with_shell, "QStartupWithShell");
}

// Packet: QDisableRandomization:0|1   Reply: OK.
Reply handle_disable_randomization(Context& ctx, std::string_view args) {
    return set_switch(ctx, args, &LaunchConfig::disable_randomization, "QDisableRandomization");
}

} // namespace

HandlerFamily launch_environment_handlers() {
    return {{
                {"QEnvironmentHexEncoded:", handle_environment_set},
                {"QEnvironmentUnset:", handle_environment_unset},
                {"QEnvironmentReset", handle_environment_reset, true},
                {"QSetWorkingDir:", handle_working_dir},
                {"QStartupWithShell:", handle_startup_with_shell},
                {"QDisableRandomization:", handle_disable_randomization},
            },
            {"QEnvironmentHexEncoded+", "QEnvironmentUnset+", "QEnvironmentReset+",
             "QSetWorkingDir+", "QStartupWithShell+", "QDisableRandomization+"}};
}

} // namespace rsp
