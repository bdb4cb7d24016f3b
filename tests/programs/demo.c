/* demo: the README's walkthrough program.
 *   rspd :2345 build/tests/programs/demo
 *   gdb build/tests/programs/demo -ex 'target remote :2345' -ex 'break fib' ... */
#include <stdio.h>

struct point {
    int x;
    int y;
};

const char *greeting = "hello from rspd";

int fib(int n)
{
    if (n < 2)
        return n; /* LINE:fib_base */
    return fib(n - 1) + fib(n - 2);
}

int manhattan(struct point p)
{
    return (p.x < 0 ? -p.x : p.x) + (p.y < 0 ? -p.y : p.y);
}

int main(void)
{
    struct point p = {3, -4};
    int total = 0;
    for (int i = 0; i <= 10; i++)
        total += fib(i); /* LINE:main_loop */
    int dist = manhattan(p);
    printf("%s: sum of fib(0..10) = %d, |p| = %d\n", greeting, total, dist);
    return 0; /* LINE:main_return */
}
