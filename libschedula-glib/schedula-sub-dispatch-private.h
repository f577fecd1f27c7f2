/* schedula-sub-dispatch-private.h: what the wrappers share
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-glib.h"

G_BEGIN_DECLS

gboolean                 _schedula_solution_select_outputs (SchedulaSolution           *solution,
                                                            const char *const          *outputs,
                                                            SchedulaOutputType          output_type,
                                                            GValue                     *result,
                                                            GError                    **error);
GValue                  *_schedula_heap_value            (GValue                       *result);
char                    *_schedula_unreachable_message   (const char *const            *missing,
                                                          const char *const            *available);
GHashTable              *_schedula_bind_arguments        (const char                   *name,
                                                          SchedulaDispatcher           *dsp,
                                                          const char *const            *inputs,
                                                          const GValue                 *args,
                                                          guint                         n_args,
                                                          SchedulaDict                 *kwargs,
                                                          gboolean                      var_keyword,
                                                          GError                      **error);
SchedulaDispatcher      *_schedula_function_model        (SchedulaDispatcher           *dsp,
                                                          const char                   *function_id,
                                                          const char *const            *inputs,
                                                          const char *const            *outputs,
                                                          SchedulaDispatchOptions      *options,
                                                          gboolean                      shrink,
                                                          gboolean                      pipe,
                                                          GError                      **error);
SchedulaOutputType       _schedula_function_output_type  (SchedulaOutputType            output_type,
                                                          const char *const            *outputs);
SchedulaDispatchOptions *_schedula_function_options      (SchedulaDispatchOptions      *options,
                                                          gboolean                     *shrink);
gboolean                 _schedula_sub_dispatch_function_run (SchedulaSubDispatchFunction *self,
                                                              SchedulaCall                *call,
                                                              const GValue                *args,
                                                              guint                        n_args,
                                                              SchedulaDict                *kwargs,
                                                              GValue                      *result,
                                                              GError                     **error);

/* What the wrappers were made with (for the model files) */
SchedulaDispatchOptions *_schedula_sub_dispatch_get_options              (SchedulaSubDispatch         *self);
SchedulaOutputType       _schedula_sub_dispatch_function_get_output_type (SchedulaSubDispatchFunction *self);
SchedulaDispatchOptions *_schedula_sub_dispatch_function_get_options     (SchedulaSubDispatchFunction *self);
SchedulaSubDispatch     *_schedula_map_dispatch_get_run                  (SchedulaMapDispatch         *self);
SchedulaDict            *_schedula_map_dispatch_get_defaults             (SchedulaMapDispatch         *self);
SchedulaMapping         *_schedula_map_dispatch_get_recursive_inputs     (SchedulaMapDispatch         *self);
gboolean                 _schedula_function_is_run_model                 (SchedulaFunction            *function);
SchedulaDispatchOptions *_schedula_pipe_get_options                      (SchedulaPipe                *self);
SchedulaOutputType       _schedula_pipe_function_get_output_type         (SchedulaFunction            *function);

/* For the plots */
gboolean                 _schedula_sub_dispatch_is_dispatcher            (SchedulaSubDispatch         *self);

G_END_DECLS
