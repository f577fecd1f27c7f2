/* bench-memory.c: where the memory of a large model goes
 *
 *   BUILDDIR/bench/bench-memory MODEL.json
 *
 * Loads one benchmark model and prints the heap in use (glibc's mallinfo2,
 * which covers GSlice's chunks too) and the RSS after each step: the
 * model, a targeted dispatch, its workflow, freeing it (what stays is the
 * compiled graphs), a full dispatch, and freeing everything. Differences
 * between the lines are the cost of each piece.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-model.h"

static gint64 last_heap = 0;

static void
report (const char *step)
{
  struct mallinfo2 mi = mallinfo2 ();
  gint64 heap = (gint64) (mi.uordblks + mi.hblkhd);

  g_print ("%-40s heap %8.1f MiB (%+8.1f)   RSS %8.1f MiB\n", step, heap / 1048576.0,
           (heap - last_heap) / 1048576.0, bench_current_rss_kib () / 1024.0);
  last_heap = heap;
}

static SchedulaSolution *
dispatch (BenchModel         *model,
          const char *const  *outputs)
{
  g_autoptr(GError) error = NULL;
  SchedulaSolution *sol;

  sol = schedula_dispatcher_dispatch (model->dispatcher, model->inputs, outputs, NULL, NULL,
                                      &error);
  if (sol == NULL)
    {
      g_printerr ("dispatch failed: %s\n", error->message);
      exit (1);
    }
  return sol;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BenchModel) model = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaSolution *sol;
  SchedulaWorkflow *wf;

  if (argc != 2)
    {
      g_printerr ("usage: %s MODEL.json\n", argv[0]);
      return 2;
    }
  report ("start");
  model = bench_model_load (argv[1], BENCH_MODEL_LOAD_SKIP_EXEC, &error);
  if (model == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%s: %u data nodes, %u functions\n", model->name, model->n_data_nodes,
           model->n_functions);
  report ("model built");

  sol = dispatch (model, (const char *const *) model->outputs);
  report ("targeted dispatch (solution alive)");
  wf = schedula_solution_get_workflow (sol);
  report ("+ its workflow");
  g_object_unref (wf);
  g_object_unref (sol);
  report ("freed (graphs stay cached)");

  sol = dispatch (model, NULL);
  report ("full dispatch (solution alive)");
  wf = schedula_solution_get_workflow (sol);
  report ("+ its workflow");
  g_object_unref (wf);
  g_object_unref (sol);
  report ("freed (graphs stay cached)");

  sol = dispatch (model, (const char *const *) model->outputs);
  report ("targeted again (solution alive)");
  g_object_unref (sol);

  g_clear_pointer (&model, bench_model_free);
  report ("model freed");
  return 0;
}
