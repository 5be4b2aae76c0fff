#include "solvers/acoustic/shot_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "solvers/acoustic/adjoint_kernels.hpp"

namespace pairinv::acoustic {

namespace {

double availableMemoryBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kb = 0;
  while (in >> key >> kb) {
    if (key == "MemAvailable:") return kb * 1024.0;
    in.ignore(256, '\n');
  }
  return 8e9;  // not Linux: assume a modest machine
}

/// The large buffers survive between gradients (slot 0: checkpoints, 1: segment fields): on
/// these machines first-touching fresh memory costs about 0.7 s per 260 MB, more than a whole
/// gradient of an OpenFWI sample. One ShotGradient at a time uses them.
double* pooledBuffer(int slot, std::size_t n) {
  static std::vector<double> pool[2];
  if (pool[slot].size() < n) pool[slot] = std::vector<double>(n);
  return pool[slot].data();
}

}  // namespace

CheckpointPlan planCheckpoints(const AcousticConfig& c, std::size_t fieldDoubles, std::size_t stateDoubles,
                               int ranksOnNode) {
  const double budget = c.memoryBudgetMB > 0 ? c.memoryBudgetMB * 1e6
                                             : 0.5 * availableMemoryBytes() / std::max(1, ranksOnNode);
  auto plan = [&](int k) {
    CheckpointPlan p;
    p.segment = k;
    p.segments = (c.nt + k - 1) / k;
    p.bytes = 8 * (std::size_t(p.segments) * stateDoubles + std::size_t(k + 2) * fieldDoubles);
    return p;
  };
  const CheckpointPlan full = plan(c.nt);
  CheckpointPlan smallest = full;
  for (int k = 1; k < c.nt; ++k)
    if (plan(k).bytes < smallest.bytes) smallest = plan(k);
  if (c.gradientStorage == "full") return full;
  if (c.gradientStorage == "auto" && double(full.bytes) <= budget) return full;
  require(double(smallest.bytes) <= budget, "the gradient needs at least ", smallest.bytes / 1e6,
          " MB per rank with checkpointing (", smallest.segments, " checkpoints of ", smallest.segment,
          " steps) but -acoustic_memory_budget allows ", budget / 1e6, " MB");
  return smallest;
}

ShotGradient::ShotGradient(AcousticPropagator& propagator, const CheckpointPlan& plan)
    : fwd_(propagator), plan_(plan),
      owned_(std::size_t(propagator.box_.zm) * std::size_t(propagator.box_.xm)) {
  checkpoints_ = pooledBuffer(0, std::size_t(plan.segments) * fwd_.stateSize());
  fields_ = pooledBuffer(1, std::size_t(plan.segment + 2) * owned_);
  const std::size_t n = fwd_.box_.storage();
  for (auto* f : {&x_, &y_, &nu_, &inverseV_}) f->assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    if (fwd_.vdt2_[i] > 0) inverseV_[i] = 1.0 / fwd_.vdt2_[i];
  if (fwd_.config_.boundary == Boundary::Pml)
    for (auto* f : {&zbX_, &sbX_, &zbZ_, &sbZ_, &w1_, &w2_}) f->assign(f == &w1_ || f == &w2_ ? 2 * n : n, 0.0);
}

void ShotGradient::mirror(double* f) const {
  const LocalBox& b = fwd_.box_;
  for (int k = 1; k <= b.radius; ++k)
    for (int ix = 0; ix < b.xm; ++ix) f[b.offset(-k, ix)] = -f[b.offset(k, ix)];
}

double ShotGradient::run(const GridPoint& source, const std::vector<double>& wavelet, double* gather,
                         const ResidualFunction& residual, double* gradV) {
  const int nt = fwd_.config_.nt, K = plan_.segment, S = plan_.segments;
  const std::size_t stateSize = fwd_.stateSize();
  auto field = [&](int k) { return fields_ + std::size_t(k) * owned_; };

  // 1. Forward: checkpoints at segment starts; the last segment's fields are kept outright.
  fwd_.startShot(source);
  const int lastStart = (S - 1) * K;
  for (int n = 0; n < nt; ++n) {
    if (n % K == 0) fwd_.saveState(checkpoints_ + std::size_t(n / K) * stateSize);
    if (n == lastStart) fwd_.copyOwned(fwd_.previousField(), field(0)), fwd_.copyOwned(fwd_.field(), field(1));
    fwd_.advance(wavelet[std::size_t(n)]);
    fwd_.record(n, gather);
    if (n >= lastStart) fwd_.copyOwned(fwd_.field(), field(n - lastStart + 2));
  }
  const double objective = residual(gather);

  // 2. Backward, one segment at a time, recomputing all but the last from its checkpoint.
  for (auto* f : {&x_, &y_, &nu_, &zbX_, &sbX_, &zbZ_, &sbZ_, &w1_, &w2_}) std::fill(f->begin(), f->end(), 0.0);
  for (int s = S - 1; s >= 0; --s) {
    const int n0 = s * K, n1 = std::min(nt, n0 + K);
    if (s != S - 1) {
      fwd_.loadState(checkpoints_ + std::size_t(s) * stateSize);
      fwd_.copyOwned(fwd_.previousField(), field(0));
      fwd_.copyOwned(fwd_.field(), field(1));
      for (int n = n0; n < n1; ++n) {
        fwd_.advance(wavelet[std::size_t(n)]);
        fwd_.copyOwned(fwd_.field(), field(n - n0 + 2));
      }
    }
    for (int n = n1 - 1; n >= n0; --n)
      backwardStep(n, gather, field(n - n0), field(n - n0 + 1), field(n - n0 + 2), gradV);
  }
  return objective;
}

void ShotGradient::backwardStep(int n, const double* residual, const double* f0, const double* f1,
                                const double* f2, double* gradV) {
  const AcousticPropagator& F = fwd_;
  const LocalBox& b = F.box_;
  double* x = x_.data();
  double* y = y_.data();
  double* nu = nu_.data();
  const std::size_t storage = b.storage();

  // x is the adjoint of p^{n+1}: add the data residual, then the free-surface projection.
  const int every = F.config_.recordEvery;
  if (n % every == 0) {
    const std::size_t row = std::size_t(n / every) * F.config_.receivers.size();
    for (const auto& r : F.receivers_) x[r.offset] += residual[row + std::size_t(r.index)];
  }
  if (F.ownsSurface_)
    for (int ix = 0; ix < b.xm; ++ix) x[b.offset(0, ix)] = 0.0;

  // dJ/dV += x a^n with a^n = (p^{n+1} - p^n - B (p^n - p^{n-1})) / V; and nu = V x.
  const double* B = F.damping_.empty() ? nullptr : F.damping_.data();
  const double* V = F.vdt2_.data();
  const double* inverseV = inverseV_.data();
  for (int iz = 0; iz < b.zm; ++iz) {
    const std::size_t c = std::size_t(iz) * std::size_t(b.xm);
    const std::ptrdiff_t row = b.offset(iz, 0);
    for (int ix = 0; ix < b.xm; ++ix) {
      const std::ptrdiff_t i = row + ix;
      const std::size_t k = c + std::size_t(ix);
      const double damp = B ? B[i] : 1.0;
      gradV[i] += x[i] * (f2[k] - f1[k] - damp * (f1[k] - f0[k])) * inverseV[i];
      nu[i] = V[i] * x[i];
    }
  }
  F.halo_->exchange(nu);
  if (F.ownsSurface_) mirror(nu);

  const bool pml = F.config_.boundary == Boundary::Pml;
  double* w1x = w1_.data();
  double* w1z = w1_.data() + (pml ? storage : 0);
  double* w2x = w2_.data();
  double* w2z = w2_.data() + (pml ? storage : 0);
  if (pml) {
    for (const auto& s : F.xStrips_)
      cpmlAdjointZeta(Axis::X, b, s.first, s.last, nu, zbX_.data(), w1x, F.ax_.data(), F.bx_.data());
    for (const auto& s : F.zStrips_)
      cpmlAdjointZeta(Axis::Z, b, s.first, s.last, nu, zbZ_.data(), w1z, F.az_.data(), F.bz_.data());
    F.halo_->exchange(w1x, false, true);
    F.halo_->exchange(w1z, true, false);
    for (const auto& s : F.xStrips_)
      cpmlAdjointPsi(Axis::X, b, F.stencil_, s.first, s.last, nu, w1x, sbX_.data(), w2x, F.ax_.data(), F.bx_.data());
    for (const auto& s : F.zStrips_)
      cpmlAdjointPsi(Axis::Z, b, F.stencil_, s.first, s.last, nu, w1z, sbZ_.data(), w2z, F.az_.data(), F.bz_.data());
    F.halo_->exchange(w2x, false, true);
    F.halo_->exchange(w2z, true, false);
  }
  adjointLeapfrogStep(b, F.stencil_, x, y, nu, F.damping_.empty() ? nullptr : F.damping_.data());
  if (pml) {
    for (const auto& s : F.xStrips_) cpmlAdjointApply(Axis::X, b, F.stencil_, s.first, s.last, w1x, w2x, y);
    for (const auto& s : F.zStrips_) cpmlAdjointApply(Axis::Z, b, F.stencil_, s.first, s.last, w1z, w2z, y);
  }
  std::swap(x_, y_);
}

}  // namespace pairinv::acoustic
