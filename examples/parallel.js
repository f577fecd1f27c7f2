// parallel.js: six calls of one second, in threads and in worker processes,
// from JavaScript (GJS, `gjs -m`)
//
// Six function nodes, sleep_a to sleep_f, each sleep one second and give
// the id of the process they ran in (outputs a to f, from the input
// `seconds`). They do not depend on each other, so:
//
//   executor `async`     six threads of this process: a little over one
//                        second, and every pid is this process's;
//   executor `parallel`  a new worker process per call: six different
//                        pids, none of them this process's;
//   Schedula.shutdown_executors()  stops the two executors the dispatches
//                        made: async and parallel.
//
// A JS function cannot leave this process, nor run on a thread other than
// the main one: the six functions are C functions by reference
// (Schedula.Function.new_for_ref('c:MODULE:example_sleep_pid'), the module
// of parallel-functions.c), which the threads and the worker processes run
// as C code runs them. Then a JS function under `parallel`: it runs here, in
// the main context, and the library says so once (a message on stderr:
// "js_pid runs in this process, not in a worker: ...").
//
// The dispatches are awaited (dispatch_async): the main loop runs
// meanwhile. The program prints what it measured and exits with a failure
// status when a check fails; times are printed, not checked. From a build
// directory, uninstalled:
//
//   GI_TYPELIB_PATH=libschedula-glib LD_LIBRARY_PATH=libschedula-glib \
//   SCHEDULA_WORKER=tools/schedula-worker \
//   gjs -m ../examples/parallel.js examples/libschedula-example-functions.so
//
// SPDX-License-Identifier: EUPL-1.2

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import System from 'system';

import {Schedula, fn, inputs, lookup} from '../bindings/gjs/schedula.js';

Gio._promisify(Schedula.Dispatcher.prototype, 'dispatch_async', 'dispatch_finish');

const OUTPUTS = ['a', 'b', 'c', 'd', 'e', 'f'];
const me = new Gio.Credentials().get_unix_pid();
const failures = [];

function check(ok, what) {
    print(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok)
        failures.push(what);
}

// Dispatches with an executor, awaited; the solution and the seconds it
// took. A ticker counts how many times the main loop ran meanwhile.
async function timedDispatch(dsp, executor) {
    const options = Schedula.DispatchOptions.new();
    options.set_executor(executor);
    let ticks = 0;
    const ticker = GLib.timeout_add(GLib.PRIORITY_DEFAULT, 100, () => {
        ticks++;
        return GLib.SOURCE_CONTINUE;
    });
    const start = GLib.get_monotonic_time();
    try {
        const sol = await dsp.dispatch_async(inputs({seconds: 1.0}), null, options, null);
        const seconds = (GLib.get_monotonic_time() - start) / 1e6;
        return [sol, seconds, ticks];
    } finally {
        GLib.source_remove(ticker);
    }
}

// The pids of a..f in a solution (undefined for a missing output, whose
// error is printed).
function pidsOf(sol) {
    for (const out of OUTPUTS) {
        const error = sol.get_error(`sleep_${out}`);
        if (error !== null)
            print(`  sleep_${out} failed: ${error.message}`);
    }
    return OUTPUTS.map(out => lookup(sol, out));
}

const module = ARGV[0] ?? GLib.getenv('SCHEDULA_EXAMPLE_FUNCTIONS');
if (!module) {
    printerr('usage: gjs -m parallel.js PATH/libschedula-example-functions.so');
    System.exit(2);
}

// sleep_X: seconds -> X, for X in a..f: C functions, by reference
const sleepPid = Schedula.Function.new_for_ref(`c:${module}:example_sleep_pid`);
const dsp = Schedula.Dispatcher.new('sleepers');
for (const out of OUTPUTS)
    dsp.add_function(`sleep_${out}`, sleepPid, ['seconds'], [out]);
print(`this process: pid ${me}`);

// async: threads of this process
{
    const [sol, seconds, ticks] = await timedDispatch(dsp, 'async');
    const pids = pidsOf(sol);
    print(`executor async: ${seconds.toFixed(2)} s (the main loop ran ${ticks} times ` +
        `meanwhile), pids ${pids.join(' ')}`);
    check(pids.every(pid => pid === me), 'async: every call ran in this process');
}

// parallel: a new worker process per call
{
    const [sol, seconds, ticks] = await timedDispatch(dsp, 'parallel');
    const pids = pidsOf(sol);
    print(`executor parallel: ${seconds.toFixed(2)} s (the main loop ran ${ticks} times ` +
        `meanwhile), pids ${pids.join(' ')}`);
    check(new Set(pids.filter(pid => pid !== undefined)).size === 6,
        'parallel: six different processes');
    check(!pids.includes(me), 'parallel: none of them this one');
}

// A JS function under parallel: it has no reference another process could
// resolve, so it runs here, in the main context
{
    const local = Schedula.Dispatcher.new('local');
    local.add_function('js_pid', fn(seconds => new Gio.Credentials().get_unix_pid()),
        ['seconds'], ['pid']);
    const [sol] = await timedDispatch(local, 'parallel');
    print(`a JS function under parallel: pid ${lookup(sol, 'pid')}`);
    check(lookup(sol, 'pid') === me, 'parallel: the JS function ran in this process');
}

// the executors the dispatches made
const stopped = Schedula.shutdown_executors();
print(`Schedula.shutdown_executors(): ${stopped.join(', ')}`);
check(stopped.join(',') === 'async,parallel', 'it stops async and parallel');

if (failures.length > 0) {
    print(`${failures.length} check(s) failed`);
    System.exit(1);
}
print('all checks passed');
