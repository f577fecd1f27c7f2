# test_robustness.py: what probing the binding as a user would found
# (issue 7): deep recursion, stoppers, exceptions that must not be
# swallowed, the solution a failed dispatch carries, and schedula's
# answers where the binding differed.
#
# SPDX-License-Identifier: EUPL-1.2

import functools
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from conftest import sh


# -- recursion through a model ------------------------------------------------

@pytest.fixture
def recursive():
    """A model whose function is SubDispatch of itself: fed {'d': inner},
    it dispatches itself on inner."""
    dsp = sh.Dispatcher(name='rec')
    dsp.add_function('rec', sh.SubDispatch(dsp, ['out'], output_type='list'), ['d'], ['out'])
    return dsp


def _deepest_error(sol):
    """The error of the node 'rec' in the deepest solution that has one."""
    while True:
        node = sol.workflow.nodes['rec']
        inner = node.get('solution')
        if inner is None or 'rec' not in getattr(inner, 'errors', {}):
            return sol.errors['rec']
        sol = inner


def test_deep_input_stops_at_the_depth_limit(recursive):
    d = 0
    for _ in range(10000):
        d = {'d': d}
    sol = recursive.dispatch({'d': d})
    assert 'out' not in sol
    assert 'Unreachable output-targets' in sol.errors['rec']
    assert "RecursionError('maximum dispatch depth exceeded" in _deepest_error(sol)


def test_self_referential_input(recursive):
    d = {}
    d['d'] = d
    sol = recursive.dispatch({'d': d})
    assert 'out' not in sol
    assert 'maximum dispatch depth exceeded' in _deepest_error(sol)


@pytest.mark.gi
def test_depth_limit_is_settable():
    from gi.repository import Schedula

    calls = []

    def leaf(d):
        calls.append(d)
        return 0

    dsp = sh.Dispatcher(name='rec')
    inner = sh.SubDispatch(dsp, ['out'], output_type='list')
    dsp.add_function('rec', inner, ['d'], ['out'], input_domain=lambda d: isinstance(d, dict))
    dsp.add_function('leaf', leaf, ['d'], ['out'], input_domain=lambda d: not isinstance(d, dict))
    d = 7
    for _ in range(30):
        d = {'d': d}
    assert Schedula.get_max_depth() == Schedula.DEFAULT_MAX_DEPTH
    Schedula.set_max_depth(20)
    try:
        sol = dsp.dispatch({'d': d})
        assert calls == [] and 'out' not in sol
        assert 'maximum dispatch depth exceeded: 20 dispatches' in _deepest_error(sol)
    finally:
        Schedula.set_max_depth(Schedula.DEFAULT_MAX_DEPTH)
    sol = dsp.dispatch({'d': d})
    assert calls == [7]


# -- stoppers -----------------------------------------------------------------

def test_stopper_set_through_a_method_bound_before_the_dispatch():
    """threading.Timer(0.05, ev.set): the bound method was taken before the
    dispatch started."""
    stopper = threading.Event()
    calls = []

    def slow(x):
        calls.append(x)
        time.sleep(0.02)
        return x + 1

    dsp = sh.Dispatcher()
    for i in range(200):
        dsp.add_function('f%03d' % i, slow, ['x%03d' % i], ['x%03d' % (i + 1)])
    timer = threading.Timer(0.05, stopper.set)
    timer.start()
    try:
        with pytest.raises(sh.DispatcherAbort) as info:
            dsp.dispatch({'x000': 0}, stopper=stopper)
    finally:
        timer.cancel()
    assert 1 <= len(calls) < 200
    assert info.value.sol['x%03d' % len(calls)] == len(calls)


# -- exceptions that are not failures ------------------------------------------

@pytest.mark.parametrize('exc_type', [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_base_exceptions_stop_the_dispatch(exc_type):
    calls = []

    def boom(x):
        raise exc_type('stop')

    def after(x):
        calls.append(x)
        return x

    dsp = sh.Dispatcher()
    dsp.add_function('boom', boom, ['a'], ['b'])
    dsp.add_function('alternative', after, ['a'], ['b'], weight=10)
    reached_finally = False
    with pytest.raises(exc_type):
        try:
            dsp.dispatch({'a': 1})
        finally:
            reached_finally = True
    assert reached_finally
    assert calls == []
    # the next dispatch is not disturbed
    assert dict(dsp.dispatch({'c': 1})) == {'c': 1}


def test_base_exception_through_a_nested_dispatch():
    def boom(x):
        raise KeyboardInterrupt()

    inner = sh.Dispatcher()
    inner.add_function('boom', boom, ['x'], ['y'])
    outer = sh.Dispatcher()
    outer.add_function('run', lambda a: inner.dispatch({'x': a}), ['a'], ['b'])
    with pytest.raises(KeyboardInterrupt):
        outer.dispatch({'a': 1})


def test_ctrl_c_stops_a_long_dispatch():
    """SIGINT to a process in a long dispatch: KeyboardInterrupt comes out
    of dispatch() and the caller's finally runs."""
    script = textwrap.dedent('''
        import sys, time
        sys.path.insert(0, %r)
        from conftest import sh

        def slow(x):
            time.sleep(0.01)
            return x + 1

        dsp = sh.Dispatcher()
        for i in range(3000):
            dsp.add_function('f%%d' %% i, slow, ['x%%d' %% i], ['x%%d' %% (i + 1)])
        print('ready', flush=True)
        try:
            dsp.dispatch({'x0': 0})
        finally:
            print('finally', flush=True)
    ''' % os.path.dirname(__file__))
    proc = subprocess.Popen([sys.executable, '-c', script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == 'ready'
        time.sleep(0.3)
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert time.monotonic() - start < 10
    assert out.strip() == 'finally'
    assert 'KeyboardInterrupt' in err
    assert proc.returncode != 0


# -- the solution of a failed dispatch ---------------------------------------

def test_the_error_carries_its_own_solution_under_threads():
    dsp = sh.Dispatcher(raises=True)
    dsp.add_function('check', lambda a: 1 / (a % 2), ['a'], ['b'])
    dsp.add_function('echo', lambda a: a, ['a'], ['e'])
    mismatches = []
    failures = []

    def run(offset):
        for i in range(300):
            a = offset * 1000 + 2 * i + (i % 2)
            try:
                dsp.dispatch({'a': a})
            except sh.DispatcherError as exc:
                failures.append(a)
                if exc.sol['a'] != a:
                    mismatches.append((a, exc.sol['a']))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(failures) == 8 * 150
    assert mismatches == []


def test_batch_error_carries_the_failed_solution():
    dsp = sh.Dispatcher(raises=True)
    dsp.add_function('inv', lambda a: 1 / a, ['a'], ['b'])
    with pytest.raises(sh.DispatcherError) as info:
        dsp.dispatch_batch([{'a': 1}, {'a': 0}, {'a': 2}])
    assert info.value.input_set == 1
    assert dict(info.value.sol) == {'a': 0}


# -- schedula's answers ----------------------------------------------------------

def test_pipes_check_input_domains():
    dsp = sh.Dispatcher()
    dsp.add_function('min', min, ['c', 'b'], ['d'], input_domain=lambda c, b: c * b > 0)
    dsp.add_function('max', max, ['a', 'b'], ['c'])
    pipe = sh.SubDispatchPipe(dsp, 'p', inputs=['a', 'b'], outputs=['d'])
    assert pipe(3, 4) == 4
    with pytest.raises(sh.DispatcherError, match="Unreachable output-targets: {'d'}"):
        pipe(3, -1)
    strict = sh.DispatchPipe(dsp, 'p', inputs=['a', 'b'], outputs=['d'])
    assert strict(3, 4) == 4
    with pytest.raises(sh.DispatcherError, match='The pipe is not respected.'):
        strict(3, -1)


def test_sub_dispatch_function_keyword_that_is_an_output():
    dsp = sh.Dispatcher()
    dsp.add_data('a', default_value=-1)
    dsp.add_function('f', lambda a: a + 1, ['a'], ['d'])
    fun = sh.SubDispatchFunction(dsp, outputs=['d'])
    assert fun(d=5) == 5
    assert fun(a=3, d=7) == 7
    assert fun(a=3) == 4
    assert fun() == 0


@pytest.mark.parametrize('wrap', ['partial', 'add_args'])
def test_wrapped_sub_dispatch_function_keeps_its_solution(wrap):
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a, b: a + b, ['a', 'b'], ['c'])
    sdf = sh.SubDispatchFunction(dsp, 'F', ['a', 'b'], ['c'])
    top = sh.Dispatcher()
    if wrap == 'partial':
        top.add_function('W', functools.partial(sdf, 1), ['x'], ['y'])
        expected = {'a': 1, 'b': 2, 'c': 3}
    else:
        top.add_function('W', sh.add_args(sdf), ['z', 'x', 'w'], ['y'])
        expected = {'a': 2, 'b': 3, 'c': 5}
    sol = top.dispatch({'x': 2, 'z': 0, 'w': 3})
    # as when the SubDispatchFunction is the node's function itself
    inner = sol.workflow.nodes['W']['solution']
    assert dict(inner) == expected
    assert dict(sdf.solution) == expected
    assert sol['y'] == expected['c']


def test_readding_a_data_node_replaces_its_filters():
    dsp = sh.Dispatcher()
    dsp.add_data('a', filters=[lambda x: x + 1])
    dsp.add_data('a', filters=[lambda x: x * 10])
    assert dsp.dispatch({'a': 1})['a'] == 10
    # no filters given: the old ones stay
    dsp.add_data('a')
    assert dsp.dispatch({'a': 1})['a'] == 10
    dsp.add_data('a', filters=[])
    assert dsp.dispatch({'a': 1})['a'] == 10
