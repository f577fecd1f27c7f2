/* schedula-dispatcher.c: the model
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-dispatcher-private.h"
#include "schedula-dict.h"
#include "schedula-enums.h"
#include "schedula-graph-private.h"
#include "schedula-call-private.h"
#include "schedula-private.h"

/**
 * SchedulaDispatcher:
 *
 * A model: a directed graph of data nodes, function nodes and sub-dispatcher
 * nodes, with default values. [method@Dispatcher.dispatch] computes the
 * outputs of the model from any set of inputs, calling functions along the
 * shortest paths, exactly as schedula does.
 *
 * A dispatcher is a [iface@Gio.ListModel] of its [class@Node]s, in the order
 * they were added. Adding a node emits [signal@Gio.ListModel::items-changed]
 * and `notify::n-items` only when a handler is connected to them (building a
 * large model is a sixth faster), so an emission hook
 * (g_signal_add_emission_hook()) does not see the additions made while none
 * is.
 *
 * Changing a model is not thread-safe, but any number of threads may dispatch
 * a model that is not being changed.
 *
 * |[<!-- language="C" -->
 * // speed = distance / time, with time = 2 by default: dispatch {distance: 120}.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * divide (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gdouble distance, hours;
 *
 *   if (!schedula_call_get_double (call, 0, &distance, error) ||
 *       !schedula_call_get_double (call, 1, &hours, error))
 *     return FALSE;
 *   schedula_call_set_output_double (call, 0, distance / hours);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("trip");
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) two = G_VALUE_INIT;
 *
 *   g_value_set_double (g_value_init (&two, G_TYPE_DOUBLE), 2.0);
 *   schedula_dispatcher_add_data (dsp, "time", &two, &error);
 *   g_assert_no_error (error);
 *   schedula_dispatcher_add_function_full (dsp, "divide", divide, NULL, NULL,
 *                                          SCHEDULA_IDS ("distance", "time"),
 *                                          SCHEDULA_IDS ("speed"), &error);
 *   g_assert_no_error (error);
 *
 *   sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'distance': <120.0>}"),
 *                                               SCHEDULA_IDS ("speed"), NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpfloat (g_value_get_double (schedula_solution_lookup (sol, "speed")), ==, 60.0);
 *   return 0;
 * }
 * ]|
 */

static void schedula_dispatcher_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchedulaDispatcher, schedula_dispatcher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      schedula_dispatcher_list_model_init))

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_RAISES,
  PROP_EXECUTOR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define START_DESCRIPTION "Starting node that identifies initial inputs of the workflow."
#define SINK_DESCRIPTION "Sink node of the dispatcher that collects all unused outputs."
#define SELF_DESCRIPTION "Self node of the dispatcher, it is a node that contains the dispatcher."

static GType
schedula_dispatcher_get_item_type (GListModel *model)
{
  return SCHEDULA_TYPE_NODE;
}

static guint
schedula_dispatcher_get_n_items (GListModel *model)
{
  return SCHEDULA_DISPATCHER (model)->nodes->len;
}

static gpointer
schedula_dispatcher_get_item (GListModel *model,
                              guint       position)
{
  SchedulaDispatcher *self = SCHEDULA_DISPATCHER (model);

  if (position >= self->nodes->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->nodes, position));
}

static void
schedula_dispatcher_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = schedula_dispatcher_get_item_type;
  iface->get_n_items = schedula_dispatcher_get_n_items;
  iface->get_item = schedula_dispatcher_get_item;
}

static void
detach_node (gpointer data)
{
  SchedulaNode *node = data;

  _schedula_node_detach (node);
  g_object_unref (node);
}

static void
schedula_dispatcher_dispose (GObject *object)
{
  SchedulaDispatcher *self = SCHEDULA_DISPATCHER (object);

  g_clear_object (&self->solution);
  g_clear_pointer (&self->graph, _schedula_graph_unref);
  g_clear_pointer (&self->reductions, g_ptr_array_unref);

  G_OBJECT_CLASS (schedula_dispatcher_parent_class)->dispose (object);
}

static void
raises_handler_clear (gpointer data)
{
  SchedulaRaisesHandler *handler = data;

  if (handler->destroy != NULL)
    handler->destroy (handler->data);
}

static void
raises_handler_release (SchedulaRaisesHandler *handler)
{
  g_rc_box_release_full (handler, raises_handler_clear);
}

static void
schedula_dispatcher_finalize (GObject *object)
{
  SchedulaDispatcher *self = SCHEDULA_DISPATCHER (object);

  g_ptr_array_unref (self->nodes);
  g_free (self->index.slots);
  _schedula_strings_unref (self->strings);
  g_array_unref (self->edges);
  g_free (self->name);
  g_free (self->description);
  g_free (self->executor);
  g_clear_pointer (&self->suffixes, g_hash_table_unref);
  g_clear_pointer (&self->raises_handler, raises_handler_release);
  g_weak_ref_clear (&self->solution_weak);
  g_clear_pointer (&self->adjacency, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (schedula_dispatcher_parent_class)->finalize (object);
}

static void
schedula_dispatcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SchedulaDispatcher *self = SCHEDULA_DISPATCHER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_RAISES:
      g_value_set_enum (value, self->raises);
      break;
    case PROP_EXECUTOR:
      g_value_set_string (value, self->executor);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->nodes->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_dispatcher_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SchedulaDispatcher *self = SCHEDULA_DISPATCHER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      schedula_dispatcher_set_name (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      schedula_dispatcher_set_description (self, g_value_get_string (value));
      break;
    case PROP_RAISES:
      schedula_dispatcher_set_raises (self, g_value_get_enum (value));
      break;
    case PROP_EXECUTOR:
      schedula_dispatcher_set_executor (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_dispatcher_class_init (SchedulaDispatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schedula_dispatcher_dispose;
  object_class->finalize = schedula_dispatcher_finalize;
  object_class->get_property = schedula_dispatcher_get_property;
  object_class->set_property = schedula_dispatcher_set_property;

  /**
   * SchedulaDispatcher:name:
   *
   * The name of the dispatcher: the default id of a sub-dispatcher node
   * made from it.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcher:description:
   *
   * A description of the model.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcher:raises:
   *
   * What the dispatcher does when one of its nodes fails. A function set
   * with [method@Dispatcher.set_raises_func] takes precedence.
   */
  properties[PROP_RAISES] =
    g_param_spec_enum ("raises", NULL, NULL, SCHEDULA_TYPE_RAISES, SCHEDULA_RAISES_RECORD,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcher:executor:
   *
   * The name of the default executor of dispatches, or %NULL for
   * synchronous dispatch.
   */
  properties[PROP_EXECUTOR] =
    g_param_spec_string ("executor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcher:n-items:
   *
   * The number of nodes.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_dispatcher_init (SchedulaDispatcher *self)
{
  self->name = g_strdup ("");
  self->nodes = g_ptr_array_new_with_free_func (detach_node);
  self->index.nodes = self->nodes;
  self->positions_from = G_MAXINT;
  self->strings = g_new0 (SchedulaStrings, 1);
  g_atomic_ref_count_init (&self->strings->ref_count);
  self->edges = g_array_new (FALSE, FALSE, sizeof (SchedulaModelEdge));
  self->raises = SCHEDULA_RAISES_RECORD;
  g_weak_ref_init (&self->solution_weak, NULL);
  g_mutex_init (&self->lock);
}

/**
 * schedula_dispatcher_new:
 * @name: (nullable): the name of the model
 *
 * Creates an empty dispatcher.
 *
 * Returns: (transfer full): a new #SchedulaDispatcher
 */
SchedulaDispatcher *
schedula_dispatcher_new (const char *name)
{
  return g_object_new (SCHEDULA_TYPE_DISPATCHER, "name", name ? name : "", NULL);
}

void
_schedula_dispatcher_touch (SchedulaDispatcher *self)
{
  g_atomic_int_inc (&self->version);
}

/* The children a thread is finalizing a model's nodes for, or NULL */
static GPrivate release_queue;

/* Drops a sub-dispatcher node's reference to its child. The last reference
 * to a nested model would finalize each level from within the finalization
 * of the level above, one more level on the stack each (a million levels
 * overflow it): a thread already releasing a child queues the next ones,
 * and the outermost call releases them in turn, before it returns. */
void
_schedula_dispatcher_unref_child (SchedulaDispatcher *child)
{
  GPtrArray *queue = g_private_get (&release_queue);

  if (queue != NULL)
    {
      g_ptr_array_add (queue, child);
      return;
    }
  queue = g_ptr_array_new ();
  g_private_set (&release_queue, queue);
  g_object_unref (child);
  while (queue->len > 0)
    g_object_unref (g_ptr_array_steal_index_fast (queue, queue->len - 1));
  g_private_set (&release_queue, NULL);
  g_ptr_array_unref (queue);
}

SchedulaStrings *
_schedula_strings_ref (SchedulaStrings *strings)
{
  g_atomic_ref_count_inc (&strings->ref_count);
  return strings;
}

void
_schedula_strings_unref (SchedulaStrings *strings)
{
  if (g_atomic_ref_count_dec (&strings->ref_count))
    {
      g_clear_pointer (&strings->chunk, g_string_chunk_free);
      g_slist_free_full (strings->full, (GDestroyNotify) g_string_chunk_free);
      g_free (strings);
    }
}

#define STRINGS_FIRST_SIZE 64
#define STRINGS_MAX_SIZE 4096

/* A copy of @id that lives as long as @strings. A chunk that has taken four
 * blocks' worth is followed by one of blocks eight times as large, up to
 * STRINGS_MAX_SIZE. */
const char *
_schedula_strings_insert (SchedulaStrings *strings,
                          const char      *id)
{
  gsize len = strlen (id) + 1;

  if (strings->chunk == NULL)
    {
      strings->chunk_size = STRINGS_FIRST_SIZE;
      strings->chunk = g_string_chunk_new (strings->chunk_size);
    }
  else if (strings->chunk_size < STRINGS_MAX_SIZE &&
           strings->used + len > 4 * strings->chunk_size)
    {
      strings->full = g_slist_prepend (strings->full, strings->chunk);
      strings->chunk_size *= 8;
      strings->chunk = g_string_chunk_new (strings->chunk_size);
      strings->used = 0;
    }
  strings->used += len;
  return g_string_chunk_insert_len (strings->chunk, id, len - 1);
}

/* The node index */

SchedulaNode *
_schedula_index_lookup (SchedulaNodeIndex *index,
                        const char        *id)
{
  guint hash, h;

  if (index->slots == NULL)
    return NULL;
  hash = g_str_hash (id);
  for (h = hash & index->mask; index->slots[h].pos1 != 0; h = (h + 1) & index->mask)
    if (index->slots[h].hash == hash)
      {
        SchedulaNode *node = index->nodes->pdata[index->slots[h].pos1 - 1];
        const char *node_id = _schedula_node_get_private (node)->id;

        if (node_id == id || strcmp (node_id, id) == 0)
          return node;
      }
  return NULL;
}

static void
index_place (SchedulaNodeIndex *index,
             guint32            hash,
             guint32            pos1)
{
  guint h = hash & index->mask;

  while (index->slots[h].pos1 != 0)
    h = (h + 1) & index->mask;
  index->slots[h].hash = hash;
  index->slots[h].pos1 = pos1;
}

/* Makes room for @n_more more nodes */
static void
index_reserve (SchedulaNodeIndex *index,
               guint              n_more)
{
  SchedulaIndexSlot *old = index->slots;
  guint old_size = old ? index->mask + 1 : 0;
  guint size = MAX (old_size, 8);   /* a dispatcher of a few nodes: 64 bytes */

  while ((index->n + n_more) * 3 > size * 2)
    size *= 2;
  if (size == old_size)
    return;
  index->slots = g_new0 (SchedulaIndexSlot, size);
  index->mask = size - 1;
  for (guint i = 0; i < old_size; i++)
    if (old[i].pos1 != 0)
      index_place (index, old[i].hash, old[i].pos1);
  g_free (old);
}

/* Indexes the node at @position of the node list */
static void
index_insert (SchedulaNodeIndex *index,
              guint              position)
{
  SchedulaNode *node = index->nodes->pdata[position];

  index_reserve (index, 1);
  index_place (index, g_str_hash (_schedula_node_get_private (node)->id), position + 1);
  index->n++;
}

/* The slot of @node (in the list, with the id it was indexed by), found
 * by the node itself, not by comparing ids; G_MAXUINT if it is not there */
static guint
index_slot_of (SchedulaNodeIndex *index,
               SchedulaNode      *node)
{
  guint32 hash = g_str_hash (_schedula_node_get_private (node)->id);
  guint mask = index->mask;
  guint i = hash & mask;

  if (index->slots == NULL)
    return G_MAXUINT;
  for (; index->slots[i].pos1 != 0; i = (i + 1) & mask)
    if (index->slots[i].hash == hash && index->nodes->pdata[index->slots[i].pos1 - 1] == node)
      return i;
  return G_MAXUINT;
}

/* Takes @node out of the index and gives its position (G_MAXUINT if it was
 * not there: taken out already); the slots after it in its cluster move
 * back so that no probe stops short (deletion from linear probing, without
 * tombstones) */
static guint
index_remove (SchedulaNodeIndex *index,
              SchedulaNode      *node)
{
  guint mask = index->mask;
  guint i = index_slot_of (index, node);
  guint position;

  if (i == G_MAXUINT)
    return G_MAXUINT;
  position = index->slots[i].pos1 - 1;

  for (guint j = (i + 1) & mask; index->slots[j].pos1 != 0; j = (j + 1) & mask)
    {
      guint home = index->slots[j].hash & mask;

      /* the entry at j stays if its home is cyclically in (i, j] */
      if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
        continue;
      index->slots[i] = index->slots[j];
      i = j;
    }
  index->slots[i].pos1 = 0;
  index->slots[i].hash = 0;
  index->n--;
  return position;
}

/* After nodes left the list: the positions of those that stay (@remap:
 * old position -> new one), for the positions from @first on. The index
 * has the positions right at all times; the nodes' own copies are set
 * again only when read (see _schedula_dispatcher_position ()). */
static void
index_remap (SchedulaNodeIndex *index,
             const guint32     *remap,
             guint              first)
{
  for (guint i = 0; i <= index->mask && index->slots != NULL; i++)
    {
      guint32 pos1 = index->slots[i].pos1;

      if (pos1 > first)
        index->slots[i].pos1 = remap[pos1 - 1] + 1;
    }
}

/* The position of @node in the node list of @self, of which it is a node.
 * A node before the first one that moved since the last refresh has its
 * own copy right; another is found through the index, which is always
 * right. */
guint
_schedula_dispatcher_position (SchedulaDispatcher *self,
                               SchedulaNode       *node)
{
  guint cached = _schedula_node_common (node)->position;

  if ((gint) cached < g_atomic_int_get (&self->positions_from))
    return cached;
  return self->index.slots[index_slot_of (&self->index, node)].pos1 - 1;
}

/* Sets the nodes' own copies of their positions again, for a reader of
 * all of them (a graph's compile, the loader's edges). Threads compiling
 * the same model may both come here: the lock makes one of them do it. */
void
_schedula_dispatcher_refresh_positions (SchedulaDispatcher *self)
{
  if (g_atomic_int_get (&self->positions_from) == G_MAXINT)
    return;
  g_mutex_lock (&self->lock);
  for (guint i = (guint) MAX (self->positions_from, 0); i < self->nodes->len; i++)
    _schedula_node_common (self->nodes->pdata[i])->position = i;
  g_atomic_int_set (&self->positions_from, G_MAXINT);
  g_mutex_unlock (&self->lock);
}

/* The canonical copy of an id in the dispatcher: a node's own id when there
 * is one. */
const char *
_schedula_dispatcher_intern (SchedulaDispatcher *self,
                             const char         *id)
{
  SchedulaNode *node = _schedula_index_lookup (&self->index, id);

  return node != NULL ? _schedula_node_id (node) : _schedula_strings_insert (self->strings, id);
}

/* Properties */

/**
 * schedula_dispatcher_get_name:
 * @self: a #SchedulaDispatcher
 *
 * Gets the name of the dispatcher.
 *
 * Returns: the name
 */
const char *
schedula_dispatcher_get_name (SchedulaDispatcher *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  return self->name;
}

/**
 * schedula_dispatcher_set_name:
 * @self: a #SchedulaDispatcher
 * @name: (nullable): the name
 *
 * Sets the name of the dispatcher.
 */
void
schedula_dispatcher_set_name (SchedulaDispatcher *self,
                              const char         *name)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));

  if (_schedula_set_str (&self->name, name ? name : ""))
    {
      _schedula_dispatcher_touch (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

/**
 * schedula_dispatcher_get_description:
 * @self: a #SchedulaDispatcher
 *
 * Gets the description of the dispatcher.
 *
 * Returns: (nullable): the description
 */
const char *
schedula_dispatcher_get_description (SchedulaDispatcher *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  return self->description;
}

/**
 * schedula_dispatcher_set_description:
 * @self: a #SchedulaDispatcher
 * @description: (nullable): the description
 *
 * Sets the description of the dispatcher.
 */
void
schedula_dispatcher_set_description (SchedulaDispatcher *self,
                                     const char         *description)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));

  if (_schedula_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * schedula_dispatcher_get_raises:
 * @self: a #SchedulaDispatcher
 *
 * Gets the failure policy.
 *
 * Returns: the policy
 */
SchedulaRaises
schedula_dispatcher_get_raises (SchedulaDispatcher *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), SCHEDULA_RAISES_RECORD);

  return self->raises;
}

/**
 * schedula_dispatcher_set_raises:
 * @self: a #SchedulaDispatcher
 * @raises: the policy
 *
 * Sets what the dispatcher does when one of its nodes fails.
 */
void
schedula_dispatcher_set_raises (SchedulaDispatcher *self,
                                SchedulaRaises      raises)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));
  g_return_if_fail (_SCHEDULA_RAISES_VALID (raises));

  if (self->raises != raises)
    {
      self->raises = raises;
      _schedula_dispatcher_touch (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAISES]);
    }
}

/**
 * schedula_dispatcher_set_raises_func:
 * @self: a #SchedulaDispatcher
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): decides
 *   the policy for each failure, or %NULL to use [property@Dispatcher:raises]
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets a function that decides, failure by failure, what the dispatcher does
 * (schedula's callable `raises`).
 */
void
schedula_dispatcher_set_raises_func (SchedulaDispatcher *self,
                                     SchedulaRaisesFunc  func,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));

  g_clear_pointer (&self->raises_handler, raises_handler_release);
  if (func != NULL)
    {
      self->raises_handler = g_rc_box_new (SchedulaRaisesHandler);
      self->raises_handler->func = func;
      self->raises_handler->data = user_data;
      self->raises_handler->destroy = destroy;
    }
  else if (destroy != NULL)
    destroy (user_data);
  _schedula_dispatcher_touch (self);
}

SchedulaRaises
_schedula_dispatcher_policy (SchedulaDispatcher *self,
                             const char         *node_id,
                             const GError       *error)
{
  if (self->raises_handler != NULL)
    return self->raises_handler->func (node_id, error, self->raises_handler->data);
  return self->raises;
}

/* Whether a failure may stop a dispatch of this model */
gboolean
_schedula_dispatcher_may_raise (SchedulaDispatcher *self)
{
  return self->raises_handler != NULL || self->raises == SCHEDULA_RAISES_RAISE;
}

/**
 * schedula_dispatcher_get_executor:
 * @self: a #SchedulaDispatcher
 *
 * Gets the name of the default executor.
 *
 * Returns: (nullable): the executor name
 */
const char *
schedula_dispatcher_get_executor (SchedulaDispatcher *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  return self->executor;
}

/**
 * schedula_dispatcher_set_executor:
 * @self: a #SchedulaDispatcher
 * @executor: (nullable): the executor name
 *
 * Sets the name of the default executor.
 */
void
schedula_dispatcher_set_executor (SchedulaDispatcher *self,
                                  const char         *executor)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));

  if (_schedula_set_str (&self->executor, executor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTOR]);
}

/* Building */

static gboolean
check_id (const char  *id,
          GError     **error)
{
  if (id != NULL && id[0] == '$' && !schedula_id_is_special (id))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "invalid id %s: ids starting with '$' are reserved", id);
      return FALSE;
    }
  return TRUE;
}

/* @guess, or else the first "guess<n>" that is no node, as schedula names
 * nodes. The first n that may be free is remembered per guess, so that
 * 20,000 nodes of one name cost as many lookups, not 200 million; a removed
 * "guess<n>" lowers it again (forget_suffix ()). */
static char *
unused_id (SchedulaDispatcher *self,
           const char         *guess)
{
  gpointer next = NULL;
  guint n;

  if (_schedula_index_lookup (&self->index, guess) == NULL)
    return g_strdup (guess);
  if (self->suffixes == NULL)
    self->suffixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_lookup_extended (self->suffixes, guess, NULL, &next);
  for (n = GPOINTER_TO_UINT (next);; n++)
    {
      char *id = g_strdup_printf ("%s<%u>", guess, n);

      if (_schedula_index_lookup (&self->index, id) == NULL)
        {
          g_hash_table_insert (self->suffixes, g_strdup (guess), GUINT_TO_POINTER (n + 1));
          return id;
        }
      g_free (id);
    }
}

/* A node "guess<n>" goes: "guess<n>" may be free for unused_id () again */
static void
forget_suffix (SchedulaDispatcher *self,
               const char         *id)
{
  const char *open;
  const char *end;
  g_autofree char *guess = NULL;
  gpointer next;
  guint64 n;

  if (self->suffixes == NULL || id == NULL || !g_str_has_suffix (id, ">"))
    return;
  open = strrchr (id, '<');
  if (open == NULL || open[1] == '>')
    return;
  n = g_ascii_strtoull (open + 1, (char **) &end, 10);
  if (*end != '>' || end[1] != '\0' || n > G_MAXUINT)
    return;
  guess = g_strndup (id, open - id);
  if (g_hash_table_lookup_extended (self->suffixes, guess, NULL, &next) &&
      GPOINTER_TO_UINT (next) > n)
    g_hash_table_insert (self->suffixes, g_steal_pointer (&guess), GUINT_TO_POINTER ((guint) n));
}

void
_schedula_dispatcher_append (SchedulaDispatcher *self,
                             SchedulaNode       *node)
{
  SchedulaNodeCommon *common = _schedula_node_common (node);

  common->position = self->nodes->len;
  g_ptr_array_add (self->nodes, g_object_ref (node));
  index_insert (&self->index, common->position);
  _schedula_dispatcher_touch (self);
}

void
_schedula_dispatcher_add_edge (SchedulaDispatcher *self,
                               guint               from,
                               guint               to)
{
  SchedulaModelEdge e = { from, to };

  g_array_append_val (self->edges, e);
  _schedula_dispatcher_touch (self);
}

/* Whether anything would see an emission of items-changed, or of
 * notify::n-items (a handler, or a notify vfunc in the class): a program
 * that builds a large model has none, and emitting both for every node
 * added was a sixth of building a million-node model. (An emission hook
 * added with g_signal_add_emission_hook() does not see the skipped ones.) */
typedef struct
{
  guint  items_changed;
  guint  notify;
  GQuark n_items;
} AddSignals;

static const AddSignals *
add_signals (void)
{
  static AddSignals signals;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      signals.items_changed = g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL);
      signals.notify = g_signal_lookup ("notify", G_TYPE_OBJECT);
      signals.n_items = g_param_spec_get_name_quark (properties[PROP_N_ITEMS]);
      g_once_init_leave (&once, 1);
    }
  return &signals;
}

static void
notify_added (SchedulaDispatcher *self,
              guint               position)
{
  const AddSignals *signals = add_signals ();

  if (g_signal_has_handler_pending (self, signals->items_changed, 0, TRUE))
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  /* GLib 2.74 matches a handler connected without a detail only when it is
   * asked with none (the test list-model-late-handlers found it) */
  if (G_OBJECT_GET_CLASS (self)->notify != NULL ||
      g_signal_has_handler_pending (self, signals->notify, 0, TRUE) ||
      g_signal_has_handler_pending (self, signals->notify, signals->n_items, TRUE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Removes nodes from the list, with their edges. */
static void
remove_nodes (SchedulaDispatcher *self,
              SchedulaNode      **nodes,
              guint               n_nodes)
{
  g_autofree guint32 *remap = NULL;
  guint len = self->nodes->len;
  guint kept = 0;
  guint first = G_MAXUINT;
  guint e_out = 0;

  if (n_nodes == 0)
    return;

  /* Each removal costs a pass over the positions after the first node
   * removed, over the index's slots and over the edges (no id is hashed
   * again but those of the nodes removed): linear in the model, whatever
   * the number of nodes removed together (schedula_dispatcher_remove_nodes()) */
  remap = g_new (guint32, len);
  for (guint i = 0; i < len; i++)
    remap[i] = i;
  for (guint k = 0; k < n_nodes; k++)
    {
      guint position = index_remove (&self->index, nodes[k]);

      if (position == G_MAXUINT)
        continue;  /* named twice: out of the index already */
      remap[position] = G_MAXUINT32;
      first = MIN (first, position);
    }

  kept = first;
  for (guint i = first; i < len; i++)
    {
      SchedulaNode *node = g_ptr_array_index (self->nodes, i);

      if (remap[i] == G_MAXUINT32)
        {
          forget_suffix (self, _schedula_node_get_private (node)->id);
          detach_node (node);
          continue;
        }
      remap[i] = kept;
      self->nodes->pdata[kept++] = node;
    }
  self->nodes->len = kept;
  index_remap (&self->index, remap, first);
  /* the nodes from @first on moved: their own copies of their positions are
   * set again when read, not here (a write into each node object, a miss
   * of the cache each, was most of the cost of a removal) */
  if ((gint) first < self->positions_from)
    g_atomic_int_set (&self->positions_from, (gint) first);

  for (guint i = 0; i < self->edges->len; i++)
    {
      SchedulaModelEdge e = g_array_index (self->edges, SchedulaModelEdge, i);

      if (remap[e.from] == G_MAXUINT32 || remap[e.to] == G_MAXUINT32)
        continue;
      e.from = remap[e.from];
      e.to = remap[e.to];
      g_array_index (self->edges, SchedulaModelEdge, e_out++) = e;
    }
  g_array_set_size (self->edges, e_out);
  _schedula_dispatcher_touch (self);

  /* one node: only its place changed; several: everything from the first */
  if (len - kept == 1)
    g_list_model_items_changed (G_LIST_MODEL (self), first, 1, 0);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), first, len - first, kept - first);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static SchedulaFunction *
builtin_collect_new (void);

static SchedulaDataNode *
add_data_full (SchedulaDispatcher  *self,
               SchedulaDataNode    *fresh,
               const char          *id,
               const GValue        *default_value,
               gboolean             absent,
               GError             **error)
{
  gint index = self->counter++;
  SchedulaDataNode *node;
  g_autofree char *auto_id = NULL;
  gboolean is_start, is_sink, is_self;
  SchedulaDistance zero = { 0, 0 };

  if (!check_id (id, error))
    return NULL;

  if (id == NULL)
    id = auto_id = unused_id (self, "unknown");
  else if (!absent)
    {
      SchedulaNode *existing = _schedula_index_lookup (&self->index, id);

      if (existing != NULL && !SCHEDULA_IS_DATA_NODE (existing))
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "Invalid data id: override function %s", id);
          return NULL;
        }
      if (existing != NULL)
        {
          /* schedula merges the attributes of a re-added data node: it gets
           * the new index, wait_inputs and default, and keeps the others. */
          node = SCHEDULA_DATA_NODE (existing);
          node->index = index;
          node->wait_inputs = FALSE;
          if (fresh != NULL && fresh != node)
            {
              const SchedulaDataExtra *fx = _schedula_data_x (fresh);

              node->wait_inputs = fresh->wait_inputs;
              if (fx->combiner)
                schedula_data_node_set_combiner (node, fx->combiner);
              if (fx->callback)
                schedula_data_node_set_callback (node, fx->callback);
              if (fx->filters)
                {
                  schedula_data_node_clear_filters (node);
                  for (guint i = 0; i < fx->filters->len; i++)
                    schedula_data_node_add_filter (node, fx->filters->pdata[i]);
                }
              if (fresh->wildcard_set)
                {
                  node->wildcard = fresh->wildcard;
                  node->wildcard_set = TRUE;
                }
              if (fx->value_type != G_TYPE_NONE)
                schedula_data_node_set_value_type (node, fx->value_type);
              node->await_result = fresh->await_result;
              if (schedula_node_get_description (SCHEDULA_NODE (fresh)))
                schedula_node_set_description (SCHEDULA_NODE (node),
                                               schedula_node_get_description (SCHEDULA_NODE (fresh)));
              if (fx->default_value != NULL && default_value == NULL)
                default_value = fx->default_value;
            }
          goto special;
        }
    }

  if (fresh != NULL)
    node = g_object_ref (fresh);
  else
    node = g_object_new (SCHEDULA_TYPE_DATA_NODE, NULL);
  /* no node has this id (looked up above, by the caller when @absent, or
   * unused_id ()): its copy goes to the dispatcher's strings without a
   * second lookup */
  _schedula_node_attach (SCHEDULA_NODE (node), self, _schedula_strings_insert (self->strings, id), index);
  _schedula_dispatcher_append (self, SCHEDULA_NODE (node));
  g_object_unref (node);
  notify_added (self, self->nodes->len - 1);

special:
  is_start = g_str_equal (id, SCHEDULA_START);
  is_sink = g_str_equal (id, SCHEDULA_SINK);
  is_self = g_str_equal (id, SCHEDULA_SELF);

  if (is_sink)
    {
      g_autoptr(SchedulaFunction) collect = builtin_collect_new ();

      node->wait_inputs = TRUE;
      schedula_data_node_set_combiner (node, collect);
      schedula_node_set_description (SCHEDULA_NODE (node), SINK_DESCRIPTION);
    }
  else if (is_start)
    schedula_node_set_description (SCHEDULA_NODE (node), START_DESCRIPTION);
  else if (is_self)
    schedula_node_set_description (SCHEDULA_NODE (node), SELF_DESCRIPTION);

  {
    SchedulaDistance initial = fresh != NULL ? _schedula_data_x (fresh)->initial_dist : zero;
    g_auto(GValue) keep_default = G_VALUE_INIT;

    /* default_value may belong to the node: keep it while it is replaced */
    if (default_value != NULL)
      {
        g_value_init (&keep_default, G_VALUE_TYPE (default_value));
        g_value_copy (default_value, &keep_default);
      }
    if (is_start)
      schedula_data_node_set_default_value (node, _schedula_none_value ());
    else
      schedula_data_node_set_default_value (node, default_value ? &keep_default : NULL);
    node->self_default = is_self;
    if (initial.inf != 0 || initial.num != 0 || node->x != NULL)
      schedula_data_node_set_initial_dist (node, &initial);
  }
  _schedula_dispatcher_touch (self);
  return node;
}

/**
 * schedula_dispatcher_add_data:
 * @self: a #SchedulaDispatcher
 * @id: (nullable): the id, or %NULL for an automatic one (`unknown`,
 *   `unknown<0>`, …)
 * @default_value: (nullable): the default value, copied; %NULL for none (an
 *   unset #GValue, or a %G_TYPE_POINTER value holding %NULL, which is what
 *   GJS passes for `null`, means none too)
 * @error: return location for a #GError
 *
 * Adds a data node, as schedula's `add_data`. Adding an existing data node
 * again gives it a new index, resets [property@DataNode:wait-inputs] and sets
 * its default value (removing it when @default_value is %NULL); its other
 * attributes are kept.
 *
 * The special ids get their schedula meaning: %SCHEDULA_START has the default
 * NONE, %SCHEDULA_SINK waits for its inputs and collects them,
 * %SCHEDULA_SELF has the dispatcher as default.
 *
 * Returns: (transfer none): the node, or %NULL with @error set when @id is a
 *   function or sub-dispatcher node
 */
SchedulaDataNode *
schedula_dispatcher_add_data (SchedulaDispatcher  *self,
                              const char          *id,
                              const GValue        *default_value,
                              GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return add_data_full (self, NULL, id, _schedula_default_or_null (default_value), FALSE, error);
}

/* Whether @target is @self or a model nested in it. A model that no
 * sub-dispatcher node holds is in none (a model built bottom-up: 10,000
 * levels made this quadratic); else a walk of the nested models, each once,
 * with a stack of its own (no recursion over the nesting) */
static gboolean
contains_dispatcher (SchedulaDispatcher *self,
                     SchedulaDispatcher *target)
{
  g_autoptr(GPtrArray) stack = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (self == target)
    return TRUE;
  if (g_atomic_int_get (&target->n_parents) == 0)
    return FALSE;
  stack = g_ptr_array_new ();
  seen = g_hash_table_new (NULL, NULL);
  g_ptr_array_add (stack, self);
  g_hash_table_add (seen, self);
  while (stack->len > 0)
    {
      SchedulaDispatcher *d = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      for (guint i = 0; i < d->nodes->len; i++)
        {
          SchedulaNode *n = g_ptr_array_index (d->nodes, i);
          SchedulaDispatcher *child;

          if (!SCHEDULA_IS_DISPATCHER_NODE (n))
            continue;
          child = SCHEDULA_DISPATCHER_NODE (n)->child;
          if (child == target)
            return TRUE;
          if (g_hash_table_add (seen, child))
            g_ptr_array_add (stack, child);
        }
    }
  return FALSE;
}

/* Adds a function or sub-dispatcher node and its edges, as schedula's
 * add_function. */
static gboolean
add_ports_node (SchedulaDispatcher  *self,
                SchedulaNode        *node,
                const char          *name,
                gboolean             start_default,
                gboolean             sink_default,
                GError             **error)
{
  SchedulaNodePrivate *priv = _schedula_node_get_private (node);
  SchedulaPorts *ports = _schedula_node_get_ports (node);
  g_autoptr(GPtrArray) created = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = NULL;   /* nodes of this side there before, for many ports */
  SchedulaNode *old[16];                /* the same, for a few */
  guint n_old = 0;
  guint side_start;                     /* the first position this side created */
  g_autofree const char **canon = g_new (const char *, ports->n_inputs + ports->n_outputs + 1);
  g_autofree char *id = NULL;
  gint index;
  guint pos;

  if (start_default && !(_schedula_index_lookup (&self->index, SCHEDULA_START) != NULL))
    add_data_full (self, NULL, SCHEDULA_START, NULL, TRUE, NULL);
  if (sink_default && !(_schedula_index_lookup (&self->index, SCHEDULA_SINK) != NULL))
    add_data_full (self, NULL, SCHEDULA_SINK, NULL, TRUE, NULL);

  index = self->counter++;

  if (priv->id == NULL && name == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "Invalid function id: no id was given and the node has no function");
      return FALSE;
    }
  if (!check_id (priv->id, error))
    return FALSE;
  for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
    if (!check_id (ports->ids[i], error))
      return FALSE;

  id = unused_id (self, priv->id != NULL ? priv->id : name);
  _schedula_node_attach (node, self, _schedula_dispatcher_intern (self, id), index);
  _schedula_dispatcher_append (self, node);
  pos = _schedula_dispatcher_position (self, node);
  notify_added (self, pos);
  side_start = self->nodes->len;

  for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
    {
      gboolean input = i < ports->n_inputs;
      const char *u = ports->ids[i];
      SchedulaNode *data;
      gboolean dup = FALSE;

      if (i == ports->n_inputs)
        {
          /* the outputs: a second side, whose repeats are its own */
          side_start = self->nodes->len;
          n_old = 0;
          g_clear_pointer (&seen, g_hash_table_unref);
        }
      data = _schedula_index_lookup (&self->index, u);
      if (data != NULL && !SCHEDULA_IS_DATA_NODE (data))
        {
          if (data == node)
            g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                         "Invalid %s id: %s is the id of this function node itself: "
                         "a function and its data nodes need different ids",
                         input ? "input" : "output", u);
          else
            g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                         "Invalid %s id: %s is not a data node", input ? "input" : "output", u);
          g_ptr_array_add (created, node);
          remove_nodes (self, (SchedulaNode **) created->pdata, created->len);
          return FALSE;
        }
      if (data == NULL)
        {
          /* a new node: no port of this side named it before */
          data = SCHEDULA_NODE (add_data_full (self, NULL, u, NULL, TRUE, NULL));
          g_ptr_array_add (created, data);
        }
      else
        {
          /* A repeated input or output makes one edge. A node that this side
           * created is a repeat; one that was there before is looked for
           * among the others of the side that were there before: a scan
           * for a few, a set for many (100,000 inputs would be 5e9
           * compares) */
          guint dpos = _schedula_dispatcher_position (self, data);

          if (dpos >= side_start)
            dup = TRUE;
          else if (n_old < 16)
            {
              for (guint j = 0; j < n_old && !dup; j++)
                dup = old[j] == data;
              if (!dup)
                old[n_old++] = data;
            }
          else
            {
              if (seen == NULL)
                {
                  seen = g_hash_table_new (NULL, NULL);
                  for (guint j = 0; j < n_old; j++)
                    g_hash_table_add (seen, old[j]);
                }
              dup = !g_hash_table_add (seen, data);
            }
        }
      canon[i] = _schedula_node_id (data);
      if (!dup)
        {
          guint dpos = _schedula_dispatcher_position (self, data);

          if (input)
            _schedula_dispatcher_add_edge (self, dpos, pos);
          else
            _schedula_dispatcher_add_edge (self, pos, dpos);
        }
    }
  _schedula_node_adopt_port_ids (node, canon);
  return TRUE;
}

/**
 * schedula_dispatcher_add_node:
 * @self: a #SchedulaDispatcher
 * @node: a node that belongs to no dispatcher
 * @error: return location for a #GError
 *
 * Adds a node made with [ctor@DataNode.new], [ctor@FunctionNode.new] or
 * [ctor@DispatcherNode.new], with schedula's rules for ids (automatic ids,
 * `<n>` suffixes) and missing data nodes. The id the node gets is
 * [method@Node.get_id] afterwards.
 *
 * Adding a data node whose id already is a data node merges it into the
 * existing one, as [method@Dispatcher.add_data] does.
 *
 * Returns: %TRUE on success
 */
gboolean
schedula_dispatcher_add_node (SchedulaDispatcher  *self,
                              SchedulaNode        *node,
                              GError             **error)
{
  SchedulaNodePrivate *priv;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (SCHEDULA_IS_NODE (node), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = _schedula_node_get_private (node);
  if (priv->dispatcher != NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "node %s already belongs to a dispatcher", priv->id ? priv->id : "(unnamed)");
      return FALSE;
    }

  if (SCHEDULA_IS_DATA_NODE (node))
    {
      SchedulaDataNode *data = SCHEDULA_DATA_NODE (node);
      g_autofree char *id = g_strdup (priv->id);
      g_auto(GValue) dflt = G_VALUE_INIT;

      if (_schedula_data_x (data)->default_value != NULL)
        {
          g_value_init (&dflt, G_VALUE_TYPE (_schedula_data_x (data)->default_value));
          g_value_copy (_schedula_data_x (data)->default_value, &dflt);
        }
      return add_data_full (self, data, id, G_IS_VALUE (&dflt) ? &dflt : NULL, FALSE, error) != NULL;
    }

  if (SCHEDULA_IS_FUNCTION_NODE (node))
    {
      SchedulaFunctionNode *f = SCHEDULA_FUNCTION_NODE (node);
      const char *name = NULL;
      gboolean start_default, sink_default;

      if (f->function != NULL)
        name = schedula_function_get_name (f->function) ? schedula_function_get_name (f->function)
                                                        : "unknown";
      start_default = f->ports.n_inputs == 1 && g_str_equal (f->ports.ids[0], SCHEDULA_START);
      sink_default = f->ports.n_outputs == 1 &&
                     g_str_equal (f->ports.ids[f->ports.n_inputs], SCHEDULA_SINK);
      return add_ports_node (self, node, name, start_default, sink_default, error);
    }

  if (SCHEDULA_IS_DISPATCHER_NODE (node))
    {
      SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (node);
      const char *name = d->child->name != NULL && d->child->name[0] ? d->child->name : "unknown";
      gboolean needs_sink = FALSE;

      if (contains_dispatcher (d->child, self))
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "a dispatcher cannot contain itself");
          return FALSE;
        }
      if (priv->id != NULL && priv->id[0] == '\0')
        {
          g_free ((char *) priv->id);
          priv->id = NULL;
        }
      if (schedula_node_get_description (node) == NULL && d->child->description != NULL &&
          d->child->description[0] != '\0')
        schedula_node_set_description (node, d->child->description);
      if (!add_ports_node (self, node, name, FALSE, FALSE, error))
        return FALSE;

      for (guint i = 0; i < schedula_mapping_get_n_keys (d->inputs) && !needs_sink; i++)
        {
          const char *const *v = schedula_mapping_get_values (d->inputs, i);

          for (guint j = 0; v[j] != NULL; j++)
            needs_sink |= g_str_equal (v[j], SCHEDULA_SINK);
        }
      for (guint i = 0; i < schedula_mapping_get_n_keys (d->outputs); i++)
        needs_sink |= g_str_equal (schedula_mapping_get_key (d->outputs, i), SCHEDULA_SINK);
      if (needs_sink && !(_schedula_index_lookup (&d->child->index, SCHEDULA_SINK) != NULL))
        add_data_full (d->child, NULL, SCHEDULA_SINK, NULL, TRUE, NULL);

      if (d->include_defaults)
        _schedula_dispatcher_include_defaults (self, d);
      return TRUE;
    }

  g_return_val_if_reached (FALSE);
}

/**
 * schedula_dispatcher_add_function:
 * @self: a #SchedulaDispatcher
 * @id: (nullable): the id, or %NULL for the name of @function
 * @function: (nullable): the function
 * @inputs: (nullable) (array zero-terminated=1): the input ids, in argument
 *   order; %NULL means no input (the node is fed by %SCHEDULA_START)
 * @outputs: (nullable) (array zero-terminated=1): the output ids, in result
 *   order; %NULL sends the results to %SCHEDULA_SINK
 * @error: return location for a #GError
 *
 * Adds a function node, as schedula's `add_function`. Missing data nodes are
 * added; an id already used gets a `<n>` suffix.
 *
 * Returns: (transfer none): the node, or %NULL with @error set when an input
 *   or output is not a data node (then nothing is added)
 */
SchedulaFunctionNode *
schedula_dispatcher_add_function (SchedulaDispatcher  *self,
                                  const char          *id,
                                  SchedulaFunction    *function,
                                  const char *const   *inputs,
                                  const char *const   *outputs,
                                  GError             **error)
{
  g_autoptr(SchedulaFunctionNode) node = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (function == NULL || SCHEDULA_IS_FUNCTION (function), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = schedula_function_node_new (id, function, inputs, outputs);
  if (!schedula_dispatcher_add_node (self, SCHEDULA_NODE (node), error))
    return NULL;
  return node;
}

/**
 * schedula_dispatcher_add_function_full:
 * @self: a #SchedulaDispatcher
 * @id: the id of the node, and the name of its function
 * @func: (scope notified) (closure user_data) (destroy destroy): the callable
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is finalized
 * @inputs: (nullable) (array zero-terminated=1): the input ids, in argument
 *   order
 * @outputs: (nullable) (array zero-terminated=1): the output ids, in result
 *   order
 * @error: return location for a #GError
 *
 * Adds a function node that runs @func, as [method@Dispatcher.add_function]
 * does with the function [ctor@Function.new] makes of @func: the short way
 * from C.
 *
 * |[<!-- language="C" -->
 * schedula_dispatcher_add_function_full (dsp, "speed", speed_func, NULL, NULL,
 *                                        SCHEDULA_IDS ("distance", "time"),
 *                                        SCHEDULA_IDS ("speed"), &error);
 * ]|
 *
 * Returns: (transfer none): the node, or %NULL with @error set
 */
SchedulaFunctionNode *
schedula_dispatcher_add_function_full (SchedulaDispatcher  *self,
                                       const char          *id,
                                       SchedulaFunc         func,
                                       gpointer             user_data,
                                       GDestroyNotify       destroy,
                                       const char *const   *inputs,
                                       const char *const   *outputs,
                                       GError             **error)
{
  g_autoptr(SchedulaFunction) function = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  function = schedula_function_new (id, func, user_data, destroy);
  return schedula_dispatcher_add_function (self, id, function, inputs, outputs, error);
}

/**
 * schedula_dispatcher_add_dispatcher:
 * @self: a #SchedulaDispatcher
 * @id: (nullable): the id, or %NULL for the name of @child
 * @child: the child dispatcher
 * @inputs: (nullable): the mapping of parent ids to child ids; %NULL maps
 *   every data node of @child (but the special ones) to the same id
 * @outputs: (nullable): the mapping of child ids to parent ids; %NULL maps
 *   every data node of @child (but the special ones) to the same id
 * @error: return location for a #GError
 *
 * Adds a sub-dispatcher node, as schedula's `add_dispatcher`. Its parent data
 * nodes are added in id order; edges into it weigh 0.
 *
 * Returns: (transfer none): the node, or %NULL with @error set
 */
SchedulaDispatcherNode *
schedula_dispatcher_add_dispatcher (SchedulaDispatcher  *self,
                                    const char          *id,
                                    SchedulaDispatcher  *child,
                                    SchedulaMapping     *inputs,
                                    SchedulaMapping     *outputs,
                                    GError             **error)
{
  g_autoptr(SchedulaDispatcherNode) node = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (child), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = schedula_dispatcher_node_new (id, child, inputs, outputs);
  if (!schedula_dispatcher_add_node (self, SCHEDULA_NODE (node), error))
    return NULL;
  return node;
}

SchedulaMapping *
_schedula_dispatcher_default_mapping (SchedulaDispatcher *child)
{
  SchedulaMapping *m = schedula_mapping_new ();

  for (guint i = 0; i < child->nodes->len; i++)
    {
      SchedulaNode *n = g_ptr_array_index (child->nodes, i);
      const char *id = _schedula_node_id (n);

      if (SCHEDULA_IS_DATA_NODE (n) && !schedula_id_is_special (id))
        schedula_mapping_add (m, id, id);
    }
  return m;
}

void
_schedula_dispatcher_include_defaults (SchedulaDispatcher     *self,
                                       SchedulaDispatcherNode *node)
{
  SchedulaDispatcher *child = node->child;
  g_autoptr(GPtrArray) remove = g_ptr_array_new ();

  for (guint i = 0; i < schedula_mapping_get_n_keys (node->inputs); i++)
    {
      const char *k = schedula_mapping_get_key (node->inputs, i);
      const char *const *v = schedula_mapping_get_values (node->inputs, i);
      SchedulaNode *first = _schedula_index_lookup (&child->index, v[0]);
      SchedulaNode *parent = _schedula_index_lookup (&self->index, k);
      SchedulaDataNode *src;

      if (first == NULL || !SCHEDULA_IS_DATA_NODE (first))
        continue;
      src = SCHEDULA_DATA_NODE (first);
      if (_schedula_data_x (src)->default_value == NULL && !src->self_default)
        continue;
      if (parent != NULL && SCHEDULA_IS_DATA_NODE (parent))
        {
          SchedulaDataNode *dst = SCHEDULA_DATA_NODE (parent);

          schedula_data_node_set_default_value (dst, _schedula_data_x (src)->default_value);
          schedula_data_node_set_initial_dist (dst, &_schedula_data_x (src)->initial_dist);
        }
      schedula_data_node_set_default_value (src, NULL);
      for (guint j = 1; v[j] != NULL; j++)
        g_ptr_array_add (remove, (gpointer) v[j]);
    }
  for (guint i = 0; i < remove->len; i++)
    {
      SchedulaNode *n = _schedula_index_lookup (&child->index, remove->pdata[i]);

      if (n != NULL && SCHEDULA_IS_DATA_NODE (n))
        schedula_data_node_set_default_value (SCHEDULA_DATA_NODE (n), NULL);
    }
  _schedula_dispatcher_touch (self);
}

/* Queries */

/**
 * schedula_dispatcher_lookup_node:
 * @self: a #SchedulaDispatcher
 * @id: a node id
 *
 * Looks a node up by its exact id.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL
 */
SchedulaNode *
schedula_dispatcher_lookup_node (SchedulaDispatcher *self,
                                 const char         *id)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return _schedula_index_lookup (&self->index, id);
}

/* Exact match first, then the first node (by id order) whose id contains
 * @id, as schedula's get_node. */
SchedulaNode *
_schedula_dispatcher_find_fuzzy (SchedulaDispatcher *self,
                                 const char         *id)
{
  SchedulaNode *node = _schedula_index_lookup (&self->index, id);
  SchedulaNode *best = NULL;

  if (node != NULL)
    return node;
  /* the smallest id that contains @id: one pass, no sort */
  for (guint i = 0; i < self->nodes->len; i++)
    {
      SchedulaNode *n = self->nodes->pdata[i];

      if (strstr (_schedula_node_id (n), id) != NULL &&
          (best == NULL || _schedula_id_compare (_schedula_node_id (n), _schedula_node_id (best)) < 0))
        best = n;
    }
  return best;
}

char *
_schedula_format_path (const char *const *path)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; path[i] != NULL; i++)
    g_string_append_printf (s, "%s'%s'", i ? ", " : "", path[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/**
 * schedula_dispatcher_get_node:
 * @self: a #SchedulaDispatcher
 * @path: (array zero-terminated=1): node ids, one per level: the last one
 *   names the node, the others sub-dispatcher nodes leading to it
 * @real_path: (out) (optional) (array zero-terminated=1) (transfer full):
 *   the ids actually matched
 * @error: return location for a #GError
 *
 * Finds a node, possibly inside sub-dispatchers, as schedula's `get_node`:
 * at each level an exact id first, else the first node (in id order) whose
 * id contains the given string.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL with @error set
 */
SchedulaNode *
schedula_dispatcher_get_node (SchedulaDispatcher   *self,
                              const char *const    *path,
                              char               ***real_path,
                              GError              **error)
{
  g_autoptr(GPtrArray) matched = g_ptr_array_new_with_free_func (g_free);
  SchedulaDispatcher *dsp = self;
  SchedulaNode *node = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] != NULL, NULL);

  for (guint level = 0; path[level] != NULL; level++)
    {
      if (level > 0)
        {
          if (!SCHEDULA_IS_DISPATCHER_NODE (node))
            {
              g_autofree char *p = _schedula_format_path (path);

              g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                           "Node of path %s at level %u is not a sub-dispatcher node of %s dispatcher.",
                           p, level, self->name);
              return NULL;
            }
          dsp = SCHEDULA_DISPATCHER_NODE (node)->child;
        }
      node = _schedula_dispatcher_find_fuzzy (dsp, path[level]);
      if (node == NULL)
        {
          g_autofree char *p = _schedula_format_path (path);

          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "Path %s does not exist in %s dispatcher.", p, self->name);
          return NULL;
        }
      g_ptr_array_add (matched, g_strdup (_schedula_node_id (node)));
    }

  if (real_path != NULL)
    {
      g_ptr_array_add (matched, NULL);
      *real_path = (char **) g_ptr_array_free (g_steal_pointer (&matched), FALSE);
    }
  return node;
}

/**
 * schedula_dispatcher_remove_node:
 * @self: a #SchedulaDispatcher
 * @id: the id of the node
 * @error: return location for a #GError
 *
 * Removes a node and its edges. Function nodes that read or write a removed
 * data node keep it in their inputs or outputs, without the edge.
 *
 * A removal takes time in proportion to the size of the model (the nodes
 * after it move up the list); to remove many nodes, use
 * [method@Dispatcher.remove_nodes], which takes the same time for all of
 * them.
 *
 * Returns: %TRUE on success, %FALSE if there is no such node
 */
gboolean
schedula_dispatcher_remove_node (SchedulaDispatcher  *self,
                                 const char          *id,
                                 GError             **error)
{
  SchedulaNode *node;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  node = _schedula_index_lookup (&self->index, id);
  if (node == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "no node %s in dispatcher %s", id, self->name);
      return FALSE;
    }
  remove_nodes (self, &node, 1);
  return TRUE;
}

/**
 * schedula_dispatcher_remove_nodes:
 * @self: a #SchedulaDispatcher
 * @ids: (array zero-terminated=1): the ids of the nodes; an id may come
 *   more than once
 * @error: return location for a #GError
 *
 * Removes nodes and their edges, as [method@Dispatcher.remove_node] does
 * for each, in one pass over the model: removing a tenth of a model of
 * 100,000 functions one node at a time takes seconds, this a few
 * milliseconds. The [iface@Gio.ListModel] reports one change, from the
 * first node removed on.
 *
 * ```c
 * const char *gone[] = { "f1", "f2", "b", NULL };
 *
 * if (!schedula_dispatcher_remove_nodes (dsp, gone, &error))
 *   g_printerr ("%s\n", error->message);   // names the id that is not there
 * ```
 *
 * Returns: %TRUE on success; %FALSE, with nothing removed, if an id is not
 *   a node of @self (%SCHEDULA_DISPATCH_ERROR_INVALID_INPUT)
 */
gboolean
schedula_dispatcher_remove_nodes (SchedulaDispatcher  *self,
                                  const char *const   *ids,
                                  GError             **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      SchedulaNode *node = _schedula_index_lookup (&self->index, ids[i]);

      if (node == NULL)
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "no node %s in dispatcher %s (ids[%u]): nothing was removed", ids[i],
                       self->name, i);
          return FALSE;
        }
      g_ptr_array_add (nodes, node);
    }
  remove_nodes (self, (SchedulaNode **) nodes->pdata, nodes->len);
  return TRUE;
}

/**
 * schedula_dispatcher_set_default_value:
 * @self: a #SchedulaDispatcher
 * @id: the id of a data node
 * @value: (nullable): the default value, copied; %NULL removes the default
 *   (schedula's EMPTY), as do an unset #GValue and a %G_TYPE_POINTER value
 *   holding %NULL (GJS's `null`)
 * @initial_dist: (nullable): the distance of the default; %NULL means 0
 * @error: return location for a #GError
 *
 * Sets the default value of a data node and its initial distance.
 *
 * Returns: %TRUE on success, %FALSE if @id is not a data node
 */
gboolean
schedula_dispatcher_set_default_value (SchedulaDispatcher      *self,
                                       const char              *id,
                                       const GValue            *value,
                                       const SchedulaDistance  *initial_dist,
                                       GError                 **error)
{
  SchedulaNode *node;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  node = _schedula_index_lookup (&self->index, id);
  if (node == NULL || !SCHEDULA_IS_DATA_NODE (node))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "Input error: %s is not a data node", id);
      return FALSE;
    }
  if (initial_dist != NULL && isnan (initial_dist->num))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "the initial distance of the default of %s is NaN", id);
      return FALSE;
    }
  schedula_data_node_set_default_value (SCHEDULA_DATA_NODE (node), value);
  schedula_data_node_set_initial_dist (SCHEDULA_DATA_NODE (node), initial_dist);
  return TRUE;
}

/* The edges of the model by node: the successors and the predecessors of
 * each position, in the order the edges were added, in one block. Made
 * from the edge list when a query of the edges first needs it in a version
 * of the model (a query scanned the whole list: the views of Python's
 * `dsp.nodes` asked once per node, quadratic in the model). */
typedef struct _ModelAdjacency
{
  guint    version;   /* of the model it was made from */
  guint32 *succ_at;   /* n_nodes + 1 */
  guint32 *succ;      /* per edge: its target */
  guint32 *pred_at;   /* n_nodes + 1 */
  guint32 *pred;      /* per edge: its source */
} ModelAdjacency;

/* The adjacency of the model as it is; called with the lock held */
static ModelAdjacency *
adjacency_locked (SchedulaDispatcher *self)
{
  ModelAdjacency *adj = self->adjacency;
  guint n = self->nodes->len, n_edges = self->edges->len;
  const SchedulaModelEdge *edges = (const SchedulaModelEdge *) self->edges->data;
  guint32 *succ_fill, *pred_fill;

  if (adj != NULL && adj->version == (guint) g_atomic_int_get (&self->version))
    return adj;
  g_free (adj);
  adj = g_malloc (sizeof (ModelAdjacency) + sizeof (guint32) * (2 * (n + 1) + 2 * (gsize) n_edges));
  adj->version = g_atomic_int_get (&self->version);
  adj->succ_at = (guint32 *) (adj + 1);
  adj->pred_at = adj->succ_at + n + 1;
  adj->succ = adj->pred_at + n + 1;
  adj->pred = adj->succ + n_edges;
  memset (adj->succ_at, 0, sizeof (guint32) * 2 * (n + 1));
  for (guint i = 0; i < n_edges; i++)
    {
      adj->succ_at[edges[i].from + 1]++;
      adj->pred_at[edges[i].to + 1]++;
    }
  for (guint i = 0; i < n; i++)
    {
      adj->succ_at[i + 1] += adj->succ_at[i];
      adj->pred_at[i + 1] += adj->pred_at[i];
    }
  /* counting sort, stable: each list in the order of the edges */
  succ_fill = g_memdup2 (adj->succ_at, sizeof (guint32) * (n + 1));
  pred_fill = g_memdup2 (adj->pred_at, sizeof (guint32) * (n + 1));
  for (guint i = 0; i < n_edges; i++)
    {
      adj->succ[succ_fill[edges[i].from]++] = edges[i].to;
      adj->pred[pred_fill[edges[i].to]++] = edges[i].from;
    }
  g_free (succ_fill);
  g_free (pred_fill);
  self->adjacency = adj;
  return adj;
}

static gboolean
find_edge (SchedulaDispatcher *self,
           const char         *from,
           const char         *to)
{
  SchedulaNode *a = _schedula_index_lookup (&self->index, from);
  SchedulaNode *b = _schedula_index_lookup (&self->index, to);
  ModelAdjacency *adj;
  gboolean found = FALSE;
  guint pa, pb;

  if (a == NULL || b == NULL)
    return FALSE;
  pa = _schedula_dispatcher_position (self, a);
  pb = _schedula_dispatcher_position (self, b);
  g_mutex_lock (&self->lock);
  adj = adjacency_locked (self);
  /* the shorter list: a data node read by 100,000 functions has one long
   * list, and each of them a short one */
  if (adj->succ_at[pa + 1] - adj->succ_at[pa] <= adj->pred_at[pb + 1] - adj->pred_at[pb])
    {
      for (guint32 k = adj->succ_at[pa]; k < adj->succ_at[pa + 1] && !found; k++)
        found = adj->succ[k] == pb;
    }
  else
    {
      for (guint32 k = adj->pred_at[pb]; k < adj->pred_at[pb + 1] && !found; k++)
        found = adj->pred[k] == pa;
    }
  g_mutex_unlock (&self->lock);
  return found;
}

/**
 * schedula_dispatcher_has_edge:
 * @self: a #SchedulaDispatcher
 * @from: the id of the source node
 * @to: the id of the target node
 *
 * Whether the model has an edge from @from to @to.
 *
 * Returns: %TRUE if the edge exists
 */
gboolean
schedula_dispatcher_has_edge (SchedulaDispatcher *self,
                              const char         *from,
                              const char         *to)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  return find_edge (self, from, to);
}

gboolean
_schedula_edge_weight (SchedulaNode *from,
                       SchedulaNode *to,
                       gdouble      *weight)
{
  SchedulaPorts *ports;
  gint k = -1;

  if ((ports = _schedula_node_get_ports (to)) != NULL)
    k = ports->weights != NULL ? _schedula_ports_find (ports, _schedula_node_id (from), FALSE) : -1;
  else if ((ports = _schedula_node_get_ports (from)) != NULL)
    k = ports->weights != NULL ? _schedula_ports_find (ports, _schedula_node_id (to), TRUE) : -1;
  if (k < 0 || isnan (ports->weights[k]))
    {
      *weight = 1;
      return FALSE;
    }
  *weight = ports->weights[k];
  return TRUE;
}

/**
 * schedula_dispatcher_get_edge_weight:
 * @self: a #SchedulaDispatcher
 * @from: the id of the source node
 * @to: the id of the target node
 * @weight: (out) (optional): the weight of the edge (1 when it has none)
 *
 * Gets the weight of an edge.
 *
 * Returns: %TRUE if the edge exists and has a weight
 */
gboolean
schedula_dispatcher_get_edge_weight (SchedulaDispatcher *self,
                                     const char         *from,
                                     const char         *to,
                                     gdouble            *weight)
{
  gdouble w = 1;
  gboolean has = FALSE;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (find_edge (self, from, to))
    has = _schedula_edge_weight (_schedula_index_lookup (&self->index, from),
                                 _schedula_index_lookup (&self->index, to), &w);
  if (weight != NULL)
    *weight = w;
  return has;
}

static char **
neighbours (SchedulaDispatcher *self,
            const char         *id,
            gboolean            successors)
{
  SchedulaNode *node = _schedula_index_lookup (&self->index, id);
  GPtrArray *out = g_ptr_array_new ();
  guint pos;

  if (node != NULL)
    {
      ModelAdjacency *adj;
      const guint32 *at, *to;

      pos = _schedula_dispatcher_position (self, node);
      g_mutex_lock (&self->lock);
      adj = adjacency_locked (self);
      at = successors ? adj->succ_at : adj->pred_at;
      to = successors ? adj->succ : adj->pred;
      for (guint32 k = at[pos]; k < at[pos + 1]; k++)
        g_ptr_array_add (out, g_strdup (_schedula_node_id (self->nodes->pdata[to[k]])));
      g_mutex_unlock (&self->lock);
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/**
 * schedula_dispatcher_dup_successors:
 * @self: a #SchedulaDispatcher
 * @id: a node id
 *
 * Gets the successors of a node, in the order their edges were added.
 *
 * Returns: (transfer full) (array zero-terminated=1): the successor ids
 */
char **
schedula_dispatcher_dup_successors (SchedulaDispatcher *self,
                                    const char         *id)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return neighbours (self, id, TRUE);
}

/**
 * schedula_dispatcher_dup_predecessors:
 * @self: a #SchedulaDispatcher
 * @id: a node id
 *
 * Gets the predecessors of a node, in the order their edges were added.
 *
 * Returns: (transfer full) (array zero-terminated=1): the predecessor ids
 */
char **
schedula_dispatcher_dup_predecessors (SchedulaDispatcher *self,
                                      const char         *id)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return neighbours (self, id, FALSE);
}

/* Copies */

SchedulaDispatcher *
_schedula_dispatcher_copy_structure (SchedulaDispatcher *self)
{
  SchedulaDispatcher *copy = schedula_dispatcher_new (self->name);

  copy->description = g_strdup (self->description);
  copy->executor = g_strdup (self->executor);
  copy->raises = self->raises;
  if (self->raises_handler != NULL)
    copy->raises_handler = g_rc_box_acquire (self->raises_handler);
  return copy;
}

/* The copy of @self in @memo, or a new empty one, whose nodes
 * copy_nodes () fills once it is taken from @queue */
static SchedulaDispatcher *
copy_of (SchedulaDispatcher *self,
         GHashTable         *memo,
         GPtrArray          *queue)
{
  SchedulaDispatcher *copy = g_hash_table_lookup (memo, self);

  if (copy != NULL)
    return g_object_ref (copy);

  copy = _schedula_dispatcher_copy_structure (self);
  g_hash_table_insert (memo, self, copy);
  g_ptr_array_add (queue, self);
  return copy;
}

static void
copy_nodes (SchedulaDispatcher *self,
            SchedulaDispatcher *copy,
            GHashTable         *memo,
            GPtrArray          *queue)
{
  copy->counter = self->counter;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      SchedulaNode *node = g_ptr_array_index (self->nodes, i);
      g_autoptr(SchedulaNode) n = _schedula_node_copy (node);
      SchedulaNodePrivate *priv = _schedula_node_get_private (n);
      g_autofree char *id = (char *) priv->id;

      if (SCHEDULA_IS_DISPATCHER_NODE (n))
        {
          SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (n);
          SchedulaDispatcher *child = copy_of (d->child, memo, queue);

          g_object_unref (d->child);
          d->child = child;
        }
      _schedula_node_common (n)->id_owned = FALSE;
      priv->id = NULL;
      _schedula_node_attach (n, copy, _schedula_dispatcher_intern (copy, id),
                             _schedula_node_common (n)->index);
      _schedula_dispatcher_append (copy, n);
    }
  g_array_append_vals (copy->edges, self->edges->data, self->edges->len);
  for (guint i = 0; i < copy->nodes->len; i++)
    _schedula_node_intern_ports (copy->nodes->pdata[i], copy);
}

/* Copies @self and the dispatchers below it, each once (@memo: original ->
 * copy), with a queue of the copies still empty rather than by recursion: a
 * model may nest a million levels */
static SchedulaDispatcher *
deep_copy (SchedulaDispatcher *self,
           GHashTable         *memo)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  SchedulaDispatcher *copy = copy_of (self, memo, queue);

  while (queue->len > 0)
    {
      SchedulaDispatcher *next = g_ptr_array_steal_index_fast (queue, queue->len - 1);

      copy_nodes (next, g_hash_table_lookup (memo, next), memo, queue);
    }
  return copy;
}

/* Swaps the graphs (nodes, edges, ids, counter) of @self and @from, and
 * forgets the last solution of @self: what schedula's load_map does with
 * `dsp.__init__(dmap=...)`. The nodes of @self go to @from. */
void
_schedula_dispatcher_take_graph (SchedulaDispatcher *self,
                                 SchedulaDispatcher *from)
{
  guint old_len = self->nodes->len;
  SchedulaNodeIndex index = self->index;
  GPtrArray *nodes = self->nodes;
  SchedulaStrings *strings = self->strings;
  GArray *edges = self->edges;
  gint counter = self->counter;
  GHashTable *suffixes = self->suffixes;
  SchedulaSolution *old;

  self->nodes = from->nodes;
  self->index = from->index;
  self->strings = from->strings;
  self->edges = from->edges;
  self->counter = from->counter;
  self->suffixes = from->suffixes;
  from->nodes = nodes;
  from->index = index;
  from->strings = strings;
  from->edges = edges;
  from->counter = counter;
  from->suffixes = suffixes;
  self->index.nodes = self->nodes;
  from->index.nodes = from->nodes;
  for (guint i = 0; i < self->nodes->len; i++)
    _schedula_node_get_private (self->nodes->pdata[i])->dispatcher = self;
  for (guint i = 0; i < from->nodes->len; i++)
    _schedula_node_get_private (from->nodes->pdata[i])->dispatcher = from;
  _schedula_dispatcher_touch (self);
  _schedula_dispatcher_touch (from);

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->solution);
  g_weak_ref_set (&self->solution_weak, NULL);
  g_mutex_unlock (&self->lock);
  g_clear_object (&old);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->nodes->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * schedula_dispatcher_copy:
 * @self: a #SchedulaDispatcher
 *
 * Makes a deep copy of the model: nodes, edges, defaults and child
 * dispatchers are copied; functions are shared. Changing the copy leaves
 * @self as it is.
 *
 * Returns: (transfer full): the copy
 */
SchedulaDispatcher *
schedula_dispatcher_copy (SchedulaDispatcher *self)
{
  g_autoptr(GHashTable) memo = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  return deep_copy (self, memo);
}

/**
 * schedula_dispatcher_get_solution:
 * @self: a #SchedulaDispatcher
 *
 * Gets the solution of the last dispatch (schedula's `dsp.solution`): the
 * dispatcher keeps it until the next dispatch starts, whether the dispatch
 * completed or failed. While a dispatch runs, it is that dispatch's solution
 * as it grows.
 *
 * With dispatches in several threads at once, the last one to start wins:
 * use the solution that [method@Dispatcher.try_dispatch] returns, or the
 * one a failed dispatch carries, to be sure to read your own.
 *
 * A solution does not keep its dispatcher alive, so that the two do not
 * keep each other alive; but a model that holds itself as a value (a SELF
 * default) would, so its dispatcher only keeps the last solution while
 * someone else holds it.
 *
 * Returns: (transfer full) (nullable): the last solution, or %NULL
 */
SchedulaSolution *
schedula_dispatcher_get_solution (SchedulaDispatcher *self)
{
  SchedulaSolution *sol;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  g_mutex_lock (&self->lock);
  sol = self->solution ? g_object_ref (self->solution) : g_weak_ref_get (&self->solution_weak);
  g_mutex_unlock (&self->lock);
  return sol;
}

void
_schedula_dispatcher_set_solution (SchedulaDispatcher *self,
                                   SchedulaSolution   *solution,
                                   gboolean            strong)
{
  SchedulaSolution *old;

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->solution);
  if (strong)
    {
      self->solution = g_object_ref (solution);
      g_weak_ref_set (&self->solution_weak, NULL);
    }
  else
    g_weak_ref_set (&self->solution_weak, solution);
  g_mutex_unlock (&self->lock);
  /* outside the lock: the old solution may hold the last reference to
   * values whose destroy functions are the caller's code */
  g_clear_object (&old);
}

/* The combiner of SINK: a dict of the estimations, keyed by the id of the
 * node that sent each (schedula's bypass of the estimations dict). */
static gboolean
collect_func (SchedulaCall  *call,
              gpointer       user_data,
              GError       **error)
{
  g_autoptr(SchedulaDict) dict = schedula_dict_new ();
  GValue v = G_VALUE_INIT;

  for (guint i = 0; i < call->n_inputs; i++)
    schedula_dict_insert (dict, call->input_ids ? call->input_ids[i] : "", call->inputs[i]);
  g_value_init (&v, SCHEDULA_TYPE_DICT);
  g_value_take_boxed (&v, g_steal_pointer (&dict));
  schedula_call_take_output (call, 0, &v);
  return TRUE;
}

static SchedulaFunction *
builtin_collect_new (void)
{
  return g_object_ref (_schedula_builtin_collect ());
}

SchedulaFunction *
_schedula_builtin_collect (void)
{
  static SchedulaFunction *collect;

  if (g_once_init_enter (&collect))
    {
      SchedulaFunction *f = schedula_function_new ("bypass", collect_func, NULL, NULL);

      schedula_function_set_ref (f, "builtin:bypass");
      g_once_init_leave (&collect, f);
    }
  return collect;
}
