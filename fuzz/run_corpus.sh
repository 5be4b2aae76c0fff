#!/usr/bin/env bash
# Runs every libFuzzer harness of a PAIRINV_FUZZ build for SECONDS each, starting from the seed
# corpora of fuzz/corpus/ (copied to a scratch folder: what the fuzzer adds stays out of the
# repository). A crash, a leak or an exception other than InputError fails the run; the input
# that caused it is copied to fuzz/findings/NAME/ to be kept as a regression seed once fixed.
#   bash fuzz/run_corpus.sh BUILD_DIR [SECONDS [SEED]]        (docs/sanitizers.md)
# With SEED, each harness runs a fixed number of inputs from libFuzzer's seed SEED (SECONDS stays
# a cap): the same inputs on every machine, so that CI's verdict does not depend on chance; a
# machine too slow for the whole budget runs a prefix of the same inputs. Without SEED, a random
# campaign of SECONDS per harness.
set -euo pipefail
build=${1:?usage: run_corpus.sh BUILD_DIR [SECONDS [SEED]]}
seconds=${2:-60}
seed=${3:-}
# Inputs per harness for a seeded run: about 60 s each on the 2-core development machine.
declare -A budget=([npy]=50000 [segy]=120000 [openfwi]=25000 [survey]=6000 [options]=15000)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
suppressions="suppressions=$here/../tests/sanitizers/lsan.supp"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
failed=0
for name in npy segy openfwi survey options; do
  exe="$build/fuzz/fuzz_$name"
  [ -x "$exe" ] || { echo "fuzz $name: $exe is missing (build the target fuzzers)"; failed=1; continue; }
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  cp "$here/corpus/$name/"* "$work/$name/corpus/"
  # The options harness goes through PETSc, built without frame pointers: its leaks need the slow
  # unwinder to show the PETSc frame their suppression names.
  # PETSc 3.18 leaks libyaml's parser (about 68 KB) on every YAML it refuses, so the options
  # harness also stops after 15,000 runs, which keeps it near 1 GB (docs/sanitizers.md).
  unwind=1 runs=-1 seeding=()
  [ "$name" = options ] && unwind=0 runs=15000
  [ -n "$seed" ] && runs=${budget[$name]} seeding=(-seed="$seed")
  if ASAN_OPTIONS="fast_unwind_on_malloc=$unwind" LSAN_OPTIONS="$suppressions:fast_unwind_on_malloc=$unwind" \
     "$exe" -max_total_time="$seconds" -runs="$runs" "${seeding[@]}" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
       -artifact_prefix="$work/$name/artifacts/" "$work/$name/corpus" > "$work/$name/log" 2>&1; then
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name/log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $name: $executed runs in at most $seconds s, no crash, leak or non-InputError exception"
  else
    failed=1
    mkdir -p "$here/findings/$name"
    cp "$work/$name/artifacts/"* "$here/findings/$name/" 2>/dev/null || true
    echo "fuzz $name: FAILED; its input is in fuzz/findings/$name/. The log's end:"
    tail -40 "$work/$name/log"
  fi
done
exit $failed
