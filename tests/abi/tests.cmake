# The device half's binary interface (issue 12 item 7): x64 sizes and offsets of the wave, aux,
# mixer, timer and driver-side structures and the values of their constants, against the
# numbers of ../shared/spec/winmm-devices.md written as literals.
portacm_test(abi_devices SOURCES abi/test_abi_devices.c)
