/* schedula-call.h: the context of one function call
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-dict.h"
#include "schedula-types.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_CALL (schedula_call_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaCall, schedula_call, SCHEDULA, CALL, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaCall *schedula_call_new             (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean      schedula_call_set_inputs      (SchedulaCall        *self,
                                             const GValue        *inputs,
                                             guint                n_inputs,
                                             guint                n_outputs,
                                             GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_keywords    (SchedulaCall        *self,
                                             SchedulaDict        *keywords);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDict *schedula_call_get_keywords    (SchedulaCall        *self);
SCHEDULA_AVAILABLE_IN_ALL
const char   *schedula_call_get_node_id     (SchedulaCall        *self);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_node_id     (SchedulaCall        *self,
                                             const char          *node_id);
SCHEDULA_AVAILABLE_IN_ALL
guint         schedula_call_get_n_inputs    (SchedulaCall        *self);
SCHEDULA_AVAILABLE_IN_ALL
const GValue *schedula_call_get_input       (SchedulaCall        *self,
                                             guint                position);
SCHEDULA_AVAILABLE_IN_ALL
const char   *schedula_call_get_input_id    (SchedulaCall        *self,
                                             guint                position);
SCHEDULA_AVAILABLE_IN_ALL
gboolean      schedula_call_get_double      (SchedulaCall        *self,
                                             guint                position,
                                             gdouble             *value,
                                             GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean      schedula_call_get_int64       (SchedulaCall        *self,
                                             guint                position,
                                             gint64              *value,
                                             GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
gdouble       schedula_call_read_double     (SchedulaCall        *self,
                                             guint                position,
                                             GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
gint64        schedula_call_read_int64      (SchedulaCall        *self,
                                             guint                position,
                                             GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
const char   *schedula_call_get_string      (SchedulaCall        *self,
                                             guint                position,
                                             GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
guint         schedula_call_get_n_outputs   (SchedulaCall        *self);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_output      (SchedulaCall        *self,
                                             guint                position,
                                             const GValue        *value);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_take_output     (SchedulaCall        *self,
                                             guint                position,
                                             GValue              *value);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_output_double  (SchedulaCall     *self,
                                                guint             position,
                                                gdouble           value);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_output_int64   (SchedulaCall     *self,
                                                guint             position,
                                                gint64            value);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_output_string  (SchedulaCall     *self,
                                                guint             position,
                                                const char       *value);
SCHEDULA_AVAILABLE_IN_ALL
void          schedula_call_set_output_boolean (SchedulaCall     *self,
                                                guint             position,
                                                gboolean          value);
SCHEDULA_AVAILABLE_IN_ALL
const GValue *schedula_call_get_output      (SchedulaCall        *self,
                                             guint                position);
SCHEDULA_AVAILABLE_IN_ALL
GCancellable *schedula_call_get_cancellable (SchedulaCall        *self);

SCHEDULA_AVAILABLE_IN_ALL
void                schedula_call_set_solution   (SchedulaCall     *self,
                                                  SchedulaSolution *solution);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_call_get_solution   (SchedulaCall     *self);

SCHEDULA_AVAILABLE_IN_ALL
SchedulaCall *schedula_call_get_current     (void);

G_END_DECLS
