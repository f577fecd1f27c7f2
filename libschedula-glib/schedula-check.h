/* schedula-check.h: what is wrong with a model
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

#define SCHEDULA_TYPE_FINDING (schedula_finding_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaFinding, schedula_finding, SCHEDULA, FINDING, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFindingKind  schedula_finding_get_kind    (SchedulaFinding *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const   *schedula_finding_get_path    (SchedulaFinding *self);
SCHEDULA_AVAILABLE_IN_ALL
const char          *schedula_finding_get_message (SchedulaFinding *self);

G_END_DECLS
