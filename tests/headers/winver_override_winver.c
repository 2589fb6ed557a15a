/* Built with -DWINVER=0x0351 (a Windows NT 3.51 target) and no _WIN32_WINNT. */
#include "winver_source.h"

winver_seen winver_seen_winver_0351(void)
{
    winver_seen seen = WINVER_SEEN_INITIALIZER;
    return seen;
}
