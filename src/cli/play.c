/*
 * play.c - `portacm play FILE`: plays a WAV file through waveOutOpen (the wave mapper, which
 * decodes through the ACM, or a device) with four buffers of about 50 ms refilled as the device
 * hands them back (CALLBACK_EVENT), a position line on a terminal, and a clean stop on Ctrl-C.
 * Also the helpers `record` shares: the interrupt flag and the device-ID option.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"
#include "midi_cli.h"

static const char play_help[] =
    "usage: portacm play FILE [--device ID] [-q] [-v]\n"
    "       (a MIDI file: see 'portacm play x.mid --help')\n"
    "\n"
    "Plays a WAV file in any format the installed ACM drivers decode, through the wave mapper\n"
    "(or the output device ID of 'portacm devices' with --device; 'mapper' is the mapper). On a\n"
    "terminal a line shows the position and the duration. Ctrl-C (SIGINT) or SIGTERM stops\n"
    "playback at once: the device is reset and closed.\n"
    "\n"
    "exit codes: 0 played to the end, 1 no device or a device error, 2 usage error,\n"
    "            3 no driver plays this format, 4 invalid input file,\n"
    "            130 / 143 stopped by SIGINT / SIGTERM\n";

#define PLAY_BUFFERS 4
#define PLAY_BUFFER_MS 50
#define PLAY_MPEG_BYTES 4096
#define WAIT_MS 50

/* ---- interruption (shared with record.c) ------------------------------------------------ */

static volatile sig_atomic_t interrupt_signal;

/* First SIGINT/SIGTERM: ask the command to stop. A second one: the user insists; remove the
 * temporaries and end now. */
static void on_interrupt(int number)
{
    if (interrupt_signal) {
        wav_remove_temporaries();
        _exit(128 + number);
    }
    interrupt_signal = number;
}

void cli_catch_interrupts(void)
{
    static const int numbers[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        struct sigaction action, old;
        if (sigaction(numbers[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_interrupt;
        sigfillset(&action.sa_mask);
        action.sa_flags = SA_ONSTACK;
        sigaction(numbers[i], &action, NULL);
    }
}

int cli_interrupted(void)
{
    return interrupt_signal;
}

bool cli_parse_device(const char *text, UINT *id)
{
    uint64_t number;
    if (text && strcmp(text, "mapper") == 0) {
        *id = WAVE_MAPPER;
        return true;
    }
    if (!cli_parse_uint(text, 0xFFFE, &number)) {
        cli_error(NULL, "--device is a device ID of 'portacm devices' or 'mapper', not '%s'", text ? text : "");
        return false;
    }
    *id = (UINT)number;
    return true;
}

void cli_device_error(const char *subject, const char *call, MMRESULT mr)
{
    cli_error(subject, "%s failed: %s", call, portacm_mmresult_string(mr));
}

/* ---- playback --------------------------------------------------------------------------- */

typedef struct player {
    wav_reader reader;
    HWAVEOUT hwo;
    HANDLE event;
    WAVEHDR headers[PLAY_BUFFERS];
    bool queued[PLAY_BUFFERS];
    bool end;
    double duration; /* seconds, 0 when unknown */
    bool progress;
} player;

/* The position in seconds, from whatever time format the device gives. */
static double position_seconds(const player *p)
{
    MMTIME time = {.wType = TIME_MS};
    if (waveOutGetPosition(p->hwo, &time, sizeof time) != MMSYSERR_NOERROR)
        return -1;
    const WAVEFORMATEX *wfx = p->reader.format;
    switch (time.wType) {
    case TIME_MS: return time.u.ms / 1000.0;
    case TIME_SAMPLES: return (double)time.u.sample / wfx->nSamplesPerSec;
    case TIME_BYTES: return wfx->nAvgBytesPerSec ? (double)time.u.cb / wfx->nAvgBytesPerSec : -1;
    default: return -1;
    }
}

/* "m:ss.s" */
static void format_time(double seconds, char *text, size_t size)
{
    unsigned long tenths = (unsigned long)(seconds * 10 + 0.5);
    snprintf(text, size, "%lu:%02lu.%lu", tenths / 600, tenths / 10 % 60, tenths % 10);
}

static void show_position(const player *p)
{
    if (!p->progress)
        return;
    double at = position_seconds(p);
    if (at < 0)
        return;
    char now[32], total[32] = "";
    format_time(at, now, sizeof now);
    if (p->duration > 0) {
        memcpy(total, " / ", 4);
        format_time(p->duration, total + 3, sizeof total - 3);
    }
    fprintf(stderr, "\r%s  %s%s ", p->reader.name, now, total);
    fflush(stderr);
}

/* Queues every free buffer with the next data. Returns an exit code. */
static int refill(player *p)
{
    WORD block = p->reader.format->nBlockAlign;
    for (int i = 0; i < PLAY_BUFFERS && !p->end; i++) {
        WAVEHDR *header = &p->headers[i];
        if (p->queued[i] && !(header->dwFlags & WHDR_DONE))
            continue;
        p->queued[i] = false;
        DWORD capacity = header->dwUser ? (DWORD)header->dwUser : header->dwBufferLength;
        long got = wav_read_data(&p->reader, header->lpData, capacity);
        if (got < 0)
            return CLI_EXIT_FAILURE;
        got -= got % block;
        if (got == 0) {
            p->end = true;
            break;
        }
        header->dwBufferLength = (DWORD)got;
        MMRESULT mr = waveOutWrite(p->hwo, header, sizeof *header);
        if (mr != MMSYSERR_NOERROR) {
            cli_device_error(p->reader.name, "waveOutWrite", mr);
            return CLI_EXIT_FAILURE;
        }
        p->queued[i] = true;
    }
    return CLI_EXIT_OK;
}

static bool all_done(const player *p)
{
    for (int i = 0; i < PLAY_BUFFERS; i++)
        if (p->queued[i] && !(p->headers[i].dwFlags & WHDR_DONE))
            return false;
    return true;
}

static int stream(player *p)
{
    int status = CLI_EXIT_OK;
    while (status == CLI_EXIT_OK && !cli_interrupted()) {
        status = refill(p);
        if (status != CLI_EXIT_OK || (p->end && all_done(p)))
            break;
        WaitForSingleObject(p->event, WAIT_MS);
        show_position(p);
    }
    if (p->progress)
        fputc('\n', stderr);
    if (status == CLI_EXIT_OK && cli_interrupted())
        status = 128 + cli_interrupted();
    return status;
}

/* Opens the device, prepares the buffers (dwUser keeps each one's capacity). */
static int open_device(player *p, UINT device)
{
    const WAVEFORMATEX *wfx = p->reader.format;
    MMRESULT mr = waveOutOpen(&p->hwo, device, wfx, (DWORD_PTR)p->event, 0, CALLBACK_EVENT);
    if (mr != MMSYSERR_NOERROR) {
        p->hwo = NULL;
        char description[160];
        cli_format_describe(wfx, description, sizeof description);
        cli_error(p->reader.name, "cannot play %s: waveOutOpen failed: %s", description, portacm_mmresult_string(mr));
        return mr == WAVERR_BADFORMAT ? CLI_EXIT_UNSUPPORTED : CLI_EXIT_FAILURE;
    }
    DWORD size = (DWORD)((uint64_t)wfx->nAvgBytesPerSec * PLAY_BUFFER_MS / 1000);
    /* MPEG audio has no fixed block: a buffer must hold whole frames (up to 1441 bytes), or
     * the mapper converts it to nothing and refuses it, as Windows' does. */
    if ((wfx->wFormatTag == WAVE_FORMAT_MPEGLAYER3 || wfx->wFormatTag == WAVE_FORMAT_MPEG) && size < PLAY_MPEG_BYTES)
        size = PLAY_MPEG_BYTES;
    size -= size % wfx->nBlockAlign;
    if (size < wfx->nBlockAlign)
        size = wfx->nBlockAlign;
    for (int i = 0; i < PLAY_BUFFERS; i++) {
        WAVEHDR *header = &p->headers[i];
        header->lpData = cli_alloc(size);
        header->dwBufferLength = size;
        header->dwUser = size;
        mr = waveOutPrepareHeader(p->hwo, header, sizeof *header);
        if (mr != MMSYSERR_NOERROR) {
            free(header->lpData);
            header->lpData = NULL;
            cli_device_error(p->reader.name, "waveOutPrepareHeader", mr);
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

static void close_device(player *p, bool reset)
{
    if (!p->hwo)
        return;
    if (reset)
        waveOutReset(p->hwo);
    for (int i = 0; i < PLAY_BUFFERS && p->headers[i].lpData; i++) {
        waveOutUnprepareHeader(p->hwo, &p->headers[i], sizeof p->headers[i]);
        free(p->headers[i].lpData);
    }
    MMRESULT mr = waveOutClose(p->hwo);
    if (mr != MMSYSERR_NOERROR)
        cli_device_error(p->reader.name, "waveOutClose", mr);
}

static int play_file(const char *path, UINT device)
{
    player p;
    memset(&p, 0, sizeof p);
    int status = wav_open_read(&p.reader, path);
    if (status != CLI_EXIT_OK)
        return status;
    const WAVEFORMATEX *wfx = p.reader.format;
    if (p.reader.data_samples)
        p.duration = (double)p.reader.data_samples / wfx->nSamplesPerSec;
    else if (p.reader.data_size != UINT64_MAX && wfx->nAvgBytesPerSec)
        p.duration = (double)p.reader.data_size / wfx->nAvgBytesPerSec;
    p.progress = !cli_quiet && isatty(STDERR_FILENO);
    p.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    if (!p.event) {
        cli_error(path, "cannot create an event");
        status = CLI_EXIT_FAILURE;
    }
    if (status == CLI_EXIT_OK)
        status = open_device(&p, device);
    if (status == CLI_EXIT_OK) {
        char description[160];
        cli_format_describe(wfx, description, sizeof description);
        cli_info("%s: playing %s", p.reader.name, description);
        status = stream(&p);
    }
    close_device(&p, status != CLI_EXIT_OK);
    if (p.event)
        CloseHandle(p.event);
    wav_close_read(&p.reader);
    return status;
}

int cmd_play(int argc, char **argv)
{
    if (cli_play_is_midi(argc, argv))
        return cmd_play_midi(argc, argv); /* a Standard MIDI File, or --to: play_midi.c */
    const char *file = NULL;
    UINT device = WAVE_MAPPER;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(play_help, stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(arg, "--device") == 0 || strcmp(arg, "-d") == 0 || strncmp(arg, "--device=", 9) == 0) {
            const char *value = arg[8] == '=' ? arg + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!cli_parse_device(value, &device))
                return CLI_EXIT_USAGE;
        } else if (cli_common_option(arg, &json) && !json) {
            continue;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_error(NULL, "play: unknown option '%s' (try --help)", arg);
            return CLI_EXIT_USAGE;
        } else if (file) {
            cli_error(NULL, "play: one file at a time (try --help)");
            return CLI_EXIT_USAGE;
        } else {
            file = arg;
        }
    }
    if (!file) {
        cli_error(NULL, "play: no file (try --help)");
        return CLI_EXIT_USAGE;
    }
    cli_catch_interrupts();
    return play_file(file, device);
}
