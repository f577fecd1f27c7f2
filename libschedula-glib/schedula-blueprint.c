/* schedula-blueprint.c: recorded model operations, replayed into new
 * dispatchers (schedula's Blueprint and BlueDispatcher)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-blueprint.h"
#include "schedula-dispatcher-private.h"
#include "schedula-private.h"

/**
 * SchedulaBlueprint:
 *
 * A model recorded, not built: schedula's `BlueDispatcher`. The methods
 * that mirror those of [class@Dispatcher] ([method@Blueprint.add_data],
 * [method@Blueprint.add_function], [method@Blueprint.add_dispatcher], …)
 * record the operation; [method@Blueprint.register] makes a new
 * [class@Dispatcher] and replays the operations on it, in order. One
 * blueprint gives any number of independent dispatchers.
 *
 * What an operation is given is copied when it is recorded (ids, values,
 * mappings, nodes), so changing it afterwards changes no blueprint;
 * functions are shared, as [method@Dispatcher.copy] shares them. Recording
 * never fails: the errors the dispatcher would give come from
 * [method@Blueprint.register], which names the operation (its position,
 * from 0, its kind and its node id) before the dispatcher's message.
 *
 * A child blueprint ([method@Blueprint.add_blueprint]) is registered, to a
 * dispatcher of its own, when its parent is; within one call of
 * [method@Blueprint.register], a child recorded twice (in one blueprint or
 * in several) is registered once, and its sub-dispatcher nodes share that
 * dispatcher, as schedula's `memo` does. A child [class@Dispatcher]
 * ([method@Blueprint.add_dispatcher], or one inside the nodes that
 * [method@Blueprint.add_node] and [method@Blueprint.extend_dispatcher]
 * record) is copied with [method@Dispatcher.copy] once per register call,
 * so that the dispatchers of two calls share nothing but functions (schedula
 * would use the child itself).
 *
 * Registering is iterative: children nested any number of levels deep cost
 * no C stack. A blueprint that contains itself, directly or through its
 * children, fails to register with %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT.
 * It also holds a reference to itself: g_object_run_dispose() on it drops
 * its operations and breaks the cycle.
 *
 * Recording into a blueprint (and setting its properties) is not
 * thread-safe, as changing a dispatcher is not; but any number of threads
 * may register a blueprint that nobody records into at the time (nor into
 * its child blueprints, nor changes the child dispatchers it holds).
 *
 * |[<!-- language="C" -->
 * // One blueprint, two dispatchers: speed = distance / time, time = 2 by default.
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
 *   g_autoptr(SchedulaBlueprint) blue = schedula_blueprint_new ("trip");
 *   g_autoptr(SchedulaDispatcher) first = NULL;
 *   g_autoptr(SchedulaDispatcher) second = NULL;
 *   g_autoptr(SchedulaSolution) sol1 = NULL;
 *   g_autoptr(SchedulaSolution) sol2 = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) two = G_VALUE_INIT;
 *
 *   g_value_set_double (g_value_init (&two, G_TYPE_DOUBLE), 2.0);
 *   schedula_blueprint_add_data (blue, "time", &two);
 *   schedula_blueprint_add_function_full (blue, "divide", divide, NULL, NULL,
 *                                         SCHEDULA_IDS ("distance", "time"),
 *                                         SCHEDULA_IDS ("speed"));
 *
 *   first = schedula_blueprint_register (blue, &error);
 *   g_assert_no_error (error);
 *   second = schedula_blueprint_register (blue, &error);
 *   g_assert_no_error (error);
 *   g_assert_true (first != second);
 *
 *   // a change to one dispatcher leaves the other as the blueprint made it
 *   g_value_set_double (&two, 4.0);
 *   schedula_dispatcher_set_default_value (first, "time", &two, NULL, &error);
 *   g_assert_no_error (error);
 *
 *   sol1 = schedula_dispatcher_dispatch_variant (first, g_variant_new_parsed ("{'distance': <120.0>}"),
 *                                                SCHEDULA_IDS ("speed"), NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   sol2 = schedula_dispatcher_dispatch_variant (second, g_variant_new_parsed ("{'distance': <120.0>}"),
 *                                                SCHEDULA_IDS ("speed"), NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpfloat (g_value_get_double (schedula_solution_lookup (sol1, "speed")), ==, 30.0);
 *   g_assert_cmpfloat (g_value_get_double (schedula_solution_lookup (sol2, "speed")), ==, 60.0);
 *   return 0;
 * }
 * ]|
 */

struct _SchedulaBlueprint
{
  GObject    parent_instance;

  char      *name;
  char      *description;
  GPtrArray *ops;         /* BlueOp*, shared with the blueprints that extend()ed this one */
};

G_DEFINE_FINAL_TYPE (SchedulaBlueprint, schedula_blueprint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_N_OPERATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Operations */

typedef enum
{
  OP_ADD_DATA,
  OP_ADD_NODE,
  OP_ADD_FUNCTION,
  OP_ADD_DISPATCHER,
  OP_ADD_BLUEPRINT,
  OP_SET_DEFAULT_VALUE,
} BlueOpKind;

static const char *const op_kind_names[] = {
  "add_data", "add_node", "add_function", "add_dispatcher", "add_blueprint", "set_default_value",
};

/* One recorded operation, immutable once recorded: several blueprints and
 * threads may read it at once. */
typedef struct
{
  BlueOpKind          kind;
  char               *id;           /* nullable */
  GValue             *value;        /* add_data, set_default_value; nullable */
  SchedulaDistance    dist;         /* set_default_value, when has_dist */
  gboolean            has_dist;
  SchedulaNode       *node;         /* add_node: a standalone copy */
  SchedulaFunction   *function;     /* add_function; nullable */
  char              **inputs;       /* add_function; nullable */
  char              **outputs;      /* add_function; nullable */
  SchedulaMapping    *in_map;       /* add_dispatcher, add_blueprint; nullable, frozen */
  SchedulaMapping    *out_map;
  SchedulaDispatcher *child_dsp;    /* add_dispatcher */
  SchedulaBlueprint  *child_bp;     /* add_blueprint */
} BlueOp;

/* Objects released by a thread while it releases others: a blueprint may
 * hold the last reference to a child blueprint, which holds the last one
 * to its child, and so on, any number of levels deep. Releasing them one
 * after the other from a queue, rather than each from the finalization of
 * its parent, keeps the C stack flat. */
static GPrivate release_queue;

static void
release_deferred (gpointer object)
{
  GPtrArray *queue = g_private_get (&release_queue);

  if (queue != NULL)
    {
      g_ptr_array_add (queue, object);
      return;
    }
  queue = g_ptr_array_new ();
  g_private_set (&release_queue, queue);
  g_ptr_array_add (queue, object);
  while (queue->len > 0)
    g_object_unref (g_ptr_array_steal_index_fast (queue, queue->len - 1));
  g_private_set (&release_queue, NULL);
  g_ptr_array_unref (queue);
}

static void
blue_op_clear (gpointer data)
{
  BlueOp *op = data;

  g_free (op->id);
  if (op->value != NULL)
    {
      g_value_unset (op->value);
      g_free (op->value);
    }
  g_clear_object (&op->node);
  g_clear_object (&op->function);
  g_strfreev (op->inputs);
  g_strfreev (op->outputs);
  g_clear_pointer (&op->in_map, schedula_mapping_unref);
  g_clear_pointer (&op->out_map, schedula_mapping_unref);
  g_clear_object (&op->child_dsp);
  if (op->child_bp != NULL)
    release_deferred (g_steal_pointer (&op->child_bp));
}

static void
blue_op_release (gpointer data)
{
  g_rc_box_release_full (data, blue_op_clear);
}

static BlueOp *
blue_op_new (BlueOpKind  kind,
             const char *id)
{
  BlueOp *op = g_rc_box_new0 (BlueOp);

  op->kind = kind;
  op->id = g_strdup (id);
  return op;
}

static GValue *
value_dup (const GValue *value)
{
  GValue *copy;

  if (value == NULL || !G_IS_VALUE (value))
    return NULL;
  copy = g_new0 (GValue, 1);
  g_value_init (copy, G_VALUE_TYPE (value));
  g_value_copy (value, copy);
  return copy;
}

/* A frozen copy of @mapping, or %NULL */
static SchedulaMapping *
mapping_dup (SchedulaMapping *mapping)
{
  SchedulaMapping *copy;

  if (mapping == NULL)
    return NULL;
  copy = schedula_mapping_new ();
  for (guint i = 0; i < schedula_mapping_get_n_keys (mapping); i++)
    {
      const char *key = schedula_mapping_get_key (mapping, i);
      const char *const *values = schedula_mapping_get_values (mapping, i);

      for (guint j = 0; values[j] != NULL; j++)
        schedula_mapping_add (copy, key, values[j]);
    }
  _schedula_mapping_freeze (copy);
  return copy;
}

/* add_dispatcher, add_blueprint: the op with copies of the mappings */
static BlueOp *
blue_op_new_child (BlueOpKind       kind,
                   const char      *id,
                   SchedulaMapping *inputs,
                   SchedulaMapping *outputs)
{
  BlueOp *op = blue_op_new (kind, id);

  op->in_map = mapping_dup (inputs);
  op->out_map = mapping_dup (outputs);
  return op;
}

static void
record (SchedulaBlueprint *self,
        BlueOp            *op)
{
  g_ptr_array_add (self->ops, op);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPERATIONS]);
}

/* GObject */

static void
schedula_blueprint_dispose (GObject *object)
{
  SchedulaBlueprint *self = SCHEDULA_BLUEPRINT (object);

  /* child blueprints go to the release queue (blue_op_clear) */
  if (self->ops != NULL && self->ops->len > 0)
    {
      g_ptr_array_set_size (self->ops, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPERATIONS]);
    }

  G_OBJECT_CLASS (schedula_blueprint_parent_class)->dispose (object);
}

static void
schedula_blueprint_finalize (GObject *object)
{
  SchedulaBlueprint *self = SCHEDULA_BLUEPRINT (object);

  g_ptr_array_unref (self->ops);
  g_free (self->name);
  g_free (self->description);

  G_OBJECT_CLASS (schedula_blueprint_parent_class)->finalize (object);
}

static void
schedula_blueprint_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SchedulaBlueprint *self = SCHEDULA_BLUEPRINT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_N_OPERATIONS:
      g_value_set_uint (value, self->ops->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_blueprint_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SchedulaBlueprint *self = SCHEDULA_BLUEPRINT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      schedula_blueprint_set_name (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      schedula_blueprint_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_blueprint_class_init (SchedulaBlueprintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schedula_blueprint_dispose;
  object_class->finalize = schedula_blueprint_finalize;
  object_class->get_property = schedula_blueprint_get_property;
  object_class->set_property = schedula_blueprint_set_property;

  /**
   * SchedulaBlueprint:name:
   *
   * The name of the dispatchers that [method@Blueprint.register] makes:
   * the default id of a sub-dispatcher node made from the blueprint.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaBlueprint:description:
   *
   * The description of the dispatchers that [method@Blueprint.register]
   * makes.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaBlueprint:n-operations:
   *
   * The number of operations recorded.
   */
  properties[PROP_N_OPERATIONS] =
    g_param_spec_uint ("n-operations", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_blueprint_init (SchedulaBlueprint *self)
{
  self->name = g_strdup ("");
  self->ops = g_ptr_array_new_with_free_func (blue_op_release);
}

/**
 * schedula_blueprint_new:
 * @name: (nullable): the name of the dispatchers it will make
 *
 * Creates an empty blueprint.
 *
 * Returns: (transfer full): a new #SchedulaBlueprint
 */
SchedulaBlueprint *
schedula_blueprint_new (const char *name)
{
  return g_object_new (SCHEDULA_TYPE_BLUEPRINT, "name", name ? name : "", NULL);
}

/**
 * schedula_blueprint_get_name:
 * @self: a #SchedulaBlueprint
 *
 * Gets the name of the dispatchers it makes.
 *
 * Returns: the name, `""` when it has none
 */
const char *
schedula_blueprint_get_name (SchedulaBlueprint *self)
{
  g_return_val_if_fail (SCHEDULA_IS_BLUEPRINT (self), NULL);

  return self->name;
}

/**
 * schedula_blueprint_set_name:
 * @self: a #SchedulaBlueprint
 * @name: (nullable): the name, %NULL for none
 *
 * Sets the name of the dispatchers it makes.
 */
void
schedula_blueprint_set_name (SchedulaBlueprint *self,
                             const char        *name)
{
  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * schedula_blueprint_get_description:
 * @self: a #SchedulaBlueprint
 *
 * Gets the description of the dispatchers it makes.
 *
 * Returns: (nullable): the description
 */
const char *
schedula_blueprint_get_description (SchedulaBlueprint *self)
{
  g_return_val_if_fail (SCHEDULA_IS_BLUEPRINT (self), NULL);

  return self->description;
}

/**
 * schedula_blueprint_set_description:
 * @self: a #SchedulaBlueprint
 * @description: (nullable): the description
 *
 * Sets the description of the dispatchers it makes.
 */
void
schedula_blueprint_set_description (SchedulaBlueprint *self,
                                    const char        *description)
{
  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * schedula_blueprint_get_n_operations:
 * @self: a #SchedulaBlueprint
 *
 * Gets the number of operations recorded; the errors of
 * [method@Blueprint.register] name an operation by its position below it.
 *
 * Returns: the number of operations
 */
guint
schedula_blueprint_get_n_operations (SchedulaBlueprint *self)
{
  g_return_val_if_fail (SCHEDULA_IS_BLUEPRINT (self), 0);

  return self->ops->len;
}

/* Recording */

/**
 * schedula_blueprint_add_data:
 * @self: a #SchedulaBlueprint
 * @id: (nullable): the id, or %NULL for an automatic one
 * @default_value: (nullable): the default value, copied; %NULL for none
 *
 * Records [method@Dispatcher.add_data].
 */
void
schedula_blueprint_add_data (SchedulaBlueprint *self,
                             const char        *id,
                             const GValue      *default_value)
{
  BlueOp *op;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));

  op = blue_op_new (OP_ADD_DATA, id);
  op->value = value_dup (default_value);
  record (self, op);
}

/**
 * schedula_blueprint_add_node:
 * @self: a #SchedulaBlueprint
 * @node: a node
 *
 * Records [method@Dispatcher.add_node] of a copy of @node, made now: each
 * dispatcher the blueprint makes gets a copy of its own (a node belongs to
 * one dispatcher), with the attributes @node has at this call. @node may
 * belong to a dispatcher, or be added to one later. The functions of the
 * node are shared; the child of a sub-dispatcher node is copied when the
 * blueprint is registered.
 */
void
schedula_blueprint_add_node (SchedulaBlueprint *self,
                             SchedulaNode      *node)
{
  BlueOp *op;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (SCHEDULA_IS_NODE (node));

  op = blue_op_new (OP_ADD_NODE, schedula_node_get_id (node));
  op->node = _schedula_node_copy (node);
  record (self, op);
}

/**
 * schedula_blueprint_add_function:
 * @self: a #SchedulaBlueprint
 * @id: (nullable): the id, or %NULL for the name of @function
 * @function: (nullable): the function, shared by the dispatchers made
 * @inputs: (nullable) (array zero-terminated=1): the input ids, in argument
 *   order; %NULL means no input
 * @outputs: (nullable) (array zero-terminated=1): the output ids, in result
 *   order; %NULL sends the results to %SCHEDULA_SINK
 *
 * Records [method@Dispatcher.add_function].
 */
void
schedula_blueprint_add_function (SchedulaBlueprint *self,
                                 const char        *id,
                                 SchedulaFunction  *function,
                                 const char *const *inputs,
                                 const char *const *outputs)
{
  BlueOp *op;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (function == NULL || SCHEDULA_IS_FUNCTION (function));

  op = blue_op_new (OP_ADD_FUNCTION, id);
  op->function = function ? g_object_ref (function) : NULL;
  op->inputs = g_strdupv ((char **) inputs);
  op->outputs = g_strdupv ((char **) outputs);
  record (self, op);
}

/**
 * schedula_blueprint_add_function_full:
 * @self: a #SchedulaBlueprint
 * @id: the id of the node, and the name of its function
 * @func: (scope notified) (closure user_data) (destroy destroy): the callable
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is finalized
 * @inputs: (nullable) (array zero-terminated=1): the input ids, in argument
 *   order
 * @outputs: (nullable) (array zero-terminated=1): the output ids, in result
 *   order
 *
 * Records [method@Dispatcher.add_function] of the function that
 * [ctor@Function.new] makes of @func, now: the dispatchers made share it.
 */
void
schedula_blueprint_add_function_full (SchedulaBlueprint *self,
                                      const char        *id,
                                      SchedulaFunc       func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy,
                                      const char *const *inputs,
                                      const char *const *outputs)
{
  g_autoptr(SchedulaFunction) function = NULL;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (func != NULL);

  function = schedula_function_new (id, func, user_data, destroy);
  schedula_blueprint_add_function (self, id, function, inputs, outputs);
}

/**
 * schedula_blueprint_add_dispatcher:
 * @self: a #SchedulaBlueprint
 * @id: (nullable): the id, or %NULL for the name of @child
 * @child: the child dispatcher
 * @inputs: (nullable): the mapping of parent ids to child ids, copied;
 *   %NULL maps every data node of @child (but the special ones) to the
 *   same id
 * @outputs: (nullable): the mapping of child ids to parent ids, copied;
 *   %NULL maps every data node of @child (but the special ones) to the
 *   same id
 *
 * Records [method@Dispatcher.add_dispatcher]. Each register call gives the
 * node a copy of @child ([method@Dispatcher.copy]) as it is then, made once
 * per call however many times @child is recorded.
 */
void
schedula_blueprint_add_dispatcher (SchedulaBlueprint  *self,
                                   const char         *id,
                                   SchedulaDispatcher *child,
                                   SchedulaMapping    *inputs,
                                   SchedulaMapping    *outputs)
{
  BlueOp *op;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (child));

  op = blue_op_new_child (OP_ADD_DISPATCHER, id, inputs, outputs);
  op->child_dsp = g_object_ref (child);
  record (self, op);
}

/**
 * schedula_blueprint_add_blueprint:
 * @self: a #SchedulaBlueprint
 * @id: (nullable): the id, or %NULL for the name of @child
 * @child: the child blueprint
 * @inputs: (nullable): the mapping of parent ids to child ids, copied;
 *   %NULL maps every data node of the child (but the special ones) to the
 *   same id
 * @outputs: (nullable): the mapping of child ids to parent ids, copied;
 *   %NULL maps every data node of the child (but the special ones) to the
 *   same id
 *
 * Records [method@Dispatcher.add_dispatcher] of the dispatcher that @child
 * registers to: schedula's `add_dispatcher` given a blueprint. @child is
 * registered when @self is, once per register call; operations recorded
 * into @child later are part of it then.
 */
void
schedula_blueprint_add_blueprint (SchedulaBlueprint *self,
                                  const char        *id,
                                  SchedulaBlueprint *child,
                                  SchedulaMapping   *inputs,
                                  SchedulaMapping   *outputs)
{
  BlueOp *op;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (child));

  op = blue_op_new_child (OP_ADD_BLUEPRINT, id, inputs, outputs);
  op->child_bp = g_object_ref (child);
  record (self, op);
}

/**
 * schedula_blueprint_set_default_value:
 * @self: a #SchedulaBlueprint
 * @id: the id of a data node
 * @value: (nullable): the default value, copied; %NULL removes the default
 * @initial_dist: (nullable): the distance of the default; %NULL means 0
 *
 * Records [method@Dispatcher.set_default_value].
 */
void
schedula_blueprint_set_default_value (SchedulaBlueprint      *self,
                                      const char             *id,
                                      const GValue           *value,
                                      const SchedulaDistance *initial_dist)
{
  BlueOp *op;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (id != NULL);

  op = blue_op_new (OP_SET_DEFAULT_VALUE, id);
  op->value = value_dup (value);
  if (initial_dist != NULL)
    {
      op->dist = *initial_dist;
      op->has_dist = TRUE;
    }
  record (self, op);
}

/**
 * schedula_blueprint_extend:
 * @self: a #SchedulaBlueprint
 * @other: another blueprint, or @self
 *
 * Appends the operations recorded in @other so far to those of @self, as
 * schedula's `extend`. Its child blueprints are the same objects: within
 * one register call, each is registered once.
 */
void
schedula_blueprint_extend (SchedulaBlueprint *self,
                           SchedulaBlueprint *other)
{
  guint n;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (other));

  n = other->ops->len;   /* other may be self */
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->ops, g_rc_box_acquire (g_ptr_array_index (other->ops, i)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPERATIONS]);
}

static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  gint ia = schedula_node_get_index (*(SchedulaNode **) a);
  gint ib = schedula_node_get_index (*(SchedulaNode **) b);

  return (ia > ib) - (ia < ib);
}

/**
 * schedula_blueprint_extend_dispatcher:
 * @self: a #SchedulaBlueprint
 * @dispatcher: a dispatcher
 *
 * Appends one [method@Blueprint.add_node] for each node of @dispatcher, in
 * the order of their indexes, as schedula's `extend` given a dispatcher.
 * Replayed, they rebuild its edges from the inputs and outputs of its
 * function and sub-dispatcher nodes (an edge that @dispatcher lost with a
 * removed node comes back with the data node); a copy of each child
 * dispatcher is made at register time.
 */
void
schedula_blueprint_extend_dispatcher (SchedulaBlueprint  *self,
                                      SchedulaDispatcher *dispatcher)
{
  g_autoptr(GPtrArray) nodes = NULL;

  g_return_if_fail (SCHEDULA_IS_BLUEPRINT (self));
  g_return_if_fail (SCHEDULA_IS_DISPATCHER (dispatcher));

  nodes = g_ptr_array_sized_new (dispatcher->nodes->len);
  for (guint i = 0; i < dispatcher->nodes->len; i++)
    g_ptr_array_add (nodes, g_ptr_array_index (dispatcher->nodes, i));
  g_ptr_array_sort (nodes, compare_index);
  for (guint i = 0; i < nodes->len; i++)
    {
      SchedulaNode *node = g_ptr_array_index (nodes, i);
      BlueOp *op = blue_op_new (OP_ADD_NODE, _schedula_node_id (node));

      op->node = _schedula_node_copy (node);
      g_ptr_array_add (self->ops, op);
    }
  if (nodes->len > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPERATIONS]);
}

/* Registering */

/* A blueprint being replayed onto its dispatcher: the stack of a register
 * call holds one per level of child blueprints being registered. */
typedef struct
{
  SchedulaBlueprint  *blueprint;
  SchedulaDispatcher *dispatcher;
  guint               next_op;
} Frame;

typedef struct
{
  GArray     *stack;       /* Frame */
  GHashTable *memo;        /* SchedulaBlueprint* -> SchedulaDispatcher*, registered */
  GHashTable *in_progress; /* SchedulaBlueprint*, those on the stack */
  GHashTable *copies;      /* SchedulaDispatcher* -> its copy */
  GPtrArray  *made;        /* the dispatchers made, parents before children */
} Register;

static void
register_clear (Register *reg)
{
  g_array_unref (reg->stack);
  g_hash_table_unref (reg->memo);
  g_hash_table_unref (reg->in_progress);
  g_hash_table_unref (reg->copies);
  /* parents first: a child still held here is not released from the
   * finalization of its parent, whatever the depth */
  for (guint i = 0; i < reg->made->len; i++)
    g_object_unref (g_ptr_array_index (reg->made, i));
  g_ptr_array_unref (reg->made);
}

static void
describe_blueprint (GString           *s,
                    SchedulaBlueprint *bp)
{
  if (bp->name[0] != '\0')
    g_string_append_printf (s, "blueprint '%s'", bp->name);
  else
    g_string_append (s, "blueprint (unnamed)");
}

static void
describe_frame (GString     *s,
                const Frame *frame)
{
  const BlueOp *op = g_ptr_array_index (frame->blueprint->ops, frame->next_op);

  describe_blueprint (s, frame->blueprint);
  g_string_append_printf (s, ", operation %u (%s", frame->next_op, op_kind_names[op->kind]);
  if (op->id != NULL)
    g_string_append_printf (s, " '%s'", op->id);
  g_string_append (s, "): ");
}

/* The error of the operation on top of the stack: the path of blueprints
 * and operations down to it, then @message. A path of more than 8 levels
 * shows the first 4 and the last 4. */
static void
register_error (Register    *reg,
                GError     **error,
                GQuark       domain,
                gint         code,
                const char  *message)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = reg->stack->len;

  for (guint i = 0; i < n; i++)
    {
      if (n > 8 && i == 4)
        {
          g_string_append_printf (s, "... (%u levels) ...: ", n - 8);
          i = n - 4;
        }
      describe_frame (s, &g_array_index (reg->stack, Frame, i));
    }
  g_string_append (s, message);
  g_set_error_literal (error, domain, code, s->str);
}

static void
register_push (Register           *reg,
               SchedulaBlueprint  *bp,
               SchedulaDispatcher *dsp)
{
  Frame frame = { bp, dsp, 0 };

  g_array_append_val (reg->stack, frame);
  g_hash_table_add (reg->in_progress, bp);
  g_ptr_array_add (reg->made, dsp);
}

static SchedulaDispatcher *
new_dispatcher (SchedulaBlueprint *bp)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (bp->name);

  if (bp->description != NULL)
    schedula_dispatcher_set_description (dsp, bp->description);
  return dsp;
}

/* The copy of @child for this register call */
static SchedulaDispatcher *
child_copy (Register           *reg,
            SchedulaDispatcher *child)
{
  SchedulaDispatcher *copy = g_hash_table_lookup (reg->copies, child);

  if (copy == NULL)
    {
      copy = schedula_dispatcher_copy (child);
      g_hash_table_insert (reg->copies, child, copy);
      g_ptr_array_add (reg->made, copy);
    }
  return copy;
}

/* Applies @op, other than add_blueprint, to @dsp */
static gboolean
apply_op (Register           *reg,
          SchedulaDispatcher *dsp,
          const BlueOp       *op,
          GError            **error)
{
  switch (op->kind)
    {
    case OP_ADD_DATA:
      return schedula_dispatcher_add_data (dsp, op->id, op->value, error) != NULL;

    case OP_ADD_NODE:
      {
        g_autoptr(SchedulaNode) node = _schedula_node_copy (op->node);

        if (SCHEDULA_IS_DISPATCHER_NODE (node))
          {
            SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (node);
            SchedulaDispatcher *copy = child_copy (reg, d->child);

            g_object_unref (d->child);
            d->child = g_object_ref (copy);
          }
        return schedula_dispatcher_add_node (dsp, node, error);
      }

    case OP_ADD_FUNCTION:
      return schedula_dispatcher_add_function (dsp, op->id, op->function,
                                               (const char *const *) op->inputs,
                                               (const char *const *) op->outputs, error) != NULL;

    case OP_ADD_DISPATCHER:
      return schedula_dispatcher_add_dispatcher (dsp, op->id, child_copy (reg, op->child_dsp),
                                                 op->in_map, op->out_map, error) != NULL;

    case OP_SET_DEFAULT_VALUE:
      return schedula_dispatcher_set_default_value (dsp, op->id, op->value,
                                                    op->has_dist ? &op->dist : NULL, error);

    case OP_ADD_BLUEPRINT:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Replays @self onto @target: a post-order walk of the child blueprints
 * with an explicit stack. A frame whose next operation is add_blueprint of
 * a child not registered yet pushes the child's frame and comes back to
 * that operation once the child is done (in the memo). */
static gboolean
register_full (SchedulaBlueprint   *self,
               SchedulaDispatcher  *target,
               SchedulaDispatcher **owned_target,
               GError             **error)
{
  Register reg = {
    g_array_new (FALSE, FALSE, sizeof (Frame)),
    g_hash_table_new (NULL, NULL),
    g_hash_table_new (NULL, NULL),
    g_hash_table_new (NULL, NULL),
    g_ptr_array_new (),
  };
  gboolean ok = TRUE;

  register_push (&reg, self, g_object_ref (target));

  while (reg.stack->len > 0)
    {
      Frame *frame = &g_array_index (reg.stack, Frame, reg.stack->len - 1);
      const BlueOp *op;
      g_autoptr(GError) local_error = NULL;

      if (frame->next_op >= frame->blueprint->ops->len)
        {
          g_hash_table_remove (reg.in_progress, frame->blueprint);
          g_hash_table_insert (reg.memo, frame->blueprint, frame->dispatcher);
          g_array_set_size (reg.stack, reg.stack->len - 1);
          continue;
        }

      op = g_ptr_array_index (frame->blueprint->ops, frame->next_op);
      if (op->kind == OP_ADD_BLUEPRINT)
        {
          SchedulaDispatcher *child = g_hash_table_lookup (reg.memo, op->child_bp);

          if (child == NULL)
            {
              g_autoptr(GString) message = NULL;

              if (!g_hash_table_contains (reg.in_progress, op->child_bp))
                {
                  register_push (&reg, op->child_bp, new_dispatcher (op->child_bp));
                  continue;
                }
              message = g_string_new (NULL);
              describe_blueprint (message, op->child_bp);
              g_string_append (message, " contains itself");
              register_error (&reg, error, SCHEDULA_DISPATCH_ERROR,
                              SCHEDULA_DISPATCH_ERROR_INVALID_INPUT, message->str);
              ok = FALSE;
              break;
            }
          schedula_dispatcher_add_dispatcher (frame->dispatcher, op->id, child, op->in_map,
                                              op->out_map, &local_error);
        }
      else
        apply_op (&reg, frame->dispatcher, op, &local_error);

      if (local_error != NULL)
        {
          register_error (&reg, error, local_error->domain, local_error->code,
                          local_error->message);
          ok = FALSE;
          break;
        }
      frame->next_op++;
    }

  /* a failed register() drops its dispatcher before the children it
   * holds: see register_clear() */
  if (!ok && owned_target != NULL)
    g_clear_object (owned_target);
  register_clear (&reg);
  return ok;
}

/**
 * schedula_blueprint_register:
 * @self: a #SchedulaBlueprint
 * @error: return location for a #GError
 *
 * Makes a new dispatcher, with the name and description of @self, and
 * replays the operations of @self on it, in order: schedula's `register`.
 * Child blueprints are registered first, each once (see [class@Blueprint]).
 *
 * The first operation that fails stops it: the error has the domain and
 * code of the dispatcher's, and its message names the blueprint, the
 * position of the operation (from 0), its kind and its id, for each level
 * of child blueprints down to the failing one, then gives the dispatcher's
 * message: `blueprint 'bp', operation 3 (add_function 'f'): …`. A
 * blueprint that contains itself fails with
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT.
 *
 * Returns: (transfer full) (nullable): the new dispatcher, or %NULL with
 *   @error set
 */
SchedulaDispatcher *
schedula_blueprint_register (SchedulaBlueprint  *self,
                             GError            **error)
{
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  g_return_val_if_fail (SCHEDULA_IS_BLUEPRINT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dsp = new_dispatcher (self);
  if (!register_full (self, dsp, &dsp, error))
    return NULL;
  return g_steal_pointer (&dsp);
}

/**
 * schedula_blueprint_register_into:
 * @self: a #SchedulaBlueprint
 * @target: the dispatcher to replay the operations on
 * @error: return location for a #GError
 *
 * Replays the operations of @self on @target, an existing dispatcher,
 * as [method@Blueprint.register] does on a new one (schedula's
 * `register(obj)`). The name and description of @target are left as they
 * are. When an operation fails, those before it stay done.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_blueprint_register_into (SchedulaBlueprint   *self,
                                  SchedulaDispatcher  *target,
                                  GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_BLUEPRINT (self), FALSE);
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (target), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return register_full (self, target, NULL, error);
}
