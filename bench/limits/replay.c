/* The floor under a gdb session: a "server" that does no work at all. It replays a
   session recorded with gdb's `set remotelogfile` (gdb's writes are "w ..." lines, what it
   read "r ...", escaped as gdb escapes them; "c ..." lines are its commands): it reads each of the client's writes, checks
   it byte for byte against the recording, and answers at once with the recorded reply.
   gdb sends the same packets when it gets the same replies, so a gdb session against it
   costs only gdb's own time and the loopback round trips: no server can do better.
   Usage: limit_replay LOG PORT [ignored...]   (listens on 127.0.0.1:PORT, one client)
   Exit status 0 when the whole recording was replayed, 1 when the client diverged. */
#include "limit.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct segment {
    char dir; /* 'w': the client writes this; 'r': we send it */
    char *bytes;
    size_t len;
};

static struct segment *segs;
static size_t nsegs, cap;

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends one log line's text (without "w "/"r ") to the segment of its direction,
   undoing gdb's escapes: \\ \b \f \n \r \t \v and \xNN. */
static void add_line(char dir, const char *s, size_t n)
{
    if (nsegs == 0 || segs[nsegs - 1].dir != dir) {
        if (nsegs == cap && !(segs = realloc(segs, (cap = cap ? 2 * cap : 1024) * sizeof *segs)))
            fail("realloc");
        segs[nsegs++] = (struct segment){.dir = dir};
    }
    struct segment *g = &segs[nsegs - 1];
    if (!(g->bytes = realloc(g->bytes, g->len + n)))
        fail("realloc");
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char e = s[++i];
            const char *from = "\\bfnrtv", *to = "\\\b\f\n\r\t\v";
            const char *p = strchr(from, e);
            if (p && e) {
                c = to[p - from];
            } else if (e == 'x' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
                c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
                i += 2;
            } else {
                fprintf(stderr, "replay: unknown escape \\%c in the log\n", e);
                exit(1);
            }
        }
        g->bytes[g->len++] = c;
    }
}

static void load(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail(path);
    char *line = NULL;
    size_t size = 0;
    ssize_t n;
    while ((n = getline(&line, &size, f)) >= 0) {
        while (n > 0 && line[n - 1] == '\n')
            n--;
        line[n] = 0;
        if (n == 0 || (n >= 2 && line[0] == 'c' && line[1] == ' '))
            continue; /* "c ..." lines log gdb's commands */
        if (strcmp(line, "End of log") == 0)
            break;
        if (n < 2 || (line[0] != 'w' && line[0] != 'r') || line[1] != ' ') {
            fprintf(stderr, "replay: not a remotelogfile line: %.60s\n", line);
            exit(1);
        }
        add_line(line[0], line + 2, n - 2);
    }
    free(line);
    fclose(f);
}

static int serve(int fd)
{
    char buf[1 << 16];
    for (size_t i = 0; i < nsegs; i++) {
        struct segment *g = &segs[i];
        if (g->dir == 'r') {
            for (size_t off = 0; off < g->len;) {
                ssize_t k = write(fd, g->bytes + off, g->len - off);
                if (k <= 0)
                    fail("write");
                off += k;
            }
            continue;
        }
        for (size_t off = 0; off < g->len;) {
            size_t want = g->len - off < sizeof buf ? g->len - off : sizeof buf;
            ssize_t k = read(fd, buf, want);
            if (k <= 0) {
                fprintf(stderr, "replay: client closed at segment %zu of %zu\n", i, nsegs);
                return 1;
            }
            if (memcmp(buf, g->bytes + off, k) != 0) {
                fprintf(stderr, "replay: the client diverged at segment %zu: sent %.*s, recorded %.*s\n",
                        i, (int)(k < 80 ? k : 80), buf, (int)(g->len - off < 80 ? g->len - off : 80),
                        g->bytes + off);
                return 1;
            }
            off += k;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: limit_replay LOG PORT\n");
        return 2;
    }
    load(argv[1]);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2])),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1) < 0)
        fail("listen");
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
        fail("accept");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int status = serve(fd);
    close(fd);
    return status;
}
