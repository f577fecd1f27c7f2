/* bench-model.h: load a "schedula-bench-model/1" file into a dispatcher
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <schedula-glib.h>

G_BEGIN_DECLS

#define BENCH_MODEL_FORMAT "schedula-bench-model/1"

#define BENCH_MODEL_ERROR (bench_model_error_quark ())

typedef enum {
  BENCH_MODEL_ERROR_INVALID,    /* the file is not a valid model */
  BENCH_MODEL_ERROR_INJECTED,   /* a "raise" function ran */
  BENCH_MODEL_ERROR_TYPE,       /* a function got a non-integer input */
} BenchModelError;

typedef enum {
  BENCH_MODEL_LOAD_NONE = 0,
  /* Stop as soon as the family is known to be an executor benchmark
   * ("exec_*"); the model is then returned with @skipped set. */
  BENCH_MODEL_LOAD_SKIP_EXEC = 1 << 0,
} BenchModelLoadFlags;

typedef enum {
  BENCH_EXPECT_N_DATA          = 1 << 0,
  BENCH_EXPECT_N_FUNCTIONS_RUN = 1 << 1,
  BENCH_EXPECT_CHECKSUM        = 1 << 2,
  BENCH_EXPECT_N_FAILED        = 1 << 3,
  BENCH_EXPECT_VALUES          = 1 << 4,
} BenchExpectFields;

/* One block of "expected" ("targeted" or "full"). */
typedef struct {
  gboolean           present;
  BenchExpectFields  fields;     /* which of the members below were given */
  gint64             n_data;
  gint64             n_functions_run;
  gint64             checksum;
  gint64             n_failed;
  GHashTable        *values;     /* char* id -> gint64* value */
} BenchExpected;

typedef struct {
  char               *path;
  char               *name;
  char               *family;
  gint64              modulus;
  gboolean            raises;
  gboolean            skipped;          /* see BENCH_MODEL_LOAD_SKIP_EXEC */

  SchedulaDispatcher *dispatcher;
  guint               n_data_nodes;
  guint               n_functions;
  guint               n_sum;
  guint               n_raise;
  guint               n_sleep;
  guint               n_function_objects;  /* distinct SchedulaFunction objects */
  gint64              library_ns;         /* time spent in add_data/add_function/set_weight */

  GHashTable         *inputs;            /* char* id -> GValue* (G_TYPE_INT64) */
  char              **outputs;           /* the targets of the "targeted" dispatch */
  BenchExpected       expected_targeted;
  BenchExpected       expected_full;
} BenchModel;

GQuark      bench_model_error_quark (void);

BenchModel *bench_model_load        (const char           *path,
                                     BenchModelLoadFlags   flags,
                                     GError              **error);
void        bench_model_free        (BenchModel           *model);

/* Python's a % m for m > 0 (the result is never negative). */
static inline gint64
bench_floor_mod (gint64 a,
                 gint64 m)
{
  gint64 r = a % m;

  return r < 0 ? r + m : r;
}

/* Monotonic clock in nanoseconds. */
gint64      bench_now_ns            (void);

/* The resident set size of this process in KiB, or -1. */
gint64      bench_current_rss_kib   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchModel, bench_model_free)

G_END_DECLS
