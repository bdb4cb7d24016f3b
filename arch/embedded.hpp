#pragma once
// XML files compiled into the binary by arch/embed_files.cmake (one table per architecture
// folder), so rspd needs no data files at run time.
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace arch {

struct EmbeddedFile {
    std::string_view name; // "target.xml", as the client asks for it in qXfer:features:read
    std::string_view text;
};

inline std::map<std::string, std::string> to_file_map(std::span<const EmbeddedFile> files) {
    std::map<std::string, std::string> out;
    for (const auto& f : files)
        out.emplace(std::string(f.name), std::string(f.text));
    return out;
}

} // namespace arch
