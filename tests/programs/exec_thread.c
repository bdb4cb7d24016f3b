/* exec_thread: execve from a thread that is not the main one.
 * Usage: exec_thread
 *     Starts a sleeping helper thread and a thread that execs this program again
 *     with the argument "after" while main waits in pthread_join. The kernel kills
 *     main and the helper; the exec'ing thread becomes the process's only thread
 *     under the main pid.
 *        exec_thread after
 *     The new image: prints "exec_thread: after exec pid=N" and exits 42.
 * Prints "exec_thread: before exec pid=N" first. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int exec_thread_magic = 0xe8ec;

int after_exec(void)
{
    printf("exec_thread: after exec pid=%d\n", (int)getpid());
    fflush(stdout);
    return 42; /* LINE:after_exec */
}

static void *helper(void *arg)
{
    for (;;)
        pause();
    return arg;
}

static void *execer(void *arg)
{
    char *self = arg;
    char *argv[] = {self, "after", NULL};
    usleep(100 * 1000); /* let main reach pthread_join */
    execv("/proc/self/exe", argv); /* LINE:execv */
    perror("exec_thread: execv");
    _exit(1);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "after") == 0)
        return after_exec();
    printf("exec_thread: before exec pid=%d\n", (int)getpid());
    fflush(stdout);
    pthread_t h, e;
    pthread_create(&h, NULL, helper, NULL);
    pthread_create(&e, NULL, execer, argv[0]);
    pthread_join(e, NULL); /* never returns: the exec replaces us */
    return 1;
}
