#pragma once
// An ELF file's GNU build id (the NT_GNU_BUILD_ID note the linker writes), which LLDB uses as
// a module's UUID to match it with its debug information (qModuleInfo, jModulesInfo).
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "target/capabilities.hpp"

namespace target::linux {

// Reads up to out.size() bytes at a file offset; returns how many it read.
using FileReader = std::function<Result<std::size_t>(std::uint64_t offset, std::span<std::uint8_t> out)>;

// The build id from the PT_NOTE segments of a 32- or 64-bit little-endian ELF file; empty when
// it has none; an error when the file is not ELF.
Result<std::vector<std::uint8_t>> elf_build_id(const FileReader& read);

// The path's size and build id.
Result<ModuleFile> read_module_file(std::string_view path);

} // namespace target::linux
