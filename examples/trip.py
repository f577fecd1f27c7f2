#!/usr/bin/python3
# trip.py: a car trip, nine functions, through the PyGObject overrides
#
#   odometer_distance  odometer_start, odometer_end -> distance   (km)
#   gps_distance       gps_m                        -> distance   (km)
#   trip_time          departure, arrival           -> time       (h; minutes of the day)
#   average_speed      distance, time               -> speed      (domain: time > 0)
#   fuel_used          distance, consumption        -> fuel       (l; consumption 6 l/100 km by default)
#   co2_intensity      co2, distance                -> co2_per_km (g/km)
#   emissions, a sub-dispatcher fed fuel as fuel_litres, giving co2_kg as co2
#   and nox_g as nox:
#     fuel_mass        fuel_litres -> fuel_kg (0.8 kg/l)
#     co2_emission     fuel_kg     -> co2_kg  (3.15 kg/kg)
#     nox_emission     fuel_kg     -> nox_g   (10 g/kg)
#
# distance waits for both its estimations and takes their mean. The same
# model, inputs and output as trip.c, trip.js and trip.vala; it exits with a
# failure status when a result differs from the expected one.
#
# SPDX-License-Identifier: EUPL-1.2

import math
import sys

import gi
gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh

TRIP = {'odometer_start': 12000, 'odometer_end': 12150, 'gps_m': 152000,
        'departure': 495, 'arrival': 645}
EXPECTED = [('distance', 151.0, 'km'), ('time', 2.5, 'h'), ('speed', 60.4, 'km/h'),
            ('fuel', 9.06, 'l'), ('co2', 22.8312, 'kg'), ('nox', 72.48, 'g'),
            ('co2_per_km', 151.2, 'g/km')]


def trip_model():
    emissions = sh.Dispatcher(name='emissions')
    emissions.add_function('fuel_mass', lambda litres: litres * 0.8, ['fuel_litres'], ['fuel_kg'])
    emissions.add_function('co2_emission', lambda kg: kg * 3.15, ['fuel_kg'], ['co2_kg'])
    emissions.add_function('nox_emission', lambda kg: kg * 10, ['fuel_kg'], ['nox_g'])

    dsp = sh.Dispatcher(name='trip')
    dsp.add_data('distance', wait_inputs=True, function=lambda estimations:
                 sum(estimations.values()) / len(estimations))
    dsp.add_data('consumption', default_value=6.0)
    dsp.add_function('odometer_distance', lambda start, end: end - start,
                     ['odometer_start', 'odometer_end'], ['distance'])
    dsp.add_function('gps_distance', lambda m: m / 1000, ['gps_m'], ['distance'])
    dsp.add_function('trip_time', lambda departure, arrival: (arrival - departure) / 60,
                     ['departure', 'arrival'], ['time'])
    dsp.add_function('average_speed', lambda distance, time: distance / time,
                     ['distance', 'time'], ['speed'], input_domain=lambda distance, time: time > 0)
    dsp.add_function('fuel_used', lambda distance, consumption: distance * consumption / 100,
                     ['distance', 'consumption'], ['fuel'])
    dsp.add_dispatcher(emissions, inputs={'fuel': 'fuel_litres'},
                       outputs={'co2_kg': 'co2', 'nox_g': 'nox'}, dsp_id='emissions')
    dsp.add_function('co2_intensity', lambda co2, distance: co2 * 1000 / distance,
                     ['co2', 'distance'], ['co2_per_km'])
    return dsp


def main():
    dsp = trip_model()
    findings = dsp.check()
    print('check: %d findings' % len(findings))
    ok = len(findings) == 0

    sol = dsp.dispatch(inputs=TRIP)
    for node_id, expected, unit in EXPECTED:
        x = sol.get(node_id, math.nan)
        print('%s = %.4f %s' % (node_id, x, unit))
        ok = ok and math.isclose(x, expected, rel_tol=1e-9)

    # The clock stopped: no time, and the domain of average_speed says no.
    stopped = dsp.dispatch(inputs=dict(TRIP, arrival=TRIP['departure']))
    print('arrival = departure: speed %s'
          % ('computed' if 'speed' in stopped else 'not computed (outside the domain)'))
    ok = ok and 'speed' not in stopped and 'distance' in stopped

    print('OK' if ok else 'FAIL: a result differs from the expected one')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
