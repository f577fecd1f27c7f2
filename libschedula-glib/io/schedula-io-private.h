/* schedula-io-private.h: what the files of the io feature share
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

#include "schedula-glib.h"

G_BEGIN_DECLS

/* What a file holds: schedula's content split */
typedef enum {
  SCHEDULA_CONTENT_MODEL,
  SCHEDULA_CONTENT_MAP,
  SCHEDULA_CONTENT_DEFAULTS,
} SchedulaContent;

/* A model file read by schedula-json-reader.c: the JSON tree, and where
 * each of its nodes starts in the text (a member's node: where its key
 * starts), for the messages. */
typedef struct
{
  char       *name;       /* the path, <stream> or <data> */
  GBytes     *text;
  JsonNode   *root;
  GHashTable *positions;  /* JsonNode* -> offset + 1 */
} SchedulaJsonDoc;

SchedulaJsonDoc *_schedula_json_doc_parse  (GBytes           *text,
                                            const char       *name,
                                            GError          **error);
void             _schedula_json_doc_free   (SchedulaJsonDoc  *doc);
void             _schedula_json_doc_error  (SchedulaJsonDoc  *doc,
                                            JsonNode         *node,
                                            GError          **error,
                                            gint              code,
                                            const char       *format,
                                            ...) G_GNUC_PRINTF (5, 6);
void             _schedula_json_doc_prefix (SchedulaJsonDoc  *doc,
                                            JsonNode         *node,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaJsonDoc, _schedula_json_doc_free)

/* Values in files (schedula-json-value.c) */
JsonNode *_schedula_json_from_value (const GValue      *value,
                                     GError           **error);
gboolean  _schedula_json_to_value   (SchedulaJsonDoc   *doc,
                                     JsonNode          *node,
                                     SchedulaLoadFlags  flags,
                                     GValue            *value,
                                     GError           **error);
JsonNode *_schedula_json_double     (gdouble            d);
gboolean  _schedula_json_get_double (SchedulaJsonDoc   *doc,
                                     JsonNode          *node,
                                     gdouble           *d,
                                     GError           **error);

/* Saving (schedula-model-save.c) */
JsonNode *_schedula_model_to_json    (SchedulaDispatcher  *dsp,
                                      SchedulaContent      content,
                                      GError             **error);
GBytes   *_schedula_model_to_bytes   (SchedulaDispatcher  *dsp,
                                      SchedulaContent      content,
                                      GError             **error);

/* Loading (schedula-model-load.c) */
SchedulaDispatcher *_schedula_model_from_doc     (SchedulaJsonDoc           *doc,
                                                  SchedulaFunctionRegistry  *registry,
                                                  SchedulaLoadFlags          flags,
                                                  GError                   **error);
gboolean            _schedula_defaults_from_doc  (SchedulaJsonDoc           *doc,
                                                  SchedulaDispatcher        *dsp,
                                                  SchedulaLoadFlags          flags,
                                                  GError                   **error);
gboolean            _schedula_map_from_doc       (SchedulaJsonDoc           *doc,
                                                  SchedulaDispatcher        *dsp,
                                                  SchedulaFunctionRegistry  *registry,
                                                  SchedulaLoadFlags          flags,
                                                  GError                   **error);

G_END_DECLS
