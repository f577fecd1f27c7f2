/* schedula-executor.c: executors, the tasks they run, and their registry
 *
 * The dispatch loop decides which function calls to make and in which order
 * their results count (schedula-dispatch.c); an executor only runs them.
 * The loop wraps a call in a SchedulaTask and hands it to the executor,
 * which runs it where it likes (a thread of a pool, a worker process) and
 * completes it from any thread; the loop takes the results back in its own
 * thread. Executors are made by name, once, the first time a dispatch asks
 * for them, and shared by every dispatch of the process until
 * schedula_shutdown_executors().
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-executor-private.h"
#include "schedula-function-private.h"
#include "schedula-private.h"

/* Tasks */

/**
 * SchedulaTask:
 *
 * One function call that a dispatch hands to an [class@Executor]: the
 * function, the [class@Call] with its inputs (where the outputs go), and
 * where it comes from (the node). The executor runs it, with
 * [method@Task.run] in its own thread or elsewhere, and completes it with
 * [method@Task.return] or [method@Task.return_error].
 */

G_DEFINE_FINAL_TYPE (SchedulaTask, schedula_task, G_TYPE_OBJECT)

static void
schedula_task_finalize (GObject *object)
{
  SchedulaTask *self = SCHEDULA_TASK (object);

  g_clear_object (&self->function);
  g_clear_object (&self->call);
  g_clear_object (&self->cancellable);
  g_free (self->node_path);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (schedula_task_parent_class)->finalize (object);
}

static void
schedula_task_class_init (SchedulaTaskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_task_finalize;
}

static void
schedula_task_init (SchedulaTask *self)
{
}

SchedulaTask *
_schedula_task_new (SchedulaFunction *function,
                    SchedulaCall     *call,
                    const char       *node_id,
                    char             *node_path,
                    GCancellable     *cancellable,
                    gdouble           timeout,
                    gboolean          verbose,
                    SchedulaTaskDone  started,
                    SchedulaTaskDone  done,
                    gpointer          done_data)
{
  SchedulaTask *self = g_object_new (SCHEDULA_TYPE_TASK, NULL);

  self->function = g_object_ref (function);
  if (!_schedula_function_get_direct (function, &self->direct, &self->direct_data))
    self->direct = NULL;
  self->call = g_object_ref (call);
  self->node_id = node_id;
  self->node_path = node_path;
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->timeout = timeout;
  self->verbose = verbose;
  self->depth = _schedula_depth_get ();
  self->started = started;
  self->done = done;
  self->done_data = done_data;
  return self;
}

void
_schedula_task_begin (SchedulaTask *self)
{
  if (g_atomic_int_compare_and_exchange (&self->began, FALSE, TRUE) && self->started != NULL)
    self->started (self, self->done_data);
}

/**
 * schedula_task_get_function:
 * @self: a #SchedulaTask
 *
 * Gets the function to call.
 *
 * Returns: (transfer none): the function
 */
SchedulaFunction *
schedula_task_get_function (SchedulaTask *self)
{
  g_return_val_if_fail (SCHEDULA_IS_TASK (self), NULL);

  return self->function;
}

/**
 * schedula_task_get_call:
 * @self: a #SchedulaTask
 *
 * Gets the call: the inputs of the function, and where its outputs go
 * ([method@Call.set_output]). An executor that runs the function elsewhere
 * sets the outputs it got back here before [method@Task.return].
 *
 * Returns: (transfer none): the call
 */
SchedulaCall *
schedula_task_get_call (SchedulaTask *self)
{
  g_return_val_if_fail (SCHEDULA_IS_TASK (self), NULL);

  return self->call;
}

/**
 * schedula_task_get_node_id:
 * @self: a #SchedulaTask
 *
 * Gets the id of the function node the call is for.
 *
 * Returns: the node id
 */
const char *
schedula_task_get_node_id (SchedulaTask *self)
{
  g_return_val_if_fail (SCHEDULA_IS_TASK (self), NULL);

  return self->node_id;
}

/**
 * schedula_task_get_node_path:
 * @self: a #SchedulaTask
 *
 * Gets the path of the node: the ids of the sub-dispatcher nodes down to
 * it and its id, joined by `/`, as error messages name it.
 *
 * Returns: the path
 */
const char *
schedula_task_get_node_path (SchedulaTask *self)
{
  g_return_val_if_fail (SCHEDULA_IS_TASK (self), NULL);

  return self->node_path;
}

/**
 * schedula_task_get_cancellable:
 * @self: a #SchedulaTask
 *
 * Gets the cancellable of the dispatch: once it is cancelled the task
 * should stop as soon as it can, with %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer none) (nullable): the cancellable
 */
GCancellable *
schedula_task_get_cancellable (SchedulaTask *self)
{
  g_return_val_if_fail (SCHEDULA_IS_TASK (self), NULL);

  return self->cancellable;
}

/**
 * schedula_task_get_timeout:
 * @self: a #SchedulaTask
 *
 * Gets how long the call may take, in seconds
 * ([property@DispatchOptions:timeout]); 0 means no limit. An executor that
 * can stop a call (a worker process) fails it when the time is up.
 *
 * Returns: the timeout in seconds, or 0
 */
gdouble
schedula_task_get_timeout (SchedulaTask *self)
{
  g_return_val_if_fail (SCHEDULA_IS_TASK (self), 0);

  return self->timeout;
}

static void
complete (SchedulaTask *self,
          gboolean      ok,
          GError       *error)
{
  if (!g_atomic_int_compare_and_exchange (&self->completed, FALSE, TRUE))
    {
      g_critical ("task of node %s completed twice", self->node_path);
      g_clear_error (&error);
      return;
    }
  self->ok = ok;
  self->error = error;
  self->done (self, self->done_data);
}

/**
 * schedula_task_return:
 * @self: a #SchedulaTask
 *
 * Completes the task: the function succeeded, and its outputs are set in
 * [method@Task.get_call]. Call it once, from any thread.
 */
void
schedula_task_return (SchedulaTask *self)
{
  g_return_if_fail (SCHEDULA_IS_TASK (self));

  complete (self, TRUE, NULL);
}

/**
 * schedula_task_return_error:
 * @self: a #SchedulaTask
 * @error: (transfer full): why the call failed
 *
 * Completes the task with a failure: the dispatch records @error on the
 * node and goes around it, as for a function that failed. Call it once,
 * from any thread.
 */
void
schedula_task_return_error (SchedulaTask *self,
                            GError       *error)
{
  g_return_if_fail (SCHEDULA_IS_TASK (self));
  g_return_if_fail (error != NULL);

  complete (self, FALSE, error);
}

/**
 * schedula_task_run:
 * @self: a #SchedulaTask
 *
 * Runs the function of the task in this thread and completes the task with
 * its result: what an executor that runs functions in threads does.
 */
void
schedula_task_run (SchedulaTask *self)
{
  GError *error = NULL;
  guint depth;
  gboolean ok;

  g_return_if_fail (SCHEDULA_IS_TASK (self));

  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      schedula_task_return_error (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Dispatch cancelled before calling %s",
                                                     self->node_path));
      return;
    }
  _schedula_task_begin (self);
  /* the nested dispatches of the function count from the dispatch's depth */
  depth = _schedula_depth_get ();
  _schedula_depth_set (self->depth);
  ok = _schedula_call_run (self->call, self->function, self->direct, self->direct_data,
                           self->node_id, self->verbose, &error);
  _schedula_depth_set (depth);
  complete (self, ok, ok ? NULL : error);
}

/* Executors */

/**
 * SchedulaExecutor:
 *
 * Where the function calls of a dispatch run: the `executor` of
 * [class@DispatchOptions] or of the [class@Dispatcher] names one. Whatever
 * the executor, a dispatch gives the solution a synchronous one gives, and
 * calls the same functions: the dispatch hands a call over only when the
 * synchronous search would make it, and takes the results in the order the
 * synchronous search would have; independent calls run at the same time.
 *
 * The library's executors are `sync` (calls in the dispatching thread, as
 * with no executor), `async` (a pool of threads of this process),
 * `parallel` (a new worker process for each call) and `parallel-pool`
 * (a pool of worker processes), and in a build with model files (the io
 * feature) `parallel-dispatch`: `parallel`, where the function wrappers
 * (SubDispatch, SubDispatchFunction, the pipes, MapDispatch) also run in
 * a worker, their model carried there as a model file.
 * [func@Executor.register] adds others.
 */

typedef struct
{
  char     *name;
  gboolean  shut_down;
} SchedulaExecutorPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SchedulaExecutor, schedula_executor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_executor_finalize (GObject *object)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (SCHEDULA_EXECUTOR (object));

  g_free (priv->name);

  G_OBJECT_CLASS (schedula_executor_parent_class)->finalize (object);
}

static void
schedula_executor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (SCHEDULA_EXECUTOR (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_executor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (SCHEDULA_EXECUTOR (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_executor_real_submit (SchedulaExecutor *self,
                               SchedulaTask     *task)
{
  schedula_task_run (task);
}

static void
schedula_executor_real_shutdown (SchedulaExecutor *self)
{
}

static void
schedula_executor_class_init (SchedulaExecutorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_executor_finalize;
  object_class->get_property = schedula_executor_get_property;
  object_class->set_property = schedula_executor_set_property;
  klass->submit = schedula_executor_real_submit;
  klass->shutdown = schedula_executor_real_shutdown;

  /**
   * SchedulaExecutor:name:
   *
   * The name dispatches use for the executor.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_executor_init (SchedulaExecutor *self)
{
}

/**
 * schedula_executor_get_name:
 * @self: a #SchedulaExecutor
 *
 * Gets the name of the executor.
 *
 * Returns: (nullable): the name
 */
const char *
schedula_executor_get_name (SchedulaExecutor *self)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_EXECUTOR (self), NULL);

  return priv->name;
}

/**
 * schedula_executor_submit:
 * @self: a #SchedulaExecutor
 * @task: the task
 *
 * Hands @task to the executor. After [method@Executor.shutdown], the task
 * fails with %G_IO_ERROR_CANCELLED at once.
 */
void
schedula_executor_submit (SchedulaExecutor *self,
                          SchedulaTask     *task)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (self);

  g_return_if_fail (SCHEDULA_IS_EXECUTOR (self));
  g_return_if_fail (SCHEDULA_IS_TASK (task));

  if (g_atomic_int_get (&priv->shut_down))
    {
      schedula_task_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "the executor %s is shut down",
                                                     priv->name ? priv->name : ""));
      return;
    }
  SCHEDULA_EXECUTOR_GET_CLASS (self)->submit (self, task);
}

/**
 * schedula_executor_shutdown:
 * @self: a #SchedulaExecutor
 *
 * Stops the executor (see [vfunc@Executor.shutdown]). It waits for the
 * calls that run in this process to end.
 */
void
schedula_executor_shutdown (SchedulaExecutor *self)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (self);

  g_return_if_fail (SCHEDULA_IS_EXECUTOR (self));

  if (!g_atomic_int_compare_and_exchange (&priv->shut_down, FALSE, TRUE))
    return;
  SCHEDULA_EXECUTOR_GET_CLASS (self)->shutdown (self);
}

/**
 * schedula_executor_is_shut_down:
 * @self: a #SchedulaExecutor
 *
 * Whether [method@Executor.shutdown] was called.
 *
 * Returns: %TRUE once the executor is shut down
 */
gboolean
schedula_executor_is_shut_down (SchedulaExecutor *self)
{
  SchedulaExecutorPrivate *priv = schedula_executor_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_EXECUTOR (self), FALSE);

  return g_atomic_int_get (&priv->shut_down);
}

/* The thread executor: a GThreadPool */

/**
 * SchedulaThreadExecutor:
 *
 * An executor that runs calls in a pool of threads of this process: the
 * executor behind the name `async` ([ctor@ThreadExecutor.new]).
 *
 * |[<!-- language="C" -->
 * // a pool of 4 threads, under a name of its own
 * static SchedulaExecutor *
 * make_four (const char *name, gpointer user_data)
 * {
 *   return schedula_thread_executor_new (name, 4);
 * }
 *
 * static void
 * setup (void)
 * {
 *   schedula_executor_register ("four-threads", make_four, NULL, NULL);
 * }
 * ]|
 */
struct _SchedulaThreadExecutor
{
  SchedulaExecutor  parent_instance;

  GThreadPool      *pool;
  GMutex            lock;
};

G_DEFINE_FINAL_TYPE (SchedulaThreadExecutor, schedula_thread_executor, SCHEDULA_TYPE_EXECUTOR)

static void
thread_run (gpointer data,
            gpointer user_data)
{
  SchedulaTask *task = data;

  schedula_task_run (task);
  g_object_unref (task);
}

static void
thread_executor_submit (SchedulaExecutor *executor,
                        SchedulaTask     *task)
{
  SchedulaThreadExecutor *self = SCHEDULA_THREAD_EXECUTOR (executor);
  GError *error = NULL;
  gboolean pushed;

  g_mutex_lock (&self->lock);
  pushed = self->pool != NULL && g_thread_pool_push (self->pool, g_object_ref (task), &error);
  g_mutex_unlock (&self->lock);
  if (!pushed)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "the executor is shut down");
      else
        g_object_unref (task);
      schedula_task_return_error (task, error);
    }
}

static void
thread_executor_run_here (SchedulaExecutor *executor,
                          SchedulaTask     *task)
{
  if (schedula_executor_is_shut_down (executor))
    schedula_task_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   "the executor %s is shut down",
                                                   schedula_executor_get_name (executor)));
  else
    schedula_task_run (task);
}

static void
thread_executor_shutdown (SchedulaExecutor *executor)
{
  SchedulaThreadExecutor *self = SCHEDULA_THREAD_EXECUTOR (executor);
  GThreadPool *pool;

  g_mutex_lock (&self->lock);
  pool = g_steal_pointer (&self->pool);
  g_mutex_unlock (&self->lock);
  /* the queued tasks run (each fails at once if its dispatch is cancelled) */
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
}

static void
schedula_thread_executor_finalize (GObject *object)
{
  SchedulaThreadExecutor *self = SCHEDULA_THREAD_EXECUTOR (object);

  thread_executor_shutdown (SCHEDULA_EXECUTOR (self));
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (schedula_thread_executor_parent_class)->finalize (object);
}

static void
schedula_thread_executor_class_init (SchedulaThreadExecutorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_thread_executor_finalize;
  SCHEDULA_EXECUTOR_CLASS (klass)->submit = thread_executor_submit;
  SCHEDULA_EXECUTOR_CLASS (klass)->shutdown = thread_executor_shutdown;
  SCHEDULA_EXECUTOR_CLASS (klass)->run_here = thread_executor_run_here;
}

static void
schedula_thread_executor_init (SchedulaThreadExecutor *self)
{
  g_mutex_init (&self->lock);
}

/**
 * schedula_thread_executor_new:
 * @name: (nullable): the name of the executor
 * @max_threads: the most threads that run calls at once
 *
 * Makes an executor that runs calls in a pool of threads of this process:
 * what `async` is (with 32 threads). A function that must run in its main
 * context (%SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT, the functions of GJS) is
 * posted there from the pool thread.
 *
 * Returns: (transfer full): the executor
 */
SchedulaExecutor *
schedula_thread_executor_new (const char *name,
                              guint       max_threads)
{
  SchedulaThreadExecutor *self;

  g_return_val_if_fail (max_threads > 0, NULL);

  self = g_object_new (SCHEDULA_TYPE_THREAD_EXECUTOR, "name", name, NULL);
  self->pool = g_thread_pool_new (thread_run, self, (gint) MIN (max_threads, G_MAXINT), FALSE, NULL);
  return SCHEDULA_EXECUTOR (self);
}

/* The registry */

typedef struct
{
  SchedulaExecutorFactory  factory;
  gpointer                 user_data;
  GDestroyNotify           destroy;
  SchedulaExecutor        *instance;
} Entry;

static GMutex registry_lock;
static GHashTable *registry;   /* name -> Entry */

static void
entry_free (gpointer data)
{
  Entry *e = data;

  if (e->destroy != NULL)
    e->destroy (e->user_data);
  g_clear_object (&e->instance);
  g_free (e);
}

static SchedulaExecutor *
make_async (const char *name,
            gpointer    user_data)
{
  return schedula_thread_executor_new (name, 32);
}

/* `sync`: calls run at once in the dispatching thread. A dispatch that asks
 * for it takes the synchronous loop (the same thing, faster); the executor
 * exists so that the name is known, and listed by shutdown_executors() as
 * schedula lists it. */
#define SCHEDULA_TYPE_SYNC_EXECUTOR (schedula_sync_executor_get_type ())
G_DECLARE_FINAL_TYPE (SchedulaSyncExecutor, schedula_sync_executor, SCHEDULA, SYNC_EXECUTOR, SchedulaExecutor)

struct _SchedulaSyncExecutor
{
  SchedulaExecutor parent_instance;
};

G_DEFINE_FINAL_TYPE (SchedulaSyncExecutor, schedula_sync_executor, SCHEDULA_TYPE_EXECUTOR)

static void
sync_executor_submit (SchedulaExecutor *executor,
                      SchedulaTask     *task)
{
  if (schedula_executor_is_shut_down (executor))
    schedula_task_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   "the executor %s is shut down",
                                                   schedula_executor_get_name (executor)));
  else
    schedula_task_run (task);
}

static void
sync_executor_shutdown (SchedulaExecutor *executor)
{
}

static void
schedula_sync_executor_class_init (SchedulaSyncExecutorClass *klass)
{
  SCHEDULA_EXECUTOR_CLASS (klass)->submit = sync_executor_submit;
  SCHEDULA_EXECUTOR_CLASS (klass)->shutdown = sync_executor_shutdown;
  SCHEDULA_EXECUTOR_CLASS (klass)->run_here = sync_executor_submit;
}

static void
schedula_sync_executor_init (SchedulaSyncExecutor *self)
{
}

static SchedulaExecutor *
make_sync (const char *name,
           gpointer    user_data)
{
  return g_object_new (SCHEDULA_TYPE_SYNC_EXECUTOR, "name", name, NULL);
}

/* The table of names, with the library's own; called with the lock held */
static GHashTable *
get_registry (void)
{
  if (registry == NULL)
    {
      Entry *e;

      registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
      e = g_new0 (Entry, 1);
      e->factory = make_sync;
      g_hash_table_insert (registry, g_strdup ("sync"), e);
      e = g_new0 (Entry, 1);
      e->factory = make_async;
      g_hash_table_insert (registry, g_strdup ("async"), e);
      e = g_new0 (Entry, 1);
      e->factory = _schedula_process_executor_factory;
      g_hash_table_insert (registry, g_strdup ("parallel"), e);
      e = g_new0 (Entry, 1);
      e->factory = _schedula_process_executor_factory;
      g_hash_table_insert (registry, g_strdup ("parallel-pool"), e);
#if SCHEDULA_HAS_IO
      e = g_new0 (Entry, 1);
      e->factory = _schedula_process_executor_factory;
      g_hash_table_insert (registry, g_strdup ("parallel-dispatch"), e);
#endif
    }
  return registry;
}

/**
 * schedula_executor_register:
 * @name: the name dispatches will use
 * @factory: (scope notified) (closure user_data) (destroy destroy): makes
 *   the executor the first time a dispatch asks for @name
 * @user_data: data for @factory
 * @destroy: (nullable): frees @user_data
 *
 * Adds an executor name (schedula's `register_executor`), or replaces the
 * factory of one. A running executor of that name is shut down first.
 */
void
schedula_executor_register (const char              *name,
                            SchedulaExecutorFactory  factory,
                            gpointer                 user_data,
                            GDestroyNotify           destroy)
{
  Entry *e, *old;
  SchedulaExecutor *running = NULL;

  g_return_if_fail (name != NULL && factory != NULL);

  e = g_new0 (Entry, 1);
  e->factory = factory;
  e->user_data = user_data;
  e->destroy = destroy;
  g_mutex_lock (&registry_lock);
  old = g_hash_table_lookup (get_registry (), name);
  if (old != NULL)
    running = g_steal_pointer (&old->instance);
  g_hash_table_insert (get_registry (), g_strdup (name), e);
  g_mutex_unlock (&registry_lock);
  if (running != NULL)
    {
      schedula_executor_shutdown (running);
      g_object_unref (running);
    }
}

/**
 * schedula_executor_get:
 * @name: the name of an executor
 * @error: return location for a #GError
 *
 * Gets the executor of @name, making it the first time. Dispatches share
 * it until [func@shutdown_executors].
 *
 * Returns: (transfer full): the executor, or %NULL with @error set for a
 *   name that is not registered
 */
SchedulaExecutor *
schedula_executor_get (const char  *name,
                       GError     **error)
{
  SchedulaExecutor *executor = NULL;
  SchedulaExecutorFactory factory = NULL;
  gpointer user_data = NULL;
  Entry *e;

  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&registry_lock);
  e = g_hash_table_lookup (get_registry (), name);
  if (e != NULL && e->instance != NULL)
    executor = g_object_ref (e->instance);
  else if (e != NULL)
    {
      factory = e->factory;
      user_data = e->user_data;
    }
  g_mutex_unlock (&registry_lock);
  if (executor != NULL)
    return executor;
  if (factory == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "unknown executor %s (the library has sync, async, parallel%s; "
                   "schedula_executor_register() adds others)", name,
                   SCHEDULA_HAS_IO ? ", parallel-pool and parallel-dispatch"
                                   : " and parallel-pool; parallel-dispatch needs a build with model files");
      return NULL;
    }

  /* made outside the lock: a factory may take its time */
  executor = factory (name, user_data);
  if (executor == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "the factory of executor %s made none", name);
      return NULL;
    }
  g_mutex_lock (&registry_lock);
  e = g_hash_table_lookup (get_registry (), name);
  if (e != NULL && e->instance == NULL)
    e->instance = g_object_ref (executor);
  else if (e != NULL)
    {
      /* another thread made one meanwhile: use that one */
      SchedulaExecutor *mine = executor;

      executor = g_object_ref (e->instance);
      g_mutex_unlock (&registry_lock);
      schedula_executor_shutdown (mine);
      g_object_unref (mine);
      return executor;
    }
  g_mutex_unlock (&registry_lock);
  return executor;
}

/**
 * schedula_shutdown_executor:
 * @name: the name of an executor
 *
 * Shuts down the executor of @name if it runs (schedula's
 * `shutdown_executor`); the next dispatch that asks for it makes a new one.
 *
 * Returns: %TRUE if an executor of that name was running
 */
gboolean
schedula_shutdown_executor (const char *name)
{
  SchedulaExecutor *running = NULL;
  Entry *e;

  g_return_val_if_fail (name != NULL, FALSE);

  g_mutex_lock (&registry_lock);
  e = g_hash_table_lookup (get_registry (), name);
  if (e != NULL)
    running = g_steal_pointer (&e->instance);
  g_mutex_unlock (&registry_lock);
  if (running == NULL)
    return FALSE;
  schedula_executor_shutdown (running);
  g_object_unref (running);
  return TRUE;
}

/**
 * schedula_shutdown_executors:
 *
 * Shuts down every executor that runs (schedula's `shutdown_executors`):
 * queued calls fail, worker processes stop, threads end once their call
 * returns.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   executors that were running, sorted
 */
char **
schedula_shutdown_executors (void)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&registry_lock);
  g_hash_table_iter_init (&iter, get_registry ());
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *e = value;

      if (e->instance != NULL)
        {
          g_ptr_array_add (running, g_steal_pointer (&e->instance));
          g_ptr_array_add (names, g_strdup (key));
        }
    }
  g_mutex_unlock (&registry_lock);
  for (guint i = 0; i < running->len; i++)
    schedula_executor_shutdown (running->pdata[i]);
  g_ptr_array_sort (names, (GCompareFunc) _schedula_strcmp_indirect);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* The executor a dispatch asks for by name: none for the synchronous names */
SchedulaExecutor *
_schedula_executor_for_options (const char  *name,
                                GError     **error)
{
  if (name == NULL || name[0] == '\0')
    return NULL;
  if (g_str_equal (name, "sync"))
    {
      /* the synchronous loop; the executor only makes the name known to
       * shutdown_executors(), as in schedula */
      SchedulaExecutor *sync = schedula_executor_get (name, error);

      g_clear_object (&sync);
      return NULL;
    }
  return schedula_executor_get (name, error);
}
