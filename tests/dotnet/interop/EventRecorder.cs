// EventRecorder.cs - recording the way NAudio's WaveInEvent does it, written for these tests:
// waveInOpen with CALLBACK_EVENT and the handle of a managed AutoResetEvent, a few pinned
// buffers all added before waveInStart, a recording thread (AboveNormal) that waits on the event
// and takes every buffer that is DONE and no longer INQUEUE, then adds it again; StopRecording is
// waveInStop + waveInReset, then each header is unprepared, the event closed, waveInClose.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace PortacmTests
{
    sealed class EventRecorder
    {
        public int OpenResult = -1, StartResult = -1, StopResult = -1, ResetResult = -1, CloseResult = -1;
        public int AddFailures, UnprepareFailures, Wakeups, Timeouts;
        public readonly MemoryStream Recorded = new MemoryStream();

        readonly AutoResetEvent callbackEvent = new AutoResetEvent(false);
        readonly int headerSize = Marshal.SizeOf(typeof(WaveHeader));
        PlayBuffer[] buffers;
        IntPtr hWaveIn;

        // Records at least `bytes` bytes from `device`; false if the device did not open.
        public bool Record(int device, WaveFormat format, int bufferMs, int count, long bytes)
        {
            OpenResult = WaveInterop.waveInOpenWindow(out hWaveIn, (IntPtr)device, format,
                                                      callbackEvent.SafeWaitHandle.DangerousGetHandle(),
                                                      IntPtr.Zero, Mm.CALLBACK_EVENT);
            if (OpenResult != Mm.NOERROR)
                return false;
            int size = format.averageBytesPerSecond * bufferMs / 1000;
            size -= size % format.blockAlign;
            buffers = new PlayBuffer[count];
            for (int i = 0; i < count; i++)
            {
                buffers[i] = new PlayBuffer(size);
                WaveInterop.waveInPrepareHeader(hWaveIn, buffers[i].Header, headerSize);
                Add(buffers[i]);
            }
            StartResult = WaveInterop.waveInStart(hWaveIn);
            var thread = new Thread(() => RecordingLoop(bytes, bufferMs * count));
            thread.Priority = ThreadPriority.AboveNormal;
            thread.Start();
            thread.Join();
            return true;
        }

        void Add(PlayBuffer buffer)
        {
            if (WaveInterop.waveInAddBuffer(hWaveIn, buffer.Header, headerSize) != Mm.NOERROR)
                AddFailures++;
        }

        void RecordingLoop(long bytes, int timeoutMs)
        {
            while (Recorded.Length < bytes)
            {
                if (callbackEvent.WaitOne(timeoutMs))
                    Wakeups++;
                else if (++Timeouts > 10)
                    break;
                foreach (var b in buffers)
                {
                    if ((b.Header.flags & WaveHeaderFlags.Done) == 0 || b.InQueue)
                        continue;
                    Recorded.Write(b.Data, 0, b.Header.bytesRecorded);
                    Add(b);
                }
            }
        }

        public void Dispose()
        {
            StopResult = WaveInterop.waveInStop(hWaveIn);
            ResetResult = WaveInterop.waveInReset(hWaveIn);
            foreach (var b in buffers)
            {
                if (WaveInterop.waveInUnprepareHeader(hWaveIn, b.Header, headerSize) != Mm.NOERROR)
                    UnprepareFailures++;
            }
            callbackEvent.Close();
            CloseResult = WaveInterop.waveInClose(hWaveIn);
            foreach (var b in buffers)
                b.Free();
        }

        public IntPtr Handle { get { return hWaveIn; } }
    }
}
