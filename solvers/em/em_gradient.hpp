// Sensitivities of EM data to the log-conductivity m = ln sigma on the model grid: the
// Jacobian product J dm, its adjoint J^T w, and the exact gradient of the data misfit
//   phi(m) = 1/2 || W (g(d(m)) - d_obs) ||^2
// (real layout, weights and g as in em_data.hpp; d the configuration's datum).
//
// Discrete adjoint. For each frequency and source, A u = b with A = A(m), and each datum is a
// holomorphic function d_k(u, m) (a field value, or an impedance ratio of two receiver
// functionals; H-pol fluxes also depend on rho next to the face). Writing rho_k = w_k0 + i w_k1
// for the two real parts of a data-space vector w and g'_k for the form's derivative,
//   <J dm, w> = Re sum_k conj(rho_k) g'_k (dd_k/du du + dd_k/dm dm),  A du = -d(A u - b)/dm dm,
// so with the adjoint field A^T lambda = v, v = sum_k conj(rho_k) g'_k dd_k/du,
//   (J^T w)_c = Re[ -lambda^T d(A u - b)/dm_c + sum_k conj(rho_k) g'_k dd_k/dm_c ],
// summed over frequencies and sources and over the mesh cells that copy model cell c (padding).
// The adjoint solve reuses the frequency's factorisation (Factorisation::solveTranspose).
// The gradient of phi is J^T (W^2 r), r the (phase-wrapped) residual.
//
// The mesh must not change with m: validate the configuration once (at the starting model),
// which fixes the padding distance and air height, and reuse it. Air cells are not parameters.
// MPI: tasks as in simulateEm; results on every rank.
#pragma once

#include <mpi.h>

#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_data.hpp"

namespace pairinv::em {

struct EmGradientResult {
  double objective = 0.0;
  Field2D gradient;               // d phi / d ln sigma on the model grid
  std::vector<double> synthetic;  // g(d(m)), the real layout
};

/// phi and its gradient. `observed` (and `weights`, same layout, may be null) hold the full real
/// data on every rank.
EmGradientResult emGradient(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                            const std::vector<double>& observed, const std::vector<double>* weights);

/// J dm for a perturbation dm of ln sigma on the model grid, in the real layout.
std::vector<double> emJacobianApply(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                                    const ModelView& dm);

/// J^T w for a real-layout vector w, on the model grid.
Field2D emJacobianAdjoint(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config,
                          const std::vector<double>& w);

/// ln sigma and back, for inversions in the log-conductivity.
Field2D logConductivity(const Field2D& conductivity);
Field2D conductivityFromLog(const Field2D& logSigma);

}  // namespace pairinv::em
