/* test-helpers.c: schedula's helpers (SEMANTICS §5.10-5.13) and the value
 * adapters they read their arguments with (area 5)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static GType
array_type (void)
{
  GType type;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  type = g_value_array_get_type ();
  G_GNUC_END_IGNORE_DEPRECATIONS
  return type;
}

#define ARRAY_TYPE (array_type ())

static GValue *
vint (gint64 i)
{
  return value_new_int (i);
}

static GValue *
vdbl (gdouble d)
{
  GValue *v = g_new0 (GValue, 1);

  g_value_init (v, G_TYPE_DOUBLE);
  g_value_set_double (v, d);
  return v;
}

static GValue *
vstr (const char *s)
{
  GValue *v = g_new0 (GValue, 1);

  g_value_init (v, G_TYPE_STRING);
  g_value_set_string (v, s);
  return v;
}

static GValue *
vnone (void)
{
  GValue *v = g_new0 (GValue, 1);

  schedula_value_init_none (v);
  return v;
}

/* vdict ("a", vint (1), "b", vint (2), NULL): a SchedulaDict value; the
 * item values are taken */
static GValue *
vdict (const char *first_key,
       ...)
{
  GValue *v = g_new0 (GValue, 1);
  SchedulaDict *dict = schedula_dict_new ();
  va_list ap;

  va_start (ap, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (ap, const char *))
    {
      GValue *item = va_arg (ap, GValue *);

      schedula_dict_insert (dict, key, item);
      value_free (item);
    }
  va_end (ap);
  g_value_init (v, SCHEDULA_TYPE_DICT);
  g_value_take_boxed (v, dict);
  return v;
}

/* varr (vint (1), vint (2), NULL): a GValueArray value; the items are taken */
static GValue *
varr_valist (GValue  *first,
             va_list  ap)
{
  GValue *v = g_new0 (GValue, 1);
  GValueArray *array;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array = g_value_array_new (0);
  for (GValue *item = first; item != NULL; item = va_arg (ap, GValue *))
    {
      g_value_array_append (array, item);
      value_free (item);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_init (v, ARRAY_TYPE);
  g_value_take_boxed (v, array);
  return v;
}

static GValue *
varr (GValue *first,
      ...)
{
  GValue *v;
  va_list ap;

  va_start (ap, first);
  v = varr_valist (first, ap);
  va_end (ap);
  return v;
}

/* A mapping value for map_list's key maps */
static GValue *
vmapping (const char *first_key,
          ...)
{
  GValue *v = g_new0 (GValue, 1);
  SchedulaMapping *m = schedula_mapping_new ();
  va_list ap;

  va_start (ap, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (ap, const char *))
    schedula_mapping_add (m, key, va_arg (ap, const char *));
  va_end (ap);
  g_value_init (v, SCHEDULA_TYPE_MAPPING);
  g_value_take_boxed (v, m);
  return v;
}

/* Runs f on the inputs (taken, NULL-terminated) for n_outputs outputs;
 * returns the texts of the outputs joined by " | ", or NULL with error set */
G_GNUC_NULL_TERMINATED static char *
call_text (SchedulaFunction  *f,
           guint              n_outputs,
           GError           **error,
           ...)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (GValue));
  GString *s;
  GValue *outputs;
  guint n_results = 42;
  va_list ap;

  g_array_set_clear_func (inputs, (GDestroyNotify) g_value_unset);
  va_start (ap, error);
  for (GValue *v = va_arg (ap, GValue *); v != NULL; v = va_arg (ap, GValue *))
    {
      g_array_append_val (inputs, *v);
      g_free (v);
    }
  va_end (ap);

  outputs = schedula_function_call (f, (const GValue *) inputs->data, inputs->len, n_outputs, &n_results, error);
  if (outputs == NULL)
    {
      g_assert_cmpuint (n_results, ==, 0);
      return NULL;
    }
  g_assert_cmpuint (n_results, ==, n_outputs);
  s = g_string_new (NULL);
  for (guint i = 0; i < n_outputs; i++)
    {
      g_autofree char *t = value_str (&outputs[i]);

      g_string_append_printf (s, "%s%s", i ? " | " : "", t);
      g_value_unset (&outputs[i]);
    }
  g_free (outputs);
  return g_string_free (s, FALSE);
}

/* The call succeeds with the given text */
#define ASSERT_CALL(expected, f, n_outputs, ...) G_STMT_START {                 \
    g_autoptr(GError) _error = NULL;                                            \
    g_autofree char *_t = call_text ((f), (n_outputs), &_error, __VA_ARGS__);   \
    g_assert_no_error (_error);                                                 \
    g_assert_cmpstr (_t, ==, (expected));                                       \
  } G_STMT_END

/* The call fails with code and exactly the message */
#define ASSERT_CALL_FAILS(code, msg, f, n_outputs, ...) G_STMT_START {         \
    g_autoptr(GError) _error = NULL;                                            \
    g_autofree char *_t = call_text ((f), (n_outputs), &_error, __VA_ARGS__);   \
    g_assert_null (_t);                                                         \
    g_assert_error (_error, SCHEDULA_DISPATCH_ERROR, (code));                   \
    g_assert_cmpstr (_error->message, ==, (msg));                               \
  } G_STMT_END

#define INVALID SCHEDULA_DISPATCH_ERROR_INVALID_INPUT
#define MISMATCH SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH

/* inputs for a dispatch: ("a", value, ...), the values taken */
G_GNUC_NULL_TERMINATED static GHashTable *
inputs_of (const char *first,
           ...)
{
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  va_list ap;

  va_start (ap, first);
  for (const char *id = first; id != NULL; id = va_arg (ap, const char *))
    g_hash_table_insert (h, g_strdup (id), va_arg (ap, GValue *));
  va_end (ap);
  return h;
}

/* The edges of the workflow of sol with their values: "$START->a=1; a->f=1" */
static char *
edges_text (SchedulaSolution *sol)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < schedula_workflow_get_n_edges (wf); i++)
    {
      const char *from = NULL, *to = NULL;
      const GValue *value = NULL;
      g_autofree char *v = NULL;

      schedula_workflow_get_edge (wf, i, &from, &to, &value);
      v = value != NULL ? value_str (value) : NULL;
      g_string_append_printf (s, "%s%s->%s%s%s", i ? "; " : "", from, to, v ? "=" : "", v ? v : "");
    }
  return g_string_free (s, FALSE);
}

/* A model with one node: id runs f from inputs to outputs */
static SchedulaDispatcher *
one_node_model (const char        *id,
                SchedulaFunction  *f,
                const char *const *inputs,
                const char *const *outputs)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);
  GError *error = NULL;

  added (schedula_dispatcher_add_function (dsp, id, f, inputs, outputs, &error), error);
  return dsp;
}

/* ------------------------------------------------------------------ */
/* bypass (§5.12)                                                      */
/* ------------------------------------------------------------------ */

/* Example 5.22, and the outputs a call asks for */
static void
test_bypass_call (void)
{
  g_autoptr(SchedulaFunction) f = schedula_bypass_new ();

  g_assert_cmpstr (schedula_function_get_name (f), ==, "bypass");
  ASSERT_CALL ("'a'", f, 1, vstr ("a"), NULL);
  ASSERT_CALL ("('a', 'b', 'c')", f, 1, vstr ("a"), vstr ("b"), vstr ("c"), NULL);
  ASSERT_CALL ("()", f, 1, NULL);

  /* several outputs: argument i to output i, zipped as schedula does */
  ASSERT_CALL ("1 | 2 | 3", f, 3, vint (1), vint (2), vint (3), NULL);
  ASSERT_CALL ("1 | 2", f, 2, vint (1), vint (2), vint (3), NULL);
  ASSERT_CALL ("1 | NONE", f, 2, varr (vint (1), NULL), NULL);
  ASSERT_CALL ("NONE | NONE", f, 2, NULL);
  /* one argument is the result: a sequence spreads over the outputs */
  ASSERT_CALL ("1 | {x: 2}", f, 2, varr (vint (1), vdict ("x", vint (2), NULL), NULL), NULL);
  ASSERT_CALL_FAILS (MISMATCH, "bypass cannot spread a value of type gint64 over 2 outputs: "
                     "a value of type gint64 is not a sequence", f, 2, vint (7), NULL);
  /* no output */
  ASSERT_CALL ("", f, 0, vint (1), vint (2), NULL);
}

/* bypass as a node function: n inputs to n outputs */
static void
test_bypass_node (void)
{
  g_autoptr(SchedulaFunction) f = schedula_bypass_new ();
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(GHashTable) inputs = inputs_of ("a", vint (1), "b", vstr ("two"), "c", vdbl (3.5), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  added (schedula_dispatcher_add_function (dsp, NULL, f, IDS ("a", "b", "c"), IDS ("x", "y", "z"), &error), error);
  added (schedula_dispatcher_add_function (dsp, "pack", f, IDS ("x", "z"), IDS ("t"), &error), error);
  /* the automatic id is the function's name */
  g_assert_nonnull (schedula_dispatcher_lookup_node (dsp, "bypass"));

  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  ASSERT_STR (sol_str (sol), "a=1, b='two', c=3.5, x=1, y='two', z=3.5, t=(1, 3.5)");
  ASSERT_STR (edges_text (sol), "$START->a=1; $START->b='two'; $START->c=3.5; a->bypass=1; b->bypass='two'; "
                               "c->bypass=3.5; bypass->x=1; bypass->y='two'; bypass->z=3.5; x->pack=1; "
                               "z->pack=3.5; pack->t=(1, 3.5)");
}

/* A NONE input is dropped and the arguments after it shift, as in
 * schedula; a result that cannot be unpacked stops the dispatch */
static void
test_bypass_node_none_and_mismatch (void)
{
  g_autoptr(SchedulaFunction) f = schedula_bypass_new ();
  g_autoptr(SchedulaDispatcher) dsp = one_node_model ("f", f, IDS ("a", "b", "c"), IDS ("x", "y", "z"));
  g_autoptr(SchedulaDispatcher) dsp2 = one_node_model ("g", f, IDS ("a"), IDS ("x", "y"));
  g_autoptr(GHashTable) inputs = inputs_of ("a", vint (1), "b", vnone (), "c", vint (3), NULL);
  g_autoptr(GHashTable) inputs2 = inputs_of ("a", vint (1), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) partial = NULL;
  g_autoptr(GError) error = NULL;

  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  ASSERT_STR (sol_str (sol), "a=1, c=3, x=1, y=3");

  partial = dispatch_fails (dsp2, inputs2, NULL, NULL, NULL, &error);
  g_assert_error (error, SCHEDULA_DISPATCH_ERROR, MISMATCH);
  ASSERT_CONTAINS (error->message, "bypass cannot spread a value of type gint64 over 2 outputs");
}

/* ------------------------------------------------------------------ */
/* summation (§5.12)                                                   */
/* ------------------------------------------------------------------ */

/* Example 5.23, the types of the sum, and the errors */
static void
test_summation_call (void)
{
  g_autoptr(SchedulaFunction) f = schedula_summation_new ();
  g_autoptr(GError) error = NULL;
  GValue inputs[2] = { G_VALUE_INIT, G_VALUE_INIT };
  GValue *out;

  g_assert_cmpstr (schedula_function_get_name (f), ==, "summation");
  ASSERT_CALL ("10.0", f, 1, vint (1), vdbl (3.0), vint (4), vint (2), NULL);
  ASSERT_CALL ("(1, 2)", f, 1, varr (vint (1), NULL), varr (vint (2), NULL), NULL);

  /* integers stay integers (int64), whatever their GType */
  g_value_init (&inputs[0], G_TYPE_INT);
  g_value_set_int (&inputs[0], 40);
  g_value_init (&inputs[1], G_TYPE_BOOLEAN);
  g_value_set_boolean (&inputs[1], TRUE);
  out = schedula_function_call (f, inputs, 2, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_INT64 (&out[0]));
  g_assert_cmpint (g_value_get_int64 (&out[0]), ==, 41);
  g_value_unset (&out[0]);
  g_free (out);
  g_value_unset (&inputs[0]);
  g_value_unset (&inputs[1]);

  ASSERT_CALL ("6", f, 1, vint (1), vint (2), vint (3), NULL);
  ASSERT_CALL ("'abc'", f, 1, vstr ("a"), vstr ("bc"), NULL);
  ASSERT_CALL ("(1, 'x', 2.5)", f, 1, varr (vint (1), NULL), varr (NULL), varr (vstr ("x"), vdbl (2.5), NULL), NULL);
  /* one argument: itself, of any type */
  ASSERT_CALL ("{a: 1}", f, 1, vdict ("a", vint (1), NULL), NULL);
  /* several outputs: a sequence spreads */
  ASSERT_CALL ("1 | 2", f, 2, varr (vint (1), NULL), varr (vint (2), NULL), NULL);

  ASSERT_CALL_FAILS (INVALID, "unsupported operand type(s) for +: 'gint64' and 'gchararray'",
                     f, 1, vint (1), vstr ("a"), NULL);
  ASSERT_CALL_FAILS (INVALID, "unsupported operand type(s) for +: 'gdouble' and 'GValueArray'",
                     f, 1, vint (1), vdbl (0.5), varr (NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "unsupported operand type(s) for +: 'SchedulaDict' and 'SchedulaDict'",
                     f, 1, vdict (NULL), vdict (NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "unsupported operand type(s) for +: 'GValueArray' and 'SchedulaToken'",
                     f, 1, varr (NULL), vnone (), NULL);
  ASSERT_CALL_FAILS (INVALID, "summation of no arguments", f, 1, NULL);
  ASSERT_CALL_FAILS (INVALID, "integer overflow: 9223372036854775807 + 1 does not fit in 64 bits",
                     f, 1, vint (G_MAXINT64), vint (1), NULL);
}

static void
test_summation_node (void)
{
  g_autoptr(SchedulaFunction) f = schedula_summation_new ();
  g_autoptr(SchedulaDispatcher) dsp = one_node_model (NULL, f, IDS ("a", "b"), IDS ("c"));
  g_autoptr(GHashTable) inputs = inputs_of ("a", vint (1), "b", vdbl (2.5), NULL);
  g_autoptr(GHashTable) bad = inputs_of ("a", vint (1), "b", vstr ("x"), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) failed = NULL;

  sol = dispatch_ok (dsp, inputs, IDS ("c"), NULL);
  ASSERT_STR (sol_str (sol), "a=1, b=2.5, c=3.5");

  /* a failure of the node, recorded */
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  failed = dispatch_ok (dsp, bad, IDS ("c"), NULL);
  ASSERT_STR (sol_str (failed), "a=1, b='x'");
  g_assert_error (schedula_solution_get_error (failed, "summation"), SCHEDULA_DISPATCH_ERROR, INVALID);
  g_assert_cmpstr (schedula_solution_get_error (failed, "summation")->message, ==,
                   "unsupported operand type(s) for +: 'gint64' and 'gchararray'");
}

/* ------------------------------------------------------------------ */
/* selector (§5.13)                                                    */
/* ------------------------------------------------------------------ */

/* Example 5.26: dict / list / values / allow_miss / missing */
static void
test_selector_call (void)
{
  g_autoptr(SchedulaFunction) as_dict = schedula_selector_new (IDS ("a", "b"), SCHEDULA_OUTPUT_TYPE_DICT, FALSE);
  g_autoptr(SchedulaFunction) as_default = schedula_selector_new (IDS ("a", "b"), SCHEDULA_OUTPUT_TYPE_DEFAULT, FALSE);
  g_autoptr(SchedulaFunction) as_list = schedula_selector_new (IDS ("a", "b"), SCHEDULA_OUTPUT_TYPE_LIST, FALSE);
  g_autoptr(SchedulaFunction) as_values = schedula_selector_new (IDS ("a", "b"), SCHEDULA_OUTPUT_TYPE_VALUES, FALSE);
  g_autoptr(SchedulaFunction) miss = schedula_selector_new (IDS ("a", "b"), SCHEDULA_OUTPUT_TYPE_DICT, TRUE);
  g_autoptr(SchedulaFunction) one = schedula_selector_new (IDS ("b"), SCHEDULA_OUTPUT_TYPE_VALUES, FALSE);
  g_autoptr(SchedulaFunction) none = schedula_selector_new (NULL, SCHEDULA_OUTPUT_TYPE_VALUES, FALSE);
  g_autoptr(SchedulaFunction) quote = schedula_selector_new (IDS ("it's"), SCHEDULA_OUTPUT_TYPE_DICT, FALSE);
  g_autoptr(SchedulaFunction) both = schedula_selector_new (IDS ("it's \"x\"\n"), SCHEDULA_OUTPUT_TYPE_DICT, FALSE);

  g_assert_cmpstr (schedula_function_get_name (as_dict), ==, "selector");
  ASSERT_CALL ("{a: 1, b: 2}", as_dict, 1, vdict ("a", vint (1), "b", vint (2), "c", vint (3), NULL), NULL);
  /* keys in the order of the selector */
  ASSERT_CALL ("{a: 1, b: 2}", as_default, 1, vdict ("c", vint (3), "b", vint (2), "a", vint (1), NULL), NULL);
  ASSERT_CALL ("(1, 2)", as_list, 1, vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  ASSERT_CALL ("(1, 2)", as_values, 1, vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  ASSERT_CALL ("{a: 1}", miss, 1, vdict ("a", vint (1), NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "'b'", as_dict, 1, vdict ("a", vint (1), NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "'b'", as_list, 1, vdict ("a", vint (1), NULL), NULL);
  /* values: one value alone, none as an empty sequence */
  ASSERT_CALL ("2", one, 1, vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  ASSERT_CALL ("()", none, 1, vdict ("a", vint (1), NULL), NULL);
  /* as Python prints the key of a KeyError */
  ASSERT_CALL_FAILS (INVALID, "\"it's\"", quote, 1, vdict (NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "'it\\'s \"x\"\\n'", both, 1, vdict (NULL), NULL);

  /* several outputs */
  ASSERT_CALL ("1 | 2", as_values, 2, vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  ASSERT_CALL ("1 | 2", as_list, 2, vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  ASSERT_CALL_FAILS (MISMATCH, "selector cannot spread a value of type SchedulaDict over 2 outputs: "
                     "a value of type SchedulaDict is not a sequence",
                     as_dict, 2, vdict ("a", vint (1), "b", vint (2), NULL), NULL);

  /* one mapping argument */
  ASSERT_CALL_FAILS (INVALID, "a value of type gint64 is not a mapping", as_dict, 1, vint (1), NULL);
  ASSERT_CALL_FAILS (INVALID, "selector takes one argument, a mapping (2 given)",
                     as_dict, 1, vdict (NULL), vdict (NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "selector takes one argument, a mapping (0 given)", as_dict, 1, NULL);
}

/* A selector node spreads the values over its outputs; a missing key is
 * a failure of the node with KeyError's text */
static void
test_selector_node (void)
{
  g_autoptr(SchedulaFunction) f = schedula_selector_new (IDS ("b", "a"), SCHEDULA_OUTPUT_TYPE_VALUES, FALSE);
  g_autoptr(SchedulaDispatcher) dsp = one_node_model ("pick", f, IDS ("d"), IDS ("x", "y"));
  g_autoptr(GHashTable) inputs = inputs_of ("d", vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  g_autoptr(GHashTable) missing = inputs_of ("d", vdict ("a", vint (1), NULL), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) failed = NULL;

  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  ASSERT_STR (sol_str (sol), "d={a: 1, b: 2}, x=2, y=1");

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  failed = dispatch_ok (dsp, missing, NULL, NULL);
  ASSERT_STR (sol_str (failed), "d={a: 1}");
  g_assert_error (schedula_solution_get_error (failed, "pick"), SCHEDULA_DISPATCH_ERROR, INVALID);
  g_assert_cmpstr (schedula_solution_get_error (failed, "pick")->message, ==, "'b'");
}

/* ------------------------------------------------------------------ */
/* replicate_value (§5.12)                                             */
/* ------------------------------------------------------------------ */

/* Example 5.27, n = 1 and 0, deep copies */
static void
test_replicate_value_call (void)
{
  g_autoptr(SchedulaFunction) three = schedula_replicate_value_new (3);
  g_autoptr(SchedulaFunction) one = schedula_replicate_value_new (1);
  g_autoptr(SchedulaFunction) zero = schedula_replicate_value_new (0);
  g_autoptr(OwnedValue) input = vdict ("a", vint (3), "l", varr (vdict ("x", vint (1), NULL), NULL), NULL);
  g_autoptr(GError) error = NULL;
  SchedulaDict *original = g_value_get_boxed (input);
  GValueArray *copies;
  GValue *out;

  g_assert_cmpstr (schedula_function_get_name (three), ==, "replicate_value");
  ASSERT_CALL ("({a: 3}, {a: 3}, {a: 3})", three, 1, vdict ("a", vint (3), NULL), NULL);
  ASSERT_CALL ("{a: 3}", one, 1, vdict ("a", vint (3), NULL), NULL);
  ASSERT_CALL ("()", zero, 1, vint (1), NULL);
  ASSERT_CALL ("7 | 7 | 7", three, 3, vint (7), NULL);
  ASSERT_CALL_FAILS (INVALID, "replicate_value takes one argument, the value (2 given)",
                     three, 1, vint (1), vint (2), NULL);

  /* the copies are deep: new dicts and sequences, all the way down */
  out = schedula_function_call (three, input, 1, 1, NULL, &error);
  g_assert_no_error (error);
  copies = g_value_get_boxed (&out[0]);
  g_assert_cmpuint (copies->n_values, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      SchedulaDict *copy = g_value_get_boxed (&copies->values[i]);
      const GValue *l = schedula_dict_lookup (copy, "l");
      GValueArray *list = g_value_get_boxed (l);

      g_assert_true (copy != original);
      g_assert_true (list != g_value_get_boxed (schedula_dict_lookup (original, "l")));
      g_assert_true (g_value_get_boxed (&list->values[0]) !=
                     g_value_get_boxed (&((GValueArray *) g_value_get_boxed (schedula_dict_lookup (original, "l")))->values[0]));
      for (guint k = 0; k < i; k++)
        g_assert_true (copy != g_value_get_boxed (&copies->values[k]));
    }
  g_value_unset (&out[0]);
  g_free (out);
}

/* As a node function, n outputs get a copy each */
static void
test_replicate_value_node (void)
{
  g_autoptr(SchedulaFunction) f = schedula_replicate_value_new (3);
  g_autoptr(SchedulaDispatcher) dsp = one_node_model (NULL, f, IDS ("v"), IDS ("x", "y", "z"));
  g_autoptr(GHashTable) inputs = inputs_of ("v", vdict ("a", vint (3), NULL), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;

  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  ASSERT_STR (sol_str (sol), "v={a: 3}, x={a: 3}, y={a: 3}, z={a: 3}");
  g_assert_true (g_value_get_boxed (schedula_solution_lookup (sol, "x")) !=
                 g_value_get_boxed (schedula_solution_lookup (sol, "y")));
}

/* ------------------------------------------------------------------ */
/* combine_dicts, map_dict, map_list (§5.11)                          */
/* ------------------------------------------------------------------ */

/* Example 5.19 */
static void
test_combine_dicts_call (void)
{
  g_autoptr(SchedulaFunction) f = schedula_combine_dicts_new ();
  g_autoptr(OwnedValue) input = vdict ("a", vint (1), NULL);
  g_autoptr(GError) error = NULL;
  GValue *out;

  g_assert_cmpstr (schedula_function_get_name (f), ==, "combine_dicts");
  ASSERT_CALL ("{a: 1, c: 3, b: 2}", f, 1,
               vdict ("a", vint (3), "c", vint (3), NULL), vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  ASSERT_CALL ("{}", f, 1, NULL);
  ASSERT_CALL ("{a: 1, b: 2}", f, 1, vdict ("a", vint (1), NULL), vdict (NULL), vdict ("b", vint (2), NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "a value of type GValueArray is not a mapping", f, 1, vdict (NULL), varr (NULL), NULL);

  /* one dict: a new dict (schedula's shallow copy) */
  out = schedula_function_call (f, input, 1, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_value_get_boxed (&out[0]) != g_value_get_boxed (input));
  g_value_unset (&out[0]);
  g_free (out);
}

static void
test_combine_dicts_node (void)
{
  g_autoptr(SchedulaFunction) f = schedula_combine_dicts_new ();
  g_autoptr(SchedulaDispatcher) dsp = one_node_model (NULL, f, IDS ("d1", "d2"), IDS ("d"));
  g_autoptr(GHashTable) inputs = inputs_of ("d1", vdict ("a", vint (3), "c", vint (3), NULL),
                                            "d2", vdict ("a", vint (1), "b", vint (2), NULL), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;

  sol = dispatch_ok (dsp, inputs, IDS ("d"), NULL);
  g_assert_nonnull (schedula_solution_lookup (sol, "d"));
  ASSERT_STR (value_str (schedula_solution_lookup (sol, "d")), "{a: 1, c: 3, b: 2}");
  ASSERT_DIST (sol, "$START=-1, d1=0, d2=0, combine_dicts=1, d=2");
}

/* Example 5.24, and colliding names */
static void
test_map_dict_call (void)
{
  g_autoptr(SchedulaMapping) key_map = mapping_new_pairs (IDS ("a", "c", "b", "d"));
  g_autoptr(SchedulaMapping) collide = mapping_new_pairs (IDS ("a", "x", "b", "x"));
  g_autoptr(SchedulaFunction) f = schedula_map_dict_new (key_map);
  g_autoptr(SchedulaFunction) g = schedula_map_dict_new (collide);

  g_assert_cmpstr (schedula_function_get_name (f), ==, "map_dict");
  ASSERT_CALL ("{c: 1, d: 2}", f, 1, vdict ("a", vint (1), "b", vint (1), NULL), vdict ("b", vint (2), NULL), NULL);
  ASSERT_CALL ("{c: 1, e: 5}", f, 1, vdict ("a", vint (1), "e", vint (5), NULL), NULL);
  ASSERT_CALL ("{}", f, 1, NULL);
  /* the dicts are combined first, then renamed: the later key wins */
  ASSERT_CALL ("{x: 2, y: 0}", g, 1,
               vdict ("a", vint (1), "y", vint (0), NULL), vdict ("b", vint (2), "a", vint (3), NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "a value of type gchararray is not a mapping", f, 1, vstr ("a"), NULL);
}

static void
test_map_dict_node (void)
{
  g_autoptr(SchedulaMapping) key_map = mapping_new_pairs (IDS ("a", "c", "b", "d"));
  g_autoptr(SchedulaFunction) f = schedula_map_dict_new (key_map);
  g_autoptr(SchedulaDispatcher) dsp = one_node_model ("rename", f, IDS ("d1", "d2"), IDS ("out"));
  g_autoptr(GHashTable) inputs = inputs_of ("d1", vdict ("a", vint (1), "b", vint (1), NULL),
                                            "d2", vdict ("b", vint (2), NULL), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;

  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  ASSERT_STR (value_str (schedula_solution_lookup (sol, "out")), "{c: 1, d: 2}");
}

/* The key map of Example 5.25: ['a', {'a': 'c'}, ['a', {'a': 'd'}]] */
static GValue *
key_map_5_25 (void)
{
  return varr (vstr ("a"), vmapping ("a", "c", NULL),
               varr (vstr ("a"), vdict ("a", vstr ("d"), NULL), NULL), NULL);
}

/* Example 5.25 */
static void
test_map_list_call (void)
{
  g_autoptr(OwnedValue) description = key_map_5_25 ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaFunction) f = schedula_map_list_new (description, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (schedula_function_get_name (f), ==, "map_list");
  ASSERT_CALL ("{a: 1, c: 3, b: 2, d: 4}", f, 1,
               vint (2), vdict ("a", vint (3), "b", vint (2), NULL), varr (vint (1), vdict ("a", vint (4), NULL), NULL),
               NULL);
  /* zipped: missing arguments and extra ones are ignored */
  ASSERT_CALL ("{a: 2}", f, 1, vint (2), NULL);
  ASSERT_CALL ("{a: 2, c: 3, a2: 0}", f, 1,
               vint (2), vdict ("a", vint (3), "a2", vint (0), NULL), varr (NULL), vint (9), NULL);
  ASSERT_CALL ("{}", f, 1, NULL);
  /* the arguments must have the shape of their item */
  ASSERT_CALL_FAILS (INVALID, "a value of type gint64 is not a mapping", f, 1, vint (2), vint (3), NULL);
  ASSERT_CALL_FAILS (INVALID, "a value of type SchedulaDict is not a sequence", f, 1,
                     vint (2), vdict (NULL), vdict (NULL), NULL);
  ASSERT_CALL_FAILS (INVALID, "a value of type gint64 is not a mapping", f, 1,
                     vint (2), vdict (NULL), varr (vint (1), vint (4), NULL), NULL);
}

/* Key maps that cannot be read: the error names the item */
static void
test_map_list_bad_key_map (void)
{
  struct {
    GValue     *key_map;
    const char *message;
  } cases[] = {
    { vint (1), "map_list: the key map: a value of type gint64 is not a sequence" },
    { varr (vstr ("a"), vint (1), NULL),
      "map_list: the key map: item 1: a value of type gint64 is not a key (a string), a mapping or a sequence" },
    { varr (vstr ("a"), varr (vstr ("b"), vnone (), NULL), NULL),
      "map_list: the key map: item 1: item 1: a value of type SchedulaToken is not a key (a string), a mapping "
      "or a sequence" },
    { varr (vdict ("a", vint (1), NULL), NULL),
      "map_list: the key map: item 0: the new name of key a is a value of type gint64, not a string" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SchedulaFunction *f = schedula_map_list_new (cases[i].key_map, &error);

      g_assert_null (f);
      g_assert_error (error, SCHEDULA_DISPATCH_ERROR, INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      value_free (cases[i].key_map);
    }
}

static void
test_map_list_node (void)
{
  g_autoptr(OwnedValue) description = key_map_5_25 ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaFunction) f = schedula_map_list_new (description, &error);
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GHashTable) inputs = inputs_of ("x", vint (2), "y", vdict ("a", vint (3), "b", vint (2), NULL),
                                            "z", varr (vint (1), vdict ("a", vint (4), NULL), NULL), NULL);
  g_autoptr(SchedulaSolution) sol = NULL;

  g_assert_no_error (error);
  dsp = one_node_model (NULL, f, IDS ("x", "y", "z"), IDS ("out"));
  sol = dispatch_ok (dsp, inputs, IDS ("out"), NULL);
  ASSERT_STR (value_str (schedula_solution_lookup (sol, "out")), "{a: 1, c: 3, b: 2, d: 4}");
}

/* ------------------------------------------------------------------ */
/* Value adapters                                                      */
/* ------------------------------------------------------------------ */

/* A foreign container, as a binding has: a boxed type that wraps a dict or
 * a sequence the library cannot see into */
typedef struct
{
  GValue inner;
} TestBag;

static TestBag *
test_bag_copy (TestBag *bag)
{
  TestBag *copy = g_new0 (TestBag, 1);

  g_value_init (&copy->inner, G_VALUE_TYPE (&bag->inner));
  g_value_copy (&bag->inner, &copy->inner);
  return copy;
}

static void
test_bag_free (TestBag *bag)
{
  g_value_unset (&bag->inner);
  g_free (bag);
}

GType test_bag_get_type (void);

G_DEFINE_BOXED_TYPE (TestBag, test_bag, test_bag_copy, test_bag_free)

/* A TestBag value around contents (taken) */
static GValue *
vbag (GValue *contents)
{
  GValue *v = g_new0 (GValue, 1);
  TestBag *bag = g_new0 (TestBag, 1);

  bag->inner = *contents;
  g_free (contents);
  g_value_init (v, test_bag_get_type ());
  g_value_take_boxed (v, bag);
  return v;
}

/* The state of one registered adapter */
typedef struct
{
  const char *name;
  gint        calls;
  gint       *destroyed;
} AdapterData;

static AdapterData *
adapter_data_new (const char *name,
                  gint       *destroyed)
{
  AdapterData *data = g_new0 (AdapterData, 1);

  data->name = name;
  data->destroyed = destroyed;
  return data;
}

static void
adapter_data_free (gpointer p)
{
  AdapterData *data = p;

  g_atomic_int_inc (data->destroyed);
  g_free (data);
}

static gboolean
bag_read (AdapterData         *data,
          TestBag             *bag,
          SchedulaValueShape   shape,
          GValue              *result,
          GError             **error)
{
  GType want = shape == SCHEDULA_VALUE_SHAPE_DICT ? SCHEDULA_TYPE_DICT : ARRAY_TYPE;

  g_atomic_int_inc (&data->calls);
  if (!G_VALUE_HOLDS (&bag->inner, want))
    {
      g_set_error (error, TEST_ERROR, 1, "%s: this bag holds a %s", data->name, G_VALUE_TYPE_NAME (&bag->inner));
      return FALSE;
    }
  g_value_init (result, want);
  g_value_copy (&bag->inner, result);
  return TRUE;
}

/* The adapter of TestBag values */
static gboolean
bag_adapter (const GValue        *value,
             SchedulaValueShape   shape,
             GValue              *result,
             gpointer             user_data,
             GError             **error)
{
  return bag_read (user_data, g_value_get_boxed (value), shape, result, error);
}

/* The adapter of a pointer type whose values point to TestBags */
static gboolean
handle_adapter (const GValue        *value,
                SchedulaValueShape   shape,
                GValue              *result,
                gpointer             user_data,
                GError             **error)
{
  return bag_read (user_data, g_value_get_pointer (value), shape, result, error);
}

/* The adapter of an object type: the mapping is the object's "contents" */
static gboolean
object_adapter (const GValue        *value,
                SchedulaValueShape   shape,
                GValue              *result,
                gpointer             user_data,
                GError             **error)
{
  AdapterData *data = user_data;
  GObject *object = g_value_get_object (value);
  SchedulaDict *contents = object != NULL ? g_object_get_data (object, "contents") : NULL;

  g_atomic_int_inc (&data->calls);
  if (shape != SCHEDULA_VALUE_SHAPE_DICT || contents == NULL)
    {
      g_set_error (error, TEST_ERROR, 2, "%s: no contents", data->name);
      return FALSE;
    }
  g_value_init (result, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (result, contents);
  return TRUE;
}

/* Refuses without saying why */
static gboolean
quiet_adapter (const GValue        *value,
               SchedulaValueShape   shape,
               GValue              *result,
               gpointer             user_data,
               GError             **error)
{
  return FALSE;
}

/* Reads everything as a string */
static gboolean
wrong_adapter (const GValue        *value,
               SchedulaValueShape   shape,
               GValue              *result,
               gpointer             user_data,
               GError             **error)
{
  g_value_init (result, G_TYPE_STRING);
  g_value_set_static_string (result, "not a container");
  return TRUE;
}

/* The library's containers need no adapter; other values need one */
static void
test_adapter_builtin (void)
{
  g_autoptr(OwnedValue) dict = vdict ("a", vint (1), NULL);
  g_autoptr(OwnedValue) array = varr (vint (1), vstr ("x"), NULL);
  g_autoptr(OwnedValue) pointer = g_new0 (GValue, 1);
  g_autoptr(OwnedValue) number = vint (3);
  g_autoptr(SchedulaDict) d = NULL;
  g_autoptr(GError) error = NULL;
  GValueArray *a;

  d = schedula_value_dup_dict (dict, &error);
  g_assert_no_error (error);
  g_assert_true (d == g_value_get_boxed (dict));

  a = schedula_value_dup_sequence (array, &error);
  g_assert_no_error (error);
  g_assert_true (a != g_value_get_boxed (array));
  g_assert_cmpuint (a->n_values, ==, 2);
  g_assert_cmpstr (g_value_get_string (&a->values[1]), ==, "x");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_value_array_free (a);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* no adapter: errors that name the type */
  g_assert_null (schedula_value_dup_sequence (dict, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type SchedulaDict is not a sequence");
  g_assert_null (schedula_value_dup_dict (array, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type GValueArray is not a mapping");
  g_value_init (pointer, G_TYPE_POINTER);
  g_assert_null (schedula_value_dup_dict (pointer, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type gpointer is not a mapping");
  g_assert_null (schedula_value_dup_sequence (pointer, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type gpointer is not a sequence");
  g_assert_null (schedula_value_dup_dict (number, NULL));
}

/* Registering, using, replacing and removing an adapter */
static void
test_adapter_register (void)
{
  gint destroyed = 0;
  AdapterData *first = adapter_data_new ("first", &destroyed);
  AdapterData *second = adapter_data_new ("second", &destroyed);
  g_autoptr(OwnedValue) dict_bag = vbag (vdict ("a", vint (1), "b", vint (2), NULL));
  g_autoptr(OwnedValue) seq_bag = vbag (varr (vint (1), vint (2), NULL));
  g_autoptr(SchedulaDict) d = NULL;
  g_autoptr(GError) error = NULL;
  GValueArray *a;

  g_assert_null (schedula_value_dup_dict (dict_bag, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type TestBag is not a mapping");

  schedula_value_register_adapter (test_bag_get_type (), bag_adapter, first, adapter_data_free);

  d = schedula_value_dup_dict (dict_bag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedula_dict_get_size (d), ==, 2);
  g_assert_cmpint (g_value_get_int64 (schedula_dict_lookup (d, "b")), ==, 2);
  a = schedula_value_dup_sequence (seq_bag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n_values, ==, 2);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_value_array_free (a);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_cmpint (first->calls, ==, 2);

  /* the adapter's own error */
  g_assert_null (schedula_value_dup_sequence (dict_bag, &error));
  g_assert_error (error, TEST_ERROR, 1);
  g_assert_cmpstr (error->message, ==, "first: this bag holds a SchedulaDict");
  g_clear_error (&error);
  g_assert_cmpint (first->calls, ==, 3);

  /* replacing: the first adapter's data is freed, the second is used */
  schedula_value_register_adapter (test_bag_get_type (), bag_adapter, second, adapter_data_free);
  g_assert_cmpint (destroyed, ==, 1);
  g_assert_null (schedula_value_dup_sequence (dict_bag, &error));
  g_assert_cmpstr (error->message, ==, "second: this bag holds a SchedulaDict");
  g_clear_error (&error);
  g_assert_cmpint (second->calls, ==, 1);

  /* an adapter that refuses without an error, one that gives the wrong type */
  schedula_value_register_adapter (test_bag_get_type (), quiet_adapter, NULL, NULL);
  g_assert_cmpint (destroyed, ==, 2);
  g_assert_null (schedula_value_dup_dict (dict_bag, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type TestBag is not a mapping");
  schedula_value_register_adapter (test_bag_get_type (), wrong_adapter, NULL, NULL);
  g_assert_null (schedula_value_dup_sequence (seq_bag, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "the adapter of type TestBag read a value as a sequence of type "
                                       "gchararray instead of GValueArray");

  /* removing */
  schedula_value_register_adapter (test_bag_get_type (), NULL, NULL, NULL);
  g_assert_null (schedula_value_dup_sequence (seq_bag, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type TestBag is not a sequence");
  /* removing with a destroy notify frees the data given */
  schedula_value_register_adapter (test_bag_get_type (), NULL, adapter_data_new ("gone", &destroyed),
                                   adapter_data_free);
  g_assert_cmpint (destroyed, ==, 3);
}

/* An adapter registered for a type reads the values of its subtypes; a
 * G_TYPE_POINTER type has adapters as any other type */
static void
test_adapter_subtypes (void)
{
  gint destroyed = 0;
  GType thing = g_type_register_static_simple (G_TYPE_OBJECT, "TestThing", sizeof (GObjectClass), NULL,
                                               sizeof (GObject), NULL, 0);
  GType sub_thing = g_type_register_static_simple (thing, "TestSubThing", sizeof (GObjectClass), NULL,
                                                   sizeof (GObject), NULL, 0);
  GType handle = g_pointer_type_register_static ("TestHandle");
  AdapterData *things = adapter_data_new ("things", &destroyed);
  AdapterData *handles = adapter_data_new ("handles", &destroyed);
  g_autoptr(OwnedValue) object_value = g_new0 (GValue, 1);
  g_autoptr(OwnedValue) plain_object = g_new0 (GValue, 1);
  g_autoptr(OwnedValue) handle_value = g_new0 (GValue, 1);
  g_autoptr(OwnedValue) plain_pointer = g_new0 (GValue, 1);
  g_autoptr(OwnedValue) bag = vbag (varr (vint (1), vint (2), NULL));
  g_autoptr(OwnedValue) contents = vdict ("k", vstr ("v"), NULL);
  g_autoptr(GObject) object = g_object_new (sub_thing, NULL);
  g_autoptr(GObject) plain = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(SchedulaDict) d = NULL;
  g_autoptr(GError) error = NULL;
  GValueArray *a;

  schedula_value_register_adapter (thing, object_adapter, things, adapter_data_free);
  schedula_value_register_adapter (handle, handle_adapter, handles, adapter_data_free);

  /* a TestSubThing goes through the adapter of TestThing */
  g_object_set_data_full (object, "contents", g_value_dup_boxed (contents), (GDestroyNotify) schedula_dict_unref);
  g_value_init (object_value, sub_thing);
  g_value_set_object (object_value, object);
  d = schedula_value_dup_dict (object_value, &error);
  g_assert_no_error (error);
  g_assert_true (d == g_value_get_boxed (contents));
  g_assert_cmpint (things->calls, ==, 1);
  g_assert_null (schedula_value_dup_sequence (object_value, &error));
  g_assert_error (error, TEST_ERROR, 2);
  g_clear_error (&error);
  /* a GObject has none */
  g_value_init (plain_object, G_TYPE_OBJECT);
  g_value_set_object (plain_object, plain);
  g_assert_null (schedula_value_dup_dict (plain_object, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type GObject is not a mapping");
  g_assert_cmpint (things->calls, ==, 2);

  /* a pointer type */
  g_value_init (handle_value, handle);
  g_value_set_pointer (handle_value, g_value_get_boxed (bag));
  a = schedula_value_dup_sequence (handle_value, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n_values, ==, 2);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_value_array_free (a);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_cmpint (handles->calls, ==, 1);
  /* gpointer itself has none */
  g_value_init (plain_pointer, G_TYPE_POINTER);
  g_value_set_pointer (plain_pointer, g_value_get_boxed (bag));
  g_assert_null (schedula_value_dup_sequence (plain_pointer, &error));
  ASSERT_INVALID_INPUT_MESSAGE (error, "a value of type gpointer is not a sequence");

  schedula_value_register_adapter (thing, NULL, NULL, NULL);
  schedula_value_register_adapter (handle, NULL, NULL, NULL);
  g_assert_cmpint (destroyed, ==, 2);
}

/* The helpers read foreign containers through the adapters */
static void
test_adapter_helpers (void)
{
  gint destroyed = 0;
  g_autoptr(SchedulaFunction) combine = schedula_combine_dicts_new ();
  g_autoptr(SchedulaFunction) sum = schedula_summation_new ();
  g_autoptr(SchedulaFunction) selector = schedula_selector_new (IDS ("b"), SCHEDULA_OUTPUT_TYPE_LIST, FALSE);
  g_autoptr(SchedulaFunction) bypass = schedula_bypass_new ();
  g_autoptr(SchedulaFunction) map_list = NULL;
  g_autoptr(OwnedValue) key_map = NULL;
  g_autoptr(GError) error = NULL;

  schedula_value_register_adapter (test_bag_get_type (), bag_adapter,
                                   adapter_data_new ("bags", &destroyed), adapter_data_free);

  ASSERT_CALL ("{a: 1, b: 3}", combine, 1,
               vbag (vdict ("a", vint (1), "b", vint (2), NULL)), vdict ("b", vint (3), NULL), NULL);
  ASSERT_CALL ("(1, 2, 3)", sum, 1, vbag (varr (vint (1), NULL)), varr (vint (2), NULL),
               vbag (varr (vint (3), NULL)), NULL);
  ASSERT_CALL ("(2)", selector, 1, vbag (vdict ("b", vint (2), NULL)), NULL);
  ASSERT_CALL ("1 | 'x'", bypass, 2, vbag (varr (vint (1), vstr ("x"), NULL)), NULL);
  /* the adapter's error */
  g_assert_null (call_text (selector, 1, &error, vbag (varr (NULL)), NULL));
  g_assert_error (error, TEST_ERROR, 1);
  g_assert_cmpstr (error->message, ==, "bags: this bag holds a GValueArray");
  g_clear_error (&error);

  /* a key map described with foreign containers */
  key_map = vbag (varr (vstr ("a"), vbag (vdict ("x", vstr ("y"), NULL)),
                        vbag (varr (vstr ("b"), NULL)), NULL));
  map_list = schedula_map_list_new (key_map, &error);
  g_assert_no_error (error);
  ASSERT_CALL ("{a: 1, y: 2, b: 3}", map_list, 1,
               vint (1), vbag (vdict ("x", vint (2), NULL)), vbag (varr (vint (3), NULL)), NULL);

  schedula_value_register_adapter (test_bag_get_type (), NULL, NULL, NULL);
  g_assert_cmpint (destroyed, ==, 1);
  /* the key map was read when the function was made */
  ASSERT_CALL ("{a: 1, y: 2, b: 3}", map_list, 1,
               vint (1), vdict ("x", vint (2), NULL), varr (vint (3), NULL), NULL);
}

/* Threads read through an adapter while another replaces it: every
 * adapter's data is freed once, after its last use */
typedef struct
{
  GValue *bag;
  gint    stop;
  gint    reads;
} ReaderState;

static gpointer
reader_thread (gpointer p)
{
  ReaderState *state = p;

  while (!g_atomic_int_get (&state->stop))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaDict) d = schedula_value_dup_dict (state->bag, &error);

      /* between a removal and the next registration there is no adapter */
      if (d == NULL)
        g_assert_error (error, SCHEDULA_DISPATCH_ERROR, INVALID);
      else
        g_assert_cmpuint (schedula_dict_get_size (d), ==, 1);
      g_atomic_int_inc (&state->reads);
    }
  return NULL;
}

static void
test_adapter_threads (void)
{
  gint destroyed = 0;
  g_autoptr(OwnedValue) bag = vbag (vdict ("a", vint (1), NULL));
  ReaderState state = { bag, 0, 0 };
  GThread *threads[4];
  guint registered = 0;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", reader_thread, &state);
  for (guint i = 0; i < 2000 || g_atomic_int_get (&state.reads) < 100; i++)
    {
      schedula_value_register_adapter (test_bag_get_type (), bag_adapter,
                                       adapter_data_new ("racing", &destroyed), adapter_data_free);
      registered++;
      if (i % 7 == 0)
        schedula_value_register_adapter (test_bag_get_type (), NULL, NULL, NULL);
    }
  g_atomic_int_set (&state.stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  schedula_value_register_adapter (test_bag_get_type (), NULL, NULL, NULL);
  g_assert_cmpint (g_atomic_int_get (&destroyed), ==, (gint) registered);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Helpers/bypass/call", test_bypass_call);
  g_test_add_func ("/Schedula/Helpers/bypass/node", test_bypass_node);
  g_test_add_func ("/Schedula/Helpers/bypass/node-none-and-mismatch", test_bypass_node_none_and_mismatch);
  g_test_add_func ("/Schedula/Helpers/summation/call", test_summation_call);
  g_test_add_func ("/Schedula/Helpers/summation/node", test_summation_node);
  g_test_add_func ("/Schedula/Helpers/selector/call", test_selector_call);
  g_test_add_func ("/Schedula/Helpers/selector/node", test_selector_node);
  g_test_add_func ("/Schedula/Helpers/replicate-value/call", test_replicate_value_call);
  g_test_add_func ("/Schedula/Helpers/replicate-value/node", test_replicate_value_node);
  g_test_add_func ("/Schedula/Helpers/combine-dicts/call", test_combine_dicts_call);
  g_test_add_func ("/Schedula/Helpers/combine-dicts/node", test_combine_dicts_node);
  g_test_add_func ("/Schedula/Helpers/map-dict/call", test_map_dict_call);
  g_test_add_func ("/Schedula/Helpers/map-dict/node", test_map_dict_node);
  g_test_add_func ("/Schedula/Helpers/map-list/call", test_map_list_call);
  g_test_add_func ("/Schedula/Helpers/map-list/bad-key-map", test_map_list_bad_key_map);
  g_test_add_func ("/Schedula/Helpers/map-list/node", test_map_list_node);
  g_test_add_func ("/Schedula/Helpers/adapters/builtin", test_adapter_builtin);
  g_test_add_func ("/Schedula/Helpers/adapters/register", test_adapter_register);
  g_test_add_func ("/Schedula/Helpers/adapters/subtypes", test_adapter_subtypes);
  g_test_add_func ("/Schedula/Helpers/adapters/helpers", test_adapter_helpers);
  g_test_add_func ("/Schedula/Helpers/adapters/threads", test_adapter_threads);

  return g_test_run ();
}
