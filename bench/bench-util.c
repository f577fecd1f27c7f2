/* bench-util.c: what the benchmark programs share
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "bench-util.h"
#include "bench-model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* ---- node functions ---- */

gboolean
bench_fn_inc (SchedulaCall  *call,
              gpointer       user_data,
              GError       **error)
{
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, x + 1);
  return TRUE;
}

SchedulaDispatcher *
bench_chain_new (guint             n,
                 SchedulaFunction *fn)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("chain");

  for (guint i = 0; i < n; i++)
    {
      char id[32], u[32], v[32];
      const char *in[] = { u, NULL }, *out[] = { v, NULL };
      g_autoptr(GError) error = NULL;

      g_snprintf (id, sizeof id, "f%u", i);
      g_snprintf (u, sizeof u, "v%u", i);
      g_snprintf (v, sizeof v, "v%u", i + 1);
      if (schedula_dispatcher_add_function (dsp, id, fn, in, out, &error) == NULL)
        g_error ("add_function %s: %s", id, error->message);
    }
  return dsp;
}

guint
bench_sizes_from_args (int          argc,
                       char       **argv,
                       guint       *sizes,
                       guint        max,
                       const guint *defaults,
                       guint        n_defaults)
{
  guint n = 0;

  for (int i = 1; i < argc && n < max; i++)
    sizes[n++] = (guint) strtoul (argv[i], NULL, 10);
  for (guint i = 0; n == 0 && i < n_defaults; i++)
    sizes[i] = defaults[i];
  return n > 0 ? n : MIN (n_defaults, max);
}

/* ---- timings ---- */

static gint
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

gint64
bench_median_ns (GArray *times)
{
  g_autoptr(GArray) sorted = NULL;
  guint n = times->len;

  if (n == 0)
    return -1;
  sorted = g_array_copy (times);
  g_array_sort (sorted, compare_int64);
  if (n % 2 == 1)
    return g_array_index (sorted, gint64, n / 2);
  return (g_array_index (sorted, gint64, n / 2 - 1) + g_array_index (sorted, gint64, n / 2)) / 2;
}

static gint64
extreme_ns (GArray   *times,
            gboolean  max)
{
  gint64 m = -1;

  for (guint i = 0; i < times->len; i++)
    {
      gint64 v = g_array_index (times, gint64, i);

      if (m < 0 || (max ? v > m : v < m))
        m = v;
    }
  return m;
}

gint64
bench_min_ns (GArray *times)
{
  return extreme_ns (times, FALSE);
}

gint64
bench_max_ns (GArray *times)
{
  return extreme_ns (times, TRUE);
}

/* ---- numbers for the tables ---- */

char *
bench_fmt_decimals (gdouble value,
                    guint   max_decimals)
{
  gdouble a = fabs (value);
  guint decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;

  if (isnan (value))
    return g_strdup ("-");
  return g_strdup_printf ("%.*f", (int) MIN (decimals, max_decimals), value);
}

char *
bench_fmt_num (gdouble value)
{
  if (isnan (value) || value < 0)
    return g_strdup ("-");
  if (value < 0.01)
    return g_strdup_printf ("%.2g", value);
  return bench_fmt_decimals (value, 3);
}

char *
bench_fmt_ns_as_ms (gint64 ns)
{
  if (ns < 0)
    return g_strdup ("-");
  return bench_fmt_num (ns / 1e6);
}

char *
bench_fmt_ratio (gdouble value)
{
  g_autofree char *number = NULL;

  if (isnan (value) || isinf (value) || value <= 0)
    return g_strdup ("-");
  number = bench_fmt_decimals (value, 2);
  return g_strconcat (number, "x", NULL);
}

char *
bench_fmt_ms (gdouble ms)
{
  if (isnan (ms) || ms < 0)
    return g_strdup ("-");
  return bench_fmt_decimals (ms, 3);
}

char *
bench_fmt_us (gdouble us)
{
  return bench_fmt_decimals (us, 2);
}

/* ---- the machine line ---- */

/* What follows the colon of the first line of @path that starts with
 * @prefix, stripped; NULL if none. */
static char *
read_first_line_matching (const char *path,
                          const char *prefix)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        {
          const char *colon = strchr (lines[i], ':');

          return g_strstrip (g_strdup (colon ? colon + 1 : lines[i]));
        }
    }
  return NULL;
}

void
bench_append_machine (GString    *out,
                      const char *buildtype,
                      gboolean    cpu_model)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%F %T");
  g_autofree char *cpus = NULL;
  g_autofree char *loadavg = NULL;

  if (cpu_model)
    {
      g_autofree char *cpu = read_first_line_matching ("/proc/cpuinfo", "model name");

      cpus = g_strdup_printf ("%u CPUs (%s)", g_get_num_processors (), cpu ? cpu : "?");
    }
  else
    cpus = g_strdup_printf ("%u CPUs", g_get_num_processors ());
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_strstrip (loadavg);
  g_string_append_printf (out,
                          "- %s; libschedula-glib %s (build type %s), GLib %u.%u.%u; %s; "
                          "load average %s\n",
                          date, SCHEDULA_VERSION_S, buildtype,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          cpus, loadavg ? loadavg : "?");
}

/* ---- GLib's log ---- */

static guint n_log_problems = 0;

GLogWriterOutput
bench_log_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    g_atomic_int_inc (&n_log_problems);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

guint
bench_log_n_problems (void)
{
  return (guint) g_atomic_int_get (&n_log_problems);
}

/* ---- solutions ---- */

gint64
bench_solution_checksum (SchedulaSolution *solution,
                         gint64            modulus,
                         guint            *n_values,
                         guint            *n_non_int)
{
  SchedulaSolutionIter iter;
  const GValue *value;
  gint64 checksum = 0;
  guint n = 0, n_other = 0;

  schedula_solution_iter_init (&iter, solution);
  while (schedula_solution_iter_next (&iter, NULL, &value))
    {
      n++;
      if (value != NULL && G_VALUE_HOLDS_INT64 (value))
        checksum = (checksum + bench_floor_mod (g_value_get_int64 (value), modulus)) % modulus;
      else
        n_other++;
    }
  if (n_values != NULL)
    *n_values = n;
  if (n_non_int != NULL)
    *n_non_int = n_other;
  return checksum;
}

guint
bench_solution_n_functions_run (SchedulaSolution *solution)
{
  g_autoptr(SchedulaWorkflow) wf = schedula_solution_get_workflow (solution);
  guint n_nodes = schedula_workflow_get_n_nodes (wf);
  guint n = 0;

  for (guint i = 0; i < n_nodes; i++)
    {
      SchedulaNode *node = schedula_workflow_get_model_node (wf, i);

      if (node != NULL && schedula_node_get_kind (node) == SCHEDULA_NODE_KIND_FUNCTION)
        n++;
    }
  return n;
}

gboolean
bench_print_tables (const GString *tables,
                    const char    *markdown)
{
  g_autoptr(GError) error = NULL;

  g_print ("\n%s", tables->str);
  if (markdown != NULL && !g_file_set_contents (markdown, tables->str, (gssize) tables->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
bench_parse_options (const char         *summary,
                     const GOptionEntry *entries,
                     const int          *repeats,
                     int                *argc,
                     char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (*repeats < 1)
    {
      g_printerr ("--repeats must be at least 1\n");
      return FALSE;
    }
  return TRUE;
}

GHashTable *
bench_parse_result_line (const char *line)
{
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) fields = g_strsplit (line, "\t", -1);

  for (guint i = 1; fields[i] != NULL; i++)
    {
      char *eq = strchr (fields[i], '=');

      if (eq != NULL)
        g_hash_table_replace (h, g_strndup (fields[i], (gsize) (eq - fields[i])), g_strdup (eq + 1));
    }
  return h;
}

char *
bench_self_executable (const char *argv0)
{
  char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe != NULL)
    return exe;
  if (strchr (argv0, '/') != NULL)
    return g_canonicalize_filename (argv0, NULL);
  exe = g_find_program_in_path (argv0);
  return exe ? exe : g_strdup (argv0);
}

void
bench_result_add (GString    *line,
                  const char *key,
                  gint64      value)
{
  g_string_append_printf (line, "\t%s=%" G_GINT64_FORMAT, key, value);
}

void
bench_result_add_str (GString    *line,
                      const char *key,
                      const char *value)
{
  g_autofree char *clean = g_strdup (value ? value : "");

  g_strdelimit (clean, "\t\n\r", ' ');
  g_string_append_printf (line, "\t%s=%s", key, clean);
}

gint64
bench_peak_rss_kib (void)
{
  struct rusage ru;
  gint64 now = bench_current_rss_kib ();

  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return now;
  /* ru_maxrss is KiB on Linux */
  return MAX ((gint64) ru.ru_maxrss, now);
}
