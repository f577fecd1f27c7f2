#!/usr/bin/python3
# check_snippets.py: the README's side-by-side code blocks are the files of
# examples/readme/ (which are tests), so that they cannot drift apart.
#
# A block is tied to its file by the line before it, which names the file:
#
#     **Python**, `examples/readme/model.py`:
#
#     ```python
#     ...
#     ```
#
#   check_snippets.py README.md
#
# Exits non-zero when a block differs from its file, or when a model.* file
# of this directory has no block.
#
# SPDX-License-Identifier: EUPL-1.2

import difflib
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
NAMED = re.compile(r'`examples/readme/(model\.[a-z]+)`')


def blocks(readme):
    """(file name, README line, block text) for each block that follows a
    line naming a file of examples/readme/."""
    lines = readme.read_text(encoding='utf-8').splitlines(keepends=True)
    named = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('```') and named is not None:
            start = i + 1
            end = start
            while end < len(lines) and lines[end].rstrip('\n') != '```':
                end += 1
            yield named, start + 1, ''.join(lines[start:end])
            named = None
            i = end + 1
            continue
        match = NAMED.search(line)
        if match:
            named = match.group(1)
        elif line.strip():
            named = None
        i += 1


def main(argv):
    if len(argv) != 2:
        print('usage: %s README.md' % argv[0], file=sys.stderr)
        return 2
    readme = pathlib.Path(argv[1])
    ok = True
    seen = set()

    for name, line, text in blocks(readme):
        seen.add(name)
        path = HERE / name
        if not path.is_file():
            print('%s:%d: the block names %s, which does not exist' % (readme, line, path))
            ok = False
            continue
        expected = path.read_text(encoding='utf-8')
        if text != expected:
            print('%s:%d: the block differs from %s:' % (readme, line, path))
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True),
                str(path), '%s (line %d)' % (readme, line)))
            ok = False
        else:
            print('ok: %s' % name)

    for path in sorted(HERE.glob('model.*')):
        if path.name not in seen:
            print('%s: no block of %s shows %s' % (readme, readme.name, path))
            ok = False

    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
