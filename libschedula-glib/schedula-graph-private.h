/* schedula-graph-private.h: the compiled form of a model
 *
 * A dispatch does not walk the GObject model: it walks a SchedulaGraph, an
 * immutable, index-based copy of what the search needs (adjacency in CSR
 * form, edge lengths, the functions of each node), compiled once per model
 * version and shared by every dispatch of that version. A graph is either
 * the whole model or a reduction of it (the ancestors of the requested
 * outputs, or a shrunk model); sub-dispatcher nodes carry the compiled graph
 * of their child.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-dispatcher-private.h"
#include "schedula-function-private.h"

G_BEGIN_DECLS

#define SCHEDULA_NO_NODE G_MAXUINT32

typedef enum {
  GNODE_WAIT          = 1 << 0,  /* wait_inputs attribute */
  GNODE_HAS_DEFAULT   = 1 << 1,
  GNODE_WILDCARD_OFF  = 1 << 2,  /* data node attribute wildcard=False */
  GNODE_EXCLUDED      = 1 << 3,  /* child default excluded by a single-id input mapping */
  GNODE_TARGET        = 1 << 4,  /* child node that is a key of the parent's output mapping */
  GNODE_SELF_DEFAULT  = 1 << 5,  /* default is the dispatcher (SELF) */
  GNODE_PLAIN         = 1 << 6,  /* data node without combiner, filters, callback, type */
} GrNodeFlags;

/* What the search reads of a node, 20 bytes; its id and object are in the
 * graph's ids and objs arrays, at the same position. */
typedef struct
{
  guint32       rank;       /* position of id in the sorted ids of the whole tree */
  guint8        kind;       /* SchedulaNodeKind */
  guint8        flags;      /* GrNodeFlags */
  guint32       info;       /* index into funcs / datas / subs, or SCHEDULA_NO_NODE */
  guint32       succ;       /* first successor edge; the last is nodes[i+1].succ */
  guint32       pred;       /* first predecessor slot; the last is nodes[i+1].pred */
} GrNode;

/* The attributes of a function node that few have */
typedef struct
{
  SchedulaFunction  *domain;
  GPtrArray         *filters;
} GrFuncExtra;

typedef struct
{
  SchedulaFunction  *function;
  SchedulaFunc       direct;     /* called without a vfunc when possible */
  gpointer           user_data;
  GrFuncExtra       *x;          /* NULL without domain and filters */
  const char *const *input_ids;  /* declared inputs */
  guint32           *in_edge;    /* per declared input, then per declared output: the
                                  * edge from or to it, or SCHEDULA_NO_NODE */
  guint32            n_inputs;
  guint32            n_outputs;
} GrFunc;

#define GR_OUT_EDGE(f, k) ((f)->in_edge[(f)->n_inputs + (k)])
#define GR_DOMAIN(f)      ((f)->x != NULL ? (f)->x->domain : NULL)
#define GR_FILTERS(f)     ((f)->x != NULL ? (f)->x->filters : NULL)

typedef struct
{
  GValue            *default_value;  /* owned by the graph */
  SchedulaDistance   initial_dist;
  SchedulaFunction  *combiner;
  SchedulaFunction  *callback;
  GPtrArray         *filters;
  GType              value_type;
} GrData;

typedef struct
{
  guint32  node;      /* the node mapped from */
  guint32  n;         /* targets that exist */
  guint32  n_orig;    /* ids in the mapping (1: schedula's single id) */
  guint32 *targets;   /* the nodes mapped to */
} GrMap;

typedef struct _SchedulaGraph SchedulaGraph;

/* A graph keeps a few blocks of memory that its dispatches freed (a top
 * solution's arrays, a chunk of values) for the next dispatch, when they
 * are small: freeing them and allocating them again made malloc give the
 * top of the heap back to the system and fault it in again, 13% of a
 * 1,000-function dispatch. They go with the graph (a change of the model,
 * or its end). */
#define GRAPH_SPARE_BLOCKS    4
#define GRAPH_SPARE_MAX_BYTES (512 * 1024)

/* The part of a graph that only a top graph has */
typedef struct
{
  GPtrArray          *versions;    /* (dispatcher, version) pairs of the tree */
  GArray             *version_nums;
  SchedulaCall       *spare_call;  /* one reusable call object */
  gpointer            spare_blocks[GRAPH_SPARE_BLOCKS]; /* memory of finished dispatches */
  gsize               spare_sizes[GRAPH_SPARE_BLOCKS];
  GMutex              call_lock;   /* guards spare_call and the spare blocks */
} SchedulaGraphRoot;

typedef struct
{
  SchedulaGraph    *child;
  SchedulaFunction *domain;
  GrMap        *inputs;      /* parent node -> child nodes, mapping order */
  guint             n_inputs;
  GrMap        *outputs;     /* child node -> parent nodes, mapping order */
  guint             n_outputs;
  guint32          *out_of_child;/* child node -> 1 + position in outputs, 0 if none */
  GHashTable       *in_index;    /* parent node -> its GrMap in inputs; NULL for a few */
  guint             n_targets;   /* keys of the output mapping */
} GrSub;

struct _SchedulaGraph
{
  gatomicrefcount     ref_count;
  SchedulaDispatcher *dsp;         /* not owned: held during a dispatch, by the
                                    * parent graph for a child; the root's may be
                                    * gone once the dispatch is over */
  char               *dsp_name;    /* its name, for messages */
  guint               n_nodes;
  guint               n_edges;
  GrNode              *nodes;       /* n_nodes + 1 (sentinel) */
  const char         **ids;         /* per node */
  SchedulaNode       **objs;        /* per node, owned references */
  guint32            *succ_to;     /* per edge */
  gdouble            *succ_len;    /* per edge: weight (default 1) + target weight */
  guint32            *pred_from;   /* per predecessor slot */
  guint32            *pred_edge;   /* per predecessor slot: the edge */
  GrFunc          *funcs;
  guint               n_funcs;
  GrData          *datas;
  guint               n_datas;
  GrSub           *subs;
  guint               n_subs;
  guint32             start;       /* the START node, or SCHEDULA_NO_NODE */
  guint32            *defaults;    /* the data nodes with a default value */
  const char        **port_ids;    /* the input ids of every function */
  guint32            *port_edges;  /* the input and output edges of every function */
  guint               n_defaults;
  guint32            *table;       /* open-addressing id index */
  guint               table_mask;
  guint               max_ports;   /* most inputs/outputs/estimations of a node */
  guint               tree_max_ports; /* the same over this graph and its children */
  gboolean            tree_has_self;  /* a node of the tree has the default SELF */
  gboolean            tree_has_negative; /* an edge of the tree is shorter than 0 */
  GPtrArray          *refs;        /* other objects kept alive (functions...) */
  SchedulaStrings    *strings;     /* the ids, so that a graph outlives its model */
  SchedulaGraphRoot  *root;        /* what only the top graph of a compile has (the
                                    * one dispatches run on); NULL in its children,
                                    * of which a deep nesting has one per level */
};

/* A graph to compile: nodes of one dispatcher and edges between them, in
 * order. Sub-dispatcher nodes may carry an override: a reduced child and
 * restricted mappings. */
typedef struct _SchedulaGraphDesc SchedulaGraphDesc;

typedef struct
{
  SchedulaGraphDesc *child;
  SchedulaMapping   *inputs;
  SchedulaMapping   *outputs;
} SchedulaSubOverride;

struct _SchedulaGraphDesc
{
  SchedulaDispatcher *dsp;
  GPtrArray          *nodes;     /* SchedulaNode*, owned refs */
  GArray             *edges;     /* SchedulaModelEdge over positions in nodes */
  GHashTable         *overrides; /* SchedulaNode* -> SchedulaSubOverride* */
};

SchedulaGraph     *_schedula_graph_ref              (SchedulaGraph       *self);
void               _schedula_graph_unref            (SchedulaGraph       *self);
SchedulaGraph     *_schedula_graph_compile          (SchedulaGraphDesc   *desc);
SchedulaGraph     *_schedula_dispatcher_get_graph   (SchedulaDispatcher  *self);
gboolean           _schedula_graph_is_current       (SchedulaGraph       *self);
guint32            _schedula_graph_lookup           (SchedulaGraph       *self,
                                                     const char          *id);
SchedulaCall      *_schedula_graph_acquire_call     (SchedulaGraph       *self);
void               _schedula_graph_release_call     (SchedulaGraph       *self,
                                                     SchedulaCall        *call);
gpointer           _schedula_graph_take_block       (SchedulaGraph       *self,
                                                     gsize                size);
void               _schedula_graph_give_block       (SchedulaGraph       *self,
                                                     gpointer             block,
                                                     gsize                size);

static inline guint32
_schedula_graph_edge_find (SchedulaGraph *g,
                           guint32        from,
                           guint32        to)
{
  /* the shorter of the two lists: the successors of @from or the
   * predecessors of @to (a data node read by 100,000 functions, or a
   * function of 100,000 outputs, has one long list and many short ones) */
  if (g->nodes[from + 1].succ - g->nodes[from].succ <= g->nodes[to + 1].pred - g->nodes[to].pred)
    {
      for (guint32 e = g->nodes[from].succ; e < g->nodes[from + 1].succ; e++)
        if (g->succ_to[e] == to)
          return e;
    }
  else
    {
      for (guint32 p = g->nodes[to].pred; p < g->nodes[to + 1].pred; p++)
        if (g->pred_from[p] == from)
          return g->pred_edge[p];
    }
  return SCHEDULA_NO_NODE;
}

SchedulaGraphDesc *_schedula_graph_desc_new         (SchedulaDispatcher  *dsp);
void               _schedula_graph_desc_set_override (SchedulaGraphDesc  *desc,
                                                      SchedulaNode       *node,
                                                      SchedulaGraphDesc  *child,
                                                      SchedulaMapping    *inputs,
                                                      SchedulaMapping    *outputs);
GrMap         *_schedula_sub_input_entry         (GrSub           *sub,
                                                      guint32             parent_node);
SchedulaGraphDesc *_schedula_graph_desc_new_full    (SchedulaDispatcher  *dsp);
void               _schedula_graph_desc_free        (SchedulaGraphDesc   *desc);
guint              _schedula_graph_desc_add_node    (SchedulaGraphDesc   *desc,
                                                     SchedulaNode        *node);
SchedulaDispatcher *_schedula_graph_desc_materialize (SchedulaGraphDesc  *desc);
void               _schedula_graph_desc_sort        (SchedulaGraphDesc   *desc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaGraphDesc, _schedula_graph_desc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaGraph, _schedula_graph_unref)

G_END_DECLS
