# The multimedia timers (docs/timers.md): timeGetTime and friends, timeSetEvent/timeKillEvent on
# the timer thread; OutputDebugString and its hook. Both run in a few seconds.
portacm_test(timer SOURCES timer/test_timer.c)
portacm_test(timer_debug_output SOURCES timer/test_debug_output.c)
