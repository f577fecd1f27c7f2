# blueprints.py: schedula's Blueprint, BlueDispatcher, Dispatcher.blue()
# and Dispatcher.extend() in Python.
#
# A Blueprint records how to build an object: the class, its constructor's
# arguments and a list of deferred method calls (method name, keyword
# arguments). register() builds the object and replays the calls; an
# argument that is itself a Blueprint is registered first, once per memo,
# so that one blueprint used twice in a model gives one object. The library
# has the same for C, GJS and Vala (SchedulaBlueprint, recording model
# operations); here it is schedula's generic recorder, which takes any
# class, as schedula's users write `Blueprint(...)._set_cls(MyClass)`.
#
# SPDX-License-Identifier: EUPL-1.2

import functools
import inspect

from ._base import Schedula
from . import helpers, model

__all__ = ['Blueprint', 'BlueDispatcher']


def _dispatcher_class():
    return model.Dispatcher


def _registered(value, memo):
    return value.register(memo=memo) if isinstance(value, Blueprint) else value


def _call_registered(fn, args, kwargs, memo):
    return fn(*(_registered(a, memo) for a in args),
              **{k: _registered(v, memo) for k, v in kwargs.items()})


class Blueprint(object):
    """A recorded construction: `register()` builds `cls(*args, **kwargs)` and
    replays the deferred method calls on it."""

    cls = None  # None: the Dispatcher

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.deferred = []

    def __getstate__(self):
        state = {k: self.__dict__[k] for k in ('args', 'kwargs', 'deferred', 'cls')
                 if k in self.__dict__}
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__dict__.setdefault('deferred', [])

    def _set_cls(self, cls):
        self.cls = cls
        return self

    def register(self, obj=None, memo=None):
        """Builds the object (or takes `obj`) and replays every deferred call.

        `memo` maps blueprints to what they registered: a blueprint found in
        it is not registered again. Returns the object."""
        if memo and self in memo and memo[self] is not None:
            return memo[self]
        if obj is None:
            cls = self.cls if self.cls is not None else _dispatcher_class()
            obj = _call_registered(cls, self.args, self.kwargs, memo)
        for method, kwargs in self.deferred:
            _call_registered(getattr(obj, method), (), kwargs, memo)
        if memo is not None:
            memo[self] = obj
        return obj

    def extend(self, *blues, memo=None):
        """Appends the deferred calls of other blueprints (or of dispatchers,
        through their `blue()`). Returns self."""
        memo = {} if memo is None else memo
        dispatcher = _dispatcher_class()
        for blue in blues:
            if isinstance(blue, dispatcher):
                blue = blue.blue(memo=memo)
            for method, kwargs in blue.deferred:
                getattr(self, method)(**kwargs)
        return self

    def __call__(self, *args, **kwargs):
        """Registers the blueprint and calls what it built."""
        return self.register(memo={})(*args, **kwargs)


def _recorder(method):
    """A BlueDispatcher method that records a call of Dispatcher.<method>,
    with its arguments checked against that method's signature."""

    def record(self, *args, **kwargs):
        signature = inspect.signature(getattr(_dispatcher_class(), method))
        bound = signature.bind(None, *args, **kwargs)
        recorded = {}
        for name, value in list(bound.arguments.items())[1:]:
            kind = signature.parameters[name].kind
            if kind == inspect.Parameter.VAR_KEYWORD:
                recorded.update(value)
            else:
                recorded[name] = value
        self.deferred.append((method, recorded))
        return self

    record.__name__ = record.__qualname__ = method
    record.__doc__ = ('Records a call of Dispatcher.%s() with these arguments, made by '
                      'register(); returns self.' % method)
    return record


class BlueDispatcher(Blueprint):
    """A blueprint of a Dispatcher: the model-building methods record their
    call and return the blueprint, so that calls chain; `register()` gives a
    new Dispatcher each time."""

    def __init__(self, dmap=None, name='', default_values=None, raises=False, description='',
                 executor=False):
        super().__init__(dmap=dmap, name=name, default_values=default_values, raises=raises,
                         description=description, executor=executor)

    add_data = _recorder('add_data')
    add_function = _recorder('add_function')
    add_func = _recorder('add_func')
    add_dispatcher = _recorder('add_dispatcher')
    add_from_lists = _recorder('add_from_lists')
    set_default_value = _recorder('set_default_value')


def parent_blue(func, memo=None, depth=-1):
    """The blueprint of a node's function: dispatchers and wrappers become
    blueprints (to `depth` levels), partials and add_args keep their shape
    with their parts made blueprints, anything else is itself."""
    memo = {} if memo is None else memo
    if isinstance(func, functools.partial):
        return type(func)(*(parent_blue(v, memo, depth) for v in (func.func,) + func.args),
                          **{k: parent_blue(v, memo, depth) for k, v in func.keywords.items()})
    if isinstance(func, helpers.add_args):
        return type(func)(parent_blue(func.func, memo, depth), func.n,
                          parent_blue(func.callback, memo, depth))
    if isinstance(func, Schedula.Dispatcher) or hasattr(func, '_init_arguments'):
        return func.blue(memo, depth)
    return func


def _weights(edges):
    weights = {node: attrs['weight'] for node, attrs in edges.items() if 'weight' in attrs}
    return weights or None


def dispatcher_blue(self, memo=None, depth=-1):
    """Dispatcher.blue(): a BlueDispatcher that builds this model again, its
    sub-dispatchers and wrapped dispatchers made blueprints to `depth`
    levels (all when negative)."""
    if depth == 0:
        return self
    depth -= 1
    memo = {} if memo is None else memo
    if self in memo:
        return memo[self]
    blue = BlueDispatcher(name=self.name, raises=self.raises, description=self.__doc__,
                          executor=self.get_executor() or False)
    memo[self] = blue
    defaults = self.default_values
    dmap = self.dmap
    dispatcher = _dispatcher_class()
    for node_id, attrs in sorted(self.nodes.items(), key=lambda item: item[1]['index']):
        attrs = dict(attrs)
        kind = attrs.pop('type')
        del attrs['index']
        if kind == 'data':
            method, attrs['data_id'] = 'add_data', node_id
            if node_id in defaults:
                attrs['default_value'] = defaults[node_id]['value']
                attrs['initial_dist'] = defaults[node_id].get('initial_dist', 0.0)
        else:
            method = 'add_function' if kind == 'function' else 'add_dispatcher'
            key = 'function' if kind == 'function' else 'dsp'
            attrs[key + '_id'] = node_id
            attrs.pop('wait_inputs', None)
            inp_weight, out_weight = _weights(dmap.pred[node_id]), _weights(dmap.succ[node_id])
            if inp_weight:
                attrs['inp_weight'] = inp_weight
            if out_weight and kind == 'function':
                attrs['out_weight'] = out_weight
            if 'function' in attrs:
                attrs[key] = parent_blue(attrs.pop('function'), memo, depth)
        parameters = inspect.signature(getattr(dispatcher, method)).parameters
        blue.deferred.append((method, {k: v for k, v in attrs.items() if k in parameters}))
    return blue


def dispatcher_extend(self, *blues, memo=None):
    """Dispatcher.extend(): replays the deferred calls of blueprints (or the
    models of dispatchers) on this dispatcher. Returns self."""
    return BlueDispatcher().extend(*blues, memo=memo).register(self, memo=memo)


def wrapper_blue(self, memo=None, depth=-1):
    """SubDispatch.blue() and the other wrappers: a Blueprint of the wrapper,
    its dispatcher made a blueprint to `depth` levels."""
    if depth == 0:
        return self
    depth -= 1
    memo = {} if memo is None else memo
    if self not in memo:
        args, kwargs = self._init_arguments
        memo[self] = Blueprint(
            *(parent_blue(v, memo, depth) for v in args),
            **{k: parent_blue(v, memo, depth) for k, v in kwargs.items()})._set_cls(type(self))
    return memo[self]


model.Dispatcher.blue = dispatcher_blue
model.Dispatcher.extend = dispatcher_extend


def _registered_blueprint(blue):
    """The unpickler of dispatchers: the blueprint, registered."""
    return blue.register(memo={})


def _dispatcher_reduce(self):
    # A dispatcher pickles as the blueprint of its model (its functions,
    # defaults and sub-dispatchers, pickled by value or reference as pickle
    # or dill can), not its last solution: schedula's loaded dispatchers
    # start without one too.
    return _registered_blueprint, (self.blue(),)


model.Dispatcher.__reduce__ = _dispatcher_reduce
