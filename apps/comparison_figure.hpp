// The figure that compares a sample's models side by side: truth | estimate | LSI | ... on one
// colour scale, then the last model's error, in the units of the physics (velocity in m/s;
// log10 of conductivity in S/m, whose difference is log10(model / truth) in decades).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "apps/physics.hpp"
#include "meshes/grid2d.hpp"

namespace pairinv::apps {

struct NamedModel {
  std::string name;
  const Field2D* model;
};

/// Writes FILE (atomically): the truth, each of `models`, and `models.back()` - truth.
/// InputError if a model's grid differs from the truth's.
void writeComparisonFigure(const std::filesystem::path& file, const std::string& title, Physics physics,
                           const Field2D& truth, const std::vector<NamedModel>& models);

}  // namespace pairinv::apps
