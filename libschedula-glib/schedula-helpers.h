/* schedula-helpers.h: schedula's helper functions, as node functions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-version-macros.h"
#include "schedula-types.h"
#include "schedula-function.h"
#include "schedula-mapping.h"

G_BEGIN_DECLS

SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_bypass_new          (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_summation_new       (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_selector_new        (const char *const  *keys,
                                                SchedulaOutputType  output_type,
                                                gboolean            allow_miss) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_replicate_value_new (guint               n) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_combine_dicts_new   (void) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_map_dict_new        (SchedulaMapping    *key_map) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaFunction *schedula_map_list_new        (const GValue       *key_map,
                                                GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
