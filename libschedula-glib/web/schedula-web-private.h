/* schedula-web-private.h: what the web server reads from requests and
 * models, and the JSON it writes
 *
 * schedula-web-request.c reads the requests (body, query, the arguments of
 * a dispatch or a call) and writes the bodies of the responses;
 * schedula-web-model.c finds the endpoint of a path and describes the
 * model. Both use the library's public API only: the fuzz target
 * (tests/fuzz/fuzz-web-request.c) compiles them into itself and drives
 * them without a server.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-glib.h"

G_BEGIN_DECLS

/* The most endpoints a server lists (a model whose sub-dispatchers share
 * children can have exponentially many paths): the others are served,
 * not listed */
#define SCHEDULA_WEB_MAX_ENDPOINTS 65536

/* The HTTP status of an error of SCHEDULA_WEB_ERROR */
guint    _schedula_web_status (gint          code);
/* Sets @error (@code of SCHEDULA_WEB_ERROR, the message after the name of
 * the field) and @field; returns FALSE */
gboolean _schedula_web_fail   (char        **field,
                               GError      **error,
                               gint          code,
                               const char   *field_name,
                               const char   *format,
                               ...) G_GNUC_PRINTF (5, 6);

/* ?data=: the members of a response, in the order asked for */
typedef enum {
  SCHEDULA_WEB_MEMBER_INPUT,
  SCHEDULA_WEB_MEMBER_RETURN,
  SCHEDULA_WEB_MEMBER_ERROR,
} SchedulaWebMember;

typedef struct
{
  SchedulaWebMember members[3];
  guint             n_members;
} SchedulaWebSelection;

gboolean _schedula_web_parse_selection (const char            *query,
                                        SchedulaWebSelection  *selection,
                                        char                 **field,
                                        GError               **error);

/* The body of a request: {"args": [...], "kwargs": {...}} */
typedef struct
{
  GValue        body;      /* the request JSON, a SchedulaDict; unset for an empty body */
  const GValue *args;      /* n_args values, inside body */
  guint         n_args;
  SchedulaDict *kwargs;    /* nullable, inside body */
} SchedulaWebRequest;

gboolean _schedula_web_request_parse (SchedulaWebRequest  *self,
                                      const char          *data,
                                      gsize                length,
                                      const char          *content_encoding,
                                      guint64              max_size,
                                      char               **field,
                                      GError             **error);
void     _schedula_web_request_clear (SchedulaWebRequest  *self);

/* The keywords of dispatch() a request gives */
typedef struct
{
  GHashTable              *inputs;        /* id -> GValue*, copies */
  char                   **outputs;       /* nullable */
  SchedulaDispatchOptions *options;
  gboolean                 select;        /* select_output_kw */
  char                   **select_keys;
  SchedulaOutputType       select_type;
} SchedulaWebDispatchArgs;

gboolean _schedula_web_dispatch_args       (const SchedulaWebRequest  *request,
                                            SchedulaDispatcher        *dispatcher,
                                            const char                *executor,
                                            SchedulaWebDispatchArgs   *args,
                                            char                     **field,
                                            GError                   **error);
void     _schedula_web_dispatch_args_clear (SchedulaWebDispatchArgs   *args);

/* The arguments of the call of a function node */
typedef struct
{
  GValue       *values;
  guint         n_values;
  SchedulaDict *keywords;  /* nullable: a wrapper's keywords */
} SchedulaWebCallArgs;

gboolean _schedula_web_call_args       (const SchedulaWebRequest  *request,
                                        SchedulaFunctionNode      *node,
                                        gboolean                   keywords,
                                        SchedulaWebCallArgs       *args,
                                        char                     **field,
                                        GError                   **error);
void     _schedula_web_call_args_clear (SchedulaWebCallArgs       *args);

/* The bodies of the responses */
void     _schedula_web_json_string   (GString                   *out,
                                      const char                *s);
char    *_schedula_web_error_body    (const char                *message,
                                      const char                *field);
char    *_schedula_web_value_json    (const GValue              *value,
                                      GError                   **error);
char    *_schedula_web_outputs_json  (const GValue              *values,
                                      guint                      n_values,
                                      GError                   **error);
char    *_schedula_web_response_body (const SchedulaWebSelection *selection,
                                      const SchedulaWebRequest   *request,
                                      const char                *return_json,
                                      const char                *error_message,
                                      GError                   **error);

/* Endpoints (schedula-web-model.c) */

/* The model a MapDispatch dispatches: schedula-web-server.c has it (the
 * library's private API), the fuzz target has none */

typedef enum {
  SCHEDULA_WEB_ROUTE_DESCRIBE,   /* GET /: the model */
  SCHEDULA_WEB_ROUTE_PLOT,       /* GET /plot: its HTML view */
  SCHEDULA_WEB_ROUTE_DISPATCH,   /* POST a dispatcher */
  SCHEDULA_WEB_ROUTE_CALL,       /* POST a function node */
} SchedulaWebRouteKind;

typedef struct
{
  SchedulaWebRouteKind  kind;
  SchedulaDispatcher   *dispatcher;  /* DISPATCH: the one to dispatch */
  SchedulaFunctionNode *node;        /* CALL */
  gboolean              keywords;    /* CALL: a wrapper, which takes keywords */
  char                 *name;        /* the endpoint, model/fun */
  const char           *allow;       /* the methods of the path (405) */
} SchedulaWebRoute;

gboolean  _schedula_web_route        (SchedulaDispatcher  *root,
                                      int                  depth,
                                      const char          *method,
                                      const char          *path,
                                      SchedulaWebRoute    *route,
                                      char               **field,
                                      GError             **error);
void      _schedula_web_route_clear  (SchedulaWebRoute    *route);
char    **_schedula_web_endpoints    (SchedulaDispatcher  *root,
                                      int                  depth);
char     *_schedula_web_describe     (SchedulaDispatcher  *root,
                                      int                  depth);

G_END_DECLS
