/* schedula-function-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-function.h"

G_BEGIN_DECLS

gboolean _schedula_function_acquire_context (SchedulaFunction *self);
gboolean _schedula_function_get_direct (SchedulaFunction  *self,
                                        SchedulaFunc      *func,
                                        gpointer          *user_data);
gboolean _schedula_function_run        (SchedulaFunction  *self,
                                        SchedulaCall      *call,
                                        GError           **error);

void     _schedula_function_false_without_error (SchedulaFunction  *self,
                                                 SchedulaCall      *call,
                                                 const char        *node_id,
                                                 GError           **error);

void     _schedula_function_class_take_keywords (SchedulaFunctionClass *klass);

G_END_DECLS
