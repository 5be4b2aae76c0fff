#!/usr/bin/env bash
# Data-parallel training speed-up, measured in one run: pairinv_bench_training_scaling on
# 1 rank x 1 thread, then on N ranks x 1 thread (the same global batch), alternated ROUNDS
# times so that both see the same machine load; prints each round's ratio and the median.
#   bash bench/training_scaling.sh [BUILD] [N] [ROUNDS] [-bench_* options...]
#   (defaults: build, 2, 3; the quick preset: 40 x 40 models, data 5 x 125 x 40, batch 16)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
ranks=${2:-2}
rounds=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
exe=$build/bench/pairinv_bench_training_scaling
[[ -x "$exe" ]] || { echo "training_scaling: $exe not built (LibTorch is needed)" >&2; exit 2; }
# Ranks <= cores: let waiting ranks poll (Open MPI's own default when not oversubscribed; the
# quick start's yield_when_idle=1 costs the two ranks about 7% here, so it is overridden).
export OMPI_MCA_mpi_yield_when_idle=0
if [[ $(id -u) == 0 ]]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
rate() { sed -n 's/.*median \([0-9.]*\) samples\/s, all-reduce \([0-9.]*\)%.*/\1 \2/p'; }
ratios=()
for ((r = 1; r <= rounds; r++)); do
  read -r one _ < <("$exe" -bench_threads 1 "$@" | tee /dev/stderr | rate)
  read -r many share < <(mpiexec -n "$ranks" "$exe" -bench_threads 1 "$@" | tee /dev/stderr | rate)
  ratio=$(awk -v a="$many" -v b="$one" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$ratio")
  echo "round $r: 1 rank $one samples/s, $ranks ranks $many samples/s (all-reduce $share%): speed-up $ratio"
done
printf '%s\n' "${ratios[@]}" | sort -g | awk -v n="$ranks" '{a[NR]=$1} END {print "median speed-up of " n " ranks x 1 thread over 1 x 1: " a[int((NR+1)/2)]}'
