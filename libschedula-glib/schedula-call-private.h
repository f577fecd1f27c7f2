/* schedula-call-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "schedula-call.h"
#include "schedula-dict.h"

G_BEGIN_DECLS

struct _SchedulaCall
{
  GObject              parent_instance;

  const char          *node_id;
  const GValue *const *inputs;
  const char *const   *input_ids;
  guint                n_inputs;
  guint                n_outputs;
  GValue              *outputs;
  guint                outputs_capacity;
  guint                bad_output;     /* the first position past n_outputs that was set */
  gboolean             has_bad_output;
  gboolean             false_without_error; /* the function returned FALSE, no error */
  gboolean             dirty;          /* some output may be set */
  GCancellable        *cancellable;
  SchedulaSolution    *solution;       /* attached by the function, see schedula_call_set_solution() */
  SchedulaDict        *keywords;       /* schedula_call_set_keywords(): never set by a dispatch */

  /* Storage for schedula_call_set_inputs() */
  GValue              *owned_inputs;
  const GValue       **owned_ptrs;
  guint                n_owned;
  char                *owned_node_id; /* set_node_id, outside a dispatch */

  /* The solution (a SolState) the call runs for (set by a dispatch, NULL
   * outside one): a dispatch that a function starts while it runs (a
   * wrapper's) names its solution after the node, under that one's full
   * name (_schedula_sol_get_full_name ()) */
  gpointer             caller_sol;
};

const char *const *_schedula_sol_get_full_name (gpointer sol);

SchedulaCall *_schedula_call_set_current   (SchedulaCall        *call);
char        **_schedula_call_dup_current_name (void);

void  _schedula_call_prepare        (SchedulaCall        *self,
                                     const char          *node_id,
                                     const GValue *const *inputs,
                                     const char *const   *input_ids,
                                     guint                n_inputs,
                                     guint                n_outputs);
void  _schedula_call_clear_outputs  (SchedulaCall        *self);
gboolean _schedula_check_count     (const char          *what,
                                     guint                n,
                                     GError             **error);
SchedulaSolution *_schedula_call_steal_solution (SchedulaCall *self);
gboolean          _schedula_call_take_result    (SchedulaCall  *self,
                                                 const char    *name,
                                                 GValue        *result,
                                                 GError       **error);

G_END_DECLS
