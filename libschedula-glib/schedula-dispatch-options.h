/* schedula-dispatch-options.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-types.h"
#include "schedula-progress.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_DISPATCH_OPTIONS (schedula_dispatch_options_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaDispatchOptions, schedula_dispatch_options, SCHEDULA, DISPATCH_OPTIONS, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatchOptions *schedula_dispatch_options_new                (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaWildcard         schedula_dispatch_options_get_wildcard       (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_wildcard       (SchedulaDispatchOptions *self,
                                                                       SchedulaWildcard         wildcard);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                 schedula_dispatch_options_get_no_call        (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_no_call        (SchedulaDispatchOptions *self,
                                                                       gboolean                 no_call);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                 schedula_dispatch_options_get_shrink         (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_shrink         (SchedulaDispatchOptions *self,
                                                                       gboolean                 shrink);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                 schedula_dispatch_options_get_rm_unused_nodes (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_rm_unused_nodes (SchedulaDispatchOptions *self,
                                                                        gboolean                 rm_unused_nodes);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                 schedula_dispatch_options_get_verbose        (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_verbose        (SchedulaDispatchOptions *self,
                                                                       gboolean                 verbose);
SCHEDULA_AVAILABLE_IN_ALL
const char              *schedula_dispatch_options_get_executor       (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_executor       (SchedulaDispatchOptions *self,
                                                                       const char              *executor);
SCHEDULA_AVAILABLE_IN_ALL
gdouble                  schedula_dispatch_options_get_timeout        (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_timeout        (SchedulaDispatchOptions *self,
                                                                       gdouble                  timeout);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                 schedula_dispatch_options_get_speculative    (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_speculative    (SchedulaDispatchOptions *self,
                                                                       gboolean                 speculative);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaProgress        *schedula_dispatch_options_get_progress       (SchedulaDispatchOptions *self);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_progress       (SchedulaDispatchOptions *self,
                                                                       SchedulaProgress        *progress);
SCHEDULA_AVAILABLE_IN_ALL
void                     schedula_dispatch_options_set_input_dist     (SchedulaDispatchOptions *self,
                                                                       const char              *id,
                                                                       const SchedulaDistance  *dist);
SCHEDULA_AVAILABLE_IN_ALL
const SchedulaDistance  *schedula_dispatch_options_get_input_dist     (SchedulaDispatchOptions *self,
                                                                       const char              *id);
SCHEDULA_AVAILABLE_IN_ALL
char                   **schedula_dispatch_options_dup_input_dist_ids (SchedulaDispatchOptions *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
