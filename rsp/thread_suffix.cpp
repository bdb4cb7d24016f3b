#include "rsp/thread_suffix.hpp"

namespace rsp {

std::optional<ThreadSuffix> split_thread_suffix(std::string_view args) {
    constexpr std::string_view key = ";thread:";
    auto at = args.find(key);
    if (at == std::string_view::npos) return ThreadSuffix{args, std::nullopt};
    auto id_text = args.substr(at + key.size());
    if (id_text.ends_with(';')) id_text.remove_suffix(1);
    auto id = parse_thread_id(id_text);
    if (!id) return std::nullopt;
    return ThreadSuffix{args.substr(0, at), *id};
}

} // namespace rsp
