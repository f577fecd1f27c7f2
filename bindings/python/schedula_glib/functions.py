# functions.py: Python callables as the library's functions (the
# trampolines the library calls, Function, function(), keyword_function()),
# the library's functions called from Python (_call_function), and what the
# binding remembers of the attributes of nodes.
#
# SPDX-License-Identifier: EUPL-1.2

import functools
import threading
import time
import weakref

from gi.repository import GLib, GObject
from gi.overrides import override

from ._base import (OVERRIDES_MODULE, Schedula, _DISPATCH_ERROR_DOMAIN, _OUTPUT_MISMATCH,
                    exporter, library_solution)
from .errors import _check_stop, _glib_error, _last_exception, _library_exception, _stop_error
from .values import (EMPTY, NONE, _CONVERTED, _NONE_VALUE, _TYPE_ERROR, _TYPE_VALUE_ARRAY,
                     _dict_of, _id_out, _returned, from_value, to_value)

__all__ = []
_export = exporter(globals())


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------

# The solution of the last dispatch with select_output_kw of this thread:
# the dispatcher of a model that holds itself (SELF) keeps its solution
# only while someone else does (see Dispatcher.solution)
_selected_solution = threading.local()
# The solution of the last call of a function made of a model in this
# thread (see _trampoline)
_wrapper_solution = threading.local()


def _error_value(exc, describe=repr):
    return GObject.Value(_TYPE_ERROR, _glib_error(exc, describe))


def _outputs(result, n_outputs):
    """The GValueArray of a function with several outputs: its result taken
    as schedula zips it with the outputs (missing ones are not produced,
    extra ones are dropped). A result that is not iterable fails the
    dispatch, as in schedula."""
    try:
        values = [_returned(x) for x in result]
    except TypeError as exc:
        # schedula's zip raises TypeError out of the dispatch; this one names
        # the node whose result it is
        call = Schedula.Call.get_current()
        node = call.get_node_id() if call is not None else None
        error = TypeError('function node %r returned a %s for its %d outputs: %s' %
                          (node, type(result).__name__, n_outputs, exc))
        error.__cause__ = exc
        return GObject.Value(_TYPE_ERROR, _glib_error(error, repr, _DISPATCH_ERROR_DOMAIN,
                                                      _OUTPUT_MISMATCH))
    if len(values) != n_outputs:
        values = (values + [_NONE_VALUE] * n_outputs)[:n_outputs]
    return GObject.Value(_TYPE_VALUE_ARRAY, values)


class _StopperWatch(object):
    """Cancels the cancellables of dispatches whose threading.Event stopper
    is set: one thread polls the events of the running dispatches every few
    milliseconds (an Event cannot notify anyone, and the caller may hold
    its bound set method from before the dispatch), and sleeps while none
    runs. A Python function of a dispatch polls them too when it returns,
    so that one that sets a stopper stops the next call at once."""

    INTERVAL = 0.005

    def __init__(self):
        self._lock = threading.Condition()
        self._watched = {}      # id -> (event, cancellable)
        self._next = 0
        self._thread = None
        self.active = False     # read without the lock by the trampolines

    def poll(self):
        for event, cancellable in list(self._watched.values()):
            if event.is_set():
                cancellable.cancel()

    def add(self, event, cancellable):
        with self._lock:
            key = self._next
            self._next += 1
            self._watched[key] = (event, cancellable)
            self.active = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name='schedula-stoppers',
                                                daemon=True)
                self._thread.start()
            self._lock.notify()
        return key

    def remove(self, key):
        with self._lock:
            self._watched.pop(key, None)
            self.active = bool(self._watched)

    def _run(self):
        while True:
            with self._lock:
                while not self._watched:
                    self._lock.wait()
            self.poll()
            time.sleep(self.INTERVAL)


_stopper_watch = _StopperWatch()


def _trampoline(func, describe=repr):
    """The callable the library calls (through a GClosure): the number of
    outputs, then the input values. Arguments are converted only when one
    of them is a value of the library (the NONE token, a Dict, a list that
    may hold them): the fast path is one set lookup per argument."""
    converted = _CONVERTED
    wrapper_solution = _wrapper_solution
    stoppers = _stopper_watch

    def call(n_outputs, *args):
        try:
            for a in args:
                if type(a) in converted:
                    args = tuple([from_value(b) for b in args])
                    break
            wrapper_solution.value = None
            result = func(*args)
        except Exception as exc:
            return _error_value(exc, describe)
        except BaseException as exc:
            return GObject.Value(_TYPE_ERROR, _stop_error(exc))
        if stoppers.active:
            stoppers.poll()
        sol = wrapper_solution.value
        if sol is not None:
            # a function made of a model, inside partial or add_args: its
            # solution goes to the node, as when it is the node's function
            wrapper_solution.value = None
            Schedula.Call.get_current().set_solution(library_solution(sol))
        if n_outputs == 1:
            # what PyGObject converts by itself (the library widens gint)
            t = type(result)
            if t is float or (t is int and -2147483648 <= result <= 2147483647):
                return result
            return _returned(result)
        if n_outputs == 0:
            return True
        return _outputs(result, n_outputs)

    return call


def _keyword_trampoline(func):
    """For the functions schedula calls with one dict: data-node combiners
    ({estimating node: value}) and sub-dispatcher domains ({parent id:
    value}). The ids come with the call."""

    def call(c, *user_data):
        try:
            kw = {_id_out(c.get_input_id(i)): from_value(c.get_input(i))
                  for i in range(c.get_n_inputs())}
            result = func(kw)
            if c.get_n_outputs() > 0:
                c.set_output(0, to_value(result))
        except Exception as exc:
            raise _glib_error(exc) from None
        except BaseException as exc:
            raise _stop_error(exc) from None
        return True

    return call


class Function(Schedula.Function):
    """A callable of the library. `__name__` is its name, as schedula takes
    a function's name for the id of its node."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    @property
    def __name__(self):
        return self.get_name()

    def __call__(self, *args):
        """Calls the function with @args, as a node with one output would,
        and returns its result (NONE when it gives none)."""
        return _call_function(self, args)

    def __reduce__(self):
        """Pickles (pickle, dill, copy) as what it is made of: the Python
        callable it calls, or the library's function its reference names
        (the helpers, builtin:..., and C functions, c:...). Any other
        Function (one made in C with no reference) does not pickle."""
        own = self.__dict__.get('py_function')
        if own is not None:
            return (keyword_function if self.__dict__.get('py_keyword') else function), (own,)
        ref = self.get_ref()
        if ref is not None and ref.startswith(('builtin:', 'c:')):
            return _function_for_ref, (ref,)
        raise TypeError('cannot pickle the library function %s: it has neither a Python '
                        'callable nor a reference (builtin: or c:)' % self.get_name())


def _function_for_ref(ref):
    """The unpickler of Functions made by the library: its function for
    @ref (builtin:bypass, SINK's, is the function of a SINK node; a c:
    reference resolves through the registry of the process)."""
    if ref == 'builtin:bypass':
        model = Schedula.Dispatcher.new()
        model.add_data('$SINK', None, None)
        return model.lookup_node('$SINK').get_combiner()
    try:
        return Schedula.FunctionRegistry.get_default().resolve(
            ref, Schedula.FunctionRole.FUNCTION)
    except GLib.Error as error:
        raise ValueError('cannot unpickle the library function %s: %s' % (ref, error.message)) \
            from None


Function = override(Function)
_export(Function, 'Function')


def keyword_function(func, name=None):
    """A Python callable of one dict as a Schedula.Function: for data-node
    combiners and sub-dispatcher input domains."""
    if func is None or isinstance(func, Schedula.Function):
        return func
    f = Schedula.Function.new(name or _function_name(func), _keyword_trampoline(func))
    f.py_function = func
    f.py_keyword = True
    return f


_export(keyword_function, 'keyword_function')


def _function_name(func):
    while isinstance(func, functools.partial):
        func = func.func
    return getattr(func, '__name__', None)


def _library_function(func):
    """The function of the library that does what @func does, or None: a
    Dispatcher runs as SubDispatch.new_for_dispatcher(); schedula's helpers
    (bypass, summation, run_model, ...) are functions of the library; a
    functools.partial of a helper that fixes its parameters (selector's
    keys, replicate_value's n, map_dict's and map_list's key map) is the
    library's helper made with them."""
    if isinstance(func, Schedula.Dispatcher):
        return Schedula.SubDispatch.new_for_dispatcher(func)
    own = getattr(func, '__dict__', None)
    if own is None:
        return None
    f = own.get('_schedula_function')
    if f is not None:
        return f
    if isinstance(func, functools.partial):
        make = getattr(func.func, '__dict__', {}).get('_schedula_partial')
        if make is not None:
            return make(*func.args, **func.keywords)
    return None


# One Schedula.Function per Python callable and error style, while the
# Function lives: (id of the callable, style) -> Function. The Function
# keeps its callable (py_function), so the id is not reused meanwhile.
_functions = weakref.WeakValueDictionary()


def function(func, name=None, describe=repr):
    """A Python callable as a Schedula.Function (the same one for the same
    callable). Exceptions become GLib.Error with the traceback; `describe`
    says how the message names the exception (schedula shows the repr, and
    the str for callbacks). The function of a node gets its reference
    (Function.get_ref(): python:MODULE:QUALNAME, or dill: and its pickle)
    the first time a dispatch of its model asks for a process executor."""
    if func is None or isinstance(func, Schedula.Function):
        return func
    key = (id(func), describe)
    f = None
    if name is None:
        cached = _functions.get(key)
        if cached is not None:
            return cached
        f = _library_function(func)
    if f is None:
        f = Schedula.Function.new_for_closure(name or _function_name(func),
                                              _trampoline(func, describe))
        if describe is repr:
            # a node function: its reference (python:... or dill:..., for
            # the workers of process executors) is computed when a dispatch
            # with such an executor needs it (see _give_references)
            f.py_reference = None
    # Kept on the wrapper, which PyGObject keeps while the C object lives.
    f.py_function = func
    if name is None:
        _functions[key] = f
    return f


_export(function, 'function')


def _remember(node, key, value):
    """Keeps an attribute as the Python value it was given (a weight of 2
    stays an int), next to the double or boolean the library stores."""
    given = node.__dict__.get('py_given')
    if given is None:
        given = node.py_given = {}
    given[key] = value


def _remember_number(node, key, value):
    """Keeps a number the library stores as a double, unless it is one."""
    if type(value) is not float:
        _remember(node, key, value)
    else:
        _forget(node, key)


def _forget(node, key):
    given = node.__dict__.get('py_given')
    if given:
        given.pop(key, None)


def _default_of(node):
    """The default value of a data node, or EMPTY (PyGObject reads a default
    of None back as None, as it reads no default)."""
    if not node.has_default_value():
        return EMPTY
    return from_value(node.get_default_value())


def _set_default(node, value, initial_dist):
    """What the binding remembers of a default it set."""
    if value is not EMPTY:
        _remember_number(node, 'initial_dist', initial_dist)


def _given(node, key, value):
    """An attribute of the library (a weight, an initial distance, a flag)
    as the Python value it was given, while the library still has that
    value."""
    given = node.__dict__.get('py_given')
    if given:
        python = given.get(key)
        if python is not None and python == value:
            return python
    return value


def _python_function(f):
    if f is None:
        return None
    return getattr(f, 'py_function', f)


def _call_function(f, args, kwargs=None):
    """Calls the library's function @f with @args and @kwargs (Python
    values; keywords only for the functions made of a model), as a node
    with one output: its result as a Python value (from_value()), or NONE.
    The call goes through a Schedula.Call, whose output PyGObject reads
    without taking it (so the result is converted while the call lives):
    PyGObject 3.42 leaks the values that Function.call() and call_full()
    return, as it neither unsets nor frees a returned GValue."""
    call = Schedula.Call.new()
    call.set_inputs([to_value(a) for a in args], 1)
    if kwargs:
        call.set_keywords(_dict_of(kwargs))
    _last_exception.value = None
    try:
        Schedula.Function.invoke(f, call)
    except GLib.Error as error:
        _check_stop(error)
        sol = call.get_solution()
        if sol is None and hasattr(f, 'dup_solution'):
            # DispatchPipe keeps its solution to itself
            sol = f.dup_solution()
        raise _library_exception(error, sol) from None
    finally:
        _last_exception.value = None
    _wrapper_solution.value = call.get_solution()
    result = call.get_output(0)
    return NONE if result is None else from_value(result)
