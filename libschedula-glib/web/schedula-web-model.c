/* schedula-web-model.c: the endpoints of a model, and its description
 *
 * The endpoints are schedula's WebMap rules: the model by its name, each
 * function node of it (NAME/ID), each sub-dispatcher node (NAME/SUB) and,
 * [property@WebServer:depth] levels down, the nodes of the sub-dispatchers
 * and of the function wrappers that dispatch a model (a SubDispatch-like
 * function node is both an endpoint and a folder). Data nodes are not
 * endpoints. A node whose id has a `/` has no endpoint, and a dispatcher
 * that contains itself is opened once on a path. The walks keep their own
 * queue: nothing recurses on the model.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-web-private.h"

/* The name of the model in the paths: its name, "dispatcher" without one */
static const char *
root_name (SchedulaDispatcher *dsp)
{
  const char *name = schedula_dispatcher_get_name (dsp);

  return name != NULL && name[0] != '\0' && strchr (name, '/') == NULL ? name : "dispatcher";
}

/* Whether the folders of @level are opened */
static gboolean
opens (int   depth,
       guint level)
{
  return depth < 0 || level < (guint) depth;
}

/* The model a node opens as a folder, or NULL */
static SchedulaDispatcher *
folder_of (SchedulaNode *node)
{
  if (SCHEDULA_IS_DISPATCHER_NODE (node))
    return schedula_dispatcher_node_get_child (SCHEDULA_DISPATCHER_NODE (node));
  if (SCHEDULA_IS_FUNCTION_NODE (node))
    {
      SchedulaFunction *function = schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (node));

      return function != NULL ? schedula_function_get_wrapped_dispatcher (function) : NULL;
    }
  return NULL;
}

/* Whether a node has an endpoint: a function node with a function, a
 * sub-dispatcher node, with an id that fits in a path */
static gboolean
is_endpoint (SchedulaNode *node)
{
  const char *id = schedula_node_get_id (node);

  if (id == NULL || id[0] == '\0' || strchr (id, '/') != NULL)
    return FALSE;
  if (SCHEDULA_IS_FUNCTION_NODE (node))
    return schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (node)) != NULL;
  return SCHEDULA_IS_DISPATCHER_NODE (node);
}

void
_schedula_web_route_clear (SchedulaWebRoute *route)
{
  g_clear_object (&route->dispatcher);
  g_clear_object (&route->node);
  g_clear_pointer (&route->name, g_free);
}

/* The endpoint of @segments (the path without its first /), whatever the
 * method: a dispatcher to dispatch or a node to call. FALSE when there is
 * none. */
static gboolean
find_endpoint (SchedulaDispatcher  *root,
               int                  depth,
               char               **segments,
               SchedulaWebRoute    *route)
{
  g_autoptr(GPtrArray) opened = g_ptr_array_new ();
  SchedulaDispatcher *folder = root;
  guint n = g_strv_length (segments);

  if (n == 0 || !g_str_equal (segments[0], root_name (root)))
    return FALSE;
  g_ptr_array_add (opened, root);
  for (guint i = 1; i < n; i++)
    {
      SchedulaNode *node = schedula_dispatcher_lookup_node (folder, segments[i]);
      SchedulaDispatcher *inner;

      if (node == NULL || !is_endpoint (node))
        return FALSE;
      if (i + 1 < n)
        {
          /* a folder on the way */
          inner = folder_of (node);
          if (inner == NULL || !opens (depth, i - 1) || g_ptr_array_find (opened, inner, NULL))
            return FALSE;
          g_ptr_array_add (opened, inner);
          folder = inner;
          continue;
        }
      if (SCHEDULA_IS_DISPATCHER_NODE (node))
        {
          route->kind = SCHEDULA_WEB_ROUTE_DISPATCH;
          route->dispatcher = g_object_ref (folder_of (node));
        }
      else
        {
          route->kind = SCHEDULA_WEB_ROUTE_CALL;
          route->node = g_object_ref (SCHEDULA_FUNCTION_NODE (node));
          route->dispatcher = g_object_ref (folder);
          route->keywords = folder_of (node) != NULL;
        }
      route->name = g_strjoinv ("/", segments);
      return TRUE;
    }
  route->kind = SCHEDULA_WEB_ROUTE_DISPATCH;
  route->dispatcher = g_object_ref (root);
  route->name = g_strdup (segments[0]);
  return TRUE;
}

/* Sets @error (@message, taken: it starts with the path) and @field;
 * returns FALSE */
static gboolean
refused (char        **field,
         GError      **error,
         gint          code,
         const char   *field_name,
         char         *message)
{
  g_set_error_literal (error, SCHEDULA_WEB_ERROR, code, message);
  g_free (message);
  if (field != NULL)
    *field = g_strdup (field_name);
  return FALSE;
}

gboolean
_schedula_web_route (SchedulaDispatcher  *root,
                     int                  depth,
                     const char          *method,
                     const char          *request_path,
                     SchedulaWebRoute    *route,
                     char               **field,
                     GError             **error)
{
  /* the messages quote them: as UTF-8, whatever the client sent */
  g_autofree char *path = request_path != NULL ? g_utf8_make_valid (request_path, -1) : NULL;
  g_autofree char *method_text = g_utf8_make_valid (method != NULL ? method : "(none)", -1);
  g_auto(GStrv) segments = NULL;
  gboolean get = g_strcmp0 (method, "GET") == 0;
  gboolean post = g_strcmp0 (method, "POST") == 0;
  gboolean found;

  memset (route, 0, sizeof *route);
  if (path == NULL || path[0] != '/')
    return refused (field, error, SCHEDULA_WEB_ERROR_NOT_FOUND, "path",
                    g_strdup_printf ("%s: a path starts with /", path != NULL ? path : "(none)"));

  if (path[1] == '\0')
    {
      route->allow = "GET, POST";
      if (get)
        route->kind = SCHEDULA_WEB_ROUTE_DESCRIBE;
      else if (post)
        {
          route->kind = SCHEDULA_WEB_ROUTE_DISPATCH;
          route->dispatcher = g_object_ref (root);
          route->name = g_strdup (root_name (root));
        }
      else
        return refused (field, error, SCHEDULA_WEB_ERROR_METHOD, "method",
                        g_strdup_printf ("/: %s is not allowed, only GET (the model) and POST (a dispatch)",
                                         method_text));
      return TRUE;
    }

  segments = g_strsplit (path + 1, "/", -1);
  found = find_endpoint (root, depth, segments, route);
  if (g_str_equal (path, "/plot"))
    {
      /* the HTML view, and a model named plot */
      route->allow = found ? "GET, POST" : "GET";
      if (get)
        {
          _schedula_web_route_clear (route);
          route->kind = SCHEDULA_WEB_ROUTE_PLOT;
          return TRUE;
        }
      if (post && found)
        return TRUE;
      _schedula_web_route_clear (route);
      return refused (field, error, SCHEDULA_WEB_ERROR_METHOD, "method",
                      g_strdup_printf ("/plot: %s is not allowed, only %s", method_text, route->allow));
    }
  if (!found)
    return refused (field, error, SCHEDULA_WEB_ERROR_NOT_FOUND, "path",
                    g_strdup_printf ("%s: no endpoint has this path (GET / lists the endpoints)", path));
  route->allow = "POST";
  if (!post)
    {
      _schedula_web_route_clear (route);
      return refused (field, error, SCHEDULA_WEB_ERROR_METHOD, "method",
                      g_strdup_printf ("%s: %s is not allowed, only POST", path, method_text));
    }
  return TRUE;
}

/* The endpoints ------------------------------------------------------------ */

typedef struct
{
  SchedulaDispatcher *dsp;     /* kept by the node that opens it */
  char               *prefix;  /* the endpoint of the folder */
  guint               level;
  gint                parent;  /* the frame that opened it, -1 for the root */
} Frame;

static void
frame_clear (Frame *frame)
{
  g_free (frame->prefix);
}

/* Whether @dsp is open on the path to @frame */
static gboolean
on_path (GArray             *frames,
         gint                frame,
         SchedulaDispatcher *dsp)
{
  for (gint f = frame; f >= 0; f = g_array_index (frames, Frame, f).parent)
    if (g_array_index (frames, Frame, f).dsp == dsp)
      return TRUE;
  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char **
_schedula_web_endpoints (SchedulaDispatcher *root,
                         int                 depth)
{
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  Frame first = { root, g_strdup (root_name (root)), 0, -1 };

  g_array_set_clear_func (frames, (GDestroyNotify) frame_clear);
  g_array_append_val (frames, first);
  g_ptr_array_add (endpoints, g_strdup (first.prefix));
  /* breadth first: the frames stay, for the paths */
  for (guint f = 0; f < frames->len && endpoints->len < SCHEDULA_WEB_MAX_ENDPOINTS; f++)
    {
      Frame frame = g_array_index (frames, Frame, f);
      GListModel *nodes = G_LIST_MODEL (frame.dsp);
      guint n = g_list_model_get_n_items (nodes);

      for (guint i = 0; i < n && endpoints->len < SCHEDULA_WEB_MAX_ENDPOINTS; i++)
        {
          g_autoptr(SchedulaNode) node = g_list_model_get_item (nodes, i);
          SchedulaDispatcher *inner;
          char *endpoint;

          if (!is_endpoint (node))
            continue;
          endpoint = g_strdup_printf ("%s/%s", frame.prefix, schedula_node_get_id (node));
          g_ptr_array_add (endpoints, endpoint);
          inner = folder_of (node);
          if (inner != NULL && opens (depth, frame.level) && !on_path (frames, (gint) f, inner))
            {
              Frame child = { inner, g_strdup (endpoint), frame.level + 1, (gint) f };

              g_array_append_val (frames, child);
            }
        }
    }
  g_ptr_array_sort (endpoints, compare_strings);
  g_ptr_array_add (endpoints, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&endpoints), FALSE);
}

/* The description -------------------------------------------------------- */

static void
append_key (GString    *out,
            gboolean   *first,
            const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  _schedula_web_json_string (out, key);
  g_string_append_c (out, ':');
}

static void
append_strings (GString           *out,
                const char *const *strings,
                guint              n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      _schedula_web_json_string (out, strings[i]);
    }
  g_string_append_c (out, ']');
}

/* A mapping of a sub-dispatcher node, {key: [value, ...]} */
static void
append_mapping (GString         *out,
                SchedulaMapping *mapping)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; mapping != NULL && i < schedula_mapping_get_n_keys (mapping); i++)
    {
      const char *const *values = schedula_mapping_get_values (mapping, i);

      append_key (out, &first, schedula_mapping_get_key (mapping, i));
      append_strings (out, values, values != NULL ? g_strv_length ((char **) values) : 0);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString      *out,
             SchedulaNode *node,
             const char   *prefix)
{
  const char *description = schedula_node_get_description (node);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  append_key (out, &first, "id");
  _schedula_web_json_string (out, schedula_node_get_id (node));
  append_key (out, &first, "kind");
  if (SCHEDULA_IS_DATA_NODE (node))
    {
      SchedulaDataNode *data = SCHEDULA_DATA_NODE (node);

      g_string_append (out, "\"data\"");
      if (schedula_data_node_has_default_value (data))
        {
          g_autofree char *text = _schedula_web_value_json (schedula_data_node_get_default_value (data), NULL);

          /* a default without a JSON form is left out */
          if (text != NULL)
            {
              append_key (out, &first, "default");
              g_string_append (out, text);
            }
        }
    }
  else if (SCHEDULA_IS_FUNCTION_NODE (node))
    {
      SchedulaFunctionNode *fn = SCHEDULA_FUNCTION_NODE (node);
      SchedulaFunction *function = schedula_function_node_get_function (fn);
      g_auto(GStrv) inputs = schedula_function_node_dup_inputs (fn);
      g_auto(GStrv) outputs = schedula_function_node_dup_outputs (fn);

      g_string_append (out, "\"function\"");
      append_key (out, &first, "function");
      _schedula_web_json_string (out, function != NULL ? schedula_function_get_name (function) : NULL);
      append_key (out, &first, "inputs");
      append_strings (out, (const char *const *) inputs, g_strv_length (inputs));
      append_key (out, &first, "outputs");
      append_strings (out, (const char *const *) outputs, g_strv_length (outputs));
    }
  else
    {
      SchedulaDispatcherNode *sub = SCHEDULA_DISPATCHER_NODE (node);

      g_string_append (out, "\"dispatcher\"");
      append_key (out, &first, "dispatcher");
      _schedula_web_json_string (out, schedula_dispatcher_get_name (schedula_dispatcher_node_get_child (sub)));
      append_key (out, &first, "inputs");
      append_mapping (out, schedula_dispatcher_node_get_inputs (sub));
      append_key (out, &first, "outputs");
      append_mapping (out, schedula_dispatcher_node_get_outputs (sub));
    }
  if (is_endpoint (node))
    {
      g_autofree char *endpoint = g_strdup_printf ("%s/%s", prefix, schedula_node_get_id (node));

      append_key (out, &first, "endpoint");
      _schedula_web_json_string (out, endpoint);
    }
  if (description != NULL)
    {
      append_key (out, &first, "description");
      _schedula_web_json_string (out, description);
    }
  g_string_append_c (out, '}');
}

char *
_schedula_web_describe (SchedulaDispatcher *root,
                        int                 depth)
{
  GListModel *nodes = G_LIST_MODEL (root);
  guint n = g_list_model_get_n_items (nodes);
  g_autoptr(GPtrArray) data_ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) endpoints = _schedula_web_endpoints (root, depth);
  GString *out = g_string_new ("{");
  gboolean first = TRUE;

  append_key (out, &first, "name");
  _schedula_web_json_string (out, schedula_dispatcher_get_name (root));
  append_key (out, &first, "description");
  _schedula_web_json_string (out, schedula_dispatcher_get_description (root));
  append_key (out, &first, "nodes");
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchedulaNode) node = g_list_model_get_item (nodes, i);
      const char *id = schedula_node_get_id (node);

      if (i > 0)
        g_string_append_c (out, ',');
      append_node (out, node, root_name (root));
      if (SCHEDULA_IS_DATA_NODE (node) && !schedula_id_is_special (id))
        g_ptr_array_add (data_ids, g_strdup (id));
    }
  g_string_append_c (out, ']');
  /* what kwargs.inputs and kwargs.outputs take: the data nodes */
  append_key (out, &first, "inputs");
  append_strings (out, (const char *const *) data_ids->pdata, data_ids->len);
  append_key (out, &first, "outputs");
  append_strings (out, (const char *const *) data_ids->pdata, data_ids->len);
  append_key (out, &first, "endpoints");
  append_strings (out, (const char *const *) endpoints, g_strv_length (endpoints));
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
