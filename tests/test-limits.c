/* test-limits.c: deep models, deep recursion and huge counts
 *
 * What a model or an argument can make arbitrarily large (nesting of
 * sub-dispatchers, dispatches nested through functions, counts of values)
 * must cost in proportion and end in a GError past a limit, never in a
 * crash, an abort in g_malloc or a hang. These run in the plain build and
 * under ASan+UBSan, whose larger stack frames and lack of optimisation are
 * the harder case.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <pthread.h>

#include "test-common.h"

/* ------------------------------------------------------------------ */
/* Nesting of sub-dispatcher nodes                                     */
/* ------------------------------------------------------------------ */

/* depth levels of dispatchers, each holding the next as a node fed a -> a
 * and giving b -> b; the innermost increments a into b */
static SchedulaDispatcher *
make_nested (guint depth)
{
  SchedulaDispatcher *inner = schedula_dispatcher_new ("level0");

  add_fn (inner, "inc", fn_inc, NULL, IDS ("a"), IDS ("b"));
  for (guint i = 1; i < depth; i++)
    {
      g_autofree char *name = g_strdup_printf ("level%u", i);
      SchedulaDispatcher *outer = schedula_dispatcher_new (name);

      add_sub_dsp (outer, "sub", inner, IDS ("a", "a"), IDS ("b", "b"));
      g_object_unref (inner);
      inner = outer;
    }
  return inner;
}

/* Each level of nesting costs the same: 200 levels dispatch at once in any
 * build (the size of the call buffers was computed by walking the tree
 * twice per level, 2^depth calls without optimisation) */
static void
test_nested_sub_dispatchers (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_nested (200);
  g_autoptr(GHashTable) inputs = inputs_new ("a", 41, NULL);
  g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, inputs, IDS ("b"), NULL);
  g_autoptr(SchedulaSolution) all = dispatch_ok (dsp, inputs, NULL, NULL);

  g_assert_cmpint (sol_int (sol, "b"), ==, 42);
  g_assert_cmpint (sol_int (all, "b"), ==, 42);
}

/* 100,000 levels of nesting (20,000 under ASan, 5,000 under valgrind), through the public API: compiled, dispatched
 * (all of it, and for an output), checked, copied, shrunk and freed without
 * recursion over the levels (which overflowed the stack) and at a cost per
 * level that does not grow with the depth (it did: 10,000 levels took
 * 1.7 s and 270 MiB, 30,000 levels 16 s and 1.9 GiB) */
#if defined(__SANITIZE_ADDRESS__)
#define DEEP_NESTING 20000  /* ASan: 100,000 levels take longer than the test may */
#else
#define DEEP_NESTING 100000
#endif

static void
test_deep_nesting (void)
{
  /* valgrind (the test setup says so) runs 100,000 levels for longer than
   * the test may take */
  guint n_levels = g_getenv ("SCHEDULA_TEST_VALGRIND") != NULL ? 5000 : DEEP_NESTING;
  g_autoptr(SchedulaDispatcher) dsp = make_nested (n_levels);
  g_autoptr(GHashTable) inputs = inputs_new ("a", 41, NULL);
  g_autoptr(SchedulaSolution) all = dispatch_ok (dsp, inputs, NULL, NULL);
  g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, inputs, IDS ("b"), NULL);
  g_autoptr(GListModel) findings = schedula_dispatcher_check (dsp);
  g_autoptr(SchedulaDispatcher) copy = schedula_dispatcher_copy (dsp);
  g_autoptr(SchedulaSolution) again = dispatch_ok (copy, inputs, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) shrunk = schedula_dispatcher_shrink (dsp, IDS ("a"), IDS ("b"),
                                                                     NULL, &error);
  g_autoptr(SchedulaSolution) from_shrunk = NULL;
  g_autoptr(GListModel) subs = NULL;
  SchedulaSolution *sub;
  guint n_index = 0;
  const gint *index;
  guint depth = 0;

  g_assert_cmpint (sol_int (all, "b"), ==, 42);
  g_assert_cmpint (sol_int (sol, "b"), ==, 42);
  g_assert_cmpint (sol_int (again, "b"), ==, 42);
  g_assert_cmpuint (g_list_model_get_n_items (findings), ==, 0);
  g_assert_no_error (error);
  from_shrunk = dispatch_ok (shrunk, inputs, NULL, NULL);
  g_assert_cmpint (sol_int (from_shrunk, "b"), ==, 42);

  /* every solution below the top, in the order they were made: the
   * innermost last, with its index path and its value */
  subs = schedula_solution_get_sub_solutions (all);
  g_assert_cmpuint (g_list_model_get_n_items (subs), ==, n_levels - 1);
  for (SchedulaSolution *s = all; s != NULL; depth++)
    {
      SchedulaSolution *next = schedula_solution_get_sub_solution (s, "sub");

      if (next != NULL)
        {
          g_autoptr(SchedulaSolution) listed = g_list_model_get_item (subs, depth);

          g_assert_true (listed == next);
        }
      if (s != all)
        g_object_unref (s);
      s = next;
    }
  g_assert_cmpuint (depth, ==, n_levels);
  sub = g_list_model_get_item (subs, n_levels - 2);
  g_assert_cmpint (sol_int (sub, "b"), ==, 42);
  index = schedula_solution_get_index (sub, &n_index);
  g_assert_cmpuint (n_index, ==, n_levels);
  g_assert_cmpint (index[0], ==, -1);
  for (guint i = 1; i < n_index; i++)
    g_assert_cmpint (index[i], ==, 0);
  g_object_unref (sub);
}

/* ------------------------------------------------------------------ */
/* Dispatches nested through functions                                 */
/* ------------------------------------------------------------------ */

/* The function of the node "rec" of a model that calls itself: given a
 * dict {"d": inner}, it dispatches its own model (the user data) on inner
 * and returns its "out" plus one; given anything else, 0. A nested
 * dispatch that did not compute "out" fails the call with the error of its
 * own "rec" node, so that the deepest error comes up to the top. */
static guint deepest;

static gboolean
fn_recurse (SchedulaCall *call, gpointer data, GError **error)
{
  SchedulaDispatcher *dsp = data;
  const GValue *in = IN (0);
  g_autoptr(GHashTable) inputs = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  SchedulaDict *dict;
  const GValue *out;

  if (!G_VALUE_HOLDS (in, SCHEDULA_TYPE_DICT))
    {
      set_int (call, 0, 0);
      return TRUE;
    }
  dict = g_value_get_boxed (in);
  inputs = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (inputs, (gpointer) "d", (gpointer) schedula_dict_lookup (dict, "d"));
  sol = schedula_dispatcher_dispatch (dsp, inputs, IDS ("out"), NULL, NULL, error);
  if (sol == NULL)
    return FALSE;
  out = schedula_solution_lookup (sol, "out");
  if (out == NULL)
    {
      const GError *e = schedula_solution_get_error (sol, "rec");

      g_assert_nonnull (e);
      g_propagate_error (error, g_error_copy (e));
      return FALSE;
    }
  deepest = MAX (deepest, (guint) g_value_get_int64 (out) + 1);
  set_int (call, 0, g_value_get_int64 (out) + 1);
  return TRUE;
}

static SchedulaDispatcher *
make_recursive (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("rec");
  g_autoptr(SchedulaFunction) f = schedula_function_new ("rec", fn_recurse, dsp, NULL);
  g_autoptr(GError) error = NULL;

  added (schedula_dispatcher_add_function (dsp, "rec", f, IDS ("d"), IDS ("out"), &error), error);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  return dsp;
}

/* {"d": {"d": ... {"d": 0}}}, depth levels of dicts */
static GValue *
nested_dict (guint depth)
{
  GValue *value = value_new_int (0);

  for (guint i = 0; i < depth; i++)
    {
      g_autoptr(SchedulaDict) dict = schedula_dict_new ();

      schedula_dict_insert (dict, "d", value);
      g_value_unset (value);
      g_value_init (value, SCHEDULA_TYPE_DICT);
      g_value_set_boxed (value, dict);
    }
  return value;
}

/* Dispatches the recursive model on value; returns the error recorded on
 * its node, or NULL if it computed out */
static GError *
dispatch_recursive (SchedulaDispatcher *dsp,
                    const GValue       *value)
{
  g_autoptr(GHashTable) inputs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SchedulaSolution) sol = NULL;
  const GError *e;

  g_hash_table_insert (inputs, (gpointer) "d", (gpointer) value);
  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  e = schedula_solution_get_error (sol, "rec");
  if (e == NULL)
    g_assert_nonnull (schedula_solution_lookup (sol, "out"));
  return e ? g_error_copy (e) : NULL;
}

/* 10,000 levels of data, more than the default limit of 1,000 nested
 * dispatches: the deepest node gets the RECURSION error, each level above
 * fails with it, and the dispatch returns */
static void
test_recursion_deep_input (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_recursive ();
  g_autoptr(OwnedValue) shallow = nested_dict (10);
  g_autoptr(OwnedValue) deep = nested_dict (10000);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (schedula_get_max_depth (), ==, SCHEDULA_DEFAULT_MAX_DEPTH);
  g_assert_null (dispatch_recursive (dsp, shallow));

  deepest = 0;
  error = dispatch_recursive (dsp, deep);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_RECURSION,
                      "maximum dispatch depth exceeded");
  g_assert_cmpuint (deepest, ==, 0);
}

/* An input that contains itself recurses forever but for the limit */
static void
test_recursion_self_referential_input (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_recursive ();
  g_autoptr(SchedulaDict) dict = schedula_dict_new ();
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) zero = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (&value, dict);
  schedula_dict_insert (dict, "d", &value);   /* dict contains itself */
  error = dispatch_recursive (dsp, &value);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_RECURSION,
                      "1000 dispatches nested");
  /* break the cycle */
  g_value_init (&zero, G_TYPE_INT64);
  schedula_dict_insert (dict, "d", &zero);
}

/* The limit is the caller's: 50 levels pass, 51 do not */
static void
test_recursion_limit (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_recursive ();
  g_autoptr(OwnedValue) ok = nested_dict (49);
  g_autoptr(OwnedValue) too_deep = nested_dict (50);
  g_autoptr(GError) error = NULL;

  schedula_set_max_depth (50);
  deepest = 0;
  g_assert_null (dispatch_recursive (dsp, ok));
  g_assert_cmpuint (deepest, ==, 49);
  error = dispatch_recursive (dsp, too_deep);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_RECURSION,
                      "50 dispatches nested");
  schedula_set_max_depth (SCHEDULA_DEFAULT_MAX_DEPTH);

  if (g_test_undefined ())
    {
      if (g_test_subprocess ())
        {
          schedula_set_max_depth (0);
          return;
        }
      g_test_trap_subprocess ("/Schedula/Limits/recursion-limit", 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr ("*depth >= 1*");
    }
}

/* Whatever the limit, a thread whose stack is about to run out stops the
 * recursion cleanly: here a thread of 1 MiB and no depth limit to speak of */
static gpointer
recurse_on_small_stack (gpointer data)
{
  SchedulaDispatcher *dsp = data;
  g_autoptr(OwnedValue) deep = nested_dict (100000);
  GError *error;

  deepest = 0;
  error = dispatch_recursive (dsp, deep);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_RECURSION,
                      "stack of the thread is nearly exhausted");
  return NULL;
}

static void
test_recursion_stack_guard (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_recursive ();
  pthread_attr_t attr;
  pthread_t thread;

  schedula_set_max_depth (G_MAXINT);
  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, 1024 * 1024);
  g_assert_cmpint (pthread_create (&thread, &attr, recurse_on_small_stack, dsp), ==, 0);
  pthread_join (thread, NULL);
  pthread_attr_destroy (&attr);
  schedula_set_max_depth (SCHEDULA_DEFAULT_MAX_DEPTH);
}

/* ------------------------------------------------------------------ */
/* Deep values                                                         */
/* ------------------------------------------------------------------ */

/* 200,000 nested dicts, more than the stack holds frames for: made, deep-copied by replicate_value and freed
 * without recursion */
static void
test_deep_values (void)
{
  g_autoptr(OwnedValue) deep = nested_dict (200000);
  g_autoptr(SchedulaFunction) copy2 = schedula_replicate_value_new (2);
  g_autoptr(GError) error = NULL;
  GValue *out;
  guint n = 0;
  const GValue *v;

  out = schedula_function_call (copy2, deep, 1, 2, NULL, &error);
  g_assert_no_error (error);
  for (v = &out[1]; G_VALUE_HOLDS (v, SCHEDULA_TYPE_DICT); n++)
    {
      g_assert_true (g_value_get_boxed (v) != g_value_get_boxed (deep) || n > 0);
      v = schedula_dict_lookup (g_value_get_boxed (v), "d");
    }
  g_assert_cmpuint (n, ==, 200000);
  g_value_unset (&out[0]);
  g_value_unset (&out[1]);
  g_free (out);
}

/* A dict that contains itself is copied into a dict that contains itself,
 * as Python's deepcopy does */
static void
test_self_referential_copy (void)
{
  g_autoptr(SchedulaDict) dict = schedula_dict_new ();
  g_autoptr(SchedulaFunction) copy1 = schedula_replicate_value_new (1);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) zero = G_VALUE_INIT;
  SchedulaDict *copy;
  GValue *out;

  g_value_init (&value, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (&value, dict);
  schedula_dict_insert (dict, "d", &value);
  out = schedula_function_call (copy1, &value, 1, 1, NULL, &error);
  g_assert_no_error (error);
  copy = g_value_get_boxed (out);
  g_assert_true (copy != dict);
  g_assert_true (g_value_get_boxed (schedula_dict_lookup (copy, "d")) == copy);

  /* break both cycles */
  g_value_init (&zero, G_TYPE_INT64);
  schedula_dict_insert (dict, "d", &zero);
  schedula_dict_insert (copy, "d", &zero);
  g_value_unset (out);
  g_free (out);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Limits/nested-sub-dispatchers", test_nested_sub_dispatchers);
  g_test_add_func ("/Schedula/Limits/deep-nesting", test_deep_nesting);
  g_test_add_func ("/Schedula/Limits/recursion-deep-input", test_recursion_deep_input);
  g_test_add_func ("/Schedula/Limits/recursion-self-referential-input",
                   test_recursion_self_referential_input);
  g_test_add_func ("/Schedula/Limits/recursion-limit", test_recursion_limit);
  g_test_add_func ("/Schedula/Limits/recursion-stack-guard", test_recursion_stack_guard);
  g_test_add_func ("/Schedula/Limits/deep-values", test_deep_values);
  g_test_add_func ("/Schedula/Limits/self-referential-copy", test_self_referential_copy);
  return g_test_run ();
}
