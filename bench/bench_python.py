#!/usr/bin/python3
# bench_python.py: dispatch the benchmark models through the PyGObject
# overrides, check and time them
#
# SPDX-License-Identifier: EUPL-1.2
#
#   meson setup _build-pybench --buildtype=release && ninja -C _build-pybench
#   GI_TYPELIB_PATH=_build-pybench/libschedula-glib \
#   LD_LIBRARY_PATH=_build-pybench/libschedula-glib \
#   PYTHONPATH=bindings/python \
#   /usr/bin/python3 bench/bench_python.py [--repeats R] [--only REGEX] \
#       [--markdown FILE] [--timeout SECONDS] [MODEL.json|DIR...]
#
# (or, without the three variables: bench/bench_python.py --build-dir
# _build-pybench ...; the model processes get them from the build directory)
#
# The Python counterpart of bench/bench-dispatch.c: loads the neutral
# benchmark models ("schedula-bench-model/1", written by bench_schedula.py),
# builds each one with the overrides' keyword API (`from gi.repository import
# Schedula as sh`; sh.Dispatcher, add_data, add_function, dispatch) and plain
# Python node functions with exactly the semantics of bench_schedula.py
# ("sum": (sum(inputs) + const) mod M, one closure per non-zero const and one
# shared function for const 0; "raise": raises ValueError), checks the
# solutions against the file's "expected" block (what schedula computed) and
# reports build/dispatch times, µs per function and peak RSS next to the
# reference's figures from schedula_baseline.json.
#
# Each model runs in a fresh process (the script re-executes itself with
# --one FILE) so that the peak RSS is the one of that model alone. The child
# prints human-readable check lines and one machine-readable line starting
# with "@@bench-result" (a JSON object); the parent collects these lines and
# prints the markdown tables at the end.
#
# Per model (child):
#   build     sh.Dispatcher(...) and its add_data/add_function calls (the
#             JSON parse is timed on its own); schedula's build_s is the same
#             span (its generator makes the model in memory)
#   first     the first dispatch, targeted (inputs + "outputs"), right after
#             the build; it includes the library's one-time compile of the
#             model. Then a first full dispatch (inputs only). Both are
#             untimed for the table's medians and not summarized: they give
#             the memory figures (below)
#   targeted  a warm-up targeted dispatch, then the median of R timed ones
#   full      a warm-up full dispatch, then the median of R timed ones
#   A dispatch's time is the dsp.dispatch() call plus the `del` of the only
#   reference to its solution (schedula's timings include freeing the
#   previous solution too); summarizing the solution in between is not
#   timed, and gc.collect() runs before each timed dispatch (as in
#   bench_schedula.py). Every solution after the first two is summarized
#   with the overrides' schedula API, as bench_schedula.py does (dict(sol),
#   sol.workflow.nodes, dsp.function_nodes, sol._errors): number of values,
#   functions in the workflow, checksum (sum of the int values mod M),
#   errors, target values; the warm-up one of each kind is compared with
#   "expected" and all later ones with it. Whether `del` really freed the
#   solution is watched with a GObject weak reference and reported.
#   memory    peak RSS = the highest of the RSS high-water marks of the
#             imports + JSON parse + build, of the first targeted dispatch
#             and of the first full one (the mark is reset through
#             /proc/self/clear_refs before each dispatch and read before its
#             `del`): nothing of the checks' Python views of the solutions is
#             in it. The process peak with the checks is reported too.

import argparse
import gc
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import time

from bench_util import build_env, fmt_num, fmt_ns_as_ms, fmt_ratio

RESULT_PREFIX = '@@bench-result\t'
FORMAT = 'schedula-bench-model/1'
DEFAULT_BENCH_DIR = '/work/shared/bench'
EXEC_FAMILIES = ('exec_sleep', 'exec_trivial_fan', 'exec_trivial_chain')

EXIT_MISMATCH = 1
EXIT_ERROR = 2


# ---------------------------------------------------------------------------
# Child: one model
# ---------------------------------------------------------------------------

def now():
    return time.perf_counter_ns()


def current_rss_kib():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') // 1024


class PeakRss(object):
    """The RSS high-water mark (VmHWM) of this process, which Linux resets
    when "5" is written to /proc/self/clear_refs; the process peak over all
    the resets is kept too."""

    def __init__(self):
        self.process_peak_kib = 0
        try:
            with open('/proc/self/clear_refs', 'w') as f:
                f.write('5')
            self.resettable = True
        except OSError:
            self.resettable = False

    def hwm_kib(self):
        try:
            with open('/proc/self/status') as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        hwm = int(line.split()[1])
                        break
                else:
                    raise OSError('no VmHWM')
        except (OSError, ValueError):
            # ru_maxrss is KiB on Linux
            hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # the kernel's counters can lag the current RSS by a few pages
        return max(hwm, current_rss_kib())

    def reset(self):
        self.process_peak_kib = max(self.process_peak_kib, self.hwm_kib())
        if self.resettable:
            with open('/proc/self/clear_refs', 'w') as f:
                f.write('5')

    def process_kib(self):
        return max(self.process_peak_kib, self.hwm_kib())


def first_dispatch(dsp, inputs, outputs, peak):
    """One of the first two dispatches, right after the build (nothing
    summarized yet, so nothing of the checks is in the RSS): its time
    (dispatch + `del` of the solution), the RSS before it, its peak RSS (read
    before the `del`, untimed) and whether the `del` freed the solution;
    or, if the dispatch raised, the exception as 'error'."""
    freed = []
    gc.collect()
    peak.reset()
    base = current_rss_kib()
    try:
        t0 = now()
        sol = dsp.dispatch(inputs, outputs)
        dispatch_ns = now() - t0
    except Exception as exc:
        return {'error': '%s: %s' % (type(exc).__name__, exc)}
    hwm = peak.hwm_kib()
    sol.weak_ref(freed.append, True)
    t0 = now()
    del sol
    free_ns = now() - t0
    return {'ns': dispatch_ns + free_ns, 'free_ns': free_ns, 'rss_before_kib': base,
            'peak_kib': hwm, 'freed': bool(freed)}


def node_functions(modulus):
    """The node functions of bench_schedula.py: (sum_fn(const), raise)."""

    def _sum0(*a):
        return sum(a) % modulus

    def _sum_fn(c):
        if c == 0:
            return _sum0

        def f(*a):
            return (sum(a) + c) % modulus

        return f

    def _raise(*a):
        raise ValueError('injected failure')

    return _sum_fn, _raise


def build_dispatcher(sh, model):
    """bench_schedula.build_dispatcher() with the overrides."""
    sum_fn, raise_fn = node_functions(model['modulus'])
    raises = True if model['raises'] else ''  # '' == silent (no logging)
    dsp = sh.Dispatcher(name=model['name'], raises=raises)
    add_data, add_function = dsp.add_data, dsp.add_function
    for d in model['data']:
        add_data(d['id'])
    for f in model['functions']:
        kind = f['kind']
        if kind == 'sum':
            fn = sum_fn(f.get('const', 0))
        elif kind == 'raise':
            fn = raise_fn
        else:
            raise ValueError('unknown kind %r' % kind)
        add_function(f['id'], fn, f['inputs'], f['outputs'], weight=f.get('weight'))
    return dsp


def summarize(sol, function_ids, outputs, modulus):
    """bench_schedula.summarize_solution(), plus the number of values that
    are not ints (the checksum ignores them) and whether the targets hold
    ints."""
    vals = dict(sol.items())
    ints = [v for v in vals.values() if type(v) is int]
    s = {
        'n_data': len(vals),
        'n_functions_run': sum(1 for n in sol.workflow.nodes if n in function_ids),
        'checksum': sum(ints) % modulus,
        'n_failed': len(sol._errors or {}),
        'n_non_int': len(vals) - len(ints),
        'values': {k: vals[k] for k in outputs if k in vals},
    }
    return s


def summary_diff(a, b):
    """None when equal, else what differs."""
    d = []
    for field in ('n_data', 'n_functions_run', 'n_failed', 'checksum', 'n_non_int'):
        if a[field] != b[field]:
            d.append('%s %r vs %r' % (field, a[field], b[field]))
    if a['values'] != b['values']:
        d.append('target values differ')
    return ', '.join(d) or None


class ModeRun(object):
    def __init__(self, label):
        self.label = label
        self.warmup_ns = None
        self.warmup_free_ns = None
        self.times = []         # ns of the timed repeats (dispatch + del)
        self.free_times = []    # ns of the del alone
        self.first = None       # the summary checked against "expected"
        self.error = None       # the dispatch raised
        self.n_runs = 0         # later solutions compared with the first
        self.n_unstable = 0
        self.unstable = None
        self.n_solutions = 0    # solutions dispatched
        self.n_not_freed = 0    # ... still alive right after their `del`


def run_mode(ctx, outputs, r, repeats, budget):
    dsp, inputs = ctx['dsp'], ctx['inputs']
    function_ids, targets, modulus = ctx['function_ids'], ctx['targets'], ctx['modulus']

    def once():
        """One timed dispatch; returns (ns, free_ns, summary)."""
        freed = []
        t0 = now()
        sol = dsp.dispatch(inputs, outputs)
        dispatch_ns = now() - t0
        s = summarize(sol, function_ids, targets, modulus)
        sol.weak_ref(freed.append, True)
        t0 = now()
        del sol
        free_ns = now() - t0
        r.n_solutions += 1
        if not freed:
            r.n_not_freed += 1
        return dispatch_ns + free_ns, free_ns, s

    try:
        r.warmup_ns, r.warmup_free_ns, r.first = once()
    except Exception as exc:  # the timing of failing dispatches means nothing
        r.error = '%s: %s' % (type(exc).__name__, exc)
        return

    if r.warmup_ns / 1e9 > budget and repeats > 1:
        print('  note: the warm-up %s dispatch took %.1f s > %.0f s budget: 1 timed repeat only'
              % (r.label, r.warmup_ns / 1e9, budget))
        repeats = 1
    for i in range(repeats):
        gc.collect()
        try:
            ns, free_ns, s = once()
        except Exception as exc:
            s = None
            err = '%s: %s' % (type(exc).__name__, exc)
        else:
            r.times.append(ns)
            r.free_times.append(free_ns)
        r.n_runs += 1
        diff = summary_diff(r.first, s) if s is not None else 'dispatch failed: ' + err
        if diff is not None:
            r.n_unstable += 1
            if r.unstable is None:
                r.unstable = 'run %d: %s' % (i + 2, diff)


class Checks(object):
    def __init__(self):
        self.n_checks = 0
        self.n_mismatch = 0

    def check(self, ok, what, detail):
        self.n_checks += 1
        if not ok:
            self.n_mismatch += 1
        print('  [%s] %s: %s' % ('OK' if ok else 'MISMATCH', what,
                                 ' '.join(str(detail).splitlines())))

    def check_int(self, mode, field, expected, got):
        what = '%s %s' % (mode, field)
        if expected == got:
            self.check(True, what, got)
        else:
            self.check(False, what, 'expected %r, got %r' % (expected, got))


def check_mode(c, targets, exp, r):
    mode = r.label
    if r.first is None:
        c.check(False, '%s dispatch' % mode, 'failed: %s' % r.error)
        return
    s = r.first
    if s['n_non_int']:
        print('  note: %s solution has %d values that are not ints (not in the checksum)'
              % (mode, s['n_non_int']))
    if exp is None:
        print('  note: no expected.%s block in the file: nothing to compare' % mode)
    else:
        if 'values' in exp:
            want = exp['values']
            bad = []
            n_unreached = 0
            for k in targets:
                got = s['values'].get(k, '<absent>')
                if k in want:
                    ok = type(got) is int and got == want[k]
                else:  # schedula did not reach it: neither must we
                    n_unreached += 1
                    ok = got == '<absent>'
                if not ok:
                    bad.append('%s expected %s, got %r'
                               % (k, want.get(k, '<absent>'), got))
            extra = [k for k in want if k not in targets]
            if extra:
                bad.append('expected.%s.values has ids that are not in "outputs"' % mode)
            if not bad:
                c.check(True, '%s values' % mode, '%d target values equal%s'
                        % (len(want), ' and the unreached targets absent' if n_unreached else ''))
            else:
                c.check(False, '%s values' % mode, '%d wrong: %s%s'
                        % (len(bad), '; '.join(bad[:8]), '; ...' if len(bad) > 8 else ''))
        for field in ('n_data', 'n_functions_run', 'checksum', 'n_failed'):
            if field in exp:
                c.check_int(mode, field, exp[field], s[field])
    if r.n_runs:
        what = '%s repeatable' % mode
        if r.n_unstable == 0:
            c.check(True, what, '%d later solutions identical to the first' % r.n_runs)
        else:
            c.check(False, what, '%d of %d later solutions differ from the first (%s)'
                    % (r.n_unstable, r.n_runs, r.unstable))


def library_info(Schedula):
    """Version, path and build type of the libschedula-glib this process
    loaded."""
    info = {'version': Schedula.VERSION_S, 'buildtype': '?', 'library': '?'}
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                path = line.split()[-1]
                if '/libschedula-glib' in path and '.so' in path:
                    info['library'] = path
                    break
        opts = os.path.join(os.path.dirname(os.path.dirname(info['library'])),
                            'meson-info', 'intro-buildoptions.json')
        with open(opts) as f:
            for o in json.load(f):
                if o.get('name') == 'buildtype':
                    info['buildtype'] = o.get('value')
    except (OSError, ValueError, IndexError):
        pass
    return info


def median(xs):
    return int(statistics.median(xs)) if xs else None


def mode_result(res, key, r):
    ok = r.first is not None
    res[key + '_warmup_ns'] = r.warmup_ns if ok else None
    res[key + '_ns'] = median(r.times)
    res[key + '_min_ns'] = min(r.times) if r.times else None
    res[key + '_max_ns'] = max(r.times) if r.times else None
    res[key + '_runs'] = len(r.times)
    res[key + '_runs_ns'] = r.times
    res[key + '_free_ns'] = median(r.free_times)
    res[key + '_functions_run'] = r.first['n_functions_run'] if ok else None
    res[key + '_failed'] = r.first['n_failed'] if ok else None
    res[key + '_not_freed'] = r.n_not_freed
    res[key + '_solutions'] = r.n_solutions


def print_mode(r, extra=''):
    if r.first is None:
        return
    print('  %s: warm-up %.3f ms, median %.3f ms (min %.3f, max %.3f, %d runs; of which `del` '
          'of the solution: warm-up %.3f ms, median %.3f ms), %d functions run%s' % (
              r.label, r.warmup_ns / 1e6, (median(r.times) or 0) / 1e6,
              min(r.times or [0]) / 1e6, max(r.times or [0]) / 1e6, len(r.times),
              r.warmup_free_ns / 1e6, (median(r.free_times) or 0) / 1e6,
              r.first['n_functions_run'], extra))
    print('  %s runs ms: %s' % (r.label, ' '.join('%.3f' % (t / 1e6) for t in r.times)))
    if r.n_not_freed:
        print('  note: %d of %d %s solutions were still alive after the `del` of the only '
              'reference the benchmark had: something else holds them, and they are freed '
              'when that reference goes (which can be inside a later timed dispatch)'
              % (r.n_not_freed, r.n_solutions, r.label))


def run_one(path, args):
    if args.timeout > 0:
        signal.alarm(args.timeout)  # the parent sees SIGALRM as a timeout
    res = {'name': os.path.basename(path)[:-len('.json')] if path.endswith('.json')
           else os.path.basename(path)}

    def finish(status, code):
        res['status'] = status
        print(RESULT_PREFIX + json.dumps(res), flush=True)
        return code

    t0 = now()
    try:
        with open(path) as f:
            model = json.load(f)
        if model.get('format') != FORMAT:
            raise ValueError('format %r, not %r' % (model.get('format'), FORMAT))
    except (OSError, ValueError) as exc:
        print('  [ERROR] loading %s: %s' % (path, exc))
        return finish('error', EXIT_ERROR)
    parse_ns = now() - t0
    res.update(name=model['name'], family=model['family'])
    if model['family'] in EXEC_FAMILIES:
        print('  skipped: family "%s" is an executor benchmark (schedula\'s executors: '
              'sleeping or trivial functions run concurrently); the overrides dispatch '
              'synchronously, so there is no figure of the same kind to compare with'
              % model['family'])
        return finish('skipped', 0)

    peak = PeakRss()
    rss_import0 = current_rss_kib()
    import gi
    gi.require_version('Schedula', '1.0')
    from gi.repository import Schedula as sh
    from gi.repository import GObject
    lib = library_info(sh)
    overrides = getattr(sys.modules.get('gi.overrides.Schedula'), '__file__', None)
    res.update(library_version=lib['version'], library_buildtype=lib['buildtype'],
               library=lib['library'], pygobject='.'.join(map(str, GObject.pygobject_version)),
               overrides=overrides)
    if overrides is None:
        print('  [ERROR] the Schedula overrides are not loaded: PYTHONPATH must name the '
              'bindings/python directory (or use --build-dir)')
        return finish('error', EXIT_ERROR)
    rss_import = current_rss_kib()

    gc.collect()
    t0 = now()
    dsp = build_dispatcher(sh, model)
    build_ns = now() - t0
    rss_build = current_rss_kib()
    rss_build_peak = peak.hwm_kib()  # imports, JSON parse and build
    n_fun = len(model['functions'])
    n_raise = sum(1 for f in model['functions'] if f['kind'] == 'raise')
    print('  loaded: %d data nodes, %d functions (%d sum, %d raise), raises=%s, %d inputs, '
          '%d targets; libschedula-glib %s (%s, build type %s), PyGObject %s, overrides %s' % (
              len(model['data']), n_fun, n_fun - n_raise, n_raise,
              'true' if model['raises'] else 'false', len(model['inputs']),
              len(model['outputs']), lib['version'], lib['library'], lib['buildtype'],
              res['pygobject'], overrides or '(none: the plain introspected API)'))
    print('  build: %.2f ms (JSON parse %.2f ms), RSS %.1f MiB (%.1f MiB after the imports)'
          % (build_ns / 1e6, parse_ns / 1e6, rss_build / 1024.0, rss_import / 1024.0))

    # the first dispatches, before anything is summarized: the one-time
    # compile of the model, and the memory figures
    checks = Checks()
    inputs = model['inputs']
    first_t = first_dispatch(dsp, inputs, list(model['outputs']), peak)
    first_f = first_dispatch(dsp, inputs, None, peak)
    for label, fd in (('targeted', first_t), ('full', first_f)):
        if 'error' in fd:
            checks.check(False, 'first %s dispatch' % label, 'failed: %s' % fd['error'])
    first_t = first_t if 'error' not in first_t else None
    first_f = first_f if 'error' not in first_f else None
    if first_t is not None and first_f is not None:
        peak_rss = max(rss_build_peak, first_t['peak_kib'], first_f['peak_kib'])
        print('  first dispatches: targeted %.3f ms (includes the one-time compile of the '
              'model), full %.3f ms; peak RSS %.1f MiB during the imports, JSON parse and '
              'build, %.1f MiB during the first targeted dispatch (from %.1f MiB), %.1f MiB '
              'during the first full one (from %.1f MiB)%s' % (
                  first_t['ns'] / 1e6, first_f['ns'] / 1e6, rss_build_peak / 1024.0,
                  first_t['peak_kib'] / 1024.0, first_t['rss_before_kib'] / 1024.0,
                  first_f['peak_kib'] / 1024.0, first_f['rss_before_kib'] / 1024.0,
                  '' if peak.resettable else
                  ' (/proc/self/clear_refs is not writable: these are process peaks)'))
    else:
        peak_rss = None

    # the function node ids, once, as bench_schedula.py reads them
    t0 = now()
    function_ids = set(dsp.function_nodes)
    function_nodes_ns = now() - t0
    ctx = {'dsp': dsp, 'inputs': inputs, 'function_ids': function_ids,
           'targets': list(model['outputs']), 'modulus': model['modulus']}
    targeted, full = ModeRun('targeted'), ModeRun('full')
    t0 = now()
    run_mode(ctx, list(model['outputs']), targeted, args.repeats, args.budget)
    run_mode(ctx, None, full, args.repeats, args.budget)
    dispatches_wall_ns = now() - t0

    if len(function_ids) != n_fun:
        checks.check(False, 'dsp.function_nodes', '%d function nodes, the file has %d'
                     % (len(function_ids), n_fun))
    exp = model.get('expected', {})
    check_mode(checks, ctx['targets'], exp.get('targeted'), targeted)
    check_mode(checks, ctx['targets'], exp.get('full'), full)

    print_mode(targeted)
    print_mode(full, ', %d failed' % full.first['n_failed'] if full.first else '')
    for label, fd in (('targeted', first_t), ('full', first_f)):
        if fd is not None and not fd['freed']:
            print('  note: the first %s solution was still alive after its `del`' % label)
    print('  process peak RSS with the checks: %.1f MiB' % (peak.process_kib() / 1024.0))
    print('  untimed: dsp.function_nodes %.1f ms; all dispatches with their summaries '
          '(dict(sol), sol.workflow, sol._errors) %.1f s' % (
              function_nodes_ns / 1e6, dispatches_wall_ns / 1e9))

    res.update(n_functions=n_fun, n_data_nodes=len(model['data']), repeats=args.repeats,
               parse_ns=parse_ns, build_ns=build_ns,
               rss_before_import_kib=rss_import0, rss_import_kib=rss_import,
               rss_build_kib=rss_build,
               first_ns=first_t['ns'] if first_t else None,
               full_first_ns=first_f['ns'] if first_f else None)
    mode_result(res, 'targeted', targeted)
    mode_result(res, 'full', full)
    res.update(rss_end_kib=current_rss_kib(),
               peak_rss_kib=peak_rss, rss_build_peak_kib=rss_build_peak,
               rss_targeted_first_peak_kib=first_t['peak_kib'] if first_t else None,
               rss_full_first_peak_kib=first_f['peak_kib'] if first_f else None,
               peak_rss_resettable=peak.resettable,
               process_peak_rss_kib=peak.process_kib(),
               n_checks=checks.n_checks, n_mismatch=checks.n_mismatch)

    # the teardown is timed too, and a crash in it is reported as a crash
    t0 = now()
    del dsp, ctx
    gc.collect()
    res['free_ns'] = now() - t0
    print('  teardown (del of the dispatcher, gc.collect()): %.2f ms' % (res['free_ns'] / 1e6))
    if checks.n_mismatch:
        return finish('mismatch', EXIT_MISMATCH)
    return finish('ok', 0)


# ---------------------------------------------------------------------------
# Parent: one child per model, then the tables
# ---------------------------------------------------------------------------

def natural_key(name):
    return [int(p) if p.isdigit() else p for p in re.split(r'(\d+)', name)]


def collect_models(paths, only):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for entry in os.listdir(p):
                if entry.endswith('.json') and entry != 'index.json':
                    files.append(os.path.join(p, entry))
        elif os.path.exists(p):
            files.append(p)
        else:
            raise OSError('%s: no such file' % p)
    rows = []
    for f in files:
        name = os.path.basename(f)
        name = name[:-len('.json')] if name.endswith('.json') else name
        if only is None or only.search(name):
            rows.append({'path': f, 'name': name, 'result': None, 'outcome': None,
                         'failed': False, 'skipped': False, 'mismatches': []})
    rows.sort(key=lambda r: natural_key(r['name']))
    return rows


def child_env(build_dir):
    return build_env(build_dir) if build_dir else dict(os.environ)


def run_child(row, args, env):
    argv = [sys.executable, os.path.abspath(__file__), '--one', row['path'],
            '--repeats=%d' % args.repeats, '--timeout=%d' % args.timeout,
            '--budget=%r' % args.budget]
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env, bufsize=1)
    except OSError as exc:
        row['failed'] = True
        row['outcome'] = 'ERROR (cannot run: %s)' % exc
        return
    for line in proc.stdout:
        line = line.rstrip('\n')
        if line.startswith(RESULT_PREFIX):
            try:
                row['result'] = json.loads(line[len(RESULT_PREFIX):])
            except ValueError:
                print('  unreadable result line: %s' % line)
        else:
            print(line, flush=True)
            if '[MISMATCH]' in line or '[ERROR]' in line:
                row['mismatches'].append(line.strip())
    code = proc.wait()
    res = row['result']
    if res and res.get('name'):
        row['name'] = res['name']
    if code < 0:
        row['failed'] = True
        if -code == signal.SIGALRM:
            row['outcome'] = 'TIMEOUT (> %d s)' % args.timeout
        else:
            row['outcome'] = 'CRASH (signal %d, %s)' % (-code, signal.strsignal(-code))
        row['mismatches'].append(row['outcome'])
        print('  %s' % row['outcome'])
        return
    if res is None:
        row['failed'] = True
        row['outcome'] = 'ERROR (exit %d, no result line)' % code
        row['mismatches'].append(row['outcome'])
        return
    status = res.get('status')
    if status == 'skipped':
        row['skipped'] = True
        row['outcome'] = 'skipped'
    elif status == 'ok' and code == 0:
        row['outcome'] = 'OK (%d/%d)' % (res['n_checks'], res['n_checks'])
    elif status == 'mismatch':
        row['failed'] = True
        row['outcome'] = 'MISMATCH (%d/%d)' % (res['n_mismatch'], res['n_checks'])
    else:
        row['failed'] = True
        row['outcome'] = 'ERROR (status %s, exit %d)' % (status, code)


def us_per_fn(ns, n):
    if ns is None or not n:
        return None
    return ns / 1e3 / n


def ratio(ref, ours):
    if ref is None or ours is None or ours <= 0:
        return None
    return ref / ours


def load_baseline(path):
    try:
        with open(path) as f:
            b = json.load(f)
    except (OSError, ValueError) as exc:
        print('warning: no comparison with schedula: %s' % exc, file=sys.stderr)
        return None
    return b


def baseline_case(baseline, name, second_pass=False):
    if baseline is None:
        return None
    cases = (baseline.get('second_pass') or {}).get('cases', {}) if second_pass \
        else baseline.get('cases', {})
    c = cases.get(name)
    if not isinstance(c, dict) or 'dispatch_full' not in c:
        return None

    def us(mode):
        v = (c.get(mode) or {}).get('us_per_function')
        return v if isinstance(v, (int, float)) else None

    return {'build_s': c.get('build_s'), 'targeted_us': us('dispatch_targeted'),
            'full_us': us('dispatch_full'), 'peak_rss_kb': c.get('peak_rss_kb')}


def machine_line(rows):
    cpu = '?'
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
            cpu = m.group(1).strip() if m else '?'
    except OSError:
        pass
    lib = next((r['result'] for r in rows
                if r['result'] and r['result'].get('library_version')), {})
    return ('- %s; libschedula-glib %s (build type %s, %s), overrides %s, PyGObject %s, '
            'Python %s; %d CPUs (%s); load average %s\n' % (
                time.strftime('%Y-%m-%d %H:%M:%S'), lib.get('library_version', '?'),
                lib.get('library_buildtype', '?'), lib.get('library', '?'),
                lib.get('overrides', '?'), lib.get('pygobject', '?'),
                platform.python_version(), os.cpu_count(), cpu,
                ' '.join('%.2f' % x for x in os.getloadavg())))


def render_tables(rows, baseline, baseline_path, repeats):
    out = ['### libschedula-glib Python (PyGObject overrides) dispatch benchmark\n\n']
    out.append(machine_line(rows))
    out.append('- `bench/bench_python.py --repeats %d`; each model in a fresh process; build = '
               'sh.Dispatcher() + add_data/add_function from the parsed JSON, with Python node '
               'functions; first dispatch = the first targeted dispatch, right after the build '
               '(includes the library\'s one-time compile of the model); targeted (inputs + '
               'outputs) and full (inputs only) = median of %d timed dispatches after a '
               'warm-up one; a '
               'dispatch\'s time = dsp.dispatch() + `del` of its solution (gc.collect() before '
               'each, as bench_schedula.py does); us/fn = time / functions in the model; peak '
               'RSS = the highest of the peaks during the imports + JSON parse + build, the first '
               'targeted dispatch and the first full one (the high-water mark reset through '
               '/proc/self/clear_refs before each, read before the `del`), i.e. before any '
               'solution is summarized: the memory of the checks (the overrides\' Python views '
               'of the solutions) is not in it; the process peak with the checks is in the side '
               'by side table\n' % (repeats, repeats))
    if baseline is not None:
        m = baseline.get('machine', {})
        out.append('- schedula: %s (schedula %s, Python %s, %s, nproc %s): us/fn of the main '
                   'run, second run in parentheses; speed-up = schedula\'s us/fn / ours\n' % (
                       baseline_path, m.get('schedula_version', '?'), m.get('python', '?'),
                       m.get('cpu_model', '?'), m.get('nproc', '?')))
    out.append('\n| model | functions | build ms | first dispatch ms | targeted ms | full ms '
               '| us/fn targeted | us/fn full | peak RSS MiB | schedula us/fn targeted '
               '| speed-up targeted | schedula us/fn full | speed-up full | check |\n'
               '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n')
    skipped = []
    for row in rows:
        if row['skipped']:
            skipped.append(row['name'])
            continue
        r = row['result'] or {}
        ref = baseline_case(baseline, row['name'])
        n = r.get('n_functions')
        t = us_per_fn(r.get('targeted_ns'), n)
        f = us_per_fn(r.get('full_ns'), n)
        rss = r.get('peak_rss_kib')
        out.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' % (
            row['name'], n if n is not None else '-', fmt_ns_as_ms(r.get('build_ns')),
            fmt_ns_as_ms(r.get('first_ns')), fmt_ns_as_ms(r.get('targeted_ns')),
            fmt_ns_as_ms(r.get('full_ns')),
            fmt_num(t), fmt_num(f), '%.1f' % (rss / 1024.0) if rss else '-',
            fmt_num(ref and ref['targeted_us']), fmt_ratio(ratio(ref and ref['targeted_us'], t)),
            fmt_num(ref and ref['full_us']), fmt_ratio(ratio(ref and ref['full_us'], f)),
            row['outcome']))

    if baseline is not None:
        out.append('\n#### Side by side with schedula (second run of the reference in '
                   'parentheses)\n\n'
                   '| model | build ms ours / schedula | targeted us/fn ours / schedula | speed-up '
                   '| full us/fn ours / schedula | speed-up | peak RSS MiB ours (process, with '
                   'the checks) / schedula |\n'
                   '|---|---|---|---:|---|---:|---|\n')
        for row in rows:
            ref = baseline_case(baseline, row['name'])
            if row['skipped'] or ref is None:
                continue
            ref2 = baseline_case(baseline, row['name'], True) or {}
            r = row['result'] or {}
            n = r.get('n_functions')
            t = us_per_fn(r.get('targeted_ns'), n)
            f = us_per_fn(r.get('full_ns'), n)
            rss = r.get('peak_rss_kib')

            def ms_s(s):
                return fmt_ns_as_ms(int(s * 1e9)) if isinstance(s, (int, float)) else '-'

            prss = r.get('process_peak_rss_kib')
            out.append('| %s | %s / %s (%s) | %s / %s (%s) | %s | %s / %s (%s) | %s '
                       '| %s (%s) / %s |\n' % (
                row['name'], fmt_ns_as_ms(r.get('build_ns')), ms_s(ref['build_s']),
                ms_s(ref2.get('build_s')), fmt_num(t), fmt_num(ref['targeted_us']),
                fmt_num(ref2.get('targeted_us')), fmt_ratio(ratio(ref['targeted_us'], t)),
                fmt_num(f), fmt_num(ref['full_us']), fmt_num(ref2.get('full_us')),
                fmt_ratio(ratio(ref['full_us'], f)),
                '%.1f' % (rss / 1024.0) if rss else '-',
                '%.1f' % (prss / 1024.0) if prss else '-',
                '%.0f' % (ref['peak_rss_kb'] / 1024.0) if ref['peak_rss_kb'] else '-'))

    not_freed = ['%s (%d/%d targeted, %d/%d full)' % (
        row['name'], row['result']['targeted_not_freed'], row['result']['targeted_solutions'],
        row['result']['full_not_freed'], row['result']['full_solutions'])
        for row in rows if row['result'] and (row['result'].get('targeted_not_freed') or
                                              row['result'].get('full_not_freed'))]
    if not_freed:
        out.append('\nSolutions still alive after the `del` of the benchmark\'s only reference '
                   '(something else holds them; they are freed when it goes, which can be '
                   'inside a later timed dispatch): %s\n' % ', '.join(not_freed))
    if skipped:
        out.append('\nSkipped (executor benchmarks; the overrides dispatch synchronously): %s\n'
                   % ', '.join(skipped))
    problems = [row for row in rows if row['failed']]
    if problems:
        out.append('\n#### Problems\n\n')
        for row in problems:
            out.append('- %s: %s\n' % (row['name'], row['outcome']))
            for m in row['mismatches']:
                if m != row['outcome']:
                    out.append('  - %s\n' % m)
    return ''.join(out)


def run_all(args):
    try:
        only = re.compile(args.only) if args.only else None
    except re.error as exc:
        print('--only: %s' % exc, file=sys.stderr)
        return EXIT_ERROR
    paths = args.files or [os.path.join(args.bench_dir, 'models')]
    try:
        rows = collect_models(paths, only)
    except OSError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERROR
    if not rows:
        print('No model to run', file=sys.stderr)
        return EXIT_ERROR
    baseline_path = args.baseline or os.path.join(args.bench_dir, 'schedula_baseline.json')
    baseline = load_baseline(baseline_path)
    env = child_env(args.build_dir)

    for row in rows:
        print('== %s (%s)' % (row['name'], row['path']), flush=True)
        run_child(row, args, env)

    tables = render_tables(rows, baseline, baseline_path, args.repeats)
    print('\n' + tables, end='')
    failed = any(row['failed'] for row in rows)
    if args.markdown:
        try:
            with open(args.markdown, 'w') as f:
                f.write(tables)
        except OSError as exc:
            print(exc, file=sys.stderr)
            failed = True
    return EXIT_MISMATCH if failed else 0


def main():
    p = argparse.ArgumentParser(
        description='Dispatches the schedula benchmark models (schedula-bench-model/1 JSON '
                    'files) through the PyGObject overrides with Python node functions, checks '
                    'the solutions against their "expected" block and compares the timings '
                    'with schedula\'s. Without arguments, runs DIR/models/*.json.')
    p.add_argument('files', nargs='*', metavar='MODEL.json|DIR')
    p.add_argument('-r', '--repeats', type=int, default=5,
                   help='timed repeats of each dispatch; the median is reported (default 5)')
    p.add_argument('-o', '--only', metavar='REGEX',
                   help='only the models whose name matches REGEX')
    p.add_argument('--markdown', metavar='FILE', help='also write the result tables to FILE')
    p.add_argument('--timeout', type=int, default=3600, metavar='SECONDS',
                   help="kill a model's process after SECONDS (default 3600)")
    p.add_argument('--budget', type=float, default=60.0, metavar='SECONDS',
                   help='when a first dispatch takes longer than SECONDS, time only 1 repeat '
                        '(default 60)')
    p.add_argument('--bench-dir', default=DEFAULT_BENCH_DIR, metavar='DIR',
                   help='directory with models/ and schedula_baseline.json (default %s)'
                        % DEFAULT_BENCH_DIR)
    p.add_argument('--baseline', metavar='FILE',
                   help="the reference's figures (default DIR/schedula_baseline.json)")
    p.add_argument('--build-dir', metavar='BUILDDIR',
                   help='run the models with the library, typelib and overrides of BUILDDIR '
                        'and this source tree (sets GI_TYPELIB_PATH, LD_LIBRARY_PATH and '
                        'PYTHONPATH for the model processes)')
    p.add_argument('--one', metavar='FILE', help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.repeats < 1:
        p.error('--repeats must be at least 1')
    if args.one:
        return run_one(args.one, args)
    return run_all(args)


if __name__ == '__main__':
    sys.exit(main())
