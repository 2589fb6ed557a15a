# .NET programs on Mono (tests/dotnet): C# with NAudio-style P/Invoke declarations
# (tests/dotnet/interop/), run against the shared library found through its .NET names only.
# Not in sanitizer builds: Mono cannot load a library built against a sanitizer runtime it did
# not start with. Each test runs some programs in the environment they need (run_mono_tests.sh).
if(NOT PORTACM_SANITIZE AND NOT PORTACM_TSAN)
  set(PORTACM_MONO_RUN ${CMAKE_CURRENT_SOURCE_DIR}/dotnet/run_mono_tests.sh $<TARGET_FILE:portacm>)
  set(PORTACM_MONO_WORK ${CMAKE_CURRENT_BINARY_DIR}/dotnet-mono)

  # DriverCallback(DCB_EVENT) sets a Mono managed event; a closed or forged one gives FALSE.
  add_test(NAME dotnet_mono COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/event MonoManagedEvent)

  # NAudio's wave classes over the wave test driver (the only device driver of the drivers
  # file): WaveOutEvent (CALLBACK_EVENT), WaveOut with a function callback, WaveInEvent,
  # capabilities and error texts. What the driver played is read back and compared. Tone.cs is
  # the example of docs/dotnet.md.
  add_test(NAME dotnet_naudio_wave COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/wave
           --wave-driver $<TARGET_FILE:wave_test_driver>
           NAudioWaveOutEvent NAudioWaveOutFunction NAudioWaveInEvent NAudioCapabilities Tone)

  # WaveOutEvent through the built-in PulseAudio driver on the shared private server: a 1 kHz
  # sine through WAVE_MAPPER, the event set from the driver's own thread; parec records sink A's
  # monitor and check_sine.py checks level and frequency.
  add_test(NAME dotnet_naudio_pulse COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/pulse
           --record portacm_sink_a.monitor NAudioPulseSine)
  portacm_uses_pulse(dotnet_naudio_pulse)
  # WaveInEvent through the PulseAudio driver: the server's 440 Hz sine source, level and pitch.
  add_test(NAME dotnet_naudio_pulse_in COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/pulse-in NAudioPulseWaveIn)
  portacm_uses_pulse(dotnet_naudio_pulse_in)

  # NAudio's Mixer classes on the PulseAudio mixers: volume read and set. Volumes change, so the
  # test runs its own private server (not the shared one).
  add_test(NAME dotnet_naudio_mixer COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/mixer
           --own-pulse ${PORTACM_MONO_WORK}/mixer-pulse NAudioMixer)

  # AcmDriver.AddLocalDriver: LoadLibrary through kernel32, then acmDriverAdd. As a program's
  # first call it needs the program's .exe.config (Mono's own configuration sends kernel32.dll
  # to the runtime's symbols); after any msacm32 call it needs nothing (portacm's symbols are
  # then among the runtime's: Mono loads P/Invoke libraries RTLD_GLOBAL).
  add_test(NAME dotnet_naudio_acm COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/acm
           --acm-driver $<TARGET_FILE:test_acm_thirdparty_driver> NAudioAddLocalDriver
           NAudioEnumThenAddLocalDriver)

  # NAudio's MidiOut and MidiIn, and a game's midiStream player, over the MIDI test driver (2
  # outputs, 2 inputs; no synthesizer: the SoundFont named does not exist). What the driver's
  # outputs received is read back byte for byte; its inputs are fed through its own export.
  add_test(NAME dotnet_naudio_midi COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/midi
           --midi-driver $<TARGET_FILE:midi_test_driver> "out=2 in=2 tag=dotnet"
           NAudioMidiOut NAudioMidiIn MidiStreamPlayer)
  set_property(TEST dotnet_naudio_midi APPEND PROPERTY ENVIRONMENT "PORTACM_SOUNDFONT=/nonexistent/no-synth-in-dotnet-midi.sf2")

  # NAudio's MidiOut on the built-in synthesizer (the MOD_SWSYNTH device, TimGM6mb) playing
  # through the PulseAudio driver on the shared private server: parec records sink A's monitor
  # and check_tone.py checks a flute A4 held 1 s: its length and its 440 Hz pitch.
  add_test(NAME dotnet_naudio_midi_synth COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/midi-synth
           --record portacm_sink_a.monitor --record-check "check_tone.py 440 1.0" NAudioMidiSynth)
  portacm_uses_pulse(dotnet_naudio_midi_synth)
  set_property(TEST dotnet_naudio_midi_synth APPEND PROPERTY ENVIRONMENT "PORTACM_SOUNDFONT=/usr/share/sounds/sf2/TimGM6mb.sf2")

  # NAudio's Mp3FileReader way of decoding MP3: one frame per acmStreamConvert, each given back
  # at once (the first too), never END.
  add_test(NAME dotnet_naudio_mp3 COMMAND ${PORTACM_MONO_RUN} ${PORTACM_MONO_WORK}/mp3 NAudioMp3Frames)
  set_tests_properties(dotnet_naudio_mp3 PROPERTIES
    ENVIRONMENT "PORTACM_TEST_MP3=${CMAKE_CURRENT_SOURCE_DIR}/vectors/mp3/music44s.lame128.mp3")

  set_tests_properties(dotnet_mono dotnet_naudio_wave dotnet_naudio_pulse dotnet_naudio_pulse_in dotnet_naudio_mixer
                       dotnet_naudio_acm dotnet_naudio_midi dotnet_naudio_midi_synth dotnet_naudio_mp3
                       PROPERTIES TIMEOUT 300)
endif()
