/* schedula-worker-private.h: the protocol of worker processes
 *
 * A worker reads requests on its stdin and writes replies on its stdout.
 * Each message is a 4-byte little-endian length and a GVariant of type
 * (sa{sv}) in normal form: the kind of the message and its fields.
 *
 *   "call"   → id (t), node (s), function (s, a reference), inputs (a(sv),
 *              each an encoded value, see schedula-codec.h), input_ids (as),
 *              n_outputs (u); a function wrapper of `parallel-dispatch`
 *              is "model:CHECKSUM", with model (ay): a model file whose
 *              node "f" has the function
 *   "result" ← id (t), ok (b), outputs (a(sv), n_outputs encoded values;
 *              NONE where the function set nothing), and when not ok:
 *              error_domain (s), error_code (i), error_message (s)
 *
 * A worker that reads the end of its input exits with status 0. The Python
 * worker (bindings/python/schedula_worker.py) speaks the same protocol.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest message a side accepts */
#define SCHEDULA_WORKER_MAX_MESSAGE ((gsize) 1 << 30)

gboolean  _schedula_worker_write   (int            fd,
                                    const char    *kind,
                                    GVariant      *fields,
                                    GError       **error);
GVariant *_schedula_worker_read    (int            fd,
                                    gint64         deadline,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
