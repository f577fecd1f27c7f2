# test_plot.py: plots from Python (libschedula-glib/plot): to_dot(), plot()
# of a model and of a solution to .dot, .svg and .html files, schedula's
# keywords (depth, node_data, max_lines), values written as schedula writes
# them (pprint), the SiteMap of the pages
#
# SPDX-License-Identifier: EUPL-1.2

import os
import re
import xml.dom.minidom

import pytest
from gi.repository import GLib

from conftest import double, fail, inc, sh

pytestmark = pytest.mark.skipif(not hasattr(sh, 'plot_options'),
                                reason='libschedula-glib was built without plots (-Dplot)')


@pytest.fixture
def model():
    """parent: a -> s (child: x -> f = x + 1 -> y) -> b -> h = 2 b -> d,
    and g fails on b"""
    child = sh.Dispatcher(name='child')
    child.add_function('f', inc, ['x'], ['y'])
    dsp = sh.Dispatcher(name='parent')
    dsp.add_data('a', default_value={'k': [1, 2.5, 'text']})
    dsp.add_dispatcher(child, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='s')
    dsp.add_function('h', double, ['b'], ['d'])
    dsp.add_function('g', fail, ['b'], ['e'])
    return dsp


def labels(dot):
    """The titles of the node tables of a DOT text"""
    return re.findall(r'<TD COLSPAN="2" BORDER="0">([^<]*)</TD>', dot)


def test_to_dot(model):
    dot = model.to_dot()
    assert dot.startswith('digraph dmap {\n')
    assert labels(dot) == ['a', 's', 'b', 'h', 'd', 'g', 'e']
    # the default, as pprint writes it
    assert "{&#39;k&#39;: [1, 2.5, &#39;text&#39;]}" in dot or "{'k': [1, 2.5, 'text']}" in dot
    # the sub-dispatcher: a grey note
    assert 'shape=note, style="filled", fillcolor="#c6c6c6"' in dot


def test_to_dot_of_a_solution(model):
    sol = model.dispatch({'a': 1})
    dot = sol.to_dot()
    assert dot.startswith('digraph workflow {\n')
    assert 'fillcolor="#FF3536"' in dot               # g failed
    assert "Failed DISPATCHING &#39;g&#39;" in dot or "Failed DISPATCHING 'g'" in dot
    # schedula's rows with the values of the data nodes ('output')
    dot = sol.to_dot(node_data=('-', 'distance', 'output'))
    assert '>output</TD><TD ALIGN="LEFT" BALIGN="LEFT" BORDER="1">4</TD>' in dot


def test_options():
    options = sh.plot_options(depth=0, clusters=True, max_lines=2, max_width=10, name='x',
                              node_data=('-', 'distance'), node_function=(), edge_data=())
    assert options.get_depth() == 0
    assert options.get_layout() == sh.PlotLayout.CLUSTERS
    assert options.get_rows() == sh.PlotRows.DISTANCE
    assert (options.get_max_lines(), options.get_max_width(), options.get_title()) == (2, 10, 'x')
    assert sh.plot_options().get_rows() == sh.PlotRows.STANDARD
    with pytest.raises(ValueError, match='typo'):
        sh.plot_options(node_data=('typo',))


def test_long_values_are_cut():
    dsp = sh.Dispatcher(name='long')
    dsp.add_data('a', default_value=list(range(1000)))
    dot = dsp.to_dot(max_width=20)
    assert '[0, 1, 2, 3, 4, 5, 6…' in dot


@pytest.mark.parametrize('fmt', ['dot', 'svg', 'html'])
def test_plot_writes_the_file(model, tmp_path, fmt):
    if fmt != 'dot' and not sh.HAS_GRAPHVIZ:
        pytest.skip('libschedula-glib was built without graphviz')
    sitemap = model.plot(view=False, directory=str(tmp_path), format=fmt)
    assert sitemap.path == os.path.join(str(tmp_path), 'parent.' + fmt)
    with open(sitemap.path, encoding='utf-8') as f:
        text = f.read()
    if fmt == 'dot':
        assert text == model.to_dot()
    elif fmt == 'svg':
        svg = xml.dom.minidom.parseString(text.encode())
        assert svg.documentElement.tagName == 'svg'
    else:
        assert text.startswith('<!DOCTYPE html>')
        assert text.count('<template id="sch-page-') == 2


def test_plot_of_a_solution(model, tmp_path):
    sol = model.dispatch({'a': 1})
    sitemap = sol.plot(view=False, directory=str(tmp_path), format='dot')
    with open(sitemap.path) as f:
        assert f.read() == sol.to_dot()
    # workflow=True on the dispatcher plots its last solution
    again = model.plot(workflow=True, view=False, directory=str(tmp_path), format='dot',
                       filename='again.dot')
    with open(again.path) as f:
        assert f.read() == sol.to_dot()


def test_sitemap(model, tmp_path):
    sitemap = model.plot(view=False, directory=str(tmp_path), format='dot')
    assert repr(sitemap) == 'SiteMap({parent: SiteMap({s: SiteMap({})})})'
    (root, children), = sitemap.items()
    assert (root.name, root.label_name, root.path) == ('parent', 'dmap', ('parent',))
    (child, _), = children.items()
    assert child.path == ('parent', 's')
    assert child.nodes == ['f', 'x', 'y']
    assert labels(child.dot()) == ['f', 'x', 'y']
    assert sitemap.to_dot() == model.to_dot()

    shallow = model.plot(view=False, depth=0, directory=str(tmp_path), format='dot')
    assert repr(shallow) == 'SiteMap({parent: SiteMap({})})'


def test_plot_refuses_what_it_does_not_have(model, tmp_path):
    with pytest.raises(ValueError, match='sites'):
        model.plot(view=False, directory=str(tmp_path), sites={'x'})
    # schedula's keywords for its own rendering are accepted
    model.plot(view=False, directory=str(tmp_path), format='dot', index=True, viz=True)


@pytest.mark.gi
def test_plot_map(model):
    plot = sh.PlotMap.new_for_dispatcher(model, None)
    assert plot.get_n_items() == 2
    page = plot.get_root().dup_child('s')
    assert page.get_path() == ['parent', 's']
    assert page.dup_parent().get_name() == 'parent'
    if sh.HAS_GRAPHVIZ:
        assert plot.to_svg().startswith('<?xml')
    else:
        with pytest.raises(GLib.Error, match='graphviz'):
            plot.to_svg()
