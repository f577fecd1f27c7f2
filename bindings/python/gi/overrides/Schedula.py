# Schedula.py: PyGObject overrides for libschedula-glib
#
# schedula's Python API over the C library: keyword methods that return node
# ids, plain Python functions as node functions, and a Solution that is a
# read-only ordered mapping. The overrides only adapt arguments and results;
# the algorithm runs in C.
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import collections.abc
import functools
import inspect
import re
import threading
import traceback
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
    """A two-level distance, as schedula's `inf(inf, num)`: compared as the
    pair (inf, num). Plain numbers are distances with inf = 0."""

    __slots__ = ('_inf', '_num')

    def __init__(self, inf=0, num=0):
        self._inf = inf
        self._num = num

    def __iter__(self):
        yield self._inf
        yield self._num

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

    def _pair(self, other):
        return tuple(other) if isinstance(other, inf) else (0, other)

    def __eq__(self, other):
        return tuple(self) == self._pair(other)

    def __lt__(self, other):
        return tuple(self) < self._pair(other)

    def __hash__(self):
        return hash(tuple(self)) if self._inf else hash(self._num)

    def __add__(self, other):
        i, n = self._pair(other)
        return inf(self._inf + i, self._num + n)

    __radd__ = __add__

    def __sub__(self, other):
        i, n = self._pair(other)
        return inf(self._inf - i, self._num - n)

    def __rsub__(self, other):
        i, n = self._pair(other)
        return inf(i - self._inf, n - self._num)

    def __neg__(self):
        return inf(-self._inf, -self._num)


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

    def update(self, sol):
        self.sol = sol


class DispatcherAbort(BaseException):
    """A dispatch stopped by its stopper (a cancelled Gio.Cancellable or a
    set threading.Event); `sol` is the partial solution."""


_export(DispatcherError, 'DispatcherError')
_export(DispatcherAbort, 'DispatcherAbort')


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

_TYPE_TOKEN = Schedula.Token.__gtype__
_TYPE_VALUE_ARRAY = GObject.ValueArray.__gtype__
_TYPE_ERROR = GLib.Error.__gtype__
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
    return GObject.Value(GObject.TYPE_PYOBJECT, x)


def from_value(v):
    """A value the library gives back (already unboxed by PyGObject) as
    schedula's Python value."""
    if isinstance(v, Schedula.Token):
        return NONE
    if isinstance(v, Schedula.Dict):
        return {_id_out(v.get_key(i)): from_value(v.get_value(i)) for i in range(v.get_size())}
    if isinstance(v, GObject.Value):
        return from_value(v.get_value())
    return v


_export(to_value, 'to_value')
_export(from_value, 'from_value')


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
# The solution of the last dispatch with select_output_kw of this thread
# (see Dispatcher.solution)
_selected_solution = threading.local()


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
        return GObject.Value(_TYPE_ERROR, _glib_error(exc, repr, _DISPATCH_ERROR_DOMAIN,
                                                      _OUTPUT_MISMATCH))
    if len(values) != n_outputs:
        values = (values + [_NONE_VALUE] * n_outputs)[:n_outputs]
    return GObject.Value(_TYPE_VALUE_ARRAY, values)


def _trampoline(func, describe=repr):
    """The callable the library calls (through a GClosure): the number of
    outputs, then the input values."""
    token = Schedula.Token

    def call(n_outputs, *args):
        try:
            for a in args:
                if type(a) is token:
                    args = tuple(NONE if type(b) is token else from_value(b) for b in args)
                    break
            result = func(*args)
        except Exception as exc:
            return _error_value(exc, describe)
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
        return True

    return call


class Function(Schedula.Function):
    """A callable of the library. `__name__` is its name, as schedula takes
    a function's name for the id of its node."""

    @property
    def __name__(self):
        return self.get_name()


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


# One Schedula.Function per Python callable and error style, while the
# Function lives: (id of the callable, style) -> Function. The Function
# keeps its callable (py_function), so the id is not reused meanwhile.
_functions = weakref.WeakValueDictionary()


def function(func, name=None, describe=repr):
    """A Python callable as a Schedula.Function (the same one for the same
    callable). Exceptions become GLib.Error with the traceback; `describe`
    says how the message names the exception (schedula shows the repr, and
    the str for callbacks)."""
    if func is None or isinstance(func, Schedula.Function):
        return func
    key = (id(func), describe)
    if name is None:
        cached = _functions.get(key)
        if cached is not None:
            return cached
    f = Schedula.Function.new_for_closure(name or _function_name(func),
                                          _trampoline(func, describe))
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
        return {_id_out(node_id): _error_summary(self.dup_error_message(node_id))
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
        message = s.dup_error_message(node_id)
        if message is not None:
            step['error'] = _error_summary(message)
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


_RAISES = {False: Schedula.Raises.RECORD, '': Schedula.Raises.RECORD_SILENTLY,
           True: Schedula.Raises.RAISE}


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
                exc = _python_exception(error)
                return Schedula.Raises.RAISE if value(exc) else Schedula.Raises.RECORD
            self.set_raises_func(decide)
        else:
            self.set_raises_func(None)
            self.set_raises(_RAISES.get(value, Schedula.Raises.RAISE if value else
                                        Schedula.Raises.RECORD))

    @property
    def solution(self):
        """The solution of the last dispatch, while something holds it: the
        library keeps it weakly (a solution keeps its dispatcher alive), and
        keeps the partial solution of a failed dispatch until the next one.
        A dispatch with select_output_kw returns the selected values only,
        so the binding holds its solution (the last one of the thread) for
        this property."""
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
        if description is not None:
            node.set_description(description)
        for f in filters or ():
            node.add_filter(_function(f))
        if await_result is not None:
            node.set_await_result(bool(await_result))
            _remember(node, 'await_result', await_result)
        if kwargs:
            node.py_attributes = dict(kwargs)
        return _id_out(node.get_id())

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
        if description is not None:
            node.set_description(description)
        for flt in filters or ():
            node.add_filter(_function(flt))
        if await_domain is not None:
            node.set_await_domain(bool(await_domain))
            _remember(node, 'await_domain', await_domain)
        if await_result is not None:
            node.set_await_result(bool(await_result))
            _remember(node, 'await_result', await_result)
        if kwargs:
            node.py_attributes = dict(kwargs)
        return _id_out(node.get_id())

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
        thread stops the dispatch)."""
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
        if executor:
            options.set_executor(executor if isinstance(executor, str) else 'async')
        for k, d in (inputs_dist or {}).items():
            options.set_input_dist(_id_in(k), _to_distance(d))
        if isinstance(outputs, str):
            outputs = [outputs]
        _last_exception.value = None
        try:
            with _Stopper(stopper) as cancellable:
                try:
                    sol = Schedula.Dispatcher.dispatch(self, _inputs_table(inputs),
                                                       _ids(outputs), options, cancellable)
                except GLib.Error as error:
                    exc = _dispatch_exception(error, self.get_solution())
                    raise exc from (exc.ex if isinstance(exc, DispatcherError) and
                                    isinstance(exc.ex, BaseException) else None)
        finally:
            # The traceback of the last exception holds the frames of this
            # call (its solution too): let it go.
            _last_exception.value = None
        if select_output_kw:
            _selected_solution.value = sol
            return _selector(sol, **select_output_kw)
        return sol

    def __call__(self, *args, **kwargs):
        return self.dispatch(*args, **kwargs)

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
    set cancels it; while the dispatch runs, setting the event cancels it
    too."""

    def __init__(self, stopper):
        self._event = None
        if stopper is None or isinstance(stopper, Gio.Cancellable):
            self._cancellable = stopper
            return
        self._cancellable = Gio.Cancellable()
        if stopper.is_set():
            self._cancellable.cancel()
        elif isinstance(stopper, threading.Event):
            self._event = stopper

    def __enter__(self):
        event = self._event
        if event is not None:
            cancellable = self._cancellable
            original = event.set

            def set_and_cancel():
                original()
                cancellable.cancel()
            event.set = set_and_cancel
        return self._cancellable

    def __exit__(self, *exc_info):
        if self._event is not None:
            del self._event.set
        return False


def _python_exception(error):
    """The Python exception behind a library error, if a Python function
    raised it; else the error itself."""
    last = getattr(_last_exception, 'value', None)
    if last is not None:
        exc, text = last
        summary = _error_summary(error.message)
        if summary is not None and (summary == text or summary.endswith('\n  ' + text) or
                                    summary.endswith(': ' + text)):
            return exc
    return error


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
