/* test-dispatch.c: end-to-end dispatches through C functions (area 2)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* Counts its calls in the guint of user data, then increments. */
static gboolean
fn_inc_counted (SchedulaCall *call, gpointer data, GError **error)
{
  g_atomic_int_inc ((gint *) data);
  return fn_inc (call, NULL, error);
}

static gboolean
fn_double_counted (SchedulaCall *call, gpointer data, GError **error)
{
  g_atomic_int_inc ((gint *) data);
  return fn_double (call, NULL, error);
}

/* ------------------------------------------------------------------ */

/* SEMANTICS Examples 2.35, 2.59, 2.60 */
static void
test_defaults (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL, sol3 = NULL, sol4 = NULL;
  g_autoptr(GHashTable) in_a = inputs_new ("a", 10, NULL);
  g_autoptr(GHashTable) in_a1 = inputs_new ("a", 1, NULL);
  SchedulaDataNode *b;

  add_data_int (dsp, "a", 1, 5);
  add_data_int (dsp, "b", 2, 5);
  add_fn (dsp, "f", fn_add, NULL, IDS ("a", "b"), IDS ("c"));

  /* 2.35: an input replaces the default and its initial_dist */
  sol = dispatch_ok (dsp, in_a, NULL, NULL);
  ASSERT_SOL (sol, "a=10, b=2, c=12");
  ASSERT_DIST (sol, "$START=-1, a=0, b=5, f=6, c=7");
  ASSERT_WF_EDGES (sol, "$START->a=10; $START->b=2; a->f=10; b->f=2; f->c=12");

  /* no inputs: both defaults */
  sol2 = dispatch_ok (dsp, NULL, NULL, NULL);
  ASSERT_SOL (sol2, "a=1, b=2, c=3");
  ASSERT_DIST (sol2, "$START=-1, a=5, b=5, f=6, c=7");

  /* 2.59: a default with a long initial_dist loses to a computed value */
  b = add_data_int (dsp2, "b", 100, 10);
  add_fn (dsp2, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  sol3 = dispatch_ok (dsp2, in_a1, NULL, NULL);
  ASSERT_SOL (sol3, "a=1, b=2");
  ASSERT_DIST (sol3, "$START=-1, a=0, f=1, b=2");
  ASSERT_WF_EDGES (sol3, "$START->a=1; $START->b=100; a->f=1; f->b=2");

  /* 2.60: with a short one it wins; properties set after adding take
   * effect at the next dispatch */
  {
    SchedulaDistance one = { 0, 1 };

    schedula_data_node_set_initial_dist (b, &one);
  }
  sol4 = dispatch_ok (dsp2, in_a1, NULL, NULL);
  ASSERT_SOL (sol4, "a=1, b=100");
  ASSERT_DIST (sol4, "$START=-1, a=0, b=1, f=1");
  ASSERT_WF_NODES (sol4, "$START, a, b");

  /* earlier solutions are unaffected */
  ASSERT_SOL (sol3, "a=1, b=2");
}

/* SEMANTICS Examples 2.19 and 2.14 (inputs_dist) */
static void
test_inputs_dist (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(SchedulaDispatchOptions) opts2 = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "b", 2, NULL);
  g_autoptr(GHashTable) in2 = inputs_new ("a", 6, "b", 5, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  SchedulaDistance one = { 0, 1 }, inf20 = { 2, 0 }, inf11 = { 1, 1 };
  g_auto(GStrv) ids = NULL;
  g_autoptr(OwnedValue) zero = value_new_int (0);

  f = add_fn (dsp, "f", fn_add, NULL, IDS ("a", "b"), IDS ("c"));
  schedula_function_node_set_input_weight (f, "a", 10, &error);
  g_assert_no_error (error);
  schedula_dispatch_options_set_input_dist (opts, "b", &one);
  g_assert_cmpfloat (schedula_dispatch_options_get_input_dist (opts, "b")->num, ==, 1);
  g_assert_null (schedula_dispatch_options_get_input_dist (opts, "a"));
  ids = schedula_dispatch_options_dup_input_dist_ids (opts);
  g_assert_cmpstrv (ids, IDS ("b"));

  /* 2.19: a function is reached at (dist of its last input + its edge) */
  sol = dispatch_ok (dsp, in, NULL, opts);
  ASSERT_SOL (sol, "a=1, b=2, c=3");
  ASSERT_DIST (sol, "$START=-1, a=0, b=1, f=2, c=3");

  /* 2.14: two-level distances */
  schedula_dispatcher_add_data (dsp2, "c", zero, &error);
  g_assert_no_error (error);
  schedula_dispatcher_set_default_value (dsp2, "c", zero, &inf11, &error);
  g_assert_no_error (error);
  add_fn (dsp2, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp2, "min", fn_min, NULL, IDS ("c", "b"), IDS ("d"));
  schedula_dispatch_options_set_input_dist (opts2, "a", &inf20);
  sol2 = dispatch_ok (dsp2, in2, IDS ("d"), opts2);
  ASSERT_SOL (sol2, "b=5, c=0, d=0");
  ASSERT_DIST (sol2, "$START=-1, b=0, c=inf(1, 1), min=inf(1, 2), d=inf(1, 3)");
  ASSERT_WF_NODES (sol2, "$START, b, c, a, min, max, d");

  /* NULL removes an input distance */
  schedula_dispatch_options_set_input_dist (opts, "b", NULL);
  g_assert_null (schedula_dispatch_options_get_input_dist (opts, "b"));
}

static void
test_options (void)
{
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  gboolean no_call = TRUE, rm = TRUE;
  SchedulaWildcard wildcard = 99;
  g_auto(GStrv) ids = NULL;

  g_assert_cmpint (schedula_dispatch_options_get_wildcard (opts), ==, SCHEDULA_WILDCARD_OFF);
  g_assert_false (schedula_dispatch_options_get_no_call (opts));
  g_assert_false (schedula_dispatch_options_get_shrink (opts));
  g_assert_false (schedula_dispatch_options_get_rm_unused_nodes (opts));
  g_assert_false (schedula_dispatch_options_get_verbose (opts));
  g_assert_null (schedula_dispatch_options_get_executor (opts));
  ids = schedula_dispatch_options_dup_input_dist_ids (opts);
  g_assert_nonnull (ids);
  g_assert_null (ids[0]);

  g_object_set (opts, "wildcard", SCHEDULA_WILDCARD_COMPUTABLE, "no-call", TRUE,
                "shrink", TRUE, "rm-unused-nodes", TRUE, "verbose", TRUE, "executor", "async", NULL);
  g_assert_cmpint (schedula_dispatch_options_get_wildcard (opts), ==, SCHEDULA_WILDCARD_COMPUTABLE);
  g_assert_true (schedula_dispatch_options_get_shrink (opts));
  g_assert_true (schedula_dispatch_options_get_verbose (opts));
  g_assert_cmpstr (schedula_dispatch_options_get_executor (opts), ==, "async");
  g_object_get (opts, "no-call", &no_call, "rm-unused-nodes", &rm, "wildcard", &wildcard, NULL);
  g_assert_true (no_call);
  g_assert_true (rm);
  g_assert_cmpint (wildcard, ==, SCHEDULA_WILDCARD_COMPUTABLE);
}

/* SEMANTICS Examples 2.15, 2.16: equal distances, alphabetical id wins */
static void
test_tie_break (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL, sol3 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "b", 3, NULL);
  SchedulaFunctionNode *a_node;

  a_node = add_fn (dsp, "A", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp, "B", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=3, c=3");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, A=1, B=1, c=2");
  ASSERT_WF_EDGES (sol, "$START->a=1; $START->b=3; a->A=1; a->B=1; b->A=3; b->B=3; A->c=3");

  add_fn (dsp2, "B", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp2, "A", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  sol2 = dispatch_ok (dsp2, in, NULL, NULL);
  ASSERT_SOL (sol2, "a=1, b=3, c=1");
  ASSERT_WF_NODES (sol2, "$START, a, b, B, A, c");

  /* A weight changes the winner at the next dispatch. */
  schedula_function_node_set_weight (a_node, 1);
  sol3 = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol3, "a=1, b=3, c=1");
  ASSERT_DIST (sol3, "$START=-1, a=0, b=0, B=1, c=2, A=2");
}

/* SEMANTICS Examples 2.17, 2.18: the choice among estimations */
static void
test_estimations (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "b", 1, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f1;
  SchedulaDistance two = { 0, 2 };

  add_fn (dsp, "zf", fn_const, (gpointer) "zf", IDS ("a"), IDS ("c"));
  add_fn (dsp, "af", fn_const, (gpointer) "af", IDS ("b"), IDS ("c"));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=1, c='af'");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, af=1, zf=1, c=2");
  ASSERT_WF_EDGES (sol, "$START->a=1; $START->b=1; a->zf=1; b->af=1; af->c='af'");

  f1 = add_fn (dsp2, "f1", fn_const, (gpointer) "f1", IDS ("a"), IDS ("c"));
  schedula_function_node_set_output_weight (f1, "c", 5, &error);
  g_assert_no_error (error);
  add_fn (dsp2, "f2", fn_const, (gpointer) "f2", IDS ("b"), IDS ("c"));
  schedula_dispatch_options_set_input_dist (opts, "b", &two);
  sol2 = dispatch_ok (dsp2, in, NULL, opts);
  ASSERT_SOL (sol2, "a=1, b=1, c='f2'");
  ASSERT_DIST (sol2, "$START=-1, a=0, f1=1, b=2, f2=3, c=4");
  ASSERT_WF_EDGES (sol2, "$START->a=1; $START->b=1; a->f1=1; b->f2=1; f2->c='f2'");
}

static guint n_messages;
static char *last_message;

static void
count_messages (const char     *log_domain,
                GLogLevelFlags  log_level,
                const char     *message,
                gpointer        user_data)
{
  n_messages++;
  g_free (last_message);
  last_message = g_strdup (message);
}

/* SEMANTICS Example 2.23: a failing function, the longer path is used */
static void
test_failure_alternative (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autofree char *msg = NULL;
  SchedulaFunctionNode *f2;
  guint handler;

  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("c"));
  f2 = add_fn (dsp, "f2", fn_inc, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (f2, 5);
  add_fn (dsp, "g", fn_double, NULL, IDS ("c"), IDS ("d"));

  handler = g_log_set_handler ("Schedula", G_LOG_LEVEL_MESSAGE, count_messages, NULL);
  n_messages = 0;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, c=2, d=4");
  ASSERT_DIST (sol, "$START=-1, a=0, f1=1, f2=6, c=7, g=8, d=9");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->f1=1; a->f2=1; f2->c=2; c->g=2; g->d=4");
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
  msg = schedula_solution_dup_error_message (sol, "f1");
  g_assert_cmpstr (msg, ==, "Failed DISPATCHING 'f1' due to:\n  fail");
  g_assert_cmpuint (n_messages, ==, 0);

  /* RECORD: the same, and the error is logged when failures are logged
   * (test-errors.c checks the default, when they are not) */
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD);
  schedula_set_log_failures (TRUE);
  sol2 = dispatch_ok (dsp, in, NULL, NULL);
  schedula_set_log_failures (FALSE);
  ASSERT_SOL (sol2, "a=1, c=2, d=4");
  g_assert_cmpuint (n_messages, ==, 1);
  g_assert_nonnull (strstr (last_message, "Failed DISPATCHING 'f1'"));

  g_log_remove_handler ("Schedula", handler);
  g_clear_pointer (&last_message, g_free);
}

/* Domains: a false domain makes the search go around the function */
static void
test_domains (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) gt0 = fn ("gt0", dom_gt0);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) neg = inputs_new ("a", -1, NULL);
  g_autoptr(GHashTable) pos = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaWorkflow) wf = NULL, wf2 = NULL;
  SchedulaFunctionNode *f1, *f2;
  gboolean result = TRUE;
  gint n_f1 = 0;

  f1 = add_fn (dsp, "f1", fn_inc_counted, &n_f1, IDS ("a"), IDS ("c"));
  schedula_function_node_set_input_domain (f1, gt0);
  f2 = add_fn (dsp, "f2", fn_double, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (f2, 5);

  sol = dispatch_ok (dsp, neg, NULL, NULL);
  ASSERT_SOL (sol, "a=-1, c=-2");
  ASSERT_DIST (sol, "$START=-1, a=0, f1=1, f2=6, c=7");
  ASSERT_WF_NODES (sol, "$START, a, f1, f2, c");
  g_assert_cmpint (n_f1, ==, 0);
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 0);
  wf = schedula_solution_get_workflow (sol);
  g_assert_true (schedula_workflow_get_node_domain (wf, "f1", &result));
  g_assert_false (result);
  g_assert_false (schedula_workflow_get_node_domain (wf, "f2", NULL));

  sol2 = dispatch_ok (dsp, pos, NULL, NULL);
  ASSERT_SOL (sol2, "a=1, c=2");
  g_assert_cmpint (n_f1, ==, 1);
  wf2 = schedula_solution_get_workflow (sol2);
  g_assert_true (schedula_workflow_get_node_domain (wf2, "f1", &result));
  g_assert_true (result);
}

/* SEMANTICS Examples 2.21, 2.22: wait_inputs and the combiner */
static void
test_wait_inputs (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) items = fn ("items_est", fn_items_est);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GHashTable) in2 = inputs_new ("b", 10, "x", 1, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f2;
  SchedulaDataNode *b;

  add_fn (dsp, "f1", fn_inc, NULL, IDS ("a"), IDS ("b"));
  f2 = add_fn (dsp, "f2", fn_double, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (f2, 7);
  b = schedula_dispatcher_add_data (dsp, "b", NULL, &error);
  g_assert_no_error (error);
  schedula_data_node_set_wait_inputs (b, TRUE);
  schedula_data_node_set_combiner (b, items);
  add_fn (dsp, "g", fn_identity, NULL, IDS ("b"), IDS ("c"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b='f1=2, f2=2', c='f1=2, f2=2'");
  ASSERT_DIST (sol, "$START=-1, a=0, f1=1, f2=8, b=9, g=10, c=11");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->f1=1; a->f2=1; f1->b=2; f2->b=2; b->g='f1=2, f2=2'; g->c='f1=2, f2=2'");

  /* 2.22: the input of a waiting node is an estimation from START */
  add_fn (dsp2, "f1", fn_inc, NULL, IDS ("x"), IDS ("b"));
  add_data_waiting (dsp2, "b", items);
  sol2 = dispatch_ok (dsp2, in2, NULL, NULL);
  ASSERT_SOL (sol2, "x=1, b='$START=10, f1=2'");
  ASSERT_DIST (sol2, "$START=-1, x=0, f1=1, b=2");
  ASSERT_WF_NODES (sol2, "$START, b, x, f1");
}

/* A combiner giving the ids of its inputs, in the order it gets them */
static gboolean
fn_input_ids (SchedulaCall *call, gpointer data, GError **error)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < NIN; i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "", schedula_call_get_input_id (call, i));
  set_output (call, 0, G_TYPE_STRING, ids->str);
  return TRUE;
}

/* A waiting node with many inputs gets them in the order they came (the
 * workflow's), not in the order of the model's edges: 40 functions whose
 * weights reverse it */
static void
test_wait_inputs_many (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) items = fn ("input_ids", fn_input_ids);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *b = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("f%02u", i);
      SchedulaFunctionNode *f = add_fn (dsp, id, fn_inc, NULL, IDS ("a"), IDS ("b"));

      schedula_function_node_set_weight (f, 40 - i);
      g_string_append_printf (expected, "%sf%02u", i ? ", " : "", 39 - i);
    }
  add_data_waiting (dsp, "b", items);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  b = g_value_dup_string (schedula_solution_lookup (sol, "b"));
  g_assert_cmpstr (b, ==, expected->str);
}

/* SEMANTICS Example 1.07: filters */
static void
test_filters (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaFunction) to_none = fn ("to_none", fn_to_none);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  SchedulaDataNode *a;
  SchedulaFunctionNode *f, *f0;
  const GValue *results;
  guint n_results = 0;

  a = add_data_int (dsp, "a", 0, 0);
  for (guint i = 0; i < 3; i++)
    schedula_data_node_add_filter (a, inc);
  g_assert_cmpuint (schedula_data_node_get_filters (a)->len, ==, 3);
  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  for (guint i = 0; i < 4; i++)
    schedula_function_node_add_filter (f, inc);
  f0 = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("c"));
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (f0)), ==, "f<0>");
  schedula_function_node_add_filter (f0, inc);
  schedula_function_node_add_filter (f0, to_none);

  sol = dispatch_ok (dsp, NULL, NULL, NULL);
  ASSERT_SOL (sol, "a=3, b=8");
  ASSERT_DIST (sol, "$START=-1, a=0, f=1, f<0>=1, b=2");
  ASSERT_WF_EDGES (sol, "$START->a=0; a->f=3; a->f<0>=3; f->b=8");

  /* results are after the filters */
  wf = schedula_solution_get_workflow (sol);
  results = schedula_workflow_get_node_results (wf, "f", &n_results);
  g_assert_cmpuint (n_results, ==, 1);
  g_assert_cmpint (g_value_get_int64 (&results[0]), ==, 8);

  /* clearing */
  schedula_data_node_clear_filters (a);
  g_assert_null (schedula_data_node_get_filters (a));
  schedula_function_node_clear_filters (f0);
  g_assert_null (schedula_function_node_get_filters (f0));
  {
    g_autoptr(SchedulaSolution) sol2 = dispatch_ok (dsp, NULL, NULL, NULL);

    ASSERT_SOL (sol2, "a=0, b=5, c=1");
  }
}

/* SEMANTICS Example 1.09: callbacks */
static void
test_callbacks (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SchedulaFunction) record = schedula_function_new ("record", cb_record, log, NULL);
  g_autoptr(SchedulaFunction) failing = schedula_function_new ("callback_fail", cb_fail, log, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  SchedulaDataNode *b, *c;
  const GError *err;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  b = schedula_dispatcher_add_data (dsp, "b", NULL, &error);
  schedula_node_set_description (SCHEDULA_NODE (b), "b doc");
  schedula_data_node_set_callback (b, record);
  c = schedula_dispatcher_add_data (dsp, "c", NULL, &error);
  g_object_set (c, "callback", failing, NULL);
  g_assert_no_error (error);
  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_double, NULL, IDS ("b"), IDS ("c"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=2, c=4");
  ASSERT_DIST (sol, "$START=-1, a=0, f=1, b=2, g=3, c=4");
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpint (g_array_index (log, gint64, 0), ==, 2);
  g_assert_cmpint (g_array_index (log, gint64, 1), ==, 4);
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
  err = schedula_solution_get_error (sol, "c");
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpint (schedula_solution_get_error_failure (sol, "c"), ==, SCHEDULA_FAILURE_CALLBACK);
  msg = schedula_solution_dup_error_message (sol, "c");
  g_assert_cmpstr (msg, ==, "Failed CALLBACK 'c' due to:\n  callback failed");
}

/* SEMANTICS Examples 2.32, 1.15: NONE arguments are dropped */
static void
test_none_arguments (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("b", 5, NULL);

  inputs_set_none (in, "a");
  add_fn (dsp, "f", fn_count_args, NULL, IDS ("a", "b"), IDS ("c"));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "b=5, c=1");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, f=1, c=2");
  ASSERT_WF_EDGES (sol, "$START->a=NONE; $START->b=5; a->f=NONE; b->f=5; f->c=1");
  g_assert_false (schedula_solution_contains (sol, "a"));

  add_fn (dsp2, "one", fn_one, NULL, NULL, IDS ("x"));
  add_fn (dsp2, "cnt", fn_count_args, NULL, IDS (SCHEDULA_START, "x"), IDS ("n"));
  sol2 = dispatch_ok (dsp2, NULL, NULL, NULL);
  ASSERT_SOL (sol2, "x=1, n=1");
  ASSERT_DIST (sol2, "$START=0, one=1, x=2, cnt=3, n=4");
  ASSERT_WF_EDGES (sol2, "$START->$START=NONE; $START->one=NONE; $START->cnt=NONE; one->x=1; cnt->n=1; x->cnt=1");

  /* the ids of the arguments that stay: a NONE first, in the middle, none */
  {
    g_autoptr(SchedulaDispatcher) dsp3 = schedula_dispatcher_new (NULL);
    g_autoptr(SchedulaSolution) sol3 = NULL;
    g_autoptr(GHashTable) in3 = inputs_new ("b", 1, "c", 2, "d", 3, NULL);

    inputs_set_none (in3, "a");
    inputs_set_none (in3, "n");
    add_fn (dsp3, "first", fn_input_ids, NULL, IDS ("a", "b", "c"), IDS ("x"));
    add_fn (dsp3, "middle", fn_input_ids, NULL, IDS ("b", "n", "c", "a", "d"), IDS ("y"));
    add_fn (dsp3, "all", fn_input_ids, NULL, IDS ("d", "c", "b"), IDS ("z"));
    sol3 = dispatch_ok (dsp3, in3, NULL, NULL);
    g_assert_cmpstr (g_value_get_string (schedula_solution_lookup (sol3, "x")), ==, "b, c");
    g_assert_cmpstr (g_value_get_string (schedula_solution_lookup (sol3, "y")), ==, "b, c, d");
    g_assert_cmpstr (g_value_get_string (schedula_solution_lookup (sol3, "z")), ==, "d, c, b");
  }
}

/* SEMANTICS Example 2.31: a NONE result is not an output */
static void
test_none_results (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  SchedulaFunctionNode *g;

  add_fn (dsp, "f", fn_none_and_inc, NULL, IDS ("a"), IDS ("b", "c"));
  g = add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (g, 4);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, c=2, b=2");
  ASSERT_DIST (sol, "$START=-1, a=0, f=1, c=2, g=5, b=6");
  ASSERT_WF_NODES (sol, "$START, a, f, g, c, b");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->f=1; a->g=1; f->c=2; g->b=2");
}

/* SEMANTICS Examples 1.03, 1.04: START and SINK */
static void
test_start_sink (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  const GValue *sink;

  add_fn (dsp, "f", fn_three_five, NULL, NULL, IDS ("a", SCHEDULA_SINK));
  add_fn (dsp, "f", fn_three_five, NULL, NULL, IDS (SCHEDULA_SINK, "b"));

  sol = dispatch_ok (dsp, NULL, IDS ("a", "b"), NULL);
  ASSERT_SOL (sol, "a=3, b=5");
  ASSERT_DIST (sol, "$START=0, f=1, f<0>=1, a=2, b=2");
  ASSERT_WF_EDGES (sol, "$START->$START=NONE; $START->f=NONE; $START->f<0>=NONE; f->a=3; f<0>->b=5");

  sol2 = dispatch_ok (dsp, NULL, NULL, NULL);
  ASSERT_SOL (sol2, "a=3, b=5, $SINK={f: 5, f<0>: 3}");
  ASSERT_DIST (sol2, "$START=0, f=1, f<0>=1, a=2, b=2, $SINK=2");
  sink = schedula_solution_lookup (sol2, SCHEDULA_SINK);
  g_assert_true (G_VALUE_HOLDS (sink, SCHEDULA_TYPE_DICT));
}

/* SEMANTICS Examples 2.33, 3.04: outputs stop the search early */
static void
test_outputs_stop (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  SchedulaFunctionNode *f2;
  gint n_f2 = 0;

  add_fn (dsp, "f1", fn_inc, NULL, IDS ("a"), IDS ("b"));
  f2 = add_fn (dsp, "f2", fn_double_counted, &n_f2, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (f2, 10);
  add_fn (dsp, "f3", fn_inc, NULL, IDS ("c"), IDS ("b"));

  sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
  ASSERT_SOL (sol, "a=1, b=2");
  ASSERT_DIST (sol, "$START=-1, a=0, f1=1, b=2");
  ASSERT_WF_NODES (sol, "$START, a, f1, f2, b");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->f1=1; a->f2=1; f1->b=2");
  g_assert_cmpint (n_f2, ==, 0);

  /* an empty outputs array is the same as NULL */
  sol2 = dispatch_ok (dsp, in, (const char *const[]) { NULL }, NULL);
  ASSERT_SOL (sol2, "a=1, b=2, c=2");
  g_assert_cmpint (n_f2, ==, 1);
}

/* SEMANTICS Example 2.36: the outputs reduction */
static void
test_outputs_reduction (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  gint n_h = 0;

  add_data_int (dsp, "x", 100, 0);
  add_fn (dsp, "h", fn_inc_counted, &n_h, IDS ("x"), IDS ("a"));
  add_fn (dsp, "f", fn_double, NULL, IDS ("a"), IDS ("c"));
  add_data_int (dsp, "z", 7, 0);

  sol = dispatch_ok (dsp, in, IDS ("c"), NULL);
  ASSERT_SOL (sol, "a=1, c=2");
  ASSERT_DIST (sol, "$START=-1, a=0, f=1, c=2");
  ASSERT_WF_NODES (sol, "$START, a, f, c");
  g_assert_cmpint (n_h, ==, 0);
}

/* rm-unused-nodes: functions that never ran leave the workflow */
static void
test_rm_unused_nodes (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  SchedulaFunctionNode *f2;

  add_fn (dsp, "f1", fn_inc, NULL, IDS ("a"), IDS ("b"));
  f2 = add_fn (dsp, "f2", fn_double, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (f2, 10);
  add_fn (dsp, "f3", fn_inc, NULL, IDS ("c"), IDS ("b"));
  schedula_dispatch_options_set_rm_unused_nodes (opts, TRUE);

  sol = dispatch_ok (dsp, in, IDS ("b"), opts);
  ASSERT_SOL (sol, "a=1, b=2");
  ASSERT_WF_NODES (sol, "$START, a, f1, b");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->f1=1; f1->b=2");
}

/* SEMANTICS 2.8: no-call computes the structure only */
static void
test_no_call (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  const GValue *value = (gpointer) 1;
  gint n_calls = 0;

  add_fn (dsp, "f", fn_inc_counted, &n_calls, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_double_counted, &n_calls, IDS ("b"), IDS ("c"));
  schedula_dispatch_options_set_no_call (opts, TRUE);

  sol = dispatch_ok (dsp, in, NULL, opts);
  g_assert_cmpint (n_calls, ==, 0);
  ASSERT_SOL (sol, "a=NONE, b=NONE, c=NONE");
  ASSERT_DIST (sol, "$START=-1, a=0, f=1, b=2, g=3, c=4");
  ASSERT_WF_EDGES (sol, "$START->a; a->f; f->b; b->g; g->c");
  g_assert_true (schedula_value_holds_none (schedula_solution_lookup (sol, "c")));
  wf = schedula_solution_get_workflow (sol);
  g_assert_true (schedula_workflow_get_edge_value (wf, "f", "b", &value));
  g_assert_null (value);
}

/* SEMANTICS Examples 2.40, 2.41: wildcard */
static void
test_wildcard (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) items = fn ("items_est", fn_items_est);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "b", 1, NULL);
  g_autoptr(GHashTable) in2 = inputs_new ("a", 1, "b", 2, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *a;

  a = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  g_assert_no_error (error);
  schedula_data_node_set_wildcard (a, FALSE);
  add_fn (dsp, "f", fn_inc, NULL, IDS ("b"), IDS ("a"));
  add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("b"));
  schedula_dispatch_options_set_wildcard (opts, SCHEDULA_WILDCARD_ON);
  sol = dispatch_ok (dsp, in, IDS ("a", "b"), opts);
  ASSERT_SOL (sol, "a=1, b=2");
  ASSERT_DIST (sol, "$START=-1, a=0, f=1, g=1, b=2");
  ASSERT_WF_NODES (sol, "$START, a, b, g");
  ASSERT_WF_EDGES (sol, "$START->a=1; $START->b=1; a->g=1; g->b=2");
  g_assert_true (schedula_solution_is_visited (sol, "b"));

  add_fn (dsp2, "f", fn_double, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp2, "g", fn_inc, NULL, IDS ("b"), IDS ("a"));
  add_data_waiting (dsp2, "b", items);
  sol2 = dispatch_ok (dsp2, in2, IDS ("a", "b"), opts);
  ASSERT_SOL (sol2, "a=3, b='$START=2, f=2'");
  ASSERT_DIST (sol2, "$START=-1, f=1, g=1, a=2, b=2");
  ASSERT_WF_NODES (sol2, "$START, a, f, b, g");
  ASSERT_WF_EDGES (sol2, "$START->a=1; $START->b=2; a->f=1; f->b=2; b->g=2; g->a=3");
}

/* SEMANTICS Example 2.46: a sub-dispatcher with a domain */
static void
test_sub_dispatcher (void)
{
  g_autoptr(SchedulaDispatcher) child = NULL;
  g_autoptr(SchedulaDispatcher) dsp = make_2_46 (&child);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(SchedulaSolution) sub = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 3, "b", 5, "d", 10, "e", 20, NULL);
  g_autoptr(GHashTable) in2 = inputs_new ("a", 3, "b", 5, "d", 1, "e", 2, NULL);
  guint n_index = 0;
  const gint *index;

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=3, b=5, d=10, e=20, c=5, f=9");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, d=0, e=0, sub_dsp=0, max=1, c=2, f=4");
  ASSERT_WF_NODES (sol, "$START, a, b, d, e, max, sub_dsp, c, f");
  ASSERT_WF_EDGES (sol, "$START->a=3; $START->b=5; $START->d=10; $START->e=20; a->max=3; b->max=5; "
                        "d->sub_dsp=10; e->sub_dsp=20; max->c=5; sub_dsp->f=9");

  sub = schedula_solution_get_sub_solution (sol, "sub_dsp");
  g_assert_nonnull (sub);
  ASSERT_SOL (sub, "a=10, b=20, c=10, d=11, e=9");
  ASSERT_DIST (sub, "$START=-1, a=0, b=0, min=1, c=2, fun=3, d=4, e=4");
  ASSERT_WF_EDGES (sub, "$START->a=10; $START->b=20; a->min=10; b->min=20; min->c=10; c->fun=10; "
                        "fun->d=11; fun->e=9");
  index = schedula_solution_get_index (sub, &n_index);
  g_assert_cmpuint (n_index, ==, 2);
  g_assert_cmpint (index[0], ==, -1);
  g_assert_cmpint (index[1], ==, 4);
  {
    g_autoptr(SchedulaDispatcher) owner = schedula_solution_get_dispatcher (sub);

    g_assert_true (owner == child);
  }

  /* The domain says no: the child does not start. */
  sol2 = dispatch_ok (dsp, in2, NULL, NULL);
  ASSERT_SOL (sol2, "a=3, b=5, d=1, e=2, c=5");
  g_assert_null (schedula_solution_get_sub_solution (sol2, "sub_dsp"));
}

/* SEMANTICS Example 2.47: one-to-many mappings and include_defaults */
static void
test_sub_dispatcher_one_to_many (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("sub_dispatcher");
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) sub = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 6, "b", 5, NULL);
  SchedulaDispatcherNode *s;
  SchedulaNode *c;

  add_data_int (child, "a", 2, 0);
  add_data_int (child, "b", 0, 0);
  add_fn (child, "min", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (child, "fun", fn_split, NULL, IDS ("c"), IDS ("d", "e"));

  add_fn (dsp, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  s = add_sub_dsp (dsp, "sub_dsp", child, IDS ("c", "a", "c", "d"), IDS ("d", "d", "d", "f", "e", "g"));
  schedula_dispatcher_node_set_include_defaults (s, TRUE);
  g_assert_true (schedula_dispatcher_node_get_include_defaults (s));

  /* the default of child a moved to parent c */
  c = schedula_dispatcher_lookup_node (dsp, "c");
  g_assert_cmpint (g_value_get_int64 (schedula_data_node_get_default_value (SCHEDULA_DATA_NODE (c))), ==, 2);
  g_assert_null (schedula_data_node_get_default_value (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (child, "a"))));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=6, b=5, c=2, d=2, f=2, g=-1");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, c=0, sub_dsp=0, d=0, f=0, max=1, g=4");
  ASSERT_WF_EDGES (sol, "$START->a=6; $START->b=5; $START->c=2; c->sub_dsp=2; sub_dsp->d=2; "
                        "sub_dsp->f=2; sub_dsp->g=-1");
  sub = schedula_solution_get_sub_solution (sol, "sub_dsp");
  ASSERT_SOL (sub, "a=2, d=2, b=0, c=0, e=-1");
}

/* A solution nested in a sub-solution that closes while it holds no value
 * stays open, as schedula's `if _s:` in _dsp_closed_add (docs/semantics.md,
 * Reference quirks): G's grandchild gets its first value (k, initial
 * distance 10) after S closes at fc (distance 6: the parent's b is known),
 * and still runs its functions and links z into S's workflow. The values,
 * distances and edges are schedula 1.5.78's for the same model (a sum as
 * x's combiner there). */
static void
test_sub_dispatcher_empty_grandchild (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("top");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("c");
  g_autoptr(SchedulaDispatcher) grandchild = schedula_dispatcher_new ("gc");
  g_autoptr(SchedulaFunction) items = fn ("items_est", fn_items_est);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  SchedulaSolution *sub, *subsub;

  add_data_waiting (grandchild, "x", items);
  add_data_int (grandchild, "k", 7, 10);
  add_fn (grandchild, "h", fn_inc, NULL, IDS ("k"), IDS ("x"));
  add_fn (grandchild, "g", fn_identity, NULL, IDS ("x"), IDS ("y"));
  add_fn (child, "fb", fn_inc, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (add_fn (child, "fc", fn_inc, NULL, IDS ("a"), IDS ("c")), 5);
  add_sub_dsp (child, "G", grandchild, IDS ("a", "x"), IDS ("y", "z"));
  add_sub_dsp (dsp, "S", child, IDS ("a", "a"), IDS ("b", "b"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=2");
  ASSERT_DIST (sol, "$START=-1, a=0, S=0, b=2");
  sub = schedula_solution_get_sub_solution (sol, "S");
  g_assert_nonnull (sub);
  ASSERT_SOL (sub, "a=1, b=2");
  ASSERT_DIST (sub, "$START=-1, a=0, G=0, fb=1, b=2");
  ASSERT_WF_EDGES (sub, "$START->a=1; a->fb=1; a->fc=1; a->G=1; fb->b=2; G->z='$START=1, h=8'");
  subsub = schedula_solution_get_sub_solution (sub, "G");
  g_assert_nonnull (subsub);
  ASSERT_SOL (subsub, "k=7, x='$START=1, h=8', y='$START=1, h=8'");
  ASSERT_DIST (subsub, "$START=-1, k=10, h=11, x=12, g=13, y=14");
  ASSERT_WF_EDGES (subsub, "$START->k=7; $START->x=1; k->h=7; x->g='$START=1, h=8'; h->x=8; "
                           "g->y='$START=1, h=8'");
  g_object_unref (subsub);
  g_object_unref (sub);
}

/* Cancels the cancellable of user data, after checking the call has it */
static gboolean
fn_cancel_then_inc (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_true (schedula_call_get_cancellable (call) == data);
  g_cancellable_cancel (data);
  return fn_inc (call, NULL, error);
}

static void
test_cancellation (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) partial = NULL, partial2 = NULL;
  gint n_calls = 0;

  add_fn (dsp, "f", fn_cancel_then_inc, cancellable, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_inc_counted, &n_calls, IDS ("b"), IDS ("c"));

  partial = dispatch_fails (dsp, in, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (n_calls, ==, 0);
  ASSERT_SOL (partial, "a=1, b=2");
  g_assert_false (schedula_solution_contains (partial, "c"));
  g_clear_error (&error);

  /* Cancelled before the dispatch: no function runs */
  g_cancellable_cancel (cancelled);
  partial2 = dispatch_fails (dsp, in, NULL, NULL, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (n_calls, ==, 0);
  g_assert_true (partial2 != partial);
  g_assert_false (schedula_solution_contains (partial2, "b"));
}

typedef struct {
  GPtrArray *calls;
  GPtrArray *ids;
} CallLog;

static gboolean
fn_log_call (SchedulaCall *call, gpointer data, GError **error)
{
  CallLog *log = data;

  g_ptr_array_add (log->calls, call);
  g_ptr_array_add (log->ids, g_strdup (schedula_call_get_node_id (call)));
  g_assert_cmpuint (schedula_call_get_n_outputs (call), ==, 1);
  g_assert_cmpstr (schedula_call_get_input_id (call, 0), !=, NULL);
  return fn_inc (call, NULL, error);
}

/* One SchedulaCall serves every call of a dispatch. */
static void
test_call_reused (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GPtrArray) calls = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  CallLog log = { calls, ids };
  g_autofree char *joined = NULL;

  add_fn (dsp, "f", fn_log_call, &log, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_log_call, &log, IDS ("b"), IDS ("c"));
  add_fn (dsp, "h", fn_log_call, &log, IDS ("c"), IDS ("d"));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=2, c=3, d=4");
  g_assert_cmpuint (calls->len, ==, 3);
  g_assert_true (calls->pdata[0] == calls->pdata[1]);
  g_assert_true (calls->pdata[1] == calls->pdata[2]);
  g_ptr_array_add (ids, NULL);
  joined = g_strjoinv (", ", (char **) ids->pdata);
  g_assert_cmpstr (joined, ==, "f, g, h");
}

typedef struct {
  GMainContext *context;
  GThread      *thread;
  gboolean      owner;
  gint          n_calls;
} ContextLog;

static gboolean
fn_in_context (SchedulaCall *call, gpointer data, GError **error)
{
  ContextLog *log = data;

  log->thread = g_thread_self ();
  log->owner = g_main_context_is_owner (log->context);
  log->n_calls++;
  return fn_inc (call, NULL, error);
}

typedef struct {
  SchedulaDispatcher *dsp;
  GMainContext       *context;
  SchedulaSolution   *solution;
  gint                done;
} WorkerData;

static gpointer
dispatch_worker (gpointer data)
{
  WorkerData *w = data;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);

  w->solution = dispatch_ok (w->dsp, in, NULL, NULL);
  g_atomic_int_set (&w->done, 1);
  g_main_context_wakeup (w->context);
  return NULL;
}

/* A function with SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT runs in the context
 * it was created in, synchronously. */
static void
test_main_context (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SchedulaFunction) f = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  ContextLog log = { context, NULL, FALSE, 0 };
  WorkerData w = { NULL, context, NULL, 0 };
  GThread *worker;

  g_main_context_push_thread_default (context);
  f = schedula_function_new ("f", fn_in_context, &log, NULL);
  g_main_context_pop_thread_default (context);
  g_assert_true (schedula_function_get_context (f) == context);
  schedula_function_set_flags (f, SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT);
  schedula_dispatcher_add_function (dsp, "f", f, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  add_fn (dsp, "g", fn_inc, NULL, IDS ("b"), IDS ("c"));

  /* From the thread of the context, nobody iterating it */
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=2, c=3");
  g_assert_cmpint (log.n_calls, ==, 1);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_true (log.owner);

  /* From another thread while this one runs the context */
  log.thread = NULL;
  log.owner = FALSE;
  w.dsp = dsp;
  g_assert_true (g_main_context_acquire (context));
  worker = g_thread_new ("dispatch", dispatch_worker, &w);
  while (!g_atomic_int_get (&w.done))
    g_main_context_iteration (context, TRUE);
  g_thread_join (worker);
  g_main_context_release (context);

  g_assert_cmpint (log.n_calls, ==, 2);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_true (log.owner);
  ASSERT_SOL (w.solution, "a=1, b=2, c=3");
  g_clear_object (&w.solution);
}

/* value-type: transformable values are converted, others fail the node */
static void
test_value_type (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "x", 4, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *b, *c, *x, *n;
  const GValue *v;
  const GError *err;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_inc, NULL, IDS ("b"), IDS ("b2"));
  add_fn (dsp, "h", fn_inc, NULL, IDS ("a"), IDS ("c"));
  add_fn (dsp, "k", fn_inc, NULL, IDS ("c"), IDS ("d"));
  add_fn (dsp, "m", fn_identity, NULL, IDS ("x"), IDS ("y"));
  b = SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "b"));
  c = SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "c"));
  x = SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "x"));
  schedula_data_node_set_value_type (b, G_TYPE_DOUBLE);
  g_object_set (c, "value-type", G_TYPE_STRV, NULL);
  schedula_data_node_set_value_type (x, G_TYPE_DOUBLE);
  /* NONE is always accepted */
  n = schedula_dispatcher_add_data (dsp, "n", NULL, &error);
  g_assert_no_error (error);
  schedula_data_node_set_value_type (n, G_TYPE_STRV);
  add_fn (dsp, "cnt", fn_count_args, NULL, IDS ("n", "a"), IDS ("count"));
  inputs_set_none (in, "n");

  sol = dispatch_ok (dsp, in, NULL, NULL);
  g_assert_cmpint (sol_int (sol, "count"), ==, 1);
  g_assert_null (schedula_solution_get_error (sol, "n"));

  /* converted */
  v = schedula_solution_lookup (sol, "b");
  g_assert_nonnull (v);
  g_assert_true (G_VALUE_HOLDS_DOUBLE (v));
  g_assert_cmpfloat (g_value_get_double (v), ==, 2.0);
  v = schedula_solution_lookup (sol, "b2");
  g_assert_true (G_VALUE_HOLDS_DOUBLE (v));
  g_assert_cmpfloat (g_value_get_double (v), ==, 3.0);

  /* an input arriving at a typed node is converted too */
  v = schedula_solution_lookup (sol, "x");
  g_assert_nonnull (v);
  g_assert_true (G_VALUE_HOLDS_DOUBLE (v));
  v = schedula_solution_lookup (sol, "y");
  g_assert_true (G_VALUE_HOLDS_DOUBLE (v));
  g_assert_cmpfloat (g_value_get_double (v), ==, 4.0);

  /* not transformable: the node fails, naming node and types */
  g_assert_false (schedula_solution_contains (sol, "c"));
  g_assert_false (schedula_solution_contains (sol, "d"));
  err = schedula_solution_get_error (sol, "c");
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, "c"));
  g_assert_nonnull (strstr (err->message, "GStrv"));
  g_assert_nonnull (strstr (err->message, "gint64"));
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
}

typedef struct {
  SchedulaDispatcher *dsp;
  gint                base;
  gint                failures;
  char               *first;
} ThreadData;

static gpointer
thread_dispatch (gpointer data)
{
  ThreadData *t = data;

  for (gint i = 0; i < 40; i++)
    {
      g_autoptr(GHashTable) in = inputs_new ("a", t->base + i, "b", 2, NULL);
      g_autoptr(SchedulaSolution) sol = NULL;
      g_autofree char *s = NULL, *expected = NULL;

      sol = schedula_dispatcher_dispatch (t->dsp, in, NULL, NULL, NULL, NULL);
      if (sol == NULL)
        {
          t->failures++;
          continue;
        }
      s = sol_str (sol);
      expected = g_strdup_printf ("a=%d, b=2, c=%d, d=%d, e=%d", t->base + i, t->base + i + 2,
                                  2 * (t->base + i + 2), 2 * (t->base + i + 2) + 1);
      if (g_strcmp0 (s, expected) != 0)
        {
          if (t->first == NULL)
            t->first = g_strdup_printf ("%s != %s", s, expected);
          t->failures++;
        }
    }
  return NULL;
}

/* Many threads dispatch the same model at once. */
static void
test_threads (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  ThreadData data[8];
  GThread *threads[8];

  add_fn (dsp, "f", fn_add, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp, "g", fn_double, NULL, IDS ("c"), IDS ("d"));
  add_fn (dsp, "h", fn_inc, NULL, IDS ("d"), IDS ("e"));

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i] = (ThreadData) { dsp, (gint) i * 1000, 0, NULL };
      threads[i] = g_thread_new ("dispatch", thread_dispatch, &data[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpstr (data[i].first, ==, NULL);
      g_assert_cmpint (data[i].failures, ==, 0);
    }
}

/* Changes to the model take effect at the next dispatch, whatever the
 * library caches between dispatches. */
static void
test_model_changes (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaFunction) neg = fn ("neg", fn_neg);
  g_autoptr(GHashTable) in = inputs_new ("a", 3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OwnedValue) ten = value_new_int (10);
  SchedulaFunctionNode *f, *h;

  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
    ASSERT_SOL (sol, "a=3, b=4");
  }
  /* a new function: ties go to the smaller id, so f still wins */
  add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("b"));
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
    ASSERT_SOL (sol, "a=3, b=4");
  }
  /* a weight */
  schedula_function_node_set_weight (f, 1);
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
    ASSERT_SOL (sol, "a=3, b=6");
  }
  /* the function of a node */
  schedula_function_node_set_weight (f, 0);
  schedula_function_node_set_function (f, neg);
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
    ASSERT_SOL (sol, "a=3, b=-3");
  }
  /* a removed node */
  g_assert_true (schedula_dispatcher_remove_node (dsp, "f", &error));
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
    ASSERT_SOL (sol, "a=3, b=6");
  }
  /* a default */
  g_assert_true (schedula_dispatcher_set_default_value (dsp, "b", ten, NULL, &error));
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
    ASSERT_SOL (sol, "a=3, b=10");
  }

  /* a change inside a child dispatcher */
  h = add_fn (child, "h", fn_inc, NULL, IDS ("x"), IDS ("y"));
  add_sub_dsp (dsp, "s", child, IDS ("a", "x"), IDS ("y", "c"));
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("c"), NULL);
    ASSERT_SOL (sol, "a=3, c=4");
  }
  schedula_function_node_set_weight (h, 10);
  add_fn (child, "k", fn_double, NULL, IDS ("x"), IDS ("y"));
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("c"), NULL);
    g_autoptr(SchedulaSolution) sol2 = dispatch_ok (dsp, in, NULL, NULL);

    ASSERT_SOL (sol, "a=3, c=6");
    ASSERT_SOL (sol2, "a=3, b=10, c=6");
  }
}

/* A combiner on a data node that does not wait is called with the one
 * estimation (SEMANTICS 1.3); a filter that gives NONE makes the value
 * absent but NONE still travels (SEMANTICS 2.7.1). */
static void
test_combiner_and_none_filter (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) items = fn ("items_est", fn_items_est);
  g_autoptr(SchedulaFunction) to_none = fn ("to_none", fn_to_none);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "c", 5, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *b, *c, *z;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  b = schedula_dispatcher_add_data (dsp, "b", NULL, &error);
  schedula_data_node_set_combiner (b, items);
  c = schedula_dispatcher_add_data (dsp, "c", NULL, &error);
  schedula_data_node_set_combiner (c, items);
  z = schedula_dispatcher_add_data (dsp, "z", NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(OwnedValue) one = value_new_int (1);

    schedula_dispatcher_set_default_value (dsp, "z", one, NULL, &error);
    g_assert_no_error (error);
  }
  schedula_data_node_add_filter (z, to_none);
  add_fn (dsp, "n", fn_count_args, NULL, IDS ("z", "a"), IDS ("m"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, c='$START=5', b='f=2', m=1");
  g_assert_false (schedula_solution_contains (sol, "z"));
  ASSERT_WF_EDGES (sol, "$START->a=1; $START->c=5; $START->z=1; a->f=1; a->n=1; z->n=NONE; f->b=2; n->m=1");
}

/* SEMANTICS Example 2.53: a sub-dispatcher domain is asked again until it
 * says yes, with the parent ids of what arrived so far. */
static gboolean
dom_has_two (SchedulaCall *call, gpointer data, GError **error)
{
  GPtrArray *seen = data;
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < NIN; i++)
    g_string_append_printf (ids, "%s%s", i ? "," : "", schedula_call_get_input_id (call, i));
  g_ptr_array_add (seen, g_string_free (ids, FALSE));
  set_bool (call, NIN >= 2);
  return TRUE;
}

static void
test_sub_dispatcher_domain_retried (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SchedulaFunction) dom = schedula_function_new ("dict_has_two", dom_has_two, seen, NULL);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "b", 2, NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sub = NULL;
  SchedulaDistance three = { 0, 3 };
  SchedulaDispatcherNode *s;
  gboolean answer = FALSE;

  add_fn (child, "f", fn_add, NULL, IDS ("x", "y"), IDS ("z"));
  s = add_sub_dsp (dsp, "s", child, IDS ("a", "x", "b", "y"), IDS ("z", "c"));
  schedula_dispatcher_node_set_input_domain (s, dom);
  schedula_dispatch_options_set_input_dist (opts, "b", &three);

  sol = dispatch_ok (dsp, in, NULL, opts);
  ASSERT_SOL (sol, "a=1, b=2, c=3");
  ASSERT_DIST (sol, "$START=-1, a=0, b=3, s=3, c=5");
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (seen->pdata[0], ==, "a");
  g_assert_cmpstr (seen->pdata[1], ==, "a,b");
  sub = schedula_solution_get_sub_solution (sol, "s");
  ASSERT_SOL (sub, "x=1, y=2, z=3");
  ASSERT_DIST (sub, "$START=-1, x=3, y=3, f=4, z=5");
  {
    g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);

    g_assert_true (schedula_workflow_get_node_domain (wf, "s", &answer));
    g_assert_true (answer);
  }
}

/* SchedulaFunction is derivable: a subclass overriding invoke works as the
 * function of a node. */
typedef struct {
  SchedulaFunction parent_instance;
  gint64           offset;
} TestAdder;

typedef struct {
  SchedulaFunctionClass parent_class;
} TestAdderClass;

static GType test_adder_get_type (void);
G_DEFINE_TYPE (TestAdder, test_adder, SCHEDULA_TYPE_FUNCTION)

static gboolean
test_adder_invoke (SchedulaFunction  *function,
                   SchedulaCall      *call,
                   GError           **error)
{
  TestAdder *self = (TestAdder *) function;

  set_int (call, 0, (gint64) value_num (IN (0)) + self->offset);
  return TRUE;
}

static void
test_adder_class_init (TestAdderClass *klass)
{
  SCHEDULA_FUNCTION_CLASS (klass)->invoke = test_adder_invoke;
}

static void
test_adder_init (TestAdder *self)
{
  self->offset = 100;
}

static void
test_function_subclass (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) adder = g_object_new (test_adder_get_type (), "name", "adder", NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;

  f = schedula_dispatcher_add_function (dsp, NULL, adder, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (f)), ==, "adder");
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=101");
}

/* A NULL value in the inputs table is a NULL pointer value */
static void
test_null_input (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SchedulaSolution) sol = NULL;
  const GValue *v;

  add_fn (dsp, "f", fn_count_args, NULL, IDS ("a"), IDS ("n"));
  g_hash_table_insert (in, (gpointer) "a", NULL);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  v = schedula_solution_lookup (sol, "a");
  g_assert_nonnull (v);
  g_assert_true (G_VALUE_HOLDS_POINTER (v));
  g_assert_null (g_value_get_pointer (v));
  g_assert_cmpint (sol_int (sol, "n"), ==, 1);
}

/* An executor that does not exist is an error naming it */
static void
test_unknown_executor (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  SchedulaSolution *sol;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  schedula_dispatch_options_set_executor (opts, "no-such-executor");
  sol = schedula_dispatcher_dispatch (dsp, in, NULL, opts, NULL, &error);
  g_assert_null (sol);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SCHEDULA_DISPATCH_ERROR);
  g_assert_nonnull (strstr (error->message, "no-such-executor"));
}

/* ------------------------------------------------------------------ */
/* The tie-break across sub-solutions                                  */
/* ------------------------------------------------------------------ */

typedef struct
{
  GString *log;
  char    *tag;
} TieTag;

static void
tie_tag_free (gpointer data)
{
  TieTag *t = data;

  g_free (t->tag);
  g_free (t);
}

/* Appends its tag to the log, then increments */
static gboolean
fn_inc_logged (SchedulaCall *call, gpointer data, GError **error)
{
  TieTag *t = data;

  g_string_append_printf (t->log, "%s%s", t->log->len > 0 ? " " : "", t->tag);
  return fn_inc (call, NULL, error);
}

static SchedulaFunction *
tie_function (const char *tag,
              GString    *log,
              GPtrArray  *tags)
{
  TieTag *t = g_new0 (TieTag, 1);

  t->log = log;
  t->tag = g_strdup (tag);
  g_ptr_array_add (tags, t);
  return schedula_function_new ("f", fn_inc_logged, t, NULL);
}

/* Dispatcher @tag, @depth levels deep: a function f a -> b logging @tag and
 * sub-dispatcher nodes n (depth - 1 levels) and, at depths 3 and 7, m
 * (depth - 2), all fed a -> a and giving b -> b; f comes before, between or
 * after them by the length of @tag. The child tags are @tag and the node
 * id. */
static SchedulaDispatcher *
tie_level (const char *tag,
           guint       depth,
           GString    *log,
           GPtrArray  *tags)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (tag);
  const char *kid_ids[2];
  guint kid_depths[2];
  guint n_kids = 0;
  guint fpos;

  if (depth > 0)
    {
      kid_ids[n_kids] = "n";
      kid_depths[n_kids++] = depth - 1;
    }
  if (depth == 3 || depth == 7)
    {
      kid_ids[n_kids] = "m";
      kid_depths[n_kids++] = depth - 2;
    }
  fpos = strlen (tag) % (n_kids + 1);
  for (guint i = 0; i <= n_kids; i++)
    {
      if (i == fpos)
        {
          g_autoptr(SchedulaFunction) f = tie_function (tag, log, tags);
          GError *error = NULL;

          added (schedula_dispatcher_add_function (dsp, "f", f, IDS ("a"), IDS ("b"), &error),
                 error);
        }
      if (i < n_kids)
        {
          g_autofree char *child_tag = g_strconcat (tag, kid_ids[i], NULL);
          g_autoptr(SchedulaDispatcher) child = tie_level (child_tag, kid_depths[i], log, tags);

          add_sub_dsp (dsp, kid_ids[i], child, IDS ("a", "a"), IDS ("b", "b"));
        }
    }
  return dsp;
}

/* Functions of one id reached at one distance in 44 sub-solutions nested
 * up to 13 levels: the fringe tells them apart by the index paths of their
 * solutions and nodes, compared lexicographically, a path before the
 * longer ones it begins. The order of the calls is schedula 1.5.78's, from
 * the same model built in Python (a list the functions append their tags
 * to). The sub-dispatcher nodes come in an order that is not the order of
 * their ids, f before, between and after them: siblings, an ancestor's
 * node against its descendants' on both sides, deep solutions against
 * shallow ones. */
static void
test_tie_break_nested (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (tie_tag_free);
  g_autoptr(SchedulaDispatcher) top = schedula_dispatcher_new ("top");
  g_autoptr(SchedulaDispatcher) z = tie_level ("z", 12, log, tags);
  g_autoptr(SchedulaDispatcher) c = tie_level ("c", 9, log, tags);
  g_autoptr(SchedulaFunction) f = tie_function ("top", log, tags);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  GError *error = NULL;

  add_sub_dsp (top, "z", z, IDS ("a", "a"), IDS ("b", "b"));
  added (schedula_dispatcher_add_function (top, "f", f, IDS ("a"), IDS ("b"), &error), error);
  add_sub_dsp (top, "c", c, IDS ("a", "a"), IDS ("b", "b"));
  sol = dispatch_ok (top, in, NULL, NULL);
  g_assert_cmpint (sol_int (sol, "b"), ==, 2);
  g_assert_cmpstr (log->str, ==,
                   "zn znnn znnnnn znnnnnnn znnnnnnnnnnn znnnnnnnnnnnn znnnnnnnnnn znnnnnnnnn "
                   "znnnnnnnnnmn znnnnnnnnnm znnnnnnnn znnnnnn znnnnnmn znnnnnmnn znnnnnmnnn "
                   "znnnnnmnnnnn znnnnnmnnnn znnnnnmnnm znnnnnmnnmn znnnnnm znnnn znn z top "
                   "cn cnn cnnn cnnnnn cnnnnnnn cnnnnnnnnn cnnnnnnnn cnnnnnn cnnnnnnm cnnnnnnmn "
                   "cnnnn cnnm cnnmnn cnnmnnnn cnnmnnnnn cnnmnnn cnnmnnmn cnnmnnm cnnmn c");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Dispatch/defaults", test_defaults);
  g_test_add_func ("/Schedula/Dispatch/inputs-dist", test_inputs_dist);
  g_test_add_func ("/Schedula/Dispatch/options", test_options);
  g_test_add_func ("/Schedula/Dispatch/tie-break", test_tie_break);
  g_test_add_func ("/Schedula/Dispatch/tie-break-nested", test_tie_break_nested);
  g_test_add_func ("/Schedula/Dispatch/estimations", test_estimations);
  g_test_add_func ("/Schedula/Dispatch/failure-alternative", test_failure_alternative);
  g_test_add_func ("/Schedula/Dispatch/domains", test_domains);
  g_test_add_func ("/Schedula/Dispatch/wait-inputs", test_wait_inputs);
  g_test_add_func ("/Schedula/Dispatch/filters", test_filters);
  g_test_add_func ("/Schedula/Dispatch/callbacks", test_callbacks);
  g_test_add_func ("/Schedula/Dispatch/none-arguments", test_none_arguments);
  g_test_add_func ("/Schedula/Dispatch/none-results", test_none_results);
  g_test_add_func ("/Schedula/Dispatch/start-sink", test_start_sink);
  g_test_add_func ("/Schedula/Dispatch/outputs-stop", test_outputs_stop);
  g_test_add_func ("/Schedula/Dispatch/outputs-reduction", test_outputs_reduction);
  g_test_add_func ("/Schedula/Dispatch/rm-unused-nodes", test_rm_unused_nodes);
  g_test_add_func ("/Schedula/Dispatch/no-call", test_no_call);
  g_test_add_func ("/Schedula/Dispatch/wildcard", test_wildcard);
  g_test_add_func ("/Schedula/Dispatch/sub-dispatcher", test_sub_dispatcher);
  g_test_add_func ("/Schedula/Dispatch/sub-dispatcher-one-to-many", test_sub_dispatcher_one_to_many);
  g_test_add_func ("/Schedula/Dispatch/sub-dispatcher-empty-grandchild", test_sub_dispatcher_empty_grandchild);
  g_test_add_func ("/Schedula/Dispatch/cancellation", test_cancellation);
  g_test_add_func ("/Schedula/Dispatch/call-reused", test_call_reused);
  g_test_add_func ("/Schedula/Dispatch/main-context", test_main_context);
  g_test_add_func ("/Schedula/Dispatch/value-type", test_value_type);
  g_test_add_func ("/Schedula/Dispatch/threads", test_threads);
  g_test_add_func ("/Schedula/Dispatch/model-changes", test_model_changes);
  g_test_add_func ("/Schedula/Dispatch/combiner-and-none-filter", test_combiner_and_none_filter);
  g_test_add_func ("/Schedula/Dispatch/wait-inputs-many", test_wait_inputs_many);
  g_test_add_func ("/Schedula/Dispatch/sub-dispatcher-domain-retried", test_sub_dispatcher_domain_retried);
  g_test_add_func ("/Schedula/Dispatch/function-subclass", test_function_subclass);
  g_test_add_func ("/Schedula/Dispatch/null-input", test_null_input);
  g_test_add_func ("/Schedula/Dispatch/unknown-executor", test_unknown_executor);

  return g_test_run ();
}
