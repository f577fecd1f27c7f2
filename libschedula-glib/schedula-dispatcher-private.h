/* schedula-dispatcher-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-dispatcher.h"
#include "schedula-node-private.h"

G_BEGIN_DECLS

typedef struct _SchedulaGraph SchedulaGraph;

/* The ids of a dispatcher's nodes, shared with the graphs compiled from it
 * so that those outlive it. Append-only. The chunks grow with what they
 * hold: a dispatcher of a few ids (a level of a deep nesting) takes a few
 * dozen bytes, not a page. */
typedef struct
{
  gatomicrefcount  ref_count;
  GStringChunk    *chunk;      /* the current chunk, or NULL before the first id */
  GSList          *full;       /* GStringChunk: the earlier, smaller chunks */
  gsize            chunk_size; /* of the current chunk's blocks */
  gsize            used;       /* bytes put in the current chunk */
} SchedulaStrings;

SchedulaStrings *_schedula_strings_ref    (SchedulaStrings *strings);
void             _schedula_strings_unref  (SchedulaStrings *strings);
const char      *_schedula_strings_insert (SchedulaStrings *strings,
                                           const char      *id);

/* Open addressing over the positions of the nodes in @nodes, keyed by their
 * ids; a slot keeps the hash of the id to compare it first. */
typedef struct
{
  guint32 hash;
  guint32 pos1;      /* 1 + position in nodes; 0 for an empty slot */
} SchedulaIndexSlot;

typedef struct
{
  SchedulaIndexSlot *slots;
  GPtrArray         *nodes;   /* the dispatcher's node list */
  guint              mask;
  guint              n;
} SchedulaNodeIndex;

/* An edge of the model, as positions in the node list. The list keeps the
 * order edges were added in, which is schedula's adjacency order. */
typedef struct
{
  guint32 from;
  guint32 to;
} SchedulaModelEdge;

/* The function set with schedula_dispatcher_set_raises_func(); copies of a
 * dispatcher share it, and the last one to let go frees its data. */
typedef struct
{
  SchedulaRaisesFunc func;
  gpointer           data;
  GDestroyNotify     destroy;
} SchedulaRaisesHandler;

struct _SchedulaDispatcher
{
  GObject             parent_instance;

  char               *name;
  char               *description;
  char               *executor;
  SchedulaRaises      raises;
  SchedulaRaisesHandler *raises_handler; /* refcounted (g_rc_box), shared by copies */

  GPtrArray          *nodes;     /* SchedulaNode*, insertion order */
  SchedulaNodeIndex   index;     /* id -> SchedulaNode* */
  gint                positions_from; /* the positions nodes keep (SCHEDULA_NODE_COMMON)
                                  * are out of date from this one on (G_MAXINT: none):
                                  * a removal leaves them so, for
                                  * _schedula_dispatcher_position() and
                                  * _schedula_dispatcher_refresh_positions () */
  SchedulaStrings    *strings;   /* the ids */
  GArray             *edges;     /* SchedulaModelEdge */
  gint                counter;
  guint               version;   /* bumped by every change */
  GHashTable         *suffixes;  /* id -> the first n of "id<n>" that may be free (see
                                  * unused_id ()), or NULL */
  gint                n_parents; /* sub-dispatcher nodes in a model whose child this is
                                  * (atomic): none, no model contains it */

  GMutex              lock;      /* protects the caches and the last solution */
  struct _ModelAdjacency *adjacency; /* the edges by node, for the queries of
                                  * the model's edges; made when first asked
                                  * for in a version of the model */
  SchedulaGraph      *graph;     /* compiled full model */
  GPtrArray          *reductions;/* compiled reductions for targeted dispatches */
  SchedulaSolution   *solution;  /* the last solution (schedula's dsp.solution) */
  GWeakRef            solution_weak; /* or, for a model that holds SELF, a weak reference */
};

void             _schedula_dispatcher_touch               (SchedulaDispatcher     *self);
void             _schedula_dispatcher_unref_child         (SchedulaDispatcher     *child);
const char      *_schedula_dispatcher_intern              (SchedulaDispatcher     *self,
                                                           const char             *id);
SchedulaNode    *_schedula_index_lookup                   (SchedulaNodeIndex      *index,
                                                           const char             *id);
guint            _schedula_dispatcher_position            (SchedulaDispatcher     *self,
                                                           SchedulaNode           *node);
void             _schedula_dispatcher_refresh_positions   (SchedulaDispatcher     *self);
void             _schedula_node_intern_ports              (SchedulaNode           *node,
                                                           SchedulaDispatcher     *dispatcher);
void             _schedula_node_adopt_port_ids            (SchedulaNode           *node,
                                                           const char *const      *ids);
SchedulaMapping *_schedula_dispatcher_default_mapping     (SchedulaDispatcher     *child);
void             _schedula_dispatcher_include_defaults    (SchedulaDispatcher     *self,
                                                           SchedulaDispatcherNode *node);
void             _schedula_dispatcher_node_update_ports   (SchedulaDispatcherNode *self);
void             _schedula_dispatcher_append              (SchedulaDispatcher     *self,
                                                           SchedulaNode           *node);
void             _schedula_dispatcher_add_edge            (SchedulaDispatcher     *self,
                                                           guint                   from,
                                                           guint                   to);
SchedulaDispatcher *_schedula_dispatcher_copy_structure   (SchedulaDispatcher     *self);
void             _schedula_dispatcher_set_solution        (SchedulaDispatcher     *self,
                                                           SchedulaSolution       *solution,
                                                           gboolean                strong);
SchedulaRaises   _schedula_dispatcher_policy              (SchedulaDispatcher     *self,
                                                           const char             *node_id,
                                                           const GError           *error);
gboolean         _schedula_dispatcher_may_raise           (SchedulaDispatcher     *self);
SchedulaFunction *_schedula_builtin_collect               (void);
gboolean         _schedula_edge_weight                    (SchedulaNode           *from,
                                                           SchedulaNode           *to,
                                                           gdouble                *weight);
SchedulaNode    *_schedula_dispatcher_find_fuzzy          (SchedulaDispatcher     *self,
                                                           const char             *id);
char            *_schedula_format_path                    (const char *const      *path);
void             _schedula_dispatcher_take_graph          (SchedulaDispatcher     *self,
                                                           SchedulaDispatcher     *from);
void             _schedula_dispatcher_warn_mappings       (SchedulaDispatcher     *self);

G_END_DECLS
