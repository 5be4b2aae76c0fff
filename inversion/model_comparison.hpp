// The figure that compares models of one grid side by side: [truth |] each model on one colour
// scale, then, with a truth, the last model's error on its own symmetric scale. Velocities in
// m/s; a logarithmic quantity (conductivity) as log10 in S/m, its error as log10(model / truth)
// in decades. Used for an inversion's models.png and for the repair's comparison.png.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "meshes/grid2d.hpp"

namespace pairinv::inversion {

struct NamedModel {
  std::string name;
  const Field2D* model;
};

/// Writes FILE (atomically). `quantity` names the model ("velocity", "conductivity").
/// InputError if there is no model or a model's grid differs from the first's.
void writeModelComparison(const std::filesystem::path& file, const std::string& title,
                          const std::vector<NamedModel>& models, const Field2D* truth, const std::string& quantity,
                          bool logarithmic);

}  // namespace pairinv::inversion
