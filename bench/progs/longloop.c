/* Range stepping: `next` over the marked line runs a one-line loop of N
   iterations (N from argv[1]); total must then be N*(N-1)/2. */
#include <stdlib.h>

volatile long total;

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    for (int i = 0; i < n; i++) total += i; /* LOOP */
    return total == (long)n * (n - 1) / 2 ? 0 : 1;
}
