/*
 * driver_host.c - loads each driver named on the command line (absolute paths to builds of
 * tests/drivers/binding_driver.c) through the installed libportacm and checks that its table
 * answers (entry i holds i * i). Prints "ok" when every driver does.
 */
#include <windows.h>
#include <mmiscapi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    int failures = 0;
    for (int arg = 1; arg < argc; arg++) {
        HDRVR h = OpenDriverA(argv[arg], NULL, 0);
        if (!h) {
            printf("%s: OpenDriverA failed\n", argv[arg]);
            failures++;
            continue;
        }
        for (int i = 0; i < 16; i++) {
            LRESULT got = SendDriverMessage(h, DRV_USER + 1, i, 0);
            if (got != (LRESULT)(i * i)) {
                printf("%s: entry %d is %ld, not %d\n", argv[arg], i, (long)got, i * i);
                failures++;
                break;
            }
        }
        CloseDriver(h, 0, 0);
    }
    if (failures == 0)
        printf("ok\n");
    return failures == 0 ? 0 : 1;
}
