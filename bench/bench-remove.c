/* bench-remove.c: what removing nodes from a large model costs
 *
 *   BUILDDIR/bench/bench-remove [N ...]
 *
 * For each size N (default 10000 and 100000), builds a chain of N
 * functions (v0 -> f0 -> v1 -> f1 -> ...), removes 1,000 of its function
 * nodes one at a time with schedula_dispatcher_remove_node(), then a tenth
 * of the functions left in one schedula_dispatcher_remove_nodes() call,
 * checks that the model holds what it should, and prints the time of each
 * (the median of 3 models). A single removal is linear in the model (the
 * nodes after it move up the list): its time grows with N; the batch takes
 * about the time of one.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdio.h>
#include <stdlib.h>

#include <schedula-glib.h>

#include "bench-util.h"


#define ONE_BY_ONE 1000
#define ROUNDS 3

int
main (int   argc,
      char *argv[])
{
  static const guint defaults[] = { 10000, 100000 };
  guint sizes[16];
  guint n_sizes = bench_sizes_from_args (argc, argv, sizes, G_N_ELEMENTS (sizes), defaults,
                                         G_N_ELEMENTS (defaults));
  g_autoptr(SchedulaFunction) inc = schedula_function_new ("inc", bench_fn_inc, NULL, NULL);

  g_print ("| functions | %u removals one at a time, us each | a tenth of the rest in one call, ms | us per node of it |\n",
           ONE_BY_ONE);
  g_print ("|---:|---:|---:|---:|\n");
  for (guint s = 0; s < n_sizes; s++)
    {
      guint n = sizes[s];
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 t;
      guint n_batch = 0;

      if (n < 2 * ONE_BY_ONE)
        {
          g_printerr ("a size of at least %u functions\n", 2 * ONE_BY_ONE);
          return 2;
        }
      for (guint r = 0; r < ROUNDS; r++)
        {
          g_autoptr(SchedulaDispatcher) dsp = bench_chain_new (n, inc);
          g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
          g_autoptr(GError) error = NULL;
          guint n_items = g_list_model_get_n_items (G_LIST_MODEL (dsp));
          gint64 t0;

          /* every other function from the start, one at a time */
          t0 = g_get_monotonic_time () * 1000;
          for (guint k = 0; k < ONE_BY_ONE; k++)
            {
              char id[32];

              g_snprintf (id, sizeof id, "f%u", 2 * k);
              if (!schedula_dispatcher_remove_node (dsp, id, &error))
                g_error ("%s", error->message);
            }
          t = g_get_monotonic_time () * 1000 - t0;
          g_array_append_val (one, t);

          /* every tenth of the functions from 2 * ONE_BY_ONE on, at once */
          for (guint i = 2 * ONE_BY_ONE; i < n; i += 10)
            g_ptr_array_add (ids, g_strdup_printf ("f%u", i));
          n_batch = ids->len;
          g_ptr_array_add (ids, NULL);
          t0 = g_get_monotonic_time () * 1000;
          if (!schedula_dispatcher_remove_nodes (dsp, (const char *const *) ids->pdata, &error))
            g_error ("%s", error->message);
          t = g_get_monotonic_time () * 1000 - t0;
          g_array_append_val (batch, t);

          if (g_list_model_get_n_items (G_LIST_MODEL (dsp)) != n_items - ONE_BY_ONE - n_batch ||
              schedula_dispatcher_lookup_node (dsp, "f0") != NULL ||
              schedula_dispatcher_lookup_node (dsp, "f1") == NULL ||
              schedula_dispatcher_lookup_node (dsp, "f2000") != NULL ||
              schedula_dispatcher_lookup_node (dsp, "f2001") == NULL)
            g_error ("the model does not hold what it should after the removals");
        }
      g_print ("| %u | %.1f | %.2f | %.3f |\n", n, bench_median_ns (one) / 1e3 / ONE_BY_ONE,
               bench_median_ns (batch) / 1e6, bench_median_ns (batch) / 1e3 / n_batch);
    }
  return 0;
}
