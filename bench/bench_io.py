#!/usr/bin/python3
# bench_io.py: saving and loading the benchmark models, next to schedula's
# save_dispatcher and load_dispatcher measured in the same run, and the
# round trip of the model files between C and Python
#
# SPDX-License-Identifier: EUPL-1.2
#
#   cd /work/main
#   meson setup _build-bio -Dbuildtype=debugoptimized && ninja -C _build-bio
#   /usr/bin/python3 bench/bench_io.py --build-dir _build-bio [--repeats R] \
#       [--only REGEX] [--schedula-path /tmp/schedula | --no-schedula] \
#       [--no-python] [--markdown FILE] [--timeout SECONDS] [MODEL.json...]
#   /usr/bin/python3 bench/bench_io.py --build-dir _build-bio --check [--only REGEX]
# or, with the defaults: meson test -C _build-bio --benchmark --suite io -v
# (bench-io and this script), meson test -C _build-bio --suite io (--check)
#
# (--build-dir gives the processes of our steps the build's library,
# typelib and bench-io, and this tree's overrides; --bench-io names another
# bench-io.)
#
# Without model arguments, the chain, dag and dag_alt models of 1k, 10k and
# 100k functions and fanout_10000 of BENCH_DIR/models run. Per model, each
# step in a fresh process (so that its peak RSS is its own), in this order:
#
#   schedula  (at --schedula-path) builds the model as bench_schedula.py
#             does (its node functions, with dill's pickles of them), then
#             schedula.utils.io.save_dispatcher R times (dill); then, in
#             another process, load_dispatcher R times, and the loaded model
#             is dispatched (targeted and full) and checked against the
#             file's "expected" block
#   C         bench-io --step save and --step load (bench-io.c: the model of
#             bench-model.c, schedula_dispatcher_save_to_file, and
#             schedula_dispatcher_new_from_file with the functions by name in
#             a SchedulaFunctionRegistry; checked the same way, and saved
#             again to the same bytes)
#   Python    the overrides: the model built through PyGObject with Python
#             node functions named as bench-model.c names its functions
#             (sum_C, raise), save_dispatcher R times; then load_dispatcher
#             with those functions in a Schedula.FunctionRegistry, R times,
#             checked as C's (--no-python skips it)
#
# save s and load s are the medians of R (gc.collect() before each; each
# load after freeing the previous model). Peak RSS is the process's
# high-water mark (VmHWM, reset through /proc/self/clear_refs) over the
# first save, the built model in it, and over the first load, reset after
# the imports and whatever the process needs before (our load steps build
# their registry from the benchmark file first, and give that memory back:
# G_SLICE=always-malloc, as GLib 2.76 and later always do, and malloc_trim).
# speed-up = schedula's time / ours. Times are printed, never asserted; a
# wrong solution or a file that does not save again to the same bytes makes
# the exit status 1.
#
# --check (a test of bench/meson.build: chain_100, the 1k and 10k models and
# fanout_10000 by default, untimed): a file saved by C loads in Python with
# Python functions of the same names and dispatches to the "expected"
# solutions, and saves again to the same bytes; a file saved by Python loads
# in C likewise. Whether C and Python save the same model to the same bytes
# is reported, not checked. Exit status 77 (skipped) when the benchmark
# models are not there.

import argparse
import ctypes
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench_util import build_env, fmt_num, fmt_ratio
import bench_executors
import bench_python

RESULT_PREFIX = '@@bench-io\t'
DEFAULT_BENCH_DIR = '/work/shared/bench'
DEFAULT_MODELS = r'^((chain|dag|dag_alt)_(1000|10000|100000)|fanout_10000)$'
CHECK_MODELS = r'^((chain|dag|dag_alt)_(100|1000|10000)|fanout_10000)$'
DEFAULT_SCHEDULA = os.environ.get('SCHEDULA_PATH') or '/tmp/schedula'
# our processes give the memory of what they free back before a load
OUR_ENV = {'G_SLICE': 'always-malloc'}

EXIT_MISMATCH = 1
EXIT_ERROR = 2
EXIT_SKIPPED = 77


# ---------------------------------------------------------------------------
# The steps, each in a process of its own
# ---------------------------------------------------------------------------

def node_functions(modulus):
    """bench_executors.node_functions() named as bench-model.c names its
    functions: a model file names them so, and a file saved by C or by
    Python loads in the other with the functions of the same names."""
    sum_fn, sleep_fn, raise_fn = bench_executors.node_functions(modulus)
    raise_fn.__name__ = 'raise'
    return sum_fn, raise_fn


class Functions(object):
    """One Python function per kind and constant of a model, as the C
    loader shares one function per parameter set."""

    def __init__(self, model):
        self.sum_fn, self.raise_fn = node_functions(model['modulus'])
        self.made = {}

    def of(self, f):
        if f['kind'] == 'raise':
            return self.raise_fn
        if f['kind'] != 'sum':
            raise ValueError('%s: kind %r (the executor models are not run)'
                             % (f['id'], f['kind']))
        c = f.get('const', 0)
        if c not in self.made:
            self.made[c] = self.sum_fn(c)
        return self.made[c]


def build_ours(sh, model):
    """The model through the overrides, as bench_executors.build_dispatcher
    does, with the functions of Functions."""
    fns = Functions(model)
    dsp = sh.Dispatcher(name=model['name'], raises=True if model['raises'] else '')
    for d in model['data']:
        dsp.add_data(d['id'])
    for f in model['functions']:
        dsp.add_function(f['id'], fns.of(f), f['inputs'], f['outputs'], weight=f.get('weight'))
    return dsp


def registry_of(sh, model):
    """A registry of the model's Python functions, by their names."""
    fns = Functions(model)
    registry = sh.FunctionRegistry.new()
    for f in model['functions']:
        fn = fns.of(f)
        if registry.lookup(fn.__name__) is None:
            registry.add(fn.__name__, sh.function(fn))
    return registry


def read_model(path):
    with open(path) as f:
        return json.load(f)


def give_memory_back():
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def timed(repeats, run, after_first):
    """@run() @repeats times, gc.collect() before each: the ns of each;
    @after_first() right after the first."""
    times = []
    for i in range(repeats):
        gc.collect()
        t = time.perf_counter_ns()
        run()
        times.append(time.perf_counter_ns() - t)
        if i == 0:
            after_first()
    return times


def add_times(res, step, times):
    res[step + '_ns'] = int(statistics.median(times))
    res[step + '_min_ns'] = min(times)
    res[step + '_first_ns'] = times[0]
    res[step + '_runs'] = len(times)


def check_loaded(res, model, dsp, saved=None, resave=None):
    """Dispatches the loaded @dsp (targeted and full) and checks each
    solution against the file's "expected" block (bench_python's checks);
    with @saved, that resave(@dsp, path) writes its bytes again."""
    c = bench_python.Checks()
    function_ids = {f['id'] for f in model['functions']}
    for label, outputs in (('targeted', model['outputs']), ('full', None)):
        r = bench_python.ModeRun(label)
        try:
            sol = dsp.dispatch(model['inputs'], outputs)
            r.first = bench_python.summarize(sol, function_ids, model['outputs'],
                                             model['modulus'])
        except Exception as exc:
            r.error = '%s: %s' % (type(exc).__name__, exc)
        sol = None
        bench_python.check_mode(c, model['outputs'], model.get('expected', {}).get(label), r)
    if saved is not None:
        with open(saved, 'rb') as f:
            want = f.read()
        with tempfile.TemporaryDirectory() as tmp:
            again = os.path.join(tmp, 'again')
            resave(dsp, again)
            with open(again, 'rb') as f:
                got = f.read()
        if got == want:
            c.check(True, 'saved again', '%d bytes' % len(got))
        else:
            line = want[:next((i for i, (a, b) in enumerate(zip(want, got)) if a != b),
                              min(len(want), len(got)))].count(b'\n') + 1
            c.check(False, 'saved again', '%d bytes, not %d; they differ from line %d'
                    % (len(got), len(want), line))
    res['n_checks'], res['n_mismatch'] = c.n_checks, c.n_mismatch
    if c.n_mismatch:
        res['status'] = 'mismatch'


def step_save(res, path, file, repeats, build, save):
    """The save step: the model built by @build(model), then @save(dsp,
    @file) @repeats times."""
    peak = bench_python.PeakRss()
    res['rss_start_kib'] = bench_python.current_rss_kib()
    model = read_model(path)
    t = time.perf_counter_ns()
    dsp = build(model)
    res['build_ns'] = time.perf_counter_ns() - t
    res['n_functions'] = len(model['functions'])
    del model
    gc.collect()
    res['build_peak_kib'] = peak.hwm_kib()
    peak.reset()
    add_times(res, 'save', timed(repeats, lambda: save(dsp, file),
                                 lambda: res.update(save_peak_kib=peak.hwm_kib())))
    res['file_bytes'] = os.path.getsize(file)


def step_load(res, path, file, repeats, load, registry=None, resave=None):
    """The load step: @load(@file, registry) @repeats times, the
    registry from @registry(model) first (its memory given back), then the
    checks of the last model loaded."""
    peak = bench_python.PeakRss()
    res['rss_start_kib'] = bench_python.current_rss_kib()
    reg = None
    if registry is not None:
        reg = registry(read_model(path))
    give_memory_back()
    res['rss_before_kib'] = bench_python.current_rss_kib()
    peak.reset()
    loaded = []

    def run():
        del loaded[:]
        gc.collect()
        loaded.append(load(file, reg))

    add_times(res, 'load', timed(repeats, run, lambda: res.update(load_peak_kib=peak.hwm_kib())))
    check_loaded(res, read_model(path), loaded[0], file if resave else None, resave)


def import_schedula(schedula_path, bench_dir):
    """schedula, its io and bench_schedula (whose node functions the
    pickles name), imported before anything is timed."""
    sys.path[:0] = [schedula_path, bench_dir]
    os.environ['SCHEDULA_PATH'] = schedula_path
    import schedula
    import dill  # noqa: F401 (what schedula's io pickles with)
    import bench_schedula
    from schedula.utils import io
    return schedula, io, bench_schedula


def import_overrides():
    import gi
    gi.require_version('Schedula', '1.0')
    from gi.repository import Schedula as sh
    if not hasattr(sh, 'save_dispatcher'):
        raise SystemExit('the overrides have no save_dispatcher: a build without the io '
                         'feature, or PYTHONPATH without bindings/python')
    return sh


def run_step(args):
    kind, path, file = args.step
    res = {'step': kind, 'status': 'ok'}
    try:
        if kind.startswith('schedula-'):
            sh, io, bench_schedula = import_schedula(args.schedula_path, args.bench_dir)
            res['version'] = sh.__version__
            if kind == 'schedula-save':
                step_save(res, path, file, args.repeats,
                          lambda m: bench_schedula.build_dispatcher(m, sh), io.save_dispatcher)
            else:
                step_load(res, path, file, args.repeats, lambda f, reg: io.load_dispatcher(f))
        elif kind == 'python-save':
            sh = import_overrides()
            step_save(res, path, file, args.repeats, lambda m: build_ours(sh, m),
                      sh.save_dispatcher)
        elif kind == 'python-load':
            sh = import_overrides()
            step_load(res, path, file, args.repeats,
                      lambda f, reg: sh.load_dispatcher(f, registry=reg),
                      lambda m: registry_of(sh, m), sh.save_dispatcher)
        else:
            raise SystemExit('--step: schedula-save, schedula-load, python-save or python-load')
    except ImportError as exc:
        res.update(status='skipped', why='cannot import %s' % exc.name)
    print(RESULT_PREFIX + '\t'.join('%s=%s' % (k, v) for k, v in res.items() if v is not None),
          flush=True)
    return EXIT_MISMATCH if res['status'] == 'mismatch' else 0


# ---------------------------------------------------------------------------
# The parent: the steps of each model, then the table
# ---------------------------------------------------------------------------

def parse_result(line):
    res = {}
    for field in line[len(RESULT_PREFIX):].split('\t'):
        k, _, v = field.partition('=')
        res[k] = int(v) if re.fullmatch(r'-?[0-9]+', v) else v
    return res


def run_process(argv, env, timeout):
    """Runs a step, echoing its lines: its result, with 'problem' when it
    failed."""
    res = {}
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {'problem': 'timed out after %d s' % timeout}
    for line in p.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            res = parse_result(line)
        else:
            print(line, flush=True)
    if res.get('status') not in ('ok', 'skipped') or p.returncode != 0:
        tail = (p.stderr.strip().splitlines() or [''])[-1]
        res['problem'] = '%s (exit %d)%s' % (res.get('status', 'no result'), p.returncode,
                                             ': ' + tail if tail else '')
    return res


class Runner(object):
    def __init__(self, args):
        self.args = args
        self.env = build_env(args.build_dir) if args.build_dir else dict(os.environ)
        self.env.update(OUR_ENV)
        self.bench_io = args.bench_io or (os.path.join(args.build_dir, 'bench', 'bench-io')
                                          if args.build_dir else 'bench-io')

    def c(self, step, path, file, repeats):
        return run_process([self.bench_io, '--step', step, '--repeats=%d' % repeats, path, file],
                           self.env, self.args.timeout)

    def py(self, step, path, file, repeats):
        return run_process([sys.executable, os.path.abspath(__file__), '--step', step, path, file,
                            '--repeats=%d' % repeats, '--schedula-path', self.args.schedula_path,
                            '--bench-dir', self.args.bench_dir],
                           self.env, self.args.timeout)


def collect_models(args, default):
    # the models named are run, those of the directory by default only some
    only = re.compile(args.only or ('' if args.models else default))
    paths = args.models or [os.path.join(args.bench_dir, 'models', f)
                            for f in sorted(os.listdir(os.path.join(args.bench_dir, 'models')))]
    names = [(os.path.basename(p)[:-len('.json')], p) for p in paths if p.endswith('.json')]
    models = [(n, p) for n, p in names if only.search(n) and not n.startswith('exec_')
              and n != 'index']
    return sorted(models, key=lambda np: bench_python.natural_key(np[0]))


def mib(kib):
    return '-' if kib is None or kib < 0 else '%.1f' % (kib / 1024.0)


def pair(res, fmt, a, b):
    return '%s / %s' % (fmt(res.get(a)), fmt(res.get(b)))


def seconds(ns):
    return fmt_num(ns / 1e9) if isinstance(ns, int) and ns >= 0 else '-'


def speed_up(ref, ours, key):
    a, b = ref.get(key), ours.get(key)
    return fmt_ratio(a / b) if isinstance(a, int) and isinstance(b, int) and b > 0 else '-'


def side_cells(save, load, ref=None):
    """The cells of one implementation: s save / load, peak MiB save /
    load, file MiB, and the speed-ups over @ref's."""
    if save.get('status') == 'skipped' or 'save_ns' not in save:
        why = save.get('why') or save.get('problem') or 'not run'
        return [why, '-', '-'] + (['-'] if ref is not None else [])
    res = dict(save, **{k: v for k, v in load.items() if k.startswith('load')})
    cells = ['%s / %s' % (seconds(res.get('save_ns')), seconds(res.get('load_ns'))),
             pair(res, mib, 'save_peak_kib', 'load_peak_kib'),
             '%.2f' % (res['file_bytes'] / 1048576.0)]
    if ref is not None:
        cells.append('%s / %s' % (speed_up(ref[0], save, 'save_ns'),
                                  speed_up(ref[1], load, 'load_ns')))
    return cells


def check_cell(row):
    problems = ['%s: %s' % (k, r['problem']) for k, r in sorted(row['steps'].items())
                if r.get('problem')]
    if problems:
        return 'PROBLEM ' + '; '.join(problems)
    n = sum(r.get('n_checks', 0) for r in row['steps'].values())
    return 'OK (%d)' % n


def render(rows, header):
    out = ['### Model files: save and load, libschedula-glib and schedula in the same run', '']
    out += ['- ' + h for h in header]
    out += ['', '| model | functions | schedula s save / load | schedula peak MiB save / load '
            '| schedula file MiB | C s save / load | C peak MiB save / load | C file MiB '
            '| C speed-up save / load | Python s save / load | Python peak MiB save / load '
            '| Python file MiB | Python speed-up save / load | check |',
            '|---|---:|---|---|---:|---|---|---:|---|---|---|---:|---|---|']
    for row in rows:
        s = row['steps']
        sch = (s.get('schedula-save', {}), s.get('schedula-load', {}))
        ref = sch if 'save_ns' in sch[0] else ({}, {})
        cells = [row['name'], str(s.get('save', {}).get('n_functions', '-'))]
        cells += side_cells(*sch)
        cells += side_cells(s.get('save', {}), s.get('load', {}), ref)
        cells += side_cells(s.get('python-save', {'why': 'not run'}), s.get('python-load', {}), ref)
        cells.append(check_cell(row))
        out.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(out) + '\n'


def machine_header(args, runner, rows):
    with open('/proc/loadavg') as f:
        load = f.read().strip()
    versions = sorted({r['version'] for row in rows for r in row['steps'].values()
                       if 'version' in r})
    return [
        '%s; Python %s; %d CPUs; load average %s' % (time.strftime('%F %T'),
                                                     sys.version.split()[0], os.cpu_count(), load),
        'ours: %s (%s); schedula: %s' % (
            runner.bench_io, args.build_dir or 'environment',
            'not run' if args.no_schedula else
            '%s (%s)' % (args.schedula_path, ', '.join(versions) or 'not found')),
        'each step in a fresh process; save s and load s = median of %d (schedula: '
        'schedula.utils.io save_dispatcher / load_dispatcher, dill; C: '
        'schedula_dispatcher_save_to_file / new_from_file; Python: the overrides\' '
        'save_dispatcher / load_dispatcher); peak MiB = the process\'s RSS high-water mark over '
        'the first save (the built model in it) and over the first load; speed-up = schedula\'s '
        'time / ours; check = the loaded models\' targeted and full solutions are what the '
        'files\' "expected" block says (all three), and ours save again to the same bytes'
        % args.repeats,
    ]


def benchmark(args):
    runner = Runner(args)
    rows, failed = [], False
    # (prefix of the steps, how they run, extension of the file)
    sides = [('', runner.c, 'c.json')]
    if not args.no_schedula:
        sides.insert(0, ('schedula-', runner.py, 'dill'))
    if not args.no_python:
        sides.append(('python-', runner.py, 'py.json'))
    with tempfile.TemporaryDirectory(prefix='bench-io-') as tmp:
        for name, path in collect_models(args, DEFAULT_MODELS):
            print('== %s (%s)' % (name, path), flush=True)
            steps = {}
            for prefix, run, ext in sides:
                file = os.path.join(tmp, '%s.%s' % (name, ext))
                steps[prefix + 'save'] = run(prefix + 'save', path, file, args.repeats)
                if 'save_ns' in steps[prefix + 'save']:
                    steps[prefix + 'load'] = run(prefix + 'load', path, file, args.repeats)
                if os.path.exists(file):
                    os.remove(file)
            for k, r in steps.items():
                if r.get('problem'):
                    failed = True
                    print('  %s: %s' % (k, r['problem']), flush=True)
            rows.append({'name': name, 'steps': steps})
    tables = render(rows, machine_header(args, runner, rows))
    print('\n' + tables)
    if args.markdown:
        with open(args.markdown, 'w') as f:
            f.write(tables)
    return EXIT_MISMATCH if failed else 0


def check(args):
    """A file saved by C loads in Python, one saved by Python in C."""
    runner = Runner(args)
    failed = False
    with tempfile.TemporaryDirectory(prefix='bench-io-check-') as tmp:
        for name, path in collect_models(args, CHECK_MODELS):
            print('== %s (%s)' % (name, path), flush=True)
            c_file = os.path.join(tmp, name + '.c.json')
            py_file = os.path.join(tmp, name + '.py.json')
            for what, run, step, file in (
                    ('saved by C', runner.c, 'save', c_file),
                    ('saved by C, loaded by Python', runner.py, 'python-load', c_file),
                    ('saved by Python', runner.py, 'python-save', py_file),
                    ('saved by Python, loaded by C', runner.c, 'load', py_file)):
                print('  -- %s' % what, flush=True)
                res = run(step, path, file, 1)
                ok = not res.get('problem')
                failed |= not ok
                print('  [%s] %s%s' % ('OK' if ok else 'MISMATCH', what,
                                       ': ' + res['problem'] if not ok else ''), flush=True)
            if os.path.exists(c_file) and os.path.exists(py_file):
                with open(c_file, 'rb') as a, open(py_file, 'rb') as b:
                    same = a.read() == b.read()
                print('  note: C and Python save the model to %s bytes'
                      % ('the same' if same else 'different'), flush=True)
    print('MISMATCH: a round trip differs' if failed else 'OK: every round trip matched')
    return EXIT_MISMATCH if failed else 0


def main():
    p = argparse.ArgumentParser(description='Saving and loading the benchmark models: '
                                'libschedula-glib (C and Python) next to schedula')
    p.add_argument('models', nargs='*', metavar='MODEL.json')
    p.add_argument('--build-dir', metavar='BUILDDIR')
    p.add_argument('--bench-io', metavar='PATH', help='default BUILDDIR/bench/bench-io')
    p.add_argument('--bench-dir', default=DEFAULT_BENCH_DIR)
    p.add_argument('--repeats', type=int, default=5, help='saves and loads per model (default 5)')
    p.add_argument('--only', metavar='REGEX')
    p.add_argument('--schedula-path', default=DEFAULT_SCHEDULA)
    p.add_argument('--no-schedula', action='store_true')
    p.add_argument('--no-python', action='store_true', help='not the Python binding')
    p.add_argument('--check', action='store_true',
                   help='the round trip between C and Python, untimed')
    p.add_argument('--markdown', metavar='FILE', help='also write the table to FILE')
    p.add_argument('--timeout', type=int, default=1800, help='per step (default 1800 s)')
    p.add_argument('--step', nargs=3, metavar=('KIND', 'MODEL', 'FILE'), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.repeats < 1:
        p.error('--repeats must be at least 1')
    if args.step:
        return run_step(args)
    if not args.models and not os.path.isdir(os.path.join(args.bench_dir, 'models')):
        print('no benchmark models in %s: skipped' % args.bench_dir)
        return EXIT_SKIPPED
    return check(args) if args.check else benchmark(args)


if __name__ == '__main__':
    sys.exit(main())
