#!/usr/bin/env bash
# Whole-process wall time of short pairinv commands (what a script calling pairinv per sample
# pays), measured with /usr/bin/time: the median of N runs of each.
#   bash bench/startup.sh [PAIRINV] [N]        (defaults: build/apps/pairinv, 7)
# Rows: -version (loading the shared libraries, no MPI or PETSc start); forward on a tiny model (1 shot, 10 steps); forward on one OpenFWI sample (5 shots of
# 1000 steps, tests/data/openfwi_twolayer_model.npy, -acoustic_preset openfwi).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pairinv=${1:-$here/build/apps/pairinv}
n=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local label=$1; shift
  local times=()
  for ((i = 0; i < n; i++)); do
    rm -rf "$work/out"
    /usr/bin/time -f '%e' -o "$work/time" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    times+=("$(cat "$work/time")")
  done
  printf '%-44s median %s s over %d runs (min %s, max %s)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$n" \
    "$(printf '%s\n' "${times[@]}" | sort -g | head -1)" "$(printf '%s\n' "${times[@]}" | sort -g | tail -1)"
}

measure "pairinv -version" "$pairinv" -version
measure "pairinv forward, tiny (1 shot, 10 steps)" "$pairinv" forward -output "$work/out" -acoustic_nt 10 -acoustic_src_ix 5
measure "pairinv forward, one OpenFWI sample" "$pairinv" forward -model "$here/tests/data/openfwi_twolayer_model.npy" \
  -acoustic_preset openfwi -output "$work/out"
