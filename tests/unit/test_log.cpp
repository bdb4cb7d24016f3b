// common/log: a log line never throws and arrives whole, even when signals interrupt a
// write blocked on a full pipe (rspd's stderr read slowly while SIGCHLD keeps coming).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <string>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

#include "common/log.hpp"

BOOST_AUTO_TEST_SUITE(logging)

BOOST_AUTO_TEST_CASE(line_survives_eintr_on_a_full_pipe) {
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    int saved_stderr = ::dup(2);
    ::dup2(fds[1], 2);
    // A handler installed without SA_RESTART, as Asio installs its own: a blocked write
    // fails with EINTR every millisecond.
    struct sigaction quiet {}, old {};
    quiet.sa_handler = [](int) {};
    ::sigaction(SIGALRM, &quiet, &old);
    std::string received;
    std::thread reader([&] {
        sigset_t alarm;
        sigemptyset(&alarm);
        sigaddset(&alarm, SIGALRM);
        ::pthread_sigmask(SIG_BLOCK, &alarm, nullptr); // the writer takes every SIGALRM
        std::this_thread::sleep_for(std::chrono::milliseconds(50)); // let the pipe fill
        char buf[4096];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            received.append(buf, static_cast<std::size_t>(n));
    });
    itimerval every_ms{{0, 1000}, {0, 1000}};
    ::setitimer(ITIMER_REAL, &every_ms, nullptr);
    std::string big(1 << 20, 'x'); // sixteen times what a pipe holds
    BOOST_CHECK_NO_THROW(common::log_info("{}", big));
    itimerval off{};
    ::setitimer(ITIMER_REAL, &off, nullptr);
    ::dup2(saved_stderr, 2);
    ::close(saved_stderr);
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    ::sigaction(SIGALRM, &old, nullptr);
    BOOST_TEST(received.size() == big.size() + 1);
    BOOST_TEST((received == big + "\n"));
}

BOOST_AUTO_TEST_SUITE_END()
