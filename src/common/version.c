/*
 * version.c - the library version and the text of every MMRESULT.
 */
#include "common_int.h"
#include "mmiscapi.h"
#include "mmsystem.h"
#include "msacm.h"

const char *portacm_version(void)
{
    return PORTACM_VERSION_STRING;
}

/* The text of every result code a public header defines, keyed by the constant itself so a
 * name and its value cannot drift apart; each text starts with the constant's name. Where
 * Windows gives one value two names (MMSYSERR_LASTERROR, WAVERR_LASTERROR), the text uses the
 * specific one. test_error_strings fails when a constant of a public header has no text here. */
#define MMRESULT_TEXT(code, meaning) {code, #code ": " meaning}
static const struct {
    MMRESULT code;
    const char *text;
} mmresult_texts[] = {
    MMRESULT_TEXT(MMSYSERR_NOERROR, "no error"),
    MMRESULT_TEXT(MMSYSERR_ERROR, "unspecified error"),
    MMRESULT_TEXT(MMSYSERR_BADDEVICEID, "device ID out of range"),
    MMRESULT_TEXT(MMSYSERR_NOTENABLED, "driver failed enable"),
    MMRESULT_TEXT(MMSYSERR_ALLOCATED, "device already allocated"),
    MMRESULT_TEXT(MMSYSERR_INVALHANDLE, "invalid handle"),
    MMRESULT_TEXT(MMSYSERR_NODRIVER, "no driver"),
    MMRESULT_TEXT(MMSYSERR_NOMEM, "out of memory"),
    MMRESULT_TEXT(MMSYSERR_NOTSUPPORTED, "not supported"),
    MMRESULT_TEXT(MMSYSERR_BADERRNUM, "error value out of range"),
    MMRESULT_TEXT(MMSYSERR_INVALFLAG, "invalid flag"),
    MMRESULT_TEXT(MMSYSERR_INVALPARAM, "invalid parameter"),
    MMRESULT_TEXT(MMSYSERR_HANDLEBUSY, "handle in use by another thread"),
    MMRESULT_TEXT(MMSYSERR_INVALIDALIAS, "alias not found"),
    MMRESULT_TEXT(MMSYSERR_BADDB, "bad drivers database"),
    MMRESULT_TEXT(MMSYSERR_KEYNOTFOUND, "key not found"),
    MMRESULT_TEXT(MMSYSERR_READERROR, "read error"),
    MMRESULT_TEXT(MMSYSERR_WRITEERROR, "write error"),
    MMRESULT_TEXT(MMSYSERR_DELETEERROR, "delete error"),
    MMRESULT_TEXT(MMSYSERR_VALNOTFOUND, "value not found"),
    MMRESULT_TEXT(MMSYSERR_NODRIVERCB, "driver does not call DriverCallback"),
    MMRESULT_TEXT(MMSYSERR_MOREDATA, "more data to be returned"),
    MMRESULT_TEXT(WAVERR_BADFORMAT, "unsupported wave format"),
    MMRESULT_TEXT(WAVERR_STILLPLAYING, "still something playing"),
    MMRESULT_TEXT(WAVERR_UNPREPARED, "header not prepared"),
    MMRESULT_TEXT(WAVERR_SYNC, "device is synchronous"),
    MMRESULT_TEXT(MIDIERR_UNPREPARED, "header not prepared"),
    MMRESULT_TEXT(MIDIERR_STILLPLAYING, "still something playing"),
    MMRESULT_TEXT(MIDIERR_NOMAP, "no MIDI map"),
    MMRESULT_TEXT(MIDIERR_NOTREADY, "the MIDI device is busy"),
    MMRESULT_TEXT(MIDIERR_NODEVICE, "the MIDI map names a device that does not exist"),
    MMRESULT_TEXT(MIDIERR_INVALIDSETUP, "the MIDI set-up is invalid"),
    MMRESULT_TEXT(MIDIERR_BADOPENMODE, "operation not allowed in this open mode"),
    MMRESULT_TEXT(MIDIERR_DONT_CONTINUE, "stop processing the input"),
    MMRESULT_TEXT(TIMERR_NOCANDO, "the timer request cannot be done"),
    MMRESULT_TEXT(TIMERR_STRUCT, "bad timer structure size"),
    MMRESULT_TEXT(MIXERR_INVALLINE, "invalid mixer line"),
    MMRESULT_TEXT(MIXERR_INVALCONTROL, "invalid mixer control"),
    MMRESULT_TEXT(MIXERR_INVALVALUE, "invalid mixer control value"),
    MMRESULT_TEXT(MMIOERR_FILENOTFOUND, "file not found"),
    MMRESULT_TEXT(MMIOERR_OUTOFMEMORY, "out of memory"),
    MMRESULT_TEXT(MMIOERR_CANNOTOPEN, "cannot open"),
    MMRESULT_TEXT(MMIOERR_CANNOTCLOSE, "cannot close"),
    MMRESULT_TEXT(MMIOERR_CANNOTREAD, "cannot read"),
    MMRESULT_TEXT(MMIOERR_CANNOTWRITE, "cannot write"),
    MMRESULT_TEXT(MMIOERR_CANNOTSEEK, "cannot seek"),
    MMRESULT_TEXT(MMIOERR_CANNOTEXPAND, "cannot expand file"),
    MMRESULT_TEXT(MMIOERR_CHUNKNOTFOUND, "chunk not found"),
    MMRESULT_TEXT(MMIOERR_UNBUFFERED, "file is unbuffered"),
    MMRESULT_TEXT(MMIOERR_PATHNOTFOUND, "path not found"),
    MMRESULT_TEXT(MMIOERR_ACCESSDENIED, "access denied"),
    MMRESULT_TEXT(MMIOERR_SHARINGVIOLATION, "sharing violation"),
    MMRESULT_TEXT(MMIOERR_NETWORKERROR, "network error"),
    MMRESULT_TEXT(MMIOERR_TOOMANYOPENFILES, "too many open files"),
    MMRESULT_TEXT(MMIOERR_INVALIDFILE, "invalid file"),
    MMRESULT_TEXT(ACMERR_NOTPOSSIBLE, "the requested operation cannot be performed"),
    MMRESULT_TEXT(ACMERR_BUSY, "the stream or driver is busy"),
    MMRESULT_TEXT(ACMERR_UNPREPARED, "the stream header is not prepared"),
    MMRESULT_TEXT(ACMERR_CANCELED, "canceled by the user"),
};
#undef MMRESULT_TEXT

const char *portacm_mmresult_string(MMRESULT mmr)
{
    for (size_t i = 0; i < sizeof mmresult_texts / sizeof mmresult_texts[0]; i++)
        if (mmresult_texts[i].code == mmr)
            return mmresult_texts[i].text;
    return "unknown MMRESULT";
}
