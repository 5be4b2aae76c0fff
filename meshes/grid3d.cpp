#include "meshes/grid3d.hpp"

#include <algorithm>

namespace pairinv {

double Field3D::min() const { return values.empty() ? 0.0 : *std::min_element(values.begin(), values.end()); }
double Field3D::max() const { return values.empty() ? 0.0 : *std::max_element(values.begin(), values.end()); }

}  // namespace pairinv
