# test_traps.py: what a new user of the binding runs into (issue 8):
# domains, the rule for results, typos, the check of a model, and the
# binding feeling like Python (messages, logging)
#
# SPDX-License-Identifier: EUPL-1.2

import logging
import re

import pytest

from conftest import sh


# -- input domains ---------------------------------------------------------------

def test_domain_returns_the_verdict():
    dsp = sh.Dispatcher()
    dsp.add_function('odometer', lambda start, end: end - start, ['start', 'end'], ['distance'],
                     input_domain=lambda start, end: end >= start)
    assert dsp.dispatch({'start': 10, 'end': 25.5})['distance'] == 15.5
    assert 'distance' not in dsp.dispatch({'start': 30, 'end': 25.5})


@pytest.mark.gi
def test_predicate_through_gi():
    from gi.repository import Schedula

    seen = []

    def odometer_ok(call, *user_data):
        # the number itself, not a (True, value) pair
        seen.append(call.get_double(1))
        return call.get_double(1) >= call.get_double(0)

    dsp = Schedula.Dispatcher.new('odometer')
    dsp.add_function('odometer', lambda a, b: b - a, ['start', 'end'], ['distance'])
    dsp.lookup_node('odometer').set_input_domain(
        Schedula.Function.new_predicate('odometer_ok', odometer_ok))
    assert dict(dsp.dispatch({'start': 1, 'end': 4})) == {'start': 1, 'end': 4, 'distance': 3}
    assert 'distance' not in dsp.dispatch({'start': 5, 'end': 4})
    assert seen == [4.0, 4.0] and all(type(x) is float for x in seen)


# -- the rule for results ----------------------------------------------------------

def test_results_are_zipped_with_the_outputs():
    dsp = sh.Dispatcher()
    dsp.add_function('three', lambda a: (1, 2, 3), ['a'], ['d', 'e'])
    dsp.add_function('one', lambda a: (1,), ['a'], ['x', 'y'])
    assert dict(dsp.dispatch({'a': 1})) == {'a': 1, 'd': 1, 'e': 2, 'x': 1}


def test_a_scalar_for_several_outputs_names_the_node():
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: a + 0.5, ['a'], ['b', 'c'])
    with pytest.raises(TypeError) as info:
        dsp.dispatch({'a': 1})
    assert str(info.value) == \
        "function node 'f' returned a float for its 2 outputs: 'float' object is not iterable"
    # schedula's own exception is the cause
    assert isinstance(info.value.__cause__, TypeError)


# -- typos and the check of a model --------------------------------------------------

def test_unknown_output_is_logged(caplog):
    dsp = sh.Dispatcher(name='trip')
    dsp.add_function('v', lambda d, t: d / t, ['distance', 'time'], ['speed'])
    with caplog.at_level(logging.WARNING, logger='schedula'):
        sol = dsp.dispatch({'distance': 10, 'time': 2}, outputs=['speed_mph'])
    assert dict(sol) == {'distance': 10, 'time': 2}
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ('schedula.utils.sol', 'WARNING',
         'dispatch of trip: speed_mph is not a node of the model, so it is never computed')]


def test_mapping_typo_is_found():
    child = sh.Dispatcher(name='emissions')
    child.add_function('co2', lambda fuel_l: fuel_l * 2.3, ['fuel_l'], ['co2_g'])
    dsp = sh.Dispatcher(name='trip')
    dsp.add_dispatcher(child, inputs={'fuel_l': 'fuell'}, outputs={'co2_g': 'co2'})
    findings = [(f.props.kind.value_nick, list(f.props.path), f.props.message)
                for f in dsp.check()]
    assert findings[0] == ('missing-mapping-target', ['emissions'],
                           'sub-dispatcher node emissions maps fuel_l to fuell, but emissions '
                           'has no node fuell')
    assert ('unreachable', ['emissions', 'co2'],
            'function node co2 never gets all its inputs from what the parent feeds its '
            'dispatcher') in findings


def test_output_is_its_own_id():
    dsp = sh.Dispatcher()
    with pytest.raises(ValueError, match='co2 is the id of this function node itself'):
        dsp.add_function('co2', lambda fuel: fuel * 2.3, ['fuel'], ['co2'])


# -- Python feels like Python ------------------------------------------------------------

def test_dispatcher_error_str_is_the_message():
    dsp = sh.Dispatcher(raises=True)
    dsp.add_function('f', lambda a: 1 / a, ['a'], ['b'])
    with pytest.raises(sh.DispatcherError) as info:
        dsp.dispatch({'a': 0})
    assert str(info.value) == "Failed DISPATCHING 'f' due to:\n  ZeroDivisionError('division by zero')"
    assert info.value.args[1] == 'f'


def test_failed_nodes_go_to_logging(caplog, capfd):
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: 1 / a, ['a'], ['b'])
    with caplog.at_level(logging.ERROR, logger='schedula'):
        dsp.dispatch({'a': 0})
    # schedula's logger name, a child of 'schedula'
    assert [r.name for r in caplog.records] == ['schedula.utils.sol']
    assert caplog.records[0].getMessage().startswith(
        "Failed DISPATCHING 'f' due to:\n  ZeroDivisionError('division by zero')")
    assert capfd.readouterr().err == ''


@pytest.mark.gi
def test_failures_logged_from_import(caplog, capfd):
    # the binding asks the library to log the failures it records (it logs
    # none by default), so that a failure in a sub-dispatcher reaches the
    # logger 'schedula' too, named by its path
    from gi.repository import Schedula
    assert Schedula.get_log_failures() is True
    child = sh.Dispatcher(name='child')
    child.add_function('f', lambda x: 1 / x, ['x'], ['y'])
    dsp = sh.Dispatcher()
    dsp.add_dispatcher(child, inputs={'a': 'x'}, outputs={'y': 'b'}, dsp_id='s')
    with caplog.at_level(logging.ERROR, logger='schedula'):
        sol = dsp.dispatch({'a': 0})
    assert 'b' not in sol
    assert [(r.name, r.levelname) for r in caplog.records] == [('schedula.utils.sol', 'ERROR')]
    assert caplog.records[0].getMessage().startswith(
        "Failed DISPATCHING 's/f' due to:\n  ZeroDivisionError('division by zero')")
    assert capfd.readouterr().err == ''


def test_verbose_goes_to_logging(caplog):
    dsp = sh.Dispatcher()
    dsp.add_function('f', lambda a: a + 1, ['a'], ['b'])
    with caplog.at_level(logging.INFO, logger='schedula'):
        dsp.dispatch({'a': 1}, verbose=True)
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0] == 'Start `f`...'
    assert re.fullmatch(r'Done `f` in \d+\.\d{5} sec\.', messages[1]), messages
    assert len(messages) == 2
