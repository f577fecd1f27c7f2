# test_schedula_wrappers_compat.py: the wrapper options of schedula that the
# binding does in Python (output_type_kw, first_arg_as_kw, MapDispatch with
# another constructor or its keywords), run_model of a plain callable, and
# how the wrappers are rebuilt (_init_arguments, blue(), copy, pickle).
# Expected values are schedula 1.5.78's.
#
# SPDX-License-Identifier: EUPL-1.2

import copy
import pickle

import pytest

from conftest import sh


def split(a):
    return a + 1, a - 1


@pytest.fixture
def sub():
    """fun(a) = (a + 1, a - 1) -> b, c; e is never computed."""
    dsp = sh.Dispatcher(name='sub')
    dsp.add_function('fun', split, ['a'], ['b', 'c', 'e'])
    return dsp


@pytest.fixture
def minmax():
    """max(a, b) -> c, min(c, b) -> d: builtins only."""
    dsp = sh.Dispatcher(name='minmax')
    dsp.add_function('max', max, ['a', 'b'], ['c'])
    dsp.add_function('min', min, ['c', 'b'], ['d'])
    return dsp


MODEL_FUNCTIONS = [sh.SubDispatchFunction, sh.SubDispatchPipe, sh.DispatchPipe]


# -- output_type_kw -----------------------------------------------------------

def test_sub_dispatch_output_type_kw(sub):
    f = sh.SubDispatch(sub, ['c', 'e'], output_type='list', output_type_kw={'allow_miss': True})
    assert f({'a': 3}) == [2]
    assert f.solution['c'] == 2 and f.solution['a'] == 3
    assert f.outputs == ['c', 'e']
    assert f.dsp is sub
    assert isinstance(f, sh.SubDispatch)
    g = sh.SubDispatch(sub, ['c', 'e'], output_type='dict', output_type_kw={'allow_miss': True})
    assert g({'a': 3}) == {'c': 2}
    h = sh.SubDispatch(sub, ['b', 'c'], output_type='values', output_type_kw={'allow_miss': True})
    assert h({'a': 3}) == (4, 2)


def test_sub_dispatch_output_type_kw_as_node(sub):
    f = sh.SubDispatch(sub, ['c', 'e'], output_type='list', output_type_kw={'allow_miss': True})
    dsp = sh.Dispatcher()
    dsp.add_function('dispatch_val', f, ['d'], ['h'])
    sol = dsp({'d': {'a': 3}})
    assert sol['h'] == [2]
    assert isinstance(sol.workflow.nodes['dispatch_val']['solution'], sh.Solution)


def test_sub_dispatch_output_type_kw_missing_output(sub):
    f = sh.SubDispatch(sub, ['c', 'e'], output_type='list', output_type_kw={'copy': True})
    with pytest.raises(sh.DispatcherError, match='Unreachable output-targets'):
        f({'a': 3})


def test_output_type_kw_copy(sub):
    value = {'x': [1]}
    ident = sh.Dispatcher()
    ident.add_function('bypass', sh.bypass, ['a'], ['b'])
    f = sh.SubDispatch(ident, ['b'], output_type='values', output_type_kw={'copy': True})
    result = f({'a': value})
    assert result == value and result is not value


@pytest.mark.parametrize('wrapper', MODEL_FUNCTIONS)
def test_model_function_output_type_kw(minmax, wrapper):
    f = wrapper(minmax, 'F', ['a', 'b'], ['c', 'd'], output_type='dict',
                output_type_kw={'allow_miss': True})
    assert f(1, 3) == {'c': 3, 'd': 3}
    assert f.__name__ == 'F'
    assert isinstance(f, wrapper)


@pytest.mark.parametrize('wrapper', [sh.SubDispatch] + MODEL_FUNCTIONS)
def test_output_type_kw_bad_key(minmax, wrapper):
    with pytest.raises(TypeError, match=r"%s: output_type_kw has the key 'foo'"
                       % wrapper.__name__):
        wrapper(minmax, outputs=['c'], output_type='list', output_type_kw={'foo': 1})


def test_output_type_kw_not_a_dict(minmax):
    with pytest.raises(TypeError, match='SubDispatchFunction: output_type_kw must be a dict'):
        sh.SubDispatchFunction(minmax, 'F', ['a', 'b'], ['c'], output_type_kw=['allow_miss'])


# -- first_arg_as_kw ----------------------------------------------------------

@pytest.mark.parametrize('wrapper', MODEL_FUNCTIONS)
def test_first_arg_as_kw(minmax, wrapper):
    f = wrapper(minmax, 'F', ['a', 'b'], ['c', 'd'], first_arg_as_kw=True)
    assert f({'a': 1, 'b': 3}) == [3, 3]
    assert f({'a': 4}, b=2) == [4, 2]
    assert f.inputs == ['a', 'b']
    assert isinstance(f, wrapper)


@pytest.mark.parametrize('wrapper', [sh.SubDispatchFunction, sh.SubDispatchPipe])
def test_first_arg_as_kw_then_positional(minmax, wrapper):
    f = wrapper(minmax, 'F', ['a', 'b'], ['c', 'd'], first_arg_as_kw=True)
    assert f({}, 5, 1) == [5, 1]


def test_first_arg_as_kw_single_output(minmax):
    f = sh.SubDispatchFunction(minmax, inputs=['a', 'b'], outputs=['c'], first_arg_as_kw=True)
    assert f({'a': 3, 'b': 1}) == 3


def test_first_arg_as_kw_as_node(minmax):
    f = sh.SubDispatchFunction(minmax, 'F', ['a', 'b'], ['d'], first_arg_as_kw=True)
    dsp = sh.Dispatcher()
    dsp.add_function('F', f, ['kw'], ['out'])
    sol = dsp({'kw': {'a': 2, 'b': 1}})
    assert sol['out'] == 1
    assert 'solution' in sol.workflow.nodes['F']


@pytest.mark.parametrize('wrapper', MODEL_FUNCTIONS)
def test_first_arg_as_kw_errors(minmax, wrapper):
    f = wrapper(minmax, 'F', ['a', 'b'], ['c'], first_arg_as_kw=True)
    with pytest.raises(TypeError, match=r'F\(\): first_arg_as_kw=True: the first argument '
                                        r'must be a dict of inputs, not int'):
        f(3)
    with pytest.raises(TypeError, match=r'F\(\): first_arg_as_kw=True: missing the first'):
        f()
    with pytest.raises(TypeError, match=r"F\(\): multiple values for argument 'a'"):
        f({'a': 1}, a=2)


# -- MapDispatch --------------------------------------------------------------

def test_map_dispatch_constructor_kwargs(minmax):
    f = sh.MapDispatch(minmax, function_id='F', constructor_kwargs={
        'outputs': ['c'], 'output_type': 'values', 'wildcard': True})
    assert f.__name__ == 'F'
    assert f([{'a': 2, 'b': 1}, {'a': 3, 'b': 7}]) == [2, 7]
    assert sorted(f.solution) == ['inputs<1>', 'inputs<2>', 'outputs<1>', 'outputs<2>']
    assert f.dup_solution() is not None
    assert isinstance(f, sh.MapDispatch)


@pytest.mark.parametrize('constructor', [sh.DispatchPipe, sh.SubDispatchPipe,
                                         sh.SubDispatchFunction])
def test_map_dispatch_constructor(minmax, constructor):
    f = sh.MapDispatch(minmax, constructor=constructor, constructor_kwargs={
        'inputs': ['a', 'b'], 'outputs': ['c', 'd'], 'output_type': 'list',
        'first_arg_as_kw': True})
    assert f([{'a': 1, 'b': 2}, {'a': 5, 'b': 0}]) == [[2, 2], [5, 0]]
    assert isinstance(f.func, constructor)


def test_map_dispatch_defaults(minmax):
    f = sh.MapDispatch(minmax, constructor=sh.SubDispatchFunction, defaults={'b': 3},
                       constructor_kwargs={'inputs': ['a', 'b'], 'outputs': ['d'],
                                           'first_arg_as_kw': True})
    assert f([{'a': 1}, {'a': 5, 'b': 0}]) == [3, 0]


def test_map_dispatch_recursive(minmax):
    f = sh.MapDispatch(minmax, recursive_inputs={'c': 'a'}, constructor_kwargs={
        'outputs': ['c'], 'output_type': 'dict', 'wildcard': True})
    assert f([{'a': 1, 'b': 2}, {'b': 0}, {'b': 7}]) == [{'c': 2}, {'c': 2}, {'c': 7}]


def test_map_dispatch_as_node(minmax):
    f = sh.MapDispatch(minmax, constructor=sh.DispatchPipe, constructor_kwargs={
        'inputs': ['a', 'b'], 'outputs': ['c'], 'first_arg_as_kw': True})
    dsp = sh.Dispatcher()
    dsp.add_function('map', f, ['sets'], ['results'])
    sol = dsp({'sets': [{'a': 1, 'b': 2}, {'a': 4, 'b': 3}]})
    assert sol['results'] == [2, 4]
    assert isinstance(sol.workflow.nodes['map']['solution'], sh.Solution)


def test_map_dispatch_errors(minmax):
    with pytest.raises(TypeError, match='MapDispatch: constructor must be callable'):
        sh.MapDispatch(minmax, constructor='SubDispatch')
    with pytest.raises(TypeError, match='MapDispatch: constructor_kwargs must be a dict'):
        sh.MapDispatch(minmax, constructor_kwargs=['outputs'])
    f = sh.MapDispatch(minmax, constructor_kwargs={'outputs': ['c'], 'wildcard': True,
                                                   'output_type': 'values'})
    with pytest.raises(sh.DispatcherError, match='Unreachable output-targets'):
        f([{'a': 1}])


# -- run_model ----------------------------------------------------------------

def test_run_model_plain_callable():
    dsp = sh.Dispatcher()
    dsp.add_function('execute', sh.run_model, ['model', 'inputs'], ['outputs'])
    sol = dsp({'model': lambda x: max(x.values()), 'inputs': {'b': 1, 'a': 2}})
    assert sol['outputs'] == 2
    assert 'solution' not in sol.workflow.nodes['execute']


def test_run_model_dispatcher_still_attaches_solution(minmax):
    dsp = sh.Dispatcher()
    dsp.add_function('execute', sh.run_model, ['model', 'inputs'], ['outputs'])
    sol = dsp({'model': minmax, 'inputs': {'a': 2, 'b': 1}})
    assert sorted(sol['outputs'].items()) == [('a', 2), ('b', 1), ('c', 2), ('d', 1)]
    assert 'solution' in sol.workflow.nodes['execute']


def test_run_model_callable_calling_a_wrapper(sub):
    # the solution of a wrapper the callable runs is not the node's
    inner = sh.SubDispatch(sub, ['b'], output_type='values')
    dsp = sh.Dispatcher()
    dsp.add_function('execute', sh.run_model, ['model', 'inputs'], ['outputs'])
    sol = dsp({'model': lambda x: inner(x), 'inputs': {'a': 1}})
    assert sol['outputs'] == 2
    assert 'solution' not in sol.workflow.nodes['execute']


# -- rebuilding: _init_arguments, blue(), copy, pickle --------------------------

def test_init_arguments(minmax, sub):
    f = sh.DispatchPipe(minmax, 'F', ['a', 'b'], outputs=['c'], first_arg_as_kw=True)
    assert f._init_arguments == ((minmax, 'F', ['a', 'b']),
                                 {'outputs': ['c'], 'first_arg_as_kw': True})
    g = sh.SubDispatch(sub, ['b'])
    assert g._init_arguments == ((sub, ['b']), {})
    m = sh.MapDispatch(minmax, constructor_kwargs={'outputs': ['c']})
    assert m._init_arguments == ((minmax,), {'constructor_kwargs': {'outputs': ['c']}})
    p = sh.Pipe(minmax, ['a', 'b'], ['c'])
    assert p._init_arguments == ((minmax, ['a', 'b'], ['c']), {})


@pytest.mark.parametrize('wrapper', [sh.SubDispatch, sh.MapDispatch] + MODEL_FUNCTIONS)
def test_blue(minmax, wrapper):
    assert wrapper.blue is sh.Dispatcher.blue.__globals__['wrapper_blue']
    kw = {} if wrapper is sh.MapDispatch else {'outputs': ['c']}
    if wrapper in MODEL_FUNCTIONS:
        # a pipe needs its inputs: without them, schedula's SubDispatchPipe
        # reaches nothing and c is an unreachable output (ValueError)
        kw['inputs'] = ['a', 'b']
    f = wrapper(minmax, **kw)
    blue = f.blue()
    assert isinstance(blue, sh.Blueprint)
    g = blue.register()
    assert type(g) is wrapper and g is not f
    assert g._init_arguments[1].keys() == f._init_arguments[1].keys()


def test_blueprint_argument_gives_blueprint():
    blue = sh.BlueDispatcher()
    blue.add_function('max', max, ['a', 'b'], ['c'])
    f = sh.SubDispatchFunction(blue, 'F', ['a', 'b'], ['c'])
    assert isinstance(f, sh.Blueprint)
    assert f.register()(1, 2) == 2


@pytest.mark.parametrize('first_arg_as_kw', [False, True])
def test_copy_dispatch_pipe(minmax, first_arg_as_kw):
    f = sh.DispatchPipe(minmax, 'F', ['a', 'b'], ['c'], first_arg_as_kw=first_arg_as_kw)
    args = ({'a': 1, 'b': 3},) if first_arg_as_kw else (1, 3)
    for g in (copy.copy(f), copy.deepcopy(f)):
        assert type(g) is sh.DispatchPipe and g is not f
        assert g(*args) == 3
        assert g.__name__ == 'F'
    assert copy.copy(f).dsp is not None


def test_dispatch_pipe_state(minmax):
    f = sh.DispatchPipe(minmax, inputs=['a', 'b'], outputs=['c'])
    assert f(a=1, b=3) == 3
    f.__setstate__(f.__getstate__())
    assert f(a=1, b=3) == 3
    other = sh.DispatchPipe(minmax, inputs=['b', 'a'], outputs=['c'])
    with pytest.raises(ValueError, match='DispatchPipe.__setstate__'):
        f.__setstate__(other.__getstate__())


@pytest.mark.parametrize('wrapper', MODEL_FUNCTIONS)
def test_pickle(minmax, wrapper):
    for first_arg_as_kw in (False, True):
        f = wrapper(minmax, 'F', ['a', 'b'], ['c'], first_arg_as_kw=first_arg_as_kw)
        g = pickle.loads(pickle.dumps(f))
        assert type(g) is wrapper
        assert g({'a': 1, 'b': 4} if first_arg_as_kw else 1, *(() if first_arg_as_kw else (4,))) == 4


def test_dill(minmax):
    dill = pytest.importorskip('dill')
    f = sh.SubDispatch(minmax, ['c'], output_type='values')
    assert dill.loads(dill.dumps(f))({'a': 1, 'b': 4}) == 4


def test_reduce(minmax):
    # what pickle and dill get, whatever the Dispatcher's own pickling
    f = sh.SubDispatchPipe(minmax, 'F', ['a', 'b'], ['c'])
    rebuild, (cls, args, kwargs) = f.__reduce__()
    assert cls is sh.SubDispatchPipe
    assert (args, kwargs) == f._init_arguments
    assert rebuild(cls, args, kwargs)(1, 5) == 5


# -- sequences of the helpers are schedula's ----------------------------------

def test_helper_sequences():
    assert sh.bypass(1, 2) == (1, 2) and type(sh.bypass(1, 2)) is tuple
    assert sh.bypass() == ()
    assert sh.bypass([1]) == [1]
    assert sh.replicate_value(1, 3) == (1, 1, 1)
    assert sh.replicate_value([1], 1) == [1]
    assert type(sh.selector(['a', 'b'], {'a': 1, 'b': 2}, output_type='list')) is list
    assert sh.selector(['a', 'b'], {'a': 1, 'b': 2}, output_type='values') == (1, 2)
    assert sh.selector(['a'], {'a': (1,)}, output_type='values') == (1,)
    assert sh.summation((1,), (2,)) == (1, 2)
    assert sh.summation([1], [2]) == [1, 2]


def nested_wrappers(outer_id, middle_id):
    """outer: node @outer_id, a SubDispatch of middle, whose node @middle_id
    is partial(func, 5), func a SubDispatchFunction of inner (a, e -> a + 1,
    e). Returns (outer, middle, func)."""
    inner = sh.Dispatcher(name='inner')
    inner.add_function('fun', lambda a, e: (a + 1, e), ['a', 'e'], ['b', 'c'])
    func = sh.SubDispatchFunction(inner, 'func', ['e', 'a'], ['c', 'b'])
    middle = sh.Dispatcher(name='middle')
    middle.add_function(middle_id, sh.partial(func, 5), ['a'], ['b', 'c'])
    outer = sh.Dispatcher(name='outer')
    outer.add_function(outer_id, sh.SubDispatch(middle, ['b', 'c'], output_type='list'),
                       ['input'], ['h', 'i'])
    return outer, middle, func


def test_wrapper_solutions_are_named_after_their_node():
    """The solution of a wrapper that a node runs is named after the node,
    under the solution the node runs for (schedula's _sol_name), through a
    partial too; a wrapper called outside a dispatch has no name."""
    outer, middle, func = nested_wrappers('dispatch', 'sub_dispatch')
    sol = outer.dispatch({'input': {'a': 3}})
    assert sol['h'] == 5 and sol.full_name == ()
    mid = sol.workflow.nodes['dispatch']['solution']
    assert mid.full_name == ('dispatch',)
    assert mid.workflow.nodes['sub_dispatch']['solution'].full_name == ('dispatch', 'sub_dispatch')
    assert func(1, 2) == [1, 3] and func.solution.full_name == ()


def test_library_functions_pickle():
    """A model's functions pickle as what they are made of: a Python
    callable, or the library's function that their reference names (the
    SINK's bypass, builtin:bypass)."""
    import pickle
    dsp = sh.Dispatcher()
    dsp.add_function('f', sh.bypass, ['a', 'b'], ['c', sh.SINK])
    sink = dsp.nodes[sh.SINK]['function']
    assert sink.get_ref() == 'builtin:bypass'
    again = pickle.loads(pickle.dumps(sink))
    assert again.get_ref() == 'builtin:bypass' and again.get_name() == sink.get_name()
    f = pickle.loads(pickle.dumps(sh.function(max)))
    assert f(3, 4) == 4
    assert pickle.loads(pickle.dumps(dsp))({'a': 1, 'b': 2})['c'] == 1


def test_dispatcher_from_a_dmap_and_default_values():
    """Dispatcher(dmap=other.dmap) shares the graph of another model, not
    its default values; default_values in schedula's form make the data
    nodes they need."""
    src = sh.Dispatcher()
    src.add_data('a', default_value=5)
    src.add_function('f', lambda a: a + 1, ['a'], ['b'])
    dsp = sh.Dispatcher(dmap=src.dmap)
    assert list(dsp.nodes) == list(src.nodes) and dsp.default_values == {}
    assert dsp.dispatch({'a': 1})['b'] == 2
    with_defaults = sh.Dispatcher(default_values=src.default_values)
    assert with_defaults.default_values == {'a': {'value': 5, 'initial_dist': 0.0}}
    with pytest.raises(TypeError, match='dmap'):
        sh.Dispatcher(dmap={'a': {}})


def test_dispatchers_copy():
    """copy.copy() and copy.deepcopy() of a Dispatcher are copy(): a model
    of its own, which dispatches as the original."""
    dsp = sh.Dispatcher(name='orig')
    dsp.add_function('inc', lambda a: a + 1, ['a'], ['b'])
    for c in (copy.copy(dsp), copy.deepcopy(dsp), copy.deepcopy({'m': dsp})['m']):
        assert c is not dsp and c.name == 'orig' and c({'a': 1}) == {'a': 1, 'b': 2}
        c.add_data('x')
        assert 'x' not in dsp.nodes


def test_get_node_goes_into_wrapper_functions():
    """get_node() (of the model and of the solution) and get_sub_node() go
    into the model of a function node that wraps one, through partial too:
    outputs come from the solution of the node's call."""
    outer, middle, func = nested_wrappers('disp', 'sub')
    sol = outer.dispatch({'input': {'a': 3}})
    assert sol.get_node('disp', 'b') == (5, ('disp', 'b'))
    assert sol.get_node('disp', 'sub', 'b') == (4, ('disp', 'sub', 'b'))
    assert outer.get_node('disp', 'sub', 'b') == (4, ('disp', 'sub', 'b'))
    assert outer.get_node('disp', 'sub', 'b', node_attr='type') == ('data', ('disp', 'sub', 'b'))
    assert outer.get_node('disp', 'sub', 'b', node_attr='dsp')[0] is func.dsp
    node_sol, path = outer.get_node('disp', 'sub', node_attr='output')
    assert isinstance(node_sol, sh.Solution) and node_sol['b'] == 4 and path == ('disp', 'sub')
    assert outer.get_node('disp', 'sub')[0] is middle.get_node('sub')[0]
    assert sh.get_sub_node(outer, ('disp', 'sub', 'c')) == (5, ('disp', 'sub', 'c'))
    with pytest.raises(ValueError):
        outer.get_node('disp', 'nope')
    with pytest.raises(ValueError):
        sol.get_node('disp', 'sub', 'nope')


def _described(a, c):
    """
    Sums.

    :param a:
        Nice a.
    :type a: float

    :param int c:
        Third param.

    :return:
        Out param.
    :rtype: tuple
    """
    return a + c


def test_descriptions_from_docstrings():
    """node_attr='description' and 'value_type' of a data node read the
    docstring of the function that takes it (its :param: and :type:) or
    gives it (:return: and :rtype:), through partial, add_args, the wrappers'
    models and sub-dispatchers; a function node's is the summary of its
    docstring (a model's name for a SubDispatch); a node's own description
    comes first."""
    inner = sh.Dispatcher(name='Inner model.')
    inner.add_function('sum', _described, ['a', 'c'], ['s'])
    func = sh.SubDispatchFunction(inner, 'func', ['c', 'a'], ['s'])
    dsp = sh.Dispatcher()
    dsp.add_function('f', sh.partial(func, 5), ['x'], ['y'])
    dsp.add_function('g', sh.add_args(_described), ['skip', 'p', 'q'], ['r'])
    dsp.add_function('h', sh.SubDispatch(inner), ['m'], ['n'])
    dsp.add_data('own', description='Given.')
    dsp.add_function('k', _described, ['own', 'q'], ['z'])
    dsp.add_dispatcher(inner, inputs={'w': 'a'}, outputs={'s': 'v'}, dsp_id='sub')

    def des(*path, what='description'):
        return dsp.get_node(*path, node_attr=what)[0]

    assert des('x') == 'Nice a.' and des('x', what='value_type') == 'float'
    assert des('p') == 'Nice a.' and des('q') == 'Third param.'
    assert des('q', what='value_type') == 'int'
    assert des('y') == 'Out param.' and des('r', what='value_type') == 'tuple'
    assert des('own') == 'Given.' and des('skip') == ''
    assert des('w') == 'Nice a.' and des('v') == 'Out param.'
    assert des('f') == 'func' and des('h') == 'Inner model.' and des('k') == 'Sums.'
    assert des('sub') == 'Inner model.' and des('sub', 'c') == 'Third param.'
