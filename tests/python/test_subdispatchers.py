# test_subdispatchers.py: sub-dispatcher nodes and their mappings
#
# SPDX-License-Identifier: EUPL-1.2

import pytest

from conftest import inc, sh


def add(x, w):
    return x + w


@pytest.fixture
def child():
    """x (default 5), w (default 7) -> f = x + w -> y."""
    sub = sh.Dispatcher(name='child')
    sub.add_data('x', default_value=5)
    sub.add_data('w', default_value=7)
    sub.add_function('f', add, ['x', 'w'], ['y'])
    return sub


def test_one_to_many(child):
    dsp = sh.Dispatcher(name='parent')
    assert dsp.add_dispatcher(child, inputs={'a': ('x', 'w')}, outputs={'y': ('b', 'c')}) \
        == 'child'
    attrs = dsp.nodes['child']
    assert attrs['type'] == 'dispatcher' and attrs['wait_inputs'] is False
    assert attrs['function'] is child
    assert attrs['inputs'] == {'a': ('x', 'w')}
    assert attrs['outputs'] == {'y': ('b', 'c')}
    assert dsp.dmap.edges == {('child', 'b'): {}, ('child', 'c'): {},
                              ('a', 'child'): {'weight': 0.0}}
    sol = dsp.dispatch({'a': 1})
    assert dict(sol) == {'a': 1, 'b': 2, 'c': 2}
    assert dict(sol.sub_sol[(-1, 0)]) == {'x': 1, 'w': 1, 'y': 2}
    assert list(dsp.sub_dsp_nodes) == ['child']


def test_default_mappings_and_prefixes():
    sub = sh.Dispatcher()
    sub.add_function('f', inc, ['x'], ['y'])
    dsp = sh.Dispatcher()
    assert dsp.add_dispatcher(sub, ['x', {'q': 'x'}], 'y') == 'unknown'
    assert dsp.nodes['unknown']['inputs'] == {'x': 'x', 'q': 'x'}
    assert dsp.nodes['unknown']['outputs'] == {'y': 'y'}
    assert dsp.add_dispatcher(sub, inputs_prefix='in_', outputs_prefix='out_') == 'unknown<0>'
    assert dsp.nodes['unknown<0>']['inputs'] == {'in_x': 'x', 'in_y': 'y'}
    assert dsp.nodes['unknown<0>']['outputs'] == {'x': 'out_x', 'y': 'out_y'}
    assert dict(dsp.dispatch({'q': 1, 'in_x': 4})) == {
        'in_x': 4, 'q': 1, 'out_x': 4, 'out_y': 5, 'y': 2}


def test_repeated_key():
    sub = sh.Dispatcher()
    sub.add_function('f', inc, ['x'], ['y'])
    with pytest.raises(ValueError, match=r'keyword argument repeated \(x\)'):
        sh.Dispatcher().add_dispatcher(sub, ['x', {'x': 'y'}])


def test_attributes_and_include_defaults():
    sub = sh.Dispatcher(name='c2')
    sub.add_data('x', default_value=5)
    sub.add_function('f', inc, ['x'], ['y'])
    dsp = sh.Dispatcher()

    def positive(kw):
        return kw['a'] > 0

    assert dsp.add_dispatcher(sub, inputs={'a': 'x'}, outputs={'y': 'b'}, include_defaults=True,
                              weight=3, inp_weight={'a': 2}, description='desc',
                              input_domain=positive, await_domain=False) == 'c2'
    attrs = dsp.nodes['c2']
    assert attrs['input_domain'] is positive
    assert attrs['weight'] == 3 and attrs['description'] == 'desc'
    assert attrs['await_domain'] is False
    # the default moved from the child to the parent
    assert dsp.default_values == {'a': {'value': 5, 'initial_dist': 0.0}}
    assert sub.default_values == {}
    assert dsp.dmap.edges == {('c2', 'b'): {}, ('a', 'c2'): {'weight': 2}}
    assert dict(dsp.dispatch()) == {'a': 5, 'b': 6}
    assert dict(dsp.dispatch({'a': -1})) == {'a': -1}
    assert dsp.dispatch({'a': 3}).dist == {sh.START: -1, 'a': 0.0, 'c2': 5.0, 'b': 7.0}


def test_input_domain_sees_the_parent_values():
    seen = []
    sub = sh.Dispatcher()
    sub.add_function('f', add, ['x', 'w'], ['y'])
    dsp = sh.Dispatcher()

    def domain(kw):
        seen.append(dict(kw))
        return len(kw) == 2

    dsp.add_dispatcher(sub, inputs={'a': 'x', 'c': 'w'}, outputs={'y': 'b'}, dsp_id='s',
                       input_domain=domain)
    assert dict(dsp.dispatch({'a': 1, 'c': 2})) == {'a': 1, 'c': 2, 'b': 3}
    assert seen[-1] == {'a': 1, 'c': 2}


def test_sink_in_a_mapping():
    sub = sh.Dispatcher()
    sub.add_function('f', inc, ['x'], ['y'])
    dsp = sh.Dispatcher()
    dsp.add_dispatcher(sub, inputs=['x'], outputs=['y', sh.SINK], dsp_id='s')
    assert sh.SINK in dsp.nodes['s']['function'].nodes
    assert dsp.nodes['s']['outputs'] == {'y': 'y', sh.SINK: sh.SINK}


def test_solution_of_the_node(child):
    dsp = sh.Dispatcher()
    dsp.add_dispatcher(child, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='s')
    sol = dsp.dispatch({'a': 1})
    assert sol['b'] == 8
    inner = sol.workflow.nodes['s']['solution']
    assert inner is sol.sub_sol[(-1, 0)]
    assert inner.full_name == ('s',)
    assert dict(inner) == {'x': 1, 'w': 7, 'y': 8}


def test_include_defaults_moves_a_none_default():
    """A child default of None moves to the parent and stays a default
    (PyGObject reads None back as it reads no default)."""
    sub = sh.Dispatcher(name='child')
    sub.add_data('x', default_value=None)
    sub.add_function('f', lambda x: x is None, ['x'], ['y'])
    dsp = sh.Dispatcher(name='parent')
    dsp.add_dispatcher(sub, inputs={'a': 'x'}, outputs={'y': 'b'}, include_defaults=True)
    assert dsp.default_values == {'a': {'value': None, 'initial_dist': 0.0}}
    assert dsp.dispatch()['b'] is True


def test_empty_grandchild_stays_open():
    """schedula's `if _s:` (docs/semantics.md, Reference quirks): a
    sub-solution that holds no value when its parent closes stays open, runs
    its functions and links its outputs into the closed parent; the values,
    distances and edges are schedula 1.5.78's for this model."""
    gc = sh.Dispatcher(name='gc')
    gc.add_data('x', wait_inputs=True, function=lambda kw: sum(kw.values()))
    gc.add_data('k', default_value=7, initial_dist=10)
    gc.add_function('h', inc, ['k'], ['x'])
    gc.add_function('g', lambda x: x * 2, ['x'], ['y'])
    c = sh.Dispatcher(name='c')
    c.add_function('fb', inc, ['a'], ['b'])
    c.add_function('fc', lambda a: a + 2, ['a'], ['c'], weight=5)
    c.add_dispatcher(gc, {'a': 'x'}, {'y': 'z'}, dsp_id='G')
    top = sh.Dispatcher(name='top')
    top.add_dispatcher(c, {'a': 'a'}, {'b': 'b'}, dsp_id='S')

    sol = top.dispatch({'a': 1})
    assert dict(sol) == {'a': 1, 'b': 2}
    s = sol.sub_sol[(-1, 0)]
    assert dict(s) == {'a': 1, 'b': 2}
    assert dict(s.dist) == {sh.START: -1, 'a': 0.0, 'G': 0.0, 'fb': 1.0, 'b': 2.0}
    assert list(s.workflow.edges) == [(sh.START, 'a'), ('a', 'fb'), ('a', 'fc'), ('a', 'G'),
                                      ('fb', 'b'), ('G', 'z')]
    assert s.workflow.edges['G', 'z']['value'] == 18
    g = sol.sub_sol[(-1, 0, 5)]
    assert dict(g) == {'k': 7, 'x': 9, 'y': 18}
    assert dict(g.dist) == {sh.START: -1, 'k': 10.0, 'h': 11.0, 'x': 12.0, 'g': 13.0, 'y': 14.0}


def test_sub_dispatcher_visited_without_starting():
    """The shrink's dispatch visits S from the fringe, where the wildcard
    input d3 put it without starting it; d1 then reaches it with no
    sub-solution to go to. schedula 1.5.78 raises KeyError (it crashed the
    library before; differential.py, seed 722, reduced)."""
    child = sh.Dispatcher(name='child')
    child.add_dispatcher(sh.Dispatcher(name='gc'), {'d11': 'd63'}, {}, dsp_id='G', weight=1)
    dsp = sh.Dispatcher(name='top')
    dsp.add_function('f0', inc, ['d4'], ['d1'], weight=1)
    dsp.add_function('f1', lambda a: None, ['d1'], [])
    dsp.add_dispatcher(child, {'d1': 'd11', 'd3': 'd21'}, {}, dsp_id='S', weight=2,
                       input_domain=lambda kw: all(v > 0 for v in kw.values()))
    with pytest.raises(KeyError, match='sub-dispatcher node S was visited without starting'):
        dsp.shrink_dsp({'d4': 7, 'd3': -3}, ['d3'])
