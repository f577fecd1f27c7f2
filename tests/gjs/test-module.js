// test-module.js: bindings/gjs/schedula.js itself, and what GJS does with
// the values of the library
//
// SPDX-License-Identifier: EUPL-1.2

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';

import {
    Schedula, addData, double, fn, fromValue, inputs, int64, isNone, none, toValue, values,
} from '../../bindings/gjs/schedula.js';
import {
    check, done, equal, inputTypeName, isDispatchError, note, resultTypeName,
    test, throws,
} from './harness.js';

test('GJS alone guesses gint for a JS integer (why toValue exists)', () => {
    // GJS makes a gint of 2; the library widens the integers it is given
    // to gint64 when it stores them, so the dispatch stores a gint64.
    equal(inputTypeName(2), 'gint64', 'the input 2 given as it is, widened by the library');
    equal(inputTypeName(2.5), 'gdouble', 'the input 2.5 given as it is');
    equal(inputTypeName(5n), 'gint64', 'a BigInt given as it is');
});

test('toValue: the library\'s types for JS values', () => {
    equal(inputTypeName(toValue(2)), 'gint64', 'an integer Number');
    equal(inputTypeName(toValue(-7)), 'gint64', 'a negative integer');
    equal(inputTypeName(toValue(0)), 'gint64', 'zero');
    equal(inputTypeName(toValue(2.5)), 'gdouble', 'a fraction');
    equal(inputTypeName(toValue(2 ** 60)), 'gdouble', 'an integer beyond 2**53 (not exact in JS)');
    equal(inputTypeName(toValue(NaN)), 'gdouble', 'NaN');
    equal(inputTypeName(toValue(2n ** 60n)), 'gint64', 'a BigInt');
    equal(inputTypeName(toValue(true)), 'gboolean', 'a boolean');
    equal(inputTypeName(toValue('text')), 'gchararray', 'a string');
    equal(inputTypeName(toValue(null)), 'gpointer', 'null');
    equal(inputTypeName(toValue({k: 1})), 'JSObject', 'a plain object');
    equal(inputTypeName(double(2)), 'gdouble', 'double(2)');
    equal(inputTypeName(int64(3)), 'gint64', 'int64(3)');
    const v = int64(4);
    check(toValue(v) === v, 'a GObject.Value is passed through');
    check(!isNone(toValue(undefined)) && fromValue(toValue(undefined)) === undefined,
        'undefined is not NONE: a marker that fromValue() turns back into undefined');
    equal(inputTypeName(toValue(undefined)), 'JSObject', 'undefined is stored as a JSObject value');
    check(Schedula.value_holds_none(none()), 'none() holds NONE for the library');
    check(toValue(['a', 'b']) instanceof GObject.ValueArray, 'an Array is a GObject.ValueArray');
    equal(inputTypeName(toValue(['a', 'b'])), 'GValueArray', 'stored as a GValueArray');
    const strv = new GObject.Value();
    strv.init(GObject.type_from_name('GStrv'));
    strv.set_boxed(['a', 'b']);
    note(`GObject.Value GStrv set_boxed(['a', 'b']) from GJS 1.74 holds ${
        JSON.stringify(strv.get_boxed())}`);
    throws(() => int64(2n ** 63n), e => e instanceof RangeError, 'int64(2n**63n) is out of range');
    throws(() => int64(2.5), e => e instanceof TypeError, 'int64(2.5) is not an integer');
});

test('what schedula_call_get_input gives JS', () => {
    const seen = [];
    const record = fn('record', x => {
        seen.push(x);
        return x;
    });
    const cases = [
        [int64(2), 2],
        [double(2), 2],
        [double(2.5), 2.5],
        [int64(2n ** 60n + 1n), 2 ** 60],  // rounded to a Number
        [toValue(true), true],
        [toValue('s'), 's'],
    ];
    for (const [input, expected] of cases) {
        seen.length = 0;
        const dsp = Schedula.Dispatcher.new('get_input');
        dsp.add_function('record', record, ['a'], ['b']);
        const sol = dsp.dispatch({a: input}, null, null, null);
        equal(seen, [expected], `the function got ${inputTypeName(input)} as`);
        equal(typeof seen[0], typeof expected, '  of the JS type');
        equal(sol.lookup('b'), expected, '  and its result is stored unchanged');
    }
    const object = {k: [1, 2]};
    const dsp = Schedula.Dispatcher.new('identity');
    dsp.add_function('record', record, ['a'], ['b']);
    const sol = dsp.dispatch(inputs({a: object}), null, null, null);
    check(sol.lookup('b') === object, 'a plain object comes back as the same object');
});

test('fn: results become int64 or double values', () => {
    equal(resultTypeName(() => 3), 'gint64', 'an integer result');
    equal(resultTypeName(() => 3.25), 'gdouble', 'a fractional result');
    equal(resultTypeName(() => double(3)), 'gdouble', 'a double() result');
    equal(resultTypeName(() => 'x'), 'gchararray', 'a string result');
    equal(resultTypeName(() => false), 'gboolean', 'a boolean result');
    equal(resultTypeName(() => 7n), 'gint64', 'a BigInt result');
});

test('fn: the Function', () => {
    const add = fn('add', (a, b) => a + b);
    check(add instanceof Schedula.Function, 'fn returns a Schedula.Function');
    equal(add.get_name(), 'add', 'its name');
    check(add.get_flags() & Schedula.FunctionFlags.MAIN_CONTEXT, 'it is marked MAIN_CONTEXT');
    function mul(a, b) {
        return a * b;
    }
    equal(fn(null, mul).get_name(), 'mul', 'the name defaults to the JS function\'s');
    equal(fn(mul).get_name(), 'mul', 'fn(func) without a name');
    equal(fn('r', mul, {ref: 'js:mul'}).get_ref(), 'js:mul', 'the ref option');
    equal(fn(null, (() => () => 1)()).get_name(), null, 'an anonymous function has no name');

    const dsp = Schedula.Dispatcher.new('auto');
    equal(dsp.add_function(null, fn(mul), ['a', 'b'], ['c']).get_id(), 'mul',
        'the name is the automatic node id');
    equal(dsp.add_function(null, fn(mul), ['c', 'b'], ['d']).get_id(), 'mul<0>',
        'a second one gets a <n> suffix');
    equal(values(dsp.dispatch(inputs({a: 2, b: 3}), null, null, null)),
        {a: 2, b: 3, c: 6, d: 18}, 'both ran');

    // Called directly through the library.
});

test('fn: outputs', () => {
    const dsp = Schedula.Dispatcher.new('outputs');
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    dsp.add_function('split', fn('split', x => [x + 1, x - 1]), ['a'], ['b', 'c']);
    dsp.add_function('first_only', fn('first_only', x => [x * 10, undefined]), ['a'], ['d', 'e']);
    dsp.add_function('nothing', fn('nothing', () => undefined), ['a'], ['f']);
    const logged = [];
    const cb = fn('cb', function (x) {
        logged.push([this.get_node_id(), x]);
        return 'ignored';
    });
    addData(dsp, 'b').set_callback(cb);
    const sol = dsp.dispatch(inputs({a: 5}), null, null, null);
    equal(values(sol), {a: 5, b: 6, c: 4, d: 50}, 'values of the outputs');
    check(!sol.contains('e') && !sol.contains('f'), 'undefined results are not produced');
    equal(sol.get_n_errors(), 0, 'no errors');
    equal(logged, [['b', 6]], 'a callback gets its value; this is the Call');

    // schedula's zip: extra values are dropped, missing outputs not produced
    const zipped = Schedula.Dispatcher.new('zip');
    zipped.add_function('three', fn('three', x => [x, x + 1, x + 2]), ['a'], ['b', 'c']);
    zipped.add_function('one', fn('one', x => [x * 10]), ['a'], ['d', 'e']);
    equal(values(zipped.dispatch(inputs({a: 1}), null, null, null)), {a: 1, b: 1, c: 2, d: 10},
        'three values for two outputs: the third is dropped; one for two: the second is not produced');
    const bad2 = Schedula.Dispatcher.new('mismatch');
    bad2.add_function('one', fn('one', x => x), ['a'], ['b', 'c']);
    throws(() => bad2.dispatch(inputs({a: 1}), null, null, null),
        e => isDispatchError(e, Schedula.DispatchError.OUTPUT_MISMATCH) &&
            e.message.includes('return an Array') && e.message.includes('function node one'),
        'a single value for two outputs fails the dispatch, naming the node');
});

test('fn: kwargs and this', () => {
    const dsp = Schedula.Dispatcher.new('kwargs');
    const got = [];
    dsp.add_function('f', fn('f', function (kw) {
        got.push([this.get_node_id(), kw]);
        return kw.x - kw.y;
    }, {kwargs: true}), ['x', 'y'], ['z']);
    const sol = dsp.dispatch(inputs({x: 10, y: 4}), null, null, null);
    equal(sol.lookup('z'), 6, 'the result');
    equal(got, [['f', {x: 10, y: 4}]], 'one object of the inputs by id; this is the Call');
});

test('fn: thrown errors reach the solution', () => {
    const thrown = new TypeError('js boom');
    const dsp = Schedula.Dispatcher.new('errors');
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    dsp.add_function('boom', fn('boom', () => {
        throw thrown;
    }), ['a'], ['b']);
    dsp.add_function('glib', fn('glib', () => {
        throw new GLib.Error(GLib.quark_from_string('my-test-error'), 3, 'glib boom');
    }), ['a'], ['c']);
    dsp.add_function('text', fn('text', () => {
        throw 'a string';  // eslint-disable-line no-throw-literal
    }), ['a'], ['d']);
    dsp.add_function('ok', fn('ok', a => a + 1), ['a'], ['e']);
    const sol = dsp.dispatch(inputs({a: 1}), null, null, null);
    equal(values(sol), {a: 1, e: 2}, 'the other nodes ran');
    equal(sol.get_error_ids(), ['boom', 'glib', 'text'], 'the failed nodes');
    const e = sol.get_error('boom');
    check(e instanceof TypeError && e.message === 'js boom',
        `JS gets the thrown TypeError back (${e})`);
    equal(sol.dup_error_message('boom'), "Failed DISPATCHING 'boom' due to:\n  js boom",
        'the message as schedula formats it');
    const g = sol.get_error('glib');
    check(g instanceof GLib.Error && g.domain === GLib.quark_from_string('my-test-error') &&
        g.code === 3 && g.message === 'glib boom', 'a thrown GLib.Error keeps domain and code');
    check(sol.dup_error_message('text').includes('a string'), 'a thrown string keeps its text');
    equal(sol.get_error_failure('boom'), Schedula.Failure.DISPATCHING, 'where it failed');
});

test('inputs() and values()', () => {
    equal(Object.keys(inputs(null)), [], 'null: no inputs');
    const table = inputs(new Map([['a', 1], ['b', 'two']]));
    equal(Object.keys(table), ['a', 'b'], 'from a Map');
    check(table.a instanceof GObject.Value && table.a.get_int64() === 1, 'a is an int64 value');
    const dsp = Schedula.Dispatcher.new('values');
    dsp.add_function('f', fn('f', (x, y) => x * y), ['x', 'y'], ['z']);
    const sol = dsp.dispatch(inputs({x: 2.5, y: 3, w: 'outside'}), null, null, null);
    equal(values(sol), {w: 'outside', x: 2.5, y: 3, z: 7.5},
        'values() in schedula\'s order (inputs outside the model first)');
    const count = Schedula.Dispatcher.new('none');
    count.add_function('count', fn('count', (...args) => args.length), ['x', 'y'], ['n']);
    const sol2 = count.dispatch(inputs({x: 2, y: undefined}), null, null, null);
    equal(sol2.lookup('n'), 2, 'an undefined input is an argument (tests/gjs/test-values.js)');
    const sol3 = count.dispatch(inputs({x: 2, y: none()}), null, null, null);
    equal(sol3.lookup('n'), 1, 'a NONE input is dropped from the arguments');
});

test('addData(): a data node without a default', () => {
    const dsp = Schedula.Dispatcher.new('defaults');
    const a = addData(dsp, 'a');
    const b = addData(dsp, 'b', 7);
    const c = addData(dsp, 'c', double(1));
    const n = addData(dsp, 'n', null);
    check(a instanceof Schedula.DataNode, 'addData returns the DataNode');
    equal(a.get_default_value(), null, 'a has no default');
    equal(b.get_default_value(), 7, 'b has the default 7');
    const sol = dsp.dispatch(null, null, null, null);
    equal(sol.get_ids(), ['b', 'c'], 'only nodes with a default are in the solution');
    equal(inputTypeName(toValue(7)), 'gint64', 'the default 7 is an int64');
    equal(n.get_default_value(), null, 'a null default is no default');

    // GJS 1.74 passes null as a NULL gpointer value: the library takes it
    // for "no default" everywhere.
    const raw = Schedula.Dispatcher.new('raw');
    const x = raw.add_data('x', null);
    raw.add_data('y', toValue(1));
    check(!raw.dispatch(null, null, null, null).contains('x'), 'add_data(id, null): no default');
    raw.set_default_value('y', null, null);
    check(!raw.dispatch(null, null, null, null).contains('y'),
        'set_default_value(id, null, null) removes the default');
    x.set_default_value(toValue(2));
    x.set_default_value(null);
    equal(x.get_default_value(), null, 'node.set_default_value(null) removes the default');
});

done();
