// LLDB's QSaveRegisterState / QRestoreRegisterState: a thread's registers put aside before an
// expression runs code in it, and put back afterwards, without a g/G round trip through LLDB.
#include <charconv>

#include <fmt/core.h>

#include "rsp/dispatcher.hpp"
#include "rsp/thread_suffix.hpp"

namespace rsp {
namespace {

// Saved states nobody restored (a client that saves and never restores) stay bounded.
constexpr std::size_t max_saved_states = 64;

// Packet: QSaveRegisterState[;thread:TID;]   Reply: a non-zero save id (decimal), or E.
Reply handle_save(Context& ctx, std::string_view args) {
    auto suffix = split_thread_suffix(args);
    if (!suffix || !suffix->rest.empty()) return ctx.error_reply(EINVAL, "QSaveRegisterState: malformed");
    auto thread = ctx.thread_for(suffix->thread);
    if (!thread) return ctx.error_reply(ESRCH, "QSaveRegisterState: no such thread");
    if (ctx.saved_registers.size() >= max_saved_states)
        return ctx.error_reply(ENOMEM, "QSaveRegisterState: too many saved states");
    auto regs = ctx.target.read_registers(*thread);
    if (!regs) return ctx.error_reply(regs.error());
    std::uint64_t id = ctx.next_save_id++;
    ctx.saved_registers[id] = SavedRegisters{*thread, std::move(*regs)};
    return fmt::format("{}", id);
}

// Packet: QRestoreRegisterState:ID[;thread:TID;]   Reply: OK; the state is then forgotten.
Reply handle_restore(Context& ctx, std::string_view args) {
    auto suffix = split_thread_suffix(args);
    if (!suffix) return ctx.error_reply(EINVAL, "QRestoreRegisterState: malformed");
    std::uint64_t id = 0;
    auto text = suffix->rest;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size())
        return ctx.error_reply(EINVAL, "QRestoreRegisterState: bad save id");
    auto saved = ctx.saved_registers.find(id);
    if (saved == ctx.saved_registers.end())
        return ctx.error_reply(ENOENT, "QRestoreRegisterState: no such save id");
    auto thread = suffix->thread ? ctx.resolve_thread(*suffix->thread) : saved->second.thread;
    if (!thread) return ctx.error_reply(ESRCH, "QRestoreRegisterState: no such thread");
    auto done = ctx.target.write_registers(*thread, saved->second.g);
    ctx.saved_registers.erase(saved);
    if (!done) return ctx.error_reply(done.error());
    return "OK";
}

} // namespace

HandlerFamily register_state_handlers() {
    return {{
                {"QSaveRegisterState", handle_save},
                {"QRestoreRegisterState:", handle_restore},
            },
            {}};
}

} // namespace rsp
