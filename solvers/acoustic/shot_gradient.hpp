// The exact discrete adjoint of one shot of AcousticPropagator, with bounded memory.
//
// Forward step n:  q = p^n + B (p^n - p^{n-1}) + V a^n,   p^{n+1} = P q,
// with V = v^2 dt^2, P the free-surface projection and a^n = L p^n + CPML terms + source/(dx dz)
// (see wave_kernels.hpp). For J = 1/2 sum_n ||R p^{n+1} - d^n||^2 the backward recursion is
//   lambda = adjoint of p^{n+1} (+ R^T residual^n),  qbar = P lambda,
//   dJ/dV += qbar * a^n,   then the transposed step (adjoint_kernels.hpp) gives the adjoint
//   of p^n and p^{n-1}. The recursion runs in mu = V lambda, where the transposed leapfrog is
//   the forward one, fused with the imaging condition (adjoint_leapfrog.hpp).
// The forward pass stores each step's increment D^n = V a^n as the step computes it
// (PackedIncrement, wave_kernels.hpp): one packed field per step, written with streaming stores
// that overlap the step's arithmetic, and the only forward quantity the imaging condition reads.
// D^n on rows that P zeroes is never used (qbar is zero there).
//
// Memory (checkpoints plus one recomputation, checkpoint_plan.hpp): the forward pass stores
// the state (checkpointSize() bytes) at segment starts; the backward pass recomputes one
// segment at a time from its checkpoint, holding its K_s increments. Cost: one extra forward
// pass. With one segment (full storage) nothing is recomputed. Both give the same arithmetic,
// so the same gradient to the last bit.
#pragma once

#include <functional>
#include <vector>

#include "solvers/acoustic/acoustic_propagator.hpp"
#include "solvers/acoustic/checkpoint_plan.hpp"

namespace pairinv::acoustic {

/// CPU seconds this rank spent in each phase of ShotGradient::run, summed over shots.
struct GradientTimings {
  double forward = 0.0;     // the first forward pass (checkpoints, last segment's increments)
  double recompute = 0.0;   // recomputing the other segments from their checkpoints
  double backward = 0.0;    // the adjoint steps with the imaging condition
};

/// Real: the propagator's precision. Checkpoints, adjoint fields and the image are held in it;
/// the stored increments in Out: Real, or float under double stepping (-acoustic_stored_precision
/// single: half the memory and traffic, lossy; bench/README.md measures the gradient's error).
/// dJ/dV is added to the caller's double field.
template <class Real, class Out = Real>
class ShotGradient {
 public:
  /// Receives the synthetic gather (this rank's receivers filled) and turns it, in place, into
  /// the adjoint source R^T-weighted residual; returns this rank's part of the objective.
  using ResidualFunction = std::function<double(double* gather)>;

  ShotGradient(AcousticPropagator<Real>& propagator, const CheckpointPlan& plan);

  /// Bytes of one stored increment (rows padded to 32 bytes for aligned streaming) and of one
  /// checkpoint slot: the sizes planCheckpoints() needs.
  static std::size_t packedFieldSize(const AcousticPropagator<Real>& propagator);
  static std::size_t checkpointSize(const AcousticPropagator<Real>& propagator);

  /// Runs forward and backward for one shot and adds dJ/dV (LocalBox layout) to `gradV`.
  /// `gather` (samples x receivers, zeroed by the caller) receives the synthetic data and then
  /// the residual. Returns this rank's part of the objective.
  double run(const GridPoint& source, const std::vector<double>& wavelet, double* gather,
             const ResidualFunction& residual, double* gradV);

  const CheckpointPlan& plan() const { return plan_; }
  const GradientTimings& timings() const { return timings_; }

 private:
  void backwardStep(int n, const double* residual, const Out* increment);
  void mirror(Real* f) const;

  AcousticPropagator<Real>& fwd_;
  CheckpointPlan plan_;
  GradientTimings timings_;
  std::ptrdiff_t stride_;                               // row stride of the packed increments and image
  std::size_t fieldBytes_, stateBytes_;               // packedFieldSize(), checkpointSize()
  bool stream_ = false;                               // a segment's increments outgrow the caches
  char* buffer_ = nullptr;                            // checkpoints and increments (wavefield_pool.hpp)
  std::vector<Real> mu_, muNext_, image_;             // V x, V y (LocalBox); sum mu D (packed)
  std::vector<Real> zbX_, sbX_, zbZ_, sbZ_, w1_, w2_;  // CPML adjoint memory and work arrays
};

}  // namespace pairinv::acoustic
