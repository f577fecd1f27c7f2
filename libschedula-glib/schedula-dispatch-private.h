/* schedula-dispatch-private.h: the state of a dispatch
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <string.h>

#include "schedula-graph-private.h"
#include "schedula-solution.h"
#include "schedula-executor.h"

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
  guint32          step;     /* the step of the search it happened at */
} NodeError;

typedef struct
{
  char         *id;
  const GValue *value;
} ExtraValue;

/* A vector of node indices. A solution's start in its own block, with
 * room for every node; one that outgrows it (not in a dispatch as it is)
 * moves to memory of its own. */
typedef struct
{
  guint32 *data;
  guint    len;
  guint    cap : 31;
  guint    owned : 1;   /* data is its own allocation */
} U32Vec;

static inline void
u32vec_push (U32Vec  *v,
             guint32  x)
{
  if (G_UNLIKELY (v->len == v->cap))
    {
      guint cap = MAX (16, v->cap * 2);

      if (v->owned)
        v->data = g_renew (guint32, v->data, cap);
      else
        {
          guint32 *data = g_new (guint32, cap);

          if (v->len > 0)
            memcpy (data, v->data, sizeof (guint32) * v->len);
          v->data = data;
          v->owned = TRUE;
        }
      v->cap = cap;
    }
  v->data[v->len++] = x;
}

static inline void
u32vec_clear (U32Vec *v)
{
  if (v->owned)
    g_free (v->data);
}

/* The state of one node in one solution. `d` is the best distance the node
 * entered the fringe at (schedula's seen) until it is visited, then its
 * distance (schedula's dist): the two agree from then on. */
typedef struct
{
  guint16           flags;
  guint16           pending_in;  /* pending calls with an edge to the node (executors) */
  guint32           wf_seq;      /* workflow insertion order; 0: not in the workflow */
  guint32           wf_in;       /* dmap predecessors with a workflow edge to the node */
  guint32           start_edge;  /* 1 + position in start_edges */
  SchedulaDistance  d;
  const GValue     *value;
} NodeState;

struct _SolState
{
  gsize               block_size;   /* of the block that holds it and its arrays */
  SchedulaRun       *run;
  SchedulaGraph     *graph;
  SolState          *parent;
  guint32            parent_node;   /* the sub-dispatcher node in the parent */
  GrSub          *sub;           /* its info in the parent graph */
  /* schedula's index path is the parent's, then own_index: it is not kept
   * whole (deep nesting would copy it at every level) but walked up with
   * the parent and jump pointers (see index_path_cmp ()) */
  gint               own_index;     /* the index of parent_node; -1 for a top solution */
  guint              depth;         /* 0 for a top solution */
  SolState          *jump;          /* an ancestor (itself at the top), see sol_new () */
  gint              *index;         /* the whole path, made when asked for, or NULL */
  char             **full_name;     /* made when asked for (sol_full_name ()), or NULL */
  char             **root_name;     /* a top solution's name (a wrapper's), or NULL */

  NodeState         *ns;            /* per node */
  SchedulaDistance  *meet;          /* only with a wait map */
  const GValue     **edge_value;
  guint32           *edge_seq;      /* workflow insertion order of edges; 0: absent */
  GArray            *start_edges;   /* StartEdge */
  guint32            next_seq;
  SchedulaDistance   start_dist;    /* dist of START when it is not a node */
  U32Vec             value_order;   /* nodes, in the order they got a value */
  U32Vec             dist_order;    /* nodes, in the order they got a distance */
  GArray            *extra;         /* ExtraValue: out-of-model inputs */
  GArray            *errors;        /* NodeError */
  const GValue     **results;       /* per function info: its results */
  SolState         **children;      /* per sub info */
  SchedulaSolution **attached;      /* per function info: solutions functions attached, or NULL */
  SchedulaWaitMap   *wait_map;
  guint              n_targets;
  gboolean           has_targets;
  guint32            position;      /* in the run's solutions */
  guint              closed : 1;
  guint              open_below : 1; /* closed, with an open solution below (see
                                      * close_sol ()); a bit beside closed, so that the
                                      * state keeps its size (and its node array its
                                      * place in the block) */
  gboolean           initialised;
  gboolean           no_domain;
  GWeakRef           object;        /* the wrapper of a sub-solution, while it lives */
};

/* A fringe entry. Its key is (d, priority, id): `tie` packs the priority
 * (2 bits) over the rank of the node id, so that one integer compares both;
 * equal keys are then told apart by the index path of node and solution. */
typedef struct
{
  SchedulaDistance  d;
  guint32           tie;
  guint32           node;
  SolState         *sol;
} HeapEntry;

/* What the heap moves: 16 bytes, the place of the whole entry, the tie,
 * and an integer key that orders the distances of most searches (a finite
 * distance of one level). The place comes first: a pop reads it at once,
 * and a load from the start of a key just stored whole is forwarded from
 * the store. */
typedef struct
{
  guint32  slot;
  guint32  tie;
  guint64  key;
} HeapKey;

#define HEAP_TIE(prio, rank) (((guint32) (prio) << 30) | (rank))

/* A step of the pipe: a node taken from the fringe and visited. Its
 * distance is the one it was visited at. */
typedef struct
{
  guint32           sol;    /* position in the run's solutions */
  guint32           node;
} PipeStep;

struct _SchedulaRun
{
  GWeakRef            dsp;          /* the caller holds it during the dispatch; the
                                     * dispatcher holds its last solution after */
  SchedulaGraph      *graph;
  SolState           *top;
  GPtrArray          *sols;         /* every solution, in creation order */
  HeapKey            *heap;         /* the fringe: a binary heap of keys ... */
  HeapEntry          *heap_entries; /* ... whose entries are here, by key.slot */
  guint32            *heap_free;    /* free places in heap_entries */
  guint               heap_len;
  guint               heap_cap;
  guint               heap_n_free;
  guint               heap_n_slots; /* places of heap_entries ever used */
  gboolean            heap_exact;   /* a distance the keys cannot order came in:
                                     * compare the entries themselves */
  struct _Bucket     *buckets;      /* ... and, once it is large, buckets of equal
                                     * distance (see fringe_push ()) */
  guint               n_buckets;
  gint                min_bucket;   /* the bucket of the smallest distance */
  guint               bucket_min_heap; /* heap_len from which pushes may go to buckets */
  guint               bucket_opens;
  guint               bucket_appends;
  guint64            *sort_keys;    /* scratch for sorting a bucket */
  gsize               sort_keys_cap;
  GPtrArray          *arena;        /* chunks of GValue */
  GValue             *chunk;
  guint               chunk_used;
  guint               chunk_cap;
  PipeStep           *pipe;
  guint               pipe_len;
  guint               pipe_cap;
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
  guint32             cur_step;     /* the step of the search being done */
  gint                finished;     /* atomic: the dispatch returned, nothing changes
                                     * any more (schedula_solution_is_finished ()); in
                                     * cur_step's padding, so that no field after it
                                     * moves (inserted above, it cost dag_alt_1000 2-3%) */

  /* With an executor: the calls handed over and not yet committed, in the
   * order of the search (see run_loop_executor()) */
  SchedulaExecutor   *executor;
  GAsyncQueue        *done;         /* Pending*, as their tasks complete */
  GQueue              pending;      /* Pending*, by step */
  struct _BoundHeap  *bounds;       /* the keys the pending calls' outputs may take */
  SchedulaProgress   *progress;     /* DispatchOptions:progress, or NULL */
  GCancellable       *stop;         /* cancelled when the dispatch stops early */
  gulong              stop_handler;
  gboolean            run_ahead;    /* whether calls may run while others are pending */
  gboolean            speculative;  /* DispatchOptions:speculative */
  guint               n_raising;    /* speculative: pending calls whose failure stops the dispatch */
  GArray             *spec_log;     /* SpecVisit: the visits made while n_raising > 0 */
  guint32             stop_step;    /* the step of the call whose commit stopped the dispatch */
  gboolean            top_stopped;  /* every target of the top solution is reached */
  gdouble             timeout;      /* per call, in seconds; 0: none */
  GPtrArray          *spare_calls;  /* SchedulaCall, for the tasks */
};

SchedulaRun      *_schedula_run_new          (SchedulaDispatcher       *dsp,
                                              SchedulaGraph            *graph,
                                              SchedulaDispatchOptions  *options,
                                              GCancellable             *cancellable);
void              _schedula_run_free         (SchedulaRun              *run);
SchedulaDispatcher *_schedula_run_dup_dispatcher (SchedulaRun            *run);
gboolean          _schedula_run_init_top     (SchedulaRun              *run,
                                              GHashTable               *inputs,
                                              const char *const        *outputs,
                                              SchedulaDispatchOptions  *options,
                                              SchedulaWaitMap          *wait_map,
                                              GError                  **error);

/* The number of values of @sol (out-of-model inputs included): what
 * schedula's Solution, a dict, holds */
static inline guint
_schedula_sol_n_values (const SolState *sol)
{
  return (sol->extra != NULL ? sol->extra->len : 0) + sol->value_order.len;
}

SchedulaSolution *_schedula_solution_new     (SchedulaRun              *run);
SchedulaSolution *_schedula_solution_wrap    (SolState                 *state);
SolState         *_schedula_solution_state   (SchedulaSolution         *self);

guint32           _schedula_sol_lookup       (SolState                 *sol,
                                              const char               *id);
const gint       *_schedula_sol_get_index    (gpointer                  sol,
                                              guint                    *n_index);
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

/* Compiled pipes */
typedef struct _SchedulaPlan SchedulaPlan;

SchedulaPlan     *_schedula_plan_new          (SchedulaSolution         *template_sol);
void              _schedula_plan_free         (SchedulaPlan             *plan);
guint             _schedula_plan_get_n_steps  (SchedulaPlan             *plan);
SchedulaSolution *_schedula_plan_replay       (SchedulaPlan             *plan,
                                               SchedulaDispatcher       *dsp,
                                               GHashTable               *inputs,
                                               GCancellable             *cancellable,
                                               gboolean                  record_pipe,
                                               gboolean                 *completed,
                                               GError                  **error);

G_END_DECLS
