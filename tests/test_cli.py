#!/usr/bin/python3
# test_cli.py: the command-line tool `schedula`, run as a user runs it
#
# Every test starts the program (tools/schedula) in a subprocess and looks
# at its exit status, its stdout and stderr, and the files it writes. The
# model is examples/length-converter.json, with the functions of the plugin
# examples/libschedula-length-converter.so; the broken models are written
# by the tests. tests/meson.build runs it (`meson test --suite cli`) with:
#
#   SCHEDULA_CLI             the program
#   SCHEDULA_CLI_PLUGIN      the length converter's plugin
#   SCHEDULA_CLI_MODEL       examples/length-converter.json
#   SCHEDULA_CLI_NOT_PLUGIN  a shared module without schedula_plugin_init
#   SCHEDULA_CLI_PLOT        1 when the library has plots
#   SCHEDULA_CLI_GRAPHVIZ    1 when the library renders SVG and HTML
#   SCHEDULA_CLI_WEB         1 when the library has the web server (serve)
#   SCHEDULA_WORKER          the worker of the process executors
#
# and SCHEDULA_CLI_WRAPPER, when set, goes before the program: the tests
# then run it under valgrind, for instance
#
#   SCHEDULA_CLI_WRAPPER="valgrind --error-exitcode=99 --leak-check=full \
#     --errors-for-leak-kinds=definite,indirect --num-callers=100 \
#     --suppressions=$PWD/tests/valgrind.supp" meson test -C BUILD --suite cli -t 10
#
# (every test checks the exact exit status, so a memcheck error fails it;
# the suppressions of graphviz's leaks match stacks deeper than 40 calls).
#
# SPDX-License-Identifier: EUPL-1.2

import json
import os
import re
import shlex
import signal
import stat
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

CLI = os.environ.get('SCHEDULA_CLI')
PLUGIN = os.environ.get('SCHEDULA_CLI_PLUGIN')
MODEL = os.environ.get('SCHEDULA_CLI_MODEL')
NOT_PLUGIN = os.environ.get('SCHEDULA_CLI_NOT_PLUGIN')
PLOT = os.environ.get('SCHEDULA_CLI_PLOT') == '1'
GRAPHVIZ = os.environ.get('SCHEDULA_CLI_GRAPHVIZ') == '1'
WEB = os.environ.get('SCHEDULA_CLI_WEB') == '1'
WRAPPER = shlex.split(os.environ.get('SCHEDULA_CLI_WRAPPER', ''))

# The exit status the tool documents
OK, FAILED, USAGE, LOAD, WRITE = 0, 1, 2, 3, 4

# The units, in metres, by their definitions: 1 in = 2.54 cm exactly,
# 1 ft = 12 in, 1 yd = 3 ft, 1 ch = 22 yd, 1 fur = 10 ch, 1 mi = 8 fur,
# 1 lea = 3 mi, 1 th = 1/1000 in
INCH = 0.0254
METRES = {
    'km': 1000.0, 'm': 1.0, 'dm': 0.1, 'cm': 0.01, 'mm': 0.001,
    'th': INCH / 1000, 'in': INCH, 'ft': 12 * INCH, 'yd': 36 * INCH,
    'ch': 22 * 36 * INCH, 'fur': 220 * 36 * INCH, 'mi': 1760 * 36 * INCH,
    'lea': 3 * 1760 * 36 * INCH,
}
FUNCTIONS = [
    'km2m', 'm2dm', 'dm2cm', 'cm2mm', 'mm2km', 'leagues2miles', 'miles2furlongs',
    'furlongs2chains', 'chains2yards', 'yards2feet', 'feet2inch', 'inch2thou',
    'thou2leagues', 'inch2cm', 'cm2inch',
]

# A model whose one function (the helper bypass) gives back its input, y = x:
# what goes in through --input comes out through the values printed.
ECHO_MODEL = {
    'format': 'schedula-model/1', 'content': 'model',
    'dispatchers': [{
        'name': 'echo', 'counter': 3,
        'nodes': [
            {'id': 'f', 'index': 0, 'kind': 'function', 'function': {'helper': 'bypass'},
             'inputs': ['x'], 'outputs': ['y']},
            {'id': 'x', 'index': 1, 'kind': 'data'},
            {'id': 'y', 'index': 2, 'kind': 'data'},
        ],
        'edges': [['x', 'f'], ['f', 'y']],
    }],
}

# A sub-dispatcher s whose input mapping names an id its model does not
# have (xx): schedula_dispatcher_check() finds it, and d is never computed
MAPPING_MODEL = {
    'format': 'schedula-model/1', 'content': 'model',
    'dispatchers': [
        {'name': 'child', 'counter': 3,
         'nodes': [
             {'id': 'f', 'index': 0, 'kind': 'function', 'function': {'helper': 'bypass'},
              'inputs': ['x'], 'outputs': ['y']},
             {'id': 'x', 'index': 1, 'kind': 'data'},
             {'id': 'y', 'index': 2, 'kind': 'data'}],
         'edges': [['x', 'f'], ['f', 'y']]},
        {'name': 'top', 'counter': 3,
         'nodes': [
             {'id': 'c', 'index': 0, 'kind': 'data'},
             {'id': 's', 'index': 1, 'kind': 'dispatcher', 'dispatcher': 0,
              'inputs': {'c': 'xx'}, 'outputs': {'y': 'd'}},
             {'id': 'd', 'index': 2, 'kind': 'data'}],
         'edges': [['c', 's'], ['s', 'd']]},
    ],
}


def run(*args, env=None, stdout=subprocess.PIPE):
    """Runs the tool; the completed process, with text output"""
    return subprocess.run(WRAPPER + [CLI] + [str(a) for a in args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=600)


def expected_length(value, unit, to):
    return value * METRES[unit] / METRES[to]


def position_of(text, needle):
    """Line and column (from 1) where needle starts in text"""
    at = text.index(needle)
    line = text.count('\n', 0, at) + 1
    return line, at - (text.rfind('\n', 0, at) + 1) + 1


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix='schedula-cli-')
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def write(self, name, content):
        path = self.path(name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(content if isinstance(content, str) else json.dumps(content, indent=2))
        return path

    def assertStatus(self, proc, status):
        self.assertEqual(proc.returncode, status,
                         f'exit status {proc.returncode}, expected {status}\n'
                         f'stdout: {proc.stdout}\nstderr: {proc.stderr}')

    def assertLength(self, got, value, unit, to):
        want = expected_length(value, unit, to)
        self.assertAlmostEqual(got, want, delta=1e-9 * abs(want), msg=f'{value} {unit} in {to}')

    def dispatch(self, *args, status=OK):
        proc = run('dispatch', '--load', PLUGIN, MODEL, *args)
        self.assertStatus(proc, status)
        return proc

    def dispatch_json(self, *args):
        return json.loads(self.dispatch('--json', *args).stdout)


class TestDispatch(CliTestCase):
    def test_every_unit_to_every_other(self):
        for unit in METRES:
            others = [u for u in METRES if u != unit]
            outputs = [a for u in others for a in ('--output', u)]
            values = self.dispatch_json('--input', f'{unit}=2.5', *outputs)
            self.assertEqual(sorted(values), sorted(others))
            for to in others:
                self.assertIsInstance(values[to], float)
                self.assertLength(values[to], 2.5, unit, to)

    def test_lines(self):
        for value, unit, to in [(1, 'mi', 'km'), (1, 'in', 'cm'), (3, 'ft', 'yd'), (100, 'cm', 'in')]:
            proc = self.dispatch('--input', f'{unit}={value}', '--output', to)
            lines = proc.stdout.splitlines()
            self.assertEqual(len(lines), 1, proc.stdout)
            name, equals, number = lines[0].partition(' = ')
            self.assertEqual((name, equals), (to, ' = '))
            self.assertLength(float(number), value, unit, to)

    def test_every_value(self):
        # without --output: every value of the solution, the input as given
        proc = self.dispatch('--input', 'ft=1')
        values = dict(line.split(' = ') for line in proc.stdout.splitlines())
        self.assertEqual(sorted(values), sorted(METRES))
        self.assertEqual(values['ft'], '1')
        for to in METRES:
            self.assertLength(float(values[to]), 1, 'ft', to)

    def test_json_keeps_types(self):
        values = self.dispatch_json('--input', 'mi=1')
        self.assertIs(type(values['mi']), int)
        self.assertIs(type(values['km']), float)
        self.assertLength(values['km'], 1, 'mi', 'km')

    def test_input_file(self):
        inputs = self.write('inputs.json', {'yd': 1})
        values = self.dispatch_json('--input-file', inputs, '--output', 'in')
        self.assertEqual(values, {'in': 36.0})
        # --input replaces a value of the file
        values = self.dispatch_json('--input-file', inputs, '--input', 'yd=2', '--output', 'in')
        self.assertEqual(values, {'in': 72.0})

    def test_options_before_the_command(self):
        proc = run('--load', PLUGIN, '--input', 'in=1', '--json', 'dispatch', MODEL, '--output', 'cm')
        self.assertStatus(proc, OK)
        self.assertLength(json.loads(proc.stdout)['cm'], 1, 'in', 'cm')

    def test_values(self):
        model = self.write('echo.json', ECHO_MODEL)
        cases = [
            ('1', 1), ('1.5', 1.5), ('-2', -2), ('true', True), ('"text"', 'text'),
            ('[1, "a", 2.5]', [1, 'a', 2.5]), ('{"k": [1]}', {'k': [1]}),
            # a word JSON cannot read is a string
            ('km', 'km'), ('two words', 'two words'), ('', ''),
        ]
        for text, value in cases:
            proc = run('dispatch', model, '--input', f'x={text}', '--output', 'y', '--json')
            self.assertStatus(proc, OK)
            got = json.loads(proc.stdout)['y']
            self.assertEqual(got, value, text)
            self.assertIs(type(got), type(value), text)
        # the lines: JSON too
        proc = run('dispatch', model, '--input', 'x="a b"', '--output', 'y')
        self.assertStatus(proc, OK)
        self.assertEqual(proc.stdout, 'y = "a b"\n')

    def test_node_error(self):
        # a string where a length goes: the first conversion fails, and
        # nothing reaches km
        proc = self.dispatch('--input', 'mi="far"', '--output', 'km', status=FAILED)
        self.assertIn('miles2furlongs', proc.stderr)
        self.assertIn('output km was not computed', proc.stderr)
        self.assertEqual(proc.stdout, '')
        # the library logs the failure as it happens only with --verbose
        logged = "schedula: Failed DISPATCHING 'miles2furlongs' due to:"
        self.assertNotIn(logged, proc.stderr)
        proc = self.dispatch('--verbose', '--input', 'mi="far"', '--output', 'km', status=FAILED)
        self.assertIn(logged, proc.stderr)
        self.assertIn('node miles2furlongs: ' + logged[len('schedula: '):], proc.stderr)

    def test_output_not_computed(self):
        model = self.write('mapping.json', MAPPING_MODEL)
        proc = run('dispatch', model, '--input', 'c=1', '--output', 'd')
        self.assertStatus(proc, FAILED)
        self.assertIn('output d was not computed', proc.stderr)

    def test_parallel(self):
        # the worker through a script that notes each start: the calls go to
        # worker processes, which find the plugin's functions by reference
        log = self.path('workers.log')
        wrapper = self.write('worker.sh', '#!/bin/sh\necho "$$" >> %s\nexec %s "$@"\n'
                             % (shlex.quote(log), shlex.quote(os.environ['SCHEDULA_WORKER'])))
        os.chmod(wrapper, stat.S_IRWXU)
        env = dict(os.environ, SCHEDULA_WORKER=wrapper)
        proc = run('dispatch', '--load', PLUGIN, MODEL, '--executor', 'parallel', '--verbose',
                   '--input', 'mi=1', '--output', 'km', '--output', 'th', '--json', env=env)
        self.assertStatus(proc, OK)
        self.assertNotIn('runs in this process', proc.stderr)
        values = json.loads(proc.stdout)
        self.assertLength(values['km'], 1, 'mi', 'km')
        self.assertLength(values['th'], 1, 'mi', 'th')
        self.assertEqual(values, self.dispatch_json('--input', 'mi=1', '--output', 'km', '--output', 'th'))
        with open(log) as f:
            self.assertGreater(len(f.read().split()), 0)

    def test_references(self):
        # the model with its functions by reference, c:PLUGIN:SYMBOL: no
        # plugin to load, but references to allow
        with open(MODEL, encoding='utf-8') as f:
            model = json.load(f)
        for node in model['dispatchers'][0]['nodes']:
            if node['kind'] == 'function':
                node['function'] = {'ref': 'c:%s:length_converter_%s' % (PLUGIN, node['function'])}
        path = self.write('refs.json', model)
        proc = run('dispatch', path, '--allow-refs', '--input', 'yd=1', '--output', 'm', '--json')
        self.assertStatus(proc, OK)
        self.assertLength(json.loads(proc.stdout)['m'], 1, 'yd', 'm')
        proc = run('dispatch', path, '--input', 'yd=1', '--output', 'm')
        self.assertStatus(proc, LOAD)
        self.assertIn('--allow-refs', proc.stderr)
        proc = run('check', '--allow-refs', path)
        self.assertStatus(proc, OK)
        proc = run('check', path)
        self.assertStatus(proc, FAILED)
        self.assertEqual(len(proc.stdout.splitlines()), len(FUNCTIONS), proc.stdout)

    def test_stdout_cannot_be_written(self):
        if not os.path.exists('/dev/full'):
            self.skipTest('no /dev/full')
        with open('/dev/full', 'w') as full:
            proc = run('dispatch', '--load', PLUGIN, MODEL, '--input', 'mi=1', stdout=full)
        self.assertStatus(proc, WRITE)


class TestPlot(CliTestCase):
    def setUp(self):
        super().setUp()
        if not PLOT:
            proc = run('plot', '--load', PLUGIN, MODEL, '-o', self.path('model.dot'))
            self.assertStatus(proc, USAGE)
            self.assertIn('no plots', proc.stderr)
            self.skipTest('the library is built without plots')

    def plot(self, name, *args, status=OK):
        out = self.path(name)
        proc = run('plot', '--load', PLUGIN, MODEL, '-o', out, *args)
        self.assertStatus(proc, status)
        if status != OK:
            self.assertFalse(os.path.exists(out))
            return proc
        with open(out, encoding='utf-8') as f:
            return f.read()

    def test_dot(self):
        dot = self.plot('model.dot')
        self.assertTrue(dot.startswith('digraph'), dot[:100])
        for name in FUNCTIONS + list(METRES):
            self.assertRegex(dot, '>%s<' % re.escape(name))

    def test_workflow(self):
        model = self.plot('model.dot')
        workflow = self.plot('workflow.dot', '--workflow', '--input', 'mi=1')
        self.assertNotEqual(model, workflow)
        # a function whose output is known before it could run is not in
        # the workflow: cm2inch, as in is known before cm
        self.assertIn('>miles2furlongs<', workflow)
        self.assertNotIn('>cm2inch<', workflow)

    def test_svg_and_html(self):
        if not GRAPHVIZ:
            for name in ('model.svg', 'model.html'):
                proc = self.plot(name, status=USAGE)
                self.assertIn('graphviz', proc.stderr)
            return
        svg = self.plot('model.svg')
        self.assertIn('<svg', svg)
        self.assertIn('km2m', svg)
        html = self.plot('workflow.html', '--workflow', '--input', 'in=1')
        self.assertIn('<html', html.lower())

    def test_bad_arguments(self):
        proc = self.plot('model.png', status=USAGE)
        self.assertIn('model.png', proc.stderr)
        proc = run('plot', '--load', PLUGIN, MODEL)
        self.assertStatus(proc, USAGE)
        proc = self.plot('model.dot', '--input', 'mi=1', status=USAGE)
        self.assertIn('--workflow', proc.stderr)

    def test_cannot_write(self):
        proc = run('plot', '--load', PLUGIN, MODEL, '-o', self.path('no-such-dir/model.dot'))
        self.assertStatus(proc, WRITE)


class TestCheck(CliTestCase):
    def check(self, *args, status):
        proc = run('check', *args)
        self.assertStatus(proc, status)
        return proc

    def test_fine(self):
        proc = self.check('--load', PLUGIN, MODEL, status=OK)
        self.assertIn('no problems found', proc.stdout)

    def test_every_unknown_function(self):
        proc = self.check(MODEL, status=FAILED)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), len(FUNCTIONS), proc.stdout)
        with open(MODEL, encoding='utf-8') as f:
            text = f.read()
        for line, name in zip(lines, FUNCTIONS):
            where = '%s:%d:%d:' % ((MODEL,) + position_of(text, '"function" : "%s"' % name))
            self.assertTrue(line.startswith(where), f'{line} does not start with {where}')
            self.assertIn('no function named %s' % name, line)

    def test_not_json(self):
        text = '{\n  "format": "schedula-model/1",\n  "content": "model"\n  "dispatchers": []\n}\n'
        path = self.write('bad.json', text)
        proc = self.check(path, status=FAILED)
        line, column = position_of(text, '"dispatchers"')
        self.assertIn('%s:%d:%d:' % (path, line, column), proc.stdout)

    def broken_model(self):
        model = json.loads(json.dumps(ECHO_MODEL))
        nodes = model['dispatchers'][0]['nodes']
        nodes[0]['function'] = 'no_such_function'
        nodes.append({'id': 'g', 'index': 3, 'kind': 'function',
                      'function': {'ref': 'c:libschedula-no-such-library.so:f'},
                      'inputs': ['x'], 'outputs': ['y']})
        nodes.append({'id': 'h', 'index': 4, 'kind': 'function',
                      'function': {'ref': 'python:math:sqrt'}, 'inputs': ['x'], 'outputs': ['y']})
        model['dispatchers'][0]['edges'] += [['x', 'g'], ['g', 'y'], ['x', 'h'], ['h', 'y']]
        model['dispatchers'][0]['counter'] = 5
        return model

    def test_functions(self):
        text = json.dumps(self.broken_model(), indent=1)
        path = self.write('functions.json', text)
        proc = self.check(path, status=FAILED)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 3, proc.stdout)
        self.assertIn('%s:%d:%d: no function named no_such_function'
                      % ((path,) + position_of(text, '"function": "no_such_function"')), lines[0])
        self.assertIn('c:libschedula-no-such-library.so:f', lines[1])
        self.assertIn('--allow-refs', lines[1])
        self.assertIn('python:math:sqrt', lines[2])
        # allowed, the references are resolved: neither can be
        proc = self.check('--allow-refs', path, status=FAILED)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 3, proc.stdout)
        self.assertIn('cannot open libschedula-no-such-library.so', lines[1])
        self.assertIn('Python', lines[2])

    def test_dangling_edge(self):
        model = json.loads(json.dumps(ECHO_MODEL))
        model['dispatchers'][0]['edges'].append(['y', 'nowhere'])
        text = json.dumps(model, indent=1)
        path = self.write('edge.json', text)
        proc = self.check(path, status=FAILED)
        self.assertEqual(len(proc.stdout.splitlines()), 1, proc.stdout)
        where = '%s:%d:%d:' % ((path,) + position_of(text, '"nowhere"'))
        self.assertTrue(proc.stdout.startswith(where), f'{proc.stdout} does not start with {where}')
        self.assertIn('nowhere', proc.stdout)

    def test_findings(self):
        path = self.write('mapping.json', MAPPING_MODEL)
        proc = self.check(path, status=FAILED)
        self.assertIn('%s: s: sub-dispatcher node s maps c to xx' % path, proc.stdout)

    def test_missing_file(self):
        self.check(self.path('none.json'), status=LOAD)


# urllib without the proxies of the environment: the server is on 127.0.0.1
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@unittest.skipUnless(WEB, 'the library has no web server')
class TestServe(CliTestCase):
    def serve(self, *args):
        """Starts `schedula serve`, and reads the URL it prints"""
        proc = subprocess.Popen(WRAPPER + [CLI, 'serve', '--load', PLUGIN, MODEL] + list(args),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.stop, proc)
        url = proc.stdout.readline().strip()
        self.assertRegex(url, r'^http://127\.0\.0\.1:\d+/$',
                         'no URL: ' + (proc.stderr.read() if proc.poll() is not None else ''))
        return proc, url

    def stop(self, proc, sig=signal.SIGTERM):
        """Stops the server: it exits with 0"""
        if proc.poll() is None:
            proc.send_signal(sig)
        try:
            proc.wait(timeout=600)
        finally:
            proc.stdout.close()
            proc.stderr.close()
        return proc.returncode

    def request(self, url, body=None, headers=None):
        """The status and the JSON of a request (a POST when it has a body)"""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(url, data=data, headers=headers or {},
                                     method='GET' if body is None else 'POST')
        try:
            with HTTP.open(req, timeout=600) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            with e:
                return e.code, json.loads(e.read())

    def test_serve(self):
        proc, url = self.serve('--timeout', '30')
        status, got = self.request(url, {'kwargs': {'inputs': {'mi': 1}, 'outputs': ['km']}})
        self.assertEqual(status, 200)
        self.assertLength(got['return']['km'], 1, 'mi', 'km')
        status, got = self.request(url + 'LengthConverter/km2m', {'args': [2]})
        self.assertEqual((status, got), (200, {'return': 2000.0}))
        status, got = self.request(url + 'LengthConverter/km2m?data=input,return', {'args': [2]})
        self.assertEqual((status, got), (200, {'input': {'args': [2]}, 'return': 2000.0}))
        status, got = self.request(url)
        self.assertEqual(status, 200)
        self.assertEqual(got['name'], 'LengthConverter')
        self.assertIn('LengthConverter/km2m', got['endpoints'])
        # a bad request, and the server serves on
        status, got = self.request(url, b'{"args": [')
        self.assertEqual(status, 400)
        self.assertEqual(got['field'], 'body')
        self.assertIn('body:1:', got['error'])
        status, got = self.request(url + 'LengthConverter/nowhere', {})
        self.assertEqual((status, got['field']), (404, 'path'))
        status, got = self.request(url + 'LengthConverter/inch2cm', {'args': [1]})
        self.assertEqual(status, 200)
        self.assertAlmostEqual(got['return'], 2.54)
        self.assertEqual(self.stop(proc), OK)
        self.assertEqual(proc.returncode, OK)

    def test_sigint(self):
        proc, url = self.serve()
        self.assertEqual(self.request(url)[0], 200)
        self.assertEqual(self.stop(proc, signal.SIGINT), OK)

    def test_token(self):
        proc, url = self.serve('--token', 's3cret', '--port', '0', '--host', '127.0.0.1')
        status, got = self.request(url + 'LengthConverter/km2m', {'args': [1]})
        self.assertEqual((status, got['field']), (401, 'Authorization'))
        status, got = self.request(url + 'LengthConverter/km2m', {'args': [1]},
                                   {'Authorization': 'Bearer s3cret'})
        self.assertEqual((status, got), (200, {'return': 1000.0}))
        self.assertEqual(self.stop(proc), OK)

    def test_bad_command_lines(self):
        base = ('serve', '--load', PLUGIN, MODEL)
        proc = run(*base, '--port', '70000')
        self.assertStatus(proc, USAGE)
        self.assertIn('0 to 65535', proc.stderr)
        self.assertStatus(run(*base, '--port', 'http'), USAGE)
        # an address of no interface (a name that does not resolve is
        # test-web's: glibc's resolver keeps a block that memcheck reports
        # when the process exits)
        proc = run(*base, '--host', '192.0.2.1')
        self.assertStatus(proc, USAGE)
        self.assertIn('cannot listen', proc.stderr)
        proc = run(*base, '--timeout', '-1')
        self.assertStatus(proc, USAGE)
        self.assertIn('--timeout', proc.stderr)
        self.assertStatus(run(*base, '--executor', 'no-such-executor'), USAGE)
        self.assertStatus(run('serve'), USAGE)
        self.assertStatus(run('serve', '--load', PLUGIN, self.path('none.json')), LOAD)
        self.assertStatus(run('serve', MODEL), LOAD)
        self.assertStatus(run('serve', '--load', self.path('libnone.so'), MODEL), LOAD)
        # a port in use
        _, url = self.serve()
        port = url.rsplit(':', 1)[1].rstrip('/')
        proc = run(*base, '--port', port)
        self.assertStatus(proc, USAGE)
        self.assertIn('cannot listen on 127.0.0.1 port ' + port, proc.stderr)
        self.assertEqual(proc.stdout, '')

    def test_help(self):
        proc = run('help', 'serve')
        self.assertStatus(proc, OK)
        for text in ('serve MODEL.json', '--port', '--host', '--token', '--timeout', 'SIGTERM'):
            self.assertIn(text, proc.stdout)


class TestUsage(CliTestCase):
    def assertUsage(self, *args, message=None, status=USAGE):
        proc = run(*args)
        self.assertStatus(proc, status)
        self.assertEqual(proc.stdout, '')
        if message is not None:
            self.assertIn(message, proc.stderr)
        return proc

    def test_commands(self):
        self.assertUsage(message='the command is missing')
        self.assertUsage('frobnicate', MODEL, message='unknown command frobnicate')
        self.assertUsage('dispatch', '--no-such-option', MODEL)

    def test_model_argument(self):
        self.assertUsage('dispatch', message='the model file is missing')
        self.assertUsage('dispatch', MODEL, MODEL)
        self.assertUsage('dispatch', self.path('none.json'), status=LOAD)
        # a model without the functions it names
        proc = self.assertUsage('dispatch', MODEL, '--input', 'mi=1', status=LOAD)
        self.assertIn('no function named km2m', proc.stderr)
        self.assertIn('--load', proc.stderr)

    def test_inputs(self):
        base = ('dispatch', '--load', PLUGIN, MODEL)
        self.assertUsage(*base, '--input', 'mi', message='ID=VALUE')
        self.assertUsage(*base, '--input', '=1', message='ID=VALUE')
        self.assertUsage(*base, '--input', 'mi=[1,', message='--input mi:1:4:')
        self.assertUsage(*base, '--input', 'mi=1.5.3', message='--input mi:1:4:')
        self.assertUsage(*base, '--input', 'nowhere=1', message='no data node nowhere')
        self.assertUsage(*base, '--input', 'km2m=1', message='no data node km2m')
        self.assertUsage(*base, '--input', 'mi=1', '--output', 'parsec', message='no data node parsec')

    def test_input_file(self):
        base = ('dispatch', '--load', PLUGIN, MODEL)
        path = self.write('inputs.json', '{"mi": 1,\n "km": }\n')
        self.assertUsage(*base, '--input-file', path, status=LOAD, message='%s:2:8:' % path)
        path = self.write('list.json', '[1]')
        self.assertUsage(*base, '--input-file', path, status=LOAD, message='JSON object')
        self.assertUsage(*base, '--input-file', self.path('none.json'), status=LOAD)

    def test_executor(self):
        self.assertUsage('dispatch', '--load', PLUGIN, MODEL, '--input', 'mi=1',
                         '--executor', 'no-such-executor', message='unknown executor no-such-executor')

    def test_plugins(self):
        self.assertUsage('dispatch', '--load', self.path('libnone.so'), MODEL, status=LOAD,
                         message='cannot load the plugin')
        self.assertUsage('dispatch', '--load', NOT_PLUGIN, MODEL, status=LOAD,
                         message='it has no function schedula_plugin_init')

    def test_help(self):
        proc = run('help')
        self.assertStatus(proc, OK)
        for command in ('dispatch', 'plot', 'check', 'serve', 'schedula_plugin_init', 'Exit status'):
            self.assertIn(command, proc.stdout)
        for args in (['help', 'dispatch'], ['dispatch', '--help']):
            proc = run(*args)
            self.assertStatus(proc, OK)
            for text in ('dispatch MODEL.json', '--input', '--executor',
                         'Examples:', '--load'):
                self.assertIn(text, proc.stdout)
        self.assertUsage('help', 'frobnicate', message='no command frobnicate')

    def test_version(self):
        proc = run('--version')
        self.assertStatus(proc, OK)
        self.assertRegex(proc.stdout, r'^schedula \d+\.\d+\.\d+ ')


if __name__ == '__main__':
    missing = [name for name, value in [('SCHEDULA_CLI', CLI), ('SCHEDULA_CLI_PLUGIN', PLUGIN),
                                        ('SCHEDULA_CLI_MODEL', MODEL),
                                        ('SCHEDULA_CLI_NOT_PLUGIN', NOT_PLUGIN),
                                        ('SCHEDULA_WORKER', os.environ.get('SCHEDULA_WORKER'))]
               if not value]
    if missing:
        sys.exit('test_cli.py: set ' + ', '.join(missing) + ' (tests/meson.build does)')
    unittest.main(verbosity=2)
