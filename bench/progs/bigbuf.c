/* Memory-read target: a heap buffer of MIB MiB, then ready() (a breakpoint
   site), then exit. Contents: without FILE, 64-bit word k holds k (mostly
   zero bytes, which run-length encoding shrinks); with FILE, its first bytes
   (random, incompressible). Usage: bigbuf MIB [FILE] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

uint64_t *buf;
unsigned long buf_size;

__attribute__((noinline)) void ready(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
    buf_size = strtoul(argc > 1 ? argv[1] : "64", 0, 10) << 20;
    buf = malloc(buf_size);
    if (!buf)
        return 1;
    if (argc > 2) {
        FILE *f = fopen(argv[2], "rb");
        if (!f || fread(buf, 1, buf_size, f) != buf_size)
            return 2;
        fclose(f);
    } else {
        for (unsigned long k = 0; k < buf_size / 8; k++)
            buf[k] = k;
    }
    ready();
    return 0;
}
