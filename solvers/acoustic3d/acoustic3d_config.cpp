#include "solvers/acoustic3d/acoustic3d_config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/stencil.hpp"
#include "solvers/acoustic/wavelet.hpp"
#include "solvers/acoustic3d/rank_layout.hpp"

namespace pairinv::acoustic3d {

namespace {

std::vector<PetscInt> everyIndex(int n, int step) {
  std::vector<PetscInt> v;
  for (int i = 0; i < n; i += step) v.push_back(i);
  return v;
}

/// Entry i of a list that is either one value for all or one per entry.
int entry(const std::vector<PetscInt>& list, std::size_t i) { return int(list.size() == 1 ? list[0] : list[i]); }

void requireOneOrEach(const std::vector<PetscInt>& list, std::size_t count, const std::string& option,
                      const std::string& other) {
  require(!list.empty(), "option ", option, " is empty");
  require(list.size() == 1 || list.size() == count, "option ", option, " has ", list.size(),
          " entries; give one for all or one per entry of ", other, " (", count, ")");
}

/// Points (iz[i], iy[i], ix[i]); iz and iy may hold one value for all.
std::vector<GridPoint3> zipPoints(const std::vector<PetscInt>& iz, const std::vector<PetscInt>& iy,
                                  const std::vector<PetscInt>& ix, const std::string& prefix) {
  require(!ix.empty(), "option ", prefix, "ix is empty");
  requireOneOrEach(iy, ix.size(), prefix + "iy", prefix + "ix");
  requireOneOrEach(iz, ix.size(), prefix + "iz", prefix + "ix");
  std::vector<GridPoint3> points;
  for (std::size_t i = 0; i < ix.size(); ++i) points.push_back({entry(iz, i), entry(iy, i), int(ix[i])});
  return points;
}

}  // namespace

Faces parseFaces(const std::string& text, const std::string& what) {
  Faces f;
  f.on.fill(false);
  if (text == "none") return f;
  std::stringstream in(text);
  std::string face;
  while (std::getline(in, face, ',')) {
    bool known = false;
    for (const auto& [value, name] : kFaceNames)
      if (face == name) f[value] = known = true;
    require(known, what, ": unknown face '", face, "'; use a comma-separated list of top, bottom, front, back, "
            "left, right, or none");
  }
  return f;
}

Acoustic3DConfig readAcoustic3DConfig(MPI_Comm comm, const Grid3D& g) {
  Acoustic3DConfig c;
  OptionsBlock o(comm, "acoustic3d_", "3D acoustic wave solver: (1/v^2) u_tt - lap u = s(t) delta(x - x_s)");
  c.order = int(o.integer("-order", "Spatial order of accuracy (2, 4 or 8)", 4));
  c.dt = o.real("-dt", "Time step in s (0: automatic, 0.8 of the stability limit rounded down)", 0.0, 0.0);
  c.autoDt = c.dt == 0.0;
  c.nt = int(o.integer("-nt", "Number of time steps", 500, 1, 100000000));
  c.padCells = int(o.integer("-pml_width", "Width in cells of the CPML added outside each absorbing face", 10, 1,
                             100000));
  c.freeSurface = o.flag("-free_surface", "Free surface (p = 0) on the top plane of the model", false);
  c.absorbing = parseFaces(o.string("-absorbing_faces", "Faces with a CPML, from top,bottom,front,back,left,right "
                                    "(front/back: y = 0 / y = ny - 1) or none; the others reflect",
                                    c.freeSurface ? "bottom,front,back,left,right" : "top,bottom,front,back,left,right"),
                           concat("option ", o.fullName("-absorbing_faces")));
  c.pmlReflection = o.real("-pml_reflection", "Theoretical reflection coefficient of the CPML", 1e-4, 1e-15, 0.5);
  c.pmlFrequency = o.real("-pml_frequency", "CPML frequency shift in Hz (alpha = pi f); 0: the peak frequency",
                          0.0, 0.0);
  c.wavelet = o.choice("-wavelet", "Source wavelet: ricker or file", Wavelet3D::Ricker, kWavelet3DNames);
  c.peakFrequency = o.real("-f0", "Peak frequency of the Ricker wavelet in Hz", 10.0, 1e-6);
  c.delay = o.real("-delay", "Time of the Ricker peak in s (negative: 1.5/f0)", -1.0);
  c.waveletFile = o.string("-wavelet_file", "1-D .npy wavelet sampled at dt (for -acoustic3d_wavelet file)", "");
  require((c.wavelet == Wavelet3D::File) == !c.waveletFile.empty(),
          c.wavelet == Wavelet3D::File ? "-acoustic3d_wavelet file needs -acoustic3d_wavelet_file PATH"
                                       : "-acoustic3d_wavelet_file is only used with -acoustic3d_wavelet file");

  const auto srcX = o.intList("-src_ix", "Source x indices (default: the middle)", {g.nx / 2});
  const auto srcY = o.intList("-src_iy", "Source y indices: one for all sources or one per source", {g.ny / 2});
  const auto srcZ = o.intList("-src_iz", "Source depth indices: one for all sources or one per source", {1});
  c.sources = zipPoints(srcZ, srcY, srcX, "-acoustic3d_src_");
  const ReceiverLayout layout = o.choice("-receivers", "Receiver layout: patch (every -rec_iy x -rec_ix pair at "
                                         "depth -rec_iz) or list (entry by entry; one -rec_iy: a line along x)",
                                         ReceiverLayout::Patch, kReceiverLayoutNames);
  const auto recX = o.intList("-rec_ix", "Receiver x indices (default: every other)", everyIndex(g.nx, 2), 1000000);
  const auto recY = o.intList("-rec_iy", "Receiver y indices (default: every other)", everyIndex(g.ny, 2), 1000000);
  const auto recZ = o.intList("-rec_iz", "Receiver depth indices: one for all, or (list) one per receiver", {1},
                              1000000);
  if (layout == ReceiverLayout::List) {
    c.receivers = zipPoints(recZ, recY, recX, "-acoustic3d_rec_");
  } else {
    require(recZ.size() == 1, "-acoustic3d_receivers patch takes one depth in -acoustic3d_rec_iz (", recZ.size(),
            " given); use -acoustic3d_receivers list for receivers at several depths");
    for (PetscInt iy : recY)
      for (PetscInt ix : recX) c.receivers.push_back({int(recZ[0]), int(iy), int(ix)});
  }
  c.recordEvery = int(o.integer("-record_every", "Keep every k-th time step in the gathers", 1, 1));
  const auto ranks = o.intList("-ranks", "MPI processes of one shot along x,y,z (0: chosen to cut the least "
                               "surface)", {0, 0, 0}, 3);
  require(ranks.size() == 3, "-acoustic3d_ranks takes three counts (x,y,z), not ", ranks.size());
  for (int a = 0; a < 3; ++a) {
    require(ranks[std::size_t(a)] >= 0, "-acoustic3d_ranks: counts must be >= 0");
    c.ranks[std::size_t(a)] = int(ranks[std::size_t(a)]);
  }
  c.ranksPerShot = int(o.integer("-ranks_per_shot", "MPI ranks per shot (0: all ranks share every shot)", 0, 0));
  c.checkpoints = int(o.integer("-checkpoints", "Wavefield states a gradient keeps (binomial checkpointing; 0: as "
                                "many as -acoustic3d_memory_budget allows, up to one per step)", 0, 0));
  c.memoryBudgetMB = o.real("-memory_budget", "Memory per rank for one shot's gradient in MB (0: half the "
                            "available memory divided by the ranks)", 0.0, 0.0);
  c.snapshotEvery = int(o.integer("-snapshot_every", "Write the wavefield as VTK every k steps (0: never)", 0, 0));
  c.snapshotShot = int(o.integer("-snapshot_shot", "Shot whose wavefield snapshots are written", 0, 0));
  return c;
}

std::array<int, 3> paddedSize(const Acoustic3DConfig& c, const Grid3D& g) {
  const int w = c.padCells;
  auto pad = [&](Face f) { return c.absorbing[f] ? w : 0; };
  return {g.nx + pad(Face::Left) + pad(Face::Right), g.ny + pad(Face::Front) + pad(Face::Back),
          g.nz + pad(Face::Top) + pad(Face::Bottom)};
}

double maxStableDt3D(int order, const Grid3D& g, double vmax) {
  const double s = acoustic::secondDerivativeSpectralRadius(acoustic::stencilForOrder(order));
  return 2.0 / (vmax * std::sqrt(s / (g.dx * g.dx) + s / (g.dy * g.dy) + s / (g.dz * g.dz)));
}

void validateAcoustic3DGeometry(const Acoustic3DConfig& c, const Grid3D& g, int ranksPerShot) {
  require(c.order == 2 || c.order == 4 || c.order == 8, "-acoustic3d_order ", c.order,
          " is not supported; use 2, 4 or 8");
  require(g.nz > 1 && g.ny > 1 && g.nx > 1, "the 3D solver needs a model of more than one cell along z, y and x, not ",
          g.nz, " x ", g.ny, " x ", g.nx);
  require(!(c.freeSurface && c.absorbing[Face::Top]),
          "-acoustic3d_free_surface conflicts with a CPML on the top face in -acoustic3d_absorbing_faces");
  require(!c.freeSurface || g.nz > c.order, "a model of ", g.nz, " planes is too shallow for a free surface at order ",
          c.order, "; it needs more than ", c.order);
  require(!c.sources.empty(), "no sources");
  require(!c.receivers.empty(), "no receivers");
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    const GridPoint3& p = c.sources[i];
    require(g.contains(p.iz, p.iy, p.ix), "source ", i, " at (iz ", p.iz, ", iy ", p.iy, ", ix ", p.ix,
            ") lies outside the ", g.nz, " x ", g.ny, " x ", g.nx, " model grid (-acoustic3d_src_iz/iy/ix)");
    require(!(c.freeSurface && p.iz == 0), "source ", i,
            " lies on the free surface (iz = 0), where p = 0; move it to iz = 1 or deeper");
  }
  for (std::size_t i = 0; i < c.receivers.size(); ++i) {
    const GridPoint3& p = c.receivers[i];
    require(g.contains(p.iz, p.iy, p.ix), "receiver ", i, " at (iz ", p.iz, ", iy ", p.iy, ", ix ", p.ix,
            ") lies outside the ", g.nz, " x ", g.ny, " x ", g.nx, " model grid (-acoustic3d_rec_iz/iy/ix)");
  }
  require(c.snapshotShot < int(c.sources.size()), "-acoustic3d_snapshot_shot ", c.snapshotShot,
          " is not a shot index (there are ", c.sources.size(), " shots)");
  if (c.wavelet == Wavelet3D::File)
    require(std::filesystem::exists(c.waveletFile), "wavelet file '", c.waveletFile, "' does not exist");
  chooseRankLayout(paddedSize(c, g), c.ranks, ranksPerShot, c.order / 2);  // InputError if it does not fit
}

void validateAcoustic3DConfig(Acoustic3DConfig& c, const Field3D& v, int ranksPerShot, bool warn) {
  const Grid3D& g = v.grid;
  for (double x : v.values)
    require(std::isfinite(x) && x > 0, "the velocity model has a value ", x, "; velocities must be positive and finite");
  validateAcoustic3DGeometry(c, g, ranksPerShot);
  const double limit = maxStableDt3D(c.order, g, v.max());
  if (c.autoDt) c.dt = acoustic::automaticTimeStep(limit);
  require(c.dt <= limit, "time step -acoustic3d_dt = ", c.dt, " s is unstable for order ", c.order, " with v_max = ",
          v.max(), " m/s, dx = ", g.dx, ", dy = ", g.dy, ", dz = ", g.dz, " m; the largest stable time step is ",
          limit, " s");
  if (c.delay < 0) c.delay = 1.5 / c.peakFrequency;
  const double fmax = acoustic::waveletMaxFrequency(makeWavelet3D(c), c.dt);
  const double pointsPerWavelength = v.min() / fmax / std::max({g.dx, g.dy, g.dz});
  if (warn && fmax > 0 && pointsPerWavelength < 5.0 && isLogRoot())
    logWarning(concat("the grid is coarse for this wavelet: ", pointsPerWavelength,
                      " points per minimum wavelength; expect numerical dispersion below about 5"));
}

std::vector<double> makeWavelet3D(const Acoustic3DConfig& c) {
  if (!c.customWavelet.empty()) {
    ensure(c.customWavelet.size() == std::size_t(c.nt), "a custom wavelet of ", c.customWavelet.size(),
           " samples for ", c.nt, " time steps");
    return c.customWavelet;
  }
  if (c.wavelet == Wavelet3D::File) return acoustic::readWaveletFile(c.waveletFile, c.nt);
  return acoustic::rickerWavelet(c.peakFrequency, c.delay < 0 ? 1.5 / c.peakFrequency : c.delay, c.dt, c.nt);
}

}  // namespace pairinv::acoustic3d
