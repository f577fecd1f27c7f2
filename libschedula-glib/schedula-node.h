/* schedula-node.h: the base class of the nodes of a dispatcher
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-types.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_NODE (schedula_node_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SchedulaNode, schedula_node, SCHEDULA, NODE, GObject)

/**
 * SchedulaNodeClass:
 * @parent_class: the parent class
 *
 * The abstract class of the nodes of a [class@Dispatcher]. The node types
 * are [class@DataNode], [class@FunctionNode] and [class@DispatcherNode].
 */
struct _SchedulaNodeClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer _reserved[8];
};

SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_node_get_id          (SchedulaNode *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaNodeKind    schedula_node_get_kind        (SchedulaNode *self);
SCHEDULA_AVAILABLE_IN_ALL
gint                schedula_node_get_index       (SchedulaNode *self);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_node_get_description (SchedulaNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_node_set_description (SchedulaNode *self,
                                                   const char   *description);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_node_get_dispatcher  (SchedulaNode *self);

G_END_DECLS
