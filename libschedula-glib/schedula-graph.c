/* schedula-graph.c: compiling a model for the search
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-graph-private.h"
#include "schedula-call-private.h"
#include "schedula-private.h"

/* Descriptions */

SchedulaGraphDesc *
_schedula_graph_desc_new (SchedulaDispatcher *dsp)
{
  SchedulaGraphDesc *desc = g_new0 (SchedulaGraphDesc, 1);

  desc->dsp = g_object_ref (dsp);
  desc->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  desc->edges = g_array_new (FALSE, FALSE, sizeof (SchedulaModelEdge));
  return desc;
}

SchedulaGraphDesc *
_schedula_graph_desc_new_full (SchedulaDispatcher *dsp)
{
  SchedulaGraphDesc *desc = _schedula_graph_desc_new (dsp);

  g_ptr_array_set_size (desc->nodes, 0);
  for (guint i = 0; i < dsp->nodes->len; i++)
    g_ptr_array_add (desc->nodes, g_object_ref (dsp->nodes->pdata[i]));
  g_array_append_vals (desc->edges, dsp->edges->data, dsp->edges->len);
  return desc;
}

static void
sub_override_free (gpointer data)
{
  SchedulaSubOverride *o = data;

  g_clear_pointer (&o->child, _schedula_graph_desc_free);
  g_clear_pointer (&o->inputs, schedula_mapping_unref);
  g_clear_pointer (&o->outputs, schedula_mapping_unref);
  g_free (o);
}

/* The descriptions of reduced children are freed with a list, not by
 * recursion: a model may nest a million levels */
void
_schedula_graph_desc_free (SchedulaGraphDesc *desc)
{
  g_autoptr(GPtrArray) dead = NULL;

  if (desc == NULL)
    return;
  dead = g_ptr_array_new ();
  g_ptr_array_add (dead, desc);
  while (dead->len > 0)
    {
      SchedulaGraphDesc *d = g_ptr_array_steal_index_fast (dead, dead->len - 1);

      if (d->overrides != NULL)
        {
          GHashTableIter iter;
          gpointer value;

          g_hash_table_iter_init (&iter, d->overrides);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              SchedulaSubOverride *o = value;

              if (o->child != NULL)
                g_ptr_array_add (dead, g_steal_pointer (&o->child));
            }
        }
      g_object_unref (d->dsp);
      g_ptr_array_unref (d->nodes);
      g_array_unref (d->edges);
      g_clear_pointer (&d->overrides, g_hash_table_unref);
      g_free (d);
    }
}

guint
_schedula_graph_desc_add_node (SchedulaGraphDesc *desc,
                               SchedulaNode      *node)
{
  g_ptr_array_add (desc->nodes, g_object_ref (node));
  return desc->nodes->len - 1;
}

void
_schedula_graph_desc_set_override (SchedulaGraphDesc *desc,
                                   SchedulaNode      *node,
                                   SchedulaGraphDesc *child,
                                   SchedulaMapping   *inputs,
                                   SchedulaMapping   *outputs)
{
  SchedulaSubOverride *o = g_new0 (SchedulaSubOverride, 1);

  o->child = child;
  o->inputs = inputs;
  o->outputs = outputs;
  _schedula_mapping_freeze (inputs);
  _schedula_mapping_freeze (outputs);
  if (desc->overrides == NULL)
    desc->overrides = g_hash_table_new_full (NULL, NULL, NULL, sub_override_free);
  g_hash_table_insert (desc->overrides, node, o);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = _schedula_node_common (*(SchedulaNode *const *) a)->position;
  guint pb = _schedula_node_common (*(SchedulaNode *const *) b)->position;

  return pa < pb ? -1 : pa > pb;
}

/* Sorts the nodes of @desc; its reduced children go to @queue */
static void
desc_sort_one (SchedulaGraphDesc *desc,
               GPtrArray         *queue)
{
  guint n_model = desc->dsp->nodes->len;
  g_autofree guint32 *old_position = g_new (guint32, MAX (desc->nodes->len, 1));
  g_autofree guint32 *new_index = g_new (guint32, MAX (n_model, 1));

  /* The nodes of a desc are nodes of its dispatcher, once each */
  _schedula_dispatcher_refresh_positions (desc->dsp);
  for (guint i = 0; i < desc->nodes->len; i++)
    old_position[i] = _schedula_node_common (desc->nodes->pdata[i])->position;
  g_ptr_array_sort (desc->nodes, compare_positions);
  for (guint i = 0; i < desc->nodes->len; i++)
    new_index[_schedula_node_common (desc->nodes->pdata[i])->position] = i;
  for (guint i = 0; i < desc->edges->len; i++)
    {
      SchedulaModelEdge *e = &g_array_index (desc->edges, SchedulaModelEdge, i);

      e->from = new_index[old_position[e->from]];
      e->to = new_index[old_position[e->to]];
    }
  if (desc->overrides != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, desc->overrides);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (queue, ((SchedulaSubOverride *) value)->child);
    }
}

/* Puts the nodes of @desc (and of its reduced children) in the order of their
 * model, keeping the order of the edges; the children with a list, not by
 * recursion. A search does not depend on the order of the nodes, but it runs
 * faster over nodes in the order the model has them (usually the order the
 * search reaches them) than in the order of a breadth-first search from the
 * outputs. */
void
_schedula_graph_desc_sort (SchedulaGraphDesc *desc)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, desc);
  while (queue->len > 0)
    desc_sort_one (g_ptr_array_steal_index_fast (queue, queue->len - 1), queue);
}

/* Fills @dsp with copies of the nodes of @desc; the children of reduced
 * sub-dispatcher nodes are new dispatchers, which go to @queue with their
 * descriptions to be filled in turn */
static void
materialize_one (SchedulaGraphDesc  *desc,
                 SchedulaDispatcher *dsp,
                 GPtrArray          *queue)
{
  dsp->counter = desc->dsp->counter;
  for (guint i = 0; i < desc->nodes->len; i++)
    {
      SchedulaNode *src = desc->nodes->pdata[i];
      g_autoptr(SchedulaNode) node = _schedula_node_copy (src);
      SchedulaNodePrivate *priv = _schedula_node_get_private (node);
      g_autofree char *id = (char *) priv->id;
      SchedulaSubOverride *o = desc->overrides ? g_hash_table_lookup (desc->overrides, src) : NULL;

      if (o != NULL)
        {
          SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (node);

          g_object_unref (d->child);
          d->child = _schedula_dispatcher_copy_structure (o->child->dsp);
          g_ptr_array_add (queue, o->child);
          g_ptr_array_add (queue, d->child);
          schedula_mapping_unref (d->inputs);
          d->inputs = schedula_mapping_ref (o->inputs);
          schedula_mapping_unref (d->outputs);
          d->outputs = schedula_mapping_ref (o->outputs);
        }
      priv->id = NULL;
      _schedula_node_common (node)->id_owned = FALSE;
      _schedula_node_attach (node, dsp, _schedula_dispatcher_intern (dsp, id),
                             _schedula_node_common (node)->index);
      _schedula_dispatcher_append (dsp, node);
    }
  g_array_append_vals (dsp->edges, desc->edges->data, desc->edges->len);
  for (guint i = 0; i < dsp->nodes->len; i++)
    _schedula_node_intern_ports (dsp->nodes->pdata[i], dsp);
}

/* A model of @desc: its children with a list, not by recursion */
SchedulaDispatcher *
_schedula_graph_desc_materialize (SchedulaGraphDesc *desc)
{
  SchedulaDispatcher *dsp = _schedula_dispatcher_copy_structure (desc->dsp);
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();  /* (desc, dispatcher) pairs */

  g_ptr_array_add (queue, desc);
  g_ptr_array_add (queue, dsp);
  while (queue->len > 0)
    {
      SchedulaDispatcher *next = g_ptr_array_steal_index_fast (queue, queue->len - 1);
      SchedulaGraphDesc *next_desc = g_ptr_array_steal_index_fast (queue, queue->len - 1);

      materialize_one (next_desc, next, queue);
    }
  return dsp;
}

/* Graphs */

SchedulaGraph *
_schedula_graph_ref (SchedulaGraph *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/* Frees @self; its children whose last reference it held go to @dead */
static void
graph_free (SchedulaGraph *self,
            GPtrArray     *dead)
{
  for (guint i = 0; i < self->n_funcs; i++)
    {
      GrFunc *f = &self->funcs[i];

      if (f->x != NULL)
        {
          g_clear_object (&f->x->domain);
          g_clear_pointer (&f->x->filters, g_ptr_array_unref);
          g_free (f->x);
        }
    }
  for (guint i = 0; i < self->n_datas; i++)
    {
      GrData *d = &self->datas[i];

      if (d->default_value != NULL)
        {
          g_value_unset (d->default_value);
          g_free (d->default_value);
        }
      g_clear_pointer (&d->filters, g_ptr_array_unref);
    }
  for (guint i = 0; i < self->n_subs; i++)
    {
      GrSub *s = &self->subs[i];

      if (g_atomic_ref_count_dec (&s->child->ref_count))
        g_ptr_array_add (dead, s->child);
      for (guint j = 0; j < s->n_inputs; j++)
        g_free (s->inputs[j].targets);
      for (guint j = 0; j < s->n_outputs; j++)
        g_free (s->outputs[j].targets);
      g_free (s->inputs);
      g_free (s->outputs);
      g_free (s->out_of_child);
      g_clear_pointer (&s->in_index, g_hash_table_unref);
    }
  g_free (self->dsp_name);
  g_free (self->funcs);   /* and datas and subs: one block */
  for (guint32 n = 0; n < self->n_nodes; n++)
    g_object_unref (self->objs[n]);
  g_free (self->objs);  /* and the arrays that share its block: see graph_arrays () */
  g_free (self->defaults);
  g_free (self->port_ids);
  g_free (self->port_edges);
  g_ptr_array_unref (self->refs);
  if (self->root != NULL)
    {
      SchedulaGraphRoot *root = self->root;

      g_ptr_array_unref (root->versions);
      g_array_unref (root->version_nums);
      g_clear_object (&root->spare_call);
      for (guint i = 0; i < GRAPH_SPARE_BLOCKS; i++)
        g_free (root->spare_blocks[i]);
      g_mutex_clear (&root->call_lock);
      g_free (root);
    }
  _schedula_strings_unref (self->strings);
  g_free (self);
}

/* Children are freed with a list, not by recursion: a model may nest a
 * million levels */
void
_schedula_graph_unref (SchedulaGraph *self)
{
  g_autoptr(GPtrArray) dead = NULL;

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  dead = g_ptr_array_new ();
  g_ptr_array_add (dead, self);
  while (dead->len > 0)
    graph_free (g_ptr_array_steal_index_fast (dead, dead->len - 1), dead);
}

guint32
_schedula_graph_lookup (SchedulaGraph *self,
                        const char    *id)
{
  guint h = g_str_hash (id) & self->table_mask;

  for (;;)
    {
      guint32 n = self->table[h];

      if (n == SCHEDULA_NO_NODE)
        return SCHEDULA_NO_NODE;
      if (self->ids[n] == id || strcmp (self->ids[n], id) == 0)
        return n;
      h = (h + 1) & self->table_mask;
    }
}

/* The slots of the id index of a graph of @n_nodes: a power of 2, at
 * least twice as many */
static guint
table_size (guint n_nodes)
{
  guint size = 8;

  while (size < n_nodes * 2)
    size <<= 1;
  return size;
}

/* The per-node and per-edge arrays of a graph in one block, which objs
 * starts (the 8-byte items first, then the 4-byte ones): a level of a deep
 * nesting made eight allocations for a few nodes. Only nodes is zeroed. */
static void
graph_arrays (SchedulaGraph *self)
{
  gsize n = MAX (self->n_nodes, 1);
  gsize e = MAX (self->n_edges, 1);
  gsize at_ids = sizeof (SchedulaNode *) * n;
  gsize at_succ_len = at_ids + sizeof (const char *) * n;
  gsize at_nodes = at_succ_len + sizeof (gdouble) * e;
  gsize at_succ_to = at_nodes + sizeof (GrNode) * (self->n_nodes + 1);
  gsize at_pred_from = at_succ_to + sizeof (guint32) * e;
  gsize at_pred_edge = at_pred_from + sizeof (guint32) * e;
  gsize at_table = at_pred_edge + sizeof (guint32) * e;
  gsize size = table_size (self->n_nodes);
  guint8 *block = g_malloc (at_table + sizeof (guint32) * size);

  G_STATIC_ASSERT (G_ALIGNOF (GrNode) <= 4);
  self->objs = (SchedulaNode **) block;
  self->ids = (const char **) (block + at_ids);
  self->succ_len = (gdouble *) (block + at_succ_len);
  self->nodes = (GrNode *) (block + at_nodes);
  memset (self->nodes, 0, sizeof (GrNode) * (self->n_nodes + 1));
  self->succ_to = (guint32 *) (block + at_succ_to);
  self->pred_from = (guint32 *) (block + at_pred_from);
  self->pred_edge = (guint32 *) (block + at_pred_edge);
  self->table = (guint32 *) (block + at_table);
  self->table_mask = size - 1;
}

/* Fills the id index (allocated by graph_arrays ()) */
static void
build_table (SchedulaGraph *self)
{
  memset (self->table, 0xff, sizeof (guint32) * (self->table_mask + 1));
  for (guint32 n = 0; n < self->n_nodes; n++)
    {
      guint h = g_str_hash (self->ids[n]) & self->table_mask;

      while (self->table[h] != SCHEDULA_NO_NODE)
        h = (h + 1) & self->table_mask;
      self->table[h] = n;
    }
}

static GPtrArray *
copy_functions (GPtrArray *filters)
{
  GPtrArray *copy;

  if (filters == NULL || filters->len == 0)
    return NULL;
  copy = g_ptr_array_new_full (filters->len, g_object_unref);
  for (guint i = 0; i < filters->len; i++)
    g_ptr_array_add (copy, g_object_ref (filters->pdata[i]));
  return copy;
}

/* Keeps @object alive as long as the graph. Many nodes share one function:
 * an object kept just before is not kept again. */
static gpointer
keep (SchedulaGraph *self,
      gpointer       object)
{
  if (object != NULL &&
      (self->refs->len == 0 || self->refs->pdata[self->refs->len - 1] != object))
    g_ptr_array_add (self->refs, g_object_ref (object));
  return object;
}

static GrMap *
compile_mapping (SchedulaMapping *mapping,
                 SchedulaGraph   *from,
                 SchedulaGraph   *to,
                 guint           *n_entries)
{
  guint n = schedula_mapping_get_n_keys (mapping);
  GrMap *entries = g_new0 (GrMap, MAX (n, 1));
  guint k = 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 node = _schedula_graph_lookup (from, schedula_mapping_get_key (mapping, i));
      const char *const *values = schedula_mapping_get_values (mapping, i);
      guint nv = g_strv_length ((char **) values);
      GrMap *e;

      if (node == SCHEDULA_NO_NODE)
        continue;
      e = &entries[k++];
      e->node = node;
      e->n_orig = nv;
      e->targets = g_new (guint32, MAX (nv, 1));
      for (guint j = 0; j < nv; j++)
        {
          guint32 t = _schedula_graph_lookup (to, values[j]);

          if (t != SCHEDULA_NO_NODE)
            e->targets[e->n++] = t;
        }
    }
  *n_entries = k;
  return entries;
}

/* The model is compiled as a tree (a child once per sub-dispatcher node that
 * holds it), depth first, with a stack of the graphs under way rather than by
 * recursion: a model may nest a million levels. */

typedef struct
{
  SchedulaGraph *root;
  GHashTable    *tracked;  /* the dispatchers in root->versions */
} Compile;

/* A graph under way: its nodes and edges are compiled, its attributes up to
 * node `next` (a sub-dispatcher node waits there for its child) */
typedef struct
{
  SchedulaGraph     *self;
  SchedulaGraphDesc *desc;
  SchedulaGraphDesc *full;  /* owned: a child's description, when not an override */
  guint32            next;
  gsize              n_port_ids;
  gsize              n_port_edges;
} Pending;

static void
track_version (Compile            *c,
               SchedulaDispatcher *dsp)
{
  guint v = g_atomic_int_get (&dsp->version);

  if (!g_hash_table_add (c->tracked, dsp))
    return;
  g_ptr_array_add (c->root->root->versions, dsp);
  g_array_append_val (c->root->root->version_nums, v);
}

/* Compiles the nodes and edges of @desc: what does not need its children */
static SchedulaGraph *
compile_graph (Compile           *c,
               SchedulaGraphDesc *desc)
{
  SchedulaGraph *self = g_new0 (SchedulaGraph, 1);
  guint n_nodes = desc->nodes->len;
  guint n_edges = desc->edges->len;
  g_autofree guint32 *fill = NULL;
  guint n_funcs = 0, n_datas = 0, n_subs = 0;

  g_atomic_ref_count_init (&self->ref_count);
  self->dsp = desc->dsp;
  self->dsp_name = g_strdup (schedula_dispatcher_get_name (desc->dsp));
  self->refs = g_ptr_array_new_with_free_func (g_object_unref);
  self->strings = _schedula_strings_ref (desc->dsp->strings);
  if (c->root == NULL)
    {
      c->root = self;
      self->root = g_new0 (SchedulaGraphRoot, 1);
      self->root->versions = g_ptr_array_new ();
      self->root->version_nums = g_array_new (FALSE, FALSE, sizeof (guint));
      g_mutex_init (&self->root->call_lock);
    }
  track_version (c, desc->dsp);

  self->n_nodes = n_nodes;
  self->n_edges = n_edges;
  graph_arrays (self);

  /* Nodes */
  for (guint32 n = 0; n < n_nodes; n++)
    {
      SchedulaNode *node = desc->nodes->pdata[n];
      GrNode *g = &self->nodes[n];

      self->objs[n] = g_object_ref (node);
      self->ids[n] = _schedula_node_id (node);
      g->kind = schedula_node_get_kind (node);
      g->info = SCHEDULA_NO_NODE;
      if (g->kind == SCHEDULA_NODE_KIND_FUNCTION)
        g->info = n_funcs++;
      else if (g->kind == SCHEDULA_NODE_KIND_DISPATCHER)
        g->info = n_subs++;
      else
        {
          SchedulaDataNode *d = SCHEDULA_DATA_NODE (node);
          const SchedulaDataExtra *x = _schedula_data_x (d);

          if (d->wait_inputs)
            g->flags |= GNODE_WAIT;
          if (d->wildcard_set && !d->wildcard)
            g->flags |= GNODE_WILDCARD_OFF;
          if (d->self_default)
            g->flags |= GNODE_SELF_DEFAULT | GNODE_HAS_DEFAULT;
          if (x->default_value != NULL)
            g->flags |= GNODE_HAS_DEFAULT;
          if (x->combiner == NULL && x->callback == NULL &&
              (x->filters == NULL || x->filters->len == 0) && x->value_type == G_TYPE_NONE)
            g->flags |= GNODE_PLAIN;
          if (!(g->flags & GNODE_PLAIN) || (g->flags & GNODE_HAS_DEFAULT))
            g->info = n_datas++;
        }
    }
  self->defaults = g_new (guint32, MAX (n_datas, 1));
  for (guint32 n = 0; n < n_nodes; n++)
    if (self->nodes[n].flags & GNODE_HAS_DEFAULT)
      self->defaults[self->n_defaults++] = n;
  self->n_funcs = n_funcs;
  self->n_datas = n_datas;
  self->n_subs = n_subs;
  /* the records of functions, data nodes and sub-dispatchers in one block
   * of their exact size (a level of a deep nesting made three, two of
   * them for a record it does not have) */
  {
    gsize at_datas = sizeof (GrFunc) * n_funcs;
    gsize at_subs = at_datas + sizeof (GrData) * n_datas;
    guint8 *records = g_malloc0 (MAX (at_subs + sizeof (GrSub) * n_subs, 1));

    G_STATIC_ASSERT (sizeof (GrFunc) % 8 == 0 && sizeof (GrData) % 8 == 0);
    self->funcs = (GrFunc *) records;
    self->datas = (GrData *) (records + at_datas);
    self->subs = (GrSub *) (records + at_subs);
  }
  build_table (self);
  self->start = _schedula_graph_lookup (self, SCHEDULA_START);

  /* Adjacency in CSR form, in edge order */
  for (guint i = 0; i < n_edges; i++)
    {
      SchedulaModelEdge *e = &g_array_index (desc->edges, SchedulaModelEdge, i);

      self->nodes[e->from].succ++;
      self->nodes[e->to].pred++;
    }
  {
    guint32 s = 0, p = 0;

    for (guint32 n = 0; n <= n_nodes; n++)
      {
        guint32 ds = self->nodes[n].succ, dp = self->nodes[n].pred;

        self->nodes[n].succ = s;
        self->nodes[n].pred = p;
        s += ds;
        p += dp;
        if (n < n_nodes)
          self->max_ports = MAX (self->max_ports, dp + 1);
      }
  }
  fill = g_new0 (guint32, MAX (n_nodes, 1) * 2);
  for (guint i = 0; i < n_edges; i++)
    {
      SchedulaModelEdge *e = &g_array_index (desc->edges, SchedulaModelEdge, i);
      guint32 se = self->nodes[e->from].succ + fill[2 * e->from]++;
      guint32 pe = self->nodes[e->to].pred + fill[2 * e->to + 1]++;
      SchedulaNode *from = desc->nodes->pdata[e->from];
      SchedulaNode *to = desc->nodes->pdata[e->to];
      gdouble w, nw;

      _schedula_edge_weight (from, to, &w);
      _schedula_node_get_weight (to, &nw);
      self->succ_to[se] = e->to;
      self->succ_len[se] = w + nw;
      self->pred_from[pe] = e->from;
      self->pred_edge[pe] = se;
    }

  /* Attributes */
  {
    gsize total_ids = 0, total_edges = 0;

    for (guint32 n = 0; n < n_nodes; n++)
      if (self->nodes[n].kind == SCHEDULA_NODE_KIND_FUNCTION)
        {
          SchedulaPorts *ports = _schedula_node_get_ports (self->objs[n]);

          total_ids += ports->n_inputs + 1;
          total_edges += ports->n_inputs + ports->n_outputs;
        }
    self->port_ids = g_new (const char *, MAX (total_ids, 1));
    self->port_edges = g_new (guint32, MAX (total_edges, 1));
  }
  return self;
}

/* Compiles the attributes of the nodes of @p from p->next on; stops at a
 * sub-dispatcher node, whose child must be compiled first: returns whether
 * it did. */
static gboolean
compile_attributes (Pending *p)
{
  SchedulaGraph *self = p->self;

  for (; p->next < self->n_nodes; p->next++)
    {
      guint32 n = p->next;
      GrNode *g = &self->nodes[n];

      if (g->kind == SCHEDULA_NODE_KIND_FUNCTION)
        {
          SchedulaFunctionNode *fn = SCHEDULA_FUNCTION_NODE (self->objs[n]);
          GrFunc *f = &self->funcs[g->info];
          const char **ids;
          guint32 next_pred, next_succ;

          f->function = keep (self, fn->function);
          if (f->function == NULL || !_schedula_function_get_direct (f->function, &f->direct, &f->user_data))
            f->direct = NULL;
          if (_schedula_function_x (fn)->input_domain != NULL ||
              _schedula_function_x (fn)->filters != NULL)
            {
              f->x = g_new0 (GrFuncExtra, 1);
              g_set_object (&f->x->domain, _schedula_function_x (fn)->input_domain);
              f->x->filters = copy_functions (_schedula_function_x (fn)->filters);
            }
          f->n_inputs = fn->ports.n_inputs;
          f->n_outputs = fn->ports.n_outputs;
          /* The ports of all functions share two arrays of the graph */
          ids = self->port_ids + p->n_port_ids;
          p->n_port_ids += f->n_inputs + 1;
          f->in_edge = self->port_edges + p->n_port_edges;
          p->n_port_edges += f->n_inputs + f->n_outputs;
          /* The edges of a function come in the order of its ports (but
           * for repeated ports, and edges a reduction left out), and a port
           * names its node by the node's own id: the next edge of its side
           * is tried first, by pointer, and the id is looked up only when
           * that is not it (a lookup that missed the cache was most of the
           * compile of a function of a million outputs) */
          next_pred = self->nodes[n].pred;
          next_succ = g->succ;
          for (guint k = 0; k < f->n_inputs + f->n_outputs; k++)
            {
              gboolean input = k < f->n_inputs;
              const char *port = fn->ports.ids[k];
              guint32 u = SCHEDULA_NO_NODE;

              if (input && next_pred < self->nodes[n + 1].pred &&
                  self->ids[self->pred_from[next_pred]] == port)
                {
                  u = self->pred_from[next_pred];
                  f->in_edge[k] = self->pred_edge[next_pred++];
                }
              else if (!input && next_succ < self->nodes[n + 1].succ &&
                       self->ids[self->succ_to[next_succ]] == port)
                {
                  u = self->succ_to[next_succ];
                  f->in_edge[k] = next_succ++;
                }
              else
                {
                  u = _schedula_graph_lookup (self, port);
                  f->in_edge[k] = u == SCHEDULA_NO_NODE ? SCHEDULA_NO_NODE
                                : input ? _schedula_graph_edge_find (self, u, n)
                                        : _schedula_graph_edge_find (self, n, u);
                }
              if (input)
                ids[k] = u != SCHEDULA_NO_NODE ? self->ids[u] : port;
            }
          ids[f->n_inputs] = NULL;
          f->input_ids = ids;
          self->max_ports = MAX (self->max_ports, MAX (f->n_inputs, f->n_outputs));
        }
      else if (g->kind == SCHEDULA_NODE_KIND_DATA && g->info != SCHEDULA_NO_NODE)
        {
          const SchedulaDataExtra *dn = _schedula_data_x (SCHEDULA_DATA_NODE (self->objs[n]));
          GrData *d = &self->datas[g->info];

          if (dn->default_value != NULL)
            {
              d->default_value = g_new0 (GValue, 1);
              g_value_init (d->default_value, G_VALUE_TYPE (dn->default_value));
              g_value_copy (dn->default_value, d->default_value);
            }
          d->initial_dist = dn->initial_dist;
          d->combiner = keep (self, dn->combiner);
          d->callback = keep (self, dn->callback);
          d->filters = copy_functions (dn->filters);
          d->value_type = dn->value_type;
        }
      else if (g->kind == SCHEDULA_NODE_KIND_DISPATCHER)
        {
          /* finish_sub () goes on from here once the child is compiled */
          keep (self, SCHEDULA_DISPATCHER_NODE (self->objs[n])->child);
          return TRUE;
        }
    }
  return FALSE;
}

static SchedulaSubOverride *
sub_override (Pending *p)
{
  SchedulaGraphDesc *desc = p->desc;

  return desc->overrides ? g_hash_table_lookup (desc->overrides, p->self->objs[p->next]) : NULL;
}

/* A sub-dispatcher node of at most this many input keys finds them by
 * scanning, without a hash table: most have a few, and a level of a deep
 * nesting need not carry a table */
#define SUB_INPUTS_SCANNED 8

/* Sub-dispatcher node p->next, once its child is compiled */
static void
finish_sub (Pending       *p,
            SchedulaGraph *child)
{
  SchedulaGraph *self = p->self;
  guint32 n = p->next;
  SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (self->objs[n]);
  SchedulaSubOverride *o = sub_override (p);
  GrSub *s = &self->subs[self->nodes[n].info];
  SchedulaMapping *inputs = o ? o->inputs : d->inputs;
  SchedulaMapping *outputs = o ? o->outputs : d->outputs;

  s->child = child;
  s->domain = keep (self, d->input_domain);
  s->inputs = compile_mapping (inputs, self, child, &s->n_inputs);
  s->outputs = compile_mapping (outputs, child, self, &s->n_outputs);
  s->n_targets = schedula_mapping_get_n_keys (outputs);
  if (s->n_inputs > SUB_INPUTS_SCANNED)
    {
      s->in_index = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < s->n_inputs; i++)
        g_hash_table_insert (s->in_index, GUINT_TO_POINTER (s->inputs[i].node), &s->inputs[i]);
    }
  s->out_of_child = g_new0 (guint32, MAX (child->n_nodes, 1));
  for (guint i = 0; i < s->n_outputs; i++)
    {
      s->out_of_child[s->outputs[i].node] = i + 1;
      child->nodes[s->outputs[i].node].flags |= GNODE_TARGET;
    }
  /* schedula excludes the child defaults of single-id input mappings only:
   * a one-to-many mapping (a tuple) excludes nothing. */
  for (guint i = 0; i < schedula_mapping_get_n_keys (inputs); i++)
    if (_schedula_mapping_count_values (inputs, i) == 1)
      {
        guint32 t = _schedula_graph_lookup (child, schedula_mapping_get_values (inputs, i)[0]);

        if (t != SCHEDULA_NO_NODE)
          child->nodes[t].flags |= GNODE_EXCLUDED;
      }
  p->next++;
}

/* The figures of the tree, once every child is compiled: known without
 * walking the tree at every dispatch */
static void
finish_graph (SchedulaGraph *self)
{
  self->max_ports = MAX (self->max_ports, 1);
  self->tree_max_ports = self->max_ports;
  for (guint32 n = 0; n < self->n_nodes && !self->tree_has_self; n++)
    self->tree_has_self = (self->nodes[n].flags & GNODE_SELF_DEFAULT) != 0;
  for (guint e = 0; e < self->n_edges && !self->tree_has_negative; e++)
    self->tree_has_negative = self->succ_len[e] < 0;
  for (guint i = 0; i < self->n_subs; i++)
    {
      self->tree_max_ports = MAX (self->tree_max_ports, self->subs[i].child->tree_max_ports);
      self->tree_has_self |= self->subs[i].child->tree_has_self;
      self->tree_has_negative |= self->subs[i].child->tree_has_negative;
    }
}

static SchedulaGraph *
compile_tree (SchedulaGraphDesc *desc)
{
  Compile c = { NULL, g_hash_table_new (NULL, NULL) };
  g_autoptr(GArray) stack = g_array_new (FALSE, TRUE, sizeof (Pending));
  SchedulaGraph *done = NULL;  /* the graph just finished */

  g_array_set_size (stack, 1);
  g_array_index (stack, Pending, 0).desc = desc;
  g_array_index (stack, Pending, 0).self = compile_graph (&c, desc);
  while (stack->len > 0)
    {
      Pending *p = &g_array_index (stack, Pending, stack->len - 1);

      if (done != NULL)
        finish_sub (p, g_steal_pointer (&done));
      if (compile_attributes (p))
        {
          SchedulaSubOverride *o = sub_override (p);
          SchedulaDispatcherNode *d = SCHEDULA_DISPATCHER_NODE (p->self->objs[p->next]);
          Pending *child;

          g_array_set_size (stack, stack->len + 1);
          child = &g_array_index (stack, Pending, stack->len - 1);
          if (o != NULL)
            child->desc = o->child;
          else
            child->desc = child->full = _schedula_graph_desc_new_full (d->child);
          child->self = compile_graph (&c, child->desc);
          continue;
        }
      finish_graph (p->self);
      done = p->self;
      g_clear_pointer (&p->full, _schedula_graph_desc_free);
      g_array_set_size (stack, stack->len - 1);
    }
  g_hash_table_unref (c.tracked);
  return done;
}

GrMap *
_schedula_sub_input_entry (GrSub *sub,
                           guint32   parent_node)
{
  if (sub->in_index != NULL)
    return g_hash_table_lookup (sub->in_index, GUINT_TO_POINTER (parent_node));
  for (guint i = 0; i < sub->n_inputs; i++)
    if (sub->inputs[i].node == parent_node)
      return &sub->inputs[i];
  return NULL;
}

typedef struct
{
  const char *id;
  GrNode     *node;
} RankItem;

/* The nodes of the tree of @root, with a stack (no recursion) */
static void
collect_nodes (SchedulaGraph *root,
               GArray        *out)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      SchedulaGraph *g = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      for (guint32 n = 0; n < g->n_nodes; n++)
        {
          RankItem item = { g->ids[n], &g->nodes[n] };

          g_array_append_val (out, item);
        }
      for (guint i = g->n_subs; i > 0; i--)
        g_ptr_array_add (stack, g->subs[i - 1].child);
    }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_rank_items (gconstpointer a,
                    gconstpointer b)
{
  return _schedula_id_compare (((const RankItem *) a)->id, ((const RankItem *) b)->id);
}

/* Ranks by sorting the nodes themselves: for a tree whose ids are mostly
 * distinct (most of its nodes at the top) */
static void
rank_by_sorting_nodes (GArray *all)
{
  guint32 rank = 0;

  g_array_sort (all, compare_rank_items);
  for (guint i = 0; i < all->len; i++)
    {
      RankItem *item = &g_array_index (all, RankItem, i);

      if (i > 0 && _schedula_id_compare (item[-1].id, item->id) != 0)
        rank++;
      item->node->rank = MIN (rank, (1u << 30) - 1);
    }
}

/* Ranks by sorting the distinct sort keys: for a tree whose nodes are
 * mostly in its children, where ids repeat (a million levels of a nesting
 * have a few ids three million times) */
static void
rank_by_sorting_keys (GArray *all)
{
  g_autoptr(GHashTable) key_of = g_hash_table_new (g_str_hash, g_str_equal);  /* key -> 1 + k */
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autofree guint32 *order = NULL;
  g_autofree const char **sorted = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      RankItem *item = &g_array_index (all, RankItem, i);
      const char *key = _schedula_id_sort_key (item->id);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (key_of, key));

      if (k == 0)
        {
          g_ptr_array_add (keys, (gpointer) key);
          k = keys->len;
          g_hash_table_insert (key_of, (gpointer) key, GUINT_TO_POINTER (k));
        }
      item->node->rank = k - 1;
    }
  /* the position of each key in sorted order: the number of smaller keys */
  order = g_new (guint32, MAX (keys->len, 1));
  sorted = g_new (const char *, MAX (keys->len, 1));
  for (guint k = 0; k < keys->len; k++)
    sorted[k] = keys->pdata[k];
  qsort (sorted, keys->len, sizeof (const char *), compare_keys);
  for (guint i = 0; i < keys->len; i++)
    order[GPOINTER_TO_UINT (g_hash_table_lookup (key_of, sorted[i])) - 1] = i;
  for (guint i = 0; i < all->len; i++)
    {
      GrNode *node = g_array_index (all, RankItem, i).node;

      node->rank = MIN (order[node->rank], (1u << 30) - 1);
    }
}

/* The fringe breaks ties by id: give every node of the tree the rank of its
 * id among all of them (the number of distinct smaller ids, as schedula
 * orders them), so that the search compares integers. Both ways give the
 * same ranks. */
static void
assign_ranks (SchedulaGraph *root)
{
  g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (RankItem), root->n_nodes);

  collect_nodes (root, all);
  if (all->len > 2 * (gsize) root->n_nodes)
    rank_by_sorting_keys (all);
  else
    rank_by_sorting_nodes (all);
}

SchedulaGraph *
_schedula_graph_compile (SchedulaGraphDesc *desc)
{
  SchedulaGraph *graph = compile_tree (desc);

  assign_ranks (graph);
  return graph;
}

gboolean
_schedula_graph_is_current (SchedulaGraph *self)
{
  for (guint i = 0; i < self->root->versions->len; i++)
    {
      SchedulaDispatcher *dsp = self->root->versions->pdata[i];

      if ((guint) g_atomic_int_get (&dsp->version) != g_array_index (self->root->version_nums, guint, i))
        return FALSE;
    }
  return TRUE;
}

SchedulaGraph *
_schedula_dispatcher_get_graph (SchedulaDispatcher *self)
{
  SchedulaGraph *graph;

  g_mutex_lock (&self->lock);
  if (self->graph == NULL || !_schedula_graph_is_current (self->graph))
    {
      g_autoptr(SchedulaGraphDesc) desc = _schedula_graph_desc_new_full (self);

      g_clear_pointer (&self->graph, _schedula_graph_unref);
      g_clear_pointer (&self->reductions, g_ptr_array_unref);
      self->graph = _schedula_graph_compile (desc);
      /* once per version of the model */
      _schedula_dispatcher_warn_mappings (self);
    }
  graph = _schedula_graph_ref (self->graph);
  g_mutex_unlock (&self->lock);
  return graph;
}

SchedulaCall *
_schedula_graph_acquire_call (SchedulaGraph *self)
{
  SchedulaGraphRoot *root = self->root;
  SchedulaCall *call = NULL;

  if (root != NULL)
    {
      g_mutex_lock (&root->call_lock);
      call = g_steal_pointer (&root->spare_call);
      g_mutex_unlock (&root->call_lock);
    }
  if (call == NULL)
    call = schedula_call_new ();
  return call;
}

void
_schedula_graph_release_call (SchedulaGraph *self,
                              SchedulaCall  *call)
{
  _schedula_call_clear_outputs (call);
  g_clear_object (&call->cancellable);
  call->inputs = NULL;
  call->input_ids = NULL;
  call->n_inputs = 0;
  if (self->root != NULL)
    {
      g_mutex_lock (&self->root->call_lock);
      if (self->root->spare_call == NULL)
        {
          self->root->spare_call = call;
          call = NULL;
        }
      g_mutex_unlock (&self->root->call_lock);
    }
  g_clear_object (&call);
}

/* A block of exactly @size bytes that a finished dispatch of this graph
 * gave back, uninitialized, or NULL */
gpointer
_schedula_graph_take_block (SchedulaGraph *self,
                            gsize          size)
{
  SchedulaGraphRoot *root = self->root;
  gpointer block = NULL;

  if (size > GRAPH_SPARE_MAX_BYTES || root == NULL)
    return NULL;
  g_mutex_lock (&root->call_lock);
  for (guint i = 0; i < GRAPH_SPARE_BLOCKS; i++)
    if (root->spare_blocks[i] != NULL && root->spare_sizes[i] == size)
      {
        block = g_steal_pointer (&root->spare_blocks[i]);
        break;
      }
  g_mutex_unlock (&root->call_lock);
  return block;
}

/* Frees @block, of @size bytes, or keeps it for the next dispatch */
void
_schedula_graph_give_block (SchedulaGraph *self,
                            gpointer       block,
                            gsize          size)
{
  SchedulaGraphRoot *root = self->root;

  if (size <= GRAPH_SPARE_MAX_BYTES && root != NULL)
    {
      g_mutex_lock (&root->call_lock);
      for (guint i = 0; i < GRAPH_SPARE_BLOCKS && block != NULL; i++)
        if (root->spare_blocks[i] == NULL)
          {
            root->spare_blocks[i] = g_steal_pointer (&block);
            root->spare_sizes[i] = size;
          }
      g_mutex_unlock (&root->call_lock);
    }
  g_free (block);
}
