#!/usr/bin/python3
# test_gi.py: libschedula-glib through raw GObject-Introspection
#
# No overrides and no pytest: this talks to the typelib as any GI language
# would, and exits non-zero on the first failed check. meson sets
# GI_TYPELIB_PATH and LD_LIBRARY_PATH to the build tree (tests/meson.build).
#
# The model:
#
#   data a, data b (default 10)
#   function add    = a + b      -> c     (Python, int64 result)
#   function halve  = c / 2      -> d     (Python, double result)
#   function boom   = raises GLib.Error(c) -> e
#   function nothing = returns None (a failure) (c) -> f
#
# dispatched with {a: 2 (gint64), b: 3 (gint64)}.
#
# SPDX-License-Identifier: EUPL-1.2

import sys

import gi

gi.require_version('Schedula', '1.0')
from gi.repository import GLib, GObject, Schedula  # noqa: E402

N_CHECKS = 0


def check(condition, what):
    global N_CHECKS
    N_CHECKS += 1
    if not condition:
        print(f'not ok {N_CHECKS} - {what}', flush=True)
        sys.exit(1)
    print(f'ok {N_CHECKS} - {what}', flush=True)


def int64(n):
    return GObject.Value(GObject.TYPE_INT64, n)


def double(x):
    return GObject.Value(GObject.TYPE_DOUBLE, x)


CALLS = []


# A node function, as PyGObject passes a (scope notified) (closure user_data)
# callback: f(call, user_data). It must return True; errors are GLib.Error.
def add(call, user_data):
    n = call.get_n_inputs()
    inputs = [call.get_input(i) for i in range(n)]
    ids = [call.get_input_id(i) for i in range(n)]
    CALLS.append(('add', call.get_node_id(), ids, inputs, user_data,
                  call.get_n_outputs()))
    call.set_output(0, int64(sum(inputs)))
    return True


def halve(call, user_data):
    CALLS.append(('halve', call.get_node_id(), user_data))
    call.set_output(0, double(call.get_input(0) / 2))
    return True


def boom(call, user_data):
    CALLS.append(('boom', call.get_node_id(), user_data))
    raise GLib.Error('boom: c was %d' % call.get_input(0),
                     'schedula-test-error-quark', 7)


def nothing(call, user_data):
    CALLS.append(('nothing', call.get_node_id(), user_data))
    return None


def build_model():
    dsp = Schedula.Dispatcher.new('gi test')
    check(isinstance(dsp, Schedula.Dispatcher), 'Dispatcher.new')

    a = dsp.add_data('a', None)
    b = dsp.add_data('b', int64(10))
    check(isinstance(a, Schedula.DataNode) and a.get_id() == 'a',
          'add_data returns the DataNode "a"')
    check(b.get_id() == 'b', 'add_data with a default value')

    f_add = Schedula.Function.new('add', add, 'user data of add')
    check(f_add.get_name() == 'add', 'Function.new from a Python callable')
    node = dsp.add_function('add', f_add, ['a', 'b'], ['c'])
    check(isinstance(node, Schedula.FunctionNode) and node.get_id() == 'add',
          'add_function returns the FunctionNode "add"')

    dsp.add_function('halve', Schedula.Function.new('halve', halve, None),
                     ['c'], ['d'])
    dsp.add_function('boom', Schedula.Function.new('boom', boom, None),
                     ['c'], ['e'])
    dsp.add_function('nothing', Schedula.Function.new('nothing', nothing, None),
                     ['c'], ['f'])
    return dsp


def check_solution(sol):
    check(isinstance(sol, Schedula.Solution), 'dispatch returns a Solution')

    # Values: int64 arrive in Python as int, doubles as float.
    check(sol.lookup('a') == 2, 'a == 2 (the input)')
    check(sol.lookup('b') == 3, 'b == 3 (the input wins over the default)')
    c = sol.lookup('c')
    check(c == 5 and isinstance(c, int), 'c == 5 (int64 from add)')
    d = sol.lookup('d')
    check(d == 2.5 and isinstance(d, float), 'd == 2.5 (double from halve)')
    check(sol.lookup('e') is None and not sol.contains('e'),
          'e is not in the solution (boom failed)')
    check(not sol.contains('f'), 'f is not in the solution (nothing failed)')
    check(list(sol.get_ids()) == ['a', 'b', 'c', 'd'],
          'get_ids in schedula order: %s' % list(sol.get_ids()))

    # The Python function saw its inputs in the declared order and its
    # user_data.
    add_calls = [x for x in CALLS if x[0] == 'add']
    check(add_calls == [('add', 'add', ['a', 'b'], [2, 3], 'user data of add', 1)],
          'add was called once with (a=2, b=3) and its user_data: %r' % add_calls)

    # Distances: inputs at 0, each function and data node one further.
    expected = {'a': 0.0, 'b': 0.0, 'add': 1.0, 'c': 2.0, 'halve': 3.0, 'd': 4.0}
    for node_id, num in expected.items():
        ok, dist = sol.get_distance(node_id)
        check(ok and dist.inf == 0 and dist.num == num,
              'distance of %s == %s (got %s)' % (node_id, num,
                                                 (dist.inf, dist.num) if ok else None))
    ok, _ = sol.get_distance('e')
    check(not ok, 'e has no distance')

    # The workflow: nodes and edges with the values they carried.
    wf = sol.get_workflow()
    check(isinstance(wf, Schedula.Workflow), 'get_workflow returns a Workflow')
    nodes = [wf.get_node_id(i) for i in range(wf.get_n_nodes())]
    for node_id in ('$START', 'a', 'b', 'add', 'c', 'halve', 'd', 'boom'):
        check(node_id in nodes, 'workflow has the node %s' % node_id)
    edges = {}
    for i in range(wf.get_n_edges()):
        src, dst, value = wf.get_edge(i)
        edges[(src, dst)] = value
    print('# workflow edges:', edges)
    for edge, value in [(('$START', 'a'), 2), (('$START', 'b'), 3),
                        (('a', 'add'), 2), (('b', 'add'), 3),
                        (('add', 'c'), 5), (('c', 'halve'), 5),
                        (('halve', 'd'), 2.5), (('c', 'boom'), 5)]:
        check(edges.get(edge, object()) == value,
              'workflow edge %s -> %s carries %r' % (edge[0], edge[1], value))
    check(('boom', 'e') not in edges, 'no edge boom -> e')
    check(wf.get_n_edges() == len(edges), 'get_n_edges == %d' % len(edges))

    # Errors: the Python GLib.Error is recorded on the node, unchanged.
    err = sol.get_error('boom')
    check(err is not None, 'boom has an error')
    check(err.message == 'boom: c was 5', 'error message kept: %r' % err.message)
    check(err.domain == 'schedula-test-error-quark' and err.code == 7,
          'error domain and code kept: %s %d' % (err.domain, err.code))
    err = sol.get_error('nothing')
    check(err is not None,
          'a Python function returning None is an error: %r'
          % (err.message if err else None))
    check(sol.get_error('add') is None, 'add has no error')
    error_ids = list(sol.get_error_ids())
    check(sorted(error_ids) == ['boom', 'nothing'] and sol.get_n_errors() == 2,
          'get_error_ids == %r' % error_ids)


def main():
    dsp = build_model()
    inputs = {'a': int64(2), 'b': int64(3)}
    sol = dsp.dispatch(inputs, None, None, None)
    check_solution(sol)

    # Requested outputs stop the search early: only what d needs runs.
    del CALLS[:]
    sol = dsp.dispatch({'a': int64(2)}, ['d'], None, None)
    check(sol.lookup('d') == 6.0, 'outputs=[d], default b: d == (2 + 10) / 2')
    called = sorted(x[0] for x in CALLS)
    check(called == ['add', 'halve'],
          'with outputs=[d] only add and halve run: %r' % called)

    print('1..%d' % N_CHECKS)
    print('%d passed, 0 failed' % N_CHECKS)
    return 0


if __name__ == '__main__':
    sys.exit(main())
