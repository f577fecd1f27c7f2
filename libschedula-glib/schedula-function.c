/* schedula-function.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include <gmodule.h>

#include "schedula-function-private.h"
#include "schedula-call-private.h"
#include "schedula-enums.h"
#include "schedula-value.h"
#include "schedula-private.h"

/**
 * SchedulaFunction:
 *
 * A callable that nodes use: the function of a function node, an input
 * domain, a data-node combiner, a callback or a filter.
 *
 * One function may back many nodes; nodes hold a reference. The
 * [property@Function:name] is what schedula takes from `__name__`: the
 * automatic id of a function node. The [property@Function:ref] names the
 * function for other processes (`c:MODULE:SYMBOL`, `python:MODULE:QUALNAME`).
 *
 * |[<!-- language="C" -->
 * // A function with its data (y = 3 x), called alone, then by a node that runs for x > 0.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * scale (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gdouble x;
 *
 *   if (!schedula_call_get_double (call, 0, &x, error))
 *     return FALSE;
 *   schedula_call_set_output_double (call, 0, x * *(gdouble *) user_data);
 *   return TRUE;
 * }
 *
 * static gboolean
 * positive (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gdouble x;
 *
 *   return schedula_call_get_double (call, 0, &x, error) && x > 0;
 * }
 *
 * int
 * main (void)
 * {
 *   gdouble factor = 3;
 *   g_autoptr(SchedulaFunction) triple = schedula_function_new ("triple", scale, &factor, NULL);
 *   g_autoptr(SchedulaFunction) domain = schedula_function_new_predicate ("positive", positive, NULL, NULL);
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_auto(GValue) two = G_VALUE_INIT;
 *   SchedulaFunctionNode *node;
 *   GValue *y;
 *
 *   // Called alone: triple(2)
 *   g_value_set_double (g_value_init (&two, G_TYPE_DOUBLE), 2.0);
 *   y = schedula_function_call_full (triple, &two, 1, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpfloat (g_value_get_double (y), ==, 6.0);
 *   g_boxed_free (G_TYPE_VALUE, y);
 *
 *   // As a node (its id is the function's name) that runs for x > 0 only
 *   node = schedula_dispatcher_add_function (dsp, NULL, triple, SCHEDULA_IDS ("x"),
 *                                            SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *   schedula_function_node_set_input_domain (node, domain);
 *   sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'x': <-1.0>}"),
 *                                               NULL, NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_false (schedula_solution_contains (sol, "y"));
 *   return 0;
 * }
 * ]|
 */

typedef struct
{
  char                  *name;
  char                  *ref;
  SchedulaFunctionFlags  flags;
  GMainContext          *context;
  GThread          *owner;    /* the thread that made it: it may acquire context */
  SchedulaFunc           func;
  gpointer               user_data;
  GDestroyNotify         destroy;
  GClosure              *closure;
  gboolean               predicate;  /* func's return value is a verdict */
} SchedulaFunctionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SchedulaFunction, schedula_function, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_REF,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The call a closure runs for, in this thread: a closure gets values, not
 * the call, and a binding may need the call (to attach a solution) */
static GPrivate current_call;

/**
 * schedula_call_get_current:
 *
 * Gets the call that the function made with
 * [ctor@Function.new_for_closure] running in this thread was given: a
 * closure gets the input values, not the call, and a binding reaches the
 * call this way (to attach a solution with [method@Call.set_solution], for
 * instance). The library's wrappers ([class@SubDispatch] and the others)
 * make their call the current one while they dispatch too.
 *
 * A dispatch started while a call is current in its thread names its
 * solution after the call's node, under the solution the call runs for:
 * [method@Solution.get_full_name] of the solution of a wrapper that is the
 * function of node `w` of a sub-dispatcher `s` is `s`, `w`, and its
 * failures are logged as `s/w/f`, as schedula names them.
 *
 * Returns: (transfer none) (nullable): the call, or %NULL when no closure
 *   runs in this thread
 */
SchedulaCall *
schedula_call_get_current (void)
{
  return g_private_get (&current_call);
}

/* Makes @call the current call of this thread (NULL: none); returns the
 * one it replaces, to restore. The library's wrappers set theirs around the
 * dispatch they start, as a closure's call is set around it. */
SchedulaCall *
_schedula_call_set_current (SchedulaCall *call)
{
  SchedulaCall *outer = g_private_get (&current_call);

  g_private_set (&current_call, call);
  return outer;
}

/* The full name of the solution of a dispatch that starts now: after the
 * node of the current call of this thread (a wrapper's dispatch), under
 * the solution that call runs for. A NULL-terminated array to free; NULL
 * for a dispatch that no function started (its name is empty). */
char **
_schedula_call_dup_current_name (void)
{
  SchedulaCall *call = g_private_get (&current_call);
  const char *const *caller;
  guint len;
  char **name;

  if (call == NULL || call->node_id == NULL)
    return NULL;
  caller = call->caller_sol != NULL ? _schedula_sol_get_full_name (call->caller_sol) : NULL;
  len = caller != NULL ? g_strv_length ((char **) caller) : 0;
  name = g_new0 (char *, len + 2);
  for (guint i = 0; i < len; i++)
    name[i] = g_strdup (caller[i]);
  name[len] = g_strdup (call->node_id);
  return name;
}

/* The closure convention of schedula_function_new_for_closure() */
static gboolean
invoke_closure (SchedulaFunction  *self,
                GClosure          *closure,
                SchedulaCall      *call,
                GError           **error)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);
  guint n_inputs = schedula_call_get_n_inputs (call);
  guint n_outputs = schedula_call_get_n_outputs (call);
  GValue stack_params[8];
  GValue *params = n_inputs + 1 <= G_N_ELEMENTS (stack_params) ? stack_params
                                                               : g_new (GValue, n_inputs + 1);
  GValue ret = G_VALUE_INIT;
  const GValue *result;
  gboolean ok = TRUE;

  memset (&params[0], 0, sizeof (GValue));
  g_value_init (&params[0], G_TYPE_UINT);
  g_value_set_uint (&params[0], n_outputs);
  /* The inputs are lent to the closure for the call: a shallow copy is
   * enough, the originals outlive it. */
  for (guint i = 0; i < n_inputs; i++)
    params[i + 1] = *schedula_call_get_input (call, i);

  g_value_init (&ret, G_TYPE_VALUE);
  {
    SchedulaCall *outer = _schedula_call_set_current (call);

    g_closure_invoke (closure, &ret, n_inputs + 1, params, NULL);
    _schedula_call_set_current (outer);
  }
  if (params != stack_params)
    g_free (params);

  result = g_value_get_boxed (&ret);
  if (result == NULL || !_SCHEDULA_VALUE_SET (result))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                   "function %s returned no value", priv->name ? priv->name : "(unnamed)");
      ok = FALSE;
    }
  else if (G_VALUE_HOLDS (result, G_TYPE_ERROR))
    {
      const GError *e = g_value_get_boxed (result);

      if (e != NULL)
        g_propagate_error (error, g_error_copy (e));
      else
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                     "function %s failed", priv->name ? priv->name : "(unnamed)");
      ok = FALSE;
    }
  else if (n_outputs == 1)
    schedula_call_set_output (call, 0, result);
  else if (n_outputs > 1)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      GValueArray *values = G_VALUE_HOLDS (result, g_value_array_get_type ()) ? g_value_get_boxed (result) : NULL;

      /* schedula's zip: extra values are dropped, missing outputs are not
       * produced; a result that is not a sequence cannot be spread */
      if (values == NULL)
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                       "function %s returned one %s for %u outputs, not a sequence",
                       priv->name ? priv->name : "(unnamed)", G_VALUE_TYPE_NAME (result), n_outputs);
          ok = FALSE;
        }
      else
        for (guint i = 0; i < n_outputs && i < values->n_values; i++)
          schedula_call_set_output (call, i, &values->values[i]);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_value_unset (&ret);
  return ok;
}

static gboolean
schedula_function_real_invoke (SchedulaFunction  *self,
                               SchedulaCall      *call,
                               GError           **error)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  if (priv->closure != NULL)
    return invoke_closure (self, priv->closure, call, error);
  if (priv->func == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                   "function %s has no callable", priv->name ? priv->name : "(unnamed)");
      return FALSE;
    }
  if (priv->predicate)
    {
      GError *local_error = NULL;
      gboolean verdict = priv->func (call, priv->user_data, &local_error);
      GValue value = G_VALUE_INIT;

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (schedula_call_get_n_outputs (call) > 0)
        {
          g_value_init (&value, G_TYPE_BOOLEAN);
          g_value_set_boolean (&value, verdict);
          schedula_call_take_output (call, 0, &value);
        }
      return TRUE;
    }
  return priv->func (call, priv->user_data, error);
}

static void
schedula_function_finalize (GObject *object)
{
  SchedulaFunction *self = SCHEDULA_FUNCTION (object);
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  if (priv->destroy != NULL)
    priv->destroy (priv->user_data);
  g_clear_pointer (&priv->closure, g_closure_unref);
  g_free (priv->name);
  g_free (priv->ref);
  g_clear_pointer (&priv->context, g_main_context_unref);

  G_OBJECT_CLASS (schedula_function_parent_class)->finalize (object);
}

static void
schedula_function_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SchedulaFunction *self = SCHEDULA_FUNCTION (object);
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_REF:
      g_value_set_string (value, priv->ref);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, priv->flags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_function_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SchedulaFunction *self = SCHEDULA_FUNCTION (object);
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    case PROP_REF:
      schedula_function_set_ref (self, g_value_get_string (value));
      break;
    case PROP_FLAGS:
      schedula_function_set_flags (self, g_value_get_flags (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_function_class_init (SchedulaFunctionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_function_finalize;
  object_class->get_property = schedula_function_get_property;
  object_class->set_property = schedula_function_set_property;

  klass->invoke = schedula_function_real_invoke;

  /* Every dispatch reads current_call. GLib makes the key of a GPrivate on
   * its first use, with a small allocation that lives as long as the
   * process: made now, before any dispatch, it does not land among the
   * large arrays a dispatch frees, where it changed how malloc gives them
   * back and doubled the page faults of each dispatch (bench-dispatch). */
  (void) g_private_get (&current_call);

  /**
   * SchedulaFunction:name:
   *
   * The name of the function: the automatic id of a function node that uses
   * it (schedula's `__name__`).
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunction:ref:
   *
   * How another process finds this function, such as `c:MODULE:SYMBOL` or
   * `python:MODULE:QUALNAME`; %NULL when it cannot.
   */
  properties[PROP_REF] =
    g_param_spec_string ("ref", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFunction:flags:
   *
   * Where the function may run.
   */
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL,
                        SCHEDULA_TYPE_FUNCTION_FLAGS, SCHEDULA_FUNCTION_FLAGS_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_function_init (SchedulaFunction *self)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  priv->context = g_main_context_ref_thread_default ();
  priv->owner = g_thread_self ();
}

/**
 * schedula_function_new:
 * @name: (nullable): the name of the function: the automatic id of the nodes
 *   that use it
 * @func: (scope notified) (closure user_data) (destroy destroy): the callable
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is finalized
 *
 * Wraps a callable. The thread-default main context at this moment is the
 * function's context (see %SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT).
 *
 * Returns: (transfer full): a new #SchedulaFunction
 */
SchedulaFunction *
schedula_function_new (const char     *name,
                       SchedulaFunc    func,
                       gpointer        user_data,
                       GDestroyNotify  destroy)
{
  SchedulaFunction *self;
  SchedulaFunctionPrivate *priv;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (SCHEDULA_TYPE_FUNCTION, "name", name, NULL);
  priv = schedula_function_get_instance_private (self);
  priv->func = func;
  priv->user_data = user_data;
  priv->destroy = destroy;
  return self;
}

/* The libraries of c: references, opened once and never closed: their
 * functions may be in use anywhere */
static GMutex ref_modules_lock;
static GHashTable *ref_modules;   /* path -> GModule */

/**
 * schedula_function_new_for_ref:
 * @ref: a reference `c:LIBRARY:SYMBOL`
 * @error: return location for a #GError
 *
 * Makes the function that @ref names: SYMBOL, a [callback@Func], in the
 * shared library LIBRARY (a path, or a name the dynamic linker finds),
 * opened once with #GModule and never closed. Its
 * [property@Function:ref] is @ref, so the `parallel` and `parallel-pool`
 * executors run it in their worker processes, which resolve it the same
 * way. This is how a language whose functions cannot leave the process
 * (JavaScript) hands C functions to worker processes.
 *
 * |[<!-- language="C" -->
 * g_autoptr(GError) error = NULL;
 * g_autoptr(SchedulaFunction) f =
 *   schedula_function_new_for_ref ("c:libmymodel.so:mymodel_speed", &error);
 *
 * if (f == NULL)
 *   g_printerr ("%s\n", error->message);
 * ]|
 *
 * Returns: (transfer full): the function, or %NULL with @error set
 *   (%SCHEDULA_DISPATCH_ERROR_INVALID_MODEL) when @ref is not of that form,
 *   the library cannot be opened or has no such symbol
 */
SchedulaFunction *
schedula_function_new_for_ref (const char  *ref,
                               GError     **error)
{
  g_auto(GStrv) parts = NULL;
  SchedulaFunction *f;
  GModule *module;
  gpointer symbol = NULL;

  g_return_val_if_fail (ref != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = g_strsplit (ref, ":", 3);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "c") || parts[1][0] == '\0' ||
      parts[2][0] == '\0')
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                   "a C function reference is c:LIBRARY:SYMBOL, not %s", ref);
      return NULL;
    }
  g_mutex_lock (&ref_modules_lock);
  if (ref_modules == NULL)
    ref_modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  module = g_hash_table_lookup (ref_modules, parts[1]);
  if (module == NULL)
    {
      module = g_module_open (parts[1], G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module != NULL)
        {
          g_module_make_resident (module);
          g_hash_table_insert (ref_modules, g_strdup (parts[1]), module);
        }
      else
        g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                     "cannot open %s: %s", parts[1], g_module_error ());
    }
  g_mutex_unlock (&ref_modules_lock);
  if (module == NULL)
    return NULL;
  if (!g_module_symbol (module, parts[2], &symbol) || symbol == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
                   "%s has no symbol %s", parts[1], parts[2]);
      return NULL;
    }
  f = schedula_function_new (parts[2], (SchedulaFunc) symbol, NULL, NULL);
  schedula_function_set_ref (f, ref);
  return f;
}

/**
 * schedula_function_new_predicate:
 * @name: (nullable): the name of the function
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   predicate
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is finalized
 *
 * Wraps a predicate whose return value is the verdict: the way to write an
 * input domain ([method@FunctionNode.set_input_domain]) in C, JavaScript and
 * Vala. Called as a function, it has one output, the verdict as a
 * `G_TYPE_BOOLEAN`; a predicate that sets @error fails.
 *
 * |[<!-- language="C" -->
 * g_autoptr(SchedulaFunction) domain =
 *   schedula_function_new_predicate ("odometer_ok", odometer_ok, NULL, NULL);
 *
 * schedula_function_node_set_input_domain (node, domain);
 * ]|
 *
 * Returns: (transfer full): a new #SchedulaFunction
 */
SchedulaFunction *
schedula_function_new_predicate (const char            *name,
                                 SchedulaPredicateFunc  func,
                                 gpointer               user_data,
                                 GDestroyNotify         destroy)
{
  SchedulaFunction *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = schedula_function_new (name, func, user_data, destroy);
  ((SchedulaFunctionPrivate *) schedula_function_get_instance_private (self))->predicate = TRUE;
  return self;
}

/**
 * schedula_function_new_for_closure:
 * @name: (nullable): the name of the function: the automatic id of the nodes
 *   that use it
 * @closure: the closure to call
 *
 * Wraps a #GClosure, the callable of language bindings (PyGObject turns a
 * Python callable into one). For each call, @closure gets the number of
 * outputs the node declares (a `guint`) followed by the input values, and
 * returns a #GValue (`G_TYPE_VALUE`):
 *
 * - a #GError (`G_TYPE_ERROR`): the call failed with that error;
 * - for a node with one output, the output;
 * - for a node with more outputs, a `GValueArray` of the outputs, spread as
 *   schedula spreads a result: extra values are dropped and missing outputs
 *   are not produced; a value that is not a `GValueArray` fails with
 *   %SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH.
 *
 * `G_TYPE_INT`, `G_TYPE_LONG` and `G_TYPE_UINT` results are stored as
 * `G_TYPE_INT64`. A closure that returns nothing fails the call. C code
 * uses [ctor@Function.new].
 *
 * Returns: (transfer full): a new #SchedulaFunction
 */
SchedulaFunction *
schedula_function_new_for_closure (const char *name,
                                   GClosure   *closure)
{
  SchedulaFunction *self;
  SchedulaFunctionPrivate *priv;

  g_return_val_if_fail (closure != NULL, NULL);

  self = g_object_new (SCHEDULA_TYPE_FUNCTION, "name", name, NULL);
  priv = schedula_function_get_instance_private (self);
  priv->closure = g_closure_ref (closure);
  g_closure_sink (closure);
  if (G_CLOSURE_NEEDS_MARSHAL (closure))
    g_closure_set_marshal (closure, g_cclosure_marshal_generic);
  return self;
}

/**
 * schedula_function_get_name:
 * @self: a #SchedulaFunction
 *
 * Gets the name of the function.
 *
 * Returns: (nullable): the name
 */
const char *
schedula_function_get_name (SchedulaFunction *self)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), NULL);

  return priv->name;
}

/**
 * schedula_function_get_ref:
 * @self: a #SchedulaFunction
 *
 * Gets the reference that names the function for other processes.
 *
 * Returns: (nullable): the reference
 */
const char *
schedula_function_get_ref (SchedulaFunction *self)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), NULL);

  return priv->ref;
}

/**
 * schedula_function_set_ref:
 * @self: a #SchedulaFunction
 * @ref: (nullable): the reference
 *
 * Sets the reference that names the function for other processes.
 */
void
schedula_function_set_ref (SchedulaFunction *self,
                           const char       *ref)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  g_return_if_fail (SCHEDULA_IS_FUNCTION (self));

  if (_schedula_set_str (&priv->ref, ref))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REF]);
}

/**
 * schedula_function_get_flags:
 * @self: a #SchedulaFunction
 *
 * Gets where the function may run.
 *
 * Returns: the flags
 */
SchedulaFunctionFlags
schedula_function_get_flags (SchedulaFunction *self)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), 0);

  return priv->flags;
}

/**
 * schedula_function_set_flags:
 * @self: a #SchedulaFunction
 * @flags: the flags
 *
 * Sets where the function may run.
 */
void
schedula_function_set_flags (SchedulaFunction      *self,
                             SchedulaFunctionFlags  flags)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  g_return_if_fail (SCHEDULA_IS_FUNCTION (self));

  if (priv->flags != flags)
    {
      priv->flags = flags;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
    }
}

/**
 * schedula_function_get_context:
 * @self: a #SchedulaFunction
 *
 * Gets the main context the function was created in: where it runs when it
 * has %SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT.
 *
 * Returns: (transfer none): the main context
 */
GMainContext *
schedula_function_get_context (SchedulaFunction *self)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), NULL);

  return priv->context;
}

gboolean
_schedula_function_get_direct (SchedulaFunction *self,
                               SchedulaFunc     *func,
                               gpointer         *user_data)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  if (SCHEDULA_FUNCTION_GET_CLASS (self)->invoke != schedula_function_real_invoke ||
      priv->func == NULL || priv->predicate || (priv->flags & SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT))
    return FALSE;
  *func = priv->func;
  *user_data = priv->user_data;
  return TRUE;
}

/* Whether this thread may run a MAIN_CONTEXT function here: it owns the
 * function's context, or it made the function and nobody owns the context
 * (acquired then: release it). Another thread never acquires the context,
 * even free: a binding's main loop (GJS's) may leave it free for a moment,
 * and its functions must not run anywhere but in its thread. */
gboolean
_schedula_function_acquire_context (SchedulaFunction *self)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);

  if (g_main_context_is_owner (priv->context))
    return g_main_context_acquire (priv->context);
  return g_thread_self () == priv->owner && g_main_context_acquire (priv->context);
}

typedef struct
{
  SchedulaFunction *self;
  SchedulaCall     *call;
  GError           *error;
  gboolean          ok;
  gboolean          done;
  GMutex            mutex;
  GCond             cond;
} ContextCall;

static gboolean
context_call_cb (gpointer data)
{
  ContextCall *cc = data;
  GError *error = NULL;
  gboolean ok;

  ok = SCHEDULA_FUNCTION_GET_CLASS (cc->self)->invoke (cc->self, cc->call, &error);

  g_mutex_lock (&cc->mutex);
  cc->ok = ok;
  cc->error = error;
  cc->done = TRUE;
  g_cond_signal (&cc->cond);
  g_mutex_unlock (&cc->mutex);
  return G_SOURCE_REMOVE;
}

static gboolean
invoke_checked (SchedulaFunction  *self,
                SchedulaCall      *call,
                GError           **error)
{
  SchedulaFunctionPrivate *priv = schedula_function_get_instance_private (self);
  ContextCall cc = { self, call, NULL, FALSE, FALSE };
  GSource *source;

  if (!(priv->flags & SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT) ||
      g_main_context_is_owner (priv->context))
    return SCHEDULA_FUNCTION_GET_CLASS (self)->invoke (self, call, error);

  if (_schedula_function_acquire_context (self))
    {
      gboolean ok = SCHEDULA_FUNCTION_GET_CLASS (self)->invoke (self, call, error);

      g_main_context_release (priv->context);
      return ok;
    }

  /* Another thread runs the function's context: post the call there with an
   * idle source (never g_main_context_invoke(), which may run it here) and
   * wait for it. */
  g_mutex_init (&cc.mutex);
  g_cond_init (&cc.cond);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, context_call_cb, &cc, NULL);
  g_source_set_static_name (source, "[schedula] function call");
  g_mutex_lock (&cc.mutex);
  g_source_attach (source, priv->context);
  g_source_unref (source);
  while (!cc.done)
    g_cond_wait (&cc.cond, &cc.mutex);
  g_mutex_unlock (&cc.mutex);
  g_mutex_clear (&cc.mutex);
  g_cond_clear (&cc.cond);

  if (!cc.ok)
    g_propagate_error (error, cc.error);
  else
    g_clear_error (&cc.error);
  return cc.ok;
}

gboolean
_schedula_function_run (SchedulaFunction  *self,
                        SchedulaCall      *call,
                        GError           **error)
{
  GError *local_error = NULL;

  if (invoke_checked (self, call, &local_error))
    return TRUE;

  if (local_error == NULL)
    _schedula_function_false_without_error (self, call, NULL, &local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

/* The error of a function that returned FALSE without one; the call
 * remembers it (an input domain written as a predicate does that) */
void
_schedula_function_false_without_error (SchedulaFunction  *self,
                                        SchedulaCall      *call,
                                        const char        *node_id,
                                        GError           **error)
{
  const char *name = schedula_function_get_name (self);

  call->false_without_error = TRUE;
  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
               "function %s returned FALSE without an error",
               name != NULL ? name : node_id != NULL ? node_id : "(unnamed)");
}

static GQuark
keywords_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("schedula-function-takes-keywords");
  return quark;
}

/* Marks the functions of a class (and of its subclasses) as taking the
 * keywords of a call (schedula_call_set_keywords()); called from class_init. */
void
_schedula_function_class_take_keywords (SchedulaFunctionClass *klass)
{
  g_type_set_qdata (G_TYPE_FROM_CLASS (klass), keywords_quark (), GINT_TO_POINTER (TRUE));
}

static gboolean
takes_keywords (SchedulaFunction *self)
{
  for (GType t = G_TYPE_FROM_INSTANCE (self); t != 0; t = g_type_parent (t))
    if (g_type_get_qdata (t, keywords_quark ()) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * schedula_function_invoke:
 * @self: a #SchedulaFunction
 * @call: the call, with its inputs set
 * @error: return location for a #GError
 *
 * Runs the function, on its main context if its flags say so. A function
 * that returns %FALSE without an error fails with
 * %SCHEDULA_DISPATCH_ERROR_NODE_FAILED. A call with keywords
 * ([method@Call.set_keywords]) fails with
 * %SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS unless the function takes them.
 *
 * Returns: %TRUE on success
 */
gboolean
schedula_function_invoke (SchedulaFunction  *self,
                          SchedulaCall      *call,
                          GError           **error)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), FALSE);
  g_return_val_if_fail (SCHEDULA_IS_CALL (call), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (call->keywords != NULL && schedula_dict_get_size (call->keywords) > 0 &&
      !takes_keywords (self))
    {
      /* Python's TypeError text */
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
                   "%s() got an unexpected keyword argument '%s'",
                   schedula_function_get_name (self),
                   schedula_dict_get_key (call->keywords, 0));
      return FALSE;
    }
  return _schedula_function_run (self, call, error);
}

/* Runs @self outside a dispatch on copies of @inputs (and @keywords) for
 * @n_outputs outputs: a new array of them, NONE where the function set
 * nothing, or NULL with @error set */
static GValue *
call_outside (SchedulaFunction  *self,
              const GValue      *inputs,
              guint              n_inputs,
              SchedulaDict      *keywords,
              guint              n_outputs,
              GError           **error)
{
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  GValue *outputs;

  if (!schedula_call_set_inputs (call, inputs, n_inputs, n_outputs, error))
    return NULL;
  schedula_call_set_keywords (call, keywords);
  if (!schedula_function_invoke (self, call, error))
    return NULL;
  if (call->has_bad_output)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                   "function %s set output %u but was asked for %u outputs",
                   schedula_function_get_name (self) ? schedula_function_get_name (self) : "(unnamed)",
                   call->bad_output, n_outputs);
      return NULL;
    }

  outputs = g_new0 (GValue, MAX (n_outputs, 1));
  for (guint i = 0; i < n_outputs; i++)
    {
      if (_SCHEDULA_VALUE_SET (&call->outputs[i]))
        {
          GValue zero = G_VALUE_INIT;

          outputs[i] = call->outputs[i];
          call->outputs[i] = zero;
        }
      else
        schedula_value_init_none (&outputs[i]);
    }
  return outputs;
}

/**
 * schedula_function_call:
 * @self: a #SchedulaFunction
 * @inputs: (array length=n_inputs): the input values
 * @n_inputs: the number of inputs
 * @n_outputs: the number of outputs to collect
 * @n_results: (out) (optional): set to @n_outputs on success, to 0 on error
 * @error: return location for a #GError
 *
 * Runs the function on @inputs outside any dispatch. Outputs the function did
 * not set come back as NONE. (@n_results repeats @n_outputs for the bindings,
 * which take the length of a returned array from an out-parameter.)
 *
 * Returns: (array length=n_results) (transfer full) (nullable): the
 *   @n_outputs outputs, or %NULL on error
 */
GValue *
schedula_function_call (SchedulaFunction  *self,
                        const GValue      *inputs,
                        guint              n_inputs,
                        guint              n_outputs,
                        guint             *n_results,
                        GError           **error)
{
  GValue *outputs;

  if (n_results != NULL)
    *n_results = 0;
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), NULL);
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  outputs = call_outside (self, inputs, n_inputs, NULL, n_outputs, error);
  if (outputs != NULL && n_results != NULL)
    *n_results = n_outputs;
  return outputs;
}

/**
 * schedula_function_call_full:
 * @self: a #SchedulaFunction
 * @args: (array length=n_args) (nullable): the positional arguments
 * @n_args: their number
 * @kwargs: (nullable): keyword arguments (see [method@Call.set_keywords])
 * @error: return location for a #GError
 *
 * Calls the function as schedula's `f(*args, **kwargs)`, outside any
 * dispatch, for its whole result: what a node with one output would get.
 * The functions made of a model ([class@SubDispatchFunction],
 * [class@SubDispatchPipe], [class@DispatchPipe]) take their inputs by
 * position or by id, and a missing, repeated or unknown argument fails with
 * %SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS and schedula's `TypeError` text;
 * other functions fail with it when given keywords.
 *
 * Returns: (transfer full) (nullable): the result, NONE when the function
 *   produced nothing (free it with `g_boxed_free (G_TYPE_VALUE, value)`),
 *   or %NULL with @error set
 */
GValue *
schedula_function_call_full (SchedulaFunction  *self,
                             const GValue      *args,
                             guint              n_args,
                             SchedulaDict      *kwargs,
                             GError           **error)
{
  g_return_val_if_fail (SCHEDULA_IS_FUNCTION (self), NULL);
  g_return_val_if_fail (args != NULL || n_args == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return call_outside (self, args, n_args, kwargs, 1, error);
}
