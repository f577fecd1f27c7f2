/* schedula-dispatch-async.c: dispatching without blocking the caller
 *
 * A layer above the dispatch: the dispatch runs in a thread of GTask's
 * pool, as schedula_dispatcher_dispatch() would, and its result comes back
 * in the caller's main context. Functions that must run in their own main
 * context (SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT: the functions of GJS) are
 * posted there by the dispatch, and so are the reports of a progress
 * object; both reach the caller's context before the callback.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-dispatcher.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-private.h"

typedef struct
{
  GHashTable              *inputs;    /* owned copies */
  char                   **outputs;
  SchedulaDispatchOptions *options;   /* a copy */
  gboolean                 try;       /* try_dispatch: the solution of a failed dispatch too */
} DispatchData;

static void
dispatch_data_free (DispatchData *data)
{
  g_clear_pointer (&data->inputs, g_hash_table_unref);
  g_strfreev (data->outputs);
  g_clear_object (&data->options);
  g_free (data);
}

static void
value_free0 (gpointer value)
{
  if (value != NULL)
    g_boxed_free (G_TYPE_VALUE, value);
}

static void
dispatch_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DispatchData *data = task_data;
  GError *error = NULL;
  SchedulaSolution *sol;

  if (data->try)
    sol = schedula_dispatcher_try_dispatch (SCHEDULA_DISPATCHER (source_object), data->inputs,
                                            (const char *const *) data->outputs, data->options,
                                            cancellable, &error);
  else
    sol = schedula_dispatcher_dispatch (SCHEDULA_DISPATCHER (source_object), data->inputs,
                                        (const char *const *) data->outputs, data->options,
                                        cancellable, &error);
  if (sol != NULL)
    g_task_return_pointer (task, sol, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* Starts the dispatch of dispatch_async() and try_dispatch_async() */
static void
start_dispatch (SchedulaDispatcher      *self,
                gboolean                 try,
                gpointer                 source_tag,
                GHashTable              *inputs,
                const char *const       *outputs,
                SchedulaDispatchOptions *options,
                GCancellable            *cancellable,
                GAsyncReadyCallback      callback,
                gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  DispatchData *data;

  data = g_new0 (DispatchData, 1);
  data->try = try;
  if (inputs != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      data->inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free0);
      g_hash_table_iter_init (&iter, inputs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (data->inputs, g_strdup (key),
                             value != NULL ? g_boxed_copy (G_TYPE_VALUE, value) : NULL);
    }
  data->outputs = g_strdupv ((char **) outputs);
  data->options = options != NULL ? _schedula_dispatch_options_copy (options) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[schedula-glib] dispatch");
  g_task_set_priority (task, G_PRIORITY_DEFAULT);
  /* a cancelled dispatch fails with its own message (which call it stopped
   * before), not GTask's generic one */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) dispatch_data_free);
  g_task_run_in_thread (task, dispatch_thread);
}

/**
 * schedula_dispatcher_dispatch_async:
 * @self: a #SchedulaDispatcher
 * @inputs: (nullable) (element-type utf8 GValue): input values by data node
 *   id, copied (see [method@Dispatcher.dispatch])
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute; %NULL
 *   or empty computes everything that can be computed
 * @options: (nullable): the other keywords of the dispatch, copied; its
 *   [property@DispatchOptions:executor] says where the functions run
 * @cancellable: (nullable): a #GCancellable: cancelling it stops the
 *   dispatch, kills the worker processes running its calls and makes
 *   [method@Dispatcher.dispatch_finish] fail with %G_IO_ERROR_CANCELLED
 * @callback: (scope async): called in the thread-default main context of
 *   the caller when the dispatch is over
 * @user_data: (closure): data for @callback
 *
 * Dispatches as [method@Dispatcher.dispatch] does, without blocking: the
 * search runs in a thread, and @callback gets the result, which
 * [method@Dispatcher.dispatch_finish] gives.
 *
 * With the `async` executor (or `parallel`, `parallel-pool`) the functions
 * that do not depend on each other run at the same time; with none they
 * run one after the other in the dispatch's thread. The solution is the
 * synchronous one whatever the executor.
 *
 * A function that must run in its main context
 * (%SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT: the functions of GJS) is run
 * there, so that context must keep running. The reports of a
 * [property@DispatchOptions:progress] object reach its context before
 * @callback runs, when it is the same context.
 *
 * |[<!-- language="C" -->
 * static void
 * on_done (GObject *source, GAsyncResult *result, gpointer data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SchedulaSolution) sol =
 *     schedula_dispatcher_dispatch_finish (SCHEDULA_DISPATCHER (source), result, &error);
 *
 *   if (sol == NULL)
 *     g_printerr ("dispatch failed: %s\n", error->message);
 *   g_main_loop_quit (data);
 * }
 *
 * static void
 * run (SchedulaDispatcher *dsp, GHashTable *inputs)
 * {
 *   g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
 *   g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
 *
 *   schedula_dispatch_options_set_executor (options, "async");
 *   schedula_dispatcher_dispatch_async (dsp, inputs, NULL, options, NULL, on_done, loop);
 *   g_main_loop_run (loop);
 * }
 * ]|
 */
void
schedula_dispatcher_dispatch_async (SchedulaDispatcher      *self,
                                    GHashTable              *inputs,
                                    const char *const       *outputs,
                                    SchedulaDispatchOptions *options,
                                    GCancellable            *cancellable,
                                    GAsyncReadyCallback      callback,
                                    gpointer                 user_data)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));
  g_return_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_dispatch (self, FALSE, schedula_dispatcher_dispatch_async, inputs, outputs, options,
                  cancellable, callback, user_data);
}

/**
 * schedula_dispatcher_dispatch_finish:
 * @self: a #SchedulaDispatcher
 * @result: the #GAsyncResult given to the callback of
 *   [method@Dispatcher.dispatch_async]
 * @error: return location for a #GError
 *
 * Gets the result of [method@Dispatcher.dispatch_async]: the solution, or
 * the error [method@Dispatcher.dispatch] would have failed with. The
 * dispatcher's last solution ([method@Dispatcher.get_solution]) is the
 * dispatch's solution in both cases, until another dispatch of the model.
 *
 * Returns: (transfer full): the solution, or %NULL with @error set
 */
SchedulaSolution *
schedula_dispatcher_dispatch_finish (SchedulaDispatcher  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == schedula_dispatcher_dispatch_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * schedula_dispatcher_try_dispatch_async:
 * @self: a #SchedulaDispatcher
 * @inputs: (nullable) (element-type utf8 GValue): input values by data node
 *   id, copied
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute
 * @options: (nullable): the other keywords of the dispatch, copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the thread-default main context of
 *   the caller when the dispatch is over
 * @user_data: (closure): data for @callback
 *
 * Dispatches as [method@Dispatcher.try_dispatch] does, without blocking, as
 * [method@Dispatcher.dispatch_async] does: the result,
 * [method@Dispatcher.try_dispatch_finish], is the solution of the dispatch
 * whether it completed or stopped on an error (the dispatcher's last
 * solution may be another dispatch's when several run at once).
 */
void
schedula_dispatcher_try_dispatch_async (SchedulaDispatcher      *self,
                                        GHashTable              *inputs,
                                        const char *const       *outputs,
                                        SchedulaDispatchOptions *options,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));
  g_return_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_dispatch (self, TRUE, schedula_dispatcher_try_dispatch_async, inputs, outputs, options,
                  cancellable, callback, user_data);
}

/**
 * schedula_dispatcher_try_dispatch_finish:
 * @self: a #SchedulaDispatcher
 * @result: the #GAsyncResult given to the callback of
 *   [method@Dispatcher.try_dispatch_async]
 * @error: return location for a #GError, set only when the dispatch could
 *   not start (as for [method@Dispatcher.try_dispatch])
 *
 * Gets the result of [method@Dispatcher.try_dispatch_async]: the solution,
 * with [method@Solution.get_dispatch_error] telling whether the dispatch
 * stopped on an error.
 *
 * Returns: (transfer full): the solution, or %NULL with @error set
 */
SchedulaSolution *
schedula_dispatcher_try_dispatch_finish (SchedulaDispatcher  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == schedula_dispatcher_try_dispatch_async,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
