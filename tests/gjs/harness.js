// harness.js: the assertions of the GJS tests (no test framework)
//
// Each check prints one TAP line; test() runs a group of checks and stops
// the group at its first failure (or at an uncaught exception), then goes on
// with the next group. done() prints the plan and exits with status 1 if
// anything failed. Diagnostics go to stderr, or to stdout behind '#'.
//
// Also here: the helpers that ask the library for the GType of a stored
// value, which JS cannot see (GJS turns every GValue into a plain JS value).
//
// SPDX-License-Identifier: EUPL-1.2

import GLib from 'gi://GLib';
import System from 'system';

import {Schedula, addData, fn, inputs} from '../../bindings/gjs/schedula.js';

let count = 0;
let failures = 0;

class CheckFailed extends Error {}

const UNDEFINED_TEXT = '<undefined>';

function format(x) {
    if (typeof x === 'bigint')
        return `${x}n`;
    if (x === undefined)
        return 'undefined';
    try {
        // undefined items and properties are shown (JSON would give null
        // or leave them out)
        const text = JSON.stringify(x, (k, v) => {
            if (typeof v === 'bigint')
                return `${v}n`;
            return v === undefined ? UNDEFINED_TEXT : v;
        });
        return text?.replaceAll(`"${UNDEFINED_TEXT}"`, 'undefined') ?? String(x);
    } catch (e) {
        return String(x);
    }
}

function deepEqual(a, b) {
    if (Object.is(a, b))
        return true;
    if (typeof a === 'number' && typeof b === 'number')
        return a === b;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length)
        return false;
    // Objects compare with their key order: solutions are ordered.
    return ka.every((k, i) => k === kb[i] && deepEqual(a[k], b[k]));
}

/** One check: passes when `condition` is truthy. */
export function check(condition, what) {
    what = String(what).replace(/\n/g, '\\n');  // one TAP line
    count++;
    if (condition) {
        print(`ok ${count} - ${what}`);
        return;
    }
    failures++;
    print(`not ok ${count} - ${what}`);
    throw new CheckFailed(what);
}

/** Deep equality (arrays, plain objects in key order, primitives). */
export function equal(actual, expected, what) {
    const ok = deepEqual(actual, expected);
    check(ok, ok ? `${what}: ${format(expected)}`
        : `${what}: got ${format(actual)}, expected ${format(expected)}`);
}

/** Numbers within a relative tolerance. */
export function near(actual, expected, what, tolerance = 1e-12) {
    const ok = typeof actual === 'number' &&
        Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
    check(ok, ok ? `${what}: ${expected}` : `${what}: got ${format(actual)}, expected ${expected}`);
}

/**
 * `func` must throw; `test(e)` must be true for what it threw. Returns the
 * error.
 */
export function throws(func, test, what) {
    let error = null;
    try {
        func();
    } catch (e) {
        error = e;
    }
    check(error !== null && test(error),
        error === null ? `${what}: nothing thrown` : `${what}: ${error}`);
    return error;
}

/** Whether `e` is a GLib.Error of the library's domain with `code`. */
export function isDispatchError(e, code) {
    return e instanceof GLib.Error &&
        e.matches(Schedula.DispatchError, code);
}

/** A diagnostic line. */
export function note(text) {
    for (const line of String(text).split('\n'))
        print(`# ${line}`);
}

/** Runs a group of checks. */
export function test(name, body) {
    note(name);
    try {
        body();
    } catch (e) {
        if (e instanceof CheckFailed)
            return;
        count++;
        failures++;
        print(`not ok ${count} - ${name}: uncaught ${e}`);
        printerr(`${name}: ${e}\n${e?.stack ?? ''}`);
    }
}

/** Prints the plan; exits with status 1 when a check failed. */
export function done() {
    print(`1..${count}`);
    if (failures > 0) {
        printerr(`${failures} of ${count} checks failed`);
        System.exit(1);
    }
}

// The GType of stored values --------------------------------------------------
//
// A data node with a `value-type` fails, with an error naming the node and
// both types, when a value arrives that cannot be converted to that type. A
// boxed type nothing converts to (Schedula.Mapping) makes every value fail,
// so the message tells the GType of any value the library stored.

const PROBE = Schedula.Mapping.$gtype;

function probedType(sol, id) {
    const message = sol.get_error(id)?.message ?? '';
    const match = /^data node \S+ holds values of type \S+, not (\S+)$/.exec(message);
    return match ? match[1] : `(no type error: ${format(message)})`;
}

/**
 * The GType name that a dispatch stores for the input `x` (a JS value given
 * as it is, which GJS converts with its own guess, or a GObject.Value).
 */
export function inputTypeName(x) {
    const dsp = Schedula.Dispatcher.new('probe');
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    addData(dsp, 'x').value_type = PROBE;
    return probedType(dsp.dispatch({x}, null, null, null), 'x');
}

/**
 * The GType name of the output that a Schedula.Function gives for the
 * inputs (JS values converted by inputs()).
 */
export function outputTypeName(func, ...args) {
    const dsp = Schedula.Dispatcher.new('probe');
    const ids = args.map((_, i) => `in${i}`);
    dsp.set_raises(Schedula.Raises.RECORD_SILENTLY);
    // No inputs: null, which feeds the function from START ([] would leave
    // it without inputs, never reached).
    dsp.add_function('f', func, ids.length > 0 ? ids : null, ['out']);
    dsp.lookup_node('out').value_type = PROBE;
    const table = inputs(Object.fromEntries(args.map((x, i) => [ids[i], x])));
    return probedType(dsp.dispatch(table, null, null, null), 'out');
}

/** The GType name that fn(jsFunction) stores for what jsFunction returns. */
export function resultTypeName(jsFunction) {
    return outputTypeName(fn('result', jsFunction));
}

// Text forms of models and solutions ----------------------------------------
//
// The same strings as the C tests (tests/test-common.h), so that the
// expectations read alike: "a=1, b=2" for values, "$START=-1, a=0" for
// distances, "$START->a=1; a->f=1" for workflow edges. Numbers are printed
// as JS prints them (2, not 2.0).

/** A value as the C tests print it: 3, 'text', NONE, {k: v}. */
export function valueText(v) {
    if (v instanceof Schedula.Token)
        return 'NONE';
    if (v instanceof Schedula.Dict) {
        const items = [];
        for (let i = 0; i < v.get_size(); i++)
            items.push(`${v.get_key(i)}: ${valueText(v.get_value(i))}`);
        return `{${items.join(', ')}}`;
    }
    if (typeof v === 'string')
        return `'${v}'`;
    return String(v);
}

/** The values of a solution in order: "a=1, b=2". */
export function solText(sol) {
    return sol.get_ids().map(id => `${id}=${valueText(sol.lookup(id))}`).join(', ');
}

/** A distance: 2, or inf(1, 2) when its infinite part is not 0. */
export function distanceText(d) {
    return d.inf === 0 ? String(d.num) : `inf(${d.inf}, ${d.num})`;
}

/** The distances of a solution in order: "$START=-1, a=0". */
export function distText(sol) {
    return sol.get_distance_ids().map(id => {
        const [ok, d] = sol.get_distance(id);
        return ok ? `${id}=${distanceText(d)}` : `${id}=?`;
    }).join(', ');
}

/** The nodes of the workflow of a solution: "$START, a, f". */
export function wfNodesText(sol) {
    const wf = sol.get_workflow();
    const ids = [];
    for (let i = 0; i < wf.get_n_nodes(); i++)
        ids.push(wf.get_node_id(i));
    return ids.join(', ');
}

/** The edges of the workflow, "$START->a=1; a->f" (no "=" without value). */
export function wfEdgesText(sol) {
    const wf = sol.get_workflow();
    const edges = [];
    for (let i = 0; i < wf.get_n_edges(); i++) {
        const [from, to, value] = wf.get_edge(i);
        edges.push(value === null ? `${from}->${to}` : `${from}->${to}=${valueText(value)}`);
    }
    return edges.join('; ');
}

/**
 * A model as text, walking its GListModel: 'nodes' ("a:0, f:1", id:index),
 * 'ids', 'sortedIds', 'defaults' ("b=3"), 'edges' ("a->f; f->b w=2", with
 * the weights that are set) or 'sortedEdges' (without weights).
 */
export function modelText(dsp, what) {
    const items = [];
    for (let i = 0; i < dsp.get_n_items(); i++) {
        const node = dsp.get_item(i);
        const id = node.get_id();
        switch (what) {
        case 'nodes':
            items.push(`${id}:${node.get_index()}`);
            break;
        case 'ids':
        case 'sortedIds':
            items.push(id);
            break;
        case 'defaults': {
            const v = node instanceof Schedula.DataNode ? node.get_default_value() : null;
            if (v !== null)
                items.push(`${id}=${valueText(v)}`);
            break;
        }
        case 'edges':
        case 'sortedEdges':
            for (const to of dsp.dup_successors(id)) {
                const [weighted, w] = dsp.get_edge_weight(id, to);
                items.push(weighted && what === 'edges' ? `${id}->${to} w=${w}` : `${id}->${to}`);
            }
            break;
        default:
            throw new Error(`modelText: ${what}?`);
        }
    }
    if (what.startsWith('sorted'))
        items.sort();
    return items.join(what === 'edges' ? '; ' : ', ');
}

/**
 * The GType name that a dispatch of `dsp` stores for the data node `id`: a
 * copy of the model gets the probe type on that node.
 */
export function storedTypeName(dsp, id, table, outputs = null) {
    const copy = dsp.copy();
    copy.set_raises(Schedula.Raises.RECORD_SILENTLY);
    copy.lookup_node(id).value_type = PROBE;
    return probedType(copy.dispatch(table, outputs, null, null), id);
}
