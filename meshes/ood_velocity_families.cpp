// Velocity families unlike the layered training families, for out-of-distribution tests.
//
// grf: v = clip(mean + std g, vmin, vmax), g a stationary Gaussian random field with unit
//   variance and covariance exp(-(dz^2 / (2 corr_z^2) + dx^2 / (2 corr_x^2))). g is white noise
//   on a grid padded by 3 correlation lengths (so the model has no edge effects), filtered
//   along each axis with a Gaussian kernel of standard deviation corr / sqrt(2) normalised to
//   unit sum of squares (the variance is then exactly 1), then cropped.
// anomalies: a linear gradient from top_velocity (row 0) to bottom_velocity (last row) with
//   K ~ U{anomalies_min .. anomalies_max} ellipses, centres uniform over the model, semi-axes
//   ~ U[radius_min, radius_max) m, rotation ~ U[0, pi), velocity ~ U[vmin, vmax); later ones
//   paint over earlier ones.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "meshes/family_builders.hpp"

namespace pairinv::families {

namespace {

/// Gaussian kernel of standard deviation `sigmaCells` (half-width 3 sigma), unit sum of squares.
std::vector<double> gaussianKernel(double sigmaCells) {
  const int half = std::max(1, int(std::ceil(3.0 * sigmaCells)));
  std::vector<double> k(std::size_t(2 * half + 1));
  double sumSquares = 0.0;
  for (int i = -half; i <= half; ++i) {
    const double w = sigmaCells > 0 ? std::exp(-0.5 * (i * i) / (sigmaCells * sigmaCells)) : (i == 0);
    k[std::size_t(i + half)] = w;
    sumSquares += w * w;
  }
  for (double& w : k) w /= std::sqrt(sumSquares);
  return k;
}

Field2D gaussianRandomField(const FamilyOptions& o, SampleRng& rng) {
  const Grid2D g = familyGrid(o);
  const std::vector<double> kz = gaussianKernel(value(o, "corr_z") / std::sqrt(2.0) / g.dz);
  const std::vector<double> kx = gaussianKernel(value(o, "corr_x") / std::sqrt(2.0) / g.dx);
  const int hz = int(kz.size() / 2), hx = int(kx.size() / 2);
  // White noise on the grid padded by the kernel half-widths, row-major.
  const int pz = g.nz + 2 * hz, px = g.nx + 2 * hx;
  std::vector<double> noise(std::size_t(pz) * std::size_t(px));
  for (double& n : noise) n = rng.normal();
  // Filter along x (rows of pz x nx), then along z (nz x nx).
  std::vector<double> rows(std::size_t(pz) * std::size_t(g.nx), 0.0);
  for (int iz = 0; iz < pz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) {
      double sum = 0.0;
      for (int j = 0; j < int(kx.size()); ++j) sum += kx[std::size_t(j)] * noise[std::size_t(iz) * std::size_t(px) + std::size_t(ix + j)];
      rows[std::size_t(iz) * std::size_t(g.nx) + std::size_t(ix)] = sum;
    }
  Field2D model(g);
  const double mean = value(o, "mean"), std = value(o, "std"), vmin = value(o, "vmin"), vmax = value(o, "vmax");
  for (int iz = 0; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) {
      double sum = 0.0;
      for (int j = 0; j < int(kz.size()); ++j) sum += kz[std::size_t(j)] * rows[std::size_t(iz + j) * std::size_t(g.nx) + std::size_t(ix)];
      model.at(iz, ix) = std::clamp(mean + std * sum, vmin, vmax);
    }
  return model;
}

Field2D anomalies(const FamilyOptions& o, SampleRng& rng) {
  const Grid2D g = familyGrid(o);
  Field2D model(g);
  const double top = value(o, "top_velocity"), bottom = value(o, "bottom_velocity");
  for (int iz = 0; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix)
      model.at(iz, ix) = g.nz == 1 ? top : top + (bottom - top) * double(iz) / double(g.nz - 1);
  const int count = rng.integer(integerValue(o, "anomalies_min"), integerValue(o, "anomalies_max"));
  for (int k = 0; k < count; ++k) {
    Inclusion c;
    c.cz = rng.uniform(0.0, g.nz * g.dz);
    c.cx = rng.uniform(0.0, g.nx * g.dx);
    c.az = rng.uniform(value(o, "radius_min"), value(o, "radius_max"));
    c.ax = rng.uniform(value(o, "radius_min"), value(o, "radius_max"));
    c.angle = rng.uniform(0.0, M_PI);
    c.value = rng.uniform(value(o, "vmin"), value(o, "vmax"));
    paintInclusion(model, c);
  }
  return model;
}

}  // namespace

ModelFamily gaussianRandomFieldFamily() {
  ModelFamily f;
  f.name = "grf";
  f.summary = "smooth Gaussian random field (out-of-distribution tests)";
  f.quantity = "velocity";
  f.units = "m/s";
  f.parameters = gridParameters(70, 70, 10.0);
  const std::vector<FamilyParameter> own = {
      {"vmin", "Lowest velocity in m/s (the field is clipped)", 1500.0, 1.0, 1e6, false},
      {"vmax", "Highest velocity in m/s (the field is clipped)", 4500.0, 1.0, 1e6, false},
      {"mean", "Mean velocity in m/s", 3000.0, 1.0, 1e6, false},
      {"std", "Standard deviation of the velocity in m/s", 600.0, 0.0, 1e6, false},
      {"corr_z", "Vertical correlation length in m", 60.0, 0.0, 1e9, false},
      {"corr_x", "Horizontal correlation length in m", 120.0, 0.0, 1e9, false},
  };
  f.parameters.insert(f.parameters.end(), own.begin(), own.end());
  f.check = [](const FamilyOptions& o) {
    requireOrdered(o, "vmin", "vmax");
    require(value(o, "corr_z") <= 1000.0 * value(o, "dz") && value(o, "corr_x") <= 1000.0 * value(o, "dx"),
            "-family_corr_z and -family_corr_x may be at most 1000 cells (the field is drawn on a grid "
            "padded by 3 correlation lengths)");
  };
  f.valueRange = [](const FamilyOptions& o) { return std::make_pair(value(o, "vmin"), value(o, "vmax")); };
  f.generate = gaussianRandomField;
  return f;
}

ModelFamily anomaliesFamily() {
  ModelFamily f;
  f.name = "anomalies";
  f.summary = "linear velocity gradient with elliptical inclusions (out-of-distribution tests)";
  f.quantity = "velocity";
  f.units = "m/s";
  f.parameters = gridParameters(70, 70, 10.0);
  const std::vector<FamilyParameter> own = {
      {"vmin", "Lowest inclusion velocity in m/s", 1500.0, 1.0, 1e6, false},
      {"vmax", "Highest inclusion velocity in m/s", 4500.0, 1.0, 1e6, false},
      {"top_velocity", "Background velocity at the top row in m/s", 2000.0, 1.0, 1e6, false},
      {"bottom_velocity", "Background velocity at the bottom row in m/s", 4000.0, 1.0, 1e6, false},
      {"anomalies_min", "Fewest inclusions", 1.0, 0.0, 1000.0, true},
      {"anomalies_max", "Most inclusions", 3.0, 0.0, 1000.0, true},
      {"radius_min", "Smallest semi-axis of an inclusion in m", 40.0, 1e-6, 1e9, false},
      {"radius_max", "Largest semi-axis of an inclusion in m", 160.0, 1e-6, 1e9, false},
  };
  f.parameters.insert(f.parameters.end(), own.begin(), own.end());
  f.check = [](const FamilyOptions& o) {
    requireOrdered(o, "vmin", "vmax");
    requireOrdered(o, "anomalies_min", "anomalies_max");
    requireOrdered(o, "radius_min", "radius_max");
  };
  f.valueRange = [](const FamilyOptions& o) {
    const double top = value(o, "top_velocity"), bottom = value(o, "bottom_velocity");
    return std::make_pair(std::min({value(o, "vmin"), top, bottom}), std::max({value(o, "vmax"), top, bottom}));
  };
  f.generate = anomalies;
  return f;
}

}  // namespace pairinv::families
