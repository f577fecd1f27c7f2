/* test-plot.c: plots of models and workflows (area 7.2, libschedula-glib/plot)
 *
 * - the plots of schedula's examples 7.04 (a model), 7.05 (a workflow) and
 *   7.06 (depth 0), summarised as examples.json records them (node shapes,
 *   colours, styles, labels, table rows, edges; plot-data/make-expected.py
 *   writes plot-data/examples.expected from tests/examples.json), and their
 *   DOT text against the files checked in plot-data/ (*.dot);
 * - ids that DOT, HTML-like labels, escStrings and HTML break when they
 *   are not escaped (quotes, <, &, %, backslashes, \N, newlines, non-ASCII,
 *   </script>), read back from the DOT, from graphviz's SVG and from the
 *   HTML view in a browser;
 * - SVG (it parses as XML) and the HTML view when graphviz is built, and
 *   G_IO_ERROR_NOT_SUPPORTED when it is not; plots written by extension;
 * - the HTML view of the tutorial's model (a model with a sub-dispatcher,
 *   as examples/tutorial.py builds, in C) in headless Chromium: a
 *   screenshot, the node labels in the rendered DOM, a click on the
 *   sub-dispatcher that opens its page, the hover of a workflow node (its
 *   value, distance, error). Chromium runs with the view's URL fragment
 *   hooks (#click=ID, #hover=ID: view.js dispatches the events after the
 *   load) and --dump-dom; without chromium those cases are skipped (a run
 *   of them alone exits with 77).
 *
 * SCHEDULA_PLOT_REGENERATE=1 rewrites the .dot files of plot-data/ from
 * what the library draws (then read the diff); SCHEDULA_CHROMIUM names the
 * browser (default: chromium on PATH).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <glib/gstdio.h>

#include "test-common.h"

/* The cases run and skipped: a run whose every case was skipped (the
 * browser cases alone, without chromium) exits with 77, the exit status of
 * a skipped test, which GLib's TAP output does not give */
static guint n_cases_run, n_cases_skipped;

static void
skip (const char *message)
{
  n_cases_skipped++;
  g_test_skip (message);
  g_printerr ("%s: %s\n", g_test_get_path (), message);
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

static gboolean
fn_gt0 (SchedulaCall *call, gpointer data, GError **error)
{
  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    {
      gint64 x;

      if (!schedula_call_get_int64 (call, i, &x, error))
        return FALSE;
      if (x <= 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
fn_fail_escaped (SchedulaCall *call, gpointer data, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail <&> \"%s\"");
  return FALSE;
}

static gboolean
fn_first (SchedulaCall *call, gpointer data, GError **error)
{
  for (guint i = 0; i < schedula_call_get_n_outputs (call); i++)
    schedula_call_set_output (call, i, schedula_call_get_input (call, 0));
  return TRUE;
}

static SchedulaFunction *
function (const char *name, SchedulaFunc func)
{
  return schedula_function_new (name, func, NULL, NULL);
}

static SchedulaFunctionNode *
add_function (SchedulaDispatcher *dsp,
              const char         *id,
              SchedulaFunc        func,
              const char *const  *inputs,
              const char *const  *outputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaFunction) f = function (id, func);
  SchedulaFunctionNode *node = schedula_dispatcher_add_function (dsp, id, f, inputs, outputs, &error);

  g_assert_no_error (error);
  return node;
}

/* ------------------------------------------------------------------ */
/* schedula's plotted model (examples 7.04-7.06)                       */
/* ------------------------------------------------------------------ */

/* data a  default_value=1 description=input a
 * function fun = split(a) -> [b, c]
 * function dom = inc(b) -> [d]  weight=2 input_domain=gt0
 * function sd = SubDispatch(dsp={function fun = split(a) -> [b, c]} name='Sub-dispatcher',
 *                           outputs=[b], output_type=list)(e) -> [f]
 * dispatcher sub  inputs={c: x} outputs={y: $SINK} model={function g = inc(x) -> [y]} name='sub'
 * function none = one(<inputs omitted -> START>) -> [z] */
static SchedulaDispatcher *
plotted_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("plotted");
  g_autoptr(SchedulaDispatcher) inner = schedula_dispatcher_new ("Sub-dispatcher");
  g_autoptr(SchedulaDispatcher) sub = schedula_dispatcher_new ("sub");
  g_autoptr(SchedulaFunction) gt0 = schedula_function_new_predicate ("gt0", fn_gt0, NULL, NULL);
  g_autoptr(SchedulaSubDispatch) sd = NULL;
  g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) outputs = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GValue) one = G_VALUE_INIT;
  SchedulaDataNode *a;
  SchedulaFunctionNode *dom;

  g_value_init (&one, G_TYPE_INT64);
  g_value_set_int64 (&one, 1);
  a = schedula_dispatcher_add_data (dsp, "a", &one, &error);
  g_assert_no_error (error);
  schedula_node_set_description (SCHEDULA_NODE (a), "input a");
  add_function (dsp, "fun", fn_split, IDS ("a"), IDS ("b", "c"));
  dom = add_function (dsp, "dom", fn_inc, IDS ("b"), IDS ("d"));
  schedula_function_node_set_weight (dom, 2);
  schedula_function_node_set_input_domain (dom, gt0);

  add_function (inner, "fun", fn_split, IDS ("a"), IDS ("b", "c"));
  sd = schedula_sub_dispatch_new (inner, IDS ("b"), SCHEDULA_OUTPUT_TYPE_LIST, NULL);
  schedula_dispatcher_add_function (dsp, "sd", SCHEDULA_FUNCTION (sd), IDS ("e"), IDS ("f"), &error);
  g_assert_no_error (error);

  add_function (sub, "g", fn_inc, IDS ("x"), IDS ("y"));
  schedula_mapping_add (inputs, "c", "x");
  schedula_mapping_add (outputs, "y", SCHEDULA_SINK);
  schedula_dispatcher_add_dispatcher (dsp, "sub", sub, inputs, outputs, &error);
  g_assert_no_error (error);

  add_function (dsp, "none", fn_one, NULL, IDS ("z"));
  return dsp;
}

/* dispatch(inputs={e: {a: 2}}) */
static SchedulaSolution *
plotted_solution (SchedulaDispatcher *dsp)
{
  g_autoptr(GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  g_autoptr(SchedulaDict) e = schedula_dict_new ();
  g_auto(GValue) two = G_VALUE_INIT;
  GValue *value = g_new0 (GValue, 1);

  g_value_init (&two, G_TYPE_INT64);
  g_value_set_int64 (&two, 2);
  schedula_dict_insert (e, "a", &two);
  g_value_init (value, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (value, e);
  g_hash_table_insert (inputs, g_strdup ("e"), value);
  return dispatch_ok (dsp, inputs, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Reading the DOT back                                                */
/* ------------------------------------------------------------------ */

/* A node or edge statement of the DOT the library writes: one a line,
 * `NAME [k=v, ...];` or `FROM -> TO [k=v, ...];`. Values keep their DOT
 * form without the outer quotes or angle brackets. */
typedef struct
{
  char       *name;
  char       *from;
  char       *to;
  GHashTable *attrs;
  GHashTable *quoted;   /* the keys whose value was a quoted string */
} DotItem;

static void
dot_item_free (gpointer data)
{
  DotItem *item = data;

  g_free (item->name);
  g_free (item->from);
  g_free (item->to);
  g_hash_table_unref (item->attrs);
  g_hash_table_unref (item->quoted);
  g_free (item);
}

typedef struct
{
  GPtrArray *nodes;
  GPtrArray *edges;
} DotGraph;

static void
dot_graph_free (DotGraph *graph)
{
  g_ptr_array_unref (graph->nodes);
  g_ptr_array_unref (graph->edges);
  g_free (graph);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DotGraph, dot_graph_free)

static const char *
parse_attrs (const char *p,
             DotItem    *item)
{
  g_assert_true (*p == '[');
  p++;
  while (*p != ']')
    {
      const char *key = p, *start;
      g_autofree char *k = NULL;
      char *value;

      while (*p != '=')
        {
          g_assert_true (*p != '\0');
          p++;
        }
      k = g_strndup (key, p - key);
      p++;
      if (*p == '"')
        {
          GString *v = g_string_new (NULL);

          for (p++; *p != '"'; p++)
            {
              g_assert_true (*p != '\0' && *p != '\n');
              if (*p == '\\')
                g_string_append_c (v, *p++);
              g_string_append_c (v, *p);
            }
          p++;
          value = g_string_free (v, FALSE);
          g_hash_table_add (item->quoted, g_strdup (k));
        }
      else if (*p == '<')
        {
          gint depth = 0;

          start = p;
          do
            {
              g_assert_true (*p != '\0' && *p != '\n');
              if (*p == '<')
                depth++;
              else if (*p == '>')
                depth--;
              p++;
            }
          while (depth > 0);
          value = g_strndup (start + 1, p - start - 2);
        }
      else
        {
          start = p;
          while (*p != ',' && *p != ']')
            p++;
          value = g_strndup (start, p - start);
        }
      g_hash_table_insert (item->attrs, g_steal_pointer (&k), value);
      if (*p == ',')
        p++;
      while (*p == ' ')
        p++;
    }
  return p + 1;
}

static DotGraph *
parse_dot (const char *dot)
{
  DotGraph *graph = g_new0 (DotGraph, 1);
  g_auto(GStrv) lines = g_strsplit (dot, "\n", -1);

  graph->nodes = g_ptr_array_new_with_free_func (dot_item_free);
  graph->edges = g_ptr_array_new_with_free_func (dot_item_free);
  g_assert_true (g_str_has_prefix (dot, "digraph dmap {\n") || g_str_has_prefix (dot, "digraph workflow {\n"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      DotItem *item;
      const char *bracket, *arrow;

      while (*p == ' ')
        p++;
      if (*p == '\0' || *p == '}' || g_str_has_prefix (p, "graph [") || g_str_has_prefix (p, "node [") ||
          g_str_has_prefix (p, "subgraph "))
        continue;
      bracket = strstr (p, " [");
      g_assert_nonnull (bracket);
      item = g_new0 (DotItem, 1);
      item->attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      item->quoted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      item->name = g_strndup (p, bracket - p);
      arrow = strstr (item->name, " -> ");
      if (arrow != NULL)
        {
          item->from = g_strndup (item->name, arrow - item->name);
          item->to = g_strdup (arrow + 4);
        }
      p = parse_attrs (bracket + 1, item);
      g_assert_cmpstr (p, ==, ";");
      g_ptr_array_add (arrow != NULL ? graph->edges : graph->nodes, item);
    }
  return graph;
}

/* HTML-like label text back to the text: the entities, \\ for a
 * backslash, <BR/> for a newline */
static char *
html_label_text (const char *s,
                 gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len;)
    {
      if (g_str_has_prefix (s + i, "&amp;"))
        g_string_append_c (out, '&'), i += 5;
      else if (g_str_has_prefix (s + i, "&lt;"))
        g_string_append_c (out, '<'), i += 4;
      else if (g_str_has_prefix (s + i, "&gt;"))
        g_string_append_c (out, '>'), i += 4;
      else if (g_str_has_prefix (s + i, "&quot;"))
        g_string_append_c (out, '"'), i += 6;
      else if (g_str_has_prefix (s + i, "<BR/>"))
        g_string_append_c (out, '\n'), i += 5;
      else if (s[i] == '\\' && s[i + 1] == '\\')
        g_string_append_c (out, '\\'), i += 2;
      else
        {
          g_assert_true (s[i] != '<' && s[i] != '>' && s[i] != '"' && s[i] != '&' && s[i] != '\\');
          g_string_append_c (out, s[i++]);
        }
    }
  return g_string_free (out, FALSE);
}

/* The title of a node's table */
static char *
label_title (const char *label)
{
  const char *start = strstr (label, "<TD COLSPAN=\"2\" BORDER=\"0\">");
  const char *end;

  g_assert_nonnull (start);
  start += strlen ("<TD COLSPAN=\"2\" BORDER=\"0\">");
  end = strstr (start, "</TD>");
  g_assert_nonnull (end);
  return html_label_text (start, end - start);
}

/* The rows of a table: "key" or "key=value" */
static GPtrArray *
label_rows (const char *label,
            gboolean    with_values)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  const char *key_cell = "<TR><TD ALIGN=\"RIGHT\" BORDER=\"1\">";
  const char *value_cell = "<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\" BORDER=\"1\">";

  for (const char *p = strstr (label, key_cell); p != NULL; p = strstr (p, key_cell))
    {
      const char *end;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      p += strlen (key_cell);
      end = strstr (p, "</TD>");
      key = html_label_text (p, end - p);
      p = end + 5;
      g_assert_true (g_str_has_prefix (p, value_cell));
      p += strlen (value_cell);
      end = strstr (p, "</TD>");
      value = html_label_text (p, end - p);
      p = end;
      g_ptr_array_add (rows, with_values ? g_strdup_printf ("%s=%s", key, value) : g_steal_pointer (&key));
    }
  return rows;
}

/* A quoted escString (tooltip) back to the text: \\\\, \\", \\n, &amp; */
static char *
tooltip_text (const char *s)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; s[i] != '\0';)
    {
      if (g_str_has_prefix (s + i, "\\\\\\\\"))
        g_string_append_c (out, '\\'), i += 4;
      else if (g_str_has_prefix (s + i, "\\\""))
        g_string_append_c (out, '"'), i += 2;
      else if (g_str_has_prefix (s + i, "\\n"))
        g_string_append_c (out, '\n'), i += 2;
      else if (g_str_has_prefix (s + i, "&amp;"))
        g_string_append_c (out, '&'), i += 5;
      else
        {
          g_assert_true (s[i] != '\\' && s[i] != '&');
          g_string_append_c (out, s[i++]);
        }
    }
  return g_string_free (out, FALSE);
}

static DotItem *
dot_node (DotGraph   *graph,
          const char *name)
{
  for (guint i = 0; i < graph->nodes->len; i++)
    if (g_str_equal (((DotItem *) graph->nodes->pdata[i])->name, name))
      return graph->nodes->pdata[i];
  g_error ("no node %s in the DOT", name);
  return NULL;
}

static const char *
attr (DotItem    *item,
      const char *key)
{
  return g_hash_table_lookup (item->attrs, key);
}

/* ------------------------------------------------------------------ */
/* Summaries, as examples.json records the plots                       */
/* ------------------------------------------------------------------ */

static const char *
edge_end_name (const char *id)
{
  if (g_str_equal (id, SCHEDULA_START))
    return "start";
  if (g_str_equal (id, SCHEDULA_SINK))
    return "sink";
  if (g_str_equal (id, SCHEDULA_END))
    return "end";
  if (g_str_equal (id, SCHEDULA_SELF))
    return "self";
  return id;
}

/* The index k of a node named n<k> or p<page>_n<k> */
static guint
node_index (const char *name)
{
  const char *n = strrchr (name, 'n');

  g_assert_nonnull (n);
  return (guint) g_ascii_strtoull (n + 1, NULL, 10);
}

static void
summarise_page (GString          *out,
                SchedulaPlotPage *page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = schedula_plot_page_to_dot (page, &error);
  g_autoptr(DotGraph) graph = NULL;
  g_auto(GStrv) ids = schedula_plot_page_dup_node_ids (page);
  g_autofree char *path = g_strjoinv ("/", (char **) schedula_plot_page_get_path (page));
  g_autoptr(GPtrArray) edges = g_ptr_array_new_with_free_func (g_free);
  gboolean workflow = g_str_equal (schedula_plot_page_get_label (page), "workflow");
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  graph = parse_dot (dot);
  g_assert_cmpuint (graph->nodes->len, ==, g_strv_length (ids));
  g_string_append_printf (out, "folder %s (%s)\n", path, schedula_plot_page_get_label (page));
  for (guint k = 0; k < graph->nodes->len; k++)
    {
      DotItem *node = graph->nodes->pdata[k];
      const char *keys[] = { "shape", "fillcolor", "color", "style" };
      const char *label = attr (node, "label");

      g_assert_cmpuint (node_index (node->name), ==, k);
      g_string_append_printf (out, "    %s:", ids[k]);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (attr (node, keys[i]) != NULL)
          g_string_append_printf (out, "%s %s=%s", i > 0 ? "," : "", keys[i], attr (node, keys[i]));
      if (g_hash_table_contains (node->quoted, "label"))
        g_string_append_printf (out, ", label=%s", label);
      else
        {
          g_autoptr(GPtrArray) rows = label_rows (label, FALSE);
          g_autofree char *title = label_title (label);

          g_assert_cmpstr (title, ==, ids[k]);
          if (rows->len > 0)
            {
              g_autofree char *names = NULL;

              g_ptr_array_add (rows, NULL);
              names = g_strjoinv (", ", (char **) rows->pdata);
              g_string_append_printf (out, ", rows=[%s]", names);
            }
        }
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < graph->edges->len; i++)
    {
      DotItem *edge = graph->edges->pdata[i];

      g_ptr_array_add (edges, g_strdup_printf ("%s->%s", edge_end_name (ids[node_index (edge->from)]),
                                               edge_end_name (ids[node_index (edge->to)])));
    }
  if (workflow)
    g_ptr_array_sort (edges, cmp_strp);
  g_ptr_array_add (edges, NULL);
  joined = g_strjoinv ("; ", (char **) edges->pdata);
  g_string_append_printf (out, "    edges: %s\n", joined);
}

static void
summarise (GString         *out,
           const char      *example,
           SchedulaPlotMap *plot)
{
  g_string_append_printf (out, "example %s\n", example);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (plot)); i++)
    {
      g_autoptr(SchedulaPlotPage) page = g_list_model_get_item (G_LIST_MODEL (plot), i);

      summarise_page (out, page);
    }
}

static char *
read_data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "plot-data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Compares @text with plot-data/@name; with SCHEDULA_PLOT_REGENERATE set,
 * writes it there instead */
static void
assert_data_file (const char *name,
                  const char *text)
{
  g_autofree char *expected = NULL;

  if (g_getenv ("SCHEDULA_PLOT_REGENERATE") != NULL)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "plot-data", name, NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
      g_test_message ("wrote %s", path);
      return;
    }
  expected = read_data_file (name);
  if (g_strcmp0 (text, expected) != 0)
    g_test_message ("plot-data/%s differs: got\n%s", name, text);
  g_assert_cmpstr (text, ==, expected);
}

/* ------------------------------------------------------------------ */
/* Options and values                                                  */
/* ------------------------------------------------------------------ */

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_options (void)
{
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  guint notified = 0;

  g_assert_cmpint (schedula_plot_options_get_depth (options), ==, -1);
  g_assert_cmpint (schedula_plot_options_get_layout (options), ==, SCHEDULA_PLOT_LAYOUT_PAGES);
  g_assert_cmpint (schedula_plot_options_get_rows (options), ==, SCHEDULA_PLOT_ROWS_STANDARD);
  g_assert_cmpuint (schedula_plot_options_get_max_lines (options), ==, 5);
  g_assert_cmpuint (schedula_plot_options_get_max_width (options), ==, 200);
  g_assert_null (schedula_plot_options_get_title (options));

  g_signal_connect (options, "notify", G_CALLBACK (count_notify), &notified);
  schedula_plot_options_set_depth (options, 2);
  schedula_plot_options_set_depth (options, 2);
  schedula_plot_options_set_layout (options, SCHEDULA_PLOT_LAYOUT_CLUSTERS);
  schedula_plot_options_set_rows (options, SCHEDULA_PLOT_ROWS_ALL);
  schedula_plot_options_set_max_lines (options, 1);
  schedula_plot_options_set_max_width (options, 3);
  schedula_plot_options_set_title (options, "t");
  schedula_plot_options_set_title (options, "t");
  g_assert_cmpuint (notified, ==, 6);
  g_object_set (options, "depth", 0, "max-width", 7, NULL);
  g_assert_cmpint (schedula_plot_options_get_depth (options), ==, 0);
  g_assert_cmpuint (schedula_plot_options_get_max_width (options), ==, 7);
  g_assert_cmpstr (schedula_plot_options_get_title (options), ==, "t");
  g_assert_true (SCHEDULA_PLOT_ROWS_ALL == (SCHEDULA_PLOT_ROWS_STANDARD | SCHEDULA_PLOT_ROWS_VALUE |
                                            SCHEDULA_PLOT_ROWS_EDGE_VALUE));
}

static char *
format_double (gdouble x)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, x);
  return schedula_plot_format_value (&v);
}

static char *
format_with_func (const GValue *value, gpointer data)
{
  (*(guint *) data)++;
  return G_VALUE_HOLDS_INT64 (value) ? g_strdup_printf ("int:%" G_GINT64_FORMAT, g_value_get_int64 (value))
                                     : NULL;
}

static void
test_format_value (void)
{
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  g_autoptr(SchedulaDict) dict = schedula_dict_new ();
  g_auto(GValue) v = G_VALUE_INIT;
  g_auto(GValue) s = G_VALUE_INIT;
  g_auto(GValue) none = G_VALUE_INIT;
  g_auto(GValue) d = G_VALUE_INIT;
  guint calls = 0;

  /* Python's repr() of floats */
  ASSERT_STR (format_double (0.1), "0.1");
  ASSERT_STR (format_double (100), "100.0");
  ASSERT_STR (format_double (-2.5), "-2.5");
  ASSERT_STR (format_double (1e16), "1e+16");
  ASSERT_STR (format_double (1.5e-7), "1.5e-07");
  ASSERT_STR (format_double (0.0001), "0.0001");
  ASSERT_STR (format_double (123456789012345678.0), "1.2345678901234568e+17");
  ASSERT_STR (format_double (1.0 / 3), "0.3333333333333333");
  ASSERT_STR (format_double (-0.0), "-0.0");
  ASSERT_STR (format_double (INFINITY), "inf");
  ASSERT_STR (format_double (NAN), "nan");

  g_value_init (&s, G_TYPE_STRING);
  g_value_set_string (&s, "it's \"quoted\"\n");
  ASSERT_STR (schedula_plot_format_value (&s), "it's \"quoted\"\n");
  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, -7);
  schedula_value_init_none (&none);
  schedula_dict_insert (dict, "n", &v);
  schedula_dict_insert (dict, "s", &s);
  schedula_dict_insert (dict, "none", &none);
  g_value_init (&d, SCHEDULA_TYPE_DICT);
  g_value_set_boxed (&d, dict);
  ASSERT_STR (schedula_plot_format_value (&d), "{'n': -7, 's': 'it\\'s \"quoted\"\\n', 'none': none}");

  /* the options' function first, the default when it gives NULL */
  schedula_plot_options_set_value_func (options, format_with_func, &calls, NULL);
  ASSERT_STR (schedula_plot_options_format_value (options, &v), "int:-7");
  ASSERT_STR (schedula_plot_options_format_value (options, &none), "none");
  g_assert_cmpuint (calls, ==, 2);
}

/* ------------------------------------------------------------------ */
/* schedula's examples                                                 */
/* ------------------------------------------------------------------ */

static void
test_examples (void)
{
  g_autoptr(SchedulaDispatcher) dsp = plotted_model ();
  g_autoptr(SchedulaSolution) sol = plotted_solution (dsp);
  g_autoptr(SchedulaPlotOptions) depth0 = schedula_plot_options_new ();
  g_autoptr(SchedulaPlotMap) model = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  g_autoptr(SchedulaPlotMap) workflow = NULL;
  g_autoptr(SchedulaPlotMap) shallow = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = read_data_file ("examples.expected");

  workflow = schedula_plot_map_new_for_solution (sol, NULL, &error);
  g_assert_no_error (error);
  schedula_plot_options_set_depth (depth0, 0);
  shallow = schedula_plot_map_new_for_dispatcher (dsp, depth0);

  summarise (out, "7.04", model);
  summarise (out, "7.05", workflow);
  summarise (out, "7.06", shallow);
  if (!g_str_equal (out->str, expected))
    g_test_message ("the summary of the plots:\n%s", out->str);
  g_assert_cmpstr (out->str, ==, expected);
}

/* The DOT of every page of the examples, as checked in */
static void
test_dot_files (void)
{
  g_autoptr(SchedulaDispatcher) dsp = plotted_model ();
  g_autoptr(SchedulaSolution) sol = plotted_solution (dsp);
  g_autoptr(SchedulaPlotOptions) depth0 = schedula_plot_options_new ();
  struct { const char *example; SchedulaPlotMap *plot; } plots[3];
  g_autoptr(GError) error = NULL;

  schedula_plot_options_set_depth (depth0, 0);
  plots[0].example = "7.04";
  plots[0].plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  plots[1].example = "7.05";
  plots[1].plot = schedula_plot_map_new_for_solution (sol, NULL, &error);
  g_assert_no_error (error);
  plots[2].example = "7.06";
  plots[2].plot = schedula_plot_map_new_for_dispatcher (dsp, depth0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plots[2].plot)), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
    {
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (plots[i].plot)); k++)
        {
          g_autoptr(SchedulaPlotPage) page = g_list_model_get_item (G_LIST_MODEL (plots[i].plot), k);
          g_autofree char *path = g_strjoinv ("-", (char **) schedula_plot_page_get_path (page));
          g_autofree char *name = g_strdup_printf ("%s-%s.dot", plots[i].example, path);
          g_autofree char *dot = schedula_plot_page_to_dot (page, &error);

          g_assert_no_error (error);
          assert_data_file (name, dot);
        }
      g_object_unref (plots[i].plot);
    }

  /* to_dot() of the dispatcher and of the solution: their first pages */
  {
    g_autofree char *dot = schedula_dispatcher_to_dot (dsp, NULL, &error);
    g_autofree char *expected = read_data_file ("7.04-plotted.dot");
    g_autofree char *wf = NULL;
    g_autofree char *wf_expected = read_data_file ("7.05-plotted.dot");

    g_assert_no_error (error);
    g_assert_cmpstr (dot, ==, expected);
    wf = schedula_solution_to_dot (sol, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (wf, ==, wf_expected);
  }
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */
/* ------------------------------------------------------------------ */

static void
test_pages (void)
{
  g_autoptr(SchedulaDispatcher) dsp = plotted_model ();
  g_autoptr(SchedulaSolution) sol = plotted_solution (dsp);
  g_autoptr(SchedulaPlotMap) plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  g_autoptr(SchedulaPlotMap) wplot = NULL;
  g_autoptr(SchedulaPlotPage) sd = NULL;
  g_autoptr(SchedulaPlotPage) sub = NULL;
  g_autoptr(SchedulaPlotPage) parent = NULL;
  g_autoptr(SchedulaPlotPage) item = NULL;
  g_autoptr(SchedulaPlotPage) kept = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaPlotPage *root = schedula_plot_map_get_root (plot);
  g_auto(GStrv) ids = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (plot)) == SCHEDULA_TYPE_PLOT_PAGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plot)), ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (plot), 3));
  g_assert_true (schedula_plot_map_get_options (plot) != NULL);
  g_assert_cmpstr (schedula_plot_page_get_name (root), ==, "plotted");
  g_assert_cmpstr (schedula_plot_page_get_label (root), ==, "dmap");
  g_assert_cmpuint (schedula_plot_page_get_position (root), ==, 0);
  g_assert_null (schedula_plot_page_dup_parent (root));
  g_assert_true (schedula_plot_page_get_dispatcher (root) == dsp);
  g_assert_null (schedula_plot_page_get_solution (root));
  g_assert_null (schedula_plot_page_dup_child (root, "a"));
  g_assert_null (schedula_plot_page_dup_child (root, "no such node"));

  sd = schedula_plot_page_dup_child (root, "sd");
  sub = schedula_plot_page_dup_child (root, "sub");
  g_assert_cmpstr (schedula_plot_page_get_name (sd), ==, "sd");
  g_assert_cmpuint (schedula_plot_page_get_position (sd), ==, 1);
  g_assert_cmpstr (schedula_dispatcher_get_name (schedula_plot_page_get_dispatcher (sd)), ==, "Sub-dispatcher");
  g_assert_cmpuint (g_strv_length ((char **) schedula_plot_page_get_path (sub)), ==, 2);
  g_assert_cmpstr (schedula_plot_page_get_path (sub)[1], ==, "sub");
  parent = schedula_plot_page_dup_parent (sub);
  g_assert_true (parent == root);
  /* the same page is the same object while someone holds it */
  item = g_list_model_get_item (G_LIST_MODEL (plot), 2);
  g_assert_true (item == sub);
  ids = schedula_plot_page_dup_node_ids (sd);
  g_assert_cmpstrv (ids, IDS ("fun", "a", "b", "c", SCHEDULA_END));

  /* a page outlives its map */
  kept = g_object_ref (sub);
  g_clear_object (&plot);
  g_clear_object (&sub);
  g_clear_object (&sd);
  g_clear_object (&parent);
  g_clear_object (&item);
  g_assert_cmpstr (schedula_plot_page_get_name (kept), ==, "sub");
  parent = schedula_plot_page_dup_parent (kept);
  g_assert_cmpstr (schedula_plot_page_get_name (parent), ==, "plotted");

  /* a workflow's pages hold its sub-solutions */
  wplot = schedula_plot_map_new_for_solution (sol, NULL, &error);
  g_assert_no_error (error);
  root = schedula_plot_map_get_root (wplot);
  g_assert_cmpstr (schedula_plot_page_get_label (root), ==, "workflow");
  g_assert_true (schedula_plot_page_get_solution (root) == sol);
  g_clear_object (&sub);
  sub = schedula_plot_page_dup_child (root, "sub");
  g_assert_nonnull (schedula_plot_page_get_solution (sub));
  g_assert_cmpstr (schedula_plot_page_get_label (sub), ==, "workflow");
  g_clear_pointer (&ids, g_strfreev);
  ids = schedula_plot_page_dup_node_ids (sub);
  g_assert_cmpstrv (ids, IDS (SCHEDULA_START, "g", "x", "y"));
}

/* A model without nodes is EMPTY; a title names the first page */
static void
test_empty (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  g_autoptr(SchedulaPlotMap) plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  g_autoptr(SchedulaPlotMap) titled = NULL;
  g_auto(GStrv) ids = schedula_plot_page_dup_node_ids (schedula_plot_map_get_root (plot));
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = schedula_plot_map_to_dot (plot, &error);

  g_assert_no_error (error);
  g_assert_cmpstrv (ids, IDS ("$EMPTY"));
  g_assert_cmpstr (schedula_plot_page_get_name (schedula_plot_map_get_root (plot)), ==, "Dispatcher");
  ASSERT_CONTAINS (dot, "shape=egg, fillcolor=\"#FFFFFF\"");
  ASSERT_CONTAINS (dot, "label=\"empty\"");

  schedula_plot_options_set_title (options, "my <plot>");
  titled = schedula_plot_map_new_for_dispatcher (dsp, options);
  g_assert_cmpstr (schedula_plot_page_get_name (schedula_plot_map_get_root (titled)), ==, "my <plot>");
}

/* ------------------------------------------------------------------ */
/* Workflows: failures, missing edges, values                          */
/* ------------------------------------------------------------------ */

static void
test_workflow (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("wf");
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  g_autoptr(GHashTable) inputs = inputs_new ("a", 41, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  g_autoptr(DotGraph) graph = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GValue) big = G_VALUE_INIT;
  g_autoptr(GString) text = g_string_new (NULL);

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  add_function (dsp, "inc", fn_inc, IDS ("a"), IDS ("b"));
  add_function (dsp, "bad", fn_fail_escaped, IDS ("b"), IDS ("c"));
  add_function (dsp, "both", fn_split, IDS ("b"), IDS ("d", "e"));
  add_function (dsp, "wants_c", fn_inc, IDS ("c"), IDS ("f"));
  /* a long value: 8 lines, the first of 300 characters */
  for (guint i = 0; i < 8; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "line %u ", i);
      if (i == 0)
        for (guint j = 0; j < 300; j++)
          g_string_append_c (text, 'x');
    }
  g_value_init (&big, G_TYPE_STRING);
  g_value_set_string (&big, text->str);
  schedula_dispatcher_add_data (dsp, "long", &big, &error);
  g_assert_no_error (error);
  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  g_assert_cmpuint (schedula_solution_get_n_errors (sol), ==, 1);

  schedula_plot_options_set_rows (options, SCHEDULA_PLOT_ROWS_ALL);
  dot = schedula_solution_to_dot (sol, options, &error);
  g_assert_no_error (error);
  graph = parse_dot (dot);
  {
    g_autoptr(SchedulaPlotMap) plot = schedula_plot_map_new_for_solution (sol, options, &error);

    g_assert_no_error (error);
    ids = schedula_plot_page_dup_node_ids (schedula_plot_map_get_root (plot));
  }
  g_assert_cmpstrv (ids, IDS (SCHEDULA_START, "inc", "a", "b", "bad", "both", "d", "e", "long"));

  /* the failed node: red, with its error */
  {
    DotItem *bad = dot_node (graph, "n4");
    g_autoptr(GPtrArray) rows = label_rows (attr (bad, "label"), TRUE);

    g_assert_cmpstr (attr (bad, "fillcolor"), ==, "#FF3536");
    g_assert_cmpstr (attr (bad, "color"), ==, "#5E1F00");
    g_assert_cmpstr (attr (bad, "penwidth"), ==, "2");
    /* the error as schedula formats it */
    g_assert_true (g_str_has_prefix (rows->pdata[rows->len - 1], "error=Failed DISPATCHING 'bad' due to:"));
    ASSERT_CONTAINS ((const char *) rows->pdata[rows->len - 1], "fail <&> \"%s\"");
  }
  /* a function that ran: plain; the data nodes have their values */
  {
    DotItem *inc = dot_node (graph, "n1");
    DotItem *b = dot_node (graph, "n3");
    g_autoptr(GPtrArray) rows = label_rows (attr (b, "label"), TRUE);

    g_assert_cmpstr (attr (inc, "fillcolor"), ==, "#eed867");
    g_assert_null (attr (inc, "penwidth"));
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (rows->pdata[0], ==, "distance=2.0");
    g_assert_cmpstr (rows->pdata[1], ==, "output=42");
  }
  /* the long default, cut: 5 lines of at most 200 characters, then … */
  {
    DotItem *dlong = dot_node (graph, "n8");
    g_autoptr(GPtrArray) rows = label_rows (attr (dlong, "label"), TRUE);
    g_auto(GStrv) lines = g_strsplit (rows->pdata[0], "\n", -1);

    g_assert_true (g_str_has_prefix (rows->pdata[0], "default=line 0 xxx"));
    g_assert_cmpuint (g_strv_length (lines), ==, 6);
    g_assert_cmpuint (g_utf8_strlen (lines[0], -1), ==, strlen ("default=") + 200 + 1);
    g_assert_true (g_str_has_suffix (lines[0], "x…"));
    g_assert_cmpstr (lines[4], ==, "line 4 ");
    g_assert_cmpstr (lines[5], ==, "…");
  }
  /* the edges carried values */
  for (guint i = 0; i < graph->edges->len; i++)
    {
      DotItem *edge = graph->edges->pdata[i];

      if (g_str_equal (edge->name, "n2 -> n1"))
        {
          g_autoptr(GPtrArray) rows = label_rows (attr (edge, "xlabel"), TRUE);

          g_assert_cmpstr (rows->pdata[0], ==, "value=41");
        }
    }
}

/* The warning style: a function whose declared output is missing (its
 * domain said no), and a function that never got one of its inputs */
static void
test_workflow_missing (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("missing");
  g_autoptr(SchedulaFunction) never = schedula_function_new_predicate ("gt0", fn_gt0, NULL, NULL);
  g_autoptr(GHashTable) inputs = inputs_new ("a", -1, "b", 1, NULL);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  g_autoptr(DotGraph) graph = NULL;
  SchedulaFunctionNode *refused;

  refused = add_function (dsp, "refused", fn_inc, IDS ("a"), IDS ("c"));
  schedula_function_node_set_input_domain (refused, never);
  add_function (dsp, "waiting", fn_first, IDS ("b", "c"), IDS ("d"));
  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  dot = schedula_solution_to_dot (sol, NULL, &error);
  g_assert_no_error (error);
  graph = parse_dot (dot);
  for (guint k = 0; k < graph->nodes->len; k++)
    {
      DotItem *node = graph->nodes->pdata[k];
      const char *label = attr (node, "label");
      g_autofree char *title = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      if (g_hash_table_contains (node->quoted, "label"))
        continue;
      title = label_title (label);
      rows = label_rows (label, TRUE);
      if (g_str_equal (title, "refused"))
        {
          g_assert_cmpstr (attr (node, "fillcolor"), ==, "#fea22b");
          g_assert_cmpstr (attr (node, "color"), ==, "#C9340A");
          g_assert_cmpstr (rows->pdata[0], ==, "solution_domain=False");
          g_assert_cmpstr (rows->pdata[1], ==, "M_outputs=c");
        }
      else if (g_str_equal (title, "waiting"))
        {
          g_assert_cmpstr (attr (node, "fillcolor"), ==, "#fea22b");
          g_assert_cmpstr (rows->pdata[0], ==, "M_inputs=c");
          g_assert_cmpstr (rows->pdata[1], ==, "M_outputs=d");
        }
    }
}

/* ------------------------------------------------------------------ */
/* Wrappers: their kinds, START and END of a sub-dispatch function      */
/* ------------------------------------------------------------------ */

static void
test_wrappers (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("wrappers");
  g_autoptr(SchedulaDispatcher) inner = schedula_dispatcher_new ("inner");
  g_autoptr(SchedulaSubDispatchFunction) sdf = NULL;
  g_autoptr(SchedulaSubDispatchPipe) sdp = NULL;
  g_autoptr(SchedulaDispatchPipe) dp = NULL;
  g_autoptr(SchedulaMapDispatch) md = NULL;
  g_autoptr(SchedulaSubDispatch) as_function = NULL;
  g_autoptr(SchedulaFunction) run_model = schedula_run_model_new ();
  g_autoptr(SchedulaPlotMap) plot = NULL;
  g_autoptr(SchedulaPlotPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  g_autofree char *page_dot = NULL;
  g_autoptr(DotGraph) graph = NULL;
  g_autoptr(DotGraph) page_graph = NULL;
  g_auto(GStrv) ids = NULL;
  const struct { const char *id; const char *shape; const char *fillcolor; } kinds[] = {
    { "sdf", "note", "#f9d951" },
    { "sdp", "note", "#f1cd5d" },
    { "dp", "note", "#e8c268" },
    { "md", "note", "#f4bd6a" },
    { "as_function", "note", "#eed867" },
    { "run_model", "note", "#eed867" },
  };

  add_function (inner, "inc", fn_inc, IDS ("x"), IDS ("y"));
  add_function (inner, "inc2", fn_inc, IDS ("y"), IDS ("z"));
  sdf = schedula_sub_dispatch_function_new (inner, "sdf", IDS ("x"), IDS ("z"),
                                            SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  sdp = schedula_sub_dispatch_pipe_new (inner, "sdp", IDS ("x"), IDS ("y"), SCHEDULA_OUTPUT_TYPE_DEFAULT,
                                        NULL, &error);
  g_assert_no_error (error);
  dp = schedula_dispatch_pipe_new (inner, "dp", IDS ("x"), IDS ("z"), SCHEDULA_OUTPUT_TYPE_DEFAULT,
                                   NULL, &error);
  g_assert_no_error (error);
  md = schedula_map_dispatch_new (inner, NULL, NULL, NULL, SCHEDULA_OUTPUT_TYPE_ALL);
  as_function = schedula_sub_dispatch_new_for_dispatcher (inner);
  schedula_dispatcher_add_function (dsp, "sdf", SCHEDULA_FUNCTION (sdf), IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "sdp", SCHEDULA_FUNCTION (sdp), IDS ("a"), IDS ("c"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "dp", SCHEDULA_FUNCTION (dp), IDS ("a"), IDS ("d"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "md", SCHEDULA_FUNCTION (md), IDS ("list"), IDS ("e"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "as_function", SCHEDULA_FUNCTION (as_function), IDS ("kw"),
                                    IDS ("f"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "run_model", run_model, IDS ("model", "kw"), IDS ("g"), &error);
  g_assert_no_error (error);

  plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  dot = schedula_plot_map_to_dot (plot, &error);
  g_assert_no_error (error);
  graph = parse_dot (dot);
  ids = schedula_plot_page_dup_node_ids (schedula_plot_map_get_root (plot));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      DotItem *node = NULL;

      for (guint k = 0; ids[k] != NULL; k++)
        if (g_str_equal (ids[k], kinds[i].id))
          node = graph->nodes->pdata[k];
      g_assert_nonnull (node);
      g_assert_cmpstr (attr (node, "shape"), ==, kinds[i].shape);
      g_assert_cmpstr (attr (node, "fillcolor"), ==, kinds[i].fillcolor);
    }
  /* every wrapper of a model opens its page; run_model opens none */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plot)), ==, 6);
  g_assert_null (schedula_plot_page_dup_child (schedula_plot_map_get_root (plot), "run_model"));

  /* the page of the sub-dispatch function: START -> its inputs (inp_id),
   * its outputs -> END (out_id) */
  page = schedula_plot_page_dup_child (schedula_plot_map_get_root (plot), "sdf");
  page_dot = schedula_plot_page_to_dot (page, &error);
  g_assert_no_error (error);
  page_graph = parse_dot (page_dot);
  g_clear_pointer (&ids, g_strfreev);
  ids = schedula_plot_page_dup_node_ids (page);
  g_assert_cmpstr (ids[0], ==, SCHEDULA_START);
  g_assert_cmpstr (ids[g_strv_length (ids) - 1], ==, SCHEDULA_END);
  for (guint i = 0; i < page_graph->edges->len; i++)
    {
      DotItem *edge = page_graph->edges->pdata[i];
      const char *from = ids[node_index (edge->from)], *to = ids[node_index (edge->to)];
      g_autoptr(GPtrArray) rows = attr (edge, "xlabel") ? label_rows (attr (edge, "xlabel"), TRUE) : NULL;

      if (g_str_equal (from, SCHEDULA_START))
        {
          g_assert_cmpstr (to, ==, "x");
          g_assert_cmpstr (rows->pdata[0], ==, "inp_id=0");
        }
      else if (g_str_equal (to, SCHEDULA_END))
        {
          g_assert_cmpstr (from, ==, "z");
          g_assert_cmpstr (rows->pdata[0], ==, "out_id=0");
        }
      else
        g_assert_null (rows);
    }
}

/* A model that holds itself through a wrapper is opened once */
static void
test_recursion (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("loop");
  g_autoptr(SchedulaSubDispatch) self_call = schedula_sub_dispatch_new (dsp, NULL, SCHEDULA_OUTPUT_TYPE_ALL, NULL);
  g_autoptr(SchedulaPlotMap) plot = NULL;
  g_autoptr(SchedulaPlotPage) child = NULL;
  g_autoptr(SchedulaPlotPage) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;

  schedula_dispatcher_add_function (dsp, "self_call", SCHEDULA_FUNCTION (self_call), IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plot)), ==, 2);
  child = schedula_plot_page_dup_child (schedula_plot_map_get_root (plot), "self_call");
  again = schedula_plot_page_dup_child (child, "self_call");
  g_assert_true (again == child);

  /* in clusters too */
  schedula_plot_options_set_layout (schedula_plot_map_get_options (plot), SCHEDULA_PLOT_LAYOUT_CLUSTERS);
  dot = schedula_plot_map_to_dot (plot, &error);
  g_assert_no_error (error);
  ASSERT_CONTAINS (dot, "subgraph cluster_1 {");
  g_assert_null (strstr (dot, "cluster_2"));

  /* the model would hold itself: break the cycle */
  schedula_dispatcher_remove_node (dsp, "self_call", NULL);
}

static guint count (const char *haystack, const char *needle);

/* A model "top" whose node "a" holds a nesting of @n_levels models (each
 * a node "s" holding the next) and whose node "b", after it, holds @leaf */
static SchedulaDispatcher *
deep_nesting_model (guint                n_levels,
                    SchedulaDispatcher **leaf)
{
  SchedulaDispatcher *top = schedula_dispatcher_new ("top");
  SchedulaDispatcher *inner = schedula_dispatcher_new ("level");
  g_autoptr(SchedulaMapping) xy = schedula_mapping_new_identity (IDS ("x"));
  g_autoptr(GError) error = NULL;

  *leaf = schedula_dispatcher_new ("leaf");
  schedula_dispatcher_add_data (inner, "x", NULL, &error);
  for (guint i = 1; i < n_levels; i++)
    {
      SchedulaDispatcher *outer = schedula_dispatcher_new ("level");

      schedula_dispatcher_add_dispatcher (outer, "s", inner, xy, xy, &error);
      g_assert_no_error (error);
      g_object_unref (inner);
      inner = outer;
    }
  schedula_dispatcher_add_data (*leaf, "x", NULL, &error);
  schedula_dispatcher_add_dispatcher (top, "a", inner, xy, xy, &error);
  schedula_dispatcher_add_dispatcher (top, "b", *leaf, xy, xy, &error);
  g_assert_no_error (error);
  g_object_unref (inner);
  return top;
}

/* A deep nesting: every level a page, numbered depth first in node order
 * (the pages of the deep branch before those of the node after it), the
 * levels opened with a stack, not a recursion per level; as clusters, each
 * inside the one above it, written with a stack too (fewer levels: each
 * level of a cluster is indented more, the text grows with the square) */
static void
test_deep_nesting (void)
{
  const guint n_levels = 2000, n_cluster_levels = 200;
  g_autoptr(SchedulaDispatcher) leaf = NULL;
  g_autoptr(SchedulaDispatcher) top = deep_nesting_model (n_levels, &leaf);
  g_autoptr(SchedulaDispatcher) small_leaf = NULL;
  g_autoptr(SchedulaDispatcher) small = deep_nesting_model (n_cluster_levels, &small_leaf);
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  g_autoptr(SchedulaPlotMap) plot = NULL;
  g_autoptr(SchedulaPlotPage) page = NULL;
  g_autoptr(SchedulaPlotPage) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  g_autofree char *innermost = NULL;
  g_autofree char *closing = NULL;

  plot = schedula_plot_map_new_for_dispatcher (top, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plot)), ==, n_levels + 2);
  page = g_object_ref (schedula_plot_map_get_root (plot));
  for (guint level = 1; level <= n_levels; level++)
    {
      SchedulaPlotPage *child = schedula_plot_page_dup_child (page, level == 1 ? "a" : "s");

      g_assert_nonnull (child);
      g_assert_cmpuint (schedula_plot_page_get_position (child), ==, level);
      g_object_unref (page);
      page = child;
    }
  g_assert_cmpuint (g_strv_length ((char **) schedula_plot_page_get_path (page)), ==, n_levels + 1);
  g_assert_null (schedula_plot_page_dup_child (page, "s"));
  after = schedula_plot_page_dup_child (schedula_plot_map_get_root (plot), "b");
  g_assert_cmpuint (schedula_plot_page_get_position (after), ==, n_levels + 1);
  g_assert_true (schedula_plot_page_get_dispatcher (after) == leaf);

  schedula_plot_options_set_layout (options, SCHEDULA_PLOT_LAYOUT_CLUSTERS);
  dot = schedula_dispatcher_to_dot (small, options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (dot, "subgraph cluster_"), ==, n_cluster_levels + 1);
  g_assert_cmpuint (count (dot, "{\n"), ==, count (dot, "}\n"));
  innermost = g_strdup_printf ("subgraph cluster_%u {", n_cluster_levels);
  ASSERT_CONTAINS (dot, innermost);
  /* the page after the deep branch is a cluster of the top page, closed
   * after all of the branch's */
  ASSERT_CONTAINS (dot, "\n  subgraph cluster_1 {");
  ASSERT_CONTAINS (dot, "\n    subgraph cluster_2 {");
  closing = g_strdup_printf ("\n  }\n  subgraph cluster_%u {", n_cluster_levels + 1);
  ASSERT_CONTAINS (dot, closing);
}

static void
test_clusters (void)
{
  g_autoptr(SchedulaDispatcher) dsp = plotted_model ();
  g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  g_autofree char *pages = NULL;

  schedula_plot_options_set_layout (options, SCHEDULA_PLOT_LAYOUT_CLUSTERS);
  dot = schedula_dispatcher_to_dot (dsp, options, &error);
  g_assert_no_error (error);
  assert_data_file ("7.04-clusters.dot", dot);
  ASSERT_CONTAINS (dot, "compound=true");
  ASSERT_CONTAINS (dot, "subgraph cluster_1 {");
  ASSERT_CONTAINS (dot, "subgraph cluster_2 {");
  ASSERT_CONTAINS (dot, "n6 -> p1_n0 [style=dashed, arrowhead=onormal, color=\"#808080\", lhead=cluster_1];");
  ASSERT_CONTAINS (dot, "n9 -> p2_n0 [style=dashed, arrowhead=onormal, color=\"#808080\", lhead=cluster_2];");

  /* pages: the first page alone */
  pages = schedula_dispatcher_to_dot (dsp, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (pages, "subgraph"));
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */
/* ------------------------------------------------------------------ */

/* Ids that break DOT, HTML-like labels, escStrings, XML or HTML when they
 * are written as they are (schedula's own plots broke on %) */
static const char *const tricky_ids[] = {
  "100%",
  "%s %d %n %(x)s %%",
  "say \"hi\"",
  "a<b>&c &amp; &#92;",
  "back\\slash \\N \\G \\\\ \\n",
  "trailing\\",
  "two\nlines",
  "naïve ✓ 日本語 😀",
  "</script><script>alert(1)</script>",
  "]]> <!-- --> <![CDATA[x]]>",
  "'single' `tick` {b} [s] |p| ;,= -> --",
  NULL
};

#define TRICKY_DESCRIPTION "a \"described\" node\\N with\na newline & <tags>"
#define TRICKY_FUNCTION "f \"%s\" <&> \\N"

static SchedulaDispatcher *
tricky_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("tricky <&> \"%s\" \\N");
  g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
  g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; tricky_ids[i] != NULL; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      SchedulaDataNode *node;

      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, tricky_ids[i]);
      node = schedula_dispatcher_add_data (dsp, tricky_ids[i], &value, &error);
      g_assert_no_error (error);
      if (i == 0)
        schedula_node_set_description (SCHEDULA_NODE (node), TRICKY_DESCRIPTION);
    }
  add_function (dsp, TRICKY_FUNCTION, fn_first, tricky_ids, IDS ("out\\"));
  add_function (child, "x%\\N", fn_first, IDS ("in <&>"), IDS ("out \"%\""));
  schedula_mapping_add (inputs, "100%", "in <&>");
  schedula_dispatcher_add_dispatcher (dsp, "sub <&> \"%\"", child, inputs, NULL, &error);
  g_assert_no_error (error);
  return dsp;
}

static const char *
tricky_tooltip (const char *id)
{
  return g_str_equal (id, tricky_ids[0]) ? TRICKY_DESCRIPTION : id;
}

static void
test_escaping (void)
{
  g_autoptr(SchedulaDispatcher) dsp = tricky_model ();
  g_autoptr(SchedulaPlotMap) plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = schedula_plot_map_to_dot (plot, &error);
  g_autoptr(DotGraph) graph = NULL;
  g_auto(GStrv) ids = schedula_plot_page_dup_node_ids (schedula_plot_map_get_root (plot));
  guint checked = 0;

  g_assert_no_error (error);
  assert_data_file ("tricky.dot", dot);
  graph = parse_dot (dot);
  g_assert_cmpuint (graph->nodes->len, ==, g_strv_length (ids));
  for (guint k = 0; ids[k] != NULL; k++)
    {
      DotItem *node = graph->nodes->pdata[k];
      g_autofree char *title = label_title (attr (node, "label"));
      g_autofree char *tooltip = tooltip_text (attr (node, "tooltip"));
      g_autoptr(GPtrArray) rows = label_rows (attr (node, "label"), TRUE);

      g_assert_cmpstr (title, ==, ids[k]);
      g_assert_cmpstr (tooltip, ==, tricky_tooltip (ids[k]));
      if (g_strv_contains (tricky_ids, ids[k]))
        {
          g_autofree char *row = g_strdup_printf ("default=%s", ids[k]);

          g_assert_cmpstr (rows->pdata[0], ==, row);
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, g_strv_length ((char **) tricky_ids));

  /* the page of the sub-dispatcher, and its cluster */
  {
    g_autoptr(SchedulaPlotPage) sub = schedula_plot_page_dup_child (schedula_plot_map_get_root (plot),
                                                                   "sub <&> \"%\"");
    g_autofree char *sub_dot = schedula_plot_page_to_dot (sub, &error);
    g_autoptr(DotGraph) sub_graph = NULL;
    g_autofree char *clusters = NULL;

    g_assert_no_error (error);
    sub_graph = parse_dot (sub_dot);
    g_assert_cmpstr (schedula_plot_page_get_name (sub), ==, "sub <&> \"%\"");
    for (guint k = 0; k < sub_graph->nodes->len; k++)
      {
        DotItem *node = sub_graph->nodes->pdata[k];
        g_autofree char *title = label_title (attr (node, "label"));

        if (g_str_equal (title, "in <&>"))
          {
            g_autoptr(GPtrArray) rows = label_rows (attr (node, "label"), TRUE);

            g_assert_cmpstr (rows->pdata[0], ==, "remote parent 0=100%");
          }
      }
    schedula_plot_options_set_layout (schedula_plot_map_get_options (plot), SCHEDULA_PLOT_LAYOUT_CLUSTERS);
    clusters = schedula_plot_map_to_dot (plot, &error);
    g_assert_no_error (error);
    ASSERT_CONTAINS (clusters, "label=<sub &lt;&amp;&gt; &quot;%&quot; (dmap)>");
  }
}

/* ------------------------------------------------------------------ */
/* SVG                                                                 */
/* ------------------------------------------------------------------ */

/* What graphviz's SVG says about each node group (<g id=... class="node">):
 * its text lines and its tooltip */
typedef struct
{
  GHashTable *texts;     /* node dom id -> GPtrArray of strings */
  GHashTable *tooltips;  /* node dom id -> string */
  char       *node;      /* the node group being read */
  guint       node_depth;
  guint       depth;
  GString    *text;      /* inside a <text> */
  guint       n_elements;
} SvgScan;

static void
svg_start (GMarkupParseContext *context, const char *element, const char **names,
           const char **values, gpointer data, GError **error)
{
  SvgScan *scan = data;
  const char *id = NULL, *klass = NULL, *title = NULL;

  scan->depth++;
  scan->n_elements++;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "id"))
      id = values[i];
    else if (g_str_equal (names[i], "class"))
      klass = values[i];
    else if (g_str_equal (names[i], "xlink:title"))
      title = values[i];
  if (g_str_equal (element, "g") && g_strcmp0 (klass, "node") == 0 && scan->node == NULL)
    {
      scan->node = g_strdup (id);
      scan->node_depth = scan->depth;
      g_hash_table_insert (scan->texts, g_strdup (id), g_ptr_array_new_with_free_func (g_free));
    }
  else if (g_str_equal (element, "text") && scan->node != NULL)
    scan->text = g_string_new (NULL);
  else if (g_str_equal (element, "a") && scan->node != NULL && title != NULL)
    g_hash_table_insert (scan->tooltips, g_strdup (scan->node), g_strdup (title));
}

static void
svg_end (GMarkupParseContext *context, const char *element, gpointer data, GError **error)
{
  SvgScan *scan = data;

  if (g_str_equal (element, "text") && scan->text != NULL)
    g_ptr_array_add (g_hash_table_lookup (scan->texts, scan->node), g_string_free (scan->text, FALSE));
  if (g_str_equal (element, "text"))
    scan->text = NULL;
  if (g_str_equal (element, "g") && scan->node != NULL && scan->depth == scan->node_depth)
    g_clear_pointer (&scan->node, g_free);
  scan->depth--;
}

static void
svg_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data, GError **error)
{
  SvgScan *scan = data;

  if (scan->text != NULL)
    g_string_append_len (scan->text, text, len);
}

/* Parses an SVG document as XML, with its node groups */
static void
svg_scan (SvgScan    *scan,
          const char *svg)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  memset (scan, 0, sizeof *scan);
  scan->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  scan->tooltips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, scan, NULL);
  g_markup_parse_context_parse (context, svg, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scan->depth, ==, 0);
}

static void
svg_scan_clear (SvgScan *scan)
{
  g_hash_table_unref (scan->texts);
  g_hash_table_unref (scan->tooltips);
  g_free (scan->node);
}

static gboolean
texts_contain (GPtrArray  *texts,
               const char *line)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (texts->pdata[i], line))
      return TRUE;
  return FALSE;
}

static void
test_svg (void)
{
  g_autoptr(SchedulaDispatcher) dsp = plotted_model ();
  g_autoptr(SchedulaSolution) sol = plotted_solution (dsp);
  g_autoptr(SchedulaPlotMap) plot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = NULL;
  SvgScan scan;

  plot = schedula_plot_map_new_for_solution (sol, NULL, &error);
  g_assert_no_error (error);
  svg = schedula_plot_map_to_svg (plot, &error);
  if (!SCHEDULA_HAS_GRAPHVIZ)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_null (svg);
      return;
    }
  g_assert_no_error (error);
  svg_scan (&scan, svg);
  /* every node of the first page is a group with its labels */
  g_assert_cmpuint (g_hash_table_size (scan.texts), ==, 14);
  g_assert_true (texts_contain (g_hash_table_lookup (scan.texts, "sch-0-0"), "a"));
  g_assert_true (texts_contain (g_hash_table_lookup (scan.texts, "sch-0-0"), "default"));
  g_assert_true (texts_contain (g_hash_table_lookup (scan.texts, "sch-0-11"), "start"));
  g_assert_cmpstr (g_hash_table_lookup (scan.tooltips, "sch-0-0"), ==, "input a");
  svg_scan_clear (&scan);

  /* each page alone, and the clusters */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (plot)); i++)
    {
      g_autoptr(SchedulaPlotPage) page = g_list_model_get_item (G_LIST_MODEL (plot), i);
      g_autofree char *page_svg = schedula_plot_page_to_svg (page, &error);

      g_assert_no_error (error);
      svg_scan (&scan, page_svg);
      g_assert_cmpuint (g_hash_table_size (scan.texts), >, 0);
      svg_scan_clear (&scan);
    }
  schedula_plot_options_set_layout (schedula_plot_map_get_options (plot), SCHEDULA_PLOT_LAYOUT_CLUSTERS);
  g_clear_pointer (&svg, g_free);
  svg = schedula_plot_map_to_svg (plot, &error);
  g_assert_no_error (error);
  svg_scan (&scan, svg);
  g_assert_cmpuint (g_hash_table_size (scan.texts), ==, 14 + 5 + 4);
  svg_scan_clear (&scan);
}

/* The tricky ids through graphviz: the SVG's text is the ids' */
static void
test_escaping_svg (void)
{
  g_autoptr(SchedulaDispatcher) dsp = tricky_model ();
  g_autoptr(SchedulaPlotMap) plot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = NULL;
  g_auto(GStrv) ids = NULL;
  SvgScan scan;

  if (!SCHEDULA_HAS_GRAPHVIZ)
    {
      skip ("graphviz is not built (-Dgraphviz)");
      return;
    }
  plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  ids = schedula_plot_page_dup_node_ids (schedula_plot_map_get_root (plot));
  svg = schedula_plot_map_to_svg (plot, &error);
  g_assert_no_error (error);
  svg_scan (&scan, svg);
  for (guint k = 0; ids[k] != NULL; k++)
    {
      g_autofree char *dom_id = g_strdup_printf ("sch-0-%u", k);
      GPtrArray *texts = g_hash_table_lookup (scan.texts, dom_id);
      g_auto(GStrv) lines = g_strsplit (ids[k], "\n", -1);

      g_assert_nonnull (texts);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (!texts_contain (texts, lines[i]))
            g_error ("the SVG of node %u has no text '%s'", k, lines[i]);
        }
      g_assert_cmpstr (g_hash_table_lookup (scan.tooltips, dom_id), ==, tricky_tooltip (ids[k]));
    }
  svg_scan_clear (&scan);
}

/* ------------------------------------------------------------------ */
/* The HTML view, and writing files                                    */
/* ------------------------------------------------------------------ */

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_html (void)
{
  g_autoptr(SchedulaDispatcher) dsp = tricky_model ();
  g_autoptr(SchedulaPlotMap) plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *html = schedula_plot_map_to_html (plot, &error);

  if (!SCHEDULA_HAS_GRAPHVIZ)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_null (html);
      return;
    }
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n"));
  /* every page is there, as a template */
  g_assert_cmpuint (count (html, "<template id=\"sch-page-"), ==, 2);
  /* nothing comes from the network; the ids do not end the scripts */
  g_assert_null (strstr (html, "<script src"));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "src=\"http"));
  g_assert_null (strstr (html, "href=\"http"));
  g_assert_null (strstr (html, "<?xml"));
  g_assert_cmpuint (count (html, "</script>"), ==, 2);
  g_assert_cmpuint (count (html, "<script"), ==, 2);
  /* the JSON of the hover has the ids, escaped for a script element */
  ASSERT_CONTAINS (html, "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"");
  ASSERT_CONTAINS (html, "\"back\\\\slash \\\\N \\\\G \\\\\\\\ \\\\n\"");
  ASSERT_CONTAINS (html, "\"two\\nlines\"");
  ASSERT_CONTAINS (html, "<title>tricky &lt;&amp;&gt; &quot;%s&quot; \\N</title>");
}

static void
test_write (void)
{
  g_autoptr(SchedulaDispatcher) dsp = plotted_model ();
  g_autoptr(SchedulaSolution) sol = plotted_solution (dsp);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("schedula-plot-XXXXXX", &error);
  const char *names[] = { "model.dot", "model.GV", "model.svg", "model.html", "model.htm" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *text = NULL;
      gboolean needs_graphviz = i >= 2;
      gboolean ok = schedula_dispatcher_plot (dsp, path, NULL, &error);

      if (needs_graphviz && !SCHEDULA_HAS_GRAPHVIZ)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
          g_assert_false (ok);
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      if (i < 2)
        g_assert_true (g_str_has_prefix (text, "digraph dmap {\n"));
      else if (i == 2)
        ASSERT_CONTAINS (text, "<svg");
      else
        g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>"));
      g_unlink (path);
    }

  /* the workflow */
  {
    g_autofree char *path = g_build_filename (dir, "workflow.dot", NULL);
    g_autofree char *text = NULL;
    g_autofree char *expected = read_data_file ("7.05-plotted.dot");

    g_assert_true (schedula_solution_plot (sol, path, NULL, &error));
    g_assert_no_error (error);
    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, expected);
    g_unlink (path);
  }

  /* an extension that names no format, a directory that is not there */
  {
    g_autofree char *path = g_build_filename (dir, "model.png", NULL);
    g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "model.dot", NULL);

    g_assert_false (schedula_dispatcher_plot (dsp, path, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    ASSERT_CONTAINS (error->message, "model.png");
    g_clear_error (&error);
    g_assert_false (schedula_dispatcher_plot (dsp, missing, NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);
  }
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* The HTML view in a browser                                          */
/* ------------------------------------------------------------------ */

/* The tutorial's model (examples/tutorial.py), in C, with its in-memory
 * part as a sub-dispatcher: the functions that read and write files in the
 * model, the key and the messages in "crypto". Encrypting is a stand-in
 * for Fernet here: the key, ':', the message reversed. */

static gboolean
fn_generate_key (SchedulaCall *call, gpointer data, GError **error)
{
  schedula_call_set_output_string (call, 0, "k3y");
  return TRUE;
}

static gboolean
fn_encrypt (SchedulaCall *call, gpointer data, GError **error)
{
  const char *key = schedula_call_get_string (call, 0, error);
  const char *message = key != NULL ? schedula_call_get_string (call, 1, error) : NULL;
  g_autofree char *reversed = NULL;
  g_autofree char *token = NULL;

  if (message == NULL)
    return FALSE;
  reversed = g_utf8_strreverse (message, -1);
  token = g_strconcat (key, ":", reversed, NULL);
  schedula_call_set_output_string (call, 0, token);
  return TRUE;
}

static gboolean
fn_decrypt (SchedulaCall *call, gpointer data, GError **error)
{
  const char *key = schedula_call_get_string (call, 0, error);
  const char *token = key != NULL ? schedula_call_get_string (call, 1, error) : NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *message = NULL;

  if (token == NULL)
    return FALSE;
  prefix = g_strconcat (key, ":", NULL);
  if (!g_str_has_prefix (token, prefix))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "InvalidToken");
      return FALSE;
    }
  message = g_utf8_strreverse (token + strlen (prefix), -1);
  schedula_call_set_output_string (call, 0, message);
  return TRUE;
}

static gboolean
fn_isfile (SchedulaCall *call, gpointer data, GError **error)
{
  const char *path = schedula_call_get_string (call, 0, error);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
fn_read_file (SchedulaCall *call, gpointer data, GError **error)
{
  const char *path = schedula_call_get_string (call, 0, error);
  g_autofree char *text = NULL;

  if (path == NULL || !g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  schedula_call_set_output_string (call, 0, text);
  return TRUE;
}

static gboolean
fn_write_file (SchedulaCall *call, gpointer data, GError **error)
{
  const char *path = schedula_call_get_string (call, 0, error);
  const char *text = path != NULL ? schedula_call_get_string (call, 1, error) : NULL;

  return text != NULL && g_file_set_contents (path, text, -1, error);
}

static SchedulaDispatcher *
tutorial_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("tutorial");
  g_autoptr(SchedulaDispatcher) crypto = schedula_dispatcher_new ("symmetric_cryptography");
  g_autoptr(SchedulaFunction) isfile = schedula_function_new_predicate ("isfile", fn_isfile, NULL, NULL);
  g_autoptr(SchedulaMapping) inputs = schedula_mapping_new_identity (IDS ("key", "decrypted", "encrypted"));
  g_autoptr(SchedulaMapping) outputs = schedula_mapping_new_identity (IDS ("key", "decrypted", "encrypted"));
  g_autoptr(GError) error = NULL;
  const struct { const char *id, *in; const char *out; } reads[] = {
    { "read_key", "key_fpath", "key" },
    { "read_decrypted", "decrypted_fpath", "decrypted" },
    { "read_encrypted", "encrypted_fpath", "encrypted" },
  };
  const struct { const char *id, *path, *text; } writes[] = {
    { "write_key", "key_fpath", "key" },
    { "write_decrypted", "decrypted_fpath", "decrypted" },
    { "write_encrypted", "encrypted_fpath", "encrypted" },
  };

  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_function_node_set_weight (add_function (crypto, "generate_key", fn_generate_key, NULL, IDS ("key")), 2);
  add_function (crypto, "encrypt_message", fn_encrypt, IDS ("key", "decrypted"), IDS ("encrypted"));
  add_function (crypto, "decrypt_message", fn_decrypt, IDS ("key", "encrypted"), IDS ("decrypted"));

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    schedula_function_node_set_input_domain (add_function (dsp, reads[i].id, fn_read_file, IDS (reads[i].in),
                                                     IDS (reads[i].out)), isfile);
  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    add_function (dsp, writes[i].id, fn_write_file, IDS (writes[i].path, writes[i].text), NULL);
  schedula_dispatcher_add_dispatcher (dsp, "crypto", crypto, inputs, outputs, &error);
  g_assert_no_error (error);
  return dsp;
}

static char *
find_chromium (void)
{
  const char *env = g_getenv ("SCHEDULA_CHROMIUM");

  if (env != NULL && env[0] != '\0')
    return g_find_program_in_path (env);
  return g_find_program_in_path ("chromium");
}

/* Runs headless Chromium on @url with @args; its output */
static char *
run_chromium (const char        *chromium,
              const char        *profile,
              const char *const *args,
              const char        *url)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint status = 0;

  g_ptr_array_add (argv, g_strdup (chromium));
  g_ptr_array_add (argv, g_strdup ("--headless=new"));
  g_ptr_array_add (argv, g_strdup ("--no-sandbox"));       /* the tests may run as root */
  g_ptr_array_add (argv, g_strdup ("--disable-gpu"));
  g_ptr_array_add (argv, g_strdup ("--disable-dev-shm-usage"));
  g_ptr_array_add (argv, g_strdup ("--no-first-run"));
  g_ptr_array_add (argv, g_strdup ("--disable-extensions"));
  g_ptr_array_add (argv, g_strdup ("--disable-background-networking"));
  g_ptr_array_add (argv, g_strdup ("--window-size=1200,800"));
  g_ptr_array_add (argv, g_strdup_printf ("--user-data-dir=%s", profile));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, g_strdup (url));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

/* The DOM Chromium renders for @file#@fragment */
static char *
dump_dom (const char *chromium,
          const char *profile,
          const char *file,
          const char *fragment)
{
  g_autofree char *uri = g_filename_to_uri (file, NULL, NULL);
  g_autofree char *url = fragment != NULL ? g_strconcat (uri, "#", fragment, NULL) : g_strdup (uri);
  char *dom = run_chromium (chromium, profile, IDS ("--dump-dom"), url);

  /* the view's script ran to its end: the data parsed, the page is shown */
  ASSERT_CONTAINS (dom, "data-ready=\"true\"");
  return dom;
}

/* What the view shows: the <main id="sch-view"> element */
static char *
shown (const char *dom)
{
  const char *start = strstr (dom, "<main id=\"sch-view\"");
  const char *end = start != NULL ? strstr (start, "</main>") : NULL;

  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* The text of an element serialised by the browser */
static char *
dom_text (const char *s,
          gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len;)
    {
      if (g_str_has_prefix (s + i, "&amp;"))
        g_string_append_c (out, '&'), i += 5;
      else if (g_str_has_prefix (s + i, "&lt;"))
        g_string_append_c (out, '<'), i += 4;
      else if (g_str_has_prefix (s + i, "&gt;"))
        g_string_append_c (out, '>'), i += 4;
      else if (g_str_has_prefix (s + i, "&nbsp;"))
        g_string_append (out, "\xc2\xa0"), i += 6;
      else
        g_string_append_c (out, s[i++]);
    }
  return g_string_free (out, FALSE);
}

/* The hover: the tip's title and its rows ("key=value") */
static GPtrArray *
tip_rows (const char *dom,
          char      **title)
{
  const char *tip = strstr (dom, "<div id=\"sch-tip\"");
  const char *tip_end = tip != NULL ? strstr (tip, "</div>") : NULL;
  const char *h1, *small;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (tip_end);
  g_assert_true (strstr (tip, ">") < strstr (tip, "<h1>"));
  /* shown: not hidden */
  g_assert_null (g_strstr_len (tip, strstr (tip, ">") - tip, "hidden"));
  h1 = strstr (tip, "<h1>") + 4;
  small = strstr (h1, "<small>");
  *title = dom_text (h1, small - h1);
  for (const char *p = strstr (tip, "<tr"); p != NULL && p < tip_end; p = strstr (p + 1, "<tr"))
    {
      const char *th = strstr (p, "<th>") + 4, *th_end = strstr (th, "</th>");
      const char *td = strstr (th_end, "<td>") + 4, *td_end = strstr (td, "</td>");
      g_autofree char *key = dom_text (th, th_end - th);
      g_autofree char *value = dom_text (td, td_end - td);

      g_ptr_array_add (rows, g_strdup_printf ("%s=%s", key, value));
    }
  return rows;
}

static gboolean
rows_contain (GPtrArray  *rows,
              const char *row)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (rows->pdata[i], row))
      return TRUE;
  return FALSE;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A PNG of the window's size */
static void
assert_png (const char *path)
{
  g_autofree char *png = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  const guchar *p;

  g_file_get_contents (path, &png, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 24);
  p = (const guchar *) png;
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (p + 12, 4, "IHDR", 4);
  g_assert_cmpuint ((guint) p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19], ==, 1200);
  g_assert_cmpuint ((guint) p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23], ==, 800);
}

typedef struct
{
  char *chromium;
  char *dir;
  char *profile;
} Browser;

static gboolean
browser_init (Browser *b)
{
  g_autoptr(GError) error = NULL;

  memset (b, 0, sizeof *b);
  if (!SCHEDULA_HAS_GRAPHVIZ)
    {
      skip ("the HTML view needs graphviz, which is not built (-Dgraphviz)");
      return FALSE;
    }
  b->chromium = find_chromium ();
  if (b->chromium == NULL)
    {
      skip ("chromium is not installed (or SCHEDULA_CHROMIUM names no program): "
            "the HTML view is not opened in a browser");
      return FALSE;
    }
  b->dir = g_dir_make_tmp ("schedula-plot-view-XXXXXX", &error);
  g_assert_no_error (error);
  b->profile = g_build_filename (b->dir, "profile", NULL);
  return TRUE;
}

static void
browser_clear (Browser *b)
{
  if (b->dir != NULL)
    remove_tree (b->dir);
  g_free (b->chromium);
  g_free (b->dir);
  g_free (b->profile);
}

static char *
write_view (Browser         *b,
            SchedulaPlotMap *plot,
            const char      *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (b->dir, name, NULL);

  schedula_plot_map_write (plot, path, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_html_chromium (void)
{
  g_autoptr(SchedulaDispatcher) dsp = tutorial_model ();
  g_autoptr(SchedulaPlotMap) model = NULL;
  g_autoptr(SchedulaPlotMap) workflow = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *model_html = NULL;
  g_autofree char *workflow_html = NULL;
  g_autofree char *png = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *unwritable = NULL;
  Browser b;

  if (!browser_init (&b))
    return;
  model = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  model_html = write_view (&b, model, "tutorial.html");

  /* a screenshot */
  png = g_build_filename (b.dir, "tutorial.png", NULL);
  screenshot = g_strdup_printf ("--screenshot=%s", png);
  {
    g_autofree char *uri = g_filename_to_uri (model_html, NULL, NULL);
    g_autofree char *out = run_chromium (b.chromium, b.profile, IDS (screenshot), uri);

    assert_png (png);
  }

  /* the model's page: its nodes are drawn */
  {
    g_autofree char *dom = dump_dom (b.chromium, b.profile, model_html, NULL);
    g_autofree char *view = shown (dom);
    const char *labels[] = { "read_key", "write_key", "read_decrypted", "write_encrypted",
                             "key_fpath", "crypto", "sink" };

    ASSERT_CONTAINS (view, "data-path=\"tutorial\"");
    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        g_autofree char *text = g_strdup_printf (">%s</text>", labels[i]);

        ASSERT_CONTAINS (view, text);
      }
    g_assert_null (strstr (view, ">generate_key</text>"));
    /* the node that opens a page says so */
    ASSERT_CONTAINS (view, "sch-link");
  }

  /* a click on the sub-dispatcher shows its page */
  {
    g_autofree char *dom = dump_dom (b.chromium, b.profile, model_html, "click=crypto");
    g_autofree char *view = shown (dom);

    ASSERT_CONTAINS (view, "data-page=\"1\"");
    ASSERT_CONTAINS (view, "data-path=\"tutorial/crypto\"");
    ASSERT_CONTAINS (view, ">generate_key</text>");
    ASSERT_CONTAINS (view, ">encrypt_message</text>");
    ASSERT_CONTAINS (view, ">decrypt_message</text>");
    ASSERT_CONTAINS (view, ">remote parent 0</text>");
    g_assert_null (strstr (view, ">read_key</text>"));
    g_assert_null (strstr (view, ">write_key</text>"));
    /* and the way back */
    ASSERT_CONTAINS (dom, "<a>tutorial</a>");
  }

  /* the workflow: hover shows values, distances, errors */
  unwritable = g_build_filename (b.dir, "no", "such", "dir", "key.key", NULL);
  {
    GValue *message = g_new0 (GValue, 1);
    GValue *key_fpath = g_new0 (GValue, 1);

    g_value_init (message, G_TYPE_STRING);
    g_value_set_string (message, "secret message");
    g_hash_table_insert (inputs, g_strdup ("decrypted"), message);
    g_value_init (key_fpath, G_TYPE_STRING);
    g_value_set_string (key_fpath, unwritable);
    g_hash_table_insert (inputs, g_strdup ("key_fpath"), key_fpath);
  }
  sol = dispatch_ok (dsp, inputs, NULL, NULL);
  g_assert_cmpstr (g_value_get_string (schedula_solution_lookup (sol, "encrypted")), ==, "k3y:egassem terces");
  g_assert_nonnull (schedula_solution_get_error (sol, "write_key"));
  workflow = schedula_plot_map_new_for_solution (sol, NULL, &error);
  g_assert_no_error (error);
  workflow_html = write_view (&b, workflow, "workflow.html");
  {
    g_autofree char *dom = dump_dom (b.chromium, b.profile, workflow_html, "hover=encrypted");
    g_autofree char *title = NULL;
    g_autoptr(GPtrArray) rows = tip_rows (dom, &title);
    g_autofree char *distance = NULL;
    g_autofree char *dtext = NULL;
    SchedulaDistance d;

    g_assert_cmpstr (title, ==, "encrypted");
    g_assert_true (schedula_solution_get_distance (sol, "encrypted", &d));
    dtext = schedula_distance_to_string (&d);
    distance = g_strdup_printf ("distance=%s", dtext);
    g_assert_true (rows_contain (rows, "output=k3y:egassem terces"));
    g_assert_true (rows_contain (rows, distance));
  }
  {
    g_autofree char *dom = dump_dom (b.chromium, b.profile, workflow_html, "hover=write_key");
    g_autofree char *title = NULL;
    g_autoptr(GPtrArray) rows = tip_rows (dom, &title);
    g_autofree char *message = schedula_solution_dup_error_message (sol, "write_key");
    g_autofree char *error_row = g_strdup_printf ("error=%s", message);

    g_assert_cmpstr (title, ==, "write_key");
    g_assert_true (rows_contain (rows, error_row));
    /* the failed node is drawn red */
    ASSERT_CONTAINS (dom, "fill=\"#ff3536\"");
  }
  /* the sub-solution's page */
  {
    g_autofree char *dom = dump_dom (b.chromium, b.profile, workflow_html, "click=crypto");
    g_autofree char *view = shown (dom);

    ASSERT_CONTAINS (view, "data-path=\"tutorial/crypto\"");
    ASSERT_CONTAINS (view, ">generate_key</text>");
    ASSERT_CONTAINS (view, ">distance</text>");
  }
  browser_clear (&b);
}

/* The tricky ids in a browser: the scripts run, the hover shows them */
static void
test_html_chromium_escaping (void)
{
  g_autoptr(SchedulaDispatcher) dsp = tricky_model ();
  g_autoptr(SchedulaPlotMap) plot = NULL;
  g_autofree char *html = NULL;
  const char *hovered[] = { "</script><script>alert(1)</script>", "back\\slash \\N \\G \\\\ \\n",
                            "two\nlines", "naïve ✓ 日本語 😀", "say \"hi\"", "100%" };
  Browser b;

  if (!browser_init (&b))
    return;
  plot = schedula_plot_map_new_for_dispatcher (dsp, NULL);
  html = write_view (&b, plot, "tricky.html");
  for (guint i = 0; i < G_N_ELEMENTS (hovered); i++)
    {
      g_autofree char *escaped = g_uri_escape_string (hovered[i], NULL, FALSE);
      g_autofree char *fragment = g_strconcat ("hover=", escaped, NULL);
      g_autofree char *dom = dump_dom (b.chromium, b.profile, html, fragment);
      g_autofree char *title = NULL;
      g_autoptr(GPtrArray) rows = tip_rows (dom, &title);
      g_autofree char *row = g_strdup_printf ("default=%s", hovered[i]);

      g_assert_cmpstr (title, ==, hovered[i]);
      g_assert_true (rows_contain (rows, row));
      /* the id did not end a script: nothing but the view's own */
      g_assert_cmpuint (count (dom, "<script"), ==, 2);
    }
  browser_clear (&b);
}

static void
run_case (gconstpointer data)
{
  n_cases_run++;
  ((GTestFunc) data) ();
}

static void
add (const char *path,
     GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer) func, run_case);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  add ("/Schedula/Plot/options", test_options);
  add ("/Schedula/Plot/format-value", test_format_value);
  add ("/Schedula/Plot/examples", test_examples);
  add ("/Schedula/Plot/dot-files", test_dot_files);
  add ("/Schedula/Plot/pages", test_pages);
  add ("/Schedula/Plot/empty", test_empty);
  add ("/Schedula/Plot/workflow", test_workflow);
  add ("/Schedula/Plot/workflow-missing", test_workflow_missing);
  add ("/Schedula/Plot/wrappers", test_wrappers);
  add ("/Schedula/Plot/recursion", test_recursion);
  add ("/Schedula/Plot/deep-nesting", test_deep_nesting);
  add ("/Schedula/Plot/clusters", test_clusters);
  add ("/Schedula/Plot/escaping", test_escaping);
  add ("/Schedula/Plot/escaping-svg", test_escaping_svg);
  add ("/Schedula/Plot/svg", test_svg);
  add ("/Schedula/Plot/html", test_html);
  add ("/Schedula/Plot/write", test_write);
  add ("/Schedula/Plot/HTML/chromium", test_html_chromium);
  add ("/Schedula/Plot/HTML/chromium-escaping", test_html_chromium_escaping);

  status = g_test_run ();
  if (status == 0 && n_cases_run > 0 && n_cases_skipped == n_cases_run)
    return 77;
  return status;
}
