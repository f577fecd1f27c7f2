/* schedula-dispatch.c: the search (schedula's ArciDispatch)
 *
 * This file is the whole algorithm. A dispatch is a modified Dijkstra over
 * one fringe shared by the solution and by every child solution of its
 * sub-dispatcher nodes:
 *
 *   - fringe entries are (distance, priority, node id, index path) and pop in
 *     that order: at equal distance, plain data nodes come before functions
 *     and waiting nodes (priority 1), which come before values flowing out of
 *     sub-dispatchers (priority 2, 3); then the smaller id wins; then the
 *     smaller index path;
 *   - visiting a data node picks its estimation (the shortest one that a
 *     function made, else its input or default), runs its combiner, filters
 *     and callback, and sends the value along its outgoing edges;
 *   - visiting a function node calls it with the values of its inputs (NONE
 *     ones dropped) unless its domain says no; a failure is recorded and the
 *     search goes around it;
 *   - a function node is seen (pushed) only when all its inputs have sent a
 *     value, at the distance of the last one to arrive plus the edge length;
 *   - the search stops when every requested output has been visited.
 *
 * Function calls go through call_function(), the one place where the loop
 * hands a call off and takes its results back: an executor that runs calls
 * elsewhere replaces that step, and the loop does not otherwise care where a
 * function ran.
 *
 * The state of a solution is kept in flat per-node and per-edge arrays of the
 * compiled graph (see schedula-graph-private.h), so that a dispatch allocates
 * no object per node.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-dispatch-private.h"
#include "schedula-progress-private.h"
#include "schedula-call-private.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-executor-private.h"
#include "schedula-model-ops-private.h"
#include "schedula-private.h"

#define ARENA_CHUNK 1024

typedef enum {
  VISIT_CONTINUE,  /* go on with the search */
  VISIT_STOP,      /* every target is reached */
  VISIT_ERROR,     /* the dispatch stops: run->error says why */
  VISIT_OUTPUT,    /* the node produced its output (node output functions) */
  VISIT_PENDING,   /* the call went to the executor: its results come later */
} VisitResult;

typedef enum {
  CALL_OK,
  CALL_FAILED,
  CALL_ABORT,
} CallResult;

static const char *const failure_names[] = { "DISPATCHING", "CALLBACK", "SUB-DSP DOMAIN" };

/* The value arena: every value the dispatch makes lives here until the
 * solution goes. */

static GValue *
arena_alloc (SchedulaRun *run,
             guint        n)
{
  GValue *slots;

  if (run->chunk == NULL || run->chunk_used + n > run->chunk_cap)
    {
      guint cap = MAX (ARENA_CHUNK, n);

      /* Slots are zeroed as they are handed out, not here */
      if (run->chunk != NULL)
        run->arena->pdata[run->arena->len - 1] = GUINT_TO_POINTER (run->chunk_used);
      run->chunk = cap == ARENA_CHUNK ? _schedula_graph_take_block (run->graph, sizeof (GValue) * cap)
                                      : NULL;
      if (run->chunk == NULL)
        run->chunk = g_new (GValue, cap);
      run->chunk_cap = cap;
      run->chunk_used = 0;
      g_ptr_array_add (run->arena, run->chunk);
      g_ptr_array_add (run->arena, GUINT_TO_POINTER (0));
    }
  slots = run->chunk + run->chunk_used;
  memset (slots, 0, sizeof (GValue) * n);
  run->chunk_used += n;
  return slots;
}

/* Plain numbers need no copy or free function (and no type-system lookups) */
static inline gboolean
is_plain_type (GType type)
{
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE || type == G_TYPE_INT ||
         type == G_TYPE_BOOLEAN || type == G_TYPE_UINT64 || type == G_TYPE_UINT ||
         type == G_TYPE_FLOAT || type == G_TYPE_LONG || type == G_TYPE_ULONG;
}

static const GValue *
arena_copy (SchedulaRun  *run,
            const GValue *value)
{
  GValue *slot = arena_alloc (run, 1);
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE || type == G_TYPE_BOOLEAN)
    *slot = *value;
  else
    _schedula_value_copy_widened (value, slot);
  return slot;
}

static void
arena_free (SchedulaRun *run)
{
  if (run->chunk != NULL)
    run->arena->pdata[run->arena->len - 1] = GUINT_TO_POINTER (run->chunk_used);
  for (guint i = 0; i < run->arena->len; i += 2)
    {
      GValue *chunk = run->arena->pdata[i];
      guint used = GPOINTER_TO_UINT (run->arena->pdata[i + 1]);

      for (guint j = 0; j < used; j++)
        if (_SCHEDULA_VALUE_SET (&chunk[j]) && !is_plain_type (G_VALUE_TYPE (&chunk[j])))
          g_value_unset (&chunk[j]);
      /* a chunk of more than ARENA_CHUNK slots was made full for one value */
      if (used <= ARENA_CHUNK)
        _schedula_graph_give_block (run->graph, chunk, sizeof (GValue) * ARENA_CHUNK);
      else
        g_free (chunk);
    }
  g_ptr_array_unref (run->arena);
}

/* The fringe: a binary heap of HeapEntry */

/* The index path of an entry is schedula's tie-break: the index path of its
 * solution (-1 for the top, then the index of each sub-dispatcher node down
 * to it), then the index of its node; two entries compare their paths
 * lexicographically, a path before the longer ones it begins.
 *
 * A solution keeps only its own index, its depth, its parent and a jump
 * pointer (the skew-binary scheme of Myers, "An applicative random-access
 * stack", 1983): the ancestor of a solution at any depth is found in
 * O(log depth) steps, and so is the place where two paths part. The depth
 * of jump is a function of the depth alone, so that two solutions of equal
 * depth jump together. */

/* The ancestor of @sol at @depth (<= sol->depth) */
static const SolState *
sol_ancestor (const SolState *sol,
              guint           depth)
{
  while (sol->depth > depth)
    sol = sol->jump->depth >= depth ? sol->jump : sol->parent;
  return sol;
}

/* The paths as they are, walked up to the top: O(depth), for solutions of
 * two top solutions or siblings of equal index, which a dispatch does not
 * make */
static int
index_path_cmp_slow (const SolState *sa,
                     gint            ia,
                     const SolState *sb,
                     gint            ib)
{
  guint la = sa->depth + 1, lb = sb->depth + 1;
  g_autofree gint *pa = g_new (gint, la + 1);
  g_autofree gint *pb = g_new (gint, lb + 1);
  guint i = la;

  pa[la] = ia;
  for (const SolState *s = sa; s != NULL; s = s->parent)
    pa[--i] = s->own_index;
  i = lb;
  pb[lb] = ib;
  for (const SolState *s = sb; s != NULL; s = s->parent)
    pb[--i] = s->own_index;
  for (i = 0; i <= MIN (la, lb); i++)
    if (pa[i] != pb[i])
      return pa[i] < pb[i] ? -1 : 1;
  return la < lb ? -1 : la > lb;
}

/* Entry (@sa, @ia) against (@sb, @ib), where @sa is not deeper than @sb */
static int
index_path_cmp_up (const SolState *sa,
                   gint            ia,
                   const SolState *sb,
                   gint            ib)
{
  const SolState *u = sa;
  const SolState *v = sol_ancestor (sb, sa->depth);

  if (u == v)
    {
      /* sa's path begins sb's: its node's index against the next one of
       * sb's path; at equal ones sa's path is the shorter */
      gint c = sol_ancestor (sb, sa->depth + 1)->own_index;

      return ia <= c ? -1 : 1;
    }
  /* up to the two children of the common ancestor: the paths part there */
  while (u->parent != v->parent)
    {
      if (u->jump != v->jump)
        {
          u = u->jump;
          v = v->jump;
        }
      else
        {
          u = u->parent;
          v = v->parent;
        }
    }
  if (u->parent == NULL || u->own_index == v->own_index)
    return index_path_cmp_slow (sa, ia, sb, ib);
  return u->own_index < v->own_index ? -1 : 1;
}

static int
index_path_cmp (const HeapEntry *a,
                const HeapEntry *b)
{
  gint ia = _schedula_node_common (a->sol->graph->objs[a->node])->index;
  gint ib = _schedula_node_common (b->sol->graph->objs[b->node])->index;

  if (a->sol == b->sol)
    return ia < ib ? -1 : ia > ib;
  if (a->sol->depth <= b->sol->depth)
    return index_path_cmp_up (a->sol, ia, b->sol, ib);
  return -index_path_cmp_up (b->sol, ib, a->sol, ia);
}

/* Without branches but for the rare equal keys (one node in two
 * solutions): the heap's comparisons are unpredictable, and a mispredicted
 * branch on each level of a pop was a quarter of a dispatch where the
 * weights are random. */
static inline gboolean
entry_less (const HeapEntry *a,
            const HeapEntry *b)
{
  if (G_UNLIKELY (a->tie == b->tie && a->d.num == b->d.num && a->d.inf == b->d.inf))
    return index_path_cmp (a, b) < 0;
  return (a->d.inf < b->d.inf) |
         ((a->d.inf == b->d.inf) & ((a->d.num < b->d.num) |
                                    ((a->d.num == b->d.num) & (a->tie < b->tie))));
}

/* The search's distances go by pointer and are copied a field at a time.
 * A SchedulaDistance passed by value arrives in two registers, and GCC
 * stored both to the stack and loaded them back as one 16-byte vector,
 * which the processor cannot forward from two 8-byte stores: a stall of
 * about 15 cycles on every edge seen and every push, 15% of a DAG's
 * dispatch in perf. */
static inline void
dist_copy (SchedulaDistance       *dst,
           const SchedulaDistance *src)
{
  dst->inf = src->inf;
  dst->num = src->num;
}

/* A fringe entry for @node of @sol at @d, pushed with priority @prio */
static inline void
entry_init (HeapEntry              *e,
            const SchedulaDistance *d,
            guint32                 prio,
            guint32                 node,
            SolState               *sol)
{
  dist_copy (&e->d, d);
  e->tie = HEAP_TIE (prio, sol->graph->nodes[node].rank);
  e->node = node;
  e->sol = sol;
}

#define HEAP_PARENT(i)   (((i) - 1) / 2)

/* The heap moves 16-byte keys instead of its 32-byte entries and compares
 * them as integers: a distance (0, num) with a finite num maps to an
 * unsigned integer in the same order (the bits of a double, the sign's
 * flipped; -0 taken as 0), and two keys of one distance and one tie are
 * told apart by their entries. A distance of two levels, or not a number,
 * makes the heap compare the entries themselves from then on. Pops were
 * chains of dependent compares and moves: a third of a dispatch where the
 * weights are random. */
static inline guint64
heap_key_of (SchedulaRun            *run,
             const SchedulaDistance *d)
{
  gdouble num = d->num == 0 ? 0.0 : d->num;
  guint64 bits;

  if (G_UNLIKELY (d->inf != 0 || num != num))
    run->heap_exact = TRUE;
  memcpy (&bits, &num, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | G_GUINT64_CONSTANT (0x8000000000000000);
}

static inline gboolean
heap_key_less (SchedulaRun   *run,
               const HeapKey *a,
               const HeapKey *b)
{
  if (G_UNLIKELY (run->heap_exact || (a->key == b->key && a->tie == b->tie)))
    return entry_less (&run->heap_entries[a->slot], &run->heap_entries[b->slot]);
  return (a->key < b->key) | ((a->key == b->key) & (a->tie < b->tie));
}

static inline const HeapEntry *
heap_top (SchedulaRun *run)
{
  return &run->heap_entries[run->heap[0].slot];
}

static void
heap_push (SchedulaRun            *run,
           const SchedulaDistance *d,
           guint32           prio,
           guint32           node,
           SolState         *sol)
{
  HeapEntry e;
  HeapKey k;
  guint i;

  if (run->heap_len == run->heap_cap)
    {
      run->heap_cap = MAX (64, run->heap_cap * 2);
      run->heap = g_renew (HeapKey, run->heap, run->heap_cap);
      run->heap_entries = g_renew (HeapEntry, run->heap_entries, run->heap_cap);
      run->heap_free = g_renew (guint32, run->heap_free, run->heap_cap);
    }
  /* at most heap_len places are taken: one is free, or never used */
  k.slot = run->heap_n_free > 0 ? run->heap_free[--run->heap_n_free] : run->heap_n_slots++;
  /* stored whole, as a pop loads it (a load of 16 bytes is not forwarded
   * from two stores of 8) */
  entry_init (&e, d, prio, node, sol);
  run->heap_entries[k.slot] = e;
  k.key = heap_key_of (run, d);
  k.tie = e.tie;
  i = run->heap_len++;
  while (i > 0)
    {
      guint parent = HEAP_PARENT (i);

      if (!heap_key_less (run, &k, &run->heap[parent]))
        break;
      run->heap[i] = run->heap[parent];
      i = parent;
    }
  run->heap[i] = k;
}

G_ALWAYS_INLINE static inline HeapEntry
heap_pop (SchedulaRun *run)
{
  HeapKey *heap = run->heap;
  guint32 top_slot = heap[0].slot;   /* alone: the key may just have been stored */
  guint n = --run->heap_len;
  HeapKey last;
  guint i = 0;

  if (n == 0)
    {
      /* every place is free again (a chain's heap holds one entry at a time) */
      run->heap_n_free = run->heap_n_slots = 0;
      return run->heap_entries[top_slot];
    }
  last = heap[n];
  run->heap_free[run->heap_n_free++] = top_slot;
  /* Bottom-up: the hole goes down to a leaf along the smaller children (one
   * comparison a level), then the last key climbs back from there. It
   * usually belongs near the bottom, so this compares about half as often
   * as sifting it down. */
  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= n)
        break;
      if (c + 1 < n)
        c += heap_key_less (run, &heap[c + 1], &heap[c]);
      heap[i] = heap[c];
      i = c;
    }
  while (i > 0)
    {
      guint parent = HEAP_PARENT (i);

      if (!heap_key_less (run, &last, &heap[parent]))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = last;
  /* the place is free, but nothing is pushed before this copy is made */
  return run->heap_entries[top_slot];
}

/* Buckets. Where many entries share a distance (the layers of a DAG, a
 * function of many outputs, a datum read by many functions) the heap grows
 * large and every pop pays for its height. Once the heap holds
 * BUCKET_MIN_HEAP entries, an entry whose distance is that of an open
 * bucket, or that may open one (at most MAX_BUCKETS are open), is appended
 * to it unsorted instead. The bucket of the smallest distance is sorted,
 * in the heap's order, when it is first read, and then read from its head;
 * an entry pushed to a bucket that is sorted already goes to the heap. The
 * next entry of the fringe is the smaller of the heap's top and that
 * bucket's head: the order of the pops is the heap's, whatever the order of
 * the pushes. */

#define BUCKET_MIN_HEAP   64
#define MAX_BUCKETS       8
#define BUCKET_GATHER_MAX 4096   /* entries moved through a copy (128 KiB) */

/* When the fringe starts to use buckets: at BUCKET_MIN_HEAP entries, or as
 * the environment says, SCHEDULA_FRINGE_BUCKETS=never or always (the tests
 * compare the orders of the three) */
static guint
bucket_min_heap (void)
{
  static gsize value = 0;

  if (g_once_init_enter (&value))
    {
      const char *env = g_getenv ("SCHEDULA_FRINGE_BUCKETS");
      gsize v = BUCKET_MIN_HEAP;

      if (g_strcmp0 (env, "never") == 0)
        v = G_MAXUINT;
      else if (g_strcmp0 (env, "always") == 0)
        v = 0;
      g_once_init_leave (&value, v + 1);
    }
  return (guint) (value - 1);
}

typedef struct _Bucket
{
  SchedulaDistance  d;
  HeapEntry        *items;
  guint32          *order;     /* a wide bucket is read through this: the
                                * run's sort scratch, lent while it is read */
  gsize             order_cap; /* in guint64s, to give it back */
  guint             len;
  guint             cap;
  guint             pos;       /* the next to read, once sorted */
  gboolean          sorted;
} Bucket;

/* The next entry of a sorted bucket */
static inline HeapEntry *
bucket_head (Bucket *b)
{
  return &b->items[b->order != NULL ? b->order[b->pos] : b->pos];
}

/* Gives the order a wide bucket was read through back to its run, as its
 * sort scratch when the run has none, else frees it */
static void
bucket_release_order (SchedulaRun *run,
                      Bucket      *b)
{
  if (b->order == NULL)
    return;
  if (run->sort_keys == NULL)
    {
      run->sort_keys = (guint64 *) b->order;
      run->sort_keys_cap = b->order_cap;
    }
  else
    g_free (b->order);
  b->order = NULL;
  b->order_cap = 0;
}

static void
buckets_find_min (SchedulaRun *run)
{
  run->min_bucket = run->n_buckets > 0 ? 0 : -1;
  for (guint i = 1; i < run->n_buckets; i++)
    if (_schedula_distance_cmp (&run->buckets[i].d, &run->buckets[run->min_bucket].d) < 0)
      run->min_bucket = i;
}

/* The open bucket for @d to append to, or NULL: the heap takes it */
static Bucket *
bucket_for (SchedulaRun            *run,
            const SchedulaDistance *d)
{
  Bucket *b;

  for (guint i = 0; i < run->n_buckets; i++)
    if (_schedula_distance_cmp (&run->buckets[i].d, d) == 0)
      return run->buckets[i].sorted ? NULL : &run->buckets[i];
  /* where distances rarely repeat (random weights), buckets would hold an
   * entry each: after a few, only the heap */
  if (run->n_buckets == MAX_BUCKETS ||
      (run->bucket_opens >= 32 && run->bucket_appends < 4 * run->bucket_opens && run->bucket_min_heap > 0))
    return NULL;
  run->bucket_opens++;
  if (run->buckets == NULL)
    run->buckets = g_new0 (Bucket, MAX_BUCKETS);
  /* a closed bucket keeps its items array for the next one opened there */
  b = &run->buckets[run->n_buckets++];
  dist_copy (&b->d, d);
  b->len = b->pos = 0;
  b->sorted = FALSE;
  if (run->n_buckets == 1 || _schedula_distance_cmp (d, &run->buckets[run->min_bucket].d) < 0)
    run->min_bucket = b - run->buckets;
  return b;
}

static void
bucket_close (SchedulaRun *run,
              Bucket      *b)
{
  Bucket *last = &run->buckets[run->n_buckets - 1];

  bucket_release_order (run, b);

  if (b != last)
    {
      Bucket closed = *b;

      *b = *last;
      *last = closed;
    }
  run->n_buckets--;
  buckets_find_min (run);
}

static int
entry_cmp (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  return entry_less (a, b) ? -1 : entry_less (b, a) ? 1 : 0;
}

/* Sorts @keys (tie << 32 | position) by tie, a byte at a time over the
 * bytes in which the ties of @a differ (@diff), with @t as scratch; the
 * result ends in *@keys (the two may swap) */
static void
radix_sort_keys (const HeapEntry  *a,
                 guint             n,
                 guint32           diff,
                 guint64         **keys,
                 guint64         **t)
{
  guint first_byte = (guint) g_bit_nth_lsf (diff, -1) / 8;
  guint last_byte = (guint) g_bit_nth_msf (diff, -1) / 8;
  guint count[4][256];

  memset (count[first_byte], 0, sizeof (count[0]) * (last_byte - first_byte + 1));
  for (guint i = 0; i < n; i++)
    for (guint byte = first_byte; byte <= last_byte; byte++)
      count[byte][(a[i].tie >> (8 * byte)) & 0xff]++;
  for (guint byte = first_byte; byte <= last_byte; byte++)
    {
      guint shift = 32 + 8 * byte;
      guint *c = count[byte];
      guint sum = 0;
      guint64 *swap;

      if (((diff >> (8 * byte)) & 0xff) == 0)
        continue;
      for (guint k = 0; k < 256; k++)
        {
          guint ck = c[k];

          c[k] = sum;
          sum += ck;
        }
      for (guint i = 0; i < n; i++)
        (*t)[c[((*keys)[i] >> shift) & 0xff]++] = (*keys)[i];
      swap = *keys;
      *keys = *t;
      *t = swap;
    }
}

static int
order_cmp (gconstpointer a,
           gconstpointer b,
           gpointer      items)
{
  return entry_cmp ((HeapEntry *) items + *(const guint32 *) a,
                    (HeapEntry *) items + *(const guint32 *) b, NULL);
}

/* Sorts the entries of @b, which have one distance, in the heap's order:
 * by tie (a radix sort, a byte at a time), then the entries of one tie by
 * index path */
static void
bucket_sort (SchedulaRun *run,
             Bucket      *b)
{
  HeapEntry *a = b->items;
  guint n = b->len;

  b->sorted = TRUE;
  if (n < 32)
    {
      for (guint i = 1; i < n; i++)
        {
          HeapEntry x = a[i];
          guint j = i;

          for (; j > 0 && entry_less (&x, &a[j - 1]); j--)
            a[j] = a[j - 1];
          a[j] = x;
        }
      return;
    }

  /* The ties with the entries' positions, sorted a byte at a time (the
   * ties are the upper half of each key), skipping the bytes in which all
   * ties agree; the positions of one tie (one node in several solutions)
   * are then sorted by index path. The entries of a small bucket move to
   * their places through a copy; a wide one stays as it is and is read
   * through the positions, which the bucket borrows from the run (moving a
   * million entries was a random read and a random write each, and a
   * second copy of them would be 32 bytes an entry; the positions are in
   * the 16 bytes an entry of scratch that the sort needs anyway) */
  {
    gboolean gather = n <= BUCKET_GATHER_MAX;
    gsize need = 2 * (gsize) n + (gather ? sizeof (HeapEntry) / sizeof (guint64) * n : 0);
    guint64 *keys, *t;
    guint32 diff = 0;
    guint32 *order;
    HeapEntry *copy;

    if (run->sort_keys_cap < need)
      {
        g_free (run->sort_keys);
        run->sort_keys_cap = need;
        run->sort_keys = g_new (guint64, run->sort_keys_cap);
      }
    keys = run->sort_keys;
    t = run->sort_keys + n;
    for (guint i = 0; i < n; i++)
      {
        keys[i] = ((guint64) a[i].tie << 32) | i;
        diff |= a[i].tie ^ a[0].tie;
      }
    if (diff != 0)
      radix_sort_keys (a, n, diff, &keys, &t);

    /* A group of one tie at a time: its entries copied (a small bucket),
     * or its positions written to the start of the scratch (a wide one:
     * where the keys ended, or before them; order[k] is written after
     * keys[k] is read, and covers no key after it), then sorted by index
     * path when there are several */
    copy = (HeapEntry *) (run->sort_keys + 2 * (gsize) n);
    order = (guint32 *) run->sort_keys;
    for (guint k = 0; k < n;)
      {
        guint j = k + 1;

        while (j < n && keys[j] >> 32 == keys[k] >> 32)
          j++;
        if (gather)
          {
            for (guint i = k; i < j; i++)
              copy[i] = a[(guint32) keys[i]];
            if (j - k > 1)
              g_qsort_with_data (copy + k, j - k, sizeof (HeapEntry), entry_cmp, NULL);
          }
        else
          {
            for (guint i = k; i < j; i++)
              order[i] = (guint32) keys[i];
            if (j - k > 1)
              g_qsort_with_data (order + k, j - k, sizeof (guint32), order_cmp, a);
          }
        k = j;
      }

    if (gather)
      {
        memcpy (a, copy, sizeof (HeapEntry) * n);
        return;
      }
    b->order = order;
    b->order_cap = run->sort_keys_cap;
    run->sort_keys = NULL;
    run->sort_keys_cap = 0;
  }
}

static void
fringe_push (SchedulaRun            *run,
             const SchedulaDistance *d,
             guint32           prio,
             guint32           node,
             SolState         *sol)
{
  if (G_UNLIKELY (run->heap_len >= run->bucket_min_heap || run->n_buckets > 0))
    {
      Bucket *b = bucket_for (run, d);

      if (b != NULL)
        {
          HeapEntry e;

          entry_init (&e, d, prio, node, sol);
          if (b->len == b->cap)
            {
              b->cap = MAX (64, b->cap * 2);
              b->items = g_renew (HeapEntry, b->items, b->cap);
            }
          b->items[b->len++] = e;
          run->bucket_appends++;
          return;
        }
    }
  heap_push (run, d, prio, node, sol);
}

/* The bucket whose head is the next entry of the fringe, sorted, or NULL
 * when the heap's top is */
static inline Bucket *
fringe_next_bucket (SchedulaRun *run)
{
  Bucket *b;

  if (G_LIKELY (run->n_buckets == 0))
    return NULL;
  b = &run->buckets[run->min_bucket];
  if (!b->sorted)
    bucket_sort (run, b);
  if (run->heap_len > 0 && entry_less (heap_top (run), bucket_head (b)))
    return NULL;
  return b;
}

static inline gboolean
fringe_empty (SchedulaRun *run)
{
  return run->heap_len == 0 && run->n_buckets == 0;
}

/* The next entry of a fringe that is not empty */
static inline const HeapEntry *
fringe_peek (SchedulaRun *run)
{
  Bucket *b = fringe_next_bucket (run);

  return b != NULL ? bucket_head (b) : heap_top (run);
}

/* The head of @b, taken: the last of a bucket, or the next of a wide one,
 * out of the search's loop */
static G_NO_INLINE HeapEntry
bucket_pop (SchedulaRun *run,
            Bucket      *b)
{
  HeapEntry e = *bucket_head (b);

  if (++b->pos == b->len)
    bucket_close (run, b);
  return e;
}

G_ALWAYS_INLINE static inline HeapEntry
fringe_pop (SchedulaRun *run)
{
  Bucket *b = fringe_next_bucket (run);

  if (b == NULL)
    return heap_pop (run);
  if (G_LIKELY (b->order == NULL && b->pos + 1 < b->len))
    return b->items[b->pos++];
  return bucket_pop (run, b);
}

/* Frees the fringe's arrays: once the search is over (a solution keeps its
 * run, and a wide fringe is tens of megabytes at a million nodes), and
 * with the run */
static void
fringe_free (SchedulaRun *run)
{
  if (run->buckets != NULL)
    for (guint i = 0; i < MAX_BUCKETS; i++)
      {
        g_free (run->buckets[i].items);
        g_free (run->buckets[i].order);
      }
  g_clear_pointer (&run->buckets, g_free);
  g_clear_pointer (&run->sort_keys, g_free);
  g_clear_pointer (&run->heap, g_free);
  g_clear_pointer (&run->heap_entries, g_free);
  g_clear_pointer (&run->heap_free, g_free);
  run->heap_n_free = run->heap_n_slots = 0;
  run->heap_exact = FALSE;
  run->n_buckets = 0;
  run->min_bucket = 0;
  run->sort_keys_cap = 0;
  run->heap_len = run->heap_cap = 0;
}

/* Solutions */

static SolState *
sol_new (SchedulaRun   *run,
         SchedulaGraph *graph,
         SolState      *parent,
         guint32        parent_node)
{
  gsize n = MAX (graph->n_nodes, 1);
  gsize e = MAX (graph->n_edges, 1);
  gsize n_funcs = MAX (graph->n_funcs, 1);
  gsize n_subs = MAX (graph->n_subs, 1);
  /* One block: the state, its per-node array, its pointer arrays, then
   * the arrays of 4-byte items: edge_seq and the orders in which nodes got
   * a value and a distance (each node once); all but edge_value and the
   * orders zeroed. A level of a deep nesting made eight allocations, and
   * the orders grew by doubling. */
  gsize at_ns = sizeof (SolState);
  gsize at_results = at_ns + sizeof (NodeState) * n;
  gsize at_children = at_results + sizeof (const GValue *) * n_funcs;
  gsize at_edge_value = at_children + sizeof (SolState *) * n_subs;
  gsize at_edge_seq = at_edge_value + sizeof (const GValue *) * e;
  gsize at_value_order = at_edge_seq + sizeof (guint32) * e;
  gsize at_dist_order = at_value_order + sizeof (guint32) * n;
  gsize size = at_dist_order + sizeof (guint32) * n;
  /* a top solution's block may be one a finished dispatch left with the
   * graph; sub-solutions are not kept (a nesting of a million levels would
   * keep a block per level) */
  guint8 *block = parent == NULL ? _schedula_graph_take_block (graph, size) : NULL;
  SolState *sol;
  SchedulaDistance start = { 0, -1 };

  G_STATIC_ASSERT (sizeof (SolState) % 8 == 0 && sizeof (NodeState) % 8 == 0);
  if (block == NULL)
    block = g_malloc (size);
  sol = (SolState *) block;
  memset (block, 0, at_edge_value);
  memset (block + at_edge_seq, 0, sizeof (guint32) * e);
  sol->block_size = size;
  sol->run = run;
  sol->graph = graph;
  sol->parent = parent;
  sol->parent_node = parent_node;
  sol->ns = (NodeState *) (block + at_ns);
  sol->results = (const GValue **) (block + at_results);
  sol->children = (SolState **) (block + at_children);
  sol->edge_value = (const GValue **) (block + at_edge_value);  /* read only where edge_seq is set */
  sol->edge_seq = (guint32 *) (block + at_edge_seq);
  sol->value_order.data = (guint32 *) (block + at_value_order);
  sol->value_order.cap = n;
  sol->dist_order.data = (guint32 *) (block + at_dist_order);
  sol->dist_order.cap = n;
  sol->start_edges = g_array_new (FALSE, FALSE, sizeof (StartEdge));
  sol->errors = g_array_new (FALSE, FALSE, sizeof (NodeError));
  sol->start_dist = start;
  sol->next_seq = 1;

  if (parent == NULL)
    {
      sol->own_index = -1;
      sol->jump = sol;
    }
  else
    {
      GrNode *g = &parent->graph->nodes[parent_node];
      SolState *j = parent->jump;

      sol->sub = &parent->graph->subs[g->info];
      sol->own_index = _schedula_node_common (parent->graph->objs[parent_node])->index;
      sol->depth = parent->depth + 1;
      /* skew-binary jumps: two jumps of equal length merge into one */
      sol->jump = parent->depth - j->depth == j->depth - j->jump->depth ? j->jump : parent;
      sol->no_domain = parent->no_domain;
    }

  /* START is the first node of every workflow. */
  if (graph->start != SCHEDULA_NO_NODE)
    {
      sol->ns[graph->start].flags |= NS_WF;
      sol->ns[graph->start].wf_seq = sol->next_seq++;
    }
  sol->position = run->sols->len;
  g_ptr_array_add (run->sols, sol);
  return sol;
}

/* A dispatch's own solution is named after the node of the call that runs
 * in this thread, under the solution that call runs for (a wrapper's
 * dispatch: see schedula_call_get_current()); out of the hot code of
 * sol_new () */
static void
name_root (SolState *sol)
{
  sol->root_name = _schedula_call_dup_current_name ();
}

/* The full name of @sol: the root's name, then the ids of the
 * sub-dispatcher nodes down to @sol. Made when first asked for (an error
 * message, a progress report, a wrapper's call, get_full_name ()) and kept:
 * a sub-solution does not copy its parent's (10,000 nested levels took 2 GB
 * when each did). Any thread may ask: the first to finish keeps its copy. */
static const char *const *
sol_full_name (SolState *sol)
{
  char **name = g_atomic_pointer_get (&sol->full_name);
  const SolState *root = sol;
  guint depth = 0;
  guint root_len;

  if (name != NULL)
    return (const char *const *) name;
  while (root->parent != NULL)
    {
      root = root->parent;
      depth++;
    }
  root_len = root->root_name != NULL ? g_strv_length (root->root_name) : 0;
  name = g_new0 (char *, root_len + depth + 1);
  for (guint i = 0; i < root_len; i++)
    name[i] = g_strdup (root->root_name[i]);
  for (const SolState *s = sol; s->parent != NULL; s = s->parent)
    name[root_len + --depth] = g_strdup (s->parent->graph->ids[s->parent_node]);
  if (!g_atomic_pointer_compare_and_exchange (&sol->full_name, NULL, name))
    {
      g_strfreev (name);
      name = g_atomic_pointer_get (&sol->full_name);
    }
  return (const char *const *) name;
}

const char *const *
_schedula_sol_get_full_name (gpointer sol)
{
  return sol_full_name (sol);
}

/* schedula's index path of @sol, made when first asked for and kept (as the
 * full name: any thread may ask) */
const gint *
_schedula_sol_get_index (gpointer  data,
                         guint    *n_index)
{
  SolState *sol = data;
  gint *index = g_atomic_pointer_get (&sol->index);

  *n_index = sol->depth + 1;
  if (index != NULL)
    return index;
  index = g_new (gint, sol->depth + 1);
  for (const SolState *s = sol; s != NULL; s = s->parent)
    index[s->depth] = s->own_index;
  if (!g_atomic_pointer_compare_and_exchange (&sol->index, NULL, index))
    {
      g_free (index);
      index = g_atomic_pointer_get (&sol->index);
    }
  return index;
}

static void
sol_free (gpointer data)
{
  SolState *sol = data;

  g_free (sol->meet);
  g_array_unref (sol->start_edges);
  u32vec_clear (&sol->value_order);
  u32vec_clear (&sol->dist_order);
  if (sol->extra != NULL)
    {
      for (guint i = 0; i < sol->extra->len; i++)
        g_free (g_array_index (sol->extra, ExtraValue, i).id);
      g_array_unref (sol->extra);
    }
  for (guint i = 0; i < sol->errors->len; i++)
    g_error_free (g_array_index (sol->errors, NodeError, i).error);
  g_array_unref (sol->errors);
  if (sol->attached != NULL)
    {
      for (guint i = 0; i < sol->graph->n_funcs; i++)
        g_clear_object (&sol->attached[i]);
      g_free (sol->attached);
    }
  g_weak_ref_clear (&sol->object);
  g_free (sol->index);
  g_strfreev (sol->full_name);
  g_strfreev (sol->root_name);
  /* and its arrays: see sol_new () */
  if (sol->parent == NULL)
    _schedula_graph_give_block (sol->graph, sol, sol->block_size);
  else
    g_free (sol);
}

static inline GrNode *
node_of (SolState *sol,
         guint32   n)
{
  return &sol->graph->nodes[n];
}

static inline guint32
n_preds (SolState *sol,
         guint32   n)
{
  return sol->graph->nodes[n + 1].pred - sol->graph->nodes[n].pred;
}

/* Workflow edits (schedula's add_edge_fw, remove_edge, remove_node) */

static inline void
wf_add_node (SolState *sol,
             guint32   n)
{
  if (!(sol->ns[n].flags & NS_WF))
    {
      sol->ns[n].flags |= NS_WF;
      sol->ns[n].wf_seq = sol->next_seq++;
    }
}

static inline void
wf_add_edge (SolState     *sol,
             guint32       e,
             guint32       from,
             const GValue *value)
{
  if (sol->edge_seq[e] == 0)
    {
      guint32 to = sol->graph->succ_to[e];

      wf_add_node (sol, to);
      wf_add_node (sol, from);
      sol->edge_seq[e] = sol->next_seq++;
      sol->ns[to].wf_in++;
    }
  sol->edge_value[e] = value;
}

static inline void
wf_remove_edge (SolState *sol,
                guint32   e)
{
  if (sol->edge_seq[e] != 0)
    {
      sol->edge_seq[e] = 0;
      sol->edge_value[e] = NULL;
      sol->ns[sol->graph->succ_to[e]].wf_in--;
    }
}

static void
wf_add_start_edge (SolState     *sol,
                   guint32       n,
                   const GValue *value)
{
  if (sol->ns[n].start_edge == 0)
    {
      StartEdge se = { n, 0, value };

      wf_add_node (sol, n);
      se.seq = sol->next_seq++;
      g_array_append_val (sol->start_edges, se);
      sol->ns[n].start_edge = sol->start_edges->len;
    }
  else
    g_array_index (sol->start_edges, StartEdge, sol->ns[n].start_edge - 1).value = value;
}

static void
wf_remove_node (SolState *sol,
                guint32   n)
{
  SchedulaGraph *g = sol->graph;

  for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
    wf_remove_edge (sol, e);
  for (guint32 p = g->nodes[n].pred; p < g->nodes[n + 1].pred; p++)
    wf_remove_edge (sol, g->pred_edge[p]);
  if (sol->ns[n].start_edge != 0)
    {
      g_array_index (sol->start_edges, StartEdge, sol->ns[n].start_edge - 1).seq = 0;
      sol->ns[n].start_edge = 0;
    }
  sol->ns[n].flags &= ~NS_WF;
  sol->ns[n].wf_seq = 0;
}

/* The predecessors of a waiting node with many inputs, sorted by sequence
 * (100,000 functions into one node: n log n, where the insertion sort was
 * quadratic) */
typedef struct
{
  guint32       seq;
  guint32       node;
  const GValue *value;
} PredEntry;

static int
pred_entry_cmp (const void *a,
                const void *b)
{
  guint32 x = ((const PredEntry *) a)->seq, y = ((const PredEntry *) b)->seq;

  return (x > y) - (x < y);
}

static void
sort_predecessors (guint32       *nodes,
                   guint32       *seqs,
                   const GValue **values,
                   guint          k)
{
  g_autofree PredEntry *entries = g_new (PredEntry, k);

  for (guint i = 0; i < k; i++)
    entries[i] = (PredEntry) { seqs[i], nodes[i], values[i] };
  qsort (entries, k, sizeof (PredEntry), pred_entry_cmp);
  for (guint i = 0; i < k; i++)
    {
      seqs[i] = entries[i].seq;
      nodes[i] = entries[i].node;
      values[i] = entries[i].value;
    }
}

/* The workflow predecessors of @node, in insertion order: START (as
 * SCHEDULA_NO_NODE) and the nodes with an edge to it. */
guint
_schedula_sol_predecessors (SolState      *sol,
                            guint32        node,
                            guint32       *nodes,
                            guint32       *seqs,
                            const GValue **values)
{
  SchedulaGraph *g = sol->graph;
  guint k = 0;

  if (sol->ns[node].start_edge != 0)
    {
      StartEdge *se = &g_array_index (sol->start_edges, StartEdge, sol->ns[node].start_edge - 1);

      nodes[k] = SCHEDULA_NO_NODE;
      seqs[k] = se->seq;
      values[k] = se->value;
      k++;
    }
  for (guint32 p = g->nodes[node].pred; p < g->nodes[node + 1].pred; p++)
    {
      guint32 e = g->pred_edge[p];

      if (sol->edge_seq[e] == 0)
        continue;
      nodes[k] = g->pred_from[p];
      seqs[k] = sol->edge_seq[e];
      values[k] = sol->edge_value[e];
      k++;
    }
  if (k > 16)
    {
      sort_predecessors (nodes, seqs, values, k);
      return k;
    }
  /* Insertion sort by sequence: most lists are short. */
  for (guint i = 1; i < k; i++)
    for (guint j = i; j > 0 && seqs[j - 1] > seqs[j]; j--)
      {
        guint32 tn = nodes[j], ts = seqs[j];
        const GValue *tv = values[j];

        nodes[j] = nodes[j - 1];
        seqs[j] = seqs[j - 1];
        values[j] = values[j - 1];
        nodes[j - 1] = tn;
        seqs[j - 1] = ts;
        values[j - 1] = tv;
      }
  return k;
}

/* Distances */

static inline void
update_meet (SolState               *sol,
             guint32                 n,
             const SchedulaDistance *d)
{
  if (sol->meet == NULL)
    return;
  if (!(sol->ns[n].flags & NS_MEET) || _schedula_distance_cmp (d, &sol->meet[n]) > 0)
    dist_copy (&sol->meet[n], d);
  sol->ns[n].flags |= NS_MEET;
}

static inline void
set_meet (SolState               *sol,
          guint32                 n,
          const SchedulaDistance *d)
{
  if (sol->meet == NULL)
    return;
  dist_copy (&sol->meet[n], d);
  sol->ns[n].flags |= NS_MEET;
}

static inline void
set_dist (SolState               *sol,
          guint32                 n,
          const SchedulaDistance *d)
{
  if (!(sol->ns[n].flags & NS_DIST) && n != sol->graph->start)
    u32vec_push (&sol->dist_order, n);
  dist_copy (&sol->ns[n].d, d);
  sol->ns[n].flags |= NS_DIST;
}

/* schedula's seen[n] = d. The distance of a visited node stays. */
static inline void
set_seen (SolState               *sol,
          guint32                 n,
          const SchedulaDistance *d)
{
  if (!(sol->ns[n].flags & NS_DIST))
    dist_copy (&sol->ns[n].d, d);
  sol->ns[n].flags |= NS_SEEN;
}

static inline gboolean
node_waits (SolState *sol,
            guint32   n)
{
  GrNode *g = node_of (sol, n);

  if (g->kind == SCHEDULA_NODE_KIND_FUNCTION)
    return TRUE;
  return g->kind == SCHEDULA_NODE_KIND_DATA && (g->flags & GNODE_WAIT);
}

/* schedula's check_wait_in: whether @n still waits for a predecessor */
static inline gboolean
waiting (SolState *sol,
         guint32   n,
         gboolean  wait)
{
  if (sol->wait_map != NULL && sol->wait_map->flags[n] >= 0)
    wait = sol->wait_map->flags[n];
  if (!wait)
    return FALSE;
  return sol->ns[n].wf_in < n_preds (sol, n);
}

static void
set_error (SchedulaRun *run,
           GError      *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
}

/* schedula's _see_node */
static gboolean
see_node (SolState               *sol,
          guint32                 w,
          const SchedulaDistance *vd,
          guint32                 extra)
{
  gboolean wait = node_waits (sol, w);

  update_meet (sol, w, vd);
  if (waiting (sol, w, wait))
    return TRUE;
  if (sol->ns[w].flags & NS_DIST)
    {
      if (_schedula_distance_cmp (vd, &sol->ns[w].d) < 0)
        {
          set_error (sol->run, g_error_new (SCHEDULA_DISPATCH_ERROR,
                                            SCHEDULA_DISPATCH_ERROR_CONTRADICTORY_PATHS,
                                            "Contradictory paths found: negative weights? "
                                            "(node %s)", sol->graph->ids[w]));
          return FALSE;
        }
      return TRUE;
    }
  if (!(sol->ns[w].flags & NS_SEEN) || _schedula_distance_cmp (vd, &sol->ns[w].d) < 0)
    {
      dist_copy (&sol->ns[w].d, vd);
      sol->ns[w].flags |= NS_SEEN;
      fringe_push (sol->run, vd, extra + (wait ? 1 : 0), w, sol);
    }
  return TRUE;
}

/* Failures */

static char *
node_path (SolState   *sol,
           const char *id)
{
  GString *s = g_string_new (NULL);
  const char *const *name = sol_full_name (sol);

  for (guint i = 0; name[i] != NULL; i++)
    g_string_append_printf (s, "%s/", name[i]);
  g_string_append (s, id);
  return g_string_free (s, FALSE);
}

/* Progress reports (DispatchOptions:progress) */

static inline void
report_started (SolState *sol,
                guint32   n)
{
  if (G_UNLIKELY (sol->run->progress != NULL))
    _schedula_progress_started (sol->run->progress, node_path (sol, sol->graph->ids[n]));
}

static inline void
report_finished (SolState     *sol,
                 guint32       n,
                 const GError *error)
{
  if (G_UNLIKELY (sol->run->progress != NULL))
    _schedula_progress_finished (sol->run->progress, node_path (sol, sol->graph->ids[n]), error);
}

/* The paths of the function nodes of @graph and of its sub-dispatchers,
 * depth first. A model that contains itself is not expanded again: the
 * nodes of its nested dispatches join the list when they are called. */
static GPtrArray *
function_paths (SchedulaGraph *graph)
{
  typedef struct { SchedulaGraph *g; char *prefix; guint depth; } Frame;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  Frame top = { graph, g_strdup (""), 0 };

  g_array_append_val (stack, top);
  while (stack->len > 0)
    {
      Frame f = g_array_index (stack, Frame, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      for (guint32 k = 0; k < f.g->n_nodes; k++)
        if (f.g->nodes[k].kind == SCHEDULA_NODE_KIND_FUNCTION)
          g_ptr_array_add (paths, g_strconcat (f.prefix, f.g->ids[k], NULL));
      /* children pushed in reverse, so that they come out in node order */
      for (guint32 k = f.g->n_nodes; k-- > 0;)
        {
          SchedulaGraph *child;
          Frame c;

          if (f.g->nodes[k].kind != SCHEDULA_NODE_KIND_DISPATCHER || f.depth + 1 >= schedula_get_max_depth ())
            continue;
          child = f.g->subs[f.g->nodes[k].info].child;
          if (child == NULL || child == graph || child == f.g || child->tree_has_self)
            continue;
          c.g = child;
          c.prefix = g_strconcat (f.prefix, f.g->ids[k], "/", NULL);
          c.depth = f.depth + 1;
          g_array_append_val (stack, c);
        }
      g_free (f.prefix);
    }
  return paths;
}

/* The failure of node @id of @sol as schedula words it, the node named by
 * its path: made only for a dispatch that stops or a failure that is logged */
static char *
failure_message (SolState        *sol,
                 const char      *id,
                 SchedulaFailure  failure,
                 const GError    *error)
{
  g_autofree char *path = node_path (sol, id);

  return g_strdup_printf ("Failed %s '%s' due to:\n  %s", failure_names[failure], path,
                          error->message);
}

/* schedula's _warning: records the error of @n and applies the raises
 * policy of the model that owns it. Returns FALSE when the dispatch stops.
 * A failure that neither stops the dispatch nor is logged formats nothing:
 * it costs about as much as a call that succeeded. */
static gboolean
record_failure (SolState        *sol,
                guint32          n,
                SchedulaFailure  failure,
                GError          *error)
{
  const char *id = sol->graph->ids[n];
  SchedulaRaises policy = _schedula_dispatcher_policy (sol->graph->dsp, id, error);
  NodeError ne = { n, failure, error, sol->run->cur_step };

  if (sol->ns[n].flags & NS_ERROR)
    {
      /* a node has one entry at most */
      for (guint i = 0; i < sol->errors->len; i++)
        {
          NodeError *old = &g_array_index (sol->errors, NodeError, i);

          if (old->node == n)
            {
              g_error_free (old->error);
              *old = ne;
              break;
            }
        }
    }
  else
    {
      /* in the order of the search: a call committed late (an executor ran
       * it) goes before the failures of the steps after its own */
      guint i = sol->errors->len;

      while (i > 0 && g_array_index (sol->errors, NodeError, i - 1).step > ne.step)
        i--;
      g_array_insert_val (sol->errors, i, ne);
    }
  sol->ns[n].flags |= NS_ERROR;

  if (policy == SCHEDULA_RAISES_RAISE)
    {
      g_autofree char *message = failure_message (sol, id, failure, error);

      set_error (sol->run, g_error_new_literal (SCHEDULA_DISPATCH_ERROR,
                                                SCHEDULA_DISPATCH_ERROR_NODE_FAILED, message));
      return FALSE;
    }
  if (policy == SCHEDULA_RAISES_RECORD && G_UNLIKELY (_schedula_log_failures ()))
    {
      g_autofree char *message = failure_message (sol, id, failure, error);

      g_message ("%s", message);
    }
  return TRUE;
}

static CallResult call_result (SolState *sol, guint32 n, SchedulaCall *call, gboolean ok, GError **error);

/* Calls: where the loop hands a function call off and takes its results
 * back. The call's outputs are left in run->call. A verbose dispatch logs
 * the @logged ones: node functions, as schedula (not domains, filters,
 * combiners or callbacks). */
static CallResult
call_function (SolState             *sol,
               guint32               n,
               SchedulaFunction     *function,
               SchedulaFunc          direct,
               gpointer              user_data,
               const GValue *const  *inputs,
               const char *const    *input_ids,
               guint                 n_inputs,
               guint                 n_outputs,
               gboolean              logged,
               GError              **error)
{
  SchedulaRun *run = sol->run;
  SchedulaCall *call = run->call;
  const char *id = sol->graph->ids[n];
  gboolean ok;

  if (run->cancellable != NULL && g_cancellable_is_cancelled (run->cancellable))
    {
      g_autofree char *path = node_path (sol, id);

      set_error (run, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "Dispatch cancelled before calling %s", path));
      return CALL_ABORT;
    }
  if (function == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                   "node %s has no function", id);
      return CALL_FAILED;
    }

  _schedula_call_clear_outputs (call);
  _schedula_call_prepare (call, id, inputs, input_ids, n_inputs, n_outputs);
  call->caller_sol = sol;
  ok = _schedula_call_run (call, function, direct, user_data, id, logged && run->verbose, error);
  return call_result (sol, n, call, ok, error);
}

/* What a call that returned @ok means for the dispatch: a failure to go
 * around, or a reason to stop it */
static CallResult
call_result (SolState      *sol,
             guint32        n,
             SchedulaCall  *call,
             gboolean       ok,
             GError       **error)
{
  SchedulaRun *run = sol->run;
  const char *id = sol->graph->ids[n];

  if (G_UNLIKELY (call->has_bad_output))
    {
      g_autofree char *path = node_path (sol, id);

      g_clear_error (error);
      set_error (run, g_error_new (SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                                   "function node %s set output %u, but it has %u outputs",
                                   path, call->bad_output, call->n_outputs));
      return CALL_ABORT;
    }
  if (!ok && error != NULL && *error != NULL &&
      g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A function that was cancelled (or that a binding stops: Python's
       * KeyboardInterrupt) stops the dispatch: it is not a node failure */
      set_error (run, g_steal_pointer (error));
      return CALL_ABORT;
    }
  if (!ok && error != NULL && *error != NULL &&
      g_error_matches (*error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH))
    {
      /* The function could not shape its results as its node declares
       * (schedula cannot unpack them): that stops the dispatch. */
      g_autofree char *path = node_path (sol, id);

      g_prefix_error (error, "function node %s: ", path);
      set_error (run, g_steal_pointer (error));
      return CALL_ABORT;
    }
  return ok ? CALL_OK : CALL_FAILED;
}

/* Moves the outputs of the last call into the arena. An output the call
 * did not set is NONE (not produced). */
static GValue *
take_call_outputs (SchedulaRun  *run,
                   SchedulaCall *call,
                   guint         n_outputs)
{
  GValue *slots = arena_alloc (run, MAX (n_outputs, 1));
  GValue zero = G_VALUE_INIT;

  for (guint i = 0; i < n_outputs; i++)
    {
      slots[i] = call->outputs[i];
      call->outputs[i] = zero;
      if (G_UNLIKELY (!_SCHEDULA_VALUE_SET (&slots[i])))
        schedula_value_init_none (&slots[i]);
    }
  call->dirty = FALSE;
  return slots;
}

static inline GValue *
take_outputs (SchedulaRun *run,
              guint        n_outputs)
{
  return take_call_outputs (run, run->call, n_outputs);
}

/* Applies @filters to @values in order; each filter maps the values to new
 * ones. Returns the final values, or NULL on failure. */
static CallResult
apply_filters (SolState      *sol,
               guint32        n,
               GPtrArray     *filters,
               GValue       **values,
               guint          n_values,
               GError       **error)
{
  SchedulaRun *run = sol->run;

  for (guint i = 0; filters != NULL && i < filters->len; i++)
    {
      CallResult r;

      for (guint k = 0; k < n_values; k++)
        run->args[k] = _SCHEDULA_VALUE_SET (&(*values)[k]) ? &(*values)[k] : _schedula_none_value ();
      r = call_function (sol, n, filters->pdata[i], NULL, NULL, run->args, NULL,
                         n_values, n_values, FALSE, error);
      if (r != CALL_OK)
        return r;
      *values = take_outputs (run, n_values);
    }
  return CALL_OK;
}

static gboolean
set_value (SolState     *sol,
           guint32       n,
           const GValue *value)
{
  sol->ns[n].value = value;
  if (!(sol->ns[n].flags & NS_VALUE))
    {
      sol->ns[n].flags |= NS_VALUE;
      u32vec_push (&sol->value_order, n);
    }
  return TRUE;
}

/* Whether data node @n must not feed sub-dispatcher @u: @u produced @n and
 * the child node its input mapping names is already visited. */
static inline gboolean
feeds_back (SolState *sol,
            guint32   n,
            guint32   u)
{
  SchedulaGraph *g = sol->graph;
  GrMap *me;
  SolState *child;
  guint32 back;

  if (g->nodes[u].kind != SCHEDULA_NODE_KIND_DISPATCHER)
    return FALSE;
  back = _schedula_graph_edge_find (g, u, n);
  if (back == SCHEDULA_NO_NODE || sol->edge_seq[back] == 0)
    return FALSE;
  me = _schedula_sub_input_entry (&g->subs[g->nodes[u].info], n);
  child = sol->children[g->nodes[u].info];
  return me != NULL && me->n_orig == 1 && me->n == 1 && child != NULL &&
         (child->ns[me->targets[0]].flags & NS_VISITED);
}

/* schedula's _set_data_node_output. @next, when not NULL, are the only
 * edges the value goes along (a pipe replays recorded ones). */
static VisitResult
data_node_output (SolState      *sol,
                  guint32        n,
                  const guint32 *next,
                  guint          n_next)
{
  SchedulaRun *run = sol->run;
  SchedulaGraph *g = sol->graph;
  GrNode *gn = &g->nodes[n];
  GrData *info = gn->info != SCHEDULA_NO_NODE ? &g->datas[gn->info] : NULL;
  guint32 *est_nodes = run->arg_nodes;
  guint32 *est_seqs = run->arg_seqs;
  const GValue **est_values = run->args;
  guint n_est;
  gboolean wait = (gn->flags & GNODE_WAIT) != 0;
  gboolean wait_override = wait;
  const GValue *value;
  guint32 first_succ;

  n_est = _schedula_sol_predecessors (sol, n, est_nodes, est_seqs, est_values);
  if (G_UNLIKELY (n_est == 0))
    return VISIT_CONTINUE;  /* nothing reached it (a replayed pipe whose step failed) */

  if (sol->wait_map != NULL && sol->wait_map->flags[n] >= 0)
    wait_override = sol->wait_map->flags[n];

  if (n_est > 1 && !wait_override)
    {
      /* Keep the estimation of the closest predecessor (START's does not
       * compete) and drop the workflow edges of the others. */
      guint best = G_MAXUINT;
      SchedulaDistance best_d = { 0, 0 };

      for (guint i = 0; i < n_est; i++)
        {
          guint32 k = est_nodes[i];
          guint32 e;
          SchedulaDistance dk;
          int c;

          if (k == SCHEDULA_NO_NODE)
            continue;
          e = _schedula_graph_edge_find (g, k, n);
          dk = _schedula_distance_add (sol->ns[k].d, g->succ_len[e]);
          if (best == G_MAXUINT)
            c = -1;
          else
            {
              c = _schedula_distance_cmp (&dk, &best_d);
              if (c == 0)
                c = _schedula_id_compare (g->ids[k], g->ids[est_nodes[best]]);
            }
          if (c < 0)
            {
              best = i;
              best_d = dk;
            }
        }
      for (guint i = 0; i < n_est; i++)
        if (i != best && est_nodes[i] != SCHEDULA_NO_NODE)
          wf_remove_edge (sol, _schedula_graph_edge_find (g, est_nodes[i], n));
      est_nodes[0] = est_nodes[best];
      est_values[0] = est_values[best];
      n_est = 1;
    }

  if (run->no_call)
    {
      set_value (sol, n, _schedula_none_value ());
      value = NULL;
    }
  else if (!wait && (info == NULL || (gn->flags & GNODE_PLAIN)))
    {
      /* Plain data node: its value is its estimation. */
      value = est_values[0];
      if (!_schedula_is_none (value))
        set_value (sol, n, value);
    }
  else
    {
      GValue *slot;
      GError *error = NULL;
      CallResult r;

      SchedulaFunction *combiner = info ? info->combiner : NULL;

      if (!wait && combiner == NULL)
        {
          slot = (GValue *) est_values[0];
        }
      else if (combiner == NULL)
        {
          error = g_error_new (SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                               "data node %s waits for its inputs but has no combiner function",
                               g->ids[n]);
          return record_failure (sol, n, SCHEDULA_FAILURE_DISPATCHING, error) ? VISIT_CONTINUE
                                                                             : VISIT_ERROR;
        }
      else
        {
          const char **ids = run->arg_ids;

          for (guint i = 0; i < n_est; i++)
            ids[i] = est_nodes[i] == SCHEDULA_NO_NODE ? SCHEDULA_START : g->ids[est_nodes[i]];
          r = call_function (sol, n, combiner, NULL, NULL, est_values, ids, n_est, 1, FALSE, &error);
          if (r == CALL_ABORT)
            return VISIT_ERROR;
          if (r == CALL_FAILED)
            return record_failure (sol, n, SCHEDULA_FAILURE_DISPATCHING, error) ? VISIT_CONTINUE
                                                                               : VISIT_ERROR;
          slot = take_outputs (run, 1);
        }

      if (info->filters != NULL)
        {
          GValue *filtered = slot;

          if (!_SCHEDULA_VALUE_SET (slot))
            {
              filtered = arena_alloc (run, 1);
              schedula_value_init_none (filtered);
            }
          r = apply_filters (sol, n, info->filters, &filtered, 1, &error);
          if (r == CALL_ABORT)
            return VISIT_ERROR;
          if (r == CALL_FAILED)
            return record_failure (sol, n, SCHEDULA_FAILURE_DISPATCHING, error) ? VISIT_CONTINUE
                                                                               : VISIT_ERROR;
          slot = filtered;
        }

      value = _SCHEDULA_VALUE_SET (slot) ? slot : _schedula_none_value ();

      if (info->value_type != G_TYPE_NONE && !_schedula_is_none (value) &&
          !G_VALUE_HOLDS (value, info->value_type))
        {
          if (g_value_type_transformable (G_VALUE_TYPE (value), info->value_type))
            {
              GValue *t = arena_alloc (run, 1);

              g_value_init (t, info->value_type);
              g_value_transform (value, t);
              value = t;
            }
          else
            {
              error = g_error_new (SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                                   "data node %s holds values of type %s, not %s", g->ids[n],
                                   g_type_name (info->value_type), G_VALUE_TYPE_NAME (value));
              return record_failure (sol, n, SCHEDULA_FAILURE_DISPATCHING, error) ? VISIT_CONTINUE
                                                                                 : VISIT_ERROR;
            }
        }

      if (info->callback != NULL)
        {
          const GValue *arg = value;

          r = call_function (sol, n, info->callback, NULL, NULL, &arg, NULL, 1, 0, FALSE, &error);
          if (r == CALL_ABORT)
            return VISIT_ERROR;
          if (r == CALL_FAILED && !record_failure (sol, n, SCHEDULA_FAILURE_CALLBACK, error))
            return VISIT_ERROR;
        }

      if (!_schedula_is_none (value))
        set_value (sol, n, value);
    }

  if (next != NULL)
    {
      for (guint i = 0; i < n_next; i++)
        wf_add_edge (sol, next[i], n, value);
      return VISIT_OUTPUT;
    }

  /* Outgoing edges. A sub-dispatcher that produced this node and whose input
   * mapped from it is already visited in its child is not fed back. Only the
   * first successor is checked against the visited set (wildcard). */
  first_succ = SCHEDULA_NO_NODE;
  for (guint32 e = gn->succ; e < g->nodes[n + 1].succ && first_succ == SCHEDULA_NO_NODE; e++)
    if (!feeds_back (sol, n, g->succ_to[e]))
      first_succ = g->succ_to[e];
  if (first_succ != SCHEDULA_NO_NODE && !(sol->ns[first_succ].flags & NS_VISITED))
    for (guint32 e = gn->succ; e < g->nodes[n + 1].succ; e++)
      if (g->nodes[g->succ_to[e]].kind != SCHEDULA_NODE_KIND_DISPATCHER || !feeds_back (sol, n, g->succ_to[e]))
        wf_add_edge (sol, e, n, value);
  return VISIT_OUTPUT;
}

/* A function call on its way: what the loop hands off (the function and
 * its filters on these arguments) and takes back (results or an error).
 * The synchronous path runs it in place, on the stack. */
typedef struct
{
  SolState      *sol;
  guint32        node;
  const GValue **args;
  const char   **arg_ids;
  guint          n_args;
  GValue        *results;
  GError        *error;
  CallResult     status;
  SchedulaSolution *solution;   /* attached by the function (sub-dispatch wrappers) */
} Invocation;

/* The end of the call of @inv: done, or failed with its error (a call that
 * stopped the dispatch left the error in the run) */
static void
report_result_slow (Invocation *inv)
{
  SolState *sol = inv->sol;
  const GError *error = NULL;
  g_autoptr(GError) unknown = NULL;

  if (inv->status != CALL_OK)
    {
      error = inv->error != NULL ? inv->error : sol->run->error;
      if (error == NULL)
        error = unknown = g_error_new (SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                                       "%s did not complete", sol->graph->ids[inv->node]);
    }
  report_finished (sol, inv->node, error);
}

static inline void
report_result (Invocation *inv)
{
  if (G_UNLIKELY (inv->sol->run->progress != NULL))
    report_result_slow (inv);
}

/* schedula's _set_function_node_output, first half: whether the function
 * runs, its arguments and its domain. Returns VISIT_OUTPUT when @inv is
 * ready to run. */
/* The verdict of an input domain just called (@r): TRUE or FALSE, or
 * FALSE with @r CALL_FAILED and @error set. A domain that gives no verdict,
 * or returns FALSE without an error (a predicate written as a function),
 * fails with what to do about it. */
static gboolean
domain_verdict (SchedulaRun       *run,
                SchedulaFunction  *domain,
                CallResult        *r,
                GError           **error)
{
  const char *name = schedula_function_get_name (domain);
  gboolean ok;

  if (*r == CALL_OK && schedula_call_get_output (run->call, 0) == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                   "%s gave no verdict: a domain made with Function.new "
                   "(schedula_function_new) sets its verdict as output 0; one made with "
                   "Function.new_predicate (schedula_function_new_predicate) returns it",
                   name ? name : "the domain");
      *r = CALL_FAILED;
    }
  else if (*r == CALL_FAILED && run->call->false_without_error)
    {
      g_clear_error (error);
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                   "%s returned false without an error: to return the verdict, make the "
                   "domain with Function.new_predicate (schedula_function_new_predicate); a "
                   "domain made with Function.new returns true and sets its verdict as output 0",
                   name ? name : "the domain");
    }
  if (*r != CALL_OK)
    return FALSE;
  ok = schedula_value_is_truthy (schedula_call_get_output (run->call, 0));
  _schedula_call_clear_outputs (run->call);
  return ok;
}

static VisitResult
function_node_prepare (SolState   *sol,
                       guint32     n,
                       gboolean    replay,
                       Invocation *inv)
{
  SchedulaRun *run = sol->run;
  SchedulaGraph *g = sol->graph;
  GrNode *gn = &g->nodes[n];
  GrFunc *f = &g->funcs[gn->info];
  gboolean any_out = FALSE;
  GError *error = NULL;
  CallResult r;

  /* its record is read below: a miss of the cache in a large model, which
   * the loads of the loop over the outputs can overlap */
  __builtin_prefetch (f);
  /* A replayed pipe runs the function for its recorded outputs. */
  for (guint32 e = gn->succ; e < g->nodes[n + 1].succ && !replay; e++)
    if (!(sol->ns[g->succ_to[e]].flags & NS_DIST))
      {
        any_out = TRUE;
        break;
      }
  if (!any_out && !replay)
    {
      /* All outputs are known: the function is not needed. */
      wf_remove_node (sol, n);
      return VISIT_CONTINUE;
    }

  inv->sol = sol;
  inv->node = n;
  inv->args = run->args;
  /* the ids of the arguments are the declared inputs, read in place, until
   * an input is left out (NONE): then those that stay are copied (the
   * function's array of ids is one more miss of the cache a call) */
  inv->arg_ids = (const char **) f->input_ids;
  inv->n_args = 0;
  for (guint k = 0; k < f->n_inputs; k++)
    {
      guint32 e = f->in_edge[k];
      const GValue *v;

      if (e == SCHEDULA_NO_NODE || sol->edge_seq[e] == 0)
        {
          if (replay)
            return VISIT_CONTINUE;  /* a step before it failed */
          set_error (run, g_error_new (SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                                       "input %s of function node %s has no value",
                                       f->input_ids[k], g->ids[n]));
          return VISIT_ERROR;
        }
      v = sol->edge_value[e];
      if (v == NULL || _schedula_is_none (v))
        {
          if (inv->arg_ids != run->arg_ids)
            {
              /* the first one left out: all those before it are arguments */
              if (inv->n_args > 0)
                memcpy (run->arg_ids, f->input_ids, sizeof (const char *) * inv->n_args);
              inv->arg_ids = run->arg_ids;
            }
          continue;
        }
      inv->args[inv->n_args] = v;
      if (inv->arg_ids == run->arg_ids)
        inv->arg_ids[inv->n_args] = f->input_ids[k];
      inv->n_args++;
    }

  if (GR_DOMAIN (f) != NULL && !sol->no_domain && !run->no_call)
    {
      gboolean ok;

      r = call_function (sol, n, GR_DOMAIN (f), NULL, NULL, inv->args, inv->arg_ids, inv->n_args, 1,
                         FALSE, &error);
      if (r == CALL_ABORT)
        return VISIT_ERROR;
      ok = domain_verdict (run, GR_DOMAIN (f), &r, &error);
      if (r == CALL_FAILED)
        {
          /* schedula does not catch errors of a function's input domain. */
          g_autofree char *path = node_path (sol, g->ids[n]);

          g_prefix_error (&error, "input domain of %s failed: ", path);
          set_error (run, error);
          return VISIT_ERROR;
        }
      sol->ns[n].flags |= NS_DOMAIN | (ok ? NS_DOMAIN_TRUE : 0);
      if (!ok)
        return VISIT_CONTINUE;
    }
  return VISIT_OUTPUT;
}

/* The hand-off point: runs the function of @inv and its filters. This is
 * the step an executor does elsewhere; everything the loop needs back is in
 * @inv. */
static void
invoke (Invocation *inv)
{
  SolState *sol = inv->sol;
  SchedulaRun *run = sol->run;
  GrFunc *f = &sol->graph->funcs[sol->graph->nodes[inv->node].info];

  inv->status = call_function (sol, inv->node, f->function, f->direct, f->user_data, inv->args,
                               inv->arg_ids, inv->n_args, f->n_outputs, TRUE, &inv->error);
  if (G_UNLIKELY (run->call->solution != NULL))
    inv->solution = _schedula_call_steal_solution (run->call);
  if (inv->status != CALL_OK)
    return;
  inv->results = take_outputs (run, f->n_outputs);
  if (GR_FILTERS (f) != NULL)
    inv->status = apply_filters (sol, inv->node, GR_FILTERS (f), &inv->results, f->n_outputs, &inv->error);
}

/* schedula's _set_function_node_output, second half: the results of @inv
 * become workflow edges, or its error is recorded. */
static VisitResult
function_node_commit (Invocation   *inv,
                      const guint8 *recorded)
{
  SolState *sol = inv->sol;
  SchedulaGraph *g = sol->graph;
  guint32 n = inv->node;
  GrFunc *f = &g->funcs[g->nodes[n].info];

  if (G_UNLIKELY (inv->solution != NULL))
    {
      /* The workflow node keeps the solution of the model the function ran,
       * even when the function then failed. */
      if (sol->attached == NULL)
        sol->attached = g_new0 (SchedulaSolution *, MAX (g->n_funcs, 1));
      g_clear_object (&sol->attached[g->nodes[n].info]);
      sol->attached[g->nodes[n].info] = g_steal_pointer (&inv->solution);
    }
  if (inv->status == CALL_ABORT)
    return VISIT_ERROR;
  if (inv->status == CALL_FAILED)
    return record_failure (sol, n, SCHEDULA_FAILURE_DISPATCHING, g_steal_pointer (&inv->error))
           ? VISIT_CONTINUE : VISIT_ERROR;

  sol->results[g->nodes[n].info] = inv->results;
  /* in output order, the last value of an output named twice winning, to
   * the outputs not visited yet; a replayed pipe sends them along the
   * edges its compiling dispatch recorded (@recorded, per edge), as
   * schedula's next_nds. Two loops: the dispatch's is the hot one. */
  if (G_UNLIKELY (recorded != NULL))
    {
      for (guint k = 0; k < f->n_outputs; k++)
        {
          guint32 e = GR_OUT_EDGE (f, k);

          if (e != SCHEDULA_NO_NODE && recorded[e] && _SCHEDULA_VALUE_SET (&inv->results[k]) &&
              !_schedula_is_none (&inv->results[k]))
            wf_add_edge (sol, e, n, &inv->results[k]);
        }
      return VISIT_OUTPUT;
    }
  for (guint k = 0; k < f->n_outputs; k++)
    {
      guint32 e = GR_OUT_EDGE (f, k);

      if (e == SCHEDULA_NO_NODE || (sol->ns[g->succ_to[e]].flags & NS_DIST))
        continue;
      if (!_SCHEDULA_VALUE_SET (&inv->results[k]) || _schedula_is_none (&inv->results[k]))
        continue;
      wf_add_edge (sol, e, n, &inv->results[k]);
    }
  return VISIT_OUTPUT;
}

static VisitResult submit_call (SolState *sol, Invocation *inv, SchedulaDistance d);
static VisitResult visit_tail (SolState *sol, guint32 n, SchedulaDistance d);
static void close_sol (SolState *sol);

/* schedula's _set_function_node_output */
static VisitResult
function_node_output (SolState         *sol,
                      guint32           n,
                      SchedulaDistance  d)
{
  SchedulaGraph *g = sol->graph;
  Invocation inv = { NULL, };
  VisitResult r;

  if (sol->run->no_call)
    {
      GrNode *gn = &g->nodes[n];
      gboolean any_out = FALSE;

      for (guint32 e = gn->succ; e < g->nodes[n + 1].succ; e++)
        if (!(sol->ns[g->succ_to[e]].flags & NS_DIST))
          {
            wf_add_edge (sol, e, n, NULL);
            any_out = TRUE;
          }
      if (!any_out)
        wf_remove_node (sol, n);
      return any_out ? VISIT_OUTPUT : VISIT_CONTINUE;
    }

  r = function_node_prepare (sol, n, FALSE, &inv);
  if (r != VISIT_OUTPUT)
    return r;
  if (sol->run->executor != NULL)
    return submit_call (sol, &inv, d);
  report_started (sol, n);
  invoke (&inv);
  report_result (&inv);
  return function_node_commit (&inv, NULL);
}

static gboolean add_initial_value (SolState         *sol,
                                   guint32           n,
                                   const GValue     *value,
                                   SchedulaDistance  d,
                                   gboolean          child_init,
                                   SchedulaDistance  offset);

/* schedula's _init_sub_dsp: a new child solution for sub-dispatcher node
 * @s, whose defaults enter the fringe at priority 2. */
static SolState *
init_child (SolState         *sol,
            guint32           s,
            SchedulaDistance  vd)
{
  SchedulaRun *run = sol->run;
  GrNode *gn = node_of (sol, s);
  GrSub *sub = &sol->graph->subs[gn->info];
  SchedulaGraph *cg = sub->child;
  SolState *child = sol_new (run, cg, sol, s);
  g_autoptr(GArray) initial = NULL;

  child->has_targets = sub->n_targets > 0;
  child->n_targets = sub->n_targets;
  for (guint32 i = 0; i < cg->n_nodes; i++)
    if (cg->nodes[i].flags & GNODE_TARGET)
      child->ns[i].flags |= NS_TARGET;
  if (sol->wait_map != NULL && sol->wait_map->children != NULL)
    child->wait_map = sol->wait_map->children[gn->info];
  if (child->wait_map != NULL)
    child->meet = g_new (SchedulaDistance, MAX (cg->n_nodes, 1));
  sol->children[gn->info] = child;

  /* Its defaults, but those of single-id input mappings, sorted by
   * (distance, id). */
  if (cg->n_defaults == 0)
    return child;
  initial = g_array_sized_new (FALSE, FALSE, sizeof (guint32), cg->n_defaults);
  for (guint k = 0; k < cg->n_defaults; k++)
    if (!(cg->nodes[cg->defaults[k]].flags & GNODE_EXCLUDED))
      g_array_append_val (initial, cg->defaults[k]);
  for (guint i = 1; i < initial->len; i++)
    for (guint j = i; j > 0; j--)
      {
        guint32 a = g_array_index (initial, guint32, j - 1);
        guint32 b = g_array_index (initial, guint32, j);
        SchedulaDistance da = cg->datas[cg->nodes[a].info].initial_dist;
        SchedulaDistance db = cg->datas[cg->nodes[b].info].initial_dist;
        int c = _schedula_distance_cmp (&da, &db);

        if (c < 0 || (c == 0 && _schedula_id_compare (cg->ids[a], cg->ids[b]) <= 0))
          break;
        g_array_index (initial, guint32, j - 1) = b;
        g_array_index (initial, guint32, j) = a;
      }
  for (guint i = 0; i < initial->len; i++)
    {
      guint32 c = g_array_index (initial, guint32, i);
      GrData *info = &cg->datas[cg->nodes[c].info];
      const GValue *value;

      if (cg->nodes[c].flags & GNODE_SELF_DEFAULT)
        {
          GValue *slot = arena_alloc (run, 1);

          g_value_init (slot, SCHEDULA_TYPE_DISPATCHER);
          g_value_set_object (slot, cg->dsp);
          value = slot;
        }
      else
        value = info->default_value;
      add_initial_value (child, c, run->no_call ? NULL : value, info->initial_dist, TRUE, vd);
    }
  return child;
}

/* schedula's _set_sub_dsp_node_input: parent node @p reaches sub-dispatcher
 * node @s at distance @vd. */
static gboolean
sub_dispatcher_input (SolState         *sol,
                      guint32           p,
                      guint32           s,
                      SchedulaDistance  vd)
{
  SchedulaRun *run = sol->run;
  SchedulaGraph *g = sol->graph;
  GrNode *gn = &g->nodes[s];
  GrSub *sub = &g->subs[gn->info];
  SolState *child;
  guint32 one = p;
  guint32 *feed = &one;
  guint n_feed = 1;
  g_autofree guint32 *pred_nodes = NULL;

  set_meet (sol, s, &vd);
  if (waiting (sol, s, FALSE))
    return TRUE;

  if (!(sol->ns[s].flags & NS_DIST))
    {
      if (sub->domain != NULL && !(sol->no_domain || run->no_call))
        {
          guint32 *nodes = g_new (guint32, n_preds (sol, s) + 1);
          guint32 *seqs = g_new (guint32, n_preds (sol, s) + 1);
          const GValue **values = g_new (const GValue *, n_preds (sol, s) + 1);
          const char **ids = g_new (const char *, n_preds (sol, s) + 1);
          guint k = _schedula_sol_predecessors (sol, s, nodes, seqs, values);
          GError *error = NULL;
          CallResult r;
          gboolean ok = FALSE;

          for (guint i = 0; i < k; i++)
            {
              ids[i] = nodes[i] == SCHEDULA_NO_NODE ? SCHEDULA_START : g->ids[nodes[i]];
              if (values[i] == NULL)
                values[i] = _schedula_none_value ();
            }
          r = call_function (sol, s, sub->domain, NULL, NULL, values, ids, k, 1, FALSE, &error);
          if (r != CALL_ABORT)
            ok = domain_verdict (run, sub->domain, &r, &error);
          _schedula_call_clear_outputs (run->call);
          g_free (seqs);
          g_free (values);
          g_free (ids);
          if (r == CALL_ABORT)
            {
              g_free (nodes);
              return FALSE;
            }
          if (r == CALL_FAILED)
            {
              g_free (nodes);
              return record_failure (sol, s, SCHEDULA_FAILURE_SUB_DSP_DOMAIN, error);
            }
          if (!ok)
            {
              g_free (nodes);
              return TRUE;
            }
          sol->ns[s].flags |= NS_DOMAIN | NS_DOMAIN_TRUE;
          pred_nodes = nodes;
          feed = nodes;
          n_feed = k;
        }
      child = init_child (sol, s, vd);
      wf_add_node (sol, s);
      set_dist (sol, s, &vd);
    }
  else if ((child = sol->children[gn->info]) == NULL)
    {
      /* visited from the fringe without a sub-solution: a wildcard input
       * pushes its sub-dispatcher successors there even when their input
       * domain refused it or they wait (schedula's _add_initial_value);
       * schedula then fails with a KeyError for the missing sub-solution */
      set_error (run, g_error_new (SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                                   "sub-dispatcher node %s was visited without starting "
                                   "(after wildcard input values reached it) and has no "
                                   "solution to take the value of %s", g->ids[s], g->ids[p]));
      return FALSE;
    }

  for (guint i = 0; i < n_feed; i++)
    {
      guint32 from = feed[i];
      GrMap *me;
      guint32 e;

      if (from == SCHEDULA_NO_NODE)
        continue;
      me = _schedula_sub_input_entry (sub, from);
      e = _schedula_graph_edge_find (g, from, s);
      if (me == NULL || e == SCHEDULA_NO_NODE)
        continue;
      for (guint j = 0; j < me->n; j++)
        if (!add_initial_value (child, me->targets[j], sol->edge_value[e], vd, FALSE, vd))
          return FALSE;
    }
  return TRUE;
}

/* schedula's _add_initial_value. With @child_init the entry goes to the
 * fringe at @offset + @d with priority 2, as a default of a new child. */
static gboolean
add_initial_value (SolState         *sol,
                   guint32           n,
                   const GValue     *value,
                   SchedulaDistance  d,
                   gboolean          child_init,
                   SchedulaDistance  offset)
{
  SchedulaGraph *g = sol->graph;
  gboolean wait = node_waits (sol, n);

  wf_add_start_edge (sol, n, value);

  if (sol->ns[n].flags & NS_WILDCARD)
    {
      sol->ns[n].flags |= NS_VISITED;
      wf_add_node (sol, n);
      for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
        {
          guint32 w = g->succ_to[e];
          SchedulaDistance vd = _schedula_distance_add (d, g->succ_len[e]);

          wf_add_edge (sol, e, n, value);
          update_meet (sol, w, &vd);
          if (g->nodes[w].kind == SCHEDULA_NODE_KIND_DISPATCHER)
            {
              if (!sub_dispatcher_input (sol, n, w, vd))
                return FALSE;
            }
          else if (waiting (sol, w, TRUE))
            continue;
          set_seen (sol, w, &vd);
          fringe_push (sol->run, &vd, 1, w, sol);
        }
      return TRUE;
    }

  update_meet (sol, n, &d);
  if (!waiting (sol, n, wait))
    {
      set_seen (sol, n, &d);
      if (child_init)
        {
          SchedulaDistance sum = _schedula_distance_sum (offset, d);

          fringe_push (sol->run, &sum, 2, n, sol);
        }
      else
        fringe_push (sol->run, &d, wait ? 1 : 0, n, sol);
    }
  return TRUE;
}

/* schedula's _see_remote_link_node: a value of a child flows out to the
 * parent nodes its output mapping names. */
G_ALWAYS_INLINE static inline gboolean
see_remote_link (SolState         *sol,
                 guint32           n,
                 SchedulaDistance  d)
{
  SolState *parent = sol->parent;
  SchedulaGraph *pg;
  GrMap *me;
  guint32 s, k;

  if (parent == NULL || !parent->initialised)
    return TRUE;
  if (node_of (sol, n)->kind != SCHEDULA_NODE_KIND_DATA || !(sol->ns[n].flags & NS_VALUE))
    return TRUE;
  k = sol->sub->out_of_child[n];
  if (k == 0)
    return TRUE;
  me = &sol->sub->outputs[k - 1];
  pg = parent->graph;
  s = sol->parent_node;
  for (guint i = 0; i < me->n; i++)
    {
      guint32 t = me->targets[i];
      guint32 back = _schedula_graph_edge_find (pg, t, s);
      guint32 e;

      if ((parent->ns[t].flags & NS_VISITED) || (back != SCHEDULA_NO_NODE && parent->edge_seq[back] != 0))
        continue;
      e = _schedula_graph_edge_find (pg, s, t);
      if (e == SCHEDULA_NO_NODE)
        continue;
      wf_add_edge (parent, e, s, sol->ns[n].value);
      if (!see_node (parent, t, &d, 2))
        return FALSE;
    }
  return TRUE;
}

/* The end of a visit that produced an output: targets, then the value goes
 * along the node's workflow edges. Inlined in visit(), the hot path of the
 * synchronous loop; the executor's commits call visit_tail(). */
G_ALWAYS_INLINE static inline VisitResult
visit_out_edges (SolState         *sol,
                 guint32           n,
                 SchedulaDistance  d)
{
  SchedulaGraph *g = sol->graph;
  GrNode *gn = &g->nodes[n];

  if (sol->has_targets && (sol->ns[n].flags & NS_TARGET))
    {
      sol->ns[n].flags &= ~NS_TARGET;
      if (--sol->n_targets == 0)
        return VISIT_STOP;
    }

  for (guint32 e = gn->succ; e < g->nodes[n + 1].succ; e++)
    {
      guint32 w;
      SchedulaDistance vd;

      if (sol->edge_seq[e] == 0)
        continue;
      w = g->succ_to[e];
      vd = _schedula_distance_add (d, g->succ_len[e]);
      if (g->nodes[w].kind == SCHEDULA_NODE_KIND_DISPATCHER)
        {
          if (!sub_dispatcher_input (sol, n, w, vd))
            return VISIT_ERROR;
        }
      else if (!see_node (sol, w, &vd, 0))
        return VISIT_ERROR;
    }
  return VISIT_CONTINUE;
}

static VisitResult
visit_tail (SolState         *sol,
            guint32           n,
            SchedulaDistance  d)
{
  return visit_out_edges (sol, n, d);
}

/* schedula's _visit_nodes */
G_ALWAYS_INLINE static inline VisitResult
visit (SolState         *sol,
       guint32           n,
       SchedulaDistance  d)
{
  SchedulaGraph *g = sol->graph;
  GrNode *gn = &g->nodes[n];
  VisitResult r;

  set_dist (sol, n, &d);
  sol->ns[n].flags |= NS_VISITED;

  if (gn->kind == SCHEDULA_NODE_KIND_DATA)
    r = data_node_output (sol, n, NULL, 0);
  else if (gn->kind == SCHEDULA_NODE_KIND_FUNCTION)
    r = function_node_output (sol, n, d);
  else
    r = VISIT_CONTINUE;

  if (r == VISIT_PENDING)   /* the executor has it: visit_tail() when it commits */
    return VISIT_CONTINUE;
  if (r != VISIT_OUTPUT)  /* no output (failure, domain, not needed) or error */
    return r;
  return visit_out_edges (sol, n, d);
}

/* Whether a later close of @sol (closed) could close something below it:
 * an open child, or one below a closed child that holds a value (a closed
 * solution gets no value any more, so one without stays out of every walk) */
static gboolean
sol_open_below (SolState *sol)
{
  for (guint i = 0; i < sol->graph->n_subs; i++)
    {
      SolState *child = sol->children[i];

      if (child != NULL &&
          (!child->closed || (child->open_below && _schedula_sol_n_values (child) > 0)))
        return TRUE;
    }
  return FALSE;
}

/* Closes @sol and, as schedula's _dsp_closed_add, the sub-solutions below
 * it that hold a value. One that holds none stays open, and so do the ones
 * below it (`if _s:`, the reference quirk of docs/semantics.md): it may go
 * on calling functions and linking values into its closed parent, and a
 * later close above it closes it if it has got a value by then. A closed
 * solution with nothing open below it (open_below) is not walked again:
 * each level of a deep nesting closed every level below it again, which
 * was quadratic. Walked with an array of its own, parents before their
 * children: no recursion over the nesting. */
static void
close_sol (SolState *sol)
{
  g_autoptr(GPtrArray) walk = NULL;
  SolState *s = sol;

  sol->closed = TRUE;
  for (guint w = 0;;)
    {
      for (guint i = 0; i < s->graph->n_subs; i++)
        {
          SolState *child = s->children[i];

          if (child == NULL || _schedula_sol_n_values (child) == 0 ||
              (child->closed && !child->open_below))
            continue;
          child->closed = TRUE;
          if (walk == NULL)
            {
              walk = g_ptr_array_new ();
              g_ptr_array_add (walk, sol);
            }
          g_ptr_array_add (walk, child);
        }
      if (walk == NULL || ++w == walk->len)
        break;
      s = walk->pdata[w];
    }
  if (walk == NULL)
    sol->open_below = sol_open_below (sol);
  else
    /* children after their parents in @walk: the last first */
    for (guint w = walk->len; w-- > 0;)
      {
        s = walk->pdata[w];
        s->open_below = sol_open_below (s);
      }
}

/* A child is done when every parent node it can produce is known. */
static gboolean
child_satisfied (SolState *sol)
{
  SolState *parent = sol->parent;
  SchedulaGraph *pg = parent->graph;
  guint32 s = sol->parent_node;

  for (guint32 e = pg->nodes[s].succ; e < pg->nodes[s + 1].succ; e++)
    if (!(parent->ns[pg->succ_to[e]].flags & NS_DIST))
      return FALSE;
  return TRUE;
}

/* schedula's _remove_unused_nodes, of one solution; the children to do
 * next go on @queue */
static void
remove_unused_in (SolState  *sol,
                  GPtrArray *queue)
{
  SchedulaGraph *g = sol->graph;

  for (guint32 n = 0; n < g->n_nodes; n++)
    {
      gboolean has_succ = FALSE;

      if (!(sol->ns[n].flags & NS_WF) || (sol->ns[n].flags & NS_VISITED))
        continue;
      if (g->nodes[n].kind == SCHEDULA_NODE_KIND_DATA)
        continue;
      for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
        has_succ |= sol->edge_seq[e] != 0;
      if (g->nodes[n].kind == SCHEDULA_NODE_KIND_DISPATCHER && has_succ)
        {
          sol->ns[n].flags |= NS_VISITED;
          if (sol->children[g->nodes[n].info] != NULL)
            g_ptr_array_add (queue, sol->children[g->nodes[n].info]);
          continue;
        }
      wf_remove_node (sol, n);
    }
}

/* schedula's _remove_unused_nodes, over the solutions below @sol too, with
 * a queue of its own (no recursion over the nesting); each solution's own
 * work does not depend on its children's, so the order does not matter */
static void
remove_unused (SolState *sol)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, sol);
  for (guint i = 0; i < queue->len; i++)
    remove_unused_in (queue->pdata[i], queue);
}

/* Dispatching with an executor
 *
 * The search is the synchronous one: the loop pops the fringe in the same
 * order and visits every node at the same step. Only a function call goes
 * elsewhere: the loop hands it to the executor and goes on popping, but
 * only entries that come before the smallest key the outputs of a pending
 * call could still take (its distance plus its shortest output edge), and
 * never an output of a pending call: the commit adds a workflow edge to
 * every output not yet visited, even one that it reaches no sooner, and
 * the visit estimates from those edges. Past that it waits, and it commits
 * the results of pending calls in the order it made them, each as the
 * synchronous loop would have at its step:
 *
 *   - the workflow order of what a commit adds is the call's own: a block
 *     of sequence numbers is reserved when the call is made;
 *   - a failure goes into the errors at the call's step;
 *   - a visit that reaches into another solution (a data node that feeds a
 *     sub-dispatcher, or a child node mapped out to its parent) waits for
 *     every pending call first, so that no two commits touch a node in
 *     another order than the synchronous one.
 *
 * A call whose commit may end the search (a function node that is itself a
 * target, a model whose raises policy stops on a failure) is waited for at
 * once, and so is every call of a model with negative edge lengths: the
 * synchronous search would not have gone past them. So the executor calls
 * exactly the functions the synchronous dispatch calls, and the solution
 * is the same. (A dispatch that stops on an unexpected error, a function
 * that sets an output its node does not have for instance, may have called
 * functions past the failing one.) */

#define MAX_PENDING 4096  /* below G_MAXUINT16: NodeState.pending_in */

typedef struct _Pending Pending;

struct _Pending
{
  Invocation        inv;
  SchedulaRun      *run;
  SchedulaTask     *task;
  SchedulaCall     *call;
  SchedulaDistance  d;         /* where the function was visited */
  SchedulaDistance  bound;     /* the least key its outputs may take */
  guint32           step;
  guint32           seq_base;  /* the workflow sequence numbers of its commit */
  gboolean          done;
  guint64           serial;    /* the order it was made in (BoundHeap) */
  gboolean          raising;   /* speculative: its failure stops the dispatch */
};

static gboolean wait_committed (SchedulaRun *run, guint64 serial);

/* The bounds of the pending calls: a binary heap of (bound, serial).
 * Calls commit in the order they were made, so the ones committed are the
 * serials below `committed`, and the heap drops them lazily: it holds no
 * pointer to a call, which is freed when it commits. */
typedef struct
{
  SchedulaDistance bound;
  guint64          serial;
} BoundEntry;

typedef struct _BoundHeap
{
  BoundEntry *items;
  guint       len;
  guint       cap;
  guint64     next;       /* the serial of the next call */
  guint64     committed;  /* the calls committed (or dropped) so far */
} BoundHeap;

static inline gboolean
bound_less (const BoundEntry *a,
            const BoundEntry *b)
{
  return _schedula_distance_cmp (&a->bound, &b->bound) < 0;
}

/* Adds the bound of the next call */
static void
bounds_push (BoundHeap              *h,
             const SchedulaDistance *bound)
{
  BoundEntry x = { *bound, h->next++ };
  guint i;

  if (h->len == h->cap)
    {
      h->cap = MAX (16, h->cap * 2);
      h->items = g_renew (BoundEntry, h->items, h->cap);
    }
  for (i = h->len++; i > 0 && bound_less (&x, &h->items[(i - 1) / 2]); i = (i - 1) / 2)
    h->items[i] = h->items[(i - 1) / 2];
  h->items[i] = x;
}

static void
bounds_pop (BoundHeap *h)
{
  BoundEntry last = h->items[--h->len];
  guint i = 0;

  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= h->len)
        break;
      if (c + 1 < h->len && bound_less (&h->items[c + 1], &h->items[c]))
        c++;
      if (!bound_less (&h->items[c], &last))
        break;
      h->items[i] = h->items[c];
      i = c;
    }
  if (h->len > 0)
    h->items[i] = last;
}

/* The least bound of the calls not committed yet; the run must have some */
static SchedulaDistance
bounds_min (BoundHeap *h)
{
  while (h->items[0].serial < h->committed)
    bounds_pop (h);
  return h->items[0].bound;
}

/* A thread or a worker of the executor took the call (in its thread) */
static void
pending_started (SchedulaTask *task,
                 gpointer      user_data)
{
  Pending *p = user_data;

  _schedula_progress_started (p->run->progress, g_strdup (task->node_path));
}

/* The call ended (in the executor's thread): reported now, so that a
 * progress object never shows more calls running than the executor runs */
static void
pending_done (SchedulaTask *task,
              gpointer      user_data)
{
  Pending *p = user_data;

  if (G_UNLIKELY (p->run->progress != NULL))
    _schedula_progress_finished (p->run->progress, g_strdup (task->node_path),
                                 task->ok ? NULL : task->error);

  g_async_queue_push (p->run->done, p);
}

static SchedulaCall *
acquire_task_call (SchedulaRun *run)
{
  if (run->spare_calls != NULL && run->spare_calls->len > 0)
    return g_ptr_array_steal_index_fast (run->spare_calls, run->spare_calls->len - 1);
  return schedula_call_new ();
}

static void
pending_free (Pending *p)
{
  SchedulaRun *run = p->run;

  if (p->call != NULL)
    {
      _schedula_call_clear_outputs (p->call);
      g_clear_object (&p->call->solution);
      p->call->inputs = NULL;
      p->call->input_ids = NULL;
      p->call->n_inputs = 0;
      if (run->spare_calls == NULL)
        run->spare_calls = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (run->spare_calls, p->call);
    }
  g_clear_object (&p->task);
  g_clear_error (&p->inv.error);
  g_clear_object (&p->inv.solution);
  g_free (p->inv.args);
  g_free (p->inv.arg_ids);
  g_free (p);
}

/* Counts @p in (@delta 1) or out (-1) of the pending producers of its
 * function's outputs */
static void
mark_outputs (Pending *p,
              int      delta)
{
  SolState *sol = p->inv.sol;
  SchedulaGraph *g = sol->graph;
  guint32 n = p->inv.node;

  for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
    sol->ns[g->succ_to[e]].pending_in += delta;
}

/* Whether the commit of a call to @n may stop the search: the synchronous
 * loop would not have gone past it. A speculative dispatch runs ahead of a
 * call whose failure may stop it: when it does, the calls after it are
 * dropped (abort_pending()), as the synchronous loop never made them. */
static gboolean
is_barrier (SolState *sol,
            guint32   n)
{
  return !sol->run->run_ahead || (sol->ns[n].flags & NS_TARGET) ||
         (!sol->run->speculative && _schedula_dispatcher_may_raise (sol->graph->dsp));
}

/* Hands the call of @inv (prepared by function_node_prepare()) to the
 * executor */
static VisitResult
submit_call (SolState         *sol,
             Invocation       *inv,
             SchedulaDistance  d)
{
  SchedulaRun *run = sol->run;
  SchedulaGraph *g = sol->graph;
  guint32 n = inv->node;
  GrFunc *f = &g->funcs[g->nodes[n].info];
  SchedulaFunction *function = f->function;
  Pending *p;
  gboolean inline_run = FALSE;
  GMainContext *context = NULL;

  if (run->cancellable != NULL && g_cancellable_is_cancelled (run->cancellable))
    {
      g_autofree char *path = node_path (sol, g->ids[n]);

      set_error (run, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "Dispatch cancelled before calling %s", path));
      return VISIT_ERROR;
    }
  if (function == NULL)
    {
      /* as call_function(): a failure of the node, known at once */
      report_started (sol, n);
      invoke (inv);
      report_result (inv);
      return function_node_commit (inv, NULL) == VISIT_OUTPUT
             ? visit_tail (sol, n, d) : VISIT_CONTINUE;
    }

  p = g_new0 (Pending, 1);
  p->run = run;
  p->inv = *inv;
  p->inv.args = g_memdup2 (inv->args, sizeof (const GValue *) * MAX (inv->n_args, 1));
  p->inv.arg_ids = g_memdup2 (inv->arg_ids, sizeof (const char *) * MAX (inv->n_args, 1));
  p->d = d;
  p->step = run->cur_step;
  p->bound.inf = INFINITY;
  p->bound.num = 0;
  for (guint32 e = g->nodes[n].succ; e < g->nodes[n + 1].succ; e++)
    {
      SchedulaDistance b = _schedula_distance_add (d, g->succ_len[e]);

      if (_schedula_distance_cmp (&b, &p->bound) < 0)
        p->bound = b;
    }
  /* a commit adds at most a node and an edge per output */
  p->seq_base = sol->next_seq;
  sol->next_seq += 2 * f->n_outputs + 1;

  p->call = acquire_task_call (run);
  _schedula_call_prepare (p->call, g->ids[n], p->inv.args, p->inv.arg_ids, p->inv.n_args, f->n_outputs);
  p->call->caller_sol = sol;
  g_set_object (&p->call->cancellable, run->stop);
  p->task = _schedula_task_new (function, p->call, g->ids[n], node_path (sol, g->ids[n]), run->stop,
                                run->timeout, run->verbose,
                                run->progress != NULL ? pending_started : NULL, pending_done, p);
  if (G_UNLIKELY (run->progress != NULL))
    _schedula_progress_queued (run->progress, g_strdup (p->task->node_path));
  g_queue_push_tail (&run->pending, p);
  p->serial = run->bounds->next;
  bounds_push (run->bounds, &p->bound);
  mark_outputs (p, 1);
  if (run->speculative && _schedula_dispatcher_may_raise (g->dsp))
    {
      p->raising = TRUE;
      run->n_raising++;
    }

  /* Where it runs. A function of a main context that this thread can run
   * runs here (another thread would wait for this one). A call nothing
   * could run beside (nothing else is pending, and the next entry of the
   * fringe is past its bound, or the call is waited for at once) goes to
   * the executor's run_here, in this
   * thread, when it has one: no hand-over to another thread and back. */
  if (schedula_function_get_flags (function) & SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT)
    {
      if (_schedula_function_acquire_context (function))
        context = schedula_function_get_context (function);  /* acquired: released below */
      inline_run = context != NULL;
    }
  if (inline_run)
    {
      g_object_ref (p->task);
      schedula_task_run (p->task);
      g_object_unref (p->task);
      if (context != NULL)
        g_main_context_release (context);
    }
  else if (SCHEDULA_EXECUTOR_GET_CLASS (run->executor)->run_here != NULL && run->pending.length == 1 &&
           !(schedula_function_get_flags (function) & SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT) &&
           (fringe_empty (run) || _schedula_distance_cmp (&fringe_peek (run)->d, &p->bound) >= 0 ||
            is_barrier (sol, n)))
    {
      g_object_ref (p->task);
      SCHEDULA_EXECUTOR_GET_CLASS (run->executor)->run_here (run->executor, p->task);
      g_object_unref (p->task);
    }
  else
    schedula_executor_submit (run->executor, p->task);

  if (is_barrier (sol, n))
    return wait_committed (run, p->serial) ? VISIT_PENDING : VISIT_ERROR;
  return VISIT_PENDING;
}

/* Commits the front of the pending calls, which is done: its results enter
 * the solution as the synchronous loop would have put them at its step */
static VisitResult
commit_front (SchedulaRun *run)
{
  Pending *p = g_queue_pop_head (&run->pending);
  SolState *sol = p->inv.sol;
  SchedulaGraph *g = sol->graph;
  guint32 n = p->inv.node;
  GrFunc *f = &g->funcs[g->nodes[n].info];
  SchedulaTask *task = p->task;
  GError *error = task->ok ? NULL : g_steal_pointer (&task->error);
  guint32 saved_seq = sol->next_seq;
  guint32 saved_step = run->cur_step;
  VisitResult r;

  if (++run->bounds->committed == run->bounds->next)
    run->bounds->len = 0;  /* nothing pending: every entry is stale */
  mark_outputs (p, -1);
  run->cur_step = p->step;
  run->stop_step = p->step;
  p->inv.status = call_result (sol, n, p->call, task->ok, &error);
  p->inv.error = error;
  if (G_UNLIKELY (p->call->solution != NULL))
    p->inv.solution = _schedula_call_steal_solution (p->call);
  if (p->inv.status == CALL_OK)
    {
      p->inv.results = take_call_outputs (run, p->call, f->n_outputs);
      if (GR_FILTERS (f) != NULL)
        p->inv.status = apply_filters (sol, n, GR_FILTERS (f), &p->inv.results, f->n_outputs,
                                       &p->inv.error);
    }
  if (task->ok && p->inv.status != CALL_OK)
    report_result (&p->inv);  /* it failed here, after it returned (filters, outputs) */
  sol->next_seq = p->seq_base;
  r = function_node_commit (&p->inv, NULL);
  sol->next_seq = saved_seq;
  if (r == VISIT_OUTPUT)
    r = visit_tail (sol, n, p->d);
  run->cur_step = saved_step;
  if (r == VISIT_STOP && sol != run->top)
    {
      close_sol (sol);
      r = VISIT_CONTINUE;
    }
  if (p->raising && --run->n_raising == 0 && run->spec_log != NULL && r != VISIT_ERROR)
    g_array_set_size (run->spec_log, 0);  /* no call that may stop it is left: they stay */
  pending_free (p);
  return r;
}

/* Waits until the call at the front of the pending ones is done */
static void
wait_front (SchedulaRun *run)
{
  Pending *front = g_queue_peek_head (&run->pending);

  while (!front->done)
    {
      Pending *p = g_async_queue_pop (run->done);

      p->done = TRUE;
    }
}

/* Marks the calls that completed meanwhile */
static void
collect_done (SchedulaRun *run)
{
  Pending *p;

  while ((p = g_async_queue_try_pop (run->done)) != NULL)
    p->done = TRUE;
}

/* Commits the pending calls that are done, in order. VISIT_STOP: the
 * search is over */
static VisitResult
commit_ready (SchedulaRun *run)
{
  collect_done (run);
  while (!g_queue_is_empty (&run->pending) && ((Pending *) g_queue_peek_head (&run->pending))->done)
    {
      VisitResult r = commit_front (run);

      if (r == VISIT_ERROR || r == VISIT_STOP)
        return r;
    }
  return VISIT_CONTINUE;
}

/* Waits for the call of @serial and commits it, with the calls made
 * before it (a commit frees its call: the serial says when it is done) */
static gboolean
wait_committed (SchedulaRun *run,
                guint64      serial)
{
  while (run->bounds->committed <= serial)
    {
      VisitResult r;

      wait_front (run);
      r = commit_front (run);
      if (r == VISIT_ERROR)
        return FALSE;
      if (r == VISIT_STOP)
        {
          run->top_stopped = TRUE;
          return TRUE;
        }
    }
  return TRUE;
}

/* Whether the visit of @e may come before the pending calls commit */
static gboolean
in_window (SchedulaRun     *run,
           const HeapEntry *e)
{
  SchedulaDistance bound;
  SolState *sol = e->sol;
  SchedulaGraph *g = sol->graph;
  guint32 n = e->node;

  if (run->pending.length >= MAX_PENDING)
    return FALSE;
  bound = bounds_min (run->bounds);
  if (_schedula_distance_cmp (&e->d, &bound) >= 0)
    return FALSE;
  if (run->n_raising > 0 && sol->parent != NULL)
    return FALSE;  /* popping it may close the child: nothing undoes that */
  if (sol->closed || (sol->ns[n].flags & NS_DIST))
    return TRUE;  /* a stale entry: nothing to visit */
  /* A visit that may stop the dispatch waits for the calls before it (the
   * synchronous loop made them, and took their results, first): a
   * function whose input domain fails, a data node whose combiner,
   * filters or callback fail in a speculative dispatch of a model that
   * raises (otherwise no call runs ahead in such a model). */
  if (g->nodes[n].kind == SCHEDULA_NODE_KIND_FUNCTION)
    {
      if (GR_DOMAIN (&g->funcs[g->nodes[n].info]) != NULL)
        return FALSE;
      /* past a call that may stop the dispatch (speculative), only a
       * visit that changes no more than the node's distance, which
       * undo_speculative_visits() takes back: a call with an output to
       * compute */
      if (run->n_raising > 0)
        {
          for (guint32 k = g->nodes[n].succ; k < g->nodes[n + 1].succ; k++)
            if (!(sol->ns[g->succ_to[k]].flags & NS_DIST))
              return TRUE;
          return FALSE;
        }
      return TRUE;
    }
  if (run->n_raising > 0 || g->nodes[n].kind != SCHEDULA_NODE_KIND_DATA)
    return run->n_raising == 0;
  if (sol->ns[n].pending_in != 0)
    return FALSE;
  /* a visit that reaches into another solution */
  if (sol->parent != NULL && sol->sub->out_of_child[n] != 0)
    return FALSE;
  for (guint32 k = g->nodes[n].succ; k < g->nodes[n + 1].succ; k++)
    if (g->nodes[g->succ_to[k]].kind == SCHEDULA_NODE_KIND_DISPATCHER)
      return FALSE;
  return TRUE;
}

/* A visit made while a call that may stop the dispatch was pending, and
 * what it changed: undone if that call stops the dispatch */
typedef struct
{
  SolState         *sol;
  guint32           node;
  guint32           step;
  guint16           flags;
  guint             dist_len;
  SchedulaDistance  d;
} SpecVisit;

static void
log_speculative_visit (SchedulaRun *run,
                       SolState    *sol,
                       guint32      n)
{
  SpecVisit v = { sol, n, run->pipe_len, sol->ns[n].flags, sol->dist_order.len, sol->ns[n].d };

  if (run->spec_log == NULL)
    run->spec_log = g_array_new (FALSE, FALSE, sizeof (SpecVisit));
  g_array_append_val (run->spec_log, v);
}

/* Undoes the visits made after the step of the call that stopped the
 * dispatch, last first (only function nodes that changed no more than
 * their distance are visited then: see in_window()) */
static void
undo_speculative_visits (SchedulaRun *run)
{
  if (run->spec_log == NULL)
    return;
  for (guint i = run->spec_log->len; i-- > 0;)
    {
      SpecVisit *v = &g_array_index (run->spec_log, SpecVisit, i);

      if (v->step <= run->stop_step)
        break;
      v->sol->ns[v->node].flags = v->flags;
      v->sol->ns[v->node].d = v->d;
      v->sol->dist_order.len = v->dist_len;
      run->pipe_len = MIN (run->pipe_len, v->step);
    }
  g_array_set_size (run->spec_log, 0);
}

static void
append_path (GString   **list,
             const char *path)
{
  if (*list == NULL)
    *list = g_string_new (path);
  else
    g_string_append_printf (*list, ", %s", path);
}

/* Stops what is pending after the dispatch stopped early: queued calls are
 * cancelled, running ones are waited for (or their workers killed),
 * nothing is committed. The nodes whose calls never ran, and those cut
 * short, join the error. */
static void
abort_pending (SchedulaRun *run)
{
  g_autoptr(GString) never = NULL;
  g_autoptr(GString) stopped = NULL;

  g_cancellable_cancel (run->stop);
  while (!g_queue_is_empty (&run->pending))
    {
      Pending *p;

      wait_front (run);
      p = g_queue_pop_head (&run->pending);
      if (++run->bounds->committed == run->bounds->next)
        run->bounds->len = 0;
      mark_outputs (p, -1);
      if (p->raising)
        run->n_raising--;
      if (!p->task->ok && g_error_matches (p->task->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        append_path (g_atomic_int_get (&p->task->began) ? &stopped : &never, p->task->node_path);
      pending_free (p);
    }
  /* a cancellation names what it cut short; a failure that stopped a
   * speculative dispatch does not: the synchronous dispatch made none of
   * the calls after it, and their visits are undone */
  if (!g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      undo_speculative_visits (run);
      return;
    }
  if (never != NULL && stopped != NULL)
    g_prefix_error (&run->error, "%s never ran; %s stopped while running: ", never->str, stopped->str);
  else if (never != NULL)
    g_prefix_error (&run->error, "%s never ran: ", never->str);
  else if (stopped != NULL)
    g_prefix_error (&run->error, "%s stopped while running: ", stopped->str);
}

/* One turn of schedula's Solution._run: pops the next entry of the fringe
 * into @e and visits it, with the result in @r. FALSE for an entry that
 * needs no visit (a closed solution, a node visited already, a child that
 * has all its outputs). */
G_ALWAYS_INLINE static inline gboolean
pop_and_visit (SchedulaRun *run,
               HeapEntry   *e,
               VisitResult *r)
{
  SolState *sol;
  PipeStep step;

  *e = fringe_pop (run);
  sol = e->sol;
  if (sol->closed)
    return FALSE;
  if (e->node != sol->graph->start && (sol->ns[e->node].flags & NS_DIST))
    return FALSE;
  if (sol->parent != NULL && child_satisfied (sol))
    {
      close_sol (sol);
      return FALSE;
    }
  sol->initialised = TRUE;
  step.sol = sol->position;
  step.node = e->node;
  if (G_UNLIKELY (run->pipe_len == run->pipe_cap))
    {
      run->pipe_cap = MAX (64, run->pipe_cap * 2);
      run->pipe = g_renew (PipeStep, run->pipe, run->pipe_cap);
    }
  if (G_UNLIKELY (run->n_raising > 0))
    log_speculative_visit (run, sol, e->node);
  run->cur_step = run->pipe_len;
  run->pipe[run->pipe_len++] = step;
  *r = visit (sol, e->node, e->d);
  return TRUE;
}

static gboolean
run_loop_executor (SchedulaRun *run)
{
  for (;;)
    {
      HeapEntry e;
      VisitResult r;

      if (!g_queue_is_empty (&run->pending))
        {
          r = commit_ready (run);
          if (r == VISIT_ERROR)
            break;
          if (r == VISIT_STOP)
            run->top_stopped = TRUE;
        }
      if (run->top_stopped)
        {
          /* the calls made before the stop count, as in the synchronous loop */
          while (!g_queue_is_empty (&run->pending))
            {
              wait_front (run);
              if (commit_front (run) == VISIT_ERROR)
                goto error;
            }
          break;
        }
      if (fringe_empty (run) || (!g_queue_is_empty (&run->pending) && !in_window (run, fringe_peek (run))))
        {
          if (g_queue_is_empty (&run->pending))
            break;
          wait_front (run);
          continue;
        }

      if (!pop_and_visit (run, &e, &r))
        continue;
      if (r == VISIT_ERROR)
        break;
      if (r == VISIT_STOP)
        {
          if (e.sol == run->top)
            {
              run->top_stopped = TRUE;
              continue;
            }
          close_sol (e.sol);
        }
      if (!see_remote_link (e.sol, e.node, e.d))
        break;
    }
  if (run->error != NULL)
    goto error;
  if (run->rm_unused)
    remove_unused (run->top);
  return TRUE;

error:
  abort_pending (run);
  return FALSE;
}

/* schedula's Solution._run */
static gboolean
run_loop (SchedulaRun *run)
{
  if (run->executor != NULL)
    return run_loop_executor (run);
  while (!fringe_empty (run))
    {
      HeapEntry e;
      VisitResult r;

      if (!pop_and_visit (run, &e, &r))
        continue;
      if (r == VISIT_ERROR)
        return FALSE;
      if (r == VISIT_STOP)
        {
          if (e.sol == run->top)
            break;
          close_sol (e.sol);
        }
      if (!see_remote_link (e.sol, e.node, e.d))
        return FALSE;
    }
  if (run->rm_unused)
    remove_unused (run->top);
  return TRUE;
}

/* Runs */

SchedulaRun *
_schedula_run_new (SchedulaDispatcher      *dsp,
                   SchedulaGraph           *graph,
                   SchedulaDispatchOptions *options,
                   GCancellable            *cancellable)
{
  SchedulaRun *run = g_new0 (SchedulaRun, 1);

  g_weak_ref_init (&run->dsp, dsp);
  run->graph = graph;
  run->bucket_min_heap = bucket_min_heap ();
  run->sols = g_ptr_array_new_with_free_func (sol_free);
  run->arena = g_ptr_array_new ();
  run->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (options != NULL)
    {
      run->no_call = schedula_dispatch_options_get_no_call (options);
      run->rm_unused = schedula_dispatch_options_get_rm_unused_nodes (options);
      run->verbose = schedula_dispatch_options_get_verbose (options);
    }
  g_mutex_init (&run->lock);
  return run;
}

void
_schedula_run_free (SchedulaRun *run)
{
  g_ptr_array_unref (run->sols);
  fringe_free (run);
  g_free (run->pipe);
  arena_free (run);
  g_free (run->args);
  g_free (run->arg_ids);
  g_free (run->arg_nodes);
  g_free (run->arg_seqs);
  if (run->call != NULL)
    _schedula_graph_release_call (run->graph, run->call);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
  _schedula_graph_unref (run->graph);
  g_weak_ref_clear (&run->dsp);
  g_mutex_clear (&run->lock);
  g_free (run);
}

SchedulaDispatcher *
_schedula_run_dup_dispatcher (SchedulaRun *run)
{
  return g_weak_ref_get (&run->dsp);
}

typedef struct
{
  guint32           node;   /* SCHEDULA_NO_NODE for an input outside the graph */
  const char       *id;
  const GValue     *value;
  SchedulaDistance  d;
} Initial;

/* (distance, id): ids of one graph are unique, so their ranks order them */
static int
initial_cmp (gconstpointer pa,
             gconstpointer pb,
             gpointer      data)
{
  const Initial *a = pa, *b = pb;
  SchedulaGraph *g = data;
  int c = _schedula_distance_cmp (&a->d, &b->d);

  if (c != 0)
    return c;
  return g->nodes[a->node].rank < g->nodes[b->node].rank ? -1 : 1;
}

static int
extra_cmp (gconstpointer pa,
           gconstpointer pb)
{
  return _schedula_id_compare (((const ExtraValue *) pa)->id, ((const ExtraValue *) pb)->id);
}

/* schedula's Solution.__init__ for the top solution: initial values,
 * wildcards, targets. */
gboolean
_schedula_run_init_top (SchedulaRun              *run,
                        GHashTable               *inputs,
                        const char *const        *outputs,
                        SchedulaDispatchOptions  *options,
                        SchedulaWaitMap          *wait_map,
                        GError                  **error)
{
  SchedulaGraph *g = run->graph;
  SolState *sol = sol_new (run, g, NULL, SCHEDULA_NO_NODE);
  SchedulaWildcard wildcard = options ? schedula_dispatch_options_get_wildcard (options)
                                      : SCHEDULA_WILDCARD_OFF;
  g_autoptr(GArray) initial = g_array_new (FALSE, FALSE, sizeof (Initial));
  g_autoptr(GHashTable) output_set = g_hash_table_new (g_str_hash, g_str_equal);
  guint ports = g->tree_max_ports + 2;

  name_root (sol);
  run->top = sol;
  sol->initialised = TRUE;
  sol->wait_map = wait_map;
  sol->no_domain = options != NULL && _schedula_dispatch_options_get_no_domain (options);
  if (wait_map != NULL)
    sol->meet = g_new (SchedulaDistance, MAX (g->n_nodes, 1));

  run->args = g_new0 (const GValue *, ports);
  run->arg_ids = g_new0 (const char *, ports);
  run->arg_nodes = g_new0 (guint32, ports);
  run->arg_seqs = g_new0 (guint32, ports);
  run->call = _schedula_graph_acquire_call (g);
  g_set_object (&run->call->cancellable, run->cancellable);

  /* Targets */
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (g_hash_table_add (output_set, (gpointer) outputs[i]))
      {
        guint32 n = _schedula_graph_lookup (g, outputs[i]);

        sol->n_targets++;
        if (n != SCHEDULA_NO_NODE)
          sol->ns[n].flags |= NS_TARGET;
      }
  sol->has_targets = sol->n_targets > 0;

  /* Defaults that are not given as inputs */
  for (guint i = 0; i < g->n_defaults; i++)
    {
      guint32 n = g->defaults[i];
      GrNode *gn = &g->nodes[n];
      Initial in = { n, g->ids[n], NULL, { 0, 0 } };

      if (inputs != NULL && g_hash_table_contains (inputs, g->ids[n]))
        continue;
      if (gn->flags & GNODE_SELF_DEFAULT)
        {
          GValue *slot = arena_alloc (run, 1);

          g_value_init (slot, SCHEDULA_TYPE_DISPATCHER);
          g_value_set_object (slot, g->dsp);
          in.value = slot;
        }
      else
        in.value = g->datas[gn->info].default_value;
      in.d = g->datas[gn->info].initial_dist;
      g_array_append_val (initial, in);
    }

  /* Inputs: they replace defaults and their distances */
  if (inputs != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, inputs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Initial in = { _schedula_graph_lookup (g, key), key, NULL, { 0, 0 } };

          if (run->no_call)
            in.value = NULL;
          else if (value == NULL)
            {
              GValue *slot = arena_alloc (run, 1);

              g_value_init (slot, G_TYPE_POINTER);
              in.value = slot;
            }
          else
            in.value = arena_copy (run, value);

          if (in.node == SCHEDULA_NO_NODE)
            {
              ExtraValue ev = { g_strdup (key), in.value };

              if (ev.value == NULL)
                {
                  /* schedula stores Python None for these with no_call */
                  GValue *slot = arena_alloc (run, 1);

                  g_value_init (slot, G_TYPE_POINTER);
                  ev.value = slot;
                }
              if (sol->extra == NULL)
                sol->extra = g_array_new (FALSE, FALSE, sizeof (ExtraValue));
              g_array_append_val (sol->extra, ev);
              continue;
            }
          g_array_append_val (initial, in);
        }
      if (sol->extra != NULL)
        g_array_sort (sol->extra, extra_cmp);
    }

  /* inputs_dist, for defaults and inputs */
  if (options != NULL)
    for (guint i = 0; i < initial->len; i++)
      {
        Initial *in = &g_array_index (initial, Initial, i);
        const SchedulaDistance *d = schedula_dispatch_options_get_input_dist (options, in->id);

        if (d != NULL)
          in->d = *d;
      }

  if (run->no_call)
    for (guint i = 0; i < initial->len; i++)
      g_array_index (initial, Initial, i).value = NULL;

  /* Wildcards */
  if (wildcard != SCHEDULA_WILDCARD_OFF && g_hash_table_size (output_set) > 0 && inputs != NULL &&
      g_hash_table_size (inputs) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, inputs);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint32 n = _schedula_graph_lookup (g, key);
          gboolean output = g_hash_table_contains (output_set, key) &&
                            _schedula_dispatch_options_may_be_wildcard (options, key);
          gboolean candidate;

          /* an input that is also an output must be a node of the searched
           * graph, computable or not (schedula reads its node, or with
           * wildcard=2 its predecessors, and raises KeyError) */
          candidate = output &&
                      (wildcard != SCHEDULA_WILDCARD_COMPUTABLE || n == SCHEDULA_NO_NODE || n_preds (sol, n) > 0);
          if (!candidate && wait_map != NULL && n != SCHEDULA_NO_NODE && wait_map->flags[n] > 0)
            candidate = TRUE;
          if (!candidate)
            continue;
          if (n == SCHEDULA_NO_NODE)
            {
              g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                           "wildcard input %s is not a node of the model", (const char *) key);
              return FALSE;
            }
          if (!(g->nodes[n].flags & GNODE_WILDCARD_OFF))
            sol->ns[n].flags |= NS_WILDCARD;
        }
    }

  g_array_sort_with_data (initial, initial_cmp, g);
  for (guint i = 0; i < initial->len; i++)
    {
      Initial *in = &g_array_index (initial, Initial, i);
      SchedulaDistance zero = { 0, 0 };

      if (!add_initial_value (sol, in->node, in->value, in->d, FALSE, zero))
        {
          g_propagate_error (error, g_steal_pointer (&run->error));
          return FALSE;
        }
    }
  return TRUE;
}

/* Compiled pipes (schedula's SubDispatchPipe): the visiting order of a
 * no_call dispatch, replayed on new inputs without a search. Each step is a
 * node and the workflow edges its output goes along; a replay visits the
 * steps in order, as schedula's pipe does, and stops at the first step that
 * produces nothing. */

struct _SchedulaPlan
{
  SchedulaSolution *template_sol;  /* the no_call dispatch */
  SolState         *tpl;
  guint32          *nodes;         /* per step */
  guint32          *first;         /* per step (and one more): its first edge in next */
  guint32          *next;          /* the recorded successor edges */
  guint8           *recorded;      /* per edge of the graph: 1 if it is in next */
  guint32          *only_in;       /* per step: for a plain data node whose one
                                    * estimation comes along one edge, that
                                    * edge; else SCHEDULA_NO_NODE */
  guint             n_steps;
};

SchedulaPlan *
_schedula_plan_new (SchedulaSolution *template_sol)
{
  SchedulaPlan *plan = g_new0 (SchedulaPlan, 1);
  SolState *tpl = _schedula_solution_state (template_sol);
  SchedulaRun *run = tpl->run;
  SchedulaGraph *g = tpl->graph;
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint k = 0;

  plan->template_sol = g_object_ref (template_sol);
  plan->tpl = tpl;
  plan->nodes = g_new (guint32, MAX (run->pipe_len, 1));
  plan->first = g_new (guint32, run->pipe_len + 1);
  plan->only_in = g_new (guint32, MAX (run->pipe_len, 1));
  for (guint i = 0; i < run->pipe_len; i++)
    {
      guint32 v = run->pipe[i].node;

      /* steps of the model (child solutions replay by dispatching: see
       * SchedulaPipe), that are still in the workflow */
      if (run->pipe[i].sol != tpl->position || !(tpl->ns[v].flags & NS_WF))
        continue;
      plan->nodes[k] = v;
      plan->first[k] = next->len;
      plan->only_in[k] = SCHEDULA_NO_NODE;
      if (g->nodes[v].kind == SCHEDULA_NODE_KIND_DATA && v != g->start &&
          !(g->nodes[v].flags & GNODE_WAIT) &&
          (g->nodes[v].info == SCHEDULA_NO_NODE || (g->nodes[v].flags & GNODE_PLAIN)) &&
          tpl->ns[v].start_edge == 0 && tpl->wait_map == NULL)
        {
          guint n_in = 0;
          guint32 in = SCHEDULA_NO_NODE;

          for (guint32 p = g->nodes[v].pred; p < g->nodes[v + 1].pred; p++)
            if (tpl->edge_seq[g->pred_edge[p]] != 0)
              {
                in = g->pred_edge[p];
                n_in++;
              }
          if (n_in == 1)
            plan->only_in[k] = in;
        }
      for (guint32 e = g->nodes[v].succ; e < g->nodes[v + 1].succ; e++)
        if (tpl->edge_seq[e] != 0 || v == g->start)
          g_array_append_val (next, e);
      k++;
    }
  plan->n_steps = k;
  plan->first[k] = next->len;
  plan->recorded = g_new0 (guint8, MAX (g->n_edges, 1));
  for (guint j = 0; j < next->len; j++)
    plan->recorded[g_array_index (next, guint32, j)] = 1;
  plan->next = (guint32 *) (void *) g_array_free (g_steal_pointer (&next), FALSE);
  return plan;
}

void
_schedula_plan_free (SchedulaPlan *plan)
{
  g_object_unref (plan->template_sol);
  g_free (plan->nodes);
  g_free (plan->first);
  g_free (plan->only_in);
  g_free (plan->next);
  g_free (plan->recorded);
  g_free (plan);
}

guint
_schedula_plan_get_n_steps (SchedulaPlan *plan)
{
  return plan->n_steps;
}

static SchedulaSolution *
plan_replay (SchedulaPlan        *plan,
             SchedulaDispatcher  *dsp,
             GHashTable          *inputs,
             GCancellable        *cancellable,
             gboolean             record_pipe,
             gboolean            *completed,
             GError             **error)
{
  SolState *tpl = plan->tpl;
  SchedulaGraph *g = tpl->graph;
  SchedulaRun *run;
  SolState *sol;
  g_autoptr(SchedulaSolution) solution = NULL;
  guint ports = g->tree_max_ports + 2;

  run = _schedula_run_new (dsp, _schedula_graph_ref (g), NULL, cancellable);
  solution = _schedula_solution_new (run);
  sol = sol_new (run, g, NULL, SCHEDULA_NO_NODE);
  name_root (sol);
  run->top = sol;
  sol->initialised = TRUE;
  sol->no_domain = FALSE;  /* schedula checks the domains when a pipe runs */
  run->args = g_new0 (const GValue *, ports);
  run->arg_ids = g_new0 (const char *, ports);
  run->arg_nodes = g_new0 (guint32, ports);
  run->arg_seqs = g_new0 (guint32, ports);
  run->call = _schedula_graph_acquire_call (g);
  g_set_object (&run->call->cancellable, cancellable);
  *completed = TRUE;

  /* The inputs and the defaults they do not replace, in the order of a
   * dispatch: by (distance, id) */
  {
    g_autoptr(GArray) initial = g_array_new (FALSE, FALSE, sizeof (Initial));

    if (inputs != NULL)
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, inputs);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            Initial in = { _schedula_graph_lookup (g, key), key, NULL, { 0, 0 } };

            if (value == NULL)
              {
                GValue *slot = arena_alloc (run, 1);

                g_value_init (slot, G_TYPE_POINTER);
                in.value = slot;
              }
            else
              in.value = arena_copy (run, value);
            if (in.node == SCHEDULA_NO_NODE)
              {
                ExtraValue ev = { g_strdup (key), in.value };

                if (sol->extra == NULL)
                  sol->extra = g_array_new (FALSE, FALSE, sizeof (ExtraValue));
                g_array_append_val (sol->extra, ev);
                continue;
              }
            g_array_append_val (initial, in);
          }
        if (sol->extra != NULL)
          g_array_sort (sol->extra, extra_cmp);
      }
    for (guint i = 0; i < g->n_defaults; i++)
      {
        guint32 n = g->defaults[i];
        Initial in = { n, g->ids[n], NULL, g->datas[g->nodes[n].info].initial_dist };

        if (inputs != NULL && g_hash_table_contains (inputs, g->ids[n]))
          continue;
        if (g->nodes[n].flags & GNODE_SELF_DEFAULT)
          {
            GValue *slot = arena_alloc (run, 1);

            g_value_init (slot, SCHEDULA_TYPE_DISPATCHER);
            g_value_set_object (slot, g->dsp);
            in.value = slot;
          }
        else
          in.value = g->datas[g->nodes[n].info].default_value;
        g_array_append_val (initial, in);
      }
    g_array_sort_with_data (initial, initial_cmp, g);
    for (guint i = 0; i < initial->len; i++)
      {
        Initial *in = &g_array_index (initial, Initial, i);

        wf_add_start_edge (sol, in->node, in->value);
        if (tpl->ns[in->node].flags & NS_WILDCARD)
          {
            /* as the compiling dispatch did: the input goes straight to the
             * functions, and the node waits to be computed */
            sol->ns[in->node].flags |= NS_WILDCARD | NS_VISITED;
            for (guint32 e = g->nodes[in->node].succ; e < g->nodes[in->node + 1].succ; e++)
              wf_add_edge (sol, e, in->node, in->value);
          }
      }
  }

  /* The steps */
  for (guint i = 0; i < plan->n_steps; i++)
    {
      guint32 v = plan->nodes[i];
      const guint32 *next = plan->next + plan->first[i];
      guint n_next = plan->first[i + 1] - plan->first[i];
      VisitResult r;

      set_dist (sol, v, &tpl->ns[v].d);
      sol->ns[v].flags |= NS_VISITED;
      if (record_pipe)
        {
          PipeStep step = { sol->position, v };

          if (G_UNLIKELY (run->pipe_len == run->pipe_cap))
            {
              run->pipe_cap = MAX (64, run->pipe_cap * 2);
              run->pipe = g_renew (PipeStep, run->pipe, run->pipe_cap);
            }
          run->pipe[run->pipe_len++] = step;
        }

      if (plan->only_in[i] != SCHEDULA_NO_NODE)
        {
          /* a plain data node with one estimation: its value, sent on */
          guint32 in = plan->only_in[i];
          const GValue *value;

          if (sol->edge_seq[in] == 0)
            {
              *completed = FALSE;
              break;
            }
          value = sol->edge_value[in];
          if (!_schedula_is_none (value))
            set_value (sol, v, value);
          for (guint k = 0; k < n_next; k++)
            wf_add_edge (sol, next[k], v, value);
          continue;
        }
      if (v == g->start)
        {
          /* START sends its NONE to the functions without inputs */
          for (guint k = 0; k < n_next; k++)
            wf_add_edge (sol, next[k], v, _schedula_none_value ());
          continue;
        }
      if (g->nodes[v].kind == SCHEDULA_NODE_KIND_DATA)
        r = data_node_output (sol, v, next, n_next);
      else
        {
          Invocation inv = { NULL, };

          r = function_node_prepare (sol, v, TRUE, &inv);
          if (r == VISIT_OUTPUT)
            {
              invoke (&inv);
              r = function_node_commit (&inv, plan->recorded);
            }
        }
      if (r == VISIT_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&run->error));
          return NULL;
        }
      if (r != VISIT_OUTPUT)
        {
          *completed = FALSE;
          break;
        }
    }
  /* schedula's replay shares the distances of the compiling dispatch
   * (_copy_structure(dist=1)): the nodes after a step that failed keep
   * theirs, in its order (the steps set the others in the same order) */
  if (sol->dist_order.len < tpl->dist_order.len)
    for (guint i = 0; i < tpl->dist_order.len; i++)
      set_dist (sol, tpl->dist_order.data[i], &tpl->ns[tpl->dist_order.data[i]].d);
  g_atomic_int_set (&run->finished, TRUE);
  return g_steal_pointer (&solution);
}

SchedulaSolution *
_schedula_plan_replay (SchedulaPlan        *plan,
                       SchedulaDispatcher  *dsp,
                       GHashTable          *inputs,
                       GCancellable        *cancellable,
                       gboolean             record_pipe,
                       gboolean            *completed,
                       GError             **error)
{
  SchedulaSolution *solution;

  if (!_schedula_depth_enter (error))
    return NULL;
  solution = plan_replay (plan, dsp, inputs, cancellable, record_pipe, completed, error);
  _schedula_depth_leave ();
  return solution;
}

/* Public entry point */

/* A requested output that is not a node of the model is never computed:
 * schedula says nothing (a typo goes unnoticed); the library warns, once
 * per dispatch, naming every such id */
static void
warn_unknown_outputs (SchedulaDispatcher *self,
                      const char *const  *outputs)
{
  g_autoptr(GString) unknown = NULL;
  guint n = 0;

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (_schedula_index_lookup (&self->index, outputs[i]) == NULL)
      {
        if (unknown == NULL)
          unknown = g_string_new (NULL);
        g_string_append_printf (unknown, "%s%s", n++ > 0 ? ", " : "", outputs[i]);
      }
  if (unknown != NULL)
    g_warning ("dispatch of %s: %s %s not a node of the model, so it is never computed",
               self->name != NULL && self->name[0] != '\0' ? self->name : "a dispatcher",
               unknown->str, n > 1 ? "are" : "is");
}

/* Every input value must be a value: NULL stands for None, but an unset
 * GValue is a mistake of the caller's */
static gboolean
check_inputs (GHashTable  *inputs,
              GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (inputs == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, inputs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value != NULL && !_SCHEDULA_VALUE_SET ((const GValue *) value))
      {
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                     "the value of input %s is an unset GValue", (const char *) key);
        return FALSE;
      }
  return TRUE;
}

static SchedulaGraph *
graph_for_dispatch (SchedulaDispatcher       *self,
                    GHashTable               *inputs,
                    const char *const        *outputs,
                    SchedulaDispatchOptions  *options,
                    GError                  **error)
{
  gboolean no_call = options && schedula_dispatch_options_get_no_call (options);
  gboolean shrink = options && schedula_dispatch_options_get_shrink (options);
  SchedulaWildcard wildcard = options ? schedula_dispatch_options_get_wildcard (options)
                                      : SCHEDULA_WILDCARD_OFF;
  g_autofree const char **input_ids = NULL;

  if (no_call)
    return _schedula_dispatcher_get_graph (self);

  if (inputs != NULL)
    input_ids = (const char **) g_hash_table_get_keys_as_array (inputs, NULL);

  if (shrink)
    {
      g_autoptr(SchedulaGraphDesc) desc = NULL;

      desc = _schedula_shrink_desc (self, input_ids, outputs, options, wildcard, error);
      if (desc == NULL)
        return NULL;
      return _schedula_graph_compile (desc);
    }
  if (outputs != NULL && outputs[0] != NULL &&
      !(options && _schedula_dispatch_options_get_no_reduction (options)))
    return _schedula_dispatcher_get_reduction (self, input_ids, outputs, wildcard != SCHEDULA_WILDCARD_OFF);
  return _schedula_dispatcher_get_graph (self);
}

static void
cancel_stop (GCancellable *cancellable,
             GCancellable *stop)
{
  g_cancellable_cancel (stop);
}

/* What a run with an executor needs for its pending calls */
static void
run_start_executor (SchedulaRun             *run,
                    SchedulaExecutor        *executor,
                    SchedulaDispatchOptions *options)
{
  run->executor = g_object_ref (executor);
  run->done = g_async_queue_new ();
  run->bounds = g_new0 (BoundHeap, 1);
  run->stop = g_cancellable_new ();
  if (run->cancellable != NULL)
    run->stop_handler = g_cancellable_connect (run->cancellable, G_CALLBACK (cancel_stop),
                                               run->stop, NULL);
  run->run_ahead = !run->graph->tree_has_negative;
  run->timeout = options != NULL ? schedula_dispatch_options_get_timeout (options) : 0;
  run->speculative = options != NULL && schedula_dispatch_options_get_speculative (options);
}

/* Once every call is committed or cancelled: nothing of the executor stays
 * with the solution */
static void
run_finish_executor (SchedulaRun *run)
{
  if (run->stop_handler != 0)
    g_cancellable_disconnect (run->cancellable, run->stop_handler);
  run->stop_handler = 0;
  g_clear_object (&run->stop);
  g_clear_pointer (&run->done, g_async_queue_unref);
  if (run->bounds != NULL)
    g_free (run->bounds->items);
  g_clear_pointer (&run->bounds, g_free);
  g_clear_pointer (&run->spare_calls, g_ptr_array_unref);
  g_clear_pointer (&run->spec_log, g_array_unref);
  g_clear_object (&run->executor);
}

/* Runs a dispatch to its end or to its failure, and returns its solution:
 * the run's error says why it stopped early. */
static SchedulaSolution *
dispatch_solution (SchedulaDispatcher       *self,
                   SchedulaGraph            *graph,
                   GHashTable               *inputs,
                   const char *const        *outputs,
                   SchedulaDispatchOptions  *options,
                   SchedulaExecutor         *executor,
                   gboolean                  set_solution,
                   GCancellable             *cancellable)
{
  SchedulaWaitMap *wait_map = options ? _schedula_dispatch_options_get_wait_map (options) : NULL;
  SchedulaSolution *solution;
  SchedulaRun *run;

  run = _schedula_run_new (self, graph, options, cancellable);
  solution = _schedula_solution_new (run);
  if (set_solution)
    _schedula_dispatcher_set_solution (self, solution, !graph->tree_has_self);
  if (executor != NULL && !run->no_call)
    run_start_executor (run, executor, options);
  if (options != NULL && schedula_dispatch_options_get_progress (options) != NULL && !run->no_call)
    {
      run->progress = g_object_ref (schedula_dispatch_options_get_progress (options));
      _schedula_progress_begin (run->progress, function_paths (graph));
    }

  if (_schedula_run_init_top (run, inputs, outputs, options, wait_map, &run->error) &&
      _schedula_depth_enter (&run->error))
    {
      run_loop (run);
      _schedula_depth_leave ();
    }
  if (run->executor != NULL)
    run_finish_executor (run);
  fringe_free (run);
  if (run->progress != NULL)
    {
      _schedula_progress_end (run->progress);
      g_clear_object (&run->progress);
    }
  g_atomic_int_set (&run->finished, TRUE);
  return solution;
}

SchedulaSolution *
_schedula_dispatch_internal (SchedulaDispatcher       *self,
                             SchedulaGraph            *graph,
                             GHashTable               *inputs,
                             const char *const        *outputs,
                             SchedulaDispatchOptions  *options,
                             gboolean                  set_solution,
                             GCancellable             *cancellable,
                             GError                  **error)
{
  g_autoptr(SchedulaSolution) solution = NULL;

  solution = dispatch_solution (self, graph, inputs, outputs, options, NULL, set_solution, cancellable);
  if (!schedula_solution_propagate_dispatch_error (solution, error))
    return NULL;
  return g_steal_pointer (&solution);
}

/* The graph a dispatch of @self searches, or NULL with @error set when the
 * dispatch cannot start */
static SchedulaGraph *
prepare_dispatch (SchedulaDispatcher       *self,
                  GHashTable               *inputs,
                  const char *const        *outputs,
                  SchedulaDispatchOptions  *options,
                  SchedulaExecutor        **executor,
                  GError                  **error)
{
  const char *name = options ? schedula_dispatch_options_get_executor (options) : NULL;
  GError *local_error = NULL;

  if (name == NULL)
    name = self->executor;
  *executor = _schedula_executor_for_options (name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (!check_inputs (inputs, error))
    {
      g_clear_object (executor);
      return NULL;
    }
  warn_unknown_outputs (self, outputs);
  return graph_for_dispatch (self, inputs, outputs, options, error);
}

/**
 * schedula_dispatcher_try_dispatch:
 * @self: a #SchedulaDispatcher
 * @inputs: (nullable) (element-type utf8 GValue): input values by data node
 *   id, as for [method@Dispatcher.dispatch]
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute; %NULL
 *   or empty computes everything that can be computed
 * @options: (nullable): the other keywords of schedula's `dispatch`
 * @cancellable: (nullable): a #GCancellable, checked before every function
 *   call
 * @error: return location for a #GError, set only when the dispatch cannot
 *   start
 *
 * Dispatches as [method@Dispatcher.dispatch] does, but returns the solution
 * whether the dispatch completed or stopped on an error:
 * [method@Solution.get_dispatch_error] tells which. This is how to reach the
 * partial solution of a failed dispatch of your own when other threads
 * dispatch the same model.
 *
 * |[<!-- language="C" -->
 * g_autoptr(SchedulaSolution) sol = NULL;
 * g_autoptr(GError) error = NULL;
 *
 * sol = schedula_dispatcher_try_dispatch (dsp, inputs, NULL, NULL, NULL, &error);
 * if (sol == NULL)
 *   g_printerr ("cannot dispatch: %s\n", error->message);
 * else if (!schedula_solution_propagate_dispatch_error (sol, &error))
 *   g_printerr ("stopped with %u values: %s\n",
 *               schedula_solution_get_n_values (sol), error->message);
 * ]|
 *
 * Returns: (transfer full) (nullable): the solution, or %NULL with @error set
 *   when the arguments do not allow a dispatch (an unknown executor, a model
 *   that cannot be shrunk, an unset input value)
 */
SchedulaSolution *
schedula_dispatcher_try_dispatch (SchedulaDispatcher       *self,
                                  GHashTable               *inputs,
                                  const char *const        *outputs,
                                  SchedulaDispatchOptions  *options,
                                  GCancellable             *cancellable,
                                  GError                  **error)
{
  g_autoptr(SchedulaExecutor) executor = NULL;
  SchedulaGraph *graph;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  graph = prepare_dispatch (self, inputs, outputs, options, &executor, error);
  if (graph == NULL)
    {
      g_clear_object (&executor);
      return NULL;
    }
  return dispatch_solution (self, graph, inputs, outputs, options, executor, TRUE, cancellable);
}

/**
 * schedula_dispatcher_dispatch:
 * @self: a #SchedulaDispatcher
 * @inputs: (nullable) (element-type utf8 GValue): input values by data node
 *   id, read during the call only; with the `no-call` option only the ids
 *   matter. A %NULL value is a %NULL pointer value (Python's `None`); an
 *   unset value is an error.
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute; %NULL
 *   or empty computes everything that can be computed
 * @options: (nullable): the other keywords of schedula's `dispatch`
 * @cancellable: (nullable): a #GCancellable, checked before every function
 *   call (schedula's stopper)
 * @error: return location for a #GError
 *
 * Computes the outputs of the model from @inputs, calling functions along the
 * shortest paths, as schedula's `dispatch`. With @outputs, the model is first
 * reduced to what the outputs need, and the search stops as soon as they are
 * all known.
 *
 * A failing node is recorded in the solution and the search goes around it.
 * The dispatch itself fails when the [property@Dispatcher:raises] policy says
 * so, on cancellation (%G_IO_ERROR_CANCELLED: @cancellable was cancelled,
 * or a function failed with that error), on contradictory paths, when
 * an input domain of a function fails, when a function sets an output its
 * node does not declare, or when dispatches nest deeper than
 * [func@get_max_depth]. [method@Dispatcher.try_dispatch] gives the partial
 * solution of a failed dispatch.
 *
 * Returns: (transfer full): the solution, or %NULL with @error set
 */
SchedulaSolution *
schedula_dispatcher_dispatch (SchedulaDispatcher       *self,
                              GHashTable               *inputs,
                              const char *const        *outputs,
                              SchedulaDispatchOptions  *options,
                              GCancellable             *cancellable,
                              GError                  **error)
{
  g_autoptr(SchedulaSolution) solution = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  solution = schedula_dispatcher_try_dispatch (self, inputs, outputs, options, cancellable, error);
  if (solution == NULL || !schedula_solution_propagate_dispatch_error (solution, error))
    return NULL;
  return g_steal_pointer (&solution);
}

/* Dispatches each input set in turn, up to the first dispatch that fails
 * (whose solution is the last of the list) */
static GListModel *
dispatch_sets (SchedulaDispatcher       *self,
               const GValue             *inputs,
               guint                     n_inputs,
               const char *const        *outputs,
               SchedulaDispatchOptions  *options,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_autoptr(GListStore) solutions = g_list_store_new (SCHEDULA_TYPE_SOLUTION);

  for (guint i = 0; i < n_inputs; i++)
    {
      g_autoptr(SchedulaDict) set = schedula_value_dup_dict (&inputs[i], error);
      g_autoptr(GHashTable) table = NULL;
      g_autoptr(SchedulaSolution) sol = NULL;

      if (set == NULL)
        {
          g_prefix_error (error, "input set %u: ", i);
          return NULL;
        }
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint k = 0; k < schedula_dict_get_size (set); k++)
        g_hash_table_insert (table, (gpointer) schedula_dict_get_key (set, k),
                             (gpointer) schedula_dict_get_value (set, k));
      sol = schedula_dispatcher_try_dispatch (self, table, outputs, options, cancellable, error);
      if (sol == NULL)
        {
          g_prefix_error (error, "input set %u: ", i);
          return NULL;
        }
      g_list_store_append (solutions, sol);
      if (schedula_solution_get_dispatch_error (sol) != NULL)
        break;
    }
  return G_LIST_MODEL (g_steal_pointer (&solutions));
}

/**
 * schedula_dispatcher_try_dispatch_batch:
 * @self: a #SchedulaDispatcher
 * @inputs: (array length=n_inputs): the input sets, as for
 *   [method@Dispatcher.dispatch_batch]
 * @n_inputs: the number of input sets
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute, for
 *   every input set
 * @options: (nullable): the other keywords of the dispatches
 * @cancellable: (nullable): a #GCancellable, checked before every function
 *   call
 * @error: return location for a #GError, set only when an input set is not
 *   a mapping or a dispatch cannot start
 *
 * Dispatches the model once per input set, as
 * [method@Dispatcher.try_dispatch] does, and returns the solutions in the
 * order of the input sets. It stops after the first dispatch that fails:
 * its solution, the last of the list, tells why
 * ([method@Solution.get_dispatch_error]).
 *
 * Returns: (transfer full): a list of #SchedulaSolution, or %NULL with
 *   @error set
 */
GListModel *
schedula_dispatcher_try_dispatch_batch (SchedulaDispatcher       *self,
                                        const GValue             *inputs,
                                        guint                     n_inputs,
                                        const char *const        *outputs,
                                        SchedulaDispatchOptions  *options,
                                        GCancellable             *cancellable,
                                        GError                  **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return dispatch_sets (self, inputs, n_inputs, outputs, options, cancellable, error);
}

/**
 * schedula_dispatcher_dispatch_batch:
 * @self: a #SchedulaDispatcher
 * @inputs: (array length=n_inputs): the input sets: each a mapping of data
 *   node ids to values (a [struct@Dict], or a container of a binding that a
 *   value adapter reads as one, see [func@value_register_adapter])
 * @n_inputs: the number of input sets
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute, for
 *   every input set
 * @options: (nullable): the other keywords of the dispatches
 * @cancellable: (nullable): a #GCancellable, checked before every function
 *   call
 * @error: return location for a #GError
 *
 * Dispatches the model once per input set, as many calls to
 * [method@Dispatcher.dispatch] would, and returns the solutions in the order
 * of the input sets. The model is compiled (and reduced to @outputs) once
 * for them all. A dispatch that fails fails the batch, its error prefixed
 * with the position of its input set.
 *
 * Returns: (transfer full): a list of #SchedulaSolution, or %NULL with
 *   @error set
 */
GListModel *
schedula_dispatcher_dispatch_batch (SchedulaDispatcher       *self,
                                    const GValue             *inputs,
                                    guint                     n_inputs,
                                    const char *const        *outputs,
                                    SchedulaDispatchOptions  *options,
                                    GCancellable             *cancellable,
                                    GError                  **error)
{
  g_autoptr(GListModel) solutions = NULL;
  guint n;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  solutions = dispatch_sets (self, inputs, n_inputs, outputs, options, cancellable, error);
  if (solutions == NULL)
    return NULL;
  n = g_list_model_get_n_items (solutions);
  if (n > 0)
    {
      g_autoptr(SchedulaSolution) last = g_list_model_get_item (solutions, n - 1);

      if (!schedula_solution_propagate_dispatch_error (last, error))
        {
          g_prefix_error (error, "input set %u: ", n - 1);
          return NULL;
        }
    }
  return g_steal_pointer (&solutions);
}
