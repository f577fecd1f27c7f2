/* schedula-types.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-types.h"
#include "schedula-private.h"

/**
 * schedula_dispatch_error_quark:
 *
 * The error domain of libschedula-glib, %SCHEDULA_DISPATCH_ERROR.
 *
 * Returns: the quark of the domain
 */
G_DEFINE_QUARK (schedula-dispatch-error-quark, schedula_dispatch_error)

G_DEFINE_BOXED_TYPE (SchedulaDistance, schedula_distance,
                     schedula_distance_copy, schedula_distance_free)

/**
 * schedula_distance_new:
 * @inf: the infinite part
 * @num: the finite part
 *
 * Creates a two-level distance on the heap.
 *
 * Returns: (transfer full): a new #SchedulaDistance
 */
SchedulaDistance *
schedula_distance_new (gdouble inf,
                       gdouble num)
{
  SchedulaDistance *self = g_new (SchedulaDistance, 1);

  self->inf = inf;
  self->num = num;
  return self;
}

/**
 * schedula_distance_copy:
 * @self: a #SchedulaDistance
 *
 * Copies a distance.
 *
 * Returns: (transfer full): a copy of @self
 */
SchedulaDistance *
schedula_distance_copy (const SchedulaDistance *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * schedula_distance_free:
 * @self: (transfer full): a #SchedulaDistance
 *
 * Frees a distance made by [ctor@Distance.new] or [method@Distance.copy].
 */
void
schedula_distance_free (SchedulaDistance *self)
{
  g_free (self);
}

/**
 * schedula_distance_compare:
 * @a: a #SchedulaDistance
 * @b: a #SchedulaDistance
 *
 * Compares two distances as schedula does: the infinite parts first, then
 * the finite ones.
 *
 * Returns: a negative number if @a is shorter, 0 if equal, positive if longer
 */
int
schedula_distance_compare (const SchedulaDistance *a,
                           const SchedulaDistance *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if (a->inf != b->inf)
    return a->inf < b->inf ? -1 : 1;
  if (a->num != b->num)
    return a->num < b->num ? -1 : 1;
  return 0;
}

static void
append_number (GString *s,
               gdouble  v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (v))
    g_string_append (s, v > 0 ? "inf" : "-inf");
  else if (v == floor (v) && fabs (v) < 1e16)
    g_string_append_printf (s, "%.1f", v);
  else
    g_string_append (s, g_ascii_dtostr (buf, sizeof buf, v));
}

/**
 * schedula_distance_to_string:
 * @self: a #SchedulaDistance
 *
 * Formats a distance as the specification prints it: `2.0`, or `inf(1, 3.0)`
 * when the infinite part is not zero.
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
schedula_distance_to_string (const SchedulaDistance *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (NULL);
  if (self->inf == 0)
    append_number (s, self->num);
  else
    {
      g_string_append (s, "inf(");
      /* The infinite part counts levels, an integer in the reference. */
      if (self->inf == floor (self->inf) && fabs (self->inf) < 1e16)
        g_string_append_printf (s, "%.0f", self->inf);
      else
        append_number (s, self->inf);
      g_string_append (s, ", ");
      append_number (s, self->num);
      g_string_append_c (s, ')');
    }
  return g_string_free (s, FALSE);
}

/**
 * schedula_id_is_special:
 * @id: a node id
 *
 * Whether @id is one of the special ids %SCHEDULA_START, %SCHEDULA_SINK,
 * %SCHEDULA_END, %SCHEDULA_SELF and %SCHEDULA_PLOT.
 *
 * Returns: %TRUE for a special id
 */
gboolean
schedula_id_is_special (const char *id)
{
  g_return_val_if_fail (id != NULL, FALSE);

  if (id[0] != '$')
    return FALSE;
  return g_str_equal (id, SCHEDULA_START) || g_str_equal (id, SCHEDULA_SINK) ||
         g_str_equal (id, SCHEDULA_END) || g_str_equal (id, SCHEDULA_SELF) ||
         g_str_equal (id, SCHEDULA_PLOT);
}

/* schedula orders ids by str(id), and its special nodes are tokens whose
 * str() is their lower-case name: START sorts as "start", not "$START". */
const char *
_schedula_id_sort_key (const char *id)
{
  if (id[0] != '$')
    return id;
  if (g_str_equal (id, SCHEDULA_START))
    return "start";
  if (g_str_equal (id, SCHEDULA_SINK))
    return "sink";
  if (g_str_equal (id, SCHEDULA_END))
    return "end";
  if (g_str_equal (id, SCHEDULA_SELF))
    return "self";
  if (g_str_equal (id, SCHEDULA_PLOT))
    return "plot";
  return id;
}

int
_schedula_id_compare (const char *a,
                      const char *b)
{
  return strcmp (_schedula_id_sort_key (a), _schedula_id_sort_key (b));
}
