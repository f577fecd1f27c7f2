#!/usr/bin/env bash
# tools/example.sh: build libschedula-glib and run the flagship example,
# schedula's tutorial (symmetric cryptography) in Python: examples/tutorial.py
# on the PyGObject overrides of bindings/python.
#
# Works on a fresh Debian 12 machine: installs what is missing, configures
# the build directory (reused when it exists) and builds what the tutorial
# needs: the library and its typelib. The tutorial runs uninstalled, with
# /usr/bin/python3 (another python3 on the PATH may lack PyGObject).
# Arguments are passed to the tutorial (a message to encrypt).
#
#   ./tools/example.sh
#
# Environment: SCHEDULA_BUILDDIR (default _build-tools).
#
# SPDX-License-Identifier: EUPL-1.2

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$srcdir"
# shellcheck source=tools/deps.sh
. tools/deps.sh

builddir="${SCHEDULA_BUILDDIR:-_build-tools}"
python=/usr/bin/python3

schedula_log "dependencies"
schedula_install_deps

schedula_log "configure $builddir"
schedula_configure "$builddir"

schedula_log "build the library and its typelib"
meson compile -C "$builddir" schedula-glib-1.0 Schedula-1.0.typelib

schedula_log "run examples/tutorial.py"
case "$builddir" in
  /*) libdir="$builddir/libschedula-glib" ;;
  *) libdir="$srcdir/$builddir/libschedula-glib" ;;
esac
export GI_TYPELIB_PATH="$libdir${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PYTHONPATH="$srcdir/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
exec "$python" examples/tutorial.py "$@"
