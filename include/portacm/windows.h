/*
 * windows.h - the entry point Windows sources include first. portacm provides the base types
 * and the kernel32/user32/advapi32 subset that the multimedia APIs need; nothing else.
 */
#ifndef PORTACM_WINDOWS_H
#define PORTACM_WINDOWS_H

#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "winreg.h"
#include "winnls.h"

#endif /* PORTACM_WINDOWS_H */
