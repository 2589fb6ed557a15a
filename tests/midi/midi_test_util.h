/*
 * midi_test_util.h - what the MIDI tests share: a private drivers file naming the MIDI test
 * driver (midi_test_driver.h), its recorded events and its input, and a callback recorder.
 */
#ifndef PORTACM_MIDI_TEST_UTIL_H
#define PORTACM_MIDI_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "midi_test_driver.h"

/* Points PORTACM_DRIVERS at a drivers file naming the MIDI test driver with `knobs` and reloads
 * the drivers. Returns the folder (free it with mt_teardown). */
char *mt_setup(const char *knobs);
void mt_teardown(char *folder);
/* The driver's recorded output events (up to `capacity`); returns how many were recorded. */
size_t mt_events(midi_test_event *events, size_t capacity);
void mt_clear(void);
/* The next `msg` sent to an output of the test driver answers `result`. */
void mt_fail(UINT msg, DWORD result);
/* Feeds bytes to input device `device`. */
void mt_inject(UINT device, const void *bytes, size_t size);
void mt_sleep_ms(unsigned ms);
uint64_t mt_now_ns(void);

/* A callback recorder (CALLBACK_FUNCTION with dwInstance = a mt_seen *). */
#define MT_SEEN_MAX 256
typedef struct mt_seen {
    int count;
    UINT msgs[MT_SEEN_MAX];
    DWORD_PTR handles[MT_SEEN_MAX], p1[MT_SEEN_MAX], p2[MT_SEEN_MAX];
    DWORD offsets[MT_SEEN_MAX]; /* MOM_POSITIONCB: the header's dwOffset at the time */
    uint64_t ns[MT_SEEN_MAX];
} mt_seen;
void CALLBACK mt_record(HDRVR handle, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2);
/* The number of messages `msg` seen so far (thread-safe). */
int mt_count(mt_seen *seen, UINT msg);
/* Waits up to `ms` for at least `count` messages `msg`. */
bool mt_wait(mt_seen *seen, UINT msg, int count, unsigned ms);

static inline DWORD mt_flags(const MIDIHDR *h)
{
    return __atomic_load_n((const DWORD *)(const void *)((const char *)h + offsetof(MIDIHDR, dwFlags)),
                           __ATOMIC_ACQUIRE);
}

#endif
