/*
 * strings_test.h - helpers the string tests share: the length of a 16-bit string and an
 * assertion that two are equal. Include after cmocka.h and windows.h.
 */
#ifndef STRINGS_TEST_H
#define STRINGS_TEST_H

static inline size_t wide_length(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static inline void assert_wide_equal(const WCHAR *actual, const WCHAR *expected)
{
    assert_int_equal(wide_length(actual), wide_length(expected));
    assert_memory_equal(actual, expected, wide_length(expected) * sizeof(WCHAR));
}

#endif /* STRINGS_TEST_H */
