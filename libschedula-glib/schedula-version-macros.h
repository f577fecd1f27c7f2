/* schedula-version-macros.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib.h>

#include "schedula-version.h"

#ifndef _SCHEDULA_EXTERN
# define _SCHEDULA_EXTERN __attribute__((visibility("default"))) extern
#endif

#define SCHEDULA_VERSION_1_0 (G_ENCODE_VERSION (1, 0))

#ifndef SCHEDULA_VERSION_MIN_REQUIRED
# define SCHEDULA_VERSION_MIN_REQUIRED SCHEDULA_VERSION_1_0
#endif

#ifndef SCHEDULA_VERSION_MAX_ALLOWED
# define SCHEDULA_VERSION_MAX_ALLOWED SCHEDULA_VERSION_1_0
#endif

#define SCHEDULA_AVAILABLE_IN_ALL _SCHEDULA_EXTERN
#define SCHEDULA_AVAILABLE_IN_1_0 _SCHEDULA_EXTERN
