// test-traps.js: what a new user runs into from JS (issue 8): input domains
// as predicates, and a domain written the old way; the check of a model and
// the warnings about typos; numbers through the raw GI API and the typed
// getters of Schedula.Call
//
// The expectations are those of the C tests (tests/test-traps.c).
//
// SPDX-License-Identifier: EUPL-1.2

import GLib from 'gi://GLib';

import {Schedula, dispatch, fn, lookup, mapping} from '../../bindings/gjs/schedula.js';
import {check, done, equal, isDispatchError, note, test, throws} from './harness.js';

const {DispatchError, FindingKind} = Schedula;

// The library's warnings: GJS 1.74 has no g_test_expect_message(), so this
// program writes the log itself and keeps what the Schedula domain logs.
// (GLib.log_set_writer_default() crashes GJS 1.74, so the writer stays for
// the whole program; other domains still reach stderr.)
const logged = [];
const text = x => x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x ?? '');
GLib.log_set_writer_func((level, fields) => {
    const domain = text(fields.GLIB_DOMAIN), message = text(fields.MESSAGE);
    if (domain === 'Schedula')
        logged.push(message);
    else
        printerr(`${domain}-${level}: ${message}`);
    return GLib.LogWriterOutput.HANDLED;
});

// What `body` returns, and the messages the Schedula domain logged while it
// ran; the messages logged outside warningsOf() are kept in `unexpected`.
const unexpected = [];
function warningsOf(body) {
    unexpected.push(...logged.splice(0));
    const result = body();
    return [result, logged.splice(0)];
}

// A Function of a JS function of the Call, made through the raw GI API:
// marked MAIN_CONTEXT, as GJS wants for JS callbacks.
function mainContext(f) {
    f.set_flags(f.get_flags() | Schedula.FunctionFlags.MAIN_CONTEXT);
    return f;
}

// The typed getters give the number itself (their gboolean return is
// skipped), so `call.get_double(1) >= call.get_double(0)` compares numbers.
// Anything else (a [true, value] pair) fails here at once.
function number(result) {
    if (typeof result !== 'number')
        throw new TypeError(`a typed getter gave ${JSON.stringify(result)}, not a number`);
    return result;
}

function getDouble(call, i) {
    return number(call.get_double(i));
}

function getInt64(call, i) {
    return number(call.get_int64(i));
}

// odometer: distance = end - start, behind the input domain `domain`.
function odometerModel(domain) {
    const dsp = Schedula.Dispatcher.new('odometer');
    const node = dsp.add_function('odometer', fn('distance', (start, end) => end - start),
        ['start', 'end'], ['distance']);
    node.set_input_domain(domain);
    return dsp;
}

// Input domains --------------------------------------------------------------

test('a domain made with new_predicate: its return value is the verdict', () => {
    const tripOk = mainContext(Schedula.Function.new_predicate('trip_ok',
        call => getDouble(call, 1) >= getDouble(call, 0)));
    const dsp = odometerModel(tripOk);
    const inDomain = dispatch(dsp, {inputs: {start: 10, end: 25.5}});
    equal(lookup(inDomain, 'distance'), 15.5, 'in the domain: distance computed');
    const outOfDomain = dispatch(dsp, {inputs: {start: 30, end: 25.5}});
    check(!outOfDomain.contains('distance'), 'out of the domain: distance not computed');
    equal(outOfDomain.get_n_errors(), 0, '  and no error');
    // the raw GI dispatch, raw JS numbers
    equal(dsp.dispatch({start: 1, end: 4}, null, null, null).lookup('distance'), 3,
        'raw dispatch, in the domain');
    check(!dsp.dispatch({start: 5, end: 4}, null, null, null).contains('distance'),
        'raw dispatch, out of the domain');
});

test('a domain made with fn() returns a boolean', () => {
    const dsp = odometerModel(fn('trip_ok', (start, end) => end >= start));
    equal(lookup(dispatch(dsp, {inputs: {start: 10, end: 25.5}}), 'distance'), 15.5, 'in the domain');
    check(!dispatch(dsp, {inputs: {start: 30, end: 25.5}}).contains('distance'), 'out of the domain');
});

test('a domain written the old way fails the dispatch, and says to use new_predicate', () => {
    // A plain Function whose callback returns the verdict: true means "the
    // call worked" (and no verdict is set), false "failed" without an error.
    const wrong = mainContext(Schedula.Function.new('trip_ok',
        call => getDouble(call, 1) >= getDouble(call, 0)));
    const dsp = odometerModel(wrong);
    const inDomain = throws(() => dsp.dispatch({start: 10, end: 25.5}, null, null, null),
        e => isDispatchError(e, DispatchError.INVALID_MODEL), 'returning true: an error');
    check(inDomain.message.startsWith('input domain of odometer failed: trip_ok gave no verdict'),
        `  that names the domain: ${inDomain.message}`);
    check(inDomain.message.includes('new_predicate'), '  and mentions new_predicate');
    const outOfDomain = throws(() => dsp.dispatch({start: 30, end: 25.5}, null, null, null),
        e => isDispatchError(e, DispatchError.INVALID_MODEL), 'returning false: an error, not silence');
    check(outOfDomain.message.includes('trip_ok returned false without an error'),
        `  that says what happened: ${outOfDomain.message}`);
    check(outOfDomain.message.includes('new_predicate'), '  and mentions new_predicate');
    // the helper's dispatch() throws the same error
    throws(() => dispatch(dsp, {inputs: {start: 30, end: 25.5}}),
        e => isDispatchError(e, DispatchError.INVALID_MODEL) && e.message.includes('new_predicate'),
        'dispatch() of the helper throws it too');
});

// Typos: the check of a model, the warnings -------------------------------------

// A trip whose emissions child is fed `km` as `dist_kn`, a typo of dist_km.
function typoModel() {
    const emissions = Schedula.Dispatcher.new('emissions');
    emissions.add_function('co2', fn('co2', l => l * 2.5), ['fuel_l'], ['co2_g']);
    emissions.add_function('pm', fn('pm', km => km / 100), ['dist_km'], ['pm_g']);
    const dsp = Schedula.Dispatcher.new('trip');
    dsp.add_dispatcher('emissions', emissions, mapping({fuel: 'fuel_l', km: 'dist_kn'}),
        mapping({co2_g: 'co2', pm_g: 'pm'}));
    return dsp;
}

test('Dispatcher.check() finds a mapping to a child id that does not exist', () => {
    const dsp = typoModel();
    const findings = dsp.check();
    const all = [];
    for (let i = 0; i < findings.get_n_items(); i++)
        all.push(findings.get_item(i));
    check(all.every(f => f instanceof Schedula.Finding), 'a GListModel of Schedula.Finding');
    const missing = all.filter(f => f.get_kind() === FindingKind.MISSING_MAPPING_TARGET);
    equal(missing.length, 1, 'one MISSING_MAPPING_TARGET finding');
    equal(missing[0].get_path(), ['emissions'], '  its path: the sub-dispatcher node');
    equal(missing[0].get_message(),
        'sub-dispatcher node emissions maps km to dist_kn, but emissions has no node dist_kn',
        '  its message');
    const unreachable = all.filter(f => f.get_kind() === FindingKind.UNREACHABLE)
        .map(f => f.get_path().join('/')).sort();
    equal(unreachable, ['emissions/dist_km', 'emissions/pm', 'emissions/pm_g'],
        'what the typo leaves unreachable in the child');
    equal(Schedula.Dispatcher.new('empty').check().get_n_items(), 0, 'an empty model: no finding');
});

test('the first dispatch warns about the mapping, and still works', () => {
    const dsp = typoModel();
    const [sol, warnings] = warningsOf(() => dispatch(dsp, {inputs: {fuel: 2, km: 10}}));
    equal(warnings, ['sub-dispatcher node emissions maps km to dist_kn, but emissions has no node dist_kn'],
        'the warning names the mapping');
    equal(lookup(sol, 'co2'), 5, 'co2 is computed');
    check(!sol.contains('pm'), 'pm is not');
    const [, again] = warningsOf(() => dispatch(dsp, {inputs: {fuel: 2, km: 10}}));
    equal(again, [], 'once per model version');
});

test('an output that is not a node: a warning, and the dispatch still works', () => {
    const dsp = Schedula.Dispatcher.new('trip');
    dsp.add_function('speed', fn('speed', (d, t) => d / t), ['distance', 'time'], ['speed_kmh']);
    const [sol, warnings] = warningsOf(() =>
        dispatch(dsp, {inputs: {distance: 150, time: 2.5}, outputs: ['speed_kmh', 'speed_mph']}));
    equal(warnings, ['dispatch of trip: speed_mph is not a node of the model, so it is never computed'],
        'the warning names the unknown output');
    equal(lookup(sol, 'speed_kmh'), 60, 'the known output is computed');
    const [raw, rawWarnings] = warningsOf(() =>
        dsp.dispatch({distance: 150, time: 2.5}, ['speed_kmh', 'zz'], null, null));
    equal(raw.lookup('speed_kmh'), 60, 'the raw GI dispatch too');
    equal(rawWarnings.length, 1, '  with its warning, once per dispatch');
    check(rawWarnings[0].includes('zz is not a node of the model'), `  ${rawWarnings[0]}`);
});

// Numbers ----------------------------------------------------------------------

test('raw JS numbers to the raw GI dispatch, read with get_int64 and get_double', () => {
    const seen = [];
    const dsp = Schedula.Dispatcher.new('numbers');
    dsp.add_function('f', mainContext(Schedula.Function.new('f', call => {
        seen.push([getInt64(call, 0), getDouble(call, 0), getDouble(call, 1), getInt64(call, 2)]);
        call.set_output_double(0, getDouble(call, 0) + getDouble(call, 1));
        return true;
    })), ['a', 'b', 'c'], ['d']);
    // GJS gives 3 as a gint, 2.5 as a gdouble and 2 ** 40 as a gdouble
    const sol = dsp.dispatch({a: 3, b: 2.5, c: 2 ** 40}, null, null, null);
    equal(seen, [[3, 3, 2.5, 2 ** 40]], 'get_int64 reads a gint and an integral gdouble, get_double both');
    equal(sol.lookup('d'), 5.5, 'set_output_double');
    equal(sol.get_n_errors(), 0, 'no error');
});

test('get_int64 of a number that is not an integer: an error naming the node', () => {
    const dsp = Schedula.Dispatcher.new('numbers');
    dsp.add_function('twice', mainContext(Schedula.Function.new('twice', call => {
        call.set_output_int64(0, getInt64(call, 0) * 2);
        return true;
    })), ['x'], ['y']);
    equal(dsp.dispatch({x: 21}, null, null, null).lookup('y'), 42, 'an integer: read');
    equal(Schedula.get_log_failures(), false, 'failures are not logged by default');
    const [quiet, none] = warningsOf(() => dsp.dispatch({x: 2.5}, null, null, null));
    equal(quiet.get_n_errors(), 1, 'the failure is recorded');
    equal(none, [], 'and not logged');
    Schedula.set_log_failures(true);
    equal(Schedula.get_log_failures(), true, 'set_log_failures(true)');
    const [sol, warnings] = warningsOf(() => dsp.dispatch({x: 2.5}, null, null, null));
    Schedula.set_log_failures(false);
    equal(Schedula.get_log_failures(), false, 'set_log_failures(false)');
    check(!sol.contains('y'), '2.5: not computed');
    const error = sol.get_error('twice');
    check(error !== null && error.message.includes('node twice') && error.message.includes('2.5'),
        `the error names the node and the value: ${error?.message}`);
    equal(warnings, [`Failed DISPATCHING 'twice' due to:\n  ${error.message}`],
        'once asked for, the failure is logged, as schedula logs it');
});

test('mapping() of a plain object: the Mapping of a sub-dispatcher', () => {
    const child = Schedula.Dispatcher.new('child');
    child.add_function('twice', fn('twice', x => 2 * x), ['x'], ['y']);
    const dsp = Schedula.Dispatcher.new('parent');
    dsp.add_dispatcher('sub', child, mapping({a: ['x']}), mapping({y: 'b'}));
    equal(lookup(dispatch(dsp, {inputs: {a: 4}}), 'b'), 8, 'a -> x, y -> b');
    const m = mapping({a: ['x', 'z'], c: 'w'});
    equal(m.lookup('a'), ['x', 'z'], 'an Array gives several targets');
    equal(m.lookup('c'), ['w'], 'a string, one');
    throws(() => mapping({a: 3}), e => e instanceof TypeError && e.message.includes('a maps to 3'),
        'a target that is not an id is a TypeError');
});

test('no other message of the library', () => {
    equal([...unexpected, ...logged], [], 'nothing logged outside the checks');
});

done();
