/*
 * bench_midi_song.c - the song of bench_midi (bench_midi_song.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench_midi_song.h"


song_event *song;
size_t song_n;
static size_t song_cap;

static unsigned rand_state = 12345;

unsigned bench_midi_rand(void)
{
    rand_state = rand_state * 1103515245u + 12345u;
    return (rand_state >> 8) & 0xFFFFFF;
}

static void song_add(uint32_t ms, uint32_t msg)
{
    if (song_n == song_cap) {
        song_cap = song_cap ? song_cap * 2 : 4096;
        song = realloc(song, song_cap * sizeof *song);
        if (!song)
            exit(1);
    }
    song[song_n].ms = ms;
    song[song_n++].msg = msg;
}

static void song_note(uint32_t at, uint32_t len, unsigned ch, unsigned key, unsigned vel)
{
    song_add(at, 0x90u | ch | key << 8 | vel << 16);
    song_add(at + len, 0x80u | ch | key << 8 | 64u << 16);
}

static int by_time(const void *a, const void *b)
{
    const song_event *x = a, *y = b;
    if (x->ms != y->ms)
        return x->ms < y->ms ? -1 : 1;
    return ((x->msg & 0xF0) == 0x80 ? 0 : 1) - ((y->msg & 0xF0) == 0x80 ? 0 : 1); /* offs first */
}

/* `seconds` of 120 bpm music on 8 channels: piano chords, bass, strings, trumpet, flute
 * melody, guitar arpeggios, a lead line and drums (channel 10). */
void song_make(unsigned seconds)
{
    static const unsigned programs[8] = {0, 33, 48, 56, 73, 25, 80, 0};
    static const unsigned chords[4][3] = {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}};
    uint32_t end = seconds * 1000u;
    song_n = 0;
    for (unsigned ch = 0; ch < 8; ch++) {
        unsigned c = ch == 7 ? 9 : ch;
        song_add(0, 0xC0u | c | programs[ch] << 8);
        song_add(0, 0xB0u | c | 7u << 8 | 100u << 16);
    }
    for (uint32_t t = 0; t + 2000 <= end; t += 2000) {
        const unsigned *ch3 = chords[(t / 2000) % 4];
        for (unsigned k = 0; k < 3; k++)
            song_note(t, 1900, 2, ch3[k], 70); /* strings */
        for (uint32_t b = 0; b < 2000; b += 500)
            for (unsigned k = 0; k < 3; k++)
                song_note(t + b, 450, 0, ch3[k], 80); /* piano */
        for (uint32_t b = 0; b < 2000; b += 250)
            song_note(t + b, 230, 1, ch3[0] - 24 + (b % 500 ? 7 : 0), 90); /* bass */
        for (uint32_t b = 0; b < 2000; b += 125) {
            song_note(t + b, 100, 5, ch3[(b / 125) % 3] + 12, 60);                       /* guitar */
            song_note(t + b, 60, 9, b % 500 == 0 ? 36 : (b % 500 == 250 ? 38 : 42), 100); /* drums */
        }
        for (uint32_t b = 0; b < 2000; b += 250) {
            song_note(t + b, 240, 4, 72 + bench_midi_rand() % 12, 75);    /* flute */
            song_note(t + b + 125, 100, 6, 60 + bench_midi_rand() % 24, 50); /* lead */
        }
        song_note(t + 1000, 900, 3, ch3[1] + 12, 70); /* trumpet */
        song_add(t + 1500, 0xE0u | 4u | 0x50u << 16); /* pitch bend up, back */
        song_add(t + 1750, 0xE0u | 4u | 0x40u << 16);
    }
    for (unsigned c = 0; c < 16; c++)
        song_add(end, 0xB0u | c | 123u << 8); /* all notes off */
    qsort(song, song_n, sizeof *song, by_time);
}

static void put_vlq(FILE *f, uint32_t v)
{
    uint8_t b[5];
    int n = 0;
    do
        b[n++] = v & 0x7F;
    while ((v >>= 7) != 0);
    while (n-- > 0)
        fputc(b[n] | (n ? 0x80 : 0), f);
}

/* The song as a Standard MIDI File, format 0, 500 ticks per quarter at 500000 us: 1 tick = 1 ms. */
void song_write_smf(const char *path)
{
    FILE *f = fopen(path, "wb");
    long len_at, end_at;
    uint32_t prev = 0, len;
    if (!f) {
        perror(path);
        exit(1);
    }
    fwrite("MThd\0\0\0\6\0\0\0\1\x01\xF4MTrk\0\0\0\0", 1, 22, f);
    len_at = ftell(f) - 4;
    fwrite("\0\xFF\x51\x03\x07\xA1\x20", 1, 7, f); /* tempo 500000 */
    for (size_t i = 0; i < song_n; i++) {
        unsigned status = song[i].msg & 0xFF, size = (status & 0xE0) == 0xC0 ? 2 : 3;
        put_vlq(f, song[i].ms - prev);
        prev = song[i].ms;
        for (unsigned k = 0; k < size; k++)
            fputc((song[i].msg >> (8 * k)) & 0xFF, f);
    }
    fwrite("\0\xFF\x2F\0", 1, 4, f);
    end_at = ftell(f);
    len = (uint32_t)(end_at - len_at - 4);
    fseek(f, len_at, SEEK_SET);
    fputc(len >> 24, f), fputc(len >> 16 & 0xFF, f), fputc(len >> 8 & 0xFF, f), fputc(len & 0xFF, f);
    fclose(f);
}

