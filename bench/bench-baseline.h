/* bench-baseline.h: the reference's figures (schedula_baseline.json)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One case of the reference; missing figures are NAN (or -1). */
typedef struct {
  gint64  n_functions;
  gdouble build_s;
  gdouble targeted_median_s;
  gdouble targeted_us_per_function;
  gdouble full_median_s;
  gdouble full_us_per_function;
  gint64  peak_rss_kb;
  /* the executor cases ("exec:MODEL:EXECUTOR"): one targeted dispatch */
  gdouble median_s;
  gdouble cold_s;            /* the first dispatch, on a fresh executor */
} BenchBaselineCase;

typedef struct {
  char       *path;
  char       *schedula_version;
  char       *python_version;
  char       *cpu_model;
  gint64      nproc;
  gint64      repeats;
  GHashTable *cases;         /* case name -> BenchBaselineCase*: the main run */
  GHashTable *second_pass;   /* the same for "second_pass" (may be empty) */
} BenchBaseline;

BenchBaseline           *bench_baseline_load   (const char     *path,
                                                GError        **error);
void                     bench_baseline_free   (BenchBaseline  *baseline);
const BenchBaselineCase *bench_baseline_lookup (BenchBaseline  *baseline,
                                                const char     *name,
                                                gboolean        second_pass);

/* The figures of @path, by default (NULL) of BENCH_DIR/schedula_baseline.json;
 * when they cannot be read, NULL after "warning: @lost: why" on stderr. */
BenchBaseline           *bench_baseline_load_or_warn (const char *path,
                                                      const char *bench_dir,
                                                      const char *lost);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchBaseline, bench_baseline_free)

G_END_DECLS
