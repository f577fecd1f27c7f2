/* schedula-model-load.c: a model from a schedula-model/1 document
 *
 * The document was read by schedula-json-reader.c, which keeps the
 * position of each JSON node: every error names the member at fault. The
 * model is built as schedula_dispatcher_copy() builds a copy, node by node
 * with its index, then the edges in their order, so that what is loaded is
 * what was saved, indexes and adjacency order included. Nothing the file
 * says is trusted: ids, references to dispatchers, edges and weights are
 * checked against what the file defined.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "schedula-io-private.h"
#include "schedula-dispatcher-private.h"
#include "schedula-dispatch-options-private.h"
#include "schedula-private.h"

typedef struct
{
  SchedulaJsonDoc          *doc;
  SchedulaFunctionRegistry *registry;
  SchedulaLoadFlags         flags;
  GPtrArray                *dispatchers;  /* built so far, in file order */
} Loader;

/* Sets @error, naming the position of @node; FALSE */
#define FAIL(node, code, ...) \
  _schedula_json_doc_error (l->doc, (node), error, SCHEDULA_MODEL_FILE_ERROR_##code, __VA_ARGS__)

#define KIND(node) _schedula_json_kind_name (node)
#define STRING(node) _schedula_json_string (l->doc, (node))

/* Checks that the object @node has only the members of @allowed */
static gboolean
check_members (Loader                  *l,
               const SchedulaJsonNode  *node,
               const char              *what,
               const char *const       *allowed,
               GError                 **error)
{
  for (guint i = 0; i < _schedula_json_size (node); i++)
    {
      const SchedulaJsonNode *m = _schedula_json_child (l->doc, node, i);
      const char *key = _schedula_json_key (l->doc, m);
      const char *const *a = allowed;

      while (*a != NULL && ((*a)[0] != key[0] || strcmp (*a, key) != 0))
        a++;
      if (*a == NULL)
        return FAIL (m, FORMAT, "%s has no member \"%s\"", what, key);
    }
  return TRUE;
}

static gboolean
expect_object (Loader                  *l,
               const SchedulaJsonNode  *node,
               const char              *what,
               GError                 **error)
{
  if (node->kind == SCHEDULA_JSON_OBJECT)
    return TRUE;
  return FAIL (node, FORMAT, "%s is an object, not %s", what, KIND (node));
}

/* The member @key of the object @node, or NULL (and, when @required, an
 * error) */
static const SchedulaJsonNode *
member (Loader                  *l,
        const SchedulaJsonNode  *node,
        const char              *key,
        const char              *what,
        gboolean                 required,
        GError                 **error)
{
  const SchedulaJsonNode *m = _schedula_json_member (l->doc, node, key);

  if (m == NULL && required)
    FAIL (node, FORMAT, "%s has no member \"%s\"", what, key);
  return m;
}

static gboolean
get_string (Loader                  *l,
            const SchedulaJsonNode  *node,
            const char              *what,
            const char             **out,
            GError                 **error)
{
  *out = node->kind == SCHEDULA_JSON_STRING ? STRING (node) : NULL;
  if (*out == NULL)
    return FAIL (node, FORMAT, "%s is a string, not %s", what, KIND (node));
  return TRUE;
}

static gboolean
get_bool (Loader                  *l,
          const SchedulaJsonNode  *node,
          const char              *what,
          gboolean                *out,
          GError                 **error)
{
  *out = node->kind == SCHEDULA_JSON_BOOLEAN && node->v.b;
  if (node->kind != SCHEDULA_JSON_BOOLEAN)
    return FAIL (node, FORMAT, "%s is true or false, not %s", what, KIND (node));
  return TRUE;
}

/* @out is the boolean member @key of @node; @present says whether there is
 * one (a setter may record that it was called) */
static gboolean
opt_bool (Loader                  *l,
          const SchedulaJsonNode  *node,
          const char              *key,
          gboolean                *present,
          gboolean                *out,
          GError                 **error)
{
  const SchedulaJsonNode *m = _schedula_json_member (l->doc, node, key);

  *present = m != NULL;
  return m == NULL || get_bool (l, m, key, out, error);
}

static gboolean
get_int (Loader                  *l,
         const SchedulaJsonNode  *node,
         const char              *what,
         gint64                   min,
         gint64                   max,
         gint64                  *out,
         GError                 **error)
{
  *out = node->kind == SCHEDULA_JSON_INT ? node->v.i : 0;
  if (node->kind != SCHEDULA_JSON_INT)
    return FAIL (node, FORMAT, "%s is an integer, not %s", what, KIND (node));
  if (*out < min || *out > max)
    return FAIL (node, TOO_LARGE, "%s is out of its range (%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ")",
                 what, min, max);
  return TRUE;
}

static gboolean
get_array (Loader                  *l,
           const SchedulaJsonNode  *node,
           const char              *what,
           GError                 **error)
{
  if (node->kind != SCHEDULA_JSON_ARRAY)
    return FAIL (node, FORMAT, "%s is an array, not %s", what, KIND (node));
  return TRUE;
}

static gboolean
get_enum (Loader                  *l,
          const SchedulaJsonNode  *node,
          GType                    type,
          const char              *what,
          gint                    *out,
          GError                 **error)
{
  GEnumClass *klass;
  GEnumValue *v;
  const char *nick;

  if (!get_string (l, node, what, &nick, error))
    return FALSE;
  klass = g_type_class_ref (type);
  v = g_enum_get_value_by_nick (klass, nick);
  if (v != NULL)
    *out = v->value;
  g_type_class_unref (klass);
  if (v == NULL)
    return FAIL (node, FORMAT, "%s \"%s\" is unknown", what, nick);
  return TRUE;
}

static gboolean
get_double (Loader                  *l,
            const SchedulaJsonNode  *node,
            const char              *what,
            gboolean                 nan_allowed,
            gdouble                 *out,
            GError                 **error)
{
  if (!_schedula_json_get_double (l->doc, node, out, error))
    return FALSE;
  if (isnan (*out) && !nan_allowed)
    return FAIL (node, FORMAT, "%s is NaN", what);
  return TRUE;
}

/* A distance: a number, or [inf, num] */
static gboolean
get_distance (Loader                  *l,
              const SchedulaJsonNode  *node,
              const char              *what,
              SchedulaDistance        *out,
              GError                 **error)
{
  if (node->kind == SCHEDULA_JSON_ARRAY)
    {
      if (_schedula_json_size (node) != 2)
        return FAIL (node, FORMAT, "%s is a number or [inf, num]", what);
      return get_double (l, _schedula_json_child (l->doc, node, 0), what, FALSE, &out->inf, error) &&
             get_double (l, _schedula_json_child (l->doc, node, 1), what, FALSE, &out->num, error);
    }
  out->inf = 0;
  return get_double (l, node, what, FALSE, &out->num, error);
}

/* An id of a node: '$' starts the special ids only */
static gboolean
check_id (Loader                  *l,
          const SchedulaJsonNode  *node,
          const char              *id,
          GError                 **error)
{
  if (id[0] == '$' && !schedula_id_is_special (id))
    return FAIL (node, FORMAT, "invalid id %s: ids starting with '$' are reserved", id);
  return TRUE;
}

/* An array of ids, NULL-terminated (a new array of the strings of @node) */
static gboolean
get_ids (Loader                   *l,
         const SchedulaJsonNode   *node,
         const char               *what,
         const char             ***out,
         GError                  **error)
{
  guint n;
  const char **ids;

  if (!get_array (l, node, what, error))
    return FALSE;
  n = _schedula_json_size (node);
  ids = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const SchedulaJsonNode *item = _schedula_json_child (l->doc, node, i);

      if (!get_string (l, item, what, &ids[i], error) || !check_id (l, item, ids[i], error))
        {
          g_free (ids);
          return FALSE;
        }
    }
  *out = ids;
  return TRUE;
}

/* A mapping: {key: id or [id, ...]} */
static SchedulaMapping *
get_mapping (Loader                  *l,
             const SchedulaJsonNode  *node,
             const char              *what,
             GError                 **error)
{
  g_autoptr(SchedulaMapping) m = schedula_mapping_new ();

  if (!expect_object (l, node, what, error))
    return NULL;
  for (guint k = 0; k < _schedula_json_size (node); k++)
    {
      const SchedulaJsonNode *v = _schedula_json_child (l->doc, node, k);
      const char *key = _schedula_json_key (l->doc, v);

      if (v->kind == SCHEDULA_JSON_STRING)
        schedula_mapping_add (m, key, STRING (v));
      else
        {
          if (v->kind != SCHEDULA_JSON_ARRAY || _schedula_json_size (v) == 0)
            {
              FAIL (v, FORMAT, "%s maps a key to an id or to a non-empty array of ids, not %s", what,
                    KIND (v));
              return NULL;
            }
          for (guint i = 0; i < _schedula_json_size (v); i++)
            {
              const char *id;

              if (!get_string (l, _schedula_json_child (l->doc, v, i), what, &id, error))
                return NULL;
              schedula_mapping_add (m, key, id);
            }
        }
    }
  return g_steal_pointer (&m);
}

static SchedulaDispatcher *
get_dispatcher (Loader                  *l,
                const SchedulaJsonNode  *node,
                GError                 **error)
{
  gint64 k;

  if (!get_int (l, node, "a dispatcher (its position in \"dispatchers\")", 0, G_MAXINT, &k, error))
    return NULL;
  if (k >= (gint64) l->dispatchers->len)
    {
      FAIL (node, UNKNOWN_ID, "dispatcher %" G_GINT64_FORMAT " is not defined before it is used "
            "(the dispatchers of a file come children first)", k);
      return NULL;
    }
  return l->dispatchers->pdata[k];
}

/* Functions */

static SchedulaFunction *load_function (Loader *l, const SchedulaJsonNode *node, SchedulaFunctionRole role,
                                        GError **error);

static SchedulaDispatchOptions *
get_options (Loader                  *l,
             const SchedulaJsonNode  *node,
             GError                 **error)
{
  static const char *const allowed[] = { "wildcard", "no_call", "shrink", "rm_unused_nodes", "verbose",
                                         "speculative", "no_domain", "executor", "timeout", "input_dist",
                                         NULL };
  g_autoptr(SchedulaDispatchOptions) options = schedula_dispatch_options_new ();
  const SchedulaJsonNode *m;
  gboolean b;
  gint e;

  if (!expect_object (l, node, "the options of a wrapper", error) ||
      !check_members (l, node, "the options of a wrapper", allowed, error))
    return NULL;
  if ((m = member (l, node, "wildcard", NULL, FALSE, error)) != NULL)
    {
      if (!get_enum (l, m, SCHEDULA_TYPE_WILDCARD, "the wildcard", &e, error))
        return NULL;
      schedula_dispatch_options_set_wildcard (options, e);
    }
#define FLAG(name, setter) \
  if ((m = member (l, node, name, NULL, FALSE, error)) != NULL) \
    { \
      if (!get_bool (l, m, name, &b, error)) \
        return NULL; \
      setter (options, b); \
    }
  FLAG ("no_call", schedula_dispatch_options_set_no_call);
  FLAG ("shrink", schedula_dispatch_options_set_shrink);
  FLAG ("rm_unused_nodes", schedula_dispatch_options_set_rm_unused_nodes);
  FLAG ("verbose", schedula_dispatch_options_set_verbose);
  FLAG ("speculative", schedula_dispatch_options_set_speculative);
  FLAG ("no_domain", _schedula_dispatch_options_set_no_domain);
#undef FLAG
  if ((m = member (l, node, "executor", NULL, FALSE, error)) != NULL)
    {
      const char *executor;

      if (!get_string (l, m, "the executor", &executor, error))
        return NULL;
      schedula_dispatch_options_set_executor (options, executor);
    }
  if ((m = member (l, node, "timeout", NULL, FALSE, error)) != NULL)
    {
      gdouble timeout;

      if (!get_double (l, m, "the timeout", FALSE, &timeout, error))
        return NULL;
      if (timeout < 0)
        {
          FAIL (m, FORMAT, "the timeout is negative");
          return NULL;
        }
      schedula_dispatch_options_set_timeout (options, timeout);
    }
  if ((m = member (l, node, "input_dist", NULL, FALSE, error)) != NULL)
    {
      if (!expect_object (l, m, "input_dist", error))
        return NULL;
      for (guint k = 0; k < _schedula_json_size (m); k++)
        {
          const SchedulaJsonNode *dist = _schedula_json_child (l->doc, m, k);
          SchedulaDistance d;

          if (!get_distance (l, dist, "an input distance", &d, error))
            return NULL;
          schedula_dispatch_options_set_input_dist (options, _schedula_json_key (l->doc, dist), &d);
        }
    }
  return g_steal_pointer (&options);
}

static SchedulaOutputType
output_type_of (Loader                  *l,
                const SchedulaJsonNode  *node,
                gboolean                *ok,
                GError                 **error)
{
  const SchedulaJsonNode *m = member (l, node, "output_type", NULL, FALSE, error);
  gint e = SCHEDULA_OUTPUT_TYPE_DEFAULT;

  *ok = m == NULL || get_enum (l, m, SCHEDULA_TYPE_OUTPUT_TYPE, "the output type", &e, error);
  return e;
}

/* A wrapper's error (an output its model does not have, ...) at @node */
static void
wrapper_error (Loader                  *l,
               const SchedulaJsonNode  *node,
               const char              *wrapper,
               GError                  *inner,
               GError                 **error)
{
  _schedula_json_doc_error (l->doc, node, error, SCHEDULA_MODEL_FILE_ERROR_FORMAT, "the %s cannot be made: %s",
                            wrapper, inner->message);
  g_error_free (inner);
}

static SchedulaFunction *
load_wrapper (Loader                  *l,
              const SchedulaJsonNode  *node,
              const char              *wrapper,
              GError                 **error)
{
  static const char *const sub_dispatch[] = { "wrapper", "name", "dispatcher", "outputs", "output_type",
                                              "options", NULL };
  static const char *const function_like[] = { "wrapper", "name", "dispatcher", "inputs", "outputs",
                                               "output_type", "options", NULL };
  static const char *const map_dispatch[] = { "wrapper", "name", "dispatcher", "defaults", "recursive_inputs",
                                              "outputs", "output_type", NULL };
  static const char *const dispatcher_only[] = { "wrapper", "name", "dispatcher", NULL };
  gboolean is_dispatcher = g_str_equal (wrapper, "Dispatcher");
  gboolean is_sub_dispatch = is_dispatcher || g_str_equal (wrapper, "SubDispatch");
  gboolean is_map = g_str_equal (wrapper, "MapDispatch");
  gboolean is_function = g_str_equal (wrapper, "SubDispatchFunction");
  gboolean is_pipe = g_str_equal (wrapper, "SubDispatchPipe");
  gboolean is_strict_pipe = g_str_equal (wrapper, "DispatchPipe");
  g_autofree const char **inputs = NULL;
  g_autofree const char **outputs = NULL;
  g_autoptr(SchedulaDispatchOptions) options = NULL;
  g_autofree char *what = g_strdup_printf ("a %s", wrapper);
  SchedulaDispatcher *dsp;
  SchedulaOutputType output_type;
  const SchedulaJsonNode *m;
  const char *name;
  GError *inner = NULL;
  gboolean ok;

  if (!is_sub_dispatch && !is_map && !is_function && !is_pipe && !is_strict_pipe)
    {
      FAIL (member (l, node, "wrapper", NULL, FALSE, error), FORMAT,
            "unknown wrapper \"%s\" (Dispatcher, SubDispatch, SubDispatchFunction, SubDispatchPipe, "
            "DispatchPipe, MapDispatch)", wrapper);
      return NULL;
    }
  if (!check_members (l, node, what,
                      is_dispatcher ? dispatcher_only : is_sub_dispatch ? sub_dispatch : is_map ? map_dispatch
                                                                                             : function_like,
                      error))
    return NULL;
  if ((m = member (l, node, "name", what, TRUE, error)) == NULL || !get_string (l, m, "the name", &name, error))
    return NULL;
  if ((m = member (l, node, "dispatcher", what, TRUE, error)) == NULL || (dsp = get_dispatcher (l, m, error)) == NULL)
    return NULL;
  if ((m = member (l, node, "inputs", NULL, FALSE, error)) != NULL &&
      !get_ids (l, m, "the inputs of a wrapper", &inputs, error))
    return NULL;
  if ((m = member (l, node, "outputs", NULL, FALSE, error)) != NULL &&
      !get_ids (l, m, "the outputs of a wrapper", &outputs, error))
    return NULL;
  output_type = output_type_of (l, node, &ok, error);
  if (!ok)
    return NULL;
  if ((m = member (l, node, "options", NULL, FALSE, error)) != NULL && (options = get_options (l, m, error)) == NULL)
    return NULL;

  if (is_sub_dispatch || is_map)
    {
      /* their name is the model's when they are made */
      g_autofree char *model_name = g_strdup (schedula_dispatcher_get_name (dsp));
      g_autoptr(SchedulaDict) defaults = NULL;
      g_autoptr(SchedulaMapping) recursive = NULL;
      SchedulaFunction *f;

      if (is_map && (m = member (l, node, "defaults", NULL, FALSE, error)) != NULL)
        {
          g_auto(GValue) v = G_VALUE_INIT;

          if (!_schedula_json_to_value (l->doc, m, l->flags, &v, error))
            return NULL;
          if (!G_VALUE_HOLDS (&v, SCHEDULA_TYPE_DICT))
            {
              FAIL (m, VALUE, "the defaults of a MapDispatch are a dict, not a %s", G_VALUE_TYPE_NAME (&v));
              return NULL;
            }
          defaults = g_value_dup_boxed (&v);
        }
      if (is_map && (m = member (l, node, "recursive_inputs", NULL, FALSE, error)) != NULL &&
          (recursive = get_mapping (l, m, "the recursive inputs", error)) == NULL)
        return NULL;
      schedula_dispatcher_set_name (dsp, name);
      if (is_map)
        f = SCHEDULA_FUNCTION (schedula_map_dispatch_new (dsp, defaults, recursive, outputs, output_type));
      else if (is_dispatcher)
        f = SCHEDULA_FUNCTION (schedula_sub_dispatch_new_for_dispatcher (dsp));
      else
        f = SCHEDULA_FUNCTION (schedula_sub_dispatch_new (dsp, outputs, output_type, options));
      schedula_dispatcher_set_name (dsp, model_name);
      return f;
    }

  /* The model is saved as the wrapper made it (shrunk): it is not shrunk
   * again */
  if (options == NULL)
    options = schedula_dispatch_options_new ();
  schedula_dispatch_options_set_shrink (options, FALSE);
  if (is_function)
    {
      SchedulaSubDispatchFunction *f = schedula_sub_dispatch_function_new (dsp, name, inputs, outputs, output_type,
                                                                           options, &inner);

      if (f == NULL)
        wrapper_error (l, node, wrapper, inner, error);
      return SCHEDULA_FUNCTION (f);
    }
  if (is_pipe)
    {
      SchedulaSubDispatchPipe *f = schedula_sub_dispatch_pipe_new (dsp, name, inputs, outputs, output_type,
                                                                   options, &inner);

      if (f == NULL)
        wrapper_error (l, node, wrapper, inner, error);
      return SCHEDULA_FUNCTION (f);
    }
  {
    SchedulaDispatchPipe *f = schedula_dispatch_pipe_new (dsp, name, inputs, outputs, output_type, options, &inner);

    if (f == NULL)
      wrapper_error (l, node, wrapper, inner, error);
    return SCHEDULA_FUNCTION (f);
  }
}

/* The key map of map_list: strings, mappings, and key maps */
static gboolean
get_key_map (Loader                  *l,
             const SchedulaJsonNode  *node,
             GValue                  *value,
             GError                 **error)
{
  GValueArray *array;

  if (!get_array (l, node, "the key map of map_list", error))
    return FALSE;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array = g_value_array_new (_schedula_json_size (node));
  for (guint i = 0; i < _schedula_json_size (node); i++)
    {
      const SchedulaJsonNode *item = _schedula_json_child (l->doc, node, i);
      GValue v = G_VALUE_INIT;

      if (item->kind == SCHEDULA_JSON_STRING)
        {
          g_value_init (&v, G_TYPE_STRING);
          g_value_set_string (&v, STRING (item));
        }
      else if (item->kind == SCHEDULA_JSON_OBJECT)
        {
          SchedulaMapping *m = get_mapping (l, item, "a mapping of the key map", error);

          if (m == NULL)
            {
              g_value_array_free (array);
              return FALSE;
            }
          g_value_init (&v, SCHEDULA_TYPE_MAPPING);
          g_value_take_boxed (&v, m);
        }
      else if (item->kind == SCHEDULA_JSON_ARRAY)
        {
          /* bounded by the depth of the file */
          if (!get_key_map (l, item, &v, error))
            {
              g_value_array_free (array);
              return FALSE;
            }
        }
      else
        {
          g_value_array_free (array);
          return FAIL (item, FORMAT, "an item of a key map is a key, a mapping or a key map, not %s",
                       KIND (item));
        }
      g_value_array_append (array, &v);
      g_value_unset (&v);
    }
  g_value_init (value, g_value_array_get_type ());
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_value_take_boxed (value, array);
  return TRUE;
}

static SchedulaFunction *
load_helper (Loader                  *l,
             const SchedulaJsonNode  *node,
             const char              *helper,
             GError                 **error)
{
  static const char *const plain[] = { "helper", NULL };
  static const char *const selector[] = { "helper", "keys", "output_type", "allow_miss", NULL };
  static const char *const replicate[] = { "helper", "n", NULL };
  static const char *const key_map[] = { "helper", "key_map", NULL };
  g_autofree char *what = g_strdup_printf ("the helper %s", helper);
  const SchedulaJsonNode *m;

  if (g_str_equal (helper, "bypass") || g_str_equal (helper, "summation") ||
      g_str_equal (helper, "combine_dicts") || g_str_equal (helper, "run_model"))
    {
      if (!check_members (l, node, what, plain, error))
        return NULL;
      if (g_str_equal (helper, "bypass"))
        return schedula_bypass_new ();
      if (g_str_equal (helper, "summation"))
        return schedula_summation_new ();
      if (g_str_equal (helper, "combine_dicts"))
        return schedula_combine_dicts_new ();
      return schedula_run_model_new ();
    }
  if (g_str_equal (helper, "selector"))
    {
      g_autofree const char **keys = NULL;
      gboolean allow_miss = FALSE, ok;
      SchedulaOutputType output_type;

      if (!check_members (l, node, what, selector, error) ||
          (m = member (l, node, "keys", what, TRUE, error)) == NULL ||
          !get_ids (l, m, "the keys of a selector", &keys, error))
        return NULL;
      output_type = output_type_of (l, node, &ok, error);
      if (!ok)
        return NULL;
      if ((m = member (l, node, "allow_miss", NULL, FALSE, error)) != NULL &&
          !get_bool (l, m, "allow_miss", &allow_miss, error))
        return NULL;
      return schedula_selector_new (keys, output_type, allow_miss);
    }
  if (g_str_equal (helper, "replicate_value"))
    {
      gint64 n;

      if (!check_members (l, node, what, replicate, error) ||
          (m = member (l, node, "n", what, TRUE, error)) == NULL ||
          !get_int (l, m, "the number of copies", 0, SCHEDULA_MAX_VALUES, &n, error))
        return NULL;
      return schedula_replicate_value_new ((guint) n);
    }
  if (g_str_equal (helper, "map_dict"))
    {
      g_autoptr(SchedulaMapping) map = NULL;

      if (!check_members (l, node, what, key_map, error) ||
          (m = member (l, node, "key_map", what, TRUE, error)) == NULL ||
          (map = get_mapping (l, m, "the key map of map_dict", error)) == NULL)
        return NULL;
      return schedula_map_dict_new (map);
    }
  if (g_str_equal (helper, "map_list"))
    {
      g_auto(GValue) map = G_VALUE_INIT;
      SchedulaFunction *f;
      GError *inner = NULL;

      if (!check_members (l, node, what, key_map, error) ||
          (m = member (l, node, "key_map", what, TRUE, error)) == NULL ||
          !get_key_map (l, m, &map, error))
        return NULL;
      f = schedula_map_list_new (&map, &inner);
      if (f == NULL)
        wrapper_error (l, m, "map_list", inner, error);
      return f;
    }
  FAIL (member (l, node, "helper", NULL, FALSE, error), FORMAT,
        "unknown helper \"%s\" (bypass, summation, selector, replicate_value, combine_dicts, map_dict, "
        "map_list, run_model)", helper);
  return NULL;
}

static SchedulaFunction *
load_function (Loader                  *l,
               const SchedulaJsonNode  *node,
               SchedulaFunctionRole     role,
               GError                 **error)
{
  const SchedulaJsonNode *m;

  if (node->kind == SCHEDULA_JSON_STRING)
    {
      const char *name = STRING (node);
      SchedulaFunction *f = schedula_function_registry_lookup (l->registry, name);

      if (f == NULL)
        FAIL (node, UNKNOWN_FUNCTION, "no function named %s in the registry "
              "(add it with schedula_function_registry_add)", name);
      return f;
    }
  if (node->kind != SCHEDULA_JSON_OBJECT)
    {
      FAIL (node, FORMAT, "a function is a name, {\"ref\": ...}, {\"helper\": ...} or {\"wrapper\": ...}, not %s",
            KIND (node));
      return NULL;
    }
  if ((m = _schedula_json_member (l->doc, node, "helper")) != NULL)
    {
      const char *helper;

      return get_string (l, m, "the helper", &helper, error) ? load_helper (l, node, helper, error) : NULL;
    }
  if ((m = _schedula_json_member (l->doc, node, "wrapper")) != NULL)
    {
      const char *wrapper;

      return get_string (l, m, "the wrapper", &wrapper, error) ? load_wrapper (l, node, wrapper, error) : NULL;
    }
  if ((m = _schedula_json_member (l->doc, node, "ref")) != NULL)
    {
      static const char *const allowed[] = { "ref", NULL };
      const char *ref;
      SchedulaFunction *f;
      GError *inner = NULL;

      if (!check_members (l, node, "a function reference", allowed, error) ||
          !get_string (l, m, "the reference", &ref, error))
        return NULL;
      if (g_str_has_prefix (ref, "builtin:"))
        {
          /* the library's own */
          if (g_str_equal (ref, "builtin:bypass"))
            return g_object_ref (_schedula_builtin_collect ());
          FAIL (m, UNKNOWN_FUNCTION, "the library has no function %s", ref);
          return NULL;
        }
      if (!(l->flags & SCHEDULA_LOAD_FLAGS_ALLOW_REFS))
        {
          FAIL (m, REF_NOT_ALLOWED, "the function %s is a reference: resolving it may load code the file "
                "names; allow it with SCHEDULA_LOAD_FLAGS_ALLOW_REFS", ref);
          return NULL;
        }
      f = schedula_function_registry_resolve (l->registry, ref, role, &inner);
      if (f == NULL)
        {
          if (inner->domain == SCHEDULA_MODEL_FILE_ERROR && inner->code == SCHEDULA_MODEL_FILE_ERROR_UNKNOWN_FUNCTION)
            FAIL (m, UNKNOWN_FUNCTION, "%s", inner->message);
          else
            FAIL (m, UNKNOWN_FUNCTION, "the reference %s cannot be resolved: %s", ref, inner->message);
          g_error_free (inner);
        }
      return f;
    }
  FAIL (node, FORMAT, "a function object has a member \"ref\", \"helper\" or \"wrapper\"");
  return NULL;
}

/* Sets @node's function from the member @key, if there */
static gboolean
get_function (Loader                  *l,
              const SchedulaJsonNode  *node,
              const char              *key,
              SchedulaFunctionRole     role,
              SchedulaFunction       **out,
              GError                 **error)
{
  const SchedulaJsonNode *m = member (l, node, key, NULL, FALSE, error);

  *out = NULL;
  if (m == NULL || m->kind == SCHEDULA_JSON_NULL)
    return TRUE;
  *out = load_function (l, m, role, error);
  return *out != NULL;
}

/* The filters of @node, or *out NULL without them */
static gboolean
get_filters (Loader                  *l,
             const SchedulaJsonNode  *node,
             GPtrArray              **out,
             GError                 **error)
{
  const SchedulaJsonNode *m = member (l, node, "filters", NULL, FALSE, error);
  g_autoptr(GPtrArray) filters = NULL;

  *out = NULL;
  if (m == NULL)
    return TRUE;
  if (!get_array (l, m, "the filters", error))
    return FALSE;
  filters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < _schedula_json_size (m); i++)
    {
      SchedulaFunction *f = load_function (l, _schedula_json_child (l->doc, m, i), SCHEDULA_FUNCTION_ROLE_FILTER,
                                           error);

      if (f == NULL)
        return FALSE;
      g_ptr_array_add (filters, f);
    }
  *out = g_steal_pointer (&filters);
  return TRUE;
}

/* Nodes */

/* Sets the weights of the member @key ({id: weight}) on the ports of @ports */
static gboolean
get_weights (Loader                  *l,
             const SchedulaJsonNode  *node,
             const char              *key,
             SchedulaPorts           *ports,
             gboolean                 output,
             GError                 **error)
{
  const SchedulaJsonNode *m = member (l, node, key, NULL, FALSE, error);
  guint start = output ? ports->n_inputs : 0;
  guint end = output ? ports->n_inputs + ports->n_outputs : ports->n_inputs;

  if (m == NULL)
    return TRUE;
  if (!expect_object (l, m, key, error))
    return FALSE;
  for (guint k = 0; k < _schedula_json_size (m); k++)
    {
      const SchedulaJsonNode *w = _schedula_json_child (l->doc, m, k);
      const char *id = _schedula_json_key (l->doc, w);
      gboolean found = FALSE;
      gdouble weight;

      if (!get_double (l, w, "a weight", TRUE, &weight, error))
        return FALSE;
      for (guint i = start; i < end; i++)
        if (g_str_equal (ports->ids[i], id))
          {
            _schedula_ports_writable_weights (ports)[i] = weight;
            found = TRUE;
          }
      if (!found)
        return FAIL (w, UNKNOWN_ID, "a weight of %s %s, which the node does not have",
                     output ? "output" : "input", id);
    }
  return TRUE;
}

static gboolean
get_node_weight (Loader                  *l,
                 const SchedulaJsonNode  *node,
                 gdouble                 *weight,
                 gboolean                *has,
                 GError                 **error)
{
  const SchedulaJsonNode *m = member (l, node, "weight", NULL, FALSE, error);

  *has = m != NULL;
  return m == NULL || get_double (l, m, "the weight", FALSE, weight, error);
}

static SchedulaNode *
load_data_node (Loader                  *l,
                const SchedulaJsonNode  *node,
                const char              *id,
                gboolean                 with_defaults,
                GError                 **error)
{
  static const char *const allowed[] = { "id", "kind", "index", "description", "default", "self_default",
                                         "initial_dist", "wait_inputs", "wildcard", "combiner", "callback",
                                         "filters", "await_result", "value_type", NULL };
  static const char *const allowed_in_map[] = { "id", "kind", "index", "description", "wait_inputs", "wildcard",
                                                "combiner", "callback", "filters", "await_result",
                                                "value_type", NULL };
  g_autoptr(SchedulaDataNode) data = g_object_new (SCHEDULA_TYPE_DATA_NODE, NULL);
  g_autoptr(SchedulaFunction) combiner = NULL;
  g_autoptr(SchedulaFunction) callback = NULL;
  g_autoptr(GPtrArray) filters = NULL;
  const SchedulaJsonNode *m;
  gboolean b, present;

  if (!check_members (l, node, with_defaults ? "a data node" : "a data node of a map",
                      with_defaults ? allowed : allowed_in_map, error))
    return NULL;
  if ((m = member (l, node, "default", NULL, FALSE, error)) != NULL)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      if (!_schedula_json_to_value (l->doc, m, l->flags, &v, error))
        return NULL;
      schedula_data_node_set_default_value (data, &v);
    }
  if ((m = member (l, node, "self_default", NULL, FALSE, error)) != NULL)
    {
      if (!get_bool (l, m, "self_default", &b, error))
        return NULL;
      if (b && !g_str_equal (id, SCHEDULA_SELF))
        {
          FAIL (m, FORMAT, "only %s has the dispatcher as its default", SCHEDULA_SELF);
          return NULL;
        }
      data->self_default = b;
    }
  if ((m = member (l, node, "initial_dist", NULL, FALSE, error)) != NULL)
    {
      SchedulaDistance d;

      if (!get_distance (l, m, "the initial distance", &d, error))
        return NULL;
      schedula_data_node_set_initial_dist (data, &d);
    }
  if (!opt_bool (l, node, "wait_inputs", &present, &b, error))
    return NULL;
  if (present)
    schedula_data_node_set_wait_inputs (data, b);
  if (!opt_bool (l, node, "wildcard", &present, &b, error))
    return NULL;
  if (present)
    schedula_data_node_set_wildcard (data, b);
  if (!get_function (l, node, "combiner", SCHEDULA_FUNCTION_ROLE_COMBINER, &combiner, error) ||
      !get_function (l, node, "callback", SCHEDULA_FUNCTION_ROLE_CALLBACK, &callback, error) ||
      !get_filters (l, node, &filters, error))
    return NULL;
  schedula_data_node_set_combiner (data, combiner);
  schedula_data_node_set_callback (data, callback);
  for (guint i = 0; filters != NULL && i < filters->len; i++)
    schedula_data_node_add_filter (data, filters->pdata[i]);
  if (!opt_bool (l, node, "await_result", &present, &b, error))
    return NULL;
  if (present)
    schedula_data_node_set_await_result (data, b);
  if ((m = member (l, node, "value_type", NULL, FALSE, error)) != NULL)
    {
      const char *name;
      GType type;

      if (!get_string (l, m, "the value type", &name, error))
        return NULL;
      type = g_type_from_name (name);
      if (type == G_TYPE_INVALID)
        {
          FAIL (m, VALUE, "the type %s is not registered in this process", name);
          return NULL;
        }
      schedula_data_node_set_value_type (data, type);
    }
  return SCHEDULA_NODE (g_steal_pointer (&data));
}

static SchedulaNode *
load_function_node (Loader                  *l,
                    const SchedulaJsonNode  *node,
                    GError                 **error)
{
  static const char *const allowed[] = { "id", "kind", "index", "description", "function", "inputs", "outputs",
                                         "input_weights", "output_weights", "weight", "input_domain", "filters",
                                         "await_domain", "await_result", NULL };
  g_autoptr(SchedulaFunctionNode) f = g_object_new (SCHEDULA_TYPE_FUNCTION_NODE, NULL);
  g_autoptr(SchedulaFunction) function = NULL;
  g_autoptr(SchedulaFunction) domain = NULL;
  g_autoptr(GPtrArray) filters = NULL;
  g_autofree const char **inputs = NULL;
  g_autofree const char **outputs = NULL;
  const SchedulaJsonNode *m;
  gdouble weight = 0;
  gboolean b, present, has_weight;

  if (!check_members (l, node, "a function node", allowed, error))
    return NULL;
  if ((m = member (l, node, "inputs", "a function node", TRUE, error)) == NULL ||
      !get_ids (l, m, "the inputs", &inputs, error) ||
      (m = member (l, node, "outputs", "a function node", TRUE, error)) == NULL ||
      !get_ids (l, m, "the outputs", &outputs, error))
    return NULL;
  _schedula_ports_init (&f->ports, inputs, outputs);
  if (!get_weights (l, node, "input_weights", &f->ports, FALSE, error) ||
      !get_weights (l, node, "output_weights", &f->ports, TRUE, error) ||
      !get_node_weight (l, node, &weight, &has_weight, error))
    return NULL;
  if (has_weight)
    schedula_function_node_set_weight (f, weight);
  if (!get_function (l, node, "function", SCHEDULA_FUNCTION_ROLE_FUNCTION, &function, error) ||
      !get_function (l, node, "input_domain", SCHEDULA_FUNCTION_ROLE_INPUT_DOMAIN, &domain, error) ||
      !get_filters (l, node, &filters, error))
    return NULL;
  schedula_function_node_set_function (f, function);
  schedula_function_node_set_input_domain (f, domain);
  for (guint i = 0; filters != NULL && i < filters->len; i++)
    schedula_function_node_add_filter (f, filters->pdata[i]);
  if (!opt_bool (l, node, "await_domain", &present, &b, error))
    return NULL;
  if (present)
    schedula_function_node_set_await_domain (f, b);
  if (!opt_bool (l, node, "await_result", &present, &b, error))
    return NULL;
  if (present)
    schedula_function_node_set_await_result (f, b);
  return SCHEDULA_NODE (g_steal_pointer (&f));
}

static SchedulaNode *
load_dispatcher_node (Loader                  *l,
                      const SchedulaJsonNode  *node,
                      GError                 **error)
{
  static const char *const allowed[] = { "id", "kind", "index", "description", "dispatcher", "inputs", "outputs",
                                         "ports", "input_weights", "output_weights", "weight", "input_domain",
                                         "include_defaults", "await_domain", NULL };
  static const char *const ports_allowed[] = { "inputs", "outputs", NULL };
  g_autoptr(SchedulaDispatcherNode) d = NULL;
  g_autoptr(SchedulaMapping) inputs = NULL;
  g_autoptr(SchedulaMapping) outputs = NULL;
  g_autoptr(SchedulaFunction) domain = NULL;
  SchedulaDispatcher *child;
  const SchedulaJsonNode *m;
  gdouble weight = 0;
  gboolean b, present, has_weight;

  if (!check_members (l, node, "a sub-dispatcher node", allowed, error))
    return NULL;
  if ((m = member (l, node, "dispatcher", "a sub-dispatcher node", TRUE, error)) == NULL ||
      (child = get_dispatcher (l, m, error)) == NULL)
    return NULL;
  if ((m = member (l, node, "inputs", "a sub-dispatcher node", TRUE, error)) == NULL ||
      (inputs = get_mapping (l, m, "the input mapping", error)) == NULL ||
      (m = member (l, node, "outputs", "a sub-dispatcher node", TRUE, error)) == NULL ||
      (outputs = get_mapping (l, m, "the output mapping", error)) == NULL)
    return NULL;
  d = schedula_dispatcher_node_new (NULL, child, inputs, outputs);
  if ((m = member (l, node, "ports", NULL, FALSE, error)) != NULL)
    {
      g_autofree const char **ins = NULL;
      g_autofree const char **outs = NULL;
      const SchedulaJsonNode *p;

      if (!expect_object (l, m, "the ports", error) || !check_members (l, m, "the ports", ports_allowed, error) ||
          (p = member (l, m, "inputs", "the ports", TRUE, error)) == NULL ||
          !get_ids (l, p, "the input ports", &ins, error) ||
          (p = member (l, m, "outputs", "the ports", TRUE, error)) == NULL ||
          !get_ids (l, p, "the output ports", &outs, error))
        return NULL;
      _schedula_ports_clear (&d->ports);
      _schedula_ports_init (&d->ports, ins, outs);
      /* edges into a sub-dispatcher node weigh 0 unless told otherwise */
      for (guint i = 0; i < d->ports.n_inputs; i++)
        _schedula_ports_writable_weights (&d->ports)[i] = 0.0;
    }
  if (!get_weights (l, node, "input_weights", &d->ports, FALSE, error) ||
      !get_weights (l, node, "output_weights", &d->ports, TRUE, error) ||
      !get_node_weight (l, node, &weight, &has_weight, error))
    return NULL;
  if (has_weight)
    schedula_dispatcher_node_set_weight (d, weight);
  if (!get_function (l, node, "input_domain", SCHEDULA_FUNCTION_ROLE_DISPATCHER_DOMAIN, &domain, error))
    return NULL;
  schedula_dispatcher_node_set_input_domain (d, domain);
  if ((m = member (l, node, "include_defaults", NULL, FALSE, error)) != NULL)
    {
      if (!get_bool (l, m, "include_defaults", &b, error))
        return NULL;
      /* the defaults were moved when the node was added: the flag only */
      d->include_defaults = b;
    }
  if (!opt_bool (l, node, "await_domain", &present, &b, error))
    return NULL;
  if (present)
    schedula_dispatcher_node_set_await_domain (d, b);
  return SCHEDULA_NODE (g_steal_pointer (&d));
}

/* Adds the node @node describes to @dsp */
static gboolean
load_node (Loader                  *l,
           SchedulaDispatcher      *dsp,
           const SchedulaJsonNode  *node,
           gboolean                 with_defaults,
           GError                 **error)
{
  g_autoptr(SchedulaNode) n = NULL;
  const char *kind, *id, *description = NULL;
  const SchedulaJsonNode *m, *id_node;
  gint64 index;

  if (!expect_object (l, node, "a node", error))
    return FALSE;
  if ((m = member (l, node, "kind", "a node", TRUE, error)) == NULL || !get_string (l, m, "the kind", &kind, error) ||
      (id_node = member (l, node, "id", "a node", TRUE, error)) == NULL ||
      !get_string (l, id_node, "the id", &id, error) || !check_id (l, id_node, id, error) ||
      (m = member (l, node, "index", "a node", TRUE, error)) == NULL ||
      !get_int (l, m, "the index", G_MININT, G_MAXINT, &index, error))
    return FALSE;
  if ((m = member (l, node, "description", NULL, FALSE, error)) != NULL &&
      !get_string (l, m, "the description", &description, error))
    return FALSE;
  if (_schedula_index_lookup (&dsp->index, id) != NULL)
    return FAIL (id_node, FORMAT, "a second node %s in the dispatcher", id);

  if (g_str_equal (kind, "data"))
    n = load_data_node (l, node, id, with_defaults, error);
  else if (g_str_equal (kind, "function"))
    n = load_function_node (l, node, error);
  else if (g_str_equal (kind, "dispatcher"))
    n = load_dispatcher_node (l, node, error);
  else
    return FAIL (member (l, node, "kind", NULL, FALSE, error), FORMAT,
                 "unknown node kind \"%s\" (data, function, dispatcher)", kind);
  if (n == NULL)
    return FALSE;
  if (description != NULL)
    schedula_node_set_description (n, description);
  /* the id is not the dispatcher's yet (see above): interned without
   * looking it up again */
  _schedula_node_attach (n, dsp, _schedula_strings_insert (dsp->strings, id), (gint) index);
  _schedula_dispatcher_append (dsp, n);
  return TRUE;
}

static gboolean
ports_hold (SchedulaNode *node,
            const char   *id,
            gboolean      output)
{
  SchedulaPorts *ports = _schedula_node_get_ports (node);

  return ports != NULL && _schedula_ports_find (ports, id, output) >= 0;
}

static gboolean
load_edges (Loader                  *l,
            SchedulaDispatcher      *dsp,
            const SchedulaJsonNode  *node,
            GError                 **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = NULL;
  guint n;

  if (!get_array (l, node, "the edges", error))
    return FALSE;
  n = _schedula_json_size (node);
  keys = g_new (gint64, MAX (n, 1));
  /* the nodes' own positions, read below, are right (nothing is removed
   * while the edges are loaded) */
  _schedula_dispatcher_refresh_positions (dsp);
  for (guint i = 0; i < n; i++)
    {
      const SchedulaJsonNode *edge = _schedula_json_child (l->doc, node, i);
      const SchedulaJsonNode *ends[2];
      SchedulaNode *nodes[2];
      const char *ids[2];
      SchedulaNodeCommon *from, *to;

      if (edge->kind != SCHEDULA_JSON_ARRAY || _schedula_json_size (edge) != 2)
        return FAIL (edge, FORMAT, "an edge is an array of two node ids");
      for (guint k = 0; k < 2; k++)
        {
          ends[k] = _schedula_json_child (l->doc, edge, k);
          if (!get_string (l, ends[k], "an end of an edge", &ids[k], error))
            return FALSE;
          nodes[k] = _schedula_index_lookup (&dsp->index, ids[k]);
          if (nodes[k] == NULL)
            return FAIL (ends[k], UNKNOWN_ID, "an edge of the node %s, which the dispatcher does not have",
                         ids[k]);
        }
      /* an edge is a port: a data node a node reads, or one it writes */
      if (!(SCHEDULA_IS_DATA_NODE (nodes[0]) && ports_hold (nodes[1], ids[0], FALSE)) &&
          !(SCHEDULA_IS_DATA_NODE (nodes[1]) && ports_hold (nodes[0], ids[1], TRUE)))
        return FAIL (edge, FORMAT, "the edge %s -> %s is not an input or an output of a node", ids[0], ids[1]);
      from = _schedula_node_common (nodes[0]);
      to = _schedula_node_common (nodes[1]);
      keys[i] = ((gint64) from->position << 32) | to->position;
      if (!g_hash_table_add (seen, &keys[i]))
        return FAIL (edge, FORMAT, "a second edge %s -> %s", ids[0], ids[1]);
      _schedula_dispatcher_add_edge (dsp, from->position, to->position);
    }
  return TRUE;
}

/* One dispatcher of the file; the top one of a map has only its graph */
static SchedulaDispatcher *
load_dispatcher (Loader                  *l,
                 const SchedulaJsonNode  *node,
                 gboolean                 map_root,
                 GError                 **error)
{
  static const char *const allowed[] = { "name", "description", "raises", "executor", "counter", "nodes",
                                         "edges", NULL };
  static const char *const allowed_map[] = { "nodes", "edges", NULL };
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new (NULL);
  const char *what = map_root ? "the graph of a map" : "a dispatcher";
  const SchedulaJsonNode *m;

  if (!expect_object (l, node, what, error) ||
      !check_members (l, node, what, map_root ? allowed_map : allowed, error))
    return NULL;
  if (!map_root)
    {
      const char *s;
      gint64 counter;
      gint raises;

      if ((m = member (l, node, "name", what, TRUE, error)) == NULL || !get_string (l, m, "the name", &s, error))
        return NULL;
      schedula_dispatcher_set_name (dsp, s);
      if ((m = member (l, node, "description", NULL, FALSE, error)) != NULL)
        {
          if (!get_string (l, m, "the description", &s, error))
            return NULL;
          schedula_dispatcher_set_description (dsp, s);
        }
      if ((m = member (l, node, "raises", NULL, FALSE, error)) != NULL)
        {
          if (!get_enum (l, m, SCHEDULA_TYPE_RAISES, "raises", &raises, error))
            return NULL;
          schedula_dispatcher_set_raises (dsp, raises);
        }
      if ((m = member (l, node, "executor", NULL, FALSE, error)) != NULL)
        {
          if (!get_string (l, m, "the executor", &s, error))
            return NULL;
          schedula_dispatcher_set_executor (dsp, s);
        }
      if ((m = member (l, node, "counter", what, TRUE, error)) == NULL ||
          !get_int (l, m, "the counter", 0, G_MAXINT, &counter, error))
        return NULL;
      dsp->counter = (gint) counter;
    }
  if ((m = member (l, node, "nodes", what, TRUE, error)) == NULL || !get_array (l, m, "the nodes", error))
    return NULL;
  for (guint i = 0; i < _schedula_json_size (m); i++)
    if (!load_node (l, dsp, _schedula_json_child (l->doc, m, i), !map_root, error))
      return NULL;
  if ((m = member (l, node, "edges", what, TRUE, error)) == NULL || !load_edges (l, dsp, m, error))
    return NULL;
  for (guint i = 0; i < dsp->nodes->len; i++)
    _schedula_node_intern_ports (dsp->nodes->pdata[i], dsp);
  _schedula_dispatcher_touch (dsp);
  return g_steal_pointer (&dsp);
}

static const char *const content_names[] = { "model", "map", "defaults" };

/* Checks the top of the document: the format, the content, the members */
static gboolean
check_document (Loader           *l,
                SchedulaContent   content,
                GError          **error)
{
  static const char *const allowed_model[] = { "format", "content", "dispatchers", NULL };
  static const char *const allowed_defaults[] = { "format", "content", "defaults", NULL };
  const SchedulaJsonNode *root = l->doc->root;
  const SchedulaJsonNode *m;
  const char *s;

  if (root->kind != SCHEDULA_JSON_OBJECT)
    return FAIL (root, FORMAT, "a model file is an object with the members \"format\" and \"content\", not %s",
                 KIND (root));
  if ((m = member (l, root, "format", "a model file", TRUE, error)) == NULL ||
      !get_string (l, m, "the format", &s, error))
    return FALSE;
  if (!g_str_equal (s, SCHEDULA_MODEL_FILE_FORMAT))
    return FAIL (m, FORMAT, "the format %s: this library reads %s", s, SCHEDULA_MODEL_FILE_FORMAT);
  if ((m = member (l, root, "content", "a model file", TRUE, error)) == NULL ||
      !get_string (l, m, "the content", &s, error))
    return FALSE;
  if (!g_str_equal (s, content_names[content]))
    return FAIL (m, FORMAT, "the file holds a %s (\"content\": \"%s\"), not a %s", s, s, content_names[content]);
  return check_members (l, root, "a model file",
                        content == SCHEDULA_CONTENT_DEFAULTS ? allowed_defaults : allowed_model, error);
}

/* The dispatchers of a model or a map document; the last is the top one */
static SchedulaDispatcher *
load_dispatchers (Loader           *l,
                  SchedulaContent   content,
                  GError          **error)
{
  const SchedulaJsonNode *m;
  guint n;

  if (!check_document (l, content, error) ||
      (m = member (l, l->doc->root, "dispatchers", "a model file", TRUE, error)) == NULL ||
      !get_array (l, m, "the dispatchers", error))
    return NULL;
  n = _schedula_json_size (m);
  if (n == 0)
    {
      FAIL (m, FORMAT, "a model file has one dispatcher at least");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      SchedulaDispatcher *dsp = load_dispatcher (l, _schedula_json_child (l->doc, m, i),
                                                 content == SCHEDULA_CONTENT_MAP && i == n - 1, error);

      if (dsp == NULL)
        return NULL;
      g_ptr_array_add (l->dispatchers, dsp);
    }
  return g_object_ref (l->dispatchers->pdata[n - 1]);
}

SchedulaDispatcher *
_schedula_model_from_doc (SchedulaJsonDoc           *doc,
                          SchedulaFunctionRegistry  *registry,
                          SchedulaLoadFlags          flags,
                          GError                   **error)
{
  Loader l = { doc, registry ? registry : schedula_function_registry_get_default (), flags,
               g_ptr_array_new_with_free_func (g_object_unref) };
  SchedulaDispatcher *dsp = load_dispatchers (&l, SCHEDULA_CONTENT_MODEL, error);

  g_ptr_array_unref (l.dispatchers);
  return dsp;
}

/* Defaults, and schedula's re-initialisation */

typedef struct
{
  char             *id;
  GValue            value;   /* unset for SELF's */
  SchedulaDistance  dist;
  gboolean          self;
} Default;

static void
default_clear (gpointer data)
{
  Default *d = data;

  g_free (d->id);
  if (G_IS_VALUE (&d->value))
    g_value_unset (&d->value);
}

/* The defaults of the data nodes of @dsp */
static GArray *
defaults_of (SchedulaDispatcher *dsp)
{
  GArray *defaults = g_array_new (FALSE, TRUE, sizeof (Default));

  g_array_set_clear_func (defaults, default_clear);
  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      SchedulaDataNode *data;
      const SchedulaDataExtra *x;
      Default d = { 0 };

      if (!SCHEDULA_IS_DATA_NODE (node))
        continue;
      data = SCHEDULA_DATA_NODE (node);
      x = _schedula_data_x (data);
      if (x->default_value == NULL && !data->self_default)
        continue;
      d.id = g_strdup (_schedula_node_id (node));
      d.self = data->self_default;
      d.dist = x->initial_dist;
      if (x->default_value != NULL)
        {
          g_value_init (&d.value, G_VALUE_TYPE (x->default_value));
          g_value_copy (x->default_value, &d.value);
        }
      g_array_append_val (defaults, d);
    }
  return defaults;
}

/* Replaces the defaults of @dsp with @defaults (those of nodes @dsp does
 * not have as data nodes are dropped) */
static void
set_defaults (SchedulaDispatcher *dsp,
              GArray             *defaults)
{
  for (guint i = 0; i < dsp->nodes->len; i++)
    if (SCHEDULA_IS_DATA_NODE (dsp->nodes->pdata[i]))
      {
        SchedulaDataNode *data = dsp->nodes->pdata[i];

        schedula_data_node_set_default_value (data, NULL);
        schedula_data_node_set_initial_dist (data, NULL);
      }
  for (guint i = 0; i < defaults->len; i++)
    {
      Default *d = &g_array_index (defaults, Default, i);
      SchedulaNode *node = _schedula_index_lookup (&dsp->index, d->id);
      SchedulaDataNode *data;

      if (node == NULL || !SCHEDULA_IS_DATA_NODE (node))
        continue;
      data = SCHEDULA_DATA_NODE (node);
      if (d->self)
        data->self_default = TRUE;
      else
        schedula_data_node_set_default_value (data, &d->value);
      schedula_data_node_set_initial_dist (data, &d->dist);
    }
  _schedula_dispatcher_touch (dsp);
}

/* What schedula's dsp.__init__(dmap=..., default_values=...) resets */
static void
reinitialise (SchedulaDispatcher *dsp)
{
  schedula_dispatcher_set_name (dsp, "");
  schedula_dispatcher_set_description (dsp, NULL);
  schedula_dispatcher_set_raises_func (dsp, NULL, NULL, NULL);
  schedula_dispatcher_set_raises (dsp, SCHEDULA_RAISES_RECORD);
  schedula_dispatcher_set_executor (dsp, NULL);
  dsp->counter = 0;
  _schedula_dispatcher_touch (dsp);
}

gboolean
_schedula_defaults_from_doc (SchedulaJsonDoc     *doc,
                             SchedulaDispatcher  *dsp,
                             SchedulaLoadFlags    flags,
                             GError             **error)
{
  static const char *const allowed[] = { "id", "value", "self", "initial_dist", NULL };
  Loader loader = { doc, NULL, flags, NULL };
  Loader *l = &loader;
  g_autoptr(GArray) defaults = g_array_new (FALSE, TRUE, sizeof (Default));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const SchedulaJsonNode *m, *list;

  g_array_set_clear_func (defaults, default_clear);
  if (!check_document (l, SCHEDULA_CONTENT_DEFAULTS, error) ||
      (list = member (l, doc->root, "defaults", "a file of default values", TRUE, error)) == NULL ||
      !get_array (l, list, "the default values", error))
    return FALSE;
  for (guint i = 0; i < _schedula_json_size (list); i++)
    {
      const SchedulaJsonNode *item = _schedula_json_child (doc, list, i);
      const SchedulaJsonNode *id_node, *value_node, *self_node;
      SchedulaNode *node;
      Default d = { 0 };
      const char *id;

      if (!expect_object (l, item, "a default value", error) ||
          !check_members (l, item, "a default value", allowed, error) ||
          (id_node = member (l, item, "id", "a default value", TRUE, error)) == NULL ||
          !get_string (l, id_node, "the id", &id, error))
        return FALSE;
      node = _schedula_index_lookup (&dsp->index, id);
      if (node == NULL || !SCHEDULA_IS_DATA_NODE (node))
        return FAIL (id_node, UNKNOWN_ID, "a default value of %s, which is not a data node of the dispatcher", id);
      if (!g_hash_table_add (seen, (gpointer) id))
        return FAIL (id_node, FORMAT, "a second default value of %s", id);
      value_node = member (l, item, "value", NULL, FALSE, error);
      self_node = member (l, item, "self", NULL, FALSE, error);
      if ((value_node == NULL) == (self_node == NULL))
        return FAIL (item, FORMAT, "a default value has a member \"value\" or \"self\"");
      if (self_node != NULL)
        {
          if (!get_bool (l, self_node, "self", &d.self, error))
            return FALSE;
          if (!d.self || !g_str_equal (id, SCHEDULA_SELF))
            return FAIL (self_node, FORMAT, "only %s has the dispatcher as its default (\"self\": true)",
                         SCHEDULA_SELF);
        }
      if ((m = member (l, item, "initial_dist", NULL, FALSE, error)) != NULL &&
          !get_distance (l, m, "the initial distance", &d.dist, error))
        return FALSE;
      if (value_node != NULL && !_schedula_json_to_value (doc, value_node, flags, &d.value, error))
        return FALSE;
      d.id = g_strdup (id);
      g_array_append_val (defaults, d);
    }
  set_defaults (dsp, defaults);
  reinitialise (dsp);
  return TRUE;
}

gboolean
_schedula_map_from_doc (SchedulaJsonDoc           *doc,
                        SchedulaDispatcher        *dsp,
                        SchedulaFunctionRegistry  *registry,
                        SchedulaLoadFlags          flags,
                        GError                   **error)
{
  Loader l = { doc, registry ? registry : schedula_function_registry_get_default (), flags,
               g_ptr_array_new_with_free_func (g_object_unref) };
  g_autoptr(SchedulaDispatcher) graph = load_dispatchers (&l, SCHEDULA_CONTENT_MAP, error);
  g_autoptr(GArray) defaults = NULL;

  g_ptr_array_unref (l.dispatchers);
  if (graph == NULL)
    return FALSE;
  /* schedula's load_map: dsp.__init__(dmap=<the graph>, default_values=dsp.default_values) */
  defaults = defaults_of (dsp);
  _schedula_dispatcher_take_graph (dsp, graph);
  set_defaults (dsp, defaults);
  reinitialise (dsp);
  return TRUE;
}
