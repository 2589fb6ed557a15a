/*
 * wav_read_int.h - what the files of the CLI's input reader share: wav_read.c walks the
 * chunks, wav_read_fmt.c validates the fmt chunk and counts the samples of the data,
 * mpeg_read.c reads raw MPEG audio files.
 */
#ifndef PORTACM_CLI_WAV_READ_INT_H
#define PORTACM_CLI_WAV_READ_INT_H

#include "cli_int.h"

/* Little-endian fields read byte by byte: values from files are hostile and unaligned. */
static inline DWORD wav_le32(const BYTE *p)
{
    return (DWORD)p[0] | ((DWORD)p[1] << 8) | ((DWORD)p[2] << 16) | ((DWORD)p[3] << 24);
}

static inline uint64_t wav_le64(const BYTE *p)
{
    return (uint64_t)wav_le32(p) | ((uint64_t)wav_le32(p + 4) << 32);
}

static inline WORD wav_le16(const BYTE *p)
{
    return (WORD)(p[0] | (p[1] << 8));
}

/* Adds a warning to reader->warnings (listed by `portacm info`, printed by convert). */
void wav_reader_warn(wav_reader *reader, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Builds reader->format from the raw fmt chunk body. Returns an exit code (printed). */
int wav_parse_format(wav_reader *reader, const BYTE *raw, size_t size);
/* Sample frames held by `bytes` of data, and whether the count is exact. */
uint64_t wav_samples_in_data(const WAVEFORMATEX *wfx, uint64_t bytes, bool *exact);

/* Reads up to `size` bytes from where the reader is (the probe's bytes first); -1 on error. */
long wav_read_bytes(wav_reader *reader, void *buffer, size_t size);
/* Moves to a file offset: a seek, or for a pipe reading forward. */
bool wav_move_to(wav_reader *reader, uint64_t offset);
/* The input has no RIFF header: reads it as a raw MPEG audio stream (mpeg_read.c), `head`
 * holding its first bytes. Returns an exit code (the error printed). */
int mpeg_open_read(wav_reader *reader, const BYTE *head, size_t head_len);

#endif /* PORTACM_CLI_WAV_READ_INT_H */
