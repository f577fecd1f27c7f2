/* test-model-ops.c: model operations: get_node, remove, defaults, copy, sub-dispatchers, shrink (area 4)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* The model of SEMANTICS Examples 4.01-4.06 and 4.27 */
static SchedulaDispatcher *
make_4_01 (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GError) error = NULL;

  schedula_data_node_set_wait_inputs (add_data_int (dsp, "b", 3, 0), TRUE);
  add_fn (dsp, "max", NULL, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp, "min", NULL, NULL, IDS ("a", "c"), IDS ("d"));
  add_fn (dsp, "min", NULL, NULL, IDS ("b", "d"), IDS ("c"));
  add_fn (dsp, "max", NULL, NULL, IDS ("b", "d"), IDS ("a"));
  schedula_dispatcher_add_data (dsp, "e", NULL, &error);
  g_assert_no_error (error);
  return dsp;
}

/* ------------------------------------------------------------------ */

/* SEMANTICS Examples 4.23-4.25: get_node */
static void
test_get_node (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_2_46 (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) real = NULL;
  SchedulaNode *node, *s;

  node = schedula_dispatcher_get_node (dsp, IDS ("sub_dsp", "c"), &real, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (SCHEDULA_IS_DATA_NODE (node));
  g_assert_cmpstrv (real, IDS ("sub_dsp", "c"));
  s = schedula_dispatcher_lookup_node (dsp, "sub_dsp");
  g_assert_true (node == schedula_dispatcher_lookup_node (
                   schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (s)), "c"));
  g_clear_pointer (&real, g_strfreev);

  /* fuzzy: the first node (by id) whose id contains the string */
  node = schedula_dispatcher_get_node (dsp, IDS ("sub", "fu"), &real, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schedula_node_get_kind (node), ==, SCHEDULA_NODE_KIND_FUNCTION);
  g_assert_cmpstrv (real, IDS ("sub_dsp", "fun"));
  g_clear_pointer (&real, g_strfreev);

  /* exact first: "c" is not "sub_dsp" although... and "m" finds max */
  node = schedula_dispatcher_get_node (dsp, IDS ("c"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (node), ==, "c");
  node = schedula_dispatcher_get_node (dsp, IDS ("m"), &real, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (real, IDS ("max"));

  /* a missing path */
  node = schedula_dispatcher_get_node (dsp, IDS ("sub_dsp", "zzz"), NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Path ['sub_dsp', 'zzz'] does not exist in  dispatcher.");
  g_clear_error (&error);
  schedula_dispatcher_set_name (dsp, "top");
  node = schedula_dispatcher_get_node (dsp, IDS ("zzz"), NULL, &error);
  g_assert_null (node);
  g_assert_cmpstr (error->message, ==, "Path ['zzz'] does not exist in top dispatcher.");
  g_clear_error (&error);

  /* going through a node that is not a sub-dispatcher */
  node = schedula_dispatcher_get_node (dsp, IDS ("max", "a"), NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "max"));
}

static void
test_remove_node (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "x", 5, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  g_auto(GStrv) inputs = NULL;

  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_double, NULL, IDS ("b"), IDS ("c"));
  add_fn (dsp, "h", fn_add, NULL, IDS ("x", "c"), IDS ("y"));

  g_assert_true (schedula_dispatcher_remove_node (dsp, "g", &error));
  g_assert_no_error (error);
  ASSERT_STR (model_str (dsp, MODEL_IDS), "f, a, b, c, h, x, y");
  ASSERT_STR (model_str (dsp, MODEL_EDGES), "f->b; a->f; c->h; h->y; x->h");
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "g"));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, x=5, b=2");

  /* a removed data node stays in the function's inputs, without edge */
  g_assert_true (schedula_dispatcher_remove_node (dsp, "a", &error));
  g_assert_no_error (error);
  inputs = schedula_function_node_dup_inputs (f);
  g_assert_cmpstrv (inputs, IDS ("a"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "a", "f"));
  ASSERT_STR (model_str (dsp, MODEL_IDS), "f, b, c, h, x, y");
  /* "a" is now an input outside the model */
  sol2 = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol2, "a=1, x=5");
}

/* SEMANTICS Example 4.18: set_default_value */
static void
test_set_default_value (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(OwnedValue) one = value_new_int (1);
  g_autoptr(OwnedValue) two = value_new_int (2);
  g_autoptr(OwnedValue) three = value_new_int (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("x", 1, NULL);
  SchedulaDistance d1 = { 0, 1 }, d3 = { 0, 3 };
  SchedulaDataNode *a;

  a = schedula_dispatcher_add_data (dsp, "a", one, &error);
  g_assert_true (schedula_dispatcher_set_default_value (dsp, "a", one, &d1, &error));
  g_assert_true (schedula_dispatcher_set_default_value (dsp, "a", two, &d3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (schedula_data_node_get_default_value (a)), ==, 2);
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (a)->num, ==, 3);
  /* NULL removes it (EMPTY) */
  g_assert_true (schedula_dispatcher_set_default_value (dsp, "a", NULL, NULL, &error));
  g_assert_null (schedula_data_node_get_default_value (a));

  g_assert_false (schedula_dispatcher_set_default_value (dsp, "b", three, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Input error: b is not a data node");
  g_clear_error (&error);

  add_fn (dsp, "max", fn_max, NULL, IDS ("a", "b"), NULL);
  g_assert_false (schedula_dispatcher_set_default_value (dsp, "max", one, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Input error: max is not a data node");
  g_clear_error (&error);
  g_assert_true (schedula_dispatcher_set_default_value (dsp, "b", three, NULL, &error));
  g_assert_no_error (error);

  ASSERT_STR (model_str (dsp, MODEL_NODES), "a:0, $SINK:1, max:2, b:3");
  ASSERT_STR (model_str (dsp, MODEL_EDGES), "a->max; max->$SINK; b->max");
  ASSERT_STR (model_str (dsp, MODEL_DEFAULTS), "b=3");
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "b")))->num, ==, 0);

  /* the defaults are used */
  g_assert_true (schedula_dispatcher_set_default_value (dsp, "a", two, NULL, &error));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "x=1, a=2, b=3, $SINK={max: 3}");
}

static SchedulaRaises
raises_checking (const char   *node_id,
                 const GError *error,
                 gpointer      data)
{
  guint *destroyed = data;

  /* the user data must still be alive */
  g_assert_cmpuint (*destroyed, ==, 0);
  return SCHEDULA_RAISES_RECORD_SILENTLY;
}

static void
mark_destroyed (gpointer data)
{
  (*(guint *) data)++;
}

/* SEMANTICS Example 4.17: copy is deep */
static void
test_copy (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("orig");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaDispatcher) copy = NULL;
  g_autoptr(OwnedValue) v99 = value_new_int (99);
  g_autoptr(GHashTable) in = inputs_new ("b", 5, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  SchedulaNode *s, *s_copy, *min, *min_copy;
  SchedulaDispatcher *child_copy;
  SchedulaDataNode *d;

  add_data_int (dsp, "a", 1, 0);
  min = SCHEDULA_NODE (add_fn (dsp, "min", fn_min, NULL, IDS ("a", "b"), IDS ("c")));
  add_fn (child, "f", fn_inc, NULL, IDS ("c"), IDS ("y"));
  add_sub_dsp (dsp, "s", child, NULL, NULL);
  schedula_dispatcher_set_description (dsp, "about");
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);

  copy = schedula_dispatcher_copy (dsp);
  g_assert_true (copy != dsp);
  g_assert_cmpstr (schedula_dispatcher_get_name (copy), ==, "orig");
  g_assert_cmpstr (schedula_dispatcher_get_description (copy), ==, "about");
  g_assert_cmpint (schedula_dispatcher_get_raises (copy), ==, SCHEDULA_RAISES_RECORD_SILENTLY);
  {
    g_autofree char *n1 = model_str (dsp, MODEL_NODES), *n2 = model_str (copy, MODEL_NODES);
    g_autofree char *e1 = model_str (dsp, MODEL_EDGES), *e2 = model_str (copy, MODEL_EDGES);

    g_assert_cmpstr (n1, ==, n2);
    g_assert_cmpstr (e1, ==, e2);
    g_assert_cmpstr (n2, ==, "a:0, min:1, b:2, c:3, s:4, y:5");
  }

  /* nodes are new objects, functions are shared, children are copied */
  min_copy = schedula_dispatcher_lookup_node (copy, "min");
  g_assert_true (min_copy != min);
  g_assert_true (schedula_node_get_dispatcher (min_copy) == copy);
  g_assert_true (schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (min_copy)) ==
                 schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (min)));
  s = schedula_dispatcher_lookup_node (dsp, "s");
  s_copy = schedula_dispatcher_lookup_node (copy, "s");
  child_copy = schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (s_copy));
  g_assert_true (child_copy != child);
  g_assert_true (schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (s)) == child);

  /* mutating the copy leaves the original intact */
  g_assert_true (schedula_dispatcher_set_default_value (copy, "a", v99, NULL, &error));
  g_assert_no_error (error);
  ASSERT_STR (model_str (dsp, MODEL_DEFAULTS), "a=1");
  ASSERT_STR (model_str (copy, MODEL_DEFAULTS), "a=99");
  schedula_function_node_set_weight (SCHEDULA_FUNCTION_NODE (min_copy), 7);
  g_assert_cmpfloat (schedula_function_node_get_weight (SCHEDULA_FUNCTION_NODE (min)), ==, 0);
  schedula_dispatcher_add_data (child_copy, "zz", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (schedula_dispatcher_lookup_node (child, "zz"));
  g_assert_true (schedula_dispatcher_remove_node (copy, "s", &error));
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_lookup_node (dsp, "s") == s);

  /* the counter goes on */
  d = schedula_dispatcher_add_data (copy, "new", NULL, &error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (d)), ==, 6);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=5, c=1, y=2");
  sol2 = dispatch_ok (copy, in, NULL, NULL);
  ASSERT_SOL (sol2, "a=99, b=5, c=5");
}

/* A copy shares the raises function of the original: it must stay usable
 * when the original is gone. */
static void
test_copy_raises_func (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) copy = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  guint destroyed = 0;

  add_fn (dsp, "f", fn_fail, NULL, IDS ("a"), IDS ("b"));
  schedula_dispatcher_set_raises_func (dsp, raises_checking, &destroyed, mark_destroyed);
  copy = schedula_dispatcher_copy (dsp);
  g_clear_object (&dsp);

  sol = dispatch_ok (copy, in, NULL, NULL);
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
  g_clear_object (&sol);
  g_clear_object (&copy);
  g_assert_cmpuint (destroyed, ==, 1);
}

/* SEMANTICS Examples 4.01-4.03: get_sub_dispatcher */
static void
test_get_sub_dispatcher (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_4_01 ();
  g_autoptr(SchedulaDispatcher) sub = NULL, sub2 = NULL, sub3 = NULL, sub4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OwnedValue) v7 = value_new_int (7);

  sub = schedula_dispatcher_get_sub_dispatcher (dsp, IDS ("a", "b", "c", "max", "max<0>"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (sub, MODEL_NODES), "b:0, max:1, a:2, c:3");
  ASSERT_STR (model_str (sub, MODEL_EDGES), "b->max; max->c; a->max");
  ASSERT_STR (model_str (sub, MODEL_DEFAULTS), "b=3");
  g_assert_true (schedula_data_node_get_wait_inputs (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (sub, "b"))));

  /* nodes are copies */
  g_assert_true (schedula_dispatcher_lookup_node (sub, "b") != schedula_dispatcher_lookup_node (dsp, "b"));
  g_assert_true (schedula_dispatcher_set_default_value (sub, "b", v7, NULL, &error));
  ASSERT_STR (model_str (dsp, MODEL_DEFAULTS), "b=3");

  sub2 = schedula_dispatcher_get_sub_dispatcher (dsp, IDS ("a", "c", "max", "max<0>"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sub2)), ==, 0);

  sub3 = schedula_dispatcher_get_sub_dispatcher (dsp, IDS ("a", "b", "c", "max"), IDS ("max", "c"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sub3)), ==, 0);

  /* ids are matched as get_node does */
  sub4 = schedula_dispatcher_get_sub_dispatcher (dsp, IDS ("a", "b", "c", "max"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (sub4, MODEL_NODES), "b:0, max:1, a:2, c:3");
}

static SchedulaSolution *
dispatch_no_call_ab (SchedulaDispatcher *dsp)
{
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 0, "b", 0, NULL);

  schedula_dispatch_options_set_no_call (opts, TRUE);
  return dispatch_ok (dsp, in, NULL, opts);
}

/* SEMANTICS Examples 4.04-4.06, 4.27 */
static void
test_sub_dispatcher_from_workflow (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_4_01 ();
  g_autoptr(SchedulaSolution) sol = dispatch_no_call_ab (dsp);
  g_autoptr(SchedulaDispatcher) fwd = NULL, fwd2 = NULL, rev = NULL, missing = NULL, nocheck = NULL;
  g_autoptr(GError) error = NULL;

  /* 4.04 forward from the inputs */
  fwd = schedula_solution_get_sub_dispatcher_from_workflow (sol, IDS ("a", "b"), SCHEDULA_SUB_DISPATCHER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (fwd, MODEL_NODES), "a:2, b:0, max:1, c:3, min:4, d:5");
  ASSERT_STR (model_str (fwd, MODEL_EDGES), "a->max; a->min; b->max; max->c; c->min; min->d");
  ASSERT_STR (model_str (fwd, MODEL_DEFAULTS), "b=3");

  /* the same through the dispatcher (its last solution) */
  fwd2 = schedula_dispatcher_get_sub_dispatcher_from_workflow (dsp, IDS ("a", "b"), SCHEDULA_SUB_DISPATCHER_FLAGS_NONE,
                                                               NULL, SCHEDULA_WILDCARD_OFF, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (fwd2, MODEL_NODES), "a:2, b:0, max:1, c:3, min:4, d:5");

  /* 4.05 reverse from an output */
  rev = schedula_solution_get_sub_dispatcher_from_workflow (sol, IDS ("c"), SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (rev, MODEL_NODES), "c:3, max:1, a:2, b:0");
  ASSERT_STR (model_str (rev, MODEL_EDGES), "max->c; a->max; b->max");
  ASSERT_STR (model_str (rev, MODEL_DEFAULTS), "b=3");

  /* 4.06 add_missing */
  missing = schedula_solution_get_sub_dispatcher_from_workflow (sol, IDS ("c"), SCHEDULA_SUB_DISPATCHER_FLAGS_ADD_MISSING, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (missing, MODEL_NODES), "c:3, min:4, a:2, d:5");
  ASSERT_STR (model_str (missing, MODEL_EDGES), "c->min; min->d; a->min");
  ASSERT_STR (model_str (missing, MODEL_DEFAULTS), "");

  /* 4.27 check_inputs=False */
  nocheck = schedula_solution_get_sub_dispatcher_from_workflow (sol, IDS ("a"), SCHEDULA_SUB_DISPATCHER_FLAGS_NO_CHECK_INPUTS, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (nocheck, MODEL_NODES), "a:2, max:1, min:4, c:3, d:5");
  ASSERT_STR (model_str (nocheck, MODEL_EDGES), "a->max; a->min; max->c; min->d; c->min");
}

/* blockers stop the search (SEMANTICS 4.2); a source that is a blocker is
 * only searched from with a wildcard */
static void
test_sub_dispatcher_blockers (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_4_01 ();
  g_autoptr(SchedulaDispatcher) s1 = NULL, s2 = NULL, s3 = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaSubDispatcherFlags flags = SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL | SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE;

  s1 = schedula_dispatcher_get_sub_dispatcher_from_workflow (dsp, IDS ("d"), flags, IDS ("c"),
                                                             SCHEDULA_WILDCARD_OFF, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s1, MODEL_NODES), "d:5, min:4, a:2, c:3, max<0>:7, b:0");
  ASSERT_STR (model_str (s1, MODEL_EDGES), "d->max<0>; min->d; a->min; c->min; max<0>->a; b->max<0>");

  s2 = schedula_dispatcher_get_sub_dispatcher_from_workflow (dsp, IDS ("d"), flags, IDS ("c", "d"),
                                                             SCHEDULA_WILDCARD_OFF, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s2, MODEL_NODES), "d:5");

  s3 = schedula_dispatcher_get_sub_dispatcher_from_workflow (dsp, IDS ("d"), flags, IDS ("c", "d"),
                                                             SCHEDULA_WILDCARD_ON, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s3, MODEL_NODES), "d:5, min:4, a:2, c:3, max<0>:7, b:0");
}

/* SEMANTICS Example 4.07: on the model, sub-dispatcher links updated */
static void
test_sub_dispatcher_from_model (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) sub = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaDispatcherNode *s, *s_sub;
  SchedulaDispatcher *sub_child;
  SchedulaMapping *m;

  add_data_int (dsp, "C", 1, 0);
  add_data_int (child, "a", 1, 0);
  add_data_int (child, "b", 2, 0);
  schedula_dispatcher_add_data (child, "c", NULL, &error);
  g_assert_no_error (error);
  s = add_sub_dsp (dsp, "sdsp", child, IDS ("C", "c"), IDS ("a", "A", "b", "B", "c", "D"));

  sub = schedula_dispatcher_get_sub_dispatcher_from_workflow (
      dsp, IDS ("B"), SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL | SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE,
      NULL, SCHEDULA_WILDCARD_OFF, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (sub, MODEL_NODES), "B:3, sdsp:1, C:0");
  ASSERT_STR (model_str (sub, MODEL_EDGES), "sdsp->B; C->sdsp w=0");
  ASSERT_STR (model_str (sub, MODEL_DEFAULTS), "C=1");

  s_sub = SCHEDULA_DISPATCHER_NODE (schedula_dispatcher_lookup_node (sub, "sdsp"));
  sub_child = schedula_dispatcher_node_get_child (s_sub);
  ASSERT_STR (model_str (sub_child, MODEL_IDS), "b, c");
  ASSERT_STR (model_str (sub_child, MODEL_EDGES), "");
  ASSERT_STR (model_str (sub_child, MODEL_DEFAULTS), "b=2");
  m = schedula_dispatcher_node_get_inputs (s_sub);
  g_assert_cmpuint (schedula_mapping_get_n_keys (m), ==, 1);
  g_assert_cmpstrv (schedula_mapping_lookup (m, "C"), IDS ("c"));
  m = schedula_dispatcher_node_get_outputs (s_sub);
  g_assert_cmpuint (schedula_mapping_get_n_keys (m), ==, 1);
  g_assert_cmpstrv (schedula_mapping_lookup (m, "b"), IDS ("B"));

  /* the original is untouched */
  g_assert_true (schedula_dispatcher_node_get_child (s) == child);
  ASSERT_STR (model_str (child, MODEL_IDS), "a, b, c");
  g_assert_cmpuint (schedula_mapping_get_n_keys (schedula_dispatcher_node_get_outputs (s)), ==, 3);

  sol = dispatch_ok (sub, NULL, NULL, NULL);
  ASSERT_SOL (sol, "C=1, B=2");
}

/* The model of SEMANTICS Examples 4.08-4.12 */
static SchedulaDispatcher *
make_4_08 (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);

  add_fn (dsp, "h", NULL, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp, "h", NULL, NULL, IDS ("b", "d"), IDS ("e"));
  add_fn (dsp, "h", NULL, NULL, IDS ("d", "e"), IDS ("c", "f"));
  add_fn (dsp, "h", NULL, NULL, IDS ("d", "f"), IDS ("g"));
  add_fn (dsp, "h", NULL, NULL, IDS ("a", "b"), IDS ("a"));
  return dsp;
}

static void
test_shrink (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_4_08 ();
  g_autoptr(SchedulaDispatcher) cycle = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) s1 = NULL, s2 = NULL, s3 = NULL, s4 = NULL, empty = NULL;
  g_autoptr(GError) error = NULL;
  const char *chain[] = { "a", "b", "c", "d", "e", "a" };

  /* 4.08 */
  s1 = schedula_dispatcher_shrink (dsp, IDS ("a", "b", "d"), IDS ("c", "a", "f"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s1, MODEL_SORTED_IDS), "a, b, c, d, e, f, h, h<0>, h<1>, h<3>");
  ASSERT_STR (model_str (s1, MODEL_SORTED_EDGES), "a->h, a->h<3>, b->h, b->h<0>, b->h<3>, d->h<0>, d->h<1>, "
                                                  "e->h<1>, h->c, h<0>->e, h<1>->f, h<3>->a");
  g_assert_cmpint (schedula_node_get_index (schedula_dispatcher_lookup_node (s1, "h<3>")), ==, 11);
  g_assert_cmpint (schedula_node_get_index (schedula_dispatcher_lookup_node (s1, "f")), ==, 8);

  /* 4.10: outputs only */
  s2 = schedula_dispatcher_shrink (dsp, NULL, IDS ("g"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s2, MODEL_SORTED_IDS), "b, d, e, f, g, h<0>, h<1>, h<2>");
  ASSERT_STR (model_str (s2, MODEL_SORTED_EDGES), "b->h<0>, d->h<0>, d->h<1>, d->h<2>, e->h<1>, f->h<2>, "
                                                  "h<0>->e, h<1>->f, h<2>->g");

  /* 4.11: inputs only */
  s3 = schedula_dispatcher_shrink (dsp, IDS ("d", "e"), NULL, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s3, MODEL_SORTED_IDS), "c, d, e, f, g, h<1>, h<2>");
  ASSERT_STR (model_str (s3, MODEL_SORTED_EDGES), "d->h<1>, d->h<2>, e->h<1>, f->h<2>, h<1>->c, h<1>->f, h<2>->g");

  /* neither: empty */
  empty = schedula_dispatcher_shrink (dsp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (empty)), ==, 0);

  /* 4.12: a cycle */
  for (guint i = 0; i + 1 < G_N_ELEMENTS (chain); i++)
    add_fn (cycle, "h", NULL, NULL, (const char *const[]) { chain[i], NULL },
            (const char *const[]) { chain[i + 1], NULL });
  s4 = schedula_dispatcher_shrink (cycle, IDS ("a"), IDS ("b"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (s4, MODEL_SORTED_IDS), "a, b, h");
  ASSERT_STR (model_str (s4, MODEL_SORTED_EDGES), "a->h, h->b");

  /* the original is untouched */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 12);
}

/* SEMANTICS Example 4.13: alternatives behind domains and wait_inputs */
static void
test_shrink_domains (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) shrunk = NULL;
  g_autoptr(SchedulaFunction) yes = fn ("always_true", dom_always_true);
  g_autoptr(GError) error = NULL;
  const char *pairs[][2] = { { "a", "b" }, { "b", "c" }, { "c", "d" }, { "e", "f" } };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    schedula_function_node_set_input_domain (
        add_fn (dsp, "h", NULL, NULL, (const char *const[]) { pairs[i][0], pairs[i][1], NULL }, IDS ("g")), yes);
  add_fn (dsp, "h", NULL, NULL, IDS ("g"), IDS ("i"));
  add_fn (dsp, "h", NULL, NULL, IDS ("g", "d"), IDS ("i"));
  add_fn (dsp, "h", NULL, NULL, IDS ("i"), IDS ("l"));
  schedula_data_node_set_wait_inputs (schedula_dispatcher_add_data (dsp, "i", NULL, &error), TRUE);
  g_assert_no_error (error);

  shrunk = schedula_dispatcher_shrink (dsp, IDS ("a", "b", "c", "e", "f"), NULL, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (shrunk, MODEL_SORTED_IDS), "a, b, c, e, f, g, h, h<0>, h<2>, h<3>, h<5>, i, l");
  ASSERT_STR (model_str (shrunk, MODEL_SORTED_EDGES), "a->h, b->h, b->h<0>, c->h<0>, e->h<2>, f->h<2>, g->h<3>, "
                                                      "h->g, h<0>->g, h<2>->g, h<3>->i, h<5>->l, i->h<5>");
  g_assert_cmpint (schedula_node_get_index (schedula_dispatcher_lookup_node (shrunk, "i")), ==, 16);
  g_assert_true (schedula_data_node_get_wait_inputs (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (shrunk, "i"))));
  g_assert_true (schedula_function_node_get_input_domain (
      SCHEDULA_FUNCTION_NODE (schedula_dispatcher_lookup_node (shrunk, "h<0>"))) == yes);
}

/* SEMANTICS Example 4.16: a sub-dispatcher and inputs_dist */
static void
test_shrink_sub_dispatcher (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) shrunk = NULL;
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GError) error = NULL;
  SchedulaDistance twenty = { 0, 20 };
  SchedulaDispatcherNode *s;
  SchedulaDispatcher *sub_child;

  schedula_function_node_set_weight (add_fn (child, "h", NULL, NULL, IDS ("a", "b"), IDS ("c")), 10);
  add_fn (child, "h", NULL, NULL, IDS ("c"), IDS ("d"));
  add_fn (child, "h", NULL, NULL, IDS ("d"), IDS ("c"));

  add_fn (dsp, "h", NULL, NULL, IDS ("c"), IDS ("d"));
  add_sub_dsp (dsp, "sub_dsp", child, IDS ("a", "a", "b", "b", "d", "d"), IDS ("c", "c", "a", "b"));
  ASSERT_STR (model_str (dsp, MODEL_NODES), "h:0, c:1, d:2, sub_dsp:3, a:4, b:5");

  schedula_dispatch_options_set_input_dist (opts, "a", &twenty);
  shrunk = schedula_dispatcher_shrink (dsp, IDS ("a", "b"), NULL, opts, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (shrunk, MODEL_SORTED_IDS), "a, b, c, d, h, sub_dsp");
  ASSERT_STR (model_str (shrunk, MODEL_SORTED_EDGES), "a->sub_dsp, b->sub_dsp, c->h, h->d, sub_dsp->c");

  s = SCHEDULA_DISPATCHER_NODE (schedula_dispatcher_lookup_node (shrunk, "sub_dsp"));
  g_assert_cmpuint (schedula_mapping_get_n_keys (schedula_dispatcher_node_get_inputs (s)), ==, 2);
  g_assert_null (schedula_mapping_lookup (schedula_dispatcher_node_get_inputs (s), "d"));
  g_assert_cmpuint (schedula_mapping_get_n_keys (schedula_dispatcher_node_get_outputs (s)), ==, 1);
  g_assert_cmpstrv (schedula_mapping_lookup (schedula_dispatcher_node_get_outputs (s), "c"), IDS ("c"));
  sub_child = schedula_dispatcher_node_get_child (s);
  ASSERT_STR (model_str (sub_child, MODEL_SORTED_IDS), "a, b, c, h");
  ASSERT_STR (model_str (sub_child, MODEL_SORTED_EDGES), "a->h, b->h, h->c");
  g_assert_cmpfloat (schedula_function_node_get_weight (
      SCHEDULA_FUNCTION_NODE (schedula_dispatcher_lookup_node (sub_child, "h"))), ==, 10);

  /* the original child is untouched */
  ASSERT_STR (model_str (child, MODEL_SORTED_IDS), "a, b, c, d, h, h<0>, h<1>");
}

/* dispatch(shrink=TRUE) gives the same values as without (SEMANTICS 4.3) */
static void
test_shrink_dispatch (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_test_model ();
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(SchedulaDispatchOptions) shrink = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 5, "b", 6, NULL);
  g_autoptr(GHashTable) in2 = inputs_new ("a", 5, "b", 3, NULL);
  g_autoptr(SchedulaSolution) s1 = NULL, s2 = NULL, s3 = NULL, s4 = NULL;

  schedula_dispatch_options_set_rm_unused_nodes (opts, TRUE);
  schedula_dispatch_options_set_rm_unused_nodes (shrink, TRUE);
  schedula_dispatch_options_set_shrink (shrink, TRUE);

  /* SEMANTICS Example 2.05 */
  s1 = dispatch_ok (dsp, in, IDS ("d"), opts);
  ASSERT_SOL (s1, "a=5, b=6, c=0.0, d=0.0");
  s2 = dispatch_ok (dsp, in, IDS ("d"), shrink);
  ASSERT_SOL (s2, "a=5, b=6, c=0.0, d=0.0");

  /* SEMANTICS Example 2.03: the domain is false, x - 4 is used */
  s3 = dispatch_ok (dsp, in2, NULL, NULL);
  ASSERT_SOL (s3, "a=5, b=3, d=1, c=3, e=1.0");
  s4 = dispatch_ok (dsp, in2, IDS ("e"), shrink);
  ASSERT_SOL (s4, "a=5, b=3, d=1, c=3, e=1.0");

  /* SEMANTICS Examples 2.08, 2.09: wildcard */
  {
    g_autoptr(SchedulaDispatchOptions) wc = schedula_dispatch_options_new ();
    g_autoptr(SchedulaDispatchOptions) wc2 = schedula_dispatch_options_new ();
    g_autoptr(SchedulaSolution) s5 = NULL, s6 = NULL, s7 = NULL;

    schedula_dispatch_options_set_wildcard (wc, SCHEDULA_WILDCARD_ON);
    s5 = dispatch_ok (dsp, in, IDS ("a", "b"), wc);
    ASSERT_SOL (s5, "c=0.0, d=0.0, e=2.0, b=1.0");
    g_assert_true (schedula_solution_is_visited (s5, "a"));
    g_assert_false (schedula_solution_get_distance (s5, "a", NULL));

    schedula_dispatch_options_set_shrink (wc, TRUE);
    s6 = dispatch_ok (dsp, in, IDS ("a", "b"), wc);
    ASSERT_SOL (s6, "c=0.0, d=0.0, e=2.0, b=1.0");

    schedula_dispatch_options_set_wildcard (wc2, SCHEDULA_WILDCARD_COMPUTABLE);
    schedula_dispatch_options_set_shrink (wc2, TRUE);
    s7 = dispatch_ok (dsp, in, IDS ("a", "b"), wc2);
    ASSERT_SOL (s7, "a=5, c=0.0, d=0.0, e=2.0, b=1.0");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/ModelOps/get-node", test_get_node);
  g_test_add_func ("/Schedula/ModelOps/remove-node", test_remove_node);
  g_test_add_func ("/Schedula/ModelOps/set-default-value", test_set_default_value);
  g_test_add_func ("/Schedula/ModelOps/copy", test_copy);
  g_test_add_func ("/Schedula/ModelOps/copy-raises-func", test_copy_raises_func);
  g_test_add_func ("/Schedula/ModelOps/get-sub-dispatcher", test_get_sub_dispatcher);
  g_test_add_func ("/Schedula/ModelOps/sub-dispatcher-from-workflow", test_sub_dispatcher_from_workflow);
  g_test_add_func ("/Schedula/ModelOps/sub-dispatcher-from-model", test_sub_dispatcher_from_model);
  g_test_add_func ("/Schedula/ModelOps/sub-dispatcher-blockers", test_sub_dispatcher_blockers);
  g_test_add_func ("/Schedula/ModelOps/shrink", test_shrink);
  g_test_add_func ("/Schedula/ModelOps/shrink-domains", test_shrink_domains);
  g_test_add_func ("/Schedula/ModelOps/shrink-sub-dispatcher", test_shrink_sub_dispatcher);
  g_test_add_func ("/Schedula/ModelOps/shrink-dispatch", test_shrink_dispatch);

  return g_test_run ();
}
