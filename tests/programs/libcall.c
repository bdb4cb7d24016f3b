/* libcall: calls into libdemo.so and libc's puts. Exits 4 when the library
 * answered right. */
#include <stdio.h>

int demo_add(int a, int b);
int demo_mul(int a, int b);
extern int demo_calls;

int main(void)
{
    int sum = demo_add(2, 3); /* LINE:main_add */
    int product = demo_mul(sum, 7);
    puts("libcall: hello from puts"); /* LINE:main_puts */
    fflush(stdout);
    return (sum == 5 && product == 35 && demo_calls == 2) ? 4 : 1;
}
