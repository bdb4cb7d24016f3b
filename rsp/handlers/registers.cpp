// Registers of one thread: g/G all at once, p/P one by number. The thread is the Hg one, or
// the one a ";thread:TID;" suffix names (LLDB's QThreadSuffixSupported).
#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/thread_suffix.hpp"

namespace rsp {
namespace {

// The packet's arguments without the suffix, and the thread it acts on.
struct RegisterRequest {
    std::string_view args;
    target::Ptid thread;
};

std::optional<RegisterRequest> split(Context& ctx, std::string_view args, std::string& error) {
    auto suffix = split_thread_suffix(args);
    if (!suffix) {
        error = ctx.error_reply(EINVAL, "malformed thread suffix");
        return std::nullopt;
    }
    auto thread = ctx.thread_for(suffix->thread);
    if (!thread) {
        error = ctx.error_reply(ESRCH, "no such thread");
        return std::nullopt;
    }
    return RegisterRequest{suffix->rest, *thread};
}

// Packet: g[;thread:TID;]   Reply: every register in the target description's order, hex.
Reply handle_read_all(Context& ctx, std::string_view args) {
    std::string error;
    auto t = split(ctx, args, error);
    if (!t) return error;
    if (!t->args.empty()) return ctx.error_reply(EINVAL, "g: malformed");
    auto regs = ctx.target.read_registers(t->thread);
    if (!regs) return ctx.error_reply(regs.error());
    return to_hex(*regs);
}

// Packet: GHEX[;thread:TID;]   Reply: OK. The data must cover exactly the g layout.
Reply handle_write_all(Context& ctx, std::string_view args) {
    std::string error;
    auto t = split(ctx, args, error);
    if (!t) return error;
    auto data = from_hex(t->args);
    if (!data || data->size() != ctx.target.description(t->thread.pid).g_packet_size())
        return ctx.error_reply(EINVAL, "G: wrong size");
    auto done = ctx.target.write_registers(t->thread, *data);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

std::optional<int> parse_regnum(std::string_view text) {
    auto number = parse_hex(text);
    if (!number || *number > 0xffff) return std::nullopt;
    return static_cast<int>(*number);
}

// Packet: pN[;thread:TID;]   Reply: register N's value, hex.
Reply handle_read_one(Context& ctx, std::string_view args) {
    std::string error;
    auto t = split(ctx, args, error);
    if (!t) return error;
    auto regnum = parse_regnum(t->args);
    if (!regnum) return ctx.error_reply(EINVAL, "p: malformed register number");
    if (!ctx.target.description(t->thread.pid).by_number(*regnum))
        return ctx.error_reply(EINVAL, "p: no such register");
    auto value = ctx.target.read_register(t->thread, *regnum);
    if (!value) return ctx.error_reply(value.error());
    return to_hex(*value);
}

// Packet: PN=HEX[;thread:TID;]   Reply: OK.
Reply handle_write_one(Context& ctx, std::string_view args) {
    std::string error;
    auto t = split(ctx, args, error);
    if (!t) return error;
    auto equals = t->args.find('=');
    if (equals == std::string_view::npos) return ctx.error_reply(EINVAL, "P: malformed");
    auto regnum = parse_regnum(t->args.substr(0, equals));
    auto value = from_hex(t->args.substr(equals + 1));
    if (!regnum || !value) return ctx.error_reply(EINVAL, "P: malformed");
    const auto* reg = ctx.target.description(t->thread.pid).by_number(*regnum);
    if (!reg) return ctx.error_reply(EINVAL, "P: no such register");
    if (value->size() != reg->size()) return ctx.error_reply(EINVAL, "P: wrong size");
    auto done = ctx.target.write_register(t->thread, *regnum, *value);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

} // namespace

HandlerFamily register_handlers() {
    return {{
        {"g", handle_read_all},
        {"G", handle_write_all},
        {"p", handle_read_one},
        {"P", handle_write_one},
    }, {}};
}

} // namespace rsp
