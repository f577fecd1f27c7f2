#!/usr/bin/python3
# tutorial.py: schedula's tutorial, symmetric cryptography, on libschedula-glib
#
# A model that gets a key (generated, or read from a key file when there is
# one), writes it to the key file, encrypts and decrypts messages with Fernet
# (python3-cryptography) and reads and writes them from/to files; then a
# sub-model of it without the functions that touch files, the part one would
# expose as a service.
#
# It runs four dispatches in a temporary directory, prints what each one did
# and exits with a failure status when a decrypted message differs from the
# original.
#
#   /usr/bin/python3 examples/tutorial.py [MESSAGE]
#
# SPDX-License-Identifier: EUPL-1.2

import os
import os.path as osp
import sys
import tempfile

import gi
gi.require_version('Schedula', '1.0')
from gi.repository import Schedula as sh
from cryptography.fernet import Fernet


# The model -------------------------------------------------------------------

def build_model():
    dsp = sh.Dispatcher(name='symmetric_cryptography')

    # A new key costs more than reading one (weight 2): when the key file
    # exists, read_key wins; when it does not, its input domain says no and
    # the dispatch goes around it to generate_key.
    @sh.add_function(dsp, outputs=['key'], weight=2)
    def generate_key():
        return Fernet.generate_key().decode()

    @sh.add_function(dsp, outputs=['key'], input_domain=osp.isfile)
    def read_key(key_fpath):
        with open(key_fpath) as f:
            return f.read()

    @sh.add_function(dsp)
    def write_key(key_fpath, key):
        with open(key_fpath, 'w') as f:
            f.write(key)

    @sh.add_function(dsp, outputs=['encrypted'])
    def encrypt_message(key, decrypted):
        return Fernet(key.encode()).encrypt(decrypted.encode()).decode()

    @sh.add_function(dsp, outputs=['decrypted'])
    def decrypt_message(key, encrypted):
        return Fernet(key.encode()).decrypt(encrypted.encode()).decode()

    # The same two file functions again, with other ids, inputs and outputs:
    # reading and writing the messages.
    dsp.add_function('read_decrypted', read_key, ['decrypted_fpath'], ['decrypted'],
                     input_domain=osp.isfile)
    dsp.add_function('read_encrypted', read_key, ['encrypted_fpath'], ['encrypted'],
                     input_domain=osp.isfile)
    dsp.add_function('write_decrypted', write_key, ['decrypted_fpath', 'decrypted'])
    dsp.add_function('write_encrypted', write_key, ['encrypted_fpath', 'encrypted'])
    return dsp


def build_api(dsp):
    """The sub-model without file functions: keys and messages in memory."""
    return dsp.get_sub_dsp([
        'generate_key', 'key', 'encrypt_message', 'decrypt_message',
        'decrypted', 'encrypted', sh.START,
    ])


# Printing ------------------------------------------------------------------------

def short(value):
    text = repr(value)
    return text if len(text) <= 48 else text[:45] + '...'


def report(title, dsp, sol):
    """Prints the functions that ran, in the order they ran, and the values
    computed."""
    print('\n== %s' % title)
    functions = dsp.function_nodes
    wf = sol.workflow
    visited = list(sol.pipe)  # the nodes in the order they were visited
    ran = [n for n in visited if n in functions and wf.succ.get(n)]
    refused = [n for n in visited if wf.nodes.get(n, {}).get('solution_domain') is False]
    print('   functions run: %s' % ', '.join(ran))
    if refused:
        print('   not run (input domain false): %s' % ', '.join(refused))
    for node_id, value in sol.items():
        print('   %-16s = %s' % (node_id, short(value)))
    for node_id, message in sol._errors.items():
        print('   error in %s: %s' % (node_id, message))


def check(what, got, expected):
    if got != expected:
        print('FAIL: %s: got %r, expected %r' % (what, got, expected), file=sys.stderr)
        return False
    print('   OK: %s' % what)
    return True


# The tutorial -------------------------------------------------------------------

def main(argv):
    message = argv[1] if len(argv) > 1 else 'secret message'
    dsp = build_model()
    print('model %r: %d data nodes, %d functions'
          % (dsp.name, len(dsp.data_nodes), len(dsp.function_nodes)))
    ok = True

    with tempfile.TemporaryDirectory(prefix='schedula-tutorial-') as tmp:
        key_fpath = osp.join(tmp, 'key.key')
        encrypted_fpath = osp.join(tmp, 'data.secret')
        decrypted_fpath = osp.join(tmp, 'data.txt')
        print('temporary directory: %s' % tmp)

        # 1. No key file yet: a new key, the message encrypted, the key and
        #    the encrypted message written to their files.
        sol = dsp.dispatch(inputs={
            'decrypted': message,
            'key_fpath': key_fpath,
            'encrypted_fpath': encrypted_fpath,
        })
        report('1. encrypt %r, no key file yet' % message, dsp, sol)
        ok &= check('key file written', osp.isfile(key_fpath), True)
        ok &= check('encrypted file written', osp.isfile(encrypted_fpath), True)
        ok &= check('the key file holds the new key', read_file(key_fpath), sol['key'])

        # 2. Only the file names, asking for the decrypted message: the
        #    dispatch reads the key and the encrypted message and decrypts
        #    it, and nothing else.
        sol = dsp.dispatch(inputs={'key_fpath': key_fpath, 'encrypted_fpath': encrypted_fpath},
                           outputs=['decrypted'])
        report('2. decrypt %s with the key file' % osp.basename(encrypted_fpath), dsp, sol)
        ok &= check('decrypted message equals the original', sol.get('decrypted'), message)

        # 3. The key file exists now: reading it costs less than a new key.
        #    Another message, encrypted and written to a file in clear.
        second = message[::-1]
        sol = dsp.dispatch(inputs={
            'decrypted': second,
            'key_fpath': key_fpath,
            'decrypted_fpath': decrypted_fpath,
        })
        report('3. encrypt %r with the key file' % second, dsp, sol)
        ok &= check('the key was read, not generated', sol.get('key'), read_file(key_fpath))
        ok &= check('message file written', read_file(decrypted_fpath), second)
        ok &= check('decrypted with the key alone',
                    Fernet(sol['key'].encode()).decrypt(sol['encrypted'].encode()).decode(),
                    second)

        # 4. The sub-model without file functions: encrypt with a new key,
        #    then decrypt with the key and the token alone.
        api = build_api(dsp)
        print('\nsub-model without file functions: %s' % ', '.join(api.function_nodes))
        sol = api.dispatch(inputs={'decrypted': message})
        report('4a. sub-model: encrypt %r' % message, api, sol)
        token, key = sol['encrypted'], sol['key']
        sol = api.dispatch(inputs={'key': key, 'encrypted': token}, outputs=['decrypted'])
        report('4b. sub-model: decrypt it', api, sol)
        ok &= check('decrypted message equals the original', sol.get('decrypted'), message)
        ok &= check('the temporary directory holds only the files of 1-3',
                    sorted(os.listdir(tmp)), sorted(['key.key', 'data.secret', 'data.txt']))

    if not ok:
        print('\nFAIL', file=sys.stderr)
        return 1
    print('\nOK: every decrypted message equals its original')
    return 0


def read_file(path):
    with open(path) as f:
        return f.read()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
