/*
 * test_mmio_util.h - helpers shared by the mmio tests: a private temporary directory made with
 * mkdtemp (removed again at the end), whole-file reads for checking bytes independently of
 * mmio, and little-endian field access.
 */
#ifndef PORTACM_TEST_MMIO_UTIL_H
#define PORTACM_TEST_MMIO_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Creates the directory (once per process) and returns "<dir>/<name>" in a static ring of
 * buffers, so a few paths can be alive at the same time. */
const char *test_mmio_path(const char *name);
/* Removes every file and sub-directory made below the directory, and the directory. */
void test_mmio_cleanup(void);
/* Reads a whole file with stdio; returns a malloc'ed buffer (free it) and its size. */
unsigned char *test_mmio_slurp(const char *path, size_t *size);
/* Writes bytes to a file with stdio (replacing it). */
void test_mmio_spit(const char *path, const void *bytes, size_t size);
uint32_t test_le32(const unsigned char *bytes);
void test_put_le32(unsigned char *bytes, uint32_t value);

#endif
