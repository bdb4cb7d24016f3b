/* Ceiling for single-stepping: PTRACE_SINGLESTEP + waitpid + PTRACE_GETREGS
   (a stub needs at least the pc for its stop reply), no protocol at all.
   Same loop as progs/spin.c; checks rax == N/2 after N steps.
   Usage: limit_step [N=50000] [REPS=5] */
#include "limit.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

extern char top[];

__attribute__((noinline)) static void loop(void)
{
    __asm__ volatile("xor %%eax, %%eax\n"
                     ".globl top\n"
                     "top: inc %%rax\n"
                     "    jmp top\n" ::: "rax");
}

static void step(pid_t pid, struct user_regs_struct *regs)
{
    int status;
    if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0) < 0)
        fail("PTRACE_SINGLESTEP");
    if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP)
        fail("waitpid: not a step trap");
    if (ptrace(PTRACE_GETREGS, pid, 0, regs) < 0)
        fail("PTRACE_GETREGS");
}

int main(int argc, char **argv)
{
    long n = (argc > 1 ? atol(argv[1]) : 50000) & ~1L;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    double rate[reps];
    int bad = 0;
    for (int r = 0; r < reps; r++) {
        pid_t pid = fork();
        if (pid == 0) {
            ptrace(PTRACE_TRACEME, 0, 0, 0);
            raise(SIGSTOP);
            loop();
        }
        int status;
        waitpid(pid, &status, 0);
        ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_EXITKILL);
        struct user_regs_struct regs;
        do /* walk out of raise() to the loop head, where rax == 0 */
            step(pid, &regs);
        while (regs.rip != (unsigned long)top);
        double t0 = seconds();
        for (long i = 0; i < n; i++)
            step(pid, &regs);
        rate[r] = n / (seconds() - t0);
        bad += regs.rax != (unsigned long)n / 2 || regs.rip != (unsigned long)top;
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    char check[64];
    snprintf(check, sizeof check, "rax==N/2 in %d/%d reps", reps - bad, reps);
    report("ptrace_step", "steps/s", rate, reps, check);
    return bad != 0;
}
