/*
 * devices.c - `portacm devices`: the wave output and input devices (the mapper first, then
 * every device ID: name, manufacturer and product IDs, driver version, the standard formats
 * of dwFormats, channels, the dwSupport flags) and the mixers, as text or JSON.
 */
#include <string.h>

#include "cli_int.h"

static const char devices_help[] =
    "usage: portacm devices [--json] [-v]\n"
    "\n"
    "Lists the wave output devices, the wave input devices and the mixers, each with its ID\n"
    "(what 'portacm play --device' and 'portacm record --device' take; 'mapper' is the wave\n"
    "mapper, WAVE_MAPPER), its name, the standard formats it declares (dwFormats: rate 11, 22,\n"
    "44, 48 or 96 kHz, M(ono) or S(tereo), 08 or 16 bits), its channels and, for outputs, its\n"
    "support flags (volume, lrvolume, pitch, playbackrate, sync, sampleaccurate).\n"
    "\n"
    "exit codes: 0 success, 2 usage error\n";

static const struct format_bit {
    DWORD bit;
    const char *name;
} format_bits[] = {
    {WAVE_FORMAT_1M08, "11M08"},  {WAVE_FORMAT_1S08, "11S08"},  {WAVE_FORMAT_1M16, "11M16"},
    {WAVE_FORMAT_1S16, "11S16"},  {WAVE_FORMAT_2M08, "22M08"},  {WAVE_FORMAT_2S08, "22S08"},
    {WAVE_FORMAT_2M16, "22M16"},  {WAVE_FORMAT_2S16, "22S16"},  {WAVE_FORMAT_44M08, "44M08"},
    {WAVE_FORMAT_44S08, "44S08"}, {WAVE_FORMAT_44M16, "44M16"}, {WAVE_FORMAT_44S16, "44S16"},
    {WAVE_FORMAT_48M08, "48M08"}, {WAVE_FORMAT_48S08, "48S08"}, {WAVE_FORMAT_48M16, "48M16"},
    {WAVE_FORMAT_48S16, "48S16"}, {WAVE_FORMAT_96M08, "96M08"}, {WAVE_FORMAT_96S08, "96S08"},
    {WAVE_FORMAT_96M16, "96M16"}, {WAVE_FORMAT_96S16, "96S16"},
};
static const struct format_bit support_bits[] = {
    {WAVECAPS_PITCH, "pitch"}, {WAVECAPS_PLAYBACKRATE, "playbackrate"},     {WAVECAPS_VOLUME, "volume"},
    {WAVECAPS_LRVOLUME, "lrvolume"}, {WAVECAPS_SYNC, "sync"}, {WAVECAPS_SAMPLEACCURATE, "sampleaccurate"},
};

/* The names of the bits set in `value`, as text ("44S16 48S16") or a JSON array. */
static void bit_names(json_writer *json, const char *key, DWORD value, const struct format_bit *bits, size_t count)
{
    if (json) {
        json_array_begin(json, key);
        for (size_t i = 0; i < count; i++)
            if (value & bits[i].bit)
                json_string(json, NULL, bits[i].name);
        json_array_end(json);
        return;
    }
    bool any = false;
    for (size_t i = 0; i < count; i++) {
        if (value & bits[i].bit) {
            printf("%s%s", any ? " " : "", bits[i].name);
            any = true;
        }
    }
    printf("%s\n", any ? "" : "none");
}

/* What output and input capabilities share. */
typedef struct device_caps {
    const char *name;
    WORD mid, pid;
    MMVERSION version;
    DWORD formats;
    WORD channels;
    bool has_support;
    DWORD support;
} device_caps;

static void print_device(json_writer *json, UINT id, const device_caps *caps)
{
    bool mapper = id == WAVE_MAPPER;
    if (json) {
        json_object_begin(json, NULL);
        if (mapper)
            json_string(json, "id", "mapper");
        else
            json_uint(json, "id", id);
        json_bool(json, "mapper", mapper);
        json_string(json, "name", caps->name);
        json_uint(json, "manufacturerId", caps->mid);
        json_uint(json, "productId", caps->pid);
        json_uint(json, "driverVersion", caps->version);
        json_uint(json, "formats", caps->formats);
        bit_names(json, "formatNames", caps->formats, format_bits, sizeof format_bits / sizeof format_bits[0]);
        json_uint(json, "channels", caps->channels);
        if (caps->has_support) {
            json_uint(json, "support", caps->support);
            bit_names(json, "supportNames", caps->support, support_bits, sizeof support_bits / sizeof support_bits[0]);
        }
        json_object_end(json);
        return;
    }
    if (mapper)
        printf("  mapper  %s\n", caps->name);
    else
        printf("  %-6u  %s\n", id, caps->name);
    printf("          channels %u, driver version %u.%u, ids %u/%u\n", caps->channels, caps->version >> 8,
           caps->version & 0xFF, caps->mid, caps->pid);
    printf("          formats: ");
    bit_names(NULL, NULL, caps->formats, format_bits, sizeof format_bits / sizeof format_bits[0]);
    if (caps->has_support) {
        printf("          support: ");
        bit_names(NULL, NULL, caps->support, support_bits, sizeof support_bits / sizeof support_bits[0]);
    }
}

static void caps_error(json_writer *json, const char *kind, UINT id, MMRESULT mr)
{
    char text[MAXERRORLENGTH];
    if (waveOutGetErrorTextA(mr, text, sizeof text) != MMSYSERR_NOERROR)
        snprintf(text, sizeof text, "error %u", mr);
    if (json) {
        json_object_begin(json, NULL);
        if (id == WAVE_MAPPER)
            json_string(json, "id", "mapper");
        else
            json_uint(json, "id", id);
        json_uint(json, "error", mr);
        json_string(json, "errorText", text);
        json_object_end(json);
    } else {
        cli_warn(kind, "device %d: %s", id == WAVE_MAPPER ? -1 : (int)id, text);
    }
}

/* One device's capabilities into *caps (name into `name`); an MMRESULT. */
typedef MMRESULT (*caps_getter)(UINT id, device_caps *caps, char *name);

static MMRESULT output_caps(UINT id, device_caps *c, char *name)
{
    WAVEOUTCAPSA caps;
    memset(&caps, 0, sizeof caps);
    MMRESULT mr = waveOutGetDevCapsA(id, &caps, sizeof caps);
    memcpy(name, caps.szPname, MAXPNAMELEN);
    name[MAXPNAMELEN - 1] = '\0';
    *c = (device_caps){name, caps.wMid, caps.wPid, caps.vDriverVersion, caps.dwFormats, caps.wChannels, true,
                       caps.dwSupport};
    return mr;
}

static MMRESULT input_caps(UINT id, device_caps *c, char *name)
{
    WAVEINCAPSA caps;
    memset(&caps, 0, sizeof caps);
    MMRESULT mr = waveInGetDevCapsA(id, &caps, sizeof caps);
    memcpy(name, caps.szPname, MAXPNAMELEN);
    name[MAXPNAMELEN - 1] = '\0';
    *c = (device_caps){name, caps.wMid, caps.wPid, caps.vDriverVersion, caps.dwFormats, caps.wChannels, false, 0};
    return mr;
}

/* The mapper (when there is a device) and every device of one direction. */
static void list_wave(json_writer *json, const char *key, const char *label, UINT count, caps_getter get)
{
    if (json)
        json_array_begin(json, key);
    else
        printf("wave %s devices: %u\n", label, count);
    for (UINT n = 0; n <= count; n++) {
        UINT id = n == 0 ? WAVE_MAPPER : n - 1;
        char name[MAXPNAMELEN];
        device_caps caps;
        MMRESULT mr = get(id, &caps, name);
        if (mr == MMSYSERR_NOERROR)
            print_device(json, id, &caps);
        else if (id != WAVE_MAPPER || count > 0)
            caps_error(json, key, id, mr);
    }
    if (json)
        json_array_end(json);
}

static void list_mixers(json_writer *json)
{
    UINT count = mixerGetNumDevs();
    if (json)
        json_array_begin(json, "mixers");
    else
        printf("mixers: %u\n", count);
    for (UINT id = 0; id < count; id++) {
        MIXERCAPSA caps;
        memset(&caps, 0, sizeof caps);
        MMRESULT mr = mixerGetDevCapsA(id, &caps, sizeof caps);
        if (mr != MMSYSERR_NOERROR) {
            caps_error(json, "mixer", id, mr);
            continue;
        }
        caps.szPname[MAXPNAMELEN - 1] = '\0';
        if (json) {
            json_object_begin(json, NULL);
            json_uint(json, "id", id);
            json_string(json, "name", caps.szPname);
            json_uint(json, "manufacturerId", caps.wMid);
            json_uint(json, "productId", caps.wPid);
            json_uint(json, "driverVersion", caps.vDriverVersion);
            json_uint(json, "destinations", caps.cDestinations);
            json_uint(json, "support", caps.fdwSupport);
            json_object_end(json);
        } else {
            printf("  %-6u  %s (%lu destination%s)\n", id, caps.szPname, (unsigned long)caps.cDestinations,
                   caps.cDestinations == 1 ? "" : "s");
        }
    }
    if (json)
        json_array_end(json);
}

int cmd_devices(int argc, char **argv)
{
    bool json_output = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(devices_help, stdout);
            return CLI_EXIT_OK;
        }
        if (!cli_common_option(argv[i], &json_output)) {
            cli_error(NULL, "devices: unexpected argument '%s' (try --help)", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    json_writer writer, *json = NULL;
    if (json_output) {
        json = &writer;
        json_init(json, stdout);
        json_object_begin(json, NULL);
    }
    list_wave(json, "waveOut", "output", waveOutGetNumDevs(), output_caps);
    list_wave(json, "waveIn", "input", waveInGetNumDevs(), input_caps);
    list_mixers(json);
    if (json) {
        json_object_end(json);
        json_finish(json);
    }
    return CLI_EXIT_OK;
}
