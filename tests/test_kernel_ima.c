/*
 * test_kernel_ima.c - the IMA ADPCM kernels: decoding is bit-exact with sox and libsndfile on
 * files made by three independent encoders (tests/vectors), including odd block sizes, stereo
 * and partial final blocks; the real-time encoder reproduces libsndfile's bytes; round-trip
 * SNR is at least ffmpeg's; the high-quality encoder beats the real-time one; libsndfile
 * decodes our files as we do; hostile blocks are handled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imaadpcm/imaadpcm_int.h"
#include "ts_signal.h"

/* Decodes a whole data chunk block by block; the last block may be partial. Returns the
 * frames (malloc'd samples in *out). */
static size_t decode_stream(const uint8_t *data, size_t size, unsigned channels, size_t align,
                            size_t spb, int16_t **out)
{
    size_t blocks = size / align + 1;
    int16_t *pcm = malloc(blocks * spb * channels * sizeof *pcm);
    assert_non_null(pcm);
    size_t frames = 0;
    for (size_t pos = 0; pos < size; pos += align) {
        size_t bytes = size - pos < align ? size - pos : align;
        ptrdiff_t got = pacm_imaadpcm_decode_block(data + pos, bytes, channels, pcm + frames * channels, spb);
        if (got < 0)
            break; /* fewer bytes than a header: nothing more to decode */
        frames += (size_t)got;
    }
    *out = pcm;
    return frames;
}

/* Encodes interleaved PCM into consecutive blocks (the last one short when the input ends
 * inside it), carrying the step index from block to block. Returns the bytes (malloc'd). */
static uint8_t *encode_stream(const int16_t *pcm, size_t frames, unsigned channels, size_t align,
                              int high_quality, size_t *size)
{
    size_t spb = pacm_imaadpcm_samples_per_block(align, channels);
    assert_true(spb > 0);
    uint8_t *data = malloc((frames / spb + 1) * align);
    uint8_t step_index[16] = {0};
    void *workspace = high_quality ? malloc(pacm_imaadpcm_encode_block_hq_workspace_size(spb)) : NULL;
    assert_non_null(data);
    size_t used = 0;
    for (size_t f = 0; f < frames; f += spb) {
        size_t n = frames - f < spb ? frames - f : spb;
        const int16_t *in = pcm + f * channels;
        size_t bytes = high_quality
                           ? pacm_imaadpcm_encode_block_hq(in, n, channels, step_index, data + used, spb, workspace)
                           : pacm_imaadpcm_encode_block(in, n, channels, step_index, data + used, spb);
        assert_true(bytes > 0 && bytes <= align);
        if (n == spb)
            assert_int_equal(bytes, align);
        used += bytes;
    }
    free(workspace);
    *size = used;
    return data;
}

static void decode_matches_sox_and_libsndfile(void **state)
{
    (void)state;
    ts_decode_ref refs[64];
    size_t count = ts_manifest_decodes("ima/", refs, 64);
    assert_true(count >= 15);
    int partial_seen = 0;
    for (size_t i = 0; i < count; i++) {
        ts_wav wav;
        ts_wav_load(refs[i].file, &wav);
        assert_int_equal(wav.format_tag, 0x11);
        size_t spb = pacm_imaadpcm_samples_per_block(wav.block_align, wav.channels);
        assert_int_equal(spb, wav.samples_per_block);
        int16_t *pcm;
        size_t frames = decode_stream(wav.data, wav.data_size, wav.channels, wav.block_align, spb, &pcm);
        if (wav.data_size % wav.block_align != 0) {
            partial_seen = 1;
            /* The partial block gives exactly the frames sox gives. */
            assert_int_equal(frames, refs[i].frames);
        }
        if (frames < refs[i].frames)
            fail_msg("%s: %zu frames, %s has %zu", refs[i].file, frames, refs[i].decoder, refs[i].frames);
        uint64_t hash = ts_hash_pcm(pcm, refs[i].frames * wav.channels);
        if (hash != refs[i].hash)
            fail_msg("%s: decode differs from %s", refs[i].file, refs[i].decoder);
        free(pcm);
        ts_wav_free(&wav);
    }
    assert_true(partial_seen);
}

/* The real-time encoder is the recommendation's quantiser with the step index carried over:
 * libsndfile's encoder is the same, so the bytes agree (except the final block, whose padding
 * differs). */
static void realtime_encoder_matches_libsndfile(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"source/speech8m.wav", "ima/speech8m.sndfile.wav"},
        {"source/speech22s.wav", "ima/speech22s.sndfile.wav"},
        {"source/music44s.wav", "ima/music44s.sndfile.wav"},
    };
    for (size_t p = 0; p < 3; p++) {
        ts_wav src, enc;
        ts_wav_load(pairs[p][0], &src);
        ts_wav_load(pairs[p][1], &enc);
        size_t frames, size;
        int16_t *pcm = ts_wav_pcm(&src, &frames);
        uint8_t *ours = encode_stream(pcm, frames, src.channels, enc.block_align, 0, &size);
        size_t whole = (enc.data_size / enc.block_align - 1) * enc.block_align;
        assert_true(size >= whole && whole > 0);
        for (size_t i = 0; i < whole; i++)
            if (ours[i] != enc.data[i])
                fail_msg("%s: byte %zu (block %zu) is 0x%02X, libsndfile wrote 0x%02X", pairs[p][1], i,
                         i / enc.block_align, ours[i], enc.data[i]);
        free(ours);
        free(pcm);
        ts_wav_free(&src);
        ts_wav_free(&enc);
    }
}

/* 1024-byte blocks, encoded and decoded whole. */
static double ima_round_trip(const int16_t *pcm, size_t frames, unsigned channels, int hq)
{
    size_t align = 1024, size, spb = pacm_imaadpcm_samples_per_block(align, channels);
    uint8_t *data = encode_stream(pcm, frames, channels, align, hq, &size);
    int16_t *back;
    size_t got = decode_stream(data, size, channels, align, spb, &back);
    assert_true(got >= frames);
    double snr = ts_snr(pcm, back, frames * channels);
    free(back);
    free(data);
    return snr;
}

/* Round-trip SNR on the vector inputs at ffmpeg's default block size (1024 bytes), against
 * ffmpeg 5.1's adpcm_ima_wav encoder on the same input and block size, as measured by
 * make_vectors.sh (manifest.txt "snr ima ffmpeg" lines; decoded by sox):
 *   speech8m  (8 kHz mono speech + hum)       ffmpeg 20.72 dB  (libsndfile 20.66 at 256 bytes)
 *   speech22s (22.05 kHz stereo speech+tone)  ffmpeg 27.23 dB  (libsndfile 27.36 at 2048)
 *   music44s  (44.1 kHz stereo plucks+noise)  ffmpeg 17.32 dB  (libsndfile 17.34 at 2048)
 * Our real-time encoder must reach ffmpeg's figure (within 0.05 dB of rounding) and the
 * high-quality encoder must beat the real-time one by a clear margin. */
static void encoder_snr(void **state)
{
    (void)state;
    static const double ffmpeg_db[3] = {20.72, 27.23, 17.32};
    ts_encoder_snr_floors("IMA ADPCM", ffmpeg_db, 0.05, 1.0, ima_round_trip);
}

/* Decoding the first k bytes of a block gives a prefix of the whole block's decode, of
 * 1 + 8 * (complete groups) frames, for every k. */
static void partial_block_is_prefix(void **state)
{
    (void)state;
    ts_wav wav;
    ts_wav_load("ima/speech22s.ffmpeg64.wav", &wav);
    unsigned ch = wav.channels;
    size_t align = wav.block_align, spb = pacm_imaadpcm_samples_per_block(align, ch);
    int16_t full[64 * 2], part[64 * 2];
    for (size_t b = 0; b < 8; b++) {
        const uint8_t *block = wav.data + b * align;
        assert_int_equal(pacm_imaadpcm_decode_block(block, align, ch, full, spb), (ptrdiff_t)spb);
        for (size_t k = 0; k <= align; k++) {
            memset(part, 0x55, sizeof part);
            ptrdiff_t got = pacm_imaadpcm_decode_block(block, k, ch, part, spb);
            if (k < 4 * ch) {
                assert_int_equal(got, KERNEL_ERR_SHORT_BLOCK);
                continue;
            }
            assert_int_equal(got, (ptrdiff_t)(1 + 8 * ((k - 4 * ch) / (4 * ch))));
            assert_memory_equal(part, full, (size_t)got * ch * sizeof *part);
            assert_int_equal(part[got * ch], 0x5555); /* nothing written past the frames */
        }
        /* spb smaller than the block holds: output stops at spb. */
        assert_int_equal(pacm_imaadpcm_decode_block(block, align, ch, part, 10), 10);
        assert_memory_equal(part, full, 10 * ch * sizeof *part);
    }
    ts_wav_free(&wav);
}

/* More than two channels (an extension): each channel is coded independently in the same
 * group interleave, so a 5-channel block equals five mono blocks. */
static void five_channels_equal_five_monos(void **state)
{
    (void)state;
    enum { CH = 5, SPB = 1 + 8 * 20 };
    int16_t pcm[SPB * CH], mono[SPB], back[SPB * CH], mono_back[SPB];
    uint32_t seed = 12345;
    for (size_t i = 0; i < SPB * CH; i++) {
        seed = seed * 1103515245u + 12345u;
        pcm[i] = (int16_t)((int)(i % CH) * 3000 - 6000 + (int)((seed >> 16) % 2000));
    }
    uint8_t block[4 * CH * 21], mono_block[4 * 21];
    uint8_t index[CH] = {0, 10, 20, 40, 88}, mono_index;
    assert_int_equal(pacm_imaadpcm_block_align(SPB, CH), sizeof block);
    uint8_t before[CH];
    memcpy(before, index, CH);
    assert_int_equal(pacm_imaadpcm_encode_block(pcm, SPB, CH, index, block, SPB), sizeof block);
    assert_int_equal(pacm_imaadpcm_decode_block(block, sizeof block, CH, back, SPB), SPB);
    for (unsigned c = 0; c < CH; c++) {
        for (size_t n = 0; n < SPB; n++)
            mono[n] = pcm[n * CH + c];
        mono_index = before[c];
        assert_int_equal(pacm_imaadpcm_encode_block(mono, SPB, 1, &mono_index, mono_block, SPB), sizeof mono_block);
        assert_int_equal(mono_index, index[c]);
        assert_int_equal(pacm_imaadpcm_decode_block(mono_block, sizeof mono_block, 1, mono_back, SPB), SPB);
        for (size_t n = 0; n < SPB; n++)
            assert_int_equal(back[n * CH + c], mono_back[n]);
        /* The header carries the first sample exactly and the index the block started with. */
        assert_int_equal(back[c], pcm[c]);
        assert_int_equal(block[4 * c + 2], before[c]);
    }
}

/* Garbage blocks of every small size, any header (index bytes above 88 included), many
 * channel counts: the decoder returns a sane frame count and never reads or writes out of
 * bounds (run under ASan in CI). Bad arguments give KERNEL_ERR_ARGUMENT. */
static void hostile_blocks(void **state)
{
    (void)state;
    uint32_t seed = 99;
    uint8_t block[300];
    int16_t out[600 * 8];
    for (int round = 0; round < 2000; round++) {
        unsigned ch = 1 + (unsigned)(round % 8);
        size_t size = (size_t)(round * 7) % sizeof block;
        for (size_t i = 0; i < size; i++) {
            seed = seed * 1103515245u + 12345u;
            block[i] = (uint8_t)(seed >> 24);
        }
        uint8_t *copy = malloc(size ? size : 1); /* exact-size copy so ASan sees over-reads */
        memcpy(copy, block, size);
        size_t spb = 1 + (size_t)(round % 75);
        ptrdiff_t got = pacm_imaadpcm_decode_block(copy, size, ch, out, spb);
        if (size < 4 * ch)
            assert_int_equal(got, KERNEL_ERR_SHORT_BLOCK);
        else
            assert_true(got >= 1 && (size_t)got <= spb);
        free(copy);
    }
    assert_int_equal(pacm_imaadpcm_decode_block(NULL, 8, 1, out, 10), KERNEL_ERR_ARGUMENT);
    assert_int_equal(pacm_imaadpcm_decode_block(block, 8, 0, out, 10), KERNEL_ERR_ARGUMENT);
    assert_int_equal(pacm_imaadpcm_decode_block(block, 8, 1, NULL, 10), KERNEL_ERR_ARGUMENT);
    assert_int_equal(pacm_imaadpcm_decode_block(block, 8, 1, out, 0), KERNEL_ERR_ARGUMENT);
    /* Block size arithmetic. */
    assert_int_equal(pacm_imaadpcm_samples_per_block(256, 1), 505);
    assert_int_equal(pacm_imaadpcm_samples_per_block(512, 2), 505);
    assert_int_equal(pacm_imaadpcm_samples_per_block(2048, 2), 2041);
    assert_int_equal(pacm_imaadpcm_samples_per_block(32, 1), 57);
    assert_int_equal(pacm_imaadpcm_samples_per_block(4, 1), 1);
    assert_int_equal(pacm_imaadpcm_samples_per_block(258, 1), 0);
    assert_int_equal(pacm_imaadpcm_samples_per_block(4, 2), 0);
    assert_int_equal(pacm_imaadpcm_samples_per_block(256, 0), 0);
    assert_int_equal(pacm_imaadpcm_block_align(505, 1), 256);
    assert_int_equal(pacm_imaadpcm_block_align(2041, 2), 2048);
    assert_int_equal(pacm_imaadpcm_block_align(504, 1), 0);
    /* Encoder arguments. */
    int16_t pcm[505] = {0};
    uint8_t index = 0;
    assert_int_equal(pacm_imaadpcm_encode_block(pcm, 0, 1, &index, block, 505), 0);
    assert_int_equal(pacm_imaadpcm_encode_block(pcm, 506, 1, &index, block, 505), 0);
    assert_int_equal(pacm_imaadpcm_encode_block(pcm, 5, 1, &index, block, 504), 0);
    assert_int_equal(pacm_imaadpcm_encode_block(pcm, 9, 1, &index, block, 9), 8);
    /* A short final block: only the groups needed (here 1 + 8 + 2 samples -> 2 groups). */
    uint8_t big[256];
    assert_int_equal(pacm_imaadpcm_encode_block(pcm, 11, 1, &index, big, 505), 12);
    assert_int_equal(pacm_imaadpcm_encode_block_hq(pcm, 11, 1, &index, big, 505, NULL), 0);
}

/* The files our encoders write decode in libsndfile exactly as in our decoder. Runs only
 * when sndfile-convert is installed. */
static void libsndfile_decodes_our_files(void **state)
{
    (void)state;
    if (!ts_have_tool("sndfile-convert")) {
        print_message("skipped: sndfile-convert (sndfile-programs) is not installed\n");
        skip();
    }
    ts_wav src;
    ts_wav_load("source/speech22s.wav", &src);
    size_t frames;
    int16_t *pcm = ts_wav_pcm(&src, &frames);
    for (int hq = 0; hq <= 1; hq++) {
        unsigned ch = src.channels;
        size_t align = 1024 * ch, spb = pacm_imaadpcm_samples_per_block(align, ch), size;
        /* Whole blocks only (libsndfile drops a short final block). */
        size_t whole = frames / spb * spb;
        uint8_t *data = encode_stream(pcm, whole, ch, align, hq, &size);
        uint8_t fmt[20];
        uint32_t avg = (uint32_t)((uint64_t)src.sample_rate * align / spb);
        const uint8_t head[20] = {0x11, 0, (uint8_t)ch, 0, (uint8_t)src.sample_rate,
                                  (uint8_t)(src.sample_rate >> 8), (uint8_t)(src.sample_rate >> 16), 0,
                                  (uint8_t)avg, (uint8_t)(avg >> 8), (uint8_t)(avg >> 16), 0,
                                  (uint8_t)align, (uint8_t)(align >> 8), 4, 0, 2, 0,
                                  (uint8_t)spb, (uint8_t)(spb >> 8)};
        memcpy(fmt, head, sizeof fmt);
        char in_path[512], out_path[512], cmd[1200];
        snprintf(in_path, sizeof in_path, "%s/kernel_ima_ours%d.wav", PORTACM_TEST_BINARY_DIR, hq);
        snprintf(out_path, sizeof out_path, "%s/kernel_ima_ours%d.pcm.wav", PORTACM_TEST_BINARY_DIR, hq);
        ts_wav_write(in_path, fmt, sizeof fmt, data, size);
        snprintf(cmd, sizeof cmd, "sndfile-convert -pcm16 '%s' '%s' >/dev/null 2>&1", in_path, out_path);
        assert_int_equal(system(cmd), 0);
        ts_wav theirs;
        ts_wav_load(out_path, &theirs);
        size_t their_frames;
        int16_t *their_pcm = ts_wav_pcm(&theirs, &their_frames);
        int16_t *our_pcm;
        size_t our_frames = decode_stream(data, size, ch, align, spb, &our_pcm);
        assert_int_equal(their_frames, our_frames);
        assert_memory_equal(their_pcm, our_pcm, our_frames * ch * sizeof *our_pcm);
        free(their_pcm);
        free(our_pcm);
        ts_wav_free(&theirs);
        free(data);
    }
    free(pcm);
    ts_wav_free(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_matches_sox_and_libsndfile),
        cmocka_unit_test(realtime_encoder_matches_libsndfile),
        cmocka_unit_test(encoder_snr),
        cmocka_unit_test(partial_block_is_prefix),
        cmocka_unit_test(five_channels_equal_five_monos),
        cmocka_unit_test(hostile_blocks),
        cmocka_unit_test(libsndfile_decodes_our_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
