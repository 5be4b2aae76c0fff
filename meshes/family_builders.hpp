// Internal to meshes/: the constructors of the model families listed in model_families.hpp
// and the small geometric helpers they share. Users include model_families.hpp instead.
#pragma once

#include <string>
#include <vector>

#include "meshes/model_families.hpp"
#include "meshes/sample_rng.hpp"

namespace pairinv::families {

// --- constructors (one file each: layered_velocity_families.cpp, ood_velocity_families.cpp,
// conductivity_families.cpp) ---

enum class Interfaces { Flat, Curved };
enum class VelocityOrder { Increasing, Random };

/// flatvel-a ... curvefault-b: layers with flat or curved interfaces, optionally faulted.
ModelFamily layeredVelocityFamily(const std::string& name, const std::string& summary, Interfaces interfaces,
                                  bool faulted, VelocityOrder order);
ModelFamily gaussianRandomFieldFamily();
ModelFamily anomaliesFamily();
ModelFamily emBlocksFamily();

// --- helpers (model_families.cpp) ---

/// nz, nx (cells) and dz, dx (m) with the given defaults.
std::vector<FamilyParameter> gridParameters(int nz, int nx, double spacing);

/// The value of parameter `name` (which validateFamilyOptions guarantees is present).
double value(const FamilyOptions& options, const std::string& name);
int integerValue(const FamilyOptions& options, const std::string& name);

/// InputError unless -family_<lo> <= -family_<hi>.
void requireOrdered(const FamilyOptions& options, const std::string& lo, const std::string& hi);

/// Depths of `layers - 1` interfaces between `top` and `bottom`, increasing, such that every
/// layer (including the first and the last) is at least `minThickness` thick: the free depth
/// (bottom - top - layers * minThickness) is split at sorted uniform points.
std::vector<double> drawInterfaceDepths(SampleRng& rng, int layers, double top, double bottom,
                                        double minThickness);

/// An ellipse (or, with `box`, a rectangle) centred at (cz, cx) m with half-axes (az, ax) m,
/// rotated by `angle` radians (ellipses only).
struct Inclusion {
  double cz = 0, cx = 0, az = 1, ax = 1, angle = 0;
  bool box = false;
  double value = 0;
};

/// Sets the cells whose centres lie inside `inclusion` to its value, from row `firstRow` down.
void paintInclusion(Field2D& field, const Inclusion& inclusion, int firstRow = 0);

/// Cell centre coordinates in metres.
inline double cellZ(const Grid2D& g, int iz) { return (iz + 0.5) * g.dz; }
inline double cellX(const Grid2D& g, int ix) { return (ix + 0.5) * g.dx; }

}  // namespace pairinv::families
