/* nswatch: watchpoints inserted and removed while the thread that writes the
 * watched global runs (gdb non-stop). The writer waits (polling, 1 ms sleeps)
 * until the debugger sets `go` to n, then stores n * 11 into `watched`; main
 * calls ready() once the writer waits for go == 1, then joins it. go == -1
 * ends the writer; exits 7. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

volatile long watched;
volatile int go;
volatile int waiting;

__attribute__((noinline)) void ready(void)
{
    __asm__ volatile("");
}

void *writer(void *arg)
{
    (void)arg;
    for (int n = 1;; n++) {
        waiting = n;
        while (go != n && go != -1)
            usleep(1000);
        if (go == -1)
            return NULL;
        watched = n * 11; /* LINE:store */
    }
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (waiting == 0)
        usleep(1000);
    ready();
    pthread_join(t, NULL);
    printf("nswatch: %ld\n", watched);
    fflush(stdout);
    return 7;
}
