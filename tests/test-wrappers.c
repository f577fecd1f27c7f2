/* test-wrappers.c: dispatchers as functions, compiled pipes and batch
 * dispatch (area 5)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* A mapping value {k1: v1, ...} of int64 values */
G_GNUC_NULL_TERMINATED static GValue *
dict_value (const char *first, ...)
{
  g_autoptr(SchedulaDict) dict = schedula_dict_new ();
  GValue *value = g_new0 (GValue, 1);
  va_list ap;

  va_start (ap, first);
  for (const char *k = first; k != NULL; k = va_arg (ap, const char *))
    {
      g_auto(GValue) v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_INT64);
      g_value_set_int64 (&v, va_arg (ap, int));
      schedula_dict_insert (dict, k, &v);
    }
  va_end (ap);
  g_value_init (value, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (value, dict);
  return value;
}

/* Calls @f on @args (taken) for one result, as a text */
static char *
call_str (SchedulaFunction  *f,
          GError           **error,
          guint              n_args,
          ...)
{
  g_autofree GValue *args = g_new0 (GValue, MAX (n_args, 1));
  g_autofree GValue *out = NULL;
  guint n_results = 0;
  char *text = NULL;
  va_list ap;

  va_start (ap, n_args);
  for (guint i = 0; i < n_args; i++)
    {
      GValue *v = va_arg (ap, GValue *);

      args[i] = *v;
      g_free (v);
    }
  va_end (ap);
  out = schedula_function_call (f, args, n_args, 1, &n_results, error);
  for (guint i = 0; i < n_args; i++)
    g_value_unset (&args[i]);
  if (out == NULL)
    return NULL;
  text = value_str (&out[0]);
  g_value_unset (&out[0]);
  return text;
}

/* The model of schedula's SubDispatch examples: fun = split(a) -> b, c */
static SchedulaDispatcher *
split_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("Sub-dispatcher");

  add_fn (dsp, "fun", fn_split, NULL, IDS ("a"), IDS ("b", "c"));
  return dsp;
}

/* SEMANTICS Example 5.01: SubDispatch as a function node */
static void
test_sub_dispatch_node (void)
{
  g_autoptr(SchedulaDispatcher) sub = split_model ();
  g_autoptr(SchedulaSubDispatch) sd = schedula_sub_dispatch_new (sub, IDS ("a", "b", "c"),
                                                                 SCHEDULA_OUTPUT_TYPE_DICT, NULL);
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) inner = NULL;
  g_autoptr(SchedulaSolution) last = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (schedula_function_get_name (SCHEDULA_FUNCTION (sd)), ==, "Sub-dispatcher");
  g_assert_true (schedula_sub_dispatch_get_dispatcher (sd) == sub);
  g_assert_cmpint (schedula_sub_dispatch_get_output_type (sd), ==, SCHEDULA_OUTPUT_TYPE_DICT);
  g_assert_null (schedula_sub_dispatch_dup_solution (sd));
  g_assert_nonnull (schedula_dispatcher_add_function (dsp, "Sub-dispatch", SCHEDULA_FUNCTION (sd),
                                                      IDS ("d"), IDS ("e"), &error));
  g_assert_no_error (error);

  g_hash_table_insert (in, (gpointer) "d", dict_value ("a", 3, NULL));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "d={a: 3}, e={a: 3, b: 4, c: 2}");
  ASSERT_DIST (sol, "$START=-1, d=0, Sub-dispatch=1, e=2");
  ASSERT_WF_EDGES (sol, "$START->d={a: 3}; d->Sub-dispatch={a: 3}; Sub-dispatch->e={a: 3, b: 4, c: 2}");

  /* the workflow node keeps the solution of the model */
  wf = schedula_solution_get_workflow (sol);
  inner = schedula_workflow_get_node_solution (wf, "Sub-dispatch");
  g_assert_nonnull (inner);
  ASSERT_SOL (inner, "a=3, b=4, c=2");
  last = schedula_sub_dispatch_dup_solution (sd);
  g_assert_true (last == inner);
}

/* A wrapper's solution is named after its node, under the solution the
 * node runs for; a failure inside it is logged with that path (schedula's
 * _sol_name); called outside a dispatch, it has no name */
static void
test_sub_dispatch_full_name (void)
{
  g_autoptr(SchedulaDispatcher) sub = split_model ();
  g_autoptr(SchedulaSubDispatch) sd = schedula_sub_dispatch_new (sub, IDS ("b", "c"),
                                                                 SCHEDULA_OUTPUT_TYPE_DICT, NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("parent");
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) last = NULL;
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sub_sol = NULL;
  g_autoptr(SchedulaSolution) inner = NULL;
  const char *const *name;
  g_autofree char *text = NULL;

  g_assert_nonnull (schedula_dispatcher_add_function (child, "w", SCHEDULA_FUNCTION (sd),
                                                      IDS ("x"), IDS ("y"), &error));
  g_assert_no_error (error);
  add_sub_dsp (dsp, "s", child, IDS ("a", "x"), IDS ("y", "c"));

  g_hash_table_insert (in, (gpointer) "a", dict_value ("a", 3, NULL));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  g_assert_cmpuint (g_strv_length ((char **) schedula_solution_get_full_name (sol)), ==, 0);
  sub_sol = schedula_solution_get_sub_solution (sol, "s");
  g_assert_nonnull (sub_sol);
  wf = schedula_solution_get_workflow (sub_sol);
  inner = schedula_workflow_get_node_solution (wf, "w");
  g_assert_nonnull (inner);
  name = schedula_solution_get_full_name (inner);
  text = g_strjoinv ("/", (char **) name);
  g_assert_cmpstr (text, ==, "s/w");
  ASSERT_SOL (inner, "a=3, b=4, c=2");

  /* called outside a dispatch: no name */
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (sd), &error, 1, dict_value ("a", 1, NULL)), "{b: 2, c: 0}");
  g_assert_no_error (error);
  last = schedula_sub_dispatch_dup_solution (sd);
  g_assert_cmpuint (g_strv_length ((char **) schedula_solution_get_full_name (last)), ==, 0);
}

/* SEMANTICS Examples 5.02-5.04: output types, merged input dicts,
 * unreachable outputs */
static void
test_sub_dispatch_call (void)
{
  g_autoptr(SchedulaDispatcher) sub = split_model ();
  g_autoptr(SchedulaSubDispatch) as_list = schedula_sub_dispatch_new (sub, IDS ("c", "b"),
                                                                      SCHEDULA_OUTPUT_TYPE_LIST, NULL);
  g_autoptr(SchedulaSubDispatch) as_all = schedula_sub_dispatch_new (sub, NULL,
                                                                     SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL);
  g_autoptr(SchedulaSubDispatch) missing = schedula_sub_dispatch_new (sub, IDS ("b", "zz"),
                                                                      SCHEDULA_OUTPUT_TYPE_DICT, NULL);
  g_autoptr(SchedulaSubDispatch) values = schedula_sub_dispatch_new (sub, IDS ("b"),
                                                                     SCHEDULA_OUTPUT_TYPE_VALUES, NULL);
  g_autoptr(SchedulaSubDispatch) direct = schedula_sub_dispatch_new_for_dispatcher (sub);
  g_autoptr(GError) error = NULL;

  ASSERT_STR (call_str (SCHEDULA_FUNCTION (as_list), &error, 1, dict_value ("a", 3, NULL)), "(2, 4)");
  g_assert_no_error (error);
  /* later dicts win */
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (as_list), &error, 2, dict_value ("a", 3, NULL),
                        dict_value ("a", 10, NULL)), "(9, 11)");
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (as_all), &error, 1, dict_value ("a", 3, NULL)),
              "Solution{a=3, b=4, c=2}");
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (values), &error, 1, dict_value ("a", 3, NULL)), "4");
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (direct), &error, 1, dict_value ("a", 1, NULL)),
              "Solution{a=1, b=2, c=0}");
  g_assert_no_error (error);

  g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                         "dispatch of Sub-dispatcher: zz is not a node of the model, so it is never computed");
  g_assert_null (call_str (SCHEDULA_FUNCTION (missing), &error, 1, dict_value ("a", 3, NULL)));
  g_test_assert_expected_messages ();
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  g_assert_cmpstr (error->message, ==,
                   "\n  Unreachable output-targets: {'zz'}\n  Available outputs: ['a', 'b']");
  g_clear_error (&error);

  /* an argument that is not a mapping */
  g_assert_null (call_str (SCHEDULA_FUNCTION (as_list), &error, 1, value_new_int (3)));
  g_assert_nonnull (error);
  ASSERT_CONTAINS (error->message, "argument 1");
  ASSERT_CONTAINS (error->message, "gint64");
  g_clear_error (&error);
}

/* SEMANTICS Example 5.30: a failing SubDispatch node is recorded */
static void
test_sub_dispatch_failure (void)
{
  g_autoptr(SchedulaDispatcher) sub = split_model ();
  g_autoptr(SchedulaSubDispatch) sd = schedula_sub_dispatch_new (sub, IDS ("zz"),
                                                                 SCHEDULA_OUTPUT_TYPE_LIST, NULL);
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) inner = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  g_assert_nonnull (schedula_dispatcher_add_function (dsp, "sd", SCHEDULA_FUNCTION (sd),
                                                      IDS ("d"), IDS ("e"), &error));
  g_hash_table_insert (in, (gpointer) "d", dict_value ("a", 3, NULL));
  g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING, "*zz is not a node*");
  sol = dispatch_ok (dsp, in, NULL, NULL);
  g_test_assert_expected_messages ();
  ASSERT_SOL (sol, "d={a: 3}");
  ASSERT_DIST (sol, "$START=-1, d=0, sd=1");
  message = schedula_solution_dup_error_message (sol, "sd");
  g_assert_cmpstr (message, ==, "Failed DISPATCHING 'sd' due to:\n  \n"
                                "  Unreachable output-targets: {'zz'}\n  Available outputs: ['a']");
  g_assert_error (schedula_solution_get_error (sol, "sd"), SCHEDULA_DISPATCH_ERROR,
                  SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  /* the node keeps the solution of its failed call */
  inner = schedula_solution_get_sub_solution (sol, "sd");
  g_assert_nonnull (inner);
  ASSERT_SOL (inner, "a=3");
}

/* A function failing inside the wrapped model: with the model's raises
 * policy the failure stops its dispatch, and the wrapper's node fails with
 * the error, the partial solution attached */
static void
test_sub_dispatch_inner_failure (void)
{
  g_autoptr(SchedulaDispatcher) sub = schedula_dispatcher_new ("inner");
  g_autoptr(SchedulaSubDispatch) sd = NULL;
  g_autoptr(SchedulaSubDispatch) lenient = NULL;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) inner = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  add_fn (sub, "split", fn_split, NULL, IDS ("a"), IDS ("b", "c"));
  add_fn (sub, "boom", fn_fail, &failure_bang, IDS ("b"), IDS ("d"));
  schedula_dispatcher_set_raises (sub, SCHEDULA_RAISES_RAISE);
  sd = schedula_sub_dispatch_new (sub, IDS ("d"), SCHEDULA_OUTPUT_TYPE_VALUES, NULL);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  g_assert_nonnull (schedula_dispatcher_add_function (dsp, "sd", SCHEDULA_FUNCTION (sd),
                                                      IDS ("x"), IDS ("y"), &error));
  g_hash_table_insert (in, (gpointer) "x", dict_value ("a", 3, NULL));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "x={a: 3}");
  message = schedula_solution_dup_error_message (sol, "sd");
  g_assert_cmpstr (message, ==, "Failed DISPATCHING 'sd' due to:\n  Failed DISPATCHING 'sd/boom' due to:\n  bang");
  g_assert_error (schedula_solution_get_error (sol, "sd"), SCHEDULA_DISPATCH_ERROR,
                  SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  /* the partial solution of the model (reduced to what d needs), with its
   * own error */
  inner = schedula_solution_get_sub_solution (sol, "sd");
  g_assert_nonnull (inner);
  ASSERT_SOL (inner, "a=3, b=4");
  g_assert_error (schedula_solution_get_error (inner, "boom"), TEST_ERROR, 7);

  /* recorded in the model: the wrapper misses its output */
  schedula_dispatcher_set_raises (sub, SCHEDULA_RAISES_RECORD_SILENTLY);
  lenient = schedula_sub_dispatch_new (sub, IDS ("d"), SCHEDULA_OUTPUT_TYPE_VALUES, NULL);
  g_assert_null (call_str (SCHEDULA_FUNCTION (lenient), &error, 1, dict_value ("a", 3, NULL)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  g_assert_cmpstr (error->message, ==,
                   "\n  Unreachable output-targets: {'d'}\n  Available outputs: ['a', 'b']");
}

/* The model of Examples 5.05/5.07: max(a, b) -> c; log(c - 1) -> a if c > 1 */
static gboolean
fn_log_dec (SchedulaCall *call, gpointer data, GError **error)
{
  set_output (call, 0, G_TYPE_DOUBLE, log (value_num (IN (0)) - 1));
  return TRUE;
}

static gboolean
dom_gt1 (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, value_num (IN (0)) > 1);
  return TRUE;
}

static SchedulaDispatcher *
max_log_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("Dispatcher");
  g_autoptr(SchedulaFunction) gt1 = fn ("gt1", dom_gt1);
  SchedulaFunctionNode *log_node;

  add_fn (dsp, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  log_node = add_fn (dsp, "log(x - 1)", fn_log_dec, NULL, IDS ("c"), IDS ("a"));
  schedula_function_node_set_input_domain (log_node, gt1);
  return dsp;
}

/* SEMANTICS Examples 5.05-5.07: SubDispatchFunction */
static void
test_sub_dispatch_function (void)
{
  g_autoptr(SchedulaDispatcher) dsp = max_log_model ();
  g_autoptr(SchedulaSubDispatchFunction) f = NULL;
  g_autoptr(SchedulaSubDispatchFunction) bad = NULL;
  g_autoptr(SchedulaDict) kw = schedula_dict_new ();
  g_autoptr(GError) error = NULL;
  GValue *result = NULL;
  GValue args[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };

  f = schedula_sub_dispatch_function_new (dsp, "myF", IDS ("a", "b"), IDS ("a"),
                                          SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_function_get_name (SCHEDULA_FUNCTION (f)), ==, "myF");
  /* the model is a shrunk copy, named after the function */
  g_assert_true (schedula_sub_dispatch_function_get_dispatcher (f) != dsp);
  g_assert_cmpstr (schedula_dispatcher_get_name (schedula_sub_dispatch_function_get_dispatcher (f)), ==, "myF");
  g_assert_cmpstr (schedula_dispatcher_get_name (dsp), ==, "Dispatcher");
  g_assert_cmpstrv (schedula_sub_dispatch_function_get_inputs (f), IDS ("a", "b"));

  /* f(b=1, a=2) */
  {
    g_auto(GValue) one = G_VALUE_INIT, two = G_VALUE_INIT;

    g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
    g_value_set_int64 (g_value_init (&two, G_TYPE_INT64), 2);
    schedula_dict_insert (kw, "b", &one);
    schedula_dict_insert (kw, "a", &two);
  }
  result = schedula_function_call_full (SCHEDULA_FUNCTION (f), NULL, 0, kw, &error);
  g_assert_no_error (error);
  ASSERT_STR (value_str (result), "0.0");
  g_clear_pointer (&result, value_free);

  /* f(1, 0): the output a is not reached */
  g_value_set_int64 (g_value_init (&args[0], G_TYPE_INT64), 1);
  g_value_set_int64 (g_value_init (&args[1], G_TYPE_INT64), 0);
  g_value_set_int64 (g_value_init (&args[2], G_TYPE_INT64), 3);
  g_assert_null (schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 2, NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  g_assert_cmpstr (error->message, ==, "\n  Unreachable output-targets: {'a'}\n  Available outputs: ['b', 'c']");
  g_clear_error (&error);

  /* f(1): b is missing */
  g_assert_null (schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 1, NULL, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                      "missing a required argument: 'b'");
  /* f(1, 2, 3) */
  g_assert_null (schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 3, NULL, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                      "too many positional arguments");
  /* f(1, 2, zz=3) */
  {
    g_autoptr(SchedulaDict) zz = schedula_dict_new ();

    schedula_dict_insert (zz, "zz", &args[2]);
    g_assert_null (schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 2, zz, &error));
    ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                        "myF() got an unexpected keyword argument 'zz'");
  }
  /* f(1, 2, b=3) */
  {
    g_autoptr(SchedulaDict) b = schedula_dict_new ();

    schedula_dict_insert (b, "b", &args[2]);
    g_assert_null (schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 2, b, &error));
    ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                        "multiple values for argument 'b'");
  }

  /* Example 5.07: an output the shrunk model cannot reach */
  bad = schedula_sub_dispatch_function_new (dsp, "bad", IDS ("b"), IDS ("c"),
                                            SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  g_assert_cmpstr (error->message, ==, "\n  Unreachable output-targets: {'c'}\n  Available outputs: []");

  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    g_value_unset (&args[i]);
}

/* SEMANTICS Example 5.06: several outputs are a list; defaults fill the
 * missing arguments; as a node function the list fills the node's outputs */
static void
test_sub_dispatch_function_outputs (void)
{
  g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSubDispatchFunction) f = NULL;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) in = inputs_new ("x", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  add_data_int (model, "k", 10, 0);
  add_fn (model, "f", fn_sum_diff, NULL, IDS ("a", "k"), IDS ("s", "d"));
  f = schedula_sub_dispatch_function_new (model, "F", IDS ("a", "k"), IDS ("d", "s"),
                                          SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 1, value_new_int (1)), "(-9, 11)");
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 2, value_new_int (1), value_new_int (2)), "(-1, 3)");
  g_assert_no_error (error);

  g_assert_nonnull (schedula_dispatcher_add_function (dsp, NULL, SCHEDULA_FUNCTION (f),
                                                      IDS ("x"), IDS ("d", "s"), &error));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "x=1, d=-9, s=11");
}

/* schedula's SubDispatchFunction makes its Solution on its model: the
 * outputs stop the search, but the model is not reduced to their ancestors
 * as Dispatcher.dispatch() reduces it, so an input that leads elsewhere is
 * still dispatched (b -> g -> w); and every input a call gives must be a
 * data node of the (shrunk) model, the declared ones too: shrunk to z, the
 * model has no b, and F2(1, 5) is a TypeError (BAD_ARGUMENTS). All as
 * schedula 1.5.78 (differential.py, seed 10). */
static void
test_sub_dispatch_function_model (void)
{
  g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("model");
  g_autoptr(SchedulaDispatchOptions) no_shrink = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSubDispatchFunction) f = NULL, f2 = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  add_fn (model, "f", fn_inc, NULL, IDS ("a"), IDS ("z"));
  add_fn (model, "g", fn_double, NULL, IDS ("b"), IDS ("w"));
  schedula_dispatch_options_set_wildcard (no_shrink, SCHEDULA_WILDCARD_ON);
  f = schedula_sub_dispatch_function_new (model, "F", IDS ("a", "b"), IDS ("z"),
                                          SCHEDULA_OUTPUT_TYPE_DEFAULT, no_shrink, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 2, value_new_int (1), value_new_int (5)), "2");
  g_assert_no_error (error);
  sol = schedula_sub_dispatch_function_dup_solution (f);
  ASSERT_SOL (sol, "a=1, b=5, w=10, z=2");
  ASSERT_DIST (sol, "$START=-1, a=0, b=0, f=1, g=1, w=2, z=2");

  f2 = schedula_sub_dispatch_function_new (model, "F2", IDS ("a", "b"), IDS ("z"),
                                           SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (call_str (SCHEDULA_FUNCTION (f2), &error, 2, value_new_int (1), value_new_int (5)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS);
  g_assert_cmpstr (error->message, ==, "F2() got an unexpected keyword argument 'b'");
  g_clear_error (&error);

  /* an input declared twice is one name: two positional arguments are too
   * many (differential.py, seed 8275: a mapping of two parent ids to one
   * child id) */
  g_clear_object (&f2);
  f2 = schedula_sub_dispatch_function_new (model, "F3", IDS ("a", "a"), IDS ("z"),
                                           SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (call_str (SCHEDULA_FUNCTION (f2), &error, 2, value_new_int (1), value_new_int (5)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS);
  g_assert_cmpstr (error->message, ==, "too many positional arguments");
}

/* SEMANTICS Examples 5.12, 5.13: MapDispatch */
static gboolean
fn_sum_diff_c_d (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 a = g_value_get_int64 (IN (0)), b = g_value_get_int64 (IN (1));

  set_int (call, 0, a + b);
  set_int (call, 1, a - b);
  return TRUE;
}

static void
test_map_dispatch (void)
{
  g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("model");
  g_autoptr(SchedulaMapDispatch) lists = NULL;
  g_autoptr(SchedulaMapDispatch) recursive = NULL;
  g_autoptr(SchedulaMapping) c_to_b = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;
  GValue *sets;

  add_fn (model, "sum_diff", fn_sum_diff_c_d, NULL, IDS ("a", "b"), IDS ("c", "d"));
  lists = schedula_map_dispatch_new (model, NULL, NULL, IDS ("c", "d"), SCHEDULA_OUTPUT_TYPE_LIST);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GValueArray *array = g_value_array_new (3);
    GValue *items[] = { dict_value ("a", 1, "b", 2, NULL), dict_value ("a", 2, "b", 2, NULL),
                        dict_value ("a", 3, "b", 2, NULL) };

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        g_value_array_append (array, items[i]);
        value_free (items[i]);
      }
    sets = g_new0 (GValue, 1);
    g_value_init (sets, g_value_array_get_type ());
    g_value_take_boxed (sets, array);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (lists), &error, 1, sets), "((3, -1), (4, 0), (5, 1))");
  g_assert_no_error (error);

  /* defaults given with the call */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GValueArray *array = g_value_array_new (2);
    GValue *items[] = { dict_value ("a", 1, NULL), dict_value ("a", 3, "b", 3, NULL) };

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        g_value_array_append (array, items[i]);
        value_free (items[i]);
      }
    sets = g_new0 (GValue, 1);
    g_value_init (sets, g_value_array_get_type ());
    g_value_take_boxed (sets, array);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (lists), &error, 2, sets, dict_value ("b", 2, NULL)),
              "((3, -1), (6, 0))");
  g_assert_no_error (error);

  /* recursive inputs: c of each run is b of the next */
  schedula_mapping_add (c_to_b, "c", "b");
  recursive = schedula_map_dispatch_new (model, NULL, c_to_b, NULL, SCHEDULA_OUTPUT_TYPE_DEFAULT);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GValueArray *array = g_value_array_new (3);
    GValue *items[] = { dict_value ("a", 1, "b", 1, NULL), dict_value ("a", 2, NULL),
                        dict_value ("a", 3, NULL) };

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        g_value_array_append (array, items[i]);
        value_free (items[i]);
      }
    sets = g_new0 (GValue, 1);
    g_value_init (sets, g_value_array_get_type ());
    g_value_take_boxed (sets, array);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (recursive), &error, 1, sets),
              "(Solution{a=1, b=1, c=2, d=0}, Solution{a=2, b=2, c=4, d=0}, "
              "Solution{a=3, b=4, c=7, d=-1})");
  g_assert_no_error (error);
}

/* SEMANTICS Examples 5.29 and 5.32: run_model, a dispatcher as a function */
static void
test_run_model (void)
{
  g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("Model");
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) run = schedula_run_model_new ();
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) inner = NULL;
  g_autoptr(SchedulaSubDispatch) as_function = NULL;
  g_autoptr(SchedulaDispatcher) top = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol2 = NULL;
  g_autoptr(GError) error = NULL;
  GValue *model_value = g_new0 (GValue, 1);

  add_fn (model, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  g_assert_cmpstr (schedula_function_get_name (run), ==, "run_model");
  g_assert_nonnull (schedula_dispatcher_add_function (dsp, "execute_dsp", run,
                                                      IDS ("dsp_model", "inputs"), IDS ("outputs"), &error));
  g_value_init (model_value, SCHEDULA_TYPE_DISPATCHER);
  g_value_set_object (model_value, model);
  g_hash_table_insert (in, (gpointer) "dsp_model", model_value);
  g_hash_table_insert (in, (gpointer) "inputs", dict_value ("b", 1, "a", 2, NULL));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "dsp_model=<SchedulaDispatcher>, inputs={b: 1, a: 2}, outputs=Solution{a=2, b=1, c=2}");
  inner = schedula_solution_get_sub_solution (sol, "execute_dsp");
  ASSERT_SOL (inner, "a=2, b=1, c=2");

  /* Example 5.32 */
  as_function = schedula_sub_dispatch_new_for_dispatcher (model);
  g_assert_nonnull (schedula_dispatcher_add_function (top, "run", SCHEDULA_FUNCTION (as_function),
                                                      IDS ("inp"), IDS ("out"), &error));
  g_hash_table_remove_all (in);
  g_hash_table_insert (in, (gpointer) "inp", dict_value ("a", 4, "b", 1, NULL));
  sol2 = dispatch_ok (top, in, NULL, NULL);
  ASSERT_SOL (sol2, "inp={a: 4, b: 1}, out=Solution{a=4, b=1, c=4}");
  ASSERT_WF_EDGES (sol2, "$START->inp={a: 4, b: 1}; inp->run={a: 4, b: 1}; run->out=Solution{a=4, b=1, c=4}");
}

/* The model of Examples 5.08-5.11 */
static gboolean
fn_dec (SchedulaCall *call, gpointer data, GError **error)
{
  set_int (call, 0, g_value_get_int64 (IN (0)) - 1);
  return TRUE;
}

static gboolean
fn_log (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble x = value_num (IN (0));

  if (x <= 0)
    {
      g_set_error_literal (error, TEST_ERROR, 0, "math domain error");
      return FALSE;
    }
  set_output (call, 0, G_TYPE_DOUBLE, log (x));
  return TRUE;
}

static gboolean
fn_inc_num (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 0, IN (0), value_num (IN (0)) + 1);
  return TRUE;
}

static SchedulaDispatcher *
max_dec_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("Dispatcher");

  add_fn (dsp, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (dsp, "x - 1", fn_dec, NULL, IDS ("c"), IDS ("a"));
  return dsp;
}

static SchedulaDispatcher *
log_inc_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);

  add_fn (dsp, "log", fn_log, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "g", fn_inc_num, NULL, IDS ("b"), IDS ("c"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  return dsp;
}

/* SEMANTICS Examples 5.08, 5.10: SubDispatchPipe */
static void
test_sub_dispatch_pipe (void)
{
  g_autoptr(SchedulaDispatcher) dsp = max_dec_model ();
  g_autoptr(SchedulaDispatcher) logs = log_inc_model ();
  g_autoptr(SchedulaSubDispatchPipe) f = NULL;
  g_autoptr(SchedulaSubDispatchPipe) p = NULL;
  g_autoptr(SchedulaSolution) last = NULL;
  g_autoptr(GError) error = NULL;

  f = schedula_sub_dispatch_pipe_new (dsp, "myF", IDS ("a", "b"), IDS ("a"),
                                      SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_function_get_name (SCHEDULA_FUNCTION (f)), ==, "myF");
  g_assert_cmpuint (schedula_pipe_get_n_steps (schedula_sub_dispatch_pipe_get_pipe (f)), ==, 5);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 2, value_new_int (2), value_new_int (1)), "1");
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 2, value_new_int (1), value_new_int (0)), "0");
  g_assert_no_error (error);
  last = schedula_sub_dispatch_pipe_dup_solution (f);
  ASSERT_SOL (last, "b=0, c=1, a=0");

  /* a failing step breaks the pipe: the output is not reached */
  p = schedula_sub_dispatch_pipe_new (logs, "p", IDS ("a"), IDS ("c"), SCHEDULA_OUTPUT_TYPE_DEFAULT,
                                      NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (p), &error, 1, value_new_int (1)), "1.0");
  g_assert_null (call_str (SCHEDULA_FUNCTION (p), &error, 1, value_new_int (0)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  g_assert_cmpstr (error->message, ==, "\n  Unreachable output-targets: {'c'}\n  Available outputs: ['a']");
}

/* SEMANTICS Examples 5.09, 5.11: DispatchPipe */
static void
test_dispatch_pipe (void)
{
  g_autoptr(SchedulaDispatcher) dsp = max_dec_model ();
  g_autoptr(SchedulaDispatcher) logs = log_inc_model ();
  g_autoptr(SchedulaDispatchPipe) f = NULL;
  g_autoptr(SchedulaDispatchPipe) p = NULL;
  g_autoptr(SchedulaSolution) last = NULL;
  g_autoptr(GError) error = NULL;

  f = schedula_dispatch_pipe_new (dsp, "myF", IDS ("a", "b"), IDS ("a"), SCHEDULA_OUTPUT_TYPE_DEFAULT,
                                  NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 2, value_new_int (2), value_new_int (1)), "1");
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (f), &error, 2, value_new_int (1), value_new_int (0)), "0");
  g_assert_no_error (error);
  last = schedula_dispatch_pipe_dup_solution (f);
  ASSERT_SOL (last, "b=0, c=1, a=0");

  p = schedula_dispatch_pipe_new (logs, "p", IDS ("a"), IDS ("c"), SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (p), &error, 1, value_new_int (1)), "1.0");
  g_assert_null (call_str (SCHEDULA_FUNCTION (p), &error, 1, value_new_int (0)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN);
  g_assert_cmpstr (error->message, ==, "The pipe is not respected.");
}

/* f (kwargs): calls f with the keywords "k1", v1, "k2", v2, …, NULL
 * (int64 values) and returns the result as a string */
static char *
call_kw_str (SchedulaFunction *f,
             const char       *first,
             ...)
{
  g_autoptr(SchedulaDict) kw = schedula_dict_new ();
  g_autoptr(GError) error = NULL;
  GValue *result;
  char *s;
  va_list ap;

  va_start (ap, first);
  for (const char *k = first; k != NULL; k = va_arg (ap, const char *))
    {
      g_autoptr(OwnedValue) v = value_new_int (va_arg (ap, gint64));

      schedula_dict_insert (kw, k, v);
    }
  va_end (ap);
  result = schedula_function_call_full (f, NULL, 0, kw, &error);
  g_assert_no_error (error);
  s = value_str (result);
  value_free (result);
  return s;
}

/* SubDispatchFunction: an input given by keyword is an input even when it
 * is an output (schedula decides the wildcards from the declared inputs,
 * when it makes the function): a -> f -> d, a defaults to -1 */
static void
test_sub_dispatch_function_output_as_input (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(SchedulaSubDispatchFunction) any = NULL;
  g_autoptr(SchedulaSubDispatchFunction) declared = NULL;
  g_autoptr(SchedulaSubDispatchFunction) wildcard = NULL;
  g_autoptr(GError) error = NULL;

  add_data_int (dsp, "a", -1, 0);
  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("d"));
  any = schedula_sub_dispatch_function_new (dsp, NULL, NULL, IDS ("d"), SCHEDULA_OUTPUT_TYPE_DEFAULT,
                                            NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (any), "d", (gint64) 5, NULL), "5");
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (any), "a", (gint64) 3, "d", (gint64) 7, NULL), "7");
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (any), "a", (gint64) 3, NULL), "4");
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (any), NULL), "0");

  declared = schedula_sub_dispatch_function_new (dsp, NULL, IDS ("a"), IDS ("d"),
                                                 SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (declared), "d", (gint64) 5, NULL), "5");
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (declared), "a", (gint64) 3, "d", (gint64) 7, NULL), "7");

  /* a declared input that is an output is a wildcard: recomputed */
  wildcard = schedula_sub_dispatch_function_new (dsp, NULL, IDS ("a", "d"), IDS ("d"),
                                                 SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_kw_str (SCHEDULA_FUNCTION (wildcard), "a", (gint64) 3, "d", (gint64) 7, NULL), "4");
}

static gboolean
dom_product_gt0 (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, value_num (IN (0)) * value_num (IN (1)) > 0);
  return TRUE;
}

/* A pipe checks the input domains when it runs, as schedula's: min (c, b)
 * with the domain c * b > 0, after max (a, b) -> c; (3, -1) is out of the
 * domain, so the output is not reached */
static void
test_pipe_domains (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(SchedulaFunction) dom = fn ("c * b > 0", dom_product_gt0);
  g_autoptr(SchedulaSubDispatchPipe) sub = NULL;
  g_autoptr(SchedulaDispatchPipe) strict = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;

  f = add_fn (dsp, "min", fn_min, NULL, IDS ("c", "b"), IDS ("d"));
  schedula_function_node_set_input_domain (f, dom);
  add_fn (dsp, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));

  sub = schedula_sub_dispatch_pipe_new (dsp, "p", IDS ("a", "b"), IDS ("d"),
                                        SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (sub), &error, 2, value_new_int (3), value_new_int (4)), "4");
  g_assert_null (call_str (SCHEDULA_FUNCTION (sub), &error, 2, value_new_int (3), value_new_int (-1)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS);
  g_assert_cmpstr (error->message, ==, "\n  Unreachable output-targets: {'d'}\n  Available outputs: ['a', 'b', 'c']");
  g_clear_error (&error);

  strict = schedula_dispatch_pipe_new (dsp, "p", IDS ("a", "b"), IDS ("d"),
                                       SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (call_str (SCHEDULA_FUNCTION (strict), &error, 2, value_new_int (3), value_new_int (4)), "4");
  g_assert_null (call_str (SCHEDULA_FUNCTION (strict), &error, 2, value_new_int (3), value_new_int (-1)));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN);
}

/* Keyword arguments through a SchedulaCall (schedula's f(*args, **kwargs)):
 * the functions made of a model take them, the others refuse them */
static void
test_call_keywords (void)
{
  g_autoptr(SchedulaDispatcher) dsp = max_dec_model ();
  g_autoptr(SchedulaSubDispatchFunction) f = NULL;
  g_autoptr(SchedulaDispatchPipe) p = NULL;
  g_autoptr(SchedulaFunction) plain = NULL;
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  g_autoptr(SchedulaDict) kw = schedula_dict_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GValue) two = G_VALUE_INIT;
  g_auto(GValue) one = G_VALUE_INIT;

  f = schedula_sub_dispatch_function_new (dsp, "myF", IDS ("a", "b"), IDS ("a"),
                                          SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  p = schedula_dispatch_pipe_new (dsp, "myP", IDS ("a", "b"), IDS ("a"),
                                  SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  plain = schedula_function_new ("plain", fn_max, NULL, NULL);

  g_value_set_int64 (g_value_init (&two, G_TYPE_INT64), 2);
  g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
  /* f(2, b=1) */
  g_assert_true (schedula_call_set_inputs (call, &two, 1, 1, NULL));
  schedula_dict_insert (kw, "b", &one);
  schedula_call_set_keywords (call, kw);
  g_assert_true (schedula_call_get_keywords (call) == kw);
  g_assert_true (schedula_function_invoke (SCHEDULA_FUNCTION (f), call, &error));
  g_assert_no_error (error);
  ASSERT_STR (value_str (schedula_call_get_output (call, 0)), "1");
  g_assert_true (schedula_function_invoke (SCHEDULA_FUNCTION (p), call, &error));
  g_assert_no_error (error);
  ASSERT_STR (value_str (schedula_call_get_output (call, 0)), "1");

  /* f(2, a=1): a given twice */
  schedula_dict_insert (kw, "a", &one);
  g_assert_false (schedula_function_invoke (SCHEDULA_FUNCTION (f), call, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                      "multiple values for argument 'a'");

  /* a plain function takes no keywords */
  g_assert_false (schedula_function_invoke (plain, call, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                      "plain() got an unexpected keyword argument 'b'");
  /* the same through call_full */
  g_assert_null (schedula_function_call_full (plain, &two, 1, kw, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                      "plain() got an unexpected keyword argument 'b'");
  {
    GValue *result = schedula_function_call_full (plain, &two, 1, NULL, &error);

    g_assert_no_error (error);
    ASSERT_STR (value_str (result), "2");
    value_free (result);
  }
  /* until they are cleared */
  schedula_call_set_keywords (call, NULL);
  g_assert_null (schedula_call_get_keywords (call));
  g_assert_true (schedula_function_invoke (plain, call, &error));
  g_assert_no_error (error);
}

/* A wrapper's result fills the outputs of its node as schedula stores a
 * function's result: whole for one output, zipped with several (a shorter
 * sequence leaves the last outputs unset, a longer one is cut) */
static void
test_result_spread (void)
{
  g_autoptr(SchedulaDispatcher) dsp = split_model ();
  g_autoptr(SchedulaSubDispatchFunction) both = NULL;
  g_autoptr(SchedulaSubDispatchFunction) one = NULL;
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GValue) five = G_VALUE_INIT;

  both = schedula_sub_dispatch_function_new (dsp, "both", IDS ("a"), IDS ("b", "c"),
                                             SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  one = schedula_sub_dispatch_function_new (dsp, "one", IDS ("a"), IDS ("b"),
                                            SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_value_set_int64 (g_value_init (&five, G_TYPE_INT64), 5);

  /* one output: the whole list */
  g_assert_true (schedula_call_set_inputs (call, &five, 1, 1, NULL));
  g_assert_true (schedula_function_invoke (SCHEDULA_FUNCTION (both), call, &error));
  g_assert_no_error (error);
  ASSERT_STR (value_str (schedula_call_get_output (call, 0)), "(6, 4)");
  /* three outputs: the third is not produced */
  g_assert_true (schedula_call_set_inputs (call, &five, 1, 3, NULL));
  g_assert_true (schedula_function_invoke (SCHEDULA_FUNCTION (both), call, &error));
  g_assert_no_error (error);
  ASSERT_STR (value_str (schedula_call_get_output (call, 0)), "6");
  ASSERT_STR (value_str (schedula_call_get_output (call, 1)), "4");
  g_assert_null (schedula_call_get_output (call, 2));
  /* two outputs of one value that is not a sequence */
  g_assert_true (schedula_call_set_inputs (call, &five, 1, 2, NULL));
  g_assert_false (schedula_function_invoke (SCHEDULA_FUNCTION (one), call, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                      "one cannot spread a value of type gint64 over 2 outputs");
}

/* A pipe gives the solution a dispatch gives, workflow included */
static void
test_pipe_matches_dispatch (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_test_model ();
  g_autoptr(SchedulaPipe) pipe = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 0, "b", 5, NULL);
  g_autoptr(SchedulaSolution) replayed = NULL;
  g_autoptr(SchedulaSolution) dispatched = NULL;
  g_autoptr(GError) error = NULL;
  gboolean completed = FALSE;

  pipe = schedula_pipe_new (dsp, IDS ("a", "b"), IDS ("c", "d"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedula_pipe_get_n_steps (pipe), >, 0);
  g_assert_cmpstrv (schedula_pipe_get_inputs (pipe), IDS ("a", "b"));
  g_assert_cmpstrv (schedula_pipe_get_outputs (pipe), IDS ("c", "d"));
  replayed = schedula_pipe_run (pipe, in, NULL, &completed, &error);
  g_assert_no_error (error);
  g_assert_true (completed);
  dispatched = dispatch_ok (schedula_pipe_get_dispatcher (pipe), in, IDS ("c", "d"), NULL);
  {
    g_autofree char *a = sol_str (replayed), *b = sol_str (dispatched);

    g_assert_cmpstr (a, ==, b);
  }
  /* the workflow of the replay has the edges the compiling dispatch kept:
   * those that lead to the outputs */
  ASSERT_WF_EDGES (replayed, "$START->a=0; $START->b=5; a->log(b - a)=0; a->min=0; b->log(b - a)=5; "
                             "log(b - a)->c=1.6094379124341003; min->d=0; c->min=1.6094379124341003");
}

/* A pipe's model is schedula's SubDispatchPipe's: one dispatch from the
 * inputs that calls nothing, then the ancestors of the outputs in its
 * workflow, not shrink_dsp()'s passes: here f0, b and c, which shrink_dsp()
 * keeps in case f1's domain fails, are not in it (schedula 1.5.78 gives
 * the same nodes; differential.py, seed 10) */
static void
test_pipe_model (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
  g_autoptr(SchedulaDispatcher) shrunk = NULL;
  g_autoptr(SchedulaFunction) gt0 = fn ("gt0", dom_gt0);
  g_autoptr(SchedulaPipe) pipe = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f1;

  add_fn (dsp, "f0", fn_add, NULL, IDS ("b", "c"), IDS ("z"));
  f1 = add_fn (dsp, "f1", fn_split, NULL, IDS ("a"), IDS ("z", "b"));
  schedula_function_node_set_weight (f1, 1);
  schedula_function_node_set_input_domain (f1, gt0);

  shrunk = schedula_dispatcher_shrink (dsp, IDS ("a", "c"), IDS ("z"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (shrunk, MODEL_IDS), "z, f0, f1, b, c, a");
  pipe = schedula_pipe_new (dsp, IDS ("a", "c"), IDS ("z"), NULL, &error);
  g_assert_no_error (error);
  ASSERT_STR (model_str (schedula_pipe_get_dispatcher (pipe), MODEL_IDS), "z, f1, a");
}

/* (a, a + 1, a + 2) for outputs x, y, y */
static gboolean
fn_three (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 a = g_value_get_int64 (IN (0));

  for (guint k = 0; k < 3; k++)
    set_int (call, k, a + k);
  return TRUE;
}

/* A replayed step sends the last value of an output named twice, and the
 * solution keeps the distances of the compiling dispatch, past a step that
 * fails too (schedula's replay shares them); schedula 1.5.78's results
 * (differential.py, seeds 1201 and 6272) */
static void
test_pipe_replay (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
  g_autoptr(SchedulaDispatcher) dsp2 = schedula_dispatcher_new ("model2");
  g_autoptr(SchedulaPipe) pipe = NULL, pipe2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL, sol2 = NULL;
  g_autoptr(GError) error = NULL;
  gboolean completed = FALSE;

  add_fn (dsp, "f", fn_three, NULL, IDS ("a"), IDS ("x", "y", "y"));
  add_fn (dsp, "g", fn_double, NULL, IDS ("y"), IDS ("z"));
  pipe = schedula_pipe_new (dsp, IDS ("a"), IDS ("z"), NULL, &error);
  g_assert_no_error (error);
  sol = schedula_pipe_run (pipe, in, NULL, &completed, &error);
  g_assert_no_error (error);
  g_assert_true (completed);
  ASSERT_SOL (sol, "a=1, y=3, z=6");

  add_fn (dsp2, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp2, "g", fn_fail, NULL, IDS ("b"), IDS ("c"));
  add_fn (dsp2, "h", fn_inc, NULL, IDS ("c"), IDS ("d"));
  pipe2 = schedula_pipe_new (dsp2, IDS ("a"), IDS ("d"), NULL, &error);
  g_assert_no_error (error);
  sol2 = schedula_pipe_run (pipe2, in, NULL, &completed, &error);
  g_assert_no_error (error);
  g_assert_false (completed);
  ASSERT_SOL (sol2, "a=1, b=2");
  ASSERT_DIST (sol2, "$START=-1, a=0, f=1, b=2, g=3, c=4, h=5, d=6");
}

/* Batch dispatch: one model over many input sets */
static void
test_dispatch_batch (void)
{
  g_autoptr(SchedulaDispatcher) dsp = max_dec_model ();
  g_autoptr(GListModel) solutions = NULL;
  g_autoptr(GError) error = NULL;
  GValue sets[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  GValue *items[] = { dict_value ("a", 2, "b", 1, NULL), dict_value ("b", 5, NULL),
                      dict_value ("a", 7, "b", 9, NULL) };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      sets[i] = *items[i];
      g_free (items[i]);
    }
  solutions = schedula_dispatcher_dispatch_batch (dsp, sets, 3, IDS ("c"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (solutions), ==, 3);
  {
    const char *expected[] = { "a=2, b=1, c=2", "b=5", "a=7, b=9, c=9" };

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(SchedulaSolution) sol = g_list_model_get_item (solutions, i);

        ASSERT_SOL (sol, expected[i]);
      }
  }
  g_clear_object (&solutions);

  /* an input set that is not a mapping */
  g_value_unset (&sets[1]);
  g_value_set_int64 (g_value_init (&sets[1], G_TYPE_INT64), 3);
  g_assert_null (schedula_dispatcher_dispatch_batch (dsp, sets, 3, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  ASSERT_CONTAINS (error->message, "input set 1: ");
  g_clear_error (&error);

  /* no input set */
  solutions = schedula_dispatcher_dispatch_batch (dsp, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (solutions), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    g_value_unset (&sets[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-node", test_sub_dispatch_node);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-call", test_sub_dispatch_call);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-full-name", test_sub_dispatch_full_name);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-failure", test_sub_dispatch_failure);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-inner-failure", test_sub_dispatch_inner_failure);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-function", test_sub_dispatch_function);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-function-outputs", test_sub_dispatch_function_outputs);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-function-model", test_sub_dispatch_function_model);
  g_test_add_func ("/Schedula/Wrappers/pipe-model", test_pipe_model);
  g_test_add_func ("/Schedula/Wrappers/pipe-replay", test_pipe_replay);
  g_test_add_func ("/Schedula/Wrappers/map-dispatch", test_map_dispatch);
  g_test_add_func ("/Schedula/Wrappers/run-model", test_run_model);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-pipe", test_sub_dispatch_pipe);
  g_test_add_func ("/Schedula/Wrappers/dispatch-pipe", test_dispatch_pipe);
  g_test_add_func ("/Schedula/Wrappers/pipe-domains", test_pipe_domains);
  g_test_add_func ("/Schedula/Wrappers/sub-dispatch-function-output-as-input",
                   test_sub_dispatch_function_output_as_input);
  g_test_add_func ("/Schedula/Wrappers/pipe-matches-dispatch", test_pipe_matches_dispatch);
  g_test_add_func ("/Schedula/Wrappers/dispatch-batch", test_dispatch_batch);
  g_test_add_func ("/Schedula/Wrappers/call-keywords", test_call_keywords);
  g_test_add_func ("/Schedula/Wrappers/result-spread", test_result_spread);

  return g_test_run ();
}
