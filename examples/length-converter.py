#!/usr/bin/python3
# length-converter.py: schedula's length-converter example in Python
#
# The model of schedula's example: two unit systems, each a ring of
# conversion functions from one unit to the next, and two functions that
# bridge them (schedula's example builds each system as a model of its own
# and merges them with `extend`; here they go into one model):
#
#   metric    km -> m -> dm -> cm -> mm -> km
#   imperial  lea -> mi -> fur -> ch -> yd -> ft -> in -> th -> lea
#   bridges   in -> cm, cm -> in
#
# Every unit is a data node, every arrow a function node. Dispatched with a
# length in one unit and asked for another, the model finds the shortest
# path of conversions: 1 mi -> fur -> ch -> yd -> ft -> in -> cm -> mm -> km
# = 1.609344 km. The search stops once the unit asked for is known; the
# program prints the path and the functions that ran. The same model as
# length-converter.c, .js and .vala.
#
#   length-converter.py                   the demo (1 mi in km) and the checks
#   length-converter.py VALUE FROM TO...  conversions, e.g. 3 ft in cm
#
# The demo exits with a failure status when a conversion differs from the
# definitions of the units (1 mi = 1.609344 km, ...).
#
# SPDX-License-Identifier: EUPL-1.2

import math
import sys

import gi
gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh

# The conversion functions: (id, from, to, mul, div), to = from * mul / div
CONVERSIONS = [
    # metric
    ('km2m', 'km', 'm', 1e3, 1),
    ('m2dm', 'm', 'dm', 10, 1),
    ('dm2cm', 'dm', 'cm', 10, 1),
    ('cm2mm', 'cm', 'mm', 10, 1),
    ('mm2km', 'mm', 'km', 1, 1e6),
    # imperial
    ('leagues2miles', 'lea', 'mi', 3, 1),
    ('miles2furlongs', 'mi', 'fur', 8, 1),
    ('furlongs2chains', 'fur', 'ch', 10, 1),
    ('chains2yards', 'ch', 'yd', 22, 1),
    ('yards2feet', 'yd', 'ft', 3, 1),
    ('feet2inch', 'ft', 'in', 12, 1),
    ('inch2thou', 'in', 'th', 1000, 1),
    ('thou2leagues', 'th', 'lea', 1, 19008e4),
    # the bridges
    ('inch2cm', 'in', 'cm', 2.54, 1),
    ('cm2inch', 'cm', 'in', 1, 2.54),
]

UNITS = ['km', 'm', 'dm', 'cm', 'mm', 'lea', 'mi', 'fur', 'ch', 'yd', 'ft', 'in', 'th']

# Lengths by the definitions of the units: (length, from, to, expected)
CHECKS = [
    (1, 'mi', 'km', 1.609344),
    (1, 'mi', 'ft', 5280),
    (1, 'mi', 'yd', 1760),
    (1, 'yd', 'in', 36),
    (3, 'ft', 'yd', 1),
    (1, 'in', 'mm', 25.4),
    (1, 'ft', 'cm', 30.48),
    (2.5, 'km', 'm', 2500),
    (1, 'km', 'mm', 1e6),
    (100, 'cm', 'in', 100 / 2.54),
    (42.195, 'km', 'mi', 42195 / 1609.344),
    (1, 'lea', 'mi', 3),
    (1, 'ch', 'm', 20.1168),
    (1, 'th', 'mm', 0.0254),
    (7, 'm', 'm', 7),
]


def build_converter():
    converter = sh.Dispatcher(name='LengthConverter')
    for function_id, from_unit, to_unit, mul, div in CONVERSIONS:
        converter.add_function(
            function_id, lambda length, mul=mul, div=div: length * mul / div,
            inputs=[from_unit], outputs=[to_unit],
            description='Converts %s to %s.' % (from_unit, to_unit))
    return converter


def convert(converter, length, from_unit, to_unit):
    """The length in to_unit, and the solution of the dispatch."""
    sol = converter.dispatch(inputs={from_unit: float(length)}, outputs=[to_unit])
    if to_unit not in sol:
        raise RuntimeError('no length in %s from %s: %r' % (to_unit, from_unit, sol._errors))
    return sol[to_unit], sol


def workflow_path(wf, from_unit, to_unit):
    """The path the length took: the workflow walked back from to_unit."""
    path = [to_unit]
    while path[-1] != from_unit and len(path) <= len(wf):
        preds = [n for n in wf.pred.get(path[-1], ()) if n != sh.START]
        if not preds:
            break
        path.append(preds[0])
    return list(reversed(path))


def print_conversion(converter, length, from_unit, to_unit):
    result, sol = convert(converter, length, from_unit, to_unit)
    wf = sol.workflow
    functions = converter.function_nodes
    ran = [n for n in wf.nodes if n in functions and wf.succ[n]]
    print('%.15g %s = %.15g %s' % (length, from_unit, result, to_unit))
    print('  path: %s' % ' -> '.join(workflow_path(wf, from_unit, to_unit)))
    print('  functions run: %s' % (', '.join(ran) or '(none)'))
    return result


def check_conversions(converter):
    """Compares the model with the definitions of the units (relative
    tolerance 1e-9: a path multiplies up to a dozen rounded factors)."""
    ok = True
    for length, from_unit, to_unit, expected in CHECKS:
        result, _ = convert(converter, length, from_unit, to_unit)
        if not math.isclose(result, expected, rel_tol=1e-9):
            print('FAIL: %g %s = %r %s, expected %r'
                  % (length, from_unit, result, to_unit, expected), file=sys.stderr)
            ok = False
    if ok:
        print('checked %d conversions against the definitions of the units' % len(CHECKS))
    return ok


def usage(program):
    print('usage: %s [VALUE FROM TO...]\nunits: %s' % (program, ' '.join(UNITS)),
          file=sys.stderr)
    return 1


def main(argv):
    converter = build_converter()

    if len(argv) >= 4:
        try:
            length = float(argv[1])
        except ValueError:
            length = math.nan
        if not math.isfinite(length):
            print('not a length: %s' % argv[1], file=sys.stderr)
            return 1
        for unit in argv[2:]:
            if unit not in UNITS:
                print('unknown unit: %s' % unit, file=sys.stderr)
                return usage(argv[0])
        for to_unit in argv[3:]:
            print_conversion(converter, length, argv[2], to_unit)
        return 0
    if len(argv) != 1:
        return usage(argv[0])

    print_conversion(converter, 1, 'mi', 'km')
    if not check_conversions(converter):
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
