/* schedula-function-registry.h: how a model file finds its functions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-version-macros.h"
#include "schedula-function.h"
#include "schedula-io-types.h"

G_BEGIN_DECLS

/**
 * SchedulaRefResolver:
 * @ref: the reference, such as `python:mymodel.speed:compute`
 * @role: where the function goes in the model
 * @user_data: (closure): the data given to
 *   [method@FunctionRegistry.add_resolver]
 * @error: return location for a #GError
 *
 * Makes the function a reference names: a binding's way to find the
 * functions of its language (the Python binding resolves `python:`
 * references by importing the module).
 *
 * Returns: (transfer full) (nullable): the function, or %NULL with @error
 *   set
 */
typedef SchedulaFunction *(*SchedulaRefResolver) (const char            *ref,
                                                  SchedulaFunctionRole   role,
                                                  gpointer               user_data,
                                                  GError               **error);

#define SCHEDULA_TYPE_FUNCTION_REGISTRY (schedula_function_registry_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaFunctionRegistry, schedula_function_registry, SCHEDULA, FUNCTION_REGISTRY, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunctionRegistry *schedula_function_registry_new             (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunctionRegistry *schedula_function_registry_get_default     (void);
SCHEDULA_AVAILABLE_IN_ALL
void                      schedula_function_registry_add             (SchedulaFunctionRegistry  *self,
                                                                      const char                *name,
                                                                      SchedulaFunction          *function);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                  schedula_function_registry_remove          (SchedulaFunctionRegistry  *self,
                                                                      const char                *name);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction         *schedula_function_registry_lookup          (SchedulaFunctionRegistry  *self,
                                                                      const char                *name) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char                    **schedula_function_registry_dup_names       (SchedulaFunctionRegistry  *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
void                      schedula_function_registry_add_resolver    (SchedulaFunctionRegistry  *self,
                                                                      const char                *prefix,
                                                                      SchedulaRefResolver        resolver,
                                                                      gpointer                   user_data,
                                                                      GDestroyNotify             destroy);
SCHEDULA_AVAILABLE_IN_ALL
gboolean                  schedula_function_registry_remove_resolver (SchedulaFunctionRegistry  *self,
                                                                      const char                *prefix);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction         *schedula_function_registry_resolve         (SchedulaFunctionRegistry  *self,
                                                                      const char                *ref,
                                                                      SchedulaFunctionRole       role,
                                                                      GError                   **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
