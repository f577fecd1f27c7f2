/* schedula-io-types.h: the error domain, flags and limits of model files
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#if !defined (SCHEDULA_INSIDE) && !defined (SCHEDULA_COMPILATION)
# error "Only <schedula-glib.h> can be included directly."
#endif

#include <glib-object.h>

#include "schedula-version-macros.h"

G_BEGIN_DECLS

/**
 * SCHEDULA_MODEL_FILE_FORMAT:
 *
 * The format of the model files this library writes and reads: the value
 * of their `format` member.
 */
#define SCHEDULA_MODEL_FILE_FORMAT "schedula-model/1"

/**
 * SCHEDULA_MODEL_FILE_MAX_SIZE:
 *
 * The largest model file (or stream, or bytes) the loaders read, in bytes:
 * 256 MiB. A larger one fails with %SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE
 * before it is read whole.
 */
#define SCHEDULA_MODEL_FILE_MAX_SIZE (256u * 1024u * 1024u)

/**
 * SCHEDULA_MODEL_FILE_MAX_STRING:
 *
 * The longest string of a model file, in bytes once decoded: 16 MiB. A
 * longer one fails with %SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE, naming the
 * line and column where it starts.
 */
#define SCHEDULA_MODEL_FILE_MAX_STRING (16u * 1024u * 1024u)

/**
 * SCHEDULA_MODEL_FILE_MAX_DEPTH:
 *
 * The deepest nesting of JSON arrays and objects a model file may have:
 * 2048, enough for the values of the library (which nest 1,000 levels at
 * most) and the file around them. Deeper nesting fails with
 * %SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP as soon as the reader gets there,
 * without recursing.
 */
#define SCHEDULA_MODEL_FILE_MAX_DEPTH 2048

/**
 * SCHEDULA_MODEL_FILE_ERROR:
 *
 * The error domain of the model files: what a file can get wrong, and what
 * a model file cannot hold.
 */
#define SCHEDULA_MODEL_FILE_ERROR (schedula_model_file_error_quark ())

/**
 * SchedulaModelFileError:
 * @SCHEDULA_MODEL_FILE_ERROR_PARSE: the text is not JSON: a syntax error, a
 *   byte sequence that is not UTF-8, a duplicate key in an object.
 * @SCHEDULA_MODEL_FILE_ERROR_FORMAT: the JSON is not a model file of the
 *   `schedula-model/1` format, or not of the content asked for: a missing
 *   or unknown member, a member of the wrong type, an unknown node kind, a
 *   duplicate node id.
 * @SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_ID: a member names something the file
 *   does not have: an edge or a default of a node that does not exist, a
 *   dispatcher that is not defined before it is used.
 * @SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION: a function stored by name is
 *   not in the registry, or no resolver takes a reference.
 * @SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED: the file names a function by
 *   reference, or holds a value of a codec, and the caller did not allow it
 *   (%SCHEDULA_LOAD_FLAGS_ALLOW_REFS, %SCHEDULA_LOAD_FLAGS_ALLOW_CODECS).
 * @SCHEDULA_MODEL_FILE_ERROR_VALUE: a value cannot be decoded (or, when
 *   saving, encoded): its codec is not registered, its data is not of its
 *   type, it has no encoded form.
 * @SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE: a file, a string or a number is
 *   beyond the limits (%SCHEDULA_MODEL_FILE_MAX_SIZE,
 *   %SCHEDULA_MODEL_FILE_MAX_STRING, 64-bit integers, finite doubles).
 * @SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP: JSON nesting deeper than
 *   %SCHEDULA_MODEL_FILE_MAX_DEPTH.
 * @SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED: saving: the model holds what a
 *   file cannot: a function with neither a reference nor a name, a raises
 *   function, a dispatcher that contains itself, a string that is not
 *   UTF-8.
 *
 * Error codes of the %SCHEDULA_MODEL_FILE_ERROR domain. The message of an
 * error of a file names it and the line and column of the offending member
 * (`model.json:12:7: ...`).
 */
typedef enum {
  SCHEDULA_MODEL_FILE_ERROR_PARSE,
  SCHEDULA_MODEL_FILE_ERROR_FORMAT,
  SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_ID,
  SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
  SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED,
  SCHEDULA_MODEL_FILE_ERROR_VALUE,
  SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
  SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP,
  SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED,
} SchedulaModelFileError;

/**
 * SchedulaLoadFlags:
 * @SCHEDULA_LOAD_FLAGS_NONE: functions are found by name in the registry
 *   only, and values are of the library's own types only.
 * @SCHEDULA_LOAD_FLAGS_ALLOW_REFS: functions stored by reference
 *   (`c:LIBRARY:SYMBOL`, `python:MODULE:QUALNAME`, ...) are resolved by the
 *   registry's resolvers: loading may open a library or import a module
 *   that the file names.
 * @SCHEDULA_LOAD_FLAGS_ALLOW_CODECS: values encoded by a codec
 *   ([class@Codec]) are decoded by it. A codec may run code the data names
 *   (the Python binding's `pickle` does): allow it for files you trust.
 *
 * What loading a model file may do beyond building the model. Without
 * flags, loading runs no code but the library's and the functions the
 * host put in the registry.
 */
typedef enum /*< flags >*/ {
  SCHEDULA_LOAD_FLAGS_NONE         = 0,
  SCHEDULA_LOAD_FLAGS_ALLOW_REFS   = 1 << 0,
  SCHEDULA_LOAD_FLAGS_ALLOW_CODECS = 1 << 1,
} SchedulaLoadFlags;

/**
 * SchedulaFunctionRole:
 * @SCHEDULA_FUNCTION_ROLE_FUNCTION: the function of a function node.
 * @SCHEDULA_FUNCTION_ROLE_INPUT_DOMAIN: the input domain of a function
 *   node: the node's inputs, a verdict.
 * @SCHEDULA_FUNCTION_ROLE_DISPATCHER_DOMAIN: the input domain of a
 *   sub-dispatcher node: one mapping of its inputs, a verdict.
 * @SCHEDULA_FUNCTION_ROLE_COMBINER: the combiner of a data node: one
 *   mapping of the estimations.
 * @SCHEDULA_FUNCTION_ROLE_CALLBACK: the callback of a data node.
 * @SCHEDULA_FUNCTION_ROLE_FILTER: a filter of a node.
 *
 * Where a function a model file names by reference goes: a binding's
 * resolver ([callback@RefResolver]) wraps a function of its language the
 * way that place calls it.
 */
typedef enum {
  SCHEDULA_FUNCTION_ROLE_FUNCTION,
  SCHEDULA_FUNCTION_ROLE_INPUT_DOMAIN,
  SCHEDULA_FUNCTION_ROLE_DISPATCHER_DOMAIN,
  SCHEDULA_FUNCTION_ROLE_COMBINER,
  SCHEDULA_FUNCTION_ROLE_CALLBACK,
  SCHEDULA_FUNCTION_ROLE_FILTER,
} SchedulaFunctionRole;

SCHEDULA_AVAILABLE_IN_ALL
GQuark schedula_model_file_error_quark (void);

G_END_DECLS
