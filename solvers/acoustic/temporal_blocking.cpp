// Temporal blocking of the forward time stepping: T steps in one sweep over the rows.
//
// One step (acoustic_propagator.hpp, wave_kernels.hpp) reads p^n on rows i - R .. i + R and
// p^{n-1} on row i to write p^{n+1} on row i, in place of p^{n-1}. Step by step, every step
// streams the whole grid through memory. Here levels k = 1 .. T of a block (p^{n0+k}) advance
// together as a wavefront: level k does row i once level k-1 has finished rows up to i + 2R
// (i + R for the stencil, R more for the Z-axis CPML variable psi, whose derivative the step
// at row i reads on rows i - R .. i + R). Level k writes row i over level k-2's row i, which
// level k-1 has then stopped reading (it reads level k-2 on rows >= its front - R > i). The
// band between the first and the last level, about T (2R + 1) rows, stays in the caches, so
// the fields pass through memory once per T steps instead of once per step.
//
// Each row's work is the step's work on that row in the step's order (psi updates, leapfrog,
// CPML terms, source, free surface, receivers), through the same kernels on a one-row box:
// the results are those of advance() to the last bit (tests/solvers/test_temporal_blocking).
// It needs the whole grid on one rank (no halo exchange inside a block); shots split over
// several ranks step one at a time.
#include <unistd.h>

#include <algorithm>

#include "core/log.hpp"
#include "core/error.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"

namespace pairinv::acoustic {

namespace {

/// Levels of the automatic choice (4 and 8 were alike on the development machine; 16 was slower:
/// its band of rows no longer fits the L2 cache).
constexpr int kAutoLevels = 4;

/// The size of the arrays one step sweeps above which blocking pays: half the last-level cache
/// (shared with other cores and tenants). Below it the arrays stay in the cache, the sweeps cost
/// nothing more, and blocking's row-by-row overhead made the step slower (float 1040 x 1040,
/// 12.4 MiB: 0.29 s against 0.34 s for 300 steps; double, 24.8 MiB: 0.69 s against 0.79 s).
double blockAboveBytes() {
  const long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  return l3 > 0 ? 0.5 * double(l3) : 16.0 * 1024 * 1024;
}

}  // namespace

template <class Real>
int AcousticPropagator<Real>::chooseTimeBlock() const {
  if (!halo_->isSerial()) {
    static bool warned = false;  // once per process: gradients build a propagator each
    int rank = 0;
    MPI_Comm_rank(comm_, &rank);
    if (config_.timeBlock > 1 && rank == 0 && !warned)
      logWarning(concat("-acoustic_time_block ", config_.timeBlock, " applies to ranks that hold whole shots "
                        "(-acoustic_ranks_per_shot 1); a shot split over ranks steps one at a time"));
    warned = warned || config_.timeBlock > 1;
    return 1;
  }
  if (config_.timeBlock > 0) return config_.timeBlock;
  const double swept = double(box_.storage()) * sizeof(Real) * (damping_.empty() ? 3.0 : 4.0);
  return swept > blockAboveBytes() ? kAutoLevels : 1;
}

template <class Real>
template <class Out>
void AcousticPropagator<Real>::advanceSteps(int n0, int count, const std::vector<double>& wavelet, double* gather,
                                            const std::function<PackedIncrement<Out>(int)>& increments) {
  for (int n = n0; n < n0 + count;) {
    const int levels = std::min(timeBlock_, n0 + count - n);
    if (levels > 1 && box_.zm > 1) {
      wavefront(n, levels, wavelet, gather, increments);
      n += levels;
    } else {
      advance(wavelet[std::size_t(n)], nullptr, increments ? increments(n) : PackedIncrement<Out>{});
      if (gather) record(n, gather);
      ++n;
    }
  }
}

template <class Real>
template <class Out>
void AcousticPropagator<Real>::wavefront(int n0, int levels, const std::vector<double>& wavelet, double* gather,
                                         const std::function<PackedIncrement<Out>(int)>& increments) {
  const int zm = box_.zm, lag = 2 * box_.radius + 1;
  // front[k]: the next row of level k (front[0] = zm: p^{n0} is complete); inc[k]: its increment.
  int front[65] = {zm};
  PackedIncrement<Out> inc[65];
  for (int k = 1; k <= levels && increments; ++k) inc[k] = increments(n0 + k - 1);
  auto ready = [&](int k) { return front[k] < zm && front[k - 1] >= std::min(zm, front[k] + lag); };
  auto work = [&](int k) {
    const int n = n0 + k - 1;
    wavefrontRow(k, front[k]++, n, wavelet[std::size_t(n)], gather, inc[k]);
  };
  for (int i = 0; i < zm; ++i) {
    work(1);
    for (int k = 2; k <= levels; ++k)
      while (ready(k)) work(k);
  }
  for (int k = 2; k <= levels; ++k)
    while (front[k] < zm) work(k);
  // Level k lives in the buffer of level k - 2: after an odd number of levels the newest is in
  // pNext_, which advance() would have swapped into p_.
  if (levels % 2) std::swap(p_, pNext_);
}

template <class Real>
template <class Out>
void AcousticPropagator<Real>::wavefrontRow(int level, int i, int n, double sourceValue, double* gather,
                                            const PackedIncrement<Out>& inc) {
  const int R = box_.radius;
  const std::ptrdiff_t S = box_.stride(), row = std::ptrdiff_t(i) * S;
  Real* cur = (level % 2 ? p_ : pNext_).data();  // level - 1 (p^n)
  Real* next = (level % 2 ? pNext_ : p_).data();  // level - 2 in, level out (p^{n+1})
  const LocalBox one{box_.zs + i, box_.xs, 1, box_.xm, R};
  const bool pml = config_.boundary == Boundary::Pml;
  auto psiZ = [&](int j) {
    if (!zStripRow_[std::size_t(j)]) return;
    const std::ptrdiff_t o = std::ptrdiff_t(j) * S;
    cpmlUpdatePsi(Axis::Z, one, stencil_, 0, 1, cur + o, psiZ_.data() + o, az_.data() + j, bz_.data() + j);
  };
  if (i == 0) {
    if (ownsSurface_) mirrorFreeSurface(cur);
    if (pml)
      for (int j = 0; j < std::min(R, box_.zm); ++j) psiZ(j);
  }
  if (pml) {
    if (i + R < box_.zm) psiZ(i + R);
    for (const LineRange& s : xStrips_)
      cpmlUpdatePsi(Axis::X, one, stencil_, s.first, s.last, cur + row, psiX_.data() + row, ax_.data(), bx_.data());
  }
  const PackedIncrement<Out> rowInc{inc.row(i), inc.stride, inc.stream};  // this row's, at offset 0
  leapfrogStep(one, stencil_, cur + row, next + row, vdt2_.data() + row,
               damping_.empty() ? nullptr : damping_.data() + row, rowInc);
  if (pml) {
    for (const LineRange& s : xStrips_)
      cpmlApply(Axis::X, one, stencil_, s.first, s.last, cur + row, psiX_.data() + row, zetaX_.data() + row,
                next + row, vdt2_.data() + row, ax_.data(), bx_.data(), rowInc);
    if (zStripRow_[std::size_t(i)])
      cpmlApply(Axis::Z, one, stencil_, 0, 1, cur + row, psiZ_.data() + row, zetaZ_.data() + row, next + row,
                vdt2_.data() + row, az_.data() + i, bz_.data() + i, rowInc);
  }
  if (sourceOffset_ >= 0 && sourceIz_ == i) injectSource(next, sourceValue, inc);
  if (ownsSurface_ && i == 0)
    for (int ix = 0; ix < box_.xm; ++ix) next[box_.offset(0, ix)] = Real(0);
  if (!gather || n % config_.recordEvery) return;
  const std::size_t base = std::size_t(n / config_.recordEvery) * config_.receivers.size();
  for (std::size_t r = receiverRows_[std::size_t(i)]; r < receiverRows_[std::size_t(i) + 1]; ++r)
    gather[base + std::size_t(receivers_[r].index)] = next[std::size_t(receivers_[r].offset)];
}

template int AcousticPropagator<float>::chooseTimeBlock() const;
template int AcousticPropagator<double>::chooseTimeBlock() const;
#define PAIRINV_TEMPORAL_BLOCKING(Real, Out)                                                                     \
  template void AcousticPropagator<Real>::advanceSteps<Out>(int, int, const std::vector<double>&, double*,     \
                                                            const std::function<PackedIncrement<Out>(int)>&);
PAIRINV_TEMPORAL_BLOCKING(float, float)
PAIRINV_TEMPORAL_BLOCKING(double, double)
PAIRINV_TEMPORAL_BLOCKING(double, float)
#undef PAIRINV_TEMPORAL_BLOCKING

}  // namespace pairinv::acoustic
