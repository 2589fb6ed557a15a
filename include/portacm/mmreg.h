/*
 * mmreg.h - the registry of wave formats: format tags, manufacturer and product IDs, and the
 * format structures that codecs put behind a WAVEFORMATEX.
 *
 * Every structure here is byte-packed, as on Windows, because these structures are written
 * to and read from WAV files and ACM drivers exchange them byte for byte. The numbers in the
 * "size" comments are the packed sizes; tests/test_abi.c pins each of them.
 *
 * The header can be included on its own or through mmsystem.h (which includes it last).
 */
#ifndef PORTACM_MMREG_H
#define PORTACM_MMREG_H

#include "windef.h"

#pragma pack(push, 1)

/* ======================================================================================== */
/* Manufacturer IDs (wMid) and product IDs (wPid), as reported in ACMDRIVERDETAILS          */
/* ======================================================================================== */

#ifndef MM_MICROSOFT
#define MM_MICROSOFT 1
#define MM_CREATIVE 2
#define MM_MEDIAVISION 3
#define MM_FUJITSU 4
#define MM_ARTISOFT 20
#define MM_TURTLE_BEACH 21
#define MM_IBM 22
#define MM_VOCALTEC 23
#define MM_ROLAND 24
#define MM_DSP_SOLUTIONS 25
#define MM_NEC 26
#define MM_ATI 27
#define MM_WANGLABS 28
#define MM_TANDY 29
#define MM_VOYETRA 30
#define MM_ANTEX 31
#define MM_ICL_PS 32
#define MM_INTEL 33
#define MM_GRAVIS 34
#define MM_VAL 35
#define MM_INTERACTIVE 36
#define MM_YAMAHA 37
#define MM_EVEREX 38
#define MM_ECHO 39
#define MM_SIERRA 40
#define MM_CAT 41
#define MM_APPS 42
#define MM_DSP_GROUP 43
#define MM_MELABS 44
#define MM_COMPUTER_FRIENDS 45
#define MM_ESS 46
#define MM_AUDIOFILE 47
#define MM_MOTOROLA 48
#define MM_CANOPUS 49
#define MM_EPSON 50
#define MM_TRUEVISION 51
#define MM_AZTECH 52
#define MM_VIDEOLOGIC 53
#define MM_SCALACS 54
#define MM_KORG 55
#define MM_APT 56
#define MM_ICS 57
#define MM_ITERATEDSYS 58
#define MM_METHEUS 59
#define MM_LOGITECH 60
#define MM_WINNOV 61
#define MM_NCR 62
#define MM_EXAN 63
#define MM_AST 64
#define MM_WILLOWPOND 65
#define MM_SONICFOUNDRY 66
#define MM_VITEC 67
#define MM_MOSCOM 68
#define MM_SILICONSOFT 69
#define MM_SUPERMAC 73
#define MM_AUDIOPT 74
#define MM_SPEECHCOMP 76
#define MM_AHEAD 77
#define MM_DOLBY 78
#define MM_OKI 79
#define MM_AURAVISION 80
#define MM_OLIVETTI 81
#define MM_IOMAGIC 82
#define MM_MATSUSHITA 83
#define MM_CONTROLRES 84
#define MM_XEBEC 85
#define MM_NEWMEDIA 86
#define MM_NMS 87
#define MM_LYRRUS 88
#define MM_COMPUSIC 89
#define MM_OPTI 90
#define MM_DIALOGIC 93
#define MM_FRAUNHOFER_IIS 172
#define MM_UNMAPPED 0xffff
#define MM_PID_UNMAPPED MM_UNMAPPED
#endif

/* Products of MM_MICROSOFT. */
#ifndef MM_MIDI_MAPPER
#define MM_MIDI_MAPPER 1
#define MM_WAVE_MAPPER 2
#define MM_SNDBLST_MIDIOUT 3
#define MM_SNDBLST_MIDIIN 4
#define MM_SNDBLST_SYNTH 5
#define MM_SNDBLST_WAVEOUT 6
#define MM_SNDBLST_WAVEIN 7
#define MM_ADLIB 9
#define MM_MPU401_MIDIOUT 10
#define MM_MPU401_MIDIIN 11
#define MM_PC_JOYSTICK 12
#endif

/* The ACM drivers Microsoft shipped; portacm's built-in codecs report the same IDs. */
#define MM_MSFT_ACM_MSADPCM 33
#define MM_MSFT_ACM_IMAADPCM 34
#define MM_MSFT_ACM_MSFILTER 35
#define MM_MSFT_ACM_GSM610 36
#define MM_MSFT_ACM_G711 37
#define MM_MSFT_ACM_PCM 38

/* Products of MM_FRAUNHOFER_IIS (the MPEG layer-3 codecs). */
#define MM_FHGIIS_MPEGLAYER3_DECODE 9
#define MM_FHGIIS_MPEGLAYER3 10
#define MM_FHGIIS_MPEGLAYER3_LITE 10
#define MM_FHGIIS_MPEGLAYER3_BASIC 11
#define MM_FHGIIS_MPEGLAYER3_ADVANCED 12
#define MM_FHGIIS_MPEGLAYER3_PROFESSIONAL 13
#define MM_FHGIIS_MPEGLAYER3_ADVANCEDPLUS 14

/* ======================================================================================== */
/* Format tags (WAVEFORMATEX.wFormatTag)                                                     */
/* ======================================================================================== */

#ifndef WAVE_FORMAT_UNKNOWN
#define WAVE_FORMAT_UNKNOWN 0x0000
#define WAVE_FORMAT_ADPCM 0x0002 /* Microsoft ADPCM: ADPCMWAVEFORMAT */
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#define WAVE_FORMAT_VSELP 0x0004
#define WAVE_FORMAT_IBM_CVSD 0x0005
#define WAVE_FORMAT_ALAW 0x0006 /* ITU-T G.711 A-law */
#define WAVE_FORMAT_MULAW 0x0007 /* ITU-T G.711 mu-law */
#define WAVE_FORMAT_DTS 0x0008
#define WAVE_FORMAT_DRM 0x0009
#define WAVE_FORMAT_OKI_ADPCM 0x0010
#define WAVE_FORMAT_DVI_ADPCM 0x0011 /* IMA ADPCM: IMAADPCMWAVEFORMAT */
#define WAVE_FORMAT_IMA_ADPCM WAVE_FORMAT_DVI_ADPCM
#define WAVE_FORMAT_MEDIASPACE_ADPCM 0x0012
#define WAVE_FORMAT_SIERRA_ADPCM 0x0013
#define WAVE_FORMAT_G723_ADPCM 0x0014
#define WAVE_FORMAT_DIGISTD 0x0015
#define WAVE_FORMAT_DIGIFIX 0x0016
#define WAVE_FORMAT_DIALOGIC_OKI_ADPCM 0x0017
#define WAVE_FORMAT_MEDIAVISION_ADPCM 0x0018
#define WAVE_FORMAT_YAMAHA_ADPCM 0x0020
#define WAVE_FORMAT_SONARC 0x0021
#define WAVE_FORMAT_DSPGROUP_TRUESPEECH 0x0022
#define WAVE_FORMAT_ECHOSC1 0x0023
#define WAVE_FORMAT_AUDIOFILE_AF36 0x0024
#define WAVE_FORMAT_APTX 0x0025
#define WAVE_FORMAT_AUDIOFILE_AF10 0x0026
#define WAVE_FORMAT_DOLBY_AC2 0x0030
#define WAVE_FORMAT_GSM610 0x0031 /* ETSI GSM 06.10: GSM610WAVEFORMAT */
#define WAVE_FORMAT_MSNAUDIO 0x0032
#define WAVE_FORMAT_ANTEX_ADPCME 0x0033
#define WAVE_FORMAT_CONTROL_RES_VQLPC 0x0034
#define WAVE_FORMAT_DIGIREAL 0x0035
#define WAVE_FORMAT_DIGIADPCM 0x0036
#define WAVE_FORMAT_CONTROL_RES_CR10 0x0037
#define WAVE_FORMAT_NMS_VBXADPCM 0x0038
#define WAVE_FORMAT_CS_IMAADPCM 0x0039
#define WAVE_FORMAT_ECHOSC3 0x003A
#define WAVE_FORMAT_ROCKWELL_ADPCM 0x003B
#define WAVE_FORMAT_ROCKWELL_DIGITALK 0x003C
#define WAVE_FORMAT_XEBEC 0x003D
#define WAVE_FORMAT_G721_ADPCM 0x0040
#define WAVE_FORMAT_G728_CELP 0x0041
#define WAVE_FORMAT_MPEG 0x0050 /* MPEG-1 layer 1/2: MPEG1WAVEFORMAT */
#define WAVE_FORMAT_MPEGLAYER3 0x0055 /* MPEG layer 3: MPEGLAYER3WAVEFORMAT */
#define WAVE_FORMAT_CIRRUS 0x0060
#define WAVE_FORMAT_ESPCM 0x0061
#define WAVE_FORMAT_VOXWARE 0x0062
#define WAVE_FORMAT_CANOPUS_ATRAC 0x0063
#define WAVE_FORMAT_G726_ADPCM 0x0064
#define WAVE_FORMAT_G722_ADPCM 0x0065
#define WAVE_FORMAT_DSAT_DISPLAY 0x0067
#define WAVE_FORMAT_SOFTSOUND 0x0080
#define WAVE_FORMAT_DOLBY_AC3_SPDIF 0x0092
#define WAVE_FORMAT_CREATIVE_ADPCM 0x0200
#define WAVE_FORMAT_CREATIVE_FASTSPEECH8 0x0202
#define WAVE_FORMAT_CREATIVE_FASTSPEECH10 0x0203
#define WAVE_FORMAT_FM_TOWNS_SND 0x0300
#define WAVE_FORMAT_OLIGSM 0x1000
#define WAVE_FORMAT_OLIADPCM 0x1001
#define WAVE_FORMAT_OLICELP 0x1002
#define WAVE_FORMAT_OLISBC 0x1003
#define WAVE_FORMAT_OLIOPR 0x1004
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE /* WAVEFORMATEXTENSIBLE */
#define WAVE_FORMAT_DEVELOPMENT 0xFFFF
#endif

/* WAVE_FORMAT_PCM and the two structures below belong to mmsystem.h on Windows; they are here
 * so that mmreg.h alone gives every wave-format structure. */
#ifndef WAVE_FORMAT_PCM
#define WAVE_FORMAT_PCM 1
#endif

/* The original (Windows 3.0) header of a wave format, without cbSize. Size 14. */
typedef struct waveformat_tag {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
} WAVEFORMAT, *PWAVEFORMAT, *NPWAVEFORMAT, *LPWAVEFORMAT;

/* A WAVE_FORMAT_PCM format as stored in old files: WAVEFORMAT plus wBitsPerSample. Size 16. */
typedef struct pcmwaveformat_tag {
    WAVEFORMAT wf;
    WORD wBitsPerSample;
} PCMWAVEFORMAT, *PPCMWAVEFORMAT, *NPPCMWAVEFORMAT, *LPPCMWAVEFORMAT;

/* The general format header. cbSize counts the format-specific bytes that follow it (0 for
 * PCM, where Windows also accepts a PCMWAVEFORMAT without the field). Size 18. */
#ifndef _WAVEFORMATEX_
#define _WAVEFORMATEX_
typedef struct tWAVEFORMATEX {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
    WORD wBitsPerSample;
    WORD cbSize;
} WAVEFORMATEX, *PWAVEFORMATEX, *NPWAVEFORMATEX, *LPWAVEFORMATEX;
#endif
typedef const WAVEFORMATEX *LPCWAVEFORMATEX;

/* ======================================================================================== */
/* WAVE_FORMAT_EXTENSIBLE                                                                    */
/* ======================================================================================== */

/* Channel mask bits (dwChannelMask): channels appear in the data in this bit order. */
#ifndef SPEAKER_FRONT_LEFT
#define SPEAKER_FRONT_LEFT 0x1
#define SPEAKER_FRONT_RIGHT 0x2
#define SPEAKER_FRONT_CENTER 0x4
#define SPEAKER_LOW_FREQUENCY 0x8
#define SPEAKER_BACK_LEFT 0x10
#define SPEAKER_BACK_RIGHT 0x20
#define SPEAKER_FRONT_LEFT_OF_CENTER 0x40
#define SPEAKER_FRONT_RIGHT_OF_CENTER 0x80
#define SPEAKER_BACK_CENTER 0x100
#define SPEAKER_SIDE_LEFT 0x200
#define SPEAKER_SIDE_RIGHT 0x400
#define SPEAKER_TOP_CENTER 0x800
#define SPEAKER_TOP_FRONT_LEFT 0x1000
#define SPEAKER_TOP_FRONT_CENTER 0x2000
#define SPEAKER_TOP_FRONT_RIGHT 0x4000
#define SPEAKER_TOP_BACK_LEFT 0x8000
#define SPEAKER_TOP_BACK_CENTER 0x10000
#define SPEAKER_TOP_BACK_RIGHT 0x20000
#define SPEAKER_RESERVED 0x7FFC0000
#define SPEAKER_ALL 0x80000000
#endif

/* Common speaker layouts. On Windows these live in ksmedia.h; they are here because a WAV
 * writer needs them and portacm ships no ksmedia.h. */
#ifndef KSAUDIO_SPEAKER_STEREO
#define KSAUDIO_SPEAKER_DIRECTOUT 0
#define KSAUDIO_SPEAKER_MONO (SPEAKER_FRONT_CENTER)
#define KSAUDIO_SPEAKER_STEREO (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT)
#define KSAUDIO_SPEAKER_2POINT1 (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_LOW_FREQUENCY)
#define KSAUDIO_SPEAKER_3POINT0 (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER)
#define KSAUDIO_SPEAKER_3POINT1 \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY)
#define KSAUDIO_SPEAKER_QUAD (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT)
#define KSAUDIO_SPEAKER_SURROUND \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_BACK_CENTER)
#define KSAUDIO_SPEAKER_5POINT0 \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT)
#define KSAUDIO_SPEAKER_5POINT1                                                                        \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY | \
     SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT)
#define KSAUDIO_SPEAKER_7POINT0                                                                   \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_BACK_LEFT | \
     SPEAKER_BACK_RIGHT | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT)
#define KSAUDIO_SPEAKER_7POINT1                                                                        \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY | \
     SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT | SPEAKER_FRONT_LEFT_OF_CENTER | SPEAKER_FRONT_RIGHT_OF_CENTER)
#define KSAUDIO_SPEAKER_5POINT1_SURROUND                                                               \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY | \
     SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT)
#define KSAUDIO_SPEAKER_7POINT1_SURROUND                                                               \
    (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY | \
     SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT)
#define KSAUDIO_SPEAKER_5POINT1_BACK KSAUDIO_SPEAKER_5POINT1
#define KSAUDIO_SPEAKER_7POINT1_WIDE KSAUDIO_SPEAKER_7POINT1
#endif

/* A format with more than two channels, more than 16 bits, or a channel layout: wFormatTag is
 * WAVE_FORMAT_EXTENSIBLE, Format.cbSize is 22, and SubFormat names the real encoding (for
 * example KSDATAFORMAT_SUBTYPE_PCM). Size 40. */
#ifndef _WAVEFORMATEXTENSIBLE_
#define _WAVEFORMATEXTENSIBLE_
typedef struct {
    WAVEFORMATEX Format;
    union {
        WORD wValidBitsPerSample; /* bits of precision in each container */
        WORD wSamplesPerBlock;    /* for compressed formats whose bits per sample is 0 */
        WORD wReserved;
    } Samples;
    DWORD dwChannelMask; /* SPEAKER_* bits */
    GUID SubFormat;
} WAVEFORMATEXTENSIBLE, *PWAVEFORMATEXTENSIBLE;
#endif

/* The sub-format GUIDs of the two PCM encodings: {tag-0000-0010-8000-00AA00389B71}, the
 * pattern that maps any format tag to a GUID. They are static objects (one copy per
 * translation unit, no link-time symbol) so that C code can take their address for
 * IsEqualGUID and C++ code can compare them by value; the attribute keeps a translation unit
 * that does not use them free of warnings. */
#if defined(__GNUC__) || defined(__clang__)
#define PORTACM_MAYBE_UNUSED_ __attribute__((unused))
#else
#define PORTACM_MAYBE_UNUSED_
#endif
#define PORTACM_WAVEFORMATEX_GUID_(tag) \
    {(DWORD)(tag), 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}}
#ifndef KSDATAFORMAT_SUBTYPE_PCM
static const GUID KSDATAFORMAT_SUBTYPE_PCM PORTACM_MAYBE_UNUSED_ = PORTACM_WAVEFORMATEX_GUID_(WAVE_FORMAT_PCM);
#endif
#ifndef KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
static const GUID KSDATAFORMAT_SUBTYPE_IEEE_FLOAT PORTACM_MAYBE_UNUSED_ =
    PORTACM_WAVEFORMATEX_GUID_(WAVE_FORMAT_IEEE_FLOAT);
#endif
#ifndef KSDATAFORMAT_SUBTYPE_ALAW
static const GUID KSDATAFORMAT_SUBTYPE_ALAW PORTACM_MAYBE_UNUSED_ = PORTACM_WAVEFORMATEX_GUID_(WAVE_FORMAT_ALAW);
#endif
#ifndef KSDATAFORMAT_SUBTYPE_MULAW
static const GUID KSDATAFORMAT_SUBTYPE_MULAW PORTACM_MAYBE_UNUSED_ = PORTACM_WAVEFORMATEX_GUID_(WAVE_FORMAT_MULAW);
#endif
#ifndef KSDATAFORMAT_SUBTYPE_ADPCM
static const GUID KSDATAFORMAT_SUBTYPE_ADPCM PORTACM_MAYBE_UNUSED_ = PORTACM_WAVEFORMATEX_GUID_(WAVE_FORMAT_ADPCM);
#endif

/* ======================================================================================== */
/* Format-specific structures                                                                */
/* ======================================================================================== */

/* Microsoft ADPCM (WAVE_FORMAT_ADPCM). One predictor coefficient pair, in 8.8 fixed point. */
typedef struct adpcmcoef_tag {
    short iCoef1;
    short iCoef2;
} ADPCMCOEFSET, *PADPCMCOEFSET, *NPADPCMCOEFSET, *LPADPCMCOEFSET;

/* wNumCoef coefficient pairs follow wNumCoef. As in Windows' header, aCoef is a flexible
 * array, so sizeof(ADPCMWAVEFORMAT) is 22 and the standard 7-pair format is
 * sizeof + 7 * sizeof(ADPCMCOEFSET) = 50 bytes (cbSize 32). Code that computes a size as
 * "sizeof(ADPCMWAVEFORMAT) + n * sizeof(ADPCMCOEFSET)" therefore gets the Windows answer.
 * C++ has no flexible array members; GCC and Clang accept them as an extension, and the
 * pragmas keep -pedantic builds of C++ programs quiet about it. */
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
typedef struct adpcmwaveformat_tag {
    WAVEFORMATEX wfx;
    WORD wSamplesPerBlock;
    WORD wNumCoef;
    ADPCMCOEFSET aCoef[];
} ADPCMWAVEFORMAT, *PADPCMWAVEFORMAT, *NPADPCMWAVEFORMAT, *LPADPCMWAVEFORMAT;
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC diagnostic pop
#endif

/* Intel DVI / IMA ADPCM (WAVE_FORMAT_DVI_ADPCM). cbSize is 2. Size 20. */
typedef struct dvi_adpcmwaveformat_tag {
    WAVEFORMATEX wfx;
    WORD wSamplesPerBlock;
} DVIADPCMWAVEFORMAT, *PDVIADPCMWAVEFORMAT, *NPDVIADPCMWAVEFORMAT, *LPDVIADPCMWAVEFORMAT;

/* The same layout under its IMA name (WAVE_FORMAT_IMA_ADPCM). Size 20. */
typedef struct ima_adpcmwaveformat_tag {
    WAVEFORMATEX wfx;
    WORD wSamplesPerBlock;
} IMAADPCMWAVEFORMAT, *PIMAADPCMWAVEFORMAT, *NPIMAADPCMWAVEFORMAT, *LPIMAADPCMWAVEFORMAT;

/* GSM 06.10 (WAVE_FORMAT_GSM610): blocks of two 160-sample frames, 65 bytes, so
 * wSamplesPerBlock is 320. cbSize is 2. Size 20. */
typedef struct gsm610waveformat_tag {
    WAVEFORMATEX wfx;
    WORD wSamplesPerBlock;
} GSM610WAVEFORMAT, *PGSM610WAVEFORMAT, *NPGSM610WAVEFORMAT, *LPGSM610WAVEFORMAT;

/* MPEG-1 layer 1/2 (WAVE_FORMAT_MPEG). cbSize is 22. Size 40. */
typedef struct mpeg1waveformat_tag {
    WAVEFORMATEX wfx;
    WORD fwHeadLayer;    /* ACM_MPEG_LAYER1/2/3 */
    DWORD dwHeadBitrate; /* bits per second, 0 for variable */
    WORD fwHeadMode;     /* ACM_MPEG_STEREO ... SINGLECHANNEL, may be ORed */
    WORD fwHeadModeExt;  /* joint-stereo extension modes, 0x0F for all */
    WORD wHeadEmphasis;  /* 1 none, 2 50/15 ms, 3 reserved, 4 CCITT J.17 */
    WORD fwHeadFlags;    /* ACM_MPEG_PRIVATEBIT ... ID_MPEG1 */
    DWORD dwPTSLow;
    DWORD dwPTSHigh;
} MPEG1WAVEFORMAT, *PMPEG1WAVEFORMAT, *NPMPEG1WAVEFORMAT, *LPMPEG1WAVEFORMAT;

#define ACM_MPEG_LAYER1 0x0001
#define ACM_MPEG_LAYER2 0x0002
#define ACM_MPEG_LAYER3 0x0004
#define ACM_MPEG_STEREO 0x0001
#define ACM_MPEG_JOINTSTEREO 0x0002
#define ACM_MPEG_DUALCHANNEL 0x0004
#define ACM_MPEG_SINGLECHANNEL 0x0008
#define ACM_MPEG_PRIVATEBIT 0x0001
#define ACM_MPEG_COPYRIGHT 0x0002
#define ACM_MPEG_ORIGINALHOME 0x0004
#define ACM_MPEG_PROTECTIONBIT 0x0008
#define ACM_MPEG_ID_MPEG1 0x0010

/* MPEG layer 3 (WAVE_FORMAT_MPEGLAYER3). cbSize is MPEGLAYER3_WFX_EXTRA_BYTES. Size 30. */
#define MPEGLAYER3_WFX_EXTRA_BYTES 12
typedef struct mpeglayer3waveformat_tag {
    WAVEFORMATEX wfx;
    WORD wID;             /* MPEGLAYER3_ID_MPEG */
    DWORD fdwFlags;       /* MPEGLAYER3_FLAG_PADDING_* */
    WORD nBlockSize;      /* bytes per block (one frame for CBR) */
    WORD nFramesPerBlock; /* usually 1 */
    WORD nCodecDelay;     /* encoder delay in samples */
} MPEGLAYER3WAVEFORMAT, *PMPEGLAYER3WAVEFORMAT, *NPMPEGLAYER3WAVEFORMAT, *LPMPEGLAYER3WAVEFORMAT;

#define MPEGLAYER3_ID_UNKNOWN 0
#define MPEGLAYER3_ID_MPEG 1
#define MPEGLAYER3_ID_CONSTANTFRAMESIZE 2
#define MPEGLAYER3_FLAG_PADDING_ISO 0x00000000
#define MPEGLAYER3_FLAG_PADDING_ON 0x00000001
#define MPEGLAYER3_FLAG_PADDING_OFF 0x00000002

/* ======================================================================================== */
/* Filters (the ACM's filter tags; ACMFILTERDETAILS.pwfltr points at one of these)          */
/* ======================================================================================== */

#define WAVE_FILTER_UNKNOWN 0x0000
#define WAVE_FILTER_VOLUME 0x0001
#define WAVE_FILTER_ECHO 0x0002
#define WAVE_FILTER_DEVELOPMENT 0xFFFF

/* The header every filter structure starts with. cbStruct is the size of the whole filter
 * structure. Size 32. */
#ifndef _ACM_WAVEFILTER
#define _ACM_WAVEFILTER
typedef struct wavefilter_tag {
    DWORD cbStruct;
    DWORD dwFilterTag; /* WAVE_FILTER_* */
    DWORD fdwFilter;
    DWORD dwReserved[5]; /* must be zero */
} WAVEFILTER, *PWAVEFILTER, *NPWAVEFILTER, *LPWAVEFILTER;
#endif

/* WAVE_FILTER_VOLUME: dwVolume is 16.16 fixed point (0x10000 = unchanged). Size 36. */
typedef struct wavefilter_volume_tag {
    WAVEFILTER wfltr;
    DWORD dwVolume;
} VOLUMEWAVEFILTER, *PVOLUMEWAVEFILTER, *NPVOLUMEWAVEFILTER, *LPVOLUMEWAVEFILTER;

/* WAVE_FILTER_ECHO: dwVolume as above, dwDelay in milliseconds. Size 40. */
typedef struct wavefilter_echo_tag {
    WAVEFILTER wfltr;
    DWORD dwVolume;
    DWORD dwDelay;
} ECHOWAVEFILTER, *PECHOWAVEFILTER, *NPECHOWAVEFILTER, *LPECHOWAVEFILTER;

#pragma pack(pop)

#endif /* PORTACM_MMREG_H */
