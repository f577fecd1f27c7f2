/* bench-functions.c: the benchmark models' node functions, by reference
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Built as a module (libschedula-bench-functions.so) that bench-executors
 * loads with schedula_function_new_for_ref ("c:MODULE:SYMBOL"), so that the
 * schedula-worker processes of the `parallel` and `parallel-pool`
 * executors resolve the very same symbols and really run the calls.
 *
 * A reference names a symbol and nothing else (no user data travels), so
 * each parameter set of the format ("schedula-bench-model/1", documented in
 * bench_schedula.py) is a symbol of its own:
 *
 *   bench_sum_cN        (sum(inputs) + N) mod 1000003, N = 0..259
 *   bench_sleep1s_cN    sleeps 1 s, then as bench_sum_cN, N = 0..259
 *   bench_raise         always fails
 *
 * which covers the executor models (exec_sleep6: sleep 1 s with const
 * 0..5; exec_trivial200_chain: sum const 0; exec_trivial200_fan: sum const
 * 0..199). bench_functions_n_calls() counts the calls made in the calling
 * process: the parent reads it to tell which calls ran in workers.
 */

#include <schedula-glib.h>

#include "bench-functions.h"

static gint n_calls;  /* atomic */

G_MODULE_EXPORT guint
bench_functions_n_calls (void)
{
  return (guint) g_atomic_int_get (&n_calls);
}

/* Python's (sum(inputs) + c) % m, without overflow */
static gboolean
sum_impl (SchedulaCall  *call,
          gint64         c,
          GError       **error)
{
  const gint64 m = BENCH_FUNCTIONS_MODULUS;
  guint n = schedula_call_get_n_inputs (call);
  gint64 acc = ((c % m) + m) % m;

  g_atomic_int_inc (&n_calls);
  for (guint i = 0; i < n; i++)
    {
      gint64 v;

      if (!schedula_call_get_int64 (call, i, &v, error))
        return FALSE;
      acc = (acc + ((v % m) + m) % m) % m;
    }
  schedula_call_set_output_int64 (call, 0, acc);
  return TRUE;
}

G_MODULE_EXPORT gboolean bench_raise (SchedulaCall *call, gpointer user_data, GError **error);

G_MODULE_EXPORT gboolean
bench_raise (SchedulaCall  *call,
             gpointer       user_data,
             GError       **error)
{
  g_atomic_int_inc (&n_calls);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "injected failure");
  return FALSE;
}

/* One symbol per constant: D10 (F, p) makes F (p0) ... F (p9); with p empty,
 * 0 ... 9 (no leading zero anywhere) */
#define D10(F, p) F (p##0) F (p##1) F (p##2) F (p##3) F (p##4) \
                  F (p##5) F (p##6) F (p##7) F (p##8) F (p##9)
#define D260(F) D10 (F, ) D10 (F, 1) D10 (F, 2) D10 (F, 3) D10 (F, 4) D10 (F, 5) \
                D10 (F, 6) D10 (F, 7) D10 (F, 8) D10 (F, 9) D10 (F, 10) D10 (F, 11) \
                D10 (F, 12) D10 (F, 13) D10 (F, 14) D10 (F, 15) D10 (F, 16) D10 (F, 17) \
                D10 (F, 18) D10 (F, 19) D10 (F, 20) D10 (F, 21) D10 (F, 22) D10 (F, 23) \
                D10 (F, 24) D10 (F, 25)

#define SUM_FN(c)                                                               \
  G_MODULE_EXPORT gboolean bench_sum_c##c (SchedulaCall *, gpointer, GError **); \
  G_MODULE_EXPORT gboolean                                                      \
  bench_sum_c##c (SchedulaCall *call, gpointer user_data, GError **error)       \
  {                                                                             \
    return sum_impl (call, c, error);                                           \
  }

#define SLEEP1S_FN(c)                                                               \
  G_MODULE_EXPORT gboolean bench_sleep1s_c##c (SchedulaCall *, gpointer, GError **); \
  G_MODULE_EXPORT gboolean                                                          \
  bench_sleep1s_c##c (SchedulaCall *call, gpointer user_data, GError **error)       \
  {                                                                                 \
    g_usleep (G_USEC_PER_SEC);                                                      \
    return sum_impl (call, c, error);                                               \
  }

D260 (SUM_FN)
D260 (SLEEP1S_FN)
