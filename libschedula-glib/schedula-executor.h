/* schedula-executor.h: where function calls run
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-types.h"
#include "schedula-call.h"
#include "schedula-function.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_TASK (schedula_task_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaTask, schedula_task, SCHEDULA, TASK, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction   *schedula_task_get_function     (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaCall       *schedula_task_get_call         (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_task_get_node_id      (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_task_get_node_path    (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
GCancellable       *schedula_task_get_cancellable  (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
gdouble             schedula_task_get_timeout      (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_task_run              (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_task_return           (SchedulaTask     *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_task_return_error     (SchedulaTask     *self,
                                                    GError           *error);

#define SCHEDULA_TYPE_EXECUTOR (schedula_executor_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SchedulaExecutor, schedula_executor, SCHEDULA, EXECUTOR, GObject)

/**
 * SchedulaExecutorClass:
 * @parent_class: the parent class
 * @submit: runs @task somewhere, now or later, and completes it with
 *   [method@Task.return] or [method@Task.return_error], from any thread.
 *   It must not block for the task's time: the dispatch goes on meanwhile.
 * @shutdown: stops the executor: queued tasks fail with
 *   %G_IO_ERROR_CANCELLED, running ones are stopped where the executor can
 *   stop them (a worker process is killed), and nothing more is accepted.
 * @run_here: optional: runs @task in the calling thread, where the executor
 *   would run it (in this thread for threads, in a worker for workers), and
 *   completes it before returning. The dispatch calls it instead of
 *   @submit for a call that nothing could run beside, which saves the
 *   hand-over to another thread and back.
 *
 * The class of [class@Executor]. An executor only runs calls: the dispatch
 * decides which calls to make and in which order their results count.
 */
struct _SchedulaExecutorClass
{
  GObjectClass parent_class;

  void (*submit)   (SchedulaExecutor *self,
                    SchedulaTask     *task);
  void (*shutdown) (SchedulaExecutor *self);
  void (*run_here) (SchedulaExecutor *self,
                    SchedulaTask     *task);

  /*< private >*/
  gpointer _reserved[7];
};

/**
 * SchedulaExecutorFactory:
 * @name: the name the executor is made for
 * @user_data: (closure): the data given to [func@Executor.register]
 *
 * Makes the executor of a name, the first time a dispatch asks for it.
 *
 * Returns: (transfer full): a new executor
 */
typedef SchedulaExecutor *(*SchedulaExecutorFactory) (const char *name,
                                                      gpointer    user_data);

SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_executor_get_name     (SchedulaExecutor *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_executor_submit       (SchedulaExecutor *self,
                                                    SchedulaTask     *task);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_executor_shutdown     (SchedulaExecutor *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_executor_is_shut_down (SchedulaExecutor *self);

SCHEDULA_AVAILABLE_IN_ALL
void                schedula_executor_register     (const char              *name,
                                                    SchedulaExecutorFactory  factory,
                                                    gpointer                 user_data,
                                                    GDestroyNotify           destroy);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaExecutor   *schedula_executor_get          (const char              *name,
                                                    GError                 **error);
SCHEDULA_AVAILABLE_IN_ALL
char              **schedula_shutdown_executors    (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_shutdown_executor     (const char              *name);

#define SCHEDULA_TYPE_THREAD_EXECUTOR (schedula_thread_executor_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaThreadExecutor, schedula_thread_executor, SCHEDULA, THREAD_EXECUTOR,
                      SchedulaExecutor)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaExecutor   *schedula_thread_executor_new   (const char *name,
                                                    guint       max_threads) G_GNUC_WARN_UNUSED_RESULT;

#define SCHEDULA_TYPE_PROCESS_EXECUTOR (schedula_process_executor_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaProcessExecutor, schedula_process_executor, SCHEDULA, PROCESS_EXECUTOR,
                      SchedulaExecutor)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaExecutor   *schedula_process_executor_new  (const char *name,
                                                    gboolean    fresh,
                                                    guint       max_workers) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_process_executor_get_max_workers (SchedulaProcessExecutor *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_process_executor_set_max_workers (SchedulaProcessExecutor *self,
                                                               guint                    max_workers);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_set_worker_command    (const char        *kind,
                                                    const char *const *argv);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_set_worker_launcher   (const char *const *argv);

G_END_DECLS
