/* libdemo.so: a project shared library for shared-library breakpoints. */
int demo_calls = 0;

int demo_add(int a, int b)
{
    demo_calls++; /* LINE:demo_add_body */
    return a + b;
}

int demo_mul(int a, int b)
{
    demo_calls++;
    return a * b;
}
