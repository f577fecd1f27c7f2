/* test-solution.c: the solution of a dispatch: values, distances, errors, workflow, sub-solutions (area 3)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* SEMANTICS Example 3.03 */
static SchedulaSolution *
dispatch_3_03 (SchedulaDispatcher **dsp_out)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("zz", 0, "b", 2, "yy", 1, "a", 1, NULL);
  SchedulaSolution *sol;

  add_fn (dsp, "f", fn_add, NULL, IDS ("b", "a"), IDS ("c"));
  add_data_int (dsp, "d", 0, 5);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  if (dsp_out)
    *dsp_out = g_steal_pointer (&dsp);
  return sol;
}

/* Out-of-model inputs first, in id order; then in visit order. */
static void
test_order (void)
{
  g_autoptr(SchedulaSolution) sol = dispatch_3_03 (NULL);
  g_auto(GStrv) ids = schedula_solution_get_ids (sol);
  g_autoptr(GHashTable) values = schedula_solution_get_values (sol);
  g_autofree char *joined = join (ids);
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;
  guint n = 0;

  ASSERT_SOL (sol, "yy=1, zz=0, a=1, b=2, c=3, d=0");
  g_assert_cmpstr (joined, ==, "yy, zz, a, b, c, d");
  g_assert_cmpuint (schedula_solution_get_n_values (sol), ==, 6);
  ASSERT_WF_NODES (sol, "$START, a, b, d, f, c");

  /* the iterator gives the same order, and the same pointers as lookup */
  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      g_assert_cmpstr (id, ==, ids[n]);
      g_assert_true (value == schedula_solution_lookup (sol, id));
      n++;
    }
  g_assert_cmpuint (n, ==, 6);
  g_assert_false (schedula_solution_iter_next (&iter, NULL, NULL));
  /* optional out arguments */
  schedula_solution_iter_init (&iter, sol);
  g_assert_true (schedula_solution_iter_next (&iter, NULL, NULL));

  g_assert_cmpuint (g_hash_table_size (values), ==, 6);
  g_assert_cmpint (g_value_get_int64 (g_hash_table_lookup (values, "c")), ==, 3);
  g_assert_true (g_hash_table_lookup (values, "yy") == schedula_solution_lookup (sol, "yy"));
  g_assert_false (g_hash_table_contains (values, "f"));
}

static void
test_lookup (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  const GValue *value = (gpointer) 1;

  inputs_set_none (in, "n");
  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_count_args, NULL, IDS ("n"), IDS ("m"));
  sol = dispatch_ok (dsp, in, NULL, NULL);

  g_assert_cmpint (sol_int (sol, "b"), ==, 2);
  g_assert_true (schedula_solution_contains (sol, "b"));
  g_assert_true (schedula_solution_lookup_extended (sol, "b", &value));
  g_assert_true (value == schedula_solution_lookup (sol, "b"));
  g_assert_true (schedula_solution_lookup_extended (sol, "a", NULL));

  /* function nodes and unknown ids have no value */
  g_assert_null (schedula_solution_lookup (sol, "f"));
  g_assert_false (schedula_solution_contains (sol, "f"));
  g_assert_null (schedula_solution_lookup (sol, "zz"));
  value = (gpointer) 1;
  g_assert_false (schedula_solution_lookup_extended (sol, "zz", &value));

  /* a NONE input is not stored; the function got no argument */
  g_assert_false (schedula_solution_contains (sol, "n"));
  g_assert_cmpint (sol_int (sol, "m"), ==, 0);
  ASSERT_SOL (sol, "a=1, b=2, m=0");
}

static void
test_distances (void)
{
  g_autoptr(SchedulaSolution) sol = dispatch_3_03 (NULL);
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol2 = NULL;
  SchedulaDistance d = { 42, 42 };
  g_auto(GStrv) ids = schedula_solution_get_distance_ids (sol);

  g_assert_cmpstrv (ids, IDS (SCHEDULA_START, "a", "b", "f", "c", "d"));
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, f=1, c=2, d=5");

  /* START is always there: -1 when not visited */
  g_assert_true (schedula_solution_get_distance (sol, SCHEDULA_START, &d));
  g_assert_cmpfloat (d.inf, ==, 0);
  g_assert_cmpfloat (d.num, ==, -1);
  g_assert_false (schedula_solution_is_visited (sol, "yy"));
  g_assert_true (schedula_solution_get_distance (sol, "d", &d));
  g_assert_cmpfloat (d.num, ==, 5);
  g_assert_true (schedula_solution_get_distance (sol, "f", NULL));
  /* out-of-model inputs and unknown ids have none */
  g_assert_false (schedula_solution_get_distance (sol, "yy", &d));
  g_assert_false (schedula_solution_get_distance (sol, "nope", NULL));

  /* START visited: 0 (SEMANTICS Example 1.03) */
  add_fn (dsp2, "f", fn_one, NULL, NULL, IDS ("x"));
  sol2 = dispatch_ok (dsp2, NULL, NULL, NULL);
  g_assert_true (schedula_solution_get_distance (sol2, SCHEDULA_START, &d));
  g_assert_cmpfloat (d.num, ==, 0);
  g_assert_true (schedula_solution_is_visited (sol2, SCHEDULA_START));
  ASSERT_DIST (sol2, "$START=0, f=1, x=2");
}

/* SEMANTICS Example 3.04: seen vs dist vs visited */
static void
test_seen_visited (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  SchedulaFunctionNode *f2;
  SchedulaDistance d = { 0, 0 };
  struct { const char *id; gdouble seen; gboolean visited; } expected[] = {
    { SCHEDULA_START, -1, TRUE },
    { "a", 0, TRUE },
    { "f1", 1, TRUE },
    { "f2", 11, FALSE },
    { "b", 2, TRUE },
  };

  add_fn (dsp, "f1", fn_inc, NULL, IDS ("a"), IDS ("b"));
  f2 = add_fn (dsp, "f2", fn_double, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (f2, 10);
  add_fn (dsp, "f3", fn_inc, NULL, IDS ("c"), IDS ("b"));
  sol = dispatch_ok (dsp, in, IDS ("b"), NULL);
  ASSERT_DIST (sol, "$START=-1, a=0, f1=1, b=2");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (schedula_solution_get_seen_distance (sol, expected[i].id, &d));
      g_assert_cmpfloat (d.num, ==, expected[i].seen);
      g_assert_cmpint (schedula_solution_is_visited (sol, expected[i].id), ==, expected[i].visited);
    }
  g_assert_false (schedula_solution_get_distance (sol, "f2", NULL));
  g_assert_false (schedula_solution_get_seen_distance (sol, "f3", NULL));
  g_assert_false (schedula_solution_get_seen_distance (sol, "c", NULL));
  g_assert_false (schedula_solution_is_visited (sol, "c"));
}

static Failure failure_boom = { g_io_error_quark, G_IO_ERROR_NOT_FOUND, "boom 42" };

static void
test_errors (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_auto(GStrv) ids = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL, *none = NULL;
  SchedulaFunctionNode *f;
  const GError *e;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  f = add_fn (dsp, "late", fn_fail, &failure_boom, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (f, 2);
  add_fn (dsp, "early", fn_fail, &failure_bang, IDS ("a"), IDS ("b"));
  add_fn (dsp, "ok", fn_inc, NULL, IDS ("a"), IDS ("d"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, d=2");
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 2);
  ids = schedula_solution_get_error_ids (sol);
  g_assert_cmpstrv (ids, IDS ("early", "late"));

  e = schedula_solution_get_error (sol, "early");
  g_assert_error (e, TEST_ERROR, 7);
  g_assert_cmpstr (e->message, ==, "bang");
  e = schedula_solution_get_error (sol, "late");
  g_assert_error (e, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (e->message, ==, "boom 42");
  g_assert_null (schedula_solution_get_error (sol, "ok"));
  g_assert_null (schedula_solution_get_error (sol, "a"));
  g_assert_cmpint (schedula_solution_get_error_failure (sol, "early"), ==, SCHEDULA_FAILURE_DISPATCHING);

  m1 = schedula_solution_dup_error_message (sol, "early");
  g_assert_cmpstr (m1, ==, "Failed DISPATCHING 'early' due to:\n  bang");
  m2 = schedula_solution_dup_error_message (sol, "late");
  g_assert_cmpstr (m2, ==, "Failed DISPATCHING 'late' due to:\n  boom 42");
  none = schedula_solution_dup_error_message (sol, "ok");
  g_assert_null (none);

  /* the failed nodes are visited, at their distance */
  ASSERT_DIST (sol, "$START=-1, a=0, early=1, ok=1, d=2, late=3");
}

static void
test_errors_sub_dispatcher (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaDispatcher) child2 = schedula_dispatcher_new ("child2");
  g_autoptr(SchedulaFunction) dom = schedula_function_new ("dom_fail", fn_fail, &failure_domain, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) sub = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 0, "p", 1, NULL);
  g_autofree char *msg = NULL, *msg2 = NULL;
  SchedulaDispatcherNode *s;
  g_auto(GStrv) ids = NULL;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_set_raises (child2, SCHEDULA_RAISES_RECORD_SILENTLY);

  /* a failing sub-dispatcher domain counts as false */
  add_fn (child, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  s = add_sub_dsp (dsp, "sub", child, NULL, NULL);
  schedula_dispatcher_node_set_input_domain (s, dom);

  /* a failure inside a child is recorded in the child's solution */
  add_fn (child2, "g", fn_fail, &failure_bang, IDS ("x"), IDS ("y"));
  add_sub_dsp (dsp, "s2", child2, IDS ("p", "x"), IDS ("y", "q"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=0, p=1");
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
  g_assert_cmpint (schedula_solution_get_error_failure (sol, "sub"), ==, SCHEDULA_FAILURE_SUB_DSP_DOMAIN);
  g_assert_error (schedula_solution_get_error (sol, "sub"), G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  msg = schedula_solution_dup_error_message (sol, "sub");
  g_assert_cmpstr (msg, ==, "Failed SUB-DSP DOMAIN 'sub' due to:\n  domain failed");
  g_assert_null (schedula_solution_get_sub_solution (sol, "sub"));

  sub = schedula_solution_get_sub_solution (sol, "s2");
  g_assert_nonnull (sub);
  g_assert_cmpuint (schedula_solution_get_n_errors (sub), ==, 1);
  ids = schedula_solution_get_error_ids (sub);
  g_assert_cmpstrv (ids, IDS ("g"));
  g_assert_error (schedula_solution_get_error (sub, "g"), TEST_ERROR, 7);
  msg2 = schedula_solution_dup_error_message (sub, "g");
  g_assert_cmpstr (msg2, ==, "Failed DISPATCHING 'g' due to:\n  bang");
  g_assert_null (schedula_solution_get_error (sol, "g"));
}

/* SEMANTICS Example 1.06: the workflow */
static void
test_workflow (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) succ = NULL, pred = NULL;
  SchedulaFunctionNode *f;
  const GValue *value = NULL;
  const char *from = NULL, *to = NULL;

  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (f, 3);
  schedula_function_node_set_input_weight (f, "a", 2, &error);
  schedula_function_node_set_output_weight (f, "b", 4, &error);
  g_assert_no_error (error);
  add_fn (dsp, "g", fn_inc, NULL, IDS ("b"), IDS ("c"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b=2, c=3");
  ASSERT_DIST (sol, "$START=-1, a=0, f=5, b=9, g=10, c=11");
  ASSERT_WF_NODES (sol, "$START, a, f, b, g, c");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->f=1; f->b=2; b->g=2; g->c=3");

  wf = schedula_solution_get_workflow (sol);
  g_assert_true (schedula_workflow_get_solution (wf) == sol);
  g_assert_cmpuint (schedula_workflow_get_n_nodes (wf), ==, 6);
  g_assert_cmpuint (schedula_workflow_get_n_edges (wf), ==, 5);
  g_assert_cmpstr (schedula_workflow_get_node_id (wf, 0), ==, SCHEDULA_START);
  /* START is not a node of this model */
  g_assert_null (schedula_workflow_get_model_node (wf, 0));
  g_assert_true (schedula_workflow_get_model_node (wf, 1) == schedula_dispatcher_lookup_node (dsp, "a"));
  g_assert_true (schedula_workflow_get_model_node (wf, 2) == SCHEDULA_NODE (f));
  g_assert_true (schedula_workflow_has_node (wf, "g"));
  g_assert_false (schedula_workflow_has_node (wf, "zz"));

  schedula_workflow_get_edge (wf, 2, &from, &to, &value);
  g_assert_cmpstr (from, ==, "f");
  g_assert_cmpstr (to, ==, "b");
  g_assert_cmpint (g_value_get_int64 (value), ==, 2);
  schedula_workflow_get_edge (wf, 0, NULL, NULL, NULL);

  value = NULL;
  g_assert_true (schedula_workflow_get_edge_value (wf, "b", "g", &value));
  g_assert_cmpint (g_value_get_int64 (value), ==, 2);
  g_assert_true (schedula_workflow_get_edge_value (wf, "a", "f", NULL));
  g_assert_false (schedula_workflow_get_edge_value (wf, "f", "a", &value));
  g_assert_false (schedula_workflow_get_edge_value (wf, "a", "c", NULL));

  succ = schedula_workflow_dup_successors (wf, "a");
  g_assert_cmpstrv (succ, IDS ("f"));
  pred = schedula_workflow_dup_predecessors (wf, "b");
  g_assert_cmpstrv (pred, IDS ("f"));
  g_clear_pointer (&pred, g_strfreev);
  pred = schedula_workflow_dup_predecessors (wf, "a");
  g_assert_cmpstrv (pred, IDS (SCHEDULA_START));
  g_clear_pointer (&succ, g_strfreev);
  succ = schedula_workflow_dup_successors (wf, "zz");
  g_assert_nonnull (succ);
  g_assert_null (succ[0]);
}

/* (NONE, x + 1) but leaving the first output unset */
static gboolean
fn_unset_and_inc (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 1, IN (0), value_num (IN (0)) + 1);
  return TRUE;
}

static void
test_node_results (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) gt0 = fn ("gt0", dom_gt0);
  g_autoptr(SchedulaFunction) yes = fn ("yes", dom_always_true);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "n", -1, NULL);
  SchedulaFunctionNode *no, *ok;
  const GValue *results;
  guint n_results = 99;
  gboolean answer = FALSE;

  add_fn (dsp, "f", fn_unset_and_inc, NULL, IDS ("a"), IDS ("b", "c"));
  add_fn (dsp, "g", fn_none_and_inc, NULL, IDS ("a"), IDS ("d", "e"));
  no = add_fn (dsp, "h", fn_inc, NULL, IDS ("n"), IDS ("m"));
  schedula_function_node_set_input_domain (no, gt0);
  ok = add_fn (dsp, "k", fn_inc, NULL, IDS ("a"), IDS ("p"));
  schedula_function_node_set_input_domain (ok, yes);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, n=-1, c=2, e=2, p=2");
  wf = schedula_solution_get_workflow (sol);

  results = schedula_workflow_get_node_results (wf, "f", &n_results);
  g_assert_nonnull (results);
  g_assert_cmpuint (n_results, ==, 2);
  /* an output the function did not set is NONE */
  g_assert_true (schedula_value_holds_none (&results[0]));
  g_assert_cmpint (g_value_get_int64 (&results[1]), ==, 2);

  results = schedula_workflow_get_node_results (wf, "g", &n_results);
  g_assert_cmpuint (n_results, ==, 2);
  g_assert_true (schedula_value_holds_none (&results[0]));
  g_assert_cmpint (g_value_get_int64 (&results[1]), ==, 2);

  /* no results: data nodes, and functions that did not run */
  g_assert_null (schedula_workflow_get_node_results (wf, "a", &n_results));
  g_assert_null (schedula_workflow_get_node_results (wf, "h", &n_results));

  /* domain answers */
  g_assert_true (schedula_workflow_get_node_domain (wf, "h", &answer));
  g_assert_false (answer);
  g_assert_true (schedula_workflow_get_node_domain (wf, "k", &answer));
  g_assert_true (answer);
  g_assert_false (schedula_workflow_get_node_domain (wf, "f", NULL));
  g_assert_false (schedula_workflow_get_node_domain (wf, "a", NULL));
}

/* SEMANTICS Example 2.62: the pipe across a sub-dispatcher */
static void
test_pipe (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) items = fn ("items_est", fn_items_est);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) sub = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  SchedulaFunctionNode *g;
  struct { const char *id; gboolean in_sub; gdouble dist; } expected[] = {
    { "a", FALSE, 0 },
    { "x", TRUE, 0 },
    { "f", TRUE, 1 },
    { "y", TRUE, 2 },
    { "g", FALSE, 2 },
    { "b", FALSE, 3 },
  };

  add_fn (child, "f", fn_inc, NULL, IDS ("x"), IDS ("y"));
  add_sub_dsp (dsp, "s", child, IDS ("a", "x"), IDS ("y", "b"));
  g = add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (g, 1);
  add_data_waiting (dsp, "b", items);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b='g=2, s=2'");
  ASSERT_DIST (sol, "$START=-1, a=0, s=0, g=2, b=3");
  ASSERT_WF_EDGES (sol, "$START->a=1; a->s=1; a->g=1; s->b=2; g->b=2");
  sub = schedula_solution_get_sub_solution (sol, "s");
  g_assert_nonnull (sub);

  g_assert_cmpuint (schedula_solution_get_n_pipe_steps (sol), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SchedulaSolution) owner = NULL;
      const char *id = NULL;
      SchedulaDistance d = { -9, -9 };

      owner = schedula_solution_get_pipe_step (sol, i, &id, &d);
      g_assert_cmpstr (id, ==, expected[i].id);
      g_assert_true (owner == (expected[i].in_sub ? sub : sol));
      g_assert_cmpfloat (d.inf, ==, 0);
      g_assert_cmpfloat (d.num, ==, expected[i].dist);
    }
  /* only a top solution has a pipe */
  g_assert_cmpuint (schedula_solution_get_n_pipe_steps (sub), ==, 0);
}

/* SEMANTICS Example 2.49 dispatched with a=3, b=5, d=10, e=20; the model,
 * its child and its grandchild go to the arguments that are not NULL */
static SchedulaSolution *
dispatch_2_49 (SchedulaDispatcher **dsp_out,
               SchedulaDispatcher **child_out,
               SchedulaDispatcher **grandchild_out)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("sub_dispatcher");
  g_autoptr(SchedulaDispatcher) grandchild = schedula_dispatcher_new ("sub_sub_dispatcher");
  g_autoptr(GHashTable) in = inputs_new ("a", 3, "b", 5, "d", 10, "e", 20, NULL);
  SchedulaSolution *sol;

  add_fn (grandchild, "fun", fn_split, NULL, IDS ("a"), IDS ("b", "c"));
  add_fn (grandchild, "min", fn_min, NULL, IDS ("b", "c"), IDS ("d"));

  add_data_int (child, "a", 1, 0);
  add_fn (child, "min", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  add_sub_dsp (child, "sub_sub_dsp", grandchild, IDS ("c", "a"), IDS ("d", "d"));
  add_fn (child, "fun", fn_split, NULL, IDS ("d"), IDS ("e", "f"));

  add_max_and_sub_dsp (dsp, child, IDS ("e", "c", "f", "f"));

  sol = dispatch_ok (dsp, in, NULL, NULL);
  if (dsp_out != NULL)
    *dsp_out = g_steal_pointer (&dsp);
  if (child_out != NULL)
    *child_out = g_steal_pointer (&child);
  if (grandchild_out != NULL)
    *grandchild_out = g_steal_pointer (&grandchild);
  return sol;
}

static void
test_sub_solutions (void)
{
  g_autoptr(SchedulaDispatcher) dsp = NULL, child = NULL, grandchild = NULL;
  g_autoptr(SchedulaSolution) sol = dispatch_2_49 (&dsp, &child, &grandchild);
  g_autoptr(SchedulaSolution) sub = NULL, subsub = NULL, parent = NULL, grandparent = NULL;
  g_autoptr(SchedulaSolution) from_wf = NULL, none = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autoptr(GListModel) all = NULL, below = NULL;
  g_autoptr(SchedulaSolution) first = NULL, second = NULL;
  g_autoptr(SchedulaDispatcher) d1 = NULL, d2 = NULL, d0 = NULL;
  const gint *index;
  guint n_index = 0;

  ASSERT_SOL (sol, "a=3, b=5, d=10, e=20, c=5, f=8");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, d=0, e=0, sub_dsp=0, max=1, c=2, f=8");

  sub = schedula_solution_get_sub_solution (sol, "sub_dsp");
  g_assert_nonnull (sub);
  ASSERT_SOL (sub, "a=10, b=20, c=10, d=9, e=10, f=8");
  ASSERT_DIST (sub, "$START=-1, a=0, b=0, min=1, c=2, sub_sub_dsp=2, d=6, fun=7, e=8, f=8");
  subsub = schedula_solution_get_sub_solution (sub, "sub_sub_dsp");
  g_assert_nonnull (subsub);
  ASSERT_SOL (subsub, "a=10, b=11, c=9, d=9");
  ASSERT_DIST (subsub, "$START=-1, a=2, fun=3, b=4, c=4, min=5, d=6");

  /* the same object each time */
  from_wf = schedula_solution_get_sub_solution (sol, "sub_dsp");
  g_assert_true (from_wf == sub);
  g_clear_object (&from_wf);
  wf = schedula_solution_get_workflow (sol);
  from_wf = schedula_workflow_get_node_solution (wf, "sub_dsp");
  g_assert_true (from_wf == sub);
  none = schedula_workflow_get_node_solution (wf, "max");
  g_assert_null (none);
  g_assert_null (schedula_solution_get_sub_solution (sol, "max"));
  g_assert_null (schedula_solution_get_sub_solution (sol, "zz"));

  /* indexes and names */
  index = schedula_solution_get_index (sol, &n_index);
  g_assert_cmpuint (n_index, ==, 1);
  g_assert_cmpint (index[0], ==, -1);
  index = schedula_solution_get_index (subsub, &n_index);
  g_assert_cmpuint (n_index, ==, 3);
  g_assert_cmpint (index[0], ==, -1);
  g_assert_cmpint (index[1], ==, 4);
  g_assert_cmpint (index[2], ==, 4);
  g_assert_cmpstrv (schedula_solution_get_full_name (sol), (const char *const[]) { NULL });
  g_assert_cmpstrv (schedula_solution_get_full_name (sub), IDS ("sub_dsp"));
  g_assert_cmpstrv (schedula_solution_get_full_name (subsub), IDS ("sub_dsp", "sub_sub_dsp"));

  /* the tree */
  g_assert_null (schedula_solution_get_parent (sol));
  parent = schedula_solution_get_parent (subsub);
  g_assert_true (parent == sub);
  grandparent = schedula_solution_get_parent (parent);
  g_assert_true (grandparent == sol);
  all = schedula_solution_get_sub_solutions (sol);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  g_assert_true (g_list_model_get_item_type (all) == SCHEDULA_TYPE_SOLUTION);
  first = g_list_model_get_item (all, 0);
  second = g_list_model_get_item (all, 1);
  g_assert_true (first == sub);
  g_assert_true (second == subsub);
  below = schedula_solution_get_sub_solutions (subsub);
  g_assert_cmpuint (g_list_model_get_n_items (below), ==, 0);

  /* each solution is of its own model */
  d0 = schedula_solution_get_dispatcher (sol);
  d1 = schedula_solution_get_dispatcher (sub);
  d2 = schedula_solution_get_dispatcher (subsub);
  g_assert_true (d0 == dsp);
  g_assert_true (d1 == child);
  g_assert_true (d2 == grandchild);

  /* errors of children are not the parent's */
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 0);
}

static void
test_lookup_path (void)
{
  g_autoptr(SchedulaSolution) sol = dispatch_2_49 (NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) real = NULL, real2 = NULL;
  const GValue *v;

  v = schedula_solution_lookup_path (sol, IDS ("sub_dsp", "sub_sub_dsp", "d"), &real, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  g_assert_cmpint (g_value_get_int64 (v), ==, 9);
  g_assert_cmpstrv (real, IDS ("sub_dsp", "sub_sub_dsp", "d"));
  g_clear_pointer (&real, g_strfreev);

  /* fuzzy: the first id (in order) that contains the string */
  v = schedula_solution_lookup_path (sol, IDS ("sub", "sub_sub", "d"), &real, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (v), ==, 9);
  g_assert_cmpstrv (real, IDS ("sub_dsp", "sub_sub_dsp", "d"));

  v = schedula_solution_lookup_path (sol, IDS ("c"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (v), ==, 5);
  v = schedula_solution_lookup_path (sol, IDS ("sub_dsp", "c"), &real2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (v), ==, 10);
  g_assert_cmpstrv (real2, IDS ("sub_dsp", "c"));

  v = schedula_solution_lookup_path (sol, IDS ("sub_dsp", "zzz"), NULL, &error);
  g_assert_null (v);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Path ['sub_dsp', 'zzz'] does not exist"));
}

static void
weak_notify_cb (gpointer  data,
                GObject  *where)
{
  (*(guint *) data)++;
}

/* A solution keeps its values alive after the dispatcher and the inputs
 * are gone, but not the dispatcher, which keeps it (schedula's
 * dsp.solution); releasing everything frees everything. */
static void
test_lifetime (void)
{
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  GObject *obj = g_object_new (G_TYPE_OBJECT, NULL);
  guint obj_gone = 0, dsp_gone = 0, sol_gone = 0;
  const GValue *v;

  g_object_weak_ref (obj, weak_notify_cb, &obj_gone);
  {
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
    g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
    GValue *ov = g_new0 (GValue, 1);

    g_object_weak_ref (G_OBJECT (dsp), weak_notify_cb, &dsp_gone);
    add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
    add_fn (dsp, "g", fn_identity, NULL, IDS ("o"), IDS ("p"));
    g_value_init (ov, G_TYPE_OBJECT);
    g_value_set_object (ov, obj);
    g_hash_table_insert (in, g_strdup ("o"), ov);
    sol = dispatch_ok (dsp, in, NULL, NULL);
  }
  g_object_unref (obj);
  g_assert_cmpuint (obj_gone, ==, 0);

  v = schedula_solution_lookup (sol, "p");
  g_assert_nonnull (v);
  g_assert_true (g_value_get_object (v) == obj);
  g_assert_cmpint (sol_int (sol, "b"), ==, 2);
  g_assert_cmpuint (dsp_gone, ==, 1);
  g_assert_null (schedula_solution_get_dispatcher (sol));
  {
    g_autoptr(GError) error = NULL;

    /* what names the dispatcher still works without it */
    g_assert_null (schedula_solution_lookup_path (sol, IDS ("zz"), NULL, &error));
    ASSERT_INVALID_INPUT (error, "Path ['zz'] does not exist in m dispatcher");
  }

  /* the workflow keeps the solution alive */
  wf = schedula_solution_get_workflow (sol);
  g_object_weak_ref (G_OBJECT (sol), weak_notify_cb, &sol_gone);
  g_clear_object (&sol);
  g_assert_cmpuint (sol_gone, ==, 0);
  ASSERT_WF_EDGES (schedula_workflow_get_solution (wf), "$START->a=1; $START->o=<GObject>; a->f=1; o->g=<GObject>; f->b=2; g->p=<GObject>");

  g_clear_object (&wf);
  g_assert_cmpuint (sol_gone, ==, 1);
  g_assert_cmpuint (obj_gone, ==, 1);
}

/* get_solution: the dispatcher keeps the solution of its last dispatch,
 * completed or failed, until the next one (schedula's dsp.solution) */
static void
test_last_solution (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL, last = NULL, partial = NULL;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_fail, &failure_bang, IDS ("b"), IDS ("c"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  last = schedula_dispatcher_get_solution (dsp);
  g_assert_true (last == sol);
  g_clear_object (&last);
  g_clear_object (&sol);
  last = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (last);
  ASSERT_SOL (last, "a=1, b=2");
  g_clear_object (&last);

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_SOL (partial, "a=1, b=2");
  g_assert_cmpuint (schedula_solution_get_n_errors (partial), ==, 1);
  g_clear_object (&partial);
  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
  g_clear_object (&partial);

  /* the next dispatch replaces it */
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  last = schedula_dispatcher_get_solution (dsp);
  g_assert_true (last == sol);
}

/* A node function that records whether the dispatcher's last solution (the
 * one being made) is finished, and its number of values */
typedef struct
{
  SchedulaDispatcher *dsp;
  gboolean            finished;
  guint               n_values;
} Peek;

static gboolean
fn_peek (SchedulaCall *call, gpointer data, GError **error)
{
  Peek *peek = data;
  g_autoptr(SchedulaSolution) running = schedula_dispatcher_get_solution (peek->dsp);

  peek->finished = schedula_solution_is_finished (running);
  peek->n_values = schedula_solution_get_n_values (running);
  return fn_inc (call, NULL, error);
}

/* is_finished: FALSE while the dispatch runs, TRUE once it returned, for
 * the solution and its sub-solutions, after a failure too */
static void
test_is_finished (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL, sub = NULL, partial = NULL;
  Peek peek = { dsp, TRUE, 0 };

  add_fn (child, "h", fn_inc, NULL, IDS ("x"), IDS ("y"));
  add_fn (dsp, "f", fn_peek, &peek, IDS ("a"), IDS ("b"));
  add_sub_dsp (dsp, "s", child, IDS ("b", "x"), IDS ("y", "c"));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  g_assert_false (peek.finished);
  g_assert_cmpuint (peek.n_values, ==, 1);    /* a, not yet b nor c */
  g_assert_true (schedula_solution_is_finished (sol));
  ASSERT_SOL (sol, "a=1, b=2, c=3");
  sub = schedula_solution_get_sub_solution (sol, "s");
  g_assert_nonnull (sub);
  g_assert_true (schedula_solution_is_finished (sub));

  add_fn (dsp, "g", fn_fail, &failure_bang, IDS ("c"), IDS ("d"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  g_assert_true (schedula_solution_is_finished (partial));
}

/* try_dispatch: the solution of a failed dispatch comes back with its own
 * error; dispatch() fails with the same error */
static void
test_try_dispatch (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL, partial = NULL, last = NULL;
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_fail, &failure_bang, IDS ("b"), IDS ("c"));

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  sol = schedula_dispatcher_try_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (schedula_solution_get_dispatch_error (sol));
  g_assert_true (schedula_solution_propagate_dispatch_error (sol, &error));
  g_assert_no_error (error);

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  partial = schedula_dispatcher_try_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (partial);
  ASSERT_SOL (partial, "a=1, b=2");
  g_assert_error (schedula_solution_get_dispatch_error (partial),
                  SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  g_assert_false (schedula_solution_propagate_dispatch_error (partial, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED, "bang", "g");
  /* the earlier solution still says it completed */
  g_assert_null (schedula_solution_get_dispatch_error (sol));

  /* a dispatch that cannot start gives no solution */
  schedula_dispatch_options_set_executor (options, "nonsense");
  g_assert_null (schedula_dispatcher_try_dispatch (dsp, in, NULL, options, NULL, &error));
  ASSERT_INVALID_INPUT (error, "nonsense");
  last = schedula_dispatcher_get_solution (dsp);
  g_assert_true (last == partial);
}

static gboolean
fn_get_name (SchedulaCall *call, gpointer data, GError **error)
{
  SchedulaDispatcher *self = g_value_get_object (IN (0));

  set_output (call, 0, G_TYPE_STRING, schedula_dispatcher_get_name (self));
  return TRUE;
}

/* A model that holds itself (the default SELF) in its solution: the
 * dispatcher keeps its last solution only while someone else does, or the
 * two would keep each other alive */
static void
test_last_solution_self (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("me");
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) last = NULL;
  g_autoptr(GError) error = NULL;
  guint dsp_gone = 0, sol_gone = 0;

  g_object_weak_ref (G_OBJECT (dsp), weak_notify_cb, &dsp_gone);
  added (schedula_dispatcher_add_data (dsp, SCHEDULA_SELF, NULL, &error), error);
  add_fn (dsp, "name", fn_get_name, NULL, IDS (SCHEDULA_SELF), IDS ("n"));
  sol = dispatch_ok (dsp, NULL, NULL, NULL);
  g_assert_cmpstr (g_value_get_string (schedula_solution_lookup (sol, "n")), ==, "me");
  last = schedula_dispatcher_get_solution (dsp);
  g_assert_true (last == sol);
  g_clear_object (&last);

  g_object_weak_ref (G_OBJECT (sol), weak_notify_cb, &sol_gone);
  g_clear_object (&sol);
  g_assert_cmpuint (sol_gone, ==, 1);
  g_assert_null (schedula_dispatcher_get_solution (dsp));
  g_object_unref (dsp);
  g_assert_cmpuint (dsp_gone, ==, 1);
}

/* SEMANTICS Example 3.05: identical sub-dispatchers, ties broken by the
 * index path */
static void
test_pipe_twins (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL, s1 = NULL, s2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  const char *twins[] = { "s2", "b2", "s1", "b1" };
  struct { const char *id; const char *sub; } expected[] = {
    { "a", NULL }, { "x", "s2" }, { "x", "s1" }, { "f", "s2" }, { "f", "s1" },
    { "y", "s2" }, { "y", "s1" }, { "b1", NULL }, { "b2", NULL },
  };
  const gint *index;
  guint n_index;

  for (guint i = 0; i < G_N_ELEMENTS (twins); i += 2)
    {
      g_autoptr(SchedulaDispatcher) twin = schedula_dispatcher_new ("twin");

      add_fn (twin, "f", fn_inc, NULL, IDS ("x"), IDS ("y"));
      add_sub_dsp (dsp, twins[i], twin, IDS ("a", "x"), IDS ("y", twins[i + 1]));
    }

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, b1=2, b2=2");
  ASSERT_DIST (sol, "$START=-1, a=0, s2=0, s1=0, b1=2, b2=2");
  ASSERT_WF_NODES (sol, "$START, a, s2, s1, b2, b1");
  s1 = schedula_solution_get_sub_solution (sol, "s1");
  s2 = schedula_solution_get_sub_solution (sol, "s2");
  index = schedula_solution_get_index (s2, &n_index);
  g_assert_cmpuint (n_index, ==, 2);
  g_assert_cmpint (index[1], ==, 0);
  index = schedula_solution_get_index (s1, &n_index);
  g_assert_cmpint (index[1], ==, 3);

  g_assert_cmpuint (schedula_solution_get_n_pipe_steps (sol), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *id = NULL;
      g_autoptr(SchedulaSolution) owner = schedula_solution_get_pipe_step (sol, i, &id, NULL);

      g_assert_cmpstr (id, ==, expected[i].id);
      if (expected[i].sub == NULL)
        g_assert_true (owner == sol);
      else
        g_assert_true (owner == (g_str_equal (expected[i].sub, "s1") ? s1 : s2));
    }
}

/* A sub-solution keeps the tree alive */
static void
test_sub_solution_lifetime (void)
{
  g_autoptr(SchedulaSolution) sub = NULL, parent = NULL;
  guint gone = 0;

  {
    g_autoptr(SchedulaSolution) sol = dispatch_2_49 (NULL, NULL, NULL);
    g_autoptr(SchedulaSolution) mid = schedula_solution_get_sub_solution (sol, "sub_dsp");

    sub = schedula_solution_get_sub_solution (mid, "sub_sub_dsp");
    g_object_weak_ref (G_OBJECT (sol), weak_notify_cb, &gone);
  }
  ASSERT_SOL (sub, "a=10, b=11, c=9, d=9");
  parent = schedula_solution_get_parent (sub);
  ASSERT_SOL (parent, "a=10, b=20, c=10, d=9, e=10, f=8");
  g_clear_object (&parent);
  {
    g_autoptr(SchedulaSolution) top = NULL;
    g_autoptr(SchedulaSolution) mid = schedula_solution_get_parent (sub);

    top = schedula_solution_get_parent (mid);
    ASSERT_SOL (top, "a=3, b=5, d=10, e=20, c=5, f=8");
  }
  g_assert_cmpuint (gone, ==, 0);
  g_clear_object (&sub);
  g_assert_cmpuint (gone, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Solution/order", test_order);
  g_test_add_func ("/Schedula/Solution/lookup", test_lookup);
  g_test_add_func ("/Schedula/Solution/distances", test_distances);
  g_test_add_func ("/Schedula/Solution/seen-visited", test_seen_visited);
  g_test_add_func ("/Schedula/Solution/errors", test_errors);
  g_test_add_func ("/Schedula/Solution/errors-sub-dispatcher", test_errors_sub_dispatcher);
  g_test_add_func ("/Schedula/Solution/workflow", test_workflow);
  g_test_add_func ("/Schedula/Solution/node-results", test_node_results);
  g_test_add_func ("/Schedula/Solution/pipe", test_pipe);
  g_test_add_func ("/Schedula/Solution/sub-solutions", test_sub_solutions);
  g_test_add_func ("/Schedula/Solution/lookup-path", test_lookup_path);
  g_test_add_func ("/Schedula/Solution/try-dispatch", test_try_dispatch);
  g_test_add_func ("/Schedula/Solution/last-solution-self", test_last_solution_self);
  g_test_add_func ("/Schedula/Solution/lifetime", test_lifetime);
  g_test_add_func ("/Schedula/Solution/pipe-twins", test_pipe_twins);
  g_test_add_func ("/Schedula/Solution/sub-solution-lifetime", test_sub_solution_lifetime);
  g_test_add_func ("/Schedula/Solution/last-solution", test_last_solution);
  g_test_add_func ("/Schedula/Solution/is-finished", test_is_finished);

  return g_test_run ();
}
