/*
 * main.c - the portacm command-line tool: entry point and subcommand dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "portacm.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
        printf("portacm %s\n", portacm_version());
        return 0;
    }
    fprintf(stderr, "usage: portacm --version\n");
    return 2;
}
