#include "solvers/acoustic/shot_gradient.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>

#include "core/log_events.hpp"
#include "solvers/acoustic/adjoint_kernels.hpp"
#include "solvers/acoustic/adjoint_leapfrog.hpp"
#include "solvers/acoustic/wavefield_pool.hpp"


namespace pairinv::acoustic {

namespace {

/// Seconds of this thread's CPU time since `t`, which it advances: on a shared machine CPU
/// time is far steadier than wall time (other jobs' time slices do not count).
double cpuSecondsSince(double& t) {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  const double now = double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  const double s = now - t;
  t = now;
  return s;
}

/// Segments above this size are written with streaming stores: on the development machine
/// (a shared VM) ordinary stores slow down beyond about 8 MB (the share of L3 one core gets),
/// streaming ones do not; below it the increments are read back from cache.
constexpr double kStreamAboveBytes = 8e6;

/// n values of Real rounded up to whole 32-byte blocks (one ymm register), in values.
template <class Real>
std::size_t roundUp32(std::size_t n) {
  constexpr std::size_t k = 32 / sizeof(Real);
  return (n + k - 1) / k * k;
}

}  // namespace

template <class Real, class Out>
std::size_t ShotGradient<Real, Out>::packedFieldSize(const AcousticPropagator<Real>& p) {
  return std::size_t(p.box_.zm) * roundUp32<Out>(std::size_t(p.box_.xm)) * sizeof(Out);
}

template <class Real, class Out>
std::size_t ShotGradient<Real, Out>::checkpointSize(const AcousticPropagator<Real>& p) {
  return roundUp32<Real>(p.stateSize()) * sizeof(Real);
}

template <class Real, class Out>
ShotGradient<Real, Out>::ShotGradient(AcousticPropagator<Real>& propagator, const CheckpointPlan& plan)
    : fwd_(propagator), plan_(plan), stride_(std::ptrdiff_t(roundUp32<Out>(std::size_t(propagator.box_.xm)))),
      fieldBytes_(packedFieldSize(propagator)), stateBytes_(checkpointSize(propagator)) {
  WavefieldPool& pool = WavefieldPool::instance();
  buffer_ = static_cast<char*>(pool.acquire(plan.bytes, plan.warmBytes));
  if (plan.warmBytes > plan.bytes) pool.populateInBackground(plan.bytes, plan.warmBytes);
  // A segment larger than the caches is written once and read back much later: streaming
  // stores skip the read-for-ownership of every line (a third of the traffic) and overlap
  // with the step's arithmetic.
  stream_ = double(plan.segment) * double(fieldBytes_) > kStreamAboveBytes;
  const std::size_t n = fwd_.box_.storage();
  for (auto* f : {&mu_, &muNext_}) f->assign(n, Real(0));
  image_.assign(fieldBytes_ / sizeof(Out), Real(0));
  if (fwd_.config_.boundary == Boundary::Pml)
    for (auto* f : {&zbX_, &sbX_, &zbZ_, &sbZ_, &w1_, &w2_}) f->assign(f == &w1_ || f == &w2_ ? 2 * n : n, Real(0));
}

template <class Real, class Out>
void ShotGradient<Real, Out>::mirror(Real* f) const {
  const LocalBox& b = fwd_.box_;
  for (int k = 1; k <= b.radius; ++k)
    for (int ix = 0; ix < b.xm; ++ix) f[b.offset(-k, ix)] = -f[b.offset(k, ix)];
}

template <class Real, class Out>
double ShotGradient<Real, Out>::run(const GridPoint& source, const std::vector<double>& wavelet, double* gather,
                         const ResidualFunction& residual, double* gradV) {
  const int S = plan_.segments;
  std::vector<int> start(std::size_t(S) + 1, 0);
  for (int s = 0; s < S; ++s) start[std::size_t(s) + 1] = start[std::size_t(s)] + plan_.lengths[std::size_t(s)];
  // Checkpoint s at slot s; segment s's increments from there on, over the checkpoints of
  // segments the backward pass is done with (checkpoint s itself is loaded before it is
  // overwritten). Every slot and row starts 32-byte aligned (the buffer is 2 MiB aligned).
  auto checkpoint = [&](int s) { return reinterpret_cast<Real*>(buffer_ + std::size_t(s) * stateBytes_); };
  auto increment = [&](int s, int k) {
    return reinterpret_cast<Out*>(buffer_ + std::size_t(s) * stateBytes_ + std::size_t(k) * fieldBytes_);
  };
  auto output = [&](int s, int k) { return PackedIncrement<Out>{increment(s, k), stride_, stream_}; };

  // 1. Forward: checkpoints at segment starts; the last segment's increments are kept outright.
  double cpu = 0.0;
  cpuSecondsSince(cpu);
  fwd_.startShot(source);
  const int last = S - 1, lastStart = start[std::size_t(last)];
  {
    LogEvent event(Event::AcousticForward);
    // Segment by segment (temporal blocks never cross a checkpoint): the last one's increments kept.
    const std::function<PackedIncrement<Out>(int)> kept = [&](int n) { return output(last, n - lastStart); };
    for (int s = 0; s < S; ++s) {
      if (s < last) fwd_.saveState(checkpoint(s));
      fwd_.advanceSteps(start[std::size_t(s)], plan_.lengths[std::size_t(s)], wavelet, gather,
                        s == last ? kept : std::function<PackedIncrement<Out>(int)>());
    }
  }
  timings_.forward += cpuSecondsSince(cpu);
  const double objective = residual(gather);
  cpuSecondsSince(cpu);

  // 2. Backward, one segment at a time, recomputing all but the last from its checkpoint.
  for (auto* f : {&mu_, &muNext_, &image_, &zbX_, &sbX_, &zbZ_, &sbZ_, &w1_, &w2_})
    std::fill(f->begin(), f->end(), Real(0));
  for (int s = last; s >= 0; --s) {
    const int n0 = start[std::size_t(s)], n1 = start[std::size_t(s) + 1];
    if (s != last) {
      LogEvent event(Event::CheckpointRecompute);
      fwd_.loadState(checkpoint(s));
      fwd_.template advanceSteps<Out>(n0, n1 - n0, wavelet, nullptr, [&](int n) { return output(s, n - n0); });
    }
    timings_.recompute += cpuSecondsSince(cpu);
    {
      LogEvent event(Event::AcousticAdjoint);
      for (int n = n1 - 1; n >= n0; --n) backwardStep(n, gather, increment(s, n - n0));
    }
    timings_.backward += cpuSecondsSince(cpu);
  }

  // dJ/dV = sum_n x a^n = image / V^2 (adjoint_leapfrog.hpp).
  const LocalBox& b = fwd_.box_;
  const Real* V = fwd_.vdt2_.data();
  for (int iz = 0; iz < b.zm; ++iz)
    for (int ix = 0; ix < b.xm; ++ix) {
      const std::ptrdiff_t i = b.offset(iz, ix);
      const double v = V[i];
      gradV[i] += double(image_[std::size_t(iz) * std::size_t(stride_) + std::size_t(ix)]) / (v * v);
    }
  return objective;
}

template <class Real, class Out>
void ShotGradient<Real, Out>::backwardStep(int n, const double* residual, const Out* increment) {
  const AcousticPropagator<Real>& F = fwd_;
  const LocalBox& b = F.box_;
  Real* mu = mu_.data();
  const Real* V = F.vdt2_.data();
  const std::size_t storage = b.storage();

  // mu = V x, x the adjoint of p^{n+1}: add the data residual, then the free-surface projection.
  const int every = F.config_.recordEvery;
  if (n % every == 0) {
    const std::size_t row = std::size_t(n / every) * F.config_.receivers.size();
    for (const auto& r : F.receivers_) mu[r.offset] += V[r.offset] * Real(residual[row + std::size_t(r.index)]);
  }
  if (F.ownsSurface_)
    for (int ix = 0; ix < b.xm; ++ix) mu[b.offset(0, ix)] = 0.0;
  F.halo_->exchange(mu);
  if (F.ownsSurface_) mirror(mu);

  const bool pml = F.config_.boundary == Boundary::Pml;
  Real* w1x = w1_.data();
  Real* w1z = w1_.data() + (pml ? storage : 0);
  Real* w2x = w2_.data();
  Real* w2z = w2_.data() + (pml ? storage : 0);
  if (pml) {
    for (const auto& s : F.xStrips_)
      cpmlAdjointZeta(Axis::X, b, s.first, s.last, mu, zbX_.data(), w1x, F.ax_.data(), F.bx_.data());
    for (const auto& s : F.zStrips_)
      cpmlAdjointZeta(Axis::Z, b, s.first, s.last, mu, zbZ_.data(), w1z, F.az_.data(), F.bz_.data());
    F.halo_->exchange(w1x, false, true);
    F.halo_->exchange(w1z, true, false);
    for (const auto& s : F.xStrips_)
      cpmlAdjointPsi(Axis::X, b, F.stencil_, s.first, s.last, mu, w1x, sbX_.data(), w2x, F.ax_.data(), F.bx_.data());
    for (const auto& s : F.zStrips_)
      cpmlAdjointPsi(Axis::Z, b, F.stencil_, s.first, s.last, mu, w1z, sbZ_.data(), w2z, F.az_.data(), F.bz_.data());
    F.halo_->exchange(w2x, false, true);
    F.halo_->exchange(w2z, true, false);
  }
  // dJ/dV imaging and the transposed leapfrog in one sweep; the result goes to muNext_.
  adjointLeapfrogImaging(b, F.stencil_, mu, muNext_.data(), V, F.damping_.empty() ? nullptr : F.damping_.data(),
                         PackedImaging<Real, Out>{increment, image_.data(), stride_});
  if (pml) {
    Real* y = muNext_.data();
    for (const auto& s : F.xStrips_) cpmlAdjointApply(Axis::X, b, F.stencil_, s.first, s.last, w1x, w2x, y, V);
    for (const auto& s : F.zStrips_) cpmlAdjointApply(Axis::Z, b, F.stencil_, s.first, s.last, w1z, w2z, y, V);
  }
  std::swap(mu_, muNext_);
}

template class ShotGradient<float>;
template class ShotGradient<double>;
template class ShotGradient<double, float>;

}  // namespace pairinv::acoustic
