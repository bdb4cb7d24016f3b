// Connection setup and general queries: qSupported, no-ack mode, thread selection and
// listing, signal lists.
#include <algorithm>

#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/event_options.hpp"
#include "rsp/signals.hpp"

namespace rsp {
namespace {

// Packet: qSupported[:feature;feature...]   Reply: our features, ';'-separated.
Reply handle_qsupported(Context& ctx, std::string_view args) {
    if (!args.empty() && !args.starts_with(':')) return ctx.error_reply(EINVAL, "qSupported: malformed");
    if (args.starts_with(':')) args.remove_prefix(1);
    for (auto feature : split(args, ';')) {
        if (feature == "multiprocess+")
            ctx.features.multiprocess = true;
        else if (feature == "swbreak+")
            ctx.features.swbreak = true;
        else if (feature == "hwbreak+")
            ctx.features.hwbreak = true;
        else if (feature == "vContSupported+")
            ctx.features.vcont_supported = true;
        else if (feature == "error-message+")
            ctx.features.error_strings = true;
        else if (feature == "fork-events+")
            ctx.features.fork_events = true;
        else if (feature == "vfork-events+")
            ctx.features.vfork_events = true;
        else if (feature == "exec-events+")
            ctx.features.exec_events = true;
        else if (feature == "binary-upload+")
            ctx.features.binary_upload = true;
        else if (feature == "no-resumed+")
            ctx.features.no_resumed = true;
    }
    ctx.features.client_is_lldb = !ctx.features.swbreak && !ctx.features.vcont_supported;
    apply_event_options(ctx);
    return fmt::format("PacketSize={:x};{}", max_packet_size, dispatcher().features());
}

// Packet: QStartNoAckMode   Reply: OK (acks stop after this reply).
Reply handle_no_ack(Context& ctx, std::string_view) {
    ctx.no_ack = true;
    return "OK";
}

// Packet: QEnableErrorStrings (LLDB)   Reply: OK; errors then read EXX;HEX-TEXT. LLDB takes
// an E that is not followed by two hex digits (gdb's E.text) for data, not for an error.
Reply handle_error_strings(Context& ctx, std::string_view) {
    ctx.features.lldb_error_strings = true;
    return "OK";
}

// Packet: Hg<thread-id> / Hc<thread-id>   Reply: OK or E (no such thread).
Reply handle_set_thread(Context& ctx, std::string_view args) {
    if (args.empty()) return ctx.error_reply(EINVAL, "H: missing operation");
    char op = args.front();
    auto id = parse_thread_id(args.substr(1));
    if (!id || (op != 'g' && op != 'c')) return ctx.error_reply(EINVAL, "H: malformed");
    if (id->tid > 0 && !ctx.resolve_thread(*id)) return ctx.error_reply(ESRCH, "H: no such thread");
    if (ctx.target.processes().empty()) return ctx.error_reply(ESRCH, "H: no process");
    (op == 'g' ? ctx.general_thread : ctx.continue_thread) = *id;
    return "OK";
}

// Packet: T<thread-id>   Reply: OK if the thread is alive, else E.
Reply handle_thread_alive(Context& ctx, std::string_view args) {
    auto id = parse_thread_id(args);
    if (!id || id->tid <= 0 || !ctx.resolve_thread(*id))
        return ctx.error_reply(ESRCH, "T: thread is not alive");
    return "OK";
}

// Packet: qC   Reply: QC<thread-id> of the current thread.
Reply handle_current_thread(Context& ctx, std::string_view) {
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(ESRCH, "qC: no process");
    return "QC" + format_thread_id(*thread, ctx.features.multiprocess);
}

// Packet: qfThreadInfo   Reply: m<id>,<id>... with every thread at once, then qsThreadInfo: l.
Reply handle_thread_info_first(Context& ctx, std::string_view) {
    std::string out;
    for (int pid : ctx.target.processes())
        for (const auto& thread : ctx.target.thread_ids(pid)) {
            out += out.empty() ? 'm' : ',';
            out += format_thread_id(thread, ctx.features.multiprocess);
        }
    return out.empty() ? "l" : out;
}

Reply handle_thread_info_next(Context&, std::string_view) {
    return "l";
}

// Packet: qAttached[:pid]   Reply: 1 attached (detach on quit), 0 launched (kill on quit).
Reply handle_attached(Context& ctx, std::string_view args) {
    std::optional<int> pid = ctx.current_pid();
    if (args.starts_with(':')) {
        auto parsed = parse_hex(args.substr(1));
        if (!parsed || *parsed > 0x7fffffff) return ctx.error_reply(EINVAL, "qAttached: bad pid");
        pid = static_cast<int>(*parsed);
    } else if (!args.empty()) {
        return ctx.error_reply(EINVAL, "qAttached: malformed");
    }
    auto pids = ctx.target.processes();
    if (!pid || std::find(pids.begin(), pids.end(), *pid) == pids.end())
        return ctx.error_reply(ESRCH, "qAttached: no such process");
    return ctx.target.was_attached(*pid) ? "1" : "0";
}

// Parses "sig;sig;..." (hex GDB numbers) into host signal numbers.
std::optional<std::vector<int>> parse_signal_list(std::string_view args) {
    std::vector<int> host;
    if (args.empty()) return host;
    for (auto field : split(args, ';')) {
        if (field.empty()) continue; // gdb ends the list with ';'
        auto number = parse_hex(field);
        if (!number || *number > 0xff) return std::nullopt;
        if (int sig = to_host_signal(static_cast<int>(*number)); sig != 0) host.push_back(sig);
    }
    return host;
}

// Packet: QPassSignals:sig;sig...   Reply: OK. Listed signals go to the inferior unreported.
Reply handle_pass_signals(Context& ctx, std::string_view args) {
    auto list = parse_signal_list(args);
    if (!list) return ctx.error_reply(EINVAL, "QPassSignals: malformed list");
    ctx.target.set_pass_signals(std::move(*list));
    return "OK";
}

// Packet: QProgramSignals:sig;sig...   Reply: OK.
Reply handle_program_signals(Context& ctx, std::string_view args) {
    auto list = parse_signal_list(args);
    if (!list) return ctx.error_reply(EINVAL, "QProgramSignals: malformed list");
    ctx.program_signals = std::move(*list);
    return "OK";
}

Reply reply_empty(Context&, std::string_view) {
    return std::string{};
}

} // namespace

HandlerFamily query_handlers() {
    return {{
                {"qSupported", handle_qsupported},
                {"vMustReplyEmpty", reply_empty, true},
                {"QStartNoAckMode", handle_no_ack, true},
                {"QEnableErrorStrings", handle_error_strings, true},
                {"H", handle_set_thread},
                {"T", handle_thread_alive},
                {"qC", handle_current_thread, true},
                {"qfThreadInfo", handle_thread_info_first, true},
                {"qsThreadInfo", handle_thread_info_next, true},
                {"qAttached", handle_attached},
                {"QPassSignals:", handle_pass_signals},
                {"QProgramSignals:", handle_program_signals},
            },
            {"QStartNoAckMode+", "multiprocess+", "QPassSignals+", "QProgramSignals+",
             "QEnableErrorStrings+"}};
}

} // namespace rsp
