// test-values.js: JS values through the library with schedula.js: Arrays
// as sequences, plain objects as mappings, undefined at its place, and
// dispatch() / tryDispatch() with schedula's keywords
//
// SPDX-License-Identifier: EUPL-1.2

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';

import {
    Schedula, addData, dict, dispatch, fn, fromValue, inputs, isNone, lookup, none,
    sequence, toValue, tryDispatch, values,
} from '../../bindings/gjs/schedula.js';
import {
    check, distText, done, equal, isDispatchError, resultTypeName, solText,
    storedTypeName, test, throws, wfNodesText,
} from './harness.js';

const {OutputType, DispatchError} = Schedula;

// A model that gives its input back: a -> identity -> b, recording what the
// JS function got.
function echoModel(seen) {
    const dsp = Schedula.Dispatcher.new('echo');
    dsp.add_function('identity', fn('identity', x => {
        seen.push(x);
        return x;
    }), ['a'], ['b']);
    return dsp;
}

// fun = split(a) -> b, c: the model of schedula's SubDispatch examples.
function splitModel() {
    const dsp = Schedula.Dispatcher.new('Sub-dispatcher');
    dsp.add_function('fun', fn('split', x => [x + 1, x - 1]), ['a'], ['b', 'c']);
    return dsp;
}

// Arrays ----------------------------------------------------------------------

test('Arrays as inputs: sequences of converted items', () => {
    const seen = [];
    const dsp = echoModel(seen);
    const table = inputs({a: [1, 2.5, 'three', true, null]});
    check(table.a instanceof GObject.ValueArray, 'inputs() makes a GObject.ValueArray');
    equal(storedTypeName(dsp, 'a', table), 'GValueArray', 'the library stores a GValueArray');
    const items = table.a;
    equal([items.n_values, items.get_nth(0), items.get_nth(2), items.get_nth(4)], [5, 1, 'three', null],
        'its items');
    const sol = dispatch(dsp, {inputs: {a: [1, 2.5, 'three', true, null]}});
    equal(seen, [[1, 2.5, 'three', true, null]], 'the JS function gets an Array');
    check(Array.isArray(seen[0]), '  a real Array');
    equal(values(sol), {a: [1, 2.5, 'three', true, null], b: [1, 2.5, 'three', true, null]},
        'values() gives Arrays');
    check(sol.lookup('b') instanceof GObject.ValueArray, 'the raw GI lookup gives the GObject.ValueArray');
    equal(lookup(sol, 'b'), [1, 2.5, 'three', true, null], 'lookup() converts it');
    equal(lookup(sol, 'zz'), undefined, 'lookup() of a missing id is undefined');

    seen.length = 0;
    equal(lookup(dispatch(dsp, {inputs: {a: []}}), 'b'), [], 'an empty Array');
    equal(seen, [[]], '  reaches the function as []');
});

test('nested Arrays and Arrays of objects', () => {
    const seen = [];
    const dsp = echoModel(seen);
    const nested = [1, [2, [3, []]], [[4]]];
    equal(lookup(dispatch(dsp, {inputs: {a: nested}}), 'b'), nested, 'nested Arrays round-trip');
    equal(seen, [nested], 'the function gets the nested Arrays');
    const raw = toValue(nested);
    check(raw.get_nth(1) instanceof GObject.ValueArray &&
        raw.get_nth(1).get_nth(1) instanceof GObject.ValueArray, 'nested sequences in the library');

    const p = {x: 1}, q = {y: [2, 3]};
    seen.length = 0;
    const sol = dispatch(dsp, {inputs: {a: [p, q, [p]]}});
    const [p2, q2, [p3]] = seen[0];
    check(p2 === p && q2 === q && p3 === p, 'objects in Arrays are the same objects');
    const back = lookup(sol, 'b');
    check(back[0] === p && back[2][0] === p, '  also from the solution');
});

test('Arrays as defaults', () => {
    const seen = [];
    const dsp = echoModel(seen);
    const node = addData(dsp, 'a', [1, [2, 3]]);
    check(node.get_default_value() instanceof GObject.ValueArray, 'the default is a sequence');
    equal(fromValue(node.get_default_value()), [1, [2, 3]], 'fromValue() of the default');
    equal(values(dispatch(dsp)), {a: [1, [2, 3]], b: [1, [2, 3]]}, 'a dispatch without inputs');
    equal(seen, [[1, [2, 3]]], 'the function got the default as an Array');
    dsp.set_default_value('a', toValue(['x']), null);
    equal(lookup(dispatch(dsp), 'b'), ['x'], 'set_default_value() with toValue([...])');
});

test('Arrays as function results', () => {
    equal(resultTypeName(() => [1, 2]), 'GValueArray', 'one output: an Array is a sequence');
    const dsp = Schedula.Dispatcher.new('results');
    dsp.add_function('pair', fn('pair', x => [x, [x * 2, [x * 3]]]), ['a'], ['b']);
    dsp.add_function('two', fn('two', x => [[x], [x, x]]), ['a'], ['c', 'd']);
    dsp.add_function('sum', fn('sum', (b, c, d) => b[1][1][0] + c[0] + d.length), ['b', 'c', 'd'], ['e']);
    const sol = dispatch(dsp, {inputs: {a: 2}});
    equal(values(sol), {a: 2, b: [2, [4, [6]]], c: [2], d: [2, 2], e: 10},
        'nested Arrays in the solution; several outputs, each an Array');
    equal(storedTypeName(dsp, 'c', inputs({a: 2})), 'GValueArray', 'c is a sequence');
    const edge = sol.get_workflow().get_edge_value('pair', 'b');
    check(edge[0] && fromValue(edge[1])[1][0] === 4, 'the workflow carries the sequence');
});

test('the library\'s sequences are Arrays for JS; JS Arrays feed the C helpers', () => {
    // a C helper makes a sequence: selector with the LIST output type
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('selector', Schedula.selector_new(['b', 'a'], OutputType.LIST, false), ['x'], ['ba']);
    dsp.add_function('js', fn('js', ba => Array.isArray(ba) ? ba.join('+') : 'not an Array'),
        ['ba'], ['text']);
    // C helpers reading JS Arrays: summation concatenates sequences
    dsp.add_function('summation', Schedula.summation_new(), ['l1', 'l2'], ['l']);
    const sol = dispatch(dsp, {inputs: {x: {a: 1, b: 2}, l1: [1, [2]], l2: ['z']}});
    equal(lookup(sol, 'text'), '2+1', 'a JS function gets selector\'s sequence as an Array');
    equal(lookup(sol, 'ba'), [2, 1], 'values of a C helper read as an Array');
    equal(lookup(sol, 'l'), [1, [2], 'z'], 'summation of two JS Arrays');

    // MapDispatch over an Array of plain objects
    const model = Schedula.Dispatcher.new('model');
    model.add_function('sum_diff', fn('sum_diff', (a, b) => [a + b, a - b]), ['a', 'b'], ['c', 'd']);
    const map = Schedula.MapDispatch.new(model, null, null, ['c', 'd'], OutputType.LIST);
    const outer = Schedula.Dispatcher.new(null);
    outer.add_function('map', map, ['sets'], ['results']);
    const sets = [{a: 1, b: 2}, {a: 2, b: 2}, {a: 3, b: 2}];
    equal(lookup(dispatch(outer, {inputs: {sets}}), 'results'), [[3, -1], [4, 0], [5, 1]],
        'MapDispatch over an Array of objects');
    equal(fromValue(map.call([toValue(sets)], 1)[0]), [[3, -1], [4, 0], [5, 1]],
        'called through Function.call');
});

// Plain objects ---------------------------------------------------------------

test('plain objects are mappings: SubDispatch', () => {
    const sd = Schedula.SubDispatch.new(splitModel(), ['a', 'b', 'c'], OutputType.DICT, null);
    const got = [];
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('Sub-dispatch', sd, ['d'], ['e']);
    dsp.add_function('read', fn('read', e => {
        got.push(e);
        return e.b * 10;
    }), ['e'], ['f']);
    const d = {a: 3};
    const sol = dispatch(dsp, {inputs: {d}});
    equal(solText(sol), 'd=[object Object], e={a: 3, b: 4, c: 2}, f=40', 'SubDispatch({a: 3})');
    check(sol.lookup('d') === d, 'the input is the same object');
    check(sol.lookup('e') instanceof Schedula.Dict, 'the output of SubDispatch is a Schedula.Dict');
    equal(got, [{a: 3, b: 4, c: 2}], 'a JS function gets the Dict as a plain object');
    equal(values(sol).e, {a: 3, b: 4, c: 2}, 'values() too');

    const asList = Schedula.SubDispatch.new(splitModel(), ['c', 'b'], OutputType.LIST, null);
    equal(fromValue(asList.call([{a: 3}], 1)[0]), [2, 4], 'Function.call with a plain object');
    equal(fromValue(asList.call([{a: 3}, {a: 10}], 1)[0]), [9, 11], 'later objects win');
    equal(fromValue(asList.call([{a: 3}, dict({a: 7})], 1)[0]), [6, 8], 'objects and Dicts mix');

    // nested: an object in an object is a mapping when it is read
    const inner = Schedula.SubDispatch.new(splitModel(), ['b'], OutputType.VALUES, null);
    const model = Schedula.Dispatcher.new('outer');
    model.add_function('inner', inner, ['x'], ['y']);
    const outerSd = Schedula.SubDispatch.new(model, ['y'], OutputType.VALUES, null);
    equal(outerSd.call([{x: {a: 1}}], 1)[0], 2, 'an object in an object');
});

test('plain objects are mappings: the dict helpers and dispatch_batch', () => {
    const combine = Schedula.combine_dicts_new();
    const merged = combine.call([{a: 1, b: [2]}, {b: 3, z: 'zz'}], 1)[0];
    check(merged instanceof Schedula.Dict, 'combine_dicts of two objects is a Dict');
    equal(fromValue(merged), {a: 1, b: 3, z: 'zz'}, 'later objects win');
    const select = Schedula.selector_new(['c', 'a'], OutputType.DICT, false);
    equal(fromValue(select.call([{a: [1, 2], b: 2, c: 'three'}], 1)[0]), {c: 'three', a: [1, 2]},
        'selector over an object');

    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('combine_dicts', combine, ['x', 'y'], ['xy']);
    dsp.add_function('keys', fn('keys', xy => Object.keys(xy).join(',')), ['xy'], ['k']);
    const sol = dispatch(dsp, {inputs: {x: {a: 1, b: 2}, y: {b: 30}}});
    equal(values(sol).xy, {a: 1, b: 30}, 'combine_dicts in a model, from object inputs');
    equal(lookup(sol, 'k'), 'a,b', 'a JS function reads the Dict as an object');

    const model = Schedula.Dispatcher.new(null);
    model.add_function('max', fn('max', Math.max), ['a', 'b'], ['c']);
    const solutions = model.dispatch_batch([{a: 2, b: 1}, {b: 5}, {a: 7, b: 9}], ['c'], null, null);
    equal([0, 1, 2].map(i => solText(solutions.get_item(i))), ['a=2, b=1, c=2', 'b=5', 'a=7, b=9, c=9'],
        'dispatch_batch over plain objects');
    equal(storedTypeName(model, 'a', inputs({a: 2})), 'gint64', 'an object\'s integers are int64');
});

test('plain objects are not sequences; undefined is not a mapping', () => {
    const map = Schedula.MapDispatch.new(splitModel(), null, null, ['b'], OutputType.LIST);
    throws(() => map.call([{a: 1}], 1),
        e => isDispatchError(e, DispatchError.INVALID_INPUT) && /JS object is not a sequence/.test(e.message),
        'an object where a sequence goes');
    const sd = Schedula.SubDispatch.new(splitModel(), ['b'], OutputType.VALUES, null);
    throws(() => sd.call([toValue(undefined)], 1),
        e => e instanceof GLib.Error && /undefined is not a mapping/.test(e.message),
        'undefined where a mapping goes');
    throws(() => sd.call([toValue([1])], 1),
        e => e instanceof GLib.Error && /GValueArray is not a mapping/.test(e.message),
        'an Array where a mapping goes');
});

test('the adapter of plain objects runs on the main thread', () => {
    const context = GLib.MainContext.default();
    check(context.acquire(), 'the test thread owns the default main context');
    const owned = [];
    const d = {
        get a() {
            owned.push(context.is_owner());
            return 3;
        },
    };
    try {
        const sd = Schedula.SubDispatch.new(splitModel(), ['b'], OutputType.VALUES, null);
        equal(sd.call([d], 1), [4], 'the adapter read the object (its getter)');
        const dsp = Schedula.Dispatcher.new(null);
        dsp.add_function('sd', sd, ['d'], ['e']);
        equal(lookup(dispatch(dsp, {inputs: {d}}), 'e'), 4, 'also inside a dispatch');
    } finally {
        context.release();
    }
    equal(owned, [true, true], 'called twice, each time on the thread that owns the main context');
});

// undefined and null ------------------------------------------------------------

test('undefined in the middle of the arguments keeps its place', () => {
    const got = [];
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', fn('f', (...args) => {
        got.push(args);
        return args.length;
    }), ['a', 'b', 'c'], ['n']);
    dsp.add_function('second', fn('second', (a, b) => b * 10), ['a', 'b'], ['s']);
    const sol = dispatch(dsp, {inputs: {a: 1, b: undefined, c: 3}});
    equal(got, [[1, undefined, 3]], 'f(1, undefined, 3)');
    check(got[0].length === 3 && 1 in got[0] && got[0][1] === undefined, '  undefined at position 1');
    equal(lookup(sol, 'n'), 3, 'three arguments');
    const sol2 = dispatch(dsp, {inputs: {a: undefined, b: 2}});
    equal(lookup(sol2, 's'), 20, 'an undefined first input does not shift the second');
    check('a' in values(sol2) && values(sol2).a === undefined, 'the solution has a = undefined');

    // with default parameters, as JS calls them
    const def = Schedula.Dispatcher.new(null);
    def.add_function('f', fn('f', (a, b = 5) => a + b), ['a', 'b'], ['c']);
    equal(lookup(dispatch(def, {inputs: {a: 1, b: undefined}}), 'c'), 6, 'a default parameter applies');

    // kwargs: undefined by id
    const kw = Schedula.Dispatcher.new(null);
    kw.add_function('f', fn('f', o => Object.keys(o).join(',') + `:${o.y}`, {kwargs: true}),
        ['x', 'y'], ['z']);
    equal(lookup(dispatch(kw, {inputs: {x: 1, y: undefined}}), 'z'), 'x,y:undefined', 'kwargs');

    // an undefined item of a sequence, an undefined value of an object
    equal(lookup(dispatch(echoModel([]), {inputs: {a: [1, undefined, 3]}}), 'b'), [1, undefined, 3],
        'an undefined item');
    const sd = Schedula.SubDispatch.new(echoModel([]), ['a'], OutputType.LIST, null);
    equal(fromValue(sd.call([{a: undefined}], 1)[0]), [undefined], 'an undefined value of an object');
});

test('null is kept; NONE is dropped, as schedula drops it', () => {
    const got = [];
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', fn('f', (...args) => {
        got.push(args);
        return args.length;
    }), ['a', 'b', 'c'], ['n']);
    dispatch(dsp, {inputs: {a: 1, b: null, c: 3}});
    equal(got, [[1, null, 3]], 'null at its place');
    got.length = 0;
    const sol = dispatch(dsp, {inputs: {a: 1, b: none(), c: 3}});
    equal(got, [[1, 3]], 'NONE (none()) is dropped from the arguments (SEMANTICS 2.32)');
    check(!sol.contains('b'), 'and not stored');
    const nothing = Schedula.Dispatcher.new(null);
    nothing.add_function('f', fn('f', () => undefined), ['a'], ['b']);
    check(!dispatch(nothing, {inputs: {a: 1}}).contains('b'), 'an undefined result is not produced');
    const two = Schedula.Dispatcher.new(null);
    two.add_function('f', fn('f', x => [undefined, x]), ['a'], ['b', 'c']);
    equal(solText(dispatch(two, {inputs: {a: 1}})), 'a=1, c=1', 'nor an undefined item of several outputs');
    check(isNone(none()), 'isNone(none())');
});

// dispatch() and tryDispatch() ---------------------------------------------------

// c = a + b, d = c * 2, with b = 3 by default (README's model).
function readmeModel(counter = {n: 0}) {
    const dsp = Schedula.Dispatcher.new('model');
    addData(dsp, 'b', 3);
    dsp.add_function('add', fn('add', (a, b) => a + b), ['a', 'b'], ['c']);
    dsp.add_function('twice', fn('twice', c => {
        counter.n++;
        return c * 2;
    }), ['c'], ['d']);
    return dsp;
}

test('dispatch(): only inputs, only outputs, nothing', () => {
    const dsp = readmeModel();
    equal(values(dispatch(dsp, {inputs: {a: 2}})), {a: 2, b: 3, c: 5, d: 10}, 'only inputs');
    equal(values(dispatch(dsp, {inputs: new Map([['a', 2]])})), {a: 2, b: 3, c: 5, d: 10},
        'inputs as a Map');
    equal(values(dispatch(dsp, {inputs: {a: 2}, outputs: ['c']})), {a: 2, b: 3, c: 5},
        'inputs and outputs');
    equal(values(dispatch(dsp, {inputs: {a: 2}, outputs: 'c'})), {a: 2, b: 3, c: 5},
        'a string is one output');
    const fromDefault = readmeModel();
    fromDefault.add_function('from_b', fn('from_b', b => b + 100), ['b'], ['e']);
    equal(values(dispatch(fromDefault, {outputs: ['e']})), {b: 3, e: 103},
        'only outputs: computed from the defaults');
    equal(values(dispatch(fromDefault)), {b: 3, e: 103}, 'no keywords at all');
    equal(values(dispatch(fromDefault, {})), {b: 3, e: 103}, 'an empty object');
    equal(storedTypeName(dsp, 'a', inputs({a: 2})), 'gint64', 'the inputs are converted by toValue()');

    // the raw GI method still takes its four arguments
    equal(dsp.dispatch(inputs({a: 2}), ['d'], null, null).lookup('d'), 10, 'the raw dispatch');
});

test('dispatch(): schedula\'s keywords', () => {
    const counter = {n: 0};
    const dsp = readmeModel(counter);
    const noCall = dispatch(dsp, {inputs: {a: 2}, no_call: true});
    equal(solText(noCall), 'a=NONE, b=NONE, c=NONE, d=NONE', 'no_call');
    equal(counter.n, 0, '  no function ran');

    const branchy = Schedula.Dispatcher.new(null);
    branchy.add_function('f1', fn('inc', x => x + 1), ['a'], ['b']);
    branchy.add_function('f2', fn('double', x => x * 2), ['a'], ['c']).set_weight(10);
    branchy.add_function('f3', fn('inc', x => x + 1), ['c'], ['b']);
    equal(wfNodesText(dispatch(branchy, {inputs: {a: 1}, outputs: ['b']})), '$START, a, f1, f2, b',
        'outputs: f2 reached');
    equal(wfNodesText(dispatch(branchy, {inputs: {a: 1}, outputs: ['b'], rm_unused_nds: true})),
        '$START, a, f1, b', 'rm_unused_nds');
    equal(wfNodesText(dispatch(branchy, {inputs: {a: 1}, outputs: ['b'], shrink: true})),
        '$START, a, f1, b', 'shrink');

    equal(distText(dispatch(branchy, {inputs: {a: 1}, inputs_dist: {a: 10}})),
        '$START=-1, a=10, f1=11, b=12, f2=21, c=22, f3=23', 'inputs_dist');
    equal(distText(dispatch(branchy, {inputs: {a: 1}, inputs_dist: new Map([['a', [0, 4]]])})),
        '$START=-1, a=4, f1=5, b=6, f2=15, c=16, f3=17', 'inputs_dist as a Map of [inf, num] pairs');

    // wildcard: the outputs a and b are computed again (SEMANTICS 2.08)
    const ring = Schedula.Dispatcher.new(null);
    ring.add_function('max', fn('max', Math.max), ['a', 'b'], ['c']);
    ring.add_function('x - 1', fn('dec', c => c - 1), ['c'], ['a']);
    equal(solText(dispatch(ring, {inputs: {a: 5, b: 6}, outputs: ['a'], wildcard: true})),
        'b=6, c=6, a=5', 'wildcard: true');
    equal(solText(dispatch(ring, {inputs: {a: 5, b: 6}, outputs: ['a'],
        wildcard: Schedula.Wildcard.ON})), 'b=6, c=6, a=5', 'wildcard: Schedula.Wildcard.ON');

    const options = new Schedula.DispatchOptions({no_call: true});
    equal(solText(dispatch(dsp, {inputs: {a: 2}, options})), 'a=NONE, b=NONE, c=NONE, d=NONE',
        'a ready Schedula.DispatchOptions');
    throws(() => dispatch(dsp, {inputs: {a: 2}, options, shrink: true}),
        e => e instanceof TypeError && /shrink or options/.test(e.message), 'not both');
    throws(() => dispatch(dsp, {a: 2}),
        e => e instanceof TypeError && /unknown keyword a/.test(e.message),
        'inputs given without {inputs: ...} are an unknown keyword');
    throws(() => dispatch(dsp, {inputs: [1]}), e => e instanceof TypeError, 'inputs must be an object');
    throws(() => dispatch(dsp, {inputs: {a: 2}, executor: 'no-such-executor'}),
        e => isDispatchError(e, DispatchError.INVALID_INPUT), 'executor');
    equal(solText(dispatch(dsp, {inputs: {a: 2}, executor: 'sync', verbose: false})),
        'a=2, b=3, c=5, d=10', 'executor: sync');
});

test('dispatch(): cancellation and errors; tryDispatch()', () => {
    const dsp = Schedula.Dispatcher.new(null);
    dsp.add_function('f', fn('inc', x => x + 1), ['a'], ['b']);
    dsp.add_function('g', fn('fail', () => {
        throw new Error('bang');
    }), ['b'], ['c']);
    const cancelled = new Gio.Cancellable();
    cancelled.cancel();
    throws(() => dispatch(dsp, {inputs: {a: 1}, cancellable: cancelled}),
        e => e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), 'cancellable');
    throws(() => dispatch(dsp, {inputs: {a: 1}, stopper: cancelled}),
        e => e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), 'stopper, schedula\'s name');

    dsp.set_raises(Schedula.Raises.RAISE);
    const error = throws(() => dispatch(dsp, {inputs: {a: 1}}),
        e => isDispatchError(e, DispatchError.NODE_FAILED) && e.message.includes('bang'),
        'a failing node with raises = RAISE');
    check(error.solution instanceof Schedula.Solution, 'the error carries the solution');
    equal(solText(error.solution), 'a=1, b=2', '  of the failed dispatch');

    const partial = tryDispatch(dsp, {inputs: {a: 1}, outputs: ['c']});
    equal(solText(partial), 'a=1, b=2', 'tryDispatch() gives the partial solution');
    check(isDispatchError(partial.get_dispatch_error(), DispatchError.NODE_FAILED),
        '  with its error');
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    const sol = tryDispatch(dsp, {inputs: {a: 1}});
    check(sol.get_dispatch_error() === null && sol.get_error('g') !== null,
        'a completed dispatch has no dispatch error (the node error is recorded)');
});

test('sequence() and dict()', () => {
    const s = sequence(new Set([1, 'a']));
    check(s instanceof GObject.ValueArray && s.n_values === 2, 'sequence() of an iterable');
    const d = dict(new Map([['k', [1]]]));
    check(d instanceof Schedula.Dict, 'dict() of a Map');
    equal(fromValue(d), {k: [1]}, 'fromValue() of the Dict');
});

done();
