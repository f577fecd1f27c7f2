/* schedula-plot-dot.c: pages as Graphviz DOT
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-plot-private.h"

/* Ids and values reach the DOT text in two places only, each with its own
 * escaping: the HTML-like labels of the node and edge tables, and the
 * tooltips (a quoted escString). Nodes are named n<k> (p<page>_n<k> on the
 * other pages), so no id is ever a DOT identifier. */

/* Text inside an HTML-like label. Graphviz reads it as XML, then expands
 * the escString sequences (\N is the node name, \G the graph's...) in
 * it: a backslash is written \\. */
void
_schedula_plot_append_html_text (GString    *out,
                                 const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "<BR/>");
          break;
        case '\t':
          g_string_append (out, "    ");
          break;
        case '\r':
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\\\x%02x", c);
          else if (c == 0xfffe || c == 0xffff)
            g_string_append_unichar (out, 0xfffd);
          else
            g_string_append_unichar (out, c);
        }
    }
}

/* A quoted escString (tooltips): Graphviz unescapes it twice, once as a
 * DOT string and once as an escString, so a backslash is four; and its SVG
 * writer copies what looks like an entity (&amp;, &#92;) as it is, so an
 * ampersand is written &amp;. */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\')
        g_string_append (out, "\\\\\\\\");
      else if (c == '"')
        g_string_append (out, "\\\"");
      else if (c == '&')
        g_string_append (out, "&amp;");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_node_name (GString *out,
                  guint    position,
                  guint    k)
{
  if (position == 0)
    g_string_append_printf (out, "n%u", k);
  else
    g_string_append_printf (out, "p%u_n%u", position, k);
}

static void
append_rows (GString *out,
             GArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      PlotRow *row = &g_array_index (rows, PlotRow, i);

      g_string_append (out, "<TR><TD ALIGN=\"RIGHT\" BORDER=\"1\">");
      _schedula_plot_append_html_text (out, row->key);
      g_string_append (out, "</TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\" BORDER=\"1\">");
      _schedula_plot_append_html_text (out, row->value);
      g_string_append (out, "</TD></TR>");
    }
}

static void
append_node (GString      *out,
             PlotTree     *tree,
             PlotPageData *page,
             guint         k,
             const char   *indent)
{
  const PlotNode *n = &g_array_index (page->nodes, PlotNode, k);
  const PlotStyle *style = &_schedula_plot_styles[n->kind];
  SchedulaPlotOptions *options = tree->options;
  const char *fillcolor = style->fillcolor, *color = style->color;
  g_autofree char *tooltip = _schedula_plot_node_tooltip (page, k);

  /* special nodes keep their style whatever their state, as schedula's */
  if (!PLOT_KIND_IS_SPECIAL (n->kind) && n->state == PLOT_STATE_ERROR)
    fillcolor = PLOT_ERROR_FILL, color = PLOT_ERROR_BORDER;
  else if (!PLOT_KIND_IS_SPECIAL (n->kind) && n->state == PLOT_STATE_WARNING)
    fillcolor = PLOT_WARNING_FILL, color = PLOT_WARNING_BORDER;

  g_string_append (out, indent);
  append_node_name (out, page->position, k);
  g_string_append_printf (out, " [id=\"sch-%u-%u\", shape=%s", page->position, k, style->shape);
  if (style->style != NULL)
    g_string_append_printf (out, ", style=\"%s\"", style->style);
  g_string_append_printf (out, ", fillcolor=\"%s\"", fillcolor);
  if (color != NULL)
    g_string_append_printf (out, ", color=\"%s\"", color);
  if (style->fontcolor != NULL)
    g_string_append_printf (out, ", fontcolor=\"%s\"", style->fontcolor);
  if (!PLOT_KIND_IS_SPECIAL (n->kind) && n->state != PLOT_STATE_INFO)
    g_string_append (out, ", penwidth=2");
  if (style->ordering != NULL)
    g_string_append_printf (out, ", ordering=%s", style->ordering);
  g_string_append (out, ", tooltip=");
  append_quoted (out, tooltip);

  if (style->label != NULL)
    g_string_append_printf (out, ", label=\"%s\"", style->label);
  else
    {
      g_autoptr(GArray) rows = _schedula_plot_node_rows (tree, page, k,
                                                         schedula_plot_options_get_rows (options),
                                                         schedula_plot_options_get_max_lines (options),
                                                         schedula_plot_options_get_max_width (options));
      g_autofree char *title = g_utf8_make_valid (n->id, -1);

      g_string_append_printf (out, ", label=<<TABLE BORDER=\"0\" CELLSPACING=\"0\" COLOR=\"%s\">"
                              "<TR><TD COLSPAN=\"2\" BORDER=\"0\">",
                              style->fontcolor != NULL ? style->fontcolor : "black");
      _schedula_plot_append_html_text (out, title);
      g_string_append (out, "</TD></TR>");
      append_rows (out, rows);
      g_string_append (out, "</TABLE>>");
    }
  g_string_append (out, "];\n");
}

static void
append_edge (GString        *out,
             PlotTree       *tree,
             PlotPageData   *page,
             guint           i,
             const char     *indent)
{
  const PlotEdge *edge = &g_array_index (page->edges, PlotEdge, i);
  SchedulaPlotOptions *options = tree->options;
  g_autoptr(GArray) rows = _schedula_plot_edge_rows (tree, page, edge,
                                                     schedula_plot_options_get_rows (options),
                                                     schedula_plot_options_get_max_lines (options),
                                                     schedula_plot_options_get_max_width (options));

  g_string_append (out, indent);
  append_node_name (out, page->position, edge->from);
  g_string_append (out, " -> ");
  append_node_name (out, page->position, edge->to);
  g_string_append_printf (out, " [id=\"sch-%u-e%u\"", page->position, i);
  if (rows->len > 0)
    {
      g_string_append (out, ", xlabel=<<TABLE BORDER=\"0\" CELLSPACING=\"0\">");
      append_rows (out, rows);
      g_string_append (out, "</TABLE>>");
    }
  g_string_append (out, "];\n");
}

/* Whether page @ancestor is @position or above it: pages are numbered
 * depth first, so a page after @position is not */
static gboolean
is_ancestor (PlotTree *tree,
             guint     ancestor,
             guint     position)
{
  if (ancestor > position)
    return FALSE;
  for (gint p = position; p >= 0; p = ((PlotPageData *) tree->pages->pdata[p])->parent)
    if ((guint) p == ancestor)
      return TRUE;
  return FALSE;
}

/* The nodes and edges of a page */
static void
append_page_items (GString      *out,
                   PlotTree     *tree,
                   PlotPageData *page,
                   const char   *indent)
{
  for (guint k = 0; k < page->nodes->len; k++)
    append_node (out, tree, page, k, indent);
  for (guint i = 0; i < page->edges->len; i++)
    append_edge (out, tree, page, i, indent);
}

/* A dashed edge from each node of page @position that opens a page to that
 * page */
static void
append_open_edges (GString    *out,
                   PlotTree   *tree,
                   guint       position,
                   const char *indent)
{
  PlotPageData *page = tree->pages->pdata[position];

  for (guint k = 0; k < page->nodes->len; k++)
    {
      gint child = g_array_index (page->nodes, PlotNode, k).child;
      PlotPageData *sub;

      if (child < 0)
        continue;
      sub = tree->pages->pdata[child];
      if (sub->nodes->len == 0)
        continue;
      g_string_append (out, indent);
      append_node_name (out, position, k);
      g_string_append (out, " -> ");
      append_node_name (out, child, 0);
      g_string_append (out, " [style=dashed, arrowhead=onormal, color=\"#808080\"");
      if (!is_ancestor (tree, child, position))
        g_string_append_printf (out, ", lhead=cluster_%d", child);
      g_string_append (out, "];\n");
    }
}

/* The body of page @position: its nodes and edges; with @clusters, the
 * pages it opened as clusters inside it (and theirs, depth first, with a
 * stack of its own: no recursion per level), then the edges to them */
static void
append_body (GString  *out,
             PlotTree *tree,
             guint     position,
             gboolean  clusters)
{
  typedef struct { guint position; guint next_child; char *indent; } Frame;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  Frame top = { position, 0, g_strdup ("  ") };

  append_page_items (out, tree, tree->pages->pdata[position], top.indent);
  if (!clusters)
    {
      g_free (top.indent);
      return;
    }
  g_array_append_val (stack, top);
  while (stack->len > 0)
    {
      Frame *f = &g_array_index (stack, Frame, stack->len - 1);
      PlotPageData *page = tree->pages->pdata[f->position];

      if (f->next_child < page->children->len)
        {
          guint child = g_array_index (page->children, guint, f->next_child++);
          PlotPageData *sub = tree->pages->pdata[child];
          g_autofree char *name = g_utf8_make_valid (sub->name, -1);
          Frame next = { child, 0, g_strconcat (f->indent, "  ", NULL) };

          g_string_append_printf (out, "%ssubgraph cluster_%u {\n", f->indent, child);
          g_string_append_printf (out, "%s  graph [id=\"sch-%u\", style=\"rounded,dashed\", color=\"#808080\", label=<",
                                  f->indent, child);
          _schedula_plot_append_html_text (out, name);
          g_string_append_printf (out, " (%s)>];\n", sub->workflow ? "workflow" : "dmap");
          append_page_items (out, tree, sub, next.indent);
          g_array_append_val (stack, next);
          continue;
        }
      append_open_edges (out, tree, f->position, f->indent);
      g_free (f->indent);
      g_array_set_size (stack, stack->len - 1);
      if (stack->len > 0)
        g_string_append_printf (out, "%s}\n", g_array_index (stack, Frame, stack->len - 1).indent);
    }
}

char *
_schedula_plot_dot_page (PlotTree *tree,
                         guint     position,
                         gboolean  clusters)
{
  PlotPageData *page = tree->pages->pdata[position];
  const char *label = page->workflow ? "workflow" : "dmap";
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "digraph %s {\n", label);
  g_string_append_printf (out, "  graph [id=\"sch-%u\", label=<%s>, bgcolor=transparent, "
                          "nslimit=1, nslimit1=1", position, label);
  if (clusters)
    g_string_append (out, ", compound=true");
  else
    g_string_append (out, ", splines=ortho");
  g_string_append (out, "];\n");
  g_string_append (out, "  node [style=filled];\n");
  append_body (out, tree, position, clusters);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}
