/*
 * alsaseq_codec.c - the byte-level half of the sequencer MIDI driver: output running status,
 * short messages as bytes, SysEx framing, the input parser (raw bytes to MIM_DATA messages
 * with running status expanded, and SysEx bytes) and the SysEx buffer queue. No sequencer is
 * involved, so all of it is tested directly (tests/alsaseq/test_alsaseq_codec.c).
 */
#include <string.h>

#include "alsaseq_int.h"

bool pacm_alsaseq_running_status(BYTE *running, DWORD message, DWORD *out)
{
    BYTE status = (BYTE)(message & 0xFF);
    if (status < 0x80) {
        if (!*running)
            return false;
        *out = *running | (DWORD)status << 8 | (message & 0xFF00) << 8;
        return true;
    }
    if (status < 0xF0)
        *running = status;
    else if (status < 0xF8)
        *running = 0;
    *out = message;
    return true;
}

unsigned pacm_alsaseq_message_length(BYTE status)
{
    if (status < 0x80)
        return 0;
    if (status < 0xF0) {
        BYTE kind = status & 0xF0;
        return kind == 0xC0 || kind == 0xD0 ? 2 : 3;
    }
    switch (status) {
    case 0xF0:
    case 0xF7:
        return 0;
    case 0xF1: /* MTC quarter frame */
    case 0xF3: /* song select */
        return 2;
    case 0xF2: /* song position */
        return 3;
    default:   /* F4 F5 F6 and real time */
        return 1;
    }
}

unsigned pacm_alsaseq_short_bytes(DWORD message, BYTE out[3])
{
    BYTE status = (BYTE)(message & 0xFF);
    unsigned length = pacm_alsaseq_message_length(status);
    out[0] = status;
    out[1] = (BYTE)(message >> 8 & 0x7F);
    out[2] = (BYTE)(message >> 16 & 0x7F);
    return length;
}

size_t pacm_alsaseq_sysex_frame(const BYTE *data, size_t length, BYTE *out)
{
    if (length == 0)
        return 0;
    size_t n = 0;
    if (data[0] != 0xF0)
        out[n++] = 0xF0;
    memcpy(out + n, data, length);
    n += length;
    if (data[length - 1] != 0xF7)
        out[n++] = 0xF7;
    return n;
}

void pacm_alsaseq_parser_reset(alsaseq_parser *parser)
{
    memset(parser, 0, sizeof *parser);
}

static alsaseq_parsed parse_status(alsaseq_parser *parser, BYTE byte, DWORD *message)
{
    if (byte >= 0xF8) { /* real time: never disturbs anything in progress */
        if (byte == 0xFE || byte == 0xF9 || byte == 0xFD)
            return ALSASEQ_DROPPED;
        *message = byte;
        return ALSASEQ_SHORT;
    }
    if (parser->in_sysex) {
        if (byte == 0xF7) {
            parser->in_sysex = false;
            return ALSASEQ_SYSEX_BYTE;
        }
        parser->in_sysex = false;
        return ALSASEQ_SYSEX_ABORT;
    }
    parser->have = 0;
    parser->need = 0;
    if (byte == 0xF0) {
        parser->running = 0;
        parser->in_sysex = true;
        return ALSASEQ_SYSEX_BYTE;
    }
    if (byte >= 0xF0)
        parser->running = 0;
    if (byte == 0xF7 || byte == 0xF4 || byte == 0xF5)
        return ALSASEQ_DROPPED;
    unsigned length = pacm_alsaseq_message_length(byte);
    if (length == 1) {
        *message = byte;
        return ALSASEQ_SHORT;
    }
    if (byte < 0xF0)
        parser->running = byte;
    parser->bytes[0] = byte;
    parser->have = 1;
    parser->need = length;
    return ALSASEQ_NOTHING;
}

alsaseq_parsed pacm_alsaseq_parse(alsaseq_parser *parser, BYTE byte, DWORD *message)
{
    if (byte >= 0x80)
        return parse_status(parser, byte, message);
    if (parser->in_sysex)
        return ALSASEQ_SYSEX_BYTE;
    if (parser->have == 0) { /* a data byte with no status gathered: running status */
        if (!parser->running)
            return ALSASEQ_DROPPED;
        parser->bytes[0] = parser->running;
        parser->have = 1;
        parser->need = pacm_alsaseq_message_length(parser->running);
    }
    parser->bytes[parser->have++] = byte;
    if (parser->have < parser->need)
        return ALSASEQ_NOTHING;
    *message = parser->bytes[0] | (DWORD)parser->bytes[1] << 8;
    if (parser->need == 3)
        *message |= (DWORD)parser->bytes[2] << 16;
    parser->have = 0;
    return ALSASEQ_SHORT;
}

MIDIHDR *pacm_alsaseq_queue_pop(MIDIHDR **queue)
{
    MIDIHDR *header = *queue;
    if (!header)
        return NULL;
    *queue = header->lpNext;
    header->lpNext = NULL;
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    return header;
}

MIDIHDR *pacm_alsaseq_sysex_store(MIDIHDR **queue, BYTE byte, bool *dropped)
{
    MIDIHDR *header = *queue;
    *dropped = header == NULL;
    if (!header)
        return NULL;
    header->lpData[header->dwBytesRecorded++] = (CHAR)byte;
    if (header->dwBytesRecorded < header->dwBufferLength && byte != 0xF7)
        return NULL;
    return pacm_alsaseq_queue_pop(queue);
}
