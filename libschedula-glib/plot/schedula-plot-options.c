/* schedula-plot-options.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "schedula-plot-private.h"
#include "schedula-enums.h"

/**
 * SchedulaPlotOptions:
 *
 * What a plot shows, as the keywords of schedula's `plot()`: how deep it
 * goes into sub-dispatchers ([property@PlotOptions:depth]), whether they
 * are pages of their own or clusters of one graph
 * ([property@PlotOptions:layout]), the rows of the node tables
 * ([property@PlotOptions:rows], schedula's `node_data` and `node_function`)
 * and how long a value may be before it is cut
 * ([property@PlotOptions:max-lines], [property@PlotOptions:max-width]).
 *
 * |[<!-- language="C" -->
 * // The model and its sub-dispatchers in one DOT graph, without the node tables.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * inc (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 x;
 *
 *   if (!schedula_call_get_int64 (call, 0, &x, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, x + 1);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
 *   g_autoptr(SchedulaPlotOptions) options = schedula_plot_options_new ();
 *   g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *dot = NULL;
 *
 *   schedula_dispatcher_add_function_full (child, "inc", inc, NULL, NULL, SCHEDULA_IDS ("x"),
 *                                          SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *   schedula_mapping_add (inputs, "a", "x");
 *   schedula_dispatcher_add_dispatcher (dsp, "child", child, inputs, NULL, &error);
 *   g_assert_no_error (error);
 *
 *   schedula_plot_options_set_layout (options, SCHEDULA_PLOT_LAYOUT_CLUSTERS);
 *   schedula_plot_options_set_rows (options, SCHEDULA_PLOT_ROWS_NONE);
 *   dot = schedula_dispatcher_to_dot (dsp, options, &error);
 *   g_assert_no_error (error);
 *   g_assert_nonnull (strstr (dot, "subgraph cluster_1"));
 *   return 0;
 * }
 * ]|
 */

struct _SchedulaPlotOptions
{
  GObject                parent_instance;

  gint                   depth;
  SchedulaPlotLayout     layout;
  SchedulaPlotRows       rows;
  guint                  max_lines;
  guint                  max_width;
  char                  *title;
  SchedulaPlotValueFunc  value_func;
  gpointer               value_data;
  GDestroyNotify         value_destroy;
};

G_DEFINE_FINAL_TYPE (SchedulaPlotOptions, schedula_plot_options, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEPTH,
  PROP_LAYOUT,
  PROP_ROWS,
  PROP_MAX_LINES,
  PROP_MAX_WIDTH,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_plot_options_finalize (GObject *object)
{
  SchedulaPlotOptions *self = SCHEDULA_PLOT_OPTIONS (object);

  if (self->value_destroy != NULL)
    self->value_destroy (self->value_data);
  g_free (self->title);

  G_OBJECT_CLASS (schedula_plot_options_parent_class)->finalize (object);
}

static void
schedula_plot_options_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SchedulaPlotOptions *self = SCHEDULA_PLOT_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_DEPTH:
      g_value_set_int (value, self->depth);
      break;
    case PROP_LAYOUT:
      g_value_set_enum (value, self->layout);
      break;
    case PROP_ROWS:
      g_value_set_flags (value, self->rows);
      break;
    case PROP_MAX_LINES:
      g_value_set_uint (value, self->max_lines);
      break;
    case PROP_MAX_WIDTH:
      g_value_set_uint (value, self->max_width);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_plot_options_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SchedulaPlotOptions *self = SCHEDULA_PLOT_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_DEPTH:
      schedula_plot_options_set_depth (self, g_value_get_int (value));
      break;
    case PROP_LAYOUT:
      schedula_plot_options_set_layout (self, g_value_get_enum (value));
      break;
    case PROP_ROWS:
      schedula_plot_options_set_rows (self, g_value_get_flags (value));
      break;
    case PROP_MAX_LINES:
      schedula_plot_options_set_max_lines (self, g_value_get_uint (value));
      break;
    case PROP_MAX_WIDTH:
      schedula_plot_options_set_max_width (self, g_value_get_uint (value));
      break;
    case PROP_TITLE:
      schedula_plot_options_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_plot_options_class_init (SchedulaPlotOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_plot_options_finalize;
  object_class->get_property = schedula_plot_options_get_property;
  object_class->set_property = schedula_plot_options_set_property;

  /**
   * SchedulaPlotOptions:depth:
   *
   * How many levels of sub-dispatchers the plot opens: -1 all of them, 0
   * none (their nodes are drawn, their pages are not made). A model that
   * holds itself, through a wrapper, is opened once: the deeper node links
   * to the page already made.
   */
  properties[PROP_DEPTH] =
    g_param_spec_int ("depth", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaPlotOptions:layout:
   *
   * Whether sub-dispatchers are pages of their own, linked from their
   * nodes, or clusters of one graph. The HTML view always has pages.
   */
  properties[PROP_LAYOUT] =
    g_param_spec_enum ("layout", NULL, NULL,
                       SCHEDULA_TYPE_PLOT_LAYOUT, SCHEDULA_PLOT_LAYOUT_PAGES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaPlotOptions:rows:
   *
   * The rows of the node and edge tables; by default, schedula's.
   */
  properties[PROP_ROWS] =
    g_param_spec_flags ("rows", NULL, NULL,
                        SCHEDULA_TYPE_PLOT_ROWS, SCHEDULA_PLOT_ROWS_STANDARD,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaPlotOptions:max-lines:
   *
   * The most lines of a value a table shows (schedula's `max_lines`); the
   * rest is cut, and the cut ends with `…`. 0: no limit.
   */
  properties[PROP_MAX_LINES] =
    g_param_spec_uint ("max-lines", NULL, NULL, 0, G_MAXUINT, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaPlotOptions:max-width:
   *
   * The most characters of a line of a value a table shows (schedula's
   * `max_width`); a longer line is cut and ends with `…`. 0: no limit.
   */
  properties[PROP_MAX_WIDTH] =
    g_param_spec_uint ("max-width", NULL, NULL, 0, G_MAXUINT, 200,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaPlotOptions:title:
   *
   * The name of the first page; %NULL (the default) for the name of the
   * plotted dispatcher, or `Dispatcher` when it has none.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_plot_options_init (SchedulaPlotOptions *self)
{
  self->depth = -1;
  self->layout = SCHEDULA_PLOT_LAYOUT_PAGES;
  self->rows = SCHEDULA_PLOT_ROWS_STANDARD;
  self->max_lines = 5;
  self->max_width = 200;
}

/**
 * schedula_plot_options_new:
 *
 * Makes plot options with schedula's defaults: every level of
 * sub-dispatchers, as pages, schedula's rows, values cut at 5 lines of
 * 200 characters.
 *
 * Returns: (transfer full): new #SchedulaPlotOptions
 */
SchedulaPlotOptions *
schedula_plot_options_new (void)
{
  return g_object_new (SCHEDULA_TYPE_PLOT_OPTIONS, NULL);
}

/**
 * schedula_plot_options_get_depth:
 * @self: a #SchedulaPlotOptions
 *
 * Gets [property@PlotOptions:depth].
 *
 * Returns: the depth, -1 for all levels
 */
gint
schedula_plot_options_get_depth (SchedulaPlotOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), -1);

  return self->depth;
}

/**
 * schedula_plot_options_set_depth:
 * @self: a #SchedulaPlotOptions
 * @depth: how many levels of sub-dispatchers to open: -1 all, 0 none
 *
 * Sets [property@PlotOptions:depth].
 */
void
schedula_plot_options_set_depth (SchedulaPlotOptions *self,
                                 gint                 depth)
{
  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));
  g_return_if_fail (depth >= -1);

  if (self->depth == depth)
    return;
  self->depth = depth;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH]);
}

/**
 * schedula_plot_options_get_layout:
 * @self: a #SchedulaPlotOptions
 *
 * Gets [property@PlotOptions:layout].
 *
 * Returns: the layout
 */
SchedulaPlotLayout
schedula_plot_options_get_layout (SchedulaPlotOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), SCHEDULA_PLOT_LAYOUT_PAGES);

  return self->layout;
}

/**
 * schedula_plot_options_set_layout:
 * @self: a #SchedulaPlotOptions
 * @layout: pages or clusters
 *
 * Sets [property@PlotOptions:layout].
 */
void
schedula_plot_options_set_layout (SchedulaPlotOptions *self,
                                  SchedulaPlotLayout   layout)
{
  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));
  g_return_if_fail ((guint) layout <= SCHEDULA_PLOT_LAYOUT_CLUSTERS);

  if (self->layout == layout)
    return;
  self->layout = layout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

/**
 * schedula_plot_options_get_rows:
 * @self: a #SchedulaPlotOptions
 *
 * Gets [property@PlotOptions:rows].
 *
 * Returns: the rows
 */
SchedulaPlotRows
schedula_plot_options_get_rows (SchedulaPlotOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), SCHEDULA_PLOT_ROWS_STANDARD);

  return self->rows;
}

/**
 * schedula_plot_options_set_rows:
 * @self: a #SchedulaPlotOptions
 * @rows: the rows the tables show
 *
 * Sets [property@PlotOptions:rows].
 */
void
schedula_plot_options_set_rows (SchedulaPlotOptions *self,
                                SchedulaPlotRows     rows)
{
  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));
  g_return_if_fail ((rows & ~SCHEDULA_PLOT_ROWS_ALL) == 0);

  if (self->rows == rows)
    return;
  self->rows = rows;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

/**
 * schedula_plot_options_get_max_lines:
 * @self: a #SchedulaPlotOptions
 *
 * Gets [property@PlotOptions:max-lines].
 *
 * Returns: the most lines of a value, 0 for no limit
 */
guint
schedula_plot_options_get_max_lines (SchedulaPlotOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), 0);

  return self->max_lines;
}

/**
 * schedula_plot_options_set_max_lines:
 * @self: a #SchedulaPlotOptions
 * @max_lines: the most lines of a value, 0 for no limit
 *
 * Sets [property@PlotOptions:max-lines].
 */
void
schedula_plot_options_set_max_lines (SchedulaPlotOptions *self,
                                     guint                max_lines)
{
  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));

  if (self->max_lines == max_lines)
    return;
  self->max_lines = max_lines;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LINES]);
}

/**
 * schedula_plot_options_get_max_width:
 * @self: a #SchedulaPlotOptions
 *
 * Gets [property@PlotOptions:max-width].
 *
 * Returns: the most characters of a line, 0 for no limit
 */
guint
schedula_plot_options_get_max_width (SchedulaPlotOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), 0);

  return self->max_width;
}

/**
 * schedula_plot_options_set_max_width:
 * @self: a #SchedulaPlotOptions
 * @max_width: the most characters of a line, 0 for no limit
 *
 * Sets [property@PlotOptions:max-width].
 */
void
schedula_plot_options_set_max_width (SchedulaPlotOptions *self,
                                     guint                max_width)
{
  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));

  if (self->max_width == max_width)
    return;
  self->max_width = max_width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WIDTH]);
}

/**
 * schedula_plot_options_get_title:
 * @self: a #SchedulaPlotOptions
 *
 * Gets [property@PlotOptions:title].
 *
 * Returns: (nullable): the name of the first page, or %NULL for the
 *   dispatcher's
 */
const char *
schedula_plot_options_get_title (SchedulaPlotOptions *self)
{
  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), NULL);

  return self->title;
}

/**
 * schedula_plot_options_set_title:
 * @self: a #SchedulaPlotOptions
 * @title: (nullable): the name of the first page, or %NULL for the
 *   dispatcher's
 *
 * Sets [property@PlotOptions:title].
 */
void
schedula_plot_options_set_title (SchedulaPlotOptions *self,
                                 const char          *title)
{
  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * schedula_plot_options_set_value_func:
 * @self: a #SchedulaPlotOptions
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   writes values as text, or %NULL for [func@plot_format_value]
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets how the plot writes values: default values, the values of a
 * solution, the values edges carried. @func is called while a plot is
 * written, in the thread that writes it.
 */
void
schedula_plot_options_set_value_func (SchedulaPlotOptions   *self,
                                      SchedulaPlotValueFunc  func,
                                      gpointer               user_data,
                                      GDestroyNotify         destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self));

  old_destroy = self->value_destroy;
  old_data = self->value_data;
  self->value_func = func;
  self->value_data = user_data;
  self->value_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * schedula_plot_options_format_value:
 * @self: a #SchedulaPlotOptions
 * @value: a value
 *
 * Writes @value as the plot shows it: with the function given to
 * [method@PlotOptions.set_value_func], else as [func@plot_format_value]
 * does. The text is whole: tables cut it.
 *
 * Returns: (transfer full): the text
 */
char *
schedula_plot_options_format_value (SchedulaPlotOptions *self,
                                    const GValue        *value)
{
  char *text = NULL;

  g_return_val_if_fail (SCHEDULA_IS_PLOT_OPTIONS (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (self->value_func != NULL)
    text = self->value_func (value, self->value_data);
  if (text == NULL)
    text = schedula_plot_format_value (value);
  return text;
}

/* The default text of values ------------------------------------------------ */

/* Python's repr() of a float: the shortest digits that read back as @x,
 * positional between 1e-4 and 1e16, else with an exponent of two digits at
 * least. */
static void
append_float (GString *out,
              gdouble  x)
{
  char buf[64];
  char digits[32];
  const char *p;
  gint exponent, n = 0;

  if (isnan (x))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (x))
    {
      g_string_append (out, x > 0 ? "inf" : "-inf");
      return;
    }
  if (x == 0)
    {
      g_string_append (out, signbit (x) ? "-0.0" : "0.0");
      return;
    }
  for (gint precision = 1; precision <= 17; precision++)
    {
      g_snprintf (buf, sizeof buf, "%.*e", precision - 1, x);
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  /* buf is [-]d[.ddd]e[+-]xx */
  p = buf;
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p != 'e'; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  exponent = atoi (p + 1);

  if (exponent >= -4 && exponent < 16)
    {
      if (exponent < 0)
        {
          g_string_append (out, "0.");
          for (gint i = -1; i > exponent; i--)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
      else
        {
          for (gint i = 0; i <= exponent; i++)
            g_string_append_c (out, i < n ? digits[i] : '0');
          g_string_append_c (out, '.');
          if (n > exponent + 1)
            g_string_append (out, digits + exponent + 1);
          else
            g_string_append_c (out, '0');
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+', ABS (exponent));
    }
}

/* Python's repr() of a str */
static void
append_string_repr (GString    *out,
                    const char *s)
{
  char quote = strchr (s, '\'') != NULL && strchr (s, '"') == NULL ? '"' : '\'';

  g_string_append_c (out, quote);
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\' || c == (gunichar) quote)
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  g_string_append_c (out, quote);
}

#define MAX_NESTING 32

static void append_value (GString *out, const GValue *value, gboolean top, guint nesting);

static void
append_solution (GString          *out,
                 SchedulaSolution *sol,
                 guint             nesting)
{
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *v;
  gboolean first = TRUE;

  g_string_append (out, "Solution({");
  schedula_solution_iter_init (&iter, sol);
  while (schedula_solution_iter_next (&iter, &id, &v))
    {
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      append_string_repr (out, id);
      g_string_append (out, ": ");
      append_value (out, v, FALSE, nesting + 1);
    }
  g_string_append (out, "})");
}

static void
append_value (GString      *out,
              const GValue *value,
              gboolean      top,
              guint         nesting)
{
  GType type, array_type;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array_type = g_value_array_get_type ();
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (value == NULL || !G_IS_VALUE (value))
    {
      g_string_append (out, "None");
      return;
    }
  if (nesting > MAX_NESTING)
    {
      g_string_append (out, "...");
      return;
    }
  type = G_VALUE_TYPE (value);

  if (schedula_value_holds_none (value))
    g_string_append (out, "none");
  else if (type == G_TYPE_STRING)
    {
      const char *s = g_value_get_string (value);

      if (s == NULL)
        g_string_append (out, "None");
      else if (top)
        g_string_append (out, s);
      else
        append_string_repr (out, s);
    }
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, g_value_get_boolean (value) ? "True" : "False");
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_value_get_int64 (value));
  else if (type == G_TYPE_UINT64)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_value_get_uint64 (value));
  else if (type == G_TYPE_INT || type == G_TYPE_LONG || type == G_TYPE_CHAR)
    {
      GValue wide = G_VALUE_INIT;

      g_value_init (&wide, G_TYPE_INT64);
      g_value_transform (value, &wide);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, g_value_get_int64 (&wide));
    }
  else if (type == G_TYPE_UINT || type == G_TYPE_ULONG || type == G_TYPE_UCHAR)
    {
      GValue wide = G_VALUE_INIT;

      g_value_init (&wide, G_TYPE_UINT64);
      g_value_transform (value, &wide);
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_value_get_uint64 (&wide));
    }
  else if (type == G_TYPE_DOUBLE)
    append_float (out, g_value_get_double (value));
  else if (type == G_TYPE_FLOAT)
    append_float (out, g_value_get_float (value));
  else if (type == SCHEDULA_TYPE_DICT)
    {
      SchedulaDict *dict = g_value_get_boxed (value);
      guint n = dict != NULL ? schedula_dict_get_size (dict) : 0;

      g_string_append_c (out, '{');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_string_repr (out, schedula_dict_get_key (dict, i));
          g_string_append (out, ": ");
          append_value (out, schedula_dict_get_value (dict, i), FALSE, nesting + 1);
        }
      g_string_append_c (out, '}');
    }
  else if (type == array_type)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      GValueArray *array = g_value_get_boxed (value);
      guint n = array != NULL ? array->n_values : 0;

      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_value (out, g_value_array_get_nth (array, i), FALSE, nesting + 1);
        }
      g_string_append_c (out, ']');
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  else if (type == G_TYPE_STRV)
    {
      const char *const *strv = g_value_get_boxed (value);

      g_string_append_c (out, '[');
      for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_string_repr (out, strv[i]);
        }
      g_string_append_c (out, ']');
    }
  else if (type == SCHEDULA_TYPE_DISTANCE)
    {
      const SchedulaDistance *d = g_value_get_boxed (value);
      g_autofree char *s = d != NULL ? schedula_distance_to_string (d) : NULL;

      g_string_append (out, s != NULL ? s : "None");
    }
  else if (type == G_TYPE_ERROR)
    {
      const GError *error = g_value_get_boxed (value);

      g_string_append (out, error != NULL ? error->message : "None");
    }
  else if (type == G_TYPE_VARIANT)
    {
      GVariant *variant = g_value_get_variant (value);
      g_autofree char *s = variant != NULL ? g_variant_print (variant, FALSE) : NULL;

      g_string_append (out, s != NULL ? s : "None");
    }
  else if (g_type_is_a (type, SCHEDULA_TYPE_SOLUTION) && g_value_get_object (value) != NULL)
    append_solution (out, g_value_get_object (value), nesting);
  else if (g_type_is_a (type, SCHEDULA_TYPE_DISPATCHER) && g_value_get_object (value) != NULL)
    {
      g_string_append (out, "<Dispatcher ");
      append_string_repr (out, schedula_dispatcher_get_name (g_value_get_object (value)));
      g_string_append_c (out, '>');
    }
  else if (g_type_is_a (type, SCHEDULA_TYPE_FUNCTION) && g_value_get_object (value) != NULL)
    {
      const char *name = schedula_function_get_name (g_value_get_object (value));

      g_string_append_printf (out, "<function %s>", name != NULL ? name : "?");
    }
  else
    {
      g_autofree char *s = g_strdup_value_contents (value);

      g_string_append (out, s);
    }
}

/**
 * schedula_plot_format_value:
 * @value: a value
 *
 * Writes @value as plots show it by default: numbers, booleans and
 * containers as Python writes them (`1`, `0.5`, `True`, `[1, 'a']`,
 * `{'a': 1}`), a string as itself, NONE as `none`, an error as its message,
 * a [class@Solution] as its values; any other value as
 * g_strdup_value_contents() writes it.
 *
 * Returns: (transfer full): the text
 */
char *
schedula_plot_format_value (const GValue *value)
{
  GString *out = g_string_new (NULL);

  append_value (out, value, TRUE, 0);
  return g_string_free (out, FALSE);
}
