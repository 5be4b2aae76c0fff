#!/usr/bin/env bash
# Smoke test of scripts/quickstart.sh at toy size (--preset smoke, 2 MPI ranks for the PDE steps):
#   tests/scripts/quickstart_smoke.sh PAIRINV SCRATCH_DIR
# Fails (non-zero exit, message on stderr) when a step fails, an output is missing, the report
# lacks a method row (the polish's and the baselines' included) or its detection and repair
# sections, LSI's or the polish's history has no iteration, or bad arguments are not refused.
set -euo pipefail
PAIRINV_EXE=$1
OUT=$2/quickstart
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fail() { echo "quickstart_smoke: $*" >&2; exit 1; }

# Arrange: a fresh output folder.
rm -rf "$OUT"

# Act.
PAIRINV=$PAIRINV_EXE RANKS=2 THREADS=1 bash "$ROOT/scripts/quickstart.sh" --preset smoke "$OUT"

# Assert: every step's output, and the timings.
for f in survey/train.h5 survey/test.h5 survey/ood.h5 survey/noise.h5 runs/pae runs/e2e runs/pae/linear_baseline.pt \
         estimates.h5 invert/sample0/history.csv invert/sample0/models.pvd invert/sample0/polish/model_final.npy \
         repair/ood/summary.csv repair/ood/report.md repair/noise/report.md \
         evaluate/report.md evaluate/methods.csv evaluate/ood.csv; do
  [[ -e "$OUT/$f" ]] || fail "missing $OUT/$f"
done
grep -q '^total: [0-9]* s$' "$OUT/timing.txt" || fail "timing.txt has no total"
for row in "| PAE estimate |" "| LSI (2 it.) |" "| LSI + polish (2 it.) |" "| FWI, LSI's budget |" "| FWI (3 it./stage) |" \
           "| End-to-end baseline |" "| Linear baseline |" "## Detection: which estimates cannot be trusted" \
           "| noise | 2 |"; do
  grep -qF "$row" "$OUT/evaluate/report.md" || fail "report.md lacks the row '$row'"
done
(( $(grep -c . "$OUT/invert/sample0/history.csv") >= 3 )) || fail "LSI history has fewer than 2 iterations"
(( $(grep -c . "$OUT/invert/sample0/polish/history.csv") >= 3 )) || fail "the polish's history has fewer than 2 iterations"

# A rerun resumes: the surveys and training runs are reused, not remade.
PAIRINV=$PAIRINV_EXE RANKS=1 THREADS=1 bash "$ROOT/scripts/quickstart.sh" --preset smoke "$OUT" > "$OUT/rerun.log" 2>&1 ||
  fail "the rerun failed: $(tail -5 "$OUT/rerun.log")"
grep -q "train.h5.* is already complete" "$OUT/rerun.log" || fail "the rerun remade the training survey"

# Bad arguments are refused with exit status 2 and a message.
set +e
msg=$(bash "$ROOT/scripts/quickstart.sh" --preset huge "$OUT/bad" 2>&1); rc=$?
set -e
[[ $rc == 2 && "$msg" == *"--preset must be"* ]] || fail "--preset huge gave exit $rc: $msg"
[[ ! -e "$OUT/bad" ]] || fail "a refused run created its output folder"
echo "quickstart_smoke: passed"
