/* bench-io.c: save and load the benchmark models, time them and check the
 * round trip
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 *   ninja -C BUILDDIR bench/bench-io
 *   BUILDDIR/bench/bench-io [--repeats R] [--only REGEX] [--bench-dir DIR]
 *       [--markdown FILE] [MODEL.json|DIR...]
 *   BUILDDIR/bench/bench-io --check [--only REGEX] [MODEL.json|DIR...]
 *
 * The benchmark models ("schedula-bench-model/1", written by
 * bench_schedula.py) are built by bench-model.c, saved to a model file
 * (schedula_dispatcher_save_to_file) and loaded back
 * (schedula_dispatcher_new_from_file). The models named run; without
 * model arguments (or with a directory), the chain, dag and dag_alt models
 * of 1k, 10k and 100k functions and fanout_10000 of DIR/models, or those
 * --only says (the executor models, exec_*, never run).
 *
 * bench-model.c gives its node functions names and no reference (sum_C for
 * the sums with the constant C, raise, sleep_SECONDS_C), so a file names
 * them by name: the process that loads it puts the functions of the model
 * built from the same benchmark file in a SchedulaFunctionRegistry.
 *
 * Benchmark (the default): per model, two fresh processes (the program
 * re-executes itself with --step), so that each peak RSS is the one of its
 * step alone:
 *   save   builds the model (build s, its peak RSS), then saves it R times
 *          to the same file (save s = the median; the peak RSS of the first
 *          save, the high-water mark reset through /proc/self/clear_refs
 *          after the build, so it is the built model plus what saving
 *          needs); the size of the file.
 *   load   builds the model of the benchmark file for its functions, puts
 *          them in a registry and frees the dispatcher, gives its memory
 *          back (the steps run with G_SLICE=always-malloc, as GLib 2.76 and
 *          later always do, and malloc_trim()), resets the high-water
 *          mark, then loads the file
 *          R times (load s = the median, each after freeing the previous
 *          one; the peak RSS of the first load). Then the loaded model is
 *          checked: its targeted and full dispatches give what the file's
 *          "expected" block says, and saving it again gives the same bytes.
 * Each step prints one line that starts with "@@bench-io", fields
 * KEY=VALUE separated by tabs: bench_io.py runs the steps of this program
 * itself, next to schedula's save_dispatcher and load_dispatcher.
 *
 * --check (the test of bench/meson.build): per model, in this process and
 * untimed: the model is built, saved, loaded from the file with a registry
 * of its functions, and both are dispatched (targeted and full): the
 * solutions of the loaded model are those of the model that was saved
 * (every value, in order, the errors, the functions run) and what the
 * file's "expected" block says; saving the loaded model gives the bytes of
 * the file, and save_to_bytes those of save_to_file. Exit status 0 when
 * everything matched, 1 when something did not, 77 (skipped) when the
 * benchmark models are not there.
 */

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <schedula-glib.h>

#include "bench-model.h"
#include "bench-util.h"

#define RESULT_PREFIX "@@bench-io"

#define EXIT_MISMATCH 1
#define EXIT_ERROR 2
#define EXIT_SKIPPED 77  /* meson's "skipped" */

/* The models of a directory that run without --only */
#define DEFAULT_MODELS "^((chain|dag|dag_alt)_(1000|10000|100000)|fanout_10000)$"

static gint      opt_repeats = 5;
static char     *opt_only = NULL;
static char     *opt_bench_dir = NULL;
static char     *opt_markdown = NULL;
static gboolean  opt_check = FALSE;
static char     *opt_step = NULL;
static char    **opt_files = NULL;

static GOptionEntry entries[] = {
  { "repeats", 'r', 0, G_OPTION_ARG_INT, &opt_repeats,
    "Saves and loads per model, timed (default 5)", "R" },
  { "only", 'o', 0, G_OPTION_ARG_STRING, &opt_only,
    "Only the models whose name matches REGEX (default for a directory: " DEFAULT_MODELS ")",
    "REGEX" },
  { "bench-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_bench_dir,
    "Directory with models/ (default " BENCH_DEFAULT_DIR ")", "DIR" },
  { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &opt_markdown,
    "Also write the table to FILE", "FILE" },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
    "Check the round trip of every model, untimed, in this process", NULL },
  { "step", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_step,
    "One step in this process: save MODEL.json FILE, or load MODEL.json FILE", "save|load" },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL, "[MODEL.json|DIR...]" },
  { NULL }
};

/* ======================================================================== */
/* Memory                                                                   */
/* ======================================================================== */

/* Linux resets the RSS high-water mark (VmHWM) when "5" is written to
 * /proc/self/clear_refs. */
static gboolean
peak_rss_reset (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

/* VmHWM in KiB, or -1. The kernel's counters can lag the current RSS by a
 * few pages: the larger of the two. */
static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (hwm = strstr (status, "\nVmHWM:")) == NULL)
    return -1;
  return MAX (g_ascii_strtoll (hwm + strlen ("\nVmHWM:"), NULL, 10), bench_current_rss_kib ());
}

/* ======================================================================== */
/* Checks                                                                   */
/* ======================================================================== */

typedef struct {
  guint n_checks;
  guint n_mismatch;
} Checks;

/* One line per check; @detail is taken */
static void
check_take (Checks     *c,
            gboolean    ok,
            const char *what,
            char       *detail)
{
  c->n_checks++;
  if (!ok)
    c->n_mismatch++;
  g_strdelimit (detail, "\n\r", ' ');
  g_print ("  [%s] %s: %s\n", ok ? "OK" : "MISMATCH", what, detail);
  g_free (detail);
}

/* NULL when @sol is what @exp says (bench_schedula.py's figures), else what
 * differs */
static char *
expected_diff (BenchModel          *model,
               const BenchExpected *exp,
               SchedulaSolution    *sol)
{
  g_autoptr(GString) d = g_string_new (NULL);

  if (!exp->present)
    return g_strdup ("the model has no such expected block");
#define CMP(flag, what, want, got)                                                         \
  if ((exp->fields & (flag)) && (gint64) (want) != (gint64) (got))                         \
    g_string_append_printf (d, "%s%s %" G_GINT64_FORMAT " (expected %" G_GINT64_FORMAT ")", \
                            d->len ? ", " : "", what, (gint64) (got), (gint64) (want))
  CMP (BENCH_EXPECT_N_DATA, "n_data", exp->n_data, schedula_solution_get_n_values (sol));
  CMP (BENCH_EXPECT_N_FUNCTIONS_RUN, "n_functions_run", exp->n_functions_run,
       bench_solution_n_functions_run (sol));
  CMP (BENCH_EXPECT_CHECKSUM, "checksum", exp->checksum,
       bench_solution_checksum (sol, model->modulus, NULL, NULL));
  CMP (BENCH_EXPECT_N_FAILED, "n_failed", exp->n_failed, schedula_solution_get_n_errors (sol));
#undef CMP
  for (guint i = 0; (exp->fields & BENCH_EXPECT_VALUES) && model->outputs[i] != NULL; i++)
    {
      const gint64 *want = g_hash_table_lookup (exp->values, model->outputs[i]);
      const GValue *value;
      gboolean has = schedula_solution_lookup_extended (sol, model->outputs[i], &value);

      /* a target schedula did not reach must not be reached */
      if (want == NULL ? has
                       : !has || value == NULL || !G_VALUE_HOLDS_INT64 (value) ||
                         g_value_get_int64 (value) != *want)
        {
          g_string_append_printf (d, "%starget %s differs", d->len ? ", " : "", model->outputs[i]);
          break;
        }
    }
  if (d->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&d), FALSE);
}

/* NULL when @a and @b hold the same values in the same order, the same
 * number of errors and the same functions run, else what differs */
static char *
solution_diff (SchedulaSolution *a,
               SchedulaSolution *b)
{
  SchedulaSolutionIter ia, ib;
  const char *id_a, *id_b;
  const GValue *va, *vb;
  guint i = 0;

  if (schedula_solution_get_n_values (a) != schedula_solution_get_n_values (b))
    return g_strdup_printf ("%u values, not %u", schedula_solution_get_n_values (b),
                            schedula_solution_get_n_values (a));
  schedula_solution_iter_init (&ia, a);
  schedula_solution_iter_init (&ib, b);
  while (schedula_solution_iter_next (&ia, &id_a, &va))
    {
      g_autofree char *text_a = NULL, *text_b = NULL;

      if (!schedula_solution_iter_next (&ib, &id_b, &vb))
        return g_strdup_printf ("value %u (%s) missing", i, id_a);
      if (strcmp (id_a, id_b) != 0)
        return g_strdup_printf ("value %u is %s, not %s", i, id_b, id_a);
      text_a = va ? g_strdup_value_contents (va) : g_strdup ("NULL");
      text_b = vb ? g_strdup_value_contents (vb) : g_strdup ("NULL");
      if ((va ? G_VALUE_TYPE (va) : G_TYPE_NONE) != (vb ? G_VALUE_TYPE (vb) : G_TYPE_NONE) ||
          strcmp (text_a, text_b) != 0)
        return g_strdup_printf ("%s is %s, not %s", id_a, text_b, text_a);
      i++;
    }
  if (schedula_solution_get_n_errors (a) != schedula_solution_get_n_errors (b))
    return g_strdup_printf ("%u errors, not %u", schedula_solution_get_n_errors (b),
                            schedula_solution_get_n_errors (a));
  if (bench_solution_n_functions_run (a) != bench_solution_n_functions_run (b))
    return g_strdup_printf ("%u functions run, not %u", bench_solution_n_functions_run (b),
                            bench_solution_n_functions_run (a));
  return NULL;
}

static SchedulaSolution *
dispatch (BenchModel          *model,
          SchedulaDispatcher  *dsp,
          const char *const   *outputs,
          char               **problem)
{
  g_autoptr(GError) error = NULL;
  SchedulaSolution *sol;

  sol = schedula_dispatcher_dispatch (dsp, model->inputs, outputs, NULL, NULL, &error);
  if (sol == NULL)
    *problem = g_strdup_printf ("the dispatch failed: %s", error->message);
  return sol;
}

/* The targeted and the full dispatch of @loaded, checked against the
 * file's "expected" block and, with @saved, against the same dispatch of
 * the model that was saved. */
static void
check_dispatches (Checks             *c,
                  BenchModel         *model,
                  SchedulaDispatcher *loaded,
                  SchedulaDispatcher *saved)
{
  for (guint i = 0; i < 2; i++)
    {
      const char *mode = i == 0 ? "targeted" : "full";
      const char *const *outputs = i == 0 ? (const char *const *) model->outputs : NULL;
      const BenchExpected *exp = i == 0 ? &model->expected_targeted : &model->expected_full;
      g_autoptr(SchedulaSolution) sol = NULL;
      g_autoptr(SchedulaSolution) ref = NULL;
      g_autofree char *what = g_strdup_printf ("%s dispatch of the loaded model", mode);
      char *problem = NULL;
      gboolean ok;

      sol = dispatch (model, loaded, outputs, &problem);
      if (sol != NULL)
        problem = expected_diff (model, exp, sol);
      ok = problem == NULL;
      check_take (c, ok, what,
                  ok ? g_strdup ("as the file's \"expected\" block says") : problem);
      problem = NULL;
      if (saved == NULL || sol == NULL)
        continue;

      g_free (what);
      what = g_strdup_printf ("%s dispatch, loaded vs saved", mode);
      ref = dispatch (model, saved, outputs, &problem);
      if (ref != NULL)
        problem = solution_diff (ref, sol);
      ok = problem == NULL;
      check_take (c, ok, what,
                  !ok ? problem
                      : g_strdup_printf ("the same %u values, %u errors, %u functions run",
                                         schedula_solution_get_n_values (sol),
                                         schedula_solution_get_n_errors (sol),
                                         bench_solution_n_functions_run (sol)));
    }
}

/* @what: whether @dsp saves to the bytes @file holds */
static void
check_same_bytes (Checks             *c,
                  const char         *what,
                  SchedulaDispatcher *dsp,
                  GBytes             *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = schedula_dispatcher_save_to_bytes (dsp, &error);
  const char *a, *b;
  gsize na, nb, i, line = 1;

  if (bytes == NULL)
    {
      check_take (c, FALSE, what, g_strdup_printf ("saving failed: %s", error->message));
      return;
    }
  if (g_bytes_equal (bytes, file))
    {
      check_take (c, TRUE, what, g_strdup_printf ("%" G_GSIZE_FORMAT " bytes",
                                                  g_bytes_get_size (file)));
      return;
    }
  a = g_bytes_get_data (file, &na);
  b = g_bytes_get_data (bytes, &nb);
  for (i = 0; i < na && i < nb && a[i] == b[i]; i++)
    if (a[i] == '\n')
      line++;
  check_take (c, FALSE, what,
              g_strdup_printf ("%" G_GSIZE_FORMAT " bytes, not %" G_GSIZE_FORMAT
                               "; they differ from line %" G_GSIZE_FORMAT, nb, na, line));
}

static void
check_log (Checks *c)
{
  guint n = bench_log_n_problems ();

  check_take (c, n == 0, "GLib log",
              n == 0 ? g_strdup ("no warning or critical logged")
                     : g_strdup_printf ("%u warnings or criticals logged (see stderr)", n));
}

/* ======================================================================== */
/* The model, its functions                                                 */
/* ======================================================================== */

static BenchModel *
load_model (const char  *path,
            gint64      *build_ns,
            GString     *line)
{
  g_autoptr(GError) error = NULL;
  BenchModel *model;
  gint64 t0 = bench_now_ns ();

  model = bench_model_load (path, BENCH_MODEL_LOAD_SKIP_EXEC, &error);
  if (build_ns != NULL)
    *build_ns = bench_now_ns () - t0;
  if (model == NULL)
    g_print ("  [ERROR] %s\n", error->message);
  else if (model->skipped)
    g_print ("  skipped: \"%s\" is an executor benchmark\n", model->family);
  if (line != NULL)
    g_string_append_printf (line, "\tstatus=%s",
                            model == NULL ? "error" : model->skipped ? "skipped" : "ok");
  return model;
}

/* A registry of the functions of @dsp's function nodes, by their names */
static SchedulaFunctionRegistry *
registry_of (SchedulaDispatcher *dsp)
{
  SchedulaFunctionRegistry *registry = schedula_function_registry_new ();
  g_autoptr(GHashTable) added = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (dsp));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (dsp), i);
      SchedulaFunction *fn;

      if (!SCHEDULA_IS_FUNCTION_NODE (node))
        continue;
      fn = schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (node));
      if (fn != NULL && g_hash_table_add (added, fn))
        schedula_function_registry_add (registry, NULL, fn);
    }
  return registry;
}

/* ======================================================================== */
/* The steps, each in a process of its own                                  */
/* ======================================================================== */

static void
result_add (GString    *line,
            const char *key,
            gint64      value)
{
  g_string_append_printf (line, "\t%s=%" G_GINT64_FORMAT, key, value);
}

static void
result_add_times (GString    *line,
                  const char *step,
                  GArray     *times)
{
  g_autofree char *median = g_strconcat (step, "_ns", NULL);
  g_autofree char *min = g_strconcat (step, "_min_ns", NULL);
  g_autofree char *first = g_strconcat (step, "_first_ns", NULL);

  result_add (line, median, bench_median_ns (times));
  result_add (line, min, bench_min_ns (times));
  result_add (line, first, times->len > 0 ? g_array_index (times, gint64, 0) : -1);
  g_string_append_printf (line, "\t%s_runs=%u", step, times->len);
}

/* --step save MODEL.json FILE */
static int
step_save (const char *model_path,
           const char *file,
           GString    *line)
{
  g_autoptr(BenchModel) model = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 build_ns, rss_start = bench_current_rss_kib (), save_peak = -1;
  GStatBuf st;

  model = load_model (model_path, &build_ns, line);
  if (model == NULL || model->skipped)
    return model == NULL ? EXIT_ERROR : 0;
  g_string_append_printf (line, "\tname=%s", model->name);
  result_add (line, "n_functions", model->n_functions);
  result_add (line, "n_data", model->n_data_nodes);
  result_add (line, "build_ns", build_ns);
  result_add (line, "rss_start_kib", rss_start);
  result_add (line, "build_peak_kib", peak_rss_kib ());
  result_add (line, "rss_built_kib", bench_current_rss_kib ());
  result_add (line, "peak_reset", peak_rss_reset ());

  for (gint i = 0; i < opt_repeats; i++)
    {
      gint64 t0 = bench_now_ns ();

      if (!schedula_dispatcher_save_to_file (model->dispatcher, file, &error))
        {
          g_print ("  [ERROR] saving %s: %s\n", model->name, error->message);
          g_string_replace (line, "status=ok", "status=error", 1);
          return EXIT_ERROR;
        }
      t0 = bench_now_ns () - t0;
      g_array_append_val (times, t0);
      if (i == 0)
        save_peak = peak_rss_kib ();
    }
  result_add_times (line, "save", times);
  result_add (line, "save_peak_kib", save_peak);
  result_add (line, "file_bytes", g_stat (file, &st) == 0 ? (gint64) st.st_size : -1);
  return 0;
}

/* --step load MODEL.json FILE */
static int
step_load (const char *model_path,
           const char *file,
           GString    *line)
{
  g_autoptr(BenchModel) model = NULL;
  g_autoptr(SchedulaFunctionRegistry) registry = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize len;
  gint64 rss_start = bench_current_rss_kib (), load_peak = -1;
  Checks c = { 0, };

  /* the functions, and the inputs and expected solutions to check with */
  model = load_model (model_path, NULL, line);
  if (model == NULL || model->skipped)
    return model == NULL ? EXIT_ERROR : 0;
  g_string_append_printf (line, "\tname=%s", model->name);
  registry = registry_of (model->dispatcher);
  g_clear_object (&model->dispatcher);
  malloc_trim (0);
  result_add (line, "rss_start_kib", rss_start);
  result_add (line, "rss_before_kib", bench_current_rss_kib ());
  result_add (line, "peak_reset", peak_rss_reset ());

  for (gint i = 0; i < opt_repeats; i++)
    {
      gint64 t0;

      g_clear_object (&loaded);
      t0 = bench_now_ns ();
      loaded = schedula_dispatcher_new_from_file (file, registry, SCHEDULA_LOAD_FLAGS_NONE,
                                                  &error);
      t0 = bench_now_ns () - t0;
      if (loaded == NULL)
        {
          g_print ("  [ERROR] loading %s: %s\n", file, error->message);
          g_string_replace (line, "status=ok", "status=error", 1);
          return EXIT_ERROR;
        }
      g_array_append_val (times, t0);
      if (i == 0)
        load_peak = peak_rss_kib ();
    }
  result_add_times (line, "load", times);
  result_add (line, "load_peak_kib", load_peak);

  check_dispatches (&c, model, loaded, NULL);
  if (!g_file_get_contents (file, &text, &len, &error))
    check_take (&c, FALSE, "saved again", g_strdup (error->message));
  else
    {
      bytes = g_bytes_new_take (g_steal_pointer (&text), len);
      check_same_bytes (&c, "saved again", loaded, bytes);
    }
  check_log (&c);
  result_add (line, "n_checks", c.n_checks);
  result_add (line, "n_mismatch", c.n_mismatch);
  if (c.n_mismatch > 0)
    {
      g_string_replace (line, "status=ok", "status=mismatch", 1);
      return EXIT_MISMATCH;
    }
  return 0;
}

static int
run_step (void)
{
  g_autoptr(GString) line = g_string_new (RESULT_PREFIX);
  int ret;

  if (opt_files == NULL || g_strv_length (opt_files) != 2)
    {
      g_printerr ("--step %s needs MODEL.json FILE\n", opt_step);
      return EXIT_ERROR;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);  /* the parent echoes our lines */
  g_log_set_writer_func (bench_log_writer, NULL, NULL);
  g_string_append_printf (line, "\tstep=%s", opt_step);
  if (strcmp (opt_step, "save") == 0)
    ret = step_save (opt_files[0], opt_files[1], line);
  else if (strcmp (opt_step, "load") == 0)
    ret = step_load (opt_files[0], opt_files[1], line);
  else
    {
      g_printerr ("--step: save or load, not %s\n", opt_step);
      return EXIT_ERROR;
    }
  result_add (line, "peak_rss_kib", peak_rss_kib ());
  g_print ("%s\n", line->str);
  return ret;
}

/* ======================================================================== */
/* --check: the round trip of every model, in this process                  */
/* ======================================================================== */

static gboolean
check_model (const char *path,
             const char *dir)
{
  g_autoptr(BenchModel) model = NULL;
  g_autoptr(SchedulaFunctionRegistry) registry = NULL;
  g_autoptr(SchedulaDispatcher) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  gsize len;
  Checks c = { 0, };

  model = load_model (path, NULL, NULL);
  if (model == NULL || model->skipped)
    return model != NULL;
  g_print ("  %u data nodes, %u functions (%u function objects)\n",
           model->n_data_nodes, model->n_functions, model->n_function_objects);

  file = g_strdup_printf ("%s/%s.model.json", dir, model->name);
  if (!schedula_dispatcher_save_to_file (model->dispatcher, file, &error) ||
      !g_file_get_contents (file, &text, &len, &error))
    {
      check_take (&c, FALSE, "saved", g_strdup (error->message));
      return FALSE;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  check_same_bytes (&c, "save_to_bytes as save_to_file", model->dispatcher, bytes);

  registry = registry_of (model->dispatcher);
  loaded = schedula_dispatcher_new_from_file (file, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  g_unlink (file);
  if (loaded == NULL)
    {
      check_take (&c, FALSE, "loaded", g_strdup (error->message));
      return FALSE;
    }
  check_take (&c, g_list_model_get_n_items (G_LIST_MODEL (loaded)) ==
                  g_list_model_get_n_items (G_LIST_MODEL (model->dispatcher)),
              "loaded", g_strdup_printf ("%u nodes",
                                         g_list_model_get_n_items (G_LIST_MODEL (loaded))));
  check_dispatches (&c, model, loaded, model->dispatcher);
  check_same_bytes (&c, "the loaded model saved again", loaded, bytes);
  check_log (&c);
  return c.n_mismatch == 0;
}

/* ======================================================================== */
/* The models                                                               */
/* ======================================================================== */

static char *
model_name_of (const char *path)
{
  char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - strlen (".json")] = '\0';
  return base;
}

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *na = model_name_of (*(const char *const *) a);
  g_autofree char *nb = model_name_of (*(const char *const *) b);
  g_autofree char *ka = g_utf8_collate_key_for_filename (na, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (nb, -1);

  return strcmp (ka, kb);
}

/* The model files of @path (a file, or the *.json of a directory but its
 * index.json) whose name @only matches and is not an executor model's */
static gboolean
collect_models (GPtrArray   *paths,
                const char  *path,
                GRegex      *only,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file", path);
          return FALSE;
        }
      g_ptr_array_add (found, g_strdup (path));
    }
  else
    {
      dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        return FALSE;
      while ((entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (entry, ".json") && strcmp (entry, "index.json") != 0)
          g_ptr_array_add (found, g_build_filename (path, entry, NULL));
    }
  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *name = model_name_of (g_ptr_array_index (found, i));

      if (!g_str_has_prefix (name, "exec_") && g_regex_match (only, name, 0, NULL))
        g_ptr_array_add (paths, g_strdup (g_ptr_array_index (found, i)));
    }
  return TRUE;
}

static GPtrArray *
models_to_run (gboolean *missing)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) only = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *models_dir = NULL;

  /* the models named are run, those of a directory by default only some */
  only = g_regex_new (opt_only ? opt_only
                               : opt_files != NULL && opt_files[0] != NULL ? "" : DEFAULT_MODELS,
                      0, 0, &error);
  if (only == NULL)
    {
      g_printerr ("--only: %s\n", error->message);
      return NULL;
    }
  if (opt_files != NULL && opt_files[0] != NULL)
    {
      for (guint i = 0; opt_files[i] != NULL; i++)
        if (!collect_models (paths, opt_files[i], only, &error))
          break;
    }
  else
    {
      models_dir = g_build_filename (opt_bench_dir ? opt_bench_dir : BENCH_DEFAULT_DIR,
                                     "models", NULL);
      *missing = !g_file_test (models_dir, G_FILE_TEST_IS_DIR);
      if (!*missing)
        collect_models (paths, models_dir, only, &error);
    }
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  g_ptr_array_sort (paths, compare_paths);
  return g_steal_pointer (&paths);
}

/* ======================================================================== */
/* The benchmark: the steps in fresh processes, then the table              */
/* ======================================================================== */

typedef struct {
  char       *name;
  GHashTable *save;      /* the result lines of the steps, key -> value */
  GHashTable *load;
  char       *outcome;
} Row;

static void
row_free (gpointer p)
{
  Row *row = p;

  g_free (row->name);
  g_clear_pointer (&row->save, g_hash_table_unref);
  g_clear_pointer (&row->load, g_hash_table_unref);
  g_free (row->outcome);
  g_free (row);
}

static gint64
result_int (GHashTable *result,
            const char *key)
{
  const char *v = result ? g_hash_table_lookup (result, key) : NULL;

  return v ? g_ascii_strtoll (v, NULL, 10) : -1;
}

/* Runs --step @step @model @file in a new process, echoing its lines: its
 * result line as a table, or NULL with *@problem set */
static GHashTable *
run_step_process (const char  *step,
                  const char  *model,
                  const char  *file,
                  char       **problem)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *repeats = g_strdup_printf ("--repeats=%d", opt_repeats);
  const char *argv[] = { self, "--step", step, repeats, model, file, NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *result = NULL;
  const char *status;
  char *text;

  /* GObjects are GSlice's (GLib < 2.76), which keeps what was freed: the
   * load step gives the memory of the model it built back before loading */
  g_subprocess_launcher_setenv (launcher, "G_SLICE", "always-malloc", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (proc == NULL)
    {
      *problem = g_strdup_printf ("cannot run %s: %s", self, error->message);
      return NULL;
    }
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while ((text = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      if (g_str_has_prefix (text, RESULT_PREFIX "\t"))
        {
          g_auto(GStrv) fields = g_strsplit (text, "\t", -1);

          g_clear_pointer (&result, g_hash_table_unref);
          result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          for (guint i = 1; fields[i] != NULL; i++)
            {
              char *eq = strchr (fields[i], '=');

              if (eq != NULL)
                g_hash_table_replace (result, g_strndup (fields[i], (gsize) (eq - fields[i])),
                                      g_strdup (eq + 1));
            }
        }
      else
        g_print ("%s\n", text);
      g_free (text);
    }
  g_subprocess_wait (proc, NULL, NULL);
  status = result ? g_hash_table_lookup (result, "status") : NULL;
  if (g_strcmp0 (status, "ok") != 0 || !g_subprocess_get_if_exited (proc) ||
      g_subprocess_get_exit_status (proc) != 0)
    {
      *problem = g_strdup_printf ("%s: %s (%s %d)", step, status ? status : "no result line",
                                  g_subprocess_get_if_exited (proc) ? "exit" : "signal",
                                  g_subprocess_get_if_exited (proc)
                                    ? g_subprocess_get_exit_status (proc)
                                    : g_subprocess_get_term_sig (proc));
    }
  return result;
}

static char *
fmt_kib_as_mib (gint64 kib)
{
  return kib >= 0 ? g_strdup_printf ("%.1f", kib / 1024.0) : g_strdup ("-");
}

static GString *
render_table (GPtrArray *rows)
{
  GString *out = g_string_new ("### libschedula-glib model files: save and load\n\n");

  bench_append_machine (out, BENCH_BUILDTYPE, TRUE);
  g_string_append_printf (out,
                          "- each step in a fresh process; build = bench-model.c's parse and build "
                          "of the benchmark file; save (schedula_dispatcher_save_to_file) and load "
                          "(schedula_dispatcher_new_from_file, functions by name from a "
                          "SchedulaFunctionRegistry) = median of %d; peak RSS = the process's "
                          "high-water mark during the build, the first save (reset after the "
                          "build: the model is in it) and the first load (reset before it); "
                          "check = the loaded model's targeted and full dispatches are what the "
                          "file's \"expected\" block says and it saves to the same bytes\n\n",
                          opt_repeats);
  g_string_append (out, "| model | functions | file MiB | build s | save s | load s "
                   "| build peak MiB | save peak MiB | load peak MiB | check |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      gint64 bytes = result_int (row->save, "file_bytes");
      g_autofree char *file_mib = bytes >= 0 ? g_strdup_printf ("%.2f", bytes / 1048576.0)
                                             : g_strdup ("-");
      g_autofree char *build = bench_fmt_num (result_int (row->save, "build_ns") / 1e9);
      g_autofree char *save = bench_fmt_num (result_int (row->save, "save_ns") / 1e9);
      g_autofree char *load = bench_fmt_num (result_int (row->load, "load_ns") / 1e9);
      g_autofree char *build_peak = fmt_kib_as_mib (result_int (row->save, "build_peak_kib"));
      g_autofree char *save_peak = fmt_kib_as_mib (result_int (row->save, "save_peak_kib"));
      g_autofree char *load_peak = fmt_kib_as_mib (result_int (row->load, "load_peak_kib"));
      gint64 n = result_int (row->save, "n_functions");
      g_autofree char *functions = n >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, n)
                                          : g_strdup ("-");

      g_string_append_printf (out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                              row->name, functions, file_mib, build, save, load, build_peak,
                              save_peak, load_peak, row->outcome);
    }
  return out;
}

static int
run_models (void)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GString) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean missing = FALSE, failed = FALSE;

  paths = models_to_run (&missing);
  if (paths == NULL)
    return EXIT_ERROR;
  if (missing)
    {
      g_print ("no benchmark models in %s: skipped\n",
               opt_bench_dir ? opt_bench_dir : BENCH_DEFAULT_DIR);
      return EXIT_SKIPPED;
    }
  if (paths->len == 0)
    {
      g_printerr ("No model to run\n");
      return EXIT_ERROR;
    }
  dir = g_dir_make_tmp ("bench-io-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_ERROR;
    }

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *name = model_name_of (path);
      g_autofree char *file = g_strdup_printf ("%s/%s.model.json", dir, name);

      g_print ("== %s (%s)\n", name, path);
      if (opt_check)
        failed |= !check_model (path, dir);
      else
        {
          Row *row = g_new0 (Row, 1);
          char *problem = NULL;

          row->name = g_steal_pointer (&name);
          g_ptr_array_add (rows, row);
          row->save = run_step_process ("save", path, file, &problem);
          if (problem == NULL)
            row->load = run_step_process ("load", path, file, &problem);
          g_unlink (file);
          if (g_strcmp0 (row->save ? g_hash_table_lookup (row->save, "status") : NULL,
                         "skipped") == 0)
            {
              g_clear_pointer (&problem, g_free);
              g_ptr_array_remove (rows, row);
              continue;
            }
          failed |= problem != NULL;
          row->outcome = problem ? problem
                                 : g_strdup_printf ("OK (%" G_GINT64_FORMAT ")",
                                                    result_int (row->load, "n_checks"));
        }
    }
  g_rmdir (dir);

  if (opt_check)
    {
      g_print ("%s\n", failed ? "MISMATCH: a round trip differs" : "OK: every round trip matched");
      return failed ? EXIT_MISMATCH : 0;
    }
  table = render_table (rows);
  if (!bench_print_tables (table, opt_markdown))
    failed = TRUE;
  return failed ? EXIT_MISMATCH : 0;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (!bench_parse_options ("Saves the benchmark models (schedula-bench-model/1) to model files and "
                            "loads them back:\ntimes and peak RSS of each step, and the loaded "
                            "model's solutions checked.", entries, &opt_repeats, &argc, &argv))
    return EXIT_ERROR;
  if (opt_check)
    g_log_set_writer_func (bench_log_writer, NULL, NULL);

  ret = opt_step != NULL ? run_step () : run_models ();

  g_free (opt_only);
  g_free (opt_bench_dir);
  g_free (opt_markdown);
  g_free (opt_step);
  g_strfreev (opt_files);
  return ret;
}
