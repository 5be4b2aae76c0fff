#include "solvers/acoustic3d/propagator3d.hpp"

#include <petscdmda.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/petsc_check.hpp"
#include "solvers/acoustic/padded_model.hpp"
#include "solvers/acoustic3d/kernels3d.hpp"
#include "solvers/acoustic3d/rank_layout.hpp"

namespace pairinv::acoustic3d {

namespace {

Stencil3 stencilOf(const acoustic::StencilCoefficients& c, const Grid3D& g) {
  return scaledStencil3(c, g.dx, g.dy, g.dz);
}

}  // namespace

Propagator3D::Propagator3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& config)
    : comm_(comm), config_(config), coeffs_(acoustic::stencilForOrder(config.order)) {
  const Grid3D& m = velocity.grid;
  auto pad = [&](Face f) { return config.absorbing[f] ? config.padCells : 0; };
  padLow_ = {pad(Face::Left), pad(Face::Front), pad(Face::Top)};
  padHigh_ = {pad(Face::Right), pad(Face::Back), pad(Face::Bottom)};
  const std::array<int, 3> n = paddedSize(config, m);
  grid_ = Grid3D{n[2], n[1], n[0], m.dz, m.dy, m.dx, m.z0 - padLow_[2] * m.dz, m.y0 - padLow_[1] * m.dy,
                 m.x0 - padLow_[0] * m.dx};
  const int r = coeffs_.radius;
  int size = 1;
  MPI_Comm_size(comm, &size);
  const std::array<int, 3> layout = chooseRankLayout(n, config.ranks, size, r);

  PAIRINV_PETSC(DMDACreate3d(comm, DM_BOUNDARY_GHOSTED, DM_BOUNDARY_GHOSTED, DM_BOUNDARY_GHOSTED, DMDA_STENCIL_STAR,
                             n[0], n[1], n[2], layout[0], layout[1], layout[2], 1, r, nullptr, nullptr, nullptr,
                             da_.out()));
  PAIRINV_PETSC(DMSetUp(da_));
  PetscInt xs, ys, zs, xm, ym, zm;
  PAIRINV_PETSC(DMDAGetCorners(da_, &xs, &ys, &zs, &xm, &ym, &zm));
  box_.start = {int(xs), int(ys), int(zs)};
  box_.size = {int(xm), int(ym), int(zm)};
  box_.radius = r;
  box_.sy = xm + 2 * r;
  box_.sz = box_.sy * (ym + 2 * r);
  // The exchanges place a field's own array in a vector without storage of its own.
  PetscInt gxs, gys, gzs, gxm, gym, gzm;
  PAIRINV_PETSC(DMDAGetGhostCorners(da_, &gxs, &gys, &gzs, &gxm, &gym, &gzm));
  ensure(std::size_t(gxm) * std::size_t(gym) * std::size_t(gzm) == box_.storage(), "a ghosted DMDA block of ",
         gxm, " x ", gym, " x ", gzm, " values, expected ", box_.storage());
  PAIRINV_PETSC(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, PetscInt(box_.storage()), nullptr, wrap_.out()));
  single_ = size == 1;
  ownsSurface_ = config.freeSurface && box_.start[2] == 0;
  sourceScale_ = 1.0 / (m.dx * m.dy * m.dz);

  buildMedium(velocity);
  buildCpml();
  for (std::size_t i = 0; i < config.receivers.size(); ++i) {
    const GridPoint3& q = config.receivers[i];
    const int gx = q.ix + padLow_[0], gy = q.iy + padLow_[1], gz = q.iz + padLow_[2];
    if (box_.ownsGlobal(gx, gy, gz))
      receivers_.emplace_back(box_.offset(gx - box_.start[0], gy - box_.start[1], gz - box_.start[2]), int(i));
  }
}

Propagator3D::~Propagator3D() = default;

std::size_t Propagator3D::modelIndex(int gx, int gy, int gz, const Grid3D& m) const {
  return m.index(std::clamp(gz - padLow_[2], 0, m.nz - 1), std::clamp(gy - padLow_[1], 0, m.ny - 1),
                 std::clamp(gx - padLow_[0], 0, m.nx - 1));
}

void Propagator3D::buildMedium(const Field3D& velocity) {
  const std::size_t n = box_.storage();
  p_.assign(n, 0.0), pNext_.assign(n, 0.0), vdt2_.assign(n, 0.0);
  const double dt2 = config_.dt * config_.dt;
  forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    for (int i = i0; i < i1; ++i) {
      const double v = velocity.values[modelIndex(box_.start[0] + i, box_.start[1] + j, box_.start[2] + k,
                                                  velocity.grid)];
      vdt2_[std::size_t(row + i)] = v * v * dt2;
    }
  });
  if (config_.pmlVelocity <= 0) config_.pmlVelocity = velocity.max();
}

void Propagator3D::buildCpml() {
  const double fAlpha = config_.pmlFrequency > 0 ? config_.pmlFrequency : config_.peakFrequency;
  const double h[3] = {grid_.dx, grid_.dy, grid_.dz};
  const int n[3] = {grid_.nx, grid_.ny, grid_.nz};
  for (std::size_t a = 0; a < 3; ++a) {
    if (padLow_[a] == 0 && padHigh_[a] == 0) continue;
    const acoustic::CpmlProfile prof = acoustic::cpmlProfile(n[a], padLow_[a], padHigh_[a], h[a], config_.pmlVelocity,
                                                             config_.pmlReflection, fAlpha, config_.dt);
    const int s = box_.start[a], m = box_.size[a];
    a_[a].assign(prof.a.begin() + s, prof.a.begin() + s + m);
    b_[a].assign(prof.b.begin() + s, prof.b.begin() + s + m);
    // Each global line is in a layer (2), beside one (1: a = 0, b = 1 there) or neither (0).
    std::vector<int> kind(std::size_t(n[a]), 0);
    for (auto [first, last] : acoustic::cpmlLines(n[a], padLow_[a], padHigh_[a], box_.radius))
      std::fill(kind.begin() + first, kind.begin() + last, 1);
    std::fill(kind.begin(), kind.begin() + padLow_[a], 2);
    std::fill(kind.end() - padHigh_[a], kind.end(), 2);
    auto localRuns = [&](auto wanted) {
      std::vector<LineRange> runs;
      for (int i = s; i < s + m; ++i)
        if (wanted(kind[std::size_t(i)])) {
          if (!runs.empty() && runs.back().last == i - s) ++runs.back().last;
          else runs.push_back({i - s, i - s + 1});
        }
      return runs;
    };
    strips_[a] = localRuns([](int k) { return k > 0; });
    layers_[a] = localRuns([](int k) { return k == 2; });
    rims_[a] = localRuns([](int k) { return k == 1; });
    psi_[a].assign(box_.storage(), 0.0);
    zeta_[a].assign(box_.storage(), 0.0);
  }
}

void Propagator3D::exchange(std::vector<double>& field) {
  if (single_) return;  // one rank: no neighbours (the halo beyond the grid stays as it is)
  PAIRINV_PETSC(VecPlaceArray(wrap_, field.data()));
  PAIRINV_PETSC(DMLocalToLocalBegin(da_, wrap_, INSERT_VALUES, wrap_));
  PAIRINV_PETSC(DMLocalToLocalEnd(da_, wrap_, INSERT_VALUES, wrap_));
  PAIRINV_PETSC(VecResetArray(wrap_));
}

void Propagator3D::mirror(double* f) const {
  // Image method about the top plane, where p = 0: p(-k) = -p(k).
  for (int k = 1; k <= box_.radius; ++k)
    for (int j = 0; j < box_.size[1]; ++j)
      for (int i = 0; i < box_.size[0]; ++i) f[box_.offset(i, j, -k)] = -f[box_.offset(i, j, k)];
}

void Propagator3D::startShot(const GridPoint3& source) {
  for (auto* f : {&p_, &pNext_}) std::fill(f->begin(), f->end(), 0.0);
  for (std::size_t a = 0; a < 3; ++a) {
    std::fill(psi_[a].begin(), psi_[a].end(), 0.0);
    std::fill(zeta_[a].begin(), zeta_[a].end(), 0.0);
  }
  const int gx = source.ix + padLow_[0], gy = source.iy + padLow_[1], gz = source.iz + padLow_[2];
  sourceOffset_ = box_.ownsGlobal(gx, gy, gz)
                      ? box_.offset(gx - box_.start[0], gy - box_.start[1], gz - box_.start[2])
                      : std::ptrdiff_t(-1);
}

void Propagator3D::step(double sourceValue, double* increment, const double* extra) {
  const Stencil3 st = stencilOf(coeffs_, grid_);
  exchange(p_);
  if (ownsSurface_) mirror(p_.data());
  for (int a = 0; a < 3; ++a) {
    if (psi_[std::size_t(a)].empty()) continue;
    for (const LineRange& s : layers_[std::size_t(a)])  // psi stays 0 beside the layer
      cpmlPsi3(a, box_, st, s, p_.data(), psi_[std::size_t(a)].data(), a_[std::size_t(a)].data(),
               b_[std::size_t(a)].data());
    exchange(psi_[std::size_t(a)]);
  }
  leapfrog3(box_, st, p_.data(), pNext_.data(), vdt2_.data(), increment);
  for (int a = 0; a < 3; ++a) {
    const std::size_t ua = std::size_t(a);
    for (const LineRange& s : layers_[ua])
      cpmlApply3(a, box_, st, s, p_.data(), psi_[ua].data(), zeta_[ua].data(), pNext_.data(), vdt2_.data(),
                 a_[ua].data(), b_[ua].data(), increment);
    for (const LineRange& s : rims_[ua])  // zeta stays 0 beside the layer; D1 psi still reaches in
      cpmlRim3(a, box_, st, s, psi_[ua].data(), pNext_.data(), vdt2_.data(), increment);
  }
  if (sourceOffset_ >= 0) {
    const double s = sourceScale_ * sourceValue;
    pNext_[std::size_t(sourceOffset_)] += vdt2_[std::size_t(sourceOffset_)] * s;
    if (increment) increment[sourceOffset_] += s;
  }
  if (extra)
    forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int, int) {
      for (int i = i0; i < i1; ++i) pNext_[std::size_t(row + i)] += extra[row + i];
    });
  if (ownsSurface_)
    forLines(box_, 2, {0, 1}, [&](std::ptrdiff_t row, int i0, int i1, int, int) {
      std::fill(pNext_.begin() + row + i0, pNext_.begin() + row + i1, 0.0);
    });
  std::swap(p_, pNext_);
}

void Propagator3D::record(double* row) const {
  for (const auto& [offset, index] : receivers_) row[index] = p_[std::size_t(offset)];
}

void Propagator3D::runShot(const GridPoint3& source, const std::vector<double>& wavelet, double* gather,
                           const Snapshot3DCallback& snapshot, const std::function<void()>& stepDone) {
  startShot(source);
  const int nr = receiverCount();
  for (int n = 0; n < config_.nt; ++n) {
    step(wavelet[std::size_t(n)]);
    if (n % config_.recordEvery == 0) record(gather + std::size_t(n / config_.recordEvery) * std::size_t(nr));
    if (snapshot && config_.snapshotEvery > 0 && (n + 1) % config_.snapshotEvery == 0)
      snapshot(n + 1, (n + 1) * config_.dt, gatherModelField(p_.data()));
    if (stepDone) stepDone();
  }
}

std::size_t Propagator3D::stateSize() const {
  std::size_t n = 2 * ownedCount();
  for (std::size_t a = 0; a < 3; ++a)
    for (const LineRange& s : strips_[a]) {
      std::array<int, 3> m = box_.size;
      m[a] = s.last - s.first;
      n += 2 * std::size_t(m[0]) * std::size_t(m[1]) * std::size_t(m[2]);
    }
  return n;
}

namespace {

/// Copies the points of `range` across `axis` between a stored field and a packed buffer.
template <class Copy>
void packLines(const Box3& b, int axis, LineRange range, Copy&& copy) {
  forLines(b, axis, range, [&](std::ptrdiff_t row, int i0, int i1, int, int) { copy(row + i0, std::size_t(i1 - i0)); });
}

}  // namespace

void Propagator3D::saveState(double* out) const {
  auto put = [&](const std::vector<double>& f, int axis, LineRange range) {
    packLines(box_, axis, range, [&](std::ptrdiff_t o, std::size_t n) { out = std::copy_n(f.data() + o, n, out); });
  };
  put(p_, 0, allLines(box_));
  put(pNext_, 0, allLines(box_));
  for (int a = 0; a < 3; ++a)
    for (const LineRange& s : strips_[std::size_t(a)]) {
      put(psi_[std::size_t(a)], a, s);
      put(zeta_[std::size_t(a)], a, s);
    }
}

void Propagator3D::loadState(const double* in) {
  auto get = [&](std::vector<double>& f, int axis, LineRange range) {
    packLines(box_, axis, range, [&](std::ptrdiff_t o, std::size_t n) {
      std::copy_n(in, n, f.data() + o);
      in += n;
    });
  };
  get(p_, 0, allLines(box_));
  get(pNext_, 0, allLines(box_));
  for (int a = 0; a < 3; ++a)
    for (const LineRange& s : strips_[std::size_t(a)]) {
      get(psi_[std::size_t(a)], a, s);
      get(zeta_[std::size_t(a)], a, s);
    }
}

void Propagator3D::startAdjoint() {
  const std::size_t n = box_.storage();
  for (auto* f : {&x_, &y_, &nu_, &w1_, &w2_}) f->assign(n, 0.0);
  for (std::size_t a = 0; a < 3; ++a) {
    zetaBar_[a].assign(psi_[a].empty() ? 0 : n, 0.0);
    psiBar_[a].assign(psi_[a].empty() ? 0 : n, 0.0);
  }
}

void Propagator3D::completeAdjoint(const double* residual) {
  if (residual)
    for (const auto& [offset, index] : receivers_) x_[std::size_t(offset)] += residual[index];
  if (ownsSurface_)
    forLines(box_, 2, {0, 1}, [&](std::ptrdiff_t row, int i0, int i1, int, int) {
      std::fill(x_.begin() + row + i0, x_.begin() + row + i1, 0.0);
    });
}

void Propagator3D::accumulateImaging(const double* increment, double* gV) const {
  forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int, int) {
    for (int i = i0; i < i1; ++i) gV[row + i] += x_[std::size_t(row + i)] * increment[row + i];
  });
}

void Propagator3D::adjointStep() {
  const Stencil3 st = stencilOf(coeffs_, grid_);
  forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int, int) {
    for (int i = i0; i < i1; ++i) nu_[std::size_t(row + i)] = vdt2_[std::size_t(row + i)] * x_[std::size_t(row + i)];
  });
  exchange(nu_);
  if (ownsSurface_) mirror(nu_.data());
  adjointLeapfrog3(box_, st, x_.data(), y_.data(), nu_.data());
  for (int a = 0; a < 3; ++a) {
    const std::size_t ua = std::size_t(a);
    if (psi_[ua].empty()) continue;
    for (const LineRange& s : strips_[ua])
      cpmlAdjointZeta3(a, box_, s, nu_.data(), zetaBar_[ua].data(), w1_.data(), a_[ua].data(), b_[ua].data());
    exchange(w1_);
    for (const LineRange& s : strips_[ua])
      cpmlAdjointPsi3(a, box_, st, s, nu_.data(), w1_.data(), psiBar_[ua].data(), w2_.data(), a_[ua].data(),
                      b_[ua].data());
    exchange(w2_);
    for (const LineRange& s : strips_[ua]) {
      cpmlAdjointApply3(a, box_, st, s, w1_.data(), w2_.data(), y_.data());
      // The next axis's exchanges read w1, w2 of every owned point: leave zeros behind.
      packLines(box_, a, s, [&](std::ptrdiff_t o, std::size_t n) {
        std::fill_n(w1_.begin() + o, n, 0.0);
        std::fill_n(w2_.begin() + o, n, 0.0);
      });
    }
  }
  std::swap(x_, y_);
}

std::vector<double> Propagator3D::padField(const Field3D& model) const {
  std::vector<double> f(box_.storage(), 0.0);
  forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    for (int i = i0; i < i1; ++i)
      f[std::size_t(row + i)] = model.values[modelIndex(box_.start[0] + i, box_.start[1] + j, box_.start[2] + k, model.grid)];
  });
  return f;
}

std::vector<double> Propagator3D::modelGradient(const std::vector<double>& gradV, const Field3D& velocity) const {
  std::vector<double> g(velocity.grid.size(), 0.0);
  const double dt2 = config_.dt * config_.dt;
  forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    for (int i = i0; i < i1; ++i) {
      const std::size_t mi = modelIndex(box_.start[0] + i, box_.start[1] + j, box_.start[2] + k, velocity.grid);
      g[mi] += gradV[std::size_t(row + i)] * 2.0 * velocity.values[mi] * dt2;
    }
  });
  return g;
}

Field3D Propagator3D::gatherModelField(const double* field) const {
  const Grid3D model{grid_.nz - padLow_[2] - padHigh_[2], grid_.ny - padLow_[1] - padHigh_[1],
                     grid_.nx - padLow_[0] - padHigh_[0], grid_.dz, grid_.dy, grid_.dx,
                     grid_.z0 + padLow_[2] * grid_.dz, grid_.y0 + padLow_[1] * grid_.dy, grid_.x0 + padLow_[0] * grid_.dx};
  std::vector<double> local(model.size(), 0.0);
  forLines(box_, 0, allLines(box_), [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    const int mz = box_.start[2] + k - padLow_[2], my = box_.start[1] + j - padLow_[1];
    if (mz < 0 || mz >= model.nz || my < 0 || my >= model.ny) return;
    for (int i = i0; i < i1; ++i) {
      const int mx = box_.start[0] + i - padLow_[0];
      if (mx >= 0 && mx < model.nx) local[model.index(mz, my, mx)] = field[row + i];
    }
  });
  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  Field3D out;
  if (rank == 0) out = Field3D(model, 0.0);
  MPI_Reduce(local.data(), rank == 0 ? out.values.data() : nullptr, int(local.size()), MPI_DOUBLE, MPI_SUM, 0, comm_);
  return out;
}

}  // namespace pairinv::acoustic3d
