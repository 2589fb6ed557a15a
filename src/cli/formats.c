/*
 * formats.c - format names on the command line, human descriptions and field dumps of format
 * structures (shared by info, suggest and formats), and the `portacm formats` command, which
 * enumerates the standard formats of the installed drivers with acmFormatEnum.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

static const cli_format_name format_names[] = {
    {"pcm8", WAVE_FORMAT_PCM, 8, "8-bit unsigned PCM"},
    {"pcm16", WAVE_FORMAT_PCM, 16, "16-bit signed PCM"},
    {"pcm24", WAVE_FORMAT_PCM, 24, "24-bit signed PCM"},
    {"pcm32", WAVE_FORMAT_PCM, 32, "32-bit signed PCM"},
    {"pcm", WAVE_FORMAT_PCM, 0, "PCM (bits from --bits or the input)"},
    {"float", WAVE_FORMAT_IEEE_FLOAT, 32, "32-bit IEEE float"},
    {"ima-adpcm", WAVE_FORMAT_IMA_ADPCM, 4, "IMA (DVI) ADPCM, 4 bits per sample"},
    {"ms-adpcm", WAVE_FORMAT_ADPCM, 4, "Microsoft ADPCM, 4 bits per sample"},
    {"alaw", WAVE_FORMAT_ALAW, 8, "ITU-T G.711 A-law"},
    {"mulaw", WAVE_FORMAT_MULAW, 8, "ITU-T G.711 mu-law"},
    {"gsm610", WAVE_FORMAT_GSM610, 0, "ETSI GSM 06.10 full rate"},
    {"mp3", WAVE_FORMAT_MPEGLAYER3, 0, "MPEG-1/2 Layer-3"},
    {NULL, 0, 0, NULL},
};

/* Aliases accepted on input only. */
static const cli_format_name format_aliases[] = {
    {"ima", WAVE_FORMAT_IMA_ADPCM, 4, NULL}, {"dvi-adpcm", WAVE_FORMAT_IMA_ADPCM, 4, NULL},
    {"adpcm", WAVE_FORMAT_ADPCM, 4, NULL},   {"msadpcm", WAVE_FORMAT_ADPCM, 4, NULL},
    {"ulaw", WAVE_FORMAT_MULAW, 8, NULL},    {"gsm", WAVE_FORMAT_GSM610, 0, NULL},
    {"float32", WAVE_FORMAT_IEEE_FLOAT, 32, NULL}, {"u8", WAVE_FORMAT_PCM, 8, NULL},
    {"s16", WAVE_FORMAT_PCM, 16, NULL},      {"s24", WAVE_FORMAT_PCM, 24, NULL},
    {"s32", WAVE_FORMAT_PCM, 32, NULL},      {NULL, 0, 0, NULL},
};

const cli_format_name *cli_format_names(void)
{
    return format_names;
}

bool cli_format_parse(const char *text, WORD *tag, WORD *bits)
{
    for (const cli_format_name *n = format_names; n->name; n++) {
        if (strcasecmp(text, n->name) == 0) {
            *tag = n->tag;
            *bits = n->bits;
            return true;
        }
    }
    for (const cli_format_name *n = format_aliases; n->name; n++) {
        if (strcasecmp(text, n->name) == 0) {
            *tag = n->tag;
            *bits = n->bits;
            return true;
        }
    }
    uint64_t number;
    if (cli_parse_uint(text, 0xFFFF, &number) && number != 0) {
        *tag = (WORD)number;
        *bits = 0;
        return true;
    }
    return false;
}

const char *cli_format_short_name(WORD tag)
{
    switch (tag) {
    case WAVE_FORMAT_PCM: return "pcm";
    case WAVE_FORMAT_IEEE_FLOAT: return "float";
    case WAVE_FORMAT_IMA_ADPCM: return "ima-adpcm";
    case WAVE_FORMAT_ADPCM: return "ms-adpcm";
    case WAVE_FORMAT_ALAW: return "alaw";
    case WAVE_FORMAT_MULAW: return "mulaw";
    case WAVE_FORMAT_GSM610: return "gsm610";
    case WAVE_FORMAT_MPEGLAYER3: return "mp3";
    case WAVE_FORMAT_MPEG: return "mpeg";
    case WAVE_FORMAT_EXTENSIBLE: return "extensible";
    default: return NULL;
    }
}

static WORD read_word(const void *base, size_t offset)
{
    const BYTE *p = (const BYTE *)base + offset;
    return (WORD)(p[0] | (p[1] << 8));
}

static DWORD read_dword(const void *base, size_t offset)
{
    const BYTE *p = (const BYTE *)base + offset;
    return (DWORD)p[0] | ((DWORD)p[1] << 8) | ((DWORD)p[2] << 16) | ((DWORD)p[3] << 24);
}

/* The GUID {tag-0000-0010-8000-00AA00389B71} names the format tag `tag`. */
static bool guid_tag(const BYTE *guid, WORD *tag)
{
    static const BYTE tail[12] = {0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
    if (memcmp(guid + 4, tail, sizeof tail) != 0 || guid[2] != 0 || guid[3] != 0)
        return false;
    *tag = read_word(guid, 0);
    return true;
}

WORD cli_format_effective_tag(const WAVEFORMATEX *wfx, size_t size)
{
    WORD tag = read_word(wfx, 0);
    if (tag == WAVE_FORMAT_EXTENSIBLE && size >= sizeof(WAVEFORMATEXTENSIBLE) && read_word(wfx, 16) >= 22) {
        WORD sub;
        if (guid_tag((const BYTE *)wfx + 24, &sub))
            return sub;
    }
    return tag;
}

bool cli_format_is_pcm(const WAVEFORMATEX *wfx, size_t size)
{
    WORD tag = cli_format_effective_tag(wfx, size);
    return tag == WAVE_FORMAT_PCM || tag == WAVE_FORMAT_IEEE_FLOAT;
}

size_t cli_format_size(const WAVEFORMATEX *wfx)
{
    return sizeof(WAVEFORMATEX) + wfx->cbSize;
}

WAVEFORMATEX *cli_format_copy(const WAVEFORMATEX *wfx)
{
    size_t size = cli_format_size(wfx);
    WAVEFORMATEX *copy = cli_alloc(size);
    memcpy(copy, wfx, size);
    return copy;
}

WAVEFORMATEX *cli_format_copy_bounded(const char *subject, const WAVEFORMATEX *wfx, size_t capacity)
{
    if (capacity < sizeof(WAVEFORMATEX)) {
        /* A PCMWAVEFORMAT-sized buffer: the structure without cbSize. */
        WAVEFORMATEX *copy = cli_alloc(sizeof *copy);
        memset(copy, 0, sizeof *copy);
        memcpy(copy, wfx, capacity < sizeof *copy ? capacity : sizeof *copy);
        copy->cbSize = 0;
        return copy;
    }
    size_t size = cli_format_size(wfx);
    if (size > capacity) {
        cli_warn(subject, "a driver's format (tag 0x%04X) claims cbSize %u, more than its %zu-byte buffer holds; "
                          "only %zu extra bytes are used",
                 wfx->wFormatTag, wfx->cbSize, capacity, capacity - sizeof(WAVEFORMATEX));
        size = capacity;
    }
    WAVEFORMATEX *copy = cli_alloc(size);
    memcpy(copy, wfx, size);
    copy->cbSize = (WORD)(size - sizeof(WAVEFORMATEX));
    return copy;
}

DWORD cli_format_samples_per_block(const WAVEFORMATEX *wfx)
{
    WORD tag = cli_format_effective_tag(wfx, cli_format_size(wfx));
    switch (tag) {
    case WAVE_FORMAT_PCM:
    case WAVE_FORMAT_IEEE_FLOAT:
    case WAVE_FORMAT_ALAW:
    case WAVE_FORMAT_MULAW:
        return 1;
    case WAVE_FORMAT_IMA_ADPCM:
    case WAVE_FORMAT_ADPCM:
    case WAVE_FORMAT_GSM610:
        if (wfx->wFormatTag != WAVE_FORMAT_EXTENSIBLE && wfx->cbSize >= 2)
            return read_word(wfx, 18);
        if (wfx->wFormatTag == WAVE_FORMAT_EXTENSIBLE && wfx->cbSize >= 22)
            return read_word(wfx, 18);
        return 0;
    default:
        return 0;
    }
}

void cli_format_tag_name(WORD tag, char *text, size_t size)
{
    ACMFORMATTAGDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = tag;
    text[0] = '\0';
    if (acmFormatTagDetailsA(NULL, &details, ACM_FORMATTAGDETAILSF_FORMATTAG) == MMSYSERR_NOERROR)
        snprintf(text, size, "%s", details.szFormatTag);
}

void cli_format_describe(const WAVEFORMATEX *wfx, char *text, size_t size)
{
    size_t wfx_size = cli_format_size(wfx);
    WORD tag = cli_format_effective_tag(wfx, wfx_size);
    char name[64];
    cli_format_tag_name(tag, name, sizeof name);
    if (!name[0]) {
        const char *short_name = cli_format_short_name(tag);
        if (short_name)
            snprintf(name, sizeof name, "%s", short_name);
        else
            snprintf(name, sizeof name, "format 0x%04X", tag);
    }
    char channels[32];
    if (wfx->nChannels == 1)
        snprintf(channels, sizeof channels, "mono");
    else if (wfx->nChannels == 2)
        snprintf(channels, sizeof channels, "stereo");
    else
        snprintf(channels, sizeof channels, "%u channels", wfx->nChannels);
    int used = snprintf(text, size, "%s%s, %lu Hz, %s", name,
                        wfx->wFormatTag == WAVE_FORMAT_EXTENSIBLE ? " (extensible)" : "",
                        (unsigned long)wfx->nSamplesPerSec, channels);
    if (used < 0 || (size_t)used >= size)
        return;
    if (wfx->wBitsPerSample)
        used += snprintf(text + used, size - (size_t)used, ", %u-bit", wfx->wBitsPerSample);
    if (used < 0 || (size_t)used >= size)
        return;
    if (!cli_format_is_pcm(wfx, wfx_size) && tag != WAVE_FORMAT_ALAW && tag != WAVE_FORMAT_MULAW)
        snprintf(text + used, size - (size_t)used, ", %lu kbit/s, block %u",
                 (unsigned long)((wfx->nAvgBytesPerSec * 8ULL + 500) / 1000), wfx->nBlockAlign);
}

/* ---- field dumps ----------------------------------------------------------------------- */

static const char *speaker_names[] = {"FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC",
                                      "SL", "SR", "TC", "TFL", "TFC", "TFR", "TBL", "TBC", "TBR"};

static void channel_mask_names(DWORD mask, char *text, size_t size)
{
    size_t used = 0;
    text[0] = '\0';
    for (unsigned bit = 0; bit < 18; bit++) {
        if (mask & (1UL << bit)) {
            int n = snprintf(text + used, size - used, "%s%s", used ? " " : "", speaker_names[bit]);
            if (n < 0 || (size_t)n >= size - used)
                return;
            used += (size_t)n;
        }
    }
    if (mask & ~0x3FFFFUL)
        snprintf(text + used, size - used, "%s+0x%lX", used ? " " : "", (unsigned long)(mask & ~0x3FFFFUL));
}

static void guid_string(const BYTE *g, char *text, size_t size)
{
    snprintf(text, size, "%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", (unsigned long)read_dword(g, 0),
             read_word(g, 4), read_word(g, 6), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* A visitor over the fields of a format, so that text and JSON output list the same things. */
typedef struct field_sink {
    void (*number)(struct field_sink *sink, const char *name, uint64_t value, const char *note);
    void (*text)(struct field_sink *sink, const char *name, const char *value);
    void (*coefficients)(struct field_sink *sink, const WAVEFORMATEX *wfx, WORD count);
    FILE *out;
    const char *indent;
    json_writer *json;
} field_sink;

static void visit_fields(field_sink *sink, const WAVEFORMATEX *wfx)
{
    WORD tag = wfx->wFormatTag;
    const char *short_name = cli_format_short_name(tag);
    sink->number(sink, "wFormatTag", tag, short_name);
    sink->number(sink, "nChannels", wfx->nChannels, NULL);
    sink->number(sink, "nSamplesPerSec", wfx->nSamplesPerSec, NULL);
    sink->number(sink, "nAvgBytesPerSec", wfx->nAvgBytesPerSec, NULL);
    sink->number(sink, "nBlockAlign", wfx->nBlockAlign, NULL);
    sink->number(sink, "wBitsPerSample", wfx->wBitsPerSample, NULL);
    sink->number(sink, "cbSize", wfx->cbSize, NULL);
    WORD extra = wfx->cbSize;
    if (tag == WAVE_FORMAT_EXTENSIBLE && extra >= 22) {
        char text[128];
        sink->number(sink, "wValidBitsPerSample", read_word(wfx, 18), NULL);
        DWORD mask = read_dword(wfx, 20);
        channel_mask_names(mask, text, sizeof text);
        sink->number(sink, "dwChannelMask", mask, text);
        guid_string((const BYTE *)wfx + 24, text, sizeof text);
        WORD sub;
        const char *sub_name = guid_tag((const BYTE *)wfx + 24, &sub) ? cli_format_short_name(sub) : NULL;
        char value[160];
        snprintf(value, sizeof value, "%s%s%s%s", text, sub_name ? " (" : "", sub_name ? sub_name : "",
                 sub_name ? ")" : "");
        sink->text(sink, "SubFormat", value);
    } else if ((tag == WAVE_FORMAT_IMA_ADPCM || tag == WAVE_FORMAT_GSM610) && extra >= 2) {
        sink->number(sink, "wSamplesPerBlock", read_word(wfx, 18), NULL);
    } else if (tag == WAVE_FORMAT_ADPCM && extra >= 4) {
        sink->number(sink, "wSamplesPerBlock", read_word(wfx, 18), NULL);
        WORD count = read_word(wfx, 20);
        sink->number(sink, "wNumCoef", count, NULL);
        if ((size_t)count * 4 + 4 <= extra)
            sink->coefficients(sink, wfx, count);
    } else if (tag == WAVE_FORMAT_MPEGLAYER3 && extra >= MPEGLAYER3_WFX_EXTRA_BYTES) {
        sink->number(sink, "wID", read_word(wfx, 18), NULL);
        sink->number(sink, "fdwFlags", read_dword(wfx, 20), NULL);
        sink->number(sink, "nBlockSize", read_word(wfx, 24), NULL);
        sink->number(sink, "nFramesPerBlock", read_word(wfx, 26), NULL);
        sink->number(sink, "nCodecDelay", read_word(wfx, 28), NULL);
    } else if (tag == WAVE_FORMAT_MPEG && extra >= 22) {
        sink->number(sink, "fwHeadLayer", read_word(wfx, 18), NULL);
        sink->number(sink, "dwHeadBitrate", read_dword(wfx, 20), NULL);
        sink->number(sink, "fwHeadMode", read_word(wfx, 24), NULL);
        sink->number(sink, "fwHeadModeExt", read_word(wfx, 26), NULL);
        sink->number(sink, "wHeadEmphasis", read_word(wfx, 28), NULL);
        sink->number(sink, "fwHeadFlags", read_word(wfx, 30), NULL);
        sink->number(sink, "dwPTSLow", read_dword(wfx, 32), NULL);
        sink->number(sink, "dwPTSHigh", read_dword(wfx, 36), NULL);
    } else if (extra > 0) {
        char hex[3 * 64 + 8];
        size_t used = 0;
        for (WORD i = 0; i < extra && i < 64; i++)
            used += (size_t)snprintf(hex + used, sizeof hex - used, "%s%02x", i ? " " : "", ((const BYTE *)wfx)[18 + i]);
        if (extra > 64)
            snprintf(hex + used, sizeof hex - used, " ...");
        sink->text(sink, "extraBytes", hex);
    }
}

static void text_number(field_sink *sink, const char *name, uint64_t value, const char *note)
{
    if (strcmp(name, "wFormatTag") == 0 || strcmp(name, "dwChannelMask") == 0 || strcmp(name, "fdwFlags") == 0)
        fprintf(sink->out, "%s%-20s 0x%04llX%s%s%s\n", sink->indent, name, (unsigned long long)value,
                note && *note ? " (" : "", note && *note ? note : "", note && *note ? ")" : "");
    else
        fprintf(sink->out, "%s%-20s %llu\n", sink->indent, name, (unsigned long long)value);
}

static void text_text(field_sink *sink, const char *name, const char *value)
{
    fprintf(sink->out, "%s%-20s %s\n", sink->indent, name, value);
}

static void text_coefficients(field_sink *sink, const WAVEFORMATEX *wfx, WORD count)
{
    fprintf(sink->out, "%s%-20s", sink->indent, "aCoef");
    for (WORD i = 0; i < count; i++)
        fprintf(sink->out, " (%d,%d)", (short)read_word(wfx, 22 + 4u * i), (short)read_word(wfx, 24 + 4u * i));
    fputc('\n', sink->out);
}

void cli_format_print_fields(FILE *out, const WAVEFORMATEX *wfx, const char *indent)
{
    field_sink sink = {text_number, text_text, text_coefficients, out, indent, NULL};
    visit_fields(&sink, wfx);
}

static void json_number_field(field_sink *sink, const char *name, uint64_t value, const char *note)
{
    json_uint(sink->json, name, value);
    if (note && *note && strcmp(name, "dwChannelMask") == 0)
        json_string(sink->json, "channelNames", note);
    else if (note && *note && strcmp(name, "wFormatTag") == 0)
        json_string(sink->json, "formatName", note);
}

static void json_text_field(field_sink *sink, const char *name, const char *value)
{
    json_string(sink->json, name, value);
}

static void json_coefficients(field_sink *sink, const WAVEFORMATEX *wfx, WORD count)
{
    json_array_begin(sink->json, "aCoef");
    for (WORD i = 0; i < count; i++) {
        json_array_begin(sink->json, NULL);
        json_int(sink->json, NULL, (short)read_word(wfx, 22 + 4u * i));
        json_int(sink->json, NULL, (short)read_word(wfx, 24 + 4u * i));
        json_array_end(sink->json);
    }
    json_array_end(sink->json);
}

void cli_format_json_fields(json_writer *json, const char *key, const WAVEFORMATEX *wfx)
{
    field_sink sink = {json_number_field, json_text_field, json_coefficients, NULL, NULL, json};
    json_object_begin(json, key);
    char description[256];
    cli_format_describe(wfx, description, sizeof description);
    json_string(json, "description", description);
    visit_fields(&sink, wfx);
    json_object_end(json);
}

/* ---- portacm formats [TAG] ------------------------------------------------------------- */

static const char formats_help[] =
    "usage: portacm formats [TAG] [--json]\n"
    "\n"
    "Lists the standard formats that the installed ACM drivers enumerate (acmFormatEnum),\n"
    "for every format tag or for TAG only (a name such as ima-adpcm, or a number such as 0x11).\n"
    "With -v every field of each format structure is shown.\n"
    "\n"
    "format names:\n";

typedef struct formats_state {
    json_writer *json;
    unsigned long count;
    WORD tag;
    size_t capacity; /* of the buffer given to acmFormatEnum */
} formats_state;

static BOOL CALLBACK formats_format_callback(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance,
                                             DWORD support)
{
    formats_state *state = (formats_state *)instance;
    /* The driver wrote the format, cbSize included: print a copy bounded by our buffer. */
    WAVEFORMATEX *wfx = cli_format_copy_bounded(NULL, details->pwfx, state->capacity);
    char driver[64];
    cli_driver_name((HACMOBJ)hadid, driver, sizeof driver);
    state->count++;
    if (state->json) {
        json_object_begin(state->json, NULL);
        json_uint(state->json, "index", details->dwFormatIndex);
        json_string(state->json, "name", details->szFormat);
        json_string(state->json, "driver", driver);
        cli_format_json_fields(state->json, "format", wfx);
        json_object_end(state->json);
    } else {
        char description[256];
        cli_format_describe(wfx, description, sizeof description);
        printf("  %3lu  %-44s %s  [%s]\n", (unsigned long)details->dwFormatIndex, details->szFormat, description,
               driver);
        if (cli_verbose)
            cli_format_print_fields(stdout, wfx, "         ");
    }
    free(wfx);
    return TRUE;
}

typedef struct tag_list {
    WORD tags[256];
    char names[256][ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    size_t count;
} tag_list;

static BOOL CALLBACK formats_tag_callback(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA details, DWORD_PTR instance,
                                          DWORD support)
{
    tag_list *list = (tag_list *)instance;
    for (size_t i = 0; i < list->count; i++)
        if (list->tags[i] == details->dwFormatTag)
            return TRUE;
    if (list->count < sizeof list->tags / sizeof list->tags[0]) {
        list->tags[list->count] = (WORD)details->dwFormatTag;
        snprintf(list->names[list->count], sizeof list->names[0], "%s", details->szFormatTag);
        list->count++;
    }
    return TRUE;
}

/* The command line: -1 after printing the help, otherwise an exit code. */
static int parse_formats_args(int argc, char **argv, bool *json_output, const char **tag_text)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(formats_help, stdout);
            for (const cli_format_name *n = format_names; n->name; n++)
                printf("  %-10s 0x%04X  %s\n", n->name, n->tag, n->description);
            return -1;
        } else if (cli_common_option(argv[i], json_output)) {
            continue;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error(NULL, "formats: unknown option '%s'", argv[i]);
            return CLI_EXIT_USAGE;
        } else if (!*tag_text) {
            *tag_text = argv[i];
        } else {
            cli_error(NULL, "formats: only one TAG may be given");
            return CLI_EXIT_USAGE;
        }
    }
    return CLI_EXIT_OK;
}

/* Keeps only the tag named on the command line in `tags`. Returns an exit code (printed). */
static int select_tag(tag_list *tags, const char *tag_text)
{
    WORD tag, bits;
    if (!cli_format_parse(tag_text, &tag, &bits)) {
        cli_error(NULL, "formats: unknown format '%s' (see 'portacm formats --help')", tag_text);
        return CLI_EXIT_USAGE;
    }
    size_t found = tags->count;
    for (size_t i = 0; i < tags->count; i++)
        if (tags->tags[i] == tag)
            found = i;
    if (found == tags->count) {
        cli_error(NULL, "formats: no installed driver handles format tag 0x%04X", tag);
        return CLI_EXIT_UNSUPPORTED;
    }
    tags->tags[0] = tags->tags[found];
    memcpy(tags->names[0], tags->names[found], sizeof tags->names[0]);
    tags->count = 1;
    return CLI_EXIT_OK;
}

/* One tag and its standard formats, enumerated into `wfx` (max_size bytes). Returns an exit
 * code (printed). */
static int list_tag(json_writer *json, WORD tag, const char *name, WAVEFORMATEX *wfx, DWORD max_size)
{
    formats_state state = {json, 0, tag, max_size};
    const char *short_name = cli_format_short_name(tag);
    if (json) {
        json_object_begin(json, NULL);
        json_uint(json, "formatTag", tag);
        json_string(json, "name", name);
        json_string(json, "shortName", short_name);
        json_array_begin(json, "formats");
    } else {
        printf("0x%04X %s%s%s%s\n", tag, name, short_name ? " (" : "", short_name ? short_name : "",
               short_name ? ")" : "");
    }
    ACMFORMATDETAILSA details;
    memset(&details, 0, sizeof details);
    memset(wfx, 0, max_size);
    details.cbStruct = sizeof details;
    details.dwFormatTag = tag;
    details.pwfx = wfx;
    details.cbwfx = max_size;
    wfx->wFormatTag = tag;
    int status = CLI_EXIT_OK;
    MMRESULT mr =
        acmFormatEnumA(NULL, &details, formats_format_callback, (DWORD_PTR)&state, ACM_FORMATENUMF_WFORMATTAG);
    if (mr != MMSYSERR_NOERROR) {
        cli_error(NULL, "formats: acmFormatEnum for tag 0x%04X failed: %s", tag, portacm_mmresult_string(mr));
        status = CLI_EXIT_FAILURE;
    }
    if (json) {
        json_array_end(json);
        json_object_end(json);
    }
    return status;
}

int cmd_formats(int argc, char **argv)
{
    bool json_output = false;
    const char *tag_text = NULL;
    int status = parse_formats_args(argc, argv, &json_output, &tag_text);
    if (status != CLI_EXIT_OK)
        return status < 0 ? CLI_EXIT_OK : status;
    tag_list *tags = cli_alloc(sizeof *tags);
    ACMFORMATTAGDETAILSA tag_details;
    memset(&tag_details, 0, sizeof tag_details);
    tag_details.cbStruct = sizeof tag_details;
    acmFormatTagEnumA(NULL, &tag_details, formats_tag_callback, (DWORD_PTR)tags, 0);
    if (tag_text && (status = select_tag(tags, tag_text)) != CLI_EXIT_OK) {
        free(tags);
        return status;
    }

    DWORD max_size = 0;
    if (acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &max_size) != MMSYSERR_NOERROR || max_size < sizeof(WAVEFORMATEX))
        max_size = 1024;
    WAVEFORMATEX *wfx = cli_alloc(max_size);
    json_writer json;
    json_init(&json, stdout);
    if (json_output)
        json_array_begin(&json, NULL);
    for (size_t t = 0; t < tags->count; t++) {
        if (list_tag(json_output ? &json : NULL, tags->tags[t], tags->names[t], wfx, max_size) != CLI_EXIT_OK)
            status = CLI_EXIT_FAILURE;
    }
    if (json_output) {
        json_array_end(&json);
        json_finish(&json);
    }
    free(wfx);
    free(tags);
    return status;
}
