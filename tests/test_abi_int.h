/*
 * test_abi_int.h - shared between test_abi.c and test_abi_unicode.c, which checks in a
 * translation unit compiled with UNICODE defined what test_abi.c checks without it.
 */
#ifndef PORTACM_TEST_ABI_INT_H
#define PORTACM_TEST_ABI_INT_H

#include <stddef.h>

/* One expectation: `actual` is what our headers give, `expected` the 64-bit Windows value. */
typedef struct abi_row {
    const char *what;
    long long actual;
    long long expected;
} abi_row;

/* Prints every row whose actual value differs from the expected one; returns how many. */
int abi_report_mismatches(const char *table, const abi_row *rows, size_t count);

/* The checks of test_abi_unicode.c (UNICODE defined): returns the number of mismatches. */
int abi_check_unicode(void);

#endif /* PORTACM_TEST_ABI_INT_H */
