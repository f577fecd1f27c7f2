/* schedula-solution.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <string.h>

#include "schedula-call-private.h"
#include "schedula-dispatch-private.h"
#include "schedula-private.h"

/**
 * SchedulaSolution:
 *
 * The result of a dispatch: the values of the data nodes in schedula's order
 * (out-of-model inputs first, then nodes in the order they got a value),
 * their distances, the workflow of what happened, the errors recorded and the
 * solutions of the sub-dispatchers.
 *
 * Values live as long as the solution. A solution holds a reference to its
 * dispatcher.
 *
 * |[<!-- language="C" -->
 * // y = 1 / x: the values and distances of a solution, and the error of a failed node.
 * #include <schedula-glib.h>
 *
 * static gboolean
 * invert (SchedulaCall *call, gpointer user_data, GError **error)
 * {
 *   gdouble x;
 *
 *   if (!schedula_call_get_double (call, 0, &x, error))
 *     return FALSE;
 *   if (x == 0)
 *     {
 *       g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "x is 0");
 *       return FALSE;
 *     }
 *   schedula_call_set_output_double (call, 0, 1 / x);
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("inverse");
 *   g_autoptr(SchedulaSolution) sol = NULL;
 *   g_autoptr(SchedulaSolution) failed = NULL;
 *   g_autoptr(GVariant) values = NULL;
 *   g_autofree char *text = NULL;
 *   g_autoptr(GError) error = NULL;
 *   SchedulaDistance dist;
 *
 *   schedula_dispatcher_add_function_full (dsp, "invert", invert, NULL, NULL,
 *                                          SCHEDULA_IDS ("x"), SCHEDULA_IDS ("y"), &error);
 *   g_assert_no_error (error);
 *
 *   sol = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'x': <4.0>}"),
 *                                               NULL, NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   values = schedula_solution_to_variant (sol, &error);
 *   text = g_variant_print (values, FALSE);
 *   g_assert_cmpstr (text, ==, "{'x': <4.0>, 'y': <0.25>}");
 *   g_assert_true (schedula_solution_get_distance (sol, "y", &dist));
 *   g_assert_cmpfloat (dist.num, ==, 2.0);  // x -> invert -> y
 *
 *   // A failing node does not fail the dispatch: its error is recorded.
 *   failed = schedula_dispatcher_dispatch_variant (dsp, g_variant_new_parsed ("{'x': <0.0>}"),
 *                                                  NULL, NULL, NULL, &error);
 *   g_assert_no_error (error);
 *   g_assert_false (schedula_solution_contains (failed, "y"));
 *   g_assert_error (schedula_solution_get_error (failed, "invert"),
 *                   G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
 *   return 0;
 * }
 * ]|
 */

struct _SchedulaSolution
{
  GObject            parent_instance;

  SchedulaRun       *run;      /* owned by the top solution */
  SolState          *state;
  SchedulaSolution  *top;      /* a reference, for sub-solutions */
};

G_DEFINE_FINAL_TYPE (SchedulaSolution, schedula_solution, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DISPATCHER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schedula_solution_finalize (GObject *object)
{
  SchedulaSolution *self = SCHEDULA_SOLUTION (object);

  if (self->top != NULL)
    g_clear_object (&self->top);
  else
    _schedula_run_free (self->run);

  G_OBJECT_CLASS (schedula_solution_parent_class)->finalize (object);
}

static void
schedula_solution_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SchedulaSolution *self = SCHEDULA_SOLUTION (object);

  switch (prop_id)
    {
    case PROP_DISPATCHER:
      g_value_take_object (value, schedula_solution_get_dispatcher (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schedula_solution_class_init (SchedulaSolutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schedula_solution_finalize;
  object_class->get_property = schedula_solution_get_property;

  /**
   * SchedulaSolution:dispatcher:
   *
   * The dispatcher whose model this solution is of.
   */
  properties[PROP_DISPATCHER] =
    g_param_spec_object ("dispatcher", NULL, NULL, SCHEDULA_TYPE_DISPATCHER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schedula_solution_init (SchedulaSolution *self)
{
}

SchedulaSolution *
_schedula_solution_new (SchedulaRun *run)
{
  SchedulaSolution *self = g_object_new (SCHEDULA_TYPE_SOLUTION, NULL);

  self->run = run;
  run->object = self;
  return self;
}

static SolState *
state (SchedulaSolution *self)
{
  if (self->state == NULL)
    self->state = self->run->top;
  return self->state;
}

SolState *
_schedula_solution_state (SchedulaSolution *self)
{
  return state (self);
}

/* A (new reference to a) solution object for @sol. The wrapper of a
 * sub-solution lives as long as someone holds it: the state keeps a weak
 * reference, which another thread may see cleared at any time, so the
 * wrapper is only ever reached through g_weak_ref_get(). */
SchedulaSolution *
_schedula_solution_wrap (SolState *sol)
{
  SchedulaRun *run = sol->run;
  SchedulaSolution *obj;

  if (sol == run->top)
    return g_object_ref (run->object);

  obj = g_weak_ref_get (&sol->object);
  if (obj != NULL)
    return obj;

  g_mutex_lock (&run->lock);
  obj = g_weak_ref_get (&sol->object);
  if (obj == NULL)
    {
      obj = g_object_new (SCHEDULA_TYPE_SOLUTION, NULL);
      obj->run = run;
      obj->state = sol;
      obj->top = g_object_ref (run->object);
      g_weak_ref_set (&sol->object, obj);
    }
  g_mutex_unlock (&run->lock);
  return obj;
}

guint32
_schedula_sol_lookup (SolState   *sol,
                      const char *id)
{
  return _schedula_graph_lookup (sol->graph, id);
}

static const ExtraValue *
find_extra (SolState   *sol,
            const char *id)
{
  for (guint i = 0; sol->extra != NULL && i < sol->extra->len; i++)
    if (g_str_equal (g_array_index (sol->extra, ExtraValue, i).id, id))
      return &g_array_index (sol->extra, ExtraValue, i);
  return NULL;
}

/**
 * schedula_solution_iter_init:
 * @iter: (out caller-allocates): an iterator
 * @solution: a #SchedulaSolution
 *
 * Initialises an iterator over the values of @solution, in schedula's
 * order.
 */
void
schedula_solution_iter_init (SchedulaSolutionIter *iter,
                             SchedulaSolution     *solution)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (SCHEDULA_IS_SOLUTION (solution));

  memset (iter, 0, sizeof *iter);
  iter->dummy1 = state (solution);
}

/**
 * schedula_solution_iter_next:
 * @iter: an iterator
 * @id: (out) (optional) (transfer none): the id of the next value
 * @value: (out) (optional) (transfer none): the next value
 *
 * Advances the iterator.
 *
 * Returns: %FALSE when there are no more values
 */
gboolean
schedula_solution_iter_next (SchedulaSolutionIter  *iter,
                             const char           **id,
                             const GValue         **value)
{
  SolState *sol;
  guint n_extra, pos;

  g_return_val_if_fail (iter != NULL, FALSE);

  sol = iter->dummy1;
  n_extra = sol->extra ? sol->extra->len : 0;
  pos = iter->dummy3;
  if (pos < n_extra)
    {
      ExtraValue *ev = &g_array_index (sol->extra, ExtraValue, pos);

      if (id)
        *id = ev->id;
      if (value)
        *value = ev->value;
    }
  else if (pos < n_extra + sol->value_order.len)
    {
      guint32 n = sol->value_order.data[pos - n_extra];

      if (id)
        *id = sol->graph->ids[n];
      if (value)
        *value = sol->ns[n].value;
    }
  else
    return FALSE;
  iter->dummy3 = pos + 1;
  return TRUE;
}

/**
 * schedula_solution_get_dispatcher:
 * @self: a #SchedulaSolution
 *
 * Gets the dispatcher this is a solution of: for a sub-solution, the child
 * dispatcher. The dispatcher keeps its last solution (see
 * [method@Dispatcher.get_solution]), and a solution does not keep its
 * dispatcher: the two would keep each other alive. (A model with a SELF
 * default is the exception: its solution holds it.) Once the last
 * reference to the dispatcher is dropped, this gives %NULL, and what needs
 * the model (plotting a workflow) fails: keep the dispatcher for as long
 * as its solutions need it.
 *
 * Returns: (transfer full) (nullable): the dispatcher, or %NULL if it is gone
 */
SchedulaDispatcher *
schedula_solution_get_dispatcher (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  if (self->top == NULL)
    return _schedula_run_dup_dispatcher (self->run);
  return g_object_ref (state (self)->graph->dsp);
}

/**
 * schedula_solution_lookup_extended:
 * @self: a #SchedulaSolution
 * @id: a data node id
 * @value: (out) (optional) (transfer none): the value
 *
 * Looks up the value of a data node without copying it.
 *
 * Returns: %TRUE if @id has a value
 */
gboolean
schedula_solution_lookup_extended (SchedulaSolution  *self,
                                   const char        *id,
                                   const GValue     **value)
{
  SolState *sol;
  const ExtraValue *ev;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  sol = state (self);
  n = _schedula_sol_lookup (sol, id);
  if (n != SCHEDULA_NO_NODE && (sol->ns[n].flags & NS_VALUE))
    {
      if (value)
        *value = sol->ns[n].value;
      return TRUE;
    }
  if ((ev = find_extra (sol, id)) != NULL)
    {
      if (value)
        *value = ev->value;
      return TRUE;
    }
  return FALSE;
}

/**
 * schedula_solution_lookup:
 * @self: a #SchedulaSolution
 * @id: a data node id
 *
 * Gets the value of a data node.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL if it has none
 */
const GValue *
schedula_solution_lookup (SchedulaSolution *self,
                          const char       *id)
{
  const GValue *value = NULL;

  schedula_solution_lookup_extended (self, id, &value);
  return value;
}

/**
 * schedula_solution_contains:
 * @self: a #SchedulaSolution
 * @id: a data node id
 *
 * Whether a data node has a value.
 *
 * Returns: %TRUE if @id has a value
 */
gboolean
schedula_solution_contains (SchedulaSolution *self,
                            const char       *id)
{
  return schedula_solution_lookup_extended (self, id, NULL);
}

/**
 * schedula_solution_get_n_values:
 * @self: a #SchedulaSolution
 *
 * Gets the number of values.
 *
 * Returns: the number of values
 */
guint
schedula_solution_get_n_values (SchedulaSolution *self)
{
  SolState *sol;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), 0);

  sol = state (self);
  return _schedula_sol_n_values (sol);
}

/**
 * schedula_solution_get_ids:
 * @self: a #SchedulaSolution
 *
 * Gets the ids that have a value, in schedula's order.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_solution_get_ids (SchedulaSolution *self)
{
  SchedulaSolutionIter iter;
  const char *id;
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  schedula_solution_iter_init (&iter, self);
  while (schedula_solution_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

/**
 * schedula_solution_get_values:
 * @self: a #SchedulaSolution
 *
 * Gets the values as a hash table (in no particular order; see
 * [method@Solution.get_ids] for schedula's order).
 *
 * Returns: (transfer container) (element-type utf8 GValue): the values,
 *   owned by the solution
 */
GHashTable *
schedula_solution_get_values (SchedulaSolution *self)
{
  SchedulaSolutionIter iter;
  const char *id;
  const GValue *value;
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  schedula_solution_iter_init (&iter, self);
  while (schedula_solution_iter_next (&iter, &id, &value))
    g_hash_table_insert (values, (gpointer) id, (gpointer) value);
  return values;
}

/**
 * schedula_solution_get_distance:
 * @self: a #SchedulaSolution
 * @id: a node id
 * @distance: (out caller-allocates) (optional): the distance
 *
 * Gets the distance at which a node was visited. %SCHEDULA_START is always
 * there: at -1 when it was not visited.
 *
 * Returns: %TRUE if the node was visited (or is START)
 */
gboolean
schedula_solution_get_distance (SchedulaSolution *self,
                                const char       *id,
                                SchedulaDistance *distance)
{
  SolState *sol;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  sol = state (self);
  n = _schedula_sol_lookup (sol, id);
  if (n != SCHEDULA_NO_NODE && (sol->ns[n].flags & NS_DIST))
    {
      if (distance)
        *distance = sol->ns[n].d;
      return TRUE;
    }
  if (g_str_equal (id, SCHEDULA_START))
    {
      if (distance)
        *distance = sol->start_dist;
      return TRUE;
    }
  return FALSE;
}

/**
 * schedula_solution_get_distance_ids:
 * @self: a #SchedulaSolution
 *
 * Gets the ids that have a distance, in the order they got it (START first).
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_solution_get_distance_ids (SchedulaSolution *self)
{
  SolState *sol;
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  sol = state (self);
  g_ptr_array_add (ids, g_strdup (SCHEDULA_START));
  for (guint i = 0; i < sol->dist_order.len; i++)
    g_ptr_array_add (ids, g_strdup (sol->graph->ids[sol->dist_order.data[i]]));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

/**
 * schedula_solution_get_seen_distance:
 * @self: a #SchedulaSolution
 * @id: a node id
 * @distance: (out caller-allocates) (optional): the distance
 *
 * Gets the best distance at which a node entered the fringe (schedula's
 * `seen`), which nodes that were never visited may have too.
 *
 * Returns: %TRUE if the node entered the fringe (or is START)
 */
gboolean
schedula_solution_get_seen_distance (SchedulaSolution *self,
                                     const char       *id,
                                     SchedulaDistance *distance)
{
  SolState *sol;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  sol = state (self);
  n = _schedula_sol_lookup (sol, id);
  if (n != SCHEDULA_NO_NODE && (sol->ns[n].flags & NS_SEEN))
    {
      if (distance)
        *distance = sol->ns[n].d;
      return TRUE;
    }
  if (g_str_equal (id, SCHEDULA_START))
    {
      if (distance)
        *distance = sol->start_dist;
      return TRUE;
    }
  return FALSE;
}

/**
 * schedula_solution_is_visited:
 * @self: a #SchedulaSolution
 * @id: a node id
 *
 * Whether the search visited a node (schedula's `_visited`, which holds
 * START and the wildcard inputs too).
 *
 * Returns: %TRUE if @id was visited
 */
gboolean
schedula_solution_is_visited (SchedulaSolution *self,
                              const char       *id)
{
  SolState *sol;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  sol = state (self);
  if (g_str_equal (id, SCHEDULA_START))
    return TRUE;
  n = _schedula_sol_lookup (sol, id);
  return n != SCHEDULA_NO_NODE && (sol->ns[n].flags & NS_VISITED);
}

/**
 * schedula_solution_get_n_errors:
 * @self: a #SchedulaSolution
 *
 * Gets the number of node errors recorded in this solution (those of
 * sub-dispatchers are in their own solutions).
 *
 * Returns: the number of errors
 */
guint
schedula_solution_get_n_errors (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), 0);

  return state (self)->errors->len;
}

/**
 * schedula_solution_get_error_ids:
 * @self: a #SchedulaSolution
 *
 * Gets the ids of the nodes that failed, in the order they failed.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 */
char **
schedula_solution_get_error_ids (SchedulaSolution *self)
{
  SolState *sol;
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  sol = state (self);
  for (guint i = 0; i < sol->errors->len; i++)
    g_ptr_array_add (ids, g_strdup (sol->graph->ids[g_array_index (sol->errors, NodeError, i).node]));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

static NodeError *
find_error (SchedulaSolution *self,
            const char       *node_id)
{
  SolState *sol = state (self);
  guint32 n = _schedula_sol_lookup (sol, node_id);

  for (guint i = 0; n != SCHEDULA_NO_NODE && i < sol->errors->len; i++)
    if (g_array_index (sol->errors, NodeError, i).node == n)
      return &g_array_index (sol->errors, NodeError, i);
  return NULL;
}

/**
 * schedula_solution_get_error:
 * @self: a #SchedulaSolution
 * @node_id: a node id
 *
 * Gets the error of a node that failed: the function's own #GError.
 *
 * Returns: (transfer none) (nullable): the error, or %NULL
 */
const GError *
schedula_solution_get_error (SchedulaSolution *self,
                             const char       *node_id)
{
  NodeError *ne;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  ne = find_error (self, node_id);
  return ne ? ne->error : NULL;
}

/**
 * schedula_solution_get_error_failure:
 * @self: a #SchedulaSolution
 * @node_id: the id of a node that failed
 *
 * Gets where the error of a node happened.
 *
 * Returns: the kind of failure
 */
SchedulaFailure
schedula_solution_get_error_failure (SchedulaSolution *self,
                                     const char       *node_id)
{
  NodeError *ne;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), SCHEDULA_FAILURE_DISPATCHING);
  g_return_val_if_fail (node_id != NULL, SCHEDULA_FAILURE_DISPATCHING);

  ne = find_error (self, node_id);
  return ne ? ne->failure : SCHEDULA_FAILURE_DISPATCHING;
}

/**
 * schedula_solution_dup_error_message:
 * @self: a #SchedulaSolution
 * @node_id: a node id
 *
 * Formats the error of a node as schedula does: `Failed DISPATCHING 'f'
 * due to:` then the message of the error.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL if the node has
 *   no error
 */
char *
schedula_solution_dup_error_message (SchedulaSolution *self,
                                     const char       *node_id)
{
  static const char *const names[] = { "DISPATCHING", "CALLBACK", "SUB-DSP DOMAIN" };
  NodeError *ne;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  ne = find_error (self, node_id);
  if (ne == NULL)
    return NULL;
  return g_strdup_printf ("Failed %s '%s' due to:\n  %s", names[ne->failure], node_id,
                          ne->error->message);
}

/**
 * schedula_solution_get_workflow:
 * @self: a #SchedulaSolution
 *
 * Gets the workflow: the nodes the search reached and the edges values
 * travelled on.
 *
 * Returns: (transfer full): the workflow, which keeps the solution alive
 */
SchedulaWorkflow *
schedula_solution_get_workflow (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  return _schedula_workflow_new (self);
}

/**
 * schedula_solution_get_n_pipe_steps:
 * @self: a #SchedulaSolution
 *
 * Gets the number of steps of the pipe: the nodes the search took from the
 * fringe, in order, across sub-dispatchers. Only a top solution has a pipe.
 *
 * Returns: the number of steps
 */
guint
schedula_solution_get_n_pipe_steps (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), 0);

  return self->top == NULL ? self->run->pipe_len : 0;
}

/**
 * schedula_solution_get_pipe_step:
 * @self: a #SchedulaSolution
 * @position: a step, below [method@Solution.get_n_pipe_steps]
 * @node_id: (out) (optional) (transfer none): the id of the node
 * @distance: (out caller-allocates) (optional): its distance
 *
 * Gets a step of the pipe.
 *
 * Returns: (transfer full): the solution the node belongs to (@self or one
 *   of its sub-solutions)
 */
SchedulaSolution *
schedula_solution_get_pipe_step (SchedulaSolution  *self,
                                 guint              position,
                                 const char       **node_id,
                                 SchedulaDistance  *distance)
{
  PipeStep *step;
  SolState *sol;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (position < schedula_solution_get_n_pipe_steps (self), NULL);

  step = &self->run->pipe[position];
  sol = self->run->sols->pdata[step->sol];
  if (node_id)
    *node_id = sol->graph->ids[step->node];
  if (distance)
    *distance = step->node == sol->graph->start && !(sol->ns[step->node].flags & NS_DIST)
                ? sol->start_dist : sol->ns[step->node].d;
  return sol == self->run->top ? g_object_ref (self) : _schedula_solution_wrap (sol);
}

/**
 * schedula_solution_get_sub_solution:
 * @self: a #SchedulaSolution
 * @node_id: the id of a sub-dispatcher node, or of a function node
 *
 * Gets the solution of a sub-dispatcher node, or the one a function node's
 * function attached with [method@Call.set_solution] (a sub-dispatch wrapper
 * does).
 *
 * Returns: (transfer full) (nullable): the sub-solution, or %NULL if the
 *   node did not start or has none
 */
SchedulaSolution *
schedula_solution_get_sub_solution (SchedulaSolution *self,
                                    const char       *node_id)
{
  SolState *sol;
  guint32 n;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  sol = state (self);
  n = _schedula_sol_lookup (sol, node_id);
  if (n == SCHEDULA_NO_NODE)
    return NULL;
  if (sol->graph->nodes[n].kind == SCHEDULA_NODE_KIND_FUNCTION)
    {
      SchedulaSolution *attached = sol->attached ? sol->attached[sol->graph->nodes[n].info] : NULL;

      return attached != NULL ? g_object_ref (attached) : NULL;
    }
  if (sol->graph->nodes[n].kind != SCHEDULA_NODE_KIND_DISPATCHER ||
      sol->children[sol->graph->nodes[n].info] == NULL)
    return NULL;
  return _schedula_solution_wrap (sol->children[sol->graph->nodes[n].info]);
}

/**
 * schedula_solution_get_sub_solutions:
 * @self: a #SchedulaSolution
 *
 * Gets every solution below this one (children, grandchildren, …), in the
 * order they were created (schedula's `sub_sol`).
 *
 * Returns: (transfer full): a list of #SchedulaSolution
 */
GListModel *
schedula_solution_get_sub_solutions (SchedulaSolution *self)
{
  SolState *sol;
  GListStore *out;
  g_autofree guint8 *below = NULL;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  out = g_list_store_new (SCHEDULA_TYPE_SOLUTION);
  sol = state (self);
  /* A solution is made after its parent: one pass in creation order marks
   * the descendants (not a walk up from each, O(depth)) */
  below = g_new0 (guint8, MAX (self->run->sols->len, 1));
  for (guint i = sol->position + 1; i < self->run->sols->len; i++)
    {
      SolState *s = self->run->sols->pdata[i];

      if (s->parent != NULL && (s->parent == sol || below[s->parent->position]))
        {
          g_autoptr(SchedulaSolution) sub = _schedula_solution_wrap (s);

          below[i] = TRUE;
          g_list_store_append (out, sub);
        }
    }
  return G_LIST_MODEL (out);
}

/**
 * schedula_solution_get_parent:
 * @self: a #SchedulaSolution
 *
 * Gets the solution this one is a sub-solution of.
 *
 * Returns: (transfer full) (nullable): the parent solution, or %NULL
 */
SchedulaSolution *
schedula_solution_get_parent (SchedulaSolution *self)
{
  SolState *sol;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  sol = state (self);
  if (sol->parent == NULL)
    return NULL;
  return _schedula_solution_wrap (sol->parent);
}

/**
 * schedula_solution_get_index:
 * @self: a #SchedulaSolution
 * @n_index: (out): the length of the index
 *
 * Gets schedula's index of the solution: `(-1)` for a top solution, then the
 * index of each sub-dispatcher node down to this one.
 *
 * Returns: (array length=n_index) (transfer none): the index
 */
const gint *
schedula_solution_get_index (SchedulaSolution *self,
                             guint            *n_index)
{
  SolState *sol;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (n_index != NULL, NULL);

  sol = state (self);
  return _schedula_sol_get_index (sol, n_index);
}

/**
 * schedula_solution_get_full_name:
 * @self: a #SchedulaSolution
 *
 * Gets the ids of the sub-dispatcher nodes from the top solution down to
 * this one (empty for a top solution).
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids
 */
const char *const *
schedula_solution_get_full_name (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  return _schedula_sol_get_full_name (state (self));
}

static guint32
find_fuzzy (SchedulaGraph *g,
            const char    *id)
{
  guint32 n = _schedula_graph_lookup (g, id);
  const char *best = NULL;

  if (n != SCHEDULA_NO_NODE)
    return n;
  for (guint32 k = 0; k < g->n_nodes; k++)
    if (strstr (g->ids[k], id) != NULL && (best == NULL || _schedula_id_compare (g->ids[k], best) < 0))
      {
        best = g->ids[k];
        n = k;
      }
  return n;
}

/**
 * schedula_solution_lookup_path:
 * @self: a #SchedulaSolution
 * @path: (array zero-terminated=1): node ids, one per level: sub-dispatcher
 *   nodes, then a data node
 * @real_path: (out) (optional) (array zero-terminated=1) (transfer full): the
 *   ids actually matched
 * @error: return location for a #GError
 *
 * Gets the value of a data node inside sub-dispatchers, as schedula's
 * `get_node(*path)` on a solution: each level matches an exact id first,
 * then the first id (in order) that contains the given string.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL with @error set
 */
const GValue *
schedula_solution_lookup_path (SchedulaSolution   *self,
                               const char *const  *path,
                               char             ***real_path,
                               GError            **error)
{
  g_autoptr(GPtrArray) matched = g_ptr_array_new_with_free_func (g_free);
  SolState *sol;

  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] != NULL, NULL);

  sol = state (self);
  for (guint level = 0; path[level] != NULL; level++)
    {
      guint32 n = find_fuzzy (sol->graph, path[level]);
      gboolean last = path[level + 1] == NULL;

      if (n == SCHEDULA_NO_NODE)
        {
          const ExtraValue *ev = last ? find_extra (sol, path[level]) : NULL;

          if (ev != NULL)
            {
              g_ptr_array_add (matched, g_strdup (path[level]));
              if (real_path)
                {
                  g_ptr_array_add (matched, NULL);
                  *real_path = (char **) g_ptr_array_free (g_steal_pointer (&matched), FALSE);
                }
              return ev->value;
            }
          break;
        }
      g_ptr_array_add (matched, g_strdup (sol->graph->ids[n]));
      if (last)
        {
          if (!(sol->ns[n].flags & NS_VALUE))
            break;
          if (real_path)
            {
              g_ptr_array_add (matched, NULL);
              *real_path = (char **) g_ptr_array_free (g_steal_pointer (&matched), FALSE);
            }
          return sol->ns[n].value;
        }
      if (sol->graph->nodes[n].kind != SCHEDULA_NODE_KIND_DISPATCHER ||
          sol->children[sol->graph->nodes[n].info] == NULL)
        break;
      sol = sol->children[sol->graph->nodes[n].info];
    }

  {
    g_autofree char *p = _schedula_format_path (path);

    g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
                 "Path %s does not exist in %s dispatcher.", p, state (self)->graph->dsp_name);
  }
  return NULL;
}

/**
 * schedula_solution_get_dispatch_error:
 * @self: a #SchedulaSolution
 *
 * Gets why the dispatch that made this solution stopped before its end: the
 * error [method@Dispatcher.dispatch] would have failed with. A sub-solution
 * gives the error of its whole dispatch.
 *
 * Returns: (transfer none) (nullable): the error, or %NULL if the dispatch
 *   completed
 */
const GError *
schedula_solution_get_dispatch_error (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), NULL);

  return self->run->error;
}

/**
 * schedula_solution_propagate_dispatch_error:
 * @self: a #SchedulaSolution
 * @error: return location for a #GError
 *
 * Sets @error to a copy of the error the dispatch of this solution stopped
 * with, if it stopped early (see [method@Solution.get_dispatch_error]).
 *
 * Returns: %TRUE if the dispatch completed, %FALSE with @error set if not
 */
gboolean
schedula_solution_propagate_dispatch_error (SchedulaSolution  *self,
                                            GError           **error)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->run->error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->run->error));
  return FALSE;
}

/**
 * schedula_solution_is_finished:
 * @self: a #SchedulaSolution
 *
 * Gets whether the dispatch that makes @self (or the solution @self is a
 * sub-solution of) has returned. A finished solution no longer changes, so
 * what is read from it can be kept: the Python binding keeps the `dist`,
 * `workflow` and other views it builds of a finished solution. A solution
 * seen while its dispatch runs (the last solution of a dispatcher, read by
 * one of its node functions; a sub-solution passed on during the dispatch)
 * is not finished yet.
 *
 * Any thread may call this.
 *
 * Returns: %TRUE if the dispatch is over
 */
gboolean
schedula_solution_is_finished (SchedulaSolution *self)
{
  g_return_val_if_fail (SCHEDULA_IS_SOLUTION (self), FALSE);

  return g_atomic_int_get (&self->run->finished);
}
