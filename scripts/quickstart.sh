#!/usr/bin/env bash
# The quick-start pipeline of pairinv on a small built-in default (acoustic, FlatVel-like,
# 40 x 40 models), everything under one output folder:
#
#   scripts/quickstart.sh [OUT]            (default OUT = out/quickstart)
#
#   OUT/survey/train.h5, test.h5, ood.h5   pairinv survey (flatvel for training and testing,
#                                          curvevel as the out-of-distribution set)
#   OUT/runs/pae, OUT/runs/e2e             pairinv train (quickstart preset; paired network and
#                                          the end-to-end baseline)
#   OUT/estimates.h5 (+ _png, _vti)        pairinv estimate (estimates, RRE/RMA, OOD flags)
#   OUT/invert/sampleI/                    pairinv invert (LSI with the true PDE; models.pvd
#                                          opens in ParaView)
#   OUT/evaluate/report.md                 pairinv evaluate (tables, CSV, PNG figures)
#   OUT/timing.txt                         wall time of every step
#
# Environment: PAIRINV (the pairinv executable; default: build/apps/pairinv beside this
# script's project, else `pairinv` on PATH), THREADS (LibTorch threads, default 2), EPOCHS
# (training epochs; default: the quickstart preset's 40).
# Give a fresh OUT for a clean run. There is no EM variant yet: `pairinv evaluate` supports
# acoustic surveys only.
set -euo pipefail

OUT=${1:-out/quickstart}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -z "${PAIRINV:-}" ]]; then
  if [[ -x "$ROOT/build/apps/pairinv" ]]; then PAIRINV="$ROOT/build/apps/pairinv"; else PAIRINV=pairinv; fi
fi
THREADS=${THREADS:-2}
EPOCHS_OPTION=()
[[ -n "${EPOCHS:-}" ]] && EPOCHS_OPTION=(-pae_epochs "$EPOCHS")
command -v "$PAIRINV" >/dev/null 2>&1 || { echo "quickstart: cannot run '$PAIRINV' (set PAIRINV=path/to/pairinv)" >&2; exit 2; }

# The built-in default: small enough for 2 cores.
GRID="-family_nz 40 -family_nx 40"
TRAIN_SAMPLES=320
TEST_SAMPLES=24
OOD_SAMPLES=24
INVERT_SAMPLES="0 1 2"
LSI_ITERATIONS=10
EVAL_SAMPLES=4
FWI_ITERATIONS=30

mkdir -p "$OUT/survey" "$OUT/runs"
: > "$OUT/timing.txt"
START=$(date +%s)
step() {  # step NAME COMMAND...: runs, reports progress and time
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo "=== quickstart [$(( $(date +%s) - START )) s]: $name"
  echo "    $*"
  "$@"
  local dt=$(( $(date +%s) - t0 ))
  echo "$name: $dt s" >> "$OUT/timing.txt"
  echo "=== quickstart: $name done in $dt s"
}

step "survey (training set)" "$PAIRINV" survey -survey_family flatvel -survey_samples $TRAIN_SAMPLES -survey_seed 1 \
  $GRID -output "$OUT/survey/train.h5"
step "survey (test set)" "$PAIRINV" survey -survey_family flatvel -survey_samples $TEST_SAMPLES -survey_seed 2 \
  $GRID -output "$OUT/survey/test.h5"
step "survey (OOD set)" "$PAIRINV" survey -survey_family curvevel -survey_samples $OOD_SAMPLES -survey_seed 3 \
  $GRID -output "$OUT/survey/ood.h5"
step "train (paired autoencoders)" "$PAIRINV" train -input "$OUT/survey/train.h5" -output "$OUT/runs/pae" \
  -pae_preset quickstart -pae_threads "$THREADS" "${EPOCHS_OPTION[@]}"
step "train (end-to-end baseline)" "$PAIRINV" train -input "$OUT/survey/train.h5" -output "$OUT/runs/e2e" \
  -pae_preset quickstart -pae_threads "$THREADS" "${EPOCHS_OPTION[@]}" -pae_architecture end_to_end
step "estimate (test set)" "$PAIRINV" estimate -run "$OUT/runs/pae" -input "$OUT/survey/test.h5" \
  -output "$OUT/estimates.h5" -pae_png_samples 0,1,2
for i in $INVERT_SAMPLES; do
  step "invert (LSI, sample $i)" "$PAIRINV" invert -run "$OUT/runs/pae" -input "$OUT/survey/test.h5" -sample "$i" \
    -lsi_iterations $LSI_ITERATIONS -output "$OUT/invert/sample$i"
done
step "evaluate" "$PAIRINV" evaluate -run "$OUT/runs/pae" -baseline_run "$OUT/runs/e2e" \
  -input "$OUT/survey/test.h5" -ood "$OUT/survey/ood.h5" -evaluate_samples $EVAL_SAMPLES \
  -lsi_iterations $LSI_ITERATIONS -evaluate_fwi_iterations $FWI_ITERATIONS -output "$OUT/evaluate"

TOTAL=$(( $(date +%s) - START ))
echo "total: $TOTAL s" >> "$OUT/timing.txt"
echo "=== quickstart: done in $TOTAL s; timings in $OUT/timing.txt"
echo "    report:   $OUT/evaluate/report.md"
echo "    ParaView: paraview $OUT/invert/sample0/models.pvd   (arrays velocity, estimate, truth, difference)"
sed -n '/^## Methods/,/^## Quality/p' "$OUT/evaluate/report.md" | grep '^|'
