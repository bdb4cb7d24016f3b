/* Helpers shared by the ceiling programs: a clock, a median, one output line.
   Each program prints "LIMIT name median unit check", which run.sh collects. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v in place; prints the median and the range of the repetitions. */
static inline void report(const char *name, const char *unit, double *v, int n, const char *check)
{
    qsort(v, n, sizeof *v, by_value);
    double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    printf("LIMIT %s %.6g %s %s; %d reps [%.6g-%.6g]\n", name, med, unit, check, n, v[0], v[n - 1]);
    fflush(stdout);
}

static inline void fail(const char *what)
{
    perror(what);
    exit(1);
}
