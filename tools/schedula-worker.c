/* schedula-worker: runs the calls of a process executor
 *
 * Started by the `parallel` and `parallel-pool` executors, one per call or
 * for many: it reads calls on its standard input and writes their results
 * on its standard output, in the protocol of
 * libschedula-glib/schedula-worker-private.h, until its input ends. A call
 * names its function by reference, `c:LIBRARY:SYMBOL`: the worker opens
 * LIBRARY with GModule (once) and calls SYMBOL, a SchedulaFunc, with a
 * SchedulaCall of the decoded inputs.
 *
 * A call of `parallel-dispatch` names a function wrapper (SubDispatch,
 * SubDispatchFunction, ...) `model:CHECKSUM` and carries it as a model file
 * (`model`, bytes) of one function node, "f": the worker loads it, with the
 * references of its functions allowed (the executor that sent it is this
 * worker's parent), and keeps it for the next calls of the same checksum.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <unistd.h>

#include <gmodule.h>
#include <schedula-glib.h>

#include "schedula-worker-private.h"

static GHashTable *functions;   /* reference -> SchedulaFunction */

/* The function of the model file @model: its node "f" */
static SchedulaFunction *
load_wrapper (GVariant  *model,
              GError   **error)
{
#if SCHEDULA_HAS_IO
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  SchedulaNode *node;

  if (model == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a model: call without its model");
      return NULL;
    }
  bytes = g_variant_get_data_as_bytes (model);
  dsp = schedula_dispatcher_new_from_bytes (bytes, NULL,
                                            SCHEDULA_LOAD_FLAGS_ALLOW_REFS | SCHEDULA_LOAD_FLAGS_ALLOW_CODECS,
                                            error);
  if (dsp == NULL)
    return NULL;
  node = schedula_dispatcher_lookup_node (dsp, "f");
  if (!SCHEDULA_IS_FUNCTION_NODE (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the model of the call has no function f");
      return NULL;
    }
  return g_object_ref (schedula_function_node_get_function (SCHEDULA_FUNCTION_NODE (node)));
#else
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "this worker is built without model files (the io feature)");
  return NULL;
#endif
}

static SchedulaFunction *
resolve (const char  *ref,
         GVariant    *model,
         GError     **error)
{
  SchedulaFunction *f = g_hash_table_lookup (functions, ref);

  if (f == NULL)
    {
      if (g_str_has_prefix (ref, "model:"))
        f = load_wrapper (model, error);
      else
        f = schedula_function_new_for_ref (ref, error);
      if (f != NULL)
        g_hash_table_insert (functions, g_strdup (ref), f);
    }
  return f;
}

/* Runs one call; the fields of its result */
static GVariant *
run_call (GVariant *fields)
{
  g_autoptr(GVariant) inputs = g_variant_lookup_value (fields, "inputs", G_VARIANT_TYPE ("a(sv)"));
  g_autoptr(GVariant) model = g_variant_lookup_value (fields, "model", G_VARIANT_TYPE_BYTESTRING);
  g_autoptr(SchedulaCall) call = schedula_call_new ();
  g_autoptr(GError) error = NULL;
  GVariantBuilder result;
  const char *ref = NULL;
  const char *node_id = NULL;
  guint64 id = 0;
  guint32 n_outputs = 0;
  SchedulaFunction *f;
  gboolean ok = FALSE;

  g_variant_lookup (fields, "id", "t", &id);
  g_variant_lookup (fields, "function", "&s", &ref);
  g_variant_lookup (fields, "n_outputs", "u", &n_outputs);
  if (g_variant_lookup (fields, "node_id", "&s", &node_id))
    schedula_call_set_node_id (call, node_id);
  g_variant_builder_init (&result, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&result, "{sv}", "id", g_variant_new_uint64 (id));

  f = ref != NULL ? resolve (ref, model, &error) : NULL;
  if (f != NULL &&
      (inputs != NULL ? schedula_call_decode_inputs (call, inputs, n_outputs, &error)
                      : schedula_call_set_inputs (call, NULL, 0, n_outputs, &error)))
    ok = schedula_function_invoke (f, call, &error);
  if (ok)
    {
      GVariant *outputs = schedula_call_encode_outputs (call, &error);

      if (outputs != NULL)
        {
          g_variant_builder_add (&result, "{sv}", "outputs", outputs);
          g_variant_unref (outputs);
        }
      else
        ok = FALSE;
    }
  g_variant_builder_add (&result, "{sv}", "ok", g_variant_new_boolean (ok));
  if (!ok)
    {
      if (error == NULL)
        g_set_error (&error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                     "the function failed");
      g_variant_builder_add (&result, "{sv}", "error_domain",
                             g_variant_new_string (g_quark_to_string (error->domain)));
      g_variant_builder_add (&result, "{sv}", "error_code", g_variant_new_int32 (error->code));
      g_variant_builder_add (&result, "{sv}", "error_message", g_variant_new_string (error->message));
    }
  return g_variant_builder_end (&result);
}

int
main (int    argc,
      char **argv)
{
  functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) message = _schedula_worker_read (STDIN_FILENO, 0, NULL, &error);
      g_autoptr(GVariant) fields = NULL;
      const char *kind;

      if (message == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
            break;  /* the executor is done with us */
          g_printerr ("schedula-worker: %s\n", error->message);
          return 1;
        }
      g_variant_get (message, "(&s@a{sv})", &kind, &fields);
      if (!g_str_equal (kind, "call"))
        {
          g_printerr ("schedula-worker: unknown message %s\n", kind);
          return 1;
        }
      if (!_schedula_worker_write (STDOUT_FILENO, "result", run_call (fields), &error))
        {
          g_printerr ("schedula-worker: %s\n", error->message);
          return 1;
        }
    }
  g_hash_table_unref (functions);
  return 0;
}
