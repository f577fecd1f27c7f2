/* test-model.c: the model: nodes, ids, indexes, properties, edges (area 1)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* ------------------------------------------------------------------ */
/* Adding nodes                                                        */
/* ------------------------------------------------------------------ */

static void
test_add_data (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  SchedulaDataNode *a, *b;
  const GValue *dflt;

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, 1);
  a = schedula_dispatcher_add_data (dsp, "a", &v, &error);
  g_assert_no_error (error);
  g_assert_true (SCHEDULA_IS_DATA_NODE (a));
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (a)), ==, "a");
  g_assert_cmpint (schedula_node_get_kind (SCHEDULA_NODE (a)), ==, SCHEDULA_NODE_KIND_DATA);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (a)), ==, 0);
  g_assert_true (schedula_node_get_dispatcher (SCHEDULA_NODE (a)) == dsp);
  g_assert_true (schedula_dispatcher_lookup_node (dsp, "a") == SCHEDULA_NODE (a));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "zz"));

  /* The default value is a copy. */
  g_value_set_int64 (&v, 5);
  g_assert_true (schedula_data_node_has_default_value (a));
  dflt = schedula_data_node_get_default_value (a);
  g_assert_nonnull (dflt);
  g_assert_true (G_VALUE_HOLDS_INT64 (dflt));
  g_assert_cmpint (g_value_get_int64 (dflt), ==, 1);

  /* Defaults of a fresh node. */
  g_assert_false (schedula_data_node_get_wait_inputs (a));
  g_assert_true (schedula_data_node_get_wildcard (a));
  g_assert_null (schedula_data_node_get_combiner (a));
  g_assert_null (schedula_data_node_get_callback (a));
  g_assert_null (schedula_data_node_get_filters (a));
  g_assert_false (schedula_data_node_get_await_result (a));
  g_assert_true (schedula_data_node_get_value_type (a) == G_TYPE_NONE);
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (a)->inf, ==, 0);
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (a)->num, ==, 0);
  g_assert_null (schedula_node_get_description (SCHEDULA_NODE (a)));

  /* No default */
  b = schedula_dispatcher_add_data (dsp, "b", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (schedula_data_node_get_default_value (b));
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (b)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 2);
}

/* 20,000 functions of one name get f, f<0> ... f<19998> (schedula's
 * names; one lookup each, not a scan from f<0>); a removed f<n> is the next
 * one given again, and an id taken by hand is skipped */
static void
test_auto_ids_many (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) f = fn ("f", fn_inc);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *fnode = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      fnode = schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a"), IDS ("b"), &error);
      g_assert_no_error (error);
    }
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<19998>");

  g_assert_true (schedula_dispatcher_remove_node (dsp, "f<7>", &error));
  g_assert_true (schedula_dispatcher_remove_node (dsp, "f<3>", &error));
  g_assert_no_error (error);
  fnode = schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a"), IDS ("b"), &error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<3>");
  fnode = schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a"), IDS ("b"), &error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<7>");
  /* taken by hand: skipped */
  fnode = schedula_dispatcher_add_function (dsp, "f<19999>", f, IDS ("a"), IDS ("b"), &error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<19999>");
  fnode = schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<20000>");
  /* not a suffix of ours: nothing to forget */
  g_assert_true (schedula_dispatcher_remove_node (dsp, "a", &error));
  g_assert_no_error (error);
}

/* A function of 100,000 inputs (each id twice) and 40 outputs (each id
 * twice): one edge per distinct id on each side; the same for the ports
 * of a second function that name nodes there before */
static void
test_many_ports (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) f = fn ("f", fn_inc);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) pred = NULL;
  g_auto(GStrv) succ = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_ptr_array_add (inputs, g_strdup_printf ("in%u", i / 2));
  g_ptr_array_add (inputs, NULL);
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (outputs, g_strdup_printf ("out%u", i % 20));
  g_ptr_array_add (outputs, NULL);
  g_assert_nonnull (schedula_dispatcher_add_function (dsp, NULL, f,
                                                      (const char *const *) inputs->pdata,
                                                      (const char *const *) outputs->pdata,
                                                      &error));
  g_assert_no_error (error);
  pred = schedula_dispatcher_dup_predecessors (dsp, "f");
  succ = schedula_dispatcher_dup_successors (dsp, "f");
  g_assert_cmpuint (g_strv_length (pred), ==, 50000);
  g_assert_cmpuint (g_strv_length (succ), ==, 20);
  g_assert_cmpstr (pred[49999], ==, "in49999");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 1 + 50000 + 20);

  /* Ports named by nodes that were there before, some repeated (40 of
   * them, more than a short scan holds), new ones repeated, and a node on
   * both sides */
  {
    const char *g_in[83], *g_out[] = { "out0", "in0", "out0", "new1", "new1", "in39", NULL };
    g_auto(GStrv) g_pred = NULL;
    g_auto(GStrv) g_succ = NULL;
    g_autofree char *joined = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < 80; i++)
      g_ptr_array_add (names, g_strdup_printf ("in%u", i % 40));
    for (guint i = 0; i < 80; i++)
      g_in[i] = names->pdata[i];
    g_in[80] = "new0";
    g_in[81] = "new0";
    g_in[82] = NULL;
    g_assert_nonnull (schedula_dispatcher_add_function (dsp, "g", f, g_in, g_out, &error));
    g_assert_no_error (error);
    g_pred = schedula_dispatcher_dup_predecessors (dsp, "g");
    g_succ = schedula_dispatcher_dup_successors (dsp, "g");
    g_assert_cmpuint (g_strv_length (g_pred), ==, 41);
    g_assert_cmpstr (g_pred[0], ==, "in0");
    g_assert_cmpstr (g_pred[39], ==, "in39");
    g_assert_cmpstr (g_pred[40], ==, "new0");
    joined = g_strjoinv (",", g_succ);
    g_assert_cmpstr (joined, ==, "out0,in0,new1,in39");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 1 + 50000 + 20 + 3);
  }
}

/* A model that would contain itself, directly or deeper, is refused; a
 * removed sub-dispatcher node no longer counts; a child shared by two
 * parents is walked once; 5,000 levels built bottom-up */
static void
test_no_dispatcher_contains_itself (void)
{
  g_autoptr(SchedulaDispatcher) a = schedula_dispatcher_new ("a");
  g_autoptr(SchedulaDispatcher) b = schedula_dispatcher_new ("b");
  g_autoptr(SchedulaDispatcher) c = schedula_dispatcher_new ("c");
  g_autoptr(SchedulaDispatcher) shared = schedula_dispatcher_new ("shared");
  g_autoptr(SchedulaDispatcher) top = NULL;
  g_autoptr(SchedulaMapping) map = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;

  schedula_mapping_add (map, "x", "x");
  g_assert_null (schedula_dispatcher_add_dispatcher (a, "self", a, map, map, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "cannot contain itself"));
  g_clear_error (&error);
  /* a > b > c, and both b and c hold the shared model */
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (a, "b", b, map, map, &error));
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (b, "c", c, map, map, &error));
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (b, "s", shared, map, map, &error));
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (c, "s", shared, map, map, &error));
  g_assert_no_error (error);
  g_assert_null (schedula_dispatcher_add_dispatcher (c, "a", a, map, map, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (schedula_dispatcher_add_dispatcher (shared, "b", b, map, map, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* without the node that held b, b is in no model: a may go into c */
  g_assert_true (schedula_dispatcher_remove_node (a, "b", &error));
  g_assert_nonnull (schedula_dispatcher_add_dispatcher (c, "a", a, map, map, &error));
  g_assert_no_error (error);

  top = g_object_ref (shared);
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(SchedulaDispatcher) parent = schedula_dispatcher_new (NULL);

      g_assert_nonnull (schedula_dispatcher_add_dispatcher (parent, "sub", top, map, map, &error));
      g_assert_no_error (error);
      g_set_object (&top, parent);
    }
  g_assert_null (schedula_dispatcher_add_dispatcher (shared, "top", top, map, map, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
}

static void
test_auto_ids (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) f = fn ("f", fn_inc);
  g_autoptr(SchedulaFunction) anon = fn (NULL, fn_inc);
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *d;
  SchedulaFunctionNode *fnode;

  g_assert_cmpstr (schedula_dispatcher_get_name (dsp), ==, "");

  d = schedula_dispatcher_add_data (dsp, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (d)), ==, "unknown");
  d = schedula_dispatcher_add_data (dsp, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (d)), ==, "unknown<0>");
  d = schedula_dispatcher_add_data (dsp, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (d)), ==, "unknown<1>");

  /* Function ids: the function name, then <n> suffixes. */
  fnode = schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f");
  fnode = schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a"), IDS ("c"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<0>");
  fnode = schedula_dispatcher_add_function (dsp, "f", f, IDS ("a"), IDS ("c"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "f<1>");

  /* A function id equal to a data id is renamed too. */
  fnode = schedula_dispatcher_add_function (dsp, "a", f, IDS ("b"), IDS ("c"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "a<0>");

  /* A function without a name gives 'unknown' (taken: unknown<2>). */
  fnode = schedula_dispatcher_add_function (dsp, NULL, anon, IDS ("a"), IDS ("c"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (fnode)), ==, "unknown<2>");

  /* The same function backs several nodes. */
  g_assert_true (schedula_function_node_get_function (fnode) == anon);
  fnode = SCHEDULA_FUNCTION_NODE (schedula_dispatcher_lookup_node (dsp, "f<0>"));
  g_assert_true (schedula_function_node_get_function (fnode) == f);

  /* No id and no function: an error. */
  fnode = schedula_dispatcher_add_function (dsp, NULL, NULL, IDS ("a"), IDS ("c"), &error);
  g_assert_null (fnode);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "Invalid function id"));
}

/* SEMANTICS Example 1.01 */
static void
test_example_1_01 (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) sum_diff = fn ("sum_diff", fn_sum_diff);
  g_autoptr(SchedulaFunction) partial = fn ("sum_diff", fn_sum_diff);
  g_autoptr(SchedulaFunction) log_diff = fn ("log_diff", fn_add);
  g_autoptr(SchedulaFunction) lt = fn ("lt", dom_always_true);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *n1, *n2, *n3, *n4;
  g_autofree char *nodes = NULL, *edges = NULL, *in3 = NULL, *out4 = NULL;
  g_auto(GStrv) inputs = NULL, outputs = NULL;
  SchedulaDataNode *sink;

  n1 = schedula_dispatcher_add_function (dsp, NULL, sum_diff, IDS ("a", "b"), IDS ("c", "d"), &error);
  g_assert_no_error (error);
  n2 = schedula_dispatcher_add_function (dsp, NULL, partial, IDS ("a", "b"), IDS ("c", "d"), &error);
  g_assert_no_error (error);
  n3 = schedula_dispatcher_add_function (dsp, "funny_id", log_diff, IDS ("a", "b"), IDS ("e"), &error);
  g_assert_no_error (error);
  schedula_function_node_set_weight (n3, 1);
  g_assert_true (schedula_function_node_set_input_weight (n3, "a", 2, &error));
  g_assert_no_error (error);
  g_assert_true (schedula_function_node_set_input_weight (n3, "b", 3, &error));
  g_assert_no_error (error);
  g_assert_true (schedula_function_node_set_output_weight (n3, "e", 4, &error));
  g_assert_no_error (error);
  schedula_function_node_set_input_domain (n3, lt);
  n4 = schedula_dispatcher_add_function (dsp, "funny_id", NULL, IDS ("a"), NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (n1)), ==, "sum_diff");
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (n2)), ==, "sum_diff<0>");
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (n3)), ==, "funny_id");
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (n4)), ==, "funny_id<0>");

  nodes = model_str (dsp, MODEL_NODES);
  g_assert_cmpstr (nodes, ==, "sum_diff:0, a:1, b:2, c:3, d:4, sum_diff<0>:5, funny_id:6, e:7, "
                               "$SINK:8, funny_id<0>:9");
  edges = model_str (dsp, MODEL_EDGES);
  g_assert_cmpstr (edges, ==, "sum_diff->c; sum_diff->d; a->sum_diff; a->sum_diff<0>; a->funny_id w=2; "
                               "a->funny_id<0>; b->sum_diff; b->sum_diff<0>; b->funny_id w=3; "
                               "sum_diff<0>->c; sum_diff<0>->d; funny_id->e w=4; funny_id<0>->$SINK");

  g_assert_cmpfloat (schedula_function_node_get_weight (n3), ==, 1);
  g_assert_cmpfloat (schedula_function_node_get_weight (n1), ==, 0);
  g_assert_true (schedula_function_node_get_input_domain (n3) == lt);
  g_assert_null (schedula_function_node_get_input_domain (n1));
  g_assert_null (schedula_function_node_get_function (n4));
  g_assert_cmpuint (schedula_function_node_get_n_inputs (n3), ==, 2);
  g_assert_cmpstr (schedula_function_node_get_input (n3, 1), ==, "b");
  g_assert_cmpuint (schedula_function_node_get_n_outputs (n1), ==, 2);
  g_assert_cmpstr (schedula_function_node_get_output (n1, 1), ==, "d");
  inputs = schedula_function_node_dup_inputs (n3);
  in3 = join (inputs);
  g_assert_cmpstr (in3, ==, "a, b");
  outputs = schedula_function_node_dup_outputs (n4);
  out4 = join (outputs);
  g_assert_cmpstr (out4, ==, "$SINK");

  sink = SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, SCHEDULA_SINK));
  g_assert_true (schedula_data_node_get_wait_inputs (sink));
  g_assert_nonnull (schedula_data_node_get_combiner (sink));
  g_assert_cmpstr (schedula_node_get_description (SCHEDULA_NODE (sink)), !=, NULL);
}

/* SEMANTICS Example 1.02: duplicated and clashing ids; every add consumes
 * an index, failed ones included. */
static void
test_example_1_02 (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) identity = fn ("identity", fn_identity);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  g_autofree char *nodes = NULL, *edges = NULL;
  SchedulaDataNode *d;
  SchedulaFunctionNode *f;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "v");

  d = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (d)), ==, "a");
  g_assert_true (schedula_dispatcher_add_data (dsp, "a", NULL, &error) == d);
  g_assert_no_error (error);
  d = schedula_dispatcher_add_data (dsp, NULL, NULL, &error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (d)), ==, "unknown");
  d = schedula_dispatcher_add_data (dsp, NULL, &v, &error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (d)), ==, "unknown<0>");
  g_assert_nonnull (schedula_data_node_get_default_value (d));
  g_assert_true (schedula_dispatcher_add_data (dsp, "unknown<0>", NULL, &error) == d);
  g_assert_no_error (error);
  /* re-adding without a default drops it */
  g_assert_null (schedula_data_node_get_default_value (d));
  g_assert_false (schedula_data_node_has_default_value (d));

  f = schedula_dispatcher_add_function (dsp, "fun", NULL, IDS ("a"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (f)), ==, "fun");

  g_assert_null (schedula_dispatcher_add_data (dsp, "fun", NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Invalid data id: override function fun");
  g_clear_error (&error);

  f = schedula_dispatcher_add_function (dsp, "a", identity, IDS ("b"), IDS ("c"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (f)), ==, "a<0>");

  g_assert_null (schedula_dispatcher_add_function (dsp, "g", identity, IDS ("fun"), IDS ("x"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Invalid input id: fun is not a data node");
  g_clear_error (&error);

  g_assert_null (schedula_dispatcher_add_function (dsp, NULL, NULL, IDS ("a"), NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  nodes = model_str (dsp, MODEL_NODES);
  g_assert_cmpstr (nodes, ==, "a:1, unknown:2, unknown<0>:4, $SINK:5, fun:6, a<0>:8, b:9, c:10");
  edges = model_str (dsp, MODEL_EDGES);
  g_assert_cmpstr (edges, ==, "a->fun; fun->$SINK; a<0>->c; b->a<0>");
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "g"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "x"));

  /* The failed add_function above consumed exactly one index (SINK
   * already existed), as schedula's add_function does. */
  d = schedula_dispatcher_add_data (dsp, "z", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (d)), ==, 13);
}

/* A failing add_function without outputs still adds SINK first, and the
 * counter counts SINK and the function once each. */
static void
test_failed_add_counts (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *d;
  SchedulaNode *sink;

  schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (schedula_dispatcher_add_function (dsp, NULL, NULL, IDS ("a"), NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  sink = schedula_dispatcher_lookup_node (dsp, SCHEDULA_SINK);
  g_assert_nonnull (sink);
  g_assert_cmpint (schedula_node_get_index (sink), ==, 1);
  d = schedula_dispatcher_add_data (dsp, "z", NULL, &error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (d)), ==, 3);

  /* A reserved id consumes an index too (as every failed add_data). */
  g_assert_null (schedula_dispatcher_add_data (dsp, "$foo", NULL, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  d = schedula_dispatcher_add_data (dsp, "y", NULL, &error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (d)), ==, 5);
}

/* Re-adding a data node: new index, wait_inputs reset, default dropped
 * unless given, other attributes kept (SEMANTICS 1.3 step 5). */
static void
test_readd_data (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) cb = fn ("cb", cb_record);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  SchedulaDistance three = { 0, 3 };
  SchedulaDataNode *a, *again;
  g_autofree char *ids = NULL;

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, 1);
  a = schedula_dispatcher_add_data (dsp, "a", &v, &error);
  g_assert_no_error (error);
  schedula_data_node_set_wait_inputs (a, TRUE);
  schedula_data_node_set_callback (a, cb);
  schedula_node_set_description (SCHEDULA_NODE (a), "doc");
  schedula_data_node_set_initial_dist (a, &three);
  schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);

  again = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again == a);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (a)), ==, 3);
  g_assert_false (schedula_data_node_get_wait_inputs (a));
  g_assert_null (schedula_data_node_get_default_value (a));
  g_assert_true (schedula_data_node_get_callback (a) == cb);
  g_assert_cmpstr (schedula_node_get_description (SCHEDULA_NODE (a)), ==, "doc");

  g_value_set_int64 (&v, 5);
  again = schedula_dispatcher_add_data (dsp, "a", &v, &error);
  g_assert_true (again == a);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (a)), ==, 4);
  g_assert_cmpint (g_value_get_int64 (schedula_data_node_get_default_value (a)), ==, 5);
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (a)->num, ==, 0);

  /* Re-adding keeps the position of the node in the model. */
  ids = model_str (dsp, MODEL_IDS);
  g_assert_cmpstr (ids, ==, "a, f, b");
  g_assert_true (schedula_dispatcher_has_edge (dsp, "a", "f"));
}

/* ------------------------------------------------------------------ */
/* Special ids                                                         */
/* ------------------------------------------------------------------ */

static void
test_special_ids (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) one = fn ("one", fn_one);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  SchedulaNode *start, *sink;
  g_autofree char *nodes = NULL, *edges = NULL;
  g_auto(GStrv) inputs = NULL;

  g_assert_true (schedula_id_is_special (SCHEDULA_START));
  g_assert_true (schedula_id_is_special (SCHEDULA_SINK));
  g_assert_true (schedula_id_is_special (SCHEDULA_END));
  g_assert_true (schedula_id_is_special (SCHEDULA_SELF));
  g_assert_true (schedula_id_is_special (SCHEDULA_PLOT));
  g_assert_false (schedula_id_is_special ("start"));
  g_assert_false (schedula_id_is_special ("$foo"));
  g_assert_false (schedula_id_is_special ("a"));

  /* No inputs: START, added before the function takes its index. */
  f = schedula_dispatcher_add_function (dsp, NULL, one, NULL, IDS ("x"), &error);
  g_assert_no_error (error);
  start = schedula_dispatcher_lookup_node (dsp, SCHEDULA_START);
  g_assert_nonnull (start);
  g_assert_true (SCHEDULA_IS_DATA_NODE (start));
  g_assert_true (schedula_value_holds_none (schedula_data_node_get_default_value (SCHEDULA_DATA_NODE (start))));
  g_assert_nonnull (schedula_node_get_description (start));
  inputs = schedula_function_node_dup_inputs (f);
  g_assert_cmpstrv (inputs, IDS (SCHEDULA_START));

  /* No outputs: SINK */
  f = schedula_dispatcher_add_function (dsp, NULL, one, NULL, NULL, &error);
  g_assert_no_error (error);
  sink = schedula_dispatcher_lookup_node (dsp, SCHEDULA_SINK);
  g_assert_nonnull (sink);
  g_assert_true (schedula_data_node_get_wait_inputs (SCHEDULA_DATA_NODE (sink)));
  g_assert_cmpstr (schedula_function_node_get_output (f, 0), ==, SCHEDULA_SINK);

  nodes = model_str (dsp, MODEL_NODES);
  g_assert_cmpstr (nodes, ==, "$START:0, one:1, x:2, $SINK:3, one<0>:4");
  edges = model_str (dsp, MODEL_EDGES);
  g_assert_cmpstr (edges, ==, "$START->one; $START->one<0>; one->x; one<0>->$SINK");
}

/* SEMANTICS Example 1.13: SELF holds the dispatcher */
static void
test_special_self (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("me");
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  const GValue *v;

  g_assert_nonnull (schedula_dispatcher_add_data (dsp, SCHEDULA_SELF, NULL, &error));
  g_assert_no_error (error);
  sol = dispatch_ok (dsp, NULL, NULL, NULL);
  v = schedula_solution_lookup (sol, SCHEDULA_SELF);
  g_assert_nonnull (v);
  g_assert_true (G_VALUE_HOLDS_OBJECT (v));
  g_assert_true (g_value_get_object (v) == (gpointer) dsp);
}

/* ------------------------------------------------------------------ */
/* Node properties                                                     */
/* ------------------------------------------------------------------ */

static void
test_node_properties (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaFunction) dom = fn ("dom", dom_always_true);
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *a;
  SchedulaFunctionNode *f;
  SchedulaDispatcherNode *s;
  GValue dflt = G_VALUE_INIT;
  SchedulaDistance dist = { 1, 2 };
  gboolean wait = FALSE, wildcard = TRUE, await_result = TRUE;
  GType vtype = G_TYPE_INVALID;
  g_autofree char *id = NULL, *descr = NULL;
  gint idx = -5;
  SchedulaNodeKind kind = -1;
  g_autoptr(SchedulaDispatcher) owner = NULL;
  g_autoptr(SchedulaFunction) comb = NULL, got_fn = NULL, got_dom = NULL;
  GValue *got_dflt = NULL;
  SchedulaDistance *got_dist = NULL;
  gdouble weight = -1;
  g_auto(GStrv) inputs = NULL, outputs = NULL;
  g_autoptr(SchedulaMapping) in_map = NULL;
  g_autoptr(SchedulaDispatcher) got_child = NULL;
  gboolean include_defaults = TRUE;

  a = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  g_assert_no_error (error);

  g_value_init (&dflt, G_TYPE_INT64);
  g_value_set_int64 (&dflt, 7);
  g_object_set (a,
                "wait-inputs", TRUE,
                "wildcard", FALSE,
                "await-result", TRUE,
                "value-type", G_TYPE_DOUBLE,
                "default-value", &dflt,
                "initial-dist", &dist,
                "combiner", inc,
                "description", "the a",
                NULL);
  g_value_unset (&dflt);

  g_assert_true (schedula_data_node_get_wait_inputs (a));
  g_assert_false (schedula_data_node_get_wildcard (a));
  g_assert_true (schedula_data_node_get_await_result (a));
  g_assert_true (schedula_data_node_get_value_type (a) == G_TYPE_DOUBLE);
  g_assert_cmpint (g_value_get_int64 (schedula_data_node_get_default_value (a)), ==, 7);
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (a)->inf, ==, 1);
  g_assert_cmpfloat (schedula_data_node_get_initial_dist (a)->num, ==, 2);
  g_assert_true (schedula_data_node_get_combiner (a) == inc);
  g_assert_cmpstr (schedula_node_get_description (SCHEDULA_NODE (a)), ==, "the a");

  g_object_get (a,
                "id", &id,
                "index", &idx,
                "kind", &kind,
                "dispatcher", &owner,
                "description", &descr,
                "wait-inputs", &wait,
                "wildcard", &wildcard,
                "await-result", &await_result,
                "value-type", &vtype,
                "default-value", &got_dflt,
                "initial-dist", &got_dist,
                "combiner", &comb,
                NULL);
  g_assert_cmpstr (id, ==, "a");
  g_assert_cmpint (idx, ==, 0);
  g_assert_cmpint (kind, ==, SCHEDULA_NODE_KIND_DATA);
  g_assert_true (owner == dsp);
  g_assert_cmpstr (descr, ==, "the a");
  g_assert_true (wait);
  g_assert_false (wildcard);
  g_assert_true (await_result);
  g_assert_true (vtype == G_TYPE_DOUBLE);
  g_assert_nonnull (got_dflt);
  g_assert_cmpint (g_value_get_int64 (got_dflt), ==, 7);
  g_boxed_free (G_TYPE_VALUE, got_dflt);
  g_assert_nonnull (got_dist);
  g_assert_cmpfloat (got_dist->num, ==, 2);
  schedula_distance_free (got_dist);
  g_assert_true (comb == inc);

  /* NULL default-value removes the default */
  g_object_set (a, "default-value", NULL, NULL);
  g_assert_null (schedula_data_node_get_default_value (a));

  /* Function node */
  f = schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("b", "c"), &error);
  g_assert_no_error (error);
  g_object_set (f, "weight", 2.5, "input-domain", dom, "await-domain", FALSE, "await-result", TRUE, NULL);
  g_assert_cmpfloat (schedula_function_node_get_weight (f), ==, 2.5);
  g_assert_true (schedula_function_node_get_input_domain (f) == dom);
  g_assert_false (schedula_function_node_get_await_domain (f));
  g_assert_true (schedula_function_node_get_await_result (f));
  g_object_get (f, "weight", &weight, "function", &got_fn, "input-domain", &got_dom,
                "inputs", &inputs, "outputs", &outputs, NULL);
  g_assert_cmpfloat (weight, ==, 2.5);
  g_assert_true (got_fn == inc);
  g_assert_true (got_dom == dom);
  g_assert_cmpstrv (inputs, IDS ("a"));
  g_assert_cmpstrv (outputs, IDS ("b", "c"));
  g_object_set (f, "function", NULL, NULL);
  g_assert_null (schedula_function_node_get_function (f));

  /* Sub-dispatcher node */
  s = schedula_dispatcher_add_dispatcher (dsp, "s", child, NULL, NULL, &error);
  g_assert_no_error (error);
  g_object_set (s, "weight", 4.0, "input-domain", dom, NULL);
  g_assert_cmpfloat (schedula_dispatcher_node_get_weight (s), ==, 4);
  g_assert_true (schedula_dispatcher_node_get_input_domain (s) == dom);
  g_object_get (s, "child", &got_child, "inputs", &in_map, "include-defaults", &include_defaults, NULL);
  g_assert_true (got_child == child);
  g_assert_nonnull (in_map);
  g_assert_cmpuint (schedula_mapping_get_n_keys (in_map), ==, 0);
  g_assert_false (include_defaults);
  g_assert_cmpint (schedula_node_get_kind (SCHEDULA_NODE (s)), ==, SCHEDULA_NODE_KIND_DISPATCHER);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_node_notify (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(GError) error = NULL;
  SchedulaDataNode *a;
  SchedulaFunctionNode *f;
  guint n_wait = 0, n_dflt = 0, n_weight = 0, n_descr = 0, n_name = 0, n_raises = 0;
  g_auto(GValue) v = G_VALUE_INIT;

  a = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  f = schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  g_signal_connect (a, "notify::wait-inputs", G_CALLBACK (count_notify), &n_wait);
  g_signal_connect (a, "notify::default-value", G_CALLBACK (count_notify), &n_dflt);
  g_signal_connect (a, "notify::description", G_CALLBACK (count_notify), &n_descr);
  g_signal_connect (f, "notify::weight", G_CALLBACK (count_notify), &n_weight);
  g_signal_connect (dsp, "notify::name", G_CALLBACK (count_notify), &n_name);
  g_signal_connect (dsp, "notify::raises", G_CALLBACK (count_notify), &n_raises);

  /* Same value: no notification (explicit notify) */
  schedula_data_node_set_wait_inputs (a, FALSE);
  g_object_set (a, "wait-inputs", FALSE, NULL);
  g_assert_cmpuint (n_wait, ==, 0);
  schedula_data_node_set_wait_inputs (a, TRUE);
  g_assert_cmpuint (n_wait, ==, 1);
  g_object_set (a, "wait-inputs", FALSE, NULL);
  g_assert_cmpuint (n_wait, ==, 2);

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, 3);
  schedula_data_node_set_default_value (a, &v);
  g_assert_cmpuint (n_dflt, ==, 1);
  schedula_dispatcher_set_default_value (dsp, "a", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_dflt, ==, 2);

  schedula_node_set_description (SCHEDULA_NODE (a), "x");
  schedula_node_set_description (SCHEDULA_NODE (a), "x");
  g_assert_cmpuint (n_descr, ==, 1);

  schedula_function_node_set_weight (f, 3);
  schedula_function_node_set_weight (f, 3);
  g_assert_cmpuint (n_weight, ==, 1);
  g_object_set (f, "weight", 4.0, NULL);
  g_assert_cmpuint (n_weight, ==, 2);

  schedula_dispatcher_set_name (dsp, "n");
  schedula_dispatcher_set_name (dsp, "n");
  g_assert_cmpuint (n_name, ==, 1);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  g_assert_cmpuint (n_raises, ==, 1);
}

/* The properties API.md lists for each type. */
static void
test_api_properties (void)
{
  struct { GType type; const char *name; } props[] = {
    { SCHEDULA_TYPE_NODE, "id" },
    { SCHEDULA_TYPE_NODE, "description" },
    { SCHEDULA_TYPE_NODE, "index" },
    { SCHEDULA_TYPE_DATA_NODE, "default-value" },
    { SCHEDULA_TYPE_DATA_NODE, "initial-dist" },
    { SCHEDULA_TYPE_DATA_NODE, "wait-inputs" },
    { SCHEDULA_TYPE_DATA_NODE, "wildcard" },
    { SCHEDULA_TYPE_DATA_NODE, "combiner" },
    { SCHEDULA_TYPE_DATA_NODE, "callback" },
    { SCHEDULA_TYPE_DATA_NODE, "filters" },
    { SCHEDULA_TYPE_DATA_NODE, "await-result" },
    { SCHEDULA_TYPE_DATA_NODE, "value-type" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "function" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "inputs" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "outputs" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "input-domain" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "weight" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "filters" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "await-domain" },
    { SCHEDULA_TYPE_FUNCTION_NODE, "await-result" },
    { SCHEDULA_TYPE_DISPATCHER_NODE, "child" },
    { SCHEDULA_TYPE_DISPATCHER_NODE, "inputs" },
    { SCHEDULA_TYPE_DISPATCHER_NODE, "outputs" },
    { SCHEDULA_TYPE_DISPATCHER_NODE, "input-domain" },
    { SCHEDULA_TYPE_DISPATCHER_NODE, "weight" },
    { SCHEDULA_TYPE_DISPATCHER_NODE, "include-defaults" },
    { SCHEDULA_TYPE_DISPATCHER, "name" },
    { SCHEDULA_TYPE_DISPATCHER, "description" },
    { SCHEDULA_TYPE_DISPATCHER, "raises" },
    { SCHEDULA_TYPE_DISPATCHER, "executor" },
    { SCHEDULA_TYPE_FUNCTION, "ref" },
    { SCHEDULA_TYPE_FUNCTION, "name" },
    { SCHEDULA_TYPE_FUNCTION, "flags" },
    { SCHEDULA_TYPE_DISPATCH_OPTIONS, "wildcard" },
    { SCHEDULA_TYPE_DISPATCH_OPTIONS, "no-call" },
    { SCHEDULA_TYPE_DISPATCH_OPTIONS, "shrink" },
    { SCHEDULA_TYPE_DISPATCH_OPTIONS, "rm-unused-nodes" },
    { SCHEDULA_TYPE_DISPATCH_OPTIONS, "executor" },
    { SCHEDULA_TYPE_DISPATCH_OPTIONS, "verbose" },
  };
  GString *missing = g_string_new (NULL);
  g_autofree char *text = NULL;

  g_assert_true (G_TYPE_IS_ABSTRACT (SCHEDULA_TYPE_NODE));
  g_assert_false (g_type_is_a (SCHEDULA_TYPE_DISPATCHER_NODE, SCHEDULA_TYPE_FUNCTION_NODE));
  g_assert_true (G_TYPE_IS_FINAL (SCHEDULA_TYPE_DATA_NODE));
  g_assert_true (G_TYPE_IS_FINAL (SCHEDULA_TYPE_FUNCTION_NODE));
  g_assert_true (G_TYPE_IS_FINAL (SCHEDULA_TYPE_DISPATCHER_NODE));
  g_assert_true (G_TYPE_IS_FINAL (SCHEDULA_TYPE_DISPATCHER));
  g_assert_true (G_TYPE_IS_FINAL (SCHEDULA_TYPE_SOLUTION));
  g_assert_false (G_TYPE_IS_FINAL (SCHEDULA_TYPE_FUNCTION));

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (props[i].type);

      if (g_object_class_find_property (G_OBJECT_CLASS (klass), props[i].name) == NULL)
        g_string_append_printf (missing, "%s%s:%s", missing->len ? ", " : "",
                                g_type_name (props[i].type), props[i].name);
    }
  text = g_string_free (missing, FALSE);
  g_assert_cmpstr (text, ==, "");
}

/* ------------------------------------------------------------------ */
/* GListModel                                                          */
/* ------------------------------------------------------------------ */

/* Applies items-changed to a mirror array, as a GTK widget would. */
static void
mirror_items_changed (GListModel *list,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    data)
{
  GPtrArray *mirror = data;

  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (list, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (list));
}

static void
assert_mirror (GListModel *list,
               GPtrArray  *mirror)
{
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (list));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      g_assert_true (item == mirror->pdata[i]);
    }
}

/* A handler of "notify" without a detail sees n-items */
static void
count_n_items_notify (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    data)
{
  if (g_str_equal (pspec->name, "n-items"))
    (*(guint *) data)++;
}

/* The dispatcher skips its items-changed and notify::n-items emissions for
 * an added node while nothing is connected: handlers connected later, one
 * of them without a detail, each see every change from then on */
static void
test_list_model_late_handlers (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *list = G_LIST_MODEL (dsp);
  guint n_notify = 0, n_detailed = 0;
  gulong h_items, h_notify, h_detailed;

  /* nothing listens: 201 nodes */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("f%u", i);
      g_autofree char *in = g_strdup_printf ("x%u", i);
      g_autofree char *out = g_strdup_printf ("x%u", i + 1);

      schedula_dispatcher_add_function (dsp, id, inc, IDS (in), IDS (out), &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 201);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (mirror, g_list_model_get_item (list, i));
  h_items = g_signal_connect (dsp, "items-changed", G_CALLBACK (mirror_items_changed), mirror);
  h_notify = g_signal_connect (dsp, "notify", G_CALLBACK (count_n_items_notify), &n_notify);

  /* a function with one new input and one new output: three nodes */
  schedula_dispatcher_add_function (dsp, "g", inc, IDS ("y"), IDS ("z"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_data (dsp, "w", NULL, &error);
  g_assert_no_error (error);
  assert_mirror (list, mirror);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 205);
  g_assert_cmpuint (n_notify, ==, 4);

  /* only a detailed notify handler */
  g_signal_handler_disconnect (dsp, h_notify);
  h_detailed = g_signal_connect (dsp, "notify::n-items", G_CALLBACK (count_notify), &n_detailed);
  schedula_dispatcher_add_data (dsp, "v", NULL, &error);
  g_assert_no_error (error);
  assert_mirror (list, mirror);
  g_assert_cmpuint (n_detailed, ==, 1);
  g_assert_cmpuint (n_notify, ==, 4);

  /* nothing again, then a mirror made afresh still matches */
  g_signal_handler_disconnect (dsp, h_detailed);
  g_signal_handler_disconnect (dsp, h_items);
  schedula_dispatcher_add_data (dsp, "u", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 207);
  g_assert_cmpuint (n_detailed, ==, 1);
  g_assert_cmpuint (mirror->len, ==, 206);
}

static void
test_list_model (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *list = G_LIST_MODEL (dsp);
  SchedulaDataNode *a;
  SchedulaFunctionNode *f;
  g_autofree char *ids = NULL, *ids2 = NULL;
  guint n_items_notify = 0;
  gulong handler;
  guint n_items_prop = 0;
  g_autoptr(SchedulaNode) fref = NULL;

  g_assert_true (G_IS_LIST_MODEL (dsp));
  g_assert_true (g_type_is_a (g_list_model_get_item_type (list), SCHEDULA_TYPE_NODE));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_null (g_list_model_get_item (list, 0));

  handler = g_signal_connect (dsp, "items-changed", G_CALLBACK (mirror_items_changed), mirror);
  g_signal_connect (dsp, "notify::n-items", G_CALLBACK (count_notify), &n_items_notify);

  a = schedula_dispatcher_add_data (dsp, "a", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mirror->len, ==, 1);
  f = schedula_dispatcher_add_function (dsp, "f", inc, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "g", inc, IDS ("b"), IDS ("c"), &error);
  g_assert_no_error (error);
  assert_mirror (list, mirror);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
  g_assert_cmpuint (n_items_notify, >=, 3);
  g_object_get (dsp, "n-items", &n_items_prop, NULL);
  g_assert_cmpuint (n_items_prop, ==, 5);

  ids = model_str (dsp, MODEL_IDS);
  g_assert_cmpstr (ids, ==, "a, f, b, g, c");
  {
    g_autoptr(SchedulaNode) first = g_list_model_get_item (list, 0);
    g_autoptr(SchedulaNode) second = g_list_model_get_item (list, 1);

    g_assert_true (first == SCHEDULA_NODE (a));
    g_assert_true (second == SCHEDULA_NODE (f));
  }

  /* Re-adding a data node keeps its position. */
  schedula_dispatcher_add_data (dsp, "b", NULL, &error);
  g_assert_no_error (error);
  assert_mirror (list, mirror);
  ids2 = model_str (dsp, MODEL_IDS);
  g_assert_cmpstr (ids2, ==, "a, f, b, g, c");

  /* Removing a node in the middle. */
  fref = g_object_ref (SCHEDULA_NODE (f));
  g_assert_true (schedula_dispatcher_remove_node (dsp, "f", &error));
  g_assert_no_error (error);
  assert_mirror (list, mirror);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  g_clear_pointer (&ids, g_free);
  ids = model_str (dsp, MODEL_IDS);
  g_assert_cmpstr (ids, ==, "a, b, g, c");
  g_assert_null (schedula_node_get_dispatcher (fref));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "f"));

  /* A failed add changes nothing */
  g_assert_null (schedula_dispatcher_add_function (dsp, "h", inc, IDS ("g"), IDS ("z"), &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  assert_mirror (list, mirror);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);

  g_signal_handler_disconnect (dsp, handler);
}

/* ------------------------------------------------------------------ */
/* Edges and weights                                                   */
/* ------------------------------------------------------------------ */

static void
test_edges_weights (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaFunction) add = fn ("add", fn_add);
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_map = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;
  SchedulaDispatcherNode *s;
  gdouble w = -1;
  g_auto(GStrv) succ = NULL, pred = NULL, none = NULL;

  f = schedula_dispatcher_add_function (dsp, "f", add, IDS ("b", "a", "b"), IDS ("c"), &error);
  g_assert_no_error (error);

  g_assert_true (schedula_dispatcher_has_edge (dsp, "a", "f"));
  g_assert_true (schedula_dispatcher_has_edge (dsp, "f", "c"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "f", "a"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "c", "f"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "nope", "f"));

  /* Duplicated inputs make one edge, but stay in the argument list. */
  pred = schedula_dispatcher_dup_predecessors (dsp, "f");
  g_assert_cmpstrv (pred, IDS ("b", "a"));
  g_assert_cmpuint (schedula_function_node_get_n_inputs (f), ==, 3);

  /* Unset edges weigh 1. */
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "a", "f", &w));
  g_assert_cmpfloat (w, ==, 1);
  g_assert_true (schedula_function_node_set_input_weight (f, "a", 2.5, &error));
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_get_edge_weight (dsp, "a", "f", &w));
  g_assert_cmpfloat (w, ==, 2.5);
  g_assert_true (schedula_function_node_set_output_weight (f, "c", -3, &error));
  g_assert_true (schedula_dispatcher_get_edge_weight (dsp, "f", "c", &w));
  g_assert_cmpfloat (w, ==, -3);
  /* No such edge */
  w = -1;
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "c", "f", &w));

  none = schedula_dispatcher_dup_successors (dsp, "nope");
  g_assert_nonnull (none);
  g_assert_null (none[0]);

  /* Inputs of a sub-dispatcher node weigh 0; outputs are unweighted. */
  schedula_mapping_add (in_map, "c", "x");
  schedula_mapping_add (in_map, "a", "y");
  schedula_mapping_add (out_map, "z", "d");
  s = schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, out_map, &error);
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_get_edge_weight (dsp, "c", "s", &w));
  g_assert_cmpfloat (w, ==, 0);
  g_assert_true (schedula_dispatcher_get_edge_weight (dsp, "a", "s", &w));
  g_assert_cmpfloat (w, ==, 0);
  g_assert_false (schedula_dispatcher_get_edge_weight (dsp, "s", "d", &w));
  g_assert_cmpfloat (w, ==, 1);
  g_assert_true (schedula_dispatcher_node_set_input_weight (s, "a", 3, &error));
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_get_edge_weight (dsp, "a", "s", &w));
  g_assert_cmpfloat (w, ==, 3);

  /* Successors in the order their edges were added. */
  succ = schedula_dispatcher_dup_successors (dsp, "a");
  g_assert_cmpstrv (succ, IDS ("f", "s"));
  g_clear_pointer (&pred, g_strfreev);
  pred = schedula_dispatcher_dup_predecessors (dsp, "s");
  g_assert_cmpstrv (pred, IDS ("a", "c"));
}

/* add_dispatcher: parent ids in id order, mappings one-to-many */
static void
test_sub_dispatcher_node (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaDispatcher) child2 = schedula_dispatcher_new ("child2");
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_sink = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  SchedulaDispatcherNode *s, *s2;
  g_autofree char *nodes = NULL, *edges = NULL;
  SchedulaMapping *m;

  schedula_mapping_add (in_map, "z", "x");
  schedula_mapping_add (in_map, "b", "y");
  schedula_mapping_add (in_map, "d", "a");
  schedula_mapping_add (in_map, "d", "b");
  schedula_mapping_add (out_map, "c", "d");
  schedula_mapping_add (out_map, "c", "d1");
  schedula_mapping_add (out_map, "e", "e");

  s = schedula_dispatcher_add_dispatcher (dsp, "s", child, in_map, out_map, &error);
  g_assert_no_error (error);
  g_assert_true (SCHEDULA_IS_DISPATCHER_NODE (s));
  g_assert_false (SCHEDULA_IS_FUNCTION_NODE (s));
  g_assert_true (schedula_dispatcher_node_get_child (s) == child);
  nodes = model_str (dsp, MODEL_NODES);
  g_assert_cmpstr (nodes, ==, "s:0, b:1, d:2, z:3, d1:4, e:5");
  edges = model_str (dsp, MODEL_EDGES);
  g_assert_cmpstr (edges, ==, "s->d; s->d1; s->e; b->s w=0; d->s w=0; z->s w=0");

  m = schedula_dispatcher_node_get_inputs (s);
  g_assert_cmpuint (schedula_mapping_get_n_keys (m), ==, 3);
  g_assert_cmpstrv (schedula_mapping_lookup (m, "d"), IDS ("a", "b"));
  m = schedula_dispatcher_node_get_outputs (s);
  g_assert_cmpstrv (schedula_mapping_lookup (m, "c"), IDS ("d", "d1"));

  /* The automatic id is the name of the child; a SINK in the mapping adds
   * SINK to the child. */
  schedula_dispatcher_add_function (child2, "f", inc, IDS ("p"), IDS ("q"), &error);
  g_assert_no_error (error);
  schedula_mapping_add (out_sink, SCHEDULA_SINK, SCHEDULA_SINK);
  s2 = schedula_dispatcher_add_dispatcher (dsp, NULL, child2, NULL, out_sink, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (s2)), ==, "child2");
  g_assert_nonnull (schedula_dispatcher_lookup_node (child2, SCHEDULA_SINK));
  /* NULL inputs: every data node of the child, to the same id */
  m = schedula_dispatcher_node_get_inputs (s2);
  g_assert_cmpuint (schedula_mapping_get_n_keys (m), ==, 2);
  g_assert_cmpstr (schedula_mapping_get_key (m, 0), ==, "p");
  g_assert_cmpstrv (schedula_mapping_get_values (m, 1), IDS ("q"));
  g_assert_true (schedula_dispatcher_has_edge (dsp, "p", "child2"));
  g_assert_true (schedula_dispatcher_has_edge (dsp, "child2", SCHEDULA_SINK));

  /* A second node for the same child gets a suffixed id. */
  s2 = schedula_dispatcher_add_dispatcher (dsp, NULL, child2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (s2)), ==, "child2<0>");
}

/* Nodes made with the constructors and added with add_node */
static void
test_add_node (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(SchedulaDataNode) a = schedula_data_node_new ("a");
  g_autoptr(SchedulaDataNode) anon = schedula_data_node_new (NULL);
  g_autoptr(SchedulaDataNode) a2 = schedula_data_node_new ("a");
  g_autoptr(SchedulaFunctionNode) f = schedula_function_node_new (NULL, inc, IDS ("a"), IDS ("b"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) inputs = inputs_new ("a", 1, NULL);
  g_auto(GValue) v = G_VALUE_INIT;

  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (a)), ==, -1);
  g_assert_null (schedula_node_get_dispatcher (SCHEDULA_NODE (a)));
  g_assert_null (schedula_node_get_id (SCHEDULA_NODE (anon)));
  g_assert_null (schedula_node_get_id (SCHEDULA_NODE (f)));

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, 10);
  schedula_data_node_set_default_value (a, &v);
  schedula_data_node_set_wait_inputs (a, FALSE);

  g_assert_true (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (a), &error));
  g_assert_no_error (error);
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (a)), ==, 0);
  g_assert_true (schedula_node_get_dispatcher (SCHEDULA_NODE (a)) == dsp);
  g_assert_true (schedula_dispatcher_lookup_node (dsp, "a") == SCHEDULA_NODE (a));
  g_assert_cmpint (g_value_get_int64 (schedula_data_node_get_default_value (a)), ==, 10);

  g_assert_true (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (anon), &error));
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (anon)), ==, "unknown");

  g_assert_true (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (f), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (f)), ==, "inc");
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (f)), ==, 2);
  g_assert_cmpint (schedula_node_get_index (schedula_dispatcher_lookup_node (dsp, "b")), ==, 3);

  /* A data node whose id exists merges into the existing one */
  schedula_data_node_set_wait_inputs (a2, TRUE);
  g_assert_true (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (a2), &error));
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_lookup_node (dsp, "a") == SCHEDULA_NODE (a));
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (a)), ==, 4);
  g_assert_true (schedula_data_node_get_wait_inputs (a));
  g_assert_null (schedula_data_node_get_default_value (a));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 4);

  /* It works */
  schedula_data_node_set_wait_inputs (a, FALSE);
  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  g_assert_cmpint (sol_int (sol, "b"), ==, 2);
}

/* ------------------------------------------------------------------ */
/* Boxed helpers                                                       */
/* ------------------------------------------------------------------ */

static void
test_mapping (void)
{
  g_autoptr(SchedulaMapping) m = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) id = schedula_mapping_new_identity (IDS ("x", "y"));
  SchedulaMapping *copy;

  g_assert_cmpuint (schedula_mapping_get_n_keys (m), ==, 0);
  g_assert_null (schedula_mapping_lookup (m, "a"));
  schedula_mapping_add (m, "b", "x");
  schedula_mapping_add (m, "a", "y");
  schedula_mapping_add (m, "b", "z");
  schedula_mapping_add (m, "b", "x");   /* the same pair again: nothing */
  g_assert_cmpuint (schedula_mapping_get_n_keys (m), ==, 2);
  g_assert_cmpstr (schedula_mapping_get_key (m, 0), ==, "b");
  g_assert_cmpstr (schedula_mapping_get_key (m, 1), ==, "a");
  g_assert_cmpstrv (schedula_mapping_get_values (m, 0), IDS ("x", "z"));
  g_assert_cmpstrv (schedula_mapping_lookup (m, "a"), IDS ("y"));
  g_assert_null (schedula_mapping_lookup (m, "c"));

  g_assert_cmpuint (schedula_mapping_get_n_keys (id), ==, 2);
  g_assert_cmpstrv (schedula_mapping_lookup (id, "y"), IDS ("y"));

  g_assert_true (G_TYPE_IS_BOXED (SCHEDULA_TYPE_MAPPING));
  copy = g_boxed_copy (SCHEDULA_TYPE_MAPPING, m);
  g_assert_cmpstrv (schedula_mapping_lookup (copy, "b"), IDS ("x", "z"));
  g_boxed_free (SCHEDULA_TYPE_MAPPING, copy);
  g_assert_true (schedula_mapping_ref (m) == m);
  schedula_mapping_unref (m);
}

static void
test_dict (void)
{
  g_autoptr(SchedulaDict) d = schedula_dict_new ();
  g_auto(GValue) v = G_VALUE_INIT;
  SchedulaDict *copy;
  g_autofree char *s = NULL;
  GValue holder = G_VALUE_INIT;

  g_assert_cmpuint (schedula_dict_get_size (d), ==, 0);
  g_assert_null (schedula_dict_lookup (d, "a"));
  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, 1);
  schedula_dict_insert (d, "z", &v);
  g_value_set_int64 (&v, 2);
  schedula_dict_insert (d, "a", &v);
  schedula_dict_insert (d, "n", NULL);
  g_value_set_int64 (&v, 3);
  schedula_dict_insert (d, "z", &v);   /* keeps its place */
  g_value_set_int64 (&v, 99);          /* values are copies */

  g_assert_cmpuint (schedula_dict_get_size (d), ==, 3);
  g_assert_true (schedula_dict_contains (d, "n"));
  g_assert_false (schedula_dict_contains (d, "q"));
  g_assert_cmpstr (schedula_dict_get_key (d, 0), ==, "z");
  g_assert_cmpstr (schedula_dict_get_key (d, 2), ==, "n");
  g_assert_cmpint (g_value_get_int64 (schedula_dict_get_value (d, 0)), ==, 3);
  g_assert_cmpint (g_value_get_int64 (schedula_dict_lookup (d, "a")), ==, 2);
  g_assert_true (schedula_value_holds_none (schedula_dict_lookup (d, "n")));

  g_value_init (&holder, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (&holder, d);
  s = value_str (&holder);
  g_assert_cmpstr (s, ==, "{z: 3, a: 2, n: NONE}");
  copy = g_value_dup_boxed (&holder);
  g_value_unset (&holder);
  g_assert_cmpuint (schedula_dict_get_size (copy), ==, 3);
  schedula_dict_unref (copy);
}

static void
test_distance (void)
{
  SchedulaDistance a = { 0, 5 }, b = { 1, 0 }, c = { 1, 2 }, d = { 0, 5 }, neg = { 0, -1 };
  g_autoptr(SchedulaDistance) heap = schedula_distance_new (1, 3);
  g_autoptr(SchedulaDistance) copy = schedula_distance_copy (&c);
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;
  SchedulaDistance *boxed;

  g_assert_cmpint (schedula_distance_compare (&a, &b), <, 0);
  g_assert_cmpint (schedula_distance_compare (&b, &a), >, 0);
  g_assert_cmpint (schedula_distance_compare (&b, &c), <, 0);
  g_assert_cmpint (schedula_distance_compare (&a, &d), ==, 0);
  g_assert_cmpint (schedula_distance_compare (&neg, &a), <, 0);
  g_assert_cmpfloat (heap->inf, ==, 1);
  g_assert_cmpfloat (heap->num, ==, 3);
  g_assert_cmpint (schedula_distance_compare (copy, &c), ==, 0);

  s1 = schedula_distance_to_string (&a);
  g_assert_cmpstr (s1, ==, "5.0");
  d.num = 2.5;
  s2 = schedula_distance_to_string (&d);
  g_assert_cmpstr (s2, ==, "2.5");
  /* as schedula prints inf(1, 3.0) */
  s3 = schedula_distance_to_string (heap);
  g_assert_cmpstr (s3, ==, "inf(1, 3.0)");
  s4 = schedula_distance_to_string (&b);
  g_assert_cmpstr (s4, ==, "inf(1, 0.0)");

  g_assert_true (G_TYPE_IS_BOXED (SCHEDULA_TYPE_DISTANCE));
  boxed = g_boxed_copy (SCHEDULA_TYPE_DISTANCE, &c);
  g_assert_cmpfloat (boxed->num, ==, 2);
  g_boxed_free (SCHEDULA_TYPE_DISTANCE, boxed);
}

static void
test_none (void)
{
  GValue none = G_VALUE_INIT, copy = G_VALUE_INIT, v = G_VALUE_INIT;
  g_autoptr(GObject) obj = g_object_new (G_TYPE_OBJECT, NULL);

  schedula_value_init_none (&none);
  g_assert_true (schedula_value_holds_none (&none));
  g_assert_false (schedula_value_is_truthy (&none));
  g_value_init (&copy, G_VALUE_TYPE (&none));
  g_value_copy (&none, &copy);
  g_assert_true (schedula_value_holds_none (&copy));
  g_assert_cmpstr (schedula_token_get_name (schedula_token_none ()), ==, "none");
  g_assert_true (g_value_get_boxed (&none) == schedula_token_none ());
  g_value_unset (&copy);
  g_value_unset (&none);

  g_assert_false (schedula_value_holds_none (NULL));
  g_assert_false (schedula_value_is_truthy (NULL));

  g_value_init (&v, G_TYPE_INT64);
  g_assert_false (schedula_value_holds_none (&v));
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_set_int64 (&v, -3);
  g_assert_true (schedula_value_is_truthy (&v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_DOUBLE);
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_set_double (&v, 0.5);
  g_assert_true (schedula_value_is_truthy (&v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_STRING);
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_set_string (&v, "");
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_set_string (&v, "x");
  g_assert_true (schedula_value_is_truthy (&v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_BOOLEAN);
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_set_boolean (&v, TRUE);
  g_assert_true (schedula_value_is_truthy (&v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_OBJECT);
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_set_object (&v, obj);
  g_assert_true (schedula_value_is_truthy (&v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_POINTER);
  g_assert_false (schedula_value_is_truthy (&v));
  g_value_unset (&v);
}

static guint destroyed;

static void
count_destroy (gpointer data)
{
  g_assert_true (data == &destroyed);
  destroyed++;
}

static gboolean
fn_sum_ids (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_true (data == &destroyed);
  g_assert_null (schedula_call_get_node_id (call));
  return fn_add (call, data, error);
}

static void
test_function (void)
{
  g_autoptr(SchedulaFunction) f = NULL;
  guint n_results = 99;
  g_autoptr(SchedulaFunction) quiet = fn ("quiet", fn_quiet_false);
  g_autoptr(SchedulaFunction) three = fn ("three_five", fn_three_five);
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  g_autoptr(GError) error = NULL;
  GValue in[2] = { G_VALUE_INIT, G_VALUE_INIT };
  GValue *out;
  g_autofree char *name = NULL;
  SchedulaFunctionFlags flags = 99;

  destroyed = 0;
  f = schedula_function_new ("summer", fn_sum_ids, &destroyed, count_destroy);
  g_assert_cmpstr (schedula_function_get_name (f), ==, "summer");
  g_assert_null (schedula_function_get_ref (f));
  schedula_function_set_ref (f, "c:mod:summer");
  g_assert_cmpstr (schedula_function_get_ref (f), ==, "c:mod:summer");
  g_assert_cmpint (schedula_function_get_flags (f), ==, SCHEDULA_FUNCTION_FLAGS_NONE);
  g_assert_true (schedula_function_get_context (f) == g_main_context_default ());
  schedula_function_set_flags (f, SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT);
  g_object_get (f, "name", &name, "flags", &flags, NULL);
  g_assert_cmpstr (name, ==, "summer");
  g_assert_cmpint (flags, ==, SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT);
  schedula_function_set_flags (f, SCHEDULA_FUNCTION_FLAGS_NONE);

  g_value_init (&in[0], G_TYPE_INT64);
  g_value_set_int64 (&in[0], 2);
  g_value_init (&in[1], G_TYPE_INT64);
  g_value_set_int64 (&in[1], 5);

  /* schedula_function_call */
  out = schedula_function_call (f, in, 2, 1, &n_results, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpuint (n_results, ==, 1);
  g_assert_cmpint (g_value_get_int64 (&out[0]), ==, 7);
  g_value_unset (&out[0]);
  g_free (out);

  /* Unset outputs come back as NONE */
  out = schedula_function_call (f, in, 2, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (&out[0]), ==, 7);
  g_assert_true (schedula_value_holds_none (&out[1]));
  g_value_unset (&out[0]);
  g_value_unset (&out[1]);
  g_free (out);

  /* A hand-made call */
  g_assert_true (schedula_call_set_inputs (call, in, 2, 1, NULL));
  g_assert_cmpuint (schedula_call_get_n_inputs (call), ==, 2);
  g_assert_cmpuint (schedula_call_get_n_outputs (call), ==, 1);
  g_assert_null (schedula_call_get_input_id (call, 0));
  g_assert_null (schedula_call_get_cancellable (call));
  g_assert_null (schedula_call_get_output (call, 0));
  g_assert_true (schedula_function_invoke (f, call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (schedula_call_get_output (call, 0)), ==, 7);
  /* Preparing again clears the outputs */
  g_assert_true (schedula_call_set_inputs (call, NULL, 0, 2, NULL));
  g_assert_null (schedula_call_get_output (call, 0));
  g_assert_true (schedula_function_invoke (three, call, &error));
  g_assert_cmpint (g_value_get_int64 (schedula_call_get_output (call, 1)), ==, 5);

  /* FALSE without an error is an error naming the function */
  g_assert_false (schedula_function_invoke (quiet, call, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  g_assert_nonnull (strstr (error->message, "quiet"));
  g_clear_error (&error);
  out = schedula_function_call (quiet, NULL, 0, 1, &n_results, &error);
  g_assert_null (out);
  g_assert_cmpuint (n_results, ==, 0);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);

  g_value_unset (&in[0]);
  g_value_unset (&in[1]);

  g_assert_cmpuint (destroyed, ==, 0);
  g_clear_object (&f);
  g_assert_cmpuint (destroyed, ==, 1);
}

static void
test_dispatcher_properties (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
  g_autofree char *name = NULL, *descr = NULL, *executor = NULL;
  SchedulaRaises raises = 99;
  guint n = 0;

  g_assert_cmpstr (schedula_dispatcher_get_name (dsp), ==, "model");
  g_assert_null (schedula_dispatcher_get_description (dsp));
  g_assert_null (schedula_dispatcher_get_executor (dsp));
  g_assert_cmpint (schedula_dispatcher_get_raises (dsp), ==, SCHEDULA_RAISES_RECORD);
  g_assert_null (schedula_dispatcher_get_solution (dsp));

  g_signal_connect (dsp, "notify", G_CALLBACK (count_notify), &n);
  g_object_set (dsp, "name", "other", "description", "about", "executor", "async",
                "raises", SCHEDULA_RAISES_RECORD_SILENTLY, NULL);
  g_assert_cmpuint (n, ==, 4);
  g_object_get (dsp, "name", &name, "description", &descr, "executor", &executor,
                "raises", &raises, NULL);
  g_assert_cmpstr (name, ==, "other");
  g_assert_cmpstr (descr, ==, "about");
  g_assert_cmpstr (executor, ==, "async");
  g_assert_cmpint (raises, ==, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_set_name (dsp, NULL);
  g_assert_cmpstr (schedula_dispatcher_get_name (dsp), ==, "");
  schedula_dispatcher_set_executor (dsp, NULL);
  g_assert_null (schedula_dispatcher_get_executor (dsp));
}

/* Removing nodes: remove_nodes() removes them all or none, in one change of
 * the list model; ids may repeat */
static void
test_remove_nodes (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_auto(GStrv) succ = NULL;
  GListModel *list = G_LIST_MODEL (dsp);
  const char *missing[] = { "f1", "nope", NULL };
  const char *gone[] = { "f1", "b", "f1", "f3", NULL };
  guint n;

  add_fn (dsp, "f1", fn_inc, NULL, IDS ("a"), IDS ("b"));
  add_fn (dsp, "f2", fn_inc, NULL, IDS ("b"), IDS ("c"));
  add_fn (dsp, "f3", fn_inc, NULL, IDS ("a"), IDS ("d"));
  add_fn (dsp, "f4", fn_inc, NULL, IDS ("a"), IDS ("c"));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (mirror, g_list_model_get_item (list, i));
  g_signal_connect (dsp, "items-changed", G_CALLBACK (mirror_items_changed), mirror);
  n = g_list_model_get_n_items (list);

  /* an id that is not there: an error that names it, nothing removed */
  g_assert_false (schedula_dispatcher_remove_nodes (dsp, missing, &error));
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_assert_nonnull (strstr (error->message, "ids[1]"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_nonnull (schedula_dispatcher_lookup_node (dsp, "f1"));

  g_assert_true (schedula_dispatcher_remove_nodes (dsp, gone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n - 3);
  assert_mirror (list, mirror);
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "f1"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "b"));
  g_assert_null (schedula_dispatcher_lookup_node (dsp, "f3"));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);

      g_assert_true (schedula_dispatcher_lookup_node (dsp, schedula_node_get_id (node)) == node);
    }
  /* f2 reads b, which is gone: it keeps it as an input, without the edge */
  succ = schedula_dispatcher_dup_successors (dsp, "a");
  g_assert_cmpstrv (succ, ((const char *const[]) { "f4", NULL }));
  g_assert_true (schedula_dispatcher_has_edge (dsp, "a", "f4"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "a", "f1"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "b", "f2"));
  /* the edges' queries follow the model's changes */
  add_fn (dsp, "f5", fn_inc, NULL, IDS ("a"), IDS ("e"));
  g_assert_true (schedula_dispatcher_has_edge (dsp, "a", "f5"));
  g_assert_true (schedula_dispatcher_has_edge (dsp, "f5", "e"));
  g_clear_pointer (&succ, g_strfreev);
  succ = schedula_dispatcher_dup_successors (dsp, "a");
  g_assert_cmpstrv (succ, ((const char *const[]) { "f4", "f5", NULL }));
  g_assert_true (schedula_dispatcher_remove_node (dsp, "f5", &error));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "a", "f5"));
  g_assert_false (schedula_dispatcher_has_edge (dsp, "f5", "e"));
  g_assert_true (schedula_dispatcher_remove_node (dsp, "e", &error));
  sol = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (sol, "a=1, c=2");

  /* nothing to remove */
  g_assert_true (schedula_dispatcher_remove_nodes (dsp, NULL, &error));
  g_assert_true (schedula_dispatcher_remove_nodes (dsp, (const char *const[]) { NULL }, &error));
  g_assert_no_error (error);
  assert_mirror (list, mirror);
}

/* Random removals (one node, or several at once) and additions on a model
 * of a few hundred nodes: after each, every node of the list is found by
 * its id at its place, the edges of the model are those of the nodes that
 * stay, and a dispatch gives what the same model built afresh gives */
static void
test_remove_nodes_random (void)
{
  g_autoptr(SchedulaFunction) inc = fn ("inc", fn_inc);
  GRand *rand = g_rand_new_with_seed (20261208);
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("r");
  g_autoptr(GPtrArray) fns = g_ptr_array_new_with_free_func (g_free);  /* live function ids */
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func (g_free);  /* 40 data ids */
  GListModel *list = G_LIST_MODEL (dsp);
  guint next = 0;

  /* a data node removed is not made again (a function that read it keeps
   * it as an input without its edge, which a model made afresh would have):
   * its place takes a new id */
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (data, g_strdup_printf ("v%u", i));
  g_signal_connect (dsp, "items-changed", G_CALLBACK (mirror_items_changed), mirror);
  for (guint step = 0; step < 400; step++)
    {
      g_autoptr(GError) error = NULL;
      guint what = g_rand_int_range (rand, 0, 10);

      if (what < 5 || fns->len < 4)
        {
          /* a function v<i> -> v<j>, on data nodes v0 ... v39 */
          g_autofree char *id = g_strdup_printf ("f%u", next++);
          const char *u = data->pdata[g_rand_int_range (rand, 0, 40)];
          const char *v = data->pdata[g_rand_int_range (rand, 0, 40)];

          add_fn (dsp, id, fn_inc, NULL, IDS (u), IDS (v));
          g_ptr_array_add (fns, g_steal_pointer (&id));
        }
      else if (what < 8)
        {
          guint k = g_rand_int_range (rand, 0, fns->len);

          g_assert_true (schedula_dispatcher_remove_node (dsp, fns->pdata[k], &error));
          g_ptr_array_remove_index (fns, k);
        }
      else
        {
          /* several at once, a data node among them, one id twice */
          g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
          guint m = g_rand_int_range (rand, 1, 4);
          guint d = g_rand_int_range (rand, 0, 40);

          for (guint j = 0; j < m && fns->len > 0; j++)
            {
              guint k = g_rand_int_range (rand, 0, fns->len);

              g_ptr_array_add (ids, g_strdup (fns->pdata[k]));
              if (j == 0)
                g_ptr_array_add (ids, g_strdup (fns->pdata[k]));
              g_ptr_array_remove_index (fns, k);
            }
          if (schedula_dispatcher_lookup_node (dsp, data->pdata[d]) != NULL)
            {
              g_ptr_array_add (ids, g_strdup (data->pdata[d]));
              g_free (data->pdata[d]);
              data->pdata[d] = g_strdup_printf ("w%u", next++);
            }
          g_ptr_array_add (ids, NULL);
          g_assert_true (schedula_dispatcher_remove_nodes (dsp, (const char *const *) ids->pdata, &error));
        }
      g_assert_no_error (error);

      assert_mirror (list, mirror);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);
          const char *id = schedula_node_get_id (node);

          g_assert_true (schedula_dispatcher_lookup_node (dsp, id) == node);
          if (schedula_node_get_kind (node) == SCHEDULA_NODE_KIND_FUNCTION)
            {
              /* its edges: to and from its ports that are still nodes */
              g_auto(GStrv) succ = schedula_dispatcher_dup_successors (dsp, id);
              g_auto(GStrv) pred = schedula_dispatcher_dup_predecessors (dsp, id);
              const char *out = schedula_function_node_get_output (SCHEDULA_FUNCTION_NODE (node), 0);
              const char *in = schedula_function_node_get_input (SCHEDULA_FUNCTION_NODE (node), 0);

              g_assert_cmpuint (g_strv_length (succ), <=, 1);
              g_assert_cmpuint (g_strv_length (pred), <=, 1);
              if (succ[0] != NULL)
                g_assert_cmpstr (succ[0], ==, out);
              else
                g_assert_null (schedula_dispatcher_lookup_node (dsp, out));
              if (pred[0] != NULL)
                g_assert_cmpstr (pred[0], ==, in);
              else
                g_assert_null (schedula_dispatcher_lookup_node (dsp, in));
            }
        }
      if (step % 20 == 19)
        {
          /* the same functions added afresh, with their data nodes
           * (those still in the model): the same solution */
          g_autoptr(SchedulaDispatcher) fresh = schedula_dispatcher_new ("r");
          g_autoptr(GHashTable) in = inputs_new ("v0", 1, "v1", 1, NULL);
          g_autoptr(SchedulaSolution) a = NULL, b = NULL;
          g_autofree char *sa = NULL, *sb = NULL;

          for (guint i = 0; i < g_list_model_get_n_items (list); i++)
            {
              g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);
              SchedulaFunctionNode *f;
              const char *u, *v;

              if (schedula_node_get_kind (node) != SCHEDULA_NODE_KIND_FUNCTION)
                {
                  if (schedula_dispatcher_lookup_node (fresh, schedula_node_get_id (node)) == NULL)
                    schedula_dispatcher_add_data (fresh, schedula_node_get_id (node), NULL, NULL);
                  continue;
                }
              f = SCHEDULA_FUNCTION_NODE (node);
              u = schedula_function_node_get_input (f, 0);
              v = schedula_function_node_get_output (f, 0);
              add_fn (fresh, schedula_node_get_id (node), fn_inc, NULL, IDS (u), IDS (v));
              /* a port whose data node was removed: no edge there either */
              if (schedula_dispatcher_lookup_node (dsp, u) == NULL)
                g_assert_true (schedula_dispatcher_remove_node (fresh, u, NULL));
              if (schedula_dispatcher_lookup_node (dsp, v) == NULL)
                g_assert_true (schedula_dispatcher_remove_node (fresh, v, NULL));
            }
          a = dispatch_ok (dsp, in, NULL, NULL);
          b = dispatch_ok (fresh, in, NULL, NULL);
          sa = sol_str (a);
          sb = sol_str (b);
          g_assert_cmpstr (sa, ==, sb);
        }
    }
  g_rand_free (rand);
}

/* A node type of the application's own: SchedulaNode is derivable. Its
 * index stays -1 and its id is its own; a dispatcher does not take it. */
typedef struct { SchedulaNode parent_instance; gint extra; } TestOwnNode;
typedef struct { SchedulaNodeClass parent_class; } TestOwnNodeClass;

static GType test_own_node_get_type (void);
G_DEFINE_TYPE (TestOwnNode, test_own_node, SCHEDULA_TYPE_NODE)

static void
test_own_node_class_init (TestOwnNodeClass *klass)
{
}

static void
test_own_node_init (TestOwnNode *self)
{
  self->extra = 42;
}

static void
test_node_subclass (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("d");
  g_autoptr(GError) error = NULL;
  TestOwnNode *own = g_object_new (test_own_node_get_type (), "id", "mine", NULL);
  gint index = 0;

  g_assert_cmpstr (schedula_node_get_id (SCHEDULA_NODE (own)), ==, "mine");
  g_assert_cmpint (schedula_node_get_index (SCHEDULA_NODE (own)), ==, -1);
  g_object_get (own, "index", &index, NULL);
  g_assert_cmpint (index, ==, -1);
  g_assert_null (schedula_node_get_dispatcher (SCHEDULA_NODE (own)));
  g_test_expect_message ("Schedula", G_LOG_LEVEL_CRITICAL, "*should not be reached*");
  g_assert_false (schedula_dispatcher_add_node (dsp, SCHEDULA_NODE (own), &error));
  g_test_assert_expected_messages ();
  g_assert_cmpint (own->extra, ==, 42);   /* nothing wrote into its fields */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 0);
  g_object_unref (own);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Model/add-data", test_add_data);
  g_test_add_func ("/Schedula/Model/auto-ids", test_auto_ids);
  g_test_add_func ("/Schedula/Model/auto-ids-many", test_auto_ids_many);
  g_test_add_func ("/Schedula/Model/many-ports", test_many_ports);
  g_test_add_func ("/Schedula/Model/no-dispatcher-contains-itself", test_no_dispatcher_contains_itself);
  g_test_add_func ("/Schedula/Model/example-1-01-indexes-edges-weights", test_example_1_01);
  g_test_add_func ("/Schedula/Model/example-1-02-duplicated-ids", test_example_1_02);
  g_test_add_func ("/Schedula/Model/failed-add-counts", test_failed_add_counts);
  g_test_add_func ("/Schedula/Model/readd-data", test_readd_data);
  g_test_add_func ("/Schedula/Model/special-ids", test_special_ids);
  g_test_add_func ("/Schedula/Model/special-self", test_special_self);
  g_test_add_func ("/Schedula/Model/node-properties", test_node_properties);
  g_test_add_func ("/Schedula/Model/node-notify", test_node_notify);
  g_test_add_func ("/Schedula/Model/api-properties", test_api_properties);
  g_test_add_func ("/Schedula/Model/list-model", test_list_model);
  g_test_add_func ("/Schedula/Model/list-model-late-handlers", test_list_model_late_handlers);
  g_test_add_func ("/Schedula/Model/edges-weights", test_edges_weights);
  g_test_add_func ("/Schedula/Model/sub-dispatcher-node", test_sub_dispatcher_node);
  g_test_add_func ("/Schedula/Model/add-node", test_add_node);
  g_test_add_func ("/Schedula/Model/node-subclass", test_node_subclass);
  g_test_add_func ("/Schedula/Model/remove-nodes", test_remove_nodes);
  g_test_add_func ("/Schedula/Model/remove-nodes-random", test_remove_nodes_random);
  g_test_add_func ("/Schedula/Model/mapping", test_mapping);
  g_test_add_func ("/Schedula/Model/dict", test_dict);
  g_test_add_func ("/Schedula/Model/distance", test_distance);
  g_test_add_func ("/Schedula/Model/none", test_none);
  g_test_add_func ("/Schedula/Model/function", test_function);
  g_test_add_func ("/Schedula/Model/dispatcher-properties", test_dispatcher_properties);

  return g_test_run ();
}
