/* schedula-sub-dispatch.c: dispatchers as functions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-sub-dispatch-private.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-call-private.h"
#include "schedula-function-private.h"
#include "schedula-dispatcher-private.h"
#include "schedula-model-ops-private.h"
#include "schedula-private.h"

/* Output selection (schedula's SubDispatch._return) */

/* Python's repr of a string, as schedula's messages show ids */
static void
append_repr (GString    *s,
             const char *id)
{
  g_string_append_c (s, '\'');
  for (const char *p = id; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return _schedula_id_compare (*(const char *const *) a, *(const char *const *) b);
}

/* schedula's "Unreachable output-targets" message: the missing ids as a set,
 * then the available ones as a list. */
char *
_schedula_unreachable_message (const char *const *missing,
                               const char *const *available)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GString *s = g_string_new ("\n  Unreachable output-targets: {");

  for (guint i = 0; missing[i] != NULL; i++)
    g_ptr_array_add (sorted, (gpointer) missing[i]);
  g_ptr_array_sort (sorted, compare_ids);
  for (guint i = 0; i < sorted->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      append_repr (s, sorted->pdata[i]);
    }
  g_string_append (s, "}\n  Available outputs: [");
  for (guint i = 0; available[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      append_repr (s, available[i]);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* Sequences are GValueArrays, which GLib deprecates without cleanup
 * functions: name our own. */
typedef GValueArray SchedulaSequence;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static GValueArray *
value_array_new (guint n)
{
  return g_value_array_new (n);
}

static void
sequence_free (SchedulaSequence *sequence)
{
  g_value_array_free (sequence);
}

G_GNUC_END_IGNORE_DEPRECATIONS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaSequence, sequence_free)

/* A result moved to the heap, for the functions that return one */
GValue *
_schedula_heap_value (GValue *result)
{
  GValue *value = g_new0 (GValue, 1);

  *value = *result;
  return value;
}

/* schedula_solution_select_outputs() into @result */
gboolean
_schedula_solution_select_outputs (SchedulaSolution   *solution,
                                   const char *const  *outputs,
                                   SchedulaOutputType  output_type,
                                   GValue             *result,
                                   GError            **error)
{
  static const char *const none[] = { NULL };
  guint n;

  if (output_type == SCHEDULA_OUTPUT_TYPE_ALL || output_type == SCHEDULA_OUTPUT_TYPE_DEFAULT)
    {
      g_value_init (result, SCHEDULA_TYPE_SOLUTION);
      g_value_set_object (result, solution);
      return TRUE;
    }

  if (outputs == NULL)
    outputs = none;
  n = g_strv_length ((char **) outputs);
  {
    g_autoptr(GPtrArray) missing = g_ptr_array_new ();

    for (guint i = 0; i < n; i++)
      if (!schedula_solution_contains (solution, outputs[i]))
        g_ptr_array_add (missing, (gpointer) outputs[i]);
    if (missing->len > 0)
      {
        g_auto(GStrv) available = schedula_solution_get_ids (solution);
        g_autofree char *message = NULL;

        g_ptr_array_add (missing, NULL);
        message = _schedula_unreachable_message ((const char *const *) missing->pdata,
                                                 (const char *const *) available);
        g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR,
                             SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS, message);
        return FALSE;
      }
  }

  if (output_type == SCHEDULA_OUTPUT_TYPE_DICT)
    {
      g_autoptr(SchedulaDict) dict = schedula_dict_new ();

      for (guint i = 0; i < n; i++)
        schedula_dict_insert (dict, outputs[i], schedula_solution_lookup (solution, outputs[i]));
      g_value_init (result, SCHEDULA_TYPE_DICT);
      g_value_take_boxed (result, g_steal_pointer (&dict));
      return TRUE;
    }
  if (output_type == SCHEDULA_OUTPUT_TYPE_VALUES && n == 1)
    {
      const GValue *v = schedula_solution_lookup (solution, outputs[0]);

      g_value_init (result, G_VALUE_TYPE (v));
      g_value_copy (v, result);
      return TRUE;
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GValueArray *list = value_array_new (n);

    for (guint i = 0; i < n; i++)
      g_value_array_append (list, schedula_solution_lookup (solution, outputs[i]));
    g_value_init (result, g_value_array_get_type ());
    g_value_take_boxed (result, list);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return TRUE;
}

/**
 * schedula_solution_select_outputs:
 * @solution: a #SchedulaSolution
 * @outputs: (array zero-terminated=1) (nullable): the ids of the outputs
 * @output_type: what to return
 * @error: return location for a #GError
 *
 * What a sub-dispatch wrapper returns from @solution, as schedula's
 * `SubDispatch` does: the solution itself (%SCHEDULA_OUTPUT_TYPE_ALL and
 * %SCHEDULA_OUTPUT_TYPE_DEFAULT), or the values of @outputs as a list, a
 * [struct@Dict] or the value of the only output. An output the solution
 * does not have fails with %SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS.
 *
 * Returns: (transfer full) (nullable): the result (free it with
 *   `g_boxed_free (G_TYPE_VALUE, value)`), or %NULL with @error set
 */
GValue *
schedula_solution_select_outputs (SchedulaSolution   *solution,
                                  const char *const  *outputs,
                                  SchedulaOutputType  output_type,
                                  GError            **error)
{
  GValue result = G_VALUE_INIT;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (solution), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_schedula_solution_select_outputs (solution, outputs, output_type, &result, error))
    return NULL;
  return _schedula_heap_value (&result);
}

/* Merges the mapping arguments of @call, later keys winning (schedula's
 * combine_dicts). */
static SchedulaDict *
merge_arguments (SchedulaCall  *call,
                 guint          first,
                 GError       **error)
{
  g_autoptr(SchedulaDict) merged = schedula_dict_new ();

  for (guint i = first; i < schedula_call_get_n_inputs (call); i++)
    {
      g_autoptr(SchedulaDict) dict = schedula_value_dup_dict (schedula_call_get_input (call, i), error);

      if (dict == NULL)
        {
          g_prefix_error (error, "argument %u: ", i + 1);
          return NULL;
        }
      for (guint k = 0; k < schedula_dict_get_size (dict); k++)
        schedula_dict_insert (merged, schedula_dict_get_key (dict, k), schedula_dict_get_value (dict, k));
    }
  return g_steal_pointer (&merged);
}

/* A dispatch input table over the values of @dict (not copied) */
static GHashTable *
inputs_of (SchedulaDict *dict)
{
  GHashTable *inputs = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    g_hash_table_insert (inputs, (gpointer) schedula_dict_get_key (dict, i),
                         (gpointer) schedula_dict_get_value (dict, i));
  return inputs;
}

/* The last solution of a wrapper (schedula's `.solution`) */
typedef struct
{
  GMutex            lock;
  SchedulaSolution *solution;
} LastSolution;

static void
last_solution_set (LastSolution     *last,
                   SchedulaSolution *solution)
{
  g_mutex_lock (&last->lock);
  g_set_object (&last->solution, solution);
  g_mutex_unlock (&last->lock);
}

static SchedulaSolution *
last_solution_dup (LastSolution *last)
{
  SchedulaSolution *solution;

  g_mutex_lock (&last->lock);
  solution = last->solution ? g_object_ref (last->solution) : NULL;
  g_mutex_unlock (&last->lock);
  return solution;
}

static void
last_solution_clear (LastSolution *last)
{
  g_clear_object (&last->solution);
  g_mutex_clear (&last->lock);
}

/* Attaches the solution of a dispatch of @dsp that returned @solution
 * (NULL: it failed, and the dispatcher keeps the partial one) to @call and
 * to @last. */
static void
attach_solution (SchedulaCall       *call,
                 LastSolution       *last,
                 SchedulaDispatcher *dsp,
                 SchedulaSolution   *solution)
{
  g_autoptr(SchedulaSolution) partial = solution ? NULL : schedula_dispatcher_get_solution (dsp);
  SchedulaSolution *sol = solution ? solution : partial;

  if (sol == NULL)
    return;
  if (call != NULL)
    schedula_call_set_solution (call, sol);
  last_solution_set (last, sol);
}

/* SubDispatch */

/**
 * SchedulaSubDispatch:
 *
 * A dispatcher as a function, as schedula's `SubDispatch`: called with
 * mappings ([struct@Dict]s, or the dicts of a binding), it merges them left
 * to right, dispatches its model with them as inputs and returns what its
 * [enum@OutputType] says. As the function of a function node, the solution
 * of the model becomes the node's solution in the workflow
 * ([method@Workflow.get_node_solution]), even when the call fails.
 *
 * |[<!-- language="C" -->
 * // A model as the function of a node: split(a) = (a + 1, a - 1) -> b, c, called with {a: 3}.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * split (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 a;
 *
 *   if (!schedula_call_get_int64 (call, 0, &a, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, a + 1);
 *   schedula_call_set_output_int64 (call, 1, a - 1);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("split");
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("parent");
 *   g_autoptr(SchedulaSubDispatch) sub = NULL;
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(GVariant) e = NULL;
 *   g_autofree char *text = NULL;
 *   g_autoptr(GError) error = NULL;
 *
 *   schedula_dispatcher_add_function_full (model, "split", split, NULL, NULL,
 *                                          SCHEDULA_IDS ("a"), SCHEDULA_IDS ("b", "c"), &error);
 *   g_assert_no_error (error);
 *
 *   // The node gets a mapping of inputs (d) and returns the dict of b and c (e).
 *   sub = schedula_sub_dispatch_new (model, SCHEDULA_IDS ("b", "c"), SCHEDULA_OUTPUT_TYPE_DICT, NULL);
 *   schedula_dispatcher_add_function (dsp, "run split", SCHEDULA_FUNCTION (sub),
 *                                     SCHEDULA_IDS ("d"), SCHEDULA_IDS ("e"), &error);
 *   g_assert_no_error (error);
 *
 *   sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'d': <{'a': <3>}>}"),
 *                                               NULL, NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   e = schedula_value_to_variant (schedula_solution_lookup (sol, "e"), &error);
 *   g_assert_no_error (error);
 *   text = g_variant_print (e, FALSE);
 *   g_assert_cmpstr (text, ==, "{'b': <int64 4>, 'c': <int64 2>}");
 *   return 0;
 * }
 * ]|
 */
struct _SchedulaSubDispatch
{
  SchedulaFunction         parent_instance;

  SchedulaDispatcher      *dsp;
  char                   **outputs;
  SchedulaOutputType       output_type;
  SchedulaDispatchOptions *options;
  LastSolution             last;
  gboolean                 for_dispatcher;  /* made by new_for_dispatcher() */
};

G_DEFINE_FINAL_TYPE (SchedulaSubDispatch, schedula_sub_dispatch, SCHEDULA_TYPE_FUNCTION)

/* The dispatch of a wrapper for @call (NULL: called outside a dispatch).
 * A call for a node is the current one of this thread while it runs, so
 * that the solution is named after the node (see
 * schedula_call_get_current()); a call made to call the wrapper (a
 * binding's, with no node) leaves the current one, whose node it serves. */
static SchedulaSolution *
dispatch_for_call (SchedulaCall            *call,
                   SchedulaDispatcher      *dsp,
                   GHashTable              *inputs,
                   char                   **outputs,
                   SchedulaDispatchOptions *options,
                   GError                 **error)
{
  gboolean for_node = call != NULL && call->node_id != NULL;
  SchedulaCall *outer = for_node ? _schedula_call_set_current (call) : NULL;
  SchedulaSolution *sol;

  sol = schedula_dispatcher_dispatch (dsp, inputs, (const char *const *) outputs, options,
                                      call != NULL ? schedula_call_get_cancellable (call) : NULL,
                                      error);
  if (for_node)
    _schedula_call_set_current (outer);
  return sol;
}

static gboolean
sub_dispatch_invoke (SchedulaFunction  *function,
                     SchedulaCall      *call,
                     GError           **error)
{
  SchedulaSubDispatch *self = SCHEDULA_SUB_DISPATCH (function);
  g_autoptr(SchedulaDict) merged = NULL;
  g_autoptr(GHashTable) inputs = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  GValue result = G_VALUE_INIT;

  merged = merge_arguments (call, 0, error);
  if (merged == NULL)
    return FALSE;
  inputs = inputs_of (merged);
  sol = dispatch_for_call (call, self->dsp, inputs, self->outputs, self->options, error);
  attach_solution (call, &self->last, self->dsp, sol);
  if (sol == NULL)
    return FALSE;
  if (!_schedula_solution_select_outputs (sol, (const char *const *) self->outputs,
                                          self->output_type, &result, error))
    return FALSE;
  return _schedula_call_take_result (call, schedula_function_get_name (function), &result, error);
}

static void
schedula_sub_dispatch_finalize (GObject *object)
{
  SchedulaSubDispatch *self = SCHEDULA_SUB_DISPATCH (object);

  g_clear_object (&self->dsp);
  g_strfreev (self->outputs);
  g_clear_object (&self->options);
  last_solution_clear (&self->last);

  G_OBJECT_CLASS (schedula_sub_dispatch_parent_class)->finalize (object);
}

static void
schedula_sub_dispatch_class_init (SchedulaSubDispatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_sub_dispatch_finalize;
  SCHEDULA_FUNCTION_CLASS (klass)->invoke = sub_dispatch_invoke;
}

static void
schedula_sub_dispatch_init (SchedulaSubDispatch *self)
{
  g_mutex_init (&self->last.lock);
}

/**
 * schedula_sub_dispatch_new:
 * @dsp: the model
 * @outputs: (array zero-terminated=1) (nullable): the outputs to dispatch
 *   for (and to return, but with %SCHEDULA_OUTPUT_TYPE_ALL)
 * @output_type: what a call returns; %SCHEDULA_OUTPUT_TYPE_DEFAULT is the
 *   whole solution, as schedula's default `'all'`
 * @options: (nullable): the other arguments of each dispatch
 *
 * Makes schedula's `SubDispatch(dsp, outputs, ..., output_type)`. Its name,
 * the automatic id of the nodes that use it, is the name of @dsp.
 *
 * Returns: (transfer full): a new #SchedulaSubDispatch
 */
SchedulaSubDispatch *
schedula_sub_dispatch_new (SchedulaDispatcher       *dsp,
                           const char *const        *outputs,
                           SchedulaOutputType        output_type,
                           SchedulaDispatchOptions  *options)
{
  SchedulaSubDispatch *self;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dsp), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);

  self = g_object_new (SCHEDULA_TYPE_SUB_DISPATCH, "name", schedula_dispatcher_get_name (dsp), NULL);
  self->dsp = g_object_ref (dsp);
  self->outputs = g_strdupv ((char **) outputs);
  self->output_type = output_type == SCHEDULA_OUTPUT_TYPE_DEFAULT ? SCHEDULA_OUTPUT_TYPE_ALL
                                                                  : output_type;
  self->options = options ? g_object_ref (options) : NULL;
  return self;
}

/**
 * schedula_sub_dispatch_new_for_dispatcher:
 * @dsp: the model
 *
 * A dispatcher used directly as a function, as schedula allows: called with
 * mappings of inputs, it dispatches @dsp and returns the solution.
 *
 * Returns: (transfer full): a new #SchedulaSubDispatch
 */
SchedulaSubDispatch *
schedula_sub_dispatch_new_for_dispatcher (SchedulaDispatcher *dsp)
{
  SchedulaSubDispatch *self = schedula_sub_dispatch_new (dsp, NULL, SCHEDULA_OUTPUT_TYPE_ALL, NULL);

  if (self != NULL)
    self->for_dispatcher = TRUE;
  return self;
}

/**
 * schedula_sub_dispatch_get_dispatcher:
 * @self: a #SchedulaSubDispatch
 *
 * Gets the model.
 *
 * Returns: (transfer none): the model
 */
SchedulaDispatcher *
schedula_sub_dispatch_get_dispatcher (SchedulaSubDispatch *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH (self), NULL);

  return self->dsp;
}

/**
 * schedula_sub_dispatch_get_outputs:
 * @self: a #SchedulaSubDispatch
 *
 * Gets the outputs.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the outputs
 */
const char *const *
schedula_sub_dispatch_get_outputs (SchedulaSubDispatch *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH (self), NULL);

  return (const char *const *) self->outputs;
}

/**
 * schedula_sub_dispatch_get_output_type:
 * @self: a #SchedulaSubDispatch
 *
 * Gets what a call returns.
 *
 * Returns: the output type
 */
SchedulaOutputType
schedula_sub_dispatch_get_output_type (SchedulaSubDispatch *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH (self), SCHEDULA_OUTPUT_TYPE_ALL);

  return self->output_type;
}

/**
 * schedula_sub_dispatch_dup_solution:
 * @self: a #SchedulaSubDispatch
 *
 * Gets the solution of the last call (schedula's `solution` attribute).
 *
 * Returns: (transfer full) (nullable): the solution, or %NULL before the
 *   first call
 */
SchedulaSolution *
schedula_sub_dispatch_dup_solution (SchedulaSubDispatch *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH (self), NULL);

  return last_solution_dup (&self->last);
}

/* SubDispatchFunction */

/**
 * SchedulaSubDispatchFunction:
 *
 * A model as a function of fixed inputs and outputs, as schedula's
 * `SubDispatchFunction`: positional arguments are the values of its inputs,
 * in order; the model (by default shrunk to what the outputs need) is
 * dispatched with them and the result is what its [enum@OutputType] says.
 * [method@Function.call_full] takes keyword arguments too.
 *
 * |[<!-- language="C" -->
 * // A model as a function of fixed inputs: f(a, b) = c, with c = a + b and b = 10 by default.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * add (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 a, b;
 *
 *   if (!schedula_call_get_int64 (call, 0, &a, error) ||
 *       !schedula_call_get_int64 (call, 1, &b, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, a + b);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("adder");
 *   g_autoptr(SchedulaSubDispatchFunction) f = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) ten = G_VALUE_INIT;
 *   GValue args[2] = { G_VALUE_INIT, G_VALUE_INIT };
 *   GValue *c;
 *
 *   g_value_set_int64 (g_value_init (&ten, G_TYPE_INT64), 10);
 *   schedula_dispatcher_add_data (model, "b", &ten, &error);
 *   g_assert_no_error (error);
 *   schedula_dispatcher_add_function_full (model, "add", add, NULL, NULL,
 *                                          SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"), &error);
 *   g_assert_no_error (error);
 *
 *   f = schedula_sub_dispatch_function_new (model, "f", SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"),
 *                                           SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
 *   g_assert_no_error (error);
 *
 *   // f(1, 2) = 3; f(1) = 11, b from its default
 *   g_value_set_int64 (g_value_init (&args[0], G_TYPE_INT64), 1);
 *   g_value_set_int64 (g_value_init (&args[1], G_TYPE_INT64), 2);
 *   c = schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 2, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpint (g_value_get_int64 (c), ==, 3);
 *   g_boxed_free (G_TYPE_VALUE, c);
 *
 *   c = schedula_function_call_full (SCHEDULA_FUNCTION (f), args, 1, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpint (g_value_get_int64 (c), ==, 11);
 *   g_boxed_free (G_TYPE_VALUE, c);
 *
 *   g_value_unset (&args[0]);
 *   g_value_unset (&args[1]);
 *   return 0;
 * }
 * ]|
 */
struct _SchedulaSubDispatchFunction
{
  SchedulaFunction         parent_instance;

  SchedulaDispatcher      *dsp;
  char                   **inputs;
  char                   **outputs;
  SchedulaOutputType       output_type;
  SchedulaDispatchOptions *options;
  LastSolution             last;
};

G_DEFINE_FINAL_TYPE (SchedulaSubDispatchFunction, schedula_sub_dispatch_function, SCHEDULA_TYPE_FUNCTION)

/* schedula's TypeError for an argument: @what, then the id as Python
 * shows it */
static void
set_bad_arguments (GError     **error,
                   const char  *what,
                   const char  *id)
{
  GString *s = g_string_new (what);

  append_repr (s, id);
  g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS, s->str);
  g_string_free (s, TRUE);
}

/* schedula's SubDispatchFunction._parse_inputs: the inputs a call gives,
 * by id (values not copied). @var_keyword: extra keywords are more inputs;
 * else they are an error. */
GHashTable *
_schedula_bind_arguments (const char                  *name,
                          SchedulaDispatcher          *dsp,
                          const char *const           *inputs,
                          const GValue                *args,
                          guint                        n_args,
                          SchedulaDict                *kwargs,
                          gboolean                     var_keyword,
                          GError                     **error)
{
  g_autoptr(GHashTable) bound = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_inputs = inputs ? g_strv_length ((char **) inputs) : 0;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();

  for (guint i = 0; i < n_inputs; i++)
    {
      const char *k = inputs[i];

      g_hash_table_add (names, (gpointer) k);

      if (i < n_args)
        {
          if (kwargs != NULL && schedula_dict_contains (kwargs, k))
            {
              set_bad_arguments (error, "multiple values for argument ", k);
              return NULL;
            }
          g_hash_table_insert (bound, (gpointer) k, (gpointer) &args[i]);
        }
      else if (kwargs != NULL && schedula_dict_contains (kwargs, k))
        g_hash_table_insert (bound, (gpointer) k, (gpointer) schedula_dict_lookup (kwargs, k));
      else
        {
          SchedulaNode *node = schedula_dispatcher_lookup_node (dsp, k);

          if (node == NULL || !SCHEDULA_IS_DATA_NODE (node) ||
              !schedula_data_node_has_default_value (SCHEDULA_DATA_NODE (node)))
            {
              set_bad_arguments (error, "missing a required argument: ", k);
              return NULL;
            }
          /* the model's default: the dispatch adds it */
        }
    }
  /* an input declared twice takes one argument's place: the last wins,
   * and the positional arguments may not outnumber the names */
  if (n_args > g_hash_table_size (names))
    {
      g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                           "too many positional arguments");
      return NULL;
    }
  /* SubDispatchFunction checks every input a call gives, the declared ones
   * too, against the data nodes of its (shrunk) model: one the shrink
   * dropped, as no output needs it, is unexpected (schedula's __call__) */
  for (guint i = 0; var_keyword && i < n_inputs; i++)
    if (g_hash_table_contains (bound, inputs[i]))
      {
        SchedulaNode *node = schedula_dispatcher_lookup_node (dsp, inputs[i]);

        if (node == NULL || !SCHEDULA_IS_DATA_NODE (node))
          g_ptr_array_add (unknown, (gpointer) inputs[i]);
      }
  for (guint i = 0; kwargs != NULL && i < schedula_dict_get_size (kwargs); i++)
    {
      const char *k = schedula_dict_get_key (kwargs, i);
      SchedulaNode *node;

      if (g_strv_contains (inputs ? inputs : (const char *const[]) { NULL }, k))
        continue;
      node = schedula_dispatcher_lookup_node (dsp, k);
      if (!var_keyword || node == NULL || !SCHEDULA_IS_DATA_NODE (node))
        g_ptr_array_add (unknown, (gpointer) k);
      else
        g_hash_table_insert (bound, (gpointer) k, (gpointer) schedula_dict_get_value (kwargs, i));
    }
  if (unknown->len > 0)
    {
      GString *s = g_string_new (NULL);

      g_ptr_array_sort (unknown, compare_ids);
      append_repr (s, unknown->pdata[0]);
      if (var_keyword)
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                     "%s() got an unexpected keyword argument %s", name, s->str);
      else
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                     "got an unexpected keyword argument %s", s->str);
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_steal_pointer (&bound);
}

/* What SubDispatchFunction and the pipes do at construction: shrink the
 * model to what the outputs need (a pipe as schedula's SubDispatchPipe
 * does: see _schedula_dispatcher_pipe_model ()) and check they are in it. */
SchedulaDispatcher *
_schedula_function_model (SchedulaDispatcher       *dsp,
                          const char               *function_id,
                          const char *const        *inputs,
                          const char *const        *outputs,
                          SchedulaDispatchOptions  *options,
                          gboolean                  shrink,
                          gboolean                  pipe,
                          GError                  **error)
{
  g_autoptr(SchedulaDispatcher) model = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  const char *name;

  if (shrink)
    {
      model = pipe ? _schedula_dispatcher_pipe_model (dsp, inputs, outputs, options, error)
                   : schedula_dispatcher_shrink (dsp, inputs, outputs, options, error);
      if (model == NULL)
        return NULL;
    }
  else
    model = g_object_ref (dsp);

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (schedula_dispatcher_lookup_node (model, outputs[i]) == NULL)
      g_ptr_array_add (missing, (gpointer) outputs[i]);
  if (missing->len > 0)
    {
      g_autoptr(GPtrArray) available = g_ptr_array_new ();
      g_autofree char *message = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
        {
          g_autoptr(SchedulaNode) node = g_list_model_get_item (G_LIST_MODEL (model), i);

          if (SCHEDULA_IS_DATA_NODE (node))
            g_ptr_array_add (available, (gpointer) schedula_node_get_id (node));
        }
      g_ptr_array_add (missing, NULL);
      g_ptr_array_add (available, NULL);
      message = _schedula_unreachable_message ((const char *const *) missing->pdata,
                                               (const char *const *) available->pdata);
      g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR,
                           SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS, message);
      return NULL;
    }

  /* schedula names the model after the function; a model that is not a
   * copy stays as it is. */
  name = function_id ? function_id : schedula_dispatcher_get_name (dsp);
  if (name == NULL || name[0] == '\0')
    name = "fun";
  if (shrink)
    schedula_dispatcher_set_name (model, name);
  return g_steal_pointer (&model);
}

SchedulaOutputType
_schedula_function_output_type (SchedulaOutputType  output_type,
                                const char *const  *outputs)
{
  if (output_type != SCHEDULA_OUTPUT_TYPE_DEFAULT)
    return output_type;
  if (outputs == NULL)
    return SCHEDULA_OUTPUT_TYPE_ALL;
  return g_strv_length ((char **) outputs) == 1 ? SCHEDULA_OUTPUT_TYPE_VALUES
                                                 : SCHEDULA_OUTPUT_TYPE_LIST;
}

static gboolean
sub_dispatch_function_invoke (SchedulaFunction  *function,
                              SchedulaCall      *call,
                              GError           **error)
{
  SchedulaSubDispatchFunction *self = SCHEDULA_SUB_DISPATCH_FUNCTION (function);
  guint n = schedula_call_get_n_inputs (call);
  g_autofree GValue *args = g_new0 (GValue, MAX (n, 1));
  GValue result = G_VALUE_INIT;
  gboolean ok;

  /* the inputs are lent for the call */
  for (guint i = 0; i < n; i++)
    args[i] = *schedula_call_get_input (call, i);
  ok = _schedula_sub_dispatch_function_run (self, call, args, n, call->keywords, &result, error);
  return ok && _schedula_call_take_result (call, schedula_function_get_name (function), &result, error);
}

gboolean
_schedula_sub_dispatch_function_run (SchedulaSubDispatchFunction  *self,
                                     SchedulaCall                 *call,
                                     const GValue                 *args,
                                     guint                         n_args,
                                     SchedulaDict                 *kwargs,
                                     GValue                       *result,
                                     GError                      **error)
{
  g_autoptr(GHashTable) inputs = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;

  inputs = _schedula_bind_arguments (schedula_function_get_name (SCHEDULA_FUNCTION (self)),
                                     self->dsp, (const char *const *) self->inputs,
                                     args, n_args, kwargs, TRUE, error);
  if (inputs == NULL)
    return FALSE;
  sol = dispatch_for_call (call, self->dsp, inputs, self->outputs, self->options, error);
  attach_solution (call, &self->last, self->dsp, sol);
  if (sol == NULL)
    return FALSE;
  return _schedula_solution_select_outputs (sol, (const char *const *) self->outputs,
                                            self->output_type, result, error);
}

static void
schedula_sub_dispatch_function_finalize (GObject *object)
{
  SchedulaSubDispatchFunction *self = SCHEDULA_SUB_DISPATCH_FUNCTION (object);

  g_clear_object (&self->dsp);
  g_strfreev (self->inputs);
  g_strfreev (self->outputs);
  g_clear_object (&self->options);
  last_solution_clear (&self->last);

  G_OBJECT_CLASS (schedula_sub_dispatch_function_parent_class)->finalize (object);
}

static void
schedula_sub_dispatch_function_class_init (SchedulaSubDispatchFunctionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_sub_dispatch_function_finalize;
  SCHEDULA_FUNCTION_CLASS (klass)->invoke = sub_dispatch_function_invoke;
  _schedula_function_class_take_keywords (SCHEDULA_FUNCTION_CLASS (klass));
}

static void
schedula_sub_dispatch_function_init (SchedulaSubDispatchFunction *self)
{
  g_mutex_init (&self->last.lock);
}

/* The options of a function wrapper: @options, or schedula's defaults for
 * it (wildcard, and shrinking at construction); the outputs of its calls do
 * not reduce its model (see _schedula_dispatch_options_set_no_reduction ()). */
SchedulaDispatchOptions *
_schedula_function_options (SchedulaDispatchOptions *options,
                            gboolean                *shrink)
{
  SchedulaDispatchOptions *copy = schedula_dispatch_options_new ();

  _schedula_dispatch_options_set_no_reduction (copy, TRUE);
  if (options == NULL)
    {
      schedula_dispatch_options_set_wildcard (copy, SCHEDULA_WILDCARD_ON);
      *shrink = TRUE;
      return copy;
    }
  *shrink = schedula_dispatch_options_get_shrink (options);
  schedula_dispatch_options_set_wildcard (copy, schedula_dispatch_options_get_wildcard (options));
  schedula_dispatch_options_set_rm_unused_nodes (copy, schedula_dispatch_options_get_rm_unused_nodes (options));
  schedula_dispatch_options_set_verbose (copy, schedula_dispatch_options_get_verbose (options));
  schedula_dispatch_options_set_executor (copy, schedula_dispatch_options_get_executor (options));
  {
    g_auto(GStrv) ids = schedula_dispatch_options_dup_input_dist_ids (options);

    for (guint i = 0; ids[i] != NULL; i++)
      schedula_dispatch_options_set_input_dist (copy, ids[i],
                                                schedula_dispatch_options_get_input_dist (options, ids[i]));
  }
  return copy;
}

/**
 * schedula_sub_dispatch_function_new:
 * @dsp: the model
 * @function_id: (nullable): the name of the function (and of its model);
 *   %NULL for the name of @dsp, or `fun`
 * @inputs: (array zero-terminated=1) (nullable): the inputs, in the order
 *   of the positional arguments
 * @outputs: (array zero-terminated=1) (nullable): the outputs
 * @output_type: what a call returns; %SCHEDULA_OUTPUT_TYPE_DEFAULT is the
 *   solution without outputs, the value for one output, else the list
 * @options: (nullable): the dispatch options; %NULL is schedula's defaults
 *   for this wrapper: the wildcard, and the model shrunk to @inputs and
 *   @outputs. With @options, its [property@DispatchOptions:shrink],
 *   [property@DispatchOptions:wildcard] and input distances are used.
 * @error: return location for a #GError
 *
 * Makes schedula's `SubDispatchFunction(dsp, function_id, inputs, outputs,
 * ...)`. An output the (shrunk) model does not have fails with
 * %SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS. The model is shrunk once,
 * here. A call dispatches that model as schedula's solution does: @outputs
 * stop the search, but do not reduce the model to their ancestors (as a
 * targeted schedula_dispatcher_dispatch() does). Every input a call gives,
 * a declared one too, must be a data node of the model, else the call fails
 * with %SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS (`F() got an unexpected
 * keyword argument 'b'`): an input that no output needs is not in the
 * shrunk model.
 *
 * Returns: (transfer full): a new #SchedulaSubDispatchFunction, or %NULL
 *   with @error set
 */
SchedulaSubDispatchFunction *
schedula_sub_dispatch_function_new (SchedulaDispatcher       *dsp,
                                    const char               *function_id,
                                    const char *const        *inputs,
                                    const char *const        *outputs,
                                    SchedulaOutputType        output_type,
                                    SchedulaDispatchOptions  *options,
                                    GError                  **error)
{
  g_autoptr(SchedulaDispatchOptions) opts = NULL;
  g_autoptr(SchedulaDispatcher) model = NULL;
  SchedulaSubDispatchFunction *self;
  gboolean shrink;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dsp), NULL);
  g_return_val_if_fail (options == NULL || SCHEDULA_IS_DISPATCH_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  opts = _schedula_function_options (options, &shrink);
  model = _schedula_function_model (dsp, function_id, inputs, outputs, opts, shrink, FALSE, error);
  if (model == NULL)
    return NULL;

  self = g_object_new (SCHEDULA_TYPE_SUB_DISPATCH_FUNCTION, "name",
                       function_id ? function_id : schedula_dispatcher_get_name (model), NULL);
  self->dsp = g_steal_pointer (&model);
  self->inputs = g_strdupv ((char **) inputs);
  self->outputs = g_strdupv ((char **) outputs);
  self->output_type = _schedula_function_output_type (output_type, outputs);
  /* an input that is an output is a wildcard when declared, as schedula
   * sets its wildcards when it makes the function */
  _schedula_dispatch_options_set_wildcard_ids (opts, inputs);
  self->options = g_steal_pointer (&opts);
  return self;
}

/**
 * schedula_sub_dispatch_function_get_dispatcher:
 * @self: a #SchedulaSubDispatchFunction
 *
 * Gets the model the function dispatches (shrunk, unless told otherwise).
 *
 * Returns: (transfer none): the model
 */
SchedulaDispatcher *
schedula_sub_dispatch_function_get_dispatcher (SchedulaSubDispatchFunction *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (self), NULL);

  return self->dsp;
}

/**
 * schedula_sub_dispatch_function_get_inputs:
 * @self: a #SchedulaSubDispatchFunction
 *
 * Gets the inputs, in the order of the positional arguments.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the inputs
 */
const char *const *
schedula_sub_dispatch_function_get_inputs (SchedulaSubDispatchFunction *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (self), NULL);

  return (const char *const *) self->inputs;
}

/**
 * schedula_sub_dispatch_function_get_outputs:
 * @self: a #SchedulaSubDispatchFunction
 *
 * Gets the outputs.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the outputs
 */
const char *const *
schedula_sub_dispatch_function_get_outputs (SchedulaSubDispatchFunction *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (self), NULL);

  return (const char *const *) self->outputs;
}

/**
 * schedula_sub_dispatch_function_dup_solution:
 * @self: a #SchedulaSubDispatchFunction
 *
 * Gets the solution of the last call (schedula's `solution` attribute).
 *
 * Returns: (transfer full) (nullable): the solution, or %NULL before the
 *   first call
 */
SchedulaSolution *
schedula_sub_dispatch_function_dup_solution (SchedulaSubDispatchFunction *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (self), NULL);

  return last_solution_dup (&self->last);
}

/* MapDispatch */

/**
 * SchedulaMapDispatch:
 *
 * One model over many input sets, as schedula's `MapDispatch`: called with
 * a sequence of mappings (and optionally a mapping of defaults), it runs a
 * [class@SubDispatch] of the model on each, every input set merged over the
 * defaults, and returns the list of the results. With recursive inputs,
 * the selected outputs of each run (renamed through the mapping) are
 * merged under the inputs of the next.
 *
 * |[<!-- language="C" -->
 * // One model over many input sets: c = a + b for [{a: 1, b: 2}, {a: 3, b: 4}].
 * #include <schedula-glib.h>
 *
 * static gboolean
 * add (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 a, b;
 *
 *   if (!schedula_call_get_int64 (call, 0, &a, error) ||
 *       !schedula_call_get_int64 (call, 1, &b, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, a + b);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new ("adder");
 *   g_autoptr(SchedulaMapDispatch) map = NULL;
 *   g_autoptr(GVariant) cs = NULL;
 *   g_autofree char *text = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) sets = G_VALUE_INIT;
 *   GValue *results;
 *
 *   schedula_dispatcher_add_function_full (model, "add", add, NULL, NULL,
 *                                          SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"), &error);
 *   g_assert_no_error (error);
 *   map = schedula_map_dispatch_new (model, NULL, NULL, SCHEDULA_IDS ("c"), SCHEDULA_OUTPUT_TYPE_VALUES);
 *
 *   // The input sets: a sequence of mappings
 *   schedula_value_from_variant (g_variant_new_parsed ("[{'a': <1>, 'b': <2>}, {'a': <3>, 'b': <4>}]"),
 *                                &sets, &error);
 *   g_assert_no_error (error);
 *   results = schedula_function_call_full (SCHEDULA_FUNCTION (map), &sets, 1, NULL, &error);
 *   g_assert_no_error (error);
 *
 *   cs = schedula_value_to_variant (results, &error);
 *   g_assert_no_error (error);
 *   text = g_variant_print (cs, FALSE);
 *   g_assert_cmpstr (text, ==, "[<int64 3>, <int64 7>]");
 *   g_boxed_free (G_TYPE_VALUE, results);
 *   return 0;
 * }
 * ]|
 */
struct _SchedulaMapDispatch
{
  SchedulaFunction     parent_instance;

  SchedulaSubDispatch *run;
  SchedulaDict        *defaults;
  SchedulaMapping     *recursive;
};

G_DEFINE_FINAL_TYPE (SchedulaMapDispatch, schedula_map_dispatch, SCHEDULA_TYPE_FUNCTION)

/* schedula's MapDispatch.recursive_data: the outputs of the previous run
 * that the recursive mapping selects, renamed, under @inputs. */
static SchedulaDict *
recursive_data (SchedulaMapping  *recursive,
                SchedulaDict     *inputs,
                const GValue     *previous,
                GError          **error)
{
  g_autoptr(SchedulaDict) data = schedula_dict_new ();
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(SchedulaDict) dict = NULL;

  if (G_VALUE_HOLDS (previous, SCHEDULA_TYPE_SOLUTION))
    sol = g_value_dup_object (previous);
  else if ((dict = schedula_value_dup_dict (previous, error)) == NULL)
    return NULL;
  for (guint i = 0; i < schedula_mapping_get_n_keys (recursive); i++)
    {
      const char *key = schedula_mapping_get_key (recursive, i);
      const GValue *v = sol ? schedula_solution_lookup (sol, key) : schedula_dict_lookup (dict, key);

      if (v != NULL)
        schedula_dict_insert (data, schedula_mapping_get_values (recursive, i)[0], v);
    }
  for (guint i = 0; i < schedula_dict_get_size (inputs); i++)
    schedula_dict_insert (data, schedula_dict_get_key (inputs, i), schedula_dict_get_value (inputs, i));
  return g_steal_pointer (&data);
}

static gboolean
map_dispatch_invoke (SchedulaFunction  *function,
                     SchedulaCall      *call,
                     GError           **error)
{
  SchedulaMapDispatch *self = SCHEDULA_MAP_DISPATCH (function);
  g_autoptr(SchedulaSequence) items = NULL;
  g_autoptr(SchedulaSequence) results = NULL;
  g_autoptr(SchedulaDict) defaults = schedula_dict_new ();
  g_autoptr(SchedulaCall) run = schedula_call_new ();
  guint n_args = schedula_call_get_n_inputs (call);
  GValue result = G_VALUE_INIT;

  if (n_args < 1 || n_args > 2)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                   "%s() takes the input sets and optionally the defaults, not %u arguments",
                   schedula_function_get_name (function), n_args);
      return FALSE;
    }
  items = schedula_value_dup_sequence (schedula_call_get_input (call, 0), error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; self->defaults != NULL && i < schedula_dict_get_size (self->defaults); i++)
    schedula_dict_insert (defaults, schedula_dict_get_key (self->defaults, i),
                          schedula_dict_get_value (self->defaults, i));
  if (n_args == 2)
    {
      g_autoptr(SchedulaDict) more = schedula_value_dup_dict (schedula_call_get_input (call, 1), error);

      if (more == NULL)
        return FALSE;
      for (guint i = 0; i < schedula_dict_get_size (more); i++)
        schedula_dict_insert (defaults, schedula_dict_get_key (more, i), schedula_dict_get_value (more, i));
    }

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  results = value_array_new (items->n_values);
  for (guint i = 0; i < items->n_values; i++)
    {
      g_autoptr(SchedulaDict) item = schedula_value_dup_dict (&items->values[i], error);
      g_autoptr(SchedulaDict) inputs = NULL;
      GValue arg = G_VALUE_INIT;

      if (item == NULL)
        {
          g_prefix_error (error, "input set %u: ", i + 1);
          return FALSE;
        }
      inputs = schedula_dict_new ();
      for (guint k = 0; k < schedula_dict_get_size (defaults); k++)
        schedula_dict_insert (inputs, schedula_dict_get_key (defaults, k), schedula_dict_get_value (defaults, k));
      for (guint k = 0; k < schedula_dict_get_size (item); k++)
        schedula_dict_insert (inputs, schedula_dict_get_key (item, k), schedula_dict_get_value (item, k));
      if (self->recursive != NULL && i > 0)
        {
          SchedulaDict *merged = recursive_data (self->recursive, inputs, &results->values[i - 1], error);

          if (merged == NULL)
            return FALSE;
          schedula_dict_unref (inputs);
          inputs = merged;
        }
      g_value_init (&arg, SCHEDULA_TYPE_DICT);
      g_value_take_boxed (&arg, g_steal_pointer (&inputs));
      schedula_call_set_inputs (run, &arg, 1, 1, NULL);  /* one set value */
      g_value_unset (&arg);
      if (!schedula_function_invoke (SCHEDULA_FUNCTION (self->run), run, error))
        {
          g_prefix_error (error, "input set %u: ", i + 1);
          return FALSE;
        }
      g_value_array_append (results, schedula_call_get_output (run, 0));
    }
  g_value_init (&result, g_value_array_get_type ());
  g_value_take_boxed (&result, g_steal_pointer (&results));
  G_GNUC_END_IGNORE_DEPRECATIONS
  return _schedula_call_take_result (call, schedula_function_get_name (function), &result, error);
}

static void
schedula_map_dispatch_finalize (GObject *object)
{
  SchedulaMapDispatch *self = SCHEDULA_MAP_DISPATCH (object);

  g_clear_object (&self->run);
  g_clear_pointer (&self->defaults, schedula_dict_unref);
  g_clear_pointer (&self->recursive, schedula_mapping_unref);

  G_OBJECT_CLASS (schedula_map_dispatch_parent_class)->finalize (object);
}

static void
schedula_map_dispatch_class_init (SchedulaMapDispatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_map_dispatch_finalize;
  SCHEDULA_FUNCTION_CLASS (klass)->invoke = map_dispatch_invoke;
}

static void
schedula_map_dispatch_init (SchedulaMapDispatch *self)
{
}

/**
 * schedula_map_dispatch_new:
 * @dsp: the model
 * @defaults: (nullable): inputs every input set is merged over
 * @recursive_inputs: (nullable): output id of a run -> input id of the next
 *   (schedula's list form maps each id to itself)
 * @outputs: (array zero-terminated=1) (nullable): the outputs of each run
 * @output_type: what each run returns (see [ctor@SubDispatch.new])
 *
 * Makes schedula's `MapDispatch(dsp, defaults, recursive_inputs,
 * constructor_kwargs={'outputs': outputs, 'output_type': output_type})`.
 * A call takes a sequence of mappings (the input sets) and optionally a
 * mapping of more defaults, and returns the sequence of the results.
 *
 * Returns: (transfer full): a new #SchedulaMapDispatch
 */
SchedulaMapDispatch *
schedula_map_dispatch_new (SchedulaDispatcher *dsp,
                           SchedulaDict       *defaults,
                           SchedulaMapping    *recursive_inputs,
                           const char *const  *outputs,
                           SchedulaOutputType  output_type)
{
  SchedulaMapDispatch *self;

  g_return_val_if_fail (_SCHEDULA_OUTPUT_TYPE_VALID (output_type), NULL);
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dsp), NULL);

  self = g_object_new (SCHEDULA_TYPE_MAP_DISPATCH, "name", schedula_dispatcher_get_name (dsp), NULL);
  self->run = schedula_sub_dispatch_new (dsp, outputs, output_type, NULL);
  self->defaults = defaults ? schedula_dict_ref (defaults) : NULL;
  self->recursive = recursive_inputs ? schedula_mapping_ref (recursive_inputs) : NULL;
  return self;
}

/* run_model */

static gboolean
run_model (SchedulaCall  *call,
           gpointer       user_data,
           GError       **error)
{
  guint n = schedula_call_get_n_inputs (call);
  const GValue *first;
  GValue result = G_VALUE_INIT;

  if (n < 1)
    {
      g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                           "run_model needs the model to run as its first argument");
      return FALSE;
    }
  first = schedula_call_get_input (call, 0);

  if (G_VALUE_HOLDS (first, SCHEDULA_TYPE_DISPATCHER))
    {
      /* a dispatcher called with its inputs: dsp(inputs) */
      SchedulaDispatcher *dsp = g_value_get_object (first);
      g_autoptr(SchedulaDict) inputs = n > 1 ? schedula_value_dup_dict (schedula_call_get_input (call, 1), error)
                                             : schedula_dict_new ();
      g_autoptr(GHashTable) table = NULL;
      g_autoptr(SchedulaSolution) sol = NULL;

      if (inputs == NULL)
        return FALSE;
      table = inputs_of (inputs);
      sol = schedula_dispatcher_dispatch (dsp, table, NULL, NULL, schedula_call_get_cancellable (call), error);
      if (sol == NULL)
        {
          g_autoptr(SchedulaSolution) partial = schedula_dispatcher_get_solution (dsp);

          schedula_call_set_solution (call, partial);
          return FALSE;
        }
      schedula_call_set_solution (call, sol);
      g_value_init (&result, SCHEDULA_TYPE_SOLUTION);
      g_value_set_object (&result, sol);
      return _schedula_call_take_result (call, "run_model", &result, error);
    }

  if (G_VALUE_HOLDS (first, SCHEDULA_TYPE_FUNCTION))
    {
      SchedulaFunction *f = g_value_get_object (first);
      g_autoptr(SchedulaCall) inner = schedula_call_new ();
      const GValue *output;
      gboolean ok;

      /* the rest of the arguments, lent */
      _schedula_call_prepare (inner, schedula_call_get_node_id (call), call->inputs + 1, NULL,
                              n - 1, 1);
      inner->caller_sol = call->caller_sol;
      g_set_object (&inner->cancellable, schedula_call_get_cancellable (call));
      ok = schedula_function_invoke (f, inner, error);
      schedula_call_set_solution (call, schedula_call_get_solution (inner));
      if (!ok)
        return FALSE;
      output = schedula_call_get_output (inner, 0);
      if (output == NULL)
        return TRUE;
      g_value_init (&result, G_VALUE_TYPE (output));
      g_value_copy (output, &result);
      return _schedula_call_take_result (call, "run_model", &result, error);
    }

  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
               "run_model cannot run a value of type %s", G_VALUE_TYPE_NAME (first));
  return FALSE;
}

/**
 * schedula_run_model_new:
 *
 * Makes schedula's `run_model` as a node function: its first argument is
 * the model to run, a [class@Dispatcher] (called with the mapping of inputs
 * that comes second: the result is its solution) or a [class@Function] (a
 * [class@SubDispatch], for instance, called with the other arguments). The
 * solution of the model becomes the node's solution in the workflow.
 *
 * Returns: (transfer full): a new #SchedulaFunction named `run_model`
 */
SchedulaFunction *
schedula_run_model_new (void)
{
  return schedula_function_new ("run_model", run_model, NULL, NULL);
}

/* What the wrappers were made with (for the model files) */

SchedulaDispatchOptions *
_schedula_sub_dispatch_get_options (SchedulaSubDispatch *self)
{
  return self->options;
}

SchedulaOutputType
_schedula_sub_dispatch_function_get_output_type (SchedulaSubDispatchFunction *self)
{
  return self->output_type;
}

SchedulaDispatchOptions *
_schedula_sub_dispatch_function_get_options (SchedulaSubDispatchFunction *self)
{
  return self->options;
}

SchedulaSubDispatch *
_schedula_map_dispatch_get_run (SchedulaMapDispatch *self)
{
  return self->run;
}

SchedulaDict *
_schedula_map_dispatch_get_defaults (SchedulaMapDispatch *self)
{
  return self->defaults;
}

SchedulaMapping *
_schedula_map_dispatch_get_recursive_inputs (SchedulaMapDispatch *self)
{
  return self->recursive;
}

gboolean
_schedula_function_is_run_model (SchedulaFunction *function)
{
  SchedulaFunc func;
  gpointer data;

  return G_TYPE_FROM_INSTANCE (function) == SCHEDULA_TYPE_FUNCTION &&
         _schedula_function_get_direct (function, &func, &data) && func == run_model;
}

/* Whether the wrapper is a dispatcher used as a function (plots draw it as
 * schedula draws a Dispatcher, not a SubDispatch) */
gboolean
_schedula_sub_dispatch_is_dispatcher (SchedulaSubDispatch *self)
{
  return self->for_dispatcher;
}

/**
 * schedula_function_get_wrapped_dispatcher:
 * @function: a #SchedulaFunction
 *
 * Gets the model a function wrapper dispatches: that of a
 * [class@SubDispatch], a [class@SubDispatchFunction], a
 * [class@SubDispatchPipe], a [class@DispatchPipe] or a [class@MapDispatch]
 * (what model files write with the wrapper, plots draw as its page and the
 * web server exposes under its path).
 *
 * Returns: (transfer none) (nullable): the model, or %NULL when @function
 *   is not a wrapper
 */
SchedulaDispatcher *
schedula_function_get_wrapped_dispatcher (SchedulaFunction *function)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (function), NULL);

  if (SCHEDULA_IS_SUB_DISPATCH (function))
    return schedula_sub_dispatch_get_dispatcher (SCHEDULA_SUB_DISPATCH (function));
  if (SCHEDULA_IS_SUB_DISPATCH_FUNCTION (function))
    return schedula_sub_dispatch_function_get_dispatcher (SCHEDULA_SUB_DISPATCH_FUNCTION (function));
  if (SCHEDULA_IS_SUB_DISPATCH_PIPE (function))
    return schedula_pipe_get_dispatcher (schedula_sub_dispatch_pipe_get_pipe (SCHEDULA_SUB_DISPATCH_PIPE (function)));
  if (SCHEDULA_IS_DISPATCH_PIPE (function))
    return schedula_pipe_get_dispatcher (schedula_dispatch_pipe_get_pipe (SCHEDULA_DISPATCH_PIPE (function)));
  if (SCHEDULA_IS_MAP_DISPATCH (function))
    return schedula_sub_dispatch_get_dispatcher (_schedula_map_dispatch_get_run (SCHEDULA_MAP_DISPATCH (function)));
  return NULL;
}
