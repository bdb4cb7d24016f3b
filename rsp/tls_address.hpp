#pragma once
// Where a thread's thread-local variable lives, as glibc lays TLS out on x86-64, for
// qGetTLSAddr. gdb gives the variable's offset in its module's TLS block and the module's
// link_map; the module's TLS id sits in a private field of that link_map, whose offset glibc
// publishes for libthread_db as the descriptor _thread_db_link_map_l_tls_modid (in libc, three
// uint32s: field bits, count, byte offset), which gdb looks up for us (qSymbol).
// Pure: memory is read through a function, so the walk is testable without a process.
#include <cstdint>
#include <functional>

#include "target/result.hpp"

namespace rsp {

// Reads the 8 little-endian bytes at an address of the inferior.
using ReadWord = std::function<target::Result<std::uint64_t>(std::uint64_t addr)>;

struct TlsRequest {
    std::uint64_t thread_pointer = 0; // the thread's fs_base
    std::uint64_t modid_descriptor = 0; // address of _thread_db_link_map_l_tls_modid
    std::uint64_t link_map = 0;       // the module's, as gdb sends it
    std::uint64_t offset = 0;         // the variable's offset in the module's block
};

// thread pointer -> tcbhead_t.dtv (second word) -> dtv[modid].val (16-byte entries) + offset.
// ENOENT when the block is not allocated yet (a dlopen'ed module this thread never touched).
target::Result<std::uint64_t> tls_address(const TlsRequest& request, const ReadWord& read_word);

} // namespace rsp
