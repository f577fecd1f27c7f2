/* bench-model-ops.c: how whole-model operations grow with the model
 *
 *   BUILDDIR/bench/bench-model-ops [N ...]
 *
 * For each size N (default 10000, 40000 and 160000), builds a chain of N
 * functions (v0 -> f0 -> v1 -> ...) and times, once each: check(),
 * copy(), get_sub_dispatcher() of the first half of the nodes, shrink()
 * from v0 to the middle, save_to_bytes() and new_from_bytes(), to_dot(),
 * a full dispatch, its workflow and the solution's to_dot(); then the
 * edge queries for every node (dup_successors() and has_edge() to each
 * successor), which Python's dsp.nodes and dsp.dmap make. Each result is
 * checked for its size. Prints a table of seconds; a linear operation
 * takes about 4 times as long at each size (the default sizes grow 4x).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdio.h>
#include <stdlib.h>

#include <schedula-glib.h>

#include "bench-util.h"

static gdouble
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
check_ok (gboolean      ok,
          const char   *what,
          GError       *error)
{
  if (!ok)
    g_error ("%s failed%s%s", what, error ? ": " : "", error ? error->message : "");
}

int
main (int   argc,
      char *argv[])
{
  static const guint defaults[] = { 10000, 40000, 160000 };
  guint sizes[16];
  guint n_sizes = bench_sizes_from_args (argc, argv, sizes, G_N_ELEMENTS (sizes), defaults,
                                         G_N_ELEMENTS (defaults));

  g_print ("| functions | check | copy | sub-dispatcher | shrink | save | load | to_dot | dispatch "
           "| workflow | solution to_dot | edge queries |\n");
  g_print ("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint s = 0; s < n_sizes; s++)
    {
      guint n = MAX (sizes[s], 2) & ~1u;   /* even: the half is whole */
      g_autoptr(SchedulaFunction) inc = schedula_function_new ("inc", bench_fn_inc, NULL, NULL);
      g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
      g_autoptr(SchedulaDispatcher) dsp = NULL;
      g_autoptr(SchedulaDispatcher) copy = NULL, sub = NULL, shrunk = NULL, loaded = NULL;
      g_autoptr(GListModel) findings = NULL;
      g_autoptr(GPtrArray) half = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GHashTable) inputs = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(SchedulaSolution) sol = NULL;
      g_autoptr(SchedulaWorkflow) wf = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *dot = NULL, *sol_dot = NULL, *middle = g_strdup_printf ("v%u", n / 2);
      GValue one = G_VALUE_INIT;
      const char *from[] = { "v0", NULL }, *to[] = { middle, NULL };
      gdouble t[11];
      guint n_items, n_edges = 0;

      schedula_function_registry_add (registry, "inc", inc);
      dsp = bench_chain_new (n, inc);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (dsp));
      for (guint i = 0; i < n / 2; i++)
        {
          g_ptr_array_add (half, g_strdup_printf ("f%u", i));
          g_ptr_array_add (half, g_strdup_printf ("v%u", i));
        }
      g_ptr_array_add (half, NULL);
      g_value_init (&one, G_TYPE_INT64);
      g_value_set_int64 (&one, 1);
      g_hash_table_insert (inputs, (gpointer) "v0", &one);

      t[0] = now ();
      findings = schedula_dispatcher_check (dsp);
      t[1] = now ();
      copy = schedula_dispatcher_copy (dsp);
      t[2] = now ();
      sub = schedula_dispatcher_get_sub_dispatcher (dsp, (const char *const *) half->pdata, NULL, &error);
      check_ok (sub != NULL, "get_sub_dispatcher", error);
      t[3] = now ();
      shrunk = schedula_dispatcher_shrink (dsp, from, to, NULL, &error);
      check_ok (shrunk != NULL, "shrink", error);
      t[4] = now ();
      bytes = schedula_dispatcher_save_to_bytes (dsp, &error);
      check_ok (bytes != NULL, "save_to_bytes", error);
      t[5] = now ();
      loaded = schedula_dispatcher_new_from_bytes (bytes, registry, 0, &error);
      check_ok (loaded != NULL, "new_from_bytes", error);
      t[6] = now ();
      dot = schedula_dispatcher_to_dot (dsp, NULL, &error);
      check_ok (dot != NULL, "to_dot", error);
      t[7] = now ();
      sol = schedula_dispatcher_dispatch (dsp, inputs, NULL, NULL, NULL, &error);
      check_ok (sol != NULL, "dispatch", error);
      t[8] = now ();
      wf = schedula_solution_get_workflow (sol);
      t[9] = now ();
      sol_dot = schedula_solution_to_dot (sol, NULL, &error);
      check_ok (sol_dot != NULL, "solution to_dot", error);
      t[10] = now ();
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (dsp), i);
          const char *id = schedula_node_get_id (node);
          g_auto(GStrv) succ = schedula_dispatcher_dup_successors (dsp, id);

          for (guint k = 0; succ[k] != NULL; k++, n_edges++)
            check_ok (schedula_dispatcher_has_edge (dsp, id, succ[k]), "has_edge", NULL);
        }

      check_ok (g_list_model_get_n_items (G_LIST_MODEL (copy)) == n_items &&
                g_list_model_get_n_items (G_LIST_MODEL (loaded)) == n_items &&
                /* the last function of the half lost its output */
                g_list_model_get_n_items (G_LIST_MODEL (sub)) == n - 1 &&
                g_list_model_get_n_items (G_LIST_MODEL (shrunk)) == n + 1 &&
                schedula_solution_get_n_values (sol) == n + 1 && n_edges == 2 * n &&
                g_list_model_get_n_items (findings) == 0,
                "the check of the sizes", NULL);
      g_print ("| %u | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", n,
               t[1] - t[0], t[2] - t[1], t[3] - t[2], t[4] - t[3], t[5] - t[4], t[6] - t[5],
               t[7] - t[6], t[8] - t[7], t[9] - t[8], t[10] - t[9], now () - t[10]);
    }
  return 0;
}
