/* schedula-worker-protocol.c: the framing of worker messages
 *
 * Compiled into the library (the process executors) and into the
 * schedula-worker program: one definition for both sides. See
 * schedula-worker-private.h for the messages.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "schedula-worker-private.h"

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len,
           GError       **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "cannot write to the worker: %s", g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
_schedula_worker_write (int            fd,
                        const char    *kind,
                        GVariant      *fields,
                        GError       **error)
{
  g_autoptr(GVariant) message = g_variant_ref_sink (g_variant_new ("(s@a{sv})", kind, fields));
  gsize size = g_variant_get_size (message);
  g_autofree guint8 *buffer = NULL;
  guint32 len = GUINT32_TO_LE ((guint32) size);

  if (size > SCHEDULA_WORKER_MAX_MESSAGE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "a worker message of %" G_GSIZE_FORMAT " bytes is too large", size);
      return FALSE;
    }
  /* one write: the length and the serialised message, aligned as GVariant
   * needs (g_variant_store() into buffer + 4 would not be) */
  buffer = g_malloc (size + 4);
  memcpy (buffer, &len, 4);
  memcpy (buffer + 4, g_variant_get_data (message), size);
  return write_all (fd, buffer, size + 4, error);
}

/* Reads exactly @len bytes; FALSE with @error set on the end of input, a
 * deadline passed (g_get_monotonic_time() clock; 0: none) or cancellation */
static gboolean
read_all (int            fd,
          guint8        *data,
          gsize          len,
          gint64         deadline,
          GCancellable  *cancellable,
          gboolean       at_start,
          GError       **error)
{
  GPollFD fds[2] = { { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 } };
  guint n_fds = 1;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fds[1]))
    n_fds = 2;
  while (len > 0)
    {
      gssize n;
      gint timeout = -1;

      if (deadline > 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");
              goto fail;
            }
          timeout = (gint) MIN (left / 1000 + 1, G_MAXINT);
        }
      fds[0].revents = 0;
      if (n_fds == 2)
        fds[1].revents = 0;
      if (g_poll (fds, n_fds, timeout) < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "poll: %s", g_strerror (errno));
          goto fail;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (fds[0].revents == 0)
        continue;
      n = read (fd, data, len);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "read: %s", g_strerror (errno));
          goto fail;
        }
      if (n == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, at_start ? G_IO_ERROR_CLOSED : G_IO_ERROR_PARTIAL_INPUT,
                               "end of input");
          goto fail;
        }
      data += n;
      len -= (gsize) n;
      at_start = FALSE;
    }
  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);
  return TRUE;

fail:
  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);
  return FALSE;
}

GVariant *
_schedula_worker_read (int            fd,
                       gint64         deadline,
                       GCancellable  *cancellable,
                       GError       **error)
{
  guint32 len;
  gsize size;
  gpointer data;
  GBytes *bytes;
  GVariant *message;

  if (!read_all (fd, (guint8 *) &len, 4, deadline, cancellable, TRUE, error))
    return NULL;
  size = GUINT32_FROM_LE (len);
  if (size > SCHEDULA_WORKER_MAX_MESSAGE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a worker message of %" G_GSIZE_FORMAT " bytes is too large", size);
      return NULL;
    }
  data = g_malloc (MAX (size, 1));
  if (!read_all (fd, data, size, deadline, cancellable, FALSE, error))
    {
      g_free (data);
      return NULL;
    }
  bytes = g_bytes_new_take (data, size);
  message = g_variant_new_from_bytes (G_VARIANT_TYPE ("(sa{sv})"), bytes, FALSE);
  g_bytes_unref (bytes);
  g_variant_ref_sink (message);
  if (!g_variant_is_normal_form (message))
    {
      g_variant_unref (message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a worker message is not a (sa{sv}) in normal form");
      return NULL;
    }
  return message;
}
