/* schedula-private.h: helpers shared inside the library
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib-object.h>

#include "schedula-types.h"
#include "schedula-mapping.h"
#include "schedula-value.h"

G_BEGIN_DECLS

const GValue *_schedula_none_value            (void);

/* For sorting arrays of strings */
static inline int
_schedula_strcmp_indirect (const char *const *a,
                           const char *const *b)
{
  return g_strcmp0 (*a, *b);
}

/* Numbers as the library keeps them: every integer type as G_TYPE_INT64,
 * G_TYPE_FLOAT as G_TYPE_DOUBLE. The fundamental types to widen, by their
 * number (GType >> 2): char 3, uchar 4, int 6, uint 7, long 8, ulong 9,
 * uint64 11, float 14; all are below G_TYPE_DOUBLE. */
#define _SCHEDULA_WIDEN_MASK ((1u << 3) | (1u << 4) | (1u << 6) | (1u << 7) | (1u << 8) | \
                              (1u << 9) | (1u << 11) | (1u << 14))
#define _SCHEDULA_NEEDS_WIDENING(type) \
  ((type) < G_TYPE_DOUBLE && ((_SCHEDULA_WIDEN_MASK >> ((type) >> G_TYPE_FUNDAMENTAL_SHIFT)) & 1))

void          _schedula_value_widen           (const GValue    *src,
                                               GValue          *dest);
void          _schedula_value_copy_widened    (const GValue    *src,
                                               GValue          *dest);

/* Preconditions on enum and flag arguments */
#define _SCHEDULA_OUTPUT_TYPE_VALID(t) ((guint) (t) <= SCHEDULA_OUTPUT_TYPE_VALUES)
#define _SCHEDULA_WILDCARD_VALID(w) ((guint) (w) <= SCHEDULA_WILDCARD_COMPUTABLE)
#define _SCHEDULA_RAISES_VALID(r) ((guint) (r) <= SCHEDULA_RAISES_RAISE)
#define _SCHEDULA_SUB_DISPATCHER_FLAGS_VALID(f) \
  (((guint) (f) & ~(guint) (SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE | SCHEDULA_SUB_DISPATCHER_FLAGS_ADD_MISSING | \
                            SCHEDULA_SUB_DISPATCHER_FLAGS_NO_CHECK_INPUTS | SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL)) == 0)

/* schedula-limits.c */
gboolean      _schedula_depth_enter           (GError        **error);
void          _schedula_depth_leave           (void);
guint         _schedula_depth_get             (void);
void          _schedula_depth_set             (guint           depth);
gboolean      _schedula_log_failures          (void);

extern GType  _schedula_token_gtype;
extern gconstpointer _schedula_none_token;

/* Whether a value is set: cheaper than G_IS_VALUE, which looks the type up. */
#define _SCHEDULA_VALUE_SET(v) (G_VALUE_TYPE (v) != G_TYPE_INVALID)

static inline gboolean
_schedula_is_none (const GValue *v)
{
  return v != NULL && G_VALUE_TYPE (v) == _schedula_token_gtype && v->data[0].v_pointer == _schedula_none_token;
}
void          _schedula_mapping_freeze        (SchedulaMapping *self);
guint         _schedula_mapping_count_values  (SchedulaMapping *self,
                                               guint            position);

static inline gboolean
_schedula_set_str (char       **str_pointer,
                   const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

static inline SchedulaDistance
_schedula_distance_add (SchedulaDistance a,
                        gdouble          length)
{
  SchedulaDistance r = { a.inf, a.num + length };
  return r;
}

static inline SchedulaDistance
_schedula_distance_sum (SchedulaDistance a,
                        SchedulaDistance b)
{
  SchedulaDistance r = { a.inf + b.inf, a.num + b.num };
  return r;
}

static inline int
_schedula_distance_cmp (const SchedulaDistance *a,
                        const SchedulaDistance *b)
{
  if (a->inf != b->inf)
    return a->inf < b->inf ? -1 : 1;
  if (a->num != b->num)
    return a->num < b->num ? -1 : 1;
  return 0;
}

/* "No default value": NULL, an unset GValue, or a G_TYPE_POINTER value
 * holding NULL, which is what GJS passes for a nullable GValue given null. */
static inline const GValue *
_schedula_default_or_null (const GValue *value)
{
  if (value == NULL || !_SCHEDULA_VALUE_SET (value) ||
      (G_VALUE_HOLDS_POINTER (value) && g_value_get_pointer (value) == NULL))
    return NULL;
  return value;
}

/* schedula_value_encode(); with @for_message FALSE (a model file) without
 * the depth a GVariant message carries (schedula-codec.c) */
GVariant *_schedula_value_encode (const GValue  *value,
                                  gboolean       for_message,
                                  GError       **error);

/* Ids in schedula's order: by str(id), the special ids as their names */
const char *_schedula_id_sort_key (const char *id);
int         _schedula_id_compare  (const char *a,
                                   const char *b);

G_END_DECLS
