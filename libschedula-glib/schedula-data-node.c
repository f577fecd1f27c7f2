/* schedula-data-node.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>

#include "schedula-node-private.h"
#include "schedula-private.h"

/**
 * SchedulaDataNode:
 *
 * A data node: a value of the model. It may have a default value (used when
 * a dispatch is not given this node as an input), a combiner of the
 * estimations that reach it, filters, a callback, and may wait for all its
 * inputs (schedula's `wait_inputs`).
 */

G_DEFINE_FINAL_TYPE (SchedulaDataNode, schedula_data_node, SCHEDULA_TYPE_NODE)

enum {
  PROP_0,
  PROP_DEFAULT_VALUE,
  PROP_INITIAL_DIST,
  PROP_WAIT_INPUTS,
  PROP_WILDCARD,
  PROP_COMBINER,
  PROP_CALLBACK,
  PROP_AWAIT_RESULT,
  PROP_FILTERS,
  PROP_VALUE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const SchedulaDataExtra _schedula_data_extra_none = { NULL, { 0, 0 }, NULL, NULL, NULL, G_TYPE_NONE };

SchedulaDataExtra *
_schedula_data_node_extra (SchedulaDataNode *self)
{
  if (self->x == NULL)
    {
      self->x = g_new0 (SchedulaDataExtra, 1);
      self->x->value_type = G_TYPE_NONE;
    }
  return self->x;
}

static void
clear_default (SchedulaDataNode *self)
{
  if (self->x != NULL && self->x->default_value != NULL)
    {
      g_value_unset (self->x->default_value);
      g_clear_pointer (&self->x->default_value, g_free);
    }
}

static void
schedula_data_node_finalize (GObject *object)
{
  SchedulaDataNode *self = SCHEDULA_DATA_NODE (object);

  clear_default (self);
  if (self->x != NULL)
    {
      g_clear_object (&self->x->combiner);
      g_clear_object (&self->x->callback);
      g_clear_pointer (&self->x->filters, g_ptr_array_unref);
      g_free (self->x);
    }

  G_OBJECT_CLASS (schedula_data_node_parent_class)->finalize (object);
}

static void
schedula_data_node_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SchedulaDataNode *self = SCHEDULA_DATA_NODE (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_VALUE:
      g_value_set_boxed (value, _schedula_data_x (self)->default_value);
      break;
    case PROP_INITIAL_DIST:
      g_value_set_boxed (value, &_schedula_data_x (self)->initial_dist);
      break;
    case PROP_WAIT_INPUTS:
      g_value_set_boolean (value, self->wait_inputs);
      break;
    case PROP_WILDCARD:
      g_value_set_boolean (value, self->wildcard);
      break;
    case PROP_COMBINER:
      g_value_set_object (value, _schedula_data_x (self)->combiner);
      break;
    case PROP_CALLBACK:
      g_value_set_object (value, _schedula_data_x (self)->callback);
      break;
    case PROP_AWAIT_RESULT:
      g_value_set_boolean (value, self->await_result);
      break;
    case PROP_FILTERS:
      g_value_set_boxed (value, _schedula_data_x (self)->filters);
      break;
    case PROP_VALUE_TYPE:
      g_value_set_gtype (value, _schedula_data_x (self)->value_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_data_node_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SchedulaDataNode *self = SCHEDULA_DATA_NODE (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_VALUE:
      schedula_data_node_set_default_value (self, g_value_get_boxed (value));
      break;
    case PROP_INITIAL_DIST:
      schedula_data_node_set_initial_dist (self, g_value_get_boxed (value));
      break;
    case PROP_WAIT_INPUTS:
      schedula_data_node_set_wait_inputs (self, g_value_get_boolean (value));
      break;
    case PROP_WILDCARD:
      schedula_data_node_set_wildcard (self, g_value_get_boolean (value));
      break;
    case PROP_COMBINER:
      schedula_data_node_set_combiner (self, g_value_get_object (value));
      break;
    case PROP_CALLBACK:
      schedula_data_node_set_callback (self, g_value_get_object (value));
      break;
    case PROP_AWAIT_RESULT:
      schedula_data_node_set_await_result (self, g_value_get_boolean (value));
      break;
    case PROP_VALUE_TYPE:
      schedula_data_node_set_value_type (self, g_value_get_gtype (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_data_node_class_init (SchedulaDataNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_data_node_finalize;
  object_class->get_property = schedula_data_node_get_property;
  object_class->set_property = schedula_data_node_set_property;

  /**
   * SchedulaDataNode:default-value:
   *
   * The default value, or %NULL for none (schedula's EMPTY).
   */
  properties[PROP_DEFAULT_VALUE] =
    g_param_spec_boxed ("default-value", NULL, NULL, G_TYPE_VALUE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:initial-dist:
   *
   * The distance at which the default value enters the search.
   */
  properties[PROP_INITIAL_DIST] =
    g_param_spec_boxed ("initial-dist", NULL, NULL, SCHEDULA_TYPE_DISTANCE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:wait-inputs:
   *
   * Whether the node waits until every predecessor has sent an estimation;
   * then all the estimations go to the [property@DataNode:combiner].
   */
  properties[PROP_WAIT_INPUTS] =
    g_param_spec_boolean ("wait-inputs", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:wildcard:
   *
   * %FALSE opts the node out of the wildcard mode of a dispatch.
   */
  properties[PROP_WILDCARD] =
    g_param_spec_boolean ("wildcard", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:combiner:
   *
   * Combines the estimations that reach the node into its value (schedula's
   * data-node `function`). It gets one input per estimation, keyed by the id
   * of the node that made it, and sets one output.
   */
  properties[PROP_COMBINER] =
    g_param_spec_object ("combiner", NULL, NULL, SCHEDULA_TYPE_FUNCTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:callback:
   *
   * Called with the final value of the node; its errors are recorded but the
   * value is kept.
   */
  properties[PROP_CALLBACK] =
    g_param_spec_object ("callback", NULL, NULL, SCHEDULA_TYPE_FUNCTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:await-result:
   *
   * With an asynchronous executor: wait for the value before going on.
   */
  properties[PROP_AWAIT_RESULT] =
    g_param_spec_boolean ("await-result", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:value-type:
   *
   * The type of the values of the node, or %G_TYPE_NONE for any. A value of
   * another type that cannot be transformed fails the node.
   */
  properties[PROP_VALUE_TYPE] =
    g_param_spec_gtype ("value-type", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaDataNode:filters: (type GPtrArray(SchedulaFunction))
   *
   * The filters applied in order to the value, or %NULL if there are none.
   * Change them with add_filter() and clear_filters().
   */
  properties[PROP_FILTERS] =
    g_param_spec_boxed ("filters", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_data_node_init (SchedulaDataNode *self)
{
  self->index = -1;
  self->wildcard = TRUE;
}

/**
 * schedula_data_node_new:
 * @id: (nullable): the id, or %NULL for an automatic one
 *
 * Creates a data node to add with [method@Dispatcher.add_node].
 *
 * Returns: (transfer full): a new #SchedulaDataNode
 */
SchedulaDataNode *
schedula_data_node_new (const char *id)
{
  return g_object_new (SCHEDULA_TYPE_DATA_NODE, "id", id, NULL);
}

static void
changed (SchedulaDataNode *self,
         guint             prop)
{
  _schedula_node_changed (SCHEDULA_NODE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * schedula_data_node_get_default_value:
 * @self: a #SchedulaDataNode
 *
 * Gets the default value.
 *
 * The %SCHEDULA_SELF node is the exception: its default is the dispatcher
 * that owns it, given to each dispatch without being stored in the node (a
 * stored reference would keep the dispatcher alive), so this returns %NULL
 * for it although dispatches see the dispatcher as its value.
 *
 * Returns: (transfer none) (nullable): the default value, or %NULL
 */
const GValue *
schedula_data_node_get_default_value (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), NULL);

  return _schedula_data_x (self)->default_value;
}

/**
 * schedula_data_node_has_default_value:
 * @self: a #SchedulaDataNode
 *
 * Whether the node has a default value. The bindings need it where a
 * default converts to the same thing as no default (Python's `None`), and
 * it is %TRUE for the %SCHEDULA_SELF node, whose default is its dispatcher.
 *
 * Returns: %TRUE if the node has a default value
 */
gboolean
schedula_data_node_has_default_value (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), FALSE);

  return _schedula_data_x (self)->default_value != NULL || self->self_default;
}

/**
 * schedula_data_node_set_default_value:
 * @self: a #SchedulaDataNode
 * @value: (nullable): the default value, copied; %NULL removes it (so do an
 *   unset #GValue and a %G_TYPE_POINTER value holding %NULL, which is what
 *   GJS passes for `null`)
 *
 * Sets the default value. The initial distance is kept; use
 * [method@Dispatcher.set_default_value] to set both as schedula does.
 */
void
schedula_data_node_set_default_value (SchedulaDataNode *self,
                                      const GValue     *value)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));

  value = _schedula_default_or_null (value);
  if (value == NULL && _schedula_data_x (self)->default_value == NULL && !self->self_default)
    return;
  clear_default (self);
  self->self_default = FALSE;
  if (value != NULL)
    {
      GValue *v = g_new0 (GValue, 1);

      _schedula_value_copy_widened (value, v);
      _schedula_data_node_extra (self)->default_value = v;
    }
  changed (self, PROP_DEFAULT_VALUE);
}

/**
 * schedula_data_node_get_initial_dist:
 * @self: a #SchedulaDataNode
 *
 * Gets the distance at which the default value enters the search.
 *
 * Returns: (transfer none): the initial distance
 */
const SchedulaDistance *
schedula_data_node_get_initial_dist (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), NULL);

  return &_schedula_data_x (self)->initial_dist;
}

/**
 * schedula_data_node_set_initial_dist:
 * @self: a #SchedulaDataNode
 * @dist: (nullable): the initial distance; %NULL means 0
 *
 * Sets the distance at which the default value enters the search.
 */
void
schedula_data_node_set_initial_dist (SchedulaDataNode       *self,
                                     const SchedulaDistance *dist)
{
  SchedulaDistance zero = { 0, 0 };

  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));
  g_return_if_fail (dist == NULL || !isnan (dist->num));

  if (dist == NULL)
    dist = &zero;
  if (_schedula_distance_cmp (dist, &_schedula_data_x (self)->initial_dist) == 0)
    return;
  _schedula_data_node_extra (self)->initial_dist = *dist;
  changed (self, PROP_INITIAL_DIST);
}

/**
 * schedula_data_node_get_wait_inputs:
 * @self: a #SchedulaDataNode
 *
 * Gets whether the node waits for all its inputs.
 *
 * Returns: the value of [property@DataNode:wait-inputs]
 */
gboolean
schedula_data_node_get_wait_inputs (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), FALSE);

  return self->wait_inputs;
}

/**
 * schedula_data_node_set_wait_inputs:
 * @self: a #SchedulaDataNode
 * @wait_inputs: whether to wait
 *
 * Sets whether the node waits for all its inputs.
 */
void
schedula_data_node_set_wait_inputs (SchedulaDataNode *self,
                                    gboolean          wait_inputs)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));

  if (self->wait_inputs == !!wait_inputs)
    return;
  self->wait_inputs = !!wait_inputs;
  changed (self, PROP_WAIT_INPUTS);
}

/**
 * schedula_data_node_get_wildcard:
 * @self: a #SchedulaDataNode
 *
 * Gets whether the node takes part in the wildcard mode.
 *
 * Returns: the value of [property@DataNode:wildcard]
 */
gboolean
schedula_data_node_get_wildcard (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), TRUE);

  return self->wildcard;
}

/**
 * schedula_data_node_set_wildcard:
 * @self: a #SchedulaDataNode
 * @wildcard: %FALSE to opt out of the wildcard mode
 *
 * Sets whether the node takes part in the wildcard mode.
 */
void
schedula_data_node_set_wildcard (SchedulaDataNode *self,
                                 gboolean          wildcard)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));

  self->wildcard_set = TRUE;
  if (self->wildcard == !!wildcard)
    return;
  self->wildcard = !!wildcard;
  changed (self, PROP_WILDCARD);
}

/**
 * schedula_data_node_get_combiner:
 * @self: a #SchedulaDataNode
 *
 * Gets the combiner of the estimations.
 *
 * Returns: (transfer none) (nullable): the combiner
 */
SchedulaFunction *
schedula_data_node_get_combiner (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), NULL);

  return _schedula_data_x (self)->combiner;
}

/**
 * schedula_data_node_set_combiner:
 * @self: a #SchedulaDataNode
 * @combiner: (nullable): the combiner
 *
 * Sets the combiner of the estimations.
 */
void
schedula_data_node_set_combiner (SchedulaDataNode *self,
                                 SchedulaFunction *combiner)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));
  g_return_if_fail (combiner == NULL || SCHEDULA_IS_FUNCTION (combiner));

  if (combiner == _schedula_data_x (self)->combiner)
    return;
  g_set_object (&_schedula_data_node_extra (self)->combiner, combiner);
  changed (self, PROP_COMBINER);
}

/**
 * schedula_data_node_get_callback:
 * @self: a #SchedulaDataNode
 *
 * Gets the callback.
 *
 * Returns: (transfer none) (nullable): the callback
 */
SchedulaFunction *
schedula_data_node_get_callback (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), NULL);

  return _schedula_data_x (self)->callback;
}

/**
 * schedula_data_node_set_callback:
 * @self: a #SchedulaDataNode
 * @callback: (nullable): the callback
 *
 * Sets the callback.
 */
void
schedula_data_node_set_callback (SchedulaDataNode *self,
                                 SchedulaFunction *callback)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));
  g_return_if_fail (callback == NULL || SCHEDULA_IS_FUNCTION (callback));

  if (callback == _schedula_data_x (self)->callback)
    return;
  g_set_object (&_schedula_data_node_extra (self)->callback, callback);
  changed (self, PROP_CALLBACK);
}

/**
 * schedula_data_node_get_filters:
 * @self: a #SchedulaDataNode
 *
 * Gets the filters, applied in order to the value.
 *
 * Returns: (transfer none) (nullable) (element-type SchedulaFunction): the
 *   filters, or %NULL if there are none
 */
GPtrArray *
schedula_data_node_get_filters (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), NULL);

  return _schedula_data_x (self)->filters;
}

/**
 * schedula_data_node_add_filter:
 * @self: a #SchedulaDataNode
 * @filter: a function of one input and one output
 *
 * Appends a filter. A filter that sets NONE makes the value absent.
 */
void
schedula_data_node_add_filter (SchedulaDataNode *self,
                               SchedulaFunction *filter)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));
  g_return_if_fail (SCHEDULA_IS_FUNCTION (filter));

  if (_schedula_data_node_extra (self)->filters == NULL)
    self->x->filters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->x->filters, g_object_ref (filter));
  changed (self, PROP_FILTERS);
}

/**
 * schedula_data_node_clear_filters:
 * @self: a #SchedulaDataNode
 *
 * Removes every filter.
 */
void
schedula_data_node_clear_filters (SchedulaDataNode *self)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));

  if (self->x == NULL || self->x->filters == NULL)
    return;
  g_clear_pointer (&self->x->filters, g_ptr_array_unref);
  changed (self, PROP_FILTERS);
}

/**
 * schedula_data_node_get_await_result:
 * @self: a #SchedulaDataNode
 *
 * Gets whether asynchronous dispatches wait for the value.
 *
 * Returns: the value of [property@DataNode:await-result]
 */
gboolean
schedula_data_node_get_await_result (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), FALSE);

  return self->await_result;
}

/**
 * schedula_data_node_set_await_result:
 * @self: a #SchedulaDataNode
 * @await_result: whether to wait
 *
 * Sets whether asynchronous dispatches wait for the value.
 */
void
schedula_data_node_set_await_result (SchedulaDataNode *self,
                                     gboolean          await_result)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));

  if (self->await_result == !!await_result)
    return;
  self->await_result = !!await_result;
  changed (self, PROP_AWAIT_RESULT);
}

/**
 * schedula_data_node_get_value_type:
 * @self: a #SchedulaDataNode
 *
 * Gets the type of the values of the node.
 *
 * Returns: the type, or %G_TYPE_NONE for any
 */
GType
schedula_data_node_get_value_type (SchedulaDataNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DATA_NODE (self), G_TYPE_NONE);

  return _schedula_data_x (self)->value_type;
}

/**
 * schedula_data_node_set_value_type:
 * @self: a #SchedulaDataNode
 * @value_type: the type, or %G_TYPE_NONE for any
 *
 * Sets the type of the values of the node. A value of another type that
 * cannot be transformed to it fails the node with an error naming both
 * types; NONE is always accepted.
 */
void
schedula_data_node_set_value_type (SchedulaDataNode *self,
                                   GType             value_type)
{
  g_return_if_fail (SCHEDULA_IS_DATA_NODE (self));

  if (value_type == _schedula_data_x (self)->value_type)
    return;
  _schedula_data_node_extra (self)->value_type = value_type;
  changed (self, PROP_VALUE_TYPE);
}
