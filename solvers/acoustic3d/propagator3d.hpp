// The 3D acoustic wave equation (1/v^2) u_tt - lap u = s(t) delta(x - x_s) on a PETSc DMDA,
// split over the ranks of a shot along x, y and z (rank_layout.hpp), leapfrog in time:
//
//   p^{n+1} = 2 p^n - p^{n-1} + V (L p^n + sum_a (D1_a psi_a^n + zeta_a^n) + s^n delta / (dx dy dz))
//
// with V = v^2 dt^2, L the order-2r Laplacian (r = 1, 2, 4) and, on each axis a with a CPML
// face (Pasalic & McGarry 2010, the 2D solver's scheme along a third axis),
//
//   psi_a^n  = b_a psi_a^{n-1}  + a_a D1_a p^n
//   zeta_a^n = b_a zeta_a^{n-1} + a_a (D2_a p^n + D1_a psi_a^n).
//
// Beyond the grid p = 0 (faces without a CPML reflect). The free surface keeps p = 0 on the
// top plane and mirrors p oddly above it, p(-k) = -p(k), so that L stays symmetric.
//
// Exact discrete adjoint (gradient3d.hpp runs it backwards in time). With x the adjoint of
// p^{n+1} (zero on a free surface) and y that of p^{n+2} on entry, nu = V x:
//
//   y <- 2 x - y + L nu + sum_a (D2_a w1_a - D1_a w2_a),
//   zb_a <- nu + b_a zb_a, w1_a = a_a zb_a,  sb_a <- -D1_a (nu + w1_a) + b_a sb_a, w2_a = a_a sb_a,
//
// after which y is the adjoint of p^n before its own receiver residual. L and D2 are symmetric
// and D1 antisymmetric with zero (or odd-mirrored) values outside, which gives these transposes;
// tests/solvers/test_acoustic3d.cpp holds them to the dot-product test.
#pragma once

#include <mpi.h>

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "core/petsc_handle.hpp"
#include "meshes/grid3d.hpp"
#include "solvers/acoustic/stencil.hpp"
#include "solvers/acoustic3d/acoustic3d_config.hpp"

namespace pairinv::acoustic3d {

/// One rank's owned block of the padded grid with a halo of `radius` on every side.
struct Box3 {
  std::array<int, 3> start{}, size{};  // x, y, z: first owned global index, owned count
  int radius = 0;
  std::ptrdiff_t sy = 0, sz = 0;  // strides of y and z in the stored block (x is contiguous)
  std::size_t storage() const { return std::size_t(sz) * std::size_t(size[2] + 2 * radius); }
  /// Storage offset of local owned point (i, j, k); each may reach into the halo.
  std::ptrdiff_t offset(int i, int j, int k) const { return (k + radius) * sz + (j + radius) * sy + (i + radius); }
  bool ownsGlobal(int gx, int gy, int gz) const {
    return gx >= start[0] && gx < start[0] + size[0] && gy >= start[1] && gy < start[1] + size[1] &&
           gz >= start[2] && gz < start[2] + size[2];
  }
};

/// Local index ranges [first, last) along one axis.
struct LineRange {
  int first = 0, last = 0;
};

/// Calls f(row, i0, i1, j, k) for every owned (j, k) line of `range` across `axis` (0 x, 1 y,
/// 2 z; the other two axes run over all owned points), with the x extent [i0, i1) of that line
/// and `row` the storage offset of (0, j, k).
template <class F>
void forLines(const Box3& b, int axis, LineRange range, F&& f) {
  std::array<int, 3> lo{0, 0, 0}, hi = b.size;
  lo[std::size_t(axis)] = range.first, hi[std::size_t(axis)] = range.last;
  for (int k = lo[2]; k < hi[2]; ++k)
    for (int j = lo[1]; j < hi[1]; ++j) f(b.offset(0, j, k), lo[0], hi[0], j, k);
}
inline LineRange allLines(const Box3& b) { return {0, b.size[0]}; }

/// Model-region wavefield of a snapshot (on rank 0 of the shot; empty elsewhere).
using Snapshot3DCallback = std::function<void(int step, double time, const Field3D& wavefield)>;

class Propagator3D {
 public:
  /// `comm` holds the ranks of one shot; `config` is validated for `velocity`.
  Propagator3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& config);
  ~Propagator3D();
  Propagator3D(const Propagator3D&) = delete;
  Propagator3D& operator=(const Propagator3D&) = delete;

  /// Runs one shot; gather[sample * nreceivers + receiver] gets this rank's receivers (others
  /// are left untouched, so a sum over the ranks assembles the gather). `stepDone` (may be
  /// empty) is called after every step (a progress line).
  void runShot(const GridPoint3& source, const std::vector<double>& wavelet, double* gather,
               const Snapshot3DCallback& snapshot = {}, const std::function<void()>& stepDone = {});

  // The steps a gradient drives (gradient3d.hpp).
  void startShot(const GridPoint3& source);
  /// One forward step n with source value s^n. `increment` (storage() values, or null) gets
  /// L p^n + sum_a (D1 psi + zeta) + s^n delta / cell, the factor of V in the update. `extra`
  /// (storage() values, or null) is added to p^{n+1} (the Born source dV increment).
  void step(double sourceValue, double* increment = nullptr, const double* extra = nullptr);
  /// The current field p^{n+1} at this rank's receivers into row[receiver].
  void record(double* row) const;
  /// Values of the state (p^n, p^{n-1}, CPML memory) this rank keeps for a checkpoint.
  std::size_t stateSize() const;
  void saveState(double* out) const;
  void loadState(const double* in);

  /// Adjoint: clears x, y and the CPML adjoint memories.
  void startAdjoint();
  /// Makes x the adjoint of p^{n+1}: adds residual[receiver] (may be null) at this rank's
  /// receivers, then applies the free surface (x = 0 on the top plane).
  void completeAdjoint(const double* residual);
  /// One backward step as the header states; then x holds the adjoint of p^n.
  void adjointStep();
  /// gV[owned] += x * increment (call before adjointStep, with the increment of the step that
  /// made the p^{n+1} whose adjoint x holds).
  void accumulateImaging(const double* increment, double* gV) const;

  const Box3& box() const { return box_; }
  std::size_t ownedCount() const { return std::size_t(box_.size[0]) * box_.size[1] * box_.size[2]; }
  /// The owned points of a storage()-sized field into the model-region Field3D on rank 0 of the
  /// shot (empty elsewhere).
  Field3D gatherModelField(const double* field) const;
  /// A model-grid field on this rank's block (storage()-sized, owned points), extended into the
  /// padding by edge replication as the velocity is.
  std::vector<double> padField(const Field3D& model) const;
  /// dJ/dV (storage()-sized) chained to dJ/dv on the model grid, this rank's part (a sum over
  /// the shot's ranks completes it): dJ/dv = 2 v dt^2 dJ/dV, and the padding's gradient summed
  /// into the model's edge cells (the adjoint of edge replication).
  std::vector<double> modelGradient(const std::vector<double>& gradV, const Field3D& velocity) const;
  int receiverCount() const { return int(config_.receivers.size()); }
  /// The receivers this rank holds (indices into config.receivers).
  std::vector<int> ownedReceivers() const {
    std::vector<int> r;
    for (const auto& entry : receivers_) r.push_back(entry.second);
    return r;
  }

 private:
  void buildMedium(const Field3D& velocity);
  void buildCpml();
  void exchange(std::vector<double>& field);
  void mirror(double* field) const;
  /// The global model index of padded point (gx, gy, gz), clamped to the model (edge replication).
  std::size_t modelIndex(int gx, int gy, int gz, const Grid3D& model) const;

  MPI_Comm comm_;
  Acoustic3DConfig config_;
  std::array<int, 3> padLow_{}, padHigh_{};  // x, y, z
  Grid3D grid_;
  acoustic::StencilCoefficients coeffs_;
  std::array<std::array<double, acoustic::kMaxRadius + 1>, 3> second_{}, first_{};  // per axis, scaled
  DMHandle da_;
  VecHandle wrap_;  // a local vector whose array is swapped in for the exchanges
  Box3 box_;
  bool ownsSurface_ = false;
  bool single_ = false;  // the shot has one rank
  double sourceScale_ = 1.0;

  std::vector<double> p_, pNext_, vdt2_;
  std::array<std::vector<double>, 3> psi_, zeta_, a_, b_;  // CPML per axis
  std::array<std::vector<LineRange>, 3> strips_;            // local CPML lines per axis (layer + r lines)
  std::array<std::vector<LineRange>, 3> layers_, rims_;     // the strips' layer lines, and the r lines beside
  std::vector<double> x_, y_, nu_, w1_, w2_;
  std::array<std::vector<double>, 3> zetaBar_, psiBar_;

  std::ptrdiff_t sourceOffset_ = -1;
  std::vector<std::pair<std::ptrdiff_t, int>> receivers_;  // (offset, receiver index)
};

}  // namespace pairinv::acoustic3d
