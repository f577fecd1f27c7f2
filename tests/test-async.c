/* test-async.c: dispatch_async and the progress object
 *
 * The dispatch runs in another thread while the caller's main loop runs;
 * its result, the progress signals and the node states arrive in the
 * caller's main context; functions that must run in their context do;
 * cancellation, errors, many dispatches at once.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "test-common.h"
#include "test-sum.h"

static GThread *main_thread;

/* the sum of the inputs, after sleeping as many milliseconds as the first */
static gboolean
fn_sleep_sum (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 total, ms;

  if (!schedula_call_get_int64 (call, 0, &ms, error) || !call_sum (call, &total, error))
    return FALSE;
  g_usleep (ms * 1000);
  schedula_call_set_output_int64 (call, 0, total);
  return TRUE;
}

static gboolean
fn_fails (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s fails", schedula_call_get_node_id (call));
  return FALSE;
}

/* records whether it ran in the main thread */
static gboolean
fn_where (SchedulaCall *call, gpointer data, GError **error)
{
  gint *in_main = data;

  if (g_thread_self () == main_thread)
    g_atomic_int_inc (in_main);
  schedula_call_set_output_int64 (call, 0, 1);
  return TRUE;
}

static void
add (SchedulaDispatcher *dsp,
     const char         *id,
     SchedulaFunc        func,
     gpointer            data,
     const char *const  *inputs,
     const char *const  *outputs)
{
  g_autoptr(SchedulaFunction) f = schedula_function_new (id, func, data, NULL);
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_add_function (dsp, id, f, inputs, outputs, &error);
  g_assert_no_error (error);
}

/* s0..s5: ms -> o0..o5, and `never`, which nothing feeds */
static SchedulaDispatcher *
sleepers (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("sleepers");

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      g_autofree char *out = g_strdup_printf ("o%u", i);

      add (dsp, id, fn_sleep_sum, NULL, IDS ("ms"), IDS (out));
    }
  add (dsp, "never", fn_sleep_sum, NULL, IDS ("nothing"), IDS ("x"));
  return dsp;
}

typedef struct
{
  GMainLoop        *loop;
  SchedulaSolution *sol;
  GError           *error;
  guint             ticks;      /* main loop iterations while dispatching */
  guint             started;
  guint             finished;
  guint             in_other_thread;
  guint             done_at_callback;
  guint             finished_at_callback;
} Waiter;

static void
waiter_clear (Waiter *w)
{
  g_main_loop_unref (w->loop);
  g_clear_object (&w->sol);
  g_clear_error (&w->error);
}

static void
on_dispatched (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Waiter *w = data;

  if (g_thread_self () != main_thread)
    w->in_other_thread++;
  w->sol = schedula_dispatcher_dispatch_finish (SCHEDULA_DISPATCHER (source), result, &w->error);
  w->finished_at_callback = w->finished;
  g_main_loop_quit (w->loop);
}

static gboolean
tick (gpointer data)
{
  Waiter *w = data;

  w->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_started (SchedulaProgress *progress, SchedulaNodeState *state, gpointer data)
{
  Waiter *w = data;

  if (g_thread_self () != main_thread)
    w->in_other_thread++;
  g_assert_cmpint (schedula_node_state_get_status (state), ==, SCHEDULA_NODE_STATUS_RUNNING);
  w->started++;
}

static void
on_finished (SchedulaProgress *progress, SchedulaNodeState *state, gpointer data)
{
  Waiter *w = data;

  if (g_thread_self () != main_thread)
    w->in_other_thread++;
  g_assert_cmpint (schedula_node_state_get_status (state), !=, SCHEDULA_NODE_STATUS_RUNNING);
  g_assert_cmpfloat (schedula_node_state_get_duration (state), >=, 0);
  w->finished++;
}

/* Runs the main loop until the dispatch is over */
static void
dispatch_and_wait (SchedulaDispatcher      *dsp,
                   GHashTable              *inputs,
                   SchedulaDispatchOptions *options,
                   GCancellable            *cancellable,
                   Waiter                  *w)
{
  guint ticker = g_timeout_add (1, tick, w);

  schedula_dispatcher_dispatch_async (dsp, inputs, NULL, options, cancellable, on_dispatched, w);
  g_main_loop_run (w->loop);
  g_source_remove (ticker);
}

/* The dispatch does not block the main loop; the solution is the
 * synchronous one; the callback runs in the caller's thread */
static void
test_dispatch_async (gconstpointer data)
{
  const char *executor = data;
  g_autoptr(SchedulaDispatcher) dsp = sleepers ();
  g_autoptr(GHashTable) in = inputs_new ("ms", 50, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sync = NULL;
  Waiter w = { g_main_loop_new (NULL, FALSE), };

  schedula_dispatch_options_set_executor (options, executor);
  dispatch_and_wait (dsp, in, options, NULL, &w);
  g_assert_no_error (w.error);
  sync = dispatch_ok (dsp, in, NULL, NULL);
  ASSERT_SOL (w.sol, "ms=50, o0=50, o1=50, o2=50, o3=50, o4=50, o5=50");
  {
    g_autofree char *values = sol_str (w.sol), *sync_values = sol_str (sync);
    g_autofree char *edges = wf_str (w.sol, TRUE), *sync_edges = wf_str (sync, TRUE);

    g_assert_cmpstr (values, ==, sync_values);
    g_assert_cmpstr (edges, ==, sync_edges);
  }
  g_assert_cmpuint (w.in_other_thread, ==, 0);
  g_assert_cmpuint (w.ticks, >, 0);
  waiter_clear (&w);
}

/* The progress object: signals, counts and states change in the main
 * context, and all of them before the dispatch's callback */
static void
test_progress_async (gconstpointer data)
{
  const char *executor = data;
  g_autoptr(SchedulaDispatcher) dsp = sleepers ();
  g_autoptr(GHashTable) in = inputs_new ("ms", 20, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaProgress) progress = schedula_progress_new ();
  Waiter w = { g_main_loop_new (NULL, FALSE), };
  guint n_items;

  g_signal_connect (progress, "node-started", G_CALLBACK (on_started), &w);
  g_signal_connect (progress, "node-finished", G_CALLBACK (on_finished), &w);
  schedula_dispatch_options_set_executor (options, executor);
  schedula_dispatch_options_set_progress (options, progress);
  dispatch_and_wait (dsp, in, options, NULL, &w);
  g_assert_no_error (w.error);

  g_assert_cmpuint (w.in_other_thread, ==, 0);
  g_assert_cmpuint (w.started, ==, 6);
  g_assert_cmpuint (w.finished_at_callback, ==, 6);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (progress));
  g_assert_cmpuint (n_items, ==, 7);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (progress)) == SCHEDULA_TYPE_NODE_STATE);
  g_assert_cmpuint (schedula_progress_get_n_done (progress), ==, 6);
  g_assert_cmpuint (schedula_progress_get_n_running (progress), ==, 0);
  g_assert_cmpuint (schedula_progress_get_n_failed (progress), ==, 0);
  g_assert_cmpuint (schedula_progress_get_n_skipped (progress), ==, 1);
  g_assert_false (schedula_progress_get_dispatching (progress));
  g_assert_cmpint (schedula_node_state_get_status (schedula_progress_lookup (progress, "never")), ==,
                   SCHEDULA_NODE_STATUS_SKIPPED);
  g_assert_cmpint (schedula_node_state_get_status (schedula_progress_lookup (progress, "s3")), ==,
                   SCHEDULA_NODE_STATUS_DONE);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SchedulaNodeState) state = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert_true (schedula_progress_lookup (progress, schedula_node_state_get_path (state)) == state);
    }
  waiter_clear (&w);
}

/* A call is QUEUED until a thread of the executor takes it: with two
 * threads, two run at most, and the others wait their turn */
typedef struct
{
  guint max_running;
  guint max_queued;
  guint started;
} Turns;

static void
on_turn (SchedulaProgress *progress, SchedulaNodeState *state, gpointer data)
{
  Turns *t = data;

  t->started++;
  t->max_running = MAX (t->max_running, schedula_progress_get_n_running (progress));
  t->max_queued = MAX (t->max_queued, schedula_progress_get_n_queued (progress));
}

static SchedulaExecutor *
make_two_threads (const char *name, gpointer data)
{
  return schedula_thread_executor_new (name, 2);
}

static void
test_progress_queued (void)
{
  g_autoptr(SchedulaDispatcher) dsp = sleepers ();
  g_autoptr(GHashTable) in = inputs_new ("ms", 50, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaProgress) progress = schedula_progress_new ();
  Waiter w = { g_main_loop_new (NULL, FALSE), };
  Turns t = { 0, };

  schedula_executor_register ("two-threads", make_two_threads, NULL, NULL);
  g_signal_connect (progress, "node-started", G_CALLBACK (on_turn), &t);
  schedula_dispatch_options_set_executor (options, "two-threads");
  schedula_dispatch_options_set_progress (options, progress);
  dispatch_and_wait (dsp, in, options, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (t.started, ==, 6);
  g_assert_cmpuint (t.max_running, <=, 2);
  g_assert_cmpuint (t.max_queued, >=, 1);
  g_assert_cmpuint (schedula_progress_get_n_queued (progress), ==, 0);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      SchedulaNodeState *state = schedula_progress_lookup (progress, id);

      /* from the start of the call, not from the hand-over */
      g_assert_cmpfloat (schedula_node_state_get_duration (state), <, 6 * 0.050);
    }
  waiter_clear (&w);
  g_assert_true (schedula_shutdown_executor ("two-threads"));
}

/* A dispatch in the thread of the progress object's context reports as it
 * goes: a function sees its own state running */
static gboolean
fn_sees_running (SchedulaCall *call, gpointer data, GError **error)
{
  SchedulaProgress *progress = data;
  const char *id = schedula_call_get_node_id (call);
  g_autofree char *in_sub = g_strconcat ("sub/", id, NULL);
  SchedulaNodeState *state = schedula_progress_lookup (progress, id);

  if (state == NULL)
    state = schedula_progress_lookup (progress, in_sub);

  g_assert_nonnull (state);
  g_assert_cmpint (schedula_node_state_get_status (state), ==, SCHEDULA_NODE_STATUS_RUNNING);
  g_assert_true (schedula_progress_get_dispatching (progress));
  schedula_call_set_output_int64 (call, 0, 1);
  return TRUE;
}

static void
test_progress_sync (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("sync");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaProgress) progress = schedula_progress_new ();
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaMapping) map_in = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) map_out = schedula_mapping_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "f", "bad", "sub/g", NULL };
  Waiter w = { g_main_loop_new (NULL, FALSE), };
  const GError *e;

  add (dsp, "f", fn_sees_running, progress, IDS ("a"), IDS ("b"));
  add (dsp, "bad", fn_fails, NULL, IDS ("a"), IDS ("c"));
  add (child, "g", fn_sees_running, progress, IDS ("x"), IDS ("y"));
  schedula_mapping_add (map_in, "b", "x");
  schedula_mapping_add (map_out, "y", "d");
  schedula_dispatcher_add_dispatcher (dsp, "sub", child, map_in, map_out, &error);
  g_assert_no_error (error);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  g_signal_connect (progress, "node-started", G_CALLBACK (on_started), &w);
  g_signal_connect (progress, "node-finished", G_CALLBACK (on_finished), &w);
  schedula_dispatch_options_set_progress (options, progress);

  sol = dispatch_ok (dsp, in, NULL, options);
  ASSERT_SOL (sol, "a=1, b=1, d=1");
  /* every report arrived during the dispatch: nothing is left queued */
  g_assert_false (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (w.started, ==, 3);
  g_assert_cmpuint (w.finished, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 3);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autoptr(SchedulaNodeState) state = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert_cmpstr (schedula_node_state_get_path (state), ==, expected[i]);
    }
  g_assert_cmpstr (schedula_node_state_get_node_id (schedula_progress_lookup (progress, "sub/g")), ==, "g");
  e = schedula_node_state_get_error (schedula_progress_lookup (progress, "bad"));
  g_assert_error (e, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (e->message, ==, "bad fails");
  g_assert_cmpint (schedula_node_state_get_status (schedula_progress_lookup (progress, "bad")), ==,
                   SCHEDULA_NODE_STATUS_FAILED);
  g_assert_cmpuint (schedula_progress_get_n_failed (progress), ==, 1);
  g_assert_cmpuint (schedula_progress_get_n_done (progress), ==, 2);

  /* the next dispatch starts the list over */
  g_clear_object (&sol);
  g_hash_table_remove (in, "a");
  sol = dispatch_ok (dsp, in, NULL, options);
  g_assert_cmpuint (schedula_progress_get_n_done (progress), ==, 0);
  g_assert_cmpuint (schedula_progress_get_n_failed (progress), ==, 0);
  g_assert_cmpuint (schedula_progress_get_n_skipped (progress), ==, 3);
  g_assert_null (schedula_node_state_get_error (schedula_progress_lookup (progress, "bad")));
  waiter_clear (&w);
}

/* Functions marked MAIN_CONTEXT run in the caller's thread, the others in
 * the executor's */
static void
test_main_context (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("where");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaFunction) pinned = NULL;
  g_autoptr(GError) error = NULL;
  gint pinned_in_main = 0, free_in_main = 0;
  Waiter w = { g_main_loop_new (NULL, FALSE), };

  pinned = schedula_function_new ("pinned", fn_where, &pinned_in_main, NULL);
  schedula_function_set_flags (pinned, SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *out = g_strdup_printf ("x%u", i);
      g_autofree char *free_id = g_strdup_printf ("f%u", i);
      g_autofree char *free_out = g_strdup_printf ("y%u", i);

      schedula_dispatcher_add_function (dsp, id, pinned, IDS ("a"), IDS (out), &error);
      g_assert_no_error (error);
      add (dsp, free_id, fn_where, &free_in_main, IDS ("a"), IDS (free_out));
    }
  schedula_dispatch_options_set_executor (options, "async");
  dispatch_and_wait (dsp, in, options, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (schedula_solution_get_n_values (w.sol), ==, 9);
  g_assert_cmpint (pinned_in_main, ==, 4);
  g_assert_cmpint (free_in_main, ==, 0);
  waiter_clear (&w);
}

/* A lone MAIN_CONTEXT call, which nothing could run beside: it is still
 * posted to its context (the dispatch thread does not own it), and the
 * context's ownership stays balanced */
static void
test_main_context_single (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("lone");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaFunction) pinned = NULL;
  g_autoptr(GError) error = NULL;
  gint in_main = 0;

  pinned = schedula_function_new ("pinned", fn_where, &in_main, NULL);
  schedula_function_set_flags (pinned, SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT);
  schedula_dispatcher_add_function (dsp, "p", pinned, IDS ("a"), IDS ("x"), &error);
  g_assert_no_error (error);
  schedula_dispatch_options_set_executor (options, "async");
  for (guint round = 0; round < 3; round++)
    {
      Waiter w = { g_main_loop_new (NULL, FALSE), };

      dispatch_and_wait (dsp, in, options, NULL, &w);
      g_assert_no_error (w.error);
      ASSERT_SOL (w.sol, "a=1, x=1");
      waiter_clear (&w);
      /* this thread can still own the default context, and let it go */
      g_assert_true (g_main_context_acquire (NULL));
      g_main_context_release (NULL);
    }
  g_assert_cmpint (in_main, ==, 3);
}

/* Cancelling stops the dispatch: its error says which calls never ran, and
 * the progress object marks them failed */
static void
on_first_finished_cancel (SchedulaProgress *progress, SchedulaNodeState *state, gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancel (gconstpointer data)
{
  const char *executor = data;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("chain");
  g_autoptr(GHashTable) in = inputs_new ("ms", 30, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaProgress) progress = schedula_progress_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiter w = { g_main_loop_new (NULL, FALSE), };

  /* a chain of 20 calls of 30 ms: the first to finish cancels */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%02u", i);
      g_autofree char *in_id = i == 0 ? g_strdup ("ms") : g_strdup_printf ("v%02u", i - 1);
      g_autofree char *out = g_strdup_printf ("v%02u", i);

      add (dsp, id, fn_sleep_sum, NULL, IDS (in_id), IDS (out));
    }
  g_signal_connect (progress, "node-finished", G_CALLBACK (on_first_finished_cancel), cancellable);
  schedula_dispatch_options_set_executor (options, executor);
  schedula_dispatch_options_set_progress (options, progress);
  dispatch_and_wait (dsp, in, options, cancellable, &w);
  g_assert_null (w.sol);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* the chain was stopped early, and everything settled before the callback */
  g_assert_cmpuint (schedula_progress_get_n_done (progress), <, 20);
  g_assert_cmpuint (schedula_progress_get_n_running (progress), ==, 0);
  g_assert_false (schedula_progress_get_dispatching (progress));
  g_assert_cmpuint (schedula_progress_get_n_done (progress) + schedula_progress_get_n_failed (progress) +
                    schedula_progress_get_n_skipped (progress), ==, 20);
  waiter_clear (&w);
}

/* What dispatch() fails with, dispatch_finish() fails with */
static void
test_errors (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("errors");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  Waiter w = { g_main_loop_new (NULL, FALSE), };

  add (dsp, "bad", fn_fails, NULL, IDS ("a"), IDS ("b"));

  schedula_dispatch_options_set_executor (options, "no-such-executor");
  dispatch_and_wait (dsp, in, options, NULL, &w);
  g_assert_null (w.sol);
  g_assert_nonnull (w.error);
  ASSERT_CONTAINS (w.error->message, "no-such-executor");
  g_clear_error (&w.error);

  schedula_dispatch_options_set_executor (options, "async");
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  dispatch_and_wait (dsp, in, options, NULL, &w);
  g_assert_null (w.sol);
  g_assert_error (w.error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (w.error->message, "Failed DISPATCHING 'bad' due to:\n  bad fails");
  /* the failed dispatch's solution stays with the dispatcher */
  {
    g_autoptr(SchedulaSolution) last = schedula_dispatcher_get_solution (dsp);

    g_assert_nonnull (last);
    g_assert_nonnull (schedula_solution_get_error (last, "bad"));
  }
  waiter_clear (&w);
}

/* try_dispatch_async: the solution of a dispatch that stopped, its own */
static void
on_tried (GObject *source, GAsyncResult *result, gpointer data)
{
  Waiter *w = data;

  w->sol = schedula_dispatcher_try_dispatch_finish (SCHEDULA_DISPATCHER (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
test_try_dispatch_async (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("try");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  Waiter w = { g_main_loop_new (NULL, FALSE), };
  const GError *e;

  add (dsp, "ok", fn_sleep_sum, NULL, IDS ("a"), IDS ("b"));
  add (dsp, "bad", fn_fails, NULL, IDS ("b"), IDS ("c"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  schedula_dispatch_options_set_executor (options, "async");
  schedula_dispatcher_try_dispatch_async (dsp, in, NULL, options, NULL, on_tried, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  ASSERT_SOL (w.sol, "a=1, b=1");
  e = schedula_solution_get_dispatch_error (w.sol);
  g_assert_error (e, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED);
  ASSERT_CONTAINS (e->message, "bad fails");
  g_clear_object (&w.sol);

  /* a dispatch that cannot start: the error, and no solution */
  schedula_dispatch_options_set_executor (options, "no-such-executor");
  schedula_dispatcher_try_dispatch_async (dsp, in, NULL, options, NULL, on_tried, &w);
  g_main_loop_run (w.loop);
  g_assert_null (w.sol);
  g_assert_error (w.error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT);
  waiter_clear (&w);
}

/* Many dispatches of one model at once, each with its own inputs */
typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      wrong;
} Many;

static void
on_many (GObject *source, GAsyncResult *result, gpointer data)
{
  Many *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch_finish (SCHEDULA_DISPATCHER (source),
                                                                        result, &error);

  /* each solution has its own inputs: o5 is its ms */
  if (sol == NULL || sol_int (sol, "o5") != g_value_get_int64 (schedula_solution_lookup (sol, "ms")))
    m->wrong++;
  if (--m->pending == 0)
    g_main_loop_quit (m->loop);
}

static void
test_many (void)
{
  g_autoptr(SchedulaDispatcher) dsp = sleepers ();
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  Many m = { g_main_loop_new (NULL, FALSE), 0, 0 };

  schedula_dispatch_options_set_executor (options, "async");
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GHashTable) in = inputs_new ("ms", (gint64) (i % 4), NULL);

      m.pending++;
      schedula_dispatcher_dispatch_async (dsp, in, NULL, i % 2 ? options : NULL, NULL, on_many, &m);
    }
  g_main_loop_run (m.loop);
  g_assert_cmpuint (m.wrong, ==, 0);
  g_main_loop_unref (m.loop);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add_data_func ("/Schedula/Async/dispatch/sync", NULL, test_dispatch_async);
  g_test_add_data_func ("/Schedula/Async/dispatch/async", "async", test_dispatch_async);
  g_test_add_data_func ("/Schedula/Async/progress/sync", NULL, test_progress_async);
  g_test_add_data_func ("/Schedula/Async/progress/async", "async", test_progress_async);
  g_test_add_func ("/Schedula/Async/progress/same-thread", test_progress_sync);
  g_test_add_func ("/Schedula/Async/progress/queued", test_progress_queued);
  g_test_add_func ("/Schedula/Async/main-context", test_main_context);
  g_test_add_func ("/Schedula/Async/main-context-single", test_main_context_single);
  g_test_add_data_func ("/Schedula/Async/cancel/sync", NULL, test_cancel);
  g_test_add_data_func ("/Schedula/Async/cancel/async", "async", test_cancel);
  g_test_add_func ("/Schedula/Async/errors", test_errors);
  g_test_add_func ("/Schedula/Async/try-dispatch", test_try_dispatch_async);
  g_test_add_func ("/Schedula/Async/many", test_many);
  return g_test_run ();
}
