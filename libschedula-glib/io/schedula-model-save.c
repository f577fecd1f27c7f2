/* schedula-model-save.c: a model as a schedula-model/1 document
 *
 * The dispatchers of a model (the top one, its sub-dispatchers, the
 * models of its function wrappers) are written once each, children first,
 * in the document's "dispatchers" list; the top one is the last, and the
 * others are named by their position in the list. docs/model-files.md
 * describes the format.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schedula-io-private.h"
#include "schedula-executor-private.h"
#include "schedula-dispatcher-private.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-helpers-private.h"
#include "schedula-sub-dispatch-private.h"
#include "schedula-private.h"

typedef struct
{
  SchedulaContent  content;
  SchedulaDispatcher *root;
  GHashTable      *index;    /* SchedulaDispatcher* -> position + 1 in order */
  GPtrArray       *order;    /* the dispatchers, children first */
  GError          *error;    /* the first error */
  gboolean         for_worker;    /* every function must resolve in a worker */
  gboolean         needs_python;  /* a function is python: or dill: */
} Saver;

static void
saver_fail (Saver      *s,
            gint        code,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
saver_fail (Saver      *s,
            gint        code,
            const char *format,
            ...)
{
  va_list args;

  if (s->error != NULL)
    return;
  va_start (args, format);
  s->error = g_error_new_valist (SCHEDULA_MODEL_FILE_ERROR, code, format, args);
  va_end (args);
}

/* JSON pieces */

static JsonObject *
object_in (JsonNode **node)
{
  JsonObject *o = json_object_new ();

  *node = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  return o;
}

static JsonArray *
array_in (JsonNode **node)
{
  JsonArray *a = json_array_new ();

  *node = json_node_init_array (json_node_alloc (), a);
  json_array_unref (a);
  return a;
}

/* A string of the model: it must be UTF-8 to be written */
static JsonNode *
text (Saver      *s,
      const char *str)
{
  if (!g_utf8_validate (str, -1, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (str, -1);

      saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED, "the string \"%s\" is not UTF-8", shown);
      return json_node_init_string (json_node_alloc (), shown);
    }
  return json_node_init_string (json_node_alloc (), str);
}

static void
set_text (Saver      *s,
          JsonObject *o,
          const char *key,
          const char *str)
{
  json_object_set_member (o, key, text (s, str));
}

static JsonNode *
ids_json (Saver             *s,
          const char *const *ids,
          guint              n)
{
  JsonNode *node;
  JsonArray *a = array_in (&node);

  for (guint i = 0; i < n; i++)
    json_array_add_element (a, text (s, ids[i]));
  return node;
}

static guint
strv_len (const char *const *ids)
{
  return ids != NULL ? g_strv_length ((char **) ids) : 0;
}

static const char *
enum_nick (GType type,
           gint  value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v != NULL ? v->value_nick : "?";

  g_type_class_unref (klass);
  return nick;
}

static JsonNode *
distance_json (const SchedulaDistance *d)
{
  JsonNode *node;
  JsonArray *a;

  if (d->inf == 0)
    return _schedula_json_double (d->num);
  a = array_in (&node);
  json_array_add_element (a, _schedula_json_double (d->inf));
  json_array_add_element (a, _schedula_json_double (d->num));
  return node;
}

static JsonNode *
mapping_json (Saver           *s,
              SchedulaMapping *m)
{
  JsonNode *node;
  JsonObject *o = object_in (&node);

  for (guint i = 0; i < schedula_mapping_get_n_keys (m); i++)
    {
      const char *key = schedula_mapping_get_key (m, i);
      const char *const *values = schedula_mapping_get_values (m, i);
      guint n = strv_len (values);

      if (!g_utf8_validate (key, -1, NULL))
        {
          text (s, key);
          continue;
        }
      json_object_set_member (o, key, n == 1 ? text (s, values[0]) : ids_json (s, values, n));
    }
  return node;
}

static JsonNode *
value_json (Saver        *s,
            const GValue *value,
            const char   *what)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = _schedula_json_from_value (value, &error);

  if (node == NULL)
    {
      saver_fail (s, error->code, "%s: %s", what, error->message);
      return json_node_init_null (json_node_alloc ());
    }
  return node;
}

/* The dispatchers of a model */

static const char *
dispatcher_label (SchedulaDispatcher *dsp)
{
  return dsp->name != NULL && dsp->name[0] != '\0' ? dsp->name : "(unnamed)";
}

static gsize
dispatcher_position (Saver              *s,
                     SchedulaDispatcher *dsp)
{
  return GPOINTER_TO_SIZE (g_hash_table_lookup (s->index, dsp)) - 1;
}

/* The model a function wrapper dispatches, or NULL */
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
  if (SCHEDULA_IS_MAP_DISPATCH (f))
    return schedula_sub_dispatch_get_dispatcher (_schedula_map_dispatch_get_run (SCHEDULA_MAP_DISPATCH (f)));
  return NULL;
}

static void
add_wrapped (GPtrArray        *children,
             SchedulaFunction *f)
{
  SchedulaDispatcher *d = f != NULL ? wrapped_dispatcher (f) : NULL;

  if (d != NULL)
    g_ptr_array_add (children, d);
}

static void
add_wrapped_filters (GPtrArray *children,
                     GPtrArray *filters)
{
  for (guint i = 0; filters != NULL && i < filters->len; i++)
    add_wrapped (children, filters->pdata[i]);
}

/* The dispatchers @dsp uses, in the order of its nodes */
static GPtrArray *
children_of (SchedulaDispatcher *dsp)
{
  GPtrArray *children = g_ptr_array_new ();

  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];

      if (SCHEDULA_IS_DATA_NODE (node))
        {
          const SchedulaDataExtra *x = _schedula_data_x (SCHEDULA_DATA_NODE (node));

          add_wrapped (children, x->combiner);
          add_wrapped (children, x->callback);
          add_wrapped_filters (children, x->filters);
        }
      else if (SCHEDULA_IS_FUNCTION_NODE (node))
        {
          SchedulaFunctionNode *f = SCHEDULA_FUNCTION_NODE (node);

          add_wrapped (children, f->function);
          add_wrapped (children, _schedula_function_x (f)->input_domain);
          add_wrapped_filters (children, _schedula_function_x (f)->filters);
        }
      else
        {
          SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (node);

          g_ptr_array_add (children, d->child);
          add_wrapped (children, d->input_domain);
        }
    }
  return children;
}

typedef struct
{
  SchedulaDispatcher *dsp;
  GPtrArray          *children;
  guint               next;
} Visit;

/* Lists the dispatchers of the model, children first, without recursion
 * (models nest as deep as their makers like) */
static void
collect_dispatchers (Saver              *s,
                     SchedulaDispatcher *root)
{
  g_autoptr(GHashTable) open = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Visit));

  g_array_append_val (stack, ((Visit) { root, children_of (root), 0 }));
  g_hash_table_add (open, root);
  while (stack->len > 0)
    {
      Visit *top = &g_array_index (stack, Visit, stack->len - 1);

      if (top->next < top->children->len)
        {
          SchedulaDispatcher *child = top->children->pdata[top->next++];

          if (g_hash_table_contains (s->index, child))
            continue;
          if (g_hash_table_contains (open, child))
            {
              saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                          "the dispatcher %s contains itself (through a function that dispatches it): "
                          "a model file cannot hold it", dispatcher_label (child));
              break;
            }
          g_hash_table_add (open, child);
          g_array_append_val (stack, ((Visit) { child, children_of (child), 0 }));
          continue;
        }
      g_ptr_array_add (s->order, top->dsp);
      g_hash_table_insert (s->index, top->dsp, GSIZE_TO_POINTER (s->order->len));
      g_hash_table_remove (open, top->dsp);
      g_ptr_array_unref (top->children);
      g_array_set_size (stack, stack->len - 1);
    }
  for (guint i = 0; i < stack->len; i++)
    g_ptr_array_unref (g_array_index (stack, Visit, i).children);
}

/* Functions */

static JsonNode *
options_json (Saver                   *s,
              SchedulaDispatchOptions *options)
{
  g_autoptr(SchedulaDispatchOptions) defaults = schedula_dispatch_options_new ();
  g_auto(GStrv) ids = schedula_dispatch_options_dup_input_dist_ids (options);
  JsonNode *node;
  JsonObject *o = object_in (&node);

  if (schedula_dispatch_options_get_wildcard (options) != schedula_dispatch_options_get_wildcard (defaults))
    json_object_set_string_member (o, "wildcard", enum_nick (SCHEDULA_TYPE_WILDCARD,
                                                             schedula_dispatch_options_get_wildcard (options)));
#define FLAG(name, getter) \
  if (getter (options) != getter (defaults)) \
    json_object_set_boolean_member (o, name, getter (options))
  FLAG ("no_call", schedula_dispatch_options_get_no_call);
  FLAG ("shrink", schedula_dispatch_options_get_shrink);
  FLAG ("rm_unused_nodes", schedula_dispatch_options_get_rm_unused_nodes);
  FLAG ("verbose", schedula_dispatch_options_get_verbose);
  FLAG ("speculative", schedula_dispatch_options_get_speculative);
  FLAG ("no_domain", _schedula_dispatch_options_get_no_domain);
#undef FLAG
  if (schedula_dispatch_options_get_executor (options) != NULL)
    set_text (s, o, "executor", schedula_dispatch_options_get_executor (options));
  if (schedula_dispatch_options_get_timeout (options) != schedula_dispatch_options_get_timeout (defaults))
    json_object_set_member (o, "timeout", _schedula_json_double (schedula_dispatch_options_get_timeout (options)));
  if (ids[0] != NULL)
    {
      JsonNode *dists_node;
      JsonObject *dists = object_in (&dists_node);

      qsort (ids, g_strv_length (ids), sizeof (char *), (GCompareFunc) _schedula_strcmp_indirect);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          if (!g_utf8_validate (ids[i], -1, NULL))
            {
              text (s, ids[i]);
              continue;
            }
          json_object_set_member (dists, ids[i],
                                  distance_json (schedula_dispatch_options_get_input_dist (options, ids[i])));
        }
      json_object_set_member (o, "input_dist", dists_node);
    }
  return node;
}

static void
set_ids (Saver             *s,
         JsonObject        *o,
         const char        *key,
         const char *const *ids)
{
  if (ids != NULL)
    json_object_set_member (o, key, ids_json (s, ids, strv_len (ids)));
}

static JsonNode *
wrapper_json (Saver            *s,
              SchedulaFunction *f)
{
  JsonNode *node;
  JsonObject *o = object_in (&node);
  SchedulaDispatcher *dsp = wrapped_dispatcher (f);
  SchedulaOutputType output_type;

  if (SCHEDULA_IS_SUB_DISPATCH (f) && _schedula_sub_dispatch_is_dispatcher (SCHEDULA_SUB_DISPATCH (f)))
    {
      /* a dispatcher used as a function (schedula_sub_dispatch_new_for_dispatcher) */
      json_object_set_string_member (o, "wrapper", "Dispatcher");
      set_text (s, o, "name", schedula_function_get_name (f));
      json_object_set_int_member (o, "dispatcher", dispatcher_position (s, dsp));
      return node;
    }
  if (SCHEDULA_IS_SUB_DISPATCH (f))
    {
      SchedulaSubDispatch *w = SCHEDULA_SUB_DISPATCH (f);

      json_object_set_string_member (o, "wrapper", "SubDispatch");
      set_text (s, o, "name", schedula_function_get_name (f));
      json_object_set_int_member (o, "dispatcher", dispatcher_position (s, dsp));
      set_ids (s, o, "outputs", schedula_sub_dispatch_get_outputs (w));
      output_type = schedula_sub_dispatch_get_output_type (w);
      json_object_set_string_member (o, "output_type", enum_nick (SCHEDULA_TYPE_OUTPUT_TYPE, output_type));
      if (_schedula_sub_dispatch_get_options (w) != NULL)
        json_object_set_member (o, "options", options_json (s, _schedula_sub_dispatch_get_options (w)));
      return node;
    }
  if (SCHEDULA_IS_MAP_DISPATCH (f))
    {
      SchedulaMapDispatch *w = SCHEDULA_MAP_DISPATCH (f);
      SchedulaSubDispatch *run = _schedula_map_dispatch_get_run (w);
      SchedulaDict *defaults = _schedula_map_dispatch_get_defaults (w);
      SchedulaMapping *recursive = _schedula_map_dispatch_get_recursive_inputs (w);

      json_object_set_string_member (o, "wrapper", "MapDispatch");
      set_text (s, o, "name", schedula_function_get_name (f));
      json_object_set_int_member (o, "dispatcher", dispatcher_position (s, dsp));
      if (defaults != NULL)
        {
          g_auto(GValue) v = G_VALUE_INIT;

          g_value_init (&v, SCHEDULA_TYPE_DICT);
          g_value_set_boxed (&v, defaults);
          json_object_set_member (o, "defaults", value_json (s, &v, "the defaults of a MapDispatch"));
        }
      if (recursive != NULL)
        json_object_set_member (o, "recursive_inputs", mapping_json (s, recursive));
      set_ids (s, o, "outputs", schedula_sub_dispatch_get_outputs (run));
      json_object_set_string_member (o, "output_type",
                                     enum_nick (SCHEDULA_TYPE_OUTPUT_TYPE, schedula_sub_dispatch_get_output_type (run)));
      return node;
    }
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (f))
    {
      SchedulaSubDispatchFunction *w = SCHEDULA_SUB_DISPATCH_FUNCTION (f);

      json_object_set_string_member (o, "wrapper", "SubDispatchFunction");
      set_text (s, o, "name", schedula_function_get_name (f));
      json_object_set_int_member (o, "dispatcher", dispatcher_position (s, dsp));
      set_ids (s, o, "inputs", schedula_sub_dispatch_function_get_inputs (w));
      set_ids (s, o, "outputs", schedula_sub_dispatch_function_get_outputs (w));
      output_type = _schedula_sub_dispatch_function_get_output_type (w);
      json_object_set_string_member (o, "output_type", enum_nick (SCHEDULA_TYPE_OUTPUT_TYPE, output_type));
      json_object_set_member (o, "options", options_json (s, _schedula_sub_dispatch_function_get_options (w)));
      return node;
    }
  {
    SchedulaPipe *pipe = SCHEDULA_IS_SUB_DISPATCH_PIPE (f)
                           ? schedula_sub_dispatch_pipe_get_pipe (SCHEDULA_SUB_DISPATCH_PIPE (f))
                           : schedula_dispatch_pipe_get_pipe (SCHEDULA_DISPATCH_PIPE (f));

    json_object_set_string_member (o, "wrapper", SCHEDULA_IS_SUB_DISPATCH_PIPE (f) ? "SubDispatchPipe"
                                                                                  : "DispatchPipe");
    set_text (s, o, "name", schedula_function_get_name (f));
    json_object_set_int_member (o, "dispatcher", dispatcher_position (s, dsp));
    set_ids (s, o, "inputs", schedula_pipe_get_inputs (pipe));
    set_ids (s, o, "outputs", schedula_pipe_get_outputs (pipe));
    output_type = _schedula_pipe_function_get_output_type (f);
    json_object_set_string_member (o, "output_type", enum_nick (SCHEDULA_TYPE_OUTPUT_TYPE, output_type));
    json_object_set_member (o, "options", options_json (s, _schedula_pipe_get_options (pipe)));
    return node;
  }
}

static JsonNode *
helper_json (Saver                *s,
             SchedulaHelperKind    kind,
             SchedulaFunction     *f,
             SchedulaHelperParams *params)
{
  JsonNode *node;
  JsonObject *o = object_in (&node);

  switch (kind)
    {
    case SCHEDULA_HELPER_BYPASS:
      json_object_set_string_member (o, "helper", "bypass");
      break;
    case SCHEDULA_HELPER_SUMMATION:
      json_object_set_string_member (o, "helper", "summation");
      break;
    case SCHEDULA_HELPER_COMBINE_DICTS:
      json_object_set_string_member (o, "helper", "combine_dicts");
      break;
    case SCHEDULA_HELPER_SELECTOR:
      json_object_set_string_member (o, "helper", "selector");
      json_object_set_member (o, "keys", ids_json (s, params->keys, strv_len (params->keys)));
      json_object_set_string_member (o, "output_type", enum_nick (SCHEDULA_TYPE_OUTPUT_TYPE, params->output_type));
      json_object_set_boolean_member (o, "allow_miss", params->allow_miss);
      break;
    case SCHEDULA_HELPER_REPLICATE_VALUE:
      json_object_set_string_member (o, "helper", "replicate_value");
      json_object_set_int_member (o, "n", params->n);
      break;
    case SCHEDULA_HELPER_MAP_DICT:
      json_object_set_string_member (o, "helper", "map_dict");
      json_object_set_member (o, "key_map", mapping_json (s, params->key_map));
      break;
    case SCHEDULA_HELPER_MAP_LIST:
      {
        /* strings, mappings and nested lists: a list of jobs, as key maps nest */
        g_auto(GValue) key_map = G_VALUE_INIT;
        g_autoptr(GArray) jobs = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
        JsonNode *list_node;
        JsonArray *list = array_in (&list_node);

        _schedula_map_list_dup_key_map (f, &key_map);
        g_array_append_val (jobs, ((gpointer[2]) { g_value_get_boxed (&key_map), list }));
        while (jobs->len > 0)
          {
            gpointer *job = &g_array_index (jobs, gpointer, (jobs->len - 1) * 2);
            GValueArray *from = job[0];
            JsonArray *into = job[1];

            g_array_set_size (jobs, jobs->len - 1);
            for (guint i = 0; i < from->n_values; i++)
              {
                const GValue *item = &from->values[i];

                if (G_VALUE_HOLDS_STRING (item))
                  json_array_add_element (into, text (s, g_value_get_string (item)));
                else if (G_VALUE_HOLDS (item, SCHEDULA_TYPE_MAPPING))
                  json_array_add_element (into, mapping_json (s, g_value_get_boxed (item)));
                else
                  {
                    JsonNode *nested_node;
                    JsonArray *nested = array_in (&nested_node);

                    json_array_add_element (into, nested_node);
                    g_array_append_val (jobs, ((gpointer[2]) { g_value_get_boxed (item), nested }));
                  }
              }
          }
        json_object_set_string_member (o, "helper", "map_list");
        json_object_set_member (o, "key_map", list_node);
      }
      break;
    case SCHEDULA_HELPER_NONE:
    default:
      g_assert_not_reached ();
    }
  return node;
}

static JsonNode *
function_json (Saver            *s,
               SchedulaFunction *f,
               const char       *where)
{
  SchedulaHelperParams params;
  SchedulaHelperKind kind;
  const char *ref = schedula_function_get_ref (f);
  const char *name = schedula_function_get_name (f);

  if (ref != NULL && g_str_has_prefix (ref, "builtin:"))
    {
      JsonNode *node;

      set_text (s, object_in (&node), "ref", ref);
      return node;
    }
  kind = _schedula_helper_describe (f, &params);
  if (kind != SCHEDULA_HELPER_NONE)
    return helper_json (s, kind, f, &params);
  if (_schedula_function_is_run_model (f))
    {
      JsonNode *node;

      json_object_set_string_member (object_in (&node), "helper", "run_model");
      return node;
    }
  if (wrapped_dispatcher (f) != NULL)
    return wrapper_json (s, f);
  if (ref != NULL && s->for_worker)
    {
      if (g_str_has_prefix (ref, "python:") || g_str_has_prefix (ref, "dill:"))
        s->needs_python = TRUE;
      else if (!g_str_has_prefix (ref, "c:"))
        saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                    "%s is %s, a reference a worker process cannot resolve", where, ref);
    }
  if (ref != NULL)
    {
      JsonNode *node;

      set_text (s, object_in (&node), "ref", ref);
      return node;
    }
  if (name != NULL && s->for_worker)
    saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                "%s, %s, has no reference a worker process can resolve", where, name);
  if (name != NULL)
    return text (s, name);
  saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
              "%s has neither a reference nor a name: a model file cannot name it", where);
  return json_node_init_null (json_node_alloc ());
}

static void
set_function (Saver            *s,
              JsonObject       *o,
              const char       *key,
              SchedulaFunction *f,
              const char       *node_id)
{
  g_autofree char *where = NULL;

  if (f == NULL)
    return;
  where = g_strdup_printf ("the %s of node %s", key, node_id);
  json_object_set_member (o, key, function_json (s, f, where));
}

static void
set_filters (Saver      *s,
             JsonObject *o,
             GPtrArray  *filters,
             const char *node_id)
{
  JsonNode *node;
  JsonArray *a;

  if (filters == NULL || filters->len == 0)
    return;
  a = array_in (&node);
  for (guint i = 0; i < filters->len; i++)
    {
      g_autofree char *where = g_strdup_printf ("filter %u of node %s", i, node_id);

      json_array_add_element (a, function_json (s, filters->pdata[i], where));
    }
  json_object_set_member (o, "filters", node);
}

/* Nodes */

static gboolean
same_weight (gdouble a,
             gdouble b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* The weights of @ports that differ from @default_in (inputs) and
 * @default_out (outputs), by id */
static void
set_weights (Saver         *s,
             JsonObject    *o,
             SchedulaPorts *ports,
             gdouble        default_in,
             gdouble        default_out)
{
  JsonNode *in_node, *out_node;
  JsonObject *in = object_in (&in_node);
  JsonObject *out = object_in (&out_node);

  for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
    {
      gboolean input = i < ports->n_inputs;
      gdouble w = _schedula_ports_weight (ports, i);
      JsonObject *into = input ? in : out;

      if (same_weight (w, input ? default_in : default_out) || !g_utf8_validate (ports->ids[i], -1, NULL) ||
          json_object_has_member (into, ports->ids[i]))
        continue;
      json_object_set_member (into, ports->ids[i], _schedula_json_double (w));
    }
  if (json_object_get_size (in) > 0)
    json_object_set_member (o, "input_weights", in_node);
  else
    json_node_unref (in_node);
  if (json_object_get_size (out) > 0)
    json_object_set_member (o, "output_weights", out_node);
  else
    json_node_unref (out_node);
}

static void
data_node_json (Saver            *s,
                JsonObject       *o,
                SchedulaDataNode *node,
                const char       *id,
                gboolean          with_defaults)
{
  const SchedulaDataExtra *x = _schedula_data_x (node);

  if (with_defaults && x->default_value != NULL)
    {
      g_autofree char *what = g_strdup_printf ("the default value of node %s", id);

      json_object_set_member (o, "default", value_json (s, x->default_value, what));
    }
  if (with_defaults && node->self_default)
    json_object_set_boolean_member (o, "self_default", TRUE);
  if (with_defaults && (x->initial_dist.inf != 0 || x->initial_dist.num != 0))
    json_object_set_member (o, "initial_dist", distance_json (&x->initial_dist));
  if (node->wait_inputs)
    json_object_set_boolean_member (o, "wait_inputs", TRUE);
  if (node->wildcard_set)
    json_object_set_boolean_member (o, "wildcard", node->wildcard);
  set_function (s, o, "combiner", x->combiner, id);
  set_function (s, o, "callback", x->callback, id);
  set_filters (s, o, x->filters, id);
  if (node->await_result)
    json_object_set_boolean_member (o, "await_result", TRUE);
  if (x->value_type != G_TYPE_NONE && x->value_type != G_TYPE_INVALID)
    json_object_set_string_member (o, "value_type", g_type_name (x->value_type));
}

static void
function_node_json (Saver                *s,
                    JsonObject           *o,
                    SchedulaFunctionNode *node,
                    const char           *id)
{
  SchedulaPorts *ports = &node->ports;

  set_function (s, o, "function", node->function, id);
  json_object_set_member (o, "inputs", ids_json (s, ports->ids, ports->n_inputs));
  json_object_set_member (o, "outputs", ids_json (s, ports->ids + ports->n_inputs, ports->n_outputs));
  set_weights (s, o, ports, NAN, NAN);
  if (node->has_weight)
    json_object_set_member (o, "weight", _schedula_json_double (node->weight));
  set_function (s, o, "input_domain", _schedula_function_x (node)->input_domain, id);
  set_filters (s, o, _schedula_function_x (node)->filters, id);
  if (!node->await_domain)
    json_object_set_boolean_member (o, "await_domain", FALSE);
  if (node->await_result)
    json_object_set_boolean_member (o, "await_result", TRUE);
}

static gboolean
same_ports (const SchedulaPorts *a,
            const SchedulaPorts *b)
{
  if (a->n_inputs != b->n_inputs || a->n_outputs != b->n_outputs)
    return FALSE;
  for (guint i = 0; i < a->n_inputs + a->n_outputs; i++)
    if (!g_str_equal (a->ids[i], b->ids[i]))
      return FALSE;
  return TRUE;
}

static void
dispatcher_node_json (Saver                  *s,
                      JsonObject             *o,
                      SchedulaDispatcherNode *node,
                      const char             *id)
{
  SchedulaPorts *ports = &node->ports;
  g_autoptr(SchedulaDispatcherNode) fresh = NULL;

  json_object_set_int_member (o, "dispatcher", dispatcher_position (s, node->child));
  json_object_set_member (o, "inputs", mapping_json (s, node->inputs));
  json_object_set_member (o, "outputs", mapping_json (s, node->outputs));
  /* the ports the mappings give, unless the node has others (a node of a
   * sub-model keeps the ports of the node it was copied from) */
  fresh = schedula_dispatcher_node_new (NULL, node->child, node->inputs, node->outputs);
  if (!same_ports (ports, &fresh->ports))
    {
      JsonNode *ports_node;
      JsonObject *p = object_in (&ports_node);

      json_object_set_member (p, "inputs", ids_json (s, ports->ids, ports->n_inputs));
      json_object_set_member (p, "outputs", ids_json (s, ports->ids + ports->n_inputs, ports->n_outputs));
      json_object_set_member (o, "ports", ports_node);
    }
  set_weights (s, o, ports, 0.0, NAN);
  if (node->has_weight)
    json_object_set_member (o, "weight", _schedula_json_double (node->weight));
  set_function (s, o, "input_domain", node->input_domain, id);
  if (node->include_defaults)
    json_object_set_boolean_member (o, "include_defaults", TRUE);
  if (!node->await_domain)
    json_object_set_boolean_member (o, "await_domain", FALSE);
}

static JsonNode *
node_json (Saver        *s,
           SchedulaNode *node,
           gboolean      with_defaults)
{
  const char *id = _schedula_node_id (node);
  const char *description = schedula_node_get_description (node);
  JsonNode *json;
  JsonObject *o = object_in (&json);

  set_text (s, o, "id", id);
  json_object_set_int_member (o, "index", schedula_node_get_index (node));
  if (SCHEDULA_IS_DATA_NODE (node))
    {
      json_object_set_string_member (o, "kind", "data");
      data_node_json (s, o, SCHEDULA_DATA_NODE (node), id, with_defaults);
    }
  else if (SCHEDULA_IS_FUNCTION_NODE (node))
    {
      json_object_set_string_member (o, "kind", "function");
      function_node_json (s, o, SCHEDULA_FUNCTION_NODE (node), id);
    }
  else
    {
      json_object_set_string_member (o, "kind", "dispatcher");
      dispatcher_node_json (s, o, SCHEDULA_DISPATCHER_NODE (node), id);
    }
  if (description != NULL)
    set_text (s, o, "description", description);
  return json;
}

static JsonNode *
dispatcher_json (Saver              *s,
                 SchedulaDispatcher *dsp)
{
  gboolean is_map_root = s->content == SCHEDULA_CONTENT_MAP && dsp == s->root;
  JsonNode *json, *nodes_node, *edges_node;
  JsonObject *o = object_in (&json);
  JsonArray *nodes = array_in (&nodes_node);
  JsonArray *edges = array_in (&edges_node);

  /* the map of schedula is the graph: the top dispatcher's properties,
   * counter and defaults are not part of it */
  if (!is_map_root)
    {
      if (dsp->raises_handler != NULL)
        saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                    "the dispatcher %s has a raises function (schedula_dispatcher_set_raises_func): "
                    "a model file cannot hold it", dispatcher_label (dsp));
      set_text (s, o, "name", dsp->name);
      if (dsp->description != NULL)
        set_text (s, o, "description", dsp->description);
      if (dsp->raises != SCHEDULA_RAISES_RECORD)
        json_object_set_string_member (o, "raises", enum_nick (SCHEDULA_TYPE_RAISES, dsp->raises));
      if (dsp->executor != NULL)
        set_text (s, o, "executor", dsp->executor);
      json_object_set_int_member (o, "counter", dsp->counter);
    }
  for (guint i = 0; i < dsp->nodes->len && s->error == NULL; i++)
    json_array_add_element (nodes, node_json (s, dsp->nodes->pdata[i], !is_map_root));
  for (guint i = 0; i < dsp->edges->len; i++)
    {
      SchedulaModelEdge e = g_array_index (dsp->edges, SchedulaModelEdge, i);
      JsonNode *edge_node;
      JsonArray *edge = array_in (&edge_node);

      json_array_add_element (edge, text (s, _schedula_node_id (dsp->nodes->pdata[e.from])));
      json_array_add_element (edge, text (s, _schedula_node_id (dsp->nodes->pdata[e.to])));
      json_array_add_element (edges, edge_node);
    }
  json_object_set_member (o, "nodes", nodes_node);
  json_object_set_member (o, "edges", edges_node);
  return json;
}

static JsonNode *
defaults_json (Saver              *s,
               SchedulaDispatcher *dsp)
{
  JsonNode *json;
  JsonArray *a = array_in (&json);

  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      SchedulaDataNode *data;
      const SchedulaDataExtra *x;
      JsonNode *item_node;
      JsonObject *item;

      if (!SCHEDULA_IS_DATA_NODE (node))
        continue;
      data = SCHEDULA_DATA_NODE (node);
      x = _schedula_data_x (data);
      if (x->default_value == NULL && !data->self_default)
        continue;
      item = object_in (&item_node);
      set_text (s, item, "id", _schedula_node_id (node));
      if (data->self_default)
        json_object_set_boolean_member (item, "self", TRUE);
      else
        {
          g_autofree char *what = g_strdup_printf ("the default value of node %s", _schedula_node_id (node));

          json_object_set_member (item, "value", value_json (s, x->default_value, what));
        }
      if (x->initial_dist.inf != 0 || x->initial_dist.num != 0)
        json_object_set_member (item, "initial_dist", distance_json (&x->initial_dist));
      json_array_add_element (a, item_node);
    }
  return json;
}

static const char *const content_names[] = { "model", "map", "defaults" };

/* The document of @dsp, or NULL with @error set */
static JsonNode *
model_to_json (Saver     *s_in,
               GError   **error);

JsonNode *
_schedula_model_to_json (SchedulaDispatcher  *dsp,
                         SchedulaContent      content,
                         GError             **error)
{
  Saver s = { content, dsp, NULL, NULL, NULL, FALSE, FALSE };

  return model_to_json (&s, error);
}

static JsonNode *
model_to_json (Saver     *s_in,
               GError   **error)
{
  Saver s = *s_in;
  SchedulaDispatcher *dsp = s.root;
  SchedulaContent content = s.content;
  JsonNode *json;
  JsonObject *o = object_in (&json);

  json_object_set_string_member (o, "format", SCHEDULA_MODEL_FILE_FORMAT);
  json_object_set_string_member (o, "content", content_names[content]);
  if (content == SCHEDULA_CONTENT_DEFAULTS)
    json_object_set_member (o, "defaults", defaults_json (&s, dsp));
  else
    {
      JsonNode *list_node;
      JsonArray *list = array_in (&list_node);

      s.index = g_hash_table_new (NULL, NULL);
      s.order = g_ptr_array_new ();
      collect_dispatchers (&s, dsp);
      for (guint i = 0; i < s.order->len && s.error == NULL; i++)
        json_array_add_element (list, dispatcher_json (&s, s.order->pdata[i]));
      json_object_set_member (o, "dispatchers", list_node);
      g_hash_table_unref (s.index);
      g_ptr_array_unref (s.order);
    }
  if (s.error != NULL)
    {
      g_propagate_error (error, s.error);
      json_node_unref (json);
      return NULL;
    }
  s_in->needs_python = s.needs_python;
  return json;
}

/* The text of the document: JSON, two spaces of indent, a newline at the
 * end */
static GBytes *
json_to_bytes (JsonNode *root);

GBytes *
_schedula_model_to_bytes (SchedulaDispatcher  *dsp,
                          SchedulaContent      content,
                          GError             **error)
{
  g_autoptr(JsonNode) root = _schedula_model_to_json (dsp, content, error);

  return root != NULL ? json_to_bytes (root) : NULL;
}

/* The model file of a call of a function wrapper (SubDispatch,
 * SubDispatchFunction, the pipes, MapDispatch) that a worker process runs:
 * a model of one function node, "f", with @function and @n_inputs inputs
 * and @n_outputs outputs, in which every function resolves without the
 * host's registry (references c:, python:, dill:, the helpers and the
 * wrappers of the library). @kind is the worker that can load it:
 * "python" when a function is Python's (the Python worker resolves c:
 * too), else "c". NULL without an error when @function is not a wrapper,
 * with @error set when it cannot travel. */
GBytes *
_schedula_worker_model_to_bytes (SchedulaFunction  *function,
                                 guint              n_inputs,
                                 guint              n_outputs,
                                 const char       **kind,
                                 GError           **error)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("worker");
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  Saver s = { SCHEDULA_CONTENT_MODEL, dsp, NULL, NULL, NULL, TRUE, FALSE };

  if (wrapped_dispatcher (function) == NULL)
    return NULL;
  if (SCHEDULA_IS_SUB_DISPATCH (function) &&
      schedula_sub_dispatch_get_output_type (SCHEDULA_SUB_DISPATCH (function)) == SCHEDULA_OUTPUT_TYPE_ALL)
    {
      g_set_error_literal (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                           "its result is a solution, which does not travel between processes");
      return NULL;
    }
  for (guint i = 0; i < n_inputs; i++)
    g_ptr_array_add (inputs, g_strdup_printf ("i%u", i));
  g_ptr_array_add (inputs, NULL);
  for (guint i = 0; i < n_outputs; i++)
    g_ptr_array_add (outputs, g_strdup_printf ("o%u", i));
  g_ptr_array_add (outputs, NULL);
  if (schedula_dispatcher_add_function (dsp, "f", function, (const char *const *) inputs->pdata,
                                        (const char *const *) outputs->pdata, error) == NULL)
    return NULL;
  root = model_to_json (&s, error);
  if (root == NULL)
    return NULL;
  *kind = s.needs_python ? "python" : "c";
  return json_to_bytes (root);
}

static GBytes *
json_to_bytes (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = NULL;
  gsize len;
  char *data;

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  data = g_realloc (data, len + 2);
  data[len] = '\n';
  data[len + 1] = '\0';
  return g_bytes_new_take (data, len + 1);
}
