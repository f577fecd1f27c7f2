/* schedula-plot-svg.c: DOT to SVG with graphviz's libgvc, in this process
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-plot-private.h"
#include "schedula-features.h"

#if SCHEDULA_HAS_GRAPHVIZ

#include <graphviz/gvc.h>

/* libgvc keeps global state (its error handler, the graph memory
 * discipline, the plugins of a context), and is not thread-safe: one
 * context for the process, used under one lock. The context stays until
 * the process ends. */
static GMutex   gvc_lock;
static GVC_t   *gvc_context;
static GString *gvc_messages;   /* what graphviz said during the current render */

static int
collect_message (char *message)
{
  if (gvc_messages != NULL && message != NULL)
    g_string_append (gvc_messages, message);
  return 0;
}

char *
_schedula_plot_render_svg (const char  *dot,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&gvc_lock);
  g_autoptr(GString) messages = g_string_new (NULL);
  agusererrf old_handler;
  Agraph_t *graph;
  char *data = NULL;
  unsigned int length = 0;
  char *svg = NULL;
  gboolean failed;

  if (gvc_context == NULL)
    gvc_context = gvContext ();
  if (gvc_context == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "graphviz could not make a context (gvContext)");
      return NULL;
    }

  gvc_messages = messages;
  old_handler = agseterrf (collect_message);
  agreseterrors ();

  graph = agmemread (dot);
  failed = graph == NULL;
  if (!failed)
    {
      failed = gvLayout (gvc_context, graph, "dot") != 0;
      if (!failed)
        {
          failed = gvRenderData (gvc_context, graph, "svg", &data, &length) != 0;
          gvFreeLayout (gvc_context, graph);
        }
      agclose (graph);
    }
  /* an HTML-like label graphviz could not read is an error message, not a
   * failure of the render */
  failed |= agerrors () > 0;

  agseterrf (old_handler);
  gvc_messages = NULL;

  if (!failed && data != NULL)
    svg = g_strndup (data, length);
  if (data != NULL)
    gvFreeRenderData (data);
  if (svg == NULL)
    {
      g_strstrip (messages->str);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "graphviz could not render the plot: %s",
                   messages->str[0] != '\0' ? messages->str : "no message");
      return NULL;
    }
  return svg;
}

#else /* !SCHEDULA_HAS_GRAPHVIZ */

char *
_schedula_plot_render_svg (const char  *dot,
                           GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "SVG plots need graphviz, and libschedula-glib was built without it "
                       "(-Dgraphviz): write the DOT instead");
  return NULL;
}

#endif
