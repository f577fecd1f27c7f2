/* bench-dispatch.c: dispatch the benchmark models, check and time them
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Loads the neutral benchmark models ("schedula-bench-model/1", written by
 * bench_schedula.py), dispatches each with C node functions, checks the
 * solutions against the file's "expected" block (what schedula computed),
 * and reports build/dispatch times, µs per function and peak RSS next to the
 * reference's figures from schedula_baseline.json.
 *
 * Each model runs in a fresh process (the program re-executes itself with
 * --one FILE) so that the peak RSS is the one of that model alone. The child
 * prints human-readable check lines and one machine-readable line starting
 * with "@@bench-result"; the parent collects these lines and prints the
 * tables at the end.
 *
 * Per model (child):
 *   build     parse + build of the dispatcher (the library's add_* calls are
 *             also timed on their own)
 *   first     the first dispatch, targeted (inputs + "outputs"); it includes
 *             the library's one-time compile of the model
 *   targeted  median of R timed targeted dispatches after the first one
 *   full      a first full dispatch (inputs only, outputs NULL; its time is
 *             in the details, not in the table), then the median of R
 *             timed ones
 *   A dispatch's time is the schedula_dispatcher_dispatch() call plus the
 *   g_object_unref() that frees its solution (schedula's timings include
 *   freeing the previous solution too); summarizing the solution in between
 *   is not timed. Every solution is summarized (number of
 *   values, functions in the workflow, checksum, errors, target values); the
 *   first one of each kind is compared with "expected" and all later ones
 *   with the first.
 */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <schedula-glib.h>

#include "bench-baseline.h"
#include "bench-model.h"
#include "bench-util.h"

#define RESULT_PREFIX "@@bench-result"

/* exit statuses of --one */
#define EXIT_MISMATCH 1
#define EXIT_ERROR 2

static gint     opt_repeats = 5;
static char    *opt_only = NULL;
static char    *opt_one = NULL;
static char    *opt_bench_dir = NULL;
static char    *opt_baseline = NULL;
static char    *opt_markdown = NULL;
static gboolean opt_include_exec = FALSE;
static gint     opt_timeout = 3600;
static gdouble  opt_budget = 60.0;
static char   **opt_files = NULL;

static GOptionEntry entries[] = {
  { "repeats", 'r', 0, G_OPTION_ARG_INT, &opt_repeats,
    "Timed repeats of each dispatch; the median is reported (default 5)", "R" },
  BENCH_MODEL_OPTION_ENTRIES (opt_only, opt_bench_dir, opt_baseline),
  { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &opt_markdown,
    "Also write the result tables to FILE", "FILE" },
  { "include-exec", 0, 0, G_OPTION_ARG_NONE, &opt_include_exec,
    "Also run the executor models (exec_*) synchronously (skipped by default)", NULL },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
    "Kill a model's process after SECONDS (default 3600)", "SECONDS" },
  { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &opt_budget,
    "When a first dispatch takes longer than SECONDS, time only 1 repeat (default 60)", "SECONDS" },
  { "one", 0, 0, G_OPTION_ARG_FILENAME, &opt_one,
    "Run one model in this process and print its result line (used internally)", "FILE" },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL,
    "[MODEL.json|DIR...]" },
  { NULL }
};

/* ======================================================================== */
/* Child: one model                                                          */
/* ======================================================================== */

typedef enum {
  TARGET_ABSENT,
  TARGET_INT,
  TARGET_OTHER,   /* present, not a gint64 */
} TargetState;

typedef struct {
  gboolean     ok;               /* the dispatch returned a solution */
  char        *error;            /* otherwise */
  guint        n_data;
  guint        n_iterated;       /* values seen by schedula_solution_iter_next() */
  guint        n_non_int;        /* values that are not gint64 (ignored by the checksum) */
  guint        n_functions_run;
  guint        n_failed;
  gint64       checksum;
  guint        n_targets;
  TargetState *target_state;
  gint64      *target_value;
} Summary;

static void
summary_clear (Summary *s)
{
  g_clear_pointer (&s->error, g_free);
  g_clear_pointer (&s->target_state, g_free);
  g_clear_pointer (&s->target_value, g_free);
  memset (s, 0, sizeof *s);
}

static void
summarize (BenchModel       *model,
           SchedulaSolution *sol,
           Summary          *s)
{
  const GValue *value;

  s->ok = TRUE;
  s->n_data = schedula_solution_get_n_values (sol);
  s->n_failed = schedula_solution_get_n_errors (sol);
  /* checksum: sum of the integer values mod M (bench_schedula.py ignores
   * the others) */
  s->checksum = bench_solution_checksum (sol, model->modulus, &s->n_iterated, &s->n_non_int);
  s->n_functions_run = bench_solution_n_functions_run (sol);

  s->n_targets = g_strv_length (model->outputs);
  s->target_state = g_new0 (TargetState, s->n_targets);
  s->target_value = g_new0 (gint64, s->n_targets);
  for (guint i = 0; i < s->n_targets; i++)
    {
      if (!schedula_solution_lookup_extended (sol, model->outputs[i], &value))
        s->target_state[i] = TARGET_ABSENT;
      else if (value != NULL && G_VALUE_HOLDS_INT64 (value))
        {
          s->target_state[i] = TARGET_INT;
          s->target_value[i] = g_value_get_int64 (value);
        }
      else
        s->target_state[i] = TARGET_OTHER;
    }
}

/* NULL when equal, else what differs. */
static char *
summary_diff (const Summary *a,
              const Summary *b)
{
  g_autoptr(GString) d = g_string_new (NULL);

  if (a->ok != b->ok)
    return g_strdup_printf ("dispatch %s vs %s", a->ok ? "succeeded" : "failed",
                            b->ok ? "succeeded" : "failed");
  if (!a->ok)
    return NULL;
#define CMP(field, fmt)                                                    \
  if (a->field != b->field)                                                \
    g_string_append_printf (d, "%s" #field " %" fmt " vs %" fmt,           \
                            d->len ? ", " : "", a->field, b->field)
  CMP (n_data, "u");
  CMP (n_functions_run, "u");
  CMP (n_failed, "u");
  CMP (checksum, G_GINT64_FORMAT);
  CMP (n_non_int, "u");
#undef CMP
  for (guint i = 0; i < a->n_targets && i < b->n_targets; i++)
    {
      if (a->target_state[i] != b->target_state[i] ||
          (a->target_state[i] == TARGET_INT && a->target_value[i] != b->target_value[i]))
        {
          g_string_append_printf (d, "%starget %u differs", d->len ? ", " : "", i);
          break;
        }
    }
  if (d->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&d), FALSE);
}

/* One dispatch: *@ns is the time of the dispatch call plus the time of
 * releasing the returned solution (the dispatcher itself only keeps a weak
 * reference to it), *@free_ns the latter alone. The summary is made between
 * the two, untimed. */
static gboolean
dispatch_once (BenchModel         *model,
               const char *const  *outputs,
               gint64             *ns,
               gint64             *free_ns,
               Summary            *s)
{
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0, dispatch_ns;

  t0 = bench_now_ns ();
  sol = schedula_dispatcher_dispatch (model->dispatcher, model->inputs, outputs,
                                      NULL, NULL, &error);
  dispatch_ns = bench_now_ns () - t0;

  if (sol == NULL)
    {
      *ns = dispatch_ns;
      *free_ns = 0;
      s->ok = FALSE;
      s->error = g_strdup_printf ("%s (%s %d)", error->message,
                                  g_quark_to_string (error->domain), error->code);
      return FALSE;
    }
  summarize (model, sol, s);

  t0 = bench_now_ns ();
  g_clear_object (&sol);
  *free_ns = bench_now_ns () - t0;
  *ns = dispatch_ns + *free_ns;
  return TRUE;
}

typedef struct {
  const char *label;       /* "targeted" or "full" */
  gint64      first_ns;
  gint64      first_free_ns;
  gint64      rss_after_first_kib;
  GArray     *times;       /* gint64 ns of the timed repeats (dispatch + free) */
  GArray     *free_times;  /* gint64 ns of freeing their solutions */
  Summary     first;       /* the summary checked against "expected" */
  guint       n_runs;      /* solutions compared with the first */
  guint       n_unstable;  /* ... that differed from it */
  char       *unstable;    /* the first difference */
} ModeRun;

static void
mode_run_clear (ModeRun *r)
{
  g_clear_pointer (&r->times, g_array_unref);
  g_clear_pointer (&r->free_times, g_array_unref);
  summary_clear (&r->first);
  g_clear_pointer (&r->unstable, g_free);
}

static void
run_mode (BenchModel         *model,
          const char *const  *outputs,
          ModeRun            *r)
{
  guint repeats = (guint) opt_repeats;

  r->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  r->free_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  dispatch_once (model, outputs, &r->first_ns, &r->first_free_ns, &r->first);
  r->rss_after_first_kib = bench_current_rss_kib ();
  if (!r->first.ok)
    return;  /* the timing of failing dispatches means nothing */

  if (r->first_ns / 1e9 > opt_budget && repeats > 1)
    {
      g_print ("  note: the first %s dispatch took %.1f s > %.0f s budget: 1 timed repeat only\n",
               r->label, r->first_ns / 1e9, opt_budget);
      repeats = 1;
    }
  for (guint i = 0; i < repeats; i++)
    {
      Summary s = { 0, };
      gint64 ns, free_ns;
      char *diff;

      dispatch_once (model, outputs, &ns, &free_ns, &s);
      if (s.ok)
        {
          g_array_append_val (r->times, ns);
          g_array_append_val (r->free_times, free_ns);
        }
      r->n_runs++;
      diff = summary_diff (&r->first, &s);
      if (diff != NULL)
        {
          r->n_unstable++;
          if (r->unstable == NULL)
            r->unstable = g_strdup_printf ("run %u: %s%s%s", i + 2, diff,
                                           s.error ? ": " : "", s.error ? s.error : "");
          g_free (diff);
        }
      summary_clear (&s);
    }
}

typedef struct {
  guint n_checks;
  guint n_mismatch;
} Checks;

G_GNUC_PRINTF (4, 5)
static void
check (Checks     *c,
       gboolean    ok,
       const char *what,
       const char *format,
       ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_strdelimit (detail, "\n\r", ' ');  /* one line per check */
  c->n_checks++;
  if (!ok)
    c->n_mismatch++;
  g_print ("  [%s] %s: %s\n", ok ? "OK" : "MISMATCH", what, detail);
}

static void
check_int (Checks     *c,
           const char *mode,
           const char *field,
           gint64      expected,
           gint64      got)
{
  g_autofree char *what = g_strdup_printf ("%s %s", mode, field);

  if (expected == got)
    check (c, TRUE, what, "%" G_GINT64_FORMAT, got);
  else
    check (c, FALSE, what, "expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, expected, got);
}

static void
check_mode (Checks              *c,
            BenchModel          *model,
            const BenchExpected *exp,
            ModeRun             *r)
{
  const Summary *s = &r->first;
  const char *mode = r->label;

  if (!s->ok)
    {
      g_autofree char *what = g_strdup_printf ("%s dispatch", mode);

      check (c, FALSE, what, "failed: %s", s->error);
      return;
    }

  if (s->n_iterated != s->n_data)
    {
      g_autofree char *what = g_strdup_printf ("%s solution iteration", mode);

      check (c, FALSE, what, "get_n_values() is %u but the iterator gives %u values",
             s->n_data, s->n_iterated);
    }
  if (s->n_non_int != 0)
    g_print ("  note: %s solution has %u values that are not gint64 (not in the checksum)\n",
             mode, s->n_non_int);

  if (!exp->present)
    g_print ("  note: no expected.%s block in the file: nothing to compare\n", mode);
  else
    {
      if (exp->fields & BENCH_EXPECT_VALUES)
        {
          g_autoptr(GString) bad = g_string_new (NULL);
          g_autofree char *what = g_strdup_printf ("%s values", mode);
          guint n_bad = 0, n_expected = 0, n_unreached = 0;

          for (guint i = 0; i < s->n_targets; i++)
            {
              const char *id = model->outputs[i];
              const gint64 *want = g_hash_table_lookup (exp->values, id);
              gboolean ok;

              if (want != NULL)
                {
                  n_expected++;
                  ok = s->target_state[i] == TARGET_INT && s->target_value[i] == *want;
                }
              else  /* schedula did not reach it: neither must we */
                {
                  n_unreached++;
                  ok = s->target_state[i] == TARGET_ABSENT;
                }
              if (ok)
                continue;
              if (n_bad++ < 8)
                {
                  g_string_append_printf (bad, "%s%s expected ", bad->len ? "; " : "", id);
                  if (want != NULL)
                    g_string_append_printf (bad, "%" G_GINT64_FORMAT, *want);
                  else
                    g_string_append (bad, "absent");
                  g_string_append (bad, ", got ");
                  if (s->target_state[i] == TARGET_INT)
                    g_string_append_printf (bad, "%" G_GINT64_FORMAT, s->target_value[i]);
                  else if (s->target_state[i] == TARGET_ABSENT)
                    g_string_append (bad, "absent");
                  else
                    g_string_append (bad, "a non-gint64 value");
                }
            }
          /* expected ids that are not targets of the file cannot be checked */
          if (n_expected != g_hash_table_size (exp->values))
            {
              n_bad++;
              g_string_append_printf (bad, "%sexpected.%s.values has ids that are not in \"outputs\"",
                                      bad->len ? "; " : "", mode);
            }
          if (n_bad == 0)
            check (c, TRUE, what, "%u target values equal%s", n_expected,
                   n_unreached ? " and the unreached targets absent" : "");
          else
            check (c, FALSE, what, "%u wrong: %s%s", n_bad, bad->str, n_bad > 8 ? "; ..." : "");
        }
      if (exp->fields & BENCH_EXPECT_N_DATA)
        check_int (c, mode, "n_data", exp->n_data, s->n_data);
      if (exp->fields & BENCH_EXPECT_N_FUNCTIONS_RUN)
        check_int (c, mode, "n_functions_run", exp->n_functions_run, s->n_functions_run);
      if (exp->fields & BENCH_EXPECT_CHECKSUM)
        check_int (c, mode, "checksum", exp->checksum, s->checksum);
      if (exp->fields & BENCH_EXPECT_N_FAILED)
        check_int (c, mode, "n_failed", exp->n_failed, s->n_failed);
    }

  if (r->n_runs > 0)
    {
      g_autofree char *what = g_strdup_printf ("%s repeatable", mode);

      if (r->n_unstable == 0)
        check (c, TRUE, what, "%u later solutions identical to the first", r->n_runs);
      else
        check (c, FALSE, what, "%u of %u later solutions differ from the first (%s)",
               r->n_unstable, r->n_runs, r->unstable);
    }
}

static char *
model_name_from_path (const char *path)
{
  char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - strlen (".json")] = '\0';
  return base;
}

static int
run_one (const char *path)
{
  g_autoptr(BenchModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (RESULT_PREFIX);
  ModeRun targeted = { .label = "targeted" };
  ModeRun full = { .label = "full" };
  Checks checks = { 0, };
  gint64 t0, build_ns, free_ns, rss_build;
  const char *status;
  int ret;

  if (opt_timeout > 0)
    alarm ((guint) opt_timeout);  /* the parent sees SIGALRM as a timeout */
  /* the parent echoes our lines as they come */
  setvbuf (stdout, NULL, _IOLBF, 0);
  /* GLib warnings and criticals logged while the model runs: each one is a
   * problem to report */
  g_log_set_writer_func (bench_log_writer, NULL, NULL);

  t0 = bench_now_ns ();
  model = bench_model_load (path, opt_include_exec ? BENCH_MODEL_LOAD_NONE
                                                   : BENCH_MODEL_LOAD_SKIP_EXEC, &error);
  build_ns = bench_now_ns () - t0;
  if (model == NULL)
    {
      g_autofree char *name = model_name_from_path (path);

      g_print ("  [ERROR] loading %s: %s\n", path, error->message);
      bench_result_add_str (line, "name", name);
      bench_result_add_str (line, "status", "error");
      g_print ("%s\n", line->str);
      return EXIT_ERROR;
    }
  rss_build = bench_current_rss_kib ();

  bench_result_add_str (line, "name", model->name);
  bench_result_add_str (line, "family", model->family);
  if (model->skipped)
    {
      g_print ("  skipped: family \"%s\" is an executor benchmark (--include-exec runs it)\n",
               model->family);
      bench_result_add_str (line, "status", "skipped");
      g_print ("%s\n", line->str);
      return 0;
    }

  g_print ("  loaded: %u data nodes, %u functions (%u sum, %u raise, %u sleep; %u function objects), "
           "raises=%s, %u inputs, %u targets\n",
           model->n_data_nodes, model->n_functions, model->n_sum, model->n_raise, model->n_sleep,
           model->n_function_objects, model->raises ? "true" : "false",
           g_hash_table_size (model->inputs), g_strv_length (model->outputs));
  g_print ("  build: %.2f ms (of which library add_data/add_function: %.2f ms), RSS %.1f MiB\n",
           build_ns / 1e6, model->library_ns / 1e6, rss_build / 1024.0);

  run_mode (model, (const char *const *) model->outputs, &targeted);
  run_mode (model, NULL, &full);

  check_mode (&checks, model, &model->expected_targeted, &targeted);
  check_mode (&checks, model, &model->expected_full, &full);
  {
    guint n_problems = bench_log_n_problems ();

    if (n_problems == 0)
      check (&checks, TRUE, "GLib log", "no warning or critical logged");
    else
      check (&checks, FALSE, "GLib log", "%u warnings/criticals logged (see stderr)", n_problems);
  }

  if (targeted.first.ok)
    g_print ("  targeted: first %.3f ms, median %.3f ms (min %.3f, max %.3f, %u runs; "
             "of which freeing the solution: first %.3f ms, median %.3f ms), "
             "%u functions run; RSS after the first %.1f MiB\n",
             targeted.first_ns / 1e6, bench_median_ns (targeted.times) / 1e6,
             bench_min_ns (targeted.times) / 1e6, bench_max_ns (targeted.times) / 1e6,
             targeted.times->len, targeted.first_free_ns / 1e6,
             bench_median_ns (targeted.free_times) / 1e6, targeted.first.n_functions_run,
             targeted.rss_after_first_kib / 1024.0);
  if (full.first.ok)
    g_print ("  full: first %.3f ms, median %.3f ms (min %.3f, max %.3f, %u runs; "
             "of which freeing the solution: first %.3f ms, median %.3f ms), "
             "%u functions run, %u failed; RSS after the first %.1f MiB\n",
             full.first_ns / 1e6, bench_median_ns (full.times) / 1e6,
             bench_min_ns (full.times) / 1e6, bench_max_ns (full.times) / 1e6,
             full.times->len, full.first_free_ns / 1e6, bench_median_ns (full.free_times) / 1e6,
             full.first.n_functions_run, full.first.n_failed,
             full.rss_after_first_kib / 1024.0);

  if (checks.n_mismatch > 0)
    {
      status = "mismatch";
      ret = EXIT_MISMATCH;
    }
  else
    {
      status = "ok";
      ret = 0;
    }
  bench_result_add_str (line, "status", status);
  bench_result_add (line, "n_functions", model->n_functions);
  bench_result_add (line, "n_data_nodes", model->n_data_nodes);
  bench_result_add (line, "repeats", opt_repeats);
  bench_result_add (line, "build_ns", build_ns);
  bench_result_add (line, "library_build_ns", model->library_ns);
  bench_result_add (line, "first_ns", targeted.first.ok ? targeted.first_ns : -1);
  bench_result_add (line, "targeted_ns", bench_median_ns (targeted.times));
  bench_result_add (line, "targeted_min_ns", bench_min_ns (targeted.times));
  bench_result_add (line, "targeted_max_ns", bench_max_ns (targeted.times));
  bench_result_add (line, "targeted_runs", targeted.times->len);
  bench_result_add (line, "targeted_free_ns", bench_median_ns (targeted.free_times));
  bench_result_add (line, "targeted_functions_run", targeted.first.ok ? (gint64) targeted.first.n_functions_run : -1);
  bench_result_add (line, "full_first_ns", full.first.ok ? full.first_ns : -1);
  bench_result_add (line, "full_ns", bench_median_ns (full.times));
  bench_result_add (line, "full_min_ns", bench_min_ns (full.times));
  bench_result_add (line, "full_max_ns", bench_max_ns (full.times));
  bench_result_add (line, "full_runs", full.times->len);
  bench_result_add (line, "full_free_ns", bench_median_ns (full.free_times));
  bench_result_add (line, "full_functions_run", full.first.ok ? (gint64) full.first.n_functions_run : -1);
  bench_result_add (line, "full_failed", full.first.ok ? (gint64) full.first.n_failed : -1);
  bench_result_add (line, "rss_build_kib", rss_build);
  bench_result_add (line, "rss_targeted_first_kib", targeted.rss_after_first_kib);
  bench_result_add (line, "rss_full_first_kib", full.rss_after_first_kib);
  bench_result_add (line, "rss_end_kib", bench_current_rss_kib ());
  bench_result_add (line, "peak_rss_kib", bench_peak_rss_kib ());
  bench_result_add (line, "n_checks", checks.n_checks);
  bench_result_add (line, "n_mismatch", checks.n_mismatch);

  mode_run_clear (&targeted);
  mode_run_clear (&full);

  /* the teardown is timed too, and a crash in it is reported as a crash */
  t0 = bench_now_ns ();
  g_clear_pointer (&model, bench_model_free);
  free_ns = bench_now_ns () - t0;
  bench_result_add (line, "free_ns", free_ns);
  g_print ("  teardown (unref of the dispatcher and its last solution): %.2f ms\n",
           free_ns / 1e6);
  g_print ("%s\n", line->str);
  return ret;
}

/* ======================================================================== */
/* Parent: one child per model, then the tables                             */
/* ======================================================================== */

typedef struct {
  char       *path;
  char       *name;      /* from the file name, until the child says */
  GHashTable *result;    /* key -> value of the result line, NULL if none */
  char       *outcome;   /* "OK (14/14)", "MISMATCH (2/14)", "CRASH (…)", … */
  gboolean    failed;
  gboolean    skipped;
  GPtrArray  *mismatches;  /* the child's [MISMATCH]/[ERROR] lines */
} Row;

static void
row_free (gpointer p)
{
  Row *row = p;

  g_free (row->path);
  g_free (row->name);
  g_clear_pointer (&row->result, g_hash_table_unref);
  g_free (row->outcome);
  g_ptr_array_unref (row->mismatches);
  g_free (row);
}

static gint64
row_int (Row        *row,
         const char *key)
{
  const char *v;

  if (row->result == NULL || (v = g_hash_table_lookup (row->result, key)) == NULL)
    return -1;
  return g_ascii_strtoll (v, NULL, 10);
}

static void
run_child (const char *self_exe,
           Row        *row)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  g_ptr_array_add (argv, g_strdup (self_exe));
  g_ptr_array_add (argv, g_strdup ("--one"));
  g_ptr_array_add (argv, g_strdup (row->path));
  g_ptr_array_add (argv, g_strdup_printf ("--repeats=%d", opt_repeats));
  g_ptr_array_add (argv, g_strdup_printf ("--timeout=%d", opt_timeout));
  g_ptr_array_add (argv, g_strdup_printf ("--budget=%.17g", opt_budget));
  if (opt_include_exec)
    g_ptr_array_add (argv, g_strdup ("--include-exec"));
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (proc == NULL)
    {
      row->failed = TRUE;
      row->outcome = g_strdup_printf ("ERROR (cannot run: %s)", error->message);
      return;
    }

  /* echo the child's lines as they come, keep the result line */
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while ((text = g_data_input_stream_read_line (in, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (text, RESULT_PREFIX "\t"))
        {
          g_clear_pointer (&row->result, g_hash_table_unref);
          row->result = bench_parse_result_line (text);
        }
      else
        {
          g_print ("%s\n", text);
          if (strstr (text, "[MISMATCH]") != NULL || strstr (text, "[ERROR]") != NULL)
            g_ptr_array_add (row->mismatches, g_strdup (g_strstrip (text)));
        }
      g_free (text);
    }
  if (error != NULL)
    g_printerr ("reading the output of %s: %s\n", row->name, error->message);
  g_clear_error (&error);

  if (!g_subprocess_wait (proc, NULL, &error))
    {
      row->failed = TRUE;
      row->outcome = g_strdup_printf ("ERROR (%s)", error->message);
      return;
    }

  if (row->result != NULL)
    {
      const char *name = g_hash_table_lookup (row->result, "name");

      if (name != NULL && *name != '\0')
        {
          g_free (row->name);
          row->name = g_strdup (name);
        }
    }

  if (g_subprocess_get_if_signaled (proc))
    {
      int sig = g_subprocess_get_term_sig (proc);

      row->failed = TRUE;
      if (sig == SIGALRM)
        row->outcome = g_strdup_printf ("TIMEOUT (> %d s)", opt_timeout);
      else
        row->outcome = g_strdup_printf ("CRASH (signal %d, %s)", sig, g_strsignal (sig));
      g_ptr_array_add (row->mismatches, g_strdup (row->outcome));
      g_print ("  %s\n", row->outcome);
      return;
    }

  if (row->result == NULL)
    {
      row->failed = TRUE;
      row->outcome = g_strdup_printf ("ERROR (exit %d, no result line)",
                                      g_subprocess_get_exit_status (proc));
      g_ptr_array_add (row->mismatches, g_strdup (row->outcome));
      return;
    }

  {
    const char *status = g_hash_table_lookup (row->result, "status");
    gint64 n_checks = row_int (row, "n_checks");
    gint64 n_mismatch = row_int (row, "n_mismatch");

    if (g_strcmp0 (status, "skipped") == 0)
      {
        row->skipped = TRUE;
        row->outcome = g_strdup ("skipped");
      }
    else if (g_strcmp0 (status, "ok") == 0 && g_subprocess_get_exit_status (proc) == 0)
      row->outcome = g_strdup_printf ("OK (%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ")",
                                      n_checks, n_checks);
    else if (g_strcmp0 (status, "mismatch") == 0)
      {
        row->failed = TRUE;
        row->outcome = g_strdup_printf ("MISMATCH (%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ")",
                                        n_mismatch, n_checks);
      }
    else
      {
        row->failed = TRUE;
        row->outcome = g_strdup_printf ("ERROR (status %s, exit %d)", status ? status : "?",
                                        g_subprocess_get_exit_status (proc));
      }
  }
}

/* ---- the tables ---- */

static gdouble
us_per_fn (gint64 ns,
           gint64 n_functions)
{
  if (ns < 0 || n_functions <= 0)
    return NAN;
  return ns / 1e3 / (gdouble) n_functions;
}

static GString *
render_tables (GPtrArray     *rows,
               BenchBaseline *baseline)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) skipped = g_string_new (NULL);

  g_string_append (out, "### libschedula-glib dispatch benchmark\n\n");
  bench_append_machine (out, BENCH_BUILDTYPE, TRUE);
  g_string_append_printf (out,
                          "- each model in a fresh process; build = parse + build of the dispatcher "
                          "from the JSON file; first dispatch = the first targeted dispatch "
                          "(includes the library's one-time compile of the model); targeted "
                          "(inputs + outputs) and full (inputs only) = median of %d timed "
                          "dispatches after a first one; a dispatch's time = the dispatch call "
                          "+ freeing its solution; us/fn = time / functions in the model\n",
                          opt_repeats);
  if (baseline != NULL)
    g_string_append_printf (out,
                            "- schedula: %s (schedula %s, Python %s, %s, nproc %" G_GINT64_FORMAT
                            "): dispatch(inputs) us/fn of the main run; speed-up = schedula's "
                            "full-dispatch time / ours\n",
                            baseline->path,
                            baseline->schedula_version ? baseline->schedula_version : "?",
                            baseline->python_version ? baseline->python_version : "?",
                            baseline->cpu_model ? baseline->cpu_model : "?", baseline->nproc);
  g_string_append (out, "\n"
                   "| model | functions | build ms | first dispatch ms | targeted ms | full ms "
                   "| us/fn targeted | us/fn full | peak RSS MiB | schedula us/fn | speed-up | check |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      const BenchBaselineCase *ref = bench_baseline_lookup (baseline, row->name, FALSE);
      gint64 n = row_int (row, "n_functions");
      gint64 rss = row_int (row, "peak_rss_kib");
      gdouble ours_full = us_per_fn (row_int (row, "full_ns"), n);
      g_autofree char *functions = NULL;
      g_autofree char *build = NULL, *first = NULL, *targeted = NULL, *full = NULL;
      g_autofree char *us_t = NULL, *us_f = NULL, *rss_s = NULL, *ref_us = NULL, *speedup = NULL;

      if (row->skipped)
        {
          g_string_append_printf (skipped, "%s%s", skipped->len ? ", " : "", row->name);
          continue;
        }
      functions = n >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, n) : g_strdup ("-");
      build = bench_fmt_ns_as_ms (row_int (row, "build_ns"));
      first = bench_fmt_ns_as_ms (row_int (row, "first_ns"));
      targeted = bench_fmt_ns_as_ms (row_int (row, "targeted_ns"));
      full = bench_fmt_ns_as_ms (row_int (row, "full_ns"));
      us_t = bench_fmt_num (us_per_fn (row_int (row, "targeted_ns"), n));
      us_f = bench_fmt_num (ours_full);
      rss_s = rss >= 0 ? g_strdup_printf ("%.1f", rss / 1024.0) : g_strdup ("-");
      ref_us = bench_fmt_num (ref ? ref->full_us_per_function : NAN);
      speedup = bench_fmt_ratio (ref ? ref->full_us_per_function / ours_full : NAN);
      g_string_append_printf (out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                              row->name, functions, build, first, targeted, full, us_t, us_f,
                              rss_s, ref_us, speedup, row->outcome);
    }

  if (baseline != NULL)
    {
      g_string_append (out, "\n#### Side by side with schedula (second run of the reference in parentheses)\n\n"
                       "| model | build ms ours / schedula | targeted us/fn ours / schedula | speed-up "
                       "| full us/fn ours / schedula | speed-up | peak RSS MiB ours / schedula |\n"
                       "|---|---|---|---:|---|---:|---|\n");
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = g_ptr_array_index (rows, i);
          const BenchBaselineCase *ref = bench_baseline_lookup (baseline, row->name, FALSE);
          const BenchBaselineCase *ref2 = bench_baseline_lookup (baseline, row->name, TRUE);
          gint64 n = row_int (row, "n_functions");
          gdouble ours_t = us_per_fn (row_int (row, "targeted_ns"), n);
          gdouble ours_f = us_per_fn (row_int (row, "full_ns"), n);
          gint64 rss = row_int (row, "peak_rss_kib");
          g_autofree char *b_ours = bench_fmt_ns_as_ms (row_int (row, "build_ns"));
          g_autofree char *b_ref = NULL, *b_ref2 = NULL;
          g_autofree char *t_ours = bench_fmt_num (ours_t), *t_ref = NULL, *t_ref2 = NULL, *t_x = NULL;
          g_autofree char *f_ours = bench_fmt_num (ours_f), *f_ref = NULL, *f_ref2 = NULL, *f_x = NULL;
          g_autofree char *r_ours = NULL, *r_ref = NULL;

          if (row->skipped || ref == NULL)
            continue;
          b_ref = bench_fmt_ns_as_ms (isnan (ref->build_s) ? -1 : (gint64) (ref->build_s * 1e9));
          b_ref2 = ref2 ? bench_fmt_ns_as_ms (isnan (ref2->build_s) ? -1 : (gint64) (ref2->build_s * 1e9)) : g_strdup ("-");
          t_ref = bench_fmt_num (ref->targeted_us_per_function);
          t_ref2 = bench_fmt_num (ref2 ? ref2->targeted_us_per_function : NAN);
          t_x = bench_fmt_ratio (ref->targeted_us_per_function / ours_t);
          f_ref = bench_fmt_num (ref->full_us_per_function);
          f_ref2 = bench_fmt_num (ref2 ? ref2->full_us_per_function : NAN);
          f_x = bench_fmt_ratio (ref->full_us_per_function / ours_f);
          r_ours = rss >= 0 ? g_strdup_printf ("%.1f", rss / 1024.0) : g_strdup ("-");
          r_ref = ref->peak_rss_kb >= 0 ? g_strdup_printf ("%.0f", ref->peak_rss_kb / 1024.0) : g_strdup ("-");
          g_string_append_printf (out, "| %s | %s / %s (%s) | %s / %s (%s) | %s | %s / %s (%s) | %s | %s / %s |\n",
                                  row->name, b_ours, b_ref, b_ref2, t_ours, t_ref, t_ref2, t_x,
                                  f_ours, f_ref, f_ref2, f_x, r_ours, r_ref);
        }
    }

  if (skipped->len > 0)
    g_string_append_printf (out, "\nSkipped (executor benchmarks, measured with a later issue; "
                            "--include-exec runs them synchronously): %s\n", skipped->str);

  {
    gboolean any = FALSE;

    for (guint i = 0; i < rows->len; i++)
      {
        Row *row = g_ptr_array_index (rows, i);

        if (!row->failed)
          continue;
        if (!any)
          g_string_append (out, "\n#### Problems\n\n");
        any = TRUE;
        g_string_append_printf (out, "- %s: %s\n", row->name, row->outcome);
        for (guint j = 0; j < row->mismatches->len; j++)
          {
            const char *m = g_ptr_array_index (row->mismatches, j);

            if (g_strcmp0 (m, row->outcome) != 0)
              g_string_append_printf (out, "  - %s\n", m);
          }
      }
  }
  return out;
}

/* ---- the list of models ---- */

static gint
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = *(const Row *const *) a;
  const Row *rb = *(const Row *const *) b;
  g_autofree char *ka = g_utf8_collate_key_for_filename (ra->name, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (rb->name, -1);

  return strcmp (ka, kb);
}

static void
add_model (GPtrArray  *rows,
           const char *path,
           GRegex     *only)
{
  Row *row;
  g_autofree char *name = model_name_from_path (path);

  if (only != NULL && !g_regex_match (only, name, 0, NULL))
    return;
  row = g_new0 (Row, 1);
  row->path = g_strdup (path);
  row->name = g_steal_pointer (&name);
  row->mismatches = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (rows, row);
}

static gboolean
collect_models (GPtrArray   *rows,
                const char  *path,
                GRegex      *only,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file", path);
          return FALSE;
        }
      add_model (rows, path, only);
      return TRUE;
    }
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = NULL;

      if (!g_str_has_suffix (entry, ".json") || strcmp (entry, "index.json") == 0)
        continue;
      full = g_build_filename (path, entry, NULL);
      add_model (rows, full, only);
    }
  return TRUE;
}

static int
run_all (const char *argv0)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GRegex) only = NULL;
  g_autoptr(BenchBaseline) baseline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tables = NULL;
  g_autofree char *bench_dir = g_strdup (opt_bench_dir ? opt_bench_dir : BENCH_DEFAULT_DIR);
  g_autofree char *self_exe = bench_self_executable (argv0);
  gboolean failed = FALSE;

  if (opt_only != NULL)
    {
      only = g_regex_new (opt_only, 0, 0, &error);
      if (only == NULL)
        {
          g_printerr ("--only: %s\n", error->message);
          return EXIT_ERROR;
        }
    }

  if (opt_files != NULL && opt_files[0] != NULL)
    {
      for (guint i = 0; opt_files[i] != NULL; i++)
        if (!collect_models (rows, opt_files[i], only, &error))
          {
            g_printerr ("%s\n", error->message);
            return EXIT_ERROR;
          }
    }
  else
    {
      g_autofree char *models = g_build_filename (bench_dir, "models", NULL);

      if (!collect_models (rows, models, only, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_ERROR;
        }
    }
  if (rows->len == 0)
    {
      g_printerr ("No model to run\n");
      return EXIT_ERROR;
    }
  g_ptr_array_sort (rows, compare_rows);

  baseline = bench_baseline_load_or_warn (opt_baseline, bench_dir, "no comparison with schedula");

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      g_print ("== %s (%s)\n", row->name, row->path);
      fflush (stdout);
      run_child (self_exe, row);
      failed |= row->failed;
    }

  tables = render_tables (rows, baseline);
  if (!bench_print_tables (tables, opt_markdown))
    failed = TRUE;
  return failed ? EXIT_MISMATCH : 0;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (!bench_parse_options ("Dispatches the schedula benchmark models (schedula-bench-model/1 JSON files),\n"
                            "checks the solutions against their \"expected\" block and compares the timings\n"
                            "with schedula's. Without arguments, runs DIR/models/*.json.",
                            entries, &opt_repeats, &argc, &argv))
    return EXIT_ERROR;

  if (opt_one != NULL)
    ret = run_one (opt_one);
  else
    ret = run_all (argv[0]);

  g_free (opt_only);
  g_free (opt_one);
  g_free (opt_bench_dir);
  g_free (opt_baseline);
  g_free (opt_markdown);
  g_strfreev (opt_files);
  return ret;
}
