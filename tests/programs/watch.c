/* watch: hardware watchpoints, hardware breakpoints, conditions evaluated in the
 * stub, dprintf and range stepping. Every step is deterministic; exits 5. */
#include <pthread.h>
#include <stdio.h>

int watched;             /* written 3 times, then read */
long wide[2];            /* 16 bytes: more than one debug register */
char bytes[16];          /* for unaligned watches */
int thread_value;        /* written by the worker thread only */
int calls;
long loop_total;

int f(int i)
{
    calls++; /* LINE:f_body */
    return i * 2;
}

void hw_target(void)
{
    calls += 1000; /* LINE:hw_target_body */
}

void *worker(void *arg)
{
    (void)arg;
    thread_value = 77; /* LINE:worker_write */
    return NULL;
}

void after_loop_marker(void)
{
}

int main(void)
{
    long sum = 0;
    watched = 11; /* LINE:write1 */
    watched = 22; /* LINE:write2 */
    watched = 33; /* LINE:write3 */
    int seen = watched; /* LINE:read */
    wide[1] = 6;     /* LINE:wide_write */
    bytes[5] = 1;    /* LINE:bytes_write */
    hw_target();
    for (int i = 0; i < 10000; i++)
        sum += f(i); /* LINE:call_f */
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    for (int i = 0; i < 10000; i++) loop_total += i * 3; /* LINE:long_loop */
    after_loop_marker();
    printf("watch: seen=%d sum=%ld total=%ld thread=%d calls=%d\n", seen, sum, loop_total, thread_value,
           calls); /* LINE:after_loop */
    fflush(stdout);
    return 5;
}
