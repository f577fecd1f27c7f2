# bench_util.py: what the Python benchmarks share (bench_python.py,
# bench_executors.py): the environment of a build directory and the numbers
# of the tables, as bench-util.c formats them for the C benchmarks
#
# SPDX-License-Identifier: EUPL-1.2

import math
import os

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_env(build_dir, env=None):
    """A copy of @env (default: this process's) in which the library and
    typelib of @build_dir and the overrides of this source tree come first
    in LD_LIBRARY_PATH, GI_TYPELIB_PATH and PYTHONPATH."""
    env = dict(os.environ if env is None else env)
    lib = os.path.join(os.path.abspath(build_dir), 'libschedula-glib')

    def prepend(var, value):
        env[var] = value + (os.pathsep + env[var] if env.get(var) else '')

    prepend('GI_TYPELIB_PATH', lib)
    prepend('LD_LIBRARY_PATH', lib)
    prepend('PYTHONPATH', os.path.join(SOURCE_DIR, 'bindings', 'python'))
    return env


# ---------------------------------------------------------------------------
# Numbers for the tables: the larger, the fewer decimals; '-' for none
# ---------------------------------------------------------------------------

def _missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def fmt_decimals(v, max_decimals):
    """0 decimals from 100 up, 1 from 10, 2 from 1, else 3, but at most
    @max_decimals (by the absolute value)."""
    if _missing(v):
        return '-'
    a = abs(v)
    decimals = 0 if a >= 100 else 1 if a >= 10 else 2 if a >= 1 else 3
    return '%.*f' % (min(decimals, max_decimals), v)


def fmt_num(v):
    """A non-negative figure: 0-3 decimals, below 0.01 two significant
    digits; '-' for none or a negative value."""
    if _missing(v) or v < 0:
        return '-'
    if v < 0.01:
        return '%.2g' % v
    return fmt_decimals(v, 3)


def fmt_ns_as_ms(ns):
    """Nanoseconds as milliseconds, as fmt_num()."""
    if ns is None or ns < 0:
        return '-'
    return fmt_num(ns / 1e6)


def fmt_ratio(v):
    """'12.3x'; '-' for none, infinity or a value <= 0."""
    if _missing(v) or v <= 0 or math.isinf(v):
        return '-'
    return fmt_decimals(v, 2) + 'x'


def fmt_s_as_ms(s):
    """Seconds as milliseconds with 0-3 decimals (0 is '0.000'); '-' for
    none or a negative value."""
    if _missing(s) or s < 0:
        return '-'
    return fmt_decimals(s * 1e3, 3)


def fmt_us(us):
    """Microseconds, of either sign, with 0-2 decimals."""
    return fmt_decimals(us, 2)
