/* parallel-functions.c: the node functions of the parallel examples
 *
 * A shared module (libschedula-example-functions.so), not part of the
 * programs: a function of a process executor's worker must be found by the
 * worker too, and a worker finds a C function by its reference,
 * `c:LIBRARY:SYMBOL`. The programs (parallel.c, parallel.js) make their
 * functions with schedula_function_new_for_ref() from that same reference,
 * so the code that runs in this process under `async` and the code a worker
 * runs under `parallel` are the same symbols of the same file.
 *
 * Each symbol is a SchedulaFunc, exported with G_MODULE_EXPORT.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <unistd.h>

#include <gmodule.h>
#include <schedula-glib.h>

G_MODULE_EXPORT gboolean example_sleep_pid (SchedulaCall *call, gpointer user_data, GError **error);
G_MODULE_EXPORT gboolean example_fail (SchedulaCall *call, gpointer user_data, GError **error);

/* seconds -> pid: sleeps as many seconds as its input says (a number), then
 * gives the id of the process it ran in */
G_MODULE_EXPORT gboolean
example_sleep_pid (SchedulaCall  *call,
                   gpointer       user_data,
                   GError       **error)
{
  gdouble seconds;

  if (!schedula_call_get_double (call, 0, &seconds, error))
    return FALSE;
  if (seconds < 0 || seconds > 60)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: %g seconds is not between 0 and 60", schedula_call_get_node_id (call), seconds);
      return FALSE;
    }
  g_usleep ((gulong) (seconds * G_USEC_PER_SEC));
  schedula_call_set_output_int64 (call, 0, getpid ());
  return TRUE;
}

/* fails, naming its node and its process: the error comes back from a
 * worker as it would from this process */
G_MODULE_EXPORT gboolean
example_fail (SchedulaCall  *call,
              gpointer       user_data,
              GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed in process %d",
               schedula_call_get_node_id (call), (int) getpid ());
  return FALSE;
}
