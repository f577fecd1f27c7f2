/* conformance.h: shared by the C conformance runner and its catalogue
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <schedula-glib.h>

G_BEGIN_DECLS

/* Errors of catalogue functions: the code is the Python exception type the
 * reference raises, the message is str(exception). */
#define CONF_ERROR (conf_error_quark ())
GQuark conf_error_quark (void);

typedef enum {
  CONF_VALUE_ERROR,
  CONF_TYPE_ERROR,
  CONF_KEY_ERROR,
  CONF_ZERO_DIVISION_ERROR,
  CONF_OVERFLOW_ERROR,
  CONF_N_ERRORS
} ConfErrorCode;

const char *conf_error_type_name (int code);

/* Python tuples and lists as values */
typedef struct
{
  gboolean   tuple;
  GPtrArray *items;  /* GValue*, owned */
} ConfSeq;

#define CONF_TYPE_SEQ (conf_seq_get_type ())
GType    conf_seq_get_type (void);
ConfSeq *conf_seq_new      (gboolean tuple);
void     conf_seq_free     (ConfSeq *seq);
void     conf_seq_append   (ConfSeq *seq, const GValue *value);

/* Registers the value adapter that lets the library's helpers read ConfSeq
 * values as sequences (schedula_value_register_adapter) */
void     conf_register_adapters (void);

/* The function catalogue of SEMANTICS.md §0.3 */
SchedulaFunction *conf_catalogue_lookup (const char *name);
SchedulaFunction *conf_catalogue_create (const char *name);
SchedulaFunction *conf_const_function   (const char *name, const GValue *value);
SchedulaRaises    conf_raise_unless_value_or_key_error (const char *node_id, const GError *error, gpointer data);
gboolean          conf_catalogue_signature (const char *name, const char *const **params,
                                            guint *n_positional, const GValue **defaults);
#if SCHEDULA_HAS_IO
void              conf_catalogue_register (SchedulaFunctionRegistry *registry);
#endif
GPtrArray        *conf_callback_log     (void);
void              conf_catalogue_reset  (void);
void              conf_catalogue_free   (void);

/* Sets the result of a call from one Python-like value: the whole value for
 * one output, zipped for several. */
gboolean conf_set_result (SchedulaCall *call, const GValue *value, GError **error);

G_END_DECLS
