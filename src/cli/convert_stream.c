/*
 * convert_stream.c - moving the data through a planned chain in bounded memory. Every stage
 * owns a source and a destination buffer sized with acmStreamSize. Full source buffers are
 * converted with ACM_STREAMCONVERTF_BLOCKALIGN (leftover partial blocks move to the front and
 * wait for more data); at the end every stage, in order, gets the rest with
 * ACM_STREAMCONVERTF_END so that partial last blocks are decoded and encoders flush, exactly
 * as Microsoft documents for acmStreamConvert. A driver that runs away (docs/SECURITY.md) is
 * stopped here.
 */
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

#define STAGE_MAX_DESTINATION (64 * 1024 * 1024)
/* Runaway drivers (docs/SECURITY.md): calls in a row that consume no input before a stage is
 * declared stuck, and the output a stage may produce: OUTPUT_MARGIN times what acmStreamSize
 * promised for the input it received (one destination buffer per source buffer, counted
 * generously) plus OUTPUT_SLACK bytes. */
#define MAX_IDLE_CALLS 64
#define OUTPUT_MARGIN 4
#define OUTPUT_SLACK (1024 * 1024)

static bool deliver(chain *c, size_t index, const BYTE *data, size_t size);

/* The most output stage `s` may have produced by now: OUTPUT_MARGIN times the destination
 * size acmStreamSize gave for each source buffer of input received (rounded up, plus one for
 * the END flush), plus OUTPUT_SLACK. Saturates instead of overflowing. */
static uint64_t output_bound(const stage *s)
{
    uint64_t buffers = s->bytes_in / s->source_capacity + 2;
    uint64_t per_buffer = (uint64_t)s->destination_capacity * OUTPUT_MARGIN;
    if (buffers > (UINT64_MAX - OUTPUT_SLACK) / per_buffer)
        return UINT64_MAX;
    return buffers * per_buffer + OUTPUT_SLACK;
}

/* Converts what the stage holds: whole blocks unless `final`, everything (with END) if final.
 * A driver that keeps answering without consuming input (MAX_IDLE_CALLS calls in a row, or
 * an END flush that never ends) or that produces more than output_bound() stops the
 * conversion with CLI_EXIT_FAILURE instead of writing forever. */
static bool stage_run(chain *c, size_t index, bool final)
{
    stage *s = &c->stages[index];
    unsigned stalls = 0;
    for (;;) {
        if (!final && s->source_length < s->source_block)
            return true;
        DWORD flags = final ? ACM_STREAMCONVERTF_END : ACM_STREAMCONVERTF_BLOCKALIGN;
        if (!s->started)
            flags |= ACM_STREAMCONVERTF_START;
        s->header.cbSrcLength = s->source_length;
        s->header.cbDstLength = s->destination_capacity;
        s->header.cbSrcLengthUsed = 0;
        s->header.cbDstLengthUsed = 0;
        MMRESULT mr = acmStreamConvert(s->stream, &s->header, flags);
        if (mr != MMSYSERR_NOERROR) {
            if (final && s->source_length == 0)
                return true; /* the driver has nothing to flush */
            cli_error(c->subject, "conversion step %zu failed: %s", index + 1, portacm_mmresult_string(mr));
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        s->started = true;
        DWORD used = s->header.cbSrcLengthUsed, produced = s->header.cbDstLengthUsed;
        if (used > s->source_length || produced > s->destination_capacity) {
            cli_error(c->subject, "conversion step %zu: the driver reported impossible lengths", index + 1);
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        if (used) {
            memmove(s->source, s->source + used, s->source_length - used);
            s->source_length -= used;
            s->idle_calls = 0;
        } else if (produced && ++s->idle_calls > MAX_IDLE_CALLS) {
            cli_error(c->subject, "conversion step %zu makes no progress: the driver %s", index + 1,
                      final ? "never ends its END flush" : "keeps producing output without consuming input");
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        s->bytes_out += produced;
        if (s->bytes_out > output_bound(s)) {
            cli_error(c->subject, "conversion step %zu produced more output than %llu input bytes can give "
                                  "(%llu bytes); the driver is stopped",
                      index + 1, (unsigned long long)s->bytes_in, (unsigned long long)s->bytes_out);
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        if (produced && !deliver(c, index + 1, s->destination, produced))
            return false;
        if (used == 0 && produced == 0) {
            if (final) {
                if (s->source_length)
                    cli_warn(c->subject, "step %zu left %lu bytes unconverted at the end (a partial block)",
                             index + 1, (unsigned long)s->source_length);
                return true;
            }
            if (s->source_length >= s->source_capacity || ++stalls > 2) {
                cli_error(c->subject, "conversion step %zu makes no progress", index + 1);
                c->status = CLI_EXIT_FAILURE;
                return false;
            }
            return true;
        }
        if (final && s->source_length == 0 && produced == 0)
            return true;
    }
}

/* Passes `size` bytes to stage `index` (or to the writer after the last stage). */
static bool deliver(chain *c, size_t index, const BYTE *data, size_t size)
{
    if (index == 1 && c->skipped < c->skip) {
        uint64_t drop = c->skip - c->skipped;
        if (drop > size)
            drop = size;
        c->skipped += drop;
        data += drop;
        size -= (size_t)drop;
    }
    if (index == 1 && c->limit != UINT64_MAX) {
        uint64_t left = c->limit > c->passed ? c->limit - c->passed : 0;
        if (size > left)
            size = (size_t)left;
        c->passed += size;
    }
    if (index >= c->count)
        return wav_write_data(c->writer, data, size) || ((c->status = CLI_EXIT_FAILURE), false);
    stage *s = &c->stages[index];
    s->bytes_in += size;
    while (size > 0) {
        size_t room = s->source_capacity - s->source_length;
        size_t part = size < room ? size : room;
        memcpy(s->source + s->source_length, data, part);
        s->source_length += (DWORD)part;
        data += part;
        size -= part;
        if (s->source_length == s->source_capacity && !stage_run(c, index, false))
            return false;
    }
    return true;
}

/* End of stream for an encoder from PCM to a block format (IMA and MS ADPCM, GSM 6.10): the
 * last partial block is padded with silence so that the encoder receives whole blocks only.
 * Windows' encoders convert whole blocks and leave a partial one unconsumed, and a short last
 * block is not standard; padding keeps every sample. The padding is not counted in bytes_in,
 * so the fact chunk keeps the true sample count. */
static void pad_last_block(chain *c, size_t index, const plan_step *step)
{
    stage *s = &c->stages[index];
    if (!cli_format_is_pcm(step->from, cli_format_size(step->from)) ||
        cli_format_is_pcm(step->to, cli_format_size(step->to)))
        return;
    DWORD per_block = cli_format_samples_per_block(step->to);
    uint64_t block_bytes = (uint64_t)per_block * step->from->nBlockAlign;
    if (per_block <= 1 || block_bytes == 0 || s->source_length % block_bytes == 0)
        return;
    uint64_t pad = block_bytes - s->source_length % block_bytes;
    if (s->source_length + pad > s->source_capacity) {
        /* Cannot happen (the buffer holds two blocks and stage_run left less than one). */
        cli_warn(c->subject, "step %zu: no room to pad the last block", index + 1);
        return;
    }
    /* Silence: 0x80 for unsigned 8-bit samples, zero bytes otherwise (integers and float). */
    int silence = step->from->wBitsPerSample == 8 ? 0x80 : 0;
    memset(s->source + s->source_length, silence, (size_t)pad);
    s->source_length += (DWORD)pad;
}

void cli_chain_close(chain *c)
{
    for (size_t i = 0; i < c->count; i++) {
        stage *s = &c->stages[i];
        if (s->prepared) {
            s->header.cbSrcLength = s->source_capacity;
            s->header.cbDstLength = s->destination_capacity;
            acmStreamUnprepareHeader(s->stream, &s->header, 0);
        }
        if (s->stream)
            acmStreamClose(s->stream, 0);
        free(s->source);
        free(s->destination);
    }
    c->count = 0;
}

static DWORD round_down(DWORD value, DWORD block)
{
    return block ? value / block * block : value;
}

/* Opens every step's stream and sizes its buffers. */
int cli_chain_open(chain *c, const plan *p, const convert_options *o)
{
    DWORD flags = o->high_quality ? ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY : 0;
    for (size_t i = 0; i < p->count; i++) {
        stage *s = &c->stages[i];
        const plan_step *step = &p->steps[i];
        c->count = i + 1;
        MMRESULT mr = acmStreamOpen(&s->stream, step->driver, step->from, step->to, NULL, 0, 0, flags);
        if (mr != MMSYSERR_NOERROR) {
            cli_error(c->subject, "cannot open conversion step %zu: %s", i + 1, portacm_mmresult_string(mr));
            return mr == ACMERR_NOTPOSSIBLE ? CLI_EXIT_UNSUPPORTED : CLI_EXIT_FAILURE;
        }
        s->source_block = step->from->nBlockAlign ? step->from->nBlockAlign : 1;
        /* Enough source for two blocks of the destination side too (an encoder consumes
         * samples-per-block frames at a time). */
        DWORD per_block = cli_format_samples_per_block(step->to);
        uint64_t wanted = CLI_STAGE_SOURCE_BYTES;
        if (per_block > 1 && (uint64_t)per_block * s->source_block * 2 > wanted)
            wanted = (uint64_t)per_block * s->source_block * 2;
        if ((uint64_t)s->source_block * 2 > wanted)
            wanted = (uint64_t)s->source_block * 2;
        DWORD capacity = round_down((DWORD)wanted, s->source_block);
        DWORD destination = 0;
        for (;;) {
            mr = acmStreamSize(s->stream, capacity, &destination, ACM_STREAMSIZEF_SOURCE);
            if (mr == MMSYSERR_NOERROR && destination > STAGE_MAX_DESTINATION && capacity / 2 >= s->source_block * 2) {
                capacity = round_down(capacity / 2, s->source_block);
                continue;
            }
            break;
        }
        if (mr != MMSYSERR_NOERROR || destination == 0) {
            cli_error(c->subject, "conversion step %zu: acmStreamSize failed: %s", i + 1,
                      mr ? portacm_mmresult_string(mr) : "no output size");
            return CLI_EXIT_FAILURE;
        }
        s->source_capacity = capacity;
        s->destination_capacity = destination;
        s->source = cli_alloc(capacity);
        s->destination = cli_alloc(destination);
        memset(&s->header, 0, sizeof s->header);
        s->header.cbStruct = sizeof s->header;
        s->header.pbSrc = s->source;
        s->header.cbSrcLength = capacity;
        s->header.pbDst = s->destination;
        s->header.cbDstLength = destination;
        mr = acmStreamPrepareHeader(s->stream, &s->header, 0);
        if (mr != MMSYSERR_NOERROR) {
            cli_error(c->subject, "conversion step %zu: cannot prepare buffers: %s", i + 1,
                      portacm_mmresult_string(mr));
            return CLI_EXIT_FAILURE;
        }
        s->prepared = true;
        if (cli_verbose) {
            char from[256], to[256], driver[64];
            cli_format_describe(step->from, from, sizeof from);
            cli_format_describe(step->to, to, sizeof to);
            cli_driver_name((HACMOBJ)s->stream, driver, sizeof driver);
            cli_info("%s: step %zu/%zu: %s -> %s [driver %s]", c->subject, i + 1, p->count, from, to, driver);
        }
    }
    return CLI_EXIT_OK;
}


/* Reads the input into stage 0, or straight into the writer when there is no stage. */
static int stream_input(chain *c, wav_reader *reader, BYTE *copy_buffer, size_t read_size)
{
    for (;;) {
        stage *first = c->count ? &c->stages[0] : NULL;
        BYTE *into = first ? first->source + first->source_length : copy_buffer;
        size_t room = first ? first->source_capacity - first->source_length : read_size;
        long got = wav_read_data(reader, into, room);
        if (got < 0)
            return CLI_EXIT_FAILURE;
        if (got == 0)
            return CLI_EXIT_OK;
        progress_add((uint64_t)got);
        if (!first) {
            if (!wav_write_data(c->writer, copy_buffer, (size_t)got))
                return CLI_EXIT_FAILURE;
            continue;
        }
        first->bytes_in += (uint64_t)got;
        first->source_length += (DWORD)got;
        if (first->source_length == first->source_capacity && !stage_run(c, 0, false))
            return c->status ? c->status : CLI_EXIT_FAILURE;
    }
}

/* End of stream: every stage in order converts its whole blocks, gets its last block padded
 * when it encodes to a block format, and flushes with END into the next. */
static int stream_end(chain *c, const plan *p)
{
    for (size_t i = 0; i < c->count; i++) {
        bool ok = stage_run(c, i, false);
        if (ok)
            pad_last_block(c, i, &p->steps[i]);
        if (!ok || !stage_run(c, i, true))
            return c->status ? c->status : CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int cli_chain_stream(chain *c, const plan *p, wav_reader *reader, bool show_progress)
{
    size_t read_size = c->count ? c->stages[0].source_capacity : CLI_STAGE_SOURCE_BYTES;
    BYTE *copy_buffer = c->count ? NULL : cli_alloc(read_size);
    if (show_progress)
        progress_begin(reader->data_size != UINT64_MAX ? reader->data_size : 0, c->subject);
    int status = stream_input(c, reader, copy_buffer, read_size);
    if (status == CLI_EXIT_OK)
        status = stream_end(c, p);
    if (show_progress)
        progress_end();
    free(copy_buffer);
    return status;
}
