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
import threading
import traceback
import weakref

from gi.repository import GLib, GObject

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
    """A marker value, as schedula's: NONE ("no value") and EMPTY ("no
    default"). Compare tokens with `is`."""

    def __repr__(self):
        return str(self)


NONE = _export(Token('none'), 'NONE')
EMPTY = _export(Token('empty'), 'EMPTY')
_export(Token, 'Token')

# The special node ids are the library's strings ('$START', ...)
for _name in ('START', 'SINK', 'END', 'SELF', 'PLOT'):
    _export(getattr(Schedula, _name), _name)


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


def _from_distance(d):
    """A Schedula.Distance as schedula shows it: a float, or an inf."""
    if d.inf == 0:
        return d.num
    return inf(_integral(d.inf), d.num)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

_TYPE_TOKEN = Schedula.Token.__gtype__
_TYPE_DICT = Schedula.Dict.__gtype__
_TYPE_VALUE_ARRAY = GObject.ValueArray.__gtype__
_TYPE_ERROR = GLib.Error.__gtype__
_INT32_MIN = -2 ** 31
_INT32_MAX = 2 ** 31 - 1
_INT64_MIN = -2 ** 63
_INT64_MAX = 2 ** 63 - 1


def _none_value():
    return GObject.Value(_TYPE_TOKEN, Schedula.token_none())


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
        return _none_value()
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
        return collections.OrderedDict(
            (v.get_key(i), from_value(v.get_value(i))) for i in range(v.get_size()))
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
        return _none_value()
    if isinstance(x, GObject.Object):
        return x
    return to_value(x)


def _inputs_table(inputs):
    if inputs is None:
        return None
    return {str(k): to_value(v) for k, v in inputs.items()}


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------

_PYTHON_ERROR_DOMAIN = 'schedula-python-error-quark'
_last_exception = threading.local()


def _glib_error(exc):
    """The GError of a failed Python call: repr of the exception, then its
    traceback (without the frame of the trampoline)."""
    _last_exception.value = exc
    tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
    text = ''.join(traceback.format_exception(type(exc), exc, tb))
    return GLib.Error('%r\n%s' % (exc, text), _PYTHON_ERROR_DOMAIN, 0)


def _error_value(exc):
    return GObject.Value(_TYPE_ERROR, _glib_error(exc))


def _error_summary(message):
    """The part of an error message schedula shows: without the traceback."""
    if message is None:
        return None
    cut = message.find('\nTraceback (most recent call last):')
    return message if cut < 0 else message[:cut]


def _trampoline(func):
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
            if n_outputs == 1:
                return _returned(result)
            if n_outputs == 0:
                return True
            values = tuple(result)
        except Exception as exc:
            return _error_value(exc)
        return GObject.Value(_TYPE_VALUE_ARRAY, tuple(_returned(x) for x in values))

    return call


def _keyword_trampoline(func):
    """For the functions schedula calls with one dict: data-node combiners
    ({estimating node: value}) and sub-dispatcher domains ({parent id:
    value}). The ids come with the call."""

    def call(c, *user_data):
        try:
            kw = collections.OrderedDict(
                (c.get_input_id(i), from_value(c.get_input(i))) for i in range(c.get_n_inputs()))
            result = func(kw)
            if c.get_n_outputs() > 0:
                c.set_output(0, to_value(result))
        except Exception as exc:
            raise _glib_error(exc) from None
        return True

    return call


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


# One Schedula.Function per Python callable, while the callable lives
_functions = weakref.WeakKeyDictionary()


def function(func, name=None):
    """A Python callable as a Schedula.Function (the same one for the same
    callable). Exceptions become GLib.Error with the traceback."""
    if func is None or isinstance(func, Schedula.Function):
        return func
    if name is None:
        try:
            cached = _functions.get(func)
        except TypeError:
            cached = None
        if cached is not None:
            return cached
    f = Schedula.Function.new_for_closure(name or _function_name(func), _trampoline(func))
    # Kept on the wrapper, which PyGObject keeps while the C object lives.
    f.py_function = func
    if name is None:
        try:
            _functions[func] = f
        except TypeError:
            pass
    return f


_export(function, 'function')


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
# Graph views (schedula's dmap and workflow are networkx graphs)
# ---------------------------------------------------------------------------

class _EdgeView(collections.abc.Set):
    def __init__(self, graph):
        self._graph = graph

    def __iter__(self):
        for u, v, _ in self._graph._edges():
            yield (u, v)

    def __len__(self):
        return sum(1 for _ in self._graph._edges())

    def __contains__(self, edge):
        u, v = edge
        return v in self._graph.succ.get(u, {})

    def __call__(self, data=False):
        if data:
            return [(u, v, dict(d)) for u, v, d in self._graph._edges()]
        return list(self)

    def __getitem__(self, edge):
        u, v = edge
        return self._graph.succ[u][v]

    def __repr__(self):
        return 'EdgeView(%r)' % list(self)


class Graph(object):
    """A read-only, networkx-like view of a directed graph: `nodes` (id ->
    attributes, in order), `edges` (iterable; `edges(data=True)`), `succ`,
    `pred` and `adj` (id -> {neighbour -> edge attributes})."""

    def __init__(self, nodes, edges):
        self.nodes = collections.OrderedDict(nodes)
        self.succ = collections.OrderedDict((n, collections.OrderedDict()) for n in self.nodes)
        self.pred = collections.OrderedDict((n, collections.OrderedDict()) for n in self.nodes)
        for u, v, d in edges:
            self.succ.setdefault(u, collections.OrderedDict())[v] = d
            self.pred.setdefault(v, collections.OrderedDict())[u] = d
            self.nodes.setdefault(u, {})
            self.nodes.setdefault(v, {})
        self.adj = self.succ

    def _edges(self):
        for u, nbrs in self.succ.items():
            for v, d in nbrs.items():
                yield u, v, d

    @property
    def edges(self):
        return _EdgeView(self)

    def has_edge(self, u, v):
        return v in self.succ.get(u, {})

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

class Solution(Schedula.Solution):
    """The result of a dispatch: a read-only mapping of data node ids to
    values, in schedula's order, with `dist`, `workflow`, `errors`, `pipe`
    and `sub_sol`."""

    def __getitem__(self, key):
        found, value = Schedula.Solution.lookup_extended(self, str(key))
        if not found:
            raise KeyError(key)
        return from_value(value)

    def __contains__(self, key):
        return isinstance(key, str) and Schedula.Solution.contains(self, key)

    def __iter__(self):
        return iter(self.get_ids())

    def __len__(self):
        return self.get_n_values()

    def keys(self):
        return self.get_ids()

    def values(self):
        return [self[k] for k in self.get_ids()]

    def items(self):
        return [(k, self[k]) for k in self.get_ids()]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __repr__(self):
        return 'Solution(%r)' % dict(self.items())

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        if isinstance(other, collections.abc.Mapping):
            return list(self.items()) == list(other.items()) \
                if isinstance(other, Solution) else dict(self.items()) == dict(other.items())
        return NotImplemented

    @property
    def dsp(self):
        return self.get_dispatcher()

    @property
    def dist(self):
        """Node id -> distance, in the order nodes got one."""
        out = collections.OrderedDict()
        for node_id in self.get_distance_ids():
            found, d = self.get_distance(node_id)
            if found:
                out[node_id] = _from_distance(d)
        return out

    @property
    def seen(self):
        """Node id -> the distance each node was reached at."""
        out = collections.OrderedDict()
        for node_id in self.get_distance_ids():
            found, d = self.get_seen_distance(node_id)
            if found:
                out[node_id] = _from_distance(d)
        return out

    @property
    def errors(self):
        """Node id -> schedula's message for the failure of the node."""
        return collections.OrderedDict(
            (node_id, _error_summary(self.dup_error_message(node_id)))
            for node_id in self.get_error_ids())

    _errors = errors

    @property
    def workflow(self):
        """The workflow: nodes in the order they were reached, and the edges
        the values travelled on, with `{'value': ...}` as edge data."""
        wf = self.get_workflow()
        nodes = []
        for i in range(wf.get_n_nodes()):
            node_id = wf.get_node_id(i)
            attrs = {}
            ran, result = wf.get_node_domain(node_id)
            if ran:
                attrs['solution_domain'] = result
            sub = wf.get_node_solution(node_id)
            if sub is not None:
                attrs['solution'] = sub
            nodes.append((node_id, attrs))
        edges = []
        for i in range(wf.get_n_edges()):
            u, v, value = wf.get_edge(i)
            edges.append((u, v, {'value': from_value(value)} if value is not None else {}))
        return Graph(nodes, edges)

    @property
    def pipe(self):
        """The visiting order: (node id, solution) pairs, child solutions
        included."""
        out = []
        for i in range(self.get_n_pipe_steps()):
            sol, node_id, _ = self.get_pipe_step(i)
            out.append((node_id, sol))
        return out

    @property
    def sub_sol(self):
        """Index path -> solution, for this solution and every child."""
        out = collections.OrderedDict()
        for sol in [self] + list(self.get_sub_solutions()):
            index, _ = sol.get_index()
            out[tuple(index)] = sol
        return out

    @property
    def full_name(self):
        return tuple(self.get_full_name())

    @property
    def index(self):
        return tuple(self.get_index()[0])

    def get_node(self, *path):
        value, real_path = Schedula.Solution.lookup_path(self, [str(p) for p in path])
        if real_path is None:
            raise ValueError('Path %r does not exist.' % (path,))
        return from_value(value), tuple(real_path)


Solution = override(Solution)
collections.abc.Mapping.register(Solution)
_export(Solution, 'Solution')


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

def _mapping(value, child, parent_side):
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
                    raise ValueError('keys are not unique: %r' % (k,))
                seen.add(k)
                items.append((k, v))
    mapping = Schedula.Mapping.new()
    for k, v in items:
        if isinstance(k, tuple):
            raise ValueError('tuple mapping keys are not supported (ids are strings): %r' % (k,))
        for target in ([v] if isinstance(v, str) else list(v)):
            mapping.add(str(k), str(target))
    return mapping


def _mapping_dict(mapping):
    out = collections.OrderedDict()
    for i in range(mapping.get_n_keys()):
        values = list(mapping.get_values(i))
        out[mapping.get_key(i)] = values[0] if len(values) == 1 else tuple(values)
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
                exc = getattr(_last_exception, 'value', None)
                if exc is None or _error_summary(error.message) != repr(exc):
                    exc = error
                return Schedula.Raises.RAISE if value(exc) else Schedula.Raises.RECORD
            self.set_raises_func(decide)
        else:
            self.set_raises_func(None)
            self.set_raises(_RAISES.get(value, Schedula.Raises.RAISE if value else
                                        Schedula.Raises.RECORD))

    @property
    def solution(self):
        return self.get_solution()

    @property
    def nodes(self):
        """Node id -> schedula's attributes of the node, in order."""
        return collections.OrderedDict(
            (node.get_id(), _node_attributes(node)) for node in self)

    @property
    def data_nodes(self):
        return collections.OrderedDict(
            (k, v) for k, v in self.nodes.items() if v['type'] == 'data')

    @property
    def function_nodes(self):
        return collections.OrderedDict(
            (k, v) for k, v in self.nodes.items() if v['type'] == 'function')

    @property
    def sub_dsp_nodes(self):
        return collections.OrderedDict(
            (k, v) for k, v in self.nodes.items() if v['type'] == 'dispatcher')

    @property
    def default_values(self):
        """Data node id -> {'value': ..., 'initial_dist': ...}."""
        out = collections.OrderedDict()
        for node in self:
            if isinstance(node, Schedula.DataNode):
                value = node.get_default_value()
                if value is None and node.get_id() != SELF:
                    continue
                out[node.get_id()] = {
                    'value': self if node.get_id() == SELF else from_value(value),
                    'initial_dist': _from_distance(node.get_initial_dist()),
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
                edges.append((u, v, {'weight': w} if has else {}))
        return Graph(((node.get_id(), _node_attributes(node)) for node in self), edges)

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
                     None if data_id is None else str(data_id),
                     None if default_value is EMPTY else to_value(default_value))
        if default_value is not EMPTY and initial_dist:
            node.set_initial_dist(_to_distance(initial_dist))
        if wait_inputs:
            node.set_wait_inputs(True)
        if wildcard is not None:
            node.set_wildcard(bool(wildcard))
        if function is not None:
            node.set_combiner(keyword_function(function))
        if callback is not None:
            node.set_callback(_function(callback))
        if description is not None:
            node.set_description(description)
        for f in filters or ():
            node.add_filter(_function(f))
        if await_result is not None:
            node.set_await_result(bool(await_result))
        if kwargs:
            node.py_attributes = dict(kwargs)
        return node.get_id()

    def add_function(self, function_id=None, function=None, inputs=None, outputs=None,
                     input_domain=None, weight=None, inp_weight=None, out_weight=None,
                     description=None, filters=None, await_domain=None, await_result=None,
                     **kwargs):
        """Adds a function node (and its missing data nodes); returns its
        id."""
        if function_id is None and function is None:
            raise ValueError("Invalid function id due to:\n'NoneType' object has no "
                             "attribute '__name__'")
        f = _function(function)
        node = _call(Schedula.Dispatcher.add_function, self,
                     None if function_id is None else str(function_id), f,
                     _ids(inputs), _ids(outputs))
        if input_domain is not None:
            node.set_input_domain(_function(input_domain))
        if weight is not None:
            node.set_weight(float(weight))
        for k, w in (inp_weight or {}).items():
            node.set_input_weight(str(k), float(w))
        for k, w in (out_weight or {}).items():
            node.set_output_weight(str(k), float(w))
        if description is not None:
            node.set_description(description)
        for flt in filters or ():
            node.add_filter(_function(flt))
        if await_domain is not None:
            node.set_await_domain(bool(await_domain))
        if await_result is not None:
            node.set_await_result(bool(await_result))
        if kwargs:
            node.py_attributes = dict(kwargs)
        return node.get_id()

    def add_func(self, function, outputs=None, weight=None, inputs_kwargs=False,
                 inputs_defaults=False, filters=None, input_domain=None,
                 await_domain=None, await_result=None, inp_weight=None, out_weight=None,
                 description=None, inputs=None, function_id=None, **kwargs):
        """Adds a function node whose inputs are the parameters of
        @function; returns its id."""
        params = _parameters(function, not inputs_kwargs)
        if inputs is None:
            inputs = tuple(params) or None
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
        in_map = _mapping(inputs, dsp, True)
        out_map = _mapping(outputs, dsp, False)
        if inputs_prefix and in_map is not None:
            in_map = _prefixed(in_map, inputs_prefix, keys=True)
        if outputs_prefix and out_map is not None:
            out_map = _prefixed(out_map, outputs_prefix, keys=False)
        node = Schedula.DispatcherNode.new(None if dsp_id is None else str(dsp_id), dsp,
                                           in_map, out_map)
        if include_defaults:
            node.set_include_defaults(True)
        if input_domain is not None:
            node.set_input_domain(keyword_function(input_domain))
        if weight is not None:
            node.set_weight(float(weight))
        if description is not None:
            node.set_description(description)
        if await_domain is not None:
            node.set_await_domain(bool(await_domain))
        _call(Schedula.Dispatcher.add_node, self, node)
        for k, w in (inp_weight or {}).items():
            node.set_input_weight(str(k), float(w))
        if kwargs:
            node.py_attributes = dict(kwargs)
        return node.get_id()

    def set_default_value(self, data_id, value=EMPTY, initial_dist=0.0):
        """Sets (or with EMPTY removes) the default value of a data node."""
        _call(Schedula.Dispatcher.set_default_value, self, str(data_id),
              None if value is EMPTY else to_value(value),
              None if value is EMPTY else _to_distance(initial_dist))

    # -- dispatching --------------------------------------------------------

    def dispatch(self, inputs=None, outputs=None, inputs_dist=None, wildcard=False,
                 no_call=False, shrink=False, rm_unused_nds=False, select_output_kw=None,
                 stopper=None, executor=False, verbose=False, **kwargs):
        """schedula's dispatch: returns the Solution (or, with
        select_output_kw, the selected outputs)."""
        options = Schedula.DispatchOptions.new()
        if wildcard:
            options.set_wildcard(Schedula.Wildcard.COMPUTABLE if wildcard == 2
                                 else Schedula.Wildcard.ON)
        options.set_no_call(bool(no_call))
        options.set_shrink(bool(shrink))
        options.set_rm_unused_nodes(bool(rm_unused_nds))
        options.set_verbose(bool(verbose))
        if executor:
            options.set_executor(executor if isinstance(executor, str) else 'async')
        for k, d in (inputs_dist or {}).items():
            options.set_input_dist(str(k), _to_distance(d))
        if isinstance(outputs, str):
            outputs = [outputs]
        try:
            sol = Schedula.Dispatcher.dispatch(self, _inputs_table(inputs), _ids(outputs),
                                               options, stopper)
        except GLib.Error as error:
            raise _dispatch_exception(error) from None
        if select_output_kw:
            return _selector(sol, **select_output_kw)
        return sol

    def __call__(self, *args, **kwargs):
        return self.dispatch(*args, **kwargs)

    # -- operations ---------------------------------------------------------

    def get_node(self, *node_ids, node_attr=NONE):
        """schedula's get_node: (attribute or node attributes, node path)."""
        node, path = _call(Schedula.Dispatcher.get_node, self, [str(n) for n in node_ids])
        path = tuple(path)
        if node_attr is NONE:
            return _node_attributes(node), path
        if node_attr == 'output' or node_attr is None:
            sol = self.solution
            if sol is None:
                raise ValueError('No solution to read %r from.' % (node_ids,))
            value, _ = sol.get_node(*node_ids)
            return (value if node_attr == 'output' else _node_attributes(node)), path
        if node_attr == 'description':
            return node.get_description(), path
        attrs = _node_attributes(node)
        if node_attr not in attrs:
            raise KeyError(node_attr)
        return attrs[node_attr], path

    def copy(self):
        return _call(Schedula.Dispatcher.copy, self)

    def get_sub_dsp(self, nodes_bunch, edges_bunch=None):
        removed = []
        for u, v in edges_bunch or ():
            removed += [str(u), str(v)]
        return _call(Schedula.Dispatcher.get_sub_dispatcher, self,
                     [str(n) for n in nodes_bunch], removed or None)

    def get_sub_dsp_from_workflow(self, sources, graph=None, reverse=False,
                                  add_missing=False, check_inputs=True, blockers=None,
                                  wildcard=False, _update_links=True):
        flags = _sub_flags(reverse, add_missing, check_inputs)
        if graph is not None:
            if graph is not getattr(self, 'dmap', None):
                flags |= Schedula.SubDispatcherFlags.USE_MODEL
        return _call(Schedula.Dispatcher.get_sub_dispatcher_from_workflow, self,
                     _ids(sources), flags, _ids(blockers),
                     Schedula.Wildcard.ON if wildcard else Schedula.Wildcard.OFF)

    def shrink_dsp(self, inputs=None, outputs=None, inputs_dist=None, wildcard=True):
        options = Schedula.DispatchOptions.new()
        options.set_wildcard(Schedula.Wildcard.ON if wildcard else Schedula.Wildcard.OFF)
        for k, d in (inputs_dist or {}).items():
            options.set_input_dist(str(k), _to_distance(d))
        return _call(Schedula.Dispatcher.shrink, self, _ids(inputs), _ids(outputs), options)


Dispatcher = override(Dispatcher)
_export(Dispatcher, 'Dispatcher')


def _ids(ids):
    if ids is None:
        return None
    if isinstance(ids, str):
        return [ids]
    return [str(i) for i in ids]


def _function(f):
    return function(f)


def _parameters(func, skip_kwargs):
    """The parameters of a callable, as schedula's _get_par_args."""
    while isinstance(func, functools.partial):
        func = func.func
    params = collections.OrderedDict()
    for name, p in inspect.signature(func).parameters.items():
        if p.kind is p.VAR_POSITIONAL:
            continue
        if skip_kwargs and p.kind is p.VAR_KEYWORD:
            continue
        params[name] = p
    return params


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


def _dispatch_exception(error):
    """The exception a failed dispatch raises: the Python exception that
    failed a function when there is one, else the library's error."""
    exc = getattr(_last_exception, 'value', None)
    if exc is not None and _error_summary(error.message).endswith(repr(exc)):
        _last_exception.value = None
        return exc
    if error.domain == _PYTHON_ERROR_DOMAIN:
        return RuntimeError(_error_summary(error.message))
    return _raise_from_glib(error)


def _selector(sol, keys=(), output_type=None, allow_miss=False, **kwargs):
    if isinstance(keys, str):
        keys = [keys]
    values = collections.OrderedDict()
    for k in keys:
        if k in sol:
            values[k] = sol[k]
        elif not allow_miss:
            raise KeyError(k)
    if output_type == 'list' or (output_type is None and len(values) > 1):
        return list(values.values())
    if output_type == 'values' or (output_type is None and len(values) == 1):
        return next(iter(values.values())) if len(values) == 1 else list(values.values())
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
        attrs['inputs'] = list(node.dup_inputs())
        attrs['outputs'] = list(node.dup_outputs())
        attrs['function'] = _python_function(node.get_function())
        domain = node.get_input_domain()
        if domain is not None:
            attrs['input_domain'] = _python_function(domain)
        if node.props.weight:
            attrs['weight'] = node.get_weight()
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
            attrs['weight'] = node.get_weight()
    filters = node.get_filters() if hasattr(node, 'get_filters') else None
    if filters:
        attrs['filters'] = [_python_function(f) for f in filters]
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
