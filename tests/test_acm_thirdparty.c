/*
 * test_acm_thirdparty.c - a third-party ACM driver shared object installed through the drivers
 * file, and the persistent priority order.
 *
 * main() prepares, before the ACM starts: a drivers file with
 * "msacm.thirdparty=test_acm_thirdparty_driver.so" (found through PORTACM_DRIVER_PATH) and a
 * priority file with malformed lines and "Priority1=1, msacm.thirdparty". The tests check that
 * the driver is enumerated, answers acmFormatSuggest, is ordered by the file, and that
 * priority changes are written back and read again by a fresh process (this program re-run
 * with --child, which prints the order it sees).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "msacm.h"
#include "msacmdrv.h"
#include "ts_files.h"
#include "ts_formats.h"

#define THIRDPARTY_TAG 0x7A01

static char priority_path[512];

typedef struct driver_list {
    HACMDRIVERID ids[32];
    char names[32][ACMDRIVERDETAILS_SHORTNAME_CHARS];
    DWORD support[32];
    size_t count;
} driver_list;

static BOOL CALLBACK collect(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    driver_list *list = (driver_list *)instance;
    ACMDRIVERDETAILSA details;
    details.cbStruct = sizeof details;
    if (list->count < 32 && acmDriverDetailsA(hadid, &details, 0) == MMSYSERR_NOERROR) {
        list->ids[list->count] = hadid;
        strcpy(list->names[list->count], details.szShortName);
        list->support[list->count] = support;
        list->count++;
    }
    return TRUE;
}

static size_t find(const driver_list *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->names[i], name) == 0)
            return i;
    }
    return SIZE_MAX;
}

static void test_enumerated_and_ordered_by_priority_file(void **state)
{
    driver_list list = {0};
    assert_int_equal(acmDriverEnum(collect, (DWORD_PTR)&list, 0), MMSYSERR_NOERROR);
    size_t index = find(&list, "Third-party test");
    assert_int_not_equal(index, SIZE_MAX);
    assert_false(list.support[index] & ACMDRIVERDETAILS_SUPPORTF_LOCAL);
    assert_true(list.support[index] & ACMDRIVERDETAILS_SUPPORTF_CODEC);
    /* "Priority1=1, msacm.thirdparty" put it first, ahead of the built-ins; PCM stays last. */
    assert_int_equal(index, 0);
    assert_string_equal(list.names[list.count - 1], "MS-PCM");
    DWORD priority = 0;
    assert_int_equal(acmMetrics((HACMOBJ)list.ids[0], ACM_METRIC_DRIVER_PRIORITY, &priority), MMSYSERR_NOERROR);
    assert_int_equal(priority, 1);
    /* ACM_DRIVERADDF_NAME with its Drivers32 name gives the same ID. */
    HACMDRIVERID id = NULL;
    assert_int_equal(acmDriverAddA(&id, NULL, (LPARAM) "MSACM.ThirdParty", 0, ACM_DRIVERADDF_NAME), MMSYSERR_NOERROR);
    assert_ptr_equal(id, list.ids[0]);
}

static void test_found_by_format_suggest(void **state)
{
    WAVEFORMATEX source, destination;
    ts_linear_format(&source, THIRDPARTY_TAG, 2, 11025, 8);
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    BYTE buffer[256];
    assert_true(largest <= sizeof buffer);
    WAVEFORMATEX *out = (WAVEFORMATEX *)buffer;
    memset(buffer, 0, sizeof buffer);
    assert_int_equal(acmFormatSuggest(NULL, &source, out, largest, 0), MMSYSERR_NOERROR);
    assert_int_equal(out->wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(out->nChannels, 2);
    assert_int_equal(out->nSamplesPerSec, 11025);
    /* PCM → the third-party tag, asked for by tag. */
    memcpy(&destination, &source, sizeof source);
    destination.wFormatTag = WAVE_FORMAT_PCM;
    memset(buffer, 0, sizeof buffer);
    out->wFormatTag = THIRDPARTY_TAG;
    assert_int_equal(acmFormatSuggest(NULL, &destination, out, sizeof(WAVEFORMATEX), ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    assert_int_equal(out->wFormatTag, THIRDPARTY_TAG);
    assert_int_equal(out->nSamplesPerSec, 11025);
    /* Its tag is described through the ACM. */
    ACMFORMATTAGDETAILSA tag;
    memset(&tag, 0, sizeof tag);
    tag.cbStruct = sizeof tag;
    tag.dwFormatTag = THIRDPARTY_TAG;
    assert_int_equal(acmFormatTagDetailsA(NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_string_equal(tag.szFormatTag, "Signed 8-bit (test)");
    assert_int_equal(tag.cStandardFormats, 6);
}

/* Reads the whole priority file (at most 4 KiB). */
static void read_priority_file(char *text, size_t capacity)
{
    FILE *file = fopen(priority_path, "r");
    assert_non_null(file);
    size_t length = fread(text, 1, capacity - 1, file);
    text[length] = 0;
    fclose(file);
}

static void test_priority_persisted_and_reloaded(void **state)
{
    driver_list list = {0};
    assert_int_equal(acmDriverEnum(collect, (DWORD_PTR)&list, 0), MMSYSERR_NOERROR);
    size_t index = find(&list, "Third-party test");
    assert_int_not_equal(index, SIZE_MAX);
    HACMDRIVERID thirdparty = list.ids[index];
    /* Lowest priority (before the PCM converter) and disabled. */
    assert_int_equal(acmDriverPriority(thirdparty, (DWORD)-1, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    DWORD priority = 0, count = 0;
    assert_int_equal(acmMetrics((HACMOBJ)thirdparty, ACM_METRIC_DRIVER_PRIORITY, &priority), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_DISABLED, &count), MMSYSERR_NOERROR);
    assert_int_equal(count, 1);
    assert_int_equal(priority, list.count - 1);
    char text[4096];
    read_priority_file(text, sizeof text);
    char expected[128];
    snprintf(expected, sizeof expected, "Priority%zu=0, msacm.thirdparty\n", list.count - 1);
    assert_non_null(strstr(text, expected));
    snprintf(expected, sizeof expected, "Priority%zu=1, msacm32.dll\n", list.count);
    assert_non_null(strstr(text, expected));
    assert_null(strstr(text, "garbage"));

    /* A fresh process reads the file: the same order, the driver disabled. */
    char command[600];
    snprintf(command, sizeof command, "/proc/%ld/exe --child", (long)getpid());
    FILE *child = popen(command, "r");
    assert_non_null(child);
    char line[256];
    size_t lines = 0;
    char last_two[2][256] = {"", ""};
    while (fgets(line, sizeof line, child)) {
        strcpy(last_two[0], last_two[1]);
        strcpy(last_two[1], line);
        lines++;
    }
    assert_int_equal(pclose(child), 0);
    assert_int_equal(lines, list.count);
    assert_string_equal(last_two[0], "Third-party test disabled\n");
    assert_string_equal(last_two[1], "MS-PCM enabled\n");

    /* Back to the top, enabled; the file follows. */
    assert_int_equal(acmDriverPriority(thirdparty, 1, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    read_priority_file(text, sizeof text);
    assert_non_null(strstr(text, "Priority1=1, msacm.thirdparty\n"));
}

/* --child: print the global drivers in order with their state. */
static int child_main(void)
{
    driver_list list = {0};
    if (acmDriverEnum(collect, (DWORD_PTR)&list, ACM_DRIVERENUMF_DISABLED) != MMSYSERR_NOERROR)
        return 1;
    for (size_t i = 0; i < list.count; i++)
        printf("%s %s\n", list.names[i], (list.support[i] & ACMDRIVERDETAILS_SUPPORTF_DISABLED) ? "disabled" : "enabled");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0)
        return child_main();
    char *work_dir = ts_temp_dir();
    ts_use_drivers_file(work_dir, "[drivers32]\nmsacm.thirdparty=test_acm_thirdparty_driver.so\nwavemapper=none.drv\n");
    setenv("PORTACM_DRIVER_PATH", THIRDPARTY_DRIVER_DIR, 1);
    char path[512];
    snprintf(path, sizeof path, "%s/config", work_dir);
    setenv("XDG_CONFIG_HOME", path, 1);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/config/portacm", work_dir);
    mkdir(path, 0700);
    /* Malformed lines are skipped one by one; the valid one is applied. */
    char *priority = ts_write_text(path, "acm-priority.ini",
                                   "[Priority v4.00]\ngarbage line\nPriority=1, msacm.x\nPriority0=1, msacm.x\n"
                                   "Priority2=7, msacm.x\nPriority3=1 msacm.x\nPriority4=1,\n"
                                   "Priority1=1, msacm.thirdparty\n");
    snprintf(priority_path, sizeof priority_path, "%s", priority);
    free(priority);
    /* A group-writable file is refused (umask 002 would make one). */
    if (chmod(priority_path, 0644) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumerated_and_ordered_by_priority_file),
        cmocka_unit_test(test_found_by_format_suggest),
        cmocka_unit_test(test_priority_persisted_and_reloaded),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ts_remove_tree(work_dir);
    free(work_dir);
    return failed;
}
