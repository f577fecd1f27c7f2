/* schedula-io-private.h: what the files of the io feature share
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-glib.h"

G_BEGIN_DECLS

/* What a file holds: schedula's content split */
typedef enum {
  SCHEDULA_CONTENT_MODEL,
  SCHEDULA_CONTENT_MAP,
  SCHEDULA_CONTENT_DEFAULTS,
} SchedulaContent;

/* Reading (schedula-json-reader.c) */

typedef enum {
  SCHEDULA_JSON_NULL,
  SCHEDULA_JSON_BOOLEAN,
  SCHEDULA_JSON_INT,
  SCHEDULA_JSON_DOUBLE,
  SCHEDULA_JSON_STRING,
  SCHEDULA_JSON_ARRAY,
  SCHEDULA_JSON_OBJECT,
} SchedulaJsonKind;

/* A JSON value of a document, 16 bytes. The elements of an array and the
 * members of an object are consecutive nodes of the document, in the
 * order of the text; a member's node has its key. Strings are in the
 * document's strings, nul-terminated (a string of a model file has no
 * NUL). */
typedef struct
{
  guint32 kind : 4;       /* SchedulaJsonKind */
  guint32 offset : 28;    /* where it starts in the text (a member: where
                           * its key starts); a text has 2^28 bytes at most */
  guint32 key;            /* a member: its key, in doc->strings */
  union
  {
    gint64   i;
    gdouble  d;
    gboolean b;
    guint32  s;           /* in doc->strings */
    struct
    {
      guint32 first;      /* in doc->nodes */
      guint32 n;
    } c;
  } v;
} SchedulaJsonNode;

/* A model file read by schedula-json-reader.c: its nodes, and where each
 * starts in the text, for the messages. */
typedef struct
{
  char                   *name;      /* the path, <stream> or <data> */
  GBytes                 *text;      /* or NULL when the text is ASCII: */
  guint32                *lines;     /* where its lines start, past the first */
  gsize                   n_lines;
  SchedulaJsonNode       *nodes;
  char                   *strings;
  const SchedulaJsonNode *root;
  GHashTable             *indexes;   /* a large object's first member -> its
                                      * members sorted by key (guint32 *),
                                      * made when a member is looked up */
} SchedulaJsonDoc;

SchedulaJsonDoc        *_schedula_json_doc_parse  (GBytes                  *text,
                                                   const char              *name,
                                                   GError                 **error);
void                    _schedula_json_doc_free   (SchedulaJsonDoc         *doc);
gboolean                _schedula_json_doc_error  (SchedulaJsonDoc         *doc,
                                                   const SchedulaJsonNode  *node,
                                                   GError                 **error,
                                                   gint                     code,
                                                   const char              *format,
                                                   ...) G_GNUC_PRINTF (5, 6);
const SchedulaJsonNode *_schedula_json_member     (SchedulaJsonDoc         *doc,
                                                   const SchedulaJsonNode  *object,
                                                   const char              *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaJsonDoc, _schedula_json_doc_free)

static inline const char *
_schedula_json_string (SchedulaJsonDoc        *doc,
                       const SchedulaJsonNode *node)
{
  return doc->strings + node->v.s;
}

static inline const char *
_schedula_json_key (SchedulaJsonDoc        *doc,
                    const SchedulaJsonNode *member)
{
  return doc->strings + member->key;
}

/* The number of elements or members of an array or an object */
static inline guint
_schedula_json_size (const SchedulaJsonNode *node)
{
  return node->v.c.n;
}

/* The element or member @i of an array or an object */
static inline const SchedulaJsonNode *
_schedula_json_child (SchedulaJsonDoc        *doc,
                      const SchedulaJsonNode *node,
                      guint                   i)
{
  return &doc->nodes[node->v.c.first + i];
}

/* Writing (schedula-json-writer.c): JSON as json-glib 1.6's generator
 * writes it, to the byte (the files saved before stay the files saved
 * now): pretty, two spaces of indent and "key" : value, or on one line */
typedef struct
{
  char       *data;        /* what is written */
  gsize       len;
  gsize       size;
  gboolean    pretty;
  gboolean    after_key;   /* a member's key is written: its value is next */
  GByteArray *open;        /* per open array or object: whether it has an item */
} SchedulaJsonWriter;

void  _schedula_json_writer_init        (SchedulaJsonWriter *w,
                                         gboolean            pretty);
void  _schedula_json_writer_clear       (SchedulaJsonWriter *w);
char *_schedula_json_writer_finish      (SchedulaJsonWriter *w,
                                         gsize              *len);
void  _schedula_json_writer_cut         (SchedulaJsonWriter *w,
                                         guint               depth);
void _schedula_json_write_begin_object  (SchedulaJsonWriter *w);
void _schedula_json_write_end_object    (SchedulaJsonWriter *w);
void _schedula_json_write_begin_array   (SchedulaJsonWriter *w);
void _schedula_json_write_end_array     (SchedulaJsonWriter *w);
void _schedula_json_write_key           (SchedulaJsonWriter *w,
                                         const char         *key);
void _schedula_json_write_string        (SchedulaJsonWriter *w,
                                         const char         *s);
void _schedula_json_write_int           (SchedulaJsonWriter *w,
                                         gint64              i);
void _schedula_json_write_number        (SchedulaJsonWriter *w,
                                         gdouble             d);
void _schedula_json_write_boolean       (SchedulaJsonWriter *w,
                                         gboolean            b);
void _schedula_json_write_null          (SchedulaJsonWriter *w);
void _schedula_json_write_newline       (SchedulaJsonWriter *w);

/* Values in files (schedula-json-value.c) */
gboolean  _schedula_json_write_value  (SchedulaJsonWriter      *w,
                                       const GValue            *value,
                                       GError                 **error);
void      _schedula_json_write_double (SchedulaJsonWriter      *w,
                                       gdouble                  d);
gboolean  _schedula_json_to_value     (SchedulaJsonDoc         *doc,
                                       const SchedulaJsonNode  *node,
                                       SchedulaLoadFlags        flags,
                                       GValue                  *value,
                                       GError                 **error);
gboolean  _schedula_json_get_double   (SchedulaJsonDoc         *doc,
                                       const SchedulaJsonNode  *node,
                                       gdouble                 *d,
                                       GError                 **error);
const char *_schedula_json_kind_name  (const SchedulaJsonNode  *node);

/* Saving (schedula-model-save.c) */
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
