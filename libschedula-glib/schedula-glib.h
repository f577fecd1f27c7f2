/* schedula-glib.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#define SCHEDULA_INSIDE
# include "schedula-version.h"
# include "schedula-version-macros.h"
# include "schedula-enums.h"
# include "schedula-types.h"
# include "schedula-value.h"
# include "schedula-dict.h"
# include "schedula-call.h"
# include "schedula-function.h"
# include "schedula-mapping.h"
# include "schedula-node.h"
# include "schedula-data-node.h"
# include "schedula-function-node.h"
# include "schedula-dispatcher-node.h"
# include "schedula-progress.h"
# include "schedula-dispatch-options.h"
# include "schedula-workflow.h"
# include "schedula-solution.h"
# include "schedula-dispatcher.h"
# include "schedula-blueprint.h"
# include "schedula-helpers.h"
# include "schedula-sub-dispatch.h"
# include "schedula-pipe.h"
# include "schedula-check.h"
# include "schedula-executor.h"
# include "schedula-codec.h"
# include "schedula-features.h"
# if SCHEDULA_HAS_IO
#  include "schedula-io.h"
# endif
# if SCHEDULA_HAS_PLOT
#  include "schedula-plot.h"
# endif
# if SCHEDULA_HAS_WEB
#  include "schedula-web.h"
# endif
#undef SCHEDULA_INSIDE
