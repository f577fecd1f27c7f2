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

typedef struct
{
  guint32       from;   /* SCHEDULA_NO_NODE for START when it is not a node */
  guint32       to;
  const GValue *value;
} WfEdge;

struct _SchedulaWorkflow
{
  GObject           parent_instance;

  SchedulaSolution *solution;
  SolState         *sol;
  GArray           *nodes;   /* guint32; SCHEDULA_NO_NODE is START without node */
  GArray           *edges;   /* WfEdge */
};

G_DEFINE_FINAL_TYPE (SchedulaWorkflow, schedula_workflow, G_TYPE_OBJECT)

static void
schedula_workflow_finalize (GObject *object)
{
  SchedulaWorkflow *self = SCHEDULA_WORKFLOW (object);

  g_array_unref (self->nodes);
  g_array_unref (self->edges);
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
  guint32 node;
  guint32 seq;
} Ordered;

static int
ordered_cmp (gconstpointer a,
             gconstpointer b)
{
  guint32 x = ((const Ordered *) a)->seq, y = ((const Ordered *) b)->seq;

  return x < y ? -1 : x > y;
}

typedef struct
{
  WfEdge  edge;
  guint32 seq;
} OrderedEdge;

static int
ordered_edge_cmp (gconstpointer a,
                  gconstpointer b)
{
  guint32 x = ((const OrderedEdge *) a)->seq, y = ((const OrderedEdge *) b)->seq;

  return x < y ? -1 : x > y;
}

SchedulaWorkflow *
_schedula_workflow_new (SchedulaSolution *solution)
{
  SchedulaWorkflow *self = g_object_new (SCHEDULA_TYPE_WORKFLOW, NULL);
  SolState *sol = _schedula_solution_state (solution);
  SchedulaGraph *g = sol->graph;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Ordered));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (OrderedEdge));

  self->solution = g_object_ref (solution);
  self->sol = sol;
  self->nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->edges = g_array_new (FALSE, FALSE, sizeof (WfEdge));

  if (g->start == SCHEDULA_NO_NODE)
    {
      Ordered o = { SCHEDULA_NO_NODE, 0 };

      g_array_append_val (order, o);
    }
  for (guint32 n = 0; n < g->n_nodes; n++)
    if (sol->ns[n].flags & NS_WF)
      {
        Ordered o = { n, sol->ns[n].wf_seq };

        g_array_append_val (order, o);
      }
  g_array_sort (order, ordered_cmp);

  for (guint i = 0; i < order->len; i++)
    {
      guint32 u = g_array_index (order, Ordered, i).node;

      g_array_append_val (self->nodes, u);
      g_array_set_size (out, 0);
      if (u == SCHEDULA_NO_NODE || u == g->start)
        for (guint k = 0; k < sol->start_edges->len; k++)
          {
            StartEdge *se = &g_array_index (sol->start_edges, StartEdge, k);
            OrderedEdge oe = { { u, se->node, se->value }, se->seq };

            if (se->seq != 0)
              g_array_append_val (out, oe);
          }
      if (u != SCHEDULA_NO_NODE)
        for (guint32 e = g->nodes[u].succ; e < g->nodes[u + 1].succ; e++)
          if (sol->edge_seq[e] != 0)
            {
              OrderedEdge oe = { { u, g->succ_to[e], sol->edge_value[e] }, sol->edge_seq[e] };

              g_array_append_val (out, oe);
            }
      g_array_sort (out, ordered_edge_cmp);
      for (guint k = 0; k < out->len; k++)
        g_array_append_val (self->edges, g_array_index (out, OrderedEdge, k).edge);
    }
  return self;
}

static const char *
node_id (SchedulaWorkflow *self,
         guint32           n)
{
  return n == SCHEDULA_NO_NODE ? SCHEDULA_START : self->sol->graph->nodes[n].id;
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

  return self->nodes->len;
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
  g_return_val_if_fail (position < self->nodes->len, NULL);

  return node_id (self, g_array_index (self->nodes, guint32, position));
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
  g_return_val_if_fail (position < self->nodes->len, NULL);

  n = g_array_index (self->nodes, guint32, position);
  return n == SCHEDULA_NO_NODE ? NULL : self->sol->graph->nodes[n].node;
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

  for (guint i = 0; i < self->nodes->len; i++)
    if (g_str_equal (node_id (self, g_array_index (self->nodes, guint32, i)), id))
      return TRUE;
  return FALSE;
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

  return self->edges->len;
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
  WfEdge *e;

  g_return_if_fail (SCHEDULA_IS_WORKFLOW (self));
  g_return_if_fail (position < self->edges->len);

  e = &g_array_index (self->edges, WfEdge, position);
  if (from)
    *from = node_id (self, e->from);
  if (to)
    *to = node_id (self, e->to);
  if (value)
    *value = e->value;
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
  g_return_val_if_fail (SCHEDULA_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  for (guint i = 0; i < self->edges->len; i++)
    {
      WfEdge *e = &g_array_index (self->edges, WfEdge, i);

      if (g_str_equal (node_id (self, e->from), from) && g_str_equal (node_id (self, e->to), to))
        {
          if (value)
            *value = e->value;
          return TRUE;
        }
    }
  return FALSE;
}

static char **
neighbours (SchedulaWorkflow *self,
            const char       *id,
            gboolean          successors)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < self->edges->len; i++)
    {
      WfEdge *e = &g_array_index (self->edges, WfEdge, i);

      if (successors && g_str_equal (node_id (self, e->from), id))
        g_ptr_array_add (out, g_strdup (node_id (self, e->to)));
      else if (!successors && g_str_equal (node_id (self, e->to), id))
        g_ptr_array_add (out, g_strdup (node_id (self, e->from)));
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
 * not set is an unset #GValue.
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
 * @id: the id of a sub-dispatcher node
 *
 * Gets the solution of a sub-dispatcher node (schedula's `solution`
 * attribute).
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
