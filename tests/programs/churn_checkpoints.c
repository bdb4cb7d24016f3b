/* churn_checkpoints: 4 spawner threads create and join short-lived threads without pause
 * while main calls checkpoint(n) for n = 0..9, 2 ms apart: every checkpoint
 * stop catches threads being created and exiting. make_thread(x), called from
 * the debugger at a stop, creates a thread, joins it and returns its result
 * (2x). Exits 4 after the ten checkpoints. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define SPAWNERS 4
#define CHECKPOINTS 10

volatile int stop;
volatile long spawned;

static void *noop(void *arg)
{
    return arg;
}

static void *twice(void *arg)
{
    return (void *)(2 * (long)arg);
}

static void *spawner(void *arg)
{
    while (!stop) {
        pthread_t t;
        if (pthread_create(&t, NULL, noop, NULL) == 0) {
            pthread_join(t, NULL);
            __sync_fetch_and_add(&spawned, 1);
        }
    }
    return arg;
}

long make_thread(long x)
{
    pthread_t t;
    void *result = NULL;
    if (pthread_create(&t, NULL, twice, (void *)x) != 0)
        return -1;
    pthread_join(t, &result);
    return (long)result;
}

__attribute__((noinline)) void checkpoint(int n)
{
    __asm__ volatile("" ::"r"(n)); /* LINE:checkpoint */
}

int main(void)
{
    pthread_t t[SPAWNERS];
    for (int i = 0; i < SPAWNERS; i++)
        pthread_create(&t[i], NULL, spawner, NULL);
    while (spawned < 100)
        usleep(1000);
    for (int n = 0; n < CHECKPOINTS; n++) {
        usleep(2000);
        checkpoint(n);
    }
    stop = 1;
    for (int i = 0; i < SPAWNERS; i++)
        pthread_join(t[i], NULL);
    printf("churn_checkpoints: done\n");
    fflush(stdout);
    return 4;
}
