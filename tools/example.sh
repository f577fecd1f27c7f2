#!/usr/bin/env bash
# tools/example.sh: build libschedula-glib and run the flagship example
# (schedula's documented example, SEMANTICS.md 2.01, through the C API).
#
# Works on a fresh Debian 12 machine: installs what is missing, configures
# the build directory (reused when it exists) and builds what the example
# needs. Arguments are passed to the example.
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

schedula_log "dependencies"
schedula_install_deps

schedula_log "configure $builddir"
schedula_configure "$builddir"

schedula_log "build"
meson compile -C "$builddir" flagship

schedula_log "run examples/flagship"
exec "$builddir/examples/flagship" "$@"
