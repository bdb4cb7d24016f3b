/* Stepping target. spin() zeroes rax, then loops at spin_top: `inc rax; jmp`.
   Stopped at spin_top with rax == 0, N single-steps (N even) leave rax == N/2
   and the pc back at spin_top: that is how a step count is checked. */
extern char spin_top[];

__attribute__((noinline)) static void spin(void)
{
    __asm__ volatile("xor %%eax, %%eax\n"
                     ".globl spin_top\n"
                     "spin_top:\n"
                     "    inc %%rax\n"
                     "    jmp spin_top\n" ::: "rax");
}

int main(void)
{
    spin();
    return 0;
}
