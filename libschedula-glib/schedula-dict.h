/* schedula-dict.h: an ordered map of ids to values
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
 * SchedulaDict:
 *
 * An ordered, reference-counted map from strings to [struct@GObject.Value]s:
 * the value type the library uses where schedula makes a dict, such as the
 * value of the SINK node.
 */
typedef struct _SchedulaDict SchedulaDict;

#define SCHEDULA_TYPE_DICT (schedula_dict_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
GType         schedula_dict_get_type    (void) G_GNUC_CONST;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDict *schedula_dict_new         (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDict *schedula_dict_ref         (SchedulaDict *self);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_dict_unref       (SchedulaDict *self);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_dict_insert      (SchedulaDict *self,
                                         const char   *key,
                                         const GValue *value);
SCHEDULA_AVAILABLE_IN_ALL
const GValue *schedula_dict_take        (SchedulaDict *self,
                                         const char   *key,
                                         GValue       *value);
SCHEDULA_AVAILABLE_IN_ALL
const GValue *schedula_dict_lookup      (SchedulaDict *self,
                                         const char   *key);
SCHEDULA_AVAILABLE_IN_ALL
gboolean      schedula_dict_contains    (SchedulaDict *self,
                                         const char   *key);
SCHEDULA_AVAILABLE_IN_ALL
guint         schedula_dict_get_size    (SchedulaDict *self);
SCHEDULA_AVAILABLE_IN_ALL
const char   *schedula_dict_get_key     (SchedulaDict *self,
                                         guint         position);
SCHEDULA_AVAILABLE_IN_ALL
const GValue *schedula_dict_get_value   (SchedulaDict *self,
                                         guint         position);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaDict, schedula_dict_unref)

G_END_DECLS
