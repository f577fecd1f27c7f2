/* schedula-model-file.c: models saved to files and loaded back
 *
 * The API of the model files: where the text comes from and goes to
 * (files, streams, bytes, in threads or not). What the text says is in
 * schedula-model-save.c and schedula-model-load.c; docs/model-files.md
 * describes the format.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-io-private.h"

/* Reading, with the size limit */

#define CHUNK_SIZE (64 * 1024)

/* Reads @stream to its end; @size is what it likely holds (a file's
 * size), read into a buffer of that size and one byte more (the end is
 * found without growing it), or 0 */
static GBytes *
read_all (GInputStream  *stream,
          const char    *name,
          goffset        size,
          GCancellable  *cancellable,
          GError       **error)
{
  gsize expected = size > 0 ? (gsize) MIN (size, (goffset) SCHEDULA_MODEL_FILE_MAX_SIZE + 1) + 1 : 0;
  g_autoptr(GByteArray) data = g_byte_array_sized_new (expected);

  for (;;)
    {
      gsize before = data->len;
      gsize want = before < expected ? expected - before : CHUNK_SIZE;
      gssize n;

      g_byte_array_set_size (data, before + want);
      n = g_input_stream_read (stream, data->data + before, want, cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (data, before + n);
      if (n == 0)
        break;
      if (data->len > SCHEDULA_MODEL_FILE_MAX_SIZE)
        {
          g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE,
                       "%s: larger than %u bytes, the limit of a model file", name, SCHEDULA_MODEL_FILE_MAX_SIZE);
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static SchedulaJsonDoc *
parse_file (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autofree char *name = g_filename_display_name (path);

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  /* the size, when there is one, saves growing the buffer */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  text = read_all (G_INPUT_STREAM (stream), name,
                   info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
                     ? g_file_info_get_size (info) : 0,
                   NULL, error);
  if (text == NULL)
    return NULL;
  return _schedula_json_doc_parse (text, name, error);
}

static gboolean
write_file (const char  *path,
            GBytes      *text,
            GError     **error)
{
  gsize len;
  const char *data;

  if (text == NULL)
    return FALSE;
  data = g_bytes_get_data (text, &len);
  return g_file_set_contents (path, data, len, error);
}

/* The whole model */

/**
 * schedula_dispatcher_save_to_bytes:
 * @self: a #SchedulaDispatcher
 * @error: return location for a #GError
 *
 * Writes the model in the `schedula-model/1` format (JSON): its nodes and
 * their attributes, its edges, its defaults and its properties, with its
 * sub-dispatchers and the models of its function wrappers. Saving, loading
 * and saving again gives the same bytes.
 *
 * Functions are written by reference when they have one
 * ([property@Function:ref]), else by name, to be found in a
 * [class@FunctionRegistry] when the file is loaded; the helpers and
 * wrappers of the library are written with their parameters. Values are
 * encoded by the codecs ([func@value_encode]).
 *
 * |[<!-- language="C" -->
 * g_autoptr(GBytes) text = schedula_dispatcher_save_to_bytes (dsp, &error);
 *
 * if (text == NULL)
 *   g_printerr ("%s\n", error->message);
 * ]|
 *
 * Returns: (transfer full): the text of the file, or %NULL with @error set
 *   (%SCHEDULA_MODEL_FILE_ERROR_UNSUPPORTED for what a file cannot hold: a
 *   function without a reference or a name, a raises function, a
 *   dispatcher that dispatches itself; %SCHEDULA_MODEL_FILE_ERROR_VALUE for
 *   a value no codec encodes)
 */
GBytes *
schedula_dispatcher_save_to_bytes (SchedulaDispatcher  *self,
                                   GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _schedula_model_to_bytes (self, SCHEDULA_CONTENT_MODEL, error);
}

/**
 * schedula_dispatcher_save_to_file:
 * @self: a #SchedulaDispatcher
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes the model to @path, as [method@Dispatcher.save_to_bytes] writes
 * it (schedula's `save_dispatcher`). The file is replaced atomically.
 *
 * |[<!-- language="C" -->
 * // A model saved to a file and loaded back: the same solution.
 * #include <glib/gstdio.h>
 * #include <schedula-glib.h>
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaFunction) sum = schedula_summation_new ();
 *   g_autoptr(SchedulaDispatcher) loaded = NULL;
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *path = g_build_filename (g_get_tmp_dir (), "model-example.json", NULL);
 *   g_auto(GValue) one = G_VALUE_INIT;
 *
 *   g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
 *   schedula_dispatcher_add_data (dsp, "a", &one, &error);
 *   g_assert_no_error (error);
 *   schedula_dispatcher_add_function (dsp, "sum", sum, SCHEDULA_IDS ("a", "b"), SCHEDULA_IDS ("c"), &error);
 *   g_assert_no_error (error);
 *
 *   schedula_dispatcher_save_to_file (dsp, path, &error);
 *   g_assert_no_error (error);
 *   loaded = schedula_dispatcher_new_from_file (path, NULL, SCHEDULA_LOAD_FLAGS_NONE, &error);
 *   g_assert_no_error (error);
 *   g_remove (path);
 *
 *   sol = schedula_dispatcher_dispatch_variant (loaded, g_variant_new_parsed ("{'b': <2>}"),
 *                                               NULL, NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_cmpint (g_value_get_int64 (schedula_solution_lookup (sol, "c")), ==, 3);
 *   return 0;
 * }
 * ]|
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_save_to_file (SchedulaDispatcher  *self,
                                  const char          *path,
                                  GError             **error)
{
  g_autoptr(GBytes) text = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = _schedula_model_to_bytes (self, SCHEDULA_CONTENT_MODEL, error);
  return write_file (path, text, error);
}

/**
 * schedula_dispatcher_save_to_stream:
 * @self: a #SchedulaDispatcher
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the model to @stream, as [method@Dispatcher.save_to_bytes]
 * writes it. The stream is not closed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_save_to_stream (SchedulaDispatcher  *self,
                                    GOutputStream       *stream,
                                    GCancellable        *cancellable,
                                    GError             **error)
{
  g_autoptr(GBytes) text = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = _schedula_model_to_bytes (self, SCHEDULA_CONTENT_MODEL, error);
  if (text == NULL)
    return FALSE;
  data = g_bytes_get_data (text, &len);
  return g_output_stream_write_all (stream, data, len, NULL, cancellable, error);
}

static void
save_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * schedula_dispatcher_save_to_stream_async:
 * @self: a #SchedulaDispatcher
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the model is
 *   written
 * @user_data: data for @callback
 *
 * Writes the model to @stream without blocking: the text is made now, in
 * this thread (the model must not change while it is read), and written
 * asynchronously. @callback runs in the thread-default main context of
 * this call; it calls [method@Dispatcher.save_to_stream_finish].
 *
 * |[<!-- language="C" -->
 * static void
 * on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *
 *   if (!schedula_dispatcher_save_to_stream_finish (SCHEDULA_DISPATCHER (source), result, &error))
 *     g_printerr ("the model was not saved: %s\n", error->message);
 * }
 *
 * static void
 * save (SchedulaDispatcher *dsp, GOutputStream *stream)
 * {
 *   schedula_dispatcher_save_to_stream_async (dsp, stream, NULL, on_saved, NULL);
 * }
 * ]|
 */
void
schedula_dispatcher_save_to_stream_async (SchedulaDispatcher  *self,
                                          GOutputStream       *stream,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GBytes *text;
  GError *error = NULL;
  gsize len;
  gconstpointer data;

  g_return_if_fail (SCHEDULA_IS_DISPATCHER (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schedula_dispatcher_save_to_stream_async);
  text = _schedula_model_to_bytes (self, SCHEDULA_CONTENT_MODEL, &error);
  if (text == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, text, (GDestroyNotify) g_bytes_unref);
  data = g_bytes_get_data (text, &len);
  g_output_stream_write_all_async (stream, data, len, G_PRIORITY_DEFAULT, cancellable, save_written,
                                   g_steal_pointer (&task));
}

/**
 * schedula_dispatcher_save_to_stream_finish:
 * @self: a #SchedulaDispatcher
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Dispatcher.save_to_stream_async].
 *
 * Returns: %TRUE when the model was written, %FALSE with @error set
 */
gboolean
schedula_dispatcher_save_to_stream_finish (SchedulaDispatcher  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == schedula_dispatcher_save_to_stream_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * schedula_dispatcher_new_from_bytes:
 * @bytes: the text of a model file
 * @registry: (nullable): where to find the functions the file names; %NULL
 *   for the default registry ([func@FunctionRegistry.get_default])
 * @flags: what loading may do beyond building the model
 * @error: return location for a #GError
 *
 * Loads a model written by [method@Dispatcher.save_to_bytes] (schedula's
 * `load_dispatcher`). A function stored by name is looked up in @registry;
 * a function stored by reference is resolved by @registry only with
 * %SCHEDULA_LOAD_FLAGS_ALLOW_REFS, and a value of a codec is decoded only
 * with %SCHEDULA_LOAD_FLAGS_ALLOW_CODECS: without flags, loading runs no
 * code that the host did not register.
 *
 * The text may come from anywhere: whatever it holds, loading fails with
 * a #SCHEDULA_MODEL_FILE_ERROR that names the line and the column of the
 * member at fault (`<data>:3:5: ...`), never crashes, and stops at the
 * limits (%SCHEDULA_MODEL_FILE_MAX_SIZE, %SCHEDULA_MODEL_FILE_MAX_STRING,
 * %SCHEDULA_MODEL_FILE_MAX_DEPTH).
 *
 * |[<!-- language="C" -->
 * g_autoptr(GBytes) text = g_bytes_new_static ("{\"format\": \"schedula-model/1\"}", 30);
 * g_autoptr(SchedulaDispatcher) model =
 *   schedula_dispatcher_new_from_bytes (text, NULL, SCHEDULA_LOAD_FLAGS_NONE, &error);
 *
 * // <data>:1:1: a model file has no member "content"
 * if (model == NULL)
 *   g_printerr ("%s\n", error->message);
 * ]|
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_new_from_bytes (GBytes                    *bytes,
                                    SchedulaFunctionRegistry  *registry,
                                    SchedulaLoadFlags          flags,
                                    GError                   **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (registry == NULL || SCHEDULA_IS_FUNCTION_REGISTRY (registry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = _schedula_json_doc_parse (bytes, "<data>", error);
  if (doc == NULL)
    return NULL;
  return _schedula_model_from_doc (doc, registry, flags, error);
}

/**
 * schedula_dispatcher_new_from_file:
 * @path: (type filename): the file to read
 * @registry: (nullable): where to find the functions the file names; %NULL
 *   for the default registry
 * @flags: what loading may do beyond building the model
 * @error: return location for a #GError
 *
 * Loads the model of the file @path, as
 * [ctor@Dispatcher.new_from_bytes] does (schedula's `load_dispatcher`).
 * The errors name @path, the line and the column.
 *
 * |[<!-- language="C" -->
 * g_autoptr(SchedulaDispatcher) model =
 *   schedula_dispatcher_new_from_file ("model.json", NULL, SCHEDULA_LOAD_FLAGS_NONE, &error);
 * ]|
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_new_from_file (const char                *path,
                                   SchedulaFunctionRegistry  *registry,
                                   SchedulaLoadFlags          flags,
                                   GError                   **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (registry == NULL || SCHEDULA_IS_FUNCTION_REGISTRY (registry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_file (path, error);
  if (doc == NULL)
    return NULL;
  return _schedula_model_from_doc (doc, registry, flags, error);
}

/**
 * schedula_dispatcher_new_from_stream:
 * @stream: the stream to read, to its end
 * @registry: (nullable): where to find the functions the file names; %NULL
 *   for the default registry
 * @flags: what loading may do beyond building the model
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the model @stream holds, as [ctor@Dispatcher.new_from_bytes]
 * does. The stream is read to its end, and not closed.
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_new_from_stream (GInputStream              *stream,
                                     SchedulaFunctionRegistry  *registry,
                                     SchedulaLoadFlags          flags,
                                     GCancellable              *cancellable,
                                     GError                   **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (registry == NULL || SCHEDULA_IS_FUNCTION_REGISTRY (registry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = read_all (stream, "<stream>", 0, cancellable, error);
  if (text == NULL)
    return NULL;
  doc = _schedula_json_doc_parse (text, "<stream>", error);
  if (doc == NULL)
    return NULL;
  return _schedula_model_from_doc (doc, registry, flags, error);
}

typedef struct
{
  GInputStream             *stream;
  SchedulaFunctionRegistry *registry;
  SchedulaLoadFlags         flags;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *d = data;

  g_object_unref (d->stream);
  g_clear_object (&d->registry);
  g_free (d);
}

/* In a thread: the text, and its JSON */
static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  g_autoptr(GBytes) text = NULL;
  SchedulaJsonDoc *doc;
  GError *error = NULL;

  text = read_all (d->stream, "<stream>", 0, cancellable, &error);
  doc = text != NULL ? _schedula_json_doc_parse (text, "<stream>", &error) : NULL;
  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) _schedula_json_doc_free);
}

/**
 * schedula_dispatcher_new_from_stream_async:
 * @stream: the stream to read, to its end
 * @registry: (nullable): where to find the functions the file names; %NULL
 *   for the default registry
 * @flags: what loading may do beyond building the model
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the stream is
 *   read
 * @user_data: data for @callback
 *
 * Loads the model @stream holds without blocking: the stream is read and
 * its JSON parsed in a worker thread; @callback runs in the thread-default
 * main context of this call, and
 * [ctor@Dispatcher.new_from_stream_finish] builds the model there, in that
 * thread (the functions of the model, and the resolvers that make them,
 * belong to it).
 *
 * |[<!-- language="C" -->
 * static void
 * on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SchedulaDispatcher) model = schedula_dispatcher_new_from_stream_finish (result, &error);
 *
 *   if (model == NULL)
 *     g_printerr ("%s\n", error->message);
 * }
 *
 * static void
 * load (GInputStream *stream)
 * {
 *   schedula_dispatcher_new_from_stream_async (stream, NULL, SCHEDULA_LOAD_FLAGS_NONE, NULL,
 *                                              on_loaded, NULL);
 * }
 * ]|
 */
void
schedula_dispatcher_new_from_stream_async (GInputStream              *stream,
                                           SchedulaFunctionRegistry  *registry,
                                           SchedulaLoadFlags          flags,
                                           GCancellable              *cancellable,
                                           GAsyncReadyCallback        callback,
                                           gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *d;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (registry == NULL || SCHEDULA_IS_FUNCTION_REGISTRY (registry));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, schedula_dispatcher_new_from_stream_async);
  d = g_new0 (LoadData, 1);
  d->stream = g_object_ref (stream);
  d->registry = registry != NULL ? g_object_ref (registry) : NULL;
  d->flags = flags;
  g_task_set_task_data (task, d, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * schedula_dispatcher_new_from_stream_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [func@Dispatcher.new_from_stream_async]: builds the model, in
 * this thread.
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
SchedulaDispatcher *
schedula_dispatcher_new_from_stream_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;
  LoadData *d;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == schedula_dispatcher_new_from_stream_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = g_task_propagate_pointer (G_TASK (result), error);
  if (doc == NULL)
    return NULL;
  d = g_task_get_task_data (G_TASK (result));
  return _schedula_model_from_doc (doc, d->registry, d->flags, error);
}

/* The default values */

/**
 * schedula_dispatcher_save_default_values_to_bytes:
 * @self: a #SchedulaDispatcher
 * @error: return location for a #GError
 *
 * Writes the default values of the model (of its own data nodes, not
 * those of its sub-dispatchers) and their initial distances, in the
 * `schedula-model/1` format, with the content `defaults`.
 *
 * Returns: (transfer full): the text of the file, or %NULL with @error set
 */
GBytes *
schedula_dispatcher_save_default_values_to_bytes (SchedulaDispatcher  *self,
                                                  GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _schedula_model_to_bytes (self, SCHEDULA_CONTENT_DEFAULTS, error);
}

/**
 * schedula_dispatcher_save_default_values:
 * @self: a #SchedulaDispatcher
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes the default values of the model to @path (schedula's
 * `save_default_values`); see
 * [method@Dispatcher.save_default_values_to_bytes].
 *
 * |[<!-- language="C" -->
 * // schedula's save_default_values / load_default_values: the same graph, the saved defaults.
 * #include <glib/gstdio.h>
 * #include <schedula-glib.h>
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("model");
 *   g_autoptr(SchedulaDispatcher) other = NULL;
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *path = g_build_filename (g_get_tmp_dir (), "defaults-example.json", NULL);
 *   g_auto(GValue) v = G_VALUE_INIT;
 *
 *   g_value_set_double (g_value_init (&v, G_TYPE_DOUBLE), 2.5);
 *   schedula_dispatcher_add_data (dsp, "a", &v, &error);
 *   g_assert_no_error (error);
 *   schedula_dispatcher_save_default_values (dsp, path, &error);
 *   g_assert_no_error (error);
 *
 *   other = schedula_dispatcher_copy (dsp);
 *   schedula_dispatcher_set_default_value (other, "a", NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   schedula_dispatcher_load_default_values (other, path, SCHEDULA_LOAD_FLAGS_NONE, &error);
 *   g_assert_no_error (error);
 *   g_remove (path);
 *   g_assert_cmpfloat (g_value_get_double (schedula_data_node_get_default_value (
 *                        SCHEDULA_DATA_NODE (schedula_dispatcher_lookup_node (other, "a")))), ==, 2.5);
 *   return 0;
 * }
 * ]|
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_save_default_values (SchedulaDispatcher  *self,
                                         const char          *path,
                                         GError             **error)
{
  g_autoptr(GBytes) text = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = _schedula_model_to_bytes (self, SCHEDULA_CONTENT_DEFAULTS, error);
  return write_file (path, text, error);
}

/**
 * schedula_dispatcher_load_default_values_from_bytes:
 * @self: a #SchedulaDispatcher
 * @bytes: the text of a file of default values
 * @flags: what loading may do (%SCHEDULA_LOAD_FLAGS_ALLOW_CODECS for
 *   values of codecs)
 * @error: return location for a #GError
 *
 * Gives the model the default values of the file, and these only, as
 * schedula's `load_default_values` does: it re-initialises the dispatcher
 * with its graph and the loaded defaults, so the name, the description,
 * the raises policy (and function) and the executor go back to those of a
 * new dispatcher, and the counter of node indexes to 0. Each default
 * must be of a data node of the model; on error, the model is left as it
 * was.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_load_default_values_from_bytes (SchedulaDispatcher  *self,
                                                    GBytes              *bytes,
                                                    SchedulaLoadFlags    flags,
                                                    GError             **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = _schedula_json_doc_parse (bytes, "<data>", error);
  return doc != NULL && _schedula_defaults_from_doc (doc, self, flags, error);
}

/**
 * schedula_dispatcher_load_default_values:
 * @self: a #SchedulaDispatcher
 * @path: (type filename): the file to read
 * @flags: what loading may do (%SCHEDULA_LOAD_FLAGS_ALLOW_CODECS for
 *   values of codecs)
 * @error: return location for a #GError
 *
 * Gives the model the default values of the file @path (schedula's
 * `load_default_values`); see
 * [method@Dispatcher.load_default_values_from_bytes].
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_load_default_values (SchedulaDispatcher  *self,
                                         const char          *path,
                                         SchedulaLoadFlags    flags,
                                         GError             **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = parse_file (path, error);
  return doc != NULL && _schedula_defaults_from_doc (doc, self, flags, error);
}

/* The graph */

/**
 * schedula_dispatcher_save_map_to_bytes:
 * @self: a #SchedulaDispatcher
 * @error: return location for a #GError
 *
 * Writes the graph of the model (schedula's `dmap`): its nodes with their
 * attributes and its edges, with its sub-dispatchers whole, but without
 * its own default values and properties, in the `schedula-model/1` format
 * with the content `map`.
 *
 * Returns: (transfer full): the text of the file, or %NULL with @error set
 */
GBytes *
schedula_dispatcher_save_map_to_bytes (SchedulaDispatcher  *self,
                                       GError             **error)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _schedula_model_to_bytes (self, SCHEDULA_CONTENT_MAP, error);
}

/**
 * schedula_dispatcher_save_map:
 * @self: a #SchedulaDispatcher
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes the graph of the model to @path (schedula's `save_map`); see
 * [method@Dispatcher.save_map_to_bytes].
 *
 * |[<!-- language="C" -->
 * schedula_dispatcher_save_map (dsp, "model.map.json", &error);
 * ]|
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_save_map (SchedulaDispatcher  *self,
                              const char          *path,
                              GError             **error)
{
  g_autoptr(GBytes) text = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = _schedula_model_to_bytes (self, SCHEDULA_CONTENT_MAP, error);
  return write_file (path, text, error);
}

/**
 * schedula_dispatcher_load_map_from_bytes:
 * @self: a #SchedulaDispatcher
 * @bytes: the text of a map file
 * @registry: (nullable): where to find the functions the file names; %NULL
 *   for the default registry
 * @flags: what loading may do beyond building the graph
 * @error: return location for a #GError
 *
 * Replaces the graph of the model with the graph of the file and keeps
 * the model's default values, as schedula's `load_map` does: it
 * re-initialises the dispatcher with the loaded graph and its current
 * defaults (those of data nodes the new graph has), so the name, the
 * description, the raises policy (and function) and the executor go back
 * to those of a new dispatcher, the counter of node indexes to 0, and the
 * last solution is forgotten. On error, the model is left as it was.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_load_map_from_bytes (SchedulaDispatcher        *self,
                                         GBytes                    *bytes,
                                         SchedulaFunctionRegistry  *registry,
                                         SchedulaLoadFlags          flags,
                                         GError                   **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (registry == NULL || SCHEDULA_IS_FUNCTION_REGISTRY (registry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = _schedula_json_doc_parse (bytes, "<data>", error);
  return doc != NULL && _schedula_map_from_doc (doc, self, registry, flags, error);
}

/**
 * schedula_dispatcher_load_map:
 * @self: a #SchedulaDispatcher
 * @path: (type filename): the file to read
 * @registry: (nullable): where to find the functions the file names; %NULL
 *   for the default registry
 * @flags: what loading may do beyond building the graph
 * @error: return location for a #GError
 *
 * Replaces the graph of the model with the graph of the file @path
 * (schedula's `load_map`); see [method@Dispatcher.load_map_from_bytes].
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
schedula_dispatcher_load_map (SchedulaDispatcher        *self,
                              const char                *path,
                              SchedulaFunctionRegistry  *registry,
                              SchedulaLoadFlags          flags,
                              GError                   **error)
{
  g_autoptr(SchedulaJsonDoc) doc = NULL;

  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (registry == NULL || SCHEDULA_IS_FUNCTION_REGISTRY (registry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = parse_file (path, error);
  return doc != NULL && _schedula_map_from_doc (doc, self, registry, flags, error);
}
