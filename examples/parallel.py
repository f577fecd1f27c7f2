#!/usr/bin/python3
# parallel.py: six calls of one second, in threads and in worker processes
#
# Six function nodes each sleep one second and return the id of the process
# they ran in (outputs a to f). They do not depend on each other, so:
#
#   dsp(executor='async').result()     six threads of this process: a little
#                                      over one second, every pid is ours;
#   dsp(executor='parallel').result()  a new worker process per call: six
#                                      different pids, none of them ours;
#   shutdown_executors()               stops the two executors the dispatches
#                                      made: ['async', 'parallel'].
#
# dsp(...) with an executor returns at once a future (Schedula.DispatchFuture);
# result() waits for the solution. The function is defined here, in
# __main__: it travels to the Python worker serialised with dill
# (python3-dill). It prints what it measured and exits with a failure status
# when a check fails. From a build directory:
#
#   GI_TYPELIB_PATH=libschedula-glib LD_LIBRARY_PATH=libschedula-glib \
#   PYTHONPATH=../bindings/python /usr/bin/python3 ../examples/parallel.py
#
# SPDX-License-Identifier: EUPL-1.2

import os
import sys
import time

import gi
gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh  # noqa: E402

OUTPUTS = 'abcdef'


def sleep_and_tell_pid():
    time.sleep(1)
    return os.getpid()


def sleepers():
    dsp = sh.Dispatcher(name='sleepers')
    for out in OUTPUTS:
        dsp.add_function('sleep_' + out, sleep_and_tell_pid, outputs=[out])
    return dsp


def timed_dispatch(dsp, executor):
    """The pids of the solution of dsp(executor=...).result() and the time
    it took, and how long dsp(...) itself took to return."""
    start = time.monotonic()
    future = dsp(executor=executor)
    returned = time.monotonic() - start
    sol = future.result()
    elapsed = time.monotonic() - start
    return [sol[out] for out in OUTPUTS], elapsed, returned


def main():
    dsp = sleepers()
    me = os.getpid()
    failures = []

    def check(ok, what):
        print('  %s %s' % ('ok  ' if ok else 'FAIL', what))
        if not ok:
            failures.append(what)

    def note(ok, what):
        # times depend on the machine's load: said, never a failure
        print('  %s %s' % ('ok  ' if ok else 'slow', what))

    print('this process: pid %d' % me)

    pids, elapsed, returned = timed_dispatch(dsp, 'async')
    print("dsp(executor='async').result(): %.2f s (dsp() returned after %.3f s), pids %s"
          % (elapsed, returned, pids))
    note(returned < 0.5, "dsp(executor='async') returns at once")
    check(elapsed >= 1.0, 'the calls slept (%.2f s)' % elapsed)
    note(elapsed < 2.0, 'six one-second calls at once take a little over one second')
    check(all(pid == me for pid in pids), 'every call ran in this process')

    pids, elapsed, returned = timed_dispatch(dsp, 'parallel')
    print("dsp(executor='parallel').result(): %.2f s (dsp() returned after %.3f s), pids %s"
          % (elapsed, returned, pids))
    check(len(set(pids)) == 6, 'six different processes')
    check(me not in pids, 'none of them this one')
    note(elapsed < 4.0, 'they ran at the same time (%.2f s for six seconds of sleep)' % elapsed)

    stopped = sorted(sh.shutdown_executors())
    print('shutdown_executors(): %s' % stopped)
    check(stopped == ['async', 'parallel'], "it stops ['async', 'parallel']")

    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    print('all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
