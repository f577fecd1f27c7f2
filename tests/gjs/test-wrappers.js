// test-wrappers.js: dispatchers as functions, compiled pipes, helpers and
// batch dispatch from JS (area 5)
//
// The expectations are those of the C tests (tests/test-wrappers.c,
// tests/test-helpers.c) and of schedula's examples (SEMANTICS numbers in the
// group names); the functions inside the models are JS functions.
//
// Values: mappings are Schedula.Dict values built in JS (Dict.new() and
// insert() of the values toValue() makes), sequences GObject.ValueArray, as
// the raw GI API gives them. A Dict or a ValueArray given where the library
// takes a GValue is stored as itself (GJS makes the GValue);
// GObject.Value.set_boxed() would store NULL in GJS 1.74, so the tests do
// not wrap them by hand. Plain objects and Arrays, which schedula.js
// converts, are in test-values.js.
//
// call_full() of SubDispatchFunction and the pipes returns the result; its
// errors are thrown as GLib.Error.
//
// SPDX-License-Identifier: EUPL-1.2

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';

import {Schedula, double, fn, toValue, values} from '../../bindings/gjs/schedula.js';
import {
    check, distText, done, equal, isDispatchError, solText, test, throws, valueText,
    wfEdgesText,
} from './harness.js';

const {OutputType, DispatchError} = Schedula;

/** A Schedula.Dict of the JS values of obj (converted by toValue()). */
function dict(obj) {
    const d = Schedula.Dict.new();
    for (const [k, v] of Object.entries(obj))
        d.insert(k, toValue(v));
    return d;
}

/** A GObject.ValueArray of the items (Dicts, ValueArrays, JS values). */
function seq(items) {
    const array = GObject.ValueArray.new(items.length);
    for (const x of items)
        array.append(x instanceof Schedula.Dict || x instanceof GObject.ValueArray ? x : toValue(x));
    return array;
}

/** The items of a GObject.ValueArray as JS values (nested ones too). */
function items(array) {
    check(array instanceof GObject.ValueArray, `a GObject.ValueArray: ${array}`);
    const out = [];
    for (let i = 0; i < array.n_values; i++) {
        const v = array.get_nth(i);
        out.push(v instanceof GObject.ValueArray ? items(v) : v);
    }
    return out;
}

/** A value as text: valueText(), with Solutions and ValueArrays. */
function text(v) {
    if (v instanceof Schedula.Solution)
        return `Solution{${solText(v)}}`;
    if (v instanceof GObject.ValueArray)
        return `(${items(v).map(text).join(', ')})`;
    return valueText(v);
}

/** The error of a Function.call() (positional arguments), which must fail. */
function callError(func, args, code, message, what) {
    const error = throws(() => func.call(args.map(toValue), 1),
        e => isDispatchError(e, code), what);
    equal(error.message, message, `${what}: the message`);
}

// The model of schedula's SubDispatch examples: fun = split(a) -> b, c.
function splitModel() {
    const dsp = Schedula.Dispatcher.new('Sub-dispatcher');
    dsp.add_function('fun', fn('split', x => [x + 1, x - 1]), ['a'], ['b', 'c']);
    return dsp;
}

// Examples 5.05, 5.07: max(a, b) -> c; log(c - 1) -> a if c > 1.
function maxLogModel() {
    const dsp = Schedula.Dispatcher.new('Dispatcher');
    dsp.add_function('max', fn('max', Math.max), ['a', 'b'], ['c']);
    const log = dsp.add_function('log(x - 1)', fn('log_dec', c => double(Math.log(c - 1))),
        ['c'], ['a']);
    log.set_input_domain(fn('gt1', c => c > 1));
    return dsp;
}

// Examples 5.08-5.11: max(a, b) -> c; c - 1 -> a.
function maxDecModel() {
    const dsp = Schedula.Dispatcher.new('Dispatcher');
    dsp.add_function('max', fn('max', Math.max), ['a', 'b'], ['c']);
    dsp.add_function('x - 1', fn('dec', c => c - 1), ['c'], ['a']);
    return dsp;
}

// log(a) -> b (a JS error for a <= 0); b + 1 -> c.
function logIncModel() {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('log', fn('log', a => {
        if (a <= 0)
            throw new RangeError('math domain error');
        return double(Math.log(a));
    }), ['a'], ['b']);
    dsp.add_function('g', fn('inc', b => double(b + 1)), ['b'], ['c']);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    return dsp;
}

test('SubDispatch as a node function, a JS function in the model (5.01)', () => {
    const sd = Schedula.SubDispatch.new(splitModel(), ['a', 'b', 'c'], OutputType.DICT, null);
    equal(sd.get_name(), 'Sub-dispatcher', 'named after its model');
    equal(sd.get_output_type(), OutputType.DICT, 'get_output_type');
    equal(sd.dup_solution(), null, 'no solution before a call');
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('Sub-dispatch', sd, ['d'], ['e']);
    const sol = dsp.dispatch({d: dict({a: 3})}, null, null, null);
    equal(solText(sol), 'd={a: 3}, e={a: 3, b: 4, c: 2}', 'values');
    equal(distText(sol), '$START=-1, d=0, Sub-dispatch=1, e=2', 'distances');
    equal(wfEdgesText(sol), '$START->d={a: 3}; d->Sub-dispatch={a: 3}; ' +
        'Sub-dispatch->e={a: 3, b: 4, c: 2}', 'workflow edges');
    check(sol.lookup('e') instanceof Schedula.Dict, 'e is a Schedula.Dict');
    const inner = sol.get_workflow().get_node_solution('Sub-dispatch');
    equal(values(inner), {a: 3, b: 4, c: 2}, 'the node keeps the solution of the model');
    check(sd.dup_solution() === inner, 'the solution of the last call');
    equal([sol.get_full_name(), inner.get_full_name()], [[], ['Sub-dispatch']],
        'the solution of the node is named after it');
});

test('SubDispatch called: output types, merged mappings, unreachable outputs (5.02-5.04, 5.30)', () => {
    const model = splitModel();
    const asList = Schedula.SubDispatch.new(model, ['c', 'b'], OutputType.LIST, null);
    equal(items(asList.call([dict({a: 3})], 1)[0]), [2, 4], 'a list, in the order of the outputs');
    equal(items(asList.call([dict({a: 3}), dict({a: 10})], 1)[0]), [9, 11], 'later mappings win');
    const all = Schedula.SubDispatch.new(model, null, OutputType.DEFAULT, null);
    equal(text(all.call([dict({a: 3})], 1)[0]), 'Solution{a=3, b=4, c=2}', 'the whole solution');
    const one = Schedula.SubDispatch.new(model, ['b'], OutputType.VALUES, null);
    equal(one.call([dict({a: 3})], 1), [4], 'the value of the only output');

    const missing = Schedula.SubDispatch.new(model, ['b', 'zz'], OutputType.DICT, null);
    callError(missing, [dict({a: 3})], DispatchError.UNREACHABLE_OUTPUTS,
        "\n  Unreachable output-targets: {'zz'}\n  Available outputs: ['a', 'b']",
        'an output the model does not reach');
    throws(() => asList.call([toValue(3)], 1), e => e instanceof GLib.Error &&
        e.message.includes('argument 1') && e.message.includes('gint64'), 'an argument that is not a mapping');

    // a failing SubDispatch node is recorded, with the solution of its call
    const dsp = Schedula.Dispatcher.new(null);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    dsp.add_function('sd', Schedula.SubDispatch.new(model, ['zz'], OutputType.LIST, null), ['d'], ['e']);
    const sol = dsp.dispatch({d: dict({a: 3})}, null, null, null);
    equal(solText(sol), 'd={a: 3}', 'e is not computed');
    check(isDispatchError(sol.get_error('sd'), DispatchError.UNREACHABLE_OUTPUTS),
        'the node error: UNREACHABLE_OUTPUTS');
    equal(sol.dup_error_message('sd'), "Failed DISPATCHING 'sd' due to:\n  \n" +
        "  Unreachable output-targets: {'zz'}\n  Available outputs: ['a']", 'its message');
    equal(values(sol.get_sub_solution('sd')), {a: 3}, 'the solution of the failed call');
});

test('a Dispatcher as a function, run_model (5.29, 5.32)', () => {
    const model = Schedula.Dispatcher.new('S');
    model.add_function('g', fn('double', x => x * 2), ['x'], ['y']);
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('run', Schedula.SubDispatch.new_for_dispatcher(model), ['inp'], ['out']);
    const sol = dsp.dispatch({inp: dict({x: 4})}, null, null, null);
    equal(text(sol.lookup('out')), 'Solution{x=4, y=8}', 'the value is the solution');
    equal(values(sol.get_workflow().get_node_solution('run')), {x: 4, y: 8}, 'the node solution');

    const runner = Schedula.Dispatcher.new(null);
    runner.add_function('execute_dsp', Schedula.run_model_new(), ['dsp_model', 'inputs'], ['outputs']);
    const sol2 = runner.dispatch({dsp_model: model, inputs: dict({x: 5})}, null, null, null);
    equal(text(sol2.lookup('outputs')), 'Solution{x=5, y=10}', 'run_model runs the model given as data');
    equal(values(sol2.get_sub_solution('execute_dsp')), {x: 5, y: 10}, 'its solution is the node\'s');
});

test('SubDispatchFunction through call_full (5.05-5.07)', () => {
    const dsp = maxLogModel();
    const f = Schedula.SubDispatchFunction.new(dsp, 'myF', ['a', 'b'], ['a'], OutputType.DEFAULT, null);
    equal(f.get_name(), 'myF', 'get_name');
    equal(f.get_inputs(), ['a', 'b'], 'get_inputs');
    check(f.get_dispatcher() !== dsp, 'the model is a shrunk copy');
    equal(f.get_dispatcher().get_name(), 'myF', 'named after the function');

    equal(f.call_full([], dict({b: 1, a: 2})), 0, 'f(b=1, a=2): keywords');
    equal(f.call_full([toValue(2), toValue(1)], null), 0, 'f(2, 1): positional');
    equal(f.call_full([toValue(2)], dict({b: 1})), 0, 'f(2, b=1): both');
    equal(solText(f.dup_solution()), 'b=1, c=2, a=0', 'the solution of the last call');

    callError(f, [1, 0], DispatchError.UNREACHABLE_OUTPUTS,
        "\n  Unreachable output-targets: {'a'}\n  Available outputs: ['b', 'c']", 'f(1, 0)');
    callError(f, [1], DispatchError.BAD_ARGUMENTS, "missing a required argument: 'b'", 'f(1)');
    callError(f, [1, 2, 3], DispatchError.BAD_ARGUMENTS, 'too many positional arguments', 'f(1, 2, 3)');
    throws(() => f.call_full([toValue(1), toValue(2)], dict({b: 3})),
        e => isDispatchError(e, DispatchError.BAD_ARGUMENTS) && e.message === "multiple values for argument 'b'",
        'call_full throws its GLib.Error: f(1, 2, b=3)');

    // several outputs: a list; the defaults of the model fill the rest
    const model = Schedula.Dispatcher.new(null);
    model.add_data('k', toValue(10));
    model.add_function('f', fn('sum_diff', (a, k) => [a + k, a - k]), ['a', 'k'], ['s', 'd']);
    const g = Schedula.SubDispatchFunction.new(model, 'F', ['a', 'k'], ['d', 's'], OutputType.DEFAULT, null);
    const result = g.call_full([toValue(1)], null);
    equal(items(result), [-9, 11], 'g(1): k from its default');
    equal(items(g.call_full([toValue(1), toValue(2)], null)), [-1, 3], 'g(1, 2)');
    equal(items(g.call_full([], dict({a: 5}))), [-5, 15], 'g(a=5)');
    equal(text(g.call_full([], dict({a: 5}))), '(-5, 15)', 'a GObject.ValueArray');

    // an output the shrunk model cannot reach
    throws(() => Schedula.SubDispatchFunction.new(dsp, 'bad', ['b'], ['c'], OutputType.DEFAULT, null),
        e => isDispatchError(e, DispatchError.UNREACHABLE_OUTPUTS) &&
            e.message === "\n  Unreachable output-targets: {'c'}\n  Available outputs: []",
        'unreachable outputs at construction');
});

test('SubDispatchPipe: the compiled pipe replayed (5.08, 5.10)', () => {
    const calls = {n: 0};
    const dsp = maxDecModel();
    dsp.add_function('x + 1', fn('inc', c => {
        calls.n++;
        return c + 1;
    }), ['c'], ['z']);
    const f = Schedula.SubDispatchPipe.new(dsp, 'myF', ['a', 'b'], ['a'], OutputType.DEFAULT, null);
    equal(f.get_name(), 'myF', 'get_name');
    const pipe = f.get_pipe();
    equal(pipe.get_n_steps(), 5, 'five steps: a, b, max, c, x - 1');
    equal(pipe.get_inputs(), ['a', 'b'], 'the pipe\'s inputs');
    equal(pipe.get_outputs(), ['a'], 'the pipe\'s outputs');
    equal(f.call_full([toValue(2), toValue(1)], null), 1, 'f(2, 1)');
    equal(f.call_full([toValue(1), toValue(0)], null), 0, 'f(1, 0)');
    equal(f.call_full([], dict({a: 5, b: 9})), 8, 'f(a=5, b=9)');
    equal(solText(f.dup_solution()), 'b=9, c=9, a=8', 'the solution of the last replay');
    equal(calls.n, 0, 'the replay runs only the steps of the pipe');

    const p = Schedula.SubDispatchPipe.new(logIncModel(), 'p', ['a'], ['c'], OutputType.DEFAULT, null);
    equal(p.call_full([toValue(1)], null), 1, 'p(1)');
    callError(p, [0], DispatchError.UNREACHABLE_OUTPUTS,
        "\n  Unreachable output-targets: {'c'}\n  Available outputs: ['a']", 'p(0): the JS error breaks the pipe');
    const error = p.dup_solution().get_error('log');
    check(error instanceof RangeError && error.message === 'math domain error',
        'the solution keeps the JS error of the step');
});

test('DispatchPipe: one solution, a broken pipe fails (5.09, 5.11)', () => {
    const f = Schedula.DispatchPipe.new(maxDecModel(), 'myF', ['a', 'b'], ['a'], OutputType.DEFAULT, null);
    equal(f.call_full([toValue(2), toValue(1)], null), 1, 'f(2, 1)');
    equal(f.call_full([toValue(1), toValue(0)], null), 0, 'f(1, 0)');
    equal(solText(f.dup_solution()), 'b=0, c=1, a=0', 'the solution, overwritten');

    const p = Schedula.DispatchPipe.new(logIncModel(), 'p', ['a'], ['c'], OutputType.DEFAULT, null);
    equal(p.call_full([toValue(1)], null), 1, 'p(1)');
    callError(p, [0], DispatchError.PIPE_BROKEN, 'The pipe is not respected.', 'p(0)');
});

test('MapDispatch over a GObject.ValueArray of Dicts (5.12, 5.13)', () => {
    const model = Schedula.Dispatcher.new('model');
    model.add_function('sum_diff', fn('sum_diff', (a, b) => [a + b, a - b]), ['a', 'b'], ['c', 'd']);
    const lists = Schedula.MapDispatch.new(model, null, null, ['c', 'd'], OutputType.LIST);
    const sets = seq([dict({a: 1, b: 2}), dict({a: 2, b: 2}), dict({a: 3, b: 2})]);
    equal(items(lists.call([sets], 1)[0]), [[3, -1], [4, 0], [5, 1]], 'one run per input set');
    equal(items(lists.call([seq([dict({a: 1}), dict({a: 3, b: 3})]), dict({b: 2})], 1)[0]),
        [[3, -1], [6, 0]], 'defaults given with the call');
    const withDefaults = Schedula.MapDispatch.new(model, dict({b: 2}), null, ['c'], OutputType.VALUES);
    equal(items(withDefaults.call([seq([dict({a: 1}), dict({a: 3, b: 3})])], 1)[0]), [3, 6],
        'defaults given to the constructor');

    const cToB = Schedula.Mapping.new();
    cToB.add('c', 'b');
    const recursive = Schedula.MapDispatch.new(model, null, cToB, null, OutputType.DEFAULT);
    equal(text(recursive.call([seq([dict({a: 1, b: 1}), dict({a: 2}), dict({a: 3})])], 1)[0]),
        '(Solution{a=1, b=1, c=2, d=0}, Solution{a=2, b=2, c=4, d=0}, Solution{a=3, b=4, c=7, d=-1})',
        'recursive inputs: c of each run is b of the next');
});

test('helpers on values made in JS: selector, combine_dicts', () => {
    const d = dict({a: 1, b: 2, c: 'three'});
    const list = Schedula.selector_new(['b', 'a'], OutputType.LIST, false);
    equal(items(list.call([d], 1)[0]), [2, 1], 'selector, a list');
    const asDict = Schedula.selector_new(['c', 'a'], OutputType.DICT, false);
    equal(valueText(asDict.call([d], 1)[0]), "{c: 'three', a: 1}", 'selector, a Dict');
    callError(Schedula.selector_new(['zz'], OutputType.DICT, false), [d], DispatchError.INVALID_INPUT,
        "'zz'", 'selector, a missing key');
    const allowMiss = Schedula.selector_new(['zz', 'a'], OutputType.DICT, true);
    equal(valueText(allowMiss.call([d], 1)[0]), '{a: 1}', 'selector, allow_miss');

    const combine = Schedula.combine_dicts_new();
    equal(valueText(combine.call([dict({a: 1, b: 2}), dict({b: 3, z: 0})], 1)[0]),
        '{a: 1, b: 3, z: 0}', 'combine_dicts: later mappings win');

    // as node functions, on inputs made in JS
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('combine_dicts', combine, ['x', 'y'], ['xy']);
    dsp.add_function('selector', list, ['xy'], ['ba']);
    dsp.add_function('sum', fn('sum', ba => {
        check(Array.isArray(ba), 'a JS function gets the sequence as an Array');
        return ba.reduce((s, v) => s + v, 0);
    }), ['ba'], ['total']);
    const sol = dsp.dispatch({x: dict({a: 1, b: 2}), y: dict({b: 30})}, null, null, null);
    equal(valueText(sol.lookup('xy')), '{a: 1, b: 30}', 'combine_dicts in a model');
    equal(text(sol.lookup('ba')), '(30, 1)', 'selector in a model');
    equal(sol.lookup('total'), 31, 'a JS function reads the sequence');
});

test('dispatch_batch: one model over many input sets', () => {
    const dsp = maxDecModel();
    const solutions = dsp.dispatch_batch([dict({a: 2, b: 1}), dict({b: 5}), dict({a: 7, b: 9})],
        ['c'], null, null);
    equal(solutions.get_n_items(), 3, 'one solution per input set');
    const expected = ['a=2, b=1, c=2', 'b=5', 'a=7, b=9, c=9'];
    for (let i = 0; i < 3; i++)
        equal(solText(solutions.get_item(i)), expected[i], `input set ${i}`);
    check(solutions.get_item(0) instanceof Schedula.Solution, 'Solutions in a GListModel');

    const error = throws(() => dsp.dispatch_batch([dict({a: 1}), toValue(3)], null, null, null),
        e => e instanceof GLib.Error, 'an input set that is not a mapping');
    check(error.message.startsWith('input set 1: '), `the message names the set: ${error.message}`);
    equal(dsp.dispatch_batch([], null, null, null).get_n_items(), 0, 'no input set');

    // a SubDispatch node over a batch: the unreachable output is recorded
    const outer = Schedula.Dispatcher.new(null);
    outer.set_raises(Schedula.Raises.RECORD_SILENTLY);
    outer.add_function('sd', Schedula.SubDispatch.new(splitModel(), ['c'], OutputType.VALUES, null),
        ['d'], ['e']);
    const sols = outer.dispatch_batch([dict({d: dict({a: 3})}), dict({d: dict({z: 3})})], null, null, null);
    equal(solText(sols.get_item(0)), 'd={a: 3}, e=2', 'set 0: e computed');
    check(isDispatchError(sols.get_item(1).get_error('sd'), DispatchError.UNREACHABLE_OUTPUTS),
        'set 1: Unreachable output-targets');
});

done();
