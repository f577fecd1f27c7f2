# executors.py: dispatches that do not block (DispatchFuture), the
# executors' shutdown, and the Python functions and values that travel to
# worker processes (references, the worker's command, the codec "pickle").
#
# SPDX-License-Identifier: EUPL-1.2

import atexit
import base64
import collections
import collections.abc
import concurrent.futures
import os
import sys
import threading
import types
import warnings
import weakref

from gi.repository import GLib, GObject

from ._base import Schedula, _DISPATCH_ERROR_DOMAIN, exporter, log
from .errors import DispatcherAbort, ExecutorShutdown, _E_INVALID_INPUT, _raise_from_glib
from .values import EMPTY, _TYPE_ERROR

__all__ = []
_export = exporter(globals())


# ---------------------------------------------------------------------------
# Executors: dispatches that do not block, and Python functions in workers
# ---------------------------------------------------------------------------

def _executor_name(dsp, executor):
    """The executor a dispatch() with @executor runs with, as the library
    names it, or None for a synchronous dispatch: False is synchronous,
    True the model's executor."""
    if executor is True or (executor and not isinstance(executor, str)):
        executor = dsp.get_executor()
    if not executor or executor == 'sync':
        return None
    return executor


def _executor_option(dsp, executor):
    """The executor of the DispatchOptions of a dispatch() with @executor:
    False is none, also over a model that has an executor of its own (''),
    True leaves it to the model."""
    if executor:
        return executor
    return '' if dsp.get_executor() else False


def _check_executor(name):
    """Raises ValueError for an executor name that is not registered (and
    makes the executor, as the dispatch would)."""
    try:
        Schedula.Executor.get(name)
    except GLib.Error as error:
        raise _raise_from_glib(error) from None


class DispatchFuture(concurrent.futures.Future):
    """What dispatch() returns for a dispatch with an executor ('async',
    'parallel', 'parallel-pool', or True with a model that has one): the
    dispatch runs in a thread of its own (the library's dispatch releases
    the GIL), and this concurrent.futures.Future completes with what the
    synchronous dispatch returns. It is schedula's Solution of an
    asynchronous dispatch too:

    - until result() (or exception()) has returned, it reads as a mapping
      of node ids to concurrent.futures.Futures, one per node the dispatch
      plans to reach (the inputs, already done, and the nodes a no_call
      dispatch of the same inputs reaches, in its order: planned when the
      mapping is first read). They complete when the dispatch ends: with
      the node's value, or, for a node that got none, with the exception
      result() raises (KeyError when it raises none).
      await_result(fut['b']) waits for one.
    - result(timeout=None) waits and returns the Solution (the selected
      outputs with select_output_kw), or raises the dispatch's exception
      (DispatcherError, DispatcherAbort when a stopper stopped it,
      ExecutorShutdown when shutdown_executors(wait=False) did, ...);
      concurrent.futures.TimeoutError when @timeout passes first. As
      schedula's, it also raises the exception of the first function that
      failed and left an output without a value, unless the node has
      await_result: schedula's asynchronous dispatch loses the outputs of
      every failed function, the library's solution is the synchronous one,
      where an alternative may give them (then nothing is raised). The
      solution is the exception's `sol`.
    - from then on it reads as that solution: fut['b'], 'b' in fut,
      list(fut), fut == {...}; attributes (fut.dist, fut.workflow,
      fut.sub_sol, ...) are the solution's at any time, waiting for it.
    - done(), running(), exception(timeout=None), add_done_callback(fn):
      as concurrent.futures; fn is called in the dispatch's thread when the
      dispatch ends (at once when it already has). It works with
      concurrent.futures.wait() and as_completed().
    - cancel() stops a dispatch that has not ended through its
      Gio.Cancellable (its stopper when it is one): calls not started do not
      run, worker processes running one are killed. The future is then
      cancelled (result() raises concurrent.futures.CancelledError) and the
      dispatch's thread ends soon after. It returns False once the dispatch
      has ended (and True again for a cancelled one).

    The dispatch's thread is not a daemon: the interpreter waits for the
    dispatches that still run before it exits, as for the threads of
    concurrent.futures; shutdown_executors() waits for them too."""

    def __init__(self, cancellable=None, executor=None, inputs=None, plan=None):
        super().__init__()
        self._cancellable = cancellable
        self._executor = executor       # the executor's name
        self._inputs = inputs or {}     # node id -> value given
        self._plan = plan               # () -> the node ids a dispatch reaches
        self._nodes = None              # node id -> Future, once read
        self._outcome = None            # (solution, exception) once ended
        self._read = False              # result() or exception() returned
        self._shut_down = False         # stopped by shutdown_executors()
        self._nodes_lock = threading.Lock()

    def cancel(self):
        if not super().cancel():
            return False
        if self._cancellable is not None:
            self._cancellable.cancel()
        return True

    def running(self):
        return not self.done()

    def result(self, timeout=None):
        try:
            return super().result(timeout)
        finally:
            if self.done():
                self._read = True

    def exception(self, timeout=None):
        try:
            return super().exception(timeout)
        finally:
            if self.done():
                self._read = True

    # -- the node futures, then the solution ----------------------------------

    def _settle(self, sol, exc):
        """The dispatch ended with @sol (its values) and @exc (what result()
        raises, or None): completes the node futures."""
        with self._nodes_lock:
            self._outcome = (sol, exc)
            nodes = self._nodes
        if nodes is not None:
            _settle_nodes(nodes, sol, exc)

    def _node_futures(self):
        with self._nodes_lock:
            nodes = self._nodes
        if nodes is not None:
            return nodes
        planned = ()
        if self._plan is not None:
            try:
                planned = self._plan()
            except Exception:   # what the dispatch raises, result() raises too
                planned = ()
        ids = dict.fromkeys(planned)
        ids.update(dict.fromkeys(self._inputs))
        nodes = {}
        for node_id in ids:
            nodes[node_id] = f = concurrent.futures.Future()
            if node_id in self._inputs:
                f.set_result(self._inputs[node_id])
        with self._nodes_lock:
            if self._nodes is not None:
                return self._nodes
            self._nodes = nodes
            outcome = self._outcome
        if outcome is not None:
            _settle_nodes(nodes, *outcome)
        return nodes

    def _solution(self):
        """The solution of the ended dispatch, also one that raised (its
        exception's `sol`); waits for it."""
        try:
            return super().result()
        except concurrent.futures.CancelledError:
            raise
        except BaseException as exc:
            sol = getattr(exc, 'sol', None)
            if sol is None:
                raise
            return sol

    def _view(self):
        return self._solution() if self._read else self._node_futures()

    def __getitem__(self, key):
        return self._view()[key]

    def __contains__(self, key):
        return key in self._view()

    def __iter__(self):
        return iter(self._view())

    def __len__(self):
        return len(self._view())

    def keys(self):
        return self._view().keys()

    def values(self):
        return self._view().values()

    def items(self):
        return self._view().items()

    def get(self, key, default=None):
        return self._view().get(key, default)

    def __eq__(self, other):
        if isinstance(other, concurrent.futures.Future):
            return self is other
        return self._view() == other

    def __ne__(self, other):
        return not self == other

    __hash__ = concurrent.futures.Future.__hash__

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return getattr(self._solution(), name)


def _settle_nodes(nodes, sol, exc):
    for node_id, f in nodes.items():
        try:
            if sol is not None and node_id in sol:
                f.set_result(sol[node_id])
            elif not f.done():
                f.set_exception(exc if exc is not None else KeyError(node_id))
        except concurrent.futures.InvalidStateError:
            pass   # settled by another thread meanwhile


collections.abc.Mapping.register(DispatchFuture)
_export(DispatchFuture, 'DispatchFuture')


def await_result(obj, timeout=None):
    """schedula's await_result(): the result of @obj when it is a
    concurrent.futures.Future (waiting up to @timeout seconds), else @obj."""
    if isinstance(obj, concurrent.futures.Future):
        return obj.result(timeout)
    return obj


_export(await_result)

# The threads of the dispatches that run in the background, and their futures
_background = set()
_background_futures = set()
_background_lock = threading.Lock()


def _in_background(call, cancellable, executor=None, inputs=None, plan=None):
    """Runs @call() in a thread of its own; a DispatchFuture of its
    result. @call returns (result, solution, exception): the exception is
    what result() raises (the first function failure) with a result. The
    thread is not a daemon: the interpreter waits for running dispatches
    before it exits (as for concurrent.futures' threads)."""
    future = DispatchFuture(cancellable, executor, inputs, plan)

    def run():
        try:
            try:
                result, sol, exc = call()
            except BaseException as e:
                exc = e
                if future._shut_down and isinstance(e, DispatcherAbort):
                    exc = ExecutorShutdown('executor %s shut down' % executor)
                    exc.sol = getattr(e, 'sol', None)
                    exc.__cause__ = e
                future._settle(getattr(exc, 'sol', None), exc)
                if future.set_running_or_notify_cancel():
                    future.set_exception(exc)
                del exc, e
            else:
                future._settle(sol, exc)
                if future.set_running_or_notify_cancel():
                    if exc is None:
                        future.set_result(result)
                    else:
                        future.set_exception(exc)
                del result, sol, exc
        finally:
            with _background_lock:
                _background.discard(thread)
                _background_futures.discard(future)

    thread = threading.Thread(target=run, name='schedula-dispatch')
    with _background_lock:
        _background.add(thread)
        _background_futures.add(future)
    thread.start()
    return future


def _stop_background(name=None):
    """shutdown_executors(wait=False): the dispatches in the background
    (with executor @name, all when None) stop, and their futures fail with
    ExecutorShutdown."""
    with _background_lock:
        futures = [f for f in _background_futures if name is None or f._executor == name]
    for f in futures:
        f._shut_down = True
        if f._cancellable is not None:
            f._cancellable.cancel()


def _wait_background():
    """Waits for the dispatches that run in the background (but the one of
    this thread, if any)."""
    while True:
        with _background_lock:
            threads = [t for t in _background if t is not threading.current_thread()]
        if not threads:
            return
        for t in threads:
            t.join()


def shutdown_executors(wait=True):
    """schedula's shutdown_executors(): stops every executor that runs
    (the next dispatch that asks for one makes a new one). With @wait (the
    default), the dispatches that run in the background (DispatchFuture)
    end first, as schedula waits for the futures of its executors; without,
    they stop, and their result() raises ExecutorShutdown. Then the
    library stops the executors: calls still queued fail, worker processes
    end (one busy with a call is killed), and it returns once the calls
    running in this process ended. Returns the names of the executors it
    stopped, sorted (schedula returns a dict by name: both iterate over the
    names)."""
    if wait:
        _wait_background()
    else:
        _stop_background()
    return list(Schedula.shutdown_executors())


def shutdown_executor(name=EMPTY, sol_id=EMPTY, wait=True):
    """schedula's shutdown_executor(): stops the executor @name if it runs
    (every executor when @name is EMPTY), as shutdown_executors() does.
    Returns the names it stopped ([] when none was running). Executors are
    shared by every dispatch of the process: @sol_id is not supported."""
    if sol_id is not EMPTY:
        raise ValueError('sol_id: the executors of the library are shared by every dispatch '
                         'of the process; shutdown_executor(name) stops one for all')
    if name is EMPTY:
        return shutdown_executors(wait)
    if wait:
        _wait_background()
    else:
        _stop_background(name)
    return [name] if Schedula.shutdown_executor(name) else []


_export(shutdown_executors)
_export(shutdown_executor)


def _shutdown_at_exit():
    # after the interpreter joined the threads of background dispatches:
    # the workers end now rather than when they read the end of their input
    Schedula.shutdown_executors()


atexit.register(_shutdown_at_exit)

# -- Python functions that travel ---------------------------------------------
#
# A process executor sends a call to a worker when its function has a
# reference (Function.set_ref): python:MODULE:QUALNAME for a function
# importable by that name, else dill: and the base64 of
# dill.dumps(function, recurse=True) (a lambda, a closure, a function of a
# script's __main__). The Python worker (schedula_worker.py, next to the gi
# package) resolves it and calls it as the binding does here. A reference
# costs about a microsecond by name and a hundred or more with dill, so it
# is computed only when a dispatch asks for a process executor, for the
# functions of the model and of its sub-dispatchers, once per model change
# (items-changed). A function that dill cannot serialise has none: it runs in
# this process, and the library says so once per node.

_references_lock = threading.RLock()
_dill = None   # the dill module once looked for; False when it is missing


def _load_dill():
    global _dill
    if _dill is None:
        try:
            import dill
        except ImportError:
            dill = False
        _dill = dill
    return _dill


def _reference(func):
    """The reference of a Python callable for the Python worker, or None
    when it cannot travel."""
    module = getattr(func, '__module__', None)
    qualname = getattr(func, '__qualname__', None)
    if isinstance(module, str) and isinstance(qualname, str) and module != '__main__':
        obj = sys.modules.get(module)
        # a module the import system made (one made by hand has no spec:
        # another process could not import it)
        if getattr(obj, '__spec__', None) is not None:
            for part in qualname.split('.'):
                obj = getattr(obj, part, None)
            if obj is func:
                return 'python:%s:%s' % (module, qualname)
    dill = _load_dill()
    if not dill:
        return None
    try:
        data = dill.dumps(func, recurse=True)
    except Exception as exc:
        log.debug('%r cannot travel to a worker process: %r', func, exc)
        return None
    return 'dill:' + base64.b64encode(data).decode('ascii')


def _give_reference(f):
    """Sets the reference of a Function made of a Python node function, once
    (a reference set by someone else stays)."""
    d = f.__dict__
    if d.get('py_reference', '') is not None:
        return   # not a Python function, or done
    ref = _reference(d['py_function'])
    d['py_reference'] = ref or ''
    if ref is not None and f.get_ref() is None:
        f.set_ref(ref)


def _model_changed(dsp, *args):
    state = dsp.__dict__.get('py_references')
    if state is not None:
        state[0] = False


def _wrapped_model(f):
    """The model a function wrapper dispatches, or None."""
    return Schedula.Function.get_wrapped_dispatcher(f)


def _give_references(dsp, seen):
    """References for the function nodes of @dsp and of its sub-dispatchers:
    each model is walked again only when its nodes changed."""
    if id(dsp) in seen:
        return
    seen.add(id(dsp))
    state = dsp.__dict__.get('py_references')
    if state is None:
        state = dsp.py_references = [False, ()]   # walked, children
        dsp.connect('items-changed', _model_changed)
    if not state[0]:
        state[0] = True   # before the walk: a change meanwhile walks again
        children = []
        for i in range(dsp.get_n_items()):
            node = dsp.get_item(i)
            if isinstance(node, Schedula.FunctionNode):
                f = node.get_function()
                if f is not None:
                    _give_reference(f)
                    model = _wrapped_model(f)
                    if model is not None:
                        # parallel-dispatch carries it to a worker
                        children.append(model)
            elif isinstance(node, Schedula.DispatcherNode):
                children.append(node.get_child())
        state[1] = tuple(children)
    for child in state[1]:
        _give_references(child, seen)


def _prepare_executor(dsp, name):
    """What a dispatch of @dsp with the executor @name needs first: for any
    but the synchronous and async ones (which run functions here), the
    references of its Python functions and the current worker command."""
    if not name or name == 'sync' or name == 'async':
        return
    with _references_lock:
        _update_worker_command()
        _give_references(dsp, set())


def _prepare_options(dsp, options):
    """_prepare_executor() for a dispatch with the library's options."""
    name = options.get_executor() if options is not None else None
    _prepare_executor(dsp, dsp.get_executor() if name is None else name)


# The Python worker: bindings/python/schedula_worker.py, installed in the
# directory of the gi package (and of this package: the directory above
# this file). Its command is this interpreter, the script,
# then the directories of sys.path (the worker puts them in front of its own,
# as multiprocessing's spawn does, so that python: references import the
# same modules); it follows changes of sys.path at the next dispatch with a
# process executor.
_WORKER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       'schedula_worker.py')
if not os.path.isfile(_WORKER):
    warnings.warn('the Python worker %s is missing: Python functions cannot run in worker '
                  'processes' % _WORKER, RuntimeWarning)
    _WORKER = None
_worker_command = None


def _update_worker_command():
    global _worker_command
    if _WORKER is None:
        return
    command = [sys.executable or 'python3', _WORKER] + [str(p) for p in sys.path]
    if command != _worker_command:
        Schedula.set_worker_command('python', command)
        _worker_command = command


_update_worker_command()


# -- Python objects that travel: the codec "pickle" ---------------------------

_AY = GLib.VariantType.new('ay')


def _pickled(value):
    """@value pickled for another process: with pickle when it can; with
    dill when pickle cannot, or when the pickle names __main__ (classes and
    functions of the script, which another process does not have by name:
    see _main_object)."""
    import pickle
    try:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if b'__main__' not in data:
            return data
    except Exception:
        if not _load_dill():
            raise
    if not _load_dill():
        return data
    import io
    buffer = io.BytesIO()
    _main_pickler()(buffer, pickle.HIGHEST_PROTOCOL, recurse=True).dump(value)
    return buffer.getvalue()


# The classes and functions of a script (its __main__) travel to a worker by
# value (dill), and come back to the script as its own: each is pickled as
# _main_object(qualname, its dill pickle), which finds the object of that
# name in the __main__ of the parent process, and in a worker the one copy
# of it the worker has (a function that arrives by value brings its own
# copies of the classes it uses: _adopt_main makes them that one copy).
_MainPickler = None
_main_payloads = weakref.WeakKeyDictionary()
# In a worker process: qualname -> its copy of the object of the parent's
# __main__ (schedula_worker.py sets it); None elsewhere
_main_objects = None


def _is_main_global(obj):
    """Whether @obj is a class or function of __main__ that can be named."""
    if not isinstance(obj, (type, types.FunctionType)):
        return False
    return getattr(obj, '__module__', None) == '__main__' and \
        '<' not in getattr(obj, '__qualname__', '<')


def _main_pickler():
    """dill's Pickler that pickles the classes and functions of __main__
    as _main_object() calls."""
    global _MainPickler
    if _MainPickler is None:
        dill = _load_dill()

        class MainPickler(dill.Pickler):
            def reducer_override(self, obj):
                if _is_main_global(obj):
                    return _main_object, (obj.__qualname__, _main_payload(obj))
                return NotImplemented

        _MainPickler = MainPickler
    return _MainPickler


def _main_payload(obj):
    data = _main_payloads.get(obj)
    if data is None:
        data = _main_payloads[obj] = _load_dill().dumps(obj, recurse=True)
    return data


def _main_object(qualname, payload):
    """Unpickles a class or function of __main__: in a worker, its copy
    there (the one @payload makes, the first time); elsewhere, the object
    of that name in __main__, or the one @payload makes when there is none
    (a function defined by exec(), say)."""
    import pickle
    if _main_objects is not None:
        obj = _main_objects.get(qualname)
        if obj is None:
            obj = _main_objects[qualname] = _adopt_main(pickle.loads(payload))
        return obj
    obj = sys.modules.get('__main__')
    for part in qualname.split('.'):
        obj = getattr(obj, part, None)
    if isinstance(obj, (type, types.FunctionType)) and obj.__qualname__ == qualname:
        return obj
    return pickle.loads(payload)


def _adopt_main(obj, seen=None):
    """In a worker, for a function that arrived by value: the classes and
    functions of the parent's __main__ that it uses (through its globals
    and its closure, and theirs) become the worker's one copy of each."""
    if _main_objects is None or not isinstance(obj, types.FunctionType):
        return obj
    if seen is None:
        seen = set()
    if id(obj) in seen:
        return obj
    seen.add(id(obj))

    def adopted(value):
        if not _is_main_global(value):
            return value
        own = _main_objects.setdefault(value.__qualname__, value)
        _adopt_main(own, seen)
        return own

    names = obj.__globals__
    if names is not globals():
        for name, value in list(names.items()):
            own = adopted(value)
            if own is not value:
                names[name] = own
    for cell in obj.__closure__ or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        own = adopted(value)
        if own is not value:
            cell.cell_contents = own
    return obj


def _pickle_encode(value):
    try:
        data = _pickled(value)
    except Exception as exc:
        return GObject.Value(_TYPE_ERROR, GLib.Error(
            'a Python %s cannot travel to another process: %r' % (type(value).__name__, exc),
            _DISPATCH_ERROR_DOMAIN, _E_INVALID_INPUT))
    return GLib.Variant.new_from_bytes(_AY, GLib.Bytes.new(data), True)


def _pickle_decode(data):
    import pickle
    try:
        value = pickle.loads(data.get_data_as_bytes().get_data())
    except Exception as exc:
        return GObject.Value(_TYPE_ERROR, GLib.Error(
            'a pickled Python value cannot be read: %r' % (exc,), _DISPATCH_ERROR_DOMAIN,
            _E_INVALID_INPUT))
    return GObject.Value(GObject.TYPE_PYOBJECT, value)


# Python objects (GObject.TYPE_PYOBJECT values) travel pickled
Schedula.Codec.new_for_closures('pickle', GObject.TYPE_PYOBJECT, _pickle_encode,
                                _pickle_decode).register()
