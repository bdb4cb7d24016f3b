#include "rsp/breakpoint_request.hpp"

#include "rsp/codec.hpp"

namespace rsp {
namespace {

// One "Xlen,hexbytes" at the front of text, which moves past it.
std::optional<std::vector<std::uint8_t>> take_expression(std::string_view& text) {
    if (!text.starts_with('X')) return std::nullopt;
    auto comma = text.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto len = parse_hex(text.substr(1, comma - 1));
    if (!len || *len == 0 || *len > (text.size() - comma - 1) / 2) return std::nullopt;
    auto bytes = from_hex(text.substr(comma + 1, *len * 2));
    if (!bytes) return std::nullopt;
    text.remove_prefix(comma + 1 + *len * 2);
    return bytes;
}

// The expressions of one list, until the text ends or a ';' starts the next part.
bool take_expressions(std::string_view& text, std::vector<std::vector<std::uint8_t>>& into) {
    do {
        auto expr = take_expression(text);
        if (!expr) return false;
        into.push_back(std::move(*expr));
    } while (text.starts_with('X'));
    return true;
}

bool parse_options(std::string_view text, target::BreakpointActions& actions) {
    while (!text.empty()) {
        if (!text.starts_with(';')) return false;
        text.remove_prefix(1);
        if (text.starts_with("cmds:")) {
            text.remove_prefix(5);
            auto comma = text.find(',');
            auto persist = parse_hex(text.substr(0, comma));
            if (comma == std::string_view::npos || !persist) return false;
            actions.persist = *persist != 0;
            text.remove_prefix(comma + 1);
            if (!take_expressions(text, actions.commands)) return false;
        } else if (!take_expressions(text, actions.conditions)) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<BreakpointRequest> parse_breakpoint_request(std::string_view args) {
    auto semicolon = args.find(';');
    auto fields = split(args.substr(0, semicolon), ',');
    if (fields.size() != 3) return std::nullopt;
    auto type = parse_hex(fields[0]);
    auto addr = parse_hex(fields[1]);
    auto kind = parse_hex(fields[2]);
    if (!type || !addr || !kind || *type > 4 || *kind > 0xffff) return std::nullopt;
    BreakpointRequest request{static_cast<target::BreakpointType>(*type), *addr,
                              static_cast<int>(*kind), {}};
    if (semicolon != std::string_view::npos &&
        !parse_options(args.substr(semicolon), request.actions))
        return std::nullopt;
    return request;
}

} // namespace rsp
