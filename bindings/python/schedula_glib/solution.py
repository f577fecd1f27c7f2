# solution.py: the result of a dispatch, schedula's Solution (a read-only
# ordered mapping with dist, seen, workflow, pipe, ...).
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import collections.abc
import threading
import weakref

from gi.repository import GLib
from gi.overrides import override

from ._base import OVERRIDES_MODULE, Schedula, as_solution, exporter
from .errors import _call, _error_text, _raise_from_glib
from .model import Graph, _ids, _sub_flags
from . import _base
from .values import NONE, _C_START, _from_distance, _id_in, _id_out, _ids_out, from_value

__all__ = []
_export = exporter(globals())


# ---------------------------------------------------------------------------
# The solution
# ---------------------------------------------------------------------------

class Solution(Schedula.Solution):
    """The result of a dispatch: a read-only mapping of data node ids to
    values, in schedula's order, with `dist`, `seen`, `workflow`, `_errors`,
    `pipe` and `sub_sol`."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

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
        if isinstance(other, Solution):   # the library's, or schedula's (a dict)
            return list(self.items()) == list(other.items())
        if isinstance(other, collections.abc.Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other):
        # PyGObject's != compares the objects
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

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
        dsp = self.get_dispatcher()   # None once the model is gone
        if dsp is not None:
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
                attrs['solution'] = as_solution(sub)
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
        return _pipe(self)

    @property
    def sub_sol(self):
        """Index path -> solution, for this solution and every one below
        it."""
        out = {self.index: as_solution(self)}
        for sol in self.get_sub_solutions():
            out[sol.index] = as_solution(sol)
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
            found = _get_node_in_calls(self, path)
            if found is None:
                raise _raise_from_glib(error) from None
            return found
        return from_value(value), tuple(_ids_out(real_path))

    def get_sub_dsp_from_workflow(self, sources, reverse=False, add_missing=False,
                                  check_inputs=True):
        """The sub-dispatcher this solution's workflow reaches from
        @sources."""
        return _call(Schedula.Solution.get_sub_dispatcher_from_workflow, self, _ids(sources),
                     _sub_flags(reverse, add_missing, check_inputs))


Solution = override(Solution)
collections.abc.Mapping.register(Solution)
# The library's solutions, as PyGObject gives them (a Solution of a C
# function, of the workflow, of a sub-dispatcher), read as mappings too.
LibrarySolution = Solution


class _SolutionType(type):
    """Solution's metaclass: the library's solutions are Solutions too, for
    isinstance() and issubclass()."""

    def __instancecheck__(cls, obj):
        return type.__instancecheck__(cls, obj) or isinstance(obj, LibrarySolution)

    def __subclasscheck__(cls, sub):
        return type.__subclasscheck__(cls, sub) or (
            isinstance(sub, type) and issubclass(sub, LibrarySolution))


class Solution(dict, metaclass=_SolutionType):
    """schedula's Solution: a dict of the values of a dispatch (in
    schedula's order), which may be changed as any dict (item assignment,
    update(), copy(), json.dumps()); the rest (dist, seen, workflow, pipe,
    sub_sol, full_name, errors, get_node(), plot(), the library's
    Schedula.Solution methods) reads the library's solution of the
    dispatch, which a change of the dict does not touch. dispatch(),
    dsp.solution, the exceptions' `sol` and the wrappers give these; the
    library's own solutions (a workflow's, a C function's) are Solutions
    for isinstance() as well. A Solution made by hand is a plain dict, with
    none of the rest. Pickled (pickle, dill), it is its values and its
    dispatcher (as the dispatcher pickles: its blueprint): the library's
    solution, the state of a dispatch in C, does not pickle.

    The dict takes the values of the library's solution when it is first
    read (any method of a dict, json.dumps(), dict(sol), **sol): a dispatch
    whose values nobody reads does not convert them (bench_python.py: a
    dispatch of 10,000 Python functions took twice as long when each
    converted all its values). Until then its storage holds one private
    key, _UNFILLED: json's C encoder writes {} for a dict subclass whose
    storage is empty without asking it for its items."""

    __module__ = OVERRIDES_MODULE

    def _fill(self):
        if '_py_fill' in self.__dict__:
            with _fill_lock:
                library = self.__dict__.pop('_py_fill', None)
                if library is not None:
                    dict.pop(self, _UNFILLED, None)
                    table = library.get_values()   # one call: fast
                    dict.update(self, [(_id_out(k), from_value(table[k]))
                                       for k in library.get_ids()])

    @property
    def dsp(self):
        """The dispatcher of the solution (None once it is gone: a solution
        does not keep it)."""
        library = self.__dict__.get('_py_solution')
        return library.dsp if library is not None else self.__dict__.get('_py_dsp')

    def __getattr__(self, name):
        library = self.__dict__.get('_py_solution')
        if library is None or name.startswith('__'):
            raise AttributeError("'Solution' object has no attribute %r" % name)
        if name in _VIEWS:
            return self._view(library, name)
        return getattr(library, name)

    def _view(self, library, name):
        """The view @name of the library's solution (workflow, dist, ...):
        read from the library at each read while the dispatch runs, once
        when it is over (Solution.is_finished(): the solution no longer
        changes), then kept here, as schedula's are attributes. Built anew
        at each read, the natural loop `for n in sol.workflow.nodes:
        sol.workflow.nodes[n]` was quadratic: 95 s for a model of 5,000
        nodes (tests/python/differential.py found it). They are kept by
        this Solution, not by the library's: a view holds sub-solutions,
        which hold their top solution in C, so a view kept by the top's
        library object would keep it alive for ever."""
        key = _VIEWS[name]
        kept = self.__dict__.get(key)
        if kept is not None:
            return kept
        finished = library.is_finished()   # before: a view of a running dispatch is not kept
        value = getattr(library, name)
        if finished:
            self.__dict__[key] = value
        return value

    def result(self, timeout=None):
        """schedula's Solution.result(): the values are all there once a
        dispatch returns a Solution: returns it."""
        return self

    def copy(self):
        """A Solution with the same values, over the same library solution."""
        self._fill()
        other = type(self)(self)
        other.__dict__.update(self.__dict__)
        return other

    def __repr__(self):
        return 'Solution({%s})' % ', '.join('%r: %r' % kv for kv in self.items())

    def __eq__(self, other):
        # dict's == reads the storage of both
        self._fill()
        if isinstance(other, dict) and '_py_fill' in getattr(other, '__dict__', ()):
            other._fill()
        return dict.__eq__(self, other)

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None

    def __reduce__(self):
        self._fill()
        return _unpickled_solution, (dict.copy(self), self.dsp)


def _filled(name):
    method = getattr(dict, name)

    def filled(self, *args, **kwargs):
        self._fill()
        return method(self, *args, **kwargs)

    filled.__name__ = name
    filled.__doc__ = method.__doc__
    return filled


# Every way to read or change the dict fills it first (json.dumps() and
# dict(sol) call items() and keys() of a subclass that has its own)
for _name in ('__getitem__', '__iter__', '__len__', '__contains__', '__reversed__', '__or__',
              '__ror__', '__ior__', '__setitem__', '__delitem__', 'keys', 'values', 'items',
              'get', 'pop', 'popitem', 'setdefault', 'update', 'clear'):
    setattr(Solution, _name, _filled(_name))
del _name
_fill_lock = threading.RLock()
# The views a Solution keeps once its dispatch is over (see Solution._view)
_VIEWS = {name: '_py_view_' + name.lstrip('_') for name in (
    'dist', 'seen', '_visited', 'errors', 'workflow', 'pipe', 'sub_sol')}
_VIEWS['_errors'] = _VIEWS['errors']
_UNFILLED = object()   # the key of the storage of a Solution not read yet


def _unpickled_solution(values, dsp):
    sol = Solution(values)
    if dsp is not None:
        sol._py_dsp = dsp
    return sol


def empty_solution(dsp):
    """The solution of a dispatcher that did not dispatch yet, as
    schedula's: empty, of that dispatcher."""
    return _unpickled_solution({}, dsp)


def _as_solution(sol):
    """The library's solution @sol as a Solution (a dict of its values):
    the same one while it lives (dsp.solution is the solution dispatch()
    returned)."""
    if sol is None or isinstance(sol, dict):
        return sol
    ref = sol.__dict__.get('_py_dict')
    out = ref() if ref is not None else None
    if out is None:
        out = Solution()
        dict.__setitem__(out, _UNFILLED, None)
        out._py_solution = out._py_fill = sol
        sol._py_dict = weakref.ref(out)
    return out


_base._as_solution = _as_solution
_base.empty_solution = empty_solution
_export(Solution, 'Solution')


def _get_node_in_calls(sol, path):
    """Solution.get_node() of a path that goes through a function node whose
    call made a solution (a wrapper's): the longest such prefix, then the
    rest in that solution (the path of the node itself: that solution, as
    schedula's); None when there is none."""
    for k in range(len(path), 0, -1):
        owner = sol
        for p in path[:k - 1]:
            owner = owner.get_sub_solution(_id_in(p))
            if owner is None:
                break
        if owner is None:
            continue
        inner = owner.get_workflow().get_node_solution(_id_in(path[k - 1]))
        if inner is None:
            continue
        if k == len(path):
            return as_solution(inner), tuple(path)
        try:
            value, rest = inner.get_node(*path[k:])
        except (ValueError, GLib.Error):
            continue
        return value, tuple(path[:k]) + tuple(rest)
    return None


def _pipe(sol):
    """The pipe of @sol, keyed by paths under its own full name (a wrapper's
    solution is named after its node)."""
    out = {}
    cut = len(sol.get_full_name())
    for i in range(sol.get_n_pipe_steps()):
        s, node_id, distance = sol.get_pipe_step(i)
        path = tuple(_ids_out(s.get_full_name())) + (_id_out(node_id),)
        key = path[cut:]
        step = {'task': (_from_distance(distance, node_id), (node_id, s))}
        message = _error_text(s, node_id)
        if message is not None:
            step['error'] = message
        # the workflow says it: the model may be gone (a solution does not
        # keep its dispatcher)
        inner = s.get_workflow().get_node_solution(node_id)
        if inner is not None and inner.get_n_pipe_steps():
            step['sub_pipe'] = _pipe(inner)
        out[key[0] if len(key) == 1 else key] = step
    return out
