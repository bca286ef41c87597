#!/usr/bin/env bash
# Runs the core's unit tests built for wasm (tests/wasm/CMakeLists.txt) under node; exit 77
# (ctest: skipped) when scripts/build-wasm has not built them.
set -euo pipefail
tests_js="$1"
if [ ! -f "$tests_js" ]; then
  echo "wasm.gtest: $tests_js is not built (scripts/build-wasm builds it where emscripten is installed)"
  exit 77
fi
# --no-experimental-fetch: emscripten 3.1.6 fetch()es the .wasm when fetch exists (Node 18+),
# and node's fetch refuses a file path; without it the file is read from disk.
exec node --no-experimental-fetch "$tests_js" --gtest_brief=1
