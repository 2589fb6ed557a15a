/*
 * test_error_strings.c - every result code a public header defines has its own text.
 *
 * The list of constants is generated from the public headers at build time
 * (tests/cmake/gen_error_codes.cmake), so a constant added to a header without a text in
 * portacm_mmresult_string() fails here, as libsndfile's error test does for its codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "mmddk.h"
#include "mmsystem.h"
#include "msacm.h"
#include "portacm.h"

static const struct {
    MMRESULT code;
    const char *name;
} codes[] = {
#include "error_codes.inc"
};

/* Each constant's text starts with its own name, or (for a value two constants share) with
 * the name of a constant that has the same value. */
static void every_constant_has_its_text(void **state)
{
    (void)state;
    const size_t count = sizeof codes / sizeof codes[0];
    assert_true(count >= 40); /* the generator found the headers' constants */
    for (size_t i = 0; i < count; i++) {
        const char *text = portacm_mmresult_string(codes[i].code);
        assert_non_null(text);
        int named = 0;
        for (size_t j = 0; j < count && !named; j++) {
            size_t n = strlen(codes[j].name);
            named = codes[j].code == codes[i].code && strncmp(text, codes[j].name, n) == 0 && text[n] == ':';
        }
        if (!named)
            fail_msg("%s (%u) has no text of its own: \"%s\"", codes[i].name, (unsigned)codes[i].code, text);
    }
}

/* A value no header defines is reported as unknown, never as another code's text. */
static void unknown_values_say_so(void **state)
{
    (void)state;
    static const MMRESULT unknown[] = {22, 31, 36, 255, 273, 511, 516, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_string_equal(portacm_mmresult_string(unknown[i]), "unknown MMRESULT");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_constant_has_its_text),
        cmocka_unit_test(unknown_values_say_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
