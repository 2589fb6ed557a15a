/*
 * stream_test_driver.c - the stream tests' ACM driver (see stream_test_driver.h).
 *
 * Written against the driver-side contract only (msacmdrv.h): it answers DRV_* and ACMDM_*
 * messages the way a third-party ACM driver would, so the tests see exactly what the ACM
 * sends and in which order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stream_test_driver.h"
#include "ts_formats.h"
#include "mmddk.h"

#define LOG_CAPACITY 4096

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static stream_test_record log_records[LOG_CAPACITY];
static size_t log_used;
static long live_streams;
static stream_test_config configs[STREAM_TEST_DRIVERS];
static bool configured;

static void config_defaults(void)
{
    for (int i = 0; i < STREAM_TEST_DRIVERS; i++) {
        configs[i] = (stream_test_config){.support = ACMDRIVERDETAILS_SUPPORTF_CODEC,
                                          .prepare_result = MMSYSERR_NOTSUPPORTED,
                                          .unprepare_result = MMSYSERR_NOTSUPPORTED};
    }
    configured = true;
}

stream_test_config *stream_test_driver_config(int driver)
{
    pthread_mutex_lock(&log_lock);
    if (!configured)
        config_defaults();
    pthread_mutex_unlock(&log_lock);
    return &configs[driver];
}

void stream_test_driver_reset(void)
{
    pthread_mutex_lock(&log_lock);
    log_used = 0;
    config_defaults();
    pthread_mutex_unlock(&log_lock);
}

size_t stream_test_log_count(void)
{
    pthread_mutex_lock(&log_lock);
    size_t count = log_used;
    pthread_mutex_unlock(&log_lock);
    return count;
}

stream_test_record stream_test_log_get(size_t index)
{
    stream_test_record record = {0};
    pthread_mutex_lock(&log_lock);
    if (index < log_used)
        record = log_records[index];
    pthread_mutex_unlock(&log_lock);
    return record;
}

size_t stream_test_log_count_message(int driver, UINT message)
{
    size_t count = 0;
    pthread_mutex_lock(&log_lock);
    for (size_t i = 0; i < log_used; i++)
        if (log_records[i].message == message && (driver < 0 || log_records[i].driver == driver))
            count++;
    pthread_mutex_unlock(&log_lock);
    return count;
}

long stream_test_live_streams(void)
{
    pthread_mutex_lock(&log_lock);
    long live = live_streams;
    pthread_mutex_unlock(&log_lock);
    return live;
}

void stream_test_private(WAVEFORMATEX *format, WORD channels, DWORD rate, WORD bits)
{
    ts_linear_format(format, STREAM_TEST_TAG, channels, rate, bits);
}

/* Appends one record; copies the structures the message points at. */
static void log_message(int driver, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    stream_test_record record = {.driver = driver, .message = message, .lParam1 = lParam1, .lParam2 = lParam2,
                                 .thread = GetCurrentThreadId()};
    if (message >= ACMDM_STREAM_OPEN && message <= ACMDM_STREAM_UPDATE && lParam1) {
        record.instance = *(const ACMDRVSTREAMINSTANCE *)lParam1;
        if (message == ACMDM_STREAM_OPEN) {
            memcpy(&record.source, record.instance.pwfxSrc, sizeof(WAVEFORMATEX));
            memcpy(&record.destination, record.instance.pwfxDst, sizeof(WAVEFORMATEX));
            WORD extra = record.source.cbSize < sizeof record.source_extra ? record.source.cbSize
                                                                           : (WORD)sizeof record.source_extra;
            if (record.source.wFormatTag != WAVE_FORMAT_PCM)
                memcpy(record.source_extra, (const BYTE *)record.instance.pwfxSrc + sizeof(WAVEFORMATEX), extra);
        }
    }
    if ((message == ACMDM_STREAM_PREPARE || message == ACMDM_STREAM_UNPREPARE || message == ACMDM_STREAM_CONVERT) &&
        lParam2)
        record.header = *(const ACMDRVSTREAMHEADER *)lParam2;
    if (message == ACMDM_STREAM_SIZE && lParam2)
        record.size = *(const ACMDRVSTREAMSIZE *)lParam2;
    pthread_mutex_lock(&log_lock);
    if (log_used < LOG_CAPACITY)
        log_records[log_used++] = record;
    pthread_mutex_unlock(&log_lock);
}

static void copy_ascii(WCHAR *target, size_t capacity, const char *text)
{
    size_t i = 0;
    for (; text[i] && i + 1 < capacity; i++)
        target[i] = (WCHAR)text[i];
    target[i] = 0;
}

static LRESULT driver_details(int driver, ACMDRIVERDETAILSW *details)
{
    ACMDRIVERDETAILSW full;
    memset(&full, 0, sizeof full);
    full.cbStruct = sizeof full;
    full.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    full.wMid = 0xFFF0;
    full.wPid = (WORD)(0x10 + driver);
    full.vdwACM = 0x04000000;
    full.vdwDriver = 0x01000000;
    full.fdwSupport = configs[driver].support;
    full.cFormatTags = 3;
    copy_ascii(full.szShortName, ACMDRIVERDETAILS_SHORTNAME_CHARS, driver == STREAM_TEST_A ? "stream test A" : "stream test B");
    copy_ascii(full.szLongName, ACMDRIVERDETAILS_LONGNAME_CHARS, "portacm stream test driver");
    DWORD size = details->cbStruct < sizeof full ? details->cbStruct : (DWORD)sizeof full;
    memcpy(details, &full, size);
    details->cbStruct = size;
    return MMSYSERR_NOERROR;
}

static const DWORD driver_tags[3] = {WAVE_FORMAT_PCM, WAVE_FORMAT_ADPCM, STREAM_TEST_TAG};

static LRESULT format_tag_details(ACMFORMATTAGDETAILSW *details, DWORD flags)
{
    DWORD index;
    switch (flags) {
    case ACM_FORMATTAGDETAILSF_INDEX:
        index = details->dwFormatTagIndex;
        if (index >= 3)
            return MMSYSERR_INVALPARAM;
        break;
    case ACM_FORMATTAGDETAILSF_FORMATTAG:
    case ACM_FORMATTAGDETAILSF_LARGESTSIZE:
        for (index = 0; index < 3 && driver_tags[index] != details->dwFormatTag; index++)
            ;
        if (index == 3) {
            if (flags == ACM_FORMATTAGDETAILSF_LARGESTSIZE && details->dwFormatTag == WAVE_FORMAT_UNKNOWN)
                index = 1; /* the largest: ADPCM */
            else
                return ACMERR_NOTPOSSIBLE;
        }
        break;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
    details->dwFormatTagIndex = index;
    details->dwFormatTag = driver_tags[index];
    details->cbFormatSize = index == 0 ? 16 : index == 1 ? 50 : 18;
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    details->cStandardFormats = 0;
    copy_ascii(details->szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS,
               index == 0 ? "PCM" : index == 1 ? "ADPCM" : "Inverted PCM");
    return MMSYSERR_NOERROR;
}

/* Per-stream state the driver allocates in STREAM_OPEN (also under QUERY, like Wine's codecs,
 * so the tests can see whether the ACM closes the probe again). */
typedef struct driver_stream {
    DWORD magic;
    bool invert;
} driver_stream;
#define DRIVER_STREAM_MAGIC 0x57AE5711u

static LRESULT stream_open(int driver, ACMDRVSTREAMINSTANCE *instance)
{
    const stream_test_config *config = &configs[driver];
    if (config->open_result)
        return config->open_result;
    const WAVEFORMATEX *source = instance->pwfxSrc, *destination = instance->pwfxDst;
    bool pcm_to_private = source->wFormatTag == WAVE_FORMAT_PCM && destination->wFormatTag == STREAM_TEST_TAG;
    bool private_to_pcm = source->wFormatTag == STREAM_TEST_TAG && destination->wFormatTag == WAVE_FORMAT_PCM;
    bool adpcm_to_pcm = source->wFormatTag == WAVE_FORMAT_ADPCM && destination->wFormatTag == WAVE_FORMAT_PCM;
    if (!pcm_to_private && !private_to_pcm && !adpcm_to_pcm)
        return ACMERR_NOTPOSSIBLE;
    if (source->nChannels != destination->nChannels || source->nSamplesPerSec != destination->nSamplesPerSec ||
        source->nBlockAlign != destination->nBlockAlign || source->nBlockAlign == 0)
        return ACMERR_NOTPOSSIBLE;
    /* Like every Wine codec, a driver without SUPPORTF_ASYNC refuses an asynchronous open. */
    if ((instance->fdwOpen & ACM_STREAMOPENF_ASYNC) && !(config->support & ACMDRIVERDETAILS_SUPPORTF_ASYNC))
        return ACMERR_NOTPOSSIBLE;
    driver_stream *state = malloc(sizeof *state);
    if (!state)
        return MMSYSERR_NOMEM;
    state->magic = DRIVER_STREAM_MAGIC;
    state->invert = !adpcm_to_pcm;
    instance->dwDriver = (DWORD_PTR)state;
    pthread_mutex_lock(&log_lock);
    live_streams++;
    pthread_mutex_unlock(&log_lock);
    return MMSYSERR_NOERROR;
}

static LRESULT stream_close(int driver, ACMDRVSTREAMINSTANCE *instance)
{
    stream_test_config *config = &configs[driver];
    if (config->close_result) {
        MMRESULT result = config->close_result;
        config->close_result = 0;
        return result;
    }
    driver_stream *state = (driver_stream *)instance->dwDriver;
    if (!state || state->magic != DRIVER_STREAM_MAGIC)
        return MMSYSERR_INVALHANDLE; /* would be a double close: the tests check it never is */
    state->magic = 0;
    free(state);
    instance->dwDriver = 0;
    pthread_mutex_lock(&log_lock);
    live_streams--;
    pthread_mutex_unlock(&log_lock);
    return MMSYSERR_NOERROR;
}

static LRESULT stream_size(const ACMDRVSTREAMINSTANCE *instance, ACMDRVSTREAMSIZE *size, const stream_test_config *config)
{
    DWORD align = instance->pwfxSrc->nBlockAlign;
    DWORD *input = (size->fdwSize & ACM_STREAMSIZEF_QUERYMASK) == ACM_STREAMSIZEF_SOURCE ? &size->cbSrcLength
                                                                                          : &size->cbDstLength;
    DWORD *output = input == &size->cbSrcLength ? &size->cbDstLength : &size->cbSrcLength;
    *output = config->size_answer_zero ? 0 : *input / align * align;
    return MMSYSERR_NOERROR;
}

static void sleep_ms(unsigned milliseconds)
{
    struct timespec delay = {.tv_sec = milliseconds / 1000, .tv_nsec = (long)(milliseconds % 1000) * 1000000L};
    nanosleep(&delay, NULL);
}

static LRESULT stream_convert(ACMDRVSTREAMINSTANCE *instance, ACMDRVSTREAMHEADER *header,
                              const stream_test_config *config)
{
    if (config->convert_entered)
        SetEvent(config->convert_entered);
    if (config->convert_gate)
        WaitForSingleObject(config->convert_gate, 5000);
    if (config->convert_delay_ms)
        sleep_ms(config->convert_delay_ms);
    if (config->convert_result)
        return config->convert_result;
    const driver_stream *state = (const driver_stream *)instance->dwDriver;
    DWORD align = instance->pwfxSrc->nBlockAlign;
    DWORD count = header->cbSrcLength < header->cbDstLength ? header->cbSrcLength : header->cbDstLength;
    if (header->fdwConvert & ACM_STREAMCONVERTF_BLOCKALIGN)
        count = count / align * align;
    for (DWORD i = 0; i < count; i++)
        header->pbDst[i] = state->invert ? (BYTE)(header->pbSrc[i] ^ 0xFF) : header->pbSrc[i];
    header->cbSrcLengthUsed = count;
    header->cbDstLengthUsed = count;
    if (config->hostile) {
        header->cbSrcLengthUsed = 0xFFFFFFF0u;
        header->cbDstLengthUsed = header->cbDstLength + 1000;
        header->pbSrc = (LPBYTE)(uintptr_t)0x10;
        header->cbDstLength = 0x7FFFFFFF;
        header->pbPreparedDst = NULL;
        header->fdwStatus |= 0x80000000u;
    }
    if (config->support & ACMDRIVERDETAILS_SUPPORTF_ASYNC && (instance->fdwOpen & ACM_STREAMOPENF_ASYNC)) {
        /* A driver doing its own asynchronous work: complete at once and notify. */
        header->fdwStatus = (header->fdwStatus & ~(DWORD)ACMSTREAMHEADER_STATUSF_INQUEUE) | ACMSTREAMHEADER_STATUSF_DONE;
        DriverCallback(instance->dwCallback, HIWORD(instance->fdwOpen & CALLBACK_TYPEMASK), (HDRVR)instance->has,
                       MM_ACM_DONE, instance->dwInstance, (DWORD_PTR)header, 0);
    }
    return MMSYSERR_NOERROR;
}

static LRESULT driver_proc(int driver, DWORD_PTR id, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)id;
    if (!configured)
        stream_test_driver_config(driver);
    stream_test_config *config = &configs[driver];
    if (msg >= ACMDM_STREAM_OPEN || msg == STREAM_TEST_USER_MESSAGE)
        log_message(driver, msg, lParam1, lParam2);
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return 1;
    case DRV_OPEN:
        return 0x5000 + driver;
    case ACMDM_DRIVER_DETAILS:
        return driver_details(driver, (ACMDRIVERDETAILSW *)lParam1);
    case ACMDM_FORMATTAG_DETAILS:
        return format_tag_details((ACMFORMATTAGDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_STREAM_OPEN:
        return stream_open(driver, (ACMDRVSTREAMINSTANCE *)lParam1);
    case ACMDM_STREAM_CLOSE:
        return stream_close(driver, (ACMDRVSTREAMINSTANCE *)lParam1);
    case ACMDM_STREAM_SIZE:
        return stream_size((const ACMDRVSTREAMINSTANCE *)lParam1, (ACMDRVSTREAMSIZE *)lParam2, config);
    case ACMDM_STREAM_PREPARE:
        return config->prepare_result;
    case ACMDM_STREAM_UNPREPARE:
        return config->unprepare_result;
    case ACMDM_STREAM_CONVERT:
        return stream_convert((ACMDRVSTREAMINSTANCE *)lParam1, (ACMDRVSTREAMHEADER *)lParam2, config);
    case ACMDM_STREAM_RESET:
        return MMSYSERR_NOERROR;
    case STREAM_TEST_USER_MESSAGE:
        return lParam1 + lParam2 + STREAM_TEST_USER_ANSWER;
    default:
        return msg >= DRV_USER ? MMSYSERR_NOTSUPPORTED : 0;
    }
}

LRESULT CALLBACK stream_test_driver_proc_a(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)hadid;
    return driver_proc(STREAM_TEST_A, id, msg, lParam1, lParam2);
}

LRESULT CALLBACK stream_test_driver_proc_b(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)hadid;
    return driver_proc(STREAM_TEST_B, id, msg, lParam1, lParam2);
}

/* Distinct addresses to serve as the drivers' module handles. */
static char module_a, module_b;

MMRESULT stream_test_driver_add(int driver, HACMDRIVERID *hadid)
{
    stream_test_driver_config(driver);
    ACMDRIVERPROC proc = driver == STREAM_TEST_A ? stream_test_driver_proc_a : stream_test_driver_proc_b;
    HINSTANCE module = (HINSTANCE)(driver == STREAM_TEST_A ? (void *)&module_a : (void *)&module_b);
    return acmDriverAddW(hadid, module, (LPARAM)proc, 0, ACM_DRIVERADDF_FUNCTION);
}
