#pragma once
// The numbers of the File-I/O protocol (GDB manual, "File-I/O Remote Protocol Extension",
// "Constants") that vFile packets carry, and their translation. LLDB's vFile:open flags are
// gdb's in the low bits plus extensions in the high ones (lldbgdbremote.md "vFile:open",
// LLDB's File.h OpenOptions); its errno values are gdb's.
#include <array>
#include <cstdint>
#include <optional>

#include "target/host_io.hpp"

namespace rsp {

// The client's vFile:open flags; nullopt for a bit its dialect does not define.
std::optional<target::OpenFlags> parse_open_flags(std::uint64_t flags, bool lldb);
// Host errno -> the protocol's errno ("Errno Values"): mostly the same numbers, but
// ENAMETOOLONG is 91 and anything unlisted EUNKNOWN (9999).
int protocol_errno(int host_errno);
// Host st_mode -> the protocol's mode_t: S_IFREG / S_IFDIR and the permission bits.
std::uint32_t protocol_mode(std::uint64_t host_mode);
// The protocol's struct stat: 64 bytes, big-endian, times and small fields as 32 bits.
std::array<std::uint8_t, 64> pack_stat(const target::FileStat& st);

} // namespace rsp
