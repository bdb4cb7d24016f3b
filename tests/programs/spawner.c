/* spawner PROG: posix_spawn (a vfork and an exec) PROG with two arguments, wait for it, and
 * exit with its status + 1 (execed: 17 + 3 + 1 = 21). */
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;
int spawned_pid;

__attribute__((noinline)) void spawned(int pid) { spawned_pid = pid; }

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    char *child_argv[] = {argv[1], "one", "two", 0};
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[1], 0, 0, child_argv, environ) != 0) return 1;
    spawned(pid); /* LINE:after_spawn */
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) + 1 : 1;
}
