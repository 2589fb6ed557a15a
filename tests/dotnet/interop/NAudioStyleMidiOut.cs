// NAudioStyleMidiOut.cs - NAudio's MidiOut class (open with a CALLBACK_FUNCTION delegate it keeps
// alive, Send, SendBuffer, Close), with the callback's messages recorded instead of ignored.
using System;
using System.Runtime.InteropServices;

namespace PortacmTests
{
    sealed class NAudioStyleMidiOut : IDisposable
    {
        public readonly MidiLog Log = new MidiLog();
        public IntPtr Handle;
        readonly MidiOutCallback callback;
        bool disposed;

        public NAudioStyleMidiOut()
        {
            callback = (h, message, instance, p1, p2) => Log.Add(h, (int)message, instance, p1, p2);
        }

        public int Open(int device, IntPtr instance)
        {
            return MidiInterop.midiOutOpen(out Handle, (IntPtr)device, callback, instance, Mm.CALLBACK_FUNCTION);
        }

        public int Send(int message)
        {
            return MidiInterop.midiOutShortMsg(Handle, message);
        }

        // NAudio's SendBuffer: the header is a struct passed by ref (a marshalled copy), unprepared
        // only when midiOutLongMsg fails; the data freed as soon as the call returns.
        public int SendBuffer(byte[] bytes, out MIDIHDR after, out int doneDuringCall)
        {
            var header = new MIDIHDR();
            header.lpData = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, header.lpData, bytes.Length);
            header.dwBufferLength = bytes.Length;
            header.dwBytesRecorded = bytes.Length;
            int size = Marshal.SizeOf(header);
            int before = Log.Count((int)MidiOutMessage.Done);
            MidiInterop.midiOutPrepareHeader(Handle, ref header, size);
            int result = MidiInterop.midiOutLongMsg(Handle, ref header, size);
            doneDuringCall = Log.Count((int)MidiOutMessage.Done) - before;
            if (result != Mm.NOERROR)
                MidiInterop.midiOutUnprepareHeader(Handle, ref header, size);
            after = header;
            Marshal.FreeHGlobal(header.lpData);
            return result;
        }

        public int Close()
        {
            GC.KeepAlive(callback);
            disposed = true;
            return MidiInterop.midiOutClose(Handle);
        }

        public void Dispose()
        {
            if (!disposed)
                Close();
        }
    }
}
