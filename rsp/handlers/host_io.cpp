// vFile: the client's file access on rspd's machine (GDB manual, "Host I/O Packets"; LLDB's
// extra vFile:size/mode/exists/MD5, lldbgdbremote.md). Replies are "F result[,errno][;data]".
// What may be opened is the target's policy (target::HostIo): refusals come back as EACCES.
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "rsp/host_io_codec.hpp"

namespace rsp {
namespace {

using Files = target::HostIo;

std::string f_error(const target::Error& e) {
    return fmt::format("F-1,{:x}", protocol_errno(e.code));
}

std::string f_ok(std::uint64_t result) {
    return "F" + hex_number(result);
}

// "F<size>;<bytes>": pread, fstat, readlink. Raw: Framer::encode escapes every reply.
std::string f_data(std::span<const std::uint8_t> bytes) {
    std::string out = f_ok(bytes.size()) + ';';
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return out;
}

// The numbers of "a,b,c" (hex); nullopt if there are not exactly n or one is malformed.
std::optional<std::vector<std::uint64_t>> numbers(std::string_view args, std::size_t n) {
    auto fields = split(args, ',');
    if (fields.size() != n) return std::nullopt;
    std::vector<std::uint64_t> out;
    for (auto f : fields) {
        auto v = parse_hex(f);
        if (!v) return std::nullopt;
        out.push_back(*v);
    }
    return out;
}

std::optional<int> fd_of(std::uint64_t value) {
    if (value > 0x7fffffff) return std::nullopt;
    return static_cast<int>(value);
}

// Each operation gets the target's files and the text after "vFile:op:".
using Operation = std::string (*)(Context& ctx, Files& files, std::string_view args);

// vFile:open:HEX(PATH),FLAGS,MODE -> F fd
std::string op_open(Context& ctx, Files& files, std::string_view args) {
    auto first = args.find(',');
    auto path = from_hex_text(args.substr(0, first));
    auto rest = first == std::string_view::npos ? std::nullopt : numbers(args.substr(first + 1), 2);
    if (!path || !rest) return f_error({EINVAL, "vFile:open: malformed"});
    auto flags = parse_open_flags((*rest)[0], ctx.features.client_is_lldb);
    if (!flags) return f_error({EINVAL, "vFile:open: unknown flags"});
    auto fd = files.open(*path, *flags, static_cast<unsigned>((*rest)[1] & 07777));
    return fd ? f_ok(static_cast<std::uint64_t>(*fd)) : f_error(fd.error());
}

// vFile:close:FD -> F0
std::string op_close(Context&, Files& files, std::string_view args) {
    auto n = numbers(args, 1);
    auto fd = n ? fd_of((*n)[0]) : std::nullopt;
    if (!fd) return f_error({EINVAL, "vFile:close: malformed"});
    auto done = files.close(*fd);
    return done ? f_ok(0) : f_error(done.error());
}

// vFile:pread:FD,COUNT,OFFSET -> F count;data (at most what fits a packet once escaped)
std::string op_pread(Context&, Files& files, std::string_view args) {
    auto n = numbers(args, 3);
    auto fd = n ? fd_of((*n)[0]) : std::nullopt;
    if (!fd) return f_error({EINVAL, "vFile:pread: malformed"});
    constexpr std::uint64_t max_count = (max_packet_size - 32) / 2;
    std::vector<std::uint8_t> buf(std::min((*n)[1], max_count));
    auto got = files.pread(*fd, buf, (*n)[2]);
    if (!got) return f_error(got.error());
    return f_data(std::span(buf).first(*got));
}

// vFile:pwrite:FD,OFFSET,DATA (escaped binary) -> F count
std::string op_pwrite(Context&, Files& files, std::string_view args) {
    auto first = args.find(',');
    auto second = first == std::string_view::npos ? first : args.find(',', first + 1);
    if (second == std::string_view::npos) return f_error({EINVAL, "vFile:pwrite: malformed"});
    auto n = numbers(args.substr(0, second), 2);
    auto fd = n ? fd_of((*n)[0]) : std::nullopt;
    auto data = unescape_binary(args.substr(second + 1));
    if (!fd || !data) return f_error({EINVAL, "vFile:pwrite: malformed"});
    auto put = files.pwrite(*fd, *data, (*n)[1]);
    return put ? f_ok(*put) : f_error(put.error());
}

std::string stat_reply(const target::Result<target::FileStat>& st) {
    if (!st) return f_error(st.error());
    auto bytes = pack_stat(*st);
    return f_data(bytes);
}

// vFile:fstat:FD -> F 40;<struct stat>
std::string op_fstat(Context&, Files& files, std::string_view args) {
    auto n = numbers(args, 1);
    auto fd = n ? fd_of((*n)[0]) : std::nullopt;
    if (!fd) return f_error({EINVAL, "vFile:fstat: malformed"});
    return stat_reply(files.fstat(*fd));
}

// vFile:stat:HEX(PATH) -> F 40;<struct stat> (gdb 15 and later)
std::string op_stat(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return f_error({EINVAL, "vFile:stat: malformed"});
    return stat_reply(files.stat(*path));
}

// vFile:unlink:HEX(PATH) -> F0
std::string op_unlink(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return f_error({EINVAL, "vFile:unlink: malformed"});
    auto done = files.unlink(*path);
    return done ? f_ok(0) : f_error(done.error());
}

// vFile:readlink:HEX(PATH) -> F len;target
std::string op_readlink(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return f_error({EINVAL, "vFile:readlink: malformed"});
    auto link = files.readlink(*path);
    if (!link) return f_error(link.error());
    return f_data({reinterpret_cast<const std::uint8_t*>(link->data()), link->size()});
}

// vFile:setfs:PID -> F0. Later paths are in PID's mount namespace; 0 is rspd's own.
std::string op_setfs(Context&, Files& files, std::string_view args) {
    auto n = numbers(args, 1);
    auto pid = n ? fd_of((*n)[0]) : std::nullopt;
    if (!pid) return f_error({EINVAL, "vFile:setfs: malformed"});
    auto done = files.set_filesystem(*pid);
    return done ? f_ok(0) : f_error(done.error());
}

// LLDB: vFile:size:HEX(PATH) -> F size
std::string op_size(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return f_error({EINVAL, "vFile:size: malformed"});
    auto st = files.stat(*path);
    return st ? f_ok(st->size) : f_error(st.error());
}

// LLDB: vFile:mode:HEX(PATH) -> F permissions (0755 -> F1ed)
std::string op_mode(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return f_error({EINVAL, "vFile:mode: malformed"});
    auto st = files.stat(*path);
    return st ? f_ok(st->mode & 07777) : f_error(st.error());
}

// LLDB: vFile:exists:HEX(PATH) -> F,1 or F,0
std::string op_exists(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return f_error({EINVAL, "vFile:exists: malformed"});
    return files.stat(*path) ? "F,1" : "F,0";
}

// LLDB: vFile:MD5:HEX(PATH) -> F,<digest as 32 hex digits> or F,x. lldb-server prints
// MD5Result's low() and high() words with its little-endian PutHex64: the digest's bytes
// in order.
std::string op_md5(Context&, Files& files, std::string_view args) {
    auto path = from_hex_text(args);
    if (!path) return "F,x";
    auto digest = files.md5(*path);
    return digest ? "F," + to_hex(std::span<const std::uint8_t>(*digest)) : "F,x";
}

// Packet: vFile:OPERATION:ARGS   Reply: F..., or empty without host files. An operation we
// do not know matches no entry and gets the empty reply, as the manual asks.
template <Operation op> Reply vfile(Context& ctx, std::string_view args) {
    auto* files = ctx.target.host_io();
    if (!files) return std::string{};
    return op(ctx, *files, args);
}

} // namespace

HandlerFamily host_io_handlers() {
    return {{
                {"vFile:open:", vfile<op_open>},
                {"vFile:close:", vfile<op_close>},
                {"vFile:pread:", vfile<op_pread>},
                {"vFile:pwrite:", vfile<op_pwrite>},
                {"vFile:fstat:", vfile<op_fstat>},
                {"vFile:stat:", vfile<op_stat>},
                {"vFile:unlink:", vfile<op_unlink>},
                {"vFile:readlink:", vfile<op_readlink>},
                {"vFile:setfs:", vfile<op_setfs>},
                // LLDB's
                {"vFile:size:", vfile<op_size>},
                {"vFile:mode:", vfile<op_mode>},
                {"vFile:exists:", vfile<op_exists>},
                {"vFile:MD5:", vfile<op_md5>},
            },
            {}};
}

} // namespace rsp
