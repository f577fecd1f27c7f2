/* schedula-process-executor.c: calls in worker processes
 *
 * `parallel` runs each call in a new worker process, `parallel-pool` in a
 * pool of them. A call goes to a worker when its function can travel: its
 * reference (schedula_function_set_ref()) names it for another process,
 * `c:LIBRARY:SYMBOL` for the C worker (schedula-worker), `python:` or
 * `dill:` for the Python worker, and its inputs have a codec. Any other
 * call runs in this process, in the executor's thread, and a message says
 * so once per node.
 *
 * Each call runs in a thread of the executor that talks to one worker, so
 * that a worker that crashes, exits or hangs past the timeout fails that
 * call only: its node fails with the signal, the exit status or the
 * timeout, the worker is waited for (no zombie) and a new one takes its
 * place the next time.
 *
 * Workers are spawned with their descriptors inherited (GLib then uses
 * posix_spawn(): the cost does not grow with the size of this process), and
 * an optional launcher (`srun -n1 --`, say) goes before their command.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "schedula-executor-private.h"
#include "schedula-codec.h"
#include "schedula-worker-private.h"
#include "schedula-private.h"

#ifndef SCHEDULA_LIBEXECDIR
# define SCHEDULA_LIBEXECDIR "/usr/local/libexec"
#endif

/* Worker commands */

static GMutex commands_lock;
static GHashTable *commands;   /* kind -> GStrv */
static char **launcher;

/**
 * schedula_set_worker_command:
 * @kind: the kind of worker: `c` (functions `c:LIBRARY:SYMBOL`) or
 *   `python` (functions `python:MODULE:QUALNAME` and `dill:DATA`)
 * @argv: (array zero-terminated=1) (nullable): the command that starts a
 *   worker of that kind, or %NULL for the default
 *
 * Sets how worker processes of a kind start. The C worker is
 * `LIBEXECDIR/schedula-worker` (or `$SCHEDULA_WORKER`, for an uninstalled
 * build); the Python binding sets the Python worker when it is imported.
 */
void
schedula_set_worker_command (const char        *kind,
                             const char *const *argv)
{
  g_return_if_fail (kind != NULL);
  g_return_if_fail (argv == NULL || argv[0] != NULL);

  g_mutex_lock (&commands_lock);
  if (commands == NULL)
    commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  if (argv != NULL)
    g_hash_table_insert (commands, g_strdup (kind), g_strdupv ((char **) argv));
  else
    g_hash_table_remove (commands, kind);
  g_mutex_unlock (&commands_lock);
}

/**
 * schedula_set_worker_launcher:
 * @argv: (array zero-terminated=1) (nullable): a command prefix, or %NULL
 *   for none
 *
 * Sets a command that starts every worker process: the worker command is
 * appended to it (`srun -n1 --` starts workers on a Slurm cluster).
 */
void
schedula_set_worker_launcher (const char *const *argv)
{
  g_mutex_lock (&commands_lock);
  g_strfreev (launcher);
  launcher = argv != NULL && argv[0] != NULL ? g_strdupv ((char **) argv) : NULL;
  g_mutex_unlock (&commands_lock);
}

/* The full command of a worker of @kind: the launcher, then the command */
static GStrv
worker_argv (const char  *kind,
             GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char **command;

  g_mutex_lock (&commands_lock);
  command = commands != NULL ? g_hash_table_lookup (commands, kind) : NULL;
  if (launcher != NULL)
    g_strv_builder_addv (builder, (const char **) launcher);
  if (command != NULL)
    g_strv_builder_addv (builder, (const char **) command);
  g_mutex_unlock (&commands_lock);
  if (command == NULL)
    {
      if (!g_str_equal (kind, "c"))
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                       "no command starts %s workers (schedula_set_worker_command())", kind);
          return NULL;
        }
      if (g_getenv ("SCHEDULA_WORKER") != NULL)
        g_strv_builder_add (builder, g_getenv ("SCHEDULA_WORKER"));
      else
        {
          g_autofree char *path = g_build_filename (SCHEDULA_LIBEXECDIR, "schedula-worker", NULL);

          g_strv_builder_add (builder, path);
        }
    }
  return g_strv_builder_end (builder);
}

/* The kind of worker a function reference needs, or NULL: it cannot travel */
static const char *
kind_of (const char *ref)
{
  if (ref == NULL)
    return NULL;
  if (g_str_has_prefix (ref, "c:"))
    return "c";
  if (g_str_has_prefix (ref, "python:") || g_str_has_prefix (ref, "dill:"))
    return "python";
  return NULL;
}

/* Workers */

typedef struct
{
  char        *kind;
  char        *program;  /* argv[0]: the launcher's or the worker's */
  GCancellable *cancellable;  /* of the call it runs, under the executor's lock */
  GSubprocess *process;
  int          in_fd;    /* its stdin */
  int          out_fd;   /* its stdout */
} Worker;

static Worker *
worker_spawn (const char  *kind,
              GError     **error)
{
  g_auto(GStrv) argv = worker_argv (kind, error);
  g_autoptr(GSubprocessLauncher) l = NULL;
  Worker *w;
  GSubprocess *process;

  if (argv == NULL)
    return NULL;
  /* inherited descriptors let GLib use posix_spawn (no copy of this
   * process); ours are close-on-exec, and the pipes are set up by GLib */
  l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_INHERIT_FDS);
  process = g_subprocess_launcher_spawnv (l, (const char *const *) argv, error);
  if (process == NULL)
    {
      g_prefix_error (error, "cannot start a %s worker (%s): ", kind, argv[0]);
      return NULL;
    }
  w = g_new0 (Worker, 1);
  w->kind = g_strdup (kind);
  w->program = g_strdup (argv[0]);
  w->process = process;
  w->in_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (process)));
  w->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (process)));
  return w;
}

/* Ends a worker: closes its input (a healthy worker then exits), kills it
 * when @kill (or when it does not exit soon), and waits for it */
static void
worker_free (Worker   *w,
             gboolean  kill)
{
  if (w == NULL)
    return;
  if (kill)
    g_subprocess_force_exit (w->process);
  else
    g_output_stream_close (g_subprocess_get_stdin_pipe (w->process), NULL, NULL);
  g_subprocess_wait (w->process, NULL, NULL);
  g_object_unref (w->process);
  g_free (w->kind);
  g_free (w->program);
  g_free (w);
}

/* Why a worker that stopped answering stopped: waits for it */
static char *
worker_death (Worker *w)
{
  GSubprocess *p = w->process;

  g_subprocess_wait (p, NULL, NULL);
  if (g_subprocess_get_if_signaled (p))
    {
      int sig = g_subprocess_get_term_sig (p);

      return g_strdup_printf ("its worker process (%s) was killed by signal %d (%s)", w->program, sig,
                              g_strsignal (sig));
    }
  if (g_subprocess_get_if_exited (p))
    return g_strdup_printf ("its worker process (%s) exited with status %d%s", w->program,
                            g_subprocess_get_exit_status (p),
                            g_subprocess_get_exit_status (p) == 127 ? " (a command not found?)" : "");
  return g_strdup_printf ("its worker process (%s) stopped", w->program);
}

/* The executor */

/**
 * SchedulaProcessExecutor:
 *
 * An executor that runs calls in worker processes: `parallel` (a new
 * worker per call) and `parallel-pool` (a pool). See
 * [ctor@ProcessExecutor.new].
 */
struct _SchedulaProcessExecutor
{
  SchedulaExecutor  parent_instance;

  gboolean          fresh;      /* a new worker for each call */
  gboolean          wrappers;   /* function wrappers travel as model files */
  guint             max_workers;
  GThreadPool      *slots;      /* a call at a time each */
  GMutex            lock;
  GHashTable       *idle;       /* kind -> GQueue of Worker */
  GHashTable       *busy;       /* Worker -> NULL, the ones talking to a call */
  GHashTable       *in_parent;  /* node paths that ran in this process */
  guint64           next_id;
};

G_DEFINE_FINAL_TYPE (SchedulaProcessExecutor, schedula_process_executor, SCHEDULA_TYPE_EXECUTOR)

static Worker *
take_worker (SchedulaProcessExecutor  *self,
             const char               *kind,
             GCancellable             *cancellable,
             GError                  **error)
{
  Worker *w = NULL;
  GQueue *q;

  g_mutex_lock (&self->lock);
  q = g_hash_table_lookup (self->idle, kind);
  if (q != NULL)
    w = g_queue_pop_head (q);
  g_mutex_unlock (&self->lock);
  if (w == NULL)
    w = worker_spawn (kind, error);
  if (w != NULL)
    {
      g_mutex_lock (&self->lock);
      w->cancellable = cancellable;
      g_hash_table_add (self->busy, w);
      g_mutex_unlock (&self->lock);
    }
  return w;
}

/* A worker done with a call: back to the idle ones, or ended */
static void
give_back (SchedulaProcessExecutor *self,
           Worker                  *w,
           gboolean                 healthy)
{
  gboolean keep;
  GQueue *q;

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->busy, w);
  w->cancellable = NULL;
  keep = healthy && !self->fresh && !schedula_executor_is_shut_down (SCHEDULA_EXECUTOR (self));
  q = keep ? g_hash_table_lookup (self->idle, w->kind) : NULL;
  if (q != NULL && q->length >= self->max_workers)
    keep = FALSE;  /* the pool was made smaller */
  if (keep)
    {
      if (q == NULL)
        {
          q = g_queue_new ();
          g_hash_table_insert (self->idle, g_strdup (w->kind), q);
        }
      g_queue_push_tail (q, w);
    }
  g_mutex_unlock (&self->lock);
  if (!keep)
    worker_free (w, !healthy);
}

/* For `parallel-dispatch`: the model file that carries the function of
 * @task to a worker when it is a function wrapper (SubDispatch, ...), and
 * the kind of that worker. NULL with @error set when it cannot travel (a
 * function of its model has no reference a worker resolves, a value has
 * no codec, its result is a solution); NULL without an error when it is
 * not a wrapper. */
static GBytes *
wrapper_model (SchedulaTask  *task,
               const char   **kind,
               GError       **error)
{
#if SCHEDULA_HAS_IO
  return _schedula_worker_model_to_bytes (task->function, schedula_call_get_n_inputs (task->call),
                                          schedula_call_get_n_outputs (task->call), kind, error);
#else
  return NULL;
#endif
}

/* The request of a task, or NULL with @error set when a value cannot
 * travel. A wrapper that travels as @model is named by the checksum of
 * its file, so that a worker loads it once. */
static GVariant *
request_of (SchedulaTask  *task,
            GBytes        *model,
            guint64        id,
            GError       **error)
{
  SchedulaCall *call = task->call;
  GVariantBuilder fields, inputs, ids;
  guint n = schedula_call_get_n_inputs (call);

  g_variant_builder_init (&inputs, G_VARIANT_TYPE ("a(sv)"));
  g_variant_builder_init (&ids, G_VARIANT_TYPE_STRING_ARRAY);
  for (guint i = 0; i < n; i++)
    {
      GVariant *v = schedula_value_encode (schedula_call_get_input (call, i), error);
      const char *input_id = schedula_call_get_input_id (call, i);

      if (v == NULL)
        {
          g_prefix_error (error, "input %u: ", i);
          g_variant_builder_clear (&inputs);
          g_variant_builder_clear (&ids);
          return NULL;
        }
      g_variant_builder_add_value (&inputs, v);
      g_variant_unref (v);
      g_variant_builder_add (&ids, "s", input_id ? input_id : "");
    }
  g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&fields, "{sv}", "id", g_variant_new_uint64 (id));
  g_variant_builder_add (&fields, "{sv}", "node", g_variant_new_string (task->node_path));
  if (schedula_call_get_node_id (call) != NULL)
    g_variant_builder_add (&fields, "{sv}", "node_id", g_variant_new_string (schedula_call_get_node_id (call)));
  if (model != NULL)
    {
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, model);

      g_variant_builder_add (&fields, "{sv}", "function", g_variant_new_take_string (g_strconcat ("model:", sum, NULL)));
      g_variant_builder_add (&fields, "{sv}", "model",
                             g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, model, TRUE));
    }
  else
    g_variant_builder_add (&fields, "{sv}", "function",
                           g_variant_new_string (schedula_function_get_ref (task->function)));
  g_variant_builder_add (&fields, "{sv}", "inputs", g_variant_builder_end (&inputs));
  g_variant_builder_add (&fields, "{sv}", "input_ids", g_variant_builder_end (&ids));
  g_variant_builder_add (&fields, "{sv}", "n_outputs",
                         g_variant_new_uint32 (schedula_call_get_n_outputs (call)));
  return g_variant_ref_sink (g_variant_builder_end (&fields));
}

/* Reads the result of @id from @reply into the task's call */
static gboolean
apply_reply (SchedulaTask  *task,
             GVariant      *reply,
             guint64        id,
             GError       **error)
{
  g_autoptr(GVariant) fields = NULL;
  g_autoptr(GVariant) outputs = NULL;
  const char *kind;
  guint64 reply_id = 0;
  gboolean ok = FALSE;

  g_variant_get (reply, "(&s@a{sv})", &kind, &fields);
  if (!g_str_equal (kind, "result") || !g_variant_lookup (fields, "id", "t", &reply_id) ||
      reply_id != id || !g_variant_lookup (fields, "ok", "b", &ok))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "its worker process sent a message that is not the result of the call");
      return FALSE;
    }
  if (!ok)
    {
      const char *domain = "schedula-worker-error-quark", *message = "the call failed";
      gint32 code = 0;

      g_variant_lookup (fields, "error_domain", "&s", &domain);
      g_variant_lookup (fields, "error_code", "i", &code);
      g_variant_lookup (fields, "error_message", "&s", &message);
      g_set_error_literal (error, g_quark_from_string (domain), code, message);
      return FALSE;
    }
  outputs = g_variant_lookup_value (fields, "outputs", G_VARIANT_TYPE ("a(sv)"));
  for (gsize i = 0; outputs != NULL && i < g_variant_n_children (outputs); i++)
    {
      g_autoptr(GVariant) encoded = g_variant_get_child_value (outputs, i);
      GValue v = G_VALUE_INIT;

      if (!schedula_value_decode (encoded, &v, error))
        {
          g_prefix_error (error, "output %" G_GSIZE_FORMAT ": ", i);
          return FALSE;
        }
      schedula_call_take_output (task->call, (guint) i, &v);
    }
  return TRUE;
}

/* Runs @task in a worker of @kind */
static void
run_in_worker (SchedulaProcessExecutor *self,
               SchedulaTask            *task,
               const char              *kind,
               GVariant                *request,
               guint64                  id)
{
  GError *error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 deadline = task->timeout > 0 ? g_get_monotonic_time () + (gint64) (task->timeout * G_USEC_PER_SEC) : 0;
  Worker *w;

  w = take_worker (self, kind, task->cancellable, &error);
  if (w == NULL)
    {
      schedula_task_return_error (task, error);
      return;
    }
  _schedula_task_begin (task);
  if (_schedula_worker_write (w->in_fd, "call", request, &error))
    reply = _schedula_worker_read (w->out_fd, deadline, task->cancellable, &error);
  if (reply == NULL)
    {
      /* the worker is gone, late or cancelled: it does not serve again */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_clear_error (&error);
          g_set_error (&error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                       "%s timed out after %g s: its worker process was killed", task->node_path,
                       task->timeout);
          give_back (self, w, FALSE);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (schedula_executor_is_shut_down (SCHEDULA_EXECUTOR (self)))
            {
              g_clear_error (&error);
              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "%s was stopped: the executor %s was shut down", task->node_path,
                           schedula_executor_get_name (SCHEDULA_EXECUTOR (self)));
            }
          else
            g_prefix_error (&error, "%s was cancelled: its worker process was killed: ", task->node_path);
          give_back (self, w, FALSE);
        }
      else
        {
          g_autofree char *death = NULL;

          g_mutex_lock (&self->lock);
          g_hash_table_remove (self->busy, w);
          g_mutex_unlock (&self->lock);
          death = worker_death (w);
          g_clear_error (&error);
          if (schedula_executor_is_shut_down (SCHEDULA_EXECUTOR (self)))
            /* killed by the shutdown, not by its function: the dispatch
             * stops, as for a call the shut-down executor refuses */
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         "%s was stopped: the executor %s was shut down", task->node_path,
                         schedula_executor_get_name (SCHEDULA_EXECUTOR (self)));
          else
            g_set_error (&error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                         "%s failed: %s", task->node_path, death);
          worker_free (w, TRUE);
        }
      schedula_task_return_error (task, error);
      return;
    }
  give_back (self, w, TRUE);
  if (apply_reply (task, reply, id, &error))
    schedula_task_return (task);
  else
    schedula_task_return_error (task, error);
}

/* Runs @task (a reference taken) in a worker, or here when it cannot
 * travel; SIGPIPE must be blocked in the calling thread */
static void
process_run (SchedulaProcessExecutor *self,
             SchedulaTask            *task)
{
  const char *kind = kind_of (schedula_function_get_ref (task->function));
  g_autoptr(GVariant) request = NULL;
  g_autoptr(GError) travel_error = NULL;
  g_autoptr(GBytes) model = NULL;
  guint64 id;

  if (schedula_executor_is_shut_down (SCHEDULA_EXECUTOR (self)))
    {
      schedula_task_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "the executor %s is shut down",
                                                     schedula_executor_get_name (SCHEDULA_EXECUTOR (self))));
      g_object_unref (task);
      return;
    }
  if (task->cancellable != NULL && g_cancellable_is_cancelled (task->cancellable))
    {
      schedula_task_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Dispatch cancelled before calling %s",
                                                     task->node_path));
      g_object_unref (task);
      return;
    }
  g_mutex_lock (&self->lock);
  id = ++self->next_id;
  g_mutex_unlock (&self->lock);
  if (kind == NULL && self->wrappers)
    model = wrapper_model (task, &kind, &travel_error);
  if (kind != NULL && travel_error == NULL)
    request = request_of (task, model, id, &travel_error);
  if (request == NULL)
    {
      /* it cannot travel: it runs here, and a message says so once */
      gboolean first;

      g_mutex_lock (&self->lock);
      first = g_hash_table_add (self->in_parent, g_strdup (task->node_path));
      g_mutex_unlock (&self->lock);
      if (first)
        g_message ("%s runs in this process, not in a worker: %s", task->node_path,
                   travel_error == NULL ? "its function has no reference another process can resolve"
                                        : travel_error->message);
      schedula_task_run (task);
      g_object_unref (task);
      return;
    }
  run_in_worker (self, task, kind, request, id);
  g_object_unref (task);
}

static void
slot_run (gpointer data,
          gpointer user_data)
{
  sigset_t pipe_signal;

  /* a worker that died makes writing to it fail with EPIPE, not kill us */
  sigemptyset (&pipe_signal);
  sigaddset (&pipe_signal, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_signal, NULL);
  process_run (user_data, data);
}

/* The dispatching thread talks to the worker itself (no slot thread to wake
 * and back): SIGPIPE is blocked meanwhile, and one raised by a dead worker
 * is taken before the thread's mask is restored */
static void
process_run_here (SchedulaExecutor *executor,
                  SchedulaTask     *task)
{
  sigset_t pipe_signal, old;

  sigemptyset (&pipe_signal);
  sigaddset (&pipe_signal, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_signal, &old);
  process_run (SCHEDULA_PROCESS_EXECUTOR (executor), g_object_ref (task));
  if (!sigismember (&old, SIGPIPE))
    {
      struct timespec now = { 0, 0 };

      while (sigtimedwait (&pipe_signal, NULL, &now) == SIGPIPE)
        ;
      pthread_sigmask (SIG_SETMASK, &old, NULL);
    }
}

static void
process_submit (SchedulaExecutor *executor,
                SchedulaTask     *task)
{
  SchedulaProcessExecutor *self = SCHEDULA_PROCESS_EXECUTOR (executor);
  GError *error = NULL;
  gboolean pushed;

  /* under the lock: shutting down in another thread takes the pool away */
  g_mutex_lock (&self->lock);
  pushed = self->slots != NULL && g_thread_pool_push (self->slots, g_object_ref (task), &error);
  g_mutex_unlock (&self->lock);
  if (!pushed)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "the executor %s is shut down",
                             schedula_executor_get_name (executor));
      else
        g_object_unref (task);
      schedula_task_return_error (task, error);
    }
}

static void
process_shutdown (SchedulaExecutor *executor)
{
  SchedulaProcessExecutor *self = SCHEDULA_PROCESS_EXECUTOR (executor);
  g_autoptr(GPtrArray) busy = g_ptr_array_new ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GThreadPool *slots;
  GHashTableIter iter;
  gpointer key, value;

  /* Each call talking to a worker is cancelled: its own thread kills the
   * worker and waits for it (killing it from here, while that thread may
   * be ending it another way, could leave it unreaped), and its dispatch
   * stops. A call without a cancellable has its worker killed from here. */
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->busy);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Worker *w = key;

      if (w->cancellable != NULL)
        g_ptr_array_add (busy, g_object_ref (w->cancellable));
      else
        g_ptr_array_add (busy, g_object_ref (w->process));
    }
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < busy->len; i++)
    {
      if (G_IS_CANCELLABLE (busy->pdata[i]))
        g_cancellable_cancel (busy->pdata[i]);
      else
        g_subprocess_force_exit (busy->pdata[i]);
      g_object_unref (busy->pdata[i]);
    }
  g_mutex_lock (&self->lock);
  slots = g_steal_pointer (&self->slots);
  g_mutex_unlock (&self->lock);
  /* the queued calls fail when their turn comes (the executor is shut down) */
  if (slots != NULL)
    g_thread_pool_free (slots, FALSE, TRUE);
  /* the idle workers end outside the lock: each is waited for */
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->idle);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Worker *w;

      while ((w = g_queue_pop_head (value)) != NULL)
        g_ptr_array_add (idle, w);
    }
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < idle->len; i++)
    worker_free (idle->pdata[i], FALSE);
}

static void
idle_queue_free (gpointer data)
{
  GQueue *q = data;
  Worker *w;

  while ((w = g_queue_pop_head (q)) != NULL)
    worker_free (w, FALSE);
  g_queue_free (q);
}

static void
schedula_process_executor_finalize (GObject *object)
{
  SchedulaProcessExecutor *self = SCHEDULA_PROCESS_EXECUTOR (object);

  if (self->slots != NULL)
    g_thread_pool_free (g_steal_pointer (&self->slots), FALSE, TRUE);
  g_hash_table_unref (self->idle);
  g_hash_table_unref (self->busy);
  g_hash_table_unref (self->in_parent);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (schedula_process_executor_parent_class)->finalize (object);
}

static void
schedula_process_executor_class_init (SchedulaProcessExecutorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_process_executor_finalize;
  SCHEDULA_EXECUTOR_CLASS (klass)->submit = process_submit;
  SCHEDULA_EXECUTOR_CLASS (klass)->shutdown = process_shutdown;
  SCHEDULA_EXECUTOR_CLASS (klass)->run_here = process_run_here;
}

static void
schedula_process_executor_init (SchedulaProcessExecutor *self)
{
  g_mutex_init (&self->lock);
  self->idle = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, idle_queue_free);
  self->busy = g_hash_table_new (NULL, NULL);
  self->in_parent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * schedula_process_executor_new:
 * @name: (nullable): the name of the executor
 * @fresh: %TRUE for a new worker process for each call (`parallel`),
 *   %FALSE for a pool of workers that serve call after call
 *   (`parallel-pool`)
 * @max_workers: how many calls run at once (and workers live, in a pool);
 *   0 for the number of processors
 *
 * Makes an executor that runs calls in worker processes (see
 * [class@Executor]).
 *
 * Returns: (transfer full): the executor
 */
SchedulaExecutor *
schedula_process_executor_new (const char *name,
                               gboolean    fresh,
                               guint       max_workers)
{
  SchedulaProcessExecutor *self = g_object_new (SCHEDULA_TYPE_PROCESS_EXECUTOR, "name", name, NULL);

  self->fresh = fresh;
  self->max_workers = max_workers > 0 ? max_workers : (guint) g_get_num_processors ();
  self->slots = g_thread_pool_new (slot_run, self, (gint) MIN (self->max_workers, G_MAXINT), FALSE, NULL);
  return SCHEDULA_EXECUTOR (self);
}

/**
 * schedula_process_executor_get_max_workers:
 * @self: a #SchedulaProcessExecutor
 *
 * Gets how many calls run at once, each in its worker process.
 *
 * Returns: the number of workers
 */
guint
schedula_process_executor_get_max_workers (SchedulaProcessExecutor *self)
{
  guint n;

  g_return_val_if_fail (SCHEDULA_IS_PROCESS_EXECUTOR (self), 0);

  g_mutex_lock (&self->lock);
  n = self->max_workers;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * schedula_process_executor_set_max_workers:
 * @self: a #SchedulaProcessExecutor
 * @max_workers: how many calls run at once; 0 for the number of processors
 *
 * Sets the size of the executor: how many calls run at once, and in a pool
 * (`parallel-pool`) how many idle workers it keeps. The executors of the
 * registry can be resized this way:
 *
 * |[<!-- language="C" -->
 * g_autoptr(GError) error = NULL;
 * g_autoptr(SchedulaExecutor) pool = schedula_executor_get ("parallel-pool", &error);
 *
 * schedula_process_executor_set_max_workers (SCHEDULA_PROCESS_EXECUTOR (pool), 6);
 * ]|
 */
void
schedula_process_executor_set_max_workers (SchedulaProcessExecutor *self,
                                           guint                    max_workers)
{
  g_return_if_fail (SCHEDULA_IS_PROCESS_EXECUTOR (self));

  if (max_workers == 0)
    max_workers = (guint) g_get_num_processors ();
  g_mutex_lock (&self->lock);
  self->max_workers = max_workers;
  if (self->slots != NULL)
    g_thread_pool_set_max_threads (self->slots, (gint) MIN (max_workers, G_MAXINT), NULL);
  g_mutex_unlock (&self->lock);
}

/* The registry's factory of `parallel` and `parallel-pool`. `parallel`
 * starts a process per call, as many at once as a pool of threads would
 * run calls; the pool has a worker per processor. */
SchedulaExecutor *
_schedula_process_executor_factory (const char *name,
                                    gpointer    user_data)
{
  SchedulaProcessExecutor *self;

  if (g_str_equal (name, "parallel"))
    return schedula_process_executor_new (name, TRUE, 32);
  if (g_str_equal (name, "parallel-dispatch"))
    {
      self = SCHEDULA_PROCESS_EXECUTOR (schedula_process_executor_new (name, TRUE, 32));
      self->wrappers = TRUE;
      return SCHEDULA_EXECUTOR (self);
    }
  return schedula_process_executor_new (name, FALSE, 0);
}
