// Linux <-> GDB signal numbers.
#include <boost/test/unit_test.hpp>

#include <csignal>

#include "rsp/signals.hpp"

BOOST_AUTO_TEST_SUITE(signals)

BOOST_AUTO_TEST_CASE(well_known_signals) {
    BOOST_TEST(rsp::to_gdb_signal(0) == 0);
    BOOST_TEST(rsp::to_gdb_signal(SIGHUP) == 1);
    BOOST_TEST(rsp::to_gdb_signal(SIGINT) == 2);
    BOOST_TEST(rsp::to_gdb_signal(SIGTRAP) == 5);
    BOOST_TEST(rsp::to_gdb_signal(SIGABRT) == 6);
    BOOST_TEST(rsp::to_gdb_signal(SIGBUS) == 10);
    BOOST_TEST(rsp::to_gdb_signal(SIGKILL) == 9);
    BOOST_TEST(rsp::to_gdb_signal(SIGSEGV) == 11);
    BOOST_TEST(rsp::to_gdb_signal(SIGUSR1) == 30);
    BOOST_TEST(rsp::to_gdb_signal(SIGUSR2) == 31);
    BOOST_TEST(rsp::to_gdb_signal(SIGCHLD) == 20);
    BOOST_TEST(rsp::to_gdb_signal(SIGCONT) == 19);
    BOOST_TEST(rsp::to_gdb_signal(SIGSTOP) == 17);
    BOOST_TEST(rsp::to_gdb_signal(SIGTSTP) == 18);
    BOOST_TEST(rsp::to_gdb_signal(SIGURG) == 16);
    BOOST_TEST(rsp::to_gdb_signal(SIGIO) == 23);
    BOOST_TEST(rsp::to_gdb_signal(SIGPWR) == 32);
    BOOST_TEST(rsp::to_gdb_signal(SIGSYS) == 12);
    BOOST_TEST(rsp::to_gdb_signal(SIGWINCH) == 28);
}

BOOST_AUTO_TEST_CASE(realtime_signals) {
    BOOST_TEST(rsp::to_gdb_signal(32) == 77); // GDB_SIGNAL_REALTIME_32 sits after the block
    BOOST_TEST(rsp::to_gdb_signal(33) == 45);
    BOOST_TEST(rsp::to_gdb_signal(34) == 46);
    BOOST_TEST(rsp::to_gdb_signal(63) == 75);
    BOOST_TEST(rsp::to_gdb_signal(64) == 78);
    BOOST_TEST(rsp::to_host_signal(77) == 32);
    BOOST_TEST(rsp::to_host_signal(45) == 33);
    BOOST_TEST(rsp::to_host_signal(75) == 63);
    BOOST_TEST(rsp::to_host_signal(78) == 64);
}

BOOST_AUTO_TEST_CASE(round_trip_every_host_signal) {
    for (int host = 1; host <= 64; ++host) {
        if (host == SIGSTKFLT) continue;
        int gdb = rsp::to_gdb_signal(host);
        BOOST_TEST(gdb != 143, "signal " << host);
        BOOST_TEST(rsp::to_host_signal(gdb) == host, "signal " << host);
    }
}

BOOST_AUTO_TEST_CASE(distinct_gdb_numbers) {
    for (int a = 1; a <= 64; ++a)
        for (int b = a + 1; b <= 64; ++b)
            if (a != SIGSTKFLT && b != SIGSTKFLT)
                BOOST_TEST(rsp::to_gdb_signal(a) != rsp::to_gdb_signal(b), a << " vs " << b);
}

BOOST_AUTO_TEST_CASE(unknown_signals) {
    BOOST_TEST(rsp::to_gdb_signal(SIGSTKFLT) == 143);
    BOOST_TEST(rsp::to_gdb_signal(-1) == 143);
    BOOST_TEST(rsp::to_gdb_signal(65) == 143);
    BOOST_TEST(rsp::to_gdb_signal(1000) == 143);
    BOOST_TEST(rsp::to_host_signal(0) == 0);
    BOOST_TEST(rsp::to_host_signal(7) == 0);   // SIGEMT: not on Linux
    BOOST_TEST(rsp::to_host_signal(29) == 0);  // SIGLOST
    BOOST_TEST(rsp::to_host_signal(76) == 0);  // SIGCANCEL
    BOOST_TEST(rsp::to_host_signal(143) == 0); // unknown
    BOOST_TEST(rsp::to_host_signal(144) == 0);
    BOOST_TEST(rsp::to_host_signal(-5) == 0);
    BOOST_TEST(rsp::to_host_signal(100000) == 0);
    BOOST_TEST(rsp::to_host_signal(33) == SIGIO); // GDB's SIGPOLL is Linux's SIGIO
    BOOST_TEST(rsp::to_host_signal(23) == SIGIO);
}

BOOST_AUTO_TEST_SUITE_END()
