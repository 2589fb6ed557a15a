# tests/pulse: the private PulseAudio server fixture every audio test uses, the recording
# helpers (portacm_pulse_test_util) and the PulseAudio wave driver's tests. Included from
# tests/CMakeLists.txt before every other device part. See tests/pulse/README.md.

# ---- the fixture: a private server in the build tree, started and stopped by ctest ----
find_program(PORTACM_PULSEAUDIO_EXE pulseaudio)
set(PORTACM_PULSE_DIR ${CMAKE_CURRENT_BINARY_DIR}/pulse-server)
set(PORTACM_PULSE_SCRIPT ${CMAKE_CURRENT_SOURCE_DIR}/pulse/pulse_server.sh)
add_test(NAME pulse_server_start COMMAND sh ${PORTACM_PULSE_SCRIPT} start ${PORTACM_PULSE_DIR})
add_test(NAME pulse_server_stop COMMAND sh ${PORTACM_PULSE_SCRIPT} stop ${PORTACM_PULSE_DIR})
set_tests_properties(pulse_server_start PROPERTIES FIXTURES_SETUP pulse_server TIMEOUT 60)
set_tests_properties(pulse_server_stop PROPERTIES FIXTURES_CLEANUP pulse_server TIMEOUT 60)

# The environment a client of the private server needs (the same as `pulse_server.sh env`).
set(PORTACM_PULSE_ENV
  "PULSE_SERVER=unix:${PORTACM_PULSE_DIR}/native"
  "PULSE_CLIENTCONFIG=${PORTACM_PULSE_DIR}/client.conf"
  "PULSE_RUNTIME_PATH=${PORTACM_PULSE_DIR}/runtime"
  "PULSE_STATE_PATH=${PORTACM_PULSE_DIR}/state"
  "XDG_RUNTIME_DIR=${PORTACM_PULSE_DIR}/xdg"
  "HOME=${PORTACM_PULSE_DIR}/home")

# portacm_uses_pulse(<test> ...): the tests need the private server: FIXTURES_REQUIRED
# pulse_server and the client environment appended to their ENVIRONMENT (what portacm_test set
# stays). They also take RESOURCE_LOCK pulse_server_sinks: with `ctest -j`, two of them never
# run at once, because a test that records a sink's monitor would hear what another test plays
# into the same sink (and timing checks suffer on a loaded machine).
function(portacm_uses_pulse)
  foreach(t IN LISTS ARGN)
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED pulse_server)
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT ${PORTACM_PULSE_ENV})
    set_property(TEST ${t} APPEND PROPERTY RESOURCE_LOCK pulse_server_sinks)
  endforeach()
endfunction()

# ---- recording and measuring helpers for C tests (pulse/pulse_test_util.h) ----
pkg_check_modules(PULSE_SIMPLE REQUIRED IMPORTED_TARGET libpulse-simple)
add_library(portacm_pulse_test_util STATIC ${CMAKE_CURRENT_SOURCE_DIR}/pulse/pulse_test_util.c)
target_include_directories(portacm_pulse_test_util PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/pulse)
target_link_libraries(portacm_pulse_test_util PUBLIC PkgConfig::PULSE_SIMPLE PkgConfig::PULSE Threads::Threads m)

# ---- tests ----
# The fixture itself: the server answers, has the documented sinks and source, the sine source
# is 440 Hz, and what is played into a sink comes back from its monitor sample for sample.
portacm_test(pulse_fixture SOURCES pulse/test_pulse_fixture.c LIBS portacm_pulse_test_util)
portacm_uses_pulse(pulse_fixture)

# pulseaudio.drv through its message functions (as winmm drives it), against the private
# server: devices, sample-exact playback refilled from WOM_DONE, recording, positions, pause,
# volume, reset, loops, formats, many opens (tests/pulse/test_pulse_wave.c).
add_library(portacm_pulse_wave_util STATIC ${CMAKE_CURRENT_SOURCE_DIR}/pulse/pulse_wave_util.c)
target_link_libraries(portacm_pulse_wave_util PUBLIC portacm_internal portacm_pulse_test_util)
portacm_test(pulse_wave SOURCES pulse/test_pulse_wave.c LIBS portacm_pulse_wave_util portacm_pulse_test_util m)
portacm_uses_pulse(pulse_wave)

# No server, and a server that dies mid-stream: this test starts and SIGKILLs its OWN private
# server (in pulse-death/, never the fixture's), so it does not use portacm_uses_pulse.
set(PORTACM_PULSE_DEATH_DIR ${CMAKE_CURRENT_BINARY_DIR}/pulse-death)
portacm_test(pulse_death SOURCES pulse/test_pulse_death.c LIBS portacm_pulse_wave_util portacm_pulse_test_util)
target_compile_definitions(test_pulse_death PRIVATE PULSE_DEATH_DIR="${PORTACM_PULSE_DEATH_DIR}"
  PULSE_SERVER_SCRIPT="${PORTACM_PULSE_SCRIPT}")
set_property(TEST pulse_death APPEND PROPERTY ENVIRONMENT
  "PULSE_SERVER=unix:${PORTACM_PULSE_DEATH_DIR}/native"
  "PULSE_CLIENTCONFIG=${PORTACM_PULSE_DEATH_DIR}/client.conf"
  "PULSE_RUNTIME_PATH=${PORTACM_PULSE_DEATH_DIR}/runtime"
  "PULSE_STATE_PATH=${PORTACM_PULSE_DEATH_DIR}/state"
  "XDG_RUNTIME_DIR=${PORTACM_PULSE_DEATH_DIR}/xdg"
  "HOME=${PORTACM_PULSE_DEATH_DIR}/home")

# waveOutBreakLoop through the public API on pulseaudio.drv (device 0, sink A's monitor): the
# iteration playing completes, then the following block plays exactly (tests/pulse/test_pulse_breakloop.c).
portacm_test(pulse_breakloop SOURCES pulse/test_pulse_breakloop.c LIBS portacm_pulse_test_util m)
portacm_uses_pulse(pulse_breakloop)

# No allocation per buffer: the node of a returned header is reused (driver level); NOMEM when a
# node is needed and none can be had (tests/pulse/test_pulse_pool.c).
portacm_test(pulse_pool SOURCES pulse/test_pulse_pool.c LIBS portacm_pulse_wave_util portacm_pulse_test_util)
portacm_uses_pulse(pulse_pool)
