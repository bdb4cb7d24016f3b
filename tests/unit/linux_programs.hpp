#pragma once
// C inferiors of the LinuxTarget tests (test_linux_launch, _breakpoints, _threads_signals,
// _fork_exec, _actions), each compiled at test time by linux_test::program(name, source).
// linux_fixture.hpp holds the fixture and the inferiors other test files share too.

namespace linux_test {

inline const char* const threads_src = R"(
#include <pthread.h>
#define N 4
pthread_barrier_t barrier;
__attribute__((noinline)) void hit(long i) { __asm__ volatile("" ::"r"(i)); }
__attribute__((noinline)) void ready(void) { __asm__ volatile(""); }
void *worker(void *arg) {
    pthread_barrier_wait(&barrier);
    hit((long)arg);
    return 0;
}
int main(void) {
    pthread_t t[N];
    pthread_barrier_init(&barrier, 0, N + 1);
    for (long i = 0; i < N; i++) pthread_create(&t[i], 0, worker, (void *)i);
    ready();
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < N; i++) pthread_join(t[i], 0);
    return 0;
}
)";

inline const char* const sigusr1_src = R"(
#include <signal.h>
volatile sig_atomic_t handled;
void on_usr1(int s) { handled = 1; }
int main(void) {
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    return handled ? 5 : 1;
}
)";

inline const char* const selfstop_src = R"(
#include <signal.h>
int main(void) { raise(SIGSTOP); return 4; }
)";

inline const char* const exec_src = R"(
#include <unistd.h>
int main(void) { execl("/bin/true", "true", (char *)0); return 1; }
)";

inline const char* const churn_src = R"(
#include <pthread.h>
void *noop(void *arg) { return arg; }
void *spawner(void *arg) {
    for (;;) {
        pthread_t t;
        if (pthread_create(&t, 0, noop, 0) == 0) pthread_join(t, 0);
    }
}
int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, spawner, 0);
    for (;;) {
        pthread_t d;
        if (pthread_create(&d, 0, noop, 0) == 0) pthread_detach(d);
    }
}
)";

// Workers calling hit() forever: a breakpoint there is hit by several at once.
inline const char* const spin_hit_src = R"(
#include <pthread.h>
#define N 8
volatile long total;
__attribute__((noinline)) void hit(long i) { __sync_fetch_and_add(&total, i); }
void *worker(void *arg) {
    for (;;) hit(1);
    return arg;
}
int main(void) {
    pthread_t t[N];
    for (int i = 0; i < N; i++) pthread_create(&t[i], 0, worker, 0);
    for (;;) hit(1);
}
)";

inline const char* const thread_exec_src = R"(
#include <pthread.h>
#include <unistd.h>
void *run(void *arg) {
    execl("/bin/true", "true", (char *)0);
    return arg;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, run, 0);
    for (;;) pause();
}
)";

inline const char* const exec_later_src = R"(
#include <unistd.h>
__attribute__((noinline)) int never(void) { return 3; }
int main(int argc, char **argv) {
    if (argc > 5) never();
    execl("/bin/true", "true", (char *)0);
    return 1;
}
)";

inline const char* const sleepers_src = R"(
#include <pthread.h>
#include <unistd.h>
void *nap(void *arg) {
    for (;;) usleep(1000);
    return arg;
}
int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, nap, 0);
    for (;;) usleep(1000);
}
)";

inline const char* const leader_exit_src = R"(
#include <pthread.h>
volatile unsigned long counter;
void *spin(void *arg) {
    for (;;) counter++;
    return arg;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, spin, 0);
    pthread_exit(0);
}
)";

inline const char* const forever_src = R"(
#include <pthread.h>
volatile long total;
__attribute__((noinline)) void hit(long i) { __sync_fetch_and_add(&total, i); }
void *worker(void *arg) { for (;;) hit(1); }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    for (;;) hit(1);
}
)";

inline const char* const watch_threads_src = R"(
#include <pthread.h>
int value;
void *worker(void *arg) { value = 5; return 0; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_join(t, 0);
    return value == 5 ? 0 : 1;
}
)";

// getpid through a `syscall` instruction of its own (label sys_insn; after_insn follows it).
// Exit 0 if the call returned the pid.
inline const char* const syscall_insn_src = R"(
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    long ret;
    __asm__ volatile(".globl sys_insn\nsys_insn: syscall\n.globl after_insn\nafter_insn:"
                     : "=a"(ret)
                     : "a"((long)SYS_getpid)
                     : "rcx", "r11", "memory");
    return ret == getpid() ? 0 : 1;
}
)";

} // namespace linux_test
