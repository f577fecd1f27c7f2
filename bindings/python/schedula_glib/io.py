# io.py: schedula.utils.io over the library's model files (only when the
# library has the io feature), and the resolvers of the python: and dill:
# references they hold.
#
# SPDX-License-Identifier: EUPL-1.2

import base64
import os
import sys

from gi.repository import Gio, GLib

from ._base import Schedula, exporter
from . import executors as _executors
from .executors import _load_dill
from .functions import function, keyword_function
from .values import to_value

__all__ = []
_export = exporter(globals())


# ===========================================================================
# Model files (issue 10: libschedula-glib/io). Begin of the io block:
# schedula's save_dispatcher / load_dispatcher, save_default_values /
# load_default_values, save_map / load_map (schedula.utils.io), in the
# library's schedula-model/1 format (JSON) instead of dill; and the
# resolvers of the python: and dill: references that model files hold.
# ===========================================================================

if hasattr(Schedula, 'FunctionRegistry'):
    import importlib

    _ROLE = Schedula.FunctionRole

    def _python_reference(func):
        """python:MODULE:QUALNAME for a callable another process can import
        by that name, else None (a lambda, a closure, a function of the
        script): a model file names those by name, for the registry."""
        module = getattr(func, '__module__', None)
        qualname = getattr(func, '__qualname__', None)
        if not isinstance(module, str) or not isinstance(qualname, str) or module == '__main__':
            return None
        obj = sys.modules.get(module)
        if getattr(obj, '__spec__', None) is None:
            return None
        for part in qualname.split('.'):
            obj = getattr(obj, part, None)
        return 'python:%s:%s' % (module, qualname) if obj is func else None

    def _wrapped_model(f):
        """The model a function wrapper dispatches, or None."""
        if isinstance(f, (Schedula.SubDispatch, Schedula.SubDispatchFunction)):
            return f.get_dispatcher()
        if isinstance(f, (Schedula.SubDispatchPipe, Schedula.DispatchPipe)):
            return f.get_pipe().get_dispatcher()
        if isinstance(f, Schedula.MapDispatch):
            model = f.__dict__.get('_py_model')
            return model[0] if model else None
        return None

    # As when the overrides were one module, whose namespace this one
    # replaced it in: the model of a wrapper, for _give_references() too.
    _executors._wrapped_model = _wrapped_model

    def _node_functions(node):
        if isinstance(node, Schedula.DataNode):
            return [node.get_combiner(), node.get_callback()] + list(node.get_filters() or ())
        if isinstance(node, Schedula.FunctionNode):
            return [node.get_function(), node.get_input_domain()] + list(node.get_filters() or ())
        return [node.get_input_domain()]

    def _give_file_references(dsp):
        """The Python functions of @dsp, of its sub-dispatchers and of the
        models of its wrappers get their python: reference, when they have
        one and no reference yet: a model file names them so."""
        seen = set()
        stack = [dsp]
        while stack:
            d = stack.pop()
            if d in seen:
                continue
            seen.add(d)
            for i in range(d.get_n_items()):
                node = d.get_item(i)
                if isinstance(node, Schedula.DispatcherNode):
                    stack.append(node.get_child())
                for f in _node_functions(node):
                    if f is None:
                        continue
                    model = _wrapped_model(f)
                    if model is not None:
                        stack.append(model)
                        continue
                    func = f.__dict__.get('py_function')
                    if func is not None and f.get_ref() is None:
                        ref = _python_reference(func)
                        if ref is not None:
                            f.set_ref(ref)

    def _function_for_role(func, role, ref):
        """A Python callable as the Schedula.Function of its place in the
        model: combiners and sub-dispatcher domains take one dict,
        callbacks report errors with str()."""
        if role in (_ROLE.COMBINER, _ROLE.DISPATCHER_DOMAIN):
            f = keyword_function(func)
        elif role == _ROLE.CALLBACK:
            f = function(func, describe=str)
        else:
            f = function(func)
        if f.get_ref() is None:
            f.set_ref(ref)
        return f

    def _resolve_error(ref, exc):
        return GLib.Error('cannot resolve %s: %s: %s' % (ref, type(exc).__name__, exc),
                          GLib.quark_to_string(Schedula.model_file_error_quark()),
                          int(Schedula.ModelFileError.UNKNOWN_FUNCTION))

    def _resolve_python(ref, role, *user_data):
        """The resolver of python:MODULE:QUALNAME references: imports
        MODULE and takes QUALNAME in it."""
        try:
            prefix, module, qualname = ref.split(':', 2)
            obj = importlib.import_module(module)
            for part in qualname.split('.'):
                obj = getattr(obj, part)
            if not callable(obj):
                raise TypeError('%s.%s is not callable' % (module, qualname))
        except Exception as exc:
            raise _resolve_error(ref, exc) from None
        return _function_for_role(obj, role, ref)

    def _resolve_dill(ref, role, *user_data):
        """The resolver of dill:BASE64 references (what the executors give
        the functions that cannot be imported): unpickles the function."""
        dill = _load_dill()
        if not dill:
            raise _resolve_error(ref, ImportError('dill is not installed'))
        try:
            obj = dill.loads(base64.b64decode(ref[len('dill:'):]))
        except Exception as exc:
            raise _resolve_error(ref, exc) from None
        return _function_for_role(obj, role, ref)

    _default_registry = Schedula.FunctionRegistry.get_default()
    _default_registry.add_resolver('python', _resolve_python)
    _default_registry.add_resolver('dill', _resolve_dill)

    def _dispatchers_of(dsp):
        """@dsp, its sub-dispatchers and the models of its wrappers."""
        seen = []
        stack = [dsp]
        while stack:
            d = stack.pop()
            if d in seen:
                continue
            seen.append(d)
            for i in range(d.get_n_items()):
                node = d.get_item(i)
                if isinstance(node, Schedula.DispatcherNode):
                    stack.append(node.get_child())
                for f in _node_functions(node):
                    model = _wrapped_model(f) if f is not None else None
                    if model is not None:
                        stack.append(model)
        return seen

    _RAISES_PY = {Schedula.Raises.RECORD: False, Schedula.Raises.RECORD_SILENTLY: '',
                  Schedula.Raises.RAISE: True}

    def _loaded(dsp):
        """What the binding keeps of a dispatcher (its raises, as schedula's
        value) after the library loaded it or re-initialised it."""
        for d in _dispatchers_of(dsp):
            d._py_raises = _RAISES_PY.get(d.get_raises(), False)
        return dsp

    def _load_flags(allow_refs):
        if allow_refs:
            return Schedula.LoadFlags.ALLOW_REFS | Schedula.LoadFlags.ALLOW_CODECS
        return Schedula.LoadFlags.NONE

    def _file_call(method, path, *args):
        """Calls @method with the path @path; a missing file raises
        FileNotFoundError, as schedula's open() would."""
        path = os.fspath(path)
        try:
            return method(path, *args)
        except GLib.Error as error:
            if error.matches(GLib.file_error_quark(), GLib.FileError.NOENT) or \
                    error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND):
                raise FileNotFoundError(2, error.message, path) from None
            raise

    def value_to_json(x):
        """@x in the JSON of model files, one line (the library's values as
        plain JSON, Python objects through the pickle codec)."""
        return Schedula.value_to_json(to_value(x))

    _export(value_to_json)

    def value_from_json(text, name=None, allow_codecs=False):
        """Not from Python: PyGObject 3.42 frees a dict or a sequence of the
        library that an out GValue holds before Python reads it. Python's
        json module reads the plain forms; load_default_values() reads
        values of model files."""
        raise NotImplementedError('Schedula.value_from_json() is for C, GJS and Vala: from '
                                  'Python, use the json module (or load_default_values() '
                                  'for the values of a model file)')

    _export(value_from_json)

    def save_dispatcher(dsp, path):
        """schedula's save_dispatcher(): writes the whole model to the file
        @path (schedula-model/1, JSON). Python functions are written by
        reference (python:MODULE:QUALNAME) when another process can import
        them, else by name; Python values that are not the library's own
        (ints, floats, strings, booleans, NONE, Dicts) are pickled."""
        _give_file_references(dsp)
        _file_call(dsp.save_to_file, path)

    def load_dispatcher(path, allow_refs=False, registry=None):
        """schedula's load_dispatcher(): the model of the file @path.
        Functions stored by name are looked up in @registry (by default
        Schedula.FunctionRegistry.get_default(); add yours with its add());
        with @allow_refs, functions stored by reference are imported
        (python:), unpickled (dill:) or loaded (c:), and pickled values are
        unpickled: only for files you trust."""
        return _loaded(_file_call(
            lambda p: Schedula.Dispatcher.new_from_file(p, registry, _load_flags(allow_refs)), path))

    def save_default_values(dsp, path):
        """schedula's save_default_values(): writes the default values of
        @dsp (its own data nodes) to the file @path."""
        _file_call(dsp.save_default_values, path)

    def load_default_values(dsp, path, allow_refs=False):
        """schedula's load_default_values(): @dsp gets the default values of
        the file @path and only those, and is re-initialised as schedula's
        dsp.__init__ does (name, raises, executor back to a new
        dispatcher's). With @allow_refs, pickled values are unpickled."""
        _file_call(lambda p: dsp.load_default_values(p, _load_flags(allow_refs)), path)
        _loaded(dsp)

    def save_map(dsp, path):
        """schedula's save_map(): writes the graph of @dsp (its nodes and
        edges, its sub-dispatchers whole) without its own default values."""
        _give_file_references(dsp)
        _file_call(dsp.save_map, path)

    def load_map(dsp, path, allow_refs=False, registry=None):
        """schedula's load_map(): @dsp gets the graph of the file @path and
        keeps its default values (of the nodes the graph has), re-initialised
        as schedula's dsp.__init__ does. @allow_refs and @registry as for
        load_dispatcher()."""
        _file_call(lambda p: dsp.load_map(p, registry, _load_flags(allow_refs)), path)
        _loaded(dsp)

    for _f in (save_dispatcher, load_dispatcher, save_default_values, load_default_values,
               save_map, load_map):
        _export(_f)
    del _f

# ===========================================================================
# End of the io block
# ===========================================================================
