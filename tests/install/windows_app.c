/*
 * windows_app.c - a program written the way a Windows program is written (it would compile
 * unchanged with the Windows SDK against msacm32.lib): it lists the ACM drivers, asks the ACM
 * for an IMA ADPCM format for 16-bit PCM, converts one second of a tone and checks the sizes.
 * The install test builds it against an installed portacm through pkg-config and CMake.
 */
#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <msacm.h>
#include <msacmdrv.h>
#include <mmddk.h>
#include <stdio.h>
#include <string.h>

static int drivers_seen;

static BOOL CALLBACK count_driver(HACMDRIVERID hadid, DWORD_PTR dwInstance, DWORD fdwSupport)
{
    ACMDRIVERDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    if (acmDriverDetailsA(hadid, &details, 0) == MMSYSERR_NOERROR)
        printf("driver: %s\n", details.szShortName);
    drivers_seen++;
    return TRUE;
}

int main(void)
{
    static short pcm[8000];
    static BYTE encoded[16384];
    WAVEFORMATEX src;
    BYTE dst_buffer[64];
    LPWAVEFORMATEX dst = (LPWAVEFORMATEX)dst_buffer;
    HACMSTREAM has;
    ACMSTREAMHEADER header;
    MMRESULT mmr;
    DWORD predicted = 0;
    int i;

    printf("ACM version %08lx\n", (unsigned long)acmGetVersion());
    mmr = acmDriverEnum(count_driver, 0, 0);
    if (mmr != MMSYSERR_NOERROR || drivers_seen < 2) {
        printf("acmDriverEnum failed: %u (%d drivers)\n", mmr, drivers_seen);
        return 1;
    }

    for (i = 0; i < 8000; i++)
        pcm[i] = (short)((i % 40 < 20) ? 8000 : -8000);
    src.wFormatTag = WAVE_FORMAT_PCM;
    src.nChannels = 1;
    src.nSamplesPerSec = 8000;
    src.wBitsPerSample = 16;
    src.nBlockAlign = 2;
    src.nAvgBytesPerSec = 16000;
    src.cbSize = 0;

    memset(dst_buffer, 0, sizeof dst_buffer);
    dst->wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    mmr = acmFormatSuggest(NULL, &src, dst, sizeof dst_buffer, ACM_FORMATSUGGESTF_WFORMATTAG);
    if (mmr != MMSYSERR_NOERROR) {
        printf("acmFormatSuggest failed: %u\n", mmr);
        return 1;
    }
    printf("suggested: tag %u, %u Hz, align %u\n", dst->wFormatTag, (unsigned)dst->nSamplesPerSec,
           dst->nBlockAlign);

    mmr = acmStreamOpen(&has, NULL, &src, dst, NULL, 0, 0, 0);
    if (mmr != MMSYSERR_NOERROR) {
        printf("acmStreamOpen failed: %u\n", mmr);
        return 1;
    }
    acmStreamSize(has, sizeof pcm, &predicted, ACM_STREAMSIZEF_SOURCE);
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = (LPBYTE)pcm;
    header.cbSrcLength = sizeof pcm;
    header.pbDst = encoded;
    header.cbDstLength = sizeof encoded;
    mmr = acmStreamPrepareHeader(has, &header, 0);
    if (mmr == MMSYSERR_NOERROR)
        mmr = acmStreamConvert(has, &header, ACM_STREAMCONVERTF_END);
    printf("converted %lu bytes into %lu (predicted at most %lu)\n", (unsigned long)header.cbSrcLengthUsed,
           (unsigned long)header.cbDstLengthUsed, (unsigned long)predicted);
    acmStreamUnprepareHeader(has, &header, 0);
    acmStreamClose(has, 0);
    if (mmr != MMSYSERR_NOERROR || header.cbDstLengthUsed == 0 || header.cbDstLengthUsed > predicted) {
        printf("conversion failed: %u\n", mmr);
        return 1;
    }
    /* DriverCallback from mmddk.h: DCB_NULL must be refused. */
    if (DriverCallback(0, DCB_NULL, NULL, 0, 0, 0, 0) != FALSE)
        return 1;
    printf("ok\n");
    return 0;
}
