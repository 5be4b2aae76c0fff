#include "solvers/acoustic3d/simulation3d.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "solvers/acoustic/checkpoint_plan.hpp"
#include "solvers/acoustic3d/binomial_checkpoints.hpp"

namespace pairinv::acoustic3d {

namespace {

/// The ranks of a shot: groups of -acoustic3d_ranks_per_shot consecutive ranks.
struct ShotGroups {
  MPI_Comm comm = MPI_COMM_NULL;  // this rank's group
  int groups = 1, group = 0, rank = 0;
  ShotGroups(MPI_Comm world, int ranksPerShot) {
    int size = 1;
    MPI_Comm_rank(world, &rank);
    MPI_Comm_size(world, &size);
    const int perShot = ranksPerShot == 0 ? size : ranksPerShot;
    require(size % perShot == 0, "-acoustic3d_ranks_per_shot ", perShot, " must divide the number of MPI ranks (",
            size, ")");
    groups = size / perShot, group = rank / perShot;
    MPI_Comm_split(world, group, rank, &comm);
  }
  ~ShotGroups() { MPI_Comm_free(&comm); }
  ShotGroups(const ShotGroups&) = delete;
  ShotGroups& operator=(const ShotGroups&) = delete;
};

ShotGathers emptyGathers(const Acoustic3DConfig& c) {
  ShotGathers g;
  g.nshots = int(c.sources.size());
  g.nsamples = c.samplesPerTrace();
  g.nreceivers = int(c.receivers.size());
  return g;
}

/// Sums every rank's part of the gathers (each entry has one writer) into rank 0's.
void assemble(MPI_Comm world, const std::vector<double>& local, ShotGathers& out, int rank) {
  if (rank == 0) out.data.assign(local.size(), 0.0);
  MPI_Reduce(local.data(), rank == 0 ? out.data.data() : nullptr, int(local.size()), MPI_DOUBLE, MPI_SUM, 0, world);
}

/// One shot's gradient: the adjoint run backwards over the forward steps by binomial
/// checkpointing. The forward steps are taken in order exactly once before the first adjoint
/// step (the recursion always reverses the tail first), so the gather and the residual are
/// recorded on the way.
class ShotReversal {
 public:
  ShotReversal(Propagator3D& prop, const Acoustic3DConfig& c, const std::vector<double>& wavelet,
               const double* observed, double* gather, double* gradV, double* state, int snapshots,
               std::function<void()> adjointDone)
      : adjointDone_(std::move(adjointDone)), prop_(prop), c_(c), wavelet_(wavelet), observed_(observed),
        gather_(gather), gradV_(gradV),
        state_(state), stateSize_(prop.stateSize()), free_(std::size_t(snapshots)),
        increment_(prop.box().storage(), 0.0), residual_(std::size_t(c.samplesPerTrace()) * c.receivers.size(), 0.0),
        values_(c.receivers.size(), 0.0) {
    for (int s = 0; s < snapshots; ++s) free_[std::size_t(s)] = snapshots - 1 - s;
  }

  /// Reverses the whole shot; returns this rank's part of the objective.
  double run(const GridPoint3& source) {
    source_ = source;
    prop_.startShot(source);
    prop_.startAdjoint();
    reverse(0, c_.nt, -1);
    return objective_;
  }
  std::int64_t forwardSteps() const { return steps_; }

 private:
  void restore(int slot) {
    if (slot < 0) prop_.startShot(source_);
    else prop_.loadState(state_ + std::size_t(slot) * stateSize_);
  }

  /// Forward step n from the propagator's state, recording sample n the first time.
  void forward(int n, double* increment) {
    prop_.step(wavelet_[std::size_t(n)], increment);
    ++steps_;
    if (n <= done_) return;
    done_ = n;
    if (n % c_.recordEvery != 0) return;
    const std::size_t nr = c_.receivers.size(), row = std::size_t(n / c_.recordEvery) * nr;
    prop_.record(values_.data());
    for (int r : owned_) {
      gather_[row + r] = values_[std::size_t(r)];
      residual_[row + r] = values_[std::size_t(r)] - observed_[row + r];
      objective_ += 0.5 * residual_[row + r] * residual_[row + r];
    }
  }

  /// Adjoint step n, the propagator holding the state at n.
  void adjoint(int n) {
    forward(n, increment_.data());  // writes every owned point
    const bool sampled = n % c_.recordEvery == 0;
    prop_.completeAdjoint(sampled ? residual_.data() + std::size_t(n / c_.recordEvery) * c_.receivers.size() : nullptr);
    prop_.accumulateImaging(increment_.data(), gradV_);
    prop_.adjointStep();
    adjointDone_();
  }

  /// Reverses steps [n0, n1); the state at n0 is in `slot` (-1: the zero initial state).
  void reverse(int n0, int n1, int slot) {
    if (n1 - n0 == 1) {
      restore(slot);
      adjoint(n0);
      return;
    }
    if (free_.empty()) {  // no snapshot left: recompute from n0 for every step
      for (int n = n1 - 1; n >= n0; --n) {
        restore(slot);
        for (int m = n0; m < n; ++m) forward(m, nullptr);
        adjoint(n);
      }
      return;
    }
    const int mid = n0 + int(binomialHead(int(free_.size()), n1 - n0));
    restore(slot);
    for (int m = n0; m < mid; ++m) forward(m, nullptr);
    const int taken = free_.back();
    free_.pop_back();
    prop_.saveState(state_ + std::size_t(taken) * stateSize_);
    reverse(mid, n1, taken);
    free_.push_back(taken);
    reverse(n0, mid, slot);
  }

  std::function<void()> adjointDone_;
  Propagator3D& prop_;
  const Acoustic3DConfig& c_;
  const std::vector<double>& wavelet_;
  const double* observed_;
  double* gather_;
  double* gradV_;
  double* state_;
  std::size_t stateSize_;
  std::vector<int> free_;  // free snapshot slots
  std::vector<double> increment_, residual_, values_;
  std::vector<int> owned_ = prop_.ownedReceivers();
  GridPoint3 source_;
  int done_ = -1;
  double objective_ = 0.0;
  std::int64_t steps_ = 0;
};

/// What the gradient holds besides its snapshots: the propagator's fields (p, p_prev, V; the
/// adjoint's x, y, nu, w1, w2; the increment and dJ/dV; psi, zeta and their adjoints per CPML
/// axis), the model-grid gradient twice (this rank's part and the sum), and the gathers three
/// times (this rank's, the residual, rank 0's assembled ones).
std::size_t workingBytes(const Propagator3D& prop, const Acoustic3DConfig& c, const Grid3D& model) {
  const std::array<int, 3> n = paddedSize(c, model);
  const int cpmlAxes = int(n[0] != model.nx) + int(n[1] != model.ny) + int(n[2] != model.nz);
  const std::size_t fields = 3 + 5 + 2 + 4 * std::size_t(cpmlAxes);
  const std::size_t data = c.sources.size() * std::size_t(c.samplesPerTrace()) * c.receivers.size();
  return (fields * prop.box().storage() + 2 * model.size() + 3 * data) * sizeof(double);
}

int snapshotsFor(const Acoustic3DConfig& c, std::size_t stateBytes, std::size_t working, int ranksOnShot) {
  if (c.checkpoints > 0) return std::min(c.checkpoints, std::max(1, c.nt - 1));
  const double budget = c.memoryBudgetMB > 0 ? c.memoryBudgetMB * 1e6
                                             : 0.5 * acoustic::availableMemoryBytes() / std::max(1, ranksOnShot);
  const double room = budget - double(working);
  require(room >= double(stateBytes), "a 3D gradient needs at least ", (double(working) + double(stateBytes)) / 1e6,
          " MB per rank (working fields and one snapshot), but -acoustic3d_memory_budget allows ", budget / 1e6, " MB");
  return int(std::min<double>(std::floor(room / double(stateBytes)), std::max(1, c.nt - 1)));
}

}  // namespace

ShotGathers simulateShots3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& c,
                            const Snapshot3DCallback& snapshot, bool progress) {
  ShotGroups g(comm, c.ranksPerShot);
  ShotGathers out = emptyGathers(c);
  const std::size_t perGather = std::size_t(out.nsamples) * std::size_t(out.nreceivers);
  std::vector<double> local(perGather * std::size_t(out.nshots), 0.0);
  const std::vector<double> wavelet = makeWavelet3D(c);
  Propagator3D prop(g.comm, velocity, c);
  // Progress in time steps of this group's shots (a 3D shot can take minutes).
  const int mine = (out.nshots - g.group + g.groups - 1) / g.groups;
  ProgressLine line("forward 3D", std::size_t(mine) * std::size_t(c.nt), "steps", progress && g.rank == 0);
  std::size_t steps = 0;
  for (int shot = g.group; shot < out.nshots; shot += g.groups)
    prop.runShot(c.sources[std::size_t(shot)], wavelet, local.data() + std::size_t(shot) * perGather,
                 shot == c.snapshotShot ? snapshot : Snapshot3DCallback{}, [&] { line.update(++steps); });
  assemble(comm, local, out, g.rank);
  return out;
}

Gradient3DResult acousticGradient3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& c,
                                    const GathersView& observed, bool progress) {
  ShotGroups g(comm, c.ranksPerShot);
  Gradient3DResult out;
  out.synthetic = emptyGathers(c);
  const ShotGathers& s = out.synthetic;
  require(observed.nshots == s.nshots && observed.nsamples == s.nsamples && observed.nreceivers == s.nreceivers &&
              observed.size() == std::size_t(s.nshots) * s.nsamples * s.nreceivers,
          "observed data of ", observed.nshots, " x ", observed.nsamples, " x ", observed.nreceivers,
          " for an acquisition of ", s.nshots, " shots x ", s.nsamples, " samples x ", s.nreceivers, " receivers");
  const std::size_t perGather = std::size_t(s.nsamples) * std::size_t(s.nreceivers);
  std::vector<double> local(perGather * std::size_t(s.nshots), 0.0);
  const std::vector<double> wavelet = makeWavelet3D(c);
  Propagator3D prop(g.comm, velocity, c);
  int groupSize = 1;
  MPI_Comm_size(g.comm, &groupSize);
  const std::size_t stateBytes = prop.stateSize() * sizeof(double), working = workingBytes(prop, c, velocity.grid);
  out.snapshots = snapshotsFor(c, stateBytes, working, groupSize);
  out.sweeps = binomialSweeps(out.snapshots, c.nt);
  out.peakBytes = working + std::size_t(out.snapshots) * stateBytes;
  // The snapshots live for the process (an inversion's gradients reuse them): freshly allocated
  // memory is slow to touch.
  static std::vector<double> state;
  if (state.size() < std::size_t(out.snapshots) * prop.stateSize()) state.resize(std::size_t(out.snapshots) * prop.stateSize());
  std::vector<double> gradV(prop.box().storage(), 0.0);
  double objective = 0.0;
  // Progress in adjoint steps of this group's shots (the recomputations come between them).
  const int mine = (s.nshots - g.group + g.groups - 1) / g.groups;
  ProgressLine line("gradient 3D", std::size_t(mine) * std::size_t(c.nt), "adjoint steps", progress && g.rank == 0);
  std::size_t steps = 0;
  for (int shot = g.group; shot < s.nshots; shot += g.groups) {
    ShotReversal reversal(prop, c, wavelet, observed.data() + std::size_t(shot) * perGather,
                          local.data() + std::size_t(shot) * perGather, gradV.data(), state.data(), out.snapshots,
                          [&] { line.update(++steps); });
    objective += reversal.run(c.sources[std::size_t(shot)]);
    out.forwardSteps += reversal.forwardSteps();
  }
  std::vector<double> grad = prop.modelGradient(gradV, velocity);
  out.gradient = Field3D(velocity.grid, 0.0);
  MPI_Allreduce(grad.data(), out.gradient.values.data(), int(grad.size()), MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(&objective, &out.objective, 1, MPI_DOUBLE, MPI_SUM, comm);
  assemble(comm, local, out.synthetic, g.rank);
  return out;
}

ShotGathers bornForward3D(MPI_Comm comm, const Field3D& velocity, const Acoustic3DConfig& c, const Field3D& dv) {
  require(dv.grid.nz == velocity.grid.nz && dv.grid.ny == velocity.grid.ny && dv.grid.nx == velocity.grid.nx,
          "a model perturbation of ", dv.grid.nz, " x ", dv.grid.ny, " x ", dv.grid.nx, " for a model of ",
          velocity.grid.nz, " x ", velocity.grid.ny, " x ", velocity.grid.nx);
  ShotGroups g(comm, c.ranksPerShot);
  ShotGathers out = emptyGathers(c);
  const std::size_t perGather = std::size_t(out.nsamples) * std::size_t(out.nreceivers);
  std::vector<double> local(perGather * std::size_t(out.nshots), 0.0);
  const std::vector<double> wavelet = makeWavelet3D(c);
  Propagator3D background(g.comm, velocity, c), scattered(g.comm, velocity, c);
  std::vector<double> dV = background.padField(dv);
  const std::vector<double> v = background.padField(velocity);
  for (std::size_t i = 0; i < dV.size(); ++i) dV[i] *= 2.0 * v[i] * c.dt * c.dt;
  std::vector<double> increment(dV.size(), 0.0), extra(dV.size(), 0.0);
  for (int shot = g.group; shot < out.nshots; shot += g.groups) {
    background.startShot(c.sources[std::size_t(shot)]);
    scattered.startShot(c.sources[std::size_t(shot)]);
    double* gather = local.data() + std::size_t(shot) * perGather;
    for (int n = 0; n < c.nt; ++n) {
      background.step(wavelet[std::size_t(n)], increment.data());
      for (std::size_t i = 0; i < dV.size(); ++i) extra[i] = dV[i] * increment[i];
      scattered.step(0.0, nullptr, extra.data());
      if (n % c.recordEvery == 0) scattered.record(gather + std::size_t(n / c.recordEvery) * std::size_t(out.nreceivers));
    }
  }
  assemble(comm, local, out, g.rank);
  return out;
}

}  // namespace pairinv::acoustic3d
