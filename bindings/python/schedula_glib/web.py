# web.py: schedula's dsp.web() over the library's WebServer (only when the
# library has the web feature): WebMap and Site.
#
# SPDX-License-Identifier: EUPL-1.2

import collections
import threading
import weakref

from gi.repository import GLib

from ._base import Schedula, exporter
from .executors import _prepare_executor
from .model import Dispatcher
from .solution import LibrarySolution
from .values import NONE

__all__ = []
_export = exporter(globals())


# ===========================================================================
# The web API (issue 11: libschedula-glib/web). Begin of the web block:
# schedula's dsp.web() over the library's Schedula.WebServer. A Site serves
# in a thread of its own, with its own main context and main loop, so that
# a script that runs no main loop serves all the same. It is only there
# when the library was built with the web feature.
# ===========================================================================

if hasattr(Schedula, 'WebServer'):

    # schedula's keywords of web() that the library's server does not have,
    # with the value that asks for nothing: accepted at that value only
    _WEB_DEFAULTS = {
        'node_data': None,            # '+set_value': data nodes as endpoints
        'node_function': None,        # other attributes of functions as endpoints
        'directory': None,            # where schedula writes the Flask app
        'sites': None,                # a set that keeps the sites alive
        'subsite_idle_timeout': 600,  # of the debug sub-sites
        'debug': False,               # plots of each call's workflow
    }

    def _web_unsupported(kwargs):
        for key, value in kwargs.items():
            if key not in _WEB_DEFAULTS:
                raise TypeError('web() got an unexpected keyword argument %r' % key)
            if value is not NONE and value != _WEB_DEFAULTS[key]:
                raise ValueError('web(%s=%r): libschedula-glib\'s web server does not have '
                                 'this option of schedula (docs/web.md)' % (key, value))

    def _server_depth(depth):
        """The server's depth (levels of sub-dispatchers below the model)
        of schedula's web(depth=) (levels of its site: the model is the
        first, so 2 opens the sub-dispatchers of the model; 0 and 1 give
        the model's nodes alone)."""
        if depth is None or depth < 0:
            return -1
        return max(depth - 1, 0)

    class _Serving(object):
        """A Schedula.WebServer serving in a thread of its own: the thread
        pushes a new main context as its thread-default one, listens there
        and runs a main loop on it until stop(). It holds no reference to
        its Site, which shuts it down when collected."""

        def __init__(self, server, host, port):
            self.server = server
            self.url = self.port = None
            self._context = None
            self._loop = None
            self._error = None
            self._ready = threading.Event()
            self._thread = threading.Thread(target=self._serve, args=(host, port),
                                            name='schedula-site', daemon=True)
            self._thread.start()
            self._ready.wait()
            if self._error is not None:
                self._thread.join()
                raise self._error

        def _serve(self, host, port):
            context = GLib.MainContext.new()
            context.push_thread_default()
            try:
                try:
                    self.server.listen(host, port)
                except GLib.Error as error:
                    self._error = _listen_error(error, host, port)
                    return
                self.port = self.server.get_port()
                self.url = self.server.dup_url()
                self._context = context
                self._loop = GLib.MainLoop.new(context, False)
                self._ready.set()
                self._loop.run()
                self.server.disconnect()
                # what the server still has to finish (closed connections,
                # cancelled requests) runs before the context goes
                while context.pending():
                    context.iteration(False)
            finally:
                context.pop_thread_default()
                self._ready.set()

        def stop(self):
            """Stops serving and waits for the thread; True if it served."""
            if self._loop is None or not self._thread.is_alive():
                return False
            # the loop quits from its own context: a quit() before the loop
            # runs would be lost, an idle source is not
            source = GLib.Idle()
            source.set_callback(lambda *args: self._loop.quit() or GLib.SOURCE_REMOVE)
            source.attach(self._context)
            if threading.current_thread() is not self._thread:
                self._thread.join()
            return True

    def _listen_error(error, host, port):
        """The OSError of a server that cannot listen, as schedula's raises."""
        return OSError('cannot serve on %s:%s: %s' % (host, port, error.message))

    class Site(object):
        """A web server of a model (schedula's Site): run() starts it in a
        thread of its own and returns the Site; `url` ('http://HOST:PORT',
        as schedula's) and `port` say where; shutdown() stops it, as does
        leaving a `with` block or the Site being collected."""

        def __init__(self, webmap, host='127.0.0.1', port=0, token=None, timeout=None,
                     max_request_size=None, executor=None, depth=None):
            self.webmap = webmap
            self.host = host or '127.0.0.1'
            self.port = port or 0
            self.depth = depth
            self.token = token
            self.timeout = timeout
            self.max_request_size = max_request_size
            self.executor = executor
            self._serving = None
            self._finalizer = None

        def __repr__(self):
            return "%s(%r, host='%s', port=%s)" % (self.__class__.__name__, self.webmap,
                                                   self.host, self.port)

        @property
        def url(self):
            return 'http://%s:%s' % (self.host, self.port)

        @property
        def is_running(self):
            return self._serving is not None and self._serving._thread.is_alive()

        @property
        def server(self):
            """The Schedula.WebServer of the running site, or None."""
            return self._serving.server if self.is_running else None

        def run(self, host=None, port=None):
            """Starts serving (again, if it runs: on @host and @port when
            given) and returns the Site. A host or port it cannot listen on
            raises OSError."""
            self.shutdown()
            if host is not None:
                self.host = host
            if port is not None:
                self.port = port
            server = self.webmap.server(token=self.token, timeout=self.timeout,
                                        max_request_size=self.max_request_size,
                                        executor=self.executor, depth=self.depth)
            serving = _Serving(server, self.host, self.port)
            self._serving = serving
            self.port = serving.port
            self._finalizer = weakref.finalize(self, serving.stop)
            return self

        def shutdown(self):
            """Stops the server: a later connection is refused. True when
            it was running."""
            finalizer, self._finalizer = self._finalizer, None
            self._serving = None
            return bool(finalizer is not None and finalizer())

        def __enter__(self):
            if not self.is_running:
                self.run()
            return self

        def __exit__(self, *exc_info):
            self.shutdown()

    _export(Site)

    class WebMap(object):
        """The web API of a model (schedula's WebMap): rules() lists its
        endpoints, site() makes the Site that serves them, server() the
        Schedula.WebServer alone (for a program that runs its own main
        loop)."""

        def __init__(self, dsp, depth=-1):
            self.dsp = dsp
            self.depth = depth

        def __repr__(self):
            return '%s(%s)' % (self.__class__.__name__, self.dsp.name or '')

        def server(self, token=None, timeout=None, max_request_size=None, executor=None,
                   depth=None):
            """A new Schedula.WebServer of the model, not listening yet: its
            listen() serves in the thread-default main context of the thread
            that calls it. @depth (schedula's) replaces the WebMap's."""
            server = Schedula.WebServer.new(self.dsp)
            server.props.depth = _server_depth(self.depth if depth is None else depth)
            if token is not None:
                server.props.token = token
            if timeout is not None:
                server.props.timeout = timeout
            if max_request_size is not None:
                server.props.max_request_size = max_request_size
            if executor is not None:
                server.props.executor = executor
            _prepare_executor(self.dsp, server.props.executor)
            return server

        def rules(self, depth=None, index=False):
            """The endpoints, in order: the path of ids of each (the model's
            name first) -> its URL path without the leading '/'."""
            server = self.server(depth=depth)
            return collections.OrderedDict((tuple(rule.split('/')), rule)
                                           for rule in server.list_endpoints())

        def site(self, host='127.0.0.1', port=0, token=None, timeout=None,
                 max_request_size=None, executor=None, depth=None, run=False, **kwargs):
            """A Site serving the model on @host:@port (port 0: any free
            port), not running until its run() unless @run: @token (a
            bearer token every request must give), @timeout (seconds a
            request may take), @max_request_size (bytes of a request body),
            @executor (of the dispatches; 'async' by default) and @depth
            (schedula's, as web()'s)."""
            for key, value in kwargs.items():
                if key not in ('root_path', 'index') and value:
                    raise ValueError('site(%s=%r): libschedula-glib\'s web server does not '
                                     'have this option of schedula (docs/web.md)' % (key, value))
            site = Site(self, host=host, port=port, token=token, timeout=timeout,
                        max_request_size=max_request_size, executor=executor, depth=depth)
            return site.run() if run else site

        def app(self, *args, **kwargs):
            raise NotImplementedError('WebMap.app(): the library serves the model itself, '
                                      'not as a Flask app: use site(...).run() (docs/web.md)')

    _export(WebMap)

    def _dispatcher_web(self, depth=-1, run=False, **kwargs):
        """schedula's Dispatcher.web(): the WebMap of the model's web API
        (@depth: the levels of sub-dispatchers it opens, -1 all). With
        @run, the running Site of webmap.site() (on 127.0.0.1, any free
        port) instead. Keywords of schedula that the library does not have
        (node_data, sites, debug, ...) are refused."""
        _web_unsupported(kwargs)
        webmap = WebMap(self, depth=depth)
        return webmap.site(run=True) if run else webmap

    def _solution_web(self, depth=-1, run=False, **kwargs):
        """schedula's Solution.web(): the web API of the solution's model
        (a solution does not keep its model: while the model lives)."""
        dsp = self.dsp
        if dsp is None:
            raise ValueError('web(): the dispatcher of this solution is gone (a solution '
                             'does not keep it): call web() of the dispatcher')
        return _dispatcher_web(dsp, depth=depth, run=run, **kwargs)

    Dispatcher.web = _dispatcher_web
    LibrarySolution.web = _solution_web   # a Solution (a dict) reads it there

# ===========================================================================
# End of the web block
# ===========================================================================
