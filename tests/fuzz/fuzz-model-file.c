/* fuzz-model-file.c: the model-file loader under libFuzzer
 *
 * Any bytes are a model file, a default-values file or a map: loading
 * either gives a dispatcher or a GError, never a crash, a hang, a leak or
 * unbounded recursion. A model that loads is saved again, and the saved
 * file loads to a model that saves to the same bytes (the format is
 * stable).
 *
 *   CC=clang meson setup _build-fuzz -Dfuzz=enabled -Db_sanitize=address,undefined \
 *     -Dc_args=-fsanitize=fuzzer-no-link -Dintrospection=disabled ...
 *   ninja -C _build-fuzz tests/fuzz/fuzz-model-file
 *   _build-fuzz/tests/fuzz/fuzz-model-file -max_total_time=60 NEW_CORPUS tests/fuzz/corpus
 *
 * (tools/test.sh runs it for 60 s.)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <schedula-glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static SchedulaFunctionRegistry *registry;

/* the functions the seed files name */
static gboolean
fz_sum (SchedulaCall *call, gpointer user_data, GError **error)
{
  gint64 total = 0;

  for (guint i = 0; i < schedula_call_get_n_inputs (call); i++)
    {
      gint64 x;

      if (!schedula_call_get_int64 (call, i, &x, error))
        return FALSE;
      total += x;
    }
  for (guint i = 0; i < schedula_call_get_n_outputs (call); i++)
    schedula_call_set_output_int64 (call, i, total);
  return TRUE;
}

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *names[] = { "tf_sum", "sum", "inc", "max", "min", "f", NULL };

  /* a critical is a bug of the loader: it aborts; the library's warnings
   * about odd models are not, and are not printed */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (quiet_writer, NULL, NULL);
  registry = schedula_function_registry_new ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SchedulaFunction) f = schedula_function_new (names[i], fz_sum, NULL, NULL);

      schedula_function_registry_add (registry, names[i], f);
    }
  return 0;
}

static void
round_trip (SchedulaDispatcher *dsp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) saved = schedula_dispatcher_save_to_bytes (dsp, &error);
  g_autoptr(SchedulaDispatcher) again = NULL;
  g_autoptr(GBytes) saved_again = NULL;

  if (saved == NULL)
    return;  /* a value without a codec, say: an error, not a crash */
  again = schedula_dispatcher_new_from_bytes (saved, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  if (again == NULL)
    g_error ("a saved model does not load: %s", error->message);
  saved_again = schedula_dispatcher_save_to_bytes (again, &error);
  if (saved_again == NULL || !g_bytes_equal (saved, saved_again))
    g_error ("a saved model, loaded and saved again, differs");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaDispatcher) dsp = NULL;

  dsp = schedula_dispatcher_new_from_bytes (bytes, registry, SCHEDULA_LOAD_FLAGS_NONE, &error);
  if (dsp != NULL)
    {
      round_trip (dsp);
      /* the same bytes as default values and as a map of that model */
      g_clear_error (&error);
      if (schedula_dispatcher_load_default_values_from_bytes (dsp, bytes, SCHEDULA_LOAD_FLAGS_NONE, &error))
        round_trip (dsp);
      g_clear_error (&error);
      if (schedula_dispatcher_load_map_from_bytes (dsp, bytes, registry, SCHEDULA_LOAD_FLAGS_NONE, &error))
        round_trip (dsp);
    }
  else if (error == NULL)
    g_error ("a load failed without an error");
  return 0;
}
