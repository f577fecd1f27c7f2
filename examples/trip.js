// trip.js: a car trip, nine functions, in JavaScript (GJS, `gjs -m`)
//
//   odometer_distance  odometer_start, odometer_end -> distance   (km)
//   gps_distance       gps_m                        -> distance   (km)
//   trip_time          departure, arrival           -> time       (h; minutes of the day)
//   average_speed      distance, time               -> speed      (domain: time > 0)
//   fuel_used          distance, consumption        -> fuel       (l; consumption 6 l/100 km by default)
//   co2_intensity      co2, distance                -> co2_per_km (g/km)
//   emissions, a sub-dispatcher fed fuel as fuel_litres, giving co2_kg as co2
//   and nox_g as nox:
//     fuel_mass        fuel_litres -> fuel_kg (0.8 kg/l)
//     co2_emission     fuel_kg     -> co2_kg  (3.15 kg/kg)
//     nox_emission     fuel_kg     -> nox_g   (10 g/kg)
//
// distance waits for both its estimations and takes their mean. The same
// model, inputs and output as trip.c, trip.py and trip.vala; it exits with a
// failure status when a result differs from the expected one.
//
// SPDX-License-Identifier: EUPL-1.2

import System from 'system';

import {Schedula, addData, dispatch, fn, lookup, mapping} from '../bindings/gjs/schedula.js';

const TRIP = {odometer_start: 12000, odometer_end: 12150, gps_m: 152000, departure: 495, arrival: 645};
const EXPECTED = [['distance', 151.0, 'km'], ['time', 2.5, 'h'], ['speed', 60.4, 'km/h'],
    ['fuel', 9.06, 'l'], ['co2', 22.8312, 'kg'], ['nox', 72.48, 'g'], ['co2_per_km', 151.2, 'g/km']];

// Adds a function node of a JS function (fn() runs it on the main context).
function add(dsp, id, func, inputs, outputs) {
    return dsp.add_function(id, fn(id, func), inputs, outputs);
}

function tripModel() {
    const emissions = Schedula.Dispatcher.new('emissions');
    add(emissions, 'fuel_mass', litres => litres * 0.8, ['fuel_litres'], ['fuel_kg']);
    add(emissions, 'co2_emission', kg => kg * 3.15, ['fuel_kg'], ['co2_kg']);
    add(emissions, 'nox_emission', kg => kg * 10, ['fuel_kg'], ['nox_g']);

    const dsp = Schedula.Dispatcher.new('trip');
    const distance = addData(dsp, 'distance');
    distance.wait_inputs = true;
    distance.combiner = fn('mean', (...estimations) =>
        estimations.reduce((sum, x) => sum + x, 0) / estimations.length);
    addData(dsp, 'consumption', 6.0);
    add(dsp, 'odometer_distance', (start, end) => end - start,
        ['odometer_start', 'odometer_end'], ['distance']);
    add(dsp, 'gps_distance', m => m / 1000, ['gps_m'], ['distance']);
    add(dsp, 'trip_time', (departure, arrival) => (arrival - departure) / 60,
        ['departure', 'arrival'], ['time']);
    add(dsp, 'average_speed', (d, time) => d / time, ['distance', 'time'], ['speed'])
        .input_domain = fn('takes_time', (d, time) => time > 0);
    add(dsp, 'fuel_used', (d, consumption) => d * consumption / 100, ['distance', 'consumption'], ['fuel']);
    dsp.add_dispatcher('emissions', emissions, mapping({fuel: 'fuel_litres'}),
        mapping({co2_kg: 'co2', nox_g: 'nox'}));
    add(dsp, 'co2_intensity', (co2, d) => co2 * 1000 / d, ['co2', 'distance'], ['co2_per_km']);
    return dsp;
}

const dsp = tripModel();
const findings = dsp.check();
print(`check: ${findings.get_n_items()} findings`);
let ok = findings.get_n_items() === 0;

const sol = dispatch(dsp, {inputs: TRIP});
for (const [id, expected, unit] of EXPECTED) {
    const x = lookup(sol, id) ?? NaN;
    print(`${id} = ${x.toFixed(4)} ${unit}`);
    ok &&= Math.abs(x - expected) <= 1e-9 * expected;
}

// The clock stopped: no time, and the domain of average_speed says no.
const stopped = dispatch(dsp, {inputs: {...TRIP, arrival: TRIP.departure}});
print(`arrival = departure: speed ${
    stopped.contains('speed') ? 'computed' : 'not computed (outside the domain)'}`);
ok &&= !stopped.contains('speed') && stopped.contains('distance');

print(ok ? 'OK' : 'FAIL: a result differs from the expected one');
System.exit(ok ? 0 : 1);
