#!/bin/bash
# 3D FWI example (bench/README.md, docs/results.md): a layered model with a low- or high-velocity
# body (the built-in 3D family "body", seed 1), 600 m x 450 m x 450 m at 15 m, 9 shots on a 3 x 3
# grid at 15 m depth and a 20 x 15 receiver patch, inverted from the truth smoothed over 60 m in
# three frequency stages (low-pass 5 Hz, 8 Hz, full band), 8 L-BFGS iterations each. The ranks
# (NP, default 2) take whole shots (-acoustic3d_ranks_per_shot 1).
#
#   bash examples/fwi3d/run.sh [OUT] [PAIRINV]     (default out/fwi3d, build/apps/pairinv)
#   NP=1 bash examples/fwi3d/run.sh
#
# Rerunning the same command continues a killed run to the same bits. Writes OUT/history.csv,
# OUT/models.pvd (iterations as .vti volumes), OUT/model_final.vti, models.png, convergence.png.
set -euo pipefail
out=${1:-out/fwi3d}
pairinv=${2:-build/apps/pairinv}
mpiexec=${MPIEXEC:-mpiexec}
"$mpiexec" -n "${NP:-2}" "$pairinv" fwi -physics acoustic3d \
  -model3d_family body -model3d_size 30,30,40 -model3d_seed 1 \
  -acoustic3d_order 4 -acoustic3d_nt 800 -acoustic3d_f0 10 -acoustic3d_ranks_per_shot 1 \
  -acoustic3d_src_ix 8,20,32,8,20,32,8,20,32 -acoustic3d_src_iy 6,6,6,15,15,15,24,24,24 -acoustic3d_src_iz 1 \
  -acoustic3d_receivers patch -acoustic3d_rec_ix 0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38 \
  -acoustic3d_rec_iy 0,2,4,6,8,10,12,14,16,18,20,22,24,26,28 -acoustic3d_rec_iz 1 \
  -fwi_initial smooth -fwi_smoothing 60 -fwi_frequencies 5,8,0 -fwi_iterations 8 \
  -output "$out"
