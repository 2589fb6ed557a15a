// EventPlayer.cs - playback the way NAudio's WaveOutEvent does it, written for these tests:
// waveOutOpen with CALLBACK_EVENT and the handle of a managed AutoResetEvent, a few pinned
// buffers, a playback thread (AboveNormal) that waits on the event with a timeout of
// buffer length x number of buffers, then scans its headers and refills every buffer that is
// no longer INQUEUE; it stops when the source is empty and no buffer is queued. Dispose runs
// NAudio's order: waveOutReset, unprepare each header, CLOSE THE EVENT, then waveOutClose.
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace PortacmTests
{
    // Fills `buffer` with up to `count` bytes of audio; returns how many (0 = the end).
    delegate int AudioSource(byte[] buffer, int count);

    sealed class PlayBuffer
    {
        public readonly WaveHeader Header = new WaveHeader();
        public readonly byte[] Data;
        readonly GCHandle headerHandle, dataHandle;

        public PlayBuffer(int size)
        {
            Data = new byte[size];
            headerHandle = GCHandle.Alloc(Header, GCHandleType.Pinned);
            dataHandle = GCHandle.Alloc(Data, GCHandleType.Pinned);
            Header.dataBuffer = dataHandle.AddrOfPinnedObject();
            Header.bufferLength = size;
            Header.loops = 1;
        }

        public bool InQueue { get { return (Header.flags & WaveHeaderFlags.InQueue) != 0; } }

        public void Free()
        {
            headerHandle.Free();
            dataHandle.Free();
        }
    }

    sealed class EventPlayer
    {
        public int OpenResult = -1, ResetResult = -1, CloseResult = -1;
        public int UnprepareFailures, WriteFailures, FirstWriteError;
        public int Wakeups, Timeouts, BuffersWritten;
        public long ElapsedMs;
        public readonly MemoryStream Written = new MemoryStream();

        readonly AutoResetEvent callbackEvent = new AutoResetEvent(false);
        PlayBuffer[] buffers;
        IntPtr hWaveOut;

        // Opens `device` (-1 = WAVE_MAPPER) and plays `source` to its end on a playback thread.
        public void Play(int device, WaveFormat format, AudioSource source, int bufferMs, int count)
        {
            IntPtr eventHandle = callbackEvent.SafeWaitHandle.DangerousGetHandle();
            OpenResult = WaveInterop.waveOutOpenWindow(out hWaveOut, (IntPtr)device, format, eventHandle,
                                                       IntPtr.Zero, Mm.CALLBACK_EVENT);
            if (OpenResult != Mm.NOERROR)
                return;
            int size = format.averageBytesPerSecond * bufferMs / 1000;
            size -= size % format.blockAlign;
            buffers = new PlayBuffer[count];
            for (int i = 0; i < count; i++)
            {
                buffers[i] = new PlayBuffer(size);
                WaveInterop.waveOutPrepareHeader(hWaveOut, buffers[i].Header, Marshal.SizeOf(typeof(WaveHeader)));
            }
            var thread = new Thread(() => PlaybackLoop(source, bufferMs * count));
            thread.Priority = ThreadPriority.AboveNormal;
            thread.Start();
            thread.Join();
        }

        bool Refill(PlayBuffer buffer, AudioSource source)
        {
            int got = source(buffer.Data, buffer.Data.Length);
            if (got <= 0)
                return false;
            buffer.Header.bufferLength = got;
            Written.Write(buffer.Data, 0, got);
            int result = WaveInterop.waveOutWrite(hWaveOut, buffer.Header, Marshal.SizeOf(typeof(WaveHeader)));
            if (result != Mm.NOERROR)
            {
                if (WriteFailures++ == 0)
                    FirstWriteError = result;
                return false;
            }
            BuffersWritten++;
            return true;
        }

        void PlaybackLoop(AudioSource source, int timeoutMs)
        {
            var clock = Stopwatch.StartNew();
            bool more = true;
            foreach (var b in buffers)
                more = more && Refill(b, source);
            while (true)
            {
                if (callbackEvent.WaitOne(timeoutMs))
                    Wakeups++;
                else
                    Timeouts++;
                int queued = 0;
                foreach (var b in buffers)
                {
                    if (!b.InQueue && more)
                        more = Refill(b, source);
                    if (b.InQueue)
                        queued++;
                }
                if (queued == 0 && !more)
                    break;
            }
            ElapsedMs = clock.ElapsedMilliseconds;
        }

        public void Dispose()
        {
            ResetResult = WaveInterop.waveOutReset(hWaveOut);
            foreach (var b in buffers)
            {
                if (WaveInterop.waveOutUnprepareHeader(hWaveOut, b.Header, Marshal.SizeOf(typeof(WaveHeader))) != Mm.NOERROR)
                    UnprepareFailures++;
            }
            callbackEvent.Close();
            CloseResult = WaveInterop.waveOutClose(hWaveOut);
            foreach (var b in buffers)
                b.Free();
        }
    }
}
