/* schedula-workflow.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-dispatch-private.h"
#include "schedula-private.h"

/**
 * SchedulaWorkflow:
 *
 * What happened during a dispatch, as schedula's `Solution.workflow`: the
 * nodes the search reached, in the order they were reached (START first),
 * and the edges values travelled on, with those values. Attributes of
 * workflow nodes are available too: the results of a function, the answer of
 * its domain, the solution of a sub-dispatcher.
 *
 * A workflow is a snapshot of its [class@Solution], which it keeps alive.
 */

/* An edge of the workflow is a graph edge, or an edge from START: then
 * START_EDGE | its position in the solution's start_edges. */
#define START_EDGE 0x80000000u

struct _SchedulaWorkflow
{
  GObject           parent_instance;

  SchedulaSolution *solution;
  SolState         *sol;
  guint32          *nodes;   /* graph nodes in workflow order; SCHEDULA_NO_NODE is
                              * START when the model has no START node */
  guint32          *first;   /* per position in nodes (and one more): its first edge */
  guint32          *edges;   /* by source node, then in the order they were added */
  guint             n_nodes;
  guint             n_edges;
};

G_DEFINE_FINAL_TYPE (SchedulaWorkflow, schedula_workflow, G_TYPE_OBJECT)

static void
schedula_workflow_finalize (GObject *object)
{
  SchedulaWorkflow *self = SCHEDULA_WORKFLOW (object);

  g_free (self->nodes);
  g_free (self->first);
  g_free (self->edges);
  g_clear_object (&self->solution);

  G_OBJECT_CLASS (schedula_workflow_parent_class)->finalize (object);
}

static void
schedula_workflow_class_init (SchedulaWorkflowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_workflow_finalize;
}

static void
schedula_workflow_init (SchedulaWorkflow *self)
{
}

typedef struct
{
  guint32 item;   /* a node or an edge */
  guint32 seq;
} Ordered;

static int
ordered_cmp (gconstpointer a,
             gconstpointer b)
{
  guint32 x = ((const Ordered *) a)->seq, y = ((const Ordered *) b)->seq;

  return x < y ? -1 : x > y;
}

SchedulaWorkflow *
_schedula_workflow_new (SchedulaSolution *solution)
{
  SchedulaWorkflow *self = g_object_new (SCHEDULA_TYPE_WORKFLOW, NULL);
  SolState *sol = _schedula_solution_state (solution);
  SchedulaGraph *g = sol->graph;
  g_autofree Ordered *order = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (Ordered));
  guint n_nodes = g->start == SCHEDULA_NO_NODE, n_edges = 0;

  self->solution = g_object_ref (solution);
  self->sol = sol;

  for (guint32 n = 0; n < g->n_nodes; n++)
    if (sol->ns[n].flags & NS_WF)
      n_nodes++;
  for (guint k = 0; k < sol->start_edges->len; k++)
    n_edges += g_array_index (sol->start_edges, StartEdge, k).seq != 0;
  for (guint32 e = 0; e < g->n_edges; e++)
    n_edges += sol->edge_seq[e] != 0;

  /* The nodes, by the order they joined */
  order = g_new (Ordered, MAX (n_nodes, 1));
  n_nodes = 0;
  if (g->start == SCHEDULA_NO_NODE)
    order[n_nodes++] = (Ordered) { SCHEDULA_NO_NODE, 0 };
  for (guint32 n = 0; n < g->n_nodes; n++)
    if (sol->ns[n].flags & NS_WF)
      order[n_nodes++] = (Ordered) { n, sol->ns[n].wf_seq };
  qsort (order, n_nodes, sizeof (Ordered), ordered_cmp);

  self->n_nodes = n_nodes;
  self->nodes = g_new (guint32, MAX (n_nodes, 1));
  self->first = g_new (guint32, n_nodes + 1);
  self->edges = g_new (guint32, MAX (n_edges, 1));

  /* Their edges, each node's in the order they were added */
  for (guint i = 0; i < n_nodes; i++)
    {
      guint32 u = order[i].item;

      self->nodes[i] = u;
      self->first[i] = self->n_edges;
      g_array_set_size (out, 0);
      if (u == SCHEDULA_NO_NODE || u == g->start)
        for (guint k = 0; k < sol->start_edges->len; k++)
          {
            guint32 seq = g_array_index (sol->start_edges, StartEdge, k).seq;
            Ordered o = { START_EDGE | k, seq };

            if (seq != 0)
              g_array_append_val (out, o);
          }
      if (u != SCHEDULA_NO_NODE)
        for (guint32 e = g->nodes[u].succ; e < g->nodes[u + 1].succ; e++)
          if (sol->edge_seq[e] != 0)
            {
              Ordered o = { e, sol->edge_seq[e] };

              g_array_append_val (out, o);
            }
      g_array_sort (out, ordered_cmp);
      for (guint k = 0; k < out->len; k++)
        self->edges[self->n_edges++] = g_array_index (out, Ordered, k).item;
    }
  self->first[n_nodes] = self->n_edges;
  return self;
}

static const char *
node_id (SchedulaWorkflow *self,
         guint32           n)
{
  return n == SCHEDULA_NO_NODE ? SCHEDULA_START : self->sol->graph->ids[n];
}

/* The source node of edge @position */
static guint32
edge_source (SchedulaWorkflow *self,
             guint             position)
{
  guint lo = 0, hi = self->n_nodes;

  /* the last node whose first edge is at or before @position */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (self->first[mid] <= position)
        lo = mid;
      else
        hi = mid;
    }
  return self->nodes[lo];
}

static guint32
edge_target (SchedulaWorkflow *self,
             guint32           edge)
{
  if (edge & START_EDGE)
    return g_array_index (self->sol->start_edges, StartEdge, edge & ~START_EDGE).node;
  return self->sol->graph->succ_to[edge];
}

static const GValue *
edge_value (SchedulaWorkflow *self,
            guint32           edge)
{
  if (edge & START_EDGE)
    return g_array_index (self->sol->start_edges, StartEdge, edge & ~START_EDGE).value;
  return self->sol->edge_value[edge];
}

/* The workflow position of the node called @id, or -1 */
static gint
node_position (SchedulaWorkflow *self,
               const char       *id)
{
  SolState *sol = self->sol;
  guint32 n = _schedula_graph_lookup (sol->graph, id);
  guint lo = 0, hi = self->n_nodes;

  if (n == SCHEDULA_NO_NODE)
    return self->n_nodes > 0 && self->nodes[0] == SCHEDULA_NO_NODE && g_str_equal (id, SCHEDULA_START)
           ? 0 : -1;
  if (!(sol->ns[n].flags & NS_WF))
    return -1;
  /* nodes are sorted by the order they joined: look for the node's turn */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      guint32 m = self->nodes[mid];
      guint32 seq = m == SCHEDULA_NO_NODE ? 0 : sol->ns[m].wf_seq;

      if (m == n)
        return mid;
      if (seq < sol->ns[n].wf_seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

/**
 * schedula_workflow_get_solution:
 * @self: a #SchedulaWorkflow
 *
 * Gets the solution of this workflow.
 *
 * Returns: (transfer none): the solution
 */
SchedulaSolution *
schedula_workflow_get_solution (SchedulaWorkflow *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);

  return self->solution;
}

/**
 * schedula_workflow_get_n_nodes:
 * @self: a #SchedulaWorkflow
 *
 * Gets the number of nodes.
 *
 * Returns: the number of nodes
 */
guint
schedula_workflow_get_n_nodes (SchedulaWorkflow *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), 0);

  return self->n_nodes;
}

/**
 * schedula_workflow_get_node_id:
 * @self: a #SchedulaWorkflow
 * @position: a position below [method@Workflow.get_n_nodes]
 *
 * Gets the id of a node, in the order nodes joined the workflow.
 *
 * Returns: the id
 */
const char *
schedula_workflow_get_node_id (SchedulaWorkflow *self,
                               guint             position)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (position < self->n_nodes, NULL);

  return node_id (self, self->nodes[position]);
}

/**
 * schedula_workflow_get_model_node:
 * @self: a #SchedulaWorkflow
 * @position: a position below [method@Workflow.get_n_nodes]
 *
 * Gets the model node of a workflow node.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL for START when the
 *   model has no START node
 */
SchedulaNode *
schedula_workflow_get_model_node (SchedulaWorkflow *self,
                                  guint             position)
{
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (position < self->n_nodes, NULL);

  n = self->nodes[position];
  return n == SCHEDULA_NO_NODE ? NULL : self->sol->graph->objs[n];
}

/**
 * schedula_workflow_has_node:
 * @self: a #SchedulaWorkflow
 * @id: a node id
 *
 * Whether a node is in the workflow.
 *
 * Returns: %TRUE if @id is a node of the workflow
 */
gboolean
schedula_workflow_has_node (SchedulaWorkflow *self,
                            const char       *id)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return node_position (self, id) >= 0;
}

/**
 * schedula_workflow_get_n_edges:
 * @self: a #SchedulaWorkflow
 *
 * Gets the number of edges.
 *
 * Returns: the number of edges
 */
guint
schedula_workflow_get_n_edges (SchedulaWorkflow *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), 0);

  return self->n_edges;
}

/**
 * schedula_workflow_get_edge:
 * @self: a #SchedulaWorkflow
 * @position: a position below [method@Workflow.get_n_edges]
 * @from: (out) (optional) (transfer none): the id of the source node
 * @to: (out) (optional) (transfer none): the id of the target node
 * @value: (out) (optional) (transfer none) (nullable): the value the edge
 *   carried, or %NULL when it carried none (`no-call` dispatches)
 *
 * Gets an edge, in schedula's order: by source node, then in the order
 * edges were added.
 */
void
schedula_workflow_get_edge (SchedulaWorkflow  *self,
                            guint              position,
                            const char       **from,
                            const char       **to,
                            const GValue     **value)
{
  g_return_if_fail (SCHEDULA_IS_WORKFLOW (self));
  g_return_if_fail (position < self->n_edges);

  if (from)
    *from = node_id (self, edge_source (self, position));
  if (to)
    *to = node_id (self, edge_target (self, self->edges[position]));
  if (value)
    *value = edge_value (self, self->edges[position]);
}

/**
 * schedula_workflow_get_edge_value:
 * @self: a #SchedulaWorkflow
 * @from: the id of the source node
 * @to: the id of the target node
 * @value: (out) (optional) (transfer none) (nullable): the value the edge
 *   carried, or %NULL when it carried none
 *
 * Looks an edge up.
 *
 * Returns: %TRUE if the workflow has the edge
 */
gboolean
schedula_workflow_get_edge_value (SchedulaWorkflow  *self,
                                  const char        *from,
                                  const char        *to,
                                  const GValue     **value)
{
  gint u;

  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  u = node_position (self, from);
  if (u < 0)
    return FALSE;
  for (guint i = self->first[u]; i < self->first[u + 1]; i++)
    if (g_str_equal (node_id (self, edge_target (self, self->edges[i])), to))
      {
        if (value)
          *value = edge_value (self, self->edges[i]);
        return TRUE;
      }
  return FALSE;
}

static char **
neighbours (SchedulaWorkflow *self,
            const char       *id,
            gboolean          successors)
{
  GPtrArray *out = g_ptr_array_new ();
  gint u = node_position (self, id);

  if (u >= 0 && successors)
    for (guint i = self->first[u]; i < self->first[u + 1]; i++)
      g_ptr_array_add (out, g_strdup (node_id (self, edge_target (self, self->edges[i]))));
  else if (u >= 0)
    {
      guint32 n = self->nodes[u];

      for (guint v = 0; v < self->n_nodes; v++)
        for (guint i = self->first[v]; i < self->first[v + 1]; i++)
          if (edge_target (self, self->edges[i]) == n)
            g_ptr_array_add (out, g_strdup (node_id (self, self->nodes[v])));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/**
 * schedula_workflow_dup_successors:
 * @self: a #SchedulaWorkflow
 * @id: a node id
 *
 * Gets the successors of a node in the workflow.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_workflow_dup_successors (SchedulaWorkflow *self,
                                  const char       *id)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return neighbours (self, id, TRUE);
}

/**
 * schedula_workflow_dup_predecessors:
 * @self: a #SchedulaWorkflow
 * @id: a node id
 *
 * Gets the predecessors of a node in the workflow.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_workflow_dup_predecessors (SchedulaWorkflow *self,
                                    const char       *id)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return neighbours (self, id, FALSE);
}

/**
 * schedula_workflow_get_node_results:
 * @self: a #SchedulaWorkflow
 * @id: the id of a function node
 * @n_results: (out): the number of results
 *
 * Gets the results of a function node after its filters (schedula's
 * `results` attribute): one per declared output; a result the function did
 * not set is NONE.
 *
 * Returns: (transfer none) (array length=n_results) (nullable): the
 *   results, or %NULL if the function did not run
 */
const GValue *
schedula_workflow_get_node_results (SchedulaWorkflow *self,
                                    const char       *id,
                                    guint            *n_results)
{
  SolState *sol;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (n_results != NULL, NULL);

  *n_results = 0;
  sol = self->sol;
  n = _schedula_graph_lookup (sol->graph, id);
  if (n == SCHEDULA_NO_NODE || sol->graph->nodes[n].kind != SCHEDULA_NODE_KIND_FUNCTION ||
      !(sol->ns[n].flags & NS_WF) || sol->results[sol->graph->nodes[n].info] == NULL)
    return NULL;
  *n_results = sol->graph->funcs[sol->graph->nodes[n].info].n_outputs;
  return sol->results[sol->graph->nodes[n].info];
}

/**
 * schedula_workflow_get_node_domain:
 * @self: a #SchedulaWorkflow
 * @id: a node id
 * @result: (out) (optional): what the input domain said
 *
 * Gets what the input domain of a node said (schedula's `solution_domain`).
 *
 * Returns: %TRUE if the domain of the node ran
 */
gboolean
schedula_workflow_get_node_domain (SchedulaWorkflow *self,
                                   const char       *id,
                                   gboolean         *result)
{
  SolState *sol;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  sol = self->sol;
  n = _schedula_graph_lookup (sol->graph, id);
  if (n == SCHEDULA_NO_NODE || !(sol->ns[n].flags & NS_DOMAIN) || !(sol->ns[n].flags & NS_WF))
    return FALSE;
  if (result)
    *result = (sol->ns[n].flags & NS_DOMAIN_TRUE) != 0;
  return TRUE;
}

/**
 * schedula_workflow_get_node_solution:
 * @self: a #SchedulaWorkflow
 * @id: the id of a sub-dispatcher or function node
 *
 * Gets the solution of a sub-dispatcher node, or the one the function of a
 * function node attached (schedula's `solution` attribute).
 *
 * Returns: (transfer full) (nullable): the solution, or %NULL
 */
SchedulaSolution *
schedula_workflow_get_node_solution (SchedulaWorkflow *self,
                                     const char       *id)
{
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return schedula_solution_get_sub_solution (self->solution, id);
}
