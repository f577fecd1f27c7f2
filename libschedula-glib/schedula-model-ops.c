/* schedula-model-ops.c: sub-dispatchers, reductions and shrinking
 *
 * These are schedula's get_sub_dsp, get_sub_dsp_from_workflow and
 * shrink_dsp. They all produce a SchedulaGraphDesc: nodes of a model and
 * edges in the order schedula would insert them. A desc is compiled for a
 * dispatch (the reduction of dispatch(outputs=...)), or materialized as a new
 * SchedulaDispatcher for the public API.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-model-ops-private.h"
#include "schedula-dispatch-private.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-private.h"

/* Adjacency: the graph a search walks, over the nodes of a compiled model.
 * START without a node of its own is SCHEDULA_NO_NODE. */

typedef struct _Union Union;
struct _Union
{
  SchedulaGraph *graph;
  guint8        *edges;     /* per edge of graph */
  guint8        *start;     /* per node: an edge from START */
  gboolean       has_start_node;
  Union        **children;  /* per sub info */
};

typedef enum {
  ADJ_DMAP,
  ADJ_WORKFLOW,
  ADJ_UNION,
} AdjKind;

typedef struct
{
  AdjKind        kind;
  SchedulaGraph *m;      /* the model searched (nodes and attributes) */
  SolState      *sol;    /* ADJ_WORKFLOW: its graph may differ from m */
  Union         *u;      /* ADJ_UNION */
} Adjacency;

static guint32
to_model (Adjacency *adj,
          guint32    n)
{
  if (n == SCHEDULA_NO_NODE || adj->kind != ADJ_WORKFLOW || adj->sol->graph == adj->m)
    return n;
  return _schedula_graph_lookup (adj->m, adj->sol->graph->ids[n]);
}

static guint32
from_model (Adjacency *adj,
            guint32    n)
{
  if (adj->kind != ADJ_WORKFLOW || adj->sol->graph == adj->m)
    return n;
  return _schedula_graph_lookup (adj->sol->graph, adj->m->ids[n]);
}

static gboolean
adj_has_node (Adjacency *adj,
              guint32    n)
{
  SchedulaGraph *g;

  switch (adj->kind)
    {
    case ADJ_DMAP:
      return TRUE;
    case ADJ_WORKFLOW:
      n = from_model (adj, n);
      return n != SCHEDULA_NO_NODE && (adj->sol->ns[n].flags & NS_WF);
    case ADJ_UNION:
      g = adj->u->graph;
      if (adj->u->start[n] || (n == g->start && adj->u->has_start_node))
        return TRUE;
      for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
        if (adj->u->edges[e])
          return TRUE;
      for (guint32 p = g->nodes[n].pred; p < g->nodes[n + 1].pred; p++)
        if (adj->u->edges[g->pred_edge[p]])
          return TRUE;
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/* The neighbours of model node @n (successors, or predecessors with
 * @reverse), as model nodes. */
static void
adj_neighbours (Adjacency *adj,
                guint32    n,
                gboolean   reverse,
                GArray    *out)
{
  SchedulaGraph *g;
  guint32 none = SCHEDULA_NO_NODE;

  g_array_set_size (out, 0);
  switch (adj->kind)
    {
    case ADJ_DMAP:
      g = adj->m;
      if (reverse)
        g_array_append_vals (out, g->pred_from + g->nodes[n].pred, g->nodes[n + 1].pred - g->nodes[n].pred);
      else
        g_array_append_vals (out, g->succ_to + g->nodes[n].succ, g->nodes[n + 1].succ - g->nodes[n].succ);
      return;

    case ADJ_WORKFLOW:
      {
        SolState *sol = adj->sol;

        g = sol->graph;
        n = from_model (adj, n);
        if (n == SCHEDULA_NO_NODE)
          return;
        if (reverse)
          {
            if (sol->ns[n].start_edge != 0 &&
                g_array_index (sol->start_edges, StartEdge, sol->ns[n].start_edge - 1).seq != 0)
              {
                guint32 s = g->start != SCHEDULA_NO_NODE ? to_model (adj, g->start) : none;

                g_array_append_val (out, s);
              }
            for (guint32 p = g->nodes[n].pred; p < g->nodes[n + 1].pred; p++)
              if (sol->edge_seq[g->pred_edge[p]] != 0)
                {
                  guint32 m = to_model (adj, g->pred_from[p]);

                  g_array_append_val (out, m);
                }
          }
        else
          {
            if (n == g->start)
              for (guint i = 0; i < sol->start_edges->len; i++)
                {
                  StartEdge *se = &g_array_index (sol->start_edges, StartEdge, i);

                  if (se->seq != 0)
                    {
                      guint32 m = to_model (adj, se->node);

                      g_array_append_val (out, m);
                    }
                }
            for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
              if (sol->edge_seq[e] != 0)
                {
                  guint32 m = to_model (adj, g->succ_to[e]);

                  g_array_append_val (out, m);
                }
          }
        return;
      }

    case ADJ_UNION:
      g = adj->u->graph;
      if (reverse)
        {
          if (adj->u->start[n])
            {
              guint32 s = g->start != SCHEDULA_NO_NODE ? g->start : none;

              g_array_append_val (out, s);
            }
          for (guint32 p = g->nodes[n].pred; p < g->nodes[n + 1].pred; p++)
            if (adj->u->edges[g->pred_edge[p]])
              g_array_append_val (out, g->pred_from[p]);
        }
      else
        {
          if (n == g->start)
            for (guint32 k = 0; k < g->n_nodes; k++)
              if (adj->u->start[k])
                g_array_append_val (out, k);
          for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
            if (adj->u->edges[e])
              g_array_append_val (out, g->succ_to[e]);
        }
      return;

    default:
      g_assert_not_reached ();
    }
}

/* The breadth-first search of schedula's get_sub_dsp_from_workflow */

enum {
  FAM_NONE,
  FAM_OPEN,
  FAM_BLOCKED,
};

typedef struct
{
  SchedulaGraph     *m;
  Adjacency         *adj;
  SchedulaGraphDesc *desc;
  gint32            *pos;      /* model node -> position in desc, -1 */
  guint8            *family;
  guint8            *blocker;
  GQueue             queue;
  guint8            *edge_added; /* per model edge: already in desc */
} Bfs;

static void
bfs_add_node (Bfs     *bfs,
              guint32  n,
              gboolean add2family,
              gboolean block)
{
  if (bfs->pos[n] < 0)
    bfs->pos[n] = _schedula_graph_desc_add_node (bfs->desc, bfs->m->objs[n]);
  if (add2family)
    {
      bfs->family[n] = block && bfs->blocker[n] ? FAM_BLOCKED : FAM_OPEN;
      g_queue_push_tail (&bfs->queue, GUINT_TO_POINTER (n));
    }
}

/* Adds the model edge @from -> @to, if the model has it. */
/* Adds the model edge @from -> @to, if the model has it and the desc does
 * not yet (an edge added again keeps its place). */
static void
bfs_add_edge (Bfs     *bfs,
              guint32  from,
              guint32  to)
{
  SchedulaModelEdge e;
  guint32 me = _schedula_graph_edge_find (bfs->m, from, to);

  if (me == SCHEDULA_NO_NODE || bfs->edge_added[me])
    return;
  bfs->edge_added[me] = TRUE;
  e.from = bfs->pos[from];
  e.to = bfs->pos[to];
  g_array_append_val (bfs->desc->edges, e);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  SchedulaGraph *m = data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  const char *ix = x == SCHEDULA_NO_NODE ? SCHEDULA_START : m->ids[x];
  const char *iy = y == SCHEDULA_NO_NODE ? SCHEDULA_START : m->ids[y];

  return _schedula_id_compare (ix, iy);
}

static gboolean
is_start (SchedulaGraph *m,
          guint32        n)
{
  return n == SCHEDULA_NO_NODE || n == m->start;
}

static gboolean
in_family (Bfs         *bfs,
           const char  *id)
{
  guint32 k = _schedula_graph_lookup (bfs->m, id);

  return k != SCHEDULA_NO_NODE && bfs->family[k] != FAM_NONE;
}

static GrFunc *
func_info (SchedulaGraph *m,
           guint32        n)
{
  return m->nodes[n].kind == SCHEDULA_NODE_KIND_FUNCTION ? &m->funcs[m->nodes[n].info] : NULL;
}

static SchedulaGraphDesc *
bfs_run (SchedulaGraph     *m,
         Adjacency         *adj,
         GPtrArray         *sources,     /* model nodes */
         gboolean           reverse,
         gboolean           add_missing,
         gboolean           check_inputs,
         GHashTable        *blockers,    /* ids */
         gboolean           wildcard,
         gboolean           avoid_cycles)
{
  Bfs bfs = { m, adj, NULL, NULL, NULL, NULL, G_QUEUE_INIT, NULL };

  g_autoptr(GArray) nb = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (sources, NULL, NULL);

  bfs.desc = _schedula_graph_desc_new (m->dsp);
  bfs.pos = g_new (gint32, MAX (m->n_nodes, 1));
  memset (bfs.pos, 0xff, sizeof (gint32) * MAX (m->n_nodes, 1));
  bfs.family = g_new0 (guint8, MAX (m->n_nodes, 1));
  bfs.blocker = g_new0 (guint8, MAX (m->n_nodes, 1));
  bfs.edge_added = g_new0 (guint8, MAX (m->n_edges, 1));
  if (blockers != NULL)
    for (guint32 n = 0; n < m->n_nodes; n++)
      bfs.blocker[n] = g_hash_table_contains (blockers, m->ids[n]);

  g_ptr_array_sort_with_data (sorted, (GCompareDataFunc) compare_ids, m);
  for (guint i = 0; i < sorted->len; i++)
    {
      guint32 s = GPOINTER_TO_UINT (sorted->pdata[i]);

      if (!adj_has_node (adj, s))
        continue;
      bfs_add_node (&bfs, s, TRUE, !(wildcard && bfs.blocker[s]));
    }

  while (!g_queue_is_empty (&bfs.queue))
    {
      guint32 parent = GPOINTER_TO_UINT (g_queue_pop_head (&bfs.queue));

      if (bfs.family[parent] != FAM_OPEN)
        continue;
      adj_neighbours (adj, parent, reverse, nb);
      g_array_sort_with_data (nb, compare_ids, m);
      for (guint i = 0; i < nb->len; i++)
        {
          guint32 child = g_array_index (nb, guint32, i);
          GrFunc *f;

          if (i > 0 && child == g_array_index (nb, guint32, i - 1))
            continue;

          if (!reverse)
            {
              if (is_start (m, child))
                continue;
              if ((f = func_info (m, child)) != NULL)
                {
                  gboolean all = TRUE;

                  for (guint k = 0; k < f->n_inputs && all; k++)
                    all = in_family (&bfs, f->input_ids[k]);
                  if (all)
                    {
                      bfs_add_node (&bfs, child, TRUE, FALSE);
                      for (guint k = 0; k < f->n_inputs; k++)
                        bfs_add_edge (&bfs, _schedula_graph_lookup (m, f->input_ids[k]), child);
                      continue;
                    }
                  if (check_inputs && !add_missing)
                    continue;
                  bfs_add_node (&bfs, child, TRUE, FALSE);
                  for (guint k = 0; k < f->n_inputs; k++)
                    {
                      guint32 p = _schedula_graph_lookup (m, f->input_ids[k]);

                      if (p == SCHEDULA_NO_NODE)
                        continue;
                      if (add_missing && bfs.family[p] == FAM_NONE)
                        {
                          bfs_add_node (&bfs, p, FALSE, FALSE);
                          bfs_add_edge (&bfs, p, child);
                        }
                    }
                  for (guint k = 0; k < f->n_inputs; k++)
                    {
                      guint32 p = _schedula_graph_lookup (m, f->input_ids[k]);

                      if (p != SCHEDULA_NO_NODE && bfs.family[p] != FAM_NONE)
                        bfs_add_edge (&bfs, p, child);
                    }
                }
            }
          else
            {
              if (is_start (m, child))
                {
                  if (child == SCHEDULA_NO_NODE || m->nodes[parent].kind == SCHEDULA_NODE_KIND_DATA)
                    continue;
                }
              else if (avoid_cycles && (f = func_info (m, child)) != NULL)
                {
                  gboolean any = FALSE;

                  for (guint k = 0; k < f->n_inputs && !any; k++)
                    any = in_family (&bfs, f->input_ids[k]);
                  if (any)
                    continue;
                }
            }

          if (bfs.family[child] == FAM_NONE)
            bfs_add_node (&bfs, child, TRUE, TRUE);
          if (reverse)
            bfs_add_edge (&bfs, child, parent);
          else
            bfs_add_edge (&bfs, parent, child);
        }
    }

  g_free (bfs.pos);
  g_free (bfs.family);
  g_free (bfs.blocker);
  g_free (bfs.edge_added);
  return bfs.desc;
}

/* Helpers over a desc */

/* The ids of the predecessors (@pred) or successors of desc node @k */
static GHashTable *
desc_neighbour_ids (SchedulaGraphDesc *desc,
                    guint              k,
                    gboolean           pred)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < desc->edges->len; i++)
    {
      SchedulaModelEdge *e = &g_array_index (desc->edges, SchedulaModelEdge, i);

      if (pred && e->to == k)
        g_hash_table_add (ids, (gpointer) schedula_node_get_id (desc->nodes->pdata[e->from]));
      else if (!pred && e->from == k)
        g_hash_table_add (ids, (gpointer) schedula_node_get_id (desc->nodes->pdata[e->to]));
    }
  return ids;
}

static GHashTable *
desc_data_ids (SchedulaGraphDesc *desc)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < desc->nodes->len; i++)
    if (SCHEDULA_IS_DATA_NODE (desc->nodes->pdata[i]))
      g_hash_table_add (ids, (gpointer) schedula_node_get_id (desc->nodes->pdata[i]));
  return ids;
}

/* schedula's _update_io: the mappings of sub-dispatcher @si restricted to
 * the parent nodes that remain (@pred, @succ) and the child data nodes
 * (@nds). */
static void
restrict_mappings (SchedulaGraph    *m,
                   GrSub         *si,
                   GHashTable       *pred,
                   GHashTable       *succ,
                   GHashTable       *nds,
                   SchedulaMapping **inputs,
                   SchedulaMapping **outputs)
{
  SchedulaGraph *cg = si->child;

  *inputs = schedula_mapping_new ();
  *outputs = schedula_mapping_new ();
  for (guint i = 0; i < si->n_inputs; i++)
    {
      GrMap *me = &si->inputs[i];
      const char *key = m->ids[me->node];

      if (!g_hash_table_contains (pred, key))
        continue;
      for (guint j = 0; j < me->n; j++)
        if (g_hash_table_contains (nds, cg->ids[me->targets[j]]))
          schedula_mapping_add (*inputs, key, cg->ids[me->targets[j]]);
    }
  for (guint i = 0; i < si->n_outputs; i++)
    {
      GrMap *me = &si->outputs[i];
      const char *key = cg->ids[me->node];

      if (!g_hash_table_contains (nds, key))
        continue;
      for (guint j = 0; j < me->n; j++)
        if (g_hash_table_contains (succ, m->ids[me->targets[j]]))
          schedula_mapping_add (*outputs, key, m->ids[me->targets[j]]);
    }
}

/* A description whose sub-dispatcher nodes update_links () still has to
 * reduce */
typedef struct
{
  SchedulaGraph     *m;
  SchedulaGraphDesc *desc;
} LinkUpdate;

/* schedula's link update: each sub-dispatcher node gets the reduction of
 * its child to what its remaining parent nodes feed and need. The reduced
 * children go to @queue for theirs: no recursion over the nesting. */
static void
update_links (SchedulaGraph     *m,
              SchedulaGraphDesc *desc,
              GArray            *queue)
{
  for (guint k = 0; k < desc->nodes->len; k++)
    {
      SchedulaNode *node = desc->nodes->pdata[k];
      guint32 n;
      GrSub *si;
      g_autoptr(GHashTable) pred = NULL;
      g_autoptr(GHashTable) succ = NULL;
      g_autoptr(GHashTable) inp = NULL;
      g_autoptr(GHashTable) nds = NULL;
      g_autoptr(GPtrArray) sources = NULL;
      Adjacency cadj = { ADJ_DMAP, NULL, NULL, NULL };
      SchedulaGraphDesc *child;
      SchedulaMapping *inputs, *outputs;
      LinkUpdate next;

      if (!SCHEDULA_IS_DISPATCHER_NODE (node))
        continue;
      n = _schedula_graph_lookup (m, schedula_node_get_id (node));
      si = &m->subs[m->nodes[n].info];
      pred = desc_neighbour_ids (desc, k, TRUE);
      succ = desc_neighbour_ids (desc, k, FALSE);
      inp = g_hash_table_new (g_str_hash, g_str_equal);
      sources = g_ptr_array_new ();
      for (guint i = 0; i < si->n_inputs; i++)
        if (g_hash_table_contains (pred, m->ids[si->inputs[i].node]))
          for (guint j = 0; j < si->inputs[i].n; j++)
            {
              guint32 t = si->inputs[i].targets[j];

              if (g_hash_table_add (inp, (gpointer) si->child->ids[t]))
                g_ptr_array_add (sources, GUINT_TO_POINTER (t));
            }
      for (guint i = 0; i < si->n_outputs; i++)
        {
          gboolean any = FALSE;

          for (guint j = 0; j < si->outputs[i].n && !any; j++)
            any = g_hash_table_contains (succ, m->ids[si->outputs[i].targets[j]]);
          if (any && !g_hash_table_contains (inp, si->child->ids[si->outputs[i].node]))
            g_ptr_array_add (sources, GUINT_TO_POINTER (si->outputs[i].node));
        }
      cadj.m = si->child;
      child = bfs_run (si->child, &cadj, sources, TRUE, FALSE, TRUE, inp, TRUE, FALSE);
      nds = desc_data_ids (child);
      restrict_mappings (m, si, pred, succ, nds, &inputs, &outputs);
      _schedula_graph_desc_set_override (desc, node, child, inputs, outputs);
      /* the nodes of child are final: what its own children become does
       * not change them */
      next.m = si->child;
      next.desc = child;
      g_array_append_val (queue, next);
    }
}

static SchedulaGraphDesc *
sub_dsp_from_workflow (SchedulaGraph *m,
                       Adjacency     *adj,
                       GPtrArray     *sources,
                       gboolean       reverse,
                       gboolean       add_missing,
                       gboolean       check_inputs,
                       GHashTable    *blockers,
                       gboolean       wildcard,
                       gboolean       update)
{
  SchedulaGraphDesc *desc = bfs_run (m, adj, sources, reverse, add_missing, check_inputs,
                                     blockers, wildcard, FALSE);
  g_autoptr(GArray) queue = NULL;
  LinkUpdate top = { m, desc };

  if (!update)
    return desc;
  queue = g_array_new (FALSE, FALSE, sizeof (LinkUpdate));
  g_array_append_val (queue, top);
  while (queue->len > 0)
    {
      LinkUpdate next = g_array_index (queue, LinkUpdate, queue->len - 1);

      g_array_set_size (queue, queue->len - 1);
      update_links (next.m, next.desc, queue);
    }
  return desc;
}

static GPtrArray *
model_nodes (SchedulaGraph     *m,
             const char *const *ids)
{
  GPtrArray *nodes = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      guint32 n = _schedula_graph_lookup (m, ids[i]);

      if (n != SCHEDULA_NO_NODE && g_hash_table_add (seen, GUINT_TO_POINTER (n + 1)))
        g_ptr_array_add (nodes, GUINT_TO_POINTER (n));
    }
  return nodes;
}

static GHashTable *
id_set (const char *const *ids)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (set, (gpointer) ids[i]);
  return set;
}

/* The reduction of dispatch(outputs=...) */

/* The reductions of a dispatcher are cached by the sets of input and output
 * ids: a set hash finds the candidate, the sets themselves confirm it. */
typedef struct
{
  guint64        hash;
  GHashTable    *inputs;
  GHashTable    *outputs;
  gboolean       wildcard;
  SchedulaGraph *graph;
} Reduction;

static void
reduction_free (gpointer data)
{
  Reduction *r = data;

  g_hash_table_unref (r->inputs);
  g_hash_table_unref (r->outputs);
  _schedula_graph_unref (r->graph);
  g_free (r);
}

static guint64
mix (const char *s)
{
  guint64 h = g_str_hash (s);

  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  return h;
}

/* An order-independent hash of a set of ids (duplicates count once) */
static guint64
set_hash (const char *const *ids,
          guint             *n_unique)
{
  g_autoptr(GHashTable) seen = NULL;
  guint64 h = 0;
  guint n = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      gboolean dup = FALSE;

      /* short lists are scanned, long ones go through a set */
      if (i < 16)
        for (guint j = 0; j < i && !dup; j++)
          dup = g_str_equal (ids[i], ids[j]);
      else
        {
          if (seen == NULL)
            {
              seen = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint j = 0; j < i; j++)
                g_hash_table_add (seen, (gpointer) ids[j]);
            }
          dup = !g_hash_table_add (seen, (gpointer) ids[i]);
        }
      if (!dup)
        {
          h += mix (ids[i]);
          n++;
        }
    }
  *n_unique = n;
  return h;
}

static gboolean
same_set (GHashTable        *set,
          const char *const *ids,
          guint              n_unique)
{
  if (g_hash_table_size (set) != n_unique)
    return FALSE;
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!g_hash_table_contains (set, ids[i]))
      return FALSE;
  return TRUE;
}

static GHashTable *
owned_set (const char *const *ids)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (ids[i]));
  return set;
}

/* Whether @desc is @graph again: the same nodes, and for each node the same
 * successors and predecessors in the same order (the order of the nodes
 * themselves does not matter to a search). Then the compiled graph serves:
 * a chain reduced to its last output is the whole chain. */
static gboolean
desc_same_as_graph (SchedulaGraphDesc *desc,
                    SchedulaGraph     *graph)
{
  g_autofree guint32 *map = NULL;
  g_autofree guint32 *succ_seen = NULL;
  g_autofree guint32 *pred_seen = NULL;

  if (desc->nodes->len != graph->n_nodes || desc->edges->len != graph->n_edges ||
      desc->overrides != NULL)
    return FALSE;
  map = g_new (guint32, MAX (graph->n_nodes, 1));
  for (guint i = 0; i < desc->nodes->len; i++)
    {
      SchedulaNode *node = desc->nodes->pdata[i];
      guint32 n = _schedula_graph_lookup (graph, schedula_node_get_id (node));

      if (n == SCHEDULA_NO_NODE || graph->objs[n] != node)
        return FALSE;
      map[i] = n;
    }
  succ_seen = g_new0 (guint32, MAX (graph->n_nodes, 1));
  pred_seen = g_new0 (guint32, MAX (graph->n_nodes, 1));
  for (guint i = 0; i < desc->edges->len; i++)
    {
      SchedulaModelEdge *e = &g_array_index (desc->edges, SchedulaModelEdge, i);
      guint32 u = map[e->from], v = map[e->to];
      guint32 si = graph->nodes[u].succ + succ_seen[u]++;
      guint32 pi = graph->nodes[v].pred + pred_seen[v]++;

      if (si >= graph->nodes[u + 1].succ || graph->succ_to[si] != v ||
          pi >= graph->nodes[v + 1].pred || graph->pred_from[pi] != u)
        return FALSE;
    }
  return TRUE;
}

/* The cached reduction for these sets, with a reference for the caller, or
 * NULL. Called with the dispatcher's lock held: an entry may be evicted and
 * freed as soon as the lock is released, so the reference is taken here. */
static SchedulaGraph *
reduction_lookup_locked (SchedulaDispatcher *self,
                         guint64             hash,
                         const char *const  *inputs,
                         guint               n_in,
                         const char *const  *outputs,
                         guint               n_out,
                         gboolean            wildcard)
{
  for (guint i = 0; self->reductions != NULL && i < self->reductions->len; i++)
    {
      Reduction *r = self->reductions->pdata[i];

      if (r->hash == hash && r->wildcard == wildcard && same_set (r->inputs, inputs, n_in) &&
          same_set (r->outputs, outputs, n_out) && _schedula_graph_is_current (r->graph))
        return _schedula_graph_ref (r->graph);
    }
  return NULL;
}

SchedulaGraph *
_schedula_dispatcher_get_reduction (SchedulaDispatcher *self,
                                    const char *const  *inputs,
                                    const char *const  *outputs,
                                    gboolean            wildcard)
{
  g_autoptr(SchedulaGraph) full = _schedula_dispatcher_get_graph (self);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GHashTable) blockers = NULL;
  g_autoptr(SchedulaGraphDesc) desc = NULL;
  Adjacency adj = { ADJ_DMAP, full, NULL, NULL };
  SchedulaGraph *graph;
  guint n_in, n_out;
  guint64 hash;
  Reduction *r, *evicted = NULL;

  hash = set_hash (inputs, &n_in) * 31 + set_hash (outputs, &n_out) * 17 + (wildcard ? 1 : 0);

  g_mutex_lock (&self->lock);
  graph = reduction_lookup_locked (self, hash, inputs, n_in, outputs, n_out, wildcard);
  g_mutex_unlock (&self->lock);
  if (graph != NULL)
    return graph;

  sources = model_nodes (full, outputs);
  blockers = id_set (inputs);
  desc = sub_dsp_from_workflow (full, &adj, sources, TRUE, FALSE, TRUE, blockers, wildcard, TRUE);

  r = g_new0 (Reduction, 1);
  r->hash = hash;
  r->wildcard = wildcard;
  r->inputs = owned_set (inputs);
  r->outputs = owned_set (outputs);
  if (desc_same_as_graph (desc, full))
    r->graph = _schedula_graph_ref (full);
  else
    {
      _schedula_graph_desc_sort (desc);
      r->graph = _schedula_graph_compile (desc);
    }

  /* Another thread may have compiled the same reduction meanwhile: keep one */
  g_mutex_lock (&self->lock);
  graph = reduction_lookup_locked (self, hash, inputs, n_in, outputs, n_out, wildcard);
  if (graph == NULL)
    {
      graph = _schedula_graph_ref (r->graph);
      if (self->reductions == NULL)
        self->reductions = g_ptr_array_new_with_free_func (reduction_free);
      if (self->reductions->len >= 8)
        evicted = g_ptr_array_steal_index (self->reductions, 0);
      g_ptr_array_add (self->reductions, g_steal_pointer (&r));
    }
  g_mutex_unlock (&self->lock);
  /* Freed outside the lock: the last reference to a function may go with
   * a graph, and its destroy notify is the caller's code */
  g_clear_pointer (&r, reduction_free);
  g_clear_pointer (&evicted, reduction_free);
  return graph;
}

/* Public model operations */

/**
 * schedula_dispatcher_get_sub_dispatcher:
 * @self: a #SchedulaDispatcher
 * @nodes: (array zero-terminated=1): the ids of the nodes to keep (matched
 *   as [method@Dispatcher.get_node] does)
 * @removed_edges: (nullable) (array zero-terminated=1): pairs of ids
 *   (from, to, from, to, …) of edges to leave out
 * @error: return location for a #GError
 *
 * Makes the sub-dispatcher induced by @nodes, as schedula's `get_sub_dsp`:
 * function nodes that miss an input, or that are left without outputs, are
 * dropped, and so are isolated nodes. Nodes are copies; functions and child
 * dispatchers are shared.
 *
 * Returns: (transfer full): a new dispatcher, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_get_sub_dispatcher (SchedulaDispatcher  *self,
                                        const char *const   *nodes,
                                        const char *const   *removed_edges,
                                        GError             **error)
{
  g_autoptr(SchedulaGraph) m = NULL;
  g_autoptr(SchedulaGraphDesc) desc = NULL;
  g_autoptr(GHashTable) bunch = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gint32 *pos = NULL;
  g_autofree guint8 *alive = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autoptr(GArray) bunch_order = g_array_new (FALSE, FALSE, sizeof (guint32));
  SchedulaGraphDesc *out;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (nodes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (removed_edges != NULL && g_strv_length ((char **) removed_edges) % 2 != 0)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "removed_edges holds pairs of ids, but has an odd number of them (%u)",
                   g_strv_length ((char **) removed_edges));
      return NULL;
    }
  m = _schedula_dispatcher_get_graph (self);
  for (guint i = 0; nodes[i] != NULL; i++)
    {
      SchedulaNode *node = _schedula_dispatcher_find_fuzzy (self, nodes[i]);

      if (node == NULL)
        {
          const char *path[] = { nodes[i], NULL };
          g_autofree char *p = _schedula_format_path (path);

          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "Path %s does not exist in %s dispatcher.", p, self->name);
          return NULL;
        }
      if (g_hash_table_add (bunch, (gpointer) schedula_node_get_id (node)))
        {
          guint32 n = _schedula_graph_lookup (m, schedula_node_get_id (node));

          g_array_append_val (bunch_order, n);
        }
    }

  /* The induced subgraph, in model order */
  alive = g_new0 (guint8, MAX (m->n_nodes, 1));
  for (guint32 n = 0; n < m->n_nodes; n++)
    alive[n] = g_hash_table_contains (bunch, m->ids[n]);
  edges = g_array_new (FALSE, FALSE, sizeof (SchedulaModelEdge));
  for (guint32 u = 0; u < m->n_nodes; u++)
    for (guint32 e = m->nodes[u].succ; e < m->nodes[u + 1].succ; e++)
      if (alive[u] && alive[m->succ_to[e]])
        {
          SchedulaModelEdge me = { u, m->succ_to[e] };

          g_array_append_val (edges, me);
        }

  /* Functions missing an input */
  for (guint i = 0; i < bunch_order->len; i++)
    {
      guint32 n = g_array_index (bunch_order, guint32, i);
      GrFunc *f = func_info (m, n);

      if (f == NULL)
        continue;
      for (guint k = 0; k < f->n_inputs; k++)
        if (!g_hash_table_contains (bunch, f->input_ids[k]))
          alive[n] = FALSE;
    }

  /* Removed edges */
  for (guint i = 0; removed_edges != NULL && removed_edges[i] != NULL; i += 2)
    {
      guint32 a = _schedula_graph_lookup (m, removed_edges[i]);
      guint32 b = _schedula_graph_lookup (m, removed_edges[i + 1]);

      for (guint j = 0; j < edges->len; j++)
        {
          SchedulaModelEdge *me = &g_array_index (edges, SchedulaModelEdge, j);

          if (me->from == a && me->to == b)
            me->from = me->to = SCHEDULA_NO_NODE;
        }
    }

  /* Function nodes without outputs, then isolated nodes */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autofree guint32 *n_in = g_new0 (guint32, MAX (m->n_nodes, 1));
      g_autofree guint32 *n_out = g_new0 (guint32, MAX (m->n_nodes, 1));
      guint8 *dead = g_new0 (guint8, MAX (m->n_nodes, 1));

      for (guint j = 0; j < edges->len; j++)
        {
          SchedulaModelEdge *me = &g_array_index (edges, SchedulaModelEdge, j);

          if (me->from == SCHEDULA_NO_NODE || !alive[me->from] || !alive[me->to])
            continue;
          n_out[me->from]++;
          n_in[me->to]++;
        }
      for (guint32 n = 0; n < m->n_nodes; n++)
        if (alive[n])
          {
            if (pass == 0)
              dead[n] = m->nodes[n].kind == SCHEDULA_NODE_KIND_FUNCTION && n_out[n] == 0;
            else
              dead[n] = n_in[n] == 0 && n_out[n] == 0;
          }
      for (guint32 n = 0; n < m->n_nodes; n++)
        if (dead[n])
          alive[n] = FALSE;
      g_free (dead);
    }

  desc = _schedula_graph_desc_new (self);
  pos = g_new (gint32, MAX (m->n_nodes, 1));
  for (guint32 n = 0; n < m->n_nodes; n++)
    pos[n] = alive[n] ? (gint32) _schedula_graph_desc_add_node (desc, m->objs[n]) : -1;
  for (guint j = 0; j < edges->len; j++)
    {
      SchedulaModelEdge me = g_array_index (edges, SchedulaModelEdge, j);

      if (me.from == SCHEDULA_NO_NODE || !alive[me.from] || !alive[me.to])
        continue;
      me.from = pos[me.from];
      me.to = pos[me.to];
      g_array_append_val (desc->edges, me);
    }
  out = desc;
  return _schedula_graph_desc_materialize (out);
}

static SchedulaDispatcher *
from_workflow (SchedulaGraph              *m,
               Adjacency                  *adj,
               const char *const          *sources,
               SchedulaSubDispatcherFlags  flags,
               const char *const          *blockers,
               SchedulaWildcard            wildcard)
{
  g_autoptr(GPtrArray) src = model_nodes (m, sources);
  g_autoptr(GHashTable) block = id_set (blockers);
  g_autoptr(SchedulaGraphDesc) desc = NULL;

  desc = sub_dsp_from_workflow (m, adj, src,
                                (flags & SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE) != 0,
                                (flags & SCHEDULA_SUB_DISPATCHER_FLAGS_ADD_MISSING) != 0,
                                !(flags & SCHEDULA_SUB_DISPATCHER_FLAGS_NO_CHECK_INPUTS),
                                block, wildcard != SCHEDULA_WILDCARD_OFF, TRUE);
  return _schedula_graph_desc_materialize (desc);
}

/**
 * schedula_dispatcher_get_sub_dispatcher_from_workflow:
 * @self: a #SchedulaDispatcher
 * @sources: (array zero-terminated=1): the ids to search from
 * @flags: the direction and options of the search; with
 *   %SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL the model graph is searched,
 *   otherwise the workflow of the last solution
 * @blockers: (nullable) (array zero-terminated=1): ids the search does not
 *   go past
 * @wildcard: with a wildcard mode other than off, sources that are blockers
 *   are still searched from
 * @error: return location for a #GError
 *
 * Makes the sub-dispatcher of what a breadth-first search from @sources
 * reaches, as schedula's `get_sub_dsp_from_workflow`. Sub-dispatcher nodes
 * get their child reduced to what the remaining parent nodes feed and need.
 *
 * Returns: (transfer full): a new dispatcher, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_get_sub_dispatcher_from_workflow (SchedulaDispatcher          *self,
                                                      const char *const           *sources,
                                                      SchedulaSubDispatcherFlags   flags,
                                                      const char *const           *blockers,
                                                      SchedulaWildcard             wildcard,
                                                      GError                     **error)
{
  g_autoptr(SchedulaGraph) m = NULL;
  g_autoptr(SchedulaSolution) last = NULL;
  Adjacency adj = { ADJ_DMAP, NULL, NULL, NULL };

  g_return_val_if_fail (_SCHEDULA_SUB_DISPATCHER_FLAGS_VALID (flags), NULL);
  g_return_val_if_fail (_SCHEDULA_WILDCARD_VALID (wildcard), NULL);

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (sources != NULL, NULL);

  m = _schedula_dispatcher_get_graph (self);
  adj.m = m;
  if (!(flags & SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL))
    {
      last = schedula_dispatcher_get_solution (self);
      if (last == NULL)
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "dispatcher %s has no solution: dispatch it first or search the model",
                       self->name);
          return NULL;
        }
      adj.kind = ADJ_WORKFLOW;
      adj.sol = _schedula_solution_state (last);
    }
  return from_workflow (m, &adj, sources, flags, blockers, wildcard);
}

/**
 * schedula_solution_get_sub_dispatcher_from_workflow:
 * @self: a #SchedulaSolution
 * @sources: (array zero-terminated=1): the ids to search from
 * @flags: the direction and options of the search
 * @error: return location for a #GError
 *
 * Makes the sub-dispatcher of what a breadth-first search of this
 * solution's workflow from @sources reaches, as schedula's
 * `Solution.get_sub_dsp_from_workflow`.
 *
 * Returns: (transfer full): a new dispatcher, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_solution_get_sub_dispatcher_from_workflow (SchedulaSolution           *self,
                                                    const char *const          *sources,
                                                    SchedulaSubDispatcherFlags  flags,
                                                    GError                    **error)
{
  SolState *sol;
  Adjacency adj = { ADJ_WORKFLOW, NULL, NULL, NULL };

  g_return_val_if_fail (_SCHEDULA_SUB_DISPATCHER_FLAGS_VALID (flags), NULL);

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (sources != NULL, NULL);

  sol = _schedula_solution_state (self);
  {
    /* The model must still be there: a partial solution may outlive it */
    g_autoptr(SchedulaDispatcher) dsp = schedula_solution_get_dispatcher (self);

    if (dsp == NULL)
      {
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                     "the dispatcher of this solution no longer exists");
        return NULL;
      }
  }
  adj.m = sol->graph;
  adj.sol = sol;
  if (flags & SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL)
    adj.kind = ADJ_DMAP;
  return from_workflow (sol->graph, &adj, sources, flags, NULL, SCHEDULA_WILDCARD_OFF);
}

/* Shrinking (schedula's shrink_dsp) */

/* A wait map of @graph with the flags its own nodes give: children none */
static SchedulaWaitMap *
wait_map_own (SchedulaGraph *graph,
              gboolean       flag,
              gboolean       all_domain)
{
  SchedulaWaitMap *map = g_new0 (SchedulaWaitMap, 1);

  map->graph = _schedula_graph_ref (graph);
  map->flags = g_new (gint8, MAX (graph->n_nodes, 1));
  memset (map->flags, -1, MAX (graph->n_nodes, 1));
  map->children = g_new0 (SchedulaWaitMap *, MAX (graph->n_subs, 1));

  for (guint32 n = 0; n < graph->n_nodes; n++)
    {
      GrNode *g = &graph->nodes[n];

      if (g->kind == SCHEDULA_NODE_KIND_DATA && (g->flags & GNODE_WAIT) &&
          !g_str_equal (graph->ids[n], SCHEDULA_SINK))
        map->flags[n] = flag;
    }
  if (!all_domain)
    return map;

  for (guint32 n = 0; n < graph->n_nodes; n++)
    {
      GrNode *g = &graph->nodes[n];

      if (g->kind == SCHEDULA_NODE_KIND_FUNCTION && GR_DOMAIN (&graph->funcs[g->info]) != NULL)
        for (guint32 e = g->succ; e < graph->nodes[n + 1].succ; e++)
          map->flags[graph->succ_to[e]] = flag;
    }
  return map;
}

/* The flags of @map that its sub-dispatcher nodes give, once the maps of
 * their children are complete */
static void
wait_map_from_children (SchedulaWaitMap *map,
                        gboolean         flag)
{
  SchedulaGraph *graph = map->graph;

  for (guint32 n = 0; n < graph->n_nodes; n++)
    {
      GrNode *g = &graph->nodes[n];
      GrSub *si;
      SchedulaWaitMap *child;

      if (g->kind != SCHEDULA_NODE_KIND_DISPATCHER)
        continue;
      si = &graph->subs[g->info];
      child = map->children[g->info];
      /* A one-to-many output is a tuple in schedula's map: it flags nothing. */
      for (guint i = 0; i < si->n_outputs; i++)
        if (si->outputs[i].n_orig == 1 && si->outputs[i].n == 1 &&
            (si->domain != NULL || child->flags[si->outputs[i].node] >= 0))
          map->flags[si->outputs[i].targets[0]] = flag;
      if (si->domain != NULL)
        map->flags[n] = flag;
    }
}

/* The maps of the children are made top down (a list in which each comes
 * after its parent), then completed bottom up (the list backwards): no
 * recursion over the nesting */
SchedulaWaitMap *
_schedula_wait_map_new (SchedulaGraph *graph,
                        gboolean       flag,
                        gboolean       all_domain)
{
  SchedulaWaitMap *map = wait_map_own (graph, flag, all_domain);
  g_autoptr(GPtrArray) made = NULL;

  if (!all_domain)
    return map;
  made = g_ptr_array_new ();
  g_ptr_array_add (made, map);
  for (guint i = 0; i < made->len; i++)
    {
      SchedulaWaitMap *m = made->pdata[i];

      for (guint k = 0; k < m->graph->n_subs; k++)
        {
          m->children[k] = wait_map_own (m->graph->subs[k].child, flag, TRUE);
          g_ptr_array_add (made, m->children[k]);
        }
    }
  for (guint i = made->len; i > 0; i--)
    wait_map_from_children (made->pdata[i - 1], flag);
  return map;
}

void
_schedula_wait_map_free (SchedulaWaitMap *map)
{
  g_autoptr(GPtrArray) dead = NULL;

  if (map == NULL)
    return;
  dead = g_ptr_array_new ();
  g_ptr_array_add (dead, map);
  while (dead->len > 0)
    {
      SchedulaWaitMap *m = g_ptr_array_steal_index_fast (dead, dead->len - 1);

      for (guint i = 0; i < m->graph->n_subs; i++)
        if (m->children[i] != NULL)
          g_ptr_array_add (dead, m->children[i]);
      g_free (m->children);
      g_free (m->flags);
      _schedula_graph_unref (m->graph);
      g_free (m);
    }
}

static Union *
union_new (SchedulaGraph *graph)
{
  Union *u = g_new0 (Union, 1);

  u->graph = graph;
  u->edges = g_new0 (guint8, MAX (graph->n_edges, 1));
  u->start = g_new0 (guint8, MAX (graph->n_nodes, 1));
  u->children = g_new0 (Union *, MAX (graph->n_subs, 1));
  return u;
}

static void
union_free (Union *u)
{
  g_autoptr(GPtrArray) dead = NULL;

  if (u == NULL)
    return;
  dead = g_ptr_array_new ();
  g_ptr_array_add (dead, u);
  while (dead->len > 0)
    {
      Union *v = g_ptr_array_steal_index_fast (dead, dead->len - 1);

      for (guint i = 0; i < v->graph->n_subs; i++)
        if (v->children[i] != NULL)
          g_ptr_array_add (dead, v->children[i]);
      g_free (v->children);
      g_free (v->edges);
      g_free (v->start);
      g_free (v);
    }
}

/* schedula's _union_workflow; the sub-solutions with a list of (union,
 * solution) pairs, not by recursion. As schedula's (`if s:`), a
 * sub-solution without a value adds nothing, nor do the ones below it,
 * though its workflow may have START edges (an input that arrived while
 * its node waits): the shrunk child then drops that input's mapping. */
static void
union_add (Union    *u,
           SolState *sol)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, u);
  g_ptr_array_add (queue, sol);
  while (queue->len > 0)
    {
      SolState *s = g_ptr_array_steal_index_fast (queue, queue->len - 1);
      Union *v = g_ptr_array_steal_index_fast (queue, queue->len - 1);

      for (guint32 e = 0; e < s->graph->n_edges; e++)
        if (s->edge_seq[e] != 0)
          v->edges[e] = 1;
      for (guint i = 0; i < s->start_edges->len; i++)
        {
          StartEdge *se = &g_array_index (s->start_edges, StartEdge, i);

          if (se->seq != 0)
            {
              v->start[se->node] = 1;
              v->has_start_node = TRUE;
            }
        }
      for (guint i = 0; i < s->graph->n_subs; i++)
        if (s->children[i] != NULL && _schedula_sol_n_values (s->children[i]) > 0)
          {
            if (v->children[i] == NULL)
              v->children[i] = union_new (s->graph->subs[i].child);
            g_ptr_array_add (queue, v->children[i]);
            g_ptr_array_add (queue, s->children[i]);
          }
    }
}

typedef struct
{
  SchedulaDistance  meet;
  const char       *id;
  guint             counter;
  SchedulaWaitMap  *map;
  guint32           node;
} WaitItem;

static int
wait_item_cmp (gconstpointer pa,
               gconstpointer pb)
{
  const WaitItem *a = pa, *b = pb;
  int c = _schedula_distance_cmp (&a->meet, &b->meet);

  if (c != 0)
    return c;
  c = _schedula_id_compare (a->id, b->id);
  if (c != 0)
    return c;
  return a->counter < b->counter ? -1 : a->counter > b->counter;
}

/* A solution collect_waiting () is in: its children are looked at from
 * sub-dispatcher node `next` on */
typedef struct
{
  SolState   *sol;
  GHashTable *n_d;   /* where its nodes not done go */
  guint8     *w;
  guint32     next;
} WaitFrame;

static void
wait_frame_push (GArray     *stack,
                 SolState   *sol,
                 GHashTable *n_d)
{
  WaitFrame f = { sol, n_d, g_new0 (guint8, MAX (sol->graph->n_nodes, 1)), 0 };

  for (guint32 n = 0; n < sol->graph->n_nodes; n++)
    f.w[n] = (sol->ns[n].flags & NS_VISITED) != 0;
  g_array_append_val (stack, f);
}

/* Sub-dispatcher node f->next of f->sol, once its child's nodes not done
 * are in @cn_d */
static void
wait_frame_child_done (WaitFrame  *f,
                       GHashTable *cn_d)
{
  SchedulaGraph *g = f->sol->graph;
  GrSub *si = &g->subs[g->nodes[f->next].info];
  SolState *child = f->sol->children[g->nodes[f->next].info];

  if (child->wait_map != NULL)
    for (guint32 k = 0; k < si->child->n_nodes; k++)
      if (child->wait_map->flags[k] > 0)
        g_hash_table_add (cn_d, GUINT_TO_POINTER (k + 1));
  for (guint i = 0; i < si->n_outputs; i++)
    if (si->outputs[i].n_orig == 1 && si->outputs[i].n == 1 &&
        g_hash_table_contains (cn_d, GUINT_TO_POINTER (si->outputs[i].node + 1)))
      f->w[si->outputs[i].targets[0]] = 1;
  f->next++;
}

/* The nodes of f->sol held by a wait flag, once its children are done */
static void
wait_frame_items (WaitFrame *f,
                  GArray    *items,
                  guint     *counter)
{
  SolState *sol = f->sol;
  SchedulaGraph *g = sol->graph;
  SchedulaWaitMap *map = sol->wait_map;

  for (guint32 n = 0; n < g->n_nodes; n++)
    {
      gboolean flagged = map != NULL && map->flags[n] > 0;
      gboolean not_done = ((sol->ns[n].flags & NS_WF) && !f->w[n]) ||
                          ((sol->ns[n].flags & NS_VISITED) && flagged);

      if (not_done)
        g_hash_table_add (f->n_d, GUINT_TO_POINTER (n + 1));
      if (not_done && flagged)
        {
          WaitItem item = { { G_MAXDOUBLE, 0 }, g->ids[n], (*counter)++, map, n };

          item.meet.inf = 1.0 / 0.0;
          if (sol->meet != NULL && (sol->ns[n].flags & NS_MEET))
            item.meet = sol->meet[n];
          g_array_append_val (items, item);
        }
    }
}

/* schedula's _sort_sk_wait_in: the nodes still held by a wait flag, those of
 * the sub-solutions of each sub-dispatcher node (in node order) before
 * those of the solution. Returns in @n_d the nodes "not done" of @sol. The
 * sub-solutions with a stack, not by recursion. */
static void
collect_waiting (SolState   *sol,
                 GHashTable *n_d,
                 GArray     *items,
                 guint      *counter)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (WaitFrame));
  GHashTable *done = NULL;  /* the nodes not done of the child just finished */

  wait_frame_push (stack, sol, n_d);
  while (stack->len > 0)
    {
      WaitFrame *f = &g_array_index (stack, WaitFrame, stack->len - 1);
      SchedulaGraph *g = f->sol->graph;
      SolState *child = NULL;

      if (done != NULL)
        {
          wait_frame_child_done (f, done);
          g_clear_pointer (&done, g_hash_table_unref);
        }
      for (; f->next < g->n_nodes; f->next++)
        if (g->nodes[f->next].kind == SCHEDULA_NODE_KIND_DISPATCHER &&
            (child = f->sol->children[g->nodes[f->next].info]) != NULL)
          break;
      if (f->next < g->n_nodes)
        {
          wait_frame_push (stack, child, g_hash_table_new (NULL, NULL));
          continue;
        }
      wait_frame_items (f, items, counter);
      g_free (f->w);
      if (stack->len > 1)
        done = f->n_d;
      g_array_set_size (stack, stack->len - 1);
    }
}

/* A description whose sub-dispatcher nodes desc_from_bfs () still has to
 * reduce, with the union of the workflows of its graph (or NULL) */
typedef struct
{
  SchedulaGraph     *m;
  SchedulaGraphDesc *desc;
  Union             *u;
} BfsLinks;

static SchedulaGraphDesc *
desc_bfs (SchedulaGraph *m,
          GPtrArray     *outputs,
          Union         *u)
{
  Adjacency adj = { u ? ADJ_UNION : ADJ_DMAP, m, NULL, u };

  return bfs_run (m, &adj, outputs, TRUE, FALSE, TRUE, NULL, FALSE, FALSE);
}

/* The sub-dispatcher nodes of @desc get the reductions of their children,
 * which go to @queue for theirs */
static void
desc_bfs_links (SchedulaGraph     *m,
                SchedulaGraphDesc *desc,
                Union             *u,
                GArray            *queue)
{
  for (guint k = 0; k < desc->nodes->len; k++)
    {
      SchedulaNode *node = desc->nodes->pdata[k];
      g_autoptr(GHashTable) pred = NULL;
      g_autoptr(GHashTable) succ = NULL;
      g_autoptr(GHashTable) nds = NULL;
      g_autoptr(GPtrArray) out = g_ptr_array_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      SchedulaGraphDesc *child;
      SchedulaMapping *inputs, *outputs_map;
      guint32 n;
      GrSub *si;
      guint e_out = 0;
      BfsLinks next;

      if (!SCHEDULA_IS_DISPATCHER_NODE (node))
        continue;
      n = _schedula_graph_lookup (m, schedula_node_get_id (node));
      si = &m->subs[m->nodes[n].info];
      pred = desc_neighbour_ids (desc, k, TRUE);
      succ = desc_neighbour_ids (desc, k, FALSE);
      for (guint i = 0; i < si->n_outputs; i++)
        {
          gboolean any = FALSE;

          for (guint j = 0; j < si->outputs[i].n && !any; j++)
            any = g_hash_table_contains (succ, m->ids[si->outputs[i].targets[j]]);
          if (any && g_hash_table_add (seen, GUINT_TO_POINTER (si->outputs[i].node + 1)))
            g_ptr_array_add (out, GUINT_TO_POINTER (si->outputs[i].node));
        }
      if (si->domain != NULL)
        for (guint i = 0; i < si->n_inputs; i++)
          for (guint j = 0; j < si->inputs[i].n; j++)
            if (g_hash_table_add (seen, GUINT_TO_POINTER (si->inputs[i].targets[j] + 1)))
              g_ptr_array_add (out, GUINT_TO_POINTER (si->inputs[i].targets[j]));
      next.m = si->child;
      next.u = u ? u->children[m->nodes[n].info] : NULL;
      next.desc = child = desc_bfs (si->child, out, next.u);
      /* the nodes of child are final: what its own children become does
       * not change them */
      nds = desc_data_ids (child);
      restrict_mappings (m, si, pred, succ, nds, &inputs, &outputs_map);

      /* Parent edges whose mapping is gone */
      for (guint i = 0; i < desc->edges->len; i++)
        {
          SchedulaModelEdge me = g_array_index (desc->edges, SchedulaModelEdge, i);
          gboolean drop = FALSE;

          if (me.to == k)
            drop = schedula_mapping_lookup (inputs, schedula_node_get_id (desc->nodes->pdata[me.from])) == NULL;
          else if (me.from == k)
            {
              const char *id = schedula_node_get_id (desc->nodes->pdata[me.to]);

              drop = TRUE;
              for (guint j = 0; j < schedula_mapping_get_n_keys (outputs_map) && drop; j++)
                {
                  const char *const *v = schedula_mapping_get_values (outputs_map, j);

                  for (guint l = 0; v[l] != NULL; l++)
                    if (g_str_equal (v[l], id))
                      drop = FALSE;
                }
            }
          if (!drop)
            g_array_index (desc->edges, SchedulaModelEdge, e_out++) = me;
        }
      g_array_set_size (desc->edges, e_out);
      _schedula_graph_desc_set_override (desc, node, child, inputs, outputs_map);
      g_array_append_val (queue, next);
    }
}

/* schedula's _get_dsp_from_bfs; the children with a queue, not by
 * recursion */
static SchedulaGraphDesc *
desc_from_bfs (SchedulaGraph *m,
               GPtrArray     *outputs,
               Union         *u)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (BfsLinks));
  BfsLinks top = { m, desc_bfs (m, outputs, u), u };

  g_array_append_val (queue, top);
  while (queue->len > 0)
    {
      BfsLinks next = g_array_index (queue, BfsLinks, queue->len - 1);

      g_array_set_size (queue, queue->len - 1);
      desc_bfs_links (next.m, next.desc, next.u, queue);
    }
  return top.desc;
}

/* The input distances of @options (may be NULL) set on @dest too */
static void
copy_input_dists (SchedulaDispatchOptions *dest,
                  SchedulaDispatchOptions *options)
{
  g_auto(GStrv) ids = NULL;

  if (options == NULL)
    return;
  ids = schedula_dispatch_options_dup_input_dist_ids (options);
  for (guint i = 0; ids[i] != NULL; i++)
    schedula_dispatch_options_set_input_dist (dest, ids[i],
                                              schedula_dispatch_options_get_input_dist (options, ids[i]));
}

static GHashTable *
inputs_table (GHashTable *ids)
{
  GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (t, key, NULL);
  return t;
}

/* The nodes of @outputs, or those that have a value in @top without them
 * (schedula's `outputs or solution`) */
static GPtrArray *
outputs_or_values (SchedulaGraph     *m,
                   const char *const *outputs,
                   SolState          *top)
{
  GPtrArray *nodes;

  if (outputs != NULL && outputs[0] != NULL)
    return model_nodes (m, outputs);
  nodes = g_ptr_array_new ();
  for (guint i = 0; i < top->value_order.len; i++)
    g_ptr_array_add (nodes, GUINT_TO_POINTER (top->value_order.data[i]));
  return nodes;
}

SchedulaGraphDesc *
_schedula_shrink_desc (SchedulaDispatcher       *self,
                       const char *const        *inputs,
                       const char *const        *outputs,
                       SchedulaDispatchOptions  *options,
                       SchedulaWildcard          wildcard,
                       GError                  **error)
{
  g_autoptr(SchedulaGraph) m = _schedula_dispatcher_get_graph (self);
  g_autoptr(GPtrArray) out_nodes = NULL;
  Union *u = NULL;
  SchedulaGraphDesc *desc;

  if ((inputs == NULL || inputs[0] == NULL))
    {
      if (outputs == NULL || outputs[0] == NULL)
        return _schedula_graph_desc_new (self);
      out_nodes = model_nodes (m, outputs);
      return desc_from_bfs (m, out_nodes, NULL);
    }
  else
    {
      g_autoptr(GHashTable) in_ids = id_set (inputs);
      g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
      SchedulaWaitMap *map;
      g_autoptr(SchedulaSolution) sol = NULL;
      SolState *top;

      /* First pass: waiting nodes released, to get the distances */
      schedula_dispatch_options_set_no_call (opts, TRUE);
      schedula_dispatch_options_set_rm_unused_nodes (opts, TRUE);
      schedula_dispatch_options_set_wildcard (opts, wildcard);
      copy_input_dists (opts, options);
      map = _schedula_wait_map_new (m, FALSE, TRUE);
      _schedula_dispatch_options_set_wait_map (opts, map);
      {
        g_autoptr(GHashTable) t = inputs_table (in_ids);

        sol = _schedula_dispatch_internal (self, _schedula_graph_ref (m), t, outputs, opts, FALSE, NULL, error);
      }
      _schedula_wait_map_free (map);
      if (sol == NULL)
        return NULL;
      top = _schedula_solution_state (sol);
      u = union_new (m);
      union_add (u, top);

      /* Its distances become the input distances */
      {
        g_autoptr(SchedulaDispatchOptions) next = schedula_dispatch_options_new ();

        schedula_dispatch_options_set_no_call (next, TRUE);
        schedula_dispatch_options_set_wildcard (next, wildcard);
        if (m->start != SCHEDULA_NO_NODE || TRUE)
          schedula_dispatch_options_set_input_dist (next, SCHEDULA_START, &top->start_dist);
        for (guint i = 0; i < top->dist_order.len; i++)
          {
            guint32 n = top->dist_order.data[i];

            schedula_dispatch_options_set_input_dist (next, m->ids[n], &top->ns[n].d);
          }
        if (m->start != SCHEDULA_NO_NODE && (top->ns[m->start].flags & NS_DIST))
          schedula_dispatch_options_set_input_dist (next, SCHEDULA_START, &top->ns[m->start].d);
        copy_input_dists (next, options);
        g_clear_object (&sol);

        /* Then release the waiting nodes step by step */
        map = _schedula_wait_map_new (m, TRUE, TRUE);
        _schedula_dispatch_options_set_wait_map (next, map);
        for (;;)
          {
            g_autoptr(GHashTable) t = inputs_table (in_ids);
            g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (WaitItem));
            g_autoptr(GHashTable) n_d = g_hash_table_new (NULL, NULL);
            guint counter = 0;

            sol = _schedula_dispatch_internal (self, _schedula_graph_ref (m), t, outputs, next, FALSE, NULL, error);
            if (sol == NULL)
              {
                _schedula_wait_map_free (map);
                union_free (u);
                return NULL;
              }
            top = _schedula_solution_state (sol);
            union_add (u, top);
            collect_waiting (top, n_d, items, &counter);
            if (items->len == 0)
              break;
            g_array_sort (items, wait_item_cmp);
            for (guint i = 0; i < items->len; i++)
              {
                WaitItem *item = &g_array_index (items, WaitItem, i);
                WaitItem *first = &g_array_index (items, WaitItem, 0);

                if (_schedula_distance_cmp (&item->meet, &first->meet) != 0)
                  continue;
                item->map->flags[item->node] = 0;
                if (item->map == map && m->nodes[item->node].kind == SCHEDULA_NODE_KIND_DATA)
                  g_hash_table_add (in_ids, (gpointer) m->ids[item->node]);
              }
            g_clear_object (&sol);
          }
        _schedula_wait_map_free (map);

        out_nodes = outputs_or_values (m, outputs, top);
      }
    }
  desc = desc_from_bfs (m, out_nodes, u);
  union_free (u);
  return desc;
}

/* The model of schedula's SubDispatchPipe(shrink=True): one dispatch of the
 * whole model from @inputs that calls nothing (no domains, unused nodes
 * removed), then the ancestors of @outputs (or of its values) in the union
 * of its workflows; not shrink_dsp()'s passes over waiting nodes. The
 * input distances and the wildcard mode are those of @options. */
SchedulaDispatcher *
_schedula_dispatcher_pipe_model (SchedulaDispatcher       *self,
                                 const char *const        *inputs,
                                 const char *const        *outputs,
                                 SchedulaDispatchOptions  *options,
                                 GError                  **error)
{
  g_autoptr(SchedulaGraph) m = _schedula_dispatcher_get_graph (self);
  g_autoptr(SchedulaDispatchOptions) opts = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in_ids = id_set (inputs);
  g_autoptr(GHashTable) t = inputs_table (in_ids);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GPtrArray) out_nodes = NULL;
  g_autoptr(SchedulaGraphDesc) desc = NULL;
  SolState *top;
  Union *u;

  schedula_dispatch_options_set_no_call (opts, TRUE);
  schedula_dispatch_options_set_rm_unused_nodes (opts, TRUE);
  schedula_dispatch_options_set_wildcard (opts, options ? schedula_dispatch_options_get_wildcard (options)
                                                        : SCHEDULA_WILDCARD_ON);
  _schedula_dispatch_options_set_no_domain (opts, TRUE);
  copy_input_dists (opts, options);
  sol = _schedula_dispatch_internal (self, _schedula_graph_ref (m), t, outputs, opts, FALSE, NULL, error);
  if (sol == NULL)
    return NULL;
  top = _schedula_solution_state (sol);
  u = union_new (m);
  union_add (u, top);
  out_nodes = outputs_or_values (m, outputs, top);
  desc = desc_from_bfs (m, out_nodes, u);
  union_free (u);
  return _schedula_graph_desc_materialize (desc);
}

/**
 * schedula_dispatcher_shrink:
 * @self: a #SchedulaDispatcher
 * @inputs: (nullable) (array zero-terminated=1): the input ids
 * @outputs: (nullable) (array zero-terminated=1): the output ids
 * @options: (nullable): the input distances and the wildcard mode; %NULL
 *   means no distances and %SCHEDULA_WILDCARD_ON, as schedula's
 *   `shrink_dsp`
 * @error: return location for a #GError
 *
 * Makes the smallest dispatcher that a dispatch from @inputs to @outputs may
 * use, taking into account that domains may fail and waiting nodes may wait
 * (schedula's `shrink_dsp`). Without inputs it keeps what can reach the
 * outputs; without either it is empty.
 *
 * Returns: (transfer full): a new dispatcher, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_shrink (SchedulaDispatcher       *self,
                            const char *const        *inputs,
                            const char *const        *outputs,
                            SchedulaDispatchOptions  *options,
                            GError                  **error)
{
  g_autoptr(SchedulaGraphDesc) desc = NULL;
  SchedulaWildcard wildcard = options ? schedula_dispatch_options_get_wildcard (options)
                                      : SCHEDULA_WILDCARD_ON;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  desc = _schedula_shrink_desc (self, inputs, outputs, options, wildcard, error);
  if (desc == NULL)
    return NULL;
  return _schedula_graph_desc_materialize (desc);
}
