/*
 * channel_mask.c - the speaker layout portacm assumes for a channel count when a format names
 * none (portacm_default_channel_mask, declared in portacm.h). One table for the whole project:
 * the PCM converter mixes with it and the portacm tool writes it into WAVE_FORMAT_EXTENSIBLE
 * headers, so a file converted by one reads back the same through the other.
 */
#include "common_int.h"
#include "mmreg.h"

uint32_t portacm_default_channel_mask(uint16_t channels)
{
    /* The KSAUDIO_SPEAKER_* configuration that ksmedia.h names for each count; for 8
     * channels the current 7.1 home-theatre layout (side and back surrounds), not the legacy
     * KSAUDIO_SPEAKER_7POINT1 ("7.1 wide", front left/right of centre). docs/compatibility.md
     * explains the choice. */
    static const uint32_t masks[9] = {
        0,
        KSAUDIO_SPEAKER_MONO,
        KSAUDIO_SPEAKER_STEREO,
        KSAUDIO_SPEAKER_3POINT0,
        KSAUDIO_SPEAKER_QUAD,
        KSAUDIO_SPEAKER_5POINT0,
        KSAUDIO_SPEAKER_5POINT1,
        KSAUDIO_SPEAKER_7POINT0,
        KSAUDIO_SPEAKER_7POINT1_SURROUND,
    };
    return channels < sizeof masks / sizeof masks[0] ? masks[channels] : 0;
}
