/* length-converter-plugin.c: the functions of length-converter.json, a
 * plugin of the schedula command
 *
 * length-converter.json is the model of length-converter.c saved to a file:
 * its fifteen function nodes name their functions km2m, m2dm, ...,
 * cm2inch, and a process that loads the file must have functions of those
 * names in its registry. This module (libschedula-length-converter.so) is
 * what the command's --load opens: its schedula_plugin_init registers
 * them. From a build directory:
 *
 *   tools/schedula dispatch --load examples/libschedula-length-converter.so \
 *       ../examples/length-converter.json --input mi=1 --output km
 *
 * Each conversion is a symbol of its own, exported, and each function is
 * made from its reference, c:PLUGIN:SYMBOL (schedula_function_new_for_ref),
 * where PLUGIN is the path the command opened the module by: the worker
 * processes of the `parallel` and `parallel-pool` executors open the same
 * module and call the same symbol. (A function made with
 * schedula_function_new and its user data has no reference: it would run
 * in the command's process only.)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <gmodule.h>
#include <schedula-glib.h>

G_MODULE_EXPORT gboolean schedula_plugin_init (GModule                   *module,
                                               SchedulaFunctionRegistry  *registry,
                                               GError                   **error);

/* The conversions of length-converter.c: NAME, from * MUL / DIV */
#define CONVERSIONS(X)                  \
  X (km2m,            1e3,  1)          \
  X (m2dm,            10,   1)          \
  X (dm2cm,           10,   1)          \
  X (cm2mm,           10,   1)          \
  X (mm2km,           1,    1e6)        \
  X (leagues2miles,   3,    1)          \
  X (miles2furlongs,  8,    1)          \
  X (furlongs2chains, 10,   1)          \
  X (chains2yards,    22,   1)          \
  X (yards2feet,      3,    1)          \
  X (feet2inch,       12,   1)          \
  X (inch2thou,       1000, 1)          \
  X (thou2leagues,    1,    19008e4)    \
  X (inch2cm,         2.54, 1)          \
  X (cm2inch,         1,    2.54)

static gboolean
convert (SchedulaCall  *call,
         gdouble        mul,
         gdouble        div,
         GError       **error)
{
  gdouble length;

  if (!schedula_call_get_double (call, 0, &length, error))
    return FALSE;
  schedula_call_set_output_double (call, 0, length * mul / div);
  return TRUE;
}

/* length_converter_NAME, a SchedulaFunc */
#define DEFINE_CONVERSION(name, mul, div)                                       \
  G_MODULE_EXPORT gboolean length_converter_##name (SchedulaCall  *call,        \
                                                    gpointer       user_data,   \
                                                    GError       **error);      \
  G_MODULE_EXPORT gboolean                                                      \
  length_converter_##name (SchedulaCall  *call,                                 \
                           gpointer       user_data,                            \
                           GError       **error)                                \
  {                                                                             \
    return convert (call, mul, div, error);                                     \
  }

CONVERSIONS (DEFINE_CONVERSION)

#define CONVERSION_NAME(name, mul, div) #name,

static const char *const names[] = { CONVERSIONS (CONVERSION_NAME) };

/* The entry point of a plugin: registers the fifteen functions under the
 * names the model file gives them */
G_MODULE_EXPORT gboolean
schedula_plugin_init (GModule                   *module,
                      SchedulaFunctionRegistry  *registry,
                      GError                   **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *ref = g_strdup_printf ("c:%s:length_converter_%s", g_module_name (module), names[i]);
      g_autoptr(SchedulaFunction) f = schedula_function_new_for_ref (ref, error);

      if (f == NULL)
        return FALSE;
      schedula_function_registry_add (registry, names[i], f);
    }
  return TRUE;
}
