/*
 * mmio_riff.c - RIFF chunk navigation: mmioDescend, mmioAscend, mmioCreateChunk.
 *
 * Chunk headers come from files and are hostile: every header is read byte by byte as little
 * endian, every offset is computed in 64 bits and checked against the 32-bit fields of
 * MMCKINFO, and a search never leaves its parent chunk. A chunk whose declared size runs past
 * its parent, or past the end of the file, is not returned (MMIOERR_CHUNKNOTFOUND) unless the
 * caller passes the portacm extension flag PORTACM_MMIO_DESCEND_TRUNCATED, which accepts a
 * chunk cut short by the end of the file (an interrupted recording).
 */
#include <string.h>

#include "mmio_int.h"

#define DWORD_LIMIT ((int64_t)0xFFFFFFFF)

static DWORD get_le32(const unsigned char *bytes)
{
    return (DWORD)bytes[0] | (DWORD)bytes[1] << 8 | (DWORD)bytes[2] << 16 | (DWORD)bytes[3] << 24;
}

static void put_le32(unsigned char *bytes, DWORD value)
{
    bytes[0] = (unsigned char)value;
    bytes[1] = (unsigned char)(value >> 8);
    bytes[2] = (unsigned char)(value >> 16);
    bytes[3] = (unsigned char)(value >> 24);
}

static bool read_exact(mmio_file *file, unsigned char *dst, LONG count)
{
    return pacm_mmio_file_read(file, (char *)dst, count) == count;
}

static bool is_container(FOURCC id)
{
    return id == FOURCC_RIFF || id == FOURCC_LIST;
}

/* The search of mmioDescend. The search keys are taken from *chunk first (ckid for
 * MMIO_FINDCHUNK, fccType for MMIO_FINDRIFF/MMIO_FINDLIST, 0 matching anything, as on
 * Windows); each header read is then stored in *chunk, so a failed search leaves the last
 * header seen there, as Windows does. */
static MMRESULT descend(mmio_file *file, LPMMCKINFO chunk, const MMCKINFO *parent, UINT flags)
{
    int64_t start = pacm_mmio_file_tell(file);
    int64_t position = start;
    int64_t parent_end = INT64_MAX;
    if (parent) {
        int64_t parent_start = parent->dwDataOffset;
        parent_end = parent_start + (int64_t)parent->cksize;
        if (position < parent_start || position >= parent_end)
            return MMIOERR_CHUNKNOTFOUND;
    }
    FOURCC want_id = 0, want_type = 0;
    bool match_id = true, match_type = false;
    if (flags & MMIO_FINDRIFF) {
        want_id = FOURCC_RIFF;
        want_type = chunk->fccType;
        match_type = true;
    } else if (flags & MMIO_FINDLIST) {
        want_id = FOURCC_LIST;
        want_type = chunk->fccType;
        match_type = true;
    } else if (flags & MMIO_FINDCHUNK) {
        want_id = chunk->ckid;
    } else {
        match_id = false;
    }

    MMRESULT result = MMIOERR_CHUNKNOTFOUND;
    for (;;) {
        unsigned char header[12];
        if (position > parent_end - 8 || pacm_mmio_file_seek(file, position, SEEK_SET) != position ||
            !read_exact(file, header, 8))
            break;
        FOURCC id = get_le32(header);
        DWORD size = get_le32(header + 4);
        FOURCC type = 0;
        int64_t header_size = 8;
        if (is_container(id)) {
            if (position > parent_end - 12 || !read_exact(file, header + 8, 4))
                break;
            type = get_le32(header + 8);
            header_size = 12;
        }
        int64_t data_offset = position + 8;
        if (data_offset > DWORD_LIMIT)
            break;
        chunk->ckid = id;
        chunk->cksize = size;
        chunk->fccType = type;
        chunk->dwDataOffset = (DWORD)data_offset;
        chunk->dwFlags = 0;
        int64_t data_end = data_offset + (int64_t)size;
        bool matches = (!match_id || want_id == 0 || id == want_id) &&
                       (!match_type || want_type == 0 || type == want_type);
        if (matches) {
            if (data_end > parent_end || (is_container(id) && size < 4)) {
                pacm_log_debug("mmioDescend: chunk '%.4s' at %lld runs past its parent", (const char *)header,
                          (long long)position);
                break;
            }
            if (!(flags & PORTACM_MMIO_DESCEND_TRUNCATED)) {
                /* A size report smaller than what was just read means the I/O procedure cannot
                 * tell its size; the check is then skipped. */
                int64_t file_end = pacm_mmio_file_size(file);
                if (file_end >= position + header_size && data_end > file_end) {
                    pacm_log_debug("mmioDescend: chunk '%.4s' at %lld runs past the end of the file",
                              (const char *)header, (long long)position);
                    break;
                }
            }
            if (pacm_mmio_file_seek(file, data_offset + (header_size - 8), SEEK_SET) < 0)
                break;
            return MMSYSERR_NOERROR;
        }
        position = data_end + (size & 1);
    }
    pacm_mmio_file_seek(file, start, SEEK_SET);
    return result;
}

PORTACM_API MMRESULT WINAPI mmioDescend(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO *pmmckiParent, UINT fuDescend)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pmmcki ? descend(file, pmmcki, pmmckiParent, fuDescend) : MMSYSERR_INVALPARAM;
    pacm_mmio_unlock(hmmio, file);
    return result;
}

/* Leaves a chunk. A chunk marked MMIO_DIRTY (made by mmioCreateChunk) ends at the current
 * position: an odd size gets its zero pad byte and a changed size is written back into the
 * header (and into *chunk). Then the position moves past the chunk and its pad byte. */
static MMRESULT ascend(mmio_file *file, LPMMCKINFO chunk)
{
    if (chunk->dwFlags & MMIO_DIRTY) {
        int64_t end = pacm_mmio_file_tell(file);
        int64_t size = end - (int64_t)chunk->dwDataOffset;
        if (size < 0 || size > DWORD_LIMIT || chunk->dwDataOffset < 4)
            return MMIOERR_CANNOTSEEK;
        if (size & 1) {
            static const char pad = 0;
            if (pacm_mmio_file_write(file, &pad, 1) != 1)
                return MMIOERR_CANNOTWRITE;
        }
        if ((DWORD)size != chunk->cksize) {
            unsigned char bytes[4];
            put_le32(bytes, (DWORD)size);
            int64_t size_field = (int64_t)chunk->dwDataOffset - 4;
            if (pacm_mmio_file_seek(file, size_field, SEEK_SET) != size_field)
                return MMIOERR_CANNOTSEEK;
            if (pacm_mmio_file_write(file, (const char *)bytes, 4) != 4)
                return MMIOERR_CANNOTWRITE;
            chunk->cksize = (DWORD)size;
        }
        chunk->dwFlags &= ~(DWORD)MMIO_DIRTY;
    }
    int64_t next = (int64_t)chunk->dwDataOffset + (int64_t)chunk->cksize + (chunk->cksize & 1);
    if (pacm_mmio_file_seek(file, next, SEEK_SET) != next)
        return MMIOERR_CANNOTSEEK;
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI mmioAscend(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pmmcki ? ascend(file, pmmcki) : MMSYSERR_INVALPARAM;
    pacm_mmio_unlock(hmmio, file);
    return result;
}

/* Writes a chunk header at the current position (ckid, cksize as given, and fccType for RIFF
 * and LIST chunks), marks the chunk MMIO_DIRTY and leaves the position at its data. */
static MMRESULT create_chunk(mmio_file *file, LPMMCKINFO chunk, UINT flags)
{
    int64_t position = pacm_mmio_file_tell(file);
    if (flags & MMIO_CREATERIFF)
        chunk->ckid = FOURCC_RIFF;
    else if (flags & MMIO_CREATELIST)
        chunk->ckid = FOURCC_LIST;
    if (position + 8 > DWORD_LIMIT)
        return MMIOERR_CANNOTSEEK;
    unsigned char header[12];
    LONG header_size = is_container(chunk->ckid) ? 12 : 8;
    put_le32(header, chunk->ckid);
    put_le32(header + 4, chunk->cksize);
    put_le32(header + 8, chunk->fccType);
    if (pacm_mmio_file_write(file, (const char *)header, header_size) != header_size) {
        pacm_mmio_file_seek(file, position, SEEK_SET);
        return MMIOERR_CANNOTWRITE;
    }
    chunk->dwDataOffset = (DWORD)(position + 8);
    chunk->dwFlags = MMIO_DIRTY;
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI mmioCreateChunk(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pmmcki ? create_chunk(file, pmmcki, fuCreate) : MMSYSERR_INVALPARAM;
    pacm_mmio_unlock(hmmio, file);
    return result;
}
