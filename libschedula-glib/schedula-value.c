/* schedula-value.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-value.h"
#include "schedula-private.h"

struct _SchedulaToken
{
  const char *name;
};

static SchedulaToken none_token = { "none" };

GType _schedula_token_gtype;
gconstpointer _schedula_none_token = &none_token;

static SchedulaToken *
token_copy (SchedulaToken *token)
{
  return token;
}

static void
token_free (SchedulaToken *token)
{
}

static GType schedula_token_get_type_once (void);

GType
schedula_token_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType id = schedula_token_get_type_once ();

      _schedula_token_gtype = id;
      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

static GType
schedula_token_get_type_once (void)
{
  return g_boxed_type_register_static (g_intern_static_string ("SchedulaToken"),
                                       (GBoxedCopyFunc) token_copy,
                                       (GBoxedFreeFunc) token_free);
}

/**
 * schedula_token_get_name:
 * @self: a #SchedulaToken
 *
 * Gets the name of a token, as schedula prints it (`none`).
 *
 * Returns: the name of the token
 */
const char *
schedula_token_get_name (const SchedulaToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * schedula_token_none:
 *
 * Gets the NONE token.
 *
 * Returns: (transfer none): the NONE token
 */
SchedulaToken *
schedula_token_none (void)
{
  return &none_token;
}

/**
 * schedula_value_init_none:
 * @value: (out caller-allocates): an uninitialized #GValue
 *
 * Initializes @value to schedula's NONE.
 */
void
schedula_value_init_none (GValue *value)
{
  g_return_if_fail (value != NULL);

  g_value_init (value, SCHEDULA_TYPE_TOKEN);
  g_value_set_static_boxed (value, &none_token);
}

/**
 * schedula_value_holds_none:
 * @value: (nullable): a #GValue
 *
 * Whether @value is schedula's NONE.
 *
 * Returns: %TRUE if @value holds NONE
 */
gboolean
schedula_value_holds_none (const GValue *value)
{
  return _schedula_is_none (value);
}

const GValue *
_schedula_none_value (void)
{
  static GValue none = G_VALUE_INIT;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      schedula_value_init_none (&none);
      g_once_init_leave (&initialized, 1);
    }
  return &none;
}

/**
 * schedula_value_is_truthy:
 * @value: (nullable): a #GValue
 *
 * Whether @value counts as true, as Python's `bool()` would say: %FALSE for
 * %NULL, NONE, a %NULL pointer, object or string, zero, an empty string and
 * %FALSE; %TRUE otherwise.
 *
 * Returns: the truth value of @value
 */
gboolean
schedula_value_is_truthy (const GValue *value)
{
  GType t;

  if (value == NULL || G_VALUE_TYPE (value) == G_TYPE_INVALID)
    return FALSE;
  if (schedula_value_holds_none (value))
    return FALSE;

  t = G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value));
  switch (t)
    {
    case G_TYPE_BOOLEAN: return g_value_get_boolean (value);
    case G_TYPE_CHAR: return g_value_get_schar (value) != 0;
    case G_TYPE_UCHAR: return g_value_get_uchar (value) != 0;
    case G_TYPE_INT: return g_value_get_int (value) != 0;
    case G_TYPE_UINT: return g_value_get_uint (value) != 0;
    case G_TYPE_LONG: return g_value_get_long (value) != 0;
    case G_TYPE_ULONG: return g_value_get_ulong (value) != 0;
    case G_TYPE_INT64: return g_value_get_int64 (value) != 0;
    case G_TYPE_UINT64: return g_value_get_uint64 (value) != 0;
    case G_TYPE_FLOAT: return g_value_get_float (value) != 0;
    case G_TYPE_DOUBLE: return g_value_get_double (value) != 0;
    case G_TYPE_ENUM: return g_value_get_enum (value) != 0;
    case G_TYPE_FLAGS: return g_value_get_flags (value) != 0;
    case G_TYPE_STRING:
      {
        const char *s = g_value_get_string (value);
        return s != NULL && s[0] != '\0';
      }
    case G_TYPE_POINTER: return g_value_get_pointer (value) != NULL;
    case G_TYPE_OBJECT: return g_value_get_object (value) != NULL;
    case G_TYPE_VARIANT: return g_value_get_variant (value) != NULL;
    default:
      if (G_VALUE_HOLDS_BOXED (value))
        return g_value_get_boxed (value) != NULL;
      return TRUE;
    }
}

/* Numbers at the boundary: bindings and C code give integers of every
 * width (a Vala int literal is a gint, GJS guesses gint or gdouble), but
 * functions read them as G_TYPE_INT64 and G_TYPE_DOUBLE. */

/* @src (of a type _SCHEDULA_NEEDS_WIDENING says yes to) into the
 * uninitialized @dest as G_TYPE_INT64 or G_TYPE_DOUBLE; a guint64 or
 * gulong above G_MAXINT64 stays as it is */
void
_schedula_value_widen (const GValue *src,
                       GValue       *dest)
{
  GType type = G_VALUE_TYPE (src);

  if (type == G_TYPE_FLOAT)
    {
      g_value_init (dest, G_TYPE_DOUBLE);
      g_value_set_double (dest, g_value_get_float (src));
      return;
    }
  if ((type == G_TYPE_UINT64 && g_value_get_uint64 (src) > G_MAXINT64) ||
      (type == G_TYPE_ULONG && g_value_get_ulong (src) > G_MAXINT64))
    {
      g_value_init (dest, type);
      g_value_copy (src, dest);
      return;
    }
  g_value_init (dest, G_TYPE_INT64);
  g_value_transform (src, dest);
}

/* Copies @src into the uninitialized @dest, numbers widened */
void
_schedula_value_copy_widened (const GValue *src,
                              GValue       *dest)
{
  if (_SCHEDULA_NEEDS_WIDENING (G_VALUE_TYPE (src)))
    _schedula_value_widen (src, dest);
  else
    {
      g_value_init (dest, G_VALUE_TYPE (src));
      g_value_copy (src, dest);
    }
}

/* Adapters: how to read a binding's containers as the library's. An entry
 * is reference counted so that a thread can run an adapter while another
 * replaces it: the old user data is freed after its last use. */

typedef struct
{
  gatomicrefcount       ref_count;
  SchedulaValueAdapter  func;
  gpointer              user_data;
  GDestroyNotify        destroy;
} Adapter;

static GMutex adapters_lock;
static GHashTable *adapters; /* GType -> Adapter* */

static void
adapter_unref (Adapter *adapter)
{
  if (g_atomic_ref_count_dec (&adapter->ref_count))
    {
      if (adapter->destroy != NULL)
        adapter->destroy (adapter->user_data);
      g_free (adapter);
    }
}

/* The adapter of type or of its nearest ancestor that has one, or NULL */
static Adapter *
adapter_lookup (GType type)
{
  Adapter *adapter = NULL;

  g_mutex_lock (&adapters_lock);
  for (GType t = type; adapters != NULL && t != G_TYPE_INVALID; t = g_type_parent (t))
    {
      adapter = g_hash_table_lookup (adapters, GSIZE_TO_POINTER (t));
      if (adapter != NULL)
        {
          g_atomic_ref_count_inc (&adapter->ref_count);
          break;
        }
    }
  g_mutex_unlock (&adapters_lock);
  return adapter;
}

/**
 * schedula_value_register_adapter:
 * @type: the type of the values @adapter reads
 * @adapter: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the adapter, or %NULL to remove the adapter of @type
 * @user_data: data for @adapter
 * @destroy: (nullable): frees @user_data when the adapter is replaced or
 *   removed, after its last use
 *
 * Tells the library how to read values of @type as a mapping or as a
 * sequence. The helpers ([func@bypass_new], [func@selector_new], ...) and
 * the sub-dispatch wrappers read their container arguments with
 * [func@value_dup_dict] and [func@value_dup_sequence], which use the adapter
 * of the value's type (or of its nearest ancestor type that has one) for
 * anything that is not already a [struct@Dict] or a `GValueArray`.
 *
 * Language bindings keep their own containers in values (PyGObject passes
 * Python lists and dicts as `PyObject` values); a binding registers one
 * adapter for that type, so that functions written in any language can be
 * given its values.
 *
 * A type has one adapter: registering another replaces it. This function
 * is thread-safe, and an adapter may run in any thread.
 */
void
schedula_value_register_adapter (GType                 type,
                                 SchedulaValueAdapter  adapter,
                                 gpointer              user_data,
                                 GDestroyNotify        destroy)
{
  Adapter *entry = NULL;
  Adapter *old = NULL;

  g_return_if_fail (type != G_TYPE_INVALID);

  if (adapter != NULL)
    {
      entry = g_new0 (Adapter, 1);
      g_atomic_ref_count_init (&entry->ref_count);
      entry->func = adapter;
      entry->user_data = user_data;
      entry->destroy = destroy;
    }

  g_mutex_lock (&adapters_lock);
  if (adapters == NULL)
    adapters = g_hash_table_new (NULL, NULL);
  old = g_hash_table_lookup (adapters, GSIZE_TO_POINTER (type));
  if (entry != NULL)
    g_hash_table_insert (adapters, GSIZE_TO_POINTER (type), entry);
  else
    g_hash_table_remove (adapters, GSIZE_TO_POINTER (type));
  g_mutex_unlock (&adapters_lock);

  if (old != NULL)
    adapter_unref (old);
  if (adapter == NULL && destroy != NULL)
    destroy (user_data);
}

static const char *
shape_name (SchedulaValueShape shape)
{
  return shape == SCHEDULA_VALUE_SHAPE_DICT ? "mapping" : "sequence";
}

/* Reads value through the adapter of its type into result, which then
 * holds a non-NULL boxed of container_type. */
static gboolean
adapt (const GValue        *value,
       SchedulaValueShape   shape,
       GType                container_type,
       GValue              *result,
       GError             **error)
{
  Adapter *adapter = adapter_lookup (G_VALUE_TYPE (value));
  GError *local_error = NULL;
  gboolean ok;

  if (adapter == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "a value of type %s is not a %s", G_VALUE_TYPE_NAME (value), shape_name (shape));
      return FALSE;
    }

  ok = adapter->func (value, shape, result, adapter->user_data, &local_error);
  adapter_unref (adapter);

  if (!ok)
    {
      if (_SCHEDULA_VALUE_SET (result))
        g_value_unset (result);
      if (local_error == NULL)
        g_set_error (&local_error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                     "a value of type %s is not a %s", G_VALUE_TYPE_NAME (value), shape_name (shape));
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);

  if (!_SCHEDULA_VALUE_SET (result) || !G_VALUE_HOLDS (result, container_type) ||
      g_value_get_boxed (result) == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "the adapter of type %s read a value as a %s of type %s instead of %s",
                   G_VALUE_TYPE_NAME (value), shape_name (shape),
                   _SCHEDULA_VALUE_SET (result) ? G_VALUE_TYPE_NAME (result) : "(none)",
                   g_type_name (container_type));
      if (_SCHEDULA_VALUE_SET (result))
        g_value_unset (result);
      return FALSE;
    }
  return TRUE;
}

/**
 * schedula_value_dup_dict:
 * @value: a value
 * @error: return location for a #GError
 *
 * Reads @value as a mapping: a [struct@Dict] value gives that dict;
 * a value of another type goes through the adapter registered for its type
 * (see [func@value_register_adapter]). Without an adapter, or when the
 * adapter refuses @value, it fails with
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT ("a value of type X is not a
 * mapping").
 *
 * Returns: (transfer full) (nullable): the mapping (a new reference: do not
 *   change a dict you did not make), or %NULL on error
 */
SchedulaDict *
schedula_value_dup_dict (const GValue  *value,
                         GError       **error)
{
  GValue result = G_VALUE_INIT;
  SchedulaDict *dict;

  g_return_val_if_fail (G_IS_VALUE (value), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (G_VALUE_HOLDS (value, SCHEDULA_TYPE_DICT) && g_value_get_boxed (value) != NULL)
    return schedula_dict_ref (g_value_get_boxed (value));

  if (!adapt (value, SCHEDULA_VALUE_SHAPE_DICT, SCHEDULA_TYPE_DICT, &result, error))
    return NULL;
  dict = g_value_dup_boxed (&result);
  g_value_unset (&result);
  return dict;
}

/**
 * schedula_value_dup_sequence:
 * @value: a value
 * @error: return location for a #GError
 *
 * Reads @value as a sequence: a `GValueArray` value gives a copy of it;
 * a value of another type goes through the adapter registered for its type
 * (see [func@value_register_adapter]). Without an adapter, or when the
 * adapter refuses @value, it fails with
 * %SCHEDULA_DISPATCH_ERROR_INVALID_INPUT ("a value of type X is not a
 * sequence").
 *
 * Returns: (transfer full) (nullable): the sequence, or %NULL on error
 */
GValueArray *
schedula_value_dup_sequence (const GValue  *value,
                             GError       **error)
{
  GValue result = G_VALUE_INIT;
  GValueArray *array;
  GType array_type;

  g_return_val_if_fail (G_IS_VALUE (value), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array_type = g_value_array_get_type ();
  if (G_VALUE_HOLDS (value, array_type) && g_value_get_boxed (value) != NULL)
    return g_value_array_copy (g_value_get_boxed (value));
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (!adapt (value, SCHEDULA_VALUE_SHAPE_SEQUENCE, array_type, &result, error))
    return NULL;
  array = g_value_dup_boxed (&result);
  g_value_unset (&result);
  return array;
}
