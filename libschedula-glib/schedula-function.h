/* schedula-function.h: a callable used by nodes
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-types.h"
#include "schedula-call.h"

G_BEGIN_DECLS

/**
 * SchedulaFunc:
 * @call: the call: its inputs, and where the outputs go
 * @user_data: (closure): the data given to [ctor@Function.new]
 * @error: return location for a #GError
 *
 * The one callback shape of libschedula-glib. It serves function nodes,
 * input domains (one boolean output), data-node combiners (one input per
 * estimation, see [method@Call.get_input_id]), callbacks (no output) and
 * filters (one input, one output).
 *
 * Returns: %TRUE on success; %FALSE with @error set on failure. Returning
 *   %FALSE without an error is itself an error.
 */
typedef gboolean (*SchedulaFunc) (SchedulaCall  *call,
                                  gpointer       user_data,
                                  GError       **error);

/**
 * SchedulaPredicateFunc:
 * @call: the call: the inputs of the node whose domain is checked
 * @user_data: (closure): the data given to [ctor@Function.new_predicate]
 * @error: return location for a #GError
 *
 * An input domain, written the natural way: its return value is the
 * verdict. Return %TRUE when the inputs are in the domain, %FALSE when they
 * are not; set @error (and return %FALSE) only when the check itself fails.
 *
 * |[<!-- language="C" -->
 * static gboolean
 * odometer_ok (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gdouble start, end;
 *
 *   if (!schedula_call_get_double (call, 0, &start, error) ||
 *       !schedula_call_get_double (call, 1, &end, error))
 *     return FALSE;
 *   return end >= start;
 * }
 * ]|
 *
 * Returns: the verdict, or %FALSE with @error set on failure
 */
typedef gboolean (*SchedulaPredicateFunc) (SchedulaCall  *call,
                                           gpointer       user_data,
                                           GError       **error);

#define SCHEDULA_TYPE_FUNCTION (schedula_function_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SchedulaFunction, schedula_function, SCHEDULA, FUNCTION, GObject)

/**
 * SchedulaFunctionClass:
 * @parent_class: the parent class
 * @invoke: runs the function for @call. The default calls the
 *   [callback@Func] given to [ctor@Function.new].
 *
 * The class of [class@Function]. Subclasses (the sub-dispatch wrappers, for
 * instance) override @invoke.
 */
struct _SchedulaFunctionClass
{
  GObjectClass parent_class;

  gboolean (*invoke) (SchedulaFunction  *self,
                      SchedulaCall      *call,
                      GError           **error);

  /*< private >*/
  gpointer _reserved[8];
};

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction      *schedula_function_new        (const char            *name,
                                                     SchedulaFunc           func,
                                                     gpointer               user_data,
                                                     GDestroyNotify         destroy) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction      *schedula_function_new_for_ref   (const char            *ref,
                                                        GError               **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction      *schedula_function_new_predicate (const char            *name,
                                                        SchedulaPredicateFunc  func,
                                                        gpointer               user_data,
                                                        GDestroyNotify         destroy) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction      *schedula_function_new_for_closure (const char       *name,
                                                          GClosure         *closure) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const char            *schedula_function_get_name   (SchedulaFunction      *self);
SCHEDULA_AVAILABLE_IN_ALL
const char            *schedula_function_get_ref    (SchedulaFunction      *self);
SCHEDULA_AVAILABLE_IN_ALL
void                   schedula_function_set_ref    (SchedulaFunction      *self,
                                                     const char            *ref);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunctionFlags  schedula_function_get_flags  (SchedulaFunction      *self);
SCHEDULA_AVAILABLE_IN_ALL
void                   schedula_function_set_flags  (SchedulaFunction      *self,
                                                     SchedulaFunctionFlags  flags);
SCHEDULA_AVAILABLE_IN_ALL
GMainContext          *schedula_function_get_context (SchedulaFunction     *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean               schedula_function_invoke     (SchedulaFunction      *self,
                                                     SchedulaCall          *call,
                                                     GError               **error);
SCHEDULA_AVAILABLE_IN_ALL
GValue                *schedula_function_call       (SchedulaFunction      *self,
                                                     const GValue          *inputs,
                                                     guint                  n_inputs,
                                                     guint                  n_outputs,
                                                     guint                 *n_results,
                                                     GError               **error);
SCHEDULA_AVAILABLE_IN_ALL
GValue                *schedula_function_call_full  (SchedulaFunction      *self,
                                                     const GValue          *args,
                                                     guint                  n_args,
                                                     SchedulaDict          *kwargs,
                                                     GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
