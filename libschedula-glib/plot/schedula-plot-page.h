/* schedula-plot-page.h: one graph of a plot
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

G_BEGIN_DECLS

#define SCHEDULA_TYPE_PLOT_PAGE (schedula_plot_page_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaPlotPage, schedula_plot_page, SCHEDULA, PLOT_PAGE, GObject)

SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_plot_page_get_name       (SchedulaPlotPage  *self);
SCHEDULA_AVAILABLE_IN_ALL
const char *const  *schedula_plot_page_get_path       (SchedulaPlotPage  *self);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_plot_page_get_label      (SchedulaPlotPage  *self);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_plot_page_get_position   (SchedulaPlotPage  *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotPage   *schedula_plot_page_dup_parent     (SchedulaPlotPage  *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_plot_page_get_dispatcher (SchedulaPlotPage  *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaSolution   *schedula_plot_page_get_solution   (SchedulaPlotPage  *self);
SCHEDULA_AVAILABLE_IN_ALL
char              **schedula_plot_page_dup_node_ids   (SchedulaPlotPage  *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotPage   *schedula_plot_page_dup_child      (SchedulaPlotPage  *self,
                                                       const char        *node_id) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char               *schedula_plot_page_to_dot         (SchedulaPlotPage  *self,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char               *schedula_plot_page_to_svg         (SchedulaPlotPage  *self,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
