/* schedula-limits.c: how deep dispatches may nest through functions;
 * whether the failures they record are logged
 *
 * A function may dispatch a model (a sub-dispatch wrapper does), and that
 * model may call the function again: a model that calls itself, or an input
 * that refers to itself, recurses on the C stack with no end of its own.
 * Every dispatch and every pipe replay enters here first. Past the depth
 * limit, or when the thread's stack is nearly used up whatever the limit,
 * the nested dispatch fails with SCHEDULA_DISPATCH_ERROR_RECURSION: the
 * function that started it fails, its error is recorded on its node, and
 * each level above returns as from any failure.
 *
 * The depth is counted per thread: a function that runs in another thread
 * (an executor's) is given the depth of the dispatch that called it.
 *
 * Whether the failures a dispatch records are logged is process-wide too:
 * a failure costs a message only when someone listens.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#define _GNU_SOURCE 1  /* pthread_getattr_np */

#include "config.h"

#include <pthread.h>

#include "schedula-private.h"

static gint max_depth = SCHEDULA_DEFAULT_MAX_DEPTH;
static gint failures_logged = FALSE;

typedef struct
{
  guint   depth;
  guint8 *stack_low;   /* the lowest usable address, or NULL if unknown */
  gsize   margin;      /* the stack a level must leave free */
  gboolean stack_known;
} DepthState;

static GPrivate depth_key = G_PRIVATE_INIT (g_free);

static DepthState *
depth_state (void)
{
  DepthState *state = g_private_get (&depth_key);

  if (G_UNLIKELY (state == NULL))
    {
      state = g_new0 (DepthState, 1);
      g_private_set (&depth_key, state);
    }
  return state;
}

/* Finds the bounds of the stack of this thread once */
static void
find_stack (DepthState *state)
{
  state->stack_known = TRUE;
#ifdef __GLIBC__
  {
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;

    if (pthread_getattr_np (pthread_self (), &attr) != 0)
      return;
    if (pthread_attr_getstack (&attr, &addr, &size) == 0 && addr != NULL && size > 0)
      {
        /* The stack grows down from addr + size; keep a quarter of it, up
         * to 512 KiB, for the functions of the deepest level */
        state->stack_low = addr;
        state->margin = MIN ((gsize) 512 * 1024, size / 4);
      }
    pthread_attr_destroy (&attr);
  }
#endif
}

/**
 * schedula_get_max_depth:
 *
 * Gets how many dispatches may nest through functions in one thread (see
 * [func@set_max_depth]).
 *
 * Returns: the limit
 */
guint
schedula_get_max_depth (void)
{
  return (guint) g_atomic_int_get (&max_depth);
}

/**
 * schedula_set_max_depth:
 * @depth: the most dispatches that may nest, at least 1
 *
 * Sets how many dispatches may nest through functions: a dispatch that
 * calls a function that dispatches a model (a [class@SubDispatch], a
 * [class@SubDispatchFunction], a pipe…) is one level deeper. A dispatch
 * past the limit fails with %SCHEDULA_DISPATCH_ERROR_RECURSION, which the
 * function that started it reports as its failure: the error is recorded
 * on its node, as schedula records Python's `RecursionError`. The default
 * is %SCHEDULA_DEFAULT_MAX_DEPTH.
 *
 * Whatever the limit, a dispatch also fails this way when less than a
 * quarter of the thread's stack (at most 512 KiB) is left, so that deep
 * recursion never overflows the stack.
 */
void
schedula_set_max_depth (guint depth)
{
  g_return_if_fail (depth >= 1 && depth <= G_MAXINT);

  g_atomic_int_set (&max_depth, (gint) depth);
}

/**
 * schedula_get_log_failures:
 *
 * Gets whether the failures a dispatch records are logged (see
 * [func@set_log_failures]). The environment may ask for the log without
 * this: see there.
 *
 * Returns: what [func@set_log_failures] set last, %FALSE by default
 */
gboolean
schedula_get_log_failures (void)
{
  return g_atomic_int_get (&failures_logged);
}

/**
 * schedula_set_log_failures:
 * @log_failures: whether to log the failures that dispatches record
 *
 * Sets whether a failure that a dispatch records and goes around (the
 * %SCHEDULA_RAISES_RECORD policy, schedula's `raises=False`) is logged, as
 * schedula's `log.error()`: a g_message() in the `Schedula` log domain,
 * `Failed DISPATCHING 'path/of/node' due to:` (or `CALLBACK`, `SUB-DSP
 * DOMAIN`) then the message of the node's error, the node named by its path
 * through the sub-dispatchers.
 *
 * The default is %FALSE: a failure is then only recorded in the solution
 * ([method@Solution.get_error], [method@Solution.dup_error_message]) and no
 * message is formatted for it, so that a failure costs about as much as a
 * successful call. Failures are logged by default all the same when the
 * environment asks for the messages of the domain: when `G_MESSAGES_DEBUG`
 * names `Schedula` or `all` (g_log_writer_default_would_drop() keeps debug
 * messages of the domain), read once, at the first failure a dispatch
 * records.
 *
 * The setting holds for the whole process and any thread may change it;
 * the Python binding turns it on when it is imported, as its failures go to
 * Python's logging as schedula's do.
 */
void
schedula_set_log_failures (gboolean log_failures)
{
  g_atomic_int_set (&failures_logged, log_failures ? TRUE : FALSE);
}

/* Whether a recorded failure is logged: the setting, or the environment
 * (G_MESSAGES_DEBUG), read once */
gboolean
_schedula_log_failures (void)
{
  static gsize env = 0;  /* 1: the environment asks for the log, 2: it does not */

  if (g_atomic_int_get (&failures_logged))
    return TRUE;
  if (g_once_init_enter (&env))
    g_once_init_leave (&env, g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) ? 2 : 1);
  return env == 1;
}

gboolean
_schedula_depth_enter (GError **error)
{
  DepthState *state = depth_state ();
  guint limit = schedula_get_max_depth ();
  guintptr here = (guintptr) __builtin_frame_address (0);

  if (G_UNLIKELY (!state->stack_known))
    find_stack (state);
  if (state->depth >= limit)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_RECURSION,
                   "maximum dispatch depth exceeded: %u dispatches nested through functions "
                   "(schedula_set_max_depth() sets the limit)", limit);
      return FALSE;
    }
  if (state->stack_low != NULL && here - (guintptr) state->stack_low < state->margin)
    {
      g_set_error (error, SCHEDULA_DISPATCH_ERROR, SCHEDULA_DISPATCH_ERROR_RECURSION,
                   "maximum dispatch depth exceeded: the stack of the thread is nearly "
                   "exhausted after %u dispatches nested through functions", state->depth);
      return FALSE;
    }
  state->depth++;
  return TRUE;
}

void
_schedula_depth_leave (void)
{
  depth_state ()->depth--;
}

guint
_schedula_depth_get (void)
{
  return depth_state ()->depth;
}

void
_schedula_depth_set (guint depth)
{
  depth_state ()->depth = depth;
}
