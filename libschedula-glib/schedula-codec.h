/* schedula-codec.h: values that leave the process
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-version-macros.h"
#include "schedula-call.h"

G_BEGIN_DECLS

#define SCHEDULA_TYPE_CODEC (schedula_codec_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SchedulaCodec, schedula_codec, SCHEDULA, CODEC, GObject)

/**
 * SchedulaCodecClass:
 * @parent_class: the parent class
 * @encode: gives the data of @value, a #GVariant
 * @decode: makes the value of @data (what @encode gave) in @value, an
 *   uninitialized #GValue
 *
 * The class of [class@Codec].
 */
struct _SchedulaCodecClass
{
  GObjectClass parent_class;

  GVariant *(*encode) (SchedulaCodec  *self,
                       const GValue   *value,
                       GError        **error);
  gboolean  (*decode) (SchedulaCodec  *self,
                       GVariant       *data,
                       GValue         *value,
                       GError        **error);

  /*< private >*/
  gpointer _reserved[8];
};

SCHEDULA_AVAILABLE_IN_ALL
SchedulaCodec *schedula_codec_new_for_closures (const char     *name,
                                                GType           value_type,
                                                GClosure       *encode,
                                                GClosure       *decode) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
const char    *schedula_codec_get_name         (SchedulaCodec  *self);
SCHEDULA_AVAILABLE_IN_ALL
GType          schedula_codec_get_value_type   (SchedulaCodec  *self);

SCHEDULA_AVAILABLE_IN_ALL
void           schedula_codec_register         (SchedulaCodec  *codec);
SCHEDULA_AVAILABLE_IN_ALL
GVariant      *schedula_value_encode           (const GValue   *value,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
gboolean       schedula_value_decode           (GVariant       *encoded,
                                                GValue         *value,
                                                GError        **error);

SCHEDULA_AVAILABLE_IN_ALL
gboolean       schedula_call_decode_inputs     (SchedulaCall   *call,
                                                GVariant       *inputs,
                                                guint           n_outputs,
                                                GError        **error);
SCHEDULA_AVAILABLE_IN_ALL
GVariant      *schedula_call_encode_outputs    (SchedulaCall   *call,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
