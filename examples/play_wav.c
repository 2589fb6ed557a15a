/*
 * play_wav.c - plays a WAV file in any format an installed ACM driver decodes (PCM, IMA or MS
 * ADPCM, G.711, GSM 6.10, MP3...) through the wave mapper, as a Windows program does: mmio
 * reads the file, waveOutOpen(WAVE_MAPPER) picks a device and converts through the ACM, and a
 * callback function is told when each buffer is done. Builds unchanged on Windows.
 *   cc play_wav.c $(pkg-config --cflags --libs portacm) -o play_wav && ./play_wav file.wav
 */
#include <windows.h>
#include <mmsystem.h>
#include <stdio.h>
#include <stdlib.h>

static HANDLE finished; /* set when the last buffer is done */

static void CALLBACK on_wave(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)hwo, (void)instance, (void)p2;
    if (msg == WOM_DONE && ((WAVEHDR *)p1)->dwUser == 1) /* dwUser marks the last buffer */
        SetEvent(finished);
}

int main(int argc, char **argv)
{
    HMMIO file = argc > 1 ? mmioOpenA(argv[1], NULL, MMIO_READ) : NULL;
    MMCKINFO riff = {0}, chunk = {0};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    if (!file || mmioDescend(file, &riff, NULL, MMIO_FINDRIFF) != MMSYSERR_NOERROR) {
        fprintf(stderr, "usage: play_wav file.wav (a RIFF WAVE file)\n");
        return 2;
    }
    chunk.ckid = mmioFOURCC('f', 'm', 't', ' ');
    if (mmioDescend(file, &chunk, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR || chunk.cksize < 16)
        return 2;
    WAVEFORMATEX *format = calloc(1, chunk.cksize < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : chunk.cksize);
    mmioRead(file, (HPSTR)format, (LONG)chunk.cksize);
    mmioAscend(file, &chunk, 0);
    chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mmioDescend(file, &chunk, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR)
        return 2;
    char *data = malloc(chunk.cksize ? chunk.cksize : 1);
    LONG size = mmioRead(file, data, (LONG)chunk.cksize);
    mmioClose(file, 0);

    finished = CreateEventA(NULL, FALSE, FALSE, NULL);
    HWAVEOUT hwo;
    MMRESULT mmr = waveOutOpen(&hwo, WAVE_MAPPER, format, (DWORD_PTR)on_wave, 0, CALLBACK_FUNCTION);
    if (mmr != MMSYSERR_NOERROR) {
        char text[MAXERRORLENGTH];
        waveOutGetErrorTextA(mmr, text, sizeof text);
        fprintf(stderr, "waveOutOpen: %s\n", text);
        return 1;
    }
    /* The whole data in one buffer; the mapper converts it when it is written. */
    WAVEHDR header = {0};
    header.lpData = data;
    header.dwBufferLength = (DWORD)size;
    header.dwUser = 1;
    waveOutPrepareHeader(hwo, &header, sizeof header);
    waveOutWrite(hwo, &header, sizeof header);
    WaitForSingleObject(finished, INFINITE);
    waveOutUnprepareHeader(hwo, &header, sizeof header);
    waveOutClose(hwo);
    CloseHandle(finished);
    printf("played %ld bytes\n", (long)size);
    free(data);
    free(format);
    return 0;
}
