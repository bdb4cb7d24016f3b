#pragma once
// Text for XML attributes (thread names come from the inferior: anything may be in them).
#include <string>
#include <string_view>

namespace rsp {

inline std::string xml_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) out += ' '; // control bytes are not valid XML
            else out += c;
        }
    }
    return out;
}

} // namespace rsp
