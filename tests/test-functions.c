/* test-functions.c: node functions that travel to worker processes
 *
 * Built as a module (libschedula-test-functions.so): the executor tests
 * load it with GModule to make their functions, and give each the
 * reference c:MODULE:SYMBOL, so that the schedula-worker of a process
 * executor runs the very same code.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <schedula-glib.h>

#include "test-sum.h"

#define EXPORT G_MODULE_EXPORT

#define TF(name) EXPORT gboolean name (SchedulaCall *call, gpointer data, GError **error)
TF (tf_sum);
TF (tf_fail);
TF (tf_sleep_sum);
TF (tf_pid);
TF (tf_crash);
TF (tf_abort);
TF (tf_exit);
TF (tf_hang);
TF (tf_barrier);
#undef TF

/* output i: the sum of the inputs, plus i */
EXPORT gboolean
tf_sum (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 total;

  if (!call_sum (call, &total, error))
    return FALSE;
  for (guint i = 0; i < schedula_call_get_n_outputs (call); i++)
    schedula_call_set_output_int64 (call, i, total + i);
  return TRUE;
}

EXPORT gboolean
tf_fail (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail in %s", schedula_call_get_node_id (call));
  return FALSE;
}

/* the sum, after sleeping as many milliseconds as the first input says */
EXPORT gboolean
tf_sleep_sum (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 ms;

  if (!schedula_call_get_int64 (call, 0, &ms, error))
    return FALSE;
  g_usleep (ms * 1000);
  return tf_sum (call, data, error);
}

/* the id of the process */
EXPORT gboolean
tf_pid (SchedulaCall *call, gpointer data, GError **error)
{
  schedula_call_set_output_int64 (call, 0, getpid ());
  return TRUE;
}

EXPORT gboolean
tf_crash (SchedulaCall *call, gpointer data, GError **error)
{
  /* the default action, not a handler a sanitizer installed: the worker
   * dies of the signal */
  signal (SIGSEGV, SIG_DFL);
  raise (SIGSEGV);
  return TRUE;
}

EXPORT gboolean
tf_abort (SchedulaCall *call, gpointer data, GError **error)
{
  abort ();
}

EXPORT gboolean
tf_exit (SchedulaCall *call, gpointer data, GError **error)
{
  _exit (3);
}

EXPORT gboolean
tf_hang (SchedulaCall *call, gpointer data, GError **error)
{
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

/* A barrier between calls that run at the same time, in threads or in
 * processes: input 0 is a directory, input 1 how many calls meet there.
 * The call leaves a file named after its node and waits (20 s at most)
 * until that many files are there; its output is how many it saw. Calls
 * that run one after the other never meet: the first gives up and sees 1. */
EXPORT gboolean
tf_barrier (SchedulaCall *call, gpointer data, GError **error)
{
  const char *dir = schedula_call_get_string (call, 0, error);
  g_autofree char *mine = NULL;
  gint64 n, seen = 0;

  if (dir == NULL || !schedula_call_get_int64 (call, 1, &n, error))
    return FALSE;
  mine = g_build_filename (dir, schedula_call_get_node_id (call), NULL);
  if (!g_file_set_contents (mine, "", 0, error))
    return FALSE;
  for (guint i = 0; i < 2000 && seen < n; i++)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, error);

      if (d == NULL)
        return FALSE;
      for (seen = 0; g_dir_read_name (d) != NULL; seen++)
        ;
      if (seen < n)
        g_usleep (10000);
    }
  schedula_call_set_output_int64 (call, 0, seen);
  return TRUE;
}
