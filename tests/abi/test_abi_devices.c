/*
 * test_abi_devices.c - pins the binary interface of the device half (issue 12 item 7) to 64-bit
 * Windows: the size and offset of every member of the wave, aux, mixer and timer structures of
 * mmeapi.h/timeapi.h/mmsystem.h and of the driver-side open descriptions of mmddk.h, and the
 * value of every constant of those families.
 *
 * The expected numbers are NOT taken from our headers. They are the literals of
 * ../shared/spec/winmm-devices.md (§2 values, §3 layouts), which come from Wine's and
 * mingw-w64's headers and from Microsoft's Win32 metadata (windows-rs), cross-checked by hand
 * here: the multimedia headers are byte-packed on Windows (pshpack1) on every architecture, so
 * under LLP64 (pointers, handles and *_PTR 8 bytes; DWORD, UINT, LONG 4; WORD, WCHAR 2) each
 * member follows the previous one with no padding and a size is the plain sum. The arithmetic
 * of the structures whose packed layout differs from the natural one is written next to them.
 *
 * The checks run at run time (rows of actual vs expected, every mismatch printed before the
 * test fails), so a wrong header value fails this test and nothing else in the build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "mmddk.h"

typedef struct abi_row {
    const char *what;
    long long actual;
    long long expected;
} abi_row;

static int report_mismatches(const char *table, const abi_row *rows, size_t count)
{
    int mismatches = 0;
    for (size_t i = 0; i < count; i++) {
        if (rows[i].actual != rows[i].expected) {
            fprintf(stderr, "[%s] %s: ours %lld (0x%llx), Windows %lld (0x%llx)\n", table, rows[i].what,
                    rows[i].actual, (unsigned long long)rows[i].actual, rows[i].expected,
                    (unsigned long long)rows[i].expected);
            mismatches++;
        }
    }
    return mismatches;
}

#define CHECK_ROWS(table, rows) assert_int_equal(report_mismatches(table, rows, sizeof(rows) / sizeof((rows)[0])), 0)
#define VALUE(name, expected) {#name, (long long)(name), (long long)(expected)}
#define SIZE(type, expected) {"sizeof(" #type ")", (long long)sizeof(type), (long long)(expected)}
/* Two rows for one member: where it starts and how big it is. */
#define MEMBER(type, member, offset, size)                                                   \
    {#type "." #member " offset", (long long)offsetof(type, member), (long long)(offset)}, \
    {                                                                                      \
        #type "." #member " size", (long long)sizeof(((type *)0)->member), (long long)(size) \
    }

static int abi_setup(void **state)
{
    (void)state;
    if (sizeof(void *) != 8) {
        fprintf(stderr, "skipping: the expected layouts are those of 64-bit Windows and this is a %zu-bit build\n",
                sizeof(void *) * 8);
        return -1;
    }
    return 0;
}

/* ---- wave ----------------------------------------------------------------------------------- */
static void wave_structures(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* WAVEHDR: 8 + 4 + 4 + 8 + 4 + 4 + 8 + 8 = 48 (pointer members already on 8). */
        SIZE(WAVEHDR, 48),
        MEMBER(WAVEHDR, lpData, 0, 8),
        MEMBER(WAVEHDR, dwBufferLength, 8, 4),
        MEMBER(WAVEHDR, dwBytesRecorded, 12, 4),
        MEMBER(WAVEHDR, dwUser, 16, 8),
        MEMBER(WAVEHDR, dwFlags, 24, 4),
        MEMBER(WAVEHDR, dwLoops, 28, 4),
        MEMBER(WAVEHDR, lpNext, 32, 8),
        MEMBER(WAVEHDR, reserved, 40, 8),
        /* WAVEOUTCAPS: 2 + 2 + 4 + name (32 CHAR / 32 WCHAR) + 4 + 2 + 2 + 4. */
        SIZE(WAVEOUTCAPSA, 52),
        MEMBER(WAVEOUTCAPSA, wMid, 0, 2),
        MEMBER(WAVEOUTCAPSA, wPid, 2, 2),
        MEMBER(WAVEOUTCAPSA, vDriverVersion, 4, 4),
        MEMBER(WAVEOUTCAPSA, szPname, 8, 32),
        MEMBER(WAVEOUTCAPSA, dwFormats, 40, 4),
        MEMBER(WAVEOUTCAPSA, wChannels, 44, 2),
        MEMBER(WAVEOUTCAPSA, wReserved1, 46, 2),
        MEMBER(WAVEOUTCAPSA, dwSupport, 48, 4),
        SIZE(WAVEOUTCAPSW, 84),
        MEMBER(WAVEOUTCAPSW, szPname, 8, 64),
        MEMBER(WAVEOUTCAPSW, dwFormats, 72, 4),
        MEMBER(WAVEOUTCAPSW, wChannels, 76, 2),
        MEMBER(WAVEOUTCAPSW, wReserved1, 78, 2),
        MEMBER(WAVEOUTCAPSW, dwSupport, 80, 4),
        /* The 2 versions append three GUIDs (16 bytes each). */
        SIZE(WAVEOUTCAPS2A, 100),
        MEMBER(WAVEOUTCAPS2A, dwSupport, 48, 4),
        MEMBER(WAVEOUTCAPS2A, ManufacturerGuid, 52, 16),
        MEMBER(WAVEOUTCAPS2A, ProductGuid, 68, 16),
        MEMBER(WAVEOUTCAPS2A, NameGuid, 84, 16),
        SIZE(WAVEOUTCAPS2W, 132),
        MEMBER(WAVEOUTCAPS2W, ManufacturerGuid, 84, 16),
        MEMBER(WAVEOUTCAPS2W, ProductGuid, 100, 16),
        MEMBER(WAVEOUTCAPS2W, NameGuid, 116, 16),
        /* WAVEINCAPS: WAVEOUTCAPS without dwSupport. */
        SIZE(WAVEINCAPSA, 48),
        MEMBER(WAVEINCAPSA, szPname, 8, 32),
        MEMBER(WAVEINCAPSA, dwFormats, 40, 4),
        MEMBER(WAVEINCAPSA, wChannels, 44, 2),
        MEMBER(WAVEINCAPSA, wReserved1, 46, 2),
        SIZE(WAVEINCAPSW, 80),
        MEMBER(WAVEINCAPSW, szPname, 8, 64),
        MEMBER(WAVEINCAPSW, dwFormats, 72, 4),
        MEMBER(WAVEINCAPSW, wChannels, 76, 2),
        MEMBER(WAVEINCAPSW, wReserved1, 78, 2),
        SIZE(WAVEINCAPS2A, 96),
        MEMBER(WAVEINCAPS2A, ManufacturerGuid, 48, 16),
        MEMBER(WAVEINCAPS2A, ProductGuid, 64, 16),
        MEMBER(WAVEINCAPS2A, NameGuid, 80, 16),
        SIZE(WAVEINCAPS2W, 128),
        MEMBER(WAVEINCAPS2W, ManufacturerGuid, 80, 16),
        MEMBER(WAVEINCAPS2W, ProductGuid, 96, 16),
        MEMBER(WAVEINCAPS2W, NameGuid, 112, 16),
        /* AUXCAPS: name, then WORD wTechnology, WORD wReserved1, DWORD dwSupport. */
        SIZE(AUXCAPSA, 48),
        MEMBER(AUXCAPSA, szPname, 8, 32),
        MEMBER(AUXCAPSA, wTechnology, 40, 2),
        MEMBER(AUXCAPSA, wReserved1, 42, 2),
        MEMBER(AUXCAPSA, dwSupport, 44, 4),
        SIZE(AUXCAPSW, 80),
        MEMBER(AUXCAPSW, szPname, 8, 64),
        MEMBER(AUXCAPSW, wTechnology, 72, 2),
        MEMBER(AUXCAPSW, wReserved1, 74, 2),
        MEMBER(AUXCAPSW, dwSupport, 76, 4),
    };
    CHECK_ROWS("wave", rows);
}

/* ---- mixer ---------------------------------------------------------------------------------- */
static void mixer_structures(void **state)
{
    (void)state;
    const abi_row rows[] = {
        SIZE(MIXERCAPSA, 48),
        MEMBER(MIXERCAPSA, szPname, 8, 32),
        MEMBER(MIXERCAPSA, fdwSupport, 40, 4),
        MEMBER(MIXERCAPSA, cDestinations, 44, 4),
        SIZE(MIXERCAPSW, 80),
        MEMBER(MIXERCAPSW, szPname, 8, 64),
        MEMBER(MIXERCAPSW, fdwSupport, 72, 4),
        MEMBER(MIXERCAPSW, cDestinations, 76, 4),
        SIZE(MIXERCAPS2A, 96),
        MEMBER(MIXERCAPS2A, ManufacturerGuid, 48, 16),
        MEMBER(MIXERCAPS2A, ProductGuid, 64, 16),
        MEMBER(MIXERCAPS2A, NameGuid, 80, 16),
        SIZE(MIXERCAPS2W, 128),
        MEMBER(MIXERCAPS2W, ManufacturerGuid, 80, 16),
        MEMBER(MIXERCAPS2W, ProductGuid, 96, 16),
        MEMBER(MIXERCAPS2W, NameGuid, 112, 16),
        /* MIXERLINEA: five DWORDs (20), dwUser 8 at 20 (natural: 24), four DWORDs to 44, short
         * name 16, name 64, Target = 4 + 4 + 2 + 2 + 4 + 32 = 48 at 124: 172 (natural 176). */
        SIZE(MIXERLINEA, 172),
        MEMBER(MIXERLINEA, cbStruct, 0, 4),
        MEMBER(MIXERLINEA, dwDestination, 4, 4),
        MEMBER(MIXERLINEA, dwSource, 8, 4),
        MEMBER(MIXERLINEA, dwLineID, 12, 4),
        MEMBER(MIXERLINEA, fdwLine, 16, 4),
        MEMBER(MIXERLINEA, dwUser, 20, 8),
        MEMBER(MIXERLINEA, dwComponentType, 28, 4),
        MEMBER(MIXERLINEA, cChannels, 32, 4),
        MEMBER(MIXERLINEA, cConnections, 36, 4),
        MEMBER(MIXERLINEA, cControls, 40, 4),
        MEMBER(MIXERLINEA, szShortName, 44, 16),
        MEMBER(MIXERLINEA, szName, 60, 64),
        MEMBER(MIXERLINEA, Target, 124, 48),
        MEMBER(MIXERLINEA, Target.dwType, 124, 4),
        MEMBER(MIXERLINEA, Target.dwDeviceID, 128, 4),
        MEMBER(MIXERLINEA, Target.wMid, 132, 2),
        MEMBER(MIXERLINEA, Target.wPid, 134, 2),
        MEMBER(MIXERLINEA, Target.vDriverVersion, 136, 4),
        MEMBER(MIXERLINEA, Target.szPname, 140, 32),
        /* MIXERLINEW: names of 32 and 128 bytes, Target = 16 + 64 = 80 at 204: 284 (natural 288). */
        SIZE(MIXERLINEW, 284),
        MEMBER(MIXERLINEW, dwUser, 20, 8),
        MEMBER(MIXERLINEW, cControls, 40, 4),
        MEMBER(MIXERLINEW, szShortName, 44, 32),
        MEMBER(MIXERLINEW, szName, 76, 128),
        MEMBER(MIXERLINEW, Target, 204, 80),
        MEMBER(MIXERLINEW, Target.vDriverVersion, 216, 4),
        MEMBER(MIXERLINEW, Target.szPname, 220, 64),
        /* MIXERCONTROL: five DWORDs, names, Bounds and Metrics of six DWORDs each. */
        SIZE(MIXERCONTROLA, 148),
        MEMBER(MIXERCONTROLA, cbStruct, 0, 4),
        MEMBER(MIXERCONTROLA, dwControlID, 4, 4),
        MEMBER(MIXERCONTROLA, dwControlType, 8, 4),
        MEMBER(MIXERCONTROLA, fdwControl, 12, 4),
        MEMBER(MIXERCONTROLA, cMultipleItems, 16, 4),
        MEMBER(MIXERCONTROLA, szShortName, 20, 16),
        MEMBER(MIXERCONTROLA, szName, 36, 64),
        MEMBER(MIXERCONTROLA, Bounds, 100, 24),
        MEMBER(MIXERCONTROLA, Bounds.lMinimum, 100, 4),
        MEMBER(MIXERCONTROLA, Bounds.lMaximum, 104, 4),
        MEMBER(MIXERCONTROLA, Bounds.dwMinimum, 100, 4),
        MEMBER(MIXERCONTROLA, Bounds.dwMaximum, 104, 4),
        MEMBER(MIXERCONTROLA, Metrics, 124, 24),
        MEMBER(MIXERCONTROLA, Metrics.cSteps, 124, 4),
        MEMBER(MIXERCONTROLA, Metrics.cbCustomData, 124, 4),
        SIZE(MIXERCONTROLW, 228),
        MEMBER(MIXERCONTROLW, szShortName, 20, 32),
        MEMBER(MIXERCONTROLW, szName, 52, 128),
        MEMBER(MIXERCONTROLW, Bounds, 180, 24),
        MEMBER(MIXERCONTROLW, Metrics, 204, 24),
        /* MIXERLINECONTROLS: five DWORDs, then the pointer at 20 (natural 24): 28 (natural 32). */
        SIZE(MIXERLINECONTROLSA, 28),
        MEMBER(MIXERLINECONTROLSA, cbStruct, 0, 4),
        MEMBER(MIXERLINECONTROLSA, dwLineID, 4, 4),
        MEMBER(MIXERLINECONTROLSA, dwControlID, 8, 4),
        MEMBER(MIXERLINECONTROLSA, dwControlType, 8, 4),
        MEMBER(MIXERLINECONTROLSA, cControls, 12, 4),
        MEMBER(MIXERLINECONTROLSA, cbmxctrl, 16, 4),
        MEMBER(MIXERLINECONTROLSA, pamxctrl, 20, 8),
        SIZE(MIXERLINECONTROLSW, 28),
        MEMBER(MIXERLINECONTROLSW, pamxctrl, 20, 8),
        /* MIXERCONTROLDETAILS: three DWORDs, the HWND/DWORD union (8) at 12 (natural 16),
         * cbDetails at 20, paDetails at 24: 32 (natural 40). */
        SIZE(MIXERCONTROLDETAILS, 32),
        MEMBER(MIXERCONTROLDETAILS, cbStruct, 0, 4),
        MEMBER(MIXERCONTROLDETAILS, dwControlID, 4, 4),
        MEMBER(MIXERCONTROLDETAILS, cChannels, 8, 4),
        MEMBER(MIXERCONTROLDETAILS, hwndOwner, 12, 8),
        MEMBER(MIXERCONTROLDETAILS, cMultipleItems, 12, 4),
        MEMBER(MIXERCONTROLDETAILS, cbDetails, 20, 4),
        MEMBER(MIXERCONTROLDETAILS, paDetails, 24, 8),
        SIZE(MIXERCONTROLDETAILS_LISTTEXTA, 72),
        MEMBER(MIXERCONTROLDETAILS_LISTTEXTA, dwParam1, 0, 4),
        MEMBER(MIXERCONTROLDETAILS_LISTTEXTA, dwParam2, 4, 4),
        MEMBER(MIXERCONTROLDETAILS_LISTTEXTA, szName, 8, 64),
        SIZE(MIXERCONTROLDETAILS_LISTTEXTW, 136),
        MEMBER(MIXERCONTROLDETAILS_LISTTEXTW, szName, 8, 128),
        SIZE(MIXERCONTROLDETAILS_BOOLEAN, 4),
        MEMBER(MIXERCONTROLDETAILS_BOOLEAN, fValue, 0, 4),
        SIZE(MIXERCONTROLDETAILS_SIGNED, 4),
        MEMBER(MIXERCONTROLDETAILS_SIGNED, lValue, 0, 4),
        SIZE(MIXERCONTROLDETAILS_UNSIGNED, 4),
        MEMBER(MIXERCONTROLDETAILS_UNSIGNED, dwValue, 0, 4),
    };
    CHECK_ROWS("mixer", rows);
    /* Signedness of the value structures (LONG vs DWORD). */
    MIXERCONTROLDETAILS_SIGNED s = {-1};
    MIXERCONTROLDETAILS_UNSIGNED u = {(DWORD)-1};
    MIXERCONTROLDETAILS_BOOLEAN b = {-1};
    assert_true(s.lValue < 0);
    assert_true(u.dwValue > 0);
    assert_true(b.fValue < 0);
}

/* ---- time and the driver-side descriptions -------------------------------------------------- */
static void time_and_driver_structures(void **state)
{
    (void)state;
    const abi_row rows[] = {
        SIZE(MMTIME, 12),
        MEMBER(MMTIME, wType, 0, 4),
        MEMBER(MMTIME, u, 4, 8),
        MEMBER(MMTIME, u.ms, 4, 4),
        MEMBER(MMTIME, u.sample, 4, 4),
        MEMBER(MMTIME, u.cb, 4, 4),
        MEMBER(MMTIME, u.ticks, 4, 4),
        MEMBER(MMTIME, u.smpte.hour, 4, 1),
        MEMBER(MMTIME, u.smpte.min, 5, 1),
        MEMBER(MMTIME, u.smpte.sec, 6, 1),
        MEMBER(MMTIME, u.smpte.frame, 7, 1),
        MEMBER(MMTIME, u.smpte.fps, 8, 1),
        MEMBER(MMTIME, u.smpte.dummy, 9, 1),
        MEMBER(MMTIME, u.smpte.pad, 10, 2),
        MEMBER(MMTIME, u.midi.songptrpos, 4, 4),
        SIZE(TIMECAPS, 8),
        MEMBER(TIMECAPS, wPeriodMin, 0, 4),
        MEMBER(TIMECAPS, wPeriodMax, 4, 4),
        /* WAVEOPENDESC: four 8-byte members, UINT at 32, dnDevNode at 36 (natural 40): 44
         * (natural 48). */
        SIZE(WAVEOPENDESC, 44),
        MEMBER(WAVEOPENDESC, hWave, 0, 8),
        MEMBER(WAVEOPENDESC, lpFormat, 8, 8),
        MEMBER(WAVEOPENDESC, dwCallback, 16, 8),
        MEMBER(WAVEOPENDESC, dwInstance, 24, 8),
        MEMBER(WAVEOPENDESC, uMappedDeviceID, 32, 4),
        MEMBER(WAVEOPENDESC, dnDevNode, 36, 8),
        SIZE(MIXEROPENDESC, 40),
        MEMBER(MIXEROPENDESC, hmx, 0, 8),
        MEMBER(MIXEROPENDESC, pReserved0, 8, 8),
        MEMBER(MIXEROPENDESC, dwCallback, 16, 8),
        MEMBER(MIXEROPENDESC, dwInstance, 24, 8),
        MEMBER(MIXEROPENDESC, dnDevNode, 32, 8),
        /* The timer callback's integer types. */
        SIZE(MMRESULT, 4),
        SIZE(MMVERSION, 4),
    };
    CHECK_ROWS("time/driver", rows);
}

/* ---- constants ------------------------------------------------------------------------------ */
static void callback_wave_and_time_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* §2.1 */
        VALUE(CALLBACK_TYPEMASK, 0x70000),
        VALUE(CALLBACK_NULL, 0),
        VALUE(CALLBACK_WINDOW, 0x10000),
        VALUE(CALLBACK_TASK, 0x20000),
        VALUE(CALLBACK_THREAD, 0x20000),
        VALUE(CALLBACK_FUNCTION, 0x30000),
        VALUE(CALLBACK_EVENT, 0x50000),
        VALUE(WAVE_FORMAT_QUERY, 0x1),
        VALUE(WAVE_ALLOWSYNC, 0x2),
        VALUE(WAVE_MAPPED, 0x4),
        VALUE(WAVE_FORMAT_DIRECT, 0x8),
        VALUE(WAVE_FORMAT_DIRECT_QUERY, 0x9),
        VALUE(WAVE_MAPPED_DEFAULT_COMMUNICATION_DEVICE, 0x10),
#ifdef WAVE_DIRECTSOUND
        VALUE(WAVE_DIRECTSOUND, 0x80),
#endif
        VALUE(WAVE_MAPPER, 0xFFFFFFFFu),
        VALUE(AUX_MAPPER, 0xFFFFFFFFu),
        /* §2.2 */
        VALUE(MM_WOM_OPEN, 0x3BB),
        VALUE(MM_WOM_CLOSE, 0x3BC),
        VALUE(MM_WOM_DONE, 0x3BD),
        VALUE(MM_WIM_OPEN, 0x3BE),
        VALUE(MM_WIM_CLOSE, 0x3BF),
        VALUE(MM_WIM_DATA, 0x3C0),
        VALUE(WOM_OPEN, 0x3BB),
        VALUE(WOM_CLOSE, 0x3BC),
        VALUE(WOM_DONE, 0x3BD),
        VALUE(WIM_OPEN, 0x3BE),
        VALUE(WIM_CLOSE, 0x3BF),
        VALUE(WIM_DATA, 0x3C0),
        VALUE(MM_MIXM_LINE_CHANGE, 0x3D0),
        VALUE(MM_MIXM_CONTROL_CHANGE, 0x3D1),
        VALUE(MM_MCINOTIFY, 0x3B9),
        /* §2.4 */
        VALUE(WHDR_DONE, 0x1),
        VALUE(WHDR_PREPARED, 0x2),
        VALUE(WHDR_BEGINLOOP, 0x4),
        VALUE(WHDR_ENDLOOP, 0x8),
        VALUE(WHDR_INQUEUE, 0x10),
        /* §2.5 */
        VALUE(WAVECAPS_PITCH, 0x1),
        VALUE(WAVECAPS_PLAYBACKRATE, 0x2),
        VALUE(WAVECAPS_VOLUME, 0x4),
        VALUE(WAVECAPS_LRVOLUME, 0x8),
        VALUE(WAVECAPS_SYNC, 0x10),
        VALUE(WAVECAPS_SAMPLEACCURATE, 0x20),
        VALUE(WAVE_INVALIDFORMAT, 0),
        VALUE(WAVE_FORMAT_1M08, 0x1),
        VALUE(WAVE_FORMAT_1S08, 0x2),
        VALUE(WAVE_FORMAT_1M16, 0x4),
        VALUE(WAVE_FORMAT_1S16, 0x8),
        VALUE(WAVE_FORMAT_2M08, 0x10),
        VALUE(WAVE_FORMAT_2S08, 0x20),
        VALUE(WAVE_FORMAT_2M16, 0x40),
        VALUE(WAVE_FORMAT_2S16, 0x80),
        VALUE(WAVE_FORMAT_4M08, 0x100),
        VALUE(WAVE_FORMAT_4S08, 0x200),
        VALUE(WAVE_FORMAT_4M16, 0x400),
        VALUE(WAVE_FORMAT_4S16, 0x800),
        VALUE(WAVE_FORMAT_44M08, 0x100),
        VALUE(WAVE_FORMAT_44S08, 0x200),
        VALUE(WAVE_FORMAT_44M16, 0x400),
        VALUE(WAVE_FORMAT_44S16, 0x800),
        VALUE(WAVE_FORMAT_48M08, 0x1000),
        VALUE(WAVE_FORMAT_48S08, 0x2000),
        VALUE(WAVE_FORMAT_48M16, 0x4000),
        VALUE(WAVE_FORMAT_48S16, 0x8000),
        VALUE(WAVE_FORMAT_96M08, 0x10000),
        VALUE(WAVE_FORMAT_96S08, 0x20000),
        VALUE(WAVE_FORMAT_96M16, 0x40000),
        VALUE(WAVE_FORMAT_96S16, 0x80000),
        VALUE(AUXCAPS_CDAUDIO, 1),
        VALUE(AUXCAPS_AUXIN, 2),
        VALUE(AUXCAPS_VOLUME, 0x1),
        VALUE(AUXCAPS_LRVOLUME, 0x2),
        VALUE(MAXPNAMELEN, 32),
        VALUE(MAXERRORLENGTH, 256),
        VALUE(MIXER_SHORT_NAME_CHARS, 16),
        VALUE(MIXER_LONG_NAME_CHARS, 64),
        VALUE(MM_MICROSOFT, 1),
        VALUE(MM_WAVE_MAPPER, 2),
        /* §2.6 */
        VALUE(TIME_MS, 0x1),
        VALUE(TIME_SAMPLES, 0x2),
        VALUE(TIME_BYTES, 0x4),
        VALUE(TIME_SMPTE, 0x8),
        VALUE(TIME_MIDI, 0x10),
        VALUE(TIME_TICKS, 0x20),
        VALUE(TIME_ONESHOT, 0),
        VALUE(TIME_PERIODIC, 1),
        VALUE(TIME_CALLBACK_FUNCTION, 0),
        VALUE(TIME_CALLBACK_EVENT_SET, 0x10),
        VALUE(TIME_CALLBACK_EVENT_PULSE, 0x20),
        VALUE(TIME_KILL_SYNCHRONOUS, 0x100),
        VALUE(TIMERR_NOERROR, 0),
        VALUE(TIMERR_NOCANDO, 97),
        VALUE(TIMERR_STRUCT, 129),
        /* §2.10 */
        VALUE(WAVERR_BASE, 32),
        VALUE(MIDIERR_BASE, 64),
        VALUE(TIMERR_BASE, 96),
        VALUE(MIXERR_BASE, 1024),
        VALUE(WAVERR_BADFORMAT, 32),
        VALUE(WAVERR_STILLPLAYING, 33),
        VALUE(WAVERR_UNPREPARED, 34),
        VALUE(WAVERR_SYNC, 35),
        VALUE(WAVERR_LASTERROR, 35),
        VALUE(MIXERR_INVALLINE, 1024),
        VALUE(MIXERR_INVALCONTROL, 1025),
        VALUE(MIXERR_INVALVALUE, 1026),
        VALUE(MIXERR_LASTERROR, 1026),
    };
    CHECK_ROWS("callback/wave/time", rows);
}

static void mixer_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(MIXERLINE_LINEF_ACTIVE, 0x1),
        VALUE(MIXERLINE_LINEF_DISCONNECTED, 0x8000),
        VALUE(MIXERLINE_LINEF_SOURCE, 0x80000000u),
        VALUE(MIXER_OBJECTF_HANDLE, 0x80000000u),
        VALUE(MIXER_OBJECTF_MIXER, 0),
        VALUE(MIXER_OBJECTF_HMIXER, 0x80000000u),
        VALUE(MIXER_OBJECTF_WAVEOUT, 0x10000000),
        VALUE(MIXER_OBJECTF_HWAVEOUT, 0x90000000u),
        VALUE(MIXER_OBJECTF_WAVEIN, 0x20000000),
        VALUE(MIXER_OBJECTF_HWAVEIN, 0xA0000000u),
        VALUE(MIXER_OBJECTF_MIDIOUT, 0x30000000),
        VALUE(MIXER_OBJECTF_HMIDIOUT, 0xB0000000u),
        VALUE(MIXER_OBJECTF_MIDIIN, 0x40000000),
        VALUE(MIXER_OBJECTF_HMIDIIN, 0xC0000000u),
        VALUE(MIXER_OBJECTF_AUX, 0x50000000),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_UNDEFINED, 0),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_DIGITAL, 1),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_LINE, 2),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_MONITOR, 3),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_SPEAKERS, 4),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_HEADPHONES, 5),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_TELEPHONE, 6),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_WAVEIN, 7),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_VOICEIN, 8),
        VALUE(MIXERLINE_COMPONENTTYPE_DST_LAST, 8),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_UNDEFINED, 0x1000),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_DIGITAL, 0x1001),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_LINE, 0x1002),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_MICROPHONE, 0x1003),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_SYNTHESIZER, 0x1004),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_COMPACTDISC, 0x1005),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_TELEPHONE, 0x1006),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_PCSPEAKER, 0x1007),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_WAVEOUT, 0x1008),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_AUXILIARY, 0x1009),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_ANALOG, 0x100A),
        VALUE(MIXERLINE_COMPONENTTYPE_SRC_LAST, 0x100A),
        VALUE(MIXERLINE_TARGETTYPE_UNDEFINED, 0),
        VALUE(MIXERLINE_TARGETTYPE_WAVEOUT, 1),
        VALUE(MIXERLINE_TARGETTYPE_WAVEIN, 2),
        VALUE(MIXERLINE_TARGETTYPE_MIDIOUT, 3),
        VALUE(MIXERLINE_TARGETTYPE_MIDIIN, 4),
        VALUE(MIXERLINE_TARGETTYPE_AUX, 5),
        VALUE(MIXERCONTROL_CONTROLF_UNIFORM, 0x1),
        VALUE(MIXERCONTROL_CONTROLF_MULTIPLE, 0x2),
        VALUE(MIXERCONTROL_CONTROLF_DISABLED, 0x80000000u),
        VALUE(MIXERCONTROL_CT_CLASS_MASK, 0xF0000000u),
        VALUE(MIXERCONTROL_CT_CLASS_CUSTOM, 0),
        VALUE(MIXERCONTROL_CT_CLASS_METER, 0x10000000),
        VALUE(MIXERCONTROL_CT_CLASS_SWITCH, 0x20000000),
        VALUE(MIXERCONTROL_CT_CLASS_NUMBER, 0x30000000),
        VALUE(MIXERCONTROL_CT_CLASS_SLIDER, 0x40000000),
        VALUE(MIXERCONTROL_CT_CLASS_FADER, 0x50000000),
        VALUE(MIXERCONTROL_CT_CLASS_TIME, 0x60000000),
        VALUE(MIXERCONTROL_CT_CLASS_LIST, 0x70000000),
        VALUE(MIXERCONTROL_CT_SUBCLASS_MASK, 0x0F000000),
        VALUE(MIXERCONTROL_CT_SC_SWITCH_BOOLEAN, 0),
        VALUE(MIXERCONTROL_CT_SC_SWITCH_BUTTON, 0x01000000),
        VALUE(MIXERCONTROL_CT_SC_METER_POLLED, 0),
        VALUE(MIXERCONTROL_CT_SC_TIME_MICROSECS, 0),
        VALUE(MIXERCONTROL_CT_SC_TIME_MILLISECS, 0x01000000),
        VALUE(MIXERCONTROL_CT_SC_LIST_SINGLE, 0),
        VALUE(MIXERCONTROL_CT_SC_LIST_MULTIPLE, 0x01000000),
        VALUE(MIXERCONTROL_CT_UNITS_MASK, 0x00FF0000),
        VALUE(MIXERCONTROL_CT_UNITS_CUSTOM, 0),
        VALUE(MIXERCONTROL_CT_UNITS_BOOLEAN, 0x10000),
        VALUE(MIXERCONTROL_CT_UNITS_SIGNED, 0x20000),
        VALUE(MIXERCONTROL_CT_UNITS_UNSIGNED, 0x30000),
        VALUE(MIXERCONTROL_CT_UNITS_DECIBELS, 0x40000),
        VALUE(MIXERCONTROL_CT_UNITS_PERCENT, 0x50000),
        /* The table of §2.8. */
        VALUE(MIXERCONTROL_CONTROLTYPE_CUSTOM, 0x00000000),
        VALUE(MIXERCONTROL_CONTROLTYPE_BOOLEANMETER, 0x10010000),
        VALUE(MIXERCONTROL_CONTROLTYPE_SIGNEDMETER, 0x10020000),
        VALUE(MIXERCONTROL_CONTROLTYPE_PEAKMETER, 0x10020001),
        VALUE(MIXERCONTROL_CONTROLTYPE_UNSIGNEDMETER, 0x10030000),
        VALUE(MIXERCONTROL_CONTROLTYPE_BOOLEAN, 0x20010000),
        VALUE(MIXERCONTROL_CONTROLTYPE_ONOFF, 0x20010001),
        VALUE(MIXERCONTROL_CONTROLTYPE_MUTE, 0x20010002),
        VALUE(MIXERCONTROL_CONTROLTYPE_MONO, 0x20010003),
        VALUE(MIXERCONTROL_CONTROLTYPE_LOUDNESS, 0x20010004),
        VALUE(MIXERCONTROL_CONTROLTYPE_STEREOENH, 0x20010005),
        VALUE(MIXERCONTROL_CONTROLTYPE_BASS_BOOST, 0x20012277),
        VALUE(MIXERCONTROL_CONTROLTYPE_BUTTON, 0x21010000),
        VALUE(MIXERCONTROL_CONTROLTYPE_DECIBELS, 0x30040000),
        VALUE(MIXERCONTROL_CONTROLTYPE_SIGNED, 0x30020000),
        VALUE(MIXERCONTROL_CONTROLTYPE_UNSIGNED, 0x30030000),
        VALUE(MIXERCONTROL_CONTROLTYPE_PERCENT, 0x30050000),
        VALUE(MIXERCONTROL_CONTROLTYPE_SLIDER, 0x40020000),
        VALUE(MIXERCONTROL_CONTROLTYPE_PAN, 0x40020001),
        VALUE(MIXERCONTROL_CONTROLTYPE_QSOUNDPAN, 0x40020002),
        VALUE(MIXERCONTROL_CONTROLTYPE_FADER, 0x50030000),
        VALUE(MIXERCONTROL_CONTROLTYPE_VOLUME, 0x50030001),
        VALUE(MIXERCONTROL_CONTROLTYPE_BASS, 0x50030002),
        VALUE(MIXERCONTROL_CONTROLTYPE_TREBLE, 0x50030003),
        VALUE(MIXERCONTROL_CONTROLTYPE_EQUALIZER, 0x50030004),
        VALUE(MIXERCONTROL_CONTROLTYPE_SINGLESELECT, 0x70010000),
        VALUE(MIXERCONTROL_CONTROLTYPE_MUX, 0x70010001),
        VALUE(MIXERCONTROL_CONTROLTYPE_MULTIPLESELECT, 0x71010000),
        VALUE(MIXERCONTROL_CONTROLTYPE_MIXER, 0x71010001),
        VALUE(MIXERCONTROL_CONTROLTYPE_MICROTIME, 0x60030000),
        VALUE(MIXERCONTROL_CONTROLTYPE_MILLITIME, 0x61030000),
        VALUE(MIXER_GETLINEINFOF_DESTINATION, 0),
        VALUE(MIXER_GETLINEINFOF_SOURCE, 1),
        VALUE(MIXER_GETLINEINFOF_LINEID, 2),
        VALUE(MIXER_GETLINEINFOF_COMPONENTTYPE, 3),
        VALUE(MIXER_GETLINEINFOF_TARGETTYPE, 4),
        VALUE(MIXER_GETLINEINFOF_QUERYMASK, 0xF),
        VALUE(MIXER_GETLINECONTROLSF_ALL, 0),
        VALUE(MIXER_GETLINECONTROLSF_ONEBYID, 1),
        VALUE(MIXER_GETLINECONTROLSF_ONEBYTYPE, 2),
        VALUE(MIXER_GETLINECONTROLSF_QUERYMASK, 0xF),
        VALUE(MIXER_GETCONTROLDETAILSF_VALUE, 0),
        VALUE(MIXER_GETCONTROLDETAILSF_LISTTEXT, 1),
        VALUE(MIXER_GETCONTROLDETAILSF_QUERYMASK, 0xF),
        VALUE(MIXER_SETCONTROLDETAILSF_VALUE, 0),
        VALUE(MIXER_SETCONTROLDETAILSF_CUSTOM, 1),
        VALUE(MIXER_SETCONTROLDETAILSF_QUERYMASK, 0xF),
    };
    CHECK_ROWS("mixer constants", rows);
}

static void playsound_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(SND_SYNC, 0),
        VALUE(SND_ASYNC, 0x1),
        VALUE(SND_NODEFAULT, 0x2),
        VALUE(SND_MEMORY, 0x4),
        VALUE(SND_LOOP, 0x8),
        VALUE(SND_NOSTOP, 0x10),
        VALUE(SND_PURGE, 0x40),
        VALUE(SND_APPLICATION, 0x80),
        VALUE(SND_NOWAIT, 0x2000),
        VALUE(SND_ALIAS, 0x10000),
        VALUE(SND_FILENAME, 0x20000),
        VALUE(SND_RESOURCE, 0x40004),
        VALUE(SND_SENTRY, 0x80000),
        VALUE(SND_ALIAS_ID, 0x110000),
        VALUE(SND_RING, 0x100000),
        VALUE(SND_SYSTEM, 0x200000),
        VALUE(SND_ALIAS_START, 0),
        VALUE(SND_ALIAS_SYSTEMASTERISK, 0x2A53),
        VALUE(SND_ALIAS_SYSTEMQUESTION, 0x3F53),
        VALUE(SND_ALIAS_SYSTEMHAND, 0x4853),
        VALUE(SND_ALIAS_SYSTEMEXIT, 0x4553),
        VALUE(SND_ALIAS_SYSTEMSTART, 0x5353),
        VALUE(SND_ALIAS_SYSTEMWELCOME, 0x5753),
        VALUE(SND_ALIAS_SYSTEMEXCLAMATION, 0x2153),
        VALUE(SND_ALIAS_SYSTEMDEFAULT, 0x4453),
    };
    CHECK_ROWS("playsound", rows);
}

static void driver_messages(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(DRVM_INIT, 100),
        VALUE(DRVM_EXIT, 101),
        VALUE(DRVM_DISABLE, 102),
        VALUE(DRVM_ENABLE, 103),
        VALUE(DRVM_IOCTL, 0x100),
        VALUE(DRVM_ADD_THRU, 0x101),
        VALUE(DRVM_REMOVE_THRU, 0x102),
        VALUE(DRVM_IOCTL_LAST, 0x105),
        VALUE(DRVM_MAPPER, 0x2000),
        VALUE(DRVM_USER, 0x4000),
        VALUE(DRVM_MAPPER_STATUS, 0x2000),
        VALUE(DRVM_MAPPER_RECONFIGURE, 0x2001),
        VALUE(DRVM_MAPPER_PREFERRED_GET, 0x2015),
        VALUE(DRVM_MAPPER_CONSOLEVOICECOM_GET, 0x2017),
        VALUE(DRVM_MAPPER_PREFERRED_FLAGS_PREFERREDONLY, 1),
        VALUE(DRV_QUERYDRVENTRY, 0x801),
        VALUE(DRV_QUERYDEVNODE, 0x802),
        VALUE(DRV_QUERYNAME, 0x803),
        VALUE(DRV_QUERYDRIVERIDS, 0x804),
        VALUE(DRV_QUERYMAPPABLE, 0x805),
        VALUE(DRV_QUERYMODULE, 0x809),
        VALUE(DRV_PNPINSTALL, 0x80B),
        VALUE(DRV_QUERYDEVICEINTERFACE, 0x80C),
        VALUE(DRV_QUERYDEVICEINTERFACESIZE, 0x80D),
        VALUE(DRV_QUERYSTRINGID, 0x80E),
        VALUE(DRV_QUERYSTRINGIDSIZE, 0x80F),
        VALUE(DRV_QUERYIDFROMSTRINGID, 0x810),
        VALUE(DRV_QUERYFUNCTIONINSTANCEID, 0x811),
        VALUE(DRV_QUERYFUNCTIONINSTANCEIDSIZE, 0x812),
        VALUE(WODM_INIT, 100),
        VALUE(WODM_GETNUMDEVS, 3),
        VALUE(WODM_GETDEVCAPS, 4),
        VALUE(WODM_OPEN, 5),
        VALUE(WODM_CLOSE, 6),
        VALUE(WODM_PREPARE, 7),
        VALUE(WODM_UNPREPARE, 8),
        VALUE(WODM_WRITE, 9),
        VALUE(WODM_PAUSE, 10),
        VALUE(WODM_RESTART, 11),
        VALUE(WODM_RESET, 12),
        VALUE(WODM_GETPOS, 13),
        VALUE(WODM_GETPITCH, 14),
        VALUE(WODM_SETPITCH, 15),
        VALUE(WODM_GETVOLUME, 16),
        VALUE(WODM_SETVOLUME, 17),
        VALUE(WODM_GETPLAYBACKRATE, 18),
        VALUE(WODM_SETPLAYBACKRATE, 19),
        VALUE(WODM_BREAKLOOP, 20),
        VALUE(WODM_PREFERRED, 21),
        VALUE(WODM_BUSY, 21),
        VALUE(WODM_MAPPER_STATUS, 0x2000),
        VALUE(WAVEOUT_MAPPER_STATUS_DEVICE, 0),
        VALUE(WAVEOUT_MAPPER_STATUS_MAPPED, 1),
        VALUE(WAVEOUT_MAPPER_STATUS_FORMAT, 2),
        VALUE(WIDM_INIT, 100),
        VALUE(WIDM_GETNUMDEVS, 50),
        VALUE(WIDM_GETDEVCAPS, 51),
        VALUE(WIDM_OPEN, 52),
        VALUE(WIDM_CLOSE, 53),
        VALUE(WIDM_PREPARE, 54),
        VALUE(WIDM_UNPREPARE, 55),
        VALUE(WIDM_ADDBUFFER, 56),
        VALUE(WIDM_START, 57),
        VALUE(WIDM_STOP, 58),
        VALUE(WIDM_RESET, 59),
        VALUE(WIDM_GETPOS, 60),
        VALUE(WIDM_PREFERRED, 61),
        VALUE(WIDM_MAPPER_STATUS, 0x2000),
        VALUE(WAVEIN_MAPPER_STATUS_DEVICE, 0),
        VALUE(WAVEIN_MAPPER_STATUS_MAPPED, 1),
        VALUE(WAVEIN_MAPPER_STATUS_FORMAT, 2),
        VALUE(MXDM_INIT, 100),
        VALUE(MXDM_USER, 0x4000),
        VALUE(MXDM_GETNUMDEVS, 1),
        VALUE(MXDM_GETDEVCAPS, 2),
        VALUE(MXDM_OPEN, 3),
        VALUE(MXDM_CLOSE, 4),
        VALUE(MXDM_GETLINEINFO, 5),
        VALUE(MXDM_GETLINECONTROLS, 6),
        VALUE(MXDM_GETCONTROLDETAILS, 7),
        VALUE(MXDM_SETCONTROLDETAILS, 8),
        VALUE(AUXDM_GETNUMDEVS, 3),
        VALUE(AUXDM_GETDEVCAPS, 4),
        VALUE(AUXDM_GETVOLUME, 5),
        VALUE(AUXDM_SETVOLUME, 6),
        VALUE(DCB_NULL, 0),
        VALUE(DCB_WINDOW, 1),
        VALUE(DCB_TASK, 2),
        VALUE(DCB_FUNCTION, 3),
        VALUE(DCB_EVENT, 5),
        VALUE(DCB_TYPEMASK, 7),
    };
    CHECK_ROWS("driver messages", rows);
}

/* ---- MIDI (issue 14): spec §3 layouts and §2 values ------------------------------------------ */
static void midi_structures(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* MIDIHDR: packed, lpNext right after dwFlags at 28 (natural: 32), 112 (natural 120). */
        SIZE(MIDIHDR, 112),
        MEMBER(MIDIHDR, lpData, 0, 8),
        MEMBER(MIDIHDR, dwBufferLength, 8, 4),
        MEMBER(MIDIHDR, dwBytesRecorded, 12, 4),
        MEMBER(MIDIHDR, dwUser, 16, 8),
        MEMBER(MIDIHDR, dwFlags, 24, 4),
        MEMBER(MIDIHDR, lpNext, 28, 8),
        MEMBER(MIDIHDR, reserved, 36, 8),
        MEMBER(MIDIHDR, dwOffset, 44, 4),
        MEMBER(MIDIHDR, dwReserved, 48, 64),
        SIZE(MIDIOUTCAPSA, 52),
        SIZE(MIDIOUTCAPSW, 84),
        MEMBER(MIDIOUTCAPSA, wTechnology, 40, 2),
        MEMBER(MIDIOUTCAPSW, wTechnology, 72, 2),
        MEMBER(MIDIOUTCAPSA, dwSupport, 48, 4),
        MEMBER(MIDIOUTCAPSW, dwSupport, 80, 4),
        SIZE(MIDIOUTCAPS2A, 100),
        SIZE(MIDIOUTCAPS2W, 132),
        SIZE(MIDIINCAPSA, 44),
        SIZE(MIDIINCAPSW, 76),
        MEMBER(MIDIINCAPSA, dwSupport, 40, 4),
        MEMBER(MIDIINCAPSW, dwSupport, 72, 4),
        SIZE(MIDIEVENT, 16),
        MEMBER(MIDIEVENT, dwDeltaTime, 0, 4),
        MEMBER(MIDIEVENT, dwStreamID, 4, 4),
        MEMBER(MIDIEVENT, dwEvent, 8, 4),
        MEMBER(MIDIEVENT, dwParms, 12, 4),
        SIZE(MIDISTRMBUFFVER, 12),
        SIZE(MIDIPROPTEMPO, 8),
        SIZE(MIDIPROPTIMEDIV, 8),
        /* MIDIOPENDESC with cIds = 1: rgIds at 36, MIDIOPENSTRMID 6 bytes packed: 42. */
        SIZE(MIDIOPENSTRMID, 6),
        SIZE(MIDIOPENDESC, 42),
        MEMBER(MIDIOPENDESC, hMidi, 0, 8),
        MEMBER(MIDIOPENDESC, dwCallback, 8, 8),
        MEMBER(MIDIOPENDESC, dwInstance, 16, 8),
        MEMBER(MIDIOPENDESC, dnDevNode, 24, 8),
        MEMBER(MIDIOPENDESC, cIds, 32, 4),
        MEMBER(MIDIOPENDESC, rgIds, 36, 6),
    };
    CHECK_ROWS("MIDI structures", rows);
}

static void midi_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(MIM_OPEN, 0x3C1),
        VALUE(MIM_CLOSE, 0x3C2),
        VALUE(MIM_DATA, 0x3C3),
        VALUE(MIM_LONGDATA, 0x3C4),
        VALUE(MIM_ERROR, 0x3C5),
        VALUE(MIM_LONGERROR, 0x3C6),
        VALUE(MIM_MOREDATA, 0x3CC),
        VALUE(MOM_OPEN, 0x3C7),
        VALUE(MOM_CLOSE, 0x3C8),
        VALUE(MOM_DONE, 0x3C9),
        VALUE(MOM_POSITIONCB, 0x3CA),
        VALUE(MIDI_MAPPER, 0xFFFFFFFFu),
        VALUE(MIDIMAPPER, 0xFFFFFFFFu),
        VALUE(MIDI_IO_STATUS, 0x20),
        VALUE(MOD_MIDIPORT, 1),
        VALUE(MOD_SYNTH, 2),
        VALUE(MOD_SQSYNTH, 3),
        VALUE(MOD_FMSYNTH, 4),
        VALUE(MOD_MAPPER, 5),
        VALUE(MOD_WAVETABLE, 6),
        VALUE(MOD_SWSYNTH, 7),
        VALUE(MIDICAPS_VOLUME, 0x1),
        VALUE(MIDICAPS_LRVOLUME, 0x2),
        VALUE(MIDICAPS_CACHE, 0x4),
        VALUE(MIDICAPS_STREAM, 0x8),
        VALUE(MIDI_CACHE_ALL, 1),
        VALUE(MIDI_CACHE_BESTFIT, 2),
        VALUE(MIDI_CACHE_QUERY, 3),
        VALUE(MIDI_UNCACHE, 4),
        VALUE(MIDIPATCHSIZE, 128),
        VALUE(MHDR_DONE, 0x1),
        VALUE(MHDR_PREPARED, 0x2),
        VALUE(MHDR_INQUEUE, 0x4),
        VALUE(MHDR_ISSTRM, 0x8),
        VALUE(MEVT_F_SHORT, 0),
        VALUE(MEVT_F_LONG, 0x80000000u),
        VALUE(MEVT_F_CALLBACK, 0x40000000),
        VALUE(MEVT_SHORTMSG, 0x00),
        VALUE(MEVT_TEMPO, 0x01),
        VALUE(MEVT_NOP, 0x02),
        VALUE(MEVT_LONGMSG, 0x80),
        VALUE(MEVT_COMMENT, 0x82),
        VALUE(MEVT_VERSION, 0x84),
        VALUE(MEVT_EVENTTYPE(0x4201ABCDu), 0x42),
        VALUE(MEVT_EVENTPARM(0x4201ABCDu), 0x01ABCD),
        VALUE(MIDIPROP_SET, 0x80000000u),
        VALUE(MIDIPROP_GET, 0x40000000),
        VALUE(MIDIPROP_TIMEDIV, 1),
        VALUE(MIDIPROP_TEMPO, 2),
        VALUE(MODM_GETNUMDEVS, 1),
        VALUE(MODM_GETDEVCAPS, 2),
        VALUE(MODM_OPEN, 3),
        VALUE(MODM_CLOSE, 4),
        VALUE(MODM_PREPARE, 5),
        VALUE(MODM_UNPREPARE, 6),
        VALUE(MODM_DATA, 7),
        VALUE(MODM_LONGDATA, 8),
        VALUE(MODM_RESET, 9),
        VALUE(MODM_GETVOLUME, 10),
        VALUE(MODM_SETVOLUME, 11),
        VALUE(MODM_CACHEPATCHES, 12),
        VALUE(MODM_CACHEDRUMPATCHES, 13),
        VALUE(MODM_STRMDATA, 14),
        VALUE(MODM_GETPOS, 17),
        VALUE(MODM_PAUSE, 18),
        VALUE(MODM_RESTART, 19),
        VALUE(MODM_STOP, 20),
        VALUE(MODM_PROPERTIES, 21),
        VALUE(MODM_PREFERRED, 22),
        VALUE(MIDM_GETNUMDEVS, 53),
        VALUE(MIDM_GETDEVCAPS, 54),
        VALUE(MIDM_OPEN, 55),
        VALUE(MIDM_CLOSE, 56),
        VALUE(MIDM_PREPARE, 57),
        VALUE(MIDM_UNPREPARE, 58),
        VALUE(MIDM_ADDBUFFER, 59),
        VALUE(MIDM_START, 60),
        VALUE(MIDM_STOP, 61),
        VALUE(MIDM_RESET, 62),
        VALUE(DRVM_ADD_THRU, 0x101),
        VALUE(DRVM_REMOVE_THRU, 0x102),
        VALUE(MIDIERR_UNPREPARED, 64),
        VALUE(MIDIERR_STILLPLAYING, 65),
        VALUE(MIDIERR_NOMAP, 66),
        VALUE(MIDIERR_NOTREADY, 67),
        VALUE(MIDIERR_NODEVICE, 68),
        VALUE(MIDIERR_INVALIDSETUP, 69),
        VALUE(MIDIERR_BADOPENMODE, 70),
        VALUE(MIDIERR_DONT_CONTINUE, 71),
    };
    CHECK_ROWS("MIDI constants", rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wave_structures),
        cmocka_unit_test(mixer_structures),
        cmocka_unit_test(time_and_driver_structures),
        cmocka_unit_test(callback_wave_and_time_constants),
        cmocka_unit_test(mixer_constants),
        cmocka_unit_test(playsound_constants),
        cmocka_unit_test(driver_messages),
        cmocka_unit_test(midi_structures),
        cmocka_unit_test(midi_constants),
    };
    return cmocka_run_group_tests(tests, abi_setup, NULL);
}
