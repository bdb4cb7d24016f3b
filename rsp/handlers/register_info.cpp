// LLDB's qRegisterInfoN: the target description's registers one packet at a time, for an
// LLDB built without libxml2 (which cannot read target.xml). Generated from the same parsed
// XML as the g layout: one source of truth.
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

struct Presentation {
    std::string_view encoding; // uint, sint, ieee754, vector
    std::string_view format;   // hex, float, vector-uint8, ...
};

// From the XML's type and size: floating point, vectors (and x87's 80-bit values, which LLDB
// shows as bytes), or plain integers shown in hex.
Presentation presentation(const arch::Register& reg) {
    if (reg.type == "ieee_single" || reg.type == "ieee_double") return {"ieee754", "float"};
    if (reg.bitsize > 64) return {"vector", "vector-uint8"};
    return {"uint", "hex"};
}

std::string set_name(const arch::Register& reg) {
    if (reg.group == "general") return "General Purpose Registers";
    if (reg.group == "float") return "Floating Point Registers";
    if (reg.group == "vector") return "Vector Registers";
    if (reg.group == "system") return "System Registers";
    return "Other Registers";
}

// Packet: qRegisterInfoN (N hex, from 0 up)   Reply: name:rax;bitsize:64;offset:0;
// encoding:uint;format:hex;set:...;gcc:0;dwarf:0;[generic:pc;] or E45 past the last one.
Reply handle_register_info(Context& ctx, std::string_view args) {
    auto number = parse_hex(args);
    if (!number || *number > 0xffff) return ctx.error_reply(EINVAL, "qRegisterInfo: bad number");
    const auto& desc = ctx.target.description(ctx.current_pid().value_or(0));
    const auto* reg = desc.by_number(static_cast<int>(*number));
    if (!reg) return "E45"; // LLDB stops asking at the first error
    auto shown = presentation(*reg);
    std::string out = fmt::format("name:{};", reg->name);
    if (!reg->altname.empty()) out += fmt::format("alt-name:{};", reg->altname);
    out += fmt::format("bitsize:{};offset:{};encoding:{};format:{};set:{};", reg->bitsize,
                       reg->offset, shown.encoding, shown.format, set_name(*reg));
    if (reg->ehframe_regnum >= 0) out += fmt::format("gcc:{};", reg->ehframe_regnum);
    if (reg->dwarf_regnum >= 0) out += fmt::format("dwarf:{};", reg->dwarf_regnum);
    if (!reg->generic.empty()) out += fmt::format("generic:{};", reg->generic);
    return out;
}

} // namespace

HandlerFamily register_info_handlers() {
    return {{{"qRegisterInfo", handle_register_info}}, {}};
}

} // namespace rsp
