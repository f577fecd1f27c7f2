# model.py: the model, schedula's Dispatcher (building, dispatching,
# operations), and Graph, the read-only graphs of its dmap and of a
# solution's workflow.
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import collections.abc
import functools
import inspect
import re

from gi.repository import Gio, GLib, GObject
from gi.overrides import override

from . import _base
from ._base import OVERRIDES_MODULE, Schedula, as_solution, exporter
from .errors import (DispatcherError, _call, _check_stop, _dispatch_exception, _first_failure,
                     _last_exception,
                     _library_exception, _pending_stop)
from .executors import (_check_executor, _executor_name, _executor_option, _in_background,
                        _prepare_executor, _prepare_options)
from .functions import (_default_of, _forget, _function_name, _given, _python_function, _remember,
                        _remember_number, _selected_solution, _set_default, _stopper_watch,
                        function, keyword_function)
from .values import (EMPTY, NONE, Token, _C_SELF, _TYPE_DICT, _dict_of, _from_distance, _id_in,
                     _id_out, _ids_out, _to_distance, to_value)

__all__ = []
_export = exporter(globals())


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

    def __init__(self, nodes, edges, dispatcher=None):
        self._dispatcher = dispatcher
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

    def remove_node(self, n):
        """Removes node @n and its edges: from the model when the graph is a
        dispatcher's dmap, as networkx's remove_node() does for schedula's."""
        if self._dispatcher is not None:
            _call(self._dispatcher.remove_node, _id_in(n))
            self._dispatcher._py_touch()
            return
        if n not in self.nodes:
            raise KeyError(n)
        del self.nodes[n]
        for v in self.succ.pop(n, {}):
            self.pred[v].pop(n, None)
        for u in self.pred.pop(n, {}):
            self.succ[u].pop(n, None)

    def remove_nodes_from(self, nodes):
        """Removes those of @nodes that are nodes, with their edges, and
        ignores the others, as networkx's remove_nodes_from(); from the
        model in one pass when the graph is a dispatcher's dmap (removing
        many nodes one at a time costs a pass over the model each)."""
        if self._dispatcher is not None:
            dsp = self._dispatcher
            ids = [i for i in (_id_in(n) for n in nodes) if dsp.lookup_node(i) is not None]
            _call(dsp.remove_nodes, ids)
            dsp._py_touch()
            return
        for n in list(nodes):
            if n in self.nodes:
                self.remove_node(n)


class _NodeAttributes(dict):
    """The attributes of a node in `dsp.nodes` and `dsp.dmap.nodes`: a dict,
    as schedula's, whose 'weight' writes through to the model (setting it
    sets the node's weight, removing it unsets it); the other keys are a
    record of the model's (edit them in the model with its methods)."""

    __slots__ = ('_node',)
    _UNSET_WEIGHT = 0.0  # a node's weight when it has none

    def __init__(self, node, attrs):
        dict.__init__(self, attrs)
        self._node = node

    def _set_weight(self, weight):
        if isinstance(self._node, (Schedula.FunctionNode, Schedula.DispatcherNode)):
            self._node.set_weight(float(weight))
            _forget(self._node, 'weight')

    def __setitem__(self, key, value):
        if key == 'weight':
            self._set_weight(value)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        if key == 'weight':
            self._set_weight(self._UNSET_WEIGHT)

    def pop(self, key, *default):
        if key == 'weight' and key in self:
            self._set_weight(self._UNSET_WEIGHT)
        return dict.pop(self, key, *default)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def copy(self):
        return dict(self)

    def __reduce__(self):
        return dict, (dict(self),)


class _EdgeAttributes(_NodeAttributes):
    """The attributes of an edge of `dsp.dmap`: its 'weight' writes through
    to the function or sub-dispatcher node at either end (removing it gives
    the unset weight, 1)."""

    __slots__ = ('_data_id', '_output')
    _UNSET_WEIGHT = 1.0  # an edge's weight when it has none

    def __init__(self, node, data_id, output, attrs):
        _NodeAttributes.__init__(self, node, attrs)
        self._data_id = data_id
        self._output = output

    def _set_weight(self, weight):
        node = self._node
        if self._output:
            _call(node.set_output_weight, self._data_id, float(weight))
        else:
            _call(node.set_input_weight, self._data_id, float(weight))
        _forget(node, ('out' if self._output else 'in', self._data_id))


_export(Graph, 'Graph')


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

def _mapping(value, split_keys=False):
    """schedula's mapping forms (None, a dict, an id, a list or tuple of ids
    and dicts) as a Schedula.Mapping (key -> one or more values: a list or
    tuple as a value is several targets, as schedula's stlp() reads it; with
    @split_keys, a tuple as a key is several keys with the same targets, as
    schedula's add_dispatcher() builds its graph)."""
    if value is None:
        return None
    if isinstance(value, Schedula.Mapping):
        return value
    items = _mapping_items(value)
    mapping = Schedula.Mapping.new()
    for k, v in items:
        for key in (k if split_keys and isinstance(k, tuple) else (k,)):
            for target in (v if isinstance(v, (list, tuple)) else [v]):
                mapping.add(_id_in(key), _id_in(target))
    return mapping


def _mapping_items(value):
    """The (key, value) pairs of a mapping form of _mapping()."""
    items = []
    if isinstance(value, collections.abc.Mapping):
        items.extend(value.items())
    elif isinstance(value, (list, tuple)):
        seen = set()
        for item in value:
            pairs = (list(item.items()) if isinstance(item, collections.abc.Mapping)
                     else [(item, item)])
            for k, v in pairs:
                if k in seen:
                    raise ValueError('keyword argument repeated (%s)' % (k,))
                seen.add(k)
                items.append((k, v))
    else:
        items.append((value, value))
    return items


def _given_mapping(value):
    """A mapping of add_dispatcher() as schedula keeps it in the node's
    attributes (a dict; tuples for several ids), when a key in it is a
    tuple (several ids, which the library's mapping lists one by one);
    else None."""
    if value is None or isinstance(value, Schedula.Mapping):
        return None
    items = _mapping_items(value)
    if not any(isinstance(k, tuple) for k, _ in items):
        return None
    return {k: tuple(v) if isinstance(v, list) else v for k, v in items}


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
        several = isinstance(node, Schedula.FunctionNode) and node.get_n_outputs() > 1
        for f in filters:
            node.add_filter(_result_filter(f) if several else _function(f))
    if await_result is not None:
        node.set_await_result(bool(await_result))
        _remember(node, 'await_result', await_result)
    if attributes:
        node.py_attributes = dict(attributes)
    return _id_out(node.get_id())


class Dispatcher(Schedula.Dispatcher):
    """schedula's Dispatcher: the model, with its keyword API."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    def __init__(self, dmap=None, name='', default_values=None, raises=False,
                 description='', executor=False, **kwargs):
        Schedula.Dispatcher.__init__(self, **kwargs)
        self.set_name(name or '')
        self.raises = raises
        if description:
            self.set_description(description)
        if executor:
            self.set_executor(executor)
        if dmap is not None:
            # schedula shares the graph (nodes, edges and functions) and not
            # the default values, which are a dict of their own
            source = getattr(dmap, '_dispatcher', None) if isinstance(dmap, Graph) else None
            if source is None:
                raise TypeError('dmap: only the dmap of a Dispatcher can be adopted (%s is '
                                'not); build the model with add_data/add_function/'
                                'add_dispatcher' % type(dmap).__name__)
            self.extend(source)
            for data_id in self.default_values:
                self.set_default_value(data_id, EMPTY)
        for k, v in (default_values or {}).items():
            # schedula's form, {id: {'value': ..., 'initial_dist': ...}}, or
            # {id: value}; the data node is made when the model has none yet
            v = dict(v) if isinstance(v, dict) and 'value' in v else {'value': v}
            if not isinstance(self.lookup_node(_id_in(k)), Schedula.DataNode):
                self.add_data(k, default_value=v['value'],
                              initial_dist=v.get('initial_dist', 0.0))
            else:
                self.set_default_value(k, v['value'], v.get('initial_dist', 0.0))

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
        its own solution (`sol`). Before the first dispatch, an empty
        Solution, as schedula's."""
        sol = self.get_solution()
        return as_solution(sol) if sol is not None else _base.empty_solution(self)

    def _py_touch(self, *args):
        """Forgets the views of the model (nodes, dmap): the model changed."""
        self.__dict__.pop('_py_views_cache', None)

    def _py_views(self):
        """(nodes, dmap), made once per version of the model, so that an edit
        of an attribute dict stays, and its weight reaches the model."""
        views = self.__dict__.get('_py_views_cache')
        key = (self.get_n_items(),)
        if views is not None and views[0] == key:
            return views[1]
        nodes = {}
        for node in self:
            nodes[_id_out(node.get_id())] = _NodeAttributes(node, _node_attributes(node))
        edges = []
        for node in self:
            u = node.get_id()
            for v in self.dup_successors(u):
                has, w = self.get_edge_weight(u, v)
                if isinstance(node, Schedula.DataNode):
                    port, data_id, output = self.lookup_node(v), u, False
                else:
                    port, data_id, output = node, v, True
                if has:
                    w = _given(port, ('out', v) if output else ('in', u), w)
                attrs = _EdgeAttributes(port, data_id, output, {'weight': w} if has else {})
                edges.append((_id_out(u), _id_out(v), attrs))
        views = (nodes, Graph(nodes.items(), edges, self))
        self.__dict__['_py_views_cache'] = (key, views)
        return views

    @property
    def nodes(self):
        """Node id -> schedula's attributes of the node, in order. The dicts
        stay while the model does not change; setting or removing a
        function's 'weight' in them changes the model."""
        return self._py_views()[0]

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
        """The model graph: nodes with their attributes (those of `nodes`),
        edges with their weights. Setting or removing an edge's 'weight'
        (`dsp.dmap.edges['a', 'f']['weight'] = 3`) changes the model, and
        `dsp.dmap.remove_node(id)` removes the node, as in schedula
        (`dsp.dmap.remove_nodes_from(ids)` removes many in one pass)."""
        return self._py_views()[1]

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
        self._py_touch()
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
        self._py_touch()
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
        """Adds a sub-dispatcher node; returns its id. As in schedula, @dsp
        may be a blueprint (registered here) or the keyword arguments of
        add_from_lists() for a new dispatcher named @dsp_id."""
        self._py_touch()
        if hasattr(dsp, 'register') and not isinstance(dsp, Schedula.Dispatcher):
            dsp = dsp.register(memo={})
        if isinstance(dsp, collections.abc.Mapping):
            lists = dsp
            dsp = type(self)(name=dsp_id or 'unknown', executor=self.get_executor() or False)
            dsp.add_from_lists(**lists)
        elif not isinstance(dsp, Schedula.Dispatcher):
            raise TypeError('add_dispatcher: dsp must be a Dispatcher, a blueprint or a dict of '
                            'add_from_lists() arguments, not %s' % type(dsp).__name__)
        in_map = _mapping(inputs, split_keys=True)
        out_map = _mapping(outputs, split_keys=True)
        given = {k: m for k, m in (('inputs', _given_mapping(inputs)),
                                   ('outputs', _given_mapping(outputs))) if m is not None}
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
        if kwargs or (given and not (inputs_prefix or outputs_prefix)):
            node.py_attributes = dict(given, **kwargs)
        return _id_out(node.get_id())

    def set_default_value(self, data_id, value=EMPTY, initial_dist=0.0):
        """Sets (or with EMPTY removes) the default value of a data node."""
        self._py_touch()
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
        exception (DispatcherError, ..., and, as schedula's, the exception
        of the first function that failed and left an output without a
        value, unless its node has await_result); cancel() stops the
        dispatch. As schedula's Solution
        of an asynchronous dispatch, the future reads as a mapping of node
        ids to concurrent.futures.Futures until result() is called, and as
        the solution afterwards (see DispatchFuture). Every Solution has
        result(), which returns it, so `dsp.dispatch(...,
        executor=X).result()` is the solution whatever X."""
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

        def run():
            result = self._dispatch(sets, outputs, options, stop, select_output_kw)
            sol = _selected_solution.value if select_output_kw else result
            return result, sol, _first_failure(sol)

        def plan():
            # the nodes the dispatch reaches if every function succeeds
            planned = _dispatch_options(inputs_dist, wildcard, True, shrink, rm_unused_nds, '')
            return _run_prepared(self, sets, outputs, planned, None).keys()

        return _in_background(run, stop.cancellable, name,
                              dict(inputs) if isinstance(inputs, collections.abc.Mapping)
                              else None, plan)

    def _dispatch(self, sets, outputs, options, stop, select_output_kw):
        """dispatch() in this thread, once its arguments are converted."""
        _last_exception.value = None
        _pending_stop.value = None
        try:
            with stop as cancellable:
                sol = as_solution(_run_prepared(self, sets, outputs, options, cancellable))
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
        return [as_solution(s) for s in solutions]

    # -- operations ---------------------------------------------------------

    def get_node(self, *node_ids, node_attr='auto'):
        """schedula's get_node: (the node's value, function or attribute,
        the real node path). The path goes into sub-dispatchers and, as
        schedula's, into the model of a function node whose function wraps
        one (SubDispatch, SubDispatchFunction, pipes, MapDispatch, through
        partial and add_args too): its output is read in the solution that
        node's call made."""
        try:
            node, path = _call(Schedula.Dispatcher.get_node, self, [_id_in(n) for n in node_ids])
        except ValueError:
            found = self._get_node_in_wrapper(node_ids, node_attr)
            if found is None and node_attr in ('auto', 'output'):
                # a value of the last dispatch that is not a node (an input
                # the model does not have), as schedula's
                value = self._output(node_ids)
                if value is not EMPTY:
                    return value, tuple(node_ids)
            if found is None:
                raise
            return found
        path = tuple(_ids_out(path))
        attrs = _node_attributes(node)
        data = isinstance(node, Schedula.DataNode)
        if node_attr == 'output' or (node_attr == 'auto' and data):
            # a data node's value; a function node's: the solution its call
            # made (a wrapper's), as schedula's
            value = self._output(path)
            if value is not EMPTY:
                return value, path
            if node_attr == 'output':
                raise ValueError('Path %r has no output.' % (list(path),))
            return attrs, path
        if node_attr == 'auto':
            return attrs['function'], path
        if node_attr is None:
            return attrs, path
        if node_attr == 'default_value':
            dsp = node.get_dispatcher()
            return dsp.default_values.get(_id_out(node.get_id()), EMPTY), path
        if node_attr in ('description', 'value_type'):
            # its own, else read from the docstrings of the functions
            from .descriptions import node_description
            return node_description(node.get_dispatcher(), _id_out(node.get_id()), attrs,
                                    node_attr), path
        if node_attr == 'dsp':
            return node.get_dispatcher(), path   # the model the node is in
        return attrs.get(node_attr, attrs), path

    def _get_node_in_wrapper(self, node_ids, node_attr):
        """get_node() of a path that goes through a function node that wraps
        a model: the longest prefix that is such a node, then the rest in
        its model (or, for an output, in the solution of its call); None
        when there is none."""
        for k in range(len(node_ids) - 1, 0, -1):
            try:
                node, path = _call(Schedula.Dispatcher.get_node, self,
                                   [_id_in(n) for n in node_ids[:k]])
            except ValueError:
                continue
            model = _wrapped_model_of(node)
            if model is None:
                continue
            path = tuple(_ids_out(path))
            attrs, inner = model.get_node(*node_ids[k:], node_attr=None)
            if node_attr == 'output' or (node_attr == 'auto' and attrs.get('type') == 'data'):
                # the output in the solution of the node's call
                value = self._output(node_ids)
                if value is not EMPTY:
                    return value, path + tuple(inner)
            value, inner = model.get_node(*node_ids[k:], node_attr=node_attr)
            return value, path + tuple(inner)
        return None

    def _output(self, path):
        """The value at @path in the last solution (see Solution.get_node),
        or EMPTY."""
        sol = self.get_solution()
        if sol is not None:
            try:
                return sol.get_node(*path)[0]
            except ValueError:
                pass
        return EMPTY

    def copy(self):
        """A deep copy of the model (functions and child dispatchers are
        shared)."""
        dsp = _call(Schedula.Dispatcher.copy, self)
        _copy_python_attributes(self, dsp)
        return dsp

    def __copy__(self):
        """copy.copy(): copy(), as PyGObject copies no GObject."""
        return self.copy()

    def __deepcopy__(self, memo):
        """copy.deepcopy(): copy() (schedula's Dispatcher.copy() is its
        deepcopy)."""
        dsp = memo[id(self)] = self.copy()
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


def get_sub_node(dsp, path, node_attr='auto', solution=NONE, _level=0, _dsp_name=NONE):
    """schedula's get_sub_node(): dsp.get_node(*path, node_attr=...) (of
    @solution when given one)."""
    if isinstance(path, str):
        path = (path,)
    if solution is not NONE and node_attr in ('auto', 'output'):
        return solution.get_node(*path)
    return dsp.get_node(*path, node_attr=node_attr)


_export(get_sub_node)


def _wrapped_model_of(node):
    """The model that the function of a function node wraps (through
    functools.partial and add_args too), or None."""
    if not isinstance(node, Schedula.FunctionNode):
        return None
    f = node.get_function()
    for _ in range(64):   # a partial of a partial of ...: bounded
        if isinstance(f, Schedula.Dispatcher):
            return f
        if isinstance(f, Schedula.Function):
            model = Schedula.Function.get_wrapped_dispatcher(f)
            if model is not None:
                return model
            f = f.__dict__.get('py_function')
        elif isinstance(f, functools.partial) or hasattr(f, 'func'):
            f = f.func
        else:
            return None
    return None


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


def _result_filter(f):
    """A filter of a function node of several outputs as schedula calls it:
    with the function's whole result, one tuple, and what it returns is the
    new result (the library calls a node's filter with one argument per
    output and spreads what it returns). A library Function stays as it
    is. It reads back (the node's 'filters') as @f."""
    if isinstance(f, Schedula.Function):
        return f

    def whole(*results):
        return f(results)

    lib = function(whole, name=_function_name(f))
    lib.py_function = f
    return lib


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
