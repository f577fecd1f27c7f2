# errors.py: the exceptions of the Python API (DispatcherError,
# DispatcherAbort, RemoteError), the GErrors the binding makes of Python
# exceptions, and the exceptions it raises for the library's errors.
#
# SPDX-License-Identifier: EUPL-1.2

import ast
import builtins
import re
import threading
import traceback

from gi.repository import Gio, GLib

from ._base import (Schedula, _CANCELLED, _DISPATCH_ERROR_DOMAIN, _IO_ERROR_DOMAIN,
                    _PYTHON_ERROR_DOMAIN, as_solution, exporter)

__all__ = []
_export = exporter(globals())


# ---------------------------------------------------------------------------
# Exceptions
# ---------------------------------------------------------------------------

class DispatcherError(Exception):
    """A dispatch stopped by a failure (the `raises` policy, contradictory
    paths, a model the library refuses). As schedula's: the arguments are
    the message template, the node id and the exception, `ex` is the
    exception and `sol` the partial solution."""

    def __init__(self, *args, sol=None, ex=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sol = as_solution(sol)
        self.ex = ex

    def __str__(self):
        """The formatted message (schedula's str() shows the tuple of the
        arguments: the template, the node and the exception)."""
        args = self.args
        if len(args) > 1 and isinstance(args[0], str):
            try:
                return args[0] % args[1:]
            except (TypeError, ValueError):
                pass
        return super().__str__()

    def update(self, sol):
        self.sol = as_solution(sol)


class DispatcherAbort(BaseException):
    """A dispatch stopped by its stopper (a cancelled Gio.Cancellable or a
    set threading.Event); `sol` is the partial solution."""


class ExecutorShutdown(Exception):
    """A dispatch in the background (DispatchFuture) that
    shutdown_executors(wait=False) stopped, as schedula's futures fail when
    their executor is shut down; `sol` is the partial solution."""


_export(DispatcherError, 'DispatcherError')
_export(DispatcherAbort, 'DispatcherAbort')
_export(ExecutorShutdown, 'ExecutorShutdown')


# ---------------------------------------------------------------------------
# Python exceptions as GErrors, and the library's errors as exceptions
# ---------------------------------------------------------------------------

# The last Python exception a function raised in this thread, and how its
# error message names it: a failed dispatch raises it again.
_last_exception = threading.local()
# A BaseException that is not an Exception (KeyboardInterrupt, SystemExit,
# ...) raised by a Python function of this thread: it stops the dispatch
# (the library stops on a function cancelled), and the call that started
# the dispatch raises it again.
_pending_stop = threading.local()


def _stop_error(exc):
    """The GError of a Python function that raised a BaseException which is
    not an Exception: a cancellation, which stops the dispatch."""
    _pending_stop.value = exc
    return GLib.Error('%s raised by a Python function' % type(exc).__name__,
                      _IO_ERROR_DOMAIN, _CANCELLED)


def _check_stop(error):
    """Raises the BaseException a Python function raised, if that is why
    the library stopped with @error."""
    exc = getattr(_pending_stop, 'value', None)
    if exc is not None and error.matches(Gio.io_error_quark(), _CANCELLED):
        _pending_stop.value = None
        raise exc.with_traceback(exc.__traceback__) from None


def _glib_error(exc, describe=repr, domain=_PYTHON_ERROR_DOMAIN, code=0):
    """The GError of a failed Python call: the exception as schedula shows
    it (its repr; for callbacks its str), then its traceback (without the
    frame of the trampoline)."""
    text = describe(exc)
    _last_exception.value = (exc, text)
    tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
    if tb is not None:
        text += '\n' + ''.join(traceback.format_exception(type(exc), exc, tb))
    return GLib.Error(text, domain, code)


def _error_summary(message):
    """The part of an error message schedula shows: without the traceback."""
    if message is None:
        return None
    cut = message.find('\nTraceback (most recent call last):')
    return message if cut < 0 else message[:cut]


def _raise_from_glib(error):
    """A library error as the exception schedula raises."""
    if error.matches(Schedula.dispatch_error_quark(), Schedula.DispatchError.INVALID_INPUT):
        return _invalid_input_exception(error.message)
    return error


def _call(method, *args):
    try:
        return method(*args)
    except GLib.Error as error:
        raise _raise_from_glib(error) from None


# ---------------------------------------------------------------------------
# The exceptions of failed dispatches
# ---------------------------------------------------------------------------

_FAILURE_TEMPLATES = {
    'DISPATCHING': "Failed DISPATCHING '%s' due to:\n  %r",
    'CALLBACK': "Failed CALLBACK '%s' due to:\n  %s",
    'SUB-DSP DOMAIN': "Failed SUB-DSP DOMAIN '%s' due to:\n  %r",
}
_FAILURE = re.compile(r"^Failed (DISPATCHING|CALLBACK|SUB-DSP DOMAIN) '(.*?)' due to:\n  ", re.S)


def _python_exception(error):
    """The Python exception behind a library error, if a Python function
    raised it; else the error itself. A Python function that failed out of
    this thread's reach (in a worker process, or in a thread of the async
    executor) left its error only: the exception is made again from its
    repr (see _reported_exception)."""
    last = getattr(_last_exception, 'value', None)
    if last is not None:
        exc, text = last
        summary = _error_summary(error.message)
        if summary is not None and (summary == text or summary.endswith('\n  ' + text) or
                                    summary.endswith(': ' + text)):
            return exc
    if error.domain == _PYTHON_ERROR_DOMAIN:
        return _reported_exception(error.message)
    return error


class RemoteError(Exception):
    """The exception of a Python function that failed where the binding
    cannot reach it (a worker process of the parallel executors, a thread
    of the async executor), when it is not a built-in exception made of
    literals: its repr() is the one the exception had, so that messages
    read as they would have in this thread; `message` is the library's
    error message (with the traceback)."""

    def __init__(self, text, message):
        super().__init__(text)
        self.text = text
        self.message = message

    def __repr__(self):
        return self.text

    def __reduce__(self):
        return RemoteError, (self.text, self.message)


_export(RemoteError, 'RemoteError')
_EXCEPTION_REPR = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\((.*)\)\Z', re.S)


def _reported_exception(message):
    """The exception of a Python function from the error message it left
    ("repr, then the traceback"): a built-in exception whose arguments are
    literals comes back as itself (ValueError('fail')); any other as a
    RemoteError with the same repr."""
    text = _error_summary(message)
    m = _EXCEPTION_REPR.match(text)
    if m is not None:
        cls = getattr(builtins, m.group(1), None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                args = ast.literal_eval('(%s,)' % m.group(2)) if m.group(2) else ()
                exc = cls(*args)
                if repr(exc) == text:
                    return exc
            except Exception:
                pass
    return RemoteError(text, message)


class _MissingWildcardInput(KeyError, ValueError):
    """A wildcard input that is not a node of the searched graph: schedula
    raises KeyError(id); a ValueError too, as any other bad input here."""


_MISSING_WILDCARD = re.compile(r'wildcard input (.*) is not a node of the model\Z', re.S)


class _SubDispatcherNotStarted(KeyError, ValueError):
    """A sub-dispatcher node that a wildcard input's values visited without
    starting it, given another input: schedula fails with KeyError (its
    sub-solution is missing); a ValueError too, as any other bad input."""


_NOT_STARTED = re.compile(r'sub-dispatcher node .* was visited without starting ', re.S)


def _invalid_input_exception(message):
    """The exception schedula raises for the bad input the library reports
    with @message (INVALID_INPUT): KeyError(id) for a wildcard input that
    is not a node, KeyError for a sub-dispatcher node that wildcard input
    values visited without starting it and that gets another input (both
    ValueErrors too), else ValueError."""
    m = _MISSING_WILDCARD.match(message)
    if m is not None:
        from .values import _id_out
        return _MissingWildcardInput(_id_out(m.group(1)))
    if _NOT_STARTED.match(message):
        return _SubDispatcherNotStarted(message)
    return ValueError(message)


def _dispatch_exception(error, sol):
    """The exception a failed dispatch raises, as schedula's: DispatcherAbort
    when stopped, DispatcherError(template, node id, exception) when the
    raises policy stops it, the Python exception of an input domain or of a
    result that cannot be unpacked, that of _invalid_input_exception() for
    bad input, and DispatcherError for the other failures the library
    detects."""
    if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
        exc = DispatcherAbort()
        exc.sol = as_solution(sol)
        return exc
    quark = Schedula.dispatch_error_quark()
    exc = _python_exception(error)
    if error.matches(quark, Schedula.DispatchError.NODE_FAILED):
        m = _FAILURE.match(error.message)
        if m is not None:
            if exc is error and sol is not None:
                # a function of the library failed: the exception schedula's
                # function would raise
                node_error = sol.get_error(m.group(2))
                if node_error is not None:
                    exc = _library_exception(node_error)
            return DispatcherError(_FAILURE_TEMPLATES[m.group(1)], m.group(2), exc, sol=sol,
                                   ex=exc)
    if exc is not error:
        exc.sol = as_solution(sol)
        return exc
    if error.matches(quark, Schedula.DispatchError.INVALID_INPUT):
        return _invalid_input_exception(error.message)
    return DispatcherError(error.message, sol=sol, ex=error)


# ---------------------------------------------------------------------------
# Errors of the library's functions (wrappers and helpers)
# ---------------------------------------------------------------------------

_E = Schedula.DispatchError
_E_UNREACHABLE = int(_E.UNREACHABLE_OUTPUTS)
_E_PIPE_BROKEN = int(_E.PIPE_BROKEN)
_E_BAD_ARGUMENTS = int(_E.BAD_ARGUMENTS)
_E_INVALID_INPUT = int(_E.INVALID_INPUT)
_E_OUTPUT_MISMATCH = int(_E.OUTPUT_MISMATCH)
_E_RECURSION = int(_E.RECURSION)
_E_TOO_LARGE = int(_E.TOO_LARGE)
# The errors of the library's functions that schedula's functions raise as
# Python exceptions: a node's error message shows their repr().
_RAISED_CODES = frozenset((_E_UNREACHABLE, _E_PIPE_BROKEN, _E_BAD_ARGUMENTS, _E_INVALID_INPUT,
                           _E_RECURSION, _E_TOO_LARGE))


# The types of the values the binding makes, by the names Python gives them
_PYTHON_TYPE_NAMES = {
    'gint64': 'int', 'gint': 'int', 'gdouble': 'float', 'gchararray': 'str',
    'gboolean': 'bool', 'PyObject': 'object', 'SchedulaDict': 'dict',
    'GValueArray': 'list', 'SchedulaToken': 'Token',
}
_TYPE_NAME = re.compile(r"(?<=')(%s)(?=')|(?<=a value of type )(%s)(?= is not)" % (
    '|'.join(_PYTHON_TYPE_NAMES), '|'.join(_PYTHON_TYPE_NAMES)))


def _helper_exception(message):
    """The exception schedula's helper raises where the library's helper
    reports an invalid input (@message is the library's, in Python's
    words, with the value types named as Python names them): KeyError for
    a missing key (the message is its repr), TypeError for operands or
    arguments of the wrong type, OverflowError, else ValueError."""
    message = _TYPE_NAME.sub(lambda m: _PYTHON_TYPE_NAMES[m.group(0)], message)
    if message[:1] in ('"', "'"):
        try:
            key = ast.literal_eval(message)
        except (ValueError, SyntaxError):
            key = None
        if isinstance(key, str) and repr(key) == message:
            return KeyError(key)
    if message.startswith(('unsupported operand type(s)', 'summation of no arguments')) or \
            ' takes one argument' in message or \
            message.endswith((' is not a mapping', ' is not a sequence')):
        return TypeError(message)
    if message.startswith('integer overflow'):
        return OverflowError(message)
    return ValueError(message)


def _library_exception(error, sol=None):
    """The exception schedula raises where a function of the library (or a
    Python function through it) reports @error: the Python exception
    itself; DispatcherError for unreachable outputs and a broken pipe
    (with `sol`, the wrapper's solution); TypeError for bad arguments;
    the helper's exception for an invalid input; and the dispatch's
    exception for a dispatch that failed (see _dispatch_exception)."""
    if error.domain != _DISPATCH_ERROR_DOMAIN:
        if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
            return _dispatch_exception(error, sol)
        return _python_exception(error)
    code = error.code
    if code == _E_UNREACHABLE or code == _E_PIPE_BROKEN:
        return DispatcherError(error.message, sol=sol)
    if code == _E_OUTPUT_MISMATCH:
        exc = _python_exception(error)
        return exc if exc is not error else TypeError(error.message)
    if code == _E_BAD_ARGUMENTS:
        return TypeError(error.message)
    if code == _E_INVALID_INPUT:
        return _helper_exception(error.message)
    if code == _E_RECURSION:
        return RecursionError(error.message)
    if code == _E_TOO_LARGE:
        return ValueError(error.message)
    return _dispatch_exception(error, sol)


def _first_failure(sol):
    """What result() of a dispatch with an executor raises besides the
    dispatch's own exception, as schedula's: the exception of the first
    function that failed and left an output without a value. schedula's
    asynchronous dispatch plans every node as if its function succeeded, so
    there a failure loses the node's outputs and result() raises it; the
    library's solution is the synchronous one, where an alternative may
    give those outputs (then nothing is lost, and nothing raised). A node
    with await_result fails as in a synchronous dispatch, in schedula too:
    never raised. The nodes of @sol come first, then those of its
    sub-solutions, each in the order they failed. The exception carries
    @sol (`sol`); None when no such node failed."""
    for s in (sol, *sol.get_sub_solutions()):
        model = s.get_dispatcher()
        for node_id in s.get_error_ids():
            node = model.lookup_node(node_id) if model is not None else None
            if not isinstance(node, Schedula.FunctionNode) or node.get_await_result():
                continue
            if all(o.startswith('$') or s.contains(o) for o in node.dup_outputs()):
                continue   # an alternative gave its outputs
            exc = _library_exception(s.get_error(node_id), s)
            try:
                exc.sol = as_solution(sol)
            except AttributeError:
                pass
            return exc
    return None


def _error_text(sol, node_id):
    """The error of a node as schedula shows it: "Failed DISPATCHING 'f'
    due to:\\n  " and the repr() of the exception (without a Python
    traceback); or None."""
    message = sol.dup_error_message(node_id)
    if message is None:
        return None
    error = sol.get_error(node_id)
    if error is not None and error.domain == _DISPATCH_ERROR_DOMAIN and \
            error.code in _RAISED_CODES and message.endswith(error.message):
        return message[:len(message) - len(error.message)] + repr(_library_exception(error))
    return _error_summary(message)
