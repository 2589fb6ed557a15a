/*
 * ts_files.h - the test suite's one temporary-folder helper and its file chores: private
 * folders under $TMPDIR (or /tmp), path joining, whole-file writes and reads checked with
 * stdio (never with the mmio code under test), removing a tree, the drivers file, and
 * capturing the PORTACM_DEBUG diagnostics on stderr. Failures fail the running cmocka test
 * (outside a test, as in the fuzz harnesses, cmocka ends the process).
 */
#ifndef PORTACM_TS_FILES_H
#define PORTACM_TS_FILES_H

#include <stddef.h>
#include <stdint.h>

/* Creates a new empty folder under $TMPDIR or /tmp; returns its path (free it with free()). */
char *ts_temp_dir(void);
/* Removes a folder and everything below it (unreadable sub-folders are opened up first). */
void ts_remove_tree(const char *path);
/* A cmocka group teardown: removes the folder in *state (from ts_temp_dir). */
int ts_folder_teardown(void **state);
/* "folder/name", malloc'd (free()). */
char *ts_path_join(const char *folder, const char *name);
/* Writes `length` bytes to folder/name (created or truncated); returns the path (free()). */
char *ts_write_file(const char *folder, const char *name, const void *data, size_t length);
/* Writes a NUL-terminated text to folder/name; returns the path (free()). */
char *ts_write_text(const char *folder, const char *name, const char *text);
/* Copies a file; returns the new path (free()). */
char *ts_copy_file(const char *from, const char *folder, const char *name);

/* One scratch folder per process, made on first use (the fuzz harnesses' too) and removed when
 * the process that made it exits normally (or by ts_scratch_cleanup). */
const char *ts_scratch_dir(void);
/* "<scratch folder>/<name>" from a static ring of buffers, so a few paths can be alive at the
 * same time. */
const char *ts_scratch_path(const char *name);
/* Removes the scratch folder and everything made below it. */
void ts_scratch_cleanup(void);
/* Reads a whole file; returns a malloc'd buffer (free it) and its size, NULL when unreadable. */
unsigned char *ts_read_file(const char *path, size_t *size);
/* Writes bytes to a path (replacing it); aborts on an I/O error. */
void ts_spit_file(const char *path, const void *bytes, size_t size);
/* Replaces `path` with `size` bytes of `data` through a temporary name and a rename: a reader
 * never sees half a file, and the file is a new one (a cache keyed by the file notices). */
void ts_replace_file(const char *path, const void *data, size_t size);
uint32_t ts_le32(const unsigned char *bytes);
void ts_put_le32(unsigned char *bytes, uint32_t value);

/* Writes folder/drivers.ini and points PORTACM_DRIVERS at it. */
void ts_use_drivers_file(const char *folder, const char *text);
/* Starts sending stderr to a temporary file, with PORTACM_DEBUG=1. */
void ts_capture_begin(void);
/* Restores stderr and PORTACM_DEBUG; returns what was written (free()). */
char *ts_capture_end(void);

#endif
