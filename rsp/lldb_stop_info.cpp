#include "rsp/lldb_stop_info.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/json.hpp"
#include "rsp/signals.hpp"

namespace rsp {
namespace {

std::optional<std::uint64_t> register_value(const Context& ctx, target::Ptid thread,
                                            const arch::Register* reg) {
    if (!reg || reg->size() > 8) return std::nullopt;
    auto bytes = ctx.target.read_register(thread, reg->regnum);
    if (!bytes) return std::nullopt;
    std::uint64_t value = 0; // target byte order: little-endian on every arch we build for
    for (std::size_t i = bytes->size(); i-- > 0;)
        value = value << 8 | (*bytes)[i];
    return value;
}

// A thread name LLDB can take as name:VALUE; otherwise it goes hex-encoded as hexname:.
bool plain_name(std::string_view name) {
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
    });
}

std::string name_key(std::string_view name) {
    if (name.empty()) return "";
    if (plain_name(name)) return fmt::format("name:{};", name);
    return fmt::format("hexname:{};", to_hex(name));
}

// "threads:T1,T2,...;thread-pcs:PC1,PC2,...;" (QListThreadsInStopReply).
std::string thread_list_keys(const Context& ctx, const std::vector<target::ThreadInfo>& threads) {
    std::string tids, pcs;
    const auto* pc = ctx.target.description(threads.front().id.pid).pc();
    for (const auto& thread : threads) {
        if (!tids.empty()) {
            tids += ',';
            pcs += ',';
        }
        tids += hex_number(static_cast<std::uint64_t>(thread.id.tid));
        pcs += hex_number(register_value(ctx, thread.id, pc).value_or(0));
    }
    return fmt::format("threads:{};thread-pcs:{};", tids, pcs);
}

// PC, SP and FP: all LLDB needs to start unwinding a thread. Without them it asks p7 and p6
// of each thread for a backtrace. (Stack memory sent along does not spare it the reads:
// LLDB fetches whole 512-byte lines of its own.)
std::string registers_json(const Context& ctx, target::Ptid thread) {
    const auto& desc = ctx.target.description(thread.pid);
    std::string out;
    for (const auto* reg : {desc.pc(), desc.sp(), desc.fp()}) {
        if (!reg) continue;
        auto value = ctx.target.read_register(thread, reg->regnum);
        if (!value) continue;
        out += fmt::format("{}\"{}\":\"{}\"", out.empty() ? "" : ",", reg->regnum, to_hex(*value));
    }
    return out;
}

std::string thread_json(const Context& ctx, const target::ThreadInfo& thread) {
    auto event = stop_event_of(ctx, thread.id);
    std::string out = fmt::format("{{\"tid\":{}", thread.id.tid);
    if (!thread.name.empty()) out += fmt::format(",\"name\":{}", json_string(thread.name));
    if (auto reason = lldb_reason(event); !reason.empty()) {
        out += fmt::format(",\"reason\":\"{}\",\"signal\":{}", reason, to_gdb_signal(event.signal));
    }
    out += fmt::format(",\"registers\":{{{}}}", registers_json(ctx, thread.id));
    return out + '}';
}

} // namespace

std::string_view lldb_reason(const target::StopEvent& event) {
    using target::StopReason;
    switch (event.reason) {
    case StopReason::sw_breakpoint:
    case StopReason::hw_breakpoint: return "breakpoint";
    case StopReason::single_step: return "trace";
    case StopReason::watch:
    case StopReason::rwatch:
    case StopReason::awatch: return "watchpoint";
    case StopReason::exec: return "exec";
    case StopReason::fork: return "fork";
    case StopReason::vfork: return "vfork";
    case StopReason::vfork_done: return "vforkdone";
    default: return event.signal != 0 ? "signal" : "";
    }
}

std::vector<const arch::Register*> lldb_expedited_registers(const arch::Description& desc) {
    std::vector<const arch::Register*> regs;
    for (const auto& reg : desc.registers())
        if (reg.group == "general" || &reg == desc.pc() || &reg == desc.sp() || &reg == desc.fp())
            regs.push_back(&reg);
    return regs;
}

target::StopEvent stop_event_of(const Context& ctx, target::Ptid thread) {
    if (ctx.last_stop && ctx.last_stop->kind == target::StopKind::stopped &&
        ctx.last_stop->thread == thread)
        return *ctx.last_stop;
    target::StopEvent none;
    none.thread = thread;
    return none;
}

std::string threads_json(const Context& ctx, const std::vector<target::ThreadInfo>& threads) {
    std::string out = "[";
    for (const auto& thread : threads) {
        if (out.size() > 1) out += ',';
        out += thread_json(ctx, thread);
    }
    return out + ']';
}

void append_lldb_stop_keys(std::string& out, const Context& ctx, const target::StopEvent& event) {
    auto threads = ctx.target.threads(event.thread.pid);
    auto self = std::find_if(threads.begin(), threads.end(),
                             [&](const auto& t) { return t.id == event.thread; });
    if (self != threads.end()) out += name_key(self->name);
    if (ctx.features.threads_in_stop_reply && !threads.empty()) {
        out += thread_list_keys(ctx, threads);
        // Every thread's stop reason at once; with one thread the T reply says it all.
        if (threads.size() > 1) {
            auto json = threads_json(ctx, threads);
            out += fmt::format("jstopinfo:{};", to_hex(json));
        }
    }
    if (auto reason = lldb_reason(event); !reason.empty()) out += fmt::format("reason:{};", reason);
    if (lldb_reason(event) == "watchpoint")
        out += fmt::format("description:{};", to_hex(fmt::format("{}", event.address)));
}

} // namespace rsp
