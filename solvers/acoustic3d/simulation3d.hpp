// Every shot of a 3D configuration on a communicator, and the gradient of the data misfit.
//
// The ranks form groups of -acoustic3d_ranks_per_shot ranks; each group splits its shots' grid
// along x, y, z (rank_layout.hpp), the groups share the shots round-robin, and the gathers are
// assembled on rank 0 in the 2D solver's layout (ShotGathers: shot, sample, receiver).
//
// Objective J(v) = 1/2 sum_shots ||R u_s(v) - d_s||^2. Its gradient is the exact discrete
// adjoint of Propagator3D, reversed by binomial checkpointing (binomial_checkpoints.hpp) within
// the memory budget; dJ/dV is chained to the velocity on the model grid (propagator3d.hpp).
// The CPML profiles are held fixed: set config.pmlVelocity (an inversion takes its starting
// model's maximum) so that they do not change with v.
#pragma once

#include <mpi.h>

#include <cstdint>

#include "solvers/acoustic/shot_simulation.hpp"
#include "solvers/acoustic3d/propagator3d.hpp"

namespace pairinv::acoustic3d {

using acoustic::GathersView;
using acoustic::ShotGathers;

/// Runs all shots of `config` (validated for `velocity`). `snapshot` receives the wavefields of
/// shot config.snapshotShot on its group's rank 0. `progress` shows a progress line.
ShotGathers simulateShots3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& config,
                            const Snapshot3DCallback& snapshot = {}, bool progress = false);

struct Gradient3DResult {
  double objective = 0.0;
  Field3D gradient;       // dJ/dv on the model grid, every rank
  ShotGathers synthetic;  // on rank 0
  int snapshots = 0;      // states kept per shot
  int sweeps = 0;         // binomial repetitions (each step is recomputed at most this often)
  std::int64_t forwardSteps = 0;  // forward steps taken by this rank's group, all its shots
  std::size_t peakBytes = 0;      // snapshot memory plus the working fields, per rank
};

/// J(v) and dJ/dv; `observed` must hold the full data on every rank.
Gradient3DResult acousticGradient3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& config,
                                    const GathersView& observed, bool progress = false);

/// J dv: the Born (linearised) data for a velocity perturbation dv, on rank 0. The perturbed
/// wavefield is driven by dV A^n, dV = 2 v dv dt^2 and A^n the factor of V in step n.
ShotGathers bornForward3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& config, const Field3D& dv);

}  // namespace pairinv::acoustic3d
