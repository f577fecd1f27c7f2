/* schedula-workflow.h: what happened during a dispatch
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-types.h"
#include "schedula-node.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_WORKFLOW (schedula_workflow_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaWorkflow, schedula_workflow, SCHEDULA, WORKFLOW, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution  *schedula_workflow_get_solution      (SchedulaWorkflow  *self);
SCHEDULA_AVAILABLE_IN_ALL
guint              schedula_workflow_get_n_nodes       (SchedulaWorkflow  *self);
SCHEDULA_AVAILABLE_IN_ALL
const char        *schedula_workflow_get_node_id       (SchedulaWorkflow  *self,
                                                        guint              position);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaNode      *schedula_workflow_get_model_node    (SchedulaWorkflow  *self,
                                                        guint              position);
SCHEDULA_AVAILABLE_IN_ALL
gboolean           schedula_workflow_has_node          (SchedulaWorkflow  *self,
                                                        const char        *id);
SCHEDULA_AVAILABLE_IN_ALL
guint              schedula_workflow_get_n_edges       (SchedulaWorkflow  *self);
SCHEDULA_AVAILABLE_IN_ALL
void               schedula_workflow_get_edge          (SchedulaWorkflow  *self,
                                                        guint              position,
                                                        const char       **from,
                                                        const char       **to,
                                                        const GValue     **value);
SCHEDULA_AVAILABLE_IN_ALL
gboolean           schedula_workflow_get_edge_value    (SchedulaWorkflow  *self,
                                                        const char        *from,
                                                        const char        *to,
                                                        const GValue     **value);
SCHEDULA_AVAILABLE_IN_ALL
char             **schedula_workflow_dup_successors    (SchedulaWorkflow  *self,
                                                        const char        *id) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char             **schedula_workflow_dup_predecessors  (SchedulaWorkflow  *self,
                                                        const char        *id) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const GValue      *schedula_workflow_get_node_results  (SchedulaWorkflow  *self,
                                                        const char        *id,
                                                        guint             *n_results);
SCHEDULA_AVAILABLE_IN_ALL
gboolean           schedula_workflow_get_node_domain   (SchedulaWorkflow  *self,
                                                        const char        *id,
                                                        gboolean          *result);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution  *schedula_workflow_get_node_solution (SchedulaWorkflow  *self,
                                                        const char        *id);

G_END_DECLS
