/* schedula-mapping.h: the id mappings of a sub-dispatcher node
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-version-macros.h"

G_BEGIN_DECLS

/**
 * SchedulaMapping:
 *
 * An ordered map from ids to one or more ids: how the data nodes of a parent
 * dispatcher map to those of a child (inputs) and back (outputs). A key mapped
 * to several ids is schedula's one-to-many mapping (a tuple value).
 *
 * Mappings are immutable once given to a node; they are reference counted.
 */
typedef struct _SchedulaMapping SchedulaMapping;

#define SCHEDULA_TYPE_MAPPING (schedula_mapping_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
GType              schedula_mapping_get_type     (void) G_GNUC_CONST;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaMapping   *schedula_mapping_new          (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaMapping   *schedula_mapping_new_identity (const char *const *ids) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaMapping   *schedula_mapping_ref          (SchedulaMapping    *self);
SCHEDULA_AVAILABLE_IN_ALL
void               schedula_mapping_unref        (SchedulaMapping    *self);
SCHEDULA_AVAILABLE_IN_ALL
void               schedula_mapping_add          (SchedulaMapping    *self,
                                                  const char         *key,
                                                  const char         *value);
SCHEDULA_AVAILABLE_IN_ALL
guint              schedula_mapping_get_n_keys   (SchedulaMapping    *self);
SCHEDULA_AVAILABLE_IN_ALL
const char        *schedula_mapping_get_key      (SchedulaMapping    *self,
                                                  guint               position);
SCHEDULA_AVAILABLE_IN_ALL
const char *const *schedula_mapping_get_values   (SchedulaMapping    *self,
                                                  guint               position);
SCHEDULA_AVAILABLE_IN_ALL
const char *const *schedula_mapping_lookup       (SchedulaMapping    *self,
                                                  const char         *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaMapping, schedula_mapping_unref)

G_END_DECLS
