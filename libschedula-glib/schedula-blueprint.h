/* schedula-blueprint.h: recorded model operations, replayed into new
 * dispatchers (schedula's Blueprint and BlueDispatcher)
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
#include "schedula-dispatcher.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_BLUEPRINT (schedula_blueprint_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaBlueprint, schedula_blueprint, SCHEDULA, BLUEPRINT, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaBlueprint  *schedula_blueprint_new                (const char              *name) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_blueprint_get_name           (SchedulaBlueprint       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_set_name           (SchedulaBlueprint       *self,
                                                           const char              *name);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_blueprint_get_description    (SchedulaBlueprint       *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_set_description    (SchedulaBlueprint       *self,
                                                           const char              *description);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_blueprint_get_n_operations   (SchedulaBlueprint       *self);

SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_add_data           (SchedulaBlueprint       *self,
                                                           const char              *id,
                                                           const GValue            *default_value);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_add_node           (SchedulaBlueprint       *self,
                                                           SchedulaNode            *node);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_add_function       (SchedulaBlueprint       *self,
                                                           const char              *id,
                                                           SchedulaFunction        *function,
                                                           const char *const       *inputs,
                                                           const char *const       *outputs);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_add_function_full  (SchedulaBlueprint       *self,
                                                           const char              *id,
                                                           SchedulaFunc             func,
                                                           gpointer                 user_data,
                                                           GDestroyNotify           destroy,
                                                           const char *const       *inputs,
                                                           const char *const       *outputs);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_add_dispatcher     (SchedulaBlueprint       *self,
                                                           const char              *id,
                                                           SchedulaDispatcher      *child,
                                                           SchedulaMapping         *inputs,
                                                           SchedulaMapping         *outputs);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_add_blueprint      (SchedulaBlueprint       *self,
                                                           const char              *id,
                                                           SchedulaBlueprint       *child,
                                                           SchedulaMapping         *inputs,
                                                           SchedulaMapping         *outputs);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_set_default_value  (SchedulaBlueprint       *self,
                                                           const char              *id,
                                                           const GValue            *value,
                                                           const SchedulaDistance  *initial_dist);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_extend             (SchedulaBlueprint       *self,
                                                           SchedulaBlueprint       *other);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_blueprint_extend_dispatcher  (SchedulaBlueprint       *self,
                                                           SchedulaDispatcher      *dispatcher);

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_blueprint_register           (SchedulaBlueprint       *self,
                                                           GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_blueprint_register_into      (SchedulaBlueprint       *self,
                                                           SchedulaDispatcher      *target,
                                                           GError                 **error);

G_END_DECLS
