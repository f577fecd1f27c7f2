/* schedula-sub-dispatch.h: dispatchers as functions (schedula's wrappers)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-function.h"
#include "schedula-dict.h"
#include "schedula-mapping.h"
#include "schedula-dispatch-options.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_SUB_DISPATCH (schedula_sub_dispatch_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaSubDispatch, schedula_sub_dispatch, SCHEDULA, SUB_DISPATCH, SchedulaFunction)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaSubDispatch *schedula_sub_dispatch_new              (SchedulaDispatcher       *dsp,
                                                            const char *const        *outputs,
                                                            SchedulaOutputType        output_type,
                                                            SchedulaDispatchOptions  *options) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSubDispatch *schedula_sub_dispatch_new_for_dispatcher (SchedulaDispatcher     *dsp) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher  *schedula_sub_dispatch_get_dispatcher   (SchedulaSubDispatch      *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const   *schedula_sub_dispatch_get_outputs      (SchedulaSubDispatch      *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaOutputType   schedula_sub_dispatch_get_output_type  (SchedulaSubDispatch      *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution    *schedula_sub_dispatch_dup_solution     (SchedulaSubDispatch      *self) G_GNUC_WARN_UNUSED_RESULT;

#define SCHEDULA_TYPE_SUB_DISPATCH_FUNCTION (schedula_sub_dispatch_function_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaSubDispatchFunction, schedula_sub_dispatch_function, SCHEDULA,
                      SUB_DISPATCH_FUNCTION, SchedulaFunction)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaSubDispatchFunction *schedula_sub_dispatch_function_new (SchedulaDispatcher      *dsp,
                                                                 const char              *function_id,
                                                                 const char *const       *inputs,
                                                                 const char *const       *outputs,
                                                                 SchedulaOutputType       output_type,
                                                                 SchedulaDispatchOptions *options,
                                                                 GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_sub_dispatch_function_get_dispatcher (SchedulaSubDispatchFunction *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const  *schedula_sub_dispatch_function_get_inputs     (SchedulaSubDispatchFunction *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const  *schedula_sub_dispatch_function_get_outputs    (SchedulaSubDispatchFunction *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_sub_dispatch_function_dup_solution   (SchedulaSubDispatchFunction *self) G_GNUC_WARN_UNUSED_RESULT;

#define SCHEDULA_TYPE_MAP_DISPATCH (schedula_map_dispatch_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaMapDispatch, schedula_map_dispatch, SCHEDULA, MAP_DISPATCH, SchedulaFunction)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaMapDispatch *schedula_map_dispatch_new           (SchedulaDispatcher *dsp,
                                                         SchedulaDict       *defaults,
                                                         SchedulaMapping    *recursive_inputs,
                                                         const char *const  *outputs,
                                                         SchedulaOutputType  output_type) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction    *schedula_run_model_new              (void) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher  *schedula_function_get_wrapped_dispatcher (SchedulaFunction *function);

SCHEDULA_AVAILABLE_IN_ALL
GValue              *schedula_solution_select_outputs    (SchedulaSolution   *solution,
                                                         const char *const  *outputs,
                                                         SchedulaOutputType  output_type,
                                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
