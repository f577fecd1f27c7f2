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
#include "schedula-types.h"
#include "schedula-dict.h"

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

/**
 * SchedulaValueAdapter:
 * @value: the value to read, of the type the adapter was registered for (or
 *   of a type derived from it)
 * @shape: the shape to read @value in
 * @result: (out caller-allocates): an uninitialized #GValue to fill with a
 *   [struct@Dict] (for %SCHEDULA_VALUE_SHAPE_DICT) or a `GValueArray` (for
 *   %SCHEDULA_VALUE_SHAPE_SEQUENCE) with the contents of @value
 * @user_data: (closure): the data given to [func@value_register_adapter]
 * @error: return location for a #GError
 *
 * Reads a value of a container type the library does not know (a binding's
 * own list or dict, for instance) as one of the library's containers. See
 * [func@value_register_adapter].
 *
 * An adapter written in Python or JavaScript returns the container itself
 * with %TRUE (`return True, d` where `d` is a `Schedula.Dict` or a
 * `GObject.ValueArray`), not a `GObject.Value` wrapping it: PyGObject
 * copies the returned `GObject.Value` without taking a reference to its
 * contents.
 *
 * Returns: %TRUE with @result filled; %FALSE with @error set when @value
 *   cannot be read in that @shape
 */
typedef gboolean (*SchedulaValueAdapter) (const GValue        *value,
                                          SchedulaValueShape   shape,
                                          GValue              *result,
                                          gpointer             user_data,
                                          GError             **error);

SCHEDULA_AVAILABLE_IN_ALL
void           schedula_value_register_adapter (GType                 type,
                                                SchedulaValueAdapter  adapter,
                                                gpointer              user_data,
                                                GDestroyNotify        destroy);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDict  *schedula_value_dup_dict         (const GValue         *value,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
GVariant      *schedula_value_to_variant       (const GValue         *value,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean       schedula_value_from_variant     (GVariant             *variant,
                                                GValue               *value,
                                                GError              **error);
SCHEDULA_AVAILABLE_IN_ALL
GValueArray   *schedula_value_dup_sequence     (const GValue         *value,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
