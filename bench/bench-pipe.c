/* bench-pipe.c: replaying a compiled pipe next to dispatching
 *
 *   BUILDDIR/bench/bench-pipe [-r REPEATS] [MODEL.json...]
 *
 * For each model (default: the 1k chain and the 1k DAG of the shared
 * benchmark models), compiles a SchedulaPipe from the model's inputs to its
 * targets and prints, per function of the pipe:
 *
 *   - dispatch: a targeted dispatch of the model (median of the repeats);
 *   - replay: a replay of the pipe on the same inputs (median);
 *   - functions: the user functions alone, each invoked on its inputs
 *     through schedula_function_invoke() with a prepared SchedulaCall;
 *   - overhead: replay - functions, what the replay costs beyond the user
 *     functions.
 *
 * The replayed solution is checked against the dispatched one (same values).
 * schedula needs 16-18 us per function to replay a pipe of the 1k chain.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdlib.h>
#include <string.h>

#include "bench-model.h"
#include "bench-util.h"

static gint opt_repeats = 31;

static GOptionEntry entries[] = {
  { "repeats", 'r', 0, G_OPTION_ARG_INT, &opt_repeats, "Timed repeats (the median is reported)", "R" },
  { NULL }
};

/* The user functions alone: every function step of the replayed solution,
 * invoked on the values its inputs had. */
typedef struct
{
  SchedulaFunction *function;
  SchedulaCall     *call;
} Step;

static GArray *
collect_steps (SchedulaSolution *sol)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (sol);

  for (guint i = 0; i < schedula_workflow_get_n_nodes (wf); i++)
    {
      SchedulaNode *node = schedula_workflow_get_model_node (wf, i);
      SchedulaFunctionNode *fnode;
      g_autoptr(GArray) args = NULL;
      Step step;

      if (node == NULL || !SCHEDULA_IS_FUNCTION_NODE (node))
        continue;
      fnode = SCHEDULA_FUNCTION_NODE (node);
      args = g_array_new (FALSE, TRUE, sizeof (GValue));
      g_array_set_clear_func (args, (GDestroyNotify) g_value_unset);
      for (guint k = 0; k < schedula_function_node_get_n_inputs (fnode); k++)
        {
          const GValue *v = schedula_solution_lookup (sol, schedula_function_node_get_input (fnode, k));
          GValue copy = G_VALUE_INIT;

          g_value_init (&copy, G_VALUE_TYPE (v));
          g_value_copy (v, &copy);
          g_array_append_val (args, copy);
        }
      step.function = g_object_ref (schedula_function_node_get_function (fnode));
      step.call = schedula_call_new ();
      if (!schedula_call_set_inputs (step.call, (const GValue *) args->data, args->len,
                                     schedula_function_node_get_n_outputs (fnode), NULL))
        g_error ("step %s: bad arguments", schedula_node_get_id (SCHEDULA_NODE (fnode)));
      g_array_append_val (steps, step);
    }
  return steps;
}

static gint64
time_functions (GArray *steps)
{
  gint64 t0 = bench_now_ns ();

  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = &g_array_index (steps, Step, i);

      if (!schedula_function_invoke (step->function, step->call, NULL))
        g_error ("a function failed when timed alone");
    }
  return bench_now_ns () - t0;
}

static void
steps_free (GArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = &g_array_index (steps, Step, i);

      g_object_unref (step->function);
      g_object_unref (step->call);
    }
  g_array_unref (steps);
}

static int
run_model (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchModel) model = bench_model_load (path, BENCH_MODEL_LOAD_SKIP_EXEC, &error);
  g_autoptr(SchedulaPipe) pipe = NULL;
  g_autoptr(SchedulaSolution) check = NULL;
  g_autoptr(SchedulaSolution) reference = NULL;
  g_autoptr(GArray) dispatch_t = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) replay_t = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fn_t = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char **input_ids = NULL;
  GArray *steps;
  gint64 t0, compile_ns;
  guint n_functions;
  gboolean completed;

  if (model == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  input_ids = (char **) g_hash_table_get_keys_as_array (model->inputs, NULL);

  t0 = bench_now_ns ();
  pipe = schedula_pipe_new (model->dispatcher, (const char *const *) input_ids,
                            (const char *const *) model->outputs, NULL, &error);
  compile_ns = bench_now_ns () - t0;
  if (pipe == NULL)
    {
      g_printerr ("%s: %s\n", model->name, error->message);
      return 1;
    }

  check = schedula_pipe_run (pipe, model->inputs, NULL, &completed, &error);
  reference = schedula_dispatcher_dispatch (model->dispatcher, model->inputs,
                                            (const char *const *) model->outputs, NULL, NULL, &error);
  if (check == NULL || reference == NULL)
    {
      g_printerr ("%s: %s\n", model->name, error->message);
      return 1;
    }
  for (guint i = 0; model->outputs[i] != NULL; i++)
    {
      const GValue *a = schedula_solution_lookup (check, model->outputs[i]);
      const GValue *b = schedula_solution_lookup (reference, model->outputs[i]);

      if ((a == NULL) != (b == NULL) || (a != NULL && g_value_get_int64 (a) != g_value_get_int64 (b)))
        {
          g_printerr ("%s: the replay and the dispatch disagree on %s\n", model->name, model->outputs[i]);
          return 1;
        }
    }
  steps = collect_steps (check);
  n_functions = steps->len;

  for (gint r = 0; r < opt_repeats; r++)
    {
      SchedulaSolution *sol;
      gint64 ns;

      t0 = bench_now_ns ();
      sol = schedula_dispatcher_dispatch (model->dispatcher, model->inputs,
                                          (const char *const *) model->outputs, NULL, NULL, NULL);
      g_object_unref (sol);
      ns = bench_now_ns () - t0;
      g_array_append_val (dispatch_t, ns);

      t0 = bench_now_ns ();
      sol = schedula_pipe_run (pipe, model->inputs, NULL, NULL, NULL);
      g_object_unref (sol);
      ns = bench_now_ns () - t0;
      g_array_append_val (replay_t, ns);

      ns = time_functions (steps);
      g_array_append_val (fn_t, ns);
    }
  steps_free (steps);

  {
    gdouble d = bench_median_ns (dispatch_t) / 1e3 / n_functions;
    gdouble r = bench_median_ns (replay_t) / 1e3 / n_functions;
    gdouble f = bench_median_ns (fn_t) / 1e3 / n_functions;

    g_print ("| %s | %u | %u | %.2f | %.3f | %.3f | %.3f | %.3f |\n", model->name, n_functions,
             schedula_pipe_get_n_steps (pipe), compile_ns / 1e6, d, r, f, r - f);
  }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[MODEL.json...]");
  g_autoptr(GError) error = NULL;
  int ret = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Replays compiled pipes of the benchmark models and compares "
                                "them with dispatching.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_print ("| model | functions run | pipe steps | compile ms | dispatch us/fn | replay us/fn | "
           "user functions us/fn | replay overhead us/fn |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
  if (argc < 2)
    {
      ret |= run_model (BENCH_DEFAULT_DIR "/models/chain_1000.json");
      ret |= run_model (BENCH_DEFAULT_DIR "/models/dag_1000.json");
    }
  for (int i = 1; i < argc; i++)
    ret |= run_model (argv[i]);
  return ret;
}
