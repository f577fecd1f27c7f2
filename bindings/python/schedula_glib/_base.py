# _base.py: what the modules of the package share: the introspection module
# of the library (the overrides' own, not gi.repository.Schedula, which is
# what the overrides make of it), the overrides' export helper, the logging
# of the library's messages and the error domains.
#
# SPDX-License-Identifier: EUPL-1.2

import logging

from gi.module import get_introspection_module
from gi.repository import Gio, GLib

Schedula = get_introspection_module('Schedula')

# The module of the override classes (Dispatcher, Solution, Function, the
# wrappers): each says it in its body, for PyGObject makes no GType of a
# subclass of gi.overrides.* and its override() takes only those; the
# overrides export them there, as gi.repository.Schedula's.
OVERRIDES_MODULE = 'gi.overrides.Schedula'


def _as_solution(sol):
    """The library's solution as schedula's Solution: solution.py sets it
    (the modules that come before it call as_solution())."""
    return sol


def as_solution(sol):
    """The library's solution @sol (None stays None) as schedula's Solution,
    a dict of its values (see solution.Solution)."""
    return _as_solution(sol)


def empty_solution(dsp):
    """An empty Solution of @dsp: solution.py sets it."""
    raise NotImplementedError


def library_solution(sol):
    """The library's solution of a Solution (itself for one of the
    library's)."""
    return sol.__dict__.get('_py_solution') if isinstance(sol, dict) else sol


def exporter(names):
    """The _export(obj, name=None) of a module whose globals are @names: it
    binds @obj to @name there and lists it in the module's __all__, which
    the overrides gather into their own."""
    exported = names['__all__']

    def _export(obj, name=None):
        name = name or obj.__name__
        names[name] = obj
        exported.append(name)
        return obj

    return _export


# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

# What the library logs (failed nodes, verbose dispatches, warnings about
# typos) goes to Python's logging, logger 'schedula', as schedula logs them
# (log.error for a failed node, log.info for verbose), instead of GLib's
# handler on stderr. The records are those of the logger
# 'schedula.utils.sol', the name schedula's dispatch logs under, a child of
# 'schedula': handlers and levels set on 'schedula' apply.
log = logging.getLogger('schedula.utils.sol')
_LOG_LEVELS = (
    (GLib.LogLevelFlags.LEVEL_ERROR, logging.CRITICAL),
    (GLib.LogLevelFlags.LEVEL_CRITICAL, logging.CRITICAL),
    (GLib.LogLevelFlags.LEVEL_WARNING, logging.WARNING),
    (GLib.LogLevelFlags.LEVEL_MESSAGE, logging.ERROR),   # "Failed DISPATCHING ..."
    (GLib.LogLevelFlags.LEVEL_INFO, logging.INFO),       # verbose
    (GLib.LogLevelFlags.LEVEL_DEBUG, logging.DEBUG),
)


# A process executor that runs a function in this process (it cannot travel
# to a worker) says so with a message: a warning, not a failure
_IN_PROCESS = ' runs in this process, not in a worker: '


def _log_handler(domain, level, message, *user_data):
    for flag, python_level in _LOG_LEVELS:
        if level & flag:
            if flag == GLib.LogLevelFlags.LEVEL_MESSAGE and _IN_PROCESS in message:
                python_level = logging.WARNING
            log.log(python_level, '%s', message)
            return


GLib.log_set_handler('Schedula', GLib.LogLevelFlags.LEVEL_MASK | GLib.LogLevelFlags.FLAG_FATAL |
                     GLib.LogLevelFlags.FLAG_RECURSION, _log_handler, None)

# The library logs a failure that a dispatch records only when asked (a
# failure then formats nothing): schedula logs each one, so ask.
Schedula.set_log_failures(True)


# ---------------------------------------------------------------------------
# Error domains
# ---------------------------------------------------------------------------

_PYTHON_ERROR_DOMAIN = 'schedula-python-error-quark'
_DISPATCH_ERROR_DOMAIN = GLib.quark_to_string(Schedula.dispatch_error_quark())
_OUTPUT_MISMATCH = int(Schedula.DispatchError.OUTPUT_MISMATCH)
_CANCELLED = int(Gio.IOErrorEnum.CANCELLED)
_IO_ERROR_DOMAIN = GLib.quark_to_string(Gio.io_error_quark())
