/* bench-model.c: load a "schedula-bench-model/1" file into a dispatcher
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The file is read with the streaming reader of bench-json.c and the
 * dispatcher is built while reading: data nodes and function nodes are added
 * as soon as their JSON object is complete, in file order. Only the inputs,
 * the outputs and the "expected" block are kept.
 *
 * The node functions (the "kind"s of the format):
 *   sum   : (sum(inputs) + const) mod modulus, with Python's mod semantics
 *   raise : always fails (BENCH_MODEL_ERROR_INJECTED)
 *   sleep : sleeps "seconds", then as sum
 * One SchedulaFunction is shared by all the nodes with the same kind and
 * parameters; nothing is allocated per call except the output value.
 */

#include "bench-model.h"
#include "bench-json.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

G_DEFINE_QUARK (bench-model-error-quark, bench_model_error)

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

gint64
bench_current_rss_kib (void)
{
  g_autofree char *statm = NULL;
  long long size, resident;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lld %lld", &size, &resident) != 2)
    return -1;
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* ------------------------------------------------------------------------ */
/* Node functions                                                           */
/* ------------------------------------------------------------------------ */

typedef enum {
  KIND_NONE,
  KIND_SUM,
  KIND_RAISE,
  KIND_SLEEP,
} FnKind;

typedef struct {
  gint64  c;
  gint64  modulus;
  gdouble seconds;
} FnParams;

static gboolean
sum_inputs (SchedulaCall    *call,
            const FnParams  *p,
            GError         **error)
{
  guint n = schedula_call_get_n_inputs (call);
  gint64 acc = bench_floor_mod (p->c, p->modulus);
  GValue out = G_VALUE_INIT;

  for (guint i = 0; i < n; i++)
    {
      const GValue *v = schedula_call_get_input (call, i);

      if (G_UNLIKELY (v == NULL || !G_VALUE_HOLDS_INT64 (v)))
        {
          g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_TYPE,
                       "input %u of %s is %s, not gint64", i,
                       schedula_call_get_node_id (call),
                       v ? G_VALUE_TYPE_NAME (v) : "NULL");
          return FALSE;
        }
      /* (a + b) mod m == ((a mod m) + (b mod m)) mod m: no overflow */
      acc = (acc + bench_floor_mod (g_value_get_int64 (v), p->modulus)) % p->modulus;
    }

  g_value_init (&out, G_TYPE_INT64);
  g_value_set_int64 (&out, acc);
  schedula_call_take_output (call, 0, &out);
  return TRUE;
}

static gboolean
fn_sum (SchedulaCall  *call,
        gpointer       user_data,
        GError       **error)
{
  return sum_inputs (call, user_data, error);
}

static gboolean
fn_sleep (SchedulaCall  *call,
          gpointer       user_data,
          GError       **error)
{
  const FnParams *p = user_data;

  g_usleep ((gulong) (p->seconds * G_USEC_PER_SEC));
  return sum_inputs (call, p, error);
}

static gboolean
fn_raise (SchedulaCall  *call,
          gpointer       user_data,
          GError       **error)
{
  g_set_error_literal (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INJECTED,
                       "injected failure");
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Loader                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct {
  BenchJsonReader    *reader;
  BenchModel         *model;
  BenchModelLoadFlags flags;
  gboolean            seen_format;
  gboolean            seen_data;
  gboolean            seen_functions;

  /* shared function objects */
  SchedulaFunction   *raise_fn;
  GHashTable         *sum_fns;     /* gint64* const -> SchedulaFunction* */
  GHashTable         *sleep_fns;   /* char* "seconds/const" -> SchedulaFunction* */

  /* the function object being read, reused */
  GString            *fn_id;
  FnKind              fn_kind;
  GPtrArray          *fn_inputs;
  GPtrArray          *fn_outputs;
  gboolean            fn_has_weight;
  gdouble             fn_weight;
  gint64              fn_const;
  gdouble             fn_seconds;
  gboolean            fn_has_seconds;
} Loader;

static void
loader_clear (Loader *ld)
{
  g_clear_object (&ld->raise_fn);
  g_clear_pointer (&ld->sum_fns, g_hash_table_unref);
  g_clear_pointer (&ld->sleep_fns, g_hash_table_unref);
  if (ld->fn_id)
    g_string_free (ld->fn_id, TRUE);
  g_clear_pointer (&ld->fn_inputs, g_ptr_array_unref);
  g_clear_pointer (&ld->fn_outputs, g_ptr_array_unref);
  g_clear_pointer (&ld->reader, bench_json_reader_free);
}

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (Loader      *ld,
         GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *where = bench_json_reader_dup_position (ld->reader);
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BENCH_MODEL_ERROR, BENCH_MODEL_ERROR_INVALID, "%s: %s", where, msg);
  return FALSE;
}

static gboolean
read_string (Loader   *ld,
             char    **out,
             GError  **error)
{
  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_STRING, error))
    return FALSE;
  g_free (*out);
  *out = bench_json_reader_dup_string (ld->reader);
  return TRUE;
}

static gboolean
read_int (Loader   *ld,
          gint64   *out,
          GError  **error)
{
  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_INT, error))
    return FALSE;
  *out = bench_json_reader_get_int (ld->reader);
  return TRUE;
}

static gboolean
read_bool (Loader    *ld,
           gboolean  *out,
           GError   **error)
{
  BenchJsonToken t = bench_json_reader_next (ld->reader, error);

  if (t == BENCH_JSON_TOKEN_TRUE || t == BENCH_JSON_TOKEN_FALSE)
    {
      *out = t == BENCH_JSON_TOKEN_TRUE;
      return TRUE;
    }
  return bench_json_reader_set_unexpected (ld->reader, t, "true or false", error);
}

/* A number or null: @has is set to whether it was a number. */
static gboolean
read_number_or_null (Loader    *ld,
                     gdouble   *out,
                     gboolean  *has,
                     GError   **error)
{
  BenchJsonToken t = bench_json_reader_next (ld->reader, error);

  if (t == BENCH_JSON_TOKEN_INT || t == BENCH_JSON_TOKEN_DOUBLE)
    {
      *out = bench_json_reader_get_double (ld->reader);
      *has = TRUE;
      return TRUE;
    }
  if (t == BENCH_JSON_TOKEN_NULL)
    {
      *has = FALSE;
      return TRUE;
    }
  return bench_json_reader_set_unexpected (ld->reader, t, "a number or null", error);
}

static gboolean
read_string_array (Loader     *ld,
                   GPtrArray  *into,
                   GError    **error)
{
  return bench_json_reader_read_strings (ld->reader, into, error);
}

/* The next member name, NULL at the end of the object (*@failed FALSE) or
 * on error (*@failed TRUE): bench_json_reader_next_member(). */
static const char *
next_member (Loader    *ld,
             gboolean  *failed,
             GError   **error)
{
  return bench_json_reader_next_member (ld->reader, failed, error);
}

static gboolean
skip_member_value (Loader  *ld,
                   GError **error)
{
  return bench_json_reader_skip_next (ld->reader, error);
}

static SchedulaDispatcher *
dispatcher (Loader *ld)
{
  if (ld->model->dispatcher == NULL)
    ld->model->dispatcher = schedula_dispatcher_new (ld->model->name);
  return ld->model->dispatcher;
}

/* "data": [{"id": ...}, ...] */
static gboolean
load_data (Loader  *ld,
           GError **error)
{
  BenchJsonToken t;

  if (ld->seen_functions)
    return invalid (ld, error, "\"data\" must come before \"functions\"");
  ld->seen_data = TRUE;

  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_ARRAY, error))
    return FALSE;
  while ((t = bench_json_reader_next (ld->reader, error)) == BENCH_JSON_TOKEN_BEGIN_OBJECT)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *key;
      gboolean failed;
      gint64 t0;

      while ((key = next_member (ld, &failed, error)) != NULL)
        {
          if (strcmp (key, "id") == 0)
            {
              if (!read_string (ld, &id, error))
                return FALSE;
            }
          else if (!skip_member_value (ld, error))
            return FALSE;
        }
      if (failed)
        return FALSE;
      if (id == NULL)
        return invalid (ld, error, "data node without \"id\"");

      t0 = bench_now_ns ();
      if (schedula_dispatcher_add_data (dispatcher (ld), id, NULL, &local_error) == NULL)
        return invalid (ld, error, "add_data (%s) failed: %s", id, local_error->message);
      ld->model->library_ns += bench_now_ns () - t0;
      ld->model->n_data_nodes++;
    }
  if (t != BENCH_JSON_TOKEN_END_ARRAY)
    return bench_json_reader_set_unexpected (ld->reader, t, "a data object or ']'", error);
  return TRUE;
}

static SchedulaFunction *
get_function (Loader  *ld,
              GError **error)
{
  FnParams *p;
  SchedulaFunction *fn;

  switch (ld->fn_kind)
    {
    case KIND_RAISE:
      if (ld->raise_fn == NULL)
        {
          ld->raise_fn = schedula_function_new ("raise", fn_raise, NULL, NULL);
          ld->model->n_function_objects++;
        }
      return ld->raise_fn;

    case KIND_SUM:
      fn = g_hash_table_lookup (ld->sum_fns, &ld->fn_const);
      if (fn == NULL)
        {
          g_autofree char *name = g_strdup_printf ("sum_%" G_GINT64_FORMAT, ld->fn_const);

          p = g_new0 (FnParams, 1);
          p->c = ld->fn_const;
          p->modulus = ld->model->modulus;
          fn = schedula_function_new (name, fn_sum, p, g_free);
          g_hash_table_insert (ld->sum_fns, g_memdup2 (&ld->fn_const, sizeof (gint64)), fn);
          ld->model->n_function_objects++;
        }
      return fn;

    case KIND_SLEEP:
      {
        g_autofree char *key = NULL;

        if (!ld->fn_has_seconds || ld->fn_seconds < 0)
          {
            invalid (ld, error, "function %s: \"sleep\" needs \"seconds\" >= 0", ld->fn_id->str);
            return NULL;
          }
        key = g_strdup_printf ("sleep_%.17g_%" G_GINT64_FORMAT, ld->fn_seconds, ld->fn_const);
        fn = g_hash_table_lookup (ld->sleep_fns, key);
        if (fn == NULL)
          {
            p = g_new0 (FnParams, 1);
            p->c = ld->fn_const;
            p->modulus = ld->model->modulus;
            p->seconds = ld->fn_seconds;
            fn = schedula_function_new (key, fn_sleep, p, g_free);
            g_hash_table_insert (ld->sleep_fns, g_steal_pointer (&key), fn);
            ld->model->n_function_objects++;
          }
        return fn;
      }

    case KIND_NONE:
    default:
      invalid (ld, error, "function %s has no \"kind\"", ld->fn_id->str);
      return NULL;
    }
}

static gboolean
add_function (Loader  *ld,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  SchedulaFunction *fn;
  SchedulaFunctionNode *node;
  gint64 t0;

  if (ld->fn_id->len == 0)
    return invalid (ld, error, "function without \"id\"");
  if (ld->fn_outputs->len != 1)
    return invalid (ld, error, "function %s: %u outputs, the format has exactly one",
                    ld->fn_id->str, ld->fn_outputs->len);
  fn = get_function (ld, error);
  if (fn == NULL)
    return FALSE;
  switch (ld->fn_kind)
    {
    case KIND_SUM: ld->model->n_sum++; break;
    case KIND_RAISE: ld->model->n_raise++; break;
    case KIND_SLEEP: ld->model->n_sleep++; break;
    case KIND_NONE:
    default: break;
    }

  /* NULL-terminate the id arrays for the call, then drop the terminator */
  g_ptr_array_add (ld->fn_inputs, NULL);
  g_ptr_array_add (ld->fn_outputs, NULL);

  t0 = bench_now_ns ();
  node = schedula_dispatcher_add_function (dispatcher (ld), ld->fn_id->str, fn,
                                           (const char *const *) ld->fn_inputs->pdata,
                                           (const char *const *) ld->fn_outputs->pdata,
                                           &local_error);
  if (node != NULL && ld->fn_has_weight)
    schedula_function_node_set_weight (node, ld->fn_weight);
  ld->model->library_ns += bench_now_ns () - t0;

  if (node == NULL)
    return invalid (ld, error, "add_function (%s) failed: %s", ld->fn_id->str,
                    local_error->message);
  if (g_strcmp0 (schedula_node_get_id (SCHEDULA_NODE (node)), ld->fn_id->str) != 0)
    return invalid (ld, error, "function id %s is not unique (the dispatcher renamed it %s)",
                    ld->fn_id->str, schedula_node_get_id (SCHEDULA_NODE (node)));
  ld->model->n_functions++;
  return TRUE;
}

/* "functions": [{"id", "kind", "inputs", "outputs", "weight", "const", "seconds"}, ...] */
static gboolean
load_functions (Loader  *ld,
                GError **error)
{
  BenchJsonToken t;

  if (!ld->seen_data)
    return invalid (ld, error, "\"data\" must come before \"functions\"");
  if (ld->model->modulus <= 0)
    return invalid (ld, error, "a positive \"modulus\" must come before \"functions\"");
  ld->seen_functions = TRUE;

  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_ARRAY, error))
    return FALSE;
  while ((t = bench_json_reader_next (ld->reader, error)) == BENCH_JSON_TOKEN_BEGIN_OBJECT)
    {
      const char *key;
      gboolean failed;

      g_string_truncate (ld->fn_id, 0);
      ld->fn_kind = KIND_NONE;
      g_ptr_array_set_size (ld->fn_inputs, 0);
      g_ptr_array_set_size (ld->fn_outputs, 0);
      ld->fn_has_weight = FALSE;
      ld->fn_weight = 0;
      ld->fn_const = 0;
      ld->fn_has_seconds = FALSE;
      ld->fn_seconds = 0;

      while ((key = next_member (ld, &failed, error)) != NULL)
        {
          if (strcmp (key, "id") == 0)
            {
              if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_STRING, error))
                return FALSE;
              g_string_assign (ld->fn_id, bench_json_reader_get_string (ld->reader));
            }
          else if (strcmp (key, "kind") == 0)
            {
              const char *kind;

              if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_STRING, error))
                return FALSE;
              kind = bench_json_reader_get_string (ld->reader);
              if (strcmp (kind, "sum") == 0)
                ld->fn_kind = KIND_SUM;
              else if (strcmp (kind, "raise") == 0)
                ld->fn_kind = KIND_RAISE;
              else if (strcmp (kind, "sleep") == 0)
                ld->fn_kind = KIND_SLEEP;
              else
                return invalid (ld, error, "unknown function kind \"%s\"", kind);
            }
          else if (strcmp (key, "inputs") == 0)
            {
              if (!read_string_array (ld, ld->fn_inputs, error))
                return FALSE;
            }
          else if (strcmp (key, "outputs") == 0)
            {
              if (!read_string_array (ld, ld->fn_outputs, error))
                return FALSE;
            }
          else if (strcmp (key, "weight") == 0)
            {
              if (!read_number_or_null (ld, &ld->fn_weight, &ld->fn_has_weight, error))
                return FALSE;
            }
          else if (strcmp (key, "const") == 0)
            {
              if (!read_int (ld, &ld->fn_const, error))
                return FALSE;
            }
          else if (strcmp (key, "seconds") == 0)
            {
              if (!read_number_or_null (ld, &ld->fn_seconds, &ld->fn_has_seconds, error))
                return FALSE;
            }
          else if (!skip_member_value (ld, error))
            return FALSE;
        }
      if (failed)
        return FALSE;
      if (!add_function (ld, error))
        return FALSE;
    }
  if (t != BENCH_JSON_TOKEN_END_ARRAY)
    return bench_json_reader_set_unexpected (ld->reader, t, "a function object or ']'", error);
  return TRUE;
}

static void
free_gvalue (gpointer p)
{
  GValue *v = p;

  g_value_unset (v);
  g_free (v);
}

/* "inputs": {"x0": 1, ...} */
static gboolean
load_inputs (Loader  *ld,
             GError **error)
{
  const char *key;
  gboolean failed;

  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
    return FALSE;
  while ((key = next_member (ld, &failed, error)) != NULL)
    {
      g_autofree char *id = g_strdup (key);
      GValue *v;

      if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_INT, error))
        return FALSE;
      v = g_new0 (GValue, 1);
      g_value_init (v, G_TYPE_INT64);
      g_value_set_int64 (v, bench_json_reader_get_int (ld->reader));
      g_hash_table_replace (ld->model->inputs, g_steal_pointer (&id), v);
    }
  return !failed;
}

/* "outputs": ["x100", ...] */
static gboolean
load_outputs (Loader  *ld,
              GError **error)
{
  return bench_json_reader_read_strv (ld->reader, &ld->model->outputs, error);
}

static gboolean
load_expected_block (Loader         *ld,
                     BenchExpected  *exp,
                     GError        **error)
{
  const char *key;
  gboolean failed;

  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
    return FALSE;
  exp->present = TRUE;
  while ((key = next_member (ld, &failed, error)) != NULL)
    {
      if (strcmp (key, "n_data") == 0)
        {
          exp->fields |= BENCH_EXPECT_N_DATA;
          if (!read_int (ld, &exp->n_data, error))
            return FALSE;
        }
      else if (strcmp (key, "n_functions_run") == 0)
        {
          exp->fields |= BENCH_EXPECT_N_FUNCTIONS_RUN;
          if (!read_int (ld, &exp->n_functions_run, error))
            return FALSE;
        }
      else if (strcmp (key, "checksum") == 0)
        {
          exp->fields |= BENCH_EXPECT_CHECKSUM;
          if (!read_int (ld, &exp->checksum, error))
            return FALSE;
        }
      else if (strcmp (key, "n_failed") == 0)
        {
          exp->fields |= BENCH_EXPECT_N_FAILED;
          if (!read_int (ld, &exp->n_failed, error))
            return FALSE;
        }
      else if (strcmp (key, "values") == 0)
        {
          const char *id;
          gboolean id_failed;

          exp->fields |= BENCH_EXPECT_VALUES;
          if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
            return FALSE;
          while ((id = next_member (ld, &id_failed, error)) != NULL)
            {
              g_autofree char *owned = g_strdup (id);
              gint64 v;

              if (!read_int (ld, &v, error))
                return FALSE;
              g_hash_table_replace (exp->values, g_steal_pointer (&owned),
                                    g_memdup2 (&v, sizeof v));
            }
          if (id_failed)
            return FALSE;
        }
      else if (!skip_member_value (ld, error))
        return FALSE;
    }
  return !failed;
}

/* "expected": {"targeted": {...}, "full": {...}} */
static gboolean
load_expected (Loader  *ld,
               GError **error)
{
  const char *key;
  gboolean failed;

  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
    return FALSE;
  while ((key = next_member (ld, &failed, error)) != NULL)
    {
      if (strcmp (key, "targeted") == 0)
        {
          if (!load_expected_block (ld, &ld->model->expected_targeted, error))
            return FALSE;
        }
      else if (strcmp (key, "full") == 0)
        {
          if (!load_expected_block (ld, &ld->model->expected_full, error))
            return FALSE;
        }
      else if (!skip_member_value (ld, error))
        return FALSE;
    }
  return !failed;
}

static gboolean
load_root (Loader  *ld,
           GError **error)
{
  BenchModel *m = ld->model;
  const char *key;
  gboolean failed;

  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_BEGIN_OBJECT, error))
    return FALSE;
  while ((key = next_member (ld, &failed, error)) != NULL)
    {
      if (strcmp (key, "format") == 0)
        {
          g_autofree char *format = NULL;

          if (!read_string (ld, &format, error))
            return FALSE;
          if (strcmp (format, BENCH_MODEL_FORMAT) != 0)
            return invalid (ld, error, "format is \"%s\", not \"" BENCH_MODEL_FORMAT "\"", format);
          ld->seen_format = TRUE;
        }
      else if (strcmp (key, "name") == 0)
        {
          if (!read_string (ld, &m->name, error))
            return FALSE;
          if (m->dispatcher != NULL)
            schedula_dispatcher_set_name (m->dispatcher, m->name);
        }
      else if (strcmp (key, "family") == 0)
        {
          if (!read_string (ld, &m->family, error))
            return FALSE;
          if ((ld->flags & BENCH_MODEL_LOAD_SKIP_EXEC) != 0 &&
              g_str_has_prefix (m->family, "exec_"))
            {
              m->skipped = TRUE;
              return TRUE;
            }
        }
      else if (strcmp (key, "modulus") == 0)
        {
          if (ld->seen_functions)
            return invalid (ld, error, "\"modulus\" must come before \"functions\"");
          if (!read_int (ld, &m->modulus, error))
            return FALSE;
          if (m->modulus <= 0)
            return invalid (ld, error, "\"modulus\" must be positive");
        }
      else if (strcmp (key, "raises") == 0)
        {
          if (!read_bool (ld, &m->raises, error))
            return FALSE;
        }
      else if (strcmp (key, "data") == 0)
        {
          if (!load_data (ld, error))
            return FALSE;
        }
      else if (strcmp (key, "functions") == 0)
        {
          if (!load_functions (ld, error))
            return FALSE;
        }
      else if (strcmp (key, "inputs") == 0)
        {
          if (!load_inputs (ld, error))
            return FALSE;
        }
      else if (strcmp (key, "outputs") == 0)
        {
          if (!load_outputs (ld, error))
            return FALSE;
        }
      else if (strcmp (key, "expected") == 0)
        {
          if (!load_expected (ld, error))
            return FALSE;
        }
      else if (!skip_member_value (ld, error))  /* "params" and anything else */
        return FALSE;
    }
  if (failed)
    return FALSE;
  if (!bench_json_reader_expect (ld->reader, BENCH_JSON_TOKEN_EOF, error))
    return FALSE;
  if (!ld->seen_format)
    return invalid (ld, error, "no \"format\" member");
  if (m->outputs == NULL)
    return invalid (ld, error, "no \"outputs\" member");
  return TRUE;
}

static void
expected_init (BenchExpected *exp)
{
  exp->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
expected_clear (BenchExpected *exp)
{
  g_clear_pointer (&exp->values, g_hash_table_unref);
}

void
bench_model_free (BenchModel *model)
{
  if (model == NULL)
    return;
  g_clear_object (&model->dispatcher);
  g_clear_pointer (&model->inputs, g_hash_table_unref);
  g_strfreev (model->outputs);
  expected_clear (&model->expected_targeted);
  expected_clear (&model->expected_full);
  g_free (model->path);
  g_free (model->name);
  g_free (model->family);
  g_free (model);
}

BenchModel *
bench_model_load (const char           *path,
                  BenchModelLoadFlags   flags,
                  GError              **error)
{
  g_autoptr(BenchModel) model = g_new0 (BenchModel, 1);
  Loader ld = { 0, };
  gboolean ok;

  model->path = g_strdup (path);
  model->inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_gvalue);
  expected_init (&model->expected_targeted);
  expected_init (&model->expected_full);

  ld.reader = bench_json_reader_new_for_path (path, error);
  if (ld.reader == NULL)
    return NULL;
  ld.model = model;
  ld.flags = flags;
  ld.sum_fns = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  ld.sleep_fns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ld.fn_id = g_string_sized_new (32);
  ld.fn_inputs = g_ptr_array_new_with_free_func (g_free);
  ld.fn_outputs = g_ptr_array_new_with_free_func (g_free);

  ok = load_root (&ld, error);
  loader_clear (&ld);
  if (!ok)
    return NULL;

  if (model->name == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      if (g_str_has_suffix (base, ".json"))
        base[strlen (base) - strlen (".json")] = '\0';
      model->name = g_steal_pointer (&base);
    }
  if (model->family == NULL)
    model->family = g_strdup ("");
  if (!model->skipped)
    {
      /* An empty model still gets a dispatcher to dispatch. */
      if (model->dispatcher == NULL)
        model->dispatcher = schedula_dispatcher_new (model->name);
      /* raises=true -> RAISE; false -> schedula's raises='' (silent). */
      schedula_dispatcher_set_raises (model->dispatcher,
                                      model->raises ? SCHEDULA_RAISES_RAISE
                                                    : SCHEDULA_RAISES_RECORD_SILENTLY);
    }
  return g_steal_pointer (&model);
}
