/* schedula-model-save.c: a model as a schedula-model/1 document
 *
 * The dispatchers of a model (the top one, its sub-dispatchers, the
 * models of its function wrappers) are written once each, children first,
 * in the document's "dispatchers" list; the top one is the last, and the
 * others are named by their position in the list. docs/model-files.md
 * describes the format.
 *
 * The document is written as it goes (schedula-json-writer.c), in the
 * order of its text; the first error is kept, and then what was written
 * is dropped.
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
  SchedulaContent     content;
  SchedulaDispatcher *root;
  GHashTable         *index;         /* SchedulaDispatcher* -> position + 1 in order */
  GPtrArray          *order;         /* the dispatchers, children first */
  GError             *error;         /* the first error */
  gboolean            for_worker;    /* every function must resolve in a worker */
  gboolean            needs_python;  /* a function is python: or dill: */
  SchedulaJsonWriter  w;
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

/* Whether a string of the model is UTF-8, as it must be to be written */
static gboolean
check_text (Saver      *s,
            const char *str)
{
  g_autofree char *shown = NULL;

  if (g_utf8_validate (str, -1, NULL))
    return TRUE;
  shown = g_utf8_make_valid (str, -1);
  saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED, "the string \"%s\" is not UTF-8", shown);
  return FALSE;
}

/* A string of the model */
static void
text (Saver      *s,
      const char *str)
{
  check_text (s, str);
  _schedula_json_write_string (&s->w, str);
}

static void
key (Saver      *s,
     const char *name)
{
  _schedula_json_write_key (&s->w, name);
}

static void
set_text (Saver      *s,
          const char *name,
          const char *str)
{
  key (s, name);
  text (s, str);
}

/* A member whose value is the library's (a name, an enum's nick) */
static void
set_string (Saver      *s,
            const char *name,
            const char *str)
{
  key (s, name);
  _schedula_json_write_string (&s->w, str);
}

static void
set_int (Saver      *s,
         const char *name,
         gint64      i)
{
  key (s, name);
  _schedula_json_write_int (&s->w, i);
}

static void
set_bool (Saver      *s,
          const char *name,
          gboolean    b)
{
  key (s, name);
  _schedula_json_write_boolean (&s->w, b);
}

static void
set_double (Saver      *s,
            const char *name,
            gdouble     d)
{
  key (s, name);
  _schedula_json_write_double (&s->w, d);
}

static void
begin_object (Saver *s)
{
  _schedula_json_write_begin_object (&s->w);
}

static void
end_object (Saver *s)
{
  _schedula_json_write_end_object (&s->w);
}

static void
begin_array (Saver *s)
{
  _schedula_json_write_begin_array (&s->w);
}

static void
end_array (Saver *s)
{
  _schedula_json_write_end_array (&s->w);
}

static void
ids_json (Saver             *s,
          const char *const *ids,
          guint              n)
{
  begin_array (s);
  for (guint i = 0; i < n; i++)
    text (s, ids[i]);
  end_array (s);
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

static void
distance_json (Saver                  *s,
               const SchedulaDistance *d)
{
  if (d->inf == 0)
    {
      _schedula_json_write_double (&s->w, d->num);
      return;
    }
  begin_array (s);
  _schedula_json_write_double (&s->w, d->inf);
  _schedula_json_write_double (&s->w, d->num);
  end_array (s);
}

static void
mapping_json (Saver           *s,
              SchedulaMapping *m)
{
  begin_object (s);
  for (guint i = 0; i < schedula_mapping_get_n_keys (m); i++)
    {
      const char *k = schedula_mapping_get_key (m, i);
      const char *const *values = schedula_mapping_get_values (m, i);
      guint n = strv_len (values);

      if (!check_text (s, k))
        continue;
      key (s, k);
      if (n == 1)
        text (s, values[0]);
      else
        ids_json (s, values, n);
    }
  end_object (s);
}

/* A value: the default of the node @node_id, or (NULL) the defaults of a
 * MapDispatch */
static void
value_json (Saver        *s,
            const GValue *value,
            const char   *node_id)
{
  g_autoptr(GError) error = NULL;

  if (_schedula_json_write_value (&s->w, value, &error))
    return;
  if (node_id != NULL)
    saver_fail (s, error->code, "the default value of node %s: %s", node_id, error->message);
  else
    saver_fail (s, error->code, "the defaults of a MapDispatch: %s", error->message);
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
  return schedula_function_get_wrapped_dispatcher (f);
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

static void
options_json (Saver                   *s,
              SchedulaDispatchOptions *options)
{
  g_autoptr(SchedulaDispatchOptions) defaults = schedula_dispatch_options_new ();
  g_auto(GStrv) ids = schedula_dispatch_options_dup_input_dist_ids (options);

  begin_object (s);
  if (schedula_dispatch_options_get_wildcard (options) != schedula_dispatch_options_get_wildcard (defaults))
    set_string (s, "wildcard", enum_nick (SCHEDULA_TYPE_WILDCARD, schedula_dispatch_options_get_wildcard (options)));
#define FLAG(name, getter) \
  if (getter (options) != getter (defaults)) \
    set_bool (s, name, getter (options))
  FLAG ("no_call", schedula_dispatch_options_get_no_call);
  FLAG ("shrink", schedula_dispatch_options_get_shrink);
  FLAG ("rm_unused_nodes", schedula_dispatch_options_get_rm_unused_nodes);
  FLAG ("verbose", schedula_dispatch_options_get_verbose);
  FLAG ("speculative", schedula_dispatch_options_get_speculative);
  FLAG ("no_domain", _schedula_dispatch_options_get_no_domain);
#undef FLAG
  if (schedula_dispatch_options_get_executor (options) != NULL)
    set_text (s, "executor", schedula_dispatch_options_get_executor (options));
  if (schedula_dispatch_options_get_timeout (options) != schedula_dispatch_options_get_timeout (defaults))
    set_double (s, "timeout", schedula_dispatch_options_get_timeout (options));
  if (ids[0] != NULL)
    {
      qsort (ids, g_strv_length (ids), sizeof (char *), (GCompareFunc) _schedula_strcmp_indirect);
      key (s, "input_dist");
      begin_object (s);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          if (!check_text (s, ids[i]))
            continue;
          key (s, ids[i]);
          distance_json (s, schedula_dispatch_options_get_input_dist (options, ids[i]));
        }
      end_object (s);
    }
  end_object (s);
}

static void
set_ids (Saver             *s,
         const char        *name,
         const char *const *ids)
{
  if (ids == NULL)
    return;
  key (s, name);
  ids_json (s, ids, strv_len (ids));
}

/* The members a wrapper starts with */
static void
wrapper_head (Saver              *s,
              const char         *wrapper,
              SchedulaFunction   *f,
              SchedulaDispatcher *dsp)
{
  begin_object (s);
  set_string (s, "wrapper", wrapper);
  set_text (s, "name", schedula_function_get_name (f));
  set_int (s, "dispatcher", dispatcher_position (s, dsp));
}

static void
set_output_type (Saver              *s,
                 SchedulaOutputType  output_type)
{
  set_string (s, "output_type", enum_nick (SCHEDULA_TYPE_OUTPUT_TYPE, output_type));
}

static void
wrapper_json (Saver            *s,
              SchedulaFunction *f)
{
  SchedulaDispatcher *dsp = wrapped_dispatcher (f);

  if (SCHEDULA_IS_SUB_DISPATCH (f) && _schedula_sub_dispatch_is_dispatcher (SCHEDULA_SUB_DISPATCH (f)))
    {
      /* a dispatcher used as a function (schedula_sub_dispatch_new_for_dispatcher) */
      wrapper_head (s, "Dispatcher", f, dsp);
    }
  else if (SCHEDULA_IS_SUB_DISPATCH (f))
    {
      SchedulaSubDispatch *w = SCHEDULA_SUB_DISPATCH (f);

      wrapper_head (s, "SubDispatch", f, dsp);
      set_ids (s, "outputs", schedula_sub_dispatch_get_outputs (w));
      set_output_type (s, schedula_sub_dispatch_get_output_type (w));
      if (_schedula_sub_dispatch_get_options (w) != NULL)
        {
          key (s, "options");
          options_json (s, _schedula_sub_dispatch_get_options (w));
        }
    }
  else if (SCHEDULA_IS_MAP_DISPATCH (f))
    {
      SchedulaMapDispatch *w = SCHEDULA_MAP_DISPATCH (f);
      SchedulaSubDispatch *run = _schedula_map_dispatch_get_run (w);
      SchedulaDict *defaults = _schedula_map_dispatch_get_defaults (w);
      SchedulaMapping *recursive = _schedula_map_dispatch_get_recursive_inputs (w);

      wrapper_head (s, "MapDispatch", f, dsp);
      if (defaults != NULL)
        {
          g_auto(GValue) v = G_VALUE_INIT;

          g_value_init (&v, SCHEDULA_TYPE_DICT);
          g_value_set_boxed (&v, defaults);
          key (s, "defaults");
          value_json (s, &v, NULL);
        }
      if (recursive != NULL)
        {
          key (s, "recursive_inputs");
          mapping_json (s, recursive);
        }
      set_ids (s, "outputs", schedula_sub_dispatch_get_outputs (run));
      set_output_type (s, schedula_sub_dispatch_get_output_type (run));
    }
  else if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (f))
    {
      SchedulaSubDispatchFunction *w = SCHEDULA_SUB_DISPATCH_FUNCTION (f);

      wrapper_head (s, "SubDispatchFunction", f, dsp);
      set_ids (s, "inputs", schedula_sub_dispatch_function_get_inputs (w));
      set_ids (s, "outputs", schedula_sub_dispatch_function_get_outputs (w));
      set_output_type (s, _schedula_sub_dispatch_function_get_output_type (w));
      key (s, "options");
      options_json (s, _schedula_sub_dispatch_function_get_options (w));
    }
  else
    {
      SchedulaPipe *pipe = SCHEDULA_IS_SUB_DISPATCH_PIPE (f)
                             ? schedula_sub_dispatch_pipe_get_pipe (SCHEDULA_SUB_DISPATCH_PIPE (f))
                             : schedula_dispatch_pipe_get_pipe (SCHEDULA_DISPATCH_PIPE (f));

      wrapper_head (s, SCHEDULA_IS_SUB_DISPATCH_PIPE (f) ? "SubDispatchPipe" : "DispatchPipe", f, dsp);
      set_ids (s, "inputs", schedula_pipe_get_inputs (pipe));
      set_ids (s, "outputs", schedula_pipe_get_outputs (pipe));
      set_output_type (s, _schedula_pipe_function_get_output_type (f));
      key (s, "options");
      options_json (s, _schedula_pipe_get_options (pipe));
    }
  end_object (s);
}

/* The key map of map_list: strings, mappings and nested key maps, written
 * in order without recursion (key maps nest as deep as their makers like) */
static void
key_map_json (Saver       *s,
              GValueArray *key_map)
{
  typedef struct
  {
    GValueArray *list;
    guint        next;
  } Open;
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Open));

  begin_array (s);
  g_array_append_val (open, ((Open) { key_map, 0 }));
  while (open->len > 0)
    {
      Open *top = &g_array_index (open, Open, open->len - 1);
      const GValue *item;

      if (top->next == top->list->n_values)
        {
          end_array (s);
          g_array_set_size (open, open->len - 1);
          continue;
        }
      item = &top->list->values[top->next++];
      if (G_VALUE_HOLDS_STRING (item))
        text (s, g_value_get_string (item));
      else if (G_VALUE_HOLDS (item, SCHEDULA_TYPE_MAPPING))
        mapping_json (s, g_value_get_boxed (item));
      else
        {
          begin_array (s);
          g_array_append_val (open, ((Open) { g_value_get_boxed (item), 0 }));
        }
    }
}

/* Checks the strings of a key map in the order files were always checked
 * in (each list, then the lists in it, the last first), so that the first
 * error is the same: what is written goes nowhere */
static void
key_map_check (Saver       *s,
               GValueArray *key_map)
{
  SchedulaJsonWriter writer = s->w;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

  _schedula_json_writer_init (&s->w, FALSE);
  g_ptr_array_add (jobs, key_map);
  while (jobs->len > 0)
    {
      GValueArray *from = g_ptr_array_steal_index (jobs, jobs->len - 1);

      for (guint i = 0; i < from->n_values; i++)
        {
          const GValue *item = &from->values[i];

          if (G_VALUE_HOLDS_STRING (item))
            check_text (s, g_value_get_string (item));
          else if (G_VALUE_HOLDS (item, SCHEDULA_TYPE_MAPPING))
            mapping_json (s, g_value_get_boxed (item));
          else
            g_ptr_array_add (jobs, g_value_get_boxed (item));
        }
    }
  _schedula_json_writer_clear (&s->w);
  s->w = writer;
}

static void
helper_json (Saver                *s,
             SchedulaHelperKind    kind,
             SchedulaFunction     *f,
             SchedulaHelperParams *params)
{
  begin_object (s);
  switch (kind)
    {
    case SCHEDULA_HELPER_BYPASS:
      set_string (s, "helper", "bypass");
      break;
    case SCHEDULA_HELPER_SUMMATION:
      set_string (s, "helper", "summation");
      break;
    case SCHEDULA_HELPER_COMBINE_DICTS:
      set_string (s, "helper", "combine_dicts");
      break;
    case SCHEDULA_HELPER_SELECTOR:
      set_string (s, "helper", "selector");
      key (s, "keys");
      ids_json (s, params->keys, strv_len (params->keys));
      set_output_type (s, params->output_type);
      set_bool (s, "allow_miss", params->allow_miss);
      break;
    case SCHEDULA_HELPER_REPLICATE_VALUE:
      set_string (s, "helper", "replicate_value");
      set_int (s, "n", params->n);
      break;
    case SCHEDULA_HELPER_MAP_DICT:
      set_string (s, "helper", "map_dict");
      key (s, "key_map");
      mapping_json (s, params->key_map);
      break;
    case SCHEDULA_HELPER_MAP_LIST:
      {
        g_auto(GValue) key_map = G_VALUE_INIT;

        _schedula_map_list_dup_key_map (f, &key_map);
        key_map_check (s, g_value_get_boxed (&key_map));
        set_string (s, "helper", "map_list");
        key (s, "key_map");
        key_map_json (s, g_value_get_boxed (&key_map));
      }
      break;
    case SCHEDULA_HELPER_NONE:
    default:
      g_assert_not_reached ();
    }
  end_object (s);
}

/* What a function is to a node, for the messages: "the KEY of node ID",
 * or "filter K of node ID" */
typedef struct
{
  const char *key;      /* or NULL for a filter */
  guint       filter;
  const char *node_id;
} Where;

static char *
where_text (const Where *where)
{
  if (where->key != NULL)
    return g_strdup_printf ("the %s of node %s", where->key, where->node_id);
  return g_strdup_printf ("filter %u of node %s", where->filter, where->node_id);
}

/* A reference, {"ref": REF} */
static void
ref_json (Saver      *s,
          const char *ref)
{
  begin_object (s);
  set_text (s, "ref", ref);
  end_object (s);
}

static void
function_json (Saver            *s,
               SchedulaFunction *f,
               const Where      *where)
{
  SchedulaHelperParams params;
  SchedulaHelperKind kind;
  const char *ref = schedula_function_get_ref (f);
  const char *name = schedula_function_get_name (f);
  g_autofree char *what = NULL;

  if (ref != NULL && g_str_has_prefix (ref, "builtin:"))
    {
      ref_json (s, ref);
      return;
    }
  kind = _schedula_helper_describe (f, &params);
  if (kind != SCHEDULA_HELPER_NONE)
    {
      helper_json (s, kind, f, &params);
      return;
    }
  if (_schedula_function_is_run_model (f))
    {
      begin_object (s);
      set_string (s, "helper", "run_model");
      end_object (s);
      return;
    }
  if (wrapped_dispatcher (f) != NULL)
    {
      wrapper_json (s, f);
      return;
    }
  if (ref != NULL && s->for_worker)
    {
      if (g_str_has_prefix (ref, "python:") || g_str_has_prefix (ref, "dill:"))
        s->needs_python = TRUE;
      else if (!g_str_has_prefix (ref, "c:"))
        {
          what = where_text (where);
          saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                      "%s is %s, a reference a worker process cannot resolve", what, ref);
        }
    }
  /* A dill: reference is a pickle the Python binding gives a function so
   * that it travels to worker processes (docs/async.md); a model file names
   * such a function by its name, whether it travelled before or not
   * (docs/model-files.md), unless it has no name. */
  if (ref != NULL && (s->for_worker || name == NULL || !g_str_has_prefix (ref, "dill:")))
    {
      ref_json (s, ref);
      return;
    }
  if (name != NULL && s->for_worker)
    {
      what = where_text (where);
      saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                  "%s, %s, has no reference a worker process can resolve", what, name);
    }
  if (name != NULL)
    {
      text (s, name);
      return;
    }
  what = where_text (where);
  saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
              "%s has neither a reference nor a name: a model file cannot name it", what);
  _schedula_json_write_null (&s->w);
}

static void
set_function (Saver            *s,
              const char       *name,
              SchedulaFunction *f,
              const char       *node_id)
{
  Where where = { name, 0, node_id };

  if (f == NULL)
    return;
  key (s, name);
  function_json (s, f, &where);
}

static void
set_filters (Saver      *s,
             GPtrArray  *filters,
             const char *node_id)
{
  if (filters == NULL || filters->len == 0)
    return;
  key (s, "filters");
  begin_array (s);
  for (guint i = 0; i < filters->len; i++)
    {
      Where where = { NULL, i, node_id };

      function_json (s, filters->pdata[i], &where);
    }
  end_array (s);
}

/* Nodes */

static gboolean
same_weight (gdouble a,
             gdouble b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* The member @name: the weights of the ports @start to @end that differ
 * from @default_weight, by id (the first of a port id twice), if any */
static void
weights_json (Saver         *s,
              const char    *name,
              SchedulaPorts *ports,
              guint          start,
              guint          end,
              gdouble        default_weight)
{
  g_autoptr(GHashTable) written = NULL;

  for (guint i = start; i < end; i++)
    {
      gdouble w = _schedula_ports_weight (ports, i);

      if (same_weight (w, default_weight) || !g_utf8_validate (ports->ids[i], -1, NULL))
        continue;
      if (written == NULL)
        {
          written = g_hash_table_new (g_str_hash, g_str_equal);
          key (s, name);
          begin_object (s);
        }
      if (!g_hash_table_add (written, (gpointer) ports->ids[i]))
        continue;
      key (s, ports->ids[i]);
      _schedula_json_write_double (&s->w, w);
    }
  if (written != NULL)
    end_object (s);
}

/* The weights of @ports that differ from @default_in (inputs) and
 * @default_out (outputs) */
static void
set_weights (Saver         *s,
             SchedulaPorts *ports,
             gdouble        default_in,
             gdouble        default_out)
{
  weights_json (s, "input_weights", ports, 0, ports->n_inputs, default_in);
  weights_json (s, "output_weights", ports, ports->n_inputs, ports->n_inputs + ports->n_outputs, default_out);
}

static void
data_node_json (Saver            *s,
                SchedulaDataNode *node,
                const char       *id,
                gboolean          with_defaults)
{
  const SchedulaDataExtra *x = _schedula_data_x (node);

  if (with_defaults && x->default_value != NULL)
    {
      key (s, "default");
      value_json (s, x->default_value, id);
    }
  if (with_defaults && node->self_default)
    set_bool (s, "self_default", TRUE);
  if (with_defaults && (x->initial_dist.inf != 0 || x->initial_dist.num != 0))
    {
      key (s, "initial_dist");
      distance_json (s, &x->initial_dist);
    }
  if (node->wait_inputs)
    set_bool (s, "wait_inputs", TRUE);
  if (node->wildcard_set)
    set_bool (s, "wildcard", node->wildcard);
  set_function (s, "combiner", x->combiner, id);
  set_function (s, "callback", x->callback, id);
  set_filters (s, x->filters, id);
  if (node->await_result)
    set_bool (s, "await_result", TRUE);
  if (x->value_type != G_TYPE_NONE && x->value_type != G_TYPE_INVALID)
    set_string (s, "value_type", g_type_name (x->value_type));
}

/* The inputs and outputs of @ports, as ids */
static void
set_ports (Saver         *s,
           SchedulaPorts *ports)
{
  key (s, "inputs");
  ids_json (s, (const char *const *) ports->ids, ports->n_inputs);
  key (s, "outputs");
  ids_json (s, (const char *const *) ports->ids + ports->n_inputs, ports->n_outputs);
}

static void
function_node_json (Saver                *s,
                    SchedulaFunctionNode *node,
                    const char           *id)
{
  SchedulaPorts *ports = &node->ports;

  set_function (s, "function", node->function, id);
  set_ports (s, ports);
  set_weights (s, ports, NAN, NAN);
  if (node->has_weight)
    set_double (s, "weight", node->x->weight);
  set_function (s, "input_domain", _schedula_function_x (node)->input_domain, id);
  set_filters (s, _schedula_function_x (node)->filters, id);
  if (!node->await_domain)
    set_bool (s, "await_domain", FALSE);
  if (node->await_result)
    set_bool (s, "await_result", TRUE);
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
                      SchedulaDispatcherNode *node,
                      const char             *id)
{
  SchedulaPorts *ports = &node->ports;
  g_autoptr(SchedulaDispatcherNode) fresh = NULL;

  set_int (s, "dispatcher", dispatcher_position (s, node->child));
  key (s, "inputs");
  mapping_json (s, node->inputs);
  key (s, "outputs");
  mapping_json (s, node->outputs);
  /* the ports the mappings give, unless the node has others (a node of a
   * sub-model keeps the ports of the node it was copied from) */
  fresh = schedula_dispatcher_node_new (NULL, node->child, node->inputs, node->outputs);
  if (!same_ports (ports, &fresh->ports))
    {
      key (s, "ports");
      begin_object (s);
      set_ports (s, ports);
      end_object (s);
    }
  set_weights (s, ports, 0.0, NAN);
  if (node->has_weight)
    set_double (s, "weight", node->weight);
  set_function (s, "input_domain", node->input_domain, id);
  if (node->include_defaults)
    set_bool (s, "include_defaults", TRUE);
  if (!node->await_domain)
    set_bool (s, "await_domain", FALSE);
}

static void
node_json (Saver        *s,
           SchedulaNode *node,
           gboolean      with_defaults)
{
  const char *id = _schedula_node_id (node);
  const char *description = schedula_node_get_description (node);

  begin_object (s);
  set_text (s, "id", id);
  set_int (s, "index", schedula_node_get_index (node));
  if (SCHEDULA_IS_DATA_NODE (node))
    {
      set_string (s, "kind", "data");
      data_node_json (s, SCHEDULA_DATA_NODE (node), id, with_defaults);
    }
  else if (SCHEDULA_IS_FUNCTION_NODE (node))
    {
      set_string (s, "kind", "function");
      function_node_json (s, SCHEDULA_FUNCTION_NODE (node), id);
    }
  else
    {
      set_string (s, "kind", "dispatcher");
      dispatcher_node_json (s, SCHEDULA_DISPATCHER_NODE (node), id);
    }
  if (description != NULL)
    set_text (s, "description", description);
  end_object (s);
}

static void
dispatcher_json (Saver              *s,
                 SchedulaDispatcher *dsp)
{
  gboolean is_map_root = s->content == SCHEDULA_CONTENT_MAP && dsp == s->root;

  begin_object (s);
  /* the map of schedula is the graph: the top dispatcher's properties,
   * counter and defaults are not part of it */
  if (!is_map_root)
    {
      if (dsp->raises_handler != NULL)
        saver_fail (s, SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
                    "the dispatcher %s has a raises function (schedula_dispatcher_set_raises_func): "
                    "a model file cannot hold it", dispatcher_label (dsp));
      set_text (s, "name", dsp->name);
      if (dsp->description != NULL)
        set_text (s, "description", dsp->description);
      if (dsp->raises != SCHEDULA_RAISES_RECORD)
        set_string (s, "raises", enum_nick (SCHEDULA_TYPE_RAISES, dsp->raises));
      if (dsp->executor != NULL)
        set_text (s, "executor", dsp->executor);
      set_int (s, "counter", dsp->counter);
    }
  key (s, "nodes");
  begin_array (s);
  for (guint i = 0; i < dsp->nodes->len && s->error == NULL; i++)
    node_json (s, dsp->nodes->pdata[i], !is_map_root);
  end_array (s);
  key (s, "edges");
  begin_array (s);
  for (guint i = 0; i < dsp->edges->len; i++)
    {
      SchedulaModelEdge e = g_array_index (dsp->edges, SchedulaModelEdge, i);

      begin_array (s);
      text (s, _schedula_node_id (dsp->nodes->pdata[e.from]));
      text (s, _schedula_node_id (dsp->nodes->pdata[e.to]));
      end_array (s);
    }
  end_array (s);
  end_object (s);
}

static void
defaults_json (Saver              *s,
               SchedulaDispatcher *dsp)
{
  begin_array (s);
  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      SchedulaDataNode *data;
      const SchedulaDataExtra *x;

      if (!SCHEDULA_IS_DATA_NODE (node))
        continue;
      data = SCHEDULA_DATA_NODE (node);
      x = _schedula_data_x (data);
      if (x->default_value == NULL && !data->self_default)
        continue;
      begin_object (s);
      set_text (s, "id", _schedula_node_id (node));
      if (data->self_default)
        set_bool (s, "self", TRUE);
      else
        {
          key (s, "value");
          value_json (s, x->default_value, _schedula_node_id (node));
        }
      if (x->initial_dist.inf != 0 || x->initial_dist.num != 0)
        {
          key (s, "initial_dist");
          distance_json (s, &x->initial_dist);
        }
      end_object (s);
    }
  end_array (s);
}

static const char *const content_names[] = { "model", "map", "defaults" };

/* The text of the document of s->root: JSON, two spaces of indent, a
 * newline at the end; or NULL with @error set */
static GBytes *
model_to_bytes (Saver   *s,
                GError **error)
{
  gsize len;
  char *data;

  _schedula_json_writer_init (&s->w, TRUE);
  begin_object (s);
  set_string (s, "format", SCHEDULA_MODEL_FILE_FORMAT);
  set_string (s, "content", content_names[s->content]);
  if (s->content == SCHEDULA_CONTENT_DEFAULTS)
    {
      key (s, "defaults");
      defaults_json (s, s->root);
    }
  else
    {
      s->index = g_hash_table_new (NULL, NULL);
      s->order = g_ptr_array_new ();
      collect_dispatchers (s, s->root);
      key (s, "dispatchers");
      begin_array (s);
      for (guint i = 0; i < s->order->len && s->error == NULL; i++)
        dispatcher_json (s, s->order->pdata[i]);
      end_array (s);
      g_clear_pointer (&s->index, g_hash_table_unref);
      g_clear_pointer (&s->order, g_ptr_array_unref);
    }
  end_object (s);
  if (s->error != NULL)
    {
      _schedula_json_writer_clear (&s->w);
      g_propagate_error (error, g_steal_pointer (&s->error));
      return NULL;
    }
  _schedula_json_write_newline (&s->w);
  data = _schedula_json_writer_finish (&s->w, &len);
  return g_bytes_new_take (data, len);
}

GBytes *
_schedula_model_to_bytes (SchedulaDispatcher  *dsp,
                          SchedulaContent      content,
                          GError             **error)
{
  Saver s = { content, dsp, NULL, NULL, NULL, FALSE, FALSE, { 0 } };

  return model_to_bytes (&s, error);
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
  Saver s = { SCHEDULA_CONTENT_MODEL, dsp, NULL, NULL, NULL, TRUE, FALSE, { 0 } };
  GBytes *text;

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
  text = model_to_bytes (&s, error);
  if (text != NULL)
    *kind = s.needs_python ? "python" : "c";
  return text;
}
