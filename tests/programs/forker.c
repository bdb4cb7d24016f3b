/* forker: fork; the child works and exits 42, the parent waits for it and exits 3 when it
 * saw 42 (1 otherwise). `role` is 1 in the child, 2 in the parent.
 * The parent calls parent_work() before it waits, so a test that holds the child stopped
 * (detach-on-fork off) can inspect the parent first. */
#include <sys/wait.h>
#include <unistd.h>

int role;
int child_value;

__attribute__((noinline)) int child_work(int x) { child_value = x * 3; return child_value; }
__attribute__((noinline)) int parent_work(int x) { return x + 1; }

int main(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        role = 1;
        child_work(14); /* LINE:child_call */
        _exit(42);
    }
    role = 2;
    parent_work(pid > 0);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 42 ? 3 : 1; /* LINE:parent_return */
}
