// Classical full-waveform inversion (the baseline of pairinv): minimise
//   J(m) = 1/2 sum_shots ||W (F_s(m) - d_s)||^2
// (W: 0 on the dead traces of d, those exactly zero, else 1; acoustic::liveTraceWeights)
// over the velocity (or slowness squared) with PETSc TAO's bound-constrained L-BFGS (BLMVM),
// using the exact adjoint gradient of solvers/acoustic. Frequency continuation: stages with
// increasing low-pass cutoffs, each filtering the wavelet and the observed data alike.
//
// TAO works on the scaled parameter x = m / scale (scale = mean of the starting parameter) and
// the objective J / J_stage0, which keeps the first line search well posed. The absorbing
// profiles are pinned to the starting model (so the gradient is exact throughout).
//
// Output folder: history.csv (iteration, stage, objective, data_misfit, model_error,
// pde_solves, seconds), iterations/model_NNNN.vti with models.pvd (iterations as time steps,
// arrays velocity, and truth and difference when a true model is given), model_final.npy/.vti,
// and PNGs of the final, starting and true models and of the convergence. state/ holds the last
// iterate: rerunning the same command continues from it (L-BFGS memory restarts).
#pragma once

#include <mpi.h>

#include <filesystem>
#include <vector>

#include "solvers/acoustic/acoustic_gradient.hpp"

namespace pairinv::inversion {

struct FwiSettings {
  int iterations = 10;                 // per stage
  int maxEvaluations = 0;              // TAO function evaluations per stage at most (0: TAO's default here)
  std::vector<double> cutoffs{0.0};    // low-pass cutoff of each stage in Hz (0: the full band)
  double vmin = 1000.0, vmax = 6000.0; // velocity bounds, m/s
  acoustic::Parametrisation parametrisation = acoustic::Parametrisation::Velocity;
  std::filesystem::path output = "out/fwi";
};

/// Reads the -fwi_ options (TAO's own options are -fwi_tao_*, see probeTaoOptions). A caller that
/// sets the iteration count or the stages itself passes false for them: they are then neither
/// read nor listed by -help (the caller refuses them by name).
FwiSettings readFwiSettings(MPI_Comm comm, bool readIterations = true, bool readFrequencies = true);

/// Creates and discards a TAO object with the -fwi_ prefix so that -help lists TAO's options
/// and the options database marks them used before unknown options are rejected.
void probeTaoOptions(MPI_Comm comm);

/// Stage `s` of an acoustic FWI (2D or 3D): `wavelet` (sampled at dt) and `observed` (in
/// place; samples every recordEvery steps) low-passed alike at the stage's cutoff, and the
/// stage's number, count, iteration limits and data norm. InputError if the data are zero.
struct FwiStageData {
  std::vector<double> wavelet;
  int index = 0, count = 1, iterations = 0, maxEvaluations = 0;
  double dataNorm = 0.0;
};
FwiStageData lowPassStage(const FwiSettings& settings, int s, const std::vector<double>& wavelet, double dt,
                          int recordEvery, acoustic::ShotGathers& observed);

struct FwiProblem {
  acoustic::AcousticConfig config;   // validated; the acquisition of `observed`
  acoustic::ShotGathers observed;    // full data on every rank
  Field2D initial;                   // starting velocity
  const Field2D* truth = nullptr;    // for the model error, when known
};

/// Runs (or resumes) the inversion and returns the final velocity on every rank.
Field2D runAcousticFwi(MPI_Comm comm, const FwiSettings& settings, const FwiProblem& problem);

}  // namespace pairinv::inversion
