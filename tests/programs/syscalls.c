/* syscalls: a few known system calls in a known order, for `catch syscall`:
 * write(1, "w1\n"), getpid(), write(1, "w2\n"), getppid(). Exits 5. Nothing before main
 * (the dynamic loader, libc's start) makes the last three. */
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    syscall(SYS_write, 1, "w1\n", 3);
    syscall(SYS_getpid);
    syscall(SYS_write, 1, "w2\n", 3);
    syscall(SYS_getppid);
    return 5;
}
