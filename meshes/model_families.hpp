// Model families: random generators of 2D models for training sets and out-of-distribution
// (OOD) tests. Sample i of a family is a pure function of (family, options, seed, i); the
// draws come from SampleRng(seed, i, SampleStream::Model).
//
// Families (names as given to -survey_family; OpenFWI's names in brackets):
//   velocity (m/s), default grid 70 x 70 at 10 m, values in [vmin, vmax] = [1500, 4500]:
//     flatvel-a   flat layers, velocity increasing with depth            [FlatVel-A]
//     flatvel-b   flat layers, velocities in random order                [FlatVel-B]
//     curvevel-a  sine-curved interfaces, increasing with depth          [CurveVel-A]
//     curvevel-b  sine-curved interfaces, random order                   [CurveVel-B]
//     flatfault-a / flatfault-b    flat layers offset along 1-2 faults   [FlatFault-A/B]
//     curvefault-a / curvefault-b  curved layers offset along faults     [CurveFault-A/B]
//     grf         smooth Gaussian random field (OOD)
//     anomalies   linear gradient with elliptical inclusions (OOD)
//   conductivity (S/m), default grid 64 x 64 at 25 m:
//     em-blocks   air layer over a layered earth with blocks and ellipses, log-uniform values
// The short names flatvel, curvevel, flatfault and curvefault mean the -a variants.
//
// Every family has named numeric parameters (ModelFamily::parameters), read by the apps as
// options -family_NAME (e.g. -family_layers_max 6); see docs/survey_format.md for the list
// with defaults. Lengths are in metres, angles in degrees. nz, nx, dz, dx give the grid.
// This file is PETSc-free: reading the options is the apps' business.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "meshes/grid2d.hpp"

namespace pairinv {

/// One numeric parameter of a family.
struct FamilyParameter {
  std::string name;  // option -family_<name>
  std::string help;
  double defaultValue = 0.0;
  double lo = 0.0, hi = 0.0;  // allowed range, inclusive
  bool integer = false;       // must be a whole number
};

/// A value for every parameter of a family, by name.
using FamilyOptions = std::map<std::string, double>;

class SampleRng;

struct ModelFamily {
  std::string name;
  std::string summary;
  std::string quantity;  // "velocity" or "conductivity"
  std::string units;     // "m/s" or "S/m"
  std::vector<FamilyParameter> parameters;
  /// Cross-parameter checks (min <= max, layers fit in the grid); throws InputError.
  std::function<void(const FamilyOptions&)> check;
  /// Bounds that every sample's values lie in (for choosing one time step for a whole survey).
  std::function<std::pair<double, double>(const FamilyOptions&)> valueRange;
  /// Draws one model on familyGrid(options).
  std::function<Field2D(const FamilyOptions&, SampleRng&)> generate;
};

/// All families, in the order of the list above.
const std::vector<ModelFamily>& modelFamilies();
std::vector<std::string> modelFamilyNames();

/// The family called `name` (short names accepted); InputError listing the names otherwise.
const ModelFamily& findModelFamily(const std::string& name);

/// The defaults of every parameter of `family`.
FamilyOptions defaultFamilyOptions(const ModelFamily& family);

/// Checks that `options` has exactly the family's parameters, each in range (and whole where
/// required), then runs the family's own checks. Messages name the option (-family_NAME).
void validateFamilyOptions(const ModelFamily& family, const FamilyOptions& options);

/// The grid of every sample: options nz, nx, dz, dx; origin 0.
Grid2D familyGrid(const FamilyOptions& options);

/// Sample `index` of `family` for `seed`. `options` must have passed validateFamilyOptions.
Field2D generateModel(const ModelFamily& family, const FamilyOptions& options, std::uint64_t seed,
                      std::uint64_t index);

/// "-family_nz 70 -family_nx 70 ..." in parameter order, values exact (shortest round-trip
/// form), so that the text can be pasted back onto a command line.
std::string formatFamilyOptions(const ModelFamily& family, const FamilyOptions& options);

}  // namespace pairinv
