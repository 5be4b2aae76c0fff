// Conductivity models for electromagnetics (S/m). Only the models: the EM solver comes later.
//
// em-blocks: the first air_cells rows are air (air_conductivity). Below, the earth has
//   L ~ U{layers_min .. layers_max} flat layers (interfaces as drawInterfaceDepths, at least
//   thickness_min thick) with conductivities log-uniform in [sigma_min, sigma_max); then
//   B ~ U{blocks_min .. blocks_max} axis-aligned blocks and E ~ U{ellipses_min .. ellipses_max}
//   rotated ellipses, centres uniform over the earth, half-widths / semi-axes
//   ~ U[size_min, size_max) m, conductivities log-uniform in [anomaly_sigma_min,
//   anomaly_sigma_max) -- conductive or resistive relative to the host. Inclusions never
//   reach into the air. With overburden_thickness_max > 0, an overburden of thickness
//   ~ U[overburden_thickness_min, overburden_thickness_max) m and conductivity log-uniform in
//   [overburden_sigma_min, overburden_sigma_max) then covers the earth's top (drawn last, so
//   the models without it keep their draws).
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "meshes/family_builders.hpp"

namespace pairinv::families {

namespace {

Field2D emBlocks(const FamilyOptions& o, SampleRng& rng) {
  const Grid2D g = familyGrid(o);
  const int airCells = integerValue(o, "air_cells");
  const double earthTop = airCells * g.dz, depth = g.nz * g.dz, width = g.nx * g.dx;
  Field2D model(g, value(o, "air_conductivity"));

  const int layers = rng.integer(integerValue(o, "layers_min"), integerValue(o, "layers_max"));
  std::vector<double> sigma(static_cast<std::size_t>(layers));
  for (double& s : sigma) s = rng.logUniform(value(o, "sigma_min"), value(o, "sigma_max"));
  const std::vector<double> interfaces =
      drawInterfaceDepths(rng, layers, earthTop, depth, value(o, "thickness_min"));
  for (int iz = airCells; iz < g.nz; ++iz) {
    const auto layer = std::upper_bound(interfaces.begin(), interfaces.end(), cellZ(g, iz)) - interfaces.begin();
    for (int ix = 0; ix < g.nx; ++ix) model.at(iz, ix) = sigma[std::size_t(layer)];
  }

  const auto drawInclusion = [&](bool box) {
    Inclusion c;
    c.box = box;
    c.cz = rng.uniform(earthTop, depth);
    c.cx = rng.uniform(0.0, width);
    c.az = rng.uniform(value(o, "size_min"), value(o, "size_max"));
    c.ax = rng.uniform(value(o, "size_min"), value(o, "size_max"));
    c.angle = box ? 0.0 : rng.uniform(0.0, M_PI);
    c.value = rng.logUniform(value(o, "anomaly_sigma_min"), value(o, "anomaly_sigma_max"));
    paintInclusion(model, c, airCells);
  };
  const int blocks = rng.integer(integerValue(o, "blocks_min"), integerValue(o, "blocks_max"));
  for (int b = 0; b < blocks; ++b) drawInclusion(true);
  const int ellipses = rng.integer(integerValue(o, "ellipses_min"), integerValue(o, "ellipses_max"));
  for (int e = 0; e < ellipses; ++e) drawInclusion(false);
  if (value(o, "overburden_thickness_max") > 0) {
    const double thickness = rng.uniform(value(o, "overburden_thickness_min"), value(o, "overburden_thickness_max"));
    const double sigma = rng.logUniform(value(o, "overburden_sigma_min"), value(o, "overburden_sigma_max"));
    for (int iz = airCells; iz < g.nz && cellZ(g, iz) < earthTop + thickness; ++iz)
      for (int ix = 0; ix < g.nx; ++ix) model.at(iz, ix) = sigma;
  }
  return model;
}

}  // namespace

ModelFamily emBlocksFamily() {
  ModelFamily f;
  f.name = "em-blocks";
  f.summary = "conductivity: air over a layered earth with blocks and ellipses (log-uniform values)";
  f.quantity = "conductivity";
  f.units = "S/m";
  f.parameters = gridParameters(64, 64, 25.0);
  const std::vector<FamilyParameter> own = {
      {"air_cells", "Rows of air at the top of the grid", 8.0, 0.0, 100000.0, true},
      {"air_conductivity", "Conductivity of the air in S/m", 1e-8, 1e-20, 1e6, false},
      {"layers_min", "Fewest earth layers", 1.0, 1.0, 1000.0, true},
      {"layers_max", "Most earth layers", 4.0, 1.0, 1000.0, true},
      {"thickness_min", "Thinnest earth layer in m", 100.0, 0.0, 1e9, false},
      {"sigma_min", "Lowest layer conductivity in S/m", 1e-3, 1e-20, 1e6, false},
      {"sigma_max", "Highest layer conductivity in S/m", 1.0, 1e-20, 1e6, false},
      {"blocks_min", "Fewest rectangular blocks", 0.0, 0.0, 1000.0, true},
      {"blocks_max", "Most rectangular blocks", 2.0, 0.0, 1000.0, true},
      {"ellipses_min", "Fewest ellipses", 0.0, 0.0, 1000.0, true},
      {"ellipses_max", "Most ellipses", 2.0, 0.0, 1000.0, true},
      {"size_min", "Smallest half-width or semi-axis of a block or ellipse in m", 75.0, 1e-6, 1e9, false},
      {"size_max", "Largest half-width or semi-axis of a block or ellipse in m", 400.0, 1e-6, 1e9, false},
      {"anomaly_sigma_min", "Lowest block/ellipse conductivity in S/m", 1e-4, 1e-20, 1e6, false},
      {"anomaly_sigma_max", "Highest block/ellipse conductivity in S/m", 10.0, 1e-20, 1e6, false},
      {"overburden_thickness_min", "Thinnest overburden in m", 0.0, 0.0, 1e9, false},
      {"overburden_thickness_max", "Thickest overburden in m (0: no overburden)", 0.0, 0.0, 1e9, false},
      {"overburden_sigma_min", "Lowest overburden conductivity in S/m", 0.1, 1e-20, 1e6, false},
      {"overburden_sigma_max", "Highest overburden conductivity in S/m", 1.0, 1e-20, 1e6, false},
  };
  f.parameters.insert(f.parameters.end(), own.begin(), own.end());
  f.check = [](const FamilyOptions& o) {
    for (const char* name : {"layers", "sigma", "blocks", "ellipses", "size", "anomaly_sigma", "overburden_thickness",
                             "overburden_sigma"})
      requireOrdered(o, concat(name, "_min"), concat(name, "_max"));
    require(value(o, "air_cells") < value(o, "nz"), "-family_air_cells ", value(o, "air_cells"),
            " leaves no earth in a grid of -family_nz ", value(o, "nz"), " rows");
    const double earth = (value(o, "nz") - value(o, "air_cells")) * value(o, "dz");
    require(value(o, "layers_max") * value(o, "thickness_min") <= earth, "-family_layers_max ",
            value(o, "layers_max"), " layers of at least -family_thickness_min ", value(o, "thickness_min"),
            " m do not fit in the ", earth, " m of earth below the air");
  };
  f.valueRange = [](const FamilyOptions& o) {
    const bool overburden = value(o, "overburden_thickness_max") > 0;
    const double lo = overburden ? value(o, "overburden_sigma_min") : value(o, "sigma_min");
    const double hi = overburden ? value(o, "overburden_sigma_max") : value(o, "sigma_max");
    return std::make_pair(
        std::min({value(o, "air_conductivity"), value(o, "sigma_min"), value(o, "anomaly_sigma_min"), lo}),
        std::max({value(o, "air_conductivity"), value(o, "sigma_max"), value(o, "anomaly_sigma_max"), hi}));
  };
  f.generate = emBlocks;
  return f;
}

}  // namespace pairinv::families
