// The family registry, option validation and the helpers the family constructors share.
#include "meshes/model_families.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "meshes/family_builders.hpp"
#include "meshes/sample_rng.hpp"

namespace pairinv {

namespace {

using families::Interfaces;
using families::VelocityOrder;

std::vector<ModelFamily> buildFamilies() {
  using families::layeredVelocityFamily;
  return {
      layeredVelocityFamily("flatvel-a", "flat layers, velocity increasing with depth", Interfaces::Flat, false,
                            VelocityOrder::Increasing),
      layeredVelocityFamily("flatvel-b", "flat layers, velocities in random order", Interfaces::Flat, false,
                            VelocityOrder::Random),
      layeredVelocityFamily("curvevel-a", "curved layers, velocity increasing with depth", Interfaces::Curved,
                            false, VelocityOrder::Increasing),
      layeredVelocityFamily("curvevel-b", "curved layers, velocities in random order", Interfaces::Curved, false,
                            VelocityOrder::Random),
      layeredVelocityFamily("flatfault-a", "faulted flat layers, velocity increasing with depth", Interfaces::Flat,
                            true, VelocityOrder::Increasing),
      layeredVelocityFamily("flatfault-b", "faulted flat layers, velocities in random order", Interfaces::Flat,
                            true, VelocityOrder::Random),
      layeredVelocityFamily("curvefault-a", "faulted curved layers, velocity increasing with depth",
                            Interfaces::Curved, true, VelocityOrder::Increasing),
      layeredVelocityFamily("curvefault-b", "faulted curved layers, velocities in random order",
                            Interfaces::Curved, true, VelocityOrder::Random),
      families::gaussianRandomFieldFamily(),
      families::anomaliesFamily(),
      families::emBlocksFamily(),
  };
}

}  // namespace

const std::vector<ModelFamily>& modelFamilies() {
  static const std::vector<ModelFamily> all = buildFamilies();
  return all;
}

std::vector<std::string> modelFamilyNames() {
  std::vector<std::string> names;
  for (const ModelFamily& f : modelFamilies()) names.push_back(f.name);
  return names;
}

const ModelFamily& findModelFamily(const std::string& name) {
  const std::string full =
      (name == "flatvel" || name == "curvevel" || name == "flatfault" || name == "curvefault") ? name + "-a" : name;
  for (const ModelFamily& f : modelFamilies())
    if (f.name == full) return f;
  std::string list;
  for (const ModelFamily& f : modelFamilies()) list += concat(list.empty() ? "" : ", ", f.name);
  throw InputError(concat("unknown model family '", name, "'; the families are ", list,
                          " (flatvel, curvevel, flatfault, curvefault mean the -a variants)"));
}

FamilyOptions defaultFamilyOptions(const ModelFamily& family) {
  FamilyOptions options;
  for (const FamilyParameter& p : family.parameters) options[p.name] = p.defaultValue;
  return options;
}

void validateFamilyOptions(const ModelFamily& family, const FamilyOptions& options) {
  for (const FamilyParameter& p : family.parameters) {
    const auto it = options.find(p.name);
    require(it != options.end(), "family ", family.name, ": option -family_", p.name, " has no value");
    const double v = it->second;
    require(std::isfinite(v) && v >= p.lo && v <= p.hi, "family ", family.name, ": option -family_", p.name,
            " = ", v, " is out of range [", p.lo, ", ", p.hi, "] (", p.help, ")");
    require(!p.integer || v == std::floor(v), "family ", family.name, ": option -family_", p.name, " = ", v,
            " must be a whole number");
  }
  for (const auto& [name, v] : options) {
    const bool known = std::any_of(family.parameters.begin(), family.parameters.end(),
                                   [&](const FamilyParameter& p) { return p.name == name; });
    require(known, "family ", family.name, " has no parameter -family_", name);
  }
  if (family.check) family.check(options);
}

Grid2D familyGrid(const FamilyOptions& options) {
  Grid2D g;
  g.nz = families::integerValue(options, "nz");
  g.nx = families::integerValue(options, "nx");
  g.dz = families::value(options, "dz");
  g.dx = families::value(options, "dx");
  return g;
}

Field2D generateModel(const ModelFamily& family, const FamilyOptions& options, std::uint64_t seed,
                      std::uint64_t index) {
  SampleRng rng(seed, index, SampleStream::Model);
  return family.generate(options, rng);
}

std::string formatFamilyOptions(const ModelFamily& family, const FamilyOptions& options) {
  std::string text;
  for (const FamilyParameter& p : family.parameters)
    text += concat(text.empty() ? "" : " ", "-family_", p.name, " ", shortestExact(families::value(options, p.name)));
  return text;
}

namespace families {

std::vector<FamilyParameter> gridParameters(int nz, int nx, double spacing) {
  return {
      {"nz", "Rows of the model grid (depth)", double(nz), 1, 100000, true},
      {"nx", "Columns of the model grid", double(nx), 1, 100000, true},
      {"dz", "Vertical grid spacing in m", spacing, 1e-6, 1e9, false},
      {"dx", "Horizontal grid spacing in m", spacing, 1e-6, 1e9, false},
  };
}

double value(const FamilyOptions& options, const std::string& name) {
  const auto it = options.find(name);
  if (it == options.end()) throw InternalError(concat("family parameter '", name, "' is missing"));
  return it->second;
}

int integerValue(const FamilyOptions& options, const std::string& name) {
  return int(std::lround(value(options, name)));
}

void requireOrdered(const FamilyOptions& options, const std::string& lo, const std::string& hi) {
  require(value(options, lo) <= value(options, hi), "option -family_", lo, " = ", value(options, lo),
          " must not exceed -family_", hi, " = ", value(options, hi));
}

std::vector<double> drawInterfaceDepths(SampleRng& rng, int layers, double top, double bottom,
                                        double minThickness) {
  const double slack = std::max(0.0, bottom - top - layers * minThickness);
  std::vector<double> cuts(std::size_t(std::max(layers - 1, 0)));
  for (double& c : cuts) c = rng.uniform(0.0, slack);
  std::sort(cuts.begin(), cuts.end());
  for (std::size_t k = 0; k < cuts.size(); ++k) cuts[k] += top + double(k + 1) * minThickness;
  return cuts;
}

void paintInclusion(Field2D& field, const Inclusion& c, int firstRow) {
  const Grid2D& g = field.grid;
  const double cosA = std::cos(c.angle), sinA = std::sin(c.angle);
  for (int iz = std::max(firstRow, 0); iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) {
      const double dz = cellZ(g, iz) - c.cz, dx = cellX(g, ix) - c.cx;
      bool inside;
      if (c.box) {
        inside = std::abs(dz) <= c.az && std::abs(dx) <= c.ax;
      } else {
        const double u = cosA * dx + sinA * dz, w = -sinA * dx + cosA * dz;  // rotated frame
        inside = (u * u) / (c.ax * c.ax) + (w * w) / (c.az * c.az) <= 1.0;
      }
      if (inside) field.at(iz, ix) = c.value;
    }
}

}  // namespace families

}  // namespace pairinv
