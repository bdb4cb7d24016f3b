#pragma once
// What /proc/PID/maps and /proc/PID/status say, parsed: the address space for LLDB's
// qMemoryRegionInfo and qFileLoadAddress, and the ids for qProcessInfo. Parsers are pure
// (text in, values out) so they are unit-tested without a process.
#include <optional>
#include <string_view>
#include <vector>

#include <cstdint>

#include "target/capabilities.hpp"

namespace target::linux {

// One line of a maps file: "START-END PERMS OFFSET MAJOR:MINOR INODE [PATH]" (all hex but
// the inode; the path may hold spaces).
struct MapsLine {
    MemoryRegion region; // range, permissions, file offset, path
    std::uint64_t dev_major = 0, dev_minor = 0, inode = 0;
};
std::optional<MapsLine> parse_maps_line(std::string_view line);
// Every line as a region; an error names the first malformed one.
Result<std::vector<MemoryRegion>> parse_memory_map(std::string_view text);
Result<std::vector<MemoryRegion>> read_memory_map(int pid);

// PPid:, Uid: and Gid: (real, effective, ...) of a status file.
Result<ProcessInfo> parse_status(int pid, std::string_view text);
Result<ProcessInfo> read_process_info(int pid);

} // namespace target::linux
