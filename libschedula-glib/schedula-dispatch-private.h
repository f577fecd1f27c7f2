/* schedula-dispatch-private.h: the state of a dispatch
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-graph-private.h"
#include "schedula-solution.h"

G_BEGIN_DECLS

typedef struct _SchedulaRun SchedulaRun;
typedef struct _SolState    SolState;

/* Per-node state bits of a solution */
enum {
  NS_DIST        = 1 << 0,   /* in dist: visited (or a started sub-dispatcher) */
  NS_SEEN        = 1 << 1,
  NS_VISITED     = 1 << 2,   /* schedula's _visited */
  NS_WF          = 1 << 3,   /* a node of the workflow */
  NS_VALUE       = 1 << 4,   /* has a value in the solution */
  NS_WILDCARD    = 1 << 5,
  NS_TARGET      = 1 << 6,   /* a requested output not reached yet */
  NS_DOMAIN      = 1 << 7,   /* the workflow node has solution_domain */
  NS_DOMAIN_TRUE = 1 << 8,
  NS_MEET        = 1 << 9,
  NS_ERROR       = 1 << 10,
};

/* A wait_inputs override map, as the one shrink_dsp gives schedula's
 * dispatch: per node -1 (no override), 0 or 1; per sub-dispatcher node the
 * map of its child. */
typedef struct _SchedulaWaitMap SchedulaWaitMap;
struct _SchedulaWaitMap
{
  gint8            *flags;
  SchedulaWaitMap **children;  /* per GrSub */
  SchedulaGraph    *graph;
};

typedef struct
{
  guint32       node;
  guint32       seq;
  const GValue *value;
} StartEdge;

typedef struct
{
  guint32          node;
  SchedulaFailure  failure;
  GError          *error;
} NodeError;

typedef struct
{
  char         *id;
  const GValue *value;
} ExtraValue;

struct _SolState
{
  SchedulaRun       *run;
  SchedulaGraph     *graph;
  SolState          *parent;
  guint32            parent_node;   /* the sub-dispatcher node in the parent */
  GrSub          *sub;           /* its info in the parent graph */
  gint              *index;         /* schedula's index path */
  guint              index_len;
  char             **full_name;

  guint16           *flags;
  SchedulaDistance  *dist;
  SchedulaDistance  *seen;
  SchedulaDistance  *meet;          /* only with a wait map */
  const GValue     **values;
  guint32           *wf_seq;        /* workflow insertion order of nodes */
  guint32           *wf_in;         /* dmap predecessors with a workflow edge to the node */
  guint32           *start_edge;    /* 1 + position in start_edges */
  const GValue     **edge_value;
  guint32           *edge_seq;      /* workflow insertion order of edges; 0: absent */
  GArray            *start_edges;   /* StartEdge */
  guint32            next_seq;
  SchedulaDistance   start_dist;    /* dist of START when it is not a node */
  GArray            *value_order;   /* guint32 */
  GArray            *dist_order;    /* guint32 */
  GArray            *extra;         /* ExtraValue: out-of-model inputs */
  GArray            *errors;        /* NodeError */
  const GValue     **results;       /* per function info: its results */
  SolState         **children;      /* per sub info */
  SchedulaWaitMap   *wait_map;
  guint              n_targets;
  gboolean           has_targets;
  gboolean           closed;
  gboolean           initialised;
  gboolean           no_domain;
  SchedulaSolution  *object;        /* the wrapper, if one was made */
};

typedef struct
{
  SchedulaDistance  d;
  guint32           prio;
  guint32           node;
  SolState         *sol;
} HeapEntry;

typedef struct
{
  SolState         *sol;
  guint32           node;
  SchedulaDistance  d;
} PipeStep;

struct _SchedulaRun
{
  SchedulaDispatcher *dsp;          /* a reference; NULL once released */
  GWeakRef            dsp_weak;
  SchedulaGraph      *graph;
  SolState           *top;
  GPtrArray          *sols;         /* every solution, in creation order */
  HeapEntry          *heap;
  guint               heap_len;
  guint               heap_cap;
  GPtrArray          *arena;        /* chunks of GValue */
  GValue             *chunk;
  guint               chunk_used;
  guint               chunk_cap;
  GArray             *pipe;         /* PipeStep */
  gboolean            no_call;
  gboolean            rm_unused;
  gboolean            verbose;
  GCancellable       *cancellable;
  SchedulaCall       *call;
  const GValue      **args;
  const char        **arg_ids;
  guint32            *arg_nodes;
  guint32            *arg_seqs;
  GError             *error;        /* why the dispatch stopped */
  SchedulaSolution   *object;       /* the top solution, which owns the run */
  GMutex              lock;
};

SchedulaRun      *_schedula_run_new          (SchedulaDispatcher       *dsp,
                                              SchedulaGraph            *graph,
                                              SchedulaDispatchOptions  *options,
                                              GCancellable             *cancellable);
void              _schedula_run_free         (SchedulaRun              *run);
SchedulaDispatcher *_schedula_run_dup_dispatcher (SchedulaRun            *run);
void              _schedula_run_release_dispatcher (SchedulaRun          *run);
gboolean          _schedula_run_init_top     (SchedulaRun              *run,
                                              GHashTable               *inputs,
                                              const char *const        *outputs,
                                              SchedulaDispatchOptions  *options,
                                              SchedulaWaitMap          *wait_map,
                                              GError                  **error);
gboolean          _schedula_run_execute      (SchedulaRun              *run,
                                              GError                  **error);

SchedulaSolution *_schedula_solution_new     (SchedulaRun              *run);
SchedulaSolution *_schedula_solution_wrap    (SolState                 *state);
SolState         *_schedula_solution_state   (SchedulaSolution         *self);

guint32           _schedula_sol_lookup       (SolState                 *sol,
                                              const char               *id);
guint             _schedula_sol_predecessors (SolState                 *sol,
                                              guint32                   node,
                                              guint32                  *nodes,
                                              guint32                  *seqs,
                                              const GValue            **values);

SchedulaWaitMap  *_schedula_wait_map_new     (SchedulaGraph            *graph,
                                              gboolean                  flag,
                                              gboolean                  all_domain);
void              _schedula_wait_map_free    (SchedulaWaitMap          *map);

SchedulaWorkflow *_schedula_workflow_new     (SchedulaSolution         *solution);

G_END_DECLS
