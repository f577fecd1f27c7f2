/* schedula-pipe.h: compiled pipes, replayed without a search
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-function.h"
#include "schedula-dict.h"
#include "schedula-dispatch-options.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_PIPE (schedula_pipe_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaPipe, schedula_pipe, SCHEDULA, PIPE, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaPipe       *schedula_pipe_new            (SchedulaDispatcher       *dsp,
                                                  const char *const        *inputs,
                                                  const char *const        *outputs,
                                                  SchedulaDispatchOptions  *options,
                                                  GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_pipe_get_dispatcher (SchedulaPipe             *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const  *schedula_pipe_get_inputs     (SchedulaPipe             *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const  *schedula_pipe_get_outputs    (SchedulaPipe             *self);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_pipe_get_n_steps    (SchedulaPipe             *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_pipe_run            (SchedulaPipe             *self,
                                                  GHashTable               *inputs,
                                                  GCancellable             *cancellable,
                                                  gboolean                 *completed,
                                                  GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

#define SCHEDULA_TYPE_SUB_DISPATCH_PIPE (schedula_sub_dispatch_pipe_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaSubDispatchPipe, schedula_sub_dispatch_pipe, SCHEDULA, SUB_DISPATCH_PIPE,
                      SchedulaFunction)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaSubDispatchPipe *schedula_sub_dispatch_pipe_new        (SchedulaDispatcher       *dsp,
                                                                const char               *function_id,
                                                                const char *const        *inputs,
                                                                const char *const        *outputs,
                                                                SchedulaOutputType        output_type,
                                                                SchedulaDispatchOptions  *options,
                                                                GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPipe            *schedula_sub_dispatch_pipe_get_pipe   (SchedulaSubDispatchPipe  *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution        *schedula_sub_dispatch_pipe_dup_solution (SchedulaSubDispatchPipe *self) G_GNUC_WARN_UNUSED_RESULT;

#define SCHEDULA_TYPE_DISPATCH_PIPE (schedula_dispatch_pipe_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaDispatchPipe, schedula_dispatch_pipe, SCHEDULA, DISPATCH_PIPE, SchedulaFunction)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatchPipe *schedula_dispatch_pipe_new          (SchedulaDispatcher       *dsp,
                                                          const char               *function_id,
                                                          const char *const        *inputs,
                                                          const char *const        *outputs,
                                                          SchedulaOutputType        output_type,
                                                          SchedulaDispatchOptions  *options,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPipe         *schedula_dispatch_pipe_get_pipe     (SchedulaDispatchPipe     *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution     *schedula_dispatch_pipe_dup_solution (SchedulaDispatchPipe     *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
