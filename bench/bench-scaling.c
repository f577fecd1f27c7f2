/* bench-scaling.c: how build, dispatch and memory grow with the model's size
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * For each shape and each size N (by default 10k, 100k and 1M), builds a
 * model through the public C API, runs one full dispatch (the inputs only,
 * outputs NULL), checks the solution against a value this program computes
 * on its own, and reports the build time, the time of that first dispatch
 * and the peak RSS, then the growth per 10x of the size between consecutive
 * sizes. The shapes (N = the number of function nodes, but for nesting):
 *
 *   chain     a -> f0 -> v0 -> f1 -> v1 ... (x + 1 each): v<N-1> = a + N
 *   dag       layers of 100 data nodes, the inputs d0_* first; each function
 *             sums 2 nodes of the layer before, mod 1000003: the last value
 *             and the checksum of the solution = those of a plain C loop
 *   fanin     N functions a -> w; w waits for all its inputs and its
 *             combiner counts them: w = N
 *   fanout    N functions a -> o<i>: N + 1 values
 *   wideport  one function a -> o0 ... o<N-1>: N + 1 values
 *   anon      the chain, its N functions added with one name and no id (the
 *             automatic ids f, f<0>, f<1> ...): the last is f<N-2>
 *   nesting   N sub-dispatcher nodes nested one inside the other (mapping
 *             x -> x and y -> y), the innermost dispatcher with one function
 *             x -> y = x + 1: y = x + 1 at the top
 *
 * Each (shape, size) runs in a fresh process (the program re-executes itself
 * with --one SHAPE SIZE) so that the peak RSS is its own; the child is killed
 * after --timeout seconds (SIGALRM, and SIGKILL from the parent a little
 * later), its address space is limited by --max-memory, and a timeout or a
 * crash is reported for that size, the parent going on with the others.
 * The child prints its details and one machine-readable line starting with
 * "@@scaling-result" (after the dispatch, before the teardown, so that a
 * crash in the teardown still leaves the figures); a second line,
 * "@@scaling-teardown", says the teardown went well. Lines "@@scaling-phase"
 * say what the child is doing, for the report of a timeout or a crash.
 *
 *   build           from schedula_dispatcher_new() to the last add_* call
 *                   (with the inputs' table)
 *   first dispatch  the schedula_dispatcher_dispatch() call alone (it
 *                   includes the library's one-time compile of the model);
 *                   freeing the solution is in the details
 *   in the kernel   the CPU time of both in the kernel (ru_stime): mostly
 *                   page faults, whose cost here depends on the host; the
 *                   time growth is also given without it
 *   peak RSS        getrusage (RUSAGE_SELF).ru_maxrss after the dispatch,
 *                   the check and freeing the solution
 *
 * --check runs the smallest given size of every shape (nesting at most
 * 1000) and prints OK/FAIL lines: the test bench-scaling-check.
 *
 * --warm-up=MIB touches MIB of memory before each run of the largest size
 * and gives it back. On a virtual machine the host backs a page of the
 * guest when the guest first uses it, and that first touch costs the kernel several times
 * a later one (a program that touches 2.6 GB: 1.46 ms per MiB in the kernel
 * on a fresh machine here, 0.55 ms when it ran again). Without it, the
 * kernel's part of the largest size measures how much memory the guest
 * happened to have used before; the table says which was done.
 */

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <schedula-glib.h>

#include "bench-model.h"
#include "bench-util.h"

#define RESULT_PREFIX "@@scaling-result"
#define TEARDOWN_PREFIX "@@scaling-teardown"
#define PHASE_PREFIX "@@scaling-phase"

/* exit statuses */
#define EXIT_MISMATCH 1
#define EXIT_ERROR 2

/* the dag shape */
#define DAG_WIDTH 100
#define DAG_MODULUS G_GINT64_CONSTANT (1000003)

/* the input of chain, anon, fanin, fanout, wideport (a) and nesting (x) */
#define INPUT_VALUE 7

/* --check: nesting at most this size */
#define CHECK_NESTING_MAX 1000

/* the parent kills the child this long after its own SIGALRM should have */
#define KILL_GRACE_S 30

static char    *opt_sizes = NULL;
static char    *opt_only = NULL;
static gint     opt_timeout = 120;
static gint     opt_max_memory = -1;
static gint     opt_warm_up = 0;
static gboolean opt_check = FALSE;
static char    *opt_one = NULL;
static char   **opt_rest = NULL;

static GOptionEntry entries[] = {
  { "sizes", 's', 0, G_OPTION_ARG_STRING, &opt_sizes,
    "Comma-separated sizes, with an optional k or M suffix (default 10000,100000,1000000)", "N,N..." },
  { "only", 'o', 0, G_OPTION_ARG_STRING, &opt_only,
    "Only the shapes whose name matches REGEX", "REGEX" },
  { "timeout", 't', 0, G_OPTION_ARG_INT, &opt_timeout,
    "Kill a (shape, size) process after SECONDS (default 120; 0: never)", "SECONDS" },
  { "max-memory", 0, 0, G_OPTION_ARG_INT, &opt_max_memory,
    "Limit the address space of a (shape, size) process to MIB (default half of the "
    "physical memory; 0: no limit)", "MIB" },
  { "warm-up", 0, 0, G_OPTION_ARG_INT, &opt_warm_up,
    "Touch MIB of memory before each run of the largest size, so that a virtual machine's "
    "host has backed the pages the run will use (default 0: no)", "MIB" },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
    "Run only the smallest size of every shape (nesting at most 1000), print OK/FAIL lines "
    "and exit non-zero on any failure", NULL },
  { "one", 0, 0, G_OPTION_ARG_STRING, &opt_one,
    "Run SHAPE at the size given as argument in this process and print its result line "
    "(used internally)", "SHAPE" },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_rest, NULL, NULL },
  { NULL }
};

/* ======================================================================== */
/* Node functions                                                           */
/* ======================================================================== */


/* the sum of the inputs mod DAG_MODULUS */
static gboolean
fn_sum_mod (SchedulaCall  *call,
            gpointer       user_data,
            GError       **error)
{
  guint n = schedula_call_get_n_inputs (call);
  gint64 sum = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 x;

      if (!schedula_call_get_int64 (call, i, &x, error))
        return FALSE;
      sum = (sum + x) % DAG_MODULUS;
    }
  schedula_call_set_output_int64 (call, 0, sum);
  return TRUE;
}

/* a combiner: the number of its inputs */
static gboolean
fn_count (SchedulaCall  *call,
          gpointer       user_data,
          GError       **error)
{
  schedula_call_set_output_int64 (call, 0, schedula_call_get_n_inputs (call));
  return TRUE;
}

/* a -> (a + 0, a + 1, ..., a + n - 1) for its n outputs */
static gboolean
fn_spread (SchedulaCall  *call,
           gpointer       user_data,
           GError       **error)
{
  guint n = schedula_call_get_n_outputs (call);
  gint64 a;

  if (!schedula_call_get_int64 (call, 0, &a, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    schedula_call_set_output_int64 (call, i, a + i);
  return TRUE;
}

/* ======================================================================== */
/* The shapes                                                               */
/* ======================================================================== */

typedef struct {
  SchedulaDispatcher *dispatcher;   /* the top one */
  GHashTable         *inputs;       /* id -> GValue * */
  guint               n_functions;  /* function nodes, in all dispatchers */
  guint               n_dispatchers;  /* sub-dispatcher nodes */
  char               *last_id;      /* anon: the id of the last node added */
} Model;

static void
model_clear (Model *m)
{
  g_clear_object (&m->dispatcher);
  g_clear_pointer (&m->inputs, g_hash_table_unref);
  g_clear_pointer (&m->last_id, g_free);
}

static void
value_free (gpointer p)
{
  GValue *value = p;

  g_value_unset (value);
  g_free (value);
}

static void
inputs_add (GHashTable *inputs,
            const char *id,
            gint64      v)
{
  GValue *value = g_new0 (GValue, 1);

  g_value_init (value, G_TYPE_INT64);
  g_value_set_int64 (value, v);
  g_hash_table_insert (inputs, g_strdup (id), value);
}

static GHashTable *
inputs_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
}

/* the int64 value of @id in @sol, FALSE with *@detail set if none */
static gboolean
lookup_int (SchedulaSolution  *sol,
            const char        *id,
            gint64            *v,
            char             **detail)
{
  const GValue *value = NULL;

  if (!schedula_solution_lookup_extended (sol, id, &value))
    {
      *detail = g_strdup_printf ("%s is not in the solution", id);
      return FALSE;
    }
  if (value == NULL || !G_VALUE_HOLDS_INT64 (value))
    {
      *detail = g_strdup_printf ("%s is a %s, not a gint64", id,
                                 value ? G_VALUE_TYPE_NAME (value) : "NULL value");
      return FALSE;
    }
  *v = g_value_get_int64 (value);
  return TRUE;
}

static gboolean
expect_int (SchedulaSolution  *sol,
            const char        *id,
            gint64             expected,
            char             **detail)
{
  gint64 v;

  if (!lookup_int (sol, id, &v, detail))
    return FALSE;
  if (v != expected)
    {
      *detail = g_strdup_printf ("%s = %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                                 id, v, expected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_n_values (SchedulaSolution  *sol,
                 guint              expected,
                 char             **detail)
{
  guint n = schedula_solution_get_n_values (sol);

  if (n != expected)
    {
      *detail = g_strdup_printf ("%u values in the solution, expected %u", n, expected);
      return FALSE;
    }
  return TRUE;
}

/* ---- chain and anon ---- */

/* a -> f -> v0 -> f -> v1 ... -> v<n-1>; the functions' ids are f0, f1 ...
 * or, when @anon, NULL (the function's name "f" and automatic suffixes) */
static gboolean
build_chain_common (Model     *m,
                    guint      n,
                    gboolean   anon,
                    GError   **error)
{
  g_autoptr(SchedulaFunction) inc = schedula_function_new (anon ? "f" : "inc", bench_fn_inc, NULL, NULL);
  char prev[32] = "a", out[32], id[32];

  m->dispatcher = schedula_dispatcher_new ("chain");
  for (guint i = 0; i < n; i++)
    {
      SchedulaFunctionNode *node;

      g_snprintf (out, sizeof out, "v%u", i);
      g_snprintf (id, sizeof id, "f%u", i);
      node = schedula_dispatcher_add_function (m->dispatcher, anon ? NULL : id, inc,
                                               SCHEDULA_IDS (prev), SCHEDULA_IDS (out), error);
      if (node == NULL)
        return FALSE;
      if (anon && i == n - 1)
        m->last_id = g_strdup (schedula_node_get_id (SCHEDULA_NODE (node)));
      memcpy (prev, out, sizeof prev);
    }
  m->n_functions = n;
  m->inputs = inputs_new ();
  inputs_add (m->inputs, "a", INPUT_VALUE);
  return TRUE;
}

static gboolean
build_chain (Model    *m,
             guint     n,
             GError  **error)
{
  return build_chain_common (m, n, FALSE, error);
}

static gboolean
check_chain (Model             *m,
             SchedulaSolution  *sol,
             guint              n,
             char             **detail)
{
  g_autofree char *last = g_strdup_printf ("v%u", n - 1);

  return expect_int (sol, last, INPUT_VALUE + (gint64) n, detail) &&
         expect_n_values (sol, n + 1, detail);
}

static gboolean
build_anon (Model    *m,
            guint     n,
            GError  **error)
{
  return build_chain_common (m, n, TRUE, error);
}

static gboolean
check_anon (Model             *m,
            SchedulaSolution  *sol,
            guint              n,
            char             **detail)
{
  /* the first is "f", then f<0>, f<1> ... */
  g_autofree char *expected = n == 1 ? g_strdup ("f") : g_strdup_printf ("f<%u>", n - 2);

  if (g_strcmp0 (m->last_id, expected) != 0)
    {
      *detail = g_strdup_printf ("the last node's id is %s, expected %s",
                                 m->last_id ? m->last_id : "(none)", expected);
      return FALSE;
    }
  return check_chain (m, sol, n, detail);
}

/* ---- dag ---- */

/* The j-th node of layer @layer (1, 2 ...) reads the j-th and this one of
 * the layer before: never j itself */
static guint
dag_second_input (guint layer,
                  guint j)
{
  guint offset = 1 + (layer * 37u) % (DAG_WIDTH - 1);

  return (j + offset) % DAG_WIDTH;
}

static gint64
dag_input_value (guint j)
{
  return (gint64) j * j + 1;
}

static gboolean
build_dag (Model    *m,
           guint     n,
           GError  **error)
{
  g_autoptr(SchedulaFunction) sum = schedula_function_new ("sum_mod", fn_sum_mod, NULL, NULL);
  char in1[32], in2[32], out[32], id[32];

  m->dispatcher = schedula_dispatcher_new ("dag");
  for (guint k = 0; k < n; k++)
    {
      guint layer = k / DAG_WIDTH + 1, j = k % DAG_WIDTH;

      g_snprintf (in1, sizeof in1, "d%u_%u", layer - 1, j);
      g_snprintf (in2, sizeof in2, "d%u_%u", layer - 1, dag_second_input (layer, j));
      g_snprintf (out, sizeof out, "d%u_%u", layer, j);
      g_snprintf (id, sizeof id, "f%u_%u", layer, j);
      if (schedula_dispatcher_add_function (m->dispatcher, id, sum, SCHEDULA_IDS (in1, in2),
                                            SCHEDULA_IDS (out), error) == NULL)
        return FALSE;
    }
  m->n_functions = n;
  m->inputs = inputs_new ();
  for (guint j = 0; j < DAG_WIDTH; j++)
    {
      g_snprintf (id, sizeof id, "d0_%u", j);
      inputs_add (m->inputs, id, dag_input_value (j));
    }
  return TRUE;
}

static gboolean
check_dag (Model             *m,
           SchedulaSolution  *sol,
           guint              n,
           char             **detail)
{
  g_autofree gint64 *prev = g_new (gint64, DAG_WIDTH);
  g_autofree gint64 *cur = g_new (gint64, DAG_WIDTH);
  g_autofree char *last = NULL;
  gint64 checksum = 0, got_checksum;
  guint n_iterated, n_non_int;
  gint64 last_value = 0;

  /* the same structure, in a plain loop */
  for (guint j = 0; j < DAG_WIDTH; j++)
    {
      prev[j] = dag_input_value (j);
      checksum = (checksum + prev[j]) % DAG_MODULUS;
    }
  for (guint k = 0; k < n; k++)
    {
      guint layer = k / DAG_WIDTH + 1, j = k % DAG_WIDTH;

      cur[j] = (prev[j] % DAG_MODULUS + prev[dag_second_input (layer, j)]) % DAG_MODULUS;
      checksum = (checksum + cur[j]) % DAG_MODULUS;
      last_value = cur[j];
      if (j == DAG_WIDTH - 1)
        {
          gint64 *t = prev;

          prev = cur;
          cur = t;
        }
    }

  last = g_strdup_printf ("d%u_%u", (n - 1) / DAG_WIDTH + 1, (n - 1) % DAG_WIDTH);
  if (!expect_int (sol, last, last_value, detail) ||
      !expect_n_values (sol, DAG_WIDTH + n, detail))
    return FALSE;
  got_checksum = bench_solution_checksum (sol, DAG_MODULUS, &n_iterated, &n_non_int);
  if (n_iterated != DAG_WIDTH + n || n_non_int != 0 || got_checksum != checksum)
    {
      *detail = g_strdup_printf ("checksum %" G_GINT64_FORMAT " of %u values (%u not gint64), "
                                 "expected %" G_GINT64_FORMAT " of %u",
                                 got_checksum, n_iterated, n_non_int, checksum, DAG_WIDTH + n);
      return FALSE;
    }
  return TRUE;
}

/* ---- fanin ---- */

static gboolean
build_fanin (Model    *m,
             guint     n,
             GError  **error)
{
  g_autoptr(SchedulaFunction) inc = schedula_function_new ("inc", bench_fn_inc, NULL, NULL);
  g_autoptr(SchedulaFunction) count = schedula_function_new ("count", fn_count, NULL, NULL);
  SchedulaDataNode *w;
  char id[32];

  m->dispatcher = schedula_dispatcher_new ("fanin");
  w = schedula_dispatcher_add_data (m->dispatcher, "w", NULL, error);
  if (w == NULL)
    return FALSE;
  schedula_data_node_set_wait_inputs (w, TRUE);
  schedula_data_node_set_combiner (w, count);
  for (guint i = 0; i < n; i++)
    {
      g_snprintf (id, sizeof id, "f%u", i);
      if (schedula_dispatcher_add_function (m->dispatcher, id, inc, SCHEDULA_IDS ("a"),
                                            SCHEDULA_IDS ("w"), error) == NULL)
        return FALSE;
    }
  m->n_functions = n;
  m->inputs = inputs_new ();
  inputs_add (m->inputs, "a", INPUT_VALUE);
  return TRUE;
}

static gboolean
check_fanin (Model             *m,
             SchedulaSolution  *sol,
             guint              n,
             char             **detail)
{
  return expect_int (sol, "w", n, detail) && expect_n_values (sol, 2, detail);
}

/* ---- fanout ---- */

static gboolean
build_fanout (Model    *m,
              guint     n,
              GError  **error)
{
  g_autoptr(SchedulaFunction) inc = schedula_function_new ("inc", bench_fn_inc, NULL, NULL);
  char id[32], out[32];

  m->dispatcher = schedula_dispatcher_new ("fanout");
  for (guint i = 0; i < n; i++)
    {
      g_snprintf (id, sizeof id, "f%u", i);
      g_snprintf (out, sizeof out, "o%u", i);
      if (schedula_dispatcher_add_function (m->dispatcher, id, inc, SCHEDULA_IDS ("a"),
                                            SCHEDULA_IDS (out), error) == NULL)
        return FALSE;
    }
  m->n_functions = n;
  m->inputs = inputs_new ();
  inputs_add (m->inputs, "a", INPUT_VALUE);
  return TRUE;
}

static gboolean
check_fanout (Model             *m,
              SchedulaSolution  *sol,
              guint              n,
              char             **detail)
{
  g_autofree char *last = g_strdup_printf ("o%u", n - 1);

  return expect_n_values (sol, n + 1, detail) &&
         expect_int (sol, last, INPUT_VALUE + 1, detail);
}

/* ---- wideport ---- */

static gboolean
build_wideport (Model    *m,
                guint     n,
                GError  **error)
{
  g_autoptr(SchedulaFunction) spread = schedula_function_new ("spread", fn_spread, NULL, NULL);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_full (n + 1, g_free);

  m->dispatcher = schedula_dispatcher_new ("wideport");
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (outputs, g_strdup_printf ("o%u", i));
  g_ptr_array_add (outputs, NULL);
  if (schedula_dispatcher_add_function (m->dispatcher, "f", spread, SCHEDULA_IDS ("a"),
                                        (const char *const *) outputs->pdata, error) == NULL)
    return FALSE;
  m->n_functions = 1;
  m->inputs = inputs_new ();
  inputs_add (m->inputs, "a", INPUT_VALUE);
  return TRUE;
}

static gboolean
check_wideport (Model             *m,
                SchedulaSolution  *sol,
                guint              n,
                char             **detail)
{
  g_autofree char *last = g_strdup_printf ("o%u", n - 1);

  return expect_n_values (sol, n + 1, detail) &&
         expect_int (sol, "o0", INPUT_VALUE, detail) &&
         expect_int (sol, last, INPUT_VALUE + (gint64) n - 1, detail);
}

/* ---- nesting ---- */

static gboolean
build_nesting (Model    *m,
               guint     n,
               GError  **error)
{
  g_autoptr(SchedulaFunction) inc = schedula_function_new ("inc", bench_fn_inc, NULL, NULL);
  g_autoptr(SchedulaMapping) in_map = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out_map = schedula_mapping_new ();
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("level0");

  schedula_mapping_add (in_map, "x", "x");
  schedula_mapping_add (out_map, "y", "y");
  if (schedula_dispatcher_add_function (child, "inc", inc, SCHEDULA_IDS ("x"),
                                        SCHEDULA_IDS ("y"), error) == NULL)
    return FALSE;
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("level%u", i);
      g_autoptr(SchedulaDispatcher) parent = schedula_dispatcher_new (name);

      if (schedula_dispatcher_add_dispatcher (parent, "sub", child, in_map, out_map, error) == NULL)
        return FALSE;
      g_set_object (&child, parent);
    }
  m->dispatcher = g_steal_pointer (&child);
  m->n_functions = 1;
  m->n_dispatchers = n;
  m->inputs = inputs_new ();
  inputs_add (m->inputs, "x", INPUT_VALUE);
  return TRUE;
}

static gboolean
check_nesting (Model             *m,
               SchedulaSolution  *sol,
               guint              n,
               char             **detail)
{
  return expect_int (sol, "y", INPUT_VALUE + 1, detail);
}

typedef struct {
  const char *name;
  const char *what;  /* N is ... */
  gboolean  (*build) (Model *m, guint n, GError **error);
  gboolean  (*check) (Model *m, SchedulaSolution *sol, guint n, char **detail);
} Shape;

static const Shape shapes[] = {
  { "chain", "a chain of N functions x + 1; checks v<N-1> = a + N and N + 1 values",
    build_chain, check_chain },
  { "dag", "N functions in layers of " G_STRINGIFY (DAG_WIDTH) ", each the sum mod 1000003 of "
    "2 nodes of the layer before (" G_STRINGIFY (DAG_WIDTH) " inputs); checks the last value, "
    "the number of values and the checksum of the solution against a plain C loop",
    build_dag, check_dag },
  { "fanin", "N functions a -> w, w waiting for all its inputs with a combiner counting them; "
    "checks w = N", build_fanin, check_fanin },
  { "fanout", "N functions a -> o<i>; checks N + 1 values and o<N-1>", build_fanout, check_fanout },
  { "wideport", "ONE function a -> o0 ... o<N-1>; checks N + 1 values, o0 and o<N-1>",
    build_wideport, check_wideport },
  { "anon", "the chain, its N functions added with one name and no id; checks that the last "
    "id is f<N-2>, and the chain's values", build_anon, check_anon },
  { "nesting", "N sub-dispatcher nodes nested one inside the other (x -> x, y -> y), the "
    "innermost dispatcher with one function x -> y = x + 1; checks y = x + 1 at the top",
    build_nesting, check_nesting },
};

static const Shape *
lookup_shape (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (strcmp (shapes[i].name, name) == 0)
      return &shapes[i];
  return NULL;
}

/* ======================================================================== */
/* Child: one shape at one size                                             */
/* ======================================================================== */

/* what the child starts doing: the phase of a timeout or a crash */
static void
phase (const char *what)
{
  g_print (PHASE_PREFIX "\t%s\n", what);
}

static gboolean
parse_size (const char  *text,
            guint       *size,
            GError     **error)
{
  char *end = NULL;
  guint64 v, mult = 1;

  v = g_ascii_strtoull (text, &end, 10);
  if (end == text)
    goto bad;
  if (*end == 'k' || *end == 'K')
    {
      mult = 1000;
      end++;
    }
  else if (*end == 'm' || *end == 'M')
    {
      mult = 1000000;
      end++;
    }
  if (*end != '\0' || v == 0 || v > G_MAXUINT / 2 / mult)
    goto bad;
  *size = (guint) (v * mult);
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "invalid size \"%s\" (a positive integer, with an optional k or M suffix)", text);
  return FALSE;
}

/* The CPU time this process spent in the kernel so far, in ns: at these
 * sizes mostly page faults, whose cost on this shared virtual machine
 * depends on how much fresh memory the host has to find (touching 2.8 GB
 * of new pages took 1.0 s in one run and 3.3 s in the next) */
static gint64
kernel_ns (void)
{
  struct rusage ru;

  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return -1;
  return (gint64) ru.ru_stime.tv_sec * 1000000000 + (gint64) ru.ru_stime.tv_usec * 1000;
}

static int
run_one (const char *shape_name,
         const char *size_text)
{
  const Shape *shape = lookup_shape (shape_name);
  g_autoptr(GString) line = g_string_new (RESULT_PREFIX);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autofree char *detail = NULL;
  Model m = { NULL, };
  gint64 t0, k0, build_ns, dispatch_ns, free_ns, teardown_ns;
  gint64 build_kernel_ns, dispatch_kernel_ns;
  gint64 rss_build, rss_dispatch;
  guint n, n_problems, n_values;
  gboolean ok;

  if (opt_timeout > 0)
    alarm ((guint) opt_timeout);  /* the parent sees SIGALRM as a timeout */
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_log_set_writer_func (bench_log_writer, NULL, NULL);

  if (shape == NULL)
    {
      g_print ("  [ERROR] no shape %s\n", shape_name);
      return EXIT_ERROR;
    }
  if (size_text == NULL || !parse_size (size_text, &n, &error))
    {
      g_print ("  [ERROR] %s\n", error ? error->message : "--one SHAPE needs a SIZE");
      return EXIT_ERROR;
    }
  bench_result_add_str (line, "shape", shape->name);
  bench_result_add (line, "size", n);

  phase ("the build");
  k0 = kernel_ns ();
  t0 = bench_now_ns ();
  ok = shape->build (&m, n, &error);
  build_ns = bench_now_ns () - t0;
  build_kernel_ns = kernel_ns () - k0;
  rss_build = bench_current_rss_kib ();
  if (!ok)
    {
      g_print ("  [ERROR] building: %s\n", error->message);
      bench_result_add_str (line, "status", "error");
      bench_result_add_str (line, "detail", error->message);
      g_print ("%s\n", line->str);
      model_clear (&m);
      return EXIT_ERROR;
    }
  g_print ("  built: %u function nodes, %u sub-dispatcher nodes in %.3f s (%.3f s of it in the "
           "kernel), RSS %.1f MiB\n", m.n_functions, m.n_dispatchers, build_ns / 1e9,
           build_kernel_ns / 1e9, rss_build / 1024.0);

  phase ("the first dispatch");
  k0 = kernel_ns ();
  t0 = bench_now_ns ();
  sol = schedula_dispatcher_dispatch (m.dispatcher, m.inputs, NULL, NULL, NULL, &error);
  dispatch_ns = bench_now_ns () - t0;
  dispatch_kernel_ns = kernel_ns () - k0;
  rss_dispatch = bench_current_rss_kib ();
  if (sol == NULL)
    {
      detail = g_strdup_printf ("the dispatch failed: %s (%s %d)", error->message,
                                g_quark_to_string (error->domain), error->code);
      ok = FALSE;
      n_values = 0;
    }
  else
    {
      phase ("the check");
      n_values = schedula_solution_get_n_values (sol);
      ok = shape->check (&m, sol, n, &detail);
    }
  n_problems = bench_log_n_problems ();
  if (ok && n_problems > 0)
    {
      ok = FALSE;
      detail = g_strdup_printf ("%u warnings/criticals logged (see stderr)", n_problems);
    }

  phase ("freeing the solution");
  t0 = bench_now_ns ();
  g_clear_object (&sol);
  free_ns = bench_now_ns () - t0;

  g_print ("  first dispatch: %.3f s (%.3f s of it in the kernel; freeing its solution: %.3f s), "
           "%u values, RSS %.1f MiB\n", dispatch_ns / 1e9, dispatch_kernel_ns / 1e9,
           free_ns / 1e9, n_values, rss_dispatch / 1024.0);
  g_print ("  [%s] %s\n", ok ? "OK" : "MISMATCH", ok ? "the solution is right" : detail);

  bench_result_add_str (line, "status", ok ? "ok" : "mismatch");
  bench_result_add_str (line, "detail", ok ? "" : detail);
  bench_result_add (line, "n_functions", m.n_functions);
  bench_result_add (line, "n_dispatchers", m.n_dispatchers);
  bench_result_add (line, "n_values", n_values);
  bench_result_add (line, "build_ns", build_ns);
  bench_result_add (line, "dispatch_ns", dispatch_ns);
  bench_result_add (line, "build_kernel_ns", build_kernel_ns);
  bench_result_add (line, "dispatch_kernel_ns", dispatch_kernel_ns);
  bench_result_add (line, "free_solution_ns", free_ns);
  bench_result_add (line, "rss_build_kib", rss_build);
  bench_result_add (line, "rss_dispatch_kib", rss_dispatch);
  bench_result_add (line, "peak_rss_kib", bench_peak_rss_kib ());
  g_print ("%s\n", line->str);

  /* the teardown comes after the result line: a crash in it leaves the
   * figures, and is reported as such */
  phase ("the teardown");
  t0 = bench_now_ns ();
  model_clear (&m);
  teardown_ns = bench_now_ns () - t0;
  g_print ("  teardown (unref of the dispatcher): %.3f s\n", teardown_ns / 1e9);
  g_print (TEARDOWN_PREFIX "\tteardown_ns=%" G_GINT64_FORMAT "\n", teardown_ns);
  return ok ? 0 : EXIT_MISMATCH;
}

/* ======================================================================== */
/* Parent: one child per (shape, size), then the tables                     */
/* ======================================================================== */

typedef struct {
  const Shape *shape;
  guint        size;
  GHashTable  *result;    /* key -> value of the result line, NULL if none */
  gboolean     teardown;  /* the child said its teardown went well */
  char        *phase;     /* what the child did last */
  gboolean     failed;
  char        *outcome;   /* "OK", "wrong result: ...", "timeout (> 120 s) in ...", ... */
  char        *output;    /* the child's other lines */
} Row;

static void
row_free (gpointer p)
{
  Row *row = p;

  g_clear_pointer (&row->result, g_hash_table_unref);
  g_free (row->outcome);
  g_free (row->output);
  g_free (row->phase);
  g_free (row);
}

static gint64
row_int (const Row  *row,
         const char *key)
{
  const char *v;

  if (row->result == NULL || (v = g_hash_table_lookup (row->result, key)) == NULL)
    return -1;
  return g_ascii_strtoll (v, NULL, 10);
}

/* the address-space limit of the children in MiB, 0 for none */
static gint64
max_memory_mib (void)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (opt_max_memory >= 0)
    return opt_max_memory;
  if (pages <= 0 || page_size <= 0)
    return 0;
  return (gint64) pages / 2 * page_size / (1024 * 1024);
}

static void
child_setup (gpointer user_data)
{
  gint64 mib = GPOINTER_TO_SIZE (user_data);
  struct rlimit rl;

  /* runs between fork and exec: async-signal-safe calls only */
  if (mib <= 0)
    return;
  rl.rlim_cur = rl.rlim_max = (rlim_t) mib * 1024 * 1024;
  setrlimit (RLIMIT_AS, &rl);
}

typedef struct {
  GMainLoop   *loop;
  GSubprocess *proc;
  char        *out;
  GError      *error;
  gboolean     killed;
} Wait;

static void
communicate_done (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  Wait *w = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, &w->out, NULL, &w->error);
  g_main_loop_quit (w->loop);
}

static gboolean
on_deadline (gpointer user_data)
{
  Wait *w = user_data;

  w->killed = TRUE;
  g_subprocess_force_exit (w->proc);
  return G_SOURCE_REMOVE;
}

static void
run_child (const char *self_exe,
           Row        *row)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *size = g_strdup_printf ("%u", row->size);
  g_autofree char *timeout = g_strdup_printf ("--timeout=%d", opt_timeout);
  g_auto(GStrv) lines = NULL;
  gint64 mib = max_memory_mib ();
  Wait w = { NULL, };
  guint deadline = 0;
  const char *argv[] = { self_exe, "--one", row->shape->name, timeout, size, NULL };

  g_subprocess_launcher_set_child_setup (launcher, child_setup, GSIZE_TO_POINTER ((gsize) mib), NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (proc == NULL)
    {
      row->failed = TRUE;
      row->outcome = g_strdup_printf ("failed (cannot run: %s)", error->message);
      return;
    }

  loop = g_main_loop_new (NULL, FALSE);
  w.loop = loop;
  w.proc = proc;
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_done, &w);
  if (opt_timeout > 0)
    deadline = g_timeout_add_seconds ((guint) opt_timeout + KILL_GRACE_S, on_deadline, &w);
  g_main_loop_run (loop);
  if (deadline != 0 && !w.killed)
    g_source_remove (deadline);

  lines = g_strsplit (w.out ? w.out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], RESULT_PREFIX "\t"))
        {
          g_clear_pointer (&row->result, g_hash_table_unref);
          row->result = bench_parse_result_line (lines[i]);
        }
      else if (g_str_has_prefix (lines[i], TEARDOWN_PREFIX "\t"))
        row->teardown = TRUE;
      else if (g_str_has_prefix (lines[i], PHASE_PREFIX "\t"))
        {
          g_free (row->phase);
          row->phase = g_strdup (lines[i] + strlen (PHASE_PREFIX "\t"));
        }
      else if (lines[i][0] != '\0')
        g_string_append_printf (output, "%s\n", lines[i]);
    }
  row->output = g_string_free (g_steal_pointer (&output), FALSE);
  g_free (w.out);

  if (w.error != NULL)
    {
      row->failed = TRUE;
      row->outcome = g_strdup_printf ("failed (reading its output: %s)", w.error->message);
      g_clear_error (&w.error);
      return;
    }

  if (g_subprocess_get_if_signaled (proc))
    {
      int sig = g_subprocess_get_term_sig (proc);
      g_autofree char *where = g_strdup_printf (" in %s%s", row->phase ? row->phase : "the start",
                                                row->result != NULL ? ", after the check" : "");

      row->failed = TRUE;
      if (sig == SIGALRM || w.killed)
        row->outcome = g_strdup_printf ("timeout (> %d s)%s", opt_timeout, where);
      else
        row->outcome = g_strdup_printf ("failed (signal %d, %s)%s%s", sig, g_strsignal (sig), where,
                                        mib > 0 && (sig == SIGABRT || sig == SIGTRAP)
                                          ? "; out of memory? (--max-memory)" : "");
      return;
    }

  if (row->result == NULL)
    {
      row->failed = TRUE;
      row->outcome = g_strdup_printf ("failed (exit status %d in %s, no result)",
                                      g_subprocess_get_exit_status (proc),
                                      row->phase ? row->phase : "the start");
      return;
    }

  {
    const char *status = g_hash_table_lookup (row->result, "status");
    const char *detail = g_hash_table_lookup (row->result, "detail");
    int exit_status = g_subprocess_get_exit_status (proc);

    if (g_strcmp0 (status, "ok") == 0 && exit_status == 0 && row->teardown)
      row->outcome = g_strdup ("OK");
    else if (g_strcmp0 (status, "ok") == 0)
      {
        row->failed = TRUE;
        row->outcome = g_strdup_printf ("failed (exit status %d%s)", exit_status,
                                        row->teardown ? "" : " in the teardown, after the check");
      }
    else
      {
        row->failed = TRUE;
        row->outcome = g_strdup_printf ("wrong result: %s",
                                        detail && *detail ? detail : status ? status : "?");
      }
  }
}

/* ---- the tables ---- */

static gint64
row_time_ns (const Row *row)
{
  gint64 b = row_int (row, "build_ns"), d = row_int (row, "dispatch_ns");

  return b >= 0 && d >= 0 ? b + d : -1;
}

/* build + first dispatch without their time in the kernel */
static gint64
row_user_ns (const Row *row)
{
  gint64 t = row_time_ns (row);
  gint64 kb = row_int (row, "build_kernel_ns"), kd = row_int (row, "dispatch_kernel_ns");

  return t >= 0 && kb >= 0 && kd >= 0 && t > kb + kd ? t - kb - kd : -1;
}

/* the growth of @now over @before per 10x of the size */
static char *
fmt_growth (gint64 before,
            gint64 now,
            guint  size_before,
            guint  size_now)
{
  gdouble decades;

  if (before <= 0 || now <= 0 || size_now <= size_before)
    return g_strdup ("-");
  decades = log10 ((gdouble) size_now / size_before);
  return bench_fmt_ratio (pow ((gdouble) now / before, 1.0 / decades));
}

static char *
fmt_s (gint64 ns)
{
  if (ns < 0)
    return g_strdup ("-");
  return bench_fmt_num (ns / 1e9);
}

static void
append_table (GString   *out,
              GPtrArray *rows,
              guint      first,
              guint      end)
{
  const Shape *shape = ((Row *) g_ptr_array_index (rows, first))->shape;
  const Row *prev = NULL;

  g_string_append_printf (out, "\n#### %s\n\n%s\n\n", shape->name, shape->what);
  g_string_append (out, "| size | build s | first dispatch s | of both in the kernel s | peak RSS MiB "
                   "| time growth | without the kernel | memory growth | result |\n"
                   "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (guint i = first; i < end; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      gint64 rss = row_int (row, "peak_rss_kib");
      g_autofree char *build = fmt_s (row_int (row, "build_ns"));
      g_autofree char *dispatch = fmt_s (row_int (row, "dispatch_ns"));
      gint64 t = row_time_ns (row), u = row_user_ns (row);
      g_autofree char *kernel = fmt_s (t >= 0 && u >= 0 ? t - u : -1);
      g_autofree char *rss_s = rss >= 0 ? g_strdup_printf ("%.1f", rss / 1024.0) : g_strdup ("-");
      g_autofree char *tg = NULL, *ug = NULL, *mg = NULL;

      if (prev != NULL)
        {
          tg = fmt_growth (row_time_ns (prev), t, prev->size, row->size);
          ug = fmt_growth (row_user_ns (prev), u, prev->size, row->size);
          mg = fmt_growth (row_int (prev, "peak_rss_kib"), rss, prev->size, row->size);
        }
      g_string_append_printf (out, "| %u | %s | %s | %s | %s | %s | %s | %s | %s |\n", row->size,
                              build, dispatch, kernel, rss_s, tg ? tg : "-", ug ? ug : "-",
                              mg ? mg : "-", row->outcome);
      prev = row;
    }
}

static GString *
render_tables (GPtrArray *rows,
               char      *command)
{
  GString *out = g_string_new (NULL);
  guint first = 0;

  g_string_append (out, "### libschedula-glib scaling benchmark\n\n");
  g_string_append_printf (out, "- command: %s\n", command);
  bench_append_machine (out, BENCH_BUILDTYPE, TRUE);
  g_string_append_printf (out,
                          "- each (shape, size) in a fresh process, killed after %d s; build = "
                          "the model through the public C API; first dispatch = one full "
                          "dispatch (inputs only, outputs NULL), the dispatch call alone (it "
                          "includes the library's one-time compile of the model); peak RSS = "
                          "getrusage() ru_maxrss of that process after the dispatch; time "
                          "growth = of build + first dispatch, and of the same without the CPU "
                          "time the process spent in the kernel (getrusage() ru_stime: mostly "
                          "page faults, whose cost on a shared virtual machine depends on the "
                          "host), memory growth = of the peak RSS, per 10x of the size over the "
                          "size before (\"-\": none)\n",
                          opt_timeout);
  if (opt_warm_up > 0)
    g_string_append_printf (out, "- %d MiB of memory touched before each run of the largest "
                            "size (--warm-up: the host had backed those pages)\n", opt_warm_up);
  else
    g_string_append (out, "- no --warm-up: the kernel's part of the largest sizes includes "
                     "the host's first backing of the guest's pages\n");
  for (guint i = 1; i <= rows->len; i++)
    {
      if (i == rows->len ||
          ((Row *) g_ptr_array_index (rows, i))->shape != ((Row *) g_ptr_array_index (rows, first))->shape)
        {
          append_table (out, rows, first, i);
          first = i;
        }
    }
  return out;
}

/* ---- the sizes and the command line ---- */

static gint
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static GArray *
parse_sizes (const char  *text,
             GError     **error)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint n;

      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        continue;
      if (!parse_size (parts[i], &n, error))
        return NULL;
      g_array_append_val (sizes, n);
    }
  if (sizes->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--sizes: no size");
      return NULL;
    }
  g_array_sort (sizes, compare_uint);
  for (guint i = sizes->len - 1; i > 0; i--)  /* no duplicates */
    if (g_array_index (sizes, guint, i) == g_array_index (sizes, guint, i - 1))
      g_array_remove_index (sizes, i);
  return g_steal_pointer (&sizes);
}

static char *
quote_command (int    argc,
               char **argv)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < argc; i++)
    {
      g_autofree char *q = g_shell_quote (argv[i]);
      gboolean plain = strpbrk (argv[i], " \t\n'\"\\$`*?[]{}()<>|&;#~!") == NULL && argv[i][0] != '\0';

      g_string_append_printf (s, "%s%s", i ? " " : "", plain ? argv[i] : q);
    }
  return g_string_free (s, FALSE);
}

/* --warm-up: touches @mib MiB and gives them back (see the top) */
static void
warm_up (gint mib)
{
  gsize size = (gsize) mib * 1048576;
  gint64 t0 = g_get_monotonic_time ();
  guint8 *p;

  if (mib <= 0)
    return;
  p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    {
      g_printerr ("--warm-up: could not map %d MiB\n", mib);
      return;
    }
  for (gsize k = 0; k < size; k += 4096)
    p[k] = 1;
  munmap (p, size);
  g_print ("warm-up: touched %d MiB in %.2f s\n", mib, (g_get_monotonic_time () - t0) / 1e6);
}

static int
run_all (const char *argv0,
         char       *command)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GRegex) only = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tables = NULL;
  g_autofree char *self_exe = bench_self_executable (argv0);
  guint n_failed = 0;

  if (opt_only != NULL)
    {
      only = g_regex_new (opt_only, 0, 0, &error);
      if (only == NULL)
        {
          g_printerr ("--only: %s\n", error->message);
          return EXIT_ERROR;
        }
    }
  sizes = parse_sizes (opt_sizes ? opt_sizes : "10000,100000,1000000", &error);
  if (sizes == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_ERROR;
    }
  if (opt_check)
    g_array_set_size (sizes, 1);  /* the smallest */

  g_print ("command: %s\nbuild type: %s\n", command, BENCH_BUILDTYPE);
  if (opt_check)
    g_print ("--check: the smallest size of every shape, for correctness only\n");

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      const Shape *shape = &shapes[s];

      if (only != NULL && !g_regex_match (only, shape->name, 0, NULL))
        continue;
      for (guint i = 0; i < sizes->len; i++)
        {
          Row *row = g_new0 (Row, 1);

          row->shape = shape;
          row->size = g_array_index (sizes, guint, i);
          if (opt_check && strcmp (shape->name, "nesting") == 0 && row->size > CHECK_NESTING_MAX)
            {
              g_print ("note: --check runs nesting at size %u, not %u (deep nesting is slow)\n",
                       CHECK_NESTING_MAX, row->size);
              row->size = CHECK_NESTING_MAX;
            }
          g_ptr_array_add (rows, row);
          if (i == sizes->len - 1)
            warm_up (opt_warm_up);

          if (!opt_check)
            g_print ("== %s %u\n", shape->name, row->size);
          run_child (self_exe, row);
          if (row->failed)
            n_failed++;
          if (!opt_check)
            g_print ("%s  -> %s\n", row->output ? row->output : "", row->outcome);
          else
            {
              gint64 t = row_time_ns (row), rss = row_int (row, "peak_rss_kib");

              if (row->failed)
                g_print ("%s", row->output ? row->output : "");
              g_print ("%s %s %u", row->failed ? "FAIL" : "OK", shape->name, row->size);
              if (row->failed)
                g_print (": %s", row->outcome);
              if (t >= 0)
                g_print (" (build + first dispatch %.3f s, peak RSS %.1f MiB)", t / 1e9, rss / 1024.0);
              g_print ("\n");
            }
        }
    }
  if (rows->len == 0)
    {
      g_printerr ("No shape matches --only %s\n", opt_only);
      return EXIT_ERROR;
    }

  if (opt_check)
    {
      g_print ("%s: %u of %u failed\n", n_failed ? "FAIL" : "OK", n_failed, rows->len);
      return n_failed ? EXIT_MISMATCH : 0;
    }
  tables = render_tables (rows, command);
  bench_print_tables (tables, NULL);
  if (n_failed > 0)
    g_print ("\n%u of %u runs failed or timed out (see the result column)\n", n_failed, rows->len);
  return n_failed ? EXIT_MISMATCH : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *command = quote_command (argc, argv);
  int ret;

  g_option_context_set_summary (context,
                                "Builds models of growing size (chain, dag, fanin, fanout, wideport, "
                                "anon, nesting)\nthrough the C API, dispatches and checks them once, "
                                "and reports how the build time,\nthe first dispatch's time and the "
                                "peak RSS grow with the size.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_ERROR;
    }

  if (opt_one != NULL)
    ret = run_one (opt_one, opt_rest ? opt_rest[0] : NULL);
  else if (opt_rest != NULL && opt_rest[0] != NULL)
    {
      g_printerr ("Unexpected argument %s\n", opt_rest[0]);
      ret = EXIT_ERROR;
    }
  else
    ret = run_all (argv[0], command);

  g_free (opt_sizes);
  g_free (opt_only);
  g_free (opt_one);
  g_strfreev (opt_rest);
  return ret;
}
