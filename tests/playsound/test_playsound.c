/*
 * test_playsound.c - PlaySound and sndPlaySound through the real wave API and mapper onto the
 * wave test driver (tests/devices/wave_test_driver.h), which plays in real time and keeps what
 * it played: memory images and files come out byte for byte; SND_SYNC waits, SND_ASYNC does
 * not; SND_LOOP repeats; SND_PURGE, NULL and a new call stop the current sound; SND_NOSTOP
 * refuses; SND_NODEFAULT; aliases from sounds.ini and the freedesktop theme folders; an IMA
 * ADPCM image comes out as exactly what the ACM decodes.
 */
#include <pthread.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>

#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"
#include "ts_files.h"
#include "wave/wave_test_util.h"

#define RATE 8000
#define SHORT_FRAMES 1600 /* 0.2 s */
#define LONG_FRAMES 24000 /* 3 s */

typedef struct sound {
    unsigned char *image; /* the RIFF WAVE file */
    size_t size;
    const unsigned char *data; /* its samples */
    size_t data_size;
    char *path;
} sound;

static char *folder;
static sound short_sound, long_sound;
static unsigned char *played;

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

/* A 16-bit mono RIFF WAVE of `frames` pattern samples starting at `start`, with a LIST chunk
 * between fmt and data (the player must find data by its id). */
static void make_sound(sound *s, size_t frames, uint32_t start, const char *name)
{
    static const unsigned char list[] = {'L', 'I', 'S', 'T', 4, 0, 0, 0, 'I', 'N', 'F', 'O'};
    size_t data_size = frames * 2;
    s->size = 12 + 24 + sizeof list + 8 + data_size;
    s->image = calloc(1, s->size);
    unsigned char *p = s->image;
    memcpy(p, "RIFF", 4);
    ts_put_le32(p + 4, (uint32_t)(s->size - 8));
    memcpy(p + 8, "WAVEfmt ", 8);
    ts_put_le32(p + 16, 16);
    put16(p + 20, WAVE_FORMAT_PCM);
    put16(p + 22, 1);
    ts_put_le32(p + 24, RATE);
    ts_put_le32(p + 28, RATE * 2);
    put16(p + 32, 2);
    put16(p + 34, 16);
    memcpy(p + 36, list, sizeof list);
    unsigned char *data = p + 36 + sizeof list;
    memcpy(data, "data", 4);
    ts_put_le32(data + 4, (uint32_t)data_size);
    wt_pattern((int16_t *)(void *)(data + 8), frames, start);
    s->data = data + 8;
    s->data_size = data_size;
    s->path = ts_write_file(folder, name, s->image, s->size);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* What the device played so far (in `played`). */
static size_t output(void)
{
    return wt_output(0, played, (LONG_FRAMES * 2) * 4);
}

/* Waits until the device played `bytes` (or `ms` passed); returns what it played. */
static size_t wait_output(size_t bytes, unsigned ms)
{
    double end = now() + ms / 1000.0;
    size_t got;
    while ((got = output()) < bytes && now() < end)
        wt_sleep_ms(10);
    return got;
}

static void assert_played(const sound *s)
{
    size_t got = output();
    assert_int_equal(got, s->data_size);
    assert_memory_equal(played, s->data, s->data_size);
}

static void write_sounds_ini(const char *text)
{
    const char *config = getenv("XDG_CONFIG_HOME");
    assert_non_null(config);
    mkdir(config, 0700);
    char path[1024];
    snprintf(path, sizeof path, "%s/portacm", config);
    mkdir(path, 0700);
    free(ts_write_text(path, "sounds.ini", text));
}

static int group_setup(void **state)
{
    (void)state;
    folder = wt_setup(NULL);
    make_sound(&short_sound, SHORT_FRAMES, 100, "short.wav");
    make_sound(&long_sound, LONG_FRAMES, 30000, "long.wav");
    played = malloc(LONG_FRAMES * 2 * 4);
    /* No user theme and no system theme unless a test makes one. */
    char data[1024];
    snprintf(data, sizeof data, "%s/no-data", folder);
    setenv("XDG_DATA_HOME", data, 1);
    setenv("XDG_DATA_DIRS", data, 1);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    PlaySoundA(NULL, NULL, 0);
    free(short_sound.image);
    free(short_sound.path);
    free(long_sound.image);
    free(long_sound.path);
    free(played);
    wt_teardown(folder);
    return 0;
}

/* Every test starts with nothing playing and an empty device log. */
static int test_setup(void **state)
{
    (void)state;
    assert_true(PlaySoundA(NULL, NULL, SND_PURGE));
    write_sounds_ini("");
    wt_clear_output();
    return 0;
}

static void test_memory_sync(void **state)
{
    (void)state;
    double start = now();
    assert_true(PlaySoundA((LPCSTR)short_sound.image, NULL, SND_MEMORY | SND_SYNC | SND_NODEFAULT));
    /* SND_SYNC returns after the end: the device has played everything. */
    assert_true(now() - start >= 0.15);
    assert_played(&short_sound);
}

static void test_filename_sync_and_wide(void **state)
{
    (void)state;
    assert_true(PlaySoundA(short_sound.path, NULL, SND_FILENAME | SND_NODEFAULT));
    assert_played(&short_sound);
    /* The name without ".wav" is found with it. */
    wt_clear_output();
    char *stem = strdup(short_sound.path);
    stem[strlen(stem) - 4] = '\0';
    assert_true(PlaySoundA(stem, NULL, SND_FILENAME | SND_NODEFAULT));
    assert_played(&short_sound);
    /* The W form. */
    wt_clear_output();
    WCHAR wide[1024];
    size_t i = 0;
    for (; short_sound.path[i]; i++)
        wide[i] = (WCHAR)(unsigned char)short_sound.path[i];
    wide[i] = 0;
    assert_true(PlaySoundW(wide, NULL, SND_FILENAME | SND_NODEFAULT));
    assert_played(&short_sound);
    free(stem);
    /* A non-ASCII name: UTF-8 for the A form, UTF-16 for the W form. */
    char *utf8 = ts_copy_file(short_sound.path, folder, "s\xc3\xb6n.wav");
    wt_clear_output();
    assert_true(PlaySoundA(utf8, NULL, SND_FILENAME | SND_NODEFAULT));
    assert_played(&short_sound);
    size_t n = 0;
    for (; folder[n]; n++)
        wide[n] = (WCHAR)(unsigned char)folder[n];
    static const WCHAR name[] = {'/', 's', 0xF6, 'n', 0};
    memcpy(wide + n, name, sizeof name);
    wt_clear_output();
    assert_true(PlaySoundW(wide, NULL, SND_FILENAME | SND_NODEFAULT));
    assert_played(&short_sound);
    free(utf8);
}

static void test_async_returns_at_once(void **state)
{
    (void)state;
    double start = now();
    assert_true(PlaySoundA(long_sound.path, NULL, SND_FILENAME | SND_ASYNC | SND_NODEFAULT));
    assert_true(now() - start < 1.0);
    assert_true(output() < long_sound.data_size);
    assert_int_equal(wait_output(long_sound.data_size, 8000), long_sound.data_size);
    assert_memory_equal(played, long_sound.data, long_sound.data_size);
}

static void test_purge_and_null_stop(void **state)
{
    (void)state;
    for (int round = 0; round < 2; round++) {
        wt_clear_output();
        assert_true(PlaySoundA((LPCSTR)long_sound.image, NULL, SND_MEMORY | SND_ASYNC));
        wait_output(4000, 5000); /* a quarter of a second played (slower on a loaded machine) */
        double start = now();
        if (round == 0)
            assert_true(PlaySoundA(short_sound.path, NULL, SND_PURGE)); /* the name is ignored */
        else
            assert_true(PlaySoundA(NULL, NULL, 0));
        assert_true(now() - start < 1.0);
        size_t got = output();
        assert_true(got > 0 && got < long_sound.data_size);
        wt_sleep_ms(300);
        assert_int_equal(output(), got); /* stopped, not paused */
        assert_memory_equal(played, long_sound.data, got);
    }
}

static void test_nostop(void **state)
{
    (void)state;
    assert_true(PlaySoundA(long_sound.path, NULL, SND_FILENAME | SND_ASYNC));
    wt_sleep_ms(100);
    assert_false(PlaySoundA(short_sound.path, NULL, SND_FILENAME | SND_NOSTOP | SND_ASYNC));
    assert_false(sndPlaySoundA(short_sound.path, SND_FILENAME | SND_NOSTOP));
    assert_true(PlaySoundA(NULL, NULL, 0));
    /* Nothing plays: SND_NOSTOP plays. */
    wt_clear_output();
    assert_true(PlaySoundA(short_sound.path, NULL, SND_FILENAME | SND_NOSTOP));
    assert_played(&short_sound);
}

static void test_new_call_stops_current(void **state)
{
    (void)state;
    assert_true(PlaySoundA(long_sound.path, NULL, SND_FILENAME | SND_ASYNC));
    wait_output(4000, 5000);
    assert_true(PlaySoundA(short_sound.path, NULL, SND_FILENAME | SND_SYNC));
    size_t got = output();
    /* A part of the long sound, then all of the short one. */
    assert_true(got > short_sound.data_size && got < long_sound.data_size);
    size_t first = got - short_sound.data_size;
    assert_memory_equal(played, long_sound.data, first);
    assert_memory_equal(played + first, short_sound.data, short_sound.data_size);
}

static void test_loop(void **state)
{
    (void)state;
    assert_true(PlaySoundA(short_sound.path, NULL, SND_FILENAME | SND_ASYNC | SND_LOOP));
    size_t got = wait_output(short_sound.data_size * 3, 3000);
    assert_true(PlaySoundA(NULL, NULL, SND_PURGE));
    got = output();
    assert_true(got >= short_sound.data_size * 3);
    for (size_t i = 0; i < got; i += short_sound.data_size) {
        size_t n = got - i < short_sound.data_size ? got - i : short_sound.data_size;
        assert_memory_equal(played + i, short_sound.data, n);
    }
    /* A loop without SND_ASYNC plays once (it could not be stopped). */
    wt_clear_output();
    assert_true(PlaySoundA(short_sound.path, NULL, SND_FILENAME | SND_SYNC | SND_LOOP));
    assert_played(&short_sound);
}

static void test_nodefault_and_default(void **state)
{
    (void)state;
    char missing[1024];
    snprintf(missing, sizeof missing, "%s/missing.wav", folder);
    assert_false(PlaySoundA(missing, NULL, SND_FILENAME | SND_NODEFAULT));
    assert_false(PlaySoundA("NoSuchAlias", NULL, SND_ALIAS | SND_NODEFAULT));
    assert_false(PlaySoundA(missing, NULL, SND_FILENAME)); /* no default sound configured */
    assert_int_equal(output(), 0);
    /* The default sound is the SystemDefault alias. */
    char text[2048];
    snprintf(text, sizeof text, "[Sounds]\nSystemDefault = %s, Default Beep\n", short_sound.path);
    write_sounds_ini(text);
    assert_true(PlaySoundA(missing, NULL, SND_FILENAME));
    assert_played(&short_sound);
    wt_clear_output();
    assert_true(PlaySoundA("NoSuchAlias", NULL, SND_ALIAS));
    assert_played(&short_sound);
    wt_clear_output();
    assert_false(PlaySoundA("NoSuchAlias", NULL, SND_ALIAS | SND_NODEFAULT));
    assert_int_equal(output(), 0);
}

static void test_aliases(void **state)
{
    (void)state;
    /* A relative file is taken from the folder of sounds.ini. */
    char *copy = ts_copy_file(short_sound.path, getenv("XDG_CONFIG_HOME"), "portacm/beep.wav");
    char text[2048];
    snprintf(text, sizeof text, "; user sounds\n[Other]\nMyBeep = %s\n[Sounds]\nMyBeep = beep.wav,My beep\n"
             "SystemAsterisk=%s\n", long_sound.path, short_sound.path);
    write_sounds_ini(text);
    assert_true(PlaySoundA("MyBeep", NULL, SND_ALIAS | SND_NODEFAULT));
    assert_played(&short_sound);
    wt_clear_output();
    assert_true(PlaySoundA("mybeep", NULL, SND_NODEFAULT)); /* no type flag; any case */
    assert_played(&short_sound);
    wt_clear_output();
    assert_true(PlaySoundA((LPCSTR)(ULONG_PTR)SND_ALIAS_SYSTEMASTERISK, NULL, SND_ALIAS_ID | SND_NODEFAULT));
    assert_played(&short_sound);
    wt_clear_output();
    assert_true(sndPlaySoundA((LPCSTR)(ULONG_PTR)SND_ALIAS_SYSTEMASTERISK, SND_ALIAS_ID));
    assert_played(&short_sound);
    wt_clear_output();
    assert_false(PlaySoundA((LPCSTR)(ULONG_PTR)0x1234, NULL, SND_ALIAS_ID | SND_NODEFAULT));
    assert_false(PlaySoundA((LPCSTR)(ULONG_PTR)SND_ALIAS_SYSTEMHAND, NULL, SND_ALIAS_ID | SND_NODEFAULT));
    /* No type flag: an alias first, then a file of that name. */
    assert_true(PlaySoundA(short_sound.path, NULL, SND_NODEFAULT));
    assert_played(&short_sound);
    free(copy);
}

static void test_freedesktop_theme(void **state)
{
    (void)state;
    char theme[1024];
    snprintf(theme, sizeof theme, "%s/theme", folder);
    mkdir(theme, 0700);
    char *stereo = ts_path_join(theme, "sounds/freedesktop/stereo");
    char command[2048];
    snprintf(command, sizeof command, "mkdir -p '%s'", stereo);
    assert_int_equal(system(command), 0);
    free(ts_copy_file(short_sound.path, stereo, "dialog-warning.wav"));
    free(ts_write_text(stereo, "dialog-error.oga", "OggS: not decodable"));
    setenv("XDG_DATA_DIRS", theme, 1);
    assert_true(PlaySoundA("SystemExclamation", NULL, SND_ALIAS | SND_NODEFAULT));
    assert_played(&short_sound);
    wt_clear_output();
    assert_true(PlaySoundA((LPCSTR)(ULONG_PTR)SND_ALIAS_SYSTEMEXCLAMATION, NULL, SND_ALIAS_ID | SND_NODEFAULT));
    assert_played(&short_sound);
    /* Only Ogg Vorbis: not found. */
    wt_clear_output();
    assert_false(PlaySoundA("SystemHand", NULL, SND_ALIAS | SND_NODEFAULT));
    assert_int_equal(output(), 0);
    /* sounds.ini wins over the theme. */
    char text[2048];
    snprintf(text, sizeof text, "[Sounds]\nSystemExclamation=%s\n", long_sound.path);
    write_sounds_ini(text);
    assert_true(PlaySoundA("SystemExclamation", NULL, SND_ALIAS | SND_ASYNC | SND_NODEFAULT));
    wait_output(1000, 5000);
    assert_true(PlaySoundA(NULL, NULL, SND_PURGE));
    size_t got = output();
    assert_true(got > 0);
    assert_memory_equal(played, long_sound.data, got);
    char data[1024];
    snprintf(data, sizeof data, "%s/no-data", folder);
    setenv("XDG_DATA_DIRS", data, 1);
    free(stereo);
}

static void test_bad_input(void **state)
{
    (void)state;
    static const char not_riff[64] = "RIFX....WAVEfmt ";
    assert_false(PlaySoundA(not_riff, NULL, SND_MEMORY | SND_NODEFAULT));
    /* RIFF WAVE without a data chunk; a fmt chunk shorter than 16 bytes. */
    unsigned char broken[64];
    memcpy(broken, short_sound.image, 36);
    ts_put_le32(broken + 4, 28);
    assert_false(PlaySoundA((LPCSTR)broken, NULL, SND_MEMORY | SND_NODEFAULT));
    unsigned char *short_fmt = malloc(short_sound.size);
    memcpy(short_fmt, short_sound.image, short_sound.size);
    ts_put_le32(short_fmt + 16, 14);
    assert_false(PlaySoundA((LPCSTR)short_fmt, NULL, SND_MEMORY | SND_NODEFAULT));
    free(short_fmt);
    /* No resources in portacm. */
    assert_false(PlaySoundA("WAVE1", NULL, SND_RESOURCE | SND_NODEFAULT));
    assert_false(PlaySoundA((LPCSTR)(ULONG_PTR)1, NULL, SND_RESOURCE | SND_NODEFAULT));
    /* NULL with SND_MEMORY: stop, TRUE. */
    assert_true(PlaySoundA(NULL, NULL, SND_MEMORY));
    assert_int_equal(output(), 0);
    /* sndPlaySound drops SND_PURGE (not one of its flags): the sound plays. */
    assert_true(sndPlaySoundA(short_sound.path, SND_FILENAME | SND_NODEFAULT | SND_PURGE));
    assert_played(&short_sound);
    assert_int_equal(mmsystemGetVersion(), 0x030A);
}

/* Converts `size` bytes of `from` data to `to` with one ACM stream; returns the bytes made. */
static size_t acm_convert(const WAVEFORMATEX *from, const WAVEFORMATEX *to, const void *data, size_t size,
                          unsigned char *out, size_t capacity)
{
    HACMSTREAM stream;
    assert_int_equal(acmStreamOpen(&stream, NULL, (LPWAVEFORMATEX)from, (LPWAVEFORMATEX)to, NULL, 0, 0, 0), 0);
    ACMSTREAMHEADER header = {.cbStruct = sizeof header, .pbSrc = (LPBYTE)data, .cbSrcLength = (DWORD)size,
                              .pbDst = out, .cbDstLength = (DWORD)capacity};
    assert_int_equal(acmStreamPrepareHeader(stream, &header, 0), 0);
    assert_int_equal(acmStreamConvert(stream, &header, ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_END), 0);
    size_t made = header.cbDstLengthUsed;
    acmStreamUnprepareHeader(stream, &header, 0);
    acmStreamClose(stream, 0);
    return made;
}

static void test_compressed_through_the_mapper(void **state)
{
    (void)state;
    /* The long sound's first 16384 frames in IMA ADPCM (whole blocks). */
    WAVEFORMATEX pcm = wt_pcm(RATE, 1, 16);
    unsigned char ima_format[64] = {0};
    WAVEFORMATEX *ima = (WAVEFORMATEX *)ima_format;
    ima->wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    assert_int_equal(acmFormatSuggest(NULL, &pcm, ima, sizeof ima_format, ACM_FORMATSUGGESTF_WFORMATTAG), 0);
    size_t capacity = long_sound.data_size;
    unsigned char *encoded = malloc(capacity), *decoded = malloc(capacity * 2);
    size_t encoded_size = acm_convert(&pcm, ima, long_sound.data, 16384 * 2, encoded, capacity);
    encoded_size -= encoded_size % ima->nBlockAlign;
    assert_true(encoded_size > 0);
    size_t decoded_size = acm_convert(ima, &pcm, encoded, encoded_size, decoded, capacity * 2);
    assert_true(decoded_size > 0);
    /* A RIFF WAVE image: fmt (18 + cbSize), fact, data. */
    size_t fmt_size = sizeof(WAVEFORMATEX) + ima->cbSize, size = 12 + 8 + fmt_size + 12 + 8 + encoded_size;
    unsigned char *image = calloc(1, size + 1), *p = image;
    memcpy(p, "RIFF", 4);
    ts_put_le32(p + 4, (uint32_t)(size - 8));
    memcpy(p + 8, "WAVEfmt ", 8);
    ts_put_le32(p + 16, (uint32_t)fmt_size);
    memcpy(p + 20, ima, fmt_size);
    p += 20 + fmt_size;
    memcpy(p, "fact", 4);
    ts_put_le32(p + 4, 4);
    ts_put_le32(p + 8, (uint32_t)(decoded_size / 2));
    memcpy(p + 12, "data", 4);
    ts_put_le32(p + 16, (uint32_t)encoded_size);
    memcpy(p + 20, encoded, encoded_size);
    assert_true(PlaySoundA((LPCSTR)image, NULL, SND_MEMORY | SND_SYNC | SND_NODEFAULT));
    /* The device received exactly what the ACM decodes. */
    assert_int_equal(output(), decoded_size);
    assert_memory_equal(played, decoded, decoded_size);
    free(image);
    free(encoded);
    free(decoded);
}

static void test_rapid_calls(void **state)
{
    (void)state;
    /* Rapid stop/start from one thread while sounds play: every call returns, the last sound
     * plays whole. */
    for (int i = 0; i < 20; i++)
        assert_true(PlaySoundA(i % 2 ? (LPCSTR)long_sound.image : (LPCSTR)short_sound.image, NULL,
                               SND_MEMORY | SND_ASYNC));
    wt_clear_output();
    assert_true(PlaySoundA((LPCSTR)short_sound.image, NULL, SND_MEMORY | SND_SYNC));
    size_t got = output();
    assert_true(got >= short_sound.data_size);
    assert_memory_equal(played + got - short_sound.data_size, short_sound.data, short_sound.data_size);
}

static void *racer(void *argument)
{
    unsigned seed = (unsigned)(uintptr_t)argument;
    for (int i = 0; i < 15; i++) {
        seed = seed * 1103515245u + 12345u;
        switch ((seed >> 16) % 4) {
        case 0: PlaySoundA((LPCSTR)short_sound.image, NULL, SND_MEMORY | SND_ASYNC); break;
        case 1: PlaySoundA((LPCSTR)short_sound.image, NULL, SND_MEMORY | SND_SYNC | SND_NOSTOP); break;
        case 2: PlaySoundA(long_sound.path, NULL, SND_FILENAME | SND_ASYNC | SND_LOOP); break;
        default: PlaySoundA(NULL, NULL, SND_PURGE); break;
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    /* Threads starting, stopping and refusing sounds at once: every call returns, and after a
     * last purge nothing plays. */
    pthread_t threads[4];
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, racer, (void *)(i + 1)), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    assert_true(PlaySoundA(NULL, NULL, SND_PURGE));
    size_t got = output();
    wt_sleep_ms(300);
    assert_int_equal(output(), got);
}

/* The child of test_exit_while_playing: starts an asynchronous sound and exits at once, after
 * `delay_us`. */
static int exit_child(unsigned delay_us)
{
    folder = wt_setup(NULL);
    make_sound(&long_sound, LONG_FRAMES, 30000, "long.wav");
    if (!PlaySoundA(long_sound.path, NULL, SND_FILENAME | SND_ASYNC | SND_NODEFAULT))
        return 3;
    if (delay_us)
        wt_sleep_ms(delay_us / 1000);
    ts_remove_tree(folder); /* the open file plays on */
    exit(0);
}

static void test_exit_while_playing(void **state)
{
    (void)state;
    /* A program that exits while an asynchronous sound plays ends normally: the sound is
     * stopped before the device drivers are unloaded. */
    extern char **environ;
    for (int i = 0; i < 12; i++) {
        char delay[16];
        snprintf(delay, sizeof delay, "%d", (i % 4) * 20000);
        char *argv[] = {(char *)"/proc/self/exe", (char *)"--exit-child", delay, NULL};
        pid_t pid;
        assert_int_equal(posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ), 0);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--exit-child") == 0)
        return exit_child((unsigned)atoi(argv[2]));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_memory_sync, test_setup),
        cmocka_unit_test_setup(test_filename_sync_and_wide, test_setup),
        cmocka_unit_test_setup(test_async_returns_at_once, test_setup),
        cmocka_unit_test_setup(test_purge_and_null_stop, test_setup),
        cmocka_unit_test_setup(test_nostop, test_setup),
        cmocka_unit_test_setup(test_new_call_stops_current, test_setup),
        cmocka_unit_test_setup(test_loop, test_setup),
        cmocka_unit_test_setup(test_nodefault_and_default, test_setup),
        cmocka_unit_test_setup(test_aliases, test_setup),
        cmocka_unit_test_setup(test_freedesktop_theme, test_setup),
        cmocka_unit_test_setup(test_bad_input, test_setup),
        cmocka_unit_test_setup(test_compressed_through_the_mapper, test_setup),
        cmocka_unit_test_setup(test_rapid_calls, test_setup),
        cmocka_unit_test_setup(test_threads, test_setup),
        cmocka_unit_test_setup(test_exit_while_playing, test_setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
