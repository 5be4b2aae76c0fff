// Simulating every shot of a configuration on a communicator. The ranks form groups of
// -acoustic_ranks_per_shot ranks; each group domain-decomposes its shots, the groups share the
// shots round-robin, and the gathers are assembled on rank 0.
#pragma once

#include <mpi.h>

#include <vector>

#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"

namespace pairinv::acoustic {

/// Gathers of a survey, OpenFWI's layout: data[(shot * nsamples + sample) * nreceivers + receiver].
struct ShotGathers {
  int nshots = 0, nsamples = 0, nreceivers = 0;
  std::vector<double> data;  // filled on rank 0 only

  double at(int shot, int sample, int receiver) const {
    return data[(std::size_t(shot) * std::size_t(nsamples) + std::size_t(sample)) * std::size_t(nreceivers) +
                std::size_t(receiver)];
  }
};

/// Read-only gathers in the caller's memory, ShotGathers' layout: an Eigen map of the rows
/// (shot, sample) by the receivers, contiguous. A ShotGathers converts to one implicitly.
struct GathersView {
  int nshots = 0, nsamples = 0, nreceivers = 0;
  Eigen::Map<const RowMatrix> values;

  GathersView(const ShotGathers& g);  // NOLINT(google-explicit-constructor)
  GathersView(const double* data, int nshots, int nsamples, int nreceivers);
  const double* data() const { return values.data(); }
  /// The values held, which must be nshots x nsamples x nreceivers (rank 0's ShotGathers has
  /// them; others' are empty).
  std::size_t size() const { return std::size_t(values.size()); }
};

/// Runs all shots of `config` (validated for `velocity`). `snapshot` receives wavefields of shot
/// config.snapshotShot when config.snapshotEvery > 0. `progress` shows a progress line.
ShotGathers simulateShots(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config,
                          const SnapshotCallback& snapshot = {}, bool progress = false);

}  // namespace pairinv::acoustic
