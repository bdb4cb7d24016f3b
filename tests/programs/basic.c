/* basic: globals, locals, nested calls with known return values, argv use.
 * Usage: basic [EXIT_CODE]   (exit code defaults to 0; the e2e tests pass 7)
 * The LINE: markers are looked up by the e2e tests; keep them on their lines. */
#include <stdio.h>
#include <stdlib.h>

int global_counter = 42;
const char *global_name = "rspd";
double global_ratio = 2.5;
int global_array[4] = {10, 20, 30, 40};

int square(int x)
{
    int result = x * x; /* LINE:square_body */
    return result;
}

int add(int a, int b)
{
    int sum = a + b; /* LINE:add_body */
    return sum;
}

int compute(int n)
{
    int sq = square(n); /* LINE:compute_first */
    int total = add(sq, 3);
    return total; /* compute(5) == 28 */
}

int main(int argc, char **argv)
{
    int local_a = 5; /* LINE:main_first */
    int local_b = 0;
    int code = 0; /* LINE:main_code */
    local_b = compute(local_a); /* LINE:main_call */
    global_counter += local_b; /* LINE:main_after_call */
    if (argc > 1)
        code = atoi(argv[1]);
    printf("basic: local_b=%d global_counter=%d code=%d\n", local_b, global_counter, code);
    fflush(stdout);
    return code; /* LINE:main_return */
}
