#include "solvers/acoustic/acoustic_propagator.hpp"

#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/log_events.hpp"
#include "core/petsc_check.hpp"

namespace pairinv::acoustic {

template <class Real>
AcousticPropagator<Real>::AcousticPropagator(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config)
    : comm_(comm), config_(config), pad_(paddingFor(config)),
      grid_(pairinv::acoustic::paddedGrid(velocity.grid, pad_)) {
  const StencilCoefficients coeffs = stencilForOrder(config.order);
  stencil_ = scaledStencil(coeffs, grid_.dz, grid_.dx);
  const int r = coeffs.radius;

  // DMDA: x (columns) is the first dimension, z (rows) the second.
  PAIRINV_PETSC(DMDACreate2d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, grid_.nx,
                             grid_.nz, PETSC_DECIDE, PETSC_DECIDE, 1, r, nullptr, nullptr, da_.out()));
  PAIRINV_PETSC(DMSetUp(da_));
  PetscInt xs, zs, xm, zm;
  PAIRINV_PETSC(DMDAGetCorners(da_, &xs, &zs, nullptr, &xm, &zm, nullptr));
  box_ = LocalBox{int(zs), int(xs), int(zm), int(xm), r};
  const PetscMPIInt* ranks = nullptr;
  PAIRINV_PETSC(DMDAGetNeighbors(da_, &ranks));
  auto rankOrNull = [](PetscMPIInt q) { return q < 0 ? MPI_PROC_NULL : int(q); };
  halo_ = std::make_unique<HaloExchange>(
      comm, box_, Neighbours{rankOrNull(ranks[1]), rankOrNull(ranks[7]), rankOrNull(ranks[3]), rankOrNull(ranks[5])},
      std::is_same_v<Real, float> ? MPI_FLOAT : MPI_DOUBLE);
  ownsSurface_ = config.freeSurface && box_.zs == 0;
  sourceScale_ = config.scaling == SourceScaling::Physical ? 1.0 / (grid_.dx * grid_.dz) : 1.0;

  buildMedium(velocity);
  if (config.boundary == Boundary::Pml) buildCpml();

  for (std::size_t i = 0; i < config.receivers.size(); ++i) {
    const int gz = config.receivers[i].iz + pad_.top, gx = config.receivers[i].ix + pad_.left;
    if (box_.ownsGlobal(gz, gx)) receivers_.push_back({box_.offset(gz - box_.zs, gx - box_.xs), int(i)});
  }
  // By row (offsets grow with the row), each row's receivers in input order.
  std::stable_sort(receivers_.begin(), receivers_.end(),
                   [](const OwnedReceiver& a, const OwnedReceiver& b) { return a.offset < b.offset; });
  receiverRows_.assign(std::size_t(box_.zm) + 1, 0);
  for (int iz = 0, k = 0; iz <= box_.zm; ++iz) {
    while (k < int(receivers_.size()) && receivers_[std::size_t(k)].offset < box_.offset(iz, -box_.radius)) ++k;
    receiverRows_[std::size_t(iz)] = std::size_t(k);
  }
  zStripRow_.assign(std::size_t(box_.zm), 0);
  for (const LineRange& s : zStrips_) std::fill(zStripRow_.begin() + s.first, zStripRow_.begin() + s.last, 1);
  timeBlock_ = chooseTimeBlock();
}

template <class Real>
AcousticPropagator<Real>::~AcousticPropagator() = default;

template <class Real>
void AcousticPropagator<Real>::buildMedium(const ModelView& velocity) {
  const std::size_t n = box_.storage();
  p_.assign(n, 0.0);
  pNext_.assign(n, 0.0);
  vdt2_.assign(n, 0.0);
  const Field2D padded = padByEdgeReplication(velocity, pad_);
  const double dt = config_.dt;
  std::vector<double> k;
  if (config_.boundary == Boundary::Damping) {
    k = dampingProfile(velocity.grid, pad_, config_.dampingVelocity > 0 ? config_.dampingVelocity : velocity.min(), dt);
    damping_.assign(n, 1.0);
  }
  for (int iz = 0; iz < box_.zm; ++iz)
    for (int ix = 0; ix < box_.xm; ++ix) {
      const std::size_t g = grid_.index(box_.zs + iz, box_.xs + ix);
      const double v = padded.values[g];
      vdt2_[std::size_t(box_.offset(iz, ix))] = Real(v * v * dt * dt);
      vdt2Max_ = std::max(vdt2Max_, v * v * dt * dt);
      if (!damping_.empty()) damping_[std::size_t(box_.offset(iz, ix))] = Real(1.0 - k[g]);
    }
}

template <class Real>
void AcousticPropagator<Real>::buildCpml() {
  double v = config_.pmlVelocity;
  if (v <= 0) {
    double vmaxGlobal = 0.0;
    MPI_Allreduce(&vdt2Max_, &vmaxGlobal, 1, MPI_DOUBLE, MPI_MAX, comm_);
    v = std::sqrt(vmaxGlobal) / config_.dt;
  }
  const double fAlpha = config_.pmlFrequency > 0 ? config_.pmlFrequency : config_.peakFrequency;
  const CpmlProfile px = cpmlProfile(grid_.nx, pad_.left, pad_.right, grid_.dx, v,
                                     config_.pmlReflection, fAlpha, config_.dt);
  const CpmlProfile pz = cpmlProfile(grid_.nz, pad_.top, pad_.bottom, grid_.dz, v,
                                     config_.pmlReflection, fAlpha, config_.dt);
  ax_.assign(px.a.begin() + box_.xs, px.a.begin() + box_.xs + box_.xm);
  bx_.assign(px.b.begin() + box_.xs, px.b.begin() + box_.xs + box_.xm);
  az_.assign(pz.a.begin() + box_.zs, pz.a.begin() + box_.zs + box_.zm);
  bz_.assign(pz.b.begin() + box_.zs, pz.b.begin() + box_.zs + box_.zm);
  auto localRanges = [](const std::vector<std::pair<int, int>>& global, int start, int m) {
    std::vector<LineRange> local;
    for (auto [first, last] : global) {
      const int a = std::max(first, start) - start, b = std::min(last, start + m) - start;
      if (a < b) local.push_back({a, b});
    }
    return local;
  };
  const int r = box_.radius;
  xStrips_ = localRanges(cpmlLines(grid_.nx, pad_.left, pad_.right, r), box_.xs, box_.xm);
  zStrips_ = localRanges(cpmlLines(grid_.nz, pad_.top, pad_.bottom, r), box_.zs, box_.zm);
  const std::size_t n = box_.storage();
  psiX_.assign(n, 0.0), zetaX_.assign(n, 0.0), psiZ_.assign(n, 0.0), zetaZ_.assign(n, 0.0);
}

template <class Real>
void AcousticPropagator<Real>::mirrorFreeSurface(Real* f) const {
  // Image method: p(-k) = -p(k) about the surface row, where p = 0.
  for (int k = 1; k <= box_.radius; ++k)
    for (int ix = 0; ix < box_.xm; ++ix) f[box_.offset(-k, ix)] = -f[box_.offset(k, ix)];
}

template <class Real>
void AcousticPropagator<Real>::startShot(const GridPoint& source) {
  for (auto* f : {&p_, &pNext_, &psiX_, &zetaX_, &psiZ_, &zetaZ_}) std::fill(f->begin(), f->end(), Real(0));
  const int gz = source.iz + pad_.top, gx = source.ix + pad_.left;
  sourceOffset_ = box_.ownsGlobal(gz, gx) ? box_.offset(gz - box_.zs, gx - box_.xs) : std::ptrdiff_t(-1);
  sourceIz_ = gz - box_.zs, sourceIx_ = gx - box_.xs;
}

template <class Real>
template <class Out>
void AcousticPropagator<Real>::advance(double sourceValue, const Real* extraSource,
                                       const PackedIncrement<Out>& increment) {
  Real* p = p_.data();
  Real* pn = pNext_.data();
  halo_->exchange(p);
  if (ownsSurface_) mirrorFreeSurface(p);
  const bool pml = config_.boundary == Boundary::Pml;
  if (pml) {
    for (const LineRange& s : xStrips_)
      cpmlUpdatePsi(Axis::X, box_, stencil_, s.first, s.last, p, psiX_.data(), ax_.data(), bx_.data());
    for (const LineRange& s : zStrips_)
      cpmlUpdatePsi(Axis::Z, box_, stencil_, s.first, s.last, p, psiZ_.data(), az_.data(), bz_.data());
    halo_->exchange(psiX_.data(), false, true);
    halo_->exchange(psiZ_.data(), true, false);
  }
  leapfrogStep(box_, stencil_, p, pn, vdt2_.data(), damping_.empty() ? nullptr : damping_.data(), increment);
  if (pml) {
    for (const LineRange& s : xStrips_)
      cpmlApply(Axis::X, box_, stencil_, s.first, s.last, p, psiX_.data(), zetaX_.data(), pn,
                vdt2_.data(), ax_.data(), bx_.data(), increment);
    for (const LineRange& s : zStrips_)
      cpmlApply(Axis::Z, box_, stencil_, s.first, s.last, p, psiZ_.data(), zetaZ_.data(), pn,
                vdt2_.data(), az_.data(), bz_.data(), increment);
  }
  if (sourceOffset_ >= 0) injectSource(pn, sourceValue, increment);
  if (extraSource)
    for (int iz = 0; iz < box_.zm; ++iz) {
      Out* dr = increment.row(iz);
      for (int ix = 0; ix < box_.xm; ++ix) {
        pn[box_.offset(iz, ix)] += extraSource[box_.offset(iz, ix)];
        if (dr) dr[ix] = Out(dr[ix] + extraSource[box_.offset(iz, ix)]);
      }
    }
  if (ownsSurface_)
    for (int ix = 0; ix < box_.xm; ++ix) pn[box_.offset(0, ix)] = 0.0;
  std::swap(p_, pNext_);
}

template <class Real>
template <class Out>
void AcousticPropagator<Real>::injectSource(Real* pNext, double sourceValue, const PackedIncrement<Out>& increment) const {
  const Real d = Real(sourceScale_ * double(vdt2_[std::size_t(sourceOffset_)]) * sourceValue);
  pNext[sourceOffset_] += d;
  if (increment.base) {
    Out& stored = increment.row(sourceIz_)[sourceIx_];
    stored = Out(stored + d);
  }
}

template <class Real>
void AcousticPropagator<Real>::record(int n, double* gather) const {
  if (n % config_.recordEvery) return;
  const std::size_t row = std::size_t(n / config_.recordEvery) * config_.receivers.size();
  for (const OwnedReceiver& r : receivers_) gather[row + std::size_t(r.index)] = p_[std::size_t(r.offset)];
}

template <class Real>
void AcousticPropagator<Real>::runShot(const GridPoint& source, const std::vector<double>& wavelet,
                                 double* gather, const SnapshotCallback& snapshot) {
  LogEvent event(Event::AcousticForward);
  startShot(source);
  const int every = snapshot ? config_.snapshotEvery : 0;
  for (int n = 0; n < config_.nt;) {
    // Up to the next snapshot: snapshot k holds the field after steps 0 .. k * every - 1.
    const int end = every > 0 ? std::min(config_.nt, (n / every + 1) * every) : config_.nt;
    advanceSteps(n, end - n, wavelet, gather);
    n = end;
    if (every > 0 && n % every == 0) {
      const Field2D field = gatherWavefield(p_.data());
      int rank = 0;
      MPI_Comm_rank(comm_, &rank);
      if (rank == 0) snapshot(n, n * config_.dt, field);
    }
  }
}

template <class Real>
std::vector<int> AcousticPropagator<Real>::ownedReceivers() const {
  std::vector<int> indices;
  for (const OwnedReceiver& r : receivers_) indices.push_back(r.index);
  return indices;
}

template <class Real>
void AcousticPropagator<Real>::copyOwned(const Real* boxField, Real* compact) const {
  for (int iz = 0; iz < box_.zm; ++iz) {
    const Real* row = boxField + box_.offset(iz, 0);
    std::copy(row, row + box_.xm, compact + std::size_t(iz) * std::size_t(box_.xm));
  }
}

template <class Real>
void AcousticPropagator<Real>::acceleration(const Real* pNext, const Real* p, const Real* pPrev, Real* out) const {
  const Real* B = damping_.empty() ? nullptr : damping_.data();
  for (int iz = 0; iz < box_.zm; ++iz)
    for (int ix = 0; ix < box_.xm; ++ix) {
      const std::size_t c = std::size_t(iz) * std::size_t(box_.xm) + std::size_t(ix);
      const std::ptrdiff_t i = box_.offset(iz, ix);
      const Real damp = B ? B[i] : Real(1);
      out[i] = (pNext[c] - p[c] - damp * (p[c] - pPrev[c])) / vdt2_[std::size_t(i)];
    }
}

template <class Real>
std::vector<typename AcousticPropagator<Real>::StateBlock> AcousticPropagator<Real>::stateBlocks() const {
  // The owned parts of p^n and p^{n-1}, and the CPML memory variables where they can be
  // non-zero (the strips): everything needed to continue the time stepping exactly.
  std::vector<StateBlock> blocks = {{0, box_.zm, 0, box_.xm, 0}, {0, box_.zm, 0, box_.xm, 1}};
  for (const LineRange& s : xStrips_)
    blocks.push_back({0, box_.zm, s.first, s.last, 2}), blocks.push_back({0, box_.zm, s.first, s.last, 3});
  for (const LineRange& s : zStrips_)
    blocks.push_back({s.first, s.last, 0, box_.xm, 4}), blocks.push_back({s.first, s.last, 0, box_.xm, 5});
  return blocks;
}

template <class Real>
std::size_t AcousticPropagator<Real>::stateSize() const {
  std::size_t n = 0;
  for (const StateBlock& b : stateBlocks()) n += std::size_t(b.z1 - b.z0) * std::size_t(b.x1 - b.x0);
  return n;
}

template <class Real>
void AcousticPropagator<Real>::saveState(Real* buffer) const {
  const std::vector<Real>* fields[] = {&p_, &pNext_, &psiX_, &zetaX_, &psiZ_, &zetaZ_};
  for (const StateBlock& b : stateBlocks())
    for (int iz = b.z0; iz < b.z1; ++iz) {
      const Real* row = fields[b.field]->data() + box_.offset(iz, 0);
      buffer = std::copy(row + b.x0, row + b.x1, buffer);
    }
}

template <class Real>
void AcousticPropagator<Real>::loadState(const Real* buffer) {
  std::vector<Real>* fields[] = {&p_, &pNext_, &psiX_, &zetaX_, &psiZ_, &zetaZ_};
  for (const StateBlock& b : stateBlocks())
    for (int iz = b.z0; iz < b.z1; ++iz) {
      Real* row = fields[b.field]->data() + box_.offset(iz, 0);
      std::copy(buffer, buffer + (b.x1 - b.x0), row + b.x0);
      buffer += b.x1 - b.x0;
    }
}

template <class Real>
Field2D AcousticPropagator<Real>::gatherWavefield(const Real* field) {
  if (!global_.get()) {
    PAIRINV_PETSC(DMCreateGlobalVector(da_, global_.out()));
    PAIRINV_PETSC(DMDACreateNaturalVector(da_, natural_.out()));
    PAIRINV_PETSC(VecScatterCreateToZero(natural_, toRoot_.out(), rootCopy_.out()));
  }
  PetscScalar** a = nullptr;
  PAIRINV_PETSC(DMDAVecGetArray(da_, global_, &a));
  for (int iz = 0; iz < box_.zm; ++iz)
    for (int ix = 0; ix < box_.xm; ++ix) a[box_.zs + iz][box_.xs + ix] = field[box_.offset(iz, ix)];
  PAIRINV_PETSC(DMDAVecRestoreArray(da_, global_, &a));
  PAIRINV_PETSC(DMDAGlobalToNaturalBegin(da_, global_, INSERT_VALUES, natural_));
  PAIRINV_PETSC(DMDAGlobalToNaturalEnd(da_, global_, INSERT_VALUES, natural_));
  PAIRINV_PETSC(VecScatterBegin(toRoot_, natural_, rootCopy_, INSERT_VALUES, SCATTER_FORWARD));
  PAIRINV_PETSC(VecScatterEnd(toRoot_, natural_, rootCopy_, INSERT_VALUES, SCATTER_FORWARD));
  Field2D out(grid_);
  PetscInt n = 0;
  PAIRINV_PETSC(VecGetLocalSize(rootCopy_, &n));
  if (n == PetscInt(grid_.size())) {
    const PetscScalar* v = nullptr;
    PAIRINV_PETSC(VecGetArrayRead(rootCopy_, &v));
    std::copy(v, v + n, out.values.begin());
    PAIRINV_PETSC(VecRestoreArrayRead(rootCopy_, &v));
  }
  return out;
}

template class AcousticPropagator<float>;
template class AcousticPropagator<double>;
template void AcousticPropagator<float>::advance<float>(double, const float*, const PackedIncrement<float>&);
template void AcousticPropagator<double>::advance<double>(double, const double*, const PackedIncrement<double>&);
template void AcousticPropagator<double>::advance<float>(double, const double*, const PackedIncrement<float>&);
template void AcousticPropagator<float>::injectSource<float>(float*, double, const PackedIncrement<float>&) const;
template void AcousticPropagator<double>::injectSource<double>(double*, double, const PackedIncrement<double>&) const;
template void AcousticPropagator<double>::injectSource<float>(double*, double, const PackedIncrement<float>&) const;

}  // namespace pairinv::acoustic
