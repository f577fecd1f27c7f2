/* schedula-progress.c: what a dispatch is doing, for user interfaces
 *
 * The dispatch loop reports what happens to function nodes (a call made,
 * a call that returned or failed) from the thread that dispatches. The
 * progress object queues the reports and applies them in the main context
 * it was made in: its list of node states, its counts and its signals
 * change there only, so a GTK list view can bind it directly.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-progress.h"
#include "schedula-progress-private.h"
#include "schedula-enums.h"

/* Node states */

/**
 * SchedulaNodeState:
 *
 * Where one function node stands in the dispatch a [class@Progress]
 * follows: its path (`sub/f` for the node `f` of the sub-dispatcher node
 * `sub`), its [enum@NodeStatus], the error it failed with and how long its
 * call took. Its properties change in the main context of its progress
 * object, with notifications.
 */
struct _SchedulaNodeState
{
  GObject             parent_instance;

  char               *path;
  const char         *node_id;   /* in path */
  SchedulaNodeStatus  status;
  GError             *error;
  gint64              started;
  gdouble             duration;
};

G_DEFINE_FINAL_TYPE (SchedulaNodeState, schedula_node_state, G_TYPE_OBJECT)

enum {
  STATE_PROP_0,
  STATE_PROP_PATH,
  STATE_PROP_NODE_ID,
  STATE_PROP_STATUS,
  STATE_PROP_ERROR,
  STATE_PROP_DURATION,
  N_STATE_PROPS
};

static GParamSpec *state_props[N_STATE_PROPS];

static void
schedula_node_state_finalize (GObject *object)
{
  SchedulaNodeState *self = SCHEDULA_NODE_STATE (object);

  g_free (self->path);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (schedula_node_state_parent_class)->finalize (object);
}

static void
schedula_node_state_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SchedulaNodeState *self = SCHEDULA_NODE_STATE (object);

  switch (prop_id)
    {
    case STATE_PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case STATE_PROP_NODE_ID:
      g_value_set_string (value, self->node_id);
      break;
    case STATE_PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case STATE_PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case STATE_PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_node_state_class_init (SchedulaNodeStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_node_state_finalize;
  object_class->get_property = schedula_node_state_get_property;

  /**
   * SchedulaNodeState:path:
   *
   * The node's id, after the ids of the sub-dispatcher nodes it is in,
   * separated by `/`.
   */
  state_props[STATE_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNodeState:node-id:
   *
   * The node's id in its own dispatcher: the last part of the path.
   */
  state_props[STATE_PROP_NODE_ID] =
    g_param_spec_string ("node-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNodeState:status:
   *
   * Where the node stands.
   */
  state_props[STATE_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SCHEDULA_TYPE_NODE_STATUS, SCHEDULA_NODE_STATUS_WAITING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNodeState:error:
   *
   * The error of a failed node, or %NULL.
   */
  state_props[STATE_PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNodeState:duration:
   *
   * How long the call took, in seconds, from the moment a thread or a
   * worker took it to its end; -1 until it finished.
   */
  state_props[STATE_PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_STATE_PROPS, state_props);
}

static void
schedula_node_state_init (SchedulaNodeState *self)
{
  self->duration = -1;
}

static SchedulaNodeState *
node_state_new (char *path)
{
  SchedulaNodeState *self = g_object_new (SCHEDULA_TYPE_NODE_STATE, NULL);
  const char *slash = strrchr (path, '/');

  self->path = path;
  self->node_id = slash != NULL ? slash + 1 : path;
  return self;
}

/**
 * schedula_node_state_get_path:
 * @self: a #SchedulaNodeState
 *
 * Gets [property@NodeState:path].
 *
 * Returns: the path of the node
 */
const char *
schedula_node_state_get_path (SchedulaNodeState *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE_STATE (self), NULL);

  return self->path;
}

/**
 * schedula_node_state_get_node_id:
 * @self: a #SchedulaNodeState
 *
 * Gets [property@NodeState:node-id].
 *
 * Returns: the id of the node in its dispatcher
 */
const char *
schedula_node_state_get_node_id (SchedulaNodeState *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE_STATE (self), NULL);

  return self->node_id;
}

/**
 * schedula_node_state_get_status:
 * @self: a #SchedulaNodeState
 *
 * Gets [property@NodeState:status].
 *
 * Returns: where the node stands
 */
SchedulaNodeStatus
schedula_node_state_get_status (SchedulaNodeState *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE_STATE (self), SCHEDULA_NODE_STATUS_WAITING);

  return self->status;
}

/**
 * schedula_node_state_get_error:
 * @self: a #SchedulaNodeState
 *
 * Gets [property@NodeState:error].
 *
 * Returns: (nullable) (transfer none): the error of a failed node
 */
const GError *
schedula_node_state_get_error (SchedulaNodeState *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE_STATE (self), NULL);

  return self->error;
}

/**
 * schedula_node_state_get_duration:
 * @self: a #SchedulaNodeState
 *
 * Gets [property@NodeState:duration].
 *
 * Returns: the seconds the call took, or -1
 */
gdouble
schedula_node_state_get_duration (SchedulaNodeState *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE_STATE (self), -1);

  return self->duration;
}

/* The progress object */

typedef enum
{
  EVENT_BEGIN,
  EVENT_QUEUED,
  EVENT_STARTED,
  EVENT_FINISHED,
  EVENT_END,
} EventKind;

typedef struct
{
  EventKind  kind;
  char      *path;
  GError    *error;
  GPtrArray *paths;
  gint64     time;
} Event;

static void
event_free (Event *ev)
{
  g_free (ev->path);
  g_clear_error (&ev->error);
  g_clear_pointer (&ev->paths, g_ptr_array_unref);
  g_free (ev);
}

/**
 * SchedulaProgress:
 *
 * Follows a dispatch for a user interface: a [iface@Gio.ListModel] of the
 * [class@NodeState] of every function node of the model (sub-dispatchers
 * included), the counts of running, done, failed and skipped nodes, and the
 * signals [signal@Progress::node-started] and
 * [signal@Progress::node-finished].
 *
 * Give it to a dispatch with [property@DispatchOptions:progress]. Whatever
 * thread dispatches, and whatever executor runs the calls, the list, the
 * counts and the signals change in the main context that was the
 * thread-default one when the progress object was made: bind them to
 * widgets directly. A dispatch made in that context's own thread updates
 * them as it goes; one made in another thread (such as
 * [method@Dispatcher.dispatch_async]) updates them when that context runs,
 * and before the dispatch's callback.
 *
 * A dispatch starts the list over: every function node is
 * %SCHEDULA_NODE_STATUS_WAITING; the nodes the dispatch never called end
 * %SCHEDULA_NODE_STATUS_SKIPPED. Follow one dispatch at a time with one
 * progress object.
 *
 * |[<!-- language="C" -->
 * static void
 * on_finished (SchedulaProgress *progress, SchedulaNodeState *state, gpointer data)
 * {
 *   g_print ("%s: %s\n", schedula_node_state_get_path (state),
 *            schedula_node_state_get_error (state) ? "failed" : "done");
 * }
 *
 * static void
 * follow (SchedulaDispatcher *dsp, GHashTable *inputs)
 * {
 *   g_autoptr(SchedulaProgress) progress = schedula_progress_new ();
 *   g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *
 *   g_signal_connect (progress, "node-finished", G_CALLBACK (on_finished), NULL);
 *   schedula_dispatch_options_set_progress (options, progress);
 *   sol = schedula_dispatcher_dispatch (dsp, inputs, NULL, options, NULL, NULL);
 *   g_print ("%u done, %u skipped\n", schedula_progress_get_n_done (progress),
 *            schedula_progress_get_n_skipped (progress));
 * }
 * ]|
 */
struct _SchedulaProgress
{
  GObject       parent_instance;

  GMainContext *context;
  GThread      *owner;        /* the thread that made it */

  GMutex        lock;
  GQueue        events;       /* Event, under lock */
  GSource      *idle;         /* attached and not run yet, under lock */

  /* in the main context */
  GPtrArray    *items;        /* SchedulaNodeState */
  GHashTable   *by_path;      /* path -> SchedulaNodeState */
  guint         n_queued;
  guint         n_running;
  guint         n_done;
  guint         n_failed;
  guint         n_skipped;
  gboolean      dispatching;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchedulaProgress, schedula_progress, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_QUEUED,
  PROP_N_RUNNING,
  PROP_N_DONE,
  PROP_N_FAILED,
  PROP_N_SKIPPED,
  PROP_DISPATCHING,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_NODE_STARTED,
  SIGNAL_NODE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
progress_get_item_type (GListModel *model)
{
  return SCHEDULA_TYPE_NODE_STATE;
}

static guint
progress_get_n_items (GListModel *model)
{
  return SCHEDULA_PROGRESS (model)->items->len;
}

static gpointer
progress_get_item (GListModel *model,
                   guint       position)
{
  SchedulaProgress *self = SCHEDULA_PROGRESS (model);

  return position < self->items->len ? g_object_ref (self->items->pdata[position]) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = progress_get_item_type;
  iface->get_n_items = progress_get_n_items;
  iface->get_item = progress_get_item;
}

static void
schedula_progress_finalize (GObject *object)
{
  SchedulaProgress *self = SCHEDULA_PROGRESS (object);

  /* an idle source holds a reference: none is attached any more */
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_mutex_clear (&self->lock);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->by_path);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (schedula_progress_parent_class)->finalize (object);
}

static void
schedula_progress_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SchedulaProgress *self = SCHEDULA_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_N_QUEUED:
      g_value_set_uint (value, self->n_queued);
      break;
    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    case PROP_N_SKIPPED:
      g_value_set_uint (value, self->n_skipped);
      break;
    case PROP_DISPATCHING:
      g_value_set_boolean (value, self->dispatching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_progress_class_init (SchedulaProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_progress_finalize;
  object_class->get_property = schedula_progress_get_property;

  /**
   * SchedulaProgress:n-queued:
   *
   * The calls handed to the executor that no thread or worker took yet.
   */
  props[PROP_N_QUEUED] =
    g_param_spec_uint ("n-queued", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaProgress:n-running:
   *
   * The calls running and not finished yet.
   */
  props[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaProgress:n-done:
   *
   * The calls that returned.
   */
  props[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaProgress:n-failed:
   *
   * The calls that failed, or never ran because the dispatch stopped.
   */
  props[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaProgress:n-skipped:
   *
   * The function nodes the last dispatch ended without calling.
   */
  props[PROP_N_SKIPPED] =
    g_param_spec_uint ("n-skipped", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaProgress:dispatching:
   *
   * Whether a dispatch is under way: from its start to its end, as this
   * main context learns them.
   */
  props[PROP_DISPATCHING] =
    g_param_spec_boolean ("dispatching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * SchedulaProgress::node-started:
   * @self: the progress object
   * @state: the node's state, now %SCHEDULA_NODE_STATUS_RUNNING
   *
   * The call of a function node began: in the dispatching thread, or when
   * a thread or a worker of the executor took it (until then the node is
   * %SCHEDULA_NODE_STATUS_QUEUED).
   */
  signals[SIGNAL_NODE_STARTED] =
    g_signal_new ("node-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, SCHEDULA_TYPE_NODE_STATE);

  /**
   * SchedulaProgress::node-finished:
   * @self: the progress object
   * @state: the node's state, now %SCHEDULA_NODE_STATUS_DONE or
   *   %SCHEDULA_NODE_STATUS_FAILED
   *
   * The call of a function node returned or failed.
   */
  signals[SIGNAL_NODE_FINISHED] =
    g_signal_new ("node-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, SCHEDULA_TYPE_NODE_STATE);
}

static void
schedula_progress_init (SchedulaProgress *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->events);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  /* however it is made (g_object_new, a binding's constructor) */
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
}

/**
 * schedula_progress_new:
 *
 * Makes a progress object that changes in the thread-default main context
 * of the calling thread.
 *
 * Returns: (transfer full): a new #SchedulaProgress
 */
SchedulaProgress *
schedula_progress_new (void)
{
  return g_object_new (SCHEDULA_TYPE_PROGRESS, NULL);
}

/**
 * schedula_progress_get_context:
 * @self: a #SchedulaProgress
 *
 * Gets the main context the progress object changes in.
 *
 * Returns: (transfer none): the main context
 */
GMainContext *
schedula_progress_get_context (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), NULL);

  return self->context;
}

/**
 * schedula_progress_lookup:
 * @self: a #SchedulaProgress
 * @path: the path of a function node (`sub/f`)
 *
 * Finds the state of a function node.
 *
 * Returns: (transfer none) (nullable): its state, or %NULL
 */
SchedulaNodeState *
schedula_progress_lookup (SchedulaProgress *self,
                          const char       *path)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_hash_table_lookup (self->by_path, path);
}

/**
 * schedula_progress_get_n_queued:
 * @self: a #SchedulaProgress
 *
 * Gets [property@Progress:n-queued].
 *
 * Returns: the calls waiting in the executor
 */
guint
schedula_progress_get_n_queued (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), 0);

  return self->n_queued;
}

/**
 * schedula_progress_get_n_running:
 * @self: a #SchedulaProgress
 *
 * Gets [property@Progress:n-running].
 *
 * Returns: the calls running
 */
guint
schedula_progress_get_n_running (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), 0);

  return self->n_running;
}

/**
 * schedula_progress_get_n_done:
 * @self: a #SchedulaProgress
 *
 * Gets [property@Progress:n-done].
 *
 * Returns: the calls that returned
 */
guint
schedula_progress_get_n_done (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), 0);

  return self->n_done;
}

/**
 * schedula_progress_get_n_failed:
 * @self: a #SchedulaProgress
 *
 * Gets [property@Progress:n-failed].
 *
 * Returns: the calls that failed
 */
guint
schedula_progress_get_n_failed (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), 0);

  return self->n_failed;
}

/**
 * schedula_progress_get_n_skipped:
 * @self: a #SchedulaProgress
 *
 * Gets [property@Progress:n-skipped].
 *
 * Returns: the function nodes never called
 */
guint
schedula_progress_get_n_skipped (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), 0);

  return self->n_skipped;
}

/**
 * schedula_progress_get_dispatching:
 * @self: a #SchedulaProgress
 *
 * Gets [property@Progress:dispatching].
 *
 * Returns: whether a dispatch is under way
 */
gboolean
schedula_progress_get_dispatching (SchedulaProgress *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PROGRESS (self), FALSE);

  return self->dispatching;
}

/* Applying the events, in the main context */

static void
set_count (SchedulaProgress *self,
           guint            *count,
           guint             value,
           guint             prop)
{
  if (*count != value)
    {
      *count = value;
      g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
    }
}

static void
set_status (SchedulaNodeState  *state,
            SchedulaNodeStatus  status)
{
  if (state->status != status)
    {
      state->status = status;
      g_object_notify_by_pspec (G_OBJECT (state), state_props[STATE_PROP_STATUS]);
    }
}

/* The state of @path; a node the list does not have is added */
static SchedulaNodeState *
state_of (SchedulaProgress  *self,
          char             **path)
{
  SchedulaNodeState *state = g_hash_table_lookup (self->by_path, *path);

  if (state == NULL)
    {
      state = node_state_new (g_steal_pointer (path));
      g_ptr_array_add (self->items, state);
      g_hash_table_insert (self->by_path, state->path, state);
      g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
    }
  return state;
}

static void
apply_begin (SchedulaProgress *self,
             Event            *ev)
{
  guint removed = self->items->len;

  g_hash_table_remove_all (self->by_path);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < ev->paths->len; i++)
    {
      char *path = g_steal_pointer (&ev->paths->pdata[i]);
      SchedulaNodeState *state;

      if (g_hash_table_contains (self->by_path, path))
        {
          g_free (path);
          continue;
        }
      state = node_state_new (path);
      g_ptr_array_add (self->items, state);
      g_hash_table_insert (self->by_path, state->path, state);
    }
  set_count (self, &self->n_queued, 0, PROP_N_QUEUED);
  set_count (self, &self->n_running, 0, PROP_N_RUNNING);
  set_count (self, &self->n_done, 0, PROP_N_DONE);
  set_count (self, &self->n_failed, 0, PROP_N_FAILED);
  set_count (self, &self->n_skipped, 0, PROP_N_SKIPPED);
  if (!self->dispatching)
    {
      self->dispatching = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DISPATCHING]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
}

/* @state leaves the counts of queued or running calls */
static void
leave_counts (SchedulaProgress  *self,
              SchedulaNodeState *state)
{
  if (state->status == SCHEDULA_NODE_STATUS_RUNNING)
    set_count (self, &self->n_running, self->n_running - 1, PROP_N_RUNNING);
  else if (state->status == SCHEDULA_NODE_STATUS_QUEUED)
    set_count (self, &self->n_queued, self->n_queued - 1, PROP_N_QUEUED);
  else if (state->status == SCHEDULA_NODE_STATUS_DONE)  /* a call that failed after it returned */
    set_count (self, &self->n_done, self->n_done - 1, PROP_N_DONE);
  else if (state->status == SCHEDULA_NODE_STATUS_FAILED)
    set_count (self, &self->n_failed, self->n_failed - 1, PROP_N_FAILED);
}

static void
clear_state_error (SchedulaNodeState *state)
{
  if (state->error != NULL)
    {
      g_clear_error (&state->error);
      g_object_notify_by_pspec (G_OBJECT (state), state_props[STATE_PROP_ERROR]);
    }
}

static void
apply_queued (SchedulaProgress *self,
              Event            *ev)
{
  g_autoptr(SchedulaNodeState) state = g_object_ref (state_of (self, &ev->path));

  g_object_freeze_notify (G_OBJECT (state));
  leave_counts (self, state);
  clear_state_error (state);
  set_status (state, SCHEDULA_NODE_STATUS_QUEUED);
  set_count (self, &self->n_queued, self->n_queued + 1, PROP_N_QUEUED);
  g_object_thaw_notify (G_OBJECT (state));
}

static void
apply_started (SchedulaProgress *self,
               Event            *ev)
{
  g_autoptr(SchedulaNodeState) state = g_object_ref (state_of (self, &ev->path));

  g_object_freeze_notify (G_OBJECT (state));
  leave_counts (self, state);
  state->started = ev->time;
  clear_state_error (state);
  set_status (state, SCHEDULA_NODE_STATUS_RUNNING);
  set_count (self, &self->n_running, self->n_running + 1, PROP_N_RUNNING);
  g_object_thaw_notify (G_OBJECT (state));
  g_signal_emit (self, signals[SIGNAL_NODE_STARTED], 0, state);
}

static void
apply_finished (SchedulaProgress *self,
                Event            *ev)
{
  g_autoptr(SchedulaNodeState) state = g_object_ref (state_of (self, &ev->path));
  gboolean failed = ev->error != NULL;

  g_object_freeze_notify (G_OBJECT (state));
  if (state->status == SCHEDULA_NODE_STATUS_RUNNING)
    {
      state->duration = (gdouble) (ev->time - state->started) / G_USEC_PER_SEC;
      g_object_notify_by_pspec (G_OBJECT (state), state_props[STATE_PROP_DURATION]);
    }
  leave_counts (self, state);
  g_clear_error (&state->error);
  state->error = g_steal_pointer (&ev->error);
  if (failed)
    g_object_notify_by_pspec (G_OBJECT (state), state_props[STATE_PROP_ERROR]);
  set_status (state, failed ? SCHEDULA_NODE_STATUS_FAILED : SCHEDULA_NODE_STATUS_DONE);
  if (failed)
    set_count (self, &self->n_failed, self->n_failed + 1, PROP_N_FAILED);
  else
    set_count (self, &self->n_done, self->n_done + 1, PROP_N_DONE);
  g_object_thaw_notify (G_OBJECT (state));
  g_signal_emit (self, signals[SIGNAL_NODE_FINISHED], 0, state);
}

static void
apply_end (SchedulaProgress *self)
{
  guint skipped = self->n_skipped;

  for (guint i = 0; i < self->items->len; i++)
    {
      SchedulaNodeState *state = self->items->pdata[i];

      if (state->status == SCHEDULA_NODE_STATUS_WAITING)
        {
          set_status (state, SCHEDULA_NODE_STATUS_SKIPPED);
          skipped++;
        }
    }
  set_count (self, &self->n_skipped, skipped, PROP_N_SKIPPED);
  if (self->dispatching)
    {
      self->dispatching = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DISPATCHING]);
    }
}

/* Applies the queued events; in the main context, not under the lock */
static void
deliver (SchedulaProgress *self)
{
  g_object_ref (self);
  for (;;)
    {
      Event *ev;

      g_mutex_lock (&self->lock);
      ev = g_queue_pop_head (&self->events);
      g_mutex_unlock (&self->lock);
      if (ev == NULL)
        break;
      switch (ev->kind)
        {
        case EVENT_BEGIN:
          apply_begin (self, ev);
          break;
        case EVENT_QUEUED:
          apply_queued (self, ev);
          break;
        case EVENT_STARTED:
          apply_started (self, ev);
          break;
        case EVENT_FINISHED:
          apply_finished (self, ev);
          break;
        case EVENT_END:
          apply_end (self);
          break;
        default:
          g_assert_not_reached ();
        }
      event_free (ev);
    }
  g_object_unref (self);
}

static gboolean
deliver_idle (gpointer data)
{
  SchedulaProgress *self = data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->idle, g_source_unref);
  g_mutex_unlock (&self->lock);
  deliver (self);
  return G_SOURCE_REMOVE;
}

/* Queues @ev, and applies it at once in the thread that owns the context,
 * or else in an idle source of the context (never g_main_context_invoke(),
 * which may run the source in this thread when nobody owns the context) */
static void
post (SchedulaProgress *self,
      Event            *ev)
{
  gboolean here;

  ev->time = g_get_monotonic_time ();
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->events, ev);
  here = g_thread_self () == self->owner && g_main_context_acquire (self->context);
  if (!here && self->idle == NULL)
    {
      self->idle = g_idle_source_new ();
      g_source_set_priority (self->idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->idle, deliver_idle, g_object_ref (self), g_object_unref);
      g_source_set_static_name (self->idle, "[schedula-glib] progress");
      g_source_attach (self->idle, self->context);
    }
  g_mutex_unlock (&self->lock);
  if (here)
    {
      deliver (self);
      g_main_context_release (self->context);
    }
}

void
_schedula_progress_begin (SchedulaProgress *self,
                          GPtrArray        *paths)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = EVENT_BEGIN;
  ev->paths = paths;
  post (self, ev);
}

void
_schedula_progress_queued (SchedulaProgress *self,
                           char             *path)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = EVENT_QUEUED;
  ev->path = path;
  post (self, ev);
}

void
_schedula_progress_started (SchedulaProgress *self,
                            char             *path)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = EVENT_STARTED;
  ev->path = path;
  post (self, ev);
}

void
_schedula_progress_finished (SchedulaProgress *self,
                             char             *path,
                             const GError     *error)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = EVENT_FINISHED;
  ev->path = path;
  ev->error = error != NULL ? g_error_copy (error) : NULL;
  post (self, ev);
}

void
_schedula_progress_end (SchedulaProgress *self)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = EVENT_END;
  post (self, ev);
}
