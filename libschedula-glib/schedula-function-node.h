/* schedula-function-node.h
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

#define SCHEDULA_TYPE_FUNCTION_NODE (schedula_function_node_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaFunctionNode, schedula_function_node, SCHEDULA, FUNCTION_NODE, SchedulaNode)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunctionNode *schedula_function_node_new               (const char           *id,
                                                                SchedulaFunction     *function,
                                                                const char *const    *inputs,
                                                                const char *const    *outputs) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction     *schedula_function_node_get_function      (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_set_function      (SchedulaFunctionNode *self,
                                                                SchedulaFunction     *function);
SCHEDULA_AVAILABLE_IN_ALL
char                **schedula_function_node_dup_inputs        (SchedulaFunctionNode *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char                **schedula_function_node_dup_outputs       (SchedulaFunctionNode *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
guint                 schedula_function_node_get_n_inputs      (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
const char           *schedula_function_node_get_input         (SchedulaFunctionNode *self,
                                                                guint                 position);
SCHEDULA_AVAILABLE_IN_ALL
guint                 schedula_function_node_get_n_outputs     (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
const char           *schedula_function_node_get_output        (SchedulaFunctionNode *self,
                                                                guint                 position);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction     *schedula_function_node_get_input_domain  (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_set_input_domain  (SchedulaFunctionNode *self,
                                                                SchedulaFunction     *domain);
SCHEDULA_AVAILABLE_IN_ALL
gdouble               schedula_function_node_get_weight        (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_set_weight        (SchedulaFunctionNode *self,
                                                                gdouble               weight);
SCHEDULA_AVAILABLE_IN_ALL
gboolean              schedula_function_node_set_input_weight  (SchedulaFunctionNode *self,
                                                                const char           *data_id,
                                                                gdouble               weight,
                                                                GError              **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean              schedula_function_node_set_output_weight (SchedulaFunctionNode *self,
                                                                const char           *data_id,
                                                                gdouble               weight,
                                                                GError              **error);
SCHEDULA_AVAILABLE_IN_ALL
GPtrArray            *schedula_function_node_get_filters       (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_add_filter        (SchedulaFunctionNode *self,
                                                                SchedulaFunction     *filter);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_clear_filters     (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean              schedula_function_node_get_await_domain  (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_set_await_domain  (SchedulaFunctionNode *self,
                                                                gboolean              await_domain);
SCHEDULA_AVAILABLE_IN_ALL
gboolean              schedula_function_node_get_await_result  (SchedulaFunctionNode *self);
SCHEDULA_AVAILABLE_IN_ALL
void                  schedula_function_node_set_await_result  (SchedulaFunctionNode *self,
                                                                gboolean              await_result);

G_END_DECLS
