/*
 * convert_chain.c - planning the chain of ACM streams of a conversion. It follows Microsoft's
 * "multistep format conversion" and what the wave mapper does: first ask whether one driver
 * converts the input to the target directly (acmStreamOpen with ACM_STREAMOPENF_QUERY); if
 * none does, decode to PCM (the format acmFormatSuggest proposes), convert rate/channels/bits
 * with the PCM converter, and encode.
 */
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

void cli_plan_free(plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->steps[i].from);
        free(p->steps[i].to);
    }
    p->count = 0;
}

static bool query(HACMDRIVER had, const WAVEFORMATEX *from, const WAVEFORMATEX *to, DWORD flags)
{
    return acmStreamOpen(NULL, had, (LPWAVEFORMATEX)from, (LPWAVEFORMATEX)to, NULL, 0, 0,
                         flags | ACM_STREAMOPENF_QUERY) == MMSYSERR_NOERROR;
}

static bool plan_add(plan *p, const WAVEFORMATEX *from, const WAVEFORMATEX *to, HACMDRIVER had)
{
    if (p->count >= CLI_MAX_STEPS)
        return false;
    p->steps[p->count].from = cli_format_copy(from);
    p->steps[p->count].to = cli_format_copy(to);
    p->steps[p->count].driver = had;
    p->count++;
    return true;
}

/* PCM to PCM: one step through the PCM converter when it can, otherwise one attribute at a
 * time (bits to 16, channels, rate, then the target bits). */
static bool plan_pcm(plan *p, const WAVEFORMATEX *from, const WAVEFORMATEX *to, DWORD flags)
{
    if (cli_same_format(from, to))
        return true;
    if (query(NULL, from, to, flags))
        return plan_add(p, from, to, NULL);
    WAVEFORMATEX *current = cli_format_copy(from);
    WAVEFORMATEX *next[4];
    next[0] = cli_make_pcm(WAVE_FORMAT_PCM, current->nChannels, current->nSamplesPerSec, 16);
    next[1] = cli_make_pcm(WAVE_FORMAT_PCM, to->nChannels, current->nSamplesPerSec, 16);
    next[2] = cli_make_pcm(WAVE_FORMAT_PCM, to->nChannels, to->nSamplesPerSec, 16);
    next[3] = cli_format_copy(to);
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++) {
        if (cli_same_format(current, next[i]))
            continue;
        if (!query(NULL, current, next[i], flags) || !plan_add(p, current, next[i], NULL))
            ok = false;
        free(current);
        current = cli_format_copy(next[i]);
    }
    free(current);
    for (int i = 0; i < 4; i++)
        free(next[i]);
    return ok;
}

/* Plans source -> target. Returns an exit code, printing why on failure. */
int cli_plan_chain(const char *subject, const WAVEFORMATEX *source, const WAVEFORMATEX *target,
                   const convert_options *o, bool trim, plan *p)
{
    DWORD flags = o->high_quality ? ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY : 0;
    bool source_pcm = cli_format_is_pcm(source, cli_format_size(source));
    bool target_pcm = cli_format_is_pcm(target, cli_format_size(target));
    memset(p, 0, sizeof *p);
    if (cli_same_format(source, target))
        return CLI_EXIT_OK; /* a copy */
    /* One driver for the whole conversion (trimming needs the PCM form after the decoder). */
    if ((!trim || source_pcm) && query(o->driver, source, target, flags)) {
        plan_add(p, source, target, o->driver);
        return CLI_EXIT_OK;
    }
    if (source_pcm && target_pcm && !o->driver) {
        if (plan_pcm(p, source, target, flags))
            return CLI_EXIT_OK;
        cli_plan_free(p);
        cli_error(subject, "the PCM converter cannot convert this format");
        return CLI_EXIT_UNSUPPORTED;
    }
    WAVEFORMATEX *source_pcm_format = cli_decoded_pcm(source, o->driver);
    if (!source_pcm_format) {
        char text[256];
        cli_format_describe(source, text, sizeof text);
        cli_error(subject, "no installed driver decodes %s", text);
        return CLI_EXIT_UNSUPPORTED;
    }
    WAVEFORMATEX *target_pcm_format = cli_decoded_pcm(target, o->driver);
    if (!target_pcm_format) {
        char text[256];
        cli_format_describe(target, text, sizeof text);
        free(source_pcm_format);
        cli_error(subject, "no installed driver encodes %s", text);
        return CLI_EXIT_UNSUPPORTED;
    }
    int status = CLI_EXIT_OK;
    char text[256];
    if (!source_pcm) {
        HACMDRIVER had = o->driver;
        if (!query(had, source, source_pcm_format, flags) &&
            !(had && query(had = NULL, source, source_pcm_format, flags))) {
            cli_format_describe(source, text, sizeof text);
            cli_error(subject, "no installed driver decodes %s", text);
            status = CLI_EXIT_UNSUPPORTED;
        } else {
            plan_add(p, source, source_pcm_format, had);
        }
    }
    if (status == CLI_EXIT_OK && !plan_pcm(p, source_pcm_format, target_pcm_format, flags)) {
        cli_error(subject, "the PCM converter cannot convert between the decoded and the encoder's formats");
        status = CLI_EXIT_UNSUPPORTED;
    }
    if (status == CLI_EXIT_OK && !target_pcm) {
        HACMDRIVER had = o->driver;
        if (!query(had, target_pcm_format, target, flags) &&
            !(had && query(had = NULL, target_pcm_format, target, flags))) {
            cli_format_describe(target, text, sizeof text);
            cli_error(subject, "no installed driver encodes %s", text);
            status = CLI_EXIT_UNSUPPORTED;
        } else {
            plan_add(p, target_pcm_format, target, had);
        }
    }
    free(source_pcm_format);
    free(target_pcm_format);
    if (status != CLI_EXIT_OK)
        cli_plan_free(p);
    return status;
}
