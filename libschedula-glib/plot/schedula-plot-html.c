/* schedula-plot-html.c: the HTML view, one self-contained file
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-plot-private.h"
#include "schedula-plot-resources.h"

/* The view is one file that needs no network: its style sheet and script
 * (view.css, view.js, compiled into the library) are inlined; each page's
 * SVG, rendered by graphviz, is a <template> the script copies into the view
 * when the page is shown; what the script shows on hover (each node's table
 * with every row, values cut at HOVER_LINES lines of HOVER_WIDTH characters)
 * is JSON in a <script type="application/json">. */

#define HOVER_LINES 40
#define HOVER_WIDTH 400

static void
append_html (GString    *out,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* A JSON string that can sit in a <script> element: no <, > or & (no
 * </script>, no <!--), and no U+2028 or U+2029 either */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '<':
        case '>':
        case '&':
        case 0x2028:
        case 0x2029:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_unichar (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_page_json (GString  *out,
                  PlotTree *tree,
                  guint     position)
{
  PlotPageData *page = tree->pages->pdata[position];

  g_string_append (out, "{\"name\": ");
  append_json_string (out, page->name);
  g_string_append (out, ", \"path\": [");
  for (guint i = 0; page->path[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_json_string (out, page->path[i]);
    }
  g_string_append_printf (out, "], \"label\": \"%s\", \"parent\": %d, \"nodes\": [",
                          page->workflow ? "workflow" : "dmap", page->parent);
  for (guint k = 0; k < page->nodes->len; k++)
    {
      const PlotNode *n = &g_array_index (page->nodes, PlotNode, k);
      g_autoptr(GArray) rows = _schedula_plot_node_rows (tree, page, k, SCHEDULA_PLOT_ROWS_ALL,
                                                         HOVER_LINES, HOVER_WIDTH);

      g_string_append (out, k > 0 ? ",\n  {\"id\": " : "\n  {\"id\": ");
      append_json_string (out, n->id);
      g_string_append (out, ", \"kind\": ");
      append_json_string (out, _schedula_plot_styles[n->kind].legend);
      g_string_append_printf (out, ", \"link\": %d, \"rows\": [", n->child);
      for (guint i = 0; i < rows->len; i++)
        {
          PlotRow *row = &g_array_index (rows, PlotRow, i);

          g_string_append (out, i > 0 ? ", [" : "[");
          append_json_string (out, row->key);
          g_string_append (out, ", ");
          append_json_string (out, row->value);
          g_string_append_c (out, ']');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
}

/* The legend: the kinds, with their colours and shapes */
static void
append_legend (GString *out)
{
  g_string_append (out, "<details id=\"sch-legend\"><summary>Legend</summary><ul>\n");
  for (guint kind = 0; kind < PLOT_N_KINDS; kind++)
    {
      const PlotStyle *style = &_schedula_plot_styles[kind];

      g_string_append_printf (out, "<li><span class=\"sch-swatch sch-shape-%s%s\" "
                              "style=\"background: %s; border-color: %s\"></span>",
                              style->shape,
                              style->style != NULL && strstr (style->style, "rounded") ? " sch-rounded" : "",
                              style->fillcolor, style->color != NULL ? style->color : "#000000");
      append_html (out, style->legend);
      g_string_append (out, "</li>\n");
    }
  g_string_append_printf (out, "<li><span class=\"sch-swatch sch-shape-box\" "
                          "style=\"background: %s; border-color: %s\"></span>a node that failed</li>\n",
                          PLOT_ERROR_FILL, PLOT_ERROR_BORDER);
  g_string_append_printf (out, "<li><span class=\"sch-swatch sch-shape-box\" "
                          "style=\"background: %s; border-color: %s\"></span>"
                          "a function without some of its inputs or outputs</li>\n",
                          PLOT_WARNING_FILL, PLOT_WARNING_BORDER);
  g_string_append (out, "</ul></details>\n");
}

static gboolean
append_resource (GString     *out,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_strconcat ("/org/schedula/plot/", name, NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (_schedula_plot_get_resource (), path,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  gsize size;
  const char *text;

  if (bytes == NULL)
    return FALSE;
  text = g_bytes_get_data (bytes, &size);
  g_string_append_len (out, text, size);
  return TRUE;
}

char *
_schedula_plot_html (PlotTree  *tree,
                     GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  PlotPageData *root = tree->pages->pdata[0];
  g_autofree char *title = g_utf8_make_valid (root->name, -1);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"generator\" content=\"libschedula-glib\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  append_html (out, title);
  g_string_append (out, "</title>\n<style>\n");
  if (!append_resource (out, "view.css", error))
    return NULL;
  g_string_append (out, "</style>\n</head>\n<body>\n"
                        "<header id=\"sch-bar\">"
                        "<button id=\"sch-up\" type=\"button\" title=\"Back to the page that opens this one\">&#8592;</button>"
                        "<nav id=\"sch-crumbs\"></nav>"
                        "<button id=\"sch-zoom-in\" type=\"button\" title=\"Zoom in (+)\">+</button>"
                        "<button id=\"sch-zoom-out\" type=\"button\" title=\"Zoom out (-)\">&#8722;</button>"
                        "<button id=\"sch-fit\" type=\"button\" title=\"Fit (0)\">fit</button>"
                        "</header>\n"
                        "<main id=\"sch-view\"></main>\n"
                        "<div id=\"sch-tip\" hidden></div>\n");
  append_legend (out);

  for (guint i = 0; i < tree->pages->len; i++)
    {
      g_autofree char *dot = _schedula_plot_dot_page (tree, i, FALSE);
      g_autofree char *svg = _schedula_plot_render_svg (dot, error);
      const char *start;

      if (svg == NULL)
        return NULL;
      /* the <svg> element, without the XML declaration and the doctype */
      start = strstr (svg, "<svg");
      g_string_append_printf (out, "<template id=\"sch-page-%u\">\n%s</template>\n", i,
                              start != NULL ? start : "");
    }

  g_string_append (out, "<script type=\"application/json\" id=\"sch-data\">\n{\"pages\": [\n");
  for (guint i = 0; i < tree->pages->len; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n");
      append_page_json (out, tree, i);
    }
  g_string_append (out, "\n]}\n</script>\n<script>\n");
  if (!append_resource (out, "view.js", error))
    return NULL;
  g_string_append (out, "</script>\n</body>\n</html>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
