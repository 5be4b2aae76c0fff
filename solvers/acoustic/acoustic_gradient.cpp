#include "solvers/acoustic/acoustic_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/error.hpp"
#include "solvers/acoustic/wavefield_pool.hpp"
#include "solvers/acoustic/wavelet.hpp"

namespace pairinv::acoustic {

namespace {

/// The shot groups of simulateShots: this rank's group communicator and index.
struct ShotGroups {
  MPI_Comm comm = MPI_COMM_NULL;
  int group = 0, groups = 1, rank = 0, ranksOnNode = 1;
  ShotGroups(MPI_Comm world, const AcousticConfig& c) {
    int size = 1;
    MPI_Comm_rank(world, &rank);
    MPI_Comm_size(world, &size);
    const int perShot = c.ranksPerShot == 0 ? size : c.ranksPerShot;
    require(size % perShot == 0, "-acoustic_ranks_per_shot ", perShot, " must divide the number of MPI ranks (",
            size, ")");
    groups = size / perShot;
    group = rank / perShot;
    MPI_Comm_split(world, group, rank, &comm);
    MPI_Comm node;
    MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &ranksOnNode);
    MPI_Comm_free(&node);
  }
  ~ShotGroups() { MPI_Comm_free(&comm); }
  ShotGroups(const ShotGroups&) = delete;
  ShotGroups& operator=(const ShotGroups&) = delete;
};

std::size_t gatherSize(const AcousticConfig& c) {
  return std::size_t(c.samplesPerTrace()) * c.receivers.size();
}

/// dJ/dV on this rank's box -> dJ/dm on the model grid, summed over all ranks.
template <class Real>
Field2D chainToModel(MPI_Comm world, const AcousticPropagator<Real>& prop, const std::vector<double>& gradV,
                     const ModelView& velocity, const AcousticConfig& c, Parametrisation param) {
  const Grid2D& g = prop.paddedGrid();
  const LocalBox& b = prop.localBox();
  const Padding& pad = prop.padding();
  const Field2D vPad = padByEdgeReplication(velocity, pad);
  std::vector<double> local(g.size(), 0.0), total(g.size(), 0.0);
  for (int iz = 0; iz < b.zm; ++iz)
    for (int ix = 0; ix < b.xm; ++ix) {
      const std::size_t gi = g.index(b.zs + iz, b.xs + ix);
      local[gi] = gradV[std::size_t(b.offset(iz, ix))] * 2.0 * vPad.values[gi] * c.dt * c.dt;
    }
  MPI_Allreduce(local.data(), total.data(), int(total.size()), MPI_DOUBLE, MPI_SUM, world);
  Field2D grad(velocity.grid, 0.0);
  for (int iz = 0; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) {
      const int mz = std::clamp(iz - pad.top, 0, velocity.grid.nz - 1);
      const int mx = std::clamp(ix - pad.left, 0, velocity.grid.nx - 1);
      grad.at(mz, mx) += total[g.index(iz, ix)];
    }
  if (param == Parametrisation::SlownessSquared)
    for (int iz = 0; iz < velocity.grid.nz; ++iz)
      for (int ix = 0; ix < velocity.grid.nx; ++ix) {
        const double v = velocity.at(iz, ix);
        grad.at(iz, ix) *= -0.5 * v * v * v;  // dv/dm for m = 1/v^2
      }
  return grad;
}

/// Turns a shot's synthetic gather into the adjoint source, at receivers where owned[r] != 0.
using ShotResidual = std::function<double(int shot, double* gather, const std::vector<char>& owned)>;

template <class Real, class Out>
GradientResult adjointOverShotsAs(MPI_Comm world, const ModelView& velocity, const AcousticConfig& c,
                                Parametrisation param, const ShotResidual& makeResidual) {
  ShotGroups groups(world, c);
  const int nshots = int(c.sources.size());
  const std::size_t perGather = gatherSize(c);
  const std::vector<double> wavelet = makeWavelet(c);
  AcousticPropagator<Real> prop(groups.comm, velocity, c);
  // One plan for the whole shot group (the ranks step together), sized by its largest rank.
  // The pool's residency and ability to warm up enter as their least over the group (negated).
  const WavefieldPool& pool = WavefieldPool::instance();
  using Engine = ShotGradient<Real, Out>;
  unsigned long long sizes[4] = {Engine::packedFieldSize(prop), Engine::checkpointSize(prop),
                                 ~(unsigned long long)pool.residentBytes(), pool.canPopulate() ? 0ull : 1ull};
  unsigned long long largest[4] = {0, 0, 0, 0};
  MPI_Allreduce(sizes, largest, 4, MPI_UNSIGNED_LONG_LONG, MPI_MAX, groups.comm);
  const CheckpointPlan plan =
      planCheckpoints(c, largest[0], largest[1], groups.ranksOnNode, ~largest[2], largest[3] == 0);
  Engine engine(prop, plan);
  std::vector<double> gradV(prop.localBox().storage(), 0.0), gathers(perGather * std::size_t(nshots), 0.0);
  std::vector<double> gather(perGather);
  std::vector<char> owned(c.receivers.size(), 0);
  for (int r : prop.ownedReceivers()) owned[std::size_t(r)] = 1;
  double objective = 0.0;
  for (int shot = groups.group; shot < nshots; shot += groups.groups) {
    std::fill(gather.begin(), gather.end(), 0.0);
    objective += engine.run(
        c.sources[std::size_t(shot)], wavelet, gather.data(),
        [&](double* data) {
          std::copy(data, data + perGather, gathers.begin() + std::ptrdiff_t(std::size_t(shot) * perGather));
          return makeResidual(shot, data, owned);
        },
        gradV.data());
  }
  GradientResult result;
  MPI_Allreduce(&objective, &result.objective, 1, MPI_DOUBLE, MPI_SUM, world);
  result.gradient = chainToModel(world, prop, gradV, velocity, c, param);
  result.plan = plan;
  result.timings = engine.timings();
  result.synthetic.nshots = nshots;
  result.synthetic.nsamples = c.samplesPerTrace();
  result.synthetic.nreceivers = int(c.receivers.size());
  if (groups.rank == 0) result.synthetic.data.assign(gathers.size(), 0.0);
  MPI_Reduce(gathers.data(), groups.rank == 0 ? result.synthetic.data.data() : nullptr, int(gathers.size()),
             MPI_DOUBLE, MPI_SUM, 0, world);
  return result;
}

/// This shot group's Born gathers (receivers it owns) for the velocity perturbation dv, into
/// `gathers`: the background field's acceleration times dV = 2 v dt^2 dv drives a second
/// propagator.
template <class Real>
void bornShotsAs(const ShotGroups& groups, const ModelView& velocity, const AcousticConfig& c, const Field2D& dv,
                 std::vector<double>& gathers) {
  const std::vector<double> wavelet = makeWavelet(c);
  AcousticPropagator<Real> background(groups.comm, velocity, c), scattered(groups.comm, velocity, c);
  const LocalBox& b = background.localBox();
  const Padding& pad = background.padding();
  const Field2D vPad = padByEdgeReplication(velocity, pad), dvPad = padByEdgeReplication(dv, pad);
  std::vector<Real> dV(b.storage(), Real(0)), acc(b.storage(), Real(0)), source(b.storage(), Real(0));
  for (int iz = 0; iz < b.zm; ++iz)
    for (int ix = 0; ix < b.xm; ++ix) {
      const std::size_t gi = vPad.grid.index(b.zs + iz, b.xs + ix);
      dV[std::size_t(b.offset(iz, ix))] = Real(2.0 * vPad.values[gi] * dvPad.values[gi] * c.dt * c.dt);
    }
  const std::size_t owned = background.ownedSize(), perGather = gatherSize(c);
  std::vector<Real> f0(owned), f1(owned), f2(owned);
  for (std::size_t shot = std::size_t(groups.group); shot < c.sources.size(); shot += std::size_t(groups.groups)) {
    background.startShot(c.sources[shot]);
    scattered.startShot(c.sources[shot]);
    for (int n = 0; n < c.nt; ++n) {
      background.copyOwned(background.previousField(), f0.data());
      background.copyOwned(background.field(), f1.data());
      background.advance(wavelet[std::size_t(n)]);
      background.copyOwned(background.field(), f2.data());
      background.acceleration(f2.data(), f1.data(), f0.data(), acc.data());
      for (std::size_t i = 0; i < source.size(); ++i) source[i] = dV[i] * acc[i];
      scattered.advance(0.0, source.data());
      scattered.record(n, gathers.data() + shot * perGather);
    }
  }
}

/// adjointOverShotsAs in the configuration's precisions (stepping, and stored increments).
GradientResult adjointOverShots(MPI_Comm world, const ModelView& velocity, const AcousticConfig& c,
                                Parametrisation param, const ShotResidual& makeResidual) {
  return withPrecision(c.precision, [&](auto real) {
    using Real = decltype(real);
    if constexpr (std::is_same_v<Real, double>)
      if (c.storedPrecision == StoredPrecision::Single)
        return adjointOverShotsAs<double, float>(world, velocity, c, param, makeResidual);
    return adjointOverShotsAs<Real, Real>(world, velocity, c, param, makeResidual);
  });
}

void requireFullData(const GathersView& d, const AcousticConfig& c, const char* what) {
  require(d.nshots == int(c.sources.size()) && d.nsamples == c.samplesPerTrace() &&
              d.nreceivers == int(c.receivers.size()) && d.size() == gatherSize(c) * c.sources.size(),
          what, " has shape (", d.nshots, ", ", d.nsamples, ", ", d.nreceivers, ") but the acquisition gives (",
          c.sources.size(), ", ", c.samplesPerTrace(), ", ", c.receivers.size(), ")");
}

}  // namespace

Field2D toParameter(const Field2D& v, Parametrisation p) {
  Field2D m = v;
  if (p == Parametrisation::SlownessSquared)
    for (double& x : m.values) x = 1.0 / (x * x);
  return m;
}

Field2D toVelocity(const Field2D& m, Parametrisation p) {
  Field2D v = m;
  if (p == Parametrisation::SlownessSquared)
    for (double& x : v.values) x = 1.0 / std::sqrt(x);
  return v;
}

std::vector<double> liveTraceWeights(const ShotGathers& observed, std::size_t* deadTraces) {
  const std::size_t ns = std::size_t(observed.nsamples), nr = std::size_t(observed.nreceivers);
  ensure(observed.data.size() == std::size_t(observed.nshots) * ns * nr, "gathers of ",
          observed.data.size(), " values for ", observed.nshots, " x ", ns, " x ", nr);
  std::vector<double> weights(observed.data.size(), 1.0);
  std::size_t dead = 0;
  for (std::size_t shot = 0; shot < std::size_t(observed.nshots); ++shot)
    for (std::size_t r = 0; r < nr; ++r) {
      const std::size_t base = shot * ns * nr + r;
      bool zero = true;
      for (std::size_t t = 0; t < ns && zero; ++t) zero = observed.data[base + t * nr] == 0.0;
      if (!zero) continue;
      ++dead;
      for (std::size_t t = 0; t < ns; ++t) weights[base + t * nr] = 0.0;
    }
  if (deadTraces) *deadTraces = dead;
  if (dead == 0) weights.clear();
  return weights;
}

GradientResult acousticGradient(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& c,
                                const GathersView& observed, const std::vector<double>* weights,
                                Parametrisation param) {
  requireFullData(observed, c, "the observed data");
  require(!weights || weights->size() == observed.size(), "the data weights have ",
          weights ? weights->size() : 0, " values; the data have ", observed.size());
  const double* d = observed.data();
  const std::size_t perGather = gatherSize(c);
  // Residuals only at this rank's receivers: entries of other ranks' receivers stay zero.
  const std::size_t nrec = c.receivers.size();
  return adjointOverShots(comm, velocity, c, param, [&](int shot, double* gather, const std::vector<char>& owned) {
    double local = 0.0;
    const std::size_t base = std::size_t(shot) * perGather;
    for (std::size_t i = 0; i < perGather; ++i) {
      if (!owned[i % nrec]) continue;
      const double w = weights ? (*weights)[base + i] : 1.0;
      const double r = w * (gather[i] - d[base + i]);
      local += 0.5 * r * r;
      gather[i] = w * r;
    }
    return local;
  });
}

Field2D bornAdjoint(MPI_Comm comm, const ModelView& velocity, const AcousticConfig& c, const GathersView& r,
                    Parametrisation param) {
  requireFullData(r, c, "the data-space vector");
  const std::size_t perGather = gatherSize(c);
  return adjointOverShots(comm, velocity, c, param,
                          [&](int shot, double* gather, const std::vector<char>&) {
                            std::copy_n(r.data() + std::size_t(shot) * perGather, perGather, gather);
                            return 0.0;
                          })
      .gradient;
}

ShotGathers bornForward(MPI_Comm world, const ModelView& velocity, const AcousticConfig& c, const ModelView& dm,
                        Parametrisation param) {
  require(dm.grid.nz == velocity.grid.nz && dm.grid.nx == velocity.grid.nx, "the model perturbation is ",
          dm.grid.nz, " x ", dm.grid.nx, "; the model is ", velocity.grid.nz, " x ", velocity.grid.nx);
  ShotGroups groups(world, c);
  // dv = dm (velocity) or -v^3/2 dm (slowness squared), extended into the padding.
  Field2D dv = dm.field();
  dv.grid = velocity.grid;
  if (param == Parametrisation::SlownessSquared)
    for (int iz = 0; iz < dv.grid.nz; ++iz)
      for (int ix = 0; ix < dv.grid.nx; ++ix) dv.at(iz, ix) *= -0.5 * std::pow(velocity.at(iz, ix), 3);
  std::vector<double> gathers(gatherSize(c) * c.sources.size(), 0.0);
  withPrecision(c.precision, [&](auto real) { bornShotsAs<decltype(real)>(groups, velocity, c, dv, gathers); });
  ShotGathers out;
  out.nshots = int(c.sources.size());
  out.nsamples = c.samplesPerTrace();
  out.nreceivers = int(c.receivers.size());
  if (groups.rank == 0) out.data.assign(gathers.size(), 0.0);
  MPI_Reduce(gathers.data(), groups.rank == 0 ? out.data.data() : nullptr, int(gathers.size()), MPI_DOUBLE,
             MPI_SUM, 0, world);
  return out;
}

void broadcastGathers(MPI_Comm comm, ShotGathers& g) {
  int dims[3] = {g.nshots, g.nsamples, g.nreceivers};
  MPI_Bcast(dims, 3, MPI_INT, 0, comm);
  g.nshots = dims[0], g.nsamples = dims[1], g.nreceivers = dims[2];
  g.data.resize(std::size_t(dims[0]) * std::size_t(dims[1]) * std::size_t(dims[2]));
  MPI_Bcast(g.data.data(), int(g.data.size()), MPI_DOUBLE, 0, comm);
}

}  // namespace pairinv::acoustic
