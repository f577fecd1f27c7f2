/* conformance-catalogue.c: the pure functions of the examples, in C
 *
 * The reference's catalogue (SEMANTICS.md §0.3) is written in Python; these
 * are the same functions with Python's number semantics: int stays int
 * (int64), true division and math functions give floats, and errors carry
 * the Python exception type and message.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <math.h>
#include <string.h>

#include "conformance.h"

G_DEFINE_QUARK (conformance-error-quark, conf_error)

const char *
conf_error_type_name (int code)
{
  static const char *const names[] = { "ValueError", "TypeError", "KeyError", "ZeroDivisionError",
                                         "OverflowError" };

  return code >= 0 && code < CONF_N_ERRORS ? names[code] : "Exception";
}

/* Sequences */

static ConfSeq *
conf_seq_copy (ConfSeq *seq)
{
  ConfSeq *copy = conf_seq_new (seq->tuple);

  for (guint i = 0; i < seq->items->len; i++)
    conf_seq_append (copy, seq->items->pdata[i]);
  return copy;
}

static void
value_free (gpointer data)
{
  GValue *v = data;

  g_value_unset (v);
  g_free (v);
}

ConfSeq *
conf_seq_new (gboolean tuple)
{
  ConfSeq *seq = g_new0 (ConfSeq, 1);

  seq->tuple = tuple;
  seq->items = g_ptr_array_new_with_free_func (value_free);
  return seq;
}

void
conf_seq_free (ConfSeq *seq)
{
  g_ptr_array_unref (seq->items);
  g_free (seq);
}

void
conf_seq_append (ConfSeq      *seq,
                 const GValue *value)
{
  GValue *v = g_new0 (GValue, 1);

  g_value_init (v, G_VALUE_TYPE (value));
  g_value_copy (value, v);
  g_ptr_array_add (seq->items, v);
}

G_DEFINE_BOXED_TYPE (ConfSeq, conf_seq, conf_seq_copy, conf_seq_free)

/* A Python list or tuple is a sequence, not a mapping */
static gboolean
conf_seq_adapter (const GValue        *value,
                  SchedulaValueShape   shape,
                  GValue              *result,
                  gpointer             user_data,
                  GError             **error)
{
  ConfSeq *seq = g_value_get_boxed (value);
  GValueArray *array;

  if (seq == NULL || shape != SCHEDULA_VALUE_SHAPE_SEQUENCE)
    {
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "'%s' object is not a mapping",
                   seq != NULL && seq->tuple ? "tuple" : "list");
      return FALSE;
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array = g_value_array_new (seq->items->len);
  for (guint i = 0; i < seq->items->len; i++)
    g_value_array_append (array, seq->items->pdata[i]);
  g_value_init (result, g_value_array_get_type ());
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_take_boxed (result, array);
  return TRUE;
}

void
conf_register_adapters (void)
{
  schedula_value_register_adapter (CONF_TYPE_SEQ, conf_seq_adapter, NULL, NULL);
}

/* Numbers */

typedef struct
{
  gboolean is_int;
  gint64   i;
  gdouble  d;
} Num;

static const char *
py_type_name (const GValue *v)
{
  if (G_VALUE_HOLDS_STRING (v))
    return "str";
  if (G_VALUE_HOLDS_INT64 (v) || G_VALUE_HOLDS_INT (v))
    return "int";
  if (G_VALUE_HOLDS_DOUBLE (v))
    return "float";
  if (G_VALUE_HOLDS_BOOLEAN (v))
    return "bool";
  if (G_VALUE_HOLDS_POINTER (v))
    return "NoneType";
  if (G_VALUE_HOLDS (v, CONF_TYPE_SEQ))
    return ((ConfSeq *) g_value_get_boxed (v))->tuple ? "tuple" : "list";
  if (G_VALUE_HOLDS (v, SCHEDULA_TYPE_DICT))
    return "dict";
  return G_VALUE_TYPE_NAME (v);
}

static gboolean
get_num (const GValue *v,
         Num          *n)
{
  n->is_int = FALSE;
  n->i = 0;
  n->d = 0;
  if (G_VALUE_HOLDS_INT64 (v))
    {
      n->is_int = TRUE;
      n->i = g_value_get_int64 (v);
      n->d = (gdouble) n->i;
      return TRUE;
    }
  if (G_VALUE_HOLDS_INT (v))
    {
      n->is_int = TRUE;
      n->i = g_value_get_int (v);
      n->d = (gdouble) n->i;
      return TRUE;
    }
  if (G_VALUE_HOLDS_BOOLEAN (v))
    {
      n->is_int = TRUE;
      n->i = g_value_get_boolean (v) ? 1 : 0;
      n->d = (gdouble) n->i;
      return TRUE;
    }
  if (G_VALUE_HOLDS_DOUBLE (v))
    {
      n->d = g_value_get_double (v);
      return TRUE;
    }
  return FALSE;
}

static void
set_num (GValue    *out,
         const Num *n)
{
  if (n->is_int)
    {
      g_value_init (out, G_TYPE_INT64);
      g_value_set_int64 (out, n->i);
    }
  else
    {
      g_value_init (out, G_TYPE_DOUBLE);
      g_value_set_double (out, n->d);
    }
}

static void
set_int (GValue *out,
         gint64  i)
{
  g_value_init (out, G_TYPE_INT64);
  g_value_set_int64 (out, i);
}

static void
set_double (GValue *out,
            gdouble d)
{
  g_value_init (out, G_TYPE_DOUBLE);
  g_value_set_double (out, d);
}

static gboolean
operand_error (GError      **error,
               const char   *op,
               const GValue *a,
               const GValue *b)
{
  g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR,
               "unsupported operand type(s) for %s: '%s' and '%s'", op,
               py_type_name (a), py_type_name (b));
  return FALSE;
}

typedef enum { OP_ADD, OP_SUB, OP_MUL } BinOp;

static gboolean
binop (BinOp          op,
       const GValue  *a,
       const GValue  *b,
       GValue        *out,
       GError       **error)
{
  static const char *const names[] = { "+", "-", "*" };
  Num x, y, r;

  if (op == OP_ADD && G_VALUE_HOLDS_STRING (a) && G_VALUE_HOLDS_STRING (b))
    {
      g_value_init (out, G_TYPE_STRING);
      g_value_take_string (out, g_strconcat (g_value_get_string (a), g_value_get_string (b), NULL));
      return TRUE;
    }
  if (!get_num (a, &x) || !get_num (b, &y))
    return operand_error (error, names[op], a, b);
  r.is_int = x.is_int && y.is_int;
  switch (op)
    {
    case OP_ADD:
      r.i = x.i + y.i;
      r.d = x.d + y.d;
      break;
    case OP_SUB:
      r.i = x.i - y.i;
      r.d = x.d - y.d;
      break;
    case OP_MUL:
      r.i = x.i * y.i;
      r.d = x.d * y.d;
      break;
    }
  set_num (out, &r);
  return TRUE;
}

static gboolean
true_div (const GValue  *a,
          const GValue  *b,
          GValue        *out,
          GError       **error)
{
  Num x, y;

  if (!get_num (a, &x) || !get_num (b, &y))
    return operand_error (error, "/", a, b);
  if (y.d == 0)
    {
      g_set_error (error, CONF_ERROR, CONF_ZERO_DIVISION_ERROR, "division by zero");
      return FALSE;
    }
  set_double (out, x.d / y.d);
  return TRUE;
}

/* Python comparison of two numbers: -1, 0, 1; FALSE for non-numbers */
static gboolean
compare (const GValue  *a,
         const GValue  *b,
         int           *result,
         GError       **error)
{
  Num x, y;

  if (!get_num (a, &x) || !get_num (b, &y))
    {
      if (G_VALUE_HOLDS_STRING (a) && G_VALUE_HOLDS_STRING (b))
        {
          *result = strcmp (g_value_get_string (a), g_value_get_string (b));
          return TRUE;
        }
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR,
                   "'<' not supported between instances of '%s' and '%s'",
                   py_type_name (a), py_type_name (b));
      return FALSE;
    }
  if (x.is_int && y.is_int)
    *result = x.i < y.i ? -1 : x.i > y.i;
  else
    *result = x.d < y.d ? -1 : x.d > y.d;
  return TRUE;
}

static gboolean
real_arg (const GValue  *v,
          gdouble       *d,
          GError       **error)
{
  Num n;

  if (!get_num (v, &n))
    {
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "must be real number, not %s", py_type_name (v));
      return FALSE;
    }
  *d = n.d;
  return TRUE;
}

static gboolean
value_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, CONF_ERROR, CONF_VALUE_ERROR, message);
  return FALSE;
}

/* Results */

gboolean
conf_set_result (SchedulaCall  *call,
                 const GValue  *value,
                 GError       **error)
{
  guint n = schedula_call_get_n_outputs (call);

  if (n == 0)
    return TRUE;
  if (n == 1)
    {
      schedula_call_set_output (call, 0, value);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, CONF_TYPE_SEQ))
    {
      ConfSeq *seq = g_value_get_boxed (value);

      for (guint i = 0; i < n && i < seq->items->len; i++)
        schedula_call_set_output (call, i, seq->items->pdata[i]);
      return TRUE;
    }
  /* schedula cannot unpack the result: the dispatch stops */
  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
               "'%s' object is not iterable", py_type_name (value));
  return FALSE;
}

static gboolean
take_result (SchedulaCall  *call,
             GValue        *value,
             GError       **error)
{
  gboolean ok = conf_set_result (call, value, error);

  g_value_unset (value);
  return ok;
}

static gboolean
set_tuple2 (SchedulaCall  *call,
            GValue        *a,
            GValue        *b,
            GError       **error)
{
  ConfSeq *seq = conf_seq_new (TRUE);
  GValue v = G_VALUE_INIT;

  conf_seq_append (seq, a);
  conf_seq_append (seq, b);
  g_value_unset (a);
  g_value_unset (b);
  g_value_init (&v, CONF_TYPE_SEQ);
  g_value_take_boxed (&v, seq);
  return take_result (call, &v, error);
}

#define ARG(i) schedula_call_get_input (call, (i))
#define NARGS  schedula_call_get_n_inputs (call)

static gboolean
check_nargs (SchedulaCall  *call,
             const char    *name,
             guint          n,
             GError       **error)
{
  if (NARGS == n)
    return TRUE;
  g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR,
               "%s() takes %u positional arguments but %u were given", name, n, NARGS);
  return FALSE;
}

/* The catalogue */

/* Adds the arguments from @first on to @acc (taken) and gives the sum to
 * the call */
static gboolean
add_args_to (SchedulaCall  *call,
             GValue        *acc,
             guint          first,
             GError       **error)
{
  for (guint i = first; i < NARGS; i++)
    {
      GValue r = G_VALUE_INIT;

      if (!binop (OP_ADD, acc, ARG (i), &r, error))
        {
          g_value_unset (acc);
          return FALSE;
        }
      g_value_unset (acc);
      *acc = r;
    }
  return take_result (call, acc, error);
}

static gboolean
f_add (SchedulaCall *call, gpointer data, GError **error)
{
  GValue acc = G_VALUE_INIT;

  if (NARGS == 0)
    {
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "reduce() of empty iterable with no initial value");
      return FALSE;
    }
  g_value_init (&acc, G_VALUE_TYPE (ARG (0)));
  g_value_copy (ARG (0), &acc);
  return add_args_to (call, &acc, 1, error);
}

static gboolean
f_binop (SchedulaCall *call, BinOp op, const char *name, GError **error)
{
  GValue r = G_VALUE_INIT;

  if (!check_nargs (call, name, 2, error) || !binop (op, ARG (0), ARG (1), &r, error))
    return FALSE;
  return take_result (call, &r, error);
}

static gboolean f_sub (SchedulaCall *call, gpointer data, GError **error) { return f_binop (call, OP_SUB, "sub", error); }
static gboolean f_mul (SchedulaCall *call, gpointer data, GError **error) { return f_binop (call, OP_MUL, "mul", error); }

static gboolean
f_div (SchedulaCall *call, gpointer data, GError **error)
{
  GValue r = G_VALUE_INIT;

  if (!check_nargs (call, "div", 2, error) || !true_div (ARG (0), ARG (1), &r, error))
    return FALSE;
  return take_result (call, &r, error);
}

static gboolean
f_minmax (SchedulaCall *call, gboolean want_max, GError **error)
{
  guint best = 0;

  if (NARGS < 2)
    {
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "'%s' object is not iterable",
                   NARGS ? py_type_name (ARG (0)) : "NoneType");
      return FALSE;
    }
  for (guint i = 1; i < NARGS; i++)
    {
      int c;

      if (!compare (ARG (i), ARG (best), &c, error))
        return FALSE;
      if ((want_max && c > 0) || (!want_max && c < 0))
        best = i;
    }
  return conf_set_result (call, ARG (best), error);
}

static gboolean f_min (SchedulaCall *call, gpointer data, GError **error) { return f_minmax (call, FALSE, error); }
static gboolean f_max (SchedulaCall *call, gpointer data, GError **error) { return f_minmax (call, TRUE, error); }

static gboolean
log_of (SchedulaCall *call, gdouble x, GError **error)
{
  GValue r = G_VALUE_INIT;

  if (x <= 0)
    return value_error (error, "math domain error");
  set_double (&r, log (x));
  return take_result (call, &r, error);
}

static gboolean
f_log (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble x;

  if (!check_nargs (call, "log", 1, error) || !real_arg (ARG (0), &x, error))
    return FALSE;
  return log_of (call, x, error);
}

static gboolean
f_log_diff (SchedulaCall *call, gpointer data, GError **error)
{
  GValue d = G_VALUE_INIT;
  gdouble x;

  if (!check_nargs (call, "log_diff", 2, error) || !binop (OP_SUB, ARG (1), ARG (0), &d, error))
    return FALSE;
  if (!real_arg (&d, &x, error))
    {
      g_value_unset (&d);
      return FALSE;
    }
  g_value_unset (&d);
  return log_of (call, x, error);
}

static gboolean
f_log_dec (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble x;

  if (!check_nargs (call, "log_dec", 1, error) || !real_arg (ARG (0), &x, error))
    return FALSE;
  return log_of (call, x - 1, error);
}

static gboolean
f_pow (SchedulaCall *call, gpointer data, GError **error)
{
  gdouble x, y;
  GValue r = G_VALUE_INIT;

  if (!check_nargs (call, "pow", 2, error) || !real_arg (ARG (0), &x, error) ||
      !real_arg (ARG (1), &y, error))
    return FALSE;
  /* Python's math.pow: a negative base with a non-integer exponent, and 0
   * to a negative power, are out of the domain; a finite result too large
   * for a double overflows */
  if ((x == 0 && y < 0) || (x < 0 && isfinite (x) && isfinite (y) && y != floor (y)))
    return value_error (error, "math domain error");
  if (isfinite (x) && isfinite (y) && isinf (pow (x, y)))
    {
      g_set_error_literal (error, CONF_ERROR, CONF_OVERFLOW_ERROR, "math range error");
      return FALSE;
    }
  set_double (&r, pow (x, y));
  return take_result (call, &r, error);
}

static gboolean
f_identity (SchedulaCall *call, gpointer data, GError **error)
{
  ConfSeq *seq;
  GValue v = G_VALUE_INIT;

  if (NARGS == 1)
    return conf_set_result (call, ARG (0), error);
  seq = conf_seq_new (TRUE);
  for (guint i = 0; i < NARGS; i++)
    conf_seq_append (seq, ARG (i));
  g_value_init (&v, CONF_TYPE_SEQ);
  g_value_take_boxed (&v, seq);
  return take_result (call, &v, error);
}

static gboolean
unary_int (SchedulaCall *call, const char *name, BinOp op, gint64 k, GError **error)
{
  GValue c = G_VALUE_INIT, r = G_VALUE_INIT;

  if (!check_nargs (call, name, 1, error))
    return FALSE;
  set_int (&c, k);
  if (!binop (op, ARG (0), &c, &r, error))
    return FALSE;
  return take_result (call, &r, error);
}

static gboolean f_inc (SchedulaCall *call, gpointer data, GError **error) { return unary_int (call, "inc", OP_ADD, 1, error); }
static gboolean f_dec (SchedulaCall *call, gpointer data, GError **error) { return unary_int (call, "dec", OP_SUB, 1, error); }
static gboolean f_double (SchedulaCall *call, gpointer data, GError **error) { return unary_int (call, "double", OP_MUL, 2, error); }
static gboolean f_sub4 (SchedulaCall *call, gpointer data, GError **error) { return unary_int (call, "sub4", OP_SUB, 4, error); }
static gboolean f_neg (SchedulaCall *call, gpointer data, GError **error) { return unary_int (call, "neg", OP_MUL, -1, error); }

static gboolean
f_half (SchedulaCall *call, gpointer data, GError **error)
{
  GValue two = G_VALUE_INIT, r = G_VALUE_INIT;

  if (!check_nargs (call, "half", 1, error))
    return FALSE;
  set_int (&two, 2);
  if (!true_div (ARG (0), &two, &r, error))
    return FALSE;
  return take_result (call, &r, error);
}

static gboolean
f_inv_shift (SchedulaCall *call, gpointer data, GError **error)
{
  GValue one = G_VALUE_INIT, two = G_VALUE_INIT, d1 = G_VALUE_INIT, r = G_VALUE_INIT;
  gboolean ok;

  if (!check_nargs (call, "inv_shift", 1, error))
    return FALSE;
  set_int (&one, 1);
  set_int (&two, 2);
  if (!binop (OP_ADD, ARG (0), &one, &d1, error))
    return FALSE;
  ok = true_div (&two, &d1, &r, error);
  g_value_unset (&d1);
  return ok && take_result (call, &r, error);
}

static gboolean
f_fail (SchedulaCall *call, gpointer data, GError **error)
{
  return value_error (error, "fail");
}

static gboolean
f_split (SchedulaCall *call, gpointer data, GError **error)
{
  GValue one = G_VALUE_INIT, a = G_VALUE_INIT, b = G_VALUE_INIT;

  if (!check_nargs (call, "split", 1, error))
    return FALSE;
  set_int (&one, 1);
  if (!binop (OP_ADD, ARG (0), &one, &a, error))
    return FALSE;
  if (!binop (OP_SUB, ARG (0), &one, &b, error))
    {
      g_value_unset (&a);
      return FALSE;
    }
  return set_tuple2 (call, &a, &b, error);
}

static gboolean
f_sum_diff (SchedulaCall *call, gpointer data, GError **error)
{
  GValue a = G_VALUE_INIT, b = G_VALUE_INIT;

  if (!check_nargs (call, "sum_diff", 2, error) || !binop (OP_ADD, ARG (0), ARG (1), &a, error))
    return FALSE;
  if (!binop (OP_SUB, ARG (0), ARG (1), &b, error))
    {
      g_value_unset (&a);
      return FALSE;
    }
  return set_tuple2 (call, &a, &b, error);
}

static gboolean
f_one (SchedulaCall *call, gpointer data, GError **error)
{
  GValue r = G_VALUE_INIT;

  if (!check_nargs (call, "one", 0, error))
    return FALSE;
  set_int (&r, 1);
  return take_result (call, &r, error);
}

static gboolean
f_three_five (SchedulaCall *call, gpointer data, GError **error)
{
  GValue a = G_VALUE_INIT, b = G_VALUE_INIT;

  set_int (&a, 3);
  set_int (&b, 5);
  return set_tuple2 (call, &a, &b, error);
}

static gboolean
f_none (SchedulaCall *call, gpointer data, GError **error)
{
  GValue r = G_VALUE_INIT;

  schedula_value_init_none (&r);
  return take_result (call, &r, error);
}

static gboolean
f_none_and_inc (SchedulaCall *call, gpointer data, GError **error)
{
  GValue one = G_VALUE_INIT, a = G_VALUE_INIT, b = G_VALUE_INIT;

  if (!check_nargs (call, "none_and_inc", 1, error))
    return FALSE;
  set_int (&one, 1);
  schedula_value_init_none (&a);
  if (!binop (OP_ADD, ARG (0), &one, &b, error))
    {
      g_value_unset (&a);
      return FALSE;
    }
  return set_tuple2 (call, &a, &b, error);
}

static gboolean
f_count_args (SchedulaCall *call, gpointer data, GError **error)
{
  GValue r = G_VALUE_INIT;

  set_int (&r, NARGS);
  return take_result (call, &r, error);
}

static const char *const sig_f_params[] = { "a", "b", "c", "d", "m", NULL };
static const char *const sig_g_params[] = { "a", "b", "c", NULL };
static const char *const sum_diff_params[] = { "a", "b", NULL };

static gboolean
f_sig_f (SchedulaCall *call, gpointer data, GError **error)
{
  GValue d = G_VALUE_INIT, m = G_VALUE_INIT, t1 = G_VALUE_INIT, t2 = G_VALUE_INIT, t3 = G_VALUE_INIT;
  GValue r = G_VALUE_INIT;
  gboolean ok;

  if (NARGS < 3 || NARGS > 5)
    {
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "sig_f() takes from 3 to 5 positional arguments but %u were given", NARGS);
      return FALSE;
    }
  set_int (&d, 3);
  set_int (&m, 5);
  ok = binop (OP_ADD, ARG (0), ARG (1), &t1, error) &&
       binop (OP_SUB, &t1, ARG (2), &t2, error) &&
       binop (OP_ADD, &t2, NARGS > 3 ? ARG (3) : &d, &t3, error) &&
       binop (OP_SUB, &t3, NARGS > 4 ? ARG (4) : &m, &r, error);
  if (G_IS_VALUE (&t1)) g_value_unset (&t1);
  if (G_IS_VALUE (&t2)) g_value_unset (&t2);
  if (G_IS_VALUE (&t3)) g_value_unset (&t3);
  return ok && take_result (call, &r, error);
}

static gboolean
f_sig_g (SchedulaCall *call, gpointer data, GError **error)
{
  GValue t1 = G_VALUE_INIT, t2 = G_VALUE_INIT, d = G_VALUE_INIT, r = G_VALUE_INIT;
  gboolean ok;

  if (NARGS < 3)
    {
      g_set_error (error, CONF_ERROR, CONF_TYPE_ERROR, "sig_g() missing required positional arguments");
      return FALSE;
    }
  set_int (&d, 0);
  ok = binop (OP_ADD, ARG (0), ARG (1), &t1, error) &&
       binop (OP_MUL, &t1, ARG (2), &t2, error) &&
       binop (OP_ADD, &t2, &d, &r, error);
  if (G_IS_VALUE (&t1)) g_value_unset (&t1);
  if (G_IS_VALUE (&t2)) g_value_unset (&t2);
  return ok && take_result (call, &r, error);
}

static gboolean
set_bool (SchedulaCall *call, gboolean b, GError **error)
{
  GValue r = G_VALUE_INIT;

  g_value_init (&r, G_TYPE_BOOLEAN);
  g_value_set_boolean (&r, b);
  return take_result (call, &r, error);
}

static gboolean
f_gt0 (SchedulaCall *call, gpointer data, GError **error)
{
  GValue zero = G_VALUE_INIT;
  gboolean all = TRUE;

  set_int (&zero, 0);
  for (guint i = 0; i < NARGS && all; i++)
    {
      int c;

      if (!compare (ARG (i), &zero, &c, error))
        return FALSE;
      all = c > 0;
    }
  return set_bool (call, all, error);
}

static gboolean
f_gt1 (SchedulaCall *call, gpointer data, GError **error)
{
  GValue one = G_VALUE_INIT;
  int c;

  set_int (&one, 1);
  if (!check_nargs (call, "gt1", 1, error) || !compare (ARG (0), &one, &c, error))
    return FALSE;
  return set_bool (call, c > 0, error);
}

static gboolean
f_lt (SchedulaCall *call, gpointer data, GError **error)
{
  int c;

  if (!check_nargs (call, "lt", 2, error) || !compare (ARG (0), ARG (1), &c, error))
    return FALSE;
  return set_bool (call, c < 0, error);
}

static gboolean
f_ne_neg1 (SchedulaCall *call, gpointer data, GError **error)
{
  GValue m1 = G_VALUE_INIT;
  int c;

  set_int (&m1, -1);
  if (!check_nargs (call, "ne_neg1", 1, error) || !compare (ARG (0), &m1, &c, error))
    return FALSE;
  return set_bool (call, c != 0, error);
}

static gboolean
f_not_both_zero (SchedulaCall *call, gpointer data, GError **error)
{
  GValue zero = G_VALUE_INIT;
  int cx, cy;

  set_int (&zero, 0);
  if (!check_nargs (call, "not_both_zero", 2, error) || !compare (ARG (0), ARG (1), &cx, error) ||
      !compare (ARG (1), &zero, &cy, error))
    return FALSE;
  return set_bool (call, !(cx == 0 && cy == 0), error);
}

static gboolean f_always_true (SchedulaCall *call, gpointer data, GError **error) { return set_bool (call, TRUE, error); }
static gboolean f_always_false (SchedulaCall *call, gpointer data, GError **error) { return set_bool (call, FALSE, error); }
static gboolean f_dom_fail (SchedulaCall *call, gpointer data, GError **error) { return value_error (error, "domain failed"); }

/* Sub-dispatcher domains and combiners take one dict: here, the inputs
 * keyed by their ids. */

static const GValue *
kw_lookup (SchedulaCall *call,
           const char   *key)
{
  for (guint i = 0; i < NARGS; i++)
    if (g_strcmp0 (schedula_call_get_input_id (call, i), key) == 0)
      return ARG (i);
  return NULL;
}

static gboolean
f_dict_b_truthy (SchedulaCall *call, gpointer data, GError **error)
{
  const GValue *b = kw_lookup (call, "b");

  if (b == NULL)
    {
      g_set_error (error, CONF_ERROR, CONF_KEY_ERROR, "'b'");
      return FALSE;
    }
  return set_bool (call, schedula_value_is_truthy (b), error);
}

static gboolean
f_dict_de_gt29 (SchedulaCall *call, gpointer data, GError **error)
{
  const GValue *d = kw_lookup (call, "d"), *e = kw_lookup (call, "e");
  GValue sum = G_VALUE_INIT, k = G_VALUE_INIT;
  int c;

  if (d == NULL || e == NULL)
    return set_bool (call, FALSE, error);
  set_int (&k, 29);
  if (!binop (OP_ADD, e, d, &sum, error))
    return FALSE;
  if (!compare (&sum, &k, &c, error))
    {
      g_value_unset (&sum);
      return FALSE;
    }
  g_value_unset (&sum);
  return set_bool (call, c > 0, error);
}

static gboolean f_dict_true (SchedulaCall *call, gpointer data, GError **error) { return set_bool (call, TRUE, error); }
static gboolean f_dict_has_two (SchedulaCall *call, gpointer data, GError **error) { return set_bool (call, NARGS >= 2, error); }

static gboolean
f_mean_est (SchedulaCall *call, gpointer data, GError **error)
{
  GValue n = G_VALUE_INIT;
  gboolean ok;

  if (!f_add (call, data, error))
    return FALSE;
  {
    GValue sum = G_VALUE_INIT, r = G_VALUE_INIT;

    g_value_init (&sum, G_VALUE_TYPE (schedula_call_get_output (call, 0)));
    g_value_copy (schedula_call_get_output (call, 0), &sum);
    set_int (&n, NARGS);
    ok = true_div (&sum, &n, &r, error);
    g_value_unset (&sum);
    if (!ok)
      return FALSE;
    return take_result (call, &r, error);
  }
}

static gboolean
f_min_est (SchedulaCall *call, gpointer data, GError **error)
{
  if (NARGS == 1)
    return conf_set_result (call, ARG (0), error);
  return f_minmax (call, FALSE, error);
}

static gboolean
f_sum_est (SchedulaCall *call, gpointer data, GError **error)
{
  GValue acc = G_VALUE_INIT;

  set_int (&acc, 0);
  return add_args_to (call, &acc, 0, error);
}

static const char *
py_str_id (const char *id)
{
  /* str() of schedula's tokens is their lower-case name */
  if (g_strcmp0 (id, SCHEDULA_START) == 0)
    return "start";
  if (g_strcmp0 (id, SCHEDULA_SINK) == 0)
    return "sink";
  if (g_strcmp0 (id, SCHEDULA_SELF) == 0)
    return "self";
  return id;
}

static int
item_cmp (gconstpointer pa,
          gconstpointer pb)
{
  const GValue *a = *(const GValue *const *) pa, *b = *(const GValue *const *) pb;
  ConfSeq *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);
  int c = strcmp (g_value_get_string (x->items->pdata[0]), g_value_get_string (y->items->pdata[0]));

  if (c == 0)
    {
      int r = 0;

      compare (x->items->pdata[1], y->items->pdata[1], &r, NULL);
      c = r;
    }
  return c;
}

static gboolean
f_items_est (SchedulaCall *call, gpointer data, GError **error)
{
  ConfSeq *list = conf_seq_new (FALSE);
  GValue v = G_VALUE_INIT;

  for (guint i = 0; i < NARGS; i++)
    {
      ConfSeq *pair = conf_seq_new (FALSE);
      GValue k = G_VALUE_INIT, p = G_VALUE_INIT;

      g_value_init (&k, G_TYPE_STRING);
      g_value_set_string (&k, py_str_id (schedula_call_get_input_id (call, i)));
      conf_seq_append (pair, &k);
      conf_seq_append (pair, ARG (i));
      g_value_unset (&k);
      g_value_init (&p, CONF_TYPE_SEQ);
      g_value_take_boxed (&p, pair);
      conf_seq_append (list, &p);
      g_value_unset (&p);
    }
  g_ptr_array_sort (list->items, item_cmp);
  g_value_init (&v, CONF_TYPE_SEQ);
  g_value_take_boxed (&v, list);
  return take_result (call, &v, error);
}

static gboolean
f_inv_first_est (SchedulaCall *call, gpointer data, GError **error)
{
  GValue one = G_VALUE_INIT, r = G_VALUE_INIT;

  set_int (&one, 1);
  if (!true_div (&one, ARG (0), &r, error))
    return FALSE;
  return take_result (call, &r, error);
}

static GPtrArray *callback_log;

static void
log_value (const GValue *v)
{
  GValue *copy = g_new0 (GValue, 1);

  if (callback_log == NULL)
    callback_log = g_ptr_array_new_with_free_func (value_free);
  g_value_init (copy, G_VALUE_TYPE (v));
  g_value_copy (v, copy);
  g_ptr_array_add (callback_log, copy);
}

static gboolean
f_record (SchedulaCall *call, gpointer data, GError **error)
{
  log_value (ARG (0));
  return TRUE;
}

static gboolean
f_callback_fail (SchedulaCall *call, gpointer data, GError **error)
{
  log_value (ARG (0));
  return value_error (error, "callback failed");
}

static gboolean
f_to_none (SchedulaCall *call, gpointer data, GError **error)
{
  return f_none (call, data, error);
}

typedef struct
{
  const char   *name;
  SchedulaFunc  func;
} Entry;

static const Entry entries[] = {
  { "add", f_add }, { "sub", f_sub }, { "mul", f_mul }, { "div", f_div },
  { "min", f_min }, { "max", f_max }, { "log", f_log }, { "log_diff", f_log_diff },
  { "log_dec", f_log_dec }, { "pow", f_pow }, { "identity", f_identity }, { "inc", f_inc },
  { "dec", f_dec }, { "double", f_double }, { "half", f_half }, { "neg", f_neg },
  { "inv_shift", f_inv_shift }, { "sub4", f_sub4 }, { "fail", f_fail }, { "split", f_split },
  { "sum_diff", f_sum_diff }, { "one", f_one }, { "three_five", f_three_five }, { "none", f_none },
  { "none_and_inc", f_none_and_inc }, { "count_args", f_count_args }, { "to_none", f_to_none },
  { "sig_f", f_sig_f }, { "sig_g", f_sig_g },
  { "gt0", f_gt0 }, { "gt1", f_gt1 }, { "lt", f_lt }, { "ne_neg1", f_ne_neg1 },
  { "not_both_zero", f_not_both_zero }, { "always_true", f_always_true },
  { "always_false", f_always_false }, { "dom_fail", f_dom_fail },
  { "dict_b_truthy", f_dict_b_truthy }, { "dict_de_gt29", f_dict_de_gt29 },
  { "dict_true", f_dict_true }, { "dict_has_two", f_dict_has_two },
  { "mean_est", f_mean_est }, { "min_est", f_min_est }, { "sum_est", f_sum_est },
  { "items_est", f_items_est }, { "inv_first_est", f_inv_first_est },
  { "record", f_record }, { "callback_fail", f_callback_fail },
};

static GHashTable *functions;

SchedulaFunction *
conf_catalogue_lookup (const char *name)
{
  SchedulaFunction *f;

  if (functions == NULL)
    functions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  f = g_hash_table_lookup (functions, name);
  if (f != NULL)
    return f;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (g_str_equal (entries[i].name, name))
      {
        f = schedula_function_new (entries[i].name, entries[i].func, NULL, NULL);
        g_hash_table_insert (functions, (gpointer) entries[i].name, f);
        return f;
      }
  return NULL;
}

#if SCHEDULA_HAS_IO
/* Puts every function of the catalogue in @registry under its name: what a
 * model file saved from a model of the examples names (the runner's round
 * trips, area 7) */
void
conf_catalogue_register (SchedulaFunctionRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    schedula_function_registry_add (registry, NULL, conf_catalogue_lookup (entries[i].name));
}
#endif

SchedulaFunction *
conf_catalogue_create (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (g_str_equal (entries[i].name, name))
      return schedula_function_new (entries[i].name, entries[i].func, NULL, NULL);
  return NULL;
}

static gboolean
f_const (SchedulaCall *call, gpointer data, GError **error)
{
  return conf_set_result (call, data, error);
}

SchedulaFunction *
conf_const_function (const char   *name,
                     const GValue *value)
{
  GValue *v = g_new0 (GValue, 1);

  g_value_init (v, G_VALUE_TYPE (value));
  g_value_copy (value, v);
  return schedula_function_new (name, f_const, v, value_free);
}

SchedulaRaises
conf_raise_unless_value_or_key_error (const char   *node_id,
                                      const GError *error,
                                      gpointer      data)
{
  if (error->domain == CONF_ERROR && (error->code == CONF_VALUE_ERROR || error->code == CONF_KEY_ERROR))
    return SCHEDULA_RAISES_RECORD;
  return SCHEDULA_RAISES_RAISE;
}

gboolean
conf_catalogue_signature (const char         *name,
                          const char *const **params,
                          guint              *n_positional,
                          const GValue      **defaults)
{
  static GValue sig_f_defaults[2] = { G_VALUE_INIT, G_VALUE_INIT };

  if (!G_IS_VALUE (&sig_f_defaults[0]))
    {
      set_int (&sig_f_defaults[0], 3);
      set_int (&sig_f_defaults[1], 5);
    }
  if (g_strcmp0 (name, "sig_f") == 0)
    {
      /* def sig_f(a, b, c, d=3, m=5) */
      *params = sig_f_params;
      *n_positional = 3;
      *defaults = sig_f_defaults;
      return TRUE;
    }
  if (g_strcmp0 (name, "sum_diff") == 0)
    {
      /* def sum_diff(a, b) */
      *params = sum_diff_params;
      *n_positional = 2;
      *defaults = NULL;
      return TRUE;
    }
  if (g_strcmp0 (name, "sig_g") == 0)
    {
      /* def sig_g(a, b, c, *args, d=0) */
      *params = sig_g_params;
      *n_positional = 3;
      *defaults = NULL;
      return TRUE;
    }
  return FALSE;
}

GPtrArray *
conf_callback_log (void)
{
  return callback_log;
}

void
conf_catalogue_reset (void)
{
  g_clear_pointer (&callback_log, g_ptr_array_unref);
}

void
conf_catalogue_free (void)
{
  conf_catalogue_reset ();
  g_clear_pointer (&functions, g_hash_table_unref);
}
