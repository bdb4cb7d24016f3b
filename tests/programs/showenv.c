/* showenv: what the program was started with, for the launch-environment tests.
 * Usage: showenv [ARGS...]   exits with argc.
 * checkpoint() runs once everything below is filled in: the e2e tests stop there and
 * print argc, argv[N], env_foo, env_gone and cwd. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *env_foo;  /* RSPD_E2E_FOO, or 0 */
const char *env_gone; /* RSPD_E2E_GONE, or 0 */
char cwd[4096];

__attribute__((noinline)) void checkpoint(void) { __asm__ volatile(""); }

int main(int argc, char **argv)
{
    env_foo = getenv("RSPD_E2E_FOO");
    env_gone = getenv("RSPD_E2E_GONE");
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = 0;
    for (int i = 0; i < argc; i++) printf("showenv: argv[%d]=<%s>\n", i, argv[i]);
    fflush(stdout);
    checkpoint();
    return argc;
}
