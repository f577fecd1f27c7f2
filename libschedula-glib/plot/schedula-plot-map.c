/* schedula-plot-map.c: the pages of a plot; plotting models and solutions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-plot-private.h"

/**
 * SchedulaPlotMap:
 *
 * A plot of a model or of the workflow of a solution, as schedula's
 * `SiteMap`: a list of [class@PlotPage]s, the first for the plotted
 * dispatcher or solution, then, depth first, one for each sub-dispatcher
 * and each function node whose function is a dispatcher (schedula's
 * wrappers) that [property@PlotOptions:depth] reaches. A page of a
 * solution shows its workflow; the page of a sub-dispatcher node of a
 * solution shows the node's sub-solution when it started, else its model.
 *
 * A plot reads its model or solution, and [property@PlotOptions:depth],
 * when it is made; the other options, and the values, when it is written.
 * Rendering with graphviz takes a lock: libgvc is not thread-safe, so the
 * renders of a process run one at a time.
 *
 * It writes Graphviz DOT ([method@PlotMap.to_dot]), SVG rendered by
 * graphviz in this process ([method@PlotMap.to_svg]) and a self-contained
 * HTML view of every page ([method@PlotMap.to_html]): pan and zoom, click a
 * sub-dispatcher to open its page, hover a node to see its table (its
 * value, distance and error in a workflow). [method@PlotMap.write] writes
 * one of them by the extension of a file name;
 * [method@Dispatcher.plot] and [method@Solution.plot] do it in one call.
 *
 * The drawing is schedula's:
 *
 * - data nodes are blue boxes with rounded corners (`#73c4fa`), function
 *   nodes yellow boxes (`#eed867`); sub-dispatcher nodes are grey notes
 *   (`#c6c6c6`), the wrappers notes of their own colours (SubDispatch
 *   `#ffc490`, SubDispatchFunction `#f9d951`, SubDispatchPipe `#f1cd5d`,
 *   DispatchPipe `#e8c268`, MapDispatch `#f4bd6a`, a dispatcher used as a
 *   function and `run_model` `#eed867`);
 * - START (`#39bf7f`), SINK (`#303030`), SELF (`#C1A4FE`), PLOT
 *   (`#fcf3dd`), END (`#084368`, the outputs of a sub-dispatch function)
 *   and EMPTY (a dispatcher without nodes) are eggs;
 * - in a workflow, a node that failed is red (`#FF3536`, border
 *   `#5E1F00`), a function node without some of its declared inputs or
 *   outputs orange (`#fea22b`, border `#C9340A`);
 * - a node's label is a table: its id, then the rows
 *   [property@PlotOptions:rows] chooses.
 *
 * |[<!-- language="C" -->
 * // A model with a sub-dispatcher, plotted as DOT, and its pages.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * twice (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 x;
 *
 *   if (!schedula_call_get_int64 (call, 0, &x, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, 2 * x);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
 *   g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
 *   g_autoptr(SchedulaMapping) outputs = schedula_mapping_new ();
 *   g_autoptr(SchedulaPlotMap) plot = NULL;
 *   g_autoptr(SchedulaPlotPage) page = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *dot = NULL;
 *
 *   schedula_dispatcher_add_function_full (child, "twice", twice, NULL, NULL, SCHEDULA_IDS ("x"),
 *                                          SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *   schedula_mapping_add (inputs, "a", "x");
 *   schedula_mapping_add (outputs, "y", "b");
 *   schedula_dispatcher_add_dispatcher (dsp, "child", child, inputs, outputs, &error);
 *   g_assert_no_error (error);
 *
 *   plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
 *   g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plot)), ==, 2);
 *   page = schedula_plot_page_dup_child (schedula_plot_map_get_root (plot), "child");
 *   g_assert_cmpstr (schedula_plot_page_get_name (page), ==, "child");
 *
 *   dot = schedula_plot_map_to_dot (plot, &error);
 *   g_assert_no_error (error);
 *   g_assert_nonnull (strstr (dot, "digraph dmap"));
 *   return 0;
 * }
 * ]|
 */

struct _SchedulaPlotMap
{
  GObject    parent_instance;

  PlotTree  *tree;
  GPtrArray *pages;   /* SchedulaPlotPage: the map keeps its pages */
};

static void schedula_plot_map_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchedulaPlotMap, schedula_plot_map, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      schedula_plot_map_list_model_init))

static GType
schedula_plot_map_get_item_type (GListModel *model)
{
  return SCHEDULA_TYPE_PLOT_PAGE;
}

static guint
schedula_plot_map_get_n_items (GListModel *model)
{
  return SCHEDULA_PLOT_MAP (model)->pages->len;
}

static gpointer
schedula_plot_map_get_item (GListModel *model,
                            guint       position)
{
  SchedulaPlotMap *self = SCHEDULA_PLOT_MAP (model);

  if (position >= self->pages->len)
    return NULL;
  return g_object_ref (self->pages->pdata[position]);
}

static void
schedula_plot_map_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = schedula_plot_map_get_item_type;
  iface->get_n_items = schedula_plot_map_get_n_items;
  iface->get_item = schedula_plot_map_get_item;
}

static void
schedula_plot_map_finalize (GObject *object)
{
  SchedulaPlotMap *self = SCHEDULA_PLOT_MAP (object);

  g_ptr_array_unref (self->pages);
  _schedula_plot_tree_unref (self->tree);

  G_OBJECT_CLASS (schedula_plot_map_parent_class)->finalize (object);
}

static void
schedula_plot_map_class_init (SchedulaPlotMapClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_plot_map_finalize;
}

static void
schedula_plot_map_init (SchedulaPlotMap *self)
{
}

static SchedulaPlotMap *
map_new (PlotTree *tree)   /* taken */
{
  SchedulaPlotMap *self = g_object_new (SCHEDULA_TYPE_PLOT_MAP, NULL);

  self->tree = tree;
  self->pages = g_ptr_array_new_full (tree->pages->len, g_object_unref);
  for (guint i = 0; i < tree->pages->len; i++)
    g_ptr_array_add (self->pages, _schedula_plot_tree_dup_page (tree, i));
  return self;
}

/**
 * schedula_plot_map_new_for_dispatcher:
 * @dispatcher: the model
 * @options: (nullable): what to show, or %NULL for schedula's defaults
 *
 * Plots a model (schedula's `dsp.plot()`): its graph, and those of its
 * sub-dispatchers.
 *
 * Returns: (transfer full): the plot
 */
SchedulaPlotMap *
schedula_plot_map_new_for_dispatcher (SchedulaDispatcher  *dispatcher,
                                      SchedulaPlotOptions *options)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dispatcher), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_PLOT_OPTIONS (options), NULL);

  return map_new (_schedula_plot_tree_build (dispatcher, NULL, options));
}

/**
 * schedula_plot_map_new_for_solution:
 * @solution: a solution
 * @options: (nullable): what to show, or %NULL for schedula's defaults
 * @error: return location for a #GError
 *
 * Plots the workflow of a solution (schedula's `sol.plot()`): the nodes
 * the dispatch reached, the edges values went along, with the distances,
 * the failed nodes and the sub-solutions.
 *
 * Returns: (transfer full): the plot, or %NULL with @error set when the
 *   dispatcher of @solution is gone
 */
SchedulaPlotMap *
schedula_plot_map_new_for_solution (SchedulaSolution     *solution,
                                    SchedulaPlotOptions  *options,
                                    GError              **error)
{
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (solution), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_PLOT_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dsp = schedula_solution_get_dispatcher (solution);
  if (dsp == NULL)
    {
      g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                           "the dispatcher of the solution is gone: a workflow is plotted "
                           "with its model");
      return NULL;
    }
  return map_new (_schedula_plot_tree_build (dsp, solution, options));
}

/**
 * schedula_plot_map_get_options:
 * @self: a #SchedulaPlotMap
 *
 * Gets the options of the plot.
 *
 * Returns: (transfer none): the options
 */
SchedulaPlotOptions *
schedula_plot_map_get_options (SchedulaPlotMap *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_MAP (self), NULL);

  return self->tree->options;
}

/**
 * schedula_plot_map_get_root:
 * @self: a #SchedulaPlotMap
 *
 * Gets the first page: the plotted dispatcher or solution.
 *
 * Returns: (transfer none): the first page
 */
SchedulaPlotPage *
schedula_plot_map_get_root (SchedulaPlotMap *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_MAP (self), NULL);

  return self->pages->pdata[0];
}

/**
 * schedula_plot_map_to_dot:
 * @self: a #SchedulaPlotMap
 * @error: return location for a #GError
 *
 * Writes the plot as a Graphviz DOT graph: the first page with
 * %SCHEDULA_PLOT_LAYOUT_PAGES, every page with
 * %SCHEDULA_PLOT_LAYOUT_CLUSTERS. The DOT needs nothing but this library;
 * `dot -Tsvg` renders it.
 *
 * Returns: (transfer full): the DOT text, or %NULL with @error set
 */
char *
schedula_plot_map_to_dot (SchedulaPlotMap  *self,
                          GError          **error)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_MAP (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _schedula_plot_dot_page (self->tree, 0,
                                  schedula_plot_options_get_layout (self->tree->options) ==
                                  SCHEDULA_PLOT_LAYOUT_CLUSTERS);
}

/**
 * schedula_plot_map_to_svg:
 * @self: a #SchedulaPlotMap
 * @error: return location for a #GError
 *
 * Renders [method@PlotMap.to_dot] with graphviz (libgvc, in this process,
 * the `dot` layout). Without graphviz in the build
 * (%SCHEDULA_HAS_GRAPHVIZ is 0) it fails with %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full): the SVG document, or %NULL with @error set
 */
char *
schedula_plot_map_to_svg (SchedulaPlotMap  *self,
                          GError          **error)
{
  g_autofree char *dot = NULL;

  g_return_val_if_fail (SCHEDULA_IS_PLOT_MAP (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dot = schedula_plot_map_to_dot (self, error);
  return _schedula_plot_render_svg (dot, error);
}

/**
 * schedula_plot_map_to_html:
 * @self: a #SchedulaPlotMap
 * @error: return location for a #GError
 *
 * Writes the HTML view of the plot: one file that needs no network, with
 * every page rendered as SVG. It opens on the first page (or on the page
 * its URL fragment names: `#page=N`); one pans by dragging and zooms with
 * the wheel (or `+`, `-`, `0`); a click on a node that opens a page (a
 * sub-dispatcher, a sub-dispatch wrapper) shows that page, and Back (the
 * arrow button, the browser's, Backspace) returns; hovering a node shows
 * its table with every row: its value, distance and error in a workflow.
 *
 * The pages are rendered by graphviz: without it in the build
 * (%SCHEDULA_HAS_GRAPHVIZ is 0) this fails with %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full): the HTML document, or %NULL with @error set
 */
char *
schedula_plot_map_to_html (SchedulaPlotMap  *self,
                           GError          **error)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_MAP (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _schedula_plot_html (self->tree, error);
}

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  gsize n = strlen (path), m = strlen (suffix);

  return n > m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

/**
 * schedula_plot_map_write:
 * @self: a #SchedulaPlotMap
 * @path: (type filename): the file to write: `.dot` or `.gv` for DOT,
 *   `.svg` for SVG, `.html` or `.htm` for the HTML view
 * @error: return location for a #GError
 *
 * Writes the plot to a file, in the format its extension names. An
 * extension that is none of these fails with %G_IO_ERROR_INVALID_ARGUMENT;
 * SVG and HTML without graphviz with %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: %TRUE on success
 */
gboolean
schedula_plot_map_write (SchedulaPlotMap  *self,
                         const char       *path,
                         GError          **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (SCHEDULA_IS_PLOT_MAP (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (has_suffix (path, ".dot") || has_suffix (path, ".gv"))
    text = schedula_plot_map_to_dot (self, error);
  else if (has_suffix (path, ".svg"))
    text = schedula_plot_map_to_svg (self, error);
  else if (has_suffix (path, ".html") || has_suffix (path, ".htm"))
    text = schedula_plot_map_to_html (self, error);
  else
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "cannot tell what to write to %s: plots are written to .dot, .gv, "
                   ".svg, .html or .htm files", name);
      return FALSE;
    }
  if (text == NULL)
    return FALSE;
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}

/**
 * schedula_dispatcher_to_dot:
 * @self: a #SchedulaDispatcher
 * @options: (nullable): what to show, or %NULL for schedula's defaults
 * @error: return location for a #GError
 *
 * Writes the model as a Graphviz DOT graph: [ctor@PlotMap.new_for_dispatcher]
 * and [method@PlotMap.to_dot].
 *
 * |[<!-- language="C" -->
 * g_autofree char *dot = schedula_dispatcher_to_dot (dsp, NULL, &error);
 * ]|
 *
 * Returns: (transfer full): the DOT text, or %NULL with @error set
 */
char *
schedula_dispatcher_to_dot (SchedulaDispatcher   *self,
                            SchedulaPlotOptions  *options,
                            GError              **error)
{
  g_autoptr(SchedulaPlotMap) plot = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_PLOT_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plot = schedula_plot_map_new_for_dispatcher (self, options);
  return schedula_plot_map_to_dot (plot, error);
}

/**
 * schedula_dispatcher_plot:
 * @self: a #SchedulaDispatcher
 * @path: (type filename): the file to write: `.dot`, `.gv`, `.svg`,
 *   `.html` or `.htm`
 * @options: (nullable): what to show, or %NULL for schedula's defaults
 * @error: return location for a #GError
 *
 * Plots the model to a file, in the format its extension names (see
 * [method@PlotMap.write]).
 *
 * |[<!-- language="C" -->
 * if (!schedula_dispatcher_plot (dsp, "model.html", NULL, &error))
 *   return;
 * ]|
 *
 * Returns: %TRUE on success
 */
gboolean
schedula_dispatcher_plot (SchedulaDispatcher   *self,
                          const char           *path,
                          SchedulaPlotOptions  *options,
                          GError              **error)
{
  g_autoptr(SchedulaPlotMap) plot = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_PLOT_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  plot = schedula_plot_map_new_for_dispatcher (self, options);
  return schedula_plot_map_write (plot, path, error);
}

/**
 * schedula_solution_to_dot:
 * @self: a #SchedulaSolution
 * @options: (nullable): what to show, or %NULL for schedula's defaults
 * @error: return location for a #GError
 *
 * Writes the workflow of the solution as a Graphviz DOT graph:
 * [ctor@PlotMap.new_for_solution] and [method@PlotMap.to_dot].
 *
 * |[<!-- language="C" -->
 * g_autofree char *dot = schedula_solution_to_dot (sol, NULL, &error);
 * ]|
 *
 * Returns: (transfer full): the DOT text, or %NULL with @error set
 */
char *
schedula_solution_to_dot (SchedulaSolution     *self,
                          SchedulaPlotOptions  *options,
                          GError              **error)
{
  g_autoptr(SchedulaPlotMap) plot = NULL;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_PLOT_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plot = schedula_plot_map_new_for_solution (self, options, error);
  if (plot == NULL)
    return NULL;
  return schedula_plot_map_to_dot (plot, error);
}

/**
 * schedula_solution_plot:
 * @self: a #SchedulaSolution
 * @path: (type filename): the file to write: `.dot`, `.gv`, `.svg`,
 *   `.html` or `.htm`
 * @options: (nullable): what to show, or %NULL for schedula's defaults
 * @error: return location for a #GError
 *
 * Plots the workflow of the solution to a file, in the format its
 * extension names (see [method@PlotMap.write]).
 *
 * |[<!-- language="C" -->
 * if (!schedula_solution_plot (sol, "workflow.svg", NULL, &error))
 *   return;
 * ]|
 *
 * Returns: %TRUE on success
 */
gboolean
schedula_solution_plot (SchedulaSolution     *self,
                        const char           *path,
                        SchedulaPlotOptions  *options,
                        GError              **error)
{
  g_autoptr(SchedulaPlotMap) plot = NULL;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_PLOT_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  plot = schedula_plot_map_new_for_solution (self, options, error);
  if (plot == NULL)
    return FALSE;
  return schedula_plot_map_write (plot, path, error);
}
