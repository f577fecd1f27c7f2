# Schedula.py: PyGObject overrides for libschedula-glib
#
# schedula's Python API over the C library: keyword methods that return node
# ids, plain Python functions as node functions, and a Solution that is a
# read-only ordered mapping. The overrides only adapt arguments and results;
# the algorithm runs in C.
#
# SPDX-License-Identifier: EUPL-1.2

import ast
import atexit
import base64
import builtins
import collections
import collections.abc
import concurrent.futures
import copy as _copy
import functools
import inspect
import logging
import math
import operator
import os
import re
import sys
import threading
import time
import traceback
import types
import warnings
import weakref

from gi.repository import Gio, GLib, GObject

from ..module import get_introspection_module
from ..overrides import override

Schedula = get_introspection_module('Schedula')

__all__ = []


def _export(obj, name=None):
    name = name or obj.__name__
    globals()[name] = obj
    __all__.append(name)
    return obj


# ---------------------------------------------------------------------------
# Tokens, special ids and distances
# ---------------------------------------------------------------------------

class Token(str):
    """A marker, as schedula's: NONE ("no value"), EMPTY ("no default") and
    the special node ids START, SINK, END, SELF and PLOT. A token equals
    only itself and prints as its name ('start', 'none', ...); the special
    ids stand for the library's reserved ids ('$START', ...)."""

    def __new__(cls, value, c_id=None):
        self = str.__new__(cls, value)
        self._c_id = c_id
        return self

    def __repr__(self):
        return str.__str__(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __hash__(self):
        return id(self)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return getattr, (_Tokens, str.__str__(self).upper())


class _Tokens(object):
    """The module's tokens by name, for pickle."""


NONE = _export(Token('none'), 'NONE')
EMPTY = _export(Token('empty'), 'EMPTY')
_export(Token, 'Token')

# The library's special ids ('$START', ...) -> their tokens
_SPECIAL_IDS = {}
for _name in ('START', 'SINK', 'END', 'SELF', 'PLOT'):
    _SPECIAL_IDS[getattr(Schedula, _name)] = _export(
        Token(_name.lower(), getattr(Schedula, _name)), _name)
for _name in ('NONE', 'EMPTY', 'START', 'SINK', 'END', 'SELF', 'PLOT'):
    setattr(_Tokens, _name, globals()[_name])
_C_START = Schedula.START
_C_SELF = Schedula.SELF


def _id_in(node_id):
    """A node id as the library takes it: a string (the special tokens as
    the library's reserved ids, anything else as str(id))."""
    if type(node_id) is str:
        return node_id
    if type(node_id) is Token and node_id._c_id is not None:
        return node_id._c_id
    return str(node_id)


def _id_out(node_id):
    """A node id the library gives back, as the binding shows it (the
    special ids as their tokens)."""
    return _SPECIAL_IDS.get(node_id, node_id)


def _ids_out(node_ids):
    get = _SPECIAL_IDS.get
    return [get(i, i) for i in node_ids]


@functools.total_ordering
class inf(object):
    """A two-level distance, as schedula's `inf(inf, num)`: an immutable
    pair compared as (inf, num); a plain number x is inf(0, x). `+` and `-`
    with a number change `num` only; `*`, `/`, `//`, `%` and `**` with a
    number apply to both parts; with another inf every operation is
    componentwise, as are unary `-`, `+`, abs(), round(), math.trunc(),
    math.floor() and math.ceil()."""

    __slots__ = ('_inf', '_num')

    def __init__(self, inf=0, num=0):
        object.__setattr__(self, '_inf', inf)
        object.__setattr__(self, '_num', num)

    def __setattr__(self, name, value):
        raise AttributeError('inf is immutable')

    def __iter__(self):
        yield self._inf
        yield self._num

    def __reduce__(self):
        return inf, (self._inf, self._num)

    @staticmethod
    def format(value):
        if isinstance(value, inf):
            return value
        if isinstance(value, tuple):
            return inf(*value)
        return inf(0, value)

    def __repr__(self):
        if self._inf == 0:
            return str(self._num)
        return 'inf(inf={}, num={})'.format(self._inf, self._num)

    @staticmethod
    def _pair(other):
        """@other as a distance: a number x is (0, x)."""
        return tuple(other) if isinstance(other, inf) else (0, other)

    @staticmethod
    def _both(other):
        """@other as a factor: a number x is (x, x)."""
        return tuple(other) if isinstance(other, inf) else (other, other)

    def _apply(self, op, pair, reflected=False):
        if reflected:
            return inf(*(op(y, x) for x, y in zip(self, pair)))
        return inf(*(op(x, y) for x, y in zip(self, pair)))

    def __eq__(self, other):
        return tuple(self) == self._pair(other)

    def __lt__(self, other):
        return tuple(self) < self._pair(other)

    def __hash__(self):
        return hash(tuple(self)) if self._inf else hash(self._num)


def _inf_binary(op, scale, reflected=False):
    """An operator of inf: @scale picks how a plain number pairs up
    (inf._pair for + and -, inf._both for the others)."""
    def method(self, other):
        return self._apply(op, scale(other), reflected)
    return method


def _inf_unary(op):
    def method(self, *args):
        return inf(op(self._inf, *args), op(self._num, *args))
    return method


for _name, _op, _scale in (('add', operator.add, inf._pair),
                           ('sub', operator.sub, inf._pair),
                           ('mul', operator.mul, inf._both),
                           ('truediv', operator.truediv, inf._both),
                           ('floordiv', operator.floordiv, inf._both),
                           ('mod', operator.mod, inf._both),
                           ('pow', operator.pow, inf._both)):
    setattr(inf, '__%s__' % _name, _inf_binary(_op, _scale))
    setattr(inf, '__r%s__' % _name,
            _inf_binary(_op, _scale, _name not in ('add', 'mul')))
for _name, _op in (('neg', operator.neg), ('pos', operator.pos), ('abs', abs),
                   ('round', round), ('trunc', math.trunc), ('floor', math.floor),
                   ('ceil', math.ceil)):
    setattr(inf, '__%s__' % _name, _inf_unary(_op))
del _name, _op, _scale


_export(inf, 'inf')


def _to_distance(value):
    """A Python distance (number, inf, or (inf, num) pair) as a
    Schedula.Distance."""
    if value is None:
        return None
    if isinstance(value, Schedula.Distance):
        return value
    i, n = inf.format(value)
    return Schedula.Distance.new(float(i), float(n))


def _integral(x):
    return int(x) if float(x).is_integer() else x


def _from_distance(d, node_id=None):
    """A Schedula.Distance as schedula shows it: a float, or an inf. START
    not visited is at schedula's -1 (an int)."""
    if d.inf == 0:
        if node_id == _C_START and d.num == -1:
            return -1
        return d.num
    return inf(_integral(d.inf), d.num)


# ---------------------------------------------------------------------------
# Exceptions
# ---------------------------------------------------------------------------

class DispatcherError(Exception):
    """A dispatch stopped by a failure (the `raises` policy, contradictory
    paths, a model the library refuses). As schedula's: the arguments are
    the message template, the node id and the exception, `ex` is the
    exception and `sol` the partial solution."""

    def __init__(self, *args, sol=None, ex=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sol = sol
        self.ex = ex

    def __str__(self):
        """The formatted message (schedula's str() shows the tuple of the
        arguments: the template, the node and the exception)."""
        args = self.args
        if len(args) > 1 and isinstance(args[0], str):
            try:
                return args[0] % args[1:]
            except (TypeError, ValueError):
                pass
        return super().__str__()

    def update(self, sol):
        self.sol = sol


class DispatcherAbort(BaseException):
    """A dispatch stopped by its stopper (a cancelled Gio.Cancellable or a
    set threading.Event); `sol` is the partial solution."""


_export(DispatcherError, 'DispatcherError')
_export(DispatcherAbort, 'DispatcherAbort')


# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

# What the library logs (failed nodes, verbose dispatches, warnings about
# typos) goes to Python's logging, logger 'schedula', as schedula logs them
# (log.error for a failed node, log.info for verbose), instead of GLib's
# handler on stderr.
log = logging.getLogger('schedula')
_LOG_LEVELS = (
    (GLib.LogLevelFlags.LEVEL_ERROR, logging.CRITICAL),
    (GLib.LogLevelFlags.LEVEL_CRITICAL, logging.CRITICAL),
    (GLib.LogLevelFlags.LEVEL_WARNING, logging.WARNING),
    (GLib.LogLevelFlags.LEVEL_MESSAGE, logging.ERROR),   # "Failed DISPATCHING ..."
    (GLib.LogLevelFlags.LEVEL_INFO, logging.INFO),       # verbose
    (GLib.LogLevelFlags.LEVEL_DEBUG, logging.DEBUG),
)


# A process executor that runs a function in this process (it cannot travel
# to a worker) says so with a message: a warning, not a failure
_IN_PROCESS = ' runs in this process, not in a worker: '


def _log_handler(domain, level, message, *user_data):
    for flag, python_level in _LOG_LEVELS:
        if level & flag:
            if flag == GLib.LogLevelFlags.LEVEL_MESSAGE and _IN_PROCESS in message:
                python_level = logging.WARNING
            log.log(python_level, '%s', message)
            return


GLib.log_set_handler('Schedula', GLib.LogLevelFlags.LEVEL_MASK | GLib.LogLevelFlags.FLAG_FATAL |
                     GLib.LogLevelFlags.FLAG_RECURSION, _log_handler, None)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

_TYPE_TOKEN = Schedula.Token.__gtype__
_TYPE_VALUE_ARRAY = GObject.ValueArray.__gtype__
_TYPE_ERROR = GLib.Error.__gtype__
_TYPE_DICT = Schedula.Dict.__gtype__
_INT32_MIN = -2 ** 31
_INT32_MAX = 2 ** 31 - 1
_INT64_MIN = -2 ** 63
_INT64_MAX = 2 ** 63 - 1

# schedula's NONE, and NONE as a GValue for the binding's own use (the
# library copies the values it is given).
_NONE_TOKEN = Schedula.value_init_none()
_NONE_VALUE = GObject.Value(_TYPE_TOKEN, _NONE_TOKEN)


def to_value(x):
    """A Python value as a GObject.Value: ints as gint64 (or kept as Python
    objects when they do not fit), floats, strings and booleans as
    themselves, NONE as schedula's NONE, GObjects as themselves, anything
    else as the Python object itself (identity is kept)."""
    t = type(x)
    if t is int:
        if _INT64_MIN <= x <= _INT64_MAX:
            return GObject.Value(GObject.TYPE_INT64, x)
        return GObject.Value(GObject.TYPE_PYOBJECT, x)
    if t is float:
        return GObject.Value(GObject.TYPE_DOUBLE, x)
    if t is str:
        return GObject.Value(GObject.TYPE_STRING, x)
    if t is bool:
        return GObject.Value(GObject.TYPE_BOOLEAN, x)
    if x is NONE:
        return GObject.Value(_TYPE_TOKEN, _NONE_TOKEN)
    if isinstance(x, GObject.Value):
        return x
    if isinstance(x, GObject.Object):
        return GObject.Value(type(x).__gtype__, x)
    if isinstance(x, Schedula.Dict):
        return GObject.Value(_TYPE_DICT, x)
    return GObject.Value(GObject.TYPE_PYOBJECT, x)


# What PyGObject gives for the library's values that are not schedula's
# Python values: the NONE token, Dicts (schedula's dicts) and lists (the
# GValueArrays of the library, schedula's lists and tuples, whose items may
# be any of these).
_CONVERTED = frozenset((Schedula.Token, Schedula.Dict, list, GObject.Value))


def from_value(v):
    """A value the library gives back (already unboxed by PyGObject) as
    schedula's Python value: NONE for the token, a dict for a Dict, and a
    list (the library's sequences; a Python list stored in a value comes
    back as itself) with its items converted."""
    t = type(v)
    if t is Schedula.Token:
        return NONE
    if t is Schedula.Dict:
        return _from_dict(v)
    if t is list:
        return _from_list(v)
    if isinstance(v, GObject.Value):
        return from_value(v.get_value())
    return v


def _from_dict(d):
    get_key, get_value = d.get_key, d.get_value
    return {_id_out(get_key(i)): from_value(get_value(i)) for i in range(d.get_size())}


def _from_list(v):
    """A list with its items converted; the list itself (its identity kept:
    it may be a Python list stored in a value) when none needs it."""
    if _CONVERTED.isdisjoint(map(type, v)):
        return v
    out = [from_value(x) for x in v]
    for new, old in zip(out, v):
        if new is not old:
            return out
    return v


_export(to_value, 'to_value')
_export(from_value, 'from_value')


def value_decode(encoded):
    """A value that came from another process (Schedula.value_encode()), as
    schedula's Python value. The value goes into a call in C and is read
    from there: PyGObject 3.42 frees a dict or a sequence of the library
    that an out GValue holds before Python reads it."""
    call = Schedula.Call.new()
    Schedula.Call.decode_inputs(call, GLib.Variant.new_array(GLib.VariantType.new('(sv)'), [encoded]), 0)
    return from_value(call.get_input(0))


_export(value_decode)


def _returned(x):
    """What a trampoline returns for one output: what PyGObject converts to
    the right GValue by itself, or a prepared GObject.Value."""
    t = type(x)
    if t is int:
        if _INT32_MIN <= x <= _INT32_MAX:
            return x
        return to_value(x)
    if t is float or t is str or t is bool:
        return x
    if x is NONE:
        return _NONE_VALUE
    if isinstance(x, GObject.Object):
        return x
    return to_value(x)


def _inputs_table(inputs):
    """dispatch()'s inputs: a mapping id -> value, or (as schedula takes it
    with no_call) an iterable of ids, which get NONE."""
    if inputs is None:
        return None
    if isinstance(inputs, collections.abc.Mapping):
        return {_id_in(k): to_value(v) for k, v in inputs.items()}
    return {_id_in(k): _NONE_VALUE for k in inputs}


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------

_PYTHON_ERROR_DOMAIN = 'schedula-python-error-quark'
_DISPATCH_ERROR_DOMAIN = GLib.quark_to_string(Schedula.dispatch_error_quark())
_OUTPUT_MISMATCH = int(Schedula.DispatchError.OUTPUT_MISMATCH)
# The last Python exception a function raised in this thread, and how its
# error message names it: a failed dispatch raises it again.
_last_exception = threading.local()
# A BaseException that is not an Exception (KeyboardInterrupt, SystemExit,
# ...) raised by a Python function of this thread: it stops the dispatch
# (the library stops on a function cancelled), and the call that started
# the dispatch raises it again.
_pending_stop = threading.local()
# The solution of the last dispatch with select_output_kw of this thread:
# the dispatcher of a model that holds itself (SELF) keeps its solution
# only while someone else does (see Dispatcher.solution)
_selected_solution = threading.local()
# The solution of the last call of a function made of a model in this
# thread (see _trampoline)
_wrapper_solution = threading.local()
_CANCELLED = int(Gio.IOErrorEnum.CANCELLED)
_IO_ERROR_DOMAIN = GLib.quark_to_string(Gio.io_error_quark())


def _stop_error(exc):
    """The GError of a Python function that raised a BaseException which is
    not an Exception: a cancellation, which stops the dispatch."""
    _pending_stop.value = exc
    return GLib.Error('%s raised by a Python function' % type(exc).__name__,
                      _IO_ERROR_DOMAIN, _CANCELLED)


def _check_stop(error):
    """Raises the BaseException a Python function raised, if that is why
    the library stopped with @error."""
    exc = getattr(_pending_stop, 'value', None)
    if exc is not None and error.matches(Gio.io_error_quark(), _CANCELLED):
        _pending_stop.value = None
        raise exc.with_traceback(exc.__traceback__) from None


def _glib_error(exc, describe=repr, domain=_PYTHON_ERROR_DOMAIN, code=0):
    """The GError of a failed Python call: the exception as schedula shows
    it (its repr; for callbacks its str), then its traceback (without the
    frame of the trampoline)."""
    text = describe(exc)
    _last_exception.value = (exc, text)
    tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
    if tb is not None:
        text += '\n' + ''.join(traceback.format_exception(type(exc), exc, tb))
    return GLib.Error(text, domain, code)


def _error_value(exc, describe=repr):
    return GObject.Value(_TYPE_ERROR, _glib_error(exc, describe))


def _error_summary(message):
    """The part of an error message schedula shows: without the traceback."""
    if message is None:
        return None
    cut = message.find('\nTraceback (most recent call last):')
    return message if cut < 0 else message[:cut]


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
            Schedula.Call.get_current().set_solution(sol)
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

    @property
    def __name__(self):
        return self.get_name()

    def __call__(self, *args):
        """Calls the function with @args, as a node with one output would,
        and returns its result (NONE when it gives none)."""
        return _call_function(self, args)


Function = override(Function)
_export(Function, 'Function')


def keyword_function(func, name=None):
    """A Python callable of one dict as a Schedula.Function: for data-node
    combiners and sub-dispatcher input domains."""
    if func is None or isinstance(func, Schedula.Function):
        return func
    f = Schedula.Function.new(name or _function_name(func), _keyword_trampoline(func))
    f.py_function = func
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


def _raise_from_glib(error):
    """A library error as the exception schedula raises."""
    if error.matches(Schedula.dispatch_error_quark(), Schedula.DispatchError.INVALID_INPUT):
        return ValueError(error.message)
    return error


def _call(method, *args):
    try:
        return method(*args)
    except GLib.Error as error:
        raise _raise_from_glib(error) from None


# ---------------------------------------------------------------------------
# Graphs (schedula's dmap and workflow)
# ---------------------------------------------------------------------------

class _Edges(dict):
    """The edges of a Graph: {(u, v): attributes}, in order. Calling it
    gives the networkx forms: edges() pairs, edges(data=True) triples."""

    def __call__(self, data=False):
        if data:
            return [(u, v, d) for (u, v), d in self.items()]
        return list(self)


class Graph(object):
    """A read-only view of a directed graph, as schedula's DiGraph: `nodes`
    (id -> attributes, in order), `edges` ({(u, v): attributes}, also
    callable as networkx's `edges(data=True)`), `succ`, `pred` and `adj`
    (id -> {neighbour: edge attributes})."""

    def __init__(self, nodes, edges):
        self.nodes = dict(nodes)
        self.succ = {n: {} for n in self.nodes}
        self.pred = {n: {} for n in self.nodes}
        for u, v, d in edges:
            self.nodes.setdefault(u, {})
            self.nodes.setdefault(v, {})
            self.succ.setdefault(u, {})[v] = d
            self.pred.setdefault(v, {})[u] = d
            self.succ.setdefault(v, {})
            self.pred.setdefault(u, {})

    @property
    def adj(self):
        return self.succ

    @property
    def edges(self):
        return _Edges(((u, v), d) for u, nbrs in self.succ.items() for v, d in nbrs.items())

    def has_edge(self, u, v):
        return v in self.succ.get(u, ())

    def has_node(self, n):
        return n in self.nodes

    def __contains__(self, n):
        return n in self.nodes

    def __iter__(self):
        return iter(self.nodes)

    def __len__(self):
        return len(self.nodes)

    def __getitem__(self, n):
        return self.succ[n]

    def __repr__(self):
        return 'Graph(nodes=%d, edges=%d)' % (len(self.nodes), len(self.edges))


_export(Graph, 'Graph')


# ---------------------------------------------------------------------------
# The solution
# ---------------------------------------------------------------------------

_FAILURE_TEMPLATES = {
    'DISPATCHING': "Failed DISPATCHING '%s' due to:\n  %r",
    'CALLBACK': "Failed CALLBACK '%s' due to:\n  %s",
    'SUB-DSP DOMAIN': "Failed SUB-DSP DOMAIN '%s' due to:\n  %r",
}
_FAILURE = re.compile(r"^Failed (DISPATCHING|CALLBACK|SUB-DSP DOMAIN) '(.*?)' due to:\n  ", re.S)


class Solution(Schedula.Solution):
    """The result of a dispatch: a read-only mapping of data node ids to
    values, in schedula's order, with `dist`, `seen`, `workflow`, `_errors`,
    `pipe` and `sub_sol`."""

    def __getitem__(self, key):
        found, value = Schedula.Solution.lookup_extended(self, _id_in(key))
        if not found:
            raise KeyError(key)
        return from_value(value)

    def __contains__(self, key):
        try:
            return Schedula.Solution.contains(self, _id_in(key))
        except TypeError:
            return False

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return self.get_n_values()

    def keys(self):
        return _ids_out(self.get_ids())

    def values(self):
        return [v for _, v in self.items()]

    def items(self):
        lookup = Schedula.Solution.lookup_extended
        return [(_id_out(k), from_value(lookup(self, k)[1])) for k in self.get_ids()]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __repr__(self):
        return 'Solution({%s})' % ', '.join('%r: %r' % kv for kv in self.items())

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        if isinstance(other, Solution):
            return self.items() == other.items()
        if isinstance(other, collections.abc.Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    @property
    def dsp(self):
        return self.get_dispatcher()

    def result(self, timeout=None):
        """schedula's Solution.result(): waits for the values of an
        asynchronous dispatch. A Solution is complete once a dispatch
        returns it (a dispatch with an executor returns a DispatchFuture,
        whose result() waits for the Solution): returns the solution."""
        return self

    def _distances(self, getter, node_ids):
        out = {}
        for node_id in node_ids:
            found, d = getter(self, node_id)
            if found:
                out[_id_out(node_id)] = _from_distance(d, node_id)
        return out

    def _reached_ids(self):
        """The ids the search may have reached: those with a distance (in
        their order), then the workflow's, then the model's."""
        ids = dict.fromkeys(self.get_distance_ids())
        wf = self.get_workflow()
        ids.update(dict.fromkeys(wf.get_node_id(i) for i in range(wf.get_n_nodes())))
        dsp = self.get_dispatcher()
        ids.update(dict.fromkeys(dsp.get_item(i).get_id() for i in range(dsp.get_n_items())))
        return ids

    @property
    def dist(self):
        """Node id -> distance, in the order nodes got one."""
        return self._distances(Schedula.Solution.get_distance, self.get_distance_ids())

    @property
    def seen(self):
        """Node id -> the best distance at which each node entered the
        fringe."""
        return self._distances(Schedula.Solution.get_seen_distance, self._reached_ids())

    @property
    def _visited(self):
        """The ids of the nodes the search visited."""
        return {_id_out(n) for n in self._reached_ids() if self.is_visited(n)}

    @property
    def errors(self):
        """Node id -> schedula's message for the failure of the node."""
        return {_id_out(node_id): _error_text(self, node_id)
                for node_id in self.get_error_ids()}

    _errors = errors

    @property
    def workflow(self):
        """The workflow: nodes in the order they were reached (with the
        `results` of function nodes, the `solution_domain` their domain
        gave and the `solution` of sub-dispatchers), and the edges values
        travelled on, with `{'value': ...}` as edge data."""
        wf = self.get_workflow()
        nodes = []
        for i in range(wf.get_n_nodes()):
            node_id = wf.get_node_id(i)
            attrs = {'type': 'start'} if node_id == _C_START else {}
            results = wf.get_node_results(node_id)
            if results:
                if len(results) == 1:
                    attrs['results'] = from_value(results[0])
                else:
                    attrs['results'] = tuple(NONE if r is None else from_value(r)
                                             for r in results)
            ran, result = wf.get_node_domain(node_id)
            if ran:
                attrs['solution_domain'] = result
            sub = wf.get_node_solution(node_id)
            if sub is not None:
                attrs['solution'] = sub
            nodes.append((_id_out(node_id), attrs))
        edges = []
        for i in range(wf.get_n_edges()):
            u, v, value = wf.get_edge(i)
            edges.append((_id_out(u), _id_out(v),
                          {'value': from_value(value)} if value is not None else {}))
        return Graph(nodes, edges)

    @property
    def pipe(self):
        """The visiting order, as schedula's: node id (a tuple of ids inside
        sub-dispatchers) -> {'task': (distance, (node id, solution)),
        'error': message (if the node failed), 'sub_pipe': the pipe of the
        solution a function node ran (if any)}."""
        return _pipe(self, ())

    @property
    def sub_sol(self):
        """Index path -> solution, for this solution and every one below
        it."""
        out = {self.index: self}
        for sol in self.get_sub_solutions():
            out[sol.index] = sol
        return out

    @property
    def full_name(self):
        return tuple(_ids_out(self.get_full_name()))

    @property
    def index(self):
        return tuple(self.get_index())

    def get_node(self, *path, node_attr='output'):
        """schedula's Solution.get_node: (the value of a data node, possibly
        inside sub-dispatchers, real path); another @node_attr is read
        from the model, as Dispatcher.get_node does."""
        if node_attr != 'output':
            return self.get_dispatcher().get_node(*path, node_attr=node_attr)
        try:
            value, real_path = Schedula.Solution.lookup_path(self, [_id_in(p) for p in path])
        except GLib.Error as error:
            raise _raise_from_glib(error) from None
        return from_value(value), tuple(_ids_out(real_path))

    def get_sub_dsp_from_workflow(self, sources, reverse=False, add_missing=False,
                                  check_inputs=True):
        """The sub-dispatcher this solution's workflow reaches from
        @sources."""
        return _call(Schedula.Solution.get_sub_dispatcher_from_workflow, self, _ids(sources),
                     _sub_flags(reverse, add_missing, check_inputs))


Solution = override(Solution)
collections.abc.Mapping.register(Solution)
_export(Solution, 'Solution')


def _pipe(sol, base):
    out = {}
    cut = len(base)
    for i in range(sol.get_n_pipe_steps()):
        s, node_id, distance = sol.get_pipe_step(i)
        path = tuple(_ids_out(s.get_full_name())) + (_id_out(node_id),)
        key = path[cut:]
        step = {'task': (_from_distance(distance, node_id), (node_id, s))}
        message = _error_text(s, node_id)
        if message is not None:
            step['error'] = message
        node = s.get_dispatcher().lookup_node(node_id)
        if isinstance(node, Schedula.FunctionNode):
            inner = s.get_workflow().get_node_solution(node_id)
            if inner is not None and inner.get_n_pipe_steps():
                step['sub_pipe'] = _pipe(inner, ())
        out[key[0] if len(key) == 1 else key] = step
    return out


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

def _mapping(value):
    """schedula's mapping forms (None, a dict, a string, a list or tuple of
    strings and dicts) as a Schedula.Mapping (key -> one or more values)."""
    if value is None:
        return None
    if isinstance(value, Schedula.Mapping):
        return value
    items = []
    if isinstance(value, str):
        items.append((value, value))
    elif isinstance(value, collections.abc.Mapping):
        items.extend(value.items())
    else:
        seen = set()
        for item in value:
            pairs = [(item, item)] if isinstance(item, str) else list(item.items())
            for k, v in pairs:
                if k in seen:
                    raise ValueError('keyword argument repeated (%s)' % (k,))
                seen.add(k)
                items.append((k, v))
    mapping = Schedula.Mapping.new()
    for k, v in items:
        if isinstance(k, tuple):
            raise ValueError('a mapping key is one node id (ids are strings in the '
                             'library), not the tuple %r' % (k,))
        for target in ([v] if isinstance(v, str) else list(v)):
            mapping.add(_id_in(k), _id_in(target))
    return mapping


def _mapping_dict(mapping):
    out = {}
    for i in range(mapping.get_n_keys()):
        values = _ids_out(mapping.get_values(i))
        out[_id_out(mapping.get_key(i))] = values[0] if len(values) == 1 else tuple(values)
    return out


_INPUT_SET = re.compile(r'^input set (\d+): ')

_RAISES = {False: Schedula.Raises.RECORD, '': Schedula.Raises.RECORD_SILENTLY,
           True: Schedula.Raises.RAISE}


def _finish_node(node, description, filters, await_result, attributes):
    """Sets what data and function nodes share; returns the node's id."""
    if description is not None:
        node.set_description(description)
    if filters:
        # given filters replace those of a data node added again, as in
        # schedula; none keep them
        node.clear_filters()
        for f in filters:
            node.add_filter(_function(f))
    if await_result is not None:
        node.set_await_result(bool(await_result))
        _remember(node, 'await_result', await_result)
    if attributes:
        node.py_attributes = dict(attributes)
    return _id_out(node.get_id())


class Dispatcher(Schedula.Dispatcher):
    """schedula's Dispatcher: the model, with its keyword API."""

    def __init__(self, dmap=None, name='', default_values=None, raises=False,
                 description='', executor=False, **kwargs):
        Schedula.Dispatcher.__init__(self, **kwargs)
        if dmap is not None:
            raise TypeError('dmap: a networkx graph cannot be adopted; build the model '
                            'with add_data/add_function/add_dispatcher')
        self.set_name(name or '')
        self.raises = raises
        if description:
            self.set_description(description)
        if executor:
            self.set_executor(executor)
        for k, v in (default_values or {}).items():
            self.set_default_value(k, v)

    def __repr__(self):
        return '<Schedula.Dispatcher object at 0x%x>' % id(self)

    # -- properties ---------------------------------------------------------

    @property
    def name(self):
        return self.get_name()

    @name.setter
    def name(self, value):
        self.set_name(value)

    @property
    def raises(self):
        return getattr(self, '_py_raises', False)

    @raises.setter
    def raises(self, value):
        self._py_raises = value
        if callable(value):
            def decide(node_id, error, *args):
                exc = _library_exception(error)
                return Schedula.Raises.RAISE if value(exc) else Schedula.Raises.RECORD
            self.set_raises_func(decide)
        else:
            self.set_raises_func(None)
            self.set_raises(_RAISES.get(value, Schedula.Raises.RAISE if value else
                                        Schedula.Raises.RECORD))

    @property
    def solution(self):
        """The solution of the last dispatch, completed or not: the library
        keeps it until the next dispatch (for a model that holds itself, a
        SELF default, only while something else does: the binding holds the
        solution of a dispatch with select_output_kw). With dispatches in
        several threads at once, the exception of a failed dispatch carries
        its own solution (`sol`)."""
        return self.get_solution()

    @property
    def nodes(self):
        """Node id -> schedula's attributes of the node, in order."""
        return {_id_out(node.get_id()): _node_attributes(node) for node in self}

    @property
    def data_nodes(self):
        return {k: v for k, v in self.nodes.items() if v['type'] == 'data'}

    @property
    def function_nodes(self):
        return {k: v for k, v in self.nodes.items() if v['type'] == 'function'}

    @property
    def sub_dsp_nodes(self):
        return {k: v for k, v in self.nodes.items() if v['type'] == 'dispatcher'}

    @property
    def default_values(self):
        """Data node id -> {'value': ..., 'initial_dist': ...}."""
        out = {}
        for node in self:
            if isinstance(node, Schedula.DataNode):
                node_id = node.get_id()
                value = self if node_id == _C_SELF else _default_of(node)
                if value is EMPTY:
                    continue
                out[_id_out(node_id)] = {
                    'value': value,
                    'initial_dist': _given(node, 'initial_dist',
                                            _from_distance(node.get_initial_dist())),
                }
        return out

    @property
    def dmap(self):
        """The model graph: nodes with their attributes, edges with their
        weights."""
        edges = []
        for node in self:
            u = node.get_id()
            for v in self.dup_successors(u):
                has, w = self.get_edge_weight(u, v)
                if has:
                    if isinstance(node, Schedula.FunctionNode):
                        w = _given(node, ('out', v), w)
                    else:
                        w = _given(self.lookup_node(v), ('in', u), w)
                edges.append((_id_out(u), _id_out(v), {'weight': w} if has else {}))
        return Graph(((_id_out(node.get_id()), _node_attributes(node)) for node in self), edges)

    def __iter__(self):
        for i in range(self.get_n_items()):
            yield self.get_item(i)

    def __len__(self):
        return self.get_n_items()

    # -- building -----------------------------------------------------------

    def add_data(self, data_id=None, default_value=EMPTY, initial_dist=0.0,
                 wait_inputs=False, wildcard=None, function=None, callback=None,
                 description=None, filters=None, await_result=None, **kwargs):
        """Adds a data node; returns its id."""
        node = _call(Schedula.Dispatcher.add_data, self,
                     None if data_id is None else _id_in(data_id),
                     None if default_value is EMPTY else to_value(default_value))
        if default_value is not EMPTY and initial_dist:
            node.set_initial_dist(_to_distance(initial_dist))
        _set_default(node, default_value, initial_dist)
        if wait_inputs:
            node.set_wait_inputs(True)
        if wildcard is not None:
            node.set_wildcard(bool(wildcard))
            _remember(node, 'wildcard', wildcard)
        if function is not None:
            node.set_combiner(keyword_function(function))
        if callback is not None:
            node.set_callback(_function(callback, str))
        return _finish_node(node, description, filters, await_result, kwargs)

    def add_function(self, function_id=None, function=None, inputs=None, outputs=None,
                     input_domain=None, weight=None, inp_weight=None, out_weight=None,
                     description=None, filters=None, await_domain=None, await_result=None,
                     **kwargs):
        """Adds a function node (and its missing data nodes); returns its
        id. As in schedula, @inputs and @outputs are iterables of ids (a
        string is the iterable of its characters)."""
        if function_id is None and function is None:
            raise ValueError("Invalid function id due to:\n'NoneType' object has no "
                             "attribute '__name__'")
        if function_id is None:
            # a wrapper named by its function_id (the library names it
            # after its dispatcher)
            function_id = getattr(function, '__dict__', {}).get('_py_name')
        f = _function(function)
        node = _call(Schedula.Dispatcher.add_function, self,
                     None if function_id is None else _id_in(function_id), f,
                     _id_list(inputs), _id_list(outputs))
        if input_domain is not None:
            node.set_input_domain(_function(input_domain))
        if weight is not None:
            node.set_weight(float(weight))
            _remember_number(node, 'weight', weight)
        for k, w in (inp_weight or {}).items():
            node.set_input_weight(_id_in(k), float(w))
            _remember_number(node, ('in', _id_in(k)), w)
        for k, w in (out_weight or {}).items():
            node.set_output_weight(_id_in(k), float(w))
            _remember_number(node, ('out', _id_in(k)), w)
        if await_domain is not None:
            node.set_await_domain(bool(await_domain))
            _remember(node, 'await_domain', await_domain)
        return _finish_node(node, description, filters, await_result, kwargs)

    def add_func(self, function, outputs=None, weight=None, inputs_kwargs=False,
                 inputs_defaults=False, filters=None, input_domain=None,
                 await_domain=None, await_result=None, inp_weight=None, out_weight=None,
                 description=None, inputs=None, function_id=None, **kwargs):
        """Adds a function node whose inputs are the parameters of
        @function (those without a default, unless @inputs_kwargs); with
        @inputs_defaults the parameter defaults become default values."""
        if inputs is None:
            inputs = tuple(_parameters(function, not inputs_kwargs)) or None
        function_id = self.add_function(
            function_id=function_id, function=function, inputs=inputs, outputs=outputs,
            input_domain=input_domain, weight=weight, inp_weight=inp_weight,
            out_weight=out_weight, description=description, filters=filters,
            await_domain=await_domain, await_result=await_result, **kwargs)
        if inputs_defaults:
            for k, p in zip(inputs, _parameters(function, False).values()):
                if p.default is not p.empty:
                    self.set_default_value(k, p.default)
        return function_id

    def add_from_lists(self, data_list=None, fun_list=None, dsp_list=None):
        """schedula's add_from_lists: add_data(), add_function() and
        add_dispatcher() with the keywords of each dict of @data_list,
        @fun_list and @dsp_list, in that order; returns the three lists of
        the ids they gave."""
        data_ids = [self.add_data(**kw) for kw in data_list or ()]
        fun_ids = [self.add_function(**kw) for kw in fun_list or ()]
        dsp_ids = [self.add_dispatcher(**kw) for kw in dsp_list or ()]
        return data_ids, fun_ids, dsp_ids

    def add_dispatcher(self, dsp, inputs=None, outputs=None, dsp_id=None,
                       input_domain=None, weight=None, inp_weight=None, description=None,
                       include_defaults=False, await_domain=None, inputs_prefix='',
                       outputs_prefix='', **kwargs):
        """Adds a sub-dispatcher node; returns its id."""
        in_map = _mapping(inputs)
        out_map = _mapping(outputs)
        if inputs_prefix:
            in_map = _prefixed(in_map or _default_mapping(dsp), inputs_prefix, keys=True)
        if outputs_prefix:
            out_map = _prefixed(out_map or _default_mapping(dsp), outputs_prefix, keys=False)
        node = Schedula.DispatcherNode.new(None if dsp_id is None else _id_in(dsp_id), dsp,
                                           in_map, out_map)
        if include_defaults:
            node.set_include_defaults(True)
        if input_domain is not None:
            node.set_input_domain(keyword_function(input_domain))
        if weight is not None:
            node.set_weight(float(weight))
            _remember_number(node, 'weight', weight)
        if description is not None:
            node.set_description(description)
        if await_domain is not None:
            node.set_await_domain(bool(await_domain))
            _remember(node, 'await_domain', await_domain)
        _call(Schedula.Dispatcher.add_node, self, node)
        for k, w in (inp_weight or {}).items():
            node.set_input_weight(_id_in(k), float(w))
            _remember_number(node, ('in', _id_in(k)), w)
        if kwargs:
            node.py_attributes = dict(kwargs)
        return _id_out(node.get_id())

    def set_default_value(self, data_id, value=EMPTY, initial_dist=0.0):
        """Sets (or with EMPTY removes) the default value of a data node."""
        data_id = _id_in(data_id)
        _call(Schedula.Dispatcher.set_default_value, self, data_id,
              None if value is EMPTY else to_value(value),
              None if value is EMPTY else _to_distance(initial_dist))
        _set_default(self.lookup_node(data_id), value, initial_dist)

    # -- dispatching --------------------------------------------------------

    def dispatch(self, inputs=None, outputs=None, inputs_dist=None, wildcard=False,
                 no_call=False, shrink=False, rm_unused_nds=False, select_output_kw=None,
                 stopper=None, executor=False, verbose=False):
        """schedula's dispatch: returns the Solution (or, with
        select_output_kw, the selected outputs). @stopper is a
        Gio.Cancellable or a threading.Event (setting it from another
        thread stops the dispatch).

        @executor says where the function calls run, as in schedula:
        False (the default) here, synchronously, whatever the model's
        executor; True the model's executor (Dispatcher(executor=...),
        set_executor()), synchronously when it has none; 'sync' here too
        (an executor that shutdown_executors() lists, as schedula's);
        'async' in a pool of threads of this process; 'parallel' in a new
        worker process per call, 'parallel-pool' in a pool of worker
        processes (a Python function travels by reference: by its name,
        python:MODULE:QUALNAME, when it can be imported, else serialised
        with dill: a lambda, a closure, a function of the script; one that
        cannot travel runs here, and the library logs it once per node; its
        values travel pickled); or a name registered with
        Schedula.Executor.register(). An unknown name raises ValueError at
        once.

        Whatever the executor, the solution is the synchronous one and the
        same functions are called. A dispatch with an executor other than
        'sync' does not block: dispatch() returns at once a DispatchFuture
        (a concurrent.futures.Future) whose result(timeout=None) waits and
        returns what the synchronous dispatch returns, or raises its
        exception (DispatcherError, ...); cancel() stops the dispatch. As
        schedula's Solution of an asynchronous dispatch, the future reads as
        the solution too, waiting for it: `dsp.dispatch(...,
        executor='async')['b']`. Every Solution has result(), which returns
        it, so `dsp.dispatch(..., executor=X).result()` is the solution
        whatever X."""
        if isinstance(outputs, str):
            outputs = [outputs]
        if not executor:
            # synchronous, whatever the model's executor
            options = _dispatch_options(inputs_dist, wildcard, no_call, shrink, rm_unused_nds,
                                        '' if self.get_executor() else False, verbose)
            return self._dispatch(_prepared_inputs(inputs), _ids(outputs), options,
                                  _Stopper(stopper), select_output_kw)
        name = _executor_name(self, executor)
        options = _dispatch_options(inputs_dist, wildcard, no_call, shrink, rm_unused_nds,
                                    executor, verbose)
        _prepare_executor(self, name)
        sets = _prepared_inputs(inputs)
        outputs = _ids(outputs)
        if name is None:
            return self._dispatch(sets, outputs, options, _Stopper(stopper), select_output_kw)
        _check_executor(name)
        stop = _Stopper(Gio.Cancellable() if stopper is None else stopper)
        return _in_background(
            lambda: self._dispatch(sets, outputs, options, stop, select_output_kw),
            stop.cancellable)

    def _dispatch(self, sets, outputs, options, stop, select_output_kw):
        """dispatch() in this thread, once its arguments are converted."""
        _last_exception.value = None
        _pending_stop.value = None
        try:
            with stop as cancellable:
                sol = _run_prepared(self, sets, outputs, options, cancellable)
                error = sol.get_dispatch_error()
                if error is not None:
                    # the exception carries the solution of this dispatch,
                    # whatever other threads dispatch meanwhile
                    _raise_dispatch_exception(error, sol)
        finally:
            # The traceback of the last exception holds the frames of this
            # call (its solution too): let it go.
            _last_exception.value = None
        if select_output_kw:
            _selected_solution.value = sol
            return _selector(sol, **select_output_kw)
        return sol

    def __call__(self, *args, **kwargs):
        """dispatch(*args, **kwargs), as schedula's."""
        return self.dispatch(*args, **kwargs)

    # The library's own dispatch methods, with the references the workers of
    # the process executors need for the Python functions (see
    # _give_references).

    def dispatch_async(self, inputs=None, outputs=None, options=None, cancellable=None,
                       callback=None, *user_data):
        """The library's Dispatcher.dispatch_async(): a GTask, @callback gets
        the dispatcher and the Gio.AsyncResult in the main context of the
        caller, where dispatch_finish() gives the solution."""
        _prepare_options(self, options)
        return Schedula.Dispatcher.dispatch_async(self, inputs, outputs, options, cancellable,
                                                  callback, *user_data)

    def try_dispatch(self, inputs=None, outputs=None, options=None, cancellable=None):
        """The library's Dispatcher.try_dispatch()."""
        _prepare_options(self, options)
        return Schedula.Dispatcher.try_dispatch(self, inputs, outputs, options, cancellable)

    def try_dispatch_batch(self, inputs, outputs=None, options=None, cancellable=None):
        """The library's Dispatcher.try_dispatch_batch()."""
        _prepare_options(self, options)
        return Schedula.Dispatcher.try_dispatch_batch(self, inputs, outputs, options,
                                                      cancellable)

    def dispatch_variant(self, inputs=None, outputs=None, options=None, cancellable=None):
        """The library's Dispatcher.dispatch_variant()."""
        _prepare_options(self, options)
        return Schedula.Dispatcher.dispatch_variant(self, inputs, outputs, options, cancellable)

    def dispatch_batch(self, inputs, outputs=None, inputs_dist=None, wildcard=False,
                       no_call=False, shrink=False, rm_unused_nds=False, stopper=None,
                       executor=False, verbose=False):
        """Dispatches the model once per input set of @inputs (an iterable
        of mappings), with the same outputs and options, as many dispatch()
        calls would; the model is compiled (and reduced to @outputs) once.
        Returns the list of the solutions, in the order of the input sets.
        A dispatch that fails raises as dispatch() does; the exception's
        `input_set` is the position of its input set (from 0). With an
        @executor (as dispatch() takes it) the calls of each dispatch run
        there, and dispatch_batch() returns once every dispatch ended."""
        options = _dispatch_options(inputs_dist, wildcard, no_call, shrink, rm_unused_nds,
                                    _executor_option(self, executor), verbose)
        _prepare_executor(self, _executor_name(self, executor))
        sets = [GObject.Value(_TYPE_DICT, _inputs_dict(i)) for i in inputs]
        _last_exception.value = None
        _pending_stop.value = None
        try:
            with _Stopper(stopper) as cancellable:
                solutions = _try_dispatch_batch(self, sets, _ids(outputs), options, cancellable)
                error = solutions[-1].get_dispatch_error() if solutions else None
                if error is not None:
                    _raise_dispatch_exception(error, solutions[-1], len(solutions) - 1)
        finally:
            _last_exception.value = None
        return solutions

    # -- operations ---------------------------------------------------------

    def get_node(self, *node_ids, node_attr='auto'):
        """schedula's get_node: (the node's value, function or attribute,
        the real node path)."""
        node, path = _call(Schedula.Dispatcher.get_node, self, [_id_in(n) for n in node_ids])
        path = tuple(_ids_out(path))
        attrs = _node_attributes(node)
        if node_attr in ('auto', 'output'):
            if isinstance(node, Schedula.DataNode):
                sol = self.solution
                if sol is not None:
                    try:
                        return sol.get_node(*path)[0], path
                    except ValueError:
                        pass
                if node_attr == 'output':
                    raise ValueError('Path %r has no output.' % (list(path),))
                return attrs, path
            return attrs['function'], path
        if node_attr is None:
            return attrs, path
        if node_attr == 'default_value':
            dsp = node.get_dispatcher()
            return dsp.default_values.get(_id_out(node.get_id()), EMPTY), path
        if node_attr == 'description':
            return attrs.get('description', ''), path
        return attrs.get(node_attr, attrs), path

    def copy(self):
        """A deep copy of the model (functions and child dispatchers are
        shared)."""
        dsp = _call(Schedula.Dispatcher.copy, self)
        _copy_python_attributes(self, dsp)
        return dsp

    def get_sub_dsp(self, nodes_bunch, edges_bunch=None):
        removed = []
        for u, v in edges_bunch or ():
            removed += [_id_in(u), _id_in(v)]
        dsp = _call(Schedula.Dispatcher.get_sub_dispatcher, self,
                    [_id_in(n) for n in nodes_bunch], removed or None)
        _copy_python_attributes(self, dsp)
        return dsp

    def get_sub_dsp_from_workflow(self, sources, graph=None, reverse=False,
                                  add_missing=False, check_inputs=True, blockers=None,
                                  wildcard=False, _update_links=True):
        """The sub-dispatcher a search from @sources reaches: in the
        workflow of the last solution, or in the model when @graph is the
        model graph (dmap)."""
        flags = _sub_flags(reverse, add_missing, check_inputs)
        if isinstance(graph, Graph):
            flags |= Schedula.SubDispatcherFlags.USE_MODEL
        dsp = _call(Schedula.Dispatcher.get_sub_dispatcher_from_workflow, self,
                    _ids(sources), flags, _ids(blockers),
                    Schedula.Wildcard.ON if wildcard else Schedula.Wildcard.OFF)
        _copy_python_attributes(self, dsp)
        return dsp

    def shrink_dsp(self, inputs=None, outputs=None, inputs_dist=None, wildcard=True):
        options = Schedula.DispatchOptions.new()
        options.set_wildcard(Schedula.Wildcard.ON if wildcard else Schedula.Wildcard.OFF)
        for k, d in (inputs_dist or {}).items():
            options.set_input_dist(_id_in(k), _to_distance(d))
        dsp = _call(Schedula.Dispatcher.shrink, self, _ids(inputs), _ids(outputs), options)
        _copy_python_attributes(self, dsp)
        return dsp


Dispatcher = override(Dispatcher)
_export(Dispatcher, 'Dispatcher')


def _inputs_dict(inputs):
    """dispatch()'s inputs as a Schedula.Dict: a mapping id -> value, or (as
    schedula takes it with no_call) an iterable of ids, which get NONE."""
    if not isinstance(inputs, collections.abc.Mapping):
        inputs = dict.fromkeys(inputs, NONE)
    return _dict_of(inputs)


def _prepared_inputs(inputs):
    """dispatch()'s inputs as _run_prepared() takes them: None, or the one
    input set of try_dispatch_batch()."""
    if inputs is None:
        return None
    return [GObject.Value(_TYPE_DICT, _inputs_dict(inputs))]


def _run_prepared(dsp, sets, outputs, options, cancellable):
    """Schedula.Dispatcher.try_dispatch() with the inputs of
    _prepared_inputs(): the solution, whether the dispatch completed or
    not (get_dispatch_error() tells). PyGObject 3.42 leaks the GValues of a
    GHashTable argument (about 80 bytes per input and dispatch): the inputs
    go as a Dict through try_dispatch_batch(), whose arguments it marshals
    without leaks. A dispatch that cannot start raises."""
    if sets is None:
        try:
            return Schedula.Dispatcher.try_dispatch(dsp, None, outputs, options, cancellable)
        except GLib.Error as error:
            _raise_dispatch_exception(error, None)
    return _try_dispatch_batch(dsp, sets, outputs, options, cancellable)[0]


def _try_dispatch_batch(dsp, sets, outputs, options, cancellable):
    """Schedula.Dispatcher.try_dispatch_batch() as a list; an input set that
    cannot be dispatched raises, with the position of the set."""
    try:
        solutions = Schedula.Dispatcher.try_dispatch_batch(dsp, sets, outputs, options,
                                                           cancellable)
    except GLib.Error as error:
        m = _INPUT_SET.match(error.message)
        if m is None:
            _raise_dispatch_exception(error, None)
        error = GLib.Error(error.message[m.end():], error.domain, error.code)
        _raise_dispatch_exception(error, None, int(m.group(1)) if len(sets) > 1 else None)
    return [solutions.get_item(i) for i in range(solutions.get_n_items())]


def _raise_dispatch_exception(error, sol, input_set=None):
    """Raises what a dispatch that stopped with @error raises (see
    _dispatch_exception), with its own solution @sol; @input_set is the
    position of its input set in a batch."""
    _check_stop(error)
    exc = _dispatch_exception(error, sol)
    if input_set is not None:
        exc.input_set = input_set
        exc.add_note('(input set %s of the batch)' % input_set)
    if isinstance(exc, DispatcherError):
        raise exc from (exc.ex if isinstance(exc.ex, BaseException) else None)
    exc.__suppress_context__ = True   # not the GLib.Error; a cause stays
    raise exc


def _dispatch_options(inputs_dist=None, wildcard=False, no_call=False, shrink=False,
                      rm_unused_nds=False, executor=False, verbose=False, always=False):
    """schedula's dispatch keywords as Schedula.DispatchOptions: None when
    they are all the defaults, unless @always (the wrappers made of a model
    take no options as their own defaults, which differ)."""
    named = isinstance(executor, str)   # True: the model's, as with no options
    if not (always or inputs_dist or wildcard or no_call or shrink or rm_unused_nds or
            named or verbose):
        return None
    options = Schedula.DispatchOptions.new()
    if wildcard:
        options.set_wildcard(Schedula.Wildcard.COMPUTABLE if wildcard == 2
                             else Schedula.Wildcard.ON)
    if no_call:
        options.set_no_call(True)
    if shrink:
        options.set_shrink(True)
    if rm_unused_nds:
        options.set_rm_unused_nodes(True)
    if verbose:
        options.set_verbose(True)
    if named:
        # '' is none, whatever the model's
        options.set_executor(executor)
    for k, d in (inputs_dist or {}).items():
        options.set_input_dist(_id_in(k), _to_distance(d))
    return options


def _ids(ids):
    """Ids for the library: a string is one id."""
    if ids is None:
        return None
    if isinstance(ids, str):
        return [_id_in(ids)]
    return [_id_in(i) for i in ids]


def _id_list(ids):
    """Ids for the library, as schedula iterates them (a string is the
    iterable of its characters)."""
    if ids is None:
        return None
    if type(ids) is Token:
        return [_id_in(ids)]
    return [_id_in(i) for i in ids]


def _function(f, describe=repr):
    return function(f, describe=describe)


def _parameters(func, skip_defaults):
    """The parameters schedula takes as inputs: up to *args or **kwargs
    (and, with @skip_defaults, up to the first one with a default)."""
    while isinstance(func, functools.partial):
        func = func.func
    params = collections.OrderedDict()
    for name, p in inspect.signature(func).parameters.items():
        if p.kind >= p.VAR_POSITIONAL or (skip_defaults and p.default is not p.empty):
            break
        params[name] = p
    return params


def _default_mapping(child):
    """The mapping of a sub-dispatcher node without one: every data node of
    the child (but the special ones) to the same id."""
    return Schedula.Mapping.new_identity(
        [n.get_id() for n in child
         if isinstance(n, Schedula.DataNode) and not Schedula.id_is_special(n.get_id())])


def _prefixed(mapping, prefix, keys):
    out = Schedula.Mapping.new()
    for i in range(mapping.get_n_keys()):
        for v in mapping.get_values(i):
            key = mapping.get_key(i)
            if keys:
                out.add(prefix + key, v)
            else:
                out.add(key, prefix + v)
    return out


def _sub_flags(reverse, add_missing, check_inputs):
    flags = Schedula.SubDispatcherFlags.NONE
    if reverse:
        flags |= Schedula.SubDispatcherFlags.REVERSE
    if add_missing:
        flags |= Schedula.SubDispatcherFlags.ADD_MISSING
    if not check_inputs:
        flags |= Schedula.SubDispatcherFlags.NO_CHECK_INPUTS
    return flags


def _copy_python_attributes(source, target):
    """What the Python side keeps on a model (the raises policy, the
    numbers as given, extra node attributes) on a model made from it, and
    on the child dispatchers it made too."""
    if source is target:
        return
    if '_py_raises' in source.__dict__:
        target.raises = source.raises
    for node in source:
        copy = target.lookup_node(node.get_id())
        if copy is None:
            continue
        for key in ('py_attributes', 'py_given'):
            value = node.__dict__.get(key)
            if value:
                setattr(copy, key, dict(value))
        if isinstance(node, Schedula.DispatcherNode) and isinstance(copy, Schedula.DispatcherNode):
            _copy_python_attributes(node.get_child(), copy.get_child())


class _Stopper(object):
    """dispatch()'s stopper as a Gio.Cancellable. A threading.Event that is
    set cancels it, before or while the dispatch runs."""

    def __init__(self, stopper):
        self._key = None
        self._event = None
        if stopper is None or isinstance(stopper, Gio.Cancellable):
            self._cancellable = stopper
            return
        self._cancellable = Gio.Cancellable()
        if stopper.is_set():
            self._cancellable.cancel()
        else:
            self._event = stopper

    @property
    def cancellable(self):
        return self._cancellable

    def __enter__(self):
        if self._event is not None:
            self._key = _stopper_watch.add(self._event, self._cancellable)
        return self._cancellable

    def __exit__(self, *exc_info):
        if self._key is not None:
            _stopper_watch.remove(self._key)
        return False


def _python_exception(error):
    """The Python exception behind a library error, if a Python function
    raised it; else the error itself. A Python function that failed out of
    this thread's reach (in a worker process, or in a thread of the async
    executor) left its error only: the exception is made again from its
    repr (see _reported_exception)."""
    last = getattr(_last_exception, 'value', None)
    if last is not None:
        exc, text = last
        summary = _error_summary(error.message)
        if summary is not None and (summary == text or summary.endswith('\n  ' + text) or
                                    summary.endswith(': ' + text)):
            return exc
    if error.domain == _PYTHON_ERROR_DOMAIN:
        return _reported_exception(error.message)
    return error


class RemoteError(Exception):
    """The exception of a Python function that failed where the binding
    cannot reach it (a worker process of the parallel executors, a thread
    of the async executor), when it is not a built-in exception made of
    literals: its repr() is the one the exception had, so that messages
    read as they would have in this thread; `message` is the library's
    error message (with the traceback)."""

    def __init__(self, text, message):
        super().__init__(text)
        self.text = text
        self.message = message

    def __repr__(self):
        return self.text

    def __reduce__(self):
        return RemoteError, (self.text, self.message)


_export(RemoteError, 'RemoteError')
_EXCEPTION_REPR = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\((.*)\)\Z', re.S)


def _reported_exception(message):
    """The exception of a Python function from the error message it left
    ("repr, then the traceback"): a built-in exception whose arguments are
    literals comes back as itself (ValueError('fail')); any other as a
    RemoteError with the same repr."""
    text = _error_summary(message)
    m = _EXCEPTION_REPR.match(text)
    if m is not None:
        cls = getattr(builtins, m.group(1), None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                args = ast.literal_eval('(%s,)' % m.group(2)) if m.group(2) else ()
                exc = cls(*args)
                if repr(exc) == text:
                    return exc
            except Exception:
                pass
    return RemoteError(text, message)


def _dispatch_exception(error, sol):
    """The exception a failed dispatch raises, as schedula's: DispatcherAbort
    when stopped, DispatcherError(template, node id, exception) when the
    raises policy stops it, the Python exception of an input domain or of a
    result that cannot be unpacked, ValueError for bad input, and
    DispatcherError for the other failures the library detects."""
    if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
        exc = DispatcherAbort()
        exc.sol = sol
        return exc
    quark = Schedula.dispatch_error_quark()
    exc = _python_exception(error)
    if error.matches(quark, Schedula.DispatchError.NODE_FAILED):
        m = _FAILURE.match(error.message)
        if m is not None:
            if exc is error and sol is not None:
                # a function of the library failed: the exception schedula's
                # function would raise
                node_error = sol.get_error(m.group(2))
                if node_error is not None:
                    exc = _library_exception(node_error)
            return DispatcherError(_FAILURE_TEMPLATES[m.group(1)], m.group(2), exc, sol=sol,
                                   ex=exc)
    if exc is not error:
        exc.sol = sol
        return exc
    if error.matches(quark, Schedula.DispatchError.INVALID_INPUT):
        return ValueError(error.message)
    return DispatcherError(error.message, sol=sol, ex=error)


def _selector(sol, keys=(), output_type='dict', allow_miss=False, **kwargs):
    """schedula's selector over a solution: 'dict' (the default), 'list' or
    'values' (one value alone, else a list)."""
    if isinstance(keys, str):
        keys = [keys]
    values = {}
    for k in keys:
        if k in sol:
            values[k] = sol[k]
        elif not allow_miss:
            raise KeyError(k)
    if output_type == 'list':
        return list(values.values())
    if output_type == 'values':
        out = list(values.values())
        return out[0] if len(out) == 1 else out
    return values


def _node_attributes(node):
    """schedula's node attributes of a node."""
    attrs = {'index': (node.get_index(),)}
    if isinstance(node, Schedula.DataNode):
        attrs['type'] = 'data'
        attrs['wait_inputs'] = node.get_wait_inputs()
        combiner = node.get_combiner()
        if combiner is not None:
            attrs['function'] = _python_function(combiner)
        callback = node.get_callback()
        if callback is not None:
            attrs['callback'] = _python_function(callback)
    elif isinstance(node, Schedula.FunctionNode):
        attrs['type'] = 'function'
        attrs['wait_inputs'] = True
        attrs['inputs'] = _ids_out(node.dup_inputs())
        attrs['outputs'] = _ids_out(node.dup_outputs())
        attrs['function'] = _python_function(node.get_function())
        domain = node.get_input_domain()
        if domain is not None:
            attrs['input_domain'] = _python_function(domain)
        if node.props.weight:
            attrs['weight'] = _given(node, 'weight', node.get_weight())
    else:
        attrs['type'] = 'dispatcher'
        attrs['wait_inputs'] = False
        attrs['function'] = node.get_child()
        attrs['inputs'] = _mapping_dict(node.get_inputs())
        attrs['outputs'] = _mapping_dict(node.get_outputs())
        domain = node.get_input_domain()
        if domain is not None:
            attrs['input_domain'] = _python_function(domain)
        if node.get_weight():
            attrs['weight'] = _given(node, 'weight', node.get_weight())
    filters = node.get_filters() if hasattr(node, 'get_filters') else None
    if filters:
        attrs['filters'] = [_python_function(f) for f in filters]
    given = node.__dict__.get('py_given') or {}
    for key in ('wildcard', 'await_domain', 'await_result'):
        if key in given:
            attrs[key] = _given(node, key, getattr(node, 'get_' + key)())
    description = node.get_description()
    if description is not None:
        attrs['description'] = description
    attrs.update(getattr(node, 'py_attributes', {}))
    return attrs


def add_function(dsp, inputs_kwargs=False, inputs_defaults=False, **kw):
    """schedula's decorator: `@add_function(dsp, outputs=['c'])` adds the
    decorated function with dsp.add_func and returns it unchanged."""
    def decorator(f):
        dsp.add_func(f, inputs_kwargs=inputs_kwargs, inputs_defaults=inputs_defaults, **kw)
        return f
    return decorator


_export(add_function, 'add_function')


# ---------------------------------------------------------------------------
# Errors of the library's functions (wrappers and helpers)
# ---------------------------------------------------------------------------

_E = Schedula.DispatchError
_E_UNREACHABLE = int(_E.UNREACHABLE_OUTPUTS)
_E_PIPE_BROKEN = int(_E.PIPE_BROKEN)
_E_BAD_ARGUMENTS = int(_E.BAD_ARGUMENTS)
_E_INVALID_INPUT = int(_E.INVALID_INPUT)
_E_OUTPUT_MISMATCH = int(_E.OUTPUT_MISMATCH)
_E_RECURSION = int(_E.RECURSION)
_E_TOO_LARGE = int(_E.TOO_LARGE)
# The errors of the library's functions that schedula's functions raise as
# Python exceptions: a node's error message shows their repr().
_RAISED_CODES = frozenset((_E_UNREACHABLE, _E_PIPE_BROKEN, _E_BAD_ARGUMENTS, _E_INVALID_INPUT,
                           _E_RECURSION, _E_TOO_LARGE))


# The types of the values the binding makes, by the names Python gives them
_PYTHON_TYPE_NAMES = {
    'gint64': 'int', 'gint': 'int', 'gdouble': 'float', 'gchararray': 'str',
    'gboolean': 'bool', 'PyObject': 'object', 'SchedulaDict': 'dict',
    'GValueArray': 'list', 'SchedulaToken': 'Token',
}
_TYPE_NAME = re.compile(r"(?<=')(%s)(?=')|(?<=a value of type )(%s)(?= is not)" % (
    '|'.join(_PYTHON_TYPE_NAMES), '|'.join(_PYTHON_TYPE_NAMES)))


def _helper_exception(message):
    """The exception schedula's helper raises where the library's helper
    reports an invalid input (@message is the library's, in Python's
    words, with the value types named as Python names them): KeyError for
    a missing key (the message is its repr), TypeError for operands or
    arguments of the wrong type, OverflowError, else ValueError."""
    message = _TYPE_NAME.sub(lambda m: _PYTHON_TYPE_NAMES[m.group(0)], message)
    if message[:1] in ('"', "'"):
        try:
            key = ast.literal_eval(message)
        except (ValueError, SyntaxError):
            key = None
        if isinstance(key, str) and repr(key) == message:
            return KeyError(key)
    if message.startswith(('unsupported operand type(s)', 'summation of no arguments')) or \
            ' takes one argument' in message or \
            message.endswith((' is not a mapping', ' is not a sequence')):
        return TypeError(message)
    if message.startswith('integer overflow'):
        return OverflowError(message)
    return ValueError(message)


def _library_exception(error, sol=None):
    """The exception schedula raises where a function of the library (or a
    Python function through it) reports @error: the Python exception
    itself; DispatcherError for unreachable outputs and a broken pipe
    (with `sol`, the wrapper's solution); TypeError for bad arguments;
    the helper's exception for an invalid input; and the dispatch's
    exception for a dispatch that failed (see _dispatch_exception)."""
    if error.domain != _DISPATCH_ERROR_DOMAIN:
        if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
            return _dispatch_exception(error, sol)
        return _python_exception(error)
    code = error.code
    if code == _E_UNREACHABLE or code == _E_PIPE_BROKEN:
        return DispatcherError(error.message, sol=sol)
    if code == _E_OUTPUT_MISMATCH:
        exc = _python_exception(error)
        return exc if exc is not error else TypeError(error.message)
    if code == _E_BAD_ARGUMENTS:
        return TypeError(error.message)
    if code == _E_INVALID_INPUT:
        return _helper_exception(error.message)
    if code == _E_RECURSION:
        return RecursionError(error.message)
    if code == _E_TOO_LARGE:
        return ValueError(error.message)
    return _dispatch_exception(error, sol)


def _error_text(sol, node_id):
    """The error of a node as schedula shows it: "Failed DISPATCHING 'f'
    due to:\\n  " and the repr() of the exception (without a Python
    traceback); or None."""
    message = sol.dup_error_message(node_id)
    if message is None:
        return None
    error = sol.get_error(node_id)
    if error is not None and error.domain == _DISPATCH_ERROR_DOMAIN and \
            error.code in _RAISED_CODES and message.endswith(error.message):
        return message[:len(message) - len(error.message)] + repr(_library_exception(error))
    return _error_summary(message)


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


# ---------------------------------------------------------------------------
# Python containers in the library (value adapters)
# ---------------------------------------------------------------------------

# The library's sequences are GValueArrays, which GLib deprecates: their
# constructor and append() warn, for this module only.
warnings.filterwarnings('ignore', message=r'GObject\.ValueArray\.', category=DeprecationWarning,
                        module=re.escape(__name__))


def _dict_of(mapping):
    """A Python mapping as a Schedula.Dict (keys as node ids)."""
    d = Schedula.Dict.new()
    insert = d.insert
    for k, v in mapping.items():
        insert(_id_in(k), to_value(v))
    return d


def _sequence_of(items):
    """A Python sequence as a GObject.ValueArray."""
    items = list(items)
    array = GObject.ValueArray.new(len(items))
    append = array.append
    for x in items:
        append(to_value(x))
    return array


def _adapt_python(value, shape, *user_data):
    """The value adapter of Python objects (GObject.TYPE_PYOBJECT): a
    mapping is a dict of the library, any other iterable but a string a
    sequence."""
    try:
        if shape == Schedula.ValueShape.DICT:
            if isinstance(value, collections.abc.Mapping):
                return True, _dict_of(value)
            what = 'mapping'
        else:
            if isinstance(value, collections.abc.Iterable) and \
                    not isinstance(value, (str, bytes, bytearray, collections.abc.Mapping)):
                return True, _sequence_of(value)
            what = 'sequence'
    except GLib.Error:
        raise
    except Exception as exc:
        # the exception itself reaches the caller (see _python_exception)
        raise _glib_error(exc) from None
    raise GLib.Error('%r object is not a %s' % (type(value).__name__, what),
                     _DISPATCH_ERROR_DOMAIN, _E_INVALID_INPUT)


def _adapt_solution(value, shape, *user_data):
    """The value adapter of solutions: schedula's Solution is a dict."""
    if shape != Schedula.ValueShape.DICT:
        raise GLib.Error('a Solution is not a sequence', _DISPATCH_ERROR_DOMAIN,
                         _E_INVALID_INPUT)
    d = Schedula.Dict.new()
    lookup = Schedula.Solution.lookup_extended
    for k in value.get_ids():
        d.insert(k, to_value(lookup(value, k)[1]))
    return True, d


Schedula.value_register_adapter(GObject.TYPE_PYOBJECT, _adapt_python)
Schedula.value_register_adapter(Schedula.Solution.__gtype__, _adapt_solution)


# ---------------------------------------------------------------------------
# Helpers (schedula.utils.dsp): the library's functions, callable from
# Python with schedula's signatures
# ---------------------------------------------------------------------------

def _node_function(helper, function=None, partial=None):
    """Registers what a helper is as a node function: @function (the
    library's function for the helper itself), and @partial, which makes
    the library's function for functools.partial(helper, ...), or returns
    None when the partial needs the Python helper."""
    if function is not None:
        helper._schedula_function = function
        function.py_function = helper
    if partial is not None:
        helper._schedula_partial = partial
    return _export(helper)


def _copied(value, copy):
    return _copy.deepcopy(value) if copy else value


_C_BYPASS = Schedula.bypass_new()
_C_SUMMATION = Schedula.summation_new()
_C_COMBINE_DICTS = Schedula.combine_dicts_new()
_C_RUN_MODEL = Schedula.run_model_new()


def bypass(*inputs, copy=False):
    """schedula's bypass: one argument gives that argument, several (or
    none) their tuple; @copy returns deep copies."""
    result = from_value(_call_function(_C_BYPASS, inputs))
    if len(inputs) != 1:
        result = tuple(result)
    return _copied(result, copy)


_node_function(bypass, _C_BYPASS,
               lambda *args, copy=False: None if args or copy else _C_BYPASS)


def summation(*inputs):
    """schedula's summation: the sum of the arguments (numbers, strings, or
    sequences, which concatenate: tuples into a tuple)."""
    result = from_value(_call_function(_C_SUMMATION, inputs))
    if type(result) is list and len(inputs) > 1 and \
            all(isinstance(x, tuple) for x in inputs):
        return tuple(result)
    return result


_node_function(summation, _C_SUMMATION)

_OUTPUT_TYPES = {
    'all': Schedula.OutputType.ALL,
    'list': Schedula.OutputType.LIST,
    'dict': Schedula.OutputType.DICT,
    'values': Schedula.OutputType.VALUES,
}


def _output_type(name, default):
    """schedula's output_type as a Schedula.OutputType: None is @default,
    and an unknown name selects a dict, as schedula's selector does."""
    if name is None:
        return default
    return _OUTPUT_TYPES.get(name, Schedula.OutputType.DICT)


def _selected(value, output_type, n):
    """A result of the library selected with @output_type for @n keys or
    outputs, as schedula's: a list, a dict, one value or a tuple, or the
    solution itself."""
    if output_type == Schedula.OutputType.VALUES:
        return from_value(value) if n == 1 else tuple(from_value(value))
    if output_type == Schedula.OutputType.ALL or output_type == Schedula.OutputType.DEFAULT:
        return value
    return from_value(value)


# ---------------------------------------------------------------------------
# Nested dicts (schedula.utils.dsp): Python helpers on Python dicts, without
# recursion (dicts nest as deep as their makers like)
# ---------------------------------------------------------------------------

def stack_nested_keys(nested_dict, key=(), depth=-1):
    """schedula's stack_nested_keys: yields (keys, value) for each leaf of
    @nested_dict, the keys of the path as a tuple after @key, depth first
    in the order of the dicts; a value with items() is gone into while
    @depth (-1: no limit) allows."""
    if depth == 0 or not hasattr(nested_dict, 'items'):
        yield key, nested_dict
        return
    stack = [(key, iter(nested_dict.items()), depth - 1)]
    while stack:
        path, items, left = stack[-1]
        for k, v in items:
            if left != 0 and hasattr(v, 'items'):
                stack.append((path + (k,), iter(v.items()), left - 1))
                break
            yield path + (k,), v
        else:
            stack.pop()


def get_nested_dicts(nested_dict, *keys, default=None, init_nesting=dict):
    """schedula's get_nested_dicts: the value at the path @keys of
    @nested_dict, made on the way where missing: init_nesting() for the
    dicts between, default() (or init_nesting()) for the last."""
    make_last = default or init_nesting
    d = nested_dict
    for i, k in enumerate(keys):
        if k not in d:
            d[k] = make_last() if i == len(keys) - 1 else init_nesting()
        d = d[k]
    return d


def are_in_nested_dicts(nested_dict, *keys):
    """schedula's are_in_nested_dicts: whether the path @keys is in
    @nested_dict (a missing key or a value that is not a dict on the way
    says no)."""
    d = nested_dict
    for k in keys:
        try:
            d = d[k]
        except Exception:
            return False
    return True


def combine_nested_dicts(*nested_dicts, depth=-1, base=None):
    """schedula's combine_nested_dicts: the leaves of @nested_dicts (keys
    stacked down to @depth) set into @base (a new dict by default), in
    order; where @base has a value that is not a dict on a path, the branch
    of the later dict replaces it from there."""
    if base is None:
        base = {}
    for nested_dict in nested_dicts:
        for path, value in stack_nested_keys(nested_dict, depth=depth):
            while path:
                try:
                    get_nested_dicts(base, *path[:-1])[path[-1]] = value
                    break
                except Exception:
                    path = path[:-1]
                    value = get_nested_dicts(nested_dict, *path)
    return base


for _f in (stack_nested_keys, get_nested_dicts, are_in_nested_dicts, combine_nested_dicts):
    _export(_f)


def _selector_function(keys, output_type='dict', allow_miss=False):
    if isinstance(keys, str):
        keys = [keys]
    return Schedula.selector_new([_id_in(k) for k in keys],
                                 _output_type(output_type, Schedula.OutputType.DICT),
                                 bool(allow_miss))


def selector(keys, dictionary, copy=False, output_type='dict', allow_miss=False):
    """schedula's selector: the values of @keys in @dictionary, as a dict
    ('dict'), a list ('list') or the values ('values': one value alone,
    else a tuple). A missing key raises KeyError, unless @allow_miss."""
    if isinstance(keys, str):
        keys = [keys]
    f = _selector_function(keys, output_type, allow_miss)
    value = _call_function(f, (dictionary,))
    kind = _output_type(output_type, Schedula.OutputType.DICT)
    n = len([k for k in keys if k in dictionary]) if allow_miss else len(keys)
    return _copied(_selected(value, kind, n), copy)


def _selector_partial(keys=None, *args, copy=False, output_type='dict', allow_miss=False):
    if keys is None or args or copy:
        return None
    return _selector_function(keys, output_type, allow_miss)


_node_function(selector, partial=_selector_partial)

_replicate_functions = {}


def _replicate_function(n):
    f = _replicate_functions.get(n)
    if f is None:
        f = _replicate_functions[n] = Schedula.replicate_value_new(n)
    return f


def replicate_value(value, n=2, copy=True):
    """schedula's replicate_value: the tuple of @n copies of @value (deep
    copies, unless @copy is false); for n = 1, the copy itself."""
    result = from_value(_call_function(_replicate_function(n), (value,)))
    if n == 1:
        return _copied(result, copy)
    return tuple(_copied(x, copy) for x in result)


def _replicate_partial(*args, n=2, copy=True):
    return None if args else _replicate_function(n)


_node_function(replicate_value, Schedula.replicate_value_new(2), _replicate_partial)


def _combined(result, copy, base):
    """combine_dicts' and map_dict's @copy and @base, after the library
    combined the dicts."""
    if base is not None:
        base.update(result)
        result = base
    if copy:
        return {k: _copy.deepcopy(v) for k, v in result.items()}
    return result


def combine_dicts(*dicts, copy=False, base=None):
    """schedula's combine_dicts: the dicts merged left to right (later keys
    win) into a new dict, or into @base; @copy deep-copies the values."""
    return _combined(from_value(_call_function(_C_COMBINE_DICTS, dicts)), copy, base)


_node_function(combine_dicts, _C_COMBINE_DICTS,
               lambda *args, copy=False, base=None:
               None if args or copy or base is not None else _C_COMBINE_DICTS)


def _key_map(key_map):
    """map_dict's key map ({old key: new key}) as a Schedula.Mapping."""
    mapping = Schedula.Mapping.new()
    for k, v in key_map.items():
        mapping.add(_id_in(k), _id_in(v))
    return mapping


def map_dict(key_map, *dicts, copy=False, base=None):
    """schedula's map_dict: combine_dicts(*dicts) with its keys renamed
    through @key_map ({old key: new key})."""
    f = Schedula.map_dict_new(_key_map(key_map))
    return _combined(from_value(_call_function(f, dicts)), copy, base)


def _map_dict_partial(key_map=None, *args, copy=False, base=None):
    if key_map is None or args or copy or base is not None:
        return None
    return Schedula.map_dict_new(_key_map(key_map))


_node_function(map_dict, partial=_map_dict_partial)


def _map_list_function(key_map):
    try:
        return Schedula.map_list_new(to_value(key_map))
    except GLib.Error as error:
        raise _library_exception(error) from None


def map_list(key_map, *inputs, copy=False, base=None):
    """schedula's map_list: pairs the items of @key_map (keys, key maps of
    map_dict, nested lists) with @inputs into one dict."""
    f = _map_list_function(key_map)
    return _combined(from_value(_call_function(f, inputs)), copy, base)


def _map_list_partial(key_map=None, *args, copy=False, base=None):
    if key_map is None or args or copy or base is not None:
        return None
    try:
        return _map_list_function(key_map)
    except Exception:
        return None


_node_function(map_list, partial=_map_list_partial)


# Python-only conveniences of schedula.utils.dsp

def stlp(s):
    """schedula's stlp: a string as the 1-tuple (s,); anything else as it
    is."""
    if isinstance(s, str):
        return s,
    return s


_export(stlp)


def kk_dict(*kk, **adict):
    """schedula's kk_dict: each key k of @kk adds k: k, each dict of @kk is
    merged; the keyword arguments are the initial dict. A key given twice
    raises ValueError('keyword argument repeated (...)')."""
    for k in kk:
        if isinstance(k, dict):
            repeated = set(k).intersection(adict)
            if repeated:
                raise ValueError('keyword argument repeated ({})'.format(
                    ', '.join(sorted(repeated))))
            adict.update(k)
        elif k in adict:
            raise ValueError('keyword argument repeated ({})'.format(k))
        else:
            adict[k] = k
    return adict


_export(kk_dict)

partial = _export(functools.partial, 'partial')


class add_args(object):
    """schedula's add_args: @func with @n leading positional arguments
    that it ignores; @callback, if given, gets (result, *args, **kwargs)
    after each call. Its name and doc are those of @func (unwrapping
    partials)."""

    __name__ = __doc__ = None

    def __init__(self, func, n=1, callback=None):
        self.n = n
        self.callback = callback
        self.func = func
        for _ in range(2):
            try:
                self.__name__ = func.__name__
                self.__doc__ = func.__doc__
                break
            except AttributeError:
                func = parent_func(func)

    @property
    def __signature__(self):
        sig = inspect.signature(self.func)
        none = [inspect.Parameter(Token('none'), inspect.Parameter.POSITIONAL_OR_KEYWORD)
                for _ in range(self.n)]
        # the leading parameters share their name: no validation
        return inspect.Signature(none + list(sig.parameters.values()),
                                 return_annotation=sig.return_annotation,
                                 __validate_parameters__=False)

    def __call__(self, *args, **kwargs):
        result = self.func(*args[self.n:], **kwargs)
        if self.callback:
            self.callback(result, *args, **kwargs)
        return result


_export(add_args)


def parent_func(func, input_id=None):
    """schedula's parent_func: the function inside add_args and partial
    layers; with @input_id, also the position in it of the argument at
    @input_id of @func: (function, position)."""
    if isinstance(func, add_args):
        if input_id is not None:
            input_id -= func.n
        return parent_func(func.func, input_id)
    if isinstance(func, functools.partial):
        if input_id is not None:
            input_id += len(func.args)
        return parent_func(func.func, input_id)
    if input_id is None:
        return func
    return func, input_id


_export(parent_func)


class run_model(object):
    """schedula's run_model. As a node function (`function=run_model`) it is
    the library's: its first argument is the model to run, a Dispatcher
    (run with the mapping of inputs that comes second: the result is its
    solution) or a function of the library (a SubDispatch, for instance,
    called with the other arguments); the model's solution becomes the
    node's. Called from Python, run_model(func, *args, **kwargs) is a
    callable that calls func(*args, **kwargs, **more)."""

    def __init__(self, func, *args, _init=None, **kwargs):
        self.func = func
        if _init:
            args, kwargs = _init(*args, **kwargs)
        self.args = args
        self.kwargs = kwargs

    def __call__(self, **kwargs):
        return self.func(*self.args, **self.kwargs, **kwargs)


_node_function(run_model, _C_RUN_MODEL)


# ---------------------------------------------------------------------------
# Wrappers: dispatchers as functions
# ---------------------------------------------------------------------------

def _unsupported(**options):
    """Refuses the wrapper options this library does not have (see
    docs/semantics.md, "Python binding")."""
    for name, value in options.items():
        if value:
            raise ValueError('%s=%r: libschedula-glib does not support this option of '
                             'schedula (docs/semantics.md, "Python binding")' % (name, value))


def _construction_exception(error):
    """What schedula raises when a wrapper cannot be made: ValueError for
    unreachable outputs, else the dispatch's exception."""
    if error.domain == _DISPATCH_ERROR_DOMAIN and error.code == _E_UNREACHABLE:
        return ValueError(error.message)
    return _library_exception(error)


def _resolved_output_type(output_type, outputs):
    """The output type of SubDispatchFunction and the pipes, as the library
    resolves the default."""
    if output_type != Schedula.OutputType.DEFAULT:
        return output_type
    if outputs is None:
        return Schedula.OutputType.ALL
    return Schedula.OutputType.VALUES if len(outputs) == 1 else Schedula.OutputType.LIST


class _Wrapper(object):
    """What the wrappers share: built by __new__ from the library's
    constructor (with schedula's keywords), named as schedula names them,
    the model (`dsp`) and the solution of the last call (`solution`)."""

    _py_name = None

    def __init__(self, *args, **kwargs):
        # made by __new__
        pass

    @property
    def __name__(self):
        return self._py_name or self.get_name()

    @property
    def name(self):
        return self.__name__

    @property
    def function_id(self):
        return self.__name__

    @property
    def dsp(self):
        return self.get_dispatcher()

    @property
    def solution(self):
        return self.dup_solution()

    @property
    def outputs(self):
        outputs = self.get_outputs()
        return None if outputs is None else _ids_out(outputs)

    def __repr__(self):
        return '<%s %r>' % (type(self).__name__, self.__name__)

    def _result(self, value):
        outputs = self.get_outputs()
        kind = _resolved_output_type(self.get_output_type(), outputs)
        return _selected(value, kind, len(outputs or ()))


class SubDispatch(_Wrapper, Schedula.SubDispatch):
    """schedula's SubDispatch: a dispatcher as a function of mappings of
    inputs, merged left to right; returns what @output_type says ('all':
    the solution; 'list', 'dict', 'values': the @outputs). An output that
    was not reached raises DispatcherError. As a node function, the
    solution becomes the node's (workflow attribute `solution`)."""

    def __new__(cls, dsp, outputs=None, inputs_dist=None, wildcard=False, no_call=False,
                shrink=False, rm_unused_nds=False, output_type='all', function_id=None,
                output_type_kw=None):
        _unsupported(output_type_kw=output_type_kw)
        options = _dispatch_options(inputs_dist, wildcard, no_call, shrink, rm_unused_nds)
        self = Schedula.SubDispatch.new(dsp, _ids(outputs),
                                        _output_type(output_type, Schedula.OutputType.ALL),
                                        options)
        self._py_name = function_id
        return self

    def __call__(self, *input_dicts, copy_input_dicts=False, _stopper=None, _executor=False,
                 _sol_name=(), _verbose=False):
        if copy_input_dicts:
            input_dicts = _copy.deepcopy(input_dicts)
        return self._result(_call_function(self, input_dicts))


SubDispatch = override(SubDispatch)
_export(SubDispatch, 'SubDispatch')


def _new_model_function(wrapper, dsp, function_id, inputs, outputs, inputs_dist, wildcard,
                        shrink, output_type):
    """Makes a SubDispatchFunction or a pipe (@wrapper is the library's
    class) with schedula's arguments; keeps the output type, which the
    library does not tell."""
    options = _dispatch_options(inputs_dist, wildcard, shrink=shrink, always=True)
    kind = _output_type(output_type, Schedula.OutputType.DEFAULT)
    try:
        self = wrapper.new(dsp, None if function_id is None else str(function_id),
                           _ids(inputs), _ids(outputs), kind, options)
    except GLib.Error as error:
        raise _construction_exception(error) from None
    self._py_output_type = kind
    return self


class SubDispatchFunction(_Wrapper, Schedula.SubDispatchFunction):
    """schedula's SubDispatchFunction: a model as a function of @inputs
    (positional or keyword arguments; other keywords are more inputs) that
    returns @outputs (one: its value; several: a list; none: the
    solution). The model is shrunk to them (unless @shrink is false); an
    output it does not have raises ValueError. A call raises TypeError for
    bad arguments, DispatcherError for outputs not reached."""

    def __new__(cls, dsp, function_id=None, inputs=None, outputs=None, inputs_dist=None,
                shrink=True, wildcard=True, output_type=None, output_type_kw=None,
                first_arg_as_kw=False):
        _unsupported(output_type_kw=output_type_kw, first_arg_as_kw=first_arg_as_kw)
        return _new_model_function(Schedula.SubDispatchFunction, dsp, function_id, inputs,
                                   outputs, inputs_dist, wildcard, shrink, output_type)

    @property
    def inputs(self):
        inputs = self.get_inputs()
        return None if inputs is None else _ids_out(inputs)

    @property
    def __signature__(self):
        return _input_signature(self, 'kw')

    def get_output_type(self):
        return _output_type_of(self)

    def __call__(self, *args, _stopper=None, _executor=False, _sol_name=(), _verbose=False,
                 **kwargs):
        return self._result(_call_function(self, args, kwargs))


def _input_signature(f, var_keyword):
    """schedula's signature of a function made of a model: its inputs (with
    the model's defaults), then **@var_keyword if given. Ids need not be
    identifiers: no validation."""
    defaults = f.dsp.default_values
    params = []
    for name in f.inputs or ():
        p = inspect.Parameter('par', inspect.Parameter.POSITIONAL_OR_KEYWORD)
        p._name = name
        if name in defaults:
            p._default = defaults[name]['value']
        params.append(p)
    if var_keyword:
        params.append(inspect.Parameter(var_keyword, inspect.Parameter.VAR_KEYWORD))
    return inspect.Signature(params, __validate_parameters__=False)


def _output_type_of(f):
    """The output type a SubDispatchFunction or a pipe was made with (the
    library does not tell it): kept by the override."""
    return f.__dict__.get('_py_output_type', Schedula.OutputType.DEFAULT)


SubDispatchFunction = override(SubDispatchFunction)
_export(SubDispatchFunction, 'SubDispatchFunction')


class _PipeWrapper(_Wrapper):
    """What SubDispatchPipe and DispatchPipe share; `_py_wrapper` is the
    library's class."""

    def __new__(cls, dsp, function_id=None, inputs=None, outputs=None, inputs_dist=None,
                no_domain=True, wildcard=True, shrink=True, output_type=None,
                output_type_kw=None, first_arg_as_kw=False):
        _unsupported(no_domain=not no_domain, output_type_kw=output_type_kw,
                     first_arg_as_kw=first_arg_as_kw)
        return _new_model_function(cls._py_wrapper, dsp, function_id, inputs, outputs,
                                   inputs_dist, wildcard, shrink, output_type)

    @property
    def dsp(self):
        return self.get_pipe().get_dispatcher()

    @property
    def inputs(self):
        inputs = self.get_pipe().get_inputs()
        return None if inputs is None else _ids_out(inputs)

    @property
    def pipe(self):
        """The compiled pipe (a Schedula.Pipe)."""
        return self.get_pipe()

    @property
    def __signature__(self):
        return _input_signature(self, None)

    def get_outputs(self):
        return self.get_pipe().get_outputs()

    def get_output_type(self):
        return _output_type_of(self)

    def __call__(self, *args, _stopper=None, _executor=False, _sol_name=(), _verbose=False,
                 **kwargs):
        return self._result(_call_function(self, args, kwargs))


class SubDispatchPipe(_PipeWrapper, Schedula.SubDispatchPipe):
    """schedula's SubDispatchPipe: SubDispatchFunction over a pipe compiled
    once (the visiting order of the model from @inputs to @outputs) and
    replayed at each call without a search; input domains are not checked.
    When a step fails the replay stops, and an output it did not reach
    raises DispatcherError. Keywords other than the inputs raise
    TypeError."""

    _py_wrapper = Schedula.SubDispatchPipe


SubDispatchPipe = override(SubDispatchPipe)
_export(SubDispatchPipe, 'SubDispatchPipe')


class DispatchPipe(_PipeWrapper, Schedula.DispatchPipe):
    """schedula's DispatchPipe: SubDispatchPipe that does not go around
    failures: a step that fails raises DispatcherError('The pipe is not
    respected.'). Its solution is not the node's."""

    _py_wrapper = Schedula.DispatchPipe


DispatchPipe = override(DispatchPipe)
_export(DispatchPipe, 'DispatchPipe')


def _recursive_mapping(recursive_inputs):
    """MapDispatch's recursive_inputs (a list of ids, or a dict that renames
    them) as a Schedula.Mapping."""
    if not recursive_inputs:
        return None
    if isinstance(recursive_inputs, collections.abc.Mapping):
        return _key_map(recursive_inputs)
    return Schedula.Mapping.new_identity(_ids(recursive_inputs))


class MapDispatch(_Wrapper, Schedula.MapDispatch):
    """schedula's MapDispatch: one model over a list of input sets. A call
    f(inputs, defaults=None, recursive_inputs=None) runs a SubDispatch of
    the model (made with @constructor_kwargs: outputs, output_type) on each
    input set merged over the defaults, and returns the list of the
    results; with @recursive_inputs, the selected outputs of each run
    (renamed by a dict) go under the inputs of the next."""

    def __new__(cls, dsp, defaults=None, recursive_inputs=None, constructor=None,
                constructor_kwargs=None, function_id=None, func_kw=None,
                input_label='inputs<{}>', output_label='outputs<{}>', data_label='data<{}>',
                cluster_label='task<{}>', **kwargs):
        kw = dict(constructor_kwargs or {})
        outputs = kw.pop('outputs', None)
        output_type = kw.pop('output_type', 'all')
        if constructor is not None and constructor is not SubDispatch:
            _unsupported(constructor=constructor)
        for k, v in kw.items():
            _unsupported(**{'constructor_kwargs[%r]' % k: repr(v)})
        _unsupported(func_kw=func_kw)
        self = Schedula.MapDispatch.new(dsp, _dict_of(defaults) if defaults else None,
                                        _recursive_mapping(recursive_inputs), _ids(outputs),
                                        _output_type(output_type, Schedula.OutputType.ALL))
        self._py_name = function_id
        self._py_model = (dsp, defaults, outputs, output_type)
        return self

    @property
    def dsp(self):
        return self._py_model[0]

    @property
    def solution(self):
        raise AttributeError('MapDispatch keeps no solution: the library maps the input '
                             'sets without an intermediate dispatcher')

    def __call__(self, inputs, defaults=None, recursive_inputs=None, _stopper=None,
                 _executor=False, _sol_name=(), _verbose=False):
        dsp, base, outputs, output_type = self._py_model
        f = self
        if recursive_inputs:
            f = MapDispatch(dsp, base, recursive_inputs,
                            constructor_kwargs={'outputs': outputs, 'output_type': output_type})
        args = (list(inputs),) if defaults is None else (list(inputs), defaults)
        results = _call_function(f, args)
        kind = _output_type(output_type, Schedula.OutputType.ALL)
        n = len(_ids(outputs) or ())
        return [_selected(r, kind, n) for r in results]


MapDispatch = override(MapDispatch)
_export(MapDispatch, 'MapDispatch')


class Pipe(Schedula.Pipe):
    """A compiled pipe of a model (what SubDispatchPipe replays): Pipe(dsp,
    inputs, outputs) compiles it; run(inputs) (or calling it) replays it on
    a mapping of input values and returns the solution."""

    def __new__(cls, dsp, inputs=None, outputs=None, inputs_dist=None, wildcard=True,
                shrink=True):
        options = _dispatch_options(inputs_dist, wildcard, shrink=shrink, always=True)
        try:
            return Schedula.Pipe.new(dsp, _ids(inputs), _ids(outputs), options)
        except GLib.Error as error:
            raise _construction_exception(error) from None

    def __init__(self, *args, **kwargs):
        # made by __new__
        pass

    @property
    def dsp(self):
        return self.get_dispatcher()

    def run(self, inputs=None, stopper=None):
        """Replays the pipe on @inputs (a mapping); returns the solution.
        Whether every step produced its value is `completed` on the
        solution's Python side."""
        _last_exception.value = None
        try:
            with _Stopper(stopper) as cancellable:
                try:
                    sol, completed = Schedula.Pipe.run(self, _inputs_table(inputs), cancellable)
                except GLib.Error as error:
                    _check_stop(error)
                    raise _dispatch_exception(error, self.get_dispatcher().get_solution()) \
                        from None
        finally:
            _last_exception.value = None
        sol.completed = completed
        return sol

    __call__ = run


Pipe = override(Pipe)
_export(Pipe, 'Pipe')


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
    synchronous dispatch returns.

    - result(timeout=None) waits and returns the Solution (the selected
      outputs with select_output_kw), or raises the dispatch's exception
      (DispatcherError, DispatcherAbort when a stopper stopped it, ...);
      concurrent.futures.TimeoutError when @timeout passes first.
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

    As the Solution schedula returns for an asynchronous dispatch, the
    future also reads as the solution, waiting for it: fut['b'], 'b' in
    fut, list(fut), fut.dist, fut.workflow, fut == {...} are those of
    fut.result().

    The dispatch's thread is not a daemon: the interpreter waits for the
    dispatches that still run before it exits, as for the threads of
    concurrent.futures; shutdown_executors() waits for them too."""

    def __init__(self, cancellable=None):
        super().__init__()
        self._cancellable = cancellable

    def cancel(self):
        if not super().cancel():
            return False
        if self._cancellable is not None:
            self._cancellable.cancel()
        return True

    def running(self):
        return not self.done()

    # -- the solution, once known -------------------------------------------

    def __getitem__(self, key):
        return self.result()[key]

    def __contains__(self, key):
        return key in self.result()

    def __iter__(self):
        return iter(self.result())

    def __len__(self):
        return len(self.result())

    def keys(self):
        return self.result().keys()

    def values(self):
        return self.result().values()

    def items(self):
        return self.result().items()

    def get(self, key, default=None):
        return self.result().get(key, default)

    def __eq__(self, other):
        if isinstance(other, concurrent.futures.Future):
            return self is other
        return self.result() == other

    def __ne__(self, other):
        return not self == other

    __hash__ = concurrent.futures.Future.__hash__

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return getattr(self.result(), name)


collections.abc.Mapping.register(DispatchFuture)
_export(DispatchFuture, 'DispatchFuture')

# The threads of the dispatches that run in the background
_background = set()
_background_lock = threading.Lock()


def _in_background(call, cancellable):
    """Runs @call() in a thread of its own; a DispatchFuture of its
    result. The thread is not a daemon: the interpreter waits for running
    dispatches before it exits (as for concurrent.futures' threads)."""
    future = DispatchFuture(cancellable)

    def run():
        try:
            try:
                result = call()
            except BaseException as exc:
                if future.set_running_or_notify_cancel():
                    future.set_exception(exc)
                del exc
            else:
                if future.set_running_or_notify_cancel():
                    future.set_result(result)
                del result
        finally:
            with _background_lock:
                _background.discard(thread)

    thread = threading.Thread(target=run, name='schedula-dispatch')
    with _background_lock:
        _background.add(thread)
    thread.start()
    return future


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
    end first, as schedula waits for the futures of its executors; then the
    library stops the executors: calls still queued fail, worker processes
    end (one busy with a call is killed), and it returns once the calls
    running in this process ended. Returns the names of the executors it
    stopped, sorted (schedula returns a dict by name: both iterate over the
    names)."""
    if wait:
        _wait_background()
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
# directory of the gi package. Its command is this interpreter, the script,
# then the directories of sys.path (the worker puts them in front of its own,
# as multiprocessing's spawn does, so that python: references import the
# same modules); it follows changes of sys.path at the next dispatch with a
# process executor.
_WORKER = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'schedula_worker.py')
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


# ===========================================================================
# Plots (issue 10: libschedula-glib/plot). Begin of the plot block: what
# follows adds schedula's plot() and to_dot() to Dispatcher and Solution
# (the library's PlotMap, PlotOptions and PlotPage do the work). It is only
# there when the library was built with the plot feature.
# ===========================================================================

if hasattr(Schedula, 'PlotMap'):

    # schedula's names of the table rows (node_data, node_function,
    # edge_data) -> the library's PlotRows; the title ('-', '?'), links
    # ('*...') and graphviz attributes ('.tooltip') are always there, and
    # started/duration are not recorded by the library.
    _PLOT_ROWS = {
        'default_values': Schedula.PlotRows.DEFAULT_VALUE,
        'wait_inputs': Schedula.PlotRows.WAIT_INPUTS,
        'await_result': Schedula.PlotRows.AWAIT,
        'await_domain': Schedula.PlotRows.AWAIT,
        'function': Schedula.PlotRows.FUNCTION,
        'solution': Schedula.PlotRows.FUNCTION,
        'input_domain': Schedula.PlotRows.DOMAIN,
        'solution_domain': Schedula.PlotRows.DOMAIN,
        'weight': Schedula.PlotRows.WEIGHT,
        'remote_links': Schedula.PlotRows.REMOTE_LINKS,
        'filters': Schedula.PlotRows.FILTERS,
        'solution_filters': Schedula.PlotRows.FILTERS,
        'missing_inputs_outputs': Schedula.PlotRows.MISSING,
        'distance': Schedula.PlotRows.DISTANCE,
        'error': Schedula.PlotRows.ERROR,
        'output': Schedula.PlotRows.VALUE,
        'inp_id': Schedula.PlotRows.PORTS,
        'out_id': Schedula.PlotRows.PORTS,
        'value': Schedula.PlotRows.EDGE_VALUE,
        'started': Schedula.PlotRows.NONE,
        'duration': Schedula.PlotRows.NONE,
        'wildcard': Schedula.PlotRows.NONE,
    }
    _PLOT_DEFAULT_ROWS = {
        'node_data': ('-', '.tooltip', '!default_values', 'wait_inputs', 'await_result',
                      '+function|solution', 'weight', 'remote_links',
                      '+filters|solution_filters', 'distance', '!error', '*output'),
        'node_function': ('-', '.tooltip', 'await_domain', 'await_result',
                          '+input_domain|solution_domain', 'weight',
                          '+filters|solution_filters', 'missing_inputs_outputs', 'distance',
                          'started', 'duration', '!error', '*function|solution'),
        'edge_data': ('?', '+wildcard', 'inp_id', 'out_id', 'weight'),
    }

    def _plot_rows(names, keyword):
        rows = Schedula.PlotRows.NONE
        for name in names:
            if name in ('-', '?') or name[:1] in ('*', '.'):
                continue
            for part in name.lstrip('+!').split('|'):
                try:
                    rows |= _PLOT_ROWS[part]
                except KeyError:
                    raise ValueError('%s: %r is not a row the plots have (%s)' % (
                        keyword, part, ', '.join(sorted(_PLOT_ROWS)))) from None
        return rows

    def _plot_text(value):
        """A value as schedula's plots write it: a string as itself, a
        function as its source, anything else pprint'ed."""
        import datetime
        import pprint
        value = parent_func(from_value(value))
        if inspect.isfunction(value):
            try:
                return inspect.getsource(value)
            except Exception:
                pass
        if isinstance(value, (datetime.datetime, datetime.timedelta)):
            return str(value)
        if isinstance(value, str):
            return value
        try:
            return pprint.pformat(value, width=200, compact=True)
        except Exception as exc:
            return '<%s: %s>' % (type(value).__name__, exc)

    def plot_options(depth=-1, clusters=False, node_data=None, node_function=None,
                     edge_data=None, max_lines=None, max_width=None, name=None, rows=None):
        """Schedula.PlotOptions from schedula's plot() keywords: @depth (-1
        all levels, 0 none), @clusters (sub-dispatchers as clusters of one
        graph instead of pages), @node_data, @node_function and @edge_data
        (schedula's row names; or @rows, Schedula.PlotRows), @max_lines,
        @max_width and @name (the first page's). Values are written as
        schedula writes them (pprint)."""
        options = Schedula.PlotOptions.new()
        options.set_depth(-1 if depth is None or depth < 0 else depth)
        if clusters:
            options.set_layout(Schedula.PlotLayout.CLUSTERS)
        if rows is None:
            rows = Schedula.PlotRows.NONE
            for keyword, given in (('node_data', node_data), ('node_function', node_function),
                                   ('edge_data', edge_data)):
                rows |= _plot_rows(_PLOT_DEFAULT_ROWS[keyword] if given is None else given,
                                   keyword)
        options.set_rows(rows)
        if max_lines is not None:
            options.set_max_lines(max_lines)
        if max_width is not None:
            options.set_max_width(max_width)
        if name:
            options.set_title(name)
        options.set_value_func(_plot_text)
        return options

    _export(plot_options)

    def _plot_file_name(title, ext):
        """schedula's file names: letters, digits and -_.() only, spaces as _"""
        keep = set('-_.() abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
        name = ''.join(c for c in title if c in keep).replace(' ', '_')
        return '%s.%s' % (name or 'plot', ext)

    class SiteFolder(object):
        """A page of a plot (schedula's SiteFolder): a model (label 'dmap')
        or a workflow ('workflow')."""

        def __init__(self, page):
            self.page = page

        @property
        def name(self):
            return self.page.get_name()

        title = name

        @property
        def label_name(self):
            return self.page.get_label()

        @property
        def workflow(self):
            return self.page.get_label() == 'workflow'

        @property
        def path(self):
            return tuple(self.page.get_path())

        @property
        def nodes(self):
            """The ids of the nodes the page draws, in its order (the special
            nodes as the tokens START, SINK, ..., and '$END', '$EMPTY')."""
            return [_id_out(i) for i in self.page.dup_node_ids()]

        @property
        def dsp(self):
            return self.page.get_dispatcher()

        @property
        def item(self):
            return self.page.get_solution() or self.page.get_dispatcher()

        def dot(self):
            """The page alone, as DOT text."""
            return self.page.to_dot()

        def _repr_svg_(self):
            return self.page.to_svg()

        def __repr__(self):
            return self.name

    _export(SiteFolder)

    class SiteMap(collections.OrderedDict):
        """What plot() returns (schedula's SiteMap): an ordered mapping of
        the pages (SiteFolder) to the SiteMaps of the pages they open, over
        a Schedula.PlotMap (`plot_map`). render() writes it; `path` is the
        file plot() wrote, if it wrote one."""

        def __init__(self, plot_map=None):
            super(SiteMap, self).__init__()
            self.plot_map = plot_map
            self.path = None
            if plot_map is not None:
                pages = [plot_map.get_item(i) for i in range(plot_map.get_n_items())]
                self._fill(pages, -1)

        def _fill(self, pages, position):
            for page in pages:
                parent = page.dup_parent()
                if (-1 if parent is None else parent.get_position()) == position:
                    sub = SiteMap()
                    sub.plot_map = self.plot_map
                    sub._fill(pages, page.get_position())
                    self[SiteFolder(page)] = sub

        def __repr__(self):
            return '%s({%s})' % (self.__class__.__name__, ', '.join(
                '%r: %r' % (k, v) for k, v in self.items()))

        def to_dot(self):
            """The plot as DOT: its first page, or every page in clusters."""
            return self.plot_map.to_dot()

        def to_svg(self):
            return self.plot_map.to_svg()

        def to_html(self):
            return self.plot_map.to_html()

        def _repr_svg_(self):
            return self.plot_map.to_svg()

        def render(self, directory=None, view=False, format=None, filename=None):
            """Writes the plot into @directory (a new temporary directory
            when None), as @format: 'html' (the HTML view), 'svg' or 'dot'
            (by default 'html', or 'dot' when the library has no graphviz);
            @filename is the file's name (by default the first page's).
            With @view, opens it with the desktop's application for it.
            Returns the path of the file."""
            import tempfile
            if format is None:
                format = 'html' if Schedula.HAS_GRAPHVIZ else 'dot'
            if directory is None:
                directory = tempfile.mkdtemp(prefix='schedula-plot-')
            else:
                os.makedirs(directory, exist_ok=True)
            title = self.plot_map.get_root().get_name()
            path = os.path.join(directory, filename or _plot_file_name(title, format))
            _call(self.plot_map.write, path)
            self.path = path
            if view:
                _plot_view(path)
            return path

    _export(SiteMap)

    def _plot_view(path):
        """Opens @path with the desktop's default application for it (a
        browser for the HTML view)."""
        uri = GLib.filename_to_uri(os.path.abspath(path), None)
        try:
            Gio.AppInfo.launch_default_for_uri(uri, None)
        except GLib.Error as error:
            logging.getLogger('schedula').warning('cannot open %s: %s', uri, error.message)

    def _plot_unsupported(kwargs):
        """schedula's plot() keywords for its Flask site and its own
        rendering: index, viz and render are accepted (the HTML view has no
        index page, needs no viz.js, and plot() always writes); the others
        are refused."""
        for key, value in kwargs.items():
            if key not in ('index', 'viz', 'render', 'executor') and value:
                raise ValueError('plot(%s=%r): libschedula-glib\'s plots do not have this '
                                 'option of schedula (docs/plots.md)' % (key, value))

    def _plot(plot_map, view, directory, format, filename):
        sitemap = SiteMap(plot_map)
        sitemap.render(directory=directory, view=view, format=format, filename=filename)
        return sitemap

    def _dispatcher_plot(self, workflow=None, view=True, depth=-1, name=None, directory=None,
                         format=None, filename=None, clusters=False, node_data=None,
                         node_function=None, edge_data=None, max_lines=None, max_width=None,
                         rows=None, **kwargs):
        """schedula's Dispatcher.plot(): plots the model (with @workflow,
        the workflow of its last solution) into @directory (a temporary one
        by default) as an HTML view (@format 'svg' or 'dot' for those), and
        with @view opens it in the browser. Returns the SiteMap of the
        pages; its `path` is the file written. Keywords of schedula that
        this library does not have (sites, index, viz, render, ...) are
        refused."""
        _plot_unsupported(kwargs)
        options = plot_options(depth=depth, clusters=clusters, node_data=node_data,
                               node_function=node_function, edge_data=edge_data,
                               max_lines=max_lines, max_width=max_width, name=name, rows=rows)
        if workflow:
            sol = self.solution
            if sol is None:
                raise ValueError('plot(workflow=True): the dispatcher has no solution yet')
            return _plot(_call(Schedula.PlotMap.new_for_solution, sol, options),
                         view, directory, format, filename)
        return _plot(Schedula.PlotMap.new_for_dispatcher(self, options),
                     view, directory, format, filename)

    def _solution_plot(self, workflow=None, view=True, depth=-1, name=None, directory=None,
                       format=None, filename=None, clusters=False, node_data=None,
                       node_function=None, edge_data=None, max_lines=None, max_width=None,
                       rows=None, **kwargs):
        """schedula's Solution.plot(): plots the workflow of the solution
        (with workflow=False, its model), as Dispatcher.plot() does."""
        _plot_unsupported(kwargs)
        options = plot_options(depth=depth, clusters=clusters, node_data=node_data,
                               node_function=node_function, edge_data=edge_data,
                               max_lines=max_lines, max_width=max_width, name=name, rows=rows)
        if workflow is False:
            return _plot(Schedula.PlotMap.new_for_dispatcher(self.dsp, options),
                         view, directory, format, filename)
        return _plot(_call(Schedula.PlotMap.new_for_solution, self, options),
                     view, directory, format, filename)

    def _dispatcher_to_dot(self, options=None, **kwargs):
        """The model as DOT text: @options (Schedula.PlotOptions), or
        plot_options()'s keywords."""
        if options is None:
            options = plot_options(**kwargs)
        return _call(Schedula.Dispatcher.to_dot, self, options)

    def _solution_to_dot(self, options=None, **kwargs):
        """The workflow of the solution as DOT text: @options
        (Schedula.PlotOptions), or plot_options()'s keywords."""
        if options is None:
            options = plot_options(**kwargs)
        return _call(Schedula.Solution.to_dot, self, options)

    Dispatcher.plot = _dispatcher_plot
    Dispatcher.to_dot = _dispatcher_to_dot
    Solution.plot = _solution_plot
    Solution.to_dot = _solution_to_dot

# ===========================================================================
# End of the plot block
# ===========================================================================


# ===========================================================================
# Model files (issue 10: libschedula-glib/io). Begin of the io block:
# schedula's save_dispatcher / load_dispatcher, save_default_values /
# load_default_values, save_map / load_map (schedula.utils.io), in the
# library's schedula-model/1 format (JSON) instead of dill; and the
# resolvers of the python: and dill: references that model files hold.
# ===========================================================================

if hasattr(Schedula, 'FunctionRegistry'):
    import importlib

    _ROLE = Schedula.FunctionRole

    def _python_reference(func):
        """python:MODULE:QUALNAME for a callable another process can import
        by that name, else None (a lambda, a closure, a function of the
        script): a model file names those by name, for the registry."""
        module = getattr(func, '__module__', None)
        qualname = getattr(func, '__qualname__', None)
        if not isinstance(module, str) or not isinstance(qualname, str) or module == '__main__':
            return None
        obj = sys.modules.get(module)
        if getattr(obj, '__spec__', None) is None:
            return None
        for part in qualname.split('.'):
            obj = getattr(obj, part, None)
        return 'python:%s:%s' % (module, qualname) if obj is func else None

    def _wrapped_model(f):
        """The model a function wrapper dispatches, or None."""
        if isinstance(f, (Schedula.SubDispatch, Schedula.SubDispatchFunction)):
            return f.get_dispatcher()
        if isinstance(f, (Schedula.SubDispatchPipe, Schedula.DispatchPipe)):
            return f.get_pipe().get_dispatcher()
        if isinstance(f, Schedula.MapDispatch):
            model = f.__dict__.get('_py_model')
            return model[0] if model else None
        return None

    def _node_functions(node):
        if isinstance(node, Schedula.DataNode):
            return [node.get_combiner(), node.get_callback()] + list(node.get_filters() or ())
        if isinstance(node, Schedula.FunctionNode):
            return [node.get_function(), node.get_input_domain()] + list(node.get_filters() or ())
        return [node.get_input_domain()]

    def _give_file_references(dsp):
        """The Python functions of @dsp, of its sub-dispatchers and of the
        models of its wrappers get their python: reference, when they have
        one and no reference yet: a model file names them so."""
        seen = set()
        stack = [dsp]
        while stack:
            d = stack.pop()
            if d in seen:
                continue
            seen.add(d)
            for i in range(d.get_n_items()):
                node = d.get_item(i)
                if isinstance(node, Schedula.DispatcherNode):
                    stack.append(node.get_child())
                for f in _node_functions(node):
                    if f is None:
                        continue
                    model = _wrapped_model(f)
                    if model is not None:
                        stack.append(model)
                        continue
                    func = f.__dict__.get('py_function')
                    if func is not None and f.get_ref() is None:
                        ref = _python_reference(func)
                        if ref is not None:
                            f.set_ref(ref)

    def _function_for_role(func, role, ref):
        """A Python callable as the Schedula.Function of its place in the
        model: combiners and sub-dispatcher domains take one dict,
        callbacks report errors with str()."""
        if role in (_ROLE.COMBINER, _ROLE.DISPATCHER_DOMAIN):
            f = keyword_function(func)
        elif role == _ROLE.CALLBACK:
            f = function(func, describe=str)
        else:
            f = function(func)
        if f.get_ref() is None:
            f.set_ref(ref)
        return f

    def _resolve_error(ref, exc):
        return GLib.Error('cannot resolve %s: %s: %s' % (ref, type(exc).__name__, exc),
                          GLib.quark_to_string(Schedula.model_file_error_quark()),
                          int(Schedula.ModelFileError.UNKNOWN_FUNCTION))

    def _resolve_python(ref, role, *user_data):
        """The resolver of python:MODULE:QUALNAME references: imports
        MODULE and takes QUALNAME in it."""
        try:
            prefix, module, qualname = ref.split(':', 2)
            obj = importlib.import_module(module)
            for part in qualname.split('.'):
                obj = getattr(obj, part)
            if not callable(obj):
                raise TypeError('%s.%s is not callable' % (module, qualname))
        except Exception as exc:
            raise _resolve_error(ref, exc) from None
        return _function_for_role(obj, role, ref)

    def _resolve_dill(ref, role, *user_data):
        """The resolver of dill:BASE64 references (what the executors give
        the functions that cannot be imported): unpickles the function."""
        dill = _load_dill()
        if not dill:
            raise _resolve_error(ref, ImportError('dill is not installed'))
        try:
            obj = dill.loads(base64.b64decode(ref[len('dill:'):]))
        except Exception as exc:
            raise _resolve_error(ref, exc) from None
        return _function_for_role(obj, role, ref)

    _default_registry = Schedula.FunctionRegistry.get_default()
    _default_registry.add_resolver('python', _resolve_python)
    _default_registry.add_resolver('dill', _resolve_dill)

    def _dispatchers_of(dsp):
        """@dsp, its sub-dispatchers and the models of its wrappers."""
        seen = []
        stack = [dsp]
        while stack:
            d = stack.pop()
            if d in seen:
                continue
            seen.append(d)
            for i in range(d.get_n_items()):
                node = d.get_item(i)
                if isinstance(node, Schedula.DispatcherNode):
                    stack.append(node.get_child())
                for f in _node_functions(node):
                    model = _wrapped_model(f) if f is not None else None
                    if model is not None:
                        stack.append(model)
        return seen

    _RAISES_PY = {Schedula.Raises.RECORD: False, Schedula.Raises.RECORD_SILENTLY: '',
                  Schedula.Raises.RAISE: True}

    def _loaded(dsp):
        """What the binding keeps of a dispatcher (its raises, as schedula's
        value) after the library loaded it or re-initialised it."""
        for d in _dispatchers_of(dsp):
            d._py_raises = _RAISES_PY.get(d.get_raises(), False)
        return dsp

    def _load_flags(allow_refs):
        if allow_refs:
            return Schedula.LoadFlags.ALLOW_REFS | Schedula.LoadFlags.ALLOW_CODECS
        return Schedula.LoadFlags.NONE

    def _file_call(method, path, *args):
        """Calls @method with the path @path; a missing file raises
        FileNotFoundError, as schedula's open() would."""
        path = os.fspath(path)
        try:
            return method(path, *args)
        except GLib.Error as error:
            if error.matches(GLib.file_error_quark(), GLib.FileError.NOENT) or \
                    error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND):
                raise FileNotFoundError(2, error.message, path) from None
            raise

    def value_to_json(x):
        """@x in the JSON of model files, one line (the library's values as
        plain JSON, Python objects through the pickle codec)."""
        return Schedula.value_to_json(to_value(x))

    _export(value_to_json)

    def value_from_json(text, name=None, allow_codecs=False):
        """Not from Python: PyGObject 3.42 frees a dict or a sequence of the
        library that an out GValue holds before Python reads it. Python's
        json module reads the plain forms; load_default_values() reads
        values of model files."""
        raise NotImplementedError('Schedula.value_from_json() is for C, GJS and Vala: from '
                                  'Python, use the json module (or load_default_values() '
                                  'for the values of a model file)')

    _export(value_from_json)

    def save_dispatcher(dsp, path):
        """schedula's save_dispatcher(): writes the whole model to the file
        @path (schedula-model/1, JSON). Python functions are written by
        reference (python:MODULE:QUALNAME) when another process can import
        them, else by name; Python values that are not the library's own
        (ints, floats, strings, booleans, NONE, Dicts) are pickled."""
        _give_file_references(dsp)
        _file_call(dsp.save_to_file, path)

    def load_dispatcher(path, allow_refs=False, registry=None):
        """schedula's load_dispatcher(): the model of the file @path.
        Functions stored by name are looked up in @registry (by default
        Schedula.FunctionRegistry.get_default(); add yours with its add());
        with @allow_refs, functions stored by reference are imported
        (python:), unpickled (dill:) or loaded (c:), and pickled values are
        unpickled: only for files you trust."""
        return _loaded(_file_call(
            lambda p: Schedula.Dispatcher.new_from_file(p, registry, _load_flags(allow_refs)), path))

    def save_default_values(dsp, path):
        """schedula's save_default_values(): writes the default values of
        @dsp (its own data nodes) to the file @path."""
        _file_call(dsp.save_default_values, path)

    def load_default_values(dsp, path, allow_refs=False):
        """schedula's load_default_values(): @dsp gets the default values of
        the file @path and only those, and is re-initialised as schedula's
        dsp.__init__ does (name, raises, executor back to a new
        dispatcher's). With @allow_refs, pickled values are unpickled."""
        _file_call(lambda p: dsp.load_default_values(p, _load_flags(allow_refs)), path)
        _loaded(dsp)

    def save_map(dsp, path):
        """schedula's save_map(): writes the graph of @dsp (its nodes and
        edges, its sub-dispatchers whole) without its own default values."""
        _give_file_references(dsp)
        _file_call(dsp.save_map, path)

    def load_map(dsp, path, allow_refs=False, registry=None):
        """schedula's load_map(): @dsp gets the graph of the file @path and
        keeps its default values (of the nodes the graph has), re-initialised
        as schedula's dsp.__init__ does. @allow_refs and @registry as for
        load_dispatcher()."""
        _file_call(lambda p: dsp.load_map(p, registry, _load_flags(allow_refs)), path)
        _loaded(dsp)

    for _f in (save_dispatcher, load_dispatcher, save_default_values, load_default_values,
               save_map, load_map):
        _export(_f)
    del _f

# ===========================================================================
# End of the io block
# ===========================================================================


# ===========================================================================
# The web API (issue 11: libschedula-glib/web). Begin of the web block:
# schedula's dsp.web() over the library's Schedula.WebServer. A Site serves
# in a thread of its own, with its own main context and main loop, so that
# a script that runs no main loop serves all the same. It is only there
# when the library was built with the web feature.
# ===========================================================================

if hasattr(Schedula, 'WebServer'):

    # schedula's keywords of web() that the library's server does not have,
    # with the value that asks for nothing: accepted at that value only
    _WEB_DEFAULTS = {
        'node_data': None,            # '+set_value': data nodes as endpoints
        'node_function': None,        # other attributes of functions as endpoints
        'directory': None,            # where schedula writes the Flask app
        'sites': None,                # a set that keeps the sites alive
        'subsite_idle_timeout': 600,  # of the debug sub-sites
        'debug': False,               # plots of each call's workflow
    }

    def _web_unsupported(kwargs):
        for key, value in kwargs.items():
            if key not in _WEB_DEFAULTS:
                raise TypeError('web() got an unexpected keyword argument %r' % key)
            if value is not NONE and value != _WEB_DEFAULTS[key]:
                raise ValueError('web(%s=%r): libschedula-glib\'s web server does not have '
                                 'this option of schedula (docs/web.md)' % (key, value))

    def _server_depth(depth):
        """The server's depth (levels of sub-dispatchers below the model)
        of schedula's web(depth=) (levels of its site: the model is the
        first, so 2 opens the sub-dispatchers of the model; 0 and 1 give
        the model's nodes alone)."""
        if depth is None or depth < 0:
            return -1
        return max(depth - 1, 0)

    class _Serving(object):
        """A Schedula.WebServer serving in a thread of its own: the thread
        pushes a new main context as its thread-default one, listens there
        and runs a main loop on it until stop(). It holds no reference to
        its Site, which shuts it down when collected."""

        def __init__(self, server, host, port):
            self.server = server
            self.url = self.port = None
            self._context = None
            self._loop = None
            self._error = None
            self._ready = threading.Event()
            self._thread = threading.Thread(target=self._serve, args=(host, port),
                                            name='schedula-site', daemon=True)
            self._thread.start()
            self._ready.wait()
            if self._error is not None:
                self._thread.join()
                raise self._error

        def _serve(self, host, port):
            context = GLib.MainContext.new()
            context.push_thread_default()
            try:
                try:
                    self.server.listen(host, port)
                except GLib.Error as error:
                    self._error = _listen_error(error, host, port)
                    return
                self.port = self.server.get_port()
                self.url = self.server.dup_url()
                self._context = context
                self._loop = GLib.MainLoop.new(context, False)
                self._ready.set()
                self._loop.run()
                self.server.disconnect()
                # what the server still has to finish (closed connections,
                # cancelled requests) runs before the context goes
                while context.pending():
                    context.iteration(False)
            finally:
                context.pop_thread_default()
                self._ready.set()

        def stop(self):
            """Stops serving and waits for the thread; True if it served."""
            if self._loop is None or not self._thread.is_alive():
                return False
            # the loop quits from its own context: a quit() before the loop
            # runs would be lost, an idle source is not
            source = GLib.Idle()
            source.set_callback(lambda *args: self._loop.quit() or GLib.SOURCE_REMOVE)
            source.attach(self._context)
            if threading.current_thread() is not self._thread:
                self._thread.join()
            return True

    def _listen_error(error, host, port):
        """The OSError of a server that cannot listen, as schedula's raises."""
        return OSError('cannot serve on %s:%s: %s' % (host, port, error.message))

    class Site(object):
        """A web server of a model (schedula's Site): run() starts it in a
        thread of its own and returns the Site; `url` ('http://HOST:PORT',
        as schedula's) and `port` say where; shutdown() stops it, as does
        leaving a `with` block or the Site being collected."""

        def __init__(self, webmap, host='127.0.0.1', port=0, token=None, timeout=None,
                     max_request_size=None, executor=None, depth=None):
            self.webmap = webmap
            self.host = host or '127.0.0.1'
            self.port = port or 0
            self.depth = depth
            self.token = token
            self.timeout = timeout
            self.max_request_size = max_request_size
            self.executor = executor
            self._serving = None
            self._finalizer = None

        def __repr__(self):
            return "%s(%r, host='%s', port=%s)" % (self.__class__.__name__, self.webmap,
                                                   self.host, self.port)

        @property
        def url(self):
            return 'http://%s:%s' % (self.host, self.port)

        @property
        def is_running(self):
            return self._serving is not None and self._serving._thread.is_alive()

        @property
        def server(self):
            """The Schedula.WebServer of the running site, or None."""
            return self._serving.server if self.is_running else None

        def run(self, host=None, port=None):
            """Starts serving (again, if it runs: on @host and @port when
            given) and returns the Site. A host or port it cannot listen on
            raises OSError."""
            self.shutdown()
            if host is not None:
                self.host = host
            if port is not None:
                self.port = port
            server = self.webmap.server(token=self.token, timeout=self.timeout,
                                        max_request_size=self.max_request_size,
                                        executor=self.executor, depth=self.depth)
            serving = _Serving(server, self.host, self.port)
            self._serving = serving
            self.port = serving.port
            self._finalizer = weakref.finalize(self, serving.stop)
            return self

        def shutdown(self):
            """Stops the server: a later connection is refused. True when
            it was running."""
            finalizer, self._finalizer = self._finalizer, None
            self._serving = None
            return bool(finalizer is not None and finalizer())

        def __enter__(self):
            if not self.is_running:
                self.run()
            return self

        def __exit__(self, *exc_info):
            self.shutdown()

    _export(Site)

    class WebMap(object):
        """The web API of a model (schedula's WebMap): rules() lists its
        endpoints, site() makes the Site that serves them, server() the
        Schedula.WebServer alone (for a program that runs its own main
        loop)."""

        def __init__(self, dsp, depth=-1):
            self.dsp = dsp
            self.depth = depth

        def __repr__(self):
            return '%s(%s)' % (self.__class__.__name__, self.dsp.name or '')

        def server(self, token=None, timeout=None, max_request_size=None, executor=None,
                   depth=None):
            """A new Schedula.WebServer of the model, not listening yet: its
            listen() serves in the thread-default main context of the thread
            that calls it. @depth (schedula's) replaces the WebMap's."""
            server = Schedula.WebServer.new(self.dsp)
            server.props.depth = _server_depth(self.depth if depth is None else depth)
            if token is not None:
                server.props.token = token
            if timeout is not None:
                server.props.timeout = timeout
            if max_request_size is not None:
                server.props.max_request_size = max_request_size
            if executor is not None:
                server.props.executor = executor
            _prepare_executor(self.dsp, server.props.executor)
            return server

        def rules(self, depth=None, index=False):
            """The endpoints, in order: the path of ids of each (the model's
            name first) -> its URL path without the leading '/'."""
            server = self.server(depth=depth)
            return collections.OrderedDict((tuple(rule.split('/')), rule)
                                           for rule in server.list_endpoints())

        def site(self, host='127.0.0.1', port=0, token=None, timeout=None,
                 max_request_size=None, executor=None, depth=None, run=False, **kwargs):
            """A Site serving the model on @host:@port (port 0: any free
            port), not running until its run() unless @run: @token (a
            bearer token every request must give), @timeout (seconds a
            request may take), @max_request_size (bytes of a request body),
            @executor (of the dispatches; 'async' by default) and @depth
            (schedula's, as web()'s)."""
            for key, value in kwargs.items():
                if key not in ('root_path', 'index') and value:
                    raise ValueError('site(%s=%r): libschedula-glib\'s web server does not '
                                     'have this option of schedula (docs/web.md)' % (key, value))
            site = Site(self, host=host, port=port, token=token, timeout=timeout,
                        max_request_size=max_request_size, executor=executor, depth=depth)
            return site.run() if run else site

        def app(self, *args, **kwargs):
            raise NotImplementedError('WebMap.app(): the library serves the model itself, '
                                      'not as a Flask app: use site(...).run() (docs/web.md)')

    _export(WebMap)

    def _dispatcher_web(self, depth=-1, run=False, **kwargs):
        """schedula's Dispatcher.web(): the WebMap of the model's web API
        (@depth: the levels of sub-dispatchers it opens, -1 all). With
        @run, the running Site of webmap.site() (on 127.0.0.1, any free
        port) instead. Keywords of schedula that the library does not have
        (node_data, sites, debug, ...) are refused."""
        _web_unsupported(kwargs)
        webmap = WebMap(self, depth=depth)
        return webmap.site(run=True) if run else webmap

    def _solution_web(self, depth=-1, run=False, **kwargs):
        """schedula's Solution.web(): the web API of the solution's model
        (a solution does not keep its model: while the model lives)."""
        dsp = self.dsp
        if dsp is None:
            raise ValueError('web(): the dispatcher of this solution is gone (a solution '
                             'does not keep it): call web() of the dispatcher')
        return _dispatcher_web(dsp, depth=depth, run=run, **kwargs)

    Dispatcher.web = _dispatcher_web
    Solution.web = _solution_web

# ===========================================================================
# End of the web block
# ===========================================================================
