/* bench-json.c: a small streaming (pull) JSON reader for the benchmarks
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * RFC 8259 JSON, read through a fixed 64 KiB buffer: objects, arrays,
 * strings (all escapes, \u and four hex digits with surrogate pairs, UTF-8 validated),
 * numbers (integers that fit in gint64 are reported as such, everything else
 * as double), true, false, null. Structure (commas, colons, nesting) is
 * checked as tokens are pulled.
 */

#include "bench-json.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define BUFFER_SIZE (64 * 1024)
#define MAX_DEPTH 512
#define MAX_NUMBER_LEN 64

G_DEFINE_QUARK (bench-json-error-quark, bench_json_error)

typedef enum {
  FRAME_ROOT,
  FRAME_OBJECT,
  FRAME_ARRAY,
} FrameKind;

typedef enum {
  STATE_VALUE,   /* a value must come (document start, after ':', after ',' in an array) */
  STATE_FIRST,   /* just after '{' or '[': a member/element or the closing bracket */
  STATE_KEY,     /* after ',' in an object: a member name */
  STATE_AFTER,   /* after a value: ',' or the closing bracket (EOF at the root) */
} State;

struct _BenchJsonReader
{
  char       *path;        /* for messages; NULL for in-memory data */
  int         fd;          /* -1 for in-memory data */
  guchar     *owned_buf;   /* BUFFER_SIZE bytes when reading a file */
  const guchar *buf;
  gsize       pos;
  gsize       len;
  gboolean    at_eof;
  int         read_errno;  /* non-zero after a failed read() */

  guint64     consumed;    /* bytes before buf[0] */
  guint64     line;        /* 1-based */
  guint64     line_start;  /* absolute offset of the current line */

  GByteArray *stack;       /* FrameKind per open container, [0] is FRAME_ROOT */
  State       state;

  GString    *str;
  gint64      int_value;
  gdouble     double_value;
};

static gboolean
fill (BenchJsonReader *r)
{
  gssize n;

  if (r->at_eof || r->fd < 0)
    {
      r->at_eof = TRUE;
      return FALSE;
    }
  r->consumed += r->len;
  r->pos = 0;
  r->len = 0;
  do
    n = read (r->fd, r->owned_buf, BUFFER_SIZE);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    {
      if (n < 0)
        r->read_errno = errno;
      r->at_eof = TRUE;
      return FALSE;
    }
  r->len = (gsize) n;
  return TRUE;
}

/* The next byte, or -1 at the end of the input. */
static inline int
peek_byte (BenchJsonReader *r)
{
  if (G_UNLIKELY (r->pos >= r->len) && !fill (r))
    return -1;
  return r->buf[r->pos];
}

static inline int
next_byte (BenchJsonReader *r)
{
  int c = peek_byte (r);

  if (c >= 0)
    r->pos++;
  return c;
}

static guint64
offset (BenchJsonReader *r)
{
  return r->consumed + r->pos;
}

char *
bench_json_reader_dup_position (BenchJsonReader *reader)
{
  return g_strdup_printf ("%s%sline %" G_GUINT64_FORMAT ", column %" G_GUINT64_FORMAT,
                          reader->path ? reader->path : "",
                          reader->path ? ": " : "",
                          reader->line,
                          offset (reader) - reader->line_start + 1);
}

G_GNUC_PRINTF (3, 4)
static gboolean
set_error (BenchJsonReader  *r,
           GError          **error,
           const char       *format,
           ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *where = NULL;
  va_list args;

  if (r->read_errno != 0)
    {
      g_set_error (error, BENCH_JSON_ERROR, BENCH_JSON_ERROR_IO,
                   "%s: read error: %s", r->path ? r->path : "(data)",
                   g_strerror (r->read_errno));
      return FALSE;
    }
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  where = bench_json_reader_dup_position (r);
  g_set_error (error, BENCH_JSON_ERROR, BENCH_JSON_ERROR_SYNTAX,
               "%s: %s", where, msg);
  return FALSE;
}

static BenchJsonReader *
reader_new (void)
{
  BenchJsonReader *r = g_new0 (BenchJsonReader, 1);
  guint8 root = FRAME_ROOT;

  r->fd = -1;
  r->line = 1;
  r->stack = g_byte_array_sized_new (16);
  g_byte_array_append (r->stack, &root, 1);
  r->state = STATE_VALUE;
  r->str = g_string_sized_new (64);
  return r;
}

BenchJsonReader *
bench_json_reader_new_for_path (const char  *path,
                                GError     **error)
{
  g_autoptr(BenchJsonReader) r = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, BENCH_JSON_ERROR, BENCH_JSON_ERROR_IO,
                   "Cannot open %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  r = reader_new ();
  r->path = g_strdup (path);
  r->fd = fd;
  r->owned_buf = g_malloc (BUFFER_SIZE);
  r->buf = r->owned_buf;
  return g_steal_pointer (&r);
}

BenchJsonReader *
bench_json_reader_new_for_data (const char *data,
                                gsize       length)
{
  BenchJsonReader *r = reader_new ();

  r->buf = (const guchar *) data;
  r->len = length;
  r->at_eof = TRUE;
  return r;
}

void
bench_json_reader_free (BenchJsonReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->fd >= 0)
    g_close (reader->fd, NULL);
  g_free (reader->owned_buf);
  g_free (reader->path);
  g_byte_array_unref (reader->stack);
  g_string_free (reader->str, TRUE);
  g_free (reader);
}

const char *
bench_json_token_to_string (BenchJsonToken token)
{
  switch (token)
    {
    case BENCH_JSON_TOKEN_ERROR: return "error";
    case BENCH_JSON_TOKEN_EOF: return "end of document";
    case BENCH_JSON_TOKEN_BEGIN_OBJECT: return "'{'";
    case BENCH_JSON_TOKEN_END_OBJECT: return "'}'";
    case BENCH_JSON_TOKEN_BEGIN_ARRAY: return "'['";
    case BENCH_JSON_TOKEN_END_ARRAY: return "']'";
    case BENCH_JSON_TOKEN_KEY: return "member name";
    case BENCH_JSON_TOKEN_STRING: return "string";
    case BENCH_JSON_TOKEN_INT: return "integer";
    case BENCH_JSON_TOKEN_DOUBLE: return "number";
    case BENCH_JSON_TOKEN_TRUE: return "true";
    case BENCH_JSON_TOKEN_FALSE: return "false";
    case BENCH_JSON_TOKEN_NULL: return "null";
    default: return "?";
    }
}

/* Skips whitespace and returns the next significant byte (not consumed), or
 * -1 at the end of the input. */
static int
skip_whitespace (BenchJsonReader *r)
{
  for (;;)
    {
      int c = peek_byte (r);

      switch (c)
        {
        case '\n':
          r->pos++;
          r->line++;
          r->line_start = offset (r);
          break;
        case ' ':
        case '\t':
        case '\r':
          r->pos++;
          break;
        default:
          return c;
        }
    }
}

static inline FrameKind
top_frame (BenchJsonReader *r)
{
  return (FrameKind) r->stack->data[r->stack->len - 1];
}

static gboolean
push_frame (BenchJsonReader  *r,
            FrameKind         kind,
            GError          **error)
{
  guint8 k = kind;

  if (r->stack->len > MAX_DEPTH)
    return set_error (r, error, "nesting deeper than %d levels", MAX_DEPTH);
  g_byte_array_append (r->stack, &k, 1);
  r->state = STATE_FIRST;
  return TRUE;
}

static void
pop_frame (BenchJsonReader *r)
{
  g_byte_array_set_size (r->stack, r->stack->len - 1);
  r->state = STATE_AFTER;
}

static int
hex_value (int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (BenchJsonReader  *r,
           gunichar         *out,
           GError          **error)
{
  gunichar v = 0;

  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (next_byte (r));

      if (h < 0)
        return set_error (r, error, "invalid \\u escape");
      v = (v << 4) | (gunichar) h;
    }
  *out = v;
  return TRUE;
}

static gboolean
read_escape (BenchJsonReader  *r,
             GError          **error)
{
  int c = next_byte (r);
  gunichar cp, low;

  switch (c)
    {
    case '"': g_string_append_c (r->str, '"'); return TRUE;
    case '\\': g_string_append_c (r->str, '\\'); return TRUE;
    case '/': g_string_append_c (r->str, '/'); return TRUE;
    case 'b': g_string_append_c (r->str, '\b'); return TRUE;
    case 'f': g_string_append_c (r->str, '\f'); return TRUE;
    case 'n': g_string_append_c (r->str, '\n'); return TRUE;
    case 'r': g_string_append_c (r->str, '\r'); return TRUE;
    case 't': g_string_append_c (r->str, '\t'); return TRUE;
    case 'u':
      break;
    case -1:
      return set_error (r, error, "unterminated string");
    default:
      return set_error (r, error, "invalid escape '\\%c'", c);
    }

  if (!read_hex4 (r, &cp, error))
    return FALSE;
  if (cp >= 0xDC00 && cp <= 0xDFFF)
    return set_error (r, error, "unpaired low surrogate \\u%04X", cp);
  if (cp >= 0xD800 && cp <= 0xDBFF)
    {
      if (next_byte (r) != '\\' || next_byte (r) != 'u')
        return set_error (r, error, "unpaired high surrogate \\u%04X", cp);
      if (!read_hex4 (r, &low, error))
        return FALSE;
      if (low < 0xDC00 || low > 0xDFFF)
        return set_error (r, error, "invalid surrogate pair \\u%04X\\u%04X", cp, low);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
  if (cp == 0)
    return set_error (r, error, "\\u0000 in strings is not supported");
  g_string_append_unichar (r->str, cp);
  return TRUE;
}

/* Reads a string; the opening quote is the next byte. */
static gboolean
read_string (BenchJsonReader  *r,
             GError          **error)
{
  g_string_truncate (r->str, 0);
  r->pos++;  /* opening quote */

  for (;;)
    {
      gsize start;
      int c;

      if (r->pos >= r->len && !fill (r))
        return set_error (r, error, "unterminated string");

      start = r->pos;
      while (r->pos < r->len)
        {
          guchar b = r->buf[r->pos];

          if (b == '"' || b == '\\' || b < 0x20)
            break;
          r->pos++;
        }
      if (r->pos > start)
        g_string_append_len (r->str, (const char *) r->buf + start, (gssize) (r->pos - start));
      if (r->pos >= r->len)
        continue;

      c = r->buf[r->pos++];
      if (c == '"')
        break;
      if (c != '\\')
        {
          r->pos--;
          return set_error (r, error, "control character 0x%02X in string", (guint) c);
        }
      if (!read_escape (r, error))
        return FALSE;
    }

  if (!g_utf8_validate_len (r->str->str, r->str->len, NULL))
    return set_error (r, error, "string is not valid UTF-8");
  return TRUE;
}

static inline gboolean
is_digit (int c)
{
  return c >= '0' && c <= '9';
}

static BenchJsonToken
read_number (BenchJsonReader  *r,
             GError          **error)
{
  char text[MAX_NUMBER_LEN + 1];
  gsize n = 0;
  gboolean is_integer = TRUE;
  int c;

#define TAKE() G_STMT_START {                                                   \
    if (n >= MAX_NUMBER_LEN)                                                    \
      {                                                                         \
        set_error (r, error, "number longer than %d characters", MAX_NUMBER_LEN); \
        return BENCH_JSON_TOKEN_ERROR;                                          \
      }                                                                         \
    text[n++] = (char) next_byte (r);                                           \
  } G_STMT_END

  if (peek_byte (r) == '-')
    TAKE ();
  c = peek_byte (r);
  if (c == '0')
    TAKE ();
  else if (c >= '1' && c <= '9')
    {
      while (is_digit (peek_byte (r)))
        TAKE ();
    }
  else
    {
      set_error (r, error, "invalid number");
      return BENCH_JSON_TOKEN_ERROR;
    }

  if (peek_byte (r) == '.')
    {
      is_integer = FALSE;
      TAKE ();
      if (!is_digit (peek_byte (r)))
        {
          set_error (r, error, "invalid number: digit expected after '.'");
          return BENCH_JSON_TOKEN_ERROR;
        }
      while (is_digit (peek_byte (r)))
        TAKE ();
    }

  c = peek_byte (r);
  if (c == 'e' || c == 'E')
    {
      is_integer = FALSE;
      TAKE ();
      c = peek_byte (r);
      if (c == '+' || c == '-')
        TAKE ();
      if (!is_digit (peek_byte (r)))
        {
          set_error (r, error, "invalid number: digit expected in exponent");
          return BENCH_JSON_TOKEN_ERROR;
        }
      while (is_digit (peek_byte (r)))
        TAKE ();
    }
#undef TAKE

  text[n] = '\0';
  if (is_integer)
    {
      char *end = NULL;
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (text, &end, 10);
      if (errno == 0 && end == text + n)
        {
          r->int_value = v;
          r->double_value = (gdouble) v;
          return BENCH_JSON_TOKEN_INT;
        }
      /* out of gint64 range: fall through to double */
    }
  r->double_value = g_ascii_strtod (text, NULL);
  return BENCH_JSON_TOKEN_DOUBLE;
}

static BenchJsonToken
read_literal (BenchJsonReader  *r,
              const char       *word,
              BenchJsonToken    token,
              GError          **error)
{
  for (const char *p = word; *p != '\0'; p++)
    {
      if (next_byte (r) != *p)
        {
          set_error (r, error, "invalid literal (expected '%s')", word);
          return BENCH_JSON_TOKEN_ERROR;
        }
    }
  return token;
}

/* A value starts at the next byte @c (whitespace already skipped). */
static BenchJsonToken
read_value (BenchJsonReader  *r,
            int               c,
            GError          **error)
{
  BenchJsonToken token;

  switch (c)
    {
    case '{':
      r->pos++;
      return push_frame (r, FRAME_OBJECT, error) ? BENCH_JSON_TOKEN_BEGIN_OBJECT : BENCH_JSON_TOKEN_ERROR;
    case '[':
      r->pos++;
      return push_frame (r, FRAME_ARRAY, error) ? BENCH_JSON_TOKEN_BEGIN_ARRAY : BENCH_JSON_TOKEN_ERROR;
    case '"':
      token = read_string (r, error) ? BENCH_JSON_TOKEN_STRING : BENCH_JSON_TOKEN_ERROR;
      break;
    case 't':
      token = read_literal (r, "true", BENCH_JSON_TOKEN_TRUE, error);
      break;
    case 'f':
      token = read_literal (r, "false", BENCH_JSON_TOKEN_FALSE, error);
      break;
    case 'n':
      token = read_literal (r, "null", BENCH_JSON_TOKEN_NULL, error);
      break;
    case -1:
      set_error (r, error, "unexpected end of document");
      return BENCH_JSON_TOKEN_ERROR;
    default:
      if (c == '-' || is_digit (c))
        token = read_number (r, error);
      else
        {
          set_error (r, error, "unexpected character '%c'", c);
          return BENCH_JSON_TOKEN_ERROR;
        }
      break;
    }
  if (token != BENCH_JSON_TOKEN_ERROR)
    r->state = STATE_AFTER;
  return token;
}

/* A member name starts at the next byte @c. */
static BenchJsonToken
read_key (BenchJsonReader  *r,
          int               c,
          GError          **error)
{
  if (c != '"')
    {
      set_error (r, error, "member name expected");
      return BENCH_JSON_TOKEN_ERROR;
    }
  if (!read_string (r, error))
    return BENCH_JSON_TOKEN_ERROR;
  if (skip_whitespace (r) != ':')
    {
      set_error (r, error, "':' expected after member name");
      return BENCH_JSON_TOKEN_ERROR;
    }
  r->pos++;
  r->state = STATE_VALUE;
  return BENCH_JSON_TOKEN_KEY;
}

BenchJsonToken
bench_json_reader_next (BenchJsonReader  *reader,
                        GError          **error)
{
  BenchJsonReader *r = reader;
  FrameKind frame = top_frame (r);
  int c = skip_whitespace (r);

  switch (r->state)
    {
    case STATE_VALUE:
      return read_value (r, c, error);

    case STATE_KEY:
      return read_key (r, c, error);

    case STATE_FIRST:
      if (frame == FRAME_OBJECT)
        {
          if (c == '}')
            {
              r->pos++;
              pop_frame (r);
              return BENCH_JSON_TOKEN_END_OBJECT;
            }
          return read_key (r, c, error);
        }
      if (c == ']')
        {
          r->pos++;
          pop_frame (r);
          return BENCH_JSON_TOKEN_END_ARRAY;
        }
      return read_value (r, c, error);

    case STATE_AFTER:
      if (frame == FRAME_ROOT)
        {
          if (c == -1)
            {
              if (r->read_errno != 0)
                {
                  set_error (r, error, "read error");
                  return BENCH_JSON_TOKEN_ERROR;
                }
              return BENCH_JSON_TOKEN_EOF;
            }
          set_error (r, error, "unexpected data after the document");
          return BENCH_JSON_TOKEN_ERROR;
        }
      if (c == ',')
        {
          r->pos++;
          c = skip_whitespace (r);
          if (frame == FRAME_OBJECT)
            return read_key (r, c, error);
          return read_value (r, c, error);
        }
      if (frame == FRAME_OBJECT && c == '}')
        {
          r->pos++;
          pop_frame (r);
          return BENCH_JSON_TOKEN_END_OBJECT;
        }
      if (frame == FRAME_ARRAY && c == ']')
        {
          r->pos++;
          pop_frame (r);
          return BENCH_JSON_TOKEN_END_ARRAY;
        }
      if (c == -1)
        set_error (r, error, "unexpected end of document");
      else
        set_error (r, error, "',' or '%c' expected", frame == FRAME_OBJECT ? '}' : ']');
      return BENCH_JSON_TOKEN_ERROR;

    default:
      g_assert_not_reached ();
    }
  return BENCH_JSON_TOKEN_ERROR;
}

const char *
bench_json_reader_get_string (BenchJsonReader *reader)
{
  return reader->str->str;
}

gsize
bench_json_reader_get_string_len (BenchJsonReader *reader)
{
  return reader->str->len;
}

char *
bench_json_reader_dup_string (BenchJsonReader *reader)
{
  return g_strndup (reader->str->str, reader->str->len);
}

gint64
bench_json_reader_get_int (BenchJsonReader *reader)
{
  return reader->int_value;
}

gdouble
bench_json_reader_get_double (BenchJsonReader *reader)
{
  return reader->double_value;
}

gboolean
bench_json_reader_skip_value (BenchJsonReader  *reader,
                              BenchJsonToken    first,
                              GError          **error)
{
  guint depth;

  switch (first)
    {
    case BENCH_JSON_TOKEN_BEGIN_OBJECT:
    case BENCH_JSON_TOKEN_BEGIN_ARRAY:
      break;
    case BENCH_JSON_TOKEN_STRING:
    case BENCH_JSON_TOKEN_INT:
    case BENCH_JSON_TOKEN_DOUBLE:
    case BENCH_JSON_TOKEN_TRUE:
    case BENCH_JSON_TOKEN_FALSE:
    case BENCH_JSON_TOKEN_NULL:
      return TRUE;
    case BENCH_JSON_TOKEN_ERROR:
      return FALSE;
    case BENCH_JSON_TOKEN_EOF:
    case BENCH_JSON_TOKEN_END_OBJECT:
    case BENCH_JSON_TOKEN_END_ARRAY:
    case BENCH_JSON_TOKEN_KEY:
    default:
      return bench_json_reader_set_unexpected (reader, first, "a value", error);
    }

  depth = 1;
  while (depth > 0)
    {
      switch (bench_json_reader_next (reader, error))
        {
        case BENCH_JSON_TOKEN_BEGIN_OBJECT:
        case BENCH_JSON_TOKEN_BEGIN_ARRAY:
          depth++;
          break;
        case BENCH_JSON_TOKEN_END_OBJECT:
        case BENCH_JSON_TOKEN_END_ARRAY:
          depth--;
          break;
        case BENCH_JSON_TOKEN_ERROR:
          return FALSE;
        default:
          break;
        }
    }
  return TRUE;
}

gboolean
bench_json_reader_set_unexpected (BenchJsonReader  *reader,
                                  BenchJsonToken    token,
                                  const char       *what,
                                  GError          **error)
{
  g_autofree char *where = NULL;

  if (token == BENCH_JSON_TOKEN_ERROR)
    return FALSE;  /* already set */
  where = bench_json_reader_dup_position (reader);
  g_set_error (error, BENCH_JSON_ERROR, BENCH_JSON_ERROR_UNEXPECTED,
               "%s: expected %s, found %s", where, what,
               bench_json_token_to_string (token));
  return FALSE;
}

gboolean
bench_json_reader_expect (BenchJsonReader  *reader,
                          BenchJsonToken    expected,
                          GError          **error)
{
  BenchJsonToken token = bench_json_reader_next (reader, error);

  if (token == expected)
    return TRUE;
  return bench_json_reader_set_unexpected (reader, token,
                                           bench_json_token_to_string (expected),
                                           error);
}

const char *
bench_json_reader_next_member (BenchJsonReader  *reader,
                               gboolean         *failed,
                               GError          **error)
{
  BenchJsonToken token = bench_json_reader_next (reader, error);

  *failed = FALSE;
  if (token == BENCH_JSON_TOKEN_KEY)
    return bench_json_reader_get_string (reader);
  if (token != BENCH_JSON_TOKEN_END_OBJECT)
    {
      *failed = TRUE;
      bench_json_reader_set_unexpected (reader, token, "a member name or '}'", error);
    }
  return NULL;
}

gboolean
bench_json_reader_skip_next (BenchJsonReader  *reader,
                             GError          **error)
{
  return bench_json_reader_skip_value (reader, bench_json_reader_next (reader, error), error);
}

gboolean
bench_json_reader_read_strings (BenchJsonReader  *reader,
                                GPtrArray        *into,
                                GError          **error)
{
  BenchJsonToken token;

  if (!bench_json_reader_expect (reader, BENCH_JSON_TOKEN_BEGIN_ARRAY, error))
    return FALSE;
  while ((token = bench_json_reader_next (reader, error)) == BENCH_JSON_TOKEN_STRING)
    g_ptr_array_add (into, bench_json_reader_dup_string (reader));
  if (token != BENCH_JSON_TOKEN_END_ARRAY)
    return bench_json_reader_set_unexpected (reader, token, "a string or ']'", error);
  return TRUE;
}

gboolean
bench_json_reader_read_strv (BenchJsonReader   *reader,
                             char            ***out,
                             GError           **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  if (!bench_json_reader_read_strings (reader, strings, error))
    return FALSE;
  g_ptr_array_add (strings, NULL);
  g_strfreev (*out);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&strings), FALSE);
  return TRUE;
}
