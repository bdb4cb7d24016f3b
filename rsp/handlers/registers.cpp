// Registers of the general thread (Hg): g/G all at once, p/P one by number.
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

// Packet: g   Reply: every register in the target description's order, hex.
Reply handle_read_all(Context& ctx, std::string_view) {
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "g: no thread");
    auto regs = ctx.target.read_registers(*thread);
    if (!regs) return ctx.error_reply(regs.error());
    return to_hex(*regs);
}

// Packet: GHEX   Reply: OK. The data must cover exactly the g layout.
Reply handle_write_all(Context& ctx, std::string_view args) {
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "G: no thread");
    auto data = from_hex(args);
    if (!data || data->size() != ctx.target.description(thread->pid).g_packet_size())
        return ctx.error_reply(EINVAL, "G: wrong size");
    auto done = ctx.target.write_registers(*thread, *data);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

std::optional<int> parse_regnum(std::string_view text) {
    auto number = parse_hex(text);
    if (!number || *number > 0xffff) return std::nullopt;
    return static_cast<int>(*number);
}

// Packet: pN   Reply: register N's value, hex.
Reply handle_read_one(Context& ctx, std::string_view args) {
    auto regnum = parse_regnum(args);
    if (!regnum) return ctx.error_reply(EINVAL, "p: malformed register number");
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "p: no thread");
    if (!ctx.target.description(thread->pid).by_number(*regnum))
        return ctx.error_reply(EINVAL, "p: no such register");
    auto value = ctx.target.read_register(*thread, *regnum);
    if (!value) return ctx.error_reply(value.error());
    return to_hex(*value);
}

// Packet: PN=HEX   Reply: OK.
Reply handle_write_one(Context& ctx, std::string_view args) {
    auto equals = args.find('=');
    if (equals == std::string_view::npos) return ctx.error_reply(EINVAL, "P: malformed");
    auto regnum = parse_regnum(args.substr(0, equals));
    auto value = from_hex(args.substr(equals + 1));
    if (!regnum || !value) return ctx.error_reply(EINVAL, "P: malformed");
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "P: no thread");
    const auto* reg = ctx.target.description(thread->pid).by_number(*regnum);
    if (!reg) return ctx.error_reply(EINVAL, "P: no such register");
    if (value->size() != reg->size()) return ctx.error_reply(EINVAL, "P: wrong size");
    auto done = ctx.target.write_register(*thread, *regnum, *value);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

} // namespace

HandlerFamily register_handlers() {
    return {{
        {"g", handle_read_all, true},
        {"G", handle_write_all},
        {"p", handle_read_one},
        {"P", handle_write_one},
    }, {}};
}

} // namespace rsp
