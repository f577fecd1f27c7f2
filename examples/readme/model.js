// c = a + b, d = c * 2, with b = 3 by default: dispatch {a: 2}, ask for d.
import Schedula from 'gi://Schedula?version=1.0';
import System from 'system';

// A JS function as a node function; JS functions run on the main context.
function func(name, f) {
    const fn = Schedula.Function.new(name, call => {
        const args = [];
        for (let i = 0; i < call.get_n_inputs(); i++)
            args.push(call.get_input(i));
        call.set_output(0, f(...args));
        return true;
    });
    fn.set_flags(Schedula.FunctionFlags.MAIN_CONTEXT);
    return fn;
}

const dsp = Schedula.Dispatcher.new('model');
dsp.add_data('b', 3);
dsp.add_function('add', func('add', (a, b) => a + b), ['a', 'b'], ['c']);
dsp.add_function('twice', func('twice', c => c * 2), ['c'], ['d']);

const sol = dsp.dispatch({a: 2}, ['d'], null, null);
const d = sol.lookup('d');
print(`d = ${d}`);
System.exit(d === 10 ? 0 : 1);
