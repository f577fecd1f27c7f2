/* schedula-node-private.h: the fields of the node types
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <math.h>

#include "schedula-node.h"
#include "schedula-data-node.h"
#include "schedula-function-node.h"
#include "schedula-dispatcher-node.h"

G_BEGIN_DECLS

/* Kept small: a model has one per node. GObject rounds a type's private
 * data up to 16 bytes, so that 24 bytes here cost every node 32; the
 * node's index and position are in SCHEDULA_NODE_COMMON instead. The
 * description, which few nodes have, is object data. */
typedef struct
{
  const char         *id;            /* owned when id_owned, else in the dispatcher's string chunk */
  SchedulaDispatcher *dispatcher;    /* not owned; cleared when the node leaves it */
} SchedulaNodePrivate;

/* The first fields of each of the three node types, 8 bytes where a data
 * node had padding (a function node's weight went to its extra attributes
 * to make room) */
#define SCHEDULA_NODE_COMMON \
  gint32   index;          /* the dispatcher's counter when it was added; -1 before */ \
  guint32  position : 31;  /* position in the dispatcher's node list */ \
  guint32  id_owned : 1    /* the id is its own, not in the dispatcher's chunk */

typedef struct
{
  SchedulaNode parent_instance;
  SCHEDULA_NODE_COMMON;
} SchedulaNodeCommon;

/* The data nodes a function or sub-dispatcher node reads (inputs) and
 * writes (outputs): the ends of its edges, and the weights of those edges. */
typedef struct
{
  const char  **ids;           /* n_inputs + n_outputs, then NULL */
  gdouble      *weights;       /* per id, NAN when the edge has no weight; NULL
                                * while no edge has one */
  guint         n_inputs;
  guint         n_outputs : 31;
  guint         owned : 1;     /* ids are owned (not in a dispatcher's chunk) */
} SchedulaPorts;

static inline gdouble
_schedula_ports_weight (const SchedulaPorts *ports,
                        guint                k)
{
  return ports->weights != NULL ? ports->weights[k] : NAN;
}

/* The attributes of a data node that most nodes do not have */
typedef struct
{
  GValue            *default_value;
  SchedulaDistance   initial_dist;
  SchedulaFunction  *combiner;
  SchedulaFunction  *callback;
  GPtrArray         *filters;
  GType              value_type;
} SchedulaDataExtra;

struct _SchedulaDataNode
{
  SchedulaNode       parent_instance;
  SCHEDULA_NODE_COMMON;

  SchedulaDataExtra *x;              /* NULL until one of its attributes is set */
  guint              wait_inputs : 1;
  guint              wildcard : 1;
  guint              wildcard_set : 1;
  guint              await_result : 1;
  guint              self_default : 1;
};

typedef struct
{
  SchedulaFunction  *input_domain;
  GPtrArray         *filters;
  gdouble            weight;         /* when the node's has_weight */
} SchedulaFunctionExtra;

struct _SchedulaFunctionNode
{
  SchedulaNode           parent_instance;
  SCHEDULA_NODE_COMMON;

  SchedulaFunction      *function;
  SchedulaFunctionExtra *x;          /* NULL until a domain, a filter or a weight is set */
  SchedulaPorts          ports;
  guint                  has_weight : 1;
  guint                  await_domain : 1;
  guint                  await_result : 1;
};

struct _SchedulaDispatcherNode
{
  SchedulaNode        parent_instance;
  SCHEDULA_NODE_COMMON;

  SchedulaDispatcher *child;
  SchedulaMapping    *inputs;
  SchedulaMapping    *outputs;
  SchedulaFunction   *input_domain;
  SchedulaPorts       ports;
  gdouble             weight;
  guint               has_weight : 1;
  guint               include_defaults : 1;
  guint               await_domain : 1;
};

extern const SchedulaDataExtra     _schedula_data_extra_none;
extern const SchedulaFunctionExtra _schedula_function_extra_none;

static inline const SchedulaDataExtra *
_schedula_data_x (SchedulaDataNode *node)
{
  return node->x != NULL ? node->x : &_schedula_data_extra_none;
}

static inline const SchedulaFunctionExtra *
_schedula_function_x (SchedulaFunctionNode *node)
{
  return node->x != NULL ? node->x : &_schedula_function_extra_none;
}

SchedulaDataExtra     *_schedula_data_node_extra     (SchedulaDataNode     *node);
SchedulaFunctionExtra *_schedula_function_node_extra (SchedulaFunctionNode *node);

SchedulaNodePrivate *_schedula_node_get_private   (SchedulaNode        *self);
gboolean             _schedula_node_is_builtin    (SchedulaNode        *self);
void                 _schedula_node_changed       (SchedulaNode        *self);
void                 _schedula_node_attach        (SchedulaNode        *self,
                                                   SchedulaDispatcher  *dispatcher,
                                                   const char          *interned_id,
                                                   gint                 index);
void                 _schedula_node_detach        (SchedulaNode        *self);
SchedulaPorts       *_schedula_node_get_ports     (SchedulaNode        *self);
gboolean             _schedula_node_get_weight    (SchedulaNode        *self,
                                                   gdouble             *weight);
void                 _schedula_ports_init         (SchedulaPorts       *ports,
                                                   const char *const   *inputs,
                                                   const char *const   *outputs);
void                 _schedula_ports_clear        (SchedulaPorts       *ports);
void                 _schedula_ports_copy         (SchedulaPorts       *dest,
                                                   const SchedulaPorts *src);
void                 _schedula_ports_own          (SchedulaPorts       *ports);
gdouble             *_schedula_ports_writable_weights (SchedulaPorts     *ports);
gint                 _schedula_ports_find         (const SchedulaPorts *ports,
                                                   const char          *id,
                                                   gboolean             output);
gboolean             _schedula_ports_set_weight   (SchedulaNode        *node,
                                                   SchedulaPorts       *ports,
                                                   const char          *data_id,
                                                   gdouble              weight,
                                                   gboolean             output,
                                                   GError             **error);
SchedulaNode        *_schedula_node_copy          (SchedulaNode        *self);

static inline const char *
_schedula_node_id (SchedulaNode *self)
{
  return _schedula_node_get_private (self)->id;
}

/* The common fields of a data, function or sub-dispatcher node (the only
 * kinds a dispatcher takes; see _schedula_node_is_builtin ()) */
static inline SchedulaNodeCommon *
_schedula_node_common (SchedulaNode *self)
{
  return (SchedulaNodeCommon *) self;
}

G_END_DECLS
