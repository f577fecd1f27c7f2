# helpers.py: schedula.utils.dsp in Python: the library's helpers with
# schedula's signatures (bypass, summation, selector, replicate_value,
# combine_dicts, map_dict, map_list, run_model), the nested-dict helpers,
# and the Python-only ones (stlp, kk_dict, partial, add_args, parent_func).
#
# SPDX-License-Identifier: EUPL-1.2

import copy as _copy
import functools
import inspect

from gi.repository import GLib

from ._base import Schedula, exporter
from .errors import _library_exception
from .functions import _call_function, _trampoline, _wrapper_solution
from .values import Token, _id_in, from_value, to_value

__all__ = []
_export = exporter(globals())


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


def _run_model_node(func, *args):
    """run_model as a node function: a model (a Dispatcher or a function of
    the library) runs in the library's run_model, whose solution becomes
    the node's; any other callable is called with the other arguments,
    and the node gets no solution."""
    if isinstance(func, (Schedula.Dispatcher, Schedula.Function)):
        return _call_function(_C_RUN_MODEL, (func,) + args)
    result = func(*args)
    # the solution of a wrapper that @func called is not the node's
    _wrapper_solution.value = None
    return result


_RUN_MODEL = Schedula.Function.new_for_closure('run_model', _trampoline(_run_model_node))
# worker processes and model files know it as the library's run_model
if _C_RUN_MODEL.get_ref() is not None:
    _RUN_MODEL.set_ref(_C_RUN_MODEL.get_ref())
_node_function(run_model, _RUN_MODEL)
