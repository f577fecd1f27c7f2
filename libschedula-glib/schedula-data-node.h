/* schedula-data-node.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-node.h"
#include "schedula-function.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_DATA_NODE (schedula_data_node_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaDataNode, schedula_data_node, SCHEDULA, DATA_NODE, SchedulaNode)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDataNode       *schedula_data_node_new                (const char             *id) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const GValue           *schedula_data_node_get_default_value  (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_data_node_has_default_value (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_default_value  (SchedulaDataNode       *self,
                                                               const GValue           *value);
SCHEDULA_AVAILABLE_IN_ALL
const SchedulaDistance *schedula_data_node_get_initial_dist   (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_initial_dist   (SchedulaDataNode       *self,
                                                               const SchedulaDistance *dist);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_data_node_get_wait_inputs    (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_wait_inputs    (SchedulaDataNode       *self,
                                                               gboolean                wait_inputs);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_data_node_get_wildcard       (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_wildcard       (SchedulaDataNode       *self,
                                                               gboolean                wildcard);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction       *schedula_data_node_get_combiner       (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_combiner       (SchedulaDataNode       *self,
                                                               SchedulaFunction       *combiner);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction       *schedula_data_node_get_callback       (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_callback       (SchedulaDataNode       *self,
                                                               SchedulaFunction       *callback);
SCHEDULA_AVAILABLE_IN_ALL
GPtrArray              *schedula_data_node_get_filters        (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_add_filter         (SchedulaDataNode       *self,
                                                               SchedulaFunction       *filter);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_clear_filters      (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_data_node_get_await_result   (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_await_result   (SchedulaDataNode       *self,
                                                               gboolean                await_result);
SCHEDULA_AVAILABLE_IN_ALL
GType                   schedula_data_node_get_value_type     (SchedulaDataNode       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_data_node_set_value_type     (SchedulaDataNode       *self,
                                                               GType                   value_type);

G_END_DECLS
