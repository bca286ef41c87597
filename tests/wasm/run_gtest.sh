#!/usr/bin/env bash
# Runs the core's unit tests built for wasm (tests/wasm/CMakeLists.txt) under node; exit 77
# (ctest: skipped) when scripts/build-wasm has not built them.
set -euo pipefail
tests_js="$1"
if [ ! -f "$tests_js" ]; then
  echo "wasm.gtest: $tests_js is not built (scripts/build-wasm builds it where emscripten is installed)"
  exit 77
fi
exec node "$tests_js" --gtest_brief=1
