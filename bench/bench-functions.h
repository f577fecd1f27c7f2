/* bench-functions.h: what bench-executors knows of bench-functions.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gmodule.h>

G_BEGIN_DECLS

/* the "modulus" of the format; the module's functions are built for it */
#define BENCH_FUNCTIONS_MODULUS G_GINT64_CONSTANT (1000003)
/* the constants that have a symbol: 0 ... BENCH_FUNCTIONS_MAX_CONST */
#define BENCH_FUNCTIONS_MAX_CONST 259
/* the only sleep that has symbols, in seconds */
#define BENCH_FUNCTIONS_SLEEP_S 1.0

/* the symbols: printf formats of the constant */
#define BENCH_FUNCTIONS_SUM_SYMBOL "bench_sum_c%" G_GINT64_FORMAT
#define BENCH_FUNCTIONS_SLEEP_SYMBOL "bench_sleep1s_c%" G_GINT64_FORMAT
#define BENCH_FUNCTIONS_RAISE_SYMBOL "bench_raise"
/* guint (*) (void): the calls made in the calling process so far */
#define BENCH_FUNCTIONS_N_CALLS_SYMBOL "bench_functions_n_calls"

G_MODULE_EXPORT guint bench_functions_n_calls (void);

G_END_DECLS
