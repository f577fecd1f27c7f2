#!/usr/bin/python3
# make-expected.py: the plot examples of schedula (7.04, 7.05, 7.06 of
# tests/examples.json) as the summaries test-plot.c writes of its plots
#
#   /usr/bin/python3 tests/plot-data/make-expected.py > tests/plot-data/examples.expected
#
# One block per example, one per folder (page) inside, in schedula's order:
#
#   example 7.04
#   folder plotted (dmap)
#       a: shape=box, fillcolor=#73c4fa, color=#73c4fa, style=rounded,filled, rows=[default]
#       edges: a->fun; fun->b
#
# What the library draws differently, on purpose, is taken out here and
# said in docs/plots.md:
#   - the rows `started` and `duration`: the library does not record when a
#     function ran;
#   - the rows of the special nodes (START, SINK, END, ...): schedula draws
#     those nodes with their label alone, and so does the library; their
#     rows are in the HTML view's hover;
#   - the order of the edges of a workflow (schedula: "may be compared as
#     sets"): they are sorted.
#
# SPDX-License-Identifier: EUPL-1.2

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ('7.04', '7.05', '7.06')
UNRECORDED = ('started', 'duration')


def node_line(node):
    parts = []
    for key in ('shape', 'fillcolor', 'color', 'style', 'label'):
        if key in node:
            parts.append('%s=%s' % (key, node[key]))
    special = node['id'].startswith('$')
    rows = [r for r in node.get('rows', []) if r not in UNRECORDED and not special]
    if rows:
        parts.append('rows=[%s]' % ', '.join(rows))
    return '    %s: %s' % (node['id'], ', '.join(parts))


def main():
    path = os.path.join(HERE, '..', 'examples.json')
    with open(path, encoding='utf-8') as f:
        examples = json.load(f)
    out = []
    for example in examples:
        name = example['name'][:4]
        if name not in NAMES:
            continue
        out.append('example %s' % name)
        for folder in example['expected']['folders']:
            out.append('folder %s (%s)' % ('/'.join(folder['path']), folder['label']))
            for node in folder['nodes']:
                out.append(node_line(node))
            edges = ['%s->%s' % (u, v) for u, v in folder['edges']]
            if folder['label'] == 'workflow':
                edges.sort()
            out.append('    edges: %s' % '; '.join(edges))
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
