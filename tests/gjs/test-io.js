// test-io.js: model files from JS (issue 10, libschedula-glib/io): a model
// with JS functions saved to bytes and to files and loaded back with a
// FunctionRegistry that holds the functions; default values and maps; the
// asynchronous stream pair in a GLib main loop; the errors (line and
// column, the name of a missing function, references not allowed).
//
// Every loaded model must dispatch as the model saved: the same values,
// distances and workflow, with the JS functions of the registry.
//
// SPDX-License-Identifier: EUPL-1.2

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';

import {
    Schedula, addData, dispatch, fn, mapping, toValue, values,
} from '../../bindings/gjs/schedula.js';
import {
    check, distText, done, equal, modelText, note, solText, test, throws, wfEdgesText,
} from './harness.js';

const {LoadFlags, ModelFileError} = Schedula;

// The JS functions, counting their calls: a loaded model must call these
const calls = {inc: 0, double: 0, add: 0};
const inc = fn('inc', x => {
    calls.inc++;
    return x + 1;
});
const twice = fn('double', x => {
    calls.double++;
    return x * 2;
});
const add = fn('add', (x, y) => {
    calls.add++;
    return x + y;
});

// a (default 1) -> inc -> b; b, c -> add -> d; the sub-dispatcher s
// (child: x -> double -> y) maps b to x and y to e
function model() {
    const child = Schedula.Dispatcher.new('child');
    child.add_function('double', twice, ['x'], ['y']);
    const dsp = Schedula.Dispatcher.new('model');
    addData(dsp, 'a', 1);
    dsp.add_function('inc', inc, ['a'], ['b']);
    dsp.add_function('add', add, ['b', 'c'], ['d']);
    dsp.add_dispatcher('s', child, mapping({b: 'x'}), mapping({y: 'e'}));
    return dsp;
}

// A registry of the JS functions, by their names; `without` left out
function registry(without = null) {
    const r = Schedula.FunctionRegistry.new();
    for (const f of [inc, twice, add]) {
        if (f.get_name() !== without)
            r.add(null, f);
    }
    return r;
}

// What a dispatch gives, as text, and how many JS calls it made
function outcome(dsp, inputs) {
    const before = calls.inc + calls.double + calls.add;
    const sol = dispatch(dsp, {inputs});
    return {
        values: solText(sol), dist: distText(sol), edges: wfEdgesText(sol),
        calls: calls.inc + calls.double + calls.add - before,
    };
}

const decoder = new TextDecoder();
const text = bytes => decoder.decode(bytes.toArray());
const bytesOf = string => new GLib.Bytes(new TextEncoder().encode(string));

const dir = GLib.dir_make_tmp('schedula-io-gjs-XXXXXX');
const IN = {c: 2};

// Whether `e` is a model file error of `code` whose message has all of `parts`
function isFileError(e, code, ...parts) {
    return e instanceof GLib.Error && e.matches(ModelFileError, code) &&
        parts.every(p => e.message.includes(p));
}

test('save_to_bytes and new_from_bytes: the registry\'s JS functions, the same dispatch', () => {
    const dsp = model();
    const saved = dsp.save_to_bytes();
    check(text(saved).includes('"function" : "inc"'), 'a JS function is written by its name');
    const loaded = Schedula.Dispatcher.new_from_bytes(saved, registry(), LoadFlags.NONE);
    const expected = outcome(dsp, IN);
    equal(expected.values, 'a=1, c=2, b=2, d=4, e=4', 'the model saved dispatches');
    equal(outcome(loaded, IN), expected, 'the model loaded: the same dispatch, the same JS calls');
    equal(loaded.get_name(), 'model', 'its name');
    equal(modelText(loaded, 'nodes'), modelText(dsp, 'nodes'), 'its nodes and their indexes');
    check(text(loaded.save_to_bytes()) === text(saved), 'saved again: the same bytes');
});

test('save_to_file and new_from_file, read and written with Gio', () => {
    const dsp = model();
    const path = GLib.build_filenamev([dir, 'model.json']);
    const file = Gio.File.new_for_path(path);
    dsp.save_to_file(path);
    const [, contents] = file.load_contents(null);
    check(decoder.decode(contents) === text(dsp.save_to_bytes()),
        'the file holds what save_to_bytes() gives');
    equal(outcome(Schedula.Dispatcher.new_from_file(path, registry(), LoadFlags.NONE), IN),
        outcome(dsp, IN), 'the model of the file: the same dispatch');

    // a file written by Gio
    const copy = GLib.build_filenamev([dir, 'copy.json']);
    Gio.File.new_for_path(copy).replace_contents(contents, null, false, Gio.FileCreateFlags.NONE,
        null);
    equal(outcome(Schedula.Dispatcher.new_from_file(copy, registry(), LoadFlags.NONE), IN),
        outcome(dsp, IN), 'a copy written with Gio: the same dispatch');
    file.delete(null);
    Gio.File.new_for_path(copy).delete(null);
});

test('default values: the file\'s replace the dispatcher\'s, which is re-initialised', () => {
    const dsp = model();
    addData(dsp, 'c', 5);
    const saved = dsp.save_default_values_to_bytes();

    const target = model();
    target.set_default_value('a', toValue(40), null);
    target.set_raises(Schedula.Raises.RAISE);
    equal(modelText(target, 'defaults'), 'a=40', 'before: the target\'s own default');
    target.load_default_values_from_bytes(saved, LoadFlags.NONE);
    equal(modelText(target, 'defaults'), 'a=1, c=5',
        'after: the defaults of the file, and only those');
    equal(target.get_name(), '', 're-initialised: no name');
    equal(target.get_raises(), Schedula.Raises.RECORD,
        're-initialised: a new dispatcher\'s raises');
    equal(outcome(target, {}), outcome(dsp, {}), 'it dispatches as the model saved');

    // a bad file leaves it as it was
    throws(() => target.load_default_values_from_bytes(bytesOf('{"format": 1'), LoadFlags.NONE),
        e => isFileError(e, ModelFileError.PARSE, '1:13'), 'a bad file is refused');
    equal(modelText(target, 'defaults'), 'a=1, c=5', 'and the defaults are unchanged');
});

test('maps: the graph of the file, the dispatcher\'s defaults of its nodes', () => {
    const dsp = model();
    const saved = dsp.save_map_to_bytes();
    check(!text(saved).includes('"default"'), 'the map does not hold the model\'s own defaults');

    const target = Schedula.Dispatcher.new('target');
    addData(target, 'c', 7);
    addData(target, 'z', 9);
    target.load_map_from_bytes(saved, registry(), LoadFlags.NONE);
    equal(modelText(target, 'nodes'), modelText(dsp, 'nodes'), 'the nodes of the map');
    equal(modelText(target, 'sortedEdges'), modelText(dsp, 'sortedEdges'), 'its edges');
    equal(modelText(target, 'defaults'), 'c=7',
        'the target keeps its default of c, a node of the map');
    equal(target.get_name(), '', 're-initialised: no name');
    equal(values(dispatch(target, {inputs: {a: 1}})), values(dispatch(dsp, {inputs: {c: 7}})),
        'it dispatches as the model saved with the same values');
    const other = Schedula.Dispatcher.new('other');
    throws(() => other.load_map_from_bytes(saved, registry('double'), LoadFlags.NONE),
        e => isFileError(e, ModelFileError.UNKNOWN_FUNCTION, 'double'),
        'the map needs the functions of its sub-dispatchers too');
});

// One call of an asynchronous pair as a Promise: `begin(callback)` starts
// it, `finish(result)` ends it. `state.inLoop` records whether the callback
// ran while `loop` ran, `state.later` whether it came after the call
// returned.
function asyncCall(begin, finish, loop, state) {
    return new Promise((resolve, reject) => {
        let returned = false;
        begin((_, result) => {
            state.inLoop.push(loop.is_running());
            state.later.push(returned);
            try {
                resolve(finish(result));
            } catch (e) {
                reject(e);
            }
        });
        returned = true;
    });
}

function loadFromStream(stream, loop, state) {
    return asyncCall(
        callback => Schedula.Dispatcher.new_from_stream_async(stream, registry(), LoadFlags.NONE,
            null, callback),
        result => Schedula.Dispatcher.new_from_stream_finish(result), loop, state);
}

// Runs the async function `body(loop)` in a GLib main loop of its own:
// returns once its promise settles, with its value (or throws its error)
function inMainLoop(body) {
    const loop = new GLib.MainLoop(null, false);
    let settled = null;
    body(loop).then(value => {
        settled = {value};
    }, error => {
        settled = {error};
    }).finally(() => loop.quit());
    loop.run();
    if (settled.error)
        throw settled.error;
    return settled.value;
}

test('save_to_stream_async and new_from_stream_async in a main loop', () => {
    const dsp = model();
    const state = {inLoop: [], later: []};
    const [saved, written, loaded, failure] = inMainLoop(async loop => {
        const out = Gio.MemoryOutputStream.new_resizable();
        const ok = await asyncCall(callback => dsp.save_to_stream_async(out, null, callback),
            result => dsp.save_to_stream_finish(result), loop, state);
        out.close(null);
        const bytes = out.steal_as_bytes();
        const input = Gio.MemoryInputStream.new_from_bytes(bytes);
        const model2 = await loadFromStream(input, loop, state);
        let error = null;
        try {
            const bad = Gio.MemoryInputStream.new_from_bytes(bytesOf('{\n  "format": }'));
            await loadFromStream(bad, loop, state);
        } catch (e) {
            error = e;
        }
        return [ok, bytes, model2, error];
    });
    check(saved === true, 'save_to_stream_finish() says the model was written');
    check(text(written) === text(dsp.save_to_bytes()),
        'the stream holds what save_to_bytes() gives');
    equal(outcome(loaded, IN), outcome(dsp, IN),
        'the model read from the stream: the same dispatch');
    check(isFileError(failure, ModelFileError.PARSE, '2:13'),
        `a bad stream rejects with the line and column: ${failure}`);
    equal(state.inLoop, [true, true, true], 'each callback ran in the main loop');
    equal(state.later, [true, true, true], 'after its call returned');
});

test('errors: bad JSON, an unregistered function, a reference not allowed', () => {
    const bad = bytesOf('{"format": "schedula-model/1",\n  "content": model}');
    throws(() => Schedula.Dispatcher.new_from_bytes(bad, registry(), LoadFlags.NONE),
        e => isFileError(e, ModelFileError.PARSE, '<data>:2:14', 'a value expected'),
        'bad JSON: ModelFileError.PARSE at its line and column');

    const path = GLib.build_filenamev([dir, 'bad.json']);
    GLib.file_set_contents(path, '{\n  "format": "schedula-model/1",\n  "content": [1, 2,]\n}');
    throws(() => Schedula.Dispatcher.new_from_file(path, registry(), LoadFlags.NONE),
        e => isFileError(e, ModelFileError.PARSE, `${path}:3:20`),
        'in a file: its path, line and column');
    GLib.unlink(path);

    const saved = model().save_to_bytes();
    throws(() => Schedula.Dispatcher.new_from_bytes(saved, registry('add'), LoadFlags.NONE),
        e => isFileError(e, ModelFileError.UNKNOWN_FUNCTION, 'no function named add'),
        'a function the registry does not have: named');

    const module = GLib.getenv('SCHEDULA_TEST_FUNCTIONS');
    if (module === null) {
        note('SCHEDULA_TEST_FUNCTIONS is not set (meson test sets it): no c: reference');
        return;
    }
    const ref = `c:${module}:tf_sum`;
    const dsp = Schedula.Dispatcher.new('c-refs');
    dsp.add_function('sum', Schedula.Function.new_for_ref(ref), ['a', 'b'], ['c']);
    const withRef = dsp.save_to_bytes();
    throws(() => Schedula.Dispatcher.new_from_bytes(withRef, null, LoadFlags.NONE),
        e => isFileError(e, ModelFileError.REF_NOT_ALLOWED, ref),
        'a c: reference without ALLOW_REFS: refused, named');
    const allowed = Schedula.Dispatcher.new_from_bytes(withRef, null, LoadFlags.ALLOW_REFS);
    const ab = {inputs: {a: 1, b: 2}};
    equal(values(dispatch(allowed, ab)), values(dispatch(dsp, ab)),
        'with ALLOW_REFS: loaded, the same dispatch');
});

GLib.rmdir(dir);
done();
