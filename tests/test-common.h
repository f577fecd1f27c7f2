/* test-common.h: helpers shared by the GTest programs of tests/
 *
 * Included by exactly one translation unit per test program; every helper
 * is static and marked unused so each program takes only what it needs.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <gobject/gvaluecollector.h>
#include <schedula-glib.h>

#define IDS(...) ((const char *const[]) { __VA_ARGS__, NULL })

/* Compares a newly allocated string with expected, then frees it. */
#define ASSERT_STR(call, expected) G_STMT_START {           \
    g_autofree char *_s = (call);                           \
    g_assert_cmpstr (_s, ==, (expected));                   \
  } G_STMT_END
#define ASSERT_SOL(sol, expected) ASSERT_STR (sol_str (sol), expected)
#define ASSERT_DIST(sol, expected) ASSERT_STR (dist_str (sol), expected)
#define ASSERT_WF_NODES(sol, expected) ASSERT_STR (wf_str ((sol), FALSE), expected)
#define ASSERT_WF_EDGES(sol, expected) ASSERT_STR (wf_str ((sol), TRUE), expected)

#define ASSERT_CONTAINS(haystack, needle) G_STMT_START {                \
    if (strstr ((haystack), (needle)) == NULL)                          \
      g_error ("'%s' does not contain '%s'", (haystack), (needle));     \
  } G_STMT_END

/* The GError error is domain/code and its message contains every one of
 * the strings that follow; then it is cleared. */
#define ASSERT_ERROR_CLEAR(error, domain, code, ...) G_STMT_START {      \
    g_assert_error ((error), (domain), (code));                         \
    for (const char *const *_n = IDS (__VA_ARGS__); *_n != NULL; _n++)  \
      ASSERT_CONTAINS ((error)->message, *_n);                          \
    g_clear_error (&(error));                                           \
  } G_STMT_END
#define ASSERT_INVALID_INPUT(error, ...) \
  ASSERT_ERROR_CLEAR (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT, __VA_ARGS__)

/* The same, with the exact message. */
#define ASSERT_INVALID_INPUT_MESSAGE(error, expected) G_STMT_START {                      \
    g_assert_error ((error), SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT); \
    g_assert_cmpstr ((error)->message, ==, (expected));                                    \
    g_clear_error (&(error));                                                              \
  } G_STMT_END

G_GNUC_UNUSED static GValue *
value_new_int (gint64 v)
{
  GValue *value = g_new0 (GValue, 1);

  g_value_init (value, G_TYPE_INT64);
  g_value_set_int64 (value, v);
  return value;
}

G_GNUC_UNUSED static void
value_free (gpointer p)
{
  GValue *value = p;

  if (G_IS_VALUE (value))
    g_value_unset (value);
  g_free (value);
}

typedef GValue OwnedValue;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OwnedValue, value_free)

/* inputs_new ("a", 1, "b", 2, NULL): a table of G_TYPE_INT64 inputs. */
G_GNUC_UNUSED G_GNUC_NULL_TERMINATED static GHashTable *
inputs_new (const char *first, ...)
{
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  va_list ap;

  va_start (ap, first);
  for (const char *id = first; id != NULL; id = va_arg (ap, const char *))
    g_hash_table_insert (h, g_strdup (id), value_new_int (va_arg (ap, int)));
  va_end (ap);
  return h;
}

G_GNUC_UNUSED static void
inputs_set_none (GHashTable *h,
                 const char *id)
{
  GValue *value = g_new0 (GValue, 1);

  schedula_value_init_none (value);
  g_hash_table_insert (h, g_strdup (id), value);
}

G_GNUC_UNUSED static gboolean
value_is_int (const GValue *v)
{
  return v != NULL && G_VALUE_HOLDS_INT64 (v);
}

G_GNUC_UNUSED static gdouble
value_num (const GValue *v)
{
  if (G_VALUE_HOLDS_INT64 (v))
    return (gdouble) g_value_get_int64 (v);
  if (G_VALUE_HOLDS_DOUBLE (v))
    return g_value_get_double (v);
  if (G_VALUE_HOLDS_INT (v))
    return g_value_get_int (v);
  g_error ("value of type %s is not a number", G_VALUE_TYPE_NAME (v));
  return 0;
}

static char *sol_str (SchedulaSolution *sol);

/* A short text form of a value, for assertions: 3, 2.5, 'text', NONE,
 * {k: v, ...} for a SchedulaDict. */
G_GNUC_UNUSED static char *
value_str (const GValue *v)
{
  if (v == NULL || !G_IS_VALUE (v))
    return g_strdup ("<unset>");
  if (schedula_value_holds_none (v))
    return g_strdup ("NONE");
  if (G_VALUE_HOLDS_INT64 (v))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (v));
  if (G_VALUE_HOLDS_DOUBLE (v))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      gdouble d = g_value_get_double (v);

      if (d == (gint64) d)
        return g_strdup_printf ("%" G_GINT64_FORMAT ".0", (gint64) d);
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
    }
  if (G_VALUE_HOLDS_STRING (v))
    return g_strdup_printf ("'%s'", g_value_get_string (v));
  if (G_VALUE_HOLDS_BOOLEAN (v))
    return g_strdup (g_value_get_boolean (v) ? "True" : "False");
  if (G_VALUE_HOLDS (v, SCHEDULA_TYPE_DICT))
    {
      SchedulaDict *dict = g_value_get_boxed (v);
      GString *s = g_string_new ("{");

      for (guint i = 0; i < schedula_dict_get_size (dict); i++)
        {
          g_autofree char *item = value_str (schedula_dict_get_value (dict, i));

          g_string_append_printf (s, "%s%s: %s", i ? ", " : "", schedula_dict_get_key (dict, i), item);
        }
      g_string_append_c (s, '}');
      return g_string_free (s, FALSE);
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (G_VALUE_HOLDS (v, g_value_array_get_type ()))
    {
      GValueArray *array = g_value_get_boxed (v);
      GString *s = g_string_new ("(");

      for (guint i = 0; array != NULL && i < array->n_values; i++)
        {
          g_autofree char *item = value_str (&array->values[i]);

          g_string_append_printf (s, "%s%s", i ? ", " : "", item);
        }
      g_string_append_c (s, ')');
      return g_string_free (s, FALSE);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (G_VALUE_HOLDS (v, SCHEDULA_TYPE_SOLUTION))
    {
      g_autofree char *inner = sol_str (g_value_get_object (v));

      return g_strdup_printf ("Solution{%s}", inner);
    }
  return g_strdup_printf ("<%s>", G_VALUE_TYPE_NAME (v));
}

G_GNUC_UNUSED static char *
distance_str (const SchedulaDistance *d)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  if (d->inf == 0)
    return g_strdup (g_ascii_formatd (b, sizeof b, "%g", d->num));
  return g_strdup_printf ("inf(%s, %s)", g_ascii_formatd (a, sizeof a, "%g", d->inf),
                          g_ascii_formatd (b, sizeof b, "%g", d->num));
}

G_GNUC_UNUSED static int
cmp_strp (gconstpointer a,
          gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* "a, b, c" */
G_GNUC_UNUSED static char *
join (char **strv)
{
  g_assert_nonnull (strv);
  return g_strjoinv (", ", strv);
}

/* The values of a solution, in order: "a=1, b=2" */
G_GNUC_UNUSED static char *
sol_str (SchedulaSolution *sol)
{
  GString *s = g_string_new (NULL);
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;

  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      g_autofree char *v = value_str (value);

      g_string_append_printf (s, "%s%s=%s", s->len ? ", " : "", id, v);
    }
  return g_string_free (s, FALSE);
}

/* The distances of a solution, in order: "$START=-1, a=0, f=1" */
G_GNUC_UNUSED static char *
dist_str (SchedulaSolution *sol)
{
  g_auto(GStrv) ids = schedula_solution_get_distance_ids (sol);
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      SchedulaDistance d;
      g_autofree char *ds = NULL;

      g_assert_true (schedula_solution_get_distance (sol, ids[i], &d));
      ds = distance_str (&d);
      g_string_append_printf (s, "%s%s=%s", i ? ", " : "", ids[i], ds);
    }
  return g_string_free (s, FALSE);
}

/* The nodes of the workflow of sol, "$START, a, f", or with edges its
 * edges, "$START->a=1; a->f=1" (no "=" without value) */
G_GNUC_UNUSED static char *
wf_str (SchedulaSolution *sol,
        gboolean          edges)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);
  guint n = edges ? schedula_workflow_get_n_edges (wf) : schedula_workflow_get_n_nodes (wf);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *from = NULL, *to = NULL;
      const GValue *value = NULL;
      g_autofree char *v = NULL;

      if (!edges)
        {
          g_string_append_printf (s, "%s%s", i ? ", " : "", schedula_workflow_get_node_id (wf, i));
          continue;
        }
      schedula_workflow_get_edge (wf, i, &from, &to, &value);
      if (value != NULL)
        v = value_str (value);
      g_string_append_printf (s, "%s%s->%s%s%s", i ? "; " : "", from, to, v ? "=" : "", v ? v : "");
    }
  return g_string_free (s, FALSE);
}

/* What a solution says, whole: values, distances, workflow, errors */
G_GNUC_UNUSED static void
append_solution_text (GString          *s,
                      SchedulaSolution *sol)
{
  g_autofree char *values = sol_str (sol);
  g_autofree char *dists = dist_str (sol);
  g_autofree char *nodes = wf_str (sol, FALSE);
  g_autofree char *edges = wf_str (sol, TRUE);
  g_auto(GStrv) error_ids = schedula_solution_get_error_ids (sol);
  g_autofree char *name = g_strjoinv ("/", (char **) schedula_solution_get_full_name (sol));

  g_string_append_printf (s, "[%s]\n values: %s\n dist: %s\n wf: %s\n edges: %s\n", name, values, dists,
                          nodes, edges);
  for (guint i = 0; error_ids[i] != NULL; i++)
    {
      g_autofree char *message = schedula_solution_dup_error_message (sol, error_ids[i]);

      g_string_append_printf (s, " error %s: %s\n", error_ids[i], message);
    }
}

/* What model_str () lists */
typedef enum {
  MODEL_NODES,          /* "a:0, f:1": id:index, in list order */
  MODEL_IDS,            /* "a, f": the ids in list order */
  MODEL_SORTED_IDS,     /* "a, b, f" */
  MODEL_EDGES,          /* "a->f; a->g w=2": by source node in list order, then
                         * successor order; w= only for edges that carry a weight */
  MODEL_SORTED_EDGES,   /* "a->f, f->b" */
  MODEL_DEFAULTS,       /* "b=3": the default values, in list order */
} ModelText;

/* Adds to items what model_str () lists for node */
G_GNUC_UNUSED static void
add_node_texts (GPtrArray          *items,
                SchedulaDispatcher *dsp,
                SchedulaNode       *node,
                ModelText           what)
{
  const char *id = schedula_node_get_id (node);
  const GValue *v = NULL;
  g_auto(GStrv) succ = NULL;

  switch (what)
    {
    case MODEL_NODES:
      g_ptr_array_add (items, g_strdup_printf ("%s:%d", id, schedula_node_get_index (node)));
      break;
    case MODEL_IDS:
    case MODEL_SORTED_IDS:
      g_ptr_array_add (items, g_strdup (id));
      break;
    case MODEL_DEFAULTS:
      if (SCHEDULA_IS_DATA_NODE (node))
        v = schedula_data_node_get_default_value (SCHEDULA_DATA_NODE (node));
      if (v != NULL)
        {
          g_autofree char *vs = value_str (v);

          g_ptr_array_add (items, g_strdup_printf ("%s=%s", id, vs));
        }
      break;
    case MODEL_EDGES:
    case MODEL_SORTED_EDGES:
      succ = schedula_dispatcher_dup_successors (dsp, id);
      for (guint k = 0; succ[k] != NULL; k++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          gdouble w = -42;

          g_assert_true (schedula_dispatcher_has_edge (dsp, id, succ[k]));
          if (!schedula_dispatcher_get_edge_weight (dsp, id, succ[k], &w))
            {
              g_assert_cmpfloat (w, ==, 1.0);
              g_ptr_array_add (items, g_strdup_printf ("%s->%s", id, succ[k]));
            }
          else if (what == MODEL_EDGES)
            g_ptr_array_add (items, g_strdup_printf ("%s->%s w=%s", id, succ[k],
                                                     g_ascii_formatd (buf, sizeof buf, "%g", w)));
          else
            g_ptr_array_add (items, g_strdup_printf ("%s->%s", id, succ[k]));
        }
      break;
    }
}

/* A text about the nodes or edges of a model, see ModelText */
G_GNUC_UNUSED static char *
model_str (SchedulaDispatcher *dsp,
           ModelText           what)
{
  GListModel *list = G_LIST_MODEL (dsp);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);

      add_node_texts (items, dsp, node, what);
    }
  if (what == MODEL_SORTED_IDS || what == MODEL_SORTED_EDGES)
    g_ptr_array_sort (items, cmp_strp);
  g_ptr_array_add (items, NULL);
  return g_strjoinv (what == MODEL_EDGES ? "; " : ", ", (char **) items->pdata);
}

G_GNUC_UNUSED static SchedulaSolution *
dispatch_ok (SchedulaDispatcher      *dsp,
             GHashTable              *inputs,
             const char *const       *outputs,
             SchedulaDispatchOptions *options)
{
  g_autoptr(GError) error = NULL;
  SchedulaSolution *sol;

  sol = schedula_dispatcher_dispatch (dsp, inputs, outputs, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SCHEDULA_IS_SOLUTION (sol));
  return sol;
}

/* A dispatch that fails: sets error and returns the partial solution the
 * dispatcher keeps. */
G_GNUC_UNUSED static SchedulaSolution *
dispatch_fails (SchedulaDispatcher       *dsp,
                GHashTable               *inputs,
                const char *const        *outputs,
                SchedulaDispatchOptions  *options,
                GCancellable             *cancellable,
                GError                  **error)
{
  SchedulaSolution *partial;

  g_assert_null (schedula_dispatcher_dispatch (dsp, inputs, outputs, options, cancellable, error));
  g_assert_nonnull (*error);
  partial = schedula_dispatcher_get_solution (dsp);
  g_assert_nonnull (partial);
  return partial;
}

G_GNUC_UNUSED static gint64
sol_int (SchedulaSolution *sol,
         const char       *id)
{
  const GValue *v = schedula_solution_lookup (sol, id);

  if (v == NULL)
    g_error ("no value for %s", id);
  g_assert_true (G_VALUE_HOLDS_INT64 (v));
  return g_value_get_int64 (v);
}

/* ------------------------------------------------------------------ */
/* The function catalogue of the specification, in C                   */
/* ------------------------------------------------------------------ */

/* Sets output i of call to a value of type, given as the next argument
 * as for g_object_set (): a gint64 for G_TYPE_INT64, a gdouble for
 * G_TYPE_DOUBLE, a string (copied) for G_TYPE_STRING... */
G_GNUC_UNUSED static void
set_output (SchedulaCall *call,
            guint         i,
            GType         type,
            ...)
{
  GValue value = G_VALUE_INIT;
  g_autofree char *problem = NULL;
  va_list ap;

  va_start (ap, type);
  G_VALUE_COLLECT_INIT (&value, type, ap, 0, &problem);
  va_end (ap);
  g_assert_null (problem);
  schedula_call_take_output (call, i, &value);
}

G_GNUC_UNUSED static void
set_int (SchedulaCall *call,
         guint         i,
         gint64        v)
{
  set_output (call, i, G_TYPE_INT64, v);
}

/* v as an int64 if like holds one, else as a double */
G_GNUC_UNUSED static void
set_num (SchedulaCall *call,
         guint         i,
         const GValue *like,
         gdouble       v)
{
  if (G_VALUE_HOLDS_INT64 (like))
    set_int (call, i, (gint64) v);
  else
    set_output (call, i, G_TYPE_DOUBLE, v);
}

G_GNUC_UNUSED static void
set_bool (SchedulaCall *call,
          gboolean      b)
{
  set_output (call, 0, G_TYPE_BOOLEAN, b);
}

G_GNUC_UNUSED static void
set_none (SchedulaCall *call,
          guint         i)
{
  GValue value = G_VALUE_INIT;

  schedula_value_init_none (&value);
  schedula_call_set_output (call, i, &value);
  g_value_unset (&value);
}

#define IN(i) schedula_call_get_input (call, (i))
#define NIN schedula_call_get_n_inputs (call)

/* add: left fold of + (int64 while every input is an int64) */
G_GNUC_UNUSED static gboolean
fn_add (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble sum = 0;
  gboolean ints = TRUE;

  for (guint i = 0; i < NIN; i++)
    {
      sum += value_num (IN (i));
      ints = ints && G_VALUE_HOLDS_INT64 (IN (i));
    }
  if (ints)
    set_int (call, 0, (gint64) sum);
  else
    set_output (call, 0, G_TYPE_DOUBLE, sum);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_inc (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_cmpuint (NIN, ==, 1);
  set_num (call, 0, IN (0), value_num (IN (0)) + 1);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_double (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_cmpuint (NIN, ==, 1);
  set_num (call, 0, IN (0), value_num (IN (0)) * 2);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_neg (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 0, IN (0), -value_num (IN (0)));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_identity (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_cmpuint (NIN, ==, 1);
  schedula_call_set_output (call, 0, IN (0));
  return TRUE;
}

/* min / max: the first of equal values wins */
G_GNUC_UNUSED static gboolean
fn_min (SchedulaCall *call, gpointer data, GError **error)
{
  guint best = 0;

  for (guint i = 1; i < NIN; i++)
    if (value_num (IN (i)) < value_num (IN (best)))
      best = i;
  schedula_call_set_output (call, 0, IN (best));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_max (SchedulaCall *call, gpointer data, GError **error)
{
  guint best = 0;

  for (guint i = 1; i < NIN; i++)
    if (value_num (IN (i)) > value_num (IN (best)))
      best = i;
  schedula_call_set_output (call, 0, IN (best));
  return TRUE;
}

/* split: (x + 1, x - 1) */
G_GNUC_UNUSED static gboolean
fn_split (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 0, IN (0), value_num (IN (0)) + 1);
  set_num (call, 1, IN (0), value_num (IN (0)) - 1);
  return TRUE;
}

/* sum_diff: (a + b, a - b) */
G_GNUC_UNUSED static gboolean
fn_sum_diff (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 0, IN (0), value_num (IN (0)) + value_num (IN (1)));
  set_num (call, 1, IN (0), value_num (IN (0)) - value_num (IN (1)));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_three_five (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_cmpuint (NIN, ==, 0);
  set_int (call, 0, 3);
  set_int (call, 1, 5);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_one (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_cmpuint (NIN, ==, 0);
  set_int (call, 0, 1);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_count_args (SchedulaCall *call, gpointer data, GError **error)
{
  set_int (call, 0, NIN);
  return TRUE;
}

/* none_and_inc: (NONE, x + 1) */
G_GNUC_UNUSED static gboolean
fn_none_and_inc (SchedulaCall *call, gpointer data, GError **error)
{
  set_none (call, 0);
  set_num (call, 1, IN (0), value_num (IN (0)) + 1);
  return TRUE;
}

/* const: returns the string given as user data */
G_GNUC_UNUSED static gboolean
fn_const (SchedulaCall *call, gpointer data, GError **error)
{
  set_output (call, 0, G_TYPE_STRING, (const char *) data);
  return TRUE;
}

/* The error domain of the tests' own failures */
#define TEST_ERROR (test_error_quark ())

G_GNUC_UNUSED static GQuark
test_error_quark (void)
{
  return g_quark_from_static_string ("schedula-test-error-quark");
}

/* An error for fn_fail () to fail with, given as its user data */
typedef struct {
  GQuark    (*domain) (void);
  gint        code;
  const char *message;
} Failure;

G_GNUC_UNUSED static Failure failure_io = { g_io_error_quark, G_IO_ERROR_FAILED, "fail" };
G_GNUC_UNUSED static Failure failure_domain = { g_io_error_quark, G_IO_ERROR_INVALID_DATA, "domain failed" };
G_GNUC_UNUSED static Failure failure_bang = { test_error_quark, 7, "bang" };

/* fail: fails with the Failure of user data (failure_io without) */
G_GNUC_UNUSED static gboolean
fn_fail (SchedulaCall *call, gpointer data, GError **error)
{
  const Failure *failure = data != NULL ? data : &failure_io;

  g_set_error_literal (error, failure->domain (), failure->code, failure->message);
  return FALSE;
}

/* quiet_false: FALSE without an error */
G_GNUC_UNUSED static gboolean
fn_quiet_false (SchedulaCall *call, gpointer data, GError **error)
{
  return FALSE;
}

/* to_none: a filter that makes the value absent */
G_GNUC_UNUSED static gboolean
fn_to_none (SchedulaCall *call, gpointer data, GError **error)
{
  for (guint i = 0; i < schedula_call_get_n_outputs (call); i++)
    set_none (call, i);
  return TRUE;
}

/* A filter of any arity that increments every value. */
G_GNUC_UNUSED static gboolean
fn_inc_all (SchedulaCall *call, gpointer data, GError **error)
{
  g_assert_cmpuint (NIN, ==, schedula_call_get_n_outputs (call));
  for (guint i = 0; i < NIN; i++)
    if (!schedula_value_holds_none (IN (i)))
      set_num (call, i, IN (i), value_num (IN (i)) + 1);
  return TRUE;
}

/* items_est: a combiner giving 'id=value, ...' sorted by id */
G_GNUC_UNUSED static gboolean
fn_items_est (SchedulaCall *call, gpointer data, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  for (guint i = 0; i < NIN; i++)
    {
      g_autofree char *s = value_str (IN (i));
      const char *id = schedula_call_get_input_id (call, i);

      g_assert_nonnull (id);
      g_ptr_array_add (items, g_strdup_printf ("%s=%s", id, s));
    }
  g_ptr_array_sort (items, cmp_strp);
  g_ptr_array_add (items, NULL);
  joined = g_strjoinv (", ", (char **) items->pdata);
  set_output (call, 0, G_TYPE_STRING, joined);
  return TRUE;
}

/* domains */
G_GNUC_UNUSED static gboolean
dom_gt0 (SchedulaCall *call, gpointer data, GError **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < NIN; i++)
    ok = ok && value_num (IN (i)) > 0;
  set_bool (call, ok);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
dom_always_true (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, TRUE);
  return TRUE;
}

/* dict_de_gt29: 'e' in kw and 'd' in kw and kw['e'] + kw['d'] > 29 */
G_GNUC_UNUSED static gboolean
dom_de_gt29 (SchedulaCall *call, gpointer data, GError **error)
{
  const GValue *d = NULL, *e = NULL;

  for (guint i = 0; i < NIN; i++)
    {
      const char *id = schedula_call_get_input_id (call, i);

      if (g_strcmp0 (id, "d") == 0)
        d = IN (i);
      else if (g_strcmp0 (id, "e") == 0)
        e = IN (i);
    }
  set_bool (call, d != NULL && e != NULL && value_num (d) + value_num (e) > 29);
  return TRUE;
}

/* record: appends the (integer) value to the GArray of user data */
G_GNUC_UNUSED static gboolean
cb_record (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 v = (gint64) value_num (IN (0));

  g_array_append_val ((GArray *) data, v);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
cb_fail (SchedulaCall *call, gpointer data, GError **error)
{
  cb_record (call, data, error);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "callback failed");
  return FALSE;
}

G_GNUC_UNUSED static SchedulaFunction *
fn (const char   *name,
    SchedulaFunc  func)
{
  return schedula_function_new (name, func, NULL, NULL);
}


/* ------------------------------------------------------------------ */
/* Building models                                                     */
/* ------------------------------------------------------------------ */

/* node, added with error: checks that it is there and error is unset */
G_GNUC_UNUSED static gpointer
added (gpointer  node,
       GError   *error)
{
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* A function node running func with data (no function if func is NULL) */
G_GNUC_UNUSED static SchedulaFunctionNode *
add_fn (SchedulaDispatcher *dsp,
        const char         *id,
        SchedulaFunc        func,
        gpointer            data,
        const char *const  *inputs,
        const char *const  *outputs)
{
  g_autoptr(SchedulaFunction) f = func ? schedula_function_new (id, func, data, NULL) : NULL;
  GError *error = NULL;
  SchedulaFunctionNode *node = schedula_dispatcher_add_function (dsp, id, f, inputs, outputs, &error);

  return added (node, error);
}

/* A data node with the default value v (an int64) at initial_dist */
G_GNUC_UNUSED static SchedulaDataNode *
add_data_int (SchedulaDispatcher *dsp,
              const char         *id,
              gint64              v,
              gdouble             initial_dist)
{
  g_autoptr(OwnedValue) value = value_new_int (v);
  g_autoptr(GError) error = NULL;
  SchedulaDistance d = { 0, initial_dist };
  SchedulaDataNode *node;

  node = schedula_dispatcher_add_data (dsp, id, value, &error);
  g_assert_no_error (error);
  g_assert_true (schedula_dispatcher_set_default_value (dsp, id, value, &d, &error));
  g_assert_no_error (error);
  return node;
}

/* A data node without default that waits for all its inputs and merges
 * them with combiner (both set as properties) */
G_GNUC_UNUSED static SchedulaDataNode *
add_data_waiting (SchedulaDispatcher *dsp,
                  const char         *id,
                  SchedulaFunction   *combiner)
{
  GError *error = NULL;
  SchedulaDataNode *node = schedula_dispatcher_add_data (dsp, id, NULL, &error);

  g_object_set (added (node, error), "wait-inputs", TRUE, "combiner", combiner, NULL);
  return node;
}

/* A mapping from a NULL-terminated list of (from, to) pairs; NULL for NULL */
G_GNUC_UNUSED static SchedulaMapping *
mapping_new_pairs (const char *const *pairs)
{
  SchedulaMapping *m;

  if (pairs == NULL)
    return NULL;
  m = schedula_mapping_new ();
  for (guint i = 0; pairs[i] != NULL; i += 2)
    schedula_mapping_add (m, pairs[i], pairs[i + 1]);
  return m;
}

/* A sub-dispatcher node for child; inputs are (parent id, child id) pairs,
 * outputs (child id, parent id) pairs, as for mapping_new_pairs () */
G_GNUC_UNUSED static SchedulaDispatcherNode *
add_sub_dsp (SchedulaDispatcher *dsp,
             const char         *id,
             SchedulaDispatcher *child,
             const char *const  *inputs,
             const char *const  *outputs)
{
  g_autoptr(SchedulaMapping) in_map = mapping_new_pairs (inputs);
  g_autoptr(SchedulaMapping) out_map = mapping_new_pairs (outputs);
  GError *error = NULL;
  SchedulaDispatcherNode *node = schedula_dispatcher_add_dispatcher (dsp, id, child, in_map, out_map, &error);

  return added (node, error);
}

/* The parent of SEMANTICS Examples 2.46 and 2.49: max (a, b) -> c, and
 * child as the node sub_dsp, fed d->a and e->b, behind the domain
 * dict_de_gt29; outputs as for add_sub_dsp () */
G_GNUC_UNUSED static SchedulaDispatcherNode *
add_max_and_sub_dsp (SchedulaDispatcher *dsp,
                     SchedulaDispatcher *child,
                     const char *const  *outputs)
{
  g_autoptr(SchedulaFunction) dom = fn ("dict_de_gt29", dom_de_gt29);
  SchedulaDispatcherNode *s;

  add_fn (dsp, "max", fn_max, NULL, IDS ("a", "b"), IDS ("c"));
  s = add_sub_dsp (dsp, "sub_dsp", child, IDS ("d", "a", "e", "b"), outputs);
  schedula_dispatcher_node_set_input_domain (s, dom);
  return s;
}

/* The model of SEMANTICS Example 2.46 (and 4.23-4.25); its child goes to
 * child_out if not NULL */
G_GNUC_UNUSED static SchedulaDispatcher *
make_2_46 (SchedulaDispatcher **child_out)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("sub_dispatcher");

  add_data_int (child, "a", 1, 0);
  add_fn (child, "min", fn_min, NULL, IDS ("a", "b"), IDS ("c"));
  add_fn (child, "fun", fn_split, NULL, IDS ("c"), IDS ("d", "e"));
  add_max_and_sub_dsp (dsp, child, IDS ("d", "c", "e", "f"));
  if (child_out != NULL)
    *child_out = g_steal_pointer (&child);
  return dsp;
}

/* --- the "test model" of SEMANTICS 2.02 ------------------------------ */

G_GNUC_UNUSED static gboolean
fn_log_diff (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble x = value_num (IN (1)) - value_num (IN (0));

  if (x <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "math domain error");
      return FALSE;
    }
  set_output (call, 0, G_TYPE_DOUBLE, log (x));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_inv_shift (SchedulaCall *call, gpointer data, GError **error)
{
  set_output (call, 0, G_TYPE_DOUBLE, 2 / (value_num (IN (0)) + 1));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_sub4 (SchedulaCall *call, gpointer data, GError **error)
{
  set_num (call, 0, IN (0), value_num (IN (0)) - 4);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
fn_pow (SchedulaCall *call, gpointer data, GError **error)
{
  set_output (call, 0, G_TYPE_DOUBLE, pow (value_num (IN (0)), value_num (IN (1))));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
dom_lt (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, value_num (IN (0)) < value_num (IN (1)));
  return TRUE;
}

G_GNUC_UNUSED static gboolean
dom_ne_neg1 (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, value_num (IN (0)) != -1);
  return TRUE;
}

G_GNUC_UNUSED static gboolean
dom_not_both_zero (SchedulaCall *call, gpointer data, GError **error)
{
  set_bool (call, !(value_num (IN (0)) == 0 && value_num (IN (1)) == 0));
  return TRUE;
}

/* min (a, c) -> d, max (b, d) -> c, log (b - a) -> c if a < b,
 * 2 / (d + 1) -> e if d != -1, a - 4 -> d (weights 20), e ^ d -> b
 * unless both are 0 */
G_GNUC_UNUSED static SchedulaDispatcher *
make_test_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaFunction) lt = fn ("lt", dom_lt);
  g_autoptr(SchedulaFunction) ne = fn ("ne_neg1", dom_ne_neg1);
  g_autoptr(SchedulaFunction) nbz = fn ("not_both_zero", dom_not_both_zero);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *f;

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
  schedula_function_node_set_input_domain (f, nbz);
  g_assert_no_error (error);
  return dsp;
}
