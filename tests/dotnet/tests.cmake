# .NET programs on Mono (tests/dotnet): C# with NAudio-style P/Invoke declarations, run against
# the shared library found through its .NET names only. Not in sanitizer builds: Mono cannot load
# a library built against a sanitizer runtime it did not start with.
if(NOT PORTACM_SANITIZE AND NOT PORTACM_TSAN)
  add_test(NAME dotnet_mono COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/dotnet/run_mono_tests.sh
           $<TARGET_FILE:portacm> ${CMAKE_CURRENT_BINARY_DIR}/dotnet-mono)
  set_tests_properties(dotnet_mono PROPERTIES TIMEOUT 300)
endif()
