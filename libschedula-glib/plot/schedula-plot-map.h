/* schedula-plot-map.h: the pages of a plot, and plotting models and solutions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-version-macros.h"
#include "schedula-types.h"
#include "schedula-plot-options.h"
#include "schedula-plot-page.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_PLOT_MAP (schedula_plot_map_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaPlotMap, schedula_plot_map, SCHEDULA, PLOT_MAP, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotMap     *schedula_plot_map_new_for_dispatcher (SchedulaDispatcher   *dispatcher,
                                                           SchedulaPlotOptions  *options) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotMap     *schedula_plot_map_new_for_solution   (SchedulaSolution     *solution,
                                                           SchedulaPlotOptions  *options,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotOptions *schedula_plot_map_get_options        (SchedulaPlotMap      *self);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotPage    *schedula_plot_map_get_root           (SchedulaPlotMap      *self);
SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_plot_map_to_dot             (SchedulaPlotMap      *self,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_plot_map_to_svg             (SchedulaPlotMap      *self,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_plot_map_to_html            (SchedulaPlotMap      *self,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean             schedula_plot_map_write              (SchedulaPlotMap      *self,
                                                           const char           *path,
                                                           GError              **error);

SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_dispatcher_to_dot           (SchedulaDispatcher   *self,
                                                           SchedulaPlotOptions  *options,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean             schedula_dispatcher_plot             (SchedulaDispatcher   *self,
                                                           const char           *path,
                                                           SchedulaPlotOptions  *options,
                                                           GError              **error);
SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_solution_to_dot             (SchedulaSolution     *self,
                                                           SchedulaPlotOptions  *options,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean             schedula_solution_plot               (SchedulaSolution     *self,
                                                           const char           *path,
                                                           SchedulaPlotOptions  *options,
                                                           GError              **error);

G_END_DECLS
