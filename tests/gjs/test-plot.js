// test-plot.js: plots from JS (issue 10, libschedula-glib/plot): to_dot()
// of a model and of a solution, plot() to .dot and .svg files, the pages
//
// SPDX-License-Identifier: EUPL-1.2

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';

import {Schedula, addData, fn, inputs} from '../../bindings/gjs/schedula.js';
import {check, done, equal, test, throws} from './harness.js';

const inc = fn('inc', x => x + 1);
const twice = fn('double', x => x * 2);

// a -> s (child: x -> f -> y) -> b -> h -> c
function model() {
    const child = Schedula.Dispatcher.new('child');
    child.add_function('f', inc, ['x'], ['y']);
    const dsp = Schedula.Dispatcher.new('parent');
    addData(dsp, 'a', 1);
    const ins = Schedula.Mapping.new();
    ins.add('a', 'x');
    const outs = Schedula.Mapping.new();
    outs.add('y', 'b');
    dsp.add_dispatcher('s', child, ins, outs);
    dsp.add_function('h', twice, ['b'], ['c']);
    return dsp;
}

// The titles of the node tables of a DOT text
function labels(dot) {
    return [...dot.matchAll(/<TD COLSPAN="2" BORDER="0">([^<]*)<\/TD>/g)].map(m => m[1]);
}

function readText(path) {
    const [, bytes] = GLib.file_get_contents(path);
    return new TextDecoder().decode(bytes);
}

const dir = GLib.dir_make_tmp('schedula-plot-gjs-XXXXXX');

test('Dispatcher.to_dot', () => {
    if (!Schedula.HAS_PLOT) {
        check(true, 'plots are not built');
        return;
    }
    const dot = model().to_dot(null);
    check(dot.startsWith('digraph dmap {\n'), 'the DOT of a model is a dmap graph');
    equal(labels(dot), ['a', 's', 'b', 'h', 'c'], 'its nodes, by index');
    check(dot.includes('shape=note, style="filled", fillcolor="#c6c6c6"'),
        'the sub-dispatcher is a grey note');

    const options = Schedula.PlotOptions.new();
    options.set_layout(Schedula.PlotLayout.CLUSTERS);
    check(model().to_dot(options).includes('subgraph cluster_1 {'), 'clusters');
});

test('Solution.to_dot', () => {
    if (!Schedula.HAS_PLOT)
        return;
    const sol = model().dispatch(inputs({a: 2}), null, null, null);
    const options = Schedula.PlotOptions.new();
    options.set_rows(Schedula.PlotRows.STANDARD | Schedula.PlotRows.VALUE);
    const dot = sol.to_dot(options);
    check(dot.startsWith('digraph workflow {\n'), 'the DOT of a solution is its workflow');
    check(dot.includes('>output</TD><TD ALIGN="LEFT" BALIGN="LEFT" BORDER="1">6</TD>'),
        'the value of c is in its table');
});

test('plot() to files', () => {
    if (!Schedula.HAS_PLOT)
        return;
    const dsp = model();
    const dotPath = GLib.build_filenamev([dir, 'model.dot']);
    check(dsp.plot(dotPath, null), 'plot() to .dot');
    check(readText(dotPath) === dsp.to_dot(null), 'the file is to_dot()');

    const svgPath = GLib.build_filenamev([dir, 'model.svg']);
    if (Schedula.HAS_GRAPHVIZ) {
        check(dsp.plot(svgPath, null), 'plot() to .svg');
        check(readText(svgPath).includes('<svg'), 'the file is an SVG');
    } else {
        throws(() => dsp.plot(svgPath, null),
            e => e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_SUPPORTED),
            'without graphviz, SVG is not supported');
    }
    throws(() => dsp.plot(GLib.build_filenamev([dir, 'model.png']), null),
        e => e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.INVALID_ARGUMENT),
        'an extension that names no format');

    const sol = dsp.dispatch(inputs({a: 2}), null, null, null);
    const wfPath = GLib.build_filenamev([dir, 'workflow.dot']);
    check(sol.plot(wfPath, null), 'Solution.plot() to .dot');
    check(readText(wfPath) === sol.to_dot(null), 'the file is the solution\'s to_dot()');
    for (const name of ['model.dot', 'model.svg', 'workflow.dot'])
        GLib.unlink(GLib.build_filenamev([dir, name]));
});

test('PlotMap and its pages', () => {
    if (!Schedula.HAS_PLOT)
        return;
    const plot = Schedula.PlotMap.new_for_dispatcher(model(), null);
    equal(plot.get_n_items(), 2, 'two pages');
    const page = plot.get_root().dup_child('s');
    equal(page.get_path(), ['parent', 's'], 'the path of the sub-dispatcher\'s page');
    equal(page.dup_node_ids(), ['f', 'x', 'y'], 'its nodes');
    equal(page.dup_parent().get_name(), 'parent', 'its parent');
});

GLib.rmdir(dir);
done();
