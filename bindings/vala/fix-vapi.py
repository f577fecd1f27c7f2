#!/usr/bin/python3
# fix-vapi.py: runs vapigen, then makes the vapi's const pointer-to-pointer
# arguments and results compile in C, from the GIR.
#
#   fix-vapi.py --gir Schedula-1.0.gir --output schedula-glib-1.0.vapi \
#               --deps schedula-glib-1.0.deps -- vapigen --library=... GIR
#
# Vala has no const, and C converts implicitly between pointers to pointers
# only when their pointed-to types are the same: valac's gchar ** and a
# const char *const * are not, so GCC reports the assignments and arguments
# without a cast as incompatible pointer types (an error since GCC 14).
# This script fixes the arguments and results whose C type in the GIR has
# two or more '*' and a const.
#
# Arguments (`const char *const *inputs`, NULL-terminated ids): valac casts
# an argument to the C type that its parameter says,
# [CCode (type = "const char* const*")]. vapigen 0.56.15 and later copy that
# from the metadata (`ctype`); 0.56.3, Debian 12's, drops the ctype of
# parameters (vala commit f8c26783). This script adds it, for every input
# parameter of a function, method, constructor or callback that the GIR
# declares so. (Out parameters are left alone: valac passes the address of
# a local of the right constness.)
#
# Results (`const char *const *schedula_mapping_lookup (...)`, a
# NULL-terminated array): valac stores the result in a gchar ** temporary
# to count it, before any cast, and no vapigen or metadata changes that. So
# the vapi gets, in place of the method, a private extern declaration of
# the C function that returns a void * (which valac casts explicitly, as
# [CCode (type = "const void*")] says) and the public method as a
# one-line Vala body that casts the void * to string[]: valac writes the
# body into each C file that calls it, as a static function
# (_vala_schedula_mapping_lookup), as it does for the bodies of
# glib-2.0.vapi (_vala_g_strjoinv). The Vala API is unchanged. A property
# whose C getter is such a function (Finding.path) is read with
# g_object_get () instead ([NoAccessorMethod], owned get: a copy).
#
# The vapi names a method's C function only when it differs from the
# default; this script computes the default as valac does (the lower-case
# prefix of the namespace and type, camel_case_to_lower_case, `new` and
# `new_NAME` for constructors) and fails when something of the GIR it
# should fix is not found in the vapi, so the two cannot drift apart.
#
# --deps writes the .deps file next to the vapi: the packages (--pkg) of the
# vapigen command, one a line, as `valac --pkg` wants them.
#
# SPDX-License-Identifier: EUPL-1.2

import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
C = '{http://www.gtk.org/introspection/c/1.0}'

CALLABLES = ('function', 'method', 'constructor', 'callback')


def needs_c_type(c_type):
    """A pointer to pointers with a const in it: valac's gchar ** (or
    GValue **) does not convert to it implicitly in C, nor back."""
    return c_type is not None and c_type.count('*') >= 2 and 'const' in c_type


def const_c_type(element):
    """The const pointer-to-pointer C type of a <parameter> or
    <return-value>, or None."""
    for child in element:
        if child.tag in (CORE + 'array', CORE + 'type') and needs_c_type(child.get(C + 'type')):
            return child.get(C + 'type')
    return None


def gir_fixes(gir):
    """What the vapi needs: ({C name: {parameter: C type}},
    {C name: C type of the result}, {(C prefix of the type, property)}).
    The C name of a callback is its C type (SchedulaFunc); the properties
    are those whose getter is one of the results."""
    parameters = {}
    results = {}
    properties = set()
    unsupported = []
    root = ET.parse(gir).getroot()
    for parent in root.iter():
        kind = parent.tag.removeprefix(CORE)
        where = f"{kind} {parent.get(C + 'identifier') or parent.get('name')}"
        for params in parent.findall(CORE + 'parameters'):
            for param in params.findall(CORE + 'parameter'):
                c_type = const_c_type(param)
                if c_type is None or param.get('direction', 'in') != 'in':
                    continue
                if kind not in CALLABLES:
                    unsupported.append(f"{where}, parameter {param.get('name')}")
                    continue
                cname = parent.get(C + 'identifier') or parent.get(C + 'type')
                parameters.setdefault(cname, {})[param.get('name')] = c_type
        for result in parent.findall(CORE + 'return-value'):
            c_type = const_c_type(result)
            if c_type is None:
                continue
            if kind not in ('function', 'method'):
                unsupported.append(f'{where}, result')
                continue
            results[parent.get(C + 'identifier')] = c_type
    for cls in root.iter():
        for prop in cls.findall(CORE + 'property'):
            getter = cls.find(f"{CORE}method[@name='{prop.get('getter')}']")
            if getter is not None and getter.get(C + 'identifier') in results:
                prefix = getter.get(C + 'identifier').removesuffix(getter.get('name'))
                properties.add((prefix, prop.get('name').replace('-', '_')))
    if unsupported:
        sys.exit('fix-vapi.py: const pointer-to-pointer C types this script does not fix:\n  '
                 + '\n  '.join(unsupported))
    return parameters, results, properties


def camel_case_to_lower_case(name):
    """Vala's Symbol.camel_case_to_lower_case: DispatchPipe -> dispatch_pipe."""
    if '_' in name:
        return name.lower()
    out = ''
    for i, c in enumerate(name):
        if c.isupper() and i > 0:
            prev_upper = name[i - 1].isupper()
            next_upper = i + 1 < len(name) and name[i + 1].isupper()
            if not prev_upper or (i + 1 < len(name) and not next_upper):
                if len(out) != 1 and out[-1] != '_':
                    out += '_'
        out += c.lower()
    return out


def split_top_level(text, sep=','):
    """Splits text at the separators outside (), [], <> and strings; yields
    (start, end) spans."""
    depth = 0
    quoted = False
    start = 0
    for i, c in enumerate(text):
        if quoted:
            if c == '"' and text[i - 1] != '\\':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in '([<':
            depth += 1
        elif c in ')]>':
            depth -= 1
        elif c == sep and depth == 0:
            yield start, i
            start = i + 1
    yield start, len(text)


def closing(text, start):
    """The index of the bracket closing the one at text[start]."""
    depth = 0
    quoted = False
    for i in range(start, len(text)):
        c = text[i]
        if quoted:
            if c == '"' and text[i - 1] != '\\':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in '([':
            depth += 1
        elif c in ')]':
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f'unbalanced brackets in: {text}')


CCODE = re.compile(r'^(\s*)\[CCode \((.*)\)\]\s*$')


def ccode_args(attributes):
    """The text inside [CCode (...)] among the attribute lines, or None."""
    for attr in attributes:
        m = CCODE.match(attr)
        if m:
            return m.group(2)
    return None


def ccode_value(args, key):
    if args is None:
        return None
    m = re.search(r'(?:^|, )' + key + r' = "([^"]*)"', args)
    return m.group(1) if m else None


def fix_parameter(text, c_type):
    """The parameter text with type = "c_type" in its CCode attribute, and
    whether it had to be added (a newer vapigen writes it itself)."""
    m = re.match(r'(\s*)\[CCode \(', text)
    if not m:
        indent = text[:len(text) - len(text.lstrip())]
        return f'{indent}[CCode (type = "{c_type}")] {text.lstrip()}', True
    end = closing(text, m.end() - 1)
    current = ccode_value(text[m.end():end], 'type')
    if current is not None:
        if current.replace(' ', '') != c_type.replace(' ', ''):
            raise ValueError(f'the vapi says type = "{current}", the GIR {c_type}: {text.strip()}')
        return text, False
    return f'{text[:end]}, type = "{c_type}"{text[end:]}', True


def parameter_name(text):
    """The name of a Vala parameter: `[CCode (...)] owned string[]? ids = null` -> ids."""
    text = text.strip()
    while text.startswith('['):
        text = text[closing(text, 0) + 1:].strip()
    text = text.split('=', 1)[0].strip()
    return text.split()[-1].lstrip('@') if text else ''


def argument(text):
    """What a Vala body passes for a parameter: `out string[] x` -> `out x`."""
    text = text.strip()
    while text.startswith('['):
        text = text[closing(text, 0) + 1:].strip()
    words = text.split('=', 1)[0].split()
    if not words or words[0] == 'params' or '...' in words:
        raise ValueError(f'cannot pass on the parameter {text!r}')
    direction = words[0] + ' ' if words[0] in ('out', 'ref') else ''
    return direction + words[-1]


def wrap_result(attribute_lines, line, open_paren, cname, name, c_type):
    """The lines that replace a method returning a const pointer to
    pointers: a private extern returning void * and the public method, a
    body that casts it. attribute_lines are the method's attribute lines."""
    indent = line[:len(line) - len(line.lstrip())]
    decl = line.strip()
    if not decl.endswith(';'):
        raise ValueError(f'not a declaration: {decl}')
    head = decl[:decl.index('(')].split()
    result_type = head[-2]
    if 'delegate' in head or not result_type.endswith('[]') and not result_type.endswith('[]?'):
        raise ValueError(f'the result of {cname} ({c_type}) is not an array here: {decl}')
    end = closing(line, open_paren)
    inner = line[open_paren + 1:end]
    arguments = [argument(inner[a:b]) for a, b in split_top_level(inner) if inner[a:b].strip()]
    tail = line[end + 1:].strip().removesuffix(';')            # `throws GLib.Error`, or ''
    static = 'static ' if 'static' in head else ''
    private = f'_{name}_const'

    extern = [f'{indent}[CCode (cname = "{cname}", type = "const void*")]',
              f'{indent}{static}void* {private} ({inner}){" " + tail if tail else ""};']
    public = []
    for attr in attribute_lines:
        m = CCODE.match(attr)
        if m:
            if ccode_value(m.group(2), 'cname'):
                attr = attr.replace(f'cname = "{cname}"', f'cname = "_vala_{cname}"')
            else:
                attr = f'{m.group(1)}[CCode ({m.group(2)}, cname = "_vala_{cname}")]'
        public.append(attr)
    if ccode_args(attribute_lines) is None:
        public.append(f'{indent}[CCode (cname = "_vala_{cname}")]')
    public += [f'{indent}{decl[:-1]} {{',
               f'{indent}\treturn ({result_type}) {private} ({", ".join(arguments)});',
               f'{indent}}}']
    return extern + public


DECLARATION = re.compile(r'^(\s*)public (?P<mods>(?:(?:static|virtual|abstract|override|async|'
                         r'extern|new|inline|signal|delegate) )*)')
SCOPE = re.compile(r'^\s*(?:public )?(?:(?:abstract|sealed|static) )*'
                   r'(?P<kind>namespace|class|struct|interface|enum|errordomain) (?P<name>[\w.]+)')


PROPERTY = re.compile(r'^(\s*)public (?P<type>[^()]*) (?P<name>@?\w+) \{ (?P<owned>owned )?get;')


def fix_vapi(lines, parameters, results, properties):
    """Fixes the vapi's lines in place (an item may become several lines)
    and removes what it found from parameters, results and properties;
    returns the numbers of parameter types added, of results wrapped and of
    properties read with g_object_get ()."""
    scopes = []       # (kind, Vala name, lower-case prefix, cprefix)
    attributes = []   # the indices of the attribute lines before the next declaration
    n_parameters = 0
    n_results = 0
    n_properties = 0
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('['):
            attributes.append(n)
            continue
        pending_indices, attributes = attributes, []
        pending = [lines[i] for i in pending_indices]
        scope = SCOPE.match(line)
        if scope and stripped.endswith('{'):
            args = ccode_args(pending)
            parent_lower = scopes[-1][2] if scopes else ''
            parent_cprefix = scopes[-1][3] if scopes else ''
            name = scope.group('name')
            lower = ccode_value(args, 'lower_case_cprefix')
            if lower is None:
                lower = (f'{parent_lower}{camel_case_to_lower_case(name)}_'
                         if scope.group('kind') != 'namespace' else f'{camel_case_to_lower_case(name)}_')
            cprefix = ccode_value(args, 'cprefix') if scope.group('kind') == 'namespace' else None
            scopes.append((scope.group('kind'), name, lower, cprefix or parent_cprefix))
            continue
        if stripped.startswith('}'):
            if scopes:
                scopes.pop()
            continue
        prop = PROPERTY.match(line)
        if prop and scopes and (scopes[-1][2], prop.group('name').lstrip('@')) in properties:
            # Its C getter returns what valac cannot take without a cast:
            # g_object_get () gives a copy instead.
            properties.remove((scopes[-1][2], prop.group('name').lstrip('@')))
            if '[NoAccessorMethod]' not in ''.join(pending):
                lines[n] = (f'{prop.group(1)}[NoAccessorMethod]\n'
                            + line.replace('{ get;', '{ owned get;', 1))
                n_properties += 1
            continue
        decl = DECLARATION.match(line)
        if not decl or '(' not in line or not scopes:
            continue
        kind, type_name, lower, cprefix = scopes[-1]
        open_paren = line.index('(')
        mods = decl.group('mods').split()
        if 'signal' in mods or 'virtual' in mods or 'abstract' in mods:
            continue
        words = line[decl.end():open_paren].split()
        name = words[-1].lstrip('@')
        cname = ccode_value(ccode_args(pending), 'cname')
        if 'delegate' in mods:
            cname = cname or f'{cprefix}{name}'
        elif len(words) == 1 and kind in ('class', 'struct') and (words[0] == type_name or words[0].startswith(type_name + '.')):
            # A constructor: Dispatcher (...), Mapping.identity (...)
            suffix = words[0][len(type_name) + 1:]
            cname = cname or (f'{lower}new_{suffix}' if suffix else f'{lower}new')
        else:
            cname = cname or f'{lower}{name}'

        params = parameters.get(cname, {})
        if params:
            end = closing(line, open_paren)
            inner = line[open_paren + 1:end]
            pieces = []
            last = 0
            for start, stop in split_top_level(inner):
                text = inner[start:stop]
                if parameter_name(text) in params:
                    text, added = fix_parameter(text, params.pop(parameter_name(text)))
                    n_parameters += added
                pieces.append(inner[last:start] + text)
                last = stop
            line = lines[n] = line[:open_paren + 1] + ''.join(pieces) + inner[last:] + line[end:]
            if not params:
                del parameters[cname]
        if cname in results:
            wrapped = wrap_result(pending, line, open_paren, cname, name, results.pop(cname))
            for i in pending_indices:
                lines[i] = None
            lines[n] = '\n'.join(wrapped)
            n_results += 1
    lines[:] = [line for line in lines if line is not None]
    return n_parameters, n_results, n_properties


def main():
    parser = argparse.ArgumentParser(description='Runs vapigen, then makes the const '
                                     'pointer-to-pointer arguments and results of the vapi '
                                     'compile in C.')
    parser.add_argument('--gir', required=True, help='the GIR vapigen reads')
    parser.add_argument('--output', required=True, help='the vapi to write')
    parser.add_argument('--deps', help='the .deps file to write (the --pkg of vapigen)')
    parser.add_argument('--vapi', help='fix this vapi instead of running vapigen')
    parser.add_argument('vapigen', nargs='*', help='the vapigen command (after --)')
    args = parser.parse_args()

    if args.vapi:
        with open(args.vapi) as f:
            text = f.read()
    else:
        if not args.vapigen:
            parser.error('give the vapigen command after --, or --vapi')
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(args.vapigen + ['--directory=' + tmp], check=True)
            produced = [name for name in os.listdir(tmp) if name.endswith('.vapi')]
            if len(produced) != 1:
                sys.exit(f'fix-vapi.py: vapigen wrote {produced or "no vapi"}')
            with open(os.path.join(tmp, produced[0])) as f:
                text = f.read()

    parameters, results, properties = gir_fixes(args.gir)
    lines = text.split('\n')
    try:
        n_parameters, n_results, n_properties = fix_vapi(lines, parameters, results, properties)
    except ValueError as e:
        sys.exit(f'fix-vapi.py: {e}')
    missing = [f'{cname} ({", ".join(params)})' for cname, params in sorted(parameters.items())]
    missing += [f'{cname} (result)' for cname in sorted(results)]
    missing += [f'{prefix}* property {name}' for prefix, name in sorted(properties)]
    if missing:
        sys.exit('fix-vapi.py: not found in the vapi (a C name this script does not '
                 'compute?):\n  ' + '\n  '.join(missing))
    # The first line is vapigen's "generated by vapigen, do not modify".
    if n_parameters or n_results or n_properties:
        lines.insert(1, '/* Then bindings/vala/fix-vapi.py fixed its const C types (parameters: '
                        f'{n_parameters}, results: {n_results}, properties: {n_properties}): '
                        'see there. */')

    with open(args.output, 'w') as f:
        f.write('\n'.join(lines))
    if args.deps:
        packages = []
        command = iter(args.vapigen)
        for arg in command:
            if arg == '--pkg':
                packages.append(next(command))
            elif arg.startswith('--pkg='):
                packages.append(arg.removeprefix('--pkg='))
        with open(args.deps, 'w') as f:
            f.write(''.join(p + '\n' for p in packages))


if __name__ == '__main__':
    main()
