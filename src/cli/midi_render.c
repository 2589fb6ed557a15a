/*
 * midi_render.c - `portacm play FILE.mid --to OUT.wav`: renders a Standard MIDI File through
 * portacm's synthesizer (portacm_synth_*, offline: no sound card, deterministic) into a 16-bit
 * stereo WAV file. Each event is applied at the sample its time gives (tempo changes
 * included); the file lasts exactly as long as the song (to its last end of track). The WAV is
 * written under a temporary name and renamed when complete (wav_write.c).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "midi_cli.h"
#include "portacm.h"

#define RENDER_CHUNK 4096          /* frames rendered at a time */
#define RENDER_MAX_SECONDS 43200.0 /* 12 hours: a longer song is refused, not rendered */

typedef struct renderer {
    const char *name;
    const smf_song *song;
    portacm_synth *synth;
    wav_writer writer;
    uint32_t rate;
    uint64_t frames_done;
    int16_t buffer[2 * RENDER_CHUNK];
} renderer;

/* Renders up to frame `until`. Returns false on a write error (reported). */
static bool render_until(renderer *r, uint64_t until)
{
    while (r->frames_done < until && !cli_interrupted()) {
        uint64_t n = until - r->frames_done;
        if (n > RENDER_CHUNK)
            n = RENDER_CHUNK;
        portacm_synth_render(r->synth, r->buffer, (size_t)n);
        if (!wav_write_data(&r->writer, r->buffer, (size_t)n * 4))
            return false;
        r->frames_done += n;
        progress_add(n);
    }
    return true;
}

/* Plays every event into the synthesizer at its frame. Returns an exit code. */
static int render_events(renderer *r)
{
    const smf_song *song = r->song;
    double seconds = 0, tempo = 500000;
    uint64_t tick = 0;
    bool smpte = song->division & 0x8000;
    for (size_t i = 0; i <= song->count; i++) {
        const smf_event *e = i < song->count ? &song->events[i] : NULL;
        uint64_t at = e ? e->tick : song->end_tick;
        seconds = smpte ? smf_seconds_at(song, at) : seconds + (double)(at - tick) * tempo / 1e6 / song->division;
        tick = at;
        if (!render_until(r, (uint64_t)(seconds * r->rate + 0.5)))
            return CLI_EXIT_FAILURE;
        if (cli_interrupted())
            return 128 + cli_interrupted();
        if (!e)
            break;
        if (e->kind == SMF_SHORT)
            portacm_synth_short_message(r->synth, e->data);
        else if (e->kind == SMF_TEMPO)
            tempo = e->data ? e->data : 1;
        else
            portacm_synth_long_message(r->synth, song->sysex + e->data, e->length);
    }
    return CLI_EXIT_OK;
}

int midi_render(const char *name, const smf_song *song, const midi_render_options *options)
{
    double duration = smf_seconds_at(song, song->end_tick);
    if (duration > RENDER_MAX_SECONDS) {
        cli_error(name, "the song lasts %.0f hours; --to renders at most %.0f hours", duration / 3600,
                  RENDER_MAX_SECONDS / 3600);
        return CLI_EXIT_BAD_INPUT;
    }
    if (!options->force && wav_output_exists(options->output)) {
        cli_error(options->output, "exists (use -y or --force to replace it)");
        return CLI_EXIT_EXISTS;
    }
    renderer *r = cli_alloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->name = name;
    r->song = song;
    r->rate = options->rate;
    r->synth = portacm_synth_open(options->soundfont, options->rate);
    if (!r->synth) {
        cli_error(name, "cannot start the synthesizer at %u Hz (no SoundFont found or loadable%s%s; "
                  "PORTACM_SOUNDFONT or --soundfont names one)",
                  options->rate, options->soundfont ? ": " : "", options->soundfont ? options->soundfont : "");
        free(r);
        return CLI_EXIT_FAILURE;
    }
    WAVEFORMATEX wfx = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 2, .nSamplesPerSec = options->rate,
                        .nAvgBytesPerSec = options->rate * 4, .nBlockAlign = 4, .wBitsPerSample = 16};
    size_t fmt_size;
    void *fmt = wav_file_format(&wfx, 0, &fmt_size);
    uint64_t total = (uint64_t)(duration * options->rate + 0.5);
    int status = wav_open_write(&r->writer, options->output, fmt, fmt_size, false, NULL, 0, total * 4, CLI_RF64_AUTO,
                                options->force);
    free(fmt);
    if (status == CLI_EXIT_OK) {
        cli_info("%s: rendering %.1f s at %u Hz to %s", name, duration, options->rate, options->output);
        progress_begin(total, options->output);
        status = render_events(r);
        progress_end();
        if (status == CLI_EXIT_OK)
            status = wav_commit(&r->writer, r->frames_done);
        else
            wav_abort(&r->writer);
    }
    portacm_synth_close(r->synth);
    free(r);
    return status;
}
