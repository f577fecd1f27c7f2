# test_helpers.py: schedula's helpers (schedula.utils.dsp) from Python
#
# bypass, summation, selector, replicate_value, combine_dicts, map_dict and
# map_list are the library's functions: called from Python with schedula's
# signatures, and used as node functions (alone or through functools.partial)
# without a Python call. kk_dict, stlp, add_args, parent_func and inf are the
# binding's own. The value adapter lets the library read Python dicts and
# lists; the library's containers come back as Python dicts and lists.
#
# SPDX-License-Identifier: EUPL-1.2

import functools
import inspect
import math
import operator

import pytest

from conftest import sh


def sub(a, b):
    return a - b


# -- bypass -------------------------------------------------------------------

def test_bypass():
    assert sh.bypass('a') == 'a'
    assert sh.bypass('a', 'b', 'c') == ('a', 'b', 'c')
    assert sh.bypass() == ()
    x = [1, {'k': 2}]
    assert sh.bypass(x) is x
    copied = sh.bypass(x, copy=True)
    assert copied == x and copied is not x and copied[1] is not x[1]


def test_bypass_as_node_function():
    dsp = sh.Dispatcher()
    assert dsp.add_function(function=sh.bypass, inputs=['a', 'b'], outputs=['c', 'd']) == 'bypass'
    assert dsp.nodes['bypass']['function'] is sh.bypass
    assert dict(dsp.dispatch({'a': 1, 'b': 'x'})) == {'a': 1, 'b': 'x', 'c': 1, 'd': 'x'}
    one = sh.Dispatcher()
    one.add_function(function=sh.bypass, inputs=['a', 'b'], outputs=['t'])
    # several arguments to one output: their sequence (a list, see
    # docs/semantics.md "Python binding")
    assert one.dispatch({'a': 1, 'b': 2})['t'] == [1, 2]


# -- summation ----------------------------------------------------------------

def test_summation():
    assert sh.summation(1, 3.0, 4, 2) == 10.0
    assert type(sh.summation(1, 3.0, 4, 2)) is float
    assert sh.summation(1, 2) == 3 and type(sh.summation(1, 2)) is int
    assert sh.summation(True, 2) == 3
    assert sh.summation([1], [2]) == [1, 2]
    assert sh.summation((1,), (2, 3)) == (1, 2, 3)
    assert sh.summation('a', 'b') == 'ab'
    assert sh.summation(5) == 5


def test_summation_errors():
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: 'int' and 'str'"):
        sh.summation(1, 'a')
    with pytest.raises(TypeError):
        sh.summation()
    with pytest.raises(OverflowError):
        sh.summation(2 ** 62, 2 ** 62)


def test_summation_node_error_is_recorded():
    dsp = sh.Dispatcher()
    dsp.add_function(function=sh.summation, inputs=['a', 'b'], outputs=['c'])
    sol = dsp.dispatch({'a': 1, 'b': 'x'})
    assert 'c' not in sol
    assert sol.errors == {'summation': 'Failed DISPATCHING \'summation\' due to:\n  '
                                       'TypeError("unsupported operand type(s) for +: '
                                       '\'int\' and \'str\'")'}


# -- selector -----------------------------------------------------------------

def test_selector():
    d = {'a': 1, 'b': 2, 'c': 3}
    assert sh.selector(['a', 'b'], d) == {'a': 1, 'b': 2}
    assert sh.selector(['b', 'a'], d, output_type='list') == [2, 1]
    assert sh.selector(['a', 'b'], d, output_type='values') == (1, 2)
    assert sh.selector(['a'], d, output_type='values') == 1
    assert sh.selector(['a', 'z'], d, allow_miss=True) == {'a': 1}
    assert sh.selector(['a', 'z'], d, output_type='values', allow_miss=True) == 1
    with pytest.raises(KeyError) as info:
        sh.selector(['a', 'z'], d)
    assert str(info.value) == "'z'"
    nested = {'a': [1, 2]}
    assert sh.selector(['a'], nested, output_type='values') is nested['a']
    assert sh.selector(['a'], nested, copy=True)['a'] is not nested['a']


def test_selector_partial_as_node_function():
    select = functools.partial(sh.selector, ['a', 'b'], output_type='list')
    dsp = sh.Dispatcher()
    assert dsp.add_function(function=select, inputs=['d'], outputs=['l']) == 'selector'
    assert dsp.nodes['selector']['function'] is select
    assert dsp.dispatch({'d': {'a': 1, 'b': 2}})['l'] == [1, 2]
    sol = dsp.dispatch({'d': {'a': 1}})
    assert sol.errors == {'selector': "Failed DISPATCHING 'selector' due to:\n  KeyError('b')"}


def test_selector_values_spread_over_outputs():
    dsp = sh.Dispatcher()
    dsp.add_function(function=functools.partial(sh.selector, ['a', 'b'], output_type='values'),
                     inputs=['d'], outputs=['x', 'y'])
    sol = dsp.dispatch({'d': {'a': 1, 'b': 2}})
    assert (sol['x'], sol['y']) == (1, 2)


def test_selector_partial_with_copy_runs_in_python():
    dsp = sh.Dispatcher()
    value = {'a': [1]}
    dsp.add_function(function=functools.partial(sh.selector, ['a'], copy=True),
                     inputs=['d'], outputs=['s'])
    sol = dsp.dispatch({'d': value})
    assert sol['s'] == {'a': [1]} and sol['s']['a'] is not value['a']


# -- replicate_value ----------------------------------------------------------

def test_replicate_value():
    value = {'a': [3]}
    copies = sh.replicate_value(value, n=3)
    assert copies == (value, value, value)
    assert all(c is not value for c in copies) and copies[0] is not copies[1]
    assert sh.replicate_value(5, n=1) == 5
    assert sh.replicate_value(5) == (5, 5)
    same = sh.replicate_value(value, copy=False)
    assert same[0] is value and same[1] is value


def test_replicate_value_as_node_function():
    dsp = sh.Dispatcher()
    dsp.add_function(function=functools.partial(sh.replicate_value, n=3), inputs=['a'],
                     outputs=['b', 'c', 'd'])
    dsp.add_function(function=sh.replicate_value, inputs=['a'], outputs=['e', 'f'])
    sol = dsp.dispatch({'a': 7})
    assert [sol[k] for k in 'bcdef'] == [7] * 5


# -- combine_dicts, map_dict, map_list ----------------------------------------

def test_combine_dicts():
    assert sh.combine_dicts({'a': 3, 'c': 3}, {'a': 1, 'b': 2}) == {'a': 1, 'c': 3, 'b': 2}
    assert list(sh.combine_dicts({'a': 3, 'c': 3}, {'a': 1, 'b': 2})) == ['a', 'c', 'b']
    one = {'a': [1]}
    shallow = sh.combine_dicts(one)
    assert shallow == one and shallow is not one and shallow['a'] is one['a']
    assert sh.combine_dicts(one, copy=True)['a'] is not one['a']
    base = {'z': 0}
    assert sh.combine_dicts({'a': 1}, {}, base=base) is base
    assert base == {'z': 0, 'a': 1}
    assert sh.combine_dicts() == {}


def test_combine_dicts_as_node_function():
    dsp = sh.Dispatcher()
    dsp.add_function(function=sh.combine_dicts, inputs=['x', 'y'], outputs=['z'])
    assert dsp.dispatch({'x': {'a': 1}, 'y': {'a': 2, 'b': 3}})['z'] == {'a': 2, 'b': 3}


def test_map_dict():
    assert sh.map_dict({'a': 'c', 'b': 'd'}, {'a': 1, 'b': 1}, {'b': 2}) == {'c': 1, 'd': 2}
    assert sh.map_dict({'a': 'b'}, {'a': 1, 'b': 2}) == {'b': 2}
    base = {}
    assert sh.map_dict({'a': 'x'}, {'a': 1}, base=base) is base and base == {'x': 1}
    dsp = sh.Dispatcher()
    dsp.add_function(function=functools.partial(sh.map_dict, {'a': 'x'}), inputs=['d'],
                     outputs=['m'])
    assert dsp.dispatch({'d': {'a': 1, 'b': 2}})['m'] == {'x': 1, 'b': 2}


def test_map_list():
    key_map = ['a', {'a': 'c'}, ['a', {'a': 'd'}]]
    assert sh.map_list(key_map, 2, {'a': 3, 'b': 2}, [1, {'a': 4}]) == \
        {'a': 1, 'c': 3, 'b': 2, 'd': 4}
    assert sh.map_list(['a', 'b'], 1) == {'a': 1}
    with pytest.raises(ValueError, match='item 0'):
        sh.map_list([3], 1)
    dsp = sh.Dispatcher()
    dsp.add_function(function=functools.partial(sh.map_list, ['x', {'k': 'y'}]),
                     inputs=['a', 'b'], outputs=['m'])
    assert dsp.dispatch({'a': 1, 'b': {'k': 2}})['m'] == {'x': 1, 'y': 2}


# -- Python conveniences ------------------------------------------------------

def test_kk_dict():
    assert sh.kk_dict('a', {'b': 'c'}, 'c', d='e') == {'d': 'e', 'a': 'a', 'b': 'c', 'c': 'c'}
    with pytest.raises(ValueError, match=r'keyword argument repeated \(b\)'):
        sh.kk_dict('a', 'b', b='c')
    with pytest.raises(ValueError, match=r'keyword argument repeated \(a, b\)'):
        sh.kk_dict({'a': 0, 'b': 1}, b=2, a=3)


def test_stlp():
    assert sh.stlp('abc') == ('abc',)
    x = ['a', 'b']
    assert sh.stlp(x) is x


def test_add_args():
    def original_func(a, b, *args, c=0):
        """Doc"""
        return a + b + c

    f = sh.add_args(original_func, n=2)
    assert (f.__name__, f.__doc__) == ('original_func', 'Doc')
    assert f(1, 2, 3, 4, c=5) == 12
    assert str(inspect.signature(f)) == '(none, none, a, b, *args, c=0)'
    seen = []
    g = sh.add_args(sub, callback=lambda res, *args: seen.append((res, args)))
    assert g('ignored', 7, 2) == 5
    assert seen == [(5, ('ignored', 7, 2))]
    assert sh.add_args(functools.partial(sub, 10)).__name__ == 'sub'


def test_partial_and_add_args_as_node_functions():
    dsp = sh.Dispatcher()
    assert dsp.add_function(function=sh.add_args(functools.partial(sub, 10)),
                            inputs=['x', 'a'], outputs=['b']) == 'sub'
    assert dsp.add_function(function=sh.partial(sub, b=1), inputs=['b'], outputs=['c']) == \
        'sub<0>'
    assert dict(dsp.dispatch({'x': 'ignored', 'a': 3})) == \
        {'a': 3, 'x': 'ignored', 'b': 7, 'c': 6}


def test_parent_func():
    wrapped = sh.add_args(functools.partial(sub, 10), n=2)
    assert sh.parent_func(wrapped) is sub
    assert sh.parent_func(wrapped, 3) == (sub, 2)
    assert sh.parent_func(sub, 0) == (sub, 0)


def test_inf_arithmetic():
    inf = sh.inf
    assert inf(1, 2) + 3 == inf(1, 5)
    assert 3 + inf(1, 2) == inf(1, 5)
    assert inf(1, 2) + inf(0, 5) == inf(1, 7)
    assert 3 - inf(1, 2) == inf(-1, 1)
    assert inf(1, 2) - 3 == inf(1, -1)
    assert inf(1, 2) * 3 == inf(3, 6) == 3 * inf(1, 2)
    assert inf(2, 4) / 2 == inf(1.0, 2.0)
    assert 8 / inf(2, 4) == inf(4.0, 2.0)
    assert inf(5, 7) // 2 == inf(2, 3)
    assert inf(5, 7) % 2 == inf(1, 1)
    assert inf(2, 3) ** 2 == inf(4, 9)
    assert 2 ** inf(2, 3) == inf(4, 8)
    assert inf(1, 2) * inf(2, 3) == inf(2, 6)
    assert -inf(1, 2) == inf(-1, -2) and +inf(1, 2) == inf(1, 2)
    assert abs(inf(-1, -2)) == inf(1, 2)
    assert round(inf(1.26, 2.74), 1) == inf(1.3, 2.7)
    assert math.trunc(inf(1.5, -2.5)) == inf(1, -2)
    assert math.floor(inf(1.5, -2.5)) == inf(1, -3)
    assert math.ceil(inf(1.5, -2.5)) == inf(2, -2)
    assert inf(0, 100) < inf(1, 0)
    assert not inf(1, 0) < 1000000
    assert inf(0, 5) == 5 and inf(1, 5) != 5
    assert inf(0, 5) > 4 and inf(0, 5) >= 5 and inf(0, 5) <= 5
    assert repr(inf(0, 5)) == '5' and repr(inf(1, 2)) == 'inf(inf=1, num=2)'
    assert inf.format((1, 2)) == inf(1, 2) and inf.format(3) == inf(0, 3)
    assert tuple(inf(1, 2)) == (1, 2)
    with pytest.raises(AttributeError):
        inf(1, 2)._num = 3
    assert operator.neg(inf(1, 2)) == inf(-1, -2)
    assert hash(inf(0, 5)) == hash(5)


def test_inf_distances_in_a_dispatch():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: a + 1, ['a'], ['b'], weight=2)
    sol = dsp.dispatch({'a': 1}, inputs_dist={'a': sh.inf(1, 0)})
    assert sol.dist['b'] == sh.inf(1, 4)


# -- the value adapter --------------------------------------------------------

def test_adapter_reads_python_containers():
    # dicts and lists of Python values, nested, generators and tuples
    assert sh.combine_dicts({'a': [1, {'b': 2}]}, {'c': (3,)}) == {'a': [1, {'b': 2}], 'c': (3,)}
    assert sh.summation([1, 2], (x for x in [3])) == [1, 2, 3]
    assert sh.map_list(('a', ('b', {'k': 'c'})), 1, [2, {'k': 3}]) == {'a': 1, 'b': 2, 'c': 3}
    # keys are node ids, kept as they are: 1 and '1' are two keys, as in schedula
    assert sh.combine_dicts({1: 'x'}) == {1: 'x'}
    assert sh.combine_dicts({1: 'x', '1': 'y', (2, 'z'): 'w'}) == {1: 'x', '1': 'y', (2, 'z'): 'w'}
    # tokens keep their meaning
    assert sh.selector([sh.START], {sh.START: 1}) == {sh.START: 1}


def test_adapter_errors():
    with pytest.raises(TypeError, match="'list' object is not a mapping"):
        sh.combine_dicts([1, 2])
    with pytest.raises(TypeError, match='a value of type int is not a mapping'):
        sh.combine_dicts(3)
    with pytest.raises(TypeError, match="'dict' object is not a sequence"):
        sh.map_list(['a', ['b']], 1, {'b': 2})

    class Broken(dict):
        def items(self):
            raise RuntimeError('no items')

    with pytest.raises(RuntimeError, match='no items'):
        sh.combine_dicts(Broken(a=1))


def test_adapter_reads_solutions_as_mappings():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: a + 1, ['a'], ['b'])
    sol = dsp.dispatch({'a': 1})
    assert sh.combine_dicts(sol, {'c': 3}) == {'a': 1, 'b': 2, 'c': 3}


def test_library_containers_reach_python_functions_as_python_values():
    seen = []

    def look(d, l):
        seen.append((d, l))
        return 0

    dsp = sh.Dispatcher()
    dsp.add_function(function=sh.combine_dicts, inputs=['x', 'y'], outputs=['d'])
    dsp.add_function(function=sh.summation, inputs=['p', 'q'], outputs=['l'])
    dsp.add_function('look', look, ['d', 'l'], ['z'])
    dsp.dispatch({'x': {'a': sh.NONE}, 'y': {'b': [1]}, 'p': [{'k': 1}], 'q': [2]})
    (d, l), = seen
    assert type(d) is dict and d == {'a': sh.NONE, 'b': [1]}
    assert d['a'] is sh.NONE
    assert type(l) is list and l == [{'k': 1}, 2] and type(l[0]) is dict


def test_python_lists_keep_their_identity_through_functions():
    value = [[1], [2]]
    seen = []
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda v: seen.append(v) or v, ['a'], ['b'])
    sol = dsp.dispatch({'a': value})
    assert seen[0] is value and sol['b'] is value


# schedula's nested-dict helpers (schedula.utils.dsp); the expected values
# are schedula 1.5.78's for the same calls

def test_stack_nested_keys():
    d = {'a': {'b': 1, 'c': {'d': 2}}, 'e': 3}
    assert list(sh.stack_nested_keys(d)) == [(('a', 'b'), 1), (('a', 'c', 'd'), 2), (('e',), 3)]
    assert list(sh.stack_nested_keys(d, depth=1)) == [(('a',), {'b': 1, 'c': {'d': 2}}), (('e',), 3)]
    assert list(sh.stack_nested_keys(d, key=('x',), depth=2)) == [
        (('x', 'a', 'b'), 1), (('x', 'a', 'c'), {'d': 2}), (('x', 'e'), 3)]
    assert list(sh.stack_nested_keys(5)) == [((), 5)]
    assert list(sh.stack_nested_keys({})) == []
    assert list(sh.stack_nested_keys(d, depth=0)) == [((), d)]


def test_get_and_are_in_nested_dicts():
    d = {}
    assert sh.get_nested_dicts(d, 'a', 'b', default=list) == []
    assert d == {'a': {'b': []}}
    sh.get_nested_dicts(d, 'a', 'b').append(1)
    assert d == {'a': {'b': [1]}}
    assert sh.get_nested_dicts(d) is d
    assert sh.are_in_nested_dicts(d, 'a', 'b')
    assert not sh.are_in_nested_dicts(d, 'a', 'c')
    assert not sh.are_in_nested_dicts({'a': 1}, 'a', 'b')
    assert sh.are_in_nested_dicts(d)


def test_combine_nested_dicts():
    a = {'a': {'b': 1}, 'c': 2}
    b = {'a': {'d': 3}, 'c': {'e': 4}}
    assert sh.combine_nested_dicts(a, b) == {'a': {'b': 1, 'd': 3}, 'c': {'e': 4}}
    assert sh.combine_nested_dicts(b, a) == {'a': {'d': 3, 'b': 1}, 'c': 2}
    assert sh.combine_nested_dicts(a, b, depth=1) == {'a': {'d': 3}, 'c': {'e': 4}}
    base = {'z': 0}
    assert sh.combine_nested_dicts(a, base=base) is base and base == {'z': 0, 'a': {'b': 1}, 'c': 2}


def test_nested_dicts_deep():
    """Dicts 20,000 levels deep: no recursion."""
    deep = cur = {}
    for _ in range(20000):
        cur['k'] = {}
        cur = cur['k']
    cur['k'] = 1
    (keys, value), = sh.stack_nested_keys(deep)
    assert len(keys) == 20001 and value == 1
    assert sh.are_in_nested_dicts(deep, *keys)
    assert sh.get_nested_dicts(deep, *keys) == 1
    # (== on such dicts would recurse in Python itself)
    assert list(sh.stack_nested_keys(sh.combine_nested_dicts(deep))) == [(keys, 1)]
