/*
 * json.c - a small streaming JSON writer for the --json output of the subcommands: nested
 * objects and arrays, escaped strings, numbers. Output is indented for people and stable for
 * scripts (members appear in the order the code writes them).
 */
#include <math.h>
#include <string.h>

#include "cli_int.h"

void json_init(json_writer *json, FILE *out)
{
    memset(json, 0, sizeof *json);
    json->out = out;
    json->first[0] = true;
}

static void indent(json_writer *json)
{
    fputc('\n', json->out);
    for (int i = 0; i < json->depth; i++)
        fputs("  ", json->out);
}

static void write_escaped(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* Writes the separator, indentation and key of the next value. */
static void member(json_writer *json, const char *key)
{
    if (json->depth > 0) {
        if (!json->first[json->depth])
            fputc(',', json->out);
        indent(json);
    }
    json->first[json->depth] = false;
    if (key) {
        write_escaped(json->out, key);
        fputs(": ", json->out);
    }
}

static void open_scope(json_writer *json, const char *key, char bracket)
{
    member(json, key);
    fputc(bracket, json->out);
    if (json->depth + 1 < (int)(sizeof json->first / sizeof json->first[0]))
        json->depth++;
    json->first[json->depth] = true;
}

static void close_scope(json_writer *json, char bracket)
{
    bool empty = json->first[json->depth];
    if (json->depth > 0)
        json->depth--;
    if (!empty)
        indent(json);
    fputc(bracket, json->out);
}

void json_object_begin(json_writer *json, const char *key) { open_scope(json, key, '{'); }
void json_object_end(json_writer *json) { close_scope(json, '}'); }
void json_array_begin(json_writer *json, const char *key) { open_scope(json, key, '['); }
void json_array_end(json_writer *json) { close_scope(json, ']'); }

void json_string(json_writer *json, const char *key, const char *value)
{
    member(json, key);
    if (value)
        write_escaped(json->out, value);
    else
        fputs("null", json->out);
}

void json_uint(json_writer *json, const char *key, uint64_t value)
{
    member(json, key);
    fprintf(json->out, "%llu", (unsigned long long)value);
}

void json_int(json_writer *json, const char *key, int64_t value)
{
    member(json, key);
    fprintf(json->out, "%lld", (long long)value);
}

void json_double(json_writer *json, const char *key, double value)
{
    member(json, key);
    if (isfinite(value))
        fprintf(json->out, "%.6f", value);
    else
        fputs("null", json->out);
}

void json_bool(json_writer *json, const char *key, bool value)
{
    member(json, key);
    fputs(value ? "true" : "false", json->out);
}

void json_null(json_writer *json, const char *key)
{
    member(json, key);
    fputs("null", json->out);
}

void json_finish(json_writer *json)
{
    fputc('\n', json->out);
}
