/* schedula-check.c: what is wrong with a model
 *
 * schedula accepts models that cannot do what their author meant: a mapping
 * to an id the child does not have, a node nothing reaches, a function that
 * never runs. It is silent about them, and so is a dispatch; this file
 * finds them. The model is walked as a tree of dispatchers (a child once
 * per sub-dispatcher node that uses it, since each may map it differently)
 * with a list of dispatchers still to look at, not by recursion.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-check.h"
#include "schedula-enums.h"
#include "schedula-dispatcher-private.h"
#include "schedula-private.h"

/**
 * SchedulaFinding:
 *
 * One thing [method@Dispatcher.check] found wrong with a model: its
 * [enum@FindingKind], the path of the node it concerns (sub-dispatcher node
 * ids, then the node's id) and a message that says what and why.
 */
struct _SchedulaFinding
{
  GObject              parent_instance;

  SchedulaFindingKind  kind;
  char               **path;
  char                *message;
};

G_DEFINE_FINAL_TYPE (SchedulaFinding, schedula_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_finding_finalize (GObject *object)
{
  SchedulaFinding *self = SCHEDULA_FINDING (object);

  g_strfreev (self->path);
  g_free (self->message);

  G_OBJECT_CLASS (schedula_finding_parent_class)->finalize (object);
}

static void
schedula_finding_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SchedulaFinding *self = SCHEDULA_FINDING (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_PATH:
      g_value_set_boxed (value, self->path);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_finding_class_init (SchedulaFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_finding_finalize;
  object_class->get_property = schedula_finding_get_property;

  /**
   * SchedulaFinding:kind:
   *
   * What was found.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SCHEDULA_TYPE_FINDING_KIND,
                       SCHEDULA_FINDING_MISSING_MAPPING_TARGET,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFinding:path:
   *
   * The node it concerns: the ids of the sub-dispatcher nodes down to it,
   * then its id.
   */
  properties[PROP_PATH] =
    g_param_spec_boxed ("path", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SchedulaFinding:message:
   *
   * What is wrong, in words.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_finding_init (SchedulaFinding *self)
{
}

/**
 * schedula_finding_get_kind:
 * @self: a #SchedulaFinding
 *
 * Gets what was found.
 *
 * Returns: the kind of the finding
 */
SchedulaFindingKind
schedula_finding_get_kind (SchedulaFinding *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FINDING (self), 0);

  return self->kind;
}

/**
 * schedula_finding_get_path:
 * @self: a #SchedulaFinding
 *
 * Gets the path of the node the finding concerns.
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids of the
 *   sub-dispatcher nodes down to the node, then its id
 */
const char *const *
schedula_finding_get_path (SchedulaFinding *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FINDING (self), NULL);

  return (const char *const *) self->path;
}

/**
 * schedula_finding_get_message:
 * @self: a #SchedulaFinding
 *
 * Gets what is wrong, in words.
 *
 * Returns: the message
 */
const char *
schedula_finding_get_message (SchedulaFinding *self)
{
  g_return_val_if_fail (SCHEDULA_IS_FINDING (self), NULL);

  return self->message;
}

/* The walk */

/* The path of a level is a chain of steps, each the id of a sub-dispatcher
 * node and the step of its parent: a level costs one step, not a copy of
 * its parent's path (10,000 nested levels would copy 50 million ids). */
#define NO_STEP G_MAXUINT

typedef struct
{
  const char *id;      /* borrowed from the node, which the model holds */
  guint       up;      /* the step of the parent, or NO_STEP */
  guint       depth;   /* steps from the top, this one included */
} Step;

typedef struct
{
  SchedulaDispatcher     *dsp;
  SchedulaDispatcherNode *via;     /* the node of the parent that uses it, or NULL */
  guint                   prefix;  /* its step, or NO_STEP at the top */
} Level;

typedef struct
{
  GListStore *findings;
  gboolean    mappings_only;
  GArray     *queue;               /* Level, still to look at */
  GArray     *steps;               /* Step */
} Check;

/* The id of the sub-dispatcher node of @prefix */
static const char *
step_id (Check *check,
         guint  prefix)
{
  return g_array_index (check->steps, Step, prefix).id;
}

static void
add_finding (Check               *check,
             SchedulaFindingKind  kind,
             guint                prefix,
             const char          *id,
             char                *message)  /* taken */
{
  SchedulaFinding *f = g_object_new (SCHEDULA_TYPE_FINDING, NULL);
  guint depth = prefix == NO_STEP ? 0 : g_array_index (check->steps, Step, prefix).depth;
  char **path = g_new0 (char *, depth + 2);

  path[depth] = g_strdup (id);
  for (guint s = prefix; s != NO_STEP; s = g_array_index (check->steps, Step, s).up)
    path[--depth] = g_strdup (step_id (check, s));
  f->kind = kind;
  f->path = path;
  f->message = message;
  g_list_store_append (check->findings, f);
  g_object_unref (f);
}

static gboolean
has_default (SchedulaNode *node)
{
  return SCHEDULA_IS_DATA_NODE (node) &&
         (_schedula_data_x (SCHEDULA_DATA_NODE (node))->default_value != NULL ||
          SCHEDULA_DATA_NODE (node)->self_default);
}

/* A dispatcher in a message: its name, or @otherwise */
static const char *
name_of (SchedulaDispatcher *dsp,
         const char         *otherwise)
{
  const char *name = schedula_dispatcher_get_name (dsp);

  return name != NULL && name[0] != '\0' ? name : otherwise;
}

static void
check_mappings (Check                  *check,
                Level                  *level,
                SchedulaDispatcherNode *d)
{
  const char *id = schedula_node_get_id (SCHEDULA_NODE (d));
  const char *child = name_of (d->child, "its dispatcher");
  const char *parent = name_of (level->dsp, "the parent");

  for (guint i = 0; i < schedula_mapping_get_n_keys (d->inputs); i++)
    {
      const char *key = schedula_mapping_get_key (d->inputs, i);
      const char *const *values = schedula_mapping_get_values (d->inputs, i);

      for (guint k = 0; values[k] != NULL; k++)
        if (schedula_dispatcher_lookup_node (d->child, values[k]) == NULL)
          add_finding (check, SCHEDULA_FINDING_MISSING_MAPPING_TARGET, level->prefix, id,
                       g_strdup_printf ("sub-dispatcher node %s maps %s to %s, but %s has no node %s",
                                        id, key, values[k], child, values[k]));
    }
  for (guint i = 0; i < schedula_mapping_get_n_keys (d->outputs); i++)
    {
      const char *key = schedula_mapping_get_key (d->outputs, i);
      const char *const *values = schedula_mapping_get_values (d->outputs, i);

      if (schedula_dispatcher_lookup_node (d->child, key) == NULL)
        add_finding (check, SCHEDULA_FINDING_MISSING_MAPPING_TARGET, level->prefix, id,
                     g_strdup_printf ("sub-dispatcher node %s maps %s out of %s, which has no "
                                      "node %s", id, key, child, key));
      for (guint k = 0; values[k] != NULL; k++)
        if (schedula_dispatcher_lookup_node (level->dsp, values[k]) == NULL)
          add_finding (check, SCHEDULA_FINDING_MISSING_MAPPING_TARGET, level->prefix, id,
                       g_strdup_printf ("sub-dispatcher node %s maps %s to %s, but %s has no "
                                        "node %s", id, key, values[k], parent, values[k]));
    }
}

/* Which nodes of level->dsp a dispatch can reach: from the sources, a data
 * node is reached by any of its predecessors, a function by all of its
 * inputs, a sub-dispatcher by any of them */
static guint8 *
reach (Level *level)
{
  SchedulaDispatcher *dsp = level->dsp;
  guint n = dsp->nodes->len;
  g_autofree guint32 *n_preds = g_new0 (guint32, MAX (n, 1));
  g_autofree guint32 *first = g_new0 (guint32, n + 1);
  g_autofree guint32 *succ = g_new (guint32, MAX (dsp->edges->len, 1));
  g_autofree guint32 *fill = g_new0 (guint32, MAX (n, 1));
  g_autofree guint32 *arrived = g_new0 (guint32, MAX (n, 1));
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint8 *reached = g_new0 (guint8, MAX (n, 1));
  SchedulaMapping *in_map = level->via ? level->via->inputs : NULL;

  for (guint i = 0; i < dsp->edges->len; i++)
    {
      SchedulaModelEdge *e = &g_array_index (dsp->edges, SchedulaModelEdge, i);

      first[e->from + 1]++;
      n_preds[e->to]++;
    }
  for (guint i = 0; i < n; i++)
    first[i + 1] += first[i];
  for (guint i = 0; i < dsp->edges->len; i++)
    {
      SchedulaModelEdge *e = &g_array_index (dsp->edges, SchedulaModelEdge, i);

      succ[first[e->from] + fill[e->from]++] = e->to;
    }

  for (guint32 i = 0; i < n; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      const char *id = schedula_node_get_id (node);
      gboolean source;

      if (!SCHEDULA_IS_DATA_NODE (node))
        continue;
      if (level->via == NULL)
        source = TRUE;               /* any data node of the top may be given */
      else
        {
          source = FALSE;             /* a child's inputs: what the parent maps in */
          for (guint k = 0; !source && k < schedula_mapping_get_n_keys (in_map); k++)
            source = g_strv_contains (schedula_mapping_get_values (in_map, k), id);
        }
      if (source || has_default (node) || g_str_equal (id, SCHEDULA_START))
        {
          reached[i] = TRUE;
          g_array_append_val (queue, i);
        }
    }
  for (guint q = 0; q < queue->len; q++)
    {
      guint32 u = g_array_index (queue, guint32, q);

      for (guint32 k = first[u]; k < first[u + 1]; k++)
        {
          guint32 v = succ[k];
          SchedulaNode *node = dsp->nodes->pdata[v];

          if (reached[v])
            continue;
          if (SCHEDULA_IS_FUNCTION_NODE (node) && ++arrived[v] < n_preds[v])
            continue;
          reached[v] = TRUE;
          g_array_append_val (queue, v);
        }
    }
  return reached;
}

static gboolean
is_mapped_out (SchedulaDispatcherNode *via,
               const char             *id)
{
  return schedula_mapping_lookup (via->outputs, id) != NULL;
}

static void
check_level (Check *check,
             Level *level)
{
  SchedulaDispatcher *dsp = level->dsp;
  g_autofree guint8 *reached = NULL;
  g_autofree guint32 *n_succ = NULL;
  g_autofree guint32 *n_preds = NULL;

  for (guint i = 0; i < dsp->nodes->len; i++)
    if (SCHEDULA_IS_DISPATCHER_NODE (dsp->nodes->pdata[i]))
      {
        SchedulaDispatcherNode *d = dsp->nodes->pdata[i];
        Step step = { schedula_node_get_id (SCHEDULA_NODE (d)), level->prefix, 1 };
        Level child = { d->child, d, check->steps->len };

        check_mappings (check, level, d);
        if (level->prefix != NO_STEP)
          step.depth += g_array_index (check->steps, Step, level->prefix).depth;
        g_array_append_val (check->steps, step);
        g_array_append_val (check->queue, child);
      }
  if (check->mappings_only)
    return;

  /* any data node of the top dispatcher may be an input: what cannot be
   * reached is in children, from what their parents feed them */
  reached = reach (level);
  n_succ = g_new0 (guint32, MAX (dsp->nodes->len, 1));
  n_preds = g_new0 (guint32, MAX (dsp->nodes->len, 1));
  for (guint i = 0; i < dsp->edges->len; i++)
    {
      SchedulaModelEdge *e = &g_array_index (dsp->edges, SchedulaModelEdge, i);

      n_succ[e->from]++;
      n_preds[e->to]++;
    }

  for (guint i = 0; i < dsp->nodes->len; i++)
    {
      SchedulaNode *node = dsp->nodes->pdata[i];
      const char *id = schedula_node_get_id (node);

      if (schedula_id_is_special (id))
        continue;
      if (SCHEDULA_IS_FUNCTION_NODE (node))
        {
          SchedulaPorts *ports = &SCHEDULA_FUNCTION_NODE (node)->ports;
          gboolean all_in = ports->n_outputs > 0;

          for (guint k = 0; all_in && k < ports->n_outputs; k++)
            {
              gboolean found = FALSE;

              for (guint j = 0; !found && j < ports->n_inputs; j++)
                found = g_str_equal (ports->ids[j], ports->ids[ports->n_inputs + k]);
              all_in = found;
            }
          if (all_in)
            add_finding (check, SCHEDULA_FINDING_NEVER_RUNS, level->prefix, id,
                         g_strdup_printf ("function node %s never runs: each of its outputs is "
                                          "one of its inputs, known before it could run", id));
          else if (!reached[i] && level->via == NULL)
            add_finding (check, SCHEDULA_FINDING_UNREACHABLE, level->prefix, id,
                         g_strdup_printf ("function node %s never gets all its inputs: one it "
                                          "declares is not in the graph (removed, or an edge "
                                          "a model file left out)", id));
          else if (!reached[i])
            add_finding (check, SCHEDULA_FINDING_UNREACHABLE, level->prefix, id,
                         g_strdup_printf ("function node %s never gets all its inputs from what "
                                          "the parent feeds its dispatcher", id));
          continue;
        }
      if (!SCHEDULA_IS_DATA_NODE (node))
        {
          if (!reached[i])
            add_finding (check, SCHEDULA_FINDING_UNREACHABLE, level->prefix, id,
                         g_strdup_printf ("sub-dispatcher node %s gets none of its inputs from "
                                          "what the parent feeds its dispatcher", id));
          continue;
        }
      if (!reached[i])
        add_finding (check, SCHEDULA_FINDING_UNREACHABLE, level->prefix, id,
                     g_strdup_printf ("nothing the parent feeds its dispatcher reaches data "
                                      "node %s", id));
      else if (level->via != NULL && n_preds[i] > 0 && n_succ[i] == 0 &&
               !is_mapped_out (level->via, id))
        add_finding (check, SCHEDULA_FINDING_UNUSED_OUTPUT, level->prefix, id,
                     g_strdup_printf ("data node %s is computed, but nothing reads it and "
                                      "sub-dispatcher node %s does not map it out", id,
                                      step_id (check, level->prefix)));
    }

  /* child defaults that a single-id input mapping leaves out */
  if (level->via != NULL)
    {
      SchedulaMapping *in_map = level->via->inputs;

      for (guint k = 0; k < schedula_mapping_get_n_keys (in_map); k++)
        {
          const char *const *values = schedula_mapping_get_values (in_map, k);
          SchedulaNode *target;

          if (values[0] == NULL || values[1] != NULL)
            continue;
          target = schedula_dispatcher_lookup_node (dsp, values[0]);
          if (target != NULL && has_default (target) && !g_str_equal (values[0], SCHEDULA_START))
            add_finding (check, SCHEDULA_FINDING_SHADOWED_DEFAULT, level->prefix, values[0],
                         g_strdup_printf ("the default of data node %s is never used: "
                                          "sub-dispatcher node %s feeds it from %s",
                                          values[0],
                                          step_id (check, level->prefix),
                                          schedula_mapping_get_key (in_map, k)));
        }
    }
}

static GListStore *
run_check (SchedulaDispatcher *self,
           gboolean            mappings_only)
{
  Check check = { g_list_store_new (SCHEDULA_TYPE_FINDING), mappings_only,
                  g_array_new (FALSE, FALSE, sizeof (Level)),
                  g_array_new (FALSE, FALSE, sizeof (Step)) };
  Level top = { self, NULL, NO_STEP };

  g_array_append_val (check.queue, top);
  while (check.queue->len > 0)
    {
      Level level = g_array_index (check.queue, Level, check.queue->len - 1);

      g_array_set_size (check.queue, check.queue->len - 1);
      check_level (&check, &level);
    }
  g_array_unref (check.queue);
  g_array_unref (check.steps);
  return check.findings;
}

/**
 * schedula_dispatcher_check:
 * @self: a #SchedulaDispatcher
 *
 * Looks for what is wrong with the model, and its sub-dispatchers: mappings
 * to ids that do not exist, nodes that no input reaches, functions that
 * never run, outputs of a child that nothing reads or takes out, child
 * defaults that are never used (see [enum@FindingKind]). schedula accepts
 * all of these without a word, and so does a dispatch.
 *
 * |[<!-- language="C" -->
 * g_autoptr(GListModel) findings = schedula_dispatcher_check (dsp);
 *
 * for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
 *   {
 *     g_autoptr(SchedulaFinding) f = g_list_model_get_item (findings, i);
 *
 *     g_print ("%s\n", schedula_finding_get_message (f));
 *   }
 * ]|
 *
 * Returns: (transfer full): a list of #SchedulaFinding, empty for a model
 *   with nothing to say
 */
GListModel *
schedula_dispatcher_check (SchedulaDispatcher *self)
{
  g_return_val_if_fail (SCHEDULA_IS_DISPATCHER (self), NULL);

  return G_LIST_MODEL (run_check (self, FALSE));
}

/* The model's mappings to ids that do not exist, as warnings: a typo in a
 * mapping carries nothing, and schedula says nothing */
void
_schedula_dispatcher_warn_mappings (SchedulaDispatcher *self)
{
  g_autoptr(GListStore) findings = run_check (self, TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (findings)); i++)
    {
      g_autoptr(SchedulaFinding) f = g_list_model_get_item (G_LIST_MODEL (findings), i);

      g_warning ("%s", f->message);
    }
}
