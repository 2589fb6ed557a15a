/*
 * smf.c - the Standard MIDI File reader (smf.h). A file is parsed from memory: the header,
 * then every MTrk chunk into one growing event array (each track already in tick order), then
 * a stable merge sort by tick (format 0 and 1) or a running offset (format 2, tracks one after
 * the other). Nothing is read or allocated from a declared length before it has been checked
 * against the bytes present and the limits.
 */
#include "smf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMF_MAX_DELTA 0x0FFFFFFFu /* four bytes of variable-length quantity */

typedef struct smf_parser {
    const uint8_t *data;
    size_t size;
    smf_limits limits;
    smf_song *song;
    size_t event_capacity;
    size_t sysex_capacity;
    char *error;
    size_t error_size;
} smf_parser;

static bool fail(smf_parser *p, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static bool fail(smf_parser *p, const char *format, ...)
{
    if (p->error && p->error_size) {
        va_list args;
        va_start(args, format);
        vsnprintf(p->error, p->error_size, format, args);
        va_end(args);
    }
    return false;
}

bool smf_looks_like(const uint8_t *head, size_t size)
{
    return size >= 4 && memcmp(head, "MThd", 4) == 0;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint16_t be16(const uint8_t *b)
{
    return (uint16_t)(b[0] << 8 | b[1]);
}

/* A variable-length quantity of at most four bytes at *at (< end). */
static bool read_vlq(smf_parser *p, const uint8_t **at, const uint8_t *end, uint32_t *value)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        if (*at >= end)
            return fail(p, "a variable-length number runs past the end of its track");
        uint8_t byte = *(*at)++;
        v = v << 7 | (byte & 0x7F);
        if (!(byte & 0x80)) {
            *value = v;
            return true;
        }
    }
    return fail(p, "a variable-length number is longer than four bytes");
}

static bool add_event(smf_parser *p, uint64_t tick, unsigned kind, uint32_t data, uint32_t length)
{
    smf_song *song = p->song;
    if (song->count == p->limits.max_events)
        return fail(p, "more than %zu events (the limit)", p->limits.max_events);
    if (song->count == p->event_capacity) {
        size_t grown = p->event_capacity ? p->event_capacity * 2 : 1024;
        if (grown > p->limits.max_events)
            grown = p->limits.max_events;
        smf_event *events = realloc(song->events, grown * sizeof *events);
        if (!events)
            return fail(p, "out of memory for %zu events", grown);
        song->events = events;
        p->event_capacity = grown;
    }
    smf_event *e = &song->events[song->count++];
    e->tick = tick;
    e->data = data;
    e->length = length;
    e->kind = kind;
    return true;
}

/* Copies a SysEx (with `prefix` F0 first when nonzero) into the pool and adds its event. */
static bool add_sysex(smf_parser *p, uint64_t tick, uint8_t prefix, const uint8_t *bytes, uint32_t count)
{
    smf_song *song = p->song;
    size_t total = (size_t)count + (prefix ? 1 : 0);
    if (total == 0)
        return true; /* an empty escape sends nothing */
    if (total > SMF_MAX_SYSEX_MESSAGE || total > p->limits.max_sysex_bytes - song->sysex_size)
        return fail(p, "more than %zu bytes of SysEx (the limit)", p->limits.max_sysex_bytes);
    if (song->sysex_size + total > p->sysex_capacity) {
        size_t grown = p->sysex_capacity ? p->sysex_capacity : 4096;
        while (grown < song->sysex_size + total)
            grown *= 2;
        if (grown > p->limits.max_sysex_bytes)
            grown = p->limits.max_sysex_bytes;
        uint8_t *pool = realloc(song->sysex, grown);
        if (!pool)
            return fail(p, "out of memory for %zu bytes of SysEx", grown);
        song->sysex = pool;
        p->sysex_capacity = grown;
    }
    uint8_t *to = song->sysex + song->sysex_size;
    if (prefix)
        *to++ = prefix;
    memcpy(to, bytes, count);
    if (!add_event(p, tick, SMF_SYSEX, (uint32_t)song->sysex_size, (uint32_t)total))
        return false;
    song->sysex_size += total;
    return true;
}

/* A meta event (after FF): tempo and end of track are used, the rest is counted. */
static bool meta_event(smf_parser *p, uint64_t tick, const uint8_t **at, const uint8_t *end, bool *track_end)
{
    if (*at >= end)
        return fail(p, "a meta event is cut off");
    uint8_t type = *(*at)++;
    uint32_t length = 0;
    if (!read_vlq(p, at, end, &length))
        return false;
    if (length > (size_t)(end - *at))
        return fail(p, "meta event 0x%02X declares %u bytes, %zu remain in its track", type, length,
                    (size_t)(end - *at));
    const uint8_t *body = *at;
    *at += length;
    if (type == 0x2F) {
        *track_end = true;
    } else if (type == 0x51) {
        if (length != 3)
            return fail(p, "a tempo meta event has %u bytes instead of 3", length);
        return add_event(p, tick, SMF_TEMPO, (uint32_t)body[0] << 16 | (uint32_t)body[1] << 8 | body[2], 0);
    } else {
        p->song->ignored_meta++;
    }
    return true;
}

/* Data bytes of a channel message by status (high nibble 8..E). */
static unsigned data_bytes(uint8_t status)
{
    return (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 1 : 2;
}

/* One event at *at. `running` is the running status (0: none). */
static bool track_event(smf_parser *p, uint64_t tick, const uint8_t **at, const uint8_t *end, uint8_t *running,
                        bool *track_end)
{
    uint8_t status = **at;
    if (status & 0x80)
        (*at)++;
    else if (*running)
        status = *running;
    else
        return fail(p, "data byte 0x%02X without a status (no running status)", status);
    if (status == 0xFF)
        return meta_event(p, tick, at, end, track_end);
    if (status == 0xF0 || status == 0xF7) {
        uint32_t length = 0;
        *running = 0; /* SysEx cancels running status */
        if (!read_vlq(p, at, end, &length))
            return false;
        if (length > (size_t)(end - *at))
            return fail(p, "a SysEx event declares %u bytes, %zu remain in its track", length, (size_t)(end - *at));
        const uint8_t *body = *at;
        *at += length;
        return add_sysex(p, tick, status == 0xF0 ? 0xF0 : 0, body, length);
    }
    if (status >= 0xF0)
        return fail(p, "status byte 0x%02X is not allowed in a MIDI file", status);
    *running = status;
    unsigned count = data_bytes(status);
    if ((size_t)(end - *at) < count)
        return fail(p, "a channel message is cut off at the end of its track");
    uint32_t packed = status;
    for (unsigned i = 0; i < count; i++) {
        uint8_t byte = *(*at)++;
        if (byte & 0x80)
            return fail(p, "status byte 0x%02X where a data byte of 0x%02X was expected", byte, status);
        packed |= (uint32_t)byte << (8 * (i + 1));
    }
    return add_event(p, tick, SMF_SHORT, packed, 0);
}

/* Parses one MTrk body; its events are appended with ticks from `start`. */
static bool parse_track(smf_parser *p, const uint8_t *at, const uint8_t *end, uint64_t start, unsigned number)
{
    uint64_t tick = start;
    uint8_t running = 0;
    bool track_end = false;
    size_t before = p->song->count;
    bool ok = true;
    while (ok && at < end && !track_end) {
        uint32_t delta = 0;
        ok = read_vlq(p, &at, end, &delta);
        tick += delta; /* at most 2^28 per event and 2^31 events: no overflow */
        if (ok && at >= end)
            ok = fail(p, "an event is missing after its delta time");
        if (ok)
            ok = track_event(p, tick, &at, end, &running, &track_end);
    }
    if (!ok) {
        /* the reason is in p->error: say where */
        char reason[200];
        snprintf(reason, sizeof reason, "%s", p->error && p->error_size ? p->error : "");
        return fail(p, "track %u, after %zu events: %s", number, p->song->count - before, reason);
    }
    if (tick > p->song->end_tick)
        p->song->end_tick = tick;
    return true;
}

/* Stable merge sort by tick (ties keep their order: track order, then file order). */
static bool merge_tracks(smf_parser *p)
{
    smf_song *song = p->song;
    size_t n = song->count;
    if (n < 2)
        return true;
    smf_event *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return fail(p, "out of memory to merge %zu events", n);
    smf_event *from = song->events, *to = scratch;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = from[j].tick < from[i].tick ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        smf_event *swap = from;
        from = to;
        to = swap;
    }
    if (from != song->events)
        memcpy(song->events, from, n * sizeof *from);
    free(scratch);
    return true;
}

static bool parse_header(smf_parser *p, size_t *offset, uint16_t *declared)
{
    if (!smf_looks_like(p->data, p->size))
        return fail(p, "not a Standard MIDI File (no MThd header)");
    if (p->size < 14)
        return fail(p, "the MThd header is cut off");
    uint32_t length = be32(p->data + 4);
    if (length < 6)
        return fail(p, "the MThd header declares %u bytes (at least 6)", length);
    if (length > p->size - 8)
        return fail(p, "the MThd header declares %u bytes, the file has %zu", length, p->size - 8);
    smf_song *song = p->song;
    song->format = be16(p->data + 8);
    *declared = be16(p->data + 10);
    song->division = be16(p->data + 12);
    if (song->format > 2)
        return fail(p, "unknown MIDI file format %u", song->format);
    if (*declared == 0)
        return fail(p, "the header declares no track");
    if (song->format == 0 && *declared != 1)
        return fail(p, "a format 0 file declares %u tracks (must be 1)", *declared);
    if (song->division == 0)
        return fail(p, "the time division is 0");
    if (song->division & 0x8000) {
        unsigned fps = 256 - (song->division >> 8), tpf = song->division & 0xFF;
        if ((fps != 24 && fps != 25 && fps != 29 && fps != 30) || tpf == 0)
            return fail(p, "invalid SMPTE time division 0x%04X", song->division);
    }
    *offset = 8 + (size_t)length;
    return true;
}

bool smf_parse(const uint8_t *data, size_t size, const smf_limits *limits, smf_song *song, char *error,
               size_t error_size)
{
    static const smf_limits defaults = SMF_DEFAULT_LIMITS;
    smf_parser p = {.data = data, .size = size, .limits = limits ? *limits : defaults, .song = song,
                    .error = error, .error_size = error_size};
    memset(song, 0, sizeof *song);
    if (error && error_size)
        error[0] = '\0';
    size_t offset = 0;
    uint16_t declared = 0;
    bool ok = data && parse_header(&p, &offset, &declared);
    if (!data)
        fail(&p, "no data");
    while (ok && song->tracks < declared) {
        if (size - offset < 8) {
            ok = fail(&p, "the file ends after %u of the %u tracks it declares", song->tracks, declared);
            break;
        }
        uint32_t length = be32(data + offset + 4);
        const uint8_t *body = data + offset + 8;
        if (length > size - offset - 8) {
            ok = fail(&p, "chunk '%.4s' at byte %zu declares %u bytes, %zu remain", (const char *)data + offset, offset,
                      length, size - offset - 8);
            break;
        }
        offset += 8 + (size_t)length;
        if (memcmp(body - 8, "MTrk", 4) != 0)
            continue; /* an unknown chunk: skipped, as the format says */
        uint64_t start = song->format == 2 ? song->end_tick : 0;
        ok = parse_track(&p, body, body + length, start, song->tracks);
        song->tracks++;
    }
    if (ok && song->format != 2)
        ok = merge_tracks(&p);
    if (!ok)
        smf_free(song);
    return ok;
}

int smf_load(const char *path, const smf_limits *limits, smf_song *song, char *error, size_t error_size)
{
    static const smf_limits defaults = SMF_DEFAULT_LIMITS;
    const smf_limits *l = limits ? limits : &defaults;
    memset(song, 0, sizeof *song);
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *file = from_stdin ? stdin : fopen(path, "rb");
    if (!file) {
        snprintf(error, error_size, "cannot open: %s", strerror(errno));
        return 1;
    }
    size_t capacity = 0, size = 0;
    uint8_t *data = NULL;
    int status = 0;
    for (;;) {
        if (size == capacity) {
            if (capacity > l->max_file) {
                snprintf(error, error_size, "larger than %zu bytes (the limit for a MIDI file)", l->max_file);
                status = 4;
                break;
            }
            size_t grown = capacity ? capacity * 2 : 65536;
            if (grown > l->max_file + 1)
                grown = l->max_file + 1;
            uint8_t *bigger = realloc(data, grown);
            if (!bigger) {
                snprintf(error, error_size, "out of memory reading the file");
                status = 1;
                break;
            }
            data = bigger;
            capacity = grown;
        }
        size_t n = fread(data + size, 1, capacity - size, file);
        size += n;
        if (n == 0) {
            if (ferror(file)) {
                snprintf(error, error_size, "read error: %s", strerror(errno));
                status = 1;
            }
            break;
        }
    }
    if (!from_stdin)
        fclose(file);
    if (status == 0 && !smf_parse(data, size, l, song, error, error_size))
        status = 4;
    free(data);
    return status;
}

void smf_free(smf_song *song)
{
    free(song->events);
    free(song->sysex);
    memset(song, 0, sizeof *song);
}

double smf_seconds_at(const smf_song *song, uint64_t tick)
{
    if (song->division & 0x8000) {
        double fps = 256 - (song->division >> 8), tpf = song->division & 0xFF;
        if (fps == 29)
            fps = 29.97;
        return (double)tick / (fps * tpf);
    }
    double seconds = 0, tempo = 500000;
    uint64_t at = 0;
    for (size_t i = 0; i < song->count && song->events[i].tick < tick; i++) {
        const smf_event *e = &song->events[i];
        if (e->kind != SMF_TEMPO)
            continue;
        seconds += (double)(e->tick - at) * tempo / 1e6 / song->division;
        at = e->tick;
        tempo = e->data ? e->data : 1;
    }
    return seconds + (double)(tick - at) * tempo / 1e6 / song->division;
}
