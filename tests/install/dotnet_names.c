/*
 * dotnet_names.c - resolves each library name on the command line the way a .NET or Mono
 * P/Invoke does (dlopen of the bare name, so the dynamic linker's normal search applies) and
 * looks up acmGetVersion in it. Prints "ok" when every name gives portacm's acmGetVersion.
 */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    int failures = 0;
    for (int arg = 1; arg < argc; arg++) {
        void *library = dlopen(argv[arg], RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            printf("%s: %s\n", argv[arg], dlerror());
            failures++;
            continue;
        }
        /* acmGetVersion returns the version as 0xAABBCCCC: Windows 4.00 at least. */
        void *symbol = dlsym(library, "acmGetVersion");
        unsigned (*version)(void) = NULL;
        if (symbol)
            *(void **)&version = symbol;
        if (!version || version() >> 24 < 4) {
            printf("%s: no working acmGetVersion\n", argv[arg]);
            failures++;
        }
        dlclose(library);
    }
    if (failures == 0)
        printf("ok\n");
    return failures == 0 ? 0 : 1;
}
