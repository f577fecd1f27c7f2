/* schedula-node.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-node-private.h"
#include "schedula-dispatcher-private.h"
#include "schedula-enums.h"
#include "schedula-private.h"

/**
 * SchedulaNode:
 *
 * A node of a [class@Dispatcher]: a [class@DataNode], a [class@FunctionNode]
 * or a [class@DispatcherNode]. Its attributes are GObject properties, so
 * every language sets them by name. Properties set after a node is added take
 * effect at the next dispatch.
 */

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SchedulaNode, schedula_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_INDEX,
  PROP_DESCRIPTION,
  PROP_DISPATCHER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SchedulaNodePrivate *
_schedula_node_get_private (SchedulaNode *self)
{
  return schedula_node_get_instance_private (self);
}

/* Whether @self is a data, function or sub-dispatcher node, which have
 * SCHEDULA_NODE_COMMON; another subclass of SchedulaNode cannot join a
 * dispatcher, so its id is its own and its index -1. */
gboolean
_schedula_node_is_builtin (SchedulaNode *self)
{
  GType type = G_TYPE_FROM_INSTANCE (self);

  return type == SCHEDULA_TYPE_DATA_NODE || type == SCHEDULA_TYPE_FUNCTION_NODE ||
         type == SCHEDULA_TYPE_DISPATCHER_NODE;
}

static gboolean
id_owned (SchedulaNode *self)
{
  return !_schedula_node_is_builtin (self) || _schedula_node_common (self)->id_owned;
}

static void
set_id_owned (SchedulaNode *self,
              gboolean      owned)
{
  if (_schedula_node_is_builtin (self))
    _schedula_node_common (self)->id_owned = owned;
}

static GQuark
description_quark (void)
{
  static GQuark quark = 0;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("schedula-node-description");
  return quark;
}

static const char *
get_description (SchedulaNode *self)
{
  return g_object_get_qdata (G_OBJECT (self), description_quark ());
}

static void
schedula_node_finalize (GObject *object)
{
  SchedulaNodePrivate *priv = _schedula_node_get_private (SCHEDULA_NODE (object));

  if (id_owned (SCHEDULA_NODE (object)))
    g_free ((char *) priv->id);

  G_OBJECT_CLASS (schedula_node_parent_class)->finalize (object);
}

static void
schedula_node_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SchedulaNode *self = SCHEDULA_NODE (object);
  SchedulaNodePrivate *priv = _schedula_node_get_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, schedula_node_get_kind (self));
      break;
    case PROP_INDEX:
      g_value_set_int (value, schedula_node_get_index (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, get_description (self));
      break;
    case PROP_DISPATCHER:
      g_value_set_object (value, priv->dispatcher);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_node_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SchedulaNode *self = SCHEDULA_NODE (object);
  SchedulaNodePrivate *priv = _schedula_node_get_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_assert (priv->id == NULL);
      priv->id = g_value_dup_string (value);
      set_id_owned (self, TRUE);
      break;
    case PROP_DESCRIPTION:
      schedula_node_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_node_class_init (SchedulaNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_node_finalize;
  object_class->get_property = schedula_node_get_property;
  object_class->set_property = schedula_node_set_property;

  /**
   * SchedulaNode:id:
   *
   * The id of the node. %NULL before it is added to a dispatcher means "give
   * it an automatic id". A dispatcher may change the id when it adds the
   * node (`<n>` suffixes).
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNode:kind:
   *
   * The kind of the node (schedula's `type`).
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SCHEDULA_TYPE_NODE_KIND, SCHEDULA_NODE_KIND_DATA,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNode:index:
   *
   * The index of the node in its dispatcher (schedula's `index`): the value
   * of the dispatcher's counter when the node was added, -1 before. Ties in
   * the search are broken by it.
   */
  properties[PROP_INDEX] =
    g_param_spec_int ("index", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNode:description:
   *
   * A description of the node, for documentation.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaNode:dispatcher:
   *
   * The dispatcher the node belongs to, if any.
   */
  properties[PROP_DISPATCHER] =
    g_param_spec_object ("dispatcher", NULL, NULL, SCHEDULA_TYPE_DISPATCHER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_node_init (SchedulaNode *self)
{
  /* the index is -1 until the node joins a dispatcher: set by the init of
   * each node type, which owns the field */
}

/**
 * schedula_node_get_id:
 * @self: a #SchedulaNode
 *
 * Gets the id of the node.
 *
 * Returns: (nullable): the id; %NULL for a node that has not been added yet
 *   and asks for an automatic id
 */
const char *
schedula_node_get_id (SchedulaNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE (self), NULL);

  return _schedula_node_get_private (self)->id;
}

/**
 * schedula_node_get_kind:
 * @self: a #SchedulaNode
 *
 * Gets the kind of the node.
 *
 * Returns: the kind
 */
SchedulaNodeKind
schedula_node_get_kind (SchedulaNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE (self), SCHEDULA_NODE_KIND_DATA);

  if (SCHEDULA_IS_FUNCTION_NODE (self))
    return SCHEDULA_NODE_KIND_FUNCTION;
  if (SCHEDULA_IS_DISPATCHER_NODE (self))
    return SCHEDULA_NODE_KIND_DISPATCHER;
  return SCHEDULA_NODE_KIND_DATA;
}

/**
 * schedula_node_get_index:
 * @self: a #SchedulaNode
 *
 * Gets the index of the node in its dispatcher.
 *
 * Returns: the index, or -1 if the node was never added
 */
gint
schedula_node_get_index (SchedulaNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE (self), -1);

  return _schedula_node_is_builtin (self) ? _schedula_node_common (self)->index : -1;
}

/**
 * schedula_node_get_description:
 * @self: a #SchedulaNode
 *
 * Gets the description of the node.
 *
 * Returns: (nullable): the description
 */
const char *
schedula_node_get_description (SchedulaNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE (self), NULL);

  return get_description (self);
}

/**
 * schedula_node_set_description:
 * @self: a #SchedulaNode
 * @description: (nullable): the description
 *
 * Sets the description of the node.
 */
void
schedula_node_set_description (SchedulaNode *self,
                               const char   *description)
{
  g_return_if_fail (SCHEDULA_IS_NODE (self));

  if (g_strcmp0 (get_description (self), description) == 0)
    return;
  g_object_set_qdata_full (G_OBJECT (self), description_quark (), g_strdup (description), g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * schedula_node_get_dispatcher:
 * @self: a #SchedulaNode
 *
 * Gets the dispatcher the node belongs to.
 *
 * Returns: (transfer none) (nullable): the dispatcher, or %NULL
 */
SchedulaDispatcher *
schedula_node_get_dispatcher (SchedulaNode *self)
{
  g_return_val_if_fail (SCHEDULA_IS_NODE (self), NULL);

  return _schedula_node_get_private (self)->dispatcher;
}

void
_schedula_node_changed (SchedulaNode *self)
{
  SchedulaNodePrivate *priv = _schedula_node_get_private (self);

  if (priv->dispatcher != NULL)
    _schedula_dispatcher_touch (priv->dispatcher);
}

void
_schedula_node_attach (SchedulaNode       *self,
                       SchedulaDispatcher *dispatcher,
                       const char         *interned_id,
                       gint                index)
{
  SchedulaNodePrivate *priv = _schedula_node_get_private (self);
  SchedulaNodeCommon *common = _schedula_node_common (self);

  if (common->id_owned)
    g_free ((char *) priv->id);
  priv->id = interned_id;
  common->id_owned = FALSE;
  if (priv->dispatcher == NULL && SCHEDULA_IS_DISPATCHER_NODE (self) &&
      SCHEDULA_DISPATCHER_NODE (self)->child != NULL)
    g_atomic_int_inc (&SCHEDULA_DISPATCHER_NODE (self)->child->n_parents);
  priv->dispatcher = dispatcher;
  common->index = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

/* Once the data nodes a node reads and writes are in @dispatcher, its port
 * ids become theirs (one copy of each id). */
void
_schedula_node_intern_ports (SchedulaNode       *self,
                             SchedulaDispatcher *dispatcher)
{
  SchedulaPorts *ports = _schedula_node_get_ports (self);

  if (ports == NULL || !ports->owned)
    return;
  for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
    {
      const char *s = _schedula_dispatcher_intern (dispatcher, ports->ids[i]);

      g_free ((char *) ports->ids[i]);
      ports->ids[i] = s;
    }
  ports->owned = FALSE;
}

/* The same, when the caller has the dispatcher's copies of the port ids at
 * hand (@ids, one per port): no lookup of each id again */
void
_schedula_node_adopt_port_ids (SchedulaNode      *self,
                               const char *const *ids)
{
  SchedulaPorts *ports = _schedula_node_get_ports (self);

  if (ports == NULL || !ports->owned)
    return;
  for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
    {
      g_free ((char *) ports->ids[i]);
      ports->ids[i] = ids[i];
    }
  ports->owned = FALSE;
}

void
_schedula_node_detach (SchedulaNode *self)
{
  SchedulaNodePrivate *priv = _schedula_node_get_private (self);
  SchedulaPorts *ports;

  if (!_schedula_node_common (self)->id_owned)
    {
      priv->id = g_strdup (priv->id);
      _schedula_node_common (self)->id_owned = TRUE;
    }
  ports = _schedula_node_get_ports (self);
  if (ports != NULL)
    _schedula_ports_own (ports);
  if (priv->dispatcher != NULL && SCHEDULA_IS_DISPATCHER_NODE (self) &&
      SCHEDULA_DISPATCHER_NODE (self)->child != NULL)
    g_atomic_int_add (&SCHEDULA_DISPATCHER_NODE (self)->child->n_parents, -1);
  priv->dispatcher = NULL;
}

SchedulaPorts *
_schedula_node_get_ports (SchedulaNode *self)
{
  if (SCHEDULA_IS_FUNCTION_NODE (self))
    return &SCHEDULA_FUNCTION_NODE (self)->ports;
  if (SCHEDULA_IS_DISPATCHER_NODE (self))
    return &SCHEDULA_DISPATCHER_NODE (self)->ports;
  return NULL;
}

gboolean
_schedula_node_get_weight (SchedulaNode *self,
                           gdouble      *weight)
{
  if (SCHEDULA_IS_FUNCTION_NODE (self))
    {
      SchedulaFunctionNode *f = SCHEDULA_FUNCTION_NODE (self);

      *weight = _schedula_function_x (f)->weight;
      return f->has_weight;
    }
  if (SCHEDULA_IS_DISPATCHER_NODE (self))
    {
      SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (self);

      *weight = d->has_weight ? d->weight : 0;
      return d->has_weight;
    }
  *weight = 0;
  return FALSE;
}

/* The ids, NULL-terminated; the weights come with the first one set */
static void
ports_alloc (SchedulaPorts *ports,
             guint          n)
{
  ports->ids = g_new0 (const char *, n + 1);
  ports->weights = NULL;
}

gdouble *
_schedula_ports_writable_weights (SchedulaPorts *ports)
{
  if (ports->weights == NULL)
    {
      guint n = ports->n_inputs + ports->n_outputs;

      ports->weights = g_new (gdouble, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        ports->weights[i] = NAN;
    }
  return ports->weights;
}

void
_schedula_ports_init (SchedulaPorts     *ports,
                      const char *const *inputs,
                      const char *const *outputs)
{
  guint n_in = inputs ? g_strv_length ((char **) inputs) : 0;
  guint n_out = outputs ? g_strv_length ((char **) outputs) : 0;

  ports->n_inputs = n_in;
  ports->n_outputs = n_out;
  ports_alloc (ports, n_in + n_out);
  for (guint i = 0; i < n_in; i++)
    ports->ids[i] = g_strdup (inputs[i]);
  for (guint i = 0; i < n_out; i++)
    ports->ids[n_in + i] = g_strdup (outputs[i]);
  ports->owned = TRUE;
}

void
_schedula_ports_clear (SchedulaPorts *ports)
{
  if (ports->ids != NULL && ports->owned)
    for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
      g_free ((char *) ports->ids[i]);
  g_clear_pointer (&ports->ids, g_free);
  g_clear_pointer (&ports->weights, g_free);
  ports->n_inputs = ports->n_outputs = 0;
}

void
_schedula_ports_copy (SchedulaPorts       *dest,
                      const SchedulaPorts *src)
{
  guint n = src->n_inputs + src->n_outputs;

  dest->n_inputs = src->n_inputs;
  dest->n_outputs = src->n_outputs;
  ports_alloc (dest, n);
  if (src->weights != NULL)
    dest->weights = g_memdup2 (src->weights, sizeof (gdouble) * MAX (n, 1));
  for (guint i = 0; i < n; i++)
    dest->ids[i] = g_strdup (src->ids[i]);
  dest->owned = TRUE;
}

void
_schedula_ports_own (SchedulaPorts *ports)
{
  if (ports->owned || ports->ids == NULL)
    return;
  for (guint i = 0; i < ports->n_inputs + ports->n_outputs; i++)
    ports->ids[i] = g_strdup (ports->ids[i]);
  ports->owned = TRUE;
}

gint
_schedula_ports_find (const SchedulaPorts *ports,
                      const char          *id,
                      gboolean             output)
{
  guint start = output ? ports->n_inputs : 0;
  guint end = output ? ports->n_inputs + ports->n_outputs : ports->n_inputs;

  for (guint i = start; i < end; i++)
    if (g_str_equal (ports->ids[i], id))
      return (gint) i;
  return -1;
}

gboolean
_schedula_ports_set_weight (SchedulaNode  *node,
                            SchedulaPorts *ports,
                            const char    *data_id,
                            gdouble        weight,
                            gboolean       output,
                            GError       **error)
{
  guint start = output ? ports->n_inputs : 0;
  guint end = output ? ports->n_inputs + ports->n_outputs : ports->n_inputs;
  gboolean found = FALSE;

  /* NaN marks an unset weight: refuse it rather than change its meaning */
  if (isnan (weight))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "the weight of %s %s of node %s is NaN", output ? "output" : "input",
                   data_id, _schedula_node_id (node));
      return FALSE;
    }
  for (guint i = start; i < end; i++)
    if (g_str_equal (ports->ids[i], data_id))
      {
        _schedula_ports_writable_weights (ports)[i] = weight;
        found = TRUE;
      }
  if (!found)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "node %s has no %s %s", _schedula_node_id (node),
                   output ? "output" : "input", data_id);
      return FALSE;
    }
  _schedula_node_changed (node);
  return TRUE;
}

static GPtrArray *
copy_filters (GPtrArray *filters)
{
  GPtrArray *copy;

  if (filters == NULL)
    return NULL;
  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < filters->len; i++)
    g_ptr_array_add (copy, g_object_ref (filters->pdata[i]));
  return copy;
}

/* A standalone copy of @self: same id, index and attributes; functions and
 * child dispatchers are shared, values are copied. */
SchedulaNode *
_schedula_node_copy (SchedulaNode *self)
{
  SchedulaNodePrivate *priv = _schedula_node_get_private (self);
  SchedulaNode *copy;

  if (SCHEDULA_IS_DATA_NODE (self))
    {
      SchedulaDataNode *src = SCHEDULA_DATA_NODE (self);
      SchedulaDataNode *dst = g_object_new (SCHEDULA_TYPE_DATA_NODE, "id", priv->id, NULL);

      if (src->x != NULL)
        {
          SchedulaDataExtra *x = _schedula_data_node_extra (dst);

          if (src->x->default_value != NULL)
            {
              x->default_value = g_new0 (GValue, 1);
              g_value_init (x->default_value, G_VALUE_TYPE (src->x->default_value));
              g_value_copy (src->x->default_value, x->default_value);
            }
          x->initial_dist = src->x->initial_dist;
          g_set_object (&x->combiner, src->x->combiner);
          g_set_object (&x->callback, src->x->callback);
          x->filters = copy_filters (src->x->filters);
          x->value_type = src->x->value_type;
        }
      dst->wait_inputs = src->wait_inputs;
      dst->wildcard = src->wildcard;
      dst->wildcard_set = src->wildcard_set;
      dst->await_result = src->await_result;
      dst->self_default = src->self_default;
      copy = SCHEDULA_NODE (dst);
    }
  else if (SCHEDULA_IS_FUNCTION_NODE (self))
    {
      SchedulaFunctionNode *src = SCHEDULA_FUNCTION_NODE (self);
      SchedulaFunctionNode *dst = g_object_new (SCHEDULA_TYPE_FUNCTION_NODE, "id", priv->id, NULL);

      g_set_object (&dst->function, src->function);
      if (src->x != NULL)
        {
          g_set_object (&_schedula_function_node_extra (dst)->input_domain, src->x->input_domain);
          dst->x->filters = copy_filters (src->x->filters);
          dst->x->weight = src->x->weight;
        }
      _schedula_ports_copy (&dst->ports, &src->ports);
      dst->has_weight = src->has_weight;
      dst->await_domain = src->await_domain;
      dst->await_result = src->await_result;
      copy = SCHEDULA_NODE (dst);
    }
  else
    {
      SchedulaDispatcherNode *src = SCHEDULA_DISPATCHER_NODE (self);
      SchedulaDispatcherNode *dst = g_object_new (SCHEDULA_TYPE_DISPATCHER_NODE, "id", priv->id, NULL);

      dst->child = g_object_ref (src->child);
      dst->inputs = schedula_mapping_ref (src->inputs);
      dst->outputs = schedula_mapping_ref (src->outputs);
      g_set_object (&dst->input_domain, src->input_domain);
      _schedula_ports_copy (&dst->ports, &src->ports);
      dst->weight = src->weight;
      dst->has_weight = src->has_weight;
      dst->include_defaults = src->include_defaults;
      dst->await_domain = src->await_domain;
      copy = SCHEDULA_NODE (dst);
    }

  if (get_description (self) != NULL)
    g_object_set_qdata_full (G_OBJECT (copy), description_quark (),
                             g_strdup (get_description (self)), g_free);
  _schedula_node_common (copy)->index = _schedula_node_common (self)->index;
  return copy;
}
