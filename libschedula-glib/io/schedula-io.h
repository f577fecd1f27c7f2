/* schedula-io.h: the io feature, model files (included by schedula-glib.h
 * when the library was built with it: SCHEDULA_HAS_IO)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include "schedula-io-types.h"
#include "schedula-function-registry.h"
#include "schedula-model-file.h"
