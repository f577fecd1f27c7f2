/* test-errors.c: bad input: every error names the node; preconditions (all areas)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

#define ASSERT_STR(call, expected) G_STMT_START {           \
    g_autofree char *_s = (call);                           \
    g_assert_cmpstr (_s, ==, (expected));                   \
  } G_STMT_END
#define ASSERT_SOL(sol, expected) ASSERT_STR (sol_str (sol), expected)
#define ASSERT_CONTAINS(haystack, needle) G_STMT_START {                \
    if (strstr ((haystack), (needle)) == NULL)                          \
      g_error ("'%s' does not contain '%s'", (haystack), (needle));     \
  } G_STMT_END

#define TEST_ERROR (g_quark_from_static_string ("schedula-test-error-quark"))

static SchedulaFunctionNode *
add_fn (SchedulaDispatcher *dsp,
        const char         *id,
        SchedulaFunc        func,
        gpointer            data,
        const char *const  *inputs,
        const char *const  *outputs)
{
  g_autoptr(SchedulaFunction) f = func ? schedula_function_new (id, func, data, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *node;

  node = schedula_dispatcher_add_function (dsp, id, f, inputs, outputs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static gboolean
fn_fail_own (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error_literal (error, TEST_ERROR, 7, "bang");
  return FALSE;
}

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
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();

  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));

  g_assert_false (schedula_dispatcher_remove_node (dsp, "zz", &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "zz");
  g_clear_error (&error);
  /* a NULL error is fine */
  g_assert_false (schedula_dispatcher_remove_node (dsp, "zz", NULL));

  g_assert_false (schedula_dispatcher_set_default_value (dsp, "zz", one, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Input error: zz is not a data node");
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_get_node (dsp, IDS ("zz"), NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "'zz'");
  g_clear_error (&error);

  /* weights of edges the node does not have */
  g_assert_false (schedula_function_node_set_input_weight (f, "zz", 2, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "zz");
  ASSERT_CONTAINS (error->message, "f");
  g_clear_error (&error);
  g_assert_false (schedula_function_node_set_output_weight (f, "a", 2, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "a");
  g_clear_error (&error);
  g_assert_false (schedula_function_node_set_input_weight (f, "b", 2, &error));
  g_clear_error (&error);
  /* nothing changed */
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "a", "f", NULL));
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "f", "b", NULL));

  schedula_mapping_add (in_map, "p", "x");
  s = schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (schedula_dispatcher_node_set_input_weight (s, "zz", 1, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "zz");
  ASSERT_CONTAINS (error->message, "s");
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
  before = model_ids_str (dsp);
  edges_before = model_edges_str (dsp);

  g_assert_null (schedula_dispatcher_add_function (dsp, "g", id, IDS ("fun"), IDS ("x"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Invalid input id: fun is not a data node");
  g_clear_error (&error);

  /* data nodes created by the failed call are removed too */
  g_assert_null (schedula_dispatcher_add_function (dsp, "g", id, IDS ("new1", "a", "fun"), IDS ("x"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_add_function (dsp, "g", id, IDS ("a"), IDS ("y", "fun"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Invalid output id: fun is not a data node");
  g_clear_error (&error);

  ASSERT_STR (model_ids_str (dsp), before);
  ASSERT_STR (model_edges_str (dsp), edges_before);
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "g"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "new1"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "x"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "y"));

  /* a data id that is a function */
  g_assert_null (schedula_dispatcher_add_data (dsp, "fun", NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Invalid data id: override function fun");
  g_clear_error (&error);
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
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "$foo");
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_add_function (dsp, "$foo", inc, IDS ("a"), IDS ("b"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "$foo");
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_add_function (dsp, "f", inc, IDS ("$in"), IDS ("b"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "$in");
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("$out"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "$out");
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_add_dispatcher (dsp, "$sub", child, NULL, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "$sub");
  g_clear_error (&error);

  schedula_mapping_add (in_map, "$p", "x");
  g_assert_null (schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "$p");
  g_clear_error (&error);

  /* nothing was added */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 0);

  /* the special ids themselves are fine */
  g_assert_nonnull (schedula_dispatcher_add_data (dsp, SCHEDULA_END, NULL, &error));
  g_assert_no_error (error);
}

/* A mapping to ids the child does not have is ignored (SEMANTICS 2.13) */
static void
test_mapping_missing_child_ids (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_map = schedula_mapping_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, "p", 2, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  add_fn (child, "f", fn_inc, NULL, IDS ("x"), IDS ("y"));
  schedula_mapping_add (in_map, "a", "x");
  schedula_mapping_add (in_map, "a", "nope");
  schedula_mapping_add (in_map, "p", "missing");
  schedula_mapping_add (out_map, "y", "b");
  schedula_mapping_add (out_map, "ghost", "q");
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, out_map, &error));
  g_assert_no_error (error);

  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, p=2, b=2");
  g_assert_false (schedula_solution_contains (sol, "q"));
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
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "a");
  g_clear_error (&error);
  g_assert_false (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (f), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  ASSERT_CONTAINS (error->message, "f");
  g_clear_error (&error);

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
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (dsp, "c", child, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (schedula_dispatcher_add_dispatcher (child, "p", dsp, NULL, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (child)), ==, 0);
}

/* --- the "test model" of SEMANTICS 2.02 ---------------------------- */

/* The test programs do not link libm: small log and pow, good enough
 * for the values of these tests. */
static gdouble
ln_ (gdouble x)
{
  gdouble z = (x - 1) / (x + 1), z2 = z * z, term = z, sum = 0;

  g_assert_true (x > 0);
  for (guint k = 0; k < 200; k++)
    {
      sum += term / (2 * k + 1);
      term *= z2;
    }
  return 2 * sum;
}

static gdouble
pow_ (gdouble x,
      gdouble y)
{
  gdouble r = 1, term = 1, t;

  if (y == (gint64) y && y >= 0)
    {
      for (gint64 i = 0; i < (gint64) y; i++)
        r *= x;
      return r;
    }
  /* exp (y * ln (x)) */
  t = y * ln_ (x);
  r = 0;
  for (guint k = 1; k < 100; k++)
    {
      r += term;
      term *= t / k;
    }
  return r;
}


static gboolean
fn_log_diff (SchedulaCall *call, gpointer data, GError **error)
{
  GValue v = G_VALUE_INIT;
  gdouble x = value_num (IN (1)) - value_num (IN (0));

  if (x <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "math domain error");
      return FALSE;
    }
  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, ln_ (x));
  schedula_call_take_output (call, 0, &v);
  return TRUE;
}

static gboolean
fn_inv_shift (SchedulaCall *call, gpointer data, GError **error)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, 2 / (value_num (IN (0)) + 1));
  schedula_call_take_output (call, 0, &v);
  return TRUE;
}

static gboolean
fn_sub4 (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 0, IN (0), value_num (IN (0)) - 4);
  return TRUE;
}

static gboolean
fn_pow (SchedulaCall *call, gpointer data, GError **error)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, pow_ (value_num (IN (0)), value_num (IN (1))));
  schedula_call_take_output (call, 0, &v);
  return TRUE;
}

static gboolean
dom_lt (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, value_num (IN (0)) < value_num (IN (1)));
  return TRUE;
}

static gboolean
dom_ne_neg1 (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, value_num (IN (0)) != -1);
  return TRUE;
}

static gboolean
dom_not_both_zero (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, !(value_num (IN (0)) == 0 && value_num (IN (1)) == 0));
  return TRUE;
}

/* SEMANTICS Example 2.37: negative weights, contradictory paths */
static void
test_contradictory_paths (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) lt = fn ("lt", dom_lt);
  g_autoptr(SchedulaFunction) ne = fn ("ne_neg1", dom_ne_neg1);
  g_autoptr(SchedulaFunction) nbz = fn ("not_both_zero", dom_not_both_zero);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 5, "b", 6, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  SchedulaSolution *sol;

  add_fn (dsp, "min", fn_min, NULL, IDS ("a", "c"), IDS ("d"));
  add_fn (dsp, "max", fn_max, NULL, IDS ("b", "d"), IDS ("c"));
  schedula_dispatcher_add_data (dsp, "e", NULL, &error);
  f = add_fn (dsp, "log(b - a)", fn_log_diff, NULL, IDS ("a", "b"), IDS ("c"));
  schedula_function_node_set_input_domain (f, lt);
  f = add_fn (dsp, "2 / (d + 1)", fn_inv_shift, NULL, IDS ("d"), IDS ("e"));
  schedula_function_node_set_input_domain (f, ne);
  f = add_fn (dsp, "x - 4", fn_sub4, NULL, IDS ("a"), IDS ("d"));
  schedula_function_node_set_input_weight (f, "a", 20, &error);
  schedula_function_node_set_output_weight (f, "d", 20, &error);
  schedula_function_node_set_weight (f, 20);
  f = add_fn (dsp, "x ^ y", fn_pow, NULL, IDS ("e", "d"), IDS ("b"));
  schedula_function_node_set_input_weight (f, "e", -100, &error);
  schedula_function_node_set_input_domain (f, nbz);
  g_assert_no_error (error);
  schedula_dispatch_options_set_wildcard (opts, SCHEDULA_WILDCARD_ON);

  sol = schedula_dispatcher_dispatch (dsp, in, IDS ("a", "b"), opts, NULL, &error);
  g_assert_null (sol);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_CONTRADICTORY_PATHS);
  ASSERT_CONTAINS (error->message, "Contradictory paths found: negative weights?");
  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
}

static gboolean
fn_quiet_false (SchedulaCall *call, gpointer data, GError **error)
{
  return FALSE;
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
  SchedulaSolution *sol;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "bad", fn_bad_output, NULL, IDS ("b"), IDS ("c"));
  sol = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (sol);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH);
  ASSERT_CONTAINS (error->message, "bad");
  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
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
  g_autoptr(SchedulaFunction) dom = fn ("dom_fail", dom_fail);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f, *g;
  SchedulaSolution *sol;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  f = add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_input_domain (f, dom);
  g = add_fn (dsp, "g", fn_double, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (g, 3);

  sol = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (sol);
  g_assert_nonnull (error);
  ASSERT_CONTAINS (error->message, "f");
  ASSERT_CONTAINS (error->message, "domain failed");
  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
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
  g_autofree char *wf = NULL, *dist = NULL;
  SchedulaSolution *sol;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("c"));
  schedula_function_node_set_weight (add_fn (dsp, "f2", fn_inc, NULL, IDS ("a"), IDS ("c")), 5);

  sol = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (sol);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (error->message, "'f1'");
  ASSERT_CONTAINS (error->message, "fail");

  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
  ASSERT_SOL (partial, "a=1");
  dist = dist_str (partial);
  g_assert_cmpstr (dist, ==, "$START=-1, a=0, f1=1");
  wf = wf_nodes_str (partial);
  g_assert_cmpstr (wf, ==, "$START, a, f1, f2");
  g_assert_cmpuint (schedula_solution_get_n_errors (partial), ==, 1);
  g_assert_error (schedula_solution_get_error (partial, "f1"), G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* A failing filter fails its node; a failing callback only records, unless
 * the policy raises (SEMANTICS 2.7.1, 2.10) */
static void
test_filter_and_callback_failures (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) bad_filter = fn ("bad_filter", fn_fail_own);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SchedulaFunction) bad_callback = schedula_function_new ("callback_fail", cb_fail, log, NULL);
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL, partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL;
  SchedulaFunctionNode *f;
  SchedulaSolution *failed;

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
  failed = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (error->message, "Failed CALLBACK 'c'");
  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
  g_assert_cmpint (schedula_solution_get_error_failure (partial, "c"), ==, SCHEDULA_FAILURE_CALLBACK);
}

/* The policy is the one of the model that owns the failing node. */
static void
test_raise_in_child (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_map = schedula_mapping_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) ok = NULL;
  SchedulaSolution *sol;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_set_raises (child, SCHEDULA_RAISES_RAISE);
  add_fn (child, "g", fn_fail, NULL, IDS ("x"), IDS ("y"));
  schedula_mapping_add (in_map, "a", "x");
  schedula_mapping_add (out_map, "y", "b");
  schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, out_map, &error);
  g_assert_no_error (error);

  sol = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (sol);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (error->message, "g");
  g_clear_error (&error);

  /* and the other way round: a child that records */
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_set_raises (child, SCHEDULA_RAISES_RECORD_SILENTLY);
  ok = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (ok, "a=1");
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
  SchedulaSolution *sol;

  add_fn (dsp, "f1", fn_fail, NULL, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (add_fn (dsp, "f2", fn_fail_own, NULL, IDS ("a"), IDS ("c")), 2);
  add_fn (dsp, "f3", fn_inc, NULL, IDS ("a"), IDS ("d"));
  schedula_function_node_set_weight (add_fn (dsp, "f4", fn_inc, NULL, IDS ("a"), IDS ("e")), 5);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_set_raises_func (dsp, raises_for_own_errors, &log, raises_log_destroy);

  sol = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (sol);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (error->message, "f2");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (ids->pdata[0], ==, "f1");
  g_assert_cmpstr (ids->pdata[1], ==, "f2");
  partial = schedula_dispatcher_get_solution (dsp);
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
  SchedulaSolution *sol;

  add_fn (dsp, "min", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  g_assert_true (schedula_dispatcher_remove_node (dsp, "b", &error));
  sol = schedula_dispatcher_dispatch (dsp, in, NULL, NULL, NULL, &error);
  g_assert_null (sol);
  g_assert_nonnull (error);
  ASSERT_CONTAINS (error->message, "min");
  ASSERT_CONTAINS (error->message, "b");
}

/* ------------------------------------------------------------------ */
/* Preconditions: programmer errors are criticals (in a subprocess)    */
/* ------------------------------------------------------------------ */

static void
test_precondition_add_data (void)
{
  if (g_test_subprocess ())
    {
      g_assert_null (schedula_dispatcher_add_data (NULL, "a", NULL, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_dispatcher_add_data*SCHEDULA_IS_DISPATCHER*");
}

static void
test_precondition_dispatch (void)
{
  if (g_test_subprocess ())
    {
      g_assert_null (schedula_dispatcher_dispatch (NULL, NULL, NULL, NULL, NULL, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_dispatcher_dispatch*SCHEDULA_IS_DISPATCHER*");
}

static void
test_precondition_solution (void)
{
  if (g_test_subprocess ())
    {
      g_assert_null (schedula_solution_lookup (NULL, "a"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_solution_lookup*");
}

static void
test_precondition_not_a_function (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);

      g_assert_null (schedula_dispatcher_add_function (dsp, "f", (SchedulaFunction *) dsp, IDS ("a"), NULL, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_dispatcher_add_function*");
}

static void
test_precondition_empty_path (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);

      g_assert_null (schedula_dispatcher_get_node (dsp, (const char *const[]) { NULL }, NULL, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_dispatcher_get_node*");
}

static void
test_precondition_call_input (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SchedulaCall) call = schedula_call_new ();

      schedula_call_set_inputs (call, NULL, 0, 1);
      g_assert_null (schedula_call_get_input (call, 5));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_call_get_input*");
}

static void
test_precondition_frozen_mapping (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new (NULL);
      g_autoptr(SchedulaMapping) m = schedula_mapping_new ();
      g_autoptr(SchedulaDispatcherNode) node = NULL;

      schedula_mapping_add (m, "a", "x");
      node = schedula_dispatcher_node_new ("s", child, m, NULL);
      /* mappings are frozen once given to a node */
      schedula_mapping_add (m, "b", "y");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_mapping_add*");
}

static void
test_precondition_error_set (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
      GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "already");

      /* an error that is already set is a programmer error */
      g_assert_null (schedula_dispatcher_add_data (dsp, "a", NULL, &error));
      g_error_free (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*schedula_dispatcher_add_data*error*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Errors/unknown-ids", test_unknown_ids);
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
  g_test_add_func ("/Schedula/Errors/removed-input", test_removed_input);
  g_test_add_func ("/Schedula/Errors/precondition/add-data", test_precondition_add_data);
  g_test_add_func ("/Schedula/Errors/precondition/dispatch", test_precondition_dispatch);
  g_test_add_func ("/Schedula/Errors/precondition/solution", test_precondition_solution);
  g_test_add_func ("/Schedula/Errors/precondition/not-a-function", test_precondition_not_a_function);
  g_test_add_func ("/Schedula/Errors/precondition/empty-path", test_precondition_empty_path);
  g_test_add_func ("/Schedula/Errors/precondition/call-input", test_precondition_call_input);
  g_test_add_func ("/Schedula/Errors/precondition/frozen-mapping", test_precondition_frozen_mapping);
  g_test_add_func ("/Schedula/Errors/precondition/error-set", test_precondition_error_set);

  return g_test_run ();
}
