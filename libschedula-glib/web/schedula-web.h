/* schedula-web.h: the web feature, models served over HTTP (included by
 * schedula-glib.h when the library was built with it: SCHEDULA_HAS_WEB)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-web-server.h"
