# test_wrappers.py: dispatchers as functions (schedula's SubDispatch,
# SubDispatchFunction, MapDispatch, run_model, a Dispatcher as a node
# function) from Python
#
# The wrappers are the library's functions, made with schedula's keywords;
# called from Python they take schedula's arguments, and as node functions
# they run without a Python call, their model's solution attached to the
# node. Failures are schedula's exceptions.
#
# SPDX-License-Identifier: EUPL-1.2

import inspect
import math

import pytest

from conftest import fail, sh


def split(a):
    return a + 1, a - 1


def sum_diff(a, b):
    return a + b, a - b


@pytest.fixture
def sub():
    """schedula's SubDispatch example: fun(a) = (a + 1, a - 1) -> b, c."""
    dsp = sh.Dispatcher(name='Sub-dispatcher')
    dsp.add_function('fun', split, ['a'], ['b', 'c'])
    return dsp


@pytest.fixture
def cycle():
    """schedula's SubDispatchFunction example: max(a, b) -> c, log(c - 1)
    -> a with the domain c > 1."""
    dsp = sh.Dispatcher(name='Dispatcher')
    dsp.add_function('max', max, inputs=['a', 'b'], outputs=['c'])
    dsp.add_function('log(x - 1)', lambda x: math.log(x - 1), inputs=['c'], outputs=['a'],
                     input_domain=lambda c: c > 1)
    return dsp


@pytest.fixture
def failing():
    """A model whose only function fails: x -> bad -> y."""
    dsp = sh.Dispatcher(name='failing')
    dsp.add_function('bad', fail, ['x'], ['y'])
    return dsp


# -- SubDispatch --------------------------------------------------------------

def test_sub_dispatch_output_types(sub):
    assert sh.SubDispatch(sub, ['c', 'b'], output_type='list')({'a': 3}) == [2, 4]
    assert sh.SubDispatch(sub, ['c', 'b'], output_type='dict')({'a': 3}) == {'c': 2, 'b': 4}
    assert sh.SubDispatch(sub, ['c', 'b'], output_type='values')({'a': 3}) == (2, 4)
    assert sh.SubDispatch(sub, ['c'], output_type='values')({'a': 3}) == 2
    sol = sh.SubDispatch(sub)({'a': 3})
    assert isinstance(sol, sh.Solution) and dict(sol) == {'a': 3, 'b': 4, 'c': 2}


def test_sub_dispatch_merges_inputs_left_to_right(sub):
    f = sh.SubDispatch(sub, ['c', 'b'], output_type='list')
    assert f({'a': 3}, {'a': 10}) == [9, 11]
    assert f({'a': 3}, {}) == [2, 4]
    inputs = {'a': [1]}
    sh.SubDispatch(sub)(inputs, copy_input_dicts=True)


def test_sub_dispatch_names_and_attributes(sub):
    f = sh.SubDispatch(sub, ['b'])
    assert f.__name__ == 'Sub-dispatcher' and f.dsp is sub and f.outputs == ['b']
    assert f.solution is None
    f({'a': 1})
    # the dispatch stops at its outputs
    assert dict(f.solution) == {'a': 1, 'b': 2}
    named = sh.SubDispatch(sub, function_id='named')
    assert named.__name__ == 'named'
    dsp = sh.Dispatcher()
    assert dsp.add_function(function=named, inputs=['x'], outputs=['y']) == 'named'
    assert dsp.add_function(function=f, inputs=['x'], outputs=['z']) == 'Sub-dispatcher'
    assert dsp.nodes['named']['function'] is named


def test_sub_dispatch_unreachable_outputs(sub):
    f = sh.SubDispatch(sub, ['b', 'zz'], output_type='dict')
    with pytest.raises(sh.DispatcherError) as info:
        f({'a': 3})
    assert str(info.value) == ("\n  Unreachable output-targets: {'zz'}\n"
                               "  Available outputs: ['a', 'b']")
    assert dict(info.value.sol) == {'a': 3, 'b': 4}


def test_sub_dispatch_as_node_function(sub):
    dsp = sh.Dispatcher(name='Dispatcher')
    dispatch = sh.SubDispatch(sub, ['a', 'b', 'c'], output_type='dict')
    assert dsp.add_function('Sub-dispatch', dispatch, ['d'], ['e']) == 'Sub-dispatch'
    o = dsp.dispatch(inputs={'d': {'a': 3}})
    assert o['e'] == {'a': 3, 'b': 4, 'c': 2} and type(o['e']) is dict
    sol = o.workflow.nodes['Sub-dispatch']['solution']
    assert repr(sol) == "Solution({'a': 3, 'b': 4, 'c': 2})"
    assert sol == o['e']
    assert dict(o.get_sub_solution('Sub-dispatch')) == dict(sol)
    assert list(o.pipe['Sub-dispatch']['sub_pipe']) == ['a', 'fun', 'b', 'c']


def test_sub_dispatch_list_output_reaches_python_function(sub):
    seen = []
    dsp = sh.Dispatcher()
    dsp.add_function('sd', sh.SubDispatch(sub, ['b', 'c'], output_type='list'), ['d'], ['l'])
    dsp.add_function('use', lambda l: seen.append(l) or sum(l), ['l'], ['s'])
    sol = dsp.dispatch({'d': {'a': 3}})
    assert seen == [[4, 2]] and sol['s'] == 6 and sol['l'] == [4, 2]


def test_failure_inside_a_wrapped_sub_model(failing):
    """The inner function fails: the inner solution records it, the
    wrapper reports its unreachable output, and the node is recorded as
    failed (the search goes around it)."""
    dsp = sh.Dispatcher()
    dsp.add_function('sd', sh.SubDispatch(failing, ['y'], output_type='values'), ['i'], ['o'])
    dsp.add_function('other', lambda i: 'fallback', ['i'], ['o'], weight=10)
    sol = dsp.dispatch({'i': {'x': 4}})
    assert sol['o'] == 'fallback'
    assert sol.errors == {'sd': 'Failed DISPATCHING \'sd\' due to:\n  DispatcherError('
                                '"\\n  Unreachable output-targets: {\'y\'}\\n  Available '
                                'outputs: [\'x\']")'}
    inner = sol.workflow.nodes['sd']['solution']
    assert dict(inner) == {'x': 4}
    assert inner.errors == {'bad': "Failed DISPATCHING 'bad' due to:\n  ValueError('fail')"}
    assert sol.pipe['sd']['error'] == sol.errors['sd']
    assert sol.pipe['sd']['sub_pipe']['bad']['error'] == inner.errors['bad']


def test_failure_inside_a_wrapped_sub_model_raises(failing):
    """With raises, the outer dispatch stops with DispatcherError whose
    exception is the wrapper's DispatcherError (with its solution)."""
    dsp = sh.Dispatcher(raises=True)
    dsp.add_function('sd', sh.SubDispatch(failing, ['y'], output_type='values'), ['i'], ['o'])
    with pytest.raises(sh.DispatcherError) as info:
        dsp.dispatch({'i': {'x': 4}})
    exc = info.value
    assert exc.args[:2] == ("Failed DISPATCHING '%s' due to:\n  %r", 'sd')
    assert isinstance(exc.ex, sh.DispatcherError)
    assert 'Unreachable output-targets' in str(exc.ex)
    assert dict(exc.sol) == {'i': {'x': 4}}


def test_inner_model_that_raises(failing):
    """A model with raises stops its own dispatch: the wrapper raises the
    DispatcherError of schedula, with the Python exception."""
    failing.raises = True
    f = sh.SubDispatch(failing, ['y'])
    with pytest.raises(sh.DispatcherError) as info:
        f({'x': 1})
    assert info.value.args[1] == 'bad' and isinstance(info.value.ex, ValueError)
    assert dict(info.value.sol) == {'x': 1}
    dsp = sh.Dispatcher()
    dsp.add_function('sd', f, ['i'], ['o'])
    sol = dsp.dispatch({'i': {'x': 1}})
    # inside the node, the failure is named by its path, as schedula's
    assert "Failed DISPATCHING 'sd/bad'" in sol.errors['sd']
    assert dict(sol.workflow.nodes['sd']['solution']) == {'x': 1}


def test_sub_dispatch_reads_solutions_and_refuses_non_mappings(sub):
    f = sh.SubDispatch(sub, ['b'], output_type='values')
    other = sh.Dispatcher()
    other.add_function('inc', lambda x: x + 1, ['x'], ['a'])
    first = other.dispatch({'x': 1})
    assert f(first) == 3
    assert f(first, {'a': 5}) == 6
    # a solution is a mapping of all its values: b is an input here
    assert f(sub.dispatch({'a': 1}), {'a': 5}) == 2
    with pytest.raises(TypeError, match='not a mapping'):
        f([1, 2])


def test_sub_dispatch_options(sub):
    # output_type_kw: tests/python/test_schedula_wrappers_compat.py
    f = sh.SubDispatch(sub, ['b'], output_type='dict', no_call=True)
    assert f({'a': 1}) == {'b': sh.NONE}


# -- a Dispatcher as a function -----------------------------------------------

def test_dispatcher_as_node_function():
    inner = sh.Dispatcher(name='S')
    inner.add_function('g', lambda x: x * 2, ['x'], ['y'])
    dsp = sh.Dispatcher()
    assert dsp.add_function('run', inner, ['inp'], ['out']) == 'run'
    assert dsp.add_function(function=inner, inputs=['inp'], outputs=['out2']) == 'S'
    assert dsp.nodes['run']['function'] is inner
    sol = dsp.dispatch({'inp': {'x': 4}})
    assert repr(sol) == ("Solution({'inp': {'x': 4}, 'out': Solution({'x': 4, 'y': 8}), "
                         "'out2': Solution({'x': 4, 'y': 8})})")
    assert dict(sol.workflow.nodes['run']['solution']) == {'x': 4, 'y': 8}
    assert sol.dist == {sh.START: -1, 'inp': 0.0, 'run': 1.0, 'S': 1.0, 'out': 2.0,
                        'out2': 2.0}


# -- SubDispatchFunction ------------------------------------------------------

def test_sub_dispatch_function(cycle):
    fun = sh.SubDispatchFunction(cycle, 'myF', ['a', 'b'], ['a'])
    assert fun.__name__ == 'myF' and fun.inputs == ['a', 'b'] and fun.outputs == ['a']
    assert fun(b=1, a=2) == 0.0
    assert dict(fun.solution) == {'a': 0.0, 'b': 1, 'c': 2}
    assert fun.dsp.name == 'myF' and fun.dsp is not cycle
    assert set(fun.dsp.nodes) == {'a', 'b', 'c', 'max', 'log(x - 1)'}


def test_sub_dispatch_function_errors(cycle):
    fun = sh.SubDispatchFunction(cycle, 'myF', ['a', 'b'], ['a'])
    with pytest.raises(sh.DispatcherError) as info:
        fun(1, 0)
    assert str(info.value) == ("\n  Unreachable output-targets: {'a'}\n"
                               "  Available outputs: ['b', 'c']")
    assert dict(info.value.sol) == {'b': 0, 'c': 1}
    for args, kwargs, message in [
            ((1,), {}, "missing a required argument: 'b'"),
            ((1, 2, 3), {}, 'too many positional arguments'),
            ((1, 2), {'zz': 3}, "myF() got an unexpected keyword argument 'zz'"),
            ((1, 2), {'b': 3}, "multiple values for argument 'b'")]:
        with pytest.raises(TypeError) as info:
            fun(*args, **kwargs)
        assert str(info.value) == message
    with pytest.raises(ValueError) as info:
        sh.SubDispatchFunction(cycle, 'bad', ['b'], ['c'])
    assert str(info.value) == "\n  Unreachable output-targets: {'c'}\n  Available outputs: []"


def test_sub_dispatch_function_outputs_and_defaults():
    dsp = sh.Dispatcher()
    dsp.add_data('k', default_value=10)
    dsp.add_function('f', sum_diff, ['a', 'k'], ['s', 'd'])
    f = sh.SubDispatchFunction(dsp, 'F', ['a', 'k'], ['d', 's'])
    assert f(1) == [-9, 11]
    assert f(1, 2) == [-1, 3]
    assert f(a=5) == [-5, 15]
    assert sh.SubDispatchFunction(dsp, 'F', ['a', 'k'], ['d', 's'], output_type='dict')(1) == \
        {'d': -9, 's': 11}
    assert sh.SubDispatchFunction(dsp, 'F', ['a', 'k'], ['d', 's'], output_type='values')(1) == \
        (-9, 11)
    everything = sh.SubDispatchFunction(dsp, 'F', ['a'])(3)
    assert isinstance(everything, sh.Solution) and everything['s'] == 13
    # an extra keyword that is a data node is one more input
    assert sh.SubDispatchFunction(dsp, 'F', ['a'], ['s'])(1, k=1) == 2


def test_sub_dispatch_function_signature_and_add_func():
    dsp = sh.Dispatcher()
    dsp.add_data('k', default_value=10)
    dsp.add_function('f', sum_diff, ['a', 'k'], ['s', 'd'])
    f = sh.SubDispatchFunction(dsp, 'F', ['a', 'k'], ['d', 's'])
    assert str(inspect.signature(f)) == '(a, k=10, **kw)'
    assert str(inspect.signature(sh.SubDispatchPipe(dsp, 'P', ['a', 'k'], ['d']))) == '(a, k=10)'
    top = sh.Dispatcher()
    assert top.add_func(f, outputs=['d', 's']) == 'F'
    assert top.nodes['F']['inputs'] == ['a']
    assert dict(top.dispatch({'a': 1})) == {'a': 1, 'd': -9, 's': 11}


def test_sub_dispatch_function_with_inputs_dist():
    """schedula returns NONE here (a reference bug, example 5.31); the
    library dispatches with the distances given."""
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a, b: a + b, ['a', 'b'], ['c'])
    f = sh.SubDispatchFunction(dsp, 'f', ['a', 'b'], ['c'], inputs_dist={'a': 1})
    assert f(1, 2) == 3
    assert f.solution.dist['a'] == 1.0 and f.solution.dist['b'] == 0.0


def test_sub_dispatch_function_as_node_function(cycle):
    dsp = sh.Dispatcher()
    dsp.add_function('F', sh.SubDispatchFunction(cycle, 'myF', ['a', 'b'], ['a']), ['x', 'y'],
                     ['z'])
    sol = dsp.dispatch({'x': 2, 'y': 1})
    assert sol['z'] == 0.0
    assert dict(sol.workflow.nodes['F']['solution']) == {'a': 0.0, 'b': 1, 'c': 2}
    bad = sh.Dispatcher()
    bad.add_function('F', sh.SubDispatchFunction(cycle, 'myF', ['a', 'b'], ['a']),
                     ['x', 'y', 'w'], ['z'])
    assert bad.dispatch({'x': 2, 'y': 1, 'w': 0}).errors == {
        'F': "Failed DISPATCHING 'F' due to:\n  TypeError('too many positional arguments')"}


def test_sub_dispatch_function_shrink_and_wildcard():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: a + 1, ['a'], ['b'])
    dsp.add_function('g', lambda c: c, ['c'], ['d'])
    assert set(sh.SubDispatchFunction(dsp, 'F', ['a'], ['b']).dsp.nodes) == {'a', 'f', 'b'}
    whole = sh.SubDispatchFunction(dsp, 'F', ['a'], ['b'], shrink=False, wildcard=False)
    assert whole.dsp is dsp and whole(1) == 2
    loop = sh.Dispatcher()
    loop.add_function('inc', lambda a: a + 1, ['a'], ['a'])
    # with the wildcard, an input that is also an output is computed
    assert sh.SubDispatchFunction(loop, 'L', ['a'], ['a'])(1) == 2
    assert sh.SubDispatchFunction(loop, 'L', ['a'], ['a'], wildcard=False)(1) == 1


# -- run_model ----------------------------------------------------------------

@pytest.fixture
def model():
    dsp = sh.Dispatcher(name='Model')
    dsp.add_function('max', max, inputs=['a', 'b'], outputs=['c'])
    return dsp


def test_run_model_with_a_dispatcher(model):
    dsp = sh.Dispatcher(name='Dispatcher')
    assert dsp.add_function('execute_dsp', sh.run_model, ['dsp_model', 'inputs'],
                            ['outputs']) == 'execute_dsp'
    assert dsp.nodes['execute_dsp']['function'] is sh.run_model
    sol = dsp({'dsp_model': model, 'inputs': {'b': 1, 'a': 2}})
    assert repr(sol['outputs']) == "Solution({'a': 2, 'b': 1, 'c': 2})"
    assert repr(sol.workflow.nodes['execute_dsp']['solution']) == \
        "Solution({'a': 2, 'b': 1, 'c': 2})"


def test_run_model_with_a_wrapper(model):
    dsp = sh.Dispatcher()
    dsp.add_function(function=sh.run_model, inputs=['dsp_model', 'inputs'], outputs=['outputs'])
    sub_dsp = sh.SubDispatch(model, outputs=['c'], output_type='list')
    sol = dsp({'dsp_model': sub_dsp, 'inputs': {'b': 1, 'a': 2}})
    assert sol['outputs'] == [2]
    assert repr(sol.workflow.nodes['run_model']['solution']) == \
        "Solution({'a': 2, 'b': 1, 'c': 2})"


def test_run_model_called_from_python(model):
    run = sh.run_model(model, {'a': 1, 'b': 3})
    assert dict(run()) == {'a': 1, 'b': 3, 'c': 3}
    run = sh.run_model(sh.SubDispatch(model, ['c'], output_type='values'), {'a': 1},
                       _init=lambda *args: (args + ({'b': 7},), {}))
    assert run() == 7


# -- MapDispatch --------------------------------------------------------------

@pytest.fixture
def fun_model():
    dsp = sh.Dispatcher(name='model')
    dsp.add_func(sum_diff, ['c', 'd'], inputs_kwargs=True)
    return dsp


def test_map_dispatch(fun_model):
    map_func = sh.MapDispatch(fun_model, constructor_kwargs={
        'outputs': ['c', 'd'], 'output_type': 'list'})
    assert map_func([{'a': 1, 'b': 2}, {'a': 2, 'b': 2}, {'a': 3, 'b': 2}]) == \
        [[3, -1], [4, 0], [5, 1]]
    assert map_func([{'a': 1}, {'a': 3, 'b': 3}], defaults={'b': 2}) == [[3, -1], [6, 0]]
    assert map_func.__name__ == 'model' and map_func.dsp is fun_model


def test_map_dispatch_defaults_and_output_types(fun_model):
    f = sh.MapDispatch(fun_model, defaults={'b': 1},
                       constructor_kwargs={'outputs': ['c'], 'output_type': 'values'})
    assert f([{'a': 1}, {'a': 2, 'b': 5}]) == [2, 7]
    assert f([{'a': 1}], defaults={'b': 10}) == [11]
    g = sh.MapDispatch(fun_model, constructor_kwargs={'outputs': ['c', 'd'],
                                                      'output_type': 'dict'})
    assert g([{'a': 1, 'b': 1}]) == [{'c': 2, 'd': 0}]
    assert sh.MapDispatch(fun_model)([]) == []


def test_map_dispatch_recursive_inputs(fun_model):
    map_func = sh.MapDispatch(fun_model, recursive_inputs={'c': 'b'})
    results = map_func([{'a': 1, 'b': 1}, {'a': 2}, {'a': 3}])
    assert [repr(s) for s in results] == [
        "Solution({'a': 1, 'b': 1, 'c': 2, 'd': 0})",
        "Solution({'a': 2, 'b': 2, 'c': 4, 'd': 0})",
        "Solution({'a': 3, 'b': 4, 'c': 7, 'd': -1})"]
    # recursive_inputs may be given per call; a list keeps the names
    plain = sh.MapDispatch(fun_model, constructor_kwargs={'outputs': ['b', 'c'],
                                                          'output_type': 'dict'})
    assert plain([{'a': 1, 'b': 1}, {'a': 2}], recursive_inputs={'c': 'b'}) == \
        [{'b': 1, 'c': 2}, {'b': 2, 'c': 4}]
    assert plain([{'a': 1, 'b': 1}, {'a': 2}], recursive_inputs=['b']) == \
        [{'b': 1, 'c': 2}, {'b': 1, 'c': 3}]
    # the inputs of a run win over the outputs of the previous one
    assert plain([{'a': 1, 'b': 1}, {'a': 2, 'b': 0}], recursive_inputs={'c': 'b'}) == \
        [{'b': 1, 'c': 2}, {'b': 0, 'c': 2}]
    with pytest.raises(sh.DispatcherError, match='Unreachable'):
        plain([{'a': 1, 'b': 1}, {'a': 2}])


def test_map_dispatch_as_node_function(fun_model):
    dsp = sh.Dispatcher()
    dsp.add_function('map', sh.MapDispatch(fun_model, constructor_kwargs={
        'outputs': ['c'], 'output_type': 'values'}), ['sets'], ['results'])
    assert dsp.dispatch({'sets': [{'a': 1, 'b': 2}, {'a': 5, 'b': 5}]})['results'] == [3, 10]


def test_map_dispatch_failure(fun_model):
    f = sh.MapDispatch(fun_model, constructor_kwargs={'outputs': ['c'], 'output_type': 'values'})
    with pytest.raises(sh.DispatcherError, match='Unreachable output-targets'):
        f([{'a': 1, 'b': 1}, {'a': 1}])
    with pytest.raises(TypeError, match='not a mapping'):
        f([1])




def test_sub_dispatch_function_dispatches_its_model_unreduced():
    """schedula makes the function's Solution on its model: the outputs
    stop the search but do not reduce the model, so b -> g -> w runs; and a
    declared input the shrink dropped is an unexpected argument (schedula
    1.5.78's results; differential.py, seed 10)."""
    dsp = sh.Dispatcher(name='model')
    dsp.add_function('f', lambda a: a + 1, ['a'], ['z'])
    dsp.add_function('g', lambda b: b * 2, ['b'], ['w'])
    fun = sh.SubDispatchFunction(dsp, 'F', ['a', 'b'], ['z'], shrink=False)
    assert fun(1, 5) == 2
    assert dict(fun.solution) == {'a': 1, 'b': 5, 'w': 10, 'z': 2}
    assert dict(fun.solution.dist) == {sh.START: -1, 'a': 0.0, 'b': 0.0, 'f': 1.0, 'g': 1.0,
                                       'w': 2.0, 'z': 2.0}
    shrunk = sh.SubDispatchFunction(dsp, 'F2', ['a', 'b'], ['z'])
    with pytest.raises(TypeError) as info:
        shrunk(1, 5)
    assert str(info.value) == "F2() got an unexpected keyword argument 'b'"
    # an input declared twice is one name (seed 8275)
    twice = sh.SubDispatchFunction(dsp, 'F3', ['a', 'a'], ['z'])
    with pytest.raises(TypeError, match='too many positional arguments'):
        twice(1, 5)
