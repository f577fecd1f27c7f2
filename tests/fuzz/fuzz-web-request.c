/* fuzz-web-request.c: the requests of the web server under libFuzzer
 *
 * Any bytes are a request: the first line is `METHOD PATH?QUERY`, the rest
 * its body (gzip when it starts as gzip does). The server's reading of it
 * (libschedula-glib/web/schedula-web-request.c and schedula-web-model.c,
 * compiled into this program) finds the endpoint, the members of ?data=,
 * the arguments of the dispatch or the call; a request that reads runs on
 * a small model, and the response is written. Reading gives a request or a
 * GError of SCHEDULA_WEB_ERROR with a 4xx status and a field, never a
 * crash, a hang, a leak or unbounded recursion; every response is JSON
 * that reads back.
 *
 *   CC=clang meson setup _build-fuzz -Dfuzz=enabled -Db_sanitize=address,undefined \
 *     -Dc_args=-fsanitize=fuzzer-no-link -Dintrospection=disabled ...
 *   ninja -C _build-fuzz tests/fuzz/fuzz-web-request
 *   _build-fuzz/tests/fuzz/fuzz-web-request -max_total_time=60 NEW_CORPUS tests/fuzz/web-corpus
 *
 * (tools/test.sh runs it for 60 s.)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schedula-web-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static SchedulaDispatcher *model;

static gboolean
fz_split (SchedulaCall *call, gpointer user_data, GError **error)
{
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, x / 2 + 1);
  schedula_call_set_output_int64 (call, 1, x / 2 - 1);
  return TRUE;
}

static gboolean
fz_fail (SchedulaCall *call, gpointer user_data, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail");
  return FALSE;
}

/* Gives back its first input, or NONE */
static gboolean
fz_first (SchedulaCall *call, gpointer user_data, GError **error)
{
  if (schedula_call_get_n_inputs (call) > 0)
    schedula_call_set_output (call, 0, schedula_call_get_input (call, 0));
  return TRUE;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(SchedulaDispatcher) sub = schedula_dispatcher_new ("sub");
  g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) outputs = schedula_mapping_new ();
  g_autoptr(SchedulaSubDispatchFunction) wrapper = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) zero = G_VALUE_INIT;

  /* a critical is a bug of the reader: it aborts */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  /* the model of examples 7.07-7.09, and a function wrapper */
  model = schedula_dispatcher_new ("model");
  g_value_set_int64 (g_value_init (&zero, G_TYPE_INT64), 0);
  schedula_dispatcher_add_data (model, "a", &zero, &error);
  schedula_dispatcher_add_function_full (model, "fun", fz_split, NULL, NULL, SCHEDULA_IDS ("a"),
                                         SCHEDULA_IDS ("b", "c"), &error);
  schedula_dispatcher_add_function_full (model, "bad", fz_fail, NULL, NULL, SCHEDULA_IDS ("c"),
                                         SCHEDULA_IDS ("d"), &error);
  schedula_dispatcher_add_function_full (sub, "g", fz_first, NULL, NULL, SCHEDULA_IDS ("x"),
                                         SCHEDULA_IDS ("y"), &error);
  schedula_dispatcher_add_function_full (sub, "h", fz_split, NULL, NULL, SCHEDULA_IDS ("w"),
                                         SCHEDULA_IDS ("y", "z"), &error);
  schedula_mapping_add (inputs, "b", "x");
  schedula_mapping_add (outputs, "y", "e");
  schedula_dispatcher_add_dispatcher (model, "sub", sub, inputs, outputs, &error);
  wrapper = schedula_sub_dispatch_function_new (sub, "wrap", SCHEDULA_IDS ("x"), SCHEDULA_IDS ("y"),
                                                SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  if (wrapper != NULL)
    schedula_dispatcher_add_function (model, "wrap", SCHEDULA_FUNCTION (wrapper), SCHEDULA_IDS ("b"),
                                      SCHEDULA_IDS ("f"), &error);
  if (error != NULL)
    g_error ("the model of the fuzz target: %s", error->message);
  /* the failures of nodes are not printed */
  schedula_dispatcher_set_raises (model, SCHEDULA_RAISES_RECORD_SILENTLY);
  schedula_dispatcher_set_raises (sub, SCHEDULA_RAISES_RECORD_SILENTLY);
  return 0;
}

/* A response is JSON, which the reader of the server reads back */
static void
check_json (const char *text)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  if (!schedula_value_from_json (text, -1, "response", SCHEDULA_LOAD_FLAGS_NONE, &value, &error) &&
      !g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP))
    g_error ("a response is not JSON: %s\n%s", error->message, text);
}

/* A refusal: a 4xx of the domain, with a field */
static void
check_refusal (GError     *error,
               const char *field,
               const char *what)
{
  guint status;

  if (error == NULL || error->domain != SCHEDULA_WEB_ERROR)
    g_error ("%s failed without an error of the web server", what);
  status = _schedula_web_status (error->code);
  if (status < 400 || status >= 500)
    g_error ("%s refused a request with status %u", what, status);
  if (field == NULL || !g_utf8_validate (error->message, -1, NULL))
    g_error ("%s refused a request without a field or with a message that is not UTF-8", what);
  {
    g_autofree char *body = _schedula_web_error_body (error->message, field);

    check_json (body);
  }
}

/* Writes the response of a run: its return or its error */
static void
respond (const SchedulaWebSelection *selection,
         const SchedulaWebRequest   *request,
         const GValue               *values,
         guint                       n_values,
         const GError               *failure)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *return_json = NULL;
  g_autofree char *body = NULL;

  if (failure == NULL && (return_json = _schedula_web_outputs_json (values, n_values, &error)) == NULL)
    return;
  body = _schedula_web_response_body (selection, request, return_json,
                                      failure != NULL ? failure->message : NULL, &error);
  if (body != NULL)
    check_json (body);
}

static void
run_dispatch (const SchedulaWebSelection *selection,
              const SchedulaWebRequest   *request,
              SchedulaWebRoute           *route)
{
  SchedulaWebDispatchArgs args;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  GValue *selected = NULL;

  if (!_schedula_web_dispatch_args (request, route->dispatcher, "sync", &args, &field, &error))
    {
      check_refusal (error, field, "the dispatch arguments");
      _schedula_web_dispatch_args_clear (&args);
      return;
    }
  sol = schedula_dispatcher_dispatch (route->dispatcher, args.inputs, (const char *const *) args.outputs,
                                      args.options, NULL, &error);
  if (sol != NULL && args.select)
    selected = schedula_solution_select_outputs (sol, (const char *const *) args.select_keys,
                                                 args.select_type, &error);
  if (selected != NULL)
    {
      respond (selection, request, selected, 1, NULL);
      g_boxed_free (G_TYPE_VALUE, selected);
    }
  else if (sol != NULL && !args.select)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_set_object (g_value_init (&value, SCHEDULA_TYPE_SOLUTION), sol);
      respond (selection, request, &value, 1, NULL);
    }
  else
    respond (selection, request, NULL, 0, error);
  _schedula_web_dispatch_args_clear (&args);
}

static void
run_call (const SchedulaWebSelection *selection,
          const SchedulaWebRequest   *request,
          SchedulaWebRoute           *route)
{
  SchedulaWebCallArgs args;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  guint n_outputs = MAX (schedula_function_node_get_n_outputs (route->node), 1);
  g_autofree GValue *outputs = g_new0 (GValue, n_outputs);

  if (!_schedula_web_call_args (request, route->node, route->keywords, &args, &field, &error))
    {
      check_refusal (error, field, "the call arguments");
      return;
    }
  if (schedula_call_set_inputs (call, args.values, args.n_values, n_outputs, &error))
    {
      schedula_call_set_keywords (call, args.keywords);
      if (schedula_function_invoke (schedula_function_node_get_function (route->node), call, &error))
        {
          for (guint i = 0; i < n_outputs; i++)
            {
              const GValue *v = schedula_call_get_output (call, i);

              if (v != NULL && G_IS_VALUE (v))
                {
                  g_value_init (&outputs[i], G_VALUE_TYPE (v));
                  g_value_copy (v, &outputs[i]);
                }
              else
                schedula_value_init_none (&outputs[i]);
            }
        }
    }
  respond (selection, request, error == NULL ? outputs : NULL, error == NULL ? n_outputs : 0, error);
  for (guint i = 0; i < n_outputs; i++)
    if (G_IS_VALUE (&outputs[i]))
      g_value_unset (&outputs[i]);
  _schedula_web_call_args_clear (&args);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  const char *newline = memchr (text, '\n', size);
  gsize line_len = newline != NULL ? (gsize) (newline - text) : size;
  g_autofree char *line = g_strndup (text, line_len);
  const char *body = newline != NULL ? newline + 1 : text + size;
  gsize body_len = size - (body - text);
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *field = NULL;
  g_autoptr(GError) error = NULL;
  SchedulaWebRoute route;
  SchedulaWebSelection selection;
  SchedulaWebRequest request;
  char *space, *mark;
  gint depth = size > 0 ? (gint) (data[size - 1] % 4) - 1 : -1;

  /* METHOD PATH?QUERY; a line without a space is a path of a POST */
  if ((space = strchr (line, ' ')) != NULL)
    {
      method = g_strndup (line, space - line);
      path = g_strdup (space + 1);
    }
  else
    {
      method = g_strdup ("POST");
      path = g_strdup (line);
    }
  if ((mark = strchr (path, '?')) != NULL)
    {
      query = g_strdup (mark + 1);
      *mark = '\0';
    }

  if (!_schedula_web_route (model, depth, method, path, &route, &field, &error))
    {
      if (error == NULL || (error->code != SCHEDULA_WEB_ERROR_NOT_FOUND && error->code != SCHEDULA_WEB_ERROR_METHOD))
        g_error ("a path is refused without a 404 or a 405");
      check_refusal (error, field, "the route");
      _schedula_web_route_clear (&route);
      return 0;
    }
  if (!_schedula_web_parse_selection (query, &selection, &field, &error))
    {
      check_refusal (error, field, "?data=");
      _schedula_web_route_clear (&route);
      return 0;
    }
  if (!_schedula_web_request_parse (&request, body, body_len,
                                    body_len >= 2 && (guchar) body[0] == 0x1f && (guchar) body[1] == 0x8b ? "gzip" : NULL,
                                    64 * 1024, &field, &error))
    {
      check_refusal (error, field, "the body");
      _schedula_web_route_clear (&route);
      return 0;
    }

  switch (route.kind)
    {
    case SCHEDULA_WEB_ROUTE_DESCRIBE:
      {
        g_autofree char *description = _schedula_web_describe (model, depth);

        check_json (description);
      }
      break;
    case SCHEDULA_WEB_ROUTE_DISPATCH:
      run_dispatch (&selection, &request, &route);
      break;
    case SCHEDULA_WEB_ROUTE_CALL:
      run_call (&selection, &request, &route);
      break;
    case SCHEDULA_WEB_ROUTE_PLOT:
    default:
      break;
    }
  _schedula_web_request_clear (&request);
  _schedula_web_route_clear (&route);
  return 0;
}
