# test_model.py: building models with the keyword API
#
# SPDX-License-Identifier: EUPL-1.2

import functools

import pytest

from conftest import double, inc, sh


def combine(kw):
    return sum(kw.values())


def record(value):
    pass


def positive(*args):
    return all(a > 0 for a in args)


class TestAddData:
    def test_ids(self):
        dsp = sh.Dispatcher()
        assert dsp.add_data('a') == 'a'
        assert dsp.add_data('a') == 'a'  # re-adding keeps the id
        assert dsp.add_data() == 'unknown'
        assert dsp.add_data(default_value='v') == 'unknown<0>'
        assert list(dsp.nodes) == ['a', 'unknown', 'unknown<0>']

    def test_every_attribute(self):
        dsp = sh.Dispatcher()
        dsp.add_data('a', default_value=1, initial_dist=2, wait_inputs=True, wildcard=False,
                      function=combine, callback=record, description='the a',
                      filters=[inc, double], await_result=True, color='red')
        attrs = dsp.nodes['a']
        assert attrs['type'] == 'data'
        assert attrs['index'] == (0,)
        assert attrs['wait_inputs'] is True
        assert attrs['function'] is combine
        assert attrs['callback'] is record
        assert attrs['filters'] == [inc, double]
        assert attrs['wildcard'] is False
        assert attrs['await_result'] is True
        assert attrs['description'] == 'the a'
        assert attrs['color'] == 'red'
        assert dsp.default_values == {'a': {'value': 1, 'initial_dist': 2}}

    def test_plain_node(self):
        dsp = sh.Dispatcher()
        dsp.add_data('a')
        assert dsp.nodes['a'] == {'type': 'data', 'index': (0,), 'wait_inputs': False}
        assert dsp.default_values == {}

    def test_default_values(self):
        dsp = sh.Dispatcher()
        dsp.add_data('a', default_value=None)
        dsp.add_data('b', default_value=[1, 2], initial_dist=0.5)
        assert dsp.default_values == {'a': {'value': None, 'initial_dist': 0.0},
                                      'b': {'value': [1, 2], 'initial_dist': 0.5}}

    def test_data_id_of_a_function_is_refused(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a'], ['b'])
        with pytest.raises(ValueError, match='Invalid data id: override function f'):
            dsp.add_data('f')


class TestAddFunction:
    def test_every_attribute(self):
        dsp = sh.Dispatcher()
        assert dsp.add_function('f', inc, ['a'], ['b'], input_domain=positive, weight=2,
                                inp_weight={'a': 3}, out_weight={'b': 4.5},
                                description='F', filters=[double], await_domain=False,
                                await_result=1, shape='box') == 'f'
        attrs = dsp.nodes['f']
        assert attrs['type'] == 'function'
        assert attrs['index'] == (0,)
        assert attrs['wait_inputs'] is True
        assert attrs['inputs'] == ['a']
        assert attrs['outputs'] == ['b']
        assert attrs['function'] is inc
        assert attrs['input_domain'] is positive
        assert attrs['weight'] == 2 and type(attrs['weight']) is int
        assert attrs['filters'] == [double]
        assert attrs['await_domain'] is False
        assert attrs['await_result'] == 1
        assert attrs['description'] == 'F'
        assert attrs['shape'] == 'box'
        assert dsp.dmap.edges == {('a', 'f'): {'weight': 3}, ('f', 'b'): {'weight': 4.5}}
        assert type(dsp.dmap.edges[('a', 'f')]['weight']) is int

    def test_data_nodes_are_added(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a', 'b'], ['c'])
        assert list(dsp.nodes) == ['f', 'a', 'b', 'c']
        assert [a['index'] for a in dsp.nodes.values()] == [(0,), (1,), (2,), (3,)]
        assert list(dsp.data_nodes) == ['a', 'b', 'c']
        assert list(dsp.function_nodes) == ['f']
        assert dsp.sub_dsp_nodes == {}

    def test_ids_from_the_function_name(self):
        dsp = sh.Dispatcher()
        assert dsp.add_function(function=inc, inputs=['a'], outputs=['b']) == 'inc'
        assert dsp.add_function(function=inc, inputs=['b'], outputs=['c']) == 'inc<0>'
        assert dsp.add_function(function=functools.partial(double),
                                inputs=['c'], outputs=['d']) == 'double'
        dsp.add_data('x')
        assert dsp.add_function('x', inc, ['d'], ['e']) == 'x<0>'

    def test_without_inputs_or_outputs(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc)
        attrs = dsp.nodes['f']
        assert attrs['inputs'] == [sh.START] and attrs['outputs'] == [sh.SINK]
        assert list(dsp.nodes) == [sh.START, sh.SINK, 'f']
        assert dsp.nodes[sh.SINK]['wait_inputs'] is True

    def test_a_string_is_an_iterable_of_ids(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, 'ab', 'c')
        assert list(dsp.nodes['f']['inputs']) == ['a', 'b']

    def test_no_function_and_no_id(self):
        dsp = sh.Dispatcher()
        with pytest.raises(ValueError, match='Invalid function id'):
            dsp.add_function(inputs=['a'])

    def test_function_node_as_input_is_refused(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a'], ['b'])
        with pytest.raises(ValueError, match='Invalid input id: f is not a data node'):
            dsp.add_function('g', inc, ['f'], ['c'])
        assert 'g' not in dsp.nodes and 'c' not in dsp.nodes


class TestAddFunc:
    @staticmethod
    def f(a, b, c, d=3, m=5):
        return (a + b) - c + d - m

    def test_inputs_from_the_signature(self):
        dsp = sh.Dispatcher()
        assert dsp.add_func(self.f, outputs=['d']) == 'f'
        assert list(dsp.nodes['f']['inputs']) == ['a', 'b', 'c']
        assert dsp.add_func(self.f, outputs=['i'], inputs_kwargs=True) == 'f<0>'
        assert list(dsp.nodes['f<0>']['inputs']) == ['a', 'b', 'c', 'd', 'm']

    def test_inputs_defaults(self):
        dsp = sh.Dispatcher()
        dsp.add_func(self.f, outputs=['x'], inputs_kwargs=True, inputs_defaults=True)
        assert dsp.default_values == {'d': {'value': 3, 'initial_dist': 0.0},
                                      'm': {'value': 5, 'initial_dist': 0.0}}
        assert dsp({'a': 1, 'b': 2, 'c': 3})['x'] == -2

    def test_decorator(self):
        dsp = sh.Dispatcher()

        @sh.add_function(dsp, outputs=['e'])
        def g(a, b, c, *args, d=0):
            return (a + b) * c + d

        assert g(1, 2, 3) == 9  # the function is returned unchanged
        assert list(dsp.nodes['g']['inputs']) == ['a', 'b', 'c']
        assert dsp({'a': 1, 'b': 2, 'c': 3})['e'] == 9

    def test_decorator_with_defaults(self):
        dsp = sh.Dispatcher()

        @sh.add_function(dsp, True, True, outputs=['e'], function_id='h')
        def g(a, d=10):
            return a + d

        assert list(dsp.nodes['h']['inputs']) == ['a', 'd']
        assert dsp({'a': 1})['e'] == 11


class TestDefaults:
    def test_set_overwrite_remove(self):
        dsp = sh.Dispatcher()
        dsp.add_data('a', default_value=1, initial_dist=1)
        assert dsp.set_default_value('a', 2, initial_dist=3) is None
        assert dsp.default_values == {'a': {'value': 2, 'initial_dist': 3}}
        dsp.set_default_value('a', sh.EMPTY)
        assert dsp.default_values == {}
        dsp.set_default_value('a')
        assert dsp.default_values == {}

    def test_missing_or_function_node(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a'], ['b'])
        with pytest.raises(ValueError, match='Input error: x is not a data node'):
            dsp.set_default_value('x', 3)
        with pytest.raises(ValueError, match='Input error: f is not a data node'):
            dsp.set_default_value('f', 3)

    def test_constructor_defaults(self):
        dsp = sh.Dispatcher(name='d', description='a model')
        dsp.add_data('a')
        assert dsp.name == 'd'
        dsp.set_default_value('a', 7)
        assert dsp({})['a'] == 7

    def test_self_node_holds_the_dispatcher(self):
        dsp = sh.Dispatcher(name='me')
        assert dsp.add_data(sh.SELF) is sh.SELF
        assert dsp.default_values[sh.SELF]['value'] is dsp
        sol = dsp.dispatch()
        assert sol[sh.SELF] is dsp


@pytest.mark.gi
class TestGObject:
    def test_nodes_are_a_list_model(self):
        from gi.repository import Gio

        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a'], ['b'])
        assert isinstance(dsp, Gio.ListModel)
        assert len(dsp) == 3
        assert [n.get_id() for n in dsp] == ['f', 'a', 'b']
        node = dsp.lookup_node('f')
        assert node.props.weight == 0
        node.props.weight = 3.5
        assert dsp.nodes['f']['weight'] == 3.5

    def test_functions_are_library_functions(self):
        f = sh.function(inc)
        assert isinstance(f, sh.Function)
        assert f.__name__ == 'inc' and f.get_name() == 'inc'
        assert sh.function(inc) is f  # one per callable
        assert sh.function(f) is f

    def test_special_ids(self):
        assert repr(sh.START) == 'start' and str(sh.SINK) == 'sink'
        assert sh.START != 'start' and sh.START == sh.START
        assert {sh.SELF: 1}[sh.SELF] == 1
        assert sh.NONE is not sh.EMPTY and repr(sh.NONE) == 'none'


def test_add_from_lists():
    """schedula's add_from_lists, with its documented example: the ids of
    what each list added, and a model that dispatches."""
    def func(a, b):
        return a + b

    sub = sh.Dispatcher(name='Sub-dispatcher')
    assert sub.add_function(function=func, inputs=['e', 'f'], outputs=['g']) == 'func'
    dsp = sh.Dispatcher(name='Dispatcher')
    ids = dsp.add_from_lists(
        [{'data_id': 'a'}, {'data_id': 'b'}, {'data_id': 'c'}],
        [{'function': func, 'inputs': ['a', 'b'], 'outputs': ['c']}],
        [{'dsp_id': 'Sub', 'dsp': sub, 'inputs': {'a': 'e', 'b': 'f'}, 'outputs': {'g': 'h'}}])
    assert ids == (['a', 'b', 'c'], ['func'], ['Sub'])
    sol = dsp.dispatch({'a': 1, 'b': 2})
    assert sol['c'] == 3 and sol['h'] == 3
    assert sh.Dispatcher().add_from_lists() == ([], [], [])
