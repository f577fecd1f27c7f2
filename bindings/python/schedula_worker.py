# schedula_worker.py: the Python worker of libschedula-glib's process executors
#
# The `parallel` and `parallel-pool` executors start it (one per call, or
# for many) for the calls whose function has a Python reference; the
# PyGObject overrides set its command when they are imported:
#
#   [sys.executable, '.../schedula_worker.py', PATH...]
#
# where PATH... are the directories of the parent's sys.path: they go in
# front of this interpreter's own (as multiprocessing's spawn passes them),
# so that python: references import the modules the parent imported.
#
# It speaks the protocol of libschedula-glib/schedula-worker-private.h on
# its standard input and output: each message is a 4-byte little-endian
# length and a GVariant (sa{sv}) in normal form.
#
#   "call"   <- id (t), node (s), node_id (s), function (s), inputs (a(sv)),
#               input_ids (as), n_outputs (u)
#   "result" -> id (t), ok (b), outputs (a(sv)), and when not ok
#               error_domain (s), error_code (i), error_message (s)
#
# A function is `python:MODULE:QUALNAME` (imported with importlib) or
# `dill:BASE64` (loaded with dill), or for `parallel-dispatch` a function
# wrapper `model:CHECKSUM` that comes with its model file (model, ay), loaded
# with references allowed; each is resolved once. The
# call goes through the binding's own Schedula.Function of the callable and
# Function.invoke(), as a node calls it in the parent: the same arguments,
# the same zip of a result over several outputs, the same GError (message,
# domain and code) for an exception, so that a solution is the same whether
# a function ran here or there. Values travel through the library's codecs:
# the library's own values as themselves, Python objects through the
# binding's "pickle" codec.
#
# The protocol has the real standard input and output to itself: the
# functions get /dev/null as standard input, and what they print (Python's
# sys.stdout and file descriptor 1 alike) goes to standard error. SIGINT is
# ignored: the parent decides when a call stops (it kills the worker). The
# worker exits with status 0 at the end of its input.
#
# SPDX-License-Identifier: EUPL-1.2

import os
import signal
import struct
import sys


def _protocol_descriptors():
    """The descriptors of the protocol: copies of stdin and stdout, which
    become /dev/null and stderr for the functions."""
    proto_in = os.dup(0)
    proto_out = os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    return proto_in, proto_out


def _read_exactly(fd, n, at_start):
    """@n bytes, or None at the end of input before a message."""
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            if at_start and not chunks:
                return None
            raise EOFError('the input ended inside a message')
        chunks.append(chunk)
        n -= len(chunk)
    return b''.join(chunks)


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


class Worker(object):
    """Reads calls, runs them, writes results."""

    def __init__(self, proto_in, proto_out):
        import gi
        gi.require_version('Schedula', '1.0')
        from gi.repository import GLib, Schedula
        self.GLib = GLib
        self.Schedula = Schedula
        self.proto_in = proto_in
        self.proto_out = proto_out
        self.functions = {}   # reference -> Schedula.Function
        self.message_type = GLib.VariantType.new('(sa{sv})')
        # the overrides' package (imported by the overrides, next to this
        # script): its executors module pickles and adopts the objects of
        # the parent's __main__
        from schedula_glib import _base, executors
        # the classes and functions of the parent's __main__ that arrive by
        # value: one copy of each here, by name (see _main_object)
        executors._main_objects = {}
        self.executors = executors
        self.python_error_domain = _base._PYTHON_ERROR_DOMAIN

    # -- messages -------------------------------------------------------------

    def read(self):
        head = _read_exactly(self.proto_in, 4, True)
        if head is None:
            return None
        (size,) = struct.unpack('<I', head)
        data = _read_exactly(self.proto_in, size, False)
        GLib = self.GLib
        message = GLib.Variant.new_from_bytes(self.message_type, GLib.Bytes.new(data), False)
        return message.get_child_value(0).get_string(), message.get_child_value(1)

    def write(self, fields):
        GLib = self.GLib
        message = GLib.Variant('(sa{sv})', ('result', fields))
        data = message.get_data_as_bytes().get_data()
        _write_all(self.proto_out, struct.pack('<I', len(data)) + data)

    # -- functions ------------------------------------------------------------

    def load_wrapper(self, model):
        """The function of node "f" of the model file of a parallel-dispatch
        call: a function wrapper with its model."""
        GLib, Schedula = self.GLib, self.Schedula
        if model is None:
            raise ValueError('a model: call without its model')
        flags = Schedula.LoadFlags.ALLOW_REFS | Schedula.LoadFlags.ALLOW_CODECS
        dsp = Schedula.Dispatcher.new_from_bytes(GLib.Bytes.new(model.get_data_as_bytes().get_data()),
                                                 None, flags)
        node = Schedula.Dispatcher.lookup_node(dsp, 'f')
        if not isinstance(node, Schedula.FunctionNode):
            raise ValueError('the model of the call has no function f')
        return Schedula.FunctionNode.get_function(node)

    def resolve(self, ref, model=None):
        f = self.functions.get(ref)
        if f is None and ref.startswith('model:'):
            f = self.functions[ref] = self.load_wrapper(model)
        if f is None:
            if ref.startswith('python:'):
                import importlib
                _, module, qualname = ref.split(':', 2)
                obj = importlib.import_module(module)
                for part in qualname.split('.'):
                    obj = getattr(obj, part)
            elif ref.startswith('dill:'):
                import base64
                import dill
                obj = self.executors._adopt_main(dill.loads(base64.b64decode(ref[5:])))
            else:
                raise ValueError('%r is not a Python function reference (python:MODULE:QUALNAME '
                                 'or dill:DATA)' % (ref[:80],))
            f = self.Schedula.function(obj)
            if not isinstance(f, self.Schedula.Function):
                raise TypeError('%s is not callable' % (ref[:80],))
            self.functions[ref] = f
        return f

    # -- calls ----------------------------------------------------------------

    def run(self, fields):
        """The fields of the result of the call of @fields."""
        GLib, Schedula = self.GLib, self.Schedula
        call_id = fields.lookup_value('id', GLib.VariantType.new('t'))
        call_id = call_id.get_uint64() if call_id is not None else 0
        result = {'id': GLib.Variant('t', call_id)}
        try:
            ref = fields.lookup_value('function', GLib.VariantType.new('s')).get_string()
            n_outputs = fields.lookup_value('n_outputs', GLib.VariantType.new('u')).get_uint32()
            node_id = fields.lookup_value('node_id', GLib.VariantType.new('s'))
            inputs = fields.lookup_value('inputs', GLib.VariantType.new('a(sv)'))
            f = self.resolve(ref, fields.lookup_value('model', GLib.VariantType.new('ay')))
            call = Schedula.Call.new()
            if node_id is not None:
                call.set_node_id(node_id.get_string())
            # the values go between the message and the call in C: a dict
            # or a sequence of the library that PyGObject handed out from
            # an out GValue would be freed under it
            if inputs is None:
                inputs = GLib.Variant('a(sv)', [])
            Schedula.Call.decode_inputs(call, inputs, n_outputs)
            Schedula.Function.invoke(f, call)
            result['ok'] = GLib.Variant('b', True)
            result['outputs'] = Schedula.Call.encode_outputs(call)
        except GLib.Error as error:
            result['ok'] = GLib.Variant('b', False)
            result['error_domain'] = GLib.Variant('s', error.domain)
            result['error_code'] = GLib.Variant('i', error.code)
            result['error_message'] = GLib.Variant('s', error.message)
        except Exception as exc:
            # the reference cannot be resolved, or the message is not a call
            import traceback
            text = 'the Python worker cannot run the call: %r\n%s' % (
                exc, ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
            result['ok'] = GLib.Variant('b', False)
            result['error_domain'] = GLib.Variant('s', self.python_error_domain)
            result['error_code'] = GLib.Variant('i', 0)
            result['error_message'] = GLib.Variant('s', text)
        return result

    def serve(self):
        while True:
            message = self.read()
            if message is None:
                return 0
            kind, fields = message
            if kind != 'call':
                sys.stderr.write('schedula_worker: unknown message %s\n' % kind)
                return 1
            self.write(self.run(fields))


def main(argv):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    proto_in, proto_out = _protocol_descriptors()
    parent_path = argv[1:]
    if parent_path:
        sys.path[:] = parent_path + [p for p in sys.path if p not in parent_path]
    worker = Worker(proto_in, proto_out)
    return worker.serve()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
