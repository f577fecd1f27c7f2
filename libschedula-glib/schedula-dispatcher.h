/* schedula-dispatcher.h: the model
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-types.h"
#include "schedula-function.h"
#include "schedula-mapping.h"
#include "schedula-node.h"
#include "schedula-data-node.h"
#include "schedula-function-node.h"
#include "schedula-dispatcher-node.h"
#include "schedula-dispatch-options.h"
#include "schedula-solution.h"
#include "schedula-check.h"

G_BEGIN_DECLS

/**
 * SchedulaRaisesFunc:
 * @node_id: the id of the failing node
 * @error: the error of the node
 * @user_data: (closure): data given to [method@Dispatcher.set_raises_func]
 *
 * Decides, for one node failure, what the dispatcher does (schedula's
 * callable `raises`).
 *
 * Returns: the policy to apply to this failure
 */
typedef SchedulaRaises (*SchedulaRaisesFunc) (const char   *node_id,
                                              const GError *error,
                                              gpointer      user_data);

#define SCHEDULA_TYPE_DISPATCHER (schedula_dispatcher_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaDispatcher, schedula_dispatcher, SCHEDULA, DISPATCHER, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher     *schedula_dispatcher_new                  (const char                 *name) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const char             *schedula_dispatcher_get_name             (SchedulaDispatcher         *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_set_name             (SchedulaDispatcher         *self,
                                                                  const char                 *name);
SCHEDULA_AVAILABLE_IN_ALL
const char             *schedula_dispatcher_get_description      (SchedulaDispatcher         *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_set_description      (SchedulaDispatcher         *self,
                                                                  const char                 *description);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaRaises          schedula_dispatcher_get_raises           (SchedulaDispatcher         *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_set_raises           (SchedulaDispatcher         *self,
                                                                  SchedulaRaises              raises);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_set_raises_func      (SchedulaDispatcher         *self,
                                                                  SchedulaRaisesFunc          func,
                                                                  gpointer                    user_data,
                                                                  GDestroyNotify              destroy);
SCHEDULA_AVAILABLE_IN_ALL
const char             *schedula_dispatcher_get_executor         (SchedulaDispatcher         *self);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_set_executor         (SchedulaDispatcher         *self,
                                                                  const char                 *executor);

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDataNode       *schedula_dispatcher_add_data             (SchedulaDispatcher         *self,
                                                                  const char                 *id,
                                                                  const GValue               *default_value,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunctionNode   *schedula_dispatcher_add_function         (SchedulaDispatcher         *self,
                                                                  const char                 *id,
                                                                  SchedulaFunction           *function,
                                                                  const char *const          *inputs,
                                                                  const char *const          *outputs,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunctionNode   *schedula_dispatcher_add_function_full    (SchedulaDispatcher         *self,
                                                                  const char                 *id,
                                                                  SchedulaFunc                func,
                                                                  gpointer                    user_data,
                                                                  GDestroyNotify              destroy,
                                                                  const char *const          *inputs,
                                                                  const char *const          *outputs,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcherNode *schedula_dispatcher_add_dispatcher       (SchedulaDispatcher         *self,
                                                                  const char                 *id,
                                                                  SchedulaDispatcher         *child,
                                                                  SchedulaMapping            *inputs,
                                                                  SchedulaMapping            *outputs,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_add_node             (SchedulaDispatcher         *self,
                                                                  SchedulaNode               *node,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaNode           *schedula_dispatcher_lookup_node          (SchedulaDispatcher         *self,
                                                                  const char                 *id);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaNode           *schedula_dispatcher_get_node             (SchedulaDispatcher         *self,
                                                                  const char *const          *path,
                                                                  char                     ***real_path,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_remove_node          (SchedulaDispatcher         *self,
                                                                  const char                 *id,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_remove_nodes         (SchedulaDispatcher         *self,
                                                                  const char *const          *ids,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_set_default_value    (SchedulaDispatcher         *self,
                                                                  const char                 *id,
                                                                  const GValue               *value,
                                                                  const SchedulaDistance     *initial_dist,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_has_edge             (SchedulaDispatcher         *self,
                                                                  const char                 *from,
                                                                  const char                 *to);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                schedula_dispatcher_get_edge_weight      (SchedulaDispatcher         *self,
                                                                  const char                 *from,
                                                                  const char                 *to,
                                                                  gdouble                    *weight);
SCHEDULA_AVAILABLE_IN_ALL
char                  **schedula_dispatcher_dup_successors       (SchedulaDispatcher         *self,
                                                                  const char                 *id) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char                  **schedula_dispatcher_dup_predecessors     (SchedulaDispatcher         *self,
                                                                  const char                 *id) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
GListModel             *schedula_dispatcher_check                (SchedulaDispatcher         *self) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher     *schedula_dispatcher_copy                 (SchedulaDispatcher         *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher     *schedula_dispatcher_get_sub_dispatcher   (SchedulaDispatcher         *self,
                                                                  const char *const          *nodes,
                                                                  const char *const          *removed_edges,
                                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher     *schedula_dispatcher_get_sub_dispatcher_from_workflow
                                                                 (SchedulaDispatcher         *self,
                                                                  const char *const          *sources,
                                                                  SchedulaSubDispatcherFlags  flags,
                                                                  const char *const          *blockers,
                                                                  SchedulaWildcard            wildcard,
                                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher     *schedula_dispatcher_shrink               (SchedulaDispatcher         *self,
                                                                  const char *const          *inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution       *schedula_dispatcher_dispatch             (SchedulaDispatcher         *self,
                                                                  GHashTable                 *inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution       *schedula_dispatcher_dispatch_variant     (SchedulaDispatcher         *self,
                                                                  GVariant                   *inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution       *schedula_dispatcher_try_dispatch         (SchedulaDispatcher         *self,
                                                                  GHashTable                 *inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_dispatch_async       (SchedulaDispatcher         *self,
                                                                  GHashTable                 *inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GAsyncReadyCallback         callback,
                                                                  gpointer                    user_data);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution       *schedula_dispatcher_dispatch_finish      (SchedulaDispatcher         *self,
                                                                  GAsyncResult               *result,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
void                    schedula_dispatcher_try_dispatch_async   (SchedulaDispatcher         *self,
                                                                  GHashTable                 *inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GAsyncReadyCallback         callback,
                                                                  gpointer                    user_data);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution       *schedula_dispatcher_try_dispatch_finish  (SchedulaDispatcher         *self,
                                                                  GAsyncResult               *result,
                                                                  GError                    **error);
SCHEDULA_AVAILABLE_IN_ALL
GListModel             *schedula_dispatcher_try_dispatch_batch   (SchedulaDispatcher         *self,
                                                                  const GValue               *inputs,
                                                                  guint                       n_inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
GListModel             *schedula_dispatcher_dispatch_batch       (SchedulaDispatcher         *self,
                                                                  const GValue               *inputs,
                                                                  guint                       n_inputs,
                                                                  const char *const          *outputs,
                                                                  SchedulaDispatchOptions    *options,
                                                                  GCancellable               *cancellable,
                                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution       *schedula_dispatcher_get_solution         (SchedulaDispatcher         *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
