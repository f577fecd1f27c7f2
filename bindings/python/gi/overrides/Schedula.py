# Schedula.py: PyGObject overrides for libschedula-glib
#
# schedula's Python API over the C library: keyword methods that return node
# ids, plain Python functions as node functions, and a Solution that is a
# read-only ordered mapping. The overrides only adapt arguments and results;
# the algorithm runs in C.
#
# The code lives in the package schedula_glib (next to the gi package,
# installed or in bindings/python), one module per concern; this module
# imports them in order and exports their public names (each module's
# __all__) as gi.repository.Schedula's. The override classes (Dispatcher,
# Solution, Function, the wrappers) are this module's (their __module__) and
# get PyGObject's override() where they are defined: before any object of
# the library is wrapped with the class of the introspection module (the
# helpers make Functions when imported).
#
# SPDX-License-Identifier: EUPL-1.2

import types

from schedula_glib import (_base, errors, values, functions, executors, model, solution,
                           helpers, wrappers, blueprints)
# The optional features: each module is empty when the library lacks its
# feature (Schedula.PlotMap, Schedula.FunctionRegistry, Schedula.WebServer).
from schedula_glib import plot, io as _io, web

Schedula = _base.Schedula

__all__ = []

# The public classes and functions say they are this module's, as when the
# overrides were one module: their reprs and tracebacks, their pickles and
# the python:MODULE:QUALNAME references of model files name them here.
for _module in (values, errors, functions, model, solution, helpers, wrappers, blueprints,
                executors, plot, _io, web):
    for _name in _module.__all__:
        _obj = globals()[_name] = getattr(_module, _name)
        if isinstance(_obj, (type, types.FunctionType)) and _obj.__module__ == _module.__name__:
            _obj.__module__ = __name__
    __all__ += _module.__all__
del _module, _name, _obj

# What pickles name besides: the tokens' namespace (NONE, START, ...) and
# the unpickler of the classes and functions of a script's __main__
_Tokens = values._Tokens
_main_object = executors._main_object
_Tokens.__module__ = _main_object.__module__ = __name__
