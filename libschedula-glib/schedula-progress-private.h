/* schedula-progress-private.h: what the dispatch loop reports
 *
 * The loop calls these from the thread that dispatches; the progress
 * object applies them in its main context, in the order they came.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-progress.h"

G_BEGIN_DECLS

/* A dispatch starts: @paths (char *, taken) are its function nodes */
void _schedula_progress_begin    (SchedulaProgress *self,
                                  GPtrArray        *paths);
/* The call of @path (taken) was handed to an executor, which has not
 * begun it */
void _schedula_progress_queued   (SchedulaProgress *self,
                                  char             *path);
/* The call of @path (taken) began; any thread */
void _schedula_progress_started  (SchedulaProgress *self,
                                  char             *path);
/* The call of @path (taken) returned, or failed with @error (copied) */
void _schedula_progress_finished (SchedulaProgress *self,
                                  char             *path,
                                  const GError     *error);
/* The dispatch ended: the nodes still waiting were skipped */
void _schedula_progress_end      (SchedulaProgress *self);

G_END_DECLS
