/* test-executors.c: dispatching with executors gives the synchronous
 * solution and calls the same functions; workers that crash, exit or hang
 * fail their node only; cancellation; the registry
 *
 * The node functions come from libschedula-test-functions.so
 * (test-functions.c) with references c:MODULE:SYMBOL, so that the worker
 * processes of `parallel` and `parallel-pool` run them too.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <dirent.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "test-common.h"
#include "test-sum.h"

static char *module_path;

/* The function SYMBOL of the test module, by its reference (named as the
 * symbol: the nodes give their own ids) */
static SchedulaFunction *
tfn (const char *name,
     const char *symbol)
{
  g_autofree char *ref = g_strdup_printf ("c:%s:%s", module_path, symbol);
  g_autoptr(GError) error = NULL;
  SchedulaFunction *f = schedula_function_new_for_ref (ref, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (schedula_function_get_ref (f), ==, ref);
  return f;
}

static SchedulaFunctionNode *
add_tfn (SchedulaDispatcher *dsp,
         const char         *id,
         const char         *symbol,
         const char *const  *inputs,
         const char *const  *outputs)
{
  g_autoptr(SchedulaFunction) f = tfn (id, symbol);
  g_autoptr(GError) error = NULL;
  SchedulaFunctionNode *node = schedula_dispatcher_add_function (dsp, id, f, inputs, outputs, &error);

  g_assert_no_error (error);
  return node;
}

/* A reference that names no function: an error that says why */
static void
test_function_for_ref (void)
{
  g_autofree char *no_symbol = g_strdup_printf ("c:%s:tf_nothing", module_path);
  struct { const char *ref; const char *message; } cases[] = {
    { "python:mod:f", "a C function reference is c:LIBRARY:SYMBOL, not python:mod:f" },
    { "c:libm.so.6", "a C function reference is c:LIBRARY:SYMBOL, not c:libm.so.6" },
    { "c::f", "a C function reference is c:LIBRARY:SYMBOL, not c::f" },
    { "c:/nonexistent/libx.so:f", "cannot open /nonexistent/libx.so" },
    { no_symbol, "has no symbol tf_nothing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaFunction) f = schedula_function_new_for_ref (cases[i].ref, &error);

      g_assert_null (f);
      g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL);
      ASSERT_CONTAINS (error->message, cases[i].message);
    }
}

/* ------------------------------------------------------------------ */
/* A counting executor: what the loop hands over                       */
/* ------------------------------------------------------------------ */

#define TEST_TYPE_COUNTING (test_counting_get_type ())
G_DECLARE_FINAL_TYPE (TestCounting, test_counting, TEST, COUNTING, SchedulaExecutor)

struct _TestCounting
{
  SchedulaExecutor  parent_instance;
  SchedulaExecutor *inner;   /* NULL: run in the loop's thread at once */
  GMutex            lock;
  GPtrArray        *calls;   /* node paths */
};

G_DEFINE_FINAL_TYPE (TestCounting, test_counting, SCHEDULA_TYPE_EXECUTOR)

static void
counting_submit (SchedulaExecutor *executor,
                 SchedulaTask     *task)
{
  TestCounting *self = TEST_COUNTING (executor);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->calls, g_strdup (schedula_task_get_node_path (task)));
  g_mutex_unlock (&self->lock);
  if (self->inner != NULL)
    schedula_executor_submit (self->inner, task);
  else
    schedula_task_run (task);
}

/* The inner executor's run_here, counted the same way: the dispatch calls
 * it for a call nothing could run beside */
static void
counting_run_here (SchedulaExecutor *executor,
                   SchedulaTask     *task)
{
  TestCounting *self = TEST_COUNTING (executor);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->calls, g_strdup (schedula_task_get_node_path (task)));
  g_mutex_unlock (&self->lock);
  if (self->inner != NULL && SCHEDULA_EXECUTOR_GET_CLASS (self->inner)->run_here != NULL)
    SCHEDULA_EXECUTOR_GET_CLASS (self->inner)->run_here (self->inner, task);
  else if (self->inner != NULL)
    g_error ("count-%s: run_here without an inner run_here", schedula_executor_get_name (self->inner));
  else
    schedula_task_run (task);
}

static void
test_counting_finalize (GObject *object)
{
  TestCounting *self = TEST_COUNTING (object);

  g_clear_object (&self->inner);
  g_ptr_array_unref (self->calls);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (test_counting_parent_class)->finalize (object);
}

static void
test_counting_class_init (TestCountingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counting_finalize;
  SCHEDULA_EXECUTOR_CLASS (klass)->submit = counting_submit;
  SCHEDULA_EXECUTOR_CLASS (klass)->run_here = counting_run_here;
}

static void
test_counting_init (TestCounting *self)
{
  g_mutex_init (&self->lock);
  self->calls = g_ptr_array_new_with_free_func (g_free);
}

/* count-NAME counts what it hands to the executor NAME (none: inline) */
static SchedulaExecutor *
make_counting (const char *name,
               gpointer    user_data)
{
  TestCounting *self = g_object_new (TEST_TYPE_COUNTING, "name", name, NULL);

  if (user_data != NULL)
    self->inner = schedula_executor_get (user_data, NULL);
  return SCHEDULA_EXECUTOR (self);
}

/* The sorted calls counted by executor @name since the last time */
static char *
take_calls (const char *name)
{
  g_autoptr(SchedulaExecutor) e = schedula_executor_get (name, NULL);
  TestCounting *self = TEST_COUNTING (e);
  g_autoptr(GPtrArray) calls = NULL;

  g_mutex_lock (&self->lock);
  calls = self->calls;
  self->calls = g_ptr_array_new_with_free_func (g_free);
  g_mutex_unlock (&self->lock);
  g_ptr_array_sort (calls, cmp_strp);
  g_ptr_array_add (calls, NULL);
  return g_strjoinv (", ", (char **) calls->pdata);
}

/* ------------------------------------------------------------------ */
/* What a solution says, whole                                         */
/* ------------------------------------------------------------------ */

static char *
solution_text (SchedulaSolution *sol)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GListModel) subs = schedula_solution_get_sub_solutions (sol);
  const GError *e = schedula_solution_get_dispatch_error (sol);

  append_solution_text (s, sol);
  for (guint i = 0; i < g_list_model_get_n_items (subs); i++)
    {
      g_autoptr(SchedulaSolution) sub = g_list_model_get_item (subs, i);

      append_solution_text (s, sub);
    }
  if (e != NULL)
    g_string_append_printf (s, "dispatch error: %s\n", e->message);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Random models                                                       */
/* ------------------------------------------------------------------ */

static gboolean
dom_even_sum (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 total;

  return call_sum (call, &total, error) && total % 2 == 0;
}

static gboolean
comb_max (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 best = G_MININT64;

  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    {
      gint64 x;

      if (!schedula_call_get_int64 (call, i, &x, error))
        return FALSE;
      best = MAX (best, x);
    }
  schedula_call_set_output_int64 (call, 0, best);
  return TRUE;
}

static const char *
pick (GRand      *rand,
      GPtrArray  *ids)
{
  return ids->pdata[g_rand_int_range (rand, 0, ids->len)];
}

/* A random model of @n_data data nodes and @n_funcs functions, with
 * weights (ties included), failing functions, domains, defaults, waiting
 * nodes; ids are prefixed with @prefix */
static SchedulaDispatcher *
random_model (GRand      *rand,
              const char *name,
              guint       n_data,
              guint       n_funcs,
              GPtrArray  *data_ids)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (name);
  g_autoptr(SchedulaFunction) domain = schedula_function_new_predicate ("even", dom_even_sum, NULL, NULL);
  g_autoptr(SchedulaFunction) combiner = fn ("max", comb_max);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_data; i++)
    g_ptr_array_add (data_ids, g_strdup_printf ("d%u", i));
  for (guint i = 0; i < n_funcs; i++)
    {
      g_autofree char *id = g_strdup_printf ("f%u", i);
      guint n_in = g_rand_int_range (rand, 1, 4), n_out = g_rand_int_range (rand, 1, 3);
      g_autoptr(GPtrArray) ins = g_ptr_array_new ();
      g_autoptr(GPtrArray) outs = g_ptr_array_new ();
      SchedulaFunctionNode *node;

      for (guint k = 0; k < n_in; k++)
        {
          const char *d = pick (rand, data_ids);

          if (!g_ptr_array_find_with_equal_func (ins, d, g_str_equal, NULL))
            g_ptr_array_add (ins, (gpointer) d);
        }
      for (guint k = 0; k < n_out; k++)
        {
          const char *d = pick (rand, data_ids);

          if (!g_ptr_array_find_with_equal_func (ins, d, g_str_equal, NULL) &&
              !g_ptr_array_find_with_equal_func (outs, d, g_str_equal, NULL))
            g_ptr_array_add (outs, (gpointer) d);
        }
      if (outs->len == 0)
        continue;
      g_ptr_array_add (ins, NULL);
      g_ptr_array_add (outs, NULL);
      node = add_tfn (dsp, id, g_rand_int_range (rand, 0, 10) == 0 ? "tf_fail" : "tf_sum",
                      (const char *const *) ins->pdata, (const char *const *) outs->pdata);
      if (g_rand_int_range (rand, 0, 3) == 0)
        schedula_function_node_set_weight (node, g_rand_int_range (rand, 0, 3));
      if (g_rand_int_range (rand, 0, 4) == 0)
        schedula_function_node_set_input_weight (node, ins->pdata[0], g_rand_int_range (rand, 0, 3), &error);
      if (g_rand_int_range (rand, 0, 4) == 0)
        schedula_function_node_set_output_weight (node, outs->pdata[0], g_rand_int_range (rand, 0, 4), &error);
      if (g_rand_int_range (rand, 0, 5) == 0)
        schedula_function_node_set_input_domain (node, domain);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n_data; i++)
    {
      SchedulaNode *d = schedula_dispatcher_lookup_node (dsp, data_ids->pdata[i]);
      guint r = g_rand_int_range (rand, 0, 10);

      /* every id is a node, so that mappings and outputs may name any */
      if (d == NULL)
        {
          d = SCHEDULA_NODE (schedula_dispatcher_add_data (dsp, data_ids->pdata[i], NULL, &error));
          g_assert_no_error (error);
        }
      if (!SCHEDULA_IS_DATA_NODE (d))
        continue;
      if (r == 0)
        add_data_int (dsp, data_ids->pdata[i], g_rand_int_range (rand, 0, 9), g_rand_int_range (rand, 0, 3));
      else if (r == 1)
        g_object_set (d, "wait-inputs", TRUE, "combiner", combiner, NULL);
    }
  return dsp;
}

/* A random model with, sometimes, a child of its own */
static SchedulaDispatcher *
random_case (GRand       *rand,
             GHashTable **inputs_out,
             GStrv       *outputs_out)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  SchedulaDispatcher *dsp = random_model (rand, "top", g_rand_int_range (rand, 4, 12),
                                          g_rand_int_range (rand, 3, 12), ids);
  GHashTable *inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  g_autoptr(GStrvBuilder) outputs = g_strv_builder_new ();
  guint n_in = g_rand_int_range (rand, 1, 4);

  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      g_autoptr(GPtrArray) child_ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(SchedulaDispatcher) child = random_model (rand, "child", g_rand_int_range (rand, 3, 8),
                                                          g_rand_int_range (rand, 2, 7), child_ids);
      const char *in_pairs[] = { pick (rand, ids), pick (rand, child_ids),
                                 pick (rand, ids), pick (rand, child_ids), NULL };
      g_autofree char *out1 = g_strdup_printf ("c%u", g_rand_int_range (rand, 0, 3));
      const char *out_pairs[] = { pick (rand, child_ids), out1, pick (rand, child_ids), pick (rand, ids), NULL };

      if (g_str_equal (in_pairs[0], in_pairs[2]))
        in_pairs[2] = NULL;
      /* half of the children have a child of their own: a closed child
       * leaves its empty ones open (close_sol ()) */
      if (g_rand_int_range (rand, 0, 2) == 0)
        {
          g_autoptr(GPtrArray) gc_ids = g_ptr_array_new_with_free_func (g_free);
          g_autoptr(SchedulaDispatcher) gc = random_model (rand, "grandchild", g_rand_int_range (rand, 3, 6),
                                                           g_rand_int_range (rand, 2, 5), gc_ids);
          const char *gc_in[] = { pick (rand, child_ids), pick (rand, gc_ids), NULL };
          const char *gc_out[] = { pick (rand, gc_ids), pick (rand, child_ids), NULL };

          add_sub_dsp (child, "gsub", gc, gc_in, gc_out);
        }
      add_sub_dsp (dsp, "sub", child, in_pairs, out_pairs);
    }
  for (guint i = 0; i < n_in; i++)
    {
      const char *id = pick (rand, ids);

      if (!g_hash_table_contains (inputs, id))
        g_hash_table_insert (inputs, g_strdup (id), value_new_int (g_rand_int_range (rand, -5, 10)));
    }
  if (g_rand_boolean (rand))
    for (guint i = 0; i < (guint) g_rand_int_range (rand, 1, 3); i++)
      {
        const char *id = pick (rand, ids);

        g_strv_builder_add (outputs, id);
      }
  schedula_dispatcher_set_raises (dsp, g_rand_int_range (rand, 0, 6) == 0 ? SCHEDULA_RAISES_RAISE
                                                                          : SCHEDULA_RAISES_RECORD_SILENTLY);
  *inputs_out = inputs;
  *outputs_out = g_strv_builder_end (outputs);
  return dsp;
}

static char *
dispatch_text_full (SchedulaDispatcher *dsp,
                    GHashTable         *inputs,
                    const char *const  *outputs,
                    const char         *executor,
                    gboolean            speculative)
{
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;

  schedula_dispatch_options_set_executor (options, executor);
  schedula_dispatch_options_set_speculative (options, speculative);
  sol = schedula_dispatcher_try_dispatch (dsp, inputs, outputs[0] ? outputs : NULL, options, NULL, &error);
  g_assert_no_error (error);
  return solution_text (sol);
}

static char *
dispatch_text (SchedulaDispatcher *dsp,
               GHashTable         *inputs,
               const char *const  *outputs,
               const char         *executor)
{
  return dispatch_text_full (dsp, inputs, outputs, executor, FALSE);
}

/* Whether every call of @calls is in @more (both sorted lists "a, b, c") */
static gboolean
calls_within (const char *calls,
              const char *more)
{
  g_auto(GStrv) a = g_strsplit (calls, ", ", -1);
  g_auto(GStrv) b = g_strsplit (more, ", ", -1);

  for (guint i = 0; a[i] != NULL; i++)
    if (a[i][0] != '\0' && !g_strv_contains ((const char *const *) b, a[i]))
      return FALSE;
  return TRUE;
}

/* Every executor gives the synchronous solution and makes the same calls */
static void
test_differential (void)
{
  const char *executors[] = { "count-async", "count-parallel-pool", "count-parallel" };
  guint n_models = g_test_slow () ? 1000 : 500;
  guint n_calls = 0, n_errors = 0, n_subs = 0, n_extra = 0;
  /* another seed, to explore: TEST_EXECUTORS_SEED=n */
  const char *seed = g_getenv ("TEST_EXECUTORS_SEED");
  GRand *rand = g_rand_new_with_seed (seed != NULL ? (guint32) g_ascii_strtoull (seed, NULL, 10) : 20261207);

  for (guint m = 0; m < n_models; m++)
    {
      g_autoptr(GHashTable) inputs = NULL;
      g_auto(GStrv) outputs = NULL;
      g_autoptr(SchedulaDispatcher) dsp = random_case (rand, &inputs, &outputs);
      g_autofree char *sync = dispatch_text (dsp, inputs, (const char *const *) outputs, NULL);
      g_autofree char *inline_run = dispatch_text (dsp, inputs, (const char *const *) outputs, "count-inline");
      g_autofree char *calls = take_calls ("count-inline");

      g_assert_cmpstr (inline_run, ==, sync);
      n_calls += calls[0] ? g_strv_length ((char **) IDS (calls)) : 0;
      if (strstr (sync, " error ") != NULL)
        n_errors++;
      if (strstr (sync, "[sub]") != NULL)
        n_subs++;
      for (guint k = 0; k < G_N_ELEMENTS (executors); k++)
        {
          /* the process executors on every fifth model: they spawn */
          g_autofree char *other = NULL;
          g_autofree char *other_calls = NULL;

          if (k == 2 && m % 5 != 0)
            continue;
          other = dispatch_text (dsp, inputs, (const char *const *) outputs, executors[k]);
          other_calls = take_calls (executors[k]);
          if (g_strcmp0 (other, sync) != 0 || g_strcmp0 (other_calls, calls) != 0)
            g_error ("model %u under %s:\n--- sync\n%s\ncalls: %s\n--- %s\n%s\ncalls: %s", m,
                     executors[k], sync, calls, executors[k], other, other_calls);
        }
      /* speculative: the same solution; the calls of the synchronous
       * dispatch, and perhaps some after a failure that stopped it */
      {
        g_autofree char *spec = dispatch_text_full (dsp, inputs, (const char *const *) outputs,
                                                    "count-async", TRUE);
        g_autofree char *spec_calls = take_calls ("count-async");

        if (g_strcmp0 (spec, sync) != 0 || !calls_within (calls, spec_calls))
          g_error ("model %u, speculative:\n--- sync\n%s\ncalls: %s\n--- speculative\n%s\ncalls: %s",
                   m, sync, calls, spec, spec_calls);
        if (g_strcmp0 (spec_calls, calls) != 0)
          n_extra++;
      }
    }
  g_test_message ("%u random models, the same under sync, async and parallel-pool (and parallel "
                  "for one in five): %u with failures, %u with a sub-dispatcher; speculative async: "
                  "the same solutions, %u with calls past the failure that stopped them",
                  n_models, n_errors, n_subs, n_extra);
  g_rand_free (rand);
}

/* ------------------------------------------------------------------ */
/* Independent calls run at the same time                              */
/* ------------------------------------------------------------------ */

static SchedulaDispatcher *
sleepers (guint n)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("sleepers");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      g_autofree char *out = g_strdup_printf ("o%u", i);

      add_tfn (dsp, id, "tf_sleep_sum", IDS ("ms"), IDS (out));
    }
  return dsp;
}

static void
test_concurrent (gconstpointer data)
{
  const char *executor = data;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("meeting");
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("schedula-barrier-XXXXXX", &error);
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  GValue *v = g_new0 (GValue, 1);
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_no_error (error);
  g_value_init (v, G_TYPE_STRING);
  g_value_set_string (v, dir);
  g_hash_table_insert (in, g_strdup ("dir"), v);
  g_hash_table_insert (in, g_strdup ("n"), value_new_int (4));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autofree char *out = g_strdup_printf ("o%u", i);

      add_tfn (dsp, id, "tf_barrier", IDS ("dir", "n"), IDS (out));
    }
  /* independent calls run at the same time: all four meet at the barrier
   * (calls made one after the other would each see fewer) */
  schedula_dispatch_options_set_executor (options, executor);
  if (g_str_has_prefix (executor, "parallel"))
    {
      g_autoptr(SchedulaExecutor) ex = schedula_executor_get (executor, &error);

      g_assert_no_error (error);
      if (schedula_process_executor_get_max_workers (SCHEDULA_PROCESS_EXECUTOR (ex)) < 4)
        schedula_process_executor_set_max_workers (SCHEDULA_PROCESS_EXECUTOR (ex), 4);
      g_assert_cmpuint (schedula_process_executor_get_max_workers (SCHEDULA_PROCESS_EXECUTOR (ex)), >=, 4);
    }
  sol = schedula_dispatcher_dispatch (dsp, in, NULL, options, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *out = g_strdup_printf ("o%u", i);

      g_assert_cmpint (sol_int (sol, out), ==, 4);
    }
  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A model that raises: calls run one at a time, unless the dispatch is
 * speculative; then they run at the same time, and when one fails the
 * solution and the error are still the synchronous ones */
static void
test_speculative (gconstpointer data)
{
  const char *executor = data;
  g_autoptr(SchedulaDispatcher) meet = schedula_dispatcher_new ("meet");
  g_autoptr(SchedulaDispatcher) fails = schedula_dispatcher_new ("fails");
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("schedula-speculative-XXXXXX", &error);
  g_autoptr(GHashTable) in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  GValue *v = g_new0 (GValue, 1);

  g_assert_no_error (error);
  g_value_init (v, G_TYPE_STRING);
  g_value_set_string (v, dir);
  g_hash_table_insert (in, g_strdup ("dir"), v);
  g_hash_table_insert (in, g_strdup ("n"), value_new_int (4));
  g_hash_table_insert (in, g_strdup ("a"), value_new_int (1));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autofree char *out = g_strdup_printf ("o%u", i);

      add_tfn (meet, id, "tf_barrier", IDS ("dir", "n"), IDS (out));
    }
  schedula_dispatcher_set_raises (meet, SCHEDULA_RAISES_RAISE);
  schedula_dispatch_options_set_executor (options, executor);
  schedula_dispatch_options_set_speculative (options, TRUE);
  if (g_str_has_prefix (executor, "parallel"))
    {
      g_autoptr(SchedulaExecutor) ex = schedula_executor_get (executor, &error);

      g_assert_no_error (error);
      if (schedula_process_executor_get_max_workers (SCHEDULA_PROCESS_EXECUTOR (ex)) < 4)
        schedula_process_executor_set_max_workers (SCHEDULA_PROCESS_EXECUTOR (ex), 4);
    }
  {
    g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch (meet, in, NULL, options, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 4; i++)
      {
        g_autofree char *out = g_strdup_printf ("o%u", i);

        g_assert_cmpint (sol_int (sol, out), ==, 4);  /* the four met: they ran at once */
      }
  }

  /* f0 fails first; f1..f3 (the same distance, after it) ran ahead */
  add_tfn (fails, "f0", "tf_fail", IDS ("a"), IDS ("x0"));
  add_tfn (fails, "f1", "tf_sleep_sum", IDS ("a"), IDS ("x1"));
  add_tfn (fails, "f2", "tf_sleep_sum", IDS ("a"), IDS ("x2"));
  add_tfn (fails, "f3", "tf_sum", IDS ("x1"), IDS ("x3"));
  schedula_dispatcher_set_raises (fails, SCHEDULA_RAISES_RAISE);
  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *sync = dispatch_text_full (fails, in, (const char *const[]) { NULL }, NULL, FALSE);
      g_autofree char *spec = dispatch_text_full (fails, in, (const char *const[]) { NULL }, executor, TRUE);

      g_assert_cmpstr (spec, ==, sync);
      ASSERT_CONTAINS (sync, "dispatch error: Failed DISPATCHING 'f0' due to:");
      g_assert_null (strstr (spec, "never ran"));
    }
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_remove (path);
      }
    g_rmdir (dir);
  }
}

/* Dispatches in many threads while the executors are shut down again and
 * again: each dispatch gives the right solution or fails as cancelled by
 * the shutdown, and nothing crashes (run under ASan by tools/test.sh) */
typedef struct
{
  SchedulaDispatcher *dsp;
  const char         *executor;
  guint               ok;
  guint               cancelled;
} Stress;

static gpointer
stress_thread (gpointer data)
{
  Stress *st = data;
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();

  schedula_dispatch_options_set_executor (options, st->executor);
  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(GHashTable) in = inputs_new ("a", (gint64) i, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch (st->dsp, in, NULL, options, NULL, &error);

      if (sol != NULL)
        {
          g_assert_cmpint (sol_int (sol, "d"), ==, 2 * (gint64) i + 1);
          st->ok++;
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          ASSERT_CONTAINS (error->message, "shut down");
          st->cancelled++;
        }
    }
  return NULL;
}

static gboolean zombies_settle (void);

static void
test_shutdown_stress (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("stress");
  const char *executors[] = { "async", "parallel-pool", "async", "parallel-pool" };
  Stress st[G_N_ELEMENTS (executors)];
  GThread *threads[G_N_ELEMENTS (executors)];
  guint ok = 0, cancelled = 0, shutdowns = 0;

  add_tfn (dsp, "f", "tf_sum", IDS ("a", "a"), IDS ("b"));
  add_tfn (dsp, "g", "tf_sum", IDS ("b"), IDS ("c", "d"));
  for (guint i = 0; i < G_N_ELEMENTS (executors); i++)
    {
      st[i] = (Stress) { dsp, executors[i], 0, 0 };
      threads[i] = g_thread_new ("stress", stress_thread, &st[i]);
    }
  for (guint i = 0; i < 40; i++)
    {
      g_auto(GStrv) names = schedula_shutdown_executors ();

      shutdowns += g_strv_length (names);
      g_usleep (2000);
    }
  for (guint i = 0; i < G_N_ELEMENTS (executors); i++)
    {
      g_thread_join (threads[i]);
      ok += st[i].ok;
      cancelled += st[i].cancelled;
    }
  g_assert_cmpuint (ok + cancelled, ==, 25 * G_N_ELEMENTS (executors));
  g_assert_true (zombies_settle ());
  g_test_message ("%u dispatches right, %u cancelled by %u shutdowns", ok, cancelled, shutdowns);
}

/* ------------------------------------------------------------------ */
/* Workers that crash, exit or hang                                    */
/* ------------------------------------------------------------------ */

static guint
count_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  guint n = 0;

  while (readdir (dir) != NULL)
    n++;
  closedir (dir);
  return n;
}

/* Whether the descriptors come back to @n at most. GLib's child watch
 * (another thread) may hold the last reference to a GSubprocess, and its
 * pipes, for a moment after g_subprocess_wait() returned: a while is
 * allowed, a leak never settles. */
static gboolean
fds_settle (guint n)
{
  for (guint i = 0; i < 1000; i++)
    {
      if (count_fds () <= n)
        return TRUE;
      g_usleep (10000);
    }
  g_test_message ("%u descriptors open, %u before", count_fds (), n);
  return FALSE;
}

/* The children of this process that are zombies */
static guint
count_zombies (void)
{
  DIR *dir = opendir ("/proc");
  struct dirent *e;
  guint n = 0;

  while ((e = readdir (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/stat", e->d_name);
      g_autofree char *stat = NULL;
      char state;
      int ppid;
      const char *close;

      if (!g_ascii_isdigit (e->d_name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      close = strrchr (stat, ')');
      if (close != NULL && sscanf (close + 2, "%c %d", &state, &ppid) == 2 && ppid == getpid () && state == 'Z')
        {
          n++;
          if (g_getenv ("TEST_EXECUTORS_ZOMBIES") != NULL)
            g_printerr ("zombie: %s\n", stat);
        }
    }
  closedir (dir);
  return n;
}

/* Whether no child of this process stays a zombie: GLib reaps its children
 * in its worker thread, so one that just exited may be a zombie for a
 * moment; one that nobody reaps stays one */
static gboolean
zombies_settle (void)
{
  for (guint i = 0; i < 1000; i++)
    {
      if (count_zombies () == 0)
        return TRUE;
      g_usleep (10000);
    }
  g_test_message ("%u zombies", count_zombies ());
  return FALSE;
}

typedef struct
{
  const char *executor;
  const char *symbol;
  const char *message;
} CrashCase;

/* A worker that dies fails its node only: the alternative path is taken,
 * the pool serves again, no zombie or descriptor is left */
static void
test_crash (gconstpointer data)
{
  const CrashCase *c = data;
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("crash");
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GError) error = NULL;
  guint fds_before;

  add_tfn (dsp, "bad", c->symbol, IDS ("a"), IDS ("b"));
  schedula_function_node_set_weight (add_tfn (dsp, "good", "tf_sum", IDS ("a"), IDS ("b")), 5);
  add_tfn (dsp, "after", "tf_sum", IDS ("b"), IDS ("c"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatch_options_set_executor (options, c->executor);
  schedula_dispatch_options_set_timeout (options, 1.0);

  /* a first dispatch that works starts the pool */
  {
    g_autoptr(GHashTable) warm = inputs_new ("b", 1, NULL);
    g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch (dsp, warm, NULL, options, NULL, &error);

    g_assert_no_error (error);
  }
  fds_before = count_fds ();
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch (dsp, in, NULL, options, NULL, &error);
      const GError *e;

      g_assert_no_error (error);
      ASSERT_SOL (sol, "a=1, b=1, c=1");
      e = schedula_solution_get_error (sol, "bad");
      g_assert_nonnull (e);
      ASSERT_CONTAINS (e->message, "bad");
      ASSERT_CONTAINS (e->message, c->message);
    }
  g_assert_true (zombies_settle ());
  g_assert_true (fds_settle (fds_before));
}

static const CrashCase crash_cases[] = {
  { "parallel-pool", "tf_crash", "killed by signal 11" },
  { "parallel-pool", "tf_abort", "killed by signal 6" },
  { "parallel-pool", "tf_exit", "exited with status 3" },
  { "parallel-pool", "tf_hang", "timed out after 1 s" },
  { "parallel", "tf_crash", "killed by signal 11" },
  { "parallel", "tf_hang", "timed out after 1 s" },
};

/* ------------------------------------------------------------------ */
/* Cancellation                                                        */
/* ------------------------------------------------------------------ */

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
} Canceller;

static gpointer
cancel_later (gpointer data)
{
  Canceller *c = data;

  g_usleep (c->delay_ms * 1000);
  g_cancellable_cancel (c->cancellable);
  return NULL;
}

/* Cancelling at random points stops the dispatch with an error that names
 * the calls that never ran; no worker is left */
static void
test_cancel (gconstpointer data)
{
  const char *executor = data;
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(SchedulaDispatcher) dsp = sleepers (12);
      g_autoptr(GHashTable) in = inputs_new ("ms", 100, NULL);
      g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(SchedulaSolution) sol = NULL;
      g_autoptr(GError) error = NULL;
      Canceller c = { cancellable, g_rand_int_range (rand, 0, 250) };
      GThread *t;

      schedula_dispatch_options_set_executor (options, executor);
      t = g_thread_new ("cancel", cancel_later, &c);
      sol = schedula_dispatcher_try_dispatch (dsp, in, NULL, options, cancellable, &error);
      g_thread_join (t);
      g_assert_no_error (error);
      if (schedula_solution_get_dispatch_error (sol) != NULL)
        {
          const GError *e = schedula_solution_get_dispatch_error (sol);
          g_autoptr(GRegex) re = g_regex_new ("^(?:(.+?) never ran[:;] )?(?:(.+?) stopped while running: )?",
                                              0, 0, NULL);
          g_autoptr(GMatchInfo) m = NULL;
          g_autofree char *never = NULL, *stopped = NULL, *names = NULL;
          g_auto(GStrv) cut = NULL;

          g_assert_true (g_regex_match (re, e->message, 0, &m));
          never = g_match_info_fetch (m, 1);
          stopped = g_match_info_fetch (m, 2);
          names = g_strjoin (", ", never ? never : "", stopped ? stopped : "", NULL);
          cut = g_strsplit (names, ", ", -1);

          g_assert_error (e, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          /* the values it has are right; the calls it cut short are named,
           * and have no value */
          for (guint i = 0; i < 12; i++)
            {
              g_autofree char *id = g_strdup_printf ("o%u", i);
              g_autofree char *node = g_strdup_printf ("s%u", i);
              const GValue *v = schedula_solution_lookup (sol, id);

              g_assert_true (v == NULL || g_value_get_int64 (v) == 100);
              if (g_strv_contains ((const char *const *) cut, node))
                g_assert_null (v);
            }
          g_assert_true ((never != NULL && never[0] != '\0') || (stopped != NULL && stopped[0] != '\0') ||
                         strstr (e->message, "cancelled before calling") != NULL);
        }
    }
  g_assert_true (zombies_settle ());
  g_rand_free (rand);
}

/* ------------------------------------------------------------------ */
/* Where calls run                                                     */
/* ------------------------------------------------------------------ */

/* parallel: a process per call, none of them this one; async: this one */
static void
test_processes (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("pids");
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) pids = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *out = g_strdup_printf ("o%u", i);

      add_tfn (dsp, id, "tf_pid", NULL, IDS (out));
    }
  schedula_dispatch_options_set_executor (options, "parallel");
  sol = schedula_dispatcher_dispatch (dsp, NULL, NULL, options, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%u", i);
      gint64 pid = sol_int (sol, id);

      g_assert_cmpint (pid, !=, getpid ());
      g_hash_table_add (pids, GINT_TO_POINTER ((gint) pid));
    }
  g_assert_cmpuint (g_hash_table_size (pids), ==, 6);

  g_clear_object (&sol);
  schedula_dispatch_options_set_executor (options, "async");
  sol = schedula_dispatcher_dispatch (dsp, NULL, NULL, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sol_int (sol, "o0"), ==, getpid ());
}

#if SCHEDULA_HAS_IO
static gboolean
tf_pid_here (SchedulaCall *call, gpointer data, GError **error)
{
  schedula_call_set_output_int64 (call, 0, getpid ());
  return TRUE;
}

/* parallel-dispatch: a SubDispatchFunction's call goes to one worker, which
 * dispatches its model there: both of its pid functions give that worker's
 * pid. A wrapper whose model has a function without a reference, or whose
 * result is a solution, runs here, with the same solution. */
static void
test_parallel_dispatch (void)
{
  g_autoptr(SchedulaDispatcher) inner = schedula_dispatcher_new ("inner");
  g_autoptr(SchedulaDispatcher) local = schedula_dispatcher_new ("local");
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("outer");
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(SchedulaSubDispatchFunction) sdf = NULL;
  g_autoptr(SchedulaSubDispatchFunction) here = NULL;
  g_autoptr(SchedulaSubDispatch) whole = NULL;
  g_autoptr(SchedulaFunction) pid_here = schedula_function_new ("pid_here", tf_pid_here, NULL, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid;

  add_tfn (inner, "p0", "tf_pid", IDS ("x"), IDS ("o0"));
  add_tfn (inner, "p1", "tf_pid", IDS ("x"), IDS ("o1"));
  add_tfn (inner, "s", "tf_sum", IDS ("x"), IDS ("y"));
  sdf = schedula_sub_dispatch_function_new (inner, "sdf", IDS ("x"), IDS ("o0", "o1", "y"),
                                            SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "sdf", SCHEDULA_FUNCTION (sdf), IDS ("a"), IDS ("q0", "q1", "r"), &error);
  g_assert_no_error (error);

  schedula_dispatcher_add_function (local, "pid", pid_here, IDS ("x"), IDS ("o"), &error);
  g_assert_no_error (error);
  here = schedula_sub_dispatch_function_new (local, "here", IDS ("x"), IDS ("o"),
                                             SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "here", SCHEDULA_FUNCTION (here), IDS ("a"), IDS ("h"), &error);
  g_assert_no_error (error);
  whole = schedula_sub_dispatch_new (inner, IDS ("y"), SCHEDULA_OUTPUT_TYPE_ALL, NULL);
  schedula_dispatcher_add_function (dsp, "whole", SCHEDULA_FUNCTION (whole), IDS ("d"), IDS ("w"), &error);
  g_assert_no_error (error);

  schedula_dispatch_options_set_executor (options, "parallel-dispatch");
  sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'a': <@x 5>, 'd': <{'x': <@x 2>}>}"),
                                              NULL, options, NULL, &error);
  g_assert_no_error (error);
  pid = sol_int (sol, "q0");
  g_assert_cmpint (pid, !=, getpid ());
  g_assert_cmpint (sol_int (sol, "q1"), ==, pid);
  g_assert_cmpint (sol_int (sol, "r"), ==, 5);
  /* a function without a reference: the wrapper runs here */
  g_assert_cmpint (sol_int (sol, "h"), ==, getpid ());
  /* a solution for a result: here too */
  g_assert_true (SCHEDULA_IS_SOLUTION (g_value_get_object (schedula_solution_lookup (sol, "w"))));
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 0);
}
#endif

/* A value @depth levels deep: sequences of one item, or dicts of one key,
 * around 7 */
static void
nested_value (GValue  *v,
              guint    depth,
              gboolean dicts)
{
  g_value_init (v, G_TYPE_INT64);
  g_value_set_int64 (v, 7);
  for (guint i = 0; i < depth; i++)
    {
      GValue outer = G_VALUE_INIT;

      if (dicts)
        {
          SchedulaDict *d = schedula_dict_new ();

          schedula_dict_take (d, "k", v);
          g_value_init (&outer, SCHEDULA_TYPE_DICT);
          g_value_take_boxed (&outer, d);
        }
      else
        {
          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          GValueArray *a = g_value_array_new (1);

          g_value_array_append (a, v);
          g_value_unset (v);
          g_value_init (&outer, g_value_array_get_type ());
          g_value_take_boxed (&outer, a);
          G_GNUC_END_IGNORE_DEPRECATIONS
        }
      *v = outer;
    }
}

/* A value travels whole or not at all: GLib reads 128 levels of containers
 * from a message and gives () past them, which decoded as an empty
 * sequence, a value cut short without an error; the encoder now refuses
 * what a message cannot carry, and a call with such an input runs here */
static void
test_deep_values_travel_whole (void)
{
  struct { gboolean dicts; guint deepest; } cases[] = { { FALSE, 62 }, { TRUE, 41 } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint depth = cases[c].deepest - 1; depth <= cases[c].deepest + 2; depth++)
      {
        g_auto(GValue) v = G_VALUE_INIT;
        g_auto(GValue) back = G_VALUE_INIT;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) encoded = NULL;
        g_autoptr(GVariant) read = NULL;
        g_autoptr(GBytes) bytes = NULL;

        nested_value (&v, depth, cases[c].dicts);
        encoded = schedula_value_encode (&v, &error);
        if (depth > cases[c].deepest)
          {
            g_assert_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE);
            g_assert_null (encoded);
            continue;
          }
        g_assert_no_error (error);
        /* what the other side reads: the bytes, not trusted */
        bytes = g_variant_get_data_as_bytes (encoded);
        read = g_variant_ref_sink (g_variant_new_from_bytes (g_variant_get_type (encoded), bytes, FALSE));
        g_assert_true (schedula_value_decode (read, &back, &error));
        g_assert_no_error (error);
        {
          g_autoptr(GVariant) sent = schedula_value_to_variant (&v, &error);
          g_autoptr(GVariant) got = schedula_value_to_variant (&back, &error);

          g_assert_no_error (error);
          g_assert_true (g_variant_equal (sent, got));
        }
      }

  /* a call with an input that cannot travel runs in this process */
  {
    g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("deep");
    g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
    g_autoptr(SchedulaSolution) sol = NULL;
    g_autoptr(GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
    g_autoptr(GError) error = NULL;
    GValue *deep = g_new0 (GValue, 1);

    add_tfn (dsp, "p", "tf_pid", IDS ("x"), IDS ("pid"));
    nested_value (deep, 64, FALSE);
    g_hash_table_insert (inputs, (gpointer) "x", deep);
    schedula_dispatch_options_set_executor (options, "parallel-pool");
    sol = schedula_dispatcher_dispatch (dsp, inputs, NULL, options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sol_int (sol, "pid"), ==, getpid ());
  }
}

/* A launcher goes before the worker command (srun -n1 -- on a cluster):
 * here a shell that notes it ran, then runs the worker; a launcher that
 * cannot start fails the node with a message that names it */
static void
test_launcher (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("launched");
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("schedula-launcher-XXXXXX", &error);
  g_autofree char *mark = g_build_filename (dir, "launched", NULL);
  g_autofree char *marks = NULL;
  const char *shell[] = { "/bin/sh", "-c", "echo launched >> \"$0\"; exec \"$@\"", mark, NULL };
  const char *missing[] = { "/nonexistent/srun", "-n1", "--", NULL };

  g_assert_no_error (error);
  add_tfn (dsp, "p", "tf_pid", NULL, IDS ("pid"));
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatch_options_set_executor (options, "parallel");

  schedula_set_worker_launcher (shell);
  {
    g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch (dsp, NULL, NULL, options, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sol_int (sol, "pid"), !=, getpid ());
  }
  g_assert_true (g_file_get_contents (mark, &marks, NULL, &error));
  g_assert_cmpstr (marks, ==, "launched\n");

  schedula_set_worker_launcher (missing);
  {
    g_autoptr(SchedulaSolution) sol = schedula_dispatcher_dispatch (dsp, NULL, NULL, options, NULL, &error);
    const GError *e;

    g_assert_no_error (error);
    g_assert_null (schedula_solution_lookup (sol, "pid"));
    e = schedula_solution_get_error (sol, "p");
    g_assert_nonnull (e);
    /* spawning fails, or (where spawning is emulated: valgrind) the child
     * exits with 127; either way the message names the program */
    ASSERT_CONTAINS (e->message, "/nonexistent/srun");
  }
  schedula_set_worker_launcher (NULL);
  g_assert_cmpint (g_remove (mark), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A function that cannot travel (no reference) runs in this process under
 * a process executor, and a message says so once per node */
static void
test_no_reference (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("local");
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) in = inputs_new ("a", 1, NULL);
  g_autoptr(GError) error = NULL;

  add_fn (dsp, "local_inc", fn_inc, NULL, IDS ("a"), IDS ("b"));
  schedula_dispatch_options_set_executor (options, "parallel-pool");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SchedulaSolution) sol = NULL;

      if (i == 0)
        g_test_expect_message ("Schedula", G_LOG_LEVEL_MESSAGE,
                               "local_inc runs in this process, not in a worker: its function has no "
                               "reference another process can resolve");
      sol = schedula_dispatcher_dispatch (dsp, in, NULL, options, NULL, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      g_assert_cmpint (sol_int (sol, "b"), ==, 2);
    }
}

/* ------------------------------------------------------------------ */
/* The registry                                                        */
/* ------------------------------------------------------------------ */

static void
test_registry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaExecutor) a = schedula_executor_get ("async", &error);
  g_autoptr(SchedulaExecutor) again = schedula_executor_get ("async", &error);
  g_autoptr(SchedulaExecutor) nope = schedula_executor_get ("nope", &error);
  g_auto(GStrv) stopped = NULL;
  g_auto(GStrv) none = NULL;

  g_assert_true (a == again);
  g_assert_cmpstr (schedula_executor_get_name (a), ==, "async");
  g_assert_null (nope);
  ASSERT_INVALID_INPUT (error, "unknown executor nope");

  stopped = schedula_shutdown_executors ();
  g_assert_true (g_strv_contains ((const char *const *) stopped, "async"));
  g_assert_true (schedula_executor_is_shut_down (a));
  none = schedula_shutdown_executors ();
  g_assert_cmpstrv (none, (const char *const[]) { NULL });

  /* a shut-down executor refuses calls; the next dispatch makes a new one */
  {
    g_autoptr(SchedulaExecutor) fresh = schedula_executor_get ("async", &error);

    g_assert_true (fresh != a);
    g_assert_false (schedula_executor_is_shut_down (fresh));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  module_path = g_test_build_filename (G_TEST_BUILT, "libschedula-test-functions.so", NULL);
  schedula_executor_register ("count-inline", make_counting, NULL, NULL);
  schedula_executor_register ("count-async", make_counting, (gpointer) "async", NULL);
  schedula_executor_register ("count-parallel-pool", make_counting, (gpointer) "parallel-pool", NULL);
  schedula_executor_register ("count-parallel", make_counting, (gpointer) "parallel", NULL);

  g_test_add_func ("/Schedula/Executors/differential", test_differential);
  g_test_add_data_func ("/Schedula/Executors/concurrent/async", "async", test_concurrent);
  g_test_add_data_func ("/Schedula/Executors/concurrent/parallel-pool", "parallel-pool", test_concurrent);
  g_test_add_data_func ("/Schedula/Executors/concurrent/parallel", "parallel", test_concurrent);
  for (guint i = 0; i < G_N_ELEMENTS (crash_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Schedula/Executors/crash/%s/%s", crash_cases[i].executor,
                                               crash_cases[i].symbol + 3);

      g_test_add_data_func (path, &crash_cases[i], test_crash);
    }
  g_test_add_data_func ("/Schedula/Executors/cancel/async", "async", test_cancel);
  g_test_add_data_func ("/Schedula/Executors/cancel/parallel-pool", "parallel-pool", test_cancel);
  g_test_add_func ("/Schedula/Executors/processes", test_processes);
  g_test_add_func ("/Schedula/Executors/launcher", test_launcher);
  g_test_add_func ("/Schedula/Executors/deep-values-travel-whole", test_deep_values_travel_whole);
#if SCHEDULA_HAS_IO
  g_test_add_func ("/Schedula/Executors/parallel-dispatch", test_parallel_dispatch);
#endif
  g_test_add_func ("/Schedula/Executors/no-reference", test_no_reference);
  g_test_add_func ("/Schedula/Executors/registry", test_registry);
  g_test_add_func ("/Schedula/Executors/function-for-ref", test_function_for_ref);
  g_test_add_func ("/Schedula/Executors/shutdown-stress", test_shutdown_stress);
  g_test_add_data_func ("/Schedula/Executors/speculative/async", "async", test_speculative);
  g_test_add_data_func ("/Schedula/Executors/speculative/parallel-pool", "parallel-pool", test_speculative);
  return g_test_run ();
}
