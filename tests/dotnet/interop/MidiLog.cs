// MidiLog.cs - records the messages a MIDI callback receives (any thread), with what a header
// passed in param1 held at that moment (the header may be a temporary copy, gone afterwards).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace PortacmTests
{
    struct MidiCall
    {
        public int Message;
        public IntPtr Handle, Instance, Param1, Param2;
        public int Thread;
        public IntPtr HeaderData;      // MIM_LONGDATA, MOM_DONE, MOM_POSITIONCB: the header's lpData
        public int HeaderFlags, HeaderOffset;
        public byte[] HeaderBytes;     // MIM_LONGDATA: the dwBytesRecorded bytes
    }

    sealed class MidiLog
    {
        readonly List<MidiCall> calls = new List<MidiCall>();
        readonly object gate = new object();

        // An action run inside the callback after recording (e.g. re-queueing a buffer).
        public Action<MidiCall> OnCall { get; set; }

        public void Add(IntPtr handle, int message, IntPtr instance, IntPtr p1, IntPtr p2)
        {
            var call = new MidiCall { Message = message, Handle = handle, Instance = instance, Param1 = p1, Param2 = p2,
                                      Thread = System.Threading.Thread.CurrentThread.ManagedThreadId };
            bool header = message == (int)MidiInMessage.LongData || message == (int)MidiOutMessage.Done ||
                          message == (int)MidiOutMessage.PositionCallback;
            if (header && p1 != IntPtr.Zero)
            {
                call.HeaderData = Marshal.ReadIntPtr(p1, Midi.HDR_DATA);
                call.HeaderFlags = Marshal.ReadInt32(p1, Midi.HDR_FLAGS);
                call.HeaderOffset = Marshal.ReadInt32(p1, Midi.HDR_OFFSET);
                if (message == (int)MidiInMessage.LongData)
                {
                    call.HeaderBytes = new byte[Marshal.ReadInt32(p1, Midi.HDR_BYTES_RECORDED)];
                    Marshal.Copy(call.HeaderData, call.HeaderBytes, 0, call.HeaderBytes.Length);
                }
            }
            lock (gate)
            {
                calls.Add(call);
                Monitor.PulseAll(gate);
            }
            if (OnCall != null)
                OnCall(call);
        }

        public MidiCall[] Calls
        {
            get { lock (gate) return calls.ToArray(); }
        }

        public int Count(int message)
        {
            lock (gate)
                return calls.FindAll(c => c.Message == message).Count;
        }

        // Waits up to `ms` for at least `count` messages `message`.
        public bool Wait(int message, int count, int ms)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(ms);
            lock (gate)
            {
                while (calls.FindAll(c => c.Message == message).Count < count)
                {
                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0 || !Monitor.Wait(gate, left))
                        return calls.FindAll(c => c.Message == message).Count >= count;
                }
                return true;
            }
        }

        // The messages received, as a text such as "3C7 3C9 3C8" (for order checks).
        public string Sequence()
        {
            var parts = new List<string>();
            foreach (var c in Calls)
                parts.Add(c.Message.ToString("X"));
            return string.Join(" ", parts);
        }
    }
}
