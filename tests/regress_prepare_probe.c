/*
 * regress_prepare_probe.c - acmStreamPrepareHeader's buffer probe with valid and invalid
 * buffers (issue 10, item 18). ctest runs it twice: as a plain test (regress_prepare_probe)
 * and under valgrind memcheck with --error-exitcode=1 and no suppression file
 * (regress_prepare_probe_valgrind, in every build without a sanitizer, so the Release build
 * is checked too). The probe used to be msync(), which memcheck treats as reading the whole
 * range: an uninitialised destination buffer was an error, and the suppression written for it
 * named a function that Release builds inline.
 *
 * The invalid buffers are made of pages this program unmapped itself, so they are unmapped
 * whatever valgrind or the allocator put elsewhere in the address space.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"
#include "ts_formats.h"

static size_t page_size(void)
{
    long size = sysconf(_SC_PAGESIZE);
    return size > 0 ? (size_t)size : 4096;
}

/* A mapped, writable page followed by an unmapped one: returns the mapped page. */
static BYTE *page_before_hole(void)
{
    size_t page = page_size();
    BYTE *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(pages != MAP_FAILED);
    assert_int_equal(munmap(pages + page, page), 0);
    return pages;
}

/* A stream from 8 kHz to 16 kHz 16-bit mono PCM (the built-in PCM converter). */
static HACMSTREAM open_pcm_stream(void)
{
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 1, 8000, 16);
    ts_pcm_format(&dst, 1, 16000, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    return has;
}

static MMRESULT prepare(HACMSTREAM has, ACMSTREAMHEADER *header, BYTE *src, DWORD src_length, BYTE *dst,
                        DWORD dst_length)
{
    memset(header, 0, sizeof *header);
    header->cbStruct = sizeof *header;
    header->pbSrc = src;
    header->cbSrcLength = src_length;
    header->pbDst = dst;
    header->cbDstLength = dst_length;
    return acmStreamPrepareHeader(has, header, 0);
}

/* Valid buffers, the destination (and a second source) never written: prepared, converted
 * and unprepared without a memcheck error. */
static void regress_prepare_probe_valid_uninitialised(void **state)
{
    (void)state;
    HACMSTREAM has = open_pcm_stream();
    BYTE *src = malloc(4000);
    BYTE *dst = malloc(8000); /* uninitialised on purpose */
    assert_non_null(src);
    assert_non_null(dst);
    for (size_t i = 0; i < 4000; i++)
        src[i] = (BYTE)(i * 7);
    ACMSTREAMHEADER header;
    assert_int_equal(prepare(has, &header, src, 4000, dst, 8000), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.cbSrcLengthUsed, 4000);
    assert_int_equal(header.cbDstLengthUsed, 8000);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);

    /* An uninitialised source is only probed, not read, by the prepare. */
    BYTE *unwritten = malloc(4000);
    assert_non_null(unwritten);
    assert_int_equal(prepare(has, &header, unwritten, 4000, dst, 8000), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    free(unwritten);
    free(dst);
    free(src);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* A destination of 9 MiB: the probe covers it in several steps, and accepts it. */
static void regress_prepare_probe_large_destination(void **state)
{
    (void)state;
    HACMSTREAM has = open_pcm_stream();
    BYTE src[400];
    memset(src, 0x11, sizeof src);
    DWORD length = 9u << 20;
    BYTE *dst = malloc(length);
    assert_non_null(dst);
    ACMSTREAMHEADER header;
    assert_int_equal(prepare(has, &header, src, sizeof src, dst, length), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    free(dst);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* Invalid buffers: MMSYSERR_INVALPARAM, nothing read, nothing prepared. */
static void regress_prepare_probe_invalid(void **state)
{
    (void)state;
    size_t page = page_size();
    HACMSTREAM has = open_pcm_stream();
    BYTE *mapped = page_before_hole();
    BYTE *hole = mapped + page;
    BYTE src[400];
    memset(src, 0x22, sizeof src);
    ACMSTREAMHEADER header;

    /* A destination wholly in the hole, one that runs into it, and one of (DWORD)-4 bytes
     * (the 64-bit case Windows refuses by probing) starting near the end of the mapping. */
    assert_int_equal(prepare(has, &header, src, sizeof src, hole, 800), MMSYSERR_INVALPARAM);
    assert_int_equal(header.fdwStatus & ACMSTREAMHEADER_STATUSF_PREPARED, 0);
    assert_int_equal(prepare(has, &header, src, sizeof src, mapped + page - 64, 800), MMSYSERR_INVALPARAM);
    assert_int_equal(prepare(has, &header, src, sizeof src, mapped + page - 800, (DWORD)-4), MMSYSERR_INVALPARAM);
    /* The same for the source. */
    BYTE dst[800];
    assert_int_equal(prepare(has, &header, hole, 400, dst, sizeof dst), MMSYSERR_INVALPARAM);
    assert_int_equal(prepare(has, &header, mapped + page - 200, 400, dst, sizeof dst), MMSYSERR_INVALPARAM);
    /* What ends exactly at the hole is valid. */
    assert_int_equal(prepare(has, &header, src, sizeof src, mapped + page - 800, 800), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    /* NULL and address wrap-around. */
    assert_int_equal(prepare(has, &header, src, sizeof src, NULL, 800), MMSYSERR_INVALPARAM);
    assert_int_equal(prepare(has, &header, src, sizeof src, (BYTE *)(UINTPTR_MAX - 100), 800), MMSYSERR_INVALPARAM);

    assert_int_equal(munmap(mapped, page), 0);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regress_prepare_probe_valid_uninitialised),
        cmocka_unit_test(regress_prepare_probe_large_destination),
        cmocka_unit_test(regress_prepare_probe_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
