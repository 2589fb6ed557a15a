// NAudioMixer.cs - NAudio's Mixer, MixerLine and MixerControl classes' calls on Mono against the
// PulseAudio mixers of a private server (run_mono_tests.sh --own-pulse: this program changes a
// sink's volume and mute, so it has a server of its own). Declarations Pack = 1 / CharSet.Ansi
// (MIXERLINEA 172 bytes, MIXERCONTROLA 148, MIXERLINECONTROLS 28, MIXERCONTROLDETAILS 32) bound
// to the A functions. Values are checked against the server with pactl.
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PortacmTests;

static class NAudioMixer
{
    const int MIXERLINE_COMPONENTTYPE_DST_SPEAKERS = 4;

    static string Pactl(string arguments)
    {
        var info = new ProcessStartInfo("pactl", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        using (var process = Process.Start(info))
        {
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text.Trim();
        }
    }

    static int[] GetDetails(IntPtr hMixer, int controlId, int channels, out int result)
    {
        var details = new MixerControlDetails
        {
            cbStruct = Marshal.SizeOf(typeof(MixerControlDetails)),
            dwControlID = controlId,
            cChannels = channels,
            cbDetails = 4,
            paDetails = Marshal.AllocHGlobal(4 * channels),
        };
        result = MixerInterop.mixerGetControlDetails(hMixer, ref details, MixerFlags.HMixer | MixerFlags.GetControlDetailsValue);
        var values = new int[channels];
        Marshal.Copy(details.paDetails, values, 0, channels);
        Marshal.FreeHGlobal(details.paDetails);
        return values;
    }

    static int SetDetails(IntPtr hMixer, int controlId, int[] values)
    {
        var details = new MixerControlDetails
        {
            cbStruct = Marshal.SizeOf(typeof(MixerControlDetails)),
            dwControlID = controlId,
            cChannels = values.Length,
            cbDetails = 4,
            paDetails = Marshal.AllocHGlobal(4 * values.Length),
        };
        Marshal.Copy(values, 0, details.paDetails, values.Length);
        int result = MixerInterop.mixerSetControlDetails(hMixer, ref details, MixerFlags.HMixer | MixerFlags.SetControlDetailsValue);
        Marshal.FreeHGlobal(details.paDetails);
        return result;
    }

    static int Main()
    {
        Checks.Equal(172, Marshal.SizeOf(typeof(MixerLine)), "MixerLine marshals as MIXERLINEA (Pack = 1)");
        Checks.Equal(148, Marshal.SizeOf(typeof(MixerControl)), "MixerControl marshals as MIXERCONTROLA");
        Checks.Equal(28, Marshal.SizeOf(typeof(MixerLineControls)), "MixerLineControls marshals as 28 bytes");
        Checks.Equal(32, Marshal.SizeOf(typeof(MixerControlDetails)), "MixerControlDetails marshals as 32 bytes");
        Checks.Equal(48, Marshal.SizeOf(typeof(MixerCaps)), "MixerCaps marshals as MIXERCAPSA");
        int count = MixerInterop.mixerGetNumDevs();
        Checks.Equal(7, count, "mixerGetNumDevs: one mixer per sink (3) and per source (4)");

        var caps = new MixerCaps();
        Checks.Equal(Mm.NOERROR, MixerInterop.mixerGetDevCaps((IntPtr)0, ref caps, Marshal.SizeOf(typeof(MixerCaps))), "mixerGetDevCaps(0)");
        Checks.Check(!string.IsNullOrEmpty(caps.productName), "mixer 0 has a name (\"" + caps.productName + "\")");
        Checks.Equal(1, caps.destinations, "mixer 0 has one destination");

        IntPtr hMixer;
        if (!Checks.Equal(Mm.NOERROR, MixerInterop.mixerOpen(out hMixer, 0, IntPtr.Zero, IntPtr.Zero, MixerFlags.Mixer), "mixerOpen(0)"))
            return Checks.Finish();
        int id;
        Checks.Equal(Mm.NOERROR, MixerInterop.mixerGetID(hMixer, out id, MixerFlags.HMixer), "mixerGetID(HMIXER)");
        Checks.Equal(0, id, "the handle is mixer 0");

        var line = new MixerLine { cbStruct = Marshal.SizeOf(typeof(MixerLine)), dwDestination = 0 };
        Checks.Equal(Mm.NOERROR, MixerInterop.mixerGetLineInfo(hMixer, ref line, MixerFlags.HMixer | MixerFlags.GetLineInfoDestination),
                     "mixerGetLineInfo(HMIXER, destination 0)");
        Checks.Equal(unchecked((int)0xFFFF0000), line.dwLineID, "destination line ID");
        Checks.Equal(MIXERLINE_COMPONENTTYPE_DST_SPEAKERS, line.dwComponentType, "the sink's line is DST_SPEAKERS");
        Checks.Equal(2, line.cChannels, "the stereo sink's line has 2 channels");
        Checks.Equal(2, line.cControls, "the line has 2 controls (volume, mute)");
        Checks.Check(!string.IsNullOrEmpty(line.szName), "the line has a name (\"" + line.szName + "\")");
        var byWave = new MixerLine { cbStruct = Marshal.SizeOf(typeof(MixerLine)), dwDestination = 0 };
        Checks.Equal(Mm.NOERROR, MixerInterop.mixerGetLineInfo((IntPtr)0, ref byWave, MixerFlags.WaveOut | MixerFlags.GetLineInfoDestination),
                     "mixerGetLineInfo(waveOut device 0, MIXER_OBJECTF_WAVEOUT)");
        Checks.Equal(line.dwLineID, byWave.dwLineID, "the same line through the waveOut device");

        // All controls of the line, as NAudio's MixerLine.Controls reads them.
        int controlSize = Marshal.SizeOf(typeof(MixerControl));
        var controls = new MixerLineControls
        {
            cbStruct = Marshal.SizeOf(typeof(MixerLineControls)),
            dwLineID = line.dwLineID,
            cControls = line.cControls,
            cbmxctrl = controlSize,
            pamxctrl = Marshal.AllocHGlobal(controlSize * line.cControls),
        };
        Checks.Equal(Mm.NOERROR, MixerInterop.mixerGetLineControls(hMixer, ref controls, MixerFlags.HMixer | MixerFlags.GetLineControlsAll),
                     "mixerGetLineControls(ALL)");
        var volume = (MixerControl)Marshal.PtrToStructure(controls.pamxctrl, typeof(MixerControl));
        var mute = (MixerControl)Marshal.PtrToStructure(controls.pamxctrl + controlSize, typeof(MixerControl));
        Marshal.FreeHGlobal(controls.pamxctrl);
        Checks.Equal(MixerFlags.ControlTypeVolume, volume.dwControlType, "control 0 is the volume (\"" + volume.szName + "\")");
        Checks.Equal(0xFFFF, volume.maximum, "volume range 0 .. 0xFFFF");
        Checks.Equal(MixerFlags.ControlTypeMute, mute.dwControlType, "control 1 is the mute (\"" + mute.szName + "\")");

        int result;
        int[] before = GetDetails(hMixer, volume.dwControlID, 1, out result);
        Checks.Equal(Mm.NOERROR, result, "mixerGetControlDetails(volume, 1 channel)");
        Checks.Equal(0xFFFF, before[0], "the sink is at 100 % (0xFFFF)");
        Checks.Equal(Mm.NOERROR, SetDetails(hMixer, volume.dwControlID, new[] { 0x8000 }), "mixerSetControlDetails(volume 0x8000, all channels)");
        int[] half = GetDetails(hMixer, volume.dwControlID, 2, out result);
        Checks.Check(result == 0 && half[0] == 0x8000 && half[1] == 0x8000, "both channels read back 0x8000 (" + half[0] + ", " + half[1] + ")");
        string server = Pactl("get-sink-volume portacm_sink_a");
        // 0x8000 x 65536 / 65535, rounded (docs/mixer.md): PA volume 32769, 50 %.
        Checks.Check(server.Contains("front-left: 32769 /  50%") && server.Contains("front-right: 32769 /  50%"),
                     "the server's sink volume is 50 % (" + server.Split('\n')[0] + ")");
        Checks.Equal(Mm.NOERROR, SetDetails(hMixer, volume.dwControlID, new[] { 0x4000, 0xC000 }), "mixerSetControlDetails(volume per channel)");
        int[] perChannel = GetDetails(hMixer, volume.dwControlID, 2, out result);
        Checks.Check(perChannel[0] == 0x4000 && perChannel[1] == 0xC000, "per channel read back (" + perChannel[0] + ", " + perChannel[1] + ")");
        Checks.Equal(Mm.INVALPARAM, SetDetails(hMixer, volume.dwControlID, new[] { 0x10000 }), "a volume above 0xFFFF: INVALPARAM");

        Checks.Equal(Mm.NOERROR, SetDetails(hMixer, mute.dwControlID, new[] { 1 }), "mixerSetControlDetails(mute 1)");
        Checks.Check(Pactl("get-sink-mute portacm_sink_a").Contains("yes"), "the server's sink is muted");
        int[] muted = GetDetails(hMixer, mute.dwControlID, 1, out result);
        Checks.Equal(1, muted[0], "mute reads back 1");
        SetDetails(hMixer, mute.dwControlID, new[] { 0 });
        SetDetails(hMixer, volume.dwControlID, new[] { 0xFFFF });
        Checks.Check(Pactl("get-sink-mute portacm_sink_a").Contains("no"), "unmuted again");

        Checks.Equal(Mm.NOERROR, MixerInterop.mixerClose(hMixer), "mixerClose");
        Checks.Equal(Mm.INVALHANDLE, MixerInterop.mixerClose(hMixer), "mixerClose again: INVALHANDLE");
        return Checks.Finish();
    }
}
