/* test-threads.c: dispatching one model from many threads
 *
 * The documentation promises that any number of threads may dispatch an
 * unchanged model at once. These tests hold the library to it with more
 * distinct (inputs, outputs) sets than its caches keep, so that entries are
 * evicted while other threads use them; they run in the plain build and
 * under ASan+UBSan (tools/test.sh).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"

#define CHAIN 10
#define N_THREADS 8
#define N_DISPATCHES 2000

/* x0 -> f1 -> x1 -> ... -> f10 -> x10, each f adding 1 */
static SchedulaDispatcher *
make_chain (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("chain");

  for (guint i = 1; i <= CHAIN; i++)
    {
      g_autofree char *f = g_strdup_printf ("f%u", i);
      g_autofree char *in = g_strdup_printf ("x%u", i - 1);
      g_autofree char *out = g_strdup_printf ("x%u", i);

      add_fn (dsp, f, fn_inc, NULL, IDS (in), IDS (out));
    }
  return dsp;
}

typedef struct
{
  SchedulaDispatcher *dsp;
  guint               seed;
  guint               n_checked;
  gboolean            queries;   /* also ask for the edges of the model */
} Worker;

/* Dispatches with a different output set (one of 2 x CHAIN: a single node,
 * or a node and the one before it) and input each time, and checks every
 * value the dispatch must have computed. */
static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  GRand *rand = g_rand_new_with_seed (w->seed);

  for (guint n = 0; n < N_DISPATCHES; n++)
    {
      guint target = g_rand_int_range (rand, 1, CHAIN + 1);
      gboolean pair = g_rand_boolean (rand) && target > 1;
      gint64 x0 = g_rand_int_range (rand, -1000, 1000);
      g_autofree char *out = g_strdup_printf ("x%u", target);
      g_autofree char *before = g_strdup_printf ("x%u", target - 1);
      const char *outputs[] = { out, pair ? before : NULL, NULL };
      g_autoptr(GHashTable) inputs = inputs_new ("x0", x0, NULL);
      g_autoptr(SchedulaSolution) sol = dispatch_ok (w->dsp, inputs, outputs, NULL);

      g_assert_cmpint (sol_int (sol, out), ==, x0 + target);
      if (w->queries)
        {
          g_autofree char *f = g_strdup_printf ("f%u", target);
          g_auto(GStrv) succ = schedula_dispatcher_dup_successors (w->dsp, before);
          g_auto(GStrv) pred = schedula_dispatcher_dup_predecessors (w->dsp, out);

          g_assert_cmpstrv (succ, ((const char *const[]) { f, NULL }));
          g_assert_cmpstrv (pred, ((const char *const[]) { f, NULL }));
          g_assert_true (schedula_dispatcher_has_edge (w->dsp, before, f));
          g_assert_false (schedula_dispatcher_has_edge (w->dsp, out, f));
        }
      if (pair)
        g_assert_cmpint (sol_int (sol, before), ==, x0 + target - 1);
      /* the reduction stops at the last target: nothing beyond it */
      for (guint k = target + 1; k <= CHAIN; k++)
        {
          g_autofree char *id = g_strdup_printf ("x%u", k);

          g_assert_null (schedula_solution_lookup (sol, id));
        }
      w->n_checked++;
    }
  g_rand_free (rand);
  return NULL;
}

static void
run_workers_full (SchedulaDispatcher *dsp,
                  gboolean            queries)
{
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    {
      workers[i] = (Worker) { dsp, 1234 + i, 0, queries };
      threads[i] = g_thread_new ("dispatch", worker_run, &workers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (workers[i].n_checked, ==, N_DISPATCHES);
    }
}

static void
run_workers (SchedulaDispatcher *dsp)
{
  run_workers_full (dsp, FALSE);
}

/* 8 threads x 2,000 dispatches over 19 output sets: more than the
 * reduction cache holds */
static void
test_reductions (void)
{
  g_autoptr(SchedulaDispatcher) dsp = make_chain ();

  run_workers (dsp);
}

/* The same after a removal left the nodes' own positions out of date:
 * the threads' reductions refresh them (under the dispatcher's lock) while
 * the others read them, and every thread asks for the model's edges,
 * whose adjacency the first one makes */
static void
test_reductions_after_removal (void)
{
  g_autoptr(SchedulaDispatcher) first = schedula_dispatcher_new ("chain");
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GError) error = NULL;
  const char *gone[] = { "g", "y", NULL };

  /* g, y and z come before the chain's nodes: removing g and y moves them all */
  add_fn (first, "g", fn_inc, NULL, IDS ("y"), IDS ("z"));
  g_assert_true (schedula_dispatcher_remove_nodes (first, gone, &error));
  dsp = g_steal_pointer (&first);
  for (guint i = 1; i <= CHAIN; i++)
    {
      g_autofree char *f = g_strdup_printf ("f%u", i);
      g_autofree char *in = g_strdup_printf ("x%u", i - 1);
      g_autofree char *out = g_strdup_printf ("x%u", i);

      add_fn (dsp, f, fn_inc, NULL, IDS (in), IDS (out));
    }
  g_assert_true (schedula_dispatcher_remove_node (dsp, "z", &error));
  run_workers_full (dsp, TRUE);
}

/* The same through a sub-dispatcher node, whose child graph is compiled
 * into the parent's graphs */
static void
test_reductions_nested (void)
{
  g_autoptr(SchedulaDispatcher) child = make_chain ();
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("parent");
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; i <= CHAIN; i++)
    {
      g_ptr_array_add (pairs, g_strdup_printf ("x%u", i));
      g_ptr_array_add (pairs, g_strdup_printf ("x%u", i));
    }
  g_ptr_array_add (pairs, NULL);
  add_sub_dsp (dsp, "child", child, IDS ("x0", "x0"), (const char *const *) pairs->pdata);
  run_workers (dsp);
}

/* Threads that take and drop the wrappers of one solution's sub-solutions
 * at once: a wrapper may be finalized by one thread while another looks it
 * up; and they all read its full name, which the first to ask makes */
typedef struct
{
  SchedulaSolution *sol;
  guint             n_seen;
} Reader;

static gpointer
reader_run (gpointer data)
{
  Reader *r = data;

  for (guint n = 0; n < N_DISPATCHES * 5; n++)
    {
      g_autoptr(SchedulaSolution) sub = schedula_solution_get_sub_solution (r->sol, "child");
      g_autoptr(SchedulaSolution) parent = NULL;

      g_assert_nonnull (sub);
      g_assert_cmpint (sol_int (sub, "x10"), ==, 10);
      g_assert_cmpstr (schedula_solution_get_full_name (sub)[0], ==, "child");
      g_assert_null (schedula_solution_get_full_name (sub)[1]);
      parent = schedula_solution_get_parent (sub);
      g_assert_true (parent == r->sol);
      r->n_seen++;
    }
  return NULL;
}

static void
test_sub_solution_wrappers (void)
{
  g_autoptr(SchedulaDispatcher) child = make_chain ();
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("parent");
  g_autoptr(GHashTable) inputs = inputs_new ("x0", 0, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  Reader readers[N_THREADS];
  GThread *threads[N_THREADS];

  add_sub_dsp (dsp, "child", child, IDS ("x0", "x0"), IDS ("x10", "y"));
  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    {
      readers[i] = (Reader) { sol, 0 };
      threads[i] = g_thread_new ("reader", reader_run, &readers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (readers[i].n_seen, ==, N_DISPATCHES * 5);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Threads/reductions", test_reductions);
  g_test_add_func ("/Schedula/Threads/reductions-nested", test_reductions_nested);
  g_test_add_func ("/Schedula/Threads/reductions-after-removal", test_reductions_after_removal);
  g_test_add_func ("/Schedula/Threads/sub-solution-wrappers", test_sub_solution_wrappers);
  return g_test_run ();
}
