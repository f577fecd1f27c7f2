# c = a + b, d = c * 2, with b = 3 by default: dispatch {a: 2}, ask for d.
import sys

import gi
gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh

dsp = sh.Dispatcher(name='model')
dsp.add_data('b', default_value=3)
dsp.add_function('add', lambda a, b: a + b, inputs=['a', 'b'], outputs=['c'])
dsp.add_function('twice', lambda c: c * 2, inputs=['c'], outputs=['d'])

sol = dsp.dispatch(inputs={'a': 2}, outputs=['d'])
print('d =', sol['d'])
sys.exit(0 if sol['d'] == 10 else 1)
