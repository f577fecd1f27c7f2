/* conformance.c: replays the reference's worked examples through the C API
 *
 * Reads examples.json (recorded from schedula 1.5.78), builds each model of
 * areas 1-6 with the public API and the C catalogue (the wrappers of area 5
 * from their function references), runs the action, encodes
 * what the library produced in the same JSON shape the reference recorded,
 * and compares the two the way run_reference.py does: dicts by their
 * expected keys, lists in order, scalars with their type (2 is not 2.0).
 *
 * What the comparison cannot apply to the C API is listed, per example, as a
 * skip with its reason. Differences of form that follow from C are:
 *   - "printed" (Python's repr of the Solution) is not compared; the ordered
 *     "solution" pairs carry the same content;
 *   - distances and weights are doubles in C, so they compare by value;
 *   - error messages of node failures are rebuilt as the reference writes
 *     them, from the catalogue's error (Python type + message); errors the
 *     library raises itself map as listed in library_error_repr();
 *   - exceptions out of dispatch compare by type, and by message as far as
 *     C can say it (see exception_matches()); the wrappers' errors stand for
 *     schedula's exceptions: UNREACHABLE_OUTPUTS and PIPE_BROKEN for
 *     DispatcherError (ValueError when a SubDispatchFunction is made),
 *     BAD_ARGUMENTS for TypeError.
 *
 * Area 6 (executors, action "async") runs each example with its executor
 * and compares the solution (sorted by id), the errors, the exception and
 * the names schedula_shutdown_executors() returns after it; there are no
 * futures, so "futures_before_result" is not compared. The library gives
 * the synchronous solution whatever the executor: where schedula's
 * asynchronous result differs from its synchronous one (ASYNC_BY_DESIGN),
 * the example is compared with schedula's synchronous result, and the
 * output says so. Every example of area 6 is also dispatched under the
 * executors it does not name, and must give exactly what the synchronous
 * dispatch gives (values, distances, workflow, errors, sub-solutions).
 *
 * Area 7: the io examples (when the library has model files,
 * SCHEDULA_HAS_IO) save the model to bytes and load it back as schedula's
 * save_dispatcher/load_dispatcher, save_default_values/load_default_values
 * and save_map/load_map do. The plot examples (SCHEDULA_HAS_PLOT) plot the
 * model or the solution into a SchedulaPlotMap and read each page back from
 * its DOT text (the rows of the special nodes, drawn with their label
 * alone, from the HTML view's hover data, with graphviz); a plot has no
 * more style attributes and rows than schedula's, not only the same ones.
 * The rows started and duration are not drawn by design (the solution does
 * not record when a node ran): they are taken out of the recorded tables
 * and the output says where. The web examples (SCHEDULA_HAS_WEB) serve the
 * model with a SchedulaWebServer on loopback and POST each request over
 * HTTP with libsoup in the same thread (run_reference.py uses Flask's test
 * client: the same requests); the answers that differ from schedula's by
 * design are read back as schedula's (web_adapt_response()) and the output
 * says which.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "conformance.h"

#if SCHEDULA_HAS_WEB
#include <libsoup/soup.h>
#endif

typedef struct
{
  GHashTable *partial;   /* SchedulaFunction* -> display name */
  GPtrArray  *keep;      /* objects alive for the example */
  gboolean    verbose;
  /* --round-trip: each model built is saved to a model file and loaded
   * back before it is used (SCHEDULA_HAS_IO) */
  gboolean    round_trip;
  guint       build_depth;
  guint       rt_models;      /* models saved and loaded back */
  GPtrArray  *rt_errors;      /* of the current example */
  char       *rt_reason;      /* why a model of the current example was not */
} Runner;

static Runner runner;

/* Skips */

static gboolean
json_contains_prefix (JsonNode   *node,
                      const char *prefix)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_STRING &&
             g_str_has_prefix (json_node_get_string (node), prefix);
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (a); i++)
          if (json_contains_prefix (json_array_get_element (a, i), prefix))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (o);

        for (GList *l = members; l; l = l->next)
          if (g_str_has_prefix (l->data, prefix) ||
              json_contains_prefix (json_object_get_member (o, l->data), prefix))
            return TRUE;
        return FALSE;
      }
    default:
      return FALSE;
    }
}

static gboolean
model_has_tuple_keys (JsonObject *model)
{
  JsonArray *ops = json_object_has_member (model, "ops") ? json_object_get_array_member (model, "ops") : NULL;

  for (guint i = 0; ops && i < json_array_get_length (ops); i++)
    {
      JsonObject *op = json_array_get_object_element (ops, i);
      const char *kinds[] = { "inputs", "outputs" };

      if (g_strcmp0 (json_object_get_string_member_with_default (op, "op", ""), "dispatcher") != 0)
        continue;
      if (model_has_tuple_keys (json_object_get_object_member (op, "dsp")))
        return TRUE;
      for (guint k = 0; k < 2; k++)
        {
          JsonNode *m = json_object_get_member (op, kinds[k]);

          if (m && JSON_NODE_HOLDS_OBJECT (m) && json_object_has_member (json_node_get_object (m), "pairs"))
            {
              JsonArray *pairs = json_object_get_array_member (json_node_get_object (m), "pairs");

              for (guint j = 0; j < json_array_get_length (pairs); j++)
                if (JSON_NODE_HOLDS_ARRAY (json_array_get_element (json_array_get_array_element (pairs, j), 0)))
                  return TRUE;
            }
        }
    }
  return FALSE;
}

/* Whether node holds, at any depth, a member named member whose value is
 * one of the strings of names */
static gboolean
json_names_any (JsonNode           *node,
                const char         *member,
                const char *const  *names)
{
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);
      JsonNode *value = json_object_get_member (o, member);

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
          g_strv_contains (names, json_node_get_string (value)))
        return TRUE;
      for (GList *l = members; l; l = l->next)
        if (json_names_any (json_object_get_member (o, l->data), member, names))
          return TRUE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (json_names_any (json_array_get_element (a, i), member, names))
          return TRUE;
    }
  return FALSE;
}

/* Whether node holds a SubDispatchFunction (or a pipe built on it) given
 * inputs_dist */
static gboolean
function_wrapper_has_inputs_dist (JsonNode *node)
{
  static const char *const function_wrappers[] = { "SubDispatchFunction", "SubDispatchPipe", "DispatchPipe", NULL };

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);
      JsonNode *kind = json_object_get_member (o, "wrapper");

      if (kind != NULL && JSON_NODE_HOLDS_VALUE (kind) &&
          g_strv_contains (function_wrappers, json_node_get_string (kind)) &&
          json_object_has_member (o, "inputs_dist"))
        return TRUE;
      for (GList *l = members; l; l = l->next)
        if (!g_str_equal (l->data, "expected") && function_wrapper_has_inputs_dist (json_object_get_member (o, l->data)))
          return TRUE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (function_wrapper_has_inputs_dist (json_array_get_element (a, i)))
          return TRUE;
    }
  return FALSE;
}

/* Why an example that uses the wrappers or helpers of area 5 does not run,
 * or NULL: the helpers and the sub-dispatch wrappers the library has run
 * (in any area); the Python-only conveniences and the reference bug of
 * Example 5.31 are skipped */
static const char *
area5_skip_reason (JsonObject *ex)
{
  static const char *const python_only_helpers[] = { "parent_func", "stlp", "kk_dict", NULL };
  static const char *const python_only_wrappers[] = { "add_args", NULL };
  static const char *const python_level[] = { "inf_ops", NULL };
  g_autoptr(JsonNode) whole = json_node_init_object (json_node_alloc (), ex);

  if (json_names_any (whole, "helper", python_only_helpers))
    return "stlp, kk_dict and parent_func are Python-only conveniences: the Python binding provides them";
  if (json_names_any (whole, "wrapper", python_only_wrappers))
    return "add_args is a Python-only convenience: the Python binding provides it";
  if (json_names_any (whole, "helper", python_level))
    return "inf arithmetic is Python-level: C distances are SchedulaDistance pairs, compared but not computed with";
  if (function_wrapper_has_inputs_dist (whole))
    return "reference bug (SEMANTICS 5.2, Example 5.31): schedula 1.5.78 builds the template solution of a "
           "SubDispatchFunction with inputs_dist as no_call (its arguments are shifted) and returns NONE; "
           "the library does not reproduce it: a SubDispatchFunction with inputs_dist dispatches normally";
  return NULL;
}

/* Why an example does not apply to the C API, or NULL */
static const char *
skip_reason (JsonObject *ex)
{
  gint64 area = json_object_get_int_member (ex, "area");
  JsonNode *node = json_object_get_member (ex, "model");
  const char *action = json_object_get_string_member_with_default (ex, "action", "dispatch");

  if (area <= 5 && area5_skip_reason (ex) != NULL)
    return area5_skip_reason (ex);
  if (g_str_equal (action, "async") && !SCHEDULA_HAS_IO &&
      g_strcmp0 (json_object_get_string_member_with_default (json_object_get_object_member (ex, "dispatch"),
                                                             "executor", ""), "parallel-dispatch") == 0)
    return "the parallel-dispatch executor needs model files (the io feature), which this build lacks";
  if (area == 7 && g_str_equal (action, "io") && !SCHEDULA_HAS_IO)
    return "the library was built without model files (the io feature)";
  if (area == 7 && g_str_equal (action, "plot") && !SCHEDULA_HAS_PLOT)
    return "the library was built without plots (meson option plot)";
  if (area == 7 && g_str_equal (action, "web") && !SCHEDULA_HAS_WEB)
    return "the library was built without the web API (meson option web)";
  if ((node != NULL && json_contains_prefix (node, "$int:")) ||
      (json_object_has_member (ex, "dispatch") &&
       json_contains_prefix (json_object_get_member (ex, "dispatch"), "$int:")))
    return "integer node ids: ids are strings in C (the Python binding maps them)";
  if (node != NULL && model_has_tuple_keys (json_node_get_object (node)))
    return "tuple ids as mapping keys: ids are strings in C";
  if (json_object_has_member (ex, "dispatch") &&
      json_object_has_member (json_object_get_object_member (ex, "dispatch"), "cutoff"))
    return "cutoff: a Python TypeError for an unknown keyword; the C API has no such parameter";
  if (g_str_equal (action, "model_op"))
    {
      const char *name = json_object_get_string_member (json_object_get_object_member (ex, "op"), "name");

      if (g_str_equal (name, "blue_register") || g_str_equal (name, "extend"))
        return "Blueprints (blue/register/extend) are a Python construct for deferred building";
    }
  return NULL;
}

/* Values */

static GValue *
new_value (GType type)
{
  GValue *v = g_new0 (GValue, 1);

  g_value_init (v, type);
  return v;
}

static void
value_free (GValue *v)
{
  if (v == NULL)
    return;
  g_value_unset (v);
  g_free (v);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GValue, value_free)

static SchedulaDispatcher *build (JsonObject *model, JsonArray *returned, GError **error);
static SchedulaDispatcher *build_model (JsonObject *model, JsonArray *returned, GError **error);

static GValue *
dec (JsonNode *node)
{
  GValue *v;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return new_value (G_TYPE_POINTER);
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);

        if (t == G_TYPE_INT64)
          {
            v = new_value (G_TYPE_INT64);
            g_value_set_int64 (v, json_node_get_int (node));
          }
        else if (t == G_TYPE_DOUBLE)
          {
            v = new_value (G_TYPE_DOUBLE);
            g_value_set_double (v, json_node_get_double (node));
          }
        else if (t == G_TYPE_BOOLEAN)
          {
            v = new_value (G_TYPE_BOOLEAN);
            g_value_set_boolean (v, json_node_get_boolean (node));
          }
        else
          {
            v = new_value (G_TYPE_STRING);
            g_value_set_string (v, json_node_get_string (node));
          }
        return v;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        ConfSeq *seq = conf_seq_new (FALSE);

        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            g_autoptr(GValue) item = dec (json_array_get_element (a, i));

            conf_seq_append (seq, item);
          }
        v = new_value (CONF_TYPE_SEQ);
        g_value_take_boxed (v, seq);
        return v;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) members = NULL;
        SchedulaDict *dict;

        if (json_object_has_member (o, "$token"))
          {
            v = g_new0 (GValue, 1);
            schedula_value_init_none (v);
            return v;
          }
        if (json_object_has_member (o, "$tuple"))
          {
            v = dec (json_object_get_member (o, "$tuple"));
            ((ConfSeq *) g_value_get_boxed (v))->tuple = TRUE;
            return v;
          }
        if (json_object_has_member (o, "$inf"))
          {
            JsonArray *a = json_object_get_array_member (o, "$inf");
            SchedulaDistance d = { json_array_get_double_element (a, 0), json_array_get_double_element (a, 1) };

            v = new_value (SCHEDULA_TYPE_DISTANCE);
            g_value_set_boxed (v, &d);
            return v;
          }
        if (json_object_has_member (o, "$model"))
          {
            g_autoptr(GError) error = NULL;
            SchedulaDispatcher *dsp = build (json_object_get_object_member (o, "$model"), NULL, &error);

            v = new_value (SCHEDULA_TYPE_DISPATCHER);
            g_value_take_object (v, dsp);
            return v;
          }
        dict = schedula_dict_new ();
        members = json_object_get_members (o);
        for (GList *l = members; l; l = l->next)
          {
            g_autoptr(GValue) item = dec (json_object_get_member (o, l->data));

            schedula_dict_insert (dict, l->data, item);
          }
        v = new_value (SCHEDULA_TYPE_DICT);
        g_value_take_boxed (v, dict);
        return v;
      }
    default:
      return new_value (G_TYPE_POINTER);
    }
}

static JsonNode *enc (const GValue *v);

static GType
value_array_type (void)
{
  GType type;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  type = g_value_array_get_type ();
  G_GNUC_END_IGNORE_DEPRECATIONS
  return type;
}

static JsonNode *
object_node (JsonObject *o)
{
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (n, o);
  return n;
}

static JsonNode *
array_node (JsonArray *a)
{
  JsonNode *n = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (n, a);
  return n;
}

static JsonNode *
string_node (const char *s)
{
  return json_node_init_string (json_node_alloc (), s);
}

static JsonNode *
double_node (gdouble d)
{
  return json_node_init_double (json_node_alloc (), d);
}

static JsonNode *
int_node (gint64 i)
{
  return json_node_init_int (json_node_alloc (), i);
}

static JsonNode *
bool_node (gboolean b)
{
  return json_node_init_boolean (json_node_alloc (), b);
}

static JsonNode *
solution_pairs (SchedulaSolution *sol)
{
  JsonArray *pairs = json_array_new ();
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;

  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      JsonArray *pair = json_array_new ();

      json_array_add_element (pair, string_node (id));
      json_array_add_element (pair, enc (value));
      json_array_add_array_element (pairs, pair);
    }
  return array_node (pairs);
}

static JsonNode *
enc (const GValue *v)
{
  if (v == NULL)
    return json_node_new (JSON_NODE_NULL);
  if (schedula_value_holds_none (v))
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "$token", "NONE");
      return object_node (o);
    }
  if (G_VALUE_HOLDS_POINTER (v) && g_value_get_pointer (v) == NULL)
    return json_node_new (JSON_NODE_NULL);
  if (G_VALUE_HOLDS_INT64 (v))
    return int_node (g_value_get_int64 (v));
  if (G_VALUE_HOLDS_INT (v))
    return int_node (g_value_get_int (v));
  if (G_VALUE_HOLDS_DOUBLE (v))
    return double_node (g_value_get_double (v));
  if (G_VALUE_HOLDS_BOOLEAN (v))
    return bool_node (g_value_get_boolean (v));
  if (G_VALUE_HOLDS_STRING (v))
    return string_node (g_value_get_string (v));
  if (G_VALUE_HOLDS (v, CONF_TYPE_SEQ))
    {
      ConfSeq *seq = g_value_get_boxed (v);
      JsonArray *a = json_array_new ();

      for (guint i = 0; i < seq->items->len; i++)
        json_array_add_element (a, enc (seq->items->pdata[i]));
      if (seq->tuple)
        {
          JsonObject *o = json_object_new ();

          json_object_set_array_member (o, "$tuple", a);
          return object_node (o);
        }
      return array_node (a);
    }
  if (G_VALUE_HOLDS (v, value_array_type ()))
    {
      /* The library's sequences: lists (the caller knows when a tuple) */
      GValueArray *array = g_value_get_boxed (v);
      JsonArray *a = json_array_new ();

      for (guint i = 0; array != NULL && i < array->n_values; i++)
        json_array_add_element (a, enc (&array->values[i]));
      return array_node (a);
    }
  if (G_VALUE_HOLDS (v, SCHEDULA_TYPE_DICT))
    {
      SchedulaDict *d = g_value_get_boxed (v);
      gboolean plain = TRUE;

      for (guint i = 0; i < schedula_dict_get_size (d); i++)
        plain &= schedula_dict_get_key (d, i)[0] != '$';
      if (plain)
        {
          JsonObject *o = json_object_new ();

          for (guint i = 0; i < schedula_dict_get_size (d); i++)
            json_object_set_member (o, schedula_dict_get_key (d, i), enc (schedula_dict_get_value (d, i)));
          return object_node (o);
        }
      else
        {
          JsonObject *o = json_object_new ();
          JsonArray *pairs = json_array_new ();

          for (guint i = 0; i < schedula_dict_get_size (d); i++)
            {
              JsonArray *pair = json_array_new ();

              json_array_add_string_element (pair, schedula_dict_get_key (d, i));
              json_array_add_element (pair, enc (schedula_dict_get_value (d, i)));
              json_array_add_array_element (pairs, pair);
            }
          json_object_set_array_member (o, "$dict", pairs);
          return object_node (o);
        }
    }
  if (G_VALUE_HOLDS (v, SCHEDULA_TYPE_DISPATCHER))
    {
      JsonObject *o = json_object_new ();
      SchedulaDispatcher *dsp = g_value_get_object (v);

      json_object_set_string_member (o, "$dispatcher", dsp ? schedula_dispatcher_get_name (dsp) : "");
      return object_node (o);
    }
  if (G_VALUE_HOLDS (v, SCHEDULA_TYPE_SOLUTION))
    {
      JsonObject *o = json_object_new ();

      json_object_set_member (o, "$solution", solution_pairs (g_value_get_object (v)));
      return object_node (o);
    }
  {
    JsonObject *o = json_object_new ();

    json_object_set_string_member (o, "$repr", G_VALUE_TYPE_NAME (v));
    return object_node (o);
  }
}

/* Distances print as Python numbers: START's -1 is an int */
static JsonNode *
enc_dist (const char             *id,
          const SchedulaDistance *d,
          gboolean                start_unvisited)
{
  if (start_unvisited)
    return int_node (-1);
  if (d->inf == 0)
    return double_node (d->num);
  {
    JsonObject *o = json_object_new ();
    JsonArray *a = json_array_new ();

    json_array_add_double_element (a, d->inf);
    json_array_add_double_element (a, d->num);
    json_object_set_array_member (o, "$inf", a);
    return object_node (o);
  }
}

/* Errors */

static char *
py_repr_str (const char *s)
{
  GString *r = g_string_new (NULL);
  char q = strchr (s, '\'') && !strchr (s, '"') ? '"' : '\'';

  g_string_append_c (r, q);
  for (const char *p = s; *p; p++)
    {
      if (*p == '\n')
        g_string_append (r, "\\n");
      else if (*p == '\\')
        g_string_append (r, "\\\\");
      else if (*p == q)
        g_string_append_printf (r, "\\%c", q);
      else
        g_string_append_c (r, *p);
    }
  g_string_append_c (r, q);
  return g_string_free (r, FALSE);
}

static const char *exception_type (const GError *error);

/* How the reference would write the exception the library recorded */
static char *
library_error_repr (const GError *error,
                    gboolean      as_str)
{
  if (error->domain == CONF_ERROR)
    {
      const char *msg = error->message;
      g_autofree char *quoted = NULL;

      if (as_str)
        return error->code == CONF_KEY_ERROR ? py_repr_str (msg[0] == '\'' ? "" : msg) : g_strdup (msg);
      if (error->code == CONF_KEY_ERROR && msg[0] == '\'')
        return g_strdup_printf ("KeyError(%s)", msg);
      quoted = py_repr_str (msg);
      return g_strdup_printf ("%s(%s)", conf_error_type_name (error->code), quoted);
    }
  if (g_error_matches (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL) &&
      strstr (error->message, "has no combiner") != NULL)
    return g_strdup ("KeyError('function')");  /* schedula reads node_attr['function'] */
  if (g_error_matches (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS) ||
      g_error_matches (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN) ||
      g_error_matches (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS))
    {
      /* the wrappers' errors: schedula's DispatcherError and TypeError */
      g_autofree char *quoted = py_repr_str (error->message);

      if (as_str)
        return g_strdup (error->message);
      return g_strdup_printf ("%s(%s)", exception_type (error), quoted);
    }
  return g_strdup_printf ("%s(%s)", g_quark_to_string (error->domain), error->message);
}

static char *
error_message (SchedulaSolution *sol,
               const char       *id)
{
  static const char *const names[] = { "DISPATCHING", "CALLBACK", "SUB-DSP DOMAIN" };
  const GError *error = schedula_solution_get_error (sol, id);
  SchedulaFailure failure = schedula_solution_get_error_failure (sol, id);
  g_autofree char *repr = library_error_repr (error, failure == SCHEDULA_FAILURE_CALLBACK);

  return g_strdup_printf ("Failed %s '%s' due to:\n  %s", names[failure], id, repr);
}

static JsonNode *
enc_errors (SchedulaSolution *sol)
{
  JsonObject *o = json_object_new ();
  g_auto(GStrv) ids = schedula_solution_get_error_ids (sol);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *msg = error_message (sol, ids[i]);

      json_object_set_string_member (o, ids[i], msg);
    }
  return object_node (o);
}

static JsonNode *
exception_node (const char *type,
                const char *message)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, "message", message);
  return object_node (o);
}

static const char *
exception_type (const GError *error)
{
  if (error->domain == CONF_ERROR)
    return conf_error_type_name (error->code);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "DispatcherAbort";
  if (error->domain == SCHEDULA_DISPATCH_ERROR)
    switch (error->code)
      {
      case SCHEDULA_DISPATCH_ERROR_NODE_FAILED:
      case SCHEDULA_DISPATCH_ERROR_CONTRADICTORY_PATHS:
        return "DispatcherError";
      case SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH:
      case SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS:
        return "TypeError";
      case SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS:
      case SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN:
        return "DispatcherError";
      default:
        return "ValueError";
      }
  return g_quark_to_string (error->domain);
}

/* The reference's message, as far as C can say it: the same text; or the
 * same text before the first ':' (the rest is Python's wording); or our
 * message ends with it (the library prefixes the node path); or, for a
 * DispatcherError of a raises policy (whose str() is Python's tuple of
 * arguments), our message names the same node. */
static gboolean
exception_matches (JsonObject *expected,
                   JsonObject *actual)
{
  const char *et = json_object_get_string_member (expected, "type");
  const char *em = json_object_get_string_member (expected, "message");
  const char *at = json_object_get_string_member (actual, "type");
  const char *am = json_object_get_string_member (actual, "message");
  const char *colon;

  if (!g_str_equal (et, at))
    return FALSE;
  if (g_str_equal (em, am) || g_str_has_suffix (am, em))
    return TRUE;
  if (g_str_equal (et, "DispatcherAbort"))
    return TRUE;
  if (em[0] == '(')
    {
      /* ("Failed DISPATCHING '%s' due to:\n  %r", 'f1', ValueError('fail')) */
      const char *node = strstr (em, "\", '");

      if (node != NULL)
        {
          g_autofree char *id = g_strndup (node + 3, strcspn (node + 3, ","));

          return strstr (am, id) != NULL;
        }
    }
  colon = strchr (em, ':');
  if (colon != NULL && strstr (em, " due to") != NULL && strstr (em, " due to") < colon)
    colon = strstr (em, " due to");
  return colon != NULL && colon - em >= 10 && strncmp (em, am, colon - em) == 0;
}

/* Building models */

static void
keep (gpointer object)
{
  g_ptr_array_add (runner.keep, object);
}

static SchedulaFunction *helper_function (const char  *name,
                                           JsonObject  *spec,
                                           JsonObject  *kwargs,
                                           JsonNode    *key_map,
                                           GError     **error);

static SchedulaFunction *wrapper_function (JsonObject  *spec,
                                           GError     **error);

static SchedulaFunction *
function_ref (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    return conf_catalogue_lookup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);

      if (json_object_has_member (o, "const"))
        {
          g_autoptr(GValue) v = dec (json_object_get_member (o, "const"));
          SchedulaFunction *f = conf_const_function (json_object_get_string_member_with_default (o, "name", "const"), v);

          keep (f);
          return f;
        }
      if (json_object_has_member (o, "helper"))
        {
          g_autoptr(GError) error = NULL;
          SchedulaFunction *f = helper_function (json_object_get_string_member (o, "helper"), o, NULL,
                                                 json_object_get_member (o, "key_map"), &error);

          g_assert_no_error (error);
          keep (f);
          return f;
        }
      if (json_object_has_member (o, "wrapper") &&
          g_str_equal (json_object_get_string_member (o, "wrapper"), "partial"))
        {
          /* partial(func) without arguments calls func: the same callable in
           * a distinct object, so that its display name can differ */
          JsonNode *inner = json_object_get_member (o, "func");
          SchedulaFunction *f = conf_catalogue_create (json_node_get_string (inner));

          keep (f);
          g_hash_table_insert (runner.partial, f, g_strdup_printf ("partial(%s)", json_node_get_string (inner)));
          return f;
        }
      if (json_object_has_member (o, "wrapper"))
        {
          g_autoptr(GError) error = NULL;
          SchedulaFunction *f = wrapper_function (o, &error);

          g_assert_no_error (error);
          keep (f);
          return f;
        }
    }
  g_error ("unsupported function reference");
}

static char **
id_list (JsonNode *node)
{
  GPtrArray *ids = g_ptr_array_new ();

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      /* Python iterates a string character by character */
      const char *s = json_node_get_string (node);

      for (const char *p = s; *p; p = g_utf8_next_char (p))
        g_ptr_array_add (ids, g_strndup (p, g_utf8_next_char (p) - p));
    }
  else
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        g_ptr_array_add (ids, g_strdup (json_array_get_string_element (a, i)));
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

static SchedulaMapping *
mapping (JsonNode *node)
{
  SchedulaMapping *m;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  m = schedula_mapping_new ();
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      /* The "tuple" form: ids map to themselves, dicts are merged */
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *item = json_array_get_element (a, i);

          if (JSON_NODE_HOLDS_VALUE (item))
            schedula_mapping_add (m, json_node_get_string (item), json_node_get_string (item));
          else
            {
              g_autoptr(SchedulaMapping) sub = mapping (item);

              for (guint k = 0; k < schedula_mapping_get_n_keys (sub); k++)
                {
                  const char *const *v = schedula_mapping_get_values (sub, k);

                  for (guint j = 0; v[j]; j++)
                    schedula_mapping_add (m, schedula_mapping_get_key (sub, k), v[j]);
                }
            }
        }
      return m;
    }
  {
    JsonObject *o = json_node_get_object (node);
    g_autoptr(GList) members = json_object_get_members (o);

    for (GList *l = members; l; l = l->next)
      {
        JsonNode *v = json_object_get_member (o, l->data);

        if (JSON_NODE_HOLDS_ARRAY (v))
          {
            JsonArray *a = json_node_get_array (v);

            for (guint j = 0; j < json_array_get_length (a); j++)
              schedula_mapping_add (m, l->data, json_array_get_string_element (a, j));
          }
        else
          schedula_mapping_add (m, l->data, json_node_get_string (v));
      }
  }
  return m;
}

/* A flag that schedula also takes as a number (await_result: a timeout) */
static gboolean
json_flag (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return json_node_get_double (node) != 0;
}

static SchedulaDistance
distance_of (JsonNode *node)
{
  SchedulaDistance d = { 0, 0 };

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonArray *a = json_object_get_array_member (json_node_get_object (node), "$inf");

      d.inf = json_array_get_double_element (a, 0);
      d.num = json_array_get_double_element (a, 1);
    }
  else
    d.num = json_node_get_double (node);
  return d;
}

static gboolean
set_weights (SchedulaNode  *node,
             JsonObject    *weights,
             gboolean       output,
             GError       **error)
{
  g_autoptr(GList) members = json_object_get_members (weights);

  for (GList *l = members; l; l = l->next)
    {
      gdouble w = json_object_get_double_member (weights, l->data);
      g_autoptr(GError) local = NULL;
      gboolean ok;

      if (SCHEDULA_IS_DISPATCHER_NODE (node))
        ok = schedula_dispatcher_node_set_input_weight (SCHEDULA_DISPATCHER_NODE (node), l->data, w, &local);
      else if (output)
        ok = schedula_function_node_set_output_weight (SCHEDULA_FUNCTION_NODE (node), l->data, w, &local);
      else
        ok = schedula_function_node_set_input_weight (SCHEDULA_FUNCTION_NODE (node), l->data, w, &local);
      (void) ok;  /* schedula ignores weights of edges that do not exist */
    }
  return TRUE;
}

static void
add_filters (SchedulaNode *node,
             JsonArray    *filters)
{
  for (guint i = 0; i < json_array_get_length (filters); i++)
    {
      SchedulaFunction *f = function_ref (json_array_get_element (filters, i));

      if (SCHEDULA_IS_DATA_NODE (node))
        schedula_data_node_add_filter (SCHEDULA_DATA_NODE (node), f);
      else
        schedula_function_node_add_filter (SCHEDULA_FUNCTION_NODE (node), f);
    }
}

/* Applies one op; returns the id it returns (NULL for none) */
static gboolean
apply_op (SchedulaDispatcher  *dsp,
          JsonObject          *op,
          char               **returned,
          GError             **error)
{
  const char *kind = json_object_get_string_member (op, "op");

  *returned = NULL;
  if (g_str_equal (kind, "data"))
    {
      const char *id = json_object_get_string_member_with_default (op, "id", NULL);
      g_autoptr(GValue) dflt = json_object_has_member (op, "default_value")
                               ? dec (json_object_get_member (op, "default_value")) : NULL;
      SchedulaDataNode *node = schedula_dispatcher_add_data (dsp, id, dflt, error);

      if (node == NULL)
        return FALSE;
      if (json_object_has_member (op, "wait_inputs"))
        schedula_data_node_set_wait_inputs (node, json_object_get_boolean_member (op, "wait_inputs"));
      if (json_object_has_member (op, "function"))
        schedula_data_node_set_combiner (node, function_ref (json_object_get_member (op, "function")));
      if (json_object_has_member (op, "callback"))
        schedula_data_node_set_callback (node, function_ref (json_object_get_member (op, "callback")));
      if (json_object_has_member (op, "filters"))
        {
          schedula_data_node_clear_filters (node);
          add_filters (SCHEDULA_NODE (node), json_object_get_array_member (op, "filters"));
        }
      if (json_object_has_member (op, "wildcard"))
        schedula_data_node_set_wildcard (node, json_object_get_boolean_member (op, "wildcard"));
      if (json_object_has_member (op, "await_result"))
        schedula_data_node_set_await_result (node, json_flag (json_object_get_member (op, "await_result")));
      if (json_object_has_member (op, "description"))
        schedula_node_set_description (SCHEDULA_NODE (node), json_object_get_string_member (op, "description"));
      if (json_object_has_member (op, "initial_dist") && dflt != NULL)
        {
          SchedulaDistance d = distance_of (json_object_get_member (op, "initial_dist"));

          schedula_data_node_set_initial_dist (node, &d);
        }
      *returned = g_strdup (schedula_node_get_id (SCHEDULA_NODE (node)));
      return TRUE;
    }

  if (g_str_equal (kind, "function") || g_str_equal (kind, "func"))
    {
      const char *id = json_object_get_string_member_with_default (op, "id", NULL);
      SchedulaFunction *fn = function_ref (json_object_get_member (op, "function"));
      g_auto(GStrv) inputs = json_object_has_member (op, "inputs") ? id_list (json_object_get_member (op, "inputs")) : NULL;
      g_auto(GStrv) outputs = json_object_has_member (op, "outputs") ? id_list (json_object_get_member (op, "outputs")) : NULL;
      const char *const *params = NULL;
      const GValue *defaults = NULL;
      guint n_positional = 0;
      SchedulaFunctionNode *node;

      if (g_str_equal (kind, "func") && conf_catalogue_signature (schedula_function_get_name (fn), &params,
                                                                  &n_positional, &defaults))
        {
          if (inputs == NULL)
            {
              gboolean kwargs = json_object_get_boolean_member_with_default (op, "inputs_kwargs", FALSE);
              guint n = kwargs ? g_strv_length ((char **) params) : n_positional;

              inputs = g_new0 (char *, n + 1);
              for (guint i = 0; i < n; i++)
                inputs[i] = g_strdup (params[i]);
            }
        }
      node = schedula_dispatcher_add_function (dsp, id, fn, (const char *const *) inputs,
                                               (const char *const *) outputs, error);
      if (node == NULL)
        return FALSE;
      if (json_object_has_member (op, "weight"))
        schedula_function_node_set_weight (node, json_object_get_double_member (op, "weight"));
      if (json_object_has_member (op, "inp_weight"))
        set_weights (SCHEDULA_NODE (node), json_object_get_object_member (op, "inp_weight"), FALSE, NULL);
      if (json_object_has_member (op, "out_weight"))
        set_weights (SCHEDULA_NODE (node), json_object_get_object_member (op, "out_weight"), TRUE, NULL);
      if (json_object_has_member (op, "input_domain"))
        schedula_function_node_set_input_domain (node, function_ref (json_object_get_member (op, "input_domain")));
      if (json_object_has_member (op, "filters"))
        add_filters (SCHEDULA_NODE (node), json_object_get_array_member (op, "filters"));
      if (json_object_has_member (op, "description"))
        schedula_node_set_description (SCHEDULA_NODE (node), json_object_get_string_member (op, "description"));
      if (json_object_has_member (op, "await_domain"))
        schedula_function_node_set_await_domain (node, json_flag (json_object_get_member (op, "await_domain")));
      if (json_object_has_member (op, "await_result"))
        schedula_function_node_set_await_result (node, json_flag (json_object_get_member (op, "await_result")));
      if (params != NULL && json_object_get_boolean_member_with_default (op, "inputs_defaults", FALSE))
        for (guint i = 0; inputs && inputs[i] && params[i]; i++)
          if (i >= n_positional && defaults != NULL)
            schedula_dispatcher_set_default_value (dsp, inputs[i], &defaults[i - n_positional], NULL, NULL);
      *returned = g_strdup (schedula_node_get_id (SCHEDULA_NODE (node)));
      return TRUE;
    }

  if (g_str_equal (kind, "dispatcher"))
    {
      g_autoptr(SchedulaDispatcher) child = build (json_object_get_object_member (op, "dsp"), NULL, error);
      g_autoptr(SchedulaMapping) inputs = NULL;
      g_autoptr(SchedulaMapping) outputs = NULL;
      const char *id = json_object_get_string_member_with_default (op, "id", NULL);
      const char *in_prefix = json_object_get_string_member_with_default (op, "inputs_prefix", "");
      const char *out_prefix = json_object_get_string_member_with_default (op, "outputs_prefix", "");
      SchedulaDispatcherNode *node;

      if (child == NULL)
        return FALSE;
      inputs = mapping (json_object_get_member (op, "inputs"));
      outputs = mapping (json_object_get_member (op, "outputs"));
      if (in_prefix[0] || out_prefix[0])
        {
          /* Prefixes, as add_dispatcher applies them to the default mapping */
          g_autoptr(SchedulaDispatcherNode) probe = schedula_dispatcher_node_new (NULL, child, inputs, outputs);
          SchedulaMapping *pi = schedula_dispatcher_node_get_inputs (probe);
          SchedulaMapping *po = schedula_dispatcher_node_get_outputs (probe);
          SchedulaMapping *ni = schedula_mapping_new ();
          SchedulaMapping *no = schedula_mapping_new ();

          for (guint k = 0; k < schedula_mapping_get_n_keys (pi); k++)
            {
              g_autofree char *key = g_strconcat (in_prefix, schedula_mapping_get_key (pi, k), NULL);
              const char *const *v = schedula_mapping_get_values (pi, k);

              for (guint j = 0; v[j]; j++)
                schedula_mapping_add (ni, key, v[j]);
            }
          for (guint k = 0; k < schedula_mapping_get_n_keys (po); k++)
            {
              const char *const *v = schedula_mapping_get_values (po, k);

              for (guint j = 0; v[j]; j++)
                {
                  g_autofree char *val = g_strconcat (out_prefix, v[j], NULL);

                  schedula_mapping_add (no, schedula_mapping_get_key (po, k), val);
                }
            }
          g_clear_pointer (&inputs, schedula_mapping_unref);
          g_clear_pointer (&outputs, schedula_mapping_unref);
          inputs = ni;
          outputs = no;
        }
      {
        g_autoptr(SchedulaDispatcherNode) fresh = schedula_dispatcher_node_new (id, child, inputs, outputs);

        if (json_object_has_member (op, "input_domain"))
          schedula_dispatcher_node_set_input_domain (fresh, function_ref (json_object_get_member (op, "input_domain")));
        if (json_object_has_member (op, "weight"))
          schedula_dispatcher_node_set_weight (fresh, json_object_get_double_member (op, "weight"));
        if (json_object_has_member (op, "inp_weight"))
          set_weights (SCHEDULA_NODE (fresh), json_object_get_object_member (op, "inp_weight"), FALSE, NULL);
        if (json_object_has_member (op, "include_defaults"))
          schedula_dispatcher_node_set_include_defaults (fresh, json_object_get_boolean_member (op, "include_defaults"));
        if (json_object_has_member (op, "await_domain"))
          schedula_dispatcher_node_set_await_domain (fresh, json_flag (json_object_get_member (op, "await_domain")));
        if (!schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (fresh), error))
          return FALSE;
        node = fresh;
        *returned = g_strdup (schedula_node_get_id (SCHEDULA_NODE (node)));
      }
      return TRUE;
    }

  if (g_str_equal (kind, "default"))
    {
      g_autoptr(GValue) value = json_object_has_member (op, "value") ? dec (json_object_get_member (op, "value")) : NULL;
      SchedulaDistance d = { 0, 0 };

      if (json_object_has_member (op, "initial_dist"))
        d = distance_of (json_object_get_member (op, "initial_dist"));
      return schedula_dispatcher_set_default_value (dsp, json_object_get_string_member (op, "id"), value, &d, error);
    }

  g_error ("unknown op %s", kind);
}

static SchedulaDispatcher *
build_model (JsonObject  *model,
             JsonArray   *returned,
             GError     **error)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (json_object_get_string_member_with_default (model, "name", ""));
  JsonNode *raises = json_object_get_member (model, "raises");
  JsonArray *ops = json_object_has_member (model, "ops") ? json_object_get_array_member (model, "ops") : NULL;

  if (json_object_has_member (model, "description"))
    schedula_dispatcher_set_description (dsp, json_object_get_string_member (model, "description"));
  if (json_object_has_member (model, "executor") &&
      json_node_get_value_type (json_object_get_member (model, "executor")) == G_TYPE_STRING)
    schedula_dispatcher_set_executor (dsp, json_object_get_string_member (model, "executor"));
  if (raises != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (raises))
        schedula_dispatcher_set_raises_func (dsp, conf_raise_unless_value_or_key_error, NULL, NULL);
      else if (json_node_get_value_type (raises) == G_TYPE_STRING)
        schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
      else if (json_node_get_boolean (raises))
        schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
    }
  for (guint i = 0; ops && i < json_array_get_length (ops); i++)
    {
      g_autofree char *id = NULL;

      if (!apply_op (dsp, json_array_get_object_element (ops, i), &id, error))
        return NULL;
      if (returned != NULL)
        {
          if (id)
            json_array_add_string_element (returned, id);
          else
            json_array_add_null_element (returned);
        }
    }
  return g_steal_pointer (&dsp);
}

#if SCHEDULA_HAS_IO

/* Model files: the registry of the example (the catalogue, and the
 * functions the runner made for it), the round trip, area 7 */

static void
collect_function_names (JsonNode   *node,
                        GHashTable *names)
{
  static const char *const slots[] = { "function", "combiner", "callback", "input_domain", NULL };

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        collect_function_names (json_array_get_element (a, i), names);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l; l = l->next)
        {
          JsonNode *m = json_object_get_member (o, l->data);

          if (g_strv_contains (slots, l->data) && JSON_NODE_HOLDS_VALUE (m) &&
              json_node_get_value_type (m) == G_TYPE_STRING)
            g_hash_table_add (names, g_strdup (json_node_get_string (m)));
          else if (g_str_equal (l->data, "filters") && JSON_NODE_HOLDS_ARRAY (m))
            {
              JsonArray *a = json_node_get_array (m);

              for (guint i = 0; i < json_array_get_length (a); i++)
                if (JSON_NODE_HOLDS_VALUE (json_array_get_element (a, i)))
                  g_hash_table_add (names, g_strdup (json_array_get_string_element (a, i)));
            }
          collect_function_names (m, names);
        }
    }
}

/* The registry that finds the functions of the example's models by name:
 * the catalogue's, then those the runner made (constants, partials); a
 * name two distinct functions share goes into @ambiguous */
static SchedulaFunctionRegistry *
example_registry (GHashTable *ambiguous)
{
  SchedulaFunctionRegistry *registry = schedula_function_registry_new ();

  conf_catalogue_register (registry);
  for (guint i = 0; runner.keep != NULL && i < runner.keep->len; i++)
    {
      GObject *o = runner.keep->pdata[i];
      g_autoptr(SchedulaFunction) known = NULL;
      const char *name;

      if (G_OBJECT_TYPE (o) != SCHEDULA_TYPE_FUNCTION)
        continue;
      name = schedula_function_get_name (SCHEDULA_FUNCTION (o));
      if (name == NULL)
        continue;
      known = schedula_function_registry_lookup (registry, name);
      if (known == NULL)
        schedula_function_registry_add (registry, name, SCHEDULA_FUNCTION (o));
      else if (known != SCHEDULA_FUNCTION (o) && ambiguous != NULL)
        g_hash_table_add (ambiguous, g_strdup (name));
    }
  return registry;
}

/* Why the model of @text cannot be found back by name, or NULL */
static char *
ambiguous_name (GBytes     *text,
                GHashTable *ambiguous)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer name;

  if (g_hash_table_size (ambiguous) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (text, NULL), g_bytes_get_size (text), NULL))
    return NULL;
  collect_function_names (json_parser_get_root (parser), names);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (g_hash_table_contains (ambiguous, name))
      return g_strdup_printf ("two distinct functions of the example are named %s: a model file names "
                              "functions by name", (const char *) name);
  return NULL;
}

/* Saves @dsp, loads it back, saves it again (the same bytes): the model
 * loaded, or @dsp when it cannot be saved (the reason goes to
 * runner.rt_reason) */
static SchedulaDispatcher *
round_trip (SchedulaDispatcher *dsp)
{
  g_autoptr(GHashTable) ambiguous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SchedulaFunctionRegistry) registry = example_registry (ambiguous);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) again = NULL;
  SchedulaDispatcher *loaded;
  char *reason;

  if (runner.rt_errors == NULL)
    return dsp;  /* not an example the runner reports on (a cross-check of a skipped one) */
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  if (text == NULL)
    {
      if (runner.rt_reason == NULL)
        runner.rt_reason = g_strdup (error->message);
      return dsp;
    }
  reason = ambiguous_name (text, ambiguous);
  if (reason != NULL)
    {
      if (runner.rt_reason == NULL)
        runner.rt_reason = reason;
      else
        g_free (reason);
      return dsp;
    }
  loaded = schedula_dispatcher_new_from_bytes (text, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  if (loaded == NULL)
    {
      g_ptr_array_add (runner.rt_errors, g_strdup_printf ("round trip: cannot load the saved model: %s",
                                                          error->message));
      return dsp;
    }
  again = schedula_dispatcher_save_to_bytes (loaded, &error);
  if (again == NULL)
    g_ptr_array_add (runner.rt_errors, g_strdup_printf ("round trip: cannot save the loaded model: %s",
                                                        error->message));
  else if (!g_bytes_equal (text, again))
    g_ptr_array_add (runner.rt_errors, g_strdup ("round trip: saving the loaded model gives other bytes"));
  runner.rt_models++;
  g_object_unref (dsp);
  return loaded;
}

#endif

/* Builds the model of an example; with --round-trip, the model is saved
 * and loaded back first (the models it is made of are built inside it) */
static SchedulaDispatcher *
build (JsonObject  *model,
       JsonArray   *returned,
       GError     **error)
{
  SchedulaDispatcher *dsp;

  runner.build_depth++;
  dsp = build_model (model, returned, error);
  runner.build_depth--;
#if SCHEDULA_HAS_IO
  if (dsp != NULL && runner.round_trip && runner.build_depth == 0)
    dsp = round_trip (dsp);
#endif
  return dsp;
}

/* Structures */

static const char *
function_name (SchedulaFunction *f)
{
  const char *name = g_hash_table_lookup (runner.partial, f);

  return name ? name : schedula_function_get_name (f);
}

static JsonNode *
function_node_value (SchedulaFunction *f)
{
  return f ? string_node (function_name (f)) : json_node_new (JSON_NODE_NULL);
}

static char *
tuple_key (const char *const *ids)
{
  GString *s = g_string_new ("$tuple:[");

  for (guint i = 0; ids[i]; i++)
    g_string_append_printf (s, "%s\"%s\"", i ? ", " : "", ids[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static JsonNode *
enc_mapping (SchedulaMapping *m)
{
  JsonObject *o = json_object_new ();
  JsonArray *pairs = json_array_new ();

  for (guint i = 0; i < schedula_mapping_get_n_keys (m); i++)
    {
      const char *const *v = schedula_mapping_get_values (m, i);
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, schedula_mapping_get_key (m, i));
      if (v[0] != NULL && v[1] == NULL)
        json_array_add_string_element (pair, v[0]);
      else
        {
          g_autofree char *key = tuple_key (v);

          json_array_add_string_element (pair, key);
        }
      json_array_add_array_element (pairs, pair);
    }
  json_object_set_array_member (o, "pairs", pairs);
  return object_node (o);
}

static JsonNode *
enc_node_attrs (SchedulaNode *node)
{
  JsonObject *o = json_object_new ();
  JsonArray *index = json_array_new ();
  const char *description = schedula_node_get_description (node);

  json_array_add_int_element (index, schedula_node_get_index (node));
  if (SCHEDULA_IS_DATA_NODE (node))
    {
      SchedulaDataNode *d = SCHEDULA_DATA_NODE (node);
      GPtrArray *filters = schedula_data_node_get_filters (d);

      json_object_set_string_member (o, "type", "data");
      json_object_set_array_member (o, "index", index);
      json_object_set_boolean_member (o, "wait_inputs", schedula_data_node_get_wait_inputs (d));
      if (schedula_data_node_get_combiner (d))
        json_object_set_member (o, "function", function_node_value (schedula_data_node_get_combiner (d)));
      if (filters)
        {
          JsonArray *a = json_array_new ();

          for (guint i = 0; i < filters->len; i++)
            json_array_add_string_element (a, function_name (filters->pdata[i]));
          json_object_set_array_member (o, "filters", a);
        }
      if (schedula_data_node_get_callback (d))
        json_object_set_member (o, "callback", function_node_value (schedula_data_node_get_callback (d)));
      if (!schedula_data_node_get_wildcard (d))
        json_object_set_boolean_member (o, "wildcard", FALSE);
    }
  else if (SCHEDULA_IS_FUNCTION_NODE (node))
    {
      SchedulaFunctionNode *f = SCHEDULA_FUNCTION_NODE (node);
      JsonArray *in = json_array_new (), *out = json_array_new ();
      GPtrArray *filters = schedula_function_node_get_filters (f);

      for (guint i = 0; i < schedula_function_node_get_n_inputs (f); i++)
        json_array_add_string_element (in, schedula_function_node_get_input (f, i));
      for (guint i = 0; i < schedula_function_node_get_n_outputs (f); i++)
        json_array_add_string_element (out, schedula_function_node_get_output (f, i));
      json_object_set_string_member (o, "type", "function");
      json_object_set_array_member (o, "index", index);
      json_object_set_boolean_member (o, "wait_inputs", TRUE);
      json_object_set_array_member (o, "inputs", in);
      json_object_set_array_member (o, "outputs", out);
      if (schedula_function_node_get_weight (f) != 0)
        json_object_set_double_member (o, "weight", schedula_function_node_get_weight (f));
      json_object_set_member (o, "function", function_node_value (schedula_function_node_get_function (f)));
      if (schedula_function_node_get_input_domain (f))
        json_object_set_member (o, "input_domain", function_node_value (schedula_function_node_get_input_domain (f)));
      if (filters)
        {
          JsonArray *a = json_array_new ();

          for (guint i = 0; i < filters->len; i++)
            json_array_add_string_element (a, function_name (filters->pdata[i]));
          json_object_set_array_member (o, "filters", a);
        }
    }
  else
    {
      SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (node);
      g_autofree char *name = g_strdup_printf ("Dispatcher:%s",
                                               schedula_dispatcher_get_name (schedula_dispatcher_node_get_child (d)));

      json_object_set_string_member (o, "type", "dispatcher");
      json_object_set_array_member (o, "index", index);
      json_object_set_boolean_member (o, "wait_inputs", FALSE);
      json_object_set_member (o, "inputs", enc_mapping (schedula_dispatcher_node_get_inputs (d)));
      json_object_set_member (o, "outputs", enc_mapping (schedula_dispatcher_node_get_outputs (d)));
      if (schedula_dispatcher_node_get_weight (d) != 0)
        json_object_set_double_member (o, "weight", schedula_dispatcher_node_get_weight (d));
      json_object_set_string_member (o, "function", name);
      if (schedula_dispatcher_node_get_input_domain (d))
        json_object_set_member (o, "input_domain", function_node_value (schedula_dispatcher_node_get_input_domain (d)));
    }
  if (description)
    json_object_set_string_member (o, "description", description);
  return object_node (o);
}

static JsonObject *
enc_structure (SchedulaDispatcher *dsp)
{
  JsonObject *out = json_object_new ();
  JsonArray *nodes = json_array_new ();
  JsonArray *edges = json_array_new ();
  JsonObject *defaults = json_object_new ();
  JsonObject *subs = json_object_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (dsp));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (dsp), i);
      const char *id = schedula_node_get_id (node);
      g_auto(GStrv) succ = schedula_dispatcher_dup_successors (dsp, id);
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, id);
      json_array_add_element (pair, enc_node_attrs (node));
      json_array_add_array_element (nodes, pair);

      for (guint k = 0; succ[k]; k++)
        {
          JsonArray *e = json_array_new ();
          gdouble w;

          json_array_add_string_element (e, id);
          json_array_add_string_element (e, succ[k]);
          if (schedula_dispatcher_get_edge_weight (dsp, id, succ[k], &w))
            {
              JsonObject *wo = json_object_new ();

              json_object_set_double_member (wo, "weight", w);
              json_array_add_object_element (e, wo);
            }
          json_array_add_array_element (edges, e);
        }

      if (SCHEDULA_IS_DATA_NODE (node))
        {
          const GValue *dflt = schedula_data_node_get_default_value (SCHEDULA_DATA_NODE (node));

          if (dflt != NULL)
            {
              JsonObject *d = json_object_new ();
              const SchedulaDistance *dist = schedula_data_node_get_initial_dist (SCHEDULA_DATA_NODE (node));

              json_object_set_member (d, "value", enc (dflt));
              json_object_set_member (d, "initial_dist", enc_dist (id, dist, FALSE));
              json_object_set_object_member (defaults, id, d);
            }
        }
      if (SCHEDULA_IS_DISPATCHER_NODE (node))
        json_object_set_object_member (subs, id,
                                       enc_structure (schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (node))));
    }
  json_object_set_array_member (out, "nodes", nodes);
  json_object_set_array_member (out, "edges", edges);
  json_object_set_object_member (out, "default_values", defaults);
  if (json_object_get_size (subs) > 0)
    json_object_set_object_member (out, "sub_dispatchers", subs);
  else
    json_object_unref (subs);
  return out;
}

/* Solutions */

static JsonNode *
enc_workflow (SchedulaSolution *sol)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);
  JsonObject *o = json_object_new ();
  JsonArray *nodes = json_array_new ();
  JsonArray *edges = json_array_new ();

  for (guint i = 0; i < schedula_workflow_get_n_nodes (wf); i++)
    json_array_add_string_element (nodes, schedula_workflow_get_node_id (wf, i));
  for (guint i = 0; i < schedula_workflow_get_n_edges (wf); i++)
    {
      const char *from, *to;
      const GValue *value;
      JsonArray *e = json_array_new ();

      schedula_workflow_get_edge (wf, i, &from, &to, &value);
      json_array_add_string_element (e, from);
      json_array_add_string_element (e, to);
      if (value != NULL)
        {
          JsonObject *v = json_object_new ();

          json_object_set_member (v, "value", enc (value));
          json_array_add_object_element (e, v);
        }
      json_array_add_array_element (edges, e);
    }
  json_object_set_array_member (o, "nodes", nodes);
  json_object_set_array_member (o, "edges", edges);
  return object_node (o);
}

static JsonNode *
enc_dists (SchedulaSolution *sol)
{
  JsonObject *o = json_object_new ();
  g_auto(GStrv) ids = schedula_solution_get_distance_ids (sol);

  for (guint i = 0; ids[i]; i++)
    {
      SchedulaDistance d;

      schedula_solution_get_distance (sol, ids[i], &d);
      json_object_set_member (o, ids[i],
                              enc_dist (ids[i], &d, g_str_equal (ids[i], SCHEDULA_START) && d.inf == 0 && d.num == -1));
    }
  return object_node (o);
}

static void
enc_solution (SchedulaSolution *sol,
              JsonObject       *res,
              gboolean          full)
{
  json_object_set_member (res, "solution", solution_pairs (sol));
  if (!full)
    return;
  json_object_set_member (res, "dist", enc_dists (sol));
  json_object_set_member (res, "workflow", enc_workflow (sol));
  json_object_set_member (res, "errors", enc_errors (sol));
  {
    g_autoptr(GListModel) subs = schedula_solution_get_sub_solutions (sol);
    JsonArray *a = json_array_new ();

    for (guint i = 0; i < g_list_model_get_n_items (subs); i++)
      {
        g_autoptr(SchedulaSolution) s = g_list_model_get_item (subs, i);
        JsonObject *o = json_object_new ();
        JsonArray *index = json_array_new ();
        JsonArray *full_name = json_array_new ();
        guint n;
        const gint *idx = schedula_solution_get_index (s, &n);
        const char *const *fname = schedula_solution_get_full_name (s);

        for (guint k = 0; k < n; k++)
          json_array_add_int_element (index, idx[k]);
        for (guint k = 0; fname[k]; k++)
          json_array_add_string_element (full_name, fname[k]);
        json_object_set_array_member (o, "index", index);
        json_object_set_array_member (o, "full_name", full_name);
        json_object_set_member (o, "solution", solution_pairs (s));
        json_object_set_member (o, "dist", enc_dists (s));
        json_object_set_member (o, "workflow", enc_workflow (s));
        json_object_set_member (o, "errors", enc_errors (s));
        json_array_add_object_element (a, o);
      }
    if (json_array_get_length (a) > 0)
      json_object_set_array_member (res, "sub_solutions", a);
    else
      json_array_unref (a);
  }
}

/* The pipe of @sol, keyed by paths under its own full name (the solution
 * of a wrapper is named after its node) */
static JsonNode *
enc_pipe (SchedulaSolution *sol)
{
  JsonArray *a = json_array_new ();
  guint cut = g_strv_length ((char **) schedula_solution_get_full_name (sol));

  for (guint i = 0; i < schedula_solution_get_n_pipe_steps (sol); i++)
    {
      const char *id;
      g_autoptr(SchedulaSolution) s = schedula_solution_get_pipe_step (sol, i, &id, NULL);
      const char *const *fname = schedula_solution_get_full_name (s) + cut;
      JsonObject *item = json_object_new ();

      if (fname[0] == NULL)
        json_object_set_string_member (item, "key", id);
      else
        {
          JsonObject *t = json_object_new ();
          JsonArray *path = json_array_new ();

          for (guint k = 0; fname[k]; k++)
            json_array_add_string_element (path, fname[k]);
          json_array_add_string_element (path, id);
          json_object_set_array_member (t, "$tuple", path);
          json_object_set_object_member (item, "key", t);
        }
      if (schedula_solution_get_error (s, id) != NULL)
        {
          g_autofree char *msg = error_message (s, id);

          json_object_set_string_member (item, "error", msg);
        }
      {
        /* the pipe of the solution a function node's wrapper attached */
        g_autoptr(SchedulaDispatcher) owner = schedula_solution_get_dispatcher (s);
        SchedulaNode *node = owner != NULL ? schedula_dispatcher_lookup_node (owner, id) : NULL;
        g_autoptr(SchedulaSolution) attached = node != NULL && SCHEDULA_IS_FUNCTION_NODE (node)
                                               ? schedula_solution_get_sub_solution (s, id) : NULL;

        if (attached != NULL)
          json_object_set_member (item, "sub_pipe", enc_pipe (attached));
      }
      json_array_add_object_element (a, item);
    }
  return array_node (a);
}

static GHashTable *
dispatch_inputs (JsonNode *node)
{
  GHashTable *inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) value_free);

  if (node == NULL)
    return inputs;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        g_hash_table_insert (inputs, g_strdup (json_array_get_string_element (a, i)), NULL);
    }
  else
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l; l = l->next)
        g_hash_table_insert (inputs, g_strdup (l->data), dec (json_object_get_member (o, l->data)));
    }
  return inputs;
}

/* The keywords of dispatch() (as SubDispatch takes them too) on options */
static void
set_dispatch_keywords (SchedulaDispatchOptions *options,
                       JsonObject              *kw)
{
  JsonNode *wildcard = json_object_get_member (kw, "wildcard");

  if (wildcard != NULL)
    {
      if (json_node_get_value_type (wildcard) == G_TYPE_INT64 && json_node_get_int (wildcard) == 2)
        schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_COMPUTABLE);
      else if (json_node_get_value_type (wildcard) == G_TYPE_BOOLEAN ? json_node_get_boolean (wildcard)
                                                                     : json_node_get_int (wildcard) != 0)
        schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_ON);
      else
        schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_OFF);
    }
  if (json_object_has_member (kw, "no_call"))
    schedula_dispatch_options_set_no_call (options, json_object_get_boolean_member (kw, "no_call"));
  if (json_object_has_member (kw, "shrink"))
    schedula_dispatch_options_set_shrink (options, json_object_get_boolean_member (kw, "shrink"));
  if (json_object_has_member (kw, "rm_unused_nds"))
    schedula_dispatch_options_set_rm_unused_nodes (options, json_object_get_boolean_member (kw, "rm_unused_nds"));
  if (json_object_has_member (kw, "inputs_dist"))
    {
      JsonObject *o = json_object_get_object_member (kw, "inputs_dist");
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l; l = l->next)
        {
          SchedulaDistance d = distance_of (json_object_get_member (o, l->data));

          schedula_dispatch_options_set_input_dist (options, l->data, &d);
        }
    }
}

/* The executor argument of dispatch_with(): the dispatcher's own
 * (schedula's executor=True) */
static const char DISPATCHER_EXECUTOR[] = "(the dispatcher's)";

/* dispatch(**kw) as try_dispatch: the solution, also of a dispatch that
 * failed (its error is the solution's dispatch error). @executor is NULL
 * for the example's own keyword (a name; true for the dispatcher's
 * executor; false or absent for a synchronous dispatch), else the name to
 * use, or DISPATCHER_EXECUTOR. */
static SchedulaSolution *
dispatch_with (SchedulaDispatcher  *dsp,
               JsonObject          *kw,
               const char          *executor,
               GError             **error)
{
  g_autoptr(GHashTable) inputs = dispatch_inputs (kw ? json_object_get_member (kw, "inputs") : NULL);
  g_auto(GStrv) outputs = kw && json_object_has_member (kw, "outputs") ? id_list (json_object_get_member (kw, "outputs")) : NULL;
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  JsonNode *given = kw ? json_object_get_member (kw, "executor") : NULL;

  if (kw != NULL)
    {
      set_dispatch_keywords (options, kw);
      if (json_object_get_boolean_member_with_default (kw, "stopper_set", FALSE))
        g_cancellable_cancel (cancellable);
    }
  if (executor == NULL && given != NULL && json_node_get_value_type (given) == G_TYPE_STRING)
    executor = json_node_get_string (given);
  else if (executor == NULL && given != NULL && json_node_get_value_type (given) == G_TYPE_BOOLEAN &&
           json_node_get_boolean (given))
    executor = DISPATCHER_EXECUTOR;
  else if (executor == NULL && schedula_dispatcher_get_executor (dsp) != NULL)
    executor = "";  /* schedula's executor=False: synchronous, whatever the dispatcher's (no executor) */
  /* no executor on the options: the dispatcher's */
  if (executor != NULL && executor != DISPATCHER_EXECUTOR)
    schedula_dispatch_options_set_executor (options, executor);
  return schedula_dispatcher_try_dispatch (dsp, inputs, (const char *const *) outputs, options, cancellable, error);
}

static SchedulaSolution *
run_dispatch (SchedulaDispatcher  *dsp,
              JsonObject          *kw,
              GError             **error)
{
  g_autoptr(SchedulaSolution) sol = dispatch_with (dsp, kw, NULL, error);

  if (sol == NULL || !schedula_solution_propagate_dispatch_error (sol, error))
    return NULL;
  return g_steal_pointer (&sol);
}

/* schedula's selector over a solution, for select_output_kw */
static JsonNode *
select_outputs (SchedulaSolution *sol,
                JsonObject       *kw)
{
  g_auto(GStrv) keys = id_list (json_object_get_member (kw, "keys"));
  const char *type = json_object_get_string_member_with_default (kw, "output_type", "dict");
  guint n = g_strv_length (keys);

  if (g_str_equal (type, "values") && n == 1)
    return enc (schedula_solution_lookup (sol, keys[0]));
  if (g_str_equal (type, "list") || g_str_equal (type, "values"))
    {
      JsonArray *a = json_array_new ();

      for (guint i = 0; i < n; i++)
        json_array_add_element (a, enc (schedula_solution_lookup (sol, keys[i])));
      if (g_str_equal (type, "values"))
        {
          JsonObject *t = json_object_new ();

          json_object_set_array_member (t, "$tuple", a);
          return object_node (t);
        }
      return array_node (a);
    }
  {
    JsonObject *o = json_object_new ();

    for (guint i = 0; i < n; i++)
      json_object_set_member (o, keys[i], enc (schedula_solution_lookup (sol, keys[i])));
    return object_node (o);
  }
}

static void
record_gerror (JsonObject   *res,
               const char   *member,
               const GError *error)
{
  json_object_set_member (res, member, exception_node (exception_type (error), error->message));
}

/* Actions */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static JsonObject *
run_action_dispatch (JsonObject *ex)
{
  JsonObject *res = json_object_new ();
  JsonObject *kw = json_object_has_member (ex, "dispatch") ? json_object_get_object_member (ex, "dispatch") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = build (json_object_get_object_member (ex, "model"), NULL, &error);
  g_autoptr(SchedulaSolution) sol = NULL;

  g_assert_no_error (error);
  sol = run_dispatch (dsp, kw, &error);
  if (sol == NULL)
    {
      record_gerror (res, "exception", error);
      if (json_object_get_boolean_member_with_default (ex, "record_partial", FALSE))
        {
          JsonObject *partial = json_object_new ();

          g_autoptr(SchedulaSolution) last = schedula_dispatcher_get_solution (dsp);

          enc_solution (last, partial, TRUE);
          json_object_set_object_member (res, "partial", partial);
        }
      return res;
    }
  if (kw && json_object_has_member (kw, "select_output_kw"))
    json_object_set_member (res, "returned", select_outputs (sol, json_object_get_object_member (kw, "select_output_kw")));
  if (json_object_get_boolean_member_with_default (ex, "record_pipe", FALSE))
    json_object_set_member (res, "pipe", enc_pipe (sol));
  if (json_object_has_member (ex, "record_node_attrs"))
    {
      JsonArray *want = json_object_get_array_member (ex, "record_node_attrs");
      JsonArray *got = json_array_new ();
      g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);

      for (guint i = 0; i < json_array_get_length (want); i++)
        {
          JsonArray *pair = json_array_get_array_element (want, i);
          const char *node = json_array_get_string_element (pair, 0);
          const char *attr = json_array_get_string_element (pair, 1);
          JsonArray *item = json_array_new ();
          JsonNode *value = NULL;

          if (g_str_equal (attr, "results"))
            {
              guint n;
              const GValue *results = schedula_workflow_get_node_results (wf, node, &n);

              if (results != NULL && n == 1)
                value = enc (&results[0]);
            }
          else if (g_str_equal (attr, "solution_domain"))
            {
              gboolean b;

              if (schedula_workflow_get_node_domain (wf, node, &b))
                value = bool_node (b);
            }
          else if (g_str_equal (attr, "solution"))
            {
              g_autoptr(SchedulaSolution) s = schedula_workflow_get_node_solution (wf, node);

              if (s != NULL)
                {
                  GValue v = G_VALUE_INIT;

                  g_value_init (&v, SCHEDULA_TYPE_SOLUTION);
                  g_value_set_object (&v, s);
                  value = enc (&v);
                  g_value_unset (&v);
                }
            }
          json_array_add_string_element (item, node);
          json_array_add_string_element (item, attr);
          json_array_add_element (item, value ? value : string_node ("$missing"));
          json_array_add_array_element (got, item);
        }
      json_object_set_array_member (res, "node_attrs", got);
    }
  if (json_object_get_boolean_member_with_default (ex, "record_seen", FALSE))
    {
      JsonObject *seen = json_object_new ();
      g_autoptr(GPtrArray) visited = g_ptr_array_new_with_free_func (g_free);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (dsp));
      SchedulaDistance d;

      schedula_solution_get_seen_distance (sol, SCHEDULA_START, &d);
      json_object_set_member (seen, SCHEDULA_START, enc_dist (SCHEDULA_START, &d, d.inf == 0 && d.num == -1));
      g_ptr_array_add (visited, g_strdup (SCHEDULA_START));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (dsp), i);
          const char *id = schedula_node_get_id (node);

          if (g_str_equal (id, SCHEDULA_START))
            continue;
          if (schedula_solution_get_seen_distance (sol, id, &d))
            json_object_set_member (seen, id, enc_dist (id, &d, FALSE));
          if (schedula_solution_is_visited (sol, id))
            g_ptr_array_add (visited, g_strdup (id));
        }
      g_ptr_array_sort (visited, compare_strings);
      {
        JsonArray *a = json_array_new ();

        for (guint i = 0; i < visited->len; i++)
          json_array_add_string_element (a, visited->pdata[i]);
        json_object_set_array_member (res, "visited", a);
      }
      json_object_set_object_member (res, "seen", seen);
    }
  enc_solution (sol, res, !json_object_get_boolean_member_with_default (ex, "values_only", FALSE));
  if (conf_callback_log () != NULL)
    {
      JsonArray *a = json_array_new ();
      GPtrArray *log = conf_callback_log ();

      for (guint i = 0; i < log->len; i++)
        json_array_add_element (a, enc (log->pdata[i]));
      json_object_set_array_member (res, "callback_log", a);
    }
  return res;
}

#if SCHEDULA_HAS_IO
/* Area 7.1: the model files (schedula's save_dispatcher / load_dispatcher,
 * save_default_values / load_default_values, save_map / load_map), done
 * as run_reference.py does them */
static JsonObject *
run_action_io (JsonObject *ex)
{
  JsonObject *res = json_object_new ();
  JsonObject *kw = json_object_has_member (ex, "dispatch") ? json_object_get_object_member (ex, "dispatch") : NULL;
  const char *mode = json_object_get_string_member_with_default (ex, "io", "dispatcher");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = build (json_object_get_object_member (ex, "model"), NULL, &error);
  g_autoptr(SchedulaFunctionRegistry) registry = example_registry (NULL);
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(SchedulaSolution) before = NULL;
  g_autoptr(SchedulaSolution) after = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  JsonArray *defaults = json_array_new ();

  g_assert_no_error (error);
  before = run_dispatch (dsp, kw, &error);
  g_assert_no_error (error);
  json_object_set_member (res, "before", solution_pairs (before));
  if (g_str_equal (mode, "dispatcher"))
    {
      text = schedula_dispatcher_save_to_bytes (dsp, &error);
      if (text != NULL)
        loaded = schedula_dispatcher_new_from_bytes (text, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
    }
  else if (g_str_equal (mode, "default_values"))
    {
      /* schedula: Dispatcher(dmap=dsp.dmap), then load_default_values */
      text = schedula_dispatcher_save_default_values_to_bytes (dsp, &error);
      loaded = schedula_dispatcher_copy (dsp);
      if (text == NULL || !schedula_dispatcher_load_default_values_from_bytes (loaded, text, SCHEDULA_LOAD_FLAGS_NONE,
                                                                               &error))
        g_clear_object (&loaded);
    }
  else
    {
      /* schedula: Dispatcher(), then load_map */
      text = schedula_dispatcher_save_map_to_bytes (dsp, &error);
      loaded = schedula_dispatcher_new (NULL);
      if (text == NULL || !schedula_dispatcher_load_map_from_bytes (loaded, text, registry, SCHEDULA_LOAD_FLAGS_NONE,
                                                                    &error))
        g_clear_object (&loaded);
    }
  if (loaded == NULL)
    {
      record_gerror (res, "exception", error);
      return res;
    }
  after = run_dispatch (loaded, kw, &error);
  g_assert_no_error (error);
  json_object_set_member (res, "after", solution_pairs (after));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (loaded)); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (loaded), i);

      if (SCHEDULA_IS_DATA_NODE (node) && schedula_data_node_has_default_value (SCHEDULA_DATA_NODE (node)))
        g_ptr_array_add (ids, (gpointer) schedula_node_get_id (node));
    }
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    json_array_add_string_element (defaults, ids->pdata[i]);
  json_object_set_array_member (res, "after_default_values", defaults);
  return res;
}
#endif

static void compare (JsonNode *expected, JsonNode *actual, const char *path, GPtrArray *diffs);
static char *node_text (JsonNode *node);

#if SCHEDULA_HAS_PLOT
/* Area 7.2: plots (schedula's plot(view=False)). Each page of the
 * SchedulaPlotMap is read back from its DOT text, as run_reference.py reads
 * schedula's folders: per node its id, its style (shape, fillcolor, color,
 * style, and the label of a special node) and the names of the rows of its
 * table; then the edges, a special node named by its label as schedula
 * names START "start". The special nodes are drawn with their label alone,
 * as schedula draws them, and the reference records the rows of their
 * table all the same: those are read from the hover data of the HTML view,
 * which needs graphviz. */

/* The attributes of a DOT statement from its '[': name -> the value as
 * written ("quoted", <html> or bare); NULL if the list is malformed */
static GHashTable *
dot_attributes (const char *p)
{
  g_autoptr(GHashTable) attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (*p++ != '[')
    return NULL;
  for (;;)
    {
      const char *key, *value;
      gint depth = 0;

      while (*p == ' ' || *p == ',')
        p++;
      if (*p == ']')
        return g_steal_pointer (&attrs);
      key = p;
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      if (p == key || *p != '=')
        return NULL;
      value = ++p;
      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            if (*p == '\\' && p[1] != '\0')
              p++;
          if (*p++ != '"')
            return NULL;
        }
      else if (*p == '<')
        {
          /* the text of an HTML-like label has no bare < or > */
          do
            depth += *p == '<' ? 1 : *p == '>' ? -1 : 0;
          while (*++p != '\0' && depth > 0);
          if (depth > 0)
            return NULL;
        }
      else
        while (*p != '\0' && *p != ',' && *p != ']')
          p++;
      g_hash_table_insert (attrs, g_strndup (key, value - 1 - key), g_strndup (value, p - value));
    }
}

/* A quoted DOT string as its text (one level of backslashes) */
static char *
dot_unquote (const char *value)
{
  GString *text = g_string_new (NULL);

  if (value[0] != '"')
    return g_string_free (g_string_append (text, value), FALSE);
  for (const char *p = value + 1; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

/* The text of a cell of an HTML-like label, from start to end */
static char *
dot_cell_text (const char *start,
               const char *end)
{
  static const struct { const char *written, *text; } escapes[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "<BR/>", "\n" }, { "\\\\", "\\" },
  };
  GString *text = g_string_new (NULL);

  for (const char *p = start; p < end;)
    {
      guint i = 0;

      while (i < G_N_ELEMENTS (escapes) && !g_str_has_prefix (p, escapes[i].written))
        i++;
      if (i < G_N_ELEMENTS (escapes))
        {
          g_string_append (text, escapes[i].text);
          p += strlen (escapes[i].written);
        }
      else
        g_string_append_c (text, *p++);
    }
  return g_string_free (text, FALSE);
}

/* The names of the rows of a node's table: its key cells */
static void
dot_table_rows (const char *label,
                JsonArray  *rows)
{
  static const char key_cell[] = "<TD ALIGN=\"RIGHT\" BORDER=\"1\">";

  for (const char *p = strstr (label, key_cell); p != NULL; p = strstr (p, key_cell))
    {
      const char *end;

      p += strlen (key_cell);
      end = strstr (p, "</TD>");
      if (end == NULL)
        return;
      {
        g_autofree char *key = dot_cell_text (p, end);

        json_array_add_string_element (rows, key);
      }
      p = end;
    }
}

/* The rows the HTML view shows on hover that schedula's tables do not
 * have (docs/plots.md: "not schedula's"), off in a plot's tables by default */
static const char *const hover_only_rows[] = { "output", NULL };

/* The names of the rows of a node in the hover data of the HTML view (a
 * node of its "pages"[i]."nodes") */
static void
hover_rows (JsonObject *node,
            JsonArray  *rows)
{
  JsonArray *pairs = json_object_get_array_member (node, "rows");

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      const char *key = json_array_get_string_element (json_array_get_array_element (pairs, i), 0);

      if (!g_strv_contains (hover_only_rows, key))
        json_array_add_string_element (rows, key);
    }
}

/* The hover data of the HTML view of @map: the JSON its script reads */
static JsonParser *
plot_hover_data (SchedulaPlotMap  *map,
                 GError          **error)
{
  static const char open[] = "<script type=\"application/json\" id=\"sch-data\">";
  g_autofree char *html = schedula_plot_map_to_html (map, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *start, *end;

  if (html == NULL)
    return NULL;
  start = strstr (html, open);
  end = start != NULL ? strstr (start, "</script>") : NULL;
  if (end == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the HTML view has no hover data");
      return NULL;
    }
  start += strlen (open);
  if (!json_parser_load_from_data (parser, start, end - start, error))
    return NULL;
  return g_steal_pointer (&parser);
}

/* The position of a node in its page from its DOT name (n3, p1_n3), or -1 */
static gint
dot_node_position (const char *name,
                   guint       n_nodes)
{
  const char *k = strrchr (name, 'n');
  guint64 position;

  if (k == NULL || !g_ascii_string_to_unsigned (k + 1, 10, 0, n_nodes - 1, &position, NULL))
    return -1;
  return (gint) position;
}

/* What run_reference.py records of a folder, from the page's DOT text and
 * (for the nodes drawn with a label alone) the page's hover data, NULL if
 * there is none */
static JsonObject *
plot_folder (SchedulaPlotPage *page,
             JsonObject       *hover,
             GPtrArray        *diffs)
{
  static const char *const style_keys[] = { "shape", "fillcolor", "color", "style" };
  const char *name = schedula_plot_page_get_name (page);
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = schedula_plot_page_to_dot (page, &error);
  g_auto(GStrv) ids = schedula_plot_page_dup_node_ids (page);
  g_auto(GStrv) lines = NULL;
  guint n = g_strv_length (ids);
  g_autofree JsonObject **nodes = g_new0 (JsonObject *, n + 1);
  g_autoptr(GPtrArray) edge_names = g_ptr_array_new_full (n, g_free);  /* by position */
  JsonArray *hover_nodes = hover != NULL ? json_object_get_array_member (hover, "nodes") : NULL;
  JsonObject *folder = json_object_new ();
  JsonArray *node_list = json_array_new (), *edges = json_array_new (), *path = json_array_new ();

  json_object_set_string_member (folder, "name", name);
  json_object_set_string_member (folder, "label", schedula_plot_page_get_label (page));
  json_object_set_array_member (folder, "nodes", node_list);
  json_object_set_array_member (folder, "edges", edges);
  for (const char *const *p = schedula_plot_page_get_path (page); *p != NULL; p++)
    json_array_add_string_element (path, *p);
  json_object_set_array_member (folder, "path", path);
  if (dot == NULL)
    {
      g_ptr_array_add (diffs, g_strdup_printf ("page %s: to_dot() failed: %s", name, error->message));
      return folder;
    }
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (edge_names, g_strdup (ids[k]));

  lines = g_strsplit (dot, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);
      const char *open = strstr (line, " [");
      const char *arrow = strstr (line, " -> ");
      g_autoptr(GHashTable) attrs = NULL;
      g_autofree char *lhs = NULL;
      const char *label;
      JsonArray *rows;
      gint k;

      if (open == NULL || g_str_has_prefix (line, "graph ") || g_str_has_prefix (line, "node ") ||
          g_str_has_prefix (line, "edge "))
        continue;
      attrs = dot_attributes (open + 1);
      if (attrs == NULL)
        {
          g_ptr_array_add (diffs, g_strdup_printf ("page %s: cannot read the DOT statement %s", name, line));
          continue;
        }
      if (arrow != NULL && arrow < open)
        {
          g_autofree char *from = g_strndup (line, arrow - line);
          g_autofree char *to = g_strndup (arrow + 4, open - arrow - 4);
          gint u = dot_node_position (from, n), v = dot_node_position (to, n);
          JsonArray *edge = json_array_new ();

          if (u < 0 || v < 0)
            g_ptr_array_add (diffs, g_strdup_printf ("page %s: an edge of unknown nodes: %s", name, line));
          json_array_add_string_element (edge, u < 0 ? from : edge_names->pdata[u]);
          json_array_add_string_element (edge, v < 0 ? to : edge_names->pdata[v]);
          json_array_add_array_element (edges, edge);
          continue;
        }
      lhs = g_strndup (line, open - line);
      k = dot_node_position (lhs, n);
      if (k < 0 || nodes[k] != NULL)
        {
          g_ptr_array_add (diffs, g_strdup_printf ("page %s: an unknown or repeated node %s", name, lhs));
          continue;
        }
      nodes[k] = json_object_new ();
      json_object_set_string_member (nodes[k], "id", ids[k]);
      for (guint s = 0; s < G_N_ELEMENTS (style_keys); s++)
        if (g_hash_table_contains (attrs, style_keys[s]))
          {
            g_autofree char *value = dot_unquote (g_hash_table_lookup (attrs, style_keys[s]));

            json_object_set_string_member (nodes[k], style_keys[s], value);
          }
      label = g_hash_table_lookup (attrs, "label");
      rows = json_array_new ();
      if (label != NULL && label[0] == '<')
        dot_table_rows (label, rows);
      else if (label != NULL)
        {
          /* a special node: its label, and its rows from the hover data */
          g_free (edge_names->pdata[k]);
          edge_names->pdata[k] = dot_unquote (label);
          json_object_set_string_member (nodes[k], "label", edge_names->pdata[k]);
          if (hover_nodes != NULL && (guint) k < json_array_get_length (hover_nodes) &&
              g_strcmp0 (json_object_get_string_member (json_array_get_object_element (hover_nodes, k), "id"),
                         ids[k]) == 0)
            hover_rows (json_array_get_object_element (hover_nodes, k), rows);
          else if (hover_nodes != NULL)
            g_ptr_array_add (diffs, g_strdup_printf ("page %s: node %u of the hover data is not %s", name, k, ids[k]));
        }
      if (json_array_get_length (rows) > 0)
        json_object_set_array_member (nodes[k], "rows", rows);
      else
        json_array_unref (rows);
    }
  for (guint k = 0; k < n; k++)
    if (nodes[k] != NULL)
      json_array_add_object_element (node_list, nodes[k]);
    else
      g_ptr_array_add (diffs, g_strdup_printf ("page %s: node %s is not in the DOT text", name, ids[k]));
  return folder;
}

/* The rows of schedula's tables that the library does not draw, by design:
 * they are taken out of the recorded tables, and the output says where */
static const char *const untimed_rows[] = { "started", "duration", NULL };
static const char untimed_reason[] =
  "by design (docs/plots.md, \"What differs from schedula\"), the rows started and duration of the "
  "function nodes of a workflow are not drawn: a SchedulaSolution does not record when a node ran or "
  "for how long (a SchedulaProgress given to the dispatch reports it per node), so the plot of a "
  "solution has no such rows";
#if !SCHEDULA_HAS_GRAPHVIZ
static const char no_hover_note[] =
  "the rows of the special nodes (START, SINK, END, ...) are not compared: they are drawn with their "
  "label alone, and the HTML view, which shows their rows, needs graphviz, which this build does not have";
#endif

typedef struct
{
  GString *taken;          /* of the current example: "page/node (rows)" */
  GString *differences;    /* one DIFFERENCE block per example */
  guint    n_differences;
  guint    no_hover;       /* examples whose special nodes' rows are not compared */
} PlotNotes;

static PlotNotes plot_notes;

/* The recorded folders of a plot example as the library must draw them:
 * without the rows it does not draw by design (and without graphviz,
 * without the rows of the nodes drawn with a label alone); where rows were
 * taken out goes to plot_notes.taken */
static JsonNode *
plot_expected (JsonObject *ex)
{
  g_autofree char *text = json_to_string (json_object_get_member (ex, "expected"), FALSE);
  JsonNode *copy = json_from_string (text, NULL);  /* deep: the example stays as recorded */
  JsonArray *folders = json_object_get_array_member (json_node_get_object (copy), "folders");
  gboolean no_hover = FALSE;

  g_string_truncate (plot_notes.taken, 0);
  for (guint f = 0; f < json_array_get_length (folders); f++)
    {
      JsonObject *folder = json_array_get_object_element (folders, f);
      JsonArray *nodes = json_object_get_array_member (folder, "nodes");

      for (guint i = 0; i < json_array_get_length (nodes); i++)
        {
          JsonObject *node = json_array_get_object_element (nodes, i);
          JsonArray *rows = json_object_has_member (node, "rows") ? json_object_get_array_member (node, "rows") : NULL;
          JsonArray *kept = json_array_new ();
          g_autoptr(GString) taken = g_string_new (NULL);

          for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
            {
              const char *key = json_array_get_string_element (rows, r);

              if (g_strv_contains (untimed_rows, key))
                g_string_append_printf (taken, "%s%s", taken->len > 0 ? ", " : "", key);
              else if (!SCHEDULA_HAS_GRAPHVIZ && json_object_has_member (node, "label"))
                no_hover = TRUE;
              else
                json_array_add_string_element (kept, key);
            }
          if (taken->len > 0)
            g_string_append_printf (plot_notes.taken, "%s%s/%s (%s)", plot_notes.taken->len > 0 ? ", " : "",
                                    json_object_get_string_member (folder, "name"),
                                    json_object_get_string_member (node, "id"), taken->str);
          if (json_array_get_length (kept) > 0)
            json_object_set_array_member (node, "rows", kept);
          else
            {
              json_array_unref (kept);
              json_object_remove_member (node, "rows");
            }
        }
    }
  plot_notes.no_hover += no_hover;
  return copy;
}

/* The plot action: plot(view=False) of the model, or of the solution of
 * the example's dispatch, with its plot_kwargs; every page read back */
static JsonObject *
run_action_plot (JsonObject *ex,
                 GPtrArray  *diffs)
{
  JsonObject *res = json_object_new ();
  JsonObject *kw = json_object_has_member (ex, "plot_kwargs") ? json_object_get_object_member (ex, "plot_kwargs")
                                                               : NULL;
  g_autoptr(GList) keywords = kw != NULL ? json_object_get_members (kw) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = build (json_object_get_object_member (ex, "model"), NULL, &error);
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaPlotMap) map = NULL;
  g_autoptr(JsonParser) hover = NULL;
  JsonArray *pages = NULL;
  JsonArray *folders = json_array_new ();

  g_assert_no_error (error);
  json_object_set_array_member (res, "folders", folders);
  for (GList *l = keywords; l != NULL; l = l->next)
    if (g_str_equal (l->data, "depth"))
      schedula_plot_options_set_depth (options, json_object_get_int_member (kw, "depth"));
    else
      g_ptr_array_add (diffs, g_strdup_printf ("plot(%s=...): a keyword the runner does not map",
                                               (const char *) l->data));
  if (json_object_has_member (ex, "dispatch"))
    {
      sol = dispatch_with (dsp, json_object_get_object_member (ex, "dispatch"), NULL, &error);
      g_assert_no_error (error);
      map = schedula_plot_map_new_for_solution (sol, options, &error);
      if (map == NULL)
        {
          record_gerror (res, "exception", error);
          return res;
        }
    }
  else
    map = schedula_plot_map_new_for_dispatcher (dsp, options);
#if SCHEDULA_HAS_GRAPHVIZ
  hover = plot_hover_data (map, &error);
  if (hover == NULL)
    g_ptr_array_add (diffs, g_strdup_printf ("the HTML view of the plot: %s", error->message));
  else
    pages = json_object_get_array_member (json_node_get_object (json_parser_get_root (hover)), "pages");
#endif
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (map)); i++)
    {
      g_autoptr(SchedulaPlotPage) page = g_list_model_get_item (G_LIST_MODEL (map), i);
      JsonObject *hover_page = pages != NULL && i < json_array_get_length (pages)
                               ? json_array_get_object_element (pages, i) : NULL;

      json_array_add_object_element (folders, plot_folder (page, hover_page, diffs));
    }
  return res;
}

/* The members @actual has and @expected has not, at any depth where the
 * two have the same shape: compare() goes by the expected members, so a
 * style attribute or a table too many would pass it */
static void
compare_extra_members (JsonNode   *expected,
                       JsonNode   *actual,
                       const char *path,
                       GPtrArray  *diffs)
{
  if (JSON_NODE_HOLDS_OBJECT (expected) && JSON_NODE_HOLDS_OBJECT (actual))
    {
      JsonObject *e = json_node_get_object (expected);
      JsonObject *a = json_node_get_object (actual);
      g_autoptr(GList) members = json_object_get_members (a);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s/%s", path, (const char *) l->data);

          if (!json_object_has_member (e, l->data))
            {
              g_autofree char *text = node_text (json_object_get_member (a, l->data));

              g_ptr_array_add (diffs, g_strdup_printf ("%s: not expected (%s)", sub, text));
            }
          else
            compare_extra_members (json_object_get_member (e, l->data), json_object_get_member (a, l->data), sub,
                                   diffs);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (expected) && JSON_NODE_HOLDS_ARRAY (actual))
    {
      JsonArray *e = json_node_get_array (expected);
      JsonArray *a = json_node_get_array (actual);

      for (guint i = 0; json_array_get_length (e) == json_array_get_length (a) && i < json_array_get_length (e); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

          compare_extra_members (json_array_get_element (e, i), json_array_get_element (a, i), sub, diffs);
        }
    }
}

/* Says which rows of an example that passed were taken out by design */
static void
note_plot_differences (JsonObject *ex)
{
  if (plot_notes.taken->len == 0)
    return;
  g_string_append_printf (plot_notes.differences, "DIFFERENCE %s: %s.\n    schedula draws them on: %s\n",
                          json_object_get_string_member (ex, "name"), untimed_reason, plot_notes.taken->str);
  plot_notes.n_differences++;
}
#endif

#if SCHEDULA_HAS_WEB
/* Area 7.3: the web API (schedula's dsp.web()). The model is served by a
 * SchedulaWebServer in a main context of this thread, and a SoupSession of
 * the same context POSTs each request of the example: the loop runs until
 * the response is read, serving the request meanwhile. */

/* The library's answers that differ from schedula's by design: the
 * recorded answers are changed into the library's (web_expected()) */
typedef enum {
  WEB_NOT_FOUND = 1 << 0,
  WEB_DISPATCHER_ERROR = 1 << 1,
} WebDifference;

static const struct {
  WebDifference difference;
  const char   *name;
  const char   *reason;
} web_differences[] = {
  { WEB_NOT_FOUND, "not-found",
    "by design (docs/web.md, \"Errors and statuses\"), a path without an endpoint gets a JSON body naming "
    "it, {\"error\": ..., \"field\": \"path\"}, where schedula sends Flask's HTML page (no JSON)" },
  { WEB_DISPATCHER_ERROR, "dispatcher-error",
    "by design (docs/web.md, \"Errors and statuses\"), the \"error\" of a dispatch that raises is the "
    "formatted message, \"Failed DISPATCHING 'bad' due to:\\n  fail\" (a C function's error says its "
    "message), where schedula sends str() of its DispatcherError, the tuple of its arguments (a "
    "reference quirk)" },
};

static struct {
  WebDifference used;        /* of the current example */
  GString      *differences; /* one DIFFERENCE block per example */
  guint         n_differences;
} web_notes;

/* The library's message of a node that failed a dispatch, from schedula's
 * str() of its DispatcherError, the tuple (format, node id, exception):
 * the format with the node id and the exception's str(), as the
 * catalogue's errors give it (their message is str() of the exception), or
 * NULL when @text is not such a tuple */
static char *
web_dispatcher_error (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\A\\(\"Failed (DISPATCHING|CALLBACK|SUB-DSP DOMAIN) '%s' due to:"
                                         "\\\\n  %r\", '(.*)', [A-Za-z_][A-Za-z0-9_]*\\('(.*)'\\)\\)\\z",
                                         G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *node = NULL;
  g_autofree char *cause = NULL;
  g_autofree char *node_text = NULL;
  g_autofree char *cause_text = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  kind = g_match_info_fetch (match, 1);
  node = g_match_info_fetch (match, 2);
  cause = g_match_info_fetch (match, 3);
  node_text = g_strcompress (node);    /* Python's escapes, as far as the examples have them */
  cause_text = g_strcompress (cause);
  return g_strdup_printf ("Failed %s '%s' due to:\n  %s", kind, node_text, cause_text);
}

/* The recorded responses of a web example as the library must give them;
 * what was changed goes to web_notes.used */
static JsonNode *
web_expected (JsonObject *ex)
{
  g_autofree char *text = json_to_string (json_object_get_member (ex, "expected"), FALSE);
  JsonNode *copy = json_from_string (text, NULL);  /* deep: the example stays as recorded */
  JsonArray *responses = json_object_get_array_member (json_node_get_object (copy), "responses");

  web_notes.used = 0;
  for (guint i = 0; i < json_array_get_length (responses); i++)
    {
      JsonObject *response = json_array_get_object_element (responses, i);
      JsonNode *body = json_object_get_member (response, "json");
      const char *error = JSON_NODE_HOLDS_OBJECT (body)
                          ? json_object_get_string_member_with_default (json_node_get_object (body), "error", NULL)
                          : NULL;
      char *adapted;

      if (json_object_get_int_member (response, "status") == 404 && JSON_NODE_HOLDS_NULL (body))
        {
          /* compared by its members: the message is the library's */
          JsonObject *refusal = json_object_new ();

          json_object_set_string_member (refusal, "field", "path");
          json_object_set_object_member (response, "json", refusal);
          web_notes.used |= WEB_NOT_FOUND;
        }
      else if (error != NULL && (adapted = web_dispatcher_error (error)) != NULL)
        {
          json_object_set_string_member (json_node_get_object (body), "error", adapted);
          g_free (adapted);
          web_notes.used |= WEB_DISPATCHER_ERROR;
        }
    }
  return copy;
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} WebReply;

static void
web_sent_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  WebReply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* POSTs a recorded request (its "json" as the body, or its raw "data"):
 * the status and the JSON of the response (null when it is not JSON), as
 * run_reference.py records them */
static JsonObject *
web_post (SoupSession  *session,
          const char   *url,
          JsonObject   *rq,
          GMainContext *context,
          GPtrArray    *diffs)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *response = json_object_new ();
  const char *content_type = NULL;
  WebReply reply = { FALSE, NULL, NULL };
  gsize size = 0;
  const char *data = NULL;

  g_assert_nonnull (msg);
  if (json_object_has_member (rq, "json"))
    {
      char *text = json_to_string (json_object_get_member (rq, "json"), FALSE);

      sent = g_bytes_new_take (text, strlen (text));
      content_type = "application/json";
    }
  else
    {
      const char *raw = json_object_get_string_member_with_default (rq, "data", "");

      sent = g_bytes_new (raw, strlen (raw));
    }
  soup_message_set_request_body_from_bytes (msg, content_type, sent);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, web_sent_cb, &reply);
  while (!reply.done)
    g_main_context_iteration (context, TRUE);
  if (reply.error != NULL)
    g_ptr_array_add (diffs, g_strdup_printf ("POST %s: no response: %s", url, reply.error->message));
  json_object_set_int_member (response, "status", soup_message_get_status (msg));
  if (reply.body != NULL)
    data = g_bytes_get_data (reply.body, &size);
  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    json_object_set_member (response, "json", json_node_copy (json_parser_get_root (parser)));
  else
    json_object_set_null_member (response, "json");
  g_clear_pointer (&reply.body, g_bytes_unref);
  g_clear_error (&reply.error);
  return response;
}

/* The web action: the rules of the model (the server's endpoints), then
 * each request POSTed to it */
static JsonObject *
run_action_web (JsonObject *ex,
                GPtrArray  *diffs)
{
  JsonObject *res = json_object_new ();
  JsonArray *rules = json_array_new ();
  JsonArray *responses = json_array_new ();
  JsonArray *requests = json_object_get_array_member (ex, "requests");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = build (json_object_get_object_member (ex, "model"), NULL, &error);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SchedulaWebServer) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) endpoints = NULL;

  g_assert_no_error (error);
  json_object_set_array_member (res, "rules", rules);
  json_object_set_array_member (res, "responses", responses);
  if (json_object_has_member (ex, "web_kwargs"))
    {
      g_ptr_array_add (diffs, g_strdup ("web(...): keywords the runner does not map"));
      return res;
    }
  g_main_context_push_thread_default (context);
  server = schedula_web_server_new (dsp);
  endpoints = schedula_web_server_list_endpoints (server);
  for (guint i = 0; endpoints[i] != NULL; i++)
    json_array_add_string_element (rules, endpoints[i]);
  if (!schedula_web_server_listen (server, NULL, 0, &error))
    g_ptr_array_add (diffs, g_strdup_printf ("the server does not listen: %s", error->message));
  else
    {
      url = schedula_web_server_dup_url (server);
      session = soup_session_new ();
      for (guint i = 0; i < json_array_get_length (requests); i++)
        {
          JsonObject *rq = json_array_get_object_element (requests, i);
          const char *path = json_object_get_string_member (rq, "path");
          /* the server's URL ends with '/', the path starts with one */
          g_autofree char *target = g_strconcat (url, path[0] == '/' ? path + 1 : path, NULL);
          json_array_add_object_element (responses, web_post (session, target, rq, context, diffs));
        }
      g_clear_object (&session);
      schedula_web_server_disconnect (server);
    }
  g_clear_object (&server);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return res;
}

/* Says which answers of an example that passed were read back as
 * schedula's */
static void
note_web_differences (JsonObject *ex)
{
  if (web_notes.used == 0)
    return;
  g_string_append_printf (web_notes.differences, "DIFFERENCE %s:\n", json_object_get_string_member (ex, "name"));
  for (guint i = 0; i < G_N_ELEMENTS (web_differences); i++)
    if (web_notes.used & web_differences[i].difference)
      g_string_append_printf (web_notes.differences, "    %s: %s.\n", web_differences[i].name,
                              web_differences[i].reason);
  web_notes.n_differences++;
}
#endif

/* Area 6: executors */

/* Where schedula's asynchronous result differs from its synchronous one:
 * the library's executors give the synchronous solution, so such an example
 * is compared with the example that records schedula's synchronous result
 * of the same model (its solution, errors and exception) */
typedef struct
{
  const char *prefix;
  const char *sync_example;
  const char *reason;
} AsyncByDesign;

static const AsyncByDesign async_by_design[] = {
  { "6.04 ", "6.05 ",
    "by design, the library's executors give the synchronous solution: schedula's asynchronous dispatch "
    "goes on as if f1 succeeded, so the failure of f1 loses the alternative path through f2 (and what "
    "follows it) unless f1 has await_result, and result() raises the failure; synchronously (as "
    "example 6.05 records it: the same model with await_result on f1, which SEMANTICS.md 6.2 says "
    "fails as in synchronous mode) the failure is recorded and f2 computes c" },
  { "6.09 ", "6.10 ",
    "by design, the library's executors give the synchronous solution: schedula's asynchronous dispatch "
    "checks for NONE on the future, so the NONE output b stays in the solution as NONE; synchronously "
    "(example 6.10, the same model) it is left out" },
};

static const char *const async_no_futures =
  "futures_before_result is not compared: the library has no futures; a dispatch with an executor "
  "returns once every value is known, so there is nothing to list before result()";

static const char *const in_process_note =
  "the catalogue's functions have no c: reference, so under parallel and parallel-pool they ran "
  "in this process (the library's \"runs in this process\" message, once per node): expected";

/* The executors every example of area 6 also runs under (those it does not
 * name); `parallel` and `parallel-dispatch` (a worker process per call)
 * only on a few: a failure, NONE outputs, a sub-dispatcher */
static const char *const cross_executors[] = {
  "async", "parallel-pool", "parallel",
#if SCHEDULA_HAS_IO
  "parallel-dispatch",
#endif
};
static const char *const parallel_too[] = { "6.03 ", "6.04 ", "6.09 ", NULL };

typedef struct
{
  guint ran, passed, failed, skipped;
  guint cross_passed, cross_failed;
  guint no_futures;
  guint n_differences;
  gint  in_process;            /* "runs in this process" messages (atomic) */
  GString *differences;        /* one DIFFERENCE line per by-design difference */
} Area6;

static Area6 area6;

static gboolean
has_prefix_in (const char        *name,
               const char *const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

/* The library logs a message the first time a node of a process executor
 * runs in this process: count it, let the others through */
static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if (strstr (message, " runs in this process, not in a worker") != NULL)
    {
      g_atomic_int_inc (&area6.in_process);
      return;
    }
  g_log_default_handler (domain, level, message, user_data);
}

/* The names schedula_shutdown_executors() returns, as a JSON list */
static JsonNode *
shutdown_names (void)
{
  g_auto(GStrv) names = schedula_shutdown_executors ();
  JsonArray *a = json_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    json_array_add_string_element (a, names[i]);
  return array_node (a);
}

static int
compare_pair_ids (gconstpointer a,
                  gconstpointer b)
{
  JsonArray *pa = json_node_get_array (*(JsonNode *const *) a);
  JsonArray *pb = json_node_get_array (*(JsonNode *const *) b);

  return strcmp (json_array_get_string_element (pa, 0), json_array_get_string_element (pb, 0));
}

/* [id, value] pairs sorted by id, as the reference records area 6 */
static JsonNode *
sorted_pairs (JsonNode *pairs)
{
  JsonArray *in = json_node_get_array (pairs);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < json_array_get_length (in); i++)
    g_ptr_array_add (items, json_array_get_element (in, i));
  g_ptr_array_sort (items, compare_pair_ids);
  for (guint i = 0; i < items->len; i++)
    json_array_add_element (out, json_node_copy (items->pdata[i]));
  return array_node (out);
}

static const char *
example_executor (JsonObject *ex)
{
  JsonObject *kw = json_object_has_member (ex, "dispatch") ? json_object_get_object_member (ex, "dispatch") : NULL;
  JsonNode *given = kw ? json_object_get_member (kw, "executor") : NULL;

  if (given != NULL && json_node_get_value_type (given) == G_TYPE_STRING)
    return json_node_get_string (given);
  return NULL;
}

/* Whether the example dispatches with executor=True (the dispatcher's) */
static gboolean
example_uses_dispatcher_executor (JsonObject *ex)
{
  JsonObject *kw = json_object_has_member (ex, "dispatch") ? json_object_get_object_member (ex, "dispatch") : NULL;
  JsonNode *given = kw ? json_object_get_member (kw, "executor") : NULL;

  return given != NULL && json_node_get_value_type (given) == G_TYPE_BOOLEAN && json_node_get_boolean (given);
}

/* What the reference records of dispatch(..., executor=X).result(): the
 * exception result() raises, the solution sorted by id, the errors */
static JsonObject *
enc_async (SchedulaSolution *sol)
{
  JsonObject *res = json_object_new ();
  const GError *failure = schedula_solution_get_dispatch_error (sol);
  g_autoptr(JsonNode) pairs = solution_pairs (sol);

  if (failure != NULL)
    record_gerror (res, "result_exception", failure);
  else
    json_object_set_null_member (res, "result_exception");
  json_object_set_member (res, "solution", sorted_pairs (pairs));
  json_object_set_member (res, "errors", enc_errors (sol));
  return res;
}

/* The "async" action: dispatch with the example's executor, then the names
 * shutdown_executors() returns */
static JsonObject *
run_action_async (JsonObject *ex)
{
  JsonObject *kw = json_object_get_object_member (ex, "dispatch");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = build (json_object_get_object_member (ex, "model"), NULL, &error);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_auto(GStrv) before = NULL;
  JsonObject *res;

  g_assert_no_error (error);
  before = schedula_shutdown_executors ();  /* each example starts with none running */
  sol = dispatch_with (dsp, kw, NULL, &error);
  if (sol == NULL)
    {
      /* the dispatch could not start (an unknown executor...) */
      res = json_object_new ();
      record_gerror (res, "result_exception", error);
    }
  else
    res = enc_async (sol);
  json_object_set_member (res, "shutdown", shutdown_names ());
  return res;
}

static JsonObject *
find_example (JsonArray  *examples,
              const char *prefix)
{
  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *ex = json_array_get_object_element (examples, i);

      if (g_str_has_prefix (json_object_get_string_member (ex, "name"), prefix))
        return ex;
    }
  return NULL;
}

/* The expected block of an "async" example as the library must give it:
 * without the futures, and with schedula's synchronous result where the
 * library gives it by design (*by_design is then set). NULL with a diff
 * when the example to compare with is missing. */
static JsonNode *
async_expected (JsonObject            *ex,
                JsonArray             *examples,
                const AsyncByDesign  **by_design,
                GPtrArray             *diffs)
{
  const char *name = json_object_get_string_member (ex, "name");
  JsonObject *recorded = json_object_get_object_member (ex, "expected");
  g_autoptr(GList) members = json_object_get_members (recorded);
  JsonObject *e = json_object_new ();
  JsonNode *copy = object_node (e);

  /* a new object: the members replaced below stay as recorded in ex */
  *by_design = NULL;
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "futures_before_result"))
      json_object_set_member (e, l->data, json_node_copy (json_object_get_member (recorded, l->data)));
  if (json_object_has_member (recorded, "futures_before_result"))
    area6.no_futures++;
  for (guint i = 0; i < G_N_ELEMENTS (async_by_design); i++)
    {
      JsonObject *sync, *se;

      if (!g_str_has_prefix (name, async_by_design[i].prefix))
        continue;
      sync = find_example (examples, async_by_design[i].sync_example);
      if (sync == NULL)
        {
          g_ptr_array_add (diffs, g_strdup_printf ("no example %sto compare with (schedula's synchronous result)",
                                                   async_by_design[i].sync_example));
          json_node_unref (copy);
          return NULL;
        }
      se = json_object_get_object_member (sync, "expected");
      json_object_set_member (e, "solution", sorted_pairs (json_object_get_member (se, "solution")));
      if (json_object_has_member (se, "errors"))
        json_object_set_member (e, "errors", json_node_copy (json_object_get_member (se, "errors")));
      else
        json_object_set_object_member (e, "errors", json_object_new ());
      if (json_object_has_member (se, "exception"))
        json_object_set_member (e, "result_exception", json_node_copy (json_object_get_member (se, "exception")));
      else
        json_object_set_null_member (e, "result_exception");
      *by_design = &async_by_design[i];
    }
  return copy;
}

/* The members of @members of an object node, as JSON text */
static char *
members_text (JsonNode          *node,
              const char *const *members)
{
  GString *text = g_string_new (NULL);
  JsonObject *o = json_node_get_object (node);

  for (guint i = 0; members[i] != NULL; i++)
    if (json_object_has_member (o, members[i]))
      {
        g_autofree char *v = node_text (json_object_get_member (o, members[i]));

        g_string_append_printf (text, "%s%s %s", text->len ? ", " : "", members[i], v);
      }
  return g_string_free (text, FALSE);
}

/* Says what schedula gives and what the library gives for an example that
 * passed with a documented difference */
static void
note_differences (JsonObject          *ex,
                  const AsyncByDesign *by_design,
                  JsonNode            *actual)
{
  const char *name = json_object_get_string_member (ex, "name");
  JsonNode *recorded = json_object_get_member (ex, "expected");

  if (by_design != NULL)
    {
      static const char *const fields[] = { "solution", "errors", "result_exception", NULL };
      g_autofree char *theirs = members_text (recorded, fields);
      g_autofree char *ours = members_text (actual, fields);

      g_string_append_printf (area6.differences,
                              "DIFFERENCE %s: %s.\n    schedula (async): %s\n    library:          %s\n",
                              name, by_design->reason, theirs, ours);
      area6.n_differences++;
    }
}

/* The errors of an area 6 example: the same nodes, not only the expected
 * ones (the comparison of dicts goes by the expected keys) */
static void
compare_error_ids (JsonNode  *expected,
                   JsonNode  *actual,
                   GPtrArray *diffs)
{
  JsonObject *e = json_node_get_object (expected);
  JsonObject *a = json_node_get_object (actual);

  if (json_object_has_member (e, "errors") && json_object_has_member (a, "errors"))
    {
      JsonObject *ee = json_object_get_object_member (e, "errors");
      g_autoptr(GList) ids = json_object_get_members (json_object_get_object_member (a, "errors"));

      for (GList *l = ids; l != NULL; l = l->next)
        if (!json_object_has_member (ee, l->data))
          g_ptr_array_add (diffs, g_strdup_printf ("/errors/%s: not expected", (const char *) l->data));
    }
}

/* Everything a dispatch gives, to compare two dispatches exactly */
static JsonNode *
enc_full (SchedulaSolution *sol,
          const GError     *error)
{
  JsonObject *res = json_object_new ();

  if (sol == NULL)
    {
      record_gerror (res, "exception", error);
      return object_node (res);
    }
  enc_solution (sol, res, TRUE);
  if (schedula_solution_get_dispatch_error (sol) != NULL)
    record_gerror (res, "exception", schedula_solution_get_dispatch_error (sol));
  return object_node (res);
}

/* Dispatches the model of an area 6 example under each executor it does
 * not name (under executor=True: as the dispatcher's executor) and checks
 * that each gives exactly what the synchronous dispatch gives, and that
 * shutdown_executors() names it afterwards. Returns the checks made. */
static guint
cross_check (JsonObject *ex,
             GPtrArray  *diffs)
{
  const char *name = json_object_get_string_member (ex, "name");
  JsonObject *model = json_object_get_object_member (ex, "model");
  JsonObject *kw = json_object_has_member (ex, "dispatch") ? json_object_get_object_member (ex, "dispatch") : NULL;
  gboolean via_dispatcher = example_uses_dispatcher_executor (ex);
  const char *named = via_dispatcher ? json_object_get_string_member_with_default (model, "executor", NULL)
                                     : example_executor (ex);
  g_autoptr(JsonNode) sync = NULL;
  g_auto(GStrv) before = schedula_shutdown_executors ();
  guint checks = 0;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SchedulaDispatcher) dsp = build (model, NULL, &error);
    g_autoptr(SchedulaSolution) sol = NULL;
    g_autoptr(JsonNode) names = NULL;

    g_assert_no_error (error);
    conf_catalogue_reset ();
    sol = dispatch_with (dsp, kw, "", &error);
    sync = enc_full (sol, error);
    names = shutdown_names ();
    if (json_array_get_length (json_node_get_array (names)) > 0)
      {
        g_autofree char *text = node_text (names);

        g_ptr_array_add (diffs, g_strdup_printf ("[sync] shutdown_executors() gives %s after a synchronous dispatch",
                                                 text));
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (cross_executors); i++)
    {
      const char *x = cross_executors[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaDispatcher) dsp = NULL;
      g_autoptr(SchedulaSolution) sol = NULL;
      g_autoptr(JsonNode) got = NULL;
      g_autoptr(JsonNode) names = NULL;
      g_autofree char *label = NULL;
      guint before_diffs = diffs->len;

      if (g_strcmp0 (x, named) == 0 ||
          ((g_str_equal (x, "parallel") || g_str_equal (x, "parallel-dispatch")) && !has_prefix_in (name, parallel_too)))
        continue;
      label = via_dispatcher ? g_strdup_printf ("[executor=True, Dispatcher(executor='%s')]", x)
                             : g_strdup_printf ("[executor=%s]", x);
      dsp = build (model, NULL, &error);
      g_assert_no_error (error);
      conf_catalogue_reset ();
      if (via_dispatcher)
        {
          schedula_dispatcher_set_executor (dsp, x);
          sol = dispatch_with (dsp, kw, DISPATCHER_EXECUTOR, &error);
        }
      else
        sol = dispatch_with (dsp, kw, x, &error);
      got = enc_full (sol, error);
      names = shutdown_names ();
      if (!json_node_equal (sync, got))
        {
          compare (sync, got, label, diffs);
          if (diffs->len == before_diffs)
            {
              g_autofree char *st = node_text (sync), *gt = node_text (got);

              g_ptr_array_add (diffs, g_strdup_printf ("%s: differs from the synchronous dispatch:\n"
                                                       "      sync %s\n      got  %s", label, st, gt));
            }
        }
      if (json_array_get_length (json_node_get_array (names)) != 1 ||
          !g_str_equal (json_array_get_string_element (json_node_get_array (names), 0), x))
        {
          g_autofree char *text = node_text (names);

          g_ptr_array_add (diffs, g_strdup_printf ("%s: shutdown_executors() gives %s, expected [\"%s\"]",
                                                   label, text, x));
        }
      checks++;
      if (diffs->len == before_diffs)
        area6.cross_passed++;
      else
        area6.cross_failed++;
    }
  return checks;
}

static JsonObject *
run_action_structure (JsonObject *ex,
                      gboolean    per_op)
{
  JsonObject *model = json_object_get_object_member (ex, "model");
  JsonArray *returned = json_array_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *res;
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  if (!per_op)
    {
      dsp = build (model, returned, &error);
      if (dsp == NULL)
        {
          res = json_object_new ();
          record_gerror (res, "exception", error);
          json_array_unref (returned);
          return res;
        }
      res = enc_structure (dsp);
      json_object_set_array_member (res, "returned_ids", returned);
      return res;
    }
  else
    {
      JsonArray *ops = json_object_get_array_member (model, "ops");
      JsonArray *results = json_array_new ();

      dsp = schedula_dispatcher_new (json_object_get_string_member_with_default (model, "name", ""));
      for (guint i = 0; i < json_array_get_length (ops); i++)
        {
          g_autofree char *id = NULL;
          JsonObject *r = json_object_new ();

          g_clear_error (&error);
          if (apply_op (dsp, json_array_get_object_element (ops, i), &id, &error))
            {
              if (id)
                json_object_set_string_member (r, "returned", id);
              else
                json_object_set_null_member (r, "returned");
            }
          else
            record_gerror (r, "exception", error);
          json_array_add_object_element (results, r);
        }
      res = enc_structure (dsp);
      json_object_set_array_member (res, "ops", results);
      json_array_unref (returned);
      return res;
    }
}

static JsonObject *
run_action_model_op (JsonObject *ex)
{
  JsonObject *res = json_object_new ();
  JsonObject *op = json_object_get_object_member (ex, "op");
  const char *name = json_object_get_string_member (op, "name");
  JsonObject *kw = json_object_has_member (op, "kwargs") ? json_object_get_object_member (op, "kwargs") : json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = build (json_object_get_object_member (ex, "model"), NULL, &error);
  g_autoptr(SchedulaDispatcher) out = NULL;
  JsonArray *before = json_object_has_member (ex, "before") ? json_object_get_array_member (ex, "before") : NULL;

  g_assert_no_error (error);
  /* schedula keeps dsp.solution; here the caller keeps the solution */
  for (guint i = 0; before && i < json_array_get_length (before); i++)
    {
      SchedulaSolution *s = run_dispatch (dsp, json_array_get_object_element (before, i), NULL);

      if (s != NULL)
        keep (s);
    }

  if (g_str_equal (name, "get_sub_dsp"))
    {
      g_auto(GStrv) nodes = id_list (json_object_get_member (kw, "nodes_bunch"));
      g_autoptr(GPtrArray) edges = g_ptr_array_new ();

      if (json_object_has_member (kw, "edges_bunch"))
        {
          JsonArray *a = json_object_get_array_member (kw, "edges_bunch");

          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              JsonArray *e = json_array_get_array_element (a, i);

              g_ptr_array_add (edges, (gpointer) json_array_get_string_element (e, 0));
              g_ptr_array_add (edges, (gpointer) json_array_get_string_element (e, 1));
            }
        }
      g_ptr_array_add (edges, NULL);
      out = schedula_dispatcher_get_sub_dispatcher (dsp, (const char *const *) nodes,
                                                    (const char *const *) edges->pdata, &error);
    }
  else if (g_str_equal (name, "get_sub_dsp_from_workflow") || g_str_equal (name, "solution.get_sub_dsp_from_workflow"))
    {
      g_auto(GStrv) sources = id_list (json_object_get_member (kw, "sources"));
      SchedulaSubDispatcherFlags flags = 0;

      if (json_object_get_boolean_member_with_default (kw, "reverse", FALSE))
        flags |= SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE;
      if (json_object_get_boolean_member_with_default (kw, "add_missing", FALSE))
        flags |= SCHEDULA_SUB_DISPATCHER_FLAGS_ADD_MISSING;
      if (!json_object_get_boolean_member_with_default (kw, "check_inputs", TRUE))
        flags |= SCHEDULA_SUB_DISPATCHER_FLAGS_NO_CHECK_INPUTS;
      if (json_object_get_boolean_member_with_default (kw, "use_dmap", FALSE))
        flags |= SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL;
      if (g_str_has_prefix (name, "solution."))
        {
          g_autoptr(SchedulaSolution) last = schedula_dispatcher_get_solution (dsp);

          out = schedula_solution_get_sub_dispatcher_from_workflow (last, (const char *const *) sources, flags, &error);
        }
      else
        out = schedula_dispatcher_get_sub_dispatcher_from_workflow (dsp, (const char *const *) sources, flags,
                                                                    NULL, SCHEDULA_WILDCARD_OFF, &error);
    }
  else if (g_str_equal (name, "shrink_dsp"))
    {
      g_auto(GStrv) inputs = json_object_has_member (kw, "inputs") ? id_list (json_object_get_member (kw, "inputs")) : NULL;
      g_auto(GStrv) outputs = json_object_has_member (kw, "outputs") ? id_list (json_object_get_member (kw, "outputs")) : NULL;
      g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();

      schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_ON);
      if (json_object_has_member (kw, "inputs_dist"))
        {
          JsonObject *o = json_object_get_object_member (kw, "inputs_dist");
          g_autoptr(GList) members = json_object_get_members (o);

          for (GList *l = members; l; l = l->next)
            {
              SchedulaDistance d = distance_of (json_object_get_member (o, l->data));

              schedula_dispatch_options_set_input_dist (options, l->data, &d);
            }
        }
      out = schedula_dispatcher_shrink (dsp, (const char *const *) inputs, (const char *const *) outputs,
                                        options, &error);
    }
  else if (g_str_equal (name, "copy"))
    {
      JsonObject *mutate = json_object_has_member (kw, "mutate_defaults") ? json_object_get_object_member (kw, "mutate_defaults") : NULL;
      JsonObject *orig = json_object_new ();
      gboolean shared = FALSE;
      guint n;

      out = schedula_dispatcher_copy (dsp);
      json_object_set_boolean_member (res, "same_object", out == dsp);
      json_object_set_boolean_member (res, "same_dmap", FALSE);
      n = g_list_model_get_n_items (G_LIST_MODEL (dsp));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SchedulaNode) a = g_list_model_get_item (G_LIST_MODEL (dsp), i);

          shared |= schedula_dispatcher_lookup_node (out, schedula_node_get_id (a)) == a;
        }
      json_object_set_boolean_member (res, "same_node_attr", shared);
      if (mutate)
        {
          g_autoptr(GList) members = json_object_get_members (mutate);

          for (GList *l = members; l; l = l->next)
            {
              g_autoptr(GValue) v = dec (json_object_get_member (mutate, l->data));

              schedula_dispatcher_set_default_value (out, l->data, v, NULL, NULL);
            }
        }
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SchedulaNode) a = g_list_model_get_item (G_LIST_MODEL (dsp), i);

          if (SCHEDULA_IS_DATA_NODE (a) && schedula_data_node_get_default_value (SCHEDULA_DATA_NODE (a)))
            json_object_set_member (orig, schedula_node_get_id (a),
                                    enc (schedula_data_node_get_default_value (SCHEDULA_DATA_NODE (a))));
        }
      json_object_set_object_member (res, "original_default_values", orig);
    }
  else if (g_str_equal (name, "get_node"))
    {
      g_auto(GStrv) path = id_list (json_object_get_member (kw, "path"));
      const char *attr = json_object_get_string_member_with_default (kw, "node_attr", "auto");
      g_auto(GStrv) real = NULL;
      SchedulaNode *node = schedula_dispatcher_get_node (dsp, (const char *const *) path, &real, &error);
      JsonArray *r = json_array_new ();
      JsonArray *rp = json_array_new ();
      g_autoptr(SchedulaSolution) last = schedula_dispatcher_get_solution (dsp);

      if (node == NULL)
        {
          record_gerror (res, "exception", error);
          json_array_unref (r);
          json_array_unref (rp);
          return res;
        }
      if (g_str_equal (attr, "type"))
        {
          static const char *const kinds[] = { "data", "function", "dispatcher" };

          json_array_add_string_element (r, kinds[schedula_node_get_kind (node)]);
        }
      else if (SCHEDULA_IS_DATA_NODE (node) && last != NULL)
        {
          const GValue *v = schedula_solution_lookup_path (last, (const char *const *) path, NULL, NULL);

          json_array_add_element (r, v ? enc (v) : json_node_new (JSON_NODE_NULL));
        }
      else if (SCHEDULA_IS_FUNCTION_NODE (node))
        {
          JsonObject *f = json_object_new ();
          SchedulaFunction *fn = schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (node));

          json_object_set_string_member (f, "$function", fn ? function_name (fn) : "None");
          json_array_add_object_element (r, f);
        }
      else
        json_array_add_null_element (r);
      for (guint i = 0; real[i]; i++)
        json_array_add_string_element (rp, real[i]);
      json_array_add_array_element (r, rp);
      json_object_set_array_member (res, "returned", r);
      return res;
    }
  else
    g_error ("unknown model op %s", name);

  if (!json_object_has_member (op, "kwargs"))
    json_object_unref (kw);
  if (out == NULL)
    {
      record_gerror (res, "exception", error);
      return res;
    }
  {
    JsonObject *s = enc_structure (out);
    g_autoptr(GList) members = json_object_get_members (s);

    for (GList *l = members; l; l = l->next)
      json_object_set_member (res, l->data, json_node_copy (json_object_get_member (s, l->data)));
    json_object_unref (s);
  }
  if (json_object_has_member (ex, "then_dispatch"))
    {
      g_autoptr(GError) derr = NULL;
      g_autoptr(SchedulaSolution) sol = run_dispatch (out, json_object_get_object_member (ex, "then_dispatch"), &derr);
      JsonObject *then = json_object_new ();

      if (sol != NULL)
        enc_solution (sol, then, FALSE);
      else
        record_gerror (then, "exception", derr);
      json_object_set_object_member (res, "then_solution", then);
    }
  return res;
}

/* Helpers (§5.11-5.13) */

/* A keyword of a helper: the call's, else the constructor's (spec.kwargs,
 * then spec itself) */
static JsonNode *
keyword (JsonObject *spec,
         JsonObject *kwargs,
         const char *name)
{
  if (kwargs != NULL && json_object_has_member (kwargs, name))
    return json_object_get_member (kwargs, name);
  if (spec != NULL && json_object_has_member (spec, "kwargs") &&
      json_object_has_member (json_object_get_object_member (spec, "kwargs"), name))
    return json_object_get_member (json_object_get_object_member (spec, "kwargs"), name);
  if (spec != NULL && json_object_has_member (spec, name))
    return json_object_get_member (spec, name);
  return NULL;
}

static SchedulaOutputType
output_type_of (JsonNode *node)
{
  const char *name = node != NULL ? json_node_get_string (node) : NULL;

  if (g_strcmp0 (name, "list") == 0)
    return SCHEDULA_OUTPUT_TYPE_LIST;
  if (g_strcmp0 (name, "values") == 0)
    return SCHEDULA_OUTPUT_TYPE_VALUES;
  if (g_strcmp0 (name, "all") == 0)
    return SCHEDULA_OUTPUT_TYPE_ALL;
  if (g_strcmp0 (name, "dict") == 0)
    return SCHEDULA_OUTPUT_TYPE_DICT;
  return SCHEDULA_OUTPUT_TYPE_DEFAULT;
}

/* The library's helper name, made with the constructor arguments of spec
 * and the keywords of a call; key_map for map_dict and map_list */
static SchedulaFunction *
helper_function (const char  *name,
                 JsonObject  *spec,
                 JsonObject  *kwargs,
                 JsonNode    *key_map,
                 GError     **error)
{
  if (g_str_equal (name, "bypass"))
    return schedula_bypass_new ();
  if (g_str_equal (name, "summation"))
    return schedula_summation_new ();
  if (g_str_equal (name, "combine_dicts"))
    return schedula_combine_dicts_new ();
  if (g_str_equal (name, "selector"))
    {
      JsonNode *keys = keyword (spec, kwargs, "keys");
      JsonNode *allow_miss = keyword (spec, kwargs, "allow_miss");
      g_auto(GStrv) ids = keys != NULL ? id_list (keys) : NULL;

      return schedula_selector_new ((const char *const *) ids, output_type_of (keyword (spec, kwargs, "output_type")),
                                    allow_miss != NULL && json_node_get_boolean (allow_miss));
    }
  if (g_str_equal (name, "replicate_value"))
    {
      JsonNode *n = keyword (spec, kwargs, "n");

      return schedula_replicate_value_new (n != NULL ? (guint) json_node_get_int (n) : 2);
    }
  if (g_str_equal (name, "map_dict"))
    {
      g_autoptr(SchedulaMapping) m = mapping (key_map);

      return schedula_map_dict_new (m);
    }
  if (g_str_equal (name, "map_list"))
    {
      g_autoptr(GValue) description = dec (key_map);

      return schedula_map_list_new (description, error);
    }
  g_error ("unknown helper %s", name);
}

/* Whether the sequence a helper returns is a Python tuple */
static gboolean
returns_tuple (const char    *name,
               JsonObject    *spec,
               JsonObject    *kwargs,
               const GValue  *inputs,
               guint          n_inputs)
{
  if (g_str_equal (name, "bypass") || g_str_equal (name, "replicate_value"))
    return TRUE;
  if (g_str_equal (name, "selector"))
    return output_type_of (keyword (spec, kwargs, "output_type")) == SCHEDULA_OUTPUT_TYPE_VALUES;
  if (g_str_equal (name, "summation"))
    return n_inputs > 0 && G_VALUE_HOLDS (&inputs[0], CONF_TYPE_SEQ) &&
           ((ConfSeq *) g_value_get_boxed (&inputs[0]))->tuple;
  return FALSE;
}

/* The Python exception a helper's error stands for */
static const char *
helper_exception_type (const char   *name,
                       const GError *error)
{
  if (g_error_matches (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT))
    return g_str_equal (name, "selector") && (error->message[0] == '\'' || error->message[0] == '"')
           ? "KeyError" : "TypeError";
  return exception_type (error);
}

/* Calls f with args[first..], as schedula's helper name; records
 * "returned" or "exception" in out */
static void
call_helper (SchedulaFunction *f,
             const char       *name,
             JsonObject       *spec,
             JsonObject       *kwargs,
             JsonArray        *args,
             guint             first,
             JsonObject       *out)
{
  guint n = args != NULL && json_array_get_length (args) > first ? json_array_get_length (args) - first : 0;
  GValue *inputs = g_new0 (GValue, MAX (n, 1));
  g_autoptr(GError) error = NULL;
  GValue *outputs;

  for (guint i = 0; i < n; i++)
    {
      GValue *v = dec (json_array_get_element (args, first + i));

      inputs[i] = *v;
      g_free (v);
    }
  outputs = schedula_function_call (f, inputs, n, 1, NULL, &error);
  if (outputs == NULL)
    json_object_set_member (out, "exception", exception_node (helper_exception_type (name, error), error->message));
  else
    {
      JsonNode *returned = enc (&outputs[0]);

      if (G_VALUE_HOLDS (&outputs[0], value_array_type ()) && returns_tuple (name, spec, kwargs, inputs, n))
        {
          JsonObject *t = json_object_new ();

          json_object_set_member (t, "$tuple", returned);
          returned = object_node (t);
        }
      json_object_set_member (out, "returned", returned);
      g_value_unset (&outputs[0]);
      g_free (outputs);
    }
  for (guint i = 0; i < n; i++)
    g_value_unset (&inputs[i]);
  g_free (inputs);
}

/* Sub-dispatch wrappers (§5.1-5.6) */

/* Whether spec has only the keys of known (besides "wrapper" and "dsp");
 * the runner gives the library no other constructor keyword */
static gboolean
wrapper_keys_known (JsonObject         *spec,
                    const char *const  *known,
                    GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (spec);

  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "wrapper") && !g_str_equal (l->data, "dsp") && !g_strv_contains (known, l->data))
      {
        g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "the C runner has no counterpart for %s(%s=...)",
                     json_object_get_string_member (spec, "wrapper"), (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

/* The options of a SubDispatchFunction or a pipe: NULL for the wrapper's
 * defaults, else those defaults (shrink, wildcard) with the keywords of
 * spec over them */
static SchedulaDispatchOptions *
function_wrapper_options (JsonObject *spec)
{
  SchedulaDispatchOptions *options;

  if (!json_object_has_member (spec, "inputs_dist") && !json_object_has_member (spec, "shrink") &&
      !json_object_has_member (spec, "wildcard"))
    return NULL;
  options = schedula_dispatch_options_new ();
  schedula_dispatch_options_set_shrink (options, TRUE);
  schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_ON);
  set_dispatch_keywords (options, spec);
  return options;
}

/* The wrapper of a function reference {"wrapper": W, ...} (§0.2): W with
 * its constructor keywords and its model built from "dsp" */
static SchedulaFunction *
wrapper_function (JsonObject  *spec,
                  GError     **error)
{
  static const char *const sub_dispatch_keys[] = {
    "outputs", "output_type", "inputs_dist", "wildcard", "no_call", "shrink", "rm_unused_nds", NULL
  };
  static const char *const function_keys[] = {
    "function_id", "inputs", "outputs", "output_type", "inputs_dist", "shrink", "wildcard", NULL
  };
  static const char *const map_keys[] = { "defaults", "recursive_inputs", "constructor", "constructor_kwargs", NULL };
  static const char *const no_keys[] = { NULL };
  const char *kind = json_object_get_string_member (spec, "wrapper");
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  if (g_str_equal (kind, "run_model"))
    return wrapper_keys_known (spec, no_keys, error) ? schedula_run_model_new () : NULL;
  dsp = build (json_object_get_object_member (spec, "dsp"), NULL, error);
  if (dsp == NULL)
    return NULL;

  if (g_str_equal (kind, "Dispatcher"))
    {
      if (!wrapper_keys_known (spec, no_keys, error))
        return NULL;
      return SCHEDULA_FUNCTION (schedula_sub_dispatch_new_for_dispatcher (dsp));
    }
  if (g_str_equal (kind, "SubDispatch"))
    {
      g_auto(GStrv) outputs = json_object_has_member (spec, "outputs") ? id_list (json_object_get_member (spec, "outputs")) : NULL;
      g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();

      if (!wrapper_keys_known (spec, sub_dispatch_keys, error))
        return NULL;
      set_dispatch_keywords (options, spec);
      return SCHEDULA_FUNCTION (schedula_sub_dispatch_new (dsp, (const char *const *) outputs,
                                                           output_type_of (json_object_get_member (spec, "output_type")),
                                                           options));
    }
  if (g_str_equal (kind, "SubDispatchFunction") || g_str_equal (kind, "SubDispatchPipe") ||
      g_str_equal (kind, "DispatchPipe"))
    {
      g_auto(GStrv) inputs = json_object_has_member (spec, "inputs") ? id_list (json_object_get_member (spec, "inputs")) : NULL;
      g_auto(GStrv) outputs = json_object_has_member (spec, "outputs") ? id_list (json_object_get_member (spec, "outputs")) : NULL;
      g_autoptr(SchedulaDispatchOptions) options = function_wrapper_options (spec);
      const char *function_id = json_object_get_string_member_with_default (spec, "function_id", NULL);
      SchedulaOutputType output_type = output_type_of (json_object_get_member (spec, "output_type"));

      if (!wrapper_keys_known (spec, function_keys, error))
        return NULL;
      if (g_str_equal (kind, "SubDispatchFunction"))
        return SCHEDULA_FUNCTION (schedula_sub_dispatch_function_new (dsp, function_id, (const char *const *) inputs,
                                                                      (const char *const *) outputs, output_type,
                                                                      options, error));
      if (g_str_equal (kind, "SubDispatchPipe"))
        return SCHEDULA_FUNCTION (schedula_sub_dispatch_pipe_new (dsp, function_id, (const char *const *) inputs,
                                                                  (const char *const *) outputs, output_type,
                                                                  options, error));
      return SCHEDULA_FUNCTION (schedula_dispatch_pipe_new (dsp, function_id, (const char *const *) inputs,
                                                            (const char *const *) outputs, output_type,
                                                            options, error));
    }
  if (g_str_equal (kind, "MapDispatch"))
    {
      JsonObject *ckw = json_object_has_member (spec, "constructor_kwargs")
                        ? json_object_get_object_member (spec, "constructor_kwargs") : NULL;
      static const char *const constructor_keys[] = { "outputs", "output_type", NULL };
      g_autoptr(SchedulaMapping) recursive = mapping (json_object_get_member (spec, "recursive_inputs"));
      g_autoptr(GValue) defaults = json_object_has_member (spec, "defaults")
                                   ? dec (json_object_get_member (spec, "defaults")) : NULL;
      g_auto(GStrv) outputs = ckw != NULL && json_object_has_member (ckw, "outputs")
                              ? id_list (json_object_get_member (ckw, "outputs")) : NULL;

      if (!wrapper_keys_known (spec, map_keys, error))
        return NULL;
      if (json_object_has_member (spec, "constructor") &&
          g_strcmp0 (json_object_get_string_member (spec, "constructor"), "SubDispatch") != 0)
        {
          g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "the C runner has no counterpart for MapDispatch(constructor=%s)",
                       json_object_get_string_member (spec, "constructor"));
          return NULL;
        }
      if (ckw != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (ckw);

          for (GList *l = members; l; l = l->next)
            if (!g_strv_contains (constructor_keys, l->data))
              {
                g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR,
                             "the C runner has no counterpart for MapDispatch(constructor_kwargs={%s: ...})",
                             (const char *) l->data);
                return NULL;
              }
        }
      return SCHEDULA_FUNCTION (schedula_map_dispatch_new (dsp, defaults != NULL ? g_value_get_boxed (defaults) : NULL,
                                                           recursive, (const char *const *) outputs,
                                                           output_type_of (ckw != NULL ? json_object_get_member (ckw, "output_type")
                                                                                       : NULL)));
    }
  g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "the C runner has no counterpart for the wrapper %s", kind);
  return NULL;
}

/* Whether what a wrapper made by spec returns is a Python tuple (a
 * "values" output type over several outputs); items: of each item of a
 * MapDispatch's list */
static gboolean
wrapper_returns_tuple (JsonObject *spec,
                       gboolean    items)
{
  JsonObject *kw = spec;
  JsonNode *outputs;

  if (g_str_equal (json_object_get_string_member (spec, "wrapper"), "MapDispatch"))
    {
      if (!items || !json_object_has_member (spec, "constructor_kwargs"))
        return FALSE;
      kw = json_object_get_object_member (spec, "constructor_kwargs");
    }
  else if (items)
    return FALSE;
  outputs = json_object_get_member (kw, "outputs");
  return output_type_of (json_object_get_member (kw, "output_type")) == SCHEDULA_OUTPUT_TYPE_VALUES &&
         outputs != NULL && JSON_NODE_HOLDS_ARRAY (outputs) && json_array_get_length (json_node_get_array (outputs)) > 1;
}

static JsonNode *
tuple_node (JsonNode *items)
{
  JsonObject *t = json_object_new ();

  json_object_set_member (t, "$tuple", items);
  return object_node (t);
}

/* What a wrapper returned, as the reference records it */
static JsonNode *
enc_returned (JsonObject   *spec,
              const GValue *value)
{
  JsonNode *returned = enc (value);

  if (!G_VALUE_HOLDS (value, value_array_type ()))
    return returned;
  if (wrapper_returns_tuple (spec, TRUE))
    {
      /* a MapDispatch's list of tuples */
      JsonArray *a = json_node_get_array (returned);
      JsonArray *items = json_array_new ();

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *item = json_node_copy (json_array_get_element (a, i));

          json_array_add_element (items, JSON_NODE_HOLDS_ARRAY (item) ? tuple_node (item) : item);
        }
      json_node_unref (returned);
      return array_node (items);
    }
  return wrapper_returns_tuple (spec, FALSE) ? tuple_node (returned) : returned;
}

/* The model a wrapper dispatches (schedula's f.dsp), or NULL */
static SchedulaDispatcher *
wrapped_dispatcher (SchedulaFunction *f)
{
  if (SCHEDULA_IS_SUB_DISPATCH (f))
    return schedula_sub_dispatch_get_dispatcher (SCHEDULA_SUB_DISPATCH (f));
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (f))
    return schedula_sub_dispatch_function_get_dispatcher (SCHEDULA_SUB_DISPATCH_FUNCTION (f));
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (f))
    return schedula_pipe_get_dispatcher (schedula_sub_dispatch_pipe_get_pipe (SCHEDULA_SUB_DISPATCH_PIPE (f)));
  if (SCHEDULA_IS_DISPATCH_PIPE (f))
    return schedula_pipe_get_dispatcher (schedula_dispatch_pipe_get_pipe (SCHEDULA_DISPATCH_PIPE (f)));
  return NULL;
}

/* The solution of a wrapper's last call (schedula's f.solution), or NULL */
static SchedulaSolution *
wrapper_solution (SchedulaFunction *f)
{
  if (SCHEDULA_IS_SUB_DISPATCH (f))
    return schedula_sub_dispatch_dup_solution (SCHEDULA_SUB_DISPATCH (f));
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (f))
    return schedula_sub_dispatch_function_dup_solution (SCHEDULA_SUB_DISPATCH_FUNCTION (f));
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (f))
    return schedula_sub_dispatch_pipe_dup_solution (SCHEDULA_SUB_DISPATCH_PIPE (f));
  if (SCHEDULA_IS_DISPATCH_PIPE (f))
    return schedula_dispatch_pipe_dup_solution (SCHEDULA_DISPATCH_PIPE (f));
  return NULL;
}

/* Calls the wrapper f as f(*args, **kwargs); records "returned" or
 * "exception" in out. MapDispatch takes its defaults second; the library
 * refuses keywords to the wrappers that take none. */
static void
call_wrapper (SchedulaFunction *f,
              JsonObject       *spec,
              JsonArray        *args,
              JsonObject       *kwargs,
              JsonObject       *out)
{
  guint n = args != NULL ? json_array_get_length (args) : 0;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  g_autoptr(SchedulaDict) kw = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) result = G_VALUE_INIT;
  GValue *inputs;
  gboolean ok;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (values, dec (json_array_get_element (args, i)));
  if (kwargs != NULL && json_object_get_size (kwargs) > 0)
    {
      g_autoptr(GList) members = json_object_get_members (kwargs);

      if (SCHEDULA_IS_MAP_DISPATCH (f) && json_object_get_size (kwargs) == 1 && n == 1 &&
          json_object_has_member (kwargs, "defaults"))
        g_ptr_array_add (values, dec (json_object_get_member (kwargs, "defaults")));
      else
        {
          kw = schedula_dict_new ();
          for (GList *l = members; l; l = l->next)
            {
              g_autoptr(GValue) v = dec (json_object_get_member (kwargs, l->data));

              schedula_dict_insert (kw, l->data, v);
            }
        }
    }

  /* the values side by side, as the call functions take them */
  inputs = g_new0 (GValue, MAX (values->len, 1));
  for (guint i = 0; i < values->len; i++)
    {
      g_value_init (&inputs[i], G_VALUE_TYPE ((GValue *) values->pdata[i]));
      g_value_copy (values->pdata[i], &inputs[i]);
    }
  {
    GValue *value = schedula_function_call_full (f, inputs, values->len, kw, &error);

    ok = value != NULL;
    if (ok)
      {
        result = *value;
        g_free (value);
      }
  }
  for (guint i = 0; i < values->len; i++)
    g_value_unset (&inputs[i]);
  g_free (inputs);

  if (!ok)
    json_object_set_member (out, "exception", exception_node (exception_type (error), error->message));
  else
    json_object_set_member (out, "returned", enc_returned (spec, &result));
}

/* A "call" action on a wrapper ({"function": {"wrapper": ...}}): made
 * once, called once per item of "calls" (or with the call's own args and
 * kwargs); with its last solution and its model when the example asks */
static JsonObject *
run_action_call_wrapper (JsonObject *ex,
                         JsonObject *call)
{
  JsonObject *spec = json_object_get_object_member (call, "function");
  JsonObject *res = json_object_new ();
  JsonArray *results = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaFunction) f = wrapper_function (spec, &error);
  g_autoptr(JsonArray) calls = NULL;

  if (f == NULL)
    {
      /* SubDispatchFunction refuses unreachable outputs with a ValueError */
      const char *type = g_error_matches (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS)
                         ? "ValueError" : exception_type (error);

      json_object_set_member (res, "exception", exception_node (type, error->message));
      json_array_unref (results);
      return res;
    }
  if (json_object_has_member (call, "calls") && json_array_get_length (json_object_get_array_member (call, "calls")) > 0)
    calls = json_array_ref (json_object_get_array_member (call, "calls"));
  else
    {
      JsonObject *only = json_object_new ();

      if (json_object_has_member (call, "args"))
        json_object_set_member (only, "args", json_node_copy (json_object_get_member (call, "args")));
      if (json_object_has_member (call, "kwargs"))
        json_object_set_member (only, "kwargs", json_node_copy (json_object_get_member (call, "kwargs")));
      calls = json_array_new ();
      json_array_add_object_element (calls, only);
    }
  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *c = json_array_get_object_element (calls, i);
      JsonObject *r = json_object_new ();

      call_wrapper (f, spec,
                    json_object_has_member (c, "args") ? json_object_get_array_member (c, "args") : NULL,
                    json_object_has_member (c, "kwargs") ? json_object_get_object_member (c, "kwargs") : NULL, r);
      json_array_add_object_element (results, r);
    }
  json_object_set_array_member (res, "calls", results);
  if (json_object_get_boolean_member_with_default (ex, "record_solution", FALSE))
    {
      g_autoptr(SchedulaSolution) last = wrapper_solution (f);

      if (last != NULL)
        {
          JsonObject *o = json_object_new ();

          enc_solution (last, o, FALSE);
          json_object_set_object_member (res, "last_solution", o);
        }
    }
  if (json_object_get_boolean_member_with_default (ex, "record_wrapped_dsp", FALSE) && wrapped_dispatcher (f) != NULL)
    json_object_set_object_member (res, "wrapped_dsp", enc_structure (wrapped_dispatcher (f)));
  return res;
}

/* A "call" action: a helper called directly ({"helper": name, "args": ...},
 * map_dict and map_list take their key map first), a helper function
 * ({"function": {"helper": name, ...}}) called once per item of "calls",
 * or a wrapper (run_action_call_wrapper) */
static JsonObject *
run_action_call (JsonObject *ex)
{
  JsonObject *call = json_object_get_object_member (ex, "call");
  JsonObject *res;

  if (json_object_has_member (call, "function") &&
      json_object_has_member (json_object_get_object_member (call, "function"), "wrapper"))
    return run_action_call_wrapper (ex, call);
  res = json_object_new ();
  if (json_object_has_member (call, "helper"))
    {
      const char *name = json_object_get_string_member (call, "helper");
      JsonArray *args = json_object_has_member (call, "args") ? json_object_get_array_member (call, "args") : NULL;
      JsonObject *kwargs = json_object_has_member (call, "kwargs") ? json_object_get_object_member (call, "kwargs") : NULL;
      gboolean takes_key_map = g_str_equal (name, "map_dict") || g_str_equal (name, "map_list");
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaFunction) f = NULL;

      f = helper_function (name, NULL, kwargs, takes_key_map ? json_array_get_element (args, 0) : NULL, &error);
      if (f == NULL)
        json_object_set_member (res, "exception", exception_node (helper_exception_type (name, error), error->message));
      else
        call_helper (f, name, NULL, kwargs, args, takes_key_map ? 1 : 0, res);
      return res;
    }

  {
    JsonObject *spec = json_object_get_object_member (call, "function");
    const char *name = json_object_get_string_member (spec, "helper");
    JsonArray *calls = json_object_get_array_member (call, "calls");
    JsonArray *results = json_array_new ();

    for (guint i = 0; i < json_array_get_length (calls); i++)
      {
        JsonObject *c = json_array_get_object_element (calls, i);
        JsonObject *kwargs = json_object_has_member (c, "kwargs") ? json_object_get_object_member (c, "kwargs") : NULL;
        JsonArray *args = json_object_has_member (c, "args") ? json_object_get_array_member (c, "args") : NULL;
        JsonObject *r = json_object_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(SchedulaFunction) f = helper_function (name, spec, kwargs, json_object_get_member (spec, "key_map"),
                                                         &error);

        if (f == NULL)
          json_object_set_member (r, "exception", exception_node (helper_exception_type (name, error), error->message));
        else
          call_helper (f, name, spec, kwargs, args, 0, r);
        json_array_add_object_element (results, r);
      }
    json_object_set_array_member (res, "calls", results);
  }
  return res;
}

/* Comparison, as run_reference.py: dicts by the expected keys, lists in
 * order, scalars with their type; numbers by value where C keeps doubles. */

static gboolean
numeric_path (const char *path)
{
  return strstr (path, "/dist/") != NULL || strstr (path, "/seen/") != NULL ||
         g_str_has_suffix (path, "/weight") || g_str_has_suffix (path, "/initial_dist") ||
         strstr (path, "/initial_dist/") != NULL || strstr (path, "$inf") != NULL;
}

static char *
node_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static void
compare (JsonNode   *expected,
         JsonNode   *actual,
         const char *path,
         GPtrArray  *diffs)
{
  if (JSON_NODE_HOLDS_OBJECT (expected) && actual && JSON_NODE_HOLDS_OBJECT (actual))
    {
      JsonObject *e = json_node_get_object (expected);
      JsonObject *a = json_node_get_object (actual);
      g_autoptr(GList) members = json_object_get_members (e);

      if (g_str_has_suffix (path, "/exception") || g_str_has_suffix (path, "]/exception") ||
          (json_object_has_member (e, "type") && json_object_has_member (e, "message") &&
           json_object_get_size (e) == 2 && strstr (path, "exception") != NULL))
        {
          if (!exception_matches (e, a))
            {
              g_autofree char *et = node_text (expected), *at = node_text (actual);

              g_ptr_array_add (diffs, g_strdup_printf ("%s: expected %s got %s", path, et, at));
            }
          return;
        }
      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s/%s", path, (const char *) l->data);

          if (g_str_equal (l->data, "printed"))
            continue;
          if (!json_object_has_member (a, l->data))
            g_ptr_array_add (diffs, g_strdup_printf ("%s: missing", sub));
          else
            compare (json_object_get_member (e, l->data), json_object_get_member (a, l->data), sub, diffs);
        }
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (expected) && actual && JSON_NODE_HOLDS_ARRAY (actual))
    {
      JsonArray *e = json_node_get_array (expected);
      JsonArray *a = json_node_get_array (actual);

      if (json_array_get_length (e) != json_array_get_length (a))
        {
          g_autofree char *et = node_text (expected), *at = node_text (actual);

          g_ptr_array_add (diffs, g_strdup_printf ("%s: length %u != %u (%s != %s)", path,
                                                   json_array_get_length (e), json_array_get_length (a), et, at));
          return;
        }
      for (guint i = 0; i < json_array_get_length (e); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

          compare (json_array_get_element (e, i), json_array_get_element (a, i), sub, diffs);
        }
      return;
    }
  if (actual != NULL && JSON_NODE_HOLDS_VALUE (expected) && JSON_NODE_HOLDS_VALUE (actual))
    {
      GType te = json_node_get_value_type (expected), ta = json_node_get_value_type (actual);
      gboolean numbers = (te == G_TYPE_INT64 || te == G_TYPE_DOUBLE) && (ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE);

      if (numbers && (te == ta || numeric_path (path)) &&
          json_node_get_double (expected) == json_node_get_double (actual) &&
          (te != G_TYPE_INT64 || ta != G_TYPE_INT64 || json_node_get_int (expected) == json_node_get_int (actual)))
        return;
      if (!numbers && te == ta && json_node_equal (expected, actual))
        return;
    }
  if (actual != NULL && JSON_NODE_HOLDS_NULL (expected) && JSON_NODE_HOLDS_NULL (actual))
    return;
  {
    g_autofree char *et = node_text (expected);
    g_autofree char *at = actual ? node_text (actual) : g_strdup ("(nothing)");

    g_ptr_array_add (diffs, g_strdup_printf ("%s: expected %s got %s", path, et, at));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *path = argc > 1 ? argv[1] : "examples.json";
  const char *filter = NULL;
  JsonArray *examples;
  guint passed = 0, failed = 0, skipped = 0;
  g_autoptr(GString) skip_report = g_string_new (NULL);
  g_autoptr(GString) round_trip_report = g_string_new (NULL);
  guint round_tripped = 0;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-v"))
        runner.verbose = TRUE;
      else if (g_str_equal (argv[i], "--round-trip"))
        {
#if SCHEDULA_HAS_IO
          runner.round_trip = TRUE;
#else
          g_printerr ("--round-trip: the library was built without model files (the io feature)\n");
          return 77;
#endif
        }
      else if (g_str_equal (argv[i], "-k") && i + 1 < argc)
        filter = argv[++i];
    }

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_printerr ("cannot read %s: %s\n", path, error->message);
      return 2;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_printerr ("%s is not a list of examples\n", path);
      return 2;
    }
  examples = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonNode *node = json_array_get_element (examples, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), "name") ||
          !json_object_has_member (json_node_get_object (node), "expected"))
        {
          g_printerr ("%s: example %u is not an object with a name and an expected result\n",
                      path, i);
          return 2;
        }
    }
  conf_register_adapters ();
  runner.partial = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  area6.differences = g_string_new (NULL);
#if SCHEDULA_HAS_PLOT
  plot_notes.taken = g_string_new (NULL);
  plot_notes.differences = g_string_new (NULL);
#endif
#if SCHEDULA_HAS_WEB
  web_notes.differences = g_string_new (NULL);
#endif
  g_log_set_handler ("Schedula", G_LOG_LEVEL_MESSAGE, log_handler, NULL);

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *ex = json_array_get_object_element (examples, i);
      const char *name = json_object_get_string_member (ex, "name");
      const char *action = json_object_get_string_member_with_default (ex, "action", "dispatch");
      gboolean in_area6 = json_object_get_int_member (ex, "area") == 6;
      const char *reason;
      JsonObject *actual = NULL;
      g_autoptr(GPtrArray) diffs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) expected = NULL;
      const AsyncByDesign *by_design = NULL;
      JsonNode *actual_node;

      if (filter && !strstr (name, filter))
        continue;
      reason = skip_reason (ex);
      if (reason != NULL && in_area6 && g_str_equal (action, "async"))
        {
          /* its executor waits: its model still runs under the others */
          guint checks;

          runner.keep = g_ptr_array_new_with_free_func (g_object_unref);
          checks = cross_check (ex, diffs);
          g_ptr_array_unref (runner.keep);
          if (diffs->len > 0)
            {
              failed++;
              area6.ran++;
              area6.failed++;
              g_print ("FAIL %s (under the executors it does not name)\n", name);
              for (guint k = 0; k < diffs->len && k < 12; k++)
                g_print ("    %s\n", (const char *) diffs->pdata[k]);
              continue;
            }
          skipped++;
          area6.skipped++;
          g_string_append_printf (skip_report, "SKIP %s: %s (its model passes the %u checks under the "
                                  "other executors)\n", name, reason, checks);
          continue;
        }
      if (reason != NULL)
        {
          skipped++;
          if (in_area6)
            area6.skipped++;
          g_string_append_printf (skip_report, "SKIP %s: %s\n", name, reason);
          continue;
        }

      runner.keep = g_ptr_array_new_with_free_func (g_object_unref);
      runner.rt_errors = g_ptr_array_new_with_free_func (g_free);
      g_clear_pointer (&runner.rt_reason, g_free);
      conf_catalogue_reset ();
      if (g_str_equal (action, "async"))
        {
          expected = async_expected (ex, examples, &by_design, diffs);
          actual = run_action_async (ex);
        }
      else if (g_str_equal (action, "dispatch"))
        actual = run_action_dispatch (ex);
      else if (g_str_equal (action, "structure"))
        actual = run_action_structure (ex, FALSE);
      else if (g_str_equal (action, "build_ops"))
        actual = run_action_structure (ex, TRUE);
      else if (g_str_equal (action, "model_op"))
        actual = run_action_model_op (ex);
      else if (g_str_equal (action, "call"))
        actual = run_action_call (ex);
#if SCHEDULA_HAS_IO
      else if (g_str_equal (action, "io"))
        actual = run_action_io (ex);
#endif
#if SCHEDULA_HAS_PLOT
      else if (g_str_equal (action, "plot"))
        {
          expected = plot_expected (ex);
          actual = run_action_plot (ex, diffs);
        }
#endif
#if SCHEDULA_HAS_WEB
      else if (g_str_equal (action, "web"))
        {
          expected = web_expected (ex);
          actual = run_action_web (ex, diffs);
        }
#endif
      else
        {
          actual = json_object_new ();
          g_ptr_array_add (diffs, g_strdup_printf ("unknown action %s", action));
        }

      actual_node = object_node (actual);
      if (expected == NULL)
        expected = json_node_ref (json_object_get_member (ex, "expected"));
      if (diffs->len == 0)
        compare (expected, actual_node, "", diffs);
      for (guint k = 0; k < runner.rt_errors->len; k++)
        g_ptr_array_add (diffs, g_strdup (runner.rt_errors->pdata[k]));
      if (in_area6 && diffs->len == 0)
        compare_error_ids (expected, actual_node, diffs);
#if SCHEDULA_HAS_PLOT
      if (g_str_equal (action, "plot") && diffs->len == 0)
        compare_extra_members (expected, actual_node, "", diffs);
#endif
      if (in_area6)
        {
          conf_catalogue_reset ();
          cross_check (ex, diffs);
        }
      if (in_area6)
        area6.ran++;
      if (diffs->len == 0)
        {
          passed++;
          if (in_area6)
            {
              area6.passed++;
              note_differences (ex, by_design, actual_node);
            }
#if SCHEDULA_HAS_PLOT
          if (g_str_equal (action, "plot"))
            note_plot_differences (ex);
#endif
#if SCHEDULA_HAS_WEB
          if (g_str_equal (action, "web"))
            note_web_differences (ex);
#endif
          if (runner.verbose)
            g_print ("PASS %s\n", name);
        }
      else
        {
          failed++;
          if (in_area6)
            area6.failed++;
          g_print ("FAIL %s\n", name);
          for (guint k = 0; k < diffs->len && k < 12; k++)
            g_print ("    %s\n", (const char *) diffs->pdata[k]);
          if (runner.verbose)
            {
              g_autofree char *text = node_text (actual_node);

              g_print ("    actual: %s\n", text);
            }
        }
      json_node_unref (actual_node);
      g_hash_table_remove_all (runner.partial);
      g_ptr_array_unref (runner.keep);
      if (runner.round_trip)
        {
          if (runner.rt_reason != NULL)
            g_string_append_printf (round_trip_report, "NOT ROUND-TRIPPED %s: %s\n", name, runner.rt_reason);
          else
            round_tripped++;
        }
      g_clear_pointer (&runner.rt_errors, g_ptr_array_unref);
    }

  g_print ("%s", skip_report->str);
  g_print ("%s", area6.differences->str);
#if SCHEDULA_HAS_PLOT
  g_print ("%s", plot_notes.differences->str);
#if !SCHEDULA_HAS_GRAPHVIZ
  if (plot_notes.no_hover > 0)
    g_print ("NOTE %u plot examples: %s\n", plot_notes.no_hover, no_hover_note);
#endif
#endif
#if SCHEDULA_HAS_WEB
  g_print ("%s", web_notes.differences->str);
#endif
  if (area6.no_futures > 0)
    g_print ("NOTE futures_before_result (%u examples): %s\n", area6.no_futures, async_no_futures);
  if (g_atomic_int_get (&area6.in_process) > 0)
    g_print ("NOTE %d messages: %s\n", g_atomic_int_get (&area6.in_process), in_process_note);
  if (area6.ran + area6.skipped > 0)
    g_print ("area 6: %u ran, %u passed, %u failed, %u skipped; %u by-design differences; "
             "%u checks under the other executors (async, parallel-pool; parallel and parallel-dispatch on a few): "
             "%u passed, %u failed\n",
             area6.ran, area6.passed, area6.failed, area6.skipped,
             area6.n_differences,
             area6.cross_passed + area6.cross_failed, area6.cross_passed, area6.cross_failed);
  if (runner.round_trip)
    g_print ("%sround trip: %u examples ran on models saved to model files and loaded back (%u models, "
             "each saved again to the same bytes), %u with a model a file cannot hold or name (listed above)\n",
             round_trip_report->str, round_tripped, runner.rt_models, passed + failed - round_tripped);
  g_print ("%u ran, %u passed, %u failed, %u skipped\n", passed + failed, passed, failed, skipped);
  g_string_free (area6.differences, TRUE);
#if SCHEDULA_HAS_PLOT
  g_string_free (plot_notes.taken, TRUE);
  g_string_free (plot_notes.differences, TRUE);
#endif
#if SCHEDULA_HAS_WEB
  g_string_free (web_notes.differences, TRUE);
#endif
  g_hash_table_unref (runner.partial);
  conf_catalogue_free ();
  if (passed + failed == 0)
    {
      /* an empty file, or a filter that matches nothing, proves nothing */
      g_printerr ("no example ran\n");
      return 1;
    }
  return failed == 0 ? 0 : 1;
}
