/* test-errors.c: bad input: every error names the node; preconditions (all areas)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* ------------------------------------------------------------------ */

static void
test_unknown_ids (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(OwnedValue) one = value_new_int (1);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  SchedulaDispatcherNode *s;

  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));

  g_assert_false (schedula_dispatcher_remove_node (dsp, "zz", &error));
  ASSERT_INVALID_INPUT (error, "zz");
  /* a NULL error is fine */
  g_assert_false (schedula_dispatcher_remove_node (dsp, "zz", NULL));

  g_assert_false (schedula_dispatcher_set_default_value (dsp, "zz", one, NULL, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "Input error: zz is not a data node");

  g_assert_null (schedula_dispatcher_get_node (dsp, IDS ("zz"), NULL, &error));
  ASSERT_INVALID_INPUT (error, "'zz'");

  /* weights of edges the node does not have */
  g_assert_false (schedula_function_node_set_input_weight (f, "zz", 2, &error));
  ASSERT_INVALID_INPUT (error, "zz", "f");
  g_assert_false (schedula_function_node_set_output_weight (f, "a", 2, &error));
  ASSERT_INVALID_INPUT (error, "a");
  g_assert_false (schedula_function_node_set_input_weight (f, "b", 2, &error));
  g_clear_error (&error);
  /* nothing changed */
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "a", "f", NULL));
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "f", "b", NULL));

  /* a wildcard input (an input that is also an output) must be a node of
   * the model: schedula raises KeyError; the Python binding does too */
  {
    g_autoptr(GHashTable) in = inputs_new ("a", 1, "zz", 2, NULL);
    g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
    g_autoptr(SchedulaSolution) sol = NULL;

    schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_ON);
    g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                           "dispatch of m: zz is not a node of the model, so it is never computed");
    g_assert_null (schedula_dispatcher_dispatch (dsp, in, IDS ("b", "zz"), options, NULL, &error));
    g_test_assert_expected_messages ();
    ASSERT_INVALID_INPUT_MESSAGE (error, "wildcard input zz is not a node of the model");
    /* the same with wildcard=2, which asks for the node's predecessors */
    schedula_dispatch_options_set_wildcard (options, SCHEDULA_WILDCARD_COMPUTABLE);
    g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                           "dispatch of m: zz is not a node of the model, so it is never computed");
    g_assert_null (schedula_dispatcher_dispatch (dsp, in, IDS ("b", "zz"), options, NULL, &error));
    g_test_assert_expected_messages ();
    ASSERT_INVALID_INPUT_MESSAGE (error, "wildcard input zz is not a node of the model");
    /* not an output, it is an input the model does not have, kept */
    sol = schedula_dispatcher_dispatch (dsp, in, IDS ("b"), options, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (schedula_solution_contains (sol, "zz"));
  }

  s = add_sub_dsp (dsp, "s", child, IDS ("p", "x"), NULL);
  g_assert_false (schedula_dispatcher_node_set_input_weight (s, "zz", 1, &error));
  ASSERT_INVALID_INPUT (error, "zz", "s");
}

/* An input or output that is a function node: an error, nothing added */
static void
test_port_is_function (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) id = fn ("identity", fn_identity);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *edges_before = NULL;
  SchedulaDataNode *d;

  add_fn (dsp, "fun", NULL, NULL, IDS ("a"), NULL);
  before = model_str (dsp, MODEL_IDS);
  edges_before = model_str (dsp, MODEL_EDGES);

  g_assert_null (schedula_dispatcher_add_function (dsp, "g", id, IDS ("fun"), IDS ("x"), &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "Invalid input id: fun is not a data node");

  /* data nodes created by the failed call are removed too */
  g_assert_null (schedula_dispatcher_add_function (dsp, "g", id, IDS ("new1", "a", "fun"), IDS ("x"), &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "Invalid input id: fun is not a data node");

  g_assert_null (schedula_dispatcher_add_function (dsp, "g", id, IDS ("a"), IDS ("y", "fun"), &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "Invalid output id: fun is not a data node");

  ASSERT_STR (model_str (dsp, MODEL_IDS), before);
  ASSERT_STR (model_str (dsp, MODEL_EDGES), edges_before);
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "g"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "new1"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "x"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "y"));

  /* a data id that is a function */
  g_assert_null (schedula_dispatcher_add_data (dsp, "fun", NULL, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "Invalid data id: override function fun");
  g_assert_true (SCHEDULA_IS_FUNCTION_NODE (schedula_dispatcher_lookup_node (dsp, "fun")));

  /* three failed adds and the SINK+fun+a adds: the counter went on */
  d = schedula_dispatcher_add_data (dsp, "z", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (d)), ==, 9);
}

static void
test_reserved_ids (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (schedula_dispatcher_add_data (dsp, "$foo", NULL, &error));
  ASSERT_INVALID_INPUT (error, "$foo");

  g_assert_null (schedula_dispatcher_add_function (dsp, "$foo", inc, IDS ("a"), IDS ("b"), &error));
  ASSERT_INVALID_INPUT (error, "$foo");

  g_assert_null (schedula_dispatcher_add_function (dsp, "f", inc, IDS ("$in"), IDS ("b"), &error));
  ASSERT_INVALID_INPUT (error, "$in");

  g_assert_null (schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("$out"), &error));
  ASSERT_INVALID_INPUT (error, "$out");

  g_assert_null (schedula_dispatcher_add_dispatcher (dsp, "$sub", child, NULL, NULL, &error));
  ASSERT_INVALID_INPUT (error, "$sub");

  schedula_mapping_add (in_map, "$p", "x");
  g_assert_null (schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, NULL, &error));
  ASSERT_INVALID_INPUT (error, "$p");

  /* nothing was added */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 0);

  /* the special ids themselves are fine */
  g_assert_nonnull (schedula_dispatcher_add_data (dsp, SCHEDULA_END, NULL, &error));
  g_assert_no_error (error);
}

/* A mapping to ids the child does not have is ignored (SEMANTICS 2.13),
 * with a warning for each, once per version of the model */
static void
test_mapping_missing_child_ids (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "p", 2, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;

  add_fn (child, "f", fn_inc, NULL, IDS ("x"), IDS ("y"));
  add_sub_dsp (dsp, "s", child, IDS ("a", "x", "a", "nope", "p", "missing"), IDS ("y", "b", "ghost", "q"));

  g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                         "sub-dispatcher node s maps a to nope, but its dispatcher has no node nope");
  g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING, "*maps p to missing*");
  g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                         "sub-dispatcher node s maps ghost out of its dispatcher, which has no node ghost");
  sol = dispatch_ok (dsp, in, NULL, NULL);
  g_test_assert_expected_messages ();
  ASSERT_SOL (sol, "a=1, p=2, b=2");
  g_assert_false (schedula_solution_contains (sol, "q"));
  /* the next dispatch of the same model says nothing */
  g_clear_object (&sol);
  sol = dispatch_ok (dsp, in, NULL, NULL);
}

static void
test_node_already_added (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("one");
  g_autoptr(SchedulaDispatcher) other = schedula_dispatcher_new ("two");
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *a;
  SchedulaFunctionNode *f;

  a = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));

  g_assert_false (schedula_dispatcher_add_node (other, SCHEDULA_NODE (a), &error));
  ASSERT_INVALID_INPUT (error, "a");
  g_assert_false (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (f), &error));
  ASSERT_INVALID_INPUT (error, "f");

  g_assert_true (schedula_node_get_dispatcher (SCHEDULA_NODE (a)) == dsp);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 3);
}

static void
test_dispatcher_contains_itself (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("parent");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(GError) error = NULL;

  g_assert_null (schedula_dispatcher_add_dispatcher (dsp, "me", dsp, NULL, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "me"));

  /* indirectly */
  add_sub_dsp (dsp, "c", child, NULL, NULL);
  g_assert_null (schedula_dispatcher_add_dispatcher (child, "p", dsp, NULL, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (child)), ==, 0);
}

/* SEMANTICS Example 2.37: negative weights, contradictory paths */
static void
test_contradictory_paths (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_test_model ();
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 5, "b", 6, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaNode *f = schedula_dispatcher_lookup_node (dsp, "x ^ y");

  g_assert_true (schedula_function_node_set_input_weight (SCHEDULA_FUNCTION_NODE (f), "e", -100, &error));
  g_assert_no_error (error);
  schedula_dispatch_options_set_wildcard (opts, SCHEDULA_WILDCARD_ON);

  partial = dispatch_fails (dsp, in, IDS ("a", "b"), opts, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_CONTRADICTORY_PATHS,
                      "Contradictory paths found: negative weights?");
}

/* A function that returns FALSE without an error */
static void
test_false_without_error (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) quiet = fn ("quiet", fn_quiet_false);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  const GError *err;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_add_function (dsp, "q", quiet, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1");
  err = schedula_solution_get_error (sol, "q");
  g_assert_error (err, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (err->message, "quiet");
  msg = schedula_solution_dup_error_message (sol, "q");
  g_assert_true (g_str_has_prefix (msg, "Failed DISPATCHING 'q' due to:\n  "));
  ASSERT_CONTAINS (msg, "quiet");
}

static gboolean
fn_bad_output (SchedulaCall *call, gpointer data, GError **error)
{
  set_int (call, 0, 1);
  set_int (call, 3, 2);
  return TRUE;
}

/* A function that sets an output its node does not declare */
static void
test_output_mismatch (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "bad", fn_bad_output, NULL, IDS ("b"), IDS ("c"));
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH, "bad");
  ASSERT_SOL (partial, "a=1, b=2");
}

/* SEMANTICS Example 2.20: a waiting data node without a combiner */
static void
test_wait_without_combiner (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  const GError *err;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  add_fn (dsp, "f1", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "f2", fn_double, NULL, IDS ("a"), IDS ("b"));
  schedula_data_node_set_wait_inputs (schedula_dispatcher_add_data (dsp, "b", NULL, &error), TRUE);
  g_assert_no_error (error);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1");
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
  err = schedula_solution_get_error (sol, "b");
  g_assert_nonnull (err);
  g_assert_error (err, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL);
  ASSERT_CONTAINS (err->message, "b");
  msg = schedula_solution_dup_error_message (sol, "b");
  g_assert_true (g_str_has_prefix (msg, "Failed DISPATCHING 'b' due to:\n  "));
  g_assert_true (schedula_solution_get_distance (sol, "b", NULL));
}

/* SEMANTICS Example 2.28: the input domain of a function fails */
static void
test_domain_fails (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) dom = schedula_function_new ("dom_fail", fn_fail, &failure_domain, NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f, *g;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_input_domain (f, dom);
  g = add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (g, 3);

  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_CONTAINS (error->message, "f");
  ASSERT_CONTAINS (error->message, "domain failed");
  ASSERT_SOL (partial, "a=1");
}

/* SEMANTICS Example 2.24: raises=RAISE */
static void
test_raise (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (add_fn (dsp, "f2", fn_inc, NULL, IDS ("a"), IDS ("c")), 5);

  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED, "'f1'", "fail");

  ASSERT_SOL (partial, "a=1");
  ASSERT_DIST (partial, "$START=-1, a=0, f1=1");
  ASSERT_WF_NODES (partial, "$START, a, f1, f2");
  g_assert_cmpuint (schedula_solution_get_n_errors (partial), ==, 1);
  g_assert_error (schedula_solution_get_error (partial, "f1"), G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* A failing filter fails its node; a failing callback only records, unless
 * the policy raises (SEMANTICS 2.7.1, 2.10) */
static void
test_filter_and_callback_failures (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) bad_filter = schedula_function_new ("bad_filter", fn_fail, &failure_bang, NULL);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SchedulaFunction) bad_callback = schedula_function_new ("callback_fail", cb_fail, log, NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL, partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL;
  SchedulaFunctionNode *f;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_add_filter (f, bad_filter);
  add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("c"));
  schedula_data_node_set_callback (SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "c")), bad_callback);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, c=2");
  g_assert_cmpint (schedula_solution_get_error_failure (sol, "f"), ==, SCHEDULA_FAILURE_DISPATCHING);
  g_assert_error (schedula_solution_get_error (sol, "f"), TEST_ERROR, 7);
  m1 = schedula_solution_dup_error_message (sol, "f");
  g_assert_cmpstr (m1, ==, "Failed DISPATCHING 'f' due to:\n  bang");
  g_assert_cmpint (schedula_solution_get_error_failure (sol, "c"), ==, SCHEDULA_FAILURE_CALLBACK);
  m2 = schedula_solution_dup_error_message (sol, "c");
  g_assert_cmpstr (m2, ==, "Failed CALLBACK 'c' due to:\n  callback failed");

  /* raising on a callback failure stops the dispatch */
  schedula_function_node_clear_filters (f);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED, "Failed CALLBACK 'c'");
  g_assert_cmpint (schedula_solution_get_error_failure (partial, "c"), ==, SCHEDULA_FAILURE_CALLBACK);
}

/* The policy is the one of the model that owns the failing node. */
static void
test_raise_in_child (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) partial = NULL, ok = NULL;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_set_raises (child, SCHEDULA_RAISES_RAISE);
  add_fn (child, "g", fn_fail, NULL, IDS ("x"), IDS ("y"));
  add_sub_dsp (dsp, "s", child, IDS ("a", "x"), IDS ("y", "b"));

  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED, "g");

  /* and the other way round: a child that records */
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_set_raises (child, SCHEDULA_RAISES_RECORD_SILENTLY);
  ok = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (ok, "a=1");
}

/* The messages the Schedula domain logs at the level of failures */
static void
keep_message (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

/* f1 fails (f2 takes over), and g fails in the sub-dispatcher s */
static SchedulaDispatcher *
failing_model (SchedulaRaises raises)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);

  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (add_fn (dsp, "f2", fn_inc, NULL, IDS ("a"), IDS ("c")), 5);
  add_fn (child, "g", fn_fail, &failure_bang, IDS ("x"), IDS ("y"));
  add_sub_dsp (dsp, "s", child, IDS ("a", "x"), IDS ("y", "b"));
  schedula_dispatcher_set_raises (dsp, raises);
  schedula_dispatcher_set_raises (child, raises);
  return dsp;
}

/* A recorded failure is logged only when failures are logged: by default
 * nothing, yet the solution has the error and its full message */
static void
test_failure_log (void)
{
  g_autoptr(SchedulaDispatcher) dsp = failing_model (SCHEDULA_RAISES_RECORD);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL, sol3 = NULL, silent = NULL;
  g_autoptr(SchedulaSolution) sub = NULL;
  g_autofree char *m1 = NULL, *mg = NULL;
  guint handler;

  handler = g_log_set_handler ("Schedula", G_LOG_LEVEL_MESSAGE, keep_message, messages);

  g_assert_false (schedula_get_log_failures ());
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, c=2");
  g_assert_cmpuint (messages->len, ==, 0);
  g_assert_error (schedula_solution_get_error (sol, "f1"), G_IO_ERROR, G_IO_ERROR_FAILED);
  m1 = schedula_solution_dup_error_message (sol, "f1");
  g_assert_cmpstr (m1, ==, "Failed DISPATCHING 'f1' due to:\n  fail");
  sub = schedula_solution_get_sub_solution (sol, "s");
  g_assert_nonnull (sub);
  g_assert_error (schedula_solution_get_error (sub, "g"), TEST_ERROR, 7);
  mg = schedula_solution_dup_error_message (sub, "g");
  g_assert_cmpstr (mg, ==, "Failed DISPATCHING 'g' due to:\n  bang");

  /* on: each failure logged with the path of its node */
  schedula_set_log_failures (TRUE);
  g_assert_true (schedula_get_log_failures ());
  sol2 = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol2, "a=1, c=2");
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (messages->pdata[0], ==, "Failed DISPATCHING 'f1' due to:\n  fail");
  g_assert_cmpstr (messages->pdata[1], ==, "Failed DISPATCHING 's/g' due to:\n  bang");

  /* a model that records silently stays silent */
  g_ptr_array_set_size (messages, 0);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  silent = dispatch_ok (dsp, in, NULL, NULL);
  g_assert_cmpuint (schedula_solution_get_n_errors (silent), ==, 1);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (messages->pdata[0], ==, "Failed DISPATCHING 's/g' due to:\n  bang");

  /* off again */
  g_ptr_array_set_size (messages, 0);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD);
  schedula_set_log_failures (FALSE);
  g_assert_false (schedula_get_log_failures ());
  sol3 = dispatch_ok (dsp, in, NULL, NULL);
  g_assert_cmpuint (schedula_solution_get_n_errors (sol3), ==, 1);
  g_assert_cmpuint (messages->len, ==, 0);

  g_log_remove_handler ("Schedula", handler);
}

/* RAISE: the error of the dispatch is the formatted failure, with the path
 * of the node, whether failures are logged or not (and it is not logged) */
static void
test_failure_log_raise (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint handler;

  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("c"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  /* a sub-dispatcher that raises: its failure stops the whole dispatch */
  add_fn (child, "g", fn_fail, &failure_bang, IDS ("x"), IDS ("y"));
  schedula_dispatcher_set_raises (child, SCHEDULA_RAISES_RAISE);
  add_sub_dsp (dsp, "s", child, IDS ("b", "x"), IDS ("y", "d"));

  handler = g_log_set_handler ("Schedula", G_LOG_LEVEL_MESSAGE, keep_message, messages);
  for (guint logged = 0; logged < 2; logged++)
    {
      g_autoptr(GHashTable) in_b = inputs_new ("b", 1, NULL);
      g_autoptr(SchedulaSolution) partial = NULL, partial2 = NULL;

      schedula_set_log_failures (logged);
      partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
      g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
      g_assert_cmpstr (error->message, ==, "Failed DISPATCHING 'f1' due to:\n  fail");
      g_clear_error (&error);
      g_assert_error (schedula_solution_get_error (partial, "f1"), G_IO_ERROR, G_IO_ERROR_FAILED);

      partial2 = dispatch_fails (dsp, in_b, NULL, NULL, NULL, &error);
      g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
      g_assert_cmpstr (error->message, ==, "Failed DISPATCHING 's/g' due to:\n  bang");
      g_clear_error (&error);
    }
  g_assert_cmpuint (messages->len, ==, 0);
  schedula_set_log_failures (FALSE);
  g_log_remove_handler ("Schedula", handler);
}

/* G_MESSAGES_DEBUG that names the domain asks for the log (read once per
 * process: each case runs in its own) */
static void
test_failure_log_env (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SchedulaDispatcher) dsp = failing_model (SCHEDULA_RAISES_RECORD);
      g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
      g_autoptr(SchedulaSolution) sol = NULL;

      g_assert_false (schedula_get_log_failures ());
      sol = dispatch_ok (dsp, in, NULL, NULL);
      g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);
      return;
    }

  g_setenv ("G_MESSAGES_DEBUG", "Other Schedula", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Failed DISPATCHING 'f1' due to:*fail*"
                             "Failed DISPATCHING 's/g' due to:*bang*");

  g_setenv ("G_MESSAGES_DEBUG", "Other", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*Failed*");
  g_unsetenv ("G_MESSAGES_DEBUG");
}

typedef struct {
  GPtrArray *ids;
  guint      destroyed;
} RaisesLog;

static SchedulaRaises
raises_for_own_errors (const char   *node_id,
                       const GError *error,
                       gpointer      data)
{
  RaisesLog *log = data;

  g_ptr_array_add (log->ids, g_strdup (node_id));
  return error->domain == TEST_ERROR ? SCHEDULA_RAISES_RAISE : SCHEDULA_RAISES_RECORD_SILENTLY;
}

static void
raises_log_destroy (gpointer data)
{
  ((RaisesLog *) data)->destroyed++;
}

/* A raises function decides failure by failure (SEMANTICS 2.25/2.26) */
static void
test_raises_func (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SchedulaSolution) partial = NULL, sol2 = NULL;
  g_autoptr(GError) error = NULL;
  RaisesLog log = { ids, 0 };

  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (add_fn (dsp, "f2", fn_fail, &failure_bang, IDS ("a"), IDS ("c")), 2);
  add_fn (dsp, "f3", fn_inc, NULL, IDS ("a"), IDS ("d"));
  schedula_function_node_set_weight (add_fn (dsp, "f4", fn_inc, NULL, IDS ("a"), IDS ("e")), 5);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_set_raises_func (dsp, raises_for_own_errors, &log, raises_log_destroy);

  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED, "f2");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (ids->pdata[0], ==, "f1");
  g_assert_cmpstr (ids->pdata[1], ==, "f2");
  ASSERT_SOL (partial, "a=1, d=2");
  g_assert_cmpuint (schedula_solution_get_n_errors (partial), ==, 2);
  g_assert_false (schedula_solution_contains (partial, "e"));

  /* replacing the function frees its data; NULL goes back to the policy */
  g_assert_cmpuint (log.destroyed, ==, 0);
  schedula_dispatcher_set_raises_func (dsp, NULL, NULL, NULL);
  g_assert_cmpuint (log.destroyed, ==, 1);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  sol2 = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol2, "a=1, d=2, e=2");
  g_assert_cmpuint (ids->len, ==, 2);
}

/* A function whose input node was removed while another input remains */
static void
test_removed_input (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "b", 2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) partial = NULL;

  add_fn (dsp, "min", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  g_assert_true (schedula_dispatcher_remove_node (dsp, "b", &error));
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_CONTAINS (error->message, "min");
  ASSERT_CONTAINS (error->message, "b");
}

/* ------------------------------------------------------------------ */
/* Huge counts and unset values from the caller                        */
/* ------------------------------------------------------------------ */

/* Counts above SCHEDULA_MAX_VALUES fail instead of aborting in g_malloc */
static void
test_huge_counts (void)
{
  g_autoptr(SchedulaFunction) copies = schedula_replicate_value_new (G_MAXUINT);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  g_autoptr(OwnedValue) one = value_new_int (1);
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  guint n_results = 7;

  g_assert_null (schedula_function_call (copies, one, 1, 1, &n_results, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
                      "4294967295 copies for replicate_value", "16777216");
  g_assert_cmpuint (n_results, ==, 0);

  g_assert_null (schedula_function_call (inc, one, 1, G_MAXUINT, NULL, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
                      "4294967295 outputs");

  /* the count is checked before the array is read */
  g_assert_false (schedula_call_set_inputs (call, one, G_MAXUINT, 1, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
                      "4294967295 inputs");
  g_assert_false (schedula_call_set_inputs (call, one, 1, SCHEDULA_MAX_VALUES + 1, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
                      "16777217 outputs");
  g_assert_true (schedula_call_set_inputs (call, one, 1, 1, &error));
  g_assert_no_error (error);

  /* as the function of a node, the node fails */
  added (schedula_dispatcher_add_function (dsp, "copies", copies, IDS ("a"), IDS ("b"), &error), error);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1");
  g_assert_error (schedula_solution_get_error (sol, "copies"),
                  SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE);
}

static gboolean
fn_set_last_position (SchedulaCall *call, gpointer data, GError **error)
{
  set_int (call, GPOINTER_TO_UINT (data), 1);
  return TRUE;
}

/* An output position past the node's outputs is a mismatch, G_MAXUINT too */
static void
test_output_position_out_of_range (void)
{
  g_autoptr(SchedulaFunction) bad = schedula_function_new ("bad", fn_set_last_position,
                                                           GUINT_TO_POINTER (G_MAXUINT), NULL);
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(OwnedValue) one = value_new_int (1);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (schedula_function_call (bad, one, 1, 1, NULL, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                      "set output 4294967295 but was asked for 1 outputs");

  added (schedula_dispatcher_add_function (dsp, "bad", bad, IDS ("a"), IDS ("b"), &error), error);
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                      "function node bad set output 4294967295, but it has 1 outputs");
}

/* A function that fails with G_IO_ERROR_CANCELLED stops the dispatch, as a
 * cancelled cancellable does: it is not a failure to go around */
static void
test_function_cancels (void)
{
  static Failure cancelled = { g_io_error_quark, G_IO_ERROR_CANCELLED, "stop here" };
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;

  add_fn (dsp, "stop", fn_fail, &cancelled, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (add_fn (dsp, "alternative", fn_inc, NULL, IDS ("a"), IDS ("b")), 5);
  partial = dispatch_fails (dsp, in, NULL, NULL, NULL, &error);
  ASSERT_ERROR_CLEAR (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop here");
  ASSERT_SOL (partial, "a=1");
  g_assert_cmpuint (schedula_solution_get_n_errors (partial), ==, 0);
}

/* An unset GValue among the inputs is an error that names it */
static void
test_unset_input_values (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  GValue values[2] = { G_VALUE_INIT, G_VALUE_INIT };
  g_autoptr(GError) error = NULL;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  g_hash_table_insert (in, g_strdup ("speed"), g_new0 (GValue, 1));
  g_assert_null (schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "the value of input speed is an unset GValue");
  g_assert_null (schedula_dispatcher_try_dispatch (dsp, in, NULL, NULL, NULL, &error));
  ASSERT_INVALID_INPUT (error, "speed");
  g_assert_null (schedula_dispatcher_get_solution (dsp));

  g_value_init (&values[0], G_TYPE_INT64);
  g_assert_false (schedula_call_set_inputs (call, values, 2, 1, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "input 1 is an unset GValue");
  g_value_unset (&values[0]);
}

/* NaN is not a weight nor a distance: it would break the order of the
 * search (and it marks unset edge weights inside) */
static void
test_nan_weights (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(OwnedValue) one = value_new_int (1);
  SchedulaDistance nan_dist = { 0, NAN };
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  SchedulaDispatcherNode *s;
  gdouble w = 0;

  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  g_assert_true (schedula_function_node_set_input_weight (f, "a", 3, &error));
  g_assert_false (schedula_function_node_set_input_weight (f, "a", NAN, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "the weight of input a of node f is NaN");
  g_assert_false (schedula_function_node_set_output_weight (f, "b", NAN, &error));
  ASSERT_INVALID_INPUT (error, "output b", "NaN");
  /* nothing changed */
  g_assert_true (schedula_dispatcher_get_edge_weight (dsp, "a", "f", &w));
  g_assert_cmpfloat (w, ==, 3);
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "f", "b", NULL));

  add_data_int (child, "x", 0, 0);
  s = add_sub_dsp (dsp, "s", child, IDS ("a", "x"), NULL);
  g_assert_false (schedula_dispatcher_node_set_input_weight (s, "a", NAN, &error));
  ASSERT_INVALID_INPUT (error, "NaN");

  g_assert_false (schedula_dispatcher_set_default_value (dsp, "a", one, &nan_dist, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "the initial distance of the default of a is NaN");
  g_assert_false (schedula_data_node_has_default_value (
      SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "a"))));
}

/* An odd number of ids in removed_edges is not a list of pairs */
static void
test_removed_edges_odd (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(GError) error = NULL;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  g_assert_null (schedula_dispatcher_get_sub_dispatcher (dsp, IDS ("a", "f", "b"), IDS ("a", "f", "b"), &error));
  ASSERT_INVALID_INPUT (error, "odd number", "(3)");
}

/* ------------------------------------------------------------------ */
/* Preconditions: programmer errors are criticals (in a subprocess)    */
/* ------------------------------------------------------------------ */

static void
precondition_add_data (void)
{
  g_assert_null (schedula_dispatcher_add_data (NULL, "a", NULL, NULL));
}

static void
precondition_dispatch (void)
{
  g_assert_null (schedula_dispatcher_dispatch (NULL, NULL, NULL, NULL, NULL, NULL));
}

static void
precondition_solution (void)
{
  g_assert_null (schedula_solution_lookup (NULL, "a"));
}

static void
precondition_not_a_function (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);

  g_assert_null (schedula_dispatcher_add_function (dsp, "f", (SchedulaFunction *) dsp, IDS ("a"), NULL, NULL));
}

static void
precondition_empty_path (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);

  g_assert_null (schedula_dispatcher_get_node (dsp, (const char *const[]) { NULL }, NULL, NULL));
}

static void
precondition_call_input (void)
{
  g_autoptr(SchedulaCall) call = schedula_call_new ();

  g_assert_true (schedula_call_set_inputs (call, NULL, 0, 1, NULL));
  g_assert_null (schedula_call_get_input (call, 5));
}

static void
precondition_frozen_mapping (void)
{
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaMapping) m = schedula_mapping_new ();
  g_autoptr(SchedulaDispatcherNode) node = NULL;

  schedula_mapping_add (m, "a", "x");
  node = schedula_dispatcher_node_new ("s", child, m, NULL);
  /* mappings are frozen once given to a node */
  schedula_mapping_add (m, "b", "y");
}

static void
precondition_error_set (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "already");

  /* an error that is already set is a programmer error */
  g_assert_null (schedula_dispatcher_add_data (dsp, "a", NULL, &error));
  g_error_free (error);
}

static void
precondition_output_type (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);

  g_assert_null (schedula_sub_dispatch_new (dsp, NULL, (SchedulaOutputType) 42, NULL));
}

static void
precondition_wildcard (void)
{
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();

  schedula_dispatch_options_set_wildcard (options, (SchedulaWildcard) 7);
}

static void
precondition_sub_dispatcher_flags (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);

  g_assert_null (schedula_dispatcher_get_sub_dispatcher_from_workflow (
      dsp, IDS ("a"), (SchedulaSubDispatcherFlags) 1 << 9, NULL, SCHEDULA_WILDCARD_OFF, NULL));
}

static void
precondition_nan_node_weight (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  SchedulaFunctionNode *f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));

  schedula_function_node_set_weight (f, NAN);
}

typedef struct {
  const char *path;
  void      (*run) (void);
  const char *stderr_pattern;
} Precondition;

static const Precondition preconditions[] = {
  { "/Schedula/Errors/precondition/add-data", precondition_add_data,
    "*CRITICAL*schedula_dispatcher_add_data*SCHEDULA_IS_DISPATCHER*" },
  { "/Schedula/Errors/precondition/dispatch", precondition_dispatch,
    "*CRITICAL*schedula_dispatcher_dispatch*SCHEDULA_IS_DISPATCHER*" },
  { "/Schedula/Errors/precondition/solution", precondition_solution,
    "*CRITICAL*schedula_solution_lookup*" },
  { "/Schedula/Errors/precondition/not-a-function", precondition_not_a_function,
    "*CRITICAL*schedula_dispatcher_add_function*" },
  { "/Schedula/Errors/precondition/empty-path", precondition_empty_path,
    "*CRITICAL*schedula_dispatcher_get_node*" },
  { "/Schedula/Errors/precondition/call-input", precondition_call_input,
    "*CRITICAL*schedula_call_get_input*" },
  { "/Schedula/Errors/precondition/frozen-mapping", precondition_frozen_mapping,
    "*CRITICAL*schedula_mapping_add*" },
  { "/Schedula/Errors/precondition/error-set", precondition_error_set,
    "*CRITICAL*schedula_dispatcher_add_data*error*" },
  { "/Schedula/Errors/precondition/output-type", precondition_output_type,
    "*CRITICAL*schedula_sub_dispatch_new*OUTPUT_TYPE_VALID*" },
  { "/Schedula/Errors/precondition/wildcard", precondition_wildcard,
    "*CRITICAL*schedula_dispatch_options_set_wildcard*WILDCARD_VALID*" },
  { "/Schedula/Errors/precondition/sub-dispatcher-flags", precondition_sub_dispatcher_flags,
    "*CRITICAL*get_sub_dispatcher_from_workflow*FLAGS_VALID*" },
  { "/Schedula/Errors/precondition/nan-node-weight", precondition_nan_node_weight,
    "*CRITICAL*schedula_function_node_set_weight*isnan*" },
};

/* Runs the precondition in a subprocess, which must fail with a critical */
static void
test_precondition (gconstpointer data)
{
  const Precondition *p = data;

  if (g_test_subprocess ())
    {
      p->run ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr (p->stderr_pattern);
}

/* A wildcard input's sub-dispatcher successor goes to the fringe even when
 * it does not start (here: the shrink's wait map holds it), and is visited
 * there without a sub-solution; an input that reaches it later had nothing
 * to go to (a NULL dereference). schedula 1.5.78 fails with a KeyError for
 * the missing sub-solution; the library fails with INVALID_INPUT naming the
 * node and the input (Python: a KeyError). Found by differential.py, seed
 * 722, reduced. */
static void
test_sub_dispatcher_visited_without_starting (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("top");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaDispatcher) grandchild = schedula_dispatcher_new ("gc");
  g_autoptr(SchedulaDispatcher) shrunk = NULL;
  g_autoptr(SchedulaFunction) gt0 = fn ("gt0", dom_gt0);
  g_autoptr(GError) error = NULL;
  SchedulaDispatcherNode *s;
  const char *const none[] = { NULL };

  g_assert_nonnull (schedula_dispatcher_add_data (grandchild, "d63", NULL, &error));
  g_assert_nonnull (schedula_dispatcher_add_data (child, "d21", NULL, &error));
  schedula_dispatcher_node_set_weight (add_sub_dsp (child, "G", grandchild, IDS ("d11", "d63"), none), 1);
  schedula_function_node_set_weight (add_fn (dsp, "f0", fn_inc, NULL, IDS ("d4"), IDS ("d1")), 1);
  add_fn (dsp, "f1", fn_identity, NULL, IDS ("d1"), none);
  s = add_sub_dsp (dsp, "S", child, IDS ("d1", "d11", "d3", "d21"), none);
  schedula_dispatcher_node_set_weight (s, 2);
  schedula_dispatcher_node_set_input_domain (s, gt0);

  shrunk = schedula_dispatcher_shrink (dsp, IDS ("d4", "d3"), IDS ("d3"), NULL, &error);
  g_assert_null (shrunk);
  ASSERT_INVALID_INPUT_MESSAGE (error, "sub-dispatcher node S was visited without starting (after "
                                       "wildcard input values reached it) and has no solution to "
                                       "take the value of d1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* whether failures are logged by default depends on it
   * (test_failure_log_env sets it for its subprocesses) */
  if (!g_test_subprocess ())
    g_unsetenv ("G_MESSAGES_DEBUG");

  g_test_add_func ("/Schedula/Errors/unknown-ids", test_unknown_ids);
  g_test_add_func ("/Schedula/Errors/sub-dispatcher-visited-without-starting",
                   test_sub_dispatcher_visited_without_starting);
  g_test_add_func ("/Schedula/Errors/port-is-function", test_port_is_function);
  g_test_add_func ("/Schedula/Errors/reserved-ids", test_reserved_ids);
  g_test_add_func ("/Schedula/Errors/mapping-missing-child-ids", test_mapping_missing_child_ids);
  g_test_add_func ("/Schedula/Errors/node-already-added", test_node_already_added);
  g_test_add_func ("/Schedula/Errors/dispatcher-contains-itself", test_dispatcher_contains_itself);
  g_test_add_func ("/Schedula/Errors/contradictory-paths", test_contradictory_paths);
  g_test_add_func ("/Schedula/Errors/false-without-error", test_false_without_error);
  g_test_add_func ("/Schedula/Errors/output-mismatch", test_output_mismatch);
  g_test_add_func ("/Schedula/Errors/wait-without-combiner", test_wait_without_combiner);
  g_test_add_func ("/Schedula/Errors/domain-fails", test_domain_fails);
  g_test_add_func ("/Schedula/Errors/raise", test_raise);
  g_test_add_func ("/Schedula/Errors/raise-in-child", test_raise_in_child);
  g_test_add_func ("/Schedula/Errors/filter-and-callback-failures", test_filter_and_callback_failures);
  g_test_add_func ("/Schedula/Errors/raises-func", test_raises_func);
  g_test_add_func ("/Schedula/Errors/failure-log", test_failure_log);
  g_test_add_func ("/Schedula/Errors/failure-log-raise", test_failure_log_raise);
  g_test_add_func ("/Schedula/Errors/failure-log-env", test_failure_log_env);
  g_test_add_func ("/Schedula/Errors/removed-input", test_removed_input);
  g_test_add_func ("/Schedula/Errors/huge-counts", test_huge_counts);
  g_test_add_func ("/Schedula/Errors/output-position-out-of-range", test_output_position_out_of_range);
  g_test_add_func ("/Schedula/Errors/unset-input-values", test_unset_input_values);
  g_test_add_func ("/Schedula/Errors/function-cancels", test_function_cancels);
  g_test_add_func ("/Schedula/Errors/nan-weights", test_nan_weights);
  g_test_add_func ("/Schedula/Errors/removed-edges-odd", test_removed_edges_odd);
  for (guint i = 0; i < G_N_ELEMENTS (preconditions); i++)
    g_test_add_data_func (preconditions[i].path, &preconditions[i], test_precondition);

  return g_test_run ();
}
