# conftest.py: shared pieces of the pytest suite of the Python binding
#
# The suite uses schedula's keyword API (the PyGObject overrides in
# bindings/python) as a schedula user would. Tests marked `gi` check what
# only the binding has: GLib errors, Gio cancellables, the library's types.
#
# SPDX-License-Identifier: EUPL-1.2

import math

import gi
import pytest

gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line('markers', 'gi: checks what only the GObject binding has')
    # The library's sequences are GValueArrays, which GLib deprecates; the
    # overrides make them (and silence the warning, which pytest would show)
    config.addinivalue_line('filterwarnings',
                            r'ignore:GObject\.ValueArray\.:DeprecationWarning')


def inc(x):
    return x + 1


def double(x):
    return x * 2


def fail(*args):
    raise ValueError('fail')


def log(x):
    return math.log(x)


def diff(a, b):
    return b - a


@pytest.fixture
def chain():
    """a -> inc -> b -> double -> c, and b also from a by double (weight 5)."""
    dsp = sh.Dispatcher(name='chain')
    dsp.add_function('inc', inc, ['a'], ['b'])
    dsp.add_function('double', double, ['b'], ['c'])
    dsp.add_function('slow', double, ['a'], ['b'], weight=5)
    return dsp


@pytest.fixture
def documented():
    """schedula's documented example: c = b - a, d = log(c) with the domain
    c > 0, b with the default 1, d with the default 4 and mean of its
    estimations."""
    dsp = sh.Dispatcher(name='Dispatcher')
    dsp.add_data('b', default_value=1)
    dsp.add_function('diff_function', diff, ['a', 'b'], ['c'])
    dsp.add_function('log', log, ['c'], ['d'], input_domain=lambda c: c > 0)
    dsp.add_data('d', default_value=4, wait_inputs=True,
                 function=lambda kw: sum(kw.values()) / len(kw))
    return dsp


@pytest.fixture
def nested():
    """A parent with a sub-dispatcher s: parent a -> child x; child f = x + 1
    -> y; child y -> parent b."""
    sub = sh.Dispatcher(name='child')
    sub.add_function('f', inc, ['x'], ['y'])
    dsp = sh.Dispatcher(name='parent')
    dsp.add_dispatcher(sub, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='s')
    return dsp
