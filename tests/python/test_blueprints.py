# Blueprints (schedula's BlueDispatcher, Blueprint, Dispatcher.blue() and
# extend()), ids that are not strings, the live dmap and nodes, pickling of
# dispatchers: issue 12's differences with schedula, each with the
# reference's answer (schedula 1.5.78).
#
# SPDX-License-Identifier: EUPL-1.2

import copy
import functools
import pickle

import dill
import pytest

import gi

gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh  # noqa: E402


def diff(a, b):
    return a - b


def twice(x):
    return 2 * x


def _blue():
    return (sh.BlueDispatcher(name='model')
            .add_data('b', default_value=1)
            .add_function('diff', diff, ['a', 'b'], ['c'])
            .add_func(twice, ['d'], inputs=['c']))


# -- blueprints ------------------------------------------------------------------

def test_a_blueprint_records_and_chains():
    blue = _blue()
    assert isinstance(blue, sh.Blueprint)
    assert [method for method, _ in blue.deferred] == ['add_data', 'add_function', 'add_func']
    assert blue.deferred[1][1]['function'] is diff


def test_each_register_gives_a_new_dispatcher():
    blue = _blue()
    one, two = blue.register(), blue.register()
    assert isinstance(one, sh.Dispatcher) and one is not two
    assert one.name == 'model'
    assert dict(one({'a': 5})) == {'a': 5, 'b': 1, 'c': 4, 'd': 8}
    one.set_default_value('b', 3)
    assert dict(two({'a': 5})) == {'a': 5, 'b': 1, 'c': 4, 'd': 8}


def test_calling_a_blueprint_registers_and_dispatches():
    assert dict(_blue()({'a': 2})) == {'a': 2, 'b': 1, 'c': 1, 'd': 2}


def test_a_child_blueprint_is_registered_once_per_memo():
    child = sh.BlueDispatcher(name='child').add_func(twice, ['y'], inputs=['x'])
    parent = (sh.BlueDispatcher()
              .add_dispatcher(child, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='one')
              .add_dispatcher(child, inputs={'b': 'x'}, outputs={'y': 'c'}, dsp_id='two'))
    dsp = parent.register(memo={})
    assert dict(dsp({'a': 1})) == {'a': 1, 'b': 2, 'c': 4}
    assert dsp.nodes['one']['function'] is dsp.nodes['two']['function']


def test_recording_checks_the_arguments():
    # against the Dispatcher method's signature, when recorded
    with pytest.raises(TypeError):
        sh.BlueDispatcher().add_from_lists(1, 2, 3, 4)
    with pytest.raises(TypeError):
        sh.BlueDispatcher().set_default_value()


def test_a_failing_operation_fails_at_register():
    blue = sh.BlueDispatcher().add_function('f', diff, ['a', 'b'], ['c']).add_data('f')
    with pytest.raises(ValueError):
        blue.register()


def test_blueprint_of_any_class():
    blue = sh.Blueprint(3, 4)._set_cls(complex)
    assert blue.register() == complex(3, 4)
    memo = {}
    assert blue.register(memo=memo) is memo[blue]


def test_extend_with_blueprints_and_dispatchers():
    dsp = sh.Dispatcher()
    dsp.add_func(callable, ['is_callable'])
    blue = sh.BlueDispatcher().add_func(len, ['length'])
    both = sh.Dispatcher().extend(dsp, blue)
    assert both is not dsp
    assert set(both.function_nodes) == {'callable', 'len'}
    assert set(sh.BlueDispatcher().extend(dsp, blue).register().function_nodes) == \
        {'callable', 'len'}


def test_dispatcher_blue_builds_the_model_again():
    child = sh.Dispatcher(name='child')
    child.add_func(twice, ['y'], inputs=['x'])
    dsp = sh.Dispatcher(name='top', raises=True)
    dsp.add_data('a', 1)
    dsp.add_function('diff', diff, ['a', 'b'], ['c'], weight=2, inp_weight={'a': 3})
    dsp.add_dispatcher(child, inputs={'c': 'x'}, outputs={'y': 'd'}, dsp_id='child')
    dsp.add_function('partial', functools.partial(diff, 10), ['d'], ['e'])
    blue = dsp.blue()
    assert isinstance(blue, sh.BlueDispatcher)
    again = blue.register()
    assert again is not dsp and again.raises == dsp.raises
    assert dict(again({'b': 0})) == dict(dsp({'b': 0})) == {'a': 1, 'b': 0, 'c': 1, 'd': 2,
                                                            'e': 8}
    assert again.nodes['diff']['weight'] == 2
    assert again.dmap.edges['a', 'diff'] == {'weight': 3}
    assert again.nodes['child']['function'] is not child
    # depth=1: the sub-dispatcher is not made a blueprint
    assert dsp.blue(depth=1).register().nodes['child']['function'] is child


# -- ids that are not strings ------------------------------------------------------

def test_int_and_tuple_ids_keep_their_identity():
    dsp = sh.Dispatcher()
    dsp.add_function('inc', lambda x: x + 1, [1], [2])
    # schedula: {1: 5, 2: 6}; '1' is another node
    assert dict(dsp({1: 5})) == {1: 5, 2: 6}
    assert dict(dsp({'1': 5})) == {'1': 5}
    dsp.add_function('pair', lambda x: x, [('a', 1)], [('b', 2)])
    sol = dsp({('a', 1): 3})
    assert dict(sol) == {('a', 1): 3, ('b', 2): 3}
    assert ('a', 1) in dsp.nodes and ('b', 2) in dsp.dmap.succ['pair']


def test_a_nul_in_an_id_is_kept():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda x: x, ['a\0b'], ['a\0c'])
    assert dict(dsp({'a\0b': 1})) == {'a\0b': 1, 'a\0c': 1}
    assert 'a' not in dsp.nodes


def test_tuples_in_sub_dispatcher_mappings():
    # as schedula builds the graph: a tuple key is several parent ids (the
    # node's attribute keeps the tuple), a tuple value several ids
    child = sh.Dispatcher(name='child')
    child.add_func(lambda a, b: a + b, ['c'], inputs=['a', 'b'])
    dsp = sh.Dispatcher()
    dsp_id = dsp.add_dispatcher(child, inputs={('d', 'd1'): ('a', 'b')},
                                outputs={'c': ('x', 'y')})
    assert list(dsp.nodes) == ['child', 'd', 'd1', 'x', 'y']
    assert dsp.nodes[dsp_id]['inputs'] == {('d', 'd1'): ('a', 'b')}
    # the tuple is no node: as in schedula, it stays an input
    assert dict(dsp({('d', 'd1'): 2})) == {('d', 'd1'): 2}
    # each parent goes to both (schedula fails with KeyError('d') here)
    assert dict(dsp({'d': 2})) == {'d': 2, 'x': 4, 'y': 4}


def test_an_unhashable_id_is_a_type_error():
    with pytest.raises(TypeError):
        sh.Dispatcher().add_data(['a'])


# -- the model's views are live ----------------------------------------------------

def _alternatives():
    dsp = sh.Dispatcher()
    dsp.add_function('inc', lambda a: a + 1, ['a'], ['b'])
    dsp.add_function('alt', lambda a: a + 10, ['a'], ['b'], weight=5)
    return dsp


def test_edge_weights_edited_in_dmap_change_the_dispatch():
    dsp = _alternatives()
    assert dsp({'a': 1}, ['b'])['b'] == 2
    dsp.dmap.edges['a', 'inc']['weight'] = 100      # schedula gives 11
    assert dsp.dmap.edges['a', 'inc'] == {'weight': 100}
    assert dsp({'a': 1}, ['b'])['b'] == 11
    del dsp.dmap.edges['a', 'inc']['weight']
    assert dsp({'a': 1}, ['b'])['b'] == 2


def test_node_weights_edited_in_nodes_change_the_dispatch():
    dsp = _alternatives()
    assert dsp.nodes['alt'].pop('weight') == 5      # alt now weighs as inc
    dsp.dmap.edges['a', 'inc']['weight'] = 1.5
    assert dsp({'a': 1}, ['b'])['b'] == 11
    dsp.nodes['alt']['weight'] = 10
    assert dsp.nodes['alt']['weight'] == 10
    assert dsp({'a': 1}, ['b'])['b'] == 2


def test_edits_of_attributes_stay_until_the_model_changes():
    dsp = _alternatives()
    dsp.nodes['inc'].pop('function')
    assert 'function' not in dsp.nodes['inc']
    assert dsp.nodes is dsp.nodes and dsp.dmap.nodes['inc'] is dsp.nodes['inc']
    dsp.add_data('c')
    assert 'function' in dsp.nodes['inc']


def test_dmap_remove_node():
    dsp = _alternatives()
    dsp.dmap.remove_node('inc')
    assert 'inc' not in dsp.nodes and ('a', 'inc') not in dsp.dmap.edges
    assert dict(dsp({'a': 1})) == {'a': 1, 'b': 11}
    with pytest.raises(Exception):
        dsp.dmap.remove_node('no such node')


def test_dmap_remove_nodes_from():
    dsp = _alternatives()
    before = list(dsp.nodes)
    # networkx's remove_nodes_from(): ids that are not nodes are ignored,
    # and an id may come twice
    dsp.dmap.remove_nodes_from(['inc', 'no such node', 'inc'])
    assert list(dsp.nodes) == [n for n in before if n != 'inc']
    assert ('a', 'inc') not in dsp.dmap.edges
    assert dict(dsp({'a': 1})) == {'a': 1, 'b': 11}
    dsp.dmap.remove_nodes_from(iter(list(dsp.nodes)))
    assert list(dsp.nodes) == [] and len(dsp.dmap.edges) == 0
    assert dict(dsp({'a': 1})) == {'a': 1}
    # the library's call, which refuses an id that is not a node
    with pytest.raises(Exception, match='no node nope'):
        dsp.remove_nodes(['nope'])


# -- pickling ----------------------------------------------------------------------

@pytest.mark.parametrize('module', [pickle, dill], ids=['pickle', 'dill'])
def test_a_dispatcher_pickles_as_its_model(module):
    child = sh.Dispatcher(name='child')
    child.add_func(max, ['m'], inputs=['x', 'y'])
    dsp = sh.Dispatcher(name='m')
    dsp.add_data('a', 1)
    dsp.add_function('diff', diff, ['a', 'b'], ['c'], inp_weight={'a': 2})
    dsp.add_function('bypass', sh.bypass, ['c'], ['d'])
    dsp.add_dispatcher(child, {'c': 'x', 'd': 'y'}, {'m': 'e'})
    before = module.dumps(dsp)
    expected = dict(dsp({'b': 2}))
    # a dispatch does not change what a dispatcher pickles to, as in schedula
    assert module.dumps(dsp) == before
    loaded = module.loads(before)
    assert loaded is not dsp and loaded.name == 'm'
    assert loaded.solution is None or dict(loaded.solution) == {}
    assert dict(loaded({'b': 2})) == expected
    assert loaded.dmap.edges['a', 'diff'] == {'weight': 2}


def test_a_blueprint_pickles():
    blue = dill.loads(dill.dumps(_blue()))
    assert dict(blue({'a': 5})) == {'a': 5, 'b': 1, 'c': 4, 'd': 8}
    assert copy.deepcopy(_blue()).register().name == 'model'
