/* c = a + b, d = c * 2, with b = 3 by default: dispatch {a: 2}, ask for d. */
#include <stdlib.h>
#include <schedula-glib.h>

static gboolean
add (SchedulaCall *call, gpointer user_data, GError **error)
{
  GValue c = G_VALUE_INIT;

  g_value_set_int64 (g_value_init (&c, G_TYPE_INT64),
                     g_value_get_int64 (schedula_call_get_input (call, 0)) +
                     g_value_get_int64 (schedula_call_get_input (call, 1)));
  schedula_call_take_output (call, 0, &c);
  return TRUE;
}

static gboolean
twice (SchedulaCall *call, gpointer user_data, GError **error)
{
  GValue d = G_VALUE_INIT;

  g_value_set_int64 (g_value_init (&d, G_TYPE_INT64),
                     g_value_get_int64 (schedula_call_get_input (call, 0)) * 2);
  schedula_call_take_output (call, 0, &d);
  return TRUE;
}

int
main (void)
{
  const char *const add_in[] = { "a", "b", NULL }, *const add_out[] = { "c", NULL };
  const char *const twice_in[] = { "c", NULL }, *const twice_out[] = { "d", NULL };
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
  g_autoptr(SchedulaFunction) add_fn = schedula_function_new ("add", add, NULL, NULL);
  g_autoptr(SchedulaFunction) twice_fn = schedula_function_new ("twice", twice, NULL, NULL);
  g_autoptr(GHashTable) inputs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) a = G_VALUE_INIT;
  g_auto(GValue) b = G_VALUE_INIT;
  const GValue *d;

  g_value_set_int64 (g_value_init (&b, G_TYPE_INT64), 3);
  if (schedula_dispatcher_add_data (dsp, "b", &b, &error) == NULL ||
      schedula_dispatcher_add_function (dsp, "add", add_fn, add_in, add_out, &error) == NULL ||
      schedula_dispatcher_add_function (dsp, "twice", twice_fn, twice_in, twice_out, &error) == NULL)
    g_error ("%s", error->message);

  g_value_set_int64 (g_value_init (&a, G_TYPE_INT64), 2);
  g_hash_table_insert (inputs, (gpointer) "a", &a);
  sol = schedula_dispatcher_dispatch (dsp, inputs, twice_out, NULL, NULL, &error);
  if (sol == NULL)
    g_error ("%s", error->message);

  d = schedula_solution_lookup (sol, "d");
  if (d == NULL || !G_VALUE_HOLDS_INT64 (d))
    g_error ("d was not computed");
  g_print ("d = %" G_GINT64_FORMAT "\n", g_value_get_int64 (d));
  return g_value_get_int64 (d) == 10 ? EXIT_SUCCESS : EXIT_FAILURE;
}
