/*
 * mmddk.h - what a multimedia driver writer needs beyond mmsystem.h: the DCB_* notification
 * types for DriverCallback, the DRV_QUERY* messages of the driver development kit, and the
 * device-driver interface: the messages winmm sends to a wave, mixer or aux driver's
 * wodMessage / widMessage / mxdMessage / auxMessage export, and the open descriptors.
 *
 * A device driver is an installable driver (a shared object exporting DriverProc, named in the
 * drivers file as `wave`, `wave1` ... `mixer`, `aux`, or registered in-process with
 * portacm_device_driver_register) that also exports one or more of the message functions
 * below (docs/wave.md, "Writing a wave driver"). winmm loads it with OpenDriver, sends DRVM_INIT
 * then *_GETNUMDEVS to each message function, and from then on addresses each device with the
 * driver's own (local) device ID, 0 .. count - 1. On *_OPEN the driver stores its instance
 * value through the DWORD_PTR pointer passed as dwUser and gets it back as dwUser in every
 * later message for that open; it notifies the client with DriverCallback(desc->dwCallback,
 * HIWORD(fdwOpen & CALLBACK_TYPEMASK), (HDRVR)desc->hWave, msg, desc->dwInstance, p1, p2).
 */
#ifndef PORTACM_MMDDK_H
#define PORTACM_MMDDK_H

#include "mmsystem.h"

/* DriverCallback dwFlags: the notification type is dwFlags & DCB_TYPEMASK, and
 * HIWORD(CALLBACK_xxx) == DCB_xxx. DCB_NOSWITCH is accepted and ignored. */
#define DCB_NULL 0x0000
#define DCB_WINDOW 0x0001
#define DCB_TASK 0x0002
#define DCB_FUNCTION 0x0003
#define DCB_EVENT 0x0005
#define DCB_TYPEMASK 0x0007
#define DCB_NOSWITCH 0x0008

#pragma pack(push, 1)

/* ---- generic device-driver messages ---- */
#define DRVM_INIT 100
#define DRVM_EXIT 101
#define DRVM_DISABLE 102
#define DRVM_ENABLE 103
#define DRVM_IOCTL 0x100
#define DRVM_ADD_THRU (DRVM_IOCTL + 1)
#define DRVM_REMOVE_THRU (DRVM_IOCTL + 2)
#define DRVM_IOCTL_LAST (DRVM_IOCTL + 5)
#define DRVM_MAPPER 0x2000
#define DRVM_USER 0x4000
#define DRVM_MAPPER_STATUS (DRVM_MAPPER + 0)
#define DRVM_MAPPER_RECONFIGURE (DRVM_MAPPER + 1)
#define DRVM_MAPPER_PREFERRED_GET (DRVM_MAPPER + 21)
#define DRVM_MAPPER_PREFERRED_SET (DRVM_MAPPER + 22)

#define DRV_QUERYDRVENTRY (DRV_RESERVED + 1)
#define DRV_QUERYDEVNODE (DRV_RESERVED + 2)
#define DRV_QUERYNAME (DRV_RESERVED + 3)
#define DRV_QUERYDRIVERIDS (DRV_RESERVED + 4)
#define DRV_QUERYMAPPABLE (DRV_RESERVED + 5)
#define DRV_QUERYMODULE (DRV_RESERVED + 9)
#define DRV_PNPINSTALL (DRV_RESERVED + 11)
#define DRV_QUERYDEVICEINTERFACE (DRV_RESERVED + 12)
#define DRV_QUERYDEVICEINTERFACESIZE (DRV_RESERVED + 13)
#define DRV_QUERYSTRINGID (DRV_RESERVED + 14)
#define DRV_QUERYSTRINGIDSIZE (DRV_RESERVED + 15)
#define DRV_QUERYIDFROMSTRINGID (DRV_RESERVED + 16)
#define DRV_QUERYFUNCTIONINSTANCEID (DRV_RESERVED + 17)
#define DRV_QUERYFUNCTIONINSTANCEIDSIZE (DRV_RESERVED + 18)

#define DRVM_MAPPER_CONSOLEVOICECOM_GET (DRVM_MAPPER + 23)
#define DRVM_MAPPER_PREFERRED_FLAGS_PREFERREDONLY 0x00000001

/* ---- wave output driver messages (wodMessage) ---- */
#define WODM_INIT DRVM_INIT
#define WODM_GETNUMDEVS 3
#define WODM_GETDEVCAPS 4 /* dwParam1 = WAVEOUTCAPSW *, dwParam2 = its size */
#define WODM_OPEN 5 /* dwUser = DWORD_PTR * (out), dwParam1 = WAVEOPENDESC *, dwParam2 = fdwOpen */
#define WODM_CLOSE 6
#define WODM_PREPARE 7 /* dwParam1 = WAVEHDR *, dwParam2 = its size (NOTSUPPORTED: winmm prepares) */
#define WODM_UNPREPARE 8
#define WODM_WRITE 9
#define WODM_PAUSE 10
#define WODM_RESTART 11
#define WODM_RESET 12
#define WODM_GETPOS 13 /* dwParam1 = MMTIME *, dwParam2 = its size */
#define WODM_GETPITCH 14
#define WODM_SETPITCH 15
#define WODM_GETVOLUME 16 /* dwParam1 = DWORD * */
#define WODM_SETVOLUME 17 /* dwParam1 = the volume */
#define WODM_GETPLAYBACKRATE 18
#define WODM_SETPLAYBACKRATE 19
#define WODM_BREAKLOOP 20
#define WODM_PREFERRED 21
#define WODM_BUSY 21
/* (msacm.h defines these too, with the same spelling) */
#ifndef WODM_MAPPER_STATUS
#define WODM_MAPPER_STATUS (DRVM_MAPPER_STATUS + 0)
#endif
#define WAVEOUT_MAPPER_STATUS_DEVICE 0
#define WAVEOUT_MAPPER_STATUS_MAPPED 1
#define WAVEOUT_MAPPER_STATUS_FORMAT 2

/* ---- wave input driver messages (widMessage) ---- */
#define WIDM_INIT DRVM_INIT
#define WIDM_GETNUMDEVS 50
#define WIDM_GETDEVCAPS 51 /* dwParam1 = WAVEINCAPSW *, dwParam2 = its size */
#define WIDM_OPEN 52
#define WIDM_CLOSE 53
#define WIDM_PREPARE 54
#define WIDM_UNPREPARE 55
#define WIDM_ADDBUFFER 56
#define WIDM_START 57
#define WIDM_STOP 58
#define WIDM_RESET 59
#define WIDM_GETPOS 60
#define WIDM_PREFERRED 61
#ifndef WIDM_MAPPER_STATUS
#define WIDM_MAPPER_STATUS (DRVM_MAPPER_STATUS + 0)
#endif
#define WAVEIN_MAPPER_STATUS_DEVICE 0
#define WAVEIN_MAPPER_STATUS_MAPPED 1
#define WAVEIN_MAPPER_STATUS_FORMAT 2

/* ---- mixer driver messages (mxdMessage) ---- */
#define MXDM_INIT DRVM_INIT
#define MXDM_USER DRVM_USER
#define MXDM_GETNUMDEVS 1
#define MXDM_GETDEVCAPS 2 /* dwParam1 = MIXERCAPSW *, dwParam2 = its size */
#define MXDM_OPEN 3 /* dwUser = DWORD_PTR * (out), dwParam1 = MIXEROPENDESC *, dwParam2 = fdwOpen */
#define MXDM_CLOSE 4
/* For the four queries below dwParam2 is only the query type (fdw & 0xF): winmm has resolved
 * the MIXER_OBJECTF_* part to the device. */
#define MXDM_GETLINEINFO 5 /* dwParam1 = MIXERLINEW *, dwParam2 = MIXER_GETLINEINFOF_* */
#define MXDM_GETLINECONTROLS 6 /* dwParam1 = MIXERLINECONTROLSW *, dwParam2 = MIXER_GETLINECONTROLSF_* */
#define MXDM_GETCONTROLDETAILS 7 /* dwParam1 = MIXERCONTROLDETAILS * (W list text), dwParam2 = fdwDetails & 0xF */
#define MXDM_SETCONTROLDETAILS 8

/* ---- aux driver messages (auxMessage) ---- */
#define AUXM_INIT DRVM_INIT
#define AUXDM_GETNUMDEVS 3
#define AUXDM_GETDEVCAPS 4
#define AUXDM_GETVOLUME 5
#define AUXDM_SETVOLUME 6

/* waveOutOpen flag a DirectSound-capable driver may see (ReactOS' mmddk.h); portacm never sets it. */
#define WAVE_DIRECTSOUND 0x0080

/* What winmm gives a wave driver on WODM_OPEN / WIDM_OPEN. lpFormat stays valid until the
 * driver's *_OPEN returns (copy what you keep). uMappedDeviceID is WAVE_MAPPER, or with
 * WAVE_MAPPED the device the mapper must use. */
typedef struct {
    HWAVE hWave;
    LPWAVEFORMATEX lpFormat;
    DWORD_PTR dwCallback;
    DWORD_PTR dwInstance;
    UINT uMappedDeviceID;
    DWORD_PTR dnDevNode;
} WAVEOPENDESC, *PWAVEOPENDESC, *LPWAVEOPENDESC;

/* What winmm gives a mixer driver on MXDM_OPEN. */
typedef struct tMIXEROPENDESC {
    HMIXER hmx;
    LPVOID pReserved0;
    DWORD_PTR dwCallback;
    DWORD_PTR dwInstance;
    DWORD_PTR dnDevNode;
} MIXEROPENDESC, *PMIXEROPENDESC, *LPMIXEROPENDESC;

/* The device-message functions a device driver exports (by these names). */
typedef DWORD(CALLBACK *PORTACM_DEVICE_MESSAGE)(UINT uDeviceID, UINT uMsg, DWORD_PTR dwUser, DWORD_PTR dwParam1,
                                                DWORD_PTR dwParam2);

/* portacm extension (listed in portacm.h): the message functions of a device driver that lives
 * in the program rather than in a shared object; NULL for a class it does not serve. */
typedef struct portacm_device_procs {
    PORTACM_DEVICE_MESSAGE wodMessage;
    PORTACM_DEVICE_MESSAGE widMessage;
    PORTACM_DEVICE_MESSAGE mxdMessage;
    PORTACM_DEVICE_MESSAGE auxMessage;
    PORTACM_DEVICE_MESSAGE modMessage;
    PORTACM_DEVICE_MESSAGE midMessage;
} PORTACM_DEVICE_PROCS;

/* portacm_device_driver_register - portacm extension: installs an in-process device driver, as
 * if a shared object exporting `proc` as DriverProc and `procs` as its message functions were
 * named in the drivers file. It is opened with OpenDriver, initialised as a file driver is, and
 * its devices are appended after the devices already known, so existing IDs do not move.
 *   name   [in] the module name (unique, case-insensitive), as in the drivers file.
 *   proc   [in] its DriverProc.
 *   procs  [in] its message functions; at least one non-NULL. Copied.
 * Returns MMSYSERR_NOERROR, MMSYSERR_INVALPARAM (NULL or empty name, NULL proc or procs, no
 * message function), MMSYSERR_ALLOCATED (name taken), MMSYSERR_NODRIVER (the driver refused
 * to load or reported no device), MMSYSERR_NOMEM. */
PORTACM_API MMRESULT WINAPI portacm_device_driver_register(LPCSTR name, DRIVERPROC proc,
                                                           const PORTACM_DEVICE_PROCS *procs);

#pragma pack(pop)

#endif /* PORTACM_MMDDK_H */
