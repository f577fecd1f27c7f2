#!/usr/bin/python3
# tests/python/differential.py: random models, dispatched by schedula and by
# the binding, must give the same solutions.
#
#   SCHEDULA_SRC=/path/to/schedula-1.5.78 tests/python/differential.py [--seeds 0:1000] [--depth 2] [-v]
#
# Each seed makes a model (data nodes with defaults, initial distances,
# filters and waiting combiners; functions with repeated inputs and
# outputs, weights that tie, edge weights, input domains, failures, NONE
# results, filters, no inputs, automatic ids; up to two sub-dispatchers
# per model, nested up to --depth levels (default 2), with single and
# multiple mappings and include_defaults;
# one model in four has 60 to 250 functions, so that the fringe opens
# buckets; one in fifty is a function of 4,100 to 5,000 outputs, one in
# fifty up to 2,000 functions into one waiting node) and two or three
# dispatches (some targeted, some with wildcard, no_call, shrink,
# inputs_dist, rm_unused_nds), then shrink_dsp() and get_sub_dsp() of each
# dispatch's ids. Both sides run in their own process, one with
# schedula's checkout on sys.path, one with the binding (both are imported
# as `schedula`-like modules, so never in one process), and print one JSON
# line per seed: node ids, then per dispatch the solution's items in order,
# its distances in order, the workflow's nodes and edges in order and the
# same for every sub-solution, or the exception's type. Any difference is a
# failure (exit 1), printed with the seed, the dispatch and the fields that
# differ (-v: their values). Without SCHEDULA_SRC it exits 77 (skipped).
#
# One thing is compared as a set: with no_call, schedula adds the workflow
# edges of a function node in the order of a Python set of ids, which
# changes with PYTHONHASHSEED.
#
# SPDX-License-Identifier: EUPL-1.2

import argparse
import json
import logging
import os
import random
import subprocess
import sys

MOD = 1000003
DEPTH = 2   # levels of sub-dispatchers (--depth)


def gen(seed, depth=None):
    """The description of the model of @seed (plain data), with @depth
    levels of sub-dispatchers at most (DEPTH when None)."""
    depth = DEPTH if depth is None else depth
    shape = random.Random(-1 - seed).random()   # apart, so that the other seeds keep their models
    if shape < 0.02:
        return gen_wide(seed)
    if shape < 0.04:
        return gen_fanin(seed)
    r = random.Random(seed)
    x = random.Random(-2 - seed)   # the attributes added later: the other draws stay as they were
    y = random.Random(-3 - seed)   # and those added later still
    big = r.random() < 0.25
    nd = r.randint(30, 90) if big else r.randint(3, 10)
    data = ['d%d' % i for i in range(nd)]
    spec = {'data': [], 'funcs': [], 'subs': [], 'dispatches': []}
    for d in data:
        if r.random() < 0.5:
            continue
        a = {'id': d}
        if r.random() < 0.3:
            a['default_value'] = r.randint(0, 9)
        if r.random() < 0.2:
            a['initial_dist'] = r.choice([0, 1, 2, 0.5])
        if r.random() < 0.2:
            a['wait_inputs'] = True
            a['sum'] = True
        if x.random() < 0.1:
            a['filter'] = True
        if y.random() < 0.08:
            a['wildcard'] = y.random() < 0.5
        spec['data'].append(a)
    for i in range(r.randint(60, 250) if big else r.randint(2, 14)):
        ins = [r.choice(data) for _ in range(r.randint(1, 3))]
        outs = [r.choice(data) for _ in range(r.randint(1, 3))]
        if r.random() < 0.15:
            ins.append(ins[0])
        if r.random() < 0.15:
            outs.append(outs[0])
        f = {'k': i + 1, 'inputs': ins, 'outputs': outs}
        if r.random() < 0.7:
            f['id'] = 'f%d' % i     # else an automatic id: fun, fun<0>, ...
        if r.random() < 0.5:
            f['weight'] = r.choice([0, 1, 2, 0.5, 3])
        if r.random() < 0.15:
            f['domain'] = True
        if r.random() < 0.15:
            f['fails'] = True
        if r.random() < 0.15:
            f['inp_weight'] = {ins[0]: r.choice([0, 1, 2])}
        if r.random() < 0.15:
            f['out_weight'] = {outs[-1]: r.choice([0, 1, 2])}
        if x.random() < 0.1:
            f['none'] = True
        if x.random() < 0.1:
            f['filter'] = True
        if x.random() < 0.05 and 'inp_weight' not in f:
            f['inputs'] = []
        if y.random() < 0.05:
            f['outputs'].append('SINK')
        spec['funcs'].append(f)
    for i in range(r.choice([0, 0, 1, 2])):
        child = gen(r.randint(0, 10 ** 9), depth - 1)
        if depth <= 1:
            child['subs'] = []
        # SINK is not mapped: schedula's reduction of a targeted dispatch
        # fails an assertion of its own for a child's SINK mapped out
        cdata = sorted({x for f in child['funcs'] for x in f['inputs'] + f['outputs']
                        if x != 'SINK'} | {a['id'] for a in child['data']})
        ins = {}
        for d in r.sample(data, r.randint(1, min(3, nd))):
            if r.random() < 0.8:
                ins[d] = r.choice(cdata)
            else:
                many = sorted(set(r.sample(cdata, min(2, len(cdata)))))
                ins[d] = many if len(many) > 1 else many[0]
        outs = {c: r.choice(data) for c in r.sample(cdata, r.randint(1, min(3, len(cdata))))}
        sd = {'child': child, 'inputs': ins, 'outputs': outs,
              'id': 'sub%d' % i, 'weight': r.choice([None, 1, 2]),
              'include_defaults': x.random() < 0.3}
        if y.random() < 0.15:
            sd['domain'] = True
        if y.random() < 0.1:
            sd['inp_weight'] = {sorted(ins)[0]: y.choice([0, 1, 2])}
        if y.random() < 0.1:
            sd['as_function'] = True   # a SubDispatchFunction node instead
            if y.random() < 0.5 and not child['subs']:
                sd['pipe'] = True      # a SubDispatchPipe (of a flat child) instead
        spec['subs'].append(sd)
    for _ in range(3):
        inputs = {d: r.randint(0, 20)
                  for d in r.sample(data, r.randint(1, min(12 if big else 3, nd)))}
        outputs = None if r.random() < 0.5 else r.sample(data, r.randint(1, 2))
        opts = {}
        if r.random() < 0.15:
            opts['wildcard'] = 2 if x.random() < 0.3 else True
        if r.random() < 0.1:
            opts['no_call'] = True
        if r.random() < 0.1:
            opts['shrink'] = True
        if r.random() < 0.1:
            opts['inputs_dist'] = {k: r.choice([0, 1, 2.5]) for k in inputs if r.random() < 0.5}
        if r.random() < 0.1:
            opts['rm_unused_nds'] = True
        spec['dispatches'].append({'inputs': inputs, 'outputs': outputs, 'opts': opts})
    return spec


def gen_wide(seed):
    """One function of 4,100 to 5,000 outputs, in shuffled order with a few
    repeats (their entries share one distance: a bucket wider than the
    4,096 entries the fringe moves through a copy), and functions that read
    some of them with tying weights"""
    r = random.Random(seed)
    nd = r.randint(4100, 5000)
    data = ['d%d' % i for i in range(nd)]
    outs = data[1:]
    r.shuffle(outs)
    outs += r.sample(outs, 20)
    spec = {'data': [], 'subs': [], 'dispatches': [],
            'funcs': [{'k': 1, 'id': 'wide', 'inputs': ['d0'], 'outputs': outs}]}
    for i in range(r.randint(20, 60)):
        f = {'k': i + 2, 'inputs': r.sample(data, r.randint(1, 3)), 'outputs': r.sample(data, 2)}
        if r.random() < 0.7:
            f['id'] = 'f%d' % i
        if r.random() < 0.5:
            f['weight'] = r.choice([0, 1, 2])
        spec['funcs'].append(f)
    for _ in range(2):
        outputs = None if r.random() < 0.5 else r.sample(data, 2)
        spec['dispatches'].append({'inputs': {'d0': r.randint(0, 20)}, 'outputs': outputs,
                                   'opts': {}})
    return spec


def gen_fanin(seed):
    """300 to 2,000 functions into one waiting node whose combiner folds
    its inputs in the order it gets them, with tying weights"""
    r = random.Random(seed)
    n = r.randint(300, 2000)
    spec = {'data': [{'id': 'w', 'wait_inputs': True, 'sum': True}], 'subs': [],
            'dispatches': [], 'funcs': []}
    used = set()
    for i in range(n):
        f = {'k': i + 1, 'inputs': [r.choice(['a', 'b', 'c'])], 'outputs': ['w']}
        if r.random() < 0.5:
            fid = 'f%d' % r.randint(0, 10 * n)
            if fid not in used:
                f['id'] = fid
                used.add(fid)
        if r.random() < 0.5:
            f['weight'] = r.choice([0, 1, 2])
        spec['funcs'].append(f)
    for _ in range(2):
        inputs = {x: r.randint(0, 20) for x in r.sample(['a', 'b', 'c'], r.randint(1, 3))}
        spec['dispatches'].append({'inputs': inputs, 'outputs': r.choice([None, ['w']]),
                                   'opts': {}})
    return spec


def make_func(k, n_outputs, fails, none):
    """A node function: a number of its arguments; it fails, or gives NONE
    (schedula's "no value": not stored), for some of them if asked"""
    def fun(*args):
        s = (sum(args) * (len(args) + 1) + k) % MOD
        if fails and s % 5 == 0:
            raise ValueError('fails')
        out = [s if none is None or s % 7 else none] + [(s + j) % MOD for j in range(1, n_outputs)]
        return out[0] if n_outputs == 1 else tuple(out)
    return fun


def scramble(v):
    """A filter: of a number, or of each number of a function's results"""
    if isinstance(v, tuple):
        return tuple(scramble(e) for e in v)
    return (v * 3 + 1) % MOD


def domain(*args):
    return sum(args) % 3 != 0


def sub_domain(kw):
    """A sub-dispatcher's input domain: of the dict of its inputs"""
    return sum(v for v in kw.values() if isinstance(v, int)) % 3 != 0


def combine(kw):
    """A waiting node's combiner: folds the values in the order it gets them"""
    h = 0
    for v in kw.values():
        h = (h * 31 + v) % MOD
    return h


def build(sh, spec):
    dsp = sh.Dispatcher()
    for a in spec['data']:
        kw = {k: v for k, v in a.items() if k not in ('id', 'sum')}
        kw.pop('filter', None)
        if a.get('sum'):
            kw['function'] = combine
        if a.get('filter'):
            kw['filters'] = [scramble]
        dsp.add_data(a['id'], **kw)
    for f in spec['funcs']:
        kw = {k: f[k] for k in ('weight', 'inp_weight', 'out_weight') if k in f}
        if f.get('domain'):
            kw['input_domain'] = domain
        if f.get('filter'):
            kw['filters'] = [scramble]
        fn = make_func(f['k'], len(f['outputs']), f.get('fails'), sh.NONE if f.get('none') else None)
        outs = [sh.SINK if o == 'SINK' else o for o in f['outputs']]
        dsp.add_function(f.get('id'), fn, f['inputs'], outs, **kw)
    for sd in spec['subs']:
        kw = {'weight': sd['weight']} if sd['weight'] is not None else {}
        if sd.get('as_function'):
            # the single-id mappings: parent ids in, child ids to compute
            ins = sorted((k, v) for k, v in sd['inputs'].items() if not isinstance(v, list))
            outs = sorted(sd['outputs'].items())
            kind = sh.SubDispatchPipe if sd.get('pipe') else sh.SubDispatchFunction
            try:
                fn = kind(build(sh, sd['child']), sd['id'], [c for _, c in ins], [c for c, _ in outs])
            except ValueError:
                # an output the shrunk child cannot reach: a sub-dispatcher
                # node instead (a side that decides otherwise differs below)
                fn = None
            if fn is not None:
                dsp.add_function(sd['id'], fn, [p for p, _ in ins], [p for _, p in outs], **kw)
                continue
        if sd.get('include_defaults'):
            kw['include_defaults'] = True
        if sd.get('domain'):
            kw['input_domain'] = sub_domain
        if 'inp_weight' in sd:
            kw['inp_weight'] = sd['inp_weight']
        ins = {k: tuple(v) if isinstance(v, list) else v for k, v in sd['inputs'].items()}
        dsp.add_dispatcher(build(sh, sd['child']), ins, sd['outputs'], dsp_id=sd['id'], **kw)
    return dsp


def norm(v):
    """A value or distance as JSON: numbers as numbers (schedula's
    distances are objects whose repr is the number)"""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return int(v) if v == int(v) else v
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return sorted([str(k), norm(x)] for k, x in v.items())
    try:
        return norm(float(repr(v)))
    except ValueError:
        return repr(v)


def exception_name(exc):
    """The name of the exception's type, or of its first public base (the
    binding's private subclasses stand for a builtin one)"""
    return next(c.__name__ for c in type(exc).__mro__ if not c.__name__.startswith('_'))


def sub_solutions(sol, order):
    out = []
    for n in sol.workflow.nodes:
        attr = sol.workflow.nodes[n]
        if str(n).startswith('sub') and 'solution' in attr:
            sub = attr['solution']
            out.append([str(n), [[str(k), norm(v)] for k, v in sub.items()],
                        [[str(k), norm(v)] for k, v in sub.dist.items()],
                        order([str(a), str(b)] for a, b in sub.workflow.edges),
                        sub_solutions(sub, order)])
    return out


def structure(dsp):
    return [[str(n) for n in dsp.nodes], [[str(a), str(b)] for a, b in dsp.dmap.edges]]


def model_operations(dsp, spec):
    """shrink_dsp() and get_sub_dsp() of each dispatch's ids that are nodes
    (for an id that is not, schedula's get_node() may find it among the last
    solution's inputs and fail later, with another exception)"""
    nodes = {str(n) for n in dsp.nodes}
    out = []
    for d in spec['dispatches']:
        inputs = {k: v for k, v in d['inputs'].items() if k in nodes}
        outputs = [k for k in d['outputs'] if k in nodes] if d['outputs'] else None
        some = list(inputs) + [f['id'] for f in spec['funcs'][:5] if f.get('id') in nodes]
        for op in (lambda: dsp.shrink_dsp(inputs, outputs), lambda: dsp.get_sub_dsp(some)):
            try:
                out.append(structure(op()))
            except Exception as e:
                out.append(exception_name(e))
    return out


def run(impl, seeds, src):
    """Prints the JSON line of each seed, with schedula or the binding"""
    if impl == 'schedula':
        sys.path.insert(0, src)
        import schedula as sh
    else:
        import gi
        gi.require_version('Schedula', '1.0')
        from gi.repository import Schedula as sh
    logging.disable(logging.CRITICAL)
    for seed in seeds:
        spec = gen(seed)
        out = {'seed': seed}
        try:
            dsp = build(sh, spec)
            out['nodes'] = [str(n) for n in dsp.nodes]
            res = []
            for d in spec['dispatches']:
                try:
                    sol = dsp.dispatch(d['inputs'], d['outputs'], **d['opts'])
                except Exception as e:
                    res.append({'error': exception_name(e)})
                    continue
                order = sorted if d['opts'].get('no_call') else list
                res.append({'items': [[str(k), norm(v)] for k, v in sol.items()],
                            'dist': [[str(k), norm(v)] for k, v in sol.dist.items()],
                            'wf_nodes': order(str(n) for n in sol.workflow.nodes),
                            'wf_edges': order([str(a), str(b)] for a, b in sol.workflow.edges),
                            'subs': sub_solutions(sol, order)})
            out['res'] = res
            out['ops'] = model_operations(dsp, spec)
        except Exception as e:
            out['build_error'] = exception_name(e)   # a message may print a set
        print(json.dumps(out), flush=True)


def compare(outs, verbose):
    bad = 0
    for x, y in zip(outs['schedula'], outs['ours']):
        if x == y:
            continue
        bad += 1
        spec = gen(x['seed'])
        for i, (dx, dy) in enumerate(zip(x.get('res', []), y.get('res', []))):
            if dx != dy:
                d = spec['dispatches'][i]
                fields = sorted(set(dx) | set(dy), key=lambda k: k not in dx)
                fields = [k for k in fields if dx.get(k) != dy.get(k)]
                print('seed %d dispatch %d (outputs %s, options %s): %s differ'
                      % (x['seed'], i, d['outputs'], d['opts'], ', '.join(fields)))
                if verbose:
                    for k in fields:
                        print('  schedula %s: %s' % (k, json.dumps(dx.get(k))))
                        print('  ours     %s: %s' % (k, json.dumps(dy.get(k))))
                break
        else:
            what = 'model operations' if x.get('ops') != y.get('ops') else 'models'
            print('seed %d: the %s differ' % (x['seed'], what))
            if verbose:
                print('  schedula: %s\n  ours:     %s' % (json.dumps(x), json.dumps(y)))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--impl', choices=('schedula', 'ours'), help=argparse.SUPPRESS)
    ap.add_argument('--src', default=os.environ.get('SCHEDULA_SRC'))
    ap.add_argument('--seeds', default='0:1000', help='FIRST:END (default 0:1000)')
    ap.add_argument('--depth', type=int, default=2,
                    help='levels of sub-dispatchers (default 2)')
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()
    global DEPTH
    DEPTH = a.depth
    first, end = map(int, a.seeds.split(':'))
    if a.impl:
        run(a.impl, range(first, end), a.src)
        return 0
    if not a.src:
        print('SCHEDULA_SRC is not set: skipped')
        return 77
    outs = {}
    for impl in ('schedula', 'ours'):
        p = subprocess.run([sys.executable, os.path.abspath(__file__), '--impl', impl,
                            '--src', a.src, '--seeds', a.seeds, '--depth', str(a.depth)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            print('%s side failed:\n%s' % (impl, p.stderr[-4000:]))
            return 1
        outs[impl] = [json.loads(line) for line in p.stdout.splitlines()]
    if len(outs['schedula']) != len(outs['ours']):
        print('the sides ran %d and %d seeds' % (len(outs['schedula']), len(outs['ours'])))
        return 1
    bad = compare(outs, a.verbose)
    ours = outs['ours']
    n_dispatches = sum(len(x.get('res', [])) for x in ours)
    n_subs = sum(1 for x in ours for d in x.get('res', []) for s in d.get('subs', []) if s[1])
    n_errors = sum(1 for x in ours for d in x.get('res', []) if 'error' in d)
    print('%d of %d models differ (%d dispatches, %d of them raised; %d sub-solutions with '
          'values)' % (bad, len(ours), n_dispatches, n_errors, n_subs))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
