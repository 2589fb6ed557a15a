/*
 * midi_mapper.c - the MIDI mapper (MIDI_MAPPER, spec winmm-devices §6.13): a modMessage
 * function installed with pacm_dev_set_mapper(PACM_DEV_MIDIOUT). At each open it reads where to
 * send (midi_mapper_setup.c: one device for all channels, or a scheme's channel map) and:
 *   - one device for every channel: opens it with the client's own MIDIOPENDESC (handle,
 *     callback, instance), so its driver notifies the client directly (MOM_OPEN, MOM_DONE,
 *     MOM_CLOSE), and passes every message on;
 *   - a channel map: opens each device of the map with CALLBACK_NULL (one that fails is left
 *     out; the open fails only when none opens) and notifies the client itself. Channel messages
 *     go to the device of their channel (or nowhere), system messages (0xF0..0xFF) and SysEx to
 *     every device, once each; reset, volume to every device.
 * No output device: MIDIERR_NODEVICE on open, MMSYSERR_BADDEVICEID for the caps.
 */
#include <string.h>
#include <time.h>

#include "midi_mapper_int.h"

typedef struct mapper_open {
    pacm_midi_mapper_setup setup;
    bool direct;                  /* one device, opened with the client's MIDIOPENDESC */
    bool opened[16];              /* per device of the setup */
    DWORD_PTR user[16];           /* the devices' driver instance values */
    MIDIOPENDESC desc;            /* the client's (channel map) */
    DWORD dcb;
} mapper_open;

static const char mapper_name[] = "Microsoft MIDI Mapper";

static DWORD mapper_caps(MIDIOUTCAPSW *caps, DWORD_PTR size)
{
    pacm_midi_mapper_setup setup;
    if (!pacm_midi_mapper_load(&setup))
        return MMSYSERR_BADDEVICEID;
    MIDIOUTCAPSW device, own = {.wMid = 0xFF, .wPid = 1, .vDriverVersion = 0x0100, .wTechnology = MOD_MAPPER,
                                .wChannelMask = 0xFFFF};
    if (pacm_midi_mapper_device_caps(setup.device[0], &device) == MMSYSERR_NOERROR)
        own.dwSupport = device.dwSupport & (MIDICAPS_VOLUME | MIDICAPS_LRVOLUME);
    pacm_utf8_to_utf16_buffer(mapper_name, own.szPname, MAXPNAMELEN);
    memcpy(caps, &own, size < sizeof own ? size : sizeof own);
    return MMSYSERR_NOERROR;
}

static DWORD send_to(const mapper_open *open, int port, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_dev_message(PACM_DEV_MIDIOUT, open->setup.device[port], msg, open->user[port], p1, p2);
}

static void notify(const mapper_open *open, UINT msg, DWORD_PTR p1)
{
    DriverCallback(open->desc.dwCallback, open->dcb, (HDRVR)open->desc.hMidi, msg, open->desc.dwInstance, p1, 0);
}

/* Channel map: each device opened with CALLBACK_NULL, then MOM_OPEN from the mapper. */
static DWORD open_mapped(mapper_open *open, const MIDIOPENDESC *desc, DWORD flags)
{
    DWORD first_error = MMSYSERR_NOERROR;
    bool any = false;
    for (int port = 0; port < open->setup.count; port++) {
        MIDIOPENDESC own = {.hMidi = desc->hMidi, .cIds = 1};
        own.rgIds[0].wDeviceID = (WORD)open->setup.device[port];
        DWORD result = pacm_dev_message(PACM_DEV_MIDIOUT, open->setup.device[port], MODM_OPEN,
                                        (DWORD_PTR)&open->user[port], (DWORD_PTR)&own,
                                        (flags & ~CALLBACK_TYPEMASK) | CALLBACK_NULL);
        open->opened[port] = result == MMSYSERR_NOERROR;
        any |= open->opened[port];
        if (result != MMSYSERR_NOERROR && first_error == MMSYSERR_NOERROR)
            first_error = result;
    }
    if (!any)
        return first_error;
    open->desc = *desc;
    open->dcb = HIWORD(flags & CALLBACK_TYPEMASK);
    notify(open, MOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD mapper_open_device(DWORD_PTR *user, const MIDIOPENDESC *desc, DWORD flags)
{
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    mapper_open *open = pacm_mem_calloc(1, sizeof *open);
    if (!open)
        return MMSYSERR_NOMEM;
    if (!pacm_midi_mapper_load(&open->setup)) {
        pacm_mem_free(open);
        return MIDIERR_NODEVICE;
    }
    DWORD result;
    open->direct = open->setup.count == 1;
    for (int ch = 0; ch < 16; ch++)
        open->direct &= open->setup.channel[ch] == 0;
    if (open->direct) {
        MIDIOPENDESC copy = *desc;
        copy.rgIds[0].wDeviceID = (WORD)open->setup.device[0];
        result = pacm_dev_message(PACM_DEV_MIDIOUT, open->setup.device[0], MODM_OPEN, (DWORD_PTR)&open->user[0],
                                  (DWORD_PTR)&copy, flags);
        open->opened[0] = result == MMSYSERR_NOERROR;
    } else {
        result = open_mapped(open, desc, flags);
    }
    if (result != MMSYSERR_NOERROR) {
        pacm_mem_free(open);
        return result;
    }
    *user = (DWORD_PTR)open;
    return MMSYSERR_NOERROR;
}

/* `msg` to every device opened; the first error is returned. */
static DWORD to_all(const mapper_open *open, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD result = MMSYSERR_NOERROR;
    for (int port = 0; port < open->setup.count; port++) {
        if (!open->opened[port])
            continue;
        DWORD one = send_to(open, port, msg, p1, p2);
        if (result == MMSYSERR_NOERROR)
            result = one;
    }
    return result;
}

static DWORD short_message(const mapper_open *open, DWORD message)
{
    BYTE status = (BYTE)message;
    if (status >= 0xF0)
        return to_all(open, MODM_DATA, message, 0);
    int port = open->setup.channel[status & 0x0F];
    if (port < 0 || !open->opened[port])
        return MMSYSERR_NOERROR; /* a channel the map drops */
    return send_to(open, port, MODM_DATA, message, 0);
}

/* SysEx to one device: a header of the mapper's own, waited for (at most a second). */
static DWORD long_to(const mapper_open *open, int port, const MIDIHDR *client)
{
    MIDIHDR own = {.lpData = client->lpData, .dwBufferLength = client->dwBufferLength,
                   .dwBytesRecorded = client->dwBufferLength};
    DWORD prepared = send_to(open, port, MODM_PREPARE, (DWORD_PTR)&own, sizeof own);
    if (prepared == MMSYSERR_NOTSUPPORTED)
        pacm_midi_flags_change(&own, MHDR_PREPARED, MHDR_DONE);
    else if (prepared != MMSYSERR_NOERROR)
        return prepared;
    pacm_midi_flags_change(&own, MHDR_INQUEUE, 0);
    DWORD result = send_to(open, port, MODM_LONGDATA, (DWORD_PTR)&own, sizeof own);
    for (int i = 0; result == MMSYSERR_NOERROR && i < 1000 && !(pacm_midi_flags(&own) & MHDR_DONE); i++)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    if (result == MMSYSERR_NOERROR && !(pacm_midi_flags(&own) & MHDR_DONE))
        send_to(open, port, MODM_RESET, 0, 0); /* gives the header back before it goes away */
    if (prepared == MMSYSERR_NOERROR)
        send_to(open, port, MODM_UNPREPARE, (DWORD_PTR)&own, sizeof own);
    return result;
}

/* Channel map: the client's SysEx to every device once, then DONE and MOM_DONE from the mapper. */
static DWORD long_message(const mapper_open *open, LPMIDIHDR header)
{
    if (!header || !header->lpData)
        return MMSYSERR_INVALPARAM;
    DWORD result = MMSYSERR_NOERROR;
    for (int port = 0; port < open->setup.count; port++) {
        DWORD one = open->opened[port] ? long_to(open, port, header) : MMSYSERR_NOERROR;
        if (result == MMSYSERR_NOERROR)
            result = one;
    }
    pacm_midi_flags_change(header, MHDR_DONE, MHDR_INQUEUE);
    notify(open, MOM_DONE, (DWORD_PTR)header);
    return result;
}

/* Channel map: every device closed; MIDIERR_STILLPLAYING from one keeps the mapper open. */
static DWORD close_mapped(mapper_open *open)
{
    DWORD result = MMSYSERR_NOERROR;
    for (int port = 0; port < open->setup.count; port++) {
        if (!open->opened[port])
            continue;
        DWORD one = send_to(open, port, MODM_CLOSE, 0, 0);
        if (one == MIDIERR_STILLPLAYING)
            result = one;
        else
            open->opened[port] = false;
    }
    if (result == MMSYSERR_NOERROR)
        notify(open, MOM_CLOSE, 0);
    return result;
}

static DWORD mapped_message(mapper_open *open, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case MODM_DATA:
        return short_message(open, (DWORD)p1);
    case MODM_LONGDATA:
        return long_message(open, (LPMIDIHDR)p1);
    case MODM_CLOSE:
        return close_mapped(open);
    case MODM_PREPARE:
    case MODM_UNPREPARE:
        return MMSYSERR_NOTSUPPORTED; /* winmm's default */
    case MODM_RESET:
    case MODM_SETVOLUME:
        return to_all(open, msg, p1, p2);
    default: /* volume, patch caching, driver queries: the first device opened */
        for (int port = 0; port < open->setup.count; port++)
            if (open->opened[port])
                return send_to(open, port, msg, p1, p2);
        return MMSYSERR_NOTSUPPORTED;
    }
}

static DWORD CALLBACK mapper_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)dev;
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case MODM_GETNUMDEVS:
        return 1;
    case MODM_GETDEVCAPS:
        return p1 ? mapper_caps((MIDIOUTCAPSW *)p1, p2) : MMSYSERR_INVALPARAM;
    case MODM_OPEN:
        return mapper_open_device((DWORD_PTR *)user, (const MIDIOPENDESC *)p1, (DWORD)p2);
    default:
        break;
    }
    mapper_open *open = (mapper_open *)user;
    if (!open) {
        /* A message for the mapper's ID (volume): the first device it would use. */
        pacm_midi_mapper_setup setup;
        if (!pacm_midi_mapper_load(&setup))
            return MMSYSERR_NODRIVER;
        return pacm_dev_message(PACM_DEV_MIDIOUT, setup.device[0], msg, 0, p1, p2);
    }
    DWORD result = open->direct ? send_to(open, 0, msg, p1, p2) : mapped_message(open, msg, p1, p2);
    if (msg == MODM_CLOSE && result != MIDIERR_STILLPLAYING)
        pacm_mem_free(open);
    return result;
}

void pacm_midi_mapper_install(void)
{
    pacm_dev_set_mapper(PACM_DEV_MIDIOUT, mapper_message);
}
