/* parallel.c: six calls of one second, in threads and in worker processes
 *
 * Six function nodes, sleep_a to sleep_f, each sleep one second and give
 * the id of the process they ran in (outputs a to f, from the input
 * `seconds`). They do not depend on each other, so:
 *
 *   executor `async`     six threads of this process: a little over one
 *                        second, and every pid is this process's;
 *   executor `parallel`  a new worker process per call: six different
 *                        pids, none of them this process's;
 *   schedula_shutdown_executors ()  stops the two executors the dispatches
 *                        made: async and parallel.
 *
 * The function comes from the module libschedula-example-functions.so
 * (parallel-functions.c) by its reference c:MODULE:example_sleep_pid, so
 * that the worker processes find the same function. The program prints what
 * it measured and exits with a failure status when a check fails; times are
 * printed, not checked (a loaded machine may be slow).
 *
 * From a build directory, uninstalled (the worker is tools/schedula-worker):
 *
 *   SCHEDULA_WORKER=tools/schedula-worker examples/parallel \
 *       [--module examples/libschedula-example-functions.so]
 *
 * (the module defaults to the one next to the program).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdlib.h>
#include <unistd.h>

#include <schedula-glib.h>

static const char *const outputs[] = { "a", "b", "c", "d", "e", "f" };

static guint n_failures;

static void
check (gboolean    ok,
       const char *what)
{
  g_print ("  %s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok)
    n_failures++;
}

/* The model: sleep_X: seconds -> X, for X in a..f, all calling the
 * function of @ref */
static SchedulaDispatcher *
sleepers (const char  *ref,
          GError     **error)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("sleepers");
  g_autoptr(SchedulaFunction) sleep_pid = schedula_function_new_for_ref (ref, error);

  if (sleep_pid == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *id = g_strconcat ("sleep_", outputs[i], NULL);

      if (schedula_dispatcher_add_function (dsp, id, sleep_pid, SCHEDULA_IDS ("seconds"),
                                            SCHEDULA_IDS (outputs[i]), error) == NULL)
        return NULL;
    }
  return g_steal_pointer (&dsp);
}

/* Dispatches @dsp with @executor; the pids of a..f (0 for a missing
 * output, whose error is printed) */
static void
timed_dispatch (SchedulaDispatcher *dsp,
                const char         *executor,
                gint64              pids[6])
{
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) inputs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) seconds = G_VALUE_INIT;
  gint64 start;

  g_value_set_double (g_value_init (&seconds, G_TYPE_DOUBLE), 1.0);
  g_hash_table_insert (inputs, (gpointer) "seconds", &seconds);
  schedula_dispatch_options_set_executor (options, executor);

  start = g_get_monotonic_time ();
  sol = schedula_dispatcher_dispatch (dsp, inputs, NULL, options, NULL, &error);
  g_print ("executor %s: %.2f s, pids", executor, (g_get_monotonic_time () - start) / 1e6);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      const GValue *pid = sol != NULL ? schedula_solution_lookup (sol, outputs[i]) : NULL;

      pids[i] = pid != NULL ? g_value_get_int64 (pid) : 0;
      g_print (" %" G_GINT64_FORMAT, pids[i]);
    }
  g_print ("\n");
  if (sol == NULL)
    g_print ("  the dispatch failed: %s\n", error->message);
  for (guint i = 0; sol != NULL && i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *id = g_strconcat ("sleep_", outputs[i], NULL);
      g_autofree char *message = schedula_solution_dup_error_message (sol, id);

      if (message != NULL)
        g_print ("  %s\n", message);
    }
}

/* The module next to this program (the build directory's examples/) */
static char *
default_module (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : g_get_current_dir ();

  return g_build_filename (dir, "libschedula-example-functions.so", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *module = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stopped = NULL;
  g_autofree char *stopped_text = NULL;
  gint64 me = getpid ();
  gint64 pids[6];
  gboolean all_mine = TRUE, none_mine = TRUE;
  GOptionEntry entries[] = {
    { "module", 'm', 0, G_OPTION_ARG_FILENAME, &module,
      "the module of parallel-functions.c (default: next to this program)", "PATH" },
    { NULL },
  };

  context = g_option_context_new ("- six calls of one second, in threads and in worker processes");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (module == NULL)
    module = default_module ();
  ref = g_strdup_printf ("c:%s:example_sleep_pid", module);
  dsp = sleepers (ref, &error);
  if (dsp == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("this process: pid %" G_GINT64_FORMAT "\n", me);

  /* async: threads of this process */
  timed_dispatch (dsp, "async", pids);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    all_mine = all_mine && pids[i] == me;
  check (all_mine, "async: every call ran in this process");

  /* parallel: a new worker process per call */
  timed_dispatch (dsp, "parallel", pids);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      none_mine = none_mine && pids[i] != me;
      if (pids[i] != 0)
        g_hash_table_add (distinct, &pids[i]);
    }
  check (g_hash_table_size (distinct) == 6, "parallel: six different processes");
  check (none_mine, "parallel: none of them this one");

  /* the executors the dispatches made */
  stopped = schedula_shutdown_executors ();
  stopped_text = g_strjoinv (", ", stopped);
  g_print ("schedula_shutdown_executors (): %s\n", stopped_text);
  check (g_strv_equal ((const char *const *) stopped, (const char *const[]) { "async", "parallel", NULL }),
         "it stops async and parallel");

  if (n_failures > 0)
    {
      g_print ("%u check(s) failed\n", n_failures);
      return EXIT_FAILURE;
    }
  g_print ("all checks passed\n");
  return EXIT_SUCCESS;
}
