#!/usr/bin/python3
# conformance.py: schedula's recorded examples through the Python API
#
# Replays every example of examples.json (recorded from schedula 1.5.78; the
# format is described in SEMANTICS.md section 0): builds each model with the
# keyword API, runs the action, records what the library produced in the
# shape the reference recorded, and compares the two: dicts by the keys the
# example records, lists in order, scalars with their type (2 is not 2.0).
#
# The runner is written against schedula's own API. Everything that belongs
# to libschedula-glib is in the ADAPTER section below: the import, the
# examples that do not apply (each with its reason), and the documented
# differences of form. For schedula itself, the adapter is the one line
# `import schedula as sh` with empty tables.
#
# Area 6 (executors, action "async") runs each example with its executor and
# compares the solution (sorted by id), the errors, the exception of
# result() and the names shutdown_executors() returns after it. The library
# gives the synchronous solution whatever the executor: where schedula's
# asynchronous result differs from its synchronous one (ASYNC_BY_DESIGN), the
# example is compared with schedula's synchronous result and the output
# says so. Every example of area 6 also runs under the executors it does not
# name, and must give exactly what the synchronous dispatch gives.
#
# Area 7: the io examples save the model to a file and load it back with
# save_dispatcher()/load_dispatcher(), save_default_values()/
# load_default_values() and save_map()/load_map(), then dispatch again. The
# plot examples call plot(view=False) of the model or of the solution and
# read each folder of the SiteMap it returns back from its DOT text (see
# plot_folder() in the adapter); a plot has no more style attributes and
# rows than schedula's, not only the same ones. The rows started and
# duration are not drawn by design: they are taken out of the recorded
# tables and the output says where (DIFFERENCE). The web examples serve the
# model with dsp.web(run=False).site(host='127.0.0.1', port=0).run() and
# POST each request over HTTP with urllib (run_reference.py uses Flask's
# test client: the same requests); the library's answers that differ from
# schedula's by design are read back as schedula's (see adapt_web_response()
# in the adapter) and the output says which (DIFFERENCE).
#
# Usage: conformance.py [EXAMPLES.json] [-v] [-k SUBSTRING]
#
# Prints a FAIL block per failing example, a SKIP line per skipped one, a
# DIFFERENCE block per documented difference, KNOWN GAP and NOTE lines, an
# "area 6: ..." summary, and ends with "N passed, N failed, N skipped";
# exits 1 if anything failed.
#
# SPDX-License-Identifier: EUPL-1.2

import ast
import collections
import collections.abc
import functools
import json
import math
import operator
import os
import re
import sys
import threading

# ===========================================================================
# ADAPTER: libschedula-glib
# ===========================================================================

import gi

gi.require_version('Schedula', '1.0')
from gi.repository import GLib  # noqa: E402
from gi.repository import Schedula as sh  # noqa: E402  (schedula: import schedula as sh)

# The library logs each recorded failure as a message, as schedula logs an
# error; run_reference.py silences schedula's logging, this silences the
# library's. It counts the message of a process executor that runs a
# function in this process (see IN_PROCESS_NOTE).
IN_PROCESS = re.compile(r' runs in this process, not in a worker')
IN_PROCESS_COUNT = [0]


def _log_message(domain, level, message, *user_data):
    if IN_PROCESS.search(message):
        IN_PROCESS_COUNT[0] += 1


GLib.log_set_handler('Schedula', GLib.LogLevelFlags.LEVEL_MESSAGE, _log_message)

# What a skipped example uses that this version does not have. The web API
# of area 7 of SEMANTICS.md and the parallel-dispatch executor need a build
# with the features (web, model files); the other skips are Python
# constructs without a counterpart here, and reference bugs the library
# does not reproduce.
LATER = 'area %d (a later issue): %s'
LATER_EXECUTORS = {} if hasattr(sh, 'FunctionRegistry') else {
    'parallel-dispatch': 'the parallel-dispatch executor needs model files (the io feature), '
                         'which this build lacks',
}
REFERENCE_BUGS = {
    '5.31 ': 'reference bug (SEMANTICS.md 5.2): schedula runs a SubDispatchFunction made '
             'with inputs_dist as no_call and returns NONE; the library dispatches it '
             '(f(1, 2) is 3, with the input distances given), docs/semantics.md, '
             '"Python binding"',
}
MODEL_OP_SKIPS = {
}
TUPLE_KEY_SKIP = ('a tuple as a key of an add_dispatcher() mapping is several parent ids, '
                  'here as in schedula, whose default input weights (0) are keyed by the '
                  'tuple, which is no edge: its edges from d and d1 have no weight (1), the '
                  'library\'s the input weight 0 of every mapped parent; and schedula fails '
                  'with KeyError when it dispatches such a model (a reference quirk: '
                  'docs/semantics.md, "Ids are strings")')
# Library gaps found by this runner (none at present): example name prefix
# -> what the library lacks; reported as "library gap: ...".
LIBRARY_GAPS = {
}


def adapter_skip(example):
    """Why an example does not apply to this library, or None."""
    for prefix, reason in LIBRARY_GAPS.items():
        if example['name'].startswith(prefix):
            return 'library gap: ' + reason
    for prefix, reason in REFERENCE_BUGS.items():
        if example['name'].startswith(prefix):
            return reason
    later = _later_feature(example)
    if later is not None:
        return LATER % later
    later = later_executor(example)
    if later is not None:
        return later
    op = example.get('op')
    if example.get('action') == 'model_op' and op['name'] in MODEL_OP_SKIPS:
        return MODEL_OP_SKIPS[op['name']]
    if _has_tuple_mapping_keys(example.get('model', {})):
        return TUPLE_KEY_SKIP
    return None


def later_executor(example):
    """Why the executor of an area 6 example is not there yet, or None."""
    if example.get('action') == 'async':
        return LATER_EXECUTORS.get(example.get('dispatch', {}).get('executor'))
    return None


def _later_feature(example):
    """(area, feature) of area 7 that an example uses and this build does
    not have, or None: model files, plots and the web API are optional
    parts of the library."""
    action = example.get('action', 'dispatch')
    if action == 'io' and not hasattr(sh, 'save_dispatcher'):
        return 7, 'save_%s()/load_%s(): the library was built without model files' % (
            (example.get('io', 'dispatcher'),) * 2)
    if action == 'plot' and not sh.HAS_PLOT:
        return 7, 'plot(): the library was built without plots'
    if action == 'web' and not hasattr(sh, 'WebMap'):
        return 7, 'web(): the library was built without the web API'
    return None


def _has_tuple_mapping_keys(model):
    for op in model.get('ops', ()):
        if op['op'] != 'dispatcher':
            continue
        for side in ('inputs', 'outputs'):
            mapping = op.get(side)
            if isinstance(mapping, dict) and 'pairs' in mapping:
                if any(isinstance(k, list) for k, _ in mapping['pairs']):
                    return True
        if _has_tuple_mapping_keys(op['dsp']):
            return True
    return False


# Messages of failures the library detects itself, where schedula's text is a
# Python exception raised by its own code: (pattern of the library's message,
# schedula's text). Applied to the recorded errors and exceptions.
MESSAGE_DIFFERENCES = [
    # docs/semantics.md, "Errors": the library reports its own errors where
    # schedula raises a Python exception. A data node that waits for its
    # inputs without a combiner fails with a message naming the node;
    # schedula fails reading the missing attribute: KeyError('function')
    # (tests/conformance.c maps it the same way).
    (re.compile(r"data node \S+ waits for its inputs but has no combiner function"),
     "KeyError('function')"),
    # docs/semantics.md, "Errors": contradictory paths fail the dispatch with
    # a message that names the node; schedula's text names none.
    (re.compile(r"^Contradictory paths found: .*$", re.S),
     'Contradictory paths found: negative weights?'),
]


def adapt_message(text):
    """A message of the library as schedula writes it (see
    MESSAGE_DIFFERENCES)."""
    for pattern, replacement in MESSAGE_DIFFERENCES:
        text = pattern.sub(lambda m: replacement, text)
    return text


# Area 6 (executors). The library's executors give the synchronous solution
# whatever the executor (values, distances, workflow, errors): where
# schedula's asynchronous result differs from its synchronous one, an
# example is compared with the example that records schedula's synchronous
# result of the same model (its solution, errors and exception):
# example name prefix -> (that example's name prefix, the reason).
ASYNC_BY_DESIGN = {
    '6.04 ': ('6.05 ',
              "by design, the library's executors give the synchronous solution: schedula's "
              "asynchronous dispatch goes on as if f1 succeeded, so the failure of f1 loses the "
              "alternative path through f2 (and what follows it) unless f1 has await_result; "
              "synchronously (as example 6.05 records it: the same model with await_result on "
              "f1, which SEMANTICS.md 6.2 says fails as in synchronous mode) the failure is "
              "recorded and f2 computes c, so result() raises nothing: it raises a failure "
              "that left an output without a value, as schedula's does then"),
    '6.09 ': ('6.10 ',
              "by design, the library's executors give the synchronous solution: schedula's "
              "asynchronous dispatch checks for NONE on the future, so the NONE output b stays in "
              "the solution as NONE; synchronously (example 6.10, the same model) it is left out"),
}
# Recorded fields of the async action that do not apply: field -> reason.
ASYNC_FIELD_SKIPS = {
    'futures_before_result': "until result(), a dispatch with an executor reads "
                             "as a Future per node a no_call dispatch reaches, which does not "
                             "know that a data node with await_result and a NONE value is left "
                             "out (6.07), and 'sync' gives the complete solution at once (6.08)",
}
# Executor names that make no executor, so shutdown_executors() does not
# name them: name -> reason. None: 'sync' is an executor, listed as in
# schedula.
NO_EXECUTOR_NAMES = {
}
IN_PROCESS_NOTE = ('functions that cannot travel to a worker ran in this process under parallel '
                   'and parallel-pool (the library\'s "runs in this process" message, once per '
                   'node): expected')
# Checks of this runner that the library fails at present (beyond the
# recorded examples: the meaning of dispatch(executor=True) and
# executor=False on a Dispatcher with an executor, SEMANTICS.md 6.1): check
# ('executor=True', 'executor=False') -> what is wrong. Reported as KNOWN
# GAP, not failed; none at present.
KNOWN_GAPS = {
}


def result(sol):
    """schedula's sol.result(): what a dispatch with an executor returns
    waits for the solution (a Solution returns itself); without result(),
    dispatch() returned the complete solution."""
    return sol.result() if hasattr(sol, 'result') else sol


def shutdown_names():
    """The names of the executors shutdown_executors() shut down, sorted
    (schedula returns a dict by name)."""
    return sorted(sh.shutdown_executors())


# Area 7.1, model files. schedula's files are dill pickles that hold the
# functions; the library's name a function that cannot be imported (the
# catalogue's: renamed, defined in this script) by its name, and the process
# that loads the file finds it in a registry (docs/model-files.md), here the
# default one that load_dispatcher() and load_map() use.
def register_functions(functions):
    """Makes the functions (name -> callable) known to load_dispatcher()
    and load_map()."""
    registry = sh.FunctionRegistry.get_default()
    for name, func in functions.items():
        registry.add(name, sh.function(func))


def dispatcher_with_graph(dsp):
    """schedula's Dispatcher(dmap=dsp.dmap): a dispatcher with the graph of
    @dsp. The binding cannot adopt a graph; a copy has the same one, and its
    defaults are of no account: load_default_values() gives it those of the
    file and only those."""
    return dsp.copy()


# Area 7.2, plots. A page of the library's plot (SiteFolder) is read back
# from its DOT text, as run_reference.py reads schedula's folders (with
# their nodes' style() and render_funcs()): per node its id, its style
# (shape, fillcolor, color, style, and the label of a special node) and the
# names of the rows of its table; then the edges, a special node named by
# its label, as schedula names START 'start'. The special nodes are drawn
# with their label alone, as schedula draws them, and the reference records
# the rows of their table all the same: those are read from the hover data
# of the HTML view, which needs graphviz (sh.HAS_GRAPHVIZ).
PLOT_STYLE_KEYS = ('shape', 'fillcolor', 'color', 'style')
# The rows the HTML view shows on hover that schedula's tables do not have
# (docs/plots.md, "not schedula's"), off in a plot's tables by default.
HOVER_ONLY_ROWS = ('output',)
# Rows of schedula's tables that the library does not draw, by design: they
# are taken out of the recorded tables, and the output says where.
PLOT_ROWS_BY_DESIGN = ('started', 'duration')
PLOT_ROWS_REASON = ('by design (docs/plots.md, "What differs from schedula"), the rows started '
                    'and duration of the function nodes of a workflow are not drawn: a Solution '
                    'does not record when a node ran or for how long (a Schedula.Progress given '
                    'to the dispatch reports it per node), so the plot of a solution has no such '
                    'rows')
NO_HOVER_NOTE = ('the rows of the special nodes (START, SINK, END, ...) are not compared: they '
                 'are drawn with their label alone, and the HTML view, which shows their rows, '
                 'needs graphviz, which this build does not have')
DOT_STATEMENT = re.compile(r'^\s*(\w+)(?: -> (\w+))? \[(.*)\];$')
DOT_ATTRIBUTE = re.compile(r'\s*(\w+)=("(?:[^"\\]|\\.)*"|<(?:[^<>]|<[^<>]*>)*>|[^,\]]*),?')
DOT_KEY_CELL = re.compile(r'<TD ALIGN="RIGHT" BORDER="1">(.*?)</TD>')
HOVER_DATA = re.compile(r'<script type="application/json" id="sch-data">(.*?)</script>', re.S)
# Whether the rows of the special nodes can be read: the build has graphviz
SPECIAL_NODE_ROWS = sh.HAS_GRAPHVIZ


def plot_hover(sitemap):
    """The hover data of the HTML view of a plot, by page, or None when the
    library has no graphviz to render it."""
    if not SPECIAL_NODE_ROWS:
        return None
    return json.loads(HOVER_DATA.search(sitemap.to_html()).group(1))['pages']


def _dot_text(value):
    """A DOT attribute's text: a quoted string unquoted, a cell of an
    HTML-like label unescaped."""
    if value.startswith('"'):
        return re.sub(r'\\(.)', r'\1', value[1:-1])
    for written, text in (('<BR/>', '\n'), ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"'),
                          ('\\\\', '\\'), ('&amp;', '&')):
        value = value.replace(written, text)
    return value


def plot_folder(folder, hover):
    """What run_reference.py records of a folder (its name, label, nodes
    and edges), from its DOT text and @hover (plot_hover())."""
    ids = folder.page.dup_node_ids()
    hover_nodes = hover[folder.page.get_position()]['nodes'] if hover is not None else None
    nodes = {}
    names = list(ids)    # by position: what an edge calls the node
    edges = []
    for line in folder.dot().splitlines():
        m = DOT_STATEMENT.match(line)
        if m is None or m.group(1) in ('graph', 'node', 'edge'):
            continue
        position = [int(name.rpartition('n')[2]) for name in m.group(1, 2) if name]
        if m.group(2):
            edges.append([names[position[0]], names[position[1]]])
            continue
        k = position[0]
        attrs = dict(DOT_ATTRIBUTE.findall(m.group(3)))
        item = {'id': ids[k]}
        item.update((key, _dot_text(attrs[key])) for key in PLOT_STYLE_KEYS if key in attrs)
        label = attrs.get('label', '')
        if label.startswith('<'):
            rows = [_dot_text(key) for key in DOT_KEY_CELL.findall(label)]
        else:
            item['label'] = names[k] = _dot_text(label)
            if hover_nodes is not None and hover_nodes[k]['id'] != ids[k]:
                raise ValueError('node %d of the hover data is %r, not %r'
                                 % (k, hover_nodes[k]['id'], ids[k]))
            rows = [key for key, value in (hover_nodes[k]['rows'] if hover_nodes else ())
                    if key not in HOVER_ONLY_ROWS]
        if rows:
            item['rows'] = rows
        nodes[k] = item
    missing = [ids[k] for k in range(len(ids)) if k not in nodes]
    if missing:
        raise ValueError('page %s: nodes not in the DOT text: %s' % (folder.name, missing))
    return {'name': folder.name, 'label': folder.label_name,
            'nodes': [nodes[k] for k in range(len(ids))], 'edges': edges}


# Area 7.3, the web API. The library's answers that differ from schedula's
# by design, read back as schedula's: name -> (the reason, what the
# library answers). adapt_web_response() applies them.
WEB_DIFFERENCES = {
    'not-found': ('by design (docs/web.md, "Errors and statuses"), a path without an endpoint '
                  'gets a JSON body naming it, {"error": ..., "field": "path"}, where schedula '
                  'sends Flask\'s HTML page (no JSON)'),
    'exception-repr': ('by design (docs/semantics.md, "Errors"), the "error" of a Python '
                       'function that raised is its exception as the library records it, '
                       'repr() (ValueError(\'fail\')), where schedula\'s handler sends str() '
                       '(fail)'),
    'traceback': ('the "error" of a Python function that raised has its traceback after the '
                  'message, as the library records it; schedula sends the message alone'),
    'dispatcher-error': ('by design (docs/web.md, "Errors and statuses"), the "error" of a '
                         'dispatch that raises is the formatted message, "Failed DISPATCHING '
                         '\'bad\' due to: ...", where schedula sends str() of its '
                         'DispatcherError, the tuple of its arguments (a reference quirk)'),
}
WEB_TRACEBACK = '\nTraceback (most recent call last):'
WEB_FAILURE = re.compile(r"\A(Failed (?:DISPATCHING|CALLBACK|SUB-DSP DOMAIN) )'(.*)' due to:\n  "
                         r"(.*)\Z", re.S)
WEB_EXCEPTION = re.compile(r'\A[A-Za-z_][A-Za-z0-9_.]*\((.*)\)\Z', re.S)


def adapt_web_response(response):
    """@response ({"status", "json"}) as schedula would have answered it,
    changed in place; returns the names of WEB_DIFFERENCES it used."""
    used = []
    body = response['json']
    if response['status'] == 404 and isinstance(body, dict) and body.get('field') == 'path':
        response['json'] = None
        return ['not-found']
    if response['status'] != 200 or not isinstance(body, dict) or \
            not isinstance(body.get('error'), str):
        return used
    text = body['error']
    if WEB_TRACEBACK in text:
        text = text[:text.index(WEB_TRACEBACK)]
        used.append('traceback')
    m = WEB_FAILURE.match(text)
    if m is not None:
        # schedula's DispatcherError: str() of (format, node id, exception)
        text = '(%r, %r, %s)' % (m.group(1) + "'%s' due to:\n  %r", m.group(2), m.group(3))
        used.append('dispatcher-error')
    else:
        m = WEB_EXCEPTION.match(text)
        try:
            argument = ast.literal_eval(m.group(1)) if m is not None else None
        except (ValueError, SyntaxError):
            argument = None
        if isinstance(argument, str):
            text = argument
            used.append('exception-repr')
    body['error'] = text
    return used


def adapt_printed(text):
    """repr() of a Solution as schedula prints it: objects of the library show
    their own class name where schedula shows its Python class."""
    return text.replace('<Schedula.Dispatcher object at 0x?>',
                        '<schedula.dispatcher.Dispatcher object at 0x?>')


# ===========================================================================
# End of the adapter
# ===========================================================================

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN_NAMES = ('START', 'SINK', 'END', 'SELF', 'PLOT', 'EMPTY', 'NONE')


def token(name):
    return getattr(sh, name)


def token_name(x):
    """The name of a schedula token (START, NONE, ...), or None."""
    if isinstance(x, str) and type(x) is not str:
        for name in TOKEN_NAMES:
            if x is token(name):
                return name
    return None


def is_solution(x):
    return isinstance(x, collections.abc.Mapping) and hasattr(x, 'workflow') and hasattr(x, 'dist')


# ---------------------------------------------------------------------------
# The function catalogue (SEMANTICS.md 0.3)
# ---------------------------------------------------------------------------

CATALOGUE = {}
CALLBACK_LOG = []


def catalogue(name):
    def register(f):
        f.__name__ = f.__qualname__ = name
        CATALOGUE[name] = f
        return f
    return register


def _fold_add(*args):
    total = args[0]
    for x in args[1:]:
        total = total + x
    return total


catalogue('add')(_fold_add)
catalogue('sub')(lambda a, b: a - b)
catalogue('mul')(lambda a, b: a * b)
catalogue('div')(lambda a, b: a / b)
catalogue('min')(lambda *args: min(*args))
catalogue('max')(lambda *args: max(*args))
catalogue('log')(lambda x: math.log(x))
catalogue('log_diff')(lambda a, b: math.log(b - a))
catalogue('log_dec')(lambda x: math.log(x - 1))
catalogue('pow')(lambda x, y: math.pow(x, y))
catalogue('identity')(lambda *args: args[0] if len(args) == 1 else args)
catalogue('inc')(lambda x: x + 1)
catalogue('dec')(lambda x: x - 1)
catalogue('double')(lambda x: x * 2)
catalogue('half')(lambda x: x / 2)
catalogue('neg')(lambda x: -x)
catalogue('inv_shift')(lambda d: 2 / (d + 1))
catalogue('sub4')(lambda a: a - 4)
catalogue('split')(lambda x: (x + 1, x - 1))
catalogue('sum_diff')(lambda a, b: (a + b, a - b))
catalogue('one')(lambda: 1)
catalogue('three_five')(lambda *args: (3, 5))
catalogue('none')(lambda *args: sh.NONE)
catalogue('none_and_inc')(lambda x: (sh.NONE, x + 1))
catalogue('count_args')(lambda *args: len(args))
catalogue('to_none')(lambda x: sh.NONE)


@catalogue('fail')
def _fail(*args):
    raise ValueError('fail')


@catalogue('sig_f')
def _sig_f(a, b, c, d=3, m=5):
    return (a + b) - c + d - m


@catalogue('sig_g')
def _sig_g(a, b, c, *args, d=0):
    return (a + b) * c + d


# Input domains of function nodes: the function's positional arguments.
catalogue('gt0')(lambda *args: all(x > 0 for x in args))
catalogue('gt1')(lambda x: x > 1)
catalogue('lt')(lambda a, b: a < b)
catalogue('ne_neg1')(lambda d: d != -1)
catalogue('not_both_zero')(lambda x, y: not x == y == 0)
catalogue('always_true')(lambda *args: True)
catalogue('always_false')(lambda *args: False)


@catalogue('dom_fail')
def _dom_fail(*args):
    raise ValueError('domain failed')


# Input domains of sub-dispatcher nodes: one dict, parent id -> value.
catalogue('dict_b_truthy')(lambda kw: kw['b'])
catalogue('dict_de_gt29')(lambda kw: 'e' in kw and 'd' in kw and kw['e'] + kw['d'] > 29)
catalogue('dict_true')(lambda kw: True)
catalogue('dict_has_two')(lambda kw: len(kw) >= 2)

# Combiners of data nodes: one dict, estimating node -> value.
catalogue('mean_est')(lambda kw: sum(kw.values()) / len(kw))
catalogue('min_est')(lambda kw: min(kw.values()))
catalogue('sum_est')(lambda kw: sum(kw.values()))
catalogue('items_est')(lambda kw: sorted([str(k), v] for k, v in kw.items()))
catalogue('inv_first_est')(lambda kw: 1 / next(iter(kw.values())))


@catalogue('record')
def _record(x):
    CALLBACK_LOG.append(x)


@catalogue('callback_fail')
def _callback_fail(x):
    CALLBACK_LOG.append(x)
    raise ValueError('callback failed')


# raises policy
catalogue('raise_unless_value_or_key_error')(
    lambda ex: not isinstance(ex, (ValueError, KeyError)))


# ---------------------------------------------------------------------------
# JSON <-> Python (SEMANTICS.md 0.1)
# ---------------------------------------------------------------------------

def decode_id(k):
    """A node id or dict key of the JSON description."""
    if isinstance(k, list):
        return tuple(decode_id(i) for i in k)
    if isinstance(k, str) and k.startswith('$'):
        if k[1:] in TOKEN_NAMES:
            return token(k[1:])
        if k.startswith('$int:'):
            return int(k[len('$int:'):])
        if k.startswith('$tuple:'):
            return tuple(decode(i) for i in json.loads(k[len('$tuple:'):]))
    return k


def decode_ids(ids):
    return None if ids is None else [decode_id(i) for i in ids]


def decode(v):
    """A value of the JSON description."""
    if isinstance(v, list):
        return [decode(i) for i in v]
    if not isinstance(v, dict):
        return v
    if '$token' in v:
        return token(v['$token'])
    if '$tuple' in v:
        return tuple(decode(i) for i in v['$tuple'])
    if '$inf' in v:
        return sh.inf(*v['$inf'])
    if '$dict' in v:
        return {decode_id(k): decode(i) for k, i in v['$dict']}
    if '$float' in v:
        return float(v['$float'])
    if '$model' in v:
        return build(v['$model'])
    return {decode_id(k): decode(i) for k, i in v.items()}


def function_label(f):
    """How the examples name a function."""
    for name, g in CATALOGUE.items():
        if g is f:
            return name
    if isinstance(f, sh.Dispatcher):
        return 'Dispatcher:%s' % f.name
    if isinstance(f, functools.partial):
        return 'partial(%s)' % function_label(f.func)
    return getattr(f, '__name__', type(f).__name__)


def encode_id(k):
    name = token_name(k)
    if name is not None:
        return '$' + name
    if isinstance(k, str):
        return k
    if isinstance(k, bool):
        return '$bool:%s' % k
    if isinstance(k, int):
        return '$int:%d' % k
    if isinstance(k, tuple):
        return '$tuple:' + json.dumps([encode(i) for i in k])
    return '$repr:' + repr(k)


def encode(v):
    """A Python value as the examples record it."""
    name = token_name(v)
    if name is not None:
        return {'$token': name}
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {'$float': repr(v)}
    if isinstance(v, sh.inf):
        i, n = v
        return {'$inf': [encode(i), encode(n)]}
    if isinstance(v, tuple):
        return {'$tuple': [encode(i) for i in v]}
    if isinstance(v, list):
        return [encode(i) for i in v]
    if is_solution(v):
        return {'$solution': [[encode_id(k), encode(i)] for k, i in v.items()]}
    if isinstance(v, dict):
        if all(type(k) is str and not k.startswith('$') for k in v):
            return {k: encode(i) for k, i in v.items()}
        return {'$dict': [[encode_id(k), encode(i)] for k, i in v.items()]}
    if isinstance(v, sh.Dispatcher):
        return {'$dispatcher': v.name}
    if isinstance(v, BaseException):
        return {'$exception': type(v).__name__, 'message': str(v)}
    if callable(v):
        return {'$function': function_label(v)}
    return {'$repr': repr(v)}


def encode_distance(d):
    if isinstance(d, sh.inf):
        i, n = d
        if i == 0:
            return encode(n)
    return encode(d)


def encode_exception(e):
    """The exception as the reference records it: str() of schedula's
    exception. Two deliberate differences are mapped back (see
    docs/semantics.md): str(DispatcherError) is the formatted message where
    schedula shows the tuple of its arguments, and a result that cannot be
    spread raises a TypeError naming the node, caused by schedula's own."""
    if isinstance(e, sh.DispatcherError) and len(e.args) > 1:
        message = str(e.args)
    elif isinstance(e, TypeError) and isinstance(e.__cause__, TypeError):
        message = str(e.__cause__)
    else:
        message = str(e)
    return {'type': type(e).__name__, 'message': adapt_message(message)}


# ---------------------------------------------------------------------------
# Building models (SEMANTICS.md 0.2)
# ---------------------------------------------------------------------------

def function_ref(ref):
    """The Python callable a function reference names."""
    if ref is None or isinstance(ref, str):
        return None if ref is None else CATALOGUE[ref]
    if isinstance(ref, list):
        return [function_ref(r) for r in ref]
    if 'const' in ref:
        value = decode(ref['const'])

        def const(*args):
            return value
        const.__name__ = ref.get('name', 'const')
        return const
    if 'helper' in ref:
        helper = getattr(sh, ref['helper'])
        if ref['helper'] == 'selector':
            return functools.partial(helper, decode(ref['keys']), **decode(ref.get('kwargs', {})))
        if 'kwargs' in ref:
            return functools.partial(helper, **decode(ref['kwargs']))
        return helper
    kind = ref['wrapper']
    if kind == 'partial':
        return functools.partial(function_ref(ref['func']), *decode(ref.get('args', [])),
                                 **decode(ref.get('kwargs', {})))
    if kind == 'add_args':
        return sh.add_args(function_ref(ref['func']), n=ref.get('n', 1))
    if kind == 'run_model':
        return sh.run_model
    dsp = build(ref['dsp'])
    if kind == 'Dispatcher':
        return dsp
    kw = {k: decode(v) for k, v in ref.items() if k not in ('wrapper', 'dsp')}
    for k in ('inputs', 'outputs'):
        if kw.get(k) is not None:
            kw[k] = decode_ids(kw[k])
    if 'constructor' in kw:
        kw['constructor'] = getattr(sh, kw['constructor'])
    for k in ('inputs', 'outputs'):
        if k in kw.get('constructor_kwargs', {}):
            kw['constructor_kwargs'][k] = decode_ids(kw['constructor_kwargs'][k])
    return getattr(sh, kind)(dsp, **kw)


def decode_mapping(m):
    """The inputs/outputs of a sub-dispatcher node."""
    if m is None or isinstance(m, str):
        return m
    if isinstance(m, dict):
        pairs = m['pairs'] if 'pairs' in m else m.items()
        return {decode_id(k): decode_id(v) for k, v in pairs}
    return tuple(decode_mapping(i) if isinstance(i, dict) else decode_id(i) for i in m)


def decode_weights(w):
    return None if w is None else {decode_id(k): decode(v) for k, v in w.items()}


def decode_raises(r):
    return CATALOGUE[r['callable']] if isinstance(r, dict) else r


def build(model):
    """The Dispatcher a model description describes; the ids its operations
    returned are in its attribute `returned_ids`."""
    dsp = sh.Dispatcher(name=model.get('name', ''),
                        raises=decode_raises(model.get('raises', False)),
                        executor=model.get('executor', False),
                        description=model.get('description', ''))
    dsp.returned_ids = [apply_op(dsp, op) for op in model.get('ops', ())]
    return dsp


def apply_op(dsp, op):
    kw = {k: v for k, v in op.items() if k != 'op'}
    kind = op['op']
    args = {}
    if kind == 'data':
        if 'id' in kw:
            args['data_id'] = decode_id(kw.pop('id'))
        for k in ('function', 'callback', 'filters'):
            if k in kw:
                args[k] = function_ref(kw.pop(k))
        args.update((k, decode(v)) for k, v in kw.items())
        return dsp.add_data(**args)
    if kind in ('function', 'func'):
        if 'id' in kw:
            args['function_id'] = kw.pop('id')
        for k in ('function', 'input_domain', 'filters'):
            if k in kw:
                args[k] = function_ref(kw.pop(k))
        for k in ('inputs', 'outputs'):
            if k in kw:
                ids = kw.pop(k)
                args[k] = ids if ids is None or isinstance(ids, str) else decode_ids(ids)
        for k in ('inp_weight', 'out_weight'):
            if k in kw:
                args[k] = decode_weights(kw.pop(k))
        args.update((k, decode(v)) for k, v in kw.items())
        return dsp.add_func(**args) if kind == 'func' else dsp.add_function(**args)
    if kind == 'dispatcher':
        args['dsp'] = build(kw.pop('dsp'))
        if 'id' in kw:
            args['dsp_id'] = kw.pop('id')
        for k in ('inputs', 'outputs'):
            if k in kw:
                args[k] = decode_mapping(kw.pop(k))
        if 'input_domain' in kw:
            args['input_domain'] = function_ref(kw.pop('input_domain'))
        if 'inp_weight' in kw:
            args['inp_weight'] = decode_weights(kw.pop('inp_weight'))
        args.update((k, decode(v)) for k, v in kw.items())
        return dsp.add_dispatcher(**args)
    if kind == 'default':
        value = decode(kw['value']) if 'value' in kw else sh.EMPTY
        return dsp.set_default_value(decode_id(kw['id']), value,
                                     decode(kw.get('initial_dist', 0.0)))
    raise ValueError('unknown op %r' % kind)


def dispatch_kwargs(d):
    """The keyword arguments of dispatch() an example gives."""
    kw = {}
    for k, v in d.items():
        if k == 'inputs':
            if isinstance(v, dict):
                pairs = v['pairs'] if 'pairs' in v else v.items()
                kw[k] = {decode_id(i): decode(j) for i, j in pairs}
            else:
                kw[k] = decode_ids(v)
        elif k == 'outputs':
            kw[k] = decode_ids(v)
        elif k == 'inputs_dist':
            kw[k] = {decode_id(i): decode(j) for i, j in v.items()}
        elif k == 'stopper_set':
            kw['stopper'] = threading.Event()
            if v:
                kw['stopper'].set()
        elif k == 'select_output_kw':
            kw[k] = decode(v)
            if 'keys' in kw[k]:
                kw[k]['keys'] = decode_ids(kw[k]['keys'])
        else:
            kw[k] = decode(v)
    return kw


# ---------------------------------------------------------------------------
# Recording what the library produced (SEMANTICS.md 0.4)
# ---------------------------------------------------------------------------

NODE_ATTRIBUTES = ('type', 'index', 'wait_inputs', 'inputs', 'outputs', 'weight', 'function',
                   'input_domain', 'filters', 'callback', 'wildcard', 'await_domain',
                   'await_result', 'description')


def record_edges(graph, attribute):
    out = []
    for (u, v), attrs in graph.edges.items():
        edge = [encode_id(u), encode_id(v)]
        if attribute in attrs:
            edge.append({attribute: encode(attrs[attribute])})
        out.append(edge)
    return out


def record_workflow(sol):
    return {'nodes': [encode_id(n) for n in sol.workflow.nodes],
            'edges': record_edges(sol.workflow, 'value')}


def record_distances(dist):
    return {encode_id(k): encode_distance(v) for k, v in dist.items()}


def record_errors(sol):
    return {encode_id(k): adapt_message(v) for k, v in sol._errors.items()}


def record_node_attributes(attrs):
    out = {}
    for k in NODE_ATTRIBUTES:
        if k not in attrs:
            continue
        v = attrs[k]
        if k == 'index':
            out[k] = list(v)
        elif k in ('inputs', 'outputs'):
            if isinstance(v, dict):
                out[k] = {'pairs': [[encode_id(i), encode_id(j)] for i, j in v.items()]}
            else:
                out[k] = [encode_id(i) for i in v]
        elif k in ('function', 'input_domain', 'callback'):
            out[k] = None if v is None else function_label(v)
        elif k == 'filters':
            out[k] = [function_label(f) for f in v]
        else:
            out[k] = encode(v)
    return out


def record_structure(dsp, recurse=True):
    out = {
        'nodes': [[encode_id(k), record_node_attributes(a)] for k, a in dsp.dmap.nodes.items()],
        'edges': record_edges(dsp.dmap, 'weight'),
        'default_values': {encode_id(k): {'value': encode(d['value']),
                                          'initial_dist': encode(d['initial_dist'])}
                           for k, d in dsp.default_values.items()},
    }
    subs = {encode_id(k): record_structure(a['function'])
            for k, a in dsp.sub_dsp_nodes.items()} if recurse else {}
    if subs:
        out['sub_dispatchers'] = subs
    return out


def record_items(sol):
    return [[encode_id(k), encode(v)] for k, v in sol.items()]


def record_solution(sol, full=True):
    out = {'solution': record_items(sol),
           'printed': adapt_printed(re.sub(r' at 0x[0-9a-fA-F]+', ' at 0x?', repr(sol)))}
    if not full:
        return out
    out['dist'] = record_distances(sol.dist)
    out['workflow'] = record_workflow(sol)
    out['errors'] = record_errors(sol)
    subs = []
    for index, sub in sol.sub_sol.items():
        if sub is sol:
            continue
        subs.append({'index': list(index),
                     'full_name': [encode_id(i) for i in sub.full_name],
                     'solution': record_items(sub),
                     'dist': record_distances(sub.dist),
                     'workflow': record_workflow(sub),
                     'errors': record_errors(sub)})
    if subs:
        out['sub_solutions'] = subs
    return out


def record_pipe(pipe):
    out = []
    for key, step in pipe.items():
        item = {'key': encode(key)}
        if 'error' in step:
            item['error'] = adapt_message(step['error'])
        if 'sub_pipe' in step:
            item['sub_pipe'] = record_pipe(step['sub_pipe'])
        out.append(item)
    return out


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------

def run_structure(example):
    try:
        dsp = build(example['model'])
    except Exception as e:
        return {'exception': encode_exception(e)}
    out = {'returned_ids': [encode(i) for i in dsp.returned_ids]}
    out.update(record_structure(dsp))
    return out


def run_build_ops(example):
    model = example['model']
    dsp = build({k: v for k, v in model.items() if k != 'ops'})
    ops = []
    for op in model['ops']:
        try:
            ops.append({'returned': encode(apply_op(dsp, op))})
        except Exception as e:
            ops.append({'exception': encode_exception(e)})
    out = {'ops': ops}
    out.update(record_structure(dsp))
    return out


def run_dispatch(example):
    dsp = build(example['model'])
    try:
        sol = dsp.dispatch(**dispatch_kwargs(example.get('dispatch', {})))
    except BaseException as e:
        out = {'exception': encode_exception(e)}
        if example.get('record_partial'):
            out['partial'] = record_solution(dsp.solution)
        return out
    out = {}
    if sol is not dsp.solution:  # select_output_kw gave the selected outputs
        out['returned'] = encode(sol)
        sol = dsp.solution
    if example.get('record_pipe'):
        out['pipe'] = record_pipe(sol.pipe)
    if example.get('record_node_attrs'):
        out['node_attrs'] = []
        for n, a in example['record_node_attrs']:
            attrs = sol.workflow.nodes.get(decode_id(n), {})
            out['node_attrs'].append([n, a, encode(attrs[a]) if a in attrs else '$missing'])
    if example.get('record_seen'):
        out['seen'] = record_distances(sol.seen)
        out['visited'] = sorted(encode_id(k) for k in sol._visited)
    out.update(record_solution(sol, full=not example.get('values_only')))
    if CALLBACK_LOG:
        out['callback_log'] = encode(list(CALLBACK_LOG))
    return out


def _node_result(r):
    return [encode(r[0]) if not isinstance(r[0], dict) else record_node_attributes(r[0]),
            [encode_id(i) for i in r[1]]]


def run_model_op(example):
    dsp = build(example['model'])
    # The operation may read the solution of the last dispatch before it:
    # hold the solutions meanwhile (a dispatcher need not keep them alive).
    solutions = [dsp.dispatch(**dispatch_kwargs(kw)) for kw in example.get('before', ())]
    out = apply_model_op(dsp, example)
    solutions.clear()
    return out


def apply_model_op(dsp, example):
    name = example['op']['name']
    kw = dict(example['op'].get('kwargs', {}))
    out = {}
    try:
        if name == 'get_sub_dsp':
            edges = kw.get('edges_bunch')
            if edges is not None:
                edges = [tuple(decode_ids(e)) for e in edges]
            result = dsp.get_sub_dsp(decode_ids(kw['nodes_bunch']), edges)
        elif name in ('get_sub_dsp_from_workflow', 'solution.get_sub_dsp_from_workflow'):
            args = {k: decode(v) for k, v in kw.items() if k != 'sources'}
            if args.pop('use_dmap', False):
                args['graph'] = dsp.dmap
            if 'blockers' in args:
                args['blockers'] = decode_ids(args['blockers'])
            owner = dsp.solution if name.startswith('solution.') else dsp
            result = owner.get_sub_dsp_from_workflow(decode_ids(kw['sources']), **args)
        elif name == 'shrink_dsp':
            args = {}
            for k, v in kw.items():
                if k in ('inputs', 'outputs'):
                    args[k] = decode_ids(v)
                elif k == 'inputs_dist':
                    args[k] = {decode_id(i): decode(j) for i, j in v.items()}
                else:
                    args[k] = decode(v)
            result = dsp.shrink_dsp(**args)
        elif name == 'copy':
            result = dsp.copy()
            out['same_object'] = result is dsp
            out['same_dmap'] = result.dmap is dsp.dmap
            out['same_node_attr'] = any(result.nodes[k] is dsp.nodes[k] for k in dsp.nodes)
            for k, v in kw.get('mutate_defaults', {}).items():
                result.set_default_value(decode_id(k), decode(v))
            out['original_default_values'] = encode(
                {encode_id(k): d['value'] for k, d in dsp.default_values.items()})
        elif name == 'blue_register':
            blue = dsp.blue()
            out['blue_deferred'] = [method for method, _ in blue.deferred]
            result = blue.register(memo={})
            out['same_object'] = result is dsp
        elif name == 'extend':
            result = sh.Dispatcher(name=kw.get('name', '')).extend(
                *(build(m) for m in kw['models']))
        elif name in ('get_node', 'solution.get_node'):
            owner = dsp.solution if name.startswith('solution.') else dsp
            extra = {'node_attr': kw['node_attr']} if 'node_attr' in kw else {}
            out['returned'] = _node_result(owner.get_node(*decode_ids(kw['path']), **extra))
            return out
        else:
            raise ValueError('unknown model operation %r' % name)
    except Exception as e:
        out['exception'] = encode_exception(e)
        return out
    out.update(record_structure(result))
    if 'then_dispatch' in example:
        sol = result.dispatch(**dispatch_kwargs(example['then_dispatch']))
        out['then_solution'] = record_solution(sol, full=False)
    return out


def call_helper(name, args, kwargs):
    """A call of a helper (SEMANTICS.md 5.7-5.14) with the JSON arguments."""
    if name == 'inf_ops':
        ops = {'add': operator.add, 'sub': operator.sub, 'mul': operator.mul,
               'truediv': operator.truediv, 'lt': operator.lt, 'le': operator.le,
               'eq': operator.eq, 'gt': operator.gt, 'neg': operator.neg,
               'pow': operator.pow}
        out = []
        for op, *operands in args:
            try:
                out.append(encode(ops[op](*map(decode, operands))))
            except Exception as e:
                out.append({'$exception': type(e).__name__})
        return out
    if name == 'parent_func':
        result = sh.parent_func(function_ref(args[0]), *args[1:])
        if isinstance(result, tuple):
            return [function_label(result[0]), result[1]]
        return function_label(result)
    return encode(getattr(sh, name)(*decode(args), **decode(kwargs)))


def run_call(example):
    """Calls a helper, or a wrapper once per recorded call."""
    call = example['call']
    out = {}
    try:
        if 'helper' in call:
            out['returned'] = call_helper(call['helper'], call.get('args', []),
                                          call.get('kwargs', {}))
            return out
        f = function_ref(call['function'])
        calls = call.get('calls') or [{'args': call.get('args', []),
                                       'kwargs': call.get('kwargs', {})}]
        results = []
        for c in calls:
            try:
                results.append({'returned': encode(f(*decode(c.get('args', [])),
                                                     **decode(c.get('kwargs', {}))))})
            except Exception as e:
                results.append({'exception': encode_exception(e)})
        out['calls'] = results
        if example.get('record_solution') and hasattr(f, 'solution'):
            out['last_solution'] = record_solution(f.solution, full=False)
        if example.get('record_wrapped_dsp') and hasattr(f, 'dsp'):
            out['wrapped_dsp'] = record_structure(f.dsp, recurse=False)
    except Exception as e:
        out['exception'] = encode_exception(e)
    return out


# ---------------------------------------------------------------------------
# Area 6: executors
# ---------------------------------------------------------------------------

# The executors every example of area 6 also runs under (those it does not
# name); 'parallel' and 'parallel-dispatch' (a worker process per call)
# only on a few: a failure, NONE outputs, a sub-dispatcher.
CROSS_EXECUTORS = ('async', 'parallel-pool', 'parallel') + (
    ('parallel-dispatch',) if hasattr(sh, 'FunctionRegistry') else ())
FEW_EXECUTORS = ('parallel', 'parallel-dispatch')
PARALLEL_TOO = ('6.03 ', '6.04 ', '6.09 ')


class Area6:
    ran = passed = failed = skipped = 0
    cross_passed = cross_failed = 0
    no_field = collections.Counter()   # skipped field -> examples
    differences = []                   # (name, reason, schedula's, ours)
    gaps = []                          # (name, label, what failed, reason)
    gaps_failed = set()                # KNOWN_GAPS checks that failed
    gaps_passing = set()               # KNOWN_GAPS checks that passed


def sorted_items(sol):
    return sorted(record_items(sol), key=lambda kv: kv[0])


def run_async(example):
    """dispatch(..., executor=X).result(), then shutdown_executors()."""
    dsp = build(example['model'])
    shutdown_names()   # each example starts with none running
    out = {'result_exception': None}
    try:
        sol = result(dsp.dispatch(**dispatch_kwargs(example['dispatch'])))
    except Exception as e:
        out['result_exception'] = encode_exception(e)
        sol = dsp.solution
    out['solution'] = sorted_items(sol)
    out['errors'] = record_errors(sol)
    out['shutdown'] = shutdown_names()
    return out


def find_example(examples, prefix):
    for example in examples:
        if example['name'].startswith(prefix):
            return example
    return None


def async_expected(example, examples):
    """The expected block of an async example as the library must give it,
    and the by-design reason when it is schedula's synchronous result."""
    expected = json.loads(json.dumps(example['expected']))
    for field in ASYNC_FIELD_SKIPS:
        if field in expected:
            del expected[field]
            Area6.no_field[field] += 1
    reason = None
    for prefix, (sync_prefix, why) in ASYNC_BY_DESIGN.items():
        if example['name'].startswith(prefix):
            sync = find_example(examples, sync_prefix)
            if sync is None:
                raise ValueError('no example %sto compare with (schedula\'s synchronous result)'
                                 % sync_prefix)
            recorded = sync['expected']
            expected['solution'] = sorted(recorded['solution'], key=lambda kv: kv[0])
            expected['errors'] = recorded.get('errors', {})
            expected['result_exception'] = recorded.get('exception')
            reason = why
    executor = example.get('dispatch', {}).get('executor')
    if executor in NO_EXECUTOR_NAMES and 'shutdown' in expected:
        expected['shutdown'] = [n for n in expected['shutdown'] if n != executor]
    return expected, reason


def note_differences(example, reason, actual):
    """What schedula gives and what the library gives, for an example that
    passed with a documented difference."""
    recorded = example['expected']

    def fields(record, names):
        return ', '.join('%s %s' % (k, json.dumps(record[k])) for k in names if k in record)

    if reason is not None:
        names = ('solution', 'errors', 'result_exception')
        Area6.differences.append((example['name'], reason,
                                  'schedula (async): ' + fields(recorded, names),
                                  'library:          ' + fields(actual, names)))
    executor = example.get('dispatch', {}).get('executor')
    if executor in NO_EXECUTOR_NAMES:
        Area6.differences.append((example['name'], NO_EXECUTOR_NAMES[executor],
                                  'schedula: ' + fields(recorded, ('shutdown',)),
                                  'library:  ' + fields(actual, ('shutdown',))))


def record_full(dsp, kw):
    """Everything a dispatch gives, to compare two dispatches exactly."""
    exception = None
    try:
        sol = result(dsp.dispatch(**kw))
    except Exception as e:
        exception = encode_exception(e)
        sol = dsp.solution
    out = record_solution(sol)
    if exception is not None:
        out['exception'] = exception
    return json.loads(json.dumps(out))


def first_failure_raised(sync, got):
    """schedula's rule (SEMANTICS.md 6.3): result() of a dispatch with an
    executor raises a failure that lost outputs. The library's solution is
    the synchronous one, so that is the exception of an error the
    synchronous dispatch recorded: checked, then left out of @got."""
    if 'exception' in sync or 'exception' not in got:
        return got
    exc = got['exception']
    errors = list(sync.get('errors', {}).values())
    if any(e.endswith('\n  %s(%r)' % (exc['type'], exc['message'])) for e in errors):
        got = dict(got)
        del got['exception']
    return got


def cross_check(example):
    """Dispatches the model of an area 6 example under each executor it
    does not name (under executor=True: as the Dispatcher's executor): each
    must give exactly what the synchronous dispatch gives, and
    shutdown_executors() must name it afterwards. Returns the differences
    and the checks made."""
    name = example['name']
    model = example['model']
    kw = dispatch_kwargs(example.get('dispatch', {}))
    via_dispatcher = kw.get('executor') is True
    named = model.get('executor') if via_dispatcher else kw.get('executor')
    diffs = []
    checks = 0

    def gap(check, label, problems):
        """problems of a check that KNOWN_GAPS may name"""
        if check in KNOWN_GAPS:
            if problems:
                Area6.gaps.extend((name, label, p, KNOWN_GAPS[check]) for p in problems)
                Area6.gaps_failed.add(check)
            else:
                Area6.gaps_passing.add(check)
            return []
        return problems

    def same(reference, got, label):
        if got == reference:
            return []
        problems = compare(reference, got, label) + compare(got, reference, label + '(extra)')
        return problems or ['%s: differs from the synchronous dispatch' % label]

    def shutdown_is(names, want, label):
        if names == want:
            return []
        return ['%s: shutdown_executors() gives %s, expected %s'
                % (label, json.dumps(names), json.dumps(want))]

    shutdown_names()
    del CALLBACK_LOG[:]
    plain = {k: v for k, v in model.items() if k != 'executor'}
    sync = record_full(build(plain), dict(kw, executor=False))
    diffs += shutdown_is(shutdown_names(), [], '[sync]')
    if via_dispatcher:
        # executor=False on a Dispatcher with an executor: synchronous
        label = "[executor=False, Dispatcher(executor=%r)]" % named
        del CALLBACK_LOG[:]
        got = record_full(build(model), dict(kw, executor=False))
        problems = same(sync, got, label) + shutdown_is(shutdown_names(), [], label)
        diffs += gap('executor=False', label, problems)
    for x in CROSS_EXECUTORS:
        if x == named or (x in FEW_EXECUTORS and not name.startswith(PARALLEL_TOO)):
            continue
        del CALLBACK_LOG[:]
        if via_dispatcher:
            label = "[executor=True, Dispatcher(executor=%r)]" % x
            got = record_full(build(dict(model, executor=x)), kw)
            problems = same(sync, got, label)
            problems += gap('executor=True', label, shutdown_is(shutdown_names(), [x], label))
        else:
            label = '[executor=%s]' % x
            got = first_failure_raised(sync, record_full(build(model), dict(kw, executor=x)))
            problems = same(sync, got, label) + shutdown_is(shutdown_names(), [x], label)
        checks += 1
        if problems:
            Area6.cross_failed += 1
        else:
            Area6.cross_passed += 1
        diffs += problems
    return diffs, checks


# ---------------------------------------------------------------------------
# Area 7: model files and plots
# ---------------------------------------------------------------------------

def run_io(example):
    """A round trip through a file of schedula's save_*/load_* pair (whole
    model, default values only, graph only), then the same dispatch."""
    import tempfile
    dsp = build(example['model'])
    kw = dispatch_kwargs(example.get('dispatch', {}))
    res = {'before': record_items(dsp.dispatch(**kw))}
    register_functions(CATALOGUE)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, 'model')
        mode = example.get('io', 'dispatcher')
        if mode == 'dispatcher':
            sh.save_dispatcher(dsp, path)
            new = sh.load_dispatcher(path)
        elif mode == 'default_values':
            sh.save_default_values(dsp, path)
            new = dispatcher_with_graph(dsp)
            sh.load_default_values(new, path)
        elif mode == 'map':
            sh.save_map(dsp, path)
            new = sh.Dispatcher()
            sh.load_map(new, path)
        else:
            raise ValueError('unknown io %r' % mode)
    res['after'] = record_items(new.dispatch(**kw))
    res['after_default_values'] = sorted(encode_id(k) for k in new.default_values)
    return res


class Plots:
    differences = []     # (name, where the rows were taken out)
    no_hover = 0         # examples whose special nodes' rows are not compared


class Web:
    used = []            # of the current example: names of WEB_DIFFERENCES
    differences = []     # (name, [(what, its reason)])


def web_post(url, rq):
    """POSTs a recorded request (its "json" as the body, or its raw
    "data"): the status and the JSON of the response (None when it is not
    JSON), as run_reference.py records them."""
    import urllib.error
    import urllib.request
    data = b''
    headers = {}
    if 'json' in rq:
        data = json.dumps(rq['json']).encode()
        headers['Content-Type'] = 'application/json'
    elif 'data' in rq:
        data = rq['data'].encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers,
                                                           method='POST'), timeout=60) as r:
            status, text = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    try:
        content = json.loads(text)
    except ValueError:
        content = None
    return collections.OrderedDict([('status', status), ('json', content)])


def run_web(example):
    """web(run=False) of the model: its rules, then each request POSTed
    to a site serving it on loopback."""
    dsp = build(example['model'])
    webmap = dsp.web(run=False, **decode(example.get('web_kwargs', {})))
    res = {'rules': list(webmap.rules(index=False).values())}
    site = webmap.site(host='127.0.0.1', port=0).run()
    try:
        responses = [web_post(site.url + rq['path'], rq) for rq in example['requests']]
    finally:
        site.shutdown()
    Web.used = []
    for r in responses:
        Web.used += [u for u in adapt_web_response(r) if u not in Web.used]
    res['responses'] = responses
    return res


def run_plot(example):
    """plot(view=False) of the model, or of the solution of the example's
    dispatch, with its plot_kwargs: every folder, depth first."""
    import tempfile
    dsp = obj = build(example['model'])
    if 'dispatch' in example:
        obj = dsp.dispatch(**dispatch_kwargs(example['dispatch']))
    folders = []
    with tempfile.TemporaryDirectory() as directory:
        kwargs = decode(example.get('plot_kwargs', {}))
        sitemap = obj.plot(view=False, directory=directory, **kwargs)
        hover = plot_hover(sitemap)

        def walk(smap, path):
            for folder, sub in smap.items():
                record = plot_folder(folder, hover)
                record['path'] = path + [folder.name]
                folders.append(record)
                walk(sub, record['path'])

        walk(sitemap, [])
    return {'folders': folders}


def plot_expected(example):
    """The recorded folders of a plot example as the library must draw
    them: without the rows it does not draw by design (PLOT_ROWS_BY_DESIGN),
    and without graphviz, without the rows of the nodes drawn with a label
    alone; and where rows were taken out."""
    expected = json.loads(json.dumps(example['expected']))
    taken = []
    no_hover = False
    for folder in expected['folders']:
        for node in folder['nodes']:
            rows = node.pop('rows', [])
            removed = [r for r in rows if r in PLOT_ROWS_BY_DESIGN]
            if removed:
                taken.append('%s/%s (%s)' % (folder['name'], node['id'], ', '.join(removed)))
            kept = [r for r in rows if r not in removed]
            if kept and 'label' in node and not SPECIAL_NODE_ROWS:
                no_hover = True
                kept = []
            if kept:
                node['rows'] = kept
    Plots.no_hover += no_hover
    return expected, taken


def extra_members(expected, actual, path=''):
    """The members @actual has and @expected has not, at any depth where
    the two have the same shape: compare() goes by the expected keys, so a
    style attribute or a table too many would pass it."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        diffs = []
        for k in actual:
            if k not in expected:
                diffs.append('%s/%s: not expected (%s)' % (path, k, json.dumps(actual[k])))
            else:
                diffs += extra_members(expected[k], actual[k], '%s/%s' % (path, k))
        return diffs
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual))
                for d in extra_members(e, a, '%s[%d]' % (path, i))]
    return []


ACTIONS = {
    'async': run_async,
    'call': run_call,
    'structure': run_structure,
    'build_ops': run_build_ops,
    'dispatch': run_dispatch,
    'model_op': run_model_op,
    'io': run_io,
    'plot': run_plot,
    'web': run_web,
}


def run_example(example):
    del CALLBACK_LOG[:]
    action = example.get('action', 'dispatch')
    if action not in ACTIONS:
        raise ValueError('unknown action %r' % action)
    return json.loads(json.dumps(ACTIONS[action](example)))


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------

def compare(expected, actual, path=''):
    """The differences between what an example records and what ran: dicts
    by the keys of the recording, lists in order, scalars with their type."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        diffs = []
        for k in expected:
            if k not in actual:
                diffs.append('%s/%s: missing' % (path, k))
            else:
                diffs += compare(expected[k], actual[k], '%s/%s' % (path, k))
        return diffs
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return ['%s: length %d != %d\n      expected %s\n      got      %s'
                    % (path, len(expected), len(actual), json.dumps(expected),
                       json.dumps(actual))]
        diffs = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            diffs += compare(e, a, '%s[%d]' % (path, i))
        return diffs
    if type(expected) is not type(actual) or expected != actual:
        return ['%s: expected %s got %s' % (path, json.dumps(expected), json.dumps(actual))]
    return []


def _sorted_edges(record):
    """The workflow edges of a recorded solution in a fixed order."""
    if isinstance(record, dict):
        for k, v in record.items():
            if k == 'workflow' and isinstance(v, dict) and 'edges' in v:
                v['edges'] = sorted(v['edges'], key=json.dumps)
            else:
                _sorted_edges(v)
    elif isinstance(record, list):
        for v in record:
            _sorted_edges(v)


def check(example, examples):
    """The differences, and the by-design reason of an area 6 example that
    is compared with schedula's synchronous result."""
    reason = None
    taken = []
    if example.get('action') == 'async':
        expected, reason = async_expected(example, examples)
    elif example.get('action') == 'plot':
        expected, taken = plot_expected(example)
    else:
        expected = json.loads(json.dumps(example['expected']))
    actual = run_example(example)
    if example.get('dispatch', {}).get('no_call'):
        # The reference adds the workflow edges of a multi-output function
        # in Python set order under no_call (spec README): compare them as
        # a set.
        _sorted_edges(expected)
        _sorted_edges(actual)
    diffs = compare(expected, actual)
    if example.get('area') == 6:
        # the same failed nodes, not only the expected ones
        diffs += ['/errors/%s: not expected' % k for k in actual.get('errors', {})
                  if k not in expected.get('errors', actual['errors'])]
        diffs += cross_check(example)[0]
        if not diffs:
            note_differences(example, reason, actual)
    if example.get('action') == 'plot':
        diffs += extra_members(expected, actual)
        if not diffs and taken:
            Plots.differences.append((example['name'], ', '.join(taken)))
    if example.get('action') == 'web' and not diffs and Web.used:
        Web.differences.append((example['name'], Web.used))
    return diffs


def main(argv):
    verbose = '-v' in argv
    argv = [a for a in argv if a != '-v']
    pattern = None
    if '-k' in argv:
        i = argv.index('-k')
        pattern = argv[i + 1]
        del argv[i:i + 2]
    path = argv[0] if argv else os.path.join(HERE, os.pardir, 'examples.json')
    with open(path) as f:
        examples = json.load(f)
    if not isinstance(examples, list) or not all(
            isinstance(e, dict) and 'name' in e and 'expected' in e for e in examples):
        print('%s is not a list of examples' % path, file=sys.stderr)
        return 2
    passed = failed = 0
    skips = []
    for example in examples:
        name = example['name']
        if pattern and pattern not in name:
            continue
        area6 = example.get('area') == 6
        reason = adapter_skip(example)
        try:
            if reason is not None and later_executor(example) is not None:
                # its executor waits: its model still runs under the others
                diffs, checks = cross_check(example)
                if not diffs:
                    Area6.skipped += 1
                    skips.append((name, '%s (its model passes the %d checks under the other '
                                        'executors)' % (reason, checks)))
                    continue
                diffs.insert(0, 'under the executors it does not name:')
            elif reason is not None:
                Area6.skipped += area6
                skips.append((name, reason))
                continue
            else:
                diffs = check(example, examples)
        except Exception as e:
            import traceback
            diffs = ['crashed: %r\n%s' % (e, traceback.format_exc())]
        Area6.ran += area6
        if diffs:
            failed += 1
            Area6.failed += area6
            print('FAIL %s' % name)
            for d in diffs[:12]:
                print('    ' + d)
            if len(diffs) > 12:
                print('    ... %d more' % (len(diffs) - 12))
        else:
            passed += 1
            Area6.passed += area6
            if verbose:
                print('ok   %s' % name)
    for name, reason in skips:
        print('SKIP %s: %s' % (name, reason))
    for name, reason, theirs, ours in Area6.differences:
        print('DIFFERENCE %s: %s.\n    %s\n    %s' % (name, reason, theirs, ours))
    for name, where in Plots.differences:
        print('DIFFERENCE %s: %s.\n    schedula draws them on: %s'
              % (name, PLOT_ROWS_REASON, where))
    for name, used in Web.differences:
        print('DIFFERENCE %s:\n    %s' % (name, '\n    '.join(
            '%s: %s.' % (u, WEB_DIFFERENCES[u]) for u in used)))
    if Plots.no_hover:
        print('NOTE %d plot examples: %s' % (Plots.no_hover, NO_HOVER_NOTE))
    for name, label, problem, reason in Area6.gaps:
        print('KNOWN GAP %s %s: %s\n    %s' % (name, label, reason, problem))
    for check_name in sorted(Area6.gaps_passing - Area6.gaps_failed):
        print('NOTE the known gap %r passes now: remove it from KNOWN_GAPS' % check_name)
    for field, n in sorted(Area6.no_field.items()):
        print('NOTE %s (%d examples) is not compared: %s' % (field, n, ASYNC_FIELD_SKIPS[field]))
    if IN_PROCESS_COUNT[0]:
        print('NOTE %d messages: %s' % (IN_PROCESS_COUNT[0], IN_PROCESS_NOTE))
    if Area6.ran + Area6.skipped:
        print('area 6: %d ran, %d passed, %d failed, %d skipped; %d by-design differences; '
              '%d known gaps; %d checks under the other executors (async, parallel-pool; '
              'parallel and parallel-dispatch on a few): %d passed, %d failed'
              % (Area6.ran, Area6.passed, Area6.failed, Area6.skipped, len(Area6.differences),
                 len(Area6.gaps), Area6.cross_passed + Area6.cross_failed, Area6.cross_passed,
                 Area6.cross_failed))
    print('%d passed, %d failed, %d skipped' % (passed, failed, len(skips)))
    if passed + failed == 0:
        # an empty file, or a pattern that matches nothing, proves nothing
        print('no example ran', file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
