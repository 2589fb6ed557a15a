# portacmDependencies.cmake - the libraries portacm links, each found one way: pkg-config
# imported targets where the library ships a .pc file, FindGSM.cmake for libgsm, which does not.
# Included by the build and by the installed portacmConfig.cmake (the static library's users
# need the same targets).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(MPG123 REQUIRED IMPORTED_TARGET libmpg123)
pkg_check_modules(LAME REQUIRED IMPORTED_TARGET lame)
pkg_check_modules(SOXR REQUIRED IMPORTED_TARGET soxr)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")
find_package(GSM REQUIRED)
set(PORTACM_CODEC_LIBS PkgConfig::MPG123 PkgConfig::LAME PkgConfig::SOXR GSM::GSM)
# The built-in audio device drivers (src/audio): PulseAudio (or PipeWire's pulse server) and ALSA.
pkg_check_modules(PULSE REQUIRED IMPORTED_TARGET libpulse)
pkg_check_modules(ALSA REQUIRED IMPORTED_TARGET alsa)
set(PORTACM_AUDIO_LIBS PkgConfig::PULSE PkgConfig::ALSA)
# The General MIDI software synthesizer (src/synth).
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth)
set(PORTACM_SYNTH_LIBS PkgConfig::FLUIDSYNTH)
