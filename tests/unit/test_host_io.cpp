// Host I/O pieces: the File-I/O protocol's flags, errno values and struct stat; the
// confinement policy's maps parser and decisions; MD5 against RFC 1321's test suite.
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <string>

#include "rsp/codec.hpp"
#include "rsp/host_io_codec.hpp"
#include "target/linux/hostio_policy.hpp"
#include "target/linux/md5.hpp"

using target::OpenFlags;
using target::linux::FileIdentity;
using target::linux::parse_maps;
using target::linux::path_is_under;
using target::linux::is_inferior_proc_link;
using target::linux::ReadPolicy;

BOOST_AUTO_TEST_SUITE(host_io)

BOOST_AUTO_TEST_CASE(gdb_open_flags) {
    auto read = rsp::parse_open_flags(0, false);
    BOOST_TEST((read->access == OpenFlags::Access::read));
    BOOST_TEST(!read->writes());
    auto create = rsp::parse_open_flags(0x1 | 0x200 | 0x400, false);
    BOOST_TEST((create->access == OpenFlags::Access::write));
    BOOST_TEST(create->create);
    BOOST_TEST(create->truncate);
    BOOST_TEST(create->writes());
    auto rw = rsp::parse_open_flags(0x2 | 0x8 | 0x800, false);
    BOOST_TEST((rw->access == OpenFlags::Access::read_write));
    BOOST_TEST(rw->append);
    BOOST_TEST(rw->exclusive);
    BOOST_TEST(!rsp::parse_open_flags(0x3, false).has_value());
    BOOST_TEST(!rsp::parse_open_flags(0x4, false).has_value());
    BOOST_TEST(!rsp::parse_open_flags(1u << 30, false).has_value());
}

BOOST_AUTO_TEST_CASE(lldb_open_flags_add_high_bits) {
    auto f = rsp::parse_open_flags((1u << 28) | (1u << 29) | (1u << 30), true);
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->nonblocking);
    BOOST_TEST(f->no_follow);
    BOOST_TEST(f->close_on_exec);
    BOOST_TEST((f->access == OpenFlags::Access::read));
    BOOST_TEST(!rsp::parse_open_flags(1u << 31, true).has_value()); // eOpenOptionInvalid
}

BOOST_AUTO_TEST_CASE(errno_values) {
    BOOST_TEST(rsp::protocol_errno(ENOENT) == 2);
    BOOST_TEST(rsp::protocol_errno(EACCES) == 13);
    BOOST_TEST(rsp::protocol_errno(EROFS) == 30);
    BOOST_TEST(rsp::protocol_errno(ENAMETOOLONG) == 91);
    BOOST_TEST(rsp::protocol_errno(ELOOP) == 9999);
}

BOOST_AUTO_TEST_CASE(mode_keeps_regular_and_directory_types_only) {
    BOOST_TEST(rsp::protocol_mode(0100644) == 0100644u);
    BOOST_TEST(rsp::protocol_mode(0040755) == 0040755u);
    BOOST_TEST(rsp::protocol_mode(0120777) == 0777u); // a symlink: no type the protocol names
    BOOST_TEST(rsp::protocol_mode(0104755) == 0100755u); // setuid is not in the protocol
}

BOOST_AUTO_TEST_CASE(stat_is_64_big_endian_bytes) {
    target::FileStat st;
    st.dev = 0x0102;
    st.ino = 0x0304;
    st.mode = 0100644;
    st.nlink = 1;
    st.uid = 1000;
    st.gid = 0x1'0000'0000; // clamped to 32 bits
    st.size = 0x0102030405060708;
    st.blksize = 4096;
    st.blocks = 8;
    st.atime = -5; // before 1970: 0
    st.mtime = 0x11223344;
    st.ctime = 0x55667788;
    auto b = rsp::pack_stat(st);
    BOOST_TEST(rsp::to_hex(b) ==
               "00000102" "00000304" "000081a4" "00000001" "000003e8" "ffffffff" "00000000"
               "0102030405060708" "0000000000001000" "0000000000000008"
               "00000000" "11223344" "55667788");
}

BOOST_AUTO_TEST_CASE(maps_lines) {
    auto files = parse_maps(
        "555555554000-555555555000 r--p 00000000 fe:00 10986775                   /tmp/obs/args\n"
        "7ffff7dd0000-7ffff7dd3000 rw-p 00000000 00:00 0 \n"
        "7ffff7fc1000-7ffff7fc5000 r--p 00000000 00:00 0                          [vvar]\n"
        "7ffff7fc5000-7ffff7fc7000 r-xp 00000000 103:02 42                        /lib/x86_64-linux-gnu/lib with space.so\n"
        "7ffff7fc9000-7ffff7fca000 r--p 00000000 08:01 77                         /gone (deleted)\n"
        "garbage line\n");
    BOOST_REQUIRE_EQUAL(files.size(), 3u);
    BOOST_TEST(files[0].path == "/tmp/obs/args");
    BOOST_TEST(files[0].id.dev == 0xfe00u); // makedev(0xfe, 0)
    BOOST_TEST(files[0].id.ino == 10986775u);
    BOOST_TEST(files[1].path == "/lib/x86_64-linux-gnu/lib with space.so");
    BOOST_TEST(files[1].id.dev == 0x10302u); // makedev(0x103, 2)
    BOOST_TEST(files[2].path == "/gone (deleted)");
}

BOOST_AUTO_TEST_CASE(trees_and_identities) {
    BOOST_TEST(path_is_under("/usr/lib/debug/x.debug", "/usr/lib/debug"));
    BOOST_TEST(path_is_under("/usr/lib/debug", "/usr/lib/debug/"));
    BOOST_TEST(!path_is_under("/usr/lib/debugger", "/usr/lib/debug"));
    BOOST_TEST(path_is_under("/etc/passwd", "/"));
    ReadPolicy policy;
    policy.allow_file({{0xfe00, 42}, "/bin/prog"});
    policy.allow_tree("/srv/root");
    BOOST_TEST(policy.allows({0xfe00, 42}, "/elsewhere/hardlink"));
    BOOST_TEST(policy.allows({0xfe01, 7}, "/bin/prog")); // same path, other numbers (overlayfs)
    BOOST_TEST(policy.allows({1, 2}, "/srv/root/sub/file"));
    BOOST_TEST(!policy.allows({1, 2}, "/srv/rootkit"));
    BOOST_TEST(!policy.allows({0xfe00, 43}, "/etc/passwd"));
}

BOOST_AUTO_TEST_CASE(readlink_only_of_an_inferiors_proc_links) {
    std::vector<int> pids{42, 1234};
    BOOST_TEST(is_inferior_proc_link("/proc/42/exe", pids));
    BOOST_TEST(is_inferior_proc_link("/proc/1234/cwd", pids));
    BOOST_TEST(is_inferior_proc_link("/proc/42/root", pids));
    BOOST_TEST(!is_inferior_proc_link("/proc/43/exe", pids));
    BOOST_TEST(!is_inferior_proc_link("/proc/42/fd/3", pids));
    BOOST_TEST(!is_inferior_proc_link("/proc/42/exe/..", pids));
    BOOST_TEST(!is_inferior_proc_link("/proc/self/exe", pids));
    BOOST_TEST(!is_inferior_proc_link("/proc//exe", pids));
    BOOST_TEST(!is_inferior_proc_link("/tmp/42/exe", pids));
}

BOOST_AUTO_TEST_CASE(md5_rfc1321_suite) {
    auto digest = [](const std::string& text) {
        target::linux::Md5 md5;
        // In two pieces, to cross block boundaries mid-update.
        auto bytes = reinterpret_cast<const std::uint8_t*>(text.data());
        md5.update({bytes, text.size() / 2});
        md5.update({bytes + text.size() / 2, text.size() - text.size() / 2});
        return rsp::to_hex(md5.finish());
    };
    BOOST_TEST(digest("") == "d41d8cd98f00b204e9800998ecf8427e");
    BOOST_TEST(digest("a") == "0cc175b9c0f1b6a831c399e269772661");
    BOOST_TEST(digest("abc") == "900150983cd24fb0d6963f7d28e17f72");
    BOOST_TEST(digest("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    BOOST_TEST(digest("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    BOOST_TEST(digest("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
               "d174ab98d277d9f5a5611c2c9f419d9f");
    BOOST_TEST(digest("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
               "57edf4a22be3c955ac49da2e2107b67a");
}

BOOST_AUTO_TEST_SUITE_END()
