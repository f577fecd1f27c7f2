/* schedula-web-request.c: the requests of the web server, and the bodies
 * of its responses
 *
 * A request is untrusted: everything here reads it with the limits of the
 * model-file reader (schedula_value_from_json(), without codecs: a request
 * never names code to run) and turns what is wrong into a GError of
 * SCHEDULA_WEB_ERROR and the name of the field (`body`, `args`,
 * `kwargs.inputs`, ...). Nothing here recurses on the request: the reader
 * bounds the nesting of the values, and the walks below are one or two
 * levels deep.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-web-private.h"

guint
_schedula_web_status (gint code)
{
  switch (code)
    {
    case SCHEDULA_WEB_ERROR_BAD_REQUEST:     return 400;
    case SCHEDULA_WEB_ERROR_UNAUTHORIZED:    return 401;
    case SCHEDULA_WEB_ERROR_NOT_FOUND:       return 404;
    case SCHEDULA_WEB_ERROR_METHOD:          return 405;
    case SCHEDULA_WEB_ERROR_TIMEOUT:         return 408;
    case SCHEDULA_WEB_ERROR_TOO_LARGE:       return 413;
    case SCHEDULA_WEB_ERROR_UNPROCESSABLE:   return 422;
    case SCHEDULA_WEB_ERROR_GATEWAY_TIMEOUT: return 504;
    default:                                 return 500;
    }
}

gboolean
_schedula_web_fail (char        **field,
                    GError      **error,
                    gint          code,
                    const char   *field_name,
                    const char   *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SCHEDULA_WEB_ERROR, code, "%s: %s", field_name, message);
  if (field != NULL)
    {
      g_free (*field);
      *field = g_strdup (field_name);
    }
  return FALSE;
}

/* Values ------------------------------------------------------------------ */

/* The elements of a sequence (a JSON array), or NULL when @value is not
 * one */
static const GValue *
sequence_values (const GValue *value,
                 guint        *n_values)
{
  const GValue *values = NULL;

  *n_values = 0;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (G_VALUE_HOLDS (value, g_value_array_get_type ()))
    {
      GValueArray *array = g_value_get_boxed (value);
      static const GValue empty[1] = { G_VALUE_INIT };

      if (array == NULL || array->n_values == 0)
        return empty;
      values = array->values;
      *n_values = array->n_values;
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return values;
}

static SchedulaDict *
dict_of (const GValue *value)
{
  return G_VALUE_HOLDS (value, SCHEDULA_TYPE_DICT) ? g_value_get_boxed (value) : NULL;
}

/* What a value is, in the words of JSON */
static const char *
kind_name (const GValue *value)
{
  guint n;

  if (schedula_value_holds_none (value))
    return "null";
  if (dict_of (value) != NULL)
    return "an object";
  if (sequence_values (value, &n) != NULL)
    return "an array";
  if (G_VALUE_HOLDS_STRING (value))
    return "a string";
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return "a boolean";
  if (G_VALUE_HOLDS_INT64 (value) || G_VALUE_HOLDS_DOUBLE (value))
    return "a number";
  return G_VALUE_TYPE_NAME (value);
}

/* ?data= ------------------------------------------------------------------ */

/* A part of a query string, as a form encodes it ('+' is a space), or NULL
 * when its escapes are broken or it is not UTF-8 */
static char *
query_unescape (const char *start,
                const char *end)
{
  g_autofree char *text = g_strndup (start, end - start);
  char *unescaped;

  g_strdelimit (text, "+", ' ');
  unescaped = g_uri_unescape_string (text, NULL);
  if (unescaped != NULL && !g_utf8_validate (unescaped, -1, NULL))
    g_clear_pointer (&unescaped, g_free);
  return unescaped;
}

static void
select_member (SchedulaWebSelection *selection,
               SchedulaWebMember     member)
{
  for (guint i = 0; i < selection->n_members; i++)
    if (selection->members[i] == member)
      return;
  selection->members[selection->n_members++] = member;
}

gboolean
_schedula_web_parse_selection (const char            *query,
                               SchedulaWebSelection  *selection,
                               char                 **field,
                               GError               **error)
{
  g_autofree char *data = NULL;
  const char *p = query;

  selection->n_members = 0;
  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '&');
      const char *eq;
      g_autofree char *key = NULL;

      if (end == NULL)
        end = p + strlen (p);
      eq = memchr (p, '=', end - p);
      key = query_unescape (p, eq != NULL ? eq : end);
      if (key != NULL && g_str_equal (key, "data"))
        {
          if (data != NULL)
            return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "data",
                                       "the query has data twice: give the members once, "
                                       "as ?data=input,return,error");
          data = eq != NULL ? query_unescape (eq + 1, end) : g_strdup ("");
          if (data == NULL)
            return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "data",
                                       "the value is not UTF-8 text, or its %%-escapes are broken");
        }
      p = *end != '\0' ? end + 1 : end;
    }

  if (data == NULL)
    {
      select_member (selection, SCHEDULA_WEB_MEMBER_RETURN);
      select_member (selection, SCHEDULA_WEB_MEMBER_ERROR);
      return TRUE;
    }
  /* schedula's selector (allow_miss): unknown members are left out */
  for (char *name = data, *next; name != NULL; name = next)
    {
      next = strchr (name, ',');
      if (next != NULL)
        *next++ = '\0';
      g_strstrip (name);
      if (g_str_equal (name, "input"))
        select_member (selection, SCHEDULA_WEB_MEMBER_INPUT);
      else if (g_str_equal (name, "return"))
        select_member (selection, SCHEDULA_WEB_MEMBER_RETURN);
      else if (g_str_equal (name, "error"))
        select_member (selection, SCHEDULA_WEB_MEMBER_ERROR);
    }
  return TRUE;
}

/* The body ----------------------------------------------------------------- */

/* A gzip body, decompressed up to @max_size bytes */
static GBytes *
gunzip (const char  *data,
        gsize        length,
        guint64      max_size,
        char       **field,
        GError     **error)
{
  g_autoptr(GConverter) decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize read_total = 0;

  for (;;)
    {
      guint8 buf[16384];
      gsize bytes_read = 0, bytes_written = 0;
      g_autoptr(GError) local_error = NULL;
      GConverterResult result;

      result = g_converter_convert (decompressor, data + read_total, length - read_total,
                                    buf, sizeof buf, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, &local_error);
      /* zlib wants more than the body has (or gets nowhere: no input) */
      if (result == G_CONVERTER_ERROR ||
          (result != G_CONVERTER_FINISHED && bytes_read == 0 && bytes_written == 0))
        {
          if (local_error == NULL || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "body",
                                "the gzip data of the body ends too soon");
          else
            _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "body",
                                "the body is not gzip data (Content-Encoding: gzip): %s", local_error->message);
          return NULL;
        }
      read_total += bytes_read;
      if (out->len + (guint64) bytes_written > max_size)
        {
          _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_TOO_LARGE, "body",
                              "the body is larger than %" G_GUINT64_FORMAT " bytes once decompressed",
                              max_size);
          return NULL;
        }
      g_byte_array_append (out, buf, bytes_written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  if (read_total < length)
    {
      _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "body",
                          "the body has %" G_GSIZE_FORMAT " bytes after its gzip data", length - read_total);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
_schedula_web_request_clear (SchedulaWebRequest *self)
{
  if (G_IS_VALUE (&self->body))
    g_value_unset (&self->body);
  self->args = NULL;
  self->n_args = 0;
  self->kwargs = NULL;
}

gboolean
_schedula_web_request_parse (SchedulaWebRequest  *self,
                             const char          *data,
                             gsize                length,
                             const char          *content_encoding,
                             guint64              max_size,
                             char               **field,
                             GError             **error)
{
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GError) local_error = NULL;
  SchedulaDict *body;

  memset (self, 0, sizeof *self);
  if (content_encoding != NULL && g_ascii_strcasecmp (content_encoding, "identity") != 0)
    {
      if (g_ascii_strcasecmp (content_encoding, "gzip") != 0 &&
          g_ascii_strcasecmp (content_encoding, "x-gzip") != 0)
        {
          g_autofree char *shown = g_utf8_make_valid (content_encoding, -1);

          return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "Content-Encoding",
                                     "the server reads bodies as they are (identity) or gzip, not %s", shown);
        }
      if ((decoded = gunzip (data, length, max_size, field, error)) == NULL)
        return FALSE;
      data = g_bytes_get_data (decoded, &length);
    }
  /* no body: no arguments */
  if (length == 0)
    return TRUE;

  if (!schedula_value_from_json (data, (gssize) length, "body", SCHEDULA_LOAD_FLAGS_NONE,
                                 &self->body, &local_error))
    {
      g_set_error_literal (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_BAD_REQUEST,
                           local_error->message);
      if (field != NULL)
        *field = g_strdup ("body");
      return FALSE;
    }
  if ((body = dict_of (&self->body)) == NULL)
    {
      _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "body",
                          "a request is a JSON object, {\"args\": [...], \"kwargs\": {...}}, not %s",
                          kind_name (&self->body));
      _schedula_web_request_clear (self);
      return FALSE;
    }
  for (guint i = 0; i < schedula_dict_get_size (body); i++)
    {
      const char *key = schedula_dict_get_key (body, i);
      const GValue *value = schedula_dict_get_value (body, i);

      gboolean ok = TRUE;

      if (g_str_equal (key, "args"))
        {
          if ((self->args = sequence_values (value, &self->n_args)) == NULL)
            ok = _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "args",
                                     "the positional arguments are an array, not %s", kind_name (value));
        }
      else if (g_str_equal (key, "kwargs"))
        {
          if ((self->kwargs = dict_of (value)) == NULL)
            ok = _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, "kwargs",
                                     "the keyword arguments are an object, not %s", kind_name (value));
        }
      else
        ok = _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, key,
                                 "a request has the members args and kwargs only");
      if (!ok)
        {
          _schedula_web_request_clear (self);
          return FALSE;
        }
    }
  return TRUE;
}

/* The arguments of a dispatch ----------------------------------------------- */

/* dispatch()'s keywords, in the order of its positional arguments */
static const char *const dispatch_keywords[] = {
  "inputs", "outputs", "inputs_dist", "wildcard", "no_call", "shrink", "rm_unused_nds",
  "select_output_kw",
};
/* the others of schedula's dispatch(), which a request cannot give */
static const char *const refused_keywords[] = {
  "_wait_in", "stopper", "executor", "sol_name", "verbose",
};

enum {
  KW_INPUTS, KW_OUTPUTS, KW_INPUTS_DIST, KW_WILDCARD, KW_NO_CALL, KW_SHRINK, KW_RM_UNUSED_NDS,
  KW_SELECT_OUTPUT_KW, N_KEYWORDS
};

G_STATIC_ASSERT (G_N_ELEMENTS (dispatch_keywords) == N_KEYWORDS);

void
_schedula_web_dispatch_args_clear (SchedulaWebDispatchArgs *args)
{
  g_clear_pointer (&args->inputs, g_hash_table_unref);
  g_clear_pointer (&args->outputs, g_strfreev);
  g_clear_object (&args->options);
  g_clear_pointer (&args->select_keys, g_strfreev);
}

static void
value_free (gpointer data)
{
  g_boxed_free (G_TYPE_VALUE, data);
}

static gboolean
is_data_node (SchedulaDispatcher *dsp,
              const char         *id)
{
  SchedulaNode *node = schedula_dispatcher_lookup_node (dsp, id);

  return node != NULL && schedula_node_get_kind (node) == SCHEDULA_NODE_KIND_DATA;
}

static const char *
dispatcher_label (SchedulaDispatcher *dsp)
{
  const char *name = schedula_dispatcher_get_name (dsp);

  return name != NULL && name[0] != '\0' ? name : "the model";
}

/* An array of strings, as a NULL-terminated vector */
static char **
string_list (const GValue  *value,
             const char    *name,
             char         **field,
             GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const GValue *values;
  guint n;

  if ((values = sequence_values (value, &n)) == NULL)
    {
      _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, name, "an array of ids, not %s",
                          kind_name (value));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      if (!G_VALUE_HOLDS_STRING (&values[i]) || g_value_get_string (&values[i]) == NULL)
        {
          _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, name,
                              "an array of ids (strings): element %u is %s", i, kind_name (&values[i]));
          return NULL;
        }
      g_strv_builder_add (builder, g_value_get_string (&values[i]));
    }
  return g_strv_builder_end (builder);
}

static gboolean
boolean_of (const GValue  *value,
            const char    *name,
            gboolean      *b,
            char         **field,
            GError       **error)
{
  if (!G_VALUE_HOLDS_BOOLEAN (value))
    return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, name, "true or false, not %s",
                               kind_name (value));
  *b = g_value_get_boolean (value);
  return TRUE;
}

/* An object whose keys are data nodes of @dsp (kwargs.inputs,
 * kwargs.inputs_dist) */
static SchedulaDict *
data_node_object (SchedulaDispatcher  *dsp,
                  const GValue        *value,
                  const char          *name,
                  const char          *form,
                  char               **field,
                  GError             **error)
{
  SchedulaDict *dict = dict_of (value);

  if (dict == NULL)
    {
      _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, name, "%s, not %s", form,
                          kind_name (value));
      return NULL;
    }
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    if (!is_data_node (dsp, schedula_dict_get_key (dict, i)))
      {
        _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name, "%s has no data node %s",
                            dispatcher_label (dsp), schedula_dict_get_key (dict, i));
        return NULL;
      }
  return dict;
}

static gboolean
read_inputs (SchedulaWebDispatchArgs  *args,
             SchedulaDispatcher       *dsp,
             const GValue             *value,
             const char               *name,
             char                    **field,
             GError                  **error)
{
  SchedulaDict *dict = data_node_object (dsp, value, name, "the inputs are an object, {\"ID\": VALUE, ...}",
                                         field, error);

  if (dict == NULL)
    return FALSE;
  args->inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    g_hash_table_replace (args->inputs, g_strdup (schedula_dict_get_key (dict, i)),
                          g_boxed_copy (G_TYPE_VALUE, schedula_dict_get_value (dict, i)));
  return TRUE;
}

static gboolean
read_outputs (SchedulaWebDispatchArgs  *args,
              SchedulaDispatcher       *dsp,
              const GValue             *value,
              const char               *name,
              char                    **field,
              GError                  **error)
{
  if ((args->outputs = string_list (value, name, field, error)) == NULL)
    return FALSE;
  for (guint i = 0; args->outputs[i] != NULL; i++)
    if (!is_data_node (dsp, args->outputs[i]))
      return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                                 "%s has no data node %s", dispatcher_label (dsp), args->outputs[i]);
  return TRUE;
}

static gboolean
read_inputs_dist (SchedulaWebDispatchArgs  *args,
                  SchedulaDispatcher       *dsp,
                  const GValue             *value,
                  const char               *name,
                  char                    **field,
                  GError                  **error)
{
  SchedulaDict *dict = data_node_object (dsp, value, name,
                                         "the initial distances are an object, {\"ID\": NUMBER, ...}",
                                         field, error);

  if (dict == NULL)
    return FALSE;
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    {
      const GValue *d = schedula_dict_get_value (dict, i);
      SchedulaDistance dist = { 0, 0 };

      if (G_VALUE_HOLDS_INT64 (d))
        dist.num = (gdouble) g_value_get_int64 (d);
      else if (G_VALUE_HOLDS_DOUBLE (d))
        dist.num = g_value_get_double (d);
      else
        return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, name,
                                   "the distance of %s is a number, not %s", schedula_dict_get_key (dict, i),
                                   kind_name (d));
      schedula_dispatch_options_set_input_dist (args->options, schedula_dict_get_key (dict, i), &dist);
    }
  return TRUE;
}

static gboolean
read_select (SchedulaWebDispatchArgs  *args,
             const GValue             *value,
             const char               *name,
             char                    **field,
             GError                  **error)
{
  static const struct { const char *name; SchedulaOutputType type; } types[] = {
    { "dict", SCHEDULA_OUTPUT_TYPE_DICT },
    { "list", SCHEDULA_OUTPUT_TYPE_LIST },
    { "values", SCHEDULA_OUTPUT_TYPE_VALUES },
    { "all", SCHEDULA_OUTPUT_TYPE_ALL },
  };
  SchedulaDict *dict = dict_of (value);

  if (dict == NULL)
    return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, name,
                               "an object, {\"keys\": [ID, ...], \"output_type\": TYPE}, not %s",
                               kind_name (value));
  args->select = TRUE;
  args->select_type = SCHEDULA_OUTPUT_TYPE_DICT;
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    {
      const char *key = schedula_dict_get_key (dict, i);
      const GValue *v = schedula_dict_get_value (dict, i);
      g_autofree char *member = g_strdup_printf ("%s.%s", name, key);
      gboolean copy;

      if (g_str_equal (key, "keys"))
        {
          if ((args->select_keys = string_list (v, member, field, error)) == NULL)
            return FALSE;
        }
      else if (g_str_equal (key, "output_type"))
        {
          gsize t;

          for (t = 0; t < G_N_ELEMENTS (types); t++)
            if (G_VALUE_HOLDS_STRING (v) && g_strcmp0 (g_value_get_string (v), types[t].name) == 0)
              break;
          if (t == G_N_ELEMENTS (types))
            return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_BAD_REQUEST, member,
                                       "\"dict\", \"list\", \"values\" or \"all\", not %s", kind_name (v));
          args->select_type = types[t].type;
        }
      else if (g_str_equal (key, "copy"))
        {
          /* the values are copied to the response anyway */
          if (!boolean_of (v, member, &copy, field, error))
            return FALSE;
        }
      else
        return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, member,
                                   "the server selects with keys, output_type and copy, not %s", key);
    }
  if (args->select_keys == NULL)
    return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                               "keys is missing: the ids to select");
  return TRUE;
}

static gint
keyword_index (const char *key)
{
  for (gint i = 0; i < N_KEYWORDS; i++)
    if (g_str_equal (key, dispatch_keywords[i]))
      return i;
  return -1;
}

/* Reads the keywords of @request into @args; @names gets the field of
 * each keyword given */
static gboolean
read_dispatch_args (const SchedulaWebRequest  *request,
                    SchedulaDispatcher        *dispatcher,
                    SchedulaWebDispatchArgs   *args,
                    char                     **names,
                    char                     **field,
                    GError                   **error)
{
  const GValue *given[N_KEYWORDS] = { NULL, };
  gboolean ok = TRUE;

  if (request->n_args > N_KEYWORDS)
    return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, "args",
                               "dispatch() takes %d positional arguments (inputs, outputs, inputs_dist, "
                               "wildcard, no_call, shrink, rm_unused_nds, select_output_kw), not %u",
                               N_KEYWORDS, request->n_args);
  for (guint i = 0; i < request->n_args; i++)
    {
      given[i] = &request->args[i];
      names[i] = g_strdup_printf ("args.%u", i);
    }
  for (guint i = 0; request->kwargs != NULL && i < schedula_dict_get_size (request->kwargs); i++)
    {
      const char *key = schedula_dict_get_key (request->kwargs, i);
      g_autofree char *name = g_strdup_printf ("kwargs.%s", key);
      gint k = keyword_index (key);

      if (k < 0)
        {
          for (gsize r = 0; r < G_N_ELEMENTS (refused_keywords); r++)
            if (g_str_equal (key, refused_keywords[r]))
              return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                                         "a request cannot give the keyword %s of dispatch()", key);
          return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                                     "dispatch() has no keyword %s (it takes inputs, outputs, inputs_dist, "
                                     "wildcard, no_call, shrink, rm_unused_nds and select_output_kw)", key);
        }
      if (given[k] != NULL)
        return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                                   "%s is given twice, as %s and as %s", key, names[k], name);
      given[k] = schedula_dict_get_value (request->kwargs, i);
      names[k] = g_steal_pointer (&name);
    }

  for (gint k = 0; ok && k < N_KEYWORDS; k++)
    {
      const GValue *value = given[k];
      gboolean b = FALSE;

      /* None is the default of every keyword */
      if (value == NULL || schedula_value_holds_none (value))
        continue;
      switch (k)
        {
        case KW_INPUTS:
          ok = read_inputs (args, dispatcher, value, names[k], field, error);
          break;
        case KW_OUTPUTS:
          ok = read_outputs (args, dispatcher, value, names[k], field, error);
          break;
        case KW_INPUTS_DIST:
          ok = read_inputs_dist (args, dispatcher, value, names[k], field, error);
          break;
        case KW_SELECT_OUTPUT_KW:
          ok = read_select (args, value, names[k], field, error);
          break;
        default:
          if (!(ok = boolean_of (value, names[k], &b, field, error)))
            break;
          if (k == KW_WILDCARD)
            schedula_dispatch_options_set_wildcard (args->options,
                                                    b ? SCHEDULA_WILDCARD_ON : SCHEDULA_WILDCARD_OFF);
          else if (k == KW_NO_CALL)
            schedula_dispatch_options_set_no_call (args->options, b);
          else if (k == KW_SHRINK)
            schedula_dispatch_options_set_shrink (args->options, b);
          else
            schedula_dispatch_options_set_rm_unused_nodes (args->options, b);
        }
    }
  return ok;
}

/* Fills @args from @request (clear it in any case) */
gboolean
_schedula_web_dispatch_args (const SchedulaWebRequest  *request,
                             SchedulaDispatcher        *dispatcher,
                             const char                *executor,
                             SchedulaWebDispatchArgs   *args,
                             char                     **field,
                             GError                   **error)
{
  char *names[N_KEYWORDS] = { NULL, };
  gboolean ok;

  memset (args, 0, sizeof *args);
  args->options = schedula_dispatch_options_new ();
  if (executor != NULL)
    schedula_dispatch_options_set_executor (args->options, executor);
  ok = read_dispatch_args (request, dispatcher, args, names, field, error);
  for (gint k = 0; k < N_KEYWORDS; k++)
    g_free (names[k]);
  return ok;
}

/* The arguments of a call ---------------------------------------------------- */

void
_schedula_web_call_args_clear (SchedulaWebCallArgs *args)
{
  for (guint i = 0; args->values != NULL && i < args->n_values; i++)
    if (G_IS_VALUE (&args->values[i]))
      g_value_unset (&args->values[i]);
  g_clear_pointer (&args->values, g_free);
  args->n_values = 0;
  g_clear_pointer (&args->keywords, schedula_dict_unref);
}

static void
copy_value (const GValue *src,
            GValue       *dest)
{
  g_value_init (dest, G_VALUE_TYPE (src));
  g_value_copy (src, dest);
}

gboolean
_schedula_web_call_args (const SchedulaWebRequest  *request,
                         SchedulaFunctionNode      *node,
                         gboolean                   keywords,
                         SchedulaWebCallArgs       *args,
                         char                     **field,
                         GError                   **error)
{
  const char *node_id = schedula_node_get_id (SCHEDULA_NODE (node));
  guint n_kwargs = request->kwargs != NULL ? schedula_dict_get_size (request->kwargs) : 0;
  guint n_inputs = schedula_function_node_get_n_inputs (node);

  memset (args, 0, sizeof *args);
  /* the arguments as they are: positional only, or a wrapper, which reads
   * its keywords itself */
  if (n_kwargs == 0 || keywords)
    {
      args->n_values = request->n_args;
      args->values = g_new0 (GValue, MAX (request->n_args, 1));
      for (guint i = 0; i < request->n_args; i++)
        copy_value (&request->args[i], &args->values[i]);
      if (n_kwargs > 0)
        args->keywords = schedula_dict_ref (request->kwargs);
      return TRUE;
    }

  /* keywords name the inputs of the node */
  args->n_values = MAX (request->n_args, n_inputs);
  args->values = g_new0 (GValue, MAX (args->n_values, 1));
  for (guint i = 0; i < request->n_args; i++)
    copy_value (&request->args[i], &args->values[i]);
  for (guint k = 0; k < n_kwargs; k++)
    {
      const char *key = schedula_dict_get_key (request->kwargs, k);
      g_autofree char *name = g_strdup_printf ("kwargs.%s", key);
      gboolean found = FALSE;

      for (guint i = 0; i < n_inputs; i++)
        {
          if (!g_str_equal (schedula_function_node_get_input (node, i), key))
            continue;
          found = TRUE;
          if (i < request->n_args)
            {
              _schedula_web_call_args_clear (args);
              return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                                         "the input %s of %s is given twice, as args.%u and as %s",
                                         key, node_id, i, name);
            }
          copy_value (schedula_dict_get_value (request->kwargs, k), &args->values[i]);
        }
      if (!found)
        {
          _schedula_web_call_args_clear (args);
          return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, name,
                                     "the node %s has no input %s", node_id, key);
        }
    }
  for (guint i = 0; i < n_inputs; i++)
    if (!G_IS_VALUE (&args->values[i]))
      {
        const char *input = schedula_function_node_get_input (node, i);

        _schedula_web_call_args_clear (args);
        return _schedula_web_fail (field, error, SCHEDULA_WEB_ERROR_UNPROCESSABLE, "kwargs",
                                   "the input %s of %s is missing (args.%u or kwargs.%s)",
                                   input, node_id, i, input);
      }
  return TRUE;
}

/* JSON ------------------------------------------------------------------------- */

void
_schedula_web_json_string (GString    *out,
                           const char *s)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

char *
_schedula_web_error_body (const char *message,
                          const char *field)
{
  GString *out = g_string_new ("{\"error\":");

  _schedula_web_json_string (out, message);
  g_string_append (out, ",\"field\":");
  _schedula_web_json_string (out, field);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* A solution, {id: value} in its order */
static char *
solution_json (SchedulaSolution  *sol,
               GError           **error)
{
  g_autoptr(GString) out = g_string_new ("{");
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;
  gboolean first = TRUE;

  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = schedula_value_to_json (value, &local_error);

      if (text == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       "the value of %s has no JSON form: %s", id, local_error->message);
          return NULL;
        }
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      _schedula_web_json_string (out, id);
      g_string_append_c (out, ':');
      g_string_append (out, text);
    }
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
_schedula_web_value_json (const GValue  *value,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text;

  if (value == NULL)
    return g_strdup ("null");
  if (G_VALUE_HOLDS (value, SCHEDULA_TYPE_SOLUTION) && g_value_get_object (value) != NULL)
    return solution_json (g_value_get_object (value), error);
  if ((text = schedula_value_to_json (value, &local_error)) == NULL)
    g_set_error (error, local_error->domain, local_error->code,
                 "the value has no JSON form: %s", local_error->message);
  return text;
}

char *
_schedula_web_outputs_json (const GValue  *values,
                            guint          n_values,
                            GError       **error)
{
  g_autoptr(GString) out = NULL;

  if (n_values == 1)
    return _schedula_web_value_json (&values[0], error);
  out = g_string_new ("[");
  for (guint i = 0; i < n_values; i++)
    {
      g_autofree char *text = _schedula_web_value_json (&values[i], error);

      if (text == NULL)
        return NULL;
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
_schedula_web_response_body (const SchedulaWebSelection *selection,
                             const SchedulaWebRequest   *request,
                             const char                 *return_json,
                             const char                 *error_message,
                             GError                    **error)
{
  g_autoptr(GString) out = g_string_new ("{");
  gboolean first = TRUE;

  for (guint i = 0; i < selection->n_members; i++)
    {
      g_autofree char *input = NULL;
      const char *key;

      switch (selection->members[i])
        {
        case SCHEDULA_WEB_MEMBER_INPUT:
          key = "input";
          /* schedula echoes {} for an empty body */
          if (!G_IS_VALUE (&request->body))
            input = g_strdup ("{}");
          else if ((input = _schedula_web_value_json (&request->body, error)) == NULL)
            return NULL;
          break;
        case SCHEDULA_WEB_MEMBER_RETURN:
          key = "return";
          if (return_json == NULL)
            continue;
          break;
        case SCHEDULA_WEB_MEMBER_ERROR:
        default:
          key = "error";
          if (error_message == NULL)
            continue;
          break;
        }
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_printf (out, "\"%s\":", key);
      if (input != NULL)
        g_string_append (out, input);
      else if (selection->members[i] == SCHEDULA_WEB_MEMBER_RETURN)
        g_string_append (out, return_json);
      else
        {
          /* the Python binding's messages end with the traceback, which
           * names the server's files: it stays in the solution and the
           * log, the client gets the message */
          const char *traceback = strstr (error_message, "\nTraceback (most recent call last):");
          g_autofree char *message = traceback != NULL ? g_strndup (error_message, traceback - error_message)
                                                       : NULL;

          _schedula_web_json_string (out, message != NULL ? message : error_message);
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
