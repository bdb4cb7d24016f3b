/* Watchpoint target: writes watched = 1 .. N (N from argv[1]), each write a
   change, so a `watch watched` stops N times, the last time with watched == N. */
#include <stdlib.h>

int watched;

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    for (int i = 1; i <= n; i++)
        watched = i;
    return watched == n ? 0 : 1;
}
