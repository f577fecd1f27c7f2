#!/usr/bin/python3
# bench_web.py: the web API under load: the length converter served over
# HTTP on loopback by the library and by schedula's Flask server, measured
# with wrk in the same run
#
# SPDX-License-Identifier: EUPL-1.2
#
#   cd /work/main
#   meson setup _build-wb -Dbuildtype=debugoptimized && ninja -C _build-wb
#   /usr/bin/python3 bench/bench_web.py --build-dir _build-wb \
#       [--duration 30s] [--threads 2] [--connections 16] [--runs 2] \
#       [--schedula-path /tmp/schedula | --no-schedula] [--only REGEX] \
#       [--markdown FILE]
#
# A benchmark, not a test: it prints numbers and asserts none; a server
# that answers the check request wrongly, or a run with errors, makes the
# exit status 1.
#
# The model is the length converter (examples/length-converter.*: 28
# nodes, 15 conversion functions); the request (bench_web.lua) converts 1 mi
# to km through the root endpoint, `{"kwargs": {"inputs": {"mi": 1.0},
# "outputs": ["km"], "select_output_kw": ...}}`, and gets 1.609344 back
# after eight conversions. The servers, each in a process of its own, one
# after the other:
#
#   C       `schedula serve` (tools/schedula.c): the model file
#           examples/length-converter.json with its functions in C, from the
#           plugin the build makes (examples/libschedula-length-converter.so):
#           a deployment of the library without Python
#   Python  the same model built in Python with the overrides, its
#           functions Python lambdas (the conversions of
#           examples/length-converter.py), served by
#           dsp.web().site(...).run(): the server in C, each conversion a
#           Python call
#   schedula  the same Python model built with schedula (at
#           --schedula-path) and served by its own dsp.web(run=False)
#           .site(...).run() (Flask on werkzeug's threaded server)
#
# Per server: the request sent twice on one connection first (each value
# must be 1.609344; "keep-alive" says whether the server kept the
# connection open for the second: wrk counts a connection the server closes
# after a response as a read error, and opens another); then
# `wrk -t2 -c16 -d30s --latency -s bench/bench_web.lua URL` --runs times
# back to back. Per run: requests/s, the 50th and 99th percentile of the
# latency, the requests that failed (non-2xx responses, socket errors of
# wrk, bodies without "return"), and the server's RSS (VmRSS) before and
# after the run. Equal RSS after run 1 and after run 2 means no growth
# under load. The last table gives requests/s of each server of the library
# over schedula's, run by run.

import argparse
import ast
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import http.client

from bench_util import SOURCE_DIR, build_env, fmt_num, fmt_ratio

LUA = os.path.join(SOURCE_DIR, 'bench', 'bench_web.lua')
MODEL = os.path.join(SOURCE_DIR, 'examples', 'length-converter.json')
EXPECTED = 1.609344
BODY = json.dumps({'kwargs': {'inputs': {'mi': 1.0}, 'outputs': ['km'],
                              'select_output_kw': {'keys': ['km'], 'output_type': 'values'}}})
# How long a server may take to accept a connection, or to stop
START_PATIENCE = 60


def conversions():
    """CONVERSIONS of examples/length-converter.py, read without running
    the example (it imports the library)."""
    path = os.path.join(SOURCE_DIR, 'examples', 'length-converter.py')
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ['CONVERSIONS']:
            return ast.literal_eval(node.value)
    raise SystemExit('%s has no CONVERSIONS' % path)


# The server of a Python model (the overrides' or schedula's: `sh`),
# printing its URL once it listens (as `schedula serve` does) and serving
# until it is stopped.
PYTHON_SERVER = r'''
import json, sys
%(import)s
dsp = sh.Dispatcher(name='LengthConverter')
for function_id, from_unit, to_unit, mul, div in json.loads(sys.argv[1]):
    dsp.add_function(function_id, lambda length, mul=mul, div=div: length * mul / div,
                     inputs=[from_unit], outputs=[to_unit])
site = dsp.web(run=False).site(host='127.0.0.1', port=0).run()
print('http://127.0.0.1:{}/'.format(site.port), flush=True)
sys.stdin.read()
'''
IMPORT_OVERRIDES = ("import gi\ngi.require_version('Schedula', '1.0')\n"
                    "from gi.repository import Schedula as sh")
IMPORT_SCHEDULA = ('import logging\nlogging.disable(logging.CRITICAL)\n'
                   'import schedula as sh')


class Server:
    """A server process, which prints its URL (http://127.0.0.1:PORT/) on a
    line of its own once it listens, and serves until SIGTERM."""

    def __init__(self, name, functions, command, env):
        self.name = name
        self.functions = functions
        self.command = command
        self.env = env
        self.port = None
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.command, env=self.env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        m = re.match(r'http://127\.0\.0\.1:(\d+)/$', line.strip())
        if m is None:
            self.stop()
            raise RuntimeError('%s does not listen (it printed %r)' % (self.name, line))
        self.port = int(m.group(1))
        socket.create_connection(('127.0.0.1', self.port), timeout=START_PATIENCE).close()

    @property
    def url(self):
        return 'http://127.0.0.1:%d/' % self.port

    def rss_kib(self):
        with open('/proc/%d/status' % self.process.pid) as f:
            return int(re.search(r'^VmRSS:\s+(\d+) kB', f.read(), re.M).group(1))

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(START_PATIENCE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def check(server):
    """Whether the server keeps a connection open for the next request
    (HTTP/1.1 keep-alive; wrk counts a connection closed after a response
    as a read error): the benchmark's request twice on one connection, each
    answer 1 mi in km."""
    connection = http.client.HTTPConnection('127.0.0.1', server.port, timeout=START_PATIENCE)
    try:
        for attempt in (1, 2):
            try:
                connection.request('POST', '/', BODY, {'Content-Type': 'application/json'})
                response = connection.getresponse()
                got = json.loads(response.read())
            except (http.client.HTTPException, ConnectionError):
                if attempt == 2:
                    return False
                raise
            value = got.get('return')
            if not isinstance(value, float) or abs(value - EXPECTED) > 1e-9:
                raise RuntimeError('%s answers %r, not {"return": %r}'
                                   % (server.name, got, EXPECTED))
    finally:
        connection.close()
    return True


LATENCY = re.compile(r'^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$', re.M)
UNITS_MS = {'us': 1e-3, 'ms': 1.0, 's': 1e3}


def wrk(url, args):
    cmd = ['wrk', '-t%d' % args.threads, '-c%d' % args.connections, '-d%s' % args.duration,
           '--latency', '-s', LUA, url]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError('%s failed (%d): %s' % (' '.join(cmd), p.returncode, p.stderr))
    out = p.stdout
    result = {'output': out,
              'rps': float(re.search(r'^Requests/sec:\s+([\d.]+)', out, re.M).group(1)),
              'requests': int(re.search(r'^\s+(\d+) requests in', out, re.M).group(1))}
    for pct, value, unit in LATENCY.findall(out):
        result['p' + pct] = float(value) * UNITS_MS[unit]
    m = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    result['non2xx'] = int(m.group(1)) if m else 0
    m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', out)
    result['socket_errors'] = sum(map(int, m.groups())) if m else 0
    m = re.search(r'^bad bodies: (\d+)', out, re.M)
    result['bad_bodies'] = int(m.group(1)) if m else None
    return result


def servers(args):
    build = os.path.abspath(args.build_dir)
    env = build_env(build)
    table = json.dumps(conversions())
    found = []
    cli = os.path.join(build, 'tools', 'schedula')
    plugin = os.path.join(build, 'examples', 'libschedula-length-converter.so')
    if os.path.exists(cli) and os.path.exists(plugin):
        found.append(Server('C (`schedula serve`)', 'C (plugin)',
                            [cli, 'serve', '--load', plugin, MODEL], env))
    else:
        print('no %s or %s: the C server is left out' % (cli, plugin), file=sys.stderr)
    found.append(Server('Python (`dsp.web()` site)', 'Python',
                        [args.python, '-c', PYTHON_SERVER % {'import': IMPORT_OVERRIDES}, table],
                        env))
    if args.schedula_path:
        schedula_env = dict(os.environ, PYTHONPATH=os.path.abspath(args.schedula_path))
        found.append(Server('schedula 1.5.78 (Flask)', 'Python',
                            [args.python, '-c', PYTHON_SERVER % {'import': IMPORT_SCHEDULA},
                             table], schedula_env))
    if args.only:
        found = [s for s in found if re.search(args.only, s.name)]
    return found


def mib(kib):
    return fmt_num(kib / 1024)


def main():
    parser = argparse.ArgumentParser(
        description="The web API under load, next to schedula's Flask server.")
    parser.add_argument('--build-dir', required=True)
    parser.add_argument('--python', default='/usr/bin/python3')
    parser.add_argument('--duration', default='30s', help="wrk's -d (default 30s)")
    parser.add_argument('--threads', type=int, default=2, help="wrk's -t (default 2)")
    parser.add_argument('--connections', type=int, default=16, help="wrk's -c (default 16)")
    parser.add_argument('--runs', type=int, default=2, help='wrk runs per server (default 2)')
    parser.add_argument('--schedula-path', default='/tmp/schedula')
    parser.add_argument('--no-schedula', dest='schedula_path', action='store_const', const=None)
    parser.add_argument('--only', help='the servers whose name matches REGEX')
    parser.add_argument('--markdown', help='also write the tables to FILE')
    parser.add_argument('-v', '--verbose', action='store_true', help="print wrk's output")
    args = parser.parse_args()
    if shutil.which('wrk') is None:
        print('wrk is not installed (apt-get install wrk)', file=sys.stderr)
        return 77

    rows = []
    results = {}
    failed = False
    for server in servers(args):
        print('%s: starting' % server.name, file=sys.stderr)
        server.start()
        try:
            keep_alive = check(server)
            for run in range(1, args.runs + 1):
                before = server.rss_kib()
                r = wrk(server.url, args)
                after = server.rss_kib()
                if args.verbose:
                    print(r['output'], file=sys.stderr)
                errors = r['non2xx'] + r['socket_errors'] + (r['bad_bodies'] or 0)
                failed |= errors > 0
                results.setdefault(server.name, []).append(r['rps'])
                rows.append('| %s | %s | %s | %d | %s | %s | %s | %d | %d | %s | %s | %s |' % (
                    server.name, server.functions, 'yes' if keep_alive else 'no', run,
                    fmt_num(r['rps']),
                    fmt_num(r.get('p50')), fmt_num(r.get('p99')), r['requests'],
                    r['non2xx'], '%d / %s' % (r['socket_errors'], '-' if r['bad_bodies'] is None
                                              else r['bad_bodies']),
                    mib(before), mib(after)))
                print('%s run %d: %.0f requests/s' % (server.name, run, r['rps']), file=sys.stderr)
        except Exception as e:
            print('%s: %s' % (server.name, e), file=sys.stderr)
            failed = True
        finally:
            server.stop()

    text = ['`wrk -t%d -c%d -d%s --latency -s bench/bench_web.lua` on loopback, %d runs per '
            'server; the length converter, 1 mi in km per request' % (
                args.threads, args.connections, args.duration, args.runs), '',
            '| server | functions | keep-alive | run | requests/s | p50 ms | p99 ms | requests '
            '| non-2xx | socket errors / bad bodies | RSS before MiB | RSS after MiB |',
            '|---|---|---|---|---|---|---|---|---|---|---|---|'] + rows
    reference = next((v for k, v in results.items() if k.startswith('schedula')), None)
    if reference:
        text += ['', '| server | ' + ' | '.join('run %d vs schedula' % (i + 1)
                                                 for i in range(len(reference))) + ' |',
                 '|---|' + '---|' * len(reference)]
        for name, rps in results.items():
            if not name.startswith('schedula'):
                text.append('| %s | %s |' % (name, ' | '.join(
                    fmt_ratio(a / b) for a, b in zip(rps, reference))))
    print('\n'.join(text))
    if args.markdown:
        with open(args.markdown, 'w') as f:
            f.write('\n'.join(text) + '\n')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
