/* churn: threads are born and die in a tight loop, for the interrupt stress test.
 * Usage: churn
 *     Main and CHURNERS churner threads each create short-lived threads forever:
 *     joinable ones (joined at once) and detached ones in turn, so threads exit
 *     and appear at every moment, from more than one parent.
 * Prints "churn: ready pid=N" once running. Never exits on its own. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define CHURNERS 2

volatile unsigned long births = 0; /* threads created so far, all parents together */
int churn_magic = 0xc4a2;

static void *short_life(void *arg)
{
    volatile int spin = 0;
    while (spin < 1000)
        spin++;
    return arg;
}

static void churn_forever(void)
{
    for (unsigned long n = 0;; n++) {
        pthread_t t;
        if (pthread_create(&t, NULL, short_life, NULL) != 0)
            continue; /* out of threads for a moment: try again */
        __atomic_add_fetch(&births, 1, __ATOMIC_RELAXED);
        if (n % 2)
            pthread_detach(t);
        else
            pthread_join(t, NULL); /* LINE:join */
    }
}

static void *churner(void *arg)
{
    churn_forever();
    return arg;
}

int main(void)
{
    pthread_t churners[CHURNERS];
    for (int i = 0; i < CHURNERS; i++)
        pthread_create(&churners[i], NULL, churner, NULL);
    printf("churn: ready pid=%d\n", (int)getpid());
    fflush(stdout);
    churn_forever();
    return 0;
}
