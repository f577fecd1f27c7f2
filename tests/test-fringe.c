/* test-fringe.c: the fringe of a dispatch pops in one order, whether its
 * entries wait in the heap or in buckets of equal distance
 *
 * The dispatch keeps the entries of its fringe in a binary heap and, once
 * the heap is large, in buckets of entries that share a distance. The
 * environment variable SCHEDULA_FRINGE_BUCKETS chooses never (the heap
 * only), always (buckets from the first entry) or the default. This test
 * runs itself with --dump under each, on random layered models with many
 * equal distances (unit, zero and fractional weights), a child model at two
 * nodes (equal distances in several solutions: the index path decides),
 * waiting nodes, domains, defaults and failing functions, and compares the
 * three texts: values, distances, workflows and errors of every solution.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdio.h>

#include "test-common.h"
#include "test-sum.h"

#define N_MODELS 60

static gboolean
fn_sum (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 total;

  if (!call_sum (call, &total, error))
    return FALSE;
  for (guint k = 0; k < schedula_call_get_n_outputs (call); k++)
    schedula_call_set_output_int64 (call, k, (total + k) % 1000);
  return TRUE;
}

static gboolean
fn_broken (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "broken");
  return FALSE;
}

static gboolean
dom_not_seven (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 total;

  return call_sum (call, &total, error) && total % 7 != 0;
}

static gboolean
comb_first (SchedulaCall *call, gpointer data, GError **error)
{
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, x);
  return TRUE;
}

/* A weight with many ties: mostly none (1), else 0, 1, 2 or a quarter */
static gdouble
tie_weight (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      return 0;
    case 1:
      return g_rand_int_range (rand, 1, 3);
    case 2:
      return g_rand_int_range (rand, 1, 8) / 4.0;
    default:
      return -1;
    }
}

/* A layered model: layer 0 are the inputs, each function reads one to
 * three data nodes of earlier layers and writes one or two of its own.
 * Its data ids are added to @ids, by layer. */
static SchedulaDispatcher *
layered_model (GRand      *rand,
               const char *name,
               guint       n_layers,
               guint       width,
               GPtrArray  *ids)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new (name);
  g_autoptr(SchedulaFunction) sum = schedula_function_new ("sum", fn_sum, NULL, NULL);
  g_autoptr(SchedulaFunction) broken = schedula_function_new ("broken", fn_broken, NULL, NULL);
  g_autoptr(SchedulaFunction) domain = schedula_function_new_predicate ("not7", dom_not_seven, NULL, NULL);
  g_autoptr(SchedulaFunction) combiner = schedula_function_new ("first", comb_first, NULL, NULL);
  g_autoptr(GError) error = NULL;

  for (guint l = 0; l < n_layers; l++)
    for (guint i = 0; i < width; i++)
      g_ptr_array_add (ids, g_strdup_printf ("d%u_%u", l, i));
  for (guint l = 1; l < n_layers; l++)
    for (guint i = 0; i < width; i++)
      {
        g_autofree char *id = g_strdup_printf ("f%u_%u", l, i);
        const char *ins[4] = { NULL, }, *outs[3] = { NULL, };
        guint n_in = g_rand_int_range (rand, 1, 4), n_out = g_rand_int_range (rand, 1, 3), k = 0;
        SchedulaFunctionNode *node;
        gdouble w;

        for (guint j = 0; j < n_in; j++)
          {
            const char *d = ids->pdata[g_rand_int_range (rand, 0, l * width)];

            if (!g_strv_contains (ins, d))
              ins[k++] = d;
          }
        outs[0] = ids->pdata[l * width + i];
        if (n_out == 2)
          outs[1] = ids->pdata[l * width + g_rand_int_range (rand, 0, width)];
        if (outs[1] != NULL && g_str_equal (outs[0], outs[1]))
          outs[1] = NULL;
        node = schedula_dispatcher_add_function (dsp, id, g_rand_int_range (rand, 0, 25) == 0 ? broken : sum,
                                                 ins, outs, &error);
        g_assert_no_error (error);
        if ((w = tie_weight (rand)) >= 0)
          schedula_function_node_set_weight (node, w);
        if ((w = tie_weight (rand)) >= 0)
          schedula_function_node_set_input_weight (node, ins[0], w, &error);
        if ((w = tie_weight (rand)) >= 0)
          schedula_function_node_set_output_weight (node, outs[0], w, &error);
        g_assert_no_error (error);
        if (g_rand_int_range (rand, 0, 20) == 0)
          schedula_function_node_set_input_domain (node, domain);
      }
  for (guint i = 0; i < ids->len; i++)
    {
      SchedulaNode *d = schedula_dispatcher_lookup_node (dsp, ids->pdata[i]);

      if (d == NULL)
        {
          d = SCHEDULA_NODE (schedula_dispatcher_add_data (dsp, ids->pdata[i], NULL, &error));
          g_assert_no_error (error);
        }
      switch (g_rand_int_range (rand, 0, 30))
        {
        case 0:
          g_object_set (d, "wait-inputs", TRUE, "combiner", combiner, NULL);
          break;
        case 1:
          {
            g_auto(GValue) v = G_VALUE_INIT;

            g_value_init (&v, G_TYPE_INT64);
            g_value_set_int64 (&v, g_rand_int_range (rand, 0, 50));
            schedula_data_node_set_default_value (SCHEDULA_DATA_NODE (d), &v);
          }
          break;
        default:
          break;
        }
    }
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  return dsp;
}

/* The width of the layers of a wide model (see dump_model ()) */
#define WIDE_WIDTH 5000

/* @n functions y<i> = g<i> (x0, x1) */
static SchedulaDispatcher *
flat_model (guint n)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("flat");
  g_autoptr(SchedulaFunction) sum = schedula_function_new ("sum", fn_sum, NULL, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("g%u", i);
      g_autofree char *y = g_strdup_printf ("y%u", i);
      const char *ins[3] = { "x0", "x1", NULL }, *outs[2] = { y, NULL };

      schedula_dispatcher_add_function (dsp, id, sum, ins, outs, &error);
      g_assert_no_error (error);
    }
  return dsp;
}

/* Adds two copies of a flat model of WIDE_WIDTH / 2 functions to @dsp:
 * flat_c gets x0 from @early and x1 from @late, flat_a the other way round.
 * Each g<i> runs when its later input comes: x1 of flat_c and x0 of
 * flat_a, at one distance, which the fringe gives x0 first (its id comes
 * first). So every g<i> of flat_a is pushed before the one of flat_c, at
 * one distance, while flat_c comes first by index path: a wide bucket
 * whose entries of one tie the fringe must put in that order. */
static void
add_flat_children (SchedulaDispatcher *dsp,
                   const char         *early,
                   const char         *late)
{
  g_autoptr(SchedulaDispatcher) child = flat_model (WIDE_WIDTH / 2);
  const char *const names[2] = { "flat_c", "flat_a" };
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(SchedulaMapping) in = schedula_mapping_new ();
      g_autoptr(SchedulaMapping) out = schedula_mapping_new ();

      schedula_mapping_add (in, k == 0 ? early : late, "x0");
      schedula_mapping_add (in, k == 0 ? late : early, "x1");
      schedula_mapping_add (out, "y0", k == 0 ? "flat_out_c" : "flat_out_a");
      schedula_dispatcher_add_dispatcher (dsp, names[k], child, in, out, &error);
      g_assert_no_error (error);
    }
}

/* Adds @child at node @id, reading two data nodes of @ids and writing two */
static void
add_child (GRand              *rand,
           SchedulaDispatcher *dsp,
           const char         *id,
           SchedulaDispatcher *child,
           GPtrArray          *ids,
           GPtrArray          *child_ids,
           guint               width)
{
  g_autoptr(SchedulaMapping) in = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) out = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;

  schedula_mapping_add (in, ids->pdata[g_rand_int_range (rand, 0, 3)], child_ids->pdata[0]);
  schedula_mapping_add (in, ids->pdata[g_rand_int_range (rand, 0, g_rand_boolean (rand) ? 3 : 2 * width)],
                        child_ids->pdata[1]);
  schedula_mapping_add (out, child_ids->pdata[child_ids->len - 1], ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
  schedula_mapping_add (out, child_ids->pdata[child_ids->len - 2], ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
  schedula_dispatcher_add_dispatcher (dsp, id, child, in, out, &error);
  g_assert_no_error (error);
}

/* The text of model @seed's dispatches: full, then targeted. A @wide model
 * has layers of WIDE_WIDTH and children of half that: buckets wider than
 * the library sorts through a copy (BUCKET_GATHER_MAX), which it reads
 * through the order of their positions. */
static void
dump_model (GString  *s,
            guint     seed,
            gboolean  wide)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) child_ids = g_ptr_array_new_with_free_func (g_free);
  guint width = wide ? WIDE_WIDTH : (guint) g_rand_int_range (rand, 5, 120);
  guint n_layers = wide ? 3 : (guint) g_rand_int_range (rand, 3, 12);
  g_autoptr(SchedulaDispatcher) dsp = layered_model (rand, "top", n_layers, width, ids);
  g_autoptr(GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, value_free);
  const char *outputs[4] = { NULL, };

  if (seed % 2 == 0)
    {
      g_autoptr(SchedulaDispatcher) child = layered_model (rand, "child", 4, 6, child_ids);

      /* added out of the order of their ids: the order of their visits
       * (by id, at one distance) is not that of their index paths (by
       * position), which decide between equal entries of their solutions */
      add_child (rand, dsp, "sub_c", child, ids, child_ids, width);
      add_child (rand, dsp, "sub_a", child, ids, child_ids, width);
      add_child (rand, dsp, "sub_b", child, ids, child_ids, width);
    }
  if (wide)
    {
      g_autoptr(SchedulaFunction) sum = schedula_function_new ("sum", fn_sum, NULL, NULL);
      const char *ins[2] = { ids->pdata[0], NULL }, *outs[2] = { "late", NULL };
      g_autoptr(GError) error = NULL;

      /* d0_0 is an input: late comes two steps after it */
      schedula_dispatcher_add_function (dsp, "to_late", sum, ins, outs, &error);
      g_assert_no_error (error);
      add_flat_children (dsp, ids->pdata[0], "late");
    }
  for (guint i = 0; i < width; i++)
    if (i < 3 || g_rand_int_range (rand, 0, 5) != 0)
      g_hash_table_insert (inputs, ids->pdata[i], value_new_int (g_rand_int_range (rand, 0, 100)));
  for (guint k = 0; k < 3; k++)
    outputs[k] = ids->pdata[g_rand_int_range (rand, ids->len / 2, ids->len)];

  g_string_append_printf (s, "model %u: %u layers of %u\n", seed, n_layers, width);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SchedulaSolution) sol = schedula_dispatcher_try_dispatch (dsp, inputs, pass ? outputs : NULL,
                                                                         NULL, NULL, &error);
      g_autoptr(GListModel) subs = NULL;

      g_assert_no_error (error);
      subs = schedula_solution_get_sub_solutions (sol);
      append_solution_text (s, sol);
      for (guint i = 0; i < g_list_model_get_n_items (subs); i++)
        {
          g_autoptr(SchedulaSolution) sub = g_list_model_get_item (subs, i);

          append_solution_text (s, sub);
        }
    }
}

static char *self_path;

static char *
run_dump (const char *mode)
{
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { self_path, "--dump", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  env = mode != NULL ? g_environ_setenv (env, "SCHEDULA_FRINGE_BUCKETS", mode, TRUE)
                     : g_environ_unsetenv (env, "SCHEDULA_FRINGE_BUCKETS");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p; p = strchr (p, '\n'), p = p ? p + 1 : NULL)
    if (g_str_has_prefix (p, prefix))
      n++;
  return n;
}

static void
test_same_order (void)
{
  g_autofree char *heap = run_dump ("never");
  g_autofree char *buckets = run_dump ("always");
  g_autofree char *mixed = run_dump (NULL);

  /* every model ran, with sub-solutions and errors among them */
  g_assert_cmpuint (count_lines_starting (heap, "model "), ==, N_MODELS + 1);
  g_assert_cmpuint (count_lines_starting (heap, "model 0: 3 layers of 5000"), ==, 1);
  g_assert_cmpuint (count_lines_starting (heap, "[sub_a]"), >, 0);
  g_assert_cmpuint (count_lines_starting (heap, " error "), >, 0);
  g_assert_cmpstr (buckets, ==, heap);
  g_assert_cmpstr (mixed, ==, heap);
}

/* The heap orders most distances by an integer key; a distance of two
 * levels (an input given at inf(1, 0)) must make it compare the distances
 * themselves. 64 inputs at distances of one and two levels, chosen so that
 * the numbers alone would give another order; the nodes must get their
 * distances in the order of (inf, num), whichever way the fringe keeps
 * them. */
static void
check_two_level_order (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("two-level");
  g_autoptr(SchedulaFunction) sum = schedula_function_new ("sum", fn_sum, NULL, NULL);
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  g_autoptr(GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) order = NULL;
  SchedulaDistance last = { -1, 0 };
  guint n_seen = 0;

  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *f = g_strdup_printf ("f%02u", i);
      g_autofree char *x = g_strdup_printf ("x%02u", i);
      g_autofree char *y = g_strdup_printf ("y%02u", i);
      /* inf 0, 1 or 2; a smaller num for a larger inf */
      SchedulaDistance d = { i % 3, (gdouble) (64 - i) + (i % 3 == 0 ? 100 : 0) };

      schedula_dispatcher_add_function (dsp, f, sum, IDS (x), IDS (y), &error);
      g_assert_no_error (error);
      g_hash_table_insert (inputs, g_strdup (x), value_new_int (i));
      schedula_dispatch_options_set_input_dist (options, x, &d);
    }
  sol = schedula_dispatcher_try_dispatch (dsp, inputs, NULL, options, NULL, &error);
  g_assert_no_error (error);
  order = schedula_solution_get_distance_ids (sol);
  for (guint i = 0; order[i] != NULL; i++)
    {
      SchedulaDistance d;

      if (!g_str_has_prefix (order[i], "y"))
        continue;
      g_assert_true (schedula_solution_get_distance (sol, order[i], &d));
      g_assert_true (d.inf > last.inf || (d.inf == last.inf && d.num >= last.num));
      last = d;
      n_seen++;
    }
  g_assert_cmpuint (n_seen, ==, 64);
  g_assert_cmpfloat (last.inf, ==, 2);
}

static void
test_two_level_distances (void)
{
  const char *modes[] = { "never", "always", NULL };

  for (guint m = 0; modes[m] != NULL; m++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

      g_subprocess_launcher_setenv (launcher, "SCHEDULA_FRINGE_BUCKETS", modes[m], TRUE);
      proc = g_subprocess_launcher_spawn (launcher, &error, self_path, "--two-level", NULL);
      g_assert_no_error (error);
      g_subprocess_wait_check (proc, NULL, &error);
      g_assert_no_error (error);
    }
  check_two_level_order ();
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--two-level"))
    {
      check_two_level_order ();
      return 0;
    }
  if (argc > 1 && g_str_equal (argv[1], "--dump"))
    {
      GString *s = g_string_new (NULL);

      for (guint seed = 1; seed <= N_MODELS; seed++)
        dump_model (s, seed, FALSE);
      dump_model (s, 0, TRUE);
      fwrite (s->str, 1, s->len, stdout);
      g_string_free (s, TRUE);
      return 0;
    }
  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Schedula/Fringe/same-order", test_same_order);
  g_test_add_func ("/Schedula/Fringe/two-level-distances", test_two_level_distances);
  return g_test_run ();
}
