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
