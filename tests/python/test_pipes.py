# test_pipes.py: compiled pipes (SubDispatchPipe, DispatchPipe, Pipe) and
# batch dispatch from Python
#
# A pipe replays the visiting order of one dispatch on new inputs without a
# search: its results must be those of dispatching the model. A batch
# dispatch runs one model over many input sets.
#
# SPDX-License-Identifier: EUPL-1.2

import math
import threading

import pytest

from conftest import sh


def dec(x):
    return x - 1


@pytest.fixture
def cycle():
    """schedula's pipe example: max(a, b) -> c, c - 1 -> a."""
    dsp = sh.Dispatcher(name='Dispatcher')
    dsp.add_function('max', max, inputs=['a', 'b'], outputs=['c'])
    dsp.add_function('x - 1', dec, inputs=['c'], outputs=['a'])
    return dsp


@pytest.fixture
def breakable():
    """log(a) -> b, b + 1 -> c: a <= 0 breaks the pipe."""
    dsp = sh.Dispatcher(name='breakable')
    dsp.add_function('log', math.log, ['a'], ['b'])
    dsp.add_function('g', lambda b: b + 1, ['b'], ['c'])
    return dsp


@pytest.fixture
def network():
    """A model with alternatives, defaults and weights: replays must agree
    with dispatches."""
    dsp = sh.Dispatcher(name='network')
    dsp.add_data('k', default_value=3)
    dsp.add_function('sum', lambda a, k: a + k, ['a', 'k'], ['s'])
    dsp.add_function('prod', lambda a, b: a * b, ['a', 'b'], ['p'])
    dsp.add_function('slow', lambda a: -a, ['a'], ['p'], weight=10)
    dsp.add_function('final', lambda s, p: (s - p, s + p), ['s', 'p'], ['d', 'e'])
    return dsp


def test_sub_dispatch_pipe(cycle):
    fun = sh.SubDispatchPipe(cycle, 'myF', ['a', 'b'], ['a'])
    assert fun.__name__ == 'myF' and fun.inputs == ['a', 'b'] and fun.outputs == ['a']
    assert fun(2, 1) == 1
    assert fun(1, 0) == 0
    assert dict(fun.solution) == {'b': 0, 'c': 1, 'a': 0}
    assert fun.pipe.get_n_steps() > 0 and fun.dsp.name == 'myF'
    assert fun(b=0, a=1) == 0


def test_pipe_replays_equal_dispatches(network):
    fun = sh.SubDispatchPipe(network, 'f', ['a', 'b'], ['d', 'e'], output_type='dict')
    pipe = sh.Pipe(network, ['a', 'b'], ['d', 'e'])
    for a, b in [(1, 2), (0, 5), (-3, 7), (2.5, 2), (10 ** 6, 3)]:
        expected = network.dispatch({'a': a, 'b': b}, ['d', 'e'], wildcard=True)
        assert fun(a, b) == {'d': expected['d'], 'e': expected['e']}
        replay = pipe.run({'a': a, 'b': b})
        assert replay.completed
        assert dict(replay) == dict(expected)
        assert replay.dist == expected.dist


def test_sub_dispatch_pipe_failures(breakable, cycle):
    fun = sh.SubDispatchPipe(breakable, 'p', ['a'], ['c'])
    assert fun(1) == 1.0
    with pytest.raises(sh.DispatcherError) as info:
        fun(0)
    assert str(info.value) == "\n  Unreachable output-targets: {'c'}\n  Available outputs: ['a']"
    assert info.value.sol.errors == {'log': "Failed DISPATCHING 'log' due to:\n  "
                                            "ValueError('math domain error')"}
    with pytest.raises(TypeError, match="got an unexpected keyword argument 'zz'"):
        sh.SubDispatchPipe(cycle, 'myF', ['a', 'b'], ['a'])(1, 2, zz=3)
    with pytest.raises(ValueError, match='Unreachable output-targets'):
        sh.SubDispatchPipe(cycle, 'bad', ['b'], ['zz'])
    with pytest.raises(ValueError, match='no_domain'):
        sh.SubDispatchPipe(cycle, 'f', ['a', 'b'], ['a'], no_domain=False)


def test_dispatch_pipe(breakable, cycle):
    fun = sh.DispatchPipe(cycle, 'myF', ['a', 'b'], ['a'])
    assert fun(2, 1) == 1
    assert fun(1, 0) == 0
    assert repr(fun.solution) == "Solution({'b': 0, 'c': 1, 'a': 0})"
    broken = sh.DispatchPipe(breakable, 'p', ['a'], ['c'])
    assert broken(1) == 1.0
    with pytest.raises(sh.DispatcherError) as info:
        broken(0)
    assert str(info.value) == 'The pipe is not respected.'
    assert dict(info.value.sol) == {'a': 0}


def test_pipes_as_node_functions(breakable):
    dsp = sh.Dispatcher()
    dsp.add_function('sub', sh.SubDispatchPipe(breakable, 'p', ['a'], ['c']), ['x'], ['y'])
    dsp.add_function('plain', sh.DispatchPipe(breakable, 'q', ['a'], ['c']), ['x'], ['z'])
    sol = dsp.dispatch({'x': 1})
    assert (sol['y'], sol['z']) == (1.0, 1.0)
    assert dict(sol.workflow.nodes['sub']['solution']) == {'a': 1, 'b': 0.0, 'c': 1.0}
    assert 'solution' not in sol.workflow.nodes['plain']
    failed = dsp.dispatch({'x': 0})
    assert failed.errors == {
        'sub': 'Failed DISPATCHING \'sub\' due to:\n  DispatcherError("\\n  Unreachable '
               'output-targets: {\'c\'}\\n  Available outputs: [\'a\']")',
        'plain': "Failed DISPATCHING 'plain' due to:\n  DispatcherError('The pipe is not "
                 "respected.')"}


def test_pipe(breakable):
    pipe = sh.Pipe(breakable, ['a'], ['c'])
    assert pipe.dsp.name == 'breakable' and pipe.get_n_steps() > 0
    sol = pipe({'a': 1})
    assert sol.completed and dict(sol) == {'a': 1, 'b': 0.0, 'c': 1.0}
    sol = pipe.run({'a': 0})
    assert not sol.completed and dict(sol) == {'a': 0}
    assert 'log' in sol.errors
    stopper = threading.Event()
    stopper.set()
    with pytest.raises(sh.DispatcherAbort):
        pipe.run({'a': 1}, stopper=stopper)


# -- batch dispatch -----------------------------------------------------------

def test_dispatch_batch(network):
    sets = [{'a': 1, 'b': 2}, {'a': 0, 'b': 5}, {'a': 4}]
    solutions = network.dispatch_batch(sets, outputs=['d', 'e'])
    assert len(solutions) == 3 and all(isinstance(s, sh.Solution) for s in solutions)
    for inputs, sol in zip(sets, solutions):
        expected = network.dispatch(inputs, ['d', 'e'])
        assert dict(sol) == dict(expected) and sol.dist == expected.dist
    assert network.dispatch_batch([]) == []
    full = network.dispatch_batch([{'a': 1, 'b': 1}])[0]
    assert dict(full) == dict(network.dispatch({'a': 1, 'b': 1}))


def test_dispatch_batch_options(network):
    sol, = network.dispatch_batch([{'a': 1, 'b': 2}], no_call=True)
    assert all(v is sh.NONE for v in sol.values())
    sol, = network.dispatch_batch([['a', 'b']], no_call=True)
    assert sol['d'] is sh.NONE
    sol, = network.dispatch_batch([{'a': 1, 'b': 2}], inputs_dist={'a': 5})
    assert sol.dist['a'] == 5.0


def test_dispatch_batch_failures(breakable):
    sol_ok, sol_failed = breakable.dispatch_batch([{'a': 1}, {'a': 0}])
    assert sol_ok['c'] == 1.0 and 'log' in sol_failed.errors
    breakable.raises = True
    with pytest.raises(sh.DispatcherError) as info:
        breakable.dispatch_batch([{'a': 1}, {'a': 0}])
    exc = info.value
    assert exc.input_set == 1 and isinstance(exc.ex, ValueError)
    assert exc.args[1] == 'log' and dict(exc.sol) == {'a': 0}
    stopper = threading.Event()
    stopper.set()
    with pytest.raises(sh.DispatcherAbort):
        breakable.dispatch_batch([{'a': 1}], stopper=stopper)


def test_sub_dispatch_pipe_model_is_schedulas():
    """SubDispatchPipe shrinks its model with one dispatch that calls
    nothing, not with shrink_dsp(): f0, b and c, which shrink_dsp() keeps in
    case f1's domain fails, are left out, so a call whose domain fails has no
    way to z (schedula 1.5.78's nodes, results and message)."""
    dsp = sh.Dispatcher(name='model')
    dsp.add_function('f0', lambda b, c: b + c, ['b', 'c'], ['z'])
    dsp.add_function('f1', lambda a: (a + 1, a + 2), ['a'], ['z', 'b'], weight=1,
                     input_domain=lambda a: a > 0)
    assert sorted(dsp.shrink_dsp(['a', 'c'], ['z']).nodes) == ['a', 'b', 'c', 'f0', 'f1', 'z']
    pipe = sh.SubDispatchPipe(dsp, 'P', ['a', 'c'], ['z'])
    assert sorted(pipe.dsp.nodes) == ['a', 'f1', 'z']
    assert pipe(1, 10) == 2
    with pytest.raises(sh.DispatcherError) as info:
        pipe(-1, 10)
    assert str(info.value) == ("\n  Unreachable output-targets: {'z'}\n"
                               "  Available outputs: ['c', 'a']")
    with pytest.raises(ValueError, match='Unreachable output-targets'):
        sh.SubDispatchPipe(dsp, 'Q', None, ['z'])


def test_sub_dispatch_pipe_replay_is_schedulas():
    """A replayed step sends the last value of an output named twice, and
    the solution keeps the distances of the compiling dispatch, also past a
    step that fails (schedula's _copy_structure(dist=1)); schedula 1.5.78's
    results (differential.py, seeds 1201 and 6272)."""
    dsp = sh.Dispatcher(name='model')
    dsp.add_function('f', lambda a: (a, a + 1, a + 2), ['a'], ['x', 'y', 'y'])
    dsp.add_function('g', lambda y: y * 10, ['y'], ['z'])
    pipe = sh.SubDispatchPipe(dsp, 'P', ['a'], ['z'])
    assert pipe(1) == 30
    assert dict(pipe.solution) == {'a': 1, 'y': 3, 'z': 30}

    def fail(b):
        raise ValueError('no')

    dsp2 = sh.Dispatcher(name='model2')
    dsp2.add_function('f', lambda a: a + 1, ['a'], ['b'])
    dsp2.add_function('g', fail, ['b'], ['c'])
    dsp2.add_function('h', lambda c: c + 1, ['c'], ['d'])
    pipe2 = sh.SubDispatchPipe(dsp2, 'P2', ['a'], ['d'])
    with pytest.raises(sh.DispatcherError):
        pipe2(1)
    assert dict(pipe2.solution) == {'a': 1, 'b': 2}
    assert dict(pipe2.solution.dist) == {sh.START: -1, 'a': 0.0, 'f': 1.0, 'b': 2.0, 'g': 3.0,
                                         'c': 4.0, 'h': 5.0, 'd': 6.0}
