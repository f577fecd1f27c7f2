/* schedula-json-reader.c: the JSON of model files, read with positions
 *
 * Model files come from anywhere, and their errors must name a line and a
 * column. This reader reads strict JSON (RFC 8259) in UTF-8 without
 * recursion (a stack of open containers), records where each value starts,
 * and refuses, with the line and column: nesting deeper than
 * SCHEDULA_MODEL_FILE_MAX_DEPTH, strings longer than
 * SCHEDULA_MODEL_FILE_MAX_STRING, integers outside 64 bits and numbers
 * outside the doubles, duplicate keys, NUL characters in strings.
 *
 * The document it makes is compact: each value is a SchedulaJsonNode of 16
 * bytes in one array, where the children of an array or an object are
 * next to each other (the children of the containers still open wait on a
 * stack, and move to the array when their container closes), and the
 * strings are in one buffer. A model of 100,000 functions is 2.3 million
 * values: a json-glib tree of them, a hash table per object, took most of
 * the time of a load and several times the memory of the text. The text
 * itself is kept for the messages only while it has characters beyond
 * ASCII: the line and column of an ASCII text are found from where its
 * lines start.
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

/* Objects with more members look their members up in an index (made when
 * a member is first looked up), and find a duplicate key with a hash
 * table while they are read */
#define SMALL_OBJECT 8

G_STATIC_ASSERT (sizeof (SchedulaJsonNode) == 16);

/**
 * schedula_model_file_error_quark:
 *
 * The error domain of the model files, %SCHEDULA_MODEL_FILE_ERROR.
 *
 * Returns: the quark of the domain
 */
G_DEFINE_QUARK (schedula-model-file-error-quark, schedula_model_file_error)

/* Nodes, growing */
typedef struct
{
  SchedulaJsonNode *data;
  gsize             len;
  gsize             size;
} Nodes;

/* Offsets, growing */
typedef struct
{
  guint32 *data;
  gsize    len;
  gsize    size;
} Offsets;

/* An array or an object being read */
typedef struct
{
  SchedulaJsonNode  node;        /* its kind, position and key */
  gsize             first;       /* its first child in Reader.pending */
  guint32           member_key;  /* object: the key of the member being read */
  guint32           member_at;
  GHashTable       *keys;        /* a large object: its keys so far */
} Frame;

typedef struct
{
  const char      *p;         /* the text */
  gsize            len;
  gsize            pos;
  SchedulaJsonDoc *doc;
  GArray          *stack;     /* Frame */
  Nodes            pending;   /* the children of the open containers */
  Nodes            nodes;     /* those of the closed ones, then the root */
  char            *strings;   /* as long as the text: no string is longer
                               * than its text, so it never moves */
  gsize            strings_len;
  GString         *buf;       /* a string with escapes, decoded */
  Offsets          lines;     /* where the lines start, past the first */
  gboolean         ascii;     /* the text has no byte beyond ASCII */
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

/* Line and column of a byte offset of an ASCII text, from where its
 * lines start */
static void
position_in_lines (const guint32 *lines,
                   gsize          n_lines,
                   gsize          offset,
                   guint         *line,
                   guint         *column)
{
  gsize lo = 0, hi = n_lines;

  /* the lines that start at @offset or before */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (lines[mid] <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  *line = (guint) lo + 1;
  *column = (guint) (offset - (lo > 0 ? lines[lo - 1] : 0)) + 1;
}

static void
doc_error_at (SchedulaJsonDoc  *doc,
              gsize             offset,
              GError          **error,
              gint              code,
              const char       *message)
{
  guint line, column;

  if (doc->text != NULL)
    {
      gsize len;
      const char *text = g_bytes_get_data (doc->text, &len);

      position_of (text, len, offset, &line, &column);
    }
  else
    position_in_lines (doc->lines, doc->n_lines, offset, &line, &column);
  g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, code, "%s:%u:%u: %s", doc->name, line, column, message);
}

/* Sets @error to the message, prefixed with the name of the file and the
 * position of @node (the start of the text without one); FALSE */
gboolean
_schedula_json_doc_error (SchedulaJsonDoc         *doc,
                          const SchedulaJsonNode  *node,
                          GError                 **error,
                          gint                     code,
                          const char              *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  doc_error_at (doc, node != NULL ? node->offset : 0, error, code, message);
  return FALSE;
}

void
_schedula_json_doc_free (SchedulaJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->name);
  g_clear_pointer (&doc->text, g_bytes_unref);
  g_free (doc->lines);
  g_free (doc->nodes);
  g_free (doc->strings);
  g_clear_pointer (&doc->indexes, g_hash_table_unref);
  g_free (doc);
}

/* Looking members up */

typedef struct
{
  const SchedulaJsonNode *members;
  const char             *strings;
} Members;

static gint
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const Members *m = data;

  return strcmp (m->strings + m->members[*(const guint32 *) a].key,
                 m->strings + m->members[*(const guint32 *) b].key);
}

/* The positions of the members of a large object, sorted by key */
static const guint32 *
index_of (SchedulaJsonDoc        *doc,
          const SchedulaJsonNode *object)
{
  gpointer id = GUINT_TO_POINTER (object->v.c.first + 1);
  Members m = { &doc->nodes[object->v.c.first], doc->strings };
  guint32 *sorted;

  if (doc->indexes == NULL)
    doc->indexes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  sorted = g_hash_table_lookup (doc->indexes, id);
  if (sorted != NULL)
    return sorted;
  sorted = g_new (guint32, object->v.c.n);
  for (guint32 i = 0; i < object->v.c.n; i++)
    sorted[i] = i;
  g_qsort_with_data (sorted, object->v.c.n, sizeof (guint32), compare_keys, &m);
  g_hash_table_insert (doc->indexes, id, sorted);
  return sorted;
}

/* The member @key of the object @object, or NULL */
const SchedulaJsonNode *
_schedula_json_member (SchedulaJsonDoc        *doc,
                       const SchedulaJsonNode *object,
                       const char             *key)
{
  const SchedulaJsonNode *members = &doc->nodes[object->v.c.first];
  guint n = object->v.c.n;
  const guint32 *sorted;
  guint lo = 0, hi = n;

  if (n <= SMALL_OBJECT)
    {
      for (guint i = 0; i < n; i++)
        {
          const char *k = doc->strings + members[i].key;

          if (k[0] == key[0] && strcmp (k, key) == 0)
            return &members[i];
        }
      return NULL;
    }
  sorted = index_of (doc, object);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint c = strcmp (key, doc->strings + members[sorted[mid]].key);

      if (c == 0)
        return &members[sorted[mid]];
      if (c < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
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
  static const char spaces[8] = "        ";

  for (;;)
    {
      char c;

      /* the indent of a pretty file, eight spaces at a time */
      while (r->len - r->pos >= sizeof spaces && memcmp (r->p + r->pos, spaces, sizeof spaces) == 0)
        r->pos += sizeof spaces;
      if (r->pos >= r->len)
        return;
      c = r->p[r->pos];
      if (c == '\n')
        {
          /* the only newlines of a document read whole: a string has none */
          if (r->lines.len == r->lines.size)
            {
              r->lines.size = MAX (r->lines.size * 2, 256);
              r->lines.data = g_renew (guint32, r->lines.data, r->lines.size);
            }
          r->lines.data[r->lines.len++] = (guint32) r->pos + 1;
        }
      else if (c != ' ' && c != '\t' && c != '\r')
        return;
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

/* Reads the string at pos (its opening quote) into r->buf, with its
 * escapes */
static gboolean
read_escaped_string (Reader  *r,
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
          r->ascii = FALSE;
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

/* Reads the string at pos (its opening quote) into the strings of the
 * document: *out is where it starts there */
static gboolean
read_string (Reader   *r,
             guint32  *out,
             GError  **error)
{
  gsize start = r->pos, run = r->pos + 1, n;
  const char *from;

  /* most strings are plain characters: copied as they are */
  r->pos = run;
  while (r->pos < r->len)
    {
      guchar c = r->p[r->pos];

      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
        break;
      r->pos++;
    }
  if (r->pos < r->len && r->p[r->pos] == '"' && r->pos - run <= SCHEDULA_MODEL_FILE_MAX_STRING)
    {
      from = r->p + run;
      n = r->pos - run;
      r->pos++;
    }
  else
    {
      r->pos = start;
      if (!read_escaped_string (r, error))
        return FALSE;
      from = r->buf->str;
      n = r->buf->len;
    }
  memcpy (r->strings + r->strings_len, from, n);
  r->strings[r->strings_len + n] = '\0';
  *out = (guint32) r->strings_len;
  r->strings_len += n + 1;
  return TRUE;
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* Reads the number at pos into node */
static gboolean
read_number (Reader            *r,
             SchedulaJsonNode  *node,
             GError           **error)
{
  gsize start = r->pos;
  gboolean integral = TRUE, negative = FALSE;
  char stack_text[64];
  char *text;
  gsize n;

  if (r->p[r->pos] == '-')
    {
      negative = TRUE;
      r->pos++;
    }
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
  /* up to 18 digits: no overflow */
  if (integral && n - negative <= 18)
    {
      gint64 i = 0;

      for (gsize k = start + negative; k < r->pos; k++)
        i = i * 10 + (r->p[k] - '0');
      node->kind = SCHEDULA_JSON_INT;
      node->v.i = negative ? -i : i;
      return TRUE;
    }
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
      node->kind = SCHEDULA_JSON_INT;
      node->v.i = i;
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
      node->kind = SCHEDULA_JSON_DOUBLE;
      node->v.d = d;
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

/* Room for @n more nodes */
static SchedulaJsonNode *
nodes_grow (Nodes *nodes,
            gsize  n)
{
  if (nodes->len + n > nodes->size)
    {
      nodes->size = MAX (nodes->len + n, nodes->size * 2);
      nodes->data = g_renew (SchedulaJsonNode, nodes->data, nodes->size);
    }
  return &nodes->data[nodes->len];
}

static Frame *
top_frame (Reader *r)
{
  return r->stack->len > 0 ? &g_array_index (r->stack, Frame, r->stack->len - 1) : NULL;
}

/* A new value starting at @at: its position, and its key in an object */
static SchedulaJsonNode
new_node (Reader *r,
          gsize   at)
{
  Frame *top = top_frame (r);
  SchedulaJsonNode node = { 0 };

  if (top != NULL && top->node.kind == SCHEDULA_JSON_OBJECT)
    {
      /* a member: its position is its key's */
      node.key = top->member_key;
      node.offset = top->member_at;
    }
  else
    node.offset = (guint32) at;
  return node;
}

/* Puts a value read in its container, or at the root */
static void
add_node (Reader                 *r,
          const SchedulaJsonNode *node)
{
  Nodes *into = r->stack->len > 0 ? &r->pending : &r->nodes;

  *nodes_grow (into, 1) = *node;
  into->len++;
}

/* Closes the container on top of the stack: its children move to the
 * nodes, next to each other */
static void
close_container (Reader *r)
{
  Frame *top = top_frame (r);
  SchedulaJsonNode node = top->node;
  gsize n = r->pending.len - top->first;

  node.v.c.first = (guint32) r->nodes.len;
  node.v.c.n = (guint32) n;
  if (n > 0)
    memcpy (nodes_grow (&r->nodes, n), &r->pending.data[top->first], n * sizeof (SchedulaJsonNode));
  r->nodes.len += n;
  r->pending.len = top->first;
  g_array_set_size (r->stack, r->stack->len - 1);
  add_node (r, &node);
}

/* Whether the object on top of the stack has a member @key already */
static gboolean
has_key (Reader  *r,
         Frame   *top,
         guint32  key)
{
  const char *k = r->strings + key;
  gsize n = r->pending.len - top->first;
  const SchedulaJsonNode *members;

  if (top->keys != NULL)
    return !g_hash_table_add (top->keys, (gpointer) k);
  if (n == 0)
    return FALSE;
  members = &r->pending.data[top->first];
  for (gsize i = 0; i < n; i++)
    {
      const char *other = r->strings + members[i].key;

      if (other[0] == k[0] && strcmp (other, k) == 0)
        return TRUE;
    }
  if (n + 1 > SMALL_OBJECT)
    {
      /* the strings never move */
      top->keys = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < n; i++)
        g_hash_table_add (top->keys, r->strings + members[i].key);
      g_hash_table_add (top->keys, (gpointer) k);
    }
  return FALSE;
}

static void
frame_clear (gpointer data)
{
  Frame *f = data;

  g_clear_pointer (&f->keys, g_hash_table_unref);
}

/* States of the reader */
enum {
  VALUE,        /* a value is expected */
  FIRST_ITEM,   /* after '[': a value or ']' */
  FIRST_KEY,    /* after '{': a key or '}' */
  KEY,          /* after ',' in an object: a key */
  AFTER,        /* after a value: ',', or the end of its container */
};

static gboolean
read_document (Reader  *r,
               GError **error)
{
  int state = VALUE;

  for (;;)
    {
      gsize at;
      char c;

      skip_space (r);
      at = r->pos;

      if (state == AFTER)
        {
          Frame *top = top_frame (r);
          gboolean array;

          if (top == NULL)
            {
              if (r->pos < r->len)
                return unexpected (r, "the end of the text", error);
              return TRUE;
            }
          array = top->node.kind == SCHEDULA_JSON_ARRAY;
          if (r->pos < r->len && r->p[r->pos] == ',')
            {
              r->pos++;
              state = array ? VALUE : KEY;
              continue;
            }
          if (r->pos < r->len && r->p[r->pos] == (array ? ']' : '}'))
            {
              r->pos++;
              close_container (r);
              continue;
            }
          return unexpected (r, array ? "',' or ']'" : "',' or '}'", error);
        }

      if (state == FIRST_KEY || state == KEY)
        {
          Frame *top = top_frame (r);

          if (state == FIRST_KEY && r->pos < r->len && r->p[r->pos] == '}')
            {
              r->pos++;
              close_container (r);
              state = AFTER;
              continue;
            }
          if (r->pos >= r->len || r->p[r->pos] != '"')
            return unexpected (r, "a key (a string)", error);
          if (!read_string (r, &top->member_key, error))
            return FALSE;
          if (has_key (r, top, top->member_key))
            return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_PARSE, "a duplicate key \"%s\"",
                         r->strings + top->member_key);
          top->member_at = (guint32) at;
          skip_space (r);
          if (r->pos >= r->len || r->p[r->pos] != ':')
            return unexpected (r, "':'", error);
          r->pos++;
          state = VALUE;
          continue;
        }

      if (state == FIRST_ITEM && r->pos < r->len && r->p[r->pos] == ']')
        {
          r->pos++;
          close_container (r);
          state = AFTER;
          continue;
        }

      /* a value */
      if (r->pos >= r->len)
        return unexpected (r, "a value", error);
      c = r->p[r->pos];
      if (c == '{' || c == '[')
        {
          Frame frame = { 0 };

          if (r->stack->len >= SCHEDULA_MODEL_FILE_MAX_DEPTH)
            return fail (r, at, error, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP,
                         "arrays and objects nested deeper than %d levels", SCHEDULA_MODEL_FILE_MAX_DEPTH);
          r->pos++;
          frame.node = new_node (r, at);
          frame.node.kind = c == '{' ? SCHEDULA_JSON_OBJECT : SCHEDULA_JSON_ARRAY;
          frame.first = r->pending.len;
          g_array_append_val (r->stack, frame);
          state = c == '{' ? FIRST_KEY : FIRST_ITEM;
          continue;
        }
      {
        SchedulaJsonNode node = new_node (r, at);
        gboolean ok;

        switch (c)
          {
          case '"':
            node.kind = SCHEDULA_JSON_STRING;
            ok = read_string (r, &node.v.s, error);
            break;
          case 't':
          case 'f':
            node.kind = SCHEDULA_JSON_BOOLEAN;
            node.v.b = c == 't';
            ok = read_literal (r, c == 't' ? "true" : "false", error);
            break;
          case 'n':
            node.kind = SCHEDULA_JSON_NULL;
            ok = read_literal (r, "null", error);
            break;
          default:
            if (c == '-' || is_digit (c))
              ok = read_number (r, &node, error);
            else
              ok = unexpected (r, "a value", error);
            break;
          }
        if (!ok)
          return FALSE;
        add_node (r, &node);
        state = AFTER;
      }
    }
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
  gboolean ok;
  gsize len, n_nodes;

  doc->name = g_strdup (name);
  doc->text = g_bytes_ref (text);
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
  r.ascii = TRUE;
  if (len >= 3 && memcmp (r.p, "\xef\xbb\xbf", 3) == 0)
    {
      r.pos = 3;
      r.ascii = FALSE;
    }
  r.stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (r.stack, frame_clear);
  /* the pages of memory not written to are not taken: the nodes have room
   * for a value every 16 bytes of text (a pretty model file has one every
   * 25 bytes), and grow past that */
  nodes_grow (&r.nodes, len / 16 + 16);
  r.strings = g_malloc (len + 1);
  r.buf = g_string_new (NULL);
  ok = read_document (&r, error);
  g_array_unref (r.stack);
  g_free (r.pending.data);
  g_string_free (r.buf, TRUE);
  n_nodes = r.nodes.len;
  doc->nodes = r.nodes.data;
  doc->strings = r.strings;
  doc->lines = r.lines.data;
  doc->n_lines = r.lines.len;
  if (!ok)
    return NULL;
  /* what was not used goes back */
  doc->nodes = g_renew (SchedulaJsonNode, doc->nodes, n_nodes);
  doc->strings = g_realloc (doc->strings, MAX (r.strings_len, 1));
  doc->root = &doc->nodes[n_nodes - 1];
  /* the positions of an ASCII text are in its lines: the text goes */
  if (r.ascii)
    g_clear_pointer (&doc->text, g_bytes_unref);
  else
    g_clear_pointer (&doc->lines, g_free);
  return g_steal_pointer (&doc);
}
