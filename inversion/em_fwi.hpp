// Model-space EM inversion, the EM counterpart of acoustic_fwi.hpp: minimise
//   phi(m) = 1/2 || W (g(d(m)) - d_obs) ||^2,   m = ln sigma on the model grid,
// (real data layout, g and W as in solvers/em/em_data.hpp) with PETSc TAO's bound-constrained
// L-BFGS (BLMVM, inversion/tao_driver.hpp), ln sigma_min <= m <= ln sigma_max, and the exact
// adjoint gradient of solvers/em (emGradient). TAO's variables are m itself (already of order 1).
//
// One stage with every -em_frequencies at once. The acoustic FWI's frequency continuation
// (-fwi_frequencies) fights cycle skipping of oscillating waveforms; diffusive EM fields do not
// cycle-skip, and every frequency is factorised anyway, so EM has no stages (the app refuses
// -fwi_frequencies with -physics em).
//
// Air: cells of the starting model at or below kEmAirConductivity (the air rows of em-blocks
// models) keep their value and are not variables. The configuration must be validated at the
// starting model (validateEmConfig), which fixes the mesh for the whole inversion.
//
// Weights (-fwi_data_weights): relative (default) gives each complex datum d_k the weight
// 1 / max(|d_obs,k|, 1e-6 max_j |d_obs,j|) on both real parts of realimag data (a relative
// misfit, so that small fields and high frequencies count alike); logamp_phase data are
// relative already and keep W = 1. none: W = 1.
//
// Output folder as acoustic FWI: history.csv (iteration, stage = 0, objective = phi,
// data_misfit = ||W r|| / ||W d_obs||, model_error = RMS over the true model's earth cells of
// log10(sigma / sigma_true) in decades, pde_solves = forward + adjoint solves, i.e. 2 per
// frequency and source per evaluation on one factorisation per frequency, seconds),
// iterations/model_NNNN.vti with models.pvd (array conductivity in S/m, truth, and difference =
// log10(sigma / sigma_true)), model_final.npy/.vti (S/m), PNGs of log10 sigma and of the
// convergence, and state/ for resuming (rerun the same command; L-BFGS memory restarts).
#pragma once

#include <mpi.h>

#include <filesystem>
#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::inversion {

/// Cells at or below this conductivity (S/m) are air: never inverted, left out of model errors.
constexpr double kEmAirConductivity = em::kAirLikeConductivity;

struct EmFwiSettings {
  int iterations = 10;
  int maxEvaluations = 0;  // TAO function evaluations at most (0: TAO's default here)
  double sigmaMin = 1e-4, sigmaMax = 10.0;  // bounds on the earth's conductivity, S/m
  bool relativeWeights = true;
  std::filesystem::path output = "out/fwi_em";
};

/// Reads -fwi_iterations, -fwi_sigma_min, -fwi_sigma_max and -fwi_data_weights (TAO's own
/// options are -fwi_tao_*, see probeTaoOptions). InputError if -fwi_frequencies is given. A caller
/// that sets the iteration count itself passes readIterations = false (not read, not in -help).
EmFwiSettings readEmFwiSettings(MPI_Comm comm, bool readIterations = true);

struct EmFwiProblem {
  em::EmConfig config;           // validated at `initial`; the acquisition of `observed`
  std::vector<double> observed;  // real layout [part][freq][src][rec], full on every rank
  Field2D initial;               // starting conductivity, S/m
  const Field2D* truth = nullptr;  // for the model error, when known
};

/// The weights W described above (same layout as `observed`).
std::vector<double> emDataWeights(const std::vector<double>& observed, em::RealForm form, bool relative);

/// RMS of log10(sigma / truth) over the truth's earth cells (decades).
double logConductivityError(const Field2D& sigma, const Field2D& truth);

/// Starting models. emSmoothStart: the earth's ln sigma Gaussian-smoothed (standard deviation
/// `length` m; air cells count as the nearest earth cell of their column, so the air does not
/// bleed into the earth), the air kept. emHalfSpaceStart: a homogeneous earth of `sigma` S/m
/// (0: the geometric mean of the model's earth cells) under the model's air.
Field2D emSmoothStart(const Field2D& model, double length);
Field2D emHalfSpaceStart(const Field2D& model, double sigma);

/// Runs (or resumes) the inversion and returns the final conductivity on every rank.
Field2D runEmFwi(MPI_Comm comm, const EmFwiSettings& settings, const EmFwiProblem& problem);

}  // namespace pairinv::inversion
