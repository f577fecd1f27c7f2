# wrappers.py: dispatchers as functions: SubDispatch, SubDispatchFunction,
# SubDispatchPipe, DispatchPipe, MapDispatch, and the compiled Pipe.
#
# Each wrapper is the library's (SchedulaSubDispatch, ...), made by __new__
# with schedula's keywords. What the library does not have (the keywords
# of the output selector, a first argument of keyword inputs, MapDispatch
# with another constructor or its keywords) the binding does in Python: the
# wrapper is then a Schedula.Function whose calls run Python (what the
# binding calls "closure-backed"), around the library's wrapper made with
# the output type 'all' (`_py_inner`); it keeps the class and the methods
# of the wrapper it stands for.
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import collections.abc
import copy as _copy
import functools
import inspect

from gi.repository import GLib
from gi.overrides import override

from ._base import OVERRIDES_MODULE, Schedula, _DISPATCH_ERROR_DOMAIN, as_solution, exporter
from . import blueprints
from .errors import (DispatcherError, _E_UNREACHABLE, _check_stop, _dispatch_exception,
                     _last_exception, _library_exception)
from .functions import _call_function, _trampoline, _wrapper_solution
from .helpers import _key_map, _output_type, _selected, bypass, combine_dicts, map_dict, selector
from .model import _Stopper, _dispatch_options, _ids
from .values import _dict_of, _ids_out, _inputs_table

__all__ = []
_export = exporter(globals())


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


# The keywords of selector() that output_type_kw may give (output_type is
# the wrapper's own)
_SELECTOR_KEYWORDS = ('allow_miss', 'copy')


def _selector_keywords(wrapper, output_type_kw):
    """@output_type_kw checked: a dict of selector()'s keywords."""
    if output_type_kw is None:
        return {}
    if not isinstance(output_type_kw, collections.abc.Mapping):
        raise TypeError('%s: output_type_kw must be a dict of keywords of selector(), not %s'
                        % (wrapper, type(output_type_kw).__name__))
    for key in output_type_kw:
        if key not in _SELECTOR_KEYWORDS:
            raise TypeError('%s: output_type_kw has the key %r; selector() takes %s'
                            % (wrapper, key, ' and '.join(_SELECTOR_KEYWORDS)))
    return dict(output_type_kw)


def _type_name(output_type):
    """A Schedula.OutputType as the name selector() takes."""
    for name, value in (('list', Schedula.OutputType.LIST), ('values', Schedula.OutputType.VALUES),
                        ('all', Schedula.OutputType.ALL)):
        if output_type == value:
            return name
    return 'dict'


def _unreachable(missed, sol):
    """The DispatcherError of outputs a wrapper did not reach."""
    return DispatcherError('\n  Unreachable output-targets: %s\n  Available outputs: %s'
                           % (missed, list(sol.keys())), sol=sol)


def _kwargs_from_first_arg(name, args, kwargs):
    """first_arg_as_kw: the first positional argument is a dict of keyword
    inputs, merged with the keywords (a key in both raises TypeError)."""
    if not args:
        raise TypeError('%s(): first_arg_as_kw=True: missing the first argument (a dict of '
                        'inputs)' % name)
    first = args[0]
    if not isinstance(first, collections.abc.Mapping):
        raise TypeError('%s(): first_arg_as_kw=True: the first argument must be a dict of '
                        'inputs, not %s' % (name, type(first).__name__))
    for key in first:
        if key in kwargs:
            raise TypeError('%s(): multiple values for argument %r' % (name, key))
    merged = dict(kwargs)
    merged.update(first)
    return args[1:], merged


class _PythonSide(object):
    """The Python side of a closure-backed wrapper; `init` is (class, args,
    kwargs) of its wrapper, from which pickle builds it again."""

    init = None

    def __reduce__(self):
        return _python_side_of, self.init


def _python_side_of(cls, args, kwargs):
    """Unpickles the Python side of a wrapper: the one of the wrapper built
    again."""
    return cls(*args, **kwargs).__dict__['_py_call']


class _PythonCall(_PythonSide):
    """The Python side of a closure-backed wrapper: calls the library's
    wrapper `inner` (made with the output type 'all') and selects the
    outputs with selector() and output_type_kw; with first_arg_as_kw, the
    first argument is a dict of keyword inputs. It is also what the
    library calls when the wrapper is a node's function (the trampoline
    gives the solution of the inner call to the node). Pickled, it is
    rebuilt from the arguments of its wrapper."""

    def __init__(self, inner, name, outputs, output_type, selector_kw, first_arg_as_kw):
        self.inner, self.name, self.outputs = inner, name, outputs
        self.output_type, self.selector_kw = output_type, selector_kw
        self.first_arg_as_kw = first_arg_as_kw

    def __call__(self, *args, **kwargs):
        if self.first_arg_as_kw:
            args, kwargs = _kwargs_from_first_arg(self.name, args, kwargs)
        sol = _call_function(self.inner, args, kwargs)
        if self.output_type == Schedula.OutputType.ALL:
            return sol
        node_solution = _wrapper_solution.value
        outputs = self.outputs or ()
        reached = {k: sol[k] for k in outputs if k in sol}
        try:
            return selector(list(outputs), reached, output_type=_type_name(self.output_type),
                            **self.selector_kw)
        except KeyError:
            raise _unreachable([k for k in outputs if k not in sol], sol) from None
        finally:
            # the selector's call has none: the node's is the model's
            _wrapper_solution.value = node_solution


def _closure_backed(cls, name, call, inner=None):
    """A Schedula.Function whose calls run @call, with the class @cls of the
    wrapper it stands for; @inner is the library's wrapper that its methods
    read."""
    self = Schedula.Function.new_for_closure(name, _trampoline(call))
    self.__class__ = cls
    self._py_call = call
    if inner is not None:
        self._py_inner = inner
    # for process executors: a node function of Python, sent by reference
    self.py_function = call
    self.py_reference = None
    return self


def _delegated(gi_class, name):
    """A method of @gi_class that reads the library's wrapper inside a
    closure-backed wrapper (the wrapper itself otherwise)."""
    method = getattr(gi_class, name)

    def delegated(self):
        return method(self.__dict__.get('_py_inner', self))

    delegated.__name__ = name
    delegated.__doc__ = method.__doc__
    return delegated


def _rebuilt(cls, args, kwargs):
    """Unpickles a wrapper: built again from its arguments."""
    return cls(*args, **kwargs)


def _deepcopied_arguments(arguments, memo):
    """Deep copies of a wrapper's arguments: the dispatchers in them are
    copied with Dispatcher.copy() (GObjects have no deepcopy)."""
    args, kwargs = arguments
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, Schedula.Dispatcher) and id(value) not in memo:
            try:
                memo[id(value)] = _copy.deepcopy(value, {})
            except TypeError:
                memo[id(value)] = value.copy()
    return _copy.deepcopy(args, memo), _copy.deepcopy(kwargs, memo)


class _Wrapper(object):
    """What the wrappers share: built by __new__ from the library's
    constructor (with schedula's keywords, by `_py_make`), named as
    schedula names them, the model (`dsp`) and the solution of the last
    call (`solution`). `_init_arguments` is (args, kwargs) as given to the
    constructor: blue() makes a Blueprint of them, pickle and copy build
    the wrapper again from them."""

    _py_name = None
    blue = blueprints.wrapper_blue

    def __new__(cls, *args, **kwargs):
        if args and isinstance(args[0], blueprints.Blueprint):
            # as schedula: a wrapper of a blueprint is a blueprint
            return blueprints.Blueprint(*args, **kwargs)._set_cls(cls)
        self = cls._py_make(*args, **kwargs)
        self._init_arguments = (args, kwargs)
        call = self.__dict__.get('_py_call')
        if call is not None:
            call.init = (cls, args, kwargs)
        return self

    def __init__(self, *args, **kwargs):
        # made by __new__
        pass

    def __reduce__(self):
        args, kwargs = self._init_arguments
        return _rebuilt, (type(self), args, kwargs)

    def __copy__(self):
        args, kwargs = self._init_arguments
        return type(self)(*args, **kwargs)

    def __deepcopy__(self, memo):
        copy = memo.get(id(self))
        if copy is None:
            args, kwargs = _deepcopied_arguments(self._init_arguments, memo)
            copy = memo[id(self)] = type(self)(*args, **kwargs)
        return copy

    def __getstate__(self):
        """The Python side of the wrapper (its construction arguments, its
        name): __setstate__() takes it back."""
        return {k: v for k, v in self.__dict__.items() if k in ('_init_arguments', '_py_name')}

    def __setstate__(self, state):
        if state.get('_init_arguments', self._init_arguments) != self._init_arguments:
            raise ValueError('%s.__setstate__: the state of a wrapper made with other '
                             'arguments: build a new one instead' % type(self).__name__)
        self.__dict__.update(state)

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
        return as_solution(self.dup_solution())

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

    def _call(self, args, kwargs=None):
        """Calls the wrapper: its Python side when closure-backed."""
        call = self.__dict__.get('_py_call')
        if call is not None:
            return call(*args, **(kwargs or {}))
        return self._result(_call_function(self, args, kwargs))


class SubDispatch(_Wrapper, Schedula.SubDispatch):
    """schedula's SubDispatch: a dispatcher as a function of mappings of
    inputs, merged left to right; returns what @output_type says ('all':
    the solution; 'list', 'dict', 'values': the @outputs, selected with
    selector() and @output_type_kw, e.g. {'allow_miss': True}). An output
    that was not reached raises DispatcherError. As a node function, the
    solution becomes the node's (workflow attribute `solution`)."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    get_dispatcher = _delegated(Schedula.SubDispatch, 'get_dispatcher')
    get_outputs = _delegated(Schedula.SubDispatch, 'get_outputs')
    dup_solution = _delegated(Schedula.SubDispatch, 'dup_solution')

    @classmethod
    def _py_make(cls, dsp, outputs=None, inputs_dist=None, wildcard=False, no_call=False,
                 shrink=False, rm_unused_nds=False, output_type='all', function_id=None,
                 output_type_kw=None):
        selector_kw = _selector_keywords('SubDispatch', output_type_kw)
        options = _dispatch_options(inputs_dist, wildcard, no_call, shrink, rm_unused_nds)
        kind = _output_type(output_type, Schedula.OutputType.ALL)
        if selector_kw and kind != Schedula.OutputType.ALL:
            inner = Schedula.SubDispatch.new(dsp, _ids(outputs), Schedula.OutputType.ALL,
                                             options)
            call = _PythonCall(inner, function_id or inner.get_name(), _ids(outputs), kind,
                               selector_kw, False)
            self = _closure_backed(cls, inner.get_name(), call, inner)
            self._py_output_type = kind
        else:
            self = Schedula.SubDispatch.new(dsp, _ids(outputs), kind, options)
        self._py_name = function_id
        return self

    def get_output_type(self):
        return self.__dict__.get('_py_output_type') or \
            Schedula.SubDispatch.get_output_type(self)

    def __call__(self, *input_dicts, copy_input_dicts=False, _stopper=None, _executor=False,
                 _sol_name=(), _verbose=False):
        if copy_input_dicts:
            input_dicts = _copy.deepcopy(input_dicts)
        return self._call(input_dicts)


SubDispatch = override(SubDispatch)
_export(SubDispatch, 'SubDispatch')


def _new_model_function(cls, wrapper, dsp, function_id, inputs, outputs, inputs_dist, wildcard,
                        shrink, output_type, output_type_kw, first_arg_as_kw):
    """Makes a SubDispatchFunction or a pipe (@wrapper is the library's
    class) with schedula's arguments; keeps the output type, which the
    library does not tell. With output_type_kw or first_arg_as_kw it is
    closure-backed."""
    selector_kw = _selector_keywords(cls.__name__, output_type_kw)
    options = _dispatch_options(inputs_dist, wildcard, shrink=shrink, always=True)
    kind = _output_type(output_type, Schedula.OutputType.DEFAULT)
    resolved = _resolved_output_type(kind, outputs)
    python_side = first_arg_as_kw or (selector_kw and resolved != Schedula.OutputType.ALL)
    try:
        inner = wrapper.new(dsp, None if function_id is None else str(function_id),
                            _ids(inputs), _ids(outputs),
                            Schedula.OutputType.ALL if python_side else kind, options)
    except GLib.Error as error:
        raise _construction_exception(error) from None
    if python_side:
        call = _PythonCall(inner, inner.get_name(), _ids(outputs), resolved, selector_kw,
                           bool(first_arg_as_kw))
        self = _closure_backed(cls, inner.get_name(), call, inner)
    else:
        self = inner
    self._py_output_type = kind
    return self


class SubDispatchFunction(_Wrapper, Schedula.SubDispatchFunction):
    """schedula's SubDispatchFunction: a model as a function of @inputs
    (positional or keyword arguments; other keywords are more inputs) that
    returns @outputs (one: its value; several: a list; none: the
    solution), selected with selector() and @output_type_kw. With
    @first_arg_as_kw, the first argument is a dict of keyword inputs. The
    model is shrunk to them (unless @shrink is false); an output it does
    not have raises ValueError. A call raises TypeError for bad arguments,
    DispatcherError for outputs not reached."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    get_dispatcher = _delegated(Schedula.SubDispatchFunction, 'get_dispatcher')
    get_outputs = _delegated(Schedula.SubDispatchFunction, 'get_outputs')
    get_inputs = _delegated(Schedula.SubDispatchFunction, 'get_inputs')
    dup_solution = _delegated(Schedula.SubDispatchFunction, 'dup_solution')

    @classmethod
    def _py_make(cls, dsp, function_id=None, inputs=None, outputs=None, inputs_dist=None,
                 shrink=True, wildcard=True, output_type=None, output_type_kw=None,
                 first_arg_as_kw=False):
        return _new_model_function(cls, Schedula.SubDispatchFunction, dsp, function_id, inputs,
                                   outputs, inputs_dist, wildcard, shrink, output_type,
                                   output_type_kw, first_arg_as_kw)

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
        return self._call(args, kwargs)


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

    @classmethod
    def _py_make(cls, dsp, function_id=None, inputs=None, outputs=None, inputs_dist=None,
                 no_domain=True, wildcard=True, shrink=True, output_type=None,
                 output_type_kw=None, first_arg_as_kw=False):
        _unsupported(no_domain=not no_domain)
        return _new_model_function(cls, cls._py_wrapper, dsp, function_id, inputs, outputs,
                                   inputs_dist, wildcard, shrink, output_type, output_type_kw,
                                   first_arg_as_kw)

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
        return self._call(args, kwargs)


class SubDispatchPipe(_PipeWrapper, Schedula.SubDispatchPipe):
    """schedula's SubDispatchPipe: SubDispatchFunction over a pipe compiled
    once (the visiting order of the model from @inputs to @outputs) and
    replayed at each call without a search; input domains are not checked.
    When a step fails the replay stops, and an output it did not reach
    raises DispatcherError. Keywords other than the inputs raise
    TypeError."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    _py_wrapper = Schedula.SubDispatchPipe
    get_pipe = _delegated(Schedula.SubDispatchPipe, 'get_pipe')
    dup_solution = _delegated(Schedula.SubDispatchPipe, 'dup_solution')


SubDispatchPipe = override(SubDispatchPipe)
_export(SubDispatchPipe, 'SubDispatchPipe')


class DispatchPipe(_PipeWrapper, Schedula.DispatchPipe):
    """schedula's DispatchPipe: SubDispatchPipe that does not go around
    failures: a step that fails raises DispatcherError('The pipe is not
    respected.'). Its solution is not the node's."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    _py_wrapper = Schedula.DispatchPipe
    get_pipe = _delegated(Schedula.DispatchPipe, 'get_pipe')
    dup_solution = _delegated(Schedula.DispatchPipe, 'dup_solution')


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


def _recursive_data(recursive_inputs, input_data, outputs):
    """The inputs of a run of MapDispatch after the first, with
    @recursive_inputs: the selected outputs of the run before (renamed by a
    dict) under @input_data."""
    if not isinstance(outputs, collections.abc.Mapping):
        outputs = {}
    data = selector(list(recursive_inputs), outputs, allow_miss=True)
    if isinstance(recursive_inputs, collections.abc.Mapping):
        data = map_dict(recursive_inputs, data)
    data.update(input_data)
    return data


def _no_function_keywords(*args, **kwargs):
    return {}


class _MapCall(_PythonSide):
    """The Python side of a MapDispatch made with another constructor or
    other keywords than outputs and output_type: each call builds a
    Dispatcher (made with the MapDispatch's extra keywords) with one node
    per input set, each the function made by the constructor (chained by
    recursive data nodes with recursive_inputs), and dispatches it; its
    solution is the MapDispatch's. Pickled, it is rebuilt from the
    arguments of its MapDispatch."""

    dsp = last = None   # the model and the solution of the last call

    def __init__(self, func, defaults, recursive_inputs, func_kw, labels, dsp_kwargs):
        self.func, self.defaults, self.recursive_inputs = func, defaults, recursive_inputs
        self.func_kw = func_kw or _no_function_keywords
        self.labels, self.dsp_kwargs = labels, dsp_kwargs

    def _model(self, inputs, recursive):
        from .model import Dispatcher
        input_label, output_label, data_label, cluster_label = self.labels
        dsp = Dispatcher(**self.dsp_kwargs)
        width = len(str(len(inputs) + 1))
        items = [(str(k).zfill(width), v) for k, v in enumerate(inputs, 1)]

        def labels(label):
            return [label.format(k, **v) for k, v in items]

        ins, outs = labels(input_label), labels(output_label)
        clusters = [{'body': {'label': '"%s"' % c, 'labelloc': 'b'}}
                    for c in labels(cluster_label)]
        runs = labels('run<{}>')
        if recursive:
            data = labels(data_label)
            dsp.add_data(ins[0], clusters=clusters[0])
            dsp.add_function(function=bypass, inputs=[ins[0]], outputs=[data[0]],
                             clusters=clusters[0])
            step = functools.partial(_recursive_data, recursive)
            ids = labels('recursive_data<{}>')
            for i in range(1, len(items)):
                dsp.add_data(ins[i], clusters=clusters[i])
                dsp.add_function(ids[i], step, inputs=[ins[i], outs[i - 1]], outputs=[data[i]],
                                 clusters=clusters[i])
            run_inputs = data
        else:
            run_inputs = ins
        for k, (i, o, c, run) in enumerate(zip(run_inputs, outs, clusters, runs)):
            dsp.add_data(i, clusters=c)
            kw = {'clusters': c, 'function_id': run}
            kw.update(self.func_kw(k, **inputs[k]))
            dsp.add_function(function=self.func, inputs=[i], outputs=[o], **kw)
            dsp.add_data(o, clusters=c)
        return dsp, ins, outs

    def __call__(self, inputs, defaults=None, recursive_inputs=None, _stopper=None,
                 _executor=False):
        defaults = combine_dicts(self.defaults or {}, defaults or {})
        inputs = [combine_dicts(defaults, d) for d in inputs]
        if not inputs:
            return []
        recursive = recursive_inputs or self.recursive_inputs
        self.dsp, ins, outs = self._model(inputs, recursive)
        sol = self.dsp.dispatch(dict(zip(ins, inputs)), outs, stopper=_stopper,
                                executor=_executor)
        self.last = sol
        missed = [o for o in outs if o not in sol]
        if missed:
            raise _unreachable(missed, sol)
        result = [sol[o] for o in outs]
        # in a dispatch, the solution is the node's
        _wrapper_solution.value = sol
        return result


class MapDispatch(_Wrapper, Schedula.MapDispatch):
    """schedula's MapDispatch: one model over a list of input sets. A call
    f(inputs, defaults=None, recursive_inputs=None) runs the function
    `constructor(dsp, **constructor_kwargs)` (SubDispatch by default) on
    each input set merged over the defaults, and returns the list of the
    results; with @recursive_inputs, the selected outputs of each run
    (renamed by a dict) go under the inputs of the next. The library maps
    with SubDispatch(outputs, output_type); another constructor, other
    keywords, @func_kw or Dispatcher keywords (@kwargs) make the
    MapDispatch dispatch a model of the runs in Python, whose solution is
    `solution`."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    @classmethod
    def _py_make(cls, dsp, defaults=None, recursive_inputs=None, constructor=None,
                 constructor_kwargs=None, function_id=None, func_kw=None,
                 input_label='inputs<{}>', output_label='outputs<{}>', data_label='data<{}>',
                 cluster_label='task<{}>', **kwargs):
        if constructor is not None and not callable(constructor):
            raise TypeError('MapDispatch: constructor must be callable (a wrapper class), not %r'
                            % (constructor,))
        if constructor_kwargs is not None and \
                not isinstance(constructor_kwargs, collections.abc.Mapping):
            raise TypeError('MapDispatch: constructor_kwargs must be a dict, not %s'
                            % type(constructor_kwargs).__name__)
        kw = dict(constructor_kwargs or {})
        outputs = kw.get('outputs')
        output_type = kw.get('output_type', 'all')
        plain = (constructor is None or constructor is SubDispatch) and not func_kw and \
            not kwargs and set(kw) <= {'outputs', 'output_type'}
        if plain:
            self = Schedula.MapDispatch.new(dsp, _dict_of(defaults) if defaults else None,
                                            _recursive_mapping(recursive_inputs), _ids(outputs),
                                            _output_type(output_type, Schedula.OutputType.ALL))
        else:
            func = (constructor or SubDispatch)(dsp, **kw)
            call = _MapCall(func, defaults, recursive_inputs, func_kw,
                            (input_label, output_label, data_label, cluster_label), kwargs)
            self = _closure_backed(cls, function_id or dsp.name or 'MapDispatch', call)
        self._py_name = function_id
        self._py_model = (dsp, defaults, outputs, output_type)
        return self

    @property
    def dsp(self):
        return self._py_model[0]

    @property
    def func(self):
        """The function of each run (closure-backed MapDispatch only)."""
        call = self.__dict__.get('_py_call')
        return None if call is None else call.func

    def dup_solution(self):
        """The solution of the last call, when the MapDispatch dispatches a
        model of its runs (None before, and for the library's mapping)."""
        call = self.__dict__.get('_py_call')
        return None if call is None else call.last

    @property
    def solution(self):
        call = self.__dict__.get('_py_call')
        if call is None:
            raise AttributeError('MapDispatch keeps no solution: the library maps the input '
                                 'sets without an intermediate dispatcher')
        return call.last

    def __call__(self, inputs, defaults=None, recursive_inputs=None, _stopper=None,
                 _executor=False, _sol_name=(), _verbose=False):
        call = self.__dict__.get('_py_call')
        if call is not None:
            return call(inputs, defaults, recursive_inputs, _stopper=_stopper,
                        _executor=_executor)
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

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    blue = blueprints.wrapper_blue

    def __new__(cls, *args, **kwargs):
        self = cls._py_make(*args, **kwargs)
        self._init_arguments = (args, kwargs)
        return self

    @classmethod
    def _py_make(cls, dsp, inputs=None, outputs=None, inputs_dist=None, wildcard=True,
                 shrink=True):
        options = _dispatch_options(inputs_dist, wildcard, shrink=shrink, always=True)
        try:
            return Schedula.Pipe.new(dsp, _ids(inputs), _ids(outputs), options)
        except GLib.Error as error:
            raise _construction_exception(error) from None

    def __init__(self, *args, **kwargs):
        # made by __new__
        pass

    __reduce__ = _Wrapper.__reduce__
    __copy__ = _Wrapper.__copy__
    __deepcopy__ = _Wrapper.__deepcopy__

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
