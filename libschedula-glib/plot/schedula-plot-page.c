/* schedula-plot-page.c: the pages of a plot, read from models and solutions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-plot-private.h"
#include "schedula-dispatcher-private.h"
#include "schedula-dispatch-private.h"
#include "schedula-sub-dispatch-private.h"
#include "schedula-private.h"

/**
 * SchedulaPlotPage:
 *
 * One graph of a plot ([class@PlotMap]): a model (schedula's `dmap`) or
 * the workflow of a solution, with its nodes, its edges and the pages its
 * sub-dispatcher nodes open. Pages are schedula's folders: the first is the
 * plotted dispatcher or solution; each sub-dispatcher node, and each
 * function node whose function is a dispatcher (a sub-dispatch wrapper, a
 * pipe), opens a page named after the node.
 *
 * A page keeps what it plots alive; it stays valid without its map.
 */

struct _SchedulaPlotPage
{
  GObject   parent_instance;

  PlotTree *tree;
  guint     position;
};

G_DEFINE_FINAL_TYPE (SchedulaPlotPage, schedula_plot_page, G_TYPE_OBJECT)

/* The styles (schedula's node_styles), by kind */
const PlotStyle _schedula_plot_styles[PLOT_N_KINDS] = {
  [PLOT_KIND_DATA] = { "data", "data node",
                       "box", "rounded,filled", "#73c4fa", "#73c4fa", NULL, NULL, NULL },
  [PLOT_KIND_FUNCTION] = { "function", "function node",
                           "box", NULL, "#eed867", "#eed867", NULL, "in", NULL },
  [PLOT_KIND_FUNCTION_DISPATCHER] = { "function-dispatcher", "dispatcher used as a function",
                                      "note", NULL, "#eed867", "#eed867", NULL, "in", NULL },
  [PLOT_KIND_RUN_MODEL] = { "run_model", "run_model",
                            "note", NULL, "#eed867", "#eed867", NULL, "in", NULL },
  [PLOT_KIND_SUB_DISPATCH] = { "subdispatch", "SubDispatch",
                               "note", "filled", "#ffc490", "#ffc490", NULL, NULL, NULL },
  [PLOT_KIND_MAP_DISPATCH] = { "mapdispatch", "MapDispatch",
                               "note", "filled", "#f4bd6a", "#f4bd6a", NULL, "in", NULL },
  [PLOT_KIND_SUB_DISPATCH_FUNCTION] = { "subdispatchfunction", "SubDispatchFunction",
                                        "note", "filled", "#f9d951", "#f9d951", NULL, "in", NULL },
  [PLOT_KIND_SUB_DISPATCH_PIPE] = { "subdispatchpipe", "SubDispatchPipe",
                                    "note", "filled", "#f1cd5d", "#f1cd5d", NULL, "in", NULL },
  [PLOT_KIND_DISPATCH_PIPE] = { "dispatchpipe", "DispatchPipe",
                                "note", "filled", "#e8c268", "#e8c268", NULL, "in", NULL },
  [PLOT_KIND_DISPATCHER] = { "dispatcher", "sub-dispatcher node",
                             "note", "filled", "#c6c6c6", "#c6c6c6", NULL, NULL, NULL },
  [PLOT_KIND_START] = { "start", "START: where the inputs come from",
                        "egg", NULL, "#39bf7f", "#39bf7f", NULL, "out", "start" },
  [PLOT_KIND_SINK] = { "sink", "SINK: collects the outputs nobody reads",
                       "egg", NULL, "#303030", "#303030", "#FFFFFF", NULL, "sink" },
  [PLOT_KIND_SELF] = { "self", "SELF: the dispatcher as a data node",
                       "egg", NULL, "#C1A4FE", "#C1A4FE", NULL, NULL, "self" },
  [PLOT_KIND_PLOT] = { "plot", "PLOT: plots the solution when it is reached",
                       "egg", NULL, "#fcf3dd", "#fcf3dd", NULL, NULL, "plot" },
  [PLOT_KIND_END] = { "end", "END: collects the outputs of a sub-dispatch function",
                      "egg", NULL, "#084368", "#084368", "#FFFFFF", "in", "end" },
  [PLOT_KIND_EMPTY] = { "empty", "EMPTY: a dispatcher or workflow without nodes",
                        "egg", NULL, "#FFFFFF", NULL, NULL, NULL, "empty" },
};

/* The tree ------------------------------------------------------------------ */

static void
plot_node_clear (gpointer data)
{
  PlotNode *node = data;

  g_free (node->id);
  g_clear_object (&node->node);
}

static void
page_data_free (gpointer data)
{
  PlotPageData *page = data;

  g_free (page->name);
  g_strfreev (page->path);
  g_clear_object (&page->dsp);
  g_clear_object (&page->sol);
  g_clear_object (&page->wf);
  g_clear_object (&page->wrapper);
  g_clear_object (&page->via);
  g_clear_pointer (&page->index, g_hash_table_unref);
  g_clear_pointer (&page->nodes, g_array_unref);
  g_clear_pointer (&page->edges, g_array_unref);
  g_clear_pointer (&page->children, g_array_unref);
  g_free (page);
}

PlotTree *
_schedula_plot_tree_ref (PlotTree *tree)
{
  g_atomic_ref_count_inc (&tree->ref_count);
  return tree;
}

void
_schedula_plot_tree_unref (PlotTree *tree)
{
  if (!g_atomic_ref_count_dec (&tree->ref_count))
    return;
  for (guint i = 0; i < tree->pages->len; i++)
    g_weak_ref_clear (&tree->handles[i]);
  g_free (tree->handles);
  g_ptr_array_unref (tree->pages);
  g_object_unref (tree->options);
  g_free (tree);
}

SchedulaPlotPage *
_schedula_plot_tree_dup_page (PlotTree *tree,
                              guint     position)
{
  SchedulaPlotPage *page;

  g_return_val_if_fail (position < tree->pages->len, NULL);

  page = g_weak_ref_get (&tree->handles[position]);
  if (page == NULL)
    {
      page = g_object_new (SCHEDULA_TYPE_PLOT_PAGE, NULL);
      page->tree = _schedula_plot_tree_ref (tree);
      page->position = position;
      g_weak_ref_set (&tree->handles[position], page);
    }
  return page;
}

PlotTree *
_schedula_plot_page_get_tree (SchedulaPlotPage *page)
{
  return page->tree;
}

/* The special ids, and the kinds of wrapped functions */
static PlotKind
special_kind (const char *id)
{
  if (id[0] != '$')
    return PLOT_KIND_DATA;
  if (g_str_equal (id, SCHEDULA_START))
    return PLOT_KIND_START;
  if (g_str_equal (id, SCHEDULA_SINK))
    return PLOT_KIND_SINK;
  if (g_str_equal (id, SCHEDULA_SELF))
    return PLOT_KIND_SELF;
  if (g_str_equal (id, SCHEDULA_PLOT))
    return PLOT_KIND_PLOT;
  if (g_str_equal (id, SCHEDULA_END))
    return PLOT_KIND_END;
  if (g_str_equal (id, PLOT_EMPTY))
    return PLOT_KIND_EMPTY;
  return PLOT_KIND_DATA;
}

static PlotKind
function_kind (SchedulaFunction *function)
{
  if (function == NULL)
    return PLOT_KIND_FUNCTION;
  if (SCHEDULA_IS_SUB_DISPATCH (function))
    return _schedula_sub_dispatch_is_dispatcher (SCHEDULA_SUB_DISPATCH (function))
           ? PLOT_KIND_FUNCTION_DISPATCHER : PLOT_KIND_SUB_DISPATCH;
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (function))
    return PLOT_KIND_SUB_DISPATCH_FUNCTION;
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (function))
    return PLOT_KIND_SUB_DISPATCH_PIPE;
  if (SCHEDULA_IS_DISPATCH_PIPE (function))
    return PLOT_KIND_DISPATCH_PIPE;
  if (SCHEDULA_IS_MAP_DISPATCH (function))
    return PLOT_KIND_MAP_DISPATCH;
  if (_schedula_function_is_run_model (function))
    return PLOT_KIND_RUN_MODEL;
  return PLOT_KIND_FUNCTION;
}

static PlotKind
node_kind (SchedulaNode *node)
{
  PlotKind special = special_kind (schedula_node_get_id (node));

  if (special != PLOT_KIND_DATA)
    return special;
  switch (schedula_node_get_kind (node))
    {
    case SCHEDULA_NODE_KIND_FUNCTION:
      return function_kind (schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (node)));
    case SCHEDULA_NODE_KIND_DISPATCHER:
      return PLOT_KIND_DISPATCHER;
    case SCHEDULA_NODE_KIND_DATA:
    default:
      return PLOT_KIND_DATA;
    }
}

/* The model a wrapper dispatches, or NULL */
static SchedulaDispatcher *
wrapper_dispatcher (SchedulaFunction *function)
{
  return function != NULL ? schedula_function_get_wrapped_dispatcher (function) : NULL;
}

/* The inputs of a wrapper that the plot draws from START (schedula's
 * SiteFolder.inputs): those of a sub-dispatch function or a pipe */
static const char *const *
wrapper_inputs (SchedulaFunction *function)
{
  if (function == NULL)
    return NULL;
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (function))
    return schedula_sub_dispatch_function_get_inputs (SCHEDULA_SUB_DISPATCH_FUNCTION (function));
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (function))
    return schedula_pipe_get_inputs (schedula_sub_dispatch_pipe_get_pipe (SCHEDULA_SUB_DISPATCH_PIPE (function)));
  if (SCHEDULA_IS_DISPATCH_PIPE (function))
    return schedula_pipe_get_inputs (schedula_dispatch_pipe_get_pipe (SCHEDULA_DISPATCH_PIPE (function)));
  return NULL;
}

/* The outputs of a wrapper that the plot draws into END (schedula's
 * SiteFolder.outputs): those of a sub-dispatch wrapper that does not return
 * the whole solution */
static const char *const *
wrapper_outputs (SchedulaFunction *function)
{
  if (function == NULL)
    return NULL;
  if (SCHEDULA_IS_SUB_DISPATCH (function))
    return schedula_sub_dispatch_get_output_type (SCHEDULA_SUB_DISPATCH (function)) != SCHEDULA_OUTPUT_TYPE_ALL
           ? schedula_sub_dispatch_get_outputs (SCHEDULA_SUB_DISPATCH (function)) : NULL;
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (function))
    return _schedula_sub_dispatch_function_get_output_type (SCHEDULA_SUB_DISPATCH_FUNCTION (function)) != SCHEDULA_OUTPUT_TYPE_ALL
           ? schedula_sub_dispatch_function_get_outputs (SCHEDULA_SUB_DISPATCH_FUNCTION (function)) : NULL;
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (function))
    return _schedula_pipe_function_get_output_type (function) != SCHEDULA_OUTPUT_TYPE_ALL
           ? schedula_pipe_get_outputs (schedula_sub_dispatch_pipe_get_pipe (SCHEDULA_SUB_DISPATCH_PIPE (function))) : NULL;
  if (SCHEDULA_IS_DISPATCH_PIPE (function))
    return _schedula_pipe_function_get_output_type (function) != SCHEDULA_OUTPUT_TYPE_ALL
           ? schedula_pipe_get_outputs (schedula_dispatch_pipe_get_pipe (SCHEDULA_DISPATCH_PIPE (function))) : NULL;
  return NULL;
}

static gint
find_node (PlotPageData *page,
           const char   *id)
{
  if (page->index != NULL)
    return GPOINTER_TO_INT (g_hash_table_lookup (page->index, id)) - 1;
  for (guint k = 0; k < page->nodes->len; k++)
    if (g_str_equal (g_array_index (page->nodes, PlotNode, k).id, id))
      return k;
  return -1;
}

/* Once the nodes are in their order: the index of their ids */
static void
index_nodes (PlotPageData *page)
{
  page->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 0; k < page->nodes->len; k++)
    g_hash_table_insert (page->index, g_array_index (page->nodes, PlotNode, k).id, GINT_TO_POINTER (k + 1));
}

static int
node_order (gconstpointer a,
            gconstpointer b)
{
  const PlotNode *x = a, *y = b;
  gboolean x_end = x->kind == PLOT_KIND_END && x->node == NULL;
  gboolean y_end = y->kind == PLOT_KIND_END && y->node == NULL;
  gint xi, yi;

  /* schedula's key: (is END, index, id), the nodes outside the model
   * having the smallest index */
  if (x_end != y_end)
    return x_end ? 1 : -1;
  xi = x->node != NULL ? schedula_node_get_index (x->node) : G_MININT;
  yi = y->node != NULL ? schedula_node_get_index (y->node) : G_MININT;
  if (xi != yi)
    return xi < yi ? -1 : 1;
  return strcmp (x->id, y->id);
}

static void
add_node (PlotPageData *page,
          const char   *id,
          SchedulaNode *node)
{
  PlotNode n = { g_strdup (id), node ? g_object_ref (node) : NULL,
                 node ? node_kind (node) : special_kind (id), PLOT_STATE_INFO, -1 };

  g_array_append_val (page->nodes, n);
}

/* A new edge; with @merge, the edge already there if there is one (the
 * graphs have no parallel edges: only the edges of START and END are
 * added to them) */
static PlotEdge *
add_edge (PlotPageData *page,
          guint         from,
          guint         to,
          gboolean      merge)
{
  PlotEdge e = { from, to, -1, -1, 1, FALSE, NULL };

  for (guint i = 0; merge && i < page->edges->len; i++)
    {
      PlotEdge *old = &g_array_index (page->edges, PlotEdge, i);

      if (old->from == from && old->to == to)
        return old;
    }
  g_array_append_val (page->edges, e);
  return &g_array_index (page->edges, PlotEdge, page->edges->len - 1);
}

/* START -> inputs (inp_id) and outputs -> END (out_id), as schedula adds
 * them for sub-dispatch functions */
static void
add_port_edges (PlotPageData *page)
{
  const char *const *inputs = wrapper_inputs (page->wrapper);
  const char *const *outputs = wrapper_outputs (page->wrapper);
  gint start = find_node (page, SCHEDULA_START);
  gint end = find_node (page, SCHEDULA_END);

  for (guint i = 0; start >= 0 && inputs != NULL && inputs[i] != NULL; i++)
    {
      gint v = find_node (page, inputs[i]);

      if (v >= 0 && v != start)
        add_edge (page, start, v, TRUE)->inp_id = i;
    }
  for (guint i = 0; end >= 0 && outputs != NULL && outputs[i] != NULL; i++)
    {
      gint u = find_node (page, outputs[i]);

      if (u >= 0 && u != end)
        add_edge (page, u, end, TRUE)->out_id = i;
    }
}

static gboolean
any_in (PlotPageData      *page,
        const char *const *ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (find_node (page, ids[i]) >= 0)
      return TRUE;
  return FALSE;
}

/* The special nodes outside the model: START when the graph has it or an
 * input is drawn, END when an output is drawn, EMPTY for an empty page */
static void
add_special_nodes (PlotPageData *page,
                   gboolean      graph_has_start,
                   gboolean      graph_has_edges)
{
  const char *const *inputs = wrapper_inputs (page->wrapper);
  const char *const *outputs = wrapper_outputs (page->wrapper);
  gboolean any_input = any_in (page, inputs), any_output = any_in (page, outputs);

  if (page->nodes->len == 0 && !graph_has_edges &&
      (inputs == NULL || inputs[0] == NULL) && (outputs == NULL || outputs[0] == NULL))
    add_node (page, PLOT_EMPTY, NULL);
  if ((graph_has_start || any_input) && find_node (page, SCHEDULA_START) < 0)
    add_node (page, SCHEDULA_START, NULL);
  if (any_output && find_node (page, SCHEDULA_END) < 0)
    add_node (page, SCHEDULA_END, NULL);
  g_array_sort (page->nodes, node_order);
  index_nodes (page);
}

static void
build_model_page (PlotPageData *page)
{
  SchedulaDispatcher *dsp = page->dsp;
  g_autofree gint *plotted = g_new (gint, MAX (dsp->nodes->len, 1));
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *first = g_new0 (guint, dsp->nodes->len + 1);
  g_autofree guint *next = g_new (guint, MAX (dsp->edges->len, 1));
  gboolean has_start = FALSE;

  /* SINK only when it has edges */
  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      const char *id = schedula_node_get_id (node);

      if (g_str_equal (id, SCHEDULA_SINK))
        {
          gboolean linked = FALSE;

          for (guint e = 0; e < dsp->edges->len && !linked; e++)
            {
              SchedulaModelEdge *edge = &g_array_index (dsp->edges, SchedulaModelEdge, e);

              linked = edge->from == i || edge->to == i;
            }
          if (!linked)
            continue;
        }
      has_start |= g_str_equal (id, SCHEDULA_START);
      add_node (page, id, node);
    }
  add_special_nodes (page, has_start, dsp->edges->len > 0);

  /* The edges: by source node (the model's order), then in the order they
   * were added; self-loops are not drawn */
  for (guint i = 0; i < dsp->nodes->len; i++)
    plotted[i] = find_node (page, schedula_node_get_id (dsp->nodes->pdata[i]));
  for (guint e = dsp->edges->len; e-- > 0;)
    {
      SchedulaModelEdge *edge = &g_array_index (dsp->edges, SchedulaModelEdge, e);

      next[e] = first[edge->from];
      first[edge->from] = e + 1;
    }
  for (guint i = 0; i < dsp->nodes->len; i++)
    for (guint e1 = first[i]; e1 != 0; e1 = next[e1 - 1])
      {
        SchedulaModelEdge *edge = &g_array_index (dsp->edges, SchedulaModelEdge, e1 - 1);
        SchedulaNode *from = dsp->nodes->pdata[edge->from], *to = dsp->nodes->pdata[edge->to];
        PlotEdge *pe;
        gdouble weight;
        gboolean has_weight;

        if (edge->from == edge->to || plotted[edge->from] < 0 || plotted[edge->to] < 0)
          continue;
        has_weight = _schedula_edge_weight (from, to, &weight);
        pe = add_edge (page, plotted[edge->from], plotted[edge->to], FALSE);
        pe->weight = weight;
        /* schedula hides a weight of 1, and one of 0 into a sub-dispatcher
         * (the default of its input edges) */
        if (schedula_node_get_kind (to) == SCHEDULA_NODE_KIND_DISPATCHER)
          pe->has_weight = has_weight && weight != 0;
        else
          pe->has_weight = has_weight && weight != 1;
      }
  add_port_edges (page);
}

static void
build_workflow_page (PlotPageData *page)
{
  SchedulaDispatcher *dsp = page->dsp;
  SchedulaWorkflow *wf = page->wf;
  guint n_edges = schedula_workflow_get_n_edges (wf);

  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      const char *id = schedula_node_get_id (node);

      if (!schedula_workflow_has_node (wf, id))
        continue;
      if (g_str_equal (id, SCHEDULA_SINK))
        {
          g_auto(GStrv) succ = schedula_workflow_dup_successors (wf, id);
          g_auto(GStrv) pred = schedula_workflow_dup_predecessors (wf, id);

          if (succ[0] == NULL && pred[0] == NULL)
            continue;
        }
      add_node (page, id, node);
    }
  add_special_nodes (page, schedula_workflow_has_node (wf, SCHEDULA_START), n_edges > 0);

  for (guint e = 0; e < n_edges; e++)
    {
      const char *from, *to;
      const GValue *value;
      gint u, v;

      schedula_workflow_get_edge (wf, e, &from, &to, &value);
      u = find_node (page, from);
      v = find_node (page, to);
      if (u < 0 || v < 0 || u == v)
        continue;
      add_edge (page, u, v, FALSE)->value = value;
    }
  add_port_edges (page);

  /* The states: failed nodes; function nodes without some of their
   * declared edges */
  for (guint k = 0; k < page->nodes->len; k++)
    {
      PlotNode *n = &g_array_index (page->nodes, PlotNode, k);

      if (schedula_solution_get_error (page->sol, n->id) != NULL)
        n->state = PLOT_STATE_ERROR;
      else if (n->node != NULL && SCHEDULA_IS_FUNCTION_NODE (n->node))
        {
          SchedulaFunctionNode *fn = SCHEDULA_FUNCTION_NODE (n->node);

          for (guint i = 0; i < schedula_function_node_get_n_inputs (fn) && n->state == PLOT_STATE_INFO; i++)
            if (!schedula_workflow_get_edge_value (wf, schedula_function_node_get_input (fn, i), n->id, NULL))
              n->state = PLOT_STATE_WARNING;
          for (guint i = 0; i < schedula_function_node_get_n_outputs (fn) && n->state == PLOT_STATE_INFO; i++)
            if (!schedula_workflow_get_edge_value (wf, n->id, schedula_function_node_get_output (fn, i), NULL))
              n->state = PLOT_STATE_WARNING;
        }
    }
}

typedef struct
{
  PlotTree            *tree;
  gint                 depth;
  GHashTable          *memo;   /* what a page shows -> its position + 1 */
} Builder;

static guint new_page (Builder *b, gint parent, const char *name, SchedulaDispatcher *dsp,
                       SchedulaSolution *sol, SchedulaFunction *wrapper, SchedulaDispatcherNode *via);

/* The page node @k of @page opens: made (without its own children), or
 * found among those already made */
static gint
open_child (Builder      *b,
            PlotPageData *page,
            guint         k)
{
  PlotNode *n = &g_array_index (page->nodes, PlotNode, k);
  g_autoptr(SchedulaSolution) sub = NULL;
  g_autoptr(SchedulaDispatcher) sub_dsp = NULL;
  SchedulaDispatcher *child = NULL;
  SchedulaFunction *wrapper = NULL;
  SchedulaDispatcherNode *via = NULL;
  gconstpointer key;
  gpointer found;
  g_autofree char *name = NULL;

  if (n->node == NULL)
    return -1;
  if (SCHEDULA_IS_DISPATCHER_NODE (n->node))
    {
      via = SCHEDULA_DISPATCHER_NODE (n->node);
      child = schedula_dispatcher_node_get_child (via);
    }
  else if (SCHEDULA_IS_FUNCTION_NODE (n->node))
    {
      wrapper = schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (n->node));
      child = wrapper_dispatcher (wrapper);
    }
  else
    return -1;

  /* In a workflow, the node's solution if it has one (a sub-dispatcher that
   * started, a wrapper that ran, a function that attached a solution); else
   * the model it would run */
  if (page->workflow)
    sub = schedula_solution_get_sub_solution (page->sol, n->id);
  if (sub != NULL)
    {
      sub_dsp = schedula_solution_get_dispatcher (sub);
      if (sub_dsp == NULL)
        return -1;
      child = sub_dsp;
      key = _schedula_solution_state (sub);
    }
  else if (child != NULL)
    key = via != NULL ? (gconstpointer) via : (gconstpointer) wrapper;
  else
    return -1;

  if (g_hash_table_lookup_extended (b->memo, key, NULL, &found))
    return GPOINTER_TO_INT (found) - 1;
  name = g_strdup (n->id);
  return new_page (b, page->position, name, child, sub, wrapper, via);
}

/* A page and its nodes and edges; add_pages() opens its children */
static guint
new_page (Builder                *b,
          gint                    parent,
          const char             *name,
          SchedulaDispatcher     *dsp,
          SchedulaSolution       *sol,
          SchedulaFunction       *wrapper,
          SchedulaDispatcherNode *via)
{
  PlotPageData *page = g_new0 (PlotPageData, 1);
  PlotPageData *up = parent >= 0 ? b->tree->pages->pdata[parent] : NULL;
  GPtrArray *path = g_ptr_array_new ();

  page->position = b->tree->pages->len;
  page->parent = parent;
  page->level = up != NULL ? up->level + 1 : 0;
  page->name = g_strdup (name);
  for (guint i = 0; up != NULL && up->path[i] != NULL; i++)
    g_ptr_array_add (path, g_strdup (up->path[i]));
  g_ptr_array_add (path, g_strdup (name));
  g_ptr_array_add (path, NULL);
  page->path = (char **) g_ptr_array_free (path, FALSE);
  page->workflow = sol != NULL;
  page->dsp = g_object_ref (dsp);
  page->sol = sol != NULL ? g_object_ref (sol) : NULL;
  page->wf = sol != NULL ? schedula_solution_get_workflow (sol) : NULL;
  page->wrapper = wrapper != NULL ? g_object_ref (wrapper) : NULL;
  page->via = via != NULL ? g_object_ref (via) : NULL;
  page->nodes = g_array_new (FALSE, FALSE, sizeof (PlotNode));
  g_array_set_clear_func (page->nodes, plot_node_clear);
  page->edges = g_array_new (FALSE, FALSE, sizeof (PlotEdge));
  page->children = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (b->tree->pages, page);

  if (sol != NULL)
    g_hash_table_insert (b->memo, _schedula_solution_state (sol), GUINT_TO_POINTER (page->position + 1));
  else
    g_hash_table_insert (b->memo, via != NULL ? (gpointer) via : wrapper != NULL ? (gpointer) wrapper : (gpointer) dsp,
                         GUINT_TO_POINTER (page->position + 1));

  if (page->workflow)
    build_workflow_page (page);
  else
    build_model_page (page);
  return page->position;
}

/* Opens the children of page @root, theirs and so on, depth first in node
 * order (the pages are numbered in that order), down to the depth of the
 * options; with a stack of its own, not a recursion per level */
static void
add_pages (Builder *b,
           guint    root)
{
  typedef struct { guint page; guint k; } Frame;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  Frame top = { root, 0 };

  g_array_append_val (stack, top);
  while (stack->len > 0)
    {
      Frame *f = &g_array_index (stack, Frame, stack->len - 1);
      PlotPageData *page = b->tree->pages->pdata[f->page];
      guint before = b->tree->pages->len;
      guint k = f->k++;
      gint child;

      if ((b->depth >= 0 && page->level >= (guint) b->depth) || k >= page->nodes->len)
        {
          g_array_set_size (stack, stack->len - 1);
          continue;
        }
      child = open_child (b, page, k);
      g_array_index (page->nodes, PlotNode, k).child = child;
      if (child >= 0 && (guint) child >= before)
        {
          Frame next = { child, 0 };

          g_array_append_val (page->children, next.page);
          g_array_append_val (stack, next);
        }
    }
}

PlotTree *
_schedula_plot_tree_build (SchedulaDispatcher  *dsp,
                           SchedulaSolution    *sol,
                           SchedulaPlotOptions *options)
{
  PlotTree *tree = g_new0 (PlotTree, 1);
  Builder b = { tree, -1, NULL };
  const char *name;

  g_atomic_ref_count_init (&tree->ref_count);
  tree->options = options != NULL ? g_object_ref (options) : schedula_plot_options_new ();
  tree->pages = g_ptr_array_new_with_free_func (page_data_free);
  b.depth = schedula_plot_options_get_depth (tree->options);
  b.memo = g_hash_table_new (NULL, NULL);

  name = schedula_plot_options_get_title (tree->options);
  if (name == NULL || name[0] == '\0')
    name = schedula_dispatcher_get_name (dsp);
  if (name == NULL || name[0] == '\0')
    name = "Dispatcher";
  add_pages (&b, new_page (&b, -1, name, dsp, sol, NULL, NULL));
  g_hash_table_unref (b.memo);

  tree->handles = g_new0 (GWeakRef, tree->pages->len);
  for (guint i = 0; i < tree->pages->len; i++)
    g_weak_ref_init (&tree->handles[i], NULL);
  return tree;
}

/* The rows ------------------------------------------------------------------- */

static void
plot_row_clear (gpointer data)
{
  PlotRow *row = data;

  g_free (row->key);
  g_free (row->value);
}

static GArray *
rows_new (void)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (PlotRow));

  g_array_set_clear_func (rows, plot_row_clear);
  return rows;
}

static void
add_row (GArray     *rows,
         const char *key,
         char       *value)   /* taken */
{
  PlotRow row = { g_strdup (key), value };

  g_array_append_val (rows, row);
}

char *
_schedula_plot_cut (const char *text,
                    guint       max_lines,
                    guint       max_width)
{
  GString *out = g_string_new (NULL);
  const char *line = text;
  guint n_lines = 0;

  while (line != NULL)
    {
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line) : strlen (line);
      glong width = g_utf8_strlen (line, len);

      if (max_lines > 0 && n_lines == max_lines)
        {
          g_string_append (out, "\n…");
          break;
        }
      if (n_lines > 0)
        g_string_append_c (out, '\n');
      if (max_width > 0 && width > (glong) max_width)
        {
          g_string_append_len (out, line, g_utf8_offset_to_pointer (line, max_width) - line);
          g_string_append (out, "…");
        }
      else
        g_string_append_len (out, line, len);
      n_lines++;
      line = end != NULL ? end + 1 : NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
cut_value (PlotTree     *tree,
           const GValue *value,
           guint         max_lines,
           guint         max_width)
{
  g_autofree char *text = schedula_plot_options_format_value (tree->options, value);
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return _schedula_plot_cut (valid, max_lines, max_width);
}

/* A number as schedula shows a weight: integers without a decimal point */
static char *
format_number (gdouble x)
{
  GValue v = G_VALUE_INIT;
  char *text;

  if (x == floor (x) && fabs (x) < 1e15)
    return g_strdup_printf ("%.0f", x);
  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, x);
  text = schedula_plot_format_value (&v);
  g_value_unset (&v);
  return text;
}

/* Ids in a row, the special ones as schedula writes them (sink, start) */
static char *
join_ids (GPtrArray *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      PlotKind kind = special_kind (ids->pdata[i]);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, PLOT_KIND_IS_SPECIAL (kind) ? _schedula_plot_styles[kind].label
                                                        : (const char *) ids->pdata[i]);
    }
  return g_string_free (out, FALSE);
}

static void
add_filter_rows (GArray    *rows,
                 GPtrArray *filters)
{
  for (guint i = 0; filters != NULL && i < filters->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("filter %u", i);
      const char *name = schedula_function_get_name (filters->pdata[i]);

      add_row (rows, key, g_strdup (name != NULL ? name : "?"));
    }
}

/* `remote parent N` and `remote child N`: where the data node of a
 * sub-dispatcher's page comes from and goes to in the parent */
static void
add_remote_rows (GArray       *rows,
                 PlotPageData *page,
                 const char   *id)
{
  SchedulaMapping *inputs, *outputs;
  g_autoptr(GPtrArray) parents = g_ptr_array_new ();
  const char *const *children;
  guint i = 0;

  if (page->via == NULL)
    return;
  inputs = schedula_dispatcher_node_get_inputs (page->via);
  outputs = schedula_dispatcher_node_get_outputs (page->via);
  for (guint k = 0; inputs != NULL && k < schedula_mapping_get_n_keys (inputs); k++)
    {
      const char *const *values = schedula_mapping_get_values (inputs, k);

      if (values != NULL && g_strv_contains (values, id))
        g_ptr_array_add (parents, (gpointer) schedula_mapping_get_key (inputs, k));
    }
  if (parents->len > 0)
    {
      g_autofree char *key = g_strdup_printf ("remote parent %u", i++);

      add_row (rows, key, join_ids (parents));
    }
  children = outputs != NULL ? schedula_mapping_lookup (outputs, id) : NULL;
  if (children != NULL && children[0] != NULL)
    {
      g_autofree char *key = g_strdup_printf ("remote child %u", i++);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (guint j = 0; children[j] != NULL; j++)
        g_ptr_array_add (ids, (gpointer) children[j]);
      add_row (rows, key, join_ids (ids));
    }
}

static void
add_solution_rows (GArray           *rows,
                   PlotTree         *tree,
                   PlotPageData     *page,
                   const PlotNode   *n,
                   SchedulaPlotRows  show,
                   guint             max_lines,
                   guint             max_width)
{
  SchedulaDistance d;

  if (!page->workflow)
    return;
  if ((show & SCHEDULA_PLOT_ROWS_DISTANCE) && schedula_solution_get_distance (page->sol, n->id, &d))
    add_row (rows, "distance", schedula_distance_to_string (&d));
  if ((show & SCHEDULA_PLOT_ROWS_ERROR) && schedula_solution_get_error (page->sol, n->id) != NULL)
    {
      g_autofree char *message = schedula_solution_dup_error_message (page->sol, n->id);
      g_autofree char *valid = g_utf8_make_valid (message, -1);

      add_row (rows, "error", _schedula_plot_cut (valid, max_lines, max_width));
    }
}

GArray *
_schedula_plot_node_rows (PlotTree         *tree,
                          PlotPageData     *page,
                          guint             k,
                          SchedulaPlotRows  show,
                          guint             max_lines,
                          guint             max_width)
{
  const PlotNode *n = &g_array_index (page->nodes, PlotNode, k);
  GArray *rows = rows_new ();

  if (n->node != NULL && SCHEDULA_IS_DATA_NODE (n->node))
    {
      SchedulaDataNode *data = SCHEDULA_DATA_NODE (n->node);
      SchedulaFunction *combiner = schedula_data_node_get_combiner (data);
      const SchedulaDistance *initial = schedula_data_node_get_initial_dist (data);
      const GValue *value;

      if ((show & SCHEDULA_PLOT_ROWS_DEFAULT_VALUE) && schedula_data_node_has_default_value (data))
        {
          add_row (rows, "default", cut_value (tree, schedula_data_node_get_default_value (data),
                                               max_lines, max_width));
          if (initial != NULL && (initial->inf != 0 || initial->num != 0))
            add_row (rows, "initial_dist", schedula_distance_to_string (initial));
        }
      if ((show & SCHEDULA_PLOT_ROWS_WAIT_INPUTS) && schedula_data_node_get_wait_inputs (data))
        add_row (rows, "wait_inputs", g_strdup ("True"));
      if ((show & SCHEDULA_PLOT_ROWS_AWAIT) && schedula_data_node_get_await_result (data))
        add_row (rows, "await_result", g_strdup ("True"));
      if ((show & SCHEDULA_PLOT_ROWS_FUNCTION) && combiner != NULL)
        add_row (rows, "function", g_strdup (schedula_function_get_name (combiner)));
      if (show & SCHEDULA_PLOT_ROWS_REMOTE_LINKS)
        add_remote_rows (rows, page, n->id);
      if (show & SCHEDULA_PLOT_ROWS_FILTERS)
        add_filter_rows (rows, schedula_data_node_get_filters (data));
      add_solution_rows (rows, tree, page, n, show, max_lines, max_width);
      if ((show & SCHEDULA_PLOT_ROWS_VALUE) && page->workflow && !PLOT_KIND_IS_SPECIAL (n->kind) &&
          schedula_solution_lookup_extended (page->sol, n->id, &value))
        add_row (rows, "output", cut_value (tree, value, max_lines, max_width));
    }
  else if (n->node != NULL)
    {
      SchedulaFunctionNode *fn = SCHEDULA_IS_FUNCTION_NODE (n->node) ? SCHEDULA_FUNCTION_NODE (n->node) : NULL;
      SchedulaDispatcherNode *dn = fn == NULL ? SCHEDULA_DISPATCHER_NODE (n->node) : NULL;
      SchedulaFunction *domain = fn ? schedula_function_node_get_input_domain (fn)
                                    : schedula_dispatcher_node_get_input_domain (dn);
      gboolean await_domain = fn ? schedula_function_node_get_await_domain (fn)
                                 : schedula_dispatcher_node_get_await_domain (dn);
      gboolean said;
      gdouble weight;

      /* the library does not record whether the await flags were given, as
       * schedula does: they are shown when they are not the default */
      if ((show & SCHEDULA_PLOT_ROWS_AWAIT) && !await_domain)
        add_row (rows, "await_domain", g_strdup ("False"));
      if ((show & SCHEDULA_PLOT_ROWS_AWAIT) && fn != NULL && schedula_function_node_get_await_result (fn))
        add_row (rows, "await_result", g_strdup ("True"));
      if ((show & SCHEDULA_PLOT_ROWS_DOMAIN) && page->workflow &&
          schedula_workflow_get_node_domain (page->wf, n->id, &said))
        add_row (rows, "solution_domain", g_strdup (said ? "True" : "False"));
      else if ((show & SCHEDULA_PLOT_ROWS_DOMAIN) && domain != NULL)
        add_row (rows, "input_domain", g_strdup (schedula_function_get_name (domain)));
      if ((show & SCHEDULA_PLOT_ROWS_WEIGHT) && _schedula_node_get_weight (n->node, &weight))
        add_row (rows, "weight", format_number (weight));
      if ((show & SCHEDULA_PLOT_ROWS_FILTERS) && fn != NULL)
        add_filter_rows (rows, schedula_function_node_get_filters (fn));
      if ((show & SCHEDULA_PLOT_ROWS_MISSING) && page->workflow && n->state == PLOT_STATE_WARNING)
        {
          g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
          g_autoptr(GPtrArray) outputs = g_ptr_array_new ();

          for (guint i = 0; i < schedula_function_node_get_n_inputs (fn); i++)
            if (!schedula_workflow_get_edge_value (page->wf, schedula_function_node_get_input (fn, i), n->id, NULL))
              g_ptr_array_add (inputs, (gpointer) schedula_function_node_get_input (fn, i));
          for (guint i = 0; i < schedula_function_node_get_n_outputs (fn); i++)
            if (!schedula_workflow_get_edge_value (page->wf, n->id, schedula_function_node_get_output (fn, i), NULL))
              g_ptr_array_add (outputs, (gpointer) schedula_function_node_get_output (fn, i));
          if (inputs->len > 0)
            add_row (rows, "M_inputs", join_ids (inputs));
          if (outputs->len > 0)
            add_row (rows, "M_outputs", join_ids (outputs));
        }
      add_solution_rows (rows, tree, page, n, show, max_lines, max_width);
    }
  else
    add_solution_rows (rows, tree, page, n, show, max_lines, max_width);
  return rows;
}

GArray *
_schedula_plot_edge_rows (PlotTree         *tree,
                          PlotPageData     *page,
                          const PlotEdge   *edge,
                          SchedulaPlotRows  show,
                          guint             max_lines,
                          guint             max_width)
{
  GArray *rows = rows_new ();

  if ((show & SCHEDULA_PLOT_ROWS_PORTS) && edge->inp_id >= 0)
    add_row (rows, "inp_id", g_strdup_printf ("%d", edge->inp_id));
  if ((show & SCHEDULA_PLOT_ROWS_PORTS) && edge->out_id >= 0)
    add_row (rows, "out_id", g_strdup_printf ("%d", edge->out_id));
  if ((show & SCHEDULA_PLOT_ROWS_WEIGHT) && edge->has_weight)
    add_row (rows, "weight", format_number (edge->weight));
  if ((show & SCHEDULA_PLOT_ROWS_EDGE_VALUE) && edge->value != NULL)
    add_row (rows, "value", cut_value (tree, edge->value, max_lines, max_width));
  return rows;
}

char *
_schedula_plot_node_tooltip (PlotPageData *page,
                             guint         k)
{
  const PlotNode *n = &g_array_index (page->nodes, PlotNode, k);
  const char *description = n->node != NULL ? schedula_node_get_description (n->node) : NULL;

  if (description != NULL && description[0] != '\0')
    return g_utf8_make_valid (description, -1);
  if (PLOT_KIND_IS_SPECIAL (n->kind))
    return g_strdup (_schedula_plot_styles[n->kind].legend);
  return g_utf8_make_valid (n->id, -1);
}

/* The page object ---------------------------------------------------------- */

static void
schedula_plot_page_finalize (GObject *object)
{
  SchedulaPlotPage *self = SCHEDULA_PLOT_PAGE (object);

  g_clear_pointer (&self->tree, _schedula_plot_tree_unref);

  G_OBJECT_CLASS (schedula_plot_page_parent_class)->finalize (object);
}

static void
schedula_plot_page_class_init (SchedulaPlotPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_plot_page_finalize;
}

static void
schedula_plot_page_init (SchedulaPlotPage *self)
{
}

static PlotPageData *
data (SchedulaPlotPage *self)
{
  return self->tree->pages->pdata[self->position];
}

/**
 * schedula_plot_page_get_name:
 * @self: a #SchedulaPlotPage
 *
 * Gets the name of the page: for the first, the name of the plotted
 * dispatcher (or [property@PlotOptions:title]); for the others, the id of
 * the node that opens them.
 *
 * Returns: the name
 */
const char *
schedula_plot_page_get_name (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  return data (self)->name;
}

/**
 * schedula_plot_page_get_path:
 * @self: a #SchedulaPlotPage
 *
 * Gets the names of the pages from the first to this one.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names
 */
const char *const *
schedula_plot_page_get_path (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  return (const char *const *) data (self)->path;
}

/**
 * schedula_plot_page_get_label:
 * @self: a #SchedulaPlotPage
 *
 * Gets what the page draws, as schedula labels its graphs: `dmap` for a
 * model, `workflow` for the workflow of a solution.
 *
 * Returns: `dmap` or `workflow`
 */
const char *
schedula_plot_page_get_label (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  return data (self)->workflow ? "workflow" : "dmap";
}

/**
 * schedula_plot_page_get_position:
 * @self: a #SchedulaPlotPage
 *
 * Gets the position of the page in its [class@PlotMap]: 0 for the first,
 * then every page after the one that opens it, depth first.
 *
 * Returns: the position
 */
guint
schedula_plot_page_get_position (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), 0);

  return self->position;
}

/**
 * schedula_plot_page_dup_parent:
 * @self: a #SchedulaPlotPage
 *
 * Gets the page whose node opens this one.
 *
 * Returns: (transfer full) (nullable): the parent page, or %NULL for the
 *   first page
 */
SchedulaPlotPage *
schedula_plot_page_dup_parent (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  if (data (self)->parent < 0)
    return NULL;
  return _schedula_plot_tree_dup_page (self->tree, data (self)->parent);
}

/**
 * schedula_plot_page_get_dispatcher:
 * @self: a #SchedulaPlotPage
 *
 * Gets the dispatcher the page draws: the model, or the one the solution
 * is a solution of.
 *
 * Returns: (transfer none): the dispatcher
 */
SchedulaDispatcher *
schedula_plot_page_get_dispatcher (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  return data (self)->dsp;
}

/**
 * schedula_plot_page_get_solution:
 * @self: a #SchedulaPlotPage
 *
 * Gets the solution whose workflow the page draws.
 *
 * Returns: (transfer none) (nullable): the solution, or %NULL for a page
 *   of a model
 */
SchedulaSolution *
schedula_plot_page_get_solution (SchedulaPlotPage *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  return data (self)->sol;
}

/**
 * schedula_plot_page_dup_node_ids:
 * @self: a #SchedulaPlotPage
 *
 * Gets the ids of the nodes the page draws, in the order it draws them
 * (schedula's: by node index, END last). The special nodes are there by
 * their ids: `$START`, `$SINK`, `$SELF`, `$PLOT`, `$END` and `$EMPTY`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_plot_page_dup_node_ids (SchedulaPlotPage *self)
{
  PlotPageData *page;
  GPtrArray *ids;

  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);

  page = data (self);
  ids = g_ptr_array_new ();
  for (guint k = 0; k < page->nodes->len; k++)
    g_ptr_array_add (ids, g_strdup (g_array_index (page->nodes, PlotNode, k).id));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

/**
 * schedula_plot_page_dup_child:
 * @self: a #SchedulaPlotPage
 * @node_id: the id of a node of the page
 *
 * Gets the page a node opens: a sub-dispatcher node or a function node
 * whose function is a dispatcher, when [property@PlotOptions:depth] lets
 * the plot go that deep.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL if the node
 *   opens none
 */
SchedulaPlotPage *
schedula_plot_page_dup_child (SchedulaPlotPage *self,
                              const char       *node_id)
{
  PlotPageData *page;
  gint k;

  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  page = data (self);
  k = find_node (page, node_id);
  if (k < 0 || g_array_index (page->nodes, PlotNode, k).child < 0)
    return NULL;
  return _schedula_plot_tree_dup_page (self->tree, g_array_index (page->nodes, PlotNode, k).child);
}

/**
 * schedula_plot_page_to_dot:
 * @self: a #SchedulaPlotPage
 * @error: return location for a #GError
 *
 * Writes the page as a Graphviz DOT graph, alone: the nodes that open
 * other pages are drawn, not what they open.
 *
 * Returns: (transfer full): the DOT text, or %NULL with @error set
 */
char *
schedula_plot_page_to_dot (SchedulaPlotPage  *self,
                           GError           **error)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _schedula_plot_dot_page (self->tree, self->position, FALSE);
}

/**
 * schedula_plot_page_to_svg:
 * @self: a #SchedulaPlotPage
 * @error: return location for a #GError
 *
 * Renders the page with Graphviz (libgvc, in this process). Without
 * graphviz in the build (%SCHEDULA_HAS_GRAPHVIZ is 0) it fails with
 * %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full): the SVG document, or %NULL with @error set
 */
char *
schedula_plot_page_to_svg (SchedulaPlotPage  *self,
                           GError           **error)
{
  g_autofree char *dot = NULL;

  g_return_val_if_fail (SCHEDULA_IS_PLOT_PAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dot = _schedula_plot_dot_page (self->tree, self->position, FALSE);
  return _schedula_plot_render_svg (dot, error);
}
