#!/usr/bin/python3
# run-samples.py: extracts every code sample of the API reference and runs it
#
# `meson test --suite docs` runs it (the `doc-samples` test of
# docs/meson.build); by hand, after `meson compile -C _build`:
#
#   /usr/bin/python3 docs/run-samples.py --source-root . --build-root _build \
#       --valac valac --gjs gjs [--worker _build/tools/schedula-worker] \
#       [--list] [--only TEXT] [--keep DIR]
#
# Where the samples are
#
#   - the doc comments (/** ... */) of libschedula-glib/*.c and *.h: every
#     gi-docgen code block, |[<!-- language="C" --> ... ]| (a block without a
#     language is C too, as gi-docgen reads it);
#   - the concept pages, docs/overview.md, docs/async.md and docs/blueprints.md
#     (PAGES below):
#     every fenced block of ```c, ```python, ```js and ```vala (blocks of
#     other languages, ```sh, are not samples).
#
# How a sample becomes a program (the convention)
#
#   C, in a doc comment or in a page:
#   - a sample that defines main() is a complete program: it is compiled
#     against the build's headers and library, warnings as errors, and run;
#     it must exit with 0. The class examples are such programs and check
#     their results with g_assert*().
#   - any other C sample is a fragment: compiled and linked, not run.
#     A fragment with a line that is `{` alone (a function body, GNU style)
#     is file-scope code: it follows `#include <schedula-glib.h>`. Any other
#     fragment is statements: they become the body of a function whose
#     parameters are the objects the reference's fragments talk about,
#     CONTEXT below (dsp, inputs, sol, options, node, call, error), so a
#     fragment uses them without declaring them, and may declare them again
#     (its block shadows the parameters). The callbacks that fragments name
#     without defining them, CONTEXT_FUNCTIONS below, are defined as stubs
#     when a fragment names them. A fragment that needs another name adds
#     it to one of the two tables. `#line` directives make the compiler's
#     messages point at the doc comment.
#   - doc comments are C comments, so the samples in them write their own
#     comments as `// ...`.
#
#   the pages (overview.md, async.md):
#   - a block whose fence follows the line `<!-- sample: fragment -->` (blank
#     lines between are allowed) is a fragment, checked without running it:
#     C as above; Python compiled (syntax); JavaScript parsed as a module
#     (syntax, with gjs's Reflect.parse); Vala placed in the body of
#     `void fragment () throws GLib.Error` and compiled to C by valac (names
#     and types checked).
#   - any other block is a program and runs; it must exit with 0 (a ```c
#     block without main() that is not marked is an error). Python runs
#     with /usr/bin/python3 and the uninstalled overrides (PYTHONPATH),
#     JavaScript with `gjs -m` (it imports the GJS helper as the README does,
#     from './bindings/gjs/schedula.js': the program runs from a directory
#     where that path is the source tree's helper), Vala is compiled by valac
#     against the build's vapi, C as above. Each program checks its result
#     (assert, g_assert, a thrown Error).
#   - the programs run with the build's library and typelib, and with
#     $SCHEDULA_WORKER set to the build's worker (--worker), so that they
#     may use the process executors (`parallel`, `parallel-pool`).
#
#   overview.md only:
#   - the examples of the classes (CLASSES below) are one subsection each,
#     "### <Class>", under "## Examples": four program blocks, ```c,
#     ```python, ```js and ```vala in that order, and the C block is the
#     example of the class's doc comment, character for character (it is
#     compiled and run once). Every class has one example in its doc
#     comment.
#
# Exit status: 0 when every sample passes, 1 when one fails, 77 (skipped)
# when valac or gjs is missing.
#
# SPDX-License-Identifier: EUPL-1.2

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

# The concept pages whose code blocks are samples, in docs/.
PAGES = ['overview.md', 'async.md', 'blueprints.md']
# The pages of the optional features, run when the build has the feature
# (the macro of libschedula-glib/schedula-features.h in the build).
FEATURE_PAGES = [('model-files.md', 'SCHEDULA_HAS_IO'), ('plots.md', 'SCHEDULA_HAS_PLOT'),
                 ('command-line.md', 'SCHEDULA_HAS_IO'), ('web.md', 'SCHEDULA_HAS_WEB')]
# The feature folders of libschedula-glib/: their doc comments have samples
# when the build has the feature, and their headers are on the samples'
# include path.
FEATURE_DIRS = [('io', 'SCHEDULA_HAS_IO'), ('plot', 'SCHEDULA_HAS_PLOT'),
                ('web', 'SCHEDULA_HAS_WEB')]


def built_features(build_root):
    """The SCHEDULA_HAS_* macros that are 1 in the build."""
    path = os.path.join(build_root, 'libschedula-glib', 'schedula-features.h')
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError:
        return set()
    return set(re.findall(r'#define (SCHEDULA_HAS_\w+) 1\b', text))

# The classes that have an example, in the order of overview.md.
CLASSES = [
    'Dispatcher', 'Solution', 'Function', 'DispatchOptions',
    'SubDispatch', 'SubDispatchFunction', 'MapDispatch',
    'Pipe', 'SubDispatchPipe', 'DispatchPipe',
]

# The objects C fragments use without declaring them: the parameters of
# the function a statement fragment becomes.
CONTEXT = [
    'SchedulaDispatcher *dsp',
    'GHashTable *inputs',
    'SchedulaSolution *sol',
    'SchedulaDispatchOptions *options',
    'SchedulaFunctionNode *node',
    'SchedulaCall *call',
    'GError *error',
]

# The callbacks C fragments name without defining them, defined as stubs
# (name: definition).
CONTEXT_FUNCTIONS = {
    'speed_func': 'static gboolean\nspeed_func (SchedulaCall *call, gpointer user_data, GError **error)\n'
                  '{\n  return TRUE;\n}\n',
    'odometer_ok': 'static gboolean\nodometer_ok (SchedulaCall *call, gpointer user_data, GError **error)\n'
                   '{\n  return TRUE;\n}\n',
    'on_dispatched': 'static void\non_dispatched (GObject *source, GAsyncResult *result, gpointer user_data)\n'
                     '{\n}\n',
}

C_WARNINGS = [
    '-std=gnu11', '-Wall', '-Wextra', '-Werror', '-Wno-unused-parameter',
    '-Wno-missing-field-initializers', '-Wdeclaration-after-statement', '-Wshadow',
    '-Wstrict-prototypes', '-Wwrite-strings',
    '-DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74',
    '-DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74',
]
# Fragments may leave what they declare unused, and shadow the context.
C_FRAGMENT_WARNINGS = ['-Wno-unused-variable', '-Wno-unused-function', '-Wno-shadow',
                       '-Wno-unused-but-set-variable']

LANGUAGES = ('c', 'python', 'js', 'vala')
TIMEOUT = 120


class Sample:
    def __init__(self, language, text, path, line, owner=None, section=None, fragment=False):
        self.language = language  # c, python, js, vala
        self.text = text          # the code, without comment prefixes
        self.path = path          # relative to the source root
        self.line = line          # the line of the sample's first code line
        self.owner = owner        # doc comments: the symbol documented
        self.section = section    # a page: the ## / ### heading
        self.fragment = fragment
        self.same_as = None       # a C sample of a page: the doc comment one
        self.result = None        # (ok, what was done, log)

    def is_program(self):
        """Whether the sample is meant to run: not a fragment, and for C,
        one that defines main()."""
        if self.fragment:
            return False
        return self.language != 'c' or re.search(r'(?m)^(int\s+)?main\s*\(', self.text) is not None

    @property
    def where(self):
        return '%s:%d' % (self.path, self.line)

    @property
    def label(self):
        return self.owner or self.section or ''


# Extraction -----------------------------------------------------------------

DOC_COMMENT = re.compile(r'/\*\*\n(.*?)\*/', re.S)


def doc_comment_samples(source_root, features=frozenset()):
    """The |[ ... ]| blocks of the doc comments of the library sources (and
    of the feature folders the build has)."""
    samples, errors = [], []
    top = os.path.join(source_root, 'libschedula-glib')
    files = sorted(name for name in os.listdir(top) if name.endswith(('.c', '.h')))
    for feature, macro in FEATURE_DIRS:
        if macro in features and os.path.isdir(os.path.join(top, feature)):
            files += sorted(os.path.join(feature, name) for name in os.listdir(os.path.join(top, feature))
                            if name.endswith(('.c', '.h')))
    for name in files:
        rel = os.path.join('libschedula-glib', name)
        with open(os.path.join(top, name), encoding='utf-8') as f:
            text = f.read()
        for m in DOC_COMMENT.finditer(text):
            first_line = text.count('\n', 0, m.start(1)) + 1
            lines = [re.sub(r'^\s*\* ?', '', l, count=1) for l in m.group(1).split('\n')]
            owner = next((l.strip().rstrip(':') for l in lines if l.strip()), '?')
            i = 0
            while i < len(lines):
                start = re.match(r'\s*\|\[(?:<!--\s*language="([^"]*)"\s*-->)?\s*$', lines[i])
                if start is None:
                    i += 1
                    continue
                language = (start.group(1) or 'C').lower()
                end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == ']|'), None)
                if end is None:
                    errors.append('%s:%d: a |[ block of %s that does not end with ]|'
                                  % (rel, first_line + i, owner))
                    break
                if language != 'c':
                    errors.append('%s:%d: a |[ block of %s in %s: the samples of the doc '
                                  'comments are C' % (rel, first_line + i, owner, language))
                else:
                    samples.append(Sample('c', '\n'.join(lines[i + 1:end]) + '\n', rel,
                                          first_line + i + 1, owner=owner))
                i = end + 1
    return samples, errors


FENCE = re.compile(r'^```\s*([A-Za-z0-9_+-]*)\s*$')
MARKER = re.compile(r'^<!--\s*sample:\s*([a-z-]+)\s*-->\s*$')


def page_samples(source_root, page):
    """The fenced blocks of docs/@page in the languages of the samples,
    with the ### section each one is in."""
    rel = os.path.join('docs', page)
    with open(os.path.join(source_root, rel), encoding='utf-8') as f:
        lines = f.read().split('\n')
    samples, errors = [], []
    chapter = section = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('## '):
            chapter, section = line[3:].strip(), None
        elif line.startswith('### '):
            section = line[4:].strip()
        fence = FENCE.match(line)
        if fence is None:
            i += 1
            continue
        language = fence.group(1).lower()
        end = next((j for j in range(i + 1, len(lines)) if FENCE.match(lines[j])
                    and FENCE.match(lines[j]).group(1) == ''), None)
        if end is None:
            errors.append('%s:%d: a ``` block that does not end' % (rel, i + 1))
            break
        marker = None
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0 and MARKER.match(lines[k]):
            marker = MARKER.match(lines[k]).group(1)
            if marker != 'fragment':
                errors.append('%s:%d: unknown marker <!-- sample: %s --> (the one marker is '
                              '"fragment")' % (rel, k + 1, marker))
        if language in LANGUAGES:
            samples.append(Sample(language, '\n'.join(lines[i + 1:end]) + '\n', rel, i + 2,
                                  section='%s / %s' % (chapter, section) if section else chapter,
                                  fragment=marker == 'fragment'))
        elif marker is not None:
            errors.append('%s:%d: a sample marker before a ```%s block, which is not a sample'
                          % (rel, k + 1, language))
        i = end + 1
    return samples, errors


def check_structure(doc_samples, md_samples):
    """The class examples: one in each class's doc comment, the same four
    blocks in overview.md; in every page, a ```c block is a program or a
    marked fragment."""
    errors = []
    by_owner = {}
    for s in doc_samples:
        if s.is_program():
            by_owner.setdefault(s.owner, []).append(s)
    doc_programs = {s.text: s for s in doc_samples if s.is_program()}
    overview = [s for s in md_samples if s.path == os.path.join('docs', 'overview.md')]

    for cls in CLASSES:
        owner = 'Schedula' + cls
        found = by_owner.get(owner, [])
        if len(found) != 1:
            errors.append('the doc comment of %s has %d C examples (with main()), not 1'
                          % (owner, len(found)))
        section = 'Examples / ' + cls
        blocks = [s for s in overview if s.section == section]
        languages = [s.language for s in blocks]
        if languages != list(LANGUAGES):
            errors.append('docs/overview.md: "### %s" under "## Examples" has the blocks %s, '
                          'not %s' % (cls, languages or 'none', list(LANGUAGES)))
        for s in blocks:
            if s.fragment:
                errors.append('%s: the example of %s is a fragment' % (s.where, cls))
        c = [s for s in blocks if s.language == 'c']
        if c and found and c[0].text != found[0].text:
            errors.append('%s: the C example of %s differs from the one of its doc comment (%s)'
                          % (c[0].where, cls, found[0].where))

    for s in md_samples:
        if s.language == 'c' and not s.fragment and not s.is_program():
            errors.append('%s: a ```c block without main() must follow '
                          '<!-- sample: fragment -->' % s.where)

    # a C program of a page that is one of the doc comments' is compiled
    # and run once
    for s in md_samples:
        if s.language == 'c' and not s.fragment and s.text in doc_programs:
            s.same_as = doc_programs[s.text]
    return errors


# Running --------------------------------------------------------------------

class Runner:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.src = os.path.abspath(args.source_root)
        self.build = os.path.abspath(args.build_root)
        self.libdir = os.path.join(self.build, 'libschedula-glib')
        self.cc = shlex.split(args.cc)
        self.valac = shlex.split(args.valac) if args.valac else None
        self.gjs = args.gjs
        self.python = args.python
        pkg = subprocess.run(['pkg-config', '--cflags', '--libs', 'gio-2.0'],
                             capture_output=True, text=True, check=True)
        self.glib_flags = shlex.split(pkg.stdout)
        self.env = dict(os.environ)
        for var, value in (('LD_LIBRARY_PATH', self.libdir),
                           ('GI_TYPELIB_PATH', self.libdir),
                           ('PYTHONPATH', os.path.join(self.src, 'bindings', 'python'))):
            old = self.env.get(var)
            self.env[var] = value + (os.pathsep + old if old else '')
        # the process executors start the build's worker
        if args.worker:
            self.env['SCHEDULA_WORKER'] = os.path.abspath(args.worker)
        # a misused API (a critical) fails the compiled programs
        self.native_env = dict(self.env, G_DEBUG='fatal-criticals')
        # the JavaScript programs import './bindings/gjs/schedula.js'
        js_helper = os.path.join(workdir, 'js', 'bindings', 'gjs')
        os.makedirs(js_helper)
        os.symlink(os.path.join(self.src, 'bindings', 'gjs', 'schedula.js'),
                   os.path.join(js_helper, 'schedula.js'))

    def run(self, cmd, env=None, cwd=None):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env or self.env,
                               cwd=cwd, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return False, '$ %s\ntimed out after %d s\n' % (shlex.join(cmd), TIMEOUT)
        log = '$ %s\n%s%s' % (shlex.join(cmd), p.stdout, p.stderr)
        if p.returncode != 0:
            log += '(exit status %d)\n' % p.returncode
        return p.returncode == 0, log

    def include_dirs(self):
        """The library's header folders: its own and its features'."""
        top = os.path.join(self.src, 'libschedula-glib')
        dirs = [top] + [os.path.join(top, d) for d, _ in FEATURE_DIRS
                        if os.path.isdir(os.path.join(top, d))]
        return dirs + [self.libdir]

    def c_command(self, source, output, extra=()):
        includes = [arg for d in self.include_dirs() for arg in ('-I', d)]
        return (self.cc + C_WARNINGS + list(extra) + includes + [
                 source, '-o', output, '-L', self.libdir, '-lschedula-glib-1.0',
                 '-Wl,-rpath,' + self.libdir] + self.glib_flags + ['-lm'])

    def c_source(self, sample):
        """The C translation unit of a sample."""
        location = '#line %d "%s"\n' % (sample.line, sample.path)
        if sample.is_program():
            return location + sample.text, False
        if re.search(r'(?m)^\{\s*$', sample.text):  # file-scope code
            return ('#include <schedula-glib.h>\n' + location + sample.text +
                    '\nint main (void);\nint\nmain (void)\n{\n  return 0;\n}\n'), True
        stubs = ''.join(code for name, code in CONTEXT_FUNCTIONS.items()
                        if re.search(r'\b%s\b' % name, sample.text))
        params = ',\n                 '.join(CONTEXT)
        body = '\n'.join(('  ' + l) if l.strip() else '' for l in sample.text.split('\n'))
        return ('#include <schedula-glib.h>\n\n%s\n'
                'void sample_fragment (%s);\n\n'
                'void\nsample_fragment (%s)\n{\n  {\n%s%s\n  }\n}\n\n'
                'int main (void);\nint\nmain (void)\n{\n  return 0;\n}\n'
                % (stubs, params, params, location, body)), True

    def job_c(self, sample, name):
        source, fragment = self.c_source(sample)
        path = os.path.join(self.workdir, 'c', name + '.c')
        exe = os.path.join(self.workdir, 'c', name)
        write(path, source)
        ok, log = self.run(self.c_command(path, exe, C_FRAGMENT_WARNINGS if fragment else ()))
        if not ok or fragment:
            return ok, 'compiled', log
        ok, run_log = self.run([exe], env=self.native_env)
        return ok, 'compiled, ran', log + run_log

    def job_python(self, sample, name):
        if sample.fragment:
            try:
                compile(padding(sample) + sample.text, sample.path, 'exec')
            except SyntaxError as e:
                return False, 'compiled', '%s: %s\n' % (sample.where, e)
            return True, 'compiled', ''
        path = os.path.join(self.workdir, 'python', name + '.py')
        write(path, padding(sample) + sample.text)
        ok, log = self.run([self.python, path])
        return ok, 'ran', log

    def job_js(self, sample, name):
        path = os.path.join(self.workdir, 'js', name + '.js')
        write(path, padding(sample) + sample.text)
        if sample.fragment:
            checker = os.path.join(self.workdir, 'js', 'parse-' + name + '.js')
            write(checker, 'const [path] = ARGV;\n'
                  'const text = new TextDecoder().decode(imports.gi.GLib.file_get_contents(path)[1]);\n'
                  'Reflect.parse(text, {target: "module", source: path});\n')
            ok, log = self.run([self.gjs, checker, path])
            return ok, 'parsed', log
        ok, log = self.run([self.gjs, '-m', path], cwd=os.path.dirname(path))
        return ok, 'ran', log

    def job_vala(self, sample, name):
        path = os.path.join(self.workdir, 'vala', name + '.vala')
        exe = os.path.join(self.workdir, 'vala', name)
        if sample.fragment:
            body = '\n'.join(('    ' + l) if l.strip() else '' for l in sample.text.split('\n'))
            write(path, padding(sample, 1) + 'public void fragment () throws GLib.Error {\n' +
                  body + '\n}\n')
        else:
            write(path, padding(sample) + sample.text)
        cmd = self.valac + ['--vapidir', self.libdir, '--pkg', 'gio-2.0',
                            '--pkg', 'schedula-glib-1.0']
        if sample.fragment:
            cmd += ['-C', '-d', os.path.join(self.workdir, 'vala', name + '-c'), path]
        else:
            cmd += [arg for d in self.include_dirs() for arg in ('-X', '-I' + d)]
            cmd += ['-X', '-L' + self.libdir,
                    '-X', '-lschedula-glib-1.0', '-X', '-Wl,-rpath,' + self.libdir,
                    '-X', '-w', path, '-o', exe]
        ok, log = self.run(cmd)
        if ok and re.search(r'\bwarning:', log):
            ok, log = False, log + '(valac warnings fail a sample)\n'
        if not ok or sample.fragment:
            return ok, 'compiled', log
        ok, run_log = self.run([exe], env=self.native_env)
        return ok, 'compiled, ran', log + run_log

    def job(self, sample, name):
        if sample.same_as is not None:
            return True, 'same as %s' % sample.same_as.where, ''
        return getattr(self, 'job_' + sample.language)(sample, name)


def padding(sample, lines_before=0):
    """The blank lines that go before a sample of a page (Python,
    JavaScript, Vala) in a file of its own, so that the line numbers of the
    interpreters and compilers are those of the page; @lines_before is
    the number of lines the file has between them and the sample."""
    return '\n' * (sample.line - 1 - lines_before)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description='Runs the code samples of the API reference.')
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--build-root', required=True)
    parser.add_argument('--cc', default='cc', help='the C compiler command')
    parser.add_argument('--valac', default='', help='the Vala compiler command ("" if none)')
    parser.add_argument('--gjs', default='', help='gjs ("" if none)')
    parser.add_argument('--python', default='/usr/bin/python3')
    parser.add_argument('--worker', default='',
                        help='the schedula-worker of the build ($SCHEDULA_WORKER of the programs)')
    parser.add_argument('--list', action='store_true', help='list the samples, run nothing')
    parser.add_argument('--only', help='run only the samples whose place or owner has TEXT')
    parser.add_argument('--keep', metavar='DIR', help='write the programs to DIR and keep them')
    parser.add_argument('-j', '--jobs', type=int, default=max(2, os.cpu_count() or 1))
    args = parser.parse_args()

    features = built_features(args.build_root)
    doc_samples, errors = doc_comment_samples(args.source_root, features)
    md_samples = []
    PAGES.extend(page for page, feature in FEATURE_PAGES
                 if feature in features and os.path.exists(os.path.join(args.source_root, 'docs', page)))
    for page in PAGES:
        page_found, page_errors = page_samples(args.source_root, page)
        md_samples += page_found
        errors += page_errors
    errors += check_structure(doc_samples, md_samples)
    samples = doc_samples + md_samples

    if args.list:
        for s in samples:
            print('%-6s %-8s %s  %s' % (s.language, 'program' if s.is_program() else 'fragment',
                                        s.where, s.label))
        return 0

    missing = [what for what, found in (
        ('no valac, or no vapi (-Dvapi): the Vala samples need them', args.valac),
        ('no gjs, or -Dgjs=disabled: the JavaScript samples need gjs', args.gjs)) if not found]
    if missing:
        print('SKIP: %s; no sample was run (on Debian: apt-get install valac gjs, then '
              'reconfigure the build)' % '; '.join(missing))
        return 77

    if args.only:
        samples = [s for s in samples if args.only in s.where or args.only in s.label]

    workdir = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix='doc-samples-')
    if args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
        os.makedirs(workdir)
    started = time.monotonic()
    try:
        runner = Runner(args, workdir)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {}
            for n, s in enumerate(samples):
                name = 'sample%02d-%s' % (n, re.sub(r'[^A-Za-z0-9]+', '-', s.label).strip('-'))
                futures[pool.submit(runner.job, s, name)] = s
            for future in concurrent.futures.as_completed(futures):
                futures[future].result = future.result()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    failed = [s for s in samples if not s.result[0]]
    for s in samples:
        ok, what, log = s.result
        print('%s %-6s %-8s %s  %s: %s' % ('ok  ' if ok else 'FAIL', s.language,
                                             'program' if s.is_program() else 'fragment',
                                             s.where, s.label, what))
    for s in failed:
        print('\n--- %s (%s, %s; the line numbers are those of %s) ---\n%s'
              % (s.where, s.language, s.label, s.path, s.result[2].rstrip()))
    for e in errors:
        print('ERROR: ' + e)

    print('\nSummary:')
    origins = [('doc comments', [s for s in samples if s in doc_samples])]
    for page in PAGES:
        rel = os.path.join('docs', page)
        origins.append((rel, [s for s in samples if s.path == rel]))
    for origin, group in origins:
        for language in LANGUAGES:
            these = [s for s in group if s.language == language]
            if not these:
                continue
            same = sum(1 for s in these if s.same_as is not None)
            ran = sum(1 for s in these if s.is_program()) - same
            checked = len(these) - ran - same
            print('  %-16s %-6s %2d samples: %d run, %d compiled/parsed only%s%s' % (
                origin, language, len(these), ran, checked,
                ', %d the same as the doc comments\'' % same if same else '',
                ', %d FAILED' % sum(1 for s in these if not s.result[0])
                if any(not s.result[0] for s in these) else ''))
    print('  %.1f s' % (time.monotonic() - started))
    return 1 if failed or errors else 0


if __name__ == '__main__':
    sys.exit(main())
