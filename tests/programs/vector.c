/* vector: known values in AVX registers at a breakpoint, and a check that a
 * value gdb writes into ymm1 reaches the program. Exits 0 when it reads back
 * 77 in the low lane of ymm1, 1 otherwise. */
#include <stdio.h>

int ymm0_lanes[8] = {11, 22, 33, 44, 55, 66, 77, 88};
int ymm1_back[8];

/* Empty and unoptimised: gdb stops here with ymm0 and ymm1 as main left them. */
__attribute__((noinline)) void checkpoint(void)
{
    __asm__ volatile("" ::: "memory"); /* LINE:checkpoint */
}

int main(void)
{
    __asm__ volatile(
        "vmovdqu %[lanes], %%ymm0\n\t"
        "vpxor %%ymm1, %%ymm1, %%ymm1\n\t"
        "call checkpoint\n\t"
        "vmovdqu %%ymm1, %[back]\n\t"
        : [back] "=m"(ymm1_back)
        : [lanes] "m"(ymm0_lanes)
        : "xmm0", "xmm1", "memory");
    printf("vector: ymm1[0]=%d ymm1[7]=%d\n", ymm1_back[0], ymm1_back[7]);
    fflush(stdout);
    return ymm1_back[0] == 77 && ymm1_back[7] == 5 ? 0 : 1;
}
