/*
 * play_midi.c - `portacm play FILE.mid`: plays a Standard MIDI File through midiStreamOpen
 * (MIDI_MAPPER or --device) with the file's time division (MIDIPROP_TIMEDIV), three buffers of
 * MIDIEVENTs of at most 64 KB refilled as MOM_DONE hands them back, a position line on a
 * terminal, and on Ctrl-C midiStreamStop (notes off) and close. With --to OUT.wav the song is
 * rendered through the synthesizer instead (midi_render.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "midi_cli.h"
#include "midi_events.h"

static const char play_midi_help[] =
    "usage: portacm play FILE.mid [--device ID] [-q] [-v]\n"
    "       portacm play FILE.mid --to OUT.wav [-y] [--rate HZ] [--soundfont FILE.sf2]\n"
    "\n"
    "Plays a Standard MIDI File (format 0, 1 or 2; recognised by its extension .mid, .midi,\n"
    ".smf or .kar, or by its MThd header) through a MIDI stream (midiStreamOut) on the MIDI\n"
    "mapper, or on the output device ID of 'portacm midi devices' with --device. Tempo changes\n"
    "and SysEx messages are played. On a terminal a line shows the position and the duration.\n"
    "Ctrl-C (SIGINT) or SIGTERM stops at once: the stream is stopped (notes off) and closed.\n"
    "\n"
    "--to OUT.wav renders the song through portacm's synthesizer into a 16-bit stereo WAV file\n"
    "instead (no sound card needed): --rate HZ (default 44100), --soundfont FILE (default:\n"
    "PORTACM_SOUNDFONT, synth.ini or the standard paths), -y/--force replaces OUT.wav.\n"
    "\n"
    "exit codes: 0 played to the end, 1 no device or a device error, 2 usage error,\n"
    "            4 invalid MIDI file, 5 OUT.wav exists, 130 / 143 stopped by SIGINT / SIGTERM\n";

#define STREAM_BUFFERS 3
#define STREAM_BUFFER_BYTES 65532 /* a multiple of 4 below 64 KB */
#define WAIT_MS 50

/* ---- detection -------------------------------------------------------------------------- */

static bool takes_value(const char *arg)
{
    static const char *const options[] = {"--device", "-d", "--to", "-o", "--rate", "--soundfont"};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(arg, options[i]) == 0)
            return true;
    return false;
}

static bool has_midi_extension(const char *path)
{
    static const char *const extensions[] = {".mid", ".midi", ".smf", ".kar"};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        const char *a = dot, *b = extensions[i];
        while (*a && *b && tolower((unsigned char)*a) == *b)
            a++, b++;
        if (!*a && !*b)
            return true;
    }
    return false;
}

static bool starts_with_mthd(const char *path)
{
    uint8_t head[4];
    FILE *file = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
    if (!file)
        return false;
    size_t n = fread(head, 1, sizeof head, file);
    fclose(file);
    return smf_looks_like(head, n);
}

bool cli_play_is_midi(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--to") == 0 || strncmp(arg, "--to=", 5) == 0)
            return true;
        if (takes_value(arg))
            i++;
        else if (arg[0] != '-' || arg[1] == '\0')
            return has_midi_extension(arg) || starts_with_mthd(arg);
    }
    return false;
}

/* ---- streaming -------------------------------------------------------------------------- */

typedef struct midi_player {
    const char *name;
    const smf_song *song;
    midi_events_cursor cursor;
    HMIDISTRM stream;
    HANDLE event;
    MIDIHDR headers[STREAM_BUFFERS];
    bool queued[STREAM_BUFFERS];
    double duration;
    bool progress;
} midi_player;

/* MOM_DONE (and the rest) only wake the loop: the headers' MHDR_DONE tells which. */
static void CALLBACK on_stream_message(HMIDIOUT hmo, UINT message, DWORD_PTR instance, DWORD_PTR param1,
                                       DWORD_PTR param2)
{
    (void)hmo;
    (void)param1;
    (void)param2;
    if (message == MOM_DONE)
        SetEvent((HANDLE)instance);
}

void midi_format_time(double seconds, char *text, size_t size)
{
    unsigned long tenths = (unsigned long)(seconds * 10 + 0.5);
    snprintf(text, size, "%lu:%02lu.%lu", tenths / 600, tenths / 10 % 60, tenths % 10);
}

static void show_position(const midi_player *p)
{
    MMTIME time = {.wType = TIME_MS};
    if (!p->progress || midiStreamPosition(p->stream, &time, sizeof time) != MMSYSERR_NOERROR ||
        time.wType != TIME_MS)
        return;
    char now[32], total[32];
    midi_format_time(time.u.ms / 1000.0, now, sizeof now);
    midi_format_time(p->duration, total, sizeof total);
    fprintf(stderr, "\r%s  %s / %s ", p->name, now, total);
    fflush(stderr);
}

/* Queues every free buffer with the next events. Returns an exit code. */
static int refill(midi_player *p)
{
    for (int i = 0; i < STREAM_BUFFERS; i++) {
        MIDIHDR *header = &p->headers[i];
        if (p->queued[i] && !(header->dwFlags & MHDR_DONE))
            continue;
        p->queued[i] = false;
        size_t used = midi_events_fill(p->song, &p->cursor, (uint8_t *)header->lpData, STREAM_BUFFER_BYTES);
        if (used == 0)
            break;
        header->dwBytesRecorded = (DWORD)used;
        MMRESULT mr = midiStreamOut(p->stream, header, sizeof *header);
        if (mr != MMSYSERR_NOERROR) {
            cli_device_error(p->name, "midiStreamOut", mr);
            return CLI_EXIT_FAILURE;
        }
        p->queued[i] = true;
    }
    return CLI_EXIT_OK;
}

static bool all_done(const midi_player *p)
{
    for (int i = 0; i < STREAM_BUFFERS; i++)
        if (p->queued[i] && !(p->headers[i].dwFlags & MHDR_DONE))
            return false;
    return true;
}

static int stream_song(midi_player *p)
{
    int status = refill(p);
    MMRESULT mr = status == CLI_EXIT_OK ? midiStreamRestart(p->stream) : MMSYSERR_NOERROR;
    if (mr != MMSYSERR_NOERROR) {
        cli_device_error(p->name, "midiStreamRestart", mr);
        status = CLI_EXIT_FAILURE;
    }
    while (status == CLI_EXIT_OK && !cli_interrupted()) {
        if (midi_events_done(p->song, &p->cursor) && all_done(p))
            break;
        WaitForSingleObject(p->event, WAIT_MS);
        status = refill(p);
        show_position(p);
    }
    if (p->progress)
        fputc('\n', stderr);
    if (status == CLI_EXIT_OK && cli_interrupted())
        status = 128 + cli_interrupted();
    return status;
}

static int open_stream(midi_player *p, UINT device)
{
    UINT id = device;
    MMRESULT mr = midiStreamOpen(&p->stream, &id, 1, (DWORD_PTR)on_stream_message, (DWORD_PTR)p->event,
                                 CALLBACK_FUNCTION);
    if (mr != MMSYSERR_NOERROR) {
        p->stream = NULL;
        cli_device_error(p->name, "midiStreamOpen", mr);
        cli_info("without a sound output, 'portacm play %s --to OUT.wav' renders the song to a file", p->name);
        return CLI_EXIT_FAILURE;
    }
    MIDIPROPTIMEDIV division = {.cbStruct = sizeof division, .dwTimeDiv = p->song->division};
    mr = midiStreamProperty(p->stream, (LPBYTE)&division, MIDIPROP_SET | MIDIPROP_TIMEDIV);
    if (mr != MMSYSERR_NOERROR) {
        cli_device_error(p->name, "midiStreamProperty(MIDIPROP_TIMEDIV)", mr);
        return CLI_EXIT_FAILURE;
    }
    for (int i = 0; i < STREAM_BUFFERS; i++) {
        MIDIHDR *header = &p->headers[i];
        header->lpData = cli_alloc(STREAM_BUFFER_BYTES);
        header->dwBufferLength = STREAM_BUFFER_BYTES;
        mr = midiOutPrepareHeader((HMIDIOUT)p->stream, header, sizeof *header);
        if (mr != MMSYSERR_NOERROR) {
            free(header->lpData);
            header->lpData = NULL;
            cli_device_error(p->name, "midiOutPrepareHeader", mr);
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

/* Stops (notes off, buffers returned) when the song did not end, then closes. */
static void close_stream(midi_player *p, bool stop)
{
    if (!p->stream)
        return;
    if (stop || !all_done(p))
        midiStreamStop(p->stream);
    for (int i = 0; i < STREAM_BUFFERS && p->headers[i].lpData; i++) {
        midiOutUnprepareHeader((HMIDIOUT)p->stream, &p->headers[i], sizeof p->headers[i]);
        free(p->headers[i].lpData);
    }
    MMRESULT mr = midiStreamClose(p->stream);
    if (mr != MMSYSERR_NOERROR)
        cli_device_error(p->name, "midiStreamClose", mr);
}

static int stream_file(const char *name, const smf_song *song, UINT device)
{
    midi_player *p = cli_alloc(sizeof *p);
    memset(p, 0, sizeof *p);
    p->name = name;
    p->song = song;
    p->duration = smf_seconds_at(song, song->end_tick);
    p->progress = !cli_quiet && isatty(STDERR_FILENO);
    p->event = CreateEventA(NULL, FALSE, FALSE, NULL);
    int status = p->event ? open_stream(p, device) : CLI_EXIT_FAILURE;
    if (!p->event)
        cli_error(name, "cannot create an event");
    if (status == CLI_EXIT_OK) {
        cli_info("%s: format %u, %u tracks, %zu events, division 0x%04X, %.1f s", name, song->format, song->tracks,
                 song->count, song->division, p->duration);
        status = stream_song(p);
        if (p->cursor.skipped)
            cli_warn(name, "%zu SysEx messages longer than a stream buffer were not sent", p->cursor.skipped);
    }
    close_stream(p, status != CLI_EXIT_OK);
    if (p->event)
        CloseHandle(p->event);
    free(p);
    return status;
}

/* ---- the command ------------------------------------------------------------------------ */

typedef struct play_midi_options {
    const char *file;
    UINT device;
    midi_render_options render;
} play_midi_options;

/* The value of `--name VALUE` or `--name=VALUE` at argv[*i] (NULL when absent). */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, play_midi_options *o)
{
    bool json = false;
    uint64_t number;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(play_midi_help, stdout);
            return CLI_EXIT_OK;
        }
        if (is_option(arg, "--device") || strcmp(arg, "-d") == 0) {
            const char *value = option_value(argc, argv, &i, "--device");
            if (value && strcmp(value, "mapper") == 0) {
                o->device = MIDI_MAPPER;
            } else if (cli_parse_uint(value, 0xFFFE, &number)) {
                o->device = (UINT)number;
            } else {
                cli_error(NULL, "--device is a device ID of 'portacm midi devices' or 'mapper', not '%s'",
                          value ? value : "");
                return CLI_EXIT_USAGE;
            }
        } else if (is_option(arg, "--to") || strcmp(arg, "-o") == 0) {
            if (!(o->render.output = option_value(argc, argv, &i, "--to")) || !o->render.output[0]) {
                cli_error(NULL, "play: --to needs a file name");
                return CLI_EXIT_USAGE;
            }
        } else if (is_option(arg, "--rate")) {
            if (!cli_parse_uint(option_value(argc, argv, &i, "--rate"), 192000, &number) || number < 8000) {
                cli_error(NULL, "play: --rate is a sample rate from 8000 to 192000 Hz");
                return CLI_EXIT_USAGE;
            }
            o->render.rate = (uint32_t)number;
        } else if (is_option(arg, "--soundfont")) {
            if (!(o->render.soundfont = option_value(argc, argv, &i, "--soundfont"))) {
                cli_error(NULL, "play: --soundfont needs a file name");
                return CLI_EXIT_USAGE;
            }
        } else if (strcmp(arg, "-y") == 0 || strcmp(arg, "--force") == 0) {
            o->render.force = true;
        } else if (cli_common_option(arg, &json) && !json) {
            continue;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_error(NULL, "play: unknown option '%s' (try --help)", arg);
            return CLI_EXIT_USAGE;
        } else if (o->file) {
            cli_error(NULL, "play: one file at a time (try --help)");
            return CLI_EXIT_USAGE;
        } else {
            o->file = arg;
        }
    }
    if (!o->file) {
        cli_error(NULL, "play: no file (try --help)");
        return CLI_EXIT_USAGE;
    }
    return -1;
}

int cmd_play_midi(int argc, char **argv)
{
    play_midi_options o = {.device = MIDI_MAPPER, .render = {.rate = 44100}};
    int status = parse_options(argc, argv, &o);
    if (status >= 0)
        return status;
    smf_song song;
    char error[400];
    status = smf_load(o.file, NULL, &song, error, sizeof error);
    if (status != CLI_EXIT_OK) {
        cli_error(o.file, "%s%s", status == CLI_EXIT_BAD_INPUT ? "invalid MIDI file: " : "", error);
        return status;
    }
    cli_catch_interrupts();
    if (o.render.output)
        status = midi_render(o.file, &song, &o.render);
    else
        status = stream_file(o.file, &song, o.device);
    smf_free(&song);
    return status;
}
