#include "solvers/acoustic/shot_simulation.hpp"

#include "core/error.hpp"
#include "core/progress.hpp"
#include "solvers/acoustic/wavelet.hpp"

namespace pairinv::acoustic {

GathersView::GathersView(const ShotGathers& g)
    : nshots(g.nshots), nsamples(g.nsamples), nreceivers(g.nreceivers),
      values(g.data.data(), g.data.empty() ? 0 : Eigen::Index(g.nshots) * g.nsamples, g.data.empty() ? 0 : g.nreceivers) {
  ensure(g.data.empty() || g.data.size() == std::size_t(g.nshots) * std::size_t(g.nsamples) * std::size_t(g.nreceivers),
         "gathers of ", g.data.size(), " values for ", g.nshots, " x ", g.nsamples, " x ", g.nreceivers);
}

GathersView::GathersView(const double* data, int ns, int nt, int nr)
    : nshots(ns), nsamples(nt), nreceivers(nr), values(data, Eigen::Index(ns) * nt, nr) {}

ShotGathers simulateShots(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& config,
                          const SnapshotCallback& snapshot, bool progress) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int perShot = config.ranksPerShot == 0 ? size : config.ranksPerShot;
  require(size % perShot == 0, "-acoustic_ranks_per_shot ", perShot, " must divide the number of MPI ranks (",
          size, ")");
  const int groups = size / perShot, group = rank / perShot;
  MPI_Comm groupComm;
  MPI_Comm_split(comm, group, rank, &groupComm);

  ShotGathers out;
  out.nshots = int(config.sources.size());
  out.nsamples = config.samplesPerTrace();
  out.nreceivers = int(config.receivers.size());
  const std::size_t perGather = std::size_t(out.nsamples) * std::size_t(out.nreceivers);
  std::vector<double> local(perGather * std::size_t(out.nshots), 0.0);
  try {
    const std::vector<double> wavelet = makeWavelet(config);
    withPrecision(config.precision, [&](auto real) {
      AcousticPropagator<decltype(real)> propagator(groupComm, velocity, config);
      ProgressLine line("forward", std::size_t(out.nshots), "shots", progress && rank == 0);
      int done = 0;
      for (int shot = group; shot < out.nshots; shot += groups) {
        const SnapshotCallback none;
        propagator.runShot(config.sources[std::size_t(shot)], wavelet, local.data() + std::size_t(shot) * perGather,
                           shot == config.snapshotShot ? snapshot : none);
        line.update(std::size_t(std::min(out.nshots, ++done * groups)));
      }
    });
  } catch (...) {
    MPI_Comm_free(&groupComm);
    throw;
  }
  MPI_Comm_free(&groupComm);
  // Every entry has exactly one writer, so the sum reproduces it exactly.
  if (rank == 0) out.data.assign(local.size(), 0.0);
  MPI_Reduce(local.data(), rank == 0 ? out.data.data() : nullptr, int(local.size()), MPI_DOUBLE, MPI_SUM, 0, comm);
  return out;
}

}  // namespace pairinv::acoustic
