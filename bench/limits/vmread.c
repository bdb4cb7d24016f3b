/* Ceiling for memory reads: process_vm_readv of a child's 64 MiB in 64 KiB
   calls, no protocol, no hex. The child rewrites the buffer after fork (word
   k = k ^ KEY), so the parent really reads the child's pages; content checked.
   Usage: limit_vmread [MIB=64] [REPS=5] */
#include "limit.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEY 0x5a5a5a5a5a5a5a5aULL
#define CHUNK (64 << 10)

int main(int argc, char **argv)
{
    size_t size = (size_t)(argc > 1 ? atol(argv[1]) : 64) << 20;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    uint64_t *theirs = malloc(size), *mine = malloc(size);
    int ready[2];
    if (!theirs || !mine || pipe(ready) < 0)
        fail("setup");
    memset(theirs, 0, size);
    pid_t pid = fork();
    if (pid == 0) {
        for (size_t k = 0; k < size / 8; k++)
            theirs[k] = k ^ KEY;
        if (write(ready[1], "r", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c;
    if (read(ready[0], &c, 1) != 1)
        fail("child");
    double rate[reps];
    int bad = 0;
    for (int r = 0; r < reps; r++) {
        memset(mine, 0, size);
        double t0 = seconds();
        for (size_t off = 0; off < size; off += CHUNK) {
            struct iovec local = {(char *)mine + off, CHUNK}, remote = {(char *)theirs + off, CHUNK};
            if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != CHUNK)
                fail("process_vm_readv");
        }
        rate[r] = size / (seconds() - t0) / 1e6;
        for (size_t k = 0; k < size / 8; k++)
            if (mine[k] != (k ^ KEY)) {
                bad++;
                break;
            }
    }
    kill(pid, SIGKILL);
    waitpid(pid, 0, 0);
    char check[64];
    snprintf(check, sizeof check, "content ok in %d/%d reps", reps - bad, reps);
    report("process_vm_readv", "MB/s", rate, reps, check);
    return bad != 0;
}
