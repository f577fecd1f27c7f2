/* bench-json.h: a small streaming (pull) JSON reader for the benchmarks
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The benchmark model files are up to ~12 MB; building a DOM for them would
 * dominate the peak RSS we want to measure. This reader pulls one token at a
 * time from a fixed-size buffer, so its memory use does not depend on the
 * size of the document.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_JSON_ERROR (bench_json_error_quark ())

typedef enum {
  BENCH_JSON_ERROR_IO,
  BENCH_JSON_ERROR_SYNTAX,
  BENCH_JSON_ERROR_UNEXPECTED,
} BenchJsonError;

typedef enum {
  BENCH_JSON_TOKEN_ERROR,          /* error set */
  BENCH_JSON_TOKEN_EOF,            /* end of the document */
  BENCH_JSON_TOKEN_BEGIN_OBJECT,
  BENCH_JSON_TOKEN_END_OBJECT,
  BENCH_JSON_TOKEN_BEGIN_ARRAY,
  BENCH_JSON_TOKEN_END_ARRAY,
  BENCH_JSON_TOKEN_KEY,            /* a member name; bench_json_reader_get_string() */
  BENCH_JSON_TOKEN_STRING,         /* bench_json_reader_get_string() */
  BENCH_JSON_TOKEN_INT,            /* an integer that fits in gint64 */
  BENCH_JSON_TOKEN_DOUBLE,         /* any other number */
  BENCH_JSON_TOKEN_TRUE,
  BENCH_JSON_TOKEN_FALSE,
  BENCH_JSON_TOKEN_NULL,
} BenchJsonToken;

typedef struct _BenchJsonReader BenchJsonReader;

GQuark           bench_json_error_quark           (void);

BenchJsonReader *bench_json_reader_new_for_path   (const char       *path,
                                                   GError          **error);
BenchJsonReader *bench_json_reader_new_for_data   (const char       *data,
                                                   gsize             length);
void             bench_json_reader_free           (BenchJsonReader  *reader);

BenchJsonToken   bench_json_reader_next           (BenchJsonReader  *reader,
                                                   GError          **error);

/* Valid until the next call to bench_json_reader_next(). */
const char      *bench_json_reader_get_string     (BenchJsonReader  *reader);
gsize            bench_json_reader_get_string_len (BenchJsonReader  *reader);
/* Steals the current string. */
char            *bench_json_reader_dup_string     (BenchJsonReader  *reader);
gint64           bench_json_reader_get_int        (BenchJsonReader  *reader);
/* The value of an INT or DOUBLE token as a double. */
gdouble          bench_json_reader_get_double     (BenchJsonReader  *reader);

/* Skips the rest of the value that starts with @first (a scalar, or a whole
 * object/array when @first begins one). */
gboolean         bench_json_reader_skip_value     (BenchJsonReader  *reader,
                                                   BenchJsonToken    first,
                                                   GError          **error);

/* Reads the next token and fails unless it is @expected. */
gboolean         bench_json_reader_expect         (BenchJsonReader  *reader,
                                                   BenchJsonToken    expected,
                                                   GError          **error);

/* Sets @error to an "unexpected token" error mentioning @what and the
 * current position. Always returns FALSE. */
gboolean         bench_json_reader_set_unexpected (BenchJsonReader  *reader,
                                                   BenchJsonToken    token,
                                                   const char       *what,
                                                   GError          **error);

/* Reads the next token, which must be a member name or the end of the
 * object. Returns the name (valid until the next read), or NULL at the end
 * of the object (with *@failed FALSE) or on error (*@failed TRUE). */
const char      *bench_json_reader_next_member    (BenchJsonReader  *reader,
                                                   gboolean         *failed,
                                                   GError          **error);

/* Skips the next value, whatever it is (a member's value not needed). */
gboolean         bench_json_reader_skip_next      (BenchJsonReader  *reader,
                                                   GError          **error);

/* Reads an array of strings, appending them (newly allocated) to @into. */
gboolean         bench_json_reader_read_strings   (BenchJsonReader  *reader,
                                                   GPtrArray        *into,
                                                   GError          **error);
/* The same into a NULL-terminated array that replaces *@out (freed first). */
gboolean         bench_json_reader_read_strv      (BenchJsonReader  *reader,
                                                   char           ***out,
                                                   GError          **error);

/* Human readable position: "line L, column C". */
char            *bench_json_reader_dup_position   (BenchJsonReader  *reader);
const char      *bench_json_token_to_string       (BenchJsonToken    token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchJsonReader, bench_json_reader_free)

G_END_DECLS
