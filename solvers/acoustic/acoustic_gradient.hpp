// Gradients and linearised (Born) modelling for the acoustic solver, over all shots.
//
// Objective: J(m) = 1/2 sum_shots ||W (R u_s(m) - d_s)||^2, with m the velocity on the model
// grid (or the slowness squared 1/v^2) and W an optional per-sample data weight.
// The gradient is the exact discrete adjoint of the scheme as implemented (ShotGradient): in
// the padded grid dJ/dV, V = v^2 dt^2, is chained to dJ/dv = 2 v dt^2 dJ/dV, and the adjoint
// of the edge-replication padding sums the padding's gradient into the model's edge cells.
// The absorbing profiles are held fixed: set config.dampingVelocity / pmlVelocity (an
// inversion does so from its starting model) so they do not change with m.
//
// Shots are shared by groups of -acoustic_ranks_per_shot ranks as in simulateShots; the
// gradient and objective are summed over shots and available on every rank.
#pragma once

#include <mpi.h>

#include <vector>

#include "solvers/acoustic/shot_gradient.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace pairinv::acoustic {

enum class Parametrisation { Velocity, SlownessSquared };

/// Converts between velocity and the parameter (identity, or 1/v^2).
Field2D toParameter(const Field2D& velocity, Parametrisation p);
Field2D toVelocity(const Field2D& parameter, Parametrisation p);

struct GradientResult {
  double objective = 0.0;
  Field2D gradient;        // dJ/dm on the model grid, every rank
  ShotGathers synthetic;   // F(m), on rank 0
  CheckpointPlan plan;     // the storage used for one shot
  GradientTimings timings; // this rank's CPU seconds per phase (all its shots)
};

/// Data weights that leave dead traces out of the misfit: 0 on every sample of a trace
/// (shot, receiver) that is exactly zero in `observed` (a dead channel or a missing shot in
/// field data), 1 elsewhere; empty when no trace is dead. `deadTraces` receives their count.
std::vector<double> liveTraceWeights(const ShotGathers& observed, std::size_t* deadTraces = nullptr);

/// J(m) and its gradient. `observed` (and `weights`, same layout, may be null) must hold the
/// full data on every rank (see broadcastGathers). Model and data are views: a caller's arrays
/// are read in place (meshes/field_view.hpp).
GradientResult acousticGradient(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config,
                                const GathersView& observed, const std::vector<double>* weights,
                                Parametrisation parametrisation);

/// J^T r: the adjoint of the Born operator applied to data-space r (full data on every rank).
Field2D bornAdjoint(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config,
                    const GathersView& r, Parametrisation parametrisation);

/// J dm: the Born (linearised) data for a model perturbation dm in the parameter; on rank 0.
ShotGathers bornForward(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config,
                        const ModelView& dm, Parametrisation parametrisation);

/// Copies rank 0's gathers to every rank of `comm`.
void broadcastGathers(MPI_Comm comm, ShotGathers& gathers);

}  // namespace pairinv::acoustic
