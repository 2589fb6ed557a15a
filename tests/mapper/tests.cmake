# ---- the wave mapper (src/wave/wave_mapper*.c) ----
# The in-memory devices of mapper/mapper_td.c live in the test program (exported) and are
# reached through a real driver shared object, mapper/mapper_shim.c, named in a drivers file.
portacm_add_driver(mapper_test_driver mapper/mapper_shim.c NO_LINK VISIBILITY_HIDDEN
                   EXPORTS DriverProc wodMessage widMessage)
set_target_properties(mapper_test_driver PROPERTIES OUTPUT_NAME mapper_td SUFFIX .drv
                      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/mapper-drivers)
portacm_test(mapper SOURCES mapper/test_mapper.c mapper/mapper_util.c mapper/mapper_td.c LIBS m)
add_dependencies(test_mapper mapper_test_driver)
set_target_properties(test_mapper PROPERTIES ENABLE_EXPORTS ON)
target_compile_definitions(test_mapper PRIVATE
  MAPPER_DRIVER_PATH="$<TARGET_FILE:mapper_test_driver>")

# The same over the suite's real-time wave test driver (tests/devices/wave_test_driver.h).
portacm_wave_driver_test(mapper_realtime SOURCES mapper/test_mapper_realtime.c mapper/mapper_util.c
  wave/wave_test_util.c)

# Real sound: IMA ADPCM through WAVE_MAPPER onto the private PulseAudio server's null sink,
# recorded from its monitor (the built-in PulseAudio driver; tests/pulse).
portacm_test(mapper_pulse SOURCES mapper/test_mapper_pulse.c mapper/mapper_util.c LIBS portacm_pulse_test_util m)
portacm_uses_pulse(mapper_pulse)
