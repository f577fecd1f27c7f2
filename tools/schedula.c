/* schedula: the command line of libschedula-glib
 *
 *   schedula [OPTION…] COMMAND [ARG…]
 *
 *   dispatch MODEL.json       dispatches a model file, prints the outputs
 *   plot MODEL.json -o FILE   plots a model file, or the workflow of a dispatch
 *   check MODEL.json          lists what is wrong with a model file
 *   serve MODEL.json          serves a model file over HTTP until SIGINT or SIGTERM
 *   help [COMMAND]            the help of the program or of a command
 *
 * Options go anywhere on the line. --load PLUGIN opens a GModule and calls
 * its schedula_plugin_init (PluginInit below), which registers functions
 * in the default SchedulaFunctionRegistry; the model files name their
 * functions, and the loader finds them there. docs/command-line.md is the
 * manual; `schedula help COMMAND` prints the help of a command.
 *
 * Exit status (enum Status): 0 done; 1 the model ran, or was checked, and
 * something failed (a node's error, an output not computed, a problem
 * found by check); 2 the command line is wrong (serve: also a host or a
 * port it cannot listen on); 3 a file it names cannot be loaded (the
 * model, an input file, a plugin); 4 an output cannot be written.
 *
 * The values of --input, --input-file and --json are the values of model
 * files, read and written by the library's public API (Values, below).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <gmodule.h>
#include <schedula-glib.h>

#include <json-glib/json-glib.h>

typedef enum {
  STATUS_OK      = 0,
  STATUS_FAILED  = 1,
  STATUS_USAGE   = 2,
  STATUS_LOAD    = 3,
  STATUS_WRITE   = 4,
} Status;

/* The entry point of a plugin: registers its functions in @registry (the
 * default registry). @module is the plugin itself: g_module_name() gives
 * the path this program opened it by, for the c:PATH:SYMBOL references
 * that let the functions run in worker processes too. */
typedef gboolean (*PluginInit) (GModule                   *module,
                                SchedulaFunctionRegistry  *registry,
                                GError                   **error);

#define PLUGIN_INIT "schedula_plugin_init"

/* The options. A run parses the options of one command (and those of
 * every command), once. */
static GPtrArray *opt_plugins;     /* char*, --load, in order */
static gboolean opt_allow_refs;
static gboolean opt_allow_codecs;
static gboolean opt_version;
static char **opt_inputs;          /* ID=VALUE */
static char *opt_input_file;
static char *opt_executor;
static gboolean opt_verbose;
static char **opt_outputs;         /* dispatch: ids */
static gboolean opt_json;          /* dispatch */
static gboolean opt_workflow;      /* plot */
static char *opt_plot_file;        /* plot */
static char *opt_host;             /* serve */
static gint opt_port;              /* serve */
static char *opt_token;            /* serve */
static gdouble opt_timeout = 60;   /* serve */

static gboolean
add_plugin (const char  *option_name,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  g_ptr_array_add (opt_plugins, g_strdup (value));
  return TRUE;
}

static const GOptionEntry global_entries[] = {
  { "load", 'l', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, add_plugin,
    "Load a plugin that registers functions (repeatable)", "PLUGIN.so" },
  { "allow-refs", 0, 0, G_OPTION_ARG_NONE, &opt_allow_refs,
    "Resolve the functions the model names by reference (c:LIBRARY:SYMBOL): "
    "this opens the libraries the file names", NULL },
  { "allow-codecs", 0, 0, G_OPTION_ARG_NONE, &opt_allow_codecs,
    "Decode values of codecs ({\"$codec\": …}), which may run code the data names", NULL },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version,
    "Print the version and the features of the library", NULL },
  G_OPTION_ENTRY_NULL
};

/* The inputs of a dispatch, for dispatch and plot */
#define INPUT_ENTRIES                                                                    \
  { "input", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_inputs,                           \
    "An input: VALUE in JSON; a word that is not JSON is a string (repeatable)",         \
    "ID=VALUE" },                                                                        \
  { "input-file", 'I', 0, G_OPTION_ARG_FILENAME, &opt_input_file,                        \
    "A JSON object of inputs, {\"ID\": VALUE, …}; --input adds to it", "FILE.json" },   \
  { "executor", 'e', 0, G_OPTION_ARG_STRING, &opt_executor,                              \
    "Run the functions with this executor: sync, async, parallel, parallel-pool, or "    \
    "one a plugin registered (default: the model's)", "NAME" },                         \
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose,                                  \
    "Print the library's messages: each call as it starts and ends, each error as it "   \
    "happens, a call that cannot go to a worker process", NULL }

static const GOptionEntry dispatch_entries[] = {
  INPUT_ENTRIES,
  { "output", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_outputs,
    "Compute this output and print it (repeatable; default: print every value)", "ID" },
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json,
    "Print the values as a JSON object, in the notation of model files", NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry plot_entries[] = {
  INPUT_ENTRIES,
  { "output-file", 'o', 0, G_OPTION_ARG_FILENAME, &opt_plot_file,
    "The file to write: .dot or .gv (DOT), .svg (SVG), .html or .htm (the HTML view)", "FILE" },
  { "workflow", 'w', 0, G_OPTION_ARG_NONE, &opt_workflow,
    "Dispatch the model, and plot the workflow of the solution", NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry serve_entries[] = {
  { "host", 0, 0, G_OPTION_ARG_STRING, &opt_host,
    "The address or the name of the host to listen on (default: 127.0.0.1)", "HOST" },
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port,
    "The TCP port to listen on (default: 0, a free port)", "PORT" },
  { "token", 0, 0, G_OPTION_ARG_STRING, &opt_token,
    "Serve the requests that carry this bearer token only (Authorization: Bearer TOKEN)", "TOKEN" },
  { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &opt_timeout,
    "The seconds a client has to send its request, and a dispatch or a call to run "
    "(default: 60; 0: no limit)", "SECONDS" },
  { "executor", 'e', 0, G_OPTION_ARG_STRING, &opt_executor,
    "Run the functions of the dispatches with this executor (default: async)", "NAME" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose,
    "Print the library's messages", NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry no_entries[] = {
  G_OPTION_ENTRY_NULL
};

typedef struct _Command Command;

struct _Command
{
  const char          *name;
  const char          *parameters;    /* in the usage line, after the name */
  const char          *summary;
  const char          *description;
  const GOptionEntry  *entries;
  Status             (*run) (const Command *command,
                             char         **args);   /* the arguments after the options */
};

/* Messages --------------------------------------------------------------- */

static Status
fail (Status         status,
      const Command *command,
      const char    *format,
      ...) G_GNUC_PRINTF (3, 4);

/* Says what went wrong, on stderr; returns @status */
static Status
fail (Status         status,
      const Command *command,
      const char    *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (command != NULL)
    g_printerr ("schedula %s: %s\n", command->name, message);
  else
    g_printerr ("schedula: %s\n", message);
  if (status == STATUS_USAGE)
    g_printerr ("Try 'schedula help%s%s'.\n", command != NULL ? " " : "",
                command != NULL ? command->name : "");
  return status;
}

/* Reading files ---------------------------------------------------------- */

/* A file of JSON, read up to the size the reader accepts: a special file
 * (a pipe, /dev/zero) is read no further. */
static GBytes *
read_json_file (const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autoptr(GByteArray) data = NULL;
  gsize limit = (gsize) SCHEDULA_MODEL_FILE_MAX_SIZE + 1;

  if (stream == NULL)
    return NULL;
  data = g_byte_array_new ();
  while (data->len < limit)
    {
      gsize n, chunk = MIN (limit - data->len, 65536);
      guint old = data->len;

      g_byte_array_set_size (data, old + chunk);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data->data + old, chunk, &n, NULL, error))
        return NULL;
      g_byte_array_set_size (data, old + n);
      if (n < chunk)
        break;
    }
  /* the library's reader refuses it when it is larger than the limit */
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Values -----------------------------------------------------------------
 *
 * The values of the command line and of --input-file are JSON, read and
 * written as model files hold values (schedula_value_from_json() and
 * schedula_value_to_json()), with the errors of the model-file reader. */

static SchedulaLoadFlags
value_flags (void)
{
  return opt_allow_codecs ? SCHEDULA_LOAD_FLAGS_ALLOW_CODECS : SCHEDULA_LOAD_FLAGS_NONE;
}

static SchedulaLoadFlags
model_flags (void)
{
  return value_flags () | (opt_allow_refs ? SCHEDULA_LOAD_FLAGS_ALLOW_REFS : SCHEDULA_LOAD_FLAGS_NONE);
}

static void
value_free (gpointer data)
{
  GValue *value = data;

  g_value_unset (value);
  g_free (value);
}

static GHashTable *
values_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
}

/* A value of the command line or of a file, @text in JSON */
static gboolean
value_from_json (const char  *name,
                 const char  *text,
                 gsize        len,
                 GValue      *value,
                 GError     **error)
{
  return schedula_value_from_json (text, (gssize) len, name, value_flags (), value, error);
}

/* Whether a text that is not JSON was meant to be JSON: it starts as an
 * array, an object, a string or a number would. */
static gboolean
looks_like_json (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text != '\0' && strchr ("[{\"-0123456789", *text) != NULL;
}

/* The value of --input ID=VALUE */
static gboolean
parse_input (const char  *arg,
             GHashTable  *values,
             GError     **error)
{
  const char *eq = strchr (arg, '=');
  const char *text;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  GValue *value;

  if (!g_utf8_validate (arg, -1, NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--input: the argument is not UTF-8");
      return FALSE;
    }
  if (eq == NULL || eq == arg)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--input %s: an input is ID=VALUE, such as a=1, a=1.5, a='\"text\"' or a='[1, 2]'",
                   arg);
      return FALSE;
    }
  id = g_strndup (arg, eq - arg);
  text = eq + 1;
  name = g_strdup_printf ("--input %s", id);
  value = g_new0 (GValue, 1);
  if (!value_from_json (name, text, strlen (text), value, &local_error))
    {
      if (looks_like_json (text))
        {
          g_free (value);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s (a VALUE is JSON: quote a string, as in a='\"-x\"')", local_error->message);
          return FALSE;
        }
      /* a plain word: the string */
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, text);
    }
  g_hash_table_replace (values, g_steal_pointer (&id), value);
  return TRUE;
}

/* The values of --input-file: a JSON object, which the library reads as a
 * dict */
static gboolean
parse_input_file (const char  *path,
                  GHashTable  *values,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = read_json_file (path, error);
  g_autofree char *name = g_filename_display_name (path);
  g_auto(GValue) dict_value = G_VALUE_INIT;
  SchedulaDict *dict;
  const char *text;
  gsize len;

  if (bytes == NULL)
    return FALSE;
  text = g_bytes_get_data (bytes, &len);
  /* a byte order mark is allowed where the file starts */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  if (!value_from_json (name, text, len, &dict_value, error))
    return FALSE;
  if (!G_VALUE_HOLDS (&dict_value, SCHEDULA_TYPE_DICT))
    {
      g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_FORMAT,
                   "%s: the inputs are a JSON object, {\"ID\": VALUE, …}, not a %s", name,
                   G_VALUE_TYPE_NAME (&dict_value));
      return FALSE;
    }
  dict = g_value_get_boxed (&dict_value);
  for (guint i = 0; i < schedula_dict_get_size (dict); i++)
    {
      const GValue *v = schedula_dict_get_value (dict, i);
      GValue *value = g_new0 (GValue, 1);

      g_value_init (value, G_VALUE_TYPE (v));
      g_value_copy (v, value);
      g_hash_table_replace (values, g_strdup (schedula_dict_get_key (dict, i)), value);
    }
  return TRUE;
}

/* A double as short as it can be written and read back the same */
static char *
double_text (gdouble d)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d))
    return g_strdup ("nan");
  if (isinf (d))
    return g_strdup (d > 0 ? "inf" : "-inf");
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  return g_strdup (buf);
}

/* A value for the `id = value` lines: JSON, with doubles as short as they
 * read back; NULL with @error set for a value that has no JSON */
static char *
value_text (const GValue  *value,
            GError       **error)
{
  if (G_VALUE_HOLDS_DOUBLE (value))
    return double_text (g_value_get_double (value));
  return schedula_value_to_json (value, error);
}

/* Plugins and the registry ----------------------------------------------- */

/* The resolver of python: and dill: references in this program */
static SchedulaFunction *
python_ref (const char            *ref,
            SchedulaFunctionRole   role,
            gpointer               user_data,
            GError               **error)
{
  g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
               "%s is a Python function: the schedula command runs C functions only. Load the "
               "model from Python (load_dispatcher (path, allow_refs=True)), or give the node a "
               "C function: c:LIBRARY:SYMBOL, or a function a --load plugin registers", ref);
  return NULL;
}

static gboolean
load_plugins (GError **error)
{
  SchedulaFunctionRegistry *registry = schedula_function_registry_get_default ();

  /* before the plugins: a plugin that can run Python functions may
   * replace these */
  schedula_function_registry_add_resolver (registry, "python", python_ref, NULL, NULL);
  schedula_function_registry_add_resolver (registry, "dill", python_ref, NULL, NULL);

  for (guint i = 0; i < opt_plugins->len; i++)
    {
      const char *path = opt_plugins->pdata[i];
      g_autofree char *name = g_filename_display_name (path);
      g_autofree char *file = NULL;
      g_autoptr(GError) local_error = NULL;
      GModule *module;
      gpointer symbol = NULL;

      /* a file by its absolute path, which the worker processes find too;
       * anything else as the dynamic linker finds it */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        file = g_canonicalize_filename (path, NULL);
      else
        file = g_strdup (path);
      module = g_module_open (file, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot load the plugin %s: %s",
                       name, g_module_error ());
          return FALSE;
        }
      if (!g_module_symbol (module, PLUGIN_INIT, &symbol) || symbol == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s is not a plugin of the schedula command: it has no function %s",
                       name, PLUGIN_INIT);
          g_module_close (module);
          return FALSE;
        }
      /* its functions are in the registry until the end */
      g_module_make_resident (module);
      if (!((PluginInit) symbol) (module, registry, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the plugin %s failed: %s", name,
                       local_error != NULL ? local_error->message : "it did not say why");
          return FALSE;
        }
    }
  return TRUE;
}

/* What to do about an error of a model file */
static void
print_load_hint (const Command *command,
                 const GError  *error)
{
  if (g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION))
    g_printerr ("schedula %s: the functions of a model come from plugins: --load PLUGIN.so\n",
                command->name);
  else if (g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_REF_NOT_ALLOWED))
    g_printerr ("schedula %s: on the command line, --allow-refs allows references and "
                "--allow-codecs values of codecs\n", command->name);
}

/* Dispatching ------------------------------------------------------------ */

typedef struct
{
  const Command           *command;
  SchedulaDispatcher      *dsp;
  GHashTable              *inputs;     /* id -> GValue* */
  SchedulaDispatchOptions *options;
  SchedulaSolution        *sol;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->sol);
  g_clear_object (&run->options);
  g_clear_pointer (&run->inputs, g_hash_table_unref);
  g_clear_object (&run->dsp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The arguments of the command line, before anything is loaded */
static Status
run_parse_options (Run *run)
{
  g_autoptr(GError) error = NULL;

  run->inputs = values_new ();
  for (guint i = 0; opt_inputs != NULL && opt_inputs[i] != NULL; i++)
    if (!parse_input (opt_inputs[i], run->inputs, &error))
      return fail (STATUS_USAGE, run->command, "%s", error->message);
  run->options = schedula_dispatch_options_new ();
  if (opt_executor != NULL && opt_executor[0] != '\0')
    {
      g_autoptr(SchedulaExecutor) executor = schedula_executor_get (opt_executor, &error);

      if (executor == NULL)
        return fail (STATUS_USAGE, run->command, "%s", error->message);
    }
  if (opt_executor != NULL)
    schedula_dispatch_options_set_executor (run->options, opt_executor);
  schedula_dispatch_options_set_verbose (run->options, opt_verbose);
  /* each error as it happens: the library logs them only when asked */
  if (opt_verbose)
    schedula_set_log_failures (TRUE);
  return STATUS_OK;
}

/* Whether @id is a data node of the model */
static gboolean
is_data_node (SchedulaDispatcher *dsp,
              const char         *id)
{
  SchedulaNode *node = schedula_dispatcher_lookup_node (dsp, id);

  return node != NULL && schedula_node_get_kind (node) == SCHEDULA_NODE_KIND_DATA;
}

/* Plugins, inputs and model */
static Status
run_load (Run        *run,
          const char *model)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_name (model);
  g_autoptr(GHashTable) file_inputs = values_new ();
  GHashTableIter iter;
  gpointer id, value;

  if (!load_plugins (&error))
    return fail (STATUS_LOAD, run->command, "%s", error->message);
  if (opt_input_file != NULL && !parse_input_file (opt_input_file, file_inputs, &error))
    return fail (STATUS_LOAD, run->command, "%s", error->message);
  /* --input adds to the values of --input-file, or replaces them */
  g_hash_table_iter_init (&iter, file_inputs);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (!g_hash_table_contains (run->inputs, id))
      {
        g_hash_table_iter_steal (&iter);
        g_hash_table_insert (run->inputs, id, value);
      }

  run->dsp = schedula_dispatcher_new_from_file (model, NULL, model_flags (), &error);
  if (run->dsp == NULL)
    {
      if (error->domain != SCHEDULA_MODEL_FILE_ERROR)
        g_prefix_error (&error, "%s: ", name);
      fail (STATUS_LOAD, run->command, "%s", error->message);
      print_load_hint (run->command, error);
      return STATUS_LOAD;
    }

  g_hash_table_iter_init (&iter, run->inputs);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!is_data_node (run->dsp, id))
      return fail (STATUS_USAGE, run->command, "input %s: the model has no data node %s",
                   (const char *) id, (const char *) id);
  for (guint i = 0; opt_outputs != NULL && opt_outputs[i] != NULL; i++)
    if (!is_data_node (run->dsp, opt_outputs[i]))
      return fail (STATUS_USAGE, run->command, "output %s: the model has no data node %s",
                   opt_outputs[i], opt_outputs[i]);
  return STATUS_OK;
}

/* Dispatches; the errors of the nodes go to stderr */
static Status
run_dispatch (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;
  Status status = STATUS_OK;

  run->sol = schedula_dispatcher_try_dispatch (run->dsp, run->inputs, (const char *const *) opt_outputs,
                                               run->options, NULL, &error);
  if (run->sol == NULL)
    return fail (STATUS_FAILED, run->command, "the dispatch cannot start: %s", error->message);
  failed = schedula_solution_get_error_ids (run->sol);
  for (guint i = 0; failed != NULL && failed[i] != NULL; i++)
    {
      g_autofree char *message = schedula_solution_dup_error_message (run->sol, failed[i]);

      status = fail (STATUS_FAILED, run->command, "node %s: %s", failed[i], message);
    }
  if (!schedula_solution_propagate_dispatch_error (run->sol, &error))
    status = fail (STATUS_FAILED, run->command, "the dispatch stopped: %s", error->message);
  return status;
}

/* stdout, written at once; STATUS_WRITE when it cannot be */
static Status
write_stdout (const Command *command,
              GString       *text)
{
  if (fwrite (text->str, 1, text->len, stdout) != text->len || fflush (stdout) != 0)
    return fail (STATUS_WRITE, command, "cannot write the output: %s", g_strerror (errno));
  return STATUS_OK;
}

/* The values to print: the outputs asked for, else every value */
static GPtrArray *
printed_ids (Run *run)
{
  GPtrArray *ids = g_ptr_array_new ();
  SchedulaSolutionIter iter;
  const char *id;

  if (opt_outputs != NULL && opt_outputs[0] != NULL)
    {
      for (guint i = 0; opt_outputs[i] != NULL; i++)
        g_ptr_array_add (ids, opt_outputs[i]);
      return ids;
    }
  schedula_solution_iter_init (&iter, run->sol);
  while (schedula_solution_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, (gpointer) id);
  return ids;
}

static Status
print_values (Run *run)
{
  g_autoptr(GPtrArray) ids = printed_ids (run);
  g_autoptr(GHashTable) printed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonObject) object = json_object_new ();
  Status status = STATUS_OK;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      const GValue *value = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_hash_table_add (printed, (gpointer) id))
        continue;  /* --output twice */
      if (!schedula_solution_lookup_extended (run->sol, id, &value))
        {
          status = fail (STATUS_FAILED, run->command, "output %s was not computed", id);
          continue;
        }
      if (opt_json)
        {
          g_autofree char *json_text = schedula_value_to_json (value, &error);
          JsonNode *json = json_text != NULL ? json_from_string (json_text, &error) : NULL;

          if (json != NULL)
            json_object_set_member (object, id, json);
        }
      else
        {
          g_autofree char *value_str = value_text (value, &error);

          if (value_str != NULL)
            g_string_append_printf (text, "%s = %s\n", id, value_str);
        }
      if (error != NULL)
        status = fail (STATUS_FAILED, run->command, "output %s: %s", id, error->message);
    }
  if (opt_json)
    {
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
      g_autofree char *json_text = NULL;
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      json_text = json_generator_to_data (generator, NULL);
      g_string_append_printf (text, "%s\n", json_text);
    }
  if (write_stdout (run->command, text) == STATUS_WRITE)
    return STATUS_WRITE;
  return status;
}

/* The one positional argument, the model file */
static const char *
model_argument (const Command *command,
                char         **args)
{
  guint n = g_strv_length (args);

  if (n == 0)
    fail (STATUS_USAGE, command, "the model file is missing");
  else if (n > 1)
    fail (STATUS_USAGE, command, "one model file, not %u arguments (an input is --input ID=VALUE)", n);
  return n == 1 ? args[0] : NULL;
}

static Status
run_dispatch_command (const Command *command,
                      char         **args)
{
  g_auto(Run) run = { command, };
  const char *model = model_argument (command, args);
  Status status, print_status;

  if (model == NULL)
    return STATUS_USAGE;
  if ((status = run_parse_options (&run)) != STATUS_OK ||
      (status = run_load (&run, model)) != STATUS_OK)
    return status;
  status = run_dispatch (&run);
  if (run.sol == NULL)
    return status;
  print_status = print_values (&run);
  return print_status != STATUS_OK ? print_status : status;
}

/* plot ------------------------------------------------------------------- */

#if SCHEDULA_HAS_PLOT
static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  gsize n = strlen (path), m = strlen (suffix);

  return n > m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}
#endif

static Status
run_plot_command (const Command *command,
                  char         **args)
{
#if SCHEDULA_HAS_PLOT
  g_auto(Run) run = { command, };
  g_autoptr(GError) error = NULL;
  const char *model = model_argument (command, args);
  gboolean dot;
  Status status;
  gboolean written;

  if (model == NULL)
    return STATUS_USAGE;
  if (opt_plot_file == NULL)
    return fail (STATUS_USAGE, command, "the file to write is missing: -o FILE (.dot, .svg or .html)");
  dot = has_suffix (opt_plot_file, ".dot") || has_suffix (opt_plot_file, ".gv");
  if (!dot && !has_suffix (opt_plot_file, ".svg") && !has_suffix (opt_plot_file, ".html") &&
      !has_suffix (opt_plot_file, ".htm"))
    return fail (STATUS_USAGE, command, "cannot tell the format of %s: a plot is written to a .dot, "
                 ".gv, .svg, .html or .htm file", opt_plot_file);
  if (!dot && !SCHEDULA_HAS_GRAPHVIZ)
    return fail (STATUS_USAGE, command, "this build of libschedula-glib has no graphviz: it writes "
                 "DOT (.dot, .gv) only; SVG and HTML need -Dgraphviz=enabled");
  if (!opt_workflow && (opt_inputs != NULL || opt_input_file != NULL || opt_executor != NULL))
    return fail (STATUS_USAGE, command, "inputs and executors are for a dispatch: add --workflow");
  if ((status = run_parse_options (&run)) != STATUS_OK ||
      (status = run_load (&run, model)) != STATUS_OK)
    return status;
  if (opt_workflow)
    {
      status = run_dispatch (&run);
      if (run.sol == NULL)
        return status;
      written = schedula_solution_plot (run.sol, opt_plot_file, NULL, &error);
    }
  else
    written = schedula_dispatcher_plot (run.dsp, opt_plot_file, NULL, &error);
  if (!written)
    return fail (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR ? STATUS_WRITE
                 : STATUS_FAILED, command, "%s", error->message);
  return status;
#else
  return fail (STATUS_USAGE, command, "this build of libschedula-glib has no plots (-Dplot=enabled)");
#endif
}

/* check ------------------------------------------------------------------
 *
 * The loader stops at the first error of a file. check loads the file
 * again and again, each time with a stand-in for the function the load
 * before failed on (a function that fails when called: check calls none),
 * until the load succeeds or fails on something else, and lists the
 * loader's messages, with their lines and columns; then what
 * schedula_dispatcher_check() finds in the model. */

/* check lists this many problems at the most */
#define MAX_PROBLEMS 100

typedef struct
{
  SchedulaFunctionRegistry  *registry;    /* the stand-ins, for the loads */
  GPtrArray                 *missing;     /* char*: names no plugin registers */
  GHashTable                *prefixes;    /* char*: the prefixes of the references */
  GHashTable                *stood_in;    /* char*: references with a stand-in */
  char                      *failed_ref;  /* the reference the load failed on */
  GPtrArray                 *problems;    /* char* */
} Checker;

static void
checker_clear (Checker *c)
{
  g_clear_object (&c->registry);
  g_clear_pointer (&c->missing, g_ptr_array_unref);
  g_clear_pointer (&c->prefixes, g_hash_table_unref);
  g_clear_pointer (&c->stood_in, g_hash_table_unref);
  g_clear_pointer (&c->failed_ref, g_free);
  g_clear_pointer (&c->problems, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Checker, checker_clear)

static gboolean
stand_in_call (SchedulaCall  *call,
               gpointer       user_data,
               GError       **error)
{
  g_set_error_literal (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
                       "schedula check calls no function");
  return FALSE;
}

static SchedulaFunction *
stand_in (const char *name)
{
  return schedula_function_new (name, stand_in_call, NULL, NULL);
}

/* The resolver of every prefix in the loads of check: a reference is
 * resolved as the command line allows, once; then it has a stand-in */
static SchedulaFunction *
check_ref (const char            *ref,
           SchedulaFunctionRole   role,
           gpointer               user_data,
           GError               **error)
{
  Checker *c = user_data;
  g_autoptr(GError) local_error = NULL;
  SchedulaFunction *f;

  if (g_hash_table_contains (c->stood_in, ref))
    return stand_in (ref);
  if (!opt_allow_refs)
    g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
                 "the function %s is a reference, which loads code the file names: allow it "
                 "with --allow-refs", ref);
  else if ((f = schedula_function_registry_resolve (schedula_function_registry_get_default (), ref, role,
                                                    &local_error)) != NULL)
    return f;
  else if (g_error_matches (local_error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION,
                 "the reference %s cannot be resolved: %s", ref, local_error->message);
  g_free (c->failed_ref);
  c->failed_ref = g_strdup (ref);
  return NULL;
}

/* A function of the file: a name goes into the checker's registry, the
 * function of a plugin or, when no plugin registers it, missing; a
 * reference's prefix gets check_ref */
static void
note_function (Checker  *c,
               JsonNode *fn)
{
  if (JSON_NODE_HOLDS_VALUE (fn) && json_node_get_value_type (fn) == G_TYPE_STRING)
    {
      const char *name = json_node_get_string (fn);
      g_autoptr(SchedulaFunction) f =
        schedula_function_registry_lookup (schedula_function_registry_get_default (), name);

      if (f != NULL)
        schedula_function_registry_add (c->registry, name, f);
      else if (!g_ptr_array_find_with_equal_func (c->missing, name, g_str_equal, NULL))
        g_ptr_array_add (c->missing, g_strdup (name));
    }
  else if (JSON_NODE_HOLDS_OBJECT (fn))
    {
      const char *ref = json_object_get_string_member_with_default (json_node_get_object (fn), "ref", "");
      const char *colon = strchr (ref, ':');

      if (colon != NULL)
        g_hash_table_add (c->prefixes, g_strndup (ref, colon - ref));
    }
}

/* The member @name of @node when it is an array, or NULL */
static JsonArray *
array_member (JsonNode   *node,
              const char *name)
{
  JsonNode *member = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    member = json_object_get_member (json_node_get_object (node), name);
  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
}

/* The functions of the file: the members of the nodes that hold them (the
 * others are helpers and wrappers, which need no registry) */
static void
note_functions (Checker    *c,
                JsonParser *parser)
{
  static const char *const members[] = { "function", "input_domain", "combiner", "callback" };
  JsonArray *dispatchers = array_member (json_parser_get_root (parser), "dispatchers");

  for (guint d = 0; dispatchers != NULL && d < json_array_get_length (dispatchers); d++)
    {
      JsonArray *nodes = array_member (json_array_get_element (dispatchers, d), "nodes");

      for (guint n = 0; nodes != NULL && n < json_array_get_length (nodes); n++)
        {
          JsonNode *node = json_array_get_element (nodes, n);
          JsonArray *filters = array_member (node, "filters");
          JsonObject *o;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          o = json_node_get_object (node);
          for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
            if (json_object_has_member (o, members[i]))
              note_function (c, json_object_get_member (o, members[i]));
          for (guint k = 0; filters != NULL && k < json_array_get_length (filters); k++)
            note_function (c, json_array_get_element (filters, k));
        }
    }
}

/* The missing function a message of the loader names: the longest name
 * that stands in it between spaces */
static const char *
missing_name (Checker    *c,
              const char *message)
{
  const char *found = NULL;

  for (guint i = 0; i < c->missing->len; i++)
    {
      const char *name = c->missing->pdata[i];
      g_autofree char *spaced = g_strdup_printf (" %s ", name);
      g_autoptr(SchedulaFunction) f = schedula_function_registry_lookup (c->registry, name);

      if (f == NULL && strstr (message, spaced) != NULL && (found == NULL || strlen (name) > strlen (found)))
        found = name;
    }
  return found;
}

/* Loads the model with stand-ins for what fails; the model, or NULL when
 * a failure has no stand-in */
static SchedulaDispatcher *
check_load (Checker    *c,
            const char *model,
            const char *name)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      SchedulaDispatcher *dsp;
      const char *missing;

      g_clear_pointer (&c->failed_ref, g_free);
      dsp = schedula_dispatcher_new_from_file (model, c->registry,
                                               value_flags () | SCHEDULA_LOAD_FLAGS_ALLOW_REFS, &error);
      if (dsp != NULL)
        return dsp;
      if (c->problems->len == MAX_PROBLEMS)
        {
          g_ptr_array_add (c->problems, g_strdup_printf ("%s: and more: check stops after %u problems",
                                                         name, MAX_PROBLEMS));
          return NULL;
        }
      g_ptr_array_add (c->problems, g_strdup (error->message));
      if (c->failed_ref != NULL)
        g_hash_table_add (c->stood_in, g_steal_pointer (&c->failed_ref));
      else if (g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION) &&
               (missing = missing_name (c, error->message)) != NULL)
        {
          g_autoptr(SchedulaFunction) f = stand_in (missing);

          schedula_function_registry_add (c->registry, missing, f);
        }
      else
        return NULL;
    }
}

/* What schedula_dispatcher_check() finds */
static void
check_model (Checker            *c,
             SchedulaDispatcher *dsp,
             const char         *name)
{
  g_autoptr(GListModel) findings = schedula_dispatcher_check (dsp);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(SchedulaFinding) f = g_list_model_get_item (findings, i);
      g_autofree char *path = g_strjoinv ("/", (char **) schedula_finding_get_path (f));

      g_ptr_array_add (c->problems, g_strdup_printf ("%s: %s: %s", name, path,
                                                     schedula_finding_get_message (f)));
    }
}

static Status
run_check_command (const Command *command,
                   char         **args)
{
  g_auto(Checker) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SchedulaDispatcher) dsp = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = NULL;
  const char *model = model_argument (command, args);
  GHashTableIter iter;
  gpointer prefix;
  const char *data;
  gsize len;

  if (model == NULL)
    return STATUS_USAGE;
  if (!load_plugins (&error))
    return fail (STATUS_LOAD, command, "%s", error->message);
  name = g_filename_display_name (model);
  c.registry = schedula_function_registry_new ();
  c.missing = g_ptr_array_new_with_free_func (g_free);
  c.prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.stood_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.problems = g_ptr_array_new_with_free_func (g_free);

  /* The library reads the file first: json-glib's parser, for the names
   * of the functions, reads only what the library's reader accepted (it
   * recurses with the nesting) */
  g_hash_table_add (c.prefixes, g_strdup ("c"));
  schedula_function_registry_add_resolver (c.registry, "c", check_ref, &c, NULL);
  dsp = schedula_dispatcher_new_from_file (model, c.registry, value_flags () | SCHEDULA_LOAD_FLAGS_ALLOW_REFS,
                                           &error);
  if (dsp == NULL && error->domain != SCHEDULA_MODEL_FILE_ERROR)
    return fail (STATUS_LOAD, command, "%s: %s", name, error->message);
  if (dsp == NULL &&
      (g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_PARSE) ||
       g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_LARGE) ||
       g_error_matches (error, SCHEDULA_MODEL_FILE_ERROR, SCHEDULA_MODEL_FILE_ERROR_TOO_DEEP)))
    g_ptr_array_add (c.problems, g_strdup (error->message));
  else if (dsp == NULL)
    {
      g_clear_error (&error);
      if ((bytes = read_json_file (model, &error)) == NULL)
        return fail (STATUS_LOAD, command, "%s: %s", name, error->message);
      data = g_bytes_get_data (bytes, &len);
      if (json_parser_load_from_data (parser, data, len, NULL))
        note_functions (&c, parser);
      g_hash_table_iter_init (&iter, c.prefixes);
      while (g_hash_table_iter_next (&iter, &prefix, NULL))
        schedula_function_registry_add_resolver (c.registry, prefix, check_ref, &c, NULL);
      dsp = check_load (&c, model, name);
    }
  if (dsp != NULL)
    check_model (&c, dsp, name);

  for (guint i = 0; i < c.problems->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) c.problems->pdata[i]);
  if (c.problems->len == 0)
    g_string_append_printf (text, "%s: no problems found\n", name);
  if (write_stdout (command, text) == STATUS_WRITE)
    return STATUS_WRITE;
  return c.problems->len == 0 ? STATUS_OK : STATUS_FAILED;
}

/* serve ------------------------------------------------------------------
 *
 * The model served by a SchedulaWebServer in the main context, until
 * SIGINT or SIGTERM; the URL goes to stdout, on a line, when it listens. */

#if SCHEDULA_HAS_WEB
static gboolean
stop_serving (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}
#endif

static Status
run_serve_command (const Command *command,
                   char         **args)
{
#if SCHEDULA_HAS_WEB
  g_auto(Run) run = { command, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SchedulaWebServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *url = NULL;
  const char *model = model_argument (command, args);
  gpointer weak;
  guint sigint, sigterm;
  Status status;

  if (model == NULL)
    return STATUS_USAGE;
  if (opt_port < 0 || opt_port > 65535)
    return fail (STATUS_USAGE, command, "--port %d: a TCP port is 0 to 65535", opt_port);
  if (!(opt_timeout >= 0) || isinf (opt_timeout))
    return fail (STATUS_USAGE, command, "--timeout %g: the seconds are 0 (no limit) or more", opt_timeout);
  if ((status = run_parse_options (&run)) != STATUS_OK ||
      (status = run_load (&run, model)) != STATUS_OK)
    return status;

  server = schedula_web_server_new (run.dsp);
  schedula_web_server_set_token (server, opt_token);
  schedula_web_server_set_timeout (server, opt_timeout);
  if (opt_executor != NULL)
    schedula_web_server_set_executor (server, opt_executor);
  if (!schedula_web_server_listen (server, opt_host, (guint) opt_port, &error))
    return fail (STATUS_USAGE, command, "%s", error->message);
  url = schedula_web_server_dup_url (server);
  g_string_append_printf (line, "%s\n", url);
  if (write_stdout (command, line) == STATUS_WRITE)
    return STATUS_WRITE;

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, stop_serving, loop);
  sigterm = g_unix_signal_add (SIGTERM, stop_serving, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  /* what runs is cancelled; what is done by now ends */
  weak = server;
  g_object_add_weak_pointer (G_OBJECT (weak), &weak);
  schedula_web_server_disconnect (server);
  g_clear_object (&server);
  while (weak != NULL && g_main_context_iteration (NULL, FALSE))
    ;
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
  return STATUS_OK;
#else
  return fail (STATUS_USAGE, command, "this build of libschedula-glib has no web server "
               "(-Dweb=enabled, with libsoup 3)");
#endif
}

/* help, and the table of commands ---------------------------------------- */

static Status run_help_command (const Command *command,
                                char         **args);

#define EXIT_STATUS_TEXT                                                          \
  "Exit status:\n"                                                                \
  "  0  done\n"                                                                   \
  "  1  the model ran, or was checked, and something failed: a node's error,\n"   \
  "     an output not computed, a problem found by check\n"                       \
  "  2  the command line is wrong: an unknown command, option, node id or\n"      \
  "     executor, a bad --input, a plot format this build cannot write, a host\n"  \
  "     or a port serve cannot listen on\n"                                         \
  "  3  a file the command line names cannot be loaded: the model, the input\n"   \
  "     file, a plugin\n"                                                         \
  "  4  an output cannot be written\n"

static const Command commands[] = {
  {
    "dispatch", "MODEL.json",
    "Dispatches a model file with the inputs given, and prints the values of the solution:\n"
    "those asked for with --output, else every value, one `ID = VALUE` line each (or a\n"
    "JSON object with --json). The errors of the nodes that failed go to stderr.",
    "A VALUE is JSON: a=1 is an integer, a=1.5 a double, a=true a boolean, a=null\n"
    "NONE, a='\"text\"' a string, a='[1, 2]' a sequence, a='{\"k\": 1}' a dict; the\n"
    "model file notation ({\"$type\": \"u\", \"$value\": 7}) gives other types. A word\n"
    "that is not JSON and does not start as JSON would ([, {, \", -, a digit) is a\n"
    "string: unit=km. The functions of the model come from plugins (--load).\n"
    "\n"
    "Examples:\n"
    "  schedula dispatch --load ./libschedula-length-converter.so \\\n"
    "      length-converter.json --input mi=1 --output km\n"
    "  schedula dispatch -l ./plugin.so model.json -I inputs.json --json\n"
    "  schedula dispatch -l ./plugin.so model.json -i x=2 --executor parallel\n"
    "\n" EXIT_STATUS_TEXT,
    dispatch_entries, run_dispatch_command,
  },
  {
    "plot", "MODEL.json -o FILE",
    "Plots a model file, or with --workflow the workflow of a dispatch of it, to FILE:\n"
    "DOT (.dot, .gv), SVG (.svg) or the self-contained HTML view (.html, .htm), as the\n"
    "extension says. SVG and HTML need a library built with graphviz.",
    "With --workflow, the inputs are those of dispatch; the plot is written even when\n"
    "nodes fail (they are red), and the exit status is then 1.\n"
    "\n"
    "Examples:\n"
    "  schedula plot -l ./plugin.so model.json -o model.svg\n"
    "  schedula plot -l ./plugin.so model.json --workflow -i mi=1 -o workflow.html\n"
    "\n" EXIT_STATUS_TEXT,
    plot_entries, run_plot_command,
  },
  {
    "check", "MODEL.json",
    "Lists what is wrong with a model file, one problem a line, and exits with 1 when\n"
    "there is any (0 and `no problems found` when there is none).",
    "It finds:\n"
    "  - text that is not JSON or not a model file, with its line and column;\n"
    "  - every function that no plugin registers (load them with --load), and every\n"
    "    reference (c:LIBRARY:SYMBOL) that --allow-refs does not allow or that does not\n"
    "    resolve, with its line and column;\n"
    "  - edges and defaults of nodes that do not exist, and what else the loader refuses;\n"
    "  - what schedula_dispatcher_check() finds: mappings to ids a sub-dispatcher does\n"
    "    not have, nodes of sub-dispatchers that nothing reaches, functions that never\n"
    "    run, outputs of sub-dispatchers nothing reads, defaults never used.\n"
    "A data node of the model itself that nothing computes is not a problem: it is an\n"
    "input. Check calls no function.\n"
    "\n"
    "Examples:\n"
    "  schedula check model.json\n"
    "  schedula check --load ./plugin.so --allow-refs model.json\n"
    "\n" EXIT_STATUS_TEXT,
    no_entries, run_check_command,
  },
  {
    "serve", "MODEL.json",
    "Serves a model file over HTTP, as schedula's web(), until SIGINT or SIGTERM (then it\n"
    "exits with 0). It prints its URL on a line, http://127.0.0.1:PORT/, once it listens.",
    "POST / dispatches the model with the body {\"args\": [...], \"kwargs\": {...}} (the\n"
    "arguments of dispatch(): inputs, outputs, ...); POST /NAME/FUNCTION calls a function\n"
    "node; GET / describes the model and lists the endpoints. Each request answers\n"
    "{\"return\": ...} or {\"error\": ...}; a bad one gets a 4xx and {\"error\": ...,\n"
    "\"field\": ...}. The server listens on 127.0.0.1 unless --host says otherwise: it\n"
    "runs the model's functions for whoever can reach it (--token restricts it, but\n"
    "the command line shows the token to the users of the machine).\n"
    "\n"
    "Examples:\n"
    "  schedula serve --load ./libschedula-length-converter.so length-converter.json\n"
    "  schedula serve -l ./plugin.so model.json --port 8080 --timeout 10\n"
    "  curl -d '{\"kwargs\": {\"inputs\": {\"mi\": 1}, \"outputs\": [\"km\"]}}' URL\n"
    "\n" EXIT_STATUS_TEXT,
    serve_entries, run_serve_command,
  },
  {
    "help", "[COMMAND]",
    "Prints the help of the program, or of a command.",
    NULL,
    no_entries, run_help_command,
  },
};

static const char *const main_summary =
  "Commands:\n"
  "  dispatch MODEL.json    dispatch a model file and print its outputs\n"
  "  plot MODEL.json -o F   plot a model file or the workflow of a dispatch\n"
  "  check MODEL.json       list what is wrong with a model file\n"
  "  serve MODEL.json       serve a model file over HTTP\n"
  "  help [COMMAND]         the help of a command\n"
  "\n"
  "Model files are those of libschedula-glib (format schedula-model/1). The functions\n"
  "they name come from plugins: --load PLUGIN.so opens a module and calls its\n"
  "  gboolean schedula_plugin_init (GModule *module,\n"
  "                                 SchedulaFunctionRegistry *registry,\n"
  "                                 GError **error);\n"
  "which registers them. Options go before or after the command.";

static const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static GOptionContext *
command_context (const Command *command)
{
  g_autofree char *parameters = NULL;
  GOptionContext *context;

  if (command == NULL)
    {
      context = g_option_context_new ("COMMAND [ARG…]");
      g_option_context_set_summary (context, main_summary);
      g_option_context_set_description (context, EXIT_STATUS_TEXT
                                        "\nThe manual: docs/command-line.md (the `command-line` page of "
                                        "the API reference).");
    }
  else
    {
      parameters = g_strdup_printf ("%s %s", command->name, command->parameters);
      context = g_option_context_new (parameters);
      g_option_context_set_summary (context, command->summary);
      if (command->description != NULL)
        g_option_context_set_description (context, command->description);
      g_option_context_add_main_entries (context, command->entries, NULL);
    }
  g_option_context_add_main_entries (context, global_entries, NULL);
  return context;
}

static void
print_help (const Command *command,
            gboolean       to_stderr)
{
  g_autoptr(GOptionContext) context = command_context (command);
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  if (to_stderr)
    g_printerr ("%s", help);
  else
    g_print ("%s", help);
}

static Status
run_help_command (const Command *command,
                  char         **args)
{
  const Command *about = NULL;

  if (args[0] != NULL && args[1] != NULL)
    return fail (STATUS_USAGE, command, "one command at a time");
  if (args[0] != NULL && (about = find_command (args[0])) == NULL)
    return fail (STATUS_USAGE, command, "there is no command %s", args[0]);
  print_help (about == command ? NULL : about, FALSE);
  return STATUS_OK;
}

/* Whether the option @arg takes the next argument as its value */
static gboolean
takes_value (const char *arg)
{
  const GOptionEntry *tables[G_N_ELEMENTS (commands) + 1];

  tables[0] = global_entries;
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    tables[i + 1] = commands[i].entries;
  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const GOptionEntry *e = tables[t]; e->long_name != NULL; e++)
      {
        gboolean long_match = g_str_has_prefix (arg, "--") && g_str_equal (arg + 2, e->long_name);
        gboolean short_match = e->short_name != 0 && arg[0] == '-' && arg[1] == e->short_name &&
                               arg[2] == '\0';

        if ((long_match || short_match) && e->arg != G_OPTION_ARG_NONE)
          return TRUE;
      }
  return FALSE;
}

/* The position of the command in @argv: the first argument that is not an
 * option or the value of one; @argc when there is none */
static int
command_position (int    argc,
                  char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        return MIN (i + 1, argc);
      if (arg[0] != '-' || arg[1] == '\0')
        return i;
      if (takes_value (arg))
        i++;
    }
  return argc;
}

/* The messages of the library (g_message, g_info): with --verbose only.
 * Its warnings go to stderr as GLib prints them. */
static void
library_log (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if (opt_verbose)
    g_printerr ("schedula: %s\n", message);
}

static void
print_version (void)
{
  g_print ("schedula %s (libschedula-glib; model files%s%s%s)\n", SCHEDULA_VERSION_S,
           SCHEDULA_HAS_PLOT ? ", plots" : "", SCHEDULA_HAS_GRAPHVIZ ? ", graphviz" : "",
           SCHEDULA_HAS_WEB ? ", web server" : "");
}

static void
free_options (void)
{
  g_clear_pointer (&opt_plugins, g_ptr_array_unref);
  g_clear_pointer (&opt_inputs, g_strfreev);
  g_clear_pointer (&opt_input_file, g_free);
  g_clear_pointer (&opt_executor, g_free);
  g_clear_pointer (&opt_outputs, g_strfreev);
  g_clear_pointer (&opt_plot_file, g_free);
  g_clear_pointer (&opt_host, g_free);
  g_clear_pointer (&opt_token, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) stopped = NULL;
  const Command *command = NULL;
  Status status;
  int at;

  setlocale (LC_ALL, "");
  g_set_prgname ("schedula");
  opt_plugins = g_ptr_array_new_with_free_func (g_free);
  g_log_set_handler ("Schedula", G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG,
                     library_log, NULL);

  /* the arguments without the command, for the options of the command */
  at = command_position (argc, argv);
  args = g_new0 (char *, argc + 1);
  for (int i = 0, j = 0; i < argc; i++)
    if (i != at)
      args[j++] = g_strdup (argv[i]);
  if (at < argc && (command = find_command (argv[at])) == NULL)
    {
      free_options ();
      return fail (STATUS_USAGE, NULL, "unknown command %s", argv[at]);
    }

  context = command_context (command);
  if (!g_option_context_parse_strv (context, &args, &error))
    status = fail (STATUS_USAGE, command, "%s", error->message);
  else if (opt_version)
    {
      print_version ();
      status = STATUS_OK;
    }
  else if (command == NULL)
    {
      print_help (NULL, TRUE);
      status = fail (STATUS_USAGE, NULL, "the command is missing");
    }
  else
    status = command->run (command, args + 1);

  free_options ();
  /* the executors the dispatch started: their threads and workers */
  stopped = schedula_shutdown_executors ();
  return status;
}
