/* segv: writes through a bad pointer on a known line.
 * Usage: segv          -> writes to NULL
 *        segv ADDR     -> writes to ADDR (hex, e.g. 0xdead0), for $_siginfo tests */
#include <stdio.h>
#include <stdlib.h>

int before_crash = 0;

void crash(int *p)
{
    before_crash = 1;
    *p = 42; /* LINE:crash */
}

int main(int argc, char **argv)
{
    int *p = NULL;
    if (argc > 1)
        p = (int *)strtoul(argv[1], NULL, 16);
    crash(p); /* LINE:main_call */
    return 0;
}
