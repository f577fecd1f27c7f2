/* flagship.c: schedula's documented example, through the public C API
 *
 * The model (SEMANTICS.md, example 2.01):
 *
 *   data a
 *   data c
 *   data b, default 1
 *   function diff_function = b - a -> c
 *   function log = log (c) -> d, input domain: every argument > 0
 *   data d, default 4, waits for all its inputs, combiner: the mean of the
 *     estimations, callback: prints the value
 *
 * dispatched with the inputs {a: 0} and the outputs [d]. Expected solution:
 * a = 0, b = 1, c = 1, d = 2.0 (the mean of the default 4 and log (1) = 0.0).
 *
 * Integers are G_TYPE_INT64 and floats G_TYPE_DOUBLE, as everywhere in
 * libschedula-glib. The program prints the solution and exits with a failure
 * status when it is not the documented one.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <schedula-glib.h>

/* Helpers ------------------------------------------------------------------ */

/* Formats a value the way Python prints it: 1, 2.0, 'text'. */
static char *
format_value (const GValue *value)
{
  if (value == NULL || !G_IS_VALUE (value))
    return g_strdup ("(no value)");
  if (schedula_value_holds_none (value))
    return g_strdup ("None");
  if (G_VALUE_HOLDS_INT64 (value))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
  if (G_VALUE_HOLDS_INT (value))
    return g_strdup_printf ("%d", g_value_get_int (value));
  if (G_VALUE_HOLDS_DOUBLE (value))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      gdouble d = g_value_get_double (value);

      g_ascii_dtostr (buf, sizeof buf, d);
      if (isfinite (d) && strpbrk (buf, ".eE") == NULL)
        return g_strconcat (buf, ".0", NULL);
      return g_strdup (buf);
    }
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return g_strdup (g_value_get_boolean (value) ? "True" : "False");
  if (G_VALUE_HOLDS_STRING (value))
    return g_strdup_printf ("'%s'", g_value_get_string (value));
  return g_strdup_value_contents (value);
}

/* The functions of the model --------------------------------------------- */

/* diff_function: b - a. Integers stay integers; anything else gives a float. */
static gboolean
diff_function (SchedulaCall  *call,
               gpointer       user_data,
               GError       **error)
{
  const GValue *b = schedula_call_get_input (call, 0);
  const GValue *a = schedula_call_get_input (call, 1);
  gdouble db, da;

  if (G_VALUE_HOLDS_INT64 (b) && G_VALUE_HOLDS_INT64 (a))
    {
      schedula_call_set_output_int64 (call, 0, g_value_get_int64 (b) - g_value_get_int64 (a));
      return TRUE;
    }
  if (!schedula_call_get_double (call, 0, &db, error) ||
      !schedula_call_get_double (call, 1, &da, error))
    return FALSE;
  schedula_call_set_output_double (call, 0, db - da);
  return TRUE;
}

/* log: the natural logarithm of c, a float. */
static gboolean
log_function (SchedulaCall  *call,
              gpointer       user_data,
              GError       **error)
{
  gdouble x;

  if (!schedula_call_get_double (call, 0, &x, error))
    return FALSE;
  if (x <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "log: math domain error");
      return FALSE;
    }
  schedula_call_set_output_double (call, 0, log (x));
  return TRUE;
}

/* The input domain of log, a predicate: TRUE when every argument is > 0. */
static gboolean
all_positive (SchedulaCall  *call,
              gpointer       user_data,
              GError       **error)
{
  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    {
      gdouble x;

      if (!schedula_call_get_double (call, i, &x, error) || !(x > 0))
        return FALSE;
    }
  return TRUE;
}

/* The combiner of d: the mean of the estimations. Each input is the value
 * that one node (START for the default) estimated for d. */
static gboolean
mean_of_estimations (SchedulaCall  *call,
                     gpointer       user_data,
                     GError       **error)
{
  guint n = schedula_call_get_n_inputs (call);
  gdouble sum = 0;

  if (n == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "mean of no estimations");
      return FALSE;
    }

  g_print ("combiner of d: %u estimations\n", n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = format_value (schedula_call_get_input (call, i));
      gdouble x;

      g_print ("  from %-14s %s\n", schedula_call_get_input_id (call, i), text);
      if (!schedula_call_get_double (call, i, &x, error))
        return FALSE;
      sum += x;
    }

  schedula_call_set_output_double (call, 0, sum / n);
  return TRUE;
}

/* The callback of d: called with the value d takes. */
static gboolean
print_value (SchedulaCall  *call,
             gpointer       user_data,
             GError       **error)
{
  g_autofree char *text = format_value (schedula_call_get_input (call, 0));

  g_print ("callback of %s: %s\n", schedula_call_get_node_id (call), text);
  return TRUE;
}

/* The model ------------------------------------------------------------------ */

static SchedulaDispatcher *
build_model (GError **error)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("example 2.01");
  g_autoptr(SchedulaFunction) domain = NULL;
  g_autoptr(SchedulaFunction) mean = NULL;
  g_autoptr(SchedulaFunction) callback = NULL;
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) four = G_VALUE_INIT;
  SchedulaFunctionNode *log_node;
  SchedulaDataNode *d;

  g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
  g_value_set_int64 (g_value_init (&four, G_TYPE_INT64), 4);

  domain = schedula_function_new_predicate ("all_positive", all_positive, NULL, NULL);
  mean = schedula_function_new ("mean_of_estimations", mean_of_estimations, NULL, NULL);
  callback = schedula_function_new ("print_value", print_value, NULL, NULL);

  if (schedula_dispatcher_add_data (dsp, "a", NULL, error) == NULL ||
      schedula_dispatcher_add_data (dsp, "c", NULL, error) == NULL ||
      schedula_dispatcher_add_data (dsp, "b", &one, error) == NULL)
    return NULL;

  if (schedula_dispatcher_add_function_full (dsp, "diff_function", diff_function, NULL, NULL,
                                             SCHEDULA_IDS ("b", "a"), SCHEDULA_IDS ("c"),
                                             error) == NULL)
    return NULL;

  log_node = schedula_dispatcher_add_function_full (dsp, "log", log_function, NULL, NULL,
                                                    SCHEDULA_IDS ("c"), SCHEDULA_IDS ("d"), error);
  if (log_node == NULL)
    return NULL;
  schedula_function_node_set_input_domain (log_node, domain);

  d = schedula_dispatcher_add_data (dsp, "d", &four, error);
  if (d == NULL)
    return NULL;
  schedula_data_node_set_wait_inputs (d, TRUE);
  schedula_data_node_set_combiner (d, mean);
  schedula_data_node_set_callback (d, callback);

  return g_steal_pointer (&dsp);
}

/* Printing the solution ------------------------------------------------------- */

static void
print_solution (SchedulaSolution *sol)
{
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_auto(GStrv) dist_ids = NULL;
  g_auto(GStrv) error_ids = NULL;
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;

  g_print ("\nsolution (%u values, in schedula's order):\n",
           schedula_solution_get_n_values (sol));
  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      g_autofree char *text = format_value (value);

      g_print ("  %-14s = %s\n", id, text);
    }

  g_print ("\ndistances:\n");
  dist_ids = schedula_solution_get_distance_ids (sol);
  for (guint i = 0; dist_ids[i] != NULL; i++)
    {
      SchedulaDistance dist;

      if (schedula_solution_get_distance (sol, dist_ids[i], &dist))
        {
          g_autofree char *text = schedula_distance_to_string (&dist);

          g_print ("  %-14s %s\n", dist_ids[i], text);
        }
    }

  wf = schedula_solution_get_workflow (sol);
  g_print ("\nworkflow nodes:");
  for (guint i = 0; i < schedula_workflow_get_n_nodes (wf); i++)
    g_print ("%s %s", i == 0 ? "" : ",", schedula_workflow_get_node_id (wf, i));
  g_print ("\nworkflow edges:\n");
  for (guint i = 0; i < schedula_workflow_get_n_edges (wf); i++)
    {
      const char *from, *to;
      const GValue *edge_value;
      g_autofree char *text = NULL;

      schedula_workflow_get_edge (wf, i, &from, &to, &edge_value);
      text = format_value (edge_value);
      g_print ("  %-14s -> %-14s %s\n", from, to, text);
    }

  g_print ("\nerrors: %u\n", schedula_solution_get_n_errors (sol));
  error_ids = schedula_solution_get_error_ids (sol);
  for (guint i = 0; error_ids[i] != NULL; i++)
    {
      const GError *e = schedula_solution_get_error (sol, error_ids[i]);

      g_print ("  %-14s %s\n", error_ids[i], e != NULL ? e->message : "(no message)");
    }
}

/* Compares the solution with the one schedula documents. */
static gboolean
check_solution (SchedulaSolution *sol)
{
  static const struct {
    const char *id;
    GType       type;
    gdouble     value;
  } expected[] = {
    { "a", G_TYPE_INT64, 0 },
    { "b", G_TYPE_INT64, 1 },
    { "c", G_TYPE_INT64, 1 },
    { "d", G_TYPE_DOUBLE, 2.0 },
  };
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;
  guint i = 0;
  gboolean ok = TRUE;

  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      if (i >= G_N_ELEMENTS (expected))
        {
          g_printerr ("unexpected value in the solution: %s\n", id);
          ok = FALSE;
          continue;
        }
      if (g_strcmp0 (id, expected[i].id) != 0 ||
          value == NULL || !G_VALUE_HOLDS (value, expected[i].type) ||
          (G_VALUE_HOLDS_INT64 (value) ? (gdouble) g_value_get_int64 (value)
                                       : g_value_get_double (value)) != expected[i].value)
        {
          g_autofree char *text = format_value (value);

          g_printerr ("solution[%u] is %s = %s (%s), expected %s = %g (%s)\n",
                      i, id, text, value ? G_VALUE_TYPE_NAME (value) : "-",
                      expected[i].id, expected[i].value, g_type_name (expected[i].type));
          ok = FALSE;
        }
      i++;
    }
  if (i < G_N_ELEMENTS (expected))
    {
      g_printerr ("the solution has %u values, expected %u\n", i,
                  (guint) G_N_ELEMENTS (expected));
      ok = FALSE;
    }
  if (schedula_solution_get_n_errors (sol) != 0)
    {
      g_printerr ("the solution has errors\n");
      ok = FALSE;
    }
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  dsp = build_model (&error);
  if (dsp == NULL)
    {
      g_printerr ("building the model failed: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Inputs: data node ids to values, as a GVariant (0 is an int32, and
   * reaches the model as a G_TYPE_INT64). */
  g_print ("dispatch (inputs = {a: 0}, outputs = [d])\n\n");
  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'a': <0>}"),
                                              SCHEDULA_IDS ("d"), NULL, NULL, &error);
  if (sol == NULL)
    {
      g_printerr ("dispatch failed: %s\n", error->message);
      return EXIT_FAILURE;
    }

  print_solution (sol);

  if (!check_solution (sol))
    {
      g_printerr ("\nFAIL: the solution differs from schedula's "
                  "(a = 0, b = 1, c = 1, d = 2.0)\n");
      return EXIT_FAILURE;
    }
  g_print ("\nOK: the solution is schedula's (a = 0, b = 1, c = 1, d = 2.0)\n");
  return EXIT_SUCCESS;
}
