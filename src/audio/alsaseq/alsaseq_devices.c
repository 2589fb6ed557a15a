/*
 * alsaseq_devices.c - the sequencer MIDI driver's sequencer client, its devices and its
 * DriverProc.
 *
 * The sequencer ("default", duplex, non-blocking) is opened the first time a message needs
 * it. Every client port other than our own client's and the system client's (Timer,
 * Announce) is a device: a midiOut device when others may write to it and subscribe
 * (SND_SEQ_PORT_CAP_WRITE | SUBS_WRITE), a midiIn device when they may read from it
 * (READ | SUBS_READ). A device ID, once given, stays with that client:port for the life of
 * the process: each scan appends new ports and marks the ones that went away.
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alsaseq_int.h"
#include "audio_int.h"

#define ALSASEQ_MAX_DEVICES 128

typedef struct seq_device {
    int client, port;
    bool present;
    bool synth;
    char name[96];
} seq_device;

typedef struct seq_device_list {
    seq_device devices[ALSASEQ_MAX_DEVICES];
    UINT count;
} seq_device_list;

static pthread_mutex_t seq_lock = PTHREAD_MUTEX_INITIALIZER;
static snd_seq_t *seq;
static bool seq_tried;
static seq_device_list lists[2];

uint64_t pacm_alsaseq_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

static void open_locked(void)
{
    if (seq_tried)
        return;
    seq_tried = true;
    /* alsa-lib's sequencer is the kernel's (/dev/snd/seq, a fixed path): without it,
     * snd_seq_open would fail after printing an "ALSA lib" error on stderr. */
    if (access("/dev/snd/seq", F_OK) != 0) {
        pacm_log_debug("alsaseq.drv: no ALSA sequencer (/dev/snd/seq: %s): no MIDI devices", strerror(errno));
        return;
    }
    int error = snd_seq_open(&seq, "default", SND_SEQ_OPEN_DUPLEX, SND_SEQ_NONBLOCK);
    if (error < 0) {
        seq = NULL;
        pacm_log_debug("alsaseq.drv: no ALSA sequencer (snd_seq_open(\"default\"): %s): no MIDI devices",
                       snd_strerror(error));
        return;
    }
    snd_seq_set_client_name(seq, "portacm");
}

snd_seq_t *pacm_alsaseq_lock(void)
{
    pthread_mutex_lock(&seq_lock);
    open_locked();
    if (!seq)
        pthread_mutex_unlock(&seq_lock);
    return seq;
}

void pacm_alsaseq_unlock(void)
{
    pthread_mutex_unlock(&seq_lock);
}

static seq_device *find_device(seq_device_list *list, int client, int port)
{
    for (UINT i = 0; i < list->count; i++)
        if (list->devices[i].client == client && list->devices[i].port == port)
            return &list->devices[i];
    return NULL;
}

static void note_port(alsaseq_direction direction, snd_seq_client_info_t *client_info, snd_seq_port_info_t *port_info)
{
    seq_device_list *list = &lists[direction];
    int client = snd_seq_port_info_get_client(port_info), port = snd_seq_port_info_get_port(port_info);
    seq_device *device = find_device(list, client, port);
    if (!device) {
        if (list->count >= ALSASEQ_MAX_DEVICES)
            return;
        device = &list->devices[list->count++];
        device->client = client;
        device->port = port;
        pacm_log_debug("alsaseq.drv: %s device %u is %d:%d", direction == ALSASEQ_OUTPUT ? "output" : "input",
                       list->count - 1, client, port);
    }
    device->present = true;
    unsigned type = snd_seq_port_info_get_type(port_info);
    device->synth = (type & (SND_SEQ_PORT_TYPE_SYNTH | SND_SEQ_PORT_TYPE_DIRECT_SAMPLE | SND_SEQ_PORT_TYPE_SAMPLE |
                             SND_SEQ_PORT_TYPE_SYNTHESIZER)) != 0;
    snprintf(device->name, sizeof device->name, "%s:%s", snd_seq_client_info_get_name(client_info),
             snd_seq_port_info_get_name(port_info));
}

static void scan_locked(void)
{
    for (int d = 0; d < 2; d++)
        for (UINT i = 0; i < lists[d].count; i++)
            lists[d].devices[i].present = false;
    snd_seq_client_info_t *client_info;
    snd_seq_port_info_t *port_info;
    snd_seq_client_info_alloca(&client_info);
    snd_seq_port_info_alloca(&port_info);
    int self = snd_seq_client_id(seq);
    snd_seq_client_info_set_client(client_info, -1);
    while (snd_seq_query_next_client(seq, client_info) >= 0) {
        int client = snd_seq_client_info_get_client(client_info);
        if (client == self || client == SND_SEQ_CLIENT_SYSTEM)
            continue;
        snd_seq_port_info_set_client(port_info, client);
        snd_seq_port_info_set_port(port_info, -1);
        while (snd_seq_query_next_port(seq, port_info) >= 0) {
            unsigned caps = snd_seq_port_info_get_capability(port_info);
            if (caps & SND_SEQ_PORT_CAP_NO_EXPORT)
                continue;
            if ((caps & (SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE)) ==
                (SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE))
                note_port(ALSASEQ_OUTPUT, client_info, port_info);
            if ((caps & (SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ)) ==
                (SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ))
                note_port(ALSASEQ_INPUT, client_info, port_info);
        }
    }
}

UINT pacm_alsaseq_device_count(alsaseq_direction direction)
{
    if (!pacm_alsaseq_lock())
        return 0;
    scan_locked();
    UINT count = lists[direction].count;
    pacm_alsaseq_unlock();
    return count;
}

bool pacm_alsaseq_device_address(alsaseq_direction direction, UINT index, int *client, int *port, bool *present)
{
    if (!pacm_alsaseq_lock())
        return false;
    bool found = index < lists[direction].count;
    if (found) {
        scan_locked();
        const seq_device *device = &lists[direction].devices[index];
        *client = device->client;
        *port = device->port;
        *present = device->present;
    }
    pacm_alsaseq_unlock();
    return found;
}

DWORD pacm_alsaseq_device_caps(alsaseq_direction direction, UINT index, void *caps, DWORD_PTR size)
{
    if (!pacm_alsaseq_lock())
        return MMSYSERR_BADDEVICEID;
    if (index >= lists[direction].count) {
        pacm_alsaseq_unlock();
        return MMSYSERR_BADDEVICEID;
    }
    if (!caps) {
        pacm_alsaseq_unlock();
        return MMSYSERR_INVALPARAM;
    }
    const seq_device *device = &lists[direction].devices[index];
    MIDIOUTCAPSW out = {.wMid = 0xFF, .wPid = 0xFF, .vDriverVersion = 0x00010001,
                        .wTechnology = device->synth ? MOD_SYNTH : MOD_MIDIPORT,
                        .wChannelMask = 0xFFFF};
    pacm_utf8_to_utf16_buffer(device->name, out.szPname, MAXPNAMELEN);
    pacm_alsaseq_unlock();
    if (direction == ALSASEQ_OUTPUT) {
        memcpy(caps, &out, size < sizeof out ? (size_t)size : sizeof out);
    } else {
        MIDIINCAPSW in = {.wMid = out.wMid, .wPid = out.wPid, .vDriverVersion = out.vDriverVersion};
        memcpy(in.szPname, out.szPname, sizeof in.szPname);
        memcpy(caps, &in, size < sizeof in ? (size_t)size : sizeof in);
    }
    return MMSYSERR_NOERROR;
}

bool pacm_alsaseq_device_message(alsaseq_direction direction, UINT dev, UINT msg, DWORD_PTR p1, DWORD_PTR p2,
                                 DWORD *result)
{
    UINT numdevs = direction == ALSASEQ_OUTPUT ? MODM_GETNUMDEVS : MIDM_GETNUMDEVS;
    UINT devcaps = direction == ALSASEQ_OUTPUT ? MODM_GETDEVCAPS : MIDM_GETDEVCAPS;
    if (msg == DRVM_INIT || msg == DRVM_EXIT || msg == DRVM_ENABLE || msg == DRVM_DISABLE)
        *result = MMSYSERR_NOERROR;
    else if (msg == numdevs)
        *result = pacm_alsaseq_device_count(direction);
    else if (msg == devcaps)
        *result = pacm_alsaseq_device_caps(direction, dev, (void *)p1, p2);
    else
        return false;
    return true;
}
