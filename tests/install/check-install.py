#!/usr/bin/python3
# check-install.py: installs a build directory into a temporary DESTDIR and
# checks the installed layout, printing TAP (tests/install/meson.build passes
# the build's prefix and directories).
#
#  1. `meson install --no-rebuild --destdir <tmp>`; the API reference is
#     built first when the install plan has it and it is not built yet. The
#     build directory's install log (what `ninja uninstall` removes) is
#     left as it was.
#  2. Every file lands under <tmp><prefix>, and the library, headers,
#     pkg-config file, GIR, typelib, vapi, API reference, Python overrides and
#     GJS helper are where they belong.
#  3. Python: the overrides are in a directory /usr/bin/python3 searches
#     (site.getsitepackages(), the directories site.py puts on sys.path); a
#     /usr/bin/python3 whose site directories are relocated into <tmp> imports
#     gi.overrides.Schedula (and its package schedula_glib) from the DESTDIR
#     copy, with the DESTDIR typelib and library, and runs the README's
#     Python model.
#  4. GJS: `gjs -m` imports the helper by its documented file URI relocated
#     into <tmp>, and by the README's lookup along $XDG_DATA_DIRS, and
#     dispatches a one-function model with the DESTDIR typelib.
#  5. C and Vala: a program built with the installed pkg-config file (and
#     vapi) against the DESTDIR headers and library runs.
#
# SCHEDULA_KEEP_DESTDIR=1 keeps the temporary directory and prints its name.
#
# SPDX-License-Identifier: EUPL-1.2

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

n_checks = 0
n_failed = 0


def ok(passed, description, details=''):
    """Prints one TAP result; details go out as comments."""
    global n_checks, n_failed
    n_checks += 1
    if not passed:
        n_failed += 1
    print(f"{'ok' if passed else 'not ok'} {n_checks} - {description}")
    if details and not passed:
        for line in details.rstrip().splitlines():
            print(f'#   {line}')
    sys.stdout.flush()
    return passed


def skip(description, reason):
    global n_checks
    n_checks += 1
    print(f'ok {n_checks} - {description} # SKIP {reason}')


def comment(text):
    for line in text.rstrip().splitlines():
        print(f'# {line}')


def run(cmd, env=None, cwd=None):
    """Runs cmd; returns (passed, stdout + stderr)."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    shown = ['<program>' if '\n' in str(c) else str(c) for c in cmd]
    output = f'$ {" ".join(shown)}\n{proc.stdout}'
    if proc.returncode != 0:
        output += f'(exit status {proc.returncode})\n'
    return proc.returncode == 0, output


def clean_env(**extra):
    """The environment without the test harness's uninstalled paths."""
    env = {k: v for k, v in os.environ.items()
           if k not in ('PYTHONPATH', 'GI_TYPELIB_PATH', 'LD_LIBRARY_PATH',
                        'PKG_CONFIG_PATH', 'GJS_PATH', 'XDG_DATA_DIRS')}
    env.update(extra)
    return env


class Layout:
    """The install directories of the build, and their DESTDIR copies."""

    def __init__(self, args, destdir):
        self.destdir = destdir
        self.prefix = os.path.normpath(args.prefix)
        self.libdir = os.path.normpath(args.libdir)
        self.includedir = os.path.normpath(args.includedir)
        self.datadir = os.path.normpath(args.datadir)

    def staged(self, path):
        """Where meson install --destdir puts the file installed as path."""
        return os.path.join(self.destdir, os.path.relpath(path, '/'))

    def unstaged(self, staged_path):
        return '/' + os.path.relpath(staged_path, self.destdir)


def build_missing(args):
    """Builds the installed outputs that `meson test` did not build.

    meson test builds only what the tests depend on, and the install test
    cannot depend on the vapi (a dependency object) or the API reference
    (declared after the tests). Returns the install plan (source ->
    destination)."""
    with open(os.path.join(args.build_root, 'meson-info', 'intro-installed.json')) as f:
        plan = json.load(f)
    missing = [src for src in plan
               if os.path.isabs(src) and not os.path.lexists(src)
               and os.path.commonpath([src, args.build_root]) == args.build_root]
    if missing:
        rel = [os.path.relpath(src, args.build_root) for src in missing]
        comment('not built yet, building: ' + ' '.join(rel))
        ninja = shutil.which('ninja') or shutil.which('samu')
        passed, output = run([ninja, '-C', args.build_root] + rel)
        ok(passed, 'the installed outputs that meson test does not build are built', output)
    return plan


def check_files(args, layout, plan):
    api = args.api_version
    expected = [
        (layout.libdir, f'libschedula-glib-{api}.so.0'),
        (layout.libdir, f'libschedula-glib-{api}.so'),
        (os.path.join(layout.includedir, f'schedula-glib-{api}'), 'schedula-glib.h'),
        (os.path.join(layout.includedir, f'schedula-glib-{api}'), 'schedula-version.h'),
        (os.path.join(layout.includedir, f'schedula-glib-{api}'), 'schedula-enums.h'),
        (os.path.join(layout.libdir, 'pkgconfig'), f'schedula-glib-{api}.pc'),
    ]
    if args.gir:
        expected += [
            (os.path.join(layout.datadir, 'gir-1.0'), f'Schedula-{api}.gir'),
            (os.path.join(layout.libdir, 'girepository-1.0'), f'Schedula-{api}.typelib'),
        ]
    if args.vapi:
        expected += [
            (os.path.join(layout.datadir, 'vala', 'vapi'), f'schedula-glib-{api}.vapi'),
            (os.path.join(layout.datadir, 'vala', 'vapi'), f'schedula-glib-{api}.deps'),
        ]
    if args.gjs_helper:
        expected += [(os.path.join(layout.datadir, 'gjs-1.0'), 'schedula.js')]
    docdir = os.path.join(layout.datadir, 'doc', f'schedula-glib-{api}')
    if docdir in plan.values():
        expected += [(docdir, 'index.html'), (docdir, f'schedula-glib-{api}.devhelp2')]
    else:
        comment(f'the API reference is not built (-Ddocs): nothing to install in {docdir}')

    for directory, name in expected:
        path = os.path.join(directory, name)
        ok(os.path.exists(layout.staged(path)), f'installed: {path}')

    # Nothing outside the prefix, nothing private.
    outside, private = [], []
    for root, dirs, files in os.walk(layout.destdir):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            path = layout.unstaged(os.path.join(root, name))
            if os.path.commonpath([path, layout.prefix]) != layout.prefix:
                outside.append(path)
            if name.endswith('-private.h'):
                private.append(path)
    ok(not outside, f'every file is installed under the prefix {layout.prefix}', '\n'.join(outside))
    ok(not private, 'no private header is installed', '\n'.join(private))

    index = layout.staged(os.path.join(docdir, 'index.html'))
    if docdir in plan.values() and os.path.exists(index):
        text = pathlib.Path(index).read_text()
        for row in ('Website', 'Source'):
            match = re.search(rf'<em>{row}</em></td><td><a href="([^"]*)"', text)
            ok(match is not None and match.group(1).startswith('https://'),
               f"the API reference's index page has a {row} link"
               + (f' ({match.group(1)})' if match else ''))

    pc = layout.staged(os.path.join(layout.libdir, 'pkgconfig', f'schedula-glib-{api}.pc'))
    if os.path.exists(pc):
        text = pathlib.Path(pc).read_text()
        ok(f'prefix={layout.prefix}\n' in text, f'the pkg-config file says prefix={layout.prefix}', text)


def python_site_dirs(python):
    """The directories site.py of /usr/bin/python3 adds to sys.path (when they
    exist): the system site directories and the user site."""
    out = subprocess.run(
        [python, '-c', 'import json, site\n'
         'dirs = site.getsitepackages()\n'
         'if site.ENABLE_USER_SITE: dirs.append(site.getusersitepackages())\n'
         'print(json.dumps(dirs))'],
        env=clean_env(), check=True, stdout=subprocess.PIPE, text=True).stdout
    return [os.path.normpath(d) for d in json.loads(out)]


# Run by /usr/bin/python3 as it is started by a user, but with each site
# directory relocated into DESTDIR ahead of sys.path: what a real install
# would give. Then the README's Python model.
PYTHON_PROGRAM = r'''
import os, site, sys

destdir = sys.argv[1]
dirs = site.getsitepackages()
if site.ENABLE_USER_SITE:
    dirs.append(site.getusersitepackages())
staged = [destdir + d for d in dirs if os.path.isdir(destdir + d)]
sys.path[:0] = staged
print('# sys.path starts with', staged)

import gi
gi.require_version('GIRepository', '2.0')
gi.require_version('Schedula', '1.0')
from gi.repository import GIRepository
from gi.repository import Schedula as sh
import gi.overrides.Schedula as overrides

def check(passed, what):
    print(('ok' if passed else 'FAILED') + ': ' + what)
    if not passed:
        sys.exit(1)

check(overrides.__file__.startswith(destdir + '/'),
      'gi.overrides.Schedula is the DESTDIR copy, ' + overrides.__file__)
import schedula_glib
check(schedula_glib.__file__.startswith(destdir + '/'),
      "the overrides' package schedula_glib is the DESTDIR copy, " + schedula_glib.__file__)
check(sh.Dispatcher is overrides.Dispatcher,
      'Schedula.Dispatcher is the override class')
typelib = GIRepository.Repository.get_default().get_typelib_path('Schedula')
check(typelib.startswith(destdir + '/'), 'the typelib is the DESTDIR copy, ' + typelib)
with open('/proc/self/maps') as maps:
    libs = {line.split()[-1] for line in maps if 'libschedula-glib' in line}
check(len(libs) == 1 and libs.pop().startswith(destdir + '/'),
      'the library is the DESTDIR copy')

dsp = sh.Dispatcher(name='model')
dsp.add_data('b', default_value=3)
dsp.add_function('add', lambda a, b: a + b, inputs=['a', 'b'], outputs=['c'])
dsp.add_function('twice', lambda c: c * 2, inputs=['c'], outputs=['d'])
sol = dsp.dispatch(inputs={'a': 2}, outputs=['d'])
check(sol['d'] == 10, "the README's model gives d = %r" % (sol['d'],))
'''


def check_python(args, layout):
    found = [os.path.join(root, 'Schedula.py') for root, _, files in os.walk(layout.destdir)
             if 'Schedula.py' in files and root.endswith(os.path.join('gi', 'overrides'))]
    if not ok(len(found) == 1, 'the Python overrides gi/overrides/Schedula.py are installed once',
              '\n'.join(found)):
        return
    site_dir = os.path.dirname(os.path.dirname(os.path.dirname(layout.unstaged(found[0]))))
    searched = python_site_dirs(args.python)
    env = clean_env(
        GI_TYPELIB_PATH=layout.staged(os.path.join(layout.libdir, 'girepository-1.0')),
        LD_LIBRARY_PATH=layout.staged(layout.libdir))
    if any(os.path.commonpath([d, layout.prefix]) == layout.prefix for d in searched):
        ok(site_dir in searched,
           f'/usr/bin/python3 searches {site_dir}, where the overrides are installed',
           'its site directories: ' + ', '.join(searched))
    else:
        # A prefix /usr/bin/python3 knows nothing of (/opt/...): the overrides
        # need PYTHONPATH, as meson warned at setup.
        skip(f'/usr/bin/python3 searches {site_dir}',
             f'it searches nothing in the prefix {layout.prefix}: PYTHONPATH must name it')
        env['PYTHONPATH'] = layout.staged(site_dir)

    passed, output = run([args.python, '-c', PYTHON_PROGRAM, layout.destdir], env=env)
    ok(passed, '/usr/bin/python3 imports the installed overrides and runs the README model', output)


GJS_MODEL = '''
const dsp = Schedula.Dispatcher.new('adder');
dsp.add_function('add', fn('add', (a, b) => a + b), ['a', 'b'], ['c']);
const sol = dsp.dispatch(inputs({a: 2, b: 3}), null, null, null);
const typelib = GIRepository.Repository.get_default().get_typelib_path('Schedula');
print(`# c = ${sol.lookup('c')}, typelib ${typelib}`);
if (sol.lookup('c') !== 5 || !typelib.startsWith(DESTDIR + '/'))
    System.exit(1);
'''


def check_gjs(args, layout, workdir):
    helper = os.path.join(layout.datadir, 'gjs-1.0', 'schedula.js')
    uri = pathlib.Path(layout.staged(helper)).as_uri()
    env = clean_env(
        GI_TYPELIB_PATH=layout.staged(os.path.join(layout.libdir, 'girepository-1.0')),
        LD_LIBRARY_PATH=layout.staged(layout.libdir))
    header = ("import GIRepository from 'gi://GIRepository?version=2.0';\n"
              "import System from 'system';\n"
              f"const DESTDIR = {json.dumps(layout.destdir)};\n")

    # The README's static import: file://<datadir>/gjs-1.0/schedula.js.
    static = os.path.join(workdir, 'static-import.js')
    pathlib.Path(static).write_text(
        f"import {{Schedula, fn, inputs}} from '{uri}';\n" + header + GJS_MODEL)
    passed, output = run([args.gjs, '-m', static], env=env)
    ok(passed, f'gjs -m imports the helper from {pathlib.Path(helper).as_uri()} (in DESTDIR) '
       'and dispatches with it', output)

    # The README's lookup along $XDG_DATA_DIRS.
    lookup = os.path.join(workdir, 'xdg-import.js')
    pathlib.Path(lookup).write_text(header + '''
import GLib from 'gi://GLib';

const file = GLib.get_system_data_dirs()
    .map(dir => GLib.build_filenamev([dir, 'gjs-1.0', 'schedula.js']))
    .find(path => GLib.file_test(path, GLib.FileTest.EXISTS));
const {Schedula, fn, inputs} = await import(GLib.filename_to_uri(file, null));
''' + GJS_MODEL)
    env['XDG_DATA_DIRS'] = layout.staged(layout.datadir)
    passed, output = run([args.gjs, '-m', lookup], env=env)
    ok(passed, 'gjs -m finds the helper along $XDG_DATA_DIRS and dispatches with it', output)


C_PROGRAM = r'''
#include <schedula-glib.h>

static gboolean
add (SchedulaCall *call, gpointer user_data, GError **error)
{
  GValue sum = G_VALUE_INIT;

  g_value_init (&sum, G_TYPE_INT64);
  g_value_set_int64 (&sum, g_value_get_int64 (schedula_call_get_input (call, 0)) +
                           g_value_get_int64 (schedula_call_get_input (call, 1)));
  schedula_call_take_output (call, 0, &sum);
  return TRUE;
}

int
main (void)
{
  const char *const in[] = { "a", "b", NULL }, *const out[] = { "c", NULL };
  g_autoptr(SchedulaDispatcher) dsp = schedula_dispatcher_new ("adder");
  g_autoptr(SchedulaFunction) fn = schedula_function_new ("add", add, NULL, NULL);
  g_autoptr(GHashTable) inputs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SchedulaSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) a = G_VALUE_INIT;
  g_auto(GValue) b = G_VALUE_INIT;

  if (!schedula_dispatcher_add_function (dsp, NULL, fn, in, out, &error))
    g_error ("%s", error->message);
  g_value_set_int64 (g_value_init (&a, G_TYPE_INT64), 2);
  g_value_set_int64 (g_value_init (&b, G_TYPE_INT64), 3);
  g_hash_table_insert (inputs, (gpointer) "a", &a);
  g_hash_table_insert (inputs, (gpointer) "b", &b);
  sol = schedula_dispatcher_dispatch (dsp, inputs, NULL, NULL, NULL, &error);
  if (sol == NULL)
    g_error ("%s", error->message);
  return g_value_get_int64 (schedula_solution_lookup (sol, "c")) == 5 ? 0 : 1;
}
'''

VALA_PROGRAM = r'''
int main () {
    var dsp = new Schedula.Dispatcher ("adder");
    try {
        dsp.add_function ("add", new Schedula.Function ("add", (call) => {
            call.set_output (0, call.get_input (0).get_int64 () + call.get_input (1).get_int64 ());
            return true;
        }), {"a", "b"}, {"c"});
        var inputs = new HashTable<string, Value?> (str_hash, str_equal);
        inputs["a"] = (int64) 2;
        inputs["b"] = (int64) 3;
        var sol = dsp.dispatch (inputs, {"c"}, null);
        return sol.lookup ("c").get_int64 () == 5 ? 0 : 1;
    } catch (Error e) {
        printerr ("%s\n", e.message);
        return 1;
    }
}
'''


def check_compile(args, layout, workdir):
    """Builds and runs a C (and a Vala) program against the installed files,
    through a copy of the installed pkg-config file whose prefix is the
    DESTDIR one (PKG_CONFIG_SYSROOT_DIR would move GLib's paths too)."""
    api = args.api_version
    pc_name = f'schedula-glib-{api}'
    pc = layout.staged(os.path.join(layout.libdir, 'pkgconfig', pc_name + '.pc'))
    pcdir = os.path.join(workdir, 'pkgconfig')
    os.makedirs(pcdir)
    lines = pathlib.Path(pc).read_text().splitlines(keepends=True)
    pathlib.Path(pcdir, pc_name + '.pc').write_text(''.join(
        f'prefix={layout.staged(layout.prefix)}\n' if line.startswith('prefix=') else line
        for line in lines))
    env = clean_env(PKG_CONFIG_PATH=pcdir)
    pkg_config = shutil.which('pkg-config') or shutil.which('pkgconf')
    proc = subprocess.run([pkg_config, '--cflags', '--libs', pc_name], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not ok(proc.returncode == 0, f'pkg-config reads the installed {pc_name}.pc', proc.stdout):
        return
    flags = proc.stdout.split()
    run_env = clean_env(LD_LIBRARY_PATH=layout.staged(layout.libdir))

    source = os.path.join(workdir, 'adder.c')
    pathlib.Path(source).write_text(C_PROGRAM)
    exe = os.path.join(workdir, 'adder')
    passed, output = run(args.cc + [source, '-o', exe] + flags, env=env)
    if passed:
        passed, more = run([exe], env=run_env)
        output += more
    ok(passed, f'a C program builds with `pkg-config {pc_name}` against the installed headers '
       'and library, and runs', output)

    if not args.vapi or not args.valac:
        return
    vapidir = layout.staged(os.path.join(layout.datadir, 'vala', 'vapi'))
    source = os.path.join(workdir, 'adder.vala')
    pathlib.Path(source).write_text(VALA_PROGRAM)
    exe = os.path.join(workdir, 'adder-vala')
    passed, output = run(args.valac + ['--vapidir', vapidir, '--pkg', pc_name,
                                       '-X', '-w', '-o', exe, source],
                         env=env, cwd=workdir)
    if passed:
        passed, more = run([exe], env=run_env)
        output += more
    ok(passed, f'a Vala program builds with --pkg {pc_name} and the installed vapi, and runs', output)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--meson', required=True)
    parser.add_argument('--build-root', required=True)
    parser.add_argument('--prefix', required=True)
    parser.add_argument('--libdir', required=True)
    parser.add_argument('--includedir', required=True)
    parser.add_argument('--datadir', required=True)
    parser.add_argument('--api-version', required=True)
    parser.add_argument('--python', required=True)
    parser.add_argument('--cc', action='append', default=[])
    parser.add_argument('--valac', action='append', default=[])
    parser.add_argument('--gir', action='store_true')
    parser.add_argument('--vapi', action='store_true')
    parser.add_argument('--python-overrides', action='store_true')
    parser.add_argument('--gjs-helper', action='store_true')
    parser.add_argument('--gjs')
    args = parser.parse_args()
    args.build_root = os.path.abspath(args.build_root)

    tmp = tempfile.mkdtemp(prefix='schedula-install-')
    destdir = os.path.join(tmp, 'destdir')
    workdir = os.path.join(tmp, 'work')
    os.makedirs(workdir)
    layout = Layout(args, destdir)
    try:
        plan = build_missing(args)
        # meson install rewrites meson-logs/install-log.txt, the list that
        # `ninja uninstall` removes: keep the one of a real install.
        install_log = pathlib.Path(args.build_root, 'meson-logs', 'install-log.txt')
        saved_log = install_log.read_bytes() if install_log.exists() else None
        try:
            passed, output = run([args.meson, 'install', '--no-rebuild', '-C', args.build_root,
                                  '--destdir', destdir], env=clean_env())
        finally:
            if saved_log is not None:
                install_log.write_bytes(saved_log)
            else:
                install_log.unlink(missing_ok=True)
        if ok(passed, f'meson install --destdir <tmp> (prefix {layout.prefix})', output):
            check_files(args, layout, plan)
            if args.python_overrides:
                check_python(args, layout)
            if args.gjs_helper and args.gjs:
                check_gjs(args, layout, workdir)
            if args.cc:
                check_compile(args, layout, workdir)
    finally:
        if os.environ.get('SCHEDULA_KEEP_DESTDIR'):
            comment(f'kept {tmp}')
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f'1..{n_checks}')
    return 1 if n_failed else 0


if __name__ == '__main__':
    sys.exit(main())
