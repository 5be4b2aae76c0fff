#include "solvers/acoustic/acoustic_config.hpp"

#include <cfenv>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "solvers/acoustic/stencil.hpp"
#include "solvers/acoustic/wavelet.hpp"

namespace pairinv::acoustic {

namespace {

/// numpy.round(numpy.linspace(0, n - 1, count)): round half to even, as nearbyint does.
std::vector<PetscInt> evenlySpacedColumns(int n, int count) {
  std::vector<PetscInt> columns;
  for (int i = 0; i < count; ++i) {
    const double x = count == 1 ? 0.0 : double(n - 1) * i / (count - 1);
    columns.push_back(PetscInt(std::nearbyint(x)));
  }
  return columns;
}

std::vector<GridPoint> pointsFromLists(const std::vector<PetscInt>& iz, const std::vector<PetscInt>& ix,
                                       const std::string& zOption, const std::string& xOption) {
  require(!ix.empty(), "option ", xOption, " is empty");
  require(iz.size() == 1 || iz.size() == ix.size(), "option ", zOption, " has ", iz.size(),
          " entries; give one row for all or one per entry of ", xOption, " (", ix.size(), ")");
  std::vector<GridPoint> points;
  for (std::size_t i = 0; i < ix.size(); ++i)
    points.push_back({int(iz.size() == 1 ? iz[0] : iz[i]), int(ix[i])});
  return points;
}

}  // namespace

AbsorbingSides parseSides(const std::string& text, const std::string& what) {
  AbsorbingSides s{false, false, false, false};
  if (text == "none") return s;
  std::stringstream in(text);
  std::string side;
  while (std::getline(in, side, ',')) {
    if (side == "top") s.top = true;
    else if (side == "bottom") s.bottom = true;
    else if (side == "left") s.left = true;
    else if (side == "right") s.right = true;
    else throw InputError(concat(what, ": unknown side '", side,
                                 "'; use a comma-separated list of top, bottom, left, right, or none"));
  }
  return s;
}

std::string sidesText(const AbsorbingSides& s) {
  std::string text;
  for (const auto& [on, name] : {std::pair{s.top, "top"}, {s.bottom, "bottom"}, {s.left, "left"}, {s.right, "right"}})
    if (on) text += std::string(text.empty() ? "" : ",") + name;
  return text.empty() ? "none" : text;
}

AcousticConfig readAcousticConfig(MPI_Comm comm, const Grid2D& g, Preset preset) {
  AcousticConfig c;
  OptionsBlock o(comm, "acoustic_", "Acoustic wave solver: (1/v^2) u_tt - lap u = s(t) delta(x - x_s)");
  c.preset = o.choice("-preset", "Preset: openfwi reproduces OpenFWI's published forward model", preset,
                      kPresetNames);
  const bool ofwi = c.preset == Preset::OpenFwi;
  c.order = int(o.integer("-order", "Spatial order of accuracy (2, 4 or 8)", 4));
  c.precision = o.choice("-precision", "Arithmetic of the time stepping, forward, adjoint and Born: double or "
                         "single (float: about 2x faster where memory-bound, half the stored wavefields, "
                         "relative error about 1e-6)", AcousticPrecision::Double, kPrecisionNames);
  c.dt = o.real("-dt", "Time step in s (0: automatic, 0.8 of the stability limit rounded down)",
                ofwi ? 1e-3 : 0.0, 0.0);
  c.autoDt = c.dt == 0.0;
  c.nt = int(o.integer("-nt", "Number of time steps", 1000, 1, 100000000));
  c.boundary = o.choice("-boundary", "Absorbing boundary: pml (convolutional PML) or damping "
                        "(Collino-Tsogka, as OpenFWI)", ofwi ? Boundary::Damping : Boundary::Pml, kBoundaryNames);
  c.padCells = int(o.integer("-pml_width", "Width in cells of the absorbing layer added outside the model",
                             ofwi ? 120 : 20, 1, 100000));
  c.freeSurface = o.flag("-free_surface", "Free surface (p = 0) at the top row of the model", false);
  c.absorbing = parseSides(o.string("-absorbing_sides", "Sides with an absorbing layer, from "
                                    "top,bottom,left,right (or none); others reflect",
                                    c.freeSurface ? "bottom,left,right" : "top,bottom,left,right"),
                           concat("option ", o.fullName("-absorbing_sides")));
  c.pmlReflection = o.real("-pml_reflection", "Theoretical reflection coefficient of the PML", 1e-6, 1e-15, 0.5);
  const bool reflectionSet = o.lastWasSet();
  c.pmlFrequency = o.real("-pml_frequency", "CPML frequency shift in Hz (alpha = pi f); 0: the peak frequency",
                          0.0, 0.0);
  require(c.boundary == Boundary::Pml || (!reflectionSet && !o.lastWasSet()),
          "-acoustic_pml_reflection and -acoustic_pml_frequency apply to -acoustic_boundary pml only");

  c.wavelet = o.choice("-wavelet", "Source wavelet: ricker, openfwi (OpenFWI's windowed Ricker) or file",
                       ofwi ? WaveletKind::OpenFwi : WaveletKind::Ricker, kWaveletNames);
  c.peakFrequency = o.real("-f0", "Peak frequency of the Ricker wavelet in Hz", ofwi ? 15.0 : 10.0, 1e-6);
  c.delay = o.real("-delay", "Time of the Ricker peak in s (negative: 1.5/f0)", -1.0);
  require(c.wavelet == WaveletKind::Ricker || !o.lastWasSet(), "-acoustic_delay applies to -acoustic_wavelet ricker only");
  c.waveletFile = o.string("-wavelet_file", "1-D .npy wavelet sampled at dt (for -acoustic_wavelet file)", "");
  require((c.wavelet == WaveletKind::File) == !c.waveletFile.empty(),
          c.wavelet == WaveletKind::File ? "-acoustic_wavelet file needs -acoustic_wavelet_file PATH"
                              : "-acoustic_wavelet_file is only used with -acoustic_wavelet file");
  c.scaling = o.choice("-source_scaling", "physical: a point source of the PDE; openfwi: adds (v dt)^2 w",
                       ofwi ? SourceScaling::OpenFwi : SourceScaling::Physical, kSourceScalingNames);

  const auto srcX = o.intList("-src_ix", "Source columns (default: 5 evenly spaced, numpy-rounded)",
                              evenlySpacedColumns(g.nx, 5));
  const auto srcZ = o.intList("-src_iz", "Source rows: one for all sources or one per source", {1});
  c.sources = pointsFromLists(srcZ, srcX, "-acoustic_src_iz", "-acoustic_src_ix");
  std::vector<PetscInt> allColumns(std::size_t(g.nx));
  for (int i = 0; i < g.nx; ++i) allColumns[std::size_t(i)] = i;
  const auto recX = o.intList("-rec_ix", "Receiver columns (default: every column)", allColumns, 100000);
  const auto recZ = o.intList("-rec_iz", "Receiver rows: one for all receivers or one per receiver", {1}, 100000);
  c.receivers = pointsFromLists(recZ, recX, "-acoustic_rec_iz", "-acoustic_rec_ix");
  c.recordEvery = int(o.integer("-record_every", "Keep every k-th time step in the gathers", 1, 1));
  c.gradientStorage = o.choice("-gradient_storage", "Wavefield storage for gradients: auto (full if it fits "
                               "-acoustic_memory_budget, else checkpointing; while the full storage is not yet in "
                               "memory, checkpointing and bringing it in meanwhile), full or checkpoint",
                               GradientStorage::Auto, kGradientStorageNames);
  c.storedPrecision = o.choice("-stored_precision", "Precision of the wavefield a gradient stores: solver (that "
                               "of -acoustic_precision: the exact adjoint) or single (float: half the memory and "
                               "traffic under double stepping; lossy, the gradient then differs from the exact one "
                               "by about 1e-8 relative)", StoredPrecision::Solver, kStoredPrecisionNames);
  c.memoryBudgetMB = o.real("-memory_budget", "Memory per rank for one shot's gradient in MB (0: half the "
                            "available memory divided by the ranks)", 0.0, 0.0);
  c.timeBlock = int(o.integer("-time_block", "Forward time steps per wavefront sweep over the rows (temporal "
                               "blocking: the fields pass through memory once per block; same results). 0: "
                               "automatic (4 where one rank holds a shot whose arrays outgrow half the last-level cache), 1: none",
                               0, 0, 64));
  c.ranksPerShot = int(o.integer("-ranks_per_shot", "MPI ranks per shot (0: all ranks share every shot; "
                                 "1: whole shots per rank)", 0, 0));
  c.snapshotEvery = int(o.integer("-snapshot_every", "Write the wavefield as VTK every k steps (0: never)", 0, 0));
  c.snapshotShot = int(o.integer("-snapshot_shot", "Shot whose wavefield snapshots are written", 0, 0));
  return c;
}

double automaticTimeStep(double limit) {
  const double x = 0.8 * limit;
  const double decade = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {5.0, 2.5, 2.0, 1.0})
    if (m * decade <= x) return m * decade;
  return decade;
}

double maxStableDt(int order, const Grid2D& g, double vmax) {
  const double s = secondDerivativeSpectralRadius(stencilForOrder(order));
  return 2.0 / (vmax * std::sqrt(s / (g.dx * g.dx) + s / (g.dz * g.dz)));
}

void validateAcousticGeometry(const AcousticConfig& c, const Grid2D& g) {
  require(c.order == 2 || c.order == 4 || c.order == 8, "-acoustic_order ", c.order,
          " is not supported; use 2, 4 or 8");
  require(!(c.freeSurface && c.absorbing.top),
          "-acoustic_free_surface conflicts with an absorbing top side in -acoustic_absorbing_sides");
  // The bottom PML's stencils must not reach the free surface's mirror rows (the adjoint
  // relies on it): the model needs at least order + 1 rows.
  require(!(c.freeSurface && c.boundary == Boundary::Pml && c.absorbing.bottom) || g.nz > c.order,
          "a model of ", g.nz, " rows is too shallow for a free surface above a bottom PML at order ", c.order,
          "; it needs more than ", c.order, " rows");
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    const GridPoint& p = c.sources[i];
    require(g.contains(p.iz, p.ix), "source ", i, " at (row ", p.iz, ", column ", p.ix,
            ") lies outside the ", g.nz, " x ", g.nx, " model grid (-acoustic_src_iz/-acoustic_src_ix)");
    require(!(c.freeSurface && p.iz == 0), "source ", i,
            " lies on the free surface (row 0), where p = 0; move it to row 1 or deeper");
  }
  for (std::size_t i = 0; i < c.receivers.size(); ++i) {
    const GridPoint& p = c.receivers[i];
    require(g.contains(p.iz, p.ix), "receiver ", i, " at (row ", p.iz, ", column ", p.ix,
            ") lies outside the ", g.nz, " x ", g.nx, " model grid (-acoustic_rec_iz/-acoustic_rec_ix)");
  }
  require(c.snapshotShot < int(c.sources.size()), "-acoustic_snapshot_shot ", c.snapshotShot,
          " is not a shot index (there are ", c.sources.size(), " shots)");
  if (c.wavelet == WaveletKind::File)
    require(std::filesystem::exists(c.waveletFile), "wavelet file '", c.waveletFile, "' does not exist");
}

void validateAcousticConfig(AcousticConfig& c, const ModelView& v) {
  const Grid2D& g = v.grid;
  requirePositiveFinite(v, "the velocity model");
  validateAcousticGeometry(c, g);
  const double limit = maxStableDt(c.order, g, v.max());
  if (c.autoDt) c.dt = automaticTimeStep(limit);
  require(c.dt <= limit, "time step -acoustic_dt = ", c.dt, " s is unstable for order ", c.order,
          " with v_max = ", v.max(), " m/s, dx = ", g.dx, " m, dz = ", g.dz,
          " m; the largest stable time step is ", limit, " s");
  if (c.delay < 0) c.delay = 1.5 / c.peakFrequency;

  const double fmax = waveletMaxFrequency(makeWavelet(c), c.dt);
  const double pointsPerWavelength = v.min() / fmax / std::max(g.dx, g.dz);
  if (fmax > 0 && pointsPerWavelength < 5.0 && isLogRoot())
    logWarning(concat("the grid is coarse for this wavelet: ", pointsPerWavelength,
                      " points per minimum wavelength (v_min = ", v.min(), " m/s, f_max = ", fmax,
                      " Hz); expect numerical dispersion below about 5"));
}

std::vector<double> makeWavelet(const AcousticConfig& c) {
  if (!c.customWavelet.empty()) {
    ensure(c.customWavelet.size() == std::size_t(c.nt), "a custom wavelet of ", c.customWavelet.size(),
            " samples for ", c.nt, " time steps");
    return c.customWavelet;
  }
  if (c.wavelet == WaveletKind::OpenFwi) return openfwiRickerWavelet(c.peakFrequency, c.dt, c.nt);
  if (c.wavelet == WaveletKind::File) return readWaveletFile(c.waveletFile, c.nt);
  return rickerWavelet(c.peakFrequency, c.delay < 0 ? 1.5 / c.peakFrequency : c.delay, c.dt, c.nt);
}

}  // namespace pairinv::acoustic
