# wrappers.py: dispatchers as functions: SubDispatch, SubDispatchFunction,
# SubDispatchPipe, DispatchPipe, MapDispatch, and the compiled Pipe.
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import collections.abc
import copy as _copy
import inspect

from gi.repository import GLib
from gi.overrides import override

from ._base import OVERRIDES_MODULE, Schedula, _DISPATCH_ERROR_DOMAIN, exporter
from .errors import (_E_UNREACHABLE, _check_stop, _dispatch_exception, _last_exception,
                     _library_exception)
from .functions import _call_function
from .helpers import _key_map, _output_type, _selected
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

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

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

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

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

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

    _py_wrapper = Schedula.SubDispatchPipe


SubDispatchPipe = override(SubDispatchPipe)
_export(SubDispatchPipe, 'SubDispatchPipe')


class DispatchPipe(_PipeWrapper, Schedula.DispatchPipe):
    """schedula's DispatchPipe: SubDispatchPipe that does not go around
    failures: a step that fails raises DispatcherError('The pipe is not
    respected.'). Its solution is not the node's."""

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

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

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

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

    __module__ = OVERRIDES_MODULE   # an override: PyGObject makes no GType of it

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
