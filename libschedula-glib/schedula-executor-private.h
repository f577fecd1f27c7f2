/* schedula-executor-private.h: what the dispatch loop knows of a task
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-executor.h"
#include "schedula-features.h"
#include "schedula-call-private.h"
#include "schedula-function-private.h"

G_BEGIN_DECLS

/* Called once, from the thread that completes the task */
typedef void (*SchedulaTaskDone) (SchedulaTask *task,
                                  gpointer      user_data);

struct _SchedulaTask
{
  GObject            parent_instance;

  SchedulaFunction  *function;
  SchedulaFunc       direct;        /* called without a vfunc when possible */
  gpointer           direct_data;
  SchedulaCall      *call;          /* inputs lent by the dispatch until the task completes */
  const char        *node_id;
  char              *node_path;
  GCancellable      *cancellable;
  gdouble            timeout;
  guint              depth;         /* dispatches nested in the thread that made the task */
  gboolean           verbose;

  gboolean           ok;
  GError            *error;
  gint               completed;     /* atomic */
  gint               began;         /* atomic */
  SchedulaTaskDone   started;       /* nullable: the call begins, in the executor */
  SchedulaTaskDone   done;
  gpointer           done_data;     /* for both */
};

SchedulaTask *_schedula_task_new      (SchedulaFunction *function,
                                       SchedulaCall     *call,
                                       const char       *node_id,
                                       char             *node_path,  /* taken */
                                       GCancellable     *cancellable,
                                       gdouble           timeout,
                                       gboolean          verbose,
                                       SchedulaTaskDone  started,
                                       SchedulaTaskDone  done,
                                       gpointer          done_data);
/* The executor begins the call (a thread or a worker takes it): once */
void          _schedula_task_begin    (SchedulaTask     *self);
SchedulaExecutor *_schedula_executor_for_options (const char *name,
                                                  GError    **error);
SchedulaExecutor *_schedula_process_executor_factory (const char *name,
                                                      gpointer    user_data);

#if SCHEDULA_HAS_IO
/* The model file of a call of a function wrapper (SubDispatch, ...) for a
 * worker of @kind (io/schedula-model-save.c): `parallel-dispatch` */
GBytes *_schedula_worker_model_to_bytes (SchedulaFunction  *function,
                                         guint              n_inputs,
                                         guint              n_outputs,
                                         const char       **kind,
                                         GError           **error);
#endif

/* Runs @function for @call here: what a synchronous dispatch does, and
 * what an executor does in its own thread. It touches nothing of the
 * dispatch. Inline: the synchronous loop calls it for every function. */
static inline gboolean
_schedula_call_run (SchedulaCall      *call,
                    SchedulaFunction  *function,
                    SchedulaFunc       direct,
                    gpointer           user_data,
                    const char        *node_id,
                    gboolean           verbose,
                    GError           **error)
{
  gboolean ok;
  gint64 started = 0;

  if (G_UNLIKELY (verbose))
    {
      g_info ("Start `%s`...", node_id);
      started = g_get_monotonic_time ();
    }
  if (direct != NULL)
    {
      ok = direct (call, user_data, error);
      if (!ok && error != NULL && *error == NULL)
        _schedula_function_false_without_error (function, call, node_id, error);
    }
  else
    ok = _schedula_function_run (function, call, error);
  if (G_UNLIKELY (verbose))
    g_info ("Done `%s` in %.5f sec.", node_id,
            (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return ok;
}

G_END_DECLS
