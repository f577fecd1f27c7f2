/* schedula-web-server.h: a model served over HTTP (schedula's dsp.web())
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "schedula-version-macros.h"
#include "schedula-dispatcher.h"

G_BEGIN_DECLS

/**
 * SCHEDULA_WEB_ERROR:
 *
 * The error domain of the web server: what a request can get wrong, and a
 * server that cannot listen.
 */
#define SCHEDULA_WEB_ERROR (schedula_web_error_quark ())

/**
 * SchedulaWebError:
 * @SCHEDULA_WEB_ERROR_BAD_REQUEST: the request is malformed: its body is
 *   not JSON (the message names the line and column), or a member has the
 *   wrong type (HTTP 400).
 * @SCHEDULA_WEB_ERROR_UNAUTHORIZED: the server wants a bearer token and the
 *   request has none, or another one (HTTP 401).
 * @SCHEDULA_WEB_ERROR_NOT_FOUND: no endpoint has the path of the request
 *   (HTTP 404).
 * @SCHEDULA_WEB_ERROR_METHOD: the endpoint does not take the method of the
 *   request (HTTP 405).
 * @SCHEDULA_WEB_ERROR_TIMEOUT: the client did not finish sending its
 *   request within [property@WebServer:timeout] (HTTP 408); the server
 *   closes the connection.
 * @SCHEDULA_WEB_ERROR_TOO_LARGE: the body is larger than
 *   [property@WebServer:max-request-size] (HTTP 413).
 * @SCHEDULA_WEB_ERROR_UNPROCESSABLE: the request is well formed but names
 *   what the endpoint does not have: an unknown keyword of the dispatch,
 *   an input or an output that is not a data node, an input of a
 *   function that its node does not have (HTTP 422).
 * @SCHEDULA_WEB_ERROR_GATEWAY_TIMEOUT: the dispatch or the call outlived
 *   [property@WebServer:timeout]: it was cancelled (HTTP 504).
 * @SCHEDULA_WEB_ERROR_LISTEN: the server cannot listen: a bad host or
 *   port, an address in use.
 *
 * Error codes of the %SCHEDULA_WEB_ERROR domain. A request that fails
 * gets the HTTP status of its code and a JSON body `{"error": MESSAGE,
 * "field": FIELD}`, where FIELD names what is wrong (`body`, `args`,
 * `kwargs`, `kwargs.inputs`, `data`, `Authorization`, ...) or is `null`.
 */
typedef enum {
  SCHEDULA_WEB_ERROR_BAD_REQUEST,
  SCHEDULA_WEB_ERROR_UNAUTHORIZED,
  SCHEDULA_WEB_ERROR_NOT_FOUND,
  SCHEDULA_WEB_ERROR_METHOD,
  SCHEDULA_WEB_ERROR_TIMEOUT,
  SCHEDULA_WEB_ERROR_TOO_LARGE,
  SCHEDULA_WEB_ERROR_UNPROCESSABLE,
  SCHEDULA_WEB_ERROR_GATEWAY_TIMEOUT,
  SCHEDULA_WEB_ERROR_LISTEN,
} SchedulaWebError;

SCHEDULA_AVAILABLE_IN_ALL
GQuark schedula_web_error_quark (void);

#define SCHEDULA_TYPE_WEB_SERVER (schedula_web_server_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SchedulaWebServer, schedula_web_server, SCHEDULA, WEB_SERVER, GObject)

SCHEDULA_AVAILABLE_IN_ALL
SchedulaWebServer  *schedula_web_server_new                  (SchedulaDispatcher  *dispatcher) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDispatcher *schedula_web_server_get_dispatcher       (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_web_server_get_token            (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_web_server_set_token            (SchedulaWebServer   *self,
                                                              const char          *token);
SCHEDULA_AVAILABLE_IN_ALL
guint64             schedula_web_server_get_max_request_size (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_web_server_set_max_request_size (SchedulaWebServer   *self,
                                                              guint64              max_request_size);
SCHEDULA_AVAILABLE_IN_ALL
gdouble             schedula_web_server_get_timeout          (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_web_server_set_timeout          (SchedulaWebServer   *self,
                                                              gdouble              timeout);
SCHEDULA_AVAILABLE_IN_ALL
const char         *schedula_web_server_get_executor         (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_web_server_set_executor         (SchedulaWebServer   *self,
                                                              const char          *executor);
SCHEDULA_AVAILABLE_IN_ALL
int                 schedula_web_server_get_depth            (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_web_server_set_depth            (SchedulaWebServer   *self,
                                                              int                  depth);
SCHEDULA_AVAILABLE_IN_ALL
gboolean            schedula_web_server_listen               (SchedulaWebServer   *self,
                                                              const char          *host,
                                                              guint                port,
                                                              GError             **error);
SCHEDULA_AVAILABLE_IN_ALL
guint               schedula_web_server_get_port             (SchedulaWebServer   *self);
SCHEDULA_AVAILABLE_IN_ALL
char               *schedula_web_server_dup_url              (SchedulaWebServer   *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
char              **schedula_web_server_list_endpoints       (SchedulaWebServer   *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
void                schedula_web_server_disconnect           (SchedulaWebServer   *self);

G_END_DECLS
