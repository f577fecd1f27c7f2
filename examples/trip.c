/* trip.c: a car trip, nine functions, through the compact C API
 *
 *   odometer_distance  odometer_start, odometer_end -> distance   (km)
 *   gps_distance       gps_m                        -> distance   (km)
 *   trip_time          departure, arrival           -> time       (h; minutes of the day)
 *   average_speed      distance, time               -> speed      (domain: time > 0)
 *   fuel_used          distance, consumption        -> fuel       (l; consumption 6 l/100 km by default)
 *   co2_intensity      co2, distance                -> co2_per_km (g/km)
 *   emissions, a sub-dispatcher fed fuel as fuel_litres, giving co2_kg as co2
 *   and nox_g as nox:
 *     fuel_mass        fuel_litres -> fuel_kg (0.8 kg/l)
 *     co2_emission     fuel_kg     -> co2_kg  (3.15 kg/kg)
 *     nox_emission     fuel_kg     -> nox_g   (10 g/kg)
 *
 * distance waits for both its estimations and takes their mean. The same
 * model, inputs and output as trip.py, trip.js and trip.vala; it exits with a
 * failure status when a result differs from the expected one.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <math.h>
#include <stdlib.h>

#include <schedula-glib.h>

static const struct {
  const char *id;
  gdouble     value;
  const char *unit;
} expected[] = {
  { "distance", 151.0, "km" }, { "time", 2.5, "h" }, { "speed", 60.4, "km/h" }, { "fuel", 9.06, "l" },
  { "co2", 22.8312, "kg" }, { "nox", 72.48, "g" }, { "co2_per_km", 151.2, "g/km" },
};

/* The formulas of the functions: x holds the n inputs of the node, in order. */
typedef gdouble (*Formula) (const gdouble *x, guint n);

static gdouble odometer_distance (const gdouble *x, guint n) { return x[1] - x[0]; }
static gdouble gps_distance (const gdouble *x, guint n)      { return x[0] / 1000; }
static gdouble trip_time (const gdouble *x, guint n)         { return (x[1] - x[0]) / 60; }
static gdouble average_speed (const gdouble *x, guint n)     { return x[0] / x[1]; }
static gdouble fuel_used (const gdouble *x, guint n)         { return x[0] * x[1] / 100; }
static gdouble co2_intensity (const gdouble *x, guint n)     { return x[0] * 1000 / x[1]; }
static gdouble fuel_mass (const gdouble *x, guint n)         { return x[0] * 0.8; }
static gdouble co2_emission (const gdouble *x, guint n)      { return x[0] * 3.15; }
static gdouble nox_emission (const gdouble *x, guint n)      { return x[0] * 10; }

/* The combiner of distance: the mean of its estimations. */
static gdouble
mean (const gdouble *x, guint n)
{
  gdouble sum = 0;

  for (guint i = 0; i < n; i++)
    sum += x[i];
  return sum / n;
}

/* Every function of the model: reads the inputs as numbers (the integers of
 * the inputs arrive as gint64) and outputs the formula (@user_data) of them. */
static gboolean
formula (SchedulaCall *call, gpointer user_data, GError **error)
{
  gdouble x[4];
  guint n = MIN (schedula_call_get_n_inputs (call), G_N_ELEMENTS (x));

  for (guint i = 0; i < n; i++)
    if (!schedula_call_get_double (call, i, &x[i], error))
      return FALSE;
  schedula_call_set_output_double (call, 0, ((Formula) user_data) (x, n));
  return TRUE;
}

/* The input domain of average_speed (distance, time): the trip took time. */
static gboolean
takes_time (SchedulaCall *call, gpointer user_data, GError **error)
{
  gdouble time;

  return schedula_call_get_double (call, 1, &time, error) && time > 0;
}

/* Adds a function node whose function is the formula @f. */
static SchedulaFunctionNode *
add (SchedulaDispatcher *dsp, const char *id, Formula f, const char *const *inputs,
     const char *const *outputs, GError **error)
{
  return schedula_dispatcher_add_function_full (dsp, id, formula, (gpointer) f, NULL,
                                                inputs, outputs, error);
}

static SchedulaDispatcher *
trip_model (GError **error)
{
  g_autoptr(SchedulaDispatcher) emissions = schedula_dispatcher_new ("emissions");
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("trip");
  g_autoptr(SchedulaMapping) in = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out = schedula_mapping_new ();
  g_autoptr(SchedulaFunction) combiner = schedula_function_new ("mean", formula, (gpointer) mean, NULL);
  g_autoptr(SchedulaFunction) domain = schedula_function_new_predicate ("takes_time", takes_time, NULL, NULL);
  g_auto(GValue) consumption = G_VALUE_INIT;
  SchedulaFunctionNode *speed;
  SchedulaDataNode *distance;

  g_value_set_double (g_value_init (&consumption, G_TYPE_DOUBLE), 6.0);
  schedula_mapping_add (in, "fuel", "fuel_litres");
  schedula_mapping_add (out, "co2_kg", "co2");
  schedula_mapping_add (out, "nox_g", "nox");
  if (!add (emissions, "fuel_mass", fuel_mass, SCHEDULA_IDS ("fuel_litres"), SCHEDULA_IDS ("fuel_kg"), error) ||
      !add (emissions, "co2_emission", co2_emission, SCHEDULA_IDS ("fuel_kg"), SCHEDULA_IDS ("co2_kg"), error) ||
      !add (emissions, "nox_emission", nox_emission, SCHEDULA_IDS ("fuel_kg"), SCHEDULA_IDS ("nox_g"), error) ||
      !(distance = schedula_dispatcher_add_data (dsp, "distance", NULL, error)) ||
      !schedula_dispatcher_add_data (dsp, "consumption", &consumption, error) ||
      !add (dsp, "odometer_distance", odometer_distance, SCHEDULA_IDS ("odometer_start", "odometer_end"),
            SCHEDULA_IDS ("distance"), error) ||
      !add (dsp, "gps_distance", gps_distance, SCHEDULA_IDS ("gps_m"), SCHEDULA_IDS ("distance"), error) ||
      !add (dsp, "trip_time", trip_time, SCHEDULA_IDS ("departure", "arrival"), SCHEDULA_IDS ("time"), error) ||
      !(speed = add (dsp, "average_speed", average_speed, SCHEDULA_IDS ("distance", "time"),
                     SCHEDULA_IDS ("speed"), error)) ||
      !add (dsp, "fuel_used", fuel_used, SCHEDULA_IDS ("distance", "consumption"),
            SCHEDULA_IDS ("fuel"), error) ||
      !schedula_dispatcher_add_dispatcher (dsp, "emissions", emissions, in, out, error) ||
      !add (dsp, "co2_intensity", co2_intensity, SCHEDULA_IDS ("co2", "distance"),
            SCHEDULA_IDS ("co2_per_km"), error))
    return NULL;
  schedula_data_node_set_wait_inputs (distance, TRUE);
  schedula_data_node_set_combiner (distance, combiner);
  schedula_function_node_set_input_domain (speed, domain);
  return g_steal_pointer (&dsp);
}

/* The inputs of the trip, as a GVariant */
static GVariant *
trip (gint arrival)
{
  return g_variant_new_parsed ("{'odometer_start': <12000>, 'odometer_end': <12150>, 'gps_m': <152000>, "
                               "'departure': <495>, 'arrival': <%i>}", arrival);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = trip_model (&error);
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaSolution) stopped = NULL;
  g_autoptr(GVariant) values = NULL;
  gboolean ok;

  /* The trip, and the same trip with a clock that stopped: no time, and the
   * domain of average_speed says no. */
  if (dsp == NULL ||
      !(sol = schedula_dispatcher_dispatch_variant (dsp, trip (645), NULL, NULL, NULL, &error)) ||
      !(values = schedula_solution_to_variant (sol, &error)) ||
      !(stopped = schedula_dispatcher_dispatch_variant (dsp, trip (495), NULL, NULL, NULL, &error)))
    g_error ("%s", error->message);

  findings = schedula_dispatcher_check (dsp);
  g_print ("check: %u findings\n", g_list_model_get_n_items (findings));
  ok = g_list_model_get_n_items (findings) == 0;
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gdouble x = NAN;

      g_variant_lookup (values, expected[i].id, "d", &x);
      g_print ("%s = %.4f %s\n", expected[i].id, x, expected[i].unit);
      ok = ok && fabs (x - expected[i].value) <= 1e-9 * expected[i].value;
    }
  g_print ("arrival = departure: speed %s\n",
           schedula_solution_contains (stopped, "speed") ? "computed" : "not computed (outside the domain)");
  ok = ok && !schedula_solution_contains (stopped, "speed") &&
       schedula_solution_contains (stopped, "distance");

  g_print (ok ? "OK\n" : "FAIL: a result differs from the expected one\n");
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
