/* Built with -D_WIN32_WINNT=0x0601 (Windows 7) and no WINVER: WINVER follows it. */
#include "winver_source.h"

winver_seen winver_seen_winnt_0601(void)
{
    winver_seen seen = WINVER_SEEN_INITIALIZER;
    return seen;
}
