/* schedula-dispatcher-node.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>

#include "schedula-node-private.h"
#include "schedula-dispatcher-private.h"
#include "schedula-private.h"

/**
 * SchedulaDispatcherNode:
 *
 * A sub-dispatcher node: a child [class@Dispatcher] that takes part in the
 * search of its parent. Values of the parent data nodes flow in through the
 * [property@DispatcherNode:inputs] mapping (parent id to child ids) and back
 * out through the [property@DispatcherNode:outputs] mapping (child id to
 * parent ids).
 *
 * A sub-dispatcher node is not a [class@FunctionNode], as in schedula.
 */

G_DEFINE_FINAL_TYPE (SchedulaDispatcherNode, schedula_dispatcher_node, SCHEDULA_TYPE_NODE)

enum {
  PROP_0,
  PROP_CHILD,
  PROP_INPUTS,
  PROP_OUTPUTS,
  PROP_INPUT_DOMAIN,
  PROP_WEIGHT,
  PROP_INCLUDE_DEFAULTS,
  PROP_AWAIT_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_dispatcher_node_finalize (GObject *object)
{
  SchedulaDispatcherNode *self = SCHEDULA_DISPATCHER_NODE (object);

  g_clear_pointer (&self->child, _schedula_dispatcher_unref_child);
  g_clear_pointer (&self->inputs, schedula_mapping_unref);
  g_clear_pointer (&self->outputs, schedula_mapping_unref);
  g_clear_object (&self->input_domain);
  _schedula_ports_clear (&self->ports);

  G_OBJECT_CLASS (schedula_dispatcher_node_parent_class)->finalize (object);
}

static void
schedula_dispatcher_node_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SchedulaDispatcherNode *self = SCHEDULA_DISPATCHER_NODE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_INPUTS:
      g_value_set_boxed (value, self->inputs);
      break;
    case PROP_OUTPUTS:
      g_value_set_boxed (value, self->outputs);
      break;
    case PROP_INPUT_DOMAIN:
      g_value_set_object (value, self->input_domain);
      break;
    case PROP_WEIGHT:
      g_value_set_double (value, self->has_weight ? self->weight : 0);
      break;
    case PROP_INCLUDE_DEFAULTS:
      g_value_set_boolean (value, self->include_defaults);
      break;
    case PROP_AWAIT_DOMAIN:
      g_value_set_boolean (value, self->await_domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_dispatcher_node_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SchedulaDispatcherNode *self = SCHEDULA_DISPATCHER_NODE (object);

  switch (prop_id)
    {
    case PROP_INPUT_DOMAIN:
      schedula_dispatcher_node_set_input_domain (self, g_value_get_object (value));
      break;
    case PROP_WEIGHT:
      schedula_dispatcher_node_set_weight (self, g_value_get_double (value));
      break;
    case PROP_INCLUDE_DEFAULTS:
      schedula_dispatcher_node_set_include_defaults (self, g_value_get_boolean (value));
      break;
    case PROP_AWAIT_DOMAIN:
      schedula_dispatcher_node_set_await_domain (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_dispatcher_node_class_init (SchedulaDispatcherNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_dispatcher_node_finalize;
  object_class->get_property = schedula_dispatcher_node_get_property;
  object_class->set_property = schedula_dispatcher_node_set_property;

  /**
   * SchedulaDispatcherNode:child:
   *
   * The child dispatcher.
   */
  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, SCHEDULA_TYPE_DISPATCHER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcherNode:inputs:
   *
   * The mapping of parent data ids to child data ids.
   */
  properties[PROP_INPUTS] =
    g_param_spec_boxed ("inputs", NULL, NULL, SCHEDULA_TYPE_MAPPING,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcherNode:outputs:
   *
   * The mapping of child data ids to parent data ids.
   */
  properties[PROP_OUTPUTS] =
    g_param_spec_boxed ("outputs", NULL, NULL, SCHEDULA_TYPE_MAPPING,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcherNode:input-domain:
   *
   * A function of the parent values received so far (one input per parent
   * id, see [method@Call.get_input_id]) with one boolean output. It is asked
   * again at each new input until it says true; then the child starts.
   */
  properties[PROP_INPUT_DOMAIN] =
    g_param_spec_object ("input-domain", NULL, NULL, SCHEDULA_TYPE_FUNCTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcherNode:weight:
   *
   * The weight of the node, added to the length of each input edge.
   */
  properties[PROP_WEIGHT] =
    g_param_spec_double ("weight", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcherNode:include-defaults:
   *
   * When set on a node of a dispatcher, the defaults of the child inputs move
   * to the parent data nodes that feed them (this changes the child, as in
   * schedula).
   */
  properties[PROP_INCLUDE_DEFAULTS] =
    g_param_spec_boolean ("include-defaults", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDispatcherNode:await-domain:
   *
   * With an asynchronous executor: wait for the inputs before the domain.
   */
  properties[PROP_AWAIT_DOMAIN] =
    g_param_spec_boolean ("await-domain", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_dispatcher_node_init (SchedulaDispatcherNode *self)
{
  self->index = -1;
  self->await_domain = TRUE;
}

static int
compare_strs (gconstpointer a,
              gconstpointer b)
{
  return _schedula_id_compare (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_unique (GPtrArray *ids)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    if (g_hash_table_add (seen, ids->pdata[i]))
      g_ptr_array_add (out, ids->pdata[i]);
  g_ptr_array_sort (out, compare_strs);
  g_ptr_array_add (out, NULL);
  return out;
}

void
_schedula_dispatcher_node_update_ports (SchedulaDispatcherNode *self)
{
  g_autoptr(GPtrArray) in_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) out_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) ins = NULL;
  g_autoptr(GPtrArray) outs = NULL;
  SchedulaPorts old = self->ports;

  for (guint i = 0; i < schedula_mapping_get_n_keys (self->inputs); i++)
    g_ptr_array_add (in_ids, (gpointer) schedula_mapping_get_key (self->inputs, i));
  for (guint i = 0; i < schedula_mapping_get_n_keys (self->outputs); i++)
    {
      const char *const *v = schedula_mapping_get_values (self->outputs, i);

      for (guint j = 0; v[j] != NULL; j++)
        g_ptr_array_add (out_ids, (gpointer) v[j]);
    }
  ins = sorted_unique (in_ids);
  outs = sorted_unique (out_ids);
  _schedula_ports_init (&self->ports, (const char *const *) ins->pdata,
                        (const char *const *) outs->pdata);
  /* Edges into a sub-dispatcher node weigh 0 unless told otherwise. */
  for (guint i = 0; i < self->ports.n_inputs; i++)
    {
      gint k = old.ids != NULL ? _schedula_ports_find (&old, self->ports.ids[i], FALSE) : -1;

      _schedula_ports_writable_weights (&self->ports)[i] = k >= 0 ? _schedula_ports_weight (&old, k) : 0.0;
    }
  _schedula_ports_clear (&old);
}

/**
 * schedula_dispatcher_node_new:
 * @id: (nullable): the id, or %NULL to use the name of @child
 * @child: the child dispatcher
 * @inputs: (nullable): the mapping of parent ids to child ids; %NULL maps
 *   every data node of @child (but the special ones) to the same id
 * @outputs: (nullable): the mapping of child ids to parent ids; %NULL maps
 *   every data node of @child (but the special ones) to the same id
 *
 * Creates a sub-dispatcher node to add with [method@Dispatcher.add_node].
 * The mappings are frozen: they cannot change afterwards.
 *
 * Returns: (transfer full): a new #SchedulaDispatcherNode
 */
SchedulaDispatcherNode *
schedula_dispatcher_node_new (const char         *id,
                              SchedulaDispatcher *child,
                              SchedulaMapping    *inputs,
                              SchedulaMapping    *outputs)
{
  SchedulaDispatcherNode *self;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (child), NULL);

  self = g_object_new (SCHEDULA_TYPE_DISPATCHER_NODE, "id", id, NULL);
  self->child = g_object_ref (child);
  self->inputs = inputs ? schedula_mapping_ref (inputs) : _schedula_dispatcher_default_mapping (child);
  self->outputs = outputs ? schedula_mapping_ref (outputs) : _schedula_dispatcher_default_mapping (child);
  _schedula_mapping_freeze (self->inputs);
  _schedula_mapping_freeze (self->outputs);
  _schedula_dispatcher_node_update_ports (self);
  return self;
}

static void
changed (SchedulaDispatcherNode *self,
         guint                   prop)
{
  _schedula_node_changed (SCHEDULA_NODE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * schedula_dispatcher_node_get_child:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets the child dispatcher.
 *
 * Returns: (transfer none): the child dispatcher
 */
SchedulaDispatcher *
schedula_dispatcher_node_get_child (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), NULL);

  return self->child;
}

/**
 * schedula_dispatcher_node_get_inputs:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets the mapping of parent ids to child ids.
 *
 * Returns: (transfer none): the input mapping
 */
SchedulaMapping *
schedula_dispatcher_node_get_inputs (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), NULL);

  return self->inputs;
}

/**
 * schedula_dispatcher_node_get_outputs:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets the mapping of child ids to parent ids.
 *
 * Returns: (transfer none): the output mapping
 */
SchedulaMapping *
schedula_dispatcher_node_get_outputs (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), NULL);

  return self->outputs;
}

/**
 * schedula_dispatcher_node_get_input_domain:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets the input domain.
 *
 * Returns: (transfer none) (nullable): the input domain
 */
SchedulaFunction *
schedula_dispatcher_node_get_input_domain (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), NULL);

  return self->input_domain;
}

/**
 * schedula_dispatcher_node_set_input_domain:
 * @self: a #SchedulaDispatcherNode
 * @domain: (nullable): the input domain
 *
 * Sets the input domain. Its errors are recorded as "Failed SUB-DSP DOMAIN"
 * and count as false.
 */
void
schedula_dispatcher_node_set_input_domain (SchedulaDispatcherNode *self,
                                           SchedulaFunction       *domain)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self));
  g_return_if_fail (domain == NULL || SCHEDULA_IS_FUNCTION (domain));

  if (g_set_object (&self->input_domain, domain))
    changed (self, PROP_INPUT_DOMAIN);
}

/**
 * schedula_dispatcher_node_get_weight:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets the weight of the node.
 *
 * Returns: the weight (0 when unset)
 */
gdouble
schedula_dispatcher_node_get_weight (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), 0);

  return self->has_weight ? self->weight : 0;
}

/**
 * schedula_dispatcher_node_set_weight:
 * @self: a #SchedulaDispatcherNode
 * @weight: the weight
 *
 * Sets the weight of the node.
 */
void
schedula_dispatcher_node_set_weight (SchedulaDispatcherNode *self,
                                     gdouble                 weight)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self));
  g_return_if_fail (!isnan (weight));

  if (self->has_weight && self->weight == weight)
    return;
  self->weight = weight;
  self->has_weight = TRUE;
  changed (self, PROP_WEIGHT);
}

/**
 * schedula_dispatcher_node_set_input_weight:
 * @self: a #SchedulaDispatcherNode
 * @data_id: the id of a parent data node mapped to the child
 * @weight: the weight of the edge from @data_id to the node
 * @error: return location for a #GError
 *
 * Sets the weight of an input edge (edges into a sub-dispatcher node weigh 0
 * unless set).
 *
 * Returns: %TRUE on success, %FALSE if @data_id is not an input
 */
gboolean
schedula_dispatcher_node_set_input_weight (SchedulaDispatcherNode  *self,
                                           const char              *data_id,
                                           gdouble                  weight,
                                           GError                 **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), FALSE);
  g_return_val_if_fail (data_id != NULL, FALSE);

  return _schedula_ports_set_weight (SCHEDULA_NODE (self), &self->ports, data_id, weight,
                                     FALSE, error);
}

/**
 * schedula_dispatcher_node_get_include_defaults:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets whether the defaults of the child inputs were moved to the parent.
 *
 * Returns: the value of [property@DispatcherNode:include-defaults]
 */
gboolean
schedula_dispatcher_node_get_include_defaults (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), FALSE);

  return self->include_defaults;
}

/**
 * schedula_dispatcher_node_set_include_defaults:
 * @self: a #SchedulaDispatcherNode
 * @include_defaults: whether to move the defaults
 *
 * Moves the defaults of the child inputs to the parent data nodes that feed
 * them, as schedula's `include_defaults=True`: for each input mapping, the
 * default of the (first) child id moves to the parent id. It happens when the
 * property becomes %TRUE on a node that belongs to a dispatcher, or when a
 * node with the property set is added.
 */
void
schedula_dispatcher_node_set_include_defaults (SchedulaDispatcherNode *self,
                                               gboolean                include_defaults)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self));

  include_defaults = !!include_defaults;
  if (self->include_defaults == (guint) include_defaults)
    return;
  self->include_defaults = include_defaults;
  if (include_defaults && schedula_node_get_dispatcher (SCHEDULA_NODE (self)) != NULL)
    _schedula_dispatcher_include_defaults (schedula_node_get_dispatcher (SCHEDULA_NODE (self)), self);
  changed (self, PROP_INCLUDE_DEFAULTS);
}

/**
 * schedula_dispatcher_node_get_await_domain:
 * @self: a #SchedulaDispatcherNode
 *
 * Gets whether asynchronous dispatches wait for the inputs before the domain.
 *
 * Returns: the value of [property@DispatcherNode:await-domain]
 */
gboolean
schedula_dispatcher_node_get_await_domain (SchedulaDispatcherNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self), TRUE);

  return self->await_domain;
}

/**
 * schedula_dispatcher_node_set_await_domain:
 * @self: a #SchedulaDispatcherNode
 * @await_domain: whether to wait
 *
 * Sets whether asynchronous dispatches wait for the inputs before the domain.
 */
void
schedula_dispatcher_node_set_await_domain (SchedulaDispatcherNode *self,
                                           gboolean                await_domain)
{
  g_return_if_fail (SCHEDULA_IS_DISPATCHER_NODE (self));

  if (self->await_domain == !!await_domain)
    return;
  self->await_domain = !!await_domain;
  changed (self, PROP_AWAIT_DOMAIN);
}
