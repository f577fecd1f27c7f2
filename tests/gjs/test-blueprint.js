// test-blueprint.js: blueprints from JS: a model recorded once, registered
// into independent dispatchers (schedula's BlueDispatcher)
//
// SPDX-License-Identifier: EUPL-1.2

import {
    Schedula, dispatch, fn, lookup, mapping, toValue, values,
} from '../../bindings/gjs/schedula.js';
import {check, done, equal, isDispatchError, test, throws} from './harness.js';

const inc = fn('inc', x => x + 1);
const add = fn('add', (a, b) => a + b);
const twice = fn('double', x => x * 2);

// a = 1 by default; inc: a -> b; add: a, b -> c
function basic() {
    const bp = Schedula.Blueprint.new('bp');
    bp.add_data('a', toValue(1));
    bp.add_function('inc', inc, ['a'], ['b']);
    bp.add_function('add', add, ['a', 'b'], ['c']);
    return bp;
}

test('one blueprint, two dispatchers', () => {
    const bp = basic();
    equal(bp.get_n_operations(), 3, 'three operations recorded');
    equal(bp.n_operations, 3, 'the property');
    const d1 = bp.register();
    const d2 = bp.register();
    check(d1 !== d2, 'two dispatchers');
    equal(d1.name, 'bp', 'the name of the blueprint');
    equal(values(dispatch(d1, {inputs: {a: 5}})), {a: 5, b: 6, c: 11}, 'the first dispatches');
    equal(values(dispatch(d2, {inputs: {a: 5}})), {a: 5, b: 6, c: 11}, 'the second gives the same');
    // a change to the first leaves the second alone
    d1.set_default_value('a', toValue(10), null);
    equal(lookup(dispatch(d1), 'c'), 21, 'the first, changed');
    equal(lookup(dispatch(d2), 'c'), 3, 'the second, as registered');
});

test('a child blueprint is registered once per register()', () => {
    const child = Schedula.Blueprint.new('child');
    child.add_function('double', twice, ['i'], ['o']);
    const bp = basic();
    bp.add_blueprint('s1', child, mapping({c: 'i'}), mapping({o: 'd'}));
    bp.add_blueprint('s2', child, mapping({d: 'i'}), mapping({o: 'e'}));
    const d1 = bp.register();
    const d2 = bp.register();
    const c1 = d1.lookup_node('s1').get_child();
    check(c1 === d1.lookup_node('s2').get_child(), 'one child dispatcher for both nodes');
    check(c1 !== d2.lookup_node('s1').get_child(), 'another one for another register()');
    equal(lookup(dispatch(d2, {inputs: {a: 1}}), 'e'), 12, 'a = 1: c = 3, d = 6, e = 12');
});

test('extend, register_into', () => {
    const bp = Schedula.Blueprint.new('ext');
    bp.add_data('z', null);
    bp.extend(basic());
    const target = Schedula.Dispatcher.new('target');
    bp.register_into(target);
    equal(target.name, 'target', 'the target keeps its name');
    equal(lookup(dispatch(target, {inputs: {a: 2}}), 'c'), 5, 'the target dispatches');
    const copy = Schedula.Blueprint.new('copy');
    copy.extend_dispatcher(target);
    equal(lookup(dispatch(copy.register(), {inputs: {a: 2}}), 'c'), 5, 'a blueprint of a dispatcher');
});

test('errors come at register time, naming the operation', () => {
    const bp = basic();
    bp.add_function('f', inc, ['a'], ['add']);
    const e = throws(() => bp.register(),
        err => isDispatchError(err, Schedula.DispatchError.INVALID_INPUT), 'a bad output');
    check(e.message.startsWith("blueprint 'bp', operation 3 (add_function 'f'): "), e.message);
    const self = Schedula.Blueprint.new('self');
    self.add_blueprint('me', self, null, null);
    throws(() => self.register(), err => err.message.includes("blueprint 'self' contains itself"),
        'a blueprint that contains itself');
    self.run_dispose();
});

done();
