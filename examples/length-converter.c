/* length-converter.c: schedula's length-converter example through the C API
 *
 * The model of schedula's example: two unit systems, each a ring of
 * conversion functions from one unit to the next, and two functions that
 * bridge them (schedula's example builds each system as a model of its own
 * and merges them with `extend`; here they go into one model):
 *
 *   metric    km -> m -> dm -> cm -> mm -> km
 *   imperial  lea -> mi -> fur -> ch -> yd -> ft -> in -> th -> lea
 *   bridges   in -> cm, cm -> in
 *
 * Every unit is a data node, every arrow a function node. Dispatched with a
 * length in one unit and asked for another, the model finds the shortest
 * path of conversions: 1 mi -> fur -> ch -> yd -> ft -> in -> cm -> mm -> km
 * = 1.609344 km. The search stops once the unit asked for is known; the
 * program prints the path and the functions that ran. The same model as
 * length-converter.py, .js and .vala.
 *
 *   length-converter                   the demo (1 mi in km) and the checks
 *   length-converter VALUE FROM TO...  conversions, e.g. 3 ft in cm
 *
 * Lengths are G_TYPE_DOUBLE values. The demo exits with a failure status when
 * a conversion differs from the definitions of the units (1 mi = 1.609344 km,
 * ...).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <math.h>
#include <stdlib.h>

#include <schedula-glib.h>

/* One conversion function: to = from * mul / div. */
typedef struct {
  const char *id;
  const char *from;
  const char *to;
  gdouble     mul;
  gdouble     div;
} Conversion;

static const Conversion conversions[] = {
  /* metric */
  { "km2m",            "km",  "m",   1e3,  1 },
  { "m2dm",            "m",   "dm",  10,   1 },
  { "dm2cm",           "dm",  "cm",  10,   1 },
  { "cm2mm",           "cm",  "mm",  10,   1 },
  { "mm2km",           "mm",  "km",  1,    1e6 },
  /* imperial */
  { "leagues2miles",   "lea", "mi",  3,    1 },
  { "miles2furlongs",  "mi",  "fur", 8,    1 },
  { "furlongs2chains", "fur", "ch",  10,   1 },
  { "chains2yards",    "ch",  "yd",  22,   1 },
  { "yards2feet",      "yd",  "ft",  3,    1 },
  { "feet2inch",       "ft",  "in",  12,   1 },
  { "inch2thou",       "in",  "th",  1000, 1 },
  { "thou2leagues",    "th",  "lea", 1,    19008e4 },
  /* the bridges */
  { "inch2cm",         "in",  "cm",  2.54, 1 },
  { "cm2inch",         "cm",  "in",  1,    2.54 },
};

static const char *const units[] = {
  "km", "m", "dm", "cm", "mm", "lea", "mi", "fur", "ch", "yd", "ft", "in", "th",
};

static gboolean
is_unit (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (units[i], id))
      return TRUE;
  return FALSE;
}

/* The model ------------------------------------------------------------------ */

/* Every conversion: the output is the input * mul / div (@user_data is the
 * Conversion). */
static gboolean
convert_length (SchedulaCall  *call,
                gpointer       user_data,
                GError       **error)
{
  const Conversion *conversion = user_data;
  gdouble length;

  if (!schedula_call_get_double (call, 0, &length, error))
    return FALSE;
  schedula_call_set_output_double (call, 0, length * conversion->mul / conversion->div);
  return TRUE;
}

static SchedulaDispatcher *
build_converter (GError **error)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("LengthConverter");

  for (gsize i = 0; i < G_N_ELEMENTS (conversions); i++)
    {
      const Conversion *c = &conversions[i];
      g_autofree char *description = g_strdup_printf ("Converts %s to %s.", c->from, c->to);
      SchedulaFunctionNode *node;

      node = schedula_dispatcher_add_function_full (dsp, c->id, convert_length, (gpointer) c, NULL,
                                                    SCHEDULA_IDS (c->from), SCHEDULA_IDS (c->to), error);
      if (node == NULL)
        return NULL;
      schedula_node_set_description (SCHEDULA_NODE (node), description);
    }

  return g_steal_pointer (&dsp);
}

/* Converting ------------------------------------------------------------------ */

/* The path the length took: the workflow walked back from @to to @from. */
static char *
workflow_path (SchedulaWorkflow *wf,
               const char       *from,
               const char       *to)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *node = g_strdup (to);

  while (node != NULL && path->len <= schedula_workflow_get_n_nodes (wf))
    {
      g_auto(GStrv) preds = NULL;
      char *next = NULL;

      g_ptr_array_add (path, g_strdup (node));
      if (g_str_equal (node, from))
        break;
      preds = schedula_workflow_dup_predecessors (wf, node);
      for (guint i = 0; preds != NULL && preds[i] != NULL && next == NULL; i++)
        if (!g_str_equal (preds[i], SCHEDULA_START))
          next = g_strdup (preds[i]);
      g_free (node);
      node = next;
    }

  for (guint i = path->len; i > 0; i--)
    g_string_append_printf (text, "%s%s", i == path->len ? "" : " -> ",
                            (const char *) g_ptr_array_index (path, i - 1));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The function nodes that ran: those the workflow has output edges from. */
static char *
workflow_functions (SchedulaWorkflow *wf)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < schedula_workflow_get_n_nodes (wf); i++)
    {
      const char *id = schedula_workflow_get_node_id (wf, i);
      g_auto(GStrv) succs = NULL;

      if (!SCHEDULA_IS_FUNCTION_NODE (schedula_workflow_get_model_node (wf, i)))
        continue;
      succs = schedula_workflow_dup_successors (wf, id);
      if (succs != NULL && succs[0] != NULL)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", id);
    }
  if (text->len == 0)
    g_string_append (text, "(none)");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Dispatches {from: length} asking for @to. On success, sets *result and,
 * when @wf is not NULL, the workflow of the dispatch. */
static gboolean
convert (SchedulaDispatcher  *dsp,
         gdouble              length,
         const char          *from,
         const char          *to,
         gdouble             *result,
         SchedulaWorkflow   **wf,
         GError             **error)
{
  g_autoptr(SchedulaSolution) sol = NULL;
  const GValue *out;

  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{%s: <%d>}", from, length),
                                              SCHEDULA_IDS (to), NULL, NULL, error);
  if (sol == NULL)
    return FALSE;

  out = schedula_solution_lookup (sol, to);
  if (out == NULL || !G_VALUE_HOLDS_DOUBLE (out))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "no length in %s from %s (%u errors)", to, from,
                   schedula_solution_get_n_errors (sol));
      return FALSE;
    }
  *result = g_value_get_double (out);
  if (wf != NULL)
    *wf = schedula_solution_get_workflow (sol);
  return TRUE;
}

static char *
format_length (gdouble length)
{
  return g_strdup_printf ("%.15g", length);
}

/* One conversion, printed with the path the dispatch took. */
static gboolean
print_conversion (SchedulaDispatcher  *dsp,
                  gdouble              length,
                  const char          *from,
                  const char          *to,
                  gdouble             *result,
                  GError             **error)
{
  g_autoptr(SchedulaWorkflow) wf = NULL;
  g_autofree char *in_text = format_length (length);
  g_autofree char *out_text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *functions = NULL;

  if (!convert (dsp, length, from, to, result, &wf, error))
    return FALSE;
  out_text = format_length (*result);
  path = workflow_path (wf, from, to);
  functions = workflow_functions (wf);
  g_print ("%s %s = %s %s\n", in_text, from, out_text, to);
  g_print ("  path: %s\n", path);
  g_print ("  functions run: %s\n", functions);
  return TRUE;
}

/* The checks: lengths by the definitions of the units, compared with what
 * the model gives (relative tolerance 1e-9: a path multiplies up to a dozen
 * rounded factors). */
static gboolean
check_conversions (SchedulaDispatcher *dsp)
{
  static const struct {
    gdouble     length;
    const char *from;
    const char *to;
    gdouble     expected;
  } checks[] = {
    { 1,      "mi",  "km",  1.609344 },
    { 1,      "mi",  "ft",  5280 },
    { 1,      "mi",  "yd",  1760 },
    { 1,      "yd",  "in",  36 },
    { 3,      "ft",  "yd",  1 },
    { 1,      "in",  "mm",  25.4 },
    { 1,      "ft",  "cm",  30.48 },
    { 2.5,    "km",  "m",   2500 },
    { 1,      "km",  "mm",  1e6 },
    { 100,    "cm",  "in",  100 / 2.54 },
    { 42.195, "km",  "mi",  42195 / 1609.344 },
    { 1,      "lea", "mi",  3 },
    { 1,      "ch",  "m",   20.1168 },
    { 1,      "th",  "mm",  0.0254 },
    { 7,      "m",   "m",   7 },
  };
  gboolean ok = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(GError) error = NULL;
      gdouble result;

      if (!convert (dsp, checks[i].length, checks[i].from, checks[i].to, &result, NULL, &error))
        {
          g_printerr ("FAIL: %g %s in %s: %s\n", checks[i].length, checks[i].from,
                      checks[i].to, error->message);
          ok = FALSE;
        }
      else if (fabs (result - checks[i].expected) > 1e-9 * fabs (checks[i].expected))
        {
          g_printerr ("FAIL: %g %s = %.17g %s, expected %.17g\n", checks[i].length,
                      checks[i].from, result, checks[i].to, checks[i].expected);
          ok = FALSE;
        }
    }
  if (ok)
    g_print ("checked %" G_GSIZE_FORMAT " conversions against the definitions of the units\n",
             G_N_ELEMENTS (checks));
  return ok;
}

static void
print_usage (const char *program)
{
  g_printerr ("usage: %s [VALUE FROM TO...]\nunits:", program);
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    g_printerr (" %s", units[i]);
  g_printerr ("\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GError) error = NULL;
  gdouble result;

  dsp = build_converter (&error);
  if (dsp == NULL)
    {
      g_printerr ("building the model failed: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc >= 4)
    {
      char *end;
      gdouble length = g_ascii_strtod (argv[1], &end);

      if (end == argv[1] || *end != '\0' || !isfinite (length))
        {
          g_printerr ("not a length: %s\n", argv[1]);
          return EXIT_FAILURE;
        }
      for (int i = 2; i < argc; i++)
        if (!is_unit (argv[i]))
          {
            g_printerr ("unknown unit: %s\n", argv[i]);
            print_usage (argv[0]);
            return EXIT_FAILURE;
          }
      for (int i = 3; i < argc; i++)
        if (!print_conversion (dsp, length, argv[2], argv[i], &result, &error))
          {
            g_printerr ("conversion failed: %s\n", error->message);
            return EXIT_FAILURE;
          }
      return EXIT_SUCCESS;
    }
  if (argc != 1)
    {
      print_usage (argv[0]);
      return EXIT_FAILURE;
    }

  if (!print_conversion (dsp, 1, "mi", "km", &result, &error))
    {
      g_printerr ("FAIL: conversion failed: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!check_conversions (dsp))
    return EXIT_FAILURE;
  g_print ("OK\n");
  return EXIT_SUCCESS;
}
