/* execed: the program that spawner and execer start. Exits 17 + argc. */
#include <stdio.h>

__attribute__((noinline)) int execed_work(int argc) { return 17 + argc; }

int main(int argc, char **argv)
{
    printf("execed: running with %d arguments\n", argc);
    fflush(stdout);
    return execed_work(argc);
}
