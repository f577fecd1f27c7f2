// test-async.js: Dispatcher.dispatch_async awaited from JS (issue 9)
//
// The dispatch runs in a thread while this program's main loop keeps
// running; the JS functions (fn()) run on the main thread all the same, C
// functions by reference run at the same time in threads or in worker
// processes, the progress object reports on the main thread, cancelling
// and errors reject the await, many awaits at once all resolve.
//
// The expectations are those of the C tests (tests/test-async.c). No check
// is on timing: overlap is seen in the progress reports and the pids.
//
// SPDX-License-Identifier: EUPL-1.2

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';

import {Schedula, fn, inputs, lookup, values} from '../../bindings/gjs/schedula.js';
import {
    check, distText, done, equal, isDispatchError, note, solText, wfEdgesText,
    wfNodesText,
} from './harness.js';

const {DispatchError, NodeStatus, Raises} = Schedula;
// NodeStatus names by value: 'DONE' for NodeStatus.DONE
const STATUS = Object.fromEntries(Object.entries(NodeStatus)
    .filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));

Gio._promisify(Schedula.Dispatcher.prototype, 'dispatch_async', 'dispatch_finish');

// Logs ---------------------------------------------------------------------
//
// GJS blocks a JS function called on another thread and says so with a
// Gjs-CRITICAL logged on that thread. GJS 1.74 hands what other threads log
// to GLib's default writer, not to a JS writer (which would be a JS callback
// on that thread): made fatal, a CRITICAL or WARNING of any thread aborts
// this program, which fails the test. What the main thread logs reaches the
// writer below, which keeps the CRITICALs and WARNINGs for the checks (a
// message, such as raises RECORD's, is only printed).
GLib.log_set_always_fatal(GLib.LogLevelFlags.LEVEL_ERROR | GLib.LogLevelFlags.LEVEL_CRITICAL |
    GLib.LogLevelFlags.LEVEL_WARNING);
const badLogs = [];
const text = x => x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x ?? '');
GLib.log_set_writer_func((level, fields) => {
    const line = `${text(fields.GLIB_DOMAIN)}-${level}: ${text(fields.MESSAGE)}`;
    if (level & (GLib.LogLevelFlags.LEVEL_ERROR | GLib.LogLevelFlags.LEVEL_CRITICAL |
        GLib.LogLevelFlags.LEVEL_WARNING))
        badLogs.push(line);
    printerr(line);
    return GLib.LogWriterOutput.HANDLED;
});

// Threads and processes -----------------------------------------------------

const decoder = new TextDecoder();

// the first field of a /proc stat file: the id of the process or thread
function statId(path) {
    const [, bytes] = GLib.file_get_contents(path);
    return Number(decoder.decode(bytes).split(' ')[0]);
}

const OWN_PID = new Gio.Credentials().get_unix_pid();

// On Linux the main thread's id is the process id.
function onMainThread() {
    return statId('/proc/thread-self/stat') === OWN_PID;
}

// A C function of the test module (tests/test-functions.c), by reference:
// the worker processes of parallel and parallel-pool run it too.
const TEST_FUNCTIONS = GLib.getenv('SCHEDULA_TEST_FUNCTIONS');

function cfn(symbol) {
    return Schedula.Function.new_for_ref(`c:${TEST_FUNCTIONS}:${symbol}`);
}

// A JS function that records where it ran: every name in `log.ran`, and
// the names of those that ran off the main thread in `log.offMain`.
function tracked(log, name, func) {
    return fn(name, (...args) => {
        log.ran.push(name);
        if (!onMainThread())
            log.offMain.push(name);
        return func(...args);
    });
}

function options(executor, progress = null) {
    const o = Schedula.DispatchOptions.new();
    if (executor)
        o.set_executor(executor);
    if (progress)
        o.set_progress(progress);
    return o;
}

const EXECUTORS = [null, 'async', 'parallel-pool', 'parallel'];
const executorName = e => e ?? 'none';

// Awaits `start()` while a 1 ms timeout counts the main loop's ticks.
async function whileTicking(start) {
    let ticks = 0;
    const id = GLib.timeout_add(GLib.PRIORITY_DEFAULT, 1, () => {
        ticks++;
        return GLib.SOURCE_CONTINUE;
    });
    try {
        const result = await start();
        return [result, ticks];
    } finally {
        GLib.source_remove(id);
    }
}

// What a progress object reports: the signals in order (kind, path,
// status), those that came off the main thread, the most nodes running at a
// node-started signal.
function recorder(progress) {
    const r = {events: [], offMain: 0, maxRunning: 0, finished: 0};
    const handlers = [
        progress.connect('node-started', (p, state) => {
            if (!onMainThread())
                r.offMain++;
            r.events.push(['started', state.get_path(), state.get_status()]);
            r.maxRunning = Math.max(r.maxRunning, p.get_n_running());
        }),
        progress.connect('node-finished', (p, state) => {
            if (!onMainThread())
                r.offMain++;
            r.finished++;
            r.events.push(['finished', state.get_path(), state.get_status()]);
        }),
    ];
    r.disconnect = () => handlers.forEach(id => progress.disconnect(id));
    // the signals of one node, in order: "started:RUNNING finished:DONE"
    r.of = path => r.events.filter(e => e[1] === path)
        .map(([kind, , status]) => `${kind}:${STATUS[status] ?? status}`).join(' ');
    return r;
}

// The node states of a progress object: schedula.js makes it iterable
// (GJS 1.74 does not iterate a GListModel); the same as by index.
function states(progress) {
    const items = [];
    for (let i = 0; i < progress.get_n_items(); i++)
        items.push(progress.get_item(i));
    const iterated = [...progress];
    if (iterated.length !== items.length || iterated.some((s, i) => s !== items[i]))
        throw new Error('iterating a progress object differs from get_item()');
    return iterated;
}

// The await must reject; test(e) must be true for what it rejected with.
async function rejects(start, test, what) {
    let error = null, result;
    try {
        result = await start();
    } catch (e) {
        error = e;
    }
    check(error !== null && test(error),
        error === null ? `${what}: resolved with ${result}` : `${what}: ${error}`);
    return error;
}

// harness.js's test() for async bodies: the group stops at its first
// failed check or uncaught exception; a WARNING or CRITICAL logged on the
// main thread during the group fails it.
async function test(name, body) {
    note(name);
    badLogs.length = 0;
    try {
        await body();
        check(badLogs.length === 0, `nothing logged: ${badLogs.join('; ')}`);
    } catch (e) {
        if (e?.constructor?.name === 'CheckFailed')  // harness.js printed it
            return;
        try {
            check(false, `${name}: uncaught ${e}`);
        } catch (_) {
        }
        printerr(`${name}: ${e}\n${e?.stack ?? ''}`);
    }
}

// JS functions ---------------------------------------------------------------
//
// inc: a -> b, double: b -> c, add: b, c -> d; sq0..sq5: a -> s0..s5, six
// JS functions that the executor has at once; sleep (C, tf_sleep_sum):
// ms -> slept; after (JS): slept, d -> e, which runs once the C function
// has slept `ms` in another thread.
function jsModel(log) {
    const dsp = Schedula.Dispatcher.new('js');
    dsp.add_function('inc', tracked(log, 'inc', x => x + 1), ['a'], ['b']);
    dsp.add_function('double', tracked(log, 'double', x => x * 2), ['b'], ['c']);
    dsp.add_function('add', tracked(log, 'add', (x, y) => x + y), ['b', 'c'], ['d']);
    for (let i = 0; i < 6; i++)
        dsp.add_function(`sq${i}`, tracked(log, `sq${i}`, x => x * x + i), ['a'], [`s${i}`]);
    dsp.add_function('sleep', cfn('tf_sleep_sum'), ['ms'], ['slept']);
    dsp.add_function('after', tracked(log, 'after', (x, y) => x + y), ['slept', 'd'], ['e']);
    return dsp;
}

const JS_NODES = ['inc', 'double', 'add', 'sq0', 'sq1', 'sq2', 'sq3', 'sq4', 'sq5', 'after'];

await test('JS functions: the solution of the synchronous dispatch, every call on the main ' +
    'thread, the main loop running', async () => {
    check(statId('/proc/self/stat') === OWN_PID && onMainThread(),
        `this program runs on its main thread (pid ${OWN_PID})`);
    const log = {ran: [], offMain: []};
    const dsp = jsModel(log);
    const IN = {a: 3, ms: 100};
    const sync = dsp.dispatch(inputs(IN), null, null, null);
    equal(solText(sync), 'a=3, ms=100, b=4, s0=9, s1=10, s2=11, s3=12, s4=13, s5=14, ' +
        'slept=100, c=8, d=12, e=112', 'the synchronous solution');
    for (const executor of EXECUTORS) {
        const name = executorName(executor);
        log.ran.length = 0;
        log.offMain.length = 0;
        const [sol, ticks] = await whileTicking(() =>
            dsp.dispatch_async(inputs(IN), null, options(executor), null));
        check(sol instanceof Schedula.Solution, `${name}: a Solution`);
        equal(values(sol), values(sync), `${name}: the values`);
        equal(sol.get_n_values(), sync.get_n_values(), `${name}: get_n_values()`);
        equal(solText(sol), solText(sync), `${name}: in the same order`);
        equal(distText(sol), distText(sync), `${name}: the distances`);
        equal(wfNodesText(sol), wfNodesText(sync), `${name}: the workflow's nodes`);
        equal(wfEdgesText(sol), wfEdgesText(sync), `${name}: the workflow's edges`);
        equal([...log.ran].sort(), [...JS_NODES].sort(), `${name}: every JS function ran once`);
        equal(log.offMain, [], `${name}: on the main thread`);
        check(ticks > 0, `${name}: the main loop ran during the dispatch (${ticks} ticks)`);
    }
});

// C functions at the same time -------------------------------------------------
//
// s0..s5 (tf_sleep_sum): ms -> o0..o5; p0..p5 (tf_pid), fed from START:
// pid0..pid5, the process each ran in. The progress object reports a call
// when the dispatch hands it to the executor: several nodes running at a
// node-started signal means that the dispatch did not wait for one call to
// return before making the next one. With no executor it does.
function sleepers() {
    const dsp = Schedula.Dispatcher.new('sleepers');
    for (let i = 0; i < 6; i++) {
        dsp.add_function(`s${i}`, cfn('tf_sleep_sum'), ['ms'], [`o${i}`]);
        dsp.add_function(`p${i}`, cfn('tf_pid'), null, [`pid${i}`]);
    }
    return dsp;
}

await test('C functions by reference run at the same time under async and parallel-pool',
    async () => {
        const dsp = sleepers();
        for (const [executor, ms] of [['async', 200], ['parallel-pool', 200], [null, 20]]) {
            const name = executorName(executor);
            const progress = Schedula.Progress.new();
            const r = recorder(progress);
            const t0 = GLib.get_monotonic_time();
            const sol = await dsp.dispatch_async(inputs({ms}), null, options(executor, progress),
                null);
            const elapsed = (GLib.get_monotonic_time() - t0) / 1000;
            r.disconnect();
            note(`${name}: six calls of ${ms} ms in ${elapsed.toFixed(0)} ms, at most ` +
                `${r.maxRunning} running at once`);
            for (let i = 0; i < 6; i++)
                equal(lookup(sol, `o${i}`), ms, `${name}: o${i}`);
            equal(progress.get_n_done(), 12, `${name}: 12 calls done`);
            equal(r.offMain, 0, `${name}: the signals came on the main thread`);
            const pids = new Set([0, 1, 2, 3, 4, 5].map(i => lookup(sol, `pid${i}`)));
            if (executor === null) {
                equal(r.maxRunning, 1, `${name}: one call after the other`);
                equal([...pids], [OWN_PID], `${name}: tf_pid ran in this process`);
            } else {
                check(r.maxRunning > 1, `${name}: ${r.maxRunning} nodes running at once`);
            }
            if (executor === 'async')
                equal([...pids], [OWN_PID], `${name}: tf_pid ran in this process`);
            if (executor === 'parallel-pool') {
                check([...pids].every(pid => Number.isInteger(pid) && pid > 0 && pid !== OWN_PID),
                    `${name}: tf_pid ran in worker processes (${[...pids].join(', ')}), ` +
                    `not in this one (${OWN_PID})`);
            }
        }
    });

// Progress ---------------------------------------------------------------------
//
// inc (JS): a -> b, double (JS): b -> c, sleep (C): ms -> w, bad (C,
// tf_fail): a -> x, throws (JS): b -> y, never (C): nothing -> z, which
// nothing feeds.
function progressModel() {
    const dsp = Schedula.Dispatcher.new('progress');
    dsp.add_function('inc', fn('inc', x => x + 1), ['a'], ['b']);
    dsp.add_function('double', fn('double', x => x * 2), ['b'], ['c']);
    dsp.add_function('sleep', cfn('tf_sleep_sum'), ['ms'], ['w']);
    dsp.add_function('bad', cfn('tf_fail'), ['a'], ['x']);
    dsp.add_function('throws', fn('throws', () => {
        throw new TypeError('js boom');
    }), ['b'], ['y']);
    dsp.add_function('never', cfn('tf_sum'), ['nothing'], ['z']);
    dsp.set_raises(Raises.RECORD_SILENTLY);
    return dsp;
}

await test('progress: signals on the main thread, in order, all in before the await returns',
    async () => {
        const dsp = progressModel();
        const progress = Schedula.Progress.new();
        for (const executor of [null, 'async', 'parallel-pool']) {
            const name = executorName(executor);
            const r = recorder(progress);
            const sol = await dsp.dispatch_async(inputs({a: 1, ms: 20}), null,
                options(executor, progress), null);
            // read at once, before anything else runs
            const counts = [progress.get_n_done(), progress.get_n_failed(), progress.get_n_skipped(),
                progress.get_n_running(), progress.get_dispatching(), r.finished];
            r.disconnect();
            equal(solText(sol), 'a=1, ms=20, b=2, w=20, c=4', `${name}: the solution`);
            equal(counts, [3, 2, 1, 0, false, 5],
                `${name}: n_done, n_failed, n_skipped, n_running, dispatching, node-finished ` +
                'signals when the await returns');
            equal(r.offMain, 0, `${name}: every signal on the main thread`);
            for (const [path, status] of [['inc', 'DONE'], ['double', 'DONE'], ['sleep', 'DONE'],
                ['bad', 'FAILED'], ['throws', 'FAILED']])
                equal(r.of(path), `started:RUNNING finished:${status}`, `${name}: ${path}'s signals`);
            equal(r.of('never'), '', `${name}: never: no signal`);

            const items = states(progress);
            equal(items.map(s => s.get_path()).sort(),
                ['bad', 'double', 'inc', 'never', 'sleep', 'throws'],
                `${name}: the list model has the function nodes`);
            check(progress.get_item_type() === Schedula.NodeState.$gtype &&
                items.every(s => s instanceof Schedula.NodeState), `${name}: of NodeStates`);
            check(items.every(s => progress.lookup(s.get_path()) === s),
                `${name}: lookup() gives the same objects`);
            const status = path => STATUS[progress.lookup(path).get_status()];
            equal(['inc', 'sleep', 'bad', 'throws', 'never'].map(status),
                ['DONE', 'DONE', 'FAILED', 'FAILED', 'SKIPPED'], `${name}: the statuses`);
            check(progress.lookup('inc').get_error() === null &&
                progress.lookup('inc').get_duration() >= 0, `${name}: inc: no error, a duration`);
            const badError = progress.lookup('bad').get_error();
            check(badError instanceof GLib.Error &&
                badError.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.FAILED) &&
                badError.message === 'fail in bad', `${name}: bad failed with its error: ${badError}`);
            const jsError = progress.lookup('throws').get_error();
            check(jsError?.message === 'js boom',
                `${name}: throws failed with the JS error: ${jsError}`);
            check(progress.lookup('never').get_error() === null, `${name}: never: no error`);
        }
    });

// Cancellation -------------------------------------------------------------------

// c00..c19 (tf_sleep_sum): ms -> v00 -> ... -> v19, each sleeping ms
function chain() {
    const dsp = Schedula.Dispatcher.new('chain');
    for (let i = 0; i < 20; i++) {
        const id = String(i).padStart(2, '0');
        const from = i === 0 ? 'ms' : `v${String(i - 1).padStart(2, '0')}`;
        dsp.add_function(`c${id}`, cfn('tf_sleep_sum'), [from], [`v${id}`]);
    }
    return dsp;
}

const isCancelled = e => e instanceof GLib.Error &&
    e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED);

await test('cancelling after the first node-finished rejects with CANCELLED', async () => {
    const dsp = chain();
    for (const executor of [null, 'async', 'parallel-pool']) {
        const name = executorName(executor);
        const progress = Schedula.Progress.new();
        const cancellable = new Gio.Cancellable();
        const id = progress.connect('node-finished', () => cancellable.cancel());
        await rejects(() => dsp.dispatch_async(inputs({ms: 30}), null,
            options(executor, progress), cancellable), isCancelled, `${name}: rejected`);
        progress.disconnect(id);
        const [nDone, nFailed, nSkipped] = [progress.get_n_done(), progress.get_n_failed(),
            progress.get_n_skipped()];
        check(nDone >= 1 && nDone < 20, `${name}: stopped early (${nDone} of 20 done)`);
        equal([nDone + nFailed + nSkipped, progress.get_n_running(), progress.get_dispatching()],
            [20, 0, false], `${name}: every node settled before the await returned`);
    }
    const cancelled = new Gio.Cancellable();
    cancelled.cancel();
    await rejects(() => dsp.dispatch_async(inputs({ms: 30}), null, options('async'), cancelled),
        isCancelled, 'cancelled before it starts');
});

// Errors ---------------------------------------------------------------------------

await test('errors: an unknown executor, JS exceptions, C failures', async () => {
    const dsp = Schedula.Dispatcher.new('errors');
    dsp.add_function('inc', fn('inc', x => x + 1), ['a'], ['b']);
    dsp.add_function('throws', fn('throws', x => {
        throw new TypeError(`js boom ${x}`);
    }), ['b'], ['c']);
    dsp.add_function('bad', cfn('tf_fail'), ['a'], ['d']);
    dsp.add_function('sum', cfn('tf_sum'), ['a', 'b'], ['e']);

    const unknown = await rejects(() => dsp.dispatch_async(inputs({a: 1}), null,
        options('no-such-executor'), null),
    e => isDispatchError(e, DispatchError.INVALID_INPUT), 'an unknown executor');
    check(unknown.message.includes('no-such-executor'), `the error names it: ${unknown.message}`);

    // RECORD: the failures are recorded (and logged from the dispatch's
    // thread, to stderr), the dispatch resolves
    dsp.set_raises(Raises.RECORD);
    for (const executor of [null, 'async', 'parallel-pool']) {
        const name = executorName(executor);
        const sol = await dsp.dispatch_async(inputs({a: 1}), null, options(executor), null);
        equal(solText(sol), 'a=1, b=2, e=3', `${name}: RECORD: the dispatch resolves`);
        const jsError = sol.get_error('throws');
        check(jsError instanceof TypeError && jsError.message === 'js boom 2',
            `${name}: the JS function's node failed with its TypeError: ${jsError}`);
        check(sol.get_error('bad')?.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.FAILED),
            `${name}: the C function's node failed with its GError`);
        equal([...sol.get_error_ids()].sort(), ['bad', 'throws'], `${name}: the failed nodes`);
        check(sol.get_dispatch_error() === null, `${name}: no dispatch error`);
    }

    // RAISE: the await rejects with what dispatch() throws
    const js = Schedula.Dispatcher.new('js');
    js.add_function('inc', fn('inc', x => x + 1), ['a'], ['b']);
    js.add_function('throws', fn('throws', x => {
        throw new TypeError(`js boom ${x}`);
    }), ['b'], ['c']);
    js.set_raises(Raises.RAISE);
    let syncError = null;
    try {
        js.dispatch(inputs({a: 1}), null, null, null);
    } catch (e) {
        syncError = e;
    }
    for (const executor of [null, 'async']) {
        const name = executorName(executor);
        const e = await rejects(() => js.dispatch_async(inputs({a: 1}), null, options(executor),
            null), x => isDispatchError(x, DispatchError.NODE_FAILED), `${name}: RAISE rejects`);
        check(e.message.includes("Failed DISPATCHING 'throws'") && e.message.includes('js boom 2'),
            `${name}: the error names the node and its error: ${e.message}`);
        equal(e.message, syncError?.message, `${name}: as dispatch() throws`);
    }
    const c = Schedula.Dispatcher.new('c');
    c.add_function('bad', cfn('tf_fail'), ['a'], ['d']);
    c.set_raises(Raises.RAISE);
    await rejects(() => c.dispatch_async(inputs({a: 1}), null, options('parallel-pool'), null),
        x => isDispatchError(x, DispatchError.NODE_FAILED) && x.message.includes('fail in bad'),
        'parallel-pool: a C function that fails in a worker rejects');
});

// Many at once ---------------------------------------------------------------------

await test('200 awaits at once all resolve, each with its own inputs', async () => {
    const log = {ran: [], offMain: []};
    const dsp = Schedula.Dispatcher.new('small');
    dsp.add_function('inc', tracked(log, 'inc', x => x + 1), ['a'], ['b']);
    dsp.add_function('double', tracked(log, 'double', x => x * 2), ['b'], ['c']);
    dsp.add_function('sum', cfn('tf_sum'), ['a', 'c'], ['d']);
    const shared = options('async');
    const promises = [];
    for (let i = 0; i < 200; i++) {
        const opts = i % 3 === 0 ? null : i % 3 === 1 ? shared : options('async');
        promises.push(dsp.dispatch_async(inputs({a: i}), null, opts, null));
    }
    const sols = await Promise.all(promises);
    const wrong = sols.map((sol, i) => [i, solText(sol)])
        .filter(([i, t]) => t !== `a=${i}, b=${i + 1}, c=${2 * (i + 1)}, d=${3 * i + 2}`);
    equal(wrong, [], '200 solutions, each of its inputs');
    equal(log.ran.length, 400, 'every JS call was made');
    equal(log.offMain, [], 'on the main thread');
});

done();
