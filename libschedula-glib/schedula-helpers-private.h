/* schedula-helpers-private.h: what a helper function was made with
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-helpers.h"

G_BEGIN_DECLS

/* The helpers of schedula-helpers.h, recognised from their functions (for
 * the model files, which store them by kind and rebuild them) */
typedef enum {
  SCHEDULA_HELPER_NONE,
  SCHEDULA_HELPER_BYPASS,
  SCHEDULA_HELPER_SUMMATION,
  SCHEDULA_HELPER_SELECTOR,
  SCHEDULA_HELPER_REPLICATE_VALUE,
  SCHEDULA_HELPER_COMBINE_DICTS,
  SCHEDULA_HELPER_MAP_DICT,
  SCHEDULA_HELPER_MAP_LIST,
} SchedulaHelperKind;

/* What the helper was made with; the pointers belong to the function */
typedef struct
{
  const char *const  *keys;         /* selector */
  SchedulaOutputType  output_type;  /* selector */
  gboolean            allow_miss;   /* selector */
  guint               n;            /* replicate_value */
  SchedulaMapping    *key_map;      /* map_dict */
} SchedulaHelperParams;

SchedulaHelperKind _schedula_helper_describe        (SchedulaFunction     *function,
                                                     SchedulaHelperParams *params);
void               _schedula_map_list_dup_key_map   (SchedulaFunction     *function,
                                                     GValue               *key_map);

G_END_DECLS
