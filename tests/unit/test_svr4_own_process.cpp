// qXfer:libraries-svr4:read over this test process's own memory: the list must match what the
// dynamic linker itself says (dlopen handles, dl_iterate_phdr, a dlmopen namespace).
#include <boost/test/unit_test.hpp>

#include <dlfcn.h>
#include <link.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "target/linux/svr4.hpp"

using target::linux::read_svr4_library_list;

namespace {

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

target::Result<std::size_t> read_own_memory(std::uint64_t addr, std::span<std::uint8_t> out) {
    iovec local{out.data(), out.size()};
    iovec remote{reinterpret_cast<void*>(addr), out.size()};
    auto n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    if (n <= 0) return target::make_error(n < 0 ? errno : EIO, std::strerror(errno));
    return static_cast<std::size_t>(n);
}

std::string hex(const void* p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%lx", reinterpret_cast<unsigned long>(p));
    return buf;
}

int collect_name(dl_phdr_info* info, std::size_t, void* names) {
    if (info->dlpi_name && info->dlpi_name[0])
        static_cast<std::set<std::string>*>(names)->insert(info->dlpi_name);
    return 0;
}

std::string own_list() {
    auto r = read_svr4_library_list(getpid(), read_own_memory, read_file("/proc/self/auxv"));
    BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return r.value();
}

struct Listed {
    std::string name, lm, lmid;
};

std::vector<Listed> parse_libraries(const std::string& xml) {
    std::regex library(R"re(<library name="([^"]*)" lm="(0x[0-9a-f]+)" l_addr="0x[0-9a-f]+")re"
                       R"re( l_ld="0x[0-9a-f]+" lmid="(0x[0-9a-f]+)"/>)re");
    std::vector<Listed> out;
    for (std::sregex_iterator it(xml.begin(), xml.end(), library), end; it != end; ++it)
        out.push_back({(*it)[1], (*it)[2], (*it)[3]});
    return out;
}

// The r_debug ld.so stored in our DT_DEBUG. (Not &_r_debug: in a PIE that names a
// copy-relocated snapshot, not ld.so's object.)
const void* own_r_debug() {
    for (const ElfW(Dyn)* d = _DYNAMIC; d->d_tag != DT_NULL; ++d)
        if (d->d_tag == DT_DEBUG) return reinterpret_cast<const void*>(d->d_un.d_ptr);
    return nullptr;
}

// glibc's dlopen handles are link_map addresses.
std::string link_map_of(const char* name) {
    void* handle = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
    if (handle) dlclose(handle);
    return hex(handle);
}

} // namespace

BOOST_AUTO_TEST_SUITE(svr4)

BOOST_AUTO_TEST_CASE(own_process_link_maps_match_the_dynamic_linker) {
    auto xml = own_list();
    BOOST_TEST_MESSAGE("own library list: " << xml);
    BOOST_TEST(xml.starts_with(R"(<library-list-svr4 version="1.0" main-lm=")" +
                               link_map_of(nullptr) + "\">"));
    auto libraries = parse_libraries(xml);
    BOOST_TEST_REQUIRE(!libraries.empty());
    for (const auto& lib : libraries)
        BOOST_TEST(lib.lmid == hex(own_r_debug()));
    auto libc = std::find_if(libraries.begin(), libraries.end(),
                             [](auto& lib) { return lib.name.ends_with("/libc.so.6"); });
    BOOST_TEST_REQUIRE((libc != libraries.end()));
    BOOST_TEST(libc->lm == link_map_of("libc.so.6"));
}

BOOST_AUTO_TEST_CASE(own_process_lists_libc_and_boost) {
    // The same names dl_iterate_phdr gives the process itself: libc, and, with Boost.Test
    // linked as a shared library, libboost_unit_test_framework.
    std::set<std::string> expected, listed;
    dl_iterate_phdr(collect_name, &expected);
    for (const auto& lib : parse_libraries(own_list()))
        listed.insert(lib.name);
    BOOST_TEST(listed == expected, boost::test_tools::per_element());
    auto names = [&](std::string_view part) {
        return std::any_of(listed.begin(), listed.end(),
                           [&](auto& n) { return n.find(part) != std::string::npos; });
    };
    BOOST_TEST(names("/libc.so.6"));
    auto boost_shared = std::any_of(expected.begin(), expected.end(), [](auto& n) {
        return n.find("libboost") != std::string::npos;
    });
    BOOST_TEST(names("libboost") == boost_shared);
    if (!boost_shared) BOOST_TEST_MESSAGE("Boost.Test is linked statically: no libboost to list");
}

BOOST_AUTO_TEST_CASE(own_process_dlmopen_namespace_has_its_own_lmid) {
    void* handle = dlmopen(LM_ID_NEWLM, "libm.so.6", RTLD_LAZY);
    BOOST_TEST_REQUIRE(handle != nullptr);
    auto libraries = parse_libraries(own_list());
    auto in_new_namespace = std::find_if(libraries.begin(), libraries.end(),
                                         [&](auto& lib) { return lib.lm == hex(handle); });
    BOOST_TEST_REQUIRE((in_new_namespace != libraries.end()));
    BOOST_TEST(in_new_namespace->name.ends_with("/libm.so.6"));
    BOOST_TEST(in_new_namespace->lmid != hex(own_r_debug()));
    dlclose(handle);
}

BOOST_AUTO_TEST_SUITE_END()
