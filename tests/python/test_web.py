# test_web.py: the web API from Python (libschedula-glib/web): schedula's
# dsp.web().site(...).run() serving a model over real HTTP on loopback,
# called with urllib as any client would: the endpoints and responses of
# SEMANTICS.md 7.3 (examples 7.07-7.09), schedula's tutorial model
# (encrypt, then decrypt), ?data=, concurrent requests, the bad requests
# and their statuses, the token, the limits, shutdown()
#
# SPDX-License-Identifier: EUPL-1.2

import importlib.util
import json
import os
import socket
import threading
import urllib.error
import urllib.request

import pytest

from conftest import fail, inc, sh

pytestmark = pytest.mark.skipif(not hasattr(sh, 'WebMap'),
                                reason='libschedula-glib was built without the web API (-Dweb)')

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, os.pardir, os.pardir, 'examples')
# How long a test waits for what must happen before it fails instead of
# hanging (never a measure: nothing asserts a duration)
PATIENCE = 60


def split(x):
    return x + 1, x - 1


def example_model(raises=False):
    """The model of examples 7.07-7.09: a -> fun -> b, c; c -> bad (fails);
    b -> sub (x -> g -> y) -> e."""
    sub = sh.Dispatcher(name='sub')
    sub.add_function('g', inc, ['x'], ['y'])
    dsp = sh.Dispatcher(name='model', raises=raises)
    dsp.add_data('a', default_value=0)
    dsp.add_function('fun', split, ['a'], ['b', 'c'])
    dsp.add_function('bad', fail, ['c'], ['d'])
    dsp.add_dispatcher(sub, inputs={'b': 'x'}, outputs={'y': 'e'}, dsp_id='sub')
    return dsp


def request(url, body=None, data=None, headers=None, method='POST'):
    """(status, JSON of the response or None, its headers): @body as JSON,
    or @data as the raw body."""
    if body is not None:
        data = json.dumps(body).encode()
    rq = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        rq.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(rq, timeout=PATIENCE) as r:
            status, text, got = r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        status, text, got = e.code, e.read(), e.headers
    try:
        return status, json.loads(text), got
    except ValueError:
        return status, None, got


def post(site, path, body=None, **kwargs):
    status, content, _ = request(site.url + path, body, **kwargs)
    return status, content


@pytest.fixture
def site():
    with example_model().web().site(host='127.0.0.1', port=0).run() as s:
        yield s


# -- schedula's examples (SEMANTICS.md 7.3) -----------------------------------

def test_rules():
    webmap = example_model().web()
    assert list(webmap.rules().values()) == [
        'model', 'model/bad', 'model/fun', 'model/sub', 'model/sub/g']
    assert list(webmap.rules())[-1] == ('model', 'sub', 'g')
    # schedula's depth: the model is the first level, its sub-dispatchers
    # the second
    for depth in (0, 1):
        assert list(example_model().web(depth=depth).rules().values()) == [
            'model', 'model/bad', 'model/fun', 'model/sub']
    assert list(example_model().web(depth=2).rules().values())[-1] == 'model/sub/g'
    assert list(webmap.rules(depth=1).values())[-1] == 'model/sub'


def test_example_7_07(site):
    assert site.url == 'http://127.0.0.1:%d' % site.port and site.port > 0
    assert post(site, '/') == (200, {'return': {'a': 0, 'b': 1, 'c': -1, 'e': 2}})
    assert post(site, '/', {'kwargs': {'inputs': {'a': 5}}}) == (
        200, {'return': {'a': 5, 'b': 6, 'c': 4, 'e': 7}})
    assert post(site, '/model', {'kwargs': {'inputs': {'a': 5}}}) == (
        200, {'return': {'a': 5, 'b': 6, 'c': 4, 'e': 7}})
    assert post(site, '/model/fun', {'args': [3]}) == (200, {'return': [4, 2]})
    assert post(site, '/model/sub/g', {'args': [3]}) == (200, {'return': 4})
    assert post(site, '/model/sub', {'args': [{'x': 3}]}) == (200, {'return': {'x': 3, 'y': 4}})
    status, content = post(site, '/model/bad', {'args': [3]})
    assert status == 200 and list(content) == ['error'] and 'fail' in content['error']
    assert 'Traceback' not in content['error'] and '.py' not in content['error']
    # schedula answers an unknown path with Flask's HTML page, the library
    # with JSON naming the path
    assert bad(404, 'path')(post(site, '/missing')).startswith('/missing: ')


def test_example_7_08_data(site):
    """?data= names the members of the response, in any order; unknown
    names are left out"""
    assert post(site, '/model/fun?data=input,return', {'args': [3]}) == (
        200, {'input': {'args': [3]}, 'return': [4, 2]})
    assert post(site, '/model/fun?data=input', {'args': [3]}) == (200, {'input': {'args': [3]}})
    assert post(site, '/model/fun?data=error', {'args': [3]}) == (200, {})
    assert post(site, '/model/fun?data=nothing,return', {'args': [3]}) == (200, {'return': [4, 2]})
    assert post(site, '/model/fun?data=%20return%20', {'args': [3]}) == (200, {'return': [4, 2]})
    status, content = post(site, '/model/bad?data=error', {'args': [3]})
    assert status == 200 and list(content) == ['error']
    status, content = post(site, '/model/bad?data=input,error,return', {'args': [3]})
    assert status == 200 and sorted(content) == ['error', 'input']
    assert content['input'] == {'args': [3]}


def test_example_7_09_raises():
    dsp = example_model(raises=True)
    with dsp.web().site(port=0).run() as site:
        assert post(site, '/', {'kwargs': {
            'inputs': {'a': 1}, 'outputs': ['b'],
            'select_output_kw': {'keys': ['b'], 'output_type': 'values'}}}) == (
                200, {'return': 2})
        status, content = post(site, '/', {'kwargs': {'inputs': {'a': 1}}})
        assert status == 200 and list(content) == ['error']
        assert "Failed DISPATCHING 'bad'" in content['error'] and 'fail' in content['error']


# -- schedula's tutorial: the sub-model of the cryptography example ------------

def test_tutorial_encrypt_decrypt():
    pytest.importorskip('cryptography.fernet')
    spec = importlib.util.spec_from_file_location('tutorial', os.path.join(EXAMPLES, 'tutorial.py'))
    tutorial = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tutorial)
    api = tutorial.build_api(tutorial.build_model())
    message = 'a message for the web API'
    with api.web().site().run() as site:
        rules = list(api.web().rules().values())
        name = rules[0]
        assert sorted(rules[1:]) == [name + '/' + f for f in (
            'decrypt_message', 'encrypt_message', 'generate_key')]
        # encrypt: a new key, the message encrypted with it
        status, content = post(site, '/', {'kwargs': {
            'inputs': {'decrypted': message}, 'outputs': ['encrypted']}})
        assert status == 200, content
        key, token = content['return']['key'], content['return']['encrypted']
        assert token != message
        # decrypt with the key and the token alone, through the model ...
        status, content = post(site, '/' + name, {'kwargs': {
            'inputs': {'key': key, 'encrypted': token}, 'outputs': ['decrypted']}})
        assert status == 200, content
        assert content['return']['decrypted'] == message
        # ... and through the function
        assert post(site, '/%s/decrypt_message' % name, {'args': [key, token]}) == (
            200, {'return': message})
        # a token made with another key does not decrypt
        status, other = post(site, '/%s/generate_key' % name)
        assert status == 200 and other['return'] != key
        status, content = post(site, '/%s/decrypt_message' % name,
                               {'args': [other['return'], token]})
        assert status == 200 and 'InvalidToken' in content['error']


# -- concurrency ------------------------------------------------------------------

def test_concurrent_requests():
    """Two requests whose functions each wait for the other at a barrier:
    both complete only if the server runs them at the same time (a server
    that ran one at a time would break the barrier: an error, not a
    return)."""
    barrier = threading.Barrier(2, timeout=PATIENCE)

    def meet(x):
        barrier.wait()
        return x * 10

    dsp = sh.Dispatcher(name='meet')
    dsp.add_function('meet', meet, ['x'], ['y'])
    results = {}
    with dsp.web().site().run() as site:
        def call(x):
            results[x] = post(site, '/meet/meet', {'args': [x]})

        threads = [threading.Thread(target=call, args=(x,)) for x in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results == {1: (200, {'return': 10}), 2: (200, {'return': 20})}
    assert not barrier.broken


def test_keep_alive(site):
    """HTTP/1.1: the connection stays open for the next request (a server
    that closes it must say `Connection: close`)"""
    import http.client
    connection = http.client.HTTPConnection('127.0.0.1', site.port, timeout=PATIENCE)
    try:
        for x in (1, 2, 3):
            connection.request('POST', '/model/fun', json.dumps({'args': [x]}),
                               {'Content-Type': 'application/json'})
            response = connection.getresponse()
            assert (response.status, json.loads(response.read())) == (
                200, {'return': [x + 1, x - 1]})
            assert response.getheader('Connection', '').lower() != 'close'
    finally:
        connection.close()


# -- bad requests -------------------------------------------------------------------

def bad(status, field=None):
    """What post() gives for a bad request: the status, a JSON body with
    its message, naming @field"""
    def check(got):
        code, content = got
        assert code == status, got
        assert isinstance(content, dict) and sorted(content) == ['error', 'field'], got
        assert isinstance(content['error'], str) and content['error'], got
        assert content['field'] == field, got
        return content['error']
    return check


def test_bad_requests(site):
    """Each bad request gets its status and a JSON body naming what is
    wrong, and the server goes on serving"""
    fine = (200, {'return': [4, 2]})
    cases = [
        # malformed JSON: the message says where
        (dict(data=b'{"args": [3'), bad(400, 'body')),
        (dict(data=b'\xff\xfe'), bad(400, 'body')),
        (dict(body=[3]), bad(400, 'body')),
        # members of the wrong type
        (dict(body={'args': 3}), bad(400, 'args')),
        (dict(body={'kwargs': [3]}), bad(400, 'kwargs')),
    ]
    for kwargs, check in cases:
        message = check(post(site, '/model/fun', **kwargs))
        assert post(site, '/model/fun', {'args': [3]}) == fine, message
    # the message says where the text is wrong: line and column
    assert bad(400, 'body')(post(site, '/model/fun', data=b'{"args": [3')).startswith('body:1:12: ')
    # what the model does not have
    message = bad(422, 'kwargs.inputs')(post(site, '/', {'kwargs': {'inputs': {'nope': 1}}}))
    assert 'nope' in message
    message = bad(422, 'kwargs.bogus')(post(site, '/', {'kwargs': {'bogus': 1}}))
    assert 'bogus' in message
    message = bad(404, 'path')(post(site, '/model/nope', {'args': [3]}))
    assert 'model/nope' in message
    # a GET of a function, a method the server does not serve
    bad(405, 'method')(request(site.url + '/model/fun', method='GET')[:2])
    bad(405, 'method')(request(site.url + '/model/fun', method='PUT', data=b'{}')[:2])
    # a failing function is not a bad request: schedula's 200 with its error
    status, content = post(site, '/model/bad', {'args': [3]})
    assert status == 200 and 'fail' in content['error']
    # a function called with the wrong arguments fails as a call does
    status, content = post(site, '/model/fun', {'args': [3, 4]})
    assert status == 200 and 'error' in content
    assert post(site, '/model/fun', {'args': [3]}) == fine


def test_token():
    with example_model().web().site(token='s3cret').run() as site:
        ok = (200, {'return': [4, 2]})
        bad(401, 'Authorization')(post(site, '/model/fun', {'args': [3]}))
        for header in ('Bearer other', 'Bearer ', 's3cret', 'Basic czNjcmV0'):
            bad(401, 'Authorization')(post(site, '/model/fun', {'args': [3]},
                                           headers={'Authorization': header}))
        assert post(site, '/model/fun', {'args': [3]},
                    headers={'Authorization': 'Bearer s3cret'}) == ok
        # even an unknown path asks for the token first
        bad(401, 'Authorization')(post(site, '/model/nope'))
        bad(401, 'Authorization')(request(site.url + '/', method='GET')[:2])


def test_max_request_size():
    with example_model().web().site(max_request_size=64).run() as site:
        padding = ' ' * 100
        bad(413, 'body')(post(site, '/model/fun', data=('{"args": [3]}' + padding).encode()))
        assert post(site, '/model/fun', {'args': [3]}) == (200, {'return': [4, 2]})


def test_timeout():
    """A function that outlives the timeout: 504, and the server serves the
    next request; the function ends when the test lets it."""
    release = threading.Event()
    started = threading.Event()

    def wait(x):
        started.set()
        release.wait(PATIENCE)
        return x

    dsp = sh.Dispatcher(name='slow')
    dsp.add_function('wait', wait, ['x'], ['y'])
    dsp.add_function('quick', inc, ['a'], ['b'])
    try:
        with dsp.web().site(timeout=0.5).run() as site:
            message = bad(504)(post(site, '/slow/wait', {'args': [1]}))
            assert started.is_set() and 'slow' in message
            assert post(site, '/slow/quick', {'args': [1]}) == (200, {'return': 2})
    finally:
        release.set()


# -- the model's description and its plot ----------------------------------------

def test_get_description(site):
    status, content, headers = request(site.url + '/', method='GET')
    assert status == 200 and headers.get_content_type() == 'application/json'
    assert content['name'] == 'model'
    assert content['inputs'] == content['outputs'] == ['a', 'b', 'c', 'd', 'e']
    assert content['endpoints'] == ['model', 'model/bad', 'model/fun', 'model/sub', 'model/sub/g']
    nodes = {n['id']: n for n in content['nodes']}
    assert nodes['a'] == {'id': 'a', 'kind': 'data', 'default': 0}
    assert nodes['fun']['endpoint'] == 'model/fun' and nodes['fun']['outputs'] == ['b', 'c']
    assert nodes['sub']['kind'] == 'dispatcher' and nodes['sub']['endpoint'] == 'model/sub'


def test_get_plot(site):
    """The HTML view of the model, in a build with plots and graphviz"""
    rq = urllib.request.Request(site.url + '/plot')
    if not (sh.HAS_PLOT and sh.HAS_GRAPHVIZ):
        bad(404, 'path')(request(site.url + '/plot', method='GET')[:2])
        return
    with urllib.request.urlopen(rq, timeout=PATIENCE) as r:
        assert r.status == 200 and r.headers.get_content_type() == 'text/html'
        assert b'<title>model</title>' in r.read()
    bad(405, 'method')(post(site, '/plot'))


# -- the Site ---------------------------------------------------------------------

def refused(url):
    host, port = url[len('http://'):].split(':')
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, int(port)), timeout=PATIENCE).close()


def test_shutdown():
    site = example_model().web().site().run()
    assert site.is_running
    assert post(site, '/model/fun', {'args': [3]}) == (200, {'return': [4, 2]})
    assert site.shutdown() is True
    assert not site.is_running
    refused(site.url)
    assert site.shutdown() is False
    # it runs again, on the same port
    port = site.port
    with site.run():
        assert site.port == port
        assert post(site, '/model/fun', {'args': [3]}) == (200, {'return': [4, 2]})
    refused(site.url)


def test_context_manager_and_collection():
    with example_model().web().site() as site:
        assert site.is_running
        url = site.url
    refused(url)
    site = example_model().web().site().run()
    url = site.url
    del site
    import gc
    gc.collect()
    refused(url)


def test_run_keyword():
    site = example_model().web(run=True)
    try:
        assert isinstance(site, sh.Site) and site.is_running
        assert post(site, '/model/sub/g', {'args': [1]}) == (200, {'return': 2})
    finally:
        site.shutdown()
    with example_model().web().site(run=True) as site:
        assert post(site, '/model/sub/g', {'args': [1]}) == (200, {'return': 2})
    # site()'s depth replaces web()'s
    with example_model().web().site(depth=1, run=True) as site:
        assert bad(404, 'path')(post(site, '/model/sub/g', {'args': [1]}))
        assert post(site, '/model/sub', {'args': [{'x': 1}]}) == (200, {'return': {'x': 1, 'y': 2}})


def test_solution_web():
    dsp = example_model()
    sol = dsp.dispatch()
    assert list(sol.web().rules().values())[0] == 'model'
    # a solution does not keep its dispatcher
    del dsp
    import gc
    gc.collect()
    with pytest.raises(ValueError):
        sol.web()


def test_listen_errors():
    with example_model().web().site() as first:
        with pytest.raises(OSError) as excinfo:
            example_model().web().site(port=first.port).run()
        assert str(first.port) in str(excinfo.value)
    with pytest.raises(OSError):
        example_model().web().site(host='no such host.invalid').run()


def test_unsupported_keywords():
    dsp = example_model()
    for kwargs in ({'node_data': ('+set_value',)}, {'debug': True}, {'sites': set()},
                   {'subsite_idle_timeout': 10}, {'directory': '/tmp'},
                   {'node_function': ('+input_domain',)}):
        with pytest.raises(ValueError) as excinfo:
            dsp.web(**kwargs)
        assert list(kwargs)[0] in str(excinfo.value)
    with pytest.raises(TypeError):
        dsp.web(colour='red')
    # schedula's defaults are accepted
    assert dsp.web(node_data=sh.NONE, debug=False, sites=None, subsite_idle_timeout=600)
    with pytest.raises(NotImplementedError):
        dsp.web().app()
    with pytest.raises(ValueError):
        dsp.web().site(view=True)


@pytest.mark.gi
def test_server_in_own_main_loop():
    """WebMap.server(): the Schedula.WebServer alone, served by a program
    that runs its own main loop (here in a thread of the test)."""
    from gi.repository import GLib
    server = example_model().web().server(token='t')
    assert server.props.token == 't' and server.props.executor == 'async'
    context = GLib.MainContext.new()
    loop = GLib.MainLoop.new(context, False)
    result = {}

    def client():
        result['got'] = request(server.dup_url() + 'model/fun', {'args': [3]},
                                headers={'Authorization': 'Bearer t'})[:2]
        # the loop quits from its own context
        source = GLib.Idle()
        source.set_callback(lambda *args: loop.quit() or GLib.SOURCE_REMOVE)
        source.attach(context)

    def serve():
        context.push_thread_default()
        server.listen(None, 0)
        result['url'] = server.dup_url()
        result['port'] = server.get_port()
        threading.Thread(target=client).start()
        loop.run()
        server.disconnect()
        context.pop_thread_default()

    thread = threading.Thread(target=serve)
    thread.start()
    thread.join(PATIENCE)
    assert result['got'] == (200, {'return': [4, 2]})
    assert result['url'] == 'http://127.0.0.1:%d/' % result['port'] and result['port'] > 0
