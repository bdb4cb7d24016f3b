/* threads: 8 workers + main meet at a barrier, so at the line after the
 * barrier all 9 threads exist. Each worker computes a deterministic sum.
 * Exits 3 when every result is right, 1 otherwise. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 8

pthread_barrier_t barrier;
long results[NTHREADS];
int ids[NTHREADS];

long work(int id)
{
    long sum = 0;
    for (int i = 0; i <= (id + 1) * 100; i++)
        sum += i;
    return sum; /* (id+1)*100 * ((id+1)*100 + 1) / 2 */
}

void *worker(void *arg)
{
    int id = *(int *)arg;
    pthread_barrier_wait(&barrier);
    results[id] = work(id); /* LINE:worker_after_barrier */
    return NULL;
}

int main(void)
{
    pthread_t tids[NTHREADS];
    pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
    for (int i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&tids[i], NULL, worker, &ids[i]);
    }
    pthread_barrier_wait(&barrier); /* LINE:main_barrier */
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tids[i], NULL);
    int ok = 1;
    for (int i = 0; i < NTHREADS; i++) {
        long n = (i + 1) * 100L;
        if (results[i] != n * (n + 1) / 2)
            ok = 0;
    }
    printf("threads: %s\n", ok ? "ok" : "WRONG");
    fflush(stdout);
    return ok ? 3 : 1; /* LINE:main_return */
}
