#include "rsp/stop_reply.hpp"

#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/lldb_stop_info.hpp"
#include "rsp/signals.hpp"

namespace rsp {
namespace {

void append_register(std::string& out, const Context& ctx, target::Ptid thread,
                     const arch::Register* reg) {
    if (!reg) return;
    auto value = ctx.target.read_register(thread, reg->regnum);
    if (!value) return; // expediting is an optimisation: gdb asks again if it is missing
    out += fmt::format("{:02x}:", reg->regnum);
    append_hex(out, *value);
    out += ';';
}

// The reason key, when the client has said it understands it.
std::string reason_key(const Context& ctx, const target::StopEvent& event) {
    using target::StopReason;
    // LLDB hears of watchpoints through reason:watchpoint instead (lldb_stop_info.cpp).
    bool watch_keys = !ctx.features.lldb_stop_keys();
    switch (event.reason) {
    case StopReason::sw_breakpoint: return ctx.features.swbreak ? "swbreak:;" : "";
    case StopReason::hw_breakpoint: return ctx.features.hwbreak ? "hwbreak:;" : "";
    case StopReason::watch: return watch_keys ? fmt::format("watch:{:x};", event.address) : "";
    case StopReason::rwatch: return watch_keys ? fmt::format("rwatch:{:x};", event.address) : "";
    case StopReason::awatch: return watch_keys ? fmt::format("awatch:{:x};", event.address) : "";
    // Process events: only to a client that asked for them (qSupported).
    case StopReason::fork:
        if (!ctx.features.fork_events) return "";
        return "fork:" + format_thread_id(event.child, ctx.features.multiprocess) + ';';
    case StopReason::vfork:
        if (!ctx.features.vfork_events) return "";
        return "vfork:" + format_thread_id(event.child, ctx.features.multiprocess) + ';';
    case StopReason::vfork_done: return ctx.features.vfork_events ? "vforkdone:;" : "";
    case StopReason::exec:
        return ctx.features.exec_events ? "exec:" + to_hex(event.exec_path) + ';' : "";
    case StopReason::syscall_entry: return fmt::format("syscall_entry:{:x};", event.syscall);
    case StopReason::syscall_return: return fmt::format("syscall_return:{:x};", event.syscall);
    case StopReason::thread_created: return "create:;"; // sent only after QThreadEvents:1
    default: return "";
    }
}

std::string process_suffix(const Context& ctx, int pid) {
    return ctx.features.multiprocess ? fmt::format(";process:{:x}", pid) : "";
}

} // namespace

std::string format_stop_reply(const Context& ctx, const target::StopEvent& event) {
    using target::StopKind;
    switch (event.kind) {
    case StopKind::exited:
        return fmt::format("W{:02x}{}", event.exit_status & 0xff,
                           process_suffix(ctx, event.thread.pid));
    case StopKind::terminated:
        return fmt::format("X{:02x}{}", to_gdb_signal(event.signal) & 0xff,
                           process_suffix(ctx, event.thread.pid));
    case StopKind::no_resumed: return "N";
    case StopKind::thread_exited: // sent only after QThreadEvents:1
        return fmt::format("w{:02x};{}", event.exit_status & 0xff,
                           format_thread_id(event.thread, ctx.features.multiprocess));
    case StopKind::stopped: break;
    }
    std::string out = fmt::format("T{:02x}", to_gdb_signal(event.signal) & 0xff);
    if (event.signal == 0) out = "T00";
    const auto& desc = ctx.target.description(event.thread.pid);
    bool lldb = ctx.features.lldb_stop_keys();
    if (lldb) {
        // LLDB unwinds from the general registers at every stop: send them all at once.
        for (const auto* reg : lldb_expedited_registers(desc))
            append_register(out, ctx, event.thread, reg);
    } else {
        append_register(out, ctx, event.thread, desc.pc());
        append_register(out, ctx, event.thread, desc.sp());
        append_register(out, ctx, event.thread, desc.fp());
    }
    out += "thread:" + format_thread_id(event.thread, ctx.features.multiprocess) + ';';
    if (event.core >= 0) out += fmt::format("core:{:x};", event.core);
    out += reason_key(ctx, event);
    if (lldb) append_lldb_stop_keys(out, ctx, event);
    return out;
}

} // namespace rsp
