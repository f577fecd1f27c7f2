/* schedula-dispatch-options.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-dispatch-options-private.h"
#include "schedula-enums.h"
#include "schedula-private.h"

/**
 * SchedulaDispatchOptions:
 *
 * The keywords of schedula's `dispatch` beyond the inputs and outputs:
 * `inputs_dist`, `wildcard`, `no_call`, `shrink`, `rm_unused_nds`,
 * `executor` and `verbose`.
 *
 * |[<!-- language="C" -->
 * // A dry run: with no_call, a dispatch tells what it would compute without calling anything.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * count (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   *(guint *) user_data += 1;
 *   schedula_call_set_output_int64 (call, 0, 1);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(GError) error = NULL;
 *   guint calls = 0;
 *
 *   schedula_dispatcher_add_function_full (dsp, "f", count, &calls, NULL,
 *                                          SCHEDULA_IDS ("a"), SCHEDULA_IDS ("b"), &error);
 *   g_assert_no_error (error);
 *
 *   schedula_dispatch_options_set_no_call (options, TRUE);
 *   sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'a': <1>}"),
 *                                               SCHEDULA_IDS ("b"), options, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpuint (calls, ==, 0);
 *   g_assert_true (schedula_solution_is_visited (sol, "b"));
 *   g_assert_true (schedula_value_holds_none (schedula_solution_lookup (sol, "b")));
 *   return 0;
 * }
 * ]|
 */

struct _SchedulaDispatchOptions
{
  GObject           parent_instance;

  SchedulaWildcard  wildcard;
  gboolean          no_call;
  gboolean          shrink;
  gboolean          rm_unused_nodes;
  gboolean          verbose;
  gboolean          no_domain;
  gboolean          no_reduction; /* outputs stop the search but do not reduce the graph */
  char             *executor;
  gdouble           timeout;
  SchedulaProgress *progress;
  gboolean          speculative;
  GHashTable       *input_dist;   /* id -> SchedulaDistance */
  SchedulaWaitMap  *wait_map;     /* not owned */
  char            **wildcard_ids; /* NULL: any input may be a wildcard */
};

G_DEFINE_FINAL_TYPE (SchedulaDispatchOptions, schedula_dispatch_options, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WILDCARD,
  PROP_NO_CALL,
  PROP_SHRINK,
  PROP_RM_UNUSED_NODES,
  PROP_VERBOSE,
  PROP_EXECUTOR,
  PROP_TIMEOUT,
  PROP_PROGRESS,
  PROP_SPECULATIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_dispatch_options_finalize (GObject *object)
{
  SchedulaDispatchOptions *self = SCHEDULA_DISPATCH_OPTIONS (object);

  g_free (self->executor);
  g_clear_object (&self->progress);
  g_hash_table_unref (self->input_dist);
  g_strfreev (self->wildcard_ids);

  G_OBJECT_CLASS (schedula_dispatch_options_parent_class)->finalize (object);
}

static void
schedula_dispatch_options_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SchedulaDispatchOptions *self = SCHEDULA_DISPATCH_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_WILDCARD:
      g_value_set_enum (value, self->wildcard);
      break;
    case PROP_NO_CALL:
      g_value_set_boolean (value, self->no_call);
      break;
    case PROP_SHRINK:
      g_value_set_boolean (value, self->shrink);
      break;
    case PROP_RM_UNUSED_NODES:
      g_value_set_boolean (value, self->rm_unused_nodes);
      break;
    case PROP_VERBOSE:
      g_value_set_boolean (value, self->verbose);
      break;
    case PROP_EXECUTOR:
      g_value_set_string (value, self->executor);
      break;
    case PROP_TIMEOUT:
      g_value_set_double (value, self->timeout);
      break;
    case PROP_PROGRESS:
      g_value_set_object (value, self->progress);
      break;
    case PROP_SPECULATIVE:
      g_value_set_boolean (value, self->speculative);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_dispatch_options_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SchedulaDispatchOptions *self = SCHEDULA_DISPATCH_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_WILDCARD:
      schedula_dispatch_options_set_wildcard (self, g_value_get_enum (value));
      break;
    case PROP_NO_CALL:
      schedula_dispatch_options_set_no_call (self, g_value_get_boolean (value));
      break;
    case PROP_SHRINK:
      schedula_dispatch_options_set_shrink (self, g_value_get_boolean (value));
      break;
    case PROP_RM_UNUSED_NODES:
      schedula_dispatch_options_set_rm_unused_nodes (self, g_value_get_boolean (value));
      break;
    case PROP_VERBOSE:
      schedula_dispatch_options_set_verbose (self, g_value_get_boolean (value));
      break;
    case PROP_EXECUTOR:
      schedula_dispatch_options_set_executor (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      schedula_dispatch_options_set_timeout (self, g_value_get_double (value));
      break;
    case PROP_PROGRESS:
      schedula_dispatch_options_set_progress (self, g_value_get_object (value));
      break;
    case PROP_SPECULATIVE:
      schedula_dispatch_options_set_speculative (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_dispatch_options_class_init (SchedulaDispatchOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_dispatch_options_finalize;
  object_class->get_property = schedula_dispatch_options_get_property;
  object_class->set_property = schedula_dispatch_options_set_property;

  /**
   * SchedulaDispatchOptions:wildcard:
   *
   * Whether inputs that are also outputs are computed again.
   */
  properties[PROP_WILDCARD] =
    g_param_spec_enum ("wildcard", NULL, NULL, SCHEDULA_TYPE_WILDCARD, SCHEDULA_WILDCARD_OFF,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:no-call:
   *
   * Compute the workflow only: no function is called and every visited data
   * node gets NONE.
   */
  properties[PROP_NO_CALL] =
    g_param_spec_boolean ("no-call", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:shrink:
   *
   * Shrink the model to what a dispatch from the inputs to the outputs may
   * use before searching (see [method@Dispatcher.shrink]).
   */
  properties[PROP_SHRINK] =
    g_param_spec_boolean ("shrink", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:rm-unused-nodes:
   *
   * Remove from the workflow the function nodes that did not run.
   */
  properties[PROP_RM_UNUSED_NODES] =
    g_param_spec_boolean ("rm-unused-nodes", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:verbose:
   *
   * Log the start and end of each function call with g_info().
   */
  properties[PROP_VERBOSE] =
    g_param_spec_boolean ("verbose", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:executor:
   *
   * The name of the executor that runs the dispatch's function calls
   * (`sync`, `async`, `parallel`, `parallel-pool` or a name given to
   * [func@Executor.register]); %NULL for the dispatcher's
   * ([property@Dispatcher:executor]); the empty string for none, whatever
   * the dispatcher's (schedula's `executor=False`). `sync` and none both
   * call the functions in the dispatching thread; `sync` is also listed by
   * [func@shutdown_executors], as in schedula.
   */
  properties[PROP_EXECUTOR] =
    g_param_spec_string ("executor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:timeout:
   *
   * How long, in seconds, each function call of a dispatch with an executor
   * that can stop it (a worker process) may take; 0 means no limit. A call
   * past it fails its node, which the search goes around.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_double ("timeout", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatchOptions:progress:
   *
   * A [class@Progress] that follows the dispatch: its node states, counts
   * and signals change in its own main context, whatever thread dispatches.
   */
  /**
   * SchedulaDispatchOptions:speculative:
   *
   * Whether the calls of a dispatch with an executor may run ahead of a
   * call whose failure stops the dispatch: a model whose
   * [property@Dispatcher:raises] policy stops on a failure, or a function
   * node that is itself an output. Without it such a call is waited for
   * before any other is made, so the executor calls exactly the functions
   * the synchronous dispatch calls (and independent calls of a model that
   * raises run one at a time). With it they run at the same time, as in
   * schedula; when one fails, the dispatch stops as the synchronous one
   * does, with the same solution and error, but the calls made after it
   * in the synchronous order may have run (they are cancelled, their
   * workers killed, their results dropped). For functions without side
   * effects.
   */
  properties[PROP_SPECULATIVE] =
    g_param_spec_boolean ("speculative", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL, SCHEDULA_TYPE_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_dispatch_options_init (SchedulaDispatchOptions *self)
{
  self->input_dist = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * schedula_dispatch_options_new:
 *
 * Creates options with schedula's defaults.
 *
 * Returns: (transfer full): new options
 */
SchedulaDispatchOptions *
schedula_dispatch_options_new (void)
{
  return g_object_new (SCHEDULA_TYPE_DISPATCH_OPTIONS, NULL);
}

#define BOOL_ACCESSORS(name, PROP)                                                 \
  gboolean                                                                         \
  schedula_dispatch_options_get_##name (SchedulaDispatchOptions *self)             \
  {                                                                                \
    g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), FALSE);             \
    return self->name;                                                             \
  }                                                                                \
  void                                                                             \
  schedula_dispatch_options_set_##name (SchedulaDispatchOptions *self,             \
                                        gboolean                 value)            \
  {                                                                                \
    g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));                        \
    if (self->name == !!value)                                                     \
      return;                                                                      \
    self->name = !!value;                                                          \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
  }

/**
 * schedula_dispatch_options_get_no_call:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets [property@DispatchOptions:no-call].
 *
 * Returns: whether no function is called
 */
/**
 * schedula_dispatch_options_set_no_call:
 * @self: a #SchedulaDispatchOptions
 * @no_call: whether to call no function
 *
 * Sets [property@DispatchOptions:no-call].
 */
BOOL_ACCESSORS (no_call, PROP_NO_CALL)

/**
 * schedula_dispatch_options_get_shrink:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets [property@DispatchOptions:shrink].
 *
 * Returns: whether the model is shrunk first
 */
/**
 * schedula_dispatch_options_set_shrink:
 * @self: a #SchedulaDispatchOptions
 * @shrink: whether to shrink the model first
 *
 * Sets [property@DispatchOptions:shrink].
 */
BOOL_ACCESSORS (shrink, PROP_SHRINK)

/**
 * schedula_dispatch_options_get_rm_unused_nodes:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets [property@DispatchOptions:rm-unused-nodes].
 *
 * Returns: whether unused nodes leave the workflow
 */
/**
 * schedula_dispatch_options_set_rm_unused_nodes:
 * @self: a #SchedulaDispatchOptions
 * @rm_unused_nodes: whether unused nodes leave the workflow
 *
 * Sets [property@DispatchOptions:rm-unused-nodes].
 */
BOOL_ACCESSORS (rm_unused_nodes, PROP_RM_UNUSED_NODES)

/**
 * schedula_dispatch_options_get_verbose:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets [property@DispatchOptions:verbose].
 *
 * Returns: whether calls are logged
 */
/**
 * schedula_dispatch_options_set_verbose:
 * @self: a #SchedulaDispatchOptions
 * @verbose: whether to log calls
 *
 * Sets [property@DispatchOptions:verbose].
 */
BOOL_ACCESSORS (verbose, PROP_VERBOSE)

/**
 * schedula_dispatch_options_get_wildcard:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets the wildcard mode.
 *
 * Returns: the wildcard mode
 */
SchedulaWildcard
schedula_dispatch_options_get_wildcard (SchedulaDispatchOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), SCHEDULA_WILDCARD_OFF);

  return self->wildcard;
}

/**
 * schedula_dispatch_options_set_wildcard:
 * @self: a #SchedulaDispatchOptions
 * @wildcard: the wildcard mode
 *
 * Sets the wildcard mode.
 */
void
schedula_dispatch_options_set_wildcard (SchedulaDispatchOptions *self,
                                        SchedulaWildcard         wildcard)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));
  g_return_if_fail (_SCHEDULA_WILDCARD_VALID (wildcard));

  if (self->wildcard != wildcard)
    {
      self->wildcard = wildcard;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WILDCARD]);
    }
}

/**
 * schedula_dispatch_options_get_executor:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets the executor name.
 *
 * Returns: (nullable): the executor name
 */
const char *
schedula_dispatch_options_get_executor (SchedulaDispatchOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), NULL);

  return self->executor;
}

/**
 * schedula_dispatch_options_set_executor:
 * @self: a #SchedulaDispatchOptions
 * @executor: (nullable): the executor name
 *
 * Sets the executor name.
 */
void
schedula_dispatch_options_set_executor (SchedulaDispatchOptions *self,
                                        const char              *executor)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));

  if (_schedula_set_str (&self->executor, executor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTOR]);
}

/**
 * schedula_dispatch_options_get_timeout:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets how long each call may take (see [property@DispatchOptions:timeout]).
 *
 * Returns: the timeout in seconds, or 0 for none
 */
gdouble
schedula_dispatch_options_get_timeout (SchedulaDispatchOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), 0);

  return self->timeout;
}

/**
 * schedula_dispatch_options_set_timeout:
 * @self: a #SchedulaDispatchOptions
 * @timeout: the timeout of each call in seconds, or 0 for none
 *
 * Sets how long each call may take (see [property@DispatchOptions:timeout]).
 */
void
schedula_dispatch_options_set_timeout (SchedulaDispatchOptions *self,
                                       gdouble                  timeout)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));
  g_return_if_fail (timeout >= 0);

  if (self->timeout != timeout)
    {
      self->timeout = timeout;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
    }
}

/**
 * schedula_dispatch_options_get_speculative:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets [property@DispatchOptions:speculative].
 *
 * Returns: whether calls may run ahead of a call that may stop the dispatch
 */
gboolean
schedula_dispatch_options_get_speculative (SchedulaDispatchOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), FALSE);

  return self->speculative;
}

/**
 * schedula_dispatch_options_set_speculative:
 * @self: a #SchedulaDispatchOptions
 * @speculative: whether calls may run ahead of a call that may stop the
 *   dispatch
 *
 * Sets [property@DispatchOptions:speculative].
 */
void
schedula_dispatch_options_set_speculative (SchedulaDispatchOptions *self,
                                           gboolean                 speculative)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));

  speculative = !!speculative;
  if (self->speculative != speculative)
    {
      self->speculative = speculative;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPECULATIVE]);
    }
}

/**
 * schedula_dispatch_options_get_progress:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets [property@DispatchOptions:progress].
 *
 * Returns: (transfer none) (nullable): the progress object
 */
SchedulaProgress *
schedula_dispatch_options_get_progress (SchedulaDispatchOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), NULL);

  return self->progress;
}

/**
 * schedula_dispatch_options_set_progress:
 * @self: a #SchedulaDispatchOptions
 * @progress: (nullable): a #SchedulaProgress, or %NULL
 *
 * Sets [property@DispatchOptions:progress].
 */
void
schedula_dispatch_options_set_progress (SchedulaDispatchOptions *self,
                                        SchedulaProgress        *progress)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));
  g_return_if_fail (progress == NULL || SCHEDULA_IS_PROGRESS (progress));

  if (g_set_object (&self->progress, progress))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/**
 * schedula_dispatch_options_set_input_dist:
 * @self: a #SchedulaDispatchOptions
 * @id: a data node id
 * @dist: (nullable): the initial distance of that input or default; %NULL
 *   removes it
 *
 * Sets the distance at which an input or a default enters the search
 * (schedula's `inputs_dist`).
 */
void
schedula_dispatch_options_set_input_dist (SchedulaDispatchOptions *self,
                                          const char              *id,
                                          const SchedulaDistance  *dist)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self));
  g_return_if_fail (id != NULL);

  if (dist == NULL)
    g_hash_table_remove (self->input_dist, id);
  else
    g_hash_table_insert (self->input_dist, g_strdup (id), g_memdup2 (dist, sizeof *dist));
}

/**
 * schedula_dispatch_options_get_input_dist:
 * @self: a #SchedulaDispatchOptions
 * @id: a data node id
 *
 * Gets the initial distance set for an input.
 *
 * Returns: (nullable) (transfer none): the distance, or %NULL
 */
const SchedulaDistance *
schedula_dispatch_options_get_input_dist (SchedulaDispatchOptions *self,
                                          const char              *id)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (g_hash_table_size (self->input_dist) == 0)
    return NULL;
  return g_hash_table_lookup (self->input_dist, id);
}

/**
 * schedula_dispatch_options_dup_input_dist_ids:
 * @self: a #SchedulaDispatchOptions
 *
 * Gets the ids that have an initial distance.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_dispatch_options_dup_input_dist_ids (SchedulaDispatchOptions *self)
{
  GHashTableIter iter;
  gpointer key;
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (SCHEDULA_IS_DISPATCH_OPTIONS (self), NULL);

  g_hash_table_iter_init (&iter, self->input_dist);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

SchedulaWaitMap *
_schedula_dispatch_options_get_wait_map (SchedulaDispatchOptions *self)
{
  return self->wait_map;
}

void
_schedula_dispatch_options_set_wait_map (SchedulaDispatchOptions *self,
                                         SchedulaWaitMap         *map)
{
  self->wait_map = map;
}

void
_schedula_dispatch_options_set_no_domain (SchedulaDispatchOptions *self,
                                          gboolean                 no_domain)
{
  self->no_domain = no_domain;
}

gboolean
_schedula_dispatch_options_get_no_domain (SchedulaDispatchOptions *self)
{
  return self->no_domain;
}

/* A dispatch of a function wrapper: schedula's SubDispatchFunction makes
 * its Solution on its (shrunk) model, so the outputs stop the search but
 * the graph is not reduced to their ancestors, as Dispatcher.dispatch()
 * does */
void
_schedula_dispatch_options_set_no_reduction (SchedulaDispatchOptions *self,
                                             gboolean                 no_reduction)
{
  self->no_reduction = no_reduction;
}

gboolean
_schedula_dispatch_options_get_no_reduction (SchedulaDispatchOptions *self)
{
  return self->no_reduction;
}

SchedulaDispatchOptions *
_schedula_dispatch_options_copy (SchedulaDispatchOptions *self)
{
  SchedulaDispatchOptions *copy = schedula_dispatch_options_new ();
  GHashTableIter iter;
  gpointer key, value;

  copy->wildcard = self->wildcard;
  copy->no_call = self->no_call;
  copy->shrink = self->shrink;
  copy->rm_unused_nodes = self->rm_unused_nodes;
  copy->verbose = self->verbose;
  copy->no_domain = self->no_domain;
  copy->no_reduction = self->no_reduction;
  copy->executor = g_strdup (self->executor);
  copy->timeout = self->timeout;
  copy->progress = self->progress != NULL ? g_object_ref (self->progress) : NULL;
  copy->speculative = self->speculative;
  copy->wildcard_ids = g_strdupv (self->wildcard_ids);
  g_hash_table_iter_init (&iter, self->input_dist);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->input_dist, g_strdup (key), g_memdup2 (value, sizeof (SchedulaDistance)));
  return copy;
}

/* The inputs that may be wildcards: schedula's SubDispatchFunction decides
 * them at construction, from its declared inputs, and an input given by
 * keyword at call time is a plain input even when it is an output. */
void
_schedula_dispatch_options_set_wildcard_ids (SchedulaDispatchOptions *self,
                                             const char *const       *ids)
{
  g_strfreev (self->wildcard_ids);
  self->wildcard_ids = ids != NULL ? g_strdupv ((char **) ids) : g_new0 (char *, 1);
}

gboolean
_schedula_dispatch_options_may_be_wildcard (SchedulaDispatchOptions *self,
                                            const char              *id)
{
  return self->wildcard_ids == NULL || g_strv_contains ((const char *const *) self->wildcard_ids, id);
}
