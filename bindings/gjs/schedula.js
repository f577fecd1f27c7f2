// schedula.js: libschedula-glib for GJS, the JavaScript way
//
// The `Schedula-1.0` typelib already works from GJS as it is. This module
// only adapts what JavaScript cannot say directly:
//
//  - node functions: fn() turns a plain JS function into a Schedula.Function.
//    The input values arrive as plain arguments, the return value becomes the
//    output (an Array for several outputs) and a thrown error is recorded in
//    the solution. The function is marked MAIN_CONTEXT, because GJS blocks JS
//    callbacks on any other thread: the library then runs every call on the
//    main context that was current when fn() was called.
//  - values: a JS number is neither an integer nor a float, and GJS guesses
//    `gint` (32 bits) or `gdouble` for it. toValue() gives the library's types
//    instead: integers as G_TYPE_INT64, other numbers as G_TYPE_DOUBLE, so C
//    code and other languages see the same values as from C.
//  - inputs: inputs() builds the table that Dispatcher.dispatch() takes.
//  - data nodes without a default: in GJS 1.74 a `null` GValue argument
//    arrives in C as a NULL G_TYPE_POINTER value, not as NULL; the library
//    takes that value for "no default" in add_data(), set_default_value()
//    and the `default-value` property, so `dsp.add_data(id, null)` adds a
//    node without a default. addData() does the same with a default of
//    undefined.
//
// What GJS gives JS for the values of the library (checked in
// tests/gjs/test-module.js): G_TYPE_INT64 and G_TYPE_DOUBLE values are both
// plain Numbers (an int64 beyond 2**53 is rounded), strings and booleans are
// strings and booleans, a plain object stored from JS is that same object,
// schedula's NONE is a Schedula.Token (see isNone()) and a NULL
// G_TYPE_POINTER value is null.
//
// Everything else is the plain GI API: properties and methods of
// Schedula.Dispatcher, Schedula.DataNode, Schedula.Solution, ...
//
// Usage (uninstalled: a relative path; installed: the file under
// $datadir/gjs-1.0):
//
//   import {Schedula, fn, inputs} from 'file:///usr/share/gjs-1.0/schedula.js';
//
//   const dsp = Schedula.Dispatcher.new('adder');
//   dsp.add_function('add', fn('add', (a, b) => a + b), ['a', 'b'], ['c']);
//   const sol = dsp.dispatch(inputs({a: 2, b: 3}), null, null, null);
//   sol.lookup('c');  // 5, a G_TYPE_INT64 value in C
//
// SPDX-License-Identifier: EUPL-1.2

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Schedula from 'gi://Schedula?version=1.0';

export {Schedula};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function newValue(gtype, setter, x) {
    const value = new GObject.Value();
    value.init(gtype);
    value[setter](x);
    return value;
}

// A G_TYPE_POINTER value holding NULL.
function nullPointer() {
    const value = new GObject.Value();
    value.init(GObject.TYPE_POINTER);
    return value;
}

/**
 * A G_TYPE_INT64 value.
 *
 * @param {number|bigint} n - an integer; a BigInt keeps all 64 bits
 * @returns {GObject.Value}
 */
export function int64(n) {
    if (typeof n === 'bigint') {
        if (n < INT64_MIN || n > INT64_MAX)
            throw new RangeError(`${n} does not fit in an int64`);
    } else if (!Number.isInteger(n)) {
        throw new TypeError(`int64() needs an integer, not ${n}`);
    }
    return newValue(GObject.TYPE_INT64, 'set_int64', n);
}

/**
 * A G_TYPE_DOUBLE value, also for a number that happens to be whole
 * (toValue(2.0) is the int64 2; double(2.0) stays a float).
 *
 * @param {number} x - a number
 * @returns {GObject.Value}
 */
export function double(x) {
    return newValue(GObject.TYPE_DOUBLE, 'set_double', Number(x));
}

/**
 * schedula's NONE, "no value": a NONE input or argument is dropped from
 * function calls, and a NONE result is not an output.
 *
 * @returns {Schedula.Token}
 */
export function none() {
    return Schedula.value_init_none();
}

/**
 * Whether a value that the library gave JS is schedula's NONE.
 *
 * @param {*} value - a value from a solution or a workflow
 * @returns {boolean}
 */
export function isNone(value) {
    return value instanceof Schedula.Token;
}

/**
 * Converts a JS value to what the library should store:
 *
 * - a GObject.Value: itself (to choose the type yourself);
 * - a Number that is a safe integer: G_TYPE_INT64; any other Number
 *   (fractions, NaN, infinities, integers beyond 2**53): G_TYPE_DOUBLE;
 * - a BigInt: G_TYPE_INT64 (a RangeError outside the int64 range);
 * - a boolean or a string: G_TYPE_BOOLEAN or G_TYPE_STRING;
 * - undefined: NONE; null: a NULL G_TYPE_POINTER value (as C stores
 *   Python's None);
 * - an Array: a TypeError. GJS 1.74 can neither guess a GValue for an
 *   Array nor put one in a G_TYPE_STRV value (GObject.Value.set_boxed()
 *   stores NULL); wrap it in a plain object, or give a GLib.Variant;
 * - anything else (a GObject, a boxed value such as a GLib.Variant, a plain
 *   object): unchanged, for GJS to store it (a plain object becomes a
 *   JSObject value, and comes back to JS as the same object). Maps and class
 *   instances cannot be stored by GJS either: wrap them in a plain object.
 *
 * @param {*} x - a JS value
 * @returns {*} a value for any GValue argument of the library
 */
export function toValue(x) {
    switch (typeof x) {
    case 'number':
        return Number.isSafeInteger(x) ? int64(x) : double(x);
    case 'bigint':
        return int64(x);
    case 'boolean':
        return newValue(GObject.TYPE_BOOLEAN, 'set_boolean', x);
    case 'string':
        return newValue(GObject.TYPE_STRING, 'set_string', x);
    case 'undefined':
        return none();
    }
    if (x === null)
        return nullPointer();
    if (x instanceof GObject.Value)
        return x;
    if (Array.isArray(x)) {
        throw new TypeError('GJS cannot store an Array in a GValue: wrap it in ' +
            'a plain object ({items: [...]}) or give a GLib.Variant');
    }
    return x;
}

/**
 * The inputs of Dispatcher.dispatch() (a GHashTable of ids to GValues) from
 * a plain object or a Map of ids to JS values, converted by toValue().
 *
 * @param {Object|Map|null} [values] - input values by data node id
 * @returns {Object} the table, for dispatch()
 */
export function inputs(values) {
    const table = {};
    if (values === null || values === undefined)
        return table;
    const entries = values instanceof Map ? values.entries() : Object.entries(values);
    for (const [id, x] of entries)
        table[id] = toValue(x);
    return table;
}

/**
 * The values of a solution as an object, in schedula's order (the order of
 * Solution.get_ids()).
 *
 * @param {Schedula.Solution} sol - a solution
 * @returns {Object} values by data node id
 */
export function values(sol) {
    const out = {};
    for (const id of sol.get_ids())
        out[id] = sol.lookup(id);
    return out;
}

/**
 * Adds a data node as Dispatcher.add_data() does, converting the default
 * with toValue(); no default when `defaultValue` is undefined or null.
 *
 * @param {Schedula.Dispatcher} dsp - the dispatcher
 * @param {string|null} id - the id, or null for an automatic one
 * @param {*} [defaultValue] - the default value (toValue() converts it)
 * @returns {Schedula.DataNode} the node
 */
export function addData(dsp, id, defaultValue) {
    return dsp.add_data(id, defaultValue === undefined ? null : toValue(defaultValue));
}

function outputMismatch(name, message) {
    return new GLib.Error(Schedula.dispatch_error_quark(),
        Schedula.DispatchError.OUTPUT_MISMATCH, `function ${name}: ${message}`);
}

// Stores the return value of a JS function as the outputs of the call.
function setOutputs(call, name, result) {
    const n = call.get_n_outputs();
    if (n === 0 || result === undefined)
        return;  // a callback, or nothing produced (NONE)
    if (n === 1) {
        call.set_output(0, toValue(result));
        return;
    }
    if (!Array.isArray(result))
        throw outputMismatch(name, `returned one value for ${n} outputs; return an Array`);
    if (result.length !== n)
        throw outputMismatch(name, `returned ${result.length} values for ${n} outputs`);
    result.forEach((x, i) => {
        if (x !== undefined)
            call.set_output(i, toValue(x));
    });
}

/**
 * Wraps a JS function as a Schedula.Function, for any use: the function of
 * a function node, an input domain (return a boolean), a combiner, a
 * callback (the return value is ignored) or a filter.
 *
 * The function gets the input values as plain arguments, or, with
 * `{kwargs: true}`, one object of the values by input id (how schedula calls
 * combiners of waiting data nodes and domains of sub-dispatchers, whose
 * inputs are keyed by node id). `this` is the Schedula.Call (for
 * get_node_id(), get_input_id(), get_cancellable()), unless `func` is an arrow
 * function.
 *
 * Its return value is the output: for a node with several outputs, an Array
 * with one value per output. Values go through toValue(); an undefined value
 * is not produced (schedula's NONE). A thrown error fails the node: it is
 * recorded in the solution (Solution.get_error() gives JS the thrown object
 * back; C and other languages get a GError with its message). A result that
 * does not match the outputs fails the dispatch with
 * Schedula.DispatchError.OUTPUT_MISMATCH, as in schedula.
 *
 * @param {string|null} name - the function's name: the automatic id of the
 *   nodes that use it (default: `func.name`)
 * @param {Function} func - the JS function
 * @param {Object} [options]
 * @param {boolean} [options.kwargs=false] - pass one object of the inputs
 *   by id instead of positional arguments
 * @param {string} [options.ref] - the Function's `ref` property
 * @returns {Schedula.Function}
 */
export function fn(name, func, options = {}) {
    if (typeof name === 'function') {
        options = func ?? {};
        func = name;
        name = null;
    }
    name = name || func.name || null;
    const kwargs = Boolean(options.kwargs);
    const label = name ?? '(unnamed)';

    const f = Schedula.Function.new(name, call => {
        const n = call.get_n_inputs();
        let result;
        if (kwargs) {
            const byId = {};
            for (let i = 0; i < n; i++)
                byId[call.get_input_id(i)] = call.get_input(i);
            result = func.call(call, byId);
        } else {
            const args = new Array(n);
            for (let i = 0; i < n; i++)
                args[i] = call.get_input(i);
            result = func.apply(call, args);
        }
        setOutputs(call, label, result);
        return true;
    });
    // GJS refuses to run JS on other threads: let the library post the calls
    // to this main context.
    f.set_flags(f.get_flags() | Schedula.FunctionFlags.MAIN_CONTEXT);
    if (options.ref)
        f.set_ref(options.ref);
    return f;
}
