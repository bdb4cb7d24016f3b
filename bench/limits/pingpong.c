/* Ceiling for request/reply round trips: two processes over loopback TCP
   with TCP_NODELAY, a 5-byte request ("$g#67") and a 6-byte reply ("$OK#9a"),
   as small as RSP packets get. Byte counts checked.
   Usage: limit_pingpong [N=50000] [REPS=5] */
#include "limit.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int exact(int fd, char *buf, int n) /* reads n bytes, or fails */
{
    for (int got = 0; got < n;) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k <= 0)
            return -1;
        got += k;
    }
    return 0;
}

static void nodelay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 50000;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, len) < 0 || listen(lfd, 1) < 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &len) < 0)
        fail("listen");
    pid_t pid = fork();
    if (pid == 0) { /* the "stub": answer every request */
        int fd = accept(lfd, 0, 0);
        char req[5];
        nodelay(fd);
        while (exact(fd, req, 5) == 0)
            if (write(fd, "$OK#9a", 6) != 6)
                break;
        _exit(0);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
        fail("connect");
    nodelay(fd);
    double rate[reps];
    long done = 0;
    char reply[6];
    for (int r = 0; r < reps; r++) {
        double t0 = seconds();
        for (long i = 0; i < n; i++) {
            if (write(fd, "$g#67", 5) != 5 || exact(fd, reply, 6) < 0)
                fail("round trip");
            done++;
        }
        rate[r] = n / (seconds() - t0);
    }
    close(fd);
    waitpid(pid, 0, 0);
    char check[64];
    snprintf(check, sizeof check, "%ld/%ld replies of 6 bytes", done, n * reps);
    report("tcp_pingpong", "round_trips/s", rate, reps, check);
    return done != n * reps;
}
