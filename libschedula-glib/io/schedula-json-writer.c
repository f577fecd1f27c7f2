/* schedula-json-writer.c: JSON written as it goes, as json-glib writes it
 *
 * Model files were written by json-glib 1.6's JsonGenerator from a tree
 * of the whole document; they are now written as they go into a buffer
 * of the writer's, and stay the same bytes:
 *   - pretty: each member or element on its own line, indented by two
 *     spaces a level, `"key" : value`; an empty array is `[]`, and an
 *     empty object `{` and `}` with the indent of its level between them;
 *   - on one line: `{"key":value,...}`, without spaces;
 *   - strings escape '"', '\\', the control characters (\b \f \n \r \t,
 *     others \u00XX) and DEL (\u007f); other bytes are written as they are;
 *   - an integer in decimal; a double as "%.17g" writes it, with ".0"
 *     added when that has no '.' (the callers do not write the doubles
 *     whose text would then not be a number: see schedula-json-value.c).
 * json-glib 1.6 wrote the character 0x1f as it is, which its reader and
 * ours refuse: it is escaped as \u001f, like the other control characters.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-io-private.h"

#define INDENT 2

void
_schedula_json_writer_init (SchedulaJsonWriter *w,
                            gboolean            pretty)
{
  w->data = NULL;
  w->len = 0;
  w->size = 0;
  w->pretty = pretty;
  w->after_key = FALSE;
  w->open = g_byte_array_new ();
}

/* Drops what was written */
void
_schedula_json_writer_clear (SchedulaJsonWriter *w)
{
  g_clear_pointer (&w->data, g_free);
  g_clear_pointer (&w->open, g_byte_array_unref);
}

G_GNUC_NO_INLINE static void
grow (SchedulaJsonWriter *w,
      gsize               n)
{
  w->size = MAX (w->len + n + 1, MAX (w->size * 2, 256));
  w->data = g_realloc (w->data, w->size);
}

/* Room for @n more bytes and a nul: where they go */
static inline char *
reserve (SchedulaJsonWriter *w,
         gsize               n)
{
  if (G_UNLIKELY (w->size - w->len <= n))
    grow (w, n);
  return w->data + w->len;
}

static inline void
put (SchedulaJsonWriter *w,
     const char         *s,
     gsize               n)
{
  memcpy (reserve (w, n), s, n);
  w->len += n;
}

static inline void
put_c (SchedulaJsonWriter *w,
       char                c)
{
  *reserve (w, 1) = c;
  w->len++;
}

static void
put_s (SchedulaJsonWriter *w,
       const char         *s)
{
  put (w, s, strlen (s));
}

/* What was written, nul-terminated (*len bytes and the nul); the writer
 * is cleared */
char *
_schedula_json_writer_finish (SchedulaJsonWriter *w,
                              gsize              *len)
{
  char *text;

  *reserve (w, 0) = '\0';
  *len = w->len;
  /* what it did not use goes back */
  text = g_realloc (g_steal_pointer (&w->data), w->len + 1);
  _schedula_json_writer_clear (w);
  return text;
}

/* Forgets the containers opened past @depth (what was written after a
 * failure is not used: the writer only has to stay in a state to go on) */
void
_schedula_json_writer_cut (SchedulaJsonWriter *w,
                           guint               depth)
{
  if (w->open->len > depth)
    g_byte_array_set_size (w->open, depth);
  w->after_key = FALSE;
}

static void
indent (SchedulaJsonWriter *w,
        guint               level)
{
  gsize n = (gsize) level * INDENT;

  memset (reserve (w, n), ' ', n);
  w->len += n;
}

/* Before an element of an array, or a member's key: the separator and the
 * indent */
static void
next_item (SchedulaJsonWriter *w)
{
  guint8 *has_item;

  if (w->open->len == 0)
    return;
  has_item = &w->open->data[w->open->len - 1];
  if (*has_item)
    put_c (w, ',');
  *has_item = TRUE;
  if (w->pretty)
    {
      put_c (w, '\n');
      indent (w, w->open->len);
    }
}

/* Before a value */
static void
begin_value (SchedulaJsonWriter *w)
{
  if (w->after_key)
    w->after_key = FALSE;
  else
    next_item (w);
}

/* A string, quoted */
static void
put_string (SchedulaJsonWriter *w,
            const char         *s)
{
  const char *run = s, *p;

  put_c (w, '"');
  for (p = s; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      put (w, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': put (w, "\\\"", 2); break;
        case '\\': put (w, "\\\\", 2); break;
        case '\b': put (w, "\\b", 2); break;
        case '\f': put (w, "\\f", 2); break;
        case '\n': put (w, "\\n", 2); break;
        case '\r': put (w, "\\r", 2); break;
        case '\t': put (w, "\\t", 2); break;
        default:
          {
            static const char hex[] = "0123456789abcdef";
            char escape[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

            put (w, escape, sizeof escape);
          }
          break;
        }
    }
  put (w, run, p - run);
  put_c (w, '"');
}

void
_schedula_json_write_key (SchedulaJsonWriter *w,
                          const char         *key)
{
  next_item (w);
  put_string (w, key);
  if (w->pretty)
    put (w, " : ", 3);
  else
    put_c (w, ':');
  w->after_key = TRUE;
}

static void
begin_container (SchedulaJsonWriter *w,
                 char                c)
{
  guint8 has_item = FALSE;

  begin_value (w);
  put_c (w, c);
  g_byte_array_append (w->open, &has_item, 1);
}

static void
end_container (SchedulaJsonWriter *w,
               char                c)
{
  gboolean had_items = w->open->data[w->open->len - 1];

  g_byte_array_set_size (w->open, w->open->len - 1);
  if (w->pretty && had_items)
    put_c (w, '\n');
  /* json-glib indents the end of an empty object, not of an empty array */
  if (w->pretty && (had_items || c == '}'))
    indent (w, w->open->len);
  put_c (w, c);
}

void
_schedula_json_write_begin_object (SchedulaJsonWriter *w)
{
  begin_container (w, '{');
}

void
_schedula_json_write_end_object (SchedulaJsonWriter *w)
{
  end_container (w, '}');
}

void
_schedula_json_write_begin_array (SchedulaJsonWriter *w)
{
  begin_container (w, '[');
}

void
_schedula_json_write_end_array (SchedulaJsonWriter *w)
{
  end_container (w, ']');
}

void
_schedula_json_write_string (SchedulaJsonWriter *w,
                             const char         *s)
{
  begin_value (w);
  put_string (w, s);
}

void
_schedula_json_write_int (SchedulaJsonWriter *w,
                          gint64              i)
{
  char digits[24];
  guint64 u = i < 0 ? -(guint64) i : (guint64) i;
  gsize n = sizeof digits;

  begin_value (w);
  do
    {
      digits[--n] = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (i < 0)
    digits[--n] = '-';
  put (w, digits + n, sizeof digits - n);
}

/* A double as a JSON number, "%.17g" (".0" added without a '.') */
void
_schedula_json_write_number (SchedulaJsonWriter *w,
                             gdouble             d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  begin_value (w);
  put_s (w, g_ascii_dtostr (buf, sizeof buf, d));
  if (strchr (buf, '.') == NULL)
    put (w, ".0", 2);
}

void
_schedula_json_write_boolean (SchedulaJsonWriter *w,
                              gboolean            b)
{
  begin_value (w);
  put_s (w, b ? "true" : "false");
}

void
_schedula_json_write_null (SchedulaJsonWriter *w)
{
  begin_value (w);
  put (w, "null", 4);
}

/* The newline at the end of a file */
void
_schedula_json_write_newline (SchedulaJsonWriter *w)
{
  put_c (w, '\n');
}
