#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang, AddressSanitizer and UBSan (in build-fuzz/:
# only core is compiled, without LibTorch), then fuzzes each reader for SECONDS from its seed
# corpus, from a fixed libFuzzer seed (fuzz/run_corpus.sh). Part of the README's test command and of CI.
#   bash scripts/fuzz.sh [SECONDS]        (default 60; docs/sanitizers.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DPAIRINV_FUZZ=ON -DPAIRINV_WITH_TORCH=OFF \
  -DPAIRINV_BUILD_TESTS=OFF -DPAIRINV_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS=-g > build-fuzz.log 2>&1 ||
  { tail -20 build-fuzz.log; exit 1; }
cmake --build build-fuzz --target fuzzers -j2 >> build-fuzz.log 2>&1 || { tail -40 build-fuzz.log; exit 1; }
# Seeded: the same inputs on every machine, so that the verdict does not depend on chance
# (fuzz/run_corpus.sh); random campaigns: bash fuzz/run_corpus.sh build-fuzz SECONDS.
bash fuzz/run_corpus.sh build-fuzz "$seconds" 20261204
