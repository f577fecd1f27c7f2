// schedula.js: libschedula-glib for GJS, the JavaScript way
//
// The `Schedula-1.0` typelib already works from GJS as it is. This module
// only adapts what JavaScript cannot say directly:
//
//  - node functions: fn() turns a plain JS function into a Schedula.Function.
//    The input values arrive as plain arguments (converted by fromValue()),
//    the return value becomes the output (an Array for several outputs) and
//    a thrown error is recorded in the solution. The function is marked
//    MAIN_CONTEXT, because GJS blocks JS callbacks on any other thread: the
//    library then runs every call on the main context that was current when
//    fn() was called.
//  - values, JS to the library: toValue(). A JS number is neither an integer
//    nor a float, and GJS guesses `gint` (32 bits) or `gdouble` for it;
//    toValue() gives integers as G_TYPE_INT64, other numbers as
//    G_TYPE_DOUBLE, so C code and other languages see the same values as
//    from C. An Array becomes the library's sequence (a GObject.ValueArray of
//    its converted items, nested Arrays too), as schedula's lists and tuples
//    are. A plain object stays itself (GJS stores it as a `JSObject` value):
//    the module registers a value adapter for that type
//    (Schedula.value_register_adapter()), so the library reads a plain
//    object as a mapping wherever it takes one (SubDispatch inputs,
//    MapDispatch items, combine_dicts, selector, dispatch_batch input sets),
//    as it reads a Python dict.
//  - values, the library to JS: fromValue(). The library's sequences come
//    back as Arrays and its dicts (Schedula.Dict) as plain objects, item by
//    item; fn() arguments, values() and lookup() are converted so.
//  - undefined and null: an undefined value given to the library (an input,
//    an item, a default) is kept at its place: a JS function gets it back as
//    undefined at its position (the library holds it as a JSObject value,
//    the module's marker for undefined). null is a NULL G_TYPE_POINTER value,
//    as C stores Python's None. schedula's NONE, which the library drops from
//    the arguments of a call, is none(). A JS function that returns
//    undefined (or an undefined item of its Array of outputs) produces no
//    value for that output, as a NONE result in schedula.
//  - dispatching: dispatch(dsp, {inputs, outputs, ...keywords}) and
//    tryDispatch() take a plain object of input values and schedula's
//    keywords (outputs, inputs_dist, wildcard, no_call, shrink,
//    rm_unused_nds, verbose, executor, cancellable), all optional, and
//    return the Solution. The raw Dispatcher.dispatch() of the typelib still
//    takes its four arguments (a table from inputs(), the outputs, a
//    Schedula.DispatchOptions and a Gio.Cancellable, null for none).
//  - data nodes without a default: in GJS 1.74 a `null` GValue argument
//    arrives in C as a NULL G_TYPE_POINTER value, not as NULL; the library
//    takes that value for "no default" in add_data(), set_default_value()
//    and the `default-value` property, so `dsp.add_data(id, null)` adds a
//    node without a default. addData() does the same with a default of
//    undefined.
//
// What GJS gives JS for the values of the library without the module
// (checked in tests/gjs/test-module.js): G_TYPE_INT64 and G_TYPE_DOUBLE
// values are both plain Numbers (an int64 beyond 2**53 is rounded), strings
// and booleans are strings and booleans, a plain object stored from JS is
// that same object, schedula's NONE is a Schedula.Token (see isNone()), a
// NULL G_TYPE_POINTER value is null, a sequence is a GObject.ValueArray and a
// dict a Schedula.Dict (fromValue() converts both).
//
// The adapter of plain objects is a JS callback: GJS runs it only on the
// main thread, where the library calls it for dispatches started from JS
// (every dispatch runs in the thread that started it). C code that reads a
// JS object from another thread gets "a value of type JSObject is not a
// mapping".
//
// Everything else is the plain GI API: properties and methods of
// Schedula.Dispatcher, Schedula.DataNode, Schedula.Solution, ...
//
// Usage (uninstalled: a relative path; installed: the file under
// $datadir/gjs-1.0):
//
//   import {Schedula, dispatch, fn} from 'file:///usr/share/gjs-1.0/schedula.js';
//
//   const dsp = Schedula.Dispatcher.new('adder');
//   dsp.add_function('add', fn('add', (a, b) => a + b), ['a', 'b'], ['c']);
//   const sol = dispatch(dsp, {inputs: {a: 2, b: 3}, outputs: ['c']});
//   sol.lookup('c');  // 5, a G_TYPE_INT64 value in C
//
//   dsp.add_function('pair', fn('pair', c => [c, c * 2]), ['c'], ['p']);
//   values(dispatch(dsp, {inputs: {a: 2, b: 3}}));  // {a: 2, b: 3, c: 5, p: [5, 10]}
//
// SPDX-License-Identifier: EUPL-1.2

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Schedula from 'gi://Schedula?version=1.0';

export {Schedula};

// A progress object is a GListModel of node states: iterable here, since
// GJS 1.74 does not make list models iterable.
if (!(Symbol.iterator in Schedula.Progress.prototype)) {
    Schedula.Progress.prototype[Symbol.iterator] = function* () {
        for (let i = 0; i < this.get_n_items(); i++)
            yield this.get_item(i);
    };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// The marker of undefined in the library: a plain object, which GJS stores
// as a JSObject value and gives back as the same object. It is shared
// through the global symbol registry, so that two copies of this module (the
// installed one and one from a source tree) read each other's values.
const UNDEFINED_KEY = Symbol.for('schedula-glib.undefined');
globalThis[UNDEFINED_KEY] ??= Object.freeze(
    Object.defineProperty({}, Symbol.toStringTag, {value: 'undefined'}));
const UNDEFINED = globalThis[UNDEFINED_KEY];

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

function invalidInput(message) {
    return new GLib.Error(Schedula.dispatch_error_quark(),
        Schedula.DispatchError.INVALID_INPUT, message);
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
 * function calls (the arguments after it move up), and a NONE result is not
 * an output.
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
 * A GObject.ValueArray (the library's sequence) of the items, each
 * converted by toValue().
 *
 * @param {Iterable} items - the items
 * @returns {GObject.ValueArray}
 */
export function sequence(items) {
    const list = Array.isArray(items) ? items : Array.from(items);
    const array = GObject.ValueArray.new(list.length);
    for (let i = 0; i < list.length; i++)  // holes are undefined
        array.append(toValue(list[i]));
    return array;
}

/**
 * A Schedula.Dict (the library's mapping) of the entries of a plain object
 * or a Map (keys are strings), the values converted by toValue(). The
 * library reads plain objects as mappings by itself; a Dict is for the
 * GI methods that take a Schedula.Dict argument.
 *
 * @param {Object|Map} entries - the entries
 * @returns {Schedula.Dict}
 */
export function dict(entries) {
    const d = Schedula.Dict.new();
    const pairs = entries instanceof Map ? entries.entries() : Object.entries(entries);
    for (const [k, v] of pairs)
        d.insert(String(k), toValue(v));
    return d;
}

/**
 * Converts a JS value to what the library should store:
 *
 * - a GObject.Value: itself (to choose the type yourself);
 * - a Number that is a safe integer: G_TYPE_INT64; any other Number
 *   (fractions, NaN, infinities, integers beyond 2**53): G_TYPE_DOUBLE;
 * - a BigInt: G_TYPE_INT64 (a RangeError outside the int64 range);
 * - a boolean or a string: G_TYPE_BOOLEAN or G_TYPE_STRING;
 * - an Array: the library's sequence, a GObject.ValueArray of the items
 *   converted by toValue() (nested Arrays are nested sequences);
 * - undefined: the module's marker of undefined (a JSObject value), which
 *   the library keeps like any value and fromValue() turns back into
 *   undefined; null: a NULL G_TYPE_POINTER value (as C stores Python's
 *   None). schedula's NONE is none();
 * - anything else (a GObject, a boxed value such as a Schedula.Dict, a
 *   GObject.ValueArray or a GLib.Variant, a plain object): unchanged, for
 *   GJS to store it (a plain object becomes a JSObject value, comes back to
 *   JS as the same object and is read as a mapping by the library). Maps,
 *   typed arrays and class instances cannot be stored by GJS: give dict(),
 *   an Array, or wrap them in a plain object.
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
        return UNDEFINED;
    }
    if (x === null)
        return nullPointer();
    if (Array.isArray(x))
        return sequence(x);
    return x;
}

function arrayOf(array) {
    const n = array.n_values;
    const out = new Array(n);
    for (let i = 0; i < n; i++)
        out[i] = fromValue(array.get_nth(i));
    return out;
}

function objectOf(d) {
    const out = {};
    const n = d.get_size();
    for (let i = 0; i < n; i++)
        out[d.get_key(i)] = fromValue(d.get_value(i));
    return out;
}

/**
 * Converts a value that the library gave JS (already unboxed by GJS) to
 * the JS value: a sequence (GObject.ValueArray) is an Array and a
 * Schedula.Dict a plain object, with their items converted; the marker of
 * undefined is undefined. Anything else is itself: numbers, strings,
 * booleans, null, plain objects stored from JS (the same objects),
 * Schedula.Token (NONE, see isNone()), Solutions, GObjects.
 *
 * @param {*} v - a value from the library
 * @returns {*} the JS value
 */
export function fromValue(v) {
    if (typeof v !== 'object' || v === null)
        return v;
    if (v === UNDEFINED)
        return undefined;
    if (v instanceof GObject.ValueArray)
        return arrayOf(v);
    if (v instanceof Schedula.Dict)
        return objectOf(v);
    return v;
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
 * Solution.get_ids()), converted by fromValue().
 *
 * @param {Schedula.Solution} sol - a solution
 * @returns {Object} values by data node id
 */
export function values(sol) {
    const out = {};
    for (const id of sol.get_ids())
        out[id] = fromValue(sol.lookup(id));
    return out;
}

/**
 * The value of a data node in a solution, converted by fromValue();
 * undefined when the solution has no value for `id`.
 *
 * @param {Schedula.Solution} sol - a solution
 * @param {string} id - a data node id
 * @returns {*} the value
 */
export function lookup(sol, id) {
    const [found, value] = sol.lookup_extended(id);
    return found ? fromValue(value) : undefined;
}

// Dispatching ----------------------------------------------------------------

const KEYWORDS = new Set(['inputs', 'outputs', 'inputs_dist', 'wildcard', 'no_call',
    'shrink', 'rm_unused_nds', 'verbose', 'executor', 'cancellable', 'stopper', 'options']);

function toDistance(d, id) {
    if (d instanceof Schedula.Distance)
        return d;
    if (typeof d === 'number')
        return Schedula.Distance.new(0, d);
    if (Array.isArray(d) && d.length === 2)  // schedula's (inf, num)
        return Schedula.Distance.new(d[0], d[1]);
    throw new TypeError(`inputs_dist: the distance of ${id} is a number, an ` +
        `[inf, num] pair or a Schedula.Distance, not ${d}`);
}

// schedula's keywords as a Schedula.DispatchOptions: null when they are all
// the defaults.
function dispatchOptions(name, kw) {
    if (kw.options !== undefined && kw.options !== null) {
        for (const k of ['inputs_dist', 'wildcard', 'no_call', 'shrink', 'rm_unused_nds',
            'verbose', 'executor']) {
            if (kw[k] !== undefined)
                throw new TypeError(`${name}: give ${k} or options, not both`);
        }
        return kw.options;
    }
    const {inputs_dist: dist, wildcard, no_call: noCall, shrink, rm_unused_nds: rmUnused,
        verbose, executor} = kw;
    const distIds = dist ? dist instanceof Map ? [...dist.keys()] : Object.keys(dist) : [];
    if (!wildcard && !noCall && !shrink && !rmUnused && !verbose && !executor &&
        distIds.length === 0)
        return null;
    const options = Schedula.DispatchOptions.new();
    if (wildcard) {
        // true is ON; schedula's 2, or a Schedula.Wildcard value, as it is
        options.set_wildcard(wildcard === true ? Schedula.Wildcard.ON : wildcard);
    }
    if (noCall)
        options.set_no_call(true);
    if (shrink)
        options.set_shrink(true);
    if (rmUnused)
        options.set_rm_unused_nodes(true);
    if (verbose)
        options.set_verbose(true);
    if (executor)
        options.set_executor(typeof executor === 'string' ? executor : 'async');
    for (const id of distIds)
        options.set_input_dist(id, toDistance(dist instanceof Map ? dist.get(id) : dist[id], id));
    return options;
}

// The arguments of the raw (try_)dispatch for the keywords.
function dispatchArgs(name, kw) {
    if (kw === null || typeof kw !== 'object' || Array.isArray(kw))
        throw new TypeError(`${name}(dsp, {inputs, outputs, ...}): the second argument is an object of keywords`);
    for (const k of Object.keys(kw)) {
        if (!KEYWORDS.has(k)) {
            throw new TypeError(`${name}: unknown keyword ${k} (give the input values as ` +
                `{inputs: {...}}; keywords: ${[...KEYWORDS].join(', ')})`);
        }
    }
    let outputs = kw.outputs ?? null;
    if (typeof outputs === 'string')
        outputs = [outputs];
    const given = kw.inputs;
    if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given)))
        throw new TypeError(`${name}: inputs is an object or a Map of input values, not ${given}`);
    return [inputs(given), outputs, dispatchOptions(name, kw), kw.cancellable ?? kw.stopper ?? null];
}

/**
 * Dispatches a model as schedula's `dispatch()` does, with keywords that
 * are all optional, and returns the Solution:
 *
 *   dispatch(dsp, {inputs: {a: 1}, outputs: ['d'], shrink: true})
 *
 * The input values are a plain object (or a Map) of JS values, converted by
 * toValue(). The keywords are schedula's:
 *
 * - outputs: the ids to compute (a string is one id); none computes
 *   everything that can be computed;
 * - inputs_dist: initial distances of inputs by id (a number, an
 *   [inf, num] pair or a Schedula.Distance);
 * - wildcard: true (Schedula.Wildcard.ON), or a Schedula.Wildcard value
 *   (2 is COMPUTABLE, as in schedula);
 * - no_call, shrink, rm_unused_nds, verbose: booleans;
 * - executor: an executor name;
 * - cancellable (or stopper, schedula's name): a Gio.Cancellable;
 * - options: a ready Schedula.DispatchOptions, instead of the keywords that
 *   set one.
 *
 * It throws as Dispatcher.dispatch() does (a GLib.Error of the library,
 * G_IO_ERROR_CANCELLED, ...): the error has the solution of the failed
 * dispatch as its `solution` property. An unknown keyword is a TypeError.
 *
 * @param {Schedula.Dispatcher} dsp - the model
 * @param {Object} [keywords] - inputs and schedula's keywords
 * @returns {Schedula.Solution}
 */
export function dispatch(dsp, keywords = {}) {
    const sol = dsp.try_dispatch(...dispatchArgs('dispatch', keywords));
    const error = sol.get_dispatch_error();
    if (error !== null) {
        try {
            error.solution = sol;
        } catch (e) {
            // a frozen error object: thrown without its solution
        }
        throw error;
    }
    return sol;
}

/**
 * dispatch() that returns the solution also when the dispatch fails
 * (Dispatcher.try_dispatch()): Solution.get_dispatch_error() tells why,
 * null when it completed. It throws only when the dispatch cannot start (an
 * unknown executor, a bad keyword).
 *
 * @param {Schedula.Dispatcher} dsp - the model
 * @param {Object} [keywords] - inputs and schedula's keywords, as dispatch()
 * @returns {Schedula.Solution}
 */
export function tryDispatch(dsp, keywords = {}) {
    return dsp.try_dispatch(...dispatchArgs('tryDispatch', keywords));
}

/**
 * A Schedula.Mapping of a plain object, for Dispatcher.add_dispatcher():
 * `mapping({fuel: 'fuel_litres'})` maps the parent's `fuel` to the child's
 * `fuel_litres` (inputs), or the child's id to the parent's (outputs). An
 * Array of ids gives several targets: `{a: ['x', 'y']}`.
 *
 * @param {Object<string, string|string[]>} pairs - source id to target id(s)
 * @returns {Schedula.Mapping}
 */
export function mapping(pairs) {
    const m = Schedula.Mapping.new();
    for (const [from, to] of Object.entries(pairs)) {
        for (const target of Array.isArray(to) ? to : [to]) {
            if (typeof target !== 'string')
                throw new TypeError(`mapping: ${from} maps to ${String(target)}, not an id`);
            m.add(from, target);
        }
    }
    return m;
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
    // schedula's zip: extra values are dropped and missing outputs are not
    // produced; one value that is not an Array cannot be spread
    if (!Array.isArray(result))
        throw outputMismatch(name, `returned one value for ${n} outputs; return an Array`);
    result.slice(0, n).forEach((x, i) => {
        if (x !== undefined)
            call.set_output(i, toValue(x));
    });
}

/**
 * Wraps a JS function as a Schedula.Function, for any use: the function of
 * a function node, an input domain (return a boolean), a combiner, a
 * callback (the return value is ignored) or a filter.
 *
 * The function gets the input values as plain arguments, converted by
 * fromValue() (sequences as Arrays, dicts as plain objects), each at the
 * position the library gives it: an undefined input is an undefined
 * argument at its place. schedula's NONE inputs (none()) are dropped by the
 * library, as schedula drops them: the arguments after one move up. With
 * `{kwargs: true}` it gets one object of the values by input id (how
 * schedula calls combiners of waiting data nodes and domains of
 * sub-dispatchers, whose inputs are keyed by node id). `this` is the
 * Schedula.Call (for get_node_id(), get_input_id(), get_cancellable()),
 * unless `func` is an arrow function.
 *
 * Its return value is the output: for a node with several outputs, an Array
 * with one value per output (for one output, an Array is the value: a
 * sequence). Values go through toValue(); an undefined result, or an
 * undefined item of the Array of several outputs, is not produced
 * (schedula's NONE). A thrown error fails the node: it is recorded in the
 * solution (Solution.get_error() gives JS the thrown object back; C and
 * other languages get a GError with its message). A result that does not
 * match the outputs fails the dispatch with
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
                byId[call.get_input_id(i)] = fromValue(call.get_input(i));
            result = func.call(call, byId);
        } else {
            const args = new Array(n);
            for (let i = 0; i < n; i++) {
                const v = call.get_input(i);
                args[i] = typeof v === 'object' && v !== null ? fromValue(v) : v;
            }
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

// The value adapter of plain objects ------------------------------------------
//
// GJS stores a plain object in a GValue of its boxed type JSObject. The
// library reads mappings with schedula_value_dup_dict(), which asks the
// adapter registered for the value's type: this one reads a plain object as
// a Schedula.Dict of its own enumerable properties (values converted by
// toValue(), so nested objects stay objects, read when needed). A plain
// object is not a sequence (as a Python dict is not one here); Arrays
// are sequences already (toValue()).

function adaptObject(value, shape) {
    if (value === UNDEFINED || value === null || typeof value !== 'object') {
        throw invalidInput(`${value === UNDEFINED ? 'undefined' : String(value)} ` +
            `is not a ${shape === Schedula.ValueShape.DICT ? 'mapping' : 'sequence'}`);
    }
    if (shape === Schedula.ValueShape.DICT)
        return [true, dict(value)];
    throw invalidInput('a JS object is not a sequence: give an Array');
}

const JS_OBJECT_TYPE = GObject.type_from_name('JSObject');
if (JS_OBJECT_TYPE)
    Schedula.value_register_adapter(JS_OBJECT_TYPE, adaptObject);
