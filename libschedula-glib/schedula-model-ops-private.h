/* schedula-model-ops-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-graph-private.h"

G_BEGIN_DECLS

SchedulaGraph     *_schedula_dispatcher_get_reduction (SchedulaDispatcher       *self,
                                                       const char *const        *inputs,
                                                       const char *const        *outputs,
                                                       gboolean                  wildcard);
SchedulaGraphDesc *_schedula_shrink_desc              (SchedulaDispatcher       *self,
                                                       const char *const        *inputs,
                                                       const char *const        *outputs,
                                                       SchedulaDispatchOptions  *options,
                                                       SchedulaWildcard          wildcard,
                                                       GError                  **error);
SchedulaDispatcher *_schedula_dispatcher_pipe_model  (SchedulaDispatcher       *self,
                                                       const char *const        *inputs,
                                                       const char *const        *outputs,
                                                       SchedulaDispatchOptions  *options,
                                                       GError                  **error);
SchedulaSolution  *_schedula_dispatch_internal        (SchedulaDispatcher       *self,
                                                       SchedulaGraph            *graph,
                                                       GHashTable               *inputs,
                                                       const char *const        *outputs,
                                                       SchedulaDispatchOptions  *options,
                                                       gboolean                  set_solution,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);

G_END_DECLS
