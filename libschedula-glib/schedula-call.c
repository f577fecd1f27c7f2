/* schedula-call.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>

#include "schedula-call-private.h"
#include "schedula-solution.h"
#include "schedula-private.h"

/**
 * SchedulaCall:
 *
 * The context of one call of a [class@Function]: its inputs, where its
 * outputs go, the id of the node that runs it and the cancellable of the
 * dispatch.
 *
 * A call is only valid while the function runs: do not keep it. The
 * dispatcher reuses one call for many invocations, so that a dispatch
 * allocates no object per function call.
 *
 * Inputs are the declared inputs of the node, except those whose value is
 * NONE (schedula drops NONE arguments). An output left unset, or set to NONE,
 * is not produced.
 */

G_DEFINE_FINAL_TYPE (SchedulaCall, schedula_call, G_TYPE_OBJECT)

/* The accessors run for every input of every function call: check the
 * instance against the type, cached once, without calling get_type(). */
static GType call_type;

#define IS_CALL(obj) ((obj) != NULL && G_TYPE_FROM_INSTANCE (obj) == call_type)

static void
schedula_call_finalize (GObject *object)
{
  SchedulaCall *self = SCHEDULA_CALL (object);

  _schedula_call_clear_outputs (self);
  g_clear_object (&self->solution);
  g_free (self->outputs);
  for (guint i = 0; i < self->n_owned; i++)
    g_value_unset (&self->owned_inputs[i]);
  g_free (self->owned_inputs);
  g_free (self->owned_ptrs);
  g_free (self->owned_node_id);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->keywords, schedula_dict_unref);

  G_OBJECT_CLASS (schedula_call_parent_class)->finalize (object);
}

static void
schedula_call_class_init (SchedulaCallClass *klass)
{
  call_type = G_TYPE_FROM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = schedula_call_finalize;
}

static void
schedula_call_init (SchedulaCall *self)
{
}

/**
 * schedula_call_new:
 *
 * Creates a call, to run a [class@Function] outside a dispatch (see
 * [method@Call.set_inputs] and [method@Function.invoke]).
 *
 * Returns: (transfer full): a new #SchedulaCall
 */
SchedulaCall *
schedula_call_new (void)
{
  return g_object_new (SCHEDULA_TYPE_CALL, NULL);
}

static void
ensure_outputs (SchedulaCall *self,
                guint         n_outputs)
{
  if (n_outputs > self->outputs_capacity)
    {
      guint cap = MAX (n_outputs, 4);

      self->outputs = g_renew (GValue, self->outputs, cap);
      memset (self->outputs + self->outputs_capacity, 0,
              sizeof (GValue) * (cap - self->outputs_capacity));
      self->outputs_capacity = cap;
    }
}

void
_schedula_call_prepare (SchedulaCall        *self,
                        const char          *node_id,
                        const GValue *const *inputs,
                        const char *const   *input_ids,
                        guint                n_inputs,
                        guint                n_outputs)
{
  self->node_id = node_id;
  self->inputs = inputs;
  self->input_ids = input_ids;
  self->n_inputs = n_inputs;
  self->n_outputs = n_outputs;
  self->has_bad_output = FALSE;
  self->false_without_error = FALSE;
  if (G_UNLIKELY (self->keywords != NULL))  /* a dispatch passes none */
    g_clear_pointer (&self->keywords, schedula_dict_unref);
  ensure_outputs (self, n_outputs);
}

void
_schedula_call_clear_outputs (SchedulaCall *self)
{
  if (!self->dirty)
    return;
  for (guint i = 0; i < self->outputs_capacity; i++)
    if (_SCHEDULA_VALUE_SET (&self->outputs[i]))
      g_value_unset (&self->outputs[i]);
  self->dirty = FALSE;
}

/* Counts of values come from callers: refuse what would abort in g_malloc */
gboolean
_schedula_check_count (const char  *what,
                       guint        n,
                       GError     **error)
{
  if (n <= SCHEDULA_MAX_VALUES)
    return TRUE;
  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
               "%u %s is more than the limit of %u (SCHEDULA_MAX_VALUES)",
               n, what, SCHEDULA_MAX_VALUES);
  return FALSE;
}

/**
 * schedula_call_set_inputs:
 * @self: a #SchedulaCall
 * @inputs: (array length=n_inputs): the input values, copied
 * @n_inputs: the number of inputs
 * @n_outputs: the number of outputs the function should produce
 * @error: return location for a #GError
 *
 * Prepares a call made with [ctor@Call.new] to run a function by hand.
 * Outputs set by an earlier run are cleared.
 *
 * Fails with %SCHEDULA_DISPATCH_ERROR_TOO_LARGE when a count is above
 * %SCHEDULA_MAX_VALUES, and with %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT
 * when an input is an unset #GValue; the call is then left as it was.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_call_set_inputs (SchedulaCall  *self,
                          const GValue  *inputs,
                          guint          n_inputs,
                          guint          n_outputs,
                          GError       **error)
{
  g_return_val_if_fail (SCHEDULA_IS_CALL (self), FALSE);
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_schedula_check_count ("inputs", n_inputs, error) ||
      !_schedula_check_count ("outputs", n_outputs, error))
    return FALSE;
  for (guint i = 0; i < n_inputs; i++)
    if (!_SCHEDULA_VALUE_SET (&inputs[i]))
      {
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                     "input %u is an unset GValue", i);
        return FALSE;
      }

  for (guint i = 0; i < self->n_owned; i++)
    g_value_unset (&self->owned_inputs[i]);
  self->owned_inputs = g_renew (GValue, self->owned_inputs, n_inputs);
  self->owned_ptrs = g_renew (const GValue *, self->owned_ptrs, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    {
      GValue zero = G_VALUE_INIT;

      self->owned_inputs[i] = zero;
      _schedula_value_copy_widened (&inputs[i], &self->owned_inputs[i]);
      self->owned_ptrs[i] = &self->owned_inputs[i];
    }
  self->n_owned = n_inputs;
  _schedula_call_clear_outputs (self);
  _schedula_call_prepare (self, self->owned_node_id, self->owned_ptrs, NULL, n_inputs, n_outputs);
  return TRUE;
}

/**
 * schedula_call_get_node_id:
 * @self: a #SchedulaCall
 *
 * Gets the id of the node that runs the function.
 *
 * Returns: (nullable): the node id, or %NULL outside a dispatch
 */
const char *
schedula_call_get_node_id (SchedulaCall *self)
{
  g_return_val_if_fail (SCHEDULA_IS_CALL (self), NULL);

  return self->node_id;
}

/**
 * schedula_call_set_node_id:
 * @self: a #SchedulaCall made with [ctor@Call.new]
 * @node_id: (nullable): the id of the node the call stands for
 *
 * Sets the id that [method@Call.get_node_id] returns, for a call that runs
 * a node's function outside the dispatch loop: in a worker process of an
 * executor, for instance, so that the function's errors name the node as
 * they do in the dispatching process. It is kept across
 * [method@Call.set_inputs].
 */
void
schedula_call_set_node_id (SchedulaCall *self,
                           const char   *node_id)
{
  g_return_if_fail (SCHEDULA_IS_CALL (self));

  if (self->node_id == self->owned_node_id)
    self->node_id = NULL;
  g_free (self->owned_node_id);
  self->owned_node_id = g_strdup (node_id);
  self->node_id = self->owned_node_id;
}

/**
 * schedula_call_get_n_inputs:
 * @self: a #SchedulaCall
 *
 * Gets the number of inputs.
 *
 * Returns: the number of inputs
 */
guint
schedula_call_get_n_inputs (SchedulaCall *self)
{
  g_return_val_if_fail (IS_CALL (self), 0);

  return self->n_inputs;
}

/**
 * schedula_call_get_input:
 * @self: a #SchedulaCall
 * @position: the position of the input
 *
 * Gets an input value.
 *
 * Returns: (transfer none): the value of the input at @position
 */
const GValue *
schedula_call_get_input (SchedulaCall *self,
                         guint         position)
{
  g_return_val_if_fail (IS_CALL (self), NULL);
  g_return_val_if_fail (position < self->n_inputs, NULL);

  return self->inputs[position];
}

/**
 * schedula_call_get_input_id:
 * @self: a #SchedulaCall
 * @position: the position of the input
 *
 * Gets the id that goes with an input. For a function node it is the id of
 * the data node the value comes from; for a data-node combiner, the id of the
 * node that made the estimation (%SCHEDULA_START for an input or a default);
 * for a sub-dispatcher domain, the id of the parent data node.
 *
 * Returns: (nullable): the id, or %NULL when the call has none
 */
const char *
schedula_call_get_input_id (SchedulaCall *self,
                            guint         position)
{
  g_return_val_if_fail (IS_CALL (self), NULL);
  g_return_val_if_fail (position < self->n_inputs, NULL);

  return self->input_ids != NULL ? self->input_ids[position] : NULL;
}

/* The input at @position for a typed getter, or NULL with @error set: the
 * error names the node and the input */
static const GValue *
typed_input (SchedulaCall  *self,
             guint          position,
             GError       **error)
{
  const GValue *value;

  if (position >= self->n_inputs)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                   "node %s got %u inputs, not input %u (an input that is NONE is not passed)",
                   self->node_id ? self->node_id : "(none)", self->n_inputs, position);
      return NULL;
    }
  value = self->inputs[position];
  if (value == NULL || !_SCHEDULA_VALUE_SET (value))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "input %u of node %s is not set", position,
                   self->node_id ? self->node_id : "(none)");
      return NULL;
    }
  return value;
}

static gboolean
wrong_type (SchedulaCall  *self,
            guint          position,
            const GValue  *value,
            const char    *wanted,
            GError       **error)
{
  const char *id = self->input_ids != NULL ? self->input_ids[position] : NULL;

  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
               "input %u%s%s%s of node %s is a %s, not %s", position,
               id ? " (" : "", id ? id : "", id ? ")" : "",
               self->node_id ? self->node_id : "(none)",
               schedula_value_holds_none (value) ? "NONE" : G_VALUE_TYPE_NAME (value), wanted);
  return FALSE;
}

/**
 * schedula_call_get_double:
 * @self: a #SchedulaCall
 * @position: the position of the input
 * @value: (out): the input as a #gdouble
 * @error: return location for a #GError
 *
 * Reads an input as a number, whatever numeric type it has (integers of
 * every width, floats, doubles, booleans): the way to read numbers in C and
 * Vala, where a literal may be a `gint` and GJS may pass a `gdouble`.
 *
 * Python, JavaScript and Vala call [method@Call.read_double] under this
 * name: it returns the number itself (`call.get_double(0)`) and throws when
 * the input cannot be read.
 *
 * Returns: %TRUE with @value set; %FALSE with @error naming the node and the
 *   input when it is missing or not a number
 */
gboolean
schedula_call_get_double (SchedulaCall  *self,
                          guint          position,
                          gdouble       *value,
                          GError       **error)
{
  const GValue *v;
  GValue d = G_VALUE_INIT;

  g_return_val_if_fail (IS_CALL (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if ((v = typed_input (self, position, error)) == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_DOUBLE (v))
    {
      *value = g_value_get_double (v);
      return TRUE;
    }
  if (G_VALUE_HOLDS_INT64 (v))
    {
      *value = (gdouble) g_value_get_int64 (v);
      return TRUE;
    }
  if (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (v)) > G_TYPE_DOUBLE ||
      G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (v)) < G_TYPE_CHAR ||
      !g_value_type_transformable (G_VALUE_TYPE (v), G_TYPE_DOUBLE))
    return wrong_type (self, position, v, "a number", error);
  g_value_init (&d, G_TYPE_DOUBLE);
  g_value_transform (v, &d);
  *value = g_value_get_double (&d);
  return TRUE;
}

/**
 * schedula_call_get_int64:
 * @self: a #SchedulaCall
 * @position: the position of the input
 * @value: (out): the input as a #gint64
 * @error: return location for a #GError
 *
 * Reads an input as an integer, whatever integer type it has, or from a
 * floating-point number with an integral value (GJS passes some integers as
 * doubles).
 *
 * Returns: %TRUE with @value set; %FALSE with @error naming the node and the
 *   input when it is missing, not a number, or not integral
 */
gboolean
schedula_call_get_int64 (SchedulaCall  *self,
                         guint          position,
                         gint64        *value,
                         GError       **error)
{
  const GValue *v;
  gdouble d;

  g_return_val_if_fail (IS_CALL (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if ((v = typed_input (self, position, error)) == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_INT64 (v))
    {
      *value = g_value_get_int64 (v);
      return TRUE;
    }
  if (_SCHEDULA_NEEDS_WIDENING (G_VALUE_TYPE (v)) && G_VALUE_TYPE (v) != G_TYPE_FLOAT)
    {
      GValue wide = G_VALUE_INIT;

      _schedula_value_widen (v, &wide);
      if (!G_VALUE_HOLDS_INT64 (&wide))
        {
          g_value_unset (&wide);
          return wrong_type (self, position, v, "an integer that fits a gint64", error);
        }
      *value = g_value_get_int64 (&wide);
      return TRUE;
    }
  if (G_VALUE_HOLDS_BOOLEAN (v))
    {
      *value = g_value_get_boolean (v) ? 1 : 0;
      return TRUE;
    }
  if (!schedula_call_get_double (self, position, &d, NULL))
    return wrong_type (self, position, v, "an integer", error);
  if (d != floor (d) || d < (gdouble) G_MININT64 || d >= (gdouble) G_MAXINT64)
    {
      const char *id = self->input_ids != NULL ? self->input_ids[position] : NULL;

      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                   "input %u%s%s%s of node %s is %g, not an integer", position,
                   id ? " (" : "", id ? id : "", id ? ")" : "",
                   self->node_id ? self->node_id : "(none)", d);
      return FALSE;
    }
  *value = (gint64) d;
  return TRUE;
}

/**
 * schedula_call_read_double: (rename-to schedula_call_get_double)
 * @self: a #SchedulaCall
 * @position: the position of the input
 * @error: return location for a #GError
 *
 * Reads an input as a number, as [method@Call.get_double] does, and returns
 * it. The bindings know this function as `get_double`: the number is the
 * return value, and an input that cannot be read throws.
 *
 * Returns: the input as a #gdouble; 0 with @error set when it is missing or
 *   not a number
 */
gdouble
schedula_call_read_double (SchedulaCall  *self,
                           guint          position,
                           GError       **error)
{
  gdouble value = 0;

  return schedula_call_get_double (self, position, &value, error) ? value : 0;
}

/**
 * schedula_call_read_int64: (rename-to schedula_call_get_int64)
 * @self: a #SchedulaCall
 * @position: the position of the input
 * @error: return location for a #GError
 *
 * Reads an input as an integer, as [method@Call.get_int64] does, and
 * returns it. The bindings know this function as `get_int64`: the integer is
 * the return value, and an input that cannot be read throws.
 *
 * Returns: the input as a #gint64; 0 with @error set when it is missing,
 *   not a number, or not integral
 */
gint64
schedula_call_read_int64 (SchedulaCall  *self,
                          guint          position,
                          GError       **error)
{
  gint64 value = 0;

  return schedula_call_get_int64 (self, position, &value, error) ? value : 0;
}

/**
 * schedula_call_get_string:
 * @self: a #SchedulaCall
 * @position: the position of the input
 * @error: return location for a #GError
 *
 * Reads an input that is a string.
 *
 * Returns: (transfer none) (nullable): the string, or %NULL with @error
 *   naming the node and the input when it is missing or not a string
 */
const char *
schedula_call_get_string (SchedulaCall  *self,
                          guint          position,
                          GError       **error)
{
  const GValue *v;

  g_return_val_if_fail (IS_CALL (self), NULL);

  if ((v = typed_input (self, position, error)) == NULL)
    return NULL;
  if (!G_VALUE_HOLDS_STRING (v) || g_value_get_string (v) == NULL)
    {
      wrong_type (self, position, v, "a string", error);
      return NULL;
    }
  return g_value_get_string (v);
}

/**
 * schedula_call_get_n_outputs:
 * @self: a #SchedulaCall
 *
 * Gets the number of outputs the node declares.
 *
 * Returns: the number of outputs
 */
guint
schedula_call_get_n_outputs (SchedulaCall *self)
{
  g_return_val_if_fail (IS_CALL (self), 0);

  return self->n_outputs;
}

static GValue *
output_slot (SchedulaCall *self,
             guint         position)
{
  if (position >= self->n_outputs)
    {
      if (!self->has_bad_output)
        {
          self->bad_output = position;
          self->has_bad_output = TRUE;
        }
      return NULL;
    }
  if (_SCHEDULA_VALUE_SET (&self->outputs[position]))
    g_value_unset (&self->outputs[position]);
  self->dirty = TRUE;
  return &self->outputs[position];
}

/**
 * schedula_call_set_output:
 * @self: a #SchedulaCall
 * @position: the position of the output
 * @value: the value, copied
 *
 * Sets an output. Setting a position the node does not declare makes the
 * dispatch fail with %SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH.
 */
void
schedula_call_set_output (SchedulaCall *self,
                          guint         position,
                          const GValue *value)
{
  GValue *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL && _SCHEDULA_VALUE_SET (value));

  slot = output_slot (self, position);
  if (slot == NULL)
    return;
  _schedula_value_copy_widened (value, slot);
}

/**
 * schedula_call_take_output:
 * @self: a #SchedulaCall
 * @position: the position of the output
 * @value: (transfer full): the value, whose contents are taken; @value is left
 *   unset
 *
 * Sets an output without copying it.
 */
void
schedula_call_take_output (SchedulaCall *self,
                           guint         position,
                           GValue       *value)
{
  GValue *slot;
  GValue zero = G_VALUE_INIT;

  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL && _SCHEDULA_VALUE_SET (value));

  slot = output_slot (self, position);
  if (slot == NULL || G_UNLIKELY (_SCHEDULA_NEEDS_WIDENING (G_VALUE_TYPE (value))))
    {
      if (slot != NULL)
        _schedula_value_widen (value, slot);
      g_value_unset (value);
      return;
    }
  *slot = *value;
  *value = zero;
}

/**
 * schedula_call_set_output_double:
 * @self: a #SchedulaCall
 * @position: the position of the output
 * @value: the value
 *
 * Sets an output to a `G_TYPE_DOUBLE`, as [method@Call.set_output] does.
 */
void
schedula_call_set_output_double (SchedulaCall *self,
                                 guint         position,
                                 gdouble       value)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, value);
  schedula_call_take_output (self, position, &v);
}

/**
 * schedula_call_set_output_int64:
 * @self: a #SchedulaCall
 * @position: the position of the output
 * @value: the value
 *
 * Sets an output to a `G_TYPE_INT64`, as [method@Call.set_output] does.
 */
void
schedula_call_set_output_int64 (SchedulaCall *self,
                                guint         position,
                                gint64        value)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, value);
  schedula_call_take_output (self, position, &v);
}

/**
 * schedula_call_set_output_string:
 * @self: a #SchedulaCall
 * @position: the position of the output
 * @value: the value, copied
 *
 * Sets an output to a string, as [method@Call.set_output] does.
 */
void
schedula_call_set_output_string (SchedulaCall *self,
                                 guint         position,
                                 const char   *value)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, value);
  schedula_call_take_output (self, position, &v);
}

/**
 * schedula_call_set_output_boolean:
 * @self: a #SchedulaCall
 * @position: the position of the output
 * @value: the value
 *
 * Sets an output to a `G_TYPE_BOOLEAN`, as [method@Call.set_output] does.
 */
void
schedula_call_set_output_boolean (SchedulaCall *self,
                                  guint         position,
                                  gboolean      value)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_BOOLEAN);
  g_value_set_boolean (&v, value);
  schedula_call_take_output (self, position, &v);
}

/**
 * schedula_call_get_output:
 * @self: a #SchedulaCall
 * @position: the position of the output
 *
 * Gets an output set by the function.
 *
 * Returns: (transfer none) (nullable): the output, or %NULL if it is not set
 */
const GValue *
schedula_call_get_output (SchedulaCall *self,
                          guint         position)
{
  g_return_val_if_fail (IS_CALL (self), NULL);
  g_return_val_if_fail (position < self->n_outputs, NULL);

  return _SCHEDULA_VALUE_SET (&self->outputs[position]) ? &self->outputs[position] : NULL;
}

/**
 * schedula_call_set_solution:
 * @self: a #SchedulaCall
 * @solution: (nullable): the solution of the model the function ran
 *
 * Attaches the solution of a model that the function dispatched (a
 * sub-dispatch wrapper does) to the node being run: the workflow of the
 * dispatch shows it as the node's solution
 * ([method@Workflow.get_node_solution]), as schedula's `solution` attribute,
 * even when the function then fails.
 */
void
schedula_call_set_solution (SchedulaCall     *self,
                            SchedulaSolution *solution)
{
  g_return_if_fail (IS_CALL (self));
  g_return_if_fail (solution == NULL || SCHEDULA_IS_SOLUTION (solution));

  g_set_object (&self->solution, solution);
}

/**
 * schedula_call_get_solution:
 * @self: a #SchedulaCall
 *
 * Gets the solution attached with [method@Call.set_solution].
 *
 * Returns: (transfer none) (nullable): the solution
 */
SchedulaSolution *
schedula_call_get_solution (SchedulaCall *self)
{
  g_return_val_if_fail (IS_CALL (self), NULL);

  return self->solution;
}

SchedulaSolution *
_schedula_call_steal_solution (SchedulaCall *self)
{
  return g_steal_pointer (&self->solution);
}

/* Gives @result (taken) to the outputs of @self as schedula stores what a
 * function node returns: all of it to the only output; for several, its
 * items zipped with the outputs (a shorter sequence leaves the last outputs
 * unset, a longer one is cut). A value that is not a sequence fails with
 * %SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH, naming the function @name. */
gboolean
_schedula_call_take_result (SchedulaCall  *self,
                            const char    *name,
                            GValue        *result,
                            GError       **error)
{
  GValueArray *items;
  gboolean own;
  GError *local_error = NULL;

  if (self->n_outputs == 0)
    {
      g_value_unset (result);
      return TRUE;
    }
  if (self->n_outputs == 1)
    {
      schedula_call_take_output (self, 0, result);
      return TRUE;
    }

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  own = G_VALUE_HOLDS (result, g_value_array_get_type ()) && g_value_get_boxed (result) != NULL;
  items = own ? g_value_get_boxed (result) : schedula_value_dup_sequence (result, &local_error);
  if (items == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                   "%s cannot spread a value of type %s over %u outputs: %s",
                   name, G_VALUE_TYPE_NAME (result), self->n_outputs, local_error->message);
      g_error_free (local_error);
      g_value_unset (result);
      return FALSE;
    }
  for (guint i = 0; i < items->n_values && i < self->n_outputs; i++)
    schedula_call_set_output (self, i, &items->values[i]);
  if (!own)
    g_value_array_free (items);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_unset (result);
  return TRUE;
}

/**
 * schedula_call_set_keywords:
 * @self: a #SchedulaCall
 * @keywords: (nullable): keyword arguments, or %NULL for none
 *
 * Gives a call made with [method@Call.set_inputs] keyword arguments, as
 * schedula's `f(*args, **kwargs)`. The functions made of a model
 * ([class@SubDispatchFunction], [class@SubDispatchPipe],
 * [class@DispatchPipe]) take their inputs by id this way; any other
 * function given keywords fails with
 * %SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS. A dispatch never passes keywords.
 */
void
schedula_call_set_keywords (SchedulaCall *self,
                            SchedulaDict *keywords)
{
  g_return_if_fail (IS_CALL (self));

  if (keywords != NULL)
    schedula_dict_ref (keywords);
  g_clear_pointer (&self->keywords, schedula_dict_unref);
  self->keywords = keywords;
}

/**
 * schedula_call_get_keywords:
 * @self: a #SchedulaCall
 *
 * Gets the keyword arguments set by [method@Call.set_keywords].
 *
 * Returns: (transfer none) (nullable): the keywords, or %NULL
 */
SchedulaDict *
schedula_call_get_keywords (SchedulaCall *self)
{
  g_return_val_if_fail (IS_CALL (self), NULL);

  return self->keywords;
}

/**
 * schedula_call_get_cancellable:
 * @self: a #SchedulaCall
 *
 * Gets the cancellable of the dispatch, so that a long function can stop
 * early.
 *
 * Returns: (transfer none) (nullable): the cancellable
 */
GCancellable *
schedula_call_get_cancellable (SchedulaCall *self)
{
  g_return_val_if_fail (SCHEDULA_IS_CALL (self), NULL);

  return self->cancellable;
}
