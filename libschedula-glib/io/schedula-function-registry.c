/* schedula-function-registry.c: how a model file finds its functions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-io-private.h"

/**
 * SchedulaFunctionRegistry:
 *
 * Where the loaders of model files find the functions a file names. A
 * model file stores a function by reference when it has one
 * ([property@Function:ref]: `c:LIBRARY:SYMBOL`, `python:MODULE:QUALNAME`),
 * else by name ([property@Function:name]); the helpers and wrappers of the
 * library are stored with their parameters and need no registry.
 *
 * - A name is looked up among the functions added with
 *   [method@FunctionRegistry.add]: the host says which code a file may
 *   call.
 * - A reference is resolved only when the caller of the loader passes
 *   %SCHEDULA_LOAD_FLAGS_ALLOW_REFS, by the resolver added for its prefix
 *   (the part before the first `:`) with
 *   [method@FunctionRegistry.add_resolver]. The library resolves `c:`
 *   references itself with [ctor@Function.new_for_ref] (a resolver added
 *   for `c` replaces it); the Python binding adds `python` and `dill`.
 *
 * [func@FunctionRegistry.get_default] is the registry of the process, the
 * one the loaders use when given none. A registry may be used from any
 * thread.
 *
 * |[<!-- language="C" -->
 * // A model saved with its function by name, loaded with a registry that has it.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * twice (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 x;
 *
 *   if (!schedula_call_get_int64 (call, 0, &x, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, 2 * x);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaFunction) f = schedula_function_new ("twice", twice, NULL, NULL);
 *   g_autoptr(SchedulaFunctionRegistry) registry = schedula_function_registry_new ();
 *   g_autoptr(SchedulaDispatcher) loaded = NULL;
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(GBytes) file = NULL;
 *   g_autoptr(GError) error = NULL;
 *
 *   schedula_dispatcher_add_function (dsp, NULL, f, SCHEDULA_IDS ("x"), SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *   file = schedula_dispatcher_save_to_bytes (dsp, &error);
 *   g_assert_no_error (error);
 *
 *   // Without the function, the file cannot be loaded
 *   loaded = schedula_dispatcher_new_from_bytes (file, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
 *   g_assert_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION);
 *   g_clear_error (&error);
 *
 *   schedula_function_registry_add (registry, NULL, f);
 *   loaded = schedula_dispatcher_new_from_bytes (file, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
 *   g_assert_no_error (error);
 *   sol = schedula_dispatcher_dispatch_variant (loaded, g_variant_new_parsed ("{'x': <21>}"),
 *                                               NULL, NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpint (g_value_get_int64 (schedula_solution_lookup (sol, "y")), ==, 42);
 *   return 0;
 * }
 * ]|
 */

typedef struct
{
  gatomicrefcount      ref_count;
  SchedulaRefResolver  func;
  gpointer             data;
  GDestroyNotify       destroy;
} Resolver;

struct _SchedulaFunctionRegistry
{
  GObject     parent_instance;

  GMutex      lock;
  GHashTable *functions;   /* name -> SchedulaFunction */
  GHashTable *resolvers;   /* prefix -> Resolver */
};

G_DEFINE_FINAL_TYPE (SchedulaFunctionRegistry, schedula_function_registry, G_TYPE_OBJECT)

static Resolver *
resolver_ref (Resolver *r)
{
  g_atomic_ref_count_inc (&r->ref_count);
  return r;
}

static void
resolver_unref (gpointer data)
{
  Resolver *r = data;

  if (g_atomic_ref_count_dec (&r->ref_count))
    {
      if (r->destroy != NULL)
        r->destroy (r->data);
      g_free (r);
    }
}

static void
schedula_function_registry_finalize (GObject *object)
{
  SchedulaFunctionRegistry *self = SCHEDULA_FUNCTION_REGISTRY (object);

  g_hash_table_unref (self->functions);
  g_hash_table_unref (self->resolvers);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (schedula_function_registry_parent_class)->finalize (object);
}

static void
schedula_function_registry_class_init (SchedulaFunctionRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_function_registry_finalize;
}

static void
schedula_function_registry_init (SchedulaFunctionRegistry *self)
{
  g_mutex_init (&self->lock);
  self->functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->resolvers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, resolver_unref);
}

/**
 * schedula_function_registry_new:
 *
 * Creates an empty registry: no function, no resolver but the library's
 * own for `c:` references.
 *
 * Returns: (transfer full): a new #SchedulaFunctionRegistry
 */
SchedulaFunctionRegistry *
schedula_function_registry_new (void)
{
  return g_object_new (SCHEDULA_TYPE_FUNCTION_REGISTRY, NULL);
}

/**
 * schedula_function_registry_get_default:
 *
 * Gets the registry of the process: the one the loaders use when given
 * none, where the bindings add their resolvers. It lives as long as the
 * process.
 *
 * Returns: (transfer none): the default registry
 */
SchedulaFunctionRegistry *
schedula_function_registry_get_default (void)
{
  static SchedulaFunctionRegistry *registry;

  if (g_once_init_enter (&registry))
    g_once_init_leave (&registry, schedula_function_registry_new ());
  return registry;
}

/**
 * schedula_function_registry_add:
 * @self: a #SchedulaFunctionRegistry
 * @name: (nullable): the name the files use, or %NULL for the name of
 *   @function
 * @function: the function
 *
 * Makes @function what a model file that names @name gets. A function
 * added under a name already used replaces the earlier one.
 *
 * |[<!-- language="C" -->
 * g_autoptr(SchedulaFunction) speed = schedula_function_new ("speed", speed_func, NULL, NULL);
 *
 * schedula_function_registry_add (schedula_function_registry_get_default (), NULL, speed);
 * ]|
 */
void
schedula_function_registry_add (SchedulaFunctionRegistry *self,
                                const char               *name,
                                SchedulaFunction         *function)
{
  g_return_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self));
  g_return_if_fail (SCHEDULA_IS_FUNCTION (function));

  if (name == NULL)
    name = schedula_function_get_name (function);
  g_return_if_fail (name != NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->functions, g_strdup (name), g_object_ref (function));
  g_mutex_unlock (&self->lock);
}

/**
 * schedula_function_registry_remove:
 * @self: a #SchedulaFunctionRegistry
 * @name: a name
 *
 * Removes the function added under @name.
 *
 * Returns: %TRUE if there was one
 */
gboolean
schedula_function_registry_remove (SchedulaFunctionRegistry *self,
                                   const char               *name)
{
  gboolean removed;

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  g_mutex_lock (&self->lock);
  removed = g_hash_table_remove (self->functions, name);
  g_mutex_unlock (&self->lock);
  return removed;
}

/**
 * schedula_function_registry_lookup:
 * @self: a #SchedulaFunctionRegistry
 * @name: a name
 *
 * Looks up the function added under @name.
 *
 * Returns: (transfer full) (nullable): the function, or %NULL
 */
SchedulaFunction *
schedula_function_registry_lookup (SchedulaFunctionRegistry *self,
                                   const char               *name)
{
  SchedulaFunction *f;

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  f = g_hash_table_lookup (self->functions, name);
  if (f != NULL)
    g_object_ref (f);
  g_mutex_unlock (&self->lock);
  return f;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * schedula_function_registry_dup_names:
 * @self: a #SchedulaFunctionRegistry
 *
 * Gets the names of the functions of the registry, sorted.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names
 */
char **
schedula_function_registry_dup_names (SchedulaFunctionRegistry *self)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self), NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->functions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_mutex_unlock (&self->lock);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static gboolean
prefix_valid (const char *prefix)
{
  return prefix != NULL && prefix[0] != '\0' && strchr (prefix, ':') == NULL;
}

/**
 * schedula_function_registry_add_resolver:
 * @self: a #SchedulaFunctionRegistry
 * @prefix: the prefix of the references it resolves, without the colon:
 *   `python` for `python:MODULE:QUALNAME`
 * @resolver: (scope notified) (closure user_data) (destroy destroy): the
 *   resolver
 * @user_data: data for @resolver
 * @destroy: (nullable): frees @user_data when the resolver is removed or
 *   replaced
 *
 * Makes @resolver the function that resolves the references of @prefix.
 * The loaders call it only when their caller allows references
 * (%SCHEDULA_LOAD_FLAGS_ALLOW_REFS), in the thread that loads. A resolver
 * added for a prefix already taken replaces the earlier one.
 */
void
schedula_function_registry_add_resolver (SchedulaFunctionRegistry *self,
                                         const char               *prefix,
                                         SchedulaRefResolver       resolver,
                                         gpointer                  user_data,
                                         GDestroyNotify            destroy)
{
  Resolver *r;

  g_return_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self));
  g_return_if_fail (prefix_valid (prefix));
  g_return_if_fail (resolver != NULL);

  r = g_new0 (Resolver, 1);
  g_atomic_ref_count_init (&r->ref_count);
  r->func = resolver;
  r->data = user_data;
  r->destroy = destroy;
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->resolvers, g_strdup (prefix), r);
  g_mutex_unlock (&self->lock);
}

/**
 * schedula_function_registry_remove_resolver:
 * @self: a #SchedulaFunctionRegistry
 * @prefix: the prefix given to [method@FunctionRegistry.add_resolver]
 *
 * Removes the resolver of @prefix. Removing the resolver added for `c`
 * brings back the library's own.
 *
 * Returns: %TRUE if there was one
 */
gboolean
schedula_function_registry_remove_resolver (SchedulaFunctionRegistry *self,
                                            const char               *prefix)
{
  gboolean removed;

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self), FALSE);
  g_return_val_if_fail (prefix != NULL, FALSE);

  g_mutex_lock (&self->lock);
  removed = g_hash_table_remove (self->resolvers, prefix);
  g_mutex_unlock (&self->lock);
  return removed;
}

/**
 * schedula_function_registry_resolve:
 * @self: a #SchedulaFunctionRegistry
 * @ref: a reference, `PREFIX:...`
 * @role: where the function goes
 * @error: return location for a #GError
 *
 * Makes the function @ref names, with the resolver of its prefix, or for
 * `c:` references without a resolver of their own, with
 * [ctor@Function.new_for_ref]. This is what the loaders do for a reference
 * when they are allowed to; calling it is allowing it.
 *
 * Returns: (transfer full): the function, or %NULL with @error set
 *   (%SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION when no resolver takes
 *   @ref, or the resolver's error)
 */
SchedulaFunction *
schedula_function_registry_resolve (SchedulaFunctionRegistry  *self,
                                    const char                *ref,
                                    SchedulaFunctionRole       role,
                                    GError                   **error)
{
  g_autofree char *prefix = NULL;
  const char *colon;
  Resolver *r;
  SchedulaFunction *f;
  GError *local_error = NULL;

  g_return_val_if_fail (SCHEDULA_IS_FUNCTION_REGISTRY (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  colon = strchr (ref, ':');
  if (colon == NULL || colon == ref)
    {
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
                   "the reference %s has no prefix (PREFIX:...)", ref);
      return NULL;
    }
  prefix = g_strndup (ref, colon - ref);
  g_mutex_lock (&self->lock);
  r = g_hash_table_lookup (self->resolvers, prefix);
  if (r != NULL)
    resolver_ref (r);
  g_mutex_unlock (&self->lock);

  if (r == NULL)
    {
      if (g_str_equal (prefix, "c"))
        return schedula_function_new_for_ref (ref, error);
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
                   "no resolver for the references %s: (%s)", prefix, ref);
      return NULL;
    }
  /* outside the lock: a resolver may use the registry */
  f = r->func (ref, role, r->data, &local_error);
  resolver_unref (r);
  if (f == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
                     "the resolver of %s: references cannot resolve %s", prefix, ref);
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (local_error != NULL)
    g_error_free (local_error);
  if (!SCHEDULA_IS_FUNCTION (f))
    {
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
                   "the resolver of %s: references gave no function for %s", prefix, ref);
      return NULL;
    }
  return f;
}
