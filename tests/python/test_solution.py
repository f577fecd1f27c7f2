# test_solution.py: the Solution: mapping, distances, workflow, errors,
# pipe and sub-solutions
#
# SPDX-License-Identifier: EUPL-1.2

import collections.abc

import pytest

from conftest import double, fail, inc, sh


@pytest.fixture
def model():
    """parent: a -> s (child: x -> f = x + 1 -> y; x -> g fails -> z) -> b
    -> h = 2 b (domain b > 0) -> d."""
    sub = sh.Dispatcher(name='child')
    sub.add_function('f', inc, ['x'], ['y'])
    sub.add_function('g', fail, ['x'], ['z'])
    dsp = sh.Dispatcher(name='parent')
    dsp.add_dispatcher(sub, inputs={'a': 'x'}, outputs={'y': 'b', 'z': 'c'}, dsp_id='s')
    dsp.add_function('h', double, ['b'], ['d'], input_domain=lambda b: b > 0)
    return dsp


class TestMapping:
    def test_protocol(self, chain):
        sol = chain.dispatch({'a': 1})
        assert isinstance(sol, collections.abc.Mapping)
        assert len(sol) == 3
        assert sol['c'] == 4
        assert 'a' in sol and 'zz' not in sol and 3 not in sol
        assert list(sol) == ['a', 'b', 'c']
        assert list(sol.keys()) == ['a', 'b', 'c']
        assert list(sol.values()) == [1, 2, 4]
        assert list(sol.items()) == [('a', 1), ('b', 2), ('c', 4)]
        assert sol.get('c') == 4 and sol.get('zz') is None and sol.get('zz', 5) == 5
        with pytest.raises(KeyError):
            sol['zz']
        assert sol == {'a': 1, 'b': 2, 'c': 4}
        assert dict(sol) == {'a': 1, 'b': 2, 'c': 4}

    def test_order_and_repr(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', inc, ['a'], ['b'])
        sol = dsp.dispatch({'zz': 0, 'yy': 1, 'a': 1.5})
        # inputs that are not in the model first, sorted, then by visit
        assert list(sol) == ['yy', 'zz', 'a', 'b']
        assert repr(sol) == "Solution({'yy': 1, 'zz': 0, 'a': 1.5, 'b': 2.5})"

    @pytest.mark.gi
    def test_a_dict(self, chain):
        """A Solution is a dict, as schedula's: item assignment, update(),
        copy(), json; the library's solution (distances, ...) stays as the
        dispatch left it."""
        import json
        sol = chain.dispatch({'a': 1})
        assert isinstance(sol, dict) and isinstance(sol, sh.Solution)
        values = dict(sol)
        sol['a'] = 2
        sol.update(z=3)
        assert sol['a'] == 2 and sol['z'] == 3 and sol.get_n_values() == len(values)
        assert json.loads(json.dumps(sol)) == dict(values, a=2, z=3)
        copy = sol.copy()
        assert copy == sol and copy is not sol and isinstance(copy, sh.Solution)
        assert copy.dist == sol.dist
        del sol['z']
        assert 'z' not in sol and 'z' in copy
        assert chain.solution is sol
        # the library's solution (as the GI methods give it) is a Solution too
        library = chain.get_solution()
        assert not isinstance(library, dict) and isinstance(library, sh.Solution)
        assert issubclass(type(library), sh.Solution) and dict(library) == values
        assert library == chain.dispatch({'a': 1}) and chain.dispatch({'a': 1}) == library
        assert not library != chain.dispatch({'a': 1}) and not chain.dispatch({'a': 1}) != library
        # a Solution takes its values when first read, whatever reads it
        import copy as copy_module
        import pickle
        expected = {'a': 1, 'b': 2, 'c': 4}
        readers = [json.dumps, lambda s: json.dumps(s, indent=1), dict, lambda s: {**s},
                   lambda s: (lambda **kw: kw)(**s), copy_module.deepcopy, copy_module.copy,
                   lambda s: pickle.loads(pickle.dumps(s)), lambda s: dict(s.items()),
                   lambda s: {k: s[k] for k in s}, lambda s: {**dict.fromkeys(s), **s}]
        for read in readers:
            got = read(chain.dispatch({'a': 1}))
            assert (json.loads(got) if isinstance(got, str) else got) == expected, read
        assert len(chain.dispatch({'a': 1})) == 3 and 'c' in chain.dispatch({'a': 1})
        assert chain.dispatch({'a': 1}) == chain.dispatch({'a': 1}) == expected
        assert expected == chain.dispatch({'a': 1}) and not chain.dispatch({'a': 1}) != expected
        assert repr(chain.dispatch({'a': 1})) == 'Solution(%r)' % expected
        # by hand: a dict, with none of the rest
        assert sh.Solution({'x': 1}) == {'x': 1}
        with pytest.raises(AttributeError):
            sh.Solution({'x': 1}).dist

    def test_solution_of_the_dispatcher(self, chain):
        sol = chain.dispatch({'a': 1})
        assert chain.solution is sol
        assert sol.dsp is chain

    def test_the_dispatcher_keeps_its_solution(self, chain):
        import gc

        # schedula's dsp.solution: the solution of the last dispatch, kept
        # by the dispatcher whether the caller kept it or not
        chain.dispatch({'a': 1})
        gc.collect()
        assert dict(chain.solution) == {'a': 1, 'b': 2, 'c': 4}
        assert chain.solution.dsp is chain
        assert chain.dispatch({'a': 1}, select_output_kw={'keys': ['c']}) == {'c': 4}
        assert dict(chain.solution) == {'a': 1, 'b': 2, 'c': 4}
        # the partial solution of a failed dispatch stays until the next one
        chain.add_function('boom', lambda c: 1 / 0, ['c'], ['d'])
        chain.raises = True
        with pytest.raises(sh.DispatcherError):
            chain.dispatch({'a': 1})
        gc.collect()
        assert list(chain.solution) == ['a', 'b', 'c']

    @pytest.mark.gi
    def test_a_solution_does_not_keep_its_dispatcher(self):
        import gc
        import weakref

        dsp = sh.Dispatcher()
        dsp.add_function('inc', inc, ['a'], ['b'])
        sol = dsp.dispatch({'a': 1})
        gone = weakref.ref(dsp)
        del dsp
        gc.collect()
        assert gone() is None
        assert dict(sol) == {'a': 1, 'b': 2}
        assert sol.dsp is None


class TestDistances:
    def test_dist(self, model):
        sol = model.dispatch({'a': 1})
        assert sol.dist == {sh.START: -1, 'a': 0.0, 's': 0.0, 'b': 2.0, 'h': 3.0, 'd': 4.0}

    @pytest.mark.gi
    def test_start_not_visited_is_an_int(self, chain):
        assert type(chain.dispatch({'a': 1}).dist[sh.START]) is int

    def test_seen_and_visited(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f1', inc, ['a'], ['b'])
        dsp.add_function('f2', double, ['a'], ['c'], weight=10)
        dsp.add_function('f3', inc, ['c'], ['b'])
        sol = dsp.dispatch({'a': 1}, outputs=['b'])
        assert sol.seen == {sh.START: -1, 'a': 0.0, 'f1': 1.0, 'f2': 11.0, 'b': 2.0}
        assert sol._visited == {sh.START, 'a', 'b', 'f1'}
        assert sol.dist == {sh.START: -1, 'a': 0.0, 'f1': 1.0, 'b': 2.0}


class TestWorkflow:
    def test_nodes_and_edges(self, model):
        wf = model.dispatch({'a': 1}).workflow
        assert list(wf.nodes) == [sh.START, 'a', 's', 'b', 'h', 'd']
        assert wf.edges == {(sh.START, 'a'): {'value': 1}, ('a', 's'): {'value': 1},
                            ('s', 'b'): {'value': 2}, ('b', 'h'): {'value': 2},
                            ('h', 'd'): {'value': 4}}
        assert list(wf.edges) == [(sh.START, 'a'), ('a', 's'), ('s', 'b'), ('b', 'h'),
                                  ('h', 'd')]
        assert wf.succ['a'] == {'s': {'value': 1}}
        assert wf.pred['d'] == {'h': {'value': 4}}
        assert wf.adj['b'] == {'h': {'value': 2}}
        assert wf['h'] == {'d': {'value': 4}}
        assert wf.has_edge('a', 's') and not wf.has_edge('s', 'a')

    def test_node_attributes(self, model):
        wf = model.dispatch({'a': 1}).workflow
        assert wf.nodes['h']['results'] == 4
        assert wf.nodes['h']['solution_domain'] is True
        assert dict(wf.nodes['s']['solution']) == {'x': 1, 'y': 2}
        assert 'results' not in wf.nodes['a']

    def test_multi_output_results(self):
        dsp = sh.Dispatcher()
        dsp.add_function('f', lambda x: (x + 1, x - 1), ['a'], ['b', 'c'])
        assert dsp.dispatch({'a': 1}).workflow.nodes['f']['results'] == (2, 0)

    def test_no_call_edges_carry_no_value(self, chain):
        wf = chain.dispatch({'a': 1}, no_call=True).workflow
        assert wf.edges[(sh.START, 'a')] == {}
        assert wf.edges[('inc', 'b')] == {}

    @pytest.mark.gi
    def test_networkx_forms(self, chain):
        wf = chain.dispatch({'a': 1}, outputs=['b']).workflow
        assert wf.edges(data=True)[:2] == [(sh.START, 'a', {'value': 1}),
                                           ('a', 'inc', {'value': 1})]
        assert ('a', 'inc') in wf.edges()


_VIEW_NAMES = ('dist', 'seen', '_visited', 'errors', '_errors', 'workflow', 'pipe', 'sub_sol')


class TestViewsOfAFinishedSolution:
    """dist, seen, workflow, ... are built from the library's solution: once
    per finished solution, then kept (schedula's are attributes), and at
    each read while the dispatch runs"""

    def test_kept(self, model):
        sol = model.dispatch({'a': 1})
        assert sol.is_finished()
        for name in _VIEW_NAMES:
            assert getattr(sol, name) is getattr(sol, name), name
        sub = sol.workflow.nodes['s']['solution']
        assert sub.is_finished() and sub.workflow is sub.workflow

    @pytest.mark.gi
    def test_kept_views_do_not_keep_the_solution_alive(self, model):
        """A view holds sub-solutions, and a sub-solution holds its top one
        in C: kept by the library's object, a view made a cycle that no
        collector sees (the first version of the cache leaked every
        solution whose workflow was read)."""
        import gc
        for name in _VIEW_NAMES:
            sol = model.dispatch({'a': 1})
            freed = []
            sol.__dict__['_py_solution'].weak_ref(lambda *args: freed.append(name))
            assert getattr(sol, name) is getattr(sol, name)
            del sol
            model.dispatch({'a': 2})   # the dispatcher lets its last solution go
            gc.collect()
            assert freed == [name]

    @pytest.mark.gi
    def test_a_loop_over_the_workflow_builds_it_once(self, monkeypatch):
        from gi.module import get_introspection_module
        Schedula = get_introspection_module('Schedula')
        dsp = sh.Dispatcher()
        for i in range(50):
            dsp.add_function('f%d' % i, inc, ['a'], ['b%d' % i])
        sol = dsp.dispatch({'a': 1})
        built = []
        get_workflow = Schedula.Solution.get_workflow
        monkeypatch.setattr(Schedula.Solution, 'get_workflow',
                            lambda self: built.append(1) or get_workflow(self))
        results = [sol.workflow.nodes[n].get('results') for n in sol.workflow.nodes]
        assert results.count(2) == 50 and len(built) == 1

    def test_not_kept_while_the_dispatch_runs(self):
        dsp = sh.Dispatcher()
        seen = []

        def peek(a):
            running = dsp.solution
            seen.append((running.is_finished(), running.workflow is running.workflow,
                         set(running.dist)))
            return a + 1

        dsp.add_function('f', peek, ['a'], ['b'])
        dsp.add_function('g', inc, ['b'], ['c'])
        sol = dsp.dispatch({'a': 1})
        assert seen == [(False, False, {sh.START, 'a', 'f'})]
        # the same library solution, finished: what it reads now is whole
        assert set(dsp.solution.dist) == {sh.START, 'a', 'b', 'c', 'f', 'g'}
        assert sol.dist is sol.dist


class TestErrors:
    def test_errors_per_solution(self, model):
        sol = model.dispatch({'a': 1})
        assert sol._errors == {}
        child = sol.sub_sol[(-1, 0)]
        assert child._errors == {'g': "Failed DISPATCHING 'g' due to:\n  ValueError('fail')"}

    def test_callback_failure(self):
        def callback(value):
            raise ValueError('callback failed')

        dsp = sh.Dispatcher()
        dsp.add_data('b', callback=callback)
        dsp.add_function('f', inc, ['a'], ['b'])
        sol = dsp.dispatch({'a': 1})
        assert sol['b'] == 2
        assert sol._errors == {'b': "Failed CALLBACK 'b' due to:\n  callback failed"}

    def test_sub_dispatcher_domain_failure(self):
        sub = sh.Dispatcher()
        sub.add_function('f', inc, ['x'], ['y'])
        dsp = sh.Dispatcher()
        dsp.add_dispatcher(sub, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='s',
                           input_domain=lambda kw: kw['zz'])
        sol = dsp.dispatch({'a': 1})
        assert sol._errors == {'s': "Failed SUB-DSP DOMAIN 's' due to:\n  KeyError('zz')"}

    @pytest.mark.gi
    def test_traceback(self, model):
        from gi.repository import GLib

        child = model.dispatch({'a': 1}).sub_sol[(-1, 0)]
        error = child.get_error('g')
        assert isinstance(error, GLib.Error)
        assert error.domain == 'schedula-python-error-quark'
        assert error.message.startswith("ValueError('fail')\nTraceback (most recent call last):")
        assert 'in fail\n' in error.message
        assert error.message.endswith("ValueError: fail\n")
        assert child.errors == child._errors


class TestPipe:
    def test_keys_errors_and_order(self, model):
        pipe = model.dispatch({'a': 1}).pipe
        assert list(pipe) == ['a', ('s', 'x'), ('s', 'f'), ('s', 'g'), ('s', 'y'), 'b', 'h', 'd']
        assert pipe[('s', 'g')]['error'] == "Failed DISPATCHING 'g' due to:\n  ValueError('fail')"
        assert 'error' not in pipe['a']


class TestSubSolutions:
    def test_sub_sol(self, model):
        sol = model.dispatch({'a': 1})
        assert list(sol.sub_sol) == [(-1,), (-1, 0)]
        assert sol.sub_sol[(-1,)] is sol
        child = sol.sub_sol[(-1, 0)]
        assert child.full_name == ('s',)
        assert child.index == (-1, 0)
        assert child.dsp is model.nodes['s']['function']
        assert child.dist == {sh.START: -1, 'x': 0.0, 'f': 1.0, 'g': 1.0, 'y': 2.0}
        assert sol.full_name == () and sol.index == (-1,)

    def test_nested(self):
        inner = sh.Dispatcher(name='inner')
        inner.add_function('f', inc, ['x'], ['y'])
        middle = sh.Dispatcher(name='middle')
        middle.add_dispatcher(inner, inputs={'m': 'x'}, outputs={'y': 'n'}, dsp_id='i')
        dsp = sh.Dispatcher(name='outer')
        dsp.add_dispatcher(middle, inputs={'a': 'm'}, outputs={'n': 'b'}, dsp_id='m')
        dsp.add_dispatcher(inner, inputs={'a': 'x'}, outputs={'y': 'c'}, dsp_id='z')
        sol = dsp.dispatch({'a': 1})
        assert dict(sol) == {'a': 1, 'c': 2, 'b': 2}
        # in the order the sub-solutions were created
        assert list(sol.sub_sol) == [(-1,), (-1, 0), (-1, 3), (-1, 0, 0)]
        assert [s.full_name for s in sol.sub_sol.values()] == [(), ('m',), ('z',), ('m', 'i')]
        assert list(sol.pipe) == ['a', ('m', 'm'), ('m', 'i', 'x'), ('z', 'x'), ('m', 'i', 'f'),
                                  ('z', 'f'), ('m', 'i', 'y'), ('z', 'y'), 'c', ('m', 'n'), 'b']

    def test_get_node(self, model):
        sol = model.dispatch({'a': 1})
        assert sol.get_node('s', 'y') == (2, ('s', 'y'))
        assert sol.get_node('d') == (4, ('d',))
        with pytest.raises(ValueError, match=r"Path \['zz'\] does not exist in parent"):
            sol.get_node('zz')


def test_a_solution_outlives_its_model():
    """A solution does not keep its dispatcher: once the model is gone,
    its values, distances, errors, pipe (with the pipes of the wrappers it
    ran) and workflow still read."""
    import gc

    def make():
        inner = sh.Dispatcher(name='inner')
        inner.add_function('f', inc, ['x'], ['y'])
        dsp = sh.Dispatcher(name='outer')
        dsp.add_function('w', sh.SubDispatchFunction(inner, 'w', ['x'], ['y']), ['a'], ['b'])
        dsp.add_function('g', fail, ['a'], ['c'])
        return dsp.dispatch({'a': 1})

    sol = make()
    gc.collect()
    assert sol.dsp is None
    assert dict(sol) == {'a': 1, 'b': 2} and list(sol.errors) == ['g']
    assert list(sol.pipe) == ['a', 'g', 'w', 'b']
    assert list(sol.pipe['w']['sub_pipe']) == ['x', 'f', 'y']
    assert set(sol.seen) >= {'a', 'b'} and sol.workflow.nodes['w']['solution']['y'] == 2
