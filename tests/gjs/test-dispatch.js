// test-dispatch.js: dispatching from JS, and reading the solution
//
// The expectations are those of the C tests (tests/test-dispatch.c,
// tests/test-solution.c) and of schedula's examples (SEMANTICS numbers in
// the group names).
//
// SPDX-License-Identifier: EUPL-1.2

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';

import {
    Schedula, addData, double, fn, inputs, isNone, toValue, values,
} from '../../bindings/gjs/schedula.js';
import {
    check, distText, done, equal, isDispatchError, solText, test, throws,
    wfEdgesText, wfNodesText,
} from './harness.js';

const inc = fn('inc', x => x + 1);
const twice = fn('double', x => x * 2);
const add = fn('add', (a, b) => a + b);
const itemsEst = fn('items_est', kw =>
    Object.entries(kw).map(([id, v]) => `${id}=${v}`).sort().join(', '), {kwargs: true});

// A function that counts its calls in counter.n.
function counted(name, func, counter) {
    return fn(name, (...args) => {
        counter.n++;
        return func(...args);
    });
}

function mapping(pairs) {
    const m = Schedula.Mapping.new();
    for (let i = 0; i < pairs.length; i += 2)
        m.add(pairs[i], pairs[i + 1]);
    return m;
}

function options(props) {
    return new Schedula.DispatchOptions(props);
}

// The "test model" of SEMANTICS 2.02: min (a, c) -> d, max (b, d) -> c,
// log (b - a) -> c if a < b, 2 / (d + 1) -> e if d != -1, a - 4 -> d
// (weights 20), e ^ d -> b unless both are 0.
function makeTestModel() {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('min', fn('min', Math.min), ['a', 'c'], ['d']);
    dsp.add_function('max', fn('max', Math.max), ['b', 'd'], ['c']);
    addData(dsp, 'e');
    const log = dsp.add_function('log(b - a)', fn('log_diff', (a, b) => {
        if (b - a <= 0)
            throw new RangeError('math domain error');
        return double(Math.log(b - a));
    }), ['a', 'b'], ['c']);
    log.set_input_domain(fn('lt', (a, b) => a < b));
    const inv = dsp.add_function('2 / (d + 1)', fn('inv_shift', d => double(2 / (d + 1))),
        ['d'], ['e']);
    inv.set_input_domain(fn('ne_neg1', d => d !== -1));
    const sub4 = dsp.add_function('x - 4', fn('sub4', x => x - 4), ['a'], ['d']);
    sub4.set_input_weight('a', 20);
    sub4.set_output_weight('d', 20);
    sub4.set_weight(20);
    const pow = dsp.add_function('x ^ y', fn('pow', (e, d) => double(e ** d)), ['e', 'd'], ['b']);
    pow.set_input_domain(fn('not_both_zero', (e, d) => !(e === 0 && d === 0)));
    return dsp;
}

test('inputs and outputs: requested outputs stop the search', () => {
    const nF2 = {n: 0};
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f1', inc, ['a'], ['b']);
    dsp.add_function('f2', counted('double', x => x * 2, nF2), ['a'], ['c']).set_weight(10);
    dsp.add_function('f3', inc, ['c'], ['b']);
    const sol = dsp.dispatch(inputs({a: 1}), ['b'], null, null);
    equal(solText(sol), 'a=1, b=2', 'outputs = [b]');
    equal(distText(sol), '$START=-1, a=0, f1=1, b=2', 'distances');
    equal(wfNodesText(sol), '$START, a, f1, f2, b', 'f2 was reached');
    equal(wfEdgesText(sol), '$START->a=1; a->f1=1; a->f2=1; f1->b=2', 'edges');
    equal(nF2.n, 0, '... but did not run');
    const sol2 = dsp.dispatch(inputs({a: 1}), [], null, null);
    equal(solText(sol2), 'a=1, b=2, c=2', 'an empty outputs array is no outputs');
    equal(nF2.n, 1, 'f2 ran');

    const nH = {n: 0};
    const dsp2 = Schedula.Dispatcher.new(null);
    addData(dsp2, 'x', 100);
    dsp2.add_function('h', counted('inc', x => x + 1, nH), ['x'], ['a']);
    dsp2.add_function('f', twice, ['a'], ['c']);
    addData(dsp2, 'z', 7);
    const sol3 = dsp2.dispatch(inputs({a: 1}), ['c'], null, null);
    equal(solText(sol3), 'a=1, c=2', 'the model is reduced to what c needs');
    equal(wfNodesText(sol3), '$START, a, f, c', 'workflow nodes');
    equal(nH.n, 0, 'h did not run');
});

test('START and SINK', () => {
    const threeFive = fn('three_five', () => [3, 5]);
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', threeFive, null, ['a', Schedula.SINK]);
    dsp.add_function('f', threeFive, null, [Schedula.SINK, 'b']);
    const sol = dsp.dispatch(null, ['a', 'b'], null, null);
    equal(solText(sol), 'a=3, b=5', 'functions without inputs run from START');
    equal(distText(sol), '$START=0, f=1, f<0>=1, a=2, b=2', 'distances');
    equal(wfEdgesText(sol), '$START->$START=NONE; $START->f=NONE; $START->f<0>=NONE; ' +
        'f->a=3; f<0>->b=5', 'edges');
    const sol2 = dsp.dispatch(null, null, null, null);
    equal(solText(sol2), 'a=3, b=5, $SINK={f: 5, f<0>: 3}', 'SINK collects the rest');
    check(sol2.lookup(Schedula.SINK) instanceof Schedula.Dict, 'SINK holds a Schedula.Dict');
});

test('DispatchOptions: no-call', () => {
    const calls = {n: 0};
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', counted('inc', x => x + 1, calls), ['a'], ['b']);
    dsp.add_function('g', counted('double', x => x * 2, calls), ['b'], ['c']);
    const opts = options({no_call: true});
    check(opts.get_no_call(), 'get_no_call');
    const sol = dsp.dispatch(inputs({a: 1}), null, opts, null);
    equal(calls.n, 0, 'no function ran');
    equal(solText(sol), 'a=NONE, b=NONE, c=NONE', 'every data node is NONE');
    check(isNone(sol.lookup('c')), 'isNone(c)');
    equal(distText(sol), '$START=-1, a=0, f=1, b=2, g=3, c=4', 'distances');
    equal(wfEdgesText(sol), '$START->a; a->f; f->b; b->g; g->c', 'edges without values');
    equal(sol.get_workflow().get_edge_value('f', 'b'), [true, null], 'get_edge_value');
});

test('DispatchOptions: rm-unused-nodes', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f1', inc, ['a'], ['b']);
    dsp.add_function('f2', twice, ['a'], ['c']).set_weight(10);
    dsp.add_function('f3', inc, ['c'], ['b']);
    const opts = options({});
    opts.set_rm_unused_nodes(true);
    const sol = dsp.dispatch(inputs({a: 1}), ['b'], opts, null);
    equal(solText(sol), 'a=1, b=2', 'values');
    equal(wfNodesText(sol), '$START, a, f1, b', 'f2 is removed from the workflow');
    equal(wfEdgesText(sol), '$START->a=1; a->f1=1; f1->b=2', 'edges');
});

test('DispatchOptions: shrink and wildcard (2.03, 2.05, 2.08, 2.09)', () => {
    const dsp = makeTestModel();
    const rm = options({rm_unused_nodes: true});
    const shrink = options({rm_unused_nodes: true, shrink: true});
    check(shrink.shrink && shrink.get_rm_unused_nodes(), 'the properties');
    equal(solText(dsp.dispatch(inputs({a: 5, b: 6}), ['d'], rm, null)), 'a=5, b=6, c=0, d=0',
        '2.05');
    equal(solText(dsp.dispatch(inputs({a: 5, b: 6}), ['d'], shrink, null)),
        'a=5, b=6, c=0, d=0', '2.05 shrunk');
    equal(solText(dsp.dispatch(inputs({a: 5, b: 3}), null, null, null)),
        'a=5, b=3, d=1, c=3, e=1', '2.03: the domain is false, x - 4 is used');
    equal(solText(dsp.dispatch(inputs({a: 5, b: 3}), ['e'], shrink, null)),
        'a=5, b=3, d=1, c=3, e=1', '2.03 shrunk');

    const wc = options({wildcard: Schedula.Wildcard.ON});
    const s5 = dsp.dispatch(inputs({a: 5, b: 6}), ['a', 'b'], wc, null);
    equal(solText(s5), 'c=0, d=0, e=2, b=1', '2.08: the outputs a and b computed again');
    check(s5.is_visited('a') && !s5.get_distance('a')[0], 'a is visited, without a distance');
    wc.set_shrink(true);
    equal(solText(dsp.dispatch(inputs({a: 5, b: 6}), ['a', 'b'], wc, null)),
        'c=0, d=0, e=2, b=1', '2.08 shrunk');
    const wc2 = options({wildcard: Schedula.Wildcard.COMPUTABLE, shrink: true});
    equal(wc2.get_wildcard(), Schedula.Wildcard.COMPUTABLE, 'get_wildcard');
    equal(solText(dsp.dispatch(inputs({a: 5, b: 6}), ['a', 'b'], wc2, null)),
        'a=5, c=0, d=0, e=2, b=1', '2.09: only inputs with a predecessor');
});

test('DispatchOptions: the other properties', () => {
    const opts = options({verbose: true, executor: 'sync'});
    equal([opts.verbose, opts.get_executor()], [true, 'sync'], 'verbose, executor');
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', inc, ['a'], ['b']);
    equal(solText(dsp.dispatch(inputs({a: 1}), null, opts, null)), 'a=1, b=2',
        'the sync executor');
    opts.executor = 'no-such-executor';
    throws(() => dsp.dispatch(inputs({a: 1}), null, opts, null),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT), 'an unknown executor');
});

test('the solution: values in schedula\'s order (3.03)', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', add, ['b', 'a'], ['c']);
    addData(dsp, 'd', 0);
    dsp.set_default_value('d', toValue(0), Schedula.Distance.new(0, 5));
    const sol = dsp.dispatch(inputs({zz: 0, b: 2, yy: 1, a: 1}), null, null, null);
    equal(sol.get_ids(), ['yy', 'zz', 'a', 'b', 'c', 'd'],
        'get_ids: inputs outside the model first (by id), then in visit order');
    equal(solText(sol), 'yy=1, zz=0, a=1, b=2, c=3, d=0', 'lookup');
    equal(sol.get_n_values(), 6, 'get_n_values');
    equal(wfNodesText(sol), '$START, a, b, d, f, c', 'workflow nodes');
    check(sol.contains('c') && !sol.contains('f'), 'contains');
    equal(sol.lookup('f'), null, 'lookup of a function node');
    equal(sol.lookup_extended('c'), [true, 3], 'lookup_extended');
    equal(sol.lookup_extended('zzz'), [false, null], 'lookup_extended of a missing id');
    const iterated = [];
    const iter = Schedula.SolutionIter.init(sol);
    for (let step = iter.next(); step[0]; step = iter.next())
        iterated.push(`${step[1]}=${step[2]}`);
    equal(iterated.join(', '), 'yy=1, zz=0, a=1, b=2, c=3, d=0', 'SolutionIter');
    const all = sol.get_values();
    equal(Object.keys(all).sort(), ['a', 'b', 'c', 'd', 'yy', 'zz'], 'get_values');
    equal(all.c, 3, 'get_values: c');
    equal(values(sol), {yy: 1, zz: 0, a: 1, b: 2, c: 3, d: 0}, 'values() of the module');
});

test('the solution: distances, seen and visited nodes', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f1', inc, ['a'], ['b']);
    dsp.add_function('f2', twice, ['a'], ['c']).set_weight(10);
    dsp.add_function('f3', inc, ['c'], ['b']);
    const sol = dsp.dispatch(inputs({a: 1}), ['b'], null, null);
    equal(sol.get_distance_ids(), ['$START', 'a', 'f1', 'b'], 'get_distance_ids');
    const [ok, d] = sol.get_distance('b');
    check(ok && d instanceof Schedula.Distance && d.inf === 0 && d.num === 2,
        'get_distance(b) is a Schedula.Distance (0, 2)');
    equal(d.to_string(), '2.0', 'Distance.to_string');
    equal(d.compare(Schedula.Distance.new(1, 0)), -1, 'Distance.compare');
    for (const [id, seen, visited] of [['$START', -1, true], ['a', 0, true], ['f1', 1, true],
        ['f2', 11, false], ['b', 2, true]]) {
        const [found, s] = sol.get_seen_distance(id);
        check(found && s.num === seen && sol.is_visited(id) === visited,
            `${id} seen at ${seen}, ${visited ? '' : 'not '}visited`);
    }
    check(!sol.get_distance('f2')[0] && !sol.get_seen_distance('c')[0] && !sol.is_visited('c'),
        'f2 has no distance; c was not seen');
});

test('the solution: errors of nodes', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    const testError = GLib.quark_from_string('schedula-gjs-test-error');
    dsp.add_function('late', fn('late', x => {
        throw new GLib.Error(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_FOUND, `boom ${x + 41}`);
    }), ['a'], ['c']).set_weight(2);
    dsp.add_function('early', fn('early', () => {
        throw new GLib.Error(testError, 7, 'bang');
    }), ['a'], ['b']);
    dsp.add_function('ok', inc, ['a'], ['d']);
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol), 'a=1, d=2', 'values');
    equal([sol.get_n_errors(), sol.get_error_ids()], [2, ['early', 'late']], 'the errors');
    const early = sol.get_error('early');
    check(early.matches(testError, 7) && early.message === 'bang', 'early: domain, code, message');
    check(sol.get_error('late').matches(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_FOUND) &&
        sol.get_error('late').message === 'boom 42', 'late: an IOError with its message');
    equal([sol.get_error('ok'), sol.get_error('a')], [null, null], 'no errors elsewhere');
    equal(sol.dup_error_message('late'), "Failed DISPATCHING 'late' due to:\n  boom 42",
        'dup_error_message');
    equal(sol.dup_error_message('ok'), null, 'dup_error_message without an error');
    equal(distText(sol), '$START=-1, a=0, early=1, ok=1, d=2, late=3',
        'failed nodes are visited at their distance');
});

test('the solution: the workflow', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', fn('split', x => [x + 1, x - 1]), ['a'], ['b', 'c']);
    dsp.add_function('g', fn('some', x => [undefined, x * 3]), ['a'], ['d', 'e']);
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol), 'a=1, b=2, c=0, e=3', 'values');
    const wf = sol.get_workflow();
    check(wf.get_solution() === sol, 'the workflow of the solution');
    equal([wf.get_n_nodes(), wf.get_n_edges()], [7, 6], 'nodes and edges');
    check(wf.has_node('g') && !wf.has_node('d'), 'has_node');
    equal(wf.dup_successors('a'), ['f', 'g'], 'dup_successors');
    equal(wf.dup_predecessors('e'), ['g'], 'dup_predecessors');
    equal(wf.get_edge_value('f', 'c'), [true, 0], 'get_edge_value');
    equal(wf.get_edge_value('g', 'd'), [false, null], 'no edge g -> d');
    equal(wf.get_node_id(2), 'f', 'get_node_id');
    check(wf.get_model_node(2) === dsp.lookup_node('f'), 'get_model_node');
    equal(wf.get_node_results('f'), [2, 0], 'get_node_results');
    equal(wf.get_node_results('a'), [], 'a data node has no results (GJS gives [] for NULL)');
    const [unset, three] = wf.get_node_results('g');
    check(isNone(unset) && three === 3, 'an output the function did not set is NONE');
});

test('the solution: pipe and sub-solutions', () => {
    const child = Schedula.Dispatcher.new('child');
    child.add_function('f', inc, ['x'], ['y']);
    const dsp = Schedula.Dispatcher.new('parent');
    dsp.add_dispatcher('s', child, mapping(['a', 'x']), mapping(['y', 'b']));
    dsp.add_function('g', twice, ['a'], ['b']).set_weight(1);
    const b = addData(dsp, 'b');
    b.wait_inputs = true;
    b.combiner = itemsEst;
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol), "a=1, b='g=2, s=2'", 'values');
    equal(distText(sol), '$START=-1, a=0, s=0, g=2, b=3', 'distances');
    equal(wfEdgesText(sol), '$START->a=1; a->s=1; a->g=1; s->b=2; g->b=2', 'edges');

    const sub = sol.get_sub_solution('s');
    check(sub instanceof Schedula.Solution, 'get_sub_solution');
    check(sol.get_sub_solution('s') === sub, 'the same object each time');
    check(sol.get_workflow().get_node_solution('s') === sub, 'Workflow.get_node_solution');
    equal([sol.get_sub_solution('g'), sol.get_sub_solution('zz')], [null, null],
        'no sub-solution for other nodes');
    equal(solText(sub), 'x=1, y=2', 'the values of the sub-solution');
    equal(sol.get_n_pipe_steps(), 6, 'six pipe steps');
    const steps = [];
    for (let i = 0; i < sol.get_n_pipe_steps(); i++) {
        const [owner, id, d] = sol.get_pipe_step(i);
        steps.push([id, owner === sub ? 'sub' : owner === sol ? 'top' : '?', d.num]);
    }
    equal(steps, [['a', 'top', 0], ['x', 'sub', 0], ['f', 'sub', 1], ['y', 'sub', 2],
        ['g', 'top', 2], ['b', 'top', 3]], 'the pipe, across the sub-dispatcher');
    equal(sub.get_n_pipe_steps(), 0, 'only the top solution has a pipe');

    equal(sol.get_index(), [-1], 'the index of the top solution');
    equal(sub.get_index(), [-1, 0], 'the index of the sub-solution');
    equal([sol.get_full_name(), sub.get_full_name()], [[], ['s']], 'full names');
    check(sub.get_parent() === sol && sol.get_parent() === null, 'get_parent');
    check(sub.get_dispatcher() === child && sol.dispatcher === dsp, 'get_dispatcher');
    equal(sol.lookup_path(['s', 'y']), [2, ['s', 'y']], 'lookup_path');
    equal(sol.lookup_path(['a'])[0], 1, 'lookup_path at the top');
    throws(() => sol.lookup_path(['s', 'zzz']),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT) &&
            e.message.includes("Path ['s', 'zzz'] does not exist"), 'a missing path');
    const subs = sol.get_sub_solutions();
    check(subs.get_n_items() === 1 && subs.get_item(0) === sub, 'get_sub_solutions');
    equal(sub.get_sub_solutions().get_n_items(), 0, 'no sub-solutions below');
    equal(solText(sub), 'x=1, y=2', 'the sub-solution is still alive');
});

test('raises: the policy, the predicate and the partial solution', () => {
    const dsp = Schedula.Dispatcher.new(null);
    const failing = message => fn('fail', () => {
        throw new Error(message);
    });
    dsp.add_function('f1', failing('boom'), ['a'], ['b']);
    dsp.add_function('f2', failing('bang'), ['a'], ['c']).set_weight(2);
    dsp.add_function('f3', inc, ['a'], ['d']);
    dsp.add_function('f4', inc, ['a'], ['e']).set_weight(5);
    dsp.set_raises(Schedula.Raises.RAISE);
    equal(dsp.raises, Schedula.Raises.RAISE, 'the raises property');
    const asked = [];
    dsp.set_raises_func((id, error) => {
        asked.push([id, error.message]);
        return error.message === 'bang' ? Schedula.Raises.RAISE
            : Schedula.Raises.RECORD_SILENTLY;
    });
    throws(() => dsp.dispatch(inputs({a: 1}), null, null, null),
        e => isDispatchError(e, Schedula.DispatchError.NODE_FAILED) && e.message.includes('f2'),
        'the predicate stops the dispatch at f2');
    equal(asked, [['f1', 'boom'], ['f2', 'bang']], 'it was asked about f1 and f2');
    const partial = dsp.get_solution();
    equal(solText(partial), 'a=1, d=2', 'the partial solution');
    equal(partial.get_n_errors(), 2, 'with both errors');

    dsp.set_raises_func(null);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol), 'a=1, d=2, e=2', 'without the predicate: recorded, and on');
    check(dsp.get_solution() === sol, 'get_solution gives the last solution');
});

test('try_dispatch: the solution of a failed dispatch with its own error', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', inc, ['a'], ['b']);
    dsp.add_function('g', fn('fail', () => {
        throw new Error('bang');
    }), ['b'], ['c']);
    dsp.set_raises(Schedula.Raises.RAISE);
    const partial = dsp.try_dispatch(inputs({a: 1}), null, null, null);
    equal(solText(partial), 'a=1, b=2', 'the partial solution');
    const error = partial.get_dispatch_error();
    check(isDispatchError(error, Schedula.DispatchError.NODE_FAILED) &&
        error.message.includes('bang'), 'its error');
    throws(() => partial.propagate_dispatch_error(),
        e => isDispatchError(e, Schedula.DispatchError.NODE_FAILED), 'propagated');
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    const sol = dsp.try_dispatch(inputs({a: 1}), null, null, null);
    check(sol.get_dispatch_error() === null, 'a completed dispatch has no error');
    check(partial.get_dispatch_error() !== null, 'the earlier one keeps its own');
});

test('is_finished: not while the dispatch runs, once it returned', () => {
    const dsp = Schedula.Dispatcher.new(null);
    const seen = [];
    dsp.add_function('f', fn('peek', a => {
        seen.push(dsp.get_solution().is_finished());
        return a + 1;
    }), ['a'], ['b']);
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(seen.join(), 'false', 'read by a node function');
    check(sol.is_finished() && dsp.get_solution().is_finished(), 'after');
});

test('cancellation', () => {
    const cancellable = new Gio.Cancellable();
    const calls = {n: 0};
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', fn('cancel_then_inc', function (x) {
        check(this.get_cancellable() === cancellable, 'the Call has the cancellable');
        cancellable.cancel();
        return x + 1;
    }), ['a'], ['b']);
    dsp.add_function('g', counted('inc', x => x + 1, calls), ['b'], ['c']);
    throws(() => dsp.dispatch(inputs({a: 1}), null, null, cancellable),
        e => e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), 'the dispatch is cancelled');
    equal(calls.n, 0, 'g did not run');
    equal(solText(dsp.get_solution()), 'a=1, b=2', 'the partial solution');
    const cancelled = new Gio.Cancellable();
    cancelled.cancel();
    throws(() => dsp.dispatch(inputs({a: 1}), null, null, cancelled),
        e => e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), 'cancelled before');
    check(!dsp.get_solution().contains('b'), 'no function ran');
});

done();
