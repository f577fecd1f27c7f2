#!/usr/bin/env bash
# tools/test.sh: the whole test suite of libschedula-glib (what CI runs).
#
# Works on a fresh Debian 12 machine: installs what is missing, then
#   1. configures and builds $SCHEDULA_BUILDDIR (default _build-tools) and
#      runs `meson test` on everything (C, conformance, bindings, examples);
#   2. runs the C and Vala tests and the native examples again under valgrind memcheck (the
#      'valgrind' test setup of the root meson.build, tests/valgrind.supp);
#   3. configures and builds $SCHEDULA_ASAN_BUILDDIR (default _build-asan)
#      with ASan+UBSan and introspection off, and runs the C tests and the
#      examples there;
#   4. configures and builds the core alone, without the optional
#      features (model files, plots: $SCHEDULA_CORE_BUILDDIR, default
#      _build-core), and runs the C, Python and example tests there;
#   5. builds the fuzz targets with clang ($SCHEDULA_FUZZ_BUILDDIR, default
#      _build-fuzz): the model loader's and, with the web feature, the web
#      server's requests; runs each for $SCHEDULA_FUZZ_SECONDS (default 60)
#      seconds.
# Every stage runs even when an earlier one failed (unless it needs that
# one's build); the script exits non-zero when any stage failed. Build
# directories are reused, so running it again only rebuilds what changed.
#
#   ./tools/test.sh
#
# SPDX-License-Identifier: EUPL-1.2

set -uo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$srcdir" || exit 1
# shellcheck source=tools/deps.sh
. tools/deps.sh

builddir="${SCHEDULA_BUILDDIR:-_build-tools}"
asandir="${SCHEDULA_ASAN_BUILDDIR:-_build-asan}"
fuzzdir="${SCHEDULA_FUZZ_BUILDDIR:-_build-fuzz}"
coredir="${SCHEDULA_CORE_BUILDDIR:-_build-core}"
python=/usr/bin/python3

failed_stages=()
n_passed=0
n_failed=0
n_skipped=0

# stage NAME COMMAND...: runs a stage and remembers whether it failed.
stage () {
  local name="$1"
  shift
  schedula_log "$name"
  if "$@"; then
    echo "--- $name: ok"
    return 0
  fi
  echo "--- $name: FAILED" >&2
  failed_stages+=("$name")
  return 1
}

# count_tests LOGFILE: adds the results of one `meson test` run (its JSON
# log, one test per line) to the totals.
# shellcheck disable=SC2317  # called through stage
count_tests () {
  local log="$1" counts p f s
  [ -f "$log" ] || return 0
  counts="$("$python" - "$log" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get('result')
        if result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1
print(passed, failed, skipped)
PY
)" || return 0
  read -r p f s <<<"$counts"
  n_passed=$((n_passed + p))
  n_failed=$((n_failed + f))
  n_skipped=$((n_skipped + s))
}

# meson_test BUILDDIR LOGNAME [ARGS...]: `meson test` with the error logs
# printed, counted from its JSON log.
# shellcheck disable=SC2317  # called through stage
meson_test () {
  local dir="$1" logname="$2" rc
  shift 2
  rm -f "$dir/meson-logs/$logname.json"
  meson test -C "$dir" --print-errorlogs "$@"
  rc=$?
  count_tests "$dir/meson-logs/$logname.json"
  return "$rc"
}

stage "dependencies" schedula_install_deps || {
  echo "cannot install the build dependencies" >&2
  exit 1
}

# 1. The whole suite.
if stage "configure $builddir" schedula_configure "$builddir" &&
   stage "build $builddir" meson compile -C "$builddir"; then
  stage "meson test (all suites)" meson_test "$builddir" testlog

  # 2. Memcheck over the native programs: the C and Vala tests and the
  # examples, but those run by an interpreter (Python, GJS), whose own
  # allocations memcheck would report.
  if meson test -C "$builddir" --list --setup=valgrind >/dev/null 2>&1; then
    stage "valgrind memcheck (suites c, vala, examples; not python, gjs)" \
      meson_test "$builddir" testlog-valgrind --setup=valgrind --suite c --suite vala \
        --suite examples --no-suite python --no-suite gjs
    # the command-line tool, which a Python script runs: each run of the
    # tool under memcheck (tests/test_cli.py)
    if meson test -C "$builddir" --list 2>/dev/null | grep -q ' / cli$'; then
      SCHEDULA_CLI_WRAPPER="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --num-callers=100 --suppressions=$srcdir/tests/valgrind.supp" \
        stage "valgrind memcheck (the schedula tool)" \
        meson_test "$builddir" testlog-cli-valgrind --suite cli -t 10
    fi
  else
    echo "the 'valgrind' test setup is missing (is valgrind installed?)" >&2
    failed_stages+=("valgrind memcheck")
    n_failed=$((n_failed + 1))
  fi
else
  n_failed=$((n_failed + 1))
fi

# 3. ASan + UBSan, introspection off. UBSan stops at the first error; LSan
# (part of ASan) reports leaks at exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
# graphviz 2.43 (the plot feature's SVG) leaks what each layout allocates
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$srcdir/tests/plot-data/graphviz-2.43.lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if stage "configure $asandir (ASan+UBSan)" schedula_configure "$asandir" \
       -Db_sanitize=address,undefined -Dintrospection=disabled -Dvapi=disabled &&
   stage "build $asandir" meson compile -C "$asandir"; then
  G_SLICE=always-malloc stage "ASan+UBSan (suites c, examples, cli)" \
    meson_test "$asandir" testlog --suite c --suite examples --suite cli
else
  n_failed=$((n_failed + 1))
fi

# 4. The core alone: the optional features (model files, plots) off, as a
# build without json-glib or graphviz would be; the C and Python tests
# skip what needs them.
if stage "configure $coredir (core only)" schedula_configure "$coredir" \
       -Dio=disabled -Dplot=disabled -Ddocs=disabled -Dgjs=disabled -Dvala-tests=disabled &&
   stage "build $coredir" meson compile -C "$coredir"; then
  stage "core only (suites c, python, examples)" \
    meson_test "$coredir" testlog --suite c --suite python --suite examples
else
  n_failed=$((n_failed + 1))
fi

# 5. The fuzz targets: the model-file loader (seeds in tests/fuzz/corpus)
# and, when the web feature is built, the requests of the web server
# (tests/fuzz/web-corpus). clang with libFuzzer, the library instrumented
# for coverage, ASan+UBSan; 60 s each on the seed corpus (what it finds new
# goes to a scratch corpus). A crash, a leak, a timeout or a critical fails
# the stage; its input is kept in $fuzzdir.
if [ -d libschedula-glib/io ] && command -v clang >/dev/null 2>&1; then
  # fuzz_run TARGET SEEDS
  fuzz_run () {
    local target="$1" seeds="$2" corpus="$fuzzdir/corpus-run-$1"
    mkdir -p "$corpus" &&
      ASAN_OPTIONS=detect_leaks=1 "$fuzzdir/tests/fuzz/$target" \
        -max_total_time="${SCHEDULA_FUZZ_SECONDS:-60}" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$fuzzdir/$target-" -print_final_stats=1 "$corpus" "$seeds"
  }
  if CC=clang stage "configure $fuzzdir (clang, libFuzzer)" schedula_configure "$fuzzdir" \
         -Dfuzz=enabled -Db_sanitize=address,undefined -Db_lundef=false \
         -Dc_args=-fsanitize=fuzzer-no-link -Dintrospection=disabled -Dvapi=disabled \
         -Ddocs=disabled -Dpython=disabled -Dgjs=disabled -Dvala-tests=disabled -Dplot=disabled &&
     stage "build the fuzz target of the model loader" meson compile -C "$fuzzdir" tests/fuzz/fuzz-model-file; then
    stage "fuzz the model loader (${SCHEDULA_FUZZ_SECONDS:-60} s)" fuzz_run fuzz-model-file tests/fuzz/corpus
    # the web feature is built when libsoup 3 is found
    if grep -q '^#define SCHEDULA_HAS_WEB 1' "$fuzzdir/libschedula-glib/schedula-features.h" &&
       stage "build the fuzz target of the web requests" \
         meson compile -C "$fuzzdir" tests/fuzz/fuzz-web-request; then
      stage "fuzz the web requests (${SCHEDULA_FUZZ_SECONDS:-60} s)" fuzz_run fuzz-web-request tests/fuzz/web-corpus
    fi
  fi
fi

schedula_log "summary"
if [ "${#failed_stages[@]}" -gt 0 ]; then
  printf 'failed stage: %s\n' "${failed_stages[@]}"
fi
echo "tests: $n_passed passed, $n_failed failed, $n_skipped skipped"
if [ "${#failed_stages[@]}" -gt 0 ]; then
  exit 1
fi
exit 0
