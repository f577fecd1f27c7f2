/* bench-util.h: what the benchmark programs share
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The statistics of the timings, the numbers of the tables, the machine
 * line at their top, the count of GLib warnings and the figures of a
 * solution that the models' "expected" blocks give (bench_schedula.py's).
 */

#pragma once

#include <schedula-glib.h>

G_BEGIN_DECLS

/* Set by bench/meson.build */
#ifndef BENCH_DEFAULT_DIR
# define BENCH_DEFAULT_DIR "/work/shared/bench"
#endif
#ifndef BENCH_BUILDTYPE
# define BENCH_BUILDTYPE "unknown"
#endif

/* The options of the programs that run the shared models, for their
 * GOptionEntry table: --only REGEX, --bench-dir DIR, --baseline FILE
 * (char * variables). */
#define BENCH_MODEL_OPTION_ENTRIES(only, bench_dir, baseline)                      \
  { "only", 'o', 0, G_OPTION_ARG_STRING, &(only),                                  \
    "Only the models whose name matches REGEX", "REGEX" },                         \
  { "bench-dir", 0, 0, G_OPTION_ARG_FILENAME, &(bench_dir),                        \
    "Directory with models/ and schedula_baseline.json (default "                  \
    BENCH_DEFAULT_DIR ")", "DIR" },                                                \
  { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &(baseline),                          \
    "The reference's figures (default DIR/schedula_baseline.json)", "FILE" }

/* ---- the programs that run each model in a child of their own ---- */

/* The fields of a child's result line, "@@marker\tkey=value\t...": a
 * table of strings (the first field, the marker, left out) */
GHashTable *bench_parse_result_line (const char *line);
/* The path of this program, to run it again (from /proc/self/exe, else
 * @argv0 resolved) */
char       *bench_self_executable   (const char *argv0);
/* The fields a child appends to its result line: "\tkey=value" (tabs and
 * newlines in a text become spaces) */
void        bench_result_add        (GString    *line,
                                     const char *key,
                                     gint64      value);
void        bench_result_add_str    (GString    *line,
                                     const char *key,
                                     const char *value);
/* The peak RSS of this process in KiB (getrusage's ru_maxrss, or the
 * current RSS when larger: the kernel's counters may lag by a few pages),
 * -1 if unknown */
gint64      bench_peak_rss_kib      (void);

/* ---- timings: GArrays of gint64 nanoseconds ---- */

/* The median (the mean of the middle two for an even count), -1 if empty */
gint64  bench_median_ns       (GArray     *times);
/* The smallest and the largest, -1 if empty */
gint64  bench_min_ns          (GArray     *times);
gint64  bench_max_ns          (GArray     *times);

/* ---- numbers for the tables: the larger, the fewer decimals ---- */

/* 0 decimals from 100 up, 1 from 10, 2 from 1, else 3, but at most
 * @max_decimals (by the absolute value); "-" for NAN. */
char   *bench_fmt_decimals    (gdouble     value,
                               guint       max_decimals);
/* A non-negative figure: 0-3 decimals, below 0.01 two significant
 * digits ("%.2g"); "-" for NAN or a negative value. */
char   *bench_fmt_num         (gdouble     value);
/* Nanoseconds as milliseconds, as bench_fmt_num(); "-" when negative. */
char   *bench_fmt_ns_as_ms    (gint64      ns);
/* A ratio, "12.3x"; "-" for NAN, infinity or a value <= 0. */
char   *bench_fmt_ratio       (gdouble     value);
/* Milliseconds with 0-3 decimals (never "%.2g": 0 is "0.000"); "-" for NAN
 * or a negative value. */
char   *bench_fmt_ms          (gdouble     ms);
/* Microseconds, of either sign, with 0-2 decimals; "-" for NAN. */
char   *bench_fmt_us          (gdouble     us);

/* "- DATE; libschedula-glib VERSION (build type BUILDTYPE), GLib X.Y.Z;
 * N CPUs (MODEL); load average ...", with the processor's model name when
 * @cpu_model is TRUE. */
void    bench_append_machine  (GString    *out,
                               const char *buildtype,
                               gboolean    cpu_model);

/* ---- GLib's log ---- */

/* A GLogWriterFunc: counts the warnings and criticals (the library's
 * g_return_if_fail() and friends), then writes as GLib's default writer. */
GLogWriterOutput bench_log_writer     (GLogLevelFlags   log_level,
                                       const GLogField *fields,
                                       gsize            n_fields,
                                       gpointer         user_data);
/* How many warnings and criticals bench_log_writer() has seen */
guint            bench_log_n_problems (void);

/* Prints the result tables, and writes them to @markdown too when it is
 * not NULL; FALSE when that file cannot be written */
gboolean bench_print_tables   (const GString *tables,
                               const char    *markdown);
/* Parses the options of a bench program (its summary and entries) and
 * checks --repeats; FALSE after printing the error */
gboolean bench_parse_options  (const char         *summary,
                               const GOptionEntry *entries,
                               const int          *repeats,
                               int                *argc,
                               char             ***argv);

/* ---- solutions ---- */

/* bench_schedula.py's checksum: the sum of the gint64 values mod @modulus;
 * the other values are left out. *@n_values (the values the iterator gives)
 * and *@n_non_int (those left out) may be NULL. */
gint64  bench_solution_checksum        (SchedulaSolution *solution,
                                        gint64            modulus,
                                        guint            *n_values,
                                        guint            *n_non_int);
/* The functions run: the function nodes of the solution's workflow */
guint   bench_solution_n_functions_run (SchedulaSolution *solution);

/* A node function x -> x + 1 on int64 values */
gboolean bench_fn_inc (SchedulaCall  *call,
                       gpointer       user_data,
                       GError       **error);

/* A chain of @n functions @fn: v0 -> f0 -> v1 -> ... -> f<n-1> -> v<n> */
SchedulaDispatcher *bench_chain_new (guint             n,
                                     SchedulaFunction *fn);

/* The sizes given as arguments (at most @max), or the @n_defaults
 * @defaults; their number */
guint    bench_sizes_from_args (int          argc,
                                char       **argv,
                                guint       *sizes,
                                guint        max,
                                const guint *defaults,
                                guint        n_defaults);

G_END_DECLS
