/* bench-executors.c: the executor models under every executor, from C
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 *   cd /work/main
 *   meson setup _build-xbench --buildtype=debugoptimized -Dvapi=disabled -Ddocs=disabled
 *   ninja -C _build-xbench bench/bench-executors bench/libschedula-bench-functions.so \
 *       tools/schedula-worker
 *   _build-xbench/bench/bench-executors [--repeats R] [--sleep-repeats R] \
 *       [--executors sync,async,parallel,parallel-pool,parallel-pool-6] \
 *       [--raises model,speculative,silent] [--only REGEX] [--markdown FILE] [MODEL.json...]
 * or, the same with the defaults:
 *   ninja -C _build-xbench bench-executors            (a run target)
 *   meson test -C _build-xbench --benchmark --suite executors -v
 *
 * Runs the executor models of the benchmark (exec_sleep6: six independent
 * 1 s sleeps; exec_trivial200_chain and exec_trivial200_fan: 200 trivial
 * "sum" functions as a chain and as a fan-out) under `sync`, `async` (the
 * library's pool of 32 threads), `parallel` (a new worker process per
 * call), `parallel-pool` (the library's default pool: one worker per
 * processor, 2 here) and `parallel-pool-6` (a pool of 6 workers, registered
 * here with schedula_process_executor_new (name, FALSE, 6)).
 *
 * The models are built by bench-model.c, as bench-dispatch builds them;
 * then every function node gets the function of a reference
 * c:libschedula-bench-functions.so:SYMBOL (bench-functions.c), so the
 * calls of the process executors really run in schedula-worker processes
 * ($SCHEDULA_WORKER is set to the build's worker unless already set). The
 * module counts the calls made in this process: the table says how many
 * calls ran in workers.
 *
 * Per model and executor: the executor is shut down first, so the first
 * dispatch starts its threads or workers; it is timed on its own
 * ("first"), then R dispatches are timed ("median", min, max). A dispatch
 * is the targeted one of the model (its inputs and "outputs", as
 * bench_schedula.py's exec cases) and its time is the dispatch call plus
 * freeing its solution. Every solution is checked against the model's
 * expected.targeted block (target values, number of values, functions run,
 * checksum, errors).
 *
 *   own      the functions' own time: the sum of their sleeps (0 for "sum")
 *   ideal    the wall time of an ideal executor with the same number of
 *            slots (1 for sync, 32 for async and parallel, the pool size)
 *            and no overhead: the functions, in file order, start as soon
 *            as their inputs exist and a slot is free (the critical path,
 *            bounded by the slots: 1 s for six sleeps on 6 slots, 3 s on 2)
 *   overhead (median - ideal) / number of functions run
 *
 * Each model runs three times: with its own raises policy ("model": these
 * files say raises=true, schedula's raises=True, as bench_schedula.py ran
 * them), under which every call waits for the ones before it (a failure
 * would stop the synchronous dispatch before the next call); with the same
 * policy and DispatchOptions:speculative ("speculative": calls run ahead,
 * as in schedula, and a failure undoes what ran past it); and with
 * failures recorded silently ("silent", schedula's raises='').
 * No function fails here, so both give the same solution; but a dispatcher
 * that may raise makes every call a barrier (schedula-dispatch.c,
 * is_barrier()): the dispatch waits for each call before the next, so the
 * executors run one call at a time. sync runs once (no call waits for
 * another there).
 *
 * The targets of issue 9 are checked at the end, and schedula's figures
 * (schedula_baseline.json, "exec:MODEL:EXECUTOR" cases) are shown beside
 * ours; the Python benchmark (bench_executors.py) measures schedula in the
 * same run instead.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmodule.h>
#include <schedula-glib.h>

#include "bench-baseline.h"
#include "bench-functions.h"
#include "bench-json.h"
#include "bench-model.h"
#include "bench-util.h"

#ifndef BENCH_FUNCTIONS_MODULE
# define BENCH_FUNCTIONS_MODULE "libschedula-bench-functions.so"
#endif
#ifndef BENCH_WORKER
# define BENCH_WORKER NULL
#endif

#define DEFAULT_EXECUTORS "sync,async,parallel,parallel-pool,parallel-pool-6"
#define DEFAULT_MODELS "exec_sleep6,exec_trivial200_chain,exec_trivial200_fan"

/* the targets of issue 9 (from C, on the 2-core machine) */
#define TARGET_SLEEP_ASYNC_S 1.02
#define TARGET_SLEEP_POOL6_S 1.10
#define TARGET_TASK_ASYNC_US 10.0
#define TARGET_TASK_POOL_US 50.0

static gint     opt_repeats = 20;
static gint     opt_sleep_repeats = 3;
static char    *opt_executors = NULL;
static char    *opt_only = NULL;
static char    *opt_bench_dir = NULL;
static char    *opt_baseline = NULL;
static char    *opt_module = NULL;
static char    *opt_markdown = NULL;
static gint     opt_timeout = 1800;
static char    *opt_raises = NULL;
static char   **opt_files = NULL;

static GOptionEntry entries[] = {
  { "repeats", 'r', 0, G_OPTION_ARG_INT, &opt_repeats,
    "Timed dispatches after the first one, trivial models (default 20)", "R" },
  { "sleep-repeats", 's', 0, G_OPTION_ARG_INT, &opt_sleep_repeats,
    "Timed dispatches after the first one, sleep models (default 3)", "R" },
  { "executors", 'e', 0, G_OPTION_ARG_STRING, &opt_executors,
    "Comma-separated executors; parallel-pool-N is a pool of N workers (default "
    DEFAULT_EXECUTORS ")", "LIST" },
  BENCH_MODEL_OPTION_ENTRIES (opt_only, opt_bench_dir, opt_baseline),
  { "module", 0, 0, G_OPTION_ARG_FILENAME, &opt_module,
    "The module of node functions (default " BENCH_FUNCTIONS_MODULE ")", "PATH" },
  { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &opt_markdown,
    "Also write the tables to FILE", "FILE" },
  { "raises", 0, 0, G_OPTION_ARG_STRING, &opt_raises,
    "Comma-separated raises policies to run: model (the file's, raises=true for these models), "
    "speculative (the file's, with DispatchOptions:speculative: calls run ahead of the ones that "
    "may stop the dispatch), silent (failures recorded silently, schedula's raises=''; sync is "
    "not run again) (default model,speculative,silent)", "LIST" },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
    "Abort after SECONDS (default 1800)", "SECONDS" },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL,
    "[MODEL.json...]" },
  { NULL }
};

/* ======================================================================== */
/* The functions of a model, as its file gives them                          */
/* ======================================================================== */

typedef struct {
  char    *id;
  char    *kind;
  gint64   c;
  gdouble  seconds;
  char   **inputs;
  char   **outputs;
} FnInfo;

static void
fn_info_free (gpointer p)
{
  FnInfo *f = p;

  g_free (f->id);
  g_free (f->kind);
  g_strfreev (f->inputs);
  g_strfreev (f->outputs);
  g_free (f);
}

static gboolean
read_function (BenchJsonReader  *r,
               FnInfo           *f,
               GError          **error)
{
  const char *key;
  gboolean failed;

  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      BenchJsonToken t;

      if (strcmp (key, "id") == 0 || strcmp (key, "kind") == 0)
        {
          char **slot = key[0] == 'i' ? &f->id : &f->kind;

          if (!bench_json_reader_expect (r, BENCH_JSON_TOKEN_STRING, error))
            return FALSE;
          g_free (*slot);
          *slot = bench_json_reader_dup_string (r);
        }
      else if (strcmp (key, "inputs") == 0)
        {
          if (!bench_json_reader_read_strv (r, &f->inputs, error))
            return FALSE;
        }
      else if (strcmp (key, "outputs") == 0)
        {
          if (!bench_json_reader_read_strv (r, &f->outputs, error))
            return FALSE;
        }
      else if (strcmp (key, "const") == 0)
        {
          if (!bench_json_reader_expect (r, BENCH_JSON_TOKEN_INT, error))
            return FALSE;
          f->c = bench_json_reader_get_int (r);
        }
      else if (strcmp (key, "seconds") == 0)
        {
          t = bench_json_reader_next (r, error);
          if (t == BENCH_JSON_TOKEN_INT || t == BENCH_JSON_TOKEN_DOUBLE)
            f->seconds = bench_json_reader_get_double (r);
          else if (!bench_json_reader_skip_value (r, t, error))
            return FALSE;
        }
      else if (!bench_json_reader_skip_next (r, error))
        return FALSE;
    }
  return !failed;
}

/* The "functions" of a model file, in file order */
static GPtrArray *
read_functions (const char  *path,
                GError     **error)
{
  g_autoptr(BenchJsonReader) r = bench_json_reader_new_for_path (path, error);
  g_autoptr(GPtrArray) fns = g_ptr_array_new_with_free_func (fn_info_free);
  const char *key;
  gboolean failed;

  if (r == NULL || !bench_json_reader_expect (r, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
    return NULL;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      BenchJsonToken t;

      if (strcmp (key, "functions") != 0)
        {
          if (!bench_json_reader_skip_next (r, error))
            return NULL;
          continue;
        }
      if (!bench_json_reader_expect (r, BENCH_JSON_TOKEN_BEGIN_ARRAY, error))
        return NULL;
      while ((t = bench_json_reader_next (r, error)) == BENCH_JSON_TOKEN_BEGIN_OBJECT)
        {
          FnInfo *f = g_new0 (FnInfo, 1);

          g_ptr_array_add (fns, f);
          if (!read_function (r, f, error))
            return NULL;
          if (f->id == NULL || f->kind == NULL || f->outputs == NULL)
            {
              g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INVALID,
                           "%s: a function without id, kind or outputs", path);
              return NULL;
            }
          if (f->inputs == NULL)
            f->inputs = g_new0 (char *, 1);
        }
      if (t != BENCH_JSON_TOKEN_END_ARRAY)
        {
          bench_json_reader_set_unexpected (r, t, "a function or ']'", error);
          return NULL;
        }
    }
  if (failed)
    return NULL;
  return g_steal_pointer (&fns);
}

/* ======================================================================== */
/* Executors                                                                 */
/* ======================================================================== */

/* "parallel-pool-N": N, else 0 */
static guint
pool_size_of (const char *name)
{
  guint64 n = 0;

  if (!g_str_has_prefix (name, "parallel-pool-") ||
      !g_ascii_string_to_unsigned (name + strlen ("parallel-pool-"), 10, 1, 1024, &n, NULL))
    return 0;
  return (guint) n;
}

static SchedulaExecutor *
make_sized_pool (const char *name,
                 gpointer    user_data)
{
  return schedula_process_executor_new (name, FALSE, pool_size_of (name));
}

/* How many calls the executor runs at once */
static guint
slots_of (const char *name)
{
  if (g_str_equal (name, "sync"))
    return 1;
  if (g_str_equal (name, "async") || g_str_equal (name, "parallel"))
    return 32;   /* schedula_thread_executor_new (name, 32); parallel: 32 at once */
  if (g_str_equal (name, "parallel-pool"))
    return g_get_num_processors ();  /* the library's default pool size */
  return pool_size_of (name);
}

static gboolean
is_process_executor (const char *name)
{
  return g_str_has_prefix (name, "parallel");
}

/* ======================================================================== */
/* One model                                                                 */
/* ======================================================================== */

static guint (*module_n_calls) (void);
static char *module_path;
static guint n_in_parent_messages;   /* "... runs in this process, not in a worker" */

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        strstr (fields[i].value, "not in a worker") != NULL)
      g_atomic_int_inc (&n_in_parent_messages);
  return bench_log_writer (log_level, fields, n_fields, user_data);
}

typedef struct {
  BenchModel *model;
  GPtrArray  *fns;          /* FnInfo*, file order */
  gdouble     own_s;        /* the sum of the functions' own times */
  guint       n_functions;
} Model;

static void
model_free (Model *m)
{
  if (m == NULL)
    return;
  bench_model_free (m->model);
  g_clear_pointer (&m->fns, g_ptr_array_unref);
  g_free (m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_free)

static gdouble
own_time_of (const FnInfo *f)
{
  return g_str_equal (f->kind, "sleep") ? f->seconds : 0.0;
}

/* The ideal wall time with @slots calls at once (see the top) */
static gdouble
ideal_wall (Model *m,
            guint  slots)
{
  g_autoptr(GHashTable) ready = g_hash_table_new (g_str_hash, g_str_equal);  /* id -> gdouble* */
  g_autofree gdouble *slot_free = g_new0 (gdouble, slots);
  g_autofree gdouble *ends = g_new0 (gdouble, m->fns->len);
  gdouble wall = 0;

  for (guint i = 0; i < m->fns->len; i++)
    {
      const FnInfo *f = g_ptr_array_index (m->fns, i);
      gdouble start = 0;
      guint best = 0;

      for (guint j = 0; f->inputs[j] != NULL; j++)
        {
          const gdouble *t = g_hash_table_lookup (ready, f->inputs[j]);

          if (t != NULL)
            start = MAX (start, *t);
        }
      for (guint s = 1; s < slots; s++)
        if (slot_free[s] < slot_free[best])
          best = s;
      start = MAX (start, slot_free[best]);
      ends[i] = start + own_time_of (f);
      slot_free[best] = ends[i];
      for (guint j = 0; f->outputs[j] != NULL; j++)
        {
          const gdouble *t = g_hash_table_lookup (ready, f->outputs[j]);

          if (t == NULL || ends[i] < *t)
            g_hash_table_replace (ready, f->outputs[j], &ends[i]);
        }
      wall = MAX (wall, ends[i]);
    }
  return wall;
}

/* Gives every function node the function of its reference */
static gboolean
use_references (Model   *m,
                GError **error)
{
  g_autoptr(GHashTable) by_ref = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                        g_free, g_object_unref);

  if (m->model->modulus != BENCH_FUNCTIONS_MODULUS)
    {
      g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INVALID,
                   "modulus %" G_GINT64_FORMAT ": the module's functions are for %" G_GINT64_FORMAT,
                   m->model->modulus, BENCH_FUNCTIONS_MODULUS);
      return FALSE;
    }
  for (guint i = 0; i < m->fns->len; i++)
    {
      const FnInfo *f = g_ptr_array_index (m->fns, i);
      g_autofree char *symbol = NULL;
      g_autofree char *ref = NULL;
      SchedulaFunction *fn;
      SchedulaNode *node;

      if (g_str_equal (f->kind, "raise"))
        symbol = g_strdup (BENCH_FUNCTIONS_RAISE_SYMBOL);
      else if ((g_str_equal (f->kind, "sum") || g_str_equal (f->kind, "sleep")) &&
               f->c >= 0 && f->c <= BENCH_FUNCTIONS_MAX_CONST)
        {
          if (g_str_equal (f->kind, "sleep") && f->seconds != BENCH_FUNCTIONS_SLEEP_S)
            {
              g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INVALID,
                           "function %s sleeps %g s: the module has 1 s sleeps only",
                           f->id, f->seconds);
              return FALSE;
            }
          symbol = g_strdup_printf (g_str_equal (f->kind, "sum") ? BENCH_FUNCTIONS_SUM_SYMBOL
                                                                 : BENCH_FUNCTIONS_SLEEP_SYMBOL,
                                    f->c);
        }
      else
        {
          g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INVALID,
                       "function %s (%s, const %" G_GINT64_FORMAT "): no symbol in the module "
                       "(constants 0-%d)", f->id, f->kind, f->c, BENCH_FUNCTIONS_MAX_CONST);
          return FALSE;
        }
      ref = g_strdup_printf ("c:%s:%s", module_path, symbol);
      fn = g_hash_table_lookup (by_ref, ref);
      if (fn == NULL)
        {
          fn = schedula_function_new_for_ref (ref, error);
          if (fn == NULL)
            return FALSE;
          g_hash_table_insert (by_ref, g_steal_pointer (&ref), fn);
        }
      node = schedula_dispatcher_lookup_node (m->model->dispatcher, f->id);
      if (node == NULL || !SCHEDULA_IS_FUNCTION_NODE (node))
        {
          g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INVALID,
                       "the dispatcher has no function node %s", f->id);
          return FALSE;
        }
      schedula_function_node_set_function (SCHEDULA_FUNCTION_NODE (node), fn);
    }
  return TRUE;
}

static Model *
model_load (const char  *path,
            GError     **error)
{
  g_autoptr(Model) m = g_new0 (Model, 1);

  m->model = bench_model_load (path, BENCH_MODEL_LOAD_NONE, error);
  if (m->model == NULL)
    return NULL;
  m->fns = read_functions (path, error);
  if (m->fns == NULL)
    return NULL;
  m->n_functions = m->fns->len;
  for (guint i = 0; i < m->fns->len; i++)
    m->own_s += own_time_of (g_ptr_array_index (m->fns, i));
  if (!use_references (m, error))
    return NULL;
  return g_steal_pointer (&m);
}

/* NULL when the solution is what expected.targeted says, else what differs */
static char *
check_solution (BenchModel       *model,
                SchedulaSolution *sol)
{
  const BenchExpected *exp = &model->expected_targeted;
  g_autoptr(GString) d = g_string_new (NULL);
  const GValue *value;
  gint64 checksum;
  guint n_functions_run;

  if (!exp->present)
    return g_strdup ("the model has no expected.targeted block");
  checksum = bench_solution_checksum (sol, model->modulus, NULL, NULL);
  n_functions_run = bench_solution_n_functions_run (sol);

#define CMP(flag, what, want, got)                                             \
  if ((exp->fields & (flag)) && (gint64) (want) != (gint64) (got))               \
    g_string_append_printf (d, "%s%s %" G_GINT64_FORMAT " (expected %" G_GINT64_FORMAT ")", \
                            d->len ? ", " : "", what, (gint64) (got), (gint64) (want))
  CMP (BENCH_EXPECT_N_DATA, "n_data", exp->n_data, schedula_solution_get_n_values (sol));
  CMP (BENCH_EXPECT_N_FUNCTIONS_RUN, "n_functions_run", exp->n_functions_run, n_functions_run);
  CMP (BENCH_EXPECT_CHECKSUM, "checksum", exp->checksum, checksum);
  CMP (BENCH_EXPECT_N_FAILED, "n_failed", exp->n_failed, schedula_solution_get_n_errors (sol));
#undef CMP
  if (exp->fields & BENCH_EXPECT_VALUES)
    {
      for (guint i = 0; model->outputs[i] != NULL; i++)
        {
          const gint64 *want = g_hash_table_lookup (exp->values, model->outputs[i]);
          gboolean has = schedula_solution_lookup_extended (sol, model->outputs[i], &value);

          if (want == NULL ? has
                           : !has || value == NULL || !G_VALUE_HOLDS_INT64 (value) ||
                             g_value_get_int64 (value) != *want)
            {
              g_string_append_printf (d, "%starget %s differs", d->len ? ", " : "",
                                      model->outputs[i]);
              break;
            }
        }
    }
  if (d->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&d), FALSE);
}

typedef struct {
  char    *model;
  char    *executor;
  char    *raises;       /* "model" or "silent" */
  gboolean model_raises; /* the model's policy is raises=true */
  guint    slots;
  guint    n_functions;
  gboolean failed;       /* a dispatch failed or a solution was wrong */
  char    *problem;      /* the first one */
  guint    n_checked;
  guint    n_ok;
  gint64   first_ns;
  GArray  *times;        /* gint64 ns */
  gint64   shutdown_ns;
  gdouble  own_s;
  gdouble  ideal_s;
  guint    calls_here;   /* calls made in this process */
  guint    calls_total;  /* calls the dispatches made (functions run) */
  guint    in_parent_messages;
} Result;

static void
result_free (gpointer p)
{
  Result *r = p;

  g_free (r->model);
  g_free (r->executor);
  g_free (r->raises);
  g_free (r->problem);
  g_clear_pointer (&r->times, g_array_unref);
  g_free (r);
}

/* One dispatch: its time (dispatch + freeing the solution), checked */
static gint64
dispatch_once (Model                   *m,
               SchedulaDispatchOptions *options,
               Result                  *r)
{
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;
  gint64 t0, ns, free_t0;

  t0 = bench_now_ns ();
  sol = schedula_dispatcher_dispatch (m->model->dispatcher, m->model->inputs,
                                      (const char *const *) m->model->outputs, options,
                                      NULL, &error);
  ns = bench_now_ns () - t0;
  r->n_checked++;
  if (sol == NULL)
    diff = g_strdup_printf ("the dispatch failed: %s", error->message);
  else
    {
      diff = check_solution (m->model, sol);
      r->calls_total += m->n_functions;
    }
  if (diff != NULL)
    {
      if (!r->failed)
        r->problem = g_strdup_printf ("run %u: %s", r->n_checked, diff);
      r->failed = TRUE;
    }
  else
    r->n_ok++;
  free_t0 = bench_now_ns ();
  g_clear_object (&sol);
  return ns + (bench_now_ns () - free_t0);
}

static Result *
run_executor (Model      *m,
              const char *executor,
              const char *raises)
{
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  Result *r = g_new0 (Result, 1);
  guint repeats = (guint) (m->own_s > 0 ? opt_sleep_repeats : opt_repeats);
  guint calls0 = module_n_calls ();
  guint messages0 = g_atomic_int_get (&n_in_parent_messages);
  gint64 t0;

  r->model = g_strdup (m->model->name);
  r->executor = g_strdup (executor);
  r->raises = g_strdup (raises);
  r->model_raises = m->model->raises;
  r->slots = slots_of (executor);
  r->n_functions = m->n_functions;
  r->own_s = m->own_s;
  r->ideal_s = ideal_wall (m, r->slots);
  r->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  schedula_dispatch_options_set_executor (options, executor);
  /* the model's policy, but calls run ahead of the ones that may stop it */
  schedula_dispatch_options_set_speculative (options, g_str_equal (raises, "speculative"));

  /* a fresh executor: the first dispatch starts its threads or workers */
  if (!g_str_equal (executor, "sync"))
    schedula_shutdown_executor (executor);
  r->first_ns = dispatch_once (m, options, r);
  for (guint i = 0; i < repeats; i++)
    {
      gint64 ns = dispatch_once (m, options, r);

      g_array_append_val (r->times, ns);
    }
  t0 = bench_now_ns ();
  if (!g_str_equal (executor, "sync"))
    schedula_shutdown_executor (executor);
  r->shutdown_ns = bench_now_ns () - t0;
  r->calls_here = module_n_calls () - calls0;
  r->in_parent_messages = g_atomic_int_get (&n_in_parent_messages) - messages0;

  g_print ("  %-16s %-6s first %9.3f ms, median %9.3f ms (min %.3f, max %.3f, %u runs), "
           "shutdown %.3f ms; %u/%u calls in this process; solutions %u/%u OK%s%s\n",
           executor, raises, r->first_ns / 1e6, bench_median_ns (r->times) / 1e6,
           bench_min_ns (r->times) / 1e6, bench_max_ns (r->times) / 1e6,
           r->times->len, r->shutdown_ns / 1e6, r->calls_here, r->calls_total,
           r->n_ok, r->n_checked, r->problem ? ": " : "", r->problem ? r->problem : "");
  return r;
}

/* ======================================================================== */
/* Tables                                                                    */
/* ======================================================================== */

static gdouble
overhead_us (const Result *r)
{
  gint64 med = bench_median_ns (r->times);

  if (med < 0 || r->n_functions == 0)
    return NAN;
  return (med / 1e9 - r->ideal_s) * 1e6 / r->n_functions;
}

static const Result *
find_result (GPtrArray  *results,
             const char *model,
             const char *executor,
             const char *raises)
{
  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = g_ptr_array_index (results, i);

      if (g_str_equal (r->model, model) && g_str_equal (r->executor, executor) &&
          g_str_equal (r->raises, raises))
        return r;
    }
  return NULL;
}

static void
target_line (GString    *out,
             gboolean   *all_met,
             const char *what,
             const char *raises,
             gdouble     value,
             const char *unit,
             gdouble     limit,
             const char *schedula)
{
  const char *verdict;

  if (isnan (value))
    return;  /* not measured in this run */
  if (value <= limit)
    verdict = "MET";
  else
    {
      verdict = "NOT MET";
      *all_met = FALSE;
    }
  g_string_append_printf (out, "| %s | %s | %.*f %s | <= %g %s | %s | %s |\n", what, raises,
                          g_str_equal (unit, "s") ? 3 : 1, value, unit, limit, unit,
                          schedula, verdict);
}

static GString *
render (GPtrArray     *results,
        BenchBaseline *baseline)
{
  GString *out = g_string_new ("### libschedula-glib executors, from C\n\n");
  gboolean all_met = TRUE;

  bench_append_machine (out, BENCH_BUILDTYPE, FALSE);
  g_string_append_printf (out,
                          "- node functions by reference c:%s:SYMBOL, worker %s\n"
                          "- parallel-pool = the library's default pool, %u workers (one per "
                          "processor); parallel-pool-N = schedula_process_executor_new (name, "
                          "FALSE, N); async = 32 threads; parallel = a new process per call, "
                          "32 at once\n"
                          "- first = the first dispatch on a fresh executor (starts its threads "
                          "or workers); median (min-max) of %d dispatches after it (%d for "
                          "sleep models); a dispatch = the targeted dispatch call + freeing its "
                          "solution; own = the functions' own time (their sleeps); ideal = the "
                          "wall time of an executor with the same slots and no overhead; "
                          "overhead/task = (median - ideal) / functions; in workers = calls not "
                          "made in this process / calls\n"
                          "- schedula = %s (exec cases, another run on another day: a rough "
                          "guide; bench_executors.py measures schedula in the same run)\n\n",
                          module_path, g_getenv ("SCHEDULA_WORKER"),
                          g_get_num_processors (), opt_repeats, opt_sleep_repeats,
                          baseline ? baseline->path : "(none)");
  g_string_append (out, "| model | executor | raises | slots | first ms | median ms | min-max ms | own ms "
                   "| ideal ms | overhead/task us | in workers | check | schedula median ms "
                   "| schedula / ours |\n"
                   "|---|---|---|---:|---:|---:|---|---:|---:|---:|---|---|---:|---:|\n");
  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = g_ptr_array_index (results, i);
      g_autofree char *name = g_strdup_printf ("exec:%s:%s", r->model, r->executor);
      const BenchBaselineCase *ref = bench_baseline_lookup (baseline, name, FALSE);
      gint64 med = bench_median_ns (r->times);
      g_autofree char *first = bench_fmt_ms (r->first_ns / 1e6);
      g_autofree char *median = bench_fmt_ms (med / 1e6);
      g_autofree char *lo = bench_fmt_ms (bench_min_ns (r->times) / 1e6);
      g_autofree char *hi = bench_fmt_ms (bench_max_ns (r->times) / 1e6);
      g_autofree char *own = bench_fmt_ms (r->own_s * 1e3);
      g_autofree char *ideal = bench_fmt_ms (r->ideal_s * 1e3);
      g_autofree char *over = bench_fmt_us (overhead_us (r));
      g_autofree char *ref_ms = bench_fmt_ms (ref ? ref->median_s * 1e3 : NAN);
      g_autofree char *ratio = NULL;
      g_autofree char *workers = NULL;
      g_autofree char *check = NULL;

      if (ref != NULL && med > 0)
        ratio = g_strdup_printf ("%.2fx", ref->median_s * 1e9 / med);
      else
        ratio = g_strdup ("-");
      if (is_process_executor (r->executor))
        workers = g_strdup_printf ("%u/%u", r->calls_total - MIN (r->calls_here, r->calls_total),
                                   r->calls_total);
      else
        workers = g_strdup ("(in process)");
      check = r->failed ? g_strdup_printf ("MISMATCH %u/%u: %s", r->n_checked - r->n_ok,
                                           r->n_checked, r->problem)
                        : g_strdup_printf ("OK %u/%u", r->n_ok, r->n_checked);
      g_string_append_printf (out, "| %s | %s | %s | %u | %s | %s | %s-%s | %s | %s | %s | %s | %s | %s | %s |\n",
                              r->model, r->executor,
                              g_str_equal (r->raises, "silent") ? "silent"
                              : g_str_equal (r->raises, "speculative")
                                ? (r->model_raises ? "model (RAISE), speculative" : "model (silent), speculative")
                                : (r->model_raises ? "model (RAISE)" : "model (silent)"),
                              r->slots, first, median, lo, hi, own, ideal,
                              over, workers, check, ref_ms, ratio);
    }

  g_string_append (out, "\n#### Targets (issue 9, from C)\n\n"
                   "| target | raises | measured | limit | schedula | verdict |\n"
                   "|---|---|---:|---:|---|---|\n");
  for (guint k = 0; k < 3; k++)
    {
      const char *raises = k == 0 ? "model" : k == 1 ? "speculative" : "silent";
      const Result *r;

      r = find_result (results, "exec_sleep6", "async", raises);
      target_line (out, &all_met, "exec_sleep6, async: median wall", raises,
                   r ? bench_median_ns (r->times) / 1e9 : NAN, "s", TARGET_SLEEP_ASYNC_S, "1.0 s");
      r = find_result (results, "exec_sleep6", "parallel-pool-6", raises);
      target_line (out, &all_met, "exec_sleep6, parallel-pool of 6 workers: median wall", raises,
                   r ? bench_median_ns (r->times) / 1e9 : NAN, "s", TARGET_SLEEP_POOL6_S,
                   "3.0 s (default pool, 2 processes), 1.01 s (6)");
      for (guint i = 0; i < 2; i++)
        {
          const char *model = i == 0 ? "exec_trivial200_chain" : "exec_trivial200_fan";
          g_autofree char *what = NULL;

          r = find_result (results, model, "async", raises);
          what = g_strdup_printf ("%s, async: overhead per task", model);
          target_line (out, &all_met, what, raises, r ? overhead_us (r) : NAN, "us",
                       TARGET_TASK_ASYNC_US, "250 us");
          g_clear_pointer (&what, g_free);
          r = find_result (results, model, "parallel-pool", raises);
          what = g_strdup_printf ("%s, parallel-pool (%u workers): overhead per task", model,
                                  g_get_num_processors ());
          target_line (out, &all_met, what, raises, r ? overhead_us (r) : NAN, "us",
                       TARGET_TASK_POOL_US, "1-3 ms (2 processes)");
          g_clear_pointer (&what, g_free);
          r = find_result (results, model, "parallel-pool-6", raises);
          what = g_strdup_printf ("%s, parallel-pool-6: overhead per task", model);
          target_line (out, &all_met, what, raises, r ? overhead_us (r) : NAN, "us",
                       TARGET_TASK_POOL_US, "1.0-1.6 ms");
        }
    }
  g_string_append_printf (out, "\nAll measured targets met: %s\n", all_met ? "yes" : "no");
  return out;
}

/* ======================================================================== */
/* main                                                                      */
/* ======================================================================== */

static gboolean
setup_environment (GError **error)
{
  GModule *module;   /* resident: never closed */
  gpointer symbol = NULL;

  /* before any thread: the process executors read it when they spawn */
  if (g_getenv ("SCHEDULA_WORKER") == NULL && BENCH_WORKER != NULL)
    g_setenv ("SCHEDULA_WORKER", BENCH_WORKER, TRUE);
  if (g_getenv ("SCHEDULA_WORKER") != NULL &&
      !g_file_test (g_getenv ("SCHEDULA_WORKER"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no worker at %s ($SCHEDULA_WORKER)",
                   g_getenv ("SCHEDULA_WORKER"));
      return FALSE;
    }
  module_path = g_strdup (opt_module ? opt_module : BENCH_FUNCTIONS_MODULE);
  /* the library opens it again for the references: the same instance */
  module = g_module_open (module_path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot open %s: %s", module_path,
                   g_module_error ());
      return FALSE;
    }
  if (!g_module_symbol (module, BENCH_FUNCTIONS_N_CALLS_SYMBOL, &symbol) || symbol == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s has no %s", module_path,
                   BENCH_FUNCTIONS_N_CALLS_SYMBOL);
      return FALSE;
    }
  g_module_make_resident (module);
  module_n_calls = (guint (*) (void)) symbol;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (result_free);
  g_autoptr(BenchBaseline) baseline = NULL;
  g_autoptr(GRegex) only = NULL;
  g_autoptr(GString) tables = NULL;
  g_auto(GStrv) executors = NULL;
  g_auto(GStrv) policies = NULL;
  g_autofree char *bench_dir = NULL;
  gboolean failed = FALSE;

  g_option_context_set_summary (context,
                                "Runs the executor models (exec_sleep6, exec_trivial200_chain, "
                                "exec_trivial200_fan)\nunder sync, async, parallel and "
                                "parallel-pool, with C node functions that run in\nworker "
                                "processes, checks every solution and prints the timings next "
                                "to schedula's.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_repeats < 1 || opt_sleep_repeats < 1)
    {
      g_printerr ("--repeats and --sleep-repeats must be at least 1\n");
      return 2;
    }
  if (opt_timeout > 0)
    alarm ((guint) opt_timeout);
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_log_set_writer_func (log_writer, NULL, NULL);
  if (!setup_environment (&error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  executors = g_strsplit (opt_executors ? opt_executors : DEFAULT_EXECUTORS, ",", -1);
  for (guint i = 0; executors[i] != NULL; i++)
    {
      g_strstrip (executors[i]);
      if (pool_size_of (executors[i]) > 0)
        schedula_executor_register (executors[i], make_sized_pool, NULL, NULL);
      else if (!g_str_equal (executors[i], "sync") && !g_str_equal (executors[i], "async") &&
               !g_str_equal (executors[i], "parallel") && !g_str_equal (executors[i], "parallel-pool"))
        {
          g_printerr ("unknown executor %s\n", executors[i]);
          return 2;
        }
    }

  policies = g_strsplit (opt_raises ? opt_raises : "model,speculative,silent", ",", -1);
  for (guint i = 0; policies[i] != NULL; i++)
    {
      g_strstrip (policies[i]);
      if (!g_str_equal (policies[i], "model") && !g_str_equal (policies[i], "silent") &&
          !g_str_equal (policies[i], "speculative"))
        {
          g_printerr ("--raises: %s is not model, speculative or silent\n", policies[i]);
          return 2;
        }
    }

  bench_dir = g_strdup (opt_bench_dir ? opt_bench_dir : BENCH_DEFAULT_DIR);
  if (opt_only != NULL && (only = g_regex_new (opt_only, 0, 0, &error)) == NULL)
    {
      g_printerr ("--only: %s\n", error->message);
      return 2;
    }
  if (opt_files != NULL && opt_files[0] != NULL)
    for (guint i = 0; opt_files[i] != NULL; i++)
      g_ptr_array_add (paths, g_strdup (opt_files[i]));
  else
    {
      g_auto(GStrv) names = g_strsplit (DEFAULT_MODELS, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add (paths, g_strdup_printf ("%s/models/%s.json", bench_dir, names[i]));
    }

  baseline = bench_baseline_load_or_warn (opt_baseline, bench_dir, "no figures of schedula");

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(Model) m = NULL;

      m = model_load (path, &error);
      if (m == NULL)
        {
          g_printerr ("%s: %s\n", path, error->message);
          g_clear_error (&error);
          failed = TRUE;
          continue;
        }
      if (only != NULL && !g_regex_match (only, m->model->name, 0, NULL))
        continue;
      g_print ("== %s: %u functions (%u sum, %u sleep, %u raise), own time %.3f s\n",
               m->model->name, m->n_functions, m->model->n_sum, m->model->n_sleep,
               m->model->n_raise, m->own_s);
      for (guint k = 0; policies[k] != NULL; k++)
        {
          gboolean silent = g_str_equal (policies[k], "silent");

          schedula_dispatcher_set_raises (m->model->dispatcher,
                                          m->model->raises && !silent ? SCHEDULA_RAISES_RAISE
                                                                      : SCHEDULA_RAISES_RECORD_SILENTLY);
          for (guint j = 0; executors[j] != NULL; j++)
            {
              Result *r;

              /* no call waits for another under sync: the policy changes nothing */
              if ((silent || g_str_equal (policies[k], "speculative")) && g_str_equal (executors[j], "sync") &&
                  g_strv_length (policies) > 1)
                continue;
              r = run_executor (m, executors[j], policies[k]);
              failed |= r->failed;
              g_ptr_array_add (results, r);
            }
        }
    }

  tables = render (results, baseline);
  g_print ("\n%s", tables->str);
  if (bench_log_n_problems () > 0)
    {
      g_print ("\n%u warnings or criticals were logged (see above)\n", bench_log_n_problems ());
      failed = TRUE;
    }
  if (opt_markdown != NULL &&
      !g_file_set_contents (opt_markdown, tables->str, (gssize) tables->len, &error))
    {
      g_printerr ("%s\n", error->message);
      failed = TRUE;
    }
  g_free (opt_executors);
  g_free (opt_only);
  g_free (opt_bench_dir);
  g_free (opt_baseline);
  g_free (opt_module);
  g_free (opt_markdown);
  g_free (opt_raises);
  g_strfreev (opt_files);
  g_free (module_path);
  /* wrong solutions fail the run; timings never do */
  return failed ? 1 : 0;
}
