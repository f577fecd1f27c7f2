// test-model.js: building models from JS, with every node attribute, and
// the model operations
//
// The expectations are those of the C tests (tests/test-*.c) and of
// schedula's examples (SEMANTICS numbers in the group names).
//
// SPDX-License-Identifier: EUPL-1.2

import GObject from 'gi://GObject';

import {
    Schedula, addData, double, fn, inputs, none, toValue, values,
} from '../../bindings/gjs/schedula.js';
import {
    check, distText, done, equal, isDispatchError, modelText, solText,
    storedTypeName, test, throws, wfEdgesText, wfNodesText,
} from './harness.js';

// Functions of the C tests' catalogue, in JS.
const inc = fn('inc', x => x + 1);
const twice = fn('double', x => x * 2);
const add = fn('add', (a, b) => a + b);
const min = fn('min', (...xs) => Math.min(...xs));
const max = fn('max', (...xs) => Math.max(...xs));
const split = fn('split', x => [x + 1, x - 1]);
// A combiner that lists its estimations: "f1=2, f2=2".
const itemsEst = fn('items_est', kw =>
    Object.entries(kw).map(([id, v]) => `${id}=${v}`).sort().join(', '), {kwargs: true});

function distance(num, inf = 0) {
    return Schedula.Distance.new(inf, num);
}

// A data node with a default and an initial distance.
function addDataDefault(dsp, id, value, dist) {
    const node = addData(dsp, id, value);
    dsp.set_default_value(id, toValue(value), distance(dist));
    return node;
}

// A Mapping from pairs: ['d', 'a', 'e', 'b'] maps d to a and e to b; a key
// given twice maps to several ids.
function mapping(pairs) {
    const m = Schedula.Mapping.new();
    for (let i = 0; i < pairs.length; i += 2)
        m.add(pairs[i], pairs[i + 1]);
    return m;
}

// SEMANTICS 2.46: max (a, b) -> c, and a child as the node sub_dsp, fed
// d -> a and e -> b, behind the domain d + e > 29.
function make246() {
    const child = Schedula.Dispatcher.new('sub_dispatcher');
    addDataDefault(child, 'a', 1, 0);
    child.add_function('min', min, ['a', 'b'], ['c']);
    child.add_function('fun', split, ['c'], ['d', 'e']);
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('max', max, ['a', 'b'], ['c']);
    const s = dsp.add_dispatcher('sub_dsp', child, mapping(['d', 'a', 'e', 'b']),
        mapping(['d', 'c', 'e', 'f']));
    s.set_input_domain(fn('dict_de_gt29', kw =>
        kw.d !== undefined && kw.e !== undefined && kw.d + kw.e > 29, {kwargs: true}));
    return [dsp, child, s];
}

test('the flagship model (SEMANTICS 2.01, examples/flagship.c)', () => {
    const estimations = [];
    const calledBack = [];
    const dsp = Schedula.Dispatcher.new('example 2.01');
    addData(dsp, 'a');
    addData(dsp, 'c');
    addData(dsp, 'b', 1);
    dsp.add_function('diff_function', fn('diff_function', (b, a) => b - a), ['b', 'a'], ['c']);
    const log = dsp.add_function('log', fn('log', c => double(Math.log(c))), ['c'], ['d']);
    log.set_input_domain(fn('all_positive', (...args) => args.every(x => x > 0)));
    const d = addData(dsp, 'd', 4);
    d.wait_inputs = true;
    d.combiner = fn('mean', kw => {
        estimations.push(kw);
        const xs = Object.values(kw);
        return double(xs.reduce((s, x) => s + x, 0) / xs.length);
    }, {kwargs: true});
    d.set_callback(fn('print_value', function (x) {
        calledBack.push([this.get_node_id(), x]);
    }));

    const table = inputs({a: 0});
    const sol = dsp.dispatch(table, ['d'], null, null);
    equal(values(sol), {a: 0, b: 1, c: 1, d: 2}, 'a = 0, b = 1, c = 1, d = 2.0');
    equal(estimations, [{'$START': 4, log: 0}], 'the combiner got the default and log(1)');
    equal(calledBack, [['d', 2]], 'the callback got d');
    equal(sol.get_n_errors(), 0, 'no errors');
    equal(distText(sol), '$START=-1, a=0, b=0, diff_function=1, c=2, log=3, d=4', 'distances');
    equal(wfNodesText(sol), '$START, a, b, d, diff_function, c, log', 'workflow nodes');
    equal(wfEdgesText(sol), '$START->a=0; $START->b=1; $START->d=4; a->diff_function=0; ' +
        'b->diff_function=1; diff_function->c=1; c->log=1; log->d=0', 'workflow edges');
    equal(storedTypeName(dsp, 'a', table, ['d']), 'gint64', 'a is an int64');
    equal(storedTypeName(dsp, 'b', table, ['d']), 'gint64', 'b (the default) is an int64');
    equal(storedTypeName(dsp, 'c', table, ['d']), 'gint64', 'c = b - a is an int64');
    equal(storedTypeName(dsp, 'd', table, ['d']), 'gdouble', 'd is a double');

    // The domain says no: c = 0.
    const sol2 = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(sol2.lookup('c'), 0, 'a = 1: c = 0');
    equal(sol2.get_workflow().get_node_domain('log'), [true, false],
        'the domain of log answered false');
    check(!sol2.contains('d'), 'd, waiting for log, gets no value');
});

test('data nodes: default values and initial distances (2.35, 2.59, 2.60)', () => {
    const dsp = Schedula.Dispatcher.new(null);
    addDataDefault(dsp, 'a', 1, 5);
    const b = addDataDefault(dsp, 'b', 2, 5);
    dsp.add_function('f', add, ['a', 'b'], ['c']);
    equal(b.get_default_value(), 2, 'get_default_value');
    equal(b.default_value, 2, 'the default-value property');
    equal(b.initial_dist.num, 5, 'the initial-dist property');

    const sol = dsp.dispatch(inputs({a: 10}), null, null, null);
    equal(solText(sol), 'a=10, b=2, c=12', 'an input replaces the default');
    equal(distText(sol), '$START=-1, a=0, b=5, f=6, c=7', '... and its initial distance');
    equal(wfEdgesText(sol), '$START->a=10; $START->b=2; a->f=10; b->f=2; f->c=12', 'edges');
    const sol2 = dsp.dispatch(null, null, null, null);
    equal(solText(sol2), 'a=1, b=2, c=3', 'no inputs: the defaults');
    equal(distText(sol2), '$START=-1, a=5, b=5, f=6, c=7', 'at their initial distances');

    const dsp2 = Schedula.Dispatcher.new(null);
    const b2 = addDataDefault(dsp2, 'b', 100, 10);
    dsp2.add_function('f', inc, ['a'], ['b']);
    const sol3 = dsp2.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol3), 'a=1, b=2', 'a default far away loses to a computed value');
    equal(distText(sol3), '$START=-1, a=0, f=1, b=2', 'distances');
    equal(wfEdgesText(sol3), '$START->a=1; $START->b=100; a->f=1; f->b=2', 'edges');
    b2.initial_dist = distance(1);
    const sol4 = dsp2.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol4), 'a=1, b=100', 'a near default wins (property set after adding)');
    equal(distText(sol4), '$START=-1, a=0, b=1, f=1', 'distances');
    equal(wfNodesText(sol4), '$START, a, b', 'workflow nodes');
    equal(solText(sol3), 'a=1, b=2', 'the earlier solution is unchanged');
});

test('data nodes: wait-inputs and a combiner (2.22)', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f1', inc, ['a'], ['b']);
    dsp.add_function('f2', twice, ['a'], ['b']).set_weight(7);
    const b = addData(dsp, 'b');
    b.set_wait_inputs(true);
    b.set_combiner(itemsEst);
    check(b.get_wait_inputs() && b.get_combiner() === itemsEst, 'wait-inputs and combiner set');
    dsp.add_function('g', fn('identity', x => x), ['b'], ['c']);
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol), "a=1, b='f1=2, f2=2', c='f1=2, f2=2'", 'b combines both estimations');
    equal(distText(sol), '$START=-1, a=0, f1=1, f2=8, b=9, g=10, c=11', 'distances');
    equal(wfEdgesText(sol), "$START->a=1; a->f1=1; a->f2=1; f1->b=2; f2->b=2; " +
        "b->g='f1=2, f2=2'; g->c='f1=2, f2=2'", 'edges');

    const dsp2 = Schedula.Dispatcher.new(null);
    dsp2.add_function('f1', inc, ['x'], ['b']);
    const b2 = new Schedula.DataNode({id: 'b', wait_inputs: true, combiner: itemsEst});
    check(dsp2.add_node(b2), 'add_node with a DataNode built from properties');
    const sol2 = dsp2.dispatch(inputs({b: 10, x: 1}), null, null, null);
    equal(solText(sol2), "x=1, b='$START=10, f1=2'", 'an input is an estimation from START');
    equal(distText(sol2), '$START=-1, x=0, f1=1, b=2', 'distances');
    equal(wfNodesText(sol2), '$START, b, x, f1', 'workflow nodes');
});

test('data nodes: wildcard (2.08)', () => {
    const opts = new Schedula.DispatchOptions({wildcard: Schedula.Wildcard.ON});
    const dsp = Schedula.Dispatcher.new(null);
    const a = addData(dsp, 'a');
    a.wildcard = false;
    dsp.add_function('f', inc, ['b'], ['a']);
    dsp.add_function('g', twice, ['a'], ['b']);
    const sol = dsp.dispatch(inputs({a: 1, b: 1}), ['a', 'b'], opts, null);
    equal(solText(sol), 'a=1, b=2', 'b is computed again, a (wildcard off) is not');
    equal(distText(sol), '$START=-1, a=0, f=1, g=1, b=2', 'distances');
    equal(wfEdgesText(sol), '$START->a=1; $START->b=1; a->g=1; g->b=2', 'edges');
    check(sol.is_visited('b'), 'b is visited');

    const dsp2 = Schedula.Dispatcher.new(null);
    dsp2.add_function('f', twice, ['a'], ['b']);
    dsp2.add_function('g', inc, ['b'], ['a']);
    const b = addData(dsp2, 'b');
    b.wait_inputs = true;
    b.combiner = itemsEst;
    const sol2 = dsp2.dispatch(inputs({a: 1, b: 2}), ['a', 'b'], opts, null);
    equal(solText(sol2), "a=3, b='$START=2, f=2'", 'a and b computed again');
    equal(distText(sol2), '$START=-1, f=1, g=1, a=2, b=2', 'distances');
    equal(wfNodesText(sol2), '$START, a, f, b, g', 'workflow nodes');
});

test('data nodes: callbacks and descriptions', () => {
    const log = [];
    const dsp = Schedula.Dispatcher.new(null);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    const b = addData(dsp, 'b');
    b.set_description('b doc');
    b.set_callback(fn('record', x => {
        log.push(x);
    }));
    const c = addData(dsp, 'c');
    c.callback = fn('callback_fail', () => {
        throw new Error('callback failed');
    });
    dsp.add_function('f', inc, ['a'], ['b']);
    dsp.add_function('g', twice, ['b'], ['c']);
    equal(b.description, 'b doc', 'the description property');
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol), 'a=1, b=2, c=4', 'a failing callback keeps the value');
    equal(distText(sol), '$START=-1, a=0, f=1, b=2, g=3, c=4', 'distances');
    equal(log, [2], 'the callback of b got 2');
    equal(sol.get_error_ids(), ['c'], 'the callback of c failed');
    equal(sol.get_error_failure('c'), Schedula.Failure.CALLBACK, 'failure: CALLBACK');
    equal(sol.dup_error_message('c'), "Failed CALLBACK 'c' due to:\n  callback failed",
        'the message');
});

test('data nodes and function nodes: filters', () => {
    const dsp = Schedula.Dispatcher.new(null);
    const a = addDataDefault(dsp, 'a', 0, 0);
    for (let i = 0; i < 3; i++)
        a.add_filter(inc);
    equal(a.get_filters().length, 3, 'three filters on a');
    check(a.get_filters().every(f => f === inc), 'the filters are the Function');
    const f = dsp.add_function('f', inc, ['a'], ['b']);
    for (let i = 0; i < 4; i++)
        f.add_filter(inc);
    const f0 = dsp.add_function('f', inc, ['a'], ['c']);
    equal(f0.get_id(), 'f<0>', 'a second f is f<0>');
    f0.add_filter(inc);
    f0.add_filter(fn('to_none', () => none()));
    const sol = dsp.dispatch(null, null, null, null);
    equal(solText(sol), 'a=3, b=8', 'filtered: a = 0 + 3, b = (3 + 1) + 4; c is NONE');
    equal(distText(sol), '$START=-1, a=0, f=1, f<0>=1, b=2', 'distances');
    equal(wfEdgesText(sol), '$START->a=0; a->f=3; a->f<0>=3; f->b=8', 'edges');
    equal(sol.get_workflow().get_node_results('f'), [8], 'results are after the filters');
    a.clear_filters();
    f0.clear_filters();
    equal(a.get_filters(), null, 'no filters after clear_filters');
    equal(solText(dsp.dispatch(null, null, null, null)), 'a=0, b=5, c=1', 'without them');
});

test('data nodes: value-type', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    dsp.add_function('f', inc, ['a'], ['b']);
    dsp.add_function('h', inc, ['a'], ['c']);
    dsp.add_function('k', inc, ['c'], ['d']);
    const b = dsp.lookup_node('b');
    b.set_value_type(GObject.TYPE_DOUBLE);
    dsp.lookup_node('c').value_type = GObject.type_from_name('GStrv');
    equal(b.get_value_type(), GObject.TYPE_DOUBLE, 'get_value_type');
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(sol.lookup('b'), 2, 'an int64 is converted to the double 2.0');
    check(!sol.contains('c') && !sol.contains('d'), 'c cannot take an int64');
    equal(sol.get_error('c').message, 'data node c holds values of type GStrv, not gint64',
        'the error names node and types');
});

test('function nodes: inputs, outputs, input domain, weight', () => {
    let nF1 = 0;
    const dsp = Schedula.Dispatcher.new(null);
    const f1 = dsp.add_function('f1', fn('inc_counted', x => {
        nF1++;
        return x + 1;
    }), ['a'], ['c']);
    f1.input_domain = fn('gt0', x => x > 0);
    const f2 = dsp.add_function('f2', twice, ['a'], ['c']);
    f2.weight = 5;
    check(f1 instanceof Schedula.FunctionNode, 'add_function returns the FunctionNode');
    equal(f1.dup_inputs(), ['a'], 'dup_inputs');
    equal(f1.inputs, ['a'], 'the inputs property');
    equal(f1.outputs, ['c'], 'the outputs property');
    equal([f1.get_n_inputs(), f1.get_input(0), f1.get_n_outputs(), f1.get_output(0)],
        [1, 'a', 1, 'c'], 'get_input, get_output');
    equal(f2.get_weight(), 5, 'the weight');
    check(f1.get_function().get_name() === 'inc_counted' && f1.function === f1.get_function(),
        'the function property');

    const sol = dsp.dispatch(inputs({a: -1}), null, null, null);
    equal(solText(sol), 'a=-1, c=-2', 'the domain of f1 says no: f2 computes c');
    equal(distText(sol), '$START=-1, a=0, f1=1, f2=6, c=7', 'distances (f2 weighs 5)');
    equal(wfNodesText(sol), '$START, a, f1, f2, c', 'workflow nodes');
    equal(nF1, 0, 'f1 did not run');
    equal(sol.get_n_errors(), 0, 'a false domain is not an error');
    const wf = sol.get_workflow();
    equal(wf.get_node_domain('f1'), [true, false], 'the domain answer of f1');
    equal(wf.get_node_domain('f2')[0], false, 'f2 has no domain');
    const sol2 = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(solText(sol2), 'a=1, c=2', 'a = 1: f1 runs');
    equal(nF1, 1, 'f1 ran once');
    equal(sol2.get_workflow().get_node_domain('f1'), [true, true], 'its domain said yes');

    f1.await_domain = true;
    f1.set_await_result(true);
    check(f1.get_await_domain() && f1.await_result, 'await-domain and await-result');
});

test('function nodes: per-edge weights and input distances (2.19, 2.14)', () => {
    const dsp = Schedula.Dispatcher.new(null);
    const f = dsp.add_function('f', add, ['a', 'b'], ['c']);
    check(f.set_input_weight('a', 10), 'set_input_weight');
    check(f.set_output_weight('c', 3), 'set_output_weight');
    equal(dsp.get_edge_weight('a', 'f'), [true, 10], 'the input edge weighs 10');
    equal(dsp.get_edge_weight('f', 'c'), [true, 3], 'the output edge weighs 3');
    equal(dsp.get_edge_weight('b', 'f'), [false, 1], 'an unset edge weighs 1');
    throws(() => f.set_input_weight('zz', 1),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT), 'a weight on no edge');
    f.set_output_weight('c', 1);
    const opts = new Schedula.DispatchOptions();
    opts.set_input_dist('b', distance(1));
    equal(opts.get_input_dist('b').num, 1, 'get_input_dist');
    equal(opts.dup_input_dist_ids(), ['b'], 'dup_input_dist_ids');
    const sol = dsp.dispatch(inputs({a: 1, b: 2}), null, opts, null);
    equal(solText(sol), 'a=1, b=2, c=3', '2.19 values');
    equal(distText(sol), '$START=-1, a=0, b=1, f=2, c=3', '2.19 distances');
    opts.set_input_dist('b', null);
    equal(opts.get_input_dist('b'), null, 'null removes an input distance');

    const dsp2 = Schedula.Dispatcher.new(null);
    addData(dsp2, 'c', 0);
    dsp2.set_default_value('c', toValue(0), distance(1, 1));
    dsp2.add_function('max', max, ['a', 'b'], ['c']);
    dsp2.add_function('min', min, ['c', 'b'], ['d']);
    const opts2 = new Schedula.DispatchOptions();
    opts2.set_input_dist('a', distance(0, 2));
    const sol2 = dsp2.dispatch(inputs({a: 6, b: 5}), ['d'], opts2, null);
    equal(solText(sol2), 'b=5, c=0, d=0', '2.14 values');
    equal(distText(sol2), '$START=-1, b=0, c=inf(1, 1), min=inf(1, 2), d=inf(1, 3)',
        '2.14 two-level distances');
    equal(wfNodesText(sol2), '$START, b, c, a, min, max, d', 'workflow nodes');
});

test('dispatcher nodes: mappings and domain (2.46)', () => {
    const [dsp, child, s] = make246();
    check(s instanceof Schedula.DispatcherNode, 'add_dispatcher returns the DispatcherNode');
    check(s.get_child() === child && s.child === child, 'the child');
    equal(s.get_inputs().lookup('d'), ['a'], 'input mapping d -> a');
    equal([s.outputs.get_key(1), s.outputs.get_values(1)], ['e', ['f']], 'output mapping e -> f');
    const sol = dsp.dispatch(inputs({a: 3, b: 5, d: 10, e: 20}), null, null, null);
    equal(solText(sol), 'a=3, b=5, d=10, e=20, c=5, f=9', 'values');
    equal(distText(sol), '$START=-1, a=0, b=0, d=0, e=0, sub_dsp=0, max=1, c=2, f=4',
        'distances');
    equal(wfEdgesText(sol), '$START->a=3; $START->b=5; $START->d=10; $START->e=20; ' +
        'a->max=3; b->max=5; d->sub_dsp=10; e->sub_dsp=20; max->c=5; sub_dsp->f=9', 'edges');
    const sub = sol.get_sub_solution('sub_dsp');
    equal(solText(sub), 'a=10, b=20, c=10, d=11, e=9', 'the sub-solution');
    equal(distText(sub), '$START=-1, a=0, b=0, min=1, c=2, fun=3, d=4, e=4',
        'its distances');
    check(sub.get_dispatcher() === child, 'its dispatcher is the child');

    const sol2 = dsp.dispatch(inputs({a: 3, b: 5, d: 1, e: 2}), null, null, null);
    equal(solText(sol2), 'a=3, b=5, d=1, e=2, c=5', 'the domain says no');
    equal(sol2.get_sub_solution('sub_dsp'), null, 'the child did not start');

    s.set_weight(2);
    equal(s.weight, 2, 'the weight of a dispatcher node');
    check(s.set_input_weight('d', 3), 'an input edge weight');
    equal(dsp.get_edge_weight('d', 'sub_dsp'), [true, 3], 'the edge weighs 3');
});

test('dispatcher nodes: one-to-many mappings and include-defaults (2.48)', () => {
    const child = Schedula.Dispatcher.new('sub_dispatcher');
    addDataDefault(child, 'a', 2, 0);
    addDataDefault(child, 'b', 0, 0);
    child.add_function('min', min, ['a', 'b'], ['c']);
    child.add_function('fun', split, ['c'], ['d', 'e']);
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('max', max, ['a', 'b'], ['c']);
    const s = dsp.add_dispatcher('sub_dsp', child, mapping(['c', 'a', 'c', 'd']),
        mapping(['d', 'd', 'd', 'f', 'e', 'g']));
    equal(s.inputs.lookup('c'), ['a', 'd'], 'c feeds a and d');
    s.include_defaults = true;
    check(s.get_include_defaults(), 'include-defaults');
    equal(dsp.lookup_node('c').get_default_value(), 2, 'the default of child a moved to c');
    equal(child.lookup_node('a').get_default_value(), null, 'child a has no default now');
    const sol = dsp.dispatch(inputs({a: 6, b: 5}), null, null, null);
    equal(solText(sol), 'a=6, b=5, c=2, d=2, f=2, g=-1', 'values');
    equal(distText(sol), '$START=-1, a=0, b=0, c=0, sub_dsp=0, d=0, f=0, max=1, g=4',
        'distances');
    equal(wfEdgesText(sol), '$START->a=6; $START->b=5; $START->c=2; c->sub_dsp=2; ' +
        'sub_dsp->d=2; sub_dsp->f=2; sub_dsp->g=-1', 'edges');
    equal(solText(sol.get_sub_solution('sub_dsp')), 'a=2, d=2, b=0, c=0, e=-1',
        'the sub-solution');
});

test('the model: ids, the list model, special nodes', () => {
    const dsp = Schedula.Dispatcher.new('ids');
    equal(addData(dsp, null).get_id(), 'unknown', 'an automatic data id');
    equal(addData(dsp, null).get_id(), 'unknown<0>', 'the next one');
    const anonymous = (() => () => 1)();
    dsp.add_function(null, fn(null, anonymous), null, null);
    equal(modelText(dsp, 'nodes'), 'unknown:0, unknown<0>:1, $START:2, $SINK:3, unknown<1>:4',
        'a function without anything is fed by START and feeds SINK');
    equal([Schedula.START, Schedula.SINK, Schedula.SELF, Schedula.END, Schedula.PLOT],
        ['$START', '$SINK', '$SELF', '$END', '$PLOT'], 'the special ids');
    check(Schedula.id_is_special('$START') && !Schedula.id_is_special('a'), 'id_is_special');
    throws(() => addData(dsp, '$mine'),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT), 'a reserved id');
    const node = dsp.get_item(0);
    check(node.get_dispatcher() === dsp && node.dispatcher === dsp, 'a node knows its dispatcher');
    equal([node.kind, dsp.get_item(4).get_kind()],
        [Schedula.NodeKind.DATA, Schedula.NodeKind.FUNCTION], 'node kinds');
    dsp.description = 'about';
    dsp.executor = 'sync';
    equal([dsp.name, dsp.get_description(), dsp.get_executor()], ['ids', 'about', 'sync'],
        'dispatcher properties');
    throws(() => dsp.add_function('x', inc, ['unknown<1>'], ['y']),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT) &&
            e.message.includes('unknown<1>'), 'a function node as an input');
});

test('model operations: get_node with paths (4.23-4.25)', () => {
    const [dsp, child] = make246();
    const [node, real] = dsp.get_node(['sub_dsp', 'c']);
    check(node instanceof Schedula.DataNode && node === child.lookup_node('c'),
        'sub_dsp/c is the DataNode c of the child');
    equal(real, ['sub_dsp', 'c'], 'its real path');
    const [fun, realFun] = dsp.get_node(['sub', 'fu']);
    equal([fun.get_kind(), realFun], [Schedula.NodeKind.FUNCTION, ['sub_dsp', 'fun']],
        'fuzzy: the first id that contains the string');
    equal(dsp.get_node(['c'])[0].get_id(), 'c', 'an exact id first');
    equal(dsp.get_node(['m'])[1], ['max'], '"m" finds max');
    throws(() => dsp.get_node(['sub_dsp', 'zzz']),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT) &&
            e.message === "Path ['sub_dsp', 'zzz'] does not exist in  dispatcher.",
        'a missing path');
    dsp.set_name('top');
    throws(() => dsp.get_node(['zzz']),
        e => e.message === "Path ['zzz'] does not exist in top dispatcher.",
        'the message names the dispatcher');
    throws(() => dsp.get_node(['max', 'a']), e => e.message.includes('max'),
        'through a node that is not a sub-dispatcher');
});

test('model operations: remove_node', () => {
    const dsp = Schedula.Dispatcher.new(null);
    const f = dsp.add_function('f', inc, ['a'], ['b']);
    dsp.add_function('g', twice, ['b'], ['c']);
    dsp.add_function('h', add, ['x', 'c'], ['y']);
    check(dsp.remove_node('g'), 'remove g');
    equal(modelText(dsp, 'ids'), 'f, a, b, c, h, x, y', 'the nodes left');
    equal(modelText(dsp, 'edges'), 'f->b; a->f; c->h; h->y; x->h', 'the edges left');
    equal(dsp.lookup_node('g'), null, 'g is gone');
    equal(solText(dsp.dispatch(inputs({a: 1, x: 5}), null, null, null)), 'a=1, x=5, b=2',
        'dispatch without g');
    check(dsp.remove_node('a'), 'remove a');
    equal(f.dup_inputs(), ['a'], 'a stays in the inputs of f');
    check(!dsp.has_edge('a', 'f'), '... without an edge');
    equal(solText(dsp.dispatch(inputs({a: 1, x: 5}), null, null, null)), 'a=1, x=5',
        'a is now an input outside the model');
    throws(() => dsp.remove_node('zz'),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT), 'an unknown node');
});

test('model operations: remove_nodes', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', inc, ['a'], ['b']);
    dsp.add_function('g', twice, ['b'], ['c']);
    dsp.add_function('h', add, ['x', 'c'], ['y']);
    throws(() => dsp.remove_nodes(['g', 'zz']),
        e => isDispatchError(e, Schedula.DispatchError.INVALID_INPUT) && e.message.includes('zz'),
        'an unknown node: an error that names it');
    equal(modelText(dsp, 'ids'), 'f, a, b, g, c, h, x, y', '... and nothing removed');
    check(dsp.remove_nodes(['g', 'x', 'g']), 'remove g and x (g twice)');
    equal(modelText(dsp, 'ids'), 'f, a, b, c, h, y', 'the nodes left');
    equal(modelText(dsp, 'edges'), 'f->b; a->f; c->h; h->y', 'the edges left');
    equal(solText(dsp.dispatch(inputs({a: 1}), null, null, null)), 'a=1, b=2', 'dispatch');
});

test('model operations: set_default_value', () => {
    const dsp = Schedula.Dispatcher.new(null);
    const a = addData(dsp, 'a', 1);
    check(dsp.set_default_value('a', toValue(2), distance(3)), 'set_default_value');
    equal([a.get_default_value(), a.get_initial_dist().num], [2, 3], 'default and distance');
    // dsp.set_default_value('a', null, null) gives a a NULL G_TYPE_POINTER
    // default from GJS (a null GValue argument); the default-value property
    // takes a real NULL.
    a.default_value = null;
    equal(a.get_default_value(), null, 'the property set to null removes the default');
    throws(() => dsp.set_default_value('b', toValue(3), null),
        e => e.message === 'Input error: b is not a data node', 'an unknown node');
    dsp.add_function('max', max, ['a', 'b'], null);
    throws(() => dsp.set_default_value('max', toValue(1), null),
        e => e.message === 'Input error: max is not a data node', 'a function node');
    check(dsp.set_default_value('b', toValue(3), null), 'now b exists');
    check(dsp.set_default_value('a', toValue(2), null), 'and a again');
    equal(modelText(dsp, 'nodes'), 'a:0, $SINK:1, max:2, b:3', 'nodes');
    equal(modelText(dsp, 'defaults'), 'a=2, b=3', 'defaults');
    const sol = dsp.dispatch(inputs({x: 1}), null, null, null);
    equal(solText(sol), 'x=1, a=2, b=3, $SINK={max: 3}', 'the defaults are used');
});

test('model operations: copy', () => {
    const dsp = Schedula.Dispatcher.new('orig');
    const child = Schedula.Dispatcher.new('child');
    addDataDefault(dsp, 'a', 1, 0);
    const minNode = dsp.add_function('min', min, ['a', 'b'], ['c']);
    child.add_function('f', inc, ['c'], ['y']);
    dsp.add_dispatcher('s', child, null, null);
    dsp.set_description('about');
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);

    const copy = dsp.copy();
    check(copy !== dsp, 'a new dispatcher');
    equal([copy.get_name(), copy.get_description(), copy.get_raises()],
        ['orig', 'about', Schedula.Raises.RECORD_SILENTLY], 'name, description, raises');
    equal(modelText(copy, 'nodes'), 'a:0, min:1, b:2, c:3, s:4, y:5', 'the same nodes');
    equal(modelText(copy, 'edges'), modelText(dsp, 'edges'), 'the same edges');
    const minCopy = copy.lookup_node('min');
    check(minCopy !== minNode && minCopy.get_dispatcher() === copy, 'nodes are new objects');
    check(minCopy.get_function() === minNode.get_function(), 'functions are shared');
    const childCopy = copy.lookup_node('s').get_child();
    check(childCopy !== child && dsp.lookup_node('s').get_child() === child,
        'children are copied');

    copy.set_default_value('a', toValue(99), null);
    equal(modelText(dsp, 'defaults'), 'a=1', 'the original keeps its default');
    equal(modelText(copy, 'defaults'), 'a=99', 'the copy has its own');
    minCopy.set_weight(7);
    equal(minNode.get_weight(), 0, 'weights are the node\'s own');
    addData(childCopy, 'zz');
    equal(child.lookup_node('zz'), null, 'the copied child is independent');
    copy.remove_node('s');
    check(dsp.lookup_node('s') !== null, 'removing from the copy leaves the original');
    equal(addData(copy, 'new').get_index(), 6, 'the index counter goes on');
    equal(solText(dsp.dispatch(inputs({b: 5}), null, null, null)), 'a=1, b=5, c=1, y=2',
        'the original dispatches');
    equal(solText(copy.dispatch(inputs({b: 5}), null, null, null)), 'a=99, b=5, c=5',
        'the copy dispatches its own model');
});

// SEMANTICS 4.01: functions left out (null), only the structure matters.
function make401() {
    const dsp = Schedula.Dispatcher.new(null);
    addDataDefault(dsp, 'b', 3, 0).set_wait_inputs(true);
    dsp.add_function('max', null, ['a', 'b'], ['c']);
    dsp.add_function('min', null, ['a', 'c'], ['d']);
    dsp.add_function('min', null, ['b', 'd'], ['c']);
    dsp.add_function('max', null, ['b', 'd'], ['a']);
    addData(dsp, 'e');
    return dsp;
}

test('model operations: get_sub_dispatcher (4.01-4.03)', () => {
    const dsp = make401();
    const sub = dsp.get_sub_dispatcher(['a', 'b', 'c', 'max', 'max<0>'], null);
    equal(modelText(sub, 'nodes'), 'b:0, max:1, a:2, c:3', 'nodes');
    equal(modelText(sub, 'edges'), 'b->max; max->c; a->max', 'edges');
    equal(modelText(sub, 'defaults'), 'b=3', 'defaults');
    check(sub.lookup_node('b').wait_inputs, 'attributes are kept');
    check(sub.lookup_node('b') !== dsp.lookup_node('b'), 'nodes are copies');
    sub.set_default_value('b', toValue(7), null);
    equal(modelText(dsp, 'defaults'), 'b=3', 'the original is unchanged');
    equal(dsp.get_sub_dispatcher(['a', 'c', 'max', 'max<0>'], null).get_n_items(), 0,
        'without b nothing is reachable');
    equal(dsp.get_sub_dispatcher(['a', 'b', 'c', 'max'], ['max', 'c']).get_n_items(), 0,
        'removing the edge max -> c');
});

test('model operations: get_sub_dispatcher_from_workflow (4.04-4.06, 4.27)', () => {
    const dsp = make401();
    const sol = dsp.dispatch(inputs({a: 0, b: 0}), null,
        new Schedula.DispatchOptions({no_call: true}), null);
    const F = Schedula.SubDispatcherFlags;
    const fwd = sol.get_sub_dispatcher_from_workflow(['a', 'b'], F.NONE);
    equal(modelText(fwd, 'nodes'), 'a:2, b:0, max:1, c:3, min:4, d:5', 'forward: nodes');
    equal(modelText(fwd, 'edges'), 'a->max; a->min; b->max; max->c; c->min; min->d',
        'forward: edges');
    equal(modelText(fwd, 'defaults'), 'b=3', 'forward: defaults');
    const fwd2 = dsp.get_sub_dispatcher_from_workflow(['a', 'b'], F.NONE, null,
        Schedula.Wildcard.OFF);
    equal(modelText(fwd2, 'nodes'), 'a:2, b:0, max:1, c:3, min:4, d:5',
        'the same from the dispatcher (its last solution)');
    const rev = sol.get_sub_dispatcher_from_workflow(['c'], F.REVERSE);
    equal(modelText(rev, 'nodes'), 'c:3, max:1, a:2, b:0', 'reverse: nodes');
    equal(modelText(rev, 'edges'), 'max->c; a->max; b->max', 'reverse: edges');
    const missing = sol.get_sub_dispatcher_from_workflow(['c'], F.ADD_MISSING);
    equal(modelText(missing, 'nodes'), 'c:3, min:4, a:2, d:5', 'add missing: nodes');
    equal(modelText(missing, 'defaults'), '', 'add missing: no defaults');
    const nocheck = sol.get_sub_dispatcher_from_workflow(['a'], F.NO_CHECK_INPUTS);
    equal(modelText(nocheck, 'nodes'), 'a:2, max:1, min:4, c:3, d:5',
        'inputs not checked: nodes');
    equal(modelText(nocheck, 'edges'), 'a->max; a->min; max->c; min->d; c->min',
        'inputs not checked: edges');
});

test('model operations: shrink (4.08, 4.10-4.12)', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('h', null, ['a', 'b'], ['c']);
    dsp.add_function('h', null, ['b', 'd'], ['e']);
    dsp.add_function('h', null, ['d', 'e'], ['c', 'f']);
    dsp.add_function('h', null, ['d', 'f'], ['g']);
    dsp.add_function('h', null, ['a', 'b'], ['a']);
    const s1 = dsp.shrink(['a', 'b', 'd'], ['c', 'a', 'f'], null);
    equal(modelText(s1, 'sortedIds'), 'a, b, c, d, e, f, h, h<0>, h<1>, h<3>', '4.08 nodes');
    equal(modelText(s1, 'sortedEdges'), 'a->h, a->h<3>, b->h, b->h<0>, b->h<3>, d->h<0>, ' +
        'd->h<1>, e->h<1>, h->c, h<0>->e, h<1>->f, h<3>->a', '4.08 edges');
    equal(s1.lookup_node('h<3>').get_index(), 11, 'indexes are kept');
    const s2 = dsp.shrink(null, ['g'], null);
    equal(modelText(s2, 'sortedIds'), 'b, d, e, f, g, h<0>, h<1>, h<2>', '4.10 outputs only');
    const s3 = dsp.shrink(['d', 'e'], null, null);
    equal(modelText(s3, 'sortedIds'), 'c, d, e, f, g, h<1>, h<2>', '4.11 inputs only');
    equal(dsp.shrink(null, null, null).get_n_items(), 0, 'neither: empty');
    const cycle = Schedula.Dispatcher.new(null);
    const chain = ['a', 'b', 'c', 'd', 'e', 'a'];
    for (let i = 0; i + 1 < chain.length; i++)
        cycle.add_function('h', null, [chain[i]], [chain[i + 1]]);
    equal(modelText(cycle.shrink(['a'], ['b'], null), 'sortedEdges'), 'a->h, h->b', '4.12 a cycle');
    equal(dsp.get_n_items(), 12, 'the original is untouched');
});

done();
