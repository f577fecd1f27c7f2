/* test-io.c: model files (area 7.1: schedula's save_dispatcher /
 * load_dispatcher, save_default_values / load_default_values, save_map /
 * load_map)
 *
 * - round trips: every attribute of every kind of node, the dispatcher's
 *   properties, sub-dispatchers, helpers, wrappers, values of every form;
 *   saving what was loaded gives the same bytes, and the loaded model
 *   dispatches to the same solution (values, distances, workflow, errors,
 *   sub-solutions);
 * - examples 7.01-7.03, and schedula's re-initialisation;
 * - files, streams, the async forms; the registry and its resolvers;
 *   references and codecs only when allowed;
 * - bad files: each fails with a GError that names the line and column of
 *   what is wrong, never a crash, a hang or a deep recursion;
 * - tests/io-data: a model saved in C (the Python tests load it), and one
 *   saved in Python (loaded here);
 * - a model of 10,000 functions (the timings go to the test log).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <glib/gstdio.h>

#include "test-common.h"

#define ASSERT_FILE_ERROR(error, code, ...) \
  ASSERT_ERROR_CLEAR (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_##code, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* Functions of the models, and their registry                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  SchedulaFunctionRegistry *registry;
  SchedulaFunction         *inc, *dbl, *add, *max, *neg, *identity, *gt0, *always, *de_gt29, *record;
  GArray                   *log;
} Funcs;

static void
funcs_init (Funcs *f)
{
  f->registry = schedula_function_registry_new ();
  f->log = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->inc = fn ("inc", fn_inc);
  f->dbl = fn ("double", fn_double);
  f->add = fn ("add", fn_add);
  f->max = fn ("max", fn_max);
  f->neg = fn ("neg", fn_neg);
  f->identity = fn ("identity", fn_identity);
  f->gt0 = fn ("gt0", dom_gt0);
  f->always = fn ("always_true", dom_always_true);
  f->de_gt29 = fn ("de_gt29", dom_de_gt29);
  f->record = schedula_function_new ("record", cb_record, f->log, NULL);
  for (SchedulaFunction **p = &f->inc; p <= &f->record; p++)
    schedula_function_registry_add (f->registry, NULL, *p);
}

static void
funcs_clear (Funcs *f)
{
  for (SchedulaFunction **p = &f->inc; p <= &f->record; p++)
    g_clear_object (p);
  g_clear_object (&f->registry);
  g_clear_pointer (&f->log, g_array_unref);
}

/* ------------------------------------------------------------------ */
/* What a model is, and what a dispatch gives, as text                 */
/* ------------------------------------------------------------------ */

/* A value with its type: the GVariant form, typed, when it has one */
static char *
value_text (const GValue *v)
{
  g_autoptr(GVariant) variant = NULL;

  if (v == NULL || !G_IS_VALUE (v))
    return g_strdup ("<unset>");
  variant = schedula_value_to_variant (v, NULL);
  if (variant != NULL)
    {
      g_autofree char *printed = g_variant_print (variant, TRUE);

      return g_strdup_printf ("%s:%s", G_VALUE_TYPE_NAME (v), printed);
    }
  return value_str (v);
}

static void
append_function (GString          *s,
                 SchedulaFunction *f)
{
  if (f == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_printf (s, "%s(%s", G_OBJECT_TYPE_NAME (f), schedula_function_get_name (f));
  if (schedula_function_get_ref (f) != NULL)
    g_string_append_printf (s, " ref=%s", schedula_function_get_ref (f));
  g_string_append_c (s, ')');
}

static void
append_mapping (GString         *s,
                SchedulaMapping *m)
{
  g_string_append_c (s, '{');
  for (guint i = 0; m != NULL && i < schedula_mapping_get_n_keys (m); i++)
    {
      g_autofree char *values = g_strjoinv ("|", (char **) schedula_mapping_get_values (m, i));

      g_string_append_printf (s, "%s%s:%s", i ? "," : "", schedula_mapping_get_key (m, i), values);
    }
  g_string_append_c (s, '}');
}

/* Every readable property of @object, as text */
static void
append_properties (GString *s,
                   GObject *object)
{
  guint n;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);

  for (guint i = 0; i < n; i++)
    {
      GParamSpec *spec = specs[i];
      g_auto(GValue) v = G_VALUE_INIT;

      if (!(spec->flags & G_PARAM_READABLE) || g_str_equal (spec->name, "dispatcher"))
        continue;
      g_value_init (&v, spec->value_type);
      g_object_get_property (object, spec->name, &v);
      g_string_append_printf (s, " %s=", spec->name);
      if (G_VALUE_HOLDS (&v, G_TYPE_STRV))
        {
          g_autofree char *ids = g_value_get_boxed (&v) ? g_strjoinv (",", g_value_get_boxed (&v)) : NULL;

          g_string_append_printf (s, "[%s]", ids ? ids : "");
        }
      else if (G_VALUE_HOLDS (&v, G_TYPE_PTR_ARRAY))
        {
          GPtrArray *fs = g_value_get_boxed (&v);

          g_string_append_c (s, '[');
          for (guint k = 0; fs != NULL && k < fs->len; k++)
            append_function (s, fs->pdata[k]);
          g_string_append_c (s, ']');
        }
      else if (G_VALUE_HOLDS (&v, SCHEDULA_TYPE_MAPPING))
        append_mapping (s, g_value_get_boxed (&v));
      else if (G_VALUE_HOLDS (&v, SCHEDULA_TYPE_DISTANCE))
        {
          g_autofree char *d = g_value_get_boxed (&v) ? distance_str (g_value_get_boxed (&v)) : g_strdup ("null");

          g_string_append (s, d);
        }
      else if (G_VALUE_HOLDS (&v, G_TYPE_VALUE))
        {
          g_autofree char *t = value_text (g_value_get_boxed (&v));

          g_string_append (s, t);
        }
      else if (G_VALUE_HOLDS (&v, G_TYPE_GTYPE))
        g_string_append (s, g_type_name (g_value_get_gtype (&v)));
      else if (G_VALUE_HOLDS (&v, SCHEDULA_TYPE_FUNCTION))
        append_function (s, g_value_get_object (&v));
      else if (G_VALUE_HOLDS (&v, SCHEDULA_TYPE_DISPATCHER))
        g_string_append_printf (s, "Dispatcher(%s)",
                                g_value_get_object (&v) ? schedula_dispatcher_get_name (g_value_get_object (&v))
                                                        : "null");
      else
        {
          g_autofree char *t = g_strdup_value_contents (&v);

          g_string_append (s, t);
        }
    }
}

/* The model as text: the dispatcher's properties, each node's, the edges
 * and their weights, then the same for the children (once each), and the
 * index the next node gets (the counter) */
static void
append_model (GString            *s,
              SchedulaDispatcher *dsp,
              GHashTable         *seen)
{
  GListModel *list = G_LIST_MODEL (dsp);
  g_autofree char *edges = model_str (dsp, MODEL_EDGES);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();

  if (!g_hash_table_add (seen, dsp))
    return;
  g_string_append (s, "dispatcher");
  append_properties (s, G_OBJECT (dsp));
  g_string_append_c (s, '\n');
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);

      g_string_append (s, "  node");
      append_properties (s, G_OBJECT (node));
      g_string_append_c (s, '\n');
      if (SCHEDULA_IS_DISPATCHER_NODE (node))
        g_ptr_array_add (children, schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (node)));
    }
  g_string_append_printf (s, "  edges %s\n", edges);
  {
    /* the counter: what a copy gives its next node */
    g_autoptr(SchedulaDispatcher) copy = schedula_dispatcher_copy (dsp);
    g_autoptr(GError) error = NULL;
    SchedulaDataNode *probe = schedula_dispatcher_add_data (copy, "next-index-probe", NULL, &error);

    g_assert_no_error (error);
    g_string_append_printf (s, "  next index %d\n", schedula_node_get_index (SCHEDULA_NODE (probe)));
  }
  for (guint i = 0; i < children->len; i++)
    append_model (s, children->pdata[i], seen);
}

static char *
model_text (SchedulaDispatcher *dsp)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GString *s = g_string_new (NULL);

  append_model (s, dsp, seen);
  return g_string_free (s, FALSE);
}

/* Everything a dispatch gives: values with their types, distances, the
 * workflow, the errors, and the sub-solutions likewise */
static void
append_solution (GString          *s,
                 SchedulaSolution *sol)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);
  g_autoptr(GListModel) subs = schedula_solution_get_sub_solutions (sol);
  g_auto(GStrv) error_ids = schedula_solution_get_error_ids (sol);
  g_autofree char *dists = dist_str (sol);
  g_autofree char *wf_nodes = wf_str (sol, FALSE);
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;
  g_autofree char *full_name = g_strjoinv ("/", (char **) schedula_solution_get_full_name (sol));

  g_string_append_printf (s, "solution %s\n  values", full_name);
  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      g_autofree char *t = value_text (value);

      g_string_append_printf (s, " %s=%s", id, t);
    }
  g_string_append_printf (s, "\n  distances %s\n  workflow %s\n  edges", dists, wf_nodes);
  for (guint i = 0; i < schedula_workflow_get_n_edges (wf); i++)
    {
      const char *from, *to;
      const GValue *v;
      g_autofree char *t = NULL;

      schedula_workflow_get_edge (wf, i, &from, &to, &v);
      t = v != NULL ? value_text (v) : g_strdup ("-");
      g_string_append_printf (s, " %s->%s=%s", from, to, t);
    }
  g_string_append (s, "\n  errors");
  for (guint i = 0; error_ids[i] != NULL; i++)
    {
      g_autofree char *message = schedula_solution_dup_error_message (sol, error_ids[i]);

      g_string_append_printf (s, " [%s: %s]", error_ids[i], message);
    }
  g_string_append_c (s, '\n');
  for (guint i = 0; i < g_list_model_get_n_items (subs); i++)
    {
      g_autoptr(SchedulaSolution) sub = g_list_model_get_item (subs, i);

      append_solution (s, sub);
    }
}

static char *
solution_text (SchedulaSolution *sol)
{
  GString *s = g_string_new (NULL);

  append_solution (s, sol);
  return g_string_free (s, FALSE);
}

/* What dispatching @dsp with @inputs (a GVariant text) gives, the error of
 * a failed dispatch included */
static char *
dispatch_text (SchedulaDispatcher *dsp,
               const char         *inputs,
               const char *const  *outputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_parsed (inputs));
  g_auto(GValue) dict = G_VALUE_INIT;
  SchedulaDict *d;
  char *text;

  g_assert_true (schedula_value_from_variant (v, &dict, NULL));
  d = g_value_get_boxed (&dict);
  for (guint i = 0; i < schedula_dict_get_size (d); i++)
    g_hash_table_insert (table, (gpointer) schedula_dict_get_key (d, i), (gpointer) schedula_dict_get_value (d, i));
  sol = schedula_dispatcher_try_dispatch (dsp, table, outputs, NULL, NULL, &error);
  g_assert_no_error (error);
  text = solution_text (sol);
  if (schedula_solution_get_dispatch_error (sol) != NULL)
    {
      char *with = g_strdup_printf ("%sdispatch error: %s\n", text, schedula_solution_get_dispatch_error (sol)->message);

      g_free (text);
      text = with;
    }
  return text;
}

/* ------------------------------------------------------------------ */
/* Round trips                                                         */
/* ------------------------------------------------------------------ */

/* Saves @dsp, loads it back (with @registry and @flags), saves it again:
 * the same bytes, the same model; returns what was loaded */
static SchedulaDispatcher *
round_trip (SchedulaDispatcher       *dsp,
            SchedulaFunctionRegistry *registry,
            SchedulaLoadFlags         flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autofree char *before = model_text (dsp);
  g_autofree char *after = NULL;

  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_assert_no_error (error);
  loaded = schedula_dispatcher_new_from_bytes (text, registry, flags, &error);
  g_assert_no_error (error);
  again = schedula_dispatcher_save_to_bytes (loaded, &error);
  g_assert_no_error (error);
  if (!g_bytes_equal (text, again))
    {
      g_test_message ("saved:\n%s\nsaved again:\n%s", (const char *) g_bytes_get_data (text, NULL),
                      (const char *) g_bytes_get_data (again, NULL));
      g_assert_not_reached ();
    }
  after = model_text (loaded);
  g_assert_cmpstr (after, ==, before);
  return g_steal_pointer (&loaded);
}

static void
assert_same_dispatch (SchedulaDispatcher *a,
                      SchedulaDispatcher *b,
                      const char         *inputs,
                      const char *const  *outputs)
{
  g_autofree char *sa = dispatch_text (a, inputs, outputs);
  g_autofree char *sb = dispatch_text (b, inputs, outputs);

  g_assert_cmpstr (sb, ==, sa);
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

static void
set_value (SchedulaDispatcher *dsp,
           const char         *id,
           const GValue       *v)
{
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_add_data (dsp, id, v, &error);
  g_assert_no_error (error);
}

static void
set_variant (SchedulaDispatcher *dsp,
             const char         *id,
             const char         *text)
{
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_parsed (text));
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (schedula_value_from_variant (v, &value, NULL));
  set_value (dsp, id, &value);
}

static void
set_double (SchedulaDispatcher *dsp,
            const char         *id,
            gdouble             d)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_set_double (g_value_init (&v, G_TYPE_DOUBLE), d);
  set_value (dsp, id, &v);
}

/* The child of the rich model: y = x + 1, z = 2 y; k has a default */
static SchedulaDispatcher *
child_model (Funcs *f)
{
  SchedulaDispatcher *child = schedula_dispatcher_new ("child");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) ten = G_VALUE_INIT;

  schedula_dispatcher_set_description (child, "the child model");
  schedula_dispatcher_add_function (child, NULL, f->inc, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (child, NULL, f->dbl, IDS ("y"), IDS ("z"), &error);
  g_assert_no_error (error);
  g_value_set_int64 (g_value_init (&ten, G_TYPE_INT64), 10);
  set_value (child, "k", &ten);
  return child;
}

/* A model with every attribute the library has */
static SchedulaDispatcher *
rich_model (Funcs *f)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("rich");
  g_autoptr(SchedulaDispatcher) child = child_model (f);
  g_autoptr(SchedulaDispatcher) other = child_model (f);
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_map = schedula_mapping_new ();
  g_autoptr(SchedulaFunction) sum = schedula_summation_new ();
  g_autoptr(GError) error = NULL;
  SchedulaDistance dist = { 0, 2.5 }, far = { 1, 3 };
  SchedulaFunctionNode *fnode;
  SchedulaDispatcherNode *dnode;
  SchedulaDataNode *data;
  g_auto(GValue) one = G_VALUE_INIT;

  schedula_dispatcher_set_description (dsp, "a model with every attribute");
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_set_executor (dsp, "sync");

  /* data nodes: defaults, distances, waits, wildcards, combiners,
   * callbacks, filters, await_result, value types, descriptions */
  g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
  set_value (dsp, "a", &one);
  schedula_dispatcher_set_default_value (dsp, "a", &one, &dist, &error);
  g_assert_no_error (error);
  data = schedula_dispatcher_add_data (dsp, "w", NULL, &error);
  g_assert_no_error (error);
  schedula_data_node_set_wait_inputs (data, TRUE);
  schedula_data_node_set_combiner (data, f->add);
  schedula_data_node_set_callback (data, f->record);
  schedula_data_node_add_filter (data, f->dbl);
  schedula_data_node_add_filter (data, f->neg);
  schedula_data_node_set_await_result (data, TRUE);
  schedula_data_node_set_wildcard (data, FALSE);
  schedula_node_set_description (SCHEDULA_NODE (data), "waits for its two estimations");
  data = schedula_dispatcher_add_data (dsp, "typed", NULL, &error);
  g_assert_no_error (error);
  schedula_data_node_set_value_type (data, G_TYPE_INT64);
  schedula_data_node_set_wildcard (data, TRUE);
  schedula_dispatcher_set_default_value (dsp, "typed", &one, &far, &error);
  g_assert_no_error (error);

  /* function nodes: weights of all kinds, domain, filters, flags */
  fnode = schedula_dispatcher_add_function (dsp, "max", f->max, IDS ("a", "b"), IDS ("c"), &error);
  g_assert_no_error (error);
  schedula_function_node_set_weight (fnode, 2.5);
  schedula_function_node_set_input_weight (fnode, "a", 1.5, &error);
  g_assert_no_error (error);
  schedula_function_node_set_output_weight (fnode, "c", 3, &error);
  g_assert_no_error (error);
  schedula_function_node_set_input_domain (fnode, f->gt0);
  schedula_function_node_add_filter (fnode, f->inc);
  schedula_function_node_set_await_domain (fnode, FALSE);
  schedula_function_node_set_await_result (fnode, TRUE);
  schedula_node_set_description (SCHEDULA_NODE (fnode), "the larger of a and b");
  schedula_dispatcher_add_function (dsp, "to_w1", f->inc, IDS ("c"), IDS ("w"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "to_w2", f->dbl, IDS ("c"), IDS ("w"), &error);
  g_assert_no_error (error);
  /* no inputs (START), no outputs (SINK), no function at all */
  schedula_dispatcher_add_function (dsp, "lonely", sum, NULL, NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "nothing", NULL, IDS ("a"), IDS ("never"), &error);
  g_assert_no_error (error);
  /* the same input twice */
  schedula_dispatcher_add_function (dsp, "twice", f->add, IDS ("a", "a"), IDS ("aa"), &error);
  g_assert_no_error (error);

  /* a sub-dispatcher: one-to-many mappings, weights, domain, defaults */
  schedula_mapping_add (in_map, "c", "x");
  schedula_mapping_add (in_map, "a", "k");
  schedula_mapping_add (out_map, "y", "d");
  schedula_mapping_add (out_map, "y", "d2");
  schedula_mapping_add (out_map, "z", "e");
  dnode = schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, out_map, &error);
  g_assert_no_error (error);
  schedula_dispatcher_node_set_weight (dnode, 4);
  schedula_dispatcher_node_set_input_weight (dnode, "c", 2, &error);
  g_assert_no_error (error);
  schedula_dispatcher_node_set_input_domain (dnode, f->always);
  schedula_dispatcher_node_set_await_domain (dnode, FALSE);
  schedula_node_set_description (SCHEDULA_NODE (dnode), "the child");
  /* the same child again, with the default mappings and include_defaults */
  dnode = schedula_dispatcher_add_dispatcher (dsp, "s2", child, NULL, NULL, &error);
  g_assert_no_error (error);
  /* another child, whose defaults move to the parent */
  dnode = schedula_dispatcher_node_new ("s3", other, NULL, NULL);
  schedula_dispatcher_node_set_include_defaults (dnode, TRUE);
  schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (dnode), &error);
  g_assert_no_error (error);
  g_object_unref (dnode);

  /* the special nodes: SELF (the dispatcher as default) */
  schedula_dispatcher_add_data (dsp, SCHEDULA_SELF, NULL, &error);
  g_assert_no_error (error);

  /* a removed node leaves a gap in the indexes and an input without its
   * edge */
  schedula_dispatcher_add_data (dsp, "gone", NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "reads_gone", f->inc, IDS ("gone"), IDS ("g"), &error);
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_remove_node (dsp, "gone", &error));

  /* values of every form */
  set_variant (dsp, "v_int", "int64 -9223372036854775808");
  set_double (dsp, "v_double", 0.1);
  set_double (dsp, "v_big", 1e22);
  set_double (dsp, "v_neg_zero", -0.0);
  set_double (dsp, "v_inf", INFINITY);
  set_double (dsp, "v_minus_inf", -INFINITY);
  set_double (dsp, "v_nan", NAN);
  set_double (dsp, "v_tiny", 5e-324);
  set_variant (dsp, "v_str", "'quotes \" and \\\\ and \\n and é and 😀'");
  set_variant (dsp, "v_bool", "false");
  set_variant (dsp, "v_none", "@mv nothing");
  set_variant (dsp, "v_dict", "{'$key': <1>, '$$k': <2.0>, 'list': <[<1>, <'x'>, <@mv nothing>, <[<true>]>]>, "
                              "'empty': <@a{sv} {}>, 'nested': <{'a': <{'b': <@av []>}>}>}");
  set_variant (dsp, "v_uint64", "uint64 18446744073709551615");
  set_variant (dsp, "v_empty", "@av []");
  return g_steal_pointer (&dsp);
}

static void
test_round_trip_attributes (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  const char *const inputs[] = { "{'b': <3>}", "{'b': <-5>, 'a': <7>}", "{'x': <1>}", "{'c': <2.5>}", NULL };

  funcs_init (&f);
  dsp = rich_model (&f);
  loaded = round_trip (dsp, f.registry, SCHEDULA_LOAD_FLAGS_NONE);
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      assert_same_dispatch (dsp, loaded, inputs[i], NULL);
      assert_same_dispatch (dsp, loaded, inputs[i], IDS ("d", "w"));
    }
  /* the callback ran for both, as many times */
  g_assert_cmpuint (f.log->len % 2, ==, 0);
  /* the shared child is loaded once, shared */
  g_assert_true (schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (schedula_dispatcher_lookup_node (loaded, "s"))) ==
                 schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (schedula_dispatcher_lookup_node (loaded, "s2"))));
  funcs_clear (&f);
}

/* A model with every helper and wrapper of the library */
static SchedulaDispatcher *
wrappers_model (Funcs *f)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("wrappers");
  g_autoptr(SchedulaDispatcher) model = NULL;
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaMapping) key_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) rename = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) recursive = schedula_mapping_new ();
  g_autoptr(SchedulaDict) defaults = schedula_dict_new ();
  g_autoptr(GError) error = NULL;
  SchedulaDistance d = { 0, 1.5 };
  GValueArray *list, *nested;
  g_auto(GValue) list_value = G_VALUE_INIT;
  g_auto(GValue) item = G_VALUE_INIT;
  g_autoptr(SchedulaFunction) h = NULL;
  SchedulaFunction *w;

  model = child_model (f);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);

  /* the helpers */
#define ADD(id, func, ins, outs) G_STMT_START {                                   \
    g_autoptr(SchedulaFunction) _f = (func);                                    \
    schedula_dispatcher_add_function (dsp, id, _f, ins, outs, &error);          \
    g_assert_no_error (error);                                                  \
  } G_STMT_END
  ADD ("bypass", schedula_bypass_new (), IDS ("a", "b"), IDS ("a1", "b1"));
  ADD ("summation", schedula_summation_new (), IDS ("a", "b"), IDS ("sum"));
  ADD ("selector", schedula_selector_new (IDS ("a", "z"), SCHEDULA_OUTPUT_TYPE_LIST, TRUE), IDS ("dict"), IDS ("sel"));
  ADD ("selector2", schedula_selector_new (NULL, SCHEDULA_OUTPUT_TYPE_DICT, FALSE), IDS ("dict"), IDS ("sel2"));
  ADD ("replicate", schedula_replicate_value_new (3), IDS ("a"), IDS ("r1", "r2", "r3"));
  ADD ("combine", schedula_combine_dicts_new (), IDS ("dict", "dict2"), IDS ("combined"));
  schedula_mapping_add (key_map, "a", "A");
  schedula_mapping_add (key_map, "b", "B");
  schedula_mapping_add (key_map, "b", "B2");
  ADD ("map_dict", schedula_map_dict_new (key_map), IDS ("dict"), IDS ("mapped"));
  ADD ("run_model", schedula_run_model_new (), IDS ("fn", "a"), IDS ("ran"));
  /* map_list: ["a", {a: "c"}, ["b", {a: "d"}]] */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  list = g_value_array_new (3);
  nested = g_value_array_new (2);
  g_value_init (&item, G_TYPE_STRING);
  g_value_set_string (&item, "a");
  g_value_array_append (list, &item);
  g_value_set_string (&item, "b");
  g_value_array_append (nested, &item);
  g_value_unset (&item);
  schedula_mapping_add (rename, "a", "c");
  g_value_init (&item, SCHEDULA_TYPE_MAPPING);
  g_value_set_boxed (&item, rename);
  g_value_array_append (list, &item);
  g_value_array_append (nested, &item);
  g_value_unset (&item);
  g_value_init (&item, g_value_array_get_type ());
  g_value_take_boxed (&item, nested);
  g_value_array_append (list, &item);
  g_value_init (&list_value, g_value_array_get_type ());
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_take_boxed (&list_value, list);
  h = schedula_map_list_new (&list_value, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "map_list", h, IDS ("a", "dict", "pair"), IDS ("listed"), &error);
  g_assert_no_error (error);

  /* the wrappers, their models saved with them */
  schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_COMPUTABLE);
  schedula_dispatch_options_set_input_dist (options, "x", &d);
  schedula_dispatch_options_set_executor (options, "sync");
  schedula_dispatch_options_set_rm_unused_nodes (options, TRUE);
  w = SCHEDULA_FUNCTION (schedula_sub_dispatch_new (model, IDS ("z"), SCHEDULA_OUTPUT_TYPE_DICT, options));
  ADD ("sub_dispatch", w, IDS ("inputs"), IDS ("sd"));
  w = SCHEDULA_FUNCTION (schedula_sub_dispatch_new_for_dispatcher (model));
  ADD ("as_function", w, IDS ("inputs"), IDS ("sd2"));
  w = SCHEDULA_FUNCTION (schedula_sub_dispatch_function_new (model, "sdf", IDS ("x"), IDS ("z"),
                                                             SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  ADD ("sdf", w, IDS ("a"), IDS ("sdf_z"));
  w = SCHEDULA_FUNCTION (schedula_sub_dispatch_pipe_new (model, "pipe", IDS ("x"), IDS ("y", "z"),
                                                         SCHEDULA_OUTPUT_TYPE_LIST, NULL, &error));
  g_assert_no_error (error);
  ADD ("pipe", w, IDS ("a"), IDS ("pipe_yz"));
  w = SCHEDULA_FUNCTION (schedula_dispatch_pipe_new (model, "strict", IDS ("x"), IDS ("z"),
                                                     SCHEDULA_OUTPUT_TYPE_DEFAULT, options, &error));
  g_assert_no_error (error);
  ADD ("strict", w, IDS ("a"), IDS ("strict_z"));
  {
    g_auto(GValue) v = G_VALUE_INIT;

    g_value_set_int64 (g_value_init (&v, G_TYPE_INT64), 5);
    schedula_dict_insert (defaults, "k", &v);
  }
  schedula_mapping_add (recursive, "z", "x");
  w = SCHEDULA_FUNCTION (schedula_map_dispatch_new (model, defaults, recursive, IDS ("z"), SCHEDULA_OUTPUT_TYPE_DICT));
  ADD ("map_dispatch", w, IDS ("sets"), IDS ("mapped_z"));
  /* a wrapper as a domain and as a filter */
  {
    SchedulaFunctionNode *node = schedula_dispatcher_add_function (dsp, "wrapped", f->inc, IDS ("a"), IDS ("wrapped_a"),
                                                                   &error);
    g_autoptr(SchedulaFunction) filter = SCHEDULA_FUNCTION (
      schedula_sub_dispatch_function_new (model, "filter", IDS ("x"), IDS ("y"), SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL,
                                          &error));

    g_assert_no_error (error);
    schedula_function_node_add_filter (node, filter);
  }
#undef ADD

  return g_steal_pointer (&dsp);
}

/* The helpers and wrappers of the library need no registry */
static void
test_round_trip_wrappers (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;

  funcs_init (&f);
  dsp = wrappers_model (&f);
  loaded = round_trip (dsp, f.registry, SCHEDULA_LOAD_FLAGS_NONE);
  {
    g_autoptr(GBytes) text = schedula_dispatcher_save_to_bytes (loaded, NULL);
    const char *json = g_bytes_get_data (text, NULL);

    /* each kind is written as such */
    ASSERT_CONTAINS (json, "\"wrapper\" : \"Dispatcher\"");
    ASSERT_CONTAINS (json, "\"wrapper\" : \"SubDispatch\"");
    ASSERT_CONTAINS (json, "\"wrapper\" : \"SubDispatchFunction\"");
    ASSERT_CONTAINS (json, "\"wrapper\" : \"SubDispatchPipe\"");
    ASSERT_CONTAINS (json, "\"wrapper\" : \"DispatchPipe\"");
    ASSERT_CONTAINS (json, "\"wrapper\" : \"MapDispatch\"");
    ASSERT_CONTAINS (json, "\"helper\" : \"map_list\"");
  }
  assert_same_dispatch (dsp, loaded,
                        "{'a': <1>, 'b': <2>, 'dict': <{'a': <3>, 'b': <4>}>, 'dict2': <{'c': <5>}>, "
                        "'pair': <[<9>, <{'a': <10>}>]>, 'inputs': <{'x': <2>}>, "
                        "'sets': <[<{'x': <1>}>, <{'x': <2>}>]>}", NULL);
  funcs_clear (&f);
}

/* A codec of the tests: SchedulaDistance as (dd), in the closure
 * convention of schedula_codec_new_for_closures() */
static void
distance_encode (GClosure     *closure,
                 GValue       *return_value,
                 guint         n_params,
                 const GValue *params,
                 gpointer      hint,
                 gpointer      data)
{
  const SchedulaDistance *d = g_value_get_boxed (g_value_get_boxed (&params[0]));
  g_auto(GValue) result = G_VALUE_INIT;

  g_value_init (&result, G_TYPE_VARIANT);
  g_value_set_variant (&result, g_variant_new ("(dd)", d->inf, d->num));
  g_value_set_boxed (return_value, &result);
}

static void
distance_decode (GClosure     *closure,
                 GValue       *return_value,
                 guint         n_params,
                 const GValue *params,
                 gpointer      hint,
                 gpointer      data)
{
  GVariant *v = g_value_get_variant (&params[0]);
  g_auto(GValue) result = G_VALUE_INIT;
  SchedulaDistance d;

  g_variant_get (v, "(dd)", &d.inf, &d.num);
  g_value_init (&result, SCHEDULA_TYPE_DISTANCE);
  g_value_set_boxed (&result, &d);
  g_value_set_boxed (return_value, &result);
}

static void
register_distance_codec (void)
{
  GClosure *encode = g_closure_new_simple (sizeof (GClosure), NULL);
  GClosure *decode = g_closure_new_simple (sizeof (GClosure), NULL);
  g_autoptr(SchedulaCodec) codec = NULL;

  g_closure_set_marshal (encode, distance_encode);
  g_closure_set_marshal (decode, distance_decode);
  codec = schedula_codec_new_for_closures ("test-distance", SCHEDULA_TYPE_DISTANCE, encode, decode);
  schedula_codec_register (codec);
}

/* A codec of the tests for GVariant values: the data is the variant, so
 * that any GVariant type goes through a file */
static void
variant_encode (GClosure     *closure,
                GValue       *return_value,
                guint         n_params,
                const GValue *params,
                gpointer      hint,
                gpointer      data)
{
  g_value_set_boxed (return_value, g_value_get_boxed (&params[0]));
}

static void
variant_decode (GClosure     *closure,
                GValue       *return_value,
                guint         n_params,
                const GValue *params,
                gpointer      hint,
                gpointer      data)
{
  g_auto(GValue) result = G_VALUE_INIT;

  g_value_init (&result, G_TYPE_VARIANT);
  g_value_set_variant (&result, g_value_get_variant (&params[0]));
  g_value_set_boxed (return_value, &result);
}

static void
register_variant_codec (void)
{
  GClosure *encode = g_closure_new_simple (sizeof (GClosure), NULL);
  GClosure *decode = g_closure_new_simple (sizeof (GClosure), NULL);
  g_autoptr(SchedulaCodec) codec = NULL;

  g_closure_set_marshal (encode, variant_encode);
  g_closure_set_marshal (decode, variant_decode);
  codec = schedula_codec_new_for_closures ("test-variant", G_TYPE_VARIANT, encode, decode);
  schedula_codec_register (codec);
}

/* A list nested @depth levels deep */
static void
nested_list (GValue *value,
             guint   depth)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GValueArray *inner = g_value_array_new (0);

  for (guint i = 1; i < depth; i++)
    {
      GValueArray *outer = g_value_array_new (1);
      GValue v = G_VALUE_INIT;

      g_value_init (&v, g_value_array_get_type ());
      g_value_take_boxed (&v, inner);
      g_value_array_append (outer, &v);
      g_value_unset (&v);
      inner = outer;
    }
  g_value_init (value, g_value_array_get_type ());
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_take_boxed (value, inner);
}

static guint
list_depth (const GValue *value)
{
  guint depth = 0;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  while (G_VALUE_HOLDS (value, g_value_array_get_type ()))
    {
      GValueArray *a = g_value_get_boxed (value);

      depth++;
      if (a->n_values == 0)
        break;
      value = &a->values[0];
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return depth;
}

/* Values in files: the library's values; every GVariant type, exactly,
 * through a codec; codecs only when allowed */
static void
test_round_trip_values (void)
{
  /* the library's own values */
  const char *const values[] = {
    "int64 0", "int64 9223372036854775807", "int64 -9223372036854775808", "1.5", "-0.0", "1.0e22", "1.0e-300",
    "true", "'a string'", "''", "@mv nothing", "@av []", "@a{sv} {}", "[<1>, <2.5>, <'s'>]",
    "{'a': <{'$b': <[<@mv nothing>]>}>}", "{'$$': <1>, '$': <2>, '': <3>}", "uint64 18446744073709551615",
    "[<1.0e22>, <0.5>, <-0.0>]",
    NULL
  };
  /* any GVariant, through the codec test-variant */
  const char *const variants[] = {
    "byte 0x12", "int16 -3", "uint16 65535", "int32 -7", "uint32 4000000000", "handle 3", "int64 5",
    "uint64 18446744073709551615", "uint64 5", "1.0e22", "-0.0", "objectpath '/a/b'", "signature 'a{sv}'",
    "(1, 'x', true)", "@(ii) (1, 2)", "@ai [1, 2, 3]", "@a{is} {1: 'one', 2: 'two'}", "@a{ss} {'k': 'v'}",
    "@a{os} {'/p': 'v'}", "@a{gs} {'s': 'v'}", "@mi 5", "@mi nothing", "@mmv just nothing", "@mmv nothing",
    "b'bytes\\x00\\xff'", "@ay []", "@a(sv) [('x', <1>)]", "<<<1>>>", "@() ()", "@aas [['a'], []]",
    "@a{sv} {'$type': <1>, '$codec': <2>}", "@ad [1.0e22, 0.5, -0.0]", "@md just 1.0", "@av [<@mv nothing>]",
    "{'a': <@a{i(dd)} {1: (0.5, 1.0e22)}>}", "@a{sv} {}", "@{sv} {'k', <1>}",
    NULL
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("values");
      g_autoptr(SchedulaDispatcher) loaded = NULL;

      set_variant (dsp, "v", values[i]);
      loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_NONE);
    }

  register_variant_codec ();
  for (guint i = 0; variants[i] != NULL; i++)
    {
      g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("variants");
      g_autoptr(SchedulaDispatcher) loaded = NULL;
      g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_parsed (variants[i]));
      g_auto(GValue) value = G_VALUE_INIT;
      GVariant *back;

      g_value_init (&value, G_TYPE_VARIANT);
      g_value_set_variant (&value, v);
      set_value (dsp, "v", &value);
      loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_ALLOW_CODECS);
      back = g_value_get_variant (schedula_data_node_get_default_value (
        SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (loaded, "v"))));
      if (!g_variant_equal (back, v) || !g_variant_is_of_type (back, g_variant_get_type (v)))
        g_error ("%s came back as %s", variants[i], g_variant_print (back, TRUE));
    }
  {
    /* an a{sv} with a key twice: written as pairs */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("duplicate");
    g_autoptr(SchedulaDispatcher) loaded = NULL;
    g_auto(GValue) value = G_VALUE_INIT;
    GVariantBuilder builder;

    g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&builder, "{sv}", "k", g_variant_new_int32 (1));
    g_variant_builder_add (&builder, "{sv}", "k", g_variant_new_int32 (2));
    g_value_init (&value, G_TYPE_VARIANT);
    g_value_set_variant (&value, g_variant_builder_end (&builder));
    set_value (dsp, "v", &value);
    loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_ALLOW_CODECS);
  }

  /* deep values come back whole (GVariant serialised deeper than
   * G_VARIANT_MAX_RECURSION_DEPTH would lose their deep levels) */
  {
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("deep");
    g_autoptr(SchedulaDispatcher) loaded = NULL;
    g_auto(GValue) value = G_VALUE_INIT;

    nested_list (&value, 300);
    set_value (dsp, "v", &value);
    loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_NONE);
    g_assert_cmpuint (list_depth (schedula_data_node_get_default_value (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (loaded, "v")))), ==, 300);
  }

  /* NaN and the infinities, in and out of containers */
  {
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("values");
    g_autoptr(SchedulaDispatcher) loaded = NULL;
    g_autoptr(GBytes) text = NULL;

    set_double (dsp, "nan", NAN);
    set_double (dsp, "inf", INFINITY);
    set_variant (dsp, "list", "[<1.0>]");
    loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_NONE);
    g_assert_true (isnan (g_value_get_double (schedula_data_node_get_default_value (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (loaded, "nan"))))));
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    ASSERT_CONTAINS ((const char *) g_bytes_get_data (text, NULL), "\"$type\" : \"d\"");
    ASSERT_CONTAINS ((const char *) g_bytes_get_data (text, NULL), "\"$value\" : \"inf\"");
  }

  /* a value of a codec: only with SCHEDULA_LOAD_FLAGS_ALLOW_CODECS */
  {
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("codec");
    g_autoptr(SchedulaDispatcher) loaded = NULL;
    g_autoptr(GBytes) text = NULL;
    g_auto(GValue) v = G_VALUE_INIT;
    SchedulaDistance d = { 2, 0.25 };
    const SchedulaDistance *back;

    register_distance_codec ();
    g_value_init (&v, SCHEDULA_TYPE_DISTANCE);
    g_value_set_boxed (&v, &d);
    set_value (dsp, "dist", &v);
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    g_assert_no_error (error);
    ASSERT_CONTAINS ((const char *) g_bytes_get_data (text, NULL), "\"$codec\" : \"test-distance\"");
    ASSERT_CONTAINS ((const char *) g_bytes_get_data (text, NULL), "\"$type\" : \"(dd)\"");
    loaded = schedula_dispatcher_new_from_bytes (text, NULL, SCHEDULA_LOAD_FLAGS_ALLOW_REFS, &error);
    g_assert_null (loaded);
    ASSERT_FILE_ERROR (error, REF_NOT_ALLOWED, "the codec test-distance", "SCHEDULA_LOAD_FLAGS_ALLOW_CODECS");
    loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_ALLOW_CODECS);
    back = g_value_get_boxed (schedula_data_node_get_default_value (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (loaded, "dist"))));
    g_assert_cmpfloat (back->inf, ==, 2);
    g_assert_cmpfloat (back->num, ==, 0.25);
  }
}

static void
test_round_trip_removed (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) sub = NULL;
  g_autoptr(SchedulaDispatcher) shrunk = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(GError) error = NULL;

  funcs_init (&f);
  dsp = rich_model (&f);
  /* a sub-model keeps the nodes' attributes (their ports too), not all
   * their edges; its sub-dispatcher nodes get restricted mappings */
  sub = schedula_dispatcher_get_sub_dispatcher (dsp, IDS ("a", "b", "max", "c", "s", "d", "d2", "e", "w", "to_w1"), NULL, &error);
  g_assert_no_error (error);
  loaded = round_trip (sub, f.registry, SCHEDULA_LOAD_FLAGS_NONE);
  assert_same_dispatch (sub, loaded, "{'b': <3>}", NULL);
  g_clear_object (&loaded);
  shrunk = schedula_dispatcher_shrink (dsp, IDS ("a", "b"), IDS ("d"), NULL, &error);
  g_assert_no_error (error);
  loaded = round_trip (shrunk, f.registry, SCHEDULA_LOAD_FLAGS_NONE);
  assert_same_dispatch (shrunk, loaded, "{'a': <3>, 'b': <4>}", NULL);
  funcs_clear (&f);
}

/* ------------------------------------------------------------------ */
/* The examples of SEMANTICS 7.1                                       */
/* ------------------------------------------------------------------ */

/* data a default_value=1; function max = max(a, b) -> [c];
 * dispatcher s inputs={c: x} outputs={y: d} model={function f = inc(x) -> [y]} */
static SchedulaDispatcher *
example_model (Funcs *f)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) s = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaMapping) in = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GValue) one = G_VALUE_INIT;

  g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
  set_value (dsp, "a", &one);
  schedula_dispatcher_add_function (dsp, "max", f->max, IDS ("a", "b"), IDS ("c"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (s, "f", f->inc, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  schedula_mapping_add (in, "c", "x");
  schedula_mapping_add (out, "y", "d");
  schedula_dispatcher_add_dispatcher (dsp, "s", s, in, out, &error);
  g_assert_no_error (error);
  return dsp;
}

static char *
defaults_str (SchedulaDispatcher *dsp)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (dsp)); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (dsp), i);

      if (SCHEDULA_IS_DATA_NODE (node) && schedula_data_node_has_default_value (SCHEDULA_DATA_NODE (node)))
        g_ptr_array_add (ids, (gpointer) schedula_node_get_id (node));
    }
  g_ptr_array_sort (ids, cmp_strp);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (", ", (char **) ids->pdata);
}

static char *
solution_of (SchedulaDispatcher *dsp)
{
  g_autoptr(GHashTable) inputs = inputs_new ("b", 3, NULL);
  g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, inputs, NULL, NULL);

  return sol_str (sol);
}

static void
test_example_7_01 (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  funcs_init (&f);
  dsp = example_model (&f);
  ASSERT_STR (solution_of (dsp), "a=1, b=3, c=3, d=4");
  path = g_build_filename (g_get_tmp_dir (), "test-io-7.01.json", NULL);
  schedula_dispatcher_save_to_file (dsp, path, &error);
  g_assert_no_error (error);
  loaded = schedula_dispatcher_new_from_file (path, f.registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_remove (path);
  ASSERT_STR (solution_of (loaded), "a=1, b=3, c=3, d=4");
  ASSERT_STR (defaults_str (loaded), "a");
  funcs_clear (&f);
}

static void
test_example_7_02 (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) other = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) two = G_VALUE_INIT;

  funcs_init (&f);
  dsp = example_model (&f);
  path = g_build_filename (g_get_tmp_dir (), "test-io-7.02.json", NULL);
  schedula_dispatcher_save_default_values (dsp, path, &error);
  g_assert_no_error (error);
  /* schedula: Dispatcher(dmap=dsp.dmap), then load_default_values; here a
   * copy whose defaults differ, and whose properties are not a new one's */
  other = schedula_dispatcher_copy (dsp);
  g_value_set_int64 (g_value_init (&two, G_TYPE_INT64), 2);
  schedula_dispatcher_set_default_value (other, "a", NULL, NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_set_default_value (other, "b", &two, NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_set_name (other, "renamed");
  schedula_dispatcher_set_raises (other, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_set_executor (other, "async");
  schedula_dispatcher_load_default_values (other, path, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_remove (path);
  ASSERT_STR (solution_of (other), "a=1, b=3, c=3, d=4");
  ASSERT_STR (defaults_str (other), "a");
  /* re-initialised as schedula's dsp.__init__ does */
  g_assert_cmpstr (schedula_dispatcher_get_name (other), ==, "");
  g_assert_cmpint (schedula_dispatcher_get_raises (other), ==, SCHEDULA_RAISES_RECORD);
  g_assert_null (schedula_dispatcher_get_executor (other));
  g_assert_null (schedula_dispatcher_get_description (other));
  funcs_clear (&f);
}

static void
test_example_7_03 (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) fresh = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) with_defaults = schedula_dispatcher_new ("named");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) five = G_VALUE_INIT;
  SchedulaDataNode *node;

  funcs_init (&f);
  dsp = example_model (&f);
  path = g_build_filename (g_get_tmp_dir (), "test-io-7.03.json", NULL);
  schedula_dispatcher_save_map (dsp, path, &error);
  g_assert_no_error (error);
  schedula_dispatcher_load_map (fresh, path, f.registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* the defaults are not part of the map */
  ASSERT_STR (solution_of (fresh), "b=3");
  ASSERT_STR (defaults_str (fresh), "");
  ASSERT_STR (model_str (fresh, MODEL_NODES), "a:0, max:1, b:2, c:3, s:4, d:5");

  /* load_map keeps the dispatcher's defaults (of the nodes the map has),
   * and re-initialises it */
  g_value_set_int64 (g_value_init (&five, G_TYPE_INT64), 5);
  set_value (with_defaults, "a", &five);
  set_value (with_defaults, "zz", &five);
  schedula_dispatcher_set_raises (with_defaults, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_load_map (with_defaults, path, f.registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_remove (path);
  ASSERT_STR (solution_of (with_defaults), "a=5, b=3, c=5, d=6");
  ASSERT_STR (defaults_str (with_defaults), "a");
  g_assert_cmpstr (schedula_dispatcher_get_name (with_defaults), ==, "");
  g_assert_cmpint (schedula_dispatcher_get_raises (with_defaults), ==, SCHEDULA_RAISES_RECORD);
  /* the counter starts again */
  node = schedula_dispatcher_add_data (with_defaults, "new", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (node)), ==, 0);
  funcs_clear (&f);
}

/* A failed load leaves the model as it was */
static void
test_failed_load_unchanged (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GBytes) map = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaFunctionRegistry) empty = schedula_function_registry_new ();

  funcs_init (&f);
  dsp = example_model (&f);
  before = model_text (dsp);
  map = schedula_dispatcher_save_map_to_bytes (dsp, &error);
  g_assert_no_error (error);
  g_assert_false (schedula_dispatcher_load_map_from_bytes (dsp, map, empty, SCHEDULA_LOAD_FLAGS_NONE, &error));
  ASSERT_FILE_ERROR (error, UNKNOWN_FUNCTION, "no function named inc");
  bad = bytes_of ("{\"format\": \"schedula-model/1\", \"content\": \"defaults\", \"defaults\": "
                  "[{\"id\": \"a\", \"value\": 2}, {\"id\": \"nope\", \"value\": 3}]}");
  g_assert_false (schedula_dispatcher_load_default_values_from_bytes (dsp, bad, SCHEDULA_LOAD_FLAGS_NONE, &error));
  ASSERT_FILE_ERROR (error, UNKNOWN_ID, "<data>:1:94", "nope");
  after = model_text (dsp);
  g_assert_cmpstr (after, ==, before);
  funcs_clear (&f);
}

/* ------------------------------------------------------------------ */
/* Files, streams, async                                               */
/* ------------------------------------------------------------------ */

static void
test_streams (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;

  funcs_init (&f);
  dsp = rich_model (&f);
  g_assert_true (schedula_dispatcher_save_to_stream (dsp, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_assert_true (g_bytes_equal (written, text));
  in = g_memory_input_stream_new_from_bytes (written);
  loaded = schedula_dispatcher_new_from_stream (in, f.registry, SCHEDULA_LOAD_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  assert_same_dispatch (dsp, loaded, "{'b': <3>}", NULL);
  funcs_clear (&f);
}

typedef struct
{
  GMainLoop          *loop;
  SchedulaDispatcher *loaded;
  gboolean            saved;
  GError             *error;
  GThread            *thread;
} AsyncData;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncData *data = user_data;

  data->thread = g_thread_self ();
  data->saved = schedula_dispatcher_save_to_stream_finish (SCHEDULA_DISPATCHER (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;

  data->thread = g_thread_self ();
  data->loaded = schedula_dispatcher_new_from_stream_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_streams_async (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, FALSE, NULL, NULL };

  funcs_init (&f);
  dsp = rich_model (&f);
  schedula_dispatcher_save_to_stream_async (dsp, out, NULL, saved_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_true (data.saved);
  g_assert_true (data.thread == g_thread_self ());
  g_output_stream_close (out, NULL, NULL);
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  in = g_memory_input_stream_new_from_bytes (written);
  schedula_dispatcher_new_from_stream_async (in, f.registry, SCHEDULA_LOAD_FLAGS_NONE, NULL, loaded_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.loaded);
  g_assert_true (data.thread == g_thread_self ());
  assert_same_dispatch (dsp, data.loaded, "{'b': <3>}", NULL);
  g_clear_object (&data.loaded);

  /* an error of the file comes through the finish function */
  g_clear_object (&in);
  in = g_memory_input_stream_new_from_data ("{\"format\": 1}", -1, NULL);
  schedula_dispatcher_new_from_stream_async (in, f.registry, SCHEDULA_LOAD_FLAGS_NONE, NULL, loaded_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_null (data.loaded);
  ASSERT_FILE_ERROR (data.error, FORMAT, "<stream>:1:2", "the format is a string");

  /* cancelled */
  g_clear_object (&in);
  in = g_memory_input_stream_new_from_bytes (written);
  g_cancellable_cancel (cancellable);
  schedula_dispatcher_new_from_stream_async (in, f.registry, SCHEDULA_LOAD_FLAGS_NONE, cancellable, loaded_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_null (data.loaded);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);

  g_main_loop_unref (data.loop);
  funcs_clear (&f);
}

/* A stream without end: the loader stops at SCHEDULA_MODEL_FILE_MAX_SIZE */
GType endless_stream_get_type (void);
typedef GInputStream EndlessStream;
typedef GInputStreamClass EndlessStreamClass;
G_DEFINE_TYPE (EndlessStream, endless_stream, G_TYPE_INPUT_STREAM)

static gssize
endless_read (GInputStream  *stream,
              void          *buffer,
              gsize          count,
              GCancellable  *cancellable,
              GError       **error)
{
  memset (buffer, ' ', count);
  return count;
}

static void
endless_stream_class_init (EndlessStreamClass *klass)
{
  klass->read_fn = endless_read;
}

static void
endless_stream_init (EndlessStream *self)
{
}

static void
test_endless_stream (void)
{
  g_autoptr(GInputStream) in = g_object_new (endless_stream_get_type (), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new_from_stream (in, NULL, SCHEDULA_LOAD_FLAGS_NONE,
                                                                           NULL, &error);

  g_assert_null (dsp);
  ASSERT_FILE_ERROR (error, TOO_LARGE, "<stream>: larger than 268435456 bytes");
}

/* ------------------------------------------------------------------ */
/* The registry and its resolvers                                      */
/* ------------------------------------------------------------------ */

static gpointer
get_default_thread (gpointer data)
{
  return schedula_function_registry_get_default ();
}

static void
test_registry (void)
{
  g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
  g_autoptr(SchedulaFunction) a = fn ("a", fn_inc);
  g_autoptr(SchedulaFunction) b = fn ("b", fn_double);
  g_autoptr(SchedulaFunction) found = NULL;
  g_auto(GStrv) names = NULL;
  GThread *threads[8];

  g_assert_null (schedula_function_registry_lookup (registry, "a"));
  schedula_function_registry_add (registry, NULL, a);
  schedula_function_registry_add (registry, "alias", b);
  found = schedula_function_registry_lookup (registry, "a");
  g_assert_true (found == a);
  g_clear_object (&found);
  /* a name added again replaces */
  schedula_function_registry_add (registry, "a", b);
  found = schedula_function_registry_lookup (registry, "a");
  g_assert_true (found == b);
  names = schedula_function_registry_dup_names (registry);
  ASSERT_STR (g_strjoinv (", ", names), "a, alias");
  g_assert_true (schedula_function_registry_remove (registry, "alias"));
  g_assert_false (schedula_function_registry_remove (registry, "alias"));

  /* the default registry: one per process, whatever thread asks */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("registry", get_default_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == schedula_function_registry_get_default ());
}

typedef struct
{
  guint                 calls;
  SchedulaFunctionRole  roles[8];
  gboolean              destroyed;
  SchedulaFunction     *inc;
} Resolved;

static SchedulaFunction *
test_resolver (const char            *ref,
               SchedulaFunctionRole   role,
               gpointer               user_data,
               GError               **error)
{
  Resolved *r = user_data;

  if (r->calls < G_N_ELEMENTS (r->roles))
    r->roles[r->calls] = role;
  r->calls++;
  if (g_str_equal (ref, "test:inc"))
    return g_object_ref (r->inc);
  if (g_str_equal (ref, "test:silent"))
    return NULL;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no test function %s", ref);
  return NULL;
}

static void
resolved_destroy (gpointer data)
{
  ((Resolved *) data)->destroyed = TRUE;
}

static void
test_resolvers (void)
{
  g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("refs");
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaFunction) f = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  Resolved r = { 0, { 0 }, FALSE, inc };
  SchedulaFunctionNode *node;
  SchedulaDataNode *data;

  schedula_function_set_ref (inc, "test:inc");
  node = schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  schedula_function_node_set_input_domain (node, inc);
  data = schedula_dispatcher_add_data (dsp, "b", NULL, &error);
  g_assert_no_error (error);
  schedula_data_node_set_combiner (data, inc);
  schedula_data_node_set_callback (data, inc);
  schedula_data_node_add_filter (data, inc);
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_assert_no_error (error);
  ASSERT_CONTAINS ((const char *) g_bytes_get_data (text, NULL), "\"ref\" : \"test:inc\"");

  /* without the flag, a reference is refused */
  loaded = schedula_dispatcher_new_from_bytes (text, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  ASSERT_FILE_ERROR (error, REF_NOT_ALLOWED, "<data>:14:13", "test:inc", "SCHEDULA_LOAD_FLAGS_ALLOW_REFS");
  /* with it, but no resolver for the prefix */
  loaded = schedula_dispatcher_new_from_bytes (text, registry, SCHEDULA_LOAD_FLAGS_ALLOW_REFS, &error);
  ASSERT_FILE_ERROR (error, UNKNOWN_FUNCTION, "<data>:14:13", "no resolver for the references test:");
  /* with a resolver: each role is said */
  schedula_function_registry_add_resolver (registry, "test", test_resolver, &r, resolved_destroy);
  loaded = schedula_dispatcher_new_from_bytes (text, registry, SCHEDULA_LOAD_FLAGS_ALLOW_REFS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r.calls, ==, 5);
  g_assert_cmpint (r.roles[0], ==, SCHEDULA_FUNCTION_ROLE_FUNCTION);
  g_assert_cmpint (r.roles[1], ==, SCHEDULA_FUNCTION_ROLE_INPUT_DOMAIN);
  g_assert_cmpint (r.roles[2], ==, SCHEDULA_FUNCTION_ROLE_COMBINER);
  g_assert_cmpint (r.roles[3], ==, SCHEDULA_FUNCTION_ROLE_CALLBACK);
  g_assert_cmpint (r.roles[4], ==, SCHEDULA_FUNCTION_ROLE_FILTER);
  g_assert_true (schedula_function_node_get_function (
    SCHEDULA_FUNCTION_NODE (schedula_dispatcher_lookup_node (loaded, "f"))) == inc);

  /* a resolver's error, and a resolver that says nothing */
  f = schedula_function_registry_resolve (registry, "test:other", SCHEDULA_FUNCTION_ROLE_FUNCTION, &error);
  g_assert_null (f);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  f = schedula_function_registry_resolve (registry, "test:silent", SCHEDULA_FUNCTION_ROLE_FUNCTION, &error);
  ASSERT_FILE_ERROR (error, UNKNOWN_FUNCTION, "test:silent");
  f = schedula_function_registry_resolve (registry, "no-prefix", SCHEDULA_FUNCTION_ROLE_FUNCTION, &error);
  ASSERT_FILE_ERROR (error, UNKNOWN_FUNCTION, "has no prefix");

  /* replacing and removing a resolver frees its data */
  g_assert_true (schedula_function_registry_remove_resolver (registry, "test"));
  g_assert_true (r.destroyed);
  g_assert_false (schedula_function_registry_remove_resolver (registry, "test"));
}

/* c: references: the library resolves them with schedula_function_new_for_ref() */
static void
test_c_refs (void)
{
  const char *module = g_getenv ("SCHEDULA_TEST_FUNCTIONS");
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("c-refs");
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(SchedulaFunction) sum = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;

  if (module == NULL)
    {
      g_test_skip ("SCHEDULA_TEST_FUNCTIONS is not set (meson test sets it)");
      return;
    }
  ref = g_strdup_printf ("c:%s:tf_sum", module);
  sum = schedula_function_new_for_ref (ref, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "sum", sum, IDS ("a", "b"), IDS ("c"), &error);
  g_assert_no_error (error);
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_assert_no_error (error);
  loaded = schedula_dispatcher_new_from_bytes (text, NULL, SCHEDULA_LOAD_FLAGS_NONE, &error);
  ASSERT_FILE_ERROR (error, REF_NOT_ALLOWED, "tf_sum");
  g_clear_object (&loaded);
  loaded = round_trip (dsp, NULL, SCHEDULA_LOAD_FLAGS_ALLOW_REFS);
  assert_same_dispatch (dsp, loaded, "{'a': <1>, 'b': <2>}", NULL);
}

/* ------------------------------------------------------------------ */
/* What a file cannot hold                                             */
/* ------------------------------------------------------------------ */

static SchedulaRaises
raise_always (const char   *node_id,
              const GError *error,
              gpointer      user_data)
{
  return SCHEDULA_RAISES_RAISE;
}

static void
test_save_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = NULL;

  {
    /* a function without a name or a reference */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("anonymous");
    g_autoptr(SchedulaFunction) f = schedula_function_new (NULL, fn_inc, NULL, NULL);

    schedula_dispatcher_add_function (dsp, "f", f, IDS ("a"), IDS ("b"), &error);
    g_assert_no_error (error);
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    g_assert_null (text);
    ASSERT_FILE_ERROR (error, UNSUPPORTED, "the function of node f", "neither a reference nor a name");
  }
  {
    /* a raises function */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("raising");

    schedula_dispatcher_set_raises_func (dsp, raise_always, NULL, NULL);
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    g_assert_null (text);
    ASSERT_FILE_ERROR (error, UNSUPPORTED, "raising", "raises function");
  }
  {
    /* a dispatcher that dispatches itself */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("itself");
    g_autoptr(SchedulaSubDispatch) self = schedula_sub_dispatch_new_for_dispatcher (dsp);

    schedula_dispatcher_add_function (dsp, "again", SCHEDULA_FUNCTION (self), IDS ("a"), IDS ("b"), &error);
    g_assert_no_error (error);
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    g_assert_null (text);
    ASSERT_FILE_ERROR (error, UNSUPPORTED, "itself", "contains itself");
    /* the cycle, broken, frees both */
    schedula_dispatcher_remove_node (dsp, "again", NULL);
  }
  {
    /* a value without an encoded form */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("object");
    g_auto(GValue) v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_POINTER);
    g_value_set_pointer (&v, &v);
    set_value (dsp, "p", &v);
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    g_assert_null (text);
    ASSERT_FILE_ERROR (error, VALUE, "the default value of node p", "gpointer");
  }
  {
    /* an id that is not UTF-8 */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("latin1");

    schedula_dispatcher_add_data (dsp, "caf\xe9", NULL, &error);
    g_assert_no_error (error);
    text = schedula_dispatcher_save_to_bytes (dsp, &error);
    g_assert_null (text);
    ASSERT_FILE_ERROR (error, UNSUPPORTED, "is not UTF-8");
  }
  {
    /* a file that cannot be written */
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("nowhere");

    g_assert_false (schedula_dispatcher_save_to_file (dsp, "/nonexistent-dir/model.json", &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);
  }
}

/* ------------------------------------------------------------------ */
/* Bad files                                                           */
/* ------------------------------------------------------------------ */

/* Loads @text as a model file: it must fail with @code, and the message
 * must contain @where (file:line:column) and @what */
static void
assert_bad (const char *text,
            gsize       len,
            gint        code,
            const char *where,
            const char *what)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len == 0 ? strlen (text) : len);
  g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GError) error = NULL;

  schedula_function_registry_add (registry, NULL, inc);
  dsp = schedula_dispatcher_new_from_bytes (bytes, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_null (dsp);
  if (!g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, code))
    g_error ("expected code %d, got %s %d: %s", code, g_quark_to_string (error->domain), error->code, error->message);
  ASSERT_CONTAINS (error->message, where);
  ASSERT_CONTAINS (error->message, what);
}

/* A model file around one node (@node is the JSON of its other members) */
#define MODEL_WITH(nodes, edges) \
  "{\n" \
  "  \"format\": \"schedula-model/1\",\n" \
  "  \"content\": \"model\",\n" \
  "  \"dispatchers\": [\n" \
  "    {\n" \
  "      \"name\": \"m\",\n" \
  "      \"counter\": 3,\n" \
  "      \"nodes\": [\n" \
  nodes \
  "      ],\n" \
  "      \"edges\": [" edges "]\n" \
  "    }\n" \
  "  ]\n" \
  "}\n"

#define DATA_A "        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0},\n"
#define DATA_B "        {\"id\": \"b\", \"kind\": \"data\", \"index\": 2}\n"

static void
test_bad_json (void)
{
  assert_bad ("", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:1", "a value expected");
  assert_bad ("{\"format\": \"schedula-model/1\",\n  \"content\": model}", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE,
              "<data>:2:14", "a value expected, not 'm'");
  assert_bad ("{\"a\": [1, 2,]}", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:13", "a value expected, not ']'");
  assert_bad ("{\"a\": 1} x", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:10", "the end of the text expected");
  assert_bad ("{\"a\": \"open", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:7", "a string that does not end");
  assert_bad ("{'a': 1}", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:2", "a key (a string) expected");
  assert_bad ("[\"\\x\"]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:3", "unknown escape");
  assert_bad ("[\"\\u12\"]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:3", "four hex digits");
  assert_bad ("[\"\\udc00\"]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:3", "lone low surrogate");
  assert_bad ("[\"\\u0000\"]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:3", "NUL");
  assert_bad ("[\"\xc3\x28\"]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:3", "not UTF-8");
  assert_bad ("[\"tab\there\"]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:6", "control character");
  assert_bad ("[01]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:3", "',' or ']' expected");
  assert_bad ("[1.]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:4", "a digit after the decimal point");
  assert_bad ("[tru]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:2", "a value expected");
  assert_bad ("[1]\0garbage", 12, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:4", "the end of the text");
  /* columns count characters, not bytes */
  assert_bad ("[\"é\", x]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:7", "a value expected, not 'x'");
  /* the JSON is fine, the document is not */
  assert_bad ("[1, 2]", 0, SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:1:1", "a model file is an object");
  assert_bad ("{\"format\": \"schedula-model/2\", \"content\": \"model\", \"dispatchers\": []}", 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:1:2", "this library reads schedula-model/1");
  assert_bad ("{\"format\": \"schedula-model/1\", \"content\": \"map\", \"dispatchers\": []}", 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:1:32", "holds a map");
  assert_bad ("{\"format\": \"schedula-model/1\", \"content\": \"model\", \"dispatchers\": [], \"x\": 1}", 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:1:71", "no member \"x\"");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": \"zero\"}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:37", "the index is an integer, not a string");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"wait\": true}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:49", "a data node has no member \"wait\"");
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"a\", \"kind\": \"data\", \"index\": 1}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:10:10", "a second node a");
  assert_bad (MODEL_WITH ("        {\"id\": \"$weird\", \"kind\": \"data\", \"index\": 0}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:10", "reserved");
}

static void
test_bad_kind (void)
{
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"gizmo\", \"index\": 0}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:21", "unknown node kind \"gizmo\"");
  assert_bad (MODEL_WITH ("        {\"id\": \"f\", \"kind\": \"function\", \"index\": 0, \"inputs\": [], \"outputs\": [],"
                          " \"function\": {\"helper\": \"frobnicate\"}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:95", "unknown helper \"frobnicate\"");
  assert_bad (MODEL_WITH ("        {\"id\": \"f\", \"kind\": \"function\", \"index\": 0, \"inputs\": [], \"outputs\": [],"
                          " \"function\": {\"wrapper\": \"Gadget\", \"dispatcher\": 0}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:95", "unknown wrapper \"Gadget\"");
}

static void
test_bad_dangling (void)
{
  /* an edge to a node the dispatcher does not have */
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": \"inc\","
                          " \"inputs\": [\"a\"], \"outputs\": [\"b\"]}\n", "[\"a\", \"f\"], [\"f\", \"b\"]"), 0,
              SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_ID, "<data>:12:35", "an edge of the node b");
  /* an edge that is not a port */
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": \"inc\","
                          " \"inputs\": [], \"outputs\": [\"b\"]},\n" DATA_B, "[\"a\", \"f\"]"), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:13:17", "the edge a -> f is not an input or an output");
  /* a weight of a port the node does not have */
  assert_bad (MODEL_WITH ("        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": \"inc\","
                          " \"inputs\": [\"a\"], \"outputs\": [], \"input_weights\": {\"z\": 1}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_ID, "<data>:9:122", "a weight of input z");
  /* a dispatcher that is not defined (yet) */
  assert_bad (MODEL_WITH ("        {\"id\": \"s\", \"kind\": \"dispatcher\", \"index\": 0, \"dispatcher\": 0,"
                          " \"inputs\": {}, \"outputs\": {}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_ID, "<data>:9:55", "dispatcher 0 is not defined before it is used");
  /* a default of a node the model does not have */
  {
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("d");
    g_autoptr(GBytes) text = bytes_of ("{\"format\": \"schedula-model/1\", \"content\": \"defaults\",\n"
                                       " \"defaults\": [{\"id\": \"ghost\", \"value\": 1}]}");
    g_autoptr(GError) error = NULL;

    g_assert_false (schedula_dispatcher_load_default_values_from_bytes (dsp, text, SCHEDULA_LOAD_FLAGS_NONE, &error));
    ASSERT_FILE_ERROR (error, UNKNOWN_ID, "<data>:2:16", "ghost");
  }
}

static void
test_bad_function (void)
{
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": \"secret\","
                          " \"inputs\": [\"a\"], \"outputs\": []}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION, "<data>:10:53", "no function named secret in the registry");
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": 42,"
                          " \"inputs\": [\"a\"], \"outputs\": []}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:10:53", "a function is a name");
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": "
                          "{\"ref\": \"builtin:nothing\"}, \"inputs\": [\"a\"], \"outputs\": []}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION, "<data>:10:66", "the library has no function builtin:nothing");
}

static void
test_bad_ref (void)
{
  /* a reference is not resolved without SCHEDULA_LOAD_FLAGS_ALLOW_REFS:
   * no library is opened */
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": "
                          "{\"ref\": \"c:libc.so.6:abort\"}, \"inputs\": [\"a\"], \"outputs\": []}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED, "<data>:10:66", "c:libc.so.6:abort");
  assert_bad (MODEL_WITH (DATA_A "        {\"id\": \"f\", \"kind\": \"function\", \"index\": 1, \"function\": "
                          "{\"ref\": \"python:os:system\"}, \"inputs\": [\"a\"], \"outputs\": []}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED, "<data>:10:66", "python:os:system");
  /* nor a value of a codec without SCHEDULA_LOAD_FLAGS_ALLOW_CODECS */
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"default\": "
                          "{\"$codec\": \"pickle\", \"$data\": {\"$type\": \"ay\", \"$value\": \"gARLAS4=\"}}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED, "<data>:9:49", "codec pickle");
  /* with it, a codec that is not registered */
  {
    g_autoptr(GBytes) text = g_bytes_new_static (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, "
                                                             "\"default\": {\"$codec\": \"nope\", \"$data\": 1}}\n", ""),
                                                 strlen (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", "
                                                                     "\"index\": 0, \"default\": {\"$codec\": \"nope\", "
                                                                     "\"$data\": 1}}\n", "")));
    g_autoptr(GError) error = NULL;
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new_from_bytes (text, NULL,
                                                                            SCHEDULA_LOAD_FLAGS_ALLOW_CODECS, &error);

    g_assert_null (dsp);
    ASSERT_FILE_ERROR (error, VALUE, "<data>:9:49", "no codec nope is registered");
  }
}

static void
test_bad_values (void)
{
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"default\": "
                          "{\"$type\": \"i\", \"$value\": 3000000000}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_VALUE, "<data>:9:75", "out of the range of type i");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"default\": "
                          "{\"$type\": \"a{s\", \"$value\": 3}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_VALUE, "<data>:9:61", "not the type of a GVariant value");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"default\": "
                          "{\"$type\": \"ay\", \"$value\": \"not base64!\"}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_VALUE, "<data>:9:76", "base64");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"default\": {\"$x\": 1}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_VALUE, "<data>:9:61", "the key $x of a dict");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"initial_dist\": [1]}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:49", "a number or [inf, num]");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"initial_dist\": \"nan\"}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_FORMAT, "<data>:9:49", "NaN");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"value_type\": \"NoSuchType\"}\n", ""),
              0, SCHEDULA_MODEL_FILE_ERROR_VALUE, "<data>:9:49", "NoSuchType is not registered");
}

static void
test_bad_numbers (void)
{
  assert_bad ("[99999999999999999999]", 0, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:1:2",
              "an integer outside the 64-bit integers");
  assert_bad ("[-9223372036854775809]", 0, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:1:2", "64-bit");
  assert_bad ("[1e400]", 0, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:1:2", "a number outside the doubles");
  assert_bad ("[-1.5e99999999999]", 0, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:1:2", "outside the doubles");
  {
    g_autoptr(GString) s = g_string_new ("[1");

    for (guint i = 0; i < 5000; i++)
      g_string_append_c (s, '0');
    g_string_append (s, "]");
    assert_bad (s->str, 0, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:1:2", "more than 1000 characters");
  }
  /* a number where the file wants a small one */
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 4294967296}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:9:37", "the index is out of its range");
  assert_bad (MODEL_WITH ("        {\"id\": \"f\", \"kind\": \"function\", \"index\": 0, \"inputs\": [], \"outputs\": [],"
                          " \"function\": {\"helper\": \"replicate_value\", \"n\": 100000000000}}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, "<data>:9:124", "the number of copies");
}

static void
test_bad_deep (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  /* 10,000 levels: refused at the level past the limit, no recursion */
  for (guint i = 0; i < 10000; i++)
    g_string_append (s, i % 2 ? "{\"k\": " : "[");
  assert_bad (s->str, 0, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP, "<data>:1:", "deeper than 2048 levels");
  g_string_truncate (s, 0);
  for (guint i = 0; i < 10000; i++)
    g_string_append (s, "[\n");
  assert_bad (s->str, 0, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP, "<data>:2049:1", "deeper than 2048 levels");
  /* a deep value within the limit is read, and refused by the values'
   * own limit (1,000 levels) */
  g_string_assign (s, "{\"format\": \"schedula-model/1\", \"content\": \"model\", \"dispatchers\": [{\"name\": \"m\", "
                      "\"counter\": 1, \"nodes\": [{\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"default\": ");
  for (guint i = 0; i < 1500; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < 1500; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "}], \"edges\": []}]}");
  assert_bad (s->str, 0, SCHEDULA_MODEL_FILE_ERROR_VALUE, "<data>:1:146", "deeper than 1000 levels");
}

static void
test_bad_long_string (void)
{
  /* 100 MB: refused at 16 MiB, naming where the string starts */
  gsize n = 100 * 1000 * 1000;
  char *text = g_malloc (n + 16);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  memcpy (text, "[1,\n \"", 6);
  memset (text + 6, 'x', n);
  memcpy (text + 6 + n, "\"]", 2);
  bytes = g_bytes_new_take (text, n + 8);
  dsp = schedula_dispatcher_new_from_bytes (bytes, NULL, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_null (dsp);
  ASSERT_FILE_ERROR (error, TOO_LARGE, "<data>:2:2", "a string longer than 16777216 bytes");
}

static void
test_bad_duplicate_keys (void)
{
  assert_bad ("{\"format\": \"schedula-model/1\",\n \"format\": \"schedula-model/1\"}", 0,
              SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:2:2", "a duplicate key \"format\"");
  assert_bad (MODEL_WITH ("        {\"id\": \"a\", \"kind\": \"data\", \"index\": 0, \"id\": \"b\"}\n", ""), 0,
              SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:9:49", "a duplicate key \"id\"");
  /* in a value: a dict cannot have a key twice either */
  assert_bad ("[{\"k\": 1, \"k\": 2}]", 0, SCHEDULA_MODEL_FILE_ERROR_PARSE, "<data>:1:11", "duplicate key \"k\"");
}

/* Whatever bytes a file holds, loading fails cleanly or succeeds: every
 * truncation of a saved model, and random byte changes */
static void
test_bad_mutations (void)
{
  Funcs f;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  const char *data;
  gsize len, step;

  funcs_init (&f);
  dsp = rich_model (&f);
  /* with the wrappers too: their constructors get what a file says */
  {
    g_autoptr(SchedulaDispatcher) wrappers = wrappers_model (&f);
    g_autoptr(SchedulaDispatcherNode) node = schedula_dispatcher_node_new ("wrappers", wrappers, NULL, NULL);

    schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (node), &error);
    g_assert_no_error (error);
  }
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (text, &len);
  step = g_test_thorough () ? 1 : 97;
  for (gsize cut = 0; cut < len - 1; cut += step)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      g_autoptr(SchedulaDispatcher) loaded = schedula_dispatcher_new_from_bytes (part, f.registry,
                                                                                 SCHEDULA_LOAD_FLAGS_NONE, &error);

      g_assert_null (loaded);
      g_assert_true (error->domain == SCHEDULA_MODEL_FILE_ERROR);
      g_clear_error (&error);
    }
  for (guint i = 0; i < (g_test_thorough () ? 5000u : 300u); i++)
    {
      static const char pieces[] = "{}[]\",:0-9eE.xnt\\ \n\xc3";
      char *copy = g_memdup2 (data, len);
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(SchedulaDispatcher) loaded = NULL;

      for (guint k = 0; k < 1 + i % 3; k++)
        copy[g_rand_int_range (rand, 0, len)] = pieces[g_rand_int_range (rand, 0, sizeof pieces - 1)];
      mutated = g_bytes_new_take (copy, len);
      loaded = schedula_dispatcher_new_from_bytes (mutated, f.registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
      g_assert_true (loaded != NULL || error != NULL);
      if (loaded == NULL)
        g_assert_true (error->domain == SCHEDULA_MODEL_FILE_ERROR || error->domain == SCHEDULA_DISPATCH_ERROR);
      g_clear_error (&error);
    }
  funcs_clear (&f);
}

/* ------------------------------------------------------------------ */
/* The files of tests/io-data                                          */
/* ------------------------------------------------------------------ */

/* The model of tests/io-data/c-model.json, built with the functions the
 * Python tests have too: tf_sum by name, and the library's helpers */
static SchedulaDispatcher *
shared_model (SchedulaFunction *tf_sum)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("shared");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaFunction) sel = schedula_selector_new (IDS ("x"), SCHEDULA_OUTPUT_TYPE_VALUES, FALSE);
  g_autoptr(SchedulaFunction) sdf = NULL;
  g_autoptr(SchedulaMapping) in = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;

  schedula_dispatcher_add_function (child, "sum", tf_sum, IDS ("x", "k"), IDS ("y"), &error);
  g_assert_no_error (error);
  g_value_set_int64 (g_value_init (&v, G_TYPE_INT64), 100);
  set_value (child, "k", &v);
  g_value_unset (&v);
  schedula_mapping_add (in, "c", "x");
  schedula_mapping_add (out, "y", "d");
  schedula_dispatcher_add_function (dsp, "sum", tf_sum, IDS ("a", "b"), IDS ("c"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_dispatcher (dsp, "child", child, in, out, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "select", sel, IDS ("dict"), IDS ("x"), &error);
  g_assert_no_error (error);
  sdf = SCHEDULA_FUNCTION (schedula_sub_dispatch_function_new (child, "plus_k", IDS ("x"), IDS ("y"),
                                                              SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "plus_k", sdf, IDS ("x"), IDS ("e"), &error);
  g_assert_no_error (error);
  g_value_set_int64 (g_value_init (&v, G_TYPE_INT64), 5);
  set_value (dsp, "b", &v);
  g_value_unset (&v);
  set_variant (dsp, "dict", "{'x': <7>, 'label': <'seven'>, 'none': <@mv nothing>}");
  return g_steal_pointer (&dsp);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "io-data", name, NULL);
}

static void
test_io_data (void)
{
  const char *module = g_getenv ("SCHEDULA_TEST_FUNCTIONS");
  g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
  g_autoptr(SchedulaFunction) tf_sum = NULL;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *c_path = data_path ("c-model.json");
  g_autofree char *py_path = data_path ("python-model.json");
  g_autofree char *committed = NULL;
  g_autofree char *ref = NULL;
  gsize len;

  if (module == NULL)
    {
      g_test_skip ("SCHEDULA_TEST_FUNCTIONS is not set (meson test sets it)");
      return;
    }
  /* tf_sum by name: the files do not name the path of the module */
  ref = g_strdup_printf ("c:%s:tf_sum", module);
  tf_sum = schedula_function_new_for_ref (ref, &error);
  g_assert_no_error (error);
  schedula_function_set_ref (tf_sum, NULL);
  schedula_function_registry_add (registry, "tf_sum", tf_sum);

  /* the model saved in C: the committed file is what saving gives today
   * (SCHEDULA_IO_WRITE_DATA=1 writes it again) */
  dsp = shared_model (tf_sum);
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_assert_no_error (error);
  if (g_getenv ("SCHEDULA_IO_WRITE_DATA") != NULL)
    {
      g_file_set_contents (c_path, g_bytes_get_data (text, NULL), g_bytes_get_size (text), &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (c_path, &committed, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (committed, ==, g_bytes_get_data (text, NULL));
  loaded = schedula_dispatcher_new_from_file (c_path, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_no_error (error);
  assert_same_dispatch (dsp, loaded, "{'a': <1>}", NULL);
  ASSERT_STR (dispatch_text (loaded, "{'a': <1>}", NULL),
              "solution \n"
              "  values a=gint64:int64 1 b=gint64:int64 5 dict=SchedulaDict:{'x': <int64 7>, 'label': <'seven'>, "
              "'none': <@mv nothing>} c=gint64:int64 6 x=gint64:int64 7 e=gint64:int64 107 d=gint64:int64 106\n"
              "  distances $START=-1, a=0, b=0, dict=0, select=1, sum=1, c=2, child=2, x=2, plus_k=3, e=4, d=4\n"
              "  workflow $START, a, b, dict, sum, select, x, c, child, plus_k, e, d\n"
              "  edges $START->a=gint64:int64 1 $START->b=gint64:int64 5 $START->dict=SchedulaDict:{'x': <int64 7>, "
              "'label': <'seven'>, 'none': <@mv nothing>} a->sum=gint64:int64 1 b->sum=gint64:int64 5 "
              "dict->select=SchedulaDict:{'x': <int64 7>, 'label': <'seven'>, 'none': <@mv nothing>} "
              "sum->c=gint64:int64 6 select->x=gint64:int64 7 x->plus_k=gint64:int64 7 c->child=gint64:int64 6 "
              "child->d=gint64:int64 106 plus_k->e=gint64:int64 107\n"
              "  errors\n"
              "solution child\n"
              "  values x=gint64:int64 6 k=gint64:int64 100 y=gint64:int64 106\n"
              "  distances $START=-1, x=2, k=2, sum=3, y=4\n"
              "  workflow $START, k, x, sum, y\n"
              "  edges $START->k=gint64:int64 100 $START->x=gint64:int64 6 k->sum=gint64:int64 100 "
              "x->sum=gint64:int64 6 sum->y=gint64:int64 106\n"
              "  errors\n");

  /* the model saved in Python (tests/python/test_io.py writes it) */
  g_clear_object (&loaded);
  loaded = schedula_dispatcher_new_from_file (py_path, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (loaded, NULL, NULL, NULL);

    ASSERT_SOL (sol, "a=2, b=40, label='answer', c=42, d=42");
  }
}

/* ------------------------------------------------------------------ */
/* A large model                                                       */
/* ------------------------------------------------------------------ */

static void
test_large (void)
{
  guint n = g_getenv ("SCHEDULA_IO_LARGE") != NULL ? (guint) atoi (g_getenv ("SCHEDULA_IO_LARGE")) : 10000;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("large");
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gdouble t_save, t_load;

  schedula_function_registry_add (registry, NULL, inc);
  /* a chain of n functions, each also fed by a side input */
  for (guint i = 0; i < n; i++)
    {
      char in[32], side[32], out[32], id[32];

      g_snprintf (in, sizeof in, "d%u", i);
      g_snprintf (side, sizeof side, "s%u", i);
      g_snprintf (out, sizeof out, "d%u", i + 1);
      g_snprintf (id, sizeof id, "f%u", i);
      schedula_dispatcher_add_function (dsp, id, inc, IDS (in, side), IDS (out), &error);
      g_assert_no_error (error);
    }
  g_timer_start (timer);
  text = schedula_dispatcher_save_to_bytes (dsp, &error);
  t_save = g_timer_elapsed (timer, NULL);
  g_assert_no_error (error);
  g_timer_start (timer);
  loaded = schedula_dispatcher_new_from_bytes (text, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  t_load = g_timer_elapsed (timer, NULL);
  g_assert_no_error (error);
  again = schedula_dispatcher_save_to_bytes (loaded, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (text, again));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, 3 * n + 1);
  g_test_message ("a model of %u functions (%u nodes, %" G_GSIZE_FORMAT " bytes): saved in %.3f s, loaded in %.3f s",
                  n, 3 * n + 1, g_bytes_get_size (text), t_save, t_load);
}

/* One value in the JSON of model files, both ways: the type comes back
 * (1 is an int64, 1.0 a double), and a bad text gives the name, the line
 * and the column */
static void
test_value_json (void)
{
  struct { const char *text; GType type; const char *again; } good[] = {
    { "1", G_TYPE_INT64, "1" },
    { "1.0", G_TYPE_DOUBLE, "1.0" },
    { " \"caf\u00e9\" ", G_TYPE_STRING, "\"caf\u00e9\"" },
    { "[1, 2.5, null, true]", G_TYPE_INVALID, "[1,2.5,null,true]" },
    { "{\"a\": {\"$$b\": [\"x\"]}}", G_TYPE_INVALID, "{\"a\":{\"$$b\":[\"x\"]}}" },
  };
  struct { const char *text; const char *message; } bad[] = {
    { "", "--input a:1:1: " },
    { "[1,\n  ", "--input a:2:3: " },
    { "1 2", "--input a:1:3: " },
    { "{\"$codec\": \"nope\", \"$data\": 1}", "--input a:1:1: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autoptr(GError) error = NULL;
      g_autofree char *again = NULL;

      g_assert_true (schedula_value_from_json (good[i].text, -1, NULL, SCHEDULA_LOAD_FLAGS_NONE, &v, &error));
      g_assert_no_error (error);
      if (good[i].type != G_TYPE_INVALID)
        g_assert_cmpstr (G_VALUE_TYPE_NAME (&v), ==, g_type_name (good[i].type));
      again = schedula_value_to_json (&v, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, good[i].again);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autoptr(GError) error = NULL;

      g_assert_false (schedula_value_from_json (bad[i].text, -1, "--input a", SCHEDULA_LOAD_FLAGS_NONE, &v, &error));
      g_assert_true (error->domain == SCHEDULA_MODEL_FILE_ERROR);
      g_assert_true (g_str_has_prefix (error->message, bad[i].message));
      g_assert_false (G_IS_VALUE (&v));
    }
  /* the values' own limit counts a level per array (not two: the GVariant
   * form of a sequence is `av`): 1,000 arrays are read, 1,001 are not */
  for (guint n = 1000; n <= 1001; n++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_c (text, '[');
      g_string_append_c (text, '1');
      for (guint i = 0; i < n; i++)
        g_string_append_c (text, ']');
      if (n == 1000)
        {
          g_assert_true (schedula_value_from_json (text->str, -1, NULL, SCHEDULA_LOAD_FLAGS_NONE, &v, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (schedula_value_from_json (text->str, -1, NULL, SCHEDULA_LOAD_FLAGS_NONE, &v, &error));
          g_assert_true (strstr (error->message, "deeper than 1000 levels") != NULL);
        }
    }
  /* a value without a JSON form */
  {
    g_auto(GValue) v = G_VALUE_INIT;
    g_autoptr(GError) error = NULL;

    g_value_init (&v, G_TYPE_POINTER);
    g_assert_null (schedula_value_to_json (&v, &error));
    g_assert_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_VALUE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/IO/round-trip/attributes", test_round_trip_attributes);
  g_test_add_func ("/Schedula/IO/round-trip/wrappers", test_round_trip_wrappers);
  g_test_add_func ("/Schedula/IO/round-trip/values", test_round_trip_values);
  g_test_add_func ("/Schedula/IO/round-trip/sub-models", test_round_trip_removed);
  g_test_add_func ("/Schedula/IO/example/7.01", test_example_7_01);
  g_test_add_func ("/Schedula/IO/example/7.02", test_example_7_02);
  g_test_add_func ("/Schedula/IO/example/7.03", test_example_7_03);
  g_test_add_func ("/Schedula/IO/failed-load-unchanged", test_failed_load_unchanged);
  g_test_add_func ("/Schedula/IO/streams", test_streams);
  g_test_add_func ("/Schedula/IO/streams-async", test_streams_async);
  g_test_add_func ("/Schedula/IO/endless-stream", test_endless_stream);
  g_test_add_func ("/Schedula/IO/registry", test_registry);
  g_test_add_func ("/Schedula/IO/resolvers", test_resolvers);
  g_test_add_func ("/Schedula/IO/c-refs", test_c_refs);
  g_test_add_func ("/Schedula/IO/save-errors", test_save_errors);
  g_test_add_func ("/Schedula/IO/bad/json", test_bad_json);
  g_test_add_func ("/Schedula/IO/bad/kind", test_bad_kind);
  g_test_add_func ("/Schedula/IO/bad/dangling", test_bad_dangling);
  g_test_add_func ("/Schedula/IO/bad/function", test_bad_function);
  g_test_add_func ("/Schedula/IO/bad/ref", test_bad_ref);
  g_test_add_func ("/Schedula/IO/bad/values", test_bad_values);
  g_test_add_func ("/Schedula/IO/bad/numbers", test_bad_numbers);
  g_test_add_func ("/Schedula/IO/bad/deep", test_bad_deep);
  g_test_add_func ("/Schedula/IO/bad/long-string", test_bad_long_string);
  g_test_add_func ("/Schedula/IO/bad/duplicate-keys", test_bad_duplicate_keys);
  g_test_add_func ("/Schedula/IO/bad/mutations", test_bad_mutations);
  g_test_add_func ("/Schedula/IO/io-data", test_io_data);
  g_test_add_func ("/Schedula/IO/large", test_large);
  g_test_add_func ("/Schedula/IO/value-json", test_value_json);

  return g_test_run ();
}
