/* schedula-plot-options.h: what a plot shows
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

/**
 * SchedulaPlotLayout:
 * @SCHEDULA_PLOT_LAYOUT_PAGES: each sub-dispatcher is a page of its own,
 *   which its node links to (schedula's folders). The DOT and the SVG of a
 *   plot are those of its first page; the HTML view has every page.
 * @SCHEDULA_PLOT_LAYOUT_CLUSTERS: every page is drawn in one graph, each
 *   sub-dispatcher as a cluster inside the graph of its parent, with a
 *   dashed edge from the node that opens it.
 *
 * How the DOT and the SVG of a plot show the sub-dispatchers.
 */
typedef enum {
  SCHEDULA_PLOT_LAYOUT_PAGES,
  SCHEDULA_PLOT_LAYOUT_CLUSTERS,
} SchedulaPlotLayout;

/**
 * SchedulaPlotRows:
 * @SCHEDULA_PLOT_ROWS_NONE: node tables with their title alone
 * @SCHEDULA_PLOT_ROWS_DEFAULT_VALUE: `default` and `initial_dist` (when it
 *   is not 0) of data nodes
 * @SCHEDULA_PLOT_ROWS_WAIT_INPUTS: `wait_inputs` of data nodes that wait
 * @SCHEDULA_PLOT_ROWS_AWAIT: `await_result` when true and `await_domain`
 *   when false (when they are not the defaults)
 * @SCHEDULA_PLOT_ROWS_FUNCTION: `function`, the combiner of a data node
 * @SCHEDULA_PLOT_ROWS_DOMAIN: `input_domain` of a function or
 *   sub-dispatcher node; in a workflow, `solution_domain`, what the domain
 *   said, once it ran
 * @SCHEDULA_PLOT_ROWS_WEIGHT: `weight` of nodes that have one, and of
 *   edges whose weight is not 1 (nor 0 into a sub-dispatcher)
 * @SCHEDULA_PLOT_ROWS_REMOTE_LINKS: `remote parent N` and `remote child N`
 *   on the data nodes of a sub-dispatcher's page: the parent's ids its
 *   inputs and outputs map to
 * @SCHEDULA_PLOT_ROWS_FILTERS: `filter N`, the filters of a node
 * @SCHEDULA_PLOT_ROWS_MISSING: in a workflow, `M_inputs` and `M_outputs`:
 *   the declared inputs and outputs of a function node that have no edge
 * @SCHEDULA_PLOT_ROWS_DISTANCE: in a workflow, `distance` from START
 * @SCHEDULA_PLOT_ROWS_ERROR: in a workflow, `error`, the message of a
 *   failed node
 * @SCHEDULA_PLOT_ROWS_PORTS: `inp_id` and `out_id` on the edges from START
 *   to the inputs of a sub-dispatch function and from its outputs to END
 * @SCHEDULA_PLOT_ROWS_VALUE: in a workflow, `output`, the value of a data
 *   node (not one of schedula's rows: schedula links the value instead)
 * @SCHEDULA_PLOT_ROWS_EDGE_VALUE: in a workflow, `value`, what an edge
 *   carried (not one of schedula's rows)
 * @SCHEDULA_PLOT_ROWS_STANDARD: the rows schedula shows: every row above
 *   but `output` and `value`
 * @SCHEDULA_PLOT_ROWS_ALL: every row
 *
 * The rows of the node and edge tables of a plot (schedula's `node_data`,
 * `node_function` and `edge_data`). Long values are cut to
 * [property@PlotOptions:max-lines] lines of
 * [property@PlotOptions:max-width] characters.
 */
typedef enum /*< flags >*/ {
  SCHEDULA_PLOT_ROWS_NONE          = 0,
  SCHEDULA_PLOT_ROWS_DEFAULT_VALUE = 1 << 0,
  SCHEDULA_PLOT_ROWS_WAIT_INPUTS   = 1 << 1,
  SCHEDULA_PLOT_ROWS_AWAIT         = 1 << 2,
  SCHEDULA_PLOT_ROWS_FUNCTION      = 1 << 3,
  SCHEDULA_PLOT_ROWS_DOMAIN        = 1 << 4,
  SCHEDULA_PLOT_ROWS_WEIGHT        = 1 << 5,
  SCHEDULA_PLOT_ROWS_REMOTE_LINKS  = 1 << 6,
  SCHEDULA_PLOT_ROWS_FILTERS       = 1 << 7,
  SCHEDULA_PLOT_ROWS_MISSING       = 1 << 8,
  SCHEDULA_PLOT_ROWS_DISTANCE      = 1 << 9,
  SCHEDULA_PLOT_ROWS_ERROR         = 1 << 10,
  SCHEDULA_PLOT_ROWS_PORTS         = 1 << 11,
  SCHEDULA_PLOT_ROWS_VALUE         = 1 << 12,
  SCHEDULA_PLOT_ROWS_EDGE_VALUE    = 1 << 13,
  SCHEDULA_PLOT_ROWS_STANDARD      = 0x0fff,
  SCHEDULA_PLOT_ROWS_ALL           = 0x3fff,
} SchedulaPlotRows;

/**
 * SchedulaPlotValueFunc:
 * @value: a value to show: a default value, a value of a solution, the
 *   value an edge carried
 * @user_data: (closure): the data given to
 *   [method@PlotOptions.set_value_func]
 *
 * Writes a value as text for a plot. The Python binding sets one that
 * gives `pprint.pformat()` of Python values.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL to let
 *   [func@plot_format_value] write it
 */
typedef char *(*SchedulaPlotValueFunc) (const GValue *value,
                                        gpointer      user_data);

#define SCHEDULA_TYPE_PLOT_OPTIONS (schedula_plot_options_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaPlotOptions, schedula_plot_options, SCHEDULA, PLOT_OPTIONS, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotOptions *schedula_plot_options_new            (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gint                 schedula_plot_options_get_depth      (SchedulaPlotOptions   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_depth      (SchedulaPlotOptions   *self,
                                                           gint                   depth);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotLayout   schedula_plot_options_get_layout     (SchedulaPlotOptions   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_layout     (SchedulaPlotOptions   *self,
                                                           SchedulaPlotLayout     layout);
SCHEDULA_AVAILABLE_IN_ALL
SchedulaPlotRows     schedula_plot_options_get_rows       (SchedulaPlotOptions   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_rows       (SchedulaPlotOptions   *self,
                                                           SchedulaPlotRows       rows);
SCHEDULA_AVAILABLE_IN_ALL
guint                schedula_plot_options_get_max_lines  (SchedulaPlotOptions   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_max_lines  (SchedulaPlotOptions   *self,
                                                           guint                  max_lines);
SCHEDULA_AVAILABLE_IN_ALL
guint                schedula_plot_options_get_max_width  (SchedulaPlotOptions   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_max_width  (SchedulaPlotOptions   *self,
                                                           guint                  max_width);
SCHEDULA_AVAILABLE_IN_ALL
const char          *schedula_plot_options_get_title      (SchedulaPlotOptions   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_title      (SchedulaPlotOptions   *self,
                                                           const char            *title);
SCHEDULA_AVAILABLE_IN_ALL
void                 schedula_plot_options_set_value_func (SchedulaPlotOptions   *self,
                                                           SchedulaPlotValueFunc  func,
                                                           gpointer               user_data,
                                                           GDestroyNotify         destroy);
SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_plot_options_format_value   (SchedulaPlotOptions   *self,
                                                           const GValue          *value) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
char                *schedula_plot_format_value           (const GValue          *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
