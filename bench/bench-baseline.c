/* bench-baseline.c: the reference's figures (schedula_baseline.json)
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Only what the comparisons need is kept: per graph case the build time, the
 * median and µs per function of both dispatches and the peak RSS; per
 * executor case ("exec:MODEL:EXECUTOR") the median and the first ("cold")
 * dispatch; plus a little machine information. Everything else is skipped.
 * The file is written by bench_schedula.py, not by us, so members of an
 * unexpected type are skipped rather than rejected.
 */

#include "bench-baseline.h"
#include "bench-json.h"

#include <math.h>
#include <string.h>

static BenchBaselineCase *
case_new (void)
{
  BenchBaselineCase *c = g_new0 (BenchBaselineCase, 1);

  c->n_functions = -1;
  c->build_s = NAN;
  c->targeted_median_s = NAN;
  c->targeted_us_per_function = NAN;
  c->full_median_s = NAN;
  c->full_us_per_function = NAN;
  c->peak_rss_kb = -1;
  c->median_s = NAN;
  c->cold_s = NAN;
  return c;
}

/* A number if the value is one; anything else is skipped. */
static gboolean
read_number (BenchJsonReader  *r,
             gdouble          *out,
             GError          **error)
{
  BenchJsonToken t = bench_json_reader_next (r, error);

  if (t == BENCH_JSON_TOKEN_INT || t == BENCH_JSON_TOKEN_DOUBLE)
    {
      *out = bench_json_reader_get_double (r);
      return TRUE;
    }
  return bench_json_reader_skip_value (r, t, error);
}

static gboolean
read_int (BenchJsonReader  *r,
          gint64           *out,
          GError          **error)
{
  BenchJsonToken t = bench_json_reader_next (r, error);

  if (t == BENCH_JSON_TOKEN_INT)
    {
      *out = bench_json_reader_get_int (r);
      return TRUE;
    }
  if (t == BENCH_JSON_TOKEN_DOUBLE)
    {
      *out = (gint64) bench_json_reader_get_double (r);
      return TRUE;
    }
  return bench_json_reader_skip_value (r, t, error);
}

static gboolean
read_string (BenchJsonReader  *r,
             char            **out,
             GError          **error)
{
  BenchJsonToken t = bench_json_reader_next (r, error);

  if (t == BENCH_JSON_TOKEN_STRING)
    {
      g_free (*out);
      *out = bench_json_reader_dup_string (r);
      return TRUE;
    }
  return bench_json_reader_skip_value (r, t, error);
}

/* Starts reading an object; FALSE with *is_object FALSE when the value is
 * something else (then skipped). */
static gboolean
begin_object (BenchJsonReader  *r,
              gboolean         *is_object,
              GError          **error)
{
  BenchJsonToken t = bench_json_reader_next (r, error);

  *is_object = t == BENCH_JSON_TOKEN_BEGIN_OBJECT;
  if (*is_object)
    return TRUE;
  return bench_json_reader_skip_value (r, t, error);
}

/* {"median_s": ..., "us_per_function": ..., ...} */
static gboolean
read_dispatch (BenchJsonReader  *r,
               gdouble          *median_s,
               gdouble          *us_per_function,
               GError          **error)
{
  const char *key;
  gboolean failed, is_object;

  if (!begin_object (r, &is_object, error))
    return FALSE;
  if (!is_object)
    return TRUE;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      gboolean ok;

      if (strcmp (key, "median_s") == 0)
        ok = read_number (r, median_s, error);
      else if (strcmp (key, "us_per_function") == 0)
        ok = read_number (r, us_per_function, error);
      else
        ok = bench_json_reader_skip_next (r, error);
      if (!ok)
        return FALSE;
    }
  return !failed;
}

static gboolean
read_case (BenchJsonReader    *r,
           BenchBaselineCase  *c,
           GError            **error)
{
  const char *key;
  gboolean failed, is_object;

  if (!begin_object (r, &is_object, error))
    return FALSE;
  if (!is_object)
    return TRUE;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      gboolean ok;

      if (strcmp (key, "n_functions") == 0)
        ok = read_int (r, &c->n_functions, error);
      else if (strcmp (key, "build_s") == 0)
        ok = read_number (r, &c->build_s, error);
      else if (strcmp (key, "peak_rss_kb") == 0)
        ok = read_int (r, &c->peak_rss_kb, error);
      else if (strcmp (key, "dispatch_targeted") == 0)
        ok = read_dispatch (r, &c->targeted_median_s, &c->targeted_us_per_function, error);
      else if (strcmp (key, "dispatch_full") == 0)
        ok = read_dispatch (r, &c->full_median_s, &c->full_us_per_function, error);
      else if (strcmp (key, "median_s") == 0)
        ok = read_number (r, &c->median_s, error);
      else if (strcmp (key, "cold_s") == 0)
        ok = read_number (r, &c->cold_s, error);
      else
        ok = bench_json_reader_skip_next (r, error);
      if (!ok)
        return FALSE;
    }
  return !failed;
}

/* {"chain_100": {...}, ...} */
static gboolean
read_cases (BenchJsonReader  *r,
            GHashTable       *cases,
            GError          **error)
{
  const char *key;
  gboolean failed, is_object;

  if (!begin_object (r, &is_object, error))
    return FALSE;
  if (!is_object)
    return TRUE;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      char *name = g_strdup (key);
      BenchBaselineCase *c = case_new ();

      g_hash_table_replace (cases, name, c);
      if (!read_case (r, c, error))
        return FALSE;
    }
  return !failed;
}

static gboolean
read_machine (BenchJsonReader  *r,
              BenchBaseline    *b,
              GError          **error)
{
  const char *key;
  gboolean failed, is_object;

  if (!begin_object (r, &is_object, error))
    return FALSE;
  if (!is_object)
    return TRUE;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      gboolean ok;

      if (strcmp (key, "schedula_version") == 0)
        ok = read_string (r, &b->schedula_version, error);
      else if (strcmp (key, "python") == 0)
        ok = read_string (r, &b->python_version, error);
      else if (strcmp (key, "cpu_model") == 0)
        ok = read_string (r, &b->cpu_model, error);
      else if (strcmp (key, "nproc") == 0)
        ok = read_int (r, &b->nproc, error);
      else
        ok = bench_json_reader_skip_next (r, error);
      if (!ok)
        return FALSE;
    }
  return !failed;
}

/* {"note": ..., "cases": {...}} */
static gboolean
read_second_pass (BenchJsonReader  *r,
                  BenchBaseline    *b,
                  GError          **error)
{
  const char *key;
  gboolean failed, is_object;

  if (!begin_object (r, &is_object, error))
    return FALSE;
  if (!is_object)
    return TRUE;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      gboolean ok;

      if (strcmp (key, "cases") == 0)
        ok = read_cases (r, b->second_pass, error);
      else
        ok = bench_json_reader_skip_next (r, error);
      if (!ok)
        return FALSE;
    }
  return !failed;
}

void
bench_baseline_free (BenchBaseline *baseline)
{
  if (baseline == NULL)
    return;
  g_free (baseline->path);
  g_free (baseline->schedula_version);
  g_free (baseline->python_version);
  g_free (baseline->cpu_model);
  g_clear_pointer (&baseline->cases, g_hash_table_unref);
  g_clear_pointer (&baseline->second_pass, g_hash_table_unref);
  g_free (baseline);
}

BenchBaseline *
bench_baseline_load (const char  *path,
                     GError     **error)
{
  g_autoptr(BenchJsonReader) r = NULL;
  g_autoptr(BenchBaseline) b = NULL;
  const char *key;
  gboolean failed;

  r = bench_json_reader_new_for_path (path, error);
  if (r == NULL)
    return NULL;

  b = g_new0 (BenchBaseline, 1);
  b->path = g_strdup (path);
  b->nproc = -1;
  b->repeats = -1;
  b->cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  b->second_pass = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!bench_json_reader_expect (r, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
    return NULL;
  while ((key = bench_json_reader_next_member (r, &failed, error)) != NULL)
    {
      gboolean ok;

      if (strcmp (key, "machine") == 0)
        ok = read_machine (r, b, error);
      else if (strcmp (key, "repeats") == 0)
        ok = read_int (r, &b->repeats, error);
      else if (strcmp (key, "cases") == 0)
        ok = read_cases (r, b->cases, error);
      else if (strcmp (key, "second_pass") == 0)
        ok = read_second_pass (r, b, error);
      else
        ok = bench_json_reader_skip_next (r, error);
      if (!ok)
        return NULL;
    }
  if (failed || !bench_json_reader_expect (r, BENCH_JSON_TOKEN_EOF, error))
    return NULL;
  return g_steal_pointer (&b);
}

const BenchBaselineCase *
bench_baseline_lookup (BenchBaseline *baseline,
                       const char    *name,
                       gboolean       second_pass)
{
  if (baseline == NULL)
    return NULL;
  return g_hash_table_lookup (second_pass ? baseline->second_pass : baseline->cases, name);
}

BenchBaseline *
bench_baseline_load_or_warn (const char *path,
                             const char *bench_dir,
                             const char *lost)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GError) error = NULL;
  BenchBaseline *baseline;

  if (path == NULL)
    path = default_path = g_build_filename (bench_dir, "schedula_baseline.json", NULL);
  baseline = bench_baseline_load (path, &error);
  if (baseline == NULL)
    g_printerr ("warning: %s: %s\n", lost, error->message);
  return baseline;
}
