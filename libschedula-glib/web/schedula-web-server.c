/* schedula-web-server.c: a model served over HTTP (schedula's dsp.web())
 *
 * A SoupServer in the main context of the thread that calls listen(). Each
 * message gets an Exchange (its data, from the first byte of its request
 * to its end): a timer bounds the time the client takes to send the
 * request, the chunks of its body are counted against the size limit, and
 * the early handler refuses what it can before the body is read (a bad
 * token, a Content-Length over the limit, a path without an endpoint). The
 * handler then reads the request (schedula-web-request.c) and starts a Job:
 * the message is paused while the dispatch or the call runs in a thread,
 * and a second timer cancels it when it outlives the timeout. A refusal
 * the client cannot wait for (it trickles its request, or sends much more
 * than the limit) takes the connection from libsoup, writes the response
 * and closes it.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>


#include <libsoup/soup.h>

#include "schedula-web-private.h"
#include "schedula-call-private.h"
#include "schedula-sub-dispatch-private.h"

/**
 * SchedulaWebServer:
 *
 * A model served over HTTP, as schedula's `dsp.web()`: each function node
 * and each sub-dispatcher of the model is an endpoint that a `POST` with a
 * JSON body calls.
 *
 * The endpoints ([method@WebServer.list_endpoints]) are the model by its
 * name (`model`), its function nodes (`model/fun`), its sub-dispatcher nodes
 * (`model/sub`) and, [property@WebServer:depth] levels down, the function
 * and sub-dispatcher nodes of the sub-dispatchers and of the function
 * wrappers that dispatch a model ([class@SubDispatch] and the others, which
 * are endpoints and folders both). A node whose id has a `/` has none.
 *
 * - `POST /` and `POST /model` dispatch the model with the body
 *   `{"args": [...], "kwargs": {...}}` (both optional; an empty body gives
 *   no arguments): the arguments of schedula's `dispatch()`, `inputs`,
 *   `outputs`, `inputs_dist`, `wildcard`, `no_call`, `shrink`,
 *   `rm_unused_nds` and `select_output_kw` (`keys`, `output_type`). The
 *   return is the solution, `{id: value}`, or what `select_output_kw`
 *   selects. `POST /model/sub` dispatches a sub-dispatcher the same way.
 * - `POST /model/fun` calls the function of a node: `args` by position,
 *   `kwargs` by the ids of the node's inputs (a wrapper takes its own
 *   keywords). The return is the value of its one output, or the list of
 *   its outputs.
 * - `GET /` describes the model in JSON: its name, description, nodes (the
 *   defaults of its data nodes that JSON can hold), the ids a request may
 *   give as inputs and ask for as outputs, and the endpoints. `GET /plot`
 *   is its HTML view ([method@PlotMap.to_html]) in a library built with
 *   plots and graphviz, a 404 otherwise.
 *
 * A dispatch or a call that runs answers with status 200 and a JSON object
 * of the members that the query `?data=` names (comma separated, by
 * default `return,error`): `input` (the request), `return` (what the
 * dispatch or the function returned) and `error` (the message of its
 * failure). Values are JSON as model files hold them: plain JSON for the
 * library's own values, `{"$type": ..., "$value": ...}` for other
 * GVariants, never the values of codecs: a request runs no code but the
 * model's.
 *
 * A request that cannot run gets the status of its [error@WebError] and
 * the body `{"error": MESSAGE, "field": FIELD}`: a body that is not JSON
 * (400, the message names the line and column), a member of the wrong type
 * (400), a path without an endpoint (404), a method the path does not take
 * (405), a missing or wrong bearer token when [property@WebServer:token]
 * is set (401), a body over [property@WebServer:max-request-size] (413), an
 * unknown keyword or an id the model does not have (422), a client that
 * does not send its request within [property@WebServer:timeout] (408, and
 * the connection is closed), a dispatch or a call that outlives it (504:
 * it is cancelled through its #GCancellable).
 *
 * The server serves in the thread-default main context of the thread that
 * called [method@WebServer.listen], and uses it from that thread only. The
 * dispatches and calls run in threads (the dispatches with
 * [property@WebServer:executor]), each request while the others are
 * served; a running request keeps the server alive.
 *
 * |[<!-- language="C" -->
 * // A model with a function and a sub-dispatcher, served on a free port of
 * // 127.0.0.1; a client would POST {"args": [3]} to URL/model/twice.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * twice (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gint64 x;
 *
 *   if (!schedula_call_get_int64 (call, 0, &x, error))
 *     return FALSE;
 *   schedula_call_set_output_int64 (call, 0, 2 * x);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaDispatcher) child = schedula_dispatcher_new ("child");
 *   g_autoptr(SchedulaMapping) inputs = schedula_mapping_new ();
 *   g_autoptr(SchedulaMapping) outputs = schedula_mapping_new ();
 *   g_autoptr(SchedulaWebServer) server = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *url = NULL;
 *   g_auto(GStrv) endpoints = NULL;
 *
 *   schedula_dispatcher_add_function_full (dsp, "twice", twice, NULL, NULL, SCHEDULA_IDS ("a"),
 *                                          SCHEDULA_IDS ("b"), &error);
 *   g_assert_no_error (error);
 *   schedula_dispatcher_add_function_full (child, "again", twice, NULL, NULL, SCHEDULA_IDS ("x"),
 *                                          SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *   schedula_mapping_add (inputs, "b", "x");
 *   schedula_mapping_add (outputs, "y", "c");
 *   schedula_dispatcher_add_dispatcher (dsp, "child", child, inputs, outputs, &error);
 *   g_assert_no_error (error);
 *
 *   server = schedula_web_server_new (dsp);
 *   schedula_web_server_set_timeout (server, 10);
 *   if (!schedula_web_server_listen (server, NULL, 0, &error))
 *     g_error ("%s", error->message);
 *   url = schedula_web_server_dup_url (server);   // http://127.0.0.1:PORT/
 *   g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
 *   g_assert_cmpuint (schedula_web_server_get_port (server), >, 0);
 *
 *   endpoints = schedula_web_server_list_endpoints (server);
 *   g_assert_cmpstr (endpoints[0], ==, "model");
 *   g_assert_cmpstr (endpoints[1], ==, "model/child");
 *   g_assert_cmpstr (endpoints[2], ==, "model/child/again");
 *   g_assert_cmpstr (endpoints[3], ==, "model/twice");
 *   g_assert_null (endpoints[4]);
 *
 *   // A program would now run a GMainLoop of this thread's context:
 *   // g_main_loop_run (loop); until it is done serving.
 *   schedula_web_server_disconnect (server);
 *   g_assert_cmpuint (schedula_web_server_get_port (server), ==, 0);
 *   return 0;
 * }
 * ]|
 */

/* A body past the limit is read and dropped up to this much more, so that
 * the client, which sends its body before it reads, gets the response; a
 * client that sends more has its connection closed */
#define DISCARD_ALLOWANCE (1024 * 1024)

struct _SchedulaWebServer
{
  GObject             parent_instance;

  SchedulaDispatcher *dispatcher;
  char               *token;
  guint64             max_request_size;
  gdouble             timeout;
  char               *executor;
  int                 depth;

  SoupServer         *soup;
  GMainContext       *context;     /* of listen() */
  guint               port;
  char               *url;
  GPtrArray          *exchanges;   /* Exchange*: the messages being read or answered */
};

G_DEFINE_FINAL_TYPE (SchedulaWebServer, schedula_web_server, G_TYPE_OBJECT)

/**
 * schedula_web_error_quark:
 *
 * The error domain of the web server, %SCHEDULA_WEB_ERROR.
 *
 * Returns: the quark of the domain
 */
G_DEFINE_QUARK (schedula-web-error-quark, schedula_web_error)

enum {
  PROP_0,
  PROP_DISPATCHER,
  PROP_TOKEN,
  PROP_MAX_REQUEST_SIZE,
  PROP_TIMEOUT,
  PROP_EXECUTOR,
  PROP_DEPTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct _Job Job;

/* What the server knows of one message: the data of the message */
typedef struct
{
  SchedulaWebServer *server;        /* NULL once the server is disposed */
  SoupServerMessage *msg;           /* owns the exchange */
  GSource           *timer;         /* reading: 408; running: 504 */
  guint64            received;      /* bytes of body */
  guint              refused;       /* the status of a refusal set before the body is read */
  char              *refusal;       /* its body */
  gboolean           closing;       /* the connection is being taken and closed */
  gboolean           routed;
  SchedulaWebRoute   route;
  Job               *job;           /* running: the message is paused */
} Exchange;

typedef enum {
  JOB_DISPATCH,
  JOB_CALL,
  JOB_PLOT,
} JobKind;

struct _Job
{
  JobKind                  kind;
  SchedulaWebServer       *server;     /* a running request keeps the server */
  SoupServerMessage       *msg;        /* and its message, which keeps the exchange */
  Exchange                *exchange;
  GCancellable            *cancellable;
  gboolean                 answered;   /* 504, or the client is gone: the result is dropped */
  SchedulaWebRequest       request;
  SchedulaWebSelection     selection;
  SchedulaWebDispatchArgs  dispatch;
  SchedulaWebCallArgs      call;
  SchedulaFunctionNode    *node;
  SchedulaDispatcher      *dispatcher;
};

static const char exchange_key[] = "schedula-web-exchange";

/* Properties ---------------------------------------------------------------- */

static void
schedula_web_server_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SchedulaWebServer *self = SCHEDULA_WEB_SERVER (object);

  switch (prop_id)
    {
    case PROP_DISPATCHER:
      g_value_set_object (value, self->dispatcher);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    case PROP_MAX_REQUEST_SIZE:
      g_value_set_uint64 (value, self->max_request_size);
      break;
    case PROP_TIMEOUT:
      g_value_set_double (value, self->timeout);
      break;
    case PROP_EXECUTOR:
      g_value_set_string (value, self->executor);
      break;
    case PROP_DEPTH:
      g_value_set_int (value, self->depth);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_web_server_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SchedulaWebServer *self = SCHEDULA_WEB_SERVER (object);

  switch (prop_id)
    {
    case PROP_DISPATCHER:
      self->dispatcher = g_value_dup_object (value);
      break;
    case PROP_TOKEN:
      schedula_web_server_set_token (self, g_value_get_string (value));
      break;
    case PROP_MAX_REQUEST_SIZE:
      schedula_web_server_set_max_request_size (self, g_value_get_uint64 (value));
      break;
    case PROP_TIMEOUT:
      schedula_web_server_set_timeout (self, g_value_get_double (value));
      break;
    case PROP_EXECUTOR:
      schedula_web_server_set_executor (self, g_value_get_string (value));
      break;
    case PROP_DEPTH:
      schedula_web_server_set_depth (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Exchanges ------------------------------------------------------------------ */

static void
clear_timer (Exchange *exchange)
{
  if (exchange->timer != NULL)
    {
      g_source_destroy (exchange->timer);
      g_clear_pointer (&exchange->timer, g_source_unref);
    }
}

static void
exchange_free (gpointer data)
{
  Exchange *exchange = data;

  clear_timer (exchange);
  if (exchange->server != NULL)
    g_ptr_array_remove_fast (exchange->server->exchanges, exchange);
  if (exchange->routed)
    _schedula_web_route_clear (&exchange->route);
  g_free (exchange->refusal);
  g_free (exchange);
}

static Exchange *
exchange_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), exchange_key);
}

static void
start_timer (Exchange    *exchange,
             GSourceFunc  func)
{
  SchedulaWebServer *self = exchange->server;
  gdouble ms = ceil (self->timeout * 1000);

  clear_timer (exchange);
  if (self->timeout <= 0)
    return;
  exchange->timer = g_timeout_source_new (ms < G_MAXUINT ? (guint) ms : G_MAXUINT);
  g_source_set_name (exchange->timer, "[schedula-glib] web request timeout");
  g_source_set_callback (exchange->timer, func, exchange, NULL);
  g_source_attach (exchange->timer, self->context);
}

/* Responses ------------------------------------------------------------------- */

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         char              *body)   /* taken */
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

/* A response of an error of SCHEDULA_WEB_ERROR */
static void
respond_error (SoupServerMessage *msg,
               const GError      *error,
               const char        *field)
{
  respond (msg, _schedula_web_status (error->code), "application/json",
           _schedula_web_error_body (error->message, field));
}

/* Taking the connection: write the response and close it ------------------ */

typedef struct
{
  GIOStream *stream;
  GBytes    *response;
} Closing;

static void
closing_free (Closing *closing)
{
  g_clear_object (&closing->stream);
  g_clear_pointer (&closing->response, g_bytes_unref);
  g_free (closing);
}

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  closing_free (user_data);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Closing *closing = user_data;

  /* the client may be gone already: nothing to tell it */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (closing->stream, G_PRIORITY_DEFAULT, NULL, closed_cb, closing);
}

/* In the main context, out of libsoup's reading */
static gboolean
take_connection (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  Exchange *exchange = exchange_get (msg);
  Closing *closing;
  char *text;

  text = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n\r\n%s",
                          exchange->refused, soup_status_get_phrase (exchange->refused),
                          strlen (exchange->refusal), exchange->refusal);
  closing = g_new0 (Closing, 1);
  closing->response = g_bytes_new_take (text, strlen (text));
  closing->stream = soup_server_message_steal_connection (msg);
  if (closing->stream == NULL)
    closing_free (closing);
  else
    g_output_stream_write_all_async (g_io_stream_get_output_stream (closing->stream),
                                     g_bytes_get_data (closing->response, NULL),
                                     g_bytes_get_size (closing->response),
                                     G_PRIORITY_DEFAULT, NULL, written_cb, closing);
  return G_SOURCE_REMOVE;
}

/* Answers @msg with @code and closes its connection, at once: the request
 * is not read further */
static void
close_with (Exchange   *exchange,
            gint        code,
            const char *field,
            const char *message)
{
  SchedulaWebServer *self = exchange->server;
  GSource *idle;

  if (exchange->closing || self == NULL)
    return;
  exchange->closing = TRUE;
  clear_timer (exchange);
  if (message != NULL)
    {
      exchange->refused = _schedula_web_status (code);
      g_free (exchange->refusal);
      exchange->refusal = _schedula_web_error_body (message, field);
    }
  /* stop reading now, take the connection once libsoup is out of it */
  soup_server_message_pause (exchange->msg);
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_HIGH);
  g_source_set_name (idle, "[schedula-glib] web refusal");
  g_source_set_callback (idle, take_connection, g_object_ref (exchange->msg), g_object_unref);
  g_source_attach (idle, self->context);
  g_source_unref (idle);
}

/* Refuses the request before its body is read: the body is read and
 * dropped, and the response sent once it is */
static void
refuse (Exchange     *exchange,
        const GError *error,
        const char   *field)
{
  SoupServerMessage *msg = exchange->msg;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  exchange->refused = _schedula_web_status (error->code);
  g_free (exchange->refusal);
  exchange->refusal = _schedula_web_error_body (error->message, field);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_server_message_set_status (msg, exchange->refused, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    exchange->refusal, strlen (exchange->refusal));
}

/* Reading the request ---------------------------------------------------------- */

static gboolean
read_timeout_cb (gpointer user_data)
{
  Exchange *exchange = user_data;
  g_autofree char *message = NULL;

  g_clear_pointer (&exchange->timer, g_source_unref);
  message = g_strdup_printf ("body: the request did not arrive whole within %g s", exchange->server->timeout);
  close_with (exchange, SCHEDULA_WEB_ERROR_TIMEOUT, "body", message);
  return G_SOURCE_REMOVE;
}

static void
too_large (Exchange *exchange,
           guint64   size)
{
  g_autoptr(GError) error = NULL;

  g_set_error (&error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_TOO_LARGE,
               "body: the body has %" G_GUINT64_FORMAT " bytes or more; the server takes %"
               G_GUINT64_FORMAT " at most", size, exchange->server->max_request_size);
  refuse (exchange, error, "body");
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Exchange *exchange = user_data;
  SchedulaWebServer *self = exchange->server;
  guint64 limit;

  if (self == NULL || exchange->closing)
    return;
  exchange->received += g_bytes_get_size (chunk);
  limit = self->max_request_size;
  if (exchange->refused == 0 && exchange->received > limit)
    too_large (exchange, exchange->received);
  /* a refused request is read and dropped, up to the allowance */
  if (exchange->refused != 0 && exchange->received > limit + DISCARD_ALLOWANCE)
    close_with (exchange, 0, NULL, NULL);
}

/* The request is read (libsoup's handler of got-body, which calls the
 * server's handler, runs before this one) */
static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Exchange *exchange = user_data;

  if (exchange->job == NULL)
    clear_timer (exchange);
}

static void
cancel_job (Job *job)
{
  job->answered = TRUE;
  g_cancellable_cancel (job->cancellable);
}

static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Exchange *exchange = user_data;

  /* the client is gone, or the server stops: nobody waits for the job */
  clear_timer (exchange);
  if (exchange->job != NULL)
    cancel_job (exchange->job);
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  clear_timer (user_data);
}

static const char socket_key[] = "schedula-web-socket";

/* libsoup before 3.4 keeps a reference to each socket it accepts, which
 * nothing drops (libsoup commit b545d5f0, "soup-listener: Plug a leak"):
 * the first message of a connection drops it. It starts while libsoup
 * accepts the connection: the socket then has the reference of the
 * connection and, with such a libsoup, the one of the listener. */
static void
drop_accepted_reference (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL || g_object_get_data (G_OBJECT (socket), socket_key) != NULL)
    return;
  g_object_set_data (G_OBJECT (socket), socket_key, GINT_TO_POINTER (TRUE));
  if (!soup_check_version (3, 4, 0) && g_atomic_int_get (&G_OBJECT (socket)->ref_count) == 2)
    g_object_unref (socket);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  SchedulaWebServer *self = user_data;
  Exchange *exchange = g_new0 (Exchange, 1);

  drop_accepted_reference (msg);

  exchange->server = self;
  exchange->msg = msg;
  g_object_set_data_full (G_OBJECT (msg), exchange_key, exchange, exchange_free);
  g_ptr_array_add (self->exchanges, exchange);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), exchange);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), exchange);
  g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), exchange);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), exchange);
  start_timer (exchange, read_timeout_cb);
}

/* Whether @header is `Bearer TOKEN` with the server's token; compared in
 * a time that depends on the lengths only */
static gboolean
token_matches (const char *header,
               const char *token)
{
  gsize header_len, token_len;
  guint diff;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  header += 7;
  while (*header == ' ')
    header++;
  header_len = strlen (header);
  token_len = strlen (token);
  diff = header_len != token_len;
  for (gsize i = 0; i < token_len; i++)
    diff |= (guchar) token[i] ^ (guchar) header[i < header_len ? i : 0];
  return diff == 0;
}

/* After the headers, before the body */
static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SchedulaWebServer *self = user_data;
  Exchange *exchange = exchange_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  goffset length;

  if (exchange == NULL || exchange->closing)
    return;

  if (self->token != NULL)
    {
      const char *authorization = soup_message_headers_get_one (headers, "Authorization");

      if (!token_matches (authorization, self->token))
        {
          SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

          g_set_error_literal (&error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_UNAUTHORIZED,
                               authorization == NULL
                               ? "Authorization: the server wants a bearer token: Authorization: Bearer TOKEN"
                               : "Authorization: the bearer token is not the server's");
          soup_message_headers_replace (response_headers, "WWW-Authenticate",
                                        authorization == NULL
                                        ? "Bearer realm=\"schedula\""
                                        : "Bearer realm=\"schedula\", error=\"invalid_token\"");
          refuse (exchange, error, "Authorization");
          return;
        }
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (length = soup_message_headers_get_content_length (headers)) > 0 &&
      (guint64) length > self->max_request_size)
    {
      too_large (exchange, (guint64) length);
      /* more than the server drops: it does not wait for it */
      if ((guint64) length > self->max_request_size + DISCARD_ALLOWANCE)
        close_with (exchange, 0, NULL, NULL);
      return;
    }

  if (!_schedula_web_route (self->dispatcher, self->depth, soup_server_message_get_method (msg),
                            path, &exchange->route, &field, &error))
    {
      if (g_error_matches (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_METHOD))
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                      exchange->route.allow);
      refuse (exchange, error, field);
      return;
    }
  exchange->routed = TRUE;
}

/* Jobs ---------------------------------------------------------------------- */

static void
job_free (Job *job)
{
  if (job->exchange->job == job)
    {
      job->exchange->job = NULL;
      clear_timer (job->exchange);
    }
  _schedula_web_request_clear (&job->request);
  _schedula_web_dispatch_args_clear (&job->dispatch);
  _schedula_web_call_args_clear (&job->call);
  g_clear_object (&job->node);
  g_clear_object (&job->dispatcher);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job);
}

/* Sends the response of a job that ran */
static void
job_answer (Job        *job,
            guint       status,
            const char *content_type,
            char       *body)   /* taken */
{
  job->answered = TRUE;
  respond (job->msg, status, content_type, body);
  soup_server_message_unpause (job->msg);
}

/* The 200 of a dispatch or a call: its return or its error */
static void
job_answer_result (Job           *job,
                   const GValue  *values,
                   guint          n_values,
                   const GError  *failure)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *return_json = NULL;
  char *body;

  if (failure == NULL && (return_json = _schedula_web_outputs_json (values, n_values, &error)) == NULL)
    {
      job_answer (job, 500, "application/json", _schedula_web_error_body (error->message, "return"));
      return;
    }
  body = _schedula_web_response_body (&job->selection, &job->request, return_json,
                                      failure != NULL ? failure->message : NULL, &error);
  if (body == NULL)
    job_answer (job, 500, "application/json", _schedula_web_error_body (error->message, "input"));
  else
    job_answer (job, 200, "application/json", body);
}

static gboolean
run_timeout_cb (gpointer user_data)
{
  Exchange *exchange = user_data;
  Job *job = exchange->job;
  g_autoptr(GError) error = NULL;
  const char *what = job->kind == JOB_DISPATCH ? "the dispatch"
                     : job->kind == JOB_CALL ? "the call" : "the plot";

  g_clear_pointer (&exchange->timer, g_source_unref);
  g_set_error (&error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_GATEWAY_TIMEOUT,
               "%s of %s outlived the timeout of the request (%g s): it is cancelled",
               what, exchange->route.name != NULL ? exchange->route.name : "the model",
               exchange->server->timeout);
  g_cancellable_cancel (job->cancellable);
  job_answer (job, 504, "application/json", _schedula_web_error_body (error->message, NULL));
  return G_SOURCE_REMOVE;
}

static void
dispatch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaSolution) sol = NULL;
  GValue *selected = NULL;
  GValue value = G_VALUE_INIT;

  sol = schedula_dispatcher_dispatch_finish (SCHEDULA_DISPATCHER (source), result, &error);
  if (job->answered)
    {
      job_free (job);
      return;
    }
  if (sol != NULL && job->dispatch.select)
    selected = schedula_solution_select_outputs (sol, (const char *const *) job->dispatch.select_keys,
                                                 job->dispatch.select_type, &error);
  else if (sol != NULL)
    g_value_set_object (g_value_init (&value, SCHEDULA_TYPE_SOLUTION), sol);
  if (selected != NULL)
    job_answer_result (job, selected, 1, NULL);
  else if (G_IS_VALUE (&value))
    job_answer_result (job, &value, 1, NULL);
  else
    job_answer_result (job, NULL, 0, error);
  if (selected != NULL)
    g_boxed_free (G_TYPE_VALUE, selected);
  if (G_IS_VALUE (&value))
    g_value_unset (&value);
  job_free (job);
}

/* The outputs of a call, in its thread */
typedef struct
{
  GValue *values;
  guint   n_values;
} Outputs;

static void
outputs_free (Outputs *outputs)
{
  for (guint i = 0; i < outputs->n_values; i++)
    g_value_unset (&outputs->values[i]);
  g_free (outputs->values);
  g_free (outputs);
}

static void
call_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  SchedulaFunction *function = schedula_function_node_get_function (job->node);
  guint n_outputs = MAX (schedula_function_node_get_n_outputs (job->node), 1);
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  GError *error = NULL;
  Outputs *outputs;

  schedula_call_set_node_id (call, schedula_node_get_id (SCHEDULA_NODE (job->node)));
  if (!schedula_call_set_inputs (call, job->call.values, job->call.n_values, n_outputs, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  schedula_call_set_keywords (call, job->call.keywords);
  g_set_object (&call->cancellable, cancellable);
  if (!schedula_function_invoke (function, call, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (call->has_bad_output)
    {
      g_task_return_new_error (task, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
                               "the function of %s set output %u of %u",
                               schedula_node_get_id (SCHEDULA_NODE (job->node)), call->bad_output, n_outputs);
      return;
    }
  outputs = g_new0 (Outputs, 1);
  outputs->n_values = n_outputs;
  outputs->values = g_new0 (GValue, n_outputs);
  for (guint i = 0; i < n_outputs; i++)
    {
      const GValue *v = schedula_call_get_output (call, i);

      if (v != NULL && G_IS_VALUE (v))
        {
          g_value_init (&outputs->values[i], G_VALUE_TYPE (v));
          g_value_copy (v, &outputs->values[i]);
        }
      else
        schedula_value_init_none (&outputs->values[i]);
    }
  g_task_return_pointer (task, outputs, (GDestroyNotify) outputs_free);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  Outputs *outputs = g_task_propagate_pointer (G_TASK (result), &error);

  if (!job->answered)
    {
      if (outputs != NULL)
        job_answer_result (job, outputs->values, outputs->n_values, NULL);
      else
        job_answer_result (job, NULL, 0, error);
    }
  if (outputs != NULL)
    outputs_free (outputs);
  job_free (job);
}

static void
plot_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
#if SCHEDULA_HAS_PLOT
  Job *job = task_data;
  g_autoptr(SchedulaPlotMap) map = schedula_plot_map_new_for_dispatcher (job->dispatcher, NULL);
  GError *error = NULL;
  char *html = schedula_plot_map_to_html (map, &error);

  if (html != NULL)
    g_task_return_pointer (task, html, g_free);
  else
    g_task_return_error (task, error);
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no plots in this build");
#endif
}

static void
plot_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  char *html = g_task_propagate_pointer (G_TASK (result), &error);

  if (job->answered)
    g_free (html);
  else if (html != NULL)
    job_answer (job, 200, "text/html; charset=utf-8", html);
  else
    job_answer (job, 500, "application/json", _schedula_web_error_body (error->message, NULL));
  job_free (job);
}

static Job *
job_new (SchedulaWebServer *self,
         Exchange          *exchange,
         JobKind            kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->server = g_object_ref (self);
  job->msg = g_object_ref (exchange->msg);
  job->exchange = exchange;
  job->cancellable = g_cancellable_new ();
  return job;
}

/* The message waits for the job, which runs in a thread */
static void
job_start (Job *job)
{
  g_autoptr(GTask) task = NULL;

  job->exchange->job = job;
  soup_server_message_pause (job->msg);
  start_timer (job->exchange, run_timeout_cb);
  switch (job->kind)
    {
    case JOB_DISPATCH:
      schedula_dispatcher_dispatch_async (job->dispatcher, job->dispatch.inputs,
                                          (const char *const *) job->dispatch.outputs,
                                          job->dispatch.options, job->cancellable,
                                          dispatch_done_cb, job);
      break;
    case JOB_CALL:
    case JOB_PLOT:
      task = g_task_new (NULL, job->cancellable, job->kind == JOB_CALL ? call_done_cb : plot_done_cb, job);
      g_task_set_name (task, job->kind == JOB_CALL ? "[schedula-glib] web call" : "[schedula-glib] web plot");
      /* the job's own message says what was cancelled */
      g_task_set_check_cancellable (task, FALSE);
      g_task_set_task_data (task, job, NULL);
      g_task_run_in_thread (task, job->kind == JOB_CALL ? call_thread : plot_thread);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The handler ---------------------------------------------------------------- */

static void
serve_model (SchedulaWebServer *self,
             Exchange          *exchange)
{
  SoupServerMessage *msg = exchange->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SchedulaWebRoute *route = &exchange->route;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  const char *data;
  gsize length;
  Job *job;

  job = job_new (self, exchange, route->kind == SCHEDULA_WEB_ROUTE_CALL ? JOB_CALL : JOB_DISPATCH);
  data = g_bytes_get_data (body, &length);
  if (!_schedula_web_parse_selection (g_uri_get_query (soup_server_message_get_uri (msg)),
                                      &job->selection, &field, &error) ||
      !_schedula_web_request_parse (&job->request, data, length,
                                    soup_message_headers_get_one (headers, "Content-Encoding"),
                                    self->max_request_size, &field, &error) ||
      (job->kind == JOB_DISPATCH &&
       !_schedula_web_dispatch_args (&job->request, route->dispatcher, self->executor, &job->dispatch,
                                     &field, &error)) ||
      (job->kind == JOB_CALL &&
       !_schedula_web_call_args (&job->request, route->node, route->keywords, &job->call, &field, &error)))
    {
      respond_error (msg, error, field);
      job_free (job);
      return;
    }
  job->dispatcher = g_object_ref (route->dispatcher);
  if (route->node != NULL)
    job->node = g_object_ref (route->node);
  job_start (job);
}

static void
handler (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SchedulaWebServer *self = user_data;
  Exchange *exchange = exchange_get (msg);
  Job *job;

  /* read: the time to read it is over */
  if (exchange != NULL)
    clear_timer (exchange);
  if (exchange == NULL || !exchange->routed)
    {
      respond (msg, 404, "application/json", _schedula_web_error_body ("no endpoint has this path", "path"));
      return;
    }
  switch (exchange->route.kind)
    {
    case SCHEDULA_WEB_ROUTE_DESCRIBE:
      respond (msg, 200, "application/json", _schedula_web_describe (self->dispatcher, self->depth));
      break;
    case SCHEDULA_WEB_ROUTE_PLOT:
      if (!SCHEDULA_HAS_PLOT || !SCHEDULA_HAS_GRAPHVIZ)
        {
          respond (msg, 404, "application/json",
                   _schedula_web_error_body ("/plot: the HTML view needs a library built with plots "
                                             "and graphviz", "path"));
          break;
        }
      job = job_new (self, exchange, JOB_PLOT);
      job->dispatcher = g_object_ref (self->dispatcher);
      job_start (job);
      break;
    case SCHEDULA_WEB_ROUTE_DISPATCH:
    case SCHEDULA_WEB_ROUTE_CALL:
    default:
      serve_model (self, exchange);
    }
}

/* The object ------------------------------------------------------------------ */

static void
schedula_web_server_constructed (GObject *object)
{
  SchedulaWebServer *self = SCHEDULA_WEB_SERVER (object);

  G_OBJECT_CLASS (schedula_web_server_parent_class)->constructed (object);

  if (self->dispatcher == NULL)
    self->dispatcher = schedula_dispatcher_new (NULL);
  self->soup = soup_server_new ("server-header", "libschedula-glib/" PACKAGE_VERSION " ", NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler, self, NULL);
}

static void
schedula_web_server_dispose (GObject *object)
{
  SchedulaWebServer *self = SCHEDULA_WEB_SERVER (object);

  if (self->soup != NULL)
    schedula_web_server_disconnect (self);
  /* the messages libsoup still has (they end with their connections) */
  for (guint i = 0; i < self->exchanges->len; i++)
    {
      Exchange *exchange = self->exchanges->pdata[i];

      clear_timer (exchange);
      exchange->server = NULL;
    }
  g_ptr_array_set_size (self->exchanges, 0);
  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      g_clear_object (&self->soup);
    }

  G_OBJECT_CLASS (schedula_web_server_parent_class)->dispose (object);
}

static void
schedula_web_server_finalize (GObject *object)
{
  SchedulaWebServer *self = SCHEDULA_WEB_SERVER (object);

  g_clear_object (&self->dispatcher);
  g_free (self->token);
  g_free (self->executor);
  g_free (self->url);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_ptr_array_unref (self->exchanges);

  G_OBJECT_CLASS (schedula_web_server_parent_class)->finalize (object);
}

static void
schedula_web_server_class_init (SchedulaWebServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = schedula_web_server_constructed;
  object_class->dispose = schedula_web_server_dispose;
  object_class->finalize = schedula_web_server_finalize;
  object_class->get_property = schedula_web_server_get_property;
  object_class->set_property = schedula_web_server_set_property;

  /**
   * SchedulaWebServer:dispatcher:
   *
   * The model the server serves.
   */
  properties[PROP_DISPATCHER] =
    g_param_spec_object ("dispatcher", NULL, NULL, SCHEDULA_TYPE_DISPATCHER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaWebServer:token:
   *
   * The bearer token every request must carry (`Authorization: Bearer
   * TOKEN`), or %NULL for none. A request without it, or with another
   * one, gets a 401 and `WWW-Authenticate: Bearer`.
   */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaWebServer:max-request-size:
   *
   * The largest body a request may have, in bytes (1 MiB by default),
   * once decompressed for a gzip body. A larger one gets a 413: refused
   * from its Content-Length before it is read, or once its chunks pass the
   * limit; a body much larger than the limit (1 MiB more) is not read to
   * its end, and the connection is closed after the response.
   */
  properties[PROP_MAX_REQUEST_SIZE] =
    g_param_spec_uint64 ("max-request-size", NULL, NULL, 0, G_MAXUINT64 / 2, 1024 * 1024,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaWebServer:timeout:
   *
   * The seconds a client has to send its request (a 408 after them, and
   * the connection is closed), and again the seconds its dispatch or call
   * may run (a 504 after them, and the run is cancelled through its
   * #GCancellable: a function that does not look at
   * [method@Call.get_cancellable] runs to its end, its result dropped).
   * 60 by default; 0 for no limit.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_double ("timeout", NULL, NULL, 0, G_MAXDOUBLE, 60,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaWebServer:executor:
   *
   * The executor of the dispatches (see [class@Executor]): `async` by
   * default; %NULL for the model's own. The dispatch itself runs in a
   * thread whatever the executor, and so do the calls of function nodes,
   * so that the server answers other requests meanwhile.
   */
  properties[PROP_EXECUTOR] =
    g_param_spec_string ("executor", NULL, NULL, "async",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaWebServer:depth:
   *
   * How many levels of sub-dispatchers (and of the models of function
   * wrappers) have endpoints for their nodes: -1 (the default) for all of
   * them, 0 for the nodes of the model only.
   */
  properties[PROP_DEPTH] =
    g_param_spec_int ("depth", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_web_server_init (SchedulaWebServer *self)
{
  self->max_request_size = 1024 * 1024;
  self->timeout = 60;
  self->executor = g_strdup ("async");
  self->depth = -1;
  self->exchanges = g_ptr_array_new ();
}

/* API ------------------------------------------------------------------------------ */

/**
 * schedula_web_server_new:
 * @dispatcher: the model to serve
 *
 * Makes a server of @dispatcher; it serves once
 * [method@WebServer.listen] is called.
 *
 * Returns: (transfer full): the server
 */
SchedulaWebServer *
schedula_web_server_new (SchedulaDispatcher *dispatcher)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (dispatcher), NULL);

  return g_object_new (SCHEDULA_TYPE_WEB_SERVER, "dispatcher", dispatcher, NULL);
}

/**
 * schedula_web_server_get_dispatcher:
 * @self: a #SchedulaWebServer
 *
 * Gets the model the server serves.
 *
 * Returns: (transfer none): the model
 */
SchedulaDispatcher *
schedula_web_server_get_dispatcher (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), NULL);

  return self->dispatcher;
}

/**
 * schedula_web_server_get_token:
 * @self: a #SchedulaWebServer
 *
 * Gets [property@WebServer:token].
 *
 * Returns: (nullable): the bearer token, or %NULL
 */
const char *
schedula_web_server_get_token (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), NULL);

  return self->token;
}

/**
 * schedula_web_server_set_token:
 * @self: a #SchedulaWebServer
 * @token: (nullable): the bearer token, or %NULL for none
 *
 * Sets [property@WebServer:token].
 */
void
schedula_web_server_set_token (SchedulaWebServer *self,
                               const char        *token)
{
  g_return_if_fail (SCHEDULA_IS_WEB_SERVER (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

/**
 * schedula_web_server_get_max_request_size:
 * @self: a #SchedulaWebServer
 *
 * Gets [property@WebServer:max-request-size].
 *
 * Returns: the largest body, in bytes
 */
guint64
schedula_web_server_get_max_request_size (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), 0);

  return self->max_request_size;
}

/**
 * schedula_web_server_set_max_request_size:
 * @self: a #SchedulaWebServer
 * @max_request_size: the largest body, in bytes
 *
 * Sets [property@WebServer:max-request-size].
 */
void
schedula_web_server_set_max_request_size (SchedulaWebServer *self,
                                          guint64            max_request_size)
{
  g_return_if_fail (SCHEDULA_IS_WEB_SERVER (self));
  g_return_if_fail (max_request_size <= G_MAXUINT64 / 2);

  if (self->max_request_size == max_request_size)
    return;
  self->max_request_size = max_request_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_REQUEST_SIZE]);
}

/**
 * schedula_web_server_get_timeout:
 * @self: a #SchedulaWebServer
 *
 * Gets [property@WebServer:timeout].
 *
 * Returns: the timeout in seconds, or 0
 */
gdouble
schedula_web_server_get_timeout (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), 0);

  return self->timeout;
}

/**
 * schedula_web_server_set_timeout:
 * @self: a #SchedulaWebServer
 * @timeout: the seconds, or 0 for no limit
 *
 * Sets [property@WebServer:timeout]; it applies to the requests that
 * start after.
 */
void
schedula_web_server_set_timeout (SchedulaWebServer *self,
                                 gdouble            timeout)
{
  g_return_if_fail (SCHEDULA_IS_WEB_SERVER (self));
  g_return_if_fail (timeout >= 0 && !isnan (timeout));

  if (self->timeout == timeout)
    return;
  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * schedula_web_server_get_executor:
 * @self: a #SchedulaWebServer
 *
 * Gets [property@WebServer:executor].
 *
 * Returns: (nullable): the name of the executor of the dispatches
 */
const char *
schedula_web_server_get_executor (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), NULL);

  return self->executor;
}

/**
 * schedula_web_server_set_executor:
 * @self: a #SchedulaWebServer
 * @executor: (nullable): the name of an executor, or %NULL for the model's
 *
 * Sets [property@WebServer:executor].
 */
void
schedula_web_server_set_executor (SchedulaWebServer *self,
                                  const char        *executor)
{
  g_return_if_fail (SCHEDULA_IS_WEB_SERVER (self));

  if (g_strcmp0 (self->executor, executor) == 0)
    return;
  g_free (self->executor);
  self->executor = g_strdup (executor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTOR]);
}

/**
 * schedula_web_server_get_depth:
 * @self: a #SchedulaWebServer
 *
 * Gets [property@WebServer:depth].
 *
 * Returns: the levels of sub-dispatchers with endpoints, -1 for all
 */
int
schedula_web_server_get_depth (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), -1);

  return self->depth;
}

/**
 * schedula_web_server_set_depth:
 * @self: a #SchedulaWebServer
 * @depth: the levels of sub-dispatchers with endpoints, -1 for all
 *
 * Sets [property@WebServer:depth].
 */
void
schedula_web_server_set_depth (SchedulaWebServer *self,
                               int                depth)
{
  g_return_if_fail (SCHEDULA_IS_WEB_SERVER (self));
  g_return_if_fail (depth >= -1);

  if (self->depth == depth)
    return;
  self->depth = depth;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH]);
}

/**
 * schedula_web_server_listen:
 * @self: a #SchedulaWebServer
 * @host: (nullable): the address or the name of the host to listen on;
 *   %NULL for 127.0.0.1
 * @port: the TCP port, or 0 for any free one
 * @error: return location for a #GError
 *
 * Listens, and serves in the thread-default main context of this thread
 * (run it: a #GMainLoop). A name is resolved, and the server listens on
 * its first IPv4 address, or its first address when it has none. A server listens on one address at a time:
 * [method@WebServer.disconnect] stops it.
 *
 * Returns: %TRUE when the server listens; %FALSE with @error set
 *   (%SCHEDULA_WEB_ERROR_LISTEN: a bad host or port, an address in use)
 */
gboolean
schedula_web_server_listen (SchedulaWebServer  *self,
                            const char         *host,
                            guint               port,
                            GError            **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  GSList *listeners;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *ip = NULL;

  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (host == NULL)
    host = "127.0.0.1";
  if (self->port != 0)
    {
      g_set_error (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN,
                   "cannot listen on %s: the server listens on %s already", host, self->url);
      return FALSE;
    }
  if (port > 65535)
    {
      g_set_error (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN,
                   "cannot listen on port %u: a TCP port is 0 to 65535", port);
      return FALSE;
    }
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      GList *addresses = g_resolver_lookup_by_name (resolver, host, NULL, &local_error);

      if (addresses == NULL)
        {
          g_set_error (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN,
                       "cannot listen on %s: %s", host, local_error->message);
          return FALSE;
        }
      /* its first IPv4 address, else its first address */
      for (GList *l = addresses; l != NULL && address == NULL; l = l->next)
        if (g_inet_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
          address = g_object_ref (l->data);
      if (address == NULL)
        address = g_object_ref (addresses->data);
      g_resolver_free_addresses (addresses);
    }
  socket_address = g_inet_socket_address_new (address, (guint16) port);
  if (!soup_server_listen (self->soup, socket_address, 0, &local_error))
    {
      g_set_error (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN,
                   "cannot listen on %s port %u: %s", host, port, local_error->message);
      return FALSE;
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  /* where it listens: the address of its socket (soup_server_get_uris ()
   * leaks the address in libsoup 3.2) */
  listeners = soup_server_get_listeners (self->soup);
  effective = g_socket_get_local_address (listeners->data, &local_error);
  g_slist_free (listeners);
  if (effective == NULL)
    {
      g_set_error (error, SCHEDULA_WEB_ERROR, SCHEDULA_WEB_ERROR_LISTEN,
                   "cannot listen on %s port %u: %s", host, port, local_error->message);
      soup_server_disconnect (self->soup);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (effective)));
  g_free (self->url);
  self->url = g_uri_join (G_URI_FLAGS_NONE, "http", NULL, ip, (gint) self->port, "/", NULL, NULL);
  return TRUE;
}

/**
 * schedula_web_server_get_port:
 * @self: a #SchedulaWebServer
 *
 * Gets the port the server listens on: the one it chose when
 * [method@WebServer.listen] was given 0.
 *
 * Returns: the port, or 0 when the server does not listen
 */
guint
schedula_web_server_get_port (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), 0);

  return self->port;
}

/**
 * schedula_web_server_dup_url:
 * @self: a #SchedulaWebServer
 *
 * Gets the URL of the server, `http://127.0.0.1:PORT/` when it listens on
 * the default address.
 *
 * Returns: (transfer full) (nullable): the URL, or %NULL when the server
 *   does not listen
 */
char *
schedula_web_server_dup_url (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), NULL);

  return g_strdup (self->url);
}

/**
 * schedula_web_server_list_endpoints:
 * @self: a #SchedulaWebServer
 *
 * Lists the endpoints of the model, sorted (schedula's rules of
 * `web()`): the model by its name (`dispatcher` when it has none, or one
 * with a `/`), and below it the function nodes and the sub-dispatchers. For the model
 * of Example 7.07 of the semantics: `model`, `model/bad`, `model/fun`,
 * `model/sub`, `model/sub/g`. A model whose sub-dispatchers share children
 * may have very many paths: the list stops at 65,536 of them (all are
 * served).
 *
 * Returns: (transfer full) (array zero-terminated=1): the endpoints
 */
char **
schedula_web_server_list_endpoints (SchedulaWebServer *self)
{
  g_return_val_if_fail (SCHEDULA_IS_WEB_SERVER (self), NULL);

  return _schedula_web_endpoints (self->dispatcher, self->depth);
}

/**
 * schedula_web_server_disconnect:
 * @self: a #SchedulaWebServer
 *
 * Stops the server: it stops listening, closes its connections and
 * cancels the dispatches and calls that run. It may listen again.
 */
void
schedula_web_server_disconnect (SchedulaWebServer *self)
{
  g_return_if_fail (SCHEDULA_IS_WEB_SERVER (self));

  for (guint i = 0; i < self->exchanges->len; i++)
    {
      Exchange *exchange = self->exchanges->pdata[i];

      clear_timer (exchange);
      if (exchange->job != NULL)
        cancel_job (exchange->job);
    }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  self->port = 0;
  g_clear_pointer (&self->url, g_free);
}
