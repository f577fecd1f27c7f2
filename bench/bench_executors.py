#!/usr/bin/python3
# bench_executors.py: the executor models under every executor, from Python,
# next to schedula measured in the same run
#
# SPDX-License-Identifier: EUPL-1.2
#
#   cd /work/main
#   meson setup _build-xbench --buildtype=debugoptimized -Dvapi=disabled -Ddocs=disabled
#   ninja -C _build-xbench
#   /usr/bin/python3 bench/bench_executors.py --build-dir _build-xbench \
#       [--repeats R] [--sleep-repeats R] \
#       [--executors sync,async,parallel,parallel-pool,parallel-pool-6] \
#       [--raises model,silent] [--budget SECONDS] [--only REGEX] \
#       [--schedula-path /tmp/schedula | --no-schedula] [--markdown FILE] \
#       [MODEL.json...]
# or, the same with the defaults:
#   ninja -C _build-xbench bench-executors-py          (a run target)
#   meson test -C _build-xbench --benchmark --suite executors -v
#
# (--build-dir sets GI_TYPELIB_PATH, LD_LIBRARY_PATH, PYTHONPATH and
# SCHEDULA_WORKER from the build directory and this source tree, and
# re-executes the script with them; without it they come from the
# environment.)
#
# The Python counterpart of bench-executors.c: the executor models
# (exec_sleep6, exec_trivial200_chain, exec_trivial200_fan) are built with
# the overrides' schedula-like API (`from gi.repository import Schedula as
# sh`: sh.Dispatcher, add_data, add_function, dispatch(..., executor=NAME))
# and plain Python node functions, the closures of bench_schedula.py
# ("sum": (sum(inputs) + const) mod M; "sleep": time.sleep, then the sum).
# Every model runs under sync, async, parallel, parallel-pool (the
# library's default pool: one worker per processor) and parallel-pool-6 (a
# pool of 6 workers, registered with Schedula.Executor.register and
# Schedula.ProcessExecutor.new(name, False, 6)); right after each of ours,
# schedula (at --schedula-path) runs the same model under the same executor
# name in a fresh process (its parallel-pool-6 is registered as
# bench_schedula.py does), so the ratios come from one run of a noisy
# machine.
#
# schedula's process executors need the `multiprocess` package (and dill)
# for /usr/bin/python3 (Debian: python3-multiprocess, python3-dill); without
# it their rows say so and the others still run.
#
# Each model runs with its own raises policy ("model": raises=True for
# these files, as bench_schedula.py ran them) and with raises='' ("silent"),
# for both implementations: no function fails, so the solutions are the
# same, but the library makes every call of a dispatcher that may raise a
# barrier (one call at a time under any executor), which schedula does not.
#
# Python functions and worker processes: a call goes to a worker process
# only when its function has a reference another process resolves (a
# `python:` or `dill:` one, which the Python binding gives once its worker
# exists); otherwise the process executors run it in this process. Every
# node function counts its calls in this process, so the table says where
# the calls ran ("in workers": calls not made here / calls), and the header
# says how many functions have a reference: the benchmark is right either
# way and tells which happened.
#
# Per model and executor: the executor is shut down first, so the first
# dispatch starts its threads or workers ("first"); then R dispatches are
# timed (median, min, max; 2 only when the first took longer than
# --budget), each the targeted dispatch (the model's inputs and "outputs",
# as bench_schedula.py's exec cases) and the wait for its result (schedula:
# Solution.result(); the overrides: the future's result(), when dispatch()
# returns one) plus the `del` of its solution, after a gc.collect(). Every solution is checked against the
# model's expected.targeted block (schedula's are checked the same way).
#
#   own      the functions' own time: the sum of their sleeps (0 for "sum")
#   ideal    the wall time of an ideal executor with the same number of
#            slots (1 for sync, 32 for async and parallel, the pool size)
#            and no overhead: the critical path, bounded by the slots
#   overhead (median - ideal) / number of functions
#
# Timings are printed, never asserted; a wrong solution makes the exit
# status 1.

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

from bench_util import build_env, fmt_s_as_ms, fmt_us

FORMAT = 'schedula-bench-model/1'
DEFAULT_BENCH_DIR = '/work/shared/bench'
DEFAULT_MODELS = ('exec_sleep6', 'exec_trivial200_chain', 'exec_trivial200_fan')
DEFAULT_EXECUTORS = 'sync,async,parallel,parallel-pool,parallel-pool-6'
DEFAULT_SCHEDULA = os.environ.get('SCHEDULA_PATH') or '/tmp/schedula'
ENV_MARK = 'BENCH_EXECUTORS_ENV'
RESULT_PREFIX = '@@schedula-result\t'


# ---------------------------------------------------------------------------
# Models, node functions, checks: the same for both implementations
# ---------------------------------------------------------------------------

class Calls(object):
    """The calls of the node functions made in this process."""

    def __init__(self):
        self._lock = threading.Lock()
        self.n = 0

    def count(self):
        with self._lock:
            self.n += 1


CALLS = Calls()


def node_functions(modulus):
    """The functions of bench_schedula.py, counting their calls here."""
    count = CALLS.count

    def sum_fn(c):
        def f(*a):
            count()
            return (sum(a) + c) % modulus

        f.__name__ = 'sum_%d' % c
        return f

    def sleep_fn(seconds, c):
        def f(*a):
            count()
            time.sleep(seconds)
            return (sum(a) + c) % modulus

        f.__name__ = 'sleep_%g_%d' % (seconds, c)
        return f

    def raise_fn(*a):
        count()
        raise ValueError('injected failure')

    return sum_fn, sleep_fn, raise_fn


def raises_of(model, policy):
    """schedula's raises for a policy: "model" is the file's (true -> True,
    false -> '' = silent), "silent" is ''."""
    return True if model['raises'] and policy == 'model' else ''


def build_dispatcher(sh, model, policy='model'):
    """bench_schedula.build_dispatcher(), for schedula or for the overrides
    (the same calls): one closure per distinct parameter set."""
    sum_fn, sleep_fn, raise_fn = node_functions(model['modulus'])
    made = {}
    raises = raises_of(model, policy)
    dsp = sh.Dispatcher(name=model['name'], raises=raises)
    for d in model['data']:
        dsp.add_data(d['id'])
    for f in model['functions']:
        kind, c = f['kind'], f.get('const', 0)
        key = (kind, c, f.get('seconds'))
        fn = made.get(key)
        if fn is None:
            if kind == 'sum':
                fn = sum_fn(c)
            elif kind == 'sleep':
                fn = sleep_fn(f['seconds'], c)
            elif kind == 'raise':
                fn = raise_fn
            else:
                raise ValueError('unknown kind %r' % kind)
            made[key] = fn
        dsp.add_function(f['id'], fn, f['inputs'], f['outputs'], weight=f.get('weight'))
    return dsp


def own_time(f):
    return f.get('seconds', 0.0) if f['kind'] == 'sleep' else 0.0


def ideal_wall(model, slots):
    """The wall time of an executor with @slots calls at once and no
    overhead: functions in file order start when their inputs exist and a
    slot is free."""
    ready, free, wall = {}, [0.0] * slots, 0.0
    for f in model['functions']:
        start = max([ready[i] for i in f['inputs'] if i in ready] or [0.0])
        s = min(range(slots), key=free.__getitem__)
        end = max(start, free[s]) + own_time(f)
        free[s] = end
        for o in f['outputs']:
            ready[o] = min(ready.get(o, end), end)
        wall = max(wall, end)
    return wall


def check_solution(model, sol, function_ids):
    """None when the solution is what expected.targeted says, else what
    differs (bench_schedula.summarize_solution's figures)."""
    exp = model.get('expected', {}).get('targeted')
    if exp is None:
        return 'the model has no expected.targeted block'
    m = model['modulus']
    vals = dict(sol.items())
    got = {
        'n_data': len(vals),
        'n_functions_run': sum(1 for n in sol.workflow.nodes if n in function_ids),
        'checksum': sum(v for v in vals.values() if isinstance(v, int)) % m,
        'n_failed': len(getattr(sol, '_errors', None) or {}),
    }
    diff = ['%s %s (expected %s)' % (k, got[k], exp[k]) for k in got if k in exp and exp[k] != got[k]]
    if 'values' in exp:
        for k in model['outputs']:
            if (k in exp['values']) != (k in vals) or vals.get(k) != exp['values'].get(k):
                diff.append('target %s differs' % k)
                break
    return ', '.join(diff) or None


def slots_of(executor):
    if executor == 'sync':
        return 1
    if executor in ('async', 'parallel'):
        return 32
    if executor == 'parallel-pool':
        return os.cpu_count() or 1
    return pool_size_of(executor)


def pool_size_of(executor):
    m = re.fullmatch(r'parallel-pool-([1-9][0-9]*)', executor)
    return int(m.group(1)) if m else 0


def repeats_for(model, args):
    return args.sleep_repeats if any(own_time(f) for f in model['functions']) else args.repeats


def resolved(sol, executor):
    """The solution of a dispatch with an executor: schedula's dispatch
    returns a Solution whose result() waits for the pending calls, the
    overrides' a concurrent.futures.Future (or, before they had one, the
    Solution itself): the wait is part of the dispatch's time."""
    if executor:
        result = getattr(sol, 'result', None)
        if callable(result):
            return result()
    return sol


def measure(model, dispatch, repeats, budget):
    """The first dispatch, then @repeats timed ones (2 at most when the
    first took longer than @budget seconds), each checked: a dict of the
    figures. @dispatch() returns the solution."""
    function_ids = {f['id'] for f in model['functions']}
    res = {'runs_s': [], 'n_checked': 0, 'n_ok': 0, 'problem': None, 'calls_here': 0,
           'calls_total': 0}

    def once():
        gc.collect()
        calls0 = CALLS.n
        t = time.perf_counter()
        try:
            sol = dispatch()
            error = None
        except Exception as exc:  # a failed dispatch is a failed check
            sol, error = None, 'the dispatch failed: %s' % exc
        dt = time.perf_counter() - t
        if sol is not None:
            error = check_solution(model, sol, function_ids)
            # the calls of a dispatch that gave a solution: all of the model's
            res['calls_here'] += CALLS.n - calls0
            res['calls_total'] += len(function_ids)
        res['n_checked'] += 1
        if error is None:
            res['n_ok'] += 1
        elif res['problem'] is None:
            res['problem'] = 'run %d: %s' % (res['n_checked'], error)
        t = time.perf_counter()
        del sol
        return dt + (time.perf_counter() - t)

    res['first_s'] = once()
    if res['first_s'] > budget:
        repeats = min(repeats, 2)
    for _ in range(repeats):
        res['runs_s'].append(once())
    return res


# ---------------------------------------------------------------------------
# schedula, in a process of its own per case
# ---------------------------------------------------------------------------

def schedula_case(args):
    """--schedula-case MODEL.json EXECUTOR POLICY: prints one result line."""
    path, executor, policy = args.schedula_case
    with open(path) as f:
        model = json.load(f)
    res = {'model': model['name'], 'executor': executor}
    sys.path.insert(0, args.schedula_path)
    try:
        import schedula as sh
        res['schedula_version'] = sh.__version__
        if executor.startswith('parallel'):
            import multiprocess  # noqa: F401 (what schedula's process executors need)
        from schedula.utils.asy import register_executor, _parallel_pool_executor
    except ImportError as exc:
        res['skipped'] = 'cannot import %s' % exc.name
        print(RESULT_PREFIX + json.dumps(res), flush=True)
        return 0
    n = pool_size_of(executor)
    if n:
        register_executor(executor, lambda: _parallel_pool_executor(_init_kwargs={'processes': n}))
    dsp = build_dispatcher(sh, model, policy)
    ex = False if executor == 'sync' else executor
    inputs, outputs = model['inputs'], model['outputs']

    def dispatch():
        return resolved(dsp.dispatch(inputs, outputs, executor=ex), ex)

    sh.shutdown_executors()
    res.update(measure(model, dispatch, repeats_for(model, args), args.budget))
    t = time.perf_counter()
    sh.shutdown_executors()
    res['shutdown_s'] = time.perf_counter() - t
    print(RESULT_PREFIX + json.dumps(res), flush=True)
    return 0


def run_schedula(path, executor, policy, args):
    argv = [sys.executable, os.path.abspath(__file__), '--schedula-case', path, executor, policy,
            '--schedula-path', args.schedula_path, '--repeats=%d' % args.repeats,
            '--sleep-repeats=%d' % args.sleep_repeats, '--budget=%r' % args.budget]
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {'error': 'timed out after %d s' % args.timeout}
    for line in p.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    tail = (p.stderr.strip().splitlines() or ['no output'])[-1]
    return {'error': 'exit %d: %s' % (p.returncode, tail)}


# ---------------------------------------------------------------------------
# Ours
# ---------------------------------------------------------------------------

def import_overrides():
    import gi
    gi.require_version('Schedula', '1.0')
    from gi.repository import Schedula
    overrides = sys.modules.get('gi.overrides.Schedula')
    if overrides is None:
        raise SystemExit('the Schedula overrides are not loaded: PYTHONPATH must name the '
                         'bindings/python directory (or use --build-dir)')
    return Schedula, overrides


def register_pools(Schedula, executors):
    for name in executors:
        n = pool_size_of(name)
        if n:
            Schedula.Executor.register(
                name, lambda executor_name, *user_data, n=n:
                Schedula.ProcessExecutor.new(executor_name, False, n))


def references(dsp, model):
    """How many of the model's function nodes have a function with a
    reference (one another process can resolve), and an example."""
    n, example = 0, None
    for f in model['functions']:
        fn = dsp.lookup_node(f['id']).get_function()
        ref = fn.get_ref() if fn is not None else None
        if ref:
            n += 1
            example = example or ref
    return n, example


def run_ours(sh, dsp, model, executor, repeats, budget):
    ex = False if executor == 'sync' else executor
    inputs, outputs = model['inputs'], model['outputs']

    def dispatch():
        return resolved(dsp.dispatch(inputs, outputs, executor=ex), ex)

    if ex:
        sh.shutdown_executor(executor)
    res = measure(model, dispatch, repeats, budget)
    t = time.perf_counter()
    if ex:
        sh.shutdown_executor(executor)
    res['shutdown_s'] = time.perf_counter() - t
    res['refs'], res['ref_example'] = references(dsp, model)
    return res


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def median(xs):
    return statistics.median(xs) if xs else float('nan')


def overhead_us(res, row):
    return (median(res['runs_s']) - row['ideal_s']) * 1e6 / row['n_functions']


def where(res, row):
    """Calls not made in the dispatching process / calls, over the
    dispatches that gave a solution."""
    if not row['executor'].startswith('parallel'):
        return '(in process)'
    total = res['calls_total']
    return '%d/%d' % (max(total - res['calls_here'], 0), total)


def check_text(res):
    if res.get('problem'):
        return 'MISMATCH %d/%d: %s' % (res['n_checked'] - res['n_ok'], res['n_checked'],
                                       res['problem'])
    return 'OK %d/%d' % (res['n_ok'], res['n_checked'])


def render(rows, header):
    out = ['### libschedula-glib executors from Python, and schedula in the same run', '']
    out += ['- ' + h for h in header]
    out += ['', '| model | executor | raises | slots | first ms | median ms | min-max ms | own ms | ideal ms '
            '| overhead/task us | in workers | check | schedula first ms | schedula median ms '
            '| schedula overhead/task us | schedula in workers | schedula check '
            '| schedula / ours |',
            '|---|---|---|---:|---:|---:|---|---:|---:|---:|---|---|---:|---:|---:|---|---|---:|']
    for row in rows:
        o, s = row['ours'], row.get('schedula') or {}
        med = median(o['runs_s'])
        if 'runs_s' in s:
            s_cells = [fmt_s_as_ms(s['first_s']), fmt_s_as_ms(median(s['runs_s'])),
                       fmt_us(overhead_us(s, row)), where(s, row), check_text(s),
                       '%.2fx' % (median(s['runs_s']) / med) if med > 0 else '-']
        else:
            why = s.get('skipped') or s.get('error') or 'not run'
            s_cells = ['-', '-', '-', '-', why, '-']
        out.append('| ' + ' | '.join([
            row['model'], row['executor'], row['raises'], str(row['slots']),
            fmt_s_as_ms(o['first_s']), fmt_s_as_ms(med),
            '%s-%s' % (fmt_s_as_ms(min(o['runs_s'])), fmt_s_as_ms(max(o['runs_s']))),
            fmt_s_as_ms(row['own_s']), fmt_s_as_ms(row['ideal_s']), fmt_us(overhead_us(o, row)),
            where(o, row), check_text(o)] + s_cells) + ' |')
    return '\n'.join(out) + '\n'


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def setup_env(build_dir):
    """Re-executes the script with the build directory's typelib, library,
    worker and this tree's overrides."""
    build_dir = os.path.abspath(build_dir)
    env = build_env(build_dir)
    env.setdefault('SCHEDULA_WORKER', os.path.join(build_dir, 'tools', 'schedula-worker'))
    env[ENV_MARK] = build_dir
    argv = [sys.executable, os.path.abspath(__file__)] + sys.argv[1:]
    os.execve(sys.executable, argv, env)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('models', nargs='*', metavar='MODEL.json')
    p.add_argument('--build-dir', metavar='BUILDDIR')
    p.add_argument('--bench-dir', default=DEFAULT_BENCH_DIR)
    p.add_argument('--repeats', type=int, default=20,
                   help='timed dispatches after the first one, trivial models (default 20)')
    p.add_argument('--sleep-repeats', type=int, default=3,
                   help='timed dispatches after the first one, sleep models (default 3)')
    p.add_argument('--budget', type=float, default=5.0,
                   help='when a first dispatch takes longer than SECONDS, time 2 more only '
                   '(default 5)')
    p.add_argument('--executors', default=DEFAULT_EXECUTORS)
    p.add_argument('--only', metavar='REGEX')
    p.add_argument('--schedula-path', default=DEFAULT_SCHEDULA)
    p.add_argument('--no-schedula', action='store_true')
    p.add_argument('--markdown', metavar='FILE')
    p.add_argument('--timeout', type=int, default=900, help='per schedula case (default 900 s)')
    p.add_argument('--raises', default='model,silent',
                   help='raises policies: model (the file\'s, raises=True for these models), '
                   'silent (raises=\'\'; sync is not run again) (default model,silent)')
    p.add_argument('--schedula-case', nargs=3, metavar=('MODEL', 'EXECUTOR', 'POLICY'),
                   help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.schedula_case:
        return schedula_case(args)
    if args.build_dir and os.environ.get(ENV_MARK) != os.path.abspath(args.build_dir):
        setup_env(args.build_dir)

    sh, overrides = import_overrides()
    from gi.repository import GObject
    executors = [e.strip() for e in args.executors.split(',') if e.strip()]
    for e in executors:
        if e not in ('sync', 'async', 'parallel', 'parallel-pool') and not pool_size_of(e):
            raise SystemExit('unknown executor %s' % e)
    register_pools(sh, executors)
    paths = args.models or [os.path.join(args.bench_dir, 'models', m + '.json')
                            for m in DEFAULT_MODELS]
    only = re.compile(args.only) if args.only else None
    policies = [x.strip() for x in args.raises.split(',') if x.strip()]
    if not policies or any(x not in ('model', 'silent') for x in policies):
        raise SystemExit('--raises: a list of model and silent')

    try:
        import multiprocess  # noqa: F401
        mp = 'multiprocess %s' % multiprocess.__version__
    except ImportError:
        mp = 'multiprocess MISSING (schedula\'s parallel executors cannot run)'
    try:
        import dill
        mp += ', dill %s' % dill.__version__
    except ImportError:
        mp += ', dill MISSING'
    with open('/proc/loadavg') as f:
        load = f.read().strip()
    header = [
        '%s; libschedula-glib %s, PyGObject %s, Python %s; %d CPUs; load average %s'
        % (time.strftime('%F %T'), getattr(sh, 'VERSION_S', '?'),
           '.'.join(map(str, GObject.pygobject_version)), sys.version.split()[0],
           os.cpu_count(), load),
        'overrides %s; worker %s' % (overrides.__file__, os.environ.get('SCHEDULA_WORKER', '(default)')),
        'schedula: %s; %s' % ('not run (--no-schedula)' if args.no_schedula else args.schedula_path,
                              mp),
        'parallel-pool = the default pool (one worker per processor: %d); parallel-pool-N = a '
        'pool of N workers (ours: Schedula.ProcessExecutor.new(name, False, N); schedula: '
        '_parallel_pool_executor(processes=N)); async = 32 threads (schedula: a thread per call); '
        'parallel = a new process per call' % (os.cpu_count() or 1),
        'first = the first dispatch on a fresh executor; median (min-max) of %d dispatches after '
        'it (%d for sleep models, 2 when the first took more than %g s), each = dispatch + del '
        'of the solution; own = the functions\' own time; ideal = the wall time of an executor with the same slots and no overhead; '
        'overhead/task = (median - ideal) / functions; in workers = calls not made in the '
        'dispatching process / calls; schedula / ours = ratio of the medians'
        % (args.repeats, args.sleep_repeats, args.budget),
    ]

    rows, failed, notes = [], False, []
    for path in paths:
        with open(path) as f:
            model = json.load(f)
        if model.get('format') != FORMAT:
            raise SystemExit('%s: format %r, not %r' % (path, model.get('format'), FORMAT))
        if only and not only.search(model['name']):
            continue
        dsp = build_dispatcher(sh, model)
        print('== %s: %d functions' % (model['name'], len(model['functions'])), flush=True)
        n_ref, example = 0, None
        for policy, executor in [(p, e) for p in policies for e in executors]:
            if policy == 'silent' and executor == 'sync' and len(policies) > 1:
                continue  # no call waits for another under sync: the policy changes nothing
            dsp.raises = raises_of(model, policy)
            row = {'model': model['name'], 'executor': executor, 'slots': slots_of(executor),
                   'raises': policy if policy == 'silent' else
                   'model (%s)' % ('RAISE' if model['raises'] else 'silent'),
                   'n_functions': len(model['functions']),
                   'own_s': sum(own_time(f) for f in model['functions']),
                   'ideal_s': ideal_wall(model, slots_of(executor))}
            row['ours'] = o = run_ours(sh, dsp, model, executor, repeats_for(model, args),
                                       args.budget)
            if o['refs'] > n_ref:
                n_ref, example = o['refs'], o['ref_example']
            print('  ours     %-16s %-6s first %s ms, median %s ms, %s in workers, %s'
                  % (executor, policy, fmt_s_as_ms(o['first_s']),
                     fmt_s_as_ms(median(o['runs_s'])), where(o, row), check_text(o)), flush=True)
            failed |= bool(o['problem'])
            if not args.no_schedula:
                row['schedula'] = s = run_schedula(path, executor, policy, args)
                if 'runs_s' in s:
                    print('  schedula %-16s %-6s first %s ms, median %s ms, %s in workers, %s'
                          % (executor, policy, fmt_s_as_ms(s['first_s']),
                             fmt_s_as_ms(median(s['runs_s'])), where(s, row), check_text(s)),
                          flush=True)
                    failed |= bool(s['problem'])
                else:
                    print('  schedula %-16s %-6s %s' % (executor, policy,
                                                         s.get('skipped') or s.get('error')),
                          flush=True)
            rows.append(row)
        # the overrides give a function its reference when a dispatch with a
        # process executor needs it: counted after the dispatches
        note = '%s: after the dispatches, %d of %d node functions have a reference%s' % (
            model['name'], n_ref, len(model['functions']),
            ' (for instance %s)' % (example if len(example) < 80 else example[:60] + '...')
            if example else ': under parallel and parallel-pool their calls run in this process')
        notes.append(note)
        print('  ' + note, flush=True)

    header += notes
    tables = render(rows, header)
    print('\n' + tables)
    if args.markdown:
        with open(args.markdown, 'w') as f:
            f.write(tables)
    # wrong solutions fail the run; timings never do
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
