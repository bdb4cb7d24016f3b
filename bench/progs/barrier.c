/* Many threads blocked in a barrier: N threads (argv[1], default 1000) are
   created and wait on a barrier; once all of them are waiting, main calls
   first(). Then main joins the barrier, which lets every thread on to a second
   barrier, and calls second() while they gather there. Breakpoints on first()
   and second() each stop a process of N + 1 threads; the bench checks the
   thread count (nthreads) and the argument of second(). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_barrier_t gate1, gate2;
static volatile int arrived;
volatile int nthreads;

__attribute__((noinline)) void first(int n) { __asm__ volatile("" ::"r"(n)); }
__attribute__((noinline)) void second(int n) { __asm__ volatile("" ::"r"(n)); }

static void *worker(void *arg)
{
    __sync_fetch_and_add(&arrived, 1);
    pthread_barrier_wait(&gate1);
    pthread_barrier_wait(&gate2);
    return arg;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_barrier_init(&gate1, NULL, n + 1);
    pthread_barrier_init(&gate2, NULL, n + 1);
    pthread_t *t = calloc(n, sizeof *t);
    for (int i = 0; i < n; i++)
        if (pthread_create(&t[i], &attr, worker, NULL) != 0)
            return 2;
    nthreads = n;
    while (arrived < n)
        usleep(1000);
    usleep(20000); /* let the last ones reach the futex wait */
    first(n);
    pthread_barrier_wait(&gate1);
    second(n);
    pthread_barrier_wait(&gate2);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return 0;
}
