# test_values.py: Python values through the library: ints of any size,
# floats, object identity, NONE, exceptions and their tracebacks
#
# SPDX-License-Identifier: EUPL-1.2

import pytest

from conftest import inc, sh


def model(function, n_outputs=1):
    dsp = sh.Dispatcher()
    outputs = ['b'] if n_outputs == 1 else ['b%d' % i for i in range(n_outputs)]
    dsp.add_function('f', function, ['a'], outputs)
    return dsp


@pytest.mark.parametrize('value', [0, 1, -1, 2 ** 31, -2 ** 31 - 1, 2 ** 63 - 1, -2 ** 63,
                                   2 ** 63, -2 ** 63 - 1, 2 ** 100, -3 ** 90])
def test_ints_of_any_size(value):
    sol = model(lambda a: a * 3)({'a': value})
    assert sol['a'] == value and type(sol['a']) is int
    assert sol['b'] == value * 3 and type(sol['b']) is int
    assert sol.workflow.edges[('a', 'f')]['value'] == value


def test_int_float_bool_str_stay_what_they_are():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: (a, 2.0, True, 'x'), ['a'], ['i', 'r', 'b', 's'])
    sol = dsp({'a': 2})
    assert [type(sol[k]) for k in ('i', 'r', 'b', 's')] == [int, float, bool, str]
    assert repr(sol) == "Solution({'a': 2, 'b': True, 'i': 2, 'r': 2.0, 's': 'x'})"


def test_object_identity():
    class Thing(object):
        pass

    thing, items, table = Thing(), [1, 2], {'k': [3]}
    seen = []

    def keep(t, i, d):
        seen.append((t, i, d))
        return d, i, t

    dsp = sh.Dispatcher()
    dsp.add_function('f', keep, ['t', 'i', 'd'], ['d2', 'i2', 't2'])
    dsp.add_data('z', default_value=table)
    sol = dsp({'t': thing, 'i': items, 'd': table})
    assert seen[0][0] is thing and seen[0][1] is items and seen[0][2] is table
    assert sol['t2'] is thing and sol['i2'] is items and sol['d2'] is table
    assert sol['z'] is table
    assert dsp.default_values['z']['value'] is table


def test_none_is_a_value():
    dsp = model(lambda a: (a, None), 2)
    sol = dsp({'a': None})
    assert sol['a'] is None and sol['b0'] is None and sol['b1'] is None


def test_none_result_is_not_an_output():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: sh.NONE, ['a'], ['b'])
    dsp.add_function('g', lambda a: (sh.NONE, a + 1), ['a'], ['c', 'd'])
    sol = dsp({'a': 1})
    assert dict(sol) == {'a': 1, 'd': 2}


def test_none_input_is_dropped_from_calls():
    calls = []

    def count(*args):
        calls.append(args)
        return len(args)

    dsp = sh.Dispatcher()
    dsp.add_function('f', count, ['a', 'b'], ['n'])
    sol = dsp({'a': sh.NONE, 'b': 5})
    assert calls == [(5,)]
    assert sol['n'] == 1
    assert 'a' not in sol


def test_start_input_is_none():
    dsp = sh.Dispatcher()
    dsp.add_function('one', lambda: 1, outputs=['x'])
    dsp.add_function('count', lambda *args: len(args), [sh.START, 'x'], ['n'])
    sol = dsp.dispatch()
    assert dict(sol) == {'x': 1, 'n': 1}
    assert sol.workflow.edges[(sh.START, sh.START)] == {'value': sh.NONE}


def test_tokens():
    assert sh.NONE is not sh.EMPTY
    assert '%r %r' % (sh.NONE, sh.EMPTY) == 'none empty'
    assert repr([sh.START, sh.SINK, sh.SELF, sh.END, sh.PLOT]) == '[start, sink, self, end, plot]'
    assert sh.NONE != 'none' and sh.START != 'start'
    assert len({sh.START, sh.SINK, sh.NONE}) == 3


class TestExceptions:
    def test_message_in_the_solution(self):
        def boom(a):
            raise ZeroDivisionError('no way')

        sol = model(boom)({'a': 1})
        assert dict(sol) == {'a': 1}
        assert sol._errors == {
            'f': "Failed DISPATCHING 'f' due to:\n  ZeroDivisionError('no way')"}

    def test_exception_classes(self):
        class MyError(Exception):
            pass

        sol = model(lambda a: (_ for _ in ()).throw(MyError('mine')))({'a': 1})
        assert sol._errors['f'].endswith("MyError('mine')")

    @pytest.mark.gi
    def test_traceback_in_the_error(self):
        from gi.repository import GLib

        def inner(a):
            return {}[a]

        def outer(a):
            return inner(a)

        sol = model(outer)({'a': 'key'})
        error = sol.get_error('f')
        assert isinstance(error, GLib.Error)
        lines = error.message.splitlines()
        assert lines[0] == "KeyError('key')"
        assert lines[1] == 'Traceback (most recent call last):'
        assert any(line.strip().startswith('File') and 'in outer' in line for line in lines)
        assert any('in inner' in line for line in lines)
        assert lines[-1] == "KeyError: 'key'"
        assert sol.dup_error_message('f').startswith("Failed DISPATCHING 'f' due to:\n  KeyError")

    @pytest.mark.gi
    def test_raised_exception_is_the_python_one(self):
        class MyError(Exception):
            pass

        def boom(a):
            raise MyError('mine')

        dsp = sh.Dispatcher(raises=True)
        dsp.add_function('f', boom, ['a'], ['b'])
        with pytest.raises(sh.DispatcherError) as info:
            dsp({'a': 1})
        assert isinstance(info.value.ex, MyError)
        assert info.value.__cause__ is info.value.ex
        assert info.value.ex.__traceback__ is not None


def test_inf():
    assert sh.inf(1, 2) > sh.inf(0, 100) > 5
    assert sh.inf(0, 3) == 3
    assert sh.inf(1, 2) + 1 == sh.inf(1, 3)
    assert sh.inf(1, 2) + sh.inf(1, 1) == sh.inf(2, 3)
    assert repr(sh.inf(0, 2.0)) == '2.0'
    assert tuple(sh.inf(1, 2)) == (1, 2)


def test_inputs_dist_inf_distance():
    dsp = sh.Dispatcher()
    dsp.add_data('b', default_value=5)
    dsp.add_function('f', inc, ['a'], ['b'])
    # an input at inf(1, 0) loses against the default at 0
    sol = dsp.dispatch({'a': 1}, inputs_dist={'a': sh.inf(1, 0)})
    assert sol['b'] == 5
