# test_io.py: model files from Python (issue 10), schedula's
# save_dispatcher / load_dispatcher, save_default_values /
# load_default_values, save_map / load_map
#
# - Python functions travel by reference (python:MODULE:QUALNAME) when they
#   can be imported, in every role (node function, domain, combiner,
#   callback, filter), and come back only with allow_refs=True;
# - functions that cannot be imported travel by name, for the registry;
# - a file saved in C (tests/io-data/c-model.json) loads here and gives the
#   solution C gives; a file saved here (tests/io-data/python-model.json)
#   is what tests/test-io.c loads;
# - schedula's re-initialisation (7.02, 7.03), bad files as GLib.Error.
#
# SPDX-License-Identifier: EUPL-1.2

import os
import subprocess

import pytest

from conftest import sh
from gi.repository import GLib, GObject

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'io-data')
MODULE = os.environ.get('SCHEDULA_TEST_FUNCTIONS')
pytestmark = pytest.mark.skipif(not hasattr(sh, 'FunctionRegistry'),
                                reason='libschedula-glib was built without model files (-Dio=disabled)')
needs_module = pytest.mark.skipif(MODULE is None, reason='SCHEDULA_TEST_FUNCTIONS is not set (meson test sets it)')

CALLS = []


def plus_one(x):
    return x + 1


def times_ten(x):
    return x * 10


def positive(x):
    return x > 0


def mean(kw):
    return sum(kw.values()) / len(kw)


def remember(x):
    CALLS.append(x)


def halve(x):
    return x / 2


def has_c(kw):
    return 'c' in kw


class Ops:
    @staticmethod
    def negate(x):
        return -x


def file_error(code):
    return (sh.model_file_error_quark(), int(code))


def error_of(excinfo):
    e = excinfo.value
    return (GLib.quark_from_string(e.domain), e.code)


def python_model():
    """Python functions in every role, a sub-dispatcher with a domain."""
    child = sh.Dispatcher(name='child')
    child.add_function('neg', Ops.negate, ['x'], ['y'])
    dsp = sh.Dispatcher(name='python')
    dsp.add_data('a', default_value=3)
    dsp.add_function('inc', plus_one, ['a'], ['b'], input_domain=positive, filters=[halve])
    dsp.add_function('ten', times_ten, ['a'], ['b'])
    dsp.add_data('b', wait_inputs=True, function=mean, callback=remember)
    dsp.add_function('copy', plus_one, ['b'], ['c'])
    dsp.add_dispatcher(child, inputs={'c': 'x'}, outputs={'y': 'd'}, dsp_id='sub', input_domain=has_c)
    return dsp


def test_python_references(tmp_path):
    dsp = python_model()
    path = tmp_path / 'model.json'
    sh.save_dispatcher(dsp, path)
    text = path.read_text()
    assert '"ref" : "python:test_io:plus_one"' in text
    assert '"ref" : "python:test_io:Ops.negate"' in text
    # references are code: only when allowed
    with pytest.raises(GLib.Error) as excinfo:
        sh.load_dispatcher(path)
    assert error_of(excinfo) == file_error(sh.ModelFileError.REF_NOT_ALLOWED)
    assert 'python:test_io:' in excinfo.value.message
    loaded = sh.load_dispatcher(path, allow_refs=True)
    CALLS.clear()
    before = dsp.dispatch()
    after = loaded.dispatch()
    assert dict(after) == dict(before) == {'a': 3, 'b': 16.0, 'c': 17.0, 'd': -17.0}
    assert CALLS == [16.0, 16.0]
    assert after.dist == before.dist
    assert list(after.workflow.edges) == list(before.workflow.edges)
    # saved again: the same bytes
    again = tmp_path / 'again.json'
    sh.save_dispatcher(loaded, again)
    assert again.read_text() == text


def test_unimportable_by_name(tmp_path):
    dsp = sh.Dispatcher(name='lambdas')
    dsp.add_function('f', lambda x: x * 3, ['a'], ['b'])
    path = tmp_path / 'model.json'
    sh.save_dispatcher(dsp, path)
    assert '"function" : "<lambda>"' in path.read_text()
    registry = sh.FunctionRegistry.new()
    with pytest.raises(GLib.Error) as excinfo:
        sh.load_dispatcher(path, registry=registry)
    assert error_of(excinfo) == file_error(sh.ModelFileError.UNKNOWN_FUNCTION)
    assert '<lambda>' in excinfo.value.message
    registry.add('<lambda>', sh.function(lambda x: x * 4))
    loaded = sh.load_dispatcher(path, registry=registry)
    assert loaded.dispatch(inputs={'a': 2})['b'] == 8


def test_functions_that_travelled_keep_their_name(tmp_path):
    """A lambda gets a dill: reference when a dispatch sends it to a worker
    process; a model file still names it (as before it travelled), so the
    file loads the same either way."""
    dsp = sh.Dispatcher(name='travelled')
    triple = lambda x: (x * 3, os.getpid())  # noqa: E731
    dsp.add_function('f', triple, ['a'], ['b', 'pid'])
    before = tmp_path / 'before.json'
    sh.save_dispatcher(dsp, before)
    sol = dsp.dispatch({'a': 2}, executor='parallel-pool').result()
    assert sol['b'] == 6 and sol['pid'] != os.getpid()
    assert sh.function(triple).get_ref().startswith('dill:')
    after = tmp_path / 'after.json'
    sh.save_dispatcher(dsp, after)
    assert after.read_text() == before.read_text()
    assert '"function" : "<lambda>"' in after.read_text() and 'dill:' not in after.read_text()
    sh.shutdown_executors()


def test_bad_references(tmp_path):
    path = tmp_path / 'model.json'
    for ref, message in (('python:no_such_module_here:f', 'ModuleNotFoundError'),
                         ('python:os:no_such_function', 'AttributeError'),
                         ('python:os:sep', 'is not callable')):
        path.write_text('''{"format": "schedula-model/1", "content": "model", "dispatchers": [
  {"name": "m", "counter": 2, "nodes": [
    {"id": "f", "kind": "function", "index": 0, "function": {"ref": "%s"}, "inputs": ["a"], "outputs": []},
    {"id": "a", "kind": "data", "index": 1}],
   "edges": [["a", "f"]]}]}''' % ref)
        with pytest.raises(GLib.Error) as excinfo:
            sh.load_dispatcher(path, allow_refs=True)
        assert error_of(excinfo) == file_error(sh.ModelFileError.UNKNOWN_FUNCTION)
        assert ':3:62:' in excinfo.value.message
        assert message in excinfo.value.message
    try:
        import dill  # noqa: F401
    except ImportError:
        path.write_text(path.read_text().replace('python:os:sep', 'dill:AAAA'))
        with pytest.raises(GLib.Error) as excinfo:
            sh.load_dispatcher(path, allow_refs=True)
        assert 'dill is not installed' in excinfo.value.message


def test_python_values(tmp_path):
    """The library's values travel as JSON; other Python values pickled,
    which only allow_refs unpickles."""
    dsp = sh.Dispatcher(name='values')
    dsp.add_data('i', default_value=2 ** 62)
    dsp.add_data('f', default_value=0.1)
    dsp.add_data('s', default_value='text')
    dsp.add_data('none', default_value=sh.NONE)
    dsp.add_data('obj', default_value={'a': [1, (2, 3)]})
    path = tmp_path / 'model.json'
    sh.save_dispatcher(dsp, path)
    assert '"$codec" : "pickle"' in path.read_text()
    with pytest.raises(GLib.Error) as excinfo:
        sh.load_dispatcher(path)
    assert error_of(excinfo) == file_error(sh.ModelFileError.REF_NOT_ALLOWED)
    loaded = sh.load_dispatcher(path, allow_refs=True)
    sol = loaded.dispatch()
    assert dict(sol) == dict(dsp.dispatch())
    assert sol['obj'] == {'a': [1, (2, 3)]}
    assert type(sol['i']) is int and sol['i'] == 2 ** 62


def test_default_values_and_map(tmp_path):
    """Examples 7.02 and 7.03."""
    def model():
        dsp = sh.Dispatcher()
        dsp.add_data('a', default_value=1)
        dsp.add_function('max', max, ['a', 'b'], ['c'])
        sub = sh.Dispatcher()
        sub.add_function('f', plus_one, ['x'], ['y'])
        dsp.add_dispatcher(sub, inputs={'c': 'x'}, outputs={'y': 'd'}, dsp_id='s')
        return dsp

    dsp = model()
    defaults = tmp_path / 'defaults.json'
    sh.save_default_values(dsp, defaults)
    new = sh.Dispatcher(name='other', raises=True)
    new.add_data('a')
    sh.load_default_values(new, defaults)
    assert sorted(new.default_values) == ['a']
    assert new.name == '' and new.raises is False

    graph = tmp_path / 'map.json'
    sh.save_map(dsp, graph)
    # max is a builtin: by name, in the registry (the default one, which
    # also has the binding's resolver for plus_one's python: reference)
    registry = sh.FunctionRegistry.get_default()
    registry.add('max', sh.function(max))
    try:
        new = sh.Dispatcher()
        sh.load_map(new, graph, allow_refs=True)
    finally:
        registry.remove('max')
    assert dict(new.dispatch(inputs={'b': 3})) == {'b': 3}
    assert sorted(new.default_values) == []
    new.add_data('a', default_value=1)
    assert dict(new.dispatch(inputs={'b': 3})) == {'a': 1, 'b': 3, 'c': 3, 'd': 4}
    with pytest.raises(FileNotFoundError):
        sh.load_map(new, tmp_path / 'missing.json')


def test_bad_file(tmp_path):
    path = tmp_path / 'bad.json'
    path.write_text('{"format": "schedula-model/1",\n "content": [}')
    with pytest.raises(GLib.Error) as excinfo:
        sh.load_dispatcher(path)
    assert error_of(excinfo) == file_error(sh.ModelFileError.PARSE)
    assert excinfo.value.message == "%s:2:14: a value expected, not '}'" % path


def c_registry():
    """tf_sum of the test module, by name: the files of tests/io-data name
    it so (a reference would name the module's path)."""
    tf_sum = sh.Function.new_for_ref('c:%s:tf_sum' % MODULE)
    tf_sum.set_ref(None)
    registry = sh.FunctionRegistry.new()
    registry.add('tf_sum', tf_sum)
    return registry, tf_sum


@needs_module
def test_file_saved_in_c():
    """tests/io-data/c-model.json, written by tests/test-io.c: the solution
    C gives."""
    registry, _ = c_registry()
    dsp = sh.load_dispatcher(os.path.join(DATA, 'c-model.json'), registry=registry)
    sol = dsp.dispatch(inputs={'a': 1})
    assert dict(sol) == {'a': 1, 'b': 5, 'dict': {'x': 7, 'label': 'seven', 'none': sh.NONE},
                         'c': 6, 'x': 7, 'e': 107, 'd': 106}
    assert sol.workflow.nodes['child']['solution'] == {'x': 6, 'k': 100, 'y': 106}


@needs_module
def test_file_saved_in_python(tmp_path):
    """tests/io-data/python-model.json: what saving this model gives
    (SCHEDULA_IO_WRITE_DATA=1 writes it); tests/test-io.c loads it."""
    registry, tf_sum = c_registry()
    dsp = sh.Dispatcher(name='from-python')
    dsp.add_data('a', default_value=2)
    dsp.add_function('sum', tf_sum, ['a', 'b'], ['c'])
    dsp.add_data('b', default_value=40)
    dsp.add_function('pass', sh.bypass, ['c'], ['d'])
    dsp.add_data('label', default_value='answer')
    path = os.path.join(DATA, 'python-model.json')
    saved = tmp_path / 'python-model.json'
    sh.save_dispatcher(dsp, saved)
    if os.environ.get('SCHEDULA_IO_WRITE_DATA'):
        with open(path, 'w') as f:
            f.write(saved.read_text())
    with open(path) as f:
        assert f.read() == saved.read_text()
    loaded = sh.load_dispatcher(path, registry=registry)
    assert dict(loaded.dispatch()) == dict(dsp.dispatch()) == {'a': 2, 'b': 40, 'label': 'answer', 'c': 42,
                                                               'd': 42}


def test_value_json():
    """A value in the JSON of model files."""
    assert sh.value_to_json(3) == '3'
    assert sh.value_to_json(2.5) == '2.5'
    assert sh.value_to_json('x') == '"x"'
    assert sh.value_to_json(sh.NONE) == 'null'
    # a Python object goes through the pickle codec
    assert '"$codec":"pickle"' in sh.value_to_json(complex(1, 2))


def test_value_from_json_is_for_c():
    with pytest.raises(NotImplementedError):
        sh.value_from_json('1')


def test_value_decode_of_library_dicts():
    """A dict of the library decoded from Python, read after the decoder's
    GValue is gone (it was freed under PyGObject's wrapper)."""
    enc = GLib.Variant('(sv)', ('', GLib.Variant('a{sv}', {
        'a': GLib.Variant('d', 1.0), 'b': GLib.Variant('av', [GLib.Variant('x', 2)])})))
    for _ in range(50):
        assert sh.value_decode(enc) == {'a': 1.0, 'b': [2]}
