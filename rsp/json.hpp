#pragma once
// Just enough JSON for LLDB's j-packets: quoted strings with escapes. Replies are built with
// fmt; the client's JSON (jModulesInfo) is read with Boost.PropertyTree.
#include <string>
#include <string_view>

#include <fmt/core.h>

namespace rsp {

// "text" with quotes, backslashes and control bytes escaped (thread names and paths come
// from the inferior and the file system: anything may be in them).
inline std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += fmt::format("\\u{:04x}", byte);
        } else {
            out += c;
        }
    }
    return out + '"';
}

} // namespace rsp
