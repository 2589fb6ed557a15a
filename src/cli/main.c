/*
 * main.c - the portacm command-line tool: entry point, subcommand dispatch and signal
 * handling. The shared helpers are in cli_util.c. Everything goes through the public API.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "midi_cli.h"
#include "portacm.h"

static const char main_help[] =
    "usage: portacm <command> [options] [arguments]\n"
    "\n"
    "Converts and inspects WAV audio through the Audio Compression Manager, plays and records it.\n"
    "\n"
    "commands:\n"
    "  convert IN OUT [--to FORMAT] ...   convert a file (IN/OUT may be - for stdin/stdout)\n"
    "  convert IN... -o DIR [-j N] ...    convert many files in parallel\n"
    "  info FILE...                       show the format, chunks and header problems\n"
    "  drivers                            list the ACM drivers and their format tags\n"
    "  formats [TAG]                      list the standard formats of every (or one) tag\n"
    "  suggest FILE --to FORMAT           show the format the ACM suggests for FILE\n"
    "  play FILE [--device ID]            play a WAV file through the wave mapper or a device\n"
    "  play FILE.mid [--to OUT.wav]       play a MIDI file (midiStreamOut), or render it to WAV\n"
    "  record FILE --to FORMAT [--seconds N]  record from a wave input device into FORMAT\n"
    "  devices                            list the wave output and input devices and mixers\n"
    "  midi devices                       list the MIDI output and input devices\n"
    "\n"
    "options for every command: -h/--help, -v (more detail), -q (quiet), --json (where it applies)\n"
    "portacm --version prints the version.  'portacm <command> --help' explains a command.\n"
    "\n"
    "exit codes: 0 success, 1 I/O or conversion failure, 2 usage error,\n"
    "            3 unsupported format or conversion, 4 invalid input file, 5 output exists,\n"
    "            130/143 play stopped by SIGINT/SIGTERM\n";

/* ---- signals: never leave a temporary output behind ------------------------------------- */

/* Every signal whose default action ends the process and that a handler can catch. */
static const int fatal_signals[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV, SIGUSR2,
    SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
#ifdef SIGIO
    SIGIO,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGEMT
    SIGEMT,
#endif
#ifdef SIGLOST
    SIGLOST,
#endif
};

/* Removes the temporary outputs, then lets the signal end the process as it would have: the
 * action was reset to the default on entry (SA_RESETHAND) and the signal is blocked while this
 * runs, so the raise() is delivered on return and the exit status says "killed by <signal>".
 * A fault (SIGSEGV in a driver) simply happens again on return, now with the default action. */
static void on_fatal_signal(int number)
{
    int saved = errno;
    wav_remove_temporaries();
    raise(number);
    errno = saved;
}

static void catch_signal(int number, const sigset_t *all)
{
    struct sigaction action, old;
    /* A signal ignored when we started stays ignored (nohup, background jobs). */
    if (sigaction(number, NULL, &old) != 0 || old.sa_handler == SIG_IGN)
        return;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_fatal_signal;
    action.sa_mask = *all; /* one handler at a time; the raise() waits for the return */
    action.sa_flags = SA_RESETHAND | SA_ONSTACK;
    sigaction(number, &action, NULL);
}

static void install_signal_handlers(void)
{
    sigset_t all;
    sigfillset(&all);
    cli_signal_stack(true);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        catch_signal(fatal_signals[i], &all);
#if defined(SIGRTMIN) && defined(SIGRTMAX)
    for (int number = SIGRTMIN; number <= SIGRTMAX; number++)
        catch_signal(number, &all);
#endif
    /* A closed pipe on stdout is reported as a write error (and the temporary removed)
     * instead of killing us silently. */
    signal(SIGPIPE, SIG_IGN);
}

/* The alternate signal stack of this thread, when cli_signal_stack allocated it. */
static _Thread_local void *own_signal_stack;

bool cli_signal_stack(bool on)
{
    stack_t current;
    if (on) {
        if (sigaltstack(NULL, &current) != 0 || !(current.ss_flags & SS_DISABLE))
            return false; /* this thread has one already */
        size_t size = SIGSTKSZ > 65536 ? SIGSTKSZ : 65536;
        stack_t stack = {.ss_sp = malloc(size), .ss_flags = 0, .ss_size = size};
        if (stack.ss_sp && sigaltstack(&stack, NULL) == 0) {
            own_signal_stack = stack.ss_sp;
            return true;
        }
        free(stack.ss_sp);
    } else if (own_signal_stack) {
        stack_t off = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};
        if (sigaltstack(&off, NULL) == 0) {
            free(own_signal_stack);
            own_signal_stack = NULL;
        }
    }
    return false;
}

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"convert", cmd_convert}, {"info", cmd_info},       {"drivers", cmd_drivers},
    {"formats", cmd_formats}, {"suggest", cmd_suggest}, {"play", cmd_play},
    {"record", cmd_record},   {"devices", cmd_devices}, {"midi", cmd_midi},
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
