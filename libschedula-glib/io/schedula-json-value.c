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
 *     that json-glib cannot write as numbers, are strings ("inf", "1e+22").
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

static JsonNode *
string_node (const char *s)
{
  return json_node_init_string (json_node_alloc (), s);
}

static JsonNode *
int_node (gint64 i)
{
  return json_node_init_int (json_node_alloc (), i);
}

/* Whether json-glib writes d as a JSON number: it prints "%.17g" and adds
 * ".0" when there is no '.', which makes "1e+22.0" of 1e22 */
static gboolean
double_writable (gdouble d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    return FALSE;
  g_ascii_formatd (buf, sizeof buf, "%.17g", d);
  return strchr (buf, '.') != NULL || strchr (buf, 'e') == NULL;
}

static char *
double_text (gdouble d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d))
    return g_strdup ("nan");
  if (isinf (d))
    return g_strdup (d > 0 ? "inf" : "-inf");
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
}

/* A double where a double is expected (a distance, a weight, a typed
 * value): a number, or its text */
JsonNode *
_schedula_json_double (gdouble d)
{
  g_autofree char *text = NULL;

  if (double_writable (d))
    return json_node_init_double (json_node_alloc (), d);
  text = double_text (d);
  return string_node (text);
}

static gboolean
too_deep (GError **error)
{
  g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP,
               "a value nests deeper than a model file can hold (%d levels)", MAX_WRITE_DEPTH);
  return FALSE;
}

static JsonNode *typed_json (GVariant *v, guint depth, GError **error);

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

/* The plain form of a GVariant of any type */
static JsonNode *
plain_json (GVariant  *v,
            guint      depth,
            GError   **error)
{
  const GVariantType *type = g_variant_get_type (v);

  if (depth > MAX_WRITE_DEPTH)
    {
      too_deep (error);
      return NULL;
    }
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    return int_node (g_variant_get_int64 (v));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE) && double_writable (g_variant_get_double (v)))
    return json_node_init_double (json_node_alloc (), g_variant_get_double (v));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    return json_node_init_boolean (json_node_alloc (), g_variant_get_boolean (v));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    return string_node (g_variant_get_string (v, NULL));
  if (g_variant_type_equal (type, G_VARIANT_TYPE ("mv")) && g_variant_n_children (v) == 0)
    return json_node_init_null (json_node_alloc ());
  if (g_variant_type_equal (type, G_VARIANT_TYPE ("av")))
    {
      JsonArray *array = json_array_sized_new (g_variant_n_children (v));
      JsonNode *node = json_node_init_array (json_node_alloc (), array);

      json_array_unref (array);
      for (gsize i = 0; i < g_variant_n_children (v); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (v, i);
          g_autoptr(GVariant) inner = g_variant_get_variant (child);
          JsonNode *item = plain_json (inner, depth + 1, error);

          if (item == NULL)
            {
              json_node_unref (node);
              return NULL;
            }
          json_array_add_element (array, item);
        }
      return node;
    }
  if (g_variant_type_equal (type, G_VARIANT_TYPE_VARDICT) && keys_distinct (v))
    {
      JsonObject *object = json_object_new ();
      JsonNode *node = json_node_init_object (json_node_alloc (), object);

      json_object_unref (object);
      for (gsize i = 0; i < g_variant_n_children (v); i++)
        {
          g_autoptr(GVariant) entry = g_variant_get_child_value (v, i);
          g_autoptr(GVariant) key_v = g_variant_get_child_value (entry, 0);
          g_autoptr(GVariant) boxed = g_variant_get_child_value (entry, 1);
          g_autoptr(GVariant) inner = g_variant_get_variant (boxed);
          const char *key = g_variant_get_string (key_v, NULL);
          g_autofree char *escaped = NULL;
          JsonNode *item;

          /* children one by one: g_variant_get () with '&' would
           * serialise the entry (see _schedula_json_from_value ()) */
          item = plain_json (inner, depth + 1, error);
          if (item == NULL)
            {
              json_node_unref (node);
              return NULL;
            }
          if (key[0] == '$')
            escaped = g_strconcat ("$", key, NULL);
          json_object_set_member (object, escaped != NULL ? escaped : key, item);
        }
      return node;
    }
  {
    JsonObject *object = json_object_new ();
    JsonNode *node = json_node_init_object (json_node_alloc (), object);
    JsonNode *value;

    json_object_unref (object);
    json_object_set_string_member (object, "$type", g_variant_get_type_string (v));
    value = typed_json (v, depth + 1, error);
    if (value == NULL)
      {
        json_node_unref (node);
        return NULL;
      }
    json_object_set_member (object, "$value", value);
    return node;
  }
}

/* A GVariant whose type the reader knows */
static JsonNode *
typed_json (GVariant  *v,
            guint      depth,
            GError   **error)
{
  if (depth > MAX_WRITE_DEPTH)
    {
      too_deep (error);
      return NULL;
    }
  switch (g_variant_classify (v))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), g_variant_get_boolean (v));
    case G_VARIANT_CLASS_BYTE:
      return int_node (g_variant_get_byte (v));
    case G_VARIANT_CLASS_INT16:
      return int_node (g_variant_get_int16 (v));
    case G_VARIANT_CLASS_UINT16:
      return int_node (g_variant_get_uint16 (v));
    case G_VARIANT_CLASS_INT32:
      return int_node (g_variant_get_int32 (v));
    case G_VARIANT_CLASS_UINT32:
      return int_node (g_variant_get_uint32 (v));
    case G_VARIANT_CLASS_INT64:
      return int_node (g_variant_get_int64 (v));
    case G_VARIANT_CLASS_HANDLE:
      return int_node (g_variant_get_handle (v));
    case G_VARIANT_CLASS_UINT64:
      {
        guint64 u = g_variant_get_uint64 (v);
        g_autofree char *text = NULL;

        if (u <= G_MAXINT64)
          return int_node ((gint64) u);
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, u);
        return string_node (text);
      }
    case G_VARIANT_CLASS_DOUBLE:
      return _schedula_json_double (g_variant_get_double (v));
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      return string_node (g_variant_get_string (v, NULL));
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) inner = g_variant_get_variant (v);

        return plain_json (inner, depth + 1, error);
      }
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr(GVariant) inner = g_variant_get_maybe (v);
        JsonArray *array;
        JsonNode *node, *item;

        if (inner == NULL)
          return json_node_init_null (json_node_alloc ());
        item = typed_json (inner, depth + 1, error);
        if (item == NULL)
          return NULL;
        array = json_array_new ();
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        json_array_add_element (array, item);
        return node;
      }
    case G_VARIANT_CLASS_ARRAY:
      {
        const GVariantType *element = g_variant_type_element (g_variant_get_type (v));

        if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTE))
          {
            gsize n;
            gconstpointer data = g_variant_get_fixed_array (v, &n, 1);
            g_autofree char *text = g_base64_encode (data, n);

            return string_node (text);
          }
        if (g_variant_type_is_dict_entry (element) &&
            (g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_STRING) ||
             g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_OBJECT_PATH) ||
             g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_SIGNATURE)) &&
            keys_distinct (v))
          {
            JsonObject *object = json_object_new ();
            JsonNode *node = json_node_init_object (json_node_alloc (), object);

            json_object_unref (object);
            for (gsize i = 0; i < g_variant_n_children (v); i++)
              {
                g_autoptr(GVariant) entry = g_variant_get_child_value (v, i);
                g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
                g_autoptr(GVariant) value = g_variant_get_child_value (entry, 1);
                JsonNode *item = typed_json (value, depth + 1, error);

                if (item == NULL)
                  {
                    json_node_unref (node);
                    return NULL;
                  }
                json_object_set_member (object, g_variant_get_string (key, NULL), item);
              }
            return node;
          }
      }
      G_GNUC_FALLTHROUGH;
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
      {
        gsize n = g_variant_n_children (v);
        JsonArray *array = json_array_sized_new (n);
        JsonNode *node = json_node_init_array (json_node_alloc (), array);

        json_array_unref (array);
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr(GVariant) child = g_variant_get_child_value (v, i);
            JsonNode *item = typed_json (child, depth + 1, error);

            if (item == NULL)
              {
                json_node_unref (node);
                return NULL;
              }
            json_array_add_element (array, item);
          }
        return node;
      }
    default:
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_VALUE,
                   "a GVariant of type %s cannot be written", g_variant_get_type_string (v));
      return NULL;
    }
}

static JsonNode *wrap_codec (const char *codec, JsonNode *json);

/* A value, encoded by the codecs, in JSON */
JsonNode *
_schedula_json_from_value (const GValue  *value,
                           GError       **error)
{
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *codec;
  JsonNode *json;

  encoded = _schedula_value_encode (value, FALSE, &local_error);
  if (encoded == NULL)
    {
      g_set_error_literal (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_VALUE,
                           local_error->message);
      return NULL;
    }
  /* the children, not g_variant_get (): a format with '&' makes GLib
   * serialise the variant, and a serialised variant nested deeper than
   * G_VARIANT_MAX_RECURSION_DEPTH reads back with its deep levels
   * replaced by empty ones */
  {
    g_autoptr(GVariant) name = g_variant_get_child_value (encoded, 0);
    g_autoptr(GVariant) boxed = g_variant_get_child_value (encoded, 1);

    codec = g_variant_get_string (name, NULL);
    data = g_variant_get_variant (boxed);
    json = plain_json (data, 0, error);
    if (json == NULL || codec[0] == '\0')
      return json;
    json = wrap_codec (codec, json);
  }
  return json;
}

static JsonNode *
wrap_codec (const char *codec,
            JsonNode   *json)
{
  {
    JsonObject *object = json_object_new ();
    JsonNode *node = json_node_init_object (json_node_alloc (), object);

    json_object_unref (object);
    json_object_set_string_member (object, "$codec", codec);
    json_object_set_member (object, "$data", json);
    return node;
  }
}

/* Reading */

typedef struct
{
  SchedulaJsonDoc *doc;
  GError         **error;
} ValueReader;

static GVariant *
bad (ValueReader *r,
     JsonNode    *node,
     const char  *format,
     ...) G_GNUC_PRINTF (3, 4);

static GVariant *
bad (ValueReader *r,
     JsonNode    *node,
     const char  *format,
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

static const char *
json_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64: return "an integer";
        case G_TYPE_DOUBLE: return "a number";
        case G_TYPE_BOOLEAN: return "a boolean";
        case G_TYPE_STRING: return "a string";
        default: return "a value";
        }
    default:
      return "a value";
    }
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static GVariant *typed_read (ValueReader *r, JsonNode *node, const GVariantType *type);

/* The plain form */
static GVariant *
plain_read (ValueReader *r,
            JsonNode    *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return g_variant_new_int64 (json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return g_variant_new_double (json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return g_variant_new_boolean (json_node_get_boolean (node));
        case G_TYPE_STRING:
          return g_variant_new_string (json_node_get_string (node));
        default:
          return bad (r, node, "an unknown JSON value");
        }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        GVariantBuilder builder;

        g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            GVariant *item = plain_read (r, json_array_get_element (array, i));

            if (item == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add (&builder, "v", item);
          }
        return g_variant_builder_end (&builder);
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonNode *type_node = json_object_get_member (object, "$type");
        g_autoptr(GList) members = NULL;
        GVariantBuilder builder;

        if (type_node != NULL)
          {
            JsonNode *value = json_object_get_member (object, "$value");
            const char *type;

            if (!holds (type_node, G_TYPE_STRING))
              return bad (r, type_node, "$type is a GVariant type string, not %s", json_kind (type_node));
            type = json_node_get_string (type_node);
            if (strlen (type) > MAX_TYPE_LENGTH || !g_variant_type_string_is_valid (type) ||
                !g_variant_type_is_definite (G_VARIANT_TYPE (type)))
              return bad (r, type_node, "'%s' is not the type of a GVariant value", type);
            if (value == NULL || json_object_get_size (object) != 2)
              return bad (r, node, "a typed value has the members $type and $value only");
            return typed_read (r, value, G_VARIANT_TYPE (type));
          }
        g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
        members = json_object_get_members (object);
        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *key = l->data;
            JsonNode *member = json_object_get_member (object, key);
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
integer_in (ValueReader *r,
            JsonNode    *node,
            gint64       min,
            gint64       max,
            const char  *type,
            gint64      *out)
{
  gint64 i;

  if (!holds (node, G_TYPE_INT64))
    {
      bad (r, node, "a value of type %s is an integer, not %s", type, json_kind (node));
      return FALSE;
    }
  i = json_node_get_int (node);
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
gboolean
_schedula_json_get_double (SchedulaJsonDoc  *doc,
                           JsonNode         *node,
                           gdouble          *d,
                           GError          **error)
{
  if (holds (node, G_TYPE_DOUBLE))
    {
      *d = json_node_get_double (node);
      return TRUE;
    }
  if (holds (node, G_TYPE_INT64))
    {
      *d = (gdouble) json_node_get_int (node);
      return TRUE;
    }
  if (holds (node, G_TYPE_STRING) && parse_double_text (json_node_get_string (node), d))
    return TRUE;
  _schedula_json_doc_error (doc, node, error, SCHEDULA_MODEL_FILE_ERROR_FORMAT,
                            "a number (or \"inf\", \"-inf\", \"nan\") expected, not %s", json_kind (node));
  return FALSE;
}

static GVariant *
typed_read (ValueReader        *r,
            JsonNode           *node,
            const GVariantType *type)
{
  const char *t = g_variant_type_peek_string (type);
  gint64 i;

  switch (t[0])
    {
    case 'b':
      if (!holds (node, G_TYPE_BOOLEAN))
        return bad (r, node, "a value of type b is true or false, not %s", json_kind (node));
      return g_variant_new_boolean (json_node_get_boolean (node));
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

        if (holds (node, G_TYPE_INT64) && json_node_get_int (node) >= 0)
          return g_variant_new_uint64 ((guint64) json_node_get_int (node));
        if (holds (node, G_TYPE_STRING) &&
            g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, &u, NULL))
          return g_variant_new_uint64 (u);
        return bad (r, node, "a value of type t is an unsigned 64-bit integer (a number, or its decimal "
                    "text above 2^63 - 1), not %s", json_kind (node));
      }
    case 'd':
      {
        gdouble d;

        if (holds (node, G_TYPE_DOUBLE))
          return g_variant_new_double (json_node_get_double (node));
        if (holds (node, G_TYPE_INT64))
          return g_variant_new_double ((gdouble) json_node_get_int (node));
        if (holds (node, G_TYPE_STRING) && parse_double_text (json_node_get_string (node), &d))
          return g_variant_new_double (d);
        return bad (r, node, "a value of type d is a number (or \"inf\", \"-inf\", \"nan\"), not %s",
                    json_kind (node));
      }
    case 's':
      if (!holds (node, G_TYPE_STRING))
        return bad (r, node, "a value of type s is a string, not %s", json_kind (node));
      return g_variant_new_string (json_node_get_string (node));
    case 'o':
      if (!holds (node, G_TYPE_STRING) || !g_variant_is_object_path (json_node_get_string (node)))
        return bad (r, node, "a value of type o is an object path");
      return g_variant_new_object_path (json_node_get_string (node));
    case 'g':
      if (!holds (node, G_TYPE_STRING) || !g_variant_is_signature (json_node_get_string (node)))
        return bad (r, node, "a value of type g is a signature");
      return g_variant_new_signature (json_node_get_string (node));
    case 'v':
      {
        GVariant *inner = plain_read (r, node);

        return inner != NULL ? g_variant_new_variant (inner) : NULL;
      }
    case 'm':
      {
        const GVariantType *element = g_variant_type_element (type);
        GVariant *inner;

        if (JSON_NODE_HOLDS_NULL (node))
          return g_variant_new_maybe (element, NULL);
        if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 1)
          return bad (r, node, "a value of type %s is null or an array of one value", t);
        inner = typed_read (r, json_array_get_element (json_node_get_array (node), 0), element);
        return inner != NULL ? g_variant_new_maybe (element, inner) : NULL;
      }
    case 'a':
      {
        const GVariantType *element = g_variant_type_element (type);
        GVariantBuilder builder;

        if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTE))
          {
            g_autoptr(GBytes) bytes = NULL;
            gsize n;
            guchar *data;

            if (!holds (node, G_TYPE_STRING) || !base64_valid (json_node_get_string (node)))
              return bad (r, node, "a value of type ay is its bytes in base64");
            data = g_base64_decode (json_node_get_string (node), &n);
            bytes = g_bytes_new_take (data, n);
            return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
          }
        g_variant_builder_init (&builder, type);
        if (JSON_NODE_HOLDS_OBJECT (node) && g_variant_type_is_dict_entry (element))
          {
            JsonObject *object = json_node_get_object (node);
            const GVariantType *key_type = g_variant_type_key (element);
            const GVariantType *value_type = g_variant_type_value (element);
            g_autoptr(GList) members = json_object_get_members (object);

            if (!g_variant_type_equal (key_type, G_VARIANT_TYPE_STRING) &&
                !g_variant_type_equal (key_type, G_VARIANT_TYPE_OBJECT_PATH) &&
                !g_variant_type_equal (key_type, G_VARIANT_TYPE_SIGNATURE))
              {
                g_variant_builder_clear (&builder);
                return bad (r, node, "a value of type %s is an array of [key, value] pairs", t);
              }
            for (GList *l = members; l != NULL; l = l->next)
              {
                JsonNode *member = json_object_get_member (object, l->data);
                GVariant *key, *value;

                if ((g_variant_type_equal (key_type, G_VARIANT_TYPE_OBJECT_PATH) &&
                     !g_variant_is_object_path (l->data)) ||
                    (g_variant_type_equal (key_type, G_VARIANT_TYPE_SIGNATURE) &&
                     !g_variant_is_signature (l->data)))
                  {
                    g_variant_builder_clear (&builder);
                    return bad (r, member, "the key %s is not of type %s", (const char *) l->data,
                                g_variant_type_peek_string (key_type));
                  }
                value = typed_read (r, member, value_type);
                if (value == NULL)
                  {
                    g_variant_builder_clear (&builder);
                    return NULL;
                  }
                if (g_variant_type_equal (key_type, G_VARIANT_TYPE_OBJECT_PATH))
                  key = g_variant_new_object_path (l->data);
                else if (g_variant_type_equal (key_type, G_VARIANT_TYPE_SIGNATURE))
                  key = g_variant_new_signature (l->data);
                else
                  key = g_variant_new_string (l->data);
                g_variant_builder_add_value (&builder, g_variant_new_dict_entry (key, value));
              }
            return g_variant_builder_end (&builder);
          }
        if (!JSON_NODE_HOLDS_ARRAY (node))
          {
            g_variant_builder_clear (&builder);
            return bad (r, node, "a value of type %s is an array, not %s", t, json_kind (node));
          }
        for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
          {
            GVariant *item = typed_read (r, json_array_get_element (json_node_get_array (node), k), element);

            if (item == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add_value (&builder, item);
          }
        return g_variant_builder_end (&builder);
      }
    case '(':
    case '{':
      {
        JsonArray *array;
        gsize n = g_variant_type_n_items (type);
        const GVariantType *item_type;
        GVariantBuilder builder;
        guint k = 0;

        if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != n)
          return bad (r, node, "a value of type %s is an array of %" G_GSIZE_FORMAT " values", t, n);
        array = json_node_get_array (node);
        g_variant_builder_init (&builder, type);
        for (item_type = g_variant_type_first (type); item_type != NULL;
             item_type = g_variant_type_next (item_type), k++)
          {
            GVariant *item = typed_read (r, json_array_get_element (array, k), item_type);

            if (item == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add_value (&builder, item);
          }
        return g_variant_builder_end (&builder);
      }
    default:
      return bad (r, node, "a value of type %s cannot be read", t);
    }
}

/* A value that cannot be decoded, at @node. The messages of nested values
 * say where in the value ("[0]: [2]: key: ..."): a long path is cut. */
static gboolean
value_error (SchedulaJsonDoc  *doc,
             JsonNode         *node,
             GError           *inner,
             GError          **error)
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
_schedula_json_to_value (SchedulaJsonDoc   *doc,
                         JsonNode          *node,
                         SchedulaLoadFlags  flags,
                         GValue            *value,
                         GError           **error)
{
  ValueReader r = { doc, error };
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *codec = "";
  JsonNode *data_node = node;

  if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "$codec"))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *name = json_object_get_member (object, "$codec");

      data_node = json_object_get_member (object, "$data");
      if (!holds (name, G_TYPE_STRING) || json_node_get_string (name)[0] == '\0')
        {
          bad (&r, name, "$codec is the name of a codec");
          return FALSE;
        }
      if (data_node == NULL || json_object_get_size (object) != 2)
        {
          bad (&r, node, "a value of a codec has the members $codec and $data only");
          return FALSE;
        }
      codec = json_node_get_string (name);
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
   * serialises the variant (see _schedula_json_from_value ()) */
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
  g_autoptr(JsonNode) json = NULL;

  g_return_val_if_fail (value != NULL && G_IS_VALUE (value), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json = _schedula_json_from_value (value, error);
  return json != NULL ? json_to_string (json, FALSE) : NULL;
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
