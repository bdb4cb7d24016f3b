#include "rsp/tls_address.hpp"

#include <cerrno>

namespace rsp {
namespace {

// x86-64 glibc ABI: tcbhead_t starts {void* tcb; dtv_t* dtv; ...} at the thread pointer, and
// a dtv_t is {void* val; void* to_free}; entry 0 is the generation, entry N module N's block.
constexpr std::uint64_t dtv_field = 8;
constexpr std::uint64_t dtv_entry_size = 16;
constexpr std::uint64_t unallocated = ~std::uint64_t{0}; // glibc's TLS_DTV_UNALLOCATED
constexpr std::uint64_t max_modules = 1u << 20;          // a sanity bound, not glibc's

} // namespace

target::Result<std::uint64_t> tls_address(const TlsRequest& request, const ReadWord& read_word) {
    // Descriptor words: {bits, count} then {byte offset, next descriptor's bits}.
    auto descriptor = read_word(request.modid_descriptor);
    if (!descriptor) return descriptor.error();
    auto field_offset = read_word(request.modid_descriptor + 8);
    if (!field_offset) return field_offset.error();
    if ((*descriptor & 0xffffffff) != 64)
        return target::make_error(EINVAL, "l_tls_modid is not a 64-bit field");
    auto modid = read_word(request.link_map + (*field_offset & 0xffffffff));
    if (!modid) return modid.error();
    if (*modid == 0 || *modid > max_modules)
        return target::make_error(EINVAL, "the module has no thread-local storage");
    auto dtv = read_word(request.thread_pointer + dtv_field);
    if (!dtv) return dtv.error();
    auto block = read_word(*dtv + *modid * dtv_entry_size);
    if (!block) return block.error();
    if (*block == unallocated || *block == 0)
        return target::make_error(ENOENT, "the thread has not allocated this module's TLS yet");
    return *block + request.offset;
}

} // namespace rsp
