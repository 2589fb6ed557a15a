/*
 * driver_test_support.h - helpers shared by the driver tests that work with files: a private
 * temporary folder, writing files, and capturing the PORTACM_DEBUG diagnostics on stderr.
 */
#ifndef PORTACM_DRIVER_TEST_SUPPORT_H
#define PORTACM_DRIVER_TEST_SUPPORT_H

#include <stddef.h>

/* Creates a new empty folder under /tmp; returns its path (free it with free()). */
char *support_temp_dir(void);
/* Removes a folder and everything below it. */
void support_remove_tree(const char *path);
/* A cmocka group teardown: removes the folder in *state (from support_temp_dir). */
int support_folder_teardown(void **state);
/* Writes `length` bytes to folder/name (created or truncated); returns the path (free()). */
char *support_write_file(const char *folder, const char *name, const void *data, size_t length);
/* Writes a NUL-terminated text to folder/name; returns the path (free()). */
char *support_write_text(const char *folder, const char *name, const char *text);
/* Copies a file; returns the new path (free()). */
char *support_copy_file(const char *from, const char *folder, const char *name);
/* Writes folder/drivers.ini and points PORTACM_DRIVERS at it. */
void support_use_drivers_file(const char *folder, const char *text);
/* Starts sending stderr to a temporary file, with PORTACM_DEBUG=1. */
void support_capture_begin(void);
/* Restores stderr and PORTACM_DEBUG; returns what was written (free()). */
char *support_capture_end(void);

#endif
