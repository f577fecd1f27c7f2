/* schedula-dispatcher-node.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-node.h"
#include "schedula-function.h"
#include "schedula-mapping.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_DISPATCHER_NODE (schedula_dispatcher_node_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaDispatcherNode, schedula_dispatcher_node, SCHEDULA, DISPATCHER_NODE, SchedulaNode)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcherNode *schedula_dispatcher_node_new                  (const char             *id,
                                                                       SchedulaDispatcher     *child,
                                                                       SchedulaMapping        *inputs,
                                                                       SchedulaMapping        *outputs) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher     *schedula_dispatcher_node_get_child            (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaMapping        *schedula_dispatcher_node_get_inputs           (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaMapping        *schedula_dispatcher_node_get_outputs          (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction       *schedula_dispatcher_node_get_input_domain     (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_node_set_input_domain     (SchedulaDispatcherNode *self,
                                                                       SchedulaFunction       *domain);
SCHEDULA_AVAILABLE_IN_ALL
gdouble                 schedula_dispatcher_node_get_weight           (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_node_set_weight           (SchedulaDispatcherNode *self,
                                                                       gdouble                 weight);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_node_set_input_weight     (SchedulaDispatcherNode *self,
                                                                       const char             *data_id,
                                                                       gdouble                 weight,
                                                                       GError                **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_node_get_include_defaults (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_node_set_include_defaults (SchedulaDispatcherNode *self,
                                                                       gboolean                include_defaults);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_node_get_await_domain     (SchedulaDispatcherNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_node_set_await_domain     (SchedulaDispatcherNode *self,
                                                                       gboolean                await_domain);

G_END_DECLS
