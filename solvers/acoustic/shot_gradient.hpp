// The exact discrete adjoint of one shot of AcousticPropagator, with bounded memory.
//
// Forward step n:  q = p^n + B (p^n - p^{n-1}) + V a^n,   p^{n+1} = P q,
// with V = v^2 dt^2, P the free-surface projection and a^n = L p^n + CPML terms + source/(dx dz)
// (see wave_kernels.hpp). For J = 1/2 sum_n ||R p^{n+1} - d^n||^2 the backward recursion is
//   lambda = adjoint of p^{n+1} (+ R^T residual^n),  qbar = P lambda,
//   dJ/dV += qbar * a^n,   then the transposed step (adjoint_kernels.hpp) gives the adjoint
//   of p^n and p^{n-1}.
// a^n is recovered from three consecutive fields, a^n = (p^{n+1} - p^n - B (p^n - p^{n-1})) / V,
// on rows that P keeps (qbar is zero on the others).
//
// Memory (two-level checkpointing, Griewank's "checkpoints plus one recomputation"): the
// forward pass stores the state (stateSize() doubles) every K steps; the backward pass
// recomputes one segment of K steps at a time from its checkpoint, holding its K + 2 fields.
// Memory = ceil(nt/K) state + (K + 2) fields, smallest near K = sqrt(nt state / field); cost =
// one extra forward pass. With K = nt (full storage) nothing is recomputed. Both give the same
// arithmetic, so the same gradient to the last bit.
#pragma once

#include <functional>
#include <vector>

#include "solvers/acoustic/acoustic_propagator.hpp"

namespace pairinv::acoustic {

/// The storage plan for one shot's gradient.
struct CheckpointPlan {
  int segment = 0;           // K, steps per segment (nt: full storage)
  int segments = 0;          // ceil(nt / K)
  std::size_t bytes = 0;     // checkpoints + segment buffer, per rank
};

/// Chooses K for `config` (gradientStorage, memoryBudgetMB) given the per-rank sizes of one
/// field and one state in doubles. Throws InputError when even the smallest plan does not fit.
CheckpointPlan planCheckpoints(const AcousticConfig& config, std::size_t fieldDoubles,
                               std::size_t stateDoubles, int ranksOnNode);

class ShotGradient {
 public:
  /// Receives the synthetic gather (this rank's receivers filled) and turns it, in place, into
  /// the adjoint source R^T-weighted residual; returns this rank's part of the objective.
  using ResidualFunction = std::function<double(double* gather)>;

  ShotGradient(AcousticPropagator& propagator, const CheckpointPlan& plan);

  /// Runs forward and backward for one shot and adds dJ/dV (LocalBox layout) to `gradV`.
  /// `gather` (samples x receivers, zeroed by the caller) receives the synthetic data and then
  /// the residual. Returns this rank's part of the objective.
  double run(const GridPoint& source, const std::vector<double>& wavelet, double* gather,
             const ResidualFunction& residual, double* gradV);

  const CheckpointPlan& plan() const { return plan_; }

 private:
  void backwardStep(int n, const double* residual, const double* f0, const double* f1, const double* f2,
                    double* gradV);
  void mirror(double* f) const;

  AcousticPropagator& fwd_;
  CheckpointPlan plan_;
  std::size_t owned_;
  double* checkpoints_ = nullptr;                       // states (pooled, see shot_gradient.cpp)
  double* fields_ = nullptr;                            // the segment's K + 2 fields (pooled)
  std::vector<double> x_, y_, nu_, inverseV_;           // adjoint fields, 1/V (LocalBox layout)
  std::vector<double> zbX_, sbX_, zbZ_, sbZ_, w1_, w2_;  // CPML adjoint memory and work arrays
};

}  // namespace pairinv::acoustic
