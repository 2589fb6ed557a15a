/*
 * main.c - the portacm command-line tool: entry point, subcommand dispatch and signal
 * handling. The shared helpers are in cli_util.c. Everything goes through the public API.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "portacm.h"

static const char main_help[] =
    "usage: portacm <command> [options] [arguments]\n"
    "\n"
    "Converts and inspects WAV audio through the Audio Compression Manager.\n"
    "\n"
    "commands:\n"
    "  convert IN OUT [--to FORMAT] ...   convert a file (IN/OUT may be - for stdin/stdout)\n"
    "  convert IN... -o DIR [-j N] ...    convert many files in parallel\n"
    "  info FILE...                       show the format, chunks and header problems\n"
    "  drivers                            list the ACM drivers and their format tags\n"
    "  formats [TAG]                      list the standard formats of every (or one) tag\n"
    "  suggest FILE --to FORMAT           show the format the ACM suggests for FILE\n"
    "\n"
    "options for every command: -h/--help, -v (more detail), -q (quiet), --json (where it applies)\n"
    "portacm --version prints the version.  'portacm <command> --help' explains a command.\n"
    "\n"
    "exit codes: 0 success, 1 I/O or conversion failure, 2 usage error,\n"
    "            3 unsupported format or conversion, 4 invalid input file, 5 output exists\n";

/* ---- signals: never leave a temporary output behind ------------------------------------- */

static void on_signal(int number)
{
    wav_remove_temporaries();
    signal(number, SIG_DFL);
    raise(number);
}

static void install_signal_handlers(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    /* A closed pipe on stdout is reported as a write error instead of killing us silently
     * with the temporary file left behind. */
    signal(SIGPIPE, SIG_IGN);
}

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"convert", cmd_convert}, {"info", cmd_info},       {"drivers", cmd_drivers},
    {"formats", cmd_formats}, {"suggest", cmd_suggest},
};

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
        printf("portacm %s\n", portacm_version());
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
        if (argc >= 3 && strcmp(argv[1], "help") == 0) {
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
                if (strcmp(argv[2], commands[i].name) == 0) {
                    char *help_argv[] = {argv[2], (char *)"--help", NULL};
                    return commands[i].run(2, help_argv);
                }
            }
        }
        fputs(main_help, stdout);
        return 0;
    }
    if (argc < 2) {
        fputs(main_help, stderr);
        return CLI_EXIT_USAGE;
    }
    install_signal_handlers();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            int status = commands[i].run(argc - 1, argv + 1);
            if (fflush(stdout) != 0 && status == 0) {
                cli_error(NULL, "cannot write to standard output: %s", strerror(errno));
                status = CLI_EXIT_FAILURE;
            }
            return status;
        }
    }
    cli_error(NULL, "unknown command '%s' (try 'portacm --help')", argv[1]);
    return CLI_EXIT_USAGE;
}
