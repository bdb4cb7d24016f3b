/* loop: a long-running inferior for interrupt, attach and disconnect tests.
 * Usage: loop spin
 *            increments a volatile counter forever.
 *        loop sleep SECONDS [STOPFILE]
 *            naps 50 ms at a time; exits 9 after SECONDS, or 8 as soon as
 *            STOPFILE exists (after calling on_stopfile, a function nothing
 *            else calls: a breakpoint left in it kills the process with SIGTRAP).
 * Prints "loop: ready pid=N" on stdout once running. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long counter = 0;
volatile int ticks = 0;
int loop_magic = 0x5eed;

void nap(void)
{
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL); /* LINE:nap */
}

void on_stopfile(void)
{
    printf("loop: stopfile seen after %d ticks\n", ticks); /* LINE:on_stopfile */
    fflush(stdout);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "spin";
    printf("loop: ready pid=%d\n", (int)getpid());
    fflush(stdout);
    if (strcmp(mode, "sleep") == 0) {
        double seconds = argc > 2 ? atof(argv[2]) : 10;
        const char *stopfile = argc > 3 ? argv[3] : NULL;
        double end = now() + seconds;
        while (now() < end) {
            if (stopfile && access(stopfile, F_OK) == 0) {
                on_stopfile();
                return 8; /* LINE:stopfile_exit */
            }
            nap();
            ticks++;
        }
        return 9;
    }
    for (;;)
        counter++; /* LINE:spin */
    return 0;
}
