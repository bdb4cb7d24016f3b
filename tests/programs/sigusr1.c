/* sigusr1: installs a SIGUSR1 handler and raises the signal; the handler sets
 * a global. Exits 5 when the handler ran, 1 otherwise. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

volatile sig_atomic_t handled = 0;
volatile sig_atomic_t handled_signo = 0;

void on_usr1(int signo)
{
    handled_signo = signo; /* LINE:handler_body */
    handled = 1;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1); /* LINE:main_raise */
    int result = handled ? 5 : 1; /* LINE:main_after_raise */
    printf("sigusr1: handled=%d\n", (int)handled);
    fflush(stdout);
    return result;
}
