/* schedula-json-reader.c: the JSON of model files, read with positions
 *
 * json-glib 1.6's parser recurses once per level of nesting, keeps no
 * position of the nodes it builds and lets a duplicate key replace the
 * first. Model files come from anywhere, and their errors must name a line
 * and a column: this reader builds the json-glib tree itself, without
 * recursion (a stack of open containers), and records where each node
 * starts. It reads strict JSON (RFC 8259) in UTF-8 and refuses, with the
 * line and column: nesting deeper than SCHEDULA_MODEL_FILE_MAX_DEPTH,
 * strings longer than SCHEDULA_MODEL_FILE_MAX_STRING, integers outside
 * 64 bits and numbers outside the doubles, duplicate keys, NUL characters
 * in strings.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "schedula-io-private.h"

/* The longest number literal: a double needs about 25 characters */
#define MAX_NUMBER_LENGTH 1000

/**
 * schedula_model_file_error_quark:
 *
 * The error domain of the model files, %SCHEDULA_MODEL_FILE_ERROR.
 *
 * Returns: the quark of the domain
 */
G_DEFINE_QUARK (schedula-model-file-error-quark, schedula_model_file_error)

typedef struct
{
  JsonNode   *node;       /* the container */
  JsonObject *object;     /* or NULL for an array */
  JsonArray  *array;
  char       *key;        /* object: the key of the member being read */
  gsize       key_at;
} Frame;

typedef struct
{
  const char      *p;      /* the text */
  gsize            len;
  gsize            pos;
  SchedulaJsonDoc *doc;
  GArray          *stack;  /* Frame */
  GString         *buf;
} Reader;

/* Line and column (in characters, from 1) of a byte offset */
static void
position_of (const char *text,
                            gsize       len,
                            gsize       offset,
                            guint      *line,
                            guint      *column)
{
  gsize line_start = 0;
  guint l = 1, c = 1;

  offset = MIN (offset, len);
  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      {
        l++;
        line_start = i + 1;
      }
  for (gsize i = line_start; i < offset; i++)
    if (((guchar) text[i] & 0xc0) != 0x80)
      c++;
  *line = l;
  *column = c;
}

static void
doc_error_at (SchedulaJsonDoc  *doc,
              gsize             offset,
              GError          **error,
              gint              code,
              const char       *message)
{
  gsize len;
  const char *text = g_bytes_get_data (doc->text, &len);
  guint line, column;

  position_of (text, len, offset, &line, &column);
  g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, code, "%s:%u:%u: %s", doc->name, line, column, message);
}

static gsize
node_offset (SchedulaJsonDoc *doc,
             JsonNode        *node)
{
  gpointer v = node != NULL ? g_hash_table_lookup (doc->positions, node) : NULL;

  return v != NULL ? GPOINTER_TO_SIZE (v) - 1 : 0;
}

/* Sets @error to the message, prefixed with the name of the file and the
 * position of @node. */
void
_schedula_json_doc_error (SchedulaJsonDoc  *doc,
                          JsonNode         *node,
                          GError          **error,
                          gint              code,
                          const char       *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  doc_error_at (doc, node_offset (doc, node), error, code, message);
}

/* Makes an error of another domain a SCHEDULA_MODEL_FILE_ERROR_VALUE
 * naming the file and the position of @node; an error of the domain is
 * left as it is (it names its position already). */
void
_schedula_json_doc_prefix (SchedulaJsonDoc  *doc,
                           JsonNode         *node,
                           GError          **error)
{
  GError *inner;

  if (error == NULL || *error == NULL)
    return;
  inner = *error;
  *error = NULL;
  if (inner->domain == SCHEDULA_MODEL_FILE_ERROR)
    {
      /* already positioned */
      g_propagate_error (error, inner);
      return;
    }
  doc_error_at (doc, node_offset (doc, node), error, SCHEDULA_MODEL_FILE_ERROR_VALUE, inner->message);
  g_error_free (inner);
}

void
_schedula_json_doc_free (SchedulaJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->name);
  g_clear_pointer (&doc->text, g_bytes_unref);
  g_clear_pointer (&doc->root, json_node_unref);
  g_clear_pointer (&doc->positions, g_hash_table_unref);
  g_free (doc);
}

/* Reading */

static gboolean
fail (Reader      *r,
      gsize        offset,
      GError     **error,
      gint         code,
      const char  *format,
      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (Reader      *r,
      gsize        offset,
      GError     **error,
      gint         code,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  doc_error_at (r->doc, offset, error, code, message);
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->pos < r->len)
    {
      char c = r->p[r->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      r->pos++;
    }
}

/* What is at pos, for messages */
static char *
describe_here (Reader *r)
{
  guchar c;

  if (r->pos >= r->len)
    return g_strdup ("the end of the text");
  c = r->p[r->pos];
  if (c >= 0x20 && c < 0x7f)
    return g_strdup_printf ("'%c'", c);
  return g_strdup_printf ("the byte 0x%02x", c);
}

static gboolean
unexpected (Reader      *r,
            const char  *wanted,
            GError     **error)
{
  g_autofree char *here = describe_here (r);

  return fail (r, r->pos, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "%s expected, not %s", wanted, here);
}

static gint
hex_value (char c)
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
read_hex4 (Reader   *r,
           gunichar *u)
{
  gunichar v = 0;

  if (r->len - r->pos < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      gint h = hex_value (r->p[r->pos + i]);

      if (h < 0)
        return FALSE;
      v = v * 16 + (gunichar) h;
    }
  r->pos += 4;
  *u = v;
  return TRUE;
}

/* Reads the string at pos (its opening quote) into r->buf */
static gboolean
read_string (Reader  *r,
             GError **error)
{
  gsize start = r->pos;

  g_string_truncate (r->buf, 0);
  r->pos++;
  for (;;)
    {
      gsize run = r->pos;
      guchar c;

      /* the plain characters, in one append */
      while (r->pos < r->len)
        {
          c = r->p[r->pos];
          if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            break;
          r->pos++;
        }
      if (r->pos > run)
        g_string_append_len (r->buf, r->p + run, r->pos - run);
      if (r->buf->len > SCHEDULA_MODEL_FILE_MAX_STRING)
        return fail (r, start, error, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
                     "a string longer than %u bytes", SCHEDULA_MODEL_FILE_MAX_STRING);
      if (r->pos >= r->len)
        return fail (r, start, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a string that does not end");
      c = r->p[r->pos];
      if (c == '"')
        {
          r->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (r, r->pos, error, SCHEDULA_MODEL_FILE_ERROR_PARSE,
                     "a control character (0x%02x) in a string: write it as an escape", c);
      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated (r->p + r->pos, r->len - r->pos);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            return fail (r, r->pos, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a string that is not UTF-8");
          {
            gsize n = g_utf8_skip[c];

            g_string_append_len (r->buf, r->p + r->pos, n);
            r->pos += n;
          }
          continue;
        }
      /* an escape */
      {
        gsize at = r->pos;

        r->pos++;
        if (r->pos >= r->len)
          return fail (r, start, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a string that does not end");
        c = r->p[r->pos++];
        switch (c)
          {
          case '"': g_string_append_c (r->buf, '"'); break;
          case '\\': g_string_append_c (r->buf, '\\'); break;
          case '/': g_string_append_c (r->buf, '/'); break;
          case 'b': g_string_append_c (r->buf, '\b'); break;
          case 'f': g_string_append_c (r->buf, '\f'); break;
          case 'n': g_string_append_c (r->buf, '\n'); break;
          case 'r': g_string_append_c (r->buf, '\r'); break;
          case 't': g_string_append_c (r->buf, '\t'); break;
          case 'u':
            {
              gunichar u, low;

              if (!read_hex4 (r, &u))
                return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a \\u escape without four hex digits");
              if (u >= 0xdc00 && u <= 0xdfff)
                return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a lone low surrogate (\\u%04x)", u);
              if (u >= 0xd800 && u <= 0xdbff)
                {
                  if (r->len - r->pos < 2 || r->p[r->pos] != '\\' || r->p[r->pos + 1] != 'u')
                    return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE,
                                 "a high surrogate (\\u%04x) without its low surrogate", u);
                  r->pos += 2;
                  if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
                    return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE,
                                 "a high surrogate (\\u%04x) without its low surrogate", u);
                  u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                }
              if (u == 0)
                return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE,
                             "a NUL character (\\u0000) in a string");
              g_string_append_unichar (r->buf, u);
            }
            break;
          default:
            return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "an unknown escape in a string");
          }
      }
    }
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* Reads the number at pos into node */
static gboolean
read_number (Reader    *r,
             JsonNode  *node,
             GError   **error)
{
  gsize start = r->pos;
  gboolean integral = TRUE;
  char stack_text[64];
  char *text;
  gsize n;

  if (r->p[r->pos] == '-')
    r->pos++;
  if (r->pos >= r->len || !is_digit (r->p[r->pos]))
    return unexpected (r, "a digit", error);
  if (r->p[r->pos] == '0')
    r->pos++;
  else
    while (r->pos < r->len && is_digit (r->p[r->pos]))
      r->pos++;
  if (r->pos < r->len && r->p[r->pos] == '.')
    {
      integral = FALSE;
      r->pos++;
      if (r->pos >= r->len || !is_digit (r->p[r->pos]))
        return unexpected (r, "a digit after the decimal point", error);
      while (r->pos < r->len && is_digit (r->p[r->pos]))
        r->pos++;
    }
  if (r->pos < r->len && (r->p[r->pos] == 'e' || r->p[r->pos] == 'E'))
    {
      integral = FALSE;
      r->pos++;
      if (r->pos < r->len && (r->p[r->pos] == '+' || r->p[r->pos] == '-'))
        r->pos++;
      if (r->pos >= r->len || !is_digit (r->p[r->pos]))
        return unexpected (r, "a digit in the exponent", error);
      while (r->pos < r->len && is_digit (r->p[r->pos]))
        r->pos++;
    }

  n = r->pos - start;
  if (n > MAX_NUMBER_LENGTH)
    return fail (r, start, error, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
                 "a number written with more than %u characters", MAX_NUMBER_LENGTH);
  text = n < sizeof stack_text ? stack_text : g_malloc (n + 1);
  memcpy (text, r->p + start, n);
  text[n] = '\0';
  if (integral)
    {
      gint64 i;

      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &i, NULL))
        {
          if (text != stack_text)
            g_free (text);
          return fail (r, start, error, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
                       "an integer outside the 64-bit integers");
        }
      json_node_init_int (node, i);
    }
  else
    {
      gdouble d = g_ascii_strtod (text, NULL);

      if (!isfinite (d))
        {
          if (text != stack_text)
            g_free (text);
          return fail (r, start, error, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
                       "a number outside the doubles");
        }
      json_node_init_double (node, d);
    }
  if (text != stack_text)
    g_free (text);
  return TRUE;
}

static gboolean
read_literal (Reader      *r,
              const char  *word,
              GError     **error)
{
  gsize n = strlen (word);

  if (r->len - r->pos < n || memcmp (r->p + r->pos, word, n) != 0)
    return unexpected (r, "a value", error);
  r->pos += n;
  return TRUE;
}

/* Puts a new node (a value, or a container just opened) in the container
 * on top of the stack, or at the root */
static gboolean
attach (Reader     *r,
        JsonNode   *node,
        gsize       at,
        JsonNode  **root,
        GError    **error)
{
  Frame *top;

  if (r->stack->len == 0)
    {
      *root = node;
      g_hash_table_insert (r->doc->positions, node, GSIZE_TO_POINTER (at + 1));
      return TRUE;
    }
  top = &g_array_index (r->stack, Frame, r->stack->len - 1);
  if (top->array != NULL)
    {
      json_array_add_element (top->array, node);
      g_hash_table_insert (r->doc->positions, node, GSIZE_TO_POINTER (at + 1));
      return TRUE;
    }
  /* a member: its position is its key's */
  json_object_set_member (top->object, top->key, node);
  g_hash_table_insert (r->doc->positions, node, GSIZE_TO_POINTER (top->key_at + 1));
  g_clear_pointer (&top->key, g_free);
  return TRUE;
}

static void
frame_clear (gpointer data)
{
  Frame *f = data;

  g_clear_pointer (&f->key, g_free);
}

/* States of the reader */
enum {
  VALUE,        /* a value is expected */
  FIRST_ITEM,   /* after '[': a value or ']' */
  FIRST_KEY,    /* after '{': a key or '}' */
  KEY,          /* after ',' in an object: a key */
  AFTER,        /* after a value: ',', or the end of its container */
};

static JsonNode *
read_document (Reader  *r,
               GError **error)
{
  JsonNode *root = NULL;
  int state = VALUE;

  for (;;)
    {
      gsize at;
      char c;

      skip_space (r);
      at = r->pos;

      if (state == AFTER)
        {
          Frame *top;

          if (r->stack->len == 0)
            {
              if (r->pos < r->len)
                {
                  unexpected (r, "the end of the text", error);
                  goto failed;
                }
              return root;
            }
          top = &g_array_index (r->stack, Frame, r->stack->len - 1);
          if (r->pos < r->len && r->p[r->pos] == ',')
            {
              r->pos++;
              state = top->array != NULL ? VALUE : KEY;
              continue;
            }
          if (r->pos < r->len && r->p[r->pos] == (top->array != NULL ? ']' : '}'))
            {
              r->pos++;
              g_array_set_size (r->stack, r->stack->len - 1);
              state = AFTER;
              continue;
            }
          unexpected (r, top->array != NULL ? "',' or ']'" : "',' or '}'", error);
          goto failed;
        }

      if (state == FIRST_KEY || state == KEY)
        {
          Frame *top = &g_array_index (r->stack, Frame, r->stack->len - 1);

          if (state == FIRST_KEY && r->pos < r->len && r->p[r->pos] == '}')
            {
              r->pos++;
              g_array_set_size (r->stack, r->stack->len - 1);
              state = AFTER;
              continue;
            }
          if (r->pos >= r->len || r->p[r->pos] != '"')
            {
              unexpected (r, "a key (a string)", error);
              goto failed;
            }
          if (!read_string (r, error))
            goto failed;
          if (json_object_has_member (top->object, r->buf->str))
            {
              fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a duplicate key \"%s\"", r->buf->str);
              goto failed;
            }
          top->key = g_strndup (r->buf->str, r->buf->len);
          top->key_at = at;
          skip_space (r);
          if (r->pos >= r->len || r->p[r->pos] != ':')
            {
              unexpected (r, "':'", error);
              goto failed;
            }
          r->pos++;
          state = VALUE;
          continue;
        }

      if (state == FIRST_ITEM && r->pos < r->len && r->p[r->pos] == ']')
        {
          r->pos++;
          g_array_set_size (r->stack, r->stack->len - 1);
          state = AFTER;
          continue;
        }

      /* a value */
      if (r->pos >= r->len)
        {
          unexpected (r, "a value", error);
          goto failed;
        }
      c = r->p[r->pos];
      if (c == '{' || c == '[')
        {
          Frame frame = { 0 };
          JsonNode *node = json_node_alloc ();

          if (r->stack->len >= SCHEDULA_MODEL_FILE_MAX_DEPTH)
            {
              json_node_unref (node);
              fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP,
                    "arrays and objects nested deeper than %d levels", SCHEDULA_MODEL_FILE_MAX_DEPTH);
              goto failed;
            }
          r->pos++;
          if (c == '{')
            {
              frame.object = json_object_new ();
              json_node_init_object (node, frame.object);
              json_object_unref (frame.object);
            }
          else
            {
              frame.array = json_array_new ();
              json_node_init_array (node, frame.array);
              json_array_unref (frame.array);
            }
          frame.node = node;
          attach (r, node, at, &root, error);
          g_array_append_val (r->stack, frame);
          state = c == '{' ? FIRST_KEY : FIRST_ITEM;
          continue;
        }
      {
        JsonNode *node = json_node_alloc ();
        gboolean ok;

        switch (c)
          {
          case '"':
            ok = read_string (r, error);
            if (ok)
              json_node_init_string (node, r->buf->str);
            break;
          case 't':
            ok = read_literal (r, "true", error);
            if (ok)
              json_node_init_boolean (node, TRUE);
            break;
          case 'f':
            ok = read_literal (r, "false", error);
            if (ok)
              json_node_init_boolean (node, FALSE);
            break;
          case 'n':
            ok = read_literal (r, "null", error);
            if (ok)
              json_node_init_null (node);
            break;
          default:
            if (c == '-' || is_digit (c))
              ok = read_number (r, node, error);
            else
              ok = unexpected (r, "a value", error);
            break;
          }
        if (!ok)
          {
            json_node_unref (node);
            goto failed;
          }
        attach (r, node, at, &root, error);
        state = AFTER;
      }
    }

failed:
  /* the nodes of the containers still open belong to root */
  g_array_set_size (r->stack, 0);
  if (root != NULL)
    json_node_unref (root);
  return NULL;
}

/* Reads the JSON of a model file (@name is for the messages), with the
 * position of each node */
SchedulaJsonDoc *
_schedula_json_doc_parse (GBytes      *text,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(SchedulaJsonDoc) doc = g_new0 (SchedulaJsonDoc, 1);
  Reader r = { 0 };
  gsize len;

  doc->name = g_strdup (name);
  doc->text = g_bytes_ref (text);
  doc->positions = g_hash_table_new (NULL, NULL);
  r.p = g_bytes_get_data (text, &len);
  r.len = len;
  r.doc = doc;
  if (len > SCHEDULA_MODEL_FILE_MAX_SIZE)
    {
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
                   "%s: more than %u bytes", name, SCHEDULA_MODEL_FILE_MAX_SIZE);
      return NULL;
    }
  /* a byte order mark is allowed, and skipped */
  if (len >= 3 && memcmp (r.p, "\xef\xbb\xbf", 3) == 0)
    r.pos = 3;
  r.stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (r.stack, frame_clear);
  r.buf = g_string_new (NULL);
  doc->root = read_document (&r, error);
  g_array_unref (r.stack);
  g_string_free (r.buf, TRUE);
  if (doc->root == NULL)
    return NULL;
  return g_steal_pointer (&doc);
}
