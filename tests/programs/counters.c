/* counters: 8 workers tick a shared counter every 2 ms until main's `stop` is
 * set; main waits in pthread_join. all_started() runs once every worker is
 * counting. With gdb in non-stop mode, a worker stopped by the debugger must
 * not stop the others: the counter goes on growing. Exits 5 once every worker
 * ticked at least once and the counter equals the sum of their ticks. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NWORKERS 8

volatile long counter;
volatile int stop;
volatile int started;
long ticks[NWORKERS];

__attribute__((noinline)) long tick(int id)
{
    long before = counter;              /* LINE:tick_first */
    __sync_fetch_and_add(&counter, 1);  /* LINE:tick_add */
    ticks[id]++;                        /* LINE:tick_own */
    return before;                      /* LINE:tick_return */
}

__attribute__((noinline)) void all_started(void)
{
    __asm__ volatile("");
}

void *worker(void *arg)
{
    int id = (int)(long)arg;
    __sync_fetch_and_add(&started, 1);
    while (!stop) {
        tick(id);
        usleep(2000);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NWORKERS];
    for (long i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    while (started < NWORKERS)
        usleep(1000);
    all_started();
    long sum = 0;
    int all_ticked = 1;
    for (int i = 0; i < NWORKERS; i++) {
        pthread_join(t[i], NULL);
        sum += ticks[i];
        all_ticked &= ticks[i] > 0;
    }
    printf("counters: %ld ticks\n", counter);
    fflush(stdout);
    return all_ticked && sum == counter ? 5 : 1;
}
