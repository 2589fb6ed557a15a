/*
 * playsound_source.c - finds the sound PlaySound names and opens it as a RIFF WAVE through
 * mmio: a memory image (SND_MEMORY, mmio's memory procedure), a file (SND_FILENAME: the name,
 * then the name with ".wav"), an alias (playsound_alias.c), or the default sound. SND_RESOURCE
 * fails: portacm has no FindResource (executables are not PE files).
 */
#include <string.h>

#include "common_int.h"
#include "playsound_int.h"

#define DEFAULT_ALIAS "SystemDefault"
/* A fmt chunk larger than this is not a wave format (cbSize is a WORD). */
#define MAX_FMT_SIZE (sizeof(WAVEFORMATEX) + 0xFFFF)

void pacm_playsound_close(pacm_ps_source *source)
{
    if (source->mmio)
        mmioClose(source->mmio, 0);
    pacm_mem_free(source->format);
    memset(source, 0, sizeof *source);
}

/* Reads the fmt chunk into a WAVEFORMATEX whose cbSize fits what was read. */
static bool read_format(pacm_ps_source *source, const MMCKINFO *riff)
{
    MMCKINFO fmt = {.ckid = mmioFOURCC('f', 'm', 't', ' ')};
    if (mmioDescend(source->mmio, &fmt, riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR || fmt.cksize < 16 ||
        fmt.cksize > MAX_FMT_SIZE)
        return false;
    size_t size = fmt.cksize < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : fmt.cksize;
    WAVEFORMATEX *wfx = pacm_mem_calloc(1, size);
    if (!wfx)
        return false;
    if (mmioRead(source->mmio, (HPSTR)wfx, (LONG)fmt.cksize) != (LONG)fmt.cksize) {
        pacm_mem_free(wfx);
        return false;
    }
    if (fmt.cksize < sizeof(WAVEFORMATEX))
        wfx->cbSize = 0; /* PCMWAVEFORMAT (16 bytes) */
    else if (wfx->cbSize > fmt.cksize - sizeof(WAVEFORMATEX))
        wfx->cbSize = (WORD)(fmt.cksize - sizeof(WAVEFORMATEX));
    if (wfx->nBlockAlign == 0 || wfx->nChannels == 0 || wfx->nSamplesPerSec == 0) {
        pacm_mem_free(wfx);
        return false;
    }
    source->format = wfx;
    return mmioAscend(source->mmio, &fmt, 0) == MMSYSERR_NOERROR;
}

/* Checks the RIFF WAVE structure of an open mmio and positions it at the data. */
static bool parse_wave(pacm_ps_source *source)
{
    MMCKINFO riff = {.fccType = mmioFOURCC('W', 'A', 'V', 'E')};
    if (mmioDescend(source->mmio, &riff, NULL, MMIO_FINDRIFF) != MMSYSERR_NOERROR || !read_format(source, &riff))
        return false;
    MMCKINFO data = {.ckid = mmioFOURCC('d', 'a', 't', 'a')};
    if (mmioDescend(source->mmio, &data, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR)
        return false;
    source->data_start = (LONG)data.dwDataOffset;
    source->data_size = data.cksize > 0x7FFFFFFFu ? 0x7FFFFFFF : (LONG)data.cksize;
    return true;
}

static bool finish_open(pacm_ps_source *source)
{
    if (source->mmio && parse_wave(source))
        return true;
    pacm_playsound_close(source);
    return false;
}

/* A RIFF image in memory: its size is the RIFF header's (the caller vouches for the memory). */
static bool open_memory(const void *image, pacm_ps_source *source)
{
    if (!image)
        return false;
    const BYTE *bytes = image;
    if (memcmp(bytes, "RIFF", 4) != 0)
        return false;
    DWORD riff_size = (DWORD)bytes[4] | (DWORD)bytes[5] << 8 | (DWORD)bytes[6] << 16 | (DWORD)bytes[7] << 24;
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.fccIOProc = FOURCC_MEM;
    info.pchBuffer = (HPSTR)image;
    info.cchBuffer = riff_size > 0x7FFFFFFFu - 8 ? 0x7FFFFFFF : (LONG)(riff_size + 8);
    source->mmio = mmioOpenA(NULL, &info, MMIO_READ);
    return finish_open(source);
}

static bool open_path(const char *path, pacm_ps_source *source)
{
    char *copy = pacm_mem_strdup(path);
    if (!copy)
        return false;
    source->mmio = mmioOpenA(copy, NULL, MMIO_READ | MMIO_ALLOCBUF | MMIO_DENYNONE);
    pacm_mem_free(copy);
    return finish_open(source);
}

/* A file: the name, then the name with ".wav" when its last component has no extension. */
static bool open_file(const char *name, pacm_ps_source *source)
{
    if (!name[0])
        return false;
    if (open_path(name, source))
        return true;
    const char *base = strrchr(name, '/');
    if (strchr(base ? base : name, '.'))
        return false;
    size_t length = strlen(name);
    char *with_extension = pacm_mem_alloc(length + 5);
    if (!with_extension)
        return false;
    memcpy(with_extension, name, length);
    memcpy(with_extension + length, ".wav", 5);
    bool found = open_path(with_extension, source);
    pacm_mem_free(with_extension);
    return found;
}

static bool open_alias(const char *alias, pacm_ps_source *source)
{
    char *file = pacm_playsound_alias_file(alias);
    if (!file)
        return false;
    bool found = open_path(file, source);
    if (!found)
        pacm_log_debug("PlaySound: alias %s names %s, which is not a playable WAV file", alias, file);
    pacm_mem_free(file);
    return found;
}

/* The lookup by name: SND_ALIAS_ID (a system alias only), SND_FILENAME (a file), or
 * SND_ALIAS / no type flag (an alias, then a file). */
static bool open_named(LPCWSTR name, DWORD flags, pacm_ps_source *source)
{
    if ((flags & SND_ALIAS_ID) == SND_ALIAS_ID) {
        const char *alias = pacm_playsound_alias_id_name((DWORD)(ULONG_PTR)name);
        return alias && open_alias(alias, source);
    }
    if (!name)
        return false;
    char *text = pacm_utf16_to_utf8(name);
    if (!text)
        return false;
    bool found;
    if (flags & SND_FILENAME)
        found = open_file(text, source);
    else
        found = open_alias(text, source) || open_file(text, source);
    pacm_mem_free(text);
    return found;
}

bool pacm_playsound_open(LPCWSTR name, HMODULE hmod, DWORD flags, pacm_ps_source *source)
{
    (void)hmod;
    memset(source, 0, sizeof *source);
    if ((flags & SND_RESOURCE) == SND_RESOURCE) {
        pacm_log_debug("PlaySound: SND_RESOURCE is not supported (no FindResource in portacm)");
        return false;
    }
    if (flags & SND_MEMORY)
        return open_memory(name, source);
    if (open_named(name, flags, source))
        return true;
    if (flags & SND_NODEFAULT)
        return false;
    return open_alias(DEFAULT_ALIAS, source);
}
