/* schedula-plot.h: the plot feature (DOT, SVG, the HTML view)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-plot-options.h"
#include "schedula-plot-page.h"
#include "schedula-plot-map.h"
