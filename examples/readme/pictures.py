#!/usr/bin/python3
# pictures.py: the README's pictures of the tutorial (examples/tutorial.py)
#
# The model of the tutorial, and the workflow of its second dispatch (only
# the two file names given, the decrypted message asked for), as the
# library plots them: DOT text, rendered to PNG by graphviz's `dot`. The
# README shows the PNG files of docs/images/; the DOT files next to them
# are what they were rendered from.
#
#   pictures.py --check    makes both DOT texts again and compares them with
#                          docs/images/tutorial-*.dot (exit 1 and a diff when
#                          they differ: the pictures are out of date), then
#                          renders them to PNG in a temporary directory
#   pictures.py --update   writes docs/images/tutorial-*.dot and .png
#
# The workflow is drawn without values (the rows schedula shows by
# default): the key and the token are new at each run, the file names are
# relative, so the text is the same at every run.
#
# SPDX-License-Identifier: EUPL-1.2

import difflib
import os
import os.path as osp
import shutil
import subprocess
import sys
import tempfile

HERE = osp.dirname(osp.abspath(__file__))
IMAGES = osp.join(HERE, '..', '..', 'docs', 'images')
sys.path.insert(0, osp.join(HERE, '..'))

import tutorial  # noqa: E402  (examples/tutorial.py)
from tutorial import sh  # noqa: E402


def make_dot():
    """{name: DOT text} of the model and of the workflow."""
    dsp = tutorial.build_model()
    pictures = {'tutorial-model': dsp.to_dot()}
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix='schedula-pictures-') as tmp:
        os.chdir(tmp)
        try:
            dsp.dispatch(inputs={'decrypted': 'secret message', 'key_fpath': 'key.key',
                                 'encrypted_fpath': 'data.secret'})
            sol = dsp.dispatch(inputs={'key_fpath': 'key.key', 'encrypted_fpath': 'data.secret'},
                               outputs=['decrypted'])
            if sol.get('decrypted') != 'secret message':
                raise SystemExit('the workflow of the tutorial did not decrypt the message')
            pictures['tutorial-workflow'] = sol.to_dot(rows=sh.PlotRows.STANDARD)
        finally:
            os.chdir(cwd)
    return pictures


def render(dot_text, png_path):
    dot = shutil.which('dot')
    if dot is None:
        raise SystemExit('graphviz\'s dot is not installed (tools/deps.sh installs it)')
    subprocess.run([dot, '-Tpng', '-Gdpi=80', '-o', png_path], input=dot_text.encode(), check=True)
    with open(png_path, 'rb') as f:
        if f.read(8) != b'\x89PNG\r\n\x1a\n':
            raise SystemExit('%s is not a PNG file' % png_path)


def check(pictures):
    stale = False
    for name, text in pictures.items():
        path = osp.join(IMAGES, name + '.dot')
        with open(path) as f:
            kept = f.read()
        if kept != text:
            stale = True
            sys.stdout.writelines(difflib.unified_diff(kept.splitlines(True), text.splitlines(True),
                                                       path, 'now'))
    if stale:
        print('the README pictures are out of date: run %s --update' % sys.argv[0])
        return 1
    with tempfile.TemporaryDirectory(prefix='schedula-pictures-') as tmp:
        for name, text in pictures.items():
            render(text, osp.join(tmp, name + '.png'))
            if not osp.isfile(osp.join(IMAGES, name + '.png')):
                print('docs/images/%s.png is missing: run %s --update' % (name, sys.argv[0]))
                return 1
    print('the README pictures are up to date (%s)' % ', '.join(sorted(pictures)))
    return 0


def update(pictures):
    os.makedirs(IMAGES, exist_ok=True)
    for name, text in pictures.items():
        with open(osp.join(IMAGES, name + '.dot'), 'w') as f:
            f.write(text)
        render(text, osp.join(IMAGES, name + '.png'))
        print('wrote docs/images/%s.dot and .png' % name)
    return 0


def main(argv):
    if len(argv) != 2 or argv[1] not in ('--check', '--update'):
        print('usage: %s --check|--update' % argv[0], file=sys.stderr)
        return 2
    pictures = make_dot()
    return check(pictures) if argv[1] == '--check' else update(pictures)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
