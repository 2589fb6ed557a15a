/*
 * version.c - the library version and the text of every MMRESULT.
 */
#include "common_int.h"
#include "mmsystem.h"

const char *portacm_version(void)
{
    return PORTACM_VERSION_STRING;
}

/* Names and meanings of every result code the library returns. ACMERR_* (512..515) are
 * spelled out numerically because common sits below the ACM headers' users. */
static const struct {
    MMRESULT code;
    const char *text;
} mmresult_texts[] = {
    {0, "MMSYSERR_NOERROR: no error"},
    {1, "MMSYSERR_ERROR: unspecified error"},
    {2, "MMSYSERR_BADDEVICEID: device ID out of range"},
    {3, "MMSYSERR_NOTENABLED: driver failed enable"},
    {4, "MMSYSERR_ALLOCATED: device already allocated"},
    {5, "MMSYSERR_INVALHANDLE: invalid handle"},
    {6, "MMSYSERR_NODRIVER: no driver"},
    {7, "MMSYSERR_NOMEM: out of memory"},
    {8, "MMSYSERR_NOTSUPPORTED: not supported"},
    {9, "MMSYSERR_BADERRNUM: error value out of range"},
    {10, "MMSYSERR_INVALFLAG: invalid flag"},
    {11, "MMSYSERR_INVALPARAM: invalid parameter"},
    {12, "MMSYSERR_HANDLEBUSY: handle in use by another thread"},
    {13, "MMSYSERR_INVALIDALIAS: alias not found"},
    {14, "MMSYSERR_BADDB: bad drivers database"},
    {15, "MMSYSERR_KEYNOTFOUND: key not found"},
    {16, "MMSYSERR_READERROR: read error"},
    {17, "MMSYSERR_WRITEERROR: write error"},
    {18, "MMSYSERR_DELETEERROR: delete error"},
    {19, "MMSYSERR_VALNOTFOUND: value not found"},
    {20, "MMSYSERR_NODRIVERCB: driver does not call DriverCallback"},
    {21, "MMSYSERR_MOREDATA: more data to be returned"},
    {32, "WAVERR_BADFORMAT: unsupported wave format"},
    {33, "WAVERR_STILLPLAYING: still something playing"},
    {34, "WAVERR_UNPREPARED: header not prepared"},
    {35, "WAVERR_SYNC: device is synchronous"},
    {257, "MMIOERR_FILENOTFOUND: file not found"},
    {258, "MMIOERR_OUTOFMEMORY: out of memory"},
    {259, "MMIOERR_CANNOTOPEN: cannot open"},
    {260, "MMIOERR_CANNOTCLOSE: cannot close"},
    {261, "MMIOERR_CANNOTREAD: cannot read"},
    {262, "MMIOERR_CANNOTWRITE: cannot write"},
    {263, "MMIOERR_CANNOTSEEK: cannot seek"},
    {264, "MMIOERR_CANNOTEXPAND: cannot expand file"},
    {265, "MMIOERR_CHUNKNOTFOUND: chunk not found"},
    {266, "MMIOERR_UNBUFFERED: file is unbuffered"},
    {267, "MMIOERR_PATHNOTFOUND: path not found"},
    {268, "MMIOERR_ACCESSDENIED: access denied"},
    {269, "MMIOERR_SHARINGVIOLATION: sharing violation"},
    {270, "MMIOERR_NETWORKERROR: network error"},
    {271, "MMIOERR_TOOMANYOPENFILES: too many open files"},
    {272, "MMIOERR_INVALIDFILE: invalid file"},
    {512, "ACMERR_NOTPOSSIBLE: the requested operation cannot be performed"},
    {513, "ACMERR_BUSY: the stream or driver is busy"},
    {514, "ACMERR_UNPREPARED: the stream header is not prepared"},
    {515, "ACMERR_CANCELED: canceled by the user"},
};

const char *portacm_mmresult_string(MMRESULT mmr)
{
    for (size_t i = 0; i < sizeof mmresult_texts / sizeof mmresult_texts[0]; i++)
        if (mmresult_texts[i].code == mmr)
            return mmresult_texts[i].text;
    return "unknown MMRESULT";
}
