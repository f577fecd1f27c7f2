# solution.py: the result of a dispatch, schedula's Solution (a read-only
# ordered mapping with dist, seen, workflow, pipe, ...).
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import collections.abc

from gi.repository import GLib
from gi.overrides import override

from ._base import OVERRIDES_MODULE, Schedula, exporter
from .errors import _call, _error_text, _raise_from_glib
from .model import Graph, _ids, _sub_flags
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
        return _pipe(self)

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
