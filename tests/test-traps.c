/* test-traps.c: what a new user writes the natural way works, and what
 * goes wrong says so (issue 8): domains as predicates, numbers of any
 * width, typos in outputs and mappings, the check of a model, dispatching
 * from and to GVariants
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* ------------------------------------------------------------------ */
/* Input domains                                                       */
/* ------------------------------------------------------------------ */

static gboolean
trip_ok (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble start, end;

  if (!schedula_call_get_double (call, 0, &start, error) ||
      !schedula_call_get_double (call, 1, &end, error))
    return FALSE;
  return end >= start;
}

static gboolean
fn_distance (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble start, end;

  if (!schedula_call_get_double (call, 0, &start, error) ||
      !schedula_call_get_double (call, 1, &end, error))
    return FALSE;
  schedula_call_set_output_double (call, 0, end - start);
  return TRUE;
}

static SchedulaDispatcher *
odometer_model (SchedulaFunction *domain)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("odometer");
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *node;

  node = schedula_dispatcher_add_function_full (dsp, "odometer", fn_distance, NULL, NULL,
                                                SCHEDULA_IDS ("start", "end"),
                                                SCHEDULA_IDS ("distance"), &error);
  g_assert_no_error (error);
  schedula_function_node_set_input_domain (node, domain);
  return dsp;
}

/* A domain whose return value is the verdict: the natural way */
static void
test_domain_predicate (void)
{
  g_autoptr(SchedulaFunction) ok = schedula_function_new_predicate ("trip_ok", trip_ok, NULL, NULL);
  g_autoptr(SchedulaDispatcher) dsp = odometer_model (ok);
  g_autoptr(SchedulaSolution) in_domain = NULL;
  g_autoptr(SchedulaSolution) out_of_domain = NULL;
  g_autoptr(GError) error = NULL;
  GValue *verdict;
  GValue args[2] = { G_VALUE_INIT, G_VALUE_INIT };

  in_domain = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'start': <10>, 'end': <25.5>}"),
                                                    NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_value_get_double (schedula_solution_lookup (in_domain, "distance")), ==, 15.5);
  out_of_domain = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'start': <30>, 'end': <25.5>}"),
                                                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (schedula_solution_contains (out_of_domain, "distance"));

  /* called as a function, its one output is the verdict */
  g_value_set_int64 (g_value_init (&args[0], G_TYPE_INT64), 1);
  g_value_set_int64 (g_value_init (&args[1], G_TYPE_INT64), 0);
  verdict = schedula_function_call (ok, args, 2, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_BOOLEAN (verdict) && !g_value_get_boolean (verdict));
  g_value_unset (verdict);
  g_free (verdict);

  /* a predicate that fails with an error fails: the inputs are not numbers */
  {
    g_autoptr(SchedulaSolution) bad = NULL;

    bad = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'start': <'ten'>, 'end': <25.5>}"),
                                                NULL, NULL, NULL, &error);
    g_assert_null (bad);
    ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                        "input domain of odometer failed", "input 0 (start) of node odometer is a gchararray, not a number");
  }
  g_value_unset (&args[0]);
  g_value_unset (&args[1]);
}

/* The same predicate written as a plain function: its TRUE means "the call
 * worked" and it sets no verdict; its FALSE has no error. Both get an error
 * that says what to do, never silence. */
static void
test_domain_written_the_old_way (void)
{
  g_autoptr(SchedulaFunction) wrong = schedula_function_new ("trip_ok", trip_ok, NULL, NULL);
  g_autoptr(SchedulaDispatcher) dsp = odometer_model (wrong);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'start': <10>, 'end': <25.5>}"),
                                              NULL, NULL, NULL, &error);
  g_assert_null (sol);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                      "input domain of odometer failed: trip_ok gave no verdict",
                      "Function.new_predicate (schedula_function_new_predicate)");
  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'start': <30>, 'end': <25.5>}"),
                                              NULL, NULL, NULL, &error);
  g_assert_null (sol);
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                      "trip_ok returned false without an error",
                      "make the domain with Function.new_predicate (schedula_function_new_predicate)");
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

static gboolean
fn_sum_any (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble total = 0;

  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    {
      gdouble x;

      if (!schedula_call_get_double (call, i, &x, error))
        return FALSE;
      total += x;
    }
  schedula_call_set_output_double (call, 0, total);
  return TRUE;
}

static gboolean
fn_twice_int (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, 2 * x);
  return TRUE;
}

/* Integers of every width are gint64 once in the library, floats gdouble;
 * the typed getters read any number */
static void
test_numbers (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("numbers");
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  GValue *v;

  schedula_dispatcher_add_function_full (dsp, "sum", fn_sum_any, NULL, NULL,
                                         SCHEDULA_IDS ("i", "u", "f", "l"), SCHEDULA_IDS ("s"), &error);
  schedula_dispatcher_add_function_full (dsp, "twice", fn_twice_int, NULL, NULL,
                                         SCHEDULA_IDS ("i"), SCHEDULA_IDS ("t"), &error);
  g_assert_no_error (error);
  v = g_new0 (GValue, 1);
  g_value_set_int (g_value_init (v, G_TYPE_INT), 2);
  g_hash_table_insert (in, (gpointer) "i", v);
  v = g_new0 (GValue, 1);
  g_value_set_uint (g_value_init (v, G_TYPE_UINT), 3);
  g_hash_table_insert (in, (gpointer) "u", v);
  v = g_new0 (GValue, 1);
  g_value_set_float (g_value_init (v, G_TYPE_FLOAT), 0.5f);
  g_hash_table_insert (in, (gpointer) "f", v);
  v = g_new0 (GValue, 1);
  g_value_set_long (g_value_init (v, G_TYPE_LONG), 10);
  g_hash_table_insert (in, (gpointer) "l", v);
  sol = dispatch_ok (dsp, in, NULL, NULL);
  g_assert_true (G_VALUE_HOLDS_INT64 (schedula_solution_lookup (sol, "i")));
  g_assert_true (G_VALUE_HOLDS_INT64 (schedula_solution_lookup (sol, "u")));
  g_assert_true (G_VALUE_HOLDS_DOUBLE (schedula_solution_lookup (sol, "f")));
  g_assert_true (G_VALUE_HOLDS_INT64 (schedula_solution_lookup (sol, "l")));
  g_assert_cmpfloat (g_value_get_double (schedula_solution_lookup (sol, "s")), ==, 15.5);
  g_assert_cmpint (sol_int (sol, "t"), ==, 4);

  /* a default value and a dict keep numbers the same way */
  {
    g_auto(GValue) small = G_VALUE_INIT;
    g_autoptr(SchedulaDict) dict = schedula_dict_new ();
    SchedulaDataNode *d;

    g_value_set_int (g_value_init (&small, G_TYPE_INT), 7);
    d = schedula_dispatcher_add_data (dsp, "seven", &small, &error);
    g_assert_true (G_VALUE_HOLDS_INT64 (schedula_data_node_get_default_value (d)));
    schedula_dict_insert (dict, "k", &small);
    g_assert_true (G_VALUE_HOLDS_INT64 (schedula_dict_lookup (dict, "k")));
  }
}

/* The getters name the node and the input when they cannot read it */
static void
test_typed_getter_errors (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_add_function_full (dsp, "twice", fn_twice_int, NULL, NULL,
                                         SCHEDULA_IDS ("x"), SCHEDULA_IDS ("y"), &error);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);

  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'x': <2.5>}"), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_error (schedula_solution_get_error (sol, "twice"), SCHEDULA_DISPATCH_ERROR,
                  SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS);
  g_assert_cmpstr (schedula_solution_get_error (sol, "twice")->message, ==,
                   "input 0 (x) of node twice is 2.5, not an integer");
  g_clear_object (&sol);

  /* an integral double is an integer (GJS passes some integers so) */
  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'x': <4.0>}"), NULL, NULL, NULL, &error);
  g_assert_cmpint (sol_int (sol, "y"), ==, 8);
  g_clear_object (&sol);

  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'x': <'two'>}"), NULL, NULL, NULL, &error);
  g_assert_cmpstr (schedula_solution_get_error (sol, "twice")->message, ==,
                   "input 0 (x) of node twice is a gchararray, not an integer");
}

/* ------------------------------------------------------------------ */
/* Typos                                                               */
/* ------------------------------------------------------------------ */

/* An output that is not a node: a warning that names it, once per dispatch */
static void
test_unknown_output_warns (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("trip");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;

  add_fn (dsp, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                         "dispatch of trip: speed_mph, zz are not a node of the model, so it is never computed");
  sol = dispatch_ok (dsp, in, IDS ("b", "speed_mph", "zz"), NULL);
  g_test_assert_expected_messages ();
  ASSERT_SOL (sol, "a=1, b=2");
}

/* A function whose output id is its own id: the message says so */
static void
test_output_is_own_id (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (schedula_dispatcher_add_function_full (dsp, "co2", fn_inc, NULL, NULL, IDS ("fuel"),
                                                        IDS ("co2"), &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "Invalid output id: co2 is the id of this function node "
                                "itself: a function and its data nodes need different ids");
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "co2"));
}

/* ------------------------------------------------------------------ */
/* The check of a model                                                */
/* ------------------------------------------------------------------ */

static char *
findings_str (SchedulaDispatcher *dsp)
{
  g_autoptr(GListModel) findings = schedula_dispatcher_check (dsp);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(SchedulaFinding) f = g_list_model_get_item (findings, i);
      g_autofree char *path = g_strjoinv ("/", (char **) schedula_finding_get_path (f));
      g_autoptr(GEnumClass) kinds = g_type_class_ref (SCHEDULA_TYPE_FINDING_KIND);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s: %s",
                                               g_enum_get_value (kinds, schedula_finding_get_kind (f))->value_nick,
                                               path, schedula_finding_get_message (f)));
    }
  g_ptr_array_sort (lines, cmp_strp);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static void
test_check_clean_model (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_test_model ();

  ASSERT_STR (findings_str (dsp), "");
}

/* Each kind of finding, in a model that has them all */
static void
test_check_findings (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("trip");
  g_autoptr(SchedulaDispatcher) emissions = schedula_dispatcher_new ("emissions");

  /* a function whose output is its input */
  add_fn (dsp, "same", fn_identity, NULL, IDS ("x"), IDS ("x"));
  /* the child: co2 from fuel_l, which has a default that the parent's
   * single-id mapping shadows; nox computed but not mapped out; pm from
   * dist_km, which the mapping misspells; a cycle nothing enters */
  add_data_int (emissions, "fuel_l", 5, 0);
  add_fn (emissions, "co2", fn_double, NULL, IDS ("fuel_l"), IDS ("co2_g"));
  add_fn (emissions, "nox", fn_inc, NULL, IDS ("fuel_l"), IDS ("nox_g"));
  add_fn (emissions, "pm", fn_inc, NULL, IDS ("dist_km"), IDS ("pm_g"));
  add_fn (emissions, "f", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (emissions, "g", fn_inc, NULL, IDS ("b"), IDS ("a"));
  add_sub_dsp (dsp, "emissions", emissions, IDS ("fuel", "fuel_l", "km", "dist_kn"),
               IDS ("co2_g", "co2", "pm_g", "pm", "a", "a", "b", "b"));
  ASSERT_STR (findings_str (dsp),
              "missing-mapping-target emissions: sub-dispatcher node emissions maps km to dist_kn, but emissions has no node dist_kn\n"
              "never-runs same: function node same never runs: each of its outputs is one of its inputs, known before it could run\n"
              "shadowed-default emissions/fuel_l: the default of data node fuel_l is never used: sub-dispatcher node emissions feeds it from fuel\n"
              "unreachable emissions/a: nothing the parent feeds its dispatcher reaches data node a\n"
              "unreachable emissions/b: nothing the parent feeds its dispatcher reaches data node b\n"
              "unreachable emissions/dist_km: nothing the parent feeds its dispatcher reaches data node dist_km\n"
              "unreachable emissions/f: function node f never gets all its inputs from what the parent feeds its dispatcher\n"
              "unreachable emissions/g: function node g never gets all its inputs from what the parent feeds its dispatcher\n"
              "unreachable emissions/pm: function node pm never gets all its inputs from what the parent feeds its dispatcher\n"
              "unreachable emissions/pm_g: nothing the parent feeds its dispatcher reaches data node pm_g\n"
              "unused-output emissions/nox_g: data node nox_g is computed, but nothing reads it and sub-dispatcher node emissions does not map it out");

  /* compiling the model warns about the mapping, once per version */
  {
    g_autoptr(GHashTable) in = inputs_new ("fuel", 2, "km", 10, NULL);
    g_autoptr(SchedulaSolution) sol = NULL;

    g_test_expect_message ("Schedula", G_LOG_LEVEL_WARNING,
                           "sub-dispatcher node emissions maps km to dist_kn, but emissions has no node dist_kn");
    sol = dispatch_ok (dsp, in, NULL, NULL);
    g_test_assert_expected_messages ();
    g_assert_cmpint (sol_int (sol, "co2"), ==, 4);
    g_assert_false (schedula_solution_contains (sol, "pm"));
    g_clear_object (&sol);
    sol = dispatch_ok (dsp, in, NULL, NULL);
  }
}

/* A ring, as the length converter is: every node may be the input */
static void
test_check_ring (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("ring");

  add_fn (dsp, "km->m", fn_inc, NULL, IDS ("km"), IDS ("m"));
  add_fn (dsp, "m->cm", fn_inc, NULL, IDS ("m"), IDS ("cm"));
  add_fn (dsp, "cm->km", fn_inc, NULL, IDS ("cm"), IDS ("km"));
  ASSERT_STR (findings_str (dsp), "");
}

/* ------------------------------------------------------------------ */
/* GVariants                                                           */
/* ------------------------------------------------------------------ */

static void
test_variant_values (void)
{
  g_autoptr(GVariant) in = g_variant_ref_sink (g_variant_new_parsed (
      "{'i': <int32 3>, 'd': <2.5>, 'b': <true>, 's': <'x'>, 'none': <@mv nothing>, "
      "'dict': <{'k': <byte 1>}>, 'list': <[<1>, <'two'>]>, 'tuple': <(1, 'a')>}"));
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GVariant) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (schedula_value_from_variant (in, &value, &error));
  g_assert_no_error (error);
  ASSERT_STR (value_str (&value), "{i: 3, d: 2.5, b: True, s: 'x', none: NONE, dict: {k: 1}, list: (1, 'two'), tuple: (1, 'a')}");
  back = schedula_value_to_variant (&value, &error);
  g_assert_no_error (error);
  text = g_variant_print (back, TRUE);
  g_assert_cmpstr (text, ==, "{'i': <int64 3>, 'd': <2.5>, 'b': <true>, 's': <'x'>, 'none': <@mv nothing>, "
                   "'dict': <{'k': <int64 1>}>, 'list': <[<int64 1>, <'two'>]>, 'tuple': <[<int64 1>, <'a'>]>}");
}

static void
test_variant_errors (void)
{
  g_auto(GValue) obj = G_VALUE_INIT;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) nested = NULL;
  GVariant *v;

  g_value_init (&obj, G_TYPE_OBJECT);
  g_assert_null (schedula_value_to_variant (&obj, &error));
  ASSERT_INVALID_INPUT (error, "GObject has no GVariant form");

  g_assert_null (schedula_dispatcher_dispatch_variant (dsp, g_variant_new_int32 (3), NULL, NULL, NULL, &error));
  ASSERT_INVALID_INPUT (error, "type i, not a dictionary a{sv}");

  /* too deep: an error, not a crash */
  v = g_variant_new_int64 (1);
  for (guint i = 0; i < 1200; i++)
    v = g_variant_new_variant (v);
  nested = g_variant_ref_sink (v);
  {
    g_auto(GValue) out = G_VALUE_INIT;

    g_assert_false (schedula_value_from_variant (nested, &out, &error));
    ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE, "deeper than 1000");
  }
}

/* The solution back as one a{sv}, and a value without a GVariant form */
static void
test_solution_to_variant (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GError) error = NULL;
  gdouble d;

  schedula_dispatcher_add_function_full (dsp, "odometer", fn_distance, NULL, NULL,
                                         SCHEDULA_IDS ("start", "end"), SCHEDULA_IDS ("distance"), &error);
  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'start': <1>, 'end': <4>}"),
                                              NULL, NULL, NULL, &error);
  values = schedula_solution_to_variant (sol, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (values, "distance", "d", &d));
  g_assert_cmpfloat (d, ==, 3);
  ASSERT_STR (g_variant_print (values, FALSE), "{'end': <int64 4>, 'start': <int64 1>, 'distance': <3.0>}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Traps/domain-predicate", test_domain_predicate);
  g_test_add_func ("/Schedula/Traps/domain-written-the-old-way", test_domain_written_the_old_way);
  g_test_add_func ("/Schedula/Traps/numbers", test_numbers);
  g_test_add_func ("/Schedula/Traps/typed-getter-errors", test_typed_getter_errors);
  g_test_add_func ("/Schedula/Traps/unknown-output-warns", test_unknown_output_warns);
  g_test_add_func ("/Schedula/Traps/output-is-own-id", test_output_is_own_id);
  g_test_add_func ("/Schedula/Traps/check-clean-model", test_check_clean_model);
  g_test_add_func ("/Schedula/Traps/check-findings", test_check_findings);
  g_test_add_func ("/Schedula/Traps/check-ring", test_check_ring);
  g_test_add_func ("/Schedula/Traps/variant-values", test_variant_values);
  g_test_add_func ("/Schedula/Traps/variant-errors", test_variant_errors);
  g_test_add_func ("/Schedula/Traps/solution-to-variant", test_solution_to_variant);
  return g_test_run ();
}
