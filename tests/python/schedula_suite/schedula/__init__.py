# schedula: an alias of the libschedula-glib Python binding under
# schedula's module names, for running schedula's own tests and docstring
# examples unchanged (tests/python/schedula_suite/run).
#
# It only maps names: schedula.X and schedula.utils.<module>.X are the
# binding's gi.repository.Schedula.X. Nothing here reimplements behaviour;
# a name the binding lacks is simply absent, so the test that needs it
# fails and the runner reports it.
#
# SPDX-License-Identifier: EUPL-1.2

import sys
import types

import gi

gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as _binding  # noqa: E402

# schedula's modules, by the names its tests import them with.
_SUBMODULES = (
    'dispatcher', 'utils', 'utils.alg', 'utils.asy', 'utils.base', 'utils.blue', 'utils.cst',
    'utils.des', 'utils.drw', 'utils.dsp', 'utils.exc', 'utils.gen', 'utils.graph',
    'utils.imp', 'utils.io', 'utils.sol', 'utils.web',
)

__all__ = [name for name in dir(_binding) if not name.startswith('_')]


def _publish(module):
    for name in __all__:
        setattr(module, name, getattr(_binding, name))


_publish(sys.modules[__name__])

for _path in _SUBMODULES:
    _full = __name__ + '.' + _path
    _module = types.ModuleType(_full, 'alias of the libschedula-glib binding (%s)' % _full)
    _module.__all__ = __all__
    _publish(_module)
    sys.modules[_full] = _module
    _parent, _, _child = _full.rpartition('.')
    setattr(sys.modules[_parent], _child, _module)
