/* schedula-pipe.c: compiled pipes
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-dispatch-private.h"
#include "schedula-call-private.h"
#include "schedula-function-private.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-sub-dispatch-private.h"
#include "schedula-private.h"

/**
 * SchedulaPipe:
 *
 * A compiled plan of a model, as schedula's `SubDispatchPipe` makes: the
 * model is shrunk to what @outputs need from @inputs, dispatched once
 * without calling anything, and the order that dispatch visited the nodes in
 * (with the workflow edges each one sent its value along) is kept.
 * [method@Pipe.run] replays that order on new input values: no search, no
 * fringe, no lookup per node; each node computes its value (a function is
 * called, a data node takes its estimation) and sends it along its recorded
 * edges. Input domains are checked as each function is called, as
 * schedula's pipes do. The replay stops at the first step that produces
 * nothing (a function that fails or is out of its domain, for instance).
 *
 * A model with sub-dispatcher nodes is replayed by dispatching the shrunk
 * model (the child solutions are not replayed step by step).
 *
 * |[<!-- language="C" -->
 * // A pipe: the dispatch from a and b to c (= a + b) compiled once, replayed on new values.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * add (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 a, b;
 *
 *   if (!schedula_call_get_int64 (call, 0, &a, error) ||
 *       !schedula_call_get_int64 (call, 1, &b, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, a + b);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("adder");
 *   g_autoptr(SchedulaPipe) pipe = NULL;
 *   g_autoptr(GHashTable) inputs = g_hash_table_new (g_str_hash, g_str_equal);
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) a = G_VALUE_INIT;
 *   g_auto(GValue) b = G_VALUE_INIT;
 *
 *   schedula_dispatcher_add_function_full (model, "add", add, NULL, NULL,
 *                                          SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"), &error);
 *   g_assert_no_error (error);
 *   pipe = schedula_pipe_new (model, SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"), NULL, &error);
 *   g_assert_no_error (error);
 *
 *   g_value_init (&a, G_TYPE_INT64);
 *   g_value_set_int64 (g_value_init (&b, G_TYPE_INT64), 10);
 *   g_hash_table_insert (inputs, (gpointer) "a", &a);
 *   g_hash_table_insert (inputs, (gpointer) "b", &b);
 *   for (gint64 i = 0; i < 3; i++)
 *     {
 *       g_autoptr(SchedulaSolution) sol = NULL;
 *       gboolean completed;
 *
 *       g_value_set_int64 (&a, i);
 *       sol = schedula_pipe_run (pipe, inputs, NULL, &completed, &error);
 *       g_assert_no_error (error);
 *       g_assert_true (completed);
 *       g_assert_cmpint (g_value_get_int64 (schedula_solution_lookup (sol, "c")), ==, i + 10);
 *     }
 *   return 0;
 * }
 * ]|
 */
struct _SchedulaPipe
{
  GObject                  parent_instance;

  SchedulaDispatcher      *dsp;       /* the (shrunk) model */
  char                   **inputs;
  char                   **outputs;
  SchedulaDispatchOptions *options;   /* for the template and the fallback */
  SchedulaPlan            *plan;      /* NULL: dispatch each run */
};

G_DEFINE_FINAL_TYPE (SchedulaPipe, schedula_pipe, G_TYPE_OBJECT)

static void
schedula_pipe_finalize (GObject *object)
{
  SchedulaPipe *self = SCHEDULA_PIPE (object);

  g_clear_pointer (&self->plan, _schedula_plan_free);
  g_clear_object (&self->dsp);
  g_strfreev (self->inputs);
  g_strfreev (self->outputs);
  g_clear_object (&self->options);

  G_OBJECT_CLASS (schedula_pipe_parent_class)->finalize (object);
}

static void
schedula_pipe_class_init (SchedulaPipeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_pipe_finalize;
}

static void
schedula_pipe_init (SchedulaPipe *self)
{
}

static SchedulaPipe *
pipe_new (SchedulaDispatcher       *dsp,
          const char               *function_id,
          const char *const        *inputs,
          const char *const        *outputs,
          SchedulaDispatchOptions  *options,
          GError                  **error)
{
  g_autoptr(SchedulaPipe) self = g_object_new (SCHEDULA_TYPE_PIPE, NULL);
  g_autoptr(SchedulaDispatchOptions) template_options = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SchedulaSolution) template_sol = NULL;
  SolState *tpl;
  gboolean shrink;

  self->options = _schedula_function_options (options, &shrink);
  _schedula_dispatch_options_set_no_domain (self->options, TRUE);
  self->dsp = _schedula_function_model (dsp, function_id, inputs, outputs, self->options, shrink, TRUE,
                                        error);
  if (self->dsp == NULL)
    return NULL;
  self->inputs = g_strdupv ((char **) inputs);
  self->outputs = g_strdupv ((char **) outputs);

  /* The template: a dispatch that calls nothing */
  template_options = _schedula_dispatch_options_copy (self->options);
  schedula_dispatch_options_set_no_call (template_options, TRUE);
  schedula_dispatch_options_set_rm_unused_nodes (template_options, TRUE);
  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    g_hash_table_insert (names, (gpointer) inputs[i], NULL);
  template_sol = schedula_dispatcher_dispatch (self->dsp, names, outputs, template_options, NULL, error);
  if (template_sol == NULL)
    return NULL;
  tpl = _schedula_solution_state (template_sol);
  if (tpl->graph->n_subs == 0)
    self->plan = _schedula_plan_new (template_sol);
  return g_steal_pointer (&self);
}

/**
 * schedula_pipe_new:
 * @dsp: the model
 * @inputs: (array zero-terminated=1) (nullable): the ids of the inputs
 * @outputs: (array zero-terminated=1) (nullable): the ids of the outputs
 * @options: (nullable): the options of the pipe's dispatches; %NULL is
 *   schedula's defaults for a pipe: the wildcard, and the model shrunk to
 *   @inputs and @outputs. With @options, its
 *   [property@DispatchOptions:shrink], [property@DispatchOptions:wildcard]
 *   and input distances are used.
 * @error: return location for a #GError
 *
 * Compiles the pipe of @dsp from @inputs to @outputs. The model is shrunk
 * as schedula's `SubDispatchPipe` shrinks it: one dispatch from @inputs
 * that calls nothing, then what leads to @outputs in its workflow (not the
 * passes of schedula_dispatcher_shrink(), which keep the ways around a
 * domain that may fail). An output the (shrunk) model does not have fails
 * with %SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS.
 *
 * Returns: (transfer full): a new #SchedulaPipe, or %NULL with @error set
 */
SchedulaPipe *
schedula_pipe_new (SchedulaDispatcher       *dsp,
                   const char *const        *inputs,
                   const char *const        *outputs,
                   SchedulaDispatchOptions  *options,
                   GError                  **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dsp), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pipe_new (dsp, NULL, inputs, outputs, options, error);
}

/**
 * schedula_pipe_get_dispatcher:
 * @self: a #SchedulaPipe
 *
 * Gets the model the pipe replays (shrunk, unless told otherwise).
 *
 * Returns: (transfer none): the model
 */
SchedulaDispatcher *
schedula_pipe_get_dispatcher (SchedulaPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PIPE (self), NULL);

  return self->dsp;
}

/**
 * schedula_pipe_get_inputs:
 * @self: a #SchedulaPipe
 *
 * Gets the inputs.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the inputs
 */
const char *const *
schedula_pipe_get_inputs (SchedulaPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PIPE (self), NULL);

  return (const char *const *) self->inputs;
}

/**
 * schedula_pipe_get_outputs:
 * @self: a #SchedulaPipe
 *
 * Gets the outputs.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the outputs
 */
const char *const *
schedula_pipe_get_outputs (SchedulaPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PIPE (self), NULL);

  return (const char *const *) self->outputs;
}

/**
 * schedula_pipe_get_n_steps:
 * @self: a #SchedulaPipe
 *
 * Gets the number of steps a replay goes through: the nodes of the model the
 * compiling dispatch visited and kept in its workflow. A model replayed by
 * dispatching (it has sub-dispatcher nodes) has none.
 *
 * Returns: the number of steps
 */
guint
schedula_pipe_get_n_steps (SchedulaPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PIPE (self), 0);

  return self->plan ? _schedula_plan_get_n_steps (self->plan) : 0;
}

/**
 * schedula_pipe_run:
 * @self: a #SchedulaPipe
 * @inputs: (nullable) (element-type utf8 GValue): input values by data node
 *   id; the model's defaults fill in the others
 * @cancellable: (nullable): a #GCancellable, checked before every function
 *   call
 * @completed: (out) (optional): whether every step produced its value
 * @error: return location for a #GError
 *
 * Replays the pipe on @inputs. A step that produces nothing (its function
 * failed: the error is recorded in the solution) ends the replay, with
 * @completed set to %FALSE; what the steps before it computed is in the
 * solution. The replay itself fails only when the raises policy of the model
 * says so, on cancellation, or when a function sets an output its node does
 * not declare.
 *
 * Returns: (transfer full): the solution, or %NULL with @error set
 */
SchedulaSolution *
schedula_pipe_run (SchedulaPipe   *self,
                   GHashTable     *inputs,
                   GCancellable   *cancellable,
                   gboolean       *completed,
                   GError        **error)
{
  gboolean done = TRUE;
  SchedulaSolution *sol;

  g_return_val_if_fail (SCHEDULA_IS_PIPE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->plan != NULL)
    sol = _schedula_plan_replay (self->plan, self->dsp, inputs, cancellable, TRUE, &done, error);
  else
    {
      sol = schedula_dispatcher_dispatch (self->dsp, inputs, (const char *const *) self->outputs,
                                          self->options, cancellable, error);
      for (guint i = 0; sol != NULL && self->outputs != NULL && self->outputs[i] != NULL; i++)
        done = done && schedula_solution_contains (sol, self->outputs[i]);
    }
  if (completed != NULL)
    *completed = done;
  return sol;
}

/* The function wrappers of a pipe: SubDispatchPipe returns what the replay
 * reached (an output it did not reach is an error); DispatchPipe fails as
 * soon as a step does. */

typedef struct
{
  SchedulaPipe       *pipe;
  SchedulaOutputType  output_type;
  GMutex              lock;
  SchedulaSolution   *solution;    /* the last one */
} PipeFunction;

static void
pipe_function_clear (PipeFunction *pf)
{
  g_clear_object (&pf->pipe);
  g_clear_object (&pf->solution);
  g_mutex_clear (&pf->lock);
}

static gboolean
pipe_function_run (SchedulaFunction  *function,
                   PipeFunction      *pf,
                   gboolean           strict,
                   SchedulaCall      *call,
                   const GValue      *args,
                   guint              n_args,
                   SchedulaDict      *kwargs,
                   GValue            *result,
                   GError           **error)
{
  g_autoptr(GHashTable) inputs = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  gboolean completed;

  inputs = _schedula_bind_arguments (schedula_function_get_name (function), pf->pipe->dsp,
                                     (const char *const *) pf->pipe->inputs, args, n_args, kwargs,
                                     FALSE, error);
  if (inputs == NULL)
    return FALSE;
  sol = schedula_pipe_run (pf->pipe, inputs, call ? schedula_call_get_cancellable (call) : NULL,
                           &completed, error);
  if (sol == NULL)
    return FALSE;
  g_mutex_lock (&pf->lock);
  g_set_object (&pf->solution, sol);
  g_mutex_unlock (&pf->lock);
  if (!strict && call != NULL)
    schedula_call_set_solution (call, sol);
  if (!completed && strict)
    {
      g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN,
                           "The pipe is not respected.");
      return FALSE;
    }
  return _schedula_solution_select_outputs (sol, (const char *const *) pf->pipe->outputs,
                                            pf->output_type, result, error);
}

static gboolean
pipe_function_invoke (SchedulaFunction  *function,
                      PipeFunction      *pf,
                      gboolean           strict,
                      SchedulaCall      *call,
                      GError           **error)
{
  guint n = schedula_call_get_n_inputs (call);
  g_autofree GValue *args = g_new0 (GValue, MAX (n, 1));
  GValue result = G_VALUE_INIT;

  for (guint i = 0; i < n; i++)
    args[i] = *schedula_call_get_input (call, i);  /* lent for the call */
  if (!pipe_function_run (function, pf, strict, call, args, n, call->keywords, &result, error))
    return FALSE;
  return _schedula_call_take_result (call, schedula_function_get_name (function), &result, error);
}

static SchedulaSolution *
pipe_function_dup_solution (PipeFunction *pf)
{
  SchedulaSolution *sol;

  g_mutex_lock (&pf->lock);
  sol = pf->solution ? g_object_ref (pf->solution) : NULL;
  g_mutex_unlock (&pf->lock);
  return sol;
}

static gboolean
pipe_function_init (PipeFunction             *pf,
                    SchedulaDispatcher       *dsp,
                    const char               *function_id,
                    const char *const        *inputs,
                    const char *const        *outputs,
                    SchedulaOutputType        output_type,
                    SchedulaDispatchOptions  *options,
                    GError                  **error)
{
  pf->pipe = pipe_new (dsp, function_id, inputs, outputs, options, error);
  pf->output_type = _schedula_function_output_type (output_type, outputs);
  return pf->pipe != NULL;
}

static const char *
pipe_function_name (SchedulaDispatcher *dsp,
                    const char         *function_id)
{
  const char *name = function_id ? function_id : schedula_dispatcher_get_name (dsp);

  return name != NULL && name[0] != '\0' ? name : "fun";
}

/* SubDispatchPipe */

/**
 * SchedulaSubDispatchPipe:
 *
 * A model as a function of fixed inputs and outputs that replays a
 * [class@Pipe], as schedula's `SubDispatchPipe`: positional arguments are
 * the values of the inputs, in order. When a step fails the replay stops,
 * and an output it did not reach fails the call with
 * %SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS. As the function of a node,
 * the solution of the replay becomes the node's solution in the workflow.
 *
 * |[<!-- language="C" -->
 * // A pipe as a function: f(a, b) = c, with c = a + b, replayed without a search at each call.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * add (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 a, b;
 *
 *   if (!schedula_call_get_int64 (call, 0, &a, error) ||
 *       !schedula_call_get_int64 (call, 1, &b, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, a + b);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("adder");
 *   g_autoptr(SchedulaSubDispatchPipe) f = NULL;
 *   g_autoptr(GError) error = NULL;
 *   GValue args[2] = { G_VALUE_INIT, G_VALUE_INIT };
 *
 *   schedula_dispatcher_add_function_full (model, "add", add, NULL, NULL,
 *                                          SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"), &error);
 *   g_assert_no_error (error);
 *   f = schedula_sub_dispatch_pipe_new (model, "f", SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"),
 *                                       SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
 *   g_assert_no_error (error);
 *
 *   g_value_init (&args[0], G_TYPE_INT64);
 *   g_value_init (&args[1], G_TYPE_INT64);
 *   for (gint64 i = 0; i < 3; i++)
 *     {
 *       GValue *c;
 *
 *       g_value_set_int64 (&args[0], i);
 *       g_value_set_int64 (&args[1], 2 * i);
 *       c = schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 2, NULL, &error);
 *       g_assert_no_error (error);
 *       g_assert_cmpint (g_value_get_int64 (c), ==, 3 * i);
 *       g_boxed_free (G_TYPE_VALUE, c);
 *     }
 *   return 0;
 * }
 * ]|
 */
struct _SchedulaSubDispatchPipe
{
  SchedulaFunction parent_instance;

  PipeFunction     pf;
};

G_DEFINE_FINAL_TYPE (SchedulaSubDispatchPipe, schedula_sub_dispatch_pipe, SCHEDULA_TYPE_FUNCTION)

static gboolean
sub_dispatch_pipe_invoke (SchedulaFunction  *function,
                          SchedulaCall      *call,
                          GError           **error)
{
  return pipe_function_invoke (function, &SCHEDULA_SUB_DISPATCH_PIPE (function)->pf, FALSE, call, error);
}

static void
schedula_sub_dispatch_pipe_finalize (GObject *object)
{
  pipe_function_clear (&SCHEDULA_SUB_DISPATCH_PIPE (object)->pf);

  G_OBJECT_CLASS (schedula_sub_dispatch_pipe_parent_class)->finalize (object);
}

static void
schedula_sub_dispatch_pipe_class_init (SchedulaSubDispatchPipeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_sub_dispatch_pipe_finalize;
  SCHEDULA_FUNCTION_CLASS (klass)->invoke = sub_dispatch_pipe_invoke;
  _schedula_function_class_take_keywords (SCHEDULA_FUNCTION_CLASS (klass));
}

static void
schedula_sub_dispatch_pipe_init (SchedulaSubDispatchPipe *self)
{
  g_mutex_init (&self->pf.lock);
}

/**
 * schedula_sub_dispatch_pipe_new:
 * @dsp: the model
 * @function_id: (nullable): the name of the function (and of its model);
 *   %NULL for the name of @dsp, or `fun`
 * @inputs: (array zero-terminated=1) (nullable): the inputs, in the order of
 *   the positional arguments
 * @outputs: (array zero-terminated=1) (nullable): the outputs
 * @output_type: what a call returns, as for [ctor@SubDispatchFunction.new]
 * @options: (nullable): as for [ctor@Pipe.new]
 * @error: return location for a #GError
 *
 * Makes schedula's `SubDispatchPipe(dsp, function_id, inputs, outputs)`.
 *
 * Returns: (transfer full): a new #SchedulaSubDispatchPipe, or %NULL with
 *   @error set
 */
SchedulaSubDispatchPipe *
schedula_sub_dispatch_pipe_new (SchedulaDispatcher       *dsp,
                                const char               *function_id,
                                const char *const        *inputs,
                                const char *const        *outputs,
                                SchedulaOutputType        output_type,
                                SchedulaDispatchOptions  *options,
                                GError                  **error)
{
  g_autoptr(SchedulaSubDispatchPipe) self = NULL;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dsp), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SCHEDULA_TYPE_SUB_DISPATCH_PIPE, "name", pipe_function_name (dsp, function_id), NULL);
  if (!pipe_function_init (&self->pf, dsp, function_id, inputs, outputs, output_type, options, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * schedula_sub_dispatch_pipe_get_pipe:
 * @self: a #SchedulaSubDispatchPipe
 *
 * Gets the compiled pipe.
 *
 * Returns: (transfer none): the pipe
 */
SchedulaPipe *
schedula_sub_dispatch_pipe_get_pipe (SchedulaSubDispatchPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH_PIPE (self), NULL);

  return self->pf.pipe;
}

/**
 * schedula_sub_dispatch_pipe_dup_solution:
 * @self: a #SchedulaSubDispatchPipe
 *
 * Gets the solution of the last call.
 *
 * Returns: (transfer full) (nullable): the solution, or %NULL before the
 *   first call
 */
SchedulaSolution *
schedula_sub_dispatch_pipe_dup_solution (SchedulaSubDispatchPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH_PIPE (self), NULL);

  return pipe_function_dup_solution (&self->pf);
}

/* DispatchPipe */

/**
 * SchedulaDispatchPipe:
 *
 * A [class@SubDispatchPipe] that does not go around failures, as
 * schedula's `DispatchPipe`: a step that produces nothing fails the call
 * with %SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN ("The pipe is not respected.").
 * Its solution is not attached to the node that runs it.
 *
 * |[<!-- language="C" -->
 * // A pipe that does not go around failures: y = 1 / x fails the call for x = 0.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * invert (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gdouble x;
 *
 *   if (!schedula_call_get_double (call, 0, &x, error))
 *     return FALSE;
 *   if (x == 0)
 *     {
 *       g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "x is 0");
 *       return FALSE;
 *     }
 *   schedula_call_set_output_double (call, 0, 1 / x);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("inverse");
 *   g_autoptr(SchedulaDispatchPipe) f = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) x = G_VALUE_INIT;
 *   GValue *y;
 *
 *   schedula_dispatcher_add_function_full (model, "invert", invert, NULL, NULL,
 *                                          SCHEDULA_IDS ("x"), SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *   f = schedula_dispatch_pipe_new (model, "f", SCHEDULA_IDS ("x"), SCHEDULA_IDS ("y"),
 *                                   SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
 *   g_assert_no_error (error);
 *
 *   g_value_set_double (g_value_init (&x, G_TYPE_DOUBLE), 4.0);
 *   y = schedula_function_call_full (SCHEDULA_FUNCTION (f), &x, 1, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpfloat (g_value_get_double (y), ==, 0.25);
 *   g_boxed_free (G_TYPE_VALUE, y);
 *
 *   g_value_set_double (&x, 0.0);
 *   y = schedula_function_call_full (SCHEDULA_FUNCTION (f), &x, 1, NULL, &error);
 *   g_assert_null (y);
 *   g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN);
 *   return 0;
 * }
 * ]|
 */
struct _SchedulaDispatchPipe
{
  SchedulaFunction parent_instance;

  PipeFunction     pf;
};

G_DEFINE_FINAL_TYPE (SchedulaDispatchPipe, schedula_dispatch_pipe, SCHEDULA_TYPE_FUNCTION)

static gboolean
dispatch_pipe_invoke (SchedulaFunction  *function,
                      SchedulaCall      *call,
                      GError           **error)
{
  return pipe_function_invoke (function, &SCHEDULA_DISPATCH_PIPE (function)->pf, TRUE, call, error);
}

static void
schedula_dispatch_pipe_finalize (GObject *object)
{
  pipe_function_clear (&SCHEDULA_DISPATCH_PIPE (object)->pf);

  G_OBJECT_CLASS (schedula_dispatch_pipe_parent_class)->finalize (object);
}

static void
schedula_dispatch_pipe_class_init (SchedulaDispatchPipeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_dispatch_pipe_finalize;
  SCHEDULA_FUNCTION_CLASS (klass)->invoke = dispatch_pipe_invoke;
  _schedula_function_class_take_keywords (SCHEDULA_FUNCTION_CLASS (klass));
}

static void
schedula_dispatch_pipe_init (SchedulaDispatchPipe *self)
{
  g_mutex_init (&self->pf.lock);
}

/**
 * schedula_dispatch_pipe_new:
 * @dsp: the model
 * @function_id: (nullable): the name of the function (and of its model);
 *   %NULL for the name of @dsp, or `fun`
 * @inputs: (array zero-terminated=1) (nullable): the inputs, in the order of
 *   the positional arguments
 * @outputs: (array zero-terminated=1) (nullable): the outputs
 * @output_type: what a call returns, as for [ctor@SubDispatchFunction.new]
 * @options: (nullable): as for [ctor@Pipe.new]
 * @error: return location for a #GError
 *
 * Makes schedula's `DispatchPipe(dsp, function_id, inputs, outputs)`.
 *
 * Returns: (transfer full): a new #SchedulaDispatchPipe, or %NULL with
 *   @error set
 */
SchedulaDispatchPipe *
schedula_dispatch_pipe_new (SchedulaDispatcher       *dsp,
                            const char               *function_id,
                            const char *const        *inputs,
                            const char *const        *outputs,
                            SchedulaOutputType        output_type,
                            SchedulaDispatchOptions  *options,
                            GError                  **error)
{
  g_autoptr(SchedulaDispatchPipe) self = NULL;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dsp), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SCHEDULA_TYPE_DISPATCH_PIPE, "name", pipe_function_name (dsp, function_id), NULL);
  if (!pipe_function_init (&self->pf, dsp, function_id, inputs, outputs, output_type, options, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * schedula_dispatch_pipe_get_pipe:
 * @self: a #SchedulaDispatchPipe
 *
 * Gets the compiled pipe.
 *
 * Returns: (transfer none): the pipe
 */
SchedulaPipe *
schedula_dispatch_pipe_get_pipe (SchedulaDispatchPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_PIPE (self), NULL);

  return self->pf.pipe;
}

/**
 * schedula_dispatch_pipe_dup_solution:
 * @self: a #SchedulaDispatchPipe
 *
 * Gets the solution of the last call.
 *
 * Returns: (transfer full) (nullable): the solution, or %NULL before the
 *   first call
 */
SchedulaSolution *
schedula_dispatch_pipe_dup_solution (SchedulaDispatchPipe *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_PIPE (self), NULL);

  return pipe_function_dup_solution (&self->pf);
}

/* What the pipes were made with (for the model files) */

SchedulaDispatchOptions *
_schedula_pipe_get_options (SchedulaPipe *self)
{
  return self->options;
}

SchedulaOutputType
_schedula_pipe_function_get_output_type (SchedulaFunction *function)
{
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (function))
    return SCHEDULA_SUB_DISPATCH_PIPE (function)->pf.output_type;
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_PIPE (function), SCHEDULA_OUTPUT_TYPE_DEFAULT);
  return SCHEDULA_DISPATCH_PIPE (function)->pf.output_type;
}
