/* Breakpoint target: main calls hit(i) for i = 0 .. N-1 (N from argv[1]).
   A breakpoint on hit() must stop N times, the last time with i == N-1. */
#include <stdlib.h>

volatile long sum;

__attribute__((noinline)) void hit(int i)
{
    sum += i;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    for (int i = 0; i < n; i++)
        hit(i);
    return sum == (long)n * (n - 1) / 2 ? 0 : 1;
}
