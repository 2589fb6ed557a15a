/*
 * midi_devices.c - `portacm midi devices`: the MIDI output devices (the mapper first, then
 * every device ID: name, technology, voices, notes, channel mask, manufacturer and product
 * IDs, driver version, the dwSupport flags) and the MIDI input devices, as text or JSON.
 */
#include <string.h>

#include "midi_cli.h"

static const char midi_help[] =
    "usage: portacm midi devices [--json] [-v]\n"
    "\n"
    "Lists the MIDI output devices and the MIDI input devices, each with its ID (what\n"
    "'portacm play FILE.mid --device' takes; 'mapper' is the MIDI mapper, MIDI_MAPPER), its\n"
    "name, manufacturer and product IDs and driver version; for outputs also the technology\n"
    "(port, synth, sqsynth, fmsynth, mapper, wavetable, swsynth), the voices, the notes of\n"
    "polyphony, the channels it answers (1-16) and its support flags (volume, lrvolume,\n"
    "cache, stream).\n"
    "\n"
    "exit codes: 0 success, 2 usage error\n";

static const struct flag_name {
    DWORD bit;
    const char *name;
} support_bits[] = {
    {MIDICAPS_VOLUME, "volume"}, {MIDICAPS_LRVOLUME, "lrvolume"},
    {MIDICAPS_CACHE, "cache"},   {MIDICAPS_STREAM, "stream"},
};

static const char *technology_name(WORD technology)
{
    static const char *const names[] = {NULL, "port", "synth", "sqsynth", "fmsynth", "mapper", "wavetable", "swsynth"};
    return technology < sizeof names / sizeof names[0] && names[technology] ? names[technology] : "unknown";
}

static void support_names(json_writer *json, DWORD support)
{
    bool any = false;
    if (json)
        json_array_begin(json, "supportNames");
    for (size_t i = 0; i < sizeof support_bits / sizeof support_bits[0]; i++) {
        if (!(support & support_bits[i].bit))
            continue;
        if (json)
            json_string(json, NULL, support_bits[i].name);
        else
            printf("%s%s", any ? " " : "", support_bits[i].name);
        any = true;
    }
    if (json)
        json_array_end(json);
    else
        printf("%s\n", any ? "" : "none");
}

/* "1-16", "10", "1-9 11-16" */
static void channel_list(WORD mask, char *text, size_t size)
{
    size_t used = 0;
    text[0] = '\0';
    for (int c = 0; c < 16 && used < size; c++) {
        if (!(mask & (1u << c)))
            continue;
        int last = c;
        while (last + 1 < 16 && (mask & (1u << (last + 1))))
            last++;
        int n = last > c ? snprintf(text + used, size - used, "%s%d-%d", used ? " " : "", c + 1, last + 1)
                         : snprintf(text + used, size - used, "%s%d", used ? " " : "", c + 1);
        used += n > 0 ? (size_t)n : 0;
        c = last;
    }
    if (!text[0])
        snprintf(text, size, "none");
}

static void id_member(json_writer *json, UINT id)
{
    json_bool(json, "mapper", id == MIDI_MAPPER);
    if (id == MIDI_MAPPER)
        json_string(json, "id", "mapper");
    else
        json_uint(json, "id", id);
}

/* The members outputs and inputs share. */
static void common_members(json_writer *json, UINT id, const char *name, WORD mid, WORD pid, MMVERSION version)
{
    id_member(json, id);
    json_string(json, "name", name);
    json_uint(json, "manufacturerId", mid);
    json_uint(json, "productId", pid);
    json_uint(json, "driverVersion", version);
}

static void print_output(json_writer *json, UINT id, const MIDIOUTCAPSA *caps)
{
    char channels[64];
    channel_list(caps->wChannelMask, channels, sizeof channels);
    if (json) {
        json_object_begin(json, NULL);
        common_members(json, id, caps->szPname, caps->wMid, caps->wPid, caps->vDriverVersion);
        json_uint(json, "technology", caps->wTechnology);
        json_string(json, "technologyName", technology_name(caps->wTechnology));
        json_uint(json, "voices", caps->wVoices);
        json_uint(json, "notes", caps->wNotes);
        json_uint(json, "channelMask", caps->wChannelMask);
        json_uint(json, "support", caps->dwSupport);
        support_names(json, caps->dwSupport);
        json_object_end(json);
        return;
    }
    if (id == MIDI_MAPPER)
        printf("  mapper  %s\n", caps->szPname);
    else
        printf("  %-6u  %s\n", id, caps->szPname);
    printf("          %s, %u voices, %u notes, channels %s, driver version %u.%u, ids %u/%u\n",
           technology_name(caps->wTechnology), caps->wVoices, caps->wNotes, channels, caps->vDriverVersion >> 8,
           caps->vDriverVersion & 0xFF, caps->wMid, caps->wPid);
    printf("          support: ");
    support_names(NULL, caps->dwSupport);
}

static void print_input(json_writer *json, UINT id, const MIDIINCAPSA *caps)
{
    if (json) {
        json_object_begin(json, NULL);
        common_members(json, id, caps->szPname, caps->wMid, caps->wPid, caps->vDriverVersion);
        json_object_end(json);
        return;
    }
    printf("  %-6u  %s\n", id, caps->szPname);
    printf("          driver version %u.%u, ids %u/%u\n", caps->vDriverVersion >> 8, caps->vDriverVersion & 0xFF,
           caps->wMid, caps->wPid);
}

static void caps_error(json_writer *json, const char *kind, UINT id, MMRESULT mr)
{
    char text[MAXERRORLENGTH];
    if (midiOutGetErrorTextA(mr, text, sizeof text) != MMSYSERR_NOERROR)
        snprintf(text, sizeof text, "error %u", mr);
    if (json) {
        json_object_begin(json, NULL);
        id_member(json, id);
        json_uint(json, "error", mr);
        json_string(json, "errorText", text);
        json_object_end(json);
    } else {
        cli_warn(kind, "device %d: %s", id == MIDI_MAPPER ? -1 : (int)id, text);
    }
}

/* The mapper (when there is an output) and every output device. */
static void list_outputs(json_writer *json)
{
    UINT count = midiOutGetNumDevs();
    if (json)
        json_array_begin(json, "midiOut");
    else
        printf("MIDI output devices: %u\n", count);
    for (UINT n = 0; n <= count; n++) {
        UINT id = n == 0 ? MIDI_MAPPER : n - 1;
        MIDIOUTCAPSA caps;
        memset(&caps, 0, sizeof caps);
        MMRESULT mr = midiOutGetDevCapsA(id, &caps, sizeof caps);
        caps.szPname[MAXPNAMELEN - 1] = '\0';
        if (mr == MMSYSERR_NOERROR)
            print_output(json, id, &caps);
        else if (id != MIDI_MAPPER || count > 0)
            caps_error(json, "midiOut", id, mr);
    }
    if (json)
        json_array_end(json);
}

static void list_inputs(json_writer *json)
{
    UINT count = midiInGetNumDevs();
    if (json)
        json_array_begin(json, "midiIn");
    else
        printf("MIDI input devices: %u\n", count);
    for (UINT id = 0; id < count; id++) {
        MIDIINCAPSA caps;
        memset(&caps, 0, sizeof caps);
        MMRESULT mr = midiInGetDevCapsA(id, &caps, sizeof caps);
        caps.szPname[MAXPNAMELEN - 1] = '\0';
        if (mr == MMSYSERR_NOERROR)
            print_input(json, id, &caps);
        else
            caps_error(json, "midiIn", id, mr);
    }
    if (json)
        json_array_end(json);
}

int cmd_midi(int argc, char **argv)
{
    bool json_output = false, devices = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(midi_help, stdout);
            return CLI_EXIT_OK;
        }
        if (!devices && strcmp(argv[i], "devices") == 0) {
            devices = true;
        } else if (!cli_common_option(argv[i], &json_output)) {
            cli_error(NULL, "midi: unexpected argument '%s' (try --help)", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (!devices) {
        cli_error(NULL, "midi: which subcommand? 'portacm midi devices' (try --help)");
        return CLI_EXIT_USAGE;
    }
    json_writer writer, *json = NULL;
    if (json_output) {
        json = &writer;
        json_init(json, stdout);
        json_object_begin(json, NULL);
    }
    list_outputs(json);
    list_inputs(json);
    if (json) {
        json_object_end(json);
        json_finish(json);
    }
    return CLI_EXIT_OK;
}
