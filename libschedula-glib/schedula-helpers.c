/* schedula-helpers.c: schedula's helper functions, as node functions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-helpers-private.h"
#include "schedula-function-private.h"
#include "schedula-call-private.h"
#include "schedula-dict.h"
#include "schedula-value.h"
#include "schedula-private.h"

/* schedula's helpers (schedula.utils.dsp) as SchedulaFunctions. They read
 * their container arguments with schedula_value_dup_dict/_sequence, so that
 * they take the values of any language that registered an adapter, and
 * they return the library's containers: SchedulaDict and GValueArray.
 * schedula's kk_dict and stlp build Python values for Python code: the
 * Python binding provides them. */

/* Sequences */

static GType
array_type (void)
{
  GType type;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  type = g_value_array_get_type ();
  G_GNUC_END_IGNORE_DEPRECATIONS
  return type;
}

static GValueArray *
array_new (guint n_prealloced)
{
  GValueArray *array;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array = g_value_array_new (n_prealloced);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return array;
}

static void
array_append (GValueArray  *array,
              const GValue *value)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_value_array_append (array, value);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
array_free (GValueArray *array)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_value_array_free (array);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
value_take_array (GValue      *value,
                  GValueArray *array)
{
  g_value_init (value, array_type ());
  g_value_take_boxed (value, array);
}

static void
value_take_dict (GValue       *value,
                 SchedulaDict *dict)
{
  g_value_init (value, SCHEDULA_TYPE_DICT);
  g_value_take_boxed (value, dict);
}

/* Deep copies go down the containers with a list of containers still to
 * fill, not by recursion: a value may be nested as deep as its maker
 * likes. A dict met again (a dict may contain itself) gets the copy made
 * the first time, as Python's deepcopy keeps cycles. */
typedef struct
{
  gpointer from;      /* SchedulaDict* or GValueArray* */
  gpointer to;
  gboolean dict;
} CopyJob;

static gboolean
is_container (const GValue *value)
{
  return (G_VALUE_HOLDS (value, SCHEDULA_TYPE_DICT) || G_VALUE_HOLDS (value, array_type ())) &&
         g_value_get_boxed (value) != NULL;
}

/* Puts into the uninitialized dest the copy of src: an empty container to
 * be filled by a job, the copy of a dict already met, or a plain copy */
static void
copy_start (const GValue *src,
            GValue       *dest,
            GHashTable   *memo,
            GArray       *jobs)
{
  CopyJob job;

  if (!is_container (src))
    {
      g_value_init (dest, G_VALUE_TYPE (src));
      g_value_copy (src, dest);
      return;
    }
  job.from = g_value_get_boxed (src);
  job.dict = G_VALUE_HOLDS (src, SCHEDULA_TYPE_DICT);
  if (job.dict)
    {
      SchedulaDict *done = g_hash_table_lookup (memo, job.from);

      if (done != NULL)
        {
          g_value_init (dest, SCHEDULA_TYPE_DICT);
          g_value_set_boxed (dest, done);
          return;
        }
      job.to = schedula_dict_new ();
      g_hash_table_insert (memo, job.from, job.to);
      value_take_dict (dest, job.to);
    }
  else
    {
      job.to = array_new (((GValueArray *) job.from)->n_values);
      value_take_array (dest, job.to);
    }
  g_array_append_val (jobs, job);
}

/* Copies src into the uninitialized dest; with deep, the library's
 * containers ([struct@Dict], GValueArray) are copied with their contents,
 * as Python's deepcopy would copy dicts and lists. Other boxed and object
 * values are copied as their type says (shared or copied). */
static void
value_copy (const GValue *src,
            GValue       *dest,
            gboolean      deep)
{
  g_autoptr(GHashTable) memo = NULL;
  g_autoptr(GArray) jobs = NULL;

  if (!deep || !is_container (src))
    {
      g_value_init (dest, G_VALUE_TYPE (src));
      g_value_copy (src, dest);
      return;
    }
  memo = g_hash_table_new (NULL, NULL);
  jobs = g_array_new (FALSE, FALSE, sizeof (CopyJob));
  copy_start (src, dest, memo, jobs);
  while (jobs->len > 0)
    {
      CopyJob job = g_array_index (jobs, CopyJob, jobs->len - 1);

      g_array_set_size (jobs, jobs->len - 1);
      if (job.dict)
        for (guint i = 0; i < schedula_dict_get_size (job.from); i++)
          {
            GValue item = G_VALUE_INIT;

            /* taken, not copied: a nested array is filled by its own job */
            copy_start (schedula_dict_get_value (job.from, i), &item, memo, jobs);
            schedula_dict_take (job.to, schedula_dict_get_key (job.from, i), &item);
          }
      else
        for (guint i = 0; i < ((GValueArray *) job.from)->n_values; i++)
          {
            GValueArray *to = job.to;
            GValue placeholder = G_VALUE_INIT;
            GValue *slot;

            /* appending copies a value: append a placeholder, then put the
             * copy in its slot (a nested array is filled by its own job) */
            g_value_init (&placeholder, G_TYPE_INT);
            array_append (to, &placeholder);
            slot = &to->values[to->n_values - 1];
            g_value_unset (slot);
            copy_start (&((GValueArray *) job.from)->values[i], slot, memo, jobs);
          }
    }
}

/* Results */

/* Sets the outputs of call from schedula's bypass (*values): the only value
 * or the tuple of the values, spread over the outputs as _schedula_call_take_result() does
 * (without building the tuple when it is spread). */
static gboolean
set_bypass_result (SchedulaCall         *call,
                   const char           *name,
                   const GValue *const  *values,
                   guint                 n_values,
                   gboolean              deep,
                   GError              **error)
{
  guint n_outputs = schedula_call_get_n_outputs (call);
  GValue result = G_VALUE_INIT;

  if (n_outputs == 0)
    return TRUE;

  if (n_values == 1)
    {
      value_copy (values[0], &result, deep);
      return _schedula_call_take_result (call, name, &result, error);
    }

  if (n_outputs > 1)
    {
      for (guint i = 0; i < n_values && i < n_outputs; i++)
        {
          value_copy (values[i], &result, deep);
          schedula_call_take_output (call, i, &result);
        }
      return TRUE;
    }

  {
    GValueArray *tuple = array_new (n_values);

    for (guint i = 0; i < n_values; i++)
      {
        value_copy (values[i], &result, deep);
        array_append (tuple, &result);
        g_value_unset (&result);
      }
    value_take_array (&result, tuple);
    schedula_call_take_output (call, 0, &result);
  }
  return TRUE;
}

static gboolean
check_one_input (SchedulaCall  *call,
                 const char    *name,
                 const char    *what,
                 GError       **error)
{
  guint n = schedula_call_get_n_inputs (call);

  if (n == 1)
    return TRUE;
  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
               "%s takes one argument, %s (%u given)", name, what, n);
  return FALSE;
}

/* Python's repr() of a string: what a KeyError prints */
static char *
py_repr (const char *s)
{
  GString *r = g_string_new (NULL);
  char quote = strchr (s, '\'') != NULL && strchr (s, '"') == NULL ? '"' : '\'';

  g_string_append_c (r, quote);
  for (const char *p = s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n': g_string_append (r, "\\n"); break;
        case '\r': g_string_append (r, "\\r"); break;
        case '\t': g_string_append (r, "\\t"); break;
        case '\\': g_string_append (r, "\\\\"); break;
        default:
          if (*p == quote)
            g_string_append_c (r, '\\');
          g_string_append_c (r, *p);
        }
    }
  g_string_append_c (r, quote);
  return g_string_free (r, FALSE);
}

/* bypass */

static gboolean
bypass_func (SchedulaCall  *call,
             gpointer       user_data,
             GError       **error)
{
  guint n = schedula_call_get_n_inputs (call);
  const GValue *stack[8];
  const GValue **values = n <= G_N_ELEMENTS (stack) ? stack : g_new (const GValue *, n);
  gboolean ok;

  for (guint i = 0; i < n; i++)
    values[i] = schedula_call_get_input (call, i);
  ok = set_bypass_result (call, "bypass", values, n, FALSE, error);
  if (values != stack)
    g_free (values);
  return ok;
}

/**
 * schedula_bypass_new:
 *
 * Creates schedula's `bypass`: it returns its arguments. One argument
 * gives that argument; several give the `GValueArray` of them (schedula's
 * tuple), and none gives an empty `GValueArray`.
 *
 * As the function of a node with several outputs, it sends argument `i` to
 * output `i`, as schedula unpacks the returned tuple: a node with `n`
 * inputs and `n` outputs passes each input to the output at the same
 * position (an input that is NONE is dropped, and the arguments after it
 * shift, as in schedula). With one argument and several outputs, the
 * argument is spread over the outputs (it must be a sequence).
 *
 * All the helpers (this one, [func@summation_new], [func@selector_new],
 * [func@replicate_value_new], [func@combine_dicts_new],
 * [func@map_dict_new] and [func@map_list_new]) send their result to the
 * outputs of their call as schedula sends the result of a function to the
 * outputs of its node: a call with one output gets the whole result; a call
 * with several outputs gets the items of the result, one per output.
 * schedula zips the outputs with the result: extra items are dropped, and
 * outputs without an item are not produced. A result that is not a
 * sequence cannot be spread over several outputs: the call fails with
 * %SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH, which stops a dispatch as
 * schedula's unpacking error does. Other failures (a missing key, a value
 * that is not a mapping, operands that cannot be added) are
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT errors; in a dispatch, they are
 * failures of the node, recorded in the solution.
 *
 * The helpers read their container arguments with [func@value_dup_dict]
 * and [func@value_dup_sequence], so they take the lists and dicts of any
 * language that registered an adapter, and they return the library's
 * containers: [struct@Dict] for mappings, `GValueArray` for sequences.
 *
 * Returns: (transfer full): a new #SchedulaFunction named `bypass`
 */
SchedulaFunction *
schedula_bypass_new (void)
{
  return schedula_function_new ("bypass", bypass_func, NULL, NULL);
}

/* summation */

/* A number as Python adds it: an integer (int64; booleans are 0 and 1) or a
 * float */
typedef struct
{
  gboolean is_int;
  gint64   i;
  gdouble  d;
} Number;

static gboolean
get_number (const GValue *v,
            Number       *n)
{
  n->is_int = TRUE;
  n->d = 0;
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (v)))
    {
    case G_TYPE_INT64: n->i = g_value_get_int64 (v); return TRUE;
    case G_TYPE_INT: n->i = g_value_get_int (v); return TRUE;
    case G_TYPE_LONG: n->i = g_value_get_long (v); return TRUE;
    case G_TYPE_UINT: n->i = g_value_get_uint (v); return TRUE;
    case G_TYPE_CHAR: n->i = g_value_get_schar (v); return TRUE;
    case G_TYPE_UCHAR: n->i = g_value_get_uchar (v); return TRUE;
    case G_TYPE_BOOLEAN: n->i = g_value_get_boolean (v) ? 1 : 0; return TRUE;
    case G_TYPE_ULONG:
    case G_TYPE_UINT64:
      {
        guint64 u = G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (v)) == G_TYPE_ULONG ? g_value_get_ulong (v)
                                                                          : g_value_get_uint64 (v);

        if (u <= G_MAXINT64)
          {
            n->i = (gint64) u;
            return TRUE;
          }
        n->is_int = FALSE;
        n->d = (gdouble) u;
        return TRUE;
      }
    case G_TYPE_DOUBLE: n->is_int = FALSE; n->d = g_value_get_double (v); return TRUE;
    case G_TYPE_FLOAT: n->is_int = FALSE; n->d = g_value_get_float (v); return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
unsupported_operands (const GValue  *a,
                      const GValue  *b,
                      GError       **error)
{
  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
               "unsupported operand type(s) for +: '%s' and '%s'",
               G_VALUE_TYPE_NAME (a), G_VALUE_TYPE_NAME (b));
  return FALSE;
}

/* acc = acc + b; acc is owned and replaced */
static gboolean
add_to (GValue        *acc,
        const GValue  *b,
        GError       **error)
{
  Number x, y;

  if (get_number (acc, &x) && get_number (b, &y))
    {
      if (x.is_int && y.is_int)
        {
          gint64 sum;

          if (__builtin_add_overflow (x.i, y.i, &sum))
            {
              g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                           "integer overflow: %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT " does not fit in 64 bits",
                           x.i, y.i);
              return FALSE;
            }
          g_value_unset (acc);
          g_value_init (acc, G_TYPE_INT64);
          g_value_set_int64 (acc, sum);
        }
      else
        {
          gdouble sum = (x.is_int ? (gdouble) x.i : x.d) + (y.is_int ? (gdouble) y.i : y.d);

          g_value_unset (acc);
          g_value_init (acc, G_TYPE_DOUBLE);
          g_value_set_double (acc, sum);
        }
      return TRUE;
    }

  if (G_VALUE_HOLDS_STRING (acc) && G_VALUE_HOLDS_STRING (b) &&
      g_value_get_string (acc) != NULL && g_value_get_string (b) != NULL)
    {
      char *sum = g_strconcat (g_value_get_string (acc), g_value_get_string (b), NULL);

      g_value_take_string (acc, sum);
      return TRUE;
    }

  if (!get_number (acc, &x) && !get_number (b, &y) &&
      !G_VALUE_HOLDS_STRING (acc) && !G_VALUE_HOLDS_STRING (b))
    {
      GValueArray *right = schedula_value_dup_sequence (b, NULL);
      GValueArray *left;

      if (right != NULL && !(G_VALUE_HOLDS (acc, array_type ()) && g_value_get_boxed (acc) != NULL))
        {
          left = schedula_value_dup_sequence (acc, NULL);
          if (left != NULL)
            {
              g_value_unset (acc);
              value_take_array (acc, left);
            }
        }
      if (right != NULL && G_VALUE_HOLDS (acc, array_type ()) && g_value_get_boxed (acc) != NULL)
        {
          /* The accumulator is a copy: its GValueArray is ours to extend */
          left = g_value_get_boxed (acc);
          for (guint i = 0; i < right->n_values; i++)
            array_append (left, &right->values[i]);
          array_free (right);
          return TRUE;
        }
      if (right != NULL)
        array_free (right);
    }

  return unsupported_operands (acc, b, error);
}

static gboolean
summation_func (SchedulaCall  *call,
                gpointer       user_data,
                GError       **error)
{
  guint n = schedula_call_get_n_inputs (call);
  GValue acc = G_VALUE_INIT;

  if (n == 0)
    {
      g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                           "summation of no arguments");
      return FALSE;
    }

  value_copy (schedula_call_get_input (call, 0), &acc, FALSE);
  for (guint i = 1; i < n; i++)
    if (!add_to (&acc, schedula_call_get_input (call, i), error))
      {
        g_value_unset (&acc);
        return FALSE;
      }
  return _schedula_call_take_result (call, "summation", &acc, error);
}

/**
 * schedula_summation_new:
 *
 * Creates schedula's `summation`: the sum of its arguments, a left fold
 * with Python's `+` (`summation (1, 3.0, 4, 2)` is `10.0`):
 *
 * - integers (`G_TYPE_INT64` and the other integer types; booleans count as
 *   0 and 1) add up to a `G_TYPE_INT64`; a sum that does not fit in 64
 *   bits is an error (Python's integers have no limit);
 * - as soon as a float (`G_TYPE_DOUBLE` or `G_TYPE_FLOAT`) takes part, the
 *   sum is a `G_TYPE_DOUBLE`;
 * - strings concatenate;
 * - sequences (see [func@value_dup_sequence]) concatenate into a
 *   `GValueArray` (`summation ([1], [2])` is `[1, 2]`).
 *
 * One argument gives that argument. No argument, or operands of other
 * types (a number and a string, a mapping), fail with
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT and Python's message, which names
 * the two types: "unsupported operand type(s) for +: 'gint64' and
 * 'gchararray'".
 *
 * Returns: (transfer full): a new #SchedulaFunction named `summation`
 */
SchedulaFunction *
schedula_summation_new (void)
{
  return schedula_function_new ("summation", summation_func, NULL, NULL);
}

/* selector */

typedef struct
{
  char               **keys;
  SchedulaOutputType   output_type;
  gboolean             allow_miss;
} Selector;

static void
selector_free (gpointer data)
{
  Selector *selector = data;

  g_strfreev (selector->keys);
  g_free (selector);
}

static gboolean
selector_func (SchedulaCall  *call,
               gpointer       user_data,
               GError       **error)
{
  Selector *selector = user_data;
  guint n_keys = g_strv_length (selector->keys);
  g_autoptr(SchedulaDict) dict = NULL;
  const GValue *stack[8];
  const GValue **values;
  guint n_values = 0;
  gboolean ok = TRUE;
  GValue result = G_VALUE_INIT;

  if (!check_one_input (call, "selector", "a mapping", error))
    return FALSE;
  dict = schedula_value_dup_dict (schedula_call_get_input (call, 0), error);
  if (dict == NULL)
    return FALSE;

  values = n_keys <= G_N_ELEMENTS (stack) ? stack : g_new (const GValue *, n_keys);
  for (guint i = 0; i < n_keys; i++)
    {
      const GValue *v = schedula_dict_lookup (dict, selector->keys[i]);

      if (v != NULL)
        values[n_values++] = v;
      else if (!selector->allow_miss)
        {
          char *repr = py_repr (selector->keys[i]);

          g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT, repr);
          g_free (repr);
          ok = FALSE;
          break;
        }
    }

  if (ok)
    {
      switch (selector->output_type)
        {
        case SCHEDULA_OUTPUT_TYPE_VALUES:
          ok = set_bypass_result (call, "selector", values, n_values, FALSE, error);
          break;
        case SCHEDULA_OUTPUT_TYPE_LIST:
          {
            GValueArray *list = array_new (n_values);

            for (guint i = 0; i < n_values; i++)
              array_append (list, values[i]);
            value_take_array (&result, list);
            ok = _schedula_call_take_result (call, "selector", &result, error);
          }
          break;
        case SCHEDULA_OUTPUT_TYPE_DEFAULT:
        case SCHEDULA_OUTPUT_TYPE_ALL:
        case SCHEDULA_OUTPUT_TYPE_DICT:
        default:
          {
            SchedulaDict *selected = schedula_dict_new ();

            for (guint i = 0; i < n_keys; i++)
              {
                const GValue *v = schedula_dict_lookup (dict, selector->keys[i]);

                if (v != NULL)
                  schedula_dict_insert (selected, selector->keys[i], v);
              }
            value_take_dict (&result, selected);
            ok = _schedula_call_take_result (call, "selector", &result, error);
          }
          break;
        }
    }

  if (values != stack)
    g_free (values);
  return ok;
}

/**
 * schedula_selector_new:
 * @keys: (array zero-terminated=1) (nullable): the keys to select (%NULL
 *   for none)
 * @output_type: what the function returns
 * @allow_miss: whether keys missing from the mapping are skipped
 *
 * Creates schedula's `selector` for @keys (`partial (selector, keys,
 * output_type=..., allow_miss=...)`): a function of one mapping (read with
 * [func@value_dup_dict]) that selects the values of @keys, in the order of
 * @keys. Depending on @output_type, it returns
 *
 * - %SCHEDULA_OUTPUT_TYPE_LIST: the `GValueArray` of the values;
 * - %SCHEDULA_OUTPUT_TYPE_VALUES: the values as [func@bypass_new] returns
 *   them (one value alone, else a `GValueArray`; as a node function with
 *   several outputs, one value per output);
 * - %SCHEDULA_OUTPUT_TYPE_DICT, and any other type, as schedula's
 *   `'dict'`: a [struct@Dict] of the keys and their values.
 *
 * A key missing from the mapping fails the call with
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT and the message of schedula's
 * `KeyError`, the key as Python prints it (`'b'`); with @allow_miss, it is
 * skipped instead.
 *
 * Returns: (transfer full): a new #SchedulaFunction named `selector`
 */
SchedulaFunction *
schedula_selector_new (const char *const  *keys,
                       SchedulaOutputType  output_type,
                       gboolean            allow_miss)
{
  Selector *selector;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);

  selector = g_new0 (Selector, 1);
  selector->keys = keys != NULL ? g_strdupv ((char **) keys) : g_new0 (char *, 1);
  selector->output_type = output_type;
  selector->allow_miss = allow_miss;
  return schedula_function_new ("selector", selector_func, selector, selector_free);
}

/* replicate_value */

static gboolean
replicate_value_func (SchedulaCall  *call,
                      gpointer       user_data,
                      GError       **error)
{
  guint n = GPOINTER_TO_UINT (user_data);
  const GValue *stack[8];
  const GValue **values;
  const GValue *value;
  gboolean ok;

  if (!check_one_input (call, "replicate_value", "the value", error) ||
      !_schedula_check_count ("copies for replicate_value", n, error))
    return FALSE;

  value = schedula_call_get_input (call, 0);
  values = n <= G_N_ELEMENTS (stack) ? stack : g_new (const GValue *, n);
  for (guint i = 0; i < n; i++)
    values[i] = value;
  ok = set_bypass_result (call, "replicate_value", values, n, TRUE, error);
  if (values != stack)
    g_free (values);
  return ok;
}

/**
 * schedula_replicate_value_new:
 * @n: the number of copies
 *
 * Creates schedula's `replicate_value` for @n copies (`partial
 * (replicate_value, n=n)`): a function of one value that returns @n copies
 * of it, as [func@bypass_new] returns @n values: the `GValueArray` of the
 * copies, or for @n = 1 the copy itself. As the function of a node with
 * @n outputs, it sets each output to a copy.
 *
 * The copies are deep, as schedula's (`copy=True`): [struct@Dict] and
 * `GValueArray` values are copied with their contents; other values are
 * copied as their type copies them (objects and reference-counted boxed
 * values are shared).
 *
 * Returns: (transfer full): a new #SchedulaFunction named `replicate_value`
 */
SchedulaFunction *
schedula_replicate_value_new (guint n)
{
  return schedula_function_new ("replicate_value", replicate_value_func, GUINT_TO_POINTER (n), NULL);
}

/* combine_dicts */

/* Inserts the items of the mapping value into dest */
static gboolean
merge_dict (SchedulaDict     *dest,
            const GValue     *value,
            SchedulaMapping  *key_map,
            GError          **error)
{
  g_autoptr(SchedulaDict) dict = schedula_value_dup_dict (value, error);

  if (dict == NULL)
    return FALSE;
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    {
      const char *key = schedula_dict_get_key (dict, i);
      const char *const *renamed = key_map != NULL ? schedula_mapping_lookup (key_map, key) : NULL;

      schedula_dict_insert (dest, renamed != NULL && renamed[0] != NULL ? renamed[0] : key,
                            schedula_dict_get_value (dict, i));
    }
  return TRUE;
}

static gboolean
combine_dicts_func (SchedulaCall  *call,
                    gpointer       user_data,
                    GError       **error)
{
  SchedulaDict *combined = schedula_dict_new ();
  GValue result = G_VALUE_INIT;

  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    if (!merge_dict (combined, schedula_call_get_input (call, i), NULL, error))
      {
        schedula_dict_unref (combined);
        return FALSE;
      }
  value_take_dict (&result, combined);
  return _schedula_call_take_result (call, "combine_dicts", &result, error);
}

/**
 * schedula_combine_dicts_new:
 *
 * Creates schedula's `combine_dicts`: a function of any number of mappings
 * (read with [func@value_dup_dict]) that merges them, left to right, into a
 * new [struct@Dict]: a key keeps the place where it first appears and the
 * value of the last mapping that has it (`combine_dicts ({a: 3, c: 3},
 * {a: 1, b: 2})` is `{a: 1, c: 3, b: 2}`). No argument gives an empty dict.
 *
 * Returns: (transfer full): a new #SchedulaFunction named `combine_dicts`
 */
SchedulaFunction *
schedula_combine_dicts_new (void)
{
  return schedula_function_new ("combine_dicts", combine_dicts_func, NULL, NULL);
}

/* map_dict */

/* Renames the keys of combined into dest, as schedula's
 * {key_map.get (k, k): v for k, v in combined.items ()} */
static void
rename_into (SchedulaDict    *dest,
             SchedulaDict    *combined,
             SchedulaMapping *key_map)
{
  for (guint i = 0; i < schedula_dict_get_size (combined); i++)
    {
      const char *key = schedula_dict_get_key (combined, i);
      const char *const *renamed = schedula_mapping_lookup (key_map, key);

      schedula_dict_insert (dest, renamed != NULL && renamed[0] != NULL ? renamed[0] : key,
                            schedula_dict_get_value (combined, i));
    }
}

static gboolean
map_dict_func (SchedulaCall  *call,
               gpointer       user_data,
               GError       **error)
{
  SchedulaMapping *key_map = user_data;
  g_autoptr(SchedulaDict) combined = schedula_dict_new ();
  SchedulaDict *mapped;
  GValue result = G_VALUE_INIT;

  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    if (!merge_dict (combined, schedula_call_get_input (call, i), NULL, error))
      return FALSE;
  mapped = schedula_dict_new ();
  rename_into (mapped, combined, key_map);
  value_take_dict (&result, mapped);
  return _schedula_call_take_result (call, "map_dict", &result, error);
}

/**
 * schedula_map_dict_new:
 * @key_map: how to rename the keys: each key maps to its new name (the
 *   first id it maps to)
 *
 * Creates schedula's `map_dict` for @key_map (`partial (map_dict,
 * key_map)`): a function of any number of mappings that combines them as
 * [func@combine_dicts_new] does, then renames their keys through @key_map.
 * Keys that @key_map does not name keep their name; when two keys get the
 * same name, the later one wins (`map_dict ({a: c, b: d}, {a: 1, b: 1},
 * {b: 2})` is `{c: 1, d: 2}`).
 *
 * @key_map must not change afterwards.
 *
 * Returns: (transfer full): a new #SchedulaFunction named `map_dict`
 */
SchedulaFunction *
schedula_map_dict_new (SchedulaMapping *key_map)
{
  g_return_val_if_fail (key_map != NULL, NULL);

  _schedula_mapping_freeze (key_map);
  return schedula_function_new ("map_dict", map_dict_func, schedula_mapping_ref (key_map),
                                (GDestroyNotify) schedula_mapping_unref);
}

/* map_list */

typedef enum {
  KEY_MAP_KEY,
  KEY_MAP_RENAME,
  KEY_MAP_LIST,
} KeyMapKind;

typedef struct
{
  KeyMapKind       kind;
  char            *key;     /* KEY_MAP_KEY */
  SchedulaMapping *rename;  /* KEY_MAP_RENAME */
  GPtrArray       *list;    /* KEY_MAP_LIST: KeyMapItem* */
} KeyMapItem;

static void
key_map_item_free (gpointer data)
{
  KeyMapItem *item = data;

  g_free (item->key);
  g_clear_pointer (&item->rename, schedula_mapping_unref);
  g_clear_pointer (&item->list, g_ptr_array_unref);
  g_free (item);
}

static GPtrArray *parse_key_map (GValueArray  *description,
                                 GError      **error);

static KeyMapItem *
parse_key_map_item (const GValue  *value,
                    GError       **error)
{
  KeyMapItem *item = g_new0 (KeyMapItem, 1);
  g_autoptr(SchedulaDict) dict = NULL;
  GValueArray *sequence = NULL;

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      item->kind = KEY_MAP_KEY;
      item->key = g_value_dup_string (value);
      return item;
    }
  if (G_VALUE_HOLDS (value, SCHEDULA_TYPE_MAPPING) && g_value_get_boxed (value) != NULL)
    {
      item->kind = KEY_MAP_RENAME;
      item->rename = g_value_dup_boxed (value);
      _schedula_mapping_freeze (item->rename);
      return item;
    }
  if (!G_VALUE_HOLDS (value, array_type ()))
    dict = schedula_value_dup_dict (value, NULL);
  if (dict != NULL)
    {
      item->kind = KEY_MAP_RENAME;
      item->rename = schedula_mapping_new ();
      for (guint i = 0; i < schedula_dict_get_size (dict); i++)
        {
          const GValue *to = schedula_dict_get_value (dict, i);

          if (!G_VALUE_HOLDS_STRING (to) || g_value_get_string (to) == NULL)
            {
              g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                           "the new name of key %s is a value of type %s, not a string",
                           schedula_dict_get_key (dict, i), G_VALUE_TYPE_NAME (to));
              key_map_item_free (item);
              return NULL;
            }
          schedula_mapping_add (item->rename, schedula_dict_get_key (dict, i), g_value_get_string (to));
        }
      _schedula_mapping_freeze (item->rename);
      return item;
    }
  sequence = schedula_value_dup_sequence (value, NULL);
  if (sequence != NULL)
    {
      item->kind = KEY_MAP_LIST;
      item->list = parse_key_map (sequence, error);
      array_free (sequence);
      if (item->list == NULL)
        {
          key_map_item_free (item);
          return NULL;
        }
      return item;
    }

  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
               "a value of type %s is not a key (a string), a mapping or a sequence",
               G_VALUE_TYPE_NAME (value));
  key_map_item_free (item);
  return NULL;
}

static GPtrArray *
parse_key_map (GValueArray  *description,
               GError      **error)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (key_map_item_free);

  for (guint i = 0; i < description->n_values; i++)
    {
      KeyMapItem *item = parse_key_map_item (&description->values[i], error);

      if (item == NULL)
        {
          g_prefix_error (error, "item %u: ", i);
          g_ptr_array_unref (items);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }
  return items;
}

/* schedula's map_list (key_map, *inputs, base=dest) */
static gboolean
map_list_apply (GPtrArray            *key_map,
                const GValue *const  *inputs,
                guint                 n_inputs,
                SchedulaDict         *dest,
                GError              **error)
{
  for (guint i = 0; i < key_map->len && i < n_inputs; i++)
    {
      KeyMapItem *item = key_map->pdata[i];
      const GValue *input = inputs[i];

      switch (item->kind)
        {
        case KEY_MAP_KEY:
          schedula_dict_insert (dest, item->key, input);
          break;
        case KEY_MAP_RENAME:
          if (!merge_dict (dest, input, item->rename, error))
            return FALSE;
          break;
        case KEY_MAP_LIST:
          {
            GValueArray *sequence = schedula_value_dup_sequence (input, error);
            const GValue **items;
            gboolean ok;

            if (sequence == NULL)
              return FALSE;
            items = g_new (const GValue *, MAX (sequence->n_values, 1));
            for (guint k = 0; k < sequence->n_values; k++)
              items[k] = &sequence->values[k];
            ok = map_list_apply (item->list, items, sequence->n_values, dest, error);
            g_free (items);
            array_free (sequence);
            if (!ok)
              return FALSE;
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static gboolean
map_list_func (SchedulaCall  *call,
               gpointer       user_data,
               GError       **error)
{
  GPtrArray *key_map = user_data;
  guint n = schedula_call_get_n_inputs (call);
  const GValue *stack[8];
  const GValue **inputs = n <= G_N_ELEMENTS (stack) ? stack : g_new (const GValue *, n);
  SchedulaDict *dest = schedula_dict_new ();
  GValue result = G_VALUE_INIT;
  gboolean ok;

  for (guint i = 0; i < n; i++)
    inputs[i] = schedula_call_get_input (call, i);
  ok = map_list_apply (key_map, inputs, n, dest, error);
  if (inputs != stack)
    g_free (inputs);
  if (!ok)
    {
      schedula_dict_unref (dest);
      return FALSE;
    }
  value_take_dict (&result, dest);
  return _schedula_call_take_result (call, "map_list", &result, error);
}

/**
 * schedula_map_list_new:
 * @key_map: the key map: a sequence (read with [func@value_dup_sequence])
 *   whose items are keys (strings), mappings, or key maps themselves
 * @error: return location for a #GError
 *
 * Creates schedula's `map_list` for @key_map (`partial (map_list,
 * key_map)`): a function that pairs the items of @key_map with its
 * arguments, in order, and collects them into one new [struct@Dict]:
 *
 * - a key (a `G_TYPE_STRING` item) stores the argument under that key;
 * - a mapping (a [struct@Mapping], or any value [func@value_dup_dict]
 *   reads, whose values are the new names as strings) takes the argument as
 *   a mapping and stores its items renamed, as [func@map_dict_new] does;
 * - a sequence (any other value [func@value_dup_sequence] reads) is a key
 *   map for the items of the argument, which must be a sequence.
 *
 * Items without an argument, and arguments without an item, are ignored
 * (schedula zips them). With the key map `["a", {a: "c"}, ["a", {a:
 * "d"}]]`, the arguments `2, {a: 3, b: 2}, [1, {a: 4}]` give `{a: 1, c: 3,
 * b: 2, d: 4}`.
 *
 * The key map is a value, so that every language can describe it with its
 * own lists and dicts (through their adapters); in C, it is a `GValueArray`
 * of strings, [struct@Mapping]s and nested `GValueArray`s. It is read once,
 * here: an item of another type fails with
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT, naming its position.
 *
 * Returns: (transfer full) (nullable): a new #SchedulaFunction named
 *   `map_list`, or %NULL on error
 */
SchedulaFunction *
schedula_map_list_new (const GValue  *key_map,
                       GError       **error)
{
  GValueArray *description;
  GPtrArray *items;

  g_return_val_if_fail (G_IS_VALUE (key_map), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  description = schedula_value_dup_sequence (key_map, error);
  if (description == NULL)
    {
      g_prefix_error (error, "map_list: the key map: ");
      return NULL;
    }
  items = parse_key_map (description, error);
  array_free (description);
  if (items == NULL)
    {
      g_prefix_error (error, "map_list: the key map: ");
      return NULL;
    }
  return schedula_function_new ("map_list", map_list_func, items, (GDestroyNotify) g_ptr_array_unref);
}

/* What a helper was made with: the model files store the helpers by kind
 * and rebuild them */

SchedulaHelperKind
_schedula_helper_describe (SchedulaFunction     *function,
                           SchedulaHelperParams *params)
{
  SchedulaFunc func;
  gpointer data;

  memset (params, 0, sizeof *params);
  if (G_TYPE_FROM_INSTANCE (function) != SCHEDULA_TYPE_FUNCTION ||
      !_schedula_function_get_direct (function, &func, &data))
    return SCHEDULA_HELPER_NONE;
  if (func == bypass_func)
    return SCHEDULA_HELPER_BYPASS;
  if (func == summation_func)
    return SCHEDULA_HELPER_SUMMATION;
  if (func == combine_dicts_func)
    return SCHEDULA_HELPER_COMBINE_DICTS;
  if (func == selector_func)
    {
      Selector *selector = data;

      params->keys = (const char *const *) selector->keys;
      params->output_type = selector->output_type;
      params->allow_miss = selector->allow_miss;
      return SCHEDULA_HELPER_SELECTOR;
    }
  if (func == replicate_value_func)
    {
      params->n = GPOINTER_TO_UINT (data);
      return SCHEDULA_HELPER_REPLICATE_VALUE;
    }
  if (func == map_dict_func)
    {
      params->key_map = data;
      return SCHEDULA_HELPER_MAP_DICT;
    }
  if (func == map_list_func)
    return SCHEDULA_HELPER_MAP_LIST;
  return SCHEDULA_HELPER_NONE;
}

/* The key map of a map_list, as schedula_map_list_new() reads one: a
 * GValueArray of strings, SchedulaMappings and nested GValueArrays. Built
 * with a list of arrays still to fill, as key maps nest. */
typedef struct
{
  GPtrArray   *items;   /* KeyMapItem* */
  GValueArray *into;
} KeyMapJob;

void
_schedula_map_list_dup_key_map (SchedulaFunction *function,
                                GValue           *key_map)
{
  g_autoptr(GArray) jobs = g_array_new (FALSE, FALSE, sizeof (KeyMapJob));
  SchedulaFunc func;
  gpointer data = NULL;
  GValueArray *top;

  if (!_schedula_function_get_direct (function, &func, &data) || func != map_list_func)
    g_return_if_reached ();

  top = array_new (((GPtrArray *) data)->len);
  g_array_append_val (jobs, ((KeyMapJob) { data, top }));
  while (jobs->len > 0)
    {
      KeyMapJob job = g_array_index (jobs, KeyMapJob, jobs->len - 1);

      g_array_set_size (jobs, jobs->len - 1);
      for (guint i = 0; i < job.items->len; i++)
        {
          KeyMapItem *item = job.items->pdata[i];
          GValue v = G_VALUE_INIT;

          switch (item->kind)
            {
            case KEY_MAP_KEY:
              g_value_init (&v, G_TYPE_STRING);
              g_value_set_string (&v, item->key);
              array_append (job.into, &v);
              break;
            case KEY_MAP_RENAME:
              g_value_init (&v, SCHEDULA_TYPE_MAPPING);
              g_value_set_boxed (&v, item->rename);
              array_append (job.into, &v);
              break;
            case KEY_MAP_LIST:
              {
                GValueArray *nested = array_new (item->list->len);

                /* appending copies: append the empty array, then fill the copy */
                value_take_array (&v, nested);
                array_append (job.into, &v);
                g_array_append_val (jobs, ((KeyMapJob) { item->list,
                                                         g_value_get_boxed (&job.into->values[job.into->n_values - 1]) }));
              }
              break;
            default:
              g_assert_not_reached ();
            }
          g_value_unset (&v);
        }
    }
  value_take_array (key_map, top);
}
