/* schedula-model-file.h: models saved to files and loaded back
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-version-macros.h"
#include "schedula-dispatcher.h"
#include "schedula-io-types.h"
#include "schedula-function-registry.h"

G_BEGIN_DECLS

/* The whole model (schedula's save_dispatcher / load_dispatcher) */

SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_save_to_file                  (SchedulaDispatcher        *self,
                                                                       const char                *path,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_save_to_stream                (SchedulaDispatcher        *self,
                                                                       GOutputStream             *stream,
                                                                       GCancellable              *cancellable,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_dispatcher_save_to_stream_async          (SchedulaDispatcher        *self,
                                                                       GOutputStream             *stream,
                                                                       GCancellable              *cancellable,
                                                                       GAsyncReadyCallback        callback,
                                                                       gpointer                   user_data);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_save_to_stream_finish         (SchedulaDispatcher        *self,
                                                                       GAsyncResult              *result,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
GBytes             *schedula_dispatcher_save_to_bytes                 (SchedulaDispatcher        *self,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_dispatcher_new_from_file                 (const char                *path,
                                                                       SchedulaFunctionRegistry  *registry,
                                                                       SchedulaLoadFlags          flags,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_dispatcher_new_from_stream               (GInputStream              *stream,
                                                                       SchedulaFunctionRegistry  *registry,
                                                                       SchedulaLoadFlags          flags,
                                                                       GCancellable              *cancellable,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_dispatcher_new_from_stream_async         (GInputStream              *stream,
                                                                       SchedulaFunctionRegistry  *registry,
                                                                       SchedulaLoadFlags          flags,
                                                                       GCancellable              *cancellable,
                                                                       GAsyncReadyCallback        callback,
                                                                       gpointer                   user_data);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_dispatcher_new_from_stream_finish        (GAsyncResult              *result,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_dispatcher_new_from_bytes                (GBytes                    *bytes,
                                                                       SchedulaFunctionRegistry  *registry,
                                                                       SchedulaLoadFlags          flags,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;

/* The default values only (schedula's save_default_values /
 * load_default_values) */

SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_save_default_values           (SchedulaDispatcher        *self,
                                                                       const char                *path,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
GBytes             *schedula_dispatcher_save_default_values_to_bytes  (SchedulaDispatcher        *self,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_load_default_values           (SchedulaDispatcher        *self,
                                                                       const char                *path,
                                                                       SchedulaLoadFlags          flags,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_load_default_values_from_bytes (SchedulaDispatcher       *self,
                                                                       GBytes                    *bytes,
                                                                       SchedulaLoadFlags          flags,
                                                                       GError                   **error);

/* The graph only (schedula's save_map / load_map) */

SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_save_map                      (SchedulaDispatcher        *self,
                                                                       const char                *path,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
GBytes             *schedula_dispatcher_save_map_to_bytes             (SchedulaDispatcher        *self,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_load_map                      (SchedulaDispatcher        *self,
                                                                       const char                *path,
                                                                       SchedulaFunctionRegistry  *registry,
                                                                       SchedulaLoadFlags          flags,
                                                                       GError                   **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_dispatcher_load_map_from_bytes           (SchedulaDispatcher        *self,
                                                                       GBytes                    *bytes,
                                                                       SchedulaFunctionRegistry  *registry,
                                                                       SchedulaLoadFlags          flags,
                                                                       GError                   **error);

SCHEDULA_AVAILABLE_IN_ALL
char               *schedula_value_to_json                            (const GValue              *value,
                                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_value_from_json                          (const char                *text,
                                                                       gssize                     length,
                                                                       const char                *name,
                                                                       SchedulaLoadFlags          flags,
                                                                       GValue                    *value,
                                                                       GError                   **error);

G_END_DECLS
