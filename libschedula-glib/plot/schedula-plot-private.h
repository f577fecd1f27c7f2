/* schedula-plot-private.h: what the files of the plot feature share
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-glib.h"

G_BEGIN_DECLS

/* The kinds of plotted nodes, each with its style (schedula's
 * node_styles): the model's node kinds, the function wrappers, and the
 * special ids. */
typedef enum {
  PLOT_KIND_DATA,
  PLOT_KIND_FUNCTION,
  PLOT_KIND_FUNCTION_DISPATCHER,  /* a dispatcher used as a function */
  PLOT_KIND_RUN_MODEL,
  PLOT_KIND_SUB_DISPATCH,
  PLOT_KIND_MAP_DISPATCH,
  PLOT_KIND_SUB_DISPATCH_FUNCTION,
  PLOT_KIND_SUB_DISPATCH_PIPE,
  PLOT_KIND_DISPATCH_PIPE,
  PLOT_KIND_DISPATCHER,           /* a sub-dispatcher node */
  PLOT_KIND_START,
  PLOT_KIND_SINK,
  PLOT_KIND_SELF,
  PLOT_KIND_PLOT,
  PLOT_KIND_END,
  PLOT_KIND_EMPTY,
  PLOT_N_KINDS
} PlotKind;

#define PLOT_KIND_IS_SPECIAL(k) ((k) >= PLOT_KIND_START)

/* What a node's style says beyond its kind: it failed, or (a function
 * node of a workflow) some of its declared edges are missing */
typedef enum {
  PLOT_STATE_INFO,
  PLOT_STATE_WARNING,
  PLOT_STATE_ERROR,
} PlotState;

typedef struct
{
  const char *name;       /* as the HTML view and the legend name the kind */
  const char *legend;     /* what the legend says about it */
  const char *shape;
  const char *style;      /* NULL: the graph's default, filled */
  const char *fillcolor;
  const char *color;      /* NULL: graphviz's default */
  const char *fontcolor;  /* NULL: black */
  const char *ordering;
  const char *label;      /* the fixed label of a special node */
} PlotStyle;

extern const PlotStyle _schedula_plot_styles[PLOT_N_KINDS];

/* The colours of the warning and error states */
#define PLOT_WARNING_FILL   "#fea22b"
#define PLOT_WARNING_BORDER "#C9340A"
#define PLOT_ERROR_FILL     "#FF3536"
#define PLOT_ERROR_BORDER   "#5E1F00"

#define PLOT_EMPTY "$EMPTY"

typedef struct
{
  char         *id;
  SchedulaNode *node;     /* the model node; NULL for START, END or EMPTY when
                           * the model has no such node */
  PlotKind      kind;
  PlotState     state;
  gint          child;    /* the position of the page the node opens, or -1 */
} PlotNode;

typedef struct
{
  guint         from;     /* positions in the page's nodes */
  guint         to;
  gint          inp_id;   /* -1 when none */
  gint          out_id;
  gdouble       weight;
  gboolean      has_weight;  /* shown */
  const GValue *value;    /* what a workflow edge carried: the solution owns it */
} PlotEdge;

typedef struct
{
  guint                   position;
  gint                    parent;     /* position, -1 for the root */
  guint                   level;
  char                   *name;
  char                  **path;
  gboolean                workflow;
  SchedulaDispatcher     *dsp;
  SchedulaSolution       *sol;        /* workflow pages */
  SchedulaWorkflow       *wf;
  SchedulaFunction       *wrapper;    /* the function that opens the page */
  SchedulaDispatcherNode *via;        /* the sub-dispatcher node that opens it */
  GArray                 *nodes;      /* PlotNode */
  GHashTable             *index;      /* id -> 1 + position in nodes */
  GArray                 *edges;      /* PlotEdge */
  GArray                 *children;   /* guint: the pages this one opened */
} PlotPageData;

/* What the pages of a plot share: a map and its pages hold a reference.
 * handles are weak references to the page objects, so that a page asked for
 * twice is the same object while anyone holds it. */
typedef struct
{
  gatomicrefcount      ref_count;
  SchedulaPlotOptions *options;
  GPtrArray           *pages;     /* PlotPageData */
  GWeakRef            *handles;   /* per page: its SchedulaPlotPage */
} PlotTree;

PlotTree         *_schedula_plot_tree_build        (SchedulaDispatcher   *dsp,
                                                    SchedulaSolution     *sol,
                                                    SchedulaPlotOptions  *options);
PlotTree         *_schedula_plot_tree_ref          (PlotTree             *tree);
void              _schedula_plot_tree_unref        (PlotTree             *tree);
SchedulaPlotPage *_schedula_plot_tree_dup_page     (PlotTree             *tree,
                                                    guint                 position);
PlotTree         *_schedula_plot_page_get_tree     (SchedulaPlotPage     *page);

/* One row of a node or edge table */
typedef struct
{
  char *key;
  char *value;
} PlotRow;

GArray           *_schedula_plot_node_rows         (PlotTree             *tree,
                                                    PlotPageData         *page,
                                                    guint                 k,
                                                    SchedulaPlotRows      rows,
                                                    guint                 max_lines,
                                                    guint                 max_width);
GArray           *_schedula_plot_edge_rows         (PlotTree             *tree,
                                                    PlotPageData         *page,
                                                    const PlotEdge       *edge,
                                                    SchedulaPlotRows      rows,
                                                    guint                 max_lines,
                                                    guint                 max_width);
char             *_schedula_plot_node_tooltip      (PlotPageData         *page,
                                                    guint                 k);
char             *_schedula_plot_cut               (const char           *text,
                                                    guint                 max_lines,
                                                    guint                 max_width);

/* schedula-plot-dot.c */
char             *_schedula_plot_dot_page          (PlotTree             *tree,
                                                    guint                 position,
                                                    gboolean              clusters);
void              _schedula_plot_append_html_text  (GString              *out,
                                                    const char           *text);

/* schedula-plot-svg.c: NULL with G_IO_ERROR_NOT_SUPPORTED when graphviz is
 * not built */
char             *_schedula_plot_render_svg        (const char           *dot,
                                                    GError              **error);

/* schedula-plot-html.c */
char             *_schedula_plot_html              (PlotTree             *tree,
                                                    GError              **error);

G_END_DECLS
