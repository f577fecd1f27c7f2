/* schedula-function-node.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>

#include "schedula-node-private.h"
#include "schedula-private.h"

/**
 * SchedulaFunctionNode:
 *
 * A function node: it computes its outputs from its inputs with a
 * [class@Function]. Its [property@FunctionNode:weight] is added to the length
 * of each of its input edges; an input domain may reject the values, and
 * filters post-process the results.
 */

G_DEFINE_FINAL_TYPE (SchedulaFunctionNode, schedula_function_node, SCHEDULA_TYPE_NODE)

const SchedulaFunctionExtra _schedula_function_extra_none = { NULL, NULL, 0 };

SchedulaFunctionExtra *
_schedula_function_node_extra (SchedulaFunctionNode *self)
{
  if (self->x == NULL)
    self->x = g_new0 (SchedulaFunctionExtra, 1);
  return self->x;
}

enum {
  PROP_0,
  PROP_FUNCTION,
  PROP_INPUTS,
  PROP_OUTPUTS,
  PROP_INPUT_DOMAIN,
  PROP_WEIGHT,
  PROP_AWAIT_DOMAIN,
  PROP_AWAIT_RESULT,
  PROP_FILTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_function_node_finalize (GObject *object)
{
  SchedulaFunctionNode *self = SCHEDULA_FUNCTION_NODE (object);

  g_clear_object (&self->function);
  if (self->x != NULL)
    {
      g_clear_object (&self->x->input_domain);
      g_clear_pointer (&self->x->filters, g_ptr_array_unref);
      g_free (self->x);
    }
  _schedula_ports_clear (&self->ports);

  G_OBJECT_CLASS (schedula_function_node_parent_class)->finalize (object);
}

static char **
ports_dup (SchedulaFunctionNode *self,
           gboolean              output)
{
  guint start = output ? self->ports.n_inputs : 0;
  guint n = output ? self->ports.n_outputs : self->ports.n_inputs;
  char **strv = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    strv[i] = g_strdup (self->ports.ids[start + i]);
  return strv;
}

static void
schedula_function_node_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SchedulaFunctionNode *self = SCHEDULA_FUNCTION_NODE (object);

  switch (prop_id)
    {
    case PROP_FUNCTION:
      g_value_set_object (value, self->function);
      break;
    case PROP_INPUTS:
      g_value_take_boxed (value, ports_dup (self, FALSE));
      break;
    case PROP_OUTPUTS:
      g_value_take_boxed (value, ports_dup (self, TRUE));
      break;
    case PROP_INPUT_DOMAIN:
      g_value_set_object (value, _schedula_function_x (self)->input_domain);
      break;
    case PROP_WEIGHT:
      g_value_set_double (value, _schedula_function_x (self)->weight);
      break;
    case PROP_AWAIT_DOMAIN:
      g_value_set_boolean (value, self->await_domain);
      break;
    case PROP_AWAIT_RESULT:
      g_value_set_boolean (value, self->await_result);
      break;
    case PROP_FILTERS:
      g_value_set_boxed (value, _schedula_function_x (self)->filters);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_function_node_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SchedulaFunctionNode *self = SCHEDULA_FUNCTION_NODE (object);

  switch (prop_id)
    {
    case PROP_FUNCTION:
      schedula_function_node_set_function (self, g_value_get_object (value));
      break;
    case PROP_INPUT_DOMAIN:
      schedula_function_node_set_input_domain (self, g_value_get_object (value));
      break;
    case PROP_WEIGHT:
      schedula_function_node_set_weight (self, g_value_get_double (value));
      break;
    case PROP_AWAIT_DOMAIN:
      schedula_function_node_set_await_domain (self, g_value_get_boolean (value));
      break;
    case PROP_AWAIT_RESULT:
      schedula_function_node_set_await_result (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_function_node_class_init (SchedulaFunctionNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_function_node_finalize;
  object_class->get_property = schedula_function_node_get_property;
  object_class->set_property = schedula_function_node_set_property;

  /**
   * SchedulaFunctionNode:function:
   *
   * The function of the node.
   */
  properties[PROP_FUNCTION] =
    g_param_spec_object ("function", NULL, NULL, SCHEDULA_TYPE_FUNCTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:inputs:
   *
   * The ids of the input data nodes: the arguments of the function, in order.
   */
  properties[PROP_INPUTS] =
    g_param_spec_boxed ("inputs", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:outputs:
   *
   * The ids of the output data nodes: the results of the function, in order.
   */
  properties[PROP_OUTPUTS] =
    g_param_spec_boxed ("outputs", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:input-domain:
   *
   * A function of the same inputs with one boolean output: when it is false
   * the node is skipped and the search looks for other paths.
   */
  properties[PROP_INPUT_DOMAIN] =
    g_param_spec_object ("input-domain", NULL, NULL, SCHEDULA_TYPE_FUNCTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:weight:
   *
   * The weight of the node, added to the length of each of its input edges.
   */
  properties[PROP_WEIGHT] =
    g_param_spec_double ("weight", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:await-domain:
   *
   * With an asynchronous executor: wait for the inputs before running the
   * input domain.
   */
  properties[PROP_AWAIT_DOMAIN] =
    g_param_spec_boolean ("await-domain", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:await-result:
   *
   * With an asynchronous executor: wait for the results before going on.
   */
  properties[PROP_AWAIT_RESULT] =
    g_param_spec_boolean ("await-result", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunctionNode:filters: (type GPtrArray(SchedulaFunction))
   *
   * The filters applied in order to the results, or %NULL if there are none.
   * Change them with add_filter() and clear_filters().
   */
  properties[PROP_FILTERS] =
    g_param_spec_boxed ("filters", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_function_node_init (SchedulaFunctionNode *self)
{
  self->index = -1;
  self->await_domain = TRUE;
}

/**
 * schedula_function_node_new:
 * @id: (nullable): the id, or %NULL to use the name of @function
 * @function: (nullable): the function
 * @inputs: (nullable) (array zero-terminated=1): the input ids; %NULL means
 *   the function takes no input and is fed by %SCHEDULA_START
 * @outputs: (nullable) (array zero-terminated=1): the output ids; %NULL means
 *   its results go to %SCHEDULA_SINK
 *
 * Creates a function node to add with [method@Dispatcher.add_node].
 *
 * Returns: (transfer full): a new #SchedulaFunctionNode
 */
SchedulaFunctionNode *
schedula_function_node_new (const char        *id,
                            SchedulaFunction  *function,
                            const char *const *inputs,
                            const char *const *outputs)
{
  static const char *const start[] = { SCHEDULA_START, NULL };
  static const char *const sink[] = { SCHEDULA_SINK, NULL };
  SchedulaFunctionNode *self;

  g_return_val_if_fail (function == NULL || SCHEDULA_IS_FUNCTION (function), NULL);

  self = g_object_new (SCHEDULA_TYPE_FUNCTION_NODE, "id", id, "function", function, NULL);
  _schedula_ports_init (&self->ports, inputs ? inputs : start, outputs ? outputs : sink);
  return self;
}

static void
changed (SchedulaFunctionNode *self,
         guint                 prop)
{
  _schedula_node_changed (SCHEDULA_NODE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * schedula_function_node_get_function:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the function of the node.
 *
 * Returns: (transfer none) (nullable): the function
 */
SchedulaFunction *
schedula_function_node_get_function (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);

  return self->function;
}

/**
 * schedula_function_node_set_function:
 * @self: a #SchedulaFunctionNode
 * @function: (nullable): the function
 *
 * Sets the function of the node.
 */
void
schedula_function_node_set_function (SchedulaFunctionNode *self,
                                     SchedulaFunction     *function)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));
  g_return_if_fail (function == NULL || SCHEDULA_IS_FUNCTION (function));

  if (g_set_object (&self->function, function))
    changed (self, PROP_FUNCTION);
}

/**
 * schedula_function_node_dup_inputs:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the input ids.
 *
 * Returns: (transfer full) (array zero-terminated=1): the input ids
 */
char **
schedula_function_node_dup_inputs (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);

  return ports_dup (self, FALSE);
}

/**
 * schedula_function_node_dup_outputs:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the output ids.
 *
 * Returns: (transfer full) (array zero-terminated=1): the output ids
 */
char **
schedula_function_node_dup_outputs (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);

  return ports_dup (self, TRUE);
}

/**
 * schedula_function_node_get_n_inputs:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the number of inputs.
 *
 * Returns: the number of inputs
 */
guint
schedula_function_node_get_n_inputs (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), 0);

  return self->ports.n_inputs;
}

/**
 * schedula_function_node_get_input:
 * @self: a #SchedulaFunctionNode
 * @position: a position below [method@FunctionNode.get_n_inputs]
 *
 * Gets an input id.
 *
 * Returns: the id of the input at @position
 */
const char *
schedula_function_node_get_input (SchedulaFunctionNode *self,
                                  guint                 position)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);
  g_return_val_if_fail (position < self->ports.n_inputs, NULL);

  return self->ports.ids[position];
}

/**
 * schedula_function_node_get_n_outputs:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the number of outputs.
 *
 * Returns: the number of outputs
 */
guint
schedula_function_node_get_n_outputs (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), 0);

  return self->ports.n_outputs;
}

/**
 * schedula_function_node_get_output:
 * @self: a #SchedulaFunctionNode
 * @position: a position below [method@FunctionNode.get_n_outputs]
 *
 * Gets an output id.
 *
 * Returns: the id of the output at @position
 */
const char *
schedula_function_node_get_output (SchedulaFunctionNode *self,
                                   guint                 position)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);
  g_return_val_if_fail (position < self->ports.n_outputs, NULL);

  return self->ports.ids[self->ports.n_inputs + position];
}

/**
 * schedula_function_node_get_input_domain:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the input domain.
 *
 * Returns: (transfer none) (nullable): the input domain
 */
SchedulaFunction *
schedula_function_node_get_input_domain (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);

  return _schedula_function_x (self)->input_domain;
}

/**
 * schedula_function_node_set_input_domain:
 * @self: a #SchedulaFunctionNode
 * @domain: (nullable): a function of the same inputs, with one output
 *
 * Sets the input domain. A domain that fails makes the dispatch fail, as in
 * schedula.
 */
void
schedula_function_node_set_input_domain (SchedulaFunctionNode *self,
                                         SchedulaFunction     *domain)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));
  g_return_if_fail (domain == NULL || SCHEDULA_IS_FUNCTION (domain));

  if (domain == _schedula_function_x (self)->input_domain)
    return;
  g_set_object (&_schedula_function_node_extra (self)->input_domain, domain);
  changed (self, PROP_INPUT_DOMAIN);
}

/**
 * schedula_function_node_get_weight:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the weight of the node.
 *
 * Returns: the weight (0 when unset)
 */
gdouble
schedula_function_node_get_weight (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), 0);

  return _schedula_function_x (self)->weight;
}

/**
 * schedula_function_node_set_weight:
 * @self: a #SchedulaFunctionNode
 * @weight: the weight
 *
 * Sets the weight of the node: it is added to the length of each of its
 * input edges.
 */
void
schedula_function_node_set_weight (SchedulaFunctionNode *self,
                                   gdouble               weight)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));
  g_return_if_fail (!isnan (weight));

  if (self->has_weight && self->x->weight == weight)
    return;
  _schedula_function_node_extra (self)->weight = weight;
  self->has_weight = TRUE;
  changed (self, PROP_WEIGHT);
}

/**
 * schedula_function_node_set_input_weight:
 * @self: a #SchedulaFunctionNode
 * @data_id: the id of one of the inputs
 * @weight: the weight of the edge from @data_id to the node
 * @error: return location for a #GError
 *
 * Sets the weight of an input edge (an unset edge weighs 1).
 *
 * Returns: %TRUE on success, %FALSE if @data_id is not an input
 */
gboolean
schedula_function_node_set_input_weight (SchedulaFunctionNode  *self,
                                         const char            *data_id,
                                         gdouble                weight,
                                         GError               **error)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), FALSE);
  g_return_val_if_fail (data_id != NULL, FALSE);

  return _schedula_ports_set_weight (SCHEDULA_NODE (self), &self->ports, data_id, weight,
                                     FALSE, error);
}

/**
 * schedula_function_node_set_output_weight:
 * @self: a #SchedulaFunctionNode
 * @data_id: the id of one of the outputs
 * @weight: the weight of the edge from the node to @data_id
 * @error: return location for a #GError
 *
 * Sets the weight of an output edge (an unset edge weighs 1).
 *
 * Returns: %TRUE on success, %FALSE if @data_id is not an output
 */
gboolean
schedula_function_node_set_output_weight (SchedulaFunctionNode  *self,
                                          const char            *data_id,
                                          gdouble                weight,
                                          GError               **error)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), FALSE);
  g_return_val_if_fail (data_id != NULL, FALSE);

  return _schedula_ports_set_weight (SCHEDULA_NODE (self), &self->ports, data_id, weight,
                                     TRUE, error);
}

/**
 * schedula_function_node_get_filters:
 * @self: a #SchedulaFunctionNode
 *
 * Gets the filters, applied in order to the results.
 *
 * Returns: (transfer none) (nullable) (element-type SchedulaFunction): the
 *   filters, or %NULL if there are none
 */
GPtrArray *
schedula_function_node_get_filters (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), NULL);

  return _schedula_function_x (self)->filters;
}

/**
 * schedula_function_node_add_filter:
 * @self: a #SchedulaFunctionNode
 * @filter: a function with as many inputs and outputs as the node has
 *   outputs
 *
 * Appends a filter of the results. A node of several outputs calls it with
 * one argument per output. (schedula calls a filter with the whole result,
 * one tuple; the Python binding's `add_function(filters=...)` packs the
 * arguments into that tuple for a Python filter.)
 */
void
schedula_function_node_add_filter (SchedulaFunctionNode *self,
                                   SchedulaFunction     *filter)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));
  g_return_if_fail (SCHEDULA_IS_FUNCTION (filter));

  if (_schedula_function_node_extra (self)->filters == NULL)
    self->x->filters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->x->filters, g_object_ref (filter));
  changed (self, PROP_FILTERS);
}

/**
 * schedula_function_node_clear_filters:
 * @self: a #SchedulaFunctionNode
 *
 * Removes every filter.
 */
void
schedula_function_node_clear_filters (SchedulaFunctionNode *self)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));

  if (self->x == NULL || self->x->filters == NULL)
    return;
  g_clear_pointer (&self->x->filters, g_ptr_array_unref);
  changed (self, PROP_FILTERS);
}

/**
 * schedula_function_node_get_await_domain:
 * @self: a #SchedulaFunctionNode
 *
 * Gets whether asynchronous dispatches wait for the inputs before the domain.
 *
 * Returns: the value of [property@FunctionNode:await-domain]
 */
gboolean
schedula_function_node_get_await_domain (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), TRUE);

  return self->await_domain;
}

/**
 * schedula_function_node_set_await_domain:
 * @self: a #SchedulaFunctionNode
 * @await_domain: whether to wait
 *
 * Sets whether asynchronous dispatches wait for the inputs before the domain.
 */
void
schedula_function_node_set_await_domain (SchedulaFunctionNode *self,
                                         gboolean              await_domain)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));

  if (self->await_domain == !!await_domain)
    return;
  self->await_domain = !!await_domain;
  changed (self, PROP_AWAIT_DOMAIN);
}

/**
 * schedula_function_node_get_await_result:
 * @self: a #SchedulaFunctionNode
 *
 * Gets whether asynchronous dispatches wait for the results.
 *
 * Returns: the value of [property@FunctionNode:await-result]
 */
gboolean
schedula_function_node_get_await_result (SchedulaFunctionNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_NODE (self), FALSE);

  return self->await_result;
}

/**
 * schedula_function_node_set_await_result:
 * @self: a #SchedulaFunctionNode
 * @await_result: whether to wait
 *
 * Sets whether asynchronous dispatches wait for the results.
 */
void
schedula_function_node_set_await_result (SchedulaFunctionNode *self,
                                         gboolean              await_result)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_NODE (self));

  if (self->await_result == !!await_result)
    return;
  self->await_result = !!await_result;
  changed (self, PROP_AWAIT_RESULT);
}
