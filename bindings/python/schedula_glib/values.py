# values.py: schedula's tokens (NONE, EMPTY, START, ...), node ids, the
# two-level distance inf, and the conversions of Python values to the
# library's GValues and back (with the value adapters of Python
# containers).
#
# SPDX-License-Identifier: EUPL-1.2

import ast
import collections
import collections.abc
import functools
import math
import operator
import re
import warnings

from gi.repository import GLib, GObject

from ._base import Schedula, _DISPATCH_ERROR_DOMAIN, as_solution, exporter
from .errors import _E_INVALID_INPUT, _glib_error

__all__ = []
_export = exporter(globals())


# ---------------------------------------------------------------------------
# Tokens, special ids and distances
# ---------------------------------------------------------------------------

class Token(str):
    """A marker, as schedula's: NONE ("no value"), EMPTY ("no default") and
    the special node ids START, SINK, END, SELF and PLOT. A token equals
    only itself and prints as its name ('start', 'none', ...); the special
    ids stand for the library's reserved ids ('$START', ...)."""

    def __new__(cls, value, c_id=None):
        self = str.__new__(cls, value)
        self._c_id = c_id
        return self

    def __repr__(self):
        return str.__str__(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __hash__(self):
        return id(self)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return getattr, (_Tokens, str.__str__(self).upper())


class _Tokens(object):
    """The module's tokens by name, for pickle."""


NONE = _export(Token('none'), 'NONE')
EMPTY = _export(Token('empty'), 'EMPTY')
_export(Token, 'Token')

# The library's special ids ('$START', ...) -> their tokens
_SPECIAL_IDS = {}
for _name in ('START', 'SINK', 'END', 'SELF', 'PLOT'):
    _SPECIAL_IDS[getattr(Schedula, _name)] = _export(
        Token(_name.lower(), getattr(Schedula, _name)), _name)
for _name in ('NONE', 'EMPTY', 'START', 'SINK', 'END', 'SELF', 'PLOT'):
    setattr(_Tokens, _name, globals()[_name])
_C_START = Schedula.START
_C_SELF = Schedula.SELF


# Ids that are not plain strings. The library's ids are strings; schedula's
# are any hashable. An int, a tuple, any other hashable, or a string the
# library could not keep as it is (one with a NUL, which would cut it, or
# one that starts with the mark) goes to the library as the mark followed by
# its repr(), and comes back as the object itself: 1 and '1' are two nodes,
# as in schedula. The objects are remembered by their library id; an id
# read from elsewhere (a model file) is rebuilt with ast.literal_eval when
# it is a literal. Two different objects with the same repr() are one node.
_ID_MARK = '\x1e'
_PYTHON_IDS = {}


def _id_in(node_id):
    """A node id as the library takes it: a string (the special tokens as
    the library's reserved ids, any other id as _ID_MARK + repr(id))."""
    if type(node_id) is str:
        if '\0' not in node_id and not node_id.startswith(_ID_MARK):
            return node_id
    elif isinstance(node_id, Token):
        return node_id._c_id if node_id._c_id is not None else str.__str__(node_id)
    elif isinstance(node_id, str):
        return _id_in(str.__str__(node_id))
    encoded = _ID_MARK + repr(node_id)
    if encoded not in _PYTHON_IDS:
        hash(node_id)  # a TypeError for an unhashable id, as schedula's dicts give
        _PYTHON_IDS[encoded] = node_id
    return encoded


def _id_out(node_id):
    """A node id the library gives back, as the binding shows it (the
    special ids as their tokens, the ids of _id_in() as their objects)."""
    if node_id[:1] == _ID_MARK:
        found = _PYTHON_IDS.get(node_id, _PYTHON_IDS)
        if found is not _PYTHON_IDS:
            return found
        try:
            found = ast.literal_eval(node_id[1:])
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return node_id
        _PYTHON_IDS[node_id] = found
        return found
    return _SPECIAL_IDS.get(node_id, node_id)


def _ids_out(node_ids):
    return [_id_out(i) for i in node_ids]


@functools.total_ordering
class inf(object):
    """A two-level distance, as schedula's `inf(inf, num)`: an immutable
    pair compared as (inf, num); a plain number x is inf(0, x). `+` and `-`
    with a number change `num` only; `*`, `/`, `//`, `%` and `**` with a
    number apply to both parts; with another inf every operation is
    componentwise, as are unary `-`, `+`, abs(), round(), math.trunc(),
    math.floor() and math.ceil()."""

    __slots__ = ('_inf', '_num')

    def __init__(self, inf=0, num=0):
        object.__setattr__(self, '_inf', inf)
        object.__setattr__(self, '_num', num)

    def __setattr__(self, name, value):
        raise AttributeError('inf is immutable')

    def __iter__(self):
        yield self._inf
        yield self._num

    def __reduce__(self):
        return inf, (self._inf, self._num)

    @staticmethod
    def format(value):
        if isinstance(value, inf):
            return value
        if isinstance(value, tuple):
            return inf(*value)
        return inf(0, value)

    def __repr__(self):
        if self._inf == 0:
            return str(self._num)
        return 'inf(inf={}, num={})'.format(self._inf, self._num)

    @staticmethod
    def _pair(other):
        """@other as a distance: a number x is (0, x)."""
        return tuple(other) if isinstance(other, inf) else (0, other)

    @staticmethod
    def _both(other):
        """@other as a factor: a number x is (x, x)."""
        return tuple(other) if isinstance(other, inf) else (other, other)

    def _apply(self, op, pair, reflected=False):
        if reflected:
            return inf(*(op(y, x) for x, y in zip(self, pair)))
        return inf(*(op(x, y) for x, y in zip(self, pair)))

    def __eq__(self, other):
        return tuple(self) == self._pair(other)

    def __lt__(self, other):
        return tuple(self) < self._pair(other)

    def __hash__(self):
        return hash(tuple(self)) if self._inf else hash(self._num)


def _inf_binary(op, scale, reflected=False):
    """An operator of inf: @scale picks how a plain number pairs up
    (inf._pair for + and -, inf._both for the others)."""
    def method(self, other):
        return self._apply(op, scale(other), reflected)
    return method


def _inf_unary(op):
    def method(self, *args):
        return inf(op(self._inf, *args), op(self._num, *args))
    return method


for _name, _op, _scale in (('add', operator.add, inf._pair),
                           ('sub', operator.sub, inf._pair),
                           ('mul', operator.mul, inf._both),
                           ('truediv', operator.truediv, inf._both),
                           ('floordiv', operator.floordiv, inf._both),
                           ('mod', operator.mod, inf._both),
                           ('pow', operator.pow, inf._both)):
    setattr(inf, '__%s__' % _name, _inf_binary(_op, _scale))
    setattr(inf, '__r%s__' % _name,
            _inf_binary(_op, _scale, _name not in ('add', 'mul')))
for _name, _op in (('neg', operator.neg), ('pos', operator.pos), ('abs', abs),
                   ('round', round), ('trunc', math.trunc), ('floor', math.floor),
                   ('ceil', math.ceil)):
    setattr(inf, '__%s__' % _name, _inf_unary(_op))
del _name, _op, _scale


_export(inf, 'inf')


def _to_distance(value):
    """A Python distance (number, inf, or (inf, num) pair) as a
    Schedula.Distance."""
    if value is None:
        return None
    if isinstance(value, Schedula.Distance):
        return value
    i, n = inf.format(value)
    return Schedula.Distance.new(float(i), float(n))


def _integral(x):
    return int(x) if float(x).is_integer() else x


def _from_distance(d, node_id=None):
    """A Schedula.Distance as schedula shows it: a float, or an inf. START
    not visited is at schedula's -1 (an int)."""
    if d.inf == 0:
        if node_id == _C_START and d.num == -1:
            return -1
        return d.num
    return inf(_integral(d.inf), d.num)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

_TYPE_TOKEN = Schedula.Token.__gtype__
_TYPE_VALUE_ARRAY = GObject.ValueArray.__gtype__
_TYPE_ERROR = GLib.Error.__gtype__
_TYPE_DICT = Schedula.Dict.__gtype__
_INT32_MIN = -2 ** 31
_INT32_MAX = 2 ** 31 - 1
_INT64_MIN = -2 ** 63
_INT64_MAX = 2 ** 63 - 1

# schedula's NONE, and NONE as a GValue for the binding's own use (the
# library copies the values it is given).
_NONE_TOKEN = Schedula.value_init_none()
_NONE_VALUE = GObject.Value(_TYPE_TOKEN, _NONE_TOKEN)


def to_value(x):
    """A Python value as a GObject.Value: ints as gint64 (or kept as Python
    objects when they do not fit), floats, strings and booleans as
    themselves, NONE as schedula's NONE, GObjects as themselves, anything
    else as the Python object itself (identity is kept)."""
    t = type(x)
    if t is int:
        if _INT64_MIN <= x <= _INT64_MAX:
            return GObject.Value(GObject.TYPE_INT64, x)
        return GObject.Value(GObject.TYPE_PYOBJECT, x)
    if t is float:
        return GObject.Value(GObject.TYPE_DOUBLE, x)
    if t is str:
        return GObject.Value(GObject.TYPE_STRING, x)
    if t is bool:
        return GObject.Value(GObject.TYPE_BOOLEAN, x)
    if x is NONE:
        return GObject.Value(_TYPE_TOKEN, _NONE_TOKEN)
    if isinstance(x, GObject.Value):
        return x
    if isinstance(x, GObject.Object):
        return GObject.Value(type(x).__gtype__, x)
    if isinstance(x, Schedula.Dict):
        return GObject.Value(_TYPE_DICT, x)
    return GObject.Value(GObject.TYPE_PYOBJECT, x)


# What PyGObject gives for the library's values that are not schedula's
# Python values: the NONE token, Dicts (schedula's dicts) and lists (the
# GValueArrays of the library, schedula's lists and tuples, whose items may
# be any of these).
_CONVERTED = frozenset((Schedula.Token, Schedula.Dict, list, GObject.Value))


def from_value(v):
    """A value the library gives back (already unboxed by PyGObject) as
    schedula's Python value: NONE for the token, a dict for a Dict, a list
    (the library's sequences; a Python list stored in a value comes back as
    itself) with its items converted, and a Solution as schedula's."""
    t = type(v)
    if t is Schedula.Token:
        return NONE
    if t is Schedula.Dict:
        return _from_dict(v)
    if t is list:
        return _from_list(v)
    if isinstance(v, GObject.Value):
        return from_value(v.get_value())
    if isinstance(v, Schedula.Solution):
        return as_solution(v)
    return v


def _from_dict(d):
    get_key, get_value = d.get_key, d.get_value
    return {_id_out(get_key(i)): from_value(get_value(i)) for i in range(d.get_size())}


def _from_list(v):
    """A list with its items converted; the list itself (its identity kept:
    it may be a Python list stored in a value) when none needs it."""
    if _CONVERTED.isdisjoint(map(type, v)):
        return v
    out = [from_value(x) for x in v]
    for new, old in zip(out, v):
        if new is not old:
            return out
    return v


_export(to_value, 'to_value')
_export(from_value, 'from_value')


def value_decode(encoded):
    """A value that came from another process (Schedula.value_encode()), as
    schedula's Python value. The value goes into a call in C and is read
    from there: PyGObject 3.42 frees a dict or a sequence of the library
    that an out GValue holds before Python reads it."""
    call = Schedula.Call.new()
    Schedula.Call.decode_inputs(call, GLib.Variant.new_array(GLib.VariantType.new('(sv)'), [encoded]), 0)
    return from_value(call.get_input(0))


_export(value_decode)


def _returned(x):
    """What a trampoline returns for one output: what PyGObject converts to
    the right GValue by itself, or a prepared GObject.Value."""
    t = type(x)
    if t is int:
        if _INT32_MIN <= x <= _INT32_MAX:
            return x
        return to_value(x)
    if t is float or t is str or t is bool:
        return x
    if x is NONE:
        return _NONE_VALUE
    if isinstance(x, GObject.Object):
        return x
    return to_value(x)


def _inputs_table(inputs):
    """dispatch()'s inputs: a mapping id -> value, or (as schedula takes it
    with no_call) an iterable of ids, which get NONE."""
    if inputs is None:
        return None
    if isinstance(inputs, collections.abc.Mapping):
        return {_id_in(k): to_value(v) for k, v in inputs.items()}
    return {_id_in(k): _NONE_VALUE for k in inputs}


# ---------------------------------------------------------------------------
# Python containers in the library (value adapters)
# ---------------------------------------------------------------------------

# The library's sequences are GValueArrays, which GLib deprecates: their
# constructor and append() warn, for this module only.
warnings.filterwarnings('ignore', message=r'GObject\.ValueArray\.', category=DeprecationWarning,
                        module=re.escape(__name__))


def _dict_of(mapping):
    """A Python mapping as a Schedula.Dict (keys as node ids)."""
    d = Schedula.Dict.new()
    insert = d.insert
    for k, v in mapping.items():
        insert(_id_in(k), to_value(v))
    return d


def _sequence_of(items):
    """A Python sequence as a GObject.ValueArray."""
    items = list(items)
    array = GObject.ValueArray.new(len(items))
    append = array.append
    for x in items:
        append(to_value(x))
    return array


def _adapt_python(value, shape, *user_data):
    """The value adapter of Python objects (GObject.TYPE_PYOBJECT): a
    mapping is a dict of the library, any other iterable but a string a
    sequence."""
    try:
        if shape == Schedula.ValueShape.DICT:
            if isinstance(value, collections.abc.Mapping):
                return True, _dict_of(value)
            what = 'mapping'
        else:
            if isinstance(value, collections.abc.Iterable) and \
                    not isinstance(value, (str, bytes, bytearray, collections.abc.Mapping)):
                return True, _sequence_of(value)
            what = 'sequence'
    except GLib.Error:
        raise
    except Exception as exc:
        # the exception itself reaches the caller (see _python_exception)
        raise _glib_error(exc) from None
    raise GLib.Error('%r object is not a %s' % (type(value).__name__, what),
                     _DISPATCH_ERROR_DOMAIN, _E_INVALID_INPUT)


def _adapt_solution(value, shape, *user_data):
    """The value adapter of solutions: schedula's Solution is a dict."""
    if shape != Schedula.ValueShape.DICT:
        raise GLib.Error('a Solution is not a sequence', _DISPATCH_ERROR_DOMAIN,
                         _E_INVALID_INPUT)
    d = Schedula.Dict.new()
    lookup = Schedula.Solution.lookup_extended
    for k in value.get_ids():
        d.insert(k, to_value(lookup(value, k)[1]))
    return True, d


Schedula.value_register_adapter(GObject.TYPE_PYOBJECT, _adapt_python)
Schedula.value_register_adapter(Schedula.Solution.__gtype__, _adapt_solution)
