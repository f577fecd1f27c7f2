#!/usr/bin/python3
# bench_ab.py: two builds of bench-dispatch, alternating, in one run
#
#   /usr/bin/python3 bench/bench_ab.py --base OLD/bench/bench-dispatch \
#       --new NEW/bench/bench-dispatch [--rounds 10] [--repeats 21] \
#       [--models dag_1000,dag_alt_1000] [--bench-dir /work/shared/bench]
#
# Each round runs every model once with each build (in a fresh process,
# `--one MODEL.json`), the order of the two builds swapped every round, so
# that a machine whose speed drifts or jumps (this shared one can read the
# same dispatch at 0.14 and 0.27 ms in consecutive runs) weighs on both
# alike. Prints, per model and per dispatch (targeted, full), the median
# over the rounds of the runs' medians and the smallest run, for each
# build, and new / base. The builds must be of the same type.
#
# SPDX-License-Identifier: EUPL-1.2

import argparse
import os
import statistics
import subprocess
import sys


def run_one(binary, model, repeats):
    out = subprocess.run([binary, '-r', str(repeats), '--one', model],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith('@@bench-result'):
            return dict(field.split('=', 1) for field in line.split('\t')[1:])
    sys.exit('%s printed no result line for %s' % (binary, model))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--base', required=True)
    ap.add_argument('--new', required=True)
    ap.add_argument('--rounds', type=int, default=10)
    ap.add_argument('--repeats', type=int, default=21)
    ap.add_argument('--models', default='dag_1000,dag_alt_1000,dag_alt_10000')
    ap.add_argument('--bench-dir', default='/work/shared/bench')
    args = ap.parse_args()

    builds = {'base': args.base, 'new': args.new}
    models = args.models.split(',')
    times = {}
    for r in range(args.rounds):
        order = ['base', 'new'] if r % 2 == 0 else ['new', 'base']
        for model in models:
            path = os.path.join(args.bench_dir, 'models', model + '.json')
            for build in order:
                result = run_one(builds[build], path, args.repeats)
                if result.get('status') != 'ok':
                    sys.exit('%s: %s did not check out: %s' % (build, model, result))
                for kind in ('targeted', 'full'):
                    times.setdefault((model, kind, build, 'median'), []).append(
                        int(result[kind + '_ns']) / 1e6)
                    times.setdefault((model, kind, build, 'min'), []).append(
                        int(result[kind + '_min_ns']) / 1e6)

    print('| model | dispatch | base median ms | new median ms | new / base | base min | new min | new / base |')
    print('|---|---|---:|---:|---:|---:|---:|---:|')
    for model in models:
        for kind in ('targeted', 'full'):
            bm = statistics.median(times[(model, kind, 'base', 'median')])
            nm = statistics.median(times[(model, kind, 'new', 'median')])
            bl = min(times[(model, kind, 'base', 'min')])
            nl = min(times[(model, kind, 'new', 'min')])
            print('| %s | %s | %.4f | %.4f | %.3f | %.4f | %.4f | %.3f |'
                  % (model, kind, bm, nm, nm / bm, bl, nl, nl / bl))


if __name__ == '__main__':
    main()
