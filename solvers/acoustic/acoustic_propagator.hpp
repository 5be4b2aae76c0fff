// Time-domain acoustic propagation of one shot on a communicator: the padded grid is split
// over the communicator's ranks by a PETSc DMDA (ghost width = stencil radius), and each step
// exchanges halos between neighbours. Math and scheme: see wave_kernels.hpp, padded_model.hpp.
//
// Step n (n = 0 .. nt-1) computes p^{n+1} from p^n, p^{n-1}, injects w[n] at the source
// (v^2 dt^2 w / (dx dz) physically, (v dt)^2 w for OpenFWI), enforces p = 0 on a free
// surface, then records p^{n+1}: record j holds the field at t = (j k + 1) dt.
//
// Real is the precision of the time stepping (AcousticPrecision): the wavefields, the medium
// and the CPML memory are held in it. Wavelets, gathers and snapshots are double either way.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "core/petsc_handle.hpp"
#include "meshes/grid2d.hpp"
#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/halo_exchange.hpp"
#include "solvers/acoustic/local_box.hpp"
#include "solvers/acoustic/padded_model.hpp"
#include "solvers/acoustic/wave_kernels.hpp"

namespace pairinv::acoustic {

/// Receives wavefield snapshots (the whole padded grid) on rank 0 of the propagator's comm.
/// Gathering a snapshot is collective: every rank of the comm must pass a callback (the
/// non-root ranks' callbacks are never invoked).
using SnapshotCallback = std::function<void(int step, double time, const Field2D& wavefield)>;

template <class Real>
class AcousticPropagator {
 public:
  /// `config` must have passed validateAcousticConfig for `velocity`.
  AcousticPropagator(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config);
  AcousticPropagator(const AcousticPropagator&) = delete;
  AcousticPropagator& operator=(const AcousticPropagator&) = delete;
  ~AcousticPropagator();

  /// Runs one shot. Writes this rank's receivers into gather[j * nrec + r] (j < samples);
  /// entries of receivers owned by other ranks are left untouched.
  void runShot(const GridPoint& source, const std::vector<double>& wavelet, double* gather,
               const SnapshotCallback& snapshot = {});

  /// Steps n0 .. n0 + count - 1 of a shot started by startShot(), each followed by record()
  /// unless `gather` is null, step n writing its increment to increments(n) when given (an
  /// empty PackedIncrement: none): by wavefronts of timeBlock() steps where that applies
  /// (temporal_blocking.cpp), else one advance() at a time. The same bits either way.
  template <class Out = Real>
  void advanceSteps(int n0, int count, const std::vector<double>& wavelet, double* gather,
                    const std::function<PackedIncrement<Out>(int step)>& increments = {});
  /// Time steps per wavefront sweep (1: none; -acoustic_time_block).
  int timeBlock() const { return timeBlock_; }

  // Step-by-step use (gradients, Born modelling). After startShot(), each advance() performs
  // one time step n -> n+1; field() is then p^{n+1} and previousField() p^n (LocalBox layout).
  void startShot(const GridPoint& source);
  /// One step with source value w[n]; `extraSource` (LocalBox layout, may be null) is added to
  /// p^{n+1} at every owned point before the free-surface condition. With `increment`, the step
  /// also writes D = V a^n there (wave_kernels.hpp), sources included; rows the free surface
  /// zeroes keep their D (the gradient never reads them).
  /// The increment is written as Out: Real, or float for double stepping (lossy storage).
  template <class Out = Real>
  void advance(double sourceValue, const Real* extraSource = nullptr, const PackedIncrement<Out>& increment = {});
  /// Writes this rank's receivers of p^{n+1} into gather row n / k when n is a recorded step.
  void record(int n, double* gather) const;
  const Real* field() const { return p_.data(); }
  /// Indices of the receivers on this rank's part of the grid.
  std::vector<int> ownedReceivers() const;
  const Real* previousField() const { return pNext_.data(); }

  /// Number of owned points; copyOwned() packs a LocalBox field into that many values.
  std::size_t ownedSize() const { return std::size_t(box_.zm) * std::size_t(box_.xm); }
  void copyOwned(const Real* boxField, Real* compact) const;
  /// a^n = (p^{n+1} - p^n - B (p^n - p^{n-1})) / V from packed fields, into a LocalBox field:
  /// what step n added per unit of V = v^2 dt^2 (the Born source and gradient kernel).
  void acceleration(const Real* pNext, const Real* p, const Real* pPrev, Real* out) const;

  /// Checkpoints: the exact time-stepping state (owned points only) in stateSize() values.
  std::size_t stateSize() const;
  void saveState(Real* buffer) const;
  void loadState(const Real* buffer);

  const Grid2D& paddedGrid() const { return grid_; }
  const Padding& padding() const { return pad_; }
  const LocalBox& localBox() const { return box_; }

 private:
  struct LineRange {
    int first, last;
  };
  struct OwnedReceiver {
    std::ptrdiff_t offset;
    int index;
  };

  template <class, class>
  friend class ShotGradient;
  struct StateBlock {
    int z0, z1, x0, x1, field;  // local rows/columns [z0, z1) x [x0, x1) of field #field
  };
  std::vector<StateBlock> stateBlocks() const;
  void buildMedium(const ModelView& velocity);
  void buildCpml();
  void mirrorFreeSurface(Real* field) const;
  /// Adds the source term to p^{n+1} (and to the increment). Never inlined: a compiler that
  /// sees the product and the sum together may fuse them (FMA) in one caller and not in
  /// another, and the two stepping paths must give the same bits.
  template <class Out = Real>
  __attribute__((noinline)) void injectSource(Real* pNext, double sourceValue,
                                              const PackedIncrement<Out>& increment = {}) const;
  int chooseTimeBlock() const;
  template <class Out>
  void wavefront(int n0, int levels, const std::vector<double>& wavelet, double* gather,
                 const std::function<PackedIncrement<Out>(int step)>& increments);
  template <class Out>
  void wavefrontRow(int level, int row, int n, double sourceValue, double* gather, const PackedIncrement<Out>& inc);
  Field2D gatherWavefield(const Real* field);

  MPI_Comm comm_;
  AcousticConfig config_;
  Padding pad_;
  Grid2D grid_;
  DMHandle da_;
  LocalBox box_;
  ScaledStencil stencil_;
  std::unique_ptr<HaloExchange> halo_;
  bool ownsSurface_ = false;
  double sourceScale_ = 1.0;
  double vdt2Max_ = 0.0;  // the largest v^2 dt^2 on this rank, in double
  std::ptrdiff_t sourceOffset_ = -1;
  int sourceIz_ = 0, sourceIx_ = 0;  // its local point, when owned

  // Fields in LocalBox layout, allocated once and reused for every shot.
  std::vector<Real> p_, pNext_, vdt2_, damping_;
  std::vector<Real> psiX_, zetaX_, psiZ_, zetaZ_;
  std::vector<Real> ax_, bx_, az_, bz_;  // CPML profiles indexed by local column / row
  std::vector<LineRange> xStrips_, zStrips_;
  std::vector<OwnedReceiver> receivers_;    // sorted by row
  std::vector<std::size_t> receiverRows_;   // receivers_[receiverRows_[i] .. receiverRows_[i + 1]) lie in row i
  std::vector<char> zStripRow_;             // row i carries Z-axis CPML terms
  int timeBlock_ = 1;

  VecHandle global_, natural_, rootCopy_;
  VecScatterHandle toRoot_;
};

/// Calls f(Real()) with Real the type of `precision` (float or double); both calls must return
/// the same type.
template <class F>
decltype(auto) withPrecision(AcousticPrecision precision, F&& f) {
  if (precision == AcousticPrecision::Single) return f(float());
  return f(double());
}

}  // namespace pairinv::acoustic
