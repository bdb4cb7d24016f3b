/* Whole-session target: prints a line and exits with status 3, which the
   benchmark checks ($_exitcode). */
#include <stdio.h>

int main(void)
{
    puts("hello from the bench");
    return 3;
}
