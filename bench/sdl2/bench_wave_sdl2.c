/*
 * bench_wave_sdl2.c - CPU per minute of 44.1 kHz stereo 16-bit playback on the same PulseAudio
 * server, in one process and one run: portacm's waveOut (the built-in PulseAudio driver, N
 * buffers of M ms refilled from WOM_DONE) against SDL2's audio output (its PulseAudio back end,
 * a callback filling buffers of the same size). Both play the same 440 Hz tone; CPU is the
 * process's user + system time over the playing interval (getrusage), alternated for `rounds`.
 * Built only when SDL2's development files are present; never run by ctest.
 *   SDL_AUDIODRIVER=pulseaudio bench_wave_sdl2 [seconds=20] [buffers=4] [ms=20] [rounds=2]
 * Run it against a private server: see docs/performance.md.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <SDL.h>

#include "windows.h"
#include "mmsystem.h"

#define RATE 44100
#define CHANNELS 2

static double cpu_seconds(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static uint64_t tone_phase;

static void fill_tone(int16_t *samples, size_t frames)
{
    for (size_t i = 0; i < frames; i++, tone_phase++) {
        int16_t v = (int16_t)(8000.0 * sin(2.0 * 3.14159265358979 * 440.0 * (double)tone_phase / RATE));
        samples[2 * i] = v;
        samples[2 * i + 1] = v;
    }
}

/* ---- portacm: waveOut with N buffers refilled from WOM_DONE (CALLBACK_EVENT) ---- */
static double play_portacm(double seconds, int buffers, int ms, double *wall)
{
    WAVEFORMATEX format = {WAVE_FORMAT_PCM, CHANNELS, RATE, RATE * 4, 4, 16, 0};
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    HWAVEOUT hwo;
    if (waveOutOpen(&hwo, WAVE_MAPPER, &format, (DWORD_PTR)event, 0, CALLBACK_EVENT) != MMSYSERR_NOERROR) {
        fprintf(stderr, "waveOutOpen failed\n");
        exit(1);
    }
    size_t frames = (size_t)RATE * (size_t)ms / 1000;
    WAVEHDR *headers = calloc((size_t)buffers, sizeof *headers);
    int16_t *data = calloc((size_t)buffers * frames * CHANNELS, sizeof *data);
    double start_cpu = cpu_seconds(), start = wall_seconds();
    for (int i = 0; i < buffers; i++) {
        headers[i].lpData = (LPSTR)(data + (size_t)i * frames * CHANNELS);
        headers[i].dwBufferLength = (DWORD)(frames * 4);
        waveOutPrepareHeader(hwo, &headers[i], sizeof headers[i]);
        fill_tone((int16_t *)(void *)headers[i].lpData, frames);
        waveOutWrite(hwo, &headers[i], sizeof headers[i]);
    }
    while (wall_seconds() - start < seconds) {
        WaitForSingleObject(event, 1000);
        for (int i = 0; i < buffers; i++) {
            if (headers[i].dwFlags & WHDR_DONE) {
                fill_tone((int16_t *)(void *)headers[i].lpData, frames);
                waveOutWrite(hwo, &headers[i], sizeof headers[i]);
            }
        }
    }
    double cpu = cpu_seconds() - start_cpu;
    *wall = wall_seconds() - start;
    waveOutReset(hwo);
    for (int i = 0; i < buffers; i++)
        waveOutUnprepareHeader(hwo, &headers[i], sizeof headers[i]);
    waveOutClose(hwo);
    CloseHandle(event);
    free(headers);
    free(data);
    return cpu;
}

/* ---- SDL2: the audio callback fills each buffer ---- */
static void SDLCALL sdl_fill(void *user, Uint8 *stream, int length)
{
    (void)user;
    fill_tone((int16_t *)(void *)stream, (size_t)length / 4);
}

static double play_sdl2(double seconds, int ms, double *wall)
{
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = RATE;
    want.format = AUDIO_S16SYS;
    want.channels = CHANNELS;
    want.samples = (Uint16)(RATE * ms / 1000);
    want.callback = sdl_fill;
    SDL_AudioDeviceID device = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!device) {
        fprintf(stderr, "SDL_OpenAudioDevice: %s\n", SDL_GetError());
        exit(1);
    }
    double start_cpu = cpu_seconds(), start = wall_seconds();
    SDL_PauseAudioDevice(device, 0);
    while (wall_seconds() - start < seconds)
        SDL_Delay(100);
    double cpu = cpu_seconds() - start_cpu;
    *wall = wall_seconds() - start;
    SDL_CloseAudioDevice(device);
    return cpu;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 20;
    int buffers = argc > 2 ? atoi(argv[2]) : 4;
    int ms = argc > 3 ? atoi(argv[3]) : 20;
    int rounds = argc > 4 ? atoi(argv[4]) : 2;
    if (seconds <= 0 || buffers < 2 || buffers > 64 || ms < 1 || ms > 1000 || rounds < 1) {
        fprintf(stderr, "usage: bench_wave_sdl2 [seconds] [buffers 2-64] [ms 1-1000] [rounds]\n");
        return 2;
    }
    if (SDL_Init(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    printf("SDL audio driver: %s; %d x %d ms buffers, %.0f s per run\n", SDL_GetCurrentAudioDriver(), buffers, ms,
           seconds);
    double total_portacm = 0, total_sdl = 0;
    for (int r = 0; r < rounds; r++) {
        double wall_p, wall_s;
        double p = play_portacm(seconds, buffers, ms, &wall_p);
        double s = play_sdl2(seconds, ms, &wall_s);
        printf("round %d: portacm %.0f ms CPU per minute (wall %.1f s), SDL2 %.0f ms per minute (wall %.1f s), "
               "ratio %.2f\n",
               r + 1, p / wall_p * 60000, wall_p, s / wall_s * 60000, wall_s, (p / wall_p) / (s / wall_s));
        total_portacm += p / wall_p;
        total_sdl += s / wall_s;
    }
    printf("mean: portacm %.0f ms, SDL2 %.0f ms CPU per minute; ratio %.2f\n", total_portacm / rounds * 60000,
           total_sdl / rounds * 60000, total_portacm / total_sdl);
    SDL_Quit();
    return 0;
}
