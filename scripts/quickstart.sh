#!/usr/bin/env bash
# The quick-start pipeline of pairinv: survey -> training -> estimates with quality scores and the
# OOD flag -> repair of the flagged estimates by latent-space inversion with the true PDE ->
# evaluation report, everything under one output folder.
#
#   scripts/quickstart.sh [--physics acoustic|em] [--preset quick|openfwi|paper|smoke]
#                         [--family F] [--ood-family F] [OUT]          (default OUT out/quickstart)
#
#   --physics acoustic (default)  FlatVel-like velocity models, seismic data. OOD sets (each 48
#                                 samples at --preset quick): ood (the --ood-family, default
#                                 CurveFault-like), bodies (the training family with 1-3
#                                 elliptical bodies over the layers), wavelet (Ricker peak at
#                                 14 Hz instead of 10), noise (white noise at 10 dB SNR), dead
#                                 (10% dead traces and one dead shot per sample)
#   --physics em                  em-blocks conductivity models (log10-normalised); MT in both
#                                 modes (TE, TM) at 10 frequencies from 1 Hz to 1 kHz as apparent
#                                 resistivity and phase. OOD sets (24 samples each): overburden (a
#                                 conductive overburden), static (TM static shifts), noise (5%
#                                 noise), band (4-50 Hz missing)
#   --family, --ood-family        acoustic: the velocity families of the training/test sets and
#                                 of the OOD set ood (pairinv survey -help lists them; defaults
#                                 flatvel and curvefault)
#   --preset quick (default)      small enough for 2 cores (about 10 minutes, see README; EM about
#                                 14); LSI is followed by a model-space polish of 30 FWI iterations
#                                 from LSI's model (-lsi_polish_iterations 30; EM: 5 LSI
#                                 iterations, then 15)
#   --preset smoke                toy size, for the test suite (about half a minute; acoustic
#                                 only; a 2-iteration polish; OOD sets ood and noise)
#   --preset openfwi              acoustic: OpenFWI's geometry (70 x 70 cells of 10 m, 5 shots x
#                                 1000 samples at 1 ms, 15 Hz, 70 receivers, OpenFWI's absorbing
#                                 layer), sized for 2 cores: 30 minutes in all (docs/results.md).
#                                 2,000 training samples (CurveVel-A-like by default; OOD sets
#                                 ood, FlatFault-like, and noise), the quickstart network (every
#                                 8th time sample), 60 epochs trained data-parallel over the RANKS
#   --preset paper                acoustic: OpenFWI's geometry, OpenFWI's training-set size
#                                 (24,000) and the openfwi network preset: for clusters and GPUs
#                                 (DEVICE=cuda); no polish. Expected training time (120 epochs)
#                                 from the cost model of bench/README.md: 2.7 h on one 32-core
#                                 node, 44 min on 4, 16 min on 16; 40 min on one H200, 15 min on 8
#                                 through MPI (6 min with an NCCL all-reduce, not built)
#
#   OUT/survey/train.h5, test.h5, NAME.h5  pairinv survey (NAME: each OOD set)
#   OUT/runs/pae, OUT/runs/e2e             pairinv train (paired network; end-to-end baseline;
#                                          both store the linear baseline and the OOD flag)
#   OUT/estimates.h5 (+ _png, _vti)        pairinv estimate (estimates, quality scores, flags,
#                                          the linear baseline's estimates)
#   OUT/invert/sample0/                    pairinv invert (LSI with the true PDE; models.pvd
#                                          opens in ParaView; polish/: the polish, its
#                                          model_final.npy the final model)
#   OUT/repair/NAME/                       pairinv repair of each OOD set: flags, then LSI +
#                                          polish of the first flagged samples (report.md)
#   OUT/evaluate/report.md                 pairinv evaluate (methods table with the linear and
#                                          end-to-end baselines, detection per OOD set, repair
#                                          of flagged samples, CSV, PNG figures)
#   OUT/timing.txt                         wall time of every step
#
# Environment: PAIRINV (the pairinv executable; default build/apps/pairinv beside this script's
# project, else `pairinv` on PATH), RANKS (MPI ranks of the surveys, the repairs, the evaluation
# (its samples spread over the ranks) and, at --preset openfwi, training; default 2 when mpiexec
# exists, else 1), THREADS (LibTorch threads; default all cores, shared among the ranks), DEVICE
# (training device: cpu, cuda; default cpu), EPOCHS (overrides the preset's).
# A rerun with the same OUT resumes: finished surveys and training runs are reused (the
# commands themselves resume interrupted work), inversions and the evaluation start afresh.
set -euo pipefail

PHYSICS=acoustic
PRESET=quick
OUT=out/quickstart
FAMILY=flatvel
OOD_FAMILY=curvefault
FAMILY_GIVEN=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --physics) PHYSICS=${2:-}; shift 2 ;;
    --preset) PRESET=${2:-}; shift 2 ;;
    --family) FAMILY=${2:-}; FAMILY_GIVEN=1; shift 2 ;;
    --ood-family) OOD_FAMILY=${2:-}; FAMILY_GIVEN=1; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "quickstart: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) OUT=$1; shift ;;
  esac
done
[[ "$PHYSICS" == acoustic || "$PHYSICS" == em ]] || { echo "quickstart: --physics must be acoustic or em, not '$PHYSICS'" >&2; exit 2; }
[[ "$PRESET" == quick || "$PRESET" == openfwi || "$PRESET" == paper || "$PRESET" == smoke ]] ||
  { echo "quickstart: --preset must be quick, openfwi, paper or smoke, not '$PRESET'" >&2; exit 2; }
[[ "$PHYSICS" == acoustic || ( "$FAMILY" == flatvel && "$OOD_FAMILY" == curvefault ) ]] ||
  { echo "quickstart: --family and --ood-family are for --physics acoustic" >&2; exit 2; }
[[ "$PHYSICS" == acoustic || "$PRESET" == quick ]] ||
  { echo "quickstart: --preset $PRESET is defined for --physics acoustic only" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -z "${PAIRINV:-}" ]]; then
  if [[ -x "$ROOT/build/apps/pairinv" ]]; then PAIRINV="$ROOT/build/apps/pairinv"; else PAIRINV=pairinv; fi
fi
command -v "$PAIRINV" >/dev/null 2>&1 || { echo "quickstart: cannot run '$PAIRINV' (set PAIRINV=path/to/pairinv)" >&2; exit 2; }
THREADS=${THREADS:-0}
DEVICE=${DEVICE:-cpu}
if [[ -z "${RANKS:-}" ]]; then
  if command -v mpiexec >/dev/null 2>&1; then RANKS=2; else RANKS=1; fi
fi
MPI=()
if (( RANKS > 1 )); then
  MPI=(mpiexec -n "$RANKS")
  # Open MPI refuses root unless told; the README's set-up runs as root.
  if [[ $(id -u) == 0 ]]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
  # Ranks that wait give their core back only when the ranks outnumber the cores: with 2 ranks on
  # 2 cores, yield_when_idle=1 made the EM evaluation 1.7x slower (54.6 against 32.3 s, 22 s of
  # system time in the yields) and the EM survey 2.2x slower (11.6 against 5.3 s for 40 samples).
  if (( RANKS > $(nproc) )); then export OMPI_MCA_mpi_yield_when_idle=1; fi
fi

# ---- 1. The presets -------------------------------------------------------------------------
TRAIN_MPI=()  # the launcher of training (the openfwi and paper presets train over the MPI ranks)
# OOD sets: OOD_SETS names them; OOD_ARGS[NAME] are the survey options beyond the geometry's
# (the training family's unless the entry names another).
declare -A OOD_ARGS
acoustic_ood_sets() {  # acoustic_ood_sets NAME...: the OOD sets of the acoustic presets
  OOD_SETS=("$@")
  OOD_ARGS[ood]="-survey_family $OOD_FAMILY"
  OOD_ARGS[bodies]="-survey_family $FAMILY -family_bodies_min 1 -family_bodies_max 3"
  OOD_ARGS[wavelet]="-survey_family $FAMILY -acoustic_f0 14"
  OOD_ARGS[noise]="-survey_family $FAMILY -survey_noise_snr 10"
  OOD_ARGS[dead]="-survey_family $FAMILY -survey_dead_traces 0.1 -survey_dead_shots 1"
}
if [[ "$PHYSICS" == acoustic && "$PRESET" == quick ]]; then
  GEOMETRY=(-family_nz 40 -family_nx 40)
  SURVEY_TRAIN=(-survey_family "$FAMILY")
  SURVEY_PDE=(-acoustic_ranks_per_shot 1)
  acoustic_ood_sets ood bodies wavelet noise dead
  TRAIN_SAMPLES=960 TEST_SAMPLES=48 OOD_SAMPLES=48
  TRAIN=(-pae_preset quickstart)
  LSI_ITERATIONS=10 EVAL_SAMPLES=8 FWI_ITERATIONS=30 POLISH_ITERATIONS=30 REPAIR_MAX=2 EVAL_REPAIRS=10
elif [[ "$PHYSICS" == acoustic && "$PRESET" == smoke ]]; then
  GEOMETRY=(-family_nz 25 -family_nx 30 -acoustic_nt 150 -acoustic_pml_width 10)
  SURVEY_TRAIN=(-survey_family "$FAMILY")
  SURVEY_PDE=(-acoustic_ranks_per_shot 1)
  acoustic_ood_sets ood noise
  TRAIN_SAMPLES=16 TEST_SAMPLES=2 OOD_SAMPLES=2
  TRAIN=(-pae_preset tiny -pae_time_stride 2)
  LSI_ITERATIONS=2 EVAL_SAMPLES=2 FWI_ITERATIONS=3 POLISH_ITERATIONS=2 REPAIR_MAX=1 EVAL_REPAIRS=2
elif [[ "$PHYSICS" == acoustic && "$PRESET" == openfwi ]]; then
  # CurveVel-A-like unless --family/--ood-family say otherwise (OpenFWI's table of the paper).
  if (( ! FAMILY_GIVEN )); then FAMILY=curvevel OOD_FAMILY=flatfault; fi
  GEOMETRY=(-acoustic_preset openfwi)
  SURVEY_TRAIN=(-survey_family "$FAMILY")
  SURVEY_PDE=(-acoustic_ranks_per_shot 1)
  acoustic_ood_sets ood noise
  TRAIN_SAMPLES=2000 TEST_SAMPLES=48 OOD_SAMPLES=48
  TRAIN=(-pae_preset quickstart -pae_epochs 60)
  TRAIN_MPI=("${MPI[@]}")  # data-parallel: the ranks share every batch (bench/README.md)
  LSI_ITERATIONS=10 EVAL_SAMPLES=8 FWI_ITERATIONS=30 POLISH_ITERATIONS=30 REPAIR_MAX=2 EVAL_REPAIRS=4
elif [[ "$PHYSICS" == acoustic ]]; then  # paper
  GEOMETRY=(-acoustic_preset openfwi)
  SURVEY_TRAIN=(-survey_family "$FAMILY")
  SURVEY_PDE=(-acoustic_ranks_per_shot 1)
  acoustic_ood_sets ood bodies wavelet noise dead
  TRAIN_SAMPLES=24000 TEST_SAMPLES=500 OOD_SAMPLES=500
  TRAIN=(-pae_preset openfwi)
  TRAIN_MPI=("${MPI[@]}")  # data-parallel over the RANKS (one GPU each with DEVICE=cuda)
  LSI_ITERATIONS=30 EVAL_SAMPLES=16 FWI_ITERATIONS=100 POLISH_ITERATIONS=0 REPAIR_MAX=8 EVAL_REPAIRS=20
else  # em quick: 32 x 32 cells of 50 m under 4 air rows; MT in both modes, 10 frequencies 1 Hz - 1 kHz
  # Data: log10 apparent resistivity (ohm m) and phase (degrees) of TE and TM at 32 sites. The
  # padding reaches 3 skin depths growing by 1.6 per cell (defaults: 6 and 1.2): 5x faster
  # solves, and against the default mesh the data move by 0.001 decades and 0.06 degrees rms
  # (at most 0.006 and 0.2; 10 samples), well below the 0.043 decades and 2.9 degrees of 5% noise.
  GEOMETRY=(-survey_family em-blocks -survey_physics em -family_nz 32 -family_nx 32 -family_dz 50 -family_dx 50
            -family_air_cells 4 -family_thickness_min 100 -family_size_min 100 -family_size_max 500
            -em_frequencies 1,2.154,4.642,10,21.54,46.42,100,215.4,464.2,1000 -em_polarisation both
            -em_data_form rhoa_phase -em_pad_stretch 1.6 -em_pad_skin_depths 3)
  SURVEY_TRAIN=()
  # OOD kinds fixed before any score was seen: a conductive overburden (100-200 m of 0.3-3 S/m,
  # beyond the training layers' 1 S/m), galvanic static shifts of the TM mode (0.3 decades rms
  # per site), 5% noise on every impedance, and the band 4-50 Hz missing (interpolated).
  OOD_SETS=(overburden static noise band)
  OOD_ARGS[overburden]="-family_overburden_thickness_min 100 -family_overburden_thickness_max 200
                        -family_overburden_sigma_min 0.3 -family_overburden_sigma_max 3"
  OOD_ARGS[static]="-survey_static_shift 0.3"
  OOD_ARGS[noise]="-survey_noise_relative 0.05"
  OOD_ARGS[band]="-survey_missing_band 4,50"
  SURVEY_PDE=()
  TRAIN_SAMPLES=2000 TEST_SAMPLES=24 OOD_SAMPLES=24
  # Every frequency (stride 1); min-max per data part (-pae_data_range auto: log10 ohm m and
  # degrees each span [-1, 1]); data-parallel over the RANKS.
  TRAIN=(-pae_preset quickstart -pae_time_stride 1 -pae_epochs 60 -pae_data_transform minmax -pae_weight_path_q 1)
  TRAIN_MPI=("${MPI[@]}")
  # LSI's 5 iterations (its first costs 6 evaluations of 40 solves) and a 15-iteration polish
  # reached FWI's converged misfit in half of FWI's solves (median of 4 trial samples); 10 + 10
  # took 800 against 1280.
  LSI_ITERATIONS=5 EVAL_SAMPLES=24 FWI_ITERATIONS=30 POLISH_ITERATIONS=15 REPAIR_MAX=2 EVAL_REPAIRS=8
fi
[[ -n "${EPOCHS:-}" ]] && TRAIN+=(-pae_epochs "$EPOCHS")
TRAIN+=(-pae_threads "$THREADS" -pae_device "$DEVICE")

# ---- 2. Running and timing the steps ---------------------------------------------------------
mkdir -p "$OUT/survey" "$OUT/runs"
echo "# quickstart --physics $PHYSICS --preset $PRESET, $RANKS rank(s), $(date -u +%FT%TZ)" >> "$OUT/timing.txt"
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

# ---- 3. Surveys (resumable: a rerun completes a partial file) --------------------------------
step "survey (training set)" "${MPI[@]}" "$PAIRINV" survey "${GEOMETRY[@]}" "${SURVEY_TRAIN[@]}" "${SURVEY_PDE[@]}" \
  -survey_samples $TRAIN_SAMPLES -survey_seed 1 -output "$OUT/survey/train.h5"
step "survey (test set)" "${MPI[@]}" "$PAIRINV" survey "${GEOMETRY[@]}" "${SURVEY_TRAIN[@]}" "${SURVEY_PDE[@]}" \
  -survey_samples $TEST_SAMPLES -survey_seed 2 -output "$OUT/survey/test.h5"
OOD_FILES=()
seed=3
for name in "${OOD_SETS[@]}"; do
  # shellcheck disable=SC2206  # the entries are option lists without spaces in their words
  extra=(${OOD_ARGS[$name]})
  step "survey (OOD set $name)" "${MPI[@]}" "$PAIRINV" survey "${GEOMETRY[@]}" "${extra[@]}" "${SURVEY_PDE[@]}" \
    -survey_samples $OOD_SAMPLES -survey_seed $seed -output "$OUT/survey/$name.h5"
  OOD_FILES+=("$OUT/survey/$name.h5")
  seed=$(( seed + 1 ))
done
OOD_LIST=$(IFS=,; echo "${OOD_FILES[*]}")

# ---- 4. Training (LibTorch threads, over the ranks with TRAIN_MPI; resumes from the last epoch)
step "train (paired autoencoders)" "${TRAIN_MPI[@]}" "$PAIRINV" train -input "$OUT/survey/train.h5" -output "$OUT/runs/pae" \
  "${TRAIN[@]}"
step "train (end-to-end baseline)" "${TRAIN_MPI[@]}" "$PAIRINV" train -input "$OUT/survey/train.h5" -output "$OUT/runs/e2e" \
  "${TRAIN[@]}" -pae_architecture end_to_end

# ---- 5. Likelihood-free estimates, their quality scores and the OOD flag ---------------------
step "estimate (test set)" "$PAIRINV" estimate -run "$OUT/runs/pae" -input "$OUT/survey/test.h5" \
  -output "$OUT/estimates.h5" -pae_png_samples 0,1,2 -pae_threads "$THREADS"

# ---- 6. Latent-space inversion of one test sample with the true PDE (ParaView: models.pvd) ---
rm -rf "$OUT/invert/sample0"
step "invert (LSI, sample 0)" "$PAIRINV" invert -run "$OUT/runs/pae" -input "$OUT/survey/test.h5" \
  -sample 0 -lsi_iterations $LSI_ITERATIONS -lsi_polish_iterations $POLISH_ITERATIONS -output "$OUT/invert/sample0"

# ---- 7. Detect and repair: each OOD set flagged, its first flagged samples repaired ----------
for name in "${OOD_SETS[@]}"; do
  rm -rf "$OUT/repair/$name"
  step "repair (OOD set $name)" "${MPI[@]}" "$PAIRINV" repair -run "$OUT/runs/pae" -input "$OUT/survey/$name.h5" \
    -repair_max $REPAIR_MAX -lsi_iterations $LSI_ITERATIONS -lsi_polish_iterations $POLISH_ITERATIONS \
    -pae_threads "$THREADS" -output "$OUT/repair/$name"
done

# ---- 8. The evaluation report (the samples' inversions and repairs spread over the ranks) -----
step "evaluate" "${MPI[@]}" "$PAIRINV" evaluate -run "$OUT/runs/pae" -baseline_run "$OUT/runs/e2e" \
  -input "$OUT/survey/test.h5" -ood "$OOD_LIST" -evaluate_samples $EVAL_SAMPLES \
  -evaluate_repair_samples $EVAL_REPAIRS -lsi_iterations $LSI_ITERATIONS -lsi_polish_iterations $POLISH_ITERATIONS \
  -evaluate_fwi_iterations $FWI_ITERATIONS -output "$OUT/evaluate"

TOTAL=$(( $(date +%s) - START ))
echo "total: $TOTAL s" >> "$OUT/timing.txt"
echo "=== quickstart: done in $TOTAL s; timings in $OUT/timing.txt"
echo "    report:   $OUT/evaluate/report.md"
echo "    repairs:  $OUT/repair/*/report.md"
echo "    ParaView: paraview $OUT/invert/sample0/models.pvd   (arrays: the model, estimate, truth, difference)"
sed -n '/^## Methods/,/^Model error:/p' "$OUT/evaluate/report.md" | grep '^|' || true
sed -n '/^## Detection/,/^Scores/p' "$OUT/evaluate/report.md" | grep '^|' || true
