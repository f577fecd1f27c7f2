/* schedula-dispatch-options-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-dispatch-options.h"

G_BEGIN_DECLS

typedef struct _SchedulaWaitMap SchedulaWaitMap;

SchedulaWaitMap *_schedula_dispatch_options_get_wait_map (SchedulaDispatchOptions *self);
void             _schedula_dispatch_options_set_wait_map (SchedulaDispatchOptions *self,
                                                          SchedulaWaitMap         *map);
void             _schedula_dispatch_options_set_no_domain (SchedulaDispatchOptions *self,
                                                           gboolean                 no_domain);
gboolean         _schedula_dispatch_options_get_no_domain (SchedulaDispatchOptions *self);
void             _schedula_dispatch_options_set_no_reduction (SchedulaDispatchOptions *self,
                                                              gboolean                 no_reduction);
gboolean         _schedula_dispatch_options_get_no_reduction (SchedulaDispatchOptions *self);
SchedulaDispatchOptions *_schedula_dispatch_options_copy (SchedulaDispatchOptions *self);
void             _schedula_dispatch_options_set_wildcard_ids (SchedulaDispatchOptions *self,
                                                              const char *const       *ids);
gboolean         _schedula_dispatch_options_may_be_wildcard  (SchedulaDispatchOptions *self,
                                                              const char              *id);

G_END_DECLS
