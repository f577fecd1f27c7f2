/* schedula-variant.c: values as GVariants, and dispatching from them
 *
 * The built-in values of the library have a GVariant form: integers are
 * `x`, doubles `d`, booleans `b`, strings `s`, NONE the empty maybe `mv`,
 * dicts `a{sv}` and sequences `av`. C code writes a model's inputs with
 * g_variant_new_parsed() and reads a solution back as one a{sv}; the same
 * form is how a value travels to a worker process or into a file.
 *
 * Values nest: both directions go down the containers with a depth bound
 * (SCHEDULA_MAX_VARIANT_DEPTH), past which the conversion fails instead of
 * recursing on.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-dispatcher.h"
#include "schedula-solution.h"
#include "schedula-value.h"
#include "schedula-private.h"

#define SCHEDULA_MAX_VARIANT_DEPTH 1000

static GType
array_type (void)
{
  GType type;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  type = g_value_array_get_type ();
  G_GNUC_END_IGNORE_DEPRECATIONS
  return type;
}

static gboolean
too_deep (GError **error)
{
  g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
               "the value nests deeper than %d levels", SCHEDULA_MAX_VARIANT_DEPTH);
  return FALSE;
}

/* The path of an error deep in a value: its first PATH_LEVELS steps, and
 * "...: " for the rest (a message, not a dump of 1,000 levels) */
#define PATH_LEVELS 16

static void
prefix_path (GError     **error,
             guint        depth,
             const char  *key,
             gsize        index)
{
  if (depth < PATH_LEVELS)
    {
      if (key != NULL)
        g_prefix_error (error, "%s: ", key);
      else
        g_prefix_error (error, "[%" G_GSIZE_FORMAT "]: ", index);
    }
  else if (depth == PATH_LEVELS)
    g_prefix_error (error, "...: ");
}

static GVariant *to_variant (const GValue *value, guint depth, GError **error);

static GVariant *
dict_to_variant (SchedulaDict  *dict,
                 guint          depth,
                 GError       **error)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    {
      GVariant *item = to_variant (schedula_dict_get_value (dict, i), depth + 1, error);

      if (item == NULL)
        {
          prefix_path (error, depth, schedula_dict_get_key (dict, i), 0);
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "{sv}", schedula_dict_get_key (dict, i), item);
      g_variant_unref (item);
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
sequence_to_variant (GValueArray  *array,
                     guint         depth,
                     GError      **error)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  for (guint i = 0; i < array->n_values; i++)
    {
      GVariant *item = to_variant (&array->values[i], depth + 1, error);

      if (item == NULL)
        {
          prefix_path (error, depth, NULL, i);
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "v", item);
      g_variant_unref (item);
    }
  return g_variant_builder_end (&builder);
}

/* A new (sunk) reference */
static GVariant *
to_variant (const GValue  *value,
            guint          depth,
            GError       **error)
{
  GType type = G_VALUE_TYPE (value);
  GVariant *v = NULL;

  if (depth > SCHEDULA_MAX_VARIANT_DEPTH)
    {
      too_deep (error);
      return NULL;
    }
  if (_SCHEDULA_NEEDS_WIDENING (type))
    {
      g_auto(GValue) wide = G_VALUE_INIT;

      _schedula_value_widen (value, &wide);
      if (G_VALUE_HOLDS_UINT64 (&wide))
        v = g_variant_new_uint64 (g_value_get_uint64 (&wide));
      else if (G_VALUE_HOLDS_ULONG (&wide))
        v = g_variant_new_uint64 (g_value_get_ulong (&wide));
      else
        return to_variant (&wide, depth, error);
    }
  else if (type == G_TYPE_INT64)
    v = g_variant_new_int64 (g_value_get_int64 (value));
  else if (type == G_TYPE_DOUBLE)
    v = g_variant_new_double (g_value_get_double (value));
  else if (type == G_TYPE_BOOLEAN)
    v = g_variant_new_boolean (g_value_get_boolean (value));
  else if (type == G_TYPE_STRING && g_value_get_string (value) != NULL)
    v = g_variant_new_string (g_value_get_string (value));
  else if (schedula_value_holds_none (value))
    v = g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
  else if (type == G_TYPE_VARIANT && g_value_get_variant (value) != NULL)
    v = g_value_get_variant (value);
  else if (type == SCHEDULA_TYPE_DICT && g_value_get_boxed (value) != NULL)
    v = dict_to_variant (g_value_get_boxed (value), depth, error);
  else if (type == array_type () && g_value_get_boxed (value) != NULL)
    v = sequence_to_variant (g_value_get_boxed (value), depth, error);
  else
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "a value of type %s has no GVariant form", g_type_name (type));
      return NULL;
    }
  return v != NULL ? g_variant_ref_sink (v) : NULL;
}

/**
 * schedula_value_to_variant:
 * @value: a value of the library
 * @error: return location for a #GError
 *
 * Gives the GVariant form of a value: `x` for integers (every width), `d`
 * for floating-point numbers, `b`, `s`, the empty maybe `mv` for NONE,
 * `a{sv}` for a [struct@Dict], `av` for a sequence (`GValueArray`); a
 * #GVariant value is itself. Other types have no GVariant form.
 *
 * Returns: (transfer full): the variant, or %NULL with @error set
 */
GVariant *
schedula_value_to_variant (const GValue  *value,
                           GError       **error)
{
  g_return_val_if_fail (value != NULL && G_IS_VALUE (value), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return to_variant (value, 0, error);
}

static gboolean from_variant (GVariant *variant, GValue *value, guint depth, GError **error);

/* An item of a dict or a sequence, one level down: the contents of its
 * variant (`av`, `a{sv}`) count as that level, not as one more */
static gboolean
from_item (GVariant  *item,
           GValue    *value,
           guint      depth,
           GError   **error)
{
  if (g_variant_is_of_type (item, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (item);

      return from_variant (inner, value, depth + 1, error);
    }
  return from_variant (item, value, depth + 1, error);
}

static gboolean
from_dict_variant (GVariant  *variant,
                   GValue    *value,
                   guint      depth,
                   GError   **error)
{
  g_autoptr(SchedulaDict) dict = schedula_dict_new ();
  gsize n = g_variant_n_children (variant);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (variant, i);
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
      g_autoptr(GVariant) item = g_variant_get_child_value (entry, 1);
      GValue v = G_VALUE_INIT;

      if (!from_item (item, &v, depth, error))
        {
          prefix_path (error, depth, g_variant_get_string (key, NULL), 0);
          return FALSE;
        }
      schedula_dict_take (dict, g_variant_get_string (key, NULL), &v);
    }
  g_value_init (value, SCHEDULA_TYPE_DICT);
  g_value_take_boxed (value, g_steal_pointer (&dict));
  return TRUE;
}

static gboolean
from_sequence_variant (GVariant  *variant,
                       GValue    *value,
                       guint      depth,
                       GError   **error)
{
  gsize n = g_variant_n_children (variant);
  GValueArray *array;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array = g_value_array_new (n);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (variant, i);
      GValue v = G_VALUE_INIT;

      if (!from_item (item, &v, depth, error))
        {
          prefix_path (error, depth, NULL, i);
          g_value_array_free (array);
          return FALSE;
        }
      g_value_array_append (array, &v);
      g_value_unset (&v);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_init (value, array_type ());
  g_value_take_boxed (value, array);
  return TRUE;
}

static gboolean
from_variant (GVariant  *variant,
              GValue    *value,
              guint      depth,
              GError   **error)
{
  const GVariantType *type = g_variant_get_type (variant);

  if (depth > SCHEDULA_MAX_VARIANT_DEPTH)
    return too_deep (error);

  switch (g_variant_classify (variant))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      g_value_init (value, G_TYPE_BOOLEAN);
      g_value_set_boolean (value, g_variant_get_boolean (variant));
      return TRUE;
    case G_VARIANT_CLASS_BYTE:
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_HANDLE:
      {
        gint64 n;

        switch (g_variant_classify (variant))
          {
          case G_VARIANT_CLASS_BYTE: n = g_variant_get_byte (variant); break;
          case G_VARIANT_CLASS_INT16: n = g_variant_get_int16 (variant); break;
          case G_VARIANT_CLASS_UINT16: n = g_variant_get_uint16 (variant); break;
          case G_VARIANT_CLASS_INT32: n = g_variant_get_int32 (variant); break;
          case G_VARIANT_CLASS_UINT32: n = g_variant_get_uint32 (variant); break;
          case G_VARIANT_CLASS_HANDLE: n = g_variant_get_handle (variant); break;
          default: n = g_variant_get_int64 (variant); break;
          }
        g_value_init (value, G_TYPE_INT64);
        g_value_set_int64 (value, n);
        return TRUE;
      }
    case G_VARIANT_CLASS_UINT64:
      {
        guint64 n = g_variant_get_uint64 (variant);

        if (n <= G_MAXINT64)
          {
            g_value_init (value, G_TYPE_INT64);
            g_value_set_int64 (value, (gint64) n);
          }
        else
          {
            g_value_init (value, G_TYPE_UINT64);
            g_value_set_uint64 (value, n);
          }
        return TRUE;
      }
    case G_VARIANT_CLASS_DOUBLE:
      g_value_init (value, G_TYPE_DOUBLE);
      g_value_set_double (value, g_variant_get_double (variant));
      return TRUE;
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, g_variant_get_string (variant, NULL));
      return TRUE;
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) inner = g_variant_get_variant (variant);

        return from_variant (inner, value, depth + 1, error);
      }
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr(GVariant) inner = g_variant_get_maybe (variant);

        if (inner == NULL)
          {
            schedula_value_init_none (value);
            return TRUE;
          }
        return from_variant (inner, value, depth + 1, error);
      }
    case G_VARIANT_CLASS_ARRAY:
      if (g_variant_type_equal (type, G_VARIANT_TYPE_BYTESTRING))
        {
          g_value_init (value, G_TYPE_BYTES);
          g_value_take_boxed (value, g_variant_get_data_as_bytes (variant));
          return TRUE;
        }
      if (g_variant_type_is_dict_entry (g_variant_type_element (type)) &&
          g_variant_type_equal (g_variant_type_key (g_variant_type_element (type)),
                                G_VARIANT_TYPE_STRING))
        return from_dict_variant (variant, value, depth, error);
      return from_sequence_variant (variant, value, depth, error);
    case G_VARIANT_CLASS_TUPLE:
      return from_sequence_variant (variant, value, depth, error);
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "a GVariant of type %s is not a value of the library",
                   g_variant_get_type_string (variant));
      return FALSE;
    }
}

/**
 * schedula_value_from_variant:
 * @variant: a #GVariant
 * @value: (out caller-allocates): an uninitialized #GValue
 * @error: return location for a #GError
 *
 * Reads the GVariant form of a value (see [func@value_to_variant]). Integer
 * types of every width become `G_TYPE_INT64`, strings, object paths and
 * signatures `G_TYPE_STRING`, a maybe its contents (the empty one NONE), a
 * variant its contents, an array of string-keyed dict entries a
 * [struct@Dict], a bytestring `ay` a #GBytes, and any other array or tuple
 * a sequence (`GValueArray`).
 *
 * Returns: (skip): %TRUE with @value set, %FALSE with @error set (a dict entry
 *   alone, or nesting deeper than 1,000 levels)
 */
gboolean
schedula_value_from_variant (GVariant  *variant,
                             GValue    *value,
                             GError   **error)
{
  g_return_val_if_fail (variant != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return from_variant (variant, value, 0, error);
}

/**
 * schedula_dispatcher_dispatch_variant:
 * @self: a #SchedulaDispatcher
 * @inputs: (nullable): the input values as a dictionary `a{sv}` (or any
 *   `a{s*}`), such as g_variant_new_parsed() makes; a floating reference is
 *   sunk
 * @outputs: (nullable) (array zero-terminated=1): the ids to compute
 * @options: (nullable): the other keywords of schedula's `dispatch`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Dispatches as [method@Dispatcher.dispatch] does, with the inputs given as
 * a #GVariant (read as [func@value_from_variant] reads values): the compact
 * way to dispatch from C.
 *
 * |[<!-- language="C" -->
 * g_autoptr(SchedulaSolution) sol =
 *   schedula_dispatcher_dispatch_variant (dsp,
 *                                         g_variant_new_parsed ("{'a': <1>, 'b': <2.5>}"),
 *                                         NULL, NULL, NULL, &error);
 * ]|
 *
 * Returns: (transfer full): the solution, or %NULL with @error set
 */
SchedulaSolution *
schedula_dispatcher_dispatch_variant (SchedulaDispatcher       *self,
                                      GVariant                 *inputs,
                                      const char *const        *outputs,
                                      SchedulaDispatchOptions  *options,
                                      GCancellable             *cancellable,
                                      GError                  **error)
{
  g_autoptr(GVariant) owned = inputs ? g_variant_ref_sink (inputs) : NULL;
  g_autoptr(GHashTable) table = NULL;
  g_auto(GValue) dict = G_VALUE_INIT;
  SchedulaDict *d;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (owned == NULL)
    return schedula_dispatcher_dispatch (self, NULL, outputs, options, cancellable, error);
  if (!g_variant_is_of_type (owned, G_VARIANT_TYPE ("a{s*}")))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "the inputs are a GVariant of type %s, not a dictionary a{sv}",
                   g_variant_get_type_string (owned));
      return NULL;
    }
  if (!from_variant (owned, &dict, 0, error))
    {
      g_prefix_error (error, "input ");
      return NULL;
    }
  d = g_value_get_boxed (&dict);
  table = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < schedula_dict_get_size (d); i++)
    g_hash_table_insert (table, (gpointer) schedula_dict_get_key (d, i),
                         (gpointer) schedula_dict_get_value (d, i));
  return schedula_dispatcher_dispatch (self, table, outputs, options, cancellable, error);
}

/**
 * schedula_solution_to_variant:
 * @self: a #SchedulaSolution
 * @error: return location for a #GError
 *
 * Gives the values of the solution, in order, as a dictionary `a{sv}` (see
 * [func@value_to_variant]): the compact way to read a solution from C,
 * with g_variant_lookup() or g_variant_print().
 *
 * |[<!-- language="C" -->
 * g_autoptr(GVariant) values = schedula_solution_to_variant (sol, &error);
 * gdouble speed;
 *
 * if (g_variant_lookup (values, "speed", "d", &speed))
 *   g_print ("%g km/h\n", speed);
 * ]|
 *
 * Returns: (transfer full): the values, or %NULL with @error set when a
 *   value has no GVariant form (the error names its node)
 */
GVariant *
schedula_solution_to_variant (SchedulaSolution  *self,
                              GError           **error)
{
  SchedulaSolutionIter iter;
  GVariantBuilder builder;
  const char *id;
  const GValue *value;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  schedula_solution_iter_init (&iter, self);
  while (schedula_solution_iter_next (&iter, &id, &value))
    {
      GVariant *v = to_variant (value, 1, error);

      if (v == NULL)
        {
          g_prefix_error (error, "node %s: ", id);
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "{sv}", id, v);
      g_variant_unref (v);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
