/* test-sum.h: the sum of a call's inputs, read as integers, for the node
 * functions of the executor tests (test-functions.c, test-executors.c,
 * test-async.c)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <schedula-glib.h>

static inline gboolean
call_sum (SchedulaCall  *call,
          gint64        *total,
          GError       **error)
{
  *total = 0;
  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    {
      gint64 x;

      if (!schedula_call_get_int64 (call, i, &x, error))
        return FALSE;
      *total += x;
    }
  return TRUE;
}
