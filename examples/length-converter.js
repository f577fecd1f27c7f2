// length-converter.js: schedula's length converter, in JavaScript (GJS)
//
// The model of schedula's "length converter" example: two unit systems, each
// a ring of conversions from one unit to the next, joined by a conversion
// between inches and centimetres. Given a length in any unit, a dispatch
// computes it in every other unit along the shortest path of conversions.
//
//   metric:   km -> m -> dm -> cm -> mm -> km
//   imperial: lea -> mi -> fur -> ch -> yd -> ft -> in -> th -> lea
//   links:    in -> cm, cm -> in
//
// Each unit system is a dispatcher of its own, used in the converter as a
// sub-dispatcher node that shares its unit ids with the parent (schedula's
// example merges the two models with `extend`).
//
// Usage, from the top of the source tree (meson test sets GI_TYPELIB_PATH
// and LD_LIBRARY_PATH; see README.md to run it by hand):
//
//   gjs -m examples/length-converter.js                  1 mi in km (the demo)
//   gjs -m examples/length-converter.js 1 mi km          1 mi in km
//   gjs -m examples/length-converter.js 30.48 cm ft in   in feet and inches
//   gjs -m examples/length-converter.js 1 ft             in every unit
//
// It prints the conversions, then checks the demo conversion (1 mile is
// 1.609344 km exactly) and exits with status 1 if the model gets it wrong.
//
// SPDX-License-Identifier: EUPL-1.2

import System from 'system';

import {Schedula, dispatch, fn, lookup} from '../bindings/gjs/schedula.js';

const UNITS = {
    km: 'kilometres', m: 'metres', dm: 'decimetres', cm: 'centimetres', mm: 'millimetres',
    lea: 'leagues', mi: 'miles', fur: 'furlongs', ch: 'chains', yd: 'yards', ft: 'feet',
    in: 'inches', th: 'thou',
};

// A dispatcher with one function per step: `from2to`, to = from * factor.
function unitSystem(name, steps) {
    const dsp = Schedula.Dispatcher.new(name);
    for (const [from, to, factor] of steps) {
        const id = `${from}2${to}`;
        const node = dsp.add_function(id, fn(id, x => x * factor), [from], [to]);
        node.set_description(`Converts ${UNITS[from]} to ${UNITS[to]}.`);
    }
    return dsp;
}

function buildConverter() {
    const metric = unitSystem('Metric', [
        ['km', 'm', 1e3],
        ['m', 'dm', 10],
        ['dm', 'cm', 10],
        ['cm', 'mm', 10],
        ['mm', 'km', 1e-6],
    ]);
    const imperial = unitSystem('Imperial', [
        ['lea', 'mi', 3],
        ['mi', 'fur', 8],
        ['fur', 'ch', 10],
        ['ch', 'yd', 22],
        ['yd', 'ft', 3],
        ['ft', 'in', 12],
        ['in', 'th', 1000],
        ['th', 'lea', 1 / 190080000],  // 1 league = 3 * 5280 * 12 * 1000 thou
    ]);

    const converter = Schedula.Dispatcher.new('LengthConverter');
    // null mappings: every unit of the system is the same id in the parent.
    converter.add_dispatcher('imperial', imperial, null, null);
    converter.add_dispatcher('metric', metric, null, null);
    converter.add_function('inch2cm', fn('inch2cm', inch => inch * 2.54), ['in'], ['cm']);
    converter.add_function('cm2inch', fn('cm2inch', cm => cm / 2.54), ['cm'], ['in']);
    return converter;
}

// The conversions of `value` `unit` to `targets` (all units when empty).
function convert(converter, value, unit, targets) {
    const sol = dispatch(converter, {
        inputs: {[unit]: value},
        outputs: targets.length > 0 ? targets : null,
    });
    if (sol.get_n_errors() > 0) {
        const id = sol.get_error_ids()[0];
        throw new Error(sol.dup_error_message(id));
    }
    const wanted = targets.length > 0 ? targets : Object.keys(UNITS).filter(u => u !== unit);
    return wanted.map(u => [u, lookup(sol, u)]);
}

// 12 significant digits: the rounding of the float steps does not show.
function format(x) {
    return typeof x === 'number' ? String(Number(x.toPrecision(12))) : String(x);
}

function usage(message) {
    printerr(`${message}\nusage: gjs -m length-converter.js [VALUE UNIT [TO_UNIT...]]\n` +
        `units: ${Object.keys(UNITS).join(', ')}`);
    System.exit(2);
}

const converter = buildConverter();

// No arguments: the demo, 1 mi in km.
const args = ARGV.length > 0 ? ARGV : ['1', 'mi', 'km'];
const [valueArg, unit, ...targets] = args;
if (args.length < 2)
    usage('give a value and its unit');
const value = Number(valueArg);
if (valueArg.trim() === '' || !Number.isFinite(value))
    usage(`not a number: ${valueArg}`);
for (const u of [unit, ...targets]) {
    if (!Object.hasOwn(UNITS, u))
        usage(`unknown unit: ${u}`);
}

for (const [u, x] of convert(converter, value, unit, targets))
    print(`${format(value)} ${unit} = ${format(x)} ${u}`);

// The demo conversion, checked whatever was asked: 1 mi = 1.609344 km.
const [[, km]] = convert(converter, 1, 'mi', ['km']);
if (typeof km !== 'number' || Math.abs(km - 1.609344) > 1e-12) {
    printerr(`FAIL: 1 mi gave ${km} km, expected 1.609344`);
    System.exit(1);
}
