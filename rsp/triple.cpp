#include "rsp/triple.hpp"

namespace rsp {
namespace {

// gdb's BFD architecture names -> the triple's first part.
std::string triple_arch(std::string_view architecture) {
    if (architecture == "i386:x86-64") return "x86_64";
    if (architecture == "i386") return "i386";
    if (architecture == "aarch64") return "aarch64";
    return std::string(architecture);
}

} // namespace

std::string target_triple(const arch::Description& desc) {
    std::string arch = triple_arch(desc.architecture());
    std::string vendor = arch == "x86_64" || arch == "i386" ? "pc" : "unknown";
    if (desc.osabi() == "GNU/Linux") return arch + "-" + vendor + "-linux-gnu";
    return arch + "-" + vendor + "-unknown";
}

std::size_t pointer_size(const arch::Description& desc) {
    return desc.pc() ? desc.pc()->size() : 8;
}

} // namespace rsp
