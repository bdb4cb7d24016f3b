/* avx512: known values in AVX-512 registers at a breakpoint, and a check that a value gdb
 * writes into zmm20 reaches the program. zmm16 holds 16 known int32 lanes, k1 a known mask;
 * zmm20 is zero until gdb writes lanes 0 (in xmm20), 5 (in ymm20's upper half) and 15 (in
 * zmm20's upper half). Exits 0 when it reads back exactly those three lanes, 1 otherwise.
 * Built with -mavx512f (tests/programs/CMakeLists.txt): run it only where /proc/cpuinfo
 * says avx512f.
 * `avx512 --hi16-zmm-offset` prints where this CPU keeps zmm16-31 in the XSAVE image
 * (CPUID 0xD.7 EBX) and exits: the e2e test asks, as servers that assume Intel's offset
 * (1664) show the wrong registers elsewhere. */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

int zmm16_lanes[16] = {101, 102, 103, 104, 105, 106, 107, 108,
                       -1, -2, -3, -4, 1000000, 2000000, 0x7fffffff, -0x7fffffff - 1};
unsigned short k1_mask = 0xa5c3;
int zmm20_back[16];

/* Empty and unoptimised: gdb stops here with zmm16, k1 and zmm20 as main left them. */
__attribute__((noinline)) void checkpoint(void)
{
    __asm__ volatile("" ::: "memory"); /* LINE:checkpoint */
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--hi16-zmm-offset") == 0) {
        unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
        __get_cpuid_count(0xD, 7, &eax, &ebx, &ecx, &edx);
        printf("%u\n", ebx);
        return 0;
    }
    __asm__ volatile(
        "vmovdqu32 %[lanes], %%zmm16\n\t"
        "kmovw %[mask], %%k1\n\t"
        "vpxord %%zmm20, %%zmm20, %%zmm20\n\t"
        "call checkpoint\n\t"
        "vmovdqu32 %%zmm20, %[back]\n\t"
        : [back] "=m"(zmm20_back)
        : [lanes] "m"(zmm16_lanes), [mask] "m"(k1_mask)
        : "xmm16", "xmm20", "k1", "memory");
    int ok = 1;
    for (int i = 0; i < 16; ++i) {
        int expected = i == 0 ? 1234 : i == 5 ? -5 : i == 15 ? 77777 : 0;
        ok = ok && zmm20_back[i] == expected;
    }
    printf("avx512: zmm20[0]=%d zmm20[5]=%d zmm20[15]=%d\n", zmm20_back[0], zmm20_back[5],
           zmm20_back[15]);
    fflush(stdout);
    return ok ? 0 : 1;
}
