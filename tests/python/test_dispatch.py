# test_dispatch.py: dispatch() and its options, raises policies
#
# SPDX-License-Identifier: EUPL-1.2

import math
import threading

import pytest

from conftest import double, fail, inc, sh


def test_documented_example(documented):
    sol = documented.dispatch(inputs={'a': 0}, outputs=['d'])
    assert list(sol.items()) == [('a', 0), ('b', 1), ('c', 1), ('d', 2.0)]
    assert documented({'a': 0}, ['d']) == sol


def test_call_is_dispatch(chain):
    assert dict(chain({'a': 1})) == dict(chain.dispatch(inputs={'a': 1}))


def test_no_inputs(chain):
    sol = chain.dispatch()
    assert dict(sol) == {}
    assert sol.dist == {sh.START: -1}


def test_outputs_stop_the_search(chain):
    sol = chain.dispatch({'a': 1}, outputs=['b'])
    assert dict(sol) == {'a': 1, 'b': 2}
    assert 'c' not in sol
    assert 'double' not in sol.dist


def test_outputs_may_name_a_missing_node(chain):
    sol = chain.dispatch({'a': 1}, outputs=['zz'])
    assert dict(sol) == {'a': 1}


def test_inputs_dist(chain):
    sol = chain.dispatch({'a': 1}, inputs_dist={'a': 10})
    assert sol.dist['a'] == 10
    assert sol.dist['b'] == 12.0


def test_inputs_dist_two_levels(chain):
    sol = chain.dispatch({'a': 1}, inputs_dist={'a': sh.inf(1, 0)})
    assert sol.dist['b'] == sh.inf(1, 2.0)
    assert repr(sol.dist['b']) == 'inf(inf=1, num=2.0)'


def test_wildcard():
    dsp = sh.Dispatcher()
    dsp.add_function('f', inc, ['a'], ['b'])
    dsp.add_function('g', double, ['b'], ['a'], weight=2)
    dsp.add_function('h', double, ['a'], ['c'])
    # a and b are inputs; with the wildcard b is computed again from a
    sol = dsp.dispatch({'a': 1, 'b': 10}, outputs=['b'], wildcard=True)
    assert sol['b'] == 2
    sol = dsp.dispatch({'a': 1, 'b': 10}, outputs=['b'])
    assert sol['b'] == 10


def test_wildcard_input_that_is_not_a_node(caplog):
    """schedula raises KeyError(id); it is a ValueError too, as the other
    bad inputs of the binding (found by a differential run against
    schedula 1.5.78)."""
    dsp = sh.Dispatcher()
    dsp.add_function('f', inc, ['a'], ['b'])
    with pytest.raises(KeyError) as info:
        dsp.dispatch({'a': 1, 'zz': 2}, outputs=['b', 'zz'], wildcard=True)
    assert info.value.args == ('zz',) and isinstance(info.value, ValueError)
    with pytest.raises(KeyError):   # wildcard=2 too (schedula reads its predecessors)
        dsp.dispatch({'a': 1, 'zz': 2}, outputs=['b', 'zz'], wildcard=2)
    # the output that is not a node is named in the log, as for any dispatch
    assert 'zz is not a node of the model' in caplog.text
    # an id that is not a string comes back as itself
    with pytest.raises(KeyError) as info:
        dsp.dispatch({'a': 1, ('x', 1): 2}, outputs=['b', ('x', 1)], wildcard=True)
    assert info.value.args == (('x', 1),)
    # not an output: an input the model does not have, kept
    assert dsp.dispatch({'a': 1, 'zz': 2}, outputs=['b'], wildcard=True)['zz'] == 2


def test_wildcard_attribute_opts_out():
    dsp = sh.Dispatcher()
    dsp.add_data('b', wildcard=False)
    dsp.add_function('f', inc, ['a'], ['b'])
    sol = dsp.dispatch({'a': 1, 'b': 10}, outputs=['b'], wildcard=True)
    assert sol['b'] == 10


def test_no_call(chain):
    sol = chain.dispatch({'a': 1}, no_call=True)
    assert dict(sol) == {'a': sh.NONE, 'b': sh.NONE, 'c': sh.NONE}
    assert all(v is sh.NONE for v in sol.values())
    assert list(chain.dispatch(['a'], no_call=True)) == ['a', 'b', 'c']


def test_shrink_and_rm_unused_nds(chain):
    for kw in ({'shrink': True}, {'rm_unused_nds': True}, {'shrink': True, 'rm_unused_nds': True}):
        sol = chain.dispatch({'a': 1}, outputs=['c'], **kw)
        assert dict(sol) == {'a': 1, 'b': 2, 'c': 4}, kw
    sol = chain.dispatch({'a': 1}, outputs=['b'], rm_unused_nds=True)
    assert 'slow' not in sol.workflow.nodes
    assert 'slow' in chain.dispatch({'a': 1}, outputs=['b']).workflow.nodes


def test_select_output_kw():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda x: (x + 1, x - 1), ['a'], ['b', 'c'])
    kw = {'keys': ['c', 'b']}
    assert dsp.dispatch({'a': 1}, select_output_kw=kw) == {'c': 0, 'b': 2}
    kw['output_type'] = 'list'
    assert dsp.dispatch({'a': 1}, select_output_kw=kw) == [0, 2]
    assert dsp.dispatch({'a': 1}, select_output_kw={'keys': ['b'], 'output_type': 'values'}) == 2
    assert dsp.dispatch({'a': 1}, select_output_kw={'keys': ['b', 'z'], 'allow_miss': True}) \
        == {'b': 2}
    with pytest.raises(KeyError):
        dsp.dispatch({'a': 1}, select_output_kw={'keys': ['z']})
    # the solution stays on the dispatcher
    assert dict(dsp.solution) == {'a': 1, 'b': 2, 'c': 0}


def test_stopper_set_before():
    dsp = sh.Dispatcher()
    dsp.add_function('f', inc, ['a'], ['b'])
    stopper = threading.Event()
    stopper.set()
    with pytest.raises(sh.DispatcherAbort):
        dsp.dispatch({'a': 1}, stopper=stopper)
    assert dict(dsp.dispatch({'a': 1}, stopper=threading.Event())) == {'a': 1, 'b': 2}


def test_stopper_set_during_the_dispatch():
    stopper = threading.Event()
    calls = []

    def stop(x):
        stopper.set()
        return x + 1

    def last(x):
        calls.append(x)
        return x

    dsp = sh.Dispatcher()
    dsp.add_function('f', stop, ['a'], ['b'])
    dsp.add_function('g', last, ['b'], ['c'])
    with pytest.raises(sh.DispatcherAbort):
        dsp.dispatch({'a': 1}, stopper=stopper)
    assert calls == []
    assert dsp.solution['b'] == 2


@pytest.mark.gi
def test_stopper_cancellable():
    from gi.repository import Gio

    dsp = sh.Dispatcher()
    dsp.add_function('f', inc, ['a'], ['b'])
    cancellable = Gio.Cancellable()
    assert dsp.dispatch({'a': 1}, stopper=cancellable)['b'] == 2
    cancellable.cancel()
    with pytest.raises(sh.DispatcherAbort) as info:
        dsp.dispatch({'a': 1}, stopper=cancellable)
    assert dict(info.value.sol) == {'a': 1}


@pytest.mark.gi
def test_executors():
    dsp = sh.Dispatcher()
    dsp.add_function('f', inc, ['a'], ['b'])
    assert dsp.dispatch({'a': 1}, executor='sync')['b'] == 2
    assert sh.await_result(dsp.dispatch({'a': 1}, executor='async')['b']) == 2
    with pytest.raises(ValueError, match='no-such-executor'):
        dsp.dispatch({'a': 1}, executor='no-such-executor')


def test_verbose(chain):
    assert chain.dispatch({'a': 1}, verbose=True)['c'] == 4


def test_unknown_keyword(chain):
    with pytest.raises(TypeError, match="unexpected keyword argument 'cutoff'"):
        chain.dispatch({'a': 1}, cutoff=3)


def test_defaults_and_initial_dist():
    dsp = sh.Dispatcher()
    dsp.add_data('a', default_value=1, initial_dist=100)
    dsp.add_function('f', inc, ['x'], ['a'])
    sol = dsp.dispatch({'x': 5})
    assert sol['a'] == 6
    sol = dsp.dispatch({'a': 10})
    assert sol['a'] == 10 and sol.dist['a'] == 0.0


def test_wait_inputs_with_combiner():
    dsp = sh.Dispatcher()
    dsp.add_function('f1', inc, ['a'], ['b'])
    dsp.add_function('f2', double, ['a'], ['b'])
    dsp.add_data('b', wait_inputs=True, function=lambda kw: sorted(kw.items()))
    assert dsp.dispatch({'a': 1})['b'] == [('f1', 2), ('f2', 2)]


def test_callback_and_filters():
    seen = []
    dsp = sh.Dispatcher()
    dsp.add_data('b', callback=seen.append, filters=[double])
    dsp.add_function('f', inc, ['a'], ['b'], filters=[lambda x: x + 100])
    assert dsp.dispatch({'a': 1})['b'] == 204
    assert seen == [204]


def test_filters_of_a_function_of_several_outputs():
    """As schedula: a filter gets the function's whole result, one tuple,
    and returns the new one (the library calls filters with one argument
    per output; the binding packs them). Found by differential.py."""
    got = []

    def swap(results):
        got.append(results)
        return results[1], results[0]

    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: (a + 1, a + 2), ['a'], ['b', 'c'], filters=[swap, swap, swap])
    dsp.add_function('g', lambda a: (a, a), ['a'], ['x', 'x'],
                     filters=[lambda r: (r[0] * 10, r[1] * 100)])
    sol = dsp.dispatch({'a': 1})
    assert (sol['b'], sol['c'], sol['x']) == (3, 2, 100)   # schedula 1.5.78 gives the same
    assert got == [(2, 3), (3, 2), (2, 3)]
    # the node reads back the filters it was given; a library Function stays as it is
    assert dsp.get_node('f', node_attr='filters')[0] == [swap, swap, swap]
    lib = sh.function(lambda b, c: (c, b))
    dsp.add_function('h', lambda a: (a, -a), ['a'], ['y', 'z'], filters=[lib])
    sol = dsp.dispatch({'a': 1})
    assert (sol['y'], sol['z']) == (-1, 1)


def test_function_without_inputs_and_outputs():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda: (3, 5), outputs=['a', sh.SINK])
    dsp.add_function('f', lambda: (3, 5), outputs=[sh.SINK, 'b'])
    sol = dsp.dispatch()
    assert list(sol.keys()) == ['a', 'b', sh.SINK]
    assert sol[sh.SINK] == {'f': 5, 'f<0>': 3}
    assert repr(sol) == "Solution({'a': 3, 'b': 5, sink: {'f': 5, 'f<0>': 3}})"
    assert sol.dist[sh.START] == 0.0


class TestRaises:
    @staticmethod
    def model(raises):
        dsp = sh.Dispatcher(raises=raises)
        dsp.add_function('f1', fail, ['a'], ['c'])
        dsp.add_function('f2', inc, ['a'], ['c'], weight=5)
        return dsp

    def test_false_records_the_error(self):
        sol = self.model(False).dispatch({'a': 1})
        assert dict(sol) == {'a': 1, 'c': 2}
        assert sol._errors == {'f1': "Failed DISPATCHING 'f1' due to:\n  ValueError('fail')"}

    def test_empty_string_records_silently(self):
        dsp = self.model('')
        assert dsp.raises == ''
        sol = dsp.dispatch({'a': 1})
        assert dict(sol) == {'a': 1, 'c': 2}
        assert list(sol._errors) == ['f1']

    def test_true_raises(self):
        dsp = self.model(True)
        with pytest.raises(sh.DispatcherError) as info:
            dsp.dispatch({'a': 1})
        error = info.value
        assert error.args[1:2] == ('f1',)
        assert error.args[0] == "Failed DISPATCHING '%s' due to:\n  %r"
        assert isinstance(error.ex, ValueError) and str(error.ex) == 'fail'
        # the formatted message (schedula's str() is the tuple of the args)
        assert str(error) == "Failed DISPATCHING 'f1' due to:\n  ValueError('fail')"
        assert dict(error.sol) == {'a': 1}
        assert dsp.solution is error.sol
        assert list(dsp.solution._errors) == ['f1']

    def test_callable_decides(self):
        decided = []

        def raises(ex):
            decided.append(ex)
            return not isinstance(ex, ValueError)

        dsp = self.model(raises)
        dsp.add_function('g', lambda x: x + '', ['a'], ['d'])
        with pytest.raises(sh.DispatcherError) as info:
            dsp.dispatch({'a': 1})
        assert [type(e) for e in decided] == [ValueError, TypeError]
        assert isinstance(info.value.ex, TypeError)
        assert info.value.args[1] == 'g'

    def test_sub_dispatcher_policy(self):
        sub = sh.Dispatcher(name='sub', raises=True)
        sub.add_function('f', fail, ['x'], ['y'])
        dsp = sh.Dispatcher()
        dsp.add_dispatcher(sub, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='s')
        with pytest.raises(sh.DispatcherError) as info:
            dsp.dispatch({'a': 1})
        assert info.value.args[1] == 's/f'

    def test_input_domain_exception_is_not_caught(self):
        dsp = sh.Dispatcher()

        def domain(x):
            raise ValueError('domain failed')

        dsp.add_function('f', inc, ['a'], ['c'], input_domain=domain)
        with pytest.raises(ValueError, match='domain failed'):
            dsp.dispatch({'a': 1})

    def test_result_that_cannot_be_unpacked(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a'], ['b', 'c'])
        with pytest.raises(TypeError, match="'int' object is not iterable"):
            dsp.dispatch({'a': 1})

    def test_fewer_results_than_outputs(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', lambda a: (a,), ['a'], ['b', 'c'])
        dsp.add_function('g', lambda a: (a, a, a), ['a'], ['d', 'e'])
        assert dict(dsp.dispatch({'a': 7})) == {'a': 7, 'b': 7, 'd': 7, 'e': 7}

    def test_contradictory_paths(self):
        # SEMANTICS.md example 2.37: a negative weight makes a visited node
        # closer
        dsp = sh.Dispatcher()
        dsp.add_function('min', min, ['a', 'c'], ['d'])
        dsp.add_function('max', max, ['b', 'd'], ['c'])
        dsp.add_data('e')
        dsp.add_function('log(b - a)', lambda a, b: math.log(b - a), ['a', 'b'], ['c'],
                         input_domain=lambda a, b: a < b)
        dsp.add_function('2 / (d + 1)', lambda d: 2 / (d + 1), ['d'], ['e'],
                         input_domain=lambda d: d != -1)
        dsp.add_function('x - 4', lambda a: a - 4, ['a'], ['d'], inp_weight={'a': 20},
                         out_weight={'d': 20}, weight=20)
        dsp.add_function('x ^ y', math.pow, ['e', 'd'], ['b'],
                         input_domain=lambda x, y: not x == y == 0, inp_weight={'e': -100})
        with pytest.raises(sh.DispatcherError, match='Contradictory paths found'):
            dsp.dispatch({'a': 5, 'b': 6}, outputs=['a', 'b'], wildcard=True)


@pytest.mark.gi
@pytest.mark.parametrize('raises, logged', [(False, 1), ('', 0)])
def test_recorded_failures_are_logged(raises, logged):
    from gi.repository import GLib

    messages = []
    handler = GLib.log_set_handler('Schedula', GLib.LogLevelFlags.LEVEL_MESSAGE,
                                   lambda domain, level, message, *args: messages.append(message))
    try:
        TestRaises.model(raises).dispatch({'a': 1})
    finally:
        GLib.log_remove_handler('Schedula', handler)
    assert len(messages) == logged
    if logged:
        assert messages[0].startswith("Failed DISPATCHING 'f1' due to:\n  ValueError('fail')")
