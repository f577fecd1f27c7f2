/* schedula-types.h: enums, the error domain, distances and special ids
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

typedef struct _SchedulaCall               SchedulaCall;
typedef struct _SchedulaDispatcher         SchedulaDispatcher;
typedef struct _SchedulaDispatchOptions    SchedulaDispatchOptions;
typedef struct _SchedulaSolution           SchedulaSolution;
typedef struct _SchedulaWorkflow           SchedulaWorkflow;

/**
 * SCHEDULA_START:
 *
 * The id of schedula's START node: the source of every initial value. It is
 * added to a dispatcher when a function is added without inputs, and then
 * holds the default value NONE.
 */
#define SCHEDULA_START "$START"

/**
 * SCHEDULA_SINK:
 *
 * The id of schedula's SINK node, which collects the outputs of functions
 * added without outputs. Its value is a [struct@Dict] of the values sent to
 * it, keyed by the id of the function that sent them.
 */
#define SCHEDULA_SINK "$SINK"

/**
 * SCHEDULA_END:
 *
 * The id of schedula's END node (used by plots of sub-dispatch functions).
 */
#define SCHEDULA_END "$END"

/**
 * SCHEDULA_SELF:
 *
 * The id of schedula's SELF node, whose default value is the dispatcher that
 * holds it.
 */
#define SCHEDULA_SELF "$SELF"

/**
 * SCHEDULA_PLOT:
 *
 * The id of schedula's PLOT node.
 */
#define SCHEDULA_PLOT "$PLOT"

/**
 * SCHEDULA_DISPATCH_ERROR:
 *
 * The error domain of libschedula-glib.
 */
#define SCHEDULA_DISPATCH_ERROR (schedula_dispatch_error_quark ())

/**
 * SchedulaDispatchError:
 * @SCHEDULA_DISPATCH_ERROR_NODE_FAILED: a node failed and the raises policy
 *   of its dispatcher says to stop the dispatch; or a function reported a
 *   failure without setting an error.
 * @SCHEDULA_DISPATCH_ERROR_CONTRADICTORY_PATHS: negative weights made a node
 *   reachable at a distance shorter than the one it was visited at.
 * @SCHEDULA_DISPATCH_ERROR_INVALID_INPUT: an argument names a node that does
 *   not exist or has the wrong kind, or an id is reserved.
 * @SCHEDULA_DISPATCH_ERROR_INVALID_MODEL: the model cannot do what it was
 *   asked: a waiting data node without a combiner, a value of the wrong type
 *   for a data node, a sub-dispatcher mapping to a missing node.
 * @SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH: a function produced results that do
 *   not match the outputs its node declares: it set an output position the
 *   node does not have, or it failed with this error itself (a binding does
 *   when a result cannot be unpacked into the outputs). The dispatch stops,
 *   as schedula does when it cannot unpack a result.
 * @SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS: a sub-dispatch wrapper could
 *   not compute the outputs it returns (schedula's `DispatcherError`
 *   "Unreachable output-targets").
 * @SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN: a step of a compiled pipe failed and
 *   the pipe does not go around failures (schedula's `DispatchPipe`: "The
 *   pipe is not respected.").
 * @SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS: a function was called with
 *   arguments it does not take: missing, repeated or unknown (schedula's
 *   `TypeError`).
 * @SCHEDULA_DISPATCH_ERROR_RECURSION: dispatches nested through functions
 *   (a model that calls itself through a sub-dispatch wrapper) went deeper
 *   than [func@get_max_depth], or the thread's stack is nearly exhausted
 *   (schedula's `RecursionError`).
 * @SCHEDULA_DISPATCH_ERROR_TOO_LARGE: a count given as an argument (of
 *   values, outputs or copies) is more than %SCHEDULA_MAX_VALUES.
 *
 * Error codes of the %SCHEDULA_DISPATCH_ERROR domain. Cancellation is
 * reported as %G_IO_ERROR_CANCELLED.
 */
typedef enum {
  SCHEDULA_DISPATCH_ERROR_NODE_FAILED,
  SCHEDULA_DISPATCH_ERROR_CONTRADICTORY_PATHS,
  SCHEDULA_DISPATCH_ERROR_INVALID_INPUT,
  SCHEDULA_DISPATCH_ERROR_INVALID_MODEL,
  SCHEDULA_DISPATCH_ERROR_OUTPUT_MISMATCH,
  SCHEDULA_DISPATCH_ERROR_UNREACHABLE_OUTPUTS,
  SCHEDULA_DISPATCH_ERROR_PIPE_BROKEN,
  SCHEDULA_DISPATCH_ERROR_BAD_ARGUMENTS,
  SCHEDULA_DISPATCH_ERROR_RECURSION,
  SCHEDULA_DISPATCH_ERROR_TOO_LARGE,
} SchedulaDispatchError;

/**
 * SchedulaFindingKind:
 * @SCHEDULA_FINDING_MISSING_MAPPING_TARGET: a sub-dispatcher node maps an id
 *   that its child (or, for an output, the parent) does not have: a typo,
 *   usually; that part of the mapping carries nothing.
 * @SCHEDULA_FINDING_UNREACHABLE: a node of a child dispatcher that nothing
 *   its parent feeds it (through the input mapping), and none of its
 *   defaults, reaches: no dispatch computes it. (Any data node of the top
 *   dispatcher may be an input; there, a function node is unreachable when
 *   an input it declares has no edge to it, as after a node was removed.)
 * @SCHEDULA_FINDING_NEVER_RUNS: a function node the search never calls:
 *   every one of its outputs is also one of its inputs, so its outputs are
 *   known before it could run.
 * @SCHEDULA_FINDING_UNUSED_OUTPUT: a data node of a child dispatcher that a
 *   function computes but that no node reads and no output mapping takes
 *   out of the child.
 * @SCHEDULA_FINDING_SHADOWED_DEFAULT: a default value of a child dispatcher
 *   that is never used: the parent's input mapping feeds that node from a
 *   single id, and schedula then leaves the child's default out.
 *
 * What [method@Dispatcher.check] finds in a model.
 */
typedef enum {
  SCHEDULA_FINDING_MISSING_MAPPING_TARGET,
  SCHEDULA_FINDING_UNREACHABLE,
  SCHEDULA_FINDING_NEVER_RUNS,
  SCHEDULA_FINDING_UNUSED_OUTPUT,
  SCHEDULA_FINDING_SHADOWED_DEFAULT,
} SchedulaFindingKind;

/**
 * SCHEDULA_IDS:
 * @...: node ids
 *
 * A %NULL-terminated array of node ids, for the inputs and outputs of the
 * model API in C: `SCHEDULA_IDS ("distance", "time")`.
 */
#define SCHEDULA_IDS(...) ((const char *const []) { __VA_ARGS__, NULL })

/**
 * SCHEDULA_MAX_VALUES:
 *
 * The most values a function call, a result or a helper may hold: counts
 * of inputs, outputs or copies above it are refused with
 * %SCHEDULA_DISPATCH_ERROR_TOO_LARGE instead of an allocation that would
 * abort the process.
 */
#define SCHEDULA_MAX_VALUES (1u << 24)

/**
 * SCHEDULA_DEFAULT_MAX_DEPTH:
 *
 * The default of [func@set_max_depth]: as many nested dispatches as Python
 * allows nested calls by default.
 */
#define SCHEDULA_DEFAULT_MAX_DEPTH 1000

/**
 * SchedulaNodeStatus:
 * @SCHEDULA_NODE_STATUS_WAITING: the dispatch has not called the node's
 *   function yet
 * @SCHEDULA_NODE_STATUS_QUEUED: the dispatch handed its call to an
 *   executor, which has no thread or worker for it yet
 * @SCHEDULA_NODE_STATUS_RUNNING: its function is running
 * @SCHEDULA_NODE_STATUS_DONE: its function returned
 * @SCHEDULA_NODE_STATUS_FAILED: its function failed, or never ran because
 *   the dispatch was cancelled; [property@NodeState:error] says why
 * @SCHEDULA_NODE_STATUS_SKIPPED: the dispatch ended without calling it
 *   (not on the shortest paths, outside its input domain, not needed)
 *
 * Where a function node stands in a dispatch ([class@NodeState]).
 */
typedef enum {
  SCHEDULA_NODE_STATUS_WAITING,
  SCHEDULA_NODE_STATUS_QUEUED,
  SCHEDULA_NODE_STATUS_RUNNING,
  SCHEDULA_NODE_STATUS_DONE,
  SCHEDULA_NODE_STATUS_FAILED,
  SCHEDULA_NODE_STATUS_SKIPPED,
} SchedulaNodeStatus;

/**
 * SchedulaRaises:
 * @SCHEDULA_RAISES_RECORD: record the error in the solution, log it with
 *   g_message() when failures are logged ([func@set_log_failures]), and go
 *   on searching (schedula's `raises=False`).
 * @SCHEDULA_RAISES_RECORD_SILENTLY: record the error and go on, without
 *   logging (schedula's `raises=''`).
 * @SCHEDULA_RAISES_RAISE: stop the dispatch at the first failing node
 *   (schedula's `raises=True`); the partial solution stays available.
 *
 * What a dispatcher does when one of its nodes fails.
 */
typedef enum {
  SCHEDULA_RAISES_RECORD,
  SCHEDULA_RAISES_RECORD_SILENTLY,
  SCHEDULA_RAISES_RAISE,
} SchedulaRaises;

/**
 * SchedulaWildcard:
 * @SCHEDULA_WILDCARD_OFF: inputs are never recomputed.
 * @SCHEDULA_WILDCARD_ON: an input that is also a requested output feeds its
 *   successors but is computed again (schedula's `wildcard=True`).
 * @SCHEDULA_WILDCARD_COMPUTABLE: as %SCHEDULA_WILDCARD_ON, but only for inputs
 *   that have a predecessor (schedula's `wildcard=2`).
 *
 * The wildcard mode of a dispatch.
 */
typedef enum {
  SCHEDULA_WILDCARD_OFF,
  SCHEDULA_WILDCARD_ON,
  SCHEDULA_WILDCARD_COMPUTABLE,
} SchedulaWildcard;

/**
 * SchedulaNodeKind:
 * @SCHEDULA_NODE_KIND_DATA: a [class@DataNode].
 * @SCHEDULA_NODE_KIND_FUNCTION: a [class@FunctionNode].
 * @SCHEDULA_NODE_KIND_DISPATCHER: a [class@DispatcherNode].
 *
 * The kind of a node, as schedula's `type` attribute.
 */
typedef enum {
  SCHEDULA_NODE_KIND_DATA,
  SCHEDULA_NODE_KIND_FUNCTION,
  SCHEDULA_NODE_KIND_DISPATCHER,
} SchedulaNodeKind;

/**
 * SchedulaFailure:
 * @SCHEDULA_FAILURE_DISPATCHING: the node's function, combiner or a filter
 *   failed (schedula's "Failed DISPATCHING").
 * @SCHEDULA_FAILURE_CALLBACK: the data node's callback failed; the value is
 *   kept (schedula's "Failed CALLBACK").
 * @SCHEDULA_FAILURE_SUB_DSP_DOMAIN: the input domain of a sub-dispatcher node
 *   failed; it counts as false (schedula's "Failed SUB-DSP DOMAIN").
 *
 * Where a recorded node error happened.
 */
typedef enum {
  SCHEDULA_FAILURE_DISPATCHING,
  SCHEDULA_FAILURE_CALLBACK,
  SCHEDULA_FAILURE_SUB_DSP_DOMAIN,
} SchedulaFailure;

/**
 * SchedulaFunctionFlags:
 * @SCHEDULA_FUNCTION_FLAGS_NONE: the function may run on any thread.
 * @SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT: the function must run on the
 *   thread-default main context that was current when it was created (GJS
 *   functions must).
 *
 * Where a [class@Function] may run.
 */
typedef enum /*< flags >*/ {
  SCHEDULA_FUNCTION_FLAGS_NONE         = 0,
  SCHEDULA_FUNCTION_FLAGS_MAIN_CONTEXT = 1 << 0,
} SchedulaFunctionFlags;

/**
 * SchedulaSubDispatcherFlags:
 * @SCHEDULA_SUB_DISPATCHER_FLAGS_NONE: forward search, inputs checked.
 * @SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE: search backwards from the sources.
 * @SCHEDULA_SUB_DISPATCHER_FLAGS_ADD_MISSING: add the missing inputs of the
 *   functions reached (forward search).
 * @SCHEDULA_SUB_DISPATCHER_FLAGS_NO_CHECK_INPUTS: add functions reached even
 *   when some of their inputs were not (forward search).
 * @SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL: search the model graph instead of
 *   the workflow of the last solution.
 *
 * Options of [method@Dispatcher.get_sub_dispatcher_from_workflow].
 */
typedef enum /*< flags >*/ {
  SCHEDULA_SUB_DISPATCHER_FLAGS_NONE            = 0,
  SCHEDULA_SUB_DISPATCHER_FLAGS_REVERSE         = 1 << 0,
  SCHEDULA_SUB_DISPATCHER_FLAGS_ADD_MISSING     = 1 << 1,
  SCHEDULA_SUB_DISPATCHER_FLAGS_NO_CHECK_INPUTS = 1 << 2,
  SCHEDULA_SUB_DISPATCHER_FLAGS_USE_MODEL       = 1 << 3,
} SchedulaSubDispatcherFlags;

/**
 * SchedulaOutputType:
 * @SCHEDULA_OUTPUT_TYPE_DEFAULT: as schedula chooses for the wrapper (for a
 *   sub-dispatch function: the solution without outputs, the value for one
 *   output, else the list)
 * @SCHEDULA_OUTPUT_TYPE_ALL: the whole [class@Solution]
 * @SCHEDULA_OUTPUT_TYPE_LIST: a `GValueArray` of the outputs, in order
 * @SCHEDULA_OUTPUT_TYPE_DICT: a [struct@Dict] of the outputs, by id
 * @SCHEDULA_OUTPUT_TYPE_VALUES: the value of the only output, else a
 *   `GValueArray` of them
 *
 * What a sub-dispatch wrapper or the selector returns (schedula's
 * `output_type`). Sequences (schedula's lists and tuples) are `GValueArray`s
 * in the library; mappings are [struct@Dict]s.
 */
typedef enum {
  SCHEDULA_OUTPUT_TYPE_DEFAULT,
  SCHEDULA_OUTPUT_TYPE_ALL,
  SCHEDULA_OUTPUT_TYPE_LIST,
  SCHEDULA_OUTPUT_TYPE_DICT,
  SCHEDULA_OUTPUT_TYPE_VALUES,
} SchedulaOutputType;

/**
 * SchedulaValueShape:
 * @SCHEDULA_VALUE_SHAPE_DICT: a mapping of ids to values ([struct@Dict])
 * @SCHEDULA_VALUE_SHAPE_SEQUENCE: a sequence of values (`GValueArray`)
 *
 * The container shapes the helpers and wrappers read their arguments as;
 * see [func@value_register_adapter].
 */
typedef enum {
  SCHEDULA_VALUE_SHAPE_DICT,
  SCHEDULA_VALUE_SHAPE_SEQUENCE,
} SchedulaValueShape;

/**
 * SchedulaDistance:
 * @inf: the infinite part: distances compare on it first.
 * @num: the finite part.
 *
 * A two-level distance, as schedula's `inf(inf, num)`: `(inf, num)` pairs
 * compare lexicographically, and a plain number `n` is `(0, n)`.
 */
typedef struct {
  gdouble inf;
  gdouble num;
} SchedulaDistance;

#define SCHEDULA_TYPE_DISTANCE (schedula_distance_get_type ())

SCHEDULA_AVAILABLE_IN_ALL
GQuark            schedula_dispatch_error_quark (void);

SCHEDULA_AVAILABLE_IN_ALL
GType             schedula_distance_get_type    (void) G_GNUC_CONST;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDistance *schedula_distance_new         (gdouble                 inf,
                                                 gdouble                 num) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
SchedulaDistance *schedula_distance_copy        (const SchedulaDistance *self) G_GNUC_WARN_UNUSED_RESULT;
SCHEDULA_AVAILABLE_IN_ALL
void              schedula_distance_free        (SchedulaDistance       *self);
SCHEDULA_AVAILABLE_IN_ALL
int               schedula_distance_compare     (const SchedulaDistance *a,
                                                 const SchedulaDistance *b);
SCHEDULA_AVAILABLE_IN_ALL
char             *schedula_distance_to_string   (const SchedulaDistance *self) G_GNUC_WARN_UNUSED_RESULT;

SCHEDULA_AVAILABLE_IN_ALL
gboolean          schedula_id_is_special        (const char             *id);

SCHEDULA_AVAILABLE_IN_ALL
guint             schedula_get_max_depth        (void);
SCHEDULA_AVAILABLE_IN_ALL
void              schedula_set_max_depth        (guint                   depth);
SCHEDULA_AVAILABLE_IN_ALL
gboolean          schedula_get_log_failures     (void);
SCHEDULA_AVAILABLE_IN_ALL
void              schedula_set_log_failures     (gboolean                log_failures);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchedulaDistance, schedula_distance_free)

G_END_DECLS
