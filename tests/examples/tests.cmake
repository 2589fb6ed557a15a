# ---- examples: the programs of examples/ (and the README) build and run ----
# examples/play_wav.c, the README's wave example, built against the shared library exactly as a
# user would build it, and run on an IMA ADPCM file through the wave mapper onto the wave test
# driver (tests/devices/wave_test_driver.h), named in the test's own drivers file.
add_executable(example_play_wav ${PROJECT_SOURCE_DIR}/examples/play_wav.c)
target_link_libraries(example_play_wav PRIVATE portacm)
set(example_drivers ${CMAKE_CURRENT_BINARY_DIR}/example-drivers.ini)
file(GENERATE OUTPUT ${example_drivers}
     CONTENT "[drivers32]\nwave=$<TARGET_FILE:wave_test_driver> out=1 in=0 tag=example\n")
add_test(NAME example_play_wav COMMAND example_play_wav ${CMAKE_CURRENT_SOURCE_DIR}/vectors/ima/speech8m.sox.wav)
set_tests_properties(example_play_wav PROPERTIES TIMEOUT 60
  PASS_REGULAR_EXPRESSION "^played [1-9][0-9]* bytes"
  ENVIRONMENT "PORTACM_DRIVERS=${example_drivers};XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-example")
