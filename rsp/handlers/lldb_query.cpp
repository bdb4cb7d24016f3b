// LLDB's questions about the host, the process and the server, and its two negotiations
// (lldbgdbremote.md): QThreadSuffixSupported, QListThreadsInStopReply, qHostInfo,
// qProcessInfo, qGetWorkingDir, qGDBServerVersion, qWatchpointSupportInfo.
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "target/capabilities.hpp"
#include "rsp/triple.hpp"

namespace rsp {
namespace {

const arch::Description& description(const Context& ctx) {
    return ctx.target.description(ctx.current_pid().value_or(0));
}

// The keys qHostInfo and qProcessInfo share: what the program is built for.
std::string arch_keys(const Context& ctx) {
    const auto& desc = description(ctx);
    return fmt::format("triple:{};endian:little;ptrsize:{};", to_hex(target_triple(desc)),
                       pointer_size(desc));
}

// "6.1.0-18-amd64" -> "6.1.0": LLDB reads os_version as a version number.
std::string_view version_number(std::string_view release) {
    auto end = release.find_first_not_of("0123456789.");
    return release.substr(0, end);
}

// Packet: QThreadSuffixSupported   Reply: OK; g/G/p/P may then name their thread.
Reply handle_thread_suffix(Context& ctx, std::string_view) {
    ctx.features.thread_suffix = true;
    return "OK";
}

// Packet: QListThreadsInStopReply   Reply: OK; stop replies then list every thread and PC.
Reply handle_threads_in_stop_reply(Context& ctx, std::string_view) {
    ctx.features.threads_in_stop_reply = true;
    return "OK";
}

// Packet: qHostInfo   Reply: triple:HEX;endian:little;ptrsize:N;... about the machine.
Reply handle_host_info(Context& ctx, std::string_view) {
    std::string out = arch_keys(ctx);
    // x86 reports a watchpoint after the access, with the PC past the instruction.
    out += "watchpoint_exceptions_received:after;";
    auto* host = ctx.target.host_queries();
    if (!host) return out;
    auto info = host->host_info();
    out += fmt::format("vm-page-size:{};", info.page_size);
    if (!info.hostname.empty()) out += fmt::format("hostname:{};", to_hex(info.hostname));
    if (auto v = version_number(info.os_version); !v.empty()) out += fmt::format("os_version:{};", v);
    if (!info.os_version.empty()) out += fmt::format("os_build:{};", to_hex(info.os_version));
    if (!info.os_kernel.empty()) out += fmt::format("os_kernel:{};", to_hex(info.os_kernel));
    return out;
}

// Packet: qProcessInfo   Reply: pid:HEX;parent-pid:HEX;real-uid:...;triple:HEX;... of the
// current process. LLDB needs a real, non-zero pid here.
Reply handle_process_info(Context& ctx, std::string_view) {
    auto pid = ctx.current_pid();
    if (!pid) return ctx.error_reply(ESRCH, "qProcessInfo: no process");
    std::string out = fmt::format("pid:{:x};", *pid);
    if (auto* host = ctx.target.host_queries()) {
        if (auto info = host->process_info(*pid)) {
            out += fmt::format("parent-pid:{:x};real-uid:{:x};real-gid:{:x};effective-uid:{:x};"
                               "effective-gid:{:x};",
                               info->parent_pid, info->real_uid, info->real_gid,
                               info->effective_uid, info->effective_gid);
        }
    }
    return out + arch_keys(ctx) + "ostype:linux;";
}

// Packet: qGetWorkingDir   Reply: the working directory, hex: the one set for the next
// launch, else the process's, else the server's.
Reply handle_working_dir(Context& ctx, std::string_view) {
    if (!ctx.launch.working_dir.empty()) return to_hex(ctx.launch.working_dir);
    auto* host = ctx.target.host_queries();
    if (!host) return std::string{};
    auto dir = host->working_dir(ctx.current_pid().value_or(0));
    if (!dir) return ctx.error_reply(dir.error());
    return to_hex(*dir);
}

// Packet: qGDBServerVersion   Reply: name:rspd;version:X.Y.Z;
Reply handle_server_version(Context&, std::string_view) {
    return fmt::format("name:rspd;version:{};", RSPD_VERSION);
}

// Packet: qWatchpointSupportInfo[:]   Reply: num:N; how many hardware watchpoints the
// target has (its debug registers), or empty when it cannot say.
Reply handle_watchpoint_info(Context& ctx, std::string_view args) {
    if (!args.empty() && args != ":") return ctx.error_reply(EINVAL, "qWatchpointSupportInfo: no arguments");
    auto* host = ctx.target.host_queries();
    if (!host) return std::string{};
    return fmt::format("num:{};", host->host_info().watchpoint_slots);
}

} // namespace

HandlerFamily lldb_query_handlers() {
    return {{
                {"QThreadSuffixSupported", handle_thread_suffix, true},
                {"QListThreadsInStopReply", handle_threads_in_stop_reply, true},
                {"qHostInfo", handle_host_info, true},
                {"qProcessInfo", handle_process_info, true},
                {"qGetWorkingDir", handle_working_dir, true},
                {"qGDBServerVersion", handle_server_version, true},
                {"qWatchpointSupportInfo", handle_watchpoint_info},
            },
            {"QThreadSuffixSupported+", "QListThreadsInStopReply+"}};
}

} // namespace rsp
