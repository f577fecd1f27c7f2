# shellcheck shell=bash
# tools/deps.sh: what libschedula-glib needs on Debian 12, and the set-up
# shared by tools/example.sh and tools/test.sh.
#
# Sourced by those scripts; running it directly installs the packages:
#
#   ./tools/deps.sh
#
# SPDX-License-Identifier: EUPL-1.2

# The Debian 12 packages for building and testing everything: the library,
# the typelib and vapi, the Python/GJS/Vala binding tests, the Python
# tutorial (Fernet from python3-cryptography), Python functions and values
# in worker processes (python3-dill: lambdas, closures, a script's
# functions), memcheck, the conformance runner and model files (json-glib),
# the API reference (gi-docgen), SVG plots (graphviz, libgraphviz-dev), the
# test of the HTML plot view (chromium, headless) and the fuzz target of
# the model loader (clang, with libFuzzer), and what schedula's own tests
# import when tests/python/schedula_suite/run runs them (python3-ddt,
# python3-multiprocess, python3-requests). Keep this the only list.
SCHEDULA_DEB_PACKAGES=(
  meson
  ninja-build
  pkg-config
  gcc
  libc6-dev
  libglib2.0-dev
  gobject-introspection
  libgirepository1.0-dev
  gir1.2-glib-2.0
  valac
  gjs
  python3-gi
  python3-cryptography
  python3-dill
  python3-pytest
  valgrind
  libjson-glib-dev
  gi-docgen
  graphviz
  libgraphviz-dev
  chromium
  clang
  libsoup-3.0-dev
  gir1.2-soup-3.0
  python3-flask
  python3-regex
  python3-docutils
  wrk
  python3-ddt
  python3-multiprocess
  python3-requests
)

schedula_log () {
  printf '\n=== %s\n' "$*"
}

# Installs the packages of SCHEDULA_DEB_PACKAGES that are missing (apt-get,
# as root or through sudo). Does nothing when all are there.
schedula_install_deps () {
  local missing=() pkg sudo=()

  for pkg in "${SCHEDULA_DEB_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "build dependencies: all ${#SCHEDULA_DEB_PACKAGES[@]} packages installed"
    return 0
  fi

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages (${missing[*]}) and no apt-get: this needs Debian 12" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: missing packages (${missing[*]}): run as root or install sudo" >&2
      return 1
    fi
  fi

  schedula_log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q || return 1
  "${sudo[@]}" apt-get install -y -q "${missing[@]}" </dev/null || return 1
}

# schedula_configure BUILDDIR [MESON OPTIONS...]
# Configures BUILDDIR, or reconfigures it when it exists: the build is
# reused (only what changed is rebuilt), the options are applied again, and
# test programs added since the last run (tests/meson.build registers the
# files that exist) are picked up.
schedula_configure () {
  local dir="$1"
  shift

  if [ -f "$dir/meson-private/coredata.dat" ]; then
    echo "reusing $dir"
    meson setup --reconfigure "$dir" "$@" >"$dir/schedula-configure.log" 2>&1 || {
      cat "$dir/schedula-configure.log" >&2
      return 1
    }
  else
    meson setup "$dir" "$@" || return 1
  fi
}

# Run directly: install the dependencies.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -eu
  schedula_install_deps
fi
