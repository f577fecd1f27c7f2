/* schedula-progress.h: what a dispatch is doing, for user interfaces
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-types.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_NODE_STATE (schedula_node_state_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaNodeState, schedula_node_state, SCHEDULA, NODE_STATE, GObject)

SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_node_state_get_path     (SchedulaNodeState *self);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_node_state_get_node_id  (SchedulaNodeState *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaNodeStatus  schedula_node_state_get_status   (SchedulaNodeState *self);
SCHEDULA_AVAILABLE_IN_ALL
const GError       *schedula_node_state_get_error    (SchedulaNodeState *self);
SCHEDULA_AVAILABLE_IN_ALL
gdouble             schedula_node_state_get_duration (SchedulaNodeState *self);

#define SCHEDULA_TYPE_PROGRESS (schedula_progress_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaProgress, schedula_progress, SCHEDULA, PROGRESS, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaProgress   *schedula_progress_new            (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
GMainContext       *schedula_progress_get_context    (SchedulaProgress  *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaNodeState  *schedula_progress_lookup         (SchedulaProgress  *self,
                                                      const char        *path);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_progress_get_n_queued   (SchedulaProgress  *self);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_progress_get_n_running  (SchedulaProgress  *self);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_progress_get_n_done     (SchedulaProgress  *self);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_progress_get_n_failed   (SchedulaProgress  *self);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_progress_get_n_skipped  (SchedulaProgress  *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_progress_get_dispatching (SchedulaProgress *self);

G_END_DECLS
