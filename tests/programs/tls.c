/* tls: thread-local variables with known values in two threads, for qGetTLSAddr.
 * main sets tls_counter to 7 and starts a worker that sets its own to 101; both stop in
 * checkpoint(id) (the worker first: main joins it). tls_array keeps its initial value in
 * both. Exits 0 when main's counter is still 7 at the end, 1 otherwise. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

__thread int tls_counter = 5;
__thread long tls_array[4] = {1, 2, 3, 4};
int checkpoints;

__attribute__((noinline)) void checkpoint(int id)
{
    checkpoints += id; /* LINE:checkpoint */
}

void *worker(void *arg)
{
    tls_counter = 100 + (int)(long)arg;
    errno = 33;
    checkpoint((int)(long)arg);
    return NULL;
}

int main(void)
{
    pthread_t t;
    tls_counter = 7;
    errno = 11;
    pthread_create(&t, NULL, worker, (void *)1L);
    pthread_join(t, NULL);
    checkpoint(0);
    printf("tls: main counter=%d\n", tls_counter);
    fflush(stdout);
    return tls_counter == 7 ? 0 : 1;
}
