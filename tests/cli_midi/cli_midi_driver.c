/*
 * cli_midi_driver.c - a MIDI output driver for the `portacm play FILE.mid` tests: one device,
 * "CLI MIDI Recorder", that appends every message it receives to the file named by the
 * environment variable CLI_MIDI_LOG, one line each, with the CLOCK_MONOTONIC time it arrived:
 *   <ns> S 0x<packed short message>
 *   <ns> L <hex bytes>          (a long message, MODM_LONGDATA)
 *   <ns> R                      (MODM_RESET)
 * The test (cli_midi_test.py, another process) reads the file. Named in a drivers file as
 * `midi=cli_midi_driver.so`. No MIDICAPS_STREAM: winmm plays streams on top of it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <windows.h>
#include <mmsystem.h>
#include <mmddk.h>

/* The exports (the version script keeps only these). */
__attribute__((visibility("default"))) LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1,
                                                                    LPARAM p2);
__attribute__((visibility("default"))) DWORD CALLBACK modMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1,
                                                                  DWORD_PTR p2);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static MIDIOPENDESC open_desc;
static DWORD callback_type;
static int is_open;

static void record(const char *line)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&lock);
    if (!log_file) {
        const char *path = getenv("CLI_MIDI_LOG");
        log_file = path ? fopen(path, "a") : NULL;
    }
    if (log_file) {
        fprintf(log_file, "%llu %s\n", (unsigned long long)now.tv_sec * 1000000000ull + (unsigned long long)now.tv_nsec,
                line);
        fflush(log_file);
    }
    pthread_mutex_unlock(&lock);
}

LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD:
    case DRV_OPEN:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return 1;
    case DRV_FREE:
        pthread_mutex_lock(&lock);
        if (log_file)
            fclose(log_file);
        log_file = NULL;
        pthread_mutex_unlock(&lock);
        return 1;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

static void notify(UINT msg, DWORD_PTR p1)
{
    DriverCallback(open_desc.dwCallback, callback_type, (HDRVR)open_desc.hMidi, msg, open_desc.dwInstance, p1, 0);
}

static DWORD long_data(LPMIDIHDR header)
{
    if (!header || !header->lpData)
        return MMSYSERR_INVALPARAM;
    char line[3 * 256 + 8] = "L";
    size_t used = 1;
    for (DWORD i = 0; i < header->dwBufferLength && i < 256; i++)
        used += (size_t)snprintf(line + used, sizeof line - used, " %02X", (unsigned char)header->lpData[i]);
    record(line);
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    notify(MOM_DONE, (DWORD_PTR)header);
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK modMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    char line[32];
    if (msg == DRVM_INIT || msg == DRVM_EXIT)
        return MMSYSERR_NOERROR;
    if (msg == MODM_GETNUMDEVS)
        return 1;
    if (dev != 0)
        return MMSYSERR_BADDEVICEID;
    switch (msg) {
    case MODM_GETDEVCAPS: {
        MIDIOUTCAPSW caps = {.wMid = 0xFF, .wPid = 0x43, .vDriverVersion = 0x0102, .wTechnology = MOD_MIDIPORT,
                             .wChannelMask = 0xFFFF};
        static const char name[] = "CLI MIDI Recorder";
        for (size_t i = 0; i < sizeof name; i++)
            caps.szPname[i] = (WCHAR)name[i];
        memcpy((void *)p1, &caps, p2 < sizeof caps ? p2 : sizeof caps);
        return MMSYSERR_NOERROR;
    }
    case MODM_OPEN:
        if (!p1 || !user)
            return MMSYSERR_INVALPARAM;
        if (__atomic_exchange_n(&is_open, 1, __ATOMIC_ACQ_REL))
            return MMSYSERR_ALLOCATED;
        open_desc = *(const MIDIOPENDESC *)p1;
        callback_type = HIWORD((DWORD)p2 & CALLBACK_TYPEMASK);
        *(DWORD_PTR *)user = 1;
        notify(MOM_OPEN, 0);
        return MMSYSERR_NOERROR;
    case MODM_CLOSE:
        notify(MOM_CLOSE, 0);
        __atomic_store_n(&is_open, 0, __ATOMIC_RELEASE);
        return MMSYSERR_NOERROR;
    case MODM_DATA:
        snprintf(line, sizeof line, "S 0x%08lX", (unsigned long)(DWORD)p1);
        record(line);
        return MMSYSERR_NOERROR;
    case MODM_LONGDATA:
        return long_data((LPMIDIHDR)p1);
    case MODM_RESET:
        record("R");
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
