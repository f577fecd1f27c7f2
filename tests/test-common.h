/* test-common.h: helpers shared by the GTest programs of tests/
 *
 * Included by exactly one translation unit per test program; every helper
 * is static and marked unused so each program takes only what it needs.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <stdarg.h>
#include <string.h>

#include <schedula-glib.h>

#define IDS(...) ((const char *const[]) { __VA_ARGS__, NULL })

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

static int
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

/* The nodes of a workflow: "$START, a, f" */
G_GNUC_UNUSED static char *
wf_nodes_str (SchedulaSolution *sol)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < schedula_workflow_get_n_nodes (wf); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", schedula_workflow_get_node_id (wf, i));
  return g_string_free (s, FALSE);
}

/* The edges of a workflow: "$START->a=1; a->f=1" (no "=" without value) */
G_GNUC_UNUSED static char *
wf_edges_str (SchedulaSolution *sol)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < schedula_workflow_get_n_edges (wf); i++)
    {
      const char *from = NULL, *to = NULL;
      const GValue *value = NULL;

      schedula_workflow_get_edge (wf, i, &from, &to, &value);
      g_string_append_printf (s, "%s%s->%s", i ? "; " : "", from, to);
      if (value != NULL)
        {
          g_autofree char *v = value_str (value);

          g_string_append_printf (s, "=%s", v);
        }
    }
  return g_string_free (s, FALSE);
}

/* The nodes of a model in list order: "a:0, f:1" (id:index) */
G_GNUC_UNUSED static char *
model_nodes_str (SchedulaDispatcher *dsp)
{
  GListModel *list = G_LIST_MODEL (dsp);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);

      g_string_append_printf (s, "%s%s:%d", i ? ", " : "", schedula_node_get_id (node),
                              schedula_node_get_index (node));
    }
  return g_string_free (s, FALSE);
}

/* The ids of a model in list order: "a, f" */
G_GNUC_UNUSED static char *
model_ids_str (SchedulaDispatcher *dsp)
{
  GListModel *list = G_LIST_MODEL (dsp);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);

      g_string_append_printf (s, "%s%s", i ? ", " : "", schedula_node_get_id (node));
    }
  return g_string_free (s, FALSE);
}

/* The ids of a model sorted: "a, b, f" */
G_GNUC_UNUSED static char *
model_sorted_ids_str (SchedulaDispatcher *dsp)
{
  GListModel *list = G_LIST_MODEL (dsp);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);

      g_ptr_array_add (ids, g_strdup (schedula_node_get_id (node)));
    }
  g_ptr_array_sort (ids, cmp_strp);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (", ", (char **) ids->pdata);
}

/* The edges of a model, by source node in list order, then successor
 * order: "a->f; a->g w=2" (w= only for edges that carry a weight). */
G_GNUC_UNUSED static char *
model_edges_str (SchedulaDispatcher *dsp)
{
  GListModel *list = G_LIST_MODEL (dsp);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (list, i);
      const char *from = schedula_node_get_id (node);
      g_auto(GStrv) succ = schedula_dispatcher_dup_successors (dsp, from);

      for (guint k = 0; succ[k] != NULL; k++)
        {
          gdouble w = -42;

          g_assert_true (schedula_dispatcher_has_edge (dsp, from, succ[k]));
          g_string_append_printf (s, "%s%s->%s", s->len ? "; " : "", from, succ[k]);
          if (schedula_dispatcher_get_edge_weight (dsp, from, succ[k], &w))
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append_printf (s, " w=%s", g_ascii_formatd (buf, sizeof buf, "%g", w));
            }
          else
            g_assert_cmpfloat (w, ==, 1.0);
        }
    }
  return g_string_free (s, FALSE);
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

G_GNUC_UNUSED static void
set_int (SchedulaCall *call,
         guint         i,
         gint64        v)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, v);
  schedula_call_take_output (call, i, &value);
}

G_GNUC_UNUSED static void
set_num (SchedulaCall *call,
         guint         i,
         const GValue *like,
         gdouble       v)
{
  if (G_VALUE_HOLDS_INT64 (like))
    set_int (call, i, (gint64) v);
  else
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_DOUBLE);
      g_value_set_double (&value, v);
      schedula_call_take_output (call, i, &value);
    }
}

G_GNUC_UNUSED static void
set_bool (SchedulaCall *call,
          gboolean      b)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, b);
  schedula_call_take_output (call, 0, &value);
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
    {
      GValue v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_DOUBLE);
      g_value_set_double (&v, sum);
      schedula_call_take_output (call, 0, &v);
    }
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
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, data);
  schedula_call_take_output (call, 0, &v);
  return TRUE;
}

/* fail: G_IO_ERROR_FAILED "fail" */
G_GNUC_UNUSED static gboolean
fn_fail (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail");
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
  GValue v = G_VALUE_INIT;

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
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, joined);
  schedula_call_take_output (call, 0, &v);
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

G_GNUC_UNUSED static gboolean
dom_fail (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "domain failed");
  return FALSE;
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

