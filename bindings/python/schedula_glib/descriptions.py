# descriptions.py: schedula's descriptions and value types of nodes, for
# get_node(node_attr='description' | 'value_type'): a node's own
# description, else the docstring of its function, else, for a data node,
# what the docstrings of the functions that take or give it say about it
# (Sphinx fields: ":param [type] name:", ":type name:", ":return[s]:",
# ":rtype:"), looking through partial, add_args, the wrappers' models and
# sub-dispatchers.
#
# SPDX-License-Identifier: EUPL-1.2

import inspect
import re

from ._base import Schedula

# How deep the search goes through the models of wrappers and
# sub-dispatchers: a bound, not recursion without one.
_MAX_DEPTH = 64


def summary(doc):
    """The first sentence of the first paragraph of @doc (its first line
    when no sentence starts with a capital letter), as schedula's."""
    lines = doc.split('\n')
    while lines and not lines[0].strip():
        lines.pop(0)
    for i, line in enumerate(lines):
        if not line.strip():
            lines = lines[:i]
            break
    m = re.search(r'^([A-Z].*?\.)(?:\s|$)', ' '.join(lines).strip())
    if m:
        return m.group(1).strip()
    return lines[0].strip() if lines else ''


def _field(doc, name, of_input, what):
    """What the docstring @doc says of the parameter @name (@of_input) or
    of the return value: its description, or its value type."""
    if what == 'value_type':
        if of_input:
            m = re.search(r':param[ \t]+(\S[^:\n]*?)[ \t]+%s:' % re.escape(name), doc)
            if m:
                return m.group(1).strip()
            pattern = r':type[ \t]+%s:' % re.escape(name)
        else:
            pattern = r':rtype:'
    elif of_input:
        pattern = r':param\b[^:\n]*\b%s:' % re.escape(name)
    else:
        pattern = r':returns?:'
    m = re.search(pattern, doc)
    return summary(doc[m.end():]) if m else ''


def _unwrapped(func, position=None):
    """The function inside functools.partial and add_args layers, and the
    position in it of the argument at @position (schedula's
    parent_func())."""
    from .helpers import parent_func
    if isinstance(func, Schedula.Function):
        func = func.__dict__.get('py_function', func)
    if position is None:
        return parent_func(func)
    return parent_func(func, position)


def _is_wrapper(func, *names):
    return type(func).__name__ in names and hasattr(func, 'get_dispatcher')


def _is_copier(func):
    from . import helpers
    return func is helpers.bypass or func is helpers.replicate_value or \
        (isinstance(func, Schedula.Function) and func.get_name() in ('bypass', 'replicate_value'))


def _own_description(func):
    """The description a function gives itself: a model's name for a
    Dispatcher, SubDispatch and MapDispatch, the function id of the other
    wrappers, else the summary of its docstring."""
    if isinstance(func, Schedula.Dispatcher):
        return func.get_name() or ''
    if _is_wrapper(func, 'SubDispatch', 'MapDispatch'):
        return func.get_dispatcher().get_name() or ''
    if _is_wrapper(func, 'SubDispatchFunction', 'SubDispatchPipe', 'DispatchPipe'):
        return func.__name__ or ''
    return summary(getattr(func, '__doc__', None) or '')


def node_description(dsp, node_id, attrs, what, depth=0):
    """get_node(node_attr=@what) of the node @node_id of @dsp, whose
    attributes are @attrs."""
    if what in attrs:
        return attrs[what]
    if attrs['type'] in ('function', 'dispatcher'):
        func = attrs.get('function')
        return _own_description(_unwrapped(func)) if func is not None else ''
    if depth > _MAX_DEPTH:
        return ''
    nodes, dmap = dsp.nodes, dsp.dmap
    for search in (_in_takers, _in_givers, _in_children_taking, _in_children_giving):
        found = search(dsp, nodes, dmap, node_id, what, depth)
        if found:
            return found
    return ''


def _inner(model, inner_id, what, depth):
    """node_description() of @inner_id in @model (a wrapper's or a
    sub-dispatcher's), '' when it is not a node there."""
    attrs = model.nodes.get(inner_id)
    if attrs is None:
        return ''
    return node_description(model, inner_id, attrs, what, depth + 1)


def _in_takers(dsp, nodes, dmap, node_id, what, depth):
    """The functions that take the data node, in the order of their ids."""
    for k in sorted(dmap.succ[node_id], key=str):
        attrs = nodes[k]
        if attrs['type'] != 'function':
            continue
        position = attrs['inputs'].index(node_id)
        func, n = _unwrapped(attrs['function'], position)
        if 'input_domain' in attrs and (n < 0 or _is_copier(func)):
            func, n = _unwrapped(attrs['input_domain'], position)
            if n < 0:
                continue
        elif _is_copier(func):
            continue
        if _is_wrapper(func, 'SubDispatchFunction', 'SubDispatchPipe', 'DispatchPipe'):
            inputs = func.inputs or ()
            found = _inner(func.dsp, inputs[n], what, depth) if 0 <= n < len(inputs) else ''
        else:
            found = _parameter(func, n, what)
        if found:
            return found
    return ''


def _parameter(func, n, what):
    doc = getattr(func, '__doc__', None)
    if not doc or n < 0:
        return ''
    try:
        parameters = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return ''
    name = None
    for i, p in enumerate(parameters):
        name = p.name
        if i == n or p.kind is inspect.Parameter.VAR_POSITIONAL:
            break
    return _field(doc, name, True, what) if name is not None else ''


def _in_givers(dsp, nodes, dmap, node_id, what, depth):
    """The functions that give the data node: those with one output, and
    the wrappers, whose outputs are named."""
    for k in sorted(dmap.pred[node_id], key=str):
        attrs = nodes[k]
        if attrs['type'] != 'function':
            continue
        func = _unwrapped(attrs['function'])
        wrapper = _is_wrapper(func, 'SubDispatch', 'SubDispatchFunction', 'SubDispatchPipe',
                              'DispatchPipe')
        if len(dmap.succ[k]) != 1 and not wrapper:
            continue
        if wrapper:
            outputs = func.outputs or ()
            n = attrs['outputs'].index(node_id)
            found = ''
            if func.get_output_type() == Schedula.OutputType.LIST or \
                    _is_wrapper(func, 'SubDispatchFunction', 'SubDispatchPipe', 'DispatchPipe'):
                found = _inner(func.dsp, outputs[n], what, depth) if n < len(outputs) else ''
        elif _is_copier(func):
            continue
        else:
            doc = getattr(func, '__doc__', None) or ''
            found = _field(doc, None, False, what) if doc else ''
        if found:
            return found
    return ''


def _stlp(ids):
    return ids if isinstance(ids, tuple) else (ids,)


def _in_children(dsp, nodes, dmap, node_id, what, depth, taking):
    """The sub-dispatchers the data node goes into (@taking) or comes
    from: its ids there."""
    neighbours, side = (dmap.succ, 'inputs') if taking else (dmap.pred, 'outputs')
    for k in sorted(neighbours[node_id], key=str):
        attrs = nodes[k]
        if attrs['type'] != 'dispatcher':
            continue
        for key, value in attrs[side].items():
            parent, child = (key, value) if taking else (value, key)
            if node_id in _stlp(parent):
                for c in _stlp(child):
                    found = _inner(attrs['function'], c, what, depth)
                    if found:
                        return found
    return ''


def _in_children_taking(*args):
    return _in_children(*args, taking=True)


def _in_children_giving(*args):
    return _in_children(*args, taking=False)
