/*
 * ts_vectors.h - decodes the reference vectors of tests/vectors (files made by
 * independent encoders) through an ACM driver and compares with sox's decode.
 */
#ifndef PORTACM_TS_VECTORS_H
#define PORTACM_TS_VECTORS_H

#include "ts_codec.h"

/* For every manifest "decode ... sox" line whose file starts with `prefix` ("ima/"): builds the
 * file's format, opens proc's decoder to 16-bit PCM, converts the data chunk in pieces of
 * `piece_blocks` blocks (the last piece holding any partial block) and fails the test unless
 * frame count and hash equal sox's. Returns the number of files checked. */
int ts_check_decode_vectors(DRIVERPROC proc, const char *prefix, unsigned piece_blocks);

#endif
