/* execer PROG: execs PROG with one argument "from-execer"; exits 1 if the exec fails. */
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    execl(argv[1], argv[1], "from-execer", (char *)0);
    return 1;
}
