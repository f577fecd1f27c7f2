/* schedula-value.h: schedula's NONE marker and value helpers
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
 * SchedulaToken:
 *
 * An opaque marker value of schedula. The only token a value can hold is
 * NONE: "no value". A NONE input or argument is dropped from function calls, a
 * NONE result is not an output, and in `no_call` mode every visited data node
 * gets NONE. Use [func@value_init_none] and [func@value_holds_none].
 */
typedef struct _SchedulaToken SchedulaToken;

#define SCHEDULA_TYPE_TOKEN (schedula_token_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
GType          schedula_token_get_type       (void) G_GNUC_CONST;
SCHEDULA_AVAILABLE_IN_ALL
const char    *schedula_token_get_name       (const SchedulaToken *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaToken *schedula_token_none           (void);

SCHEDULA_AVAILABLE_IN_ALL
void           schedula_value_init_none      (GValue              *value);
SCHEDULA_AVAILABLE_IN_ALL
gboolean       schedula_value_holds_none     (const GValue        *value);
SCHEDULA_AVAILABLE_IN_ALL
gboolean       schedula_value_is_truthy      (const GValue        *value);

G_END_DECLS
