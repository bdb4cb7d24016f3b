/* Ceiling for a breakpoint that does not stop the debugger: what a stub must do at least
   per hit of a breakpoint whose condition is false, with no protocol and no condition:
   CONT, waitpid, GETREGS, rewind rip past the int3 (SETREGS), put the original byte back,
   SINGLESTEP, waitpid, write the int3 again. The child calls hit() N times.
   Usage: limit_stepover [N=20000] [REPS=5]. Check: N traps, then the child exits 0. */
#include "limit.h"

#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

volatile long calls;

__attribute__((noinline)) void hit(void)
{
    calls++;
}

static void wait_trap(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP)
        fail("waitpid: not a trap");
}

/* One hit of the int3 at addr, stepped over; the tracee is then running again. */
static void step_over(pid_t pid, unsigned long addr, long original, long with_int3)
{
    struct user_regs_struct regs;
    wait_trap(pid);
    if (ptrace(PTRACE_GETREGS, pid, 0, &regs) < 0)
        fail("PTRACE_GETREGS");
    if (regs.rip != addr + 1)
        fail("trap elsewhere than the breakpoint");
    regs.rip = addr;
    if (ptrace(PTRACE_SETREGS, pid, 0, &regs) < 0 || ptrace(PTRACE_POKEDATA, pid, addr, original) < 0)
        fail("PTRACE_SETREGS/POKEDATA");
    if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0) < 0)
        fail("PTRACE_SINGLESTEP");
    wait_trap(pid);
    if (ptrace(PTRACE_POKEDATA, pid, addr, with_int3) < 0 || ptrace(PTRACE_CONT, pid, 0, 0) < 0)
        fail("PTRACE_POKEDATA/CONT");
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    double rate[reps];
    int bad = 0;
    unsigned long addr = (unsigned long)hit;
    for (int r = 0; r < reps; r++) {
        pid_t pid = fork();
        if (pid == 0) {
            ptrace(PTRACE_TRACEME, 0, 0, 0);
            raise(SIGSTOP);
            for (long i = 0; i < n; i++)
                hit();
            _exit(calls == n ? 0 : 1);
        }
        int status;
        waitpid(pid, &status, 0);
        ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_EXITKILL);
        errno = 0;
        long original = ptrace(PTRACE_PEEKDATA, pid, addr, 0);
        if (errno)
            fail("PTRACE_PEEKDATA");
        long with_int3 = (original & ~0xffL) | 0xcc;
        if (ptrace(PTRACE_POKEDATA, pid, addr, with_int3) < 0 || ptrace(PTRACE_CONT, pid, 0, 0) < 0)
            fail("insert");
        double t0 = seconds();
        for (long i = 0; i < n; i++)
            step_over(pid, addr, original, with_int3);
        rate[r] = n / (seconds() - t0);
        waitpid(pid, &status, 0);
        bad += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    char check[64];
    snprintf(check, sizeof check, "N hits then exit 0 in %d/%d reps", reps - bad, reps);
    report("ptrace_stepover", "hits/s", rate, reps, check);
    return bad != 0;
}
