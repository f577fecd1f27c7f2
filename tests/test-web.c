/* test-web.c: the web server (area 7.3: schedula's dsp.web())
 *
 * Each test starts a SchedulaWebServer on a free port of 127.0.0.1 in a
 * thread of its own (its main context), and talks to it as a client does:
 * libsoup 3's SoupSession, and raw sockets for what a well-behaved client
 * does not do (a request that stalls, a chunked body, a huge
 * Content-Length).
 *
 * - examples 7.07-7.09 of tests/examples.json: the endpoints, and each
 *   response's status and JSON;
 * - ?data=, GET / (the description), GET /plot;
 * - a model in the manner of the tutorial: a key, and a sub-dispatcher
 *   that encrypts and decrypts with it: the round trip gives the message
 *   back, by calls and by a dispatch;
 * - concurrency: two requests whose functions wait for each other both
 *   complete; GET / is answered while a function blocks;
 * - every bad request (malformed JSON, wrong types, unknown nodes and
 *   paths, tokens, bodies over the limit with and without Content-Length,
 *   a client that trickles its request, a function that fails, one that
 *   outlives the timeout), each followed by a request the server answers;
 * - 8 client threads against one server.
 *
 * No test measures time: the concurrency tests wait on latches, and the
 * deadlines below only turn a hang into a failure.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "test-common.h"

/* A latch a test waits for; the deadline turns a hang into a failure */
#define DEADLINE_SECONDS 60

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    count;
} Latch;

static void
latch_init (Latch *latch)
{
  g_mutex_init (&latch->lock);
  g_cond_init (&latch->cond);
  latch->count = 0;
}

static void
latch_clear (Latch *latch)
{
  g_mutex_clear (&latch->lock);
  g_cond_clear (&latch->cond);
}

static void
latch_add (Latch *latch)
{
  g_mutex_lock (&latch->lock);
  latch->count++;
  g_cond_broadcast (&latch->cond);
  g_mutex_unlock (&latch->lock);
}

/* Waits until @count; FALSE when the deadline passes first */
static gboolean
latch_wait (Latch *latch,
            guint  count)
{
  gint64 end = g_get_monotonic_time () + DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  gboolean reached = TRUE;

  g_mutex_lock (&latch->lock);
  while (latch->count < count && reached)
    reached = g_cond_wait_until (&latch->cond, &latch->lock, end);
  reached = latch->count >= count;
  g_mutex_unlock (&latch->lock);
  return reached;
}

/* ------------------------------------------------------------------ */
/* The functions of the models                                         */
/* ------------------------------------------------------------------ */

static gboolean
f_split (SchedulaCall *call, gpointer user_data, GError **error)
{
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, x + 1);
  schedula_call_set_output_int64 (call, 1, x - 1);
  return TRUE;
}

static gboolean
f_fail (SchedulaCall *call, gpointer user_data, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail");
  return FALSE;
}

static gboolean
f_inc (SchedulaCall *call, gpointer user_data, GError **error)
{
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, x + 1);
  return TRUE;
}

/* A value JSON cannot hold */
static gboolean
f_opaque (SchedulaCall *call, gpointer user_data, GError **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autoptr(GCancellable) object = g_cancellable_new ();

  g_value_set_object (g_value_init (&v, G_TYPE_CANCELLABLE), object);
  schedula_call_set_output (call, 0, &v);
  return TRUE;
}

/* Sets an output past those it is asked for */
static gboolean
f_too_wide (SchedulaCall *call, gpointer user_data, GError **error)
{
  schedula_call_set_output_int64 (call, 0, 1);
  schedula_call_set_output_int64 (call, 1, 2);
  return TRUE;
}

/* The model of examples 7.07-7.09 */
static SchedulaDispatcher *
example_model (gboolean raises)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("model");
  g_autoptr(SchedulaDispatcher) sub = schedula_dispatcher_new ("sub");
  g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
  g_autoptr(SchedulaMapping) outputs = schedula_mapping_new ();
  g_auto(GValue) zero = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_set_int64 (g_value_init (&zero, G_TYPE_INT64), 0);
  schedula_dispatcher_add_data (dsp, "a", &zero, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "fun", f_split, NULL, NULL, IDS ("a"), IDS ("b", "c"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "bad", f_fail, NULL, NULL, IDS ("c"), IDS ("d"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (sub, "g", f_inc, NULL, NULL, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  schedula_mapping_add (inputs, "b", "x");
  schedula_mapping_add (outputs, "y", "e");
  schedula_dispatcher_add_dispatcher (dsp, "sub", sub, inputs, outputs, &error);
  g_assert_no_error (error);
  if (raises)
    schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RAISE);
  return dsp;
}

/* ------------------------------------------------------------------ */
/* A server in a thread of its own                                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  SchedulaWebServer *server;
  GMainContext      *context;
  GMainLoop         *loop;
  GThread           *thread;
  Latch              ready;
  char              *url;
  char              *listen_error;
} Served;

static gpointer
serve_thread (gpointer data)
{
  Served *served = data;
  g_autoptr(GError) error = NULL;
  gpointer weak;

  g_main_context_push_thread_default (served->context);
  if (schedula_web_server_listen (served->server, NULL, 0, &error))
    served->url = schedula_web_server_dup_url (served->server);
  else
    served->listen_error = g_strdup (error->message);
  latch_add (&served->ready);
  if (served->url != NULL)
    g_main_loop_run (served->loop);

  /* stopped: the server goes once its last request is done */
  weak = served->server;
  g_object_add_weak_pointer (G_OBJECT (weak), &weak);
  schedula_web_server_disconnect (served->server);
  g_clear_object (&served->server);
  while (weak != NULL)
    g_main_context_iteration (served->context, TRUE);
  /* what the closed connections left to do */
  while (g_main_context_iteration (served->context, FALSE))
    ;
  g_main_context_pop_thread_default (served->context);
  return NULL;
}

/* Serves @server (taken) in a new thread */
static Served *
serve (SchedulaWebServer *server)
{
  Served *served = g_new0 (Served, 1);

  served->server = server;
  served->context = g_main_context_new ();
  served->loop = g_main_loop_new (served->context, FALSE);
  latch_init (&served->ready);
  served->thread = g_thread_new ("web-server", serve_thread, served);
  g_assert_true (latch_wait (&served->ready, 1));
  if (served->listen_error != NULL)
    g_error ("the server does not listen: %s", served->listen_error);
  g_assert_true (g_str_has_prefix (served->url, "http://127.0.0.1:"));
  return served;
}

static Served *
serve_model (SchedulaDispatcher *dsp)
{
  return serve (schedula_web_server_new (dsp));
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
served_stop (Served *served)
{
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, quit_cb, served->loop, NULL);
  g_source_attach (idle, served->context);
  g_source_unref (idle);
  g_thread_join (served->thread);
  g_main_loop_unref (served->loop);
  g_main_context_unref (served->context);
  latch_clear (&served->ready);
  g_free (served->url);
  g_free (served->listen_error);
  g_free (served);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Served, served_stop)

/* The port of a URL http://127.0.0.1:PORT/ */
static guint16
url_port (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint16) g_uri_get_port (uri);
}

/* ------------------------------------------------------------------ */
/* A client                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;     /* the body, when it is JSON */
} Response;

static void
response_free (Response *r)
{
  g_free (r->body);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* A request of @method to @path (after the server's URL), with @body as
 * it is (NULL: none) and @headers ("Name: value" strings) */
static Response *
request_full (SoupSession       *session,
              Served            *served,
              const char        *method,
              const char        *path,
              const char        *body,
              gssize             body_length,
              const char *const *headers)
{
  g_autofree char *url = g_strconcat (served->url, path[0] == '/' ? path + 1 : path, NULL);
  /* as it is: broken escapes too */
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  g_autoptr(SoupMessage) msg = uri != NULL ? soup_message_new_from_uri (method, uri) : NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Response *r = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (headers[i], ": ", 2);

      soup_message_headers_replace (soup_message_get_request_headers (msg), parts[0], parts[1]);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) content = g_bytes_new (body, body_length < 0 ? strlen (body) : (gsize) body_length);

      soup_message_set_request_body_from_bytes (msg, "application/json", content);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  r->status = soup_message_get_status (msg);
  r->body = g_bytes_get_size (bytes) > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                                          : g_strdup ("");
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r->json = json_from_string (r->body, NULL);
  return r;
}

static Response *
post (SoupSession *session,
      Served      *served,
      const char  *path,
      const char  *body)
{
  return request_full (session, served, "POST", path, body, -1, NULL);
}

static Response *
get (SoupSession *session,
     Served      *served,
     const char  *path)
{
  return request_full (session, served, "GET", path, NULL, -1, NULL);
}

static SoupSession *
session_new (void)
{
  SoupSession *session = soup_session_new ();

  /* a hang becomes a failure */
  soup_session_set_timeout (session, DEADLINE_SECONDS);
  return session;
}

/* The JSON of a response is @expected (JSON text) */
static void
assert_json (Response   *r,
             const char *expected)
{
  g_autoptr(JsonNode) want = json_from_string (expected, NULL);

  g_assert_nonnull (want);
  if (r->json == NULL || !json_node_equal (r->json, want))
    g_error ("the response is %s, not %s", r->body, expected);
}

/* A 200 with the JSON @expected */
static void
assert_ok (Response   *r,
           const char *expected)
{
  if (r->status != 200)
    g_error ("status %u (%s), not 200", r->status, r->body);
  assert_json (r, expected);
}

/* A POST that gives a 200 with the JSON @expected */
static void
post_ok (SoupSession *session,
         Served      *served,
         const char  *path,
         const char  *body,
         const char  *expected)
{
  g_autoptr(Response) r = post (session, served, path, body);

  assert_ok (r, expected);
}

/* A refusal: @status, JSON {"error": ..., "field": @field}, the message
 * containing each of the strings that follow */
#define ASSERT_REFUSED(r, expected_status, expected_field, ...) G_STMT_START {        \
    assert_refused ((r), (expected_status), (expected_field));                        \
    for (const char *const *_n = IDS (__VA_ARGS__); *_n != NULL; _n++)                \
      ASSERT_CONTAINS (response_error (r), *_n);                                      \
  } G_STMT_END

/* A POST refused as ASSERT_REFUSED says */
#define POST_REFUSED(session, served, path, body, expected_status, expected_field, ...) G_STMT_START { \
    g_autoptr(Response) _r = post ((session), (served), (path), (body));                           \
    ASSERT_REFUSED (_r, (expected_status), (expected_field), __VA_ARGS__);                         \
  } G_STMT_END

static const char *
response_error (Response *r)
{
  JsonObject *object = r->json != NULL && JSON_NODE_HOLDS_OBJECT (r->json) ? json_node_get_object (r->json) : NULL;

  if (object == NULL || !json_object_has_member (object, "error"))
    g_error ("the response has no error: %s", r->body);
  return json_object_get_string_member (object, "error");
}

static void
assert_refused (Response   *r,
                guint       status,
                const char *field)
{
  JsonObject *object;

  if (r->status != status)
    g_error ("status %u (%s), not %u", r->status, r->body, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  g_assert_nonnull (r->json);
  object = json_node_get_object (r->json);
  g_assert_true (json_object_has_member (object, "field"));
  if (field == NULL)
    g_assert_true (json_object_get_null_member (object, "field"));
  else
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
}

/* The server still serves: a call of model/fun */
static void
assert_serves (SoupSession *session,
               Served      *served)
{
  post_ok (session, served, "/model/fun", "{\"args\": [3]}", "{\"return\": [4, 2]}");
}

/* ------------------------------------------------------------------ */
/* Raw connections                                                     */
/* ------------------------------------------------------------------ */

/* Sends @text on a new connection, and reads to the end of the
 * connection: what the server sent before it closed it. @may_reset: the
 * server may close the connection while the client sends (it refuses to
 * read more), so that the client may see a reset instead of the response:
 * then it gets what arrived, maybe nothing. */
static char *
raw_exchange_full (Served     *served,
                   const char *text,
                   gsize       length,
                   gboolean    may_reset)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) received = g_string_new (NULL);
  GInputStream *in;

  g_socket_client_set_timeout (client, DEADLINE_SECONDS);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", url_port (served->url), NULL, &error);
  g_assert_no_error (error);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), text, length,
                             NULL, NULL, may_reset ? NULL : &error);
  g_assert_no_error (error);
  /* then nothing: the client stalls, or waits for the response */
  for (;;)
    {
      char buf[4096];
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, may_reset ? NULL : &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        break;
      g_assert_no_error (error);
      if (n <= 0)
        break;
      g_string_append_len (received, buf, n);
    }
  return g_string_free (g_steal_pointer (&received), FALSE);
}

static char *
raw_exchange (Served     *served,
              const char *text,
              gsize       length)
{
  return raw_exchange_full (served, text, length, FALSE);
}

/* The status and the JSON body of a raw response */
static void
assert_raw_refused (const char *response,
                    guint       status,
                    const char *field)
{
  g_autofree char *status_line = g_strdup_printf ("HTTP/1.1 %u ", status);
  const char *body = strstr (response, "\r\n\r\n");
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  if (!g_str_has_prefix (response, status_line))
    g_error ("the response is not a %u: %s", status, response);
  g_assert_nonnull (body);
  json = json_from_string (body + 4, NULL);
  g_assert_nonnull (json);
  object = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  g_assert_nonnull (json_object_get_string_member (object, "error"));
}

/* ------------------------------------------------------------------ */
/* Examples 7.07-7.09                                                  */
/* ------------------------------------------------------------------ */

static JsonObject *
find_example (JsonParser *parser,
              const char *prefix)
{
  JsonArray *examples = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *example = json_array_get_object_element (examples, i);

      if (g_str_has_prefix (json_object_get_string_member (example, "name"), prefix))
        return example;
    }
  g_error ("examples.json has no example %s", prefix);
  return NULL;
}

/* Runs the requests of an example, and compares the rules and the
 * responses; @skip_json: the index of a response whose JSON is the
 * reference's Python text (checked by the caller), or -1 */
static void
run_example (const char  *prefix,
             gboolean     raises,
             gint         library_message)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "examples.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = example_model (raises);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  g_auto(GStrv) endpoints = schedula_web_server_list_endpoints (server);
  JsonObject *example, *expected;
  JsonArray *requests, *responses, *rules;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  example = find_example (parser, prefix);
  expected = json_object_get_object_member (example, "expected");
  requests = json_object_get_array_member (example, "requests");
  responses = json_object_get_array_member (expected, "responses");
  rules = json_object_get_array_member (expected, "rules");

  g_assert_cmpuint (g_strv_length (endpoints), ==, json_array_get_length (rules));
  for (guint i = 0; i < json_array_get_length (rules); i++)
    g_assert_cmpstr (endpoints[i], ==, json_array_get_string_element (rules, i));

  served = serve (g_steal_pointer (&server));
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonObject *response = json_array_get_object_element (responses, i);
      g_autofree char *body = NULL;
      g_autoptr(Response) r = NULL;
      guint status = (guint) json_object_get_int_member (response, "status");

      if (json_object_has_member (request, "json"))
        body = json_to_string (json_object_get_member (request, "json"), FALSE);
      r = post (session, served, json_object_get_string_member (request, "path"), body);
      g_test_message ("%s %s %s -> %u %s", prefix, json_object_get_string_member (request, "path"),
                      body != NULL ? body : "", r->status, r->body);
      g_assert_cmpuint (r->status, ==, status);
      if (status == 404)
        {
          /* Flask's 404 is HTML (null in the example): this one is JSON */
          ASSERT_REFUSED (r, 404, "path", "no endpoint");
          continue;
        }
      if ((gint) i == library_message)
        {
          /* the library's message of the failure, where schedula gives
           * the repr of its Python exception */
          JsonObject *object = json_node_get_object (r->json);

          g_assert_cmpuint (json_object_get_size (object), ==, 1);
          ASSERT_CONTAINS (json_object_get_string_member (object, "error"), "bad");
          ASSERT_CONTAINS (json_object_get_string_member (object, "error"), "fail");
          continue;
        }
      g_assert_nonnull (r->json);
      if (!json_node_equal (r->json, json_object_get_member (response, "json")))
        g_error ("%s: %s gives %s, not %s", prefix, json_object_get_string_member (request, "path"),
                 r->body, json_to_string (json_object_get_member (response, "json"), FALSE));
    }
}

static void
test_example_707 (void)
{
  run_example ("7.07 ", FALSE, -1);
}

static void
test_example_708 (void)
{
  run_example ("7.08 ", FALSE, -1);
}

static void
test_example_709 (void)
{
  run_example ("7.09 ", TRUE, 1);
}

/* ------------------------------------------------------------------ */
/* The API                                                             */
/* ------------------------------------------------------------------ */

static void
test_properties (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SchedulaDispatcher) got = NULL;
  g_autofree char *token = NULL;
  g_autofree char *executor = NULL;
  guint64 max;
  gdouble timeout;
  int depth;

  g_assert_true (schedula_web_server_get_dispatcher (server) == dsp);
  g_assert_null (schedula_web_server_get_token (server));
  g_assert_cmpuint (schedula_web_server_get_max_request_size (server), ==, 1024 * 1024);
  g_assert_cmpfloat (schedula_web_server_get_timeout (server), ==, 60);
  g_assert_cmpstr (schedula_web_server_get_executor (server), ==, "async");
  g_assert_cmpint (schedula_web_server_get_depth (server), ==, -1);
  g_assert_cmpuint (schedula_web_server_get_port (server), ==, 0);
  g_assert_null (schedula_web_server_dup_url (server));

  g_object_set (server, "token", "t", "max-request-size", (guint64) 10, "timeout", 2.5,
                "executor", "sync", "depth", 1, NULL);
  g_object_get (server, "dispatcher", &got, "token", &token, "max-request-size", &max,
                "timeout", &timeout, "executor", &executor, "depth", &depth, NULL);
  g_assert_true (got == dsp);
  g_assert_cmpstr (token, ==, "t");
  g_assert_cmpuint (max, ==, 10);
  g_assert_cmpfloat (timeout, ==, 2.5);
  g_assert_cmpstr (executor, ==, "sync");
  g_assert_cmpint (depth, ==, 1);
  schedula_web_server_set_token (server, NULL);
  schedula_web_server_set_executor (server, NULL);
  g_assert_null (schedula_web_server_get_token (server));
  g_assert_null (schedula_web_server_get_executor (server));
}

static void
test_endpoints_depth (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaDispatcher) outer = schedula_dispatcher_new (NULL);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SchedulaWebServer) unnamed = schedula_web_server_new (outer);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) top = NULL;
  g_auto(GStrv) nested = NULL;
  g_auto(GStrv) limited = NULL;
  g_autoptr(SchedulaMapping) in_a = schedula_mapping_new_identity (IDS ("a"));
  g_autoptr(SchedulaMapping) out_e = schedula_mapping_new_identity (IDS ("e"));

  all = schedula_web_server_list_endpoints (server);
  ASSERT_STR (g_strjoinv (" ", all), "model model/bad model/fun model/sub model/sub/g");
  schedula_web_server_set_depth (server, 0);
  top = schedula_web_server_list_endpoints (server);
  ASSERT_STR (g_strjoinv (" ", top), "model model/bad model/fun model/sub");

  /* a model without a name is `dispatcher`; ids with / have no endpoint */
  schedula_dispatcher_add_function_full (outer, "a/b", f_inc, NULL, NULL, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_dispatcher (outer, "inner", dsp, in_a, out_e, &error);
  g_assert_no_error (error);
  nested = schedula_web_server_list_endpoints (unnamed);
  ASSERT_STR (g_strjoinv (" ", nested),
              "dispatcher dispatcher/inner dispatcher/inner/bad dispatcher/inner/fun "
              "dispatcher/inner/sub dispatcher/inner/sub/g");
  schedula_web_server_set_depth (unnamed, 1);
  limited = schedula_web_server_list_endpoints (unnamed);
  ASSERT_STR (g_strjoinv (" ", limited),
              "dispatcher dispatcher/inner dispatcher/inner/bad dispatcher/inner/fun dispatcher/inner/sub");
}

/* A model whose function wrapper dispatches the model itself: it is
 * opened once on a path */
static void
test_endpoints_cycle (void)
{
  g_autoptr(SchedulaDispatcher) a = schedula_dispatcher_new ("a");
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (a);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) endpoints = NULL;
  g_autoptr(Served) served = NULL;
  g_autoptr(SchedulaSubDispatch) itself = schedula_sub_dispatch_new_for_dispatcher (a);

  schedula_dispatcher_add_function_full (a, "f", f_inc, NULL, NULL, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (a, "again", SCHEDULA_FUNCTION (itself), IDS ("x"), IDS ("z"), &error);
  g_assert_no_error (error);
  endpoints = schedula_web_server_list_endpoints (server);
  ASSERT_STR (g_strjoinv (" ", endpoints), "a a/again a/f");

  served = serve (g_steal_pointer (&server));
  POST_REFUSED (session, served, "/a/again/f", "{\"args\": [1]}", 404, "path", "/a/again/f");
  post_ok (session, served, "/a/f", "{\"args\": [1]}", "{\"return\": 2}");
  /* GET / lists them too, and ends */
  {
    g_autoptr(Response) r = get (session, served, "/");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (r->body, "\"endpoints\":[\"a\",\"a/again\",\"a/f\"]");
  }
  g_clear_pointer (&served, served_stop);
  /* the cycle is the model's: break it so that the model can go */
  schedula_dispatcher_remove_node (a, "again", &error);
  g_assert_no_error (error);
}

static void
test_listen (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SchedulaWebServer) other = schedula_web_server_new (dsp);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *again = NULL;
  guint port;

  g_assert_false (schedula_web_server_listen (server, NULL, 70000, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN, "70000", "0 to 65535");
  g_assert_false (schedula_web_server_listen (server, "no-such-host.invalid", 0, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN, "no-such-host.invalid");
  g_assert_false (schedula_web_server_listen (server, "192.0.2.1", 0, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN, "192.0.2.1");

  g_assert_true (schedula_web_server_listen (server, NULL, 0, &error));
  g_assert_no_error (error);
  port = schedula_web_server_get_port (server);
  g_assert_cmpuint (port, >, 0);
  url = schedula_web_server_dup_url (server);
  ASSERT_STR (g_strdup_printf ("http://127.0.0.1:%u/", port), url);

  /* once only; the port is taken */
  g_assert_false (schedula_web_server_listen (server, NULL, 0, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN, "already", url);
  g_assert_false (schedula_web_server_listen (other, "127.0.0.1", port, &error));
  ASSERT_ERROR_CLEAR (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN, "127.0.0.1");

  /* a name; again after disconnect */
  schedula_web_server_disconnect (server);
  g_assert_cmpuint (schedula_web_server_get_port (server), ==, 0);
  g_assert_null (schedula_web_server_dup_url (server));
  g_assert_true (schedula_web_server_listen (server, "localhost", 0, &error));
  g_assert_no_error (error);
  again = schedula_web_server_dup_url (server);
  g_assert_true (g_str_has_prefix (again, "http://"));
  schedula_web_server_disconnect (server);
}

/* ------------------------------------------------------------------ */
/* ?data=, GET / and GET /plot                                         */
/* ------------------------------------------------------------------ */

static void
test_selection (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = serve_model (dsp);
  struct { const char *path, *body, *expected; } cases[] = {
    { "/model/fun?data=input,return", "{\"args\": [3]}", "{\"input\": {\"args\": [3]}, \"return\": [4, 2]}" },
    { "/model/fun?data=return,input", "{\"args\": [3]}", "{\"input\": {\"args\": [3]}, \"return\": [4, 2]}" },
    { "/model/fun?data=%20input%20,error", "{\"args\": [3]}", "{\"input\": {\"args\": [3]}}" },
    { "/model/fun?data=input", NULL, "{\"input\": {}}" },
    { "/model/fun?data=error", "{\"args\": [3]}", "{}" },
    { "/model/fun?data=", "{\"args\": [3]}", "{}" },
    { "/model/fun?data=bogus,return", "{\"args\": [3]}", "{\"return\": [4, 2]}" },
    { "/model/fun?other=1&data=return+", "{\"args\": [3]}", "{\"return\": [4, 2]}" },
    { "/model/bad?data=error,return", "{\"args\": [3]}", "{\"error\": \"fail\"}" },
    /* the request as the server read it: a uint32 is one of the library's
     * integers, a tuple a sequence */
    { "/model/fun?data=input", "{\"args\": [{\"$type\": \"u\", \"$value\": 7}, \"\\u00e9\", "
      "{\"$type\": \"(ii)\", \"$value\": [1, 2]}]}",
      "{\"input\": {\"args\": [7, \"\\u00e9\", [1, 2]]}}" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    post_ok (session, served, cases[i].path, cases[i].body, cases[i].expected);
  /* what is wrong with data= */
  POST_REFUSED (session, served, "/model/fun?data=input&data=return", "{\"args\": [3]}", 400, "data",
                "twice");
  {
    /* libsoup refuses a URI with broken escapes itself */
    g_autoptr(Response) r = post (session, served, "/model/fun?data=%ZZ", "{\"args\": [3]}");

    g_assert_cmpuint (r->status, ==, 400);
  }
  POST_REFUSED (session, served, "/model/fun?data=return%00", "{\"args\": [3]}", 400, "data", "%-escapes");
  POST_REFUSED (session, served, "/model/fun?data=%FF", "{\"args\": [3]}", 400, "data", "UTF-8");
  assert_serves (session, served);
}

static void
test_describe (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  g_autoptr(Response) r = NULL;
  JsonObject *root;
  JsonArray *nodes;

  schedula_dispatcher_set_description (dsp, "the \"model\" of 7.07");
  /* a default without a JSON form is left out */
  {
    g_auto(GValue) v = G_VALUE_INIT;
    g_autoptr(GError) error = NULL;
    g_autoptr(GCancellable) opaque = g_cancellable_new ();

    g_value_set_object (g_value_init (&v, G_TYPE_CANCELLABLE), opaque);
    schedula_dispatcher_add_data (dsp, "opaque", &v, &error);
    g_assert_no_error (error);
  }
  served = serve_model (dsp);
  r = get (session, served, "/");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  root = json_node_get_object (r->json);
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "model");
  g_assert_cmpstr (json_object_get_string_member (root, "description"), ==, "the \"model\" of 7.07");
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 9);
  {
    g_autoptr(JsonNode) a = json_from_string ("{\"id\": \"a\", \"kind\": \"data\", \"default\": 0}", NULL);
    g_autoptr(JsonNode) fun = json_from_string ("{\"id\": \"fun\", \"kind\": \"function\", \"function\": \"fun\", "
                                                "\"inputs\": [\"a\"], \"outputs\": [\"b\", \"c\"], "
                                                "\"endpoint\": \"model/fun\"}", NULL);
    g_autoptr(JsonNode) sub = json_from_string ("{\"id\": \"sub\", \"kind\": \"dispatcher\", \"dispatcher\": \"sub\", "
                                                "\"inputs\": {\"b\": [\"x\"]}, \"outputs\": {\"y\": [\"e\"]}, "
                                                "\"endpoint\": \"model/sub\"}", NULL);
    g_autoptr(JsonNode) opaque = json_from_string ("{\"id\": \"opaque\", \"kind\": \"data\"}", NULL);
    gboolean seen[4] = { FALSE, };

    for (guint i = 0; i < json_array_get_length (nodes); i++)
      {
        JsonNode *node = json_array_get_element (nodes, i);

        seen[0] |= json_node_equal (node, a);
        seen[1] |= json_node_equal (node, fun);
        seen[2] |= json_node_equal (node, sub);
        seen[3] |= json_node_equal (node, opaque);
      }
    if (!(seen[0] && seen[1] && seen[2] && seen[3]))
      g_error ("the nodes are %s", r->body);
  }
  ASSERT_CONTAINS (r->body, "\"inputs\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"opaque\"]");
  ASSERT_CONTAINS (r->body, "\"outputs\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"opaque\"]");
  ASSERT_CONTAINS (r->body, "\"endpoints\":[\"model\",\"model/bad\",\"model/fun\",\"model/sub\",\"model/sub/g\"]");
  /* the dispatch cannot write the value of opaque: a 500 that says so */
  POST_REFUSED (session, served, "/", NULL, 500, "return", "opaque", "no JSON form");
  post_ok (session, served, "/",
           "{\"kwargs\": {\"outputs\": [\"b\"]}}",
           "{\"return\": {\"a\": 0, \"b\": 1}}");
  assert_serves (session, served);
}

static void
test_plot (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = serve_model (dsp);
  g_autoptr(Response) r = get (session, served, "/plot");

  if (SCHEDULA_HAS_PLOT && SCHEDULA_HAS_GRAPHVIZ)
    {
      g_assert_cmpuint (r->status, ==, 200);
      ASSERT_CONTAINS (soup_message_headers_get_content_type (r->headers, NULL), "text/html");
      ASSERT_CONTAINS (r->body, "<svg");
    }
  else
    ASSERT_REFUSED (r, 404, "path", "graphviz");
  /* POST /plot: not for a model named model */
  {
    g_autoptr(Response) r2 = post (session, served, "/plot", NULL);

    ASSERT_REFUSED (r2, 405, "method", "only GET");
    g_assert_cmpstr (soup_message_headers_get_one (r2->headers, "Allow"), ==, "GET");
  }
  assert_serves (session, served);
}

/* A model named plot: POST /plot dispatches it, GET /plot plots it */
static void
test_plot_named (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("plot");
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  g_autoptr(GError) error = NULL;

  schedula_dispatcher_add_function_full (dsp, "f", f_inc, NULL, NULL, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  served = serve_model (dsp);
  post_ok (session, served, "/plot",
           "{\"kwargs\": {\"inputs\": {\"x\": 1}}}",
           "{\"return\": {\"x\": 1, \"y\": 2}}");
  {
    g_autoptr(Response) r = request_full (session, served, "PUT", "/plot", "{}", -1, NULL);

    ASSERT_REFUSED (r, 405, "method", "PUT");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Allow"), ==, "GET, POST");
  }
}

/* ------------------------------------------------------------------ */
/* The tutorial: a key, and a sub-dispatcher that encrypts with it     */
/* ------------------------------------------------------------------ */

static char *
rotate (const char *text,
        gint64      by)
{
  char *out = g_strdup (text);

  by = ((by % 26) + 26) % 26;
  for (char *p = out; *p != '\0'; p++)
    {
      if (*p >= 'a' && *p <= 'z')
        *p = (char) ('a' + (*p - 'a' + by) % 26);
      else if (*p >= 'A' && *p <= 'Z')
        *p = (char) ('A' + (*p - 'A' + by) % 26);
    }
  return out;
}

static gboolean
f_generate_key (SchedulaCall *call, gpointer user_data, GError **error)
{
  gint64 seed;

  if (!schedula_call_get_int64 (call, 0, &seed, error))
    return FALSE;
  schedula_call_set_output_int64 (call, 0, (seed * 7 + 3) % 26);
  return TRUE;
}

/* encrypt (message, key) and decrypt (encrypted, key): user_data is the
 * direction */
static gboolean
f_rotate (SchedulaCall *call, gpointer user_data, GError **error)
{
  const char *text = schedula_call_get_string (call, 0, error);
  gint64 key;
  g_autofree char *out = NULL;

  if (text == NULL || !schedula_call_get_int64 (call, 1, &key, error))
    return FALSE;
  out = rotate (text, GPOINTER_TO_INT (user_data) * key);
  schedula_call_set_output_string (call, 0, out);
  return TRUE;
}

static SchedulaDispatcher *
crypto_model (void)
{
  SchedulaDispatcher *dsp = schedula_dispatcher_new ("crypto");
  g_autoptr(SchedulaDispatcher) cipher = schedula_dispatcher_new ("cipher");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaMapping) inputs = schedula_mapping_new_identity (IDS ("message", "key"));
  g_autoptr(SchedulaMapping) outputs = schedula_mapping_new_identity (IDS ("encrypted", "decrypted"));

  schedula_dispatcher_set_description (dsp, "Encrypts a message with a key made of a seed");
  schedula_dispatcher_add_function_full (dsp, "generate_key", f_generate_key, NULL, NULL, IDS ("seed"),
                                         IDS ("key"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (cipher, "encrypt", f_rotate, GINT_TO_POINTER (1), NULL,
                                         IDS ("message", "key"), IDS ("encrypted"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (cipher, "decrypt", f_rotate, GINT_TO_POINTER (-1), NULL,
                                         IDS ("encrypted", "key"), IDS ("decrypted"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_dispatcher (dsp, "cipher", cipher, inputs, outputs, &error);
  g_assert_no_error (error);
  return dsp;
}

static void
test_tutorial (void)
{
  g_autoptr(SchedulaDispatcher) dsp = crypto_model ();
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = serve_model (dsp);
  g_autofree char *encrypted = NULL;
  g_autofree char *body = NULL;
  gint64 key;

  {
    g_autoptr(Response) r = post (session, served, "/crypto/generate_key", "{\"args\": [5]}");

    g_assert_cmpuint (r->status, ==, 200);
    key = json_object_get_int_member (json_node_get_object (r->json), "return");
    g_assert_cmpint (key, ==, 12);
  }
  body = g_strdup_printf ("{\"args\": [\"Attack at dawn!\", %" G_GINT64_FORMAT "]}", key);
  {
    g_autoptr(Response) r = post (session, served, "/crypto/cipher/encrypt", body);

    g_assert_cmpuint (r->status, ==, 200);
    encrypted = g_strdup (json_object_get_string_member (json_node_get_object (r->json), "return"));
    g_assert_cmpstr (encrypted, !=, "Attack at dawn!");
  }
  g_free (body);
  /* by keyword: the ids of the node's inputs */
  body = g_strdup_printf ("{\"kwargs\": {\"key\": %" G_GINT64_FORMAT ", \"encrypted\": \"%s\"}}", key, encrypted);
  post_ok (session, served, "/crypto/cipher/decrypt", body, "{\"return\": \"Attack at dawn!\"}");
  /* the whole model, and the sub-dispatcher alone */
  post_ok (session, served, "/",
           "{\"kwargs\": {\"inputs\": {\"seed\": 5, \"message\": \"Attack at dawn!\"}, "
           "\"outputs\": [\"decrypted\"], "
           "\"select_output_kw\": {\"keys\": [\"decrypted\"], \"output_type\": \"values\"}}}",
           "{\"return\": \"Attack at dawn!\"}");
  post_ok (session, served, "/crypto/cipher",
           "{\"args\": [{\"message\": \"abc\", \"key\": 1}], "
           "\"kwargs\": {\"select_output_kw\": {\"keys\": [\"encrypted\", \"decrypted\"], "
           "\"output_type\": \"list\"}}}",
           "{\"return\": [\"bcd\", \"abc\"]}");
  POST_REFUSED (session, served, "/crypto/cipher/encrypt", "{\"kwargs\": {\"key\": 1}}", 422, "kwargs",
                "the input message of encrypt is missing");
  {
    g_autoptr(Response) r = post (session, served, "/crypto",
                                  "{\"kwargs\": {\"inputs\": {\"seed\": 5}, \"no_call\": true}}");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (r->body, "\"seed\":null");
  }
}

/* A function wrapper is an endpoint and a folder */
static void
test_wrapper (void)
{
  g_autoptr(SchedulaDispatcher) cipher = crypto_model ();
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("outer");
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  g_autoptr(SchedulaSubDispatchFunction) wrapper = NULL;
  g_autoptr(GError) error = NULL;

  wrapper = schedula_sub_dispatch_function_new (cipher, "round_trip", IDS ("seed", "message"),
                                                IDS ("decrypted"), SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "round_trip", SCHEDULA_FUNCTION (wrapper), IDS ("s", "m"), IDS ("d"), &error);
  g_assert_no_error (error);
  served = serve_model (dsp);
  post_ok (session, served, "/outer/round_trip", "{\"args\": [3, \"xyz\"]}", "{\"return\": \"xyz\"}");
  {
    /* its own keywords */
    g_autoptr(Response) r = post (session, served, "/outer/round_trip",
                                  "{\"kwargs\": {\"seed\": 3, \"message\": \"xyz\"}}");

    assert_ok (r, "{\"return\": \"xyz\"}");
  }
  post_ok (session, served, "/outer/round_trip/generate_key", "{\"args\": [1]}", "{\"return\": 10}");
  post_ok (session, served, "/outer/round_trip/cipher/encrypt",
           "{\"args\": [\"a\", 1]}",
           "{\"return\": \"b\"}");
  {
    /* what the wrapper does not take: its own error */
    g_autoptr(Response) r = post (session, served, "/outer/round_trip", "{\"kwargs\": {\"zz\": 1}}");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (response_error (r), "seed");
  }
}

/* Every kind of function wrapper is a folder */
static void
test_wrapper_folders (void)
{
  g_autoptr(SchedulaDispatcher) cipher = schedula_dispatcher_new ("cipher");
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("outer");
  g_autoptr(SchedulaWebServer) server = NULL;
  g_autoptr(SchedulaSubDispatch) sub = NULL;
  g_autoptr(SchedulaSubDispatchPipe) sub_pipe = NULL;
  g_autoptr(SchedulaDispatchPipe) pipe = NULL;
  g_autoptr(SchedulaMapDispatch) map = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) endpoints = NULL;

  schedula_dispatcher_add_function_full (cipher, "encrypt", f_rotate, GINT_TO_POINTER (1), NULL,
                                         IDS ("message", "key"), IDS ("encrypted"), &error);
  g_assert_no_error (error);
  sub = schedula_sub_dispatch_new (cipher, IDS ("encrypted"), SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL);
  sub_pipe = schedula_sub_dispatch_pipe_new (cipher, "sp", IDS ("message", "key"), IDS ("encrypted"),
                                             SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  pipe = schedula_dispatch_pipe_new (cipher, "dp", IDS ("message", "key"), IDS ("encrypted"),
                                     SCHEDULA_OUTPUT_TYPE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  map = schedula_map_dispatch_new (cipher, NULL, NULL, IDS ("encrypted"), SCHEDULA_OUTPUT_TYPE_DEFAULT);
  schedula_dispatcher_add_function (dsp, "sub", SCHEDULA_FUNCTION (sub), IDS ("a"), IDS ("b"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "sub_pipe", SCHEDULA_FUNCTION (sub_pipe), IDS ("m", "k"), IDS ("c"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "pipe", SCHEDULA_FUNCTION (pipe), IDS ("m", "k"), IDS ("d"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function (dsp, "map", SCHEDULA_FUNCTION (map), IDS ("inputs"), IDS ("e"), &error);
  g_assert_no_error (error);

  server = schedula_web_server_new (dsp);
  endpoints = schedula_web_server_list_endpoints (server);
  ASSERT_STR (g_strjoinv (" ", endpoints),
              "outer outer/map outer/map/encrypt outer/pipe outer/pipe/encrypt outer/sub outer/sub/encrypt "
              "outer/sub_pipe outer/sub_pipe/encrypt");
  {
    g_autoptr(SoupSession) session = session_new ();
    g_autoptr(Served) served = serve (g_steal_pointer (&server));

    post_ok (session, served, "/outer/map/encrypt", "{\"args\": [\"ab\", 1]}", "{\"return\": \"bc\"}");
    post_ok (session, served, "/outer/sub_pipe", "{\"args\": [\"ab\", 2]}", "{\"return\": \"cd\"}");
  }
}

/* ------------------------------------------------------------------ */
/* Concurrency                                                         */
/* ------------------------------------------------------------------ */

/* Two parties meet: each waits for the other */
typedef struct
{
  Latch arrived;
} Meeting;

static gboolean
f_meet (SchedulaCall *call, gpointer user_data, GError **error)
{
  Meeting *meeting = user_data;
  gint64 x;

  if (!schedula_call_get_int64 (call, 0, &x, error))
    return FALSE;
  latch_add (&meeting->arrived);
  if (!latch_wait (&meeting->arrived, 2))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the other request never came");
      return FALSE;
    }
  schedula_call_set_output_int64 (call, 0, x);
  return TRUE;
}

typedef struct
{
  Served     *served;
  const char *path;
  const char *body;
  Response   *response;
  GThread    *thread;
} Posting;

static gpointer
post_thread (gpointer data)
{
  Posting *p = data;
  g_autoptr(SoupSession) session = session_new ();

  p->response = post (session, p->served, p->path, p->body);
  return NULL;
}

static void
posting_start (Posting    *p,
               Served     *served,
               const char *path,
               const char *body)
{
  p->served = served;
  p->path = path;
  p->body = body;
  p->thread = g_thread_new ("web-client", post_thread, p);
}

static Response *
posting_join (Posting *p)
{
  g_thread_join (p->thread);
  return p->response;
}

/* Two POSTs at once, each from a thread of its own, and their 200s */
static void
post_both (Served     *served,
           const char *path_a,
           const char *body_a,
           const char *expected_a,
           const char *path_b,
           const char *body_b,
           const char *expected_b)
{
  Posting a, b;
  g_autoptr(Response) ra = NULL;
  g_autoptr(Response) rb = NULL;

  posting_start (&a, served, path_a, body_a);
  posting_start (&b, served, path_b, body_b);
  ra = posting_join (&a);
  rb = posting_join (&b);
  assert_ok (ra, expected_a);
  assert_ok (rb, expected_b);
}

static void
test_concurrent_calls (void)
{
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("m");
  g_autoptr(GError) error = NULL;
  Meeting calls, dispatches;

  latch_init (&calls.arrived);
  latch_init (&dispatches.arrived);
  schedula_dispatcher_add_function_full (dsp, "left", f_meet, &calls, NULL, IDS ("x"), IDS ("y"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "right", f_meet, &calls, NULL, IDS ("x"), IDS ("z"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "meet", f_meet, &dispatches, NULL, IDS ("p"), IDS ("q"), &error);
  g_assert_no_error (error);
  {
    g_autoptr(Served) served = serve_model (dsp);
    /* two calls that wait for each other, then two dispatches */
    post_both (served, "/m/left", "{\"args\": [1]}", "{\"return\": 1}",
               "/m/right", "{\"args\": [2]}", "{\"return\": 2}");
    post_both (served, "/", "{\"kwargs\": {\"inputs\": {\"p\": 5}, \"outputs\": [\"q\"]}}",
               "{\"return\": {\"p\": 5, \"q\": 5}}",
               "/m", "{\"args\": [{\"p\": 6}, [\"q\"]]}", "{\"return\": {\"p\": 6, \"q\": 6}}");
  }
  latch_clear (&calls.arrived);
  latch_clear (&dispatches.arrived);
}

/* A function that blocks until the test lets it go */
typedef struct
{
  Latch entered;
  Latch released;
} Gate;

static gboolean
f_gate (SchedulaCall *call, gpointer user_data, GError **error)
{
  Gate *gate = user_data;

  latch_add (&gate->entered);
  if (!latch_wait (&gate->released, 1))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "never released");
      return FALSE;
    }
  schedula_call_set_output_string (call, 0, "done");
  return TRUE;
}

static void
test_responsive (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(GError) error = NULL;
  Gate gate;
  Posting blocked;

  latch_init (&gate.entered);
  latch_init (&gate.released);
  schedula_dispatcher_add_function_full (dsp, "gate", f_gate, &gate, NULL, IDS ("g"), IDS ("h"), &error);
  g_assert_no_error (error);
  {
    g_autoptr(Served) served = serve_model (dsp);
    g_autoptr(Response) done = NULL;

    posting_start (&blocked, served, "/model/gate", "{\"args\": [0]}");
    g_assert_true (latch_wait (&gate.entered, 1));
    /* the function blocks: the server answers the others */
    {
      g_autoptr(Response) r = get (session, served, "/");

      g_assert_cmpuint (r->status, ==, 200);
      ASSERT_CONTAINS (r->body, "\"model/gate\"");
    }
    assert_serves (session, served);
    latch_add (&gate.released);
    done = posting_join (&blocked);
    assert_ok (done, "{\"return\": \"done\"}");
  }
  latch_clear (&gate.entered);
  latch_clear (&gate.released);
}

/* ------------------------------------------------------------------ */
/* Bad requests                                                        */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *path;
  const char *body;
  guint       status;
  const char *field;
  const char *message;   /* a part of it */
} BadRequest;

static void
test_bad_requests (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = serve_model (dsp);
  const BadRequest cases[] = {
    /* not JSON, with the line and the column */
    { "/", "{\"args\": [1,}", 400, "body", "body:1:" },
    { "/", "{\n  \"kwargs\": {\"inputs\": {\"a\": 1}}\n  \"args\": []}", 400, "body", "body:3:" },
    { "/", "   ", 400, "body", "body:" },
    { "/", "{\"a\": 1, \"a\": 2}", 400, "body", "body:1:" },
    { "/", "\xff", 400, "body", "body:" },
    /* wrong types */
    { "/", "[1]", 400, "body", "not an array" },
    { "/", "null", 400, "body", "not null" },
    { "/", "{\"args\": 3}", 400, "args", "not a number" },
    { "/", "{\"kwargs\": []}", 400, "kwargs", "not an array" },
    { "/", "{\"kwargs\": {\"inputs\": [1]}}", 400, "kwargs.inputs", "not an array" },
    { "/", "{\"kwargs\": {\"outputs\": \"b\"}}", 400, "kwargs.outputs", "not a string" },
    { "/", "{\"kwargs\": {\"outputs\": [\"b\", 2]}}", 400, "kwargs.outputs", "element 1 is a number" },
    { "/", "{\"kwargs\": {\"inputs_dist\": {\"a\": \"far\"}}}", 400, "kwargs.inputs_dist", "a string" },
    { "/", "{\"kwargs\": {\"inputs_dist\": 1}}", 400, "kwargs.inputs_dist", "a number" },
    { "/", "{\"kwargs\": {\"wildcard\": 1}}", 400, "kwargs.wildcard", "true or false" },
    { "/", "{\"args\": [null, null, null, null, \"yes\"]}", 400, "args.4", "true or false" },
    { "/", "{\"kwargs\": {\"select_output_kw\": [\"b\"]}}", 400, "kwargs.select_output_kw", "an array" },
    { "/", "{\"kwargs\": {\"select_output_kw\": {\"keys\": [\"b\"], \"output_type\": \"set\"}}}", 400,
      "kwargs.select_output_kw.output_type", "\"values\"" },
    { "/", "{\"kwargs\": {\"select_output_kw\": {\"keys\": \"b\"}}}", 400, "kwargs.select_output_kw.keys", "a string" },
    { "/", "{\"kwargs\": {\"select_output_kw\": {\"keys\": [\"b\"], \"copy\": 1}}}", 400,
      "kwargs.select_output_kw.copy", "true or false" },
    /* values of codecs: never */
    { "/model/fun", "{\"args\": [{\"$codec\": \"pickle\", \"$data\": \"gASVAAAAAAAAAE4u\"}]}", 400, "body", "codec" },
    /* unknown keywords, inputs, outputs */
    { "/", "{\"kwargs\": {\"foo\": 1}}", 422, "kwargs.foo", "dispatch() has no keyword foo" },
    { "/", "{\"kwargs\": {\"executor\": \"parallel\"}}", 422, "kwargs.executor", "cannot give" },
    { "/", "{\"kwargs\": {\"inputs\": {\"zz\": 1}}}", 422, "kwargs.inputs", "no data node zz" },
    { "/", "{\"kwargs\": {\"inputs\": {\"fun\": 1}}}", 422, "kwargs.inputs", "no data node fun" },
    { "/", "{\"kwargs\": {\"outputs\": [\"zz\"]}}", 422, "kwargs.outputs", "no data node zz" },
    { "/", "{\"kwargs\": {\"inputs_dist\": {\"zz\": 1}}}", 422, "kwargs.inputs_dist", "no data node zz" },
    { "/model/sub", "{\"kwargs\": {\"inputs\": {\"a\": 1}}}", 422, "kwargs.inputs", "sub has no data node a" },
    { "/", "{\"args\": [{}], \"kwargs\": {\"inputs\": {}}}", 422, "kwargs.inputs", "given twice" },
    { "/", "{\"args\": [null, null, null, null, null, null, null, null, null]}", 422, "args", "not 9" },
    { "/", "{\"kwargs\": {\"select_output_kw\": {\"output_type\": \"list\"}}}", 422,
      "kwargs.select_output_kw", "keys is missing" },
    { "/", "{\"kwargs\": {\"select_output_kw\": {\"keys\": [\"b\"], \"allow_miss\": true}}}", 422,
      "kwargs.select_output_kw.allow_miss", "allow_miss" },
    { "/", "{\"arg\": [1]}", 422, "arg", "args and kwargs only" },
    { "/model/fun", "{\"kwargs\": {\"q\": 1}}", 422, "kwargs.q", "fun has no input q" },
    { "/model/fun", "{\"args\": [1], \"kwargs\": {\"a\": 1}}", 422, "kwargs.a", "given twice" },
    { "/model/sub/g", "{\"args\": [], \"kwargs\": {}}", 200, NULL, NULL },
    /* unknown nodes and paths */
    { "/model/nope", "{}", 404, "path", "/model/nope" },
    { "/model/a", "{}", 404, "path", "/model/a" },
    { "/model/fun/x", "{}", 404, "path", "/model/fun/x" },
    { "/model/sub/x", "{}", 404, "path", "/model/sub/x" },
    { "/model/", "{}", 404, "path", "/model/" },
    { "/other", "{}", 404, "path", "/other" },
    { "/other/fun", NULL, 404, "path", "/other/fun" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) r = post (session, served, cases[i].path, cases[i].body);

      g_autofree char *shown = g_strescape (cases[i].body != NULL ? cases[i].body : "", NULL);

      g_test_message ("%s %s -> %u %s", cases[i].path, shown, r->status, r->body);
      if (cases[i].status == 200)
        {
          /* a function that gets no argument: its own error */
          g_assert_cmpuint (r->status, ==, 200);
          response_error (r);
        }
      else
        ASSERT_REFUSED (r, cases[i].status, cases[i].field, cases[i].message);
      assert_serves (session, served);
    }

  /* methods */
  {
    g_autoptr(Response) r = get (session, served, "/model/fun");

    ASSERT_REFUSED (r, 405, "method", "only POST");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Allow"), ==, "POST");
  }
  {
    g_autoptr(Response) r = request_full (session, served, "DELETE", "/", NULL, -1, NULL);

    ASSERT_REFUSED (r, 405, "method", "DELETE");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Allow"), ==, "GET, POST");
  }
  /* Content-Encoding */
  {
    const char *const headers[] = { "Content-Encoding: br", NULL };
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun", "{}", -1, headers);

    ASSERT_REFUSED (r, 400, "Content-Encoding", "br");
  }
  {
    const char *const headers[] = { "Content-Encoding: gzip", NULL };
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun", "{\"args\": [3]}", -1, headers);

    ASSERT_REFUSED (r, 400, "body", "not gzip data");
  }
  assert_serves (session, served);
}

/* A gzip body; a small one that decompresses past the limit */
static GBytes *
gzip (const char *data,
      gsize       length)
{
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9));
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) converted = g_converter_input_stream_new (source, compressor);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, converted, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_gzip (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  const char *const headers[] = { "Content-Encoding: gzip", NULL };
  const char *body = "{\"args\": [3]}";
  g_autoptr(GBytes) small = gzip (body, strlen (body));
  g_autofree char *spaces = g_strnfill (64 * 1024, ' ');
  g_autoptr(GBytes) bomb = gzip (spaces, 64 * 1024);
  g_autoptr(GBytes) trailing = NULL;

  schedula_web_server_set_max_request_size (server, 4096);
  served = serve (g_steal_pointer (&server));
  {
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun",
                                          g_bytes_get_data (small, NULL), g_bytes_get_size (small), headers);

    assert_ok (r, "{\"return\": [4, 2]}");
  }
  {
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun",
                                          g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb), headers);

    g_assert_cmpuint (g_bytes_get_size (bomb), <, 4096);
    ASSERT_REFUSED (r, 413, "body", "decompressed");
  }
  {
    /* cut short, and with bytes after the end */
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun",
                                          g_bytes_get_data (small, NULL), g_bytes_get_size (small) - 4, headers);

    ASSERT_REFUSED (r, 400, "body", "gzip data of the body ends too soon");
  }
  {
    g_autoptr(GByteArray) more = g_byte_array_new ();

    g_byte_array_append (more, g_bytes_get_data (small, NULL), g_bytes_get_size (small));
    g_byte_array_append (more, (const guint8 *) "xx", 2);
    trailing = g_byte_array_free_to_bytes (g_steal_pointer (&more));
  }
  {
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun",
                                          g_bytes_get_data (trailing, NULL), g_bytes_get_size (trailing), headers);

    ASSERT_REFUSED (r, 400, "body", "after its gzip data");
  }
  assert_serves (session, served);
}

static void
test_token (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  const char *const right[] = { "Authorization: Bearer s3cret", NULL };
  const char *const wrong[] = { "Authorization: Bearer s3creT", NULL };
  const char *const longer[] = { "Authorization: Bearer s3cret2", NULL };
  const char *const basic[] = { "Authorization: Basic czNjcmV0", NULL };

  schedula_web_server_set_token (server, "s3cret");
  served = serve (g_steal_pointer (&server));
  {
    g_autoptr(Response) r = post (session, served, "/model/fun", "{\"args\": [3]}");

    ASSERT_REFUSED (r, 401, "Authorization", "bearer token");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "WWW-Authenticate"), ==, "Bearer realm=\"schedula\"");
  }
  for (const char *const *const *h = (const char *const *const[]) { wrong, longer, basic, NULL }; *h != NULL; h++)
    {
      g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun", "{\"args\": [3]}", -1, *h);

      ASSERT_REFUSED (r, 401, "Authorization", "not the server's");
      ASSERT_CONTAINS (soup_message_headers_get_one (r->headers, "WWW-Authenticate"), "invalid_token");
    }
  {
    g_autoptr(Response) r = get (session, served, "/");

    ASSERT_REFUSED (r, 401, "Authorization", "bearer token");
  }
  {
    g_autoptr(Response) r = request_full (session, served, "POST", "/model/fun", "{\"args\": [3]}", -1, right);

    assert_ok (r, "{\"return\": [4, 2]}");
  }
  {
    g_autoptr(Response) r = request_full (session, served, "GET", "/", NULL, -1, right);

    g_assert_cmpuint (r->status, ==, 200);
  }
}

static void
test_too_large (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  g_autoptr(GString) big = g_string_new ("{\"args\": [3], \"kwargs\": {}}");
  g_autoptr(GString) chunked = g_string_new (NULL);
  g_autofree char *raw = NULL;
  g_autofree char *huge = NULL;

  schedula_web_server_set_max_request_size (server, 1024);
  served = serve (g_steal_pointer (&server));
  /* with Content-Length, refused before the body is read */
  while (big->len <= 4096)
    g_string_insert (big, 1, "    ");
  POST_REFUSED (session, served, "/model/fun", big->str, 413, "body", "1024");
  assert_serves (session, served);
  /* the limit itself is fine */
  g_string_assign (big, "{\"args\": [3]}");
  while (big->len < 1024)
    g_string_insert (big, 1, " ");
  post_ok (session, served, "/model/fun", big->str, "{\"return\": [4, 2]}");

  /* chunked, without Content-Length: the chunks are counted */
  g_string_append (chunked, "POST /model/fun HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                  "Connection: close\r\n\r\n");
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (chunked, "100\r\n%0256d\r\n", 0);
  g_string_append (chunked, "0\r\n\r\n");
  raw = raw_exchange (served, chunked->str, chunked->len);
  /* read to its end and dropped, then answered (and closed: the client
   * asked for it) */
  assert_raw_refused (raw, 413, "body");
  assert_serves (session, served);

  /* chunks far past the limit: the connection is closed (the client, which
   * keeps sending, may see the response or a reset) */
  {
    g_autoptr(GString) flood = g_string_new ("POST /model/fun HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\n");
    g_autofree char *block = g_strnfill (65536, ' ');
    g_autofree char *got = NULL;

    for (guint i = 0; i < 40; i++)
      g_string_append_printf (flood, "10000\r\n%s\r\n", block);
    got = raw_exchange_full (served, flood->str, flood->len, TRUE);
    if (got[0] != '\0')
      assert_raw_refused (got, 413, "body");
  }
  assert_serves (session, served);

  /* a Content-Length far past the limit: answered at once, and closed */
  huge = g_strdup ("POST /model/fun HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n");
  g_free (raw);
  raw = raw_exchange (served, huge, strlen (huge));
  assert_raw_refused (raw, 413, "body");
  ASSERT_CONTAINS (raw, "Connection: close");
  assert_serves (session, served);
}

/* One response of a connection: its head, and its body of Content-Length
 * bytes */
static char *
read_response (GInputStream *in)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *length;
  gsize body_start, want;

  while (strstr (text->str, "\r\n\r\n") == NULL)
    {
      char c;

      g_assert_cmpint (g_input_stream_read (in, &c, 1, NULL, &error), ==, 1);
      g_string_append_c (text, c);
    }
  body_start = text->len;
  length = strstr (text->str, "Content-Length: ");
  g_assert_nonnull (length);
  want = body_start + (gsize) g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);
  while (text->len < want)
    {
      char buf[256];
      gssize n = g_input_stream_read (in, buf, MIN (sizeof buf, want - text->len), NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (text, buf, n);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* HTTP/1.1: the connection serves request after request */
static void
test_keep_alive (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(Served) served = serve_model (dsp);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;

  g_socket_client_set_timeout (client, DEADLINE_SECONDS);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", url_port (served->url), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *request = g_strdup_printf ("POST /model/fun HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  "Content-Length: 13\r\n\r\n{\"args\": [%u]}", i);
      g_autofree char *expected = g_strdup_printf ("{\"return\":[%u,%d]}", i + 1, (gint) i - 1);
      g_autofree char *response = NULL;

      g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      response = read_response (in);
      g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 "));
      g_assert_null (strstr (response, "Connection: close"));
      g_assert_true (g_str_has_suffix (response, expected));
    }
}

static void
test_slow_client (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  const char *partial_body = "POST /model/fun HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"ar";
  const char *partial_headers = "POST /model/fun HTTP/1.1\r\nHost: 127";
  g_autofree char *raw = NULL;

  schedula_web_server_set_timeout (server, 0.5);
  served = serve (g_steal_pointer (&server));
  raw = raw_exchange (served, partial_body, strlen (partial_body));
  assert_raw_refused (raw, 408, "body");
  ASSERT_CONTAINS (raw, "Connection: close");
  ASSERT_CONTAINS (raw, "0.5 s");
  g_free (raw);
  raw = raw_exchange (served, partial_headers, strlen (partial_headers));
  assert_raw_refused (raw, 408, "body");
  {
    g_autoptr(Response) r = get (session, served, "/");

    g_assert_cmpuint (r->status, ==, 200);
  }
}

/* A function that runs until its call is cancelled */
typedef struct
{
  Latch entered;
  Latch cancelled;
} Stuck;

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  latch_add (data);
}

static gboolean
f_stuck (SchedulaCall *call, gpointer user_data, GError **error)
{
  Stuck *stuck = user_data;
  GCancellable *cancellable = schedula_call_get_cancellable (call);
  gulong id;

  g_assert_nonnull (cancellable);
  latch_add (&stuck->entered);
  id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &stuck->cancelled, NULL);
  latch_wait (&stuck->cancelled, 1);
  g_cancellable_disconnect (cancellable, id);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static void
test_timeout (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(SchedulaWebServer) server = schedula_web_server_new (dsp);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Served) served = NULL;
  Stuck call_stuck, dispatch_stuck;

  latch_init (&call_stuck.entered);
  latch_init (&call_stuck.cancelled);
  latch_init (&dispatch_stuck.entered);
  latch_init (&dispatch_stuck.cancelled);
  schedula_dispatcher_add_function_full (dsp, "stuck", f_stuck, &call_stuck, NULL, IDS ("s"), IDS ("t"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "stuck2", f_stuck, &dispatch_stuck, NULL, IDS ("u"), IDS ("v"), &error);
  g_assert_no_error (error);
  schedula_web_server_set_timeout (server, 0.5);
  served = serve (g_steal_pointer (&server));
  {
    g_autoptr(Response) r = post (session, served, "/model/stuck", "{\"args\": [1]}");

    ASSERT_REFUSED (r, 504, NULL, "the call of model/stuck", "0.5 s", "cancelled");
    /* cancelled through its GCancellable */
    g_assert_true (latch_wait (&call_stuck.cancelled, 1));
  }
  {
    g_autoptr(Response) r = post (session, served, "/", "{\"kwargs\": {\"inputs\": {\"u\": 1}, \"outputs\": [\"v\"]}}");

    ASSERT_REFUSED (r, 504, NULL, "the dispatch of model", "cancelled");
    g_assert_true (latch_wait (&dispatch_stuck.cancelled, 1));
  }
  {
    g_autoptr(Response) r = get (session, served, "/");

    g_assert_cmpuint (r->status, ==, 200);
  }
  g_clear_pointer (&served, served_stop);
  latch_clear (&call_stuck.entered);
  latch_clear (&call_stuck.cancelled);
  latch_clear (&dispatch_stuck.entered);
  latch_clear (&dispatch_stuck.cancelled);
}

/* A client that goes while its function runs: the call is cancelled; a
 * server stopped while a function runs cancels it too */
static void
test_client_gone (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(GError) error = NULL;
  Stuck stuck, stopped;

  latch_init (&stuck.entered);
  latch_init (&stuck.cancelled);
  latch_init (&stopped.entered);
  latch_init (&stopped.cancelled);
  schedula_dispatcher_add_function_full (dsp, "stuck", f_stuck, &stuck, NULL, IDS ("s"), IDS ("t"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "stopped", f_stuck, &stopped, NULL, IDS ("s"), IDS ("w"), &error);
  g_assert_no_error (error);
  {
    g_autoptr(Served) served = serve_model (dsp);
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    const char *request = "POST /model/stuck HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 13\r\n\r\n{\"args\": [1]}";

    connection = g_socket_client_connect_to_host (client, "127.0.0.1", url_port (served->url), NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                               strlen (request), NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (latch_wait (&stuck.entered, 1));
    g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
    g_assert_no_error (error);
    /* the server notices when it answers, or when it stops */
    g_clear_object (&connection);
    connection = g_socket_client_connect_to_host (client, "127.0.0.1", url_port (served->url), NULL, &error);
    g_assert_no_error (error);
    request = "POST /model/stopped HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 13\r\n\r\n{\"args\": [1]}";
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                               strlen (request), NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (latch_wait (&stopped.entered, 1));
  }
  /* stopped: both cancelled */
  g_assert_true (latch_wait (&stuck.cancelled, 1));
  g_assert_true (latch_wait (&stopped.cancelled, 1));
  latch_clear (&stuck.entered);
  latch_clear (&stuck.cancelled);
  latch_clear (&stopped.entered);
  latch_clear (&stopped.cancelled);
}

static void
test_function_errors (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (TRUE);
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(Served) served = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"args\": [");

  schedula_dispatcher_add_function_full (dsp, "opaque", f_opaque, NULL, NULL, IDS ("o"), IDS ("p"), &error);
  g_assert_no_error (error);
  schedula_dispatcher_add_function_full (dsp, "too_wide", f_too_wide, NULL, NULL, IDS ("o"), IDS ("q"), &error);
  g_assert_no_error (error);
  served = serve_model (dsp);
  POST_REFUSED (session, served, "/model/opaque", "{\"args\": [1]}", 500, "return", "no JSON form");
  {
    g_autoptr(Response) r = post (session, served, "/model/too_wide", "{\"args\": [1]}");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (response_error (r), "too_wide set output 1 of 1");
  }
  {
    /* the reader's limit of the nesting of values, 1000 levels (the body
     * and args are two): 900 arrays are echoed, 1100 refused */
    for (guint i = 0; i < 900; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 900; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, "]}");
    {
      g_autoptr(Response) r = post (session, served, "/model/fun?data=input", deep->str);

      g_assert_cmpuint (r->status, ==, 200);
      /* compact: the space after "args": goes, the } of the response comes */
      g_assert_cmpuint (strlen (r->body), ==, strlen ("{\"input\":") + deep->len);
    }
    g_string_assign (deep, "{\"args\": [");
    for (guint i = 0; i < 1100; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 1100; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, "]}");
    POST_REFUSED (session, served, "/model/fun?data=input", deep->str, 400, "body",
                  "deeper than 1000 levels");
  }

  post_ok (session, served, "/model/bad?data=input,return,error",
           "{\"args\": [3]}",
           "{\"input\": {\"args\": [3]}, \"error\": \"fail\"}");
  {
    /* a value the function cannot read */
    g_autoptr(Response) r = post (session, served, "/model/fun", "{\"args\": [\"three\"]}");

    g_assert_cmpuint (r->status, ==, 200);
    response_error (r);
  }
  {
    /* the dispatch fails (raises), and an output it never computes */
    g_autoptr(Response) r = post (session, served, "/", "{\"kwargs\": {\"inputs\": {\"a\": 1}}}");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (response_error (r), "fail");
  }
  {
    g_autoptr(Response) r = post (session, served, "/",
                                  "{\"kwargs\": {\"outputs\": [\"b\"], \"select_output_kw\": {\"keys\": [\"d\"]}}}");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (response_error (r), "d");
  }
  post_ok (session, served, "/",
           "{\"kwargs\": {\"outputs\": [\"b\"], \"select_output_kw\": "
           "{\"keys\": [\"a\", \"b\"], \"output_type\": \"dict\", \"copy\": true}}}",
           "{\"return\": {\"a\": 0, \"b\": 1}}");
  post_ok (session, served, "/",
           "{\"kwargs\": {\"outputs\": [\"b\"], \"select_output_kw\": "
           "{\"keys\": [\"a\"], \"output_type\": \"all\"}}}",
           "{\"return\": {\"a\": 0, \"b\": 1}}");
  {
    /* the keywords of the options */
    g_autoptr(Response) r = post (session, served, "/",
                                  "{\"kwargs\": {\"outputs\": [\"b\"], \"wildcard\": false, \"shrink\": true, "
                                  "\"rm_unused_nds\": true, \"inputs_dist\": {\"a\": 1.5}, \"no_call\": false}}");

    g_assert_cmpuint (r->status, ==, 200);
    ASSERT_CONTAINS (r->body, "\"b\":1");
  }
  assert_serves (session, served);
}

/* ------------------------------------------------------------------ */
/* Many clients                                                        */
/* ------------------------------------------------------------------ */

#define N_CLIENTS 8

typedef struct
{
  Served  *served;
  guint    index;
  guint    n_requests;
  guint    n_ok;
} Client;

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr(SoupSession) session = session_new ();

  for (guint i = 0; i < c->n_requests; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"args\": [%u]}", c->index * 1000 + i);
      gint x = (gint) (c->index * 1000 + i);
      g_autofree char *expected = g_strdup_printf ("{\"return\": [%d, %d]}", x + 1, x - 1);
      g_autofree char *inputs = g_strdup_printf ("{\"kwargs\": {\"inputs\": {\"a\": %u}, \"outputs\": [\"e\"]}}", i);
      g_autofree char *solution = g_strdup_printf ("{\"return\": {\"a\": %u, \"b\": %u, \"e\": %u}}",
                                                   i, i + 1, i + 2);
      g_autoptr(Response) call = post (session, c->served, "/model/fun", body);
      g_autoptr(Response) dispatch = post (session, c->served, "/", inputs);
      g_autoptr(Response) bad = post (session, c->served, "/model/fun", "{\"args\": [");
      g_autoptr(Response) describe = get (session, c->served, "/");

      assert_ok (call, expected);
      assert_ok (dispatch, solution);
      g_assert_cmpuint (bad->status, ==, 400);
      g_assert_cmpuint (describe->status, ==, 200);
      c->n_ok++;
    }
  return NULL;
}

static void
test_stress (void)
{
  g_autoptr(SchedulaDispatcher) dsp = example_model (FALSE);
  g_autoptr(Served) served = serve_model (dsp);
  const char *env = g_getenv ("SCHEDULA_WEB_STRESS_REQUESTS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 25;
  Client clients[N_CLIENTS];
  GThread *threads[N_CLIENTS];

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i] = (Client) { served, i, n, 0 };
      threads[i] = g_thread_new ("web-stress", client_thread, &clients[i]);
    }
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (clients[i].n_ok, ==, n);
    }
  g_test_message ("%u clients x %u rounds of 4 requests", N_CLIENTS, n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Schedula/Web/example-7.07", test_example_707);
  g_test_add_func ("/Schedula/Web/example-7.08", test_example_708);
  g_test_add_func ("/Schedula/Web/example-7.09", test_example_709);
  g_test_add_func ("/Schedula/Web/properties", test_properties);
  g_test_add_func ("/Schedula/Web/endpoints-depth", test_endpoints_depth);
  g_test_add_func ("/Schedula/Web/endpoints-cycle", test_endpoints_cycle);
  g_test_add_func ("/Schedula/Web/listen", test_listen);
  g_test_add_func ("/Schedula/Web/selection", test_selection);
  g_test_add_func ("/Schedula/Web/describe", test_describe);
  g_test_add_func ("/Schedula/Web/plot", test_plot);
  g_test_add_func ("/Schedula/Web/plot-named", test_plot_named);
  g_test_add_func ("/Schedula/Web/tutorial", test_tutorial);
  g_test_add_func ("/Schedula/Web/wrapper", test_wrapper);
  g_test_add_func ("/Schedula/Web/wrapper-folders", test_wrapper_folders);
  g_test_add_func ("/Schedula/Web/concurrent-calls", test_concurrent_calls);
  g_test_add_func ("/Schedula/Web/responsive", test_responsive);
  g_test_add_func ("/Schedula/Web/bad-requests", test_bad_requests);
  g_test_add_func ("/Schedula/Web/gzip", test_gzip);
  g_test_add_func ("/Schedula/Web/token", test_token);
  g_test_add_func ("/Schedula/Web/too-large", test_too_large);
  g_test_add_func ("/Schedula/Web/keep-alive", test_keep_alive);
  g_test_add_func ("/Schedula/Web/slow-client", test_slow_client);
  g_test_add_func ("/Schedula/Web/timeout", test_timeout);
  g_test_add_func ("/Schedula/Web/client-gone", test_client_gone);
  g_test_add_func ("/Schedula/Web/function-errors", test_function_errors);
  g_test_add_func ("/Schedula/Web/stress", test_stress);

  return g_test_run ();
}
