/*
 * alsa_fixture.h - the shared part of the ALSA driver's tests (alsa_fixture.c): the ALSA
 * configuration and environment they run in, and a client that talks to the driver through
 * its message functions as winmm does.
 *
 * Output devices (PORTACM_ALSA_DEVICES; ALSA_HINTS=1 leaves the list to alsa-lib's hints):
 *   0 portacm_out   a file PCM over null: what is played lands in out_path
 *   1 portacm_in    a file PCM whose capture reads in_data (in_path)
 *   2 LONG_NAME     a null PCM whose name is longer than 31 characters
 *   3 portacm_full  a file PCM writing to /dev/full: its writes fail (a lost device)
 *   4 portacm_args:CARD=1,DEV=2  a null PCM with arguments
 * The input devices are the same names.
 */
#ifndef PORTACM_ALSA_FIXTURE_H
#define PORTACM_ALSA_FIXTURE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "audio_int.h"
#include "common_int.h"
#include "mmreg.h"

/* The format most tests use: 16-bit stereo at 48 kHz. */
#define RATE 48000
#define CHANNELS 2
#define FRAME 4
#define MS_BYTES(ms) ((size_t)(ms) * RATE / 1000 * FRAME)
#define LONG_NAME "portacm_a_pcm_whose_name_is_much_longer_than_thirty_one"

extern char *out_path, *in_path;
extern unsigned char *in_data; /* what portacm_in captures, in_size bytes */
extern size_t in_size;

/* What the callback saw, and how it answers. */
typedef struct client {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    UINT msgs[512];
    WAVEHDR *headers[512];
    size_t count;
    DWORD_PTR handle;
    bool input;
    /* refilling: the source and how far it was sent */
    const unsigned char *source;
    size_t source_size, sent;
    size_t chunk;
    unsigned done_count;
    UINT action_on_done;   /* a message to send from inside the first WOM_DONE (0: none) */
    DWORD action_result;
} client;

extern client the_client;

/* cmocka group setup and teardown (config, environment, folder) and per-test setup. */
int group_setup(void **state);
int group_teardown(void **state);
int test_setup(void **state);

void CALLBACK client_callback(HDRVR h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2);
void client_reset(void);
/* Fills `header` with the next chunk of the source and writes it (the client's lock held or
 * not, as the caller needs). */
void send_next(client *c, WAVEHDR *header);
/* Waits until `count` buffers came back; false after `seconds`. */
bool wait_done(unsigned count, int seconds);
/* The message sent from inside WOM_DONE: set it, then read its result (0xDEAD until sent). */
void set_action(UINT action);
DWORD wait_action_result(void);

double now_seconds(void);
void sleep_ms(unsigned ms);
WAVEFORMATEX pcm_format(unsigned bits, unsigned channels, unsigned rate);
/* Opens device `dev` with CALLBACK_FUNCTION; returns the instance value. */
DWORD_PTR open_stream(bool input, UINT dev, WAVEFORMATEX *format, DWORD *result);
/* Opens a device in the test format; it must succeed. */
DWORD_PTR open_ok(bool input, UINT dev);
DWORD_PTR open_output(void);
void close_output(DWORD_PTR user);
/* A recognisable 16-bit signal (malloc'd). */
unsigned char *make_signal(size_t bytes, unsigned seed);
/* What portacm_out received (malloc'd). */
unsigned char *read_output(size_t *size);
DWORD position(DWORD_PTR user, UINT type, MMTIME *time);
DWORD position_samples(DWORD_PTR user);
/* A header marked prepared, as winmm leaves it after its default WODM_PREPARE. */
WAVEHDR *new_header(size_t bytes, DWORD flags, DWORD loops);
void free_header(WAVEHDR *header);
/* WODM_WRITE with the flags winmm sets around it. */
DWORD write_header(DWORD_PTR user, WAVEHDR *header);

#endif /* PORTACM_ALSA_FIXTURE_H */
