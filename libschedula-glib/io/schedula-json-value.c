/* schedula-json-value.c: values in model files
 *
 * A value goes into a file as it goes to a worker process: encoded by the
 * codecs (schedula_value_encode(), a `(sv)` GVariant: the codec's name and
 * its data), and the GVariant is written in JSON so that its type comes
 * back exactly:
 *
 *   - the forms of the library's own values are plain JSON: an integer is
 *     `x` (int64), a number with a fraction or an exponent `d` (double),
 *     true/false `b`, a string `s`, null the empty maybe `mv` (NONE), an
 *     array `av` (a sequence), an object `a{sv}` (a dict; a key that starts
 *     with `$` is written with one more `$`);
 *   - any other GVariant is {"$type": TYPE, "$value": V}, where V is
 *     written as TYPE says: numbers, strings, arrays for arrays and tuples,
 *     objects for dictionaries with string keys (arrays of [key, value]
 *     otherwise), null or [x] for maybes, base64 for bytestrings `ay`, the
 *     plain form again inside `v`. Doubles that are not finite, and the few
 *     that json-glib could not write as numbers, are strings ("inf",
 *     "1e+22").
 *   - the data of a codec other than the library's own is
 *     {"$codec": NAME, "$data": DATA}.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-io-private.h"
#include "schedula-private.h"

/* Writing stops short of the depth the reader refuses, so that what is
 * written can be read */
#define MAX_WRITE_DEPTH (SCHEDULA_MODEL_FILE_MAX_DEPTH - 32)
#define MAX_TYPE_LENGTH 255

/* Whether d is written as a JSON number: json-glib printed "%.17g" and
 * added ".0" when there was no '.', which made "1e+22.0" of 1e22; the
 * files keep its numbers, and write such doubles as text */
static gboolean
double_writable (gdouble d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    return FALSE;
  g_ascii_formatd (buf, sizeof buf, "%.17g", d);
  return strchr (buf, '.') != NULL || strchr (buf, 'e') == NULL;
}

/* A double where a double is expected (a distance, a weight, a typed
 * value): a number, or its text */
void
_schedula_json_write_double (SchedulaJsonWriter *w,
                             gdouble             d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (double_writable (d))
    _schedula_json_write_number (w, d);
  else if (isnan (d))
    _schedula_json_write_string (w, "nan");
  else if (isinf (d))
    _schedula_json_write_string (w, d > 0 ? "inf" : "-inf");
  else
    _schedula_json_write_string (w, g_ascii_dtostr (buf, sizeof buf, d));
}

static gboolean
too_deep (GError **error)
{
  g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP,
               "a value nests deeper than a model file can hold (%d levels)", MAX_WRITE_DEPTH);
  return FALSE;
}

static gboolean write_typed (SchedulaJsonWriter *w, GVariant *v, guint depth, GError **error);

/* Whether the dict entries of an array have distinct keys */
static gboolean
keys_distinct (GVariant *array)
{
  gsize n = g_variant_n_children (array);
  g_autoptr(GHashTable) seen = NULL;

  if (n < 2)
    return TRUE;
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_variant_unref);
  for (gsize i = 0; i < n; i++)
    {
      GVariant *entry = g_variant_get_child_value (array, i);
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
      const char *k = g_variant_get_string (key, NULL);

      if (g_hash_table_contains (seen, k))
        {
          g_variant_unref (entry);
          return FALSE;
        }
      /* the entry keeps the key's string alive */
      g_hash_table_insert (seen, (gpointer) k, entry);
    }
  return TRUE;
}

/* The plain form of a GVariant of any type (the recursion is bounded by
 * MAX_WRITE_DEPTH) */
static gboolean
write_plain (SchedulaJsonWriter  *w,
             GVariant            *v,
             guint                depth,
             GError             **error)
{
  const GVariantType *type = g_variant_get_type (v);

  if (depth > MAX_WRITE_DEPTH)
    return too_deep (error);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    _schedula_json_write_int (w, g_variant_get_int64 (v));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE) && double_writable (g_variant_get_double (v)))
    _schedula_json_write_number (w, g_variant_get_double (v));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    _schedula_json_write_boolean (w, g_variant_get_boolean (v));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    _schedula_json_write_string (w, g_variant_get_string (v, NULL));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE ("mv")) && g_variant_n_children (v) == 0)
    _schedula_json_write_null (w);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE ("av")))
    {
      _schedula_json_write_begin_array (w);
      for (gsize i = 0; i < g_variant_n_children (v); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (v, i);
          g_autoptr(GVariant) inner = g_variant_get_variant (child);

          if (!write_plain (w, inner, depth + 1, error))
            return FALSE;
        }
      _schedula_json_write_end_array (w);
    }
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_VARDICT) && keys_distinct (v))
    {
      _schedula_json_write_begin_object (w);
      for (gsize i = 0; i < g_variant_n_children (v); i++)
        {
          g_autoptr(GVariant) entry = g_variant_get_child_value (v, i);
          g_autoptr(GVariant) key_v = g_variant_get_child_value (entry, 0);
          g_autoptr(GVariant) boxed = g_variant_get_child_value (entry, 1);
          g_autoptr(GVariant) inner = g_variant_get_variant (boxed);
          const char *key = g_variant_get_string (key_v, NULL);
          g_autofree char *escaped = NULL;

          /* children one by one: g_variant_get () with '&' would
           * serialise the entry (see _schedula_json_write_value ()) */
          if (key[0] == '$')
            escaped = g_strconcat ("$", key, NULL);
          _schedula_json_write_key (w, escaped != NULL ? escaped : key);
          if (!write_plain (w, inner, depth + 1, error))
            return FALSE;
        }
      _schedula_json_write_end_object (w);
    }
  else
    {
      _schedula_json_write_begin_object (w);
      _schedula_json_write_key (w, "$type");
      _schedula_json_write_string (w, g_variant_get_type_string (v));
      _schedula_json_write_key (w, "$value");
      if (!write_typed (w, v, depth + 1, error))
        return FALSE;
      _schedula_json_write_end_object (w);
    }
  return TRUE;
}

/* A GVariant whose type the reader knows */
static gboolean
write_typed (SchedulaJsonWriter  *w,
             GVariant            *v,
             guint                depth,
             GError             **error)
{
  if (depth > MAX_WRITE_DEPTH)
    return too_deep (error);
  switch (g_variant_classify (v))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      _schedula_json_write_boolean (w, g_variant_get_boolean (v));
      return TRUE;
    case G_VARIANT_CLASS_BYTE:
      _schedula_json_write_int (w, g_variant_get_byte (v));
      return TRUE;
    case G_VARIANT_CLASS_INT16:
      _schedula_json_write_int (w, g_variant_get_int16 (v));
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      _schedula_json_write_int (w, g_variant_get_uint16 (v));
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      _schedula_json_write_int (w, g_variant_get_int32 (v));
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      _schedula_json_write_int (w, g_variant_get_uint32 (v));
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      _schedula_json_write_int (w, g_variant_get_int64 (v));
      return TRUE;
    case G_VARIANT_CLASS_HANDLE:
      _schedula_json_write_int (w, g_variant_get_handle (v));
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      {
        guint64 u = g_variant_get_uint64 (v);
        g_autofree char *text = NULL;

        if (u <= G_MAXINT64)
          {
            _schedula_json_write_int (w, (gint64) u);
            return TRUE;
          }
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, u);
        _schedula_json_write_string (w, text);
        return TRUE;
      }
    case G_VARIANT_CLASS_DOUBLE:
      _schedula_json_write_double (w, g_variant_get_double (v));
      return TRUE;
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      _schedula_json_write_string (w, g_variant_get_string (v, NULL));
      return TRUE;
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) inner = g_variant_get_variant (v);

        return write_plain (w, inner, depth + 1, error);
      }
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr(GVariant) inner = g_variant_get_maybe (v);

        if (inner == NULL)
          {
            _schedula_json_write_null (w);
            return TRUE;
          }
        _schedula_json_write_begin_array (w);
        if (!write_typed (w, inner, depth + 1, error))
          return FALSE;
        _schedula_json_write_end_array (w);
        return TRUE;
      }
    case G_VARIANT_CLASS_ARRAY:
      {
        const GVariantType *element = g_variant_type_element (g_variant_get_type (v));

        if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTE))
          {
            gsize n;
            gconstpointer data = g_variant_get_fixed_array (v, &n, 1);
            g_autofree char *text = g_base64_encode (data, n);

            _schedula_json_write_string (w, text);
            return TRUE;
          }
        if (g_variant_type_is_dict_entry (element) &&
            (g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_STRING) ||
             g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_OBJECT_PATH) ||
             g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_SIGNATURE)) &&
            keys_distinct (v))
          {
            _schedula_json_write_begin_object (w);
            for (gsize i = 0; i < g_variant_n_children (v); i++)
              {
                g_autoptr(GVariant) entry = g_variant_get_child_value (v, i);
                g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
                g_autoptr(GVariant) value = g_variant_get_child_value (entry, 1);

                _schedula_json_write_key (w, g_variant_get_string (key, NULL));
                if (!write_typed (w, value, depth + 1, error))
                  return FALSE;
              }
            _schedula_json_write_end_object (w);
            return TRUE;
          }
      }
      G_GNUC_FALLTHROUGH;
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
      {
        gsize n = g_variant_n_children (v);

        _schedula_json_write_begin_array (w);
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr(GVariant) child = g_variant_get_child_value (v, i);

            if (!write_typed (w, child, depth + 1, error))
              return FALSE;
          }
        _schedula_json_write_end_array (w);
        return TRUE;
      }
    default:
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_VALUE,
                   "a GVariant of type %s cannot be written", g_variant_get_type_string (v));
      return FALSE;
    }
}

/* A value, encoded by the codecs, in JSON. When it cannot be written,
 * @error is set and what the writer holds is not to be used: only the
 * writer's state is kept. */
gboolean
_schedula_json_write_value (SchedulaJsonWriter  *w,
                            const GValue        *value,
                            GError             **error)
{
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) name = NULL;
  g_autoptr(GVariant) boxed = NULL;
  g_autoptr(GError) local_error = NULL;
  guint depth = w->open->len;
  const char *codec;
  gboolean ok;

  encoded = _schedula_value_encode (value, FALSE, &local_error);
  if (encoded == NULL)
    {
      g_set_error_literal (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_VALUE,
                           local_error->message);
      _schedula_json_writer_cut (w, depth);
      return FALSE;
    }
  /* the children, not g_variant_get (): a format with '&' makes GLib
   * serialise the variant, and a serialised variant nested deeper than
   * G_VARIANT_MAX_RECURSION_DEPTH reads back with its deep levels
   * replaced by empty ones */
  name = g_variant_get_child_value (encoded, 0);
  boxed = g_variant_get_child_value (encoded, 1);
  codec = g_variant_get_string (name, NULL);
  data = g_variant_get_variant (boxed);
  if (codec[0] == '\0')
    ok = write_plain (w, data, 0, error);
  else
    {
      _schedula_json_write_begin_object (w);
      _schedula_json_write_key (w, "$codec");
      _schedula_json_write_string (w, codec);
      _schedula_json_write_key (w, "$data");
      ok = write_plain (w, data, 0, error);
      if (ok)
        _schedula_json_write_end_object (w);
    }
  if (!ok)
    _schedula_json_writer_cut (w, depth);
  return ok;
}

/* Reading */

typedef struct
{
  SchedulaJsonDoc *doc;
  GError         **error;
} ValueReader;

static GVariant *
bad (ValueReader            *r,
     const SchedulaJsonNode *node,
     const char             *format,
     ...) G_GNUC_PRINTF (3, 4);

static GVariant *
bad (ValueReader            *r,
     const SchedulaJsonNode *node,
     const char             *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _schedula_json_doc_error (r->doc, node, r->error, SCHEDULA_MODEL_FILE_ERROR_VALUE, "%s", message);
  return NULL;
}

/* What a node is, for messages */
const char *
_schedula_json_kind_name (const SchedulaJsonNode *node)
{
  switch (node->kind)
    {
    case SCHEDULA_JSON_OBJECT: return "an object";
    case SCHEDULA_JSON_ARRAY: return "an array";
    case SCHEDULA_JSON_NULL: return "null";
    case SCHEDULA_JSON_INT: return "an integer";
    case SCHEDULA_JSON_DOUBLE: return "a number";
    case SCHEDULA_JSON_BOOLEAN: return "a boolean";
    case SCHEDULA_JSON_STRING: return "a string";
    default: return "a value";
    }
}

static const char *
string_of (ValueReader            *r,
           const SchedulaJsonNode *node)
{
  return _schedula_json_string (r->doc, node);
}

static GVariant *typed_read (ValueReader *r, const SchedulaJsonNode *node, const GVariantType *type);

/* The plain form (the recursion is bounded by the depth of the document) */
static GVariant *
plain_read (ValueReader            *r,
            const SchedulaJsonNode *node)
{
  switch (node->kind)
    {
    case SCHEDULA_JSON_NULL:
      return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
    case SCHEDULA_JSON_INT:
      return g_variant_new_int64 (node->v.i);
    case SCHEDULA_JSON_DOUBLE:
      return g_variant_new_double (node->v.d);
    case SCHEDULA_JSON_BOOLEAN:
      return g_variant_new_boolean (node->v.b);
    case SCHEDULA_JSON_STRING:
      return g_variant_new_string (string_of (r, node));
    case SCHEDULA_JSON_ARRAY:
      {
        GVariantBuilder builder;

        g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
        for (guint i = 0; i < _schedula_json_size (node); i++)
          {
            GVariant *item = plain_read (r, _schedula_json_child (r->doc, node, i));

            if (item == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add (&builder, "v", item);
          }
        return g_variant_builder_end (&builder);
      }
    case SCHEDULA_JSON_OBJECT:
      {
        const SchedulaJsonNode *type_node = _schedula_json_member (r->doc, node, "$type");
        GVariantBuilder builder;

        if (type_node != NULL)
          {
            const SchedulaJsonNode *value = _schedula_json_member (r->doc, node, "$value");
            const char *type;

            if (type_node->kind != SCHEDULA_JSON_STRING)
              return bad (r, type_node, "$type is a GVariant type string, not %s",
                          _schedula_json_kind_name (type_node));
            type = string_of (r, type_node);
            if (strlen (type) > MAX_TYPE_LENGTH || !g_variant_type_string_is_valid (type) ||
                !g_variant_type_is_definite (G_VARIANT_TYPE (type)))
              return bad (r, type_node, "'%s' is not the type of a GVariant value", type);
            if (value == NULL || _schedula_json_size (node) != 2)
              return bad (r, node, "a typed value has the members $type and $value only");
            return typed_read (r, value, G_VARIANT_TYPE (type));
          }
        g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
        for (guint i = 0; i < _schedula_json_size (node); i++)
          {
            const SchedulaJsonNode *member = _schedula_json_child (r->doc, node, i);
            const char *key = _schedula_json_key (r->doc, member);
            GVariant *item;

            if (key[0] == '$' && key[1] != '$')
              {
                g_variant_builder_clear (&builder);
                return bad (r, member, "the key %s of a dict: keys that start with '$' are written with "
                            "one more '$' ($%s), and $type, $value, $codec and $data are for typed values",
                            key, key);
              }
            item = plain_read (r, member);
            if (item == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add (&builder, "{sv}", key[0] == '$' ? key + 1 : key, item);
          }
        return g_variant_builder_end (&builder);
      }
    default:
      return bad (r, node, "an unknown JSON node");
    }
}

static gboolean
integer_in (ValueReader            *r,
            const SchedulaJsonNode *node,
            gint64                  min,
            gint64                  max,
            const char             *type,
            gint64                 *out)
{
  gint64 i;

  if (node->kind != SCHEDULA_JSON_INT)
    {
      bad (r, node, "a value of type %s is an integer, not %s", type, _schedula_json_kind_name (node));
      return FALSE;
    }
  i = node->v.i;
  if (i < min || i > max)
    {
      bad (r, node, "%" G_GINT64_FORMAT " is out of the range of type %s", i, type);
      return FALSE;
    }
  *out = i;
  return TRUE;
}

static gboolean
base64_valid (const char *s)
{
  gsize n = strlen (s);

  if (n % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      char c = s[i];

      if (c == '=')
        {
          /* padding: the last one or two characters */
          if (i < n - 2 || (i == n - 2 && s[n - 1] != '='))
            return FALSE;
        }
      else if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_double_text (const char *text,
                   gdouble    *d)
{
  char *end = NULL;

  if (g_str_equal (text, "nan"))
    *d = NAN;
  else if (g_str_equal (text, "inf"))
    *d = INFINITY;
  else if (g_str_equal (text, "-inf"))
    *d = -INFINITY;
  else
    {
      if (text[0] == '\0' || g_ascii_isspace (text[0]))
        return FALSE;
      *d = g_ascii_strtod (text, &end);
      if (end == NULL || *end != '\0' || !isfinite (*d))
        return FALSE;
    }
  return TRUE;
}

/* A double of a typed context: a number, an integer, or its text */
static gboolean
double_of (SchedulaJsonDoc        *doc,
           const SchedulaJsonNode *node,
           gdouble                *d)
{
  switch (node->kind)
    {
    case SCHEDULA_JSON_DOUBLE:
      *d = node->v.d;
      return TRUE;
    case SCHEDULA_JSON_INT:
      *d = (gdouble) node->v.i;
      return TRUE;
    case SCHEDULA_JSON_STRING:
      return parse_double_text (_schedula_json_string (doc, node), d);
    default:
      return FALSE;
    }
}

gboolean
_schedula_json_get_double (SchedulaJsonDoc         *doc,
                           const SchedulaJsonNode  *node,
                           gdouble                 *d,
                           GError                 **error)
{
  if (double_of (doc, node, d))
    return TRUE;
  _schedula_json_doc_error (doc, node, error, SCHEDULA_MODEL_FILE_ERROR_FORMAT,
                            "a number (or \"inf\", \"-inf\", \"nan\") expected, not %s",
                            _schedula_json_kind_name (node));
  return FALSE;
}

/* A dictionary with string keys (s, o or g) from an object */
static GVariant *
dict_read (ValueReader            *r,
           const SchedulaJsonNode *node,
           const GVariantType     *type)
{
  const GVariantType *element = g_variant_type_element (type);
  const GVariantType *key_type = g_variant_type_key (element);
  const GVariantType *value_type = g_variant_type_value (element);
  GVariantBuilder builder;

  if (!g_variant_type_equal (key_type, G_VARIANT_TYPE_STRING) &&
      !g_variant_type_equal (key_type, G_VARIANT_TYPE_OBJECT_PATH) &&
      !g_variant_type_equal (key_type, G_VARIANT_TYPE_SIGNATURE))
    return bad (r, node, "a value of type %s is an array of [key, value] pairs", g_variant_type_peek_string (type));
  g_variant_builder_init (&builder, type);
  for (guint i = 0; i < _schedula_json_size (node); i++)
    {
      const SchedulaJsonNode *member = _schedula_json_child (r->doc, node, i);
      const char *k = _schedula_json_key (r->doc, member);
      GVariant *key, *value;

      if ((g_variant_type_equal (key_type, G_VARIANT_TYPE_OBJECT_PATH) && !g_variant_is_object_path (k)) ||
          (g_variant_type_equal (key_type, G_VARIANT_TYPE_SIGNATURE) && !g_variant_is_signature (k)))
        {
          g_variant_builder_clear (&builder);
          return bad (r, member, "the key %s is not of type %s", k, g_variant_type_peek_string (key_type));
        }
      value = typed_read (r, member, value_type);
      if (value == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      if (g_variant_type_equal (key_type, G_VARIANT_TYPE_OBJECT_PATH))
        key = g_variant_new_object_path (k);
      else if (g_variant_type_equal (key_type, G_VARIANT_TYPE_SIGNATURE))
        key = g_variant_new_signature (k);
      else
        key = g_variant_new_string (k);
      g_variant_builder_add_value (&builder, g_variant_new_dict_entry (key, value));
    }
  return g_variant_builder_end (&builder);
}

/* The items of an array (all of type @item_type), or of a tuple or a dict
 * entry (@item_type NULL: the types of the items) */
static GVariant *
items_read (ValueReader            *r,
            const SchedulaJsonNode *node,
            const GVariantType     *type,
            const GVariantType     *item_type)
{
  const GVariantType *t = item_type != NULL ? item_type : g_variant_type_first (type);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, type);
  for (guint k = 0; k < _schedula_json_size (node); k++)
    {
      GVariant *item = typed_read (r, _schedula_json_child (r->doc, node, k), t);

      if (item == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add_value (&builder, item);
      if (item_type == NULL)
        t = g_variant_type_next (t);
    }
  return g_variant_builder_end (&builder);
}

/* The recursion is bounded by the depth of the document */
static GVariant *
typed_read (ValueReader            *r,
            const SchedulaJsonNode *node,
            const GVariantType     *type)
{
  const char *t = g_variant_type_peek_string (type);
  gint64 i;

  switch (t[0])
    {
    case 'b':
      if (node->kind != SCHEDULA_JSON_BOOLEAN)
        return bad (r, node, "a value of type b is true or false, not %s", _schedula_json_kind_name (node));
      return g_variant_new_boolean (node->v.b);
    case 'y':
      return integer_in (r, node, 0, G_MAXUINT8, "y", &i) ? g_variant_new_byte ((guint8) i) : NULL;
    case 'n':
      return integer_in (r, node, G_MININT16, G_MAXINT16, "n", &i) ? g_variant_new_int16 ((gint16) i) : NULL;
    case 'q':
      return integer_in (r, node, 0, G_MAXUINT16, "q", &i) ? g_variant_new_uint16 ((guint16) i) : NULL;
    case 'i':
      return integer_in (r, node, G_MININT32, G_MAXINT32, "i", &i) ? g_variant_new_int32 ((gint32) i) : NULL;
    case 'u':
      return integer_in (r, node, 0, G_MAXUINT32, "u", &i) ? g_variant_new_uint32 ((guint32) i) : NULL;
    case 'x':
      return integer_in (r, node, G_MININT64, G_MAXINT64, "x", &i) ? g_variant_new_int64 (i) : NULL;
    case 'h':
      return integer_in (r, node, G_MININT32, G_MAXINT32, "h", &i) ? g_variant_new_handle ((gint32) i) : NULL;
    case 't':
      {
        guint64 u;

        if (node->kind == SCHEDULA_JSON_INT && node->v.i >= 0)
          return g_variant_new_uint64 ((guint64) node->v.i);
        if (node->kind == SCHEDULA_JSON_STRING &&
            g_ascii_string_to_unsigned (string_of (r, node), 10, 0, G_MAXUINT64, &u, NULL))
          return g_variant_new_uint64 (u);
        return bad (r, node, "a value of type t is an unsigned 64-bit integer (a number, or its decimal "
                    "text above 2^63 - 1), not %s", _schedula_json_kind_name (node));
      }
    case 'd':
      {
        gdouble d;

        if (double_of (r->doc, node, &d))
          return g_variant_new_double (d);
        return bad (r, node, "a value of type d is a number (or \"inf\", \"-inf\", \"nan\"), not %s",
                    _schedula_json_kind_name (node));
      }
    case 's':
      if (node->kind != SCHEDULA_JSON_STRING)
        return bad (r, node, "a value of type s is a string, not %s", _schedula_json_kind_name (node));
      return g_variant_new_string (string_of (r, node));
    case 'o':
      if (node->kind != SCHEDULA_JSON_STRING || !g_variant_is_object_path (string_of (r, node)))
        return bad (r, node, "a value of type o is an object path");
      return g_variant_new_object_path (string_of (r, node));
    case 'g':
      if (node->kind != SCHEDULA_JSON_STRING || !g_variant_is_signature (string_of (r, node)))
        return bad (r, node, "a value of type g is a signature");
      return g_variant_new_signature (string_of (r, node));
    case 'v':
      {
        GVariant *inner = plain_read (r, node);

        return inner != NULL ? g_variant_new_variant (inner) : NULL;
      }
    case 'm':
      {
        const GVariantType *element = g_variant_type_element (type);
        GVariant *inner;

        if (node->kind == SCHEDULA_JSON_NULL)
          return g_variant_new_maybe (element, NULL);
        if (node->kind != SCHEDULA_JSON_ARRAY || _schedula_json_size (node) != 1)
          return bad (r, node, "a value of type %s is null or an array of one value", t);
        inner = typed_read (r, _schedula_json_child (r->doc, node, 0), element);
        return inner != NULL ? g_variant_new_maybe (element, inner) : NULL;
      }
    case 'a':
      {
        const GVariantType *element = g_variant_type_element (type);

        if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTE))
          {
            g_autoptr(GBytes) bytes = NULL;
            gsize n;
            guchar *data;

            if (node->kind != SCHEDULA_JSON_STRING || !base64_valid (string_of (r, node)))
              return bad (r, node, "a value of type ay is its bytes in base64");
            data = g_base64_decode (string_of (r, node), &n);
            bytes = g_bytes_new_take (data, n);
            return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
          }
        if (node->kind == SCHEDULA_JSON_OBJECT && g_variant_type_is_dict_entry (element))
          return dict_read (r, node, type);
        if (node->kind != SCHEDULA_JSON_ARRAY)
          return bad (r, node, "a value of type %s is an array, not %s", t, _schedula_json_kind_name (node));
        return items_read (r, node, type, element);
      }
    case '(':
    case '{':
      {
        gsize n = g_variant_type_n_items (type);

        if (node->kind != SCHEDULA_JSON_ARRAY || _schedula_json_size (node) != n)
          return bad (r, node, "a value of type %s is an array of %" G_GSIZE_FORMAT " values", t, n);
        return items_read (r, node, type, NULL);
      }
    default:
      return bad (r, node, "a value of type %s cannot be read", t);
    }
}

/* A value that cannot be decoded, at @node. The messages of nested values
 * say where in the value ("[0]: [2]: key: ..."): a long path is cut. */
static gboolean
value_error (SchedulaJsonDoc         *doc,
             const SchedulaJsonNode  *node,
             GError                  *inner,
             GError                 **error)
{
  const char *message = inner->message;
  gsize len = strlen (message);

  if (len > 200)
    {
      const char *tail = g_utf8_find_next_char (message + len - 120, NULL);

      _schedula_json_doc_error (doc, node, error, SCHEDULA_MODEL_FILE_ERROR_VALUE, "%.60s ... %s", message,
                                tail != NULL ? tail : "");
    }
  else
    _schedula_json_doc_error (doc, node, error, SCHEDULA_MODEL_FILE_ERROR_VALUE, "%s", message);
  return FALSE;
}

/* A value of the file: decoded by its codec into @value (uninitialized) */
gboolean
_schedula_json_to_value (SchedulaJsonDoc         *doc,
                         const SchedulaJsonNode  *node,
                         SchedulaLoadFlags        flags,
                         GValue                  *value,
                         GError                 **error)
{
  ValueReader r = { doc, error };
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *codec = "";
  const SchedulaJsonNode *data_node = node;
  const SchedulaJsonNode *name;

  if (node->kind == SCHEDULA_JSON_OBJECT && (name = _schedula_json_member (doc, node, "$codec")) != NULL)
    {
      data_node = _schedula_json_member (doc, node, "$data");
      if (name->kind != SCHEDULA_JSON_STRING || string_of (&r, name)[0] == '\0')
        {
          bad (&r, name, "$codec is the name of a codec");
          return FALSE;
        }
      if (data_node == NULL || _schedula_json_size (node) != 2)
        {
          bad (&r, node, "a value of a codec has the members $codec and $data only");
          return FALSE;
        }
      codec = string_of (&r, name);
      if (!(flags & SCHEDULA_LOAD_FLAGS_ALLOW_CODECS))
        {
          _schedula_json_doc_error (doc, node, error, SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED,
                                    "a value of the codec %s: decoding it may run code the file names; "
                                    "allow it with SCHEDULA_LOAD_FLAGS_ALLOW_CODECS", codec);
          return FALSE;
        }
    }
  data = plain_read (&r, data_node);
  if (data == NULL)
    return FALSE;
  g_variant_ref_sink (data);
  /* the library's own values without schedula_value_decode (), which
   * serialises the variant (see _schedula_json_write_value ()) */
  if (codec[0] == '\0')
    {
      if (!schedula_value_from_variant (data, value, &local_error))
        return value_error (doc, node, local_error, error);
      return TRUE;
    }
  encoded = g_variant_ref_sink (g_variant_new ("(sv)", codec, data));
  if (!schedula_value_decode (encoded, value, &local_error))
    return value_error (doc, node, local_error, error);
  return TRUE;
}

/**
 * schedula_value_to_json:
 * @value: a value
 * @error: return location for a #GError
 *
 * Writes a value in JSON, as a model file holds it (see
 * [Model files](model-files.html)): the library's own values as plain
 * JSON (an integer `1`, a double `1.5`, a string, `null` for NONE, a
 * sequence an array, a dict an object), other GVariants and the values of
 * codecs in the `$type` and `$codec` forms. [func@value_from_json] reads it
 * back with its type.
 *
 * |[<!-- language="C" -->
 * g_auto(GValue) v = G_VALUE_INIT;
 * g_autofree char *text = NULL;
 *
 * g_value_set_double (g_value_init (&v, G_TYPE_DOUBLE), 2.5);
 * text = schedula_value_to_json (&v, &error);   // "2.5"
 * ]|
 *
 * Returns: (transfer full): the JSON text, one line, or %NULL with @error
 *   set when the value has no JSON form (no codec for its type)
 */
char *
schedula_value_to_json (const GValue  *value,
                        GError       **error)
{
  SchedulaJsonWriter w;
  gsize len;

  g_return_val_if_fail (value != NULL && G_IS_VALUE (value), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _schedula_json_writer_init (&w, FALSE);
  if (!_schedula_json_write_value (&w, value, error))
    {
      _schedula_json_writer_clear (&w);
      return NULL;
    }
  return _schedula_json_writer_finish (&w, &len);
}

/**
 * schedula_value_from_json:
 * @text: JSON text
 * @length: the length of @text in bytes, or -1 when it ends with a nul
 * @name: (nullable): what @text is, for the messages (a file name, an
 *   option); %NULL for `<value>`
 * @flags: %SCHEDULA_LOAD_FLAGS_ALLOW_CODECS to read the values of codecs
 *   other than the library's own
 * @value: (out caller-allocates): an uninitialized #GValue
 * @error: return location for a #GError
 *
 * Reads one value in the JSON of model files (see [func@value_to_json]),
 * with the limits and the messages of the model-file reader: an error is a
 * %SCHEDULA_MODEL_FILE_ERROR whose message starts with @name, the line
 * and the column, as `--input a:1:4: ...`.
 *
 * (Not from Python: PyGObject 3.42 frees a dict or a sequence that an out
 * #GValue holds before Python reads it; the binding's `value_from_json()`
 * says so.)
 *
 * |[<!-- language="C" -->
 * g_auto(GValue) v = G_VALUE_INIT;
 *
 * if (schedula_value_from_json ("{\"a\": [1, 2.5]}", -1, NULL, SCHEDULA_LOAD_FLAGS_NONE, &v, &error))
 *   g_assert_true (G_VALUE_HOLDS (&v, SCHEDULA_TYPE_DICT));
 * // v holds a SchedulaDict: a -> a sequence of 1 (gint64) and 2.5 (gdouble)
 * ]|
 *
 * Returns: (skip): %TRUE with @value set, %FALSE with @error set
 */
gboolean
schedula_value_from_json (const char         *text,
                          gssize              length,
                          const char         *name,
                          SchedulaLoadFlags   flags,
                          GValue             *value,
                          GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);
  doc = _schedula_json_doc_parse (bytes, name != NULL ? name : "<value>", error);
  return doc != NULL && _schedula_json_to_value (doc, doc->root, flags, value, error);
}
