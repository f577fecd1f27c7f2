/* test-blueprint.c: blueprints, models recorded and replayed into new
 * dispatchers (schedula's Blueprint and BlueDispatcher)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* a = 1 by default; inc: a -> b; add: a, b -> c */
static SchedulaBlueprint *
blueprint_basic (void)
{
  SchedulaBlueprint *bp = schedula_blueprint_new ("bp");
  g_autoptr(OwnedValue) one = value_new_int (1);

  schedula_blueprint_set_description (bp, "about");
  schedula_blueprint_add_data (bp, "a", one);
  schedula_blueprint_add_function_full (bp, "inc", fn_inc, NULL, NULL, IDS ("a"), IDS ("b"));
  schedula_blueprint_add_function_full (bp, "add", fn_add, NULL, NULL, IDS ("a", "b"), IDS ("c"));
  return bp;
}

static GHashTable *
empty_inputs (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
}

static SchedulaDispatcher *
register_ok (SchedulaBlueprint *bp)
{
  g_autoptr(GError) error = NULL;
  SchedulaDispatcher *dsp = schedula_blueprint_register (bp, &error);

  g_assert_no_error (error);
  g_assert_true (SCHEDULA_IS_DISPATCHER (dsp));
  return dsp;
}

/* The value of c after a dispatch of @dsp with @inputs (a new table) */
static gint64
dispatch_c (SchedulaDispatcher *dsp,
            GHashTable         *inputs)
{
  g_autoptr(GHashTable) in = inputs;
  g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, in, IDS ("c"), NULL);

  return sol_int (sol, "c");
}

/* ------------------------------------------------------------------ */
/* Registering                                                         */
/* ------------------------------------------------------------------ */

static void
test_register_twice (void)
{
  g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();
  g_autoptr(SchedulaDispatcher) d1 = NULL;
  g_autoptr(SchedulaDispatcher) d2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OwnedValue) ten = value_new_int (10);
  g_autofree char *nodes = NULL;
  g_autofree char *edges = NULL;

  g_assert_cmpuint (schedula_blueprint_get_n_operations (bp), ==, 3);
  d1 = register_ok (bp);
  d2 = register_ok (bp);
  g_assert_true (d1 != d2);

  /* the same model, with the blueprint's name and description */
  nodes = model_str (d1, MODEL_NODES);
  edges = model_str (d1, MODEL_EDGES);
  g_assert_cmpstr (nodes, ==, "a:0, inc:1, b:2, add:3, c:4");
  g_assert_cmpstr (edges, ==, "a->inc; a->add; inc->b; b->add; add->c");
  ASSERT_STR (model_str (d2, MODEL_NODES), nodes);
  ASSERT_STR (model_str (d2, MODEL_EDGES), edges);
  ASSERT_STR (model_str (d2, MODEL_DEFAULTS), "a=1");
  g_assert_cmpstr (schedula_dispatcher_get_name (d1), ==, "bp");
  g_assert_cmpstr (schedula_dispatcher_get_description (d2), ==, "about");

  /* nodes of their own, functions shared */
  g_assert_true (schedula_dispatcher_lookup_node (d1, "a") != schedula_dispatcher_lookup_node (d2, "a"));
  g_assert_true (schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (schedula_dispatcher_lookup_node (d1, "inc"))) ==
                 schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (schedula_dispatcher_lookup_node (d2, "inc"))));

  /* the same results */
  g_assert_cmpint (dispatch_c (d1, inputs_new ("a", 5, NULL)), ==, 11);
  g_assert_cmpint (dispatch_c (d2, inputs_new ("a", 5, NULL)), ==, 11);
  g_assert_cmpint (dispatch_c (d1, empty_inputs ()), ==, 3);
  g_assert_cmpint (dispatch_c (d2, empty_inputs ()), ==, 3);

  /* a change to the first leaves the second (and the blueprint) alone */
  g_assert_true (schedula_dispatcher_set_default_value (d1, "a", ten, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_remove_node (d1, "inc", &error));
  g_assert_no_error (error);
  ASSERT_STR (model_str (d2, MODEL_NODES), nodes);
  ASSERT_STR (model_str (d2, MODEL_DEFAULTS), "a=1");
  g_assert_cmpint (dispatch_c (d2, empty_inputs ()), ==, 3);
  {
    g_autoptr(SchedulaDispatcher) d3 = register_ok (bp);

    ASSERT_STR (model_str (d3, MODEL_NODES), nodes);
    ASSERT_STR (model_str (d3, MODEL_DEFAULTS), "a=1");
  }
  g_assert_cmpuint (schedula_blueprint_get_n_operations (bp), ==, 3);
}

/* An empty blueprint gives an empty dispatcher */
static void
test_register_empty (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new (NULL);
  g_autoptr(SchedulaDispatcher) dsp = register_ok (bp);

  g_assert_cmpstr (schedula_dispatcher_get_name (dsp), ==, "");
  g_assert_null (schedula_dispatcher_get_description (dsp));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dsp)), ==, 0);
}

/* What is recorded is copied: values, id arrays, mappings, nodes */
static void
test_recorded_copies (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaMapping) in = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out = schedula_mapping_new ();
  g_autoptr(SchedulaDataNode) node = schedula_data_node_new ("n");
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  char *inputs[] = { g_strdup ("x"), NULL };
  SchedulaDispatcherNode *sub;

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, 1);
  schedula_blueprint_add_data (bp, "x", &v);
  g_value_set_int64 (&v, 2);
  schedula_blueprint_add_function_full (bp, "inc", fn_inc, NULL, NULL,
                                        (const char *const *) inputs, IDS ("y"));
  g_free (inputs[0]);
  inputs[0] = g_strdup ("changed");

  schedula_dispatcher_add_function_full (child, "double", fn_double, NULL, NULL, IDS ("i"), IDS ("o"),
                                         &error);
  g_assert_no_error (error);
  schedula_mapping_add (in, "y", "i");
  schedula_mapping_add (out, "o", "z");
  schedula_blueprint_add_dispatcher (bp, "sub", child, in, out);
  schedula_mapping_add (in, "x", "i");   /* not recorded */

  schedula_data_node_set_default_value (node, &v);
  schedula_blueprint_add_node (bp, SCHEDULA_NODE (node));
  g_value_set_int64 (&v, 3);
  schedula_data_node_set_default_value (node, &v);   /* not recorded */

  dsp = register_ok (bp);
  g_free (inputs[0]);
  ASSERT_STR (model_str (dsp, MODEL_DEFAULTS), "x=1, n=2");
  ASSERT_STR (model_str (dsp, MODEL_SORTED_EDGES), "inc->y, sub->z, x->inc, y->sub");
  sub = SCHEDULA_DISPATCHER_NODE (schedula_dispatcher_lookup_node (dsp, "sub"));
  g_assert_cmpuint (schedula_mapping_get_n_keys (schedula_dispatcher_node_get_inputs (sub)), ==, 1);
  /* the child is a copy */
  g_assert_true (schedula_dispatcher_node_get_child (sub) != child);
  {
    g_autoptr(GHashTable) none = empty_inputs ();
    g_autoptr(SchedulaSolution) sol = dispatch_ok (dsp, none, NULL, NULL);

    g_assert_cmpint (sol_int (sol, "z"), ==, 4);
    g_assert_cmpint (sol_int (sol, "n"), ==, 2);
  }
}


/* ------------------------------------------------------------------ */
/* Children                                                            */
/* ------------------------------------------------------------------ */

/* child: i -> double -> o */
static SchedulaBlueprint *
blueprint_child (void)
{
  SchedulaBlueprint *child = schedula_blueprint_new ("child");

  schedula_blueprint_add_function_full (child, "double", fn_double, NULL, NULL, IDS ("i"), IDS ("o"));
  return child;
}

static SchedulaMapping *
mapping_of (const char *key,
            const char *value)
{
  SchedulaMapping *m = schedula_mapping_new ();

  schedula_mapping_add (m, key, value);
  return m;
}

static SchedulaDispatcher *
child_of (SchedulaDispatcher *dsp,
          const char         *id)
{
  SchedulaNode *node = schedula_dispatcher_lookup_node (dsp, id);

  g_assert_true (SCHEDULA_IS_DISPATCHER_NODE (node));
  return schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (node));
}

/* After "extra" was added to the child of s1: a new register call has it,
 * the dispatcher @before does not */
static void
assert_extra_only_in_next (SchedulaBlueprint  *bp,
                           SchedulaDispatcher *before)
{
  g_autoptr(SchedulaDispatcher) next = register_ok (bp);

  g_assert_nonnull (schedula_dispatcher_lookup_node (child_of (next, "s1"), "extra"));
  g_assert_null (schedula_dispatcher_lookup_node (child_of (before, "s1"), "extra"));
}

/* The same child blueprint twice: one dispatcher per register call, which
 * both nodes share (schedula's memo); another call, another one. */
static void
test_child_memo (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("parent");
  g_autoptr(SchedulaBlueprint) other = schedula_blueprint_new ("other");
  g_autoptr(SchedulaBlueprint) child = blueprint_child ();
  g_autoptr(SchedulaMapping) in1 = mapping_of ("a", "i");
  g_autoptr(SchedulaMapping) out1 = mapping_of ("o", "b");
  g_autoptr(SchedulaMapping) in2 = mapping_of ("b", "i");
  g_autoptr(SchedulaMapping) out2 = mapping_of ("o", "c");
  g_autoptr(SchedulaDispatcher) d1 = NULL;
  g_autoptr(SchedulaDispatcher) d2 = NULL;
  g_autoptr(GHashTable) in = inputs_new ("a", 3, NULL);

  schedula_blueprint_add_blueprint (bp, "s1", child, in1, out1);
  /* through another blueprint too */
  schedula_blueprint_add_blueprint (other, "s2", child, in2, out2);
  schedula_blueprint_add_blueprint (bp, "o", other, NULL, NULL);
  schedula_blueprint_add_blueprint (bp, "s3", child, in2, out2);

  d1 = register_ok (bp);
  d2 = register_ok (bp);
  g_assert_true (child_of (d1, "s1") == child_of (d1, "s3"));
  g_assert_true (child_of (child_of (d1, "o"), "s2") == child_of (d1, "s1"));
  g_assert_cmpstr (schedula_dispatcher_get_name (child_of (d1, "s1")), ==, "child");
  g_assert_true (child_of (d1, "s1") != child_of (d2, "s1"));
  g_assert_true (child_of (d1, "o") != child_of (d2, "o"));
  ASSERT_STR (model_str (d1, MODEL_SORTED_IDS), "a, b, c, o, s1, s3");
  ASSERT_STR (model_str (d2, MODEL_SORTED_IDS), "a, b, c, o, s1, s3");
  {
    g_autoptr(SchedulaSolution) sol = dispatch_ok (d2, in, IDS ("c"), NULL);

    g_assert_cmpint (sol_int (sol, "c"), ==, 12);
  }

  /* what is recorded into the child later is part of it at the next call */
  schedula_blueprint_add_data (child, "extra", NULL);
  assert_extra_only_in_next (bp, d1);
}

/* A child dispatcher is copied once per register call */
static void
test_child_dispatcher (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("parent");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaMapping) in = mapping_of ("a", "i");
  g_autoptr(SchedulaMapping) out = mapping_of ("o", "b");
  g_autoptr(SchedulaDispatcher) d1 = NULL;
  g_autoptr(SchedulaDispatcher) d2 = NULL;
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_add_function_full (child, "double", fn_double, NULL, NULL, IDS ("i"), IDS ("o"),
                                         &error);
  g_assert_no_error (error);
  schedula_blueprint_add_dispatcher (bp, "s1", child, in, out);
  schedula_blueprint_add_dispatcher (bp, "s2", child, NULL, NULL);
  d1 = register_ok (bp);
  d2 = register_ok (bp);
  g_assert_true (child_of (d1, "s1") == child_of (d1, "s2"));
  g_assert_true (child_of (d1, "s1") != child);
  g_assert_true (child_of (d1, "s1") != child_of (d2, "s1"));
  ASSERT_STR (model_str (child_of (d2, "s1"), MODEL_SORTED_IDS), "double, i, o");
  ASSERT_STR (model_str (d1, MODEL_SORTED_EDGES), "a->s1, i->s2, o->s2, s1->b, s2->i, s2->o");

  /* a change to the child after recording is in the next copies */
  schedula_dispatcher_add_data (child, "extra", NULL, &error);
  g_assert_no_error (error);
  assert_extra_only_in_next (bp, d1);
}

/* ------------------------------------------------------------------ */
/* add_node, set_default_value, extend                                 */
/* ------------------------------------------------------------------ */

static void
test_add_node (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");
  g_autoptr(SchedulaFunction) inc = schedula_function_new ("inc", fn_inc, NULL, NULL);
  g_autoptr(SchedulaFunctionNode) f = schedula_function_node_new ("f", inc, IDS ("a"), IDS ("b"));
  g_autoptr(SchedulaDispatcher) holder = schedula_dispatcher_new ("holder");
  g_autoptr(SchedulaDispatcher) d1 = NULL;
  g_autoptr(SchedulaDispatcher) d2 = NULL;
  g_autoptr(GError) error = NULL;
  gdouble w = 0;

  schedula_function_node_set_weight (f, 2);
  g_assert_true (schedula_function_node_set_input_weight (f, "a", 3, &error));
  g_assert_no_error (error);
  schedula_node_set_description (SCHEDULA_NODE (f), "increments");
  schedula_blueprint_add_node (bp, SCHEDULA_NODE (f));
  /* the node itself stays free: a copy was recorded */
  g_assert_null (schedula_node_get_dispatcher (SCHEDULA_NODE (f)));
  g_assert_true (schedula_dispatcher_add_node (holder, SCHEDULA_NODE (f), &error));
  g_assert_no_error (error);
  /* and a node of a dispatcher may be recorded too */
  schedula_blueprint_add_node (bp, schedula_dispatcher_lookup_node (holder, "b"));

  d1 = register_ok (bp);
  d2 = register_ok (bp);
  ASSERT_STR (model_str (d1, MODEL_EDGES), "f->b; a->f w=3");
  ASSERT_STR (model_str (d2, MODEL_EDGES), "f->b; a->f w=3");
  {
    SchedulaNode *n1 = schedula_dispatcher_lookup_node (d1, "f");
    SchedulaNode *n2 = schedula_dispatcher_lookup_node (d2, "f");

    g_assert_true (n1 != n2 && n1 != SCHEDULA_NODE (f));
    g_assert_cmpfloat (schedula_function_node_get_weight (SCHEDULA_FUNCTION_NODE (n2)), ==, 2);
    g_assert_cmpstr (schedula_node_get_description (n2), ==, "increments");
    g_assert_true (schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (n2)) == inc);
  }
  g_assert_true (schedula_dispatcher_get_edge_weight (d2, "a", "f", &w));
  g_assert_cmpfloat (w, ==, 3);
}

static void
test_set_default_value (void)
{
  g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();
  g_autoptr(OwnedValue) seven = value_new_int (7);
  SchedulaDistance dist = { 0, 5 };
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  const SchedulaDistance *got;

  schedula_blueprint_set_default_value (bp, "a", seven, &dist);
  schedula_blueprint_set_default_value (bp, "b", seven, NULL);
  schedula_blueprint_set_default_value (bp, "b", NULL, NULL);   /* removed again */
  dist.num = 99;   /* copied */
  dsp = register_ok (bp);
  ASSERT_STR (model_str (dsp, MODEL_DEFAULTS), "a=7");
  got = schedula_data_node_get_initial_dist (SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (dsp, "a")));
  g_assert_cmpfloat (got->num, ==, 5);
  g_assert_cmpint (dispatch_c (dsp, empty_inputs ()), ==, 15);
}

static void
test_extend (void)
{
  g_autoptr(SchedulaBlueprint) basic = blueprint_basic ();
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("ext");
  g_autoptr(SchedulaBlueprint) child = blueprint_child ();
  g_autoptr(SchedulaBlueprint) with_child = schedula_blueprint_new ("with child");
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  schedula_blueprint_add_data (bp, "z", NULL);
  schedula_blueprint_extend (bp, basic);
  g_assert_cmpuint (schedula_blueprint_get_n_operations (bp), ==, 4);
  /* recorded later into basic: not in bp */
  schedula_blueprint_add_data (basic, "late", NULL);
  dsp = register_ok (bp);
  g_assert_cmpstr (schedula_dispatcher_get_name (dsp), ==, "ext");
  ASSERT_STR (model_str (dsp, MODEL_IDS), "z, a, inc, b, add, c");
  g_assert_cmpint (dispatch_c (dsp, inputs_new ("a", 2, NULL)), ==, 5);

  /* with itself: its operations twice (the functions get <0> ids) */
  schedula_blueprint_extend (bp, bp);
  g_assert_cmpuint (schedula_blueprint_get_n_operations (bp), ==, 8);
  g_clear_object (&dsp);
  dsp = register_ok (bp);
  ASSERT_STR (model_str (dsp, MODEL_SORTED_IDS), "a, add, add<0>, b, c, inc, inc<0>, z");

  /* child blueprints are the same objects: registered once */
  schedula_blueprint_add_blueprint (with_child, "s", child, NULL, NULL);
  schedula_blueprint_extend (bp, with_child);
  schedula_blueprint_extend (bp, with_child);
  g_clear_object (&dsp);
  dsp = register_ok (bp);
  g_assert_true (child_of (dsp, "s") == child_of (dsp, "s<0>"));
}

/* extend_dispatcher: the nodes of a dispatcher, sub-dispatchers included */
static void
test_extend_dispatcher (void)
{
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaDispatcher) src = schedula_dispatcher_new ("src");
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("copy");
  g_autoptr(SchedulaMapping) in = mapping_of ("c", "i");
  g_autoptr(SchedulaMapping) out = mapping_of ("o", "d");
  g_autoptr(SchedulaDispatcher) d1 = NULL;
  g_autoptr(SchedulaDispatcher) d2 = NULL;
  g_autoptr(OwnedValue) one = value_new_int (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *edges = NULL;
  g_autofree char *nodes = NULL;

  schedula_dispatcher_add_function_full (child, "double", fn_double, NULL, NULL, IDS ("i"), IDS ("o"),
                                         &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_data (src, "a", one, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (src, "inc", fn_inc, NULL, NULL, IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (src, "add", fn_add, NULL, NULL, IDS ("a", "b"), IDS ("c"),
                                         &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_dispatcher (src, "sub", child, in, out, &error);
  g_assert_no_error (error);
  /* re-adding a gives it a new index: it comes after the others */
  schedula_dispatcher_add_data (src, "a", one, &error);
  g_assert_no_error (error);

  schedula_blueprint_extend_dispatcher (bp, src);
  g_assert_cmpuint (schedula_blueprint_get_n_operations (bp), ==, 7);
  d1 = register_ok (bp);
  d2 = register_ok (bp);
  edges = model_str (src, MODEL_SORTED_EDGES);
  ASSERT_STR (model_str (d1, MODEL_SORTED_EDGES), edges);
  nodes = model_str (src, MODEL_SORTED_IDS);
  ASSERT_STR (model_str (d2, MODEL_SORTED_IDS), nodes);
  ASSERT_STR (model_str (d2, MODEL_DEFAULTS), "a=1");
  g_assert_true (child_of (d1, "sub") != child);
  g_assert_true (child_of (d1, "sub") != child_of (d2, "sub"));
  {
    g_autoptr(GHashTable) none = empty_inputs ();
    g_autoptr(SchedulaSolution) sol = dispatch_ok (d2, none, IDS ("d"), NULL);

    g_assert_cmpint (sol_int (sol, "d"), ==, 6);
  }
}

/* register_into: onto an existing dispatcher, whose name stays */
static void
test_register_into (void)
{
  g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();
  g_autoptr(SchedulaDispatcher) target = schedula_dispatcher_new ("target");
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_add_data (target, "x", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (schedula_blueprint_register_into (bp, target, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (schedula_dispatcher_get_name (target), ==, "target");
  g_assert_null (schedula_dispatcher_get_description (target));
  ASSERT_STR (model_str (target, MODEL_IDS), "x, a, inc, b, add, c");
  g_assert_cmpint (dispatch_c (target, empty_inputs ()), ==, 3);

  /* again: the function ids get <0> */
  g_assert_true (schedula_blueprint_register_into (bp, target, &error));
  g_assert_no_error (error);
  ASSERT_STR (model_str (target, MODEL_IDS), "x, a, inc, b, add, c, inc<0>, add<0>");

  /* a failure leaves the operations before it done */
  {
    g_autoptr(SchedulaBlueprint) bad = schedula_blueprint_new ("bad");
    g_autoptr(SchedulaDispatcher) t2 = schedula_dispatcher_new ("t2");

    schedula_blueprint_add_data (bad, "p", NULL);
    schedula_blueprint_set_default_value (bad, "nope", NULL, NULL);
    schedula_blueprint_add_data (bad, "q", NULL);
    g_assert_false (schedula_blueprint_register_into (bad, t2, &error));
    ASSERT_INVALID_INPUT (error, "blueprint 'bad', operation 1 (set_default_value 'nope'): ");
    ASSERT_STR (model_str (t2, MODEL_IDS), "p");
  }
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* The failing operation is named, with the dispatcher's message, domain
 * and code */
static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  SchedulaDistance nan_dist = { 0, NAN };

  {
    g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();

    /* c is a data node: not an id for a function */
    schedula_blueprint_add_function_full (bp, "f", fn_inc, NULL, NULL, IDS ("a"), IDS ("add"));
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT_MESSAGE (error, "blueprint 'bp', operation 3 (add_function 'f'): "
                                  "Invalid output id: add is not a data node");
  }
  {
    g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();

    schedula_blueprint_add_data (bp, "inc", NULL);
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT (error, "blueprint 'bp', operation 3 (add_data 'inc'): ");
  }
  {
    g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new (NULL);

    schedula_blueprint_add_data (bp, NULL, NULL);
    schedula_blueprint_set_default_value (bp, "x", NULL, NULL);
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT_MESSAGE (error, "blueprint (unnamed), operation 1 (set_default_value 'x'): "
                                  "Input error: x is not a data node");
  }
  {
    g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();

    schedula_blueprint_set_default_value (bp, "a", NULL, &nan_dist);
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT (error, "operation 3 (set_default_value 'a'): ", "NaN");
  }
  {
    /* add_node of a function node whose output is a function */
    g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();
    g_autoptr(SchedulaFunctionNode) f = schedula_function_node_new ("g", NULL, IDS ("a"), IDS ("inc"));

    schedula_blueprint_add_node (bp, SCHEDULA_NODE (f));
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT (error, "blueprint 'bp', operation 3 (add_node 'g'): ",
                          "inc is not a data node");
  }
  {
    /* a failure in a child: the path down to it */
    g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("top");
    g_autoptr(SchedulaBlueprint) mid = schedula_blueprint_new ("mid");
    g_autoptr(SchedulaBlueprint) child = blueprint_child ();

    schedula_blueprint_add_data (bp, "x", NULL);
    schedula_blueprint_add_blueprint (bp, "m", mid, NULL, NULL);
    schedula_blueprint_add_data (mid, "y", NULL);
    schedula_blueprint_add_blueprint (mid, NULL, child, NULL, NULL);
    schedula_blueprint_add_function_full (child, "bad", fn_inc, NULL, NULL, IDS ("double"), NULL);
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT_MESSAGE (error, "blueprint 'top', operation 1 (add_blueprint 'm'): "
                                  "blueprint 'mid', operation 1 (add_blueprint): "
                                  "blueprint 'child', operation 1 (add_function 'bad'): "
                                  "Invalid input id: double is not a data node");
  }
  {
    /* the error of a function's own domain keeps it (a user error through
     * a node attribute the dispatcher checks) */
    g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

    schedula_blueprint_add_function (bp, NULL, NULL, IDS ("a"), IDS ("b"));
    g_assert_null (schedula_blueprint_register (bp, &error));
    ASSERT_INVALID_INPUT (error, "blueprint 'bp', operation 0 (add_function): ", "Invalid function id");
  }
}

/* A blueprint that contains itself, directly or through children */
static void
test_self_containing (void)
{
  g_autoptr(GError) error = NULL;
  SchedulaBlueprint *a = schedula_blueprint_new ("a");
  SchedulaBlueprint *b = schedula_blueprint_new ("b");
  SchedulaBlueprint *c = schedula_blueprint_new ("c");
  g_autoptr(SchedulaDispatcher) target = schedula_dispatcher_new ("t");
  GWeakRef wa, wb, wc;

  schedula_blueprint_add_data (a, "x", NULL);
  schedula_blueprint_add_blueprint (a, "self", a, NULL, NULL);
  g_assert_null (schedula_blueprint_register (a, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "blueprint 'a', operation 1 (add_blueprint 'self'): "
                                "blueprint 'a' contains itself");
  g_assert_false (schedula_blueprint_register_into (a, target, &error));
  ASSERT_INVALID_INPUT (error, "blueprint 'a' contains itself");

  /* b -> c -> b */
  schedula_blueprint_add_blueprint (b, "c", c, NULL, NULL);
  schedula_blueprint_add_data (c, "y", NULL);
  schedula_blueprint_add_blueprint (c, "b", b, NULL, NULL);
  g_assert_null (schedula_blueprint_register (b, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "blueprint 'b', operation 0 (add_blueprint 'c'): "
                                "blueprint 'c', operation 1 (add_blueprint 'b'): "
                                "blueprint 'b' contains itself");
  g_assert_null (schedula_blueprint_register (c, &error));
  ASSERT_INVALID_INPUT (error, "blueprint 'c' contains itself");

  /* the cycles of references: dispose breaks them */
  g_weak_ref_init (&wa, a);
  g_weak_ref_init (&wb, b);
  g_weak_ref_init (&wc, c);
  g_object_run_dispose (G_OBJECT (a));
  g_assert_cmpuint (schedula_blueprint_get_n_operations (a), ==, 0);
  g_object_unref (a);
  g_object_run_dispose (G_OBJECT (b));
  g_object_unref (b);
  g_object_unref (c);
  g_assert_null (g_weak_ref_get (&wa));
  g_assert_null (g_weak_ref_get (&wb));
  g_assert_null (g_weak_ref_get (&wc));
  g_weak_ref_clear (&wa);
  g_weak_ref_clear (&wb);
  g_weak_ref_clear (&wc);
}

/* Programmer errors are preconditions */
static void
precondition_add_data (void)
{
  schedula_blueprint_add_data (NULL, "a", NULL);
}

static void
precondition_add_node (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

  schedula_blueprint_add_node (bp, NULL);
}

static void
precondition_add_blueprint (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

  schedula_blueprint_add_blueprint (bp, "x", NULL, NULL, NULL);
}

static void
precondition_add_dispatcher (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

  schedula_blueprint_add_dispatcher (bp, "x", NULL, NULL, NULL);
}

static void
precondition_set_default_value (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

  schedula_blueprint_set_default_value (bp, NULL, NULL, NULL);
}

static void
precondition_extend (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

  schedula_blueprint_extend (bp, NULL);
}

static void
precondition_register (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_blueprint_register (NULL, NULL);
}

static void
precondition_register_into (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");

  schedula_blueprint_register_into (bp, NULL, NULL);
}

typedef struct
{
  const char *path;
  void      (*run) (void);
  const char *stderr_pattern;
} Precondition;

static const Precondition preconditions[] = {
  { "/Schedula/Blueprint/precondition/add-data", precondition_add_data,
    "*CRITICAL*schedula_blueprint_add_data*SCHEDULA_IS_BLUEPRINT*" },
  { "/Schedula/Blueprint/precondition/add-node", precondition_add_node,
    "*CRITICAL*schedula_blueprint_add_node*SCHEDULA_IS_NODE*" },
  { "/Schedula/Blueprint/precondition/add-blueprint", precondition_add_blueprint,
    "*CRITICAL*schedula_blueprint_add_blueprint*SCHEDULA_IS_BLUEPRINT*" },
  { "/Schedula/Blueprint/precondition/add-dispatcher", precondition_add_dispatcher,
    "*CRITICAL*schedula_blueprint_add_dispatcher*SCHEDULA_IS_DISPATCHER*" },
  { "/Schedula/Blueprint/precondition/set-default-value", precondition_set_default_value,
    "*CRITICAL*schedula_blueprint_set_default_value*id != NULL*" },
  { "/Schedula/Blueprint/precondition/extend", precondition_extend,
    "*CRITICAL*schedula_blueprint_extend*SCHEDULA_IS_BLUEPRINT*" },
  { "/Schedula/Blueprint/precondition/register", precondition_register,
    "*CRITICAL*schedula_blueprint_register*SCHEDULA_IS_BLUEPRINT*" },
  { "/Schedula/Blueprint/precondition/register-into", precondition_register_into,
    "*CRITICAL*schedula_blueprint_register_into*SCHEDULA_IS_DISPATCHER*" },
};

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

/* ------------------------------------------------------------------ */
/* Limits and threads                                                  */
/* ------------------------------------------------------------------ */

#define DEEP 10000

/* Child blueprints nested 10,000 deep: registered without recursion, and
 * released without it */
static void
test_deep_nesting (void)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SchedulaBlueprint *top = NULL;
  SchedulaBlueprint *bottom = NULL;
  SchedulaDispatcher *dsp;
  guint depth = 0;

  /* level k: x -> sub -> x, the sub-dispatcher being level k + 1; the
   * deepest: inc: x -> y */
  for (guint k = 0; k < DEEP; k++)
    {
      SchedulaBlueprint *bp = schedula_blueprint_new ("level");

      if (top == NULL)
        {
          schedula_blueprint_add_function_full (bp, "inc", fn_inc, NULL, NULL, IDS ("x"), IDS ("y"));
          bottom = g_object_ref (bp);
        }
      else
        {
          g_autoptr(SchedulaMapping) in = mapping_of ("x", "x");
          g_autoptr(SchedulaMapping) out = mapping_of ("y", "y");

          schedula_blueprint_add_blueprint (bp, "sub", top, in, out);
          g_object_unref (top);
        }
      top = bp;
    }

  dsp = schedula_blueprint_register (top, &error);
  g_assert_no_error (error);

  /* walk down, keeping each level, so that releasing them is flat too */
  for (SchedulaDispatcher *d = dsp; d != NULL; depth++)
    {
      SchedulaNode *sub = schedula_dispatcher_lookup_node (d, "sub");

      g_ptr_array_add (levels, g_object_ref (d));
      if (sub == NULL)
        {
          g_assert_nonnull (schedula_dispatcher_lookup_node (d, "inc"));
          break;
        }
      d = schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (sub));
    }
  g_assert_cmpuint (depth + 1, ==, DEEP);
  g_object_unref (dsp);

  /* a failure at the bottom: the path shows its first and last levels */
  schedula_blueprint_add_function_full (bottom, "bad", fn_inc, NULL, NULL, IDS ("inc"), NULL);
  g_assert_null (schedula_blueprint_register (top, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error,
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "... (9992 levels) ...: "
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "blueprint 'level', operation 0 (add_blueprint 'sub'): "
    "blueprint 'level', operation 1 (add_function 'bad'): "
    "Invalid input id: inc is not a data node");
  g_object_unref (bottom);

  g_object_unref (top);   /* its children are released one after the other */
  /* the dispatchers: parents first */
  for (guint i = 0; i < levels->len; i++)
    g_object_unref (g_ptr_array_index (levels, i));
}

#define N_THREADS 8
#define N_REGISTERS 500

static gpointer
register_many (gpointer data)
{
  SchedulaBlueprint *bp = data;

  for (guint i = 0; i < N_REGISTERS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaDispatcher) dsp = schedula_blueprint_register (bp, &error);
      g_autoptr(GHashTable) in = inputs_new ("a", (int) i, NULL);
      g_autoptr(SchedulaSolution) sol = NULL;

      g_assert_no_error (error);
      sol = schedula_dispatcher_dispatch (dsp, in, IDS ("d"), NULL, NULL, &error);
      g_assert_no_error (error);
      /* c = a + (a + 1); d = 2 c through the child */
      g_assert_cmpint (sol_int (sol, "d"), ==, 2 * (2 * (gint64) i + 1));
    }
  return NULL;
}

/* 8 threads register the same blueprint (a child blueprint and a child
 * dispatcher in it) 500 times each, and dispatch each result */
static void
test_threads (void)
{
  g_autoptr(SchedulaBlueprint) bp = blueprint_basic ();
  g_autoptr(SchedulaBlueprint) child = blueprint_child ();
  g_autoptr(SchedulaDispatcher) other = schedula_dispatcher_new ("other");
  g_autoptr(SchedulaMapping) in = mapping_of ("c", "i");
  g_autoptr(SchedulaMapping) out = mapping_of ("o", "d");
  g_autoptr(SchedulaMapping) in2 = mapping_of ("a", "u");
  g_autoptr(GError) error = NULL;
  GThread *threads[N_THREADS];

  schedula_blueprint_add_blueprint (bp, "sub", child, in, out);
  schedula_dispatcher_add_function_full (other, "inc", fn_inc, NULL, NULL, IDS ("u"), IDS ("v"), &error);
  g_assert_no_error (error);
  schedula_blueprint_add_dispatcher (bp, "other", other, in2, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("register", register_many, bp);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
}

/* The properties */
static void
test_properties (void)
{
  g_autoptr(SchedulaBlueprint) bp = schedula_blueprint_new ("bp");
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  guint n_ops = 42;

  g_object_get (bp, "name", &name, "description", &description, "n-operations", &n_ops, NULL);
  g_assert_cmpstr (name, ==, "bp");
  g_assert_null (description);
  g_assert_cmpuint (n_ops, ==, 0);
  g_object_set (bp, "name", "other", "description", "about", NULL);
  g_assert_cmpstr (schedula_blueprint_get_name (bp), ==, "other");
  g_assert_cmpstr (schedula_blueprint_get_description (bp), ==, "about");
  schedula_blueprint_add_data (bp, "a", NULL);
  g_object_get (bp, "n-operations", &n_ops, NULL);
  g_assert_cmpuint (n_ops, ==, 1);
  schedula_blueprint_set_name (bp, NULL);
  g_assert_cmpstr (schedula_blueprint_get_name (bp), ==, "");
  schedula_blueprint_set_description (bp, NULL);
  g_assert_null (schedula_blueprint_get_description (bp));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Blueprint/register-twice", test_register_twice);
  g_test_add_func ("/Schedula/Blueprint/register-empty", test_register_empty);
  g_test_add_func ("/Schedula/Blueprint/recorded-copies", test_recorded_copies);
  g_test_add_func ("/Schedula/Blueprint/child-memo", test_child_memo);
  g_test_add_func ("/Schedula/Blueprint/child-dispatcher", test_child_dispatcher);
  g_test_add_func ("/Schedula/Blueprint/add-node", test_add_node);
  g_test_add_func ("/Schedula/Blueprint/set-default-value", test_set_default_value);
  g_test_add_func ("/Schedula/Blueprint/extend", test_extend);
  g_test_add_func ("/Schedula/Blueprint/extend-dispatcher", test_extend_dispatcher);
  g_test_add_func ("/Schedula/Blueprint/register-into", test_register_into);
  g_test_add_func ("/Schedula/Blueprint/errors", test_errors);
  g_test_add_func ("/Schedula/Blueprint/self-containing", test_self_containing);
  g_test_add_func ("/Schedula/Blueprint/deep-nesting", test_deep_nesting);
  g_test_add_func ("/Schedula/Blueprint/threads", test_threads);
  g_test_add_func ("/Schedula/Blueprint/properties", test_properties);
  for (guint i = 0; i < G_N_ELEMENTS (preconditions); i++)
    g_test_add_data_func (preconditions[i].path, &preconditions[i], test_precondition);

  return g_test_run ();
}
