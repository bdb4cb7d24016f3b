/* LLDB bench target: 100 threads parked three calls deep in a blocking read(),
   then ready() (a breakpoint site) in main. Usage: threads100 [N] */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int pipefd[2];
static pthread_barrier_t started;

__attribute__((noinline)) void parked(void)
{
    char c;
    while (read(pipefd[0], &c, 1) != 0) /* nobody writes: blocks for good */
        ;
}

__attribute__((noinline)) void level2(void) { parked(); }
__attribute__((noinline)) void level1(void) { level2(); }

void *worker(void *arg)
{
    pthread_barrier_wait(&started);
    level1();
    return arg;
}

__attribute__((noinline)) void ready(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    if (pipe(pipefd) != 0 || n < 1)
        return 1;
    pthread_barrier_init(&started, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, NULL) != 0)
            return 2;
    }
    pthread_barrier_wait(&started);
    usleep(100 * 1000); /* every worker reaches read() */
    ready();
    return 0;
}
