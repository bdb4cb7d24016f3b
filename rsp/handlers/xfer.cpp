// qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH — documents read in chunks: the target description,
// auxv, exec file, thread list, shared library list, siginfo.
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/osdata.hpp"
#include "rsp/xml_escape.hpp"
#include "target/process_launcher.hpp"

namespace rsp {
namespace {

using Document = target::Result<std::string>;

Document no_process() {
    return target::make_error(ESRCH, "no process");
}

Document features_document(Context& ctx, std::string_view annex) {
    auto pid = ctx.current_pid();
    if (!pid) return no_process();
    auto file = ctx.target.description(*pid).file(annex);
    if (!file) return target::make_error(ENOENT, fmt::format("no feature file '{}'", annex));
    return std::string(*file);
}

// auxv, threads and siginfo name no annex: one given is a malformed request.
Document no_annex(std::string_view annex) {
    return target::make_error(EINVAL, fmt::format("unexpected annex '{}'", annex.substr(0, 64)));
}

Document threads_document(Context& ctx, std::string_view annex) {
    if (!annex.empty()) return no_annex(annex);
    std::string xml = "<?xml version=\"1.0\"?>\n<threads>\n";
    for (int pid : ctx.target.processes())
        for (const auto& thread : ctx.target.threads(pid)) {
            xml += fmt::format("<thread id=\"{}\"",
                               format_thread_id(thread.id, ctx.features.multiprocess));
            if (thread.core >= 0) xml += fmt::format(" core=\"{}\"", thread.core);
            if (!thread.name.empty()) xml += fmt::format(" name=\"{}\"", xml_escape(thread.name));
            xml += "/>\n";
        }
    return xml + "</threads>\n";
}

// The pid an annex names (exec-file takes one), or the current process.
std::optional<int> annex_pid(Context& ctx, std::string_view annex) {
    if (annex.empty()) return ctx.current_pid();
    auto pid = parse_hex(annex);
    if (!pid || *pid > 0x7fffffff) return std::nullopt;
    return static_cast<int>(*pid);
}

Document exec_file_document(Context& ctx, std::string_view annex) {
    auto pid = annex_pid(ctx, annex);
    return pid ? ctx.target.exec_file(*pid) : no_process();
}

Document auxv_document(Context& ctx, std::string_view annex) {
    if (!annex.empty()) return no_annex(annex);
    auto pid = ctx.current_pid();
    return pid ? ctx.target.auxv(*pid) : no_process();
}

// LLDB (16) takes main-lm for the address of the pointer to r_debug (its "image info
// address") rather than for the main program's link_map, as gdb defines it, and then reads
// its dynamic loader's state from garbage: libraries loaded later are never seen. Without it,
// LLDB finds r_debug through DT_DEBUG, as it does with lldb-server.
void drop_main_lm(std::string& xml) {
    constexpr std::string_view key = " main-lm=\"";
    auto at = xml.find(key);
    if (at == std::string::npos) return;
    auto end = xml.find('"', at + key.size());
    if (end != std::string::npos) xml.erase(at, end + 1 - at);
}

Document libraries_document(Context& ctx, std::string_view) {
    auto pid = ctx.current_pid();
    if (!pid) return no_process();
    auto xml = ctx.target.libraries_svr4(*pid);
    if (xml && ctx.features.lldb_stop_keys()) drop_main_lm(*xml);
    return xml;
}

Document siginfo_document(Context& ctx, std::string_view annex) {
    if (!annex.empty()) return no_annex(annex);
    auto thread = ctx.general();
    return thread ? ctx.target.siginfo(*thread) : no_process();
}

// The host's processes (annex "processes") or the list of what we offer (annex "").
Document osdata_document(Context& ctx, std::string_view annex) {
    auto* launcher = ctx.target.launcher();
    if (!launcher) return target::make_error(ENOSYS, "no process list on this target");
    if (annex.empty()) return osdata_types();
    if (annex != "processes")
        return target::make_error(ENOENT, fmt::format("no osdata '{}'", annex));
    auto processes = launcher->host_processes();
    if (!processes) return processes.error();
    return osdata_processes(*processes);
}

// One chunk: 'm' + data when more follows, 'l' + data for the last one.
std::string chunk_reply(const std::string& document, std::uint64_t offset, std::uint64_t length) {
    if (offset >= document.size()) return "l";
    constexpr std::uint64_t max_chunk = (max_packet_size - 16) / 2; // escaping may double it
    auto size = std::min({length, max_chunk, document.size() - offset});
    std::string reply(1, offset + size < document.size() ? 'm' : 'l');
    // Raw bytes: Framer::encode escapes $ # } * in every reply, as binary data needs.
    reply.append(document, offset, size);
    return reply;
}

using Generator = Document (*)(Context&, std::string_view annex);

// Parses "ANNEX:OFFSET,LENGTH"; generates the document at offset 0 and serves the later
// chunks from the cache so that a multi-chunk read sees one consistent document.
Reply serve(Context& ctx, std::string_view object, std::string_view args, Generator generate) {
    auto colon = args.rfind(':');
    if (colon == std::string_view::npos) return ctx.error_reply(EINVAL, "qXfer: malformed");
    auto annex = args.substr(0, colon);
    auto range = parse_addr_length(args.substr(colon + 1));
    if (!range) return ctx.error_reply(EINVAL, "qXfer: malformed offset/length");
    auto cached = ctx.xfer_cache.find(object);
    if (range->addr == 0 || cached == ctx.xfer_cache.end() || cached->second.annex != annex) {
        auto document = generate(ctx, annex);
        if (!document) return ctx.error_reply(document.error());
        cached = ctx.xfer_cache
                     .insert_or_assign(std::string(object),
                                       Context::XferDocument{std::string(annex), std::move(*document)})
                     .first;
    }
    return chunk_reply(cached->second.text, range->addr, range->length);
}

Reply handle_features(Context& ctx, std::string_view a) {
    return serve(ctx, "features", a, features_document);
}
Reply handle_threads(Context& ctx, std::string_view a) {
    return serve(ctx, "threads", a, threads_document);
}
Reply handle_exec_file(Context& ctx, std::string_view a) {
    return serve(ctx, "exec-file", a, exec_file_document);
}
Reply handle_auxv(Context& ctx, std::string_view a) {
    return serve(ctx, "auxv", a, auxv_document);
}
Reply handle_libraries(Context& ctx, std::string_view a) {
    return serve(ctx, "libraries-svr4", a, libraries_document);
}
Reply handle_siginfo(Context& ctx, std::string_view a) {
    return serve(ctx, "siginfo", a, siginfo_document);
}
Reply handle_osdata(Context& ctx, std::string_view a) {
    return serve(ctx, "osdata", a, osdata_document);
}

// Packet: qXfer:siginfo:write:ANNEX:OFFSET:DATA (binary, escaped; no annex)
// Reply: how many bytes were written, hex. gdb's `set $_siginfo.FIELD = V` writes the whole
// siginfo back; the signal the thread is then resumed with carries it.
Reply handle_siginfo_write(Context& ctx, std::string_view args) {
    auto first = args.find(':');
    auto second = first == std::string_view::npos ? first : args.find(':', first + 1);
    if (second == std::string_view::npos) return ctx.error_reply(EINVAL, "qXfer:siginfo:write: malformed");
    if (first != 0) return ctx.error_reply(EINVAL, "qXfer:siginfo:write: siginfo takes no annex");
    auto offset = parse_hex(args.substr(first + 1, second - first - 1));
    auto data = unescape_binary(args.substr(second + 1));
    if (!offset || !data) return ctx.error_reply(EINVAL, "qXfer:siginfo:write: malformed");
    auto thread = ctx.general();
    if (!thread) return ctx.error_reply(no_process().error());
    auto written = ctx.target.write_siginfo(*thread, *offset, *data);
    if (!written) return ctx.error_reply(written.error());
    ctx.xfer_cache.erase("siginfo"); // the next read shows what was written
    return fmt::format("{:x}", *written);
}

} // namespace

HandlerFamily xfer_handlers() {
    return {{
                {"qXfer:features:read:", handle_features},
                {"qXfer:threads:read:", handle_threads},
                {"qXfer:exec-file:read:", handle_exec_file},
                {"qXfer:auxv:read:", handle_auxv},
                {"qXfer:libraries-svr4:read:", handle_libraries},
                {"qXfer:siginfo:read:", handle_siginfo},
                {"qXfer:siginfo:write:", handle_siginfo_write},
                {"qXfer:osdata:read:", handle_osdata},
            },
            {"qXfer:features:read+", "qXfer:auxv:read+", "qXfer:exec-file:read+",
             "qXfer:threads:read+", "qXfer:libraries-svr4:read+", "qXfer:siginfo:read+",
             "qXfer:siginfo:write+", "qXfer:osdata:read+"}};
}

} // namespace rsp
