# plot.py: schedula's plot() and to_dot() of Dispatcher and Solution, over
# the library's PlotMap, PlotOptions and PlotPage (only when the library
# has the plot feature).
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import inspect
import logging
import os

from gi.repository import Gio, GLib

from ._base import Schedula, exporter
from .errors import _call
from .helpers import parent_func
from .model import Dispatcher
from .solution import LibrarySolution
from .values import _id_out, from_value

__all__ = []
_export = exporter(globals())


# ===========================================================================
# Plots (issue 10: libschedula-glib/plot). Begin of the plot block: what
# follows adds schedula's plot() and to_dot() to Dispatcher and Solution
# (the library's PlotMap, PlotOptions and PlotPage do the work). It is only
# there when the library was built with the plot feature.
# ===========================================================================

if hasattr(Schedula, 'PlotMap'):

    # schedula's names of the table rows (node_data, node_function,
    # edge_data) -> the library's PlotRows; the title ('-', '?'), links
    # ('*...') and graphviz attributes ('.tooltip') are always there, and
    # started/duration are not recorded by the library.
    _PLOT_ROWS = {
        'default_values': Schedula.PlotRows.DEFAULT_VALUE,
        'wait_inputs': Schedula.PlotRows.WAIT_INPUTS,
        'await_result': Schedula.PlotRows.AWAIT,
        'await_domain': Schedula.PlotRows.AWAIT,
        'function': Schedula.PlotRows.FUNCTION,
        'solution': Schedula.PlotRows.FUNCTION,
        'input_domain': Schedula.PlotRows.DOMAIN,
        'solution_domain': Schedula.PlotRows.DOMAIN,
        'weight': Schedula.PlotRows.WEIGHT,
        'remote_links': Schedula.PlotRows.REMOTE_LINKS,
        'filters': Schedula.PlotRows.FILTERS,
        'solution_filters': Schedula.PlotRows.FILTERS,
        'missing_inputs_outputs': Schedula.PlotRows.MISSING,
        'distance': Schedula.PlotRows.DISTANCE,
        'error': Schedula.PlotRows.ERROR,
        'output': Schedula.PlotRows.VALUE,
        'inp_id': Schedula.PlotRows.PORTS,
        'out_id': Schedula.PlotRows.PORTS,
        'value': Schedula.PlotRows.EDGE_VALUE,
        'started': Schedula.PlotRows.NONE,
        'duration': Schedula.PlotRows.NONE,
        'wildcard': Schedula.PlotRows.NONE,
    }
    _PLOT_DEFAULT_ROWS = {
        'node_data': ('-', '.tooltip', '!default_values', 'wait_inputs', 'await_result',
                      '+function|solution', 'weight', 'remote_links',
                      '+filters|solution_filters', 'distance', '!error', '*output'),
        'node_function': ('-', '.tooltip', 'await_domain', 'await_result',
                          '+input_domain|solution_domain', 'weight',
                          '+filters|solution_filters', 'missing_inputs_outputs', 'distance',
                          'started', 'duration', '!error', '*function|solution'),
        'edge_data': ('?', '+wildcard', 'inp_id', 'out_id', 'weight'),
    }

    def _plot_rows(names, keyword):
        rows = Schedula.PlotRows.NONE
        for name in names:
            if name in ('-', '?') or name[:1] in ('*', '.'):
                continue
            for part in name.lstrip('+!').split('|'):
                try:
                    rows |= _PLOT_ROWS[part]
                except KeyError:
                    raise ValueError('%s: %r is not a row the plots have (%s)' % (
                        keyword, part, ', '.join(sorted(_PLOT_ROWS)))) from None
        return rows

    def _plot_text(value):
        """A value as schedula's plots write it: a string as itself, a
        function as its source, anything else pprint'ed."""
        import datetime
        import pprint
        value = parent_func(from_value(value))
        if inspect.isfunction(value):
            try:
                return inspect.getsource(value)
            except Exception:
                pass
        if isinstance(value, (datetime.datetime, datetime.timedelta)):
            return str(value)
        if isinstance(value, str):
            return value
        try:
            return pprint.pformat(value, width=200, compact=True)
        except Exception as exc:
            return '<%s: %s>' % (type(value).__name__, exc)

    def plot_options(depth=-1, clusters=False, node_data=None, node_function=None,
                     edge_data=None, max_lines=None, max_width=None, name=None, rows=None):
        """Schedula.PlotOptions from schedula's plot() keywords: @depth (-1
        all levels, 0 none), @clusters (sub-dispatchers as clusters of one
        graph instead of pages), @node_data, @node_function and @edge_data
        (schedula's row names; or @rows, Schedula.PlotRows), @max_lines,
        @max_width and @name (the first page's). Values are written as
        schedula writes them (pprint)."""
        options = Schedula.PlotOptions.new()
        options.set_depth(-1 if depth is None or depth < 0 else depth)
        if clusters:
            options.set_layout(Schedula.PlotLayout.CLUSTERS)
        if rows is None:
            rows = Schedula.PlotRows.NONE
            for keyword, given in (('node_data', node_data), ('node_function', node_function),
                                   ('edge_data', edge_data)):
                rows |= _plot_rows(_PLOT_DEFAULT_ROWS[keyword] if given is None else given,
                                   keyword)
        options.set_rows(rows)
        if max_lines is not None:
            options.set_max_lines(max_lines)
        if max_width is not None:
            options.set_max_width(max_width)
        if name:
            options.set_title(name)
        options.set_value_func(_plot_text)
        return options

    _export(plot_options)

    def _plot_file_name(title, ext):
        """schedula's file names: letters, digits and -_.() only, spaces as _"""
        keep = set('-_.() abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
        name = ''.join(c for c in title if c in keep).replace(' ', '_')
        return '%s.%s' % (name or 'plot', ext)

    class SiteFolder(object):
        """A page of a plot (schedula's SiteFolder): a model (label 'dmap')
        or a workflow ('workflow')."""

        def __init__(self, page):
            self.page = page

        @property
        def name(self):
            return self.page.get_name()

        title = name

        @property
        def label_name(self):
            return self.page.get_label()

        @property
        def workflow(self):
            return self.page.get_label() == 'workflow'

        @property
        def path(self):
            return tuple(self.page.get_path())

        @property
        def nodes(self):
            """The ids of the nodes the page draws, in its order (the special
            nodes as the tokens START, SINK, ..., and '$END', '$EMPTY')."""
            return [_id_out(i) for i in self.page.dup_node_ids()]

        @property
        def dsp(self):
            return self.page.get_dispatcher()

        @property
        def item(self):
            return self.page.get_solution() or self.page.get_dispatcher()

        def dot(self):
            """The page alone, as DOT text."""
            return self.page.to_dot()

        def _repr_svg_(self):
            return self.page.to_svg()

        def __repr__(self):
            return self.name

    _export(SiteFolder)

    class SiteMap(collections.OrderedDict):
        """What plot() returns (schedula's SiteMap): an ordered mapping of
        the pages (SiteFolder) to the SiteMaps of the pages they open, over
        a Schedula.PlotMap (`plot_map`). render() writes it; `path` is the
        file plot() wrote, if it wrote one."""

        def __init__(self, plot_map=None):
            super(SiteMap, self).__init__()
            self.plot_map = plot_map
            self.path = None
            if plot_map is not None:
                pages = [plot_map.get_item(i) for i in range(plot_map.get_n_items())]
                self._fill(pages, -1)

        def _fill(self, pages, position):
            for page in pages:
                parent = page.dup_parent()
                if (-1 if parent is None else parent.get_position()) == position:
                    sub = SiteMap()
                    sub.plot_map = self.plot_map
                    sub._fill(pages, page.get_position())
                    self[SiteFolder(page)] = sub

        def __repr__(self):
            return '%s({%s})' % (self.__class__.__name__, ', '.join(
                '%r: %r' % (k, v) for k, v in self.items()))

        def to_dot(self):
            """The plot as DOT: its first page, or every page in clusters."""
            return self.plot_map.to_dot()

        def to_svg(self):
            return self.plot_map.to_svg()

        def to_html(self):
            return self.plot_map.to_html()

        def _repr_svg_(self):
            return self.plot_map.to_svg()

        def render(self, directory=None, view=False, format=None, filename=None):
            """Writes the plot into @directory (a new temporary directory
            when None), as @format: 'html' (the HTML view), 'svg' or 'dot'
            (by default 'html', or 'dot' when the library has no graphviz);
            @filename is the file's name (by default the first page's).
            With @view, opens it with the desktop's application for it.
            Returns the path of the file."""
            import tempfile
            if format is None:
                format = 'html' if Schedula.HAS_GRAPHVIZ else 'dot'
            if directory is None:
                directory = tempfile.mkdtemp(prefix='schedula-plot-')
            else:
                os.makedirs(directory, exist_ok=True)
            title = self.plot_map.get_root().get_name()
            path = os.path.join(directory, filename or _plot_file_name(title, format))
            _call(self.plot_map.write, path)
            self.path = path
            if view:
                _plot_view(path)
            return path

    _export(SiteMap)

    def _plot_view(path):
        """Opens @path with the desktop's default application for it (a
        browser for the HTML view)."""
        uri = GLib.filename_to_uri(os.path.abspath(path), None)
        try:
            Gio.AppInfo.launch_default_for_uri(uri, None)
        except GLib.Error as error:
            logging.getLogger('schedula').warning('cannot open %s: %s', uri, error.message)

    def _plot_unsupported(kwargs):
        """schedula's plot() keywords for its Flask site and its own
        rendering: index, viz and render are accepted (the HTML view has no
        index page, needs no viz.js, and plot() always writes); the others
        are refused."""
        for key, value in kwargs.items():
            if key not in ('index', 'viz', 'render', 'executor') and value:
                raise ValueError('plot(%s=%r): libschedula-glib\'s plots do not have this '
                                 'option of schedula (docs/plots.md)' % (key, value))

    def _plot(plot_map, view, directory, format, filename):
        sitemap = SiteMap(plot_map)
        sitemap.render(directory=directory, view=view, format=format, filename=filename)
        return sitemap

    def _dispatcher_plot(self, workflow=None, view=True, depth=-1, name=None, directory=None,
                         format=None, filename=None, clusters=False, node_data=None,
                         node_function=None, edge_data=None, max_lines=None, max_width=None,
                         rows=None, **kwargs):
        """schedula's Dispatcher.plot(): plots the model (with @workflow,
        the workflow of its last solution) into @directory (a temporary one
        by default) as an HTML view (@format 'svg' or 'dot' for those), and
        with @view opens it in the browser. Returns the SiteMap of the
        pages; its `path` is the file written. Keywords of schedula that
        this library does not have (sites, index, viz, render, ...) are
        refused."""
        _plot_unsupported(kwargs)
        options = plot_options(depth=depth, clusters=clusters, node_data=node_data,
                               node_function=node_function, edge_data=edge_data,
                               max_lines=max_lines, max_width=max_width, name=name, rows=rows)
        if workflow:
            sol = self.get_solution()
            if sol is None:
                raise ValueError('plot(workflow=True): the dispatcher has no solution yet')
            return _plot(_call(Schedula.PlotMap.new_for_solution, sol, options),
                         view, directory, format, filename)
        return _plot(Schedula.PlotMap.new_for_dispatcher(self, options),
                     view, directory, format, filename)

    def _solution_plot(self, workflow=None, view=True, depth=-1, name=None, directory=None,
                       format=None, filename=None, clusters=False, node_data=None,
                       node_function=None, edge_data=None, max_lines=None, max_width=None,
                       rows=None, **kwargs):
        """schedula's Solution.plot(): plots the workflow of the solution
        (with workflow=False, its model), as Dispatcher.plot() does."""
        _plot_unsupported(kwargs)
        options = plot_options(depth=depth, clusters=clusters, node_data=node_data,
                               node_function=node_function, edge_data=edge_data,
                               max_lines=max_lines, max_width=max_width, name=name, rows=rows)
        if workflow is False:
            return _plot(Schedula.PlotMap.new_for_dispatcher(self.dsp, options),
                         view, directory, format, filename)
        return _plot(_call(Schedula.PlotMap.new_for_solution, self, options),
                     view, directory, format, filename)

    def _dispatcher_to_dot(self, options=None, **kwargs):
        """The model as DOT text: @options (Schedula.PlotOptions), or
        plot_options()'s keywords."""
        if options is None:
            options = plot_options(**kwargs)
        return _call(Schedula.Dispatcher.to_dot, self, options)

    def _solution_to_dot(self, options=None, **kwargs):
        """The workflow of the solution as DOT text: @options
        (Schedula.PlotOptions), or plot_options()'s keywords."""
        if options is None:
            options = plot_options(**kwargs)
        return _call(Schedula.Solution.to_dot, self, options)

    Dispatcher.plot = _dispatcher_plot
    Dispatcher.to_dot = _dispatcher_to_dot
    # on the library's solutions: a Solution (a dict) reads them there
    LibrarySolution.plot = _solution_plot
    LibrarySolution.to_dot = _solution_to_dot

# ===========================================================================
# End of the plot block
# ===========================================================================
