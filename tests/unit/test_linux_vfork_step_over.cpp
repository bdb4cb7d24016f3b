// LinuxTarget in non-stop mode: a step over a breakpoint in memory that a vfork child shares
// with its parent holds the threads of both processes.
#include "linux_fixture.hpp"

namespace {

using namespace linux_test;

// A vfork child and its parent's second thread in the one shared memory: one of them (the
// sleeper) naps 300 ms once, the other (the looper) waits for go, then calls nap(0) LOOPS
// times. nap() makes one system call through a `syscall` instruction of its own, labelled
// nap_insn: a breakpoint there makes the sleeper step over it for 300 ms. The looper's is a
// getpid, which no signal interrupts (a nanosleep interrupted by the child's SIGCHLD would be
// restarted at nap_insn: one more hit). With an argument the child sleeps and the parent's
// thread loops, without one the reverse. Exit 0 once both are done.
const char* const vfork_nap_src = R"(
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define LOOPS 20
volatile int go;
__attribute__((noinline)) void nap(long ns) {
    struct timespec ts = {0, ns};
    long ret;
    __asm__ volatile(".globl nap_insn\nnap_insn: syscall"
                     : "=a"(ret)
                     : "a"(ns ? (long)SYS_nanosleep : (long)SYS_getpid), "D"(&ts), "S"(0L)
                     : "rcx", "r11", "memory");
}
void run(int sleeper) {
    if (sleeper) {
        nap(300000000L);
        return;
    }
    while (!go) {}
    for (int i = 0; i < LOOPS; i++) nap(0);
}
void *worker(void *arg) {
    run(arg != 0);
    return 0;
}
int main(int argc, char **argv) {
    int child_sleeps = argc > 1;
    pthread_t t;
    pthread_create(&t, 0, worker, (void *)(long)!child_sleeps);
    pid_t child = vfork();
    if (child == 0) {
        run(child_sleeps);
        _exit(0);
    }
    pthread_join(t, 0);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
)";

} // namespace

BOOST_AUTO_TEST_SUITE(linux_non_stop)

// A vfork child shares its parent's memory, so a step over a breakpoint there must hold every
// thread of both processes (the vforking thread excepted: it sleeps in the kernel). The
// sleeper is resumed right from its breakpoint at nap_insn and steps over it for 300 ms, the
// breakpoint lifted; the looper, in the other process, is let loop through nap_insn meanwhile
// (go). Each of its 20 calls must be reported: none may pass the lifted breakpoint unseen.
// Both ways: the child stepping over while the parent's thread loops, and the reverse.
BOOST_AUTO_TEST_CASE(a_step_over_in_vfork_shared_memory_holds_both_processes) {
    std::string prog = program("vfork_nap", vfork_nap_src);
    std::uint64_t nap = symbol(prog, "nap_insn"), go = symbol(prog, "go");
    for (bool child_sleeps : {true, false}) {
        BOOST_TEST_CONTEXT("the " << (child_sleeps ? "child" : "parent") << " steps over") {
            Session s;
            s.target.set_pass_signals({SIGCHLD});
            s.target.report_forks(false, true);
            int pid = child_sleeps ? s.launch({prog, "child"}) : s.launch({prog});
            BOOST_REQUIRE(s.target.set_non_stop(true).ok());
            s.insert_breakpoint(pid, nap);
            s.resume_all(pid);
            // The vfork (both processes resumed at once) and the sleeper's hit, in any order.
            int child = 0;
            std::optional<Ptid> sleeper;
            while (!child || !sleeper) {
                StopEvent ev = s.next_event();
                if (ev.reason == StopReason::vfork) {
                    child = ev.child.pid;
                    s.resume_one(ev.thread, ResumeKind::cont); // blocks until the child is done
                    s.resume_one(ev.child, ResumeKind::cont);
                } else {
                    BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
                    BOOST_REQUIRE_EQUAL(s.pc(ev.thread), nap);
                    sleeper = ev.thread;
                }
            }
            BOOST_CHECK_EQUAL(sleeper->pid, child_sleeps ? child : pid);
            s.resume_one(*sleeper, ResumeKind::cont); // breakpoint still inserted: steps over
            write_u32(s, pid, go, 1);

            int looper_hits = 0;
            bool child_exited = false;
            StopEvent ev;
            for (;;) {
                ev = s.next_event();
                if (ev.kind == StopKind::exited && ev.thread.pid == child) {
                    BOOST_CHECK_EQUAL(ev.exit_status, 0);
                    child_exited = true;
                    continue;
                }
                if (ev.kind != StopKind::stopped) break;
                if (ev.reason == StopReason::vfork_done) {
                    s.resume_one(ev.thread, ResumeKind::cont);
                    continue;
                }
                BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
                BOOST_REQUIRE(!(ev.thread == *sleeper));
                BOOST_REQUIRE_EQUAL(ev.thread.pid, child_sleeps ? pid : child);
                BOOST_REQUIRE_EQUAL(s.pc(ev.thread), nap);
                ++looper_hits;
                s.resume_one(ev.thread, ResumeKind::cont);
            }
            BOOST_CHECK(child_exited);
            BOOST_REQUIRE(ev.kind == StopKind::exited);
            BOOST_CHECK_EQUAL(ev.thread.pid, pid);
            BOOST_CHECK_EQUAL(ev.exit_status, 0);
            BOOST_CHECK_EQUAL(looper_hits, 20);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
