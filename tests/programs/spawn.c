/* spawn: creates and joins 2000 short-lived threads, 8 at a time, each
 * running child_work(i) once: breakpoint hits come in bursts from threads that
 * are being created and are exiting. Exits 0 when every thread ran exactly once
 * (count and sum), 1 otherwise. */
#include <pthread.h>
#include <stdio.h>

#define TOTAL 2000
#define BATCH 8

volatile long sum;
volatile int ran;

__attribute__((noinline)) void child_work(int i)
{
    __sync_fetch_and_add(&sum, i); /* LINE:child_work */
    __sync_fetch_and_add(&ran, 1);
}

void *child(void *arg)
{
    child_work((int)(long)arg);
    return NULL;
}

int main(void)
{
    for (long i = 0; i < TOTAL; i += BATCH) {
        pthread_t t[BATCH];
        for (long k = 0; k < BATCH; k++)
            pthread_create(&t[k], NULL, child, (void *)(i + k));
        for (int k = 0; k < BATCH; k++)
            pthread_join(t[k], NULL);
    }
    printf("spawn: %d threads ran\n", ran);
    fflush(stdout);
    return ran == TOTAL && sum == (long)TOTAL * (TOTAL - 1) / 2 ? 0 : 1;
}
