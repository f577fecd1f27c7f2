/* schedula-codec.c: values that leave the process
 *
 * A value that goes to a worker process (or into a file) travels as a
 * GVariant `(sv)`: the name of its codec and its data. The library's own
 * values (numbers, strings, booleans, NONE, dicts, sequences) have the
 * codec "" and their GVariant form (schedula_value_to_variant()). Other
 * values need the codec of their type, which whoever makes them registers:
 * the Python binding registers "pickle" for Python objects.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-codec.h"
#include "schedula-value.h"
#include "schedula-private.h"

/**
 * SchedulaCodec:
 *
 * How values of one type travel to other processes: a name, the #GType it
 * encodes, and the two directions. [method@Codec.register] makes it the codec
 * of its type (and of its name, to decode); [func@value_encode] and
 * [func@value_decode] use the registered codecs.
 */

typedef struct
{
  char     *name;
  GType     value_type;
  GClosure *encode;
  GClosure *decode;
} SchedulaCodecPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SchedulaCodec, schedula_codec, G_TYPE_OBJECT)

static void
schedula_codec_finalize (GObject *object)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (SCHEDULA_CODEC (object));

  g_free (priv->name);
  g_clear_pointer (&priv->encode, g_closure_unref);
  g_clear_pointer (&priv->decode, g_closure_unref);

  G_OBJECT_CLASS (schedula_codec_parent_class)->finalize (object);
}

/* The closure convention: encode gets the value and returns a GVariant (or
 * a GError value); decode gets the GVariant and returns the value (a
 * G_TYPE_VALUE), or a GError value */
static GVariant *
closure_encode (SchedulaCodec  *self,
                const GValue   *value,
                GError        **error)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (self);
  GValue param = G_VALUE_INIT;
  GValue ret = G_VALUE_INIT;
  const GValue *result;
  GVariant *data = NULL;

  g_value_init (&param, G_TYPE_VALUE);
  g_value_set_boxed (&param, value);
  g_value_init (&ret, G_TYPE_VALUE);
  g_closure_invoke (priv->encode, &ret, 1, &param, NULL);
  g_value_unset (&param);
  result = g_value_get_boxed (&ret);
  if (result != NULL && G_VALUE_HOLDS (result, G_TYPE_VARIANT) && g_value_get_variant (result) != NULL)
    data = g_variant_ref_sink (g_value_get_variant (result));
  else if (result != NULL && G_VALUE_HOLDS (result, G_TYPE_ERROR) && g_value_get_boxed (result) != NULL)
    g_propagate_error (error, g_error_copy (g_value_get_boxed (result)));
  else
    g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                 "the codec %s gave no GVariant for a %s", priv->name, G_VALUE_TYPE_NAME (value));
  g_value_unset (&ret);
  return data;
}

static gboolean
closure_decode (SchedulaCodec  *self,
                GVariant       *data,
                GValue         *value,
                GError        **error)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (self);
  GValue param = G_VALUE_INIT;
  GValue ret = G_VALUE_INIT;
  const GValue *result;
  gboolean ok = FALSE;

  g_value_init (&param, G_TYPE_VARIANT);
  g_value_set_variant (&param, data);
  g_value_init (&ret, G_TYPE_VALUE);
  g_closure_invoke (priv->decode, &ret, 1, &param, NULL);
  g_value_unset (&param);
  result = g_value_get_boxed (&ret);
  if (result != NULL && G_VALUE_HOLDS (result, G_TYPE_ERROR) && g_value_get_boxed (result) != NULL)
    g_propagate_error (error, g_error_copy (g_value_get_boxed (result)));
  else if (result != NULL && _SCHEDULA_VALUE_SET (result))
    {
      _schedula_value_copy_widened (result, value);
      ok = TRUE;
    }
  else
    g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                 "the codec %s gave no value", priv->name);
  g_value_unset (&ret);
  return ok;
}

static GVariant *
schedula_codec_real_encode (SchedulaCodec  *self,
                            const GValue   *value,
                            GError        **error)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (self);

  if (priv->encode != NULL)
    return closure_encode (self, value, error);
  return schedula_value_to_variant (value, error);
}

static gboolean
schedula_codec_real_decode (SchedulaCodec  *self,
                            GVariant       *data,
                            GValue         *value,
                            GError        **error)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (self);

  if (priv->decode != NULL)
    return closure_decode (self, data, value, error);
  return schedula_value_from_variant (data, value, error);
}

static void
schedula_codec_class_init (SchedulaCodecClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schedula_codec_finalize;
  klass->encode = schedula_codec_real_encode;
  klass->decode = schedula_codec_real_decode;
}

static void
schedula_codec_init (SchedulaCodec *self)
{
}

static GClosure *
take_closure (GClosure *closure)
{
  g_closure_ref (closure);
  g_closure_sink (closure);
  if (G_CLOSURE_NEEDS_MARSHAL (closure))
    g_closure_set_marshal (closure, g_cclosure_marshal_generic);
  return closure;
}

/**
 * schedula_codec_new_for_closures:
 * @name: the name of the codec: what the data of its values is labelled with
 * @value_type: the type of the values it encodes
 * @encode: called with a #GValue (`G_TYPE_VALUE`), returns its data as a
 *   #GVariant, or a #GError
 * @decode: called with the data (a #GVariant), returns the value (a
 *   `G_TYPE_VALUE`), or a #GError
 *
 * Makes a codec of two closures: the way a language binding (PyGObject
 * turns Python callables into closures) makes one.
 *
 * Returns: (transfer full): the codec
 */
SchedulaCodec *
schedula_codec_new_for_closures (const char *name,
                                 GType       value_type,
                                 GClosure   *encode,
                                 GClosure   *decode)
{
  SchedulaCodec *self;
  SchedulaCodecPrivate *priv;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (encode != NULL && decode != NULL, NULL);

  self = g_object_new (SCHEDULA_TYPE_CODEC, NULL);
  priv = schedula_codec_get_instance_private (self);
  priv->name = g_strdup (name);
  priv->value_type = value_type;
  priv->encode = take_closure (encode);
  priv->decode = take_closure (decode);
  return self;
}

/**
 * schedula_codec_get_name:
 * @self: a #SchedulaCodec
 *
 * Gets the name of the codec.
 *
 * Returns: the name
 */
const char *
schedula_codec_get_name (SchedulaCodec *self)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_CODEC (self), NULL);

  return priv->name;
}

/**
 * schedula_codec_get_value_type:
 * @self: a #SchedulaCodec
 *
 * Gets the type of the values the codec encodes.
 *
 * Returns: the type
 */
GType
schedula_codec_get_value_type (SchedulaCodec *self)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (self);

  g_return_val_if_fail (SCHEDULA_IS_CODEC (self), G_TYPE_INVALID);

  return priv->value_type;
}

/* The registry: by type to encode, by name to decode */

static GMutex codecs_lock;
static GHashTable *codecs_by_type;   /* GType -> SchedulaCodec */
static GHashTable *codecs_by_name;   /* name -> SchedulaCodec */

/**
 * schedula_codec_register:
 * @codec: a codec
 *
 * Makes @codec the codec of its type and of its name, replacing one that
 * was.
 */
void
schedula_codec_register (SchedulaCodec *codec)
{
  SchedulaCodecPrivate *priv = schedula_codec_get_instance_private (codec);

  g_return_if_fail (SCHEDULA_IS_CODEC (codec));
  g_return_if_fail (priv->name != NULL && priv->name[0] != '\0');

  g_mutex_lock (&codecs_lock);
  if (codecs_by_type == NULL)
    {
      codecs_by_type = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
      codecs_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    }
  g_hash_table_insert (codecs_by_type, GSIZE_TO_POINTER (priv->value_type), g_object_ref (codec));
  g_hash_table_insert (codecs_by_name, g_strdup (priv->name), g_object_ref (codec));
  g_mutex_unlock (&codecs_lock);
}

static SchedulaCodec *
lookup_codec (GType       type,
              const char *name)
{
  SchedulaCodec *codec = NULL;

  g_mutex_lock (&codecs_lock);
  if (codecs_by_type != NULL)
    {
      if (name != NULL)
        codec = g_hash_table_lookup (codecs_by_name, name);
      else
        for (GType t = type; t != 0 && codec == NULL; t = g_type_parent (t))
          codec = g_hash_table_lookup (codecs_by_type, GSIZE_TO_POINTER (t));
      if (codec != NULL)
        g_object_ref (codec);
    }
  g_mutex_unlock (&codecs_lock);
  return codec;
}

/* GLib reads 128 levels of containers from a message (its private
 * G_VARIANT_MAX_RECURSION_DEPTH): past them, it gives the unit tuple () for
 * the contents of a variant, without an error. The depth of a type is
 * measured as GLib measures it (g_variant_type_info_query_depth). */
#define VARIANT_MAX_DEPTH 128

static guint
type_depth (const GVariantType *type)
{
  guint inner = 0;

  if (g_variant_type_is_array (type) || g_variant_type_is_maybe (type))
    inner = type_depth (g_variant_type_element (type));
  else if (g_variant_type_is_tuple (type) || g_variant_type_is_dict_entry (type))
    for (const GVariantType *item = g_variant_type_first (type); item != NULL; item = g_variant_type_next (item))
      inner = MAX (inner, type_depth (item));
  return inner + 1;
}

typedef struct
{
  GVariant *variant;
  guint     depth;
} Level;

/* Whether a message can carry @encoded whole: every variant at depth d in
 * it holds a value whose type is less than 128 - d deep, as GLib checks
 * when it reads one. Without recursion: values nest up to 1,000 levels. */
static gboolean
travels_whole (GVariant *encoded)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Level));
  gboolean ok = TRUE;
  Level top = { g_variant_ref (encoded), 0 };

  g_array_append_val (stack, top);
  while (stack->len > 0)
    {
      Level l = g_array_index (stack, Level, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      if (ok && g_variant_is_container (l.variant))
        {
          gsize n = g_variant_n_children (l.variant);

          if (g_variant_is_of_type (l.variant, G_VARIANT_TYPE_VARIANT))
            {
              g_autoptr(GVariant) inner = g_variant_get_variant (l.variant);

              ok = l.depth < VARIANT_MAX_DEPTH &&
                   type_depth (g_variant_get_type (inner)) < VARIANT_MAX_DEPTH - l.depth;
            }
          for (gsize i = 0; ok && i < n; i++)
            {
              Level child = { g_variant_get_child_value (l.variant, i), l.depth + 1 };

              g_array_append_val (stack, child);
            }
        }
      g_variant_unref (l.variant);
    }
  return ok;
}

/**
 * schedula_value_encode:
 * @value: a value
 * @error: return location for a #GError
 *
 * Encodes a value for another process: `("", form)` for the library's own
 * values (see [func@value_to_variant]), `(name, data)` for a value whose
 * type has a registered codec.
 *
 * A value that nests deeper than a GVariant message carries whole (GLib
 * reads 128 levels of containers: 62 levels of sequences, 41 of dicts) is
 * refused with %SCHEDULA_DISPATCH_ERROR_TOO_LARGE, rather than cut short
 * on the other side.
 *
 * Returns: (transfer full): the `(sv)` variant, or %NULL with @error set
 *   when the value has no codec or nests too deep
 */
GVariant *
schedula_value_encode (const GValue  *value,
                       GError       **error)
{
  g_return_val_if_fail (value != NULL && G_IS_VALUE (value), NULL);

  return _schedula_value_encode (value, TRUE, error);
}

/* schedula_value_encode(), and for a model file (@for_message FALSE) at
 * any depth: JSON carries what a GVariant message does not */
GVariant *
_schedula_value_encode (const GValue  *value,
                        gboolean       for_message,
                        GError       **error)
{
  g_autoptr(SchedulaCodec) codec = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GError) builtin_error = NULL;
  GVariant *encoded;

  codec = lookup_codec (G_VALUE_TYPE (value), NULL);
  if (codec == NULL)
    {
      data = schedula_value_to_variant (value, &builtin_error);
      if (data == NULL)
        {
          g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                       "%s (and no codec is registered for it)", builtin_error->message);
          return NULL;
        }
      encoded = g_variant_ref_sink (g_variant_new ("(sv)", "", data));
    }
  else
    {
      data = SCHEDULA_CODEC_GET_CLASS (codec)->encode (codec, value, error);
      if (data == NULL)
        return NULL;
      encoded = g_variant_ref_sink (g_variant_new ("(sv)", schedula_codec_get_name (codec), data));
    }
  if (for_message && !travels_whole (encoded))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
                   "the value nests deeper than a message between processes carries "
                   "(GLib reads 128 levels of GVariant containers: 62 levels of sequences, "
                   "41 of dicts)");
      g_variant_unref (encoded);
      return NULL;
    }
  return encoded;
}

/**
 * schedula_value_decode:
 * @encoded: an `(sv)` variant that [func@value_encode] made
 * @value: (out caller-allocates): an uninitialized #GValue
 * @error: return location for a #GError
 *
 * Decodes a value that came from another process.
 *
 * Returns: (skip): %TRUE with @value set, or %FALSE with @error set when the codec
 *   of the data is not registered here or refuses it
 */
gboolean
schedula_value_decode (GVariant  *encoded,
                       GValue    *value,
                       GError   **error)
{
  g_autoptr(SchedulaCodec) codec = NULL;
  g_autoptr(GVariant) data = NULL;
  const char *name;

  g_return_val_if_fail (encoded != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!g_variant_is_of_type (encoded, G_VARIANT_TYPE ("(sv)")))
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "an encoded value is a (sv), not a %s", g_variant_get_type_string (encoded));
      return FALSE;
    }
  g_variant_get (encoded, "(&sv)", &name, &data);
  if (name[0] == '\0')
    return schedula_value_from_variant (data, value, error);
  codec = lookup_codec (G_TYPE_INVALID, name);
  if (codec == NULL)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                   "no codec %s is registered in this process", name);
      return FALSE;
    }
  return SCHEDULA_CODEC_GET_CLASS (codec)->decode (codec, data, value, error);
}

/**
 * schedula_call_decode_inputs:
 * @call: a #SchedulaCall
 * @inputs: the encoded inputs, `a(sv)`: each as [func@value_encode] made it
 * @n_outputs: how many outputs the call has
 * @error: return location for a #GError
 *
 * Gives @call the inputs that came from another process: what a worker
 * does with a call it reads (see [func@value_decode]). The values go from
 * the message to the call without passing through a binding, which keeps
 * their types (and, from Python, keeps PyGObject from handing out a dict
 * or a sequence of the library that the call owns).
 *
 * Returns: %TRUE, or %FALSE with @error set when an input cannot be
 *   decoded here (its error names its position)
 */
gboolean
schedula_call_decode_inputs (SchedulaCall  *call,
                             GVariant      *inputs,
                             guint          n_outputs,
                             GError       **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  gsize n;

  g_return_val_if_fail (SCHEDULA_IS_CALL (call), FALSE);
  g_return_val_if_fail (inputs != NULL && g_variant_is_of_type (inputs, G_VARIANT_TYPE ("a(sv)")), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_array_set_clear_func (values, (GDestroyNotify) g_value_unset);
  n = g_variant_n_children (inputs);
  g_array_set_size (values, n);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) v = g_variant_get_child_value (inputs, i);

      if (!schedula_value_decode (v, &g_array_index (values, GValue, i), error))
        {
          g_prefix_error (error, "input %" G_GSIZE_FORMAT ": ", i);
          return FALSE;
        }
    }
  return schedula_call_set_inputs (call, (const GValue *) values->data, values->len, n_outputs, error);
}

/**
 * schedula_call_encode_outputs:
 * @call: a #SchedulaCall whose function ran
 * @error: return location for a #GError
 *
 * Encodes the outputs of @call for another process, `a(sv)`: NONE where
 * the function set nothing. What a worker sends back.
 *
 * Returns: (transfer full): the encoded outputs, or %NULL with @error set
 *   when an output cannot travel (its error names its position)
 */
GVariant *
schedula_call_encode_outputs (SchedulaCall  *call,
                              GError       **error)
{
  GVariantBuilder outputs;
  guint n;

  g_return_val_if_fail (SCHEDULA_IS_CALL (call), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = schedula_call_get_n_outputs (call);
  g_variant_builder_init (&outputs, G_VARIANT_TYPE ("a(sv)"));
  for (guint i = 0; i < n; i++)
    {
      const GValue *out = schedula_call_get_output (call, i);
      g_auto(GValue) none = G_VALUE_INIT;
      GVariant *encoded;

      if (out == NULL)
        {
          schedula_value_init_none (&none);
          out = &none;
        }
      encoded = schedula_value_encode (out, error);
      if (encoded == NULL)
        {
          g_prefix_error (error, "output %u: ", i);
          g_variant_builder_clear (&outputs);
          return NULL;
        }
      g_variant_builder_add_value (&outputs, encoded);
      g_variant_unref (encoded);
    }
  return g_variant_ref_sink (g_variant_builder_end (&outputs));
}
