/* schedula-solution.h: the result of a dispatch
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-types.h"
#include "schedula-workflow.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_SOLUTION (schedula_solution_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaSolution, schedula_solution, SCHEDULA, SOLUTION, GObject)

/**
 * SchedulaSolutionIter:
 *
 * An iterator over the values of a [class@Solution], in schedula's order.
 * Initialise it with [func@SolutionIter.init]; it needs no freeing.
 */
typedef struct {
  /*< private >*/
  gpointer dummy1;
  gpointer dummy2;
  guint    dummy3;
  guint    dummy4;
  gpointer dummy5[4];
} SchedulaSolutionIter;

SCHEDULA_AVAILABLE_IN_ALL
void                schedula_solution_iter_init              (SchedulaSolutionIter  *iter,
                                                              SchedulaSolution      *solution);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_solution_iter_next              (SchedulaSolutionIter  *iter,
                                                              const char           **id,
                                                              const GValue         **value);

SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_solution_get_dispatcher         (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const GValue       *schedula_solution_lookup                 (SchedulaSolution      *self,
                                                              const char            *id);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_solution_lookup_extended        (SchedulaSolution      *self,
                                                              const char            *id,
                                                              const GValue         **value);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_solution_contains               (SchedulaSolution      *self,
                                                              const char            *id);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_solution_get_n_values           (SchedulaSolution      *self);
SCHEDULA_AVAILABLE_IN_ALL
char              **schedula_solution_get_ids                (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
GHashTable         *schedula_solution_get_values             (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_solution_get_distance           (SchedulaSolution      *self,
                                                              const char            *id,
                                                              SchedulaDistance      *distance);
SCHEDULA_AVAILABLE_IN_ALL
char              **schedula_solution_get_distance_ids       (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_solution_get_seen_distance      (SchedulaSolution      *self,
                                                              const char            *id,
                                                              SchedulaDistance      *distance);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_solution_is_visited             (SchedulaSolution      *self,
                                                              const char            *id);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_solution_get_n_errors           (SchedulaSolution      *self);
SCHEDULA_AVAILABLE_IN_ALL
char              **schedula_solution_get_error_ids          (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const GError       *schedula_solution_get_error              (SchedulaSolution      *self,
                                                              const char            *node_id);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFailure     schedula_solution_get_error_failure      (SchedulaSolution      *self,
                                                              const char            *node_id);
SCHEDULA_AVAILABLE_IN_ALL
char               *schedula_solution_dup_error_message      (SchedulaSolution      *self,
                                                              const char            *node_id) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaWorkflow   *schedula_solution_get_workflow           (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_solution_get_n_pipe_steps       (SchedulaSolution      *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_solution_get_pipe_step          (SchedulaSolution      *self,
                                                              guint                  position,
                                                              const char           **node_id,
                                                              SchedulaDistance      *distance);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_solution_get_sub_solution       (SchedulaSolution      *self,
                                                              const char            *node_id);
SCHEDULA_AVAILABLE_IN_ALL
GListModel         *schedula_solution_get_sub_solutions      (SchedulaSolution      *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_solution_get_parent             (SchedulaSolution      *self);
SCHEDULA_AVAILABLE_IN_ALL
const gint         *schedula_solution_get_index              (SchedulaSolution      *self,
                                                              guint                 *n_index);
SCHEDULA_AVAILABLE_IN_ALL
const char *const  *schedula_solution_get_full_name          (SchedulaSolution      *self);
SCHEDULA_AVAILABLE_IN_ALL
const GValue       *schedula_solution_lookup_path            (SchedulaSolution      *self,
                                                              const char *const     *path,
                                                              char                ***real_path,
                                                              GError               **error);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_solution_get_sub_dispatcher_from_workflow (SchedulaSolution           *self,
                                                                        const char *const          *sources,
                                                                        SchedulaSubDispatcherFlags  flags,
                                                                        GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
GVariant         *schedula_solution_to_variant               (SchedulaSolution  *self,
                                                              GError           **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const GError     *schedula_solution_get_dispatch_error       (SchedulaSolution  *self);
SCHEDULA_AVAILABLE_IN_ALL
gboolean          schedula_solution_propagate_dispatch_error (SchedulaSolution  *self,
                                                              GError           **error);
SCHEDULA_AVAILABLE_IN_ALL
gboolean          schedula_solution_is_finished              (SchedulaSolution  *self);

G_END_DECLS
