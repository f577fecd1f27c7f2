# test_executors.py: dispatching with executors from Python (issue 9)
#
# - the differential test: random models give the synchronous solution and
#   call the same functions under 'async', 'parallel-pool' and (on a
#   subset) 'parallel', as tests/test-executors.c checks in C;
# - Python functions in worker processes: by reference (python:), as dill
#   (a lambda, a closure, a function of __main__), Python objects as values,
#   a function that cannot travel, workers that die or hang, cancellation;
# - the future dispatch() returns, shutdown_executors(), the GLib.MainLoop
#   form (dispatch_async/dispatch_finish), the executor keyword.
#
# The node functions log each call (label/node id and pid) to a file, in
# this process or in a worker: the calls are counted wherever they ran.
#
# SPDX-License-Identifier: EUPL-1.2

import concurrent.futures
import logging
import os
import random
import signal
import sys
import textwrap
import threading
import time

import pytest

from conftest import sh
from gi.repository import Gio, GLib
from gi.module import get_introspection_module

Schedula = get_introspection_module('Schedula')
IN_PROCESS = 'runs in this process, not in a worker'


def zombies():
    """The children of this process that are zombies."""
    found = []
    me = os.getpid()
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(')') + 2:].split()
        if fields[0] == 'Z' and int(fields[1]) == me:
            found.append(int(name))
    return found


@pytest.fixture(autouse=True)
def no_executors_left():
    """Each test starts and ends with no executor running and no zombie."""
    sh.shutdown_executors()
    yield
    sh.shutdown_executors()
    assert zombies() == []


def options(executor, timeout=None):
    o = Schedula.DispatchOptions.new()
    o.set_executor(executor)
    if timeout is not None:
        o.set_timeout(timeout)
    return o


# ---------------------------------------------------------------------------
# The differential test
# ---------------------------------------------------------------------------

def node_function(kind, n_outputs, label, log_path):
    """A node function for the random models, made as a closure so that it
    travels as dill: (the sum of its inputs, then + 1) for its outputs, one
    value only when the sum is a multiple of 5 (the other output is not
    produced), or a failure. Each call appends its label/node id and pid to
    the log."""
    def f(*args):
        import os
        from gi.repository import Schedula
        node = Schedula.Call.get_current().get_node_id()
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, ('%s/%s %d\n' % (label, node, os.getpid())).encode())
        finally:
            os.close(fd)
        if kind == 'fail':
            raise ValueError('%s fails' % node)
        total = sum(args)
        if n_outputs == 1:
            return total
        if total % 5 == 0:
            return (total,)
        return (total, total + 1)
    f.__name__ = f.__qualname__ = '%s_%s_%d' % (label, kind, n_outputs)
    return f


def even_sum(*args):
    return sum(args) % 2 == 0


def combine_max(kw):
    return max(kw.values())


class Models(object):
    """Random models as tests/test-executors.c makes them: weights with
    ties, failing functions, input domains, defaults, data nodes that wait
    for their inputs with a combiner, sometimes a sub-dispatcher."""

    def __init__(self, seed, log_path):
        self.rand = random.Random(seed)
        self.functions = {}
        self.log_path = log_path

    def function(self, kind, n_outputs, label):
        key = (kind, n_outputs, label)
        if key not in self.functions:
            self.functions[key] = node_function(kind, n_outputs, label, self.log_path)
        return self.functions[key]

    def model(self, label, n_data, n_funcs):
        r = self.rand
        dsp = sh.Dispatcher(name=label)
        ids = ['d%d' % i for i in range(n_data)]
        for i in range(n_funcs):
            # mostly from lower ids to higher ones (chains), sometimes any
            # (cycles)
            cut = r.randrange(1, n_data) if r.randrange(5) else n_data
            lower, upper = ids[:cut], ids[cut:] if cut < n_data else ids
            ins, outs = [], []
            for _ in range(r.randrange(1, 4)):
                d = r.choice(lower)
                if d not in ins:
                    ins.append(d)
            for _ in range(r.randrange(1, 3)):
                d = r.choice(upper)
                if d not in ins and d not in outs:
                    outs.append(d)
            if not outs:
                continue
            kind = 'fail' if r.randrange(10) == 0 else 'sum'
            kw = {}
            if r.randrange(3) == 0:
                kw['weight'] = r.randrange(3)
            if r.randrange(4) == 0:
                kw['inp_weight'] = {ins[0]: r.randrange(3)}
            if r.randrange(4) == 0:
                kw['out_weight'] = {outs[0]: r.randrange(4)}
            if r.randrange(5) == 0:
                kw['input_domain'] = even_sum
            dsp.add_function('f%d' % i, self.function(kind, len(outs), label), ins, outs, **kw)
        for d in ids:
            x = r.randrange(10)
            if d in dsp.nodes and dsp.nodes[d]['type'] != 'data':
                continue
            if x < 2:
                dsp.add_data(d, default_value=r.randrange(9), initial_dist=r.randrange(3))
            elif x == 2:
                dsp.add_data(d, wait_inputs=True, function=combine_max)
            else:
                dsp.add_data(d)
        return dsp, ids

    def case(self):
        r = self.rand
        dsp, ids = self.model('top', r.randrange(4, 12), r.randrange(3, 16))
        if r.randrange(3) == 0:
            child, child_ids = self.model('child', r.randrange(3, 8), r.randrange(2, 7))
            child.raises = ''
            inputs = {r.choice(ids): r.choice(child_ids), r.choice(ids): r.choice(child_ids)}
            outputs = {r.choice(child_ids): 'c%d' % r.randrange(3),
                       r.choice(child_ids): r.choice(ids)}
            dsp.add_dispatcher(child, inputs=inputs, outputs=outputs, dsp_id='sub')
        given = ids[:r.randrange(1, 4)] + r.sample(ids, r.randrange(0, 2))
        inputs = {d: r.randrange(-5, 10) for d in given}
        outputs = None
        rest = [d for d in ids if d not in given]
        if rest and r.random() < 0.5:
            outputs = [r.choice(rest) for _ in range(r.randrange(1, 3))]
        dsp.raises = True if r.randrange(6) == 0 else ''
        return dsp, inputs, outputs


def record(sol):
    """Everything a solution says, with its sub-solutions: values,
    distances, workflow nodes (with their results) and edges (with their
    values) in order, and the errors in order."""
    out = []
    for index, s in sorted(sol.sub_sol.items()):
        wf = s.workflow
        nodes = [(n, sorted((k, v) for k, v in attrs.items() if k != 'solution'))
                 for n, attrs in wf.nodes.items()]
        out.append((index, list(s.items()), list(s.dist.items()), nodes,
                    list(wf.edges.items()), list(s.errors.items())))
    return out


def dispatch_record(dsp, inputs, outputs, executor):
    try:
        sol = dsp.dispatch(inputs, outputs, executor=executor).result()
        return record(sol), None
    except sh.DispatcherError as e:
        return record(e.sol), (str(e), repr(e.ex))
    except Exception as e:
        # schedula's rule: result() of a dispatch with an executor raises the
        # exception of a function that failed and lost an output (the first
        # one); the solution is the synchronous one all the same
        assert executor and isinstance(e.sol, sh.Solution), e
        messages = [m for s in e.sol.sub_sol.values() for m in s.errors.values()]
        assert any(m.endswith('\n  ' + repr(e)) for m in messages), (messages, e)
        return record(e.sol), None


def take_calls(log_path):
    """The calls logged since the last time: sorted label/node ids, and the
    set of the pids they ran in."""
    try:
        with open(log_path) as f:
            lines = f.read().split()
    except FileNotFoundError:
        return [], set()
    os.unlink(log_path)
    return sorted(lines[0::2]), {int(p) for p in lines[1::2]}


def test_differential(tmp_path):
    """Every executor gives the synchronous solution, the same exception,
    and calls the same functions; the parallel executors call them in
    worker processes."""
    n_models = int(os.environ.get('TEST_EXECUTORS_MODELS', '500'))
    seed = int(os.environ.get('TEST_EXECUTORS_SEED', '20261207'))
    log_path = str(tmp_path / 'calls.log')
    models = Models(seed, log_path)
    me = os.getpid()
    n_failures = n_subs = n_raised = n_calls = n_parallel = 0
    start = time.monotonic()
    for m in range(n_models):
        dsp, inputs, outputs = models.case()
        sync = dispatch_record(dsp, inputs, outputs, False)
        calls, pids = take_calls(log_path)
        assert pids <= {me}
        n_calls += len(calls)
        n_failures += any(errors for *_, errors in sync[0])
        n_subs += 'sub' in dsp.nodes
        n_raised += sync[1] is not None
        executors = ['async', 'parallel-pool']
        if m % 20 == 0:
            executors.append('parallel')
            n_parallel += 1
        for executor in executors:
            other = dispatch_record(dsp, inputs, outputs, executor)
            other_calls, other_pids = take_calls(log_path)
            assert other == sync, 'model %d under %s' % (m, executor)
            assert other_calls == calls, 'model %d under %s' % (m, executor)
            if executor == 'async':
                assert other_pids <= {me}
            else:
                assert me not in other_pids, 'model %d under %s' % (m, executor)
    print('\n%d random models (%d calls under sync) the same under sync, async and parallel-pool, '
          'and parallel for %d of them: %d with failures, %d that raise, %d with a '
          'sub-dispatcher (%.1f s)' % (n_models, n_calls, n_parallel, n_failures, n_raised,
                                       n_subs, time.monotonic() - start))
    assert n_failures > n_models // 20 and n_subs > n_models // 10 and n_raised > 0


# ---------------------------------------------------------------------------
# Python functions and values in workers
# ---------------------------------------------------------------------------

def add_pid(a):
    """A module function: it travels by reference (python:)."""
    return a + 1, os.getpid()


def ref_of(dsp, node_id):
    return dsp.get_node(node_id, node_attr=None)[0]['function'], \
        dsp.lookup_node(node_id).get_function().get_ref()


@pytest.mark.parametrize('executor', ['parallel-pool', 'parallel'])
def test_python_reference(executor):
    dsp = sh.Dispatcher()
    dsp.add_function('add_pid', add_pid, ['a'], ['b', 'pid'])
    # no reference until a dispatch asks for a process executor
    assert ref_of(dsp, 'add_pid')[1] is None
    dsp.dispatch({'a': 1}, executor='async').result()
    assert ref_of(dsp, 'add_pid')[1] is None
    sol = dsp.dispatch({'a': 1}, executor=executor).result()
    assert ref_of(dsp, 'add_pid')[1] == 'python:test_executors:add_pid'
    assert sol['b'] == 2 and sol['pid'] != os.getpid()


MAIN_CODE = textwrap.dedent('''
    import os

    SCALE = 3

    def scaled(x):
        return x * SCALE, os.getpid()
''')


def test_dill_functions():
    """A lambda, a closure and a function of __main__ travel as dill."""
    k = 10

    def make_adder(n):
        def add(x):
            return x + n + k, os.getpid()
        return add

    main = {'__name__': '__main__'}
    exec(MAIN_CODE, main)
    dsp = sh.Dispatcher()
    dsp.add_function('lam', lambda a: (a * k, os.getpid()), ['a'], ['b', 'pid_lam'])
    dsp.add_function('closure', make_adder(5), ['a'], ['c', 'pid_closure'])
    dsp.add_function('main', main['scaled'], ['a'], ['d', 'pid_main'])
    sol = dsp.dispatch({'a': 2}, executor='parallel-pool').result()
    assert (sol['b'], sol['c'], sol['d']) == (20, 17, 6)
    for node in ('lam', 'closure', 'main'):
        assert ref_of(dsp, node)[1].startswith('dill:')
        assert sol['pid_' + node] != os.getpid()


class Point(object):
    """A Python object that travels pickled."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return type(other) is Point and (self.x, self.y) == (other.x, other.y)


def move(p, d):
    return Point(p.x + d[0], p.y + d[1]), {'seen': (p.x, p.y), 'kinds': {1, 2}}


def test_python_objects():
    """Python objects go to workers and back through the codec 'pickle':
    equal, of the same type (a tuple stays a tuple)."""
    encoded = sh.value_encode(sh.to_value((1, [2.5, 'x'])))
    assert encoded.get_child_value(0).get_string() == 'pickle'
    assert sh.value_decode(encoded) == (1, [2.5, 'x'])
    assert sh.value_encode(sh.to_value(7)).unpack() == ('', 7)

    dsp = sh.Dispatcher()
    dsp.add_function('move', move, ['p', 'd'], ['q', 'info'])
    inputs = {'p': Point(1, 2), 'd': (10, 20)}
    sync = dsp.dispatch(inputs)
    for executor in ('parallel-pool', 'parallel'):
        sol = dsp.dispatch(inputs, executor=executor).result()
        assert sol == sync
        assert sol['q'] == Point(11, 22)
        assert sol['info'] == {'seen': (1, 2), 'kinds': {1, 2}}
        assert type(sol['info']['seen']) is tuple


SCRIPT_CODE = textwrap.dedent('''
    class Vec:
        def __init__(self, x):
            self.x = x

        def __eq__(self, other):
            return isinstance(other, Vec) and other.x == self.x

    def grow(v, n):
        return Vec(v.x + n)

    def same_class(v, w):
        return isinstance(v, Vec) and isinstance(w, Vec), type(v) is type(w)
''')


def test_script_classes(monkeypatch):
    """The classes and functions of a script (__main__) travel by value and
    come back as the script's own; in a worker, the functions of the script
    and the values they get share one copy of each class."""
    script = {'__name__': '__main__'}
    exec(SCRIPT_CODE, script)
    main = sys.modules['__main__']
    for name in ('Vec', 'grow', 'same_class'):
        monkeypatch.setattr(main, name, script[name], raising=False)
    Vec = script['Vec']
    dsp = sh.Dispatcher()
    dsp.add_function('grow', script['grow'], ['v', 'n'], ['w'])
    dsp.add_function('same_class', script['same_class'], ['v', 'w'], ['same'])
    for executor in (False, 'parallel-pool', 'parallel'):
        sol = dsp.dispatch({'v': Vec(1), 'n': 2}, executor=executor).result()
        assert type(sol['w']) is Vec and sol['w'] == Vec(3)
        assert sol['same'] == (True, True)


def test_cannot_travel(caplog):
    """A function dill cannot serialise has no reference: it runs in this
    process, with the library's message once per node, and gives the right
    result."""
    numbers = (i for i in range(3))   # a generator: dill cannot take it

    def local_inc(a, numbers=numbers):
        return a + 1, os.getpid()

    dsp = sh.Dispatcher()
    dsp.add_function('local_inc', local_inc, ['a'], ['b', 'pid'])
    dsp.add_function('remote_inc', lambda b: (b + 1, os.getpid()), ['b'], ['c', 'pid2'])
    with caplog.at_level(logging.WARNING, logger='schedula'):
        for _ in range(2):
            sol = dsp.dispatch({'a': 1}, executor='parallel-pool').result()
            assert (sol['b'], sol['c']) == (2, 3)
            assert sol['pid'] == os.getpid() and sol['pid2'] != os.getpid()
    assert ref_of(dsp, 'local_inc')[1] is None
    messages = [r.getMessage() for r in caplog.records if IN_PROCESS in r.getMessage()]
    assert messages == ['local_inc runs in this process, not in a worker: its function has no '
                        'reference another process can resolve']
    assert caplog.records[0].levelname == 'WARNING'


def test_references_follow_the_model():
    """Nodes added after a parallel dispatch get their reference at the
    next one; the functions of sub-dispatchers too."""
    child = sh.Dispatcher()
    child.add_function('child_pid', lambda x: os.getpid(), ['x'], ['y'])
    dsp = sh.Dispatcher()
    dsp.add_function('inc', lambda a: a + 1, ['a'], ['b'])
    dsp.add_dispatcher(child, inputs={'b': 'x'}, outputs={'y': 'pid'}, dsp_id='sub')
    sol = dsp.dispatch({'a': 1}, executor='parallel-pool').result()
    assert sol['pid'] != os.getpid()
    dsp.add_function('later', lambda b: (b * 2, os.getpid()), ['b'], ['c', 'pid_later'])
    child.add_function('child_later', lambda x: os.getpid(), ['x'], ['z'])
    sol = dsp.dispatch({'a': 1}, executor='parallel-pool').result()
    assert sol['c'] == 4 and sol['pid_later'] != os.getpid()
    assert ref_of(child, 'child_later')[1].startswith('dill:')


def test_prints_do_not_disturb_the_protocol(capfd):
    def noisy(a):
        print('to stdout', a)
        os.write(1, b'to descriptor 1\n')
        return a + 1

    dsp = sh.Dispatcher()
    dsp.add_function('noisy', noisy, ['a'], ['b'])
    assert dsp.dispatch({'a': 1}, executor='parallel-pool').result()['b'] == 2
    sh.shutdown_executors()
    err = capfd.readouterr().err
    assert 'to stdout 1' in err and 'to descriptor 1' in err


class Odd(Exception):
    pass


def fail_builtin(a):
    raise ValueError('fail', a)


def fail_own(a):
    raise Odd('odd', a)


@pytest.mark.parametrize('func', [fail_builtin, fail_own])
def test_same_exception_everywhere(func):
    """A failing function gives the same errors and the same DispatcherError
    message in a worker as here; a built-in exception comes back as itself,
    another one as a RemoteError with the same repr."""
    dsp = sh.Dispatcher(raises=True)
    dsp.add_function('bad', func, ['a'], ['b'])
    seen = []
    for executor in (False, 'async', 'parallel-pool', 'parallel'):
        with pytest.raises(sh.DispatcherError) as info:
            dsp.dispatch({'a': 1}, executor=executor).result()
        e = info.value
        seen.append((str(e), repr(e.ex), e.sol.errors,
                     e.sol.dup_error_message('bad').split('Traceback')[0]))
        if func is fail_builtin:
            assert type(e.ex) is ValueError and e.ex.args == ('fail', 1)
        elif executor in ('parallel-pool', 'parallel'):
            assert type(e.ex) is sh.RemoteError
    assert all(s == seen[0] for s in seen), seen
    assert seen[0][0] == "Failed DISPATCHING 'bad' due to:\n  %r" % (func.__name__ == 'fail_own'
                                                                     and Odd('odd', 1)
                                                                     or ValueError('fail', 1))


# ---------------------------------------------------------------------------
# Workers that die or hang, cancellation
# ---------------------------------------------------------------------------

def exit_3(a):
    os._exit(3)


def segfault(a):
    os.kill(os.getpid(), signal.SIGSEGV)


def hang(a):
    time.sleep(60)


@pytest.mark.parametrize('executor,func,message', [
    ('parallel-pool', exit_3, 'exited with status 3'),
    ('parallel-pool', segfault, 'was killed by signal 11'),
    ('parallel-pool', hang, 'timed out after 1 s: its worker process was killed'),
    ('parallel', segfault, 'was killed by signal 11'),
    ('parallel', hang, 'timed out after 1 s: its worker process was killed'),
])
def test_worker_dies(executor, func, message):
    """A worker that exits, crashes or hangs past the timeout fails its node
    only: the alternative path is taken, the pool serves again, no zombie
    is left."""
    dsp = sh.Dispatcher(raises='')
    dsp.add_function('bad', func, ['a'], ['b'])
    dsp.add_function('good', lambda a: a + 10, ['a'], ['b'], weight=5)
    dsp.add_function('after', lambda b: (b * 2, os.getpid()), ['b'], ['c', 'pid'])
    for _ in range(2):
        sol = dsp.try_dispatch({'a': 1}, None, options(executor, timeout=1.0), None)
        assert dict(sol) == {'a': 1, 'b': 11, 'c': 22, 'pid': sol['pid']}
        assert sol['pid'] != os.getpid()
        assert list(sol.errors) == ['bad']
        assert message in sol.errors['bad']
    assert zombies() == []


def sleep_ms(ms):
    time.sleep(ms / 1000)
    return ms


def sleepers(n):
    dsp = sh.Dispatcher(name='sleepers')
    for i in range(n):
        dsp.add_function('s%d' % i, sleep_ms, ['ms'], ['o%d' % i])
    return dsp


@pytest.mark.parametrize('executor', ['async', 'parallel-pool', 'parallel'])
def test_cancel(executor, tmp_path):
    """cancel() stops the dispatch through its Gio.Cancellable: the future
    is cancelled at once, the calls that did not start do not run, worker
    processes are killed (a call running in a thread of this process ends
    when it returns), no zombie."""
    ms = 600 if executor == 'async' else 5000
    log_path = str(tmp_path / 'calls.log')
    dsp = sleepers(4)
    # a call that comes after the sleepers, and logs when it runs
    dsp.add_function('after', node_function('sum', 1, 'after', log_path), ['o0', 'o1'], ['z'])
    future = dsp.dispatch({'ms': ms}, executor=executor)
    time.sleep(0.3)
    start = time.monotonic()
    assert future.cancel() and future.cancelled() and future.done()
    with pytest.raises(concurrent.futures.CancelledError):
        future.result()
    assert future.cancel()   # as concurrent.futures: still cancelled
    assert sh.shutdown_executors() == [executor]   # waits for the dispatch's thread
    assert time.monotonic() - start < 2.5
    assert take_calls(log_path) == ([], set())
    assert zombies() == []


def test_stopper_event():
    """A threading.Event stopper stops a dispatch in the background: result()
    raises DispatcherAbort with the partial solution."""
    dsp = sleepers(3)
    dsp.add_function('quick', lambda ms: ms + 1, ['ms'], ['q'])
    stop = threading.Event()
    future = dsp.dispatch({'ms': 3000}, executor='parallel-pool', stopper=stop)
    time.sleep(0.3)
    stop.set()
    with pytest.raises(sh.DispatcherAbort) as info:
        future.result(timeout=10)
    assert info.value.sol['ms'] == 3000
    assert not future.cancelled()


# ---------------------------------------------------------------------------
# The future, shutdown_executors(), the main loop
# ---------------------------------------------------------------------------

def sleep_and_tell_pid():
    time.sleep(1)
    return os.getpid()


def test_the_issue_example():
    """dsp(executor='async').result() with six one-second sleeps that
    return os.getpid() takes a little over one second, all in this
    process; 'parallel' gives six other processes; shutdown_executors()
    names both."""
    dsp = sh.Dispatcher()
    for out in 'abcdef':
        dsp.add_function('sleep_' + out, sleep_and_tell_pid, outputs=[out])
    start = time.monotonic()
    future = dsp(executor='async')
    assert time.monotonic() - start < 0.5   # it does not block
    sol = future.result()
    elapsed = time.monotonic() - start
    assert [sol[k] for k in 'abcdef'] == [os.getpid()] * 6
    assert 1.0 <= elapsed < 1.9, elapsed
    start = time.monotonic()
    sol = dsp(executor='parallel').result()
    pids = [sol[k] for k in 'abcdef']
    print('\nasync: %.2f s; parallel: %.2f s, pids %s' % (elapsed, time.monotonic() - start, pids))
    assert len(set(pids)) == 6 and os.getpid() not in pids
    assert sorted(sh.shutdown_executors()) == ['async', 'parallel']


def test_future_api():
    dsp = sleepers(2)
    future = dsp.dispatch({'ms': 400}, executor='async')
    assert isinstance(future, sh.DispatchFuture)
    assert isinstance(future, concurrent.futures.Future)
    assert future.running() and not future.done()
    with pytest.raises(concurrent.futures.TimeoutError):
        future.result(timeout=0.01)
    called = []
    called_back = threading.Event()
    future.add_done_callback(lambda f: (called.append(f.result()['o0']), called_back.set()))
    sol = future.result(timeout=10)
    assert future.done() and not future.running() and future.exception() is None
    assert isinstance(sol, sh.Solution) and sol.result() is sol
    assert called_back.wait(10) and called == [400]
    # the future reads as its solution
    assert future['o1'] == 400 and 'o0' in future and len(future) == 3
    assert future == {'ms': 400, 'o0': 400, 'o1': 400} and sol == future
    assert future.dist == sol.dist and list(future) == list(sol)
    # a callback added once done runs at once
    future.add_done_callback(lambda f: called.append('late'))
    assert called == [400, 'late']
    # concurrent.futures.wait() takes them
    futures = [dsp.dispatch({'ms': 10 * i}, executor='async') for i in range(3)]
    done, pending = concurrent.futures.wait(futures, timeout=10)
    assert len(done) == 3 and not pending
    # select_output_kw: the future gives the selection
    assert dsp.dispatch({'ms': 1}, select_output_kw={'keys': ['o0']},
                        executor='async').result() == {'o0': 1}


def test_asynchronous_solution():
    """Until result(), a dispatch with an executor reads as schedula's
    asynchronous Solution: a Future per node it plans to reach (the
    inputs done at once); they complete when it ends. result() raises the
    first failure that lost an output, of a node without await_result, as
    schedula's; a failure with an alternative path raises nothing (f1
    here: f2 gives c)."""
    gate = threading.Event()
    started = threading.Event()

    def wait_gate(a):
        started.set()
        assert gate.wait(10)
        return a + 1

    def fail(a):
        raise ValueError('fail')

    dsp = sh.Dispatcher(raises='')
    dsp.add_function('wait_gate', wait_gate, ['a'], ['b'])
    dsp.add_function('f1', fail, ['b'], ['c'])
    dsp.add_function('f2', lambda b: b * 10, ['b'], ['c'], weight=5)
    dsp.add_function('never', fail, ['b'], ['x'])
    dsp.add_function('g', lambda x: x, ['x'], ['y'])
    future = dsp.dispatch({'a': 1}, executor='async')
    # the nodes a no_call dispatch reaches, in its order; only the input is done
    assert list(future) == ['a', 'b', 'c', 'x', 'y']
    assert all(isinstance(f, concurrent.futures.Future) for f in future.values())
    assert future['a'].result(0) == 1 and not future['b'].done()
    gate.set()
    with pytest.raises(ValueError, match='fail') as info:
        future.result(10)
    # the node futures completed: values, and the failure for the others
    nodes = dict(dsp.dispatch({'a': 1}, executor='async').items())
    assert [sh.await_result(nodes[k]) for k in 'abc'] == [1, 2, 20]
    with pytest.raises(ValueError, match='fail'):
        sh.await_result(nodes['y'], 10)
    # after result(), the future reads as the synchronous solution
    assert dict(future) == {'a': 1, 'b': 2, 'c': 20} == dict(info.value.sol)
    assert list(future.errors) == ['f1', 'never'] and future['c'] == 20
    assert sh.await_result(5) == 5
    # await_result on the failing nodes: their failures count as in a synchronous dispatch
    for node_id in ('f1', 'never'):
        dsp.lookup_node(node_id).set_await_result(True)
    assert dict(dsp.dispatch({'a': 1}, executor='async').result(10)) == {'a': 1, 'b': 2, 'c': 20}

    # shutdown_executors(wait=False) stops a dispatch in the background
    # (once the call that runs ends: the gate opens 0.2 s later)
    gate.clear()
    started.clear()
    future = dsp.dispatch({'a': 1}, executor='async')
    nodes = dict(future.items())
    # the call runs before the shutdown (on a loaded machine the dispatch's
    # thread could otherwise be cancelled before it made the call: then
    # nothing runs, and a is all the solution has)
    assert started.wait(10)
    threading.Timer(0.2, gate.set).start()
    assert sh.shutdown_executors(False) == ['async']
    with pytest.raises(sh.ExecutorShutdown) as info:
        future.result(10)
    # the call that ran gave its value; nothing else ran
    assert dict(info.value.sol) == {'a': 1, 'b': 2} == dict(future)
    with pytest.raises(sh.ExecutorShutdown):
        nodes['c'].result(0)

    # a stopper set after dispatch() returned: DispatcherAbort from result()
    gate.clear()
    stopper = threading.Event()
    future = dsp.dispatch({'a': 1}, executor='parallel-pool', stopper=stopper)
    stopper.set()
    gate.set()
    with pytest.raises(sh.DispatcherAbort):
        future.result(10)
    assert set(future) <= {'a', 'b'}
    sh.shutdown_executors()


def test_future_failure_and_sync_solutions():
    dsp = sh.Dispatcher(raises=True)
    dsp.add_function('bad', fail_builtin, ['a'], ['b'])
    future = dsp.dispatch({'a': 1}, executor='parallel-pool')
    assert isinstance(future.exception(timeout=10), sh.DispatcherError)
    with pytest.raises(sh.DispatcherError):
        future.result()
    # once result() raised, the future reads as the failed dispatch's solution
    assert dict(future) == {'a': 1} and future.errors.keys() == {'bad'}
    # an unknown executor raises at once
    with pytest.raises(ValueError, match='unknown executor nope'):
        dsp.dispatch({'a': 1}, executor='nope')
    # synchronous dispatches give a Solution, whose result() is itself
    ok = sh.Dispatcher()
    ok.add_function('inc', lambda a: a + 1, ['a'], ['b'])
    for executor in (False, 'sync'):
        sol = ok.dispatch({'a': 1}, executor=executor)
        assert isinstance(sol, sh.Solution) and sol.result() is sol and sol['b'] == 2


def test_executor_keyword():
    """executor=True uses the model's executor; False is synchronous
    whatever the model's executor (SEMANTICS.md 6.1)."""
    dsp = sh.Dispatcher(executor='parallel-pool')
    dsp.add_function('getpid', lambda a: os.getpid(), ['a'], ['pid'])
    assert dsp.dispatch({'a': 1})['pid'] == os.getpid()
    assert dsp.dispatch({'a': 1}, executor=False)['pid'] == os.getpid()
    future = dsp.dispatch({'a': 1}, executor=True)
    assert isinstance(future, sh.DispatchFuture) and sh.await_result(future['pid']) != os.getpid()
    assert dsp.dispatch({'a': 1}, executor='async').result()['pid'] == os.getpid()
    assert sh.Dispatcher().dispatch(executor=True).result() == {}
    # dispatch_batch takes it too, and blocks
    sols = dsp.dispatch_batch([{'a': 1}, {'a': 2}], executor=True)
    assert all(s['pid'] != os.getpid() for s in sols)
    assert sorted(sh.shutdown_executors()) == ['async', 'parallel-pool']


def test_shutdown_waits_for_background_dispatches():
    dsp = sleepers(3)
    future = dsp.dispatch({'ms': 500}, executor='parallel-pool')
    assert sh.shutdown_executors(wait=True) == ['parallel-pool']
    assert future.done() and future.result()['o2'] == 500
    assert sh.shutdown_executors() == []
    # shutdown_executor(name): the names it stopped
    dsp.dispatch({'ms': 1}, executor='async').result()
    assert sh.shutdown_executor('parallel') == []
    assert sh.shutdown_executor('async') == ['async']


@pytest.mark.gi
@pytest.mark.parametrize('executor', ['async', 'parallel-pool', 'parallel'])
def test_main_loop(executor):
    """The GI form: dispatch_async() with a callback in the caller's main
    context, under a GLib.MainLoop, and dispatch_finish()."""
    dsp = sh.Dispatcher()
    dsp.add_function('inc', lambda a: (a + 1, os.getpid()), ['a'], ['b', 'pid'])
    dsp.add_function('bad', fail_builtin, ['b'], ['c'])
    loop = GLib.MainLoop()
    got = []

    def done(source, result, *user_data):
        try:
            got.append((source, threading.current_thread(), user_data,
                        source.dispatch_finish(result)))
        except GLib.Error as error:
            got.append(error)
        finally:
            loop.quit()

    def run(cancellable, *user_data):
        got.clear()
        dsp.dispatch_async({'a': 1}, None, options(executor), cancellable, done, *user_data)
        timeout = GLib.timeout_add_seconds(30, loop.quit)
        loop.run()
        GLib.source_remove(timeout)
        assert len(got) == 1
        return got[0]

    source, thread, user_data, sol = run(Gio.Cancellable(), 'data')
    assert source is dsp and thread is threading.main_thread() and user_data == ('data',)
    assert sol['b'] == 2 and list(sol.errors) == ['bad']
    assert (sol['pid'] == os.getpid()) == (executor == 'async')

    # cancelled before it runs: dispatch_finish() raises
    cancellable = Gio.Cancellable()
    cancellable.cancel()
    error = run(cancellable)
    assert isinstance(error, GLib.Error)
    assert error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)


if __name__ == '__main__':
    sys.exit(pytest.main([__file__, '-v']))


@pytest.mark.skipif(not hasattr(sh, 'FunctionRegistry'),
                    reason='parallel-dispatch needs model files (-Dio=disabled)')
def test_parallel_dispatch():
    """parallel-dispatch: a SubDispatchFunction's call goes to one worker
    (the Python worker: its model has Python functions), which dispatches
    its model there; under parallel, the wrapper runs here, and so does the
    dispatch of its model (docs/async.md)."""
    inner = sh.Dispatcher(name='inner')
    inner.add_function('p0', lambda x: os.getpid(), ['x'], ['o0'])
    inner.add_function('p1', lambda x: os.getpid(), ['x'], ['o1'])
    inner.add_function('twice', lambda x: 2 * x, ['x'], ['y'])
    dsp = sh.Dispatcher(name='outer')
    dsp.add_function('sdf', sh.SubDispatchFunction(inner, 'sdf', ['x'], ['o0', 'o1', 'y']),
                     ['a'], ['q0', 'q1', 'r'])
    sol = dsp.dispatch({'a': 21}, executor='parallel-dispatch').result()
    assert sol['r'] == 42
    assert sol['q0'] == sol['q1'] != os.getpid()
    sol = dsp.dispatch({'a': 21}, executor='parallel').result()
    assert sol['r'] == 42
    assert sol['q0'] == sol['q1'] == os.getpid()
    assert 'parallel-dispatch' in sh.shutdown_executors()


def test_library_dicts_reach_python_workers():
    """A dict of the library (selector's output_type='dict') as the input of
    a Python function in a worker: the worker decoded it into a GValue that
    PyGObject had already freed (malloc abort in the worker); the values now
    go from the message to the call in C."""
    dsp = sh.Dispatcher()
    dsp.add_function('sel', sh.partial(sh.selector, ['a', 'b'], output_type='dict'), ['d'], ['s'])
    dsp.add_function('use', lambda s: (sorted(s.items()), os.getpid()), ['s'], ['out', 'pid'])
    inputs = {'d': {'a': 1, 'b': 2.5, 'x': 0}}
    expected = dsp.dispatch(inputs)['out']
    assert expected == [('a', 1), ('b', 2.5)]
    for _ in range(20):
        sol = dsp.dispatch(inputs, executor='parallel-pool').result()
        assert sol['out'] == expected and sol['pid'] != os.getpid()
