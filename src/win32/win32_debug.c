/*
 * win32_debug.c - OutputDebugStringA/W and portacm_set_debug_output.
 *
 * Windows hands debug strings to an attached debugger. portacm writes them to stderr when
 * PORTACM_DEBUG asks for diagnostics, or gives them to a hook the program installed. The hook
 * and its context are read as a pair under a lock and called with the lock released, so a hook
 * may log from any thread, call OutputDebugString again or replace itself.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "win32_int.h"

/* Windows splits debug strings into pieces of this many bytes at most (its DBWIN buffer less
 * the terminator); the W form converts one piece at a time into a buffer of this size + 1. */
#define DEBUG_PIECE_BYTES 4095u
/* UTF-16 units converted per piece: 3 bytes per unit at most, so a piece always fits. */
#define DEBUG_PIECE_UNITS (DEBUG_PIECE_BYTES / 3u)

typedef void(CALLBACK *debug_hook)(LPCSTR text, void *context);

static pthread_mutex_t debug_lock = PTHREAD_MUTEX_INITIALIZER;
static debug_hook debug_output_hook;
static void *debug_output_context;

void WINAPI portacm_set_debug_output(void(CALLBACK *hook)(LPCSTR text, void *context), void *context)
{
    pthread_mutex_lock(&debug_lock);
    debug_output_hook = hook;
    debug_output_context = hook ? context : NULL;
    pthread_mutex_unlock(&debug_lock);
}

/* Sends one piece of text to the hook, or to stderr when diagnostics are on. */
static void debug_emit(LPCSTR text)
{
    pthread_mutex_lock(&debug_lock);
    debug_hook hook = debug_output_hook;
    void *context = debug_output_context;
    pthread_mutex_unlock(&debug_lock);
    if (hook) {
        hook(text, context);
        return;
    }
    if (pacm_log_debug_enabled()) {
        fputs(text, stderr);
        fflush(stderr);
    }
}

void WINAPI OutputDebugStringA(LPCSTR lpOutputString)
{
    if (lpOutputString)
        debug_emit(lpOutputString);
}

void WINAPI OutputDebugStringW(LPCWSTR lpOutputString)
{
    if (!lpOutputString)
        return;
    char piece[DEBUG_PIECE_BYTES + 1];
    LPCWSTR rest = lpOutputString;
    while (*rest) {
        size_t units = 0;
        while (units < DEBUG_PIECE_UNITS && rest[units])
            units++;
        /* Keep a surrogate pair together: a piece never ends on a high surrogate that has its
         * low half next (an unpaired one is converted to U+FFFD on its own). */
        if (units == DEBUG_PIECE_UNITS && units > 1 && rest[units - 1] >= 0xD800 && rest[units - 1] <= 0xDBFF &&
            rest[units] >= 0xDC00 && rest[units] <= 0xDFFF)
            units--;
        pacm_utf16_field_to_utf8(rest, units, piece, sizeof piece);
        debug_emit(piece);
        rest += units;
    }
}
