// LLDB's questions about executable files on the target's side: qModuleInfo (one file) and
// jModulesInfo (a list): the file's UUID (its ELF build id), triple and size, which LLDB
// matches against its local copies and debug information.
#include <sstream>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <fmt/core.h>

#include "rsp/codec.hpp"
#include "rsp/dispatcher.hpp"
#include "target/capabilities.hpp"
#include "rsp/json.hpp"
#include "rsp/triple.hpp"

namespace rsp {
namespace {

// More files than this in one jModulesInfo is not a debugger asking.
constexpr std::size_t max_modules = 4096;

// The build id as LLDB writes UUIDs: upper-case hex, no dashes.
std::string uuid_text(const std::vector<std::uint8_t>& build_id) {
    std::string out;
    for (auto byte : build_id) out += fmt::format("{:02X}", byte);
    return out;
}

std::string triple(const Context& ctx) {
    return target_triple(ctx.target.description(ctx.current_pid().value_or(0)));
}

// Packet: qModuleInfo:HEX-PATH;HEX-TRIPLE   Reply: uuid:HEX;triple:HEX;file_offset:HEX;
// file_size:HEX;file_path:HEX; (the uuid, triple and path hex-encoded text), or E.
Reply handle_module_info(Context& ctx, std::string_view args) {
    auto* files = ctx.target.module_files();
    if (!files) return std::string{};
    auto fields = split(args, ';');
    auto path = from_hex_text(fields[0]);
    if (!path || path->empty() || fields.size() != 2)
        return ctx.error_reply(EINVAL, "qModuleInfo: malformed");
    auto module = files->module_file(*path);
    if (!module) return ctx.error_reply(module.error());
    std::string out;
    if (!module->build_id.empty()) out += fmt::format("uuid:{};", to_hex(uuid_text(module->build_id)));
    return out + fmt::format("triple:{};file_offset:0;file_size:{:x};file_path:{};",
                             to_hex(triple(ctx)), module->size, to_hex(module->path));
}

std::string module_json(const Context& ctx, const target::ModuleFile& module) {
    std::string out = "{";
    if (!module.build_id.empty()) out += fmt::format("\"uuid\":\"{}\",", uuid_text(module.build_id));
    return out + fmt::format("\"triple\":{},\"file_path\":{},\"file_offset\":0,\"file_size\":{}}}",
                             json_string(triple(ctx)), json_string(module.path), module.size);
}

// The "file" of each object in the client's JSON array; nullopt if it is not such an array.
std::optional<std::vector<std::string>> requested_files(std::string_view json) {
    namespace pt = boost::property_tree;
    try {
        std::istringstream in{std::string(json)};
        pt::ptree tree;
        pt::read_json(in, tree);
        std::vector<std::string> files;
        for (const auto& [key, entry] : tree) {
            if (!key.empty() || files.size() >= max_modules) return std::nullopt;
            files.push_back(entry.get<std::string>("file"));
        }
        return files;
    } catch (const std::exception&) { // malformed JSON, no "file": an error reply, never a throw
        return std::nullopt;
    }
}

// Packet: jModulesInfo:[{"file":"PATH","triple":"TRIPLE"},...]   Reply: a JSON array with one
// object per file found (uuid, triple, file_path, file_offset, file_size); missing files are
// left out.
Reply handle_modules_info(Context& ctx, std::string_view args) {
    auto* files = ctx.target.module_files();
    if (!files) return std::string{};
    auto json = unescape_binary(args);
    auto requested = json ? requested_files({reinterpret_cast<const char*>(json->data()), json->size()})
                          : std::nullopt;
    if (!requested) return ctx.error_reply(EINVAL, "jModulesInfo: malformed");
    std::string out = "[";
    for (const auto& path : *requested) {
        auto module = files->module_file(path);
        if (!module) continue;
        if (out.size() > 1) out += ',';
        out += module_json(ctx, *module);
    }
    return out + ']';
}

} // namespace

HandlerFamily module_handlers() {
    return {{
                {"qModuleInfo:", handle_module_info},
                {"jModulesInfo:", handle_modules_info},
            },
            {}};
}

} // namespace rsp
